// Meetings with named people (issue 15, items 2 and 4), through the real
// server, database and a real SMTP server on loopback: people of the people
// table and guests by address as invitees; a meeting's title, time, format
// and invitees changed after it is scheduled, with its history and updated
// invitations (the same UID, SEQUENCE raised; CANCEL to those struck off);
// action items owned by a person and "my tasks"; the upcoming and past
// lists. Refusals too.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { DEMO, assertJson, assertProblem, signInAll, startServer } from './lib/server.mjs';
import { calendarPart, parseIcal, smtpArgs, startSink } from './lib/smtp.mjs';

const GUEST = 'l.rossi@milano.example';
const GUEST2 = 'k.weber@duesseldorf.example';

function event(m, method) {
	const cal = calendarPart(m);
	assert.equal(cal.params.method, method);
	const ics = parseIcal(cal.content);
	assert.equal(ics.events.length, 1);
	return ics.events[0];
}

async function person(client, body) {
	return assertJson(await client.api('POST', '/people', { body }), 201);
}

test('invitees are people and guests; edits keep a history and send updated invitations', async () => {
	const sink = await startSink();
	const srv = await startServer({ args: smtpArgs(sink.port) });
	try {
		const c = await signInAll(srv, { staff: DEMO.staff, partner: DEMO.partner, corr: DEMO.correspondent,
			admin: DEMO.admin });
		const minskOrg = c.partner.user.organization.id;
		const belova = await person(c.staff, { name_ru: 'Анна Белова', name_en: 'Anna Belova',
			post_ru: 'советник', post_en: 'Adviser', organization_id: minskOrg, email: 'a.belova@minsk.example' });
		const orlov = await person(c.staff, { name_ru: 'Олег Орлов', name_en: 'Oleg Orlov',
			organization_id: minskOrg, email: 'o.orlov@minsk.example' });

		const created = assertJson(await c.staff.api('POST', '/meetings', { body: {
			title_ru: 'Совещание по обмену', title_en: 'Exchange meeting', format: 'video',
			timezone: 'Europe/Moscow', starts_at: '2031-05-06T07:00:00Z', duration: 60,
			participants: [
				{ role: 'host', organization_id: c.staff.user.organization.id },
				{ role: 'participant', organization_id: minskOrg },
				{ role: 'speaker', person_id: belova.id },
				{ role: 'observer', email: GUEST },
			],
		} }), 201);
		const id = created.id;
		const p = created.participants[2];
		assert.equal(p.kind, 'person');
		assert.equal(p.person_id, belova.id);
		assert.equal(p.name_en, 'Anna Belova');
		assert.equal(p.post_ru, 'советник');
		assert.equal(p.organization, null, 'the row names no organization of its own');
		assert.equal(p.email, 'a.belova@minsk.example', 'the hosts see the person\'s address');
		assert.equal(created.participants[3].email, GUEST);
		assert.deepEqual(created.changes, [], 'no history yet');

		// the person and the guest are invited by mail
		const inv = await sink.next((m) => m.rcpt_tos.includes('a.belova@minsk.example'), 'the person\'s invitation');
		const ev = event(inv, 'REQUEST');
		assert.equal(ev.sequence, 0);
		await sink.next((m) => m.rcpt_tos.includes(GUEST), 'the guest\'s invitation');

		// an edit: title, time, format, invitees (Belova out, Orlov and a second guest in)
		const mark = sink.messages.length;
		const parts = [
			{ role: 'host', organization_id: c.staff.user.organization.id },
			{ role: 'participant', organization_id: minskOrg },
			{ role: 'speaker', person_id: orlov.id },
			{ role: 'observer', email: GUEST },
			{ role: 'participant', email: GUEST2 },
		];
		const edited = assertJson(await c.staff.api('PATCH', `/meetings/${id}`, { body: {
			title_ru: 'Совещание по обмену опытом', title_en: 'Exchange of experience', format: 'hybrid',
			starts_at: '2031-05-06T08:30:00Z', duration: 90, participants: parts,
		} }), 200);
		assert.equal(edited.title_en, 'Exchange of experience');
		assert.equal(edited.format, 'hybrid');
		assert.equal(edited.starts_at, '2031-05-06T08:30:00Z');
		assert.equal(edited.participants[2].name_ru, 'Олег Орлов');
		const fields = Object.fromEntries(edited.changes.map((x) => [x.field, x]));
		assert.deepEqual(Object.keys(fields).sort(),
			['duration', 'format', 'participants', 'starts_at', 'title_en', 'title_ru']);
		assert.equal(fields.title_en.old, 'Exchange meeting');
		assert.equal(fields.title_en.new, 'Exchange of experience');
		assert.equal(fields.starts_at.old, '2031-05-06T07:00:00Z');
		assert.equal(fields.starts_at.new, '2031-05-06T08:30:00Z');
		assert.equal(fields.format.old, 'video');
		assert.equal(fields.duration.new, '90');
		assert.match(fields.participants.old, /Анна Белова\tAnna Belova/);
		assert.doesNotMatch(fields.participants.new, /Belova/);
		assert.match(fields.participants.new, /Олег Орлов\tOleg Orlov/);
		assert.match(fields.participants.new, new RegExp(GUEST2.replace(/\./g, '\\.')));
		const who = edited.changes.map((x) => [x.changed_by, x.changed_at]);
		assert.ok(who.every(([b, at]) => b === who[0][0] && at === who[0][1]), 'one save: one author, one time');
		assert.equal(typeof who[0][0], 'string');

		// the updated invitations: the same UID, SEQUENCE 1; a CANCEL to Belova; a first one to Orlov
		const upd = await sink.next((m) => m.rcpt_tos.includes(GUEST) && sink.messages.indexOf(m) >= mark, 'the guest\'s update');
		const uev = event(upd, 'REQUEST');
		assert.equal(uev.uid, ev.uid);
		assert.equal(uev.sequence, 1);
		assert.equal(uev.summary, 'Exchange of experience');
		assert.equal(Date.parse(uev.dtstart), Date.parse('2031-05-06T08:30:00Z'));
		const gone = await sink.next((m) => m.rcpt_tos.includes('a.belova@minsk.example') &&
			sink.messages.indexOf(m) >= mark, 'Belova\'s cancellation');
		assert.equal(event(gone, 'CANCEL').uid, ev.uid);
		const orl = await sink.next((m) => m.rcpt_tos.includes('o.orlov@minsk.example'), 'Orlov\'s invitation');
		assert.equal(event(orl, 'REQUEST').uid, ev.uid);
		await sink.next((m) => m.rcpt_tos.includes(GUEST2), 'the second guest\'s invitation');

		// minutes alone change nothing the history keeps
		const again = assertJson(await c.staff.api('PATCH', `/meetings/${id}`, { body: { minutes_en: 'Notes' } }), 200);
		assert.equal(again.changes.length, edited.changes.length);
		// the recurrence is in the history too
		const rec = assertJson(await c.staff.api('PATCH', `/meetings/${id}`, { body: { rrule: 'FREQ=WEEKLY;COUNT=4' } }), 200);
		assert.equal(rec.changes[0].field, 'rrule');
		assert.equal(rec.changes[0].old, null);
		assert.match(rec.changes[0].new, /FREQ=WEEKLY/);

		// a partner taking part sees the meeting and its people, not its history nor addresses
		const seen = assertJson(await c.partner.api('GET', `/meetings/${id}`), 200);
		assert.equal(seen.changes, undefined);
		assert.equal(seen.participants[2].name_en, 'Oleg Orlov');
		assert.ok(seen.participants.every((x) => !('email' in x)));

		// refusals: roles the route does not take, no session, a person that does not exist
		const body = { body: { title_en: 'Mine now' } };
		assertProblem(await c.partner.api('PATCH', `/meetings/${id}`, body), 403, 'forbidden');
		assertProblem(await c.corr.api('PATCH', `/meetings/${id}`, body), 403, 'forbidden');
		assertProblem(await srv.api('PATCH', `/meetings/${id}`, body), 401, 'unauthenticated');
		const bad = assertProblem(await c.staff.api('PATCH', `/meetings/${id}`, { body: {
			participants: [{ role: 'participant', person_id: 999999 }] } }), 400, 'validation_failed');
		assert.ok(bad.errors.some((e) => e.field === 'participants[0].person_id' && e.code === 'not_found'),
			JSON.stringify(bad.errors));
		const after = assertJson(await c.staff.api('GET', `/meetings/${id}`), 200);
		assert.equal(after.title_en, 'Exchange of experience', 'nothing changed by the refusals');
		assert.equal(after.changes.length, rec.changes.length);

		// a deleted person's row keeps the name
		assert.equal((await c.staff.api('DELETE', `/people/${orlov.id}`)).status, 204);
		const kept = assertJson(await c.staff.api('GET', `/meetings/${id}`), 200).participants[2];
		assert.equal(kept.name_en, 'Oleg Orlov');
		assert.equal(kept.person_id, null);
	} finally {
		await srv.stop();
		await sink.stop();
	}
});

test('action items owned by a person; my tasks are the signed-in user\'s own', async () => {
	const srv = await startServer();
	try {
		const c = await signInAll(srv, { staff: DEMO.staff, partner: DEMO.partner, corr: DEMO.correspondent,
			admin: DEMO.admin });
		// the partner's account is the person with its address
		const me = await person(c.staff, { name_ru: 'Партнёр из Минска', name_en: 'Minsk partner',
			email: DEMO.partner.toUpperCase() });
		const other = await person(c.staff, { name_ru: 'Другой', name_en: 'Someone else', email: 'else@example.org' });
		const m = assertJson(await c.staff.api('POST', '/meetings', { body: {
			title_ru: 'Встреча', title_en: 'Meeting', format: 'in_person', timezone: 'Europe/Moscow',
			starts_at: '2031-06-01T07:00:00Z', duration: 60,
			participants: [{ role: 'host', organization_id: c.staff.user.organization.id },
				{ role: 'participant', organization_id: c.partner.user.organization.id }],
		} }), 201);
		const mine = assertJson(await c.staff.api('POST', `/meetings/${m.id}/actions`, { body: {
			text_ru: 'Прислать программу', text_en: 'Send the programme', owner_person_id: me.id,
			due_date: '2031-06-10' } }), 201);
		assert.deepEqual(mine.owner_person, { id: me.id, name_ru: 'Партнёр из Минска', name_en: 'Minsk partner' });
		assert.equal(mine.owner, null, 'no organization needed');
		const theirs = assertJson(await c.staff.api('POST', `/meetings/${m.id}/actions`, { body: {
			text_ru: 'Другое', text_en: 'Other', owner_person_id: other.id } }), 201);
		assertProblem(await c.staff.api('POST', `/meetings/${m.id}/actions`, { body: {
			text_ru: 'x', text_en: 'x', owner_person_id: 999999 } }), 400, 'validation_failed');

		const list = assertJson(await c.partner.api('GET', '/actions?mine=true'), 200).items;
		assert.deepEqual(list.map((x) => x.id), [mine.id], 'the person with my address, any case');
		assert.deepEqual(assertJson(await c.staff.api('GET', '/actions?mine=true'), 200).items, [], 'staff own none');
		const all = assertJson(await c.partner.api('GET', '/actions'), 200).items.map((x) => x.id);
		assert.ok(all.includes(mine.id) && all.includes(theirs.id));
		assertProblem(await c.partner.api('GET', '/actions?mine=yes'), 400, 'validation_failed');
		assertProblem(await srv.api('GET', '/actions?mine=true'), 401, 'unauthenticated');

		// the owner moves the status of their own item, nothing else
		assert.equal(assertJson(await c.partner.api('PATCH', `/actions/${mine.id}`, { body: { status: 'done' } }), 200)
			.status, 'done');
		assertProblem(await c.partner.api('PATCH', `/actions/${mine.id}`, { body: { text_en: 'Changed' } }), 403, 'forbidden');
		assertProblem(await c.partner.api('PATCH', `/actions/${theirs.id}`, { body: { status: 'done' } }), 403, 'forbidden');
		assertProblem(await c.corr.api('PATCH', `/actions/${mine.id}`, { body: { status: 'open' } }), 403, 'forbidden');
		assert.deepEqual(assertJson(await c.partner.api('GET', '/actions?mine=true'), 200).items, [], 'done: not open');
		// the host reassigns it
		const moved = assertJson(await c.staff.api('PATCH', `/actions/${theirs.id}`, { body: { owner_person_id: me.id } }), 200);
		assert.equal(moved.owner_person.id, me.id);
		assert.deepEqual(assertJson(await c.partner.api('GET', '/actions?mine=true'), 200).items.map((x) => x.id), [theirs.id]);
	} finally {
		await srv.stop();
	}
});

test('upcoming and past meetings: each once, soonest or latest first, within the caller\'s scope', async () => {
	const srv = await startServer();
	try {
		const c = await signInAll(srv, { staff: DEMO.staff, partner: DEMO.partner, corr: DEMO.correspondent,
			admin: DEMO.admin });
		const body = (title, starts_at, extra = {}) => ({ body: { title_ru: title, title_en: title, format: 'video',
			timezone: 'Europe/Moscow', starts_at, duration: 60,
			participants: [{ role: 'host', organization_id: c.staff.user.organization.id }], ...extra } });
		const later = assertJson(await c.staff.api('POST', '/meetings', body('Later', '2032-01-10T09:00:00Z')), 201);
		const sooner = assertJson(await c.staff.api('POST', '/meetings', body('Sooner', '2031-01-10T09:00:00Z')), 201);
		const weekly = assertJson(await c.staff.api('POST', '/meetings', body('Weekly', '2020-01-06T09:00:00Z',
			{ rrule: 'FREQ=WEEKLY' })), 201);

		const up = assertJson(await c.staff.api('GET', '/meetings?when=upcoming'), 200);
		assert.equal(up.when, 'upcoming');
		const ids = up.items.map((x) => x.id);
		assert.equal(new Set(ids).size, ids.length, 'each meeting once');
		assert.ok(ids.indexOf(weekly.id) < ids.indexOf(sooner.id) && ids.indexOf(sooner.id) < ids.indexOf(later.id),
			ids.join());
		const next = Date.parse(up.items.find((x) => x.id === weekly.id).start);
		assert.ok(next >= Date.now() - 3600e3 && next < Date.now() + 8 * 86400e3, 'the series at its next occurrence');
		for (let i = 1; i < up.items.length; i++)
			assert.ok((up.items[i - 1].start ?? up.items[i - 1].date_from) <= (up.items[i].start ?? up.items[i].date_from));

		const past = assertJson(await c.staff.api('GET', '/meetings?when=past'), 200);
		assert.equal(past.when, 'past');
		const pids = past.items.map((x) => x.id);
		assert.ok(!pids.includes(later.id) && !pids.includes(sooner.id));
		assert.ok(pids.includes(weekly.id), 'a series running since 2020 has begun');
		const seeds = past.items.filter((x) => x.id !== weekly.id);
		assert.ok(seeds.length >= 2, 'the seed meetings (2020, 2023) are past');
		assert.ok(seeds.some((x) => (x.start ?? x.date_from).startsWith('2023')));
		assert.ok(seeds.some((x) => (x.start ?? x.date_from).startsWith('2020')));
		for (let i = 1; i < seeds.length; i++)
			assert.ok((seeds[i - 1].start ?? seeds[i - 1].date_from) >= (seeds[i].start ?? seeds[i].date_from), 'latest first');

		// scope: a correspondent sees only its organization's; the staff-only meetings are not theirs
		const corr = assertJson(await c.corr.api('GET', '/meetings?when=upcoming'), 200).items.map((x) => x.id);
		assert.ok(!corr.includes(later.id) && !corr.includes(weekly.id));
		const partnerPast = assertJson(await c.partner.api('GET', '/meetings?when=past'), 200).items;
		assert.ok(partnerPast.length < past.items.length && !partnerPast.some((x) => x.id === weekly.id));

		// the seed meetings edited as the edit form sends them back: participants and history unchanged
		const input = (p) => (p.person_id ? { role: p.role, person_id: p.person_id, organization_id: p.organization?.id ?? null,
			city_id: p.city_id } : {
			role: p.role, organization_id: p.organization?.id ?? null, city_id: p.city_id,
			country_code: p.kind === 'group' ? p.country_code : null, name_ru: p.name_ru, name_en: p.name_en,
			post_ru: p.post_ru, post_en: p.post_en, label_ru: p.label_ru, label_en: p.label_en, email: p.email ?? null });
		const strip = (ps) => ps.map(({ id, ...x }) => x);
		for (const s of seeds) {
			const m = assertJson(await c.admin.api('GET', `/meetings/${s.id}`), 200);
			const r = assertJson(await c.admin.api('PATCH', `/meetings/${s.id}`, { body: { title_en: m.title_en,
				participants: m.participants.map(input) } }), 200, `meeting ${s.id}`);
			assert.deepEqual(strip(r.participants), strip(m.participants), `meeting ${s.id}`);
			assert.deepEqual(r.changes, [], `meeting ${s.id}: nothing changed`);
		}

		assertProblem(await c.staff.api('GET', '/meetings?when=soon'), 400, 'validation_failed');
		assertProblem(await c.staff.api('GET', '/meetings?when=past&from=2020-01-01'), 400, 'validation_failed');
		assertProblem(await srv.api('GET', '/meetings?when=past'), 401, 'unauthenticated');
	} finally {
		await srv.stop();
	}
});
