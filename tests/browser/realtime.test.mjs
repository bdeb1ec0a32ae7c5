// Live updates in the browser: the top bar shows the realtime channel is up,
// and an admin's change to the signed-in user's account appears without a
// reload. Screenshots in tests/browser/screenshots/.

import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { chromium } from 'playwright-core';
import { ROOT, startServer } from './lib/server.mjs';

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const SHOTS = join(ROOT, 'tests/browser/screenshots');

let srv;
let browser;

before(async () => {
  assert.ok(existsSync(CHROMIUM), `Chromium not found at ${CHROMIUM}: apt-get install -y chromium`);
  mkdirSync(SHOTS, { recursive: true });
  srv = await startServer();
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream'],
  });
});
after(async () => {
  await browser?.close();
  await srv?.stop();
});

// An admin session driven from the test itself, through the API.
async function adminApi() {
  const r = await fetch(`${srv.url}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'admin@pobratim.demo', password: 'demo-password' }) });
  assert.equal(r.status, 200);
  const cookie = r.headers.get('set-cookie').split(';')[0];
  const { csrf_token: csrf } = await r.json();
  return (method, path, body) => fetch(`${srv.url}/api/v1${path}`, { method,
    headers: { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

for (const locale of ['ru', 'en']) {
  test(`live update of one's own account (${locale})`, async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, baseURL: srv.url });
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto('/login');
    await page.getByLabel(/^(Электронная почта|Email)/).fill('staff@pobratim.demo');
    await page.getByLabel(/^(Пароль|Password)/).fill('demo-password');
    await page.getByRole('button', { name: /^(Войти|Sign in)$/ }).click();
    const live = page.locator('.live-status[data-status="live"]');
    await live.waitFor({ timeout: 10000 });
    assert.match(await live.getAttribute('title'), /Обновления в реальном времени включены|Live updates on/);

    const me = await (await page.request.get('/api/v1/me')).json();
    const api = await adminApi();
    const name = locale === 'ru' ? 'Сотрудник ДВМС — обновлено' : 'DEIR staff — updated';
    assert.equal((await api('PATCH', `/users/${me.user.id}`, { name, locale })).status, 200);
    await page.locator('.topbar .user-name', { hasText: name }).waitFor({ timeout: 5000 });
    await page.waitForFunction((l) => document.documentElement.lang === l, locale);
    await page.screenshot({ path: join(SHOTS, `live-update-${locale}.png`) });

    // disabling the account ends the session in the open tab too
    if (locale === 'en') {
      assert.equal((await api('PATCH', `/users/${me.user.id}`, { disabled: true })).status, 200);
      await page.waitForURL(/\/login/, { timeout: 10000 });
      assert.equal((await api('PATCH', `/users/${me.user.id}`, { disabled: false })).status, 200);
    }
    assert.deepEqual(errors, []);
    await context.close();
  });
}
