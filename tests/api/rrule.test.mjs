// Recurrence rules (issue 12, item 3): a rule that never matches or repeats
// more than daily is refused at save with a code, rules clients read
// differently are stored in a normal form, and a hostile rule stored before
// the check (written here straight into the database) answers at once on
// every read: the meeting, the calendar, the invitation, the feed.
// Before the fix the first request below never got an answer.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, test } from 'node:test';

import { DEMO, assertJson, assertProblem, signInAll, startServer } from './lib/server.mjs';

let srv;
const c = {};
let dusseldorf;

before(async () => {
	srv = await startServer();
	Object.assign(c, await signInAll(srv, { staff: DEMO.staff, partner: DEMO.partner }));
	dusseldorf = assertJson(await srv.api('GET', '/cities?q=D%C3%BCsseldorf&limit=1'), 200).items[0].id;
});

after(async () => {
	await srv?.stop();
});

/* Monday 2027-03-22 10:00 in Berlin (CET) */
const MONDAY = '2027-03-22T09:00:00Z';

function meeting(extra = {}) {
	return {
		title_ru: 'Серия встреч', title_en: 'A series', format: 'video', timezone: 'Europe/Berlin',
		starts_at: MONDAY, duration: 60,
		participants: [{ role: 'host', organization_id: c.staff.user.organization.id },
		    { role: 'participant', city_id: dusseldorf },
		    { role: 'participant', city_id: c.partner.user.organization.city.id }],
		...extra,
	};
}

/* A request that must be answered, and how long it took. */
async function timed(client, method, path, opts = {}) {
	const t0 = performance.now();
	const r = await client.api(method, path, { timeout: 10000, ...opts });
	return { r, ms: performance.now() - t0 };
}

test('the issue\'s rule is refused at once: 400 rrule_frequency, and the server stays up', async () => {
	const { r, ms } = await timed(c.staff, 'POST', '/meetings',
	    { body: meeting({ rrule: 'FREQ=SECONDLY;BYMONTH=2;BYMONTHDAY=30' }) });
	const p = assertProblem(r, 400, 'validation_failed');
	assert.deepEqual(p.errors.map((e) => [e.field, e.code]), [['rrule', 'rrule_frequency']]);
	console.log(`# FREQ=SECONDLY;BYMONTH=2;BYMONTHDAY=30 refused in ${ms.toFixed(1)} ms`);
	assert.equal((await srv.api('GET', '/health')).status, 200);
});

test('refusals name the rule with a code for each kind', async () => {
	const cases = [
		['FREQ=MINUTELY', 'rrule_frequency'],
		['FREQ=HOURLY;INTERVAL=24', 'rrule_frequency'],
		['FREQ=DAILY;BYHOUR=9,15', 'rrule_frequency'],
		['FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30', 'rrule_never'],
		['FREQ=MONTHLY;BYMONTHDAY=31;BYMONTH=2,4,6,9,11', 'rrule_never'],
		['FREQ=MONTHLY;BYMONTH=2;BYMONTHDAY=30;BYDAY=MO,TU,WE,TH,FR,SA,SU;BYSETPOS=1,2,3,-1', 'rrule_never'],
		['FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30', 'rrule_never'],
		['FREQ=WEEKLY;UNTIL=20270301T000000Z', 'rrule_never'],
		['FREQ=WEEKLY;BYDAY=TU', 'rrule_start'],
		['FREQ=MONTHLY;BYDAY=2TU', 'rrule_start'],
		['FREQ=DAILY;COUNT=3;UNTIL=20270401T000000Z', 'invalid_rrule'],
		['FREQ=WEEKLY;BYDAY=MO,WE;BYSETPOS=1', 'invalid_rrule'],
		['FREQ=MONTHLY;RSCALE=GREGORIAN', 'invalid_rrule'],
		['FREQ=YEARLY;BYWEEKNO=12', 'invalid_rrule'],
		['FREQ=SOMETIMES', 'invalid_rrule'],
	];
	/* a far year costs libical tens of milliseconds a reading: such a start never gets in */
	for (const [extra, field] of [[{ starts_at: '9999-12-31T00:00:00Z' }, 'starts_at'],
	    [{ exdates: ['9024-03-25T09:00:00Z'] }, 'exdates[0]'], [{ starts_at: '1812-06-24T00:00:00Z' }, 'starts_at']]) {
		const p = assertProblem(await c.staff.api('POST', '/meetings', { body: meeting(extra) }), 400, 'validation_failed');
		assert.deepEqual(p.errors.map((e) => [e.field, e.code]), [[field, 'out_of_range']]);
	}
	let worst = 0;
	for (const [rule, code] of cases) {
		const { r, ms } = await timed(c.staff, 'POST', '/meetings', { body: meeting({ rrule: rule }) });
		const p = assertProblem(r, 400, 'validation_failed', rule);
		assert.deepEqual(p.errors.map((e) => [e.field, e.code]), [['rrule', code]], rule);
		assert.ok(p.errors[0].message.length > 10, `${rule}: says why`);
		worst = Math.max(worst, ms);
	}
	const start = assertProblem((await timed(c.staff, 'POST', '/meetings',
	    { body: meeting({ rrule: 'FREQ=WEEKLY;BYDAY=TU' }) })).r, 400, 'validation_failed');
	assert.match(start.errors[0].message, /2027-03-23/, 'names the first date');
	console.log(`# ${cases.length} refusals, the slowest answered in ${worst.toFixed(1)} ms`);
});

test('normal form: UNTIL in UTC (a date takes in its day), a yearly day\'s month written out', async () => {
	const m = assertJson(await c.staff.api('POST', '/meetings',
	    { body: meeting({ rrule: 'FREQ=DAILY;UNTIL=20270325' }) }), 201);
	/* Berlin is UTC+1 until the 28th: the end of the 25th is 22:59:59Z */
	assert.equal(m.rrule, 'FREQ=DAILY;UNTIL=20270325T225959Z');
	assert.deepEqual(m.occurrences, ['2027-03-22T09:00:00Z', '2027-03-23T09:00:00Z', '2027-03-24T09:00:00Z',
	    '2027-03-25T09:00:00Z']);
	const ics = (await c.staff.api('GET', `/meetings/${m.id}.ics`)).text.replace(/\r\n[ \t]/g, '');
	assert.match(ics, /RRULE:FREQ=DAILY;UNTIL=20270325T225959Z\r\n/);
	const floating = assertJson(await c.staff.api('POST', '/meetings',
	    { body: meeting({ rrule: 'FREQ=WEEKLY;UNTIL=20270405T100000' }) }), 201);
	assert.equal(floating.rrule, 'FREQ=WEEKLY;UNTIL=20270405T080000Z');	/* CEST from the 28th */
	assert.equal(floating.occurrences.length, 3);
	const yearly = assertJson(await c.staff.api('POST', '/meetings',
	    { body: meeting({ rrule: 'freq=yearly;bymonthday=22' }) }), 201);
	assert.equal(yearly.rrule, 'FREQ=YEARLY;BYMONTHDAY=22;BYMONTH=3');
	assert.deepEqual(yearly.occurrences.slice(0, 2), ['2027-03-22T09:00:00Z', '2028-03-22T09:00:00Z']);
});

test('moving the start off the rule is refused on starts_at; a new rule and start together pass', async () => {
	const m = assertJson(await c.staff.api('POST', '/meetings',
	    { body: meeting({ rrule: 'FREQ=WEEKLY;BYDAY=MO;COUNT=3' }) }), 201);
	const p = assertProblem(await c.staff.api('PATCH', `/meetings/${m.id}`,
	    { body: { starts_at: '2027-03-23T09:00:00Z' } }), 400, 'validation_failed');
	assert.deepEqual(p.errors.map((e) => [e.field, e.code]), [['starts_at', 'rrule_start']]);
	const ok = assertJson(await c.staff.api('PATCH', `/meetings/${m.id}`,
	    { body: { starts_at: '2027-03-23T09:00:00Z', rrule: 'FREQ=WEEKLY;BYDAY=TU;COUNT=3' } }), 200);
	assert.deepEqual(ok.occurrences, ['2027-03-23T09:00:00Z', '2027-03-30T08:00:00Z', '2027-04-06T08:00:00Z']);
	const none = assertJson(await c.staff.api('PATCH', `/meetings/${m.id}`, { body: { rrule: null } }), 200);
	assert.deepEqual(none.occurrences, ['2027-03-23T09:00:00Z']);
});

test('hostile rules stored before the check: every read answers at once, the start alone', async () => {
	const host = [
		'FREQ=SECONDLY;BYMONTH=2;BYMONTHDAY=30',
		'FREQ=MONTHLY;BYMONTH=2;BYMONTHDAY=30;BYDAY=MO,TU,WE,TH,FR,SA,SU;BYSETPOS=1,2,3,-1',
		'FREQ=MONTHLY;BYMONTHDAY=31;BYMONTH=2,4,6,9,11',
	];
	const ids = [];
	for (const rule of host) {
		const m = assertJson(await c.staff.api('POST', '/meetings', { body: meeting() }), 201);
		/* as a rule saved by an older version would be: straight into the database */
		const w = spawnSync('sqlite3', [srv.db, `UPDATE meetings SET rrule = '${rule}' WHERE id = ${m.id};`],
		    { encoding: 'utf8' });
		assert.equal(w.status, 0, w.stderr);
		ids.push(m.id);
	}
	const feed = assertJson(await c.staff.api('POST', '/me/calendar-feed'), 201);
	let worst = 0;
	const reads = [];
	/* more at once than there are workers: before the fix four of them held every worker */
	for (let round = 0; round < 3; round++)
		for (const id of ids) {
			reads.push(timed(c.staff, 'GET', `/meetings/${id}`).then(({ r, ms }) => {
				const m = assertJson(r, 200);
				assert.equal(m.rrule !== null, true);
				assert.deepEqual(m.occurrences, [MONDAY]);
				worst = Math.max(worst, ms);
			}));
			reads.push(timed(c.partner, 'GET', `/meetings/${id}`).then(({ r, ms }) => {
				assertJson(r, 200);
				worst = Math.max(worst, ms);
			}));
		}
	await Promise.all(reads);
	const { r: cal, ms: calMs } = await timed(c.staff, 'GET', '/meetings?from=2027-01-01&to=2028-01-31');
	const items = assertJson(cal, 200).items.filter((x) => ids.includes(x.id));
	assert.deepEqual(items.map((x) => x.start), ids.map(() => MONDAY));
	for (const id of ids) {
		const { r, ms } = await timed(c.staff, 'GET', `/meetings/${id}.ics`);
		assert.equal(r.status, 200);
		const event = r.text.slice(r.text.indexOf('BEGIN:VEVENT'));	/* a VTIMEZONE has rules of its own */
		assert.doesNotMatch(event, /RRULE/, 'a rule we do not expand is not handed to calendar apps either');
		assert.match(event, /DTSTART;TZID=Europe\/Berlin:20270322T100000/);
		worst = Math.max(worst, ms);
	}
	const { r: f } = await timed(srv.client(), 'GET', new URL(feed.url).pathname.replace('/api/v1', ''));
	assert.equal(f.status, 200);
	assert.equal((await srv.api('GET', '/health')).status, 200);
	console.log(`# ${reads.length} reads of hostile stored rules, the slowest ${worst.toFixed(1)} ms; ` +
	    `the calendar range ${calMs.toFixed(1)} ms`);
	assert.match(srv.stderr(), /meeting \d+: its recurrence rule cannot be expanded/);
});
