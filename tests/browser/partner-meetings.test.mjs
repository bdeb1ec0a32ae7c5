// The partner page lists the meetings of its two cities, and each leads to
// the meeting page. Screenshots in both languages.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { browserSuite, shooter, signIn } from './lib/page.mjs';

const suite = browserSuite();
const shot = shooter('partner-meetings-');

for (const [locale, heading, title] of [
  ['ru', 'Встречи городов', /Видеоконференция руководителей городов-побратимов/],
  ['en', 'Meetings between the cities', /Videoconference of the heads of the sister cities/],
]) {
  test(`the Krasnodar–Harbin page shows the videoconference (${locale})`, async () => {
    const context = await suite.ready().browser.newContext({ viewport: { width: 1280, height: 900 }, baseURL: suite.srv.url });
    const page = await context.newPage();
    await signIn(page, 'staff@pobratim.demo');
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
    await shot(page, locale);
    await link.click();
    await page.waitForURL(/\/meetings\/\d+$/);
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    await context.close();
  });
}
