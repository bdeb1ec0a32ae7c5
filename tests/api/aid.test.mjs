// Aid and specialists (issue 7, part 5): aid shipments with items, the stated
// weight checked against the items, distribution never beyond what arrived
// (refused whole), totals by donor and year computed from the shipments; the
// delegations of specialists; the event status date and the seeds' history.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { DEMO, allPages, assertJson, assertProblem, startServer, signInAll } from './lib/server.mjs';

let srv;
const c = {};
let moscow, minsk, harbin, krasnodar;

before(async () => {
	srv = await startServer();
	Object.assign(c, await signInAll(srv, { ...DEMO, harbin: 'partner.harbin@pobratim.demo',
		krasnodar: 'staff.krasnodar@pobratim.demo' }));
	moscow = c.staff.user.organization.city.id;
	minsk = c.partner.user.organization.city.id;
	harbin = c.harbin.user.organization.city.id;
	krasnodar = c.krasnodar.user.organization.city.id;
});

after(async () => {
	await srv?.stop();
});

const heilongjiang = async (who = c.staff) =>
	(await allPages(who, '/shipments')).find((s) => s.donor_name_ru === 'провинция Хэйлунцзян');

const shipment = (extra = {}) => ({
	donor_name_ru: 'Правительство провинции Хэйлунцзян', donor_name_en: 'Heilongjiang Province',
	donor_country: 'CN', donor_city_id: harbin, recipient_city_id: moscow, status: 'arrived',
	arrived_on: '2020-05-06', weight_kg: 1500,
	items: [{ name_ru: 'маски', name_en: 'masks', quantity: 1000, unit: 'kg' },
		{ name_ru: 'перчатки', name_en: 'gloves', quantity: 0.5, unit: 't' }],
	...extra,
});

test('the seeds\' Heilongjiang shipment: more than 20 t, five items, all to the city\'s clinics', async () => {
	const s = await heilongjiang();
	const d = assertJson(await c.staff.api('GET', `/shipments/${s.id}`), 200);
	assert.equal(d.donor_country, 'CN');
	assert.equal(d.recipient_city.name_en, 'Moscow');
	assert.deepEqual([d.year, d.weight_kg, d.weight_qualifier, d.status], [2020, 20000, 'more_than', 'distributed']);
	assert.deepEqual(d.items.map((i) => i.name_en), ['masks', 'gloves', 'disposable protective suits',
		'diagnostic test systems', 'thermal imagers']);
	assert.ok(d.items.every((i) => i.quantity === null && i.remaining === null));
	assert.equal(d.distributions.length, 1);
	assert.equal(d.distributions[0].recipient_name_en, 'Moscow city medical institutions');
	assert.deepEqual(d.distributions[0].lines.map((l) => l.item_id), d.items.map((i) => i.id));
});

test('totals by donor and year are the sums of the shipments, cancelled ones left out', async () => {
	const before2020 = assertJson(await c.staff.api('GET', '/shipments/totals'), 200).items;
	const seed = before2020.find((t) => t.year === 2020 && t.donor_name_en === 'Heilongjiang Province');
	assert.deepEqual([seed.shipments, seed.weight_kg, seed.at_least, seed.unweighed], [1, 20000, true, 0]);

	assertJson(await c.staff.api('POST', '/shipments', { body: shipment() }), 201);
	assertJson(await c.staff.api('POST', '/shipments', { body: shipment({ weight_kg: null, items: [],
		arrived_on: '2020-09-01' }) }), 201);
	assertJson(await c.staff.api('POST', '/shipments', { body: shipment({ status: 'cancelled', weight_kg: 900,
		items: [] }) }), 201);
	assertJson(await c.staff.api('POST', '/shipments', { body: shipment({ arrived_on: '2021-02-01' }) }), 201);
	const totals = assertJson(await c.staff.api('GET', '/shipments/totals'), 200).items;
	const y2020 = totals.find((t) => t.year === 2020 && t.donor_name_en === 'Heilongjiang Province');
	const y2021 = totals.find((t) => t.year === 2021 && t.donor_name_en === 'Heilongjiang Province');
	// computed: the seed's 20,000 kg + 1,500 kg; one unweighed; the cancelled one not counted
	assert.deepEqual([y2020.shipments, y2020.weight_kg, y2020.unweighed, y2020.at_least], [3, 21500, 1, true]);
	assert.deepEqual([y2021.shipments, y2021.weight_kg, y2021.at_least], [1, 1500, false]);
	assert.ok(totals.findIndex((t) => t === y2021) < totals.findIndex((t) => t === y2020), 'newest year first');
});

test('the stated weight must agree with the items in kg and t; dates settle the year', async () => {
	let p = assertProblem(await c.staff.api('POST', '/shipments', { body: shipment({ weight_kg: 1000 }) }),
		400, 'validation_failed');
	assert.deepEqual(p.errors.map((e) => [e.field, e.code]), [['weight_kg', 'weight_mismatch']]);
	assert.match(p.errors[0].message, /1500 kg/);
	// about: within 10 %; exact and less than the items: refused; more_than: must be more
	assertJson(await c.staff.api('POST', '/shipments', { body: shipment({ weight_kg: 1400,
		weight_qualifier: 'about' }) }), 201);
	p = assertProblem(await c.staff.api('POST', '/shipments', { body: shipment({ weight_kg: 1500,
		weight_qualifier: 'more_than' }) }), 400, 'validation_failed');
	assert.equal(p.errors[0].code, 'weight_mismatch');
	// an item in pieces leaves the total open upwards, never below the items in kg and t
	assertJson(await c.staff.api('POST', '/shipments', { body: shipment({ weight_kg: 2000, items: [
		...shipment().items, { name_ru: 'тепловизоры', name_en: 'thermal imagers', quantity: 10, unit: 'pieces' }] }) }), 201);
	p = assertProblem(await c.staff.api('POST', '/shipments', { body: shipment({ year: 2019,
		sent_on: '2020-05-10', items: [{ name_ru: 'маски', name_en: 'masks', quantity: 5 }] }) }),
		400, 'validation_failed');
	assert.deepEqual(p.errors.map((e) => [e.field, e.code]).sort(), [['arrived_on', 'before_sent'],
		['items[0].unit', 'required'], ['year', 'year_mismatch']]);
	p = assertProblem(await c.staff.api('POST', '/shipments', { body: shipment({ arrived_on: null,
		donor_name_en: null, donor_country: 'XX' }) }), 400, 'validation_failed');
	assert.deepEqual(p.errors.map((e) => [e.field, e.code]).sort(), [['donor_country', 'not_found'],
		['donor_name_en', 'required'], ['year', 'required']]);
});

test('distribution: never more than arrived, refused whole; only an arrived shipment', async () => {
	const s = assertJson(await c.staff.api('POST', '/shipments', { body: shipment() }), 201);
	const [masks, gloves] = s.items;
	const give = (lines, extra = {}) => c.staff.api('POST', `/shipments/${s.id}/distributions`,
		{ body: { recipient_kind: 'hospital', recipient_name_ru: 'ГКБ № 52', recipient_name_en: 'City Hospital 52',
			distributed_on: '2020-05-08', lines, ...extra } });
	let d = assertJson(await give([{ item_id: masks.id, quantity: 600 }, { item_id: gloves.id, quantity: 0.2 }]), 201);
	assert.deepEqual(d.items.map((i) => [i.distributed, i.remaining]), [[600, 400], [0.2, 0.3]]);

	// 300 gloves fit, 500 masks do not: nothing of the request is written
	const over = assertProblem(await give([{ item_id: gloves.id, quantity: 0.3 }, { item_id: masks.id, quantity: 500 }]),
		409, 'over_distributed');
	assert.match(over.detail, /lines\[1\].*400 remain/);
	d = assertJson(await c.staff.api('GET', `/shipments/${s.id}`), 200);
	assert.equal(d.distributions.length, 1);
	assert.deepEqual(d.items.map((i) => i.distributed), [600, 0.2]);

	// exactly what remains is fine
	d = assertJson(await give([{ item_id: masks.id, quantity: 400 }, { item_id: gloves.id, quantity: 0.3 }]), 201);
	assert.deepEqual(d.items.map((i) => i.remaining), [0, 0]);
	assertProblem(await give([{ item_id: masks.id, quantity: 1 }]), 409, 'over_distributed');

	let p = assertProblem(await give([{ item_id: masks.id }, { item_id: masks.id, quantity: 1 }, { item_id: 999999 }],
		{ distributed_on: '2020-05-01' }), 400, 'validation_failed');
	assert.deepEqual(p.errors.map((e) => [e.field, e.code]).sort(), [['distributed_on', 'before_arrival'],
		['lines[0].quantity', 'required'], ['lines[1].item_id', 'duplicate'], ['lines[2].item_id', 'not_found']]);

	// once distributed, the items stay and the shipment stays arrived
	assertProblem(await c.staff.api('PATCH', `/shipments/${s.id}`, { body: { items: [] } }), 409, 'shipment_distributed');
	assertProblem(await c.staff.api('PATCH', `/shipments/${s.id}`, { body: { status: 'in_transit' } }), 409,
		'shipment_distributed');
	assertJson(await c.staff.api('PATCH', `/shipments/${s.id}`, { body: { status: 'distributed' } }), 200);

	// taking a distribution back frees its quantities
	d = assertJson(await c.staff.api('GET', `/shipments/${s.id}`), 200);
	const del = await c.staff.api('DELETE', `/shipments/${s.id}/distributions/${d.distributions[0].id}`);
	assert.equal(del.status, 204);
	d = assertJson(await c.staff.api('GET', `/shipments/${s.id}`), 200);
	assert.deepEqual(d.items.map((i) => i.remaining), [600, 0.2]);

	const planned = assertJson(await c.staff.api('POST', '/shipments', { body: shipment({ status: 'in_transit',
		arrived_on: null, sent_on: '2020-05-01' }) }), 201);
	assertProblem(await c.staff.api('POST', `/shipments/${planned.id}/distributions`, { body: {
		recipient_kind: 'clinic', recipient_name_en: 'Clinic', lines: [{ item_id: planned.items[0].id, quantity: 1 }] } }),
		409, 'not_arrived');
});

test('two writers racing for the rest of an item: one gets it, the other is refused', async () => {
	const s = assertJson(await c.staff.api('POST', '/shipments', { body: shipment() }), 201);
	const give = (who) => who.api('POST', `/shipments/${s.id}/distributions`, { body: { recipient_kind: 'hospital',
		recipient_name_en: 'Hospital', lines: [{ item_id: s.items[0].id, quantity: 700 }] } });
	const rs = await Promise.all([give(c.staff), give(c.admin), give(c.staff)]);
	assert.deepEqual(rs.map((r) => r.status).sort(), [201, 409, 409]);
	const d = assertJson(await c.staff.api('GET', `/shipments/${s.id}`), 200);
	assert.equal(d.items[0].distributed, 700);
});

test('roles: staff of the recipient city and admins write; partners read their city\'s only', async () => {
	// Krasnodar's staff may neither make a shipment to Moscow nor change one
	assertProblem(await c.krasnodar.api('POST', '/shipments', { body: shipment() }), 403, 'not_your_city');
	const s = await heilongjiang();
	assertProblem(await c.krasnodar.api('PATCH', `/shipments/${s.id}`, { body: { notes_en: 'x' } }), 403, 'not_your_city');
	assertProblem(await c.krasnodar.api('POST', `/shipments/${s.id}/distributions`, { body: { recipient_kind: 'other',
		recipient_name_en: 'x', lines: [{ item_id: 1 }] } }), 403, 'not_your_city');
	assertJson(await c.krasnodar.api('POST', '/shipments', { body: shipment({ recipient_city_id: krasnodar }) }), 201);
	assert.equal(assertJson(await c.krasnodar.api('GET', `/shipments/${s.id}`), 200).may_edit, false);
	assert.equal(assertJson(await c.staff.api('GET', `/shipments/${s.id}`), 200).may_edit, true);
	// the admin writes for any city
	assertJson(await c.admin.api('POST', '/shipments', { body: shipment({ recipient_city_id: minsk, donor_city_id: null }) }), 201);

	// Harbin's partner sees what Harbin gives, not the seed shipment (no donor city) nor Minsk's
	const seen = await allPages(c.harbin, '/shipments');
	assert.ok(seen.length > 0 && seen.every((x) => x.donor_city?.id === harbin || x.recipient_city.id === harbin));
	assertProblem(await c.harbin.api('GET', `/shipments/${s.id}`), 404, 'not_found');
	const mine = (await allPages(c.partner, '/shipments')).map((x) => x.recipient_city.id);
	assert.ok(mine.length === 1 && mine[0] === minsk);
	const totals = assertJson(await c.partner.api('GET', '/shipments/totals'), 200).items;
	assert.deepEqual(totals.map((t) => [t.year, t.shipments, t.weight_kg]), [[2020, 1, 1500]]);
	assertProblem(await c.partner.api('POST', '/shipments', { body: shipment() }), 403, 'forbidden');
	assertProblem(await c.correspondent.api('GET', '/shipments'), 403, 'forbidden');
	assertProblem(await srv.client().api('GET', '/shipments/totals'), 401, 'unauthenticated');
});

test('the list pages by year and id, newest first', async () => {
	const all = await allPages(c.staff, '/shipments');
	const paged = await allPages(c.staff, '/shipments', 2);
	assert.deepEqual(paged.map((s) => s.id), all.map((s) => s.id));
	for (let i = 1; i < all.length; i++)
		assert.ok(all[i - 1].year > all[i].year || (all[i - 1].year === all[i].year && all[i - 1].id > all[i].id));
});

test('the Harbin doctors: twelve, 2020, held; Harbin\'s partner sees them, Minsk\'s does not', async () => {
	const list = await allPages(c.staff, '/delegations');
	const doctors = list.find((d) => d.specialty_en === 'doctors');
	assert.deepEqual([doctors.from_city.name_en, doctors.to_city.name_en, doctors.people_count, doctors.year,
		doctors.status], ['Harbin', 'Moscow', 12, 2020, 'held']);
	const d = assertJson(await c.harbin.api('GET', `/delegations/${doctors.id}`), 200);
	assert.deepEqual(d.members, []);
	assert.equal(d.may_edit, false);
	assertProblem(await c.partner.api('GET', `/delegations/${doctors.id}`), 404, 'not_found');
	// Minsk's partner sees the Minsk delegation to Moscow (004), nothing of Harbin's
	assert.deepEqual((await allPages(c.partner, '/delegations')).map((x) => x.from_city.name_en), ['Minsk']);
});

test('delegations: members, people count, event link, year; staff of either city write', async () => {
	const ev = assertJson(await c.staff.api('GET', '/events'), 200).items[0];
	const body = { from_city_id: moscow, to_city_id: minsk, specialty_ru: 'учителя', specialty_en: 'teachers',
		purpose_ru: 'Знакомство с МЭШ', purpose_en: 'Introducing the Moscow Electronic School', people_count: 2,
		starts_on: '2026-03-02', ends_on: '2026-03-06', event_id: ev.id,
		members: [{ name: 'Иванова А. А.', role_ru: 'руководитель', role_en: 'head' }, { name: 'Петров Б. Б.' }] };
	const d = assertJson(await c.staff.api('POST', '/delegations', { body }), 201);
	assert.deepEqual([d.year, d.status, d.event_id, d.members.length, d.members[1].role_en], [2026, 'planned', ev.id, 2, null]);
	assert.equal(d.event_title_en, ev.title_en);
	let p = assertProblem(await c.staff.api('PATCH', `/delegations/${d.id}`, { body: { people_count: 1 } }), 400,
		'validation_failed');
	assert.deepEqual(p.errors.map((e) => e.code), ['fewer_than_members']);
	const moved = assertJson(await c.staff.api('PATCH', `/delegations/${d.id}`, { body: { members: [], people_count: 1,
		status: 'held' } }), 200);
	assert.deepEqual([moved.members, moved.people_count, moved.status], [[], 1, 'held']);
	// Minsk's partner sees it now (to Minsk); it does not write
	assertJson(await c.partner.api('GET', `/delegations/${d.id}`), 200);
	assertProblem(await c.partner.api('PATCH', `/delegations/${d.id}`, { body: { status: 'cancelled' } }), 403, 'forbidden');
	assertProblem(await c.krasnodar.api('PATCH', `/delegations/${d.id}`, { body: { status: 'cancelled' } }), 403,
		'not_your_city');
	assertProblem(await c.krasnodar.api('POST', '/delegations', { body }), 403, 'not_your_city');
	p = assertProblem(await c.staff.api('POST', '/delegations', { body: { ...body, to_city_id: moscow, starts_on: null,
		ends_on: null, event_id: 999999 } }), 400, 'validation_failed');
	assert.deepEqual(p.errors.map((e) => [e.field, e.code]).sort(), [['event_id', 'not_found'],
		['to_city_id', 'same_city'], ['year', 'required']]);
});

test('the experts from China (seed 000): a delegation from a country, no city named', async () => {
	const list = await allPages(c.staff, '/delegations');
	const experts = list.find((d) => d.specialty_en === 'virologists, epidemiologists and medical experts');
	assert.deepEqual([experts.from_city, experts.from_country, experts.to_city.name_en, experts.people_count,
		experts.year, experts.status], [null, 'CN', 'Moscow', null, 2020, 'held']);
	const found = assertJson(await c.staff.api('GET', '/search?q=' + encodeURIComponent('эпидемиологи')), 200);
	assert.ok(found.items.some((x) => x.kind === 'delegation' && x.id === experts.id && /Китай → Москва/.test(x.title)));
	// a staff member of Moscow (the city it came to) writes it; a country without a city as its origin
	const body = { from_country: 'BY', to_city_id: moscow, specialty_ru: 'архитекторы', specialty_en: 'architects',
		purpose_ru: 'Обмен опытом', purpose_en: 'Sharing experience', year: 2025 };
	const d = assertJson(await c.staff.api('POST', '/delegations', { body }), 201);
	assert.deepEqual([d.from_city, d.from_country], [null, 'BY']);
	// naming the city drops the country; naming the country again drops the city
	let x = assertJson(await c.staff.api('PATCH', `/delegations/${d.id}`, { body: { from_city_id: minsk } }), 200);
	assert.deepEqual([x.from_city.name_en, x.from_country], ['Minsk', null]);
	x = assertJson(await c.staff.api('PATCH', `/delegations/${d.id}`, { body: { from_country: 'CN' } }), 200);
	assert.deepEqual([x.from_city, x.from_country], [null, 'CN']);
	// Minsk's partner does not see it any more (Minsk is no longer its origin)
	assertProblem(await c.partner.api('GET', `/delegations/${d.id}`), 404, 'not_found');
	const refused = async (extra) => assertProblem(await c.staff.api('POST', '/delegations',
		{ body: { ...body, ...extra } }), 400, 'validation_failed').errors.map((e) => [e.field, e.code]);
	assert.deepEqual(await refused({ from_city_id: minsk }), [['from_country', 'city_and_country']]);
	assert.deepEqual(await refused({ from_country: null }), [['from_city_id', 'required']]);
	assert.deepEqual(await refused({ from_country: 'QQ' }), [['from_country', 'not_found']]);
	assert.deepEqual(await refused({ from_country: 'CHN' }), [['from_country', 'too_long']]);
	// Krasnodar's staff write only what comes to or from Krasnodar
	assertProblem(await c.krasnodar.api('POST', '/delegations', { body }), 403, 'not_your_city');
});

test('events: a new status on the date it took effect; the seeds\' history has their dates', async () => {
	const list = assertJson(await c.staff.api('GET', '/events'), 200).items;
	const harbinDays = list.find((e) => e.title_en === 'Days of Moscow in Harbin');
	let e = assertJson(await c.staff.api('GET', `/events/${harbinDays.id}`), 200);
	assert.deepEqual(e.history.map((h) => [h.status, h.changed_on, h.as_of]), [['negotiating', '2023-11-16', true]]);
	const krasnodar = list.find((x) => x.title_en === 'Days of Krasnodar in Harbin');
	e = assertJson(await c.staff.api('GET', `/events/${krasnodar.id}`), 200);
	assert.deepEqual(e.history.map((h) => [h.status, h.changed_on, h.as_of]), [['proposed', '2020-06-23', true],
		['planned', '2020-06-23', false]]);

	e = assertJson(await c.staff.api('PATCH', `/events/${harbinDays.id}`, { body: { status: 'planned',
		status_changed_on: '2024-03-01' } }), 200);
	assert.deepEqual(e.history.at(-1), { status: 'planned', changed_on: '2024-03-01', by: c.staff.user.name, as_of: false });
	let p = assertProblem(await c.staff.api('PATCH', `/events/${harbinDays.id}`, { body: { venue: 'Harbin',
		status_changed_on: '2024-03-02' } }), 400, 'validation_failed');
	assert.deepEqual(p.errors.map((x) => x.code), ['no_status_change']);
	p = assertProblem(await c.staff.api('PATCH', `/events/${harbinDays.id}`, { body: { status: 'held',
		status_changed_on: '2999-01-01' } }), 400, 'validation_failed');
	assert.deepEqual(p.errors.map((x) => x.code), ['in_future']);
	p = assertProblem(await c.staff.api('PATCH', `/events/${harbinDays.id}`, { body: { status: 'held',
		status_changed_on: '2024-02-29' } }), 400, 'validation_failed');
	assert.deepEqual(p.errors.map((x) => x.code), ['before_last_change']);
	const created = assertJson(await c.staff.api('POST', '/events', { body: { kind: 'forum', title_ru: 'Форум',
		title_en: 'Forum', status: 'planned', status_changed_on: '2025-06-01' } }), 201);
	assert.deepEqual(created.history.map((h) => [h.status, h.changed_on]), [['planned', '2025-06-01']]);
	e = assertJson(await c.staff.api('GET', `/events/${harbinDays.id}`), 200);
	assert.equal(e.status, 'planned');
});
