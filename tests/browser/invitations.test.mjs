// Browser test of issue 14, item 2, in Russian and English, with a real SMTP
// server on loopback (aiosmtpd): staff find a time for Krasnodar and Harbin,
// invite a guest by address and schedule a video meeting; the meeting page
// lists the invitations (the Harbin partner's account, the guest) and shows
// them sent once the server took them; the mail reached the sink in the
// recipient's language. Screenshots go to tests/browser/screenshots/.

import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { browserSuite, setLanguage, shooter, signIn } from './lib/page.mjs';
import { MAIL_FROM, calendarPart, startSink } from '../api/lib/smtp.mjs';

const shot = shooter();
const HARBIN = 'partner.harbin@pobratim.demo';

const T = {
  ru: {
    locale: 'ru-RU', staff: 'staff@pobratim.demo', find: 'Подбор времени', preset: 'Краснодар + Харбин',
    from: 'С', to: 'По', go: 'Подобрать время', ru: 'Название (по-русски)', en: 'Название (по-английски)',
    guests: /Пригласить по почте/, addGuest: 'Добавить гостя', guest2: 'Адрес гостя 2', schedule: 'Назначить встречу', section: 'Приглашения по почте',
    sent: 'Отправлено', invitation: 'Приглашение', guest: /гость, со ссылкой для гостя/, subject: /^Invitation: /,
  },
  en: {
    locale: 'en-GB', staff: 'staff.krasnodar@pobratim.demo', find: 'Find a time', preset: 'Krasnodar + Harbin',
    from: 'From', to: 'To', go: 'Find times', ru: 'Title (Russian)', en: 'Title (English)',
    guests: /Invite by e-mail/, addGuest: 'Add a guest', guest2: 'Guest address 2', schedule: 'Schedule the meeting', section: 'Invitations by mail',
    sent: 'Sent', invitation: 'Invitation', guest: /guest, with a guest link/, subject: /^Invitation: /,
  },
};

const sink = await startSink();
after(() => sink.stop());

describe('meeting invitations by mail', () => {
  const suite = browserSuite({
    server: { env: { POBRATIM_SMTP_URL: `smtp://127.0.0.1:${sink.port}`, POBRATIM_MAIL_FROM: MAIL_FROM,
      POBRATIM_MAIL_RETRY: '1', POBRATIM_MAIL_RETRY_MAX: '2' } },
  });

  for (const lang of ['ru', 'en']) {
    const L = T[lang];
    test(`${lang}: schedule a video meeting with two guests, one address per field; the invitations are listed as sent`, async () => {
      const { page, context, problems } = await suite.newPage({ locale: L.locale, timezoneId: 'Europe/Moscow' });
      await signIn(page, L.staff, { next: '/meetings/new' });
      await setLanguage(page, lang);
      await page.getByRole('heading', { name: L.find, level: 1 }).waitFor();
      await page.getByRole('button', { name: L.preset }).click();
      await page.locator('.chip').nth(1).waitFor();
      await page.getByLabel(L.from, { exact: true }).fill('2027-02-08');
      await page.getByLabel(L.to, { exact: true }).fill('2027-02-12');
      await page.getByRole('button', { name: L.go }).click();
      await page.locator('.schedule-form').waitFor();
      const title = lang === 'ru' ? 'Краснодар — Харбин: торговля' : 'Krasnodar — Harbin: trade';
      await page.getByLabel(L.ru).fill(`Краснодар — Харбин: торговля (${lang})`);
      await page.getByLabel(L.en).fill(`Krasnodar — Harbin: trade (${lang})`);
      /* one address per field: a second guest in a row of its own (Enter adds it, not the form's submit) */
      const guest = `guest-${lang}@example.org`;
      const second = `second-${lang}@example.org`;
      await page.getByLabel(L.guests).fill(guest);
      await page.getByLabel(L.guests).press('Enter');
      await page.getByLabel(L.guest2, { exact: true }).fill(second);
      assert.ok(await page.getByLabel(L.guest2, { exact: true }).evaluate((el) => el === document.activeElement || el.value !== ''));
      await page.getByRole('button', { name: L.addGuest }).click();	/* a third row, left empty: no invitation */
      await page.getByRole('button', { name: L.schedule }).click();
      await page.waitForURL(/\/meetings\/\d+$/);
      await page.getByRole('heading', { name: `${title} (${lang})`, level: 1 }).waitFor();

      const section = page.locator('section.invitations');
      await section.getByRole('heading', { name: L.section }).waitFor();
      const harbin = section.locator('tr', { hasText: HARBIN });
      const guestRow = section.locator('tr', { hasText: guest });
      /* the page looks again while a message is on its way: both end up sent */
      await harbin.getByText(L.sent, { exact: true }).waitFor({ timeout: 30000 });
      await guestRow.getByText(L.sent, { exact: true }).waitFor({ timeout: 30000 });
      assert.match(await guestRow.innerText(), L.guest);
      await section.locator('tr', { hasText: second }).getByText(L.sent, { exact: true }).waitFor({ timeout: 30000 });
      assert.equal(await section.locator('tr', { hasText: /@example\.org/ }).count(), 2, 'the empty row invited nobody');
      assert.match(await harbin.innerText(), new RegExp(L.invitation));
      await shot(page, `meeting-invitations-${lang}`, { fullPage: true });

      /* what the sink got: the Harbin partner reads English; an iTIP REQUEST */
      const m = sink.messages.find((x) => x.rcpt_tos.includes(HARBIN) && x.headers.subject.includes(`(${lang})`));
      assert.ok(m, 'the Harbin invitation reached the mail server');
      assert.match(m.headers.subject, L.subject);
      assert.equal(calendarPart(m).params.method, 'REQUEST');
      assert.ok(sink.messages.some((x) => x.rcpt_tos.includes(guest)), 'the guest invitation too');
      assert.deepEqual(problems, []);
      await context.close();
    });
  }
});
