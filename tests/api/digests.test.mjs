// The weekly digest of the exchange (issue 14, item 3), through a real SMTP
// server on loopback, with the scheduler's clock moved: the server's own
// ticks are off (--schedule-interval 0) and `pobratim schedule run --at TIME`
// does one tick at a chosen moment on the same database, whose outbox the
// server's sender then delivers. A week begins on Monday on each
// subscriber's own clock (Harbin's, Minsk's, Rome's: hours apart). Each week's
// digest lists what was published since the last one, for the countries and
// topics chosen, in the subscriber's language; a tick again in the same week
// queues nothing; the unsubscribe link works without signing in.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { DEMO, allPages, assertJson, runBin, signInAll, startServer } from './lib/server.mjs';
import { smtpArgs, startSink, textPart } from './lib/smtp.mjs';

const HARBIN = 'partner.harbin@pobratim.demo';	/* en, Asia/Shanghai */
const MINSK = DEMO.partner;			/* ru, Europe/Minsk */
const ROME = DEMO.correspondent;		/* ru, Europe/Rome */
const iso = (t) => new Date(t).toISOString().replace(/\.\d+Z$/, 'Z');
const PREFS = { remind_day: false, remind_soon: false, actions_due: false, digest: 'weekly', countries: [], topics: [] };

// The first instant after t that is Monday 00:00 on zone's clock (whole minutes: the zones used have no odd seconds).
function nextMonday(t, zone) {
	const f = new Intl.DateTimeFormat('en-GB', { timeZone: zone, weekday: 'short', hour: '2-digit', minute: '2-digit',
		hourCycle: 'h23' });
	let m = Math.ceil(t / 60000) * 60000;
	for (let i = 0; i < 8 * 24 * 60; i++, m += 60000)
		if (f.format(new Date(m)) === 'Mon 00:00')
			return m;
	throw new Error(`no Monday in a week after ${iso(t)} in ${zone}`);
}

test("the weekly digest: once a week from each subscriber's Monday, what is new since the last one, ru and en", async () => {
	const sink = await startSink();
	const srv = await startServer({ args: [...smtpArgs(sink.port), '--schedule-interval', '0', '--timezone', 'Europe/Moscow'] });
	// one tick at t, or now when t has passed (`schedule run` takes a time past as now); returns when
	const tick = (t) => {
		const at = Math.max(t, Date.now());
		const r = runBin(['schedule', 'run', '--at', iso(at), '--db', srv.db, '--listen', `127.0.0.1:${srv.port}`,
			'--timezone', 'Europe/Moscow']);
		assert.equal(r.status, 0, `schedule run --at ${iso(at)}: ${r.stderr}`);
		return at;
	};
	try {
		const c = await signInAll(srv, { staff: DEMO.staff, admin: DEMO.admin, harbin: HARBIN, minsk: MINSK, rome: ROME });
		assertJson(await c.harbin.api('PUT', '/me/mail-preferences', { body: { ...PREFS, topics: ['health'] } }), 200);
		assertJson(await c.minsk.api('PUT', '/me/mail-preferences', { body: { ...PREFS, countries: ['IT'] } }), 200);
		assertJson(await c.rome.api('PUT', '/me/mail-preferences', { body: { ...PREFS, countries: ['IT'] } }), 200);
		const publish = async (title, countries, topics) => {
			const b = assertJson(await c.staff.api('POST', '/bulletins', { body: { kind: 'news', lang: 'en', title,
				body: 'Text of the bulletin.', countries, topics } }), 201);
			assertJson(await c.staff.api('POST', `/bulletins/${b.id}/submit`), 200);
			assertJson(await c.staff.api('POST', `/bulletins/${b.id}/publish`), 200);
			return b.id;
		};
		const clinic = await publish('Clinic hours for compatriots in Milan', ['IT'], ['health']);
		await publish('A film week in Düsseldorf', ['DE'], ['culture']);

		const weekly = (to) => allPages(c.admin, '/mail/outbox').then((items) =>
			items.filter((m) => m.kind === 'digest_weekly' && m.to === to));
		const en1re = /^Information exchange: new of the week \(1\)$/;
		const ru1re = /^Обмен информацией: новое за неделю \(1\)$/;

		// this week: each gets the week's digest of what they chose
		const t0 = tick(Date.now());
		const firstDone = Date.now();	/* the first digests' keys bear a time before this */
		const en1 = await sink.next((m) => m.rcpt_tos.includes(HARBIN) && en1re.test(m.headers.subject), 'Harbin: the week', 30000);
		assert.match(textPart(en1).content, new RegExp(`• Clinic hours for compatriots in Milan\\n  http://\\S+/news/${clinic}`));
		assert.doesNotMatch(textPart(en1).content, /film week/, 'health only');
		assert.match(textPart(en1).content, /^Hello Harbin City Government representative,/);
		const ru1 = await sink.next((m) => m.rcpt_tos.includes(MINSK) && ru1re.test(m.headers.subject), 'Minsk: the week', 30000);
		assert.match(textPart(ru1).content, /Новые бюллетени и проверки фактов за неделю по вашей подписке/);
		assert.match(textPart(ru1).content, /Clinic hours for compatriots in Milan/);
		assert.doesNotMatch(textPart(ru1).content, /film week/, 'Italy only');
		const rome1 = await sink.next((m) => m.rcpt_tos.includes(ROME) && ru1re.test(m.headers.subject), 'Rome: the week', 30000);

		// again, and an hour ago (taken as now: its reminders would be stale): nothing more is queued
		tick(t0);
		const past = runBin(['schedule', 'run', '--at', iso(t0 - 3600000), '--db', srv.db, '--listen',
			`127.0.0.1:${srv.port}`, '--timezone', 'Europe/Moscow']);
		assert.equal(past.status, 0, past.stderr);
		assert.match(past.stderr, /has passed: now instead/);
		assert.equal((await weekly(HARBIN)).length, 1);
		assert.equal((await weekly(MINSK)).length, 1);

		// Rome's correspondent, with Minsk's subscription, unsubscribes by one click in the mail
		// program, no session
		const lu = rome1.headers['list-unsubscribe'].match(/^<(http:\/\/[^>]+\/api\/v1\/unsubscribe\/u\d+-[0-9a-f]{64})>$/);
		assert.ok(lu, rome1.headers['list-unsubscribe']);
		const r = await srv.request('POST', new URL(lu[1]).pathname, { body: 'List-Unsubscribe=One-Click',
			headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.digest, 'none');

		// a bulletin published after the first digests (times are kept to the second)
		while (Date.now() < firstDone + 1500)	/* the next digests count from the first ones' time */
			await new Promise((resolve) => setTimeout(resolve, 100));
		const vaccines = await publish('Vaccination days for compatriots in Rome', ['IT'], ['health']);

		// each one's next Monday on their own clock, in the order they come: the minute before, nothing;
		// just after, the new week's digest with only what is new since the last one (Rome: unsubscribed)
		const mondays = [[HARBIN, 'Asia/Shanghai', en1re], [MINSK, 'Europe/Minsk', ru1re], [ROME, 'Europe/Rome', null]]
			.map(([to, zone, re]) => ({ to, zone, re, at: nextMonday(t0 + 1000, zone) })).sort((a, b) => a.at - b.at);
		assert.equal(new Set(mondays.map((m) => m.at)).size, 3, 'three clocks, three Mondays');
		for (const { to, zone, re, at } of mondays) {
			tick(at - 60000);
			assert.equal((await weekly(to)).length, 1, `${to}: the minute before Monday on ${zone}`);
			tick(at + 1000);
			if (re === null) {
				assert.equal((await weekly(to)).length, 1, `${to}: unsubscribed, no second week`);
				continue;
			}
			const m = await sink.next((x) => x.rcpt_tos.includes(to) && re.test(x.headers.subject) &&
				textPart(x).content.includes('Vaccination days'), `${to}: the next week's`, 30000);
			assert.match(textPart(m).content, new RegExp(`/news/${vaccines}\n`));
			assert.doesNotMatch(textPart(m).content, /Clinic hours/, 'only what is new since the last digest');
			assert.equal((await weekly(to)).length, 2, `${to}: one digest a week`);
		}
		assert.equal((await weekly(HARBIN)).length, 2);
		assert.equal((await weekly(MINSK)).length, 2);
	} finally {
		await srv.stop();
		await sink.stop();
	}
});
