// A partnership's meetings: the meetings both of its cities take part in,
// derived from the participants (never stored), seen only by those who may
// see both the partnership and the meeting.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { DEMO, allPages, assertJson, assertProblem, startServer } from './lib/server.mjs';

let srv;
const c = {};
let byPair;

before(async () => {
	srv = await startServer();
	for (const role of ['staff', 'partner', 'correspondent'])
		c[role] = await srv.client().signIn(DEMO[role]);
	const all = await allPages(c.staff, '/partnerships');
	byPair = (x, y) => all.find((p) => [p.city_a.name_en, p.city_b.name_en].sort().join() === [x, y].sort().join());
});
after(async () => { await srv?.stop(); });

const titles = (r) => assertJson(r, 200).items.map((m) => m.title_en);

test('the seeds: Krasnodar–Harbin has its videoconference of 23 June 2020, Moscow–Minsk the delegation', async () => {
	const kh = byPair('Krasnodar', 'Harbin');
	const items = assertJson(await c.staff.api('GET', `/partnerships/${kh.id}/meetings`), 200).items;
	assert.deepEqual(items.map((m) => m.title_en), ['Videoconference of the heads of the sister cities Krasnodar and Harbin']);
	assert.equal(items[0].date_from, '2020-06-23');
	const mm = titles(await c.staff.api('GET', `/partnerships/${byPair('Moscow', 'Minsk').id}/meetings`));
	assert.deepEqual(mm, ['Meeting with the Minsk city delegation in Moscow']);
	/* the seven-city videoconference belongs to each of those partnerships */
	for (const city of ['Düsseldorf', 'Montreal', 'Chongqing'])
		assert.match(titles(await c.staff.api('GET', `/partnerships/${byPair('Moscow', city).id}/meetings`)).join(),
		    /seven cities/, city);
});

test('a new meeting joins the partnerships of its cities, and no other', async () => {
	const cities = async (q) => assertJson(await srv.api('GET', `/cities?q=${encodeURIComponent(q)}&limit=1`), 200).items[0];
	const minsk = await cities('Minsk');
	const r = await c.staff.api('POST', '/meetings', { body: { title_ru: 'Рабочая группа по МЭШ',
		title_en: 'MESH working group', format: 'video', timezone: 'Europe/Moscow',
		starts_at: '2026-12-08T09:00:00Z', duration: 60,
		participants: [{ role: 'host', organization_id: c.staff.user.organization.id },
			{ role: 'participant', city_id: minsk.id }] } });
	const m = assertJson(r, 201);
	const mm = titles(await c.staff.api('GET', `/partnerships/${byPair('Moscow', 'Minsk').id}/meetings`));
	assert.equal(mm[0], 'MESH working group', 'latest first');
	assert.ok(!titles(await c.staff.api('GET', `/partnerships/${byPair('Moscow', 'Harbin').id}/meetings`))
	    .includes('MESH working group'));
	/* the Minsk partner sees it on its own partnership */
	assert.ok(titles(await c.partner.api('GET', `/partnerships/${byPair('Moscow', 'Minsk').id}/meetings`))
	    .includes('MESH working group'));
	assert.equal((await c.staff.api('DELETE', `/meetings/${m.id}`)).status, 204);
	assert.ok(!titles(await c.staff.api('GET', `/partnerships/${byPair('Moscow', 'Minsk').id}/meetings`))
	    .includes('MESH working group'), 'gone with the meeting');
});

test('refusals: another city\'s partnership 404 for a partner; correspondents 403; anonymous 401', async () => {
	const kh = byPair('Krasnodar', 'Harbin');
	assertProblem(await c.partner.api('GET', `/partnerships/${kh.id}/meetings`), 404, 'not_found');
	assertProblem(await c.correspondent.api('GET', `/partnerships/${kh.id}/meetings`), 403, 'forbidden');
	assertProblem(await srv.api('GET', `/partnerships/${kh.id}/meetings`), 401, 'unauthenticated');
	assertProblem(await c.staff.api('GET', '/partnerships/999999/meetings'), 404, 'not_found');
	assertProblem(await c.staff.api('GET', '/partnerships/abc/meetings'), 404, 'not_found');
});
