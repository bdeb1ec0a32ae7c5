// The partner page lists the meetings of its two cities, and each leads to
// the meeting page. Screenshots in both languages.

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
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
});
after(async () => {
  await browser?.close();
  await srv?.stop();
});

for (const [locale, heading, title] of [
  ['ru', 'Встречи городов', /Видеоконференция руководителей городов-побратимов/],
  ['en', 'Meetings between the cities', /Videoconference of the heads of the sister cities/],
]) {
  test(`the Krasnodar–Harbin page shows the videoconference (${locale})`, async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, baseURL: srv.url });
    const page = await context.newPage();
    await page.goto('/login');
    await page.getByLabel(/^(Электронная почта|Email)/).fill('staff@pobratim.demo');
    await page.getByLabel(/^(Пароль|Password)/).fill('demo-password');
    await page.getByRole('button', { name: /^(Войти|Sign in)$/ }).click();
    await page.locator('.topbar .user-name').waitFor();
    const saved = page.request.patch('/api/v1/me', { data: { locale },
      headers: { 'x-csrf-token': (await (await page.request.get('/api/v1/me')).json()).csrf_token } });
    assert.equal((await saved).status(), 200);
    const list = await (await page.request.get('/api/v1/partnerships?limit=200')).json();
    const kh = list.items.find((p) => [p.city_a.name_en, p.city_b.name_en].sort().join() === 'Harbin,Krasnodar');
    await page.goto(`/partners/${kh.id}`);
    const section = page.locator('section', { has: page.getByRole('heading', { name: heading }) });
    const link = section.getByRole('link', { name: title });
    await link.waitFor();
    await section.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, `partner-meetings-${locale}.png`) });
    await link.click();
    await page.waitForURL(/\/meetings\/\d+$/);
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    await context.close();
  });
}
