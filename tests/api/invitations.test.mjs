// Meeting invitations by mail (issue 14, item 2): iTIP (RFC 5546) through a
// real SMTP server on loopback (aiosmtpd). Each invitation is read by two
// iCalendar parsers, which must agree: Python's icalendar (lib/ical-check.py)
// and libical's parser (build/icalcheck). A change sends the
// same UID with SEQUENCE 1, a cancellation METHOD:CANCEL with that UID; the
// meeting's managers see who was invited; the .ics download agrees.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';

import { DEMO, assertJson, assertProblem, freePort, signInAll, startServer } from './lib/server.mjs';
import { calendarPart, parseIcal, parseIcalLibical, smtpArgs, startSink, textPart, until } from './lib/smtp.mjs';

const HARBIN = 'partner.harbin@pobratim.demo';	/* locale en, Asia/Shanghai */
const MINSK = DEMO.partner;			/* locale ru, Europe/Minsk */
const GUEST = 'k.weber@duesseldorf.example';

/* A query's output on the server's database (WAL: read while it runs). */
function sqlite(db, query) {
	const r = spawnSync('sqlite3', [db, query], { encoding: 'utf8' });
	assert.equal(r.status, 0, r.stderr);
	return r.stdout;
}

async function orgId(client, q) {
	const r = assertJson(await client.api('GET', `/organizations?q=${encodeURIComponent(q)}&limit=5`), 200);
	assert.ok(r.items.length >= 1, `organization ${q}`);
	return r.items[0].id;
}

/* The invitation's iCalendar as icalendar reads it, after checking the MIME structure. */
function invitation(m, method) {
	assert.equal(m.parts[0].content_type, 'multipart/alternative', 'the root is multipart/alternative');
	const types = m.parts.slice(1).map((p) => p.content_type);
	assert.deepEqual(types, ['text/plain', 'text/html', 'text/calendar']);
	const cal = calendarPart(m);
	assert.equal(cal.params.method, method, 'Content-Type: text/calendar; method=...');
	const ics = parseIcal(cal.content);
	// libical reads the same: method, UID, SEQUENCE, the start (its TZID resolved by the VTIMEZONE sent)
	const lib = parseIcalLibical(cal.content);
	assert.equal(lib.method, method);
	assert.equal(lib.events.length, ics.events.length);
	for (const [i, e] of ics.events.entries())
		assert.deepEqual(lib.events[i], { uid: e.uid, sequence: e.sequence, summary: e.summary, tzid: e.tzid,
			start_utc: Date.parse(e.dtstart) / 1000, attendees: e.attendees.length, organizer: e.organizer },
			'libical and icalendar agree');
	assert.equal(ics.method, method);
	assert.equal(ics.events.length, 1);
	return ics.events[0];
}

test('a video meeting invites by mail: REQUEST, update with SEQUENCE 1, CANCEL; listed for its hosts', async () => {
	const sink = await startSink();
	const srv = await startServer({ args: smtpArgs(sink.port) });
	try {
		const c = await signInAll(srv, { staff: DEMO.staff, partner: DEMO.partner, corr: DEMO.correspondent,
			admin: DEMO.admin });
		const minsk = await orgId(c.admin, 'Minsk City Executive');
		const harbin = await orgId(c.admin, 'Harbin');
		const created = assertJson(await c.staff.api('POST', '/meetings', { body: {
			title_ru: 'Видеомост Москва — Минск — Харбин', title_en: 'Moscow — Minsk — Harbin video bridge',
			format: 'video', timezone: 'Europe/Moscow', starts_at: '2030-03-04T03:00:00Z', duration: 90,
			participants: [
				{ role: 'host', organization_id: c.staff.user.organization.id },
				{ role: 'participant', organization_id: minsk },
				{ role: 'speaker', organization_id: harbin },
				{ role: 'observer', name_en: 'Klara Weber', name_ru: 'Клара Вебер', country_code: 'DE', email: GUEST },
			],
		} }), 201);
		const id = created.id;
		const participants = created.participants;
		assert.equal(participants[3].email, GUEST, 'the hosts see the address');

		// Minsk, in Russian, its own clock (Europe/Minsk: 06:00)
		const ru = await sink.next((m) => m.rcpt_tos.includes(MINSK) && /Приглашение/.test(m.headers.subject), 'the Minsk invitation');
		assert.match(ru.headers.subject, /Приглашение: Видеомост Москва — Минск — Харбин, 2030-03-04 06:00/);
		assert.match(textPart(ru).content, /Начало: 2030-03-04 06:00 \(Europe\/Minsk, UTC\+03:00\)/);
		assert.match(textPart(ru).content, new RegExp(`Подключиться к видеовстрече: http://\\S+/meetings/${id}/room`));
		const ev = invitation(ru, 'REQUEST');
		assert.match(ev.uid, new RegExp(`^meeting-${id}-[0-9a-f]{16}@`), ev.uid);
		assert.equal(ev.sequence, 0);
		assert.equal(ev.summary, 'Видеомост Москва — Минск — Харбин');
		assert.equal(ev.tzid, 'Europe/Moscow');
		assert.equal(ev.dtstart, '2030-03-04T06:00:00+03:00');
		assert.equal(ev.organizer, 'mailto:staff@pobratim.demo');
		assert.match(ev.location, new RegExp(`/meetings/${id}/room$`));
		assert.match(ev.conference, new RegExp(`/meetings/${id}/room$`));
		const who = Object.fromEntries(ev.attendees.map((a) => [a.address, a]));
		assert.equal(who[`mailto:${MINSK}`].partstat, 'NEEDS-ACTION');
		assert.equal(who[`mailto:${MINSK}`].role, 'REQ-PARTICIPANT');
		assert.equal(who[`mailto:${HARBIN}`].partstat, 'NEEDS-ACTION');
		assert.equal(who[`mailto:${GUEST}`].role, 'OPT-PARTICIPANT');
		assert.equal(who[`mailto:${GUEST}`].cn, 'Klara Weber');
		assert.ok(!JSON.stringify(ev).includes('.invalid'), 'no made-up addresses');
		assert.equal(who['mailto:staff@pobratim.demo'], undefined, 'the organizer is not an attendee');

		// Harbin, in English, on Harbin's clock (Asia/Shanghai: 11:00)
		const en = await sink.next((m) => m.rcpt_tos.includes(HARBIN), 'the Harbin invitation');
		assert.match(en.headers.subject, /^Invitation: Moscow — Minsk — Harbin video bridge, 2030-03-04 11:00/);
		assert.match(textPart(en).content, /Starts: 2030-03-04 11:00 \(Asia\/Shanghai, UTC\+08:00\)/);
		assert.equal(invitation(en, 'REQUEST').uid, ev.uid);
		assert.equal(invitation(en, 'REQUEST').summary, 'Moscow — Minsk — Harbin video bridge');

		// the guest: English (DE), a guest link of their own in the text and the calendar
		const g = await sink.next((m) => m.rcpt_tos.includes(GUEST), 'the guest invitation');
		const link = textPart(g).content.match(new RegExp(`http://\\S+/meetings/${id}/room\\?guest=[A-Za-z0-9_-]+`));
		assert.ok(link, textPart(g).content);
		assert.equal(invitation(g, 'REQUEST').conference, link[0]);
		const links = assertJson(await c.staff.api('GET', `/meetings/${id}/guest-links`), 200).items;
		assert.equal(links.filter((l) => l.name === 'Klara Weber' && l.status === 'active').length, 1);

		// the list on the meeting page, for its hosts: everyone, sent
		const list = await until(async () => {
			const r = assertJson(await c.staff.api('GET', `/meetings/${id}/invitations`), 200);
			return r.items.length >= 4 && r.items.every((i) => i.status === 'sent') && r;
		}, 'every invitation sent');
		assert.equal(list.uid, ev.uid);
		assert.equal(list.sequence, 0);
		const emails = list.items.map((i) => i.email).sort();
		assert.ok(emails.includes(MINSK) && emails.includes(HARBIN) && emails.includes(GUEST), emails.join());
		assert.ok(!emails.includes(DEMO.staff), 'not the organizer');
		// the guest's mail held a way in: its bodies and calendar are gone from the outbox once sent
		const box = assertJson(await c.admin.api('GET', '/mail/outbox?limit=50'), 200).items;
		const gm = box.find((m) => m.to === GUEST);
		assert.equal(gm.status, 'sent');
		const db = sqlite(srv.db, `SELECT body_text || '|' || COALESCE(body_html, '') || '|' ||
			(SELECT group_concat(content) FROM mail_attachments WHERE mail_id = ${gm.id}) FROM mail_outbox WHERE id = ${gm.id}`);
		assert.equal(db.trim(), '||', 'cleared');
		const gi = list.items.find((i) => i.email === GUEST);
		assert.equal(gi.guest, true);
		assert.equal(gi.method, 'REQUEST');
		assert.ok(gi.sent_at >= gi.queued_at);
		// refusals: not a host of this meeting, a role the route does not take, no session
		assertProblem(await c.partner.api('GET', `/meetings/${id}/invitations`), 403, 'forbidden');
		assertProblem(await c.corr.api('GET', `/meetings/${id}/invitations`), 403, 'forbidden');
		assertProblem(await srv.api('GET', `/meetings/${id}/invitations`), 401, 'unauthenticated');

		// the download: the same UID and SEQUENCE, no CONFERENCE made up
		const dl = await c.staff.api('GET', `/meetings/${id}.ics`);
		const dev = parseIcal(dl.text).events[0];
		assert.equal(parseIcal(dl.text).method, 'PUBLISH');
		assert.equal(dev.uid, ev.uid);
		assert.equal(dev.sequence, 0);

		// minutes only: nothing a calendar shows, no mail
		const before = sink.messages.length;
		assertJson(await c.staff.api('PATCH', `/meetings/${id}`, { body: { minutes_en: 'Notes' } }), 200);
		// moved an hour later: the same UID, SEQUENCE 1, to everyone
		assertJson(await c.staff.api('PATCH', `/meetings/${id}`, { body: { starts_at: '2030-03-04T04:00:00Z' } }), 200);
		const upd = await sink.next((m) => m.rcpt_tos.includes(MINSK) && sink.messages.indexOf(m) >= before,
			'the update to Minsk');
		const uev = invitation(upd, 'REQUEST');
		assert.equal(uev.uid, ev.uid);
		assert.equal(uev.sequence, 1);
		assert.equal(uev.dtstart, '2030-03-04T07:00:00+03:00');
		assert.match(textPart(upd).content, /Встреча изменилась/);
		const harbinUpd = await sink.next((m) => m.rcpt_tos.includes(HARBIN) && sink.messages.indexOf(m) >= before,
			'the update to Harbin');
		assert.equal(invitation(harbinUpd, 'REQUEST').sequence, 1);
		assert.equal(sink.messages.slice(before).filter((m) => m.rcpt_tos.includes(MINSK)).length, 1,
			'the minutes sent nothing');
		const dl1 = parseIcal((await c.staff.api('GET', `/meetings/${id}.ics`)).text).events[0];
		assert.equal(dl1.sequence, 1, 'the download follows');

		// the guest struck off: a CANCEL to them, their link revoked
		const parts = assertJson(await c.staff.api('GET', `/meetings/${id}`), 200).participants.slice(0, 3)
			.map((p) => ({ role: p.role, organization_id: p.organization.id }));
		const mark = sink.messages.length;
		assertJson(await c.staff.api('PATCH', `/meetings/${id}`, { body: { participants: parts } }), 200);
		const gone = await sink.next((m) => m.rcpt_tos.includes(GUEST) && sink.messages.indexOf(m) >= mark,
			'the cancellation to the guest');
		const gev = invitation(gone, 'CANCEL');
		assert.equal(gev.uid, ev.uid);
		assert.equal(gev.sequence, 2);
		assert.equal(gev.status, 'CANCELLED');
		const after = assertJson(await c.staff.api('GET', `/meetings/${id}/guest-links`), 200).items;
		assert.equal(after.filter((l) => l.status === 'active').length, 0, 'the guest link is revoked');

		// cancelled: METHOD:CANCEL with the same UID to those still invited
		const mark2 = sink.messages.length;
		assertJson(await c.staff.api('PATCH', `/meetings/${id}`, { body: { status: 'cancelled' } }), 200);
		const cancel = await sink.next((m) => m.rcpt_tos.includes(HARBIN) && sink.messages.indexOf(m) >= mark2,
			'the cancellation to Harbin');
		const cev = invitation(cancel, 'CANCEL');
		assert.equal(cev.uid, ev.uid);
		assert.equal(cev.sequence, 3);
		assert.match(cancel.headers.subject, /^Cancelled: /);
		const ruCancel = await sink.next((m) => m.rcpt_tos.includes(MINSK) && sink.messages.indexOf(m) >= mark2,
			'the cancellation to Minsk');
		assert.match(ruCancel.headers.subject, /^Отменено: /);
		assert.equal(sink.messages.slice(mark2).filter((m) => m.rcpt_tos.includes(GUEST)).length, 0,
			'the guest, cancelled already, hears nothing more');
	} finally {
		await srv.stop();
		await sink.stop();
	}
});

test('an in-person meeting: no CONFERENCE, no room link; deleting one cancels it', async () => {
	const sink = await startSink();
	const srv = await startServer({ args: smtpArgs(sink.port) });
	try {
		const c = await signInAll(srv, { staff: DEMO.staff, admin: DEMO.admin });
		const minsk = await orgId(c.admin, 'Minsk City Executive');
		const m = assertJson(await c.staff.api('POST', '/meetings', { body: {
			title_ru: 'Переговоры в Минске', title_en: 'Talks in Minsk', format: 'in_person',
			timezone: 'Europe/Minsk', starts_at: '2030-05-12T07:00:00Z', duration: 120,
			participants: [{ role: 'participant', organization_id: minsk }],
		} }), 201);
		const inv = await sink.next((x) => x.rcpt_tos.includes(MINSK), 'the invitation');
		const ev = invitation(inv, 'REQUEST');
		assert.equal(ev.conference, null);
		assert.equal(ev.location, null);
		assert.doesNotMatch(textPart(inv).content, /\/room/);
		assert.doesNotMatch(calendarPart(inv).content, /CONFERENCE/);
		assert.equal(ev.dtstart, '2030-05-12T10:00:00+03:00');

		const r = await c.staff.api('DELETE', `/meetings/${m.id}`);
		assert.equal(r.status, 204);
		const cancel = await sink.next((x) => x.rcpt_tos.includes(MINSK) && /Отменено/.test(x.headers.subject),
			'the cancellation of a deleted meeting');
		const cev = invitation(cancel, 'CANCEL');
		assert.equal(cev.uid, ev.uid);
		assert.equal(cev.sequence, 1);

		// a draft invites nobody
		const before = sink.messages.length;
		assertJson(await c.staff.api('POST', '/meetings', { body: {
			title_ru: 'Черновик', title_en: 'Draft', format: 'video', status: 'draft',
			timezone: 'Europe/Moscow', starts_at: '2030-05-13T07:00:00Z', duration: 60,
			participants: [{ role: 'participant', organization_id: minsk }],
		} }), 201);
		const list = assertJson(await c.admin.api("GET", "/mail/outbox?limit=50"), 200).items;
		assert.equal(list.filter((x) => x.subject.includes('Черновик')).length, 0);
		assert.equal(sink.messages.length, before);
	} finally {
		await srv.stop();
		await sink.stop();
	}
});

test('the mail server down for a while: invitations wait in the outbox, listed as queued, then all arrive once', async () => {
	const port = await freePort();	/* nobody listens there yet */
	const srv = await startServer({ args: smtpArgs(port) });
	let sink;
	try {
		const c = await signInAll(srv, { staff: DEMO.staff, admin: DEMO.admin });
		const parts = [{ role: 'participant', organization_id: await orgId(c.admin, 'Minsk City Executive') },
			{ role: 'participant', organization_id: await orgId(c.admin, 'Harbin') },
			{ role: 'observer', name_en: 'Klara Weber', country_code: 'DE', email: GUEST }];
		const id = assertJson(await c.staff.api('POST', '/meetings', { body: {
			title_ru: 'Связь пропала', title_en: 'The line is down', format: 'video', timezone: 'Europe/Moscow',
			starts_at: '2030-06-01T07:00:00Z', duration: 60, participants: parts } }), 201).id;
		// tried and put off: queued, with the error, on the meeting page
		const waiting = await until(async () => {
			const r = assertJson(await c.staff.api('GET', `/meetings/${id}/invitations`), 200);
			return r.items.length === 3 && r.items.every((i) => ['queued', 'sending'].includes(i.status)) &&
				r.items.some((i) => i.error !== null) && r;
		}, 'the invitations tried while the server is down');
		assert.ok(waiting.items.every((i) => i.sent_at === null));
		sink = await startSink({ port });
		for (const to of [MINSK, HARBIN, GUEST])
			await sink.next((m) => m.rcpt_tos.includes(to), `the invitation to ${to}`, 60000);
		await until(async () => assertJson(await c.staff.api('GET', `/meetings/${id}/invitations`), 200).items
			.every((i) => i.status === 'sent'), 'all listed as sent', 30000);
		for (const to of [MINSK, HARBIN, GUEST])
			assert.equal(sink.to(to).length, 1, `${to}: once`);
	} finally {
		await srv.stop();
		await sink?.stop();
	}
});
