// Meetings: the calendar and scope rules, scheduling and its bad input, the
// slot finder on the seeds' cities, .ics invitations and private feeds,
// minutes in safe Markdown, action items and who may change them.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { DEMO, assertJson, assertProblem, startServer, signInAll } from './lib/server.mjs';

let srv;
const c = {};
const city = {};	/* name -> id */

before(async () => {
	srv = await startServer();
	Object.assign(c, await signInAll(srv, { ...DEMO, harbin: 'partner.harbin@pobratim.demo',
	    krasnodar: 'staff.krasnodar@pobratim.demo', estonia: 'correspondent.ee@pobratim.demo' }));
	for (const [name, q] of [['moscow', 'Moscow'], ['dusseldorf', 'Düsseldorf'], ['toulouse', 'Toulouse'],
	    ['palermo', 'Palermo'], ['reading', 'Reading'], ['chemnitz', 'Chemnitz'], ['montreal', 'Montreal'],
	    ['chongqing', 'Chongqing'], ['telaviv', 'Tel Aviv'], ['berlin', 'Berlin'], ['minsk', 'Minsk']]) {
		const r = assertJson(await srv.api('GET', `/cities?q=${encodeURIComponent(q)}&limit=1`), 200);
		city[name] = r.items[0].id;
	}
});

after(async () => {
	await srv?.stop();
});

const ALL_TIME = '/meetings?from=2020-01-01&to=2020-12-31';
const dvmsOrg = () => c.staff.user.organization.id;

function meetingBody(extra = {}) {
	return {
		title_ru: 'Видеоконференция мэров', title_en: 'Mayors videoconference', format: 'video',
		timezone: 'Europe/Moscow', starts_at: '2026-12-07T08:00:00Z', duration: 90,
		participants: [
			{ role: 'host', organization_id: dvmsOrg(), name_ru: 'Сергей Черёмин', name_en: 'Sergey Cheryomin',
			  post_ru: 'министр', post_en: 'Minister' },
			{ role: 'participant', city_id: city.dusseldorf },
			{ role: 'interpreter', label_ru: 'переводчик', label_en: 'interpreter' },
		],
		agenda: [{ title_ru: 'Открытие', title_en: 'Opening', presenter: 'Sergey Cheryomin', minutes: 10 }],
		topics: [{ ru: 'Здравоохранение', en: 'Health care' }],
		...extra,
	};
}

test('demo: the seeds\' six meetings, undated ones honestly so', async () => {
	const all = assertJson(await c.staff.api('GET', '/meetings?from=2020-01-01&to=2020-12-31'), 200).items;
	assert.equal(all.length, 5);	/* the sixth (Minsk) lies in 2023-2024 */
	const seven = all.find((m) => m.title_en.includes('seven cities'));
	assert.equal(seven.starts_at, null);
	assert.equal(seven.start, null);
	assert.deepEqual([seven.date_from, seven.date_to], ['2020-05-11', '2020-05-17']);
	assert.match(seven.date_note_en, /last week/);
	assert.equal(seven.cities.length, 8);
	assert.equal(seven.status, 'held');
	const minsk = assertJson(await c.staff.api('GET', '/meetings?from=2023-06-01&to=2024-06-30'), 200).items;
	assert.equal(minsk.length, 1);
	const kh = all.find((m) => m.title_en.includes('Krasnodar and Harbin'));
	const full = assertJson(await c.krasnodar.api('GET', `/meetings/${kh.id}`), 200);
	assert.equal(full.participants[0].name_en, 'Evgeny Pervyshov');
	assert.equal(full.participants.at(-1).city.name_en, 'Harbin');
	assert.equal(full.actions.length, 7);
	assert.ok(full.actions.some((a) => /symposium/.test(a.text_en)));
	assert.match(full.minutes_en_html, /<strong>Sun Zhe:<\/strong>/);
	assert.equal(full.can_manage, true);
	/* an undated meeting has nothing for a calendar */
	assertProblem(await c.staff.api('GET', `/meetings/${kh.id}.ics`), 409, 'no_start_time');
});

test('scope: partners see their city\'s meetings, correspondents their organization\'s', async () => {
	const list = async (who) => assertJson(await c[who].api('GET', ALL_TIME), 200).items.map((m) => m.title_en);
	const harbin = await list('harbin');
	assert.deepEqual(harbin, ['Videoconference of the heads of the sister cities Krasnodar and Harbin']);
	const italy = await list('correspondent');
	assert.deepEqual(italy, ['Moscow House of Compatriots online conference on the coronavirus pandemic']);
	assert.equal((await list('partner')).length, 0);	/* Minsk: not in 2020 */
	const all = assertJson(await c.staff.api('GET', ALL_TIME), 200).items;
	const kh = all.find((m) => m.title_en.includes('Harbin'));
	assertProblem(await c.partner.api('GET', `/meetings/${kh.id}`), 404, 'not_found');
	assertProblem(await c.correspondent.api('GET', `/meetings/${kh.id}`), 404, 'not_found');
	assertProblem(await c.partner.api('GET', `/meetings/${kh.id}.ics`), 404, 'not_found');
	assertJson(await c.harbin.api('GET', `/meetings/${kh.id}`), 200);
	assertProblem(await srv.api('GET', ALL_TIME), 401, 'unauthenticated');
	assertProblem(await srv.api('GET', `/meetings/${kh.id}`), 401, 'unauthenticated');
});

test('schedule: staff create a meeting; it reads back with local times', async () => {
	const r = await c.staff.api('POST', '/meetings', { body: meetingBody() });
	const m = assertJson(r, 201);
	assert.match(r.headers.location, new RegExp(`/api/v1/meetings/${m.id}$`));
	assert.equal(m.start, '2026-12-07T08:00:00Z');
	assert.equal(m.end, '2026-12-07T09:30:00Z');
	assert.deepEqual(m.participants.map((p) => [p.position, p.role, p.kind]),
	    [[1, 'host', 'person'], [2, 'participant', 'city'], [3, 'interpreter', 'group']]);
	assert.equal(m.participants[1].city.local_start, '2026-12-07T09:00');	/* Düsseldorf, CET */
	assert.equal(m.participants[0].city.local_start, '2026-12-07T11:00');	/* Moscow */
	assert.equal(m.agenda[0].minutes, 10);
	assert.equal(m.join_url, `/meetings/${m.id}/room`);
	const cal = assertJson(await c.staff.api('GET', '/meetings?from=2026-12-01&to=2026-12-31'), 200).items;
	assert.ok(cal.some((x) => x.id === m.id && x.start === '2026-12-07T08:00:00Z'));
	/* ends_at instead of duration */
	const e = assertJson(await c.staff.api('POST', '/meetings', { body: meetingBody({ duration: undefined,
	    ends_at: '2026-12-07T09:00:00Z' }) }), 201);
	assert.equal(e.duration, 60);
});

test('bad input: 400 with the fields named', async () => {
	const bad = async (extra, field, code) => {
		const r = await c.staff.api('POST', '/meetings', { body: meetingBody(extra) });
		const p = assertProblem(r, 400, 'validation_failed', JSON.stringify(extra));
		assert.ok(p.errors.some((e) => e.field === field && e.code === code),
		    `${field} ${code} in ${JSON.stringify(p.errors)}`);
	};
	await bad({ ends_at: '2026-12-07T07:00:00Z' }, 'ends_at', 'end_before_start');
	await bad({ timezone: 'Mars/Olympus_Mons' }, 'timezone', 'unknown_timezone');
	await bad({ participants: [] }, 'participants', 'required');
	await bad({ starts_at: 'next Tuesday' }, 'starts_at', 'invalid_time');
	await bad({ rrule: 'FREQ=SOMETIMES' }, 'rrule', 'invalid_rrule');
	await bad({ format: 'telepathy' }, 'format', 'not_allowed');
	await bad({ participants: [{ role: 'host' }] }, 'participants[0]', 'required');
	await bad({ participants: [{ role: 'boss', city_id: city.minsk }] }, 'participants[0].role', 'not_allowed');
	await bad({ participants: [{ role: 'host', organization_id: 999999 }] }, 'participants[0].organization_id', 'not_found');
	await bad({ exdates: ['yesterday'] }, 'exdates[0]', 'invalid_time');
	await bad({ colour: 'red' }, 'colour', 'unknown_field');
	assertProblem(await c.staff.api('POST', '/meetings', { body: 'not json', headers: { 'content-type': 'application/json' } }),
	    400, 'invalid_json');
	assertProblem(await c.staff.api('GET', '/meetings?from=2026-02-01&to=2026-01-01'), 400, 'validation_failed');
	assertProblem(await c.staff.api('GET', '/meetings/999999'), 404, 'not_found');
	assertProblem(await c.staff.api('GET', '/meetings/abc'), 404, 'not_found');
});

test('roles: only the host organization manages; partners and correspondents may not create', async () => {
	const m = assertJson(await c.staff.api('POST', '/meetings', { body: meetingBody() }), 201);
	assertProblem(await c.partner.api('POST', '/meetings', { body: meetingBody() }), 403, 'forbidden');
	assertProblem(await c.correspondent.api('POST', '/meetings', { body: meetingBody() }), 403, 'forbidden');
	assertProblem(await srv.api('POST', '/meetings', { body: meetingBody() }), 401, 'unauthenticated');
	/* Krasnodar's staff see it but do not host it */
	assertProblem(await c.krasnodar.api('PATCH', `/meetings/${m.id}`, { body: { status: 'cancelled' } }), 403, 'forbidden');
	assertProblem(await c.krasnodar.api('DELETE', `/meetings/${m.id}`), 403, 'forbidden');
	assertProblem(await c.krasnodar.api('POST', '/meetings', { body: meetingBody({ host_organization_id: dvmsOrg() }) }),
	    403, 'forbidden');
	assertProblem(await c.partner.api('PATCH', `/meetings/${m.id}`, { body: { status: 'cancelled' } }), 403, 'forbidden');
	const still = assertJson(await c.staff.api('GET', `/meetings/${m.id}`), 200);
	assert.equal(still.status, 'scheduled');
	/* the host changes it; lists given replace */
	const p = assertJson(await c.staff.api('PATCH', `/meetings/${m.id}`, { body: { status: 'cancelled',
	    topics: [{ ru: 'Транспорт', en: 'Transport' }] } }), 200);
	assert.equal(p.status, 'cancelled');
	assert.deepEqual(p.topics, [{ ru: 'Транспорт', en: 'Transport' }]);
	assert.equal(p.participants.length, 3);
	assert.equal((await c.staff.api('DELETE', `/meetings/${m.id}`)).status, 204);
	assertProblem(await c.staff.api('GET', `/meetings/${m.id}`), 404, 'not_found');
});

test('recurrence: a weekly series across the DST change keeps its local hour', async () => {
	const m = assertJson(await c.staff.api('POST', '/meetings', { body: meetingBody({
		timezone: 'Europe/Berlin', starts_at: '2027-03-22T09:00:00Z', duration: 60,
		rrule: 'FREQ=WEEKLY;COUNT=4', exdates: ['2027-04-05T08:00:00Z'],
	}) }), 201);
	assert.deepEqual(m.occurrences, ['2027-03-22T09:00:00Z', '2027-03-29T08:00:00Z', '2027-04-12T08:00:00Z']);
	const cal = assertJson(await c.staff.api('GET', '/meetings?from=2027-03-01&to=2027-05-01'), 200).items
	    .filter((x) => x.id === m.id).map((x) => x.start);
	assert.deepEqual(cal, m.occurrences);
	/* the invitation: VTIMEZONE, RRULE, EXDATE, CONFERENCE */
	const ics = await c.staff.api('GET', `/meetings/${m.id}.ics`);
	assert.equal(ics.status, 200);
	ics.text = ics.text.replace(/\r\n[ \t]/g, '');	/* unfold long lines (RFC 5545 3.1) */
	assert.match(ics.headers['content-type'], /^text\/calendar/);
	for (const re of [/BEGIN:VTIMEZONE\r\nTZID:Europe\/Berlin/, /DTSTART;TZID=Europe\/Berlin:20270322T100000/,
	    /RRULE:FREQ=WEEKLY;COUNT=4/, /EXDATE;TZID=Europe\/Berlin:20270405T100000/,
	    /ORGANIZER;CN=[^:\r]+:mailto:staff@pobratim\.demo\r\n/, /\r\nSEQUENCE:0\r\n/,
	    new RegExp(`CONFERENCE;VALUE=URI;FEATURE=VIDEO:http://127\\.0\\.0\\.1:${srv.port}/meetings/${m.id}/room`)])
		assert.match(ics.text, re);
	/* participants without an address are no ATTENDEE: no made-up addresses */
	assert.doesNotMatch(ics.text, /ATTENDEE|\.invalid/);
	assertProblem(await srv.api('GET', `/meetings/${m.id}.ics`), 401, 'unauthenticated');
});

test('minutes: Markdown rendered safe, links nofollow', async () => {
	const m = assertJson(await c.staff.api('POST', '/meetings', { body: meetingBody({
		minutes_en: '**Agreed.** See [the plan](https://example.org/plan)\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1))',
	}) }), 201);
	assert.match(m.minutes_en_html, /<strong>Agreed.<\/strong>/);
	assert.match(m.minutes_en_html, /<a rel="nofollow ugc noopener" href="https:\/\/example.org\/plan">/);
	assert.doesNotMatch(m.minutes_en_html, /<script/);
	assert.doesNotMatch(m.minutes_en_html, /javascript:/);
});

test('action items: overdue computed, the owner partner moves the status only', async () => {
	const all = assertJson(await c.staff.api('GET', ALL_TIME), 200).items;
	const kh = all.find((m) => m.title_en.includes('Harbin'));
	const harbinOrg = c.harbin.user.organization.id;
	const a = assertJson(await c.krasnodar.api('POST', `/meetings/${kh.id}/actions`, { body: {
		text_ru: 'Провести онлайн-симпозиум', text_en: 'Hold the online symposium',
		owner_organization_id: harbinOrg, due_date: '2020-09-01' } }), 201);
	assert.equal(a.status, 'open');
	assert.equal(a.overdue, true);
	assert.equal(a.owner.city.name_en, 'Harbin');
	assertProblem(await c.staff.api('POST', `/meetings/${kh.id}/actions`, { body: { text_ru: 'x', text_en: 'x' } }),
	    403, 'forbidden');	/* DVMS does not host Krasnodar's meeting */
	assertProblem(await c.krasnodar.api('POST', `/meetings/${kh.id}/actions`, { body: { text_ru: 'x', text_en: 'x',
	    due_date: '31.12.2020' } }), 400, 'validation_failed');
	/* the owning partner: status yes, text no; another partner: no */
	assertProblem(await c.harbin.api('PATCH', `/actions/${a.id}`, { body: { text_en: 'Changed' } }), 403, 'forbidden');
	assertProblem(await c.partner.api('PATCH', `/actions/${a.id}`, { body: { status: 'done' } }), 404, 'not_found');
	assertProblem(await c.correspondent.api('PATCH', `/actions/${a.id}`, { body: { status: 'done' } }), 403, 'forbidden');
	const b = assertJson(await c.harbin.api('PATCH', `/actions/${a.id}`, { body: { status: 'in_progress' } }), 200);
	assert.equal(b.status, 'in_progress');
	assert.equal(b.text_en, 'Hold the online symposium');
	/* the list by partner: Harbin sees its meeting's items, overdue ones among them */
	const open = assertJson(await c.harbin.api('GET', '/actions'), 200).items;
	assert.ok(open.length >= 7);
	assert.ok(open.every((x) => x.meeting.id === kh.id));
	const overdue = assertJson(await c.harbin.api('GET', '/actions?overdue=true'), 200).items;
	assert.ok(overdue.some((x) => x.id === a.id));
	assert.ok(overdue.every((x) => x.overdue));
	/* Minsk sees only its own: the Days of Moscow in Minsk, due in 2024 */
	const minsk = assertJson(await c.partner.api('GET', '/actions?overdue=true'), 200).items;
	assert.deepEqual(minsk.map((x) => x.due_date), ['2024-12-31']);
	assert.match(minsk[0].text_en, /Days of Moscow in Minsk/);
	assertProblem(await c.harbin.api('GET', '/actions?overdue=maybe'), 400, 'validation_failed');
	assertProblem(await srv.api('GET', '/actions'), 401, 'unauthenticated');
});

const slots = (who, body) => who.api('POST', '/meetings/slots', { body });

test('slots: the eight seed cities cannot all be at work; the least bad is proposed', async () => {
	const ids = ['moscow', 'dusseldorf', 'toulouse', 'palermo', 'reading', 'chemnitz', 'montreal', 'chongqing'].map((k) => city[k]);
	const r = assertJson(await slots(c.staff, { city_ids: ids, duration: 60, from: '2027-01-11', to: '2027-01-16', limit: 5 }), 200);
	assert.equal(r.perfect_possible, false);
	assert.equal(r.slots.length, 5);
	const best = r.slots[0];
	assert.equal(best.perfect, false);
	assert.ok(best.worst_reach_minutes > 0 && best.worst_reach_minutes <= 180, String(best.worst_reach_minutes));
	assert.equal(best.cities.length, 8);
	const out = best.cities.filter((x) => x.outside_minutes > 0);
	assert.ok(out.length >= 1 && out.length < 8);
	for (const x of best.cities)
		assert.match(x.local_start, /^2027-01-1\dT\d\d:\d\d$/);
	assert.deepEqual(r.cities.map((x) => x.timezone), ['Europe/Moscow', 'Europe/Berlin', 'Europe/Paris', 'Europe/Rome',
	    'Europe/London', 'Europe/Berlin', 'America/Toronto', 'Asia/Shanghai']);
});

test('slots: Montreal + Chongqing: who is inconvenienced and by how much; a series rotates', async () => {
	const r = assertJson(await slots(c.partner, { city_ids: [city.montreal, city.chongqing], duration: 60,
	    from: '2027-01-11', to: '2027-01-16', count: 4 }), 200);
	assert.equal(r.perfect_possible, false);
	const best = r.slots[0];
	assert.equal(best.start.slice(11, 16), '23:30');
	assert.deepEqual(best.cities.map((x) => x.local_start.slice(11)), ['18:30', '07:30']);
	assert.deepEqual(best.cities.map((x) => x.outside_minutes), [60, 60]);
	assert.deepEqual(best.cities.map((x) => x.reach_minutes), [90, 90]);
	assert.equal(r.rotation.length, 4);
	const sum = [0, 1].map((i) => r.rotation.reduce((s, x) => s + x.cities[i].reach_minutes, 0));
	assert.ok(Math.abs(sum[0] - sum[1]) <= 60, JSON.stringify(sum));
});

test('slots: a DST week and a Friday-Saturday weekend', async () => {
	/* Berlin changes on Sunday 2027-03-28: 07:00Z is 08:00 before, 09:00 after */
	const d = assertJson(await slots(c.staff, { city_ids: [city.berlin, city.moscow], duration: 60,
	    from: '2027-03-29T06:30:00Z', to: '2027-03-29T12:00:00Z', limit: 1 }), 200);
	assert.equal(d.slots[0].start, '2027-03-29T07:00:00Z');
	assert.deepEqual(d.slots[0].cities.map((x) => x.local_start), ['2027-03-29T09:00', '2027-03-29T10:00']);
	assert.equal(d.slots[0].cities[0].utc_offset, 120);
	/* Tel Aviv rests Friday-Saturday, Moscow Saturday-Sunday: Thursday or Monday */
	const w = assertJson(await slots(c.staff, { city_ids: [city.moscow, city.telaviv], duration: 60,
	    from: '2027-01-15', to: '2027-01-19', limit: 3 }), 200);
	assert.deepEqual(w.cities[1].weekend, ['fri', 'sat']);
	assert.equal(w.slots[0].perfect, true);
	assert.equal(w.slots[0].start, '2027-01-18T07:00:00Z');	/* Monday: Moscow 10:00, Tel Aviv 09:00 */
});

test('slots: bad input', async () => {
	const bad = async (body, field, code) => {
		const p = assertProblem(await slots(c.staff, body), 400, 'validation_failed', JSON.stringify(body));
		assert.ok(p.errors.some((e) => e.field === field && e.code === code), JSON.stringify(p.errors));
	};
	const ok = { city_ids: [city.moscow], duration: 60, from: '2027-01-11', to: '2027-01-12' };
	await bad({ ...ok, to: '2027-01-10' }, 'to', 'end_before_start');
	await bad({ ...ok, city_ids: [] }, 'city_ids', 'required');
	await bad({ ...ok, city_ids: [999999999] }, 'city_ids[0]', 'not_found');
	await bad({ ...ok, to: '2027-03-12' }, 'to', 'range_too_long');
	await bad({ ...ok, duration: 5 }, 'duration', 'out_of_range');
	await bad({ ...ok, from: 'tomorrow morning' }, 'from', 'invalid_time');
	assertProblem(await srv.api('POST', '/meetings/slots', { body: ok }), 401, 'unauthenticated');
});

test('working hours: per city, staff set them, the slot finder follows', async () => {
	const h = assertJson(await c.partner.api('GET', `/cities/${city.montreal}/working-hours`), 200);
	assert.deepEqual([h.work_start, h.work_end, h.timezone], [540, 1080, 'America/Toronto']);
	assertProblem(await c.partner.api('PUT', `/cities/${city.montreal}/working-hours`, { body: { work_start: 420, work_end: 960 } }),
	    403, 'forbidden');
	assertProblem(await c.staff.api('PUT', `/cities/${city.montreal}/working-hours`, { body: { work_start: 960, work_end: 420 } }),
	    400, 'validation_failed');
	assertProblem(await c.staff.api('PUT', '/cities/999999999/working-hours', { body: { work_start: 420, work_end: 960 } }),
	    404, 'not_found');
	const p = assertJson(await c.staff.api('PUT', `/cities/${city.montreal}/working-hours`, { body: { work_start: 420, work_end: 960 } }), 200);
	assert.equal(p.work_start, 420);
	/* Montreal from 07:00: 23:30Z no longer best; 00:00Z… no: earlier mornings in Montreal now count */
	const r = assertJson(await slots(c.staff, { city_ids: [city.montreal, city.chongqing], duration: 60,
	    from: '2027-01-11', to: '2027-01-16' }), 200);
	assert.notEqual(r.slots[0].start.slice(11, 16), '23:30');
	assert.equal(r.cities[0].work_start, 420);
});

/* A new calendar feed's absolute url (on the address the server was reached at) as a path to request. */
function feedPath(feed) {
	assert.match(feed.url, new RegExp(`^${srv.url}/api/v1/calendar/[A-Za-z0-9_-]{40,}\\.ics$`));
	return { ...feed, url: feed.url.slice(srv.url.length) };
}

test('calendar feed: a private URL, revocable, only its owner\'s meetings', async () => {
	assert.equal(assertJson(await c.harbin.api('GET', '/me/calendar-feed'), 200).active, false);
	const f = feedPath(assertJson(await c.harbin.api('POST', '/me/calendar-feed'), 201));
	assert.equal(assertJson(await c.harbin.api('GET', '/me/calendar-feed'), 200).active, true);
	/* no cookie: the token is the credential */
	const ics = await srv.request('GET', f.url);
	assert.equal(ics.status, 200);
	assert.match(ics.text, /^BEGIN:VCALENDAR/);
	const staffMeeting = assertJson(await c.staff.api('POST', '/meetings', { body: meetingBody() }), 201);
	const harbinFeed = (await srv.request('GET', f.url)).text;
	assert.doesNotMatch(harbinFeed, new RegExp(`meeting-${staffMeeting.id}@`));
	/* a new URL revokes the old; delete revokes the new */
	const g = feedPath(assertJson(await c.harbin.api('POST', '/me/calendar-feed'), 201));
	assertProblem(await srv.request('GET', f.url), 404, 'not_found');
	assert.equal((await srv.request('GET', g.url)).status, 200);
	assert.equal((await c.harbin.api('DELETE', '/me/calendar-feed')).status, 204);
	assertProblem(await srv.request('GET', g.url), 404, 'not_found');
	assertProblem(await c.harbin.api('DELETE', '/me/calendar-feed'), 404, 'not_found');
	assertProblem(await srv.api('POST', '/me/calendar-feed'), 401, 'unauthenticated');
	/* staff's feed has the meeting they scheduled */
	const s = feedPath(assertJson(await c.staff.api('POST', '/me/calendar-feed'), 201));
	const feed = (await srv.request('GET', s.url)).text;
	assert.match(feed, new RegExp(`\r\nUID:meeting-${staffMeeting.id}-[0-9a-f]{16}@[^\r]+\r\n`));
	/* a subscribed calendar looks again hourly (RFC 7986; Outlook reads X-PUBLISHED-TTL) */
	assert.match(feed, /\r\nREFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n/);
	assert.match(feed, /\r\nX-PUBLISHED-TTL:PT1H\r\n/);
});
