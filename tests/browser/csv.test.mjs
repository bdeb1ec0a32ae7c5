// Browser test of CSV round trips (issue 12): staff of Moscow export the
// partnerships (Russian: ';'-separated with a byte order mark, as Russian
// Excel opens them), change a note as a person would in a spreadsheet and
// import the file back: the dialog says one partnership was updated and the
// rest unchanged. The same for the trade figures, with a decimal comma.
// English: a refused file's report line by line, the row limit's message, a
// trade import. Screenshots go to tests/browser/screenshots/csv-*.png.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { browserSuite, setLanguage, shooter, signIn } from './lib/page.mjs';

const BOM = '\uFEFF';
const shot = shooter('csv-');

// RFC 4180 as the server writes it: quoted cells, doubled quotes, CRLF lines.
function parse(text, sep) {
  const rows = [];
  let row = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === sep) row.push(cell), (cell = '');
    else if (ch === '\n') row.push(cell), rows.push(row), (row = []), (cell = '');
    else if (ch !== '\r') cell += ch;
  }
  if (cell !== '' || row.length > 0) row.push(cell), rows.push(row);
  return rows;
}

function write(rows, sep) {
  const cell = (v) => (/["\r\n]/.test(v) || v.includes(sep) ? `"${v.replaceAll('"', '""')}"` : v);
  return BOM + rows.map((r) => r.map(cell).join(sep)).join('\r\n') + '\r\n';
}

// Clicks a download link and returns the file's text.
async function download(page, link) {
  const [file] = await Promise.all([page.waitForEvent('download'), link.click()]);
  return readFileSync(await file.path(), 'utf8');
}

// The import report's counts, by label.
async function counts(scope) {
  const out = {};
  for (const stat of await scope.locator('.import-stats .stat').all())
    out[(await stat.locator('dt').innerText()).trim()] = (await stat.locator('dd').innerText()).trim();
  return out;
}

describe('CSV round trips in the browser', () => {
  const suite = browserSuite({ page: { locale: 'ru-RU', timeout: 15000, acceptDownloads: true } });

  test('staff, Russian: export with ";", edit a note, import back: one updated, the rest unchanged', async () => {
    const { context, page, problems } = await suite.newPage();
    await signIn(page, 'staff@pobratim.demo');
    await page.goto('/partners');
    await page.getByRole('heading', { name: 'Партнёры', level: 1 }).waitFor();
    const text = await download(page, page.getByRole('link', { name: 'Выгрузить CSV' }));
    assert.ok(text.startsWith(BOM), 'a byte order mark for Excel');
    const rows = parse(text.slice(1), ';');
    assert.equal(rows[0].join(';'), 'id;city_a_geonames_id;city_a;city_b_geonames_id;city_b;kind;since;status;published;note_ru;note_en');
    const minsk = rows.findIndex((r) => r[3] === '625144' || r[1] === '625144');
    assert.ok(minsk > 0, 'Moscow–Minsk is in the export');
    rows[minsk][9] = 'Проверено в Excel; «побратимы» с 1997 г.';

    await page.getByRole('button', { name: 'Загрузить CSV' }).click();
    const dialog = page.getByRole('dialog', { name: 'Загрузка партнёрств из CSV' });
    await dialog.getByLabel('Файл CSV').setInputFiles({ name: 'partnerships.csv', mimeType: 'text/csv',
      buffer: Buffer.from(write(rows, ';')) });
    await dialog.getByRole('button', { name: 'Загрузить', exact: true }).click();
    await dialog.getByText('Файл загружен.').waitFor();
    assert.deepEqual(await counts(dialog), { 'Новых': '0', 'Обновлено': '1', 'Без изменений': String(rows.length - 2),
      'Отклонено': '0' });
    await shot(page, 'import-ru');
    await dialog.getByRole('button', { name: 'Закрыть' }).last().click();
    const p = await page.evaluate(async (id) => (await fetch(`/api/v1/partnerships/${id}`)).json(), rows[minsk][0]);
    assert.equal(p.note_ru, 'Проверено в Excel; «побратимы» с 1997 г.');

    // trade: the export in Russian, a value with a decimal comma, imported back
    await page.getByRole('navigation', { name: 'Основная навигация' }).getByRole('link', { name: 'Торговля' }).click();
    await page.getByRole('heading', { name: 'Торговые показатели', level: 1 }).waitFor();
    await page.locator('.trade-chart canvas').first().waitFor();
    await shot(page, 'trade-ru');
    const trade = parse((await download(page, page.getByRole('link', { name: 'Выгрузить CSV' }))).slice(1), ';');
    const h1 = trade.findIndex((r) => r[2] === 'BY' && r[5] === 'turnover' && r[6] === '2023-H1');
    assert.ok(h1 > 0);
    trade[h1][7] = '9900000000,5';
    await page.getByLabel('Файл CSV').setInputFiles({ name: 'trade.csv', mimeType: 'text/csv', buffer: Buffer.from(write(trade, ';')) });
    const report = page.locator('.import-report');
    await report.getByText('Файл загружен.').waitFor();
    assert.deepEqual(await counts(report), { 'Новых': '0', 'Обновлено': '1', 'Без изменений': String(trade.length - 2),
      'Отклонено': '0' });
    await page.getByText(/9,9\s*млрд/).first().waitFor();
    await report.scrollIntoViewIfNeeded();
    await shot(page, 'trade-import-ru');
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('staff, English: a refused file line by line, the row limit, a trade import', async () => {
    const { context, page, problems } = await suite.newPage({ locale: 'en-GB' });
    await signIn(page, 'staff@pobratim.demo');
    await setLanguage(page, 'en');
    await page.goto('/partners');
    await page.getByRole('heading', { name: 'Partners', level: 1 }).waitFor();
    assert.match(await page.getByRole('link', { name: 'Export CSV' }).getAttribute('href'), /sep=comma/);

    await page.getByRole('button', { name: 'Import CSV' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import partnerships from CSV' });
    const bad = 'city_a_geonames_id,city_b_geonames_id,kind,note_en\r\n' +
      '524901,2037013,sister,=HYPERLINK("http://evil.example")\r\n' +	// Moscow–Harbin exists: an update
      '524901,1,partner,\r\n' +						// no such city
      '524901,611717,,\r\n';						// Tbilisi: a new one needs a kind
    await dialog.getByLabel('CSV file').setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
    await dialog.getByRole('button', { name: 'Import', exact: true }).click();
    await dialog.getByText('Nothing was imported: correct the refused lines or choose to skip them.').waitFor();
    assert.deepEqual(await counts(dialog), { New: '0', Updated: '1', Unchanged: '0', Refused: '2' });
    const lines = await dialog.locator('.csv-lines li').allInnerTexts();
    assert.deepEqual(lines, ['Line 3: city_b_geonames_id — no city with this GeoNames id',
      'Line 4: kind — a new partnership needs a kind']);
    await shot(page, 'refused-en');

    // more lines than the server takes: the message, nothing read
    const many = 'city_a_geonames_id,city_b_geonames_id,kind\r\n' + '524901,2037013,sister\r\n'.repeat(100001);
    await dialog.getByLabel('CSV file').setInputFiles({ name: 'many.csv', mimeType: 'text/csv', buffer: Buffer.from(many) });
    await dialog.getByRole('button', { name: 'Import', exact: true }).click();
    await dialog.getByText('The file has more than 100,000 lines. Split it into several files.').waitFor();
    await shot(page, 'too-many-rows-en');
    await page.keyboard.press('Escape');

    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Trade' }).click();
    await page.getByRole('heading', { name: 'Trade figures', level: 1 }).waitFor();
    const trade = 'reporter_geonames_id,partner_country,flow,period,value,currency\r\n' +
      '524901,BY,turnover,2023-H1,9800000000,USD\r\n524901,BY,turnover,2024-H1,11270000000,USD\r\n';
    await page.getByLabel('CSV file').setInputFiles({ name: 'trade.csv', mimeType: 'text/csv', buffer: Buffer.from(trade) });
    const report = page.locator('.import-report');
    await report.getByText('The file is imported.').waitFor();
    const c = await counts(report);
    assert.equal(Number(c.New) + Number(c.Updated) + Number(c.Unchanged), 2);
    assert.equal(c.Refused, '0');
    await report.scrollIntoViewIfNeeded();
    await shot(page, 'trade-import-en');
    assert.deepEqual(problems, []);
    await context.close();
  });
});
