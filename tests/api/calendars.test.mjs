// Calendars that update themselves (issue 14, item 5): the public events
// feed /api/v1/events.ics (published events only, whole days, anyone) and
// the personal feed, both asking to be read again hourly (REFRESH-INTERVAL,
// X-PUBLISHED-TTL), read by Python's icalendar (lib/ical-check.py); a stored
// recurrence rule that fails the RFC 5545 check never reaches a feed.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';

import { DEMO, assertJson, assertProblem, signInAll, startServer } from './lib/server.mjs';
import { parseIcal } from './lib/smtp.mjs';

function sqlite(db, query) {
	const r = spawnSync('sqlite3', [db, query], { encoding: 'utf8' });
	assert.equal(r.status, 0, r.stderr);
	return r.stdout;
}

test('public events feed: published events only, whole days, hourly refresh, for anyone', async () => {
	const srv = await startServer();
	try {
		const c = await signInAll(srv, { staff: DEMO.staff });
		const event = async (title, published, more = {}) => assertJson(await c.staff.api('POST', '/events', { body: {
			kind: 'forum', title_ru: `${title} (ru)`, title_en: `${title} (en)`, starts_on: '2027-05-20', ends_on: '2027-05-22',
			venue: 'Manege', published, ...more } }), 201).id;
		const pub = await event('Business forum', true);
		const hidden = await event('Internal planning', false);
		const r = await srv.api('GET', '/events.ics');
		assert.equal(r.status, 200);
		assert.match(r.headers['content-type'], /^text\/calendar/);
		const cal = parseIcal(r.text);
		assert.equal(cal.method, 'PUBLISH');
		assert.equal(cal.refresh_interval, 'PT1H');
		assert.equal(cal.published_ttl, 'PT1H');
		const mine = cal.events.find((e) => e.summary === 'Business forum (ru)');
		assert.ok(mine, 'the published event');
		assert.match(mine.uid, new RegExp(`^event-${pub}-[0-9a-f]{16}@`));
		assert.equal(mine.dtstart, '2027-05-20');
		assert.ok(r.text.includes('DTEND;VALUE=DATE:20270523'), 'the day after the last');
		assert.equal(mine.location.startsWith('Manege'), true);
		assert.ok(!cal.events.some((e) => /Internal planning/.test(e.summary)), 'not the unpublished one');
		assert.ok(hidden > 0);
		// English on request; a language we do not have is refused
		const en = parseIcal((await srv.api('GET', '/events.ics?lang=en')).text);
		assert.ok(en.events.some((e) => e.summary === 'Business forum (en)'));
		assertProblem(await srv.api('GET', '/events.ics?lang=de'), 400, 'validation_failed');
	} finally {
		await srv.stop();
	}
});

test('personal feed: hourly refresh; a stored rule that fails the RFC 5545 check is left out', async () => {
	const srv = await startServer();
	try {
		const c = await signInAll(srv, { staff: DEMO.staff });
		const mk = async (title, rrule) => assertJson(await c.staff.api('POST', '/meetings', { body: {
			title_ru: title, title_en: title, format: 'video', timezone: 'Europe/Moscow', starts_at: '2027-03-01T07:00:00Z',
			duration: 60, rrule, participants: [{ role: 'host', organization_id: c.staff.user.organization.id }] } }), 201).id;
		const good = await mk('Weekly good', 'FREQ=WEEKLY;COUNT=3');
		const bad = await mk('Weekly bad', 'FREQ=WEEKLY;COUNT=3');
		// a rule the API would refuse (hourly), written straight into the database as an old version might have
		sqlite(srv.db, `UPDATE meetings SET rrule = 'FREQ=HOURLY;COUNT=5' WHERE id = ${bad}`);
		// and one libical would expand, but whose start (a Monday) is not its first date (Tuesdays)
		const off = await mk('Weekly off-start', 'FREQ=WEEKLY;COUNT=3');
		sqlite(srv.db, `UPDATE meetings SET rrule = 'FREQ=WEEKLY;BYDAY=TU;COUNT=3' WHERE id = ${off}`);
		const feed = assertJson(await c.staff.api('POST', '/me/calendar-feed'), 201);
		const r = await srv.request('GET', new URL(feed.url).pathname);
		const cal = parseIcal(r.text);
		assert.equal(cal.refresh_interval, 'PT1H');
		assert.equal(cal.published_ttl, 'PT1H');
		const byTitle = Object.fromEntries(cal.events.map((e) => [e.summary, e]));
		assert.equal(byTitle['Weekly good'].rrule, 'FREQ=WEEKLY;COUNT=3');
		assert.equal(byTitle['Weekly bad'].rrule, null, 'the unchecked rule is not in the feed');
		assert.equal(byTitle['Weekly off-start'].rrule, null, 'nor one whose start is outside it (RFC 5545 leaves it undefined)');
		assert.ok(good > 0);
	} finally {
		await srv.stop();
	}
});
