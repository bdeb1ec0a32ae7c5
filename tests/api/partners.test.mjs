// The partners registry: partnerships (pairs, history, roles, filters, CSV),
// the network, the public list, people and agreements with the signed file.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { png } from './lib/images.mjs';
import { DEMO, allPages, assertJson, assertProblem, findCity, sendTooLarge, startServer, signInAll } from './lib/server.mjs';

let srv;
let files;
const c = {};
const city = {};

before(async () => {
	srv = await startServer();
	files = path.join(srv.tmp, 'files');	/* the server's --files, in its temp dir */
	Object.assign(c, await signInAll(srv, { ...DEMO, krasnodar: 'staff.krasnodar@pobratim.demo',
		harbin: 'partner.harbin@pobratim.demo' }));
	city.moscow = await findCity(srv, 'Moscow', 'RU');
	city.krasnodar = await findCity(srv, 'Krasnodar', 'RU');
	city.minsk = await findCity(srv, 'Minsk', 'BY');
	city.harbin = await findCity(srv, 'Harbin', 'CN');
	city.vienna = await findCity(srv, 'Vienna', 'AT');
	city.prague = await findCity(srv, 'Prague', 'CZ');
	city.lisbon = await findCity(srv, 'Lisbon', 'PT');
});

after(async () => {
	await srv?.stop();
});


const errorFields = (body) => body.errors.map((e) => `${e.field}:${e.code}`).sort();

test('demo: Krasnodar has 8 sister and 3 partner cities; Moscow its partners; both directions', async () => {
	const k = await allPages(c.staff, `/partnerships?city=${city.krasnodar.id}`);
	assert.equal(k.filter((p) => p.kind === 'sister').length, 8);
	assert.equal(k.filter((p) => p.kind === 'partner').length, 3);
	for (const p of k)
		assert.equal(p.city_a.id, city.krasnodar.id, 'the viewpoint city is city_a');
	assert.equal(k.find((p) => p.city_b.name_en === 'Burgas').responsible.name, 'Сотрудник администрации Краснодара');
	const m = await allPages(c.staff, `/partnerships?city=${city.moscow.id}`);
	assert.equal(m.length, 12);
	assert.ok(m.every((p) => p.responsible?.name === 'Сотрудник ДВМС'));
	// Harbin sees both: the same rows, from its side
	const h = await allPages(c.staff, `/partnerships?city=${city.harbin.id}`);
	assert.deepEqual(h.map((p) => p.city_b.name_en).sort(), ['Krasnodar', 'Moscow']);
	const one = assertJson(await c.staff.api('GET', `/partnerships/${h[0].id}`), 200);
	assert.equal(one.history.length, 1);
	assert.equal(one.history[0].status, 'active');
});

test('list filters, sort, paging and counts', async () => {
	const id = city.krasnodar.id;
	const it = await allPages(c.staff, `/partnerships?city=${id}&country=IT`);
	assert.deepEqual(it.map((p) => p.city_b.name_en), ['Ferrara']);
	const partner = await allPages(c.staff, `/partnerships?city=${id}&kind=partner&sort=name&lang=en`);
	assert.deepEqual(partner.map((p) => p.city_b.name_en), ['Larnaca', 'Nottingham', 'Yerevan']);
	const q = await allPages(c.staff, `/partnerships?city=${id}&q=${encodeURIComponent('карлс')}`);
	assert.deepEqual(q.map((p) => p.city_b.name_en), ['Karlsruhe']);
	const byPop = await allPages(c.staff, `/partnerships?city=${id}&sort=population`);
	for (let i = 1; i < byPop.length; i++)
		assert.ok(byPop[i - 1].city_b.population >= byPop[i].city_b.population);
	const paged = await allPages(c.staff, `/partnerships?city=${id}`, 2);
	assert.equal(paged.length, 11);
	assert.equal(new Set(paged.map((p) => p.id)).size, 11, 'no repeats across pages');
	const sum = assertJson(await c.staff.api('GET', `/partnerships/summary?city=${id}`), 200);
	assert.equal(sum.total, 11);
	assert.deepEqual(sum.by_kind, [{ key: 'sister', count: 8 }, { key: 'partner', count: 3 }]);
	assert.equal(sum.by_country.find((x) => x.key === 'GB').name_en, 'United Kingdom');
	assert.equal(sum.by_continent.reduce((n, x) => n + x.count, 0), 11);
	assert.ok(sum.by_continent.find((x) => x.key === 'north_america' || x.key === 'america'), 'Tallahassee');
	for (const bad of ['kind=friend', 'status=x', 'sort=evil', 'country=russia', 'city=abc', 'lang=de'])
		assertProblem(await c.staff.api('GET', `/partnerships?${bad}`), 400, 'validation_failed', bad);
});

test('create: a pair once, normalized; both directions are the same partnership', async () => {
	const body = { city_a_id: city.moscow.id, city_b_id: city.vienna.id, kind: 'partner', since: '1992',
		note_en: 'test' };
	const r = await c.staff.api('POST', '/partnerships', { body });
	const p = assertJson(r, 201, 'POST /partnerships');
	assert.match(r.headers.location, new RegExp(`/api/v1/partnerships/${p.id}$`));
	assert.equal(p.city_a.id, city.moscow.id);
	assert.equal(p.status, 'active');
	assert.equal(p.since, '1992');
	assert.equal(p.published, false);
	assert.equal(p.responsible.name, 'Сотрудник ДВМС', 'the creator by default');
	const rev = await c.staff.api('POST', '/partnerships', { body: { ...body, city_a_id: city.vienna.id,
		city_b_id: city.moscow.id } });
	assertProblem(rev, 409, 'duplicate_pair', 'the reverse pair');
	const fromVienna = await allPages(c.staff, `/partnerships?city=${city.vienna.id}`);
	assert.deepEqual(fromVienna.map((x) => [x.id, x.city_b.id]), [[p.id, city.moscow.id]]);
	// status change: dated history
	const on = new Date(Date.now() + 86400e3).toISOString().slice(0, 10);
	const ch = assertJson(await c.staff.api('PATCH', `/partnerships/${p.id}`, { body: { status: 'frozen',
		status_changed_on: on, status_note: 'paused' } }), 200);
	assert.equal(ch.status, 'frozen');
	assert.deepEqual(ch.history.map((h) => [h.status, h.note]), [['active', null], ['frozen', 'paused']]);
	assert.equal(ch.history[1].changed_on, on);
	assert.equal(ch.history[1].by, 'Сотрудник ДВМС');
	// a PATCH without a status change adds no line
	const same = assertJson(await c.staff.api('PATCH', `/partnerships/${p.id}`, { body: { note_ru: 'тест' } }), 200);
	assert.equal(same.history.length, 2);
	// the counterpart there: stored, read back, changed alone, cleared
	assert.equal(p.partner_contact, null);
	const contact = 'Magistrat der Stadt Wien, MA 27 – EU-Strategie, post@ma27.wien.gv.at';
	const withContact = assertJson(await c.staff.api('PATCH', `/partnerships/${p.id}`,
		{ body: { partner_contact: contact } }), 200);
	assert.equal(withContact.partner_contact, contact);
	assert.equal(withContact.note_ru, 'тест', 'the other members kept');
	assert.equal(assertJson(await c.staff.api('GET', `/partnerships/${p.id}`), 200).partner_contact, contact);
	assert.equal(assertJson(await c.staff.api('PATCH', `/partnerships/${p.id}`,
		{ body: { partner_contact: null } }), 200).partner_contact, null);
	assert.equal((await c.staff.api('DELETE', `/partnerships/${p.id}`)).status, 204);
	assertProblem(await c.staff.api('GET', `/partnerships/${p.id}`), 404, 'not_found');
});

test('create: bad input -> 400 with the fields', async () => {
	const base = { city_a_id: city.moscow.id, city_b_id: city.prague.id, kind: 'sister' };
	const cases = [
		[{ ...base, city_b_id: 99999999 }, ['city_b_id:not_found']],
		[{ ...base, city_b_id: city.moscow.id }, ['city_b_id:same_city']],
		[{ ...base, since: '2023-02-30' }, ['since:invalid_date']],
		[{ ...base, since: 'last year' }, ['since:invalid_date']],
		[{ ...base, kind: 'friends' }, ['kind:not_allowed']],
		[{ ...base, agreement_id: 999999 }, ['agreement_id:not_found']],
		[{ ...base, responsible_id: c.partner.user.id }, ['responsible_id:not_staff']],
		[{ ...base, extra: 1 }, ['extra:unknown_field']],
		[{ ...base, partner_contact: 'x'.repeat(301) }, ['partner_contact:too_long']],
	];
	for (const [body, fields] of cases) {
		const p = assertProblem(await c.staff.api('POST', '/partnerships', { body }), 400, 'validation_failed',
			JSON.stringify(body));
		assert.deepEqual(errorFields(p), fields, JSON.stringify(body));
	}
	assertProblem(await c.staff.api('POST', '/partnerships', { body: 'city', headers: { 'Content-Type': 'text/plain' } }),
		415, 'unsupported_media_type');
	assertProblem(await c.staff.api('PATCH', '/partnerships/999999', { body: { kind: 'sister' } }), 404, 'not_found');
});

test('roles: staff write their own city; partner reads only its own; correspondent none', async () => {
	// Krasnodar's staff may not touch Moscow's partnerships, nor create one for Moscow
	const moscowMinsk = (await allPages(c.staff, `/partnerships?city=${city.moscow.id}`))
		.find((p) => p.city_b.id === city.minsk.id);
	assertProblem(await c.krasnodar.api('PATCH', `/partnerships/${moscowMinsk.id}`, { body: { status: 'ended' } }),
		403, 'forbidden');
	assertProblem(await c.krasnodar.api('DELETE', `/partnerships/${moscowMinsk.id}`), 403, 'forbidden');
	assertProblem(await c.krasnodar.api('POST', '/partnerships', { body: { city_a_id: city.moscow.id,
		city_b_id: city.lisbon.id, kind: 'partner' } }), 403, 'forbidden');
	assert.equal(assertJson(await c.staff.api('GET', `/partnerships/${moscowMinsk.id}`), 200).status, 'active');
	// the admin may write any
	const p = assertJson(await c.admin.api('POST', '/partnerships', { body: { city_a_id: city.prague.id,
		city_b_id: city.lisbon.id, kind: 'cooperation' } }), 201);
	// the partner (Minsk) sees only Moscow–Minsk
	const mine = await allPages(c.partner, '/partnerships');
	assert.deepEqual(mine.map((x) => x.id), [moscowMinsk.id]);
	assert.equal(mine[0].city_a.id, city.minsk.id, 'its own city first');
	assert.deepEqual((await allPages(c.partner, `/partnerships?city=${city.krasnodar.id}`)).map((x) => x.id),
		[], 'asking for another city shows nothing');
	assertProblem(await c.partner.api('GET', `/partnerships/${p.id}`), 404, 'not_found');
	assert.equal(assertJson(await c.partner.api('GET', '/partnerships/summary'), 200).total, 1);
	assertProblem(await c.partner.api('POST', '/partnerships', { body: { city_a_id: city.minsk.id,
		city_b_id: city.lisbon.id, kind: 'partner' } }), 403, 'forbidden');
	assertProblem(await c.partner.api('GET', '/network'), 403, 'forbidden');
	assertProblem(await c.correspondent.api('GET', '/partnerships'), 403, 'forbidden');
	assertProblem(await srv.api('GET', '/partnerships'), 401, 'unauthenticated');
	assert.equal((await c.admin.api('DELETE', `/partnerships/${p.id}`)).status, 204);
});

test('public: only published partnerships, without notes', async () => {
	const p = assertJson(await c.staff.api('POST', '/partnerships', { body: { city_a_id: city.moscow.id,
		city_b_id: city.lisbon.id, kind: 'partner', note_en: 'internal remark' } }), 201);
	const pub = (await allPages(srv.client(), `/partner-cities?city=${city.moscow.id}`));
	assert.equal(pub.length, 12, 'the 12 demo partnerships of Moscow, not the unpublished one');
	assert.ok(!pub.some((x) => x.city_b.id === city.lisbon.id));
	assert.deepEqual(Object.keys(pub[0]).sort(), ['city_a', 'city_b', 'kind', 'since']);
	assertJson(await c.staff.api('PATCH', `/partnerships/${p.id}`, { body: { published: true } }), 200);
	const after = await allPages(srv.client(), `/partner-cities?city=${city.moscow.id}`);
	assert.ok(after.some((x) => x.city_b.id === city.lisbon.id), 'published now');
	assert.equal((await c.staff.api('DELETE', `/partnerships/${p.id}`)).status, 204);
});

test('network: partners, two steps away, suggestions ranked by shared partners', async () => {
	const net = assertJson(await c.staff.api('GET', `/network?city=${city.krasnodar.id}`), 200);
	assert.equal(net.centre, city.krasnodar.id);
	const depth = (d) => net.nodes.filter((n) => n.depth === d);
	assert.equal(depth(0)[0].id, city.krasnodar.id);
	assert.equal(depth(1).length, 11);
	// through Harbin, Moscow is two steps from Krasnodar, sharing one partner
	const two = depth(2);
	assert.equal(two[0].id, city.moscow.id);
	assert.equal(two[0].shared, 1);
	assert.equal(two[0].degree, 12);
	assert.ok(net.edges.some((e) => [e.a, e.b].includes(city.moscow.id) && [e.a, e.b].includes(city.harbin.id)));
	// a shared partner more moves a city up: Minsk–Krasnodar's Yerevan and Burgas
	const yerevan = await findCity(srv, 'Yerevan', 'AM');
	const burgas = await findCity(srv, 'Burgas', 'BG');
	const made = [];
	for (const b of [yerevan, burgas])
		made.push(assertJson(await c.admin.api('POST', '/partnerships', { body: { city_a_id: city.minsk.id,
			city_b_id: b.id, kind: 'partner' } }), 201).id);
	const net2 = assertJson(await c.staff.api('GET', `/network?city=${city.krasnodar.id}`), 200);
	const sug = net2.nodes.filter((n) => n.depth === 2);
	assert.deepEqual(sug.slice(0, 2).map((n) => [n.id, n.shared]), [[city.minsk.id, 2], [city.moscow.id, 1]]);
	const none = assertJson(await c.staff.api('GET', `/network?city=${city.krasnodar.id}&second=0`), 200);
	assert.equal(none.nodes.filter((n) => n.depth === 2).length, 0);
	assertProblem(await c.staff.api('GET', '/network?city=99999999'), 400, 'validation_failed');
	assertProblem(await c.staff.api('GET', '/network?second=501'), 400, 'validation_failed');
	for (const id of made)
		assert.equal((await c.admin.api('DELETE', `/partnerships/${id}`)).status, 204);
});

test('CSV: export, import line by line, nothing changed when a line is bad unless skip_invalid', async () => {
	const ex = await c.staff.api('GET', `/partnerships.csv?city=${city.krasnodar.id}`);
	assert.equal(ex.status, 200);
	assert.match(ex.headers['content-type'], /^text\/csv/);
	assert.match(ex.headers['content-disposition'], /attachment; filename="partnerships.csv"/);
	assert.ok(ex.text.startsWith('\uFEFF'), 'a byte order mark for Excel');
	const lines = ex.text.slice(1).trim().split('\r\n');
	assert.equal(lines[0], 'id,city_a_geonames_id,city_a,city_b_geonames_id,city_b,kind,since,status,published,note_ru,note_en');
	assert.equal(lines.length, 12);
	assert.ok(lines.some((l) => l.includes(',542420,Krasnodar,732770,Burgas,sister,,active,true,')));

	const header = 'city_a_geonames_id,city_b_geonames_id,kind,since,status,published,note_en\r\n';
	const good = `${city.moscow.geonames_id},${city.vienna.geonames_id},partner,1992,active,true,"Vienna, Austria"\r\n`;
	const bad = [
		`${city.moscow.geonames_id},1,sister,,,,\r\n`,				// unknown city
		`${city.moscow.geonames_id},${city.moscow.geonames_id},partner,,,,\r\n`,	// the same city twice
		`${city.moscow.geonames_id},${city.prague.geonames_id},friends,2020-13-01,,maybe,\r\n`,
	];
	const csv = header + good + bad.join('');
	const refused = assertProblem(await c.staff.api('POST', '/partnerships.csv', { body: csv,
		headers: { 'Content-Type': 'text/csv' } }), 400, 'import_refused');
	assert.equal(refused.report.applied, false);
	assert.deepEqual([refused.report.inserted, refused.report.refused], [1, 3]);
	assert.deepEqual(refused.report.lines.map((l) => [l.line, l.result]),
		[[3, 'refused'], [4, 'refused'], [5, 'refused']], 'the refused lines');
	assert.deepEqual(errorFields(refused.report.lines[0]), ['city_b_geonames_id:not_found']);
	assert.deepEqual(errorFields(refused.report.lines[1]), ['city_b_geonames_id:same_city']);
	assert.deepEqual(errorFields(refused.report.lines[2]), ['kind:invalid', 'published:invalid', 'since:invalid_date']);
	assert.equal((await allPages(c.staff, `/partnerships?city=${city.vienna.id}`)).length, 0, 'nothing imported');

	const skipped = assertJson(await c.staff.api('POST', '/partnerships.csv?skip_invalid=true', { body: csv,
		headers: { 'Content-Type': 'text/csv' } }), 200);
	assert.deepEqual([skipped.applied, skipped.accepted, skipped.inserted, skipped.refused], [true, 1, 1, 3]);
	const v = await allPages(c.staff, `/partnerships?city=${city.vienna.id}`);
	assert.equal(v.length, 1);
	assert.equal(v[0].note_en, 'Vienna, Austria');
	assert.equal(v[0].published, true);
	// staff of another city: refused line
	const k = assertProblem(await c.krasnodar.api('POST', '/partnerships.csv', { body: header +
		`${city.moscow.geonames_id},${city.lisbon.geonames_id},partner,,,,\r\n`, headers: { 'Content-Type': 'text/csv' } }),
		400, 'import_refused');
	assert.deepEqual(errorFields(k.report.lines[0]), ['city_a_geonames_id:forbidden']);
	assertProblem(await c.staff.api('POST', '/partnerships.csv', { body: 'a,b\r\n1,2\r\n',
		headers: { 'Content-Type': 'text/csv' } }), 400, 'validation_failed', 'bad header');
	assertProblem(await c.staff.api('POST', '/partnerships.csv', { body: csv }), 415, 'unsupported_media_type');
	const unclosed = assertProblem(await c.staff.api('POST', '/partnerships.csv', { body: `${header}1,"2,sister\r\n`,
		headers: { 'Content-Type': 'text/csv' } }), 400, 'import_refused');
	assert.deepEqual(errorFields(unclosed.report.lines[0]), ['line:malformed']);
	assert.equal((await c.staff.api('DELETE', `/partnerships/${v[0].id}`)).status, 204);
	assertProblem(await c.partner.api('GET', '/partnerships.csv'), 403, 'forbidden');
});

test('people: protocol order, contacts for staff only, partner sees its partners\' people', async () => {
	const all = await allPages(c.staff, '/people');
	assert.equal(all.length, 12);
	assert.equal(all[0].name_en, 'Sergey Cheryomin');
	const r = await c.staff.api('POST', '/people', { body: { name_ru: 'Иван Петров', name_en: 'Ivan Petrov',
		post_en: 'Adviser', organization_id: c.partner.user.organization.id, precedence: 5,
		email: 'ivan@example.org', phone: '+375 17 000-00-00' } });
	const p = assertJson(r, 201);
	assert.equal(p.city.id, city.minsk.id, 'the organization\'s city');
	assert.equal(p.email, 'ivan@example.org');
	const forPartner = await allPages(c.partner, '/people');
	assert.ok(forPartner.some((x) => x.id === p.id), 'its own city');
	assert.ok(forPartner.some((x) => x.name_en === 'Sergey Cheryomin'), 'Moscow is its partner');
	assert.ok(!forPartner.some((x) => x.name_en === 'Evgeny Pervyshov'), 'not Krasnodar');
	assert.ok(forPartner.every((x) => !('email' in x) && !('phone' in x)), 'no contacts');
	const pervyshov = all.find((x) => x.name_en === 'Evgeny Pervyshov');
	assertProblem(await c.partner.api('GET', `/people/${pervyshov.id}`), 404, 'not_found');
	assertProblem(await c.partner.api('PATCH', `/people/${p.id}`, { body: { precedence: 1 } }), 403, 'forbidden');
	assertProblem(await c.staff.api('POST', '/people', { body: { name_ru: 'X', name_en: 'X', email: 'nope' } }),
		400, 'validation_failed');
	assertProblem(await c.staff.api('POST', '/people', { body: { name_ru: 'X', name_en: 'X', organization_id: 999999 } }),
		400, 'validation_failed');
	assert.equal(assertJson(await c.staff.api('PATCH', `/people/${p.id}`, { body: { precedence: 1 } }), 200).precedence, 1);
	assert.equal((await c.staff.api('DELETE', `/people/${p.id}`)).status, 204);
	assertProblem(await c.staff.api('GET', `/people/${p.id}`), 404, 'not_found');
});

test('agreements: parties, dates, expiry flag, partner visibility', async () => {
	const demo = await allPages(c.staff, '/agreements');
	assert.equal(demo.length, 2);
	const roadmap = demo.find((g) => g.kind === 'roadmap');
	assert.deepEqual(roadmap.parties.map((x) => [x.type, x.id]), [['city', city.moscow.id], ['country', 'BY']]);
	// the statement on transport: Moscow and Minsk, the two sides of the meeting that signed it (004)
	const statement = demo.find((g) => g.kind === 'joint_statement');
	assert.deepEqual(statement.parties.map((x) => x.name_en), ['Moscow', 'Minsk']);
	// Minsk's partner sees both, Harbin's neither
	assert.deepEqual((await allPages(c.partner, '/agreements')).map((g) => g.id).sort(),
		[roadmap.id, statement.id].sort());
	assert.deepEqual((await allPages(c.harbin, '/agreements')).map((g) => g.id), []);
	assertProblem(await c.harbin.api('GET', `/agreements/${roadmap.id}`), 404, 'not_found');

	const soon = new Date(Date.now() + 30 * 86400e3).toISOString().slice(0, 10);
	const later = new Date(Date.now() + 400 * 86400e3).toISOString().slice(0, 10);
	const g = assertJson(await c.staff.api('POST', '/agreements', { body: { kind: 'twinning',
		title_ru: 'Соглашение о побратимстве', title_en: 'Twinning agreement', signed_on: '2020-05-01',
		valid_from: '2020-05-01', valid_to: soon, parties: [{ type: 'city', id: city.moscow.id },
			{ type: 'organization', id: c.partner.user.organization.id }] } }), 201);
	assert.equal(g.expiring, true);
	assert.equal(g.state, 'expiring');
	assert.deepEqual(g.parties.map((x) => x.name_en), ['Moscow', 'Minsk City Executive Committee']);
	const expiring = await allPages(c.staff, '/agreements?expiring=true');
	assert.ok(expiring.some((x) => x.id === g.id));
	const longer = assertJson(await c.staff.api('PATCH', `/agreements/${g.id}`, { body: { valid_to: later } }), 200);
	assert.equal(longer.expiring, false);
	assert.equal(longer.parties.length, 2, 'parties kept');
	assert.ok((await allPages(c.partner, '/agreements')).some((x) => x.id === g.id), 'an organization of Minsk');
	// as the basis of a partnership, and on its page
	const mm = (await allPages(c.staff, `/partnerships?city=${city.moscow.id}`)).find((p) => p.city_b.id === city.minsk.id);
	const of = await allPages(c.staff, `/agreements?partnership=${mm.id}`);
	assert.deepEqual(of.map((x) => x.id).sort(), [roadmap.id, statement.id, g.id].sort());
	for (const [body, fields] of [
		[{ kind: 'treaty', title_ru: 'x', title_en: 'x' }, ['kind:not_allowed']],
		[{ kind: 'memorandum', title_ru: 'x', title_en: 'x', valid_from: '2024-01-01', valid_to: '2023-01-01' },
			['valid_to:before_start']],
		[{ kind: 'memorandum', title_ru: 'x', title_en: 'x', signed_on: '2024-02-31' }, ['signed_on:invalid_date']],
		[{ kind: 'memorandum', title_ru: 'x', title_en: 'x', parties: [{ type: 'planet', id: 3 }] }, ['parties:invalid']],
		[{ kind: 'memorandum', title_ru: 'x', title_en: 'x', parties: [{ type: 'city', id: 99999999 }] },
			['parties:not_found']],
	]) {
		const p = assertProblem(await c.staff.api('POST', '/agreements', { body }), 400, 'validation_failed');
		assert.deepEqual(errorFields(p), fields, JSON.stringify(body));
	}
	assertProblem(await c.partner.api('POST', '/agreements', { body: { kind: 'memorandum', title_ru: 'x', title_en: 'x' } }),
		403, 'forbidden');
	assert.equal((await c.staff.api('DELETE', `/agreements/${g.id}`)).status, 204);
});

test('agreement file: type by content, size ceiling, stored by hash, download for those allowed', async () => {
	const g = assertJson(await c.staff.api('POST', '/agreements', { body: { kind: 'memorandum',
		title_ru: 'Меморандум', title_en: 'Memorandum', parties: [{ type: 'city', id: city.minsk.id }] } }), 201);
	const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
	const demoFiles = fs.readdirSync(files);
	const put = (body, type, who = c.staff) => who.api('PUT', `/agreements/${g.id}/file`, { body,
		headers: type ? { 'Content-Type': type } : {} });
	assertProblem(await c.staff.api('GET', `/agreements/${g.id}/file`), 404, 'not_found', 'no file yet');
	assertProblem(await put(pdf, 'image/png'), 415, 'type_mismatch');
	assertProblem(await put(Buffer.from('<html>not a pdf</html>'), 'application/pdf'), 415, 'type_mismatch');
	assertProblem(await put(pdf, 'text/html'), 415, 'unsupported_media_type');
	assertProblem(await put(pdf), 415, 'unsupported_media_type');
	assertProblem(await sendTooLarge(srv, c.staff, { method: 'PUT', path: `/agreements/${g.id}/file`, type: 'application/pdf', bytes: 10 * 1024 * 1024 + 1 }), 413, 'payload_too_large');
	assertProblem(await put(pdf, 'application/pdf', c.partner), 403, 'forbidden');
	const withFile = assertJson(await put(pdf, 'application/pdf'), 200);
	const { createHash } = await import('node:crypto');
	const sha = createHash('sha256').update(pdf).digest('hex');
	assert.deepEqual(withFile.file, { type: 'application/pdf', size: pdf.length, sha256: sha });
	/* the demo's pictures are there already: this upload adds one file and no temporary */
	assert.deepEqual(fs.readdirSync(files).filter((f) => !demoFiles.includes(f)), [sha],
		'one file, named by its hash, no temporary left');
	for (const who of [c.staff, c.admin, c.partner]) {
		const dl = await who.api('GET', `/agreements/${g.id}/file`);
		assert.equal(dl.status, 200);
		assert.equal(dl.headers['content-type'], 'application/pdf');
		assert.equal(dl.headers['content-disposition'], `attachment; filename="agreement-${g.id}.pdf"`);
		assert.equal(dl.text, pdf.toString());
	}
	assertProblem(await c.harbin.api('GET', `/agreements/${g.id}/file`), 404, 'not_found', 'another city\'s partner');
	assertProblem(await srv.api('GET', `/agreements/${g.id}/file`), 401, 'unauthenticated');
	/* a scan is a picture: decoded and kept re-encoded, as every upload (uploads.test.mjs) */
	assertProblem(await put(Buffer.concat([Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'), Buffer.alloc(64, 1)]),
		'image/png'), 400, 'image_unreadable');
	const scan = png(60, 40);
	const asPng = assertJson(await put(Buffer.concat([scan, Buffer.from('tail')]), 'image/png'), 200);
	assert.equal(asPng.file.type, 'image/png');
	const dl = await c.staff.api('GET', `/agreements/${g.id}/file`);
	assert.equal(dl.headers['content-type'], 'image/png');
	assert.equal(Number(dl.headers['content-length']), asPng.file.size);
	assert.doesNotMatch(dl.text, /tail/);
	assertProblem(await c.staff.api('PUT', '/agreements/999999/file', { body: pdf,
		headers: { 'Content-Type': 'application/pdf' } }), 404, 'not_found');
	assert.equal((await c.staff.api('DELETE', `/agreements/${g.id}`)).status, 204);
});

test('organizations: staff create and edit; only admins delete', async () => {
	const o = assertJson(await c.staff.api('POST', '/organizations', { body: { kind: 'university',
		name_ru: 'Венский университет', name_en: 'University of Vienna', city_id: city.vienna.id } }), 201);
	assert.equal(assertJson(await c.krasnodar.api('PATCH', `/organizations/${o.id}`, { body: { website: 'https://univie.ac.at' } }),
		200).website, 'https://univie.ac.at');
	assertProblem(await c.staff.api('DELETE', `/organizations/${o.id}`), 403, 'forbidden');
	assertProblem(await c.partner.api('POST', '/organizations', { body: { kind: 'ngo', name_ru: 'x', name_en: 'x',
		city_id: city.minsk.id } }), 403, 'forbidden');
	assert.equal((await c.admin.api('DELETE', `/organizations/${o.id}`)).status, 204);
});
