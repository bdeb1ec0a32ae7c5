// The dashboard per role (issue 15, point 5): GET /dashboard keeps the
// gazetteer's counters for staff and admins; GET /dashboard/work lists the
// caller's own city's overdue decisions and those whose outcome has happened;
// events carry status_since and a stale flag (a plan past its date, or
// undated and unchanged two years); roadmap items and bulletins narrow to a
// city and a language.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { DEMO, assertJson, assertProblem, startServer, signInAll } from './lib/server.mjs';

let srv;
const c = {};
let roadmap;	// the Moscow–Belarus roadmap's agreement id

before(async () => {
	srv = await startServer();
	Object.assign(c, await signInAll(srv, { ...DEMO, krasnodar: 'staff.krasnodar@pobratim.demo',
		harbin: 'partner.harbin@pobratim.demo' }));
	const list = assertJson(await c.staff.api('GET', '/agreements?kind=roadmap'), 200);
	roadmap = list.items.find((g) => /Belarus/.test(g.title_en)).id;
});

after(async () => {
	await srv?.stop();
});

const day = (offset) => new Date(Date.now() + offset * 86400000).toISOString().slice(0, 10);

test('GET /dashboard: the gazetteer counters for staff and admins only', async () => {
	for (const who of ['staff', 'admin']) {
		const d = assertJson(await c[who].api('GET', '/dashboard'), 200);
		assert.ok(d.counts.countries > 200 && d.counts.cities > 1000, `${who}: ${JSON.stringify(d.counts)}`);
	}
	for (const who of ['partner', 'correspondent', 'harbin']) {
		const d = assertJson(await c[who].api('GET', '/dashboard'), 200);
		assert.deepEqual(Object.keys(d.counts).sort(), ['organizations', 'users'], who);
		assert.ok(d.home, `${who} still sees their organization`);
	}
	assertProblem(await srv.client().api('GET', '/dashboard'), 401, 'unauthenticated');
});

test('GET /dashboard/work: each city its own overdue decisions', async () => {
	const moscow = assertJson(await c.staff.api('GET', '/dashboard/work'), 200);
	assert.equal(moscow.today, day(0));
	assert.deepEqual(moscow.overdue_actions.map((a) => a.meeting.title_en),
		['Meeting with the Minsk city delegation in Moscow'], 'not Krasnodar\'s');
	assert.ok(moscow.overdue_actions.every((a) => a.overdue && a.due_date < moscow.today));
	const krasnodar = assertJson(await c.krasnodar.api('GET', '/dashboard/work'), 200);
	assert.notEqual(krasnodar.home_city, moscow.home_city);
	assert.deepEqual(krasnodar.overdue_actions.map((a) => a.text_en.slice(0, 41)),
		['Hold the "Days of Krasnodar in Harbin" fe']);
	// a partner keeps its meeting scope: Harbin's city takes part in the Krasnodar meeting
	const harbin = assertJson(await c.harbin.api('GET', '/dashboard/work'), 200);
	assert.deepEqual(harbin.overdue_actions.map((a) => a.id), krasnodar.overdue_actions.map((a) => a.id));
	const correspondent = assertJson(await c.correspondent.api('GET', '/dashboard/work'), 200);
	assert.deepEqual(correspondent.overdue_actions, []);
	assertProblem(await srv.client().api('GET', '/dashboard/work'), 401, 'unauthenticated');
});

test('events: a plan past its date or unchanged two years is stale; held and fresh plans are not', async () => {
	const events = assertJson(await c.staff.api('GET', '/events'), 200).items;
	const by = (t) => events.find((e) => e.title_en === t);
	const minsk = by('Days of Moscow in Minsk');
	assert.deepEqual([minsk.status, minsk.status_since, minsk.stale], ['planned', '2024-05-31', 'unchanged']);
	assert.equal(by('Days of Moscow in Harbin').stale, 'unchanged');
	const congress = by('First Eurasian Congress of People\'s Diplomacy');
	assert.deepEqual([congress.status, congress.stale], ['held', null]);

	const make = async (title, more) => assertJson(await c.staff.api('POST', '/events', { body: {
		kind: 'forum', title_ru: title, title_en: title, status: 'planned', ...more } }), 201);
	assert.equal((await make('Yesterday', { starts_on: day(-1) })).stale, 'date_passed');
	assert.equal((await make('Last week, ends tomorrow', { starts_on: day(-7), ends_on: day(1) })).stale, null);
	assert.equal((await make('Next month', { starts_on: day(30) })).stale, null);
	assert.equal((await make('Undated, new', {})).stale, null);
	const old = await make('Undated, three years', { status_changed_on: day(-3 * 365) });
	assert.deepEqual([old.status_since, old.stale], [day(-3 * 365), 'unchanged']);
	const held = assertJson(await c.staff.api('PATCH', `/events/${old.id}`, { body: { status: 'held' } }), 200);
	assert.deepEqual([held.status_since, held.stale], [day(0), null]);
	const got = assertJson(await c.staff.api('GET', `/events/${old.id}`), 200);
	assert.equal(got.stale, null);
});

test('GET /dashboard/work: an open decision whose roadmap item is done or whose event was held', async () => {
	const moscowAction = (await c.staff.api('GET', '/dashboard/work')).json.overdue_actions[0];
	const rm = assertJson(await c.staff.api('GET', `/agreements/${roadmap}/roadmap`), 200);
	const [first, second] = rm.items.filter((i) => i.side === 'home');
	const before = assertJson(await c.staff.api('GET', '/dashboard/work'), 200);
	assert.deepEqual(before.outcome_happened_actions, []);

	assertJson(await c.staff.api('POST', `/roadmap-items/${first.id}/actions`,
		{ body: { action_item_id: moscowAction.id } }), 200);
	assert.deepEqual(assertJson(await c.staff.api('GET', '/dashboard/work'), 200).outcome_happened_actions, [],
		'linked, but the roadmap item is still planned');
	assertJson(await c.staff.api('PATCH', `/roadmap-items/${first.id}`, { body: { status: 'done' } }), 200);
	const done = assertJson(await c.staff.api('GET', '/dashboard/work'), 200);
	assert.deepEqual(done.outcome_happened_actions.map((a) => a.id), [moscowAction.id]);
	assert.deepEqual(assertJson(await c.krasnodar.api('GET', '/dashboard/work'), 200).outcome_happened_actions, [],
		'Moscow\'s decision is not Krasnodar\'s');

	// the other way: a roadmap item still planned whose event was held
	assertJson(await c.staff.api('PATCH', `/roadmap-items/${first.id}`, { body: { status: 'in_progress' } }), 200);
	assertJson(await c.staff.api('POST', `/roadmap-items/${second.id}/actions`,
		{ body: { action_item_id: moscowAction.id } }), 200);
	assert.deepEqual(assertJson(await c.staff.api('GET', '/dashboard/work'), 200).outcome_happened_actions, []);
	const cities = assertJson(await c.staff.api('GET', '/events'), 200).items
		.find((e) => e.title_en === 'Days of Moscow in Minsk');
	const ev = assertJson(await c.staff.api('POST', '/events', { body: { kind: 'forum', title_ru: 'Форум',
		title_en: 'Forum', host_city_id: cities.host_city.id, guest_city_id: cities.guest_city.id,
		roadmap_item_id: second.id, status: 'planned' } }), 201);
	assert.deepEqual(assertJson(await c.staff.api('GET', '/dashboard/work'), 200).outcome_happened_actions, []);
	assertJson(await c.staff.api('PATCH', `/events/${ev.id}`, { body: { status: 'held' } }), 200);
	const held = assertJson(await c.staff.api('GET', '/dashboard/work'), 200);
	assert.deepEqual(held.outcome_happened_actions.map((a) => a.id), [moscowAction.id]);

	// closing the decision takes it off both lists
	assertJson(await c.staff.api('PATCH', `/actions/${moscowAction.id}`, { body: { status: 'done' } }), 200);
	const closed = assertJson(await c.staff.api('GET', '/dashboard/work'), 200);
	assert.deepEqual([closed.outcome_happened_actions, closed.overdue_actions], [[], []]);
});

test('GET /roadmap-items?city narrows staff to a city; a partner cannot widen its own', async () => {
	const moscow = assertJson(await c.staff.api('GET', '/dashboard/work'), 200).home_city;
	const krasnodar = assertJson(await c.krasnodar.api('GET', '/dashboard/work'), 200).home_city;
	const all = assertJson(await c.staff.api('GET', '/roadmap-items'), 200).items;
	assert.ok(all.length >= 14);
	assert.equal(assertJson(await c.staff.api('GET', `/roadmap-items?city=${moscow}`), 200).items.length, all.length);
	assert.deepEqual(assertJson(await c.krasnodar.api('GET', `/roadmap-items?city=${krasnodar}`), 200).items, []);
	assert.deepEqual(assertJson(await c.harbin.api('GET', `/roadmap-items?city=${moscow}`), 200).items, [],
		'Harbin sees Harbin\'s, whatever it asks');
	for (const bad of ['0', '-1', 'x', '1.5'])
		assertProblem(await c.staff.api('GET', `/roadmap-items?city=${bad}`), 400, 'validation_failed');
	assertProblem(await c.correspondent.api('GET', `/roadmap-items?city=${moscow}`), 403, 'forbidden');
});

test('GET /bulletins?lang: one language copy of each bulletin', async () => {
	for (const lang of ['ru', 'en']) {
		const items = assertJson(await c.staff.api('GET', `/bulletins?lang=${lang}&limit=50`), 200).items;
		assert.ok(items.length >= 5, lang);
		assert.ok(items.every((b) => b.lang === lang), lang);
	}
	assertProblem(await c.staff.api('GET', '/bulletins?lang=de'), 400, 'validation_failed');
});
