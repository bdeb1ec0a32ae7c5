// Browser test of issue 12's sign-in throttling and public links, in Russian
// and English: a short back-off is told in seconds; the calendar feed and the
// guest link a user copies are on the server's public URL
// (POBRATIM_PUBLIC_URL), not on the address the browser happened to use.
// Screenshots go to tests/browser/screenshots/.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { browserSuite, setLanguage, shooter, signIn } from './lib/page.mjs';

const PUBLIC = 'http://pobratim.example.org:8080/city';
const WEBCAL = PUBLIC.replace(/^https?:/, 'webcal:');
const shot = shooter();

async function submitLogin(page, email, password) {
  await page.getByLabel(/^(Электронная почта|Email)/).fill(email);
  await page.getByLabel(/^(Пароль|Password)/).fill(password);
  const res = page.waitForResponse((r) => r.url().endsWith('/api/v1/session'));
  await page.getByRole('button', { name: /^(Войти|Sign in)$/ }).click();
  return (await res).status();
}

describe('sign-in waits and public links', () => {
  // one free failure per account and address, then 50 s (and 50 s at most): said in seconds
  const suite = browserSuite({
    server: { env: { POBRATIM_LOGIN_MAX_FAILURES: '1', POBRATIM_LOGIN_BACKOFF: '50',
      POBRATIM_LOGIN_MAX_DELAY: '50', POBRATIM_PUBLIC_URL: PUBLIC } },
    page: { locale: 'ru-RU' },
  });

  test('a short wait after failed sign-ins is told in seconds, in Russian and English', async () => {
    const { page, context, problems } = await suite.newPage();
    await page.goto('/login');
    await page.getByRole('heading', { name: 'Вход', level: 1 }).waitFor();
    assert.equal(await submitLogin(page, 'partner@pobratim.demo', 'wrong-1'), 401);
    await page.getByText('Неверная электронная почта или пароль.').waitFor();
    assert.equal(await submitLogin(page, 'partner@pobratim.demo', 'demo-password'), 429);
    const ru = page.getByText(/^Слишком много попыток входа\. Повторите через (\d+) сек\.$/);
    await ru.waitFor();
    const sec = Number((await ru.innerText()).match(/(\d+) сек/)[1]);
    assert.ok(sec >= 1 && sec <= 50, `${sec} s`);
    await shot(page, 'login-wait-ru');

    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Sign in', level: 1 }).waitFor();
    assert.equal(await submitLogin(page, 'partner@pobratim.demo', 'demo-password'), 429);
    await page.getByText(/^Too many sign-in attempts\. Try again in \d+ s\.$/).waitFor();
    await shot(page, 'login-wait-en');
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('the calendar feed address is on the public URL, in Russian and English', async () => {
    const { page, context, problems } = await suite.newPage();
    await signIn(page, 'staff@pobratim.demo');
    await page.goto('/meetings');
    const card = page.locator('.feed-card');
    await card.getByRole('button', { name: 'Создать адрес' }).click();
    const url = page.locator('#feed-url');
    await url.waitFor();
    /* webcal://, which calendar apps subscribe to on a click */
    assert.match(await url.inputValue(), new RegExp(`^${WEBCAL}/api/v1/calendar/[A-Za-z0-9_-]{40,}\\.ics$`));
    await card.scrollIntoViewIfNeeded();
    await shot(page, 'calendar-feed-public-ru');

    await setLanguage(page, 'en', { saved: true });
    await card.getByRole('button', { name: 'Make a new address (the old stops working)' }).click();
    await page.waitForFunction(() => document.querySelector('#feed-url')?.value.includes('pobratim.example.org'));
    assert.match(await url.inputValue(), new RegExp(`^${WEBCAL}/api/v1/calendar/`));
    await page.getByText('Subscription address', { exact: true }).waitFor();
    await card.scrollIntoViewIfNeeded();
    await shot(page, 'calendar-feed-public-en');
    await setLanguage(page, 'ru', { saved: true });
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('the guest link a host hands out is on the public URL, in Russian and English', async () => {
    const { page, context, problems } = await suite.newPage();
    await signIn(page, 'staff@pobratim.demo');
    const id = await page.evaluate(async () => {
      const me = await (await fetch('/api/v1/me')).json();
      const r = await fetch('/api/v1/meetings', { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrf_token },
        body: JSON.stringify({ title_ru: 'Видеоконференция мэров', title_en: 'Mayors videoconference', format: 'video',
          timezone: 'Europe/Moscow', starts_at: '2030-03-04T08:00:00Z', duration: 60,
          participants: [{ role: 'host', organization_id: me.user.organization.id }] }) });
      return (await r.json()).id;
    });
    assert.ok(id > 0);
    for (const [lang, title, name, create] of [['ru', 'Гостевые ссылки', 'Имя гостя', 'Создать ссылку'],
      ['en', 'Guest links', 'Guest name', 'Create link']]) {
      if (lang === 'en') await setLanguage(page, 'en', { saved: true });
      await page.goto(`/meetings/${id}`);
      await page.getByRole('heading', { name: title }).waitFor();
      await page.getByLabel(name).fill(lang === 'ru' ? 'Переводчик' : 'Interpreter');
      await page.getByRole('button', { name: create }).click();
      const link = page.locator('input.guest-url');
      await link.waitFor();
      assert.match(await link.inputValue(), new RegExp(`^${PUBLIC}/meetings/${id}/room\\?guest=[A-Za-z0-9_-]{40,}$`));
      await page.locator('section.guest-links').scrollIntoViewIfNeeded();
      await shot(page, `guest-link-public-${lang}`);
    }
    await setLanguage(page, 'ru', { saved: true });
    assert.deepEqual(problems, []);
    await context.close();
  });
});
