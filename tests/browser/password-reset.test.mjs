// Browser test of issue 14 (items 1 and 4) in Russian and English, with a
// real SMTP server on loopback (aiosmtpd): "Forgot password?" on the sign-in
// page → the mail (read from the server) → its link → a new password →
// sign in with it; the link a second time is refused. A new account's
// confirmation link confirms the address; the account page and the admin's
// outbox show where things stand. Screenshots go to tests/browser/screenshots/.

import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { apiCall as callAs, browserSuite, setLanguage, shooter, signIn } from './lib/page.mjs';
import { MAIL_FROM, mailLink, startSink, textPart } from '../api/lib/smtp.mjs';

const shot = shooter();

const T = {
  ru: {
    locale: 'ru-RU', forgot: 'Забыли пароль?', email: 'Электронная почта', send: 'Прислать ссылку',
    sent: /письмо со ссылкой уже отправлено/, newPw: 'Новый пароль', repeat: 'Новый пароль ещё раз',
    set: 'Задать пароль', weak: /легко подобрать/, done: /Новый пароль задан/, signIn: 'Войти',
    password: 'Пароль', used: 'Ссылкой уже воспользовались. Каждая ссылка действует один раз.',
    verified: /Адрес .* подтверждён/, resetTitle: 'Задать новый пароль', failed: 'Не доставлено',
    discard: 'Не отправлять', discarded: 'Отменено', unconfirmed: 'Не подтверждён', edit: 'Изменить',
    resend: 'Прислать ссылку ещё раз', resent: /Новая ссылка отправлена/,
  },
  en: {
    locale: 'en-GB', forgot: 'Forgot your password?', email: 'Email', send: 'Send the link',
    sent: /a message with a link is on its way/, newPw: 'New password', repeat: 'New password again',
    set: 'Set the password', weak: /easy to guess/, done: /Your new password is set/, signIn: 'Sign in',
    password: 'Password', used: 'This link has been used already. Each link works once.',
    verified: /The address .* is confirmed/, resetTitle: 'Set a new password', failed: 'Failed',
    discard: 'Discard', discarded: 'Discarded', unconfirmed: 'Not confirmed', edit: 'Edit',
    resend: 'Send the link again', resent: /A new link is on its way/,
  },
};

/* The SMTP sink listens before the server starts: the server is told its port. */
const sink = await startSink({ refuse: ['bounce-ru@example.org', 'bounce-en@example.org'] });
after(() => sink.stop());

describe('password reset and address confirmation by mail', () => {
  let admin;
  const suite = browserSuite({
    server: { env: { POBRATIM_SMTP_URL: `smtp://127.0.0.1:${sink.port}`, POBRATIM_MAIL_FROM: MAIL_FROM,
      POBRATIM_MAIL_RETRY: '1', POBRATIM_MAIL_RETRY_MAX: '2' } },
    async init(s) {
      admin = await s.newPage({ locale: 'ru-RU' });
      await signIn(admin.page, 'admin@pobratim.demo');
    },
  });
  const newPage = (opts) => suite.newPage(opts);
  /* The admin's browser calls the API as the web client does. */
  const apiCall = (method, path, body) => callAs(admin.page, method, path, body);

  async function account(lang, name) {
    const email = `reset-${lang}@example.org`;
    const org = (await apiCall('GET', '/me')).json.user.organization.id;
    const r = await apiCall('POST', '/users', { email, name, password: 'the first secret 1', role: 'staff',
      organization_id: org, locale: lang });
    assert.equal(r.status, 201, JSON.stringify(r.json));
    return email;
  }

  for (const lang of ['ru', 'en']) {
    test(`forgot password → mail → new password → sign in, in ${lang === 'ru' ? 'Russian' : 'English'}`, async () => {
      const srv = suite.ready().srv;
      const t = T[lang];
      const email = await account(lang, lang === 'ru' ? 'Ирина Соколова' : 'Irina Sokolova');
      const { page, problems, context } = await newPage({ locale: t.locale });

      await page.goto('/login');
      await page.getByRole('link', { name: t.forgot }).click();
      await page.waitForURL((u) => u.pathname === '/forgot-password');
      await page.getByLabel(new RegExp(`^${t.email}`)).fill(email);
      await shot(page, `forgot-password-${lang}`, { fullPage: true });
      await page.getByRole('button', { name: t.send }).click();
      await page.getByText(t.sent).waitFor();
      await shot(page, `forgot-password-sent-${lang}`, { fullPage: true });

      const mail = await sink.next((m) => m.rcpt_tos.includes(email) && /reset-password/.test(textPart(m).content),
        'the reset mail');
      const link = mailLink(mail, '/reset-password');
      assert.ok(link.startsWith(srv.url), `${link} is on the server`);

      /* opened in a browser of the other language: the page speaks the mail's */
      const other = await newPage({ locale: lang === 'ru' ? 'en-GB' : 'ru-RU' });
      await other.page.goto(link);
      await other.page.getByRole('heading', { name: t.resetTitle, level: 1 }).waitFor();
      assert.ok(!other.page.url().includes('token'), 'the token leaves the address bar');
      await other.context.close();

      await page.goto(link);
      await page.getByLabel(t.newPw, { exact: true }).fill('1234567890');
      await page.getByLabel(t.repeat).fill('1234567890');
      await page.getByRole('button', { name: t.set }).click();
      await page.locator('.field-error').getByText(t.weak).waitFor();
      await shot(page, `reset-password-error-${lang}`, { fullPage: true });
      await page.getByLabel(t.newPw, { exact: true }).fill('a freshly chosen secret');
      await page.getByLabel(t.repeat).fill('a freshly chosen secret');
      await page.getByRole('button', { name: t.set }).click();
      await page.getByText(t.done).waitFor();
      await shot(page, `reset-password-done-${lang}`, { fullPage: true });

      await page.getByRole('link', { name: t.signIn, exact: true }).click();
      await page.waitForURL((u) => u.pathname === '/login');
      await signIn(page, email, { password: 'a freshly chosen secret' });

      /* the same link once more: refused */
      const again = await newPage({ locale: t.locale });
      await again.page.goto(link);
      await again.page.getByLabel(t.newPw, { exact: true }).fill('yet another secret 3');
      await again.page.getByLabel(t.repeat).fill('yet another secret 3');
      await again.page.getByRole('button', { name: t.set }).click();
      await again.page.getByText(t.used).waitFor();
      await shot(again.page, `reset-password-used-${lang}`, { fullPage: true });
      assert.deepEqual([...problems, ...again.problems], []);
      await again.context.close();
      await context.close();
    });

    test(`a new account's confirmation link, the account page and the outbox, in ${lang === 'ru' ? 'Russian' : 'English'}`, async () => {
      suite.ready();
      const t = T[lang];
      const email = `confirm-${lang}@example.org`;
      const org = (await apiCall('GET', '/me')).json.user.organization.id;
      assert.equal((await apiCall('POST', '/users', { email, name: lang === 'ru' ? 'Пётр Лебедев' : 'Peter Lebedev',
        password: 'the first secret 2', role: 'partner', organization_id: org, locale: lang })).status, 201);
      const { page, problems, context } = await newPage({ locale: t.locale });
      await signIn(page, email, { password: 'the first secret 2' });
      await page.goto('/account');
      await page.locator('.account-facts .verification').waitFor();
      await shot(page, `account-unconfirmed-${lang}`, { fullPage: true });

      const mail = await sink.next((m) => m.rcpt_tos.includes(email) && /verify-email/.test(textPart(m).content),
        'the confirmation mail');
      await page.goto(mailLink(mail, '/verify-email'));
      await page.getByText(t.verified).waitFor();
      await shot(page, `verify-email-${lang}`, { fullPage: true });
      await page.goto('/account');
      await page.locator('.account-facts .badge').filter({ hasText: lang === 'ru' ? 'Подтверждён' : 'Confirmed' }).waitFor();

      /* the outbox, as its admin sees it: a recipient the mail server refuses (550) fails */
      const bounce = `bounce-${lang}@example.org`;
      assert.equal((await apiCall('POST', '/users', { email: bounce, name: lang === 'ru' ? 'Ошибка Адреса' : 'Wrong Address',
        password: 'the first secret 3', role: 'correspondent', organization_id: org, locale: lang })).status, 201);
      const box = await newPage({ locale: t.locale });
      await signIn(box.page, 'admin@pobratim.demo');
      await setLanguage(box.page, lang);
      await box.page.goto('/admin/mail');
      await box.page.locator('#mail-table').getByText(email).first().waitFor();
      await box.page.getByText(MAIL_FROM).waitFor();
      const row = box.page.locator('#mail-table tbody tr').filter({ hasText: bounce });
      /* the refusal arrives when the sender has tried: refreshed until it shows (the test's own timeout bounds it) */
      while (!(await row.getByText(/550/).count())) {
        await box.page.getByRole('button', { name: lang === 'ru' ? 'Обновить' : 'Refresh' }).click();
        await box.page.waitForLoadState('networkidle');
      }
      await row.locator('.badge').filter({ hasText: t.failed }).waitFor();
      assert.equal(await box.page.locator('#mail-table').getByText('#token=').count(), 0, 'no links shown');
      await shot(box.page, `admin-mail-${lang}`, { fullPage: true });
      await row.getByRole('button', { name: new RegExp(`^${t.discard}`) }).click();
      await row.locator('.badge').filter({ hasText: t.discarded }).waitFor();

      await box.page.goto('/admin/users');
      const userRow = box.page.locator('#users-table tbody tr').filter({ hasText: bounce });
      await userRow.locator('.badge').filter({ hasText: t.unconfirmed }).waitFor();
      await shot(box.page, `admin-users-unconfirmed-${lang}`, { fullPage: true });
      await userRow.getByRole('button', { name: new RegExp(`^${t.edit}`) }).click();
      await box.page.getByRole('button', { name: t.resend }).click();
      await box.page.getByText(t.resent).waitFor();
      await shot(box.page, `admin-user-resend-${lang}`);	/* a modal: the viewport */
      assert.deepEqual([...problems, ...box.problems], []);
      await box.context.close();
      await context.close();
    });
  }
});
