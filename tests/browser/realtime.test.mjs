// Live updates in the browser: the top bar shows the realtime channel is up,
// and an admin's change to the signed-in user's account appears without a
// reload. Screenshots in tests/browser/screenshots/.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { browserSuite, shooter, signIn } from './lib/page.mjs';

const suite = browserSuite({ args: ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream'] });
const shot = shooter();

// An admin session driven from the test itself, through the API.
async function adminApi() {
  const r = await fetch(`${suite.srv.url}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'admin@pobratim.demo', password: 'demo-password' }) });
  assert.equal(r.status, 200);
  const cookie = r.headers.get('set-cookie').split(';')[0];
  const { csrf_token: csrf } = await r.json();
  return (method, path, body) => fetch(`${suite.srv.url}/api/v1${path}`, { method,
    headers: { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

for (const locale of ['ru', 'en']) {
  test(`live update of one's own account (${locale})`, async () => {
    const context = await suite.ready().browser.newContext({ viewport: { width: 1280, height: 720 }, baseURL: suite.srv.url });
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await signIn(page, 'staff@pobratim.demo');
    const live = page.locator('.live-status[data-status="live"]');
    await live.waitFor({ timeout: 10000 });
    assert.match(await live.getAttribute('title'), /Обновления в реальном времени включены|Live updates on/);

    const me = await (await page.request.get('/api/v1/me')).json();
    const api = await adminApi();
    const name = locale === 'ru' ? 'Сотрудник ДВМС — обновлено' : 'DEIR staff — updated';
    assert.equal((await api('PATCH', `/users/${me.user.id}`, { name, locale })).status, 200);
    await page.locator('.topbar .user-name', { hasText: name }).waitFor();
    await page.waitForFunction((l) => document.documentElement.lang === l, locale);
    await shot(page, `live-update-${locale}`);

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
