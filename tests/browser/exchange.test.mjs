// Browser test of the information exchange: the public news page without
// signing in; a correspondent writes a bulletin with a preview and submits
// it; staff publish it from the moderation queue; the public finds it by
// another word form; a fact check carries ClaimReview JSON-LD; the aid board
// hides contacts. Screenshots in Russian and English, and at phone width.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { browserSuite, setLanguage, shooter, signIn } from './lib/page.mjs';
import { chosenCountries, pickCountry } from './lib/countries.mjs';

const shot = shooter();

describe('information exchange', () => {
  const suite = browserSuite({ page: { locale: 'ru-RU' } });
  /* a page whose alerts and confirms are problems too */
  const open = async (opts) => {
    const p = await suite.newPage(opts);
    p.page.on('dialog', (d) => p.problems.push(`dialog: ${d.message()}`));
    return p;
  };

  test('public news page works without signing in, with filters, activity and feeds', async () => {
    const { page, context, problems } = await open();
    await page.goto('/news');
    await page.getByRole('heading', { name: 'Новости и проверка фактов', level: 1 }).waitFor();
    await page.getByRole('link', { name: /Москва и соотечественники — взаимодействие онлайн/ }).waitFor();
    await page.getByRole('heading', { name: 'Активность по странам' }).waitFor();
    assert.equal(await page.getByRole('link', { name: 'Войти' }).count(), 1);
    await shot(page, 'exchange-news-public-ru', { fullPage: true });
    await page.getByLabel('Тема').selectOption('health');
    await page.waitForURL(/topic=health/);
    // the unfiltered list stays on screen until the filtered page arrives: wait for it to go
    await page.getByRole('link', { name: /В условиях изоляции/ }).waitFor({ state: 'detached' });
    await page.getByRole('link', { name: /Краснодар и Харбин/ }).waitFor();
    await page.getByRole('link', { name: /Беларусь/ }).first().click();
    await page.waitForURL(/country=BY/);
    const feed = await page.getByRole('link', { name: /Все материалы/ }).getAttribute('href');
    assert.equal(feed, '/api/v1/feeds/bulletins.atom?country=BY&topic=health');
    // the demo fact check: ClaimReview JSON-LD in the head, verdict shown
    await page.goto('/news?kind=fact_check');
    await page.getByRole('link', { name: /Демонстрационный пример: жара/ }).click();
    await page.getByRole('heading', { name: 'Утверждение' }).waitFor();
    await page.getByText('Ложь', { exact: true }).waitFor();
    const ld = JSON.parse(await page.locator('head script[type="application/ld+json"]').textContent());
    assert.equal(ld['@type'], 'ClaimReview');
    await shot(page, 'exchange-fact-check-ru', { fullPage: true });
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'The claim' }).waitFor();
    await shot(page, 'exchange-fact-check-en', { fullPage: true });
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('a correspondent writes, staff publish from the queue, the public finds it', async () => {
    const title = 'Конференция соотечественников в Риме';
    const { page, context, problems } = await open();
    await signIn(page, 'correspondent@pobratim.demo', { next: '/exchange/write' });
    await page.getByRole('heading', { name: 'Новый материал', level: 1 }).waitFor();
    await page.getByLabel('Заголовок').fill(title);
    await pickCountry(page, /^Страны/, 'Итал', /^Италия IT$/);
    await pickCountry(page, /^Страны/, 'росс', /^Российская Федерация RU$/);
    assert.deepEqual(await chosenCountries(page, 'Страны'), ['Италия', 'Российская Федерация']);
    await page.getByRole('combobox', { name: /^Город/ }).fill('Рим');
    await page.getByRole('option', { name: /^Рим — Италия/ }).first().click();
    await page.getByLabel('Соотечественники').check();
    await page.getByRole('textbox', { name: /^Текст/ }).fill('В Риме прошла **конференция** соотечественников.\n\n<script>alert(1)</script>\n\n[Сайт](https://example.org)');
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNgAAAAAgABSK+kcQAAAABJRU5ErkJggg==', 'base64');
    await page.getByLabel('Вставить изображение…').setInputFiles({ name: 'rome.png', mimeType: 'image/png', buffer: png });
    await page.waitForFunction(() => /!\[rome\.png\]\(\/api\/v1\/files\/[0-9a-f]{64}\.png\)/.test(document.querySelector('#ed-body').value));
    await page.getByRole('tab', { name: 'Предпросмотр' }).click();
    const preview = page.locator('.preview');
    await preview.locator('strong', { hasText: 'конференция' }).waitFor();
    assert.equal(await preview.locator('script').count(), 0);
    assert.equal(await preview.locator('img[alt="rome.png"]').evaluate((i) => i.complete && i.naturalWidth), 1);
    assert.equal(await preview.locator('a').getAttribute('rel'), 'nofollow ugc noopener');
    await shot(page, 'exchange-editor-preview-ru', { fullPage: true });
    // saved as a draft, the editor reads the city back
    await page.getByRole('button', { name: 'Сохранить черновик' }).click();
    await page.waitForURL(/\/exchange\/edit\/\d+\?saved=1$/);
    await page.getByText('Сохранено.').waitFor();
    const cityBox = page.getByRole('combobox', { name: /^Город/ });
    await page.waitForFunction(() => document.querySelector('#ed-city_id')?.value === 'Рим — Италия');
    assert.equal(await cityBox.inputValue(), 'Рим — Италия');
    await shot(page, 'exchange-editor-city-ru');
    // a second draft with another topic: the history says what changed
    await page.getByLabel('Культура').check();
    await page.getByRole('button', { name: 'Сохранить черновик' }).click();
    await page.getByText('Сохранено.').waitFor();
    await page.getByRole('button', { name: 'Отправить на модерацию' }).click();
    await page.getByRole('heading', { name: title, level: 1 }).waitFor();
    await page.getByText('Материал ещё не опубликован.').waitFor();
    assert.equal(await page.locator('.bulletin-page .bulletin-city').textContent(), 'Рим', 'the bulletin page names its city');
    const history = page.locator('table', { has: page.getByRole('columnheader', { name: 'Изменения' }) });
    await history.locator('.change-list li').first().waitFor();
    assert.deepEqual(await history.locator('.change-list li').allTextContents(),
      ['Темы: Соотечественники → Соотечественники, Культура']);
    await history.scrollIntoViewIfNeeded();
    await shot(page, 'exchange-history-ru');
    await context.close();

    const anon = await open();
    const res = await anon.page.goto('/api/v1/search?q=' + encodeURIComponent('конференциях Риме'));
    assert.equal((await res.json()).items.length, 0, 'not public before moderation');
    await anon.context.close();

    const staff = await open({ locale: 'en-US' });
    await signIn(staff.page, 'staff@pobratim.demo', { next: '/exchange/moderation' });
    await staff.page.getByRole('heading', { name: /^(Очередь модерации|Moderation queue)$/, level: 1 }).waitFor();
    const card = staff.page.locator('.bulletin-card', { hasText: title });
    await card.waitFor();
    await shot(staff.page, 'exchange-moderation');
    await card.getByRole('button', { name: /^(Опубликовать|Publish)$/ }).click();
    await staff.page.getByText(new RegExp(`(Опубликовано|Published): ${title}`)).waitFor();
    assert.deepEqual(staff.problems, []);
    await staff.context.close();

    const pub = await open({ locale: 'en-US' });
    await pub.page.goto('/search?q=' + encodeURIComponent('конференциях Риме'));
    const hit = pub.page.locator('.hit', { hasText: title });
    await hit.waitFor();
    assert.deepEqual(await hit.locator('mark').allInnerTexts(), ['Конференция', 'Риме', 'Риме', 'конференция']);
    await shot(pub.page, 'exchange-search-en');
    await hit.getByRole('link').click();
    await pub.page.getByRole('heading', { name: title, level: 1 }).waitFor();
    assert.equal(await pub.page.locator('.prose script').count(), 0);
    assert.equal(await pub.page.locator('.bulletin-city').textContent(), 'Rome', 'its city in the UI language');
    await shot(pub.page, 'exchange-bulletin-city-en');
    assert.deepEqual(problems, []);
    assert.deepEqual(pub.problems, []);
    await pub.context.close();
  });

  test('a fact check\'s sources: one link per field, added by Enter or the button, read back in order', async () => {
    const { page, context, problems } = await open({ locale: 'en-GB' });
    await signIn(page, 'correspondent@pobratim.demo', { next: '/exchange/write' });
    await setLanguage(page, 'en');
    await page.getByRole('heading', { name: 'New bulletin', level: 1 }).waitFor();
    await page.getByLabel('Kind', { exact: true }).selectOption('fact_check');
    await page.getByLabel('Title', { exact: true }).fill('No, Moscow did not close its parks to compatriots');
    await pickCountry(page, /^Countries/, 'ital', /^Italy IT$/);
    await page.getByRole('textbox', { name: /^Explanation/ }).fill('The parks stayed open; the claim mixed up two decrees.');
    await page.getByLabel('The claim being checked').fill('Moscow closed its parks to compatriots');
    await page.getByLabel('Verdict').selectOption('false');
    const sources = page.getByLabel(/^Sources/);
    await sources.fill('https://www.mos.ru/news/item/1/');
    await sources.press('Enter');	/* a new row, not the form's submit */
    await page.getByLabel('Source 2', { exact: true }).fill('https://example.org/decree');
    await page.getByRole('button', { name: 'Add a source' }).click();	/* a third row left empty: not a source */
    await shot(page, 'exchange-sources-en');
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.waitForURL(/\/exchange\/edit\/\d+\?saved=1$/);
    await page.getByText('Saved.').waitFor();
    await page.reload();
    await page.getByLabel('Source 2', { exact: true }).waitFor();
    assert.deepEqual(await page.locator('.value-list input').evaluateAll((l) => l.map((i) => i.value)),
      ['https://www.mos.ru/news/item/1/', 'https://example.org/decree']);
    /* a row removed is a source gone */
    await page.getByRole('button', { name: 'Remove: https://example.org/decree' }).click();
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.getByText('Saved.').waitFor();
    const id = page.url().match(/edit\/(\d+)/)[1];
    const saved = await page.evaluate(async (n) => (await (await fetch(`/api/v1/bulletins/${n}`)).json()).sources, id);
    assert.deepEqual(saved, ['https://www.mos.ru/news/item/1/']);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('search finds meetings and events by Russian and English word forms, filters them, opens a meeting', async () => {
    for (const [locale, name] of [['ru-RU', 'ru'], ['en-US', 'en']]) {
      const ru = name === 'ru';
      const { context, page, problems } = await open({ locale });
      await signIn(page, 'partner@pobratim.demo', { next: '/search' });
      await setLanguage(page, ru ? 'ru' : 'en');
      await page.getByRole('heading', { name: ru ? 'Поиск' : 'Search', level: 1 }).waitFor();
      // Minsk's partner takes part in the meeting with the Minsk delegation
      await page.getByRole('searchbox').fill(ru ? 'делегациями Минска' : 'delegations');
      await page.getByRole('button', { name: ru ? 'Найти' : 'Search', exact: true }).click();
      const meeting = page.locator('.hit', { hasText: ru ? 'Встреча с делегацией города Минска в Москве' : 'Meeting with the Minsk city delegation in Moscow' });
      await meeting.waitFor();
      assert.match(await meeting.locator('.bulletin-meta').textContent(),
        ru ? /^Встреча · Очная встреча · 1 июл\. 2023 г\. – 31 мая 2024 г\. · Состоялась · (RU, BY|BY, RU)$/
          : /^Meeting · In person · 1 Jul 2023 – 31 May 2024 · Held · (RU, BY|BY, RU)$/);
      assert.equal(await meeting.locator('.hit-other-title').getAttribute('lang'), ru ? 'en' : 'ru', 'the other language below');
      assert.ok((await meeting.locator('.hit-title mark').count()) > 0, 'the matched word is marked in the title');
      // the filters: kind, country, topic (bulletins only)
      await page.getByLabel(ru ? 'Вид' : 'Kind', { exact: true }).selectOption('meeting');
      await page.waitForURL(/kind=meeting/);
      const answer = page.waitForResponse((r) => /\/api\/v1\/search\?.*country=BY/.test(r.url()));
      await page.getByLabel(ru ? 'Страна' : 'Country', { exact: true }).selectOption('BY');
      assert.equal((await (await answer).json()).items.length, 1);
      await page.getByRole('status').filter({ hasText: ru ? /: 1$/ : /^1 results/ }).waitFor();
      assert.equal(await meeting.count(), 1, 'only the meeting with Belarus');
      await shot(page, `search-meetings-${name}`);
      await page.getByLabel(ru ? 'Тема' : 'Topic', { exact: true }).selectOption('culture');
      await page.waitForURL(/topic=culture/);
      await page.getByText(ru ? /Темы есть только у материалов/ : /Only bulletins and fact checks have topics/).waitFor();
      await meeting.waitFor({ state: 'detached' });
      // an event, by another word form, with its kind and status
      await page.goto('/search?q=' + encodeURIComponent(ru ? 'фестивалях' : 'festivals') + '&kind=event');
      const event = page.locator('.hit', { hasText: ru ? 'Фестиваль тайской культуры' : 'Thai Culture Festival' });
      await event.waitFor();
      assert.match(await event.locator('.bulletin-meta').textContent(),
        ru ? /^Мероприятие · Фестиваль культуры · Проведено/ : /^Event · Culture festival · Held/);
      assert.match(await event.getByRole('link').getAttribute('href'), /^\/events\/\d+$/);
      await shot(page, `search-events-${name}`);
      // the meeting hit opens the meeting page
      await page.goto('/search?q=' + encodeURIComponent(ru ? 'делегацией' : 'delegation') + '&kind=meeting');
      await meeting.getByRole('link').click();
      await page.waitForURL(/\/meetings\/\d+$/);
      await page.getByRole('heading', { level: 1, name: ru ? 'Встреча с делегацией города Минска в Москве' : 'Meeting with the Minsk city delegation in Moscow' }).waitFor();
      await shot(page, `search-meeting-opened-${name}`);
      assert.deepEqual(problems, []);
      await context.close();
    }
  });

  test('aid board: the author sees the contact, another correspondent only after answering', async () => {
    const a = await open({ locale: 'en-US' });
    await signIn(a.page, 'correspondent@pobratim.demo', { next: '/aid' });
    await a.page.getByRole('button', { name: /^(Новая просьба или предложение|New request or offer)$/ }).first().click();
    const dlg = a.page.getByRole('dialog');
    await dlg.getByLabel(/^(Заголовок|Title)/).fill('Need a Russian-speaking doctor in Rome');
    await dlg.getByLabel(/^(Описание|Description)/).fill('A compatriot needs a consultation this week.');
    await pickCountry(dlg, /^(Страна|Country)/, 'Ital', /^(Италия|Italy) IT$/);
    await dlg.getByLabel(/^(Контакты|Contact details)/).fill('+39 06 0000 0000');
    await dlg.getByRole('button', { name: /^(Опубликовать|Publish)$/ }).click();
    await a.page.getByText('+39 06 0000 0000').waitFor();
    const url = a.page.url();
    await a.context.close();

    const b = await open({ width: 390, height: 844 });
    await signIn(b.page, 'correspondent.ee@pobratim.demo', { next: new URL(url).pathname });
    await b.page.getByText(/Скрыты|Hidden/).waitFor();
    assert.doesNotMatch(await b.page.content(), /\+39 06/);
    await b.page.getByLabel(/^(Ваш ответ|Your answer)/).fill('Our clinic can help.');
    await b.page.getByRole('button', { name: /^(Ответить|Answer)$/ }).click();
    await b.page.getByText('+39 06 0000 0000').waitFor();
    await b.page.goto('/aid');
    await b.page.locator('.aid-card').first().waitFor();
    await shot(b.page, 'exchange-aid-phone', { fullPage: true });
    assert.deepEqual(b.problems, []);
    await b.context.close();
  });

  test('phone width: the public news page has no horizontal scroll', async () => {
    const { page, context, problems } = await open({ width: 360, height: 780, locale: 'en-US' });
    await page.goto('/news');
    await page.locator('.bulletin-card').first().waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `horizontal overflow ${overflow}px`);
    await shot(page, 'exchange-news-phone-en', { fullPage: true });
    assert.deepEqual(problems, []);
    await context.close();
  });
});
