// Browser test of issue 12's sign-in throttling and public links, in Russian
// and English: a short back-off is told in seconds; the calendar feed and the
// guest link a user copies are on the server's public URL
// (POBRATIM_PUBLIC_URL), not on the address the browser happened to use.
// Screenshots go to tests/browser/screenshots/.

import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { chromium } from 'playwright-core';
import { signIn } from './lib/page.mjs';
import { ROOT, startServer } from './lib/server.mjs';

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const SHOTS = join(ROOT, 'tests/browser/screenshots');
const PUBLIC = 'http://pobratim.example.org:8080/city';

let srv;
let browser;

async function newPage({ locale = 'ru-RU' } = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale, baseURL: srv.url });
  context.setDefaultTimeout(10000);
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/status of 4\d\d/.test(m.text())) problems.push(`console: ${m.text()}`);
  });
  return { context, page, problems };
}

const shot = (page, name, opts = {}) => page.screenshot({ path: join(SHOTS, `${name}.png`), ...opts });

async function submitLogin(page, email, password) {
  await page.getByLabel(/^(Электронная почта|Email)/).fill(email);
  await page.getByLabel(/^(Пароль|Password)/).fill(password);
  const res = page.waitForResponse((r) => r.url().endsWith('/api/v1/session'));
  await page.getByRole('button', { name: /^(Войти|Sign in)$/ }).click();
  return (await res).status();
}

async function switchLanguage(page, to) {
  const saved = page.waitForResponse((r) => r.url().endsWith('/api/v1/me') && r.request().method() === 'PATCH');
  await page.getByRole('group', { name: /^(Язык|Language)$/ }).getByRole('button', { name: to === 'en' ? 'English' : 'Русский' }).click();
  assert.equal((await saved).status(), 200);
  await page.waitForFunction((l) => document.documentElement.lang === l, to);
}

describe('sign-in waits and public links', () => {
  let setupError = null;
  before(async () => {
    try {
      if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium`);
      mkdirSync(SHOTS, { recursive: true });
      // one free failure per account and address, then 50 s (and 50 s at most): said in seconds
      srv = await startServer({ env: { POBRATIM_LOGIN_MAX_FAILURES: '1', POBRATIM_LOGIN_BACKOFF: '50',
        POBRATIM_LOGIN_MAX_DELAY: '50', POBRATIM_PUBLIC_URL: PUBLIC } });
      browser = await chromium.launch({ executablePath: CHROMIUM, headless: true,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    } catch (e) {
      setupError = e;
    }
  });
  after(async () => {
    await browser?.close();
    await srv?.stop();
  });
  const page0 = (opts) => {
    if (setupError) throw setupError;
    return newPage(opts);
  };

  test('a short wait after failed sign-ins is told in seconds, in Russian and English', async () => {
    const { page, context, problems } = await page0();
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
    const { page, context, problems } = await page0();
    await signIn(page, 'staff@pobratim.demo');
    await page.goto('/meetings');
    const card = page.locator('.feed-card');
    await card.getByRole('button', { name: 'Создать адрес' }).click();
    const url = page.locator('#feed-url');
    await url.waitFor();
    assert.match(await url.inputValue(), new RegExp(`^${PUBLIC}/api/v1/calendar/[A-Za-z0-9_-]{40,}\\.ics$`));
    await card.scrollIntoViewIfNeeded();
    await shot(page, 'calendar-feed-public-ru');

    await switchLanguage(page, 'en');
    await card.getByRole('button', { name: 'Make a new address (the old stops working)' }).click();
    await page.waitForFunction(() => document.querySelector('#feed-url')?.value.includes('pobratim.example.org'));
    assert.match(await url.inputValue(), new RegExp(`^${PUBLIC}/api/v1/calendar/`));
    await page.getByText('Subscription address', { exact: true }).waitFor();
    await card.scrollIntoViewIfNeeded();
    await shot(page, 'calendar-feed-public-en');
    await switchLanguage(page, 'ru');
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('the guest link a host hands out is on the public URL, in Russian and English', async () => {
    const { page, context, problems } = await page0();
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
      if (lang === 'en') await switchLanguage(page, 'en');
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
    await switchLanguage(page, 'ru');
    assert.deepEqual(problems, []);
    await context.close();
  });
});
