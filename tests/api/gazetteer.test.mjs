// Countries and cities: public, search, filters, pagination.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { DEMO, allPages, assertJson, assertProblem, pick, startServer } from './lib/server.mjs';

let srv;
let anon;

before(async () => {
	srv = await startServer();
	anon = srv.client();
});

after(async () => {
	await srv?.stop();
});

const CITY_KEYS = ['admin1', 'country_code', 'country_name_en', 'country_name_ru', 'geonames_id', 'id', 'latitude',
	'longitude', 'name_en', 'name_ru', 'population', 'timezone'];

async function cities(query) {
	return assertJson(await anon.api('GET', `/cities${query}`), 200, `GET /cities${query}`);
}

// True when some word of the Russian or English name starts with q (case-insensitive).
function wordStarts(city, q) {
	const ql = q.toLocaleLowerCase();
	return [city.name_ru, city.name_en].some((n) => n !== null && n.toLocaleLowerCase().split(/[^\p{L}\p{N}]+/u)
	    .some((w) => w.startsWith(ql)));
}

function harbin(items) {
	return items.find((c) => c.name_en === 'Harbin');
}

test('GET /countries: all countries, BY is Беларусь', async () => {
	const body = assertJson(await anon.api('GET', '/countries'), 200);
	assert.deepEqual(Object.keys(body), ['items'], 'no paging fields');
	const items = body.items;
	assert.ok(items.length >= 190, `${items.length} countries`);
	const codes = items.map((c) => c.code);
	assert.equal(new Set(codes).size, codes.length, 'codes are unique');
	for (const c of items) {
		pick(c, ['code', 'continent', 'name_en', 'name_ru'], 'country');
		assert.match(c.code, /^[A-Z]{2}$/);
		assert.ok(c.name_ru.length > 0 && c.name_en.length > 0, JSON.stringify(c));
		assert.match(c.numeric, c.code === 'XK' ? /^$/ : /^\d{3}$/, `${c.code}: ISO numeric (world-atlas ids)`);
	}
	assert.equal(items.find((c) => c.code === 'BY').numeric, '112');
	assert.deepEqual(pick(items.find((c) => c.code === 'BY'), ['code', 'name_ru', 'name_en', 'continent'], 'BY'),
	    { code: 'BY', name_ru: 'Беларусь', name_en: 'Belarus', continent: 'europe' });
	assert.equal(items.find((c) => c.code === 'RU')?.continent, 'europe');
	assert.equal(items.find((c) => c.code === 'CN')?.name_en, 'China');
	assert.equal(items.find((c) => c.code === 'CN')?.continent, 'asia');
	assert.equal(items.find((c) => c.code === 'IT')?.name_ru, 'Италия');
});

test('GET /cities?q=: Хар, harb, HARB, хАр find Harbin; the match is at the start of a word', async () => {
	for (const q of ['Хар', 'harb', 'HARB', 'хАр', 'Harbin', 'Харбин']) {
		const body = await cities(`?q=${encodeURIComponent(q)}&limit=200`);
		const h = harbin(body.items);
		assert.ok(h, `q=${q} finds Harbin: ${body.items.map((c) => c.name_en).join(', ')}`);
		assert.equal(h.name_ru, 'Харбин');
		assert.equal(h.country_code, 'CN');
		for (const c of body.items)
			assert.ok(wordStarts(c, q), `q=${q} matched ${c.name_ru} / ${c.name_en}`);
	}
	// inside a word is not the start of a word
	for (const q of ['arbin', 'арбин']) {
		const body = await cities(`?q=${encodeURIComponent(q)}&limit=200`);
		assert.equal(harbin(body.items), undefined, `q=${q} must not find Harbin`);
	}
	// no match at all
	const none = await cities(`?q=${encodeURIComponent('Щщщщщ')}`);
	assert.deepEqual(none, { items: [], next_cursor: null });
});

test('GET /cities: the city object, and GET /cities/{id} answers the same', async () => {
	const h = harbin((await cities('?q=harbin')).items);
	assert.ok(h);
	pick(h, CITY_KEYS, 'city');
	assert.ok(Number.isInteger(h.id) && h.id > 0);
	assert.ok(h.geonames_id === null || Number.isInteger(h.geonames_id));
	assert.ok(Math.abs(h.latitude - 45.75) < 0.5, `latitude ${h.latitude}`);
	assert.ok(Math.abs(h.longitude - 126.65) < 0.5, `longitude ${h.longitude}`);
	assert.match(h.timezone, /^Asia\/[A-Za-z_]+$/);
	assert.ok(Number.isInteger(h.population) && h.population > 1000000, `population ${h.population}`);
	assert.equal(h.country_name_en, 'China');
	assert.equal(h.country_name_ru, 'Китай');

	const one = assertJson(await anon.api('GET', `/cities/${h.id}`), 200, 'GET /cities/{id}');
	assert.deepEqual(one, h);

	const moscow = (await cities('?q=Moscow&country=RU&limit=5')).items[0];
	assert.deepEqual([moscow.name_en, moscow.name_ru, moscow.country_code, moscow.timezone],
	    ['Moscow', 'Москва', 'RU', 'Europe/Moscow']);
	const minsk = (await cities(`?q=${encodeURIComponent('Минск')}&country=BY`)).items[0];
	assert.deepEqual([minsk.name_en, minsk.name_ru, minsk.country_name_ru], ['Minsk', 'Минск', 'Беларусь']);
});

test('GET /cities/{id}: unknown id -> 404 not_found', async () => {
	assertProblem(await anon.api('GET', '/cities/999999999'), 404, 'not_found', 'GET /cities/999999999');
	const r = await anon.api('GET', '/cities/abc');
	assert.ok([400, 404].includes(r.status), `GET /cities/abc -> ${r.status}`);
	assert.match(r.headers['content-type'], /^application\/problem\+json/);
});

test('GET /cities?country=: only that country', async () => {
	const cn = await cities('?country=CN&limit=200');
	assert.ok(cn.items.length > 0);
	for (const c of cn.items)
		assert.equal(c.country_code, 'CN', `${c.name_en}`);
	assert.ok(harbin((await cities('?q=harb&country=CN')).items), 'Harbin in CN');
	assert.equal(harbin((await cities('?q=harb&country=BY&limit=200')).items), undefined, 'no Harbin in BY');
	const by = await cities('?country=BY&limit=200');
	for (const c of by.items)
		assert.deepEqual([c.country_code, c.country_name_ru], ['BY', 'Беларусь']);
});

test('GET /cities: by population, descending', async () => {
	const p1 = await cities('?limit=200');
	assert.equal(p1.items.length, 200);
	assert.equal(typeof p1.next_cursor, 'string');
	const p2 = await cities(`?limit=200&cursor=${encodeURIComponent(p1.next_cursor)}`);
	const pops = [...p1.items, ...p2.items].map((c) => c.population ?? -1);
	for (let i = 1; i < pops.length; i++)
		assert.ok(pops[i - 1] >= pops[i], `population order broken at ${i}: ${pops[i - 1]} < ${pops[i]}`);
	assert.ok(pops[0] > 10000000, `the largest city has ${pops[0]}`);
});

test('GET /cities: limit=2 then the cursor gives the next 2, no overlap', async () => {
	const first = await cities('?limit=2');
	assert.equal(first.items.length, 2);
	assert.equal(typeof first.next_cursor, 'string');
	assert.ok(first.next_cursor.length > 0);
	const second = await cities(`?limit=2&cursor=${encodeURIComponent(first.next_cursor)}`);
	assert.equal(second.items.length, 2);
	const ids1 = first.items.map((c) => c.id);
	const ids2 = second.items.map((c) => c.id);
	assert.deepEqual(ids1.filter((id) => ids2.includes(id)), [], 'pages overlap');
	const four = await cities('?limit=4');
	assert.deepEqual(four.items.map((c) => c.id), [...ids1, ...ids2], 'pages 1+2 of 2 = page 1 of 4');
	// the same cursor gives the same page
	const again = await cities(`?limit=2&cursor=${encodeURIComponent(first.next_cursor)}`);
	assert.deepEqual(again.items.map((c) => c.id), ids2);
});

test('GET /cities: walking every page of a filtered list', async () => {
	const all = await allPages(anon, '/cities?country=BY', 7);
	const ids = all.map((c) => c.id);
	assert.equal(new Set(ids).size, ids.length, 'no city twice');
	assert.ok(all.length > 7, `${all.length} cities in BY`);
	for (const c of all)
		assert.equal(c.country_code, 'BY');
	const one = await cities('?country=BY&limit=200');
	assert.ok(one.items.length < 200);
	assert.equal(one.next_cursor, null, 'last page has next_cursor null');
	assert.deepEqual(ids, one.items.map((c) => c.id), 'paged walk = one big page');
	// a q filter is kept across pages
	const q = await allPages(anon, `/cities?q=${encodeURIComponent('Хар')}`, 3);
	assert.ok(harbin(q));
	for (const c of q)
		assert.ok(wordStarts(c, 'Хар'), `${c.name_ru}`);
});

test('GET /cities: default limit is 50 and agrees with the dashboard count', async () => {
	const body = await cities('');
	const c = srv.client();
	await c.signIn(DEMO.staff);
	const d = assertJson(await c.api('GET', '/dashboard'), 200);
	assert.equal(body.items.length, Math.min(50, d.counts.cities));
	assert.equal(body.next_cursor === null, d.counts.cities <= 50);
	const limit1 = await cities('?limit=1');
	assert.equal(limit1.items.length, 1);
	assert.equal(limit1.items[0].id, body.items[0].id);
});

test('GET /cities: bad limit or cursor -> 400 validation_failed', async () => {
	for (const limit of ['0', '1000', '201', '-1', 'abc', '1.5', '']) {
		const r = await anon.api('GET', `/cities?limit=${limit}`);
		if (limit === '' && r.status === 200)
			continue;	/* an empty value may count as absent */
		const body = assertProblem(r, 400, 'validation_failed', `limit=${limit}`);
		assert.ok(body.errors.some((e) => e.field === 'limit'), `limit=${limit}: ${JSON.stringify(body.errors)}`);
	}
	assertJson(await anon.api('GET', '/cities?limit=200'), 200, 'limit=200');
	const first = await cities('?limit=2');
	for (const cursor of ['garbage', '!!!', 'x'.repeat(300), `${first.next_cursor}x`]) {
		const r = await anon.api('GET', `/cities?limit=2&cursor=${encodeURIComponent(cursor)}`);
		const body = assertProblem(r, 400, 'validation_failed', `cursor=${cursor.slice(0, 40)}`);
		assert.ok(body.errors.some((e) => e.field === 'cursor'), JSON.stringify(body.errors));
	}
});

test('every city names a known country', async () => {
	const countries = new Map(assertJson(await anon.api('GET', '/countries'), 200).items.map((c) => [c.code, c]));
	for (const c of (await cities('?limit=200')).items) {
		const k = countries.get(c.country_code);
		assert.ok(k, `${c.name_en}: unknown country ${c.country_code}`);
		assert.equal(c.country_name_ru, k.name_ru);
		assert.equal(c.country_name_en, k.name_en);
	}
});

// The search reads a word-prefix table (city_words); these are the edges of what
// search_key LIKE '% q%' meant before it.
test('GET /cities?q=: several words match words in a row, the last one as a prefix', async () => {
	const ny = (items) => items.find((c) => c.name_en === 'New York');
	for (const q of ['new yo', 'New York', 'нью й', 'Нью-Йорк', 'york нью'])
		assert.ok(ny((await cities(`?q=${encodeURIComponent(q)}&limit=50`)).items), `q=${q} finds New York`);
	for (const q of ['yo new', 'ne york', 'new  york', 'ew york'])
		assert.equal(ny((await cities(`?q=${encodeURIComponent(q)}&limit=200`)).items), undefined,
		    `q=${q} must not find New York`);
});

test('GET /cities?q=: folding (ё, diacritics, case) is the same for names and queries', async () => {
	const ids = async (q) => (await cities(`?q=${encodeURIComponent(q)}&limit=200`)).items.map((c) => c.id);
	assert.deepEqual(await ids('Düsseldorf'), await ids('dusseldorf'));
	assert.ok((await ids('Дюссельдорф')).length > 0);
	assert.deepEqual(await ids('Орёл'), await ids('орел'));
	assert.ok((await ids('орел')).length > 0, 'Орёл is in the gazetteer');
	// LIKE's own characters: % and \ are plain characters no word starts with, _ folds to a space
	for (const q of ['%', 'м%', '\\'])
		assert.deepEqual(await ids(q), [], `q=${q}`);
	assert.deepEqual(await ids('_'), await ids(''));
	assert.ok((await ids('')).length > 0);
});

test('GET /cities?q=: a one-letter prefix with thousands of cities pages by population', async () => {
	const q = encodeURIComponent('м');
	const whole = (await cities(`?q=${q}&limit=150`)).items;
	assert.equal(whole.length, 150);
	const paged = [];
	let cursor = null;
	for (let i = 0; i < 3; i++) {
		const page = await cities(`?q=${q}&limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
		paged.push(...page.items);
		cursor = page.next_cursor;
		assert.equal(typeof cursor, 'string');
	}
	assert.deepEqual(paged.map((c) => c.id), whole.map((c) => c.id), 'three pages of 50 = one page of 150');
	for (let i = 0; i < whole.length; i++) {
		assert.ok(wordStarts(whole[i], 'м'), `${whole[i].name_ru} / ${whole[i].name_en}`);
		if (i > 0)
			assert.ok(whole[i - 1].population >= whole[i].population, `population order at ${i}`);
	}
	assert.ok(whole.some((c) => c.name_en === 'Moscow'), 'Moscow among the largest cities with a word in м');
	// with a country, only that country's cities, still ranked by population
	const by = (await cities(`?q=${q}&country=BY&limit=200`)).items;
	assert.equal(by[0].name_en, 'Minsk');
	for (const c of by)
		assert.equal(c.country_code, 'BY');
});
