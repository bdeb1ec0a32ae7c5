// Scheduled mail (issue 14, item 3) through a real SMTP server on loopback:
// reminders 24 hours and 15 minutes before a meeting in each recipient's
// language and time zone (the account's own, else the installation's
// --timezone; GET /timezones, PATCH /me), each user's choice respected; none for a meeting
// that has begun; a restart sends no reminder twice (the keys of mail_keys);
// the action items due tomorrow, once per person and day; the digest of the
// exchange in Russian and English with RFC 8058 headers, whose unsubscribe
// link works without a session and refuses a forged token.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { DEMO, allPages, assertJson, assertProblem, runBin, signInAll, startServer } from './lib/server.mjs';
import { smtpArgs, startSink, textPart } from './lib/smtp.mjs';

const HARBIN = 'partner.harbin@pobratim.demo';	/* en, Asia/Shanghai */
const MINSK = DEMO.partner;			/* ru, Europe/Minsk */
const iso = (t) => new Date(t).toISOString().replace(/\.\d+Z$/, 'Z');
// "2026-12-07": the date on a zone's clock, from its parts (en-CA's format is that only
// in some ICU versions: Debian 12's 72, which its Node 18 uses, writes "12/7/2026")
const ymd = (d, zone) => {
	const part = Object.fromEntries(new Intl.DateTimeFormat('en-US', { timeZone: zone, year: 'numeric',
		month: '2-digit', day: '2-digit' }).formatToParts(d).map((p) => [p.type, p.value]));
	return `${part.year}-${part.month}-${part.day}`;
};
// "2026-12-07 10:00 (Asia/Shanghai, UTC+08:00)": how mail writes an instant on a zone's clock
const onClock = (t, zone, offset) => {
	const d = new Date(Math.floor(t / 1000) * 1000);
	const date = ymd(d, zone);
	const time = new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(d);
	return `${date} ${time} (${zone}, UTC${offset})`;
};

async function orgId(client, q) {
	const r = assertJson(await client.api('GET', `/organizations?q=${encodeURIComponent(q)}&limit=5`), 200);
	return r.items[0].id;
}

/* One tick of the scheduler on srv's database, now (`pobratim schedule run`): what it logged. */
function scheduleRun(srv, args = []) {
	const r = runBin(['schedule', 'run', '--db', srv.db, '--listen', `127.0.0.1:${srv.port}`, ...args]);
	assert.equal(r.status, 0, `schedule run: ${r.stderr}`);
	return `${r.stdout}${r.stderr}`;
}

/* The messages of the outbox (queued, sent or failed) to an address whose subject matches re. */
async function outboxed(admin, to, re) {
	return (await allPages(admin, '/mail/outbox')).filter((m) => m.to === to && re.test(m.subject)).length;
}

const PREFS = { remind_day: true, remind_soon: true, actions_due: true, digest: 'none', countries: [], topics: [] };

test("each account's time zone: an IANA name of the system's database, or null for the installation's", async () => {
	const srv = await startServer({ args: ['--timezone', 'Europe/Moscow'] });
	try {
		const c = await signInAll(srv, { harbin: HARBIN });
		const me = assertJson(await c.harbin.api('GET', '/me'), 200);
		assert.equal(me.user.timezone, 'Asia/Shanghai', "the demo account chose Harbin's clock");
		const zones = assertJson(await srv.api('GET', '/timezones'), 200, 'public');
		assert.equal(zones.default, 'Europe/Moscow', '--timezone');
		for (const z of ['UTC', 'Europe/Moscow', 'Asia/Shanghai', 'America/Argentina/Buenos_Aires'])
			assert.ok(zones.items.includes(z), z);
		assert.deepEqual(zones.items, [...zones.items].sort(), 'sorted');
		assert.ok(!zones.items.includes('Mars/Olympus_Mons'));
		for (const bad of ['Mars/Olympus_Mons', 'Asia/Shanghai/../../etc/passwd', '+08:00', '', 'x'.repeat(65)]) {
			const p = assertProblem(await c.harbin.api('PATCH', '/me', { body: { timezone: bad } }), 400, 'validation_failed', bad);
			assert.equal(p.errors?.[0]?.field, 'timezone', JSON.stringify(p));
			if (bad.length > 0 && bad.length <= 64)
				assert.equal(p.errors[0].code, 'unknown_timezone', bad);
		}
		assertProblem(await c.harbin.api('PATCH', '/me', { body: { timezone: 8 } }), 400, 'validation_failed');
		assert.equal(assertJson(await c.harbin.api('GET', '/me'), 200).user.timezone, 'Asia/Shanghai', 'unchanged by refusals');
		let r = assertJson(await c.harbin.api('PATCH', '/me', { body: { timezone: 'America/Argentina/Buenos_Aires' } }), 200);
		assert.equal(r.user.timezone, 'America/Argentina/Buenos_Aires');
		r = assertJson(await c.harbin.api('PATCH', '/me', { body: { timezone: null } }), 200);
		assert.equal(r.user.timezone, null, "null: the installation's");
		assert.equal(assertJson(await c.harbin.api('GET', '/me'), 200).user.timezone, null);
		assertProblem(await srv.api('PATCH', '/me', { body: { timezone: 'Asia/Shanghai' } }), 401, 'unauthenticated');
	} finally {
		await srv.stop();
	}
});

test('reminders: 15 minutes and a day before, by choice, never for a meeting begun, never twice across a restart', async () => {
	const sink = await startSink();
	const srv = await startServer({ args: [...smtpArgs(sink.port), '--schedule-interval', '1', '--timezone', 'Europe/Moscow'] });
	try {
		const c = await signInAll(srv, { staff: DEMO.staff, admin: DEMO.admin, harbin: HARBIN, minsk: MINSK });
		// each on their account's clock: the organizer's Moscow, Harbin's partner's Harbin; Minsk's
		// partner chose none and takes the installation's (--timezone), not the city's of the organization
		assert.equal(c.staff.user.timezone, 'Europe/Moscow');
		assert.equal(c.harbin.user.timezone, 'Asia/Shanghai');
		assert.equal(assertJson(await c.minsk.api('PATCH', '/me', { body: { timezone: null } }), 200).user.timezone, null);
		const parts = [{ role: 'participant', organization_id: await orgId(c.admin, 'Minsk City Executive') },
			{ role: 'participant', organization_id: await orgId(c.admin, 'Harbin') }];
		// Harbin wants the 15-minute reminder only
		assertJson(await c.harbin.api('PUT', '/me/mail-preferences', { body: { ...PREFS, remind_day: false } }), 200);
		assert.equal(assertJson(await c.harbin.api('GET', '/me/mail-preferences'), 200).remind_day, false);
		assertProblem(await c.harbin.api('PUT', '/me/mail-preferences', { body: { ...PREFS, digest: 'hourly' } }), 400,
			'validation_failed');
		assertProblem(await srv.api('GET', '/me/mail-preferences'), 401, 'unauthenticated');

		const now = Date.now();
		const meeting = async (title, start) => assertJson(await c.staff.api('POST', '/meetings', { body: {
			title_ru: `${title} (ru)`, title_en: `${title} (en)`, format: 'video', timezone: 'Europe/Moscow',
			starts_at: iso(start), duration: 60, participants: parts } }), 201).id;
		const begun = await meeting('Begun', now - 5 * 60000);
		const soon = await meeting('Soon', now + 10 * 60000);
		const later = await meeting('Later', now + 5 * 3600000);

		const subject = (m) => m.headers.subject;
		const soonRu = await sink.next((m) => m.rcpt_tos.includes(MINSK) && /^Напоминание: Soon/.test(subject(m)), 'Minsk: soon');
		assert.ok(textPart(soonRu).content.includes(`начнётся через 15 минут: ${onClock(now + 10 * 60000, 'Europe/Moscow', '+03:00')}`),
			textPart(soonRu).content);
		assert.match(textPart(soonRu).content, new RegExp(`/meetings/${soon}/room`));
		const soonEn = await sink.next((m) => m.rcpt_tos.includes(HARBIN) && /^Reminder: Soon/.test(subject(m)), 'Harbin: soon');
		assert.ok(textPart(soonEn).content.includes(`starts in 15 minutes: ${onClock(now + 10 * 60000, 'Asia/Shanghai', '+08:00')}`),
			textPart(soonEn).content);
		const soonMoscow = await sink.next((m) => m.rcpt_tos.includes(DEMO.staff) && /^Напоминание: Soon/.test(subject(m)), 'the organizer too');
		assert.ok(textPart(soonMoscow).content.includes(`начнётся через 15 минут: ${onClock(now + 10 * 60000, 'Europe/Moscow', '+03:00')}`),
			textPart(soonMoscow).content);
		const dayRu = await sink.next((m) => m.rcpt_tos.includes(MINSK) && /^Напоминание: Later/.test(subject(m)), 'Minsk: a day');
		assert.match(textPart(dayRu).content, /начнётся в ближайшие сутки/);

		// more ticks, then a restart and more ticks: nothing again, nothing for what has begun or for Harbin's "no"
		const tz = ['--timezone', 'Europe/Moscow'];
		assert.doesNotMatch(scheduleRun(srv, tz), /messages queued/);
		await srv.restart();
		assert.doesNotMatch(scheduleRun(srv, tz), /messages queued/);
		const count = (to, re) => outboxed(c.admin, to, re);
		assert.equal(await count(MINSK, /^Напоминание: Soon/), 1);
		assert.equal(await count(MINSK, /^Напоминание: Later/), 1);
		assert.equal(await count(HARBIN, /^Reminder: Soon/), 1);
		assert.equal(await count(DEMO.staff, /^Напоминание: Soon/), 1);
		assert.equal(await count(HARBIN, /^Reminder: Later/), 0, 'Harbin chose no 24-hour reminder');
		for (const to of [MINSK, HARBIN, DEMO.staff])
			assert.equal(await count(to, /^(Напоминание|Reminder): Begun/), 0, 'a meeting that has begun gets no reminder');
		assert.ok(begun > 0 && later > soon);
	} finally {
		await srv.stop();
		await sink.stop();
	}
});

test('action items due tomorrow: one message per person and day; the digest in ru and en, unsubscribed by its link', async () => {
	const sink = await startSink();
	// the scheduler ticks when the test says (`schedule run`, now): a tick of its own between two
	// action items (or two bulletins) would mail the first alone, once for the day
	const srv = await startServer({ args: [...smtpArgs(sink.port), '--schedule-interval', '0'] });
	const tick = () => scheduleRun(srv);
	try {
		const c = await signInAll(srv, { staff: DEMO.staff, admin: DEMO.admin, harbin: HARBIN, minsk: MINSK });
		const minskOrg = await orgId(c.admin, 'Minsk City Executive');
		const m = assertJson(await c.staff.api('POST', '/meetings', { body: {
			title_ru: 'Итоги года', title_en: 'The year in review', format: 'in_person', timezone: 'Europe/Moscow',
			starts_at: '2026-01-20T08:00:00Z', duration: 60, status: 'held',
			participants: [{ role: 'participant', organization_id: minskOrg }] } }), 201);
		// tomorrow on Minsk's clock
		const tomorrow = ymd(new Date(Date.now() + 86400000), 'Europe/Minsk');
		for (const [ru, en] of [['Подготовить соглашение', 'Prepare the agreement'], ['Согласовать даты', 'Agree on the dates']])
			assertJson(await c.staff.api('POST', `/meetings/${m.id}/actions`, { body: {
				text_ru: ru, text_en: en, owner_organization_id: minskOrg, due_date: tomorrow } }), 201);
		assert.match(tick(), /schedule: 1 messages queued/);
		const due = await sink.next((x) => x.rcpt_tos.includes(MINSK) && /^Поручения на завтра/.test(x.headers.subject), 'action items');
		assert.match(textPart(due).content, /• Подготовить соглашение \(Итоги года\)/);
		assert.match(textPart(due).content, /• Согласовать даты \(Итоги года\)/);
		assert.ok(due.headers.subject.includes(tomorrow));

		// digests: Harbin (en) daily for health; Minsk (ru) daily, all topics
		assertJson(await c.harbin.api('PUT', '/me/mail-preferences', { body: { ...PREFS, digest: 'daily', topics: ['health'] } }), 200);
		assertJson(await c.minsk.api('PUT', '/me/mail-preferences', { body: { ...PREFS, digest: 'daily' } }), 200);
		const publish = async (title, topics) => {
			const b = assertJson(await c.staff.api('POST', '/bulletins', { body: { kind: 'news', lang: 'en', title,
				body: 'Text of the bulletin.', countries: ['IT'], topics } }), 201);
			assertJson(await c.staff.api('POST', `/bulletins/${b.id}/submit`), 200);
			assertJson(await c.staff.api('POST', `/bulletins/${b.id}/publish`), 200);
			return b.id;
		};
		const health = await publish('Vaccination for compatriots in Milan', ['health']);
		await publish('A concert in Rome', ['culture']);
		assert.match(tick(), /schedule: 2 messages queued/);
		const en = await sink.next((x) => x.rcpt_tos.includes(HARBIN) && /^Information exchange: new of the day/.test(x.headers.subject), 'the English digest');
		assert.match(textPart(en).content, new RegExp(`• Vaccination for compatriots in Milan\\n  http://\\S+/news/${health}`));
		assert.doesNotMatch(textPart(en).content, /concert/, 'health only');
		const ru = await sink.next((x) => x.rcpt_tos.includes(MINSK) && /^Обмен информацией: новое за день/.test(x.headers.subject), 'the Russian digest');
		assert.match(textPart(ru).content, /A concert in Rome/);
		// RFC 8058: one click in the mail program, no sign-in
		const lu = en.headers['list-unsubscribe'].match(/^<(http:\/\/[^>]+\/api\/v1\/unsubscribe\/(u\d+-[0-9a-f]{64}))>$/);
		assert.ok(lu, en.headers['list-unsubscribe']);
		assert.equal(en.headers['list-unsubscribe-post'], 'List-Unsubscribe=One-Click');
		assert.match(textPart(en).content, new RegExp(`/unsubscribe#token=${lu[2]}`));
		// forged: another account's number, a changed signature
		const other = lu[2].replace(/^u\d+/, 'u1');
		assertProblem(await srv.request('POST', new URL(lu[1]).pathname.replace(lu[2], other), { body: 'List-Unsubscribe=One-Click',
			headers: { 'Content-Type': 'application/x-www-form-urlencoded' } }), 400, 'invalid_token');
		const flipped = lu[2].slice(0, -1) + (lu[2].endsWith('0') ? '1' : '0');
		assertProblem(await srv.api('POST', `/unsubscribe/${flipped}`), 400, 'invalid_token');
		assert.equal(assertJson(await c.harbin.api('GET', '/me/mail-preferences'), 200).digest, 'daily', 'still subscribed');
		const r = await srv.request('POST', new URL(lu[1]).pathname, { body: 'List-Unsubscribe=One-Click',
			headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.digest, 'none');
		assert.equal(assertJson(await c.harbin.api('GET', '/me/mail-preferences'), 200).digest, 'none');
		assert.equal((await srv.api('POST', `/unsubscribe/${lu[2]}`)).status, 200, 'again: the same');

		// after more ticks and a restart: still one of each
		assert.doesNotMatch(tick(), /messages queued/);
		await srv.restart();
		assert.doesNotMatch(tick(), /messages queued/);
		assert.equal(await outboxed(c.admin, MINSK, /^Поручения на завтра/), 1);
		assert.equal(await outboxed(c.admin, MINSK, /^Обмен информацией/), 1);
		assert.equal(await outboxed(c.admin, HARBIN, /^Information exchange/), 1);
	} finally {
		await srv.stop();
		await sink.stop();
	}
});
