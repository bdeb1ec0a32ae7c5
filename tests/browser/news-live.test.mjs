// Browser test of the public news page as a live page and of its activity
// map: an anonymous reader keeps /news open while staff publish a bulletin
// from the moderation queue in another browser context; the reader's page
// says "1 new — show" without a reload, and showing puts the bulletin on
// top. A bulletin its filters hide is not counted. Then the map: a country
// with bulletins is a focusable link whose title names it and its count,
// and choosing it filters the news. Screenshots in Russian and English, and
// at phone width.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { browserSuite, setLanguage, shooter, signIn } from './lib/page.mjs';

const shot = shooter();

/** A submitted bulletin by the signed-in user of page, through the API with its CSRF token. */
async function submitted(page, body) {
  return page.evaluate(async (b) => {
    const me = await (await fetch('/api/v1/me')).json();
    const headers = { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf_token };
    const r = await fetch('/api/v1/bulletins', { method: 'POST', headers, body: JSON.stringify(b) });
    const d = await r.json();
    await fetch(`/api/v1/bulletins/${d.id}/submit`, { method: 'POST', headers });
    return d.id;
  }, body);
}

async function publishFromQueue(page, title) {
  await page.goto('/exchange/moderation');
  const card = page.locator('.bulletin-card', { hasText: title });
  await card.getByRole('button', { name: /^(Опубликовать|Publish)$/ }).click();
  await page.getByText(new RegExp(`(Опубликовано|Published): ${title}`)).waitFor();
}

describe('news page: live updates and the activity map', () => {
  const suite = browserSuite({ page: { locale: 'ru-RU' } });

  test('a bulletin staff publish appears on the open news page without a reload', async () => {
    const reader = await suite.newPage({ locale: 'en-US' });
    await reader.page.goto('/news?lang=all');
    await reader.page.locator('.bulletin-card').first().waitFor();
    await reader.page.evaluate(() => {
      window.__sameDocument = true;
    });

    const staff = await suite.newPage();
    await signIn(staff.page, 'staff@pobratim.demo', { next: '/exchange/moderation' });
    // hidden by a filter of the reader: not counted
    const hiddenTitle = `Hidden by the filter ${Date.now()}`;
    await submitted(staff.page, { kind: 'news', lang: 'en', title: hiddenTitle, body: 'Text.', countries: ['IT'] });
    const title = `Days of Moscow in Harbin, live ${Date.now()}`;
    await submitted(staff.page, { kind: 'good_news', lang: 'en', title, body: 'A fair of cuisine and crafts.',
      countries: ['CN'], topics: ['culture'] });

    await reader.page.goto('/news?lang=all&country=CN');
    await reader.page.locator('.bulletin-card').first().waitFor();
    await reader.page.evaluate(() => {
      window.__sameDocument = true;
    });
    await publishFromQueue(staff.page, hiddenTitle);
    await publishFromQueue(staff.page, title);

    const bar = reader.page.getByRole('button', { name: /^New bulletins: 1 — show$/ });
    await bar.waitFor();
    await shot(reader.page, 'news-live-en');
    assert.equal(await reader.page.locator('.bulletin-card', { hasText: title }).count(), 0, 'not moved in by itself');
    await bar.click();
    await reader.page.locator('.bulletin-card').first().getByText(title).waitFor();
    assert.equal(await bar.count(), 0, 'the bar goes once shown');
    assert.equal(await reader.page.evaluate(() => window.__sameDocument), true, 'no page reload');
    assert.equal(await reader.page.locator('.bulletin-card', { hasText: hiddenTitle }).count(), 0);
    assert.deepEqual(reader.problems, []);
    assert.deepEqual(staff.problems, []);
    await staff.context.close();
    await reader.context.close();
  });

  test('the activity map: countries are links with titles; choosing one filters the news', async () => {
    for (const [locale, name, label] of [['ru-RU', 'ru', /^Италия: материалов — \d+$/], ['en-US', 'en', /^Italy: \d+ bulletins$/]]) {
      const { context, page, problems } = await suite.newPage({ locale });
      await page.goto('/news?lang=all');
      const italy = page.locator('.map-country[data-country="IT"]');
      await italy.waitFor();
      assert.match(await italy.getAttribute('aria-label'), label);
      assert.match(await italy.locator('title').textContent(), label);
      const legend = page.getByRole('list', { name: /^(Материалов на страну|Bulletins per country)$/ });
      assert.ok((await legend.getByRole('listitem').count()) > 0, 'a legend');
      // keyboard: tab through the search and filters until a country of the map has focus
      await page.locator('#f-country').focus();
      let focused = '';
      for (let i = 0; i < 300 && !focused; i++) {
        await page.keyboard.press('Tab');
        focused = await page.evaluate(() => document.activeElement?.closest('.map-country')?.getAttribute('data-country') ?? '');
      }
      assert.ok(focused, 'a country of the map takes the keyboard focus');
      await page.locator('.map-card').waitFor();
      await shot(page, `news-map-${name}`);
      await italy.click();
      await page.waitForURL((u) => u.searchParams.get('country') === 'IT');
      assert.equal(await page.locator('#f-country').inputValue(), 'IT');
      await page.locator('.bulletin-card').first().waitFor();
      const metas = await page.locator('.bulletin-card .bulletin-meta').allTextContents();
      assert.ok(metas.length > 0 && metas.every((m) => /Итал|Italy/.test(m)), metas.join('\n'));
      assert.equal(await page.locator('.map-country.current').getAttribute('data-country'), 'IT');
      await shot(page, `news-${name}`, { fullPage: true });
      assert.deepEqual(problems, []);
      await context.close();
    }
    const phone = await suite.newPage({ width: 360, height: 780, locale: 'ru-RU' });
    await phone.page.goto('/news?lang=all');
    await phone.page.locator('.map-country').first().waitFor();
    assert.ok(await phone.page.evaluate(() => document.documentElement.scrollWidth <= 360), 'no sideways scroll at 360 px');
    await shot(phone.page, 'news-360');
    await phone.page.locator('.activity-map').scrollIntoViewIfNeeded();
    await shot(phone.page, 'news-360-map');
    assert.deepEqual(phone.problems, []);
    await phone.context.close();
  });

  test('search shows partner cities and organizations with links to their pages', async () => {
    const anon = await suite.newPage({ locale: 'en-US' });
    await anon.page.goto('/search?q=' + encodeURIComponent('Минске'));
    const pub = anon.page.locator('.hit', { hasText: 'Moscow — Minsk' });
    await pub.waitFor();
    assert.match(await pub.locator('.bulletin-meta').textContent(), /^Partnership · Partner city · Active · (RU, BY|BY, RU)$/);
    assert.equal(await pub.getByRole('link').count(), 0, 'the public cannot open a partnership');
    assert.equal(await anon.page.locator('.hit', { hasText: 'Executive Committee' }).count(), 0, 'no organizations');
    await anon.context.close();

    for (const [locale, name] of [['ru-RU', 'ru'], ['en-US', 'en']]) {
      const { context, page, problems } = await suite.newPage({ locale });
      await signIn(page, 'partner@pobratim.demo', { next: '/search' });
      await setLanguage(page, name);
      await page.goto('/search?q=' + encodeURIComponent('Minsk'));
      const partnership = page.locator('.hit', { hasText: 'Moscow — Minsk' });
      await partnership.waitFor();
      assert.match(await partnership.getByRole('link').getAttribute('href'), /^\/partners\/\d+$/);
      /* the organization's own hit, not a person's who works there (people are found too) */
      const org = page.locator('.hit', { hasText: 'Minsk City Executive Committee' })
        .filter({ has: page.locator('.hit-title a[href^="/organizations/"]') });
      await org.waitFor();
      await shot(page, `search-partners-${name}`);
      await org.locator('.hit-title a').click();
      await page.waitForURL(/\/organizations\/\d+$/);
      await page.getByRole('heading', { level: 1, name: name === 'ru' ? 'Минский городской исполнительный комитет' : 'Minsk City Executive Committee' }).waitFor();
      await shot(page, `organization-${name}`);
      assert.deepEqual(problems, []);
      await context.close();
    }
  });
});
