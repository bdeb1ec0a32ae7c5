// Live meeting rooms over /api/v1/ws: who may enter, the lobby for guests,
// signalling relayed to one peer of the same room only, chat kept with the
// meeting, presence in protocol order, hands, host controls, the meeting
// going live and held, attendance; and the bad messages.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { DEMO, assertJson, assertProblem, startServer, signInAll } from './lib/server.mjs';
import { wsConnect } from './lib/ws.mjs';

let srv;
const c = {};
let minsk;

before(async () => {
	srv = await startServer();
	Object.assign(c, await signInAll(srv, { ...DEMO, harbin: 'partner.harbin@pobratim.demo',
	    krasnodar: 'staff.krasnodar@pobratim.demo' }));
	minsk = assertJson(await srv.api('GET', '/cities?q=Minsk&limit=1'), 200).items[0].id;
});
after(async () => { await srv?.stop(); });

async function newMeeting(extra = {}) {
	const r = await c.staff.api('POST', '/meetings', { body: {
		title_ru: 'Видеоконференция Москва — Минск', title_en: 'Moscow — Minsk videoconference', format: 'video',
		timezone: 'Europe/Moscow', starts_at: '2026-12-07T08:00:00Z', duration: 60,
		participants: [
			{ role: 'host', organization_id: c.staff.user.organization.id, name_ru: 'Сергей Черёмин',
			  name_en: 'Sergey Cheryomin', post_ru: 'министр', post_en: 'Minister' },
			{ role: 'participant', city_id: minsk },
		],
		agenda: [{ title_ru: 'Открытие', title_en: 'Opening', minutes: 10 },
			{ title_ru: 'Здравоохранение', title_en: 'Health care', minutes: 30 }],
		...extra,
	} });
	assert.equal(r.status, 201, r.text);
	return r.json.id;
}

const open = (who) => wsConnect(srv.port, { cookie: who?.cookie });

async function join(who, meeting, extra = {}) {
	const ws = await open(who);
	ws.send({ type: 'room.join', meeting, ...extra });
	ws.joined = await ws.next((m) => m.type === 'room.joined' || m.type === 'error' || m.type === 'room.lobby');
	return ws;
}

const presenceWith = (n) => (m) => m.type === 'event' && m.event === 'presence' && m.data.participants.length === n;

test('host and partner enter: presence in protocol order, the meeting goes live, signals reach one peer', async () => {
	const id = await newMeeting();
	const host = await join(c.staff, id);
	assert.equal(host.joined.type, 'room.joined', JSON.stringify(host.joined));
	assert.equal(host.joined.host, true);
	assert.equal(host.joined.media, 'mesh');
	assert.deepEqual(host.joined.ice_servers, []);
	assert.equal(host.joined.meeting.agenda.length, 2);
	assert.equal(host.joined.meeting.status, 'live');
	assert.equal(assertJson(await c.staff.api('GET', `/meetings/${id}`), 200).status, 'live');

	const guest = await join(c.partner, id);
	assert.equal(guest.joined.type, 'room.joined', JSON.stringify(guest.joined));
	assert.equal(guest.joined.host, false);
	const p = guest.joined.participants;
	assert.deepEqual(p.map((x) => x.name), [c.staff.user.name, c.partner.user.name], 'host first');
	assert.equal(p[0].post_en, null, 'the post is Cheryomin\'s, not every staff member\'s');
	assert.equal(p[0].org_en, 'DEIR');
	assert.equal(p[1].country, 'BY');
	assert.equal(p[1].city_en, 'Minsk');
	assert.equal(p[1].role, 'participant');
	await host.next(presenceWith(2));

	/* an offer to the other peer is relayed with the sender named */
	const sdp = { type: 'offer', sdp: 'v=0\r\n' };
	host.send({ type: 'signal', meeting: id, to: guest.joined.self, kind: 'offer', data: sdp });
	const got = await guest.next('signal');
	assert.deepEqual([got.from, got.kind, got.data], [host.joined.self, 'offer', sdp]);
	guest.send({ type: 'signal', meeting: id, to: host.joined.self, kind: 'ice', data: { candidate: 'c', sdpMid: '0' } });
	assert.equal((await host.next('signal')).kind, 'ice');

	/* to yourself, to a connection not in the room, in another room */
	host.send({ type: 'signal', meeting: id, to: host.joined.self, kind: 'offer', data: sdp, ref: 1 });
	assert.equal((await host.next('error')).code, 'invalid_peer');
	const outsider = await open(c.staff);
	host.send({ type: 'signal', meeting: id, to: outsider.welcome.conn, kind: 'offer', data: sdp, ref: 2 });
	assert.equal((await host.next('error')).code, 'peer_not_in_room');
	host.send({ type: 'signal', meeting: id, to: 'zz-not-hex', kind: 'offer', data: sdp, ref: 3 });
	assert.equal((await host.next('error')).code, 'invalid_peer');
	host.send({ type: 'signal', meeting: id + 1000, to: guest.joined.self, kind: 'offer', data: sdp, ref: 4 });
	assert.equal((await host.next('error')).code, 'not_in_room');
	/* the outsider cannot signal into the room either */
	outsider.send({ type: 'signal', meeting: id, to: host.joined.self, kind: 'offer', data: sdp });
	assert.equal((await outsider.next('error')).code, 'not_in_room');
	/* nor subscribe to the room's channel */
	outsider.send({ type: 'subscribe', channel: `room:${id}` });
	assert.equal((await outsider.next('error')).code, 'join_required');
	await outsider.close();
	assert.equal(guest.messages.filter((m) => m.type === 'signal').length, 0, 'nothing else was relayed');

	/* chat reaches both and is kept */
	guest.send({ type: 'chat', meeting: id, text: 'Добрый день, коллеги!' });
	for (const ws of [host, guest]) {
		const ev = await ws.next((m) => m.type === 'event' && m.event === 'chat');
		assert.equal(ev.data.text, 'Добрый день, коллеги!');
		assert.equal(ev.data.author, c.partner.user.name);
	}
	guest.send({ type: 'chat', meeting: id, text: '   ' });
	assert.equal((await guest.next('error')).code, 'validation_failed');

	/* hands: a queue in order, the host lowers one */
	guest.send({ type: 'hand', meeting: id, raised: true });
	let ev = await host.next((m) => m.type === 'event' && m.event === 'presence' &&
	    m.data.participants.some((x) => x.hand > 0));
	assert.equal(ev.data.participants.find((x) => x.hand > 0).name, c.partner.user.name);
	guest.send({ type: 'room.control', meeting: id, action: 'lock' });
	assert.equal((await guest.next('error')).code, 'not_host');
	host.send({ type: 'room.control', meeting: id, action: 'lower_hand', conn: guest.joined.self });
	ev = await guest.next((m) => m.type === 'event' && m.event === 'presence' &&
	    m.data.participants.every((x) => x.hand === 0));
	host.send({ type: 'room.control', meeting: id, action: 'mute', conn: guest.joined.self });
	assert.equal((await guest.next('room.mute')).meeting, id);
	host.send({ type: 'room.control', meeting: id, action: 'agenda', item: 2 });
	assert.equal((await guest.next((m) => m.type === 'event' && m.event === 'state')).data.agenda_item, 2);

	/* a late comer gets the chat history */
	const admin = await join(c.admin, id);
	assert.equal(admin.joined.chat.at(-1).text, 'Добрый день, коллеги!');
	assert.equal(admin.joined.state.agenda_item, 2);
	await admin.close();

	/* remove, then end for all: the meeting is held, attendance recorded */
	host.send({ type: 'room.control', meeting: id, action: 'remove', conn: guest.joined.self });
	assert.equal((await guest.next('room.removed')).meeting, id);
	guest.send({ type: 'chat', meeting: id, text: 'still here?' });
	assert.equal((await guest.next('error')).code, 'not_in_room');
	host.send({ type: 'room.control', meeting: id, action: 'end' });
	await host.next((m) => m.type === 'event' && m.event === 'ended');
	assert.equal(assertJson(await c.staff.api('GET', `/meetings/${id}`), 200).status, 'held');
	const att = assertJson(await c.partner.api('GET', `/meetings/${id}/attendance`), 200);
	assert.deepEqual(att.items.map((x) => x.name).sort(),
	    [c.admin.user.name, c.partner.user.name, c.staff.user.name].sort());
	assert.ok(att.items.every((x) => x.left_at !== null));
	const again = await join(c.partner, id);
	assert.equal(again.joined.code, 'meeting_ended');
	for (const ws of [host, guest, again])
		await ws.close();
});

test('refusals: anonymous, a stranger, a partner of another city, in person, locked', async () => {
	const id = await newMeeting();
	const anon = await join(null, id);
	assert.equal(anon.joined.code, 'unauthenticated');
	const harbin = await join(c.harbin, id);
	assert.equal(harbin.joined.code, 'not_invited');
	assert.match(harbin.joined.message, /not invited/);
	const stranger = await join(c.krasnodar, id);
	assert.equal(stranger.joined.code, 'not_invited');
	const corr = await join(c.correspondent, id);
	assert.equal(corr.joined.code, 'not_invited');
	const nowhere = await join(c.partner, 999999);
	assert.equal(nowhere.joined.code, 'not_invited', 'a missing meeting looks the same');
	const inPerson = await newMeeting({ format: 'in_person' });
	assert.equal((await join(c.staff, inPerson)).joined.code, 'no_room');

	const host = await join(c.staff, id);
	host.send({ type: 'room.control', meeting: id, action: 'lock' });
	await host.next('room.done');
	assert.equal((await join(c.partner, id)).joined.code, 'room_locked');
	const admin = await join(c.admin, id);	/* a host may still enter */
	assert.equal(admin.joined.type, 'room.joined');
	host.send({ type: 'room.control', meeting: id, action: 'unlock' });
	await host.next('room.done');
	assert.equal((await join(c.partner, id)).joined.type, 'room.joined');
});

test('guests: a link, the lobby, admission by the host; expired or foreign links refused', async () => {
	const id = await newMeeting();
	const other = await newMeeting();
	assertProblem(await c.partner.api('POST', `/meetings/${id}/guest-links`, { body: { name: 'X' } }), 403, 'forbidden');
	assertProblem(await c.krasnodar.api('POST', `/meetings/${id}/guest-links`, { body: { name: 'X' } }), 403, 'forbidden');
	assertProblem(await srv.api('POST', `/meetings/${id}/guest-links`, { body: { name: 'X' } }), 401, 'unauthenticated');
	const bad = assertProblem(await c.staff.api('POST', `/meetings/${id}/guest-links`, { body: { name: '', hours: 999 } }), 400, 'validation_failed');
	assert.deepEqual(bad.errors.map((e) => e.field).sort(), ['hours', 'name']);
	const link = assertJson(await c.staff.api('POST', `/meetings/${id}/guest-links`,
	    { body: { name: 'Переводчик', hours: 2 } }), 201);
	assert.equal(link.path, `/meetings/${id}/room?guest=${link.token}`);
	assert.equal(link.url, `${srv.url}${link.path}`, 'the link to hand out: on the address the server was reached at');

	const host = await join(c.staff, id);
	const guest = await join(null, id, { guest: link.token });
	assert.equal(guest.joined.type, 'room.lobby', JSON.stringify(guest.joined));
	assert.equal(guest.joined.title_en, 'Moscow — Minsk videoconference');
	const lobby = await host.next((m) => m.type === 'event' && m.event === 'lobby' && m.data.waiting.length === 1);
	assert.equal(lobby.data.waiting[0].name, 'Переводчик');
	/* waiting is not being in: no chat, no signals */
	guest.send({ type: 'chat', meeting: id, text: 'hello?' });
	assert.equal((await guest.next('error')).code, 'not_in_room');
	guest.send({ type: 'signal', meeting: id, to: host.joined.self, kind: 'offer', data: { sdp: 'x' } });
	assert.equal((await guest.next('error')).code, 'not_in_room');
	/* the wrong meeting, a made-up token */
	assert.equal((await join(null, other, { guest: link.token })).joined.code, 'guest_link_invalid');
	assert.equal((await join(null, id, { guest: 'made-up-token-123' })).joined.code, 'guest_link_invalid');

	host.send({ type: 'room.control', meeting: id, action: 'admit', conn: lobby.data.waiting[0].conn });
	const inside = await guest.next('room.joined');
	assert.equal(inside.host, false);
	assert.equal(inside.participants.at(-1).role, 'guest');
	assert.equal(inside.participants.at(-1).name, 'Переводчик');
	host.send({ type: 'room.control', meeting: id, action: 'admit', conn: lobby.data.waiting[0].conn });
	assert.equal((await host.next('error')).code, 'peer_not_in_lobby');

	/* one person per link: a second device is refused while the first is inside */
	assert.equal((await join(null, id, { guest: link.token })).joined.code, 'guest_link_in_use');
	/* a link for two: the second waits, and is denied */
	const shared = assertJson(await c.staff.api('POST', `/meetings/${id}/guest-links`,
	    { body: { name: 'Делегация', max_guests: 2 } }), 201);
	assert.equal(shared.max_guests, 2);
	const s1 = await join(null, id, { guest: shared.token });
	const g2 = await join(null, id, { guest: shared.token });
	assert.equal(g2.joined.type, 'room.lobby', JSON.stringify(g2.joined));
	assert.equal((await join(null, id, { guest: shared.token })).joined.code, 'guest_link_in_use');
	const w = await host.next((m) => m.type === 'event' && m.event === 'lobby' && m.data.waiting.length === 2);
	host.send({ type: 'room.control', meeting: id, action: 'deny', conn: w.data.waiting[1].conn });
	assert.equal((await g2.next('room.denied')).meeting, id);
	await s1.close();
});

test('a dropped client leaves the room; it rejoins with a new connection', async () => {
	const id = await newMeeting();
	const host = await join(c.staff, id);
	const p = await join(c.partner, id);
	await host.next(presenceWith(2));
	host.messages.splice(0);	/* the presence of the host's own entry is no proof of the drop */
	p.destroy();
	await p.closed;
	await host.next(presenceWith(1));
	const back = await join(c.partner, id);
	assert.equal(back.joined.type, 'room.joined');
	assert.equal(back.joined.participants.length, 2);
	back.send({ type: 'room.join', meeting: id });
	assert.equal((await back.next('error')).code, 'already_in_room');
	back.send({ type: 'room.leave', meeting: id });
	await back.next('room.left');
	await host.next(presenceWith(1));
});

test('malformed, oversized and out-of-order room messages', async () => {
	const id = await newMeeting();
	const ws = await open(c.staff);
	/* signalling before joining */
	ws.send({ type: 'signal', meeting: id, to: '1', kind: 'offer', data: { sdp: 'x' } });
	assert.equal((await ws.next('error')).code, 'not_in_room');
	ws.send({ type: 'chat', meeting: id, text: 'hi' });
	assert.equal((await ws.next('error')).code, 'not_in_room');
	ws.send({ type: 'room.leave', meeting: id });
	assert.equal((await ws.next('error')).code, 'not_in_room');
	/* bad fields */
	ws.send({ type: 'room.join' });
	assert.deepEqual((await ws.next('error')).errors.map((e) => e.field), ['meeting']);
	ws.send({ type: 'room.join', meeting: 'x' });
	assert.equal((await ws.next('error')).code, 'validation_failed');
	ws.send({ type: 'signal', meeting: id, to: '1', kind: 'bye', data: 'text' });
	assert.deepEqual((await ws.next('error')).errors.map((e) => e.field).sort(), ['data', 'kind']);
	ws.send({ type: 'signal', meeting: id, to: '1', kind: 'offer', data: { sdp: 'x' }, extra: 1 });
	assert.equal((await ws.next('error')).code, 'validation_failed');
	ws.send({ type: 'chat', meeting: id, text: 'x'.repeat(2001) });
	assert.equal((await ws.next('error')).errors[0].code, 'too_long');
	ws.send({ type: 'room.control', meeting: id, action: 'explode' });
	assert.equal((await ws.next('error')).code, 'validation_failed');
	/* an SDP past the message limit closes the connection with 1009 */
	ws.send({ type: 'room.join', meeting: id });
	const joined = await ws.next('room.joined');
	ws.send({ type: 'signal', meeting: id, to: joined.self, kind: 'offer', data: { sdp: 'x'.repeat(70 * 1024) } });
	assert.equal((await ws.closed).code, 1009);
	/* and its attendance ended with it: recorded by the close event, on a worker, just after
	   the connection is gone, so it is looked for until it is there (20 s at most) */
	let att;
	for (const end = Date.now() + 20000; ;) {
		att = assertJson(await c.staff.api('GET', `/meetings/${id}/attendance`), 200);
		if (att.items[0]?.left_at != null || Date.now() > end)
			break;
		await new Promise((r) => setTimeout(r, 50));
	}
	assert.equal(att.items.length, 1);
	assert.notEqual(att.items[0].left_at, null);
	assertProblem(await c.harbin.api('GET', `/meetings/${id}/attendance`), 404, 'not_found');
});
