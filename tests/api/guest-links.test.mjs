// Guest links of live meeting rooms (issue 12, item 12): one person at a time
// unless the host allows more, listed and revoked by the meeting's hosts (a
// revoked link's guest leaves the room at once), dead once the meeting is held.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { DEMO, assertJson, assertProblem, signInAll, startServer } from './lib/server.mjs';
import { wsConnect } from './lib/ws.mjs';

let srv;
const c = {};
let minsk;

before(async () => {
	srv = await startServer();
	Object.assign(c, await signInAll(srv, { ...DEMO, krasnodar: 'staff.krasnodar@pobratim.demo' }));
	minsk = assertJson(await srv.api('GET', '/cities?q=Minsk&limit=1'), 200).items[0].id;
});
after(async () => { await srv?.stop(); });

async function newMeeting() {
	const r = await c.staff.api('POST', '/meetings', { body: {
		title_ru: 'Гости', title_en: 'Guests', format: 'hybrid', timezone: 'Europe/Moscow',
		starts_at: '2026-12-07T08:00:00Z', duration: 60,
		participants: [{ role: 'host', organization_id: c.staff.user.organization.id },
			{ role: 'participant', city_id: minsk }],
	} });
	assert.equal(r.status, 201, r.text);
	return r.json.id;
}

const link = async (id, body) => assertJson(await c.staff.api('POST', `/meetings/${id}/guest-links`,
    { body: { name: 'Гость', ...body } }), 201);
const links = async (id) => assertJson(await c.staff.api('GET', `/meetings/${id}/guest-links`), 200).items;

/* A connection that sent room.join: its answer in ws.joined. */
async function join(id, extra = {}, who = null) {
	const ws = await wsConnect(srv.port, { cookie: who?.cookie });
	ws.send({ type: 'room.join', meeting: id, ...extra });
	ws.joined = await ws.next((m) => ['room.joined', 'room.lobby', 'error'].includes(m.type));
	return ws;
}

const lobbyOf = (n) => (m) => m.type === 'event' && m.event === 'lobby' && m.data.waiting.length === n;
const presenceOf = (n) => (m) => m.type === 'event' && m.event === 'presence' && m.data.participants.length === n;

/* A guest with token, admitted by host (the only one waiting): its connection, in the room. */
async function admitted(id, host, token) {
	const guest = await join(id, { guest: token });
	assert.equal(guest.joined.type, 'room.lobby', JSON.stringify(guest.joined));
	const w = await host.next(lobbyOf(1));
	host.send({ type: 'room.control', meeting: id, action: 'admit', conn: w.data.waiting[0].conn });
	await guest.next('room.joined');
	return guest;
}

test('the hosts list their links (never the tokens); others may not', async () => {
	const id = await newMeeting();
	assert.deepEqual(await links(id), []);
	const one = await link(id, { name: 'Переводчик' });
	assert.equal(one.max_guests, 1);
	assert.equal(one.status, 'active');
	const shared = await link(id, { name: 'Делегация Харбина', max_guests: 5, hours: 2 });
	const list = await links(id);
	assert.deepEqual(list.map((l) => [l.id, l.name, l.max_guests, l.status, l.uses, l.in_room]),
	    [[one.id, 'Переводчик', 1, 'active', 0, 0], [shared.id, 'Делегация Харбина', 5, 'active', 0, 0]]);
	assert.equal(list[0].created_by, c.staff.user.name);
	assert.equal(list[0].revoked_at, null);
	assert.ok(!JSON.stringify(list).includes(one.token), 'no token in the list');
	assert.ok(Date.parse(list[1].expires_at) < Date.parse(list[0].expires_at), '2 h before 24 h');
	assertJson(await c.admin.api('GET', `/meetings/${id}/guest-links`), 200);

	assertProblem(await c.partner.api('GET', `/meetings/${id}/guest-links`), 403, 'forbidden');
	assertProblem(await c.krasnodar.api('GET', `/meetings/${id}/guest-links`), 403, 'forbidden');
	assertProblem(await c.correspondent.api('GET', `/meetings/${id}/guest-links`), 403, 'forbidden');
	assertProblem(await c.partner.api('DELETE', `/meetings/${id}/guest-links/${one.id}`), 403, 'forbidden');
	for (const max_guests of [0, 51, 'two'])
		assertProblem(await c.staff.api('POST', `/meetings/${id}/guest-links`, { body: { name: 'X', max_guests } }),
		    400, 'validation_failed');
	// the press and the public only receive: a listener link admits up to 1000 at once, a speaker link 50
	const press = await link(id, { name: 'Пресса', max_guests: 1000, role: 'listener' });
	assert.deepEqual([press.max_guests, press.role], [1000, 'listener']);
	for (const [max_guests, role] of [[51, 'speaker'], [1001, 'listener']]) {
		const p = assertProblem(await c.staff.api('POST', `/meetings/${id}/guest-links`,
			{ body: { name: 'X', max_guests, role } }), 400, 'validation_failed');
		assert.deepEqual(p.errors.map((e) => [e.field, e.code]), [['max_guests', 'out_of_range']]);
	}
});

test('one person per link: a second device waits for the first to leave; a shared link admits its number', async () => {
	const id = await newMeeting();
	const host = await join(id, {}, c.staff);
	const one = await link(id);
	const first = await join(id, { guest: one.token });
	assert.equal(first.joined.type, 'room.lobby');
	const second = await join(id, { guest: one.token });
	assert.equal(second.joined.code, 'guest_link_in_use', JSON.stringify(second.joined));
	assert.match(second.joined.message, /already/);
	assert.equal((await links(id))[0].in_room, 1);

	/* admitted, still one: the link counts the room and the lobby alike */
	const w = await host.next(lobbyOf(1));
	host.send({ type: 'room.control', meeting: id, action: 'admit', conn: w.data.waiting[0].conn });
	await first.next('room.joined');
	second.send({ type: 'room.join', meeting: id, guest: one.token });
	assert.equal((await second.next('error')).code, 'guest_link_in_use');

	/* the first leaves: the second may come */
	first.send({ type: 'room.leave', meeting: id });
	await first.next('room.left');
	second.send({ type: 'room.join', meeting: id, guest: one.token });
	assert.equal((await second.next('room.lobby')).meeting, id);
	const used = (await links(id))[0];
	assert.deepEqual([used.uses, used.in_room], [1, 1]);
	assert.ok(used.first_used_at && used.last_used_at);

	const shared = await link(id, { name: 'Делегация', max_guests: 2 });
	const a = await join(id, { guest: shared.token });
	const b = await join(id, { guest: shared.token });
	const cc = await join(id, { guest: shared.token });
	assert.deepEqual([a.joined.type, b.joined.type, cc.joined.code], ['room.lobby', 'room.lobby', 'guest_link_in_use']);
	for (const ws of [host, first, second, a, b, cc])
		await ws.close();
});

test('revoking a link takes its guests out of the room and the lobby at once; it admits nobody after', async () => {
	const id = await newMeeting();
	const other = await newMeeting();
	const host = await join(id, {}, c.staff);
	const one = await link(id, { name: 'Эксперт' });
	const shared = await link(id, { name: 'Делегация', max_guests: 3 });
	const inside = await admitted(id, host, one.token);
	await host.next(presenceOf(2));
	const waiting = await join(id, { guest: shared.token });
	assert.equal(waiting.joined.type, 'room.lobby');

	assert.equal((await c.staff.api('DELETE', `/meetings/${id}/guest-links/${one.id}`)).status, 204);
	const removed = await inside.next('room.removed');
	assert.deepEqual([removed.meeting, removed.reason], [id, 'guest_link_revoked']);
	await host.next(presenceOf(1));
	inside.send({ type: 'chat', meeting: id, text: 'still here?' });
	assert.equal((await inside.next('error')).code, 'not_in_room');
	assert.equal((await join(id, { guest: one.token })).joined.code, 'guest_link_revoked');

	assert.equal((await c.admin.api('DELETE', `/meetings/${id}/guest-links/${shared.id}`)).status, 204);
	assert.equal((await waiting.next('room.removed')).reason, 'guest_link_revoked');
	await host.next(lobbyOf(0));

	const list = await links(id);
	assert.deepEqual(list.map((l) => [l.status, l.revoked_by]), [['revoked', c.staff.user.name],
	    ['revoked', c.admin.user.name]]);
	assert.equal(list[0].uses, 1);
	/* again: nothing changes; another meeting's link or none at all: 404 */
	assert.equal((await c.staff.api('DELETE', `/meetings/${id}/guest-links/${one.id}`)).status, 204);
	assert.equal((await links(id))[0].revoked_by, c.staff.user.name);
	assertProblem(await c.staff.api('DELETE', `/meetings/${other}/guest-links/${one.id}`), 404, 'not_found');
	assertProblem(await c.staff.api('DELETE', `/meetings/${id}/guest-links/999999`), 404, 'not_found');
	for (const ws of [host, inside, waiting])
		await ws.close();
});

test('a held meeting\'s links are dead, also if its status is moved back', async () => {
	const id = await newMeeting();
	const host = await join(id, {}, c.staff);
	const one = await link(id);
	const guest = await join(id, { guest: one.token });
	assert.equal(guest.joined.type, 'room.lobby');
	host.send({ type: 'room.control', meeting: id, action: 'end' });
	await host.next('room.done');
	assert.equal((await guest.next('room.denied')).meeting, id);
	assert.equal((await join(id, { guest: one.token })).joined.code, 'guest_link_expired');
	assert.equal((await links(id))[0].status, 'expired');
	assertProblem(await c.staff.api('POST', `/meetings/${id}/guest-links`, { body: { name: 'X' } }), 409, 'meeting_ended');

	assertJson(await c.staff.api('PATCH', `/meetings/${id}`, { body: { status: 'scheduled' } }), 200);
	assert.equal((await join(id, { guest: one.token })).joined.code, 'guest_link_expired', 'still dead');
	const fresh = await link(id);
	assert.equal((await join(id, { guest: fresh.token })).joined.type, 'room.lobby', 'a new link works');
	await host.close();
	await guest.close();
});

test('marking a meeting held over HTTP takes its guests out and kills their links', async () => {
	const id = await newMeeting();
	const host = await join(id, {}, c.staff);
	const guest = await admitted(id, host, (await link(id)).token);
	assertJson(await c.staff.api('PATCH', `/meetings/${id}`, { body: { status: 'held' } }), 200);
	assert.equal((await guest.next('room.removed')).reason, 'guest_link_expired');
	assert.equal((await host.next('room.removed')).reason, 'meeting_ended');
	assert.equal((await links(id))[0].status, 'expired');
	await host.close();
	await guest.close();
});
