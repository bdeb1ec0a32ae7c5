// GET /search over organizations and partnerships (partner cities): Russian
// and English word forms of city and organization names, the kind filter,
// and what each caller may see — published partnerships for everyone, all of
// them for staff, their own city's for a partner; organizations only for
// signed-in users. The index follows every write (triggers of 0008).

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { DEMO, assertJson, assertProblem, startServer, signInAll } from './lib/server.mjs';

let srv;
const c = {};
const city = {};

before(async () => {
	srv = await startServer();
	Object.assign(c, await signInAll(srv, { ...DEMO, harbin: 'partner.harbin@pobratim.demo' }));
	for (const [key, q, country] of [['moscow', 'Moscow', 'RU'], ['minsk', 'Minsk', 'BY'], ['lisbon', 'Lisbon', 'PT'],
		['harbin', 'Harbin', 'CN']]) {
		const r = assertJson(await srv.api('GET', `/cities?q=${q}&country=${country}&limit=1`), 200);
		city[key] = r.items[0];
	}
});

after(async () => {
	await srv?.stop();
});

const search = async (client, q, extra = '') =>
	assertJson(await client.api('GET', `/search?q=${encodeURIComponent(q)}${extra}`), 200, q).items;
const ofKind = (hits, kind) => hits.filter((h) => h.kind === kind);

test('search finds a partner city by its name in Russian and English word forms', async () => {
	for (const q of ['Минске', 'Минском', 'Minsk']) {
		const hits = ofKind(await search(srv, q), 'partnership');
		const minsk = hits.find((h) => /Москва — Минск|Минск — Москва/.test(h.title));
		assert.ok(minsk, `${q}: the published Moscow–Minsk partnership for anyone (${JSON.stringify(hits.map((h) => h.title))})`);
		assert.match(minsk.title, /Moscow — Minsk|Minsk — Moscow/, 'both languages in the title');
		assert.ok(minsk.title_marked.some((s) => s.mark && /Минск|Minsk/.test(s.text)), `${q}: the city is marked`);
		assert.deepEqual([...minsk.countries].sort(), ['BY', 'RU']);
		assert.equal(minsk.subkind, 'partner');
		assert.equal(minsk.url, null, 'the public may not open a partnership page');
	}
	const partner = ofKind(await search(c.partner, 'Минска'), 'partnership').find((h) => /Минск/.test(h.title));
	assert.match(partner.url, /^\/partners\/\d+$/, "Minsk's partner opens its own partnership");
	const staff = ofKind(await search(c.staff, 'Minsk'), 'partnership').find((h) => /Минск/.test(h.title));
	assert.equal(staff.url, partner.url);
	const harbin = ofKind(await search(c.harbin, 'Minsk'), 'partnership').find((h) => /Минск/.test(h.title));
	assert.equal(harbin.url, null, "Harbin's partner sees the published partnership, without a page");
	// the country of either city filters
	assert.ok(ofKind(await search(srv, 'Минске', '&country=BY'), 'partnership').length > 0);
	assert.equal(ofKind(await search(srv, 'Минске', '&country=FR'), 'partnership').length, 0);
});

test('search finds organizations by Russian and English word forms, for signed-in users only', async () => {
	for (const q of ['исполнительного комитета', 'executive committees']) {
		const hits = ofKind(await search(c.correspondent, q), 'organization');
		const org = hits.find((h) => h.title.includes('Minsk City Executive Committee'));
		assert.ok(org, `${q}: ${JSON.stringify(hits.map((h) => h.title))}`);
		assert.match(org.title, /Минский городской исполнительный комитет/);
		assert.match(org.url, /^\/organizations\/\d+$/);
		assert.deepEqual(org.countries, ['BY']);
		assert.equal(org.subkind, 'city_administration');
		assert.equal(ofKind(await search(srv, q), 'organization').length, 0, `${q}: nothing for the public`);
	}
	// its city's name finds it too, in the city's other language
	assert.ok(ofKind(await search(c.staff, 'Минск'), 'organization').some((h) => h.title.includes('Minsk City')));
});

test('the kind filter: organization and partnership', async () => {
	const orgs = await search(c.staff, 'Минск', '&kind=organization');
	assert.ok(orgs.length > 0);
	assert.ok(orgs.every((h) => h.kind === 'organization'));
	const ps = await search(c.staff, 'Минск', '&kind=partnership');
	assert.ok(ps.length > 0);
	assert.ok(ps.every((h) => h.kind === 'partnership'));
	assert.equal((await search(c.staff, 'Минск', '&kind=partnership&topic=culture')).length, 0, 'no topics');
	assertProblem(await srv.api('GET', '/search?q=x&kind=partners'), 400, 'validation_failed');
});

test('an unpublished partnership: staff and the partners of its cities find it; the index follows writes', async () => {
	const p = assertJson(await c.staff.api('POST', '/partnerships', { body: { city_a_id: city.moscow.id,
		city_b_id: city.lisbon.id, kind: 'cooperation', note_en: 'Tram renewal cooperation', published: false } }), 201);
	const find = async (client, q) => ofKind(await search(client, q), 'partnership').filter((h) => h.id === p.id);
	assert.equal((await find(c.staff, 'Лиссабоне')).length, 1, 'staff, by the Russian name');
	assert.equal((await find(c.staff, 'trams')).length, 1, 'staff, by a word form of the note');
	assert.equal((await find(srv, 'Lisbon')).length, 0, 'not the public');
	assert.equal((await find(c.correspondent, 'Lisbon')).length, 0, 'not a correspondent');
	assert.equal((await find(c.partner, 'Lisbon')).length, 0, "not Minsk's partner");
	assertJson(await c.staff.api('PATCH', `/partnerships/${p.id}`, { body: { published: true } }), 200);
	const pub = await find(srv, 'Lisbon');
	assert.equal(pub.length, 1, 'published: the public finds it');
	assert.equal(pub[0].url, null);
	assert.equal((await c.staff.api('DELETE', `/partnerships/${p.id}`)).status, 204);
	assert.equal((await find(c.staff, 'Lisbon')).length, 0, 'deleted: gone from the index');

	const mine = assertJson(await c.admin.api('POST', '/partnerships', { body: { city_a_id: city.harbin.id,
		city_b_id: city.lisbon.id, kind: 'partner', published: false } }), 201);
	const own = ofKind(await search(c.harbin, 'Лиссабон'), 'partnership').filter((h) => h.id === mine.id);
	assert.equal(own.length, 1, "Harbin's partner finds its own city's unpublished partnership");
	assert.equal(own[0].url, `/partners/${mine.id}`);
	assert.equal(ofKind(await search(c.partner, 'Лиссабон'), 'partnership').filter((h) => h.id === mine.id).length, 0);
});

test('an organization renamed is found by its new name only', async () => {
	const o = assertJson(await c.admin.api('POST', '/organizations', { body: { kind: 'ngo',
		name_en: 'Lisbon Friendship Society', name_ru: 'Лиссабонское общество дружбы', city_id: city.lisbon.id } }), 201);
	const has = async (q) => ofKind(await search(c.staff, q), 'organization').some((h) => h.id === o.id);
	assert.equal(await has('обществах дружбы'), true);
	assertJson(await c.admin.api('PATCH', `/organizations/${o.id}`, { body: { name_en: 'Lisbon Twinning Club',
		name_ru: 'Лиссабонский клуб побратимов' } }), 200);
	assert.equal(await has('friendship'), false);
	assert.equal(await has('клубов'), true);
	assert.equal((await c.admin.api('DELETE', `/organizations/${o.id}`)).status, 204);
	assert.equal(await has('клубов'), false);
});
