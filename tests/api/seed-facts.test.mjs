// Seed fidelity (issue 15, point 9): the demo data read back through the API
// says what the five articles in /work/shared/seeds say — the quotes on the
// pages of their meetings and events, Moscow's stated 135 cities beside the
// registry, the exchanges the articles describe, partnership kinds as the
// articles state them, the countries and regions said to study Moscow's
// practices — and each of these routes answers only as far as the caller
// may see the meeting, the event or the practice.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { DEMO, assertJson, assertProblem, startServer, signInAll } from './lib/server.mjs';

let srv;
const c = {};
let meetings;	// the demo meetings, as staff see them
let cities;	// city name (en) -> id

before(async () => {
	srv = await startServer();
	Object.assign(c, await signInAll(srv, { ...DEMO, harbin: 'partner.harbin@pobratim.demo' }));
	// the calendar takes at most 400 days at a time: the articles' meetings are in 2020 and 2023-2024
	meetings = [];
	for (const [from, to] of [['2020-01-01', '2020-12-31'], ['2023-06-01', '2024-06-30']])
		meetings.push(...assertJson(await c.staff.api('GET', `/meetings?from=${from}&to=${to}`), 200).items);
	const ps = assertJson(await c.staff.api('GET', '/partnerships?limit=100'), 200).items;
	cities = Object.fromEntries(ps.flatMap((p) => [p.city_a, p.city_b]).map((x) => [x.name_en, x.id]));
});

after(async () => {
	await srv?.stop();
});

const meeting = (re) => {
	const m = meetings.find((x) => re.test(x.title_en));
	assert.ok(m, `a meeting ${re}`);
	return m;
};

test('the Krasnodar–Harbin videoconference carries its three quotes, verbatim, in order', async () => {
	const m = meeting(/Krasnodar and Harbin/);
	const q = assertJson(await c.staff.api('GET', `/meetings/${m.id}/quotes`), 200).items;
	assert.deepEqual(q.map((x) => x.speaker_en), ['Evgeny Pervyshov', 'Sun Zhe', 'Evgeny Pervyshov']);
	assert.match(q[0].text_ru, /^Сегодня весь мир, в том числе наши страны и города, переживают сложные времена\./);
	assert.match(q[1].text_ru, /Я сразу вспомнил мой первый визит в Краснодар в 2018 г\./);
	assert.match(q[2].text_ru, /^Мы полностью поддерживаем идею регулярных встреч в формате видеоконференций\./);
	assert.ok(q.every((x) => x.said_on === '2020-06-23' && x.text_en.length > 40));
	// Harbin takes part: its partner sees them; Minsk's does not see the meeting at all
	assert.equal(assertJson(await c.harbin.api('GET', `/meetings/${m.id}/quotes`), 200).items.length, 3);
	assertProblem(await c.partner.api('GET', `/meetings/${m.id}/quotes`), 404, 'not_found');
	assertProblem(await srv.client().api('GET', `/meetings/${m.id}/quotes`), 401, 'unauthenticated');
	assertProblem(await c.staff.api('GET', '/meetings/999999/quotes'), 404, 'not_found');
});

test('the Minsk delegation meeting: "Минск был и остается стратегическим партнером Москвы"', async () => {
	const m = meeting(/Minsk city delegation/);
	const q = assertJson(await c.partner.api('GET', `/meetings/${m.id}/quotes`), 200).items;
	assert.equal(q.length, 1);
	assert.equal(q[0].speaker_ru, 'Сергей Черёмин');
	assert.match(q[0].text_ru, /^Минск был и остается стратегическим партнером Москвы\./);
	assert.equal(q[0].said_on, null, 'the article has no date');
	const seven = meeting(/seven cities|mayors/i);
	assert.match(assertJson(await c.staff.api('GET', `/meetings/${seven.id}/quotes`), 200).items[0].text_ru,
		/^Для российской столицы всегда важно обмениваться опытом/);
});

test('the Eurasian Congress: Cheryomin\'s two quotes, public with the event; the 135 stated, beside the registry', async () => {
	const events = assertJson(await srv.client().api('GET', '/events'), 200).items;
	const congress = events.find((e) => /Eurasian Congress/.test(e.title_en));
	const q = assertJson(await srv.client().api('GET', `/events/${congress.id}/quotes`), 200).items;
	assert.equal(q.length, 2);
	assert.match(q[0].text_ru, /Мы поддерживаем отношения со 135 крупнейшими мегаполисами мира/);
	assert.match(q[0].source_url, /gagauznews\.com/);
	assertProblem(await c.staff.api('GET', '/events/999999/quotes'), 404, 'not_found');

	const moscow = assertJson(await c.staff.api('GET', '/dashboard/work'), 200).home_city;
	const f = assertJson(await srv.client().api('GET', `/cities/${moscow}/figures`), 200).items;
	assert.deepEqual(f.map((x) => [x.indicator, x.value, x.as_of]), [['cities_with_relations', 135, '2023-11-16']]);
	assert.match(f[0].stated_by_en, /^Sergey Cheryomin, Minister of the Moscow Government/);
	assert.match(f[0].quote_ru, /135 крупнейшими мегаполисами/);
	const registry = assertJson(await c.staff.api(`GET`, `/partnerships/summary?city=${moscow}`), 200).total;
	assert.equal(registry, 12, 'the registry holds the cities the articles name, not 135');
	assert.deepEqual(assertJson(await c.staff.api('GET', `/cities/${cities.Krasnodar}/figures`), 200).items, []);
	assertProblem(await c.staff.api('GET', '/cities/99999999/figures'), 404, 'not_found');
});

test('the exchanges the articles describe are delegations: Harbin doctors, the experts from China, Sun Zhe 2018, Minsk, Krasnodar researchers', async () => {
	const d = assertJson(await c.staff.api('GET', '/delegations?limit=100'), 200).items;
	const by = (re) => d.find((x) => re.test(x.specialty_en));
	const doctors = by(/^doctors$/);
	assert.deepEqual([doctors.people_count, doctors.year, doctors.status], [12, 2020, 'held']);
	const sun = by(/head of the City of Harbin/);
	assert.deepEqual([sun.year, sun.status, sun.from_city.name_en, sun.to_city.name_en], [2018, 'held', 'Harbin', 'Krasnodar']);
	const sunFull = assertJson(await c.staff.api('GET', `/delegations/${sun.id}`), 200);
	assert.deepEqual(sunFull.members.map((m) => m.name), ['Сунь Чже (Sun Zhe)']);
	const minsk = by(/delegation of the city of Minsk/);
	assert.deepEqual([minsk.status, minsk.from_city.name_en, minsk.to_city.name_en], ['held', 'Minsk', 'Moscow']);
	assert.match(minsk.date_note_en, /no date/);
	const team = by(/team of Krasnodar researchers/);
	assert.deepEqual([team.status, team.from_city.name_en, team.to_city.name_en], ['proposed', 'Krasnodar', 'Harbin']);
	// seed 000 names no city, number or date: from China, to Moscow, in 2020
	const experts = by(/^virologists, epidemiologists and medical experts$/);
	assert.deepEqual([experts.from_city, experts.from_country, experts.to_city.name_en, experts.people_count,
		experts.year], [null, 'CN', 'Moscow', null, 2020]);
	assert.match(experts.date_note_en, /no dates, number, city or format/);
	assert.equal(d.length, 5);
});

test('partnership kinds as the articles state them', async () => {
	const ps = assertJson(await c.staff.api('GET', '/partnerships?limit=100'), 200).items;
	const kind = (a, b) => ps.find((p) => [p.city_a.name_en, p.city_b.name_en].sort().join() === [a, b].sort().join())?.kind;
	for (const b of ['Burgas', 'Ferrara', 'Tallahassee', 'Karlsruhe', 'Harbin', 'Wels', 'Nancy'])
		assert.equal(kind('Krasnodar', b), 'sister', b);
	for (const b of ['Nottingham', 'Yerevan', 'Larnaca'])
		assert.equal(kind('Krasnodar', b), 'partner', b);
	for (const b of ['Minsk', 'Harbin', 'Beijing', 'Chengdu', 'Shanghai'])
		assert.equal(kind('Moscow', b), 'partner', b);
	// "foreign partners" at the May 2020 videoconference: cooperation, and no agreement is claimed
	for (const b of ['Düsseldorf', 'Toulouse', 'Palermo', 'Reading', 'Chemnitz', 'Chongqing'])
		assert.equal(kind('Moscow', b), 'cooperation', b);
	assert.ok(ps.filter((p) => p.kind === 'cooperation').every((p) => p.agreement == null && p.since == null));
});

test('the countries and regions said to study Moscow\'s practices are recorded', async () => {
	const ps = assertJson(await srv.client().api('GET', '/practices'), 200).items;
	const urban = ps.find((p) => p.title_en === 'Moscow\'s urban practices');
	const r = assertJson(await srv.client().api('GET', `/practices/${urban.id}/regions`), 200).items;
	assert.deepEqual(r.filter((x) => x.country_code).map((x) => x.country_code), ['CN', 'PH', 'VN', 'IN']);
	assert.deepEqual(r.filter((x) => !x.country_code).map((x) => x.region_en),
		['Middle East countries', 'African countries', 'Latin American countries']);
	assert.ok(r.every((x) => x.stated_on === '2023-11-16'));
	const mesh = ps.find((p) => /Electronic School/.test(p.title_en));
	assert.deepEqual(assertJson(await srv.client().api('GET', `/practices/${mesh.id}/regions`), 200).items, [],
		'Minsk\'s interest names a city: it is an interest request');
	assertProblem(await srv.client().api('GET', '/practices/999999/regions'), 404, 'not_found');
});

test('Сухум under the region the article names (Абхазия), the gazetteer keeping its country', async () => {
	const r = assertJson(await srv.client().api('GET', '/city-regions'), 200).items;
	assert.deepEqual(r.map((x) => [x.city_id, x.region_ru, x.region_en]), [[cities.Sukhumi, 'Абхазия', 'Abkhazia']],
		'only where the article writes a region, not a spelling of the country (КНР, ФРГ)');
	const sukhumi = assertJson(await c.staff.api('GET', '/partnerships?limit=100'), 200).items
		.find((p) => p.city_b.name_en === 'Sukhumi');
	assert.equal(sukhumi.city_b.country_code, 'GE');
});
