// Events and what they link to: the partnership, the roadmap item and the
// responsible staff member. The server checks that each exists and belongs to
// the event's cities, and shows each only as far as the caller may know it
// (no email, no unpublished partnership, no roadmap outside the partner's).

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { DEMO, assertJson, assertProblem, startServer, signInAll } from './lib/server.mjs';

let srv;
const c = {};
let events;	// the demo calendar as staff see it
let roadmapItems;	// the Moscow–Belarus roadmap's items

before(async () => {
	srv = await startServer();
	Object.assign(c, await signInAll(srv, { ...DEMO, harbin: 'partner.harbin@pobratim.demo',
		krasnodar: 'staff.krasnodar@pobratim.demo' }));
	c.anon = srv.client();
	events = assertJson(await c.staff.api('GET', '/events'), 200).items;
	const rm = assertJson(await c.staff.api('GET', '/agreements?kind=roadmap'), 200).items
		.find((g) => /Belarus/.test(g.title_en));
	roadmapItems = assertJson(await c.staff.api('GET', `/agreements/${rm.id}/roadmap`), 200).items;
});

after(async () => {
	await srv?.stop();
});

const byTitle = (title) => events.find((e) => e.title_en === title);
const errorsOf = (p) => p.errors.map((e) => `${e.field}:${e.code}`).sort();

test('the demo links the Days to their partnership; the public sees a published one without a page', async () => {
	const minsk = byTitle('Days of Moscow in Minsk');
	const names = (p) => [p.city_a.name_en, p.city_b.name_en].sort();
	assert.deepEqual(names(minsk.partnership), ['Minsk', 'Moscow']);
	assert.equal(minsk.partnership.kind, 'partner');
	assert.equal(minsk.partnership.has_page, true, 'staff open it');
	assert.equal(minsk.roadmap_item, null, 'seed 004 does not put the Days in the roadmap');
	assert.equal(minsk.responsible, null, 'no article names one');
	for (const [title, city] of [['Days of Moscow in Harbin', 'Harbin'], ['Days of Moscow in Beijing', 'Beijing'],
		['Days of Moscow in Chengdu', 'Chengdu'], ['Days of Moscow in Shanghai', 'Shanghai']])
		assert.deepEqual(names(byTitle(title).partnership), [city, 'Moscow'].sort(), title);
	assert.deepEqual(names(byTitle('Days of Krasnodar in Harbin').partnership), ['Harbin', 'Krasnodar']);
	assert.equal(byTitle('Thai Culture Festival').partnership, null);

	const seen = async (who) => assertJson(await c[who].api('GET', `/events/${minsk.id}`), 200).partnership;
	assert.equal((await seen('anon')).has_page, false);
	assert.equal((await seen('correspondent')).has_page, false);
	assert.equal((await seen('harbin')).has_page, false, 'not Harbin\'s partnership');
	assert.equal((await seen('partner')).has_page, true, 'Minsk\'s own');
});

test('staff link a roadmap item and a responsible staff member; each caller sees what it may', async () => {
	const minsk = byTitle('Days of Moscow in Minsk');
	const item = roadmapItems.find((i) => i.sector === 'trade_economy' && i.side === 'home');
	const staff = c.staff.user;
	const linked = assertJson(await c.staff.api('PATCH', `/events/${minsk.id}`, { body: {
		roadmap_item_id: item.id, responsible_id: staff.id, status: 'held' } }), 200);
	assert.deepEqual(linked.roadmap_item, { id: item.id, agreement_id: item.agreement_id, title_ru: item.title_ru,
		title_en: item.title_en });
	assert.deepEqual(linked.responsible, { id: staff.id, name: staff.name });
	assert.ok(!JSON.stringify(linked).includes(staff.email), 'never the account\'s email');

	const as = async (who) => assertJson(await c[who].api('GET', `/events/${minsk.id}`), 200);
	const anon = await as('anon');
	assert.deepEqual([anon.roadmap_item, anon.responsible], [null, null]);
	assert.ok(anon.history.every((h) => h.by === null), 'who moved the status is not public');
	assert.deepEqual(await as('correspondent').then((e) => [e.roadmap_item, e.responsible]), [null, null]);
	const partner = await as('partner');
	assert.equal(partner.roadmap_item.id, item.id, 'the roadmap touches Minsk (Belarus is a party)');
	assert.equal(partner.responsible.name, staff.name);
	assert.equal(partner.history.at(-1).by, staff.name);
	const harbin = await as('harbin');
	assert.equal(harbin.roadmap_item, null, 'the Moscow–Belarus roadmap is not Harbin\'s');
	const list = assertJson(await c.anon.api('GET', '/events'), 200).items.find((e) => e.id === minsk.id);
	assert.deepEqual([list.roadmap_item, list.responsible], [null, null], 'nor in the list');

	// unlinking: null clears each link
	const cleared = assertJson(await c.staff.api('PATCH', `/events/${minsk.id}`, { body: {
		roadmap_item_id: null, responsible_id: null } }), 200);
	assert.deepEqual([cleared.roadmap_item, cleared.responsible], [null, null]);
	assert.equal(cleared.partnership.id, minsk.partnership.id, 'left alone');
});

test('an unpublished partnership stays hidden from the public calendar', async () => {
	const city = assertJson(await c.staff.api('GET', '/cities?q=Kazan&country=RU&limit=1'), 200).items[0];
	const moscow = c.staff.user.organization.city.id;
	const p = assertJson(await c.staff.api('POST', '/partnerships', { body: { city_a_id: moscow, city_b_id: city.id,
		kind: 'cooperation' } }), 201);
	assert.equal(p.published, false);
	const e = assertJson(await c.staff.api('POST', '/events', { body: { kind: 'forum', title_ru: 'Форум (тест)',
		title_en: 'Forum (test)', host_city_id: city.id, guest_city_id: moscow, partnership_id: p.id,
		published: true } }), 201);
	assert.equal(e.partnership.id, p.id);
	assert.equal(assertJson(await c.anon.api('GET', `/events/${e.id}`), 200).partnership, null);
	assert.equal(assertJson(await c.partner.api('GET', `/events/${e.id}`), 200).partnership, null, 'not Minsk\'s');
	assertJson(await c.staff.api('PATCH', `/partnerships/${p.id}`, { body: { published: true } }), 200);
	const pub = assertJson(await c.anon.api('GET', `/events/${e.id}`), 200).partnership;
	assert.deepEqual([pub.id, pub.has_page], [p.id, false], 'published: named, not opened');
});

test('links are checked: unknown ids and links of other cities are refused by field, nothing written', async () => {
	const minsk = byTitle('Days of Moscow in Minsk');
	const harbinDays = byTitle('Days of Moscow in Harbin');
	const before = assertJson(await c.staff.api('GET', `/events/${harbinDays.id}`), 200);
	const unknown = assertProblem(await c.staff.api('PATCH', `/events/${harbinDays.id}`, { body: {
		partnership_id: 999999999, roadmap_item_id: 999999999, responsible_id: 999999999, venue: 'x' } }),
	400, 'validation_failed');
	assert.deepEqual(errorsOf(unknown), ['partnership_id:not_found', 'responsible_id:not_staff',
		'roadmap_item_id:not_found']);
	const other = assertProblem(await c.staff.api('PATCH', `/events/${harbinDays.id}`, { body: {
		partnership_id: minsk.partnership.id, roadmap_item_id: roadmapItems[0].id,
		responsible_id: c.krasnodar.user.id, venue: 'x' } }), 400, 'validation_failed');
	assert.deepEqual(errorsOf(other), ['partnership_id:not_event_cities', 'responsible_id:not_event_cities',
		'roadmap_item_id:not_event_cities']);
	const partner = assertProblem(await c.staff.api('POST', '/events', { body: { kind: 'forum', title_ru: 'x',
		title_en: 'x', responsible_id: c.partner.user.id } }), 400, 'validation_failed');
	assert.deepEqual(errorsOf(partner), ['responsible_id:not_staff']);
	const after = assertJson(await c.staff.api('GET', `/events/${harbinDays.id}`), 200);
	assert.deepEqual(after, before, 'nothing written');

	// a changed host city must still fit the links the event keeps
	const moved = assertProblem(await c.staff.api('PATCH', `/events/${minsk.id}`, { body: {
		host_city_id: harbinDays.host_city.id } }), 400, 'validation_failed');
	assert.deepEqual(errorsOf(moved), ['partnership_id:not_event_cities']);
	// Krasnodar's staff member fits the Days of Krasnodar in Harbin
	const k = byTitle('Days of Krasnodar in Harbin');
	const ok = assertJson(await c.staff.api('PATCH', `/events/${k.id}`, { body: { responsible_id: c.krasnodar.user.id } }),
		200);
	assert.equal(ok.responsible.name, c.krasnodar.user.name);
});

test('GET /staff-users: whom staff may make responsible, by name and organization, no email', async () => {
	const list = assertJson(await c.staff.api('GET', '/staff-users'), 200).items;
	const names = list.map((u) => u.name);
	assert.ok(names.includes(c.staff.user.name) && names.includes(c.krasnodar.user.name) &&
		names.includes(c.admin.user.name));
	assert.ok(!list.some((u) => u.role !== 'staff' && u.role !== 'admin'), 'staff and admins only');
	assert.ok(!JSON.stringify(list).includes('@'), 'no email');
	const kr = list.find((u) => u.id === c.krasnodar.user.id);
	assert.equal(kr.organization.city.name_en, 'Krasnodar');
	assertProblem(await c.partner.api('GET', '/staff-users'), 403, 'forbidden');
	assertProblem(await c.anon.api('GET', '/staff-users'), 401, 'unauthenticated');

	// a disabled account is neither listed nor accepted, for an event or a partnership
	const u = assertJson(await c.admin.api('POST', '/users', { body: { email: 'gone.staff@example.org',
		name: 'Бывший сотрудник', password: 'long-enough-1', role: 'staff', locale: 'ru',
		organization_id: c.staff.user.organization.id } }), 201);
	assertJson(await c.admin.api('PATCH', `/users/${u.id}`, { body: { disabled: true } }), 200);
	const now = assertJson(await c.staff.api('GET', '/staff-users'), 200).items;
	assert.ok(!now.some((x) => x.id === u.id));
	const e = assertProblem(await c.staff.api('PATCH', `/events/${byTitle('Days of Moscow in Minsk').id}`, {
		body: { responsible_id: u.id } }), 400, 'validation_failed');
	assert.deepEqual(errorsOf(e), ['responsible_id:not_staff']);
	const p = assertProblem(await c.staff.api('PATCH', `/partnerships/${byTitle('Days of Moscow in Minsk').partnership.id}`,
		{ body: { responsible_id: u.id } }), 400, 'validation_failed');
	assert.deepEqual(errorsOf(p), ['responsible_id:not_staff']);
});
