// Browser test of issue 14, items 3 and 5, in Russian and English, with a
// real SMTP server on loopback (aiosmtpd) and the scheduler looking every
// second: the account page's reminder and digest settings, saved and read
// back; a digest then arrives, and its link unsubscribes in one click in a
// browser that is not signed in; the webcal:// links of the meetings page
// (the personal feed) and the events page (the public feed); the account's
// time zone chosen from the server's list (or the device's), saved and read
// back, and set back to the platform's.
// Screenshots go to tests/browser/screenshots/.

import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { apiCall, browserSuite, setLanguage, shooter, signIn } from './lib/page.mjs';
import { MAIL_FROM, startSink, textPart } from '../api/lib/smtp.mjs';
import { chosenCountries, pickCountry } from './lib/countries.mjs';

const shot = shooter();

const T = {
  ru: {
    locale: 'ru-RU', user: 'staff@pobratim.demo', account: 'Мой профиль', mail: 'Почта', day: 'За сутки до каждой встречи',
    soon: 'За 15 минут до каждой встречи', digest: /Рассылка обмена информацией/, daily: 'Раз в день', health: 'Здравоохранение',
    countries: /^Страны/, countriesName: 'Страны', italy: ['ита', /^Италия IT$/],
    germany: ['герм', /^Германия DE$/], chosen: ['Италия', 'Германия'], save: 'Сохранить', saved: 'Сохранено.', subject: /^Обмен информацией: новое за день/,
    unsub: 'Отписаться', done: /Готово: рассылка на адрес .* больше не придёт/, create: 'Создать адрес',
    feedUrl: 'Адрес подписки', events: 'Календарь событий', eventsUrl: 'Адрес подписки (webcal)',
    tz: 'Часовой пояс', tzLabel: 'Ваш часовой пояс', device: 'Asia/Shanghai', useDevice: 'Взять пояс этого устройства: Asia/Shanghai',
    now: /Сейчас там \d\d:\d\d \(UTC\+08:00\)/, platform: /^Как у платформы: /,
  },
  en: {
    locale: 'en-GB', user: 'staff.krasnodar@pobratim.demo', account: 'My account', mail: 'Mail', day: 'A day before each meeting',
    soon: '15 minutes before each meeting', digest: /Digest of the information exchange/, daily: 'Daily', health: 'Health',
    countries: /^Countries/, countriesName: 'Countries', italy: ['ita', /^Italy IT$/],
    germany: ['germ', /^Germany DE$/], chosen: ['Italy', 'Germany'], save: 'Save', saved: 'Saved.', subject: /^Information exchange: new of the day/,
    unsub: 'Unsubscribe', done: /Done: no more digests will be sent to/, create: 'Create address',
    feedUrl: 'Subscription address', events: 'Event calendar', eventsUrl: 'Subscription address (webcal)',
    tz: 'Time zone', tzLabel: 'Your time zone', device: 'America/Sao_Paulo', useDevice: "Use this device's zone: America/Sao_Paulo",
    now: /It is \d\d:\d\d there now \(UTC-03:00\)/, platform: /^The platform's: /,
  },
};

const sink = await startSink();
after(() => sink.stop());

describe('mail settings, digests and calendar subscriptions', () => {
  const suite = browserSuite({
    server: { env: { POBRATIM_SMTP_URL: `smtp://127.0.0.1:${sink.port}`, POBRATIM_MAIL_FROM: MAIL_FROM,
      POBRATIM_MAIL_RETRY: '1', POBRATIM_MAIL_RETRY_MAX: '2', POBRATIM_SCHEDULE_INTERVAL: '1' } },
  });

  for (const lang of ['ru', 'en']) {
    const L = T[lang];
    test(`${lang}: reminders and a digest on the account page; the digest's link unsubscribes, signed out`, async () => {
      const { page, context, problems } = await suite.newPage({ locale: L.locale });
      await signIn(page, L.user, { next: '/account' });
      await setLanguage(page, lang);
      await page.getByRole('heading', { name: L.account, level: 1 }).waitFor();
      // a health bulletin about Italy, published today: the first tick after subscribing mails it
      const b = await apiCall(page, 'POST', '/bulletins', { kind: 'news', lang: 'en', title: `Clinic hours for compatriots (${lang})`,
        body: 'Text.', countries: ['IT'], topics: ['health'] });
      assert.equal(b.status, 201, JSON.stringify(b.json));
      assert.equal((await apiCall(page, 'POST', `/bulletins/${b.json.id}/submit`)).status, 200);
      assert.equal((await apiCall(page, 'POST', `/bulletins/${b.json.id}/publish`)).status, 200);
      const card = page.locator('section.account-mail');
      await card.getByRole('heading', { name: L.mail }).waitFor();
      assert.equal(await card.getByLabel(L.day).isChecked(), true, 'reminders are on by default');
      await card.getByLabel(L.day).uncheck();
      await card.getByLabel(L.digest).selectOption('daily');
      await pickCountry(card, L.countries, L.italy[0], L.italy[1]);
      await pickCountry(card, L.countries, L.germany[0], L.germany[1]);
      await card.getByLabel(L.health).check();
      await card.getByRole('button', { name: L.save }).click();
      await card.getByText(L.saved).waitFor();
      await page.evaluate(() => window.scrollTo(0, 0));
      await shot(page, `account-mail-${lang}`, { fullPage: true });
      // read back after a reload: what the server kept
      await page.reload();
      await card.getByLabel(L.soon).waitFor();
      assert.equal(await card.getByLabel(L.day).isChecked(), false);
      assert.equal(await card.getByLabel(L.soon).isChecked(), true);
      assert.equal(await card.getByLabel(L.digest).inputValue(), 'daily');
      await card.locator('.chip').nth(1).waitFor();
      assert.deepEqual(await chosenCountries(card, L.countriesName), L.chosen);
      assert.equal(await card.getByLabel(L.health).isChecked(), true);
      const prefs = (await apiCall(page, 'GET', '/me/mail-preferences')).json;
      assert.deepEqual({ ...prefs, countries: prefs.countries.sort() }, { remind_day: false, remind_soon: true, actions_due: true,
        digest: 'daily', countries: ['DE', 'IT'], topics: ['health'] });

      const m = await sink.next((x) => x.rcpt_tos.includes(L.user) && L.subject.test(x.headers.subject), 'the digest', 30000);
      assert.match(textPart(m).content, new RegExp(`Clinic hours for compatriots \\(${lang}\\)`));
      const link = textPart(m).content.match(/http:\/\/\S+\/unsubscribe#token=[\w-]+&lang=(ru|en)/)[0];
      assert.ok(link.endsWith(`lang=${lang}`));

      // a browser that is not signed in: one click
      const anon = await suite.newPage({ locale: L.locale });
      await anon.page.goto(link.replace(/^http:\/\/[^/]+/, ''));
      await anon.page.getByRole('button', { name: L.unsub }).click();
      await anon.page.getByText(L.done).waitFor();
      await shot(anon.page, `unsubscribe-${lang}`);
      assert.equal((await apiCall(page, 'GET', '/me/mail-preferences')).json.digest, 'none');
      assert.deepEqual(anon.problems, []);
      await anon.context.close();
      assert.deepEqual(problems, []);
      await context.close();
    });

    test(`${lang}: the account's time zone, from the list or the device's, saved and read back`, async () => {
      const { page, context, problems } = await suite.newPage({ locale: L.locale, timezoneId: L.device });
      await signIn(page, L.user, { next: '/account' });
      await setLanguage(page, lang);
      const card = page.locator('section.account-tz');
      await card.getByRole('heading', { name: L.tz }).waitFor();
      const select = card.getByLabel(L.tzLabel, { exact: true });
      assert.equal(await select.inputValue(), 'Europe/Moscow', "the demo account's own zone");
      // the device is elsewhere: one click takes its zone; the clock beside it follows
      await card.getByRole('button', { name: L.useDevice }).click();
      assert.equal(await select.inputValue(), L.device);
      await card.getByText(L.now).waitFor();
      await card.getByRole('button', { name: L.save, exact: true }).click();
      await card.getByText(L.saved).waitFor();
      assert.equal((await apiCall(page, 'GET', '/me')).json.user.timezone, L.device);
      assert.equal(await card.getByRole('button', { name: L.useDevice }).count(), 0, 'no offer once it is the zone');
      await card.scrollIntoViewIfNeeded();
      await shot(page, `account-timezone-${lang}`);
      await page.reload();
      await select.waitFor();
      assert.equal(await select.inputValue(), L.device, 'read back');
      // none: the platform's zone, named in the first option
      assert.match(await select.locator('option').first().innerText(), L.platform);
      await select.selectOption('');
      await card.getByRole('button', { name: L.save, exact: true }).click();
      await card.getByText(L.saved).waitFor();
      assert.equal((await apiCall(page, 'GET', '/me')).json.user.timezone, null);
      assert.deepEqual(problems, []);
      await context.close();
    });

    test(`${lang}: webcal:// links of the personal feed and the public events`, async () => {
      const { page, context, problems } = await suite.newPage({ locale: L.locale });
      await signIn(page, L.user, { next: '/meetings' });
      await setLanguage(page, lang);
      const feed = page.locator('section.feed-card').first();
      await feed.getByRole('button', { name: L.create }).click();
      const input = feed.getByLabel(L.feedUrl, { exact: true });
      await input.waitFor();
      assert.match(await input.inputValue(), /^webcal:\/\/127\.0\.0\.1:\d+\/api\/v1\/calendar\/[\w-]+\.ics$/);
      assert.equal(await feed.locator('a[href^="webcal://"]').count(), 1);
      await feed.scrollIntoViewIfNeeded();
      await shot(page, `meetings-webcal-${lang}`);

      await page.goto('/events');
      await page.getByRole('heading', { name: L.events, level: 1 }).waitFor();
      const ev = page.locator('section.events-feed');
      const url = await ev.getByLabel(L.eventsUrl).inputValue();
      assert.match(url, new RegExp(`^webcal://127\\.0\\.0\\.1:\\d+/api/v1/events\\.ics\\?lang=${lang}$`));
      // the same address over http is the calendar
      const r = await page.request.get(url.replace(/^webcal:/, 'http:'));
      assert.equal(r.status(), 200);
      assert.match(await r.text(), /REFRESH-INTERVAL;VALUE=DURATION:PT1H/);
      await ev.scrollIntoViewIfNeeded();
      await shot(page, `events-webcal-${lang}`);
      assert.deepEqual(problems, []);
      await context.close();
    });
  }
});
