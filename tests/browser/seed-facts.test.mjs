// Seed fidelity (issue 15, point 9) in the browser, in Russian and English:
// the articles' quotes on the pages of their meeting and event, Moscow's
// stated 135 partner cities beside what the registry holds, and the
// countries and regions said to study Moscow's practices.
// Screenshots: facts-*.png.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { apiCall, browserSuite, setLanguage, shooter, signIn } from './lib/page.mjs';

const shot = shooter('facts-');
const card = (page, name) => page.locator('section', { has: page.getByRole('heading', { name, level: 2 }) });

const TEXT = {
  ru: {
    quotes: 'Прямая речь', sun: /Я сразу вспомнил мой первый визит в Краснодар в 2018 г\.[\s\S]*Сунь Чже/,
    congress: /Мы поддерживаем отношения со 135 крупнейшими мегаполисами мира/,
    figure: 'Города-партнёры: заявленное число и реестр', stated: /Заявлено городом \(16 нояб\. 2023 г\.\)\s+135/,
    registry: /Партнёрств в реестре\s+12/, regions: 'Изучают партнёры', philippines: 'Филиппины', africa: 'страны Африки',
  },
  en: {
    quotes: 'In their own words', sun: /I immediately remembered my first visit to Krasnodar in 2018[\s\S]*Sun Zhe/,
    congress: /We maintain relations with 135 of the world's largest cities/,
    figure: 'Partner cities: the stated figure and the registry', stated: /Stated by the city \(16 Nov 2023\)\s+135/,
    registry: /Partnerships in the registry\s+12/, regions: 'Studied by partners in', philippines: 'Philippines', africa: 'African countries',
  },
};

describe('the articles\' facts on their pages', () => {
  const suite = browserSuite({ page: { height: 900 } });

  for (const lang of ['ru', 'en']) {
    const T = TEXT[lang];
    test(`${lang}: quotes on the meeting and the event, the stated 135 and the registry, regions studying a practice`, async () => {
      const { page, context, problems } = await suite.newPage({ locale: lang === 'ru' ? 'ru-RU' : 'en-GB' });
      await signIn(page, 'staff@pobratim.demo');
      await setLanguage(page, lang);
      const list = await apiCall(page, 'GET', '/meetings?from=2020-06-01&to=2020-06-30');
      const kh = list.json.items.find((m) => /Krasnodar and Harbin/.test(m.title_en));
      await page.goto(`/meetings/${kh.id}`);
      const quotes = card(page, T.quotes);
      await quotes.locator('figure').nth(2).waitFor();
      assert.match(await quotes.innerText(), T.sun);
      await shot(page, `meeting-${lang}`, { fullPage: true });

      const events = await apiCall(page, 'GET', '/events');
      const congress = events.json.items.find((e) => /Eurasian Congress/.test(e.title_en));
      await page.goto(`/events/${congress.id}`);
      await card(page, T.quotes).locator('figure').nth(1).waitFor();
      assert.match(await card(page, T.quotes).innerText(), T.congress);
      await shot(page, `event-${lang}`, { fullPage: true });

      await page.goto('/partners');
      const fig = card(page, T.figure);
      await fig.locator('.stat').nth(1).waitFor();
      assert.match(await fig.innerText(), T.stated);
      assert.match(await fig.innerText(), T.registry);
      await shot(page, `partners-${lang}`, { fullPage: true });

      const practices = await apiCall(page, 'GET', '/practices');
      const urban = practices.json.items.find((p) => p.title_en === 'Moscow\'s urban practices');
      await page.goto(`/practices/${urban.id}`);
      const regions = card(page, T.regions);
      await regions.getByText(T.philippines).waitFor();
      await regions.getByText(T.africa).waitFor();
      await shot(page, `practice-${lang}`, { fullPage: true });
      assert.deepEqual(problems, []);
      await context.close();
    });
  }

  test('Krasnodar\'s registry lists Сухум under Абхазия, as the article writes it', async () => {
    const { page, context, problems } = await suite.newPage({ locale: 'ru-RU' });
    await signIn(page, 'staff.krasnodar@pobratim.demo');
    await setLanguage(page, 'ru');
    await page.goto('/partners');
    const row = page.locator('tbody tr', { hasText: 'Сухум' });
    await row.waitFor();
    assert.match(await row.innerText(), /Абхазия\s*\(как в источнике; в справочнике: Грузия\)/);
    await setLanguage(page, 'en');
    const en = page.locator('tbody tr', { hasText: 'Sukhumi' });
    await en.waitFor();
    assert.match(await en.innerText(), /Abkhazia\s*\(as the source writes it; in the gazetteer: Georgia\)/);
    await shot(page, 'krasnodar-partners-en', { fullPage: true });
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('a guest of the public calendar reads the congress quotes too', async () => {
    const { page, context, problems } = await suite.newPage({ locale: 'en-GB' });
    await page.goto('/events');
    await page.getByRole('link', { name: /Eurasian Congress/ }).first().click();
    await page.getByRole('heading', { name: /In their own words|Прямая речь/, level: 2 }).waitFor();
    assert.deepEqual(problems, []);
    await context.close();
  });
});
