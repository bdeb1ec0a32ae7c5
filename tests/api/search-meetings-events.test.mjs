// GET /search over meetings and events: Russian and English word forms of
// titles, agenda, topics, minutes and descriptions; each hit only for those
// GET /meetings/{id} and GET /events/{id} would show it to (meetings for
// signed-in callers in their scope; events published, all for staff, also
// their own city's for a partner); the kind, country and date filters; the
// index follows every write (triggers of 0012).

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { DEMO, assertJson, assertProblem, startServer, signInAll } from './lib/server.mjs';

let srv;
const c = {};
const city = {};

before(async () => {
	srv = await startServer();
	Object.assign(c, await signInAll(srv, { ...DEMO, harbin: 'partner.harbin@pobratim.demo' }));
	for (const [key, q, country] of [['minsk', 'Minsk', 'BY'], ['harbin', 'Harbin', 'CN']]) {
		const r = assertJson(await srv.api('GET', `/cities?q=${q}&country=${country}&limit=1`), 200);
		city[key] = r.items[0].id;
	}
});

after(async () => {
	await srv?.stop();
});

const search = async (client, q, extra = '') =>
	assertJson(await client.api('GET', `/search?q=${encodeURIComponent(q)}${extra}`), 200, q).items;
const ofKind = (hits, kind) => hits.filter((h) => h.kind === kind);
const titles = (hits) => JSON.stringify(hits.map((h) => `${h.kind}: ${h.title}`));
const MINSK_MEETING = /Встреча с делегацией города Минска/;

test('a meeting is found by Russian and English word forms of its title, agenda and minutes', async () => {
	for (const q of ['делегациями Минска', 'delegations']) {
		const hit = ofKind(await search(c.staff, q), 'meeting').find((h) => MINSK_MEETING.test(h.title));
		assert.ok(hit, `${q}: ${titles(await search(c.staff, q))}`);
		assert.match(hit.title, /Meeting with the Minsk city delegation/, 'both languages in the title');
		assert.match(hit.url, /^\/meetings\/\d+$/);
		assert.equal(hit.url, `/meetings/${hit.id}`);
		assert.deepEqual([...hit.countries].sort(), ['BY', 'RU']);
		assert.equal(hit.subkind, 'in_person');
		assert.deepEqual([hit.date, hit.date_to], ['2023-07-01', '2024-05-31'], 'no known date: the window of days');
		assert.ok(hit.title_marked.some((s) => s.mark), `${q}: a word is marked`);
	}
	// the minutes of the German business circles' conference, in both languages
	for (const q of ['антикризисными мерами', 'anti-crisis measure']) {
		const hit = ofKind(await search(c.staff, q), 'meeting').find((h) => /German business circles/.test(h.title));
		assert.ok(hit, `${q}: ${titles(await search(c.staff, q))}`);
		assert.ok(hit.snippet.some((s) => s.mark && /антикризисн|anti|crisis/i.test(s.text)), `${q}: marked in the snippet`);
		assert.deepEqual([hit.date, hit.date_to], ['2020-05-18', null], 'a known day');
	}
	// a topic of the seven cities' conference (the demo meetings have no agenda; the last test has one)
	const agenda = ofKind(await search(c.staff, 'тестированию'), 'meeting');
	assert.ok(agenda.some((h) => /семи городов/.test(h.title)), titles(agenda));
});

test('an event is found by Russian and English word forms of its title and description', async () => {
	for (const q of ['фестивалях тайской культуры', 'Thai festivals']) {
		const hit = ofKind(await search(srv, q), 'event').find((h) => /Thai Culture Festival/.test(h.title));
		assert.ok(hit, `${q}: ${titles(await search(srv, q))}`);
		assert.match(hit.title, /Фестиваль тайской культуры/);
		assert.equal(hit.url, `/events/${hit.id}`);
		assert.equal(hit.subkind, 'culture_festival');
	}
	const days = ofKind(await search(srv, 'Москвой в Минске'), 'event');
	const top = days.find((h) => h.title.startsWith('Дни Москвы в Минске'));
	assert.ok(top, titles(days));
	assert.ok(top.countries.includes('BY'), 'the host city\'s country');
	assert.equal(assertJson(await srv.api('GET', top.url), 200).id, top.id, 'the hit opens its event');
});

test('anonymous callers: published events, never unpublished ones, never meetings', async () => {
	const made = assertJson(await c.staff.api('POST', '/events', { body: { kind: 'culture_festival',
		title_ru: 'Фестиваль пельменей', title_en: 'Dumpling festival', host_city_id: city.minsk,
		description_ru: 'Закрытое обсуждение', description_en: 'A closed discussion' } }), 201);
	assert.equal(made.published, false);
	const find = async (client, q) => ofKind(await search(client, q), 'event').filter((h) => h.id === made.id);
	assert.equal((await find(c.staff, 'пельменями')).length, 1, 'staff find an unpublished event');
	assert.equal((await find(c.partner, 'dumplings')).length, 1, "Minsk's partner finds its own city's");
	assert.equal((await find(srv, 'пельменями')).length, 0, 'not the public');
	assert.equal((await find(c.correspondent, 'dumplings')).length, 0, 'not a correspondent');
	assert.equal((await find(c.harbin, 'dumplings')).length, 0, "not Harbin's partner");
	assertProblem(await c.harbin.api('GET', `/events/${made.id}`), 404, 'not_found');

	assertJson(await c.staff.api('PATCH', `/events/${made.id}`, { body: { published: true,
		description_en: 'An open fair of dumplings' } }), 200);
	assert.equal((await find(srv, 'dumplings')).length, 1, 'published: the public finds it');
	assert.equal((await find(srv, 'fairs')).length, 1, 'by its new description');
	assert.equal((await find(srv, 'discussion')).length, 0, 'not by its old one');

	for (const q of ['делегацией', 'videoconference', 'коронавирусом']) {
		assert.deepEqual(ofKind(await search(srv, q), 'meeting'), [], `${q}: no meeting for the public`);
		assert.deepEqual(await search(srv, q, '&kind=meeting'), []);
	}
});

test('a partner of another city does not find the Moscow–Minsk meeting; its own city\'s partner does', async () => {
	const has = async (client, q) => ofKind(await search(client, q), 'meeting').some((h) => MINSK_MEETING.test(h.title));
	for (const q of ['делегацией Минска', 'Minsk delegation']) {
		assert.equal(await has(c.partner, q), true, `${q}: Minsk's partner takes part`);
		assert.equal(await has(c.harbin, q), false, `${q}: Harbin's partner does not`);
		assert.equal(await has(c.correspondent, q), false, `${q}: nor the compatriots in Italy`);
	}
	const own = ofKind(await search(c.harbin, 'Харбина'), 'meeting');
	assert.ok(own.some((h) => /Краснодара и Харбина/.test(h.title)), `Harbin's partner finds its own: ${titles(own)}`);
	const hit = own.find((h) => /Краснодара и Харбина/.test(h.title));
	assert.equal(assertJson(await c.harbin.api('GET', hit.url), 200).id, hit.id, 'and may open it');
	// a correspondent finds the conference its organization took part in, not the others
	const comp = ofKind(await search(c.correspondent, 'конференция'), 'meeting');
	assert.ok(comp.some((h) => /Московского дома соотечественника о пандемии/.test(h.title)), titles(comp));
	assert.ok(comp.every((h) => /соотечественника/.test(h.title)), titles(comp));
});

test('the kind, country and date filters over meetings and events', async () => {
	const meetings = await search(c.staff, 'Минска', '&kind=meeting');
	assert.ok(meetings.length > 0);
	assert.ok(meetings.every((h) => h.kind === 'meeting'), titles(meetings));
	const events = await search(c.staff, 'Минске', '&kind=event');
	assert.ok(events.length > 0);
	assert.ok(events.every((h) => h.kind === 'event'), titles(events));
	assertProblem(await srv.api('GET', '/search?q=x&kind=meetings'), 400, 'validation_failed');

	// a participant's city (Montreal) and a group's country (German business circles)
	assert.ok(ofKind(await search(c.staff, 'коронавирусом', '&country=CA'), 'meeting').some((h) => /семи городов/.test(h.title)));
	assert.ok(ofKind(await search(c.staff, 'videoconference', '&country=DE'), 'meeting').some((h) => /German business/.test(h.title)));
	assert.equal(ofKind(await search(c.staff, 'videoconference', '&country=BY'), 'meeting').length, 0);
	assert.ok(ofKind(await search(c.staff, 'Days', '&country=CN'), 'event').every((h) => h.countries.includes('CN')));
	assert.ok(ofKind(await search(c.staff, 'Days', '&country=CN'), 'event').length > 0);
	assert.equal((await search(c.staff, 'videoconference', '&kind=meeting&topic=culture')).length, 0, 'no topics');

	const on = async (from, to) => ofKind(await search(c.staff, 'German business', `&from=${from}&to=${to}`), 'meeting')
		.some((h) => /German business/.test(h.title));
	assert.equal(await on('2020-05-18', '2020-05-18'), true, 'the day of the meeting, inclusive');
	assert.equal(await on('2020-05-19', '2020-12-31'), false);
	assert.equal(await on('2020-01-01', '2020-05-17'), false);
	const held = ofKind(await search(srv, 'fair', '&from=2020-06-01&to=2020-06-30'), 'event');
	assert.ok(held.some((h) => /Harbin International Trade/.test(h.title)), titles(held));
	assert.ok(held.every((h) => h.date >= '2020-06-01' && h.date <= '2020-06-30'));
});

test('the index follows a meeting\'s writes: title, agenda, topics, minutes, delete', async () => {
	const body = {
		title_ru: 'Совещание о трамваях', title_en: 'Tramway meeting', format: 'video',
		timezone: 'Europe/Moscow', starts_at: '2026-12-07T08:00:00Z', duration: 60,
		participants: [{ role: 'host', organization_id: c.staff.user.organization.id },
			{ role: 'participant', city_id: city.minsk }],
		agenda: [{ title_ru: 'Электробусы', title_en: 'Electric buses' }],
		topics: [{ ru: 'Велодорожки', en: 'Cycle lanes' }],
	};
	const m = assertJson(await c.staff.api('POST', '/meetings', { body }), 201);
	const find = async (client, q) => ofKind(await search(client, q), 'meeting').filter((h) => h.id === m.id);
	assert.equal((await find(c.staff, 'трамваями')).length, 1);
	assert.equal((await find(c.staff, 'электробусов')).length, 1, 'an agenda item');
	assert.equal((await find(c.partner, 'cycle lane')).length, 1, 'a topic, for a partner of a participating city');
	assert.equal((await find(c.harbin, 'tramways')).length, 0);
	assertJson(await c.staff.api('PATCH', `/meetings/${m.id}`, { body: { title_ru: 'Совещание о метро',
		title_en: 'Metro meeting', agenda: [{ title_ru: 'Станции', title_en: 'Stations' }],
		minutes_en: 'Agreed on **escalators**.' } }), 200);
	assert.equal((await find(c.staff, 'tramway')).length, 0, 'the old title is gone');
	assert.equal((await find(c.staff, 'электробусы')).length, 0, 'the old agenda is gone');
	assert.equal((await find(c.staff, 'метро')).length, 1);
	assert.equal((await find(c.staff, 'станциях')).length, 1);
	assert.equal((await find(c.staff, 'escalator')).length, 1, 'the minutes');
	assert.equal((await c.staff.api('DELETE', `/meetings/${m.id}`)).status, 204);
	assert.equal((await find(c.staff, 'метро')).length, 0, 'deleted: gone from the index');
});
