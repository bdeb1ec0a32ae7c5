// Browser test of people as contacts (issue 15). Russian: staff open People
// from the menu, filter by a word of the post and by city, add a person, open
// their page and change their post (a new period in the posts over time),
// export the list as vCard and import a card of a Düsseldorf official.
// English: merge two records of one person (the duplicate's meeting moves to
// the kept record's page), a refused vCard file's message, and the search
// finding a seed person («Черёмин»). A partner: no People page, but their
// city's people found by search, without contacts. Screenshots go to
// tests/browser/screenshots/people-*.png.

import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { apiCall, browserSuite, setLanguage, shooter, signIn } from './lib/page.mjs';

const shot = shooter('people-');
const files = mkdtempSync(join(tmpdir(), 'pobratim-vcf-'));
after(() => rmSync(files, { recursive: true, force: true }));

/** The names in the people table's first column. */
async function names(page) {
  await page.locator('#people-table').waitFor();
  return page.locator('#people-table tbody th').allInnerTexts();
}

/** Waits until the table shows every name of `has` and none of `hasNot`. */
async function waitNames(page, has, hasNot = []) {
  await page.waitForFunction(([yes, no]) => {
    const rows = [...document.querySelectorAll('#people-table tbody th')].map((x) => x.textContent.trim());
    return yes.every((n) => rows.includes(n)) && !no.some((n) => rows.includes(n));
  }, [has, hasNot]);
}

describe('people in the browser', () => {
  const suite = browserSuite({ page: { locale: 'ru-RU', timeout: 15000, acceptDownloads: true } });

  test('staff, Russian: list, filters, add, the person\'s page, vCard export and import', async () => {
    const { context, page, problems } = await suite.newPage();
    await signIn(page, 'staff@pobratim.demo');
    await page.getByRole('navigation').getByRole('link', { name: 'Люди' }).click();
    await page.waitForURL((u) => u.pathname === '/people');
    const all = await names(page);
    assert.ok(all.includes('Пётр Гладков') && all.includes('Сергей Черёмин'), all.join(', '));
    await shot(page, 'list-ru', { fullPage: true });

    // a word of the post
    await page.getByLabel('Должность', { exact: true }).fill('директор');
    await waitNames(page, ['Пётр Гладков'], ['Сергей Черёмин']);
    await page.getByLabel('Должность', { exact: true }).fill('');
    // the city
    await page.getByRole('combobox', { name: /^Город/ }).fill('Краснодар');
    await page.getByRole('option', { name: /^Краснодар — Росси/ }).first().click();
    await waitNames(page, ['Евгений Первышов'], ['Пётр Гладков']);
    await shot(page, 'filter-city-ru', { fullPage: true });
    await page.getByRole('button', { name: /Очистить|Clear/ }).first().click();
    await waitNames(page, ['Пётр Гладков']);

    // add a person
    await page.getByRole('button', { name: 'Добавить человека' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel(/^Имя по-русски/).fill('Анна Петрова');
    await dialog.getByLabel(/^Имя по-английски/).fill('Anna Petrova');
    await dialog.getByLabel(/^Должность по-русски/).fill('советник');
    await dialog.getByLabel(/^Должность по-английски/).fill('adviser');
    await dialog.getByLabel(/^В должности с/).fill('2021-02-01');
    await dialog.getByLabel(/^Эл. почта/).fill('anna.petrova@example.org');
    await shot(dialog, 'form-ru');
    await dialog.getByRole('button', { name: 'Создать' }).click();
    await page.getByRole('alert').or(page.getByText('Создано.')).first().waitFor();
    await page.getByRole('link', { name: 'Анна Петрова' }).click();
    await page.waitForURL(/\/people\/\d+$/);
    await page.getByRole('heading', { name: 'Анна Петрова', level: 1 }).waitFor();
    await page.getByText(/^по данным с 1 февр\. 2021/).waitFor();
    assert.ok(await page.getByRole('link', { name: 'anna.petrova@example.org' }).isVisible());
    // edit: a new post opens a new period, the old one is closed
    await page.getByRole('button', { name: 'Изменить' }).click();
    const edit = page.getByRole('dialog');
    await edit.getByLabel(/^Должность по-русски/).fill('старший советник');
    await edit.getByLabel(/^Должность по-английски/).fill('senior adviser');
    await edit.getByLabel(/^В должности с/).fill('2024-03-01');
    await edit.getByRole('button', { name: 'Сохранить' }).click();
    await page.getByText(/^по данным с 1 мар\. 2024/).waitFor();
    await page.getByText(/^1 февр\. 2021 г\. – 1 мар\. 2024/).waitFor();
    assert.deepEqual(await page.locator('.timeline .timeline-what').allInnerTexts(), ['старший советник', 'советник']);
    await shot(page, 'person-new-ru', { fullPage: true });

    // a seed person's page: meetings from the seeds
    await page.goto('/people');
    await page.getByRole('link', { name: 'Сергей Черёмин' }).click();
    await page.getByRole('heading', { name: 'Встречи' }).waitFor();
    assert.ok(await page.locator('section[aria-labelledby="person-meetings"] li a').count() > 0);
    await shot(page, 'person-ru', { fullPage: true });

    // vCard export: every person, in Russian
    await page.goto('/people');
    const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Экспорт vCard' }).click()]);
    const vcf = readFileSync(await file.path(), 'utf8');
    assert.match(vcf, /^BEGIN:VCARD\r\nVERSION:3\.0\r\n/);
    assert.match(vcf, /FN:Анна Петрова\r\n/);

    // vCard import: a Düsseldorf official
    const card = join(files, 'schmidt.vcf');
    writeFileSync(card, ['BEGIN:VCARD', 'VERSION:4.0', 'FN:Hans Schmidt', 'ORG:Düsseldorf', 'TITLE:Leiter',
      '  des Büros für internationale Angelegenheiten', 'EMAIL:hans.schmidt@duesseldorf.example',
      'ADR:;;Marktplatz 1;Düsseldorf;;40213;Germany', 'END:VCARD', ''].join('\r\n'));
    await page.getByRole('button', { name: 'Импорт vCard' }).click();
    const imp = page.getByRole('dialog');
    await imp.getByLabel('Файл vCard').setInputFiles(card);
    await imp.getByRole('button', { name: 'Импортировать' }).click();
    await imp.getByText('Добавлено карточек: 1 из 1.').waitFor();
    await shot(imp, 'import-ru');
    await imp.getByRole('button', { name: 'Закрыть', exact: true }).last().click();
    await waitNames(page, ['Hans Schmidt']);
    const row = page.locator('#people-table tr', { hasText: 'Hans Schmidt' });
    assert.match(await row.innerText(), /Leiter des Büros für internationale Angelegenheiten/);
    assert.match(await row.innerText(), /Дюссельдорф/);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('staff, English: merge duplicates, a refused vCard file, search finds a seed person', async () => {
    const { context, page, problems } = await suite.newPage({ locale: 'en-GB' });
    await signIn(page, 'staff@pobratim.demo');
    await setLanguage(page, 'en', { saved: true });
    // a duplicate of Gladkov named in a meeting
    const dup = await apiCall(page, 'POST', '/people', { name_ru: 'П. Гладков', name_en: 'P. Gladkov',
      phone: '+7 495 111-22-33' });
    assert.equal(dup.status, 201);
    const me = await apiCall(page, 'GET', '/me');
    const meeting = await apiCall(page, 'POST', '/meetings', { title_ru: 'Встреча в Доме соотечественника',
      title_en: 'Meeting at the House of Compatriots', format: 'in_person', timezone: 'Europe/Moscow',
      starts_at: '2031-04-04T09:00:00Z', duration: 60,
      participants: [{ role: 'host', organization_id: me.json.user.organization.id },
        { role: 'speaker', name_ru: 'П. Гладков', name_en: 'P. Gladkov' }] });
    assert.equal(meeting.status, 201);

    await page.goto('/people');
    await names(page);
    await shot(page, 'list-en', { fullPage: true });
    // a phone: the page itself does not scroll sideways (the table scrolls in its own region)
    await page.setViewportSize({ width: 390, height: 844 });
    await page.waitForFunction(() => document.documentElement.scrollWidth <= window.innerWidth);
    await shot(page, 'list-en-390');
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.getByRole('button', { name: 'Merge duplicates' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('searchbox', { name: /^Keep/ }).fill('Gladkov');
    await dialog.locator('#merge-keep option', { hasText: /^Pyotr Gladkov/ }).waitFor({ state: 'attached' });
    await dialog.locator('#merge-keep').selectOption({ label: (await dialog.locator('#merge-keep option', { hasText: /^Pyotr Gladkov/ }).innerText()) });
    await dialog.getByRole('searchbox', { name: /^Merge in/ }).fill('P. Gladkov');
    await dialog.locator('#merge-drop option', { hasText: /^P\. Gladkov/ }).waitFor({ state: 'attached' });
    await dialog.locator('#merge-drop').selectOption({ label: (await dialog.locator('#merge-drop option', { hasText: /^P\. Gladkov/ }).innerText()) });
    await dialog.getByText('“P. Gladkov” will be merged into “Pyotr Gladkov”.').waitFor();
    await shot(dialog, 'merge-en');
    await dialog.getByRole('button', { name: 'Merge', exact: true }).click();
    await page.getByText('Merged into Pyotr Gladkov.').waitFor();
    await waitNames(page, ['Pyotr Gladkov'], ['P. Gladkov']);
    await page.getByRole('link', { name: 'Pyotr Gladkov' }).click();
    await page.getByRole('link', { name: 'Meeting at the House of Compatriots' }).waitFor();
    await page.getByText('+7 495 111-22-33').waitFor();
    await shot(page, 'person-en', { fullPage: true });

    // a vCard 2.1 file with quoted-printable: refused, with what to do
    const old = join(files, 'old.vcf');
    writeFileSync(old, 'BEGIN:VCARD\r\nVERSION:3.0\r\nFN;ENCODING=QUOTED-PRINTABLE:=D0=98\r\nEND:VCARD\r\n');
    await page.goto('/people');
    await page.getByRole('button', { name: 'Import vCard' }).click();
    const imp = page.getByRole('dialog');
    await imp.getByLabel('vCard file').setInputFiles(old);
    await imp.getByRole('button', { name: 'Import' }).click();
    await imp.getByRole('alert').getByText(/^Line 3: Quoted-printable text \(vCard 2\.1\) is not read/).waitFor();
    await shot(imp, 'import-refused-en');
    await imp.getByRole('button', { name: 'Cancel', exact: true }).click();

    // search: a seed person, and the new kinds in the filter
    await page.goto(`/search?q=${encodeURIComponent('Черёмин')}`);
    const hit = page.locator('.hit', { hasText: 'Person' }).first();
    await hit.getByRole('link', { name: /Сергей Черёмин|Sergey Cheryomin/ }).waitFor();
    assert.match(await hit.getByRole('link').first().getAttribute('href'), /^\/people\/\d+$/);
    await shot(page, 'search-en', { fullPage: true });
    await page.locator('#s-kind').selectOption('delegation');
    await page.waitForURL(/kind=delegation/);
    await page.goto(`/search?q=${encodeURIComponent('врачи')}&kind=delegation`);
    await page.locator('.hit', { hasText: 'Delegation' }).first().waitFor();
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('partner, Russian: no People menu, the page is refused, search finds their city\'s people without contacts', async () => {
    const { context, page, problems } = await suite.newPage();
    await signIn(page, 'partner@pobratim.demo');
    assert.equal(await page.getByRole('navigation').getByRole('link', { name: 'Люди' }).count(), 0);
    await page.goto('/people');
    await page.getByRole('heading', { level: 1 }).waitFor();
    assert.equal(await page.locator('#people-table').count(), 0);
    await page.goto(`/search?q=${encodeURIComponent('Лазаревич')}`);
    await page.locator('.hit', { hasText: 'Человек' }).first().getByRole('link').click();
    await page.waitForURL(/\/people\/\d+$/);
    await page.getByRole('heading', { name: 'Должности' }).waitFor();
    assert.equal(await page.locator('.person-contacts').count(), 0, 'no contact details for partners');
    await shot(page, 'person-partner-ru', { fullPage: true });
    assert.deepEqual(problems, []);
    await context.close();
  });
});
