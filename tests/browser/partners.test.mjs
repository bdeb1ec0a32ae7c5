// Browser test of the partners registry: a staff member adds a partnership
// through the form (validation messages first), finds the new partner on the
// world map and in the network view, in Russian and in English; a partner-city
// user sees only its own partnership; the list at phone width.
// Screenshots go to tests/browser/screenshots/partners-*.png.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { browserSuite, setLanguage, shooter, signIn } from './lib/page.mjs';

const shot = shooter('partners-');

async function addPartnership(page, { search, option, since, kind, contact }) {
  await page.getByRole('button', { name: /^(Добавить партнёрство|Add partnership)$/ }).click();
  const dialog = page.getByRole('dialog');
  await dialog.locator('#pf-since').fill(since);
  await dialog.locator('#pf-kind').selectOption(kind);
  await dialog.getByLabel(/^(Контакт в городе-партнёре|Counterpart in the partner city)/).fill(contact);
  await dialog.getByRole('combobox', { name: /(Город-партнёр|Partner city)/ }).fill(search);
  await dialog.getByRole('option', { name: option }).first().click();
  await dialog.getByRole('button', { name: /^(Создать|Create)$/ }).click();
  await page.waitForURL(/\/partners\/\d+\?created=1$/);
}

describe('partners registry in the browser', () => {
  const files = mkdtempSync(join(tmpdir(), 'pobratim-files-'));
  const suite = browserSuite({ server: { env: { POBRATIM_FILES: files } }, page: { locale: 'ru-RU' } });
  after(() => rmSync(files, { recursive: true, force: true }));

  test('staff, Russian: list, validation, add Vienna, find it on the map and the network', async () => {
    const { context, page, problems } = await suite.newPage();
    await signIn(page, 'staff@pobratim.demo');
    await page.getByRole('navigation', { name: 'Основная навигация' }).getByRole('link', { name: 'Партнёры' }).click();
    await page.getByRole('heading', { name: 'Партнёры', level: 1 }).waitFor();
    const rows = page.locator('.partners-table tbody tr');
    await rows.first().waitFor();
    assert.equal(await rows.count(), 12, 'Moscow\'s 12 demo partnerships');
    assert.match(await page.locator('.counts').innerText(), /Партнёрств: 12/);
    assert.match(await page.locator('.counts').innerText(), /Китай\s+5/);
    await shot(page, 'list-ru', { fullPage: true });

    // validation: no partner city; then an impossible date
    await page.getByRole('button', { name: 'Добавить партнёрство' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Создать' }).click();
    const summary = dialog.locator('.error-summary');
    await summary.waitFor();
    assert.match(await summary.innerText(), /Исправьте отмеченные поля[\s\S]*Город-партнёр: Заполните это поле/);
    await dialog.getByRole('combobox', { name: /Город-партнёр/ }).fill('Вена');
    await dialog.getByRole('option', { name: /^Вена — Австрия/ }).first().click();
    await dialog.getByLabel(/^С какого времени/).fill('1992-02-30');
    await dialog.getByRole('button', { name: 'Создать' }).click();
    await dialog.getByText(/С какого времени: Введите существующую дату/).waitFor();
    assert.match(await dialog.locator('#pf-since-error').innerText(), /Введите существующую дату/);
    await shot(page, 'form-errors-ru');
    await dialog.getByRole('button', { name: 'Отмена' }).click();
    await dialog.waitFor({ state: 'hidden' });

    await addPartnership(page, { search: 'Вена', option: /^Вена — Австрия/, since: '1992', kind: 'sister',
      contact: 'Magistrat der Stadt Wien, MA 27' });
    await page.getByRole('heading', { name: 'Вена', level: 1 }).waitFor();
    assert.match(await page.locator('main').innerText(), /Партнёрство добавлено/);
    assert.match(await page.locator('dl.kv').first().innerText(), /Контакт в городе-партнёре\s+Magistrat der Stadt Wien, MA 27/);
    await page.getByText(/Встреч этих двух городов пока нет/).waitFor();	/* loaded after the page */
    await shot(page, 'page-ru', { fullPage: true });

    // the map: a marker for Vienna, a hover card, a click back to its page
    await page.getByRole('link', { name: 'Партнёры' }).first().click();
    await page.getByRole('navigation', { name: 'Разделы партнёров' }).getByRole('link', { name: 'Карта' }).click();
    const marker = page.locator('a.map-marker[data-city="Vienna"]');
    await marker.waitFor();
    assert.match(await marker.getAttribute('aria-label'), /^Вена, Австрия: Город-побратим$/);
    assert.equal(await page.locator('a.map-marker').count(), 13);
    await marker.hover();
    await page.locator('.map-card').waitFor();
    assert.match(await page.locator('.map-card').innerText(), /Вена/);
    await shot(page, 'map-ru');
    await marker.click();
    await page.getByRole('heading', { name: 'Вена', level: 1 }).waitFor();

    // the network around Moscow has Vienna; around Vienna, Moscow is its partner
    await page.goto('/partners/network');
    const node = page.locator('a.net-node[data-city="Vienna"]');
    await node.waitFor();
    assert.match(await node.getAttribute('aria-label'), /Вена, Австрия/);
    assert.match(await page.locator('.net-side').innerText(), /Предложения/);
    assert.match(await page.locator('.net-side').innerText(), /Краснодар[\s\S]*общих партнёров: 1/);
    await shot(page, 'network-ru');
    await node.focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/partners\/network\?city=\d+$/);
    await page.locator('a.net-node.depth-0[data-city="Vienna"]').waitFor();
    assert.match(await page.locator('.net-side').innerText(), /Москва/);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('staff, English: add Prague, map, network, validation in English', async () => {
    const { context, page, problems } = await suite.newPage({ locale: 'en-GB' });
    await signIn(page, 'staff@pobratim.demo');
    const saved = page.waitForResponse((r) => r.url().endsWith('/api/v1/me') && r.request().method() === 'PATCH');
    await setLanguage(page, 'en');
    await saved;
    await page.goto('/partners');
    await page.getByRole('heading', { name: 'Partners', level: 1 }).waitFor();
    await page.locator('.partners-table tbody tr').first().waitFor();
    assert.equal(await page.locator('.partners-table tbody tr').count(), 13);

    await page.getByRole('button', { name: 'Add partnership' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('combobox', { name: /Partner city/ }).fill('Vienna');
    await dialog.getByRole('option', { name: /^Vienna — Austria/ }).first().click();
    await dialog.getByRole('button', { name: 'Create' }).click();
    await dialog.locator('.error-summary').waitFor();
    assert.match(await dialog.locator('.error-summary').innerText(), /These two cities already have a partnership/);
    await shot(page, 'form-duplicate-en');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });

    await addPartnership(page, { search: 'Prague', option: /^Prague — Czech/, since: '1995-05-12', kind: 'cooperation',
      contact: 'Prague City Hall, External Relations' });
    await page.getByRole('heading', { name: 'Prague', level: 1 }).waitFor();
    assert.match(await page.locator('dl.kv').first().innerText(), /Counterpart in the partner city\s+Prague City Hall, External Relations/);
    await page.getByText(/No meetings of these two cities yet/).waitFor();	/* loaded after the page */
    await shot(page, 'page-en', { fullPage: true });

    await page.goto('/partners/map');
    const marker = page.locator('a.map-marker[data-city="Prague"]');
    await marker.waitFor();
    assert.match(await marker.getAttribute('aria-label'), /^Prague, Czech.*: Cooperation$/);
    await marker.focus();
    await page.locator('.map-card').waitFor();
    await shot(page, 'map-en');

    await page.goto('/partners/network');
    await page.locator('a.net-node[data-city="Prague"]').waitFor();
    await page.locator('a.net-node[data-city="Vienna"]').waitFor();
    await shot(page, 'network-en');

    // a status change keeps a dated history
    await page.goto('/partners');
    await page.getByRole('link', { name: 'Prague' }).click();
    await page.getByRole('button', { name: 'Edit' }).click();
    const edit = page.getByRole('dialog');
    await edit.getByLabel(/^Status/).selectOption('frozen');
    await edit.getByLabel(/^Reason for the change/).fill('Paused by both sides');
    await edit.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Partnership saved.').waitFor();
    assert.match(await page.locator('.history').innerText(), /Active[\s\S]*Frozen — Paused by both sides/);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('partner city user: only its own partnership; phone width', async () => {
    const { context, page, problems } = await suite.newPage({ width: 360, height: 780 });
    await signIn(page, 'partner@pobratim.demo');
    await page.goto('/partners');
    await page.locator('.partners-table tbody tr').first().waitFor();
    assert.equal(await page.locator('.partners-table tbody tr').count(), 1);
    assert.match(await page.locator('.partners-table').innerText(), /Москва/);
    assert.equal(await page.getByRole('button', { name: 'Добавить партнёрство' }).count(), 0);
    assert.equal(await page.getByRole('navigation', { name: 'Разделы партнёров' }).count(), 0);
    await shot(page, 'partner-360', { fullPage: true });
    await page.getByRole('link', { name: 'Москва' }).click();
    await page.getByRole('heading', { name: 'Москва', level: 1 }).waitFor();
    assert.match(await page.locator('main').innerText(), /Дорожная карта|План мероприятий/);
    await shot(page, 'partner-page-360', { fullPage: true });
    await page.goto('/partners/map');
    await page.getByRole('heading', { level: 1 }).waitFor();
    assert.match(await page.locator('main').innerText(), /403|нет доступа|Нет доступа/i);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('the public, Russian and English: the published partner cities of Moscow and Krasnodar on the map and in a table', async () => {
    const { context, page, problems } = await suite.newPage();
    await page.goto('/news');
    await page.getByRole('navigation', { name: 'Основная навигация' }).getByRole('link', { name: 'Города-партнёры' }).click();
    await page.getByRole('heading', { name: 'Города-партнёры', level: 1 }).waitFor();
    assert.equal(await page.getByRole('link', { name: 'Войти' }).count(), 1, 'not signed in');
    const rows = page.locator('main table tbody tr');
    await rows.first().waitFor();
    // Moscow first (the most partners), only the published ones: what /partner-cities says
    const api = await page.evaluate(async () => (await (await fetch('/api/v1/partner-cities?limit=200')).json()).items);
    const ofCity = (id) => api.filter((x) => x.city_a.id === id || x.city_b.id === id);
    const moscow = api.find((x) => x.city_a.name_en === 'Moscow' || x.city_b.name_en === 'Moscow');
    const moscowId = moscow.city_a.name_en === 'Moscow' ? moscow.city_a.id : moscow.city_b.id;
    assert.equal(await page.getByLabel('Город', { exact: true }).inputValue(), String(moscowId));
    assert.equal(await rows.count(), ofCity(moscowId).length);
    assert.equal(await page.locator('svg.world-map .map-marker').count(), ofCity(moscowId).length);
    assert.match(await page.locator('main table').innerText(), /Минск\s+Беларусь\s+Город-побратим|Минск\s+Беларусь\s+\S+/);
    // a marker answers the keyboard with its card
    await page.locator('svg.world-map .map-marker[data-city="Minsk"]').focus();
    assert.match(await page.locator('.map-card').innerText(), /Минск/);
    await shot(page, 'public-cities-ru', { fullPage: true });
    const krasnodarOption = await page.locator('#pc-city option', { hasText: /^Краснодар/ }).getAttribute('value');
    await page.getByLabel('Город', { exact: true }).selectOption(krasnodarOption);
    await page.waitForURL(/\/partner-cities\?city=\d+$/);
    await page.locator('main table', { hasText: 'Харбин' }).waitFor();
    const krasnodarId = Number(new URL(page.url()).searchParams.get('city'));
    assert.equal(await rows.count(), ofCity(krasnodarId).length);
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Partner cities', level: 1 }).waitFor();
    await page.locator('main table', { hasText: 'Harbin' }).waitFor();
    await shot(page, 'public-cities-en', { fullPage: true });
    // the address keeps the choice
    await page.reload();
    await page.locator('main table', { hasText: 'Harbin' }).waitFor();
    assert.deepEqual(problems, []);
    await context.close();
  });
});
