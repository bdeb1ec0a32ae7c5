// A trade value by a form (issue 15, point 6): PUT /trade/points writes one
// value of a series for a period as a CSV line would — adds it, replaces it,
// makes the series when new — refuses what is wrong field by field, and only
// staff and admins may call it.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { DEMO, assertJson, assertProblem, startServer, signInAll } from './lib/server.mjs';

let srv;
const c = {};
let moscow, minsk;	// city ids

before(async () => {
	srv = await startServer();
	Object.assign(c, await signInAll(srv, DEMO));
	const s = assertJson(await c.staff.api('GET', '/trade'), 200).items[0];
	moscow = s.reporter_city_id;
	minsk = assertJson(await c.partner.api('GET', '/dashboard/work'), 200).home_city;
});

after(async () => {
	await srv?.stop();
});

const value = (over = {}) => ({ reporter_city_id: moscow, partner_country: 'BY', flow: 'turnover', currency: 'USD',
	period: '2024-H1', value: 10500000000, ...over });

test('a value of an existing series is added, then changed; the year-on-year change follows', async () => {
	const before = assertJson(await c.staff.api('GET', '/trade'), 200).items;
	const added = assertJson(await c.staff.api('PUT', '/trade/points', { body: value() }), 200);
	assert.equal(added.id, before[0].id, 'the same series');
	const p = added.points.find((x) => x.period === '2024-H1');
	assert.deepEqual([p.value, p.derived, p.yoy_base], [10500000000, false, '2023-H1']);
	assert.equal(p.yoy_pct, 7.1);
	const changed = assertJson(await c.admin.api('PUT', '/trade/points', { body: value({ value: 9800000000,
		note_en: 'corrected', note_ru: 'исправлено' }) }), 200);
	const q = changed.points.find((x) => x.period === '2024-H1');
	assert.deepEqual([q.value, q.yoy_pct, q.note_en], [9800000000, 0, 'corrected']);
	assert.equal(changed.points.length, added.points.length, 'replaced, not added twice');
});

test('a new series: Moscow\'s exports to the city of Minsk, in euros', async () => {
	const s = assertJson(await c.staff.api('PUT', '/trade/points', { body: value({ partner_country: null,
		partner_city_id: minsk, flow: 'export', currency: 'EUR', period: '2024', value: 1250.5, derived: true }) }), 200);
	assert.deepEqual([s.flow, s.currency, s.partner_city_id, s.partner_name_en], ['export', 'EUR', minsk, 'Minsk']);
	assert.deepEqual(s.points.map((x) => [x.period, x.value, x.derived]), [['2024', 1250.5, true]]);
	const all = assertJson(await c.staff.api('GET', '/trade'), 200).items;
	assert.ok(all.some((x) => x.id === s.id));
});

test('wrong fields are named; partners, correspondents and the public are refused', async () => {
	const bad = assertProblem(await c.staff.api('PUT', '/trade/points', { body: value({ partner_city_id: minsk,
		currency: 'us1', period: '2024-H3' }) }), 400, 'validation_failed');
	assert.deepEqual(bad.errors.map((e) => e.field).sort(), ['currency', 'partner_country', 'period']);
	const none = assertProblem(await c.staff.api('PUT', '/trade/points', { body: value({ partner_country: null }) }),
		400, 'validation_failed');
	assert.deepEqual(none.errors.map((e) => [e.field, e.code]), [['partner_country', 'one_partner']]);
	for (const [over, field] of [[{ partner_country: 'XX' }, 'partner_country'], [{ reporter_city_id: 99999999 }, 'reporter_city_id'],
		[{ value: -1 }, 'value'], [{ flow: 'barter' }, 'flow'], [{ period: '2024-13' }, 'period'], [{ value: '5' }, 'value']]) {
		const r = assertProblem(await c.staff.api('PUT', '/trade/points', { body: value(over) }), 400, 'validation_failed');
		assert.ok(r.errors.some((e) => e.field === field), `${JSON.stringify(over)}: ${JSON.stringify(r.errors)}`);
	}
	assertProblem(await c.partner.api('PUT', '/trade/points', { body: value() }), 403, 'forbidden');
	assertProblem(await c.correspondent.api('PUT', '/trade/points', { body: value() }), 403, 'forbidden');
	assertProblem(await srv.client().api('PUT', '/trade/points', { body: value() }), 401, 'unauthenticated');
	const after = assertJson(await c.staff.api('GET', '/trade'), 200).items[0].points;
	assert.equal(after.find((x) => x.period === '2024-H1').value, 9800000000, 'nothing refused was written');
});
