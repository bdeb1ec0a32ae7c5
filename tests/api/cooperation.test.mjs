// Cooperation: the Moscow–Belarus roadmap (co-owned items, notes, history,
// progress, CSV, links to meeting decisions) and trade figures (computed
// year-on-year change, CSV import with a line-by-line report).

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { DEMO, assertJson, assertProblem, startServer, signInAll } from './lib/server.mjs';

let srv;
const c = {};
let roadmap;	// the demo roadmap's agreement id

before(async () => {
	srv = await startServer();
	Object.assign(c, await signInAll(srv, { ...DEMO, harbin: 'partner.harbin@pobratim.demo' }));
	const list = assertJson(await c.staff.api('GET', '/agreements?kind=roadmap'), 200);
	roadmap = list.items.find((g) => /Belarus/.test(g.title_en)).id;
});

after(async () => {
	await srv?.stop();
});

const item = (rm, side, sector) => rm.items.find((i) => i.side === side && i.sector === sector);

test('the demo roadmap: an item per sector and side, as the seed names them', async () => {
	const rm = assertJson(await c.partner.api('GET', `/agreements/${roadmap}/roadmap`), 200);
	const sectors = [...new Set(rm.items.map((i) => i.sector))].sort();
	assert.deepEqual(sectors, ['education', 'health', 'housing_utilities', 'information_policy', 'science',
		'sport', 'trade_economy']);
	assert.equal(rm.items.length, 14);
	const t = item(rm, 'partner', 'trade_economy');
	assert.equal(t.title_en, 'Trade and economic relations: activities of the Belarusian side');
	assert.equal(t.due_quarter, '2026-Q4');
	assert.equal(t.due_by, '2026-12-31');
	assert.equal(rm.may_edit_all, false);
	const p = rm.progress.find((r) => r.sector === 'health' && r.year === 2026);
	assert.deepEqual({ total: p.total, done: p.done }, { total: 2, done: 0 });
});

test('a partner moves its side\'s items and notes only; every change is recorded', async () => {
	const rm = assertJson(await c.staff.api('GET', `/agreements/${roadmap}/roadmap`), 200);
	const mine = item(rm, 'partner', 'education');
	const theirs = item(rm, 'home', 'education');

	const moved = assertJson(await c.partner.api('PATCH', `/roadmap-items/${mine.id}`,
		{ body: { status: 'in_progress', responsible_partner: 'Комитет по образованию Мингорисполкома' } }), 200);
	assert.equal(moved.status, 'in_progress');
	const fields = moved.history.map((h) => [h.field, h.old, h.new]);
	assert.deepEqual(fields.slice(1), [['responsible_partner', null, 'Комитет по образованию Мингорисполкома'],
		['status', 'planned', 'in_progress']]);
	assert.equal(moved.history[0].field, 'created');
	assert.equal(moved.history[2].author, 'Представитель Мингорисполкома');

	const noted = assertJson(await c.partner.api('POST', `/roadmap-items/${mine.id}/notes`,
		{ body: { text: 'Interest in the Moscow Electronic School confirmed', noted_on: '2024-02-01' } }), 201);
	assert.equal(noted.notes.length, 1);
	assert.equal(noted.notes[0].noted_on, '2024-02-01');
	assert.equal(noted.history.at(-1).field, 'note');

	assertProblem(await c.partner.api('PATCH', `/roadmap-items/${theirs.id}`, { body: { status: 'done' } }),
		403, 'other_side');
	assertProblem(await c.partner.api('POST', `/roadmap-items/${theirs.id}/notes`, { body: { text: 'x' } }),
		403, 'other_side');
	assertProblem(await c.partner.api('PATCH', `/roadmap-items/${mine.id}`, { body: { title_en: 'Renamed' } }),
		403, 'forbidden');
	const still = assertJson(await c.staff.api('GET', `/roadmap-items/${theirs.id}`), 200);
	assert.equal(still.status, 'planned');
	assert.equal(still.history.length, 1);

	// staff write both sides
	const done = assertJson(await c.staff.api('PATCH', `/roadmap-items/${theirs.id}`, { body: { status: 'done' } }), 200);
	assert.deepEqual(done.history.map((h) => h.field), ['created', 'status']);
	assert.equal(done.history[1].author !== null, true);
});

test('another city\'s partner does not see the roadmap; correspondents are refused', async () => {
	const rm = assertJson(await c.staff.api('GET', `/agreements/${roadmap}/roadmap`), 200);
	const mine = item(rm, 'partner', 'science');
	assertProblem(await c.harbin.api('GET', `/agreements/${roadmap}/roadmap`), 404, 'not_found');
	assertProblem(await c.harbin.api('GET', `/roadmap-items/${mine.id}`), 404, 'not_found');
	assertProblem(await c.harbin.api('PATCH', `/roadmap-items/${mine.id}`, { body: { status: 'done' } }), 404, 'not_found');
	assertProblem(await c.correspondent.api('GET', `/agreements/${roadmap}/roadmap`), 403, 'forbidden');
	assertProblem(await c.partner.api('POST', `/agreements/${roadmap}/roadmap`, { body: {} }), 403, 'forbidden');
	assertProblem(await c.partner.api('POST', `/roadmap-items/${mine.id}/actions`, { body: { action_item_id: 1 } }),
		403, 'forbidden');
	const anon = srv.client();
	assertProblem(await anon.api('GET', `/agreements/${roadmap}/roadmap`), 401, 'unauthenticated');
	assertProblem(await anon.api('GET', '/trade'), 401, 'unauthenticated');
});

test('staff add items; bad input, unknown ids and non-roadmaps are refused; overdue is computed', async () => {
	const made = assertJson(await c.staff.api('POST', `/agreements/${roadmap}/roadmap`, { body: {
		sector: 'transport', side: 'home', title_ru: 'Проверка', title_en: 'Check', due_date: '2024-03-31' } }), 201);
	assert.equal(made.status, 'planned');
	assert.equal(made.overdue, true, 'past its due date and not done');
	assert.equal(made.position, 15);
	const closed = assertJson(await c.staff.api('PATCH', `/roadmap-items/${made.id}`, { body: { status: 'cancelled' } }), 200);
	assert.equal(closed.overdue, false);
	const q = assertJson(await c.staff.api('PATCH', `/roadmap-items/${made.id}`,
		{ body: { status: 'postponed', due_date: null, due_quarter: '2024-Q2' } }), 200);
	assert.equal(q.due_by, '2024-06-30');
	assert.equal(q.overdue, true);

	const bad = assertProblem(await c.staff.api('POST', `/agreements/${roadmap}/roadmap`, { body: {
		sector: 'space', side: 'both', title_ru: '', title_en: 'x', due_quarter: '2024-Q5' } }), 400, 'validation_failed');
	assert.deepEqual(bad.errors.map((e) => e.field).sort(), ['sector', 'side', 'title_ru']);
	const bq = assertProblem(await c.staff.api('PATCH', `/roadmap-items/${made.id}`, { body: { due_quarter: '2024-Q5' } }),
		400, 'validation_failed');
	assert.equal(bq.errors[0].field, 'due_quarter');
	assertProblem(await c.staff.api('PATCH', `/roadmap-items/${made.id}`, { body: { due_date: '2024-02-30',
		due_quarter: null } }), 400, 'validation_failed');
	assertProblem(await c.staff.api('GET', '/roadmap-items/999999'), 404, 'not_found');
	assertProblem(await c.staff.api('GET', '/agreements/999999/roadmap'), 404, 'not_found');
	const other = assertJson(await c.staff.api('GET', '/agreements?kind=joint_statement'), 200).items[0];
	assertProblem(await c.staff.api('POST', `/agreements/${other.id}/roadmap`, { body: {
		sector: 'transport', side: 'home', title_ru: 'а', title_en: 'a' } }), 409, 'not_a_roadmap');
});

test('overdue roadmap items across roadmaps, as the caller may see them', async () => {
	const staff = assertJson(await c.staff.api('GET', '/roadmap-items?overdue=true'), 200);
	assert.deepEqual(staff.items.map((i) => [i.title_en, i.due_by, i.status]), [['Check', '2024-06-30', 'postponed']]);
	const minsk = assertJson(await c.partner.api('GET', '/roadmap-items?overdue=true'), 200);
	assert.equal(minsk.items.length, 1, 'the Belarus roadmap touches Minsk');
	const harbin = assertJson(await c.harbin.api('GET', '/roadmap-items'), 200);
	assert.equal(harbin.items.length, 0);
	const all = assertJson(await c.staff.api('GET', '/roadmap-items'), 200);
	assert.equal(all.items.length, 15);
	assertProblem(await c.staff.api('GET', '/roadmap-items?overdue=maybe'), 400, 'validation_failed');
	assertProblem(await c.correspondent.api('GET', '/roadmap-items'), 403, 'forbidden');
});

test('a meeting decision links to a roadmap item', async () => {
	const rm = assertJson(await c.staff.api('GET', `/agreements/${roadmap}/roadmap`), 200);
	const it = item(rm, 'home', 'trade_economy');
	const actions = assertJson(await c.staff.api('GET', '/actions'), 200).items;
	assert.ok(actions.length > 0, 'the demo meetings have action items');
	const linked = assertJson(await c.staff.api('POST', `/roadmap-items/${it.id}/actions`,
		{ body: { action_item_id: actions[0].id } }), 200);
	assert.deepEqual(linked.actions.map((a) => a.id), [actions[0].id]);
	const twice = assertJson(await c.staff.api('POST', `/roadmap-items/${it.id}/actions`,
		{ body: { action_item_id: actions[0].id } }), 200);
	assert.equal(twice.actions.length, 1);
	const missing = assertProblem(await c.staff.api('POST', `/roadmap-items/${it.id}/actions`,
		{ body: { action_item_id: 999999 } }), 400, 'validation_failed');
	assert.equal(missing.errors[0].field, 'action_item_id');
});

test('staff add an item by the form\'s fields; bad fields are named; partners and correspondents are refused', async () => {
	const before = assertJson(await c.staff.api('GET', `/agreements/${roadmap}/roadmap`), 200).items.length;
	const bad = assertProblem(await c.staff.api('POST', `/agreements/${roadmap}/roadmap`, { body: {
		sector: 'sport', side: 'partner', title_ru: 'Турнир', title_en: '', due_date: '2026-13-01',
		due_quarter: '2026-Q2', status: 'finished' } }), 400, 'validation_failed');
	assert.deepEqual(bad.errors.map((e) => [e.field, e.code]).sort(), [['status', 'not_allowed'],
		['title_en', 'required']]);
	const term = assertProblem(await c.staff.api('POST', `/agreements/${roadmap}/roadmap`, { body: {
		sector: 'sport', side: 'partner', title_ru: 'Турнир', title_en: 'Tournament', due_date: '2026-13-01',
		due_quarter: '2026-Q2' } }), 400, 'validation_failed');
	assert.deepEqual(term.errors.map((e) => [e.field, e.code]), [['due_date', 'invalid_date'], ['due_quarter', 'conflict']]);
	const body = { sector: 'sport', side: 'partner', title_ru: 'Турнир', title_en: 'Tournament',
		responsible_home: 'Москомспорт', responsible_partner: 'Спорткомитет Мингорисполкома', due_quarter: '2026-Q2',
		status: 'in_progress' };
	assertProblem(await c.partner.api('POST', `/agreements/${roadmap}/roadmap`, { body }), 403, 'forbidden');
	assertProblem(await c.harbin.api('POST', `/agreements/${roadmap}/roadmap`, { body }), 403, 'forbidden');
	assertProblem(await c.correspondent.api('POST', `/agreements/${roadmap}/roadmap`, { body }), 403, 'forbidden');
	assertProblem(await srv.client().api('POST', `/agreements/${roadmap}/roadmap`, { body }), 401, 'unauthenticated');
	assert.equal(assertJson(await c.staff.api('GET', `/agreements/${roadmap}/roadmap`), 200).items.length, before,
		'nothing written');

	const made = assertJson(await c.admin.api('POST', `/agreements/${roadmap}/roadmap`, { body }), 201);
	assert.deepEqual([made.sector, made.side, made.responsible_home, made.responsible_partner, made.due_by, made.status],
		['sport', 'partner', 'Москомспорт', 'Спорткомитет Мингорисполкома', '2026-06-30', 'in_progress']);
	assert.deepEqual(made.history.map((h) => [h.field, h.new, h.author]), [['created', 'in_progress', c.admin.user.name]]);
	// staff change every field; each lands in the history
	const all = assertJson(await c.staff.api('PATCH', `/roadmap-items/${made.id}`, { body: { sector: 'culture',
		side: 'home', title_ru: 'Фестиваль', title_en: 'Festival', responsible_home: 'Департамент культуры',
		responsible_partner: null, due_quarter: null, due_date: '2026-09-01', status: 'planned' } }), 200);
	assert.deepEqual(all.history.slice(1).map((h) => h.field), ['sector', 'side', 'title_ru', 'title_en',
		'responsible_home', 'responsible_partner', 'due_date', 'due_quarter', 'status']);
	// now the home side's: its partner may no longer touch it
	assertProblem(await c.partner.api('PATCH', `/roadmap-items/${made.id}`, { body: { status: 'done' } }), 403, 'other_side');
});

test('a note carries the day the progress happened: today unless given, never after today', async () => {
	const rm = assertJson(await c.staff.api('GET', `/agreements/${roadmap}/roadmap`), 200);
	const mine = item(rm, 'partner', 'health');
	const today = rm.today;
	const tomorrow = new Date(Date.parse(`${today}T00:00:00Z`) + 86400000).toISOString().slice(0, 10);
	const late = assertProblem(await c.partner.api('POST', `/roadmap-items/${mine.id}/notes`,
		{ body: { text: 'Обмен врачами согласован', noted_on: tomorrow } }), 400, 'validation_failed');
	assert.deepEqual(late.errors.map((e) => [e.field, e.code]), [['noted_on', 'in_future']]);
	const wrong = assertProblem(await c.partner.api('POST', `/roadmap-items/${mine.id}/notes`,
		{ body: { text: 'Обмен врачами согласован', noted_on: '2024-02-30' } }), 400, 'validation_failed');
	assert.deepEqual(wrong.errors.map((e) => [e.field, e.code]), [['noted_on', 'invalid_date']]);
	let d = assertJson(await c.staff.api('GET', `/roadmap-items/${mine.id}`), 200);
	assert.deepEqual([d.notes.length, d.history.length], [0, 1], 'nothing written');

	d = assertJson(await c.partner.api('POST', `/roadmap-items/${mine.id}/notes`,
		{ body: { text: 'Обмен врачами согласован', noted_on: today } }), 201);
	d = assertJson(await c.partner.api('POST', `/roadmap-items/${mine.id}/notes`,
		{ body: { text: 'Первая встреча главврачей', noted_on: '2024-05-15' } }), 201);
	d = assertJson(await c.partner.api('POST', `/roadmap-items/${mine.id}/notes`, { body: { text: 'Без даты' } }), 201);
	assert.deepEqual(d.notes.map((n) => [n.noted_on, n.text]), [['2024-05-15', 'Первая встреча главврачей'],
		[today, 'Обмен врачами согласован'], [today, 'Без даты']], 'by the day noted');
	assert.deepEqual(d.history.slice(1).map((h) => [h.field, h.author]), Array(3).fill(['note', 'Представитель Мингорисполкома']));
});

test('the roadmap\'s decisions; linking and unlinking one is recorded with its author', async () => {
	const rm = assertJson(await c.staff.api('GET', `/agreements/${roadmap}/roadmap`), 200);
	const it = item(rm, 'partner', 'trade_economy');
	const decisions = assertJson(await c.staff.api('GET', `/agreements/${roadmap}/roadmap/decisions`), 200).items;
	assert.deepEqual([...new Set(decisions.map((a) => a.meeting.title_en))], ['Meeting with the Minsk city delegation in Moscow'],
		'the meetings both parties (Moscow, Belarus) take part in');
	const days = decisions.find((a) => /Days of Moscow in Minsk/.test(a.text_en));
	assert.ok(days, 'the Days of Moscow in Minsk decision');
	assertProblem(await c.partner.api('GET', `/agreements/${roadmap}/roadmap/decisions`), 403, 'forbidden');
	assertProblem(await c.staff.api('GET', '/agreements/999999/roadmap/decisions'), 404, 'not_found');

	let d = assertJson(await c.staff.api('POST', `/roadmap-items/${it.id}/actions`, { body: { action_item_id: days.id } }), 200);
	assert.deepEqual(d.actions.map((a) => a.id), [days.id]);
	const linked = d.history.at(-1);
	assert.deepEqual([linked.field, linked.old, linked.new, linked.author, linked.decision.id],
		['decision', null, String(days.id), c.staff.user.name, days.id]);
	const n = d.history.length;
	d = assertJson(await c.staff.api('POST', `/roadmap-items/${it.id}/actions`, { body: { action_item_id: days.id } }), 200);
	assert.equal(d.history.length, n, 'linked twice: nothing new');

	// the meeting shows the item its decision is linked to, to those who may see the roadmap
	for (const who of ['staff', 'partner']) {
		const m = assertJson(await c[who].api('GET', `/meetings/${days.meeting.id}`), 200);
		assert.deepEqual(m.actions.find((a) => a.id === days.id).roadmap_items.map((r) => [r.id, r.agreement_id]),
			[[it.id, roadmap]], who);
	}

	for (const who of ['partner', 'harbin', 'correspondent'])
		assertProblem(await c[who].api('DELETE', `/roadmap-items/${it.id}/actions/${days.id}`), 403, 'forbidden');
	assertProblem(await srv.client().api('DELETE', `/roadmap-items/${it.id}/actions/${days.id}`), 401, 'unauthenticated');
	d = assertJson(await c.admin.api('DELETE', `/roadmap-items/${it.id}/actions/${days.id}`), 200);
	assert.deepEqual(d.actions, []);
	const unlinked = d.history.at(-1);
	assert.deepEqual([unlinked.field, unlinked.old, unlinked.new, unlinked.author, unlinked.decision.text_en],
		['decision', String(days.id), null, c.admin.user.name, days.text_en]);
	assertProblem(await c.admin.api('DELETE', `/roadmap-items/${it.id}/actions/${days.id}`), 404, 'not_found');
	assertProblem(await c.admin.api('DELETE', `/roadmap-items/999999/actions/${days.id}`), 404, 'not_found');
	assert.equal(assertJson(await c.staff.api('GET', `/roadmap-items/${it.id}`), 200).history.length, n + 1);
	const m = assertJson(await c.staff.api('GET', `/meetings/${days.meeting.id}`), 200);
	assert.deepEqual(m.actions.find((a) => a.id === days.id).roadmap_items, []);
});

test('CSV export of the roadmap', async () => {
	const r = await c.partner.api('GET', `/agreements/${roadmap}/roadmap.csv`);
	assert.equal(r.status, 200);
	assert.match(r.headers['content-type'], /^text\/csv/);
	assert.match(r.headers['content-disposition'], /attachment; filename="roadmap-\d+\.csv"/);
	assert.ok(r.text.startsWith('\uFEFF'), 'a byte order mark for Excel');
	const lines = r.text.slice(1).trim().split('\r\n');
	assert.equal(lines[0], 'position,sector,side,title_ru,title_en,responsible_home,responsible_partner,due_by,status,overdue');
	assert.ok(lines.some((l) => l.startsWith('2,trade_economy,partner,') && l.endsWith(',2026-Q4,planned,false')), lines[2]);
});

test('trade: the H1 2023 change on H1 2022 is computed from the stored values', async () => {
	const t = assertJson(await c.partner.api('GET', '/trade'), 200);
	const s = t.items.find((x) => x.partner_country === 'BY' && x.flow === 'turnover');
	assert.equal(s.currency, 'USD');
	assert.deepEqual(s.points.map((p) => [p.period, p.value, p.derived]),
		[['2022-H1', 7122093023, true], ['2023-H1', 9800000000, false]]);
	const h1 = s.points[1];
	assert.equal(h1.yoy_base, '2022-H1');
	assert.equal(h1.yoy_pct, Math.round((9800000000 / 7122093023 - 1) * 1000) / 10);
	assert.equal(h1.yoy_pct, 37.6);
	assert.equal(s.points[0].yoy_pct, null, 'no like period before the first');
	// Harbin's partner sees none of Belarus's figures
	const h = assertJson(await c.harbin.api('GET', '/trade'), 200);
	assert.equal(h.items.some((x) => x.partner_country === 'BY'), false);
	assertProblem(await c.staff.api('GET', '/trade?city=abc'), 400, 'validation_failed');
});

test('trade CSV import: a bad line refuses the whole file, with a report; skip_invalid applies the rest', async () => {
	const header = 'reporter_geonames_id,partner_country,partner_geonames_id,flow,period,value,currency\n';
	const good = '524901,BY,,turnover,2024-H1,11270000000,USD\n';
	const bad = ['524901,BY,,barter,2024-H1,1,USD\n', '524901,BY,,export,2024-H3,1,USD\n',
		'524901,BY,,export,2024,-5,USD\n', '524901,,,export,2024,5,USD\n', '524901,ZZ,,export,2024,5,USD\n'];
	const csv = header + good + bad.join('');
	const refused = assertProblem(await c.staff.api('POST', '/trade.csv', { body: csv,
		headers: { 'Content-Type': 'text/csv' } }), 400, 'import_refused');
	assert.equal(refused.report.applied, false);
	assert.deepEqual([refused.report.accepted, refused.report.inserted, refused.report.refused], [1, 1, 5]);
	assert.deepEqual(refused.report.lines.map((l) => [l.line, l.result, (l.errors ?? []).map((e) => e.field).join()]), [
		[3, 'refused', 'flow'], [4, 'refused', 'period'], [5, 'refused', 'value'],
		[6, 'refused', 'partner_country'], [7, 'refused', 'partner_country']]);
	let t = assertJson(await c.staff.api('GET', '/trade'), 200);
	assert.equal(t.items[0].points.length, 2, 'nothing written');

	assertJson(await c.staff.api('POST', '/trade.csv?skip_invalid=true', { body: csv,
		headers: { 'Content-Type': 'text/csv' } }), 200);
	t = assertJson(await c.staff.api('GET', '/trade'), 200);
	const h1 = t.items[0].points.find((p) => p.period === '2024-H1');
	assert.equal(h1.yoy_pct, 15, '11.27 bn on 9.8 bn');
	assertProblem(await c.staff.api('POST', '/trade.csv', { body: 'a,b\n', headers: { 'Content-Type': 'text/csv' } }),
		400, 'validation_failed');
	assertProblem(await c.staff.api('POST', '/trade.csv', { body: csv, headers: { 'Content-Type': 'application/json' } }),
		415, 'unsupported_media_type');
	assertProblem(await c.partner.api('POST', '/trade.csv', { body: csv, headers: { 'Content-Type': 'text/csv' } }),
		403, 'forbidden');
});

test('events: the demo calendar, sub-events, public view, status history', async () => {
	const anon = srv.client();
	const pub = assertJson(await anon.api('GET', '/events'), 200);
	const titles = pub.items.map((e) => e.title_en);
	for (const t of ['Days of Moscow in Minsk', 'Days of Moscow in Harbin', 'Days of Moscow in Beijing',
		'Days of Moscow in Chengdu', 'Days of Moscow in Shanghai', 'Days of Krasnodar in Harbin', 'Thai Culture Festival'])
		assert.ok(titles.includes(t), t);
	const minsk = pub.items.find((e) => e.title_en === 'Days of Moscow in Minsk');
	assert.deepEqual([minsk.kind, minsk.status, minsk.period_en, minsk.host_city.name_en, minsk.guest_city.name_en],
		['days_of_city', 'planned', 'spring 2024', 'Minsk', 'Moscow']);
	const d = assertJson(await anon.api('GET', `/events/${minsk.id}`), 200);
	assert.deepEqual(d.sub_events.map((e) => e.kind).sort(), ['culture_festival', 'forum']);
	assert.equal(d.history.length, 1);
	const krasnodar = pub.items.find((e) => e.title_en === 'Days of Krasnodar in Harbin');
	assert.equal(krasnodar.format, 'online');
	const k = assertJson(await anon.api('GET', `/events/${krasnodar.id}`), 200);
	assert.deepEqual(k.sub_events.map((e) => e.kind).sort(), ['exhibition', 'fair']);
	const harbin = pub.items.find((e) => e.title_en === 'Days of Moscow in Harbin');
	assert.equal(harbin.status, 'negotiating');
	assert.equal(assertJson(await anon.api('GET', '/events?status=negotiating'), 200).items.length, 4);

	// staff move the Harbin Days on: the history keeps both statuses
	const moved = assertJson(await c.staff.api('PATCH', `/events/${harbin.id}`, { body: { status: 'planned', venue: 'Harbin' } }), 200);
	assert.deepEqual(moved.history.map((h) => h.status), ['negotiating', 'planned']);
	assert.equal(moved.history[0].changed_on, '2023-11-16', 'the status as of the seed');
	assert.equal(moved.history[1].by, 'Сотрудник ДВМС');
	const same = assertJson(await c.staff.api('PATCH', `/events/${harbin.id}`, { body: { venue: 'Harbin, online' } }), 200);
	assert.equal(same.history.length, 2, 'no new status, no new history');

	// an unpublished event: staff and the host city's partner see it, the public does not
	const minskCity = minsk.host_city.id;
	const draft = assertJson(await c.staff.api('POST', '/events', { body: { kind: 'delegation_visit', title_ru: 'Визит',
		title_en: 'Visit', host_city_id: minskCity, starts_on: '2026-12-01', ends_on: '2026-12-03', parent_id: minsk.id } }), 201);
	assert.equal(draft.status, 'proposed');
	assert.equal(draft.published, false);
	assertProblem(await anon.api('GET', `/events/${draft.id}`), 404, 'not_found');
	assertProblem(await c.harbin.api('GET', `/events/${draft.id}`), 404, 'not_found');
	assertJson(await c.partner.api('GET', `/events/${draft.id}`), 200);
	assert.equal(assertJson(await anon.api('GET', `/events/${minsk.id}`), 200).sub_events.length, 2);
	assert.equal(assertJson(await c.staff.api('GET', `/events/${minsk.id}`), 200).sub_events.length, 3);

	// refusals and bad input
	assertProblem(await anon.api('POST', '/events', { body: {} }), 401, 'unauthenticated');
	assertProblem(await c.partner.api('PATCH', `/events/${minsk.id}`, { body: { status: 'held' } }), 403, 'forbidden');
	assertProblem(await c.correspondent.api('POST', '/events', { body: {} }), 403, 'forbidden');
	const bad = assertProblem(await c.staff.api('POST', '/events', { body: { kind: 'party', title_ru: 'x', title_en: 'x',
		status: 'maybe' } }), 400, 'validation_failed');
	assert.deepEqual(bad.errors.map((e) => e.field).sort(), ['kind', 'status']);
	const order = assertProblem(await c.staff.api('POST', '/events', { body: { kind: 'forum', title_ru: 'x', title_en: 'x',
		starts_on: '2026-05-02', ends_on: '2026-05-01', host_city_id: 999999999, parent_id: draft.id } }), 400, 'validation_failed');
	assert.deepEqual(order.errors.map((e) => e.field).sort(), ['ends_on', 'host_city_id', 'parent_id']);
	assertProblem(await c.staff.api('GET', '/events/999999'), 404, 'not_found');
	assertProblem(await anon.api('GET', '/events?kind=party'), 400, 'validation_failed');
});
