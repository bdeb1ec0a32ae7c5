// Open WebSockets keep no rights they have lost (issue 12, item 6). Signing
// out closes that session's sockets (4401), a role change closes the user's
// sockets (4403: the client reconnects with its new rights), removing a city
// from a meeting takes its people out of the room at once (room.removed, the
// socket stays), and a change no socket is closed for — an organization
// moving to another city — is seen by the next room message, which re-checks
// the caller's rights when a rights generation moved.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { DEMO, assertJson, signInAll, startServer } from './lib/server.mjs';
import { wsConnect } from './lib/ws.mjs';

let srv;
const c = {};
let minsk;
let harbin;

before(async () => {
	srv = await startServer();
	Object.assign(c, await signInAll(srv, DEMO));
	minsk = assertJson(await srv.api('GET', '/cities?q=Minsk&limit=1'), 200).items[0].id;
	harbin = assertJson(await srv.api('GET', '/cities?q=Harbin&limit=1'), 200).items[0].id;
});
after(async () => { await srv?.stop(); });

const open = (who) => wsConnect(srv.port, { cookie: who?.cookie });

/* A bound for waiting on what must happen (the test fails past it, never sleeps it out). */
function within(promise, what, ms = 15000) {
	let timer;
	const late = new Promise((_, reject) => {
		timer = setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms);
	});
	return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

async function newMeeting(extra = {}) {
	const r = await c.staff.api('POST', '/meetings', { body: {
		title_ru: 'Права в комнате', title_en: 'Rights in the room', format: 'video',
		timezone: 'Europe/Moscow', starts_at: '2026-12-07T08:00:00Z', duration: 60,
		participants: [
			{ role: 'host', organization_id: c.staff.user.organization.id },
			{ role: 'participant', city_id: minsk },
		],
		...extra,
	} });
	assert.equal(r.status, 201, r.text);
	return r.json.id;
}

async function join(ws, meeting) {
	ws.send({ type: 'room.join', meeting });
	return ws.next((m) => m.type === 'room.joined' || m.type === 'error' || m.type === 'room.lobby');
}

let unique = 0;
/* A throwaway account, signed in: { client, id }. */
async function account(role, organization_id) {
	const email = `rights-${++unique}@pobratim.test`;
	const u = assertJson(await c.admin.api('POST', '/users', { body: { email, name: `Rights ${unique}`,
		password: 'long-enough-pw', role, organization_id } }), 201);
	const client = await srv.client().signIn(email, 'long-enough-pw');
	return { client, id: u.id };
}

test('signing out closes that session\'s sockets with 4401; another session of the same user keeps its own', async () => {
	const id = await newMeeting();
	const one = await srv.client().signIn(DEMO.partner);
	const two = await srv.client().signIn(DEMO.partner);
	const ws1 = await open(one);
	const ws2 = await open(two);
	assert.equal((await join(ws1, id)).type, 'room.joined');

	assert.equal((await one.api('DELETE', '/session')).status, 204);
	const closed = await within(ws1.closed, 'the signed-out socket closes');
	assert.equal(closed.code, 4401);

	/* the other session is untouched: it pings and enters */
	ws2.send({ type: 'ping', ref: 7 });
	assert.equal((await ws2.next('pong')).ref, 7);
	assert.equal((await join(ws2, id)).type, 'room.joined');
	await ws2.close();
});

test('an admin demoted to correspondent: their sockets close with 4403, and the new one is no host and not invited', async () => {
	const id = await newMeeting();
	/* an organization that takes no part: only an admin enters (as a host) */
	const x = await account('admin', c.correspondent.user.organization.id);
	const ws = await open(x.client);
	assert.equal(ws.welcome.user.role, 'admin');

	assertJson(await c.admin.api('PATCH', `/users/${x.id}`, { body: { role: 'correspondent' } }), 200);
	const closed = await within(ws.closed, 'the demoted user\'s socket closes');
	assert.equal(closed.code, 4403);

	const again = await open(x.client);
	assert.equal(again.welcome.user.role, 'correspondent');
	const r = await join(again, id);
	assert.equal(r.code, 'not_invited', JSON.stringify(r));
	again.send({ type: 'room.control', meeting: id, action: 'lock' });
	assert.equal((await again.next('error')).code, 'not_in_room');
	await again.close();
});

test('a host demoted while in the room leaves it at once; the room stays unlocked', async () => {
	const id = await newMeeting();
	const x = await account('admin', c.correspondent.user.organization.id);
	const ws = await open(x.client);
	const joined = await join(ws, id);
	assert.equal(joined.host, true, JSON.stringify(joined));
	const host = await open(c.staff);
	assert.equal((await join(host, id)).type, 'room.joined');

	assertJson(await c.admin.api('PATCH', `/users/${x.id}`, { body: { role: 'correspondent' } }), 200);
	assert.equal((await within(ws.closed, 'the demoted host\'s socket closes')).code, 4403);
	await host.next((m) => m.type === 'event' && m.event === 'presence' &&
	    m.data.participants.every((p) => p.user !== x.id));
	await host.close();
});

test('removing a city from a meeting takes its people out of the room at once; their socket stays open', async () => {
	const id = await newMeeting();
	const host = await open(c.staff);
	const partner = await open(c.partner);
	assert.equal((await join(host, id)).type, 'room.joined');
	assert.equal((await join(partner, id)).type, 'room.joined');

	assertJson(await c.staff.api('PATCH', `/meetings/${id}`, { body: { participants: [
		{ role: 'host', organization_id: c.staff.user.organization.id },
	] } }), 200);
	const removed = await partner.next('room.removed');
	assert.deepEqual([removed.meeting, removed.reason], [id, 'not_invited']);
	await host.next((m) => m.type === 'event' && m.event === 'presence' && m.data.participants.length === 1);

	partner.send({ type: 'ping', ref: 1 });
	assert.equal((await partner.next('pong')).ref, 1, 'the socket is still open');
	partner.send({ type: 'chat', meeting: id, text: 'still here?' });
	assert.equal((await partner.next('error')).code, 'not_in_room');
	assert.equal((await join(partner, id)).code, 'not_invited');
	await partner.close();
	await host.close();
});

test('cancelling a meeting empties its room', async () => {
	const id = await newMeeting();
	const host = await open(c.staff);
	const partner = await open(c.partner);
	assert.equal((await join(host, id)).type, 'room.joined');
	assert.equal((await join(partner, id)).type, 'room.joined');
	assertJson(await c.staff.api('PATCH', `/meetings/${id}`, { body: { status: 'cancelled' } }), 200);
	for (const ws of [host, partner])
		assert.equal((await ws.next('room.removed')).reason, 'meeting_cancelled');
	await host.close();
	await partner.close();
});

/* A new meeting's room with its host and a partner account of a new Minsk organization inside. */
async function roomWithMinsker(name) {
	const id = await newMeeting();
	const org = assertJson(await c.admin.api('POST', '/organizations', { body: { kind: 'ngo',
		name_ru: `Минский ${name}`, name_en: `Minsk ${name}`, city_id: minsk } }), 201);
	const x = await account('partner', org.id);
	const host = await open(c.staff);
	const ws = await open(x.client);
	assert.equal((await join(host, id)).type, 'room.joined');
	assert.equal((await join(ws, id)).type, 'room.joined', 'a Minsk organization is invited');
	return { id, org, x, host, ws };
}

test('no socket is closed when an organization moves to another city, but the next room message sees it', async () => {
	const { id, org, host, ws } = await roomWithMinsker('fund');
	assertJson(await c.admin.api('PATCH', `/organizations/${org.id}`, { body: { city_id: harbin } }), 200);
	ws.send({ type: 'chat', meeting: id, text: 'from Harbin now' });
	const removed = await ws.next('room.removed');
	assert.equal(removed.reason, 'not_invited');
	assert.equal((await ws.next('error')).code, 'not_in_room', 'the chat is refused');
	await host.next((m) => m.type === 'event' && m.event === 'presence' && m.data.participants.length === 1);
	assert.ok(!host.messages.some((m) => m.type === 'event' && m.event === 'chat'), 'nobody got the chat');
	await ws.close();
	await host.close();
});

test('disabling a user takes them out of the room: the others see them go', async () => {
	const { x, host, ws } = await roomWithMinsker('union');
	assertJson(await c.admin.api('PATCH', `/users/${x.id}`, { body: { disabled: true } }), 200);
	assert.equal((await within(ws.closed, 'the disabled user\'s socket closes')).code, 4401);
	await host.next((m) => m.type === 'event' && m.event === 'presence' && m.data.participants.length === 1);
	await host.close();
});
