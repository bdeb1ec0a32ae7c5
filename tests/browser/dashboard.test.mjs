// The dashboard per role (issue 15, point 5), in Russian and English, on the
// demo data: Moscow's staff see Moscow's overdue decision (not Krasnodar's),
// the demo's years-old plans flagged for a status update and not "upcoming",
// bulletins in one language; a correspondent sees their drafts, returned
// items and open aid requests and no gazetteer counters; a partner sees no
// gazetteer counters and no status flags. Screenshots: dash-*.png.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { apiCall, browserSuite, setLanguage, shooter, signIn } from './lib/page.mjs';

const shot = shooter('dash-');
const card = (page, name) => page.locator('section', { has: page.getByRole('heading', { name, level: 2 }) });

const TEXT = {
  ru: {
    title: 'Сводка', stale: 'Проверьте статус', overdue: 'Просроченные поручения', events: 'Предстоящие события',
    noEvents: 'Предстоящих событий нет.', bulletins: 'Последние бюллетени', countries: 'Страны',
    minsk: 'Дни Москвы в Минске', minskFlag: /Дни Москвы в Минске\s+всё ещё «Запланировано», без изменений с 31 мая 2024/,
    minskDecision: /Провести Дни Москвы в Минске/, note: 'Не менялся больше двух лет: статус всё ещё актуален?', krasnodarDecision: /Дни Краснодара в Харбине/,
    mine: 'Мои черновики и возвращённые', requests: 'Открытые просьбы о помощи', draft: 'Черновик',
    returned: 'Возвращено на доработку', otherLang: /Demo example|Moscow and the Republic/,
  },
  en: {
    title: 'Dashboard', stale: 'Needs a status update', overdue: 'Overdue action items', events: 'Upcoming events',
    noEvents: 'No events ahead.', bulletins: 'Latest bulletins', countries: 'Countries',
    minsk: 'Days of Moscow in Minsk', minskFlag: /Days of Moscow in Minsk\s+still “Planned”, unchanged since 31 May 2024/,
    minskDecision: /Hold the Days of Moscow in Minsk/, note: 'Unchanged for over two years: is it still this status?', krasnodarDecision: /Days of Krasnodar in Harbin/,
    mine: 'My drafts and returned items', requests: 'Open aid requests', draft: 'Draft',
    returned: 'Returned for changes', otherLang: /Демонстрационный пример|Москва и Республика/,
  },
};

describe('dashboard per role', () => {
  const suite = browserSuite({ page: { height: 900 } });

  for (const lang of ['ru', 'en']) {
    const T = TEXT[lang];

    test(`${lang}: Moscow staff — their city's work, stale plans flagged, one language of bulletins`, async () => {
      const { page, context, problems } = await suite.newPage({ locale: lang === 'ru' ? 'ru-RU' : 'en-GB' });
      await signIn(page, 'staff@pobratim.demo');
      await setLanguage(page, lang);
      await page.getByRole('heading', { name: T.title, level: 1 }).waitFor();
      const stale = card(page, T.stale);
      await stale.getByRole('link', { name: T.minsk }).waitFor();
      assert.match(await stale.innerText(), T.minskFlag);
      await card(page, T.events).getByText(T.noEvents).waitFor();
      const overdue = card(page, T.overdue);
      await overdue.getByText(T.minskDecision).waitFor();
      assert.doesNotMatch(await overdue.innerText(), T.krasnodarDecision, 'Krasnodar\'s decision is not Moscow\'s');
      const bulletins = card(page, T.bulletins);
      await bulletins.getByRole('link').first().waitFor();
      assert.doesNotMatch(await bulletins.innerText(), T.otherLang, 'one language copy');
      await page.locator('.stat', { hasText: T.countries }).waitFor();
      await shot(page, `staff-${lang}`, { fullPage: true });
      // the flag leads to the event, whose page says the same
      await stale.getByRole('link', { name: T.minsk }).click();
      await page.getByText(T.note).waitFor();
      await shot(page, `stale-event-${lang}`, { fullPage: true });
      assert.deepEqual(problems, []);
      await context.close();
    });

    test(`${lang}: Krasnodar staff — Krasnodar's decision and plans, not Moscow's`, async () => {
      const { page, context, problems } = await suite.newPage({ locale: lang === 'ru' ? 'ru-RU' : 'en-GB' });
      await signIn(page, 'staff.krasnodar@pobratim.demo');
      await setLanguage(page, lang);
      const overdue = card(page, T.overdue);
      await overdue.getByText(T.krasnodarDecision).waitFor();
      assert.doesNotMatch(await overdue.innerText(), T.minskDecision);
      const stale = card(page, T.stale);
      await stale.getByRole('link', { name: T.krasnodarDecision }).waitFor();
      assert.doesNotMatch(await stale.innerText(), new RegExp(T.minsk));
      await shot(page, `krasnodar-${lang}`, { fullPage: true });
      assert.deepEqual(problems, []);
      await context.close();
    });

    test(`${lang}: a correspondent — drafts, returned items, aid requests; no gazetteer counters`, async () => {
      const { page, context, problems } = await suite.newPage({ locale: lang === 'ru' ? 'ru-RU' : 'en-GB' });
      const email = lang === 'ru' ? 'correspondent.ee@pobratim.demo' : 'correspondent.me@pobratim.demo';
      await signIn(page, email);
      await setLanguage(page, lang);
      const mine = card(page, T.mine);
      await mine.getByText(/\S/).first().waitFor();
      const title = `Dashboard draft ${lang}`;
      const draft = await apiCall(page, 'POST', '/bulletins', { kind: 'news', lang, title, body: 'Text.',
        countries: ['EE'], topics: ['compatriots'] });
      assert.equal(draft.status, 201, JSON.stringify(draft.json));
      const request = await apiCall(page, 'POST', '/aid', { kind: 'request', category: 'legal', lang,
        title: `Aid request ${lang}`, body: 'Looking for a lawyer.', country_code: 'EE', contact: 'help@example.org' });
      assert.equal(request.status, 201, JSON.stringify(request.json));
      await page.reload();
      await mine.getByRole('link', { name: title }).waitFor();
      assert.match(await mine.innerText(), new RegExp(`${title}\\s+${T.draft}`));
      await card(page, T.requests).getByRole('link', { name: `Aid request ${lang}` }).waitFor();
      assert.equal(await card(page, T.stale).count(), 0, 'no status flags for a correspondent');
      assert.equal(await page.locator('.stat', { hasText: T.countries }).count(), 0);
      await shot(page, `correspondent-${lang}`, { fullPage: true });
      assert.deepEqual(problems, []);
      await context.close();
    });
  }

  test('a returned bulletin is on its correspondent\'s dashboard; a partner sees no counters or flags', async () => {
    const { page, context, problems } = await suite.newPage({ locale: 'en-GB' });
    await signIn(page, 'correspondent.gb@pobratim.demo');
    await setLanguage(page, 'en');
    const made = await apiCall(page, 'POST', '/bulletins', { kind: 'news', lang: 'en', title: 'To be returned',
      body: 'Text.', countries: ['GB'], topics: ['compatriots'] });
    assert.equal((await apiCall(page, 'POST', `/bulletins/${made.json.id}/submit`)).status, 200);
    await context.clearCookies();
    await signIn(page, 'staff@pobratim.demo');
    assert.equal((await apiCall(page, 'POST', `/bulletins/${made.json.id}/return`, { reason: 'Add a source.' })).status, 200);
    await context.clearCookies();
    await signIn(page, 'correspondent.gb@pobratim.demo');
    await setLanguage(page, 'en');
    const mine = card(page, TEXT.en.mine);
    await mine.getByRole('link', { name: 'To be returned' }).waitFor();
    assert.match(await mine.innerText(), /To be returned\s+Returned for changes/);

    await context.clearCookies();
    await signIn(page, 'partner@pobratim.demo');
    await setLanguage(page, 'en');
    await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
    await card(page, TEXT.en.overdue).waitFor();
    await page.locator('.stat').first().waitFor();
    assert.equal(await page.locator('.stat', { hasText: 'Countries' }).count(), 0);
    assert.equal(await page.locator('.stat', { hasText: 'Cities in the gazetteer' }).count(), 0);
    assert.equal(await card(page, TEXT.en.stale).count(), 0);
    await shot(page, 'partner-en', { fullPage: true });
    assert.deepEqual(problems, []);
    await context.close();
  });
});
