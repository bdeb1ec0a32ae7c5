// Speakers and listeners in a room on Janus (issue 13 item 4), against the
// real server and the real Janus (`serve --media janus`):
//   - who speaks: the hosts and the meeting's list in any role but observer;
//     the list's observers listen: a count for everyone, the list for hosts;
//   - a listener has no publishing end: pobratim refuses its offer, its
//     candidates and its restarts to "publisher" (not_speaker), whatever its
//     client does, and Janus has no publisher of it;
//   - raised hands in order, for everyone; a flood of raise and lower costs
//     the room at most ten changes a minute (hand_too_often after);
//   - a host promotes a listener (told room.speak, it may publish: Janus
//     then has its publisher) and demotes it (its publisher is gone from
//     Janus at once, its next offer refused); a listener or a speaker who is
//     not a host may do neither (not_host); a host cannot be demoted; the
//     host's word holds when the one it concerns reconnects;
//   - at most 30 speakers: the 31st comes in as a listener (speakers_full in
//     room.joined) and cannot be promoted until a place is free;
//   - a listener guest link (the meeting's public audience): straight in,
//     no lobby, receiving only, as many at a time as the link says.
// Skipped, with the reason, where Janus is not installed.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, test } from 'node:test';

import { assertJson, signInAll, startServer, waitFor } from './lib/server.mjs';
import { janusParticipants } from './lib/janus.mjs';
import { cityId, joinRoom, meeting, publisherOffer } from './lib/rooms.mjs';

const JANUS = '/usr/bin/janus';
const noJanus = fs.existsSync(JANUS) ? false : `${JANUS} is not installed (apt-get install janus)`;

const JOIN_MS = 20000;	/* for a room.join's answer */

const displays = async (srv, meeting) => (await janusParticipants(srv, meeting)).map((p) => p.display);





let refs = 100;
/* Sends msg with a fresh ref; the error it got, or null when a ping after it came back first. */
async function attempt(ws, msg) {
	const ref = ++refs, ping = ++refs;
	ws.send({ ...msg, ref });
	ws.send({ type: 'ping', ref: ping });
	const m = await ws.next((x) => (x.type === 'error' && x.ref === ref) || (x.type === 'pong' && x.ref === ping), 20000);
	return m.type === 'error' ? m.code : null;
}

/* The room as ws last heard it, once that satisfies ok: {data: {participants, listeners, hands}}. */
const isPresence = (m) => m.type === 'event' && m.event === 'presence';
async function presence(ws, ok) {
	const last = (msgs) => msgs.filter(isPresence).at(-1);
	assert.ok(await ws.until((msgs) => last(msgs) && ok(last(msgs).data), 20000),
	    `presence never so: ${JSON.stringify(last(ws.messages)?.data)}`);
	return last(ws.messages);
}
const answerOf = (ws) => ws.next((m) => (m.type === 'signal' && m.from === 'publisher') || m.type === 'error', 20000);

describe('speakers and listeners on Janus', { skip: noJanus }, () => {
	let srv;
	const c = {};
	let minsk, harbin, krasnodar;
	before(async () => {
		srv = await startServer({ args: ['--media', 'janus'] });
		Object.assign(c, await signInAll(srv, { staff: 'staff@pobratim.demo', partner: 'partner@pobratim.demo',
			harbin: 'partner.harbin@pobratim.demo', krasnodar: 'staff.krasnodar@pobratim.demo' }));
		[minsk, harbin, krasnodar] = [await cityId(srv, 'Minsk'), await cityId(srv, 'Harbin'), await cityId(srv, 'Krasnodar')];
		await srv.stderrHas('media: Janus ready');
	});
	after(async () => { await srv?.stop(); });

	test('listeners: a count for all, the list for hosts, no publishing end; hands; promote and demote', async () => {
		const id = await meeting(c.staff, [{ role: 'participant', city_id: minsk },
			{ role: 'observer', city_id: harbin }, { role: 'observer', city_id: krasnodar }]);
		const host = await joinRoom(srv, c.staff, id, {}, JOIN_MS);
		const speaker = await joinRoom(srv, c.partner, id, {}, JOIN_MS);
		const listener = await joinRoom(srv, c.harbin, id, {}, JOIN_MS);
		for (const ws of [host, speaker, listener])
			assert.equal(ws.joined.type, 'room.joined', JSON.stringify(ws.joined));
		assert.equal(host.joined.media, 'sfu');
		assert.deepEqual([host.joined.speaker, speaker.joined.speaker, listener.joined.speaker], [true, true, false]);
		assert.equal(listener.joined.speakers_full, false);
		assert.equal(listener.joined.listeners, 1);
		assert.deepEqual(listener.joined.participants.map((p) => p.conn), [host.joined.self, speaker.joined.self],
		    'the listener is no tile');

		/* everyone sees the count; the hosts alone the list */
		const seen = await presence(speaker, (d) => d.listeners === 1);
		assert.ok(!seen.data.participants.some((p) => p.conn === listener.joined.self));
		const list = await host.next((m) => m.type === 'room.listeners' && m.listeners.length === 1);
		assert.equal(list.listeners[0].conn, listener.joined.self);
		assert.equal(list.listeners[0].name, c.harbin.user.name);
		assert.equal(list.listeners[0].city_en, 'Harbin');
		assert.equal(await attempt(speaker, { type: 'ping' }), null);
		assert.ok(!speaker.messages.some((m) => m.type === 'room.listeners'), 'a speaker who is no host gets no list');

		/* a listener has no publishing end on Janus, whatever its client sends */
		const offer = { type: 'offer', sdp: publisherOffer() };
		assert.equal(await attempt(listener, { type: 'signal', meeting: id, to: 'publisher', kind: 'offer', data: offer }), 'not_speaker');
		assert.equal(await attempt(listener, { type: 'signal', meeting: id, to: 'publisher', kind: 'ice',
			data: { candidate: 'candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host', sdpMid: '0', sdpMLineIndex: 0 } }), 'not_speaker');
		assert.equal(await attempt(listener, { type: 'signal', meeting: id, to: 'publisher', kind: 'restart', data: { reason: 'x' } }), 'not_speaker');
		assert.equal(await attempt(listener, { type: 'media', meeting: id, mic: true, cam: true, screen: false }), 'not_speaker');
		/* its receiving end is fine: a request for a subscription is taken */
		assert.equal(await attempt(listener, { type: 'signal', meeting: id, to: 'subscriber', kind: 'restart', data: { reason: 'none' } }), null);
		speaker.send({ type: 'signal', meeting: id, to: 'publisher', kind: 'offer', data: offer });
		assert.equal((await answerOf(speaker)).kind, 'answer');
		let onJanus = await displays(srv, id);
		assert.ok(onJanus.includes(host.joined.self) && onJanus.includes(speaker.joined.self), JSON.stringify(onJanus));
		assert.ok(!onJanus.includes(listener.joined.self), `no publisher of the listener on Janus: ${JSON.stringify(onJanus)}`);

		/* nobody but a host promotes or demotes: not the listener, not a speaker */
		for (const [ws, action, target] of [[listener, 'promote', listener], [speaker, 'promote', listener],
			[speaker, 'demote', host], [listener, 'demote', speaker], [listener, 'lower_hand', speaker]])
			assert.equal(await attempt(ws, { type: 'room.control', meeting: id, action, conn: target.joined.self }), 'not_host', action);
		assert.equal(await attempt(host, { type: 'room.control', meeting: id, action: 'promote', conn: 'ffffffff' }), 'peer_not_in_room');

		/* hands, in order, for everyone */
		const second = await joinRoom(srv, c.krasnodar, id, {}, JOIN_MS);
		assert.equal(second.joined.speaker, false);
		assert.equal(await attempt(listener, { type: 'hand', meeting: id, raised: true }), null);
		assert.equal(await attempt(second, { type: 'hand', meeting: id, raised: true }), null);
		const hands = await presence(speaker, (d) => d.hands.length === 2 && d.listeners === 2);
		assert.deepEqual(hands.data.hands.map((h) => h.conn), [listener.joined.self, second.joined.self]);
		assert.ok(hands.data.hands[0].hand < hands.data.hands[1].hand);
		assert.equal(hands.data.hands[0].speaker, false);
		assert.equal(hands.data.hands[0].hand_changes, undefined, 'what the server counts stays with it');
		assert.equal(await attempt(listener, { type: 'hand', meeting: id, raised: true }), null, 'raised again: its place is kept');

		/* a flood of raise and lower: ten changes a minute, then hand_too_often */
		const first = refs + 1, before = host.messages.filter(isPresence).length;
		for (let i = 0; i < 30; i++)	/* one burst, within the channel's own limit (40) */
			second.send({ type: 'hand', meeting: id, raised: i % 2 === 1, ref: ++refs });
		const done = ++refs;
		second.send({ type: 'ping', ref: done });
		await second.next((m) => m.type === 'pong' && m.ref === done, 20000);
		const refused = second.messages.filter((m) => m.type === 'error' && m.ref >= first && m.ref < done);
		assert.ok(refused.every((m) => m.code === 'hand_too_often'), JSON.stringify(refused));
		/* raised once before, so nine changes pass (lower, raise, … lower); each raise after is
		   refused, and the lowers between them change nothing (the hand is down) */
		assert.deepEqual(refused.map((m) => m.ref - first), [9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29]);
		assert.ok(host.messages.filter(isPresence).length - before <= 9, 'a presence per change, no more');

		/* the host promotes the first hand: it is told, and may publish; Janus has its publisher */
		assert.equal(await attempt(host, { type: 'room.control', meeting: id, action: 'promote', conn: listener.joined.self }), null);
		assert.equal((await listener.next('room.speak')).speaker, true);
		const promoted = await presence(speaker, (d) => d.participants.some((p) => p.conn === listener.joined.self));
		assert.equal(promoted.data.listeners, 1);
		assert.ok(!promoted.data.hands.some((h) => h.conn === listener.joined.self), 'its hand is down');
		listener.send({ type: 'signal', meeting: id, to: 'publisher', kind: 'offer', data: offer });
		assert.equal((await answerOf(listener)).kind, 'answer');
		assert.ok((await displays(srv, id)).includes(listener.joined.self), 'Janus has its publisher');

		/* a host cannot be demoted; the promoted one is, and its publisher goes from Janus at once */
		assert.equal(await attempt(host, { type: 'room.control', meeting: id, action: 'demote', conn: host.joined.self }), 'peer_not_in_room');
		assert.equal(await attempt(host, { type: 'room.control', meeting: id, action: 'promote', conn: speaker.joined.self }), null, 'already speaks');
		assert.equal(await attempt(host, { type: 'room.control', meeting: id, action: 'demote', conn: listener.joined.self }), null);
		assert.equal((await listener.next((m) => m.type === 'room.speak' && m.speaker === false)).speaker, false);
		await waitFor(async () => !(await displays(srv, id)).includes(listener.joined.self), 'its publisher still on Janus');
		onJanus = await displays(srv, id);
		assert.ok(onJanus.includes(speaker.joined.self), 'the others publish on');
		assert.equal(await attempt(listener, { type: 'signal', meeting: id, to: 'publisher', kind: 'offer', data: offer }), 'not_speaker');
		await presence(speaker, (d) => d.listeners === 2 && !d.participants.some((p) => p.conn === listener.joined.self));

		/* a listener who leaves is no longer counted, nor its hand */
		second.send({ type: 'room.leave', meeting: id });
		await second.next('room.left');
		await presence(host, (d) => d.listeners === 1 && d.hands.length === 0);

		/* the host's word outlasts a dropped connection: given the floor, one comes back speaking; made a listener, listening */
		assert.equal(await attempt(host, { type: 'room.control', meeting: id, action: 'promote', conn: listener.joined.self }), null);
		assert.equal(await attempt(host, { type: 'room.control', meeting: id, action: 'demote', conn: speaker.joined.self }), null);
		listener.close();
		speaker.close();
		const back = [await joinRoom(srv, c.harbin, id, {}, JOIN_MS), await joinRoom(srv, c.partner, id, {}, JOIN_MS)];
		assert.deepEqual(back.map((b) => b.joined.speaker), [true, false]);
		for (const ws of [host, second, ...back])
			ws.close();
	});

	test('a listener link: its guests come straight in, only receive, count against the link; revoked, they go', async () => {
		const id = await meeting(c.staff, [{ role: 'participant', city_id: minsk }]);
		const host = await joinRoom(srv, c.staff, id, {}, JOIN_MS);
		const bad = await c.staff.api('POST', `/meetings/${id}/guest-links`, { body: { name: 'Пресса', role: 'host' } });
		assert.equal(bad.status, 400, bad.text);
		const speaking = assertJson(await c.staff.api('POST', `/meetings/${id}/guest-links`, { body: { name: 'Гость' } }), 201);
		assert.equal(speaking.role, 'speaker', 'as before: a guest link lets its guest speak');
		const link = assertJson(await c.staff.api('POST', `/meetings/${id}/guest-links`,
		    { body: { name: 'Пресса', hours: 2, max_guests: 2, role: 'listener' } }), 201);
		assert.equal(link.role, 'listener');
		const press = [await joinRoom(srv, null, id, { guest: link.token }, JOIN_MS), await joinRoom(srv, null, id, { guest: link.token }, JOIN_MS)];
		for (const g of press) {
			assert.equal(g.joined.type, 'room.joined', `no lobby for a listener: ${JSON.stringify(g.joined)}`);
			assert.equal(g.joined.speaker, false);
			assert.equal(await attempt(g, { type: 'signal', meeting: id, to: 'publisher', kind: 'offer',
				data: { type: 'offer', sdp: publisherOffer() } }), 'not_speaker');
		}
		const third = await joinRoom(srv, null, id, { guest: link.token }, JOIN_MS);
		assert.equal(third.joined.code, 'guest_link_in_use', 'two at a time, as the link says');
		await host.next((m) => m.type === 'room.listeners' && m.listeners.length === 2 && m.listeners.every((l) => l.name === 'Пресса'));
		const listed = assertJson(await c.staff.api('GET', `/meetings/${id}/guest-links`), 200).items;
		assert.deepEqual(listed.map((l) => [l.role, l.in_room]), [['speaker', 0], ['listener', 2]]);

		/* a locked room keeps them out too */
		assert.equal(await attempt(host, { type: 'room.control', meeting: id, action: 'lock' }), null);
		press[1].send({ type: 'room.leave', meeting: id });
		await press[1].next('room.left');
		press[1].send({ type: 'room.join', meeting: id, guest: link.token, ref: 5 });
		assert.equal((await press[1].next((m) => m.type === 'error' && m.ref === 5)).code, 'room_locked');

		/* revoked: its guest is out at once */
		assert.equal((await c.staff.api('DELETE', `/meetings/${id}/guest-links/${link.id}`)).status, 204);
		assert.equal((await press[0].next('room.removed')).reason, 'guest_link_revoked');
		await presence(host, (d) => d.listeners === 0);
		for (const ws of [host, ...press, third])
			ws.close();
	});

	test('at most 30 speakers: the 31st comes in listening and cannot be promoted until one leaves the floor', async () => {
		const id = await meeting(c.staff, [{ role: 'participant', city_id: minsk }]);
		const host = await joinRoom(srv, c.staff, id, {}, JOIN_MS);
		assert.equal(host.joined.speaker, true);
		const link = assertJson(await c.staff.api('POST', `/meetings/${id}/guest-links`,
		    { body: { name: 'Делегация', hours: 2, max_guests: 31 } }), 201);
		const guests = [];
		for (let i = 0; i < 30; i++) {
			const g = await joinRoom(srv, null, id, { guest: link.token }, JOIN_MS);
			assert.equal(g.joined.type, 'room.lobby', JSON.stringify(g.joined));
			guests.push(g);
		}
		const waiting = await host.next((m) => m.type === 'event' && m.event === 'lobby' && m.data.waiting.length === 30, 30000);
		for (const w of waiting.data.waiting)
			host.send({ type: 'room.control', meeting: id, action: 'admit', conn: w.conn });
		const joined = await Promise.all(guests.map((g) => g.next('room.joined', 30000)));
		const listening = joined.filter((j) => !j.speaker);
		assert.equal(joined.filter((j) => j.speaker).length, 29, 'the host and 29 guests: 30 speakers');
		assert.equal(listening.length, 1);
		assert.equal(listening[0].speakers_full, true);
		const last = guests[joined.indexOf(listening[0])];

		/*
		 * its offer is refused by pobratim, sent as soon as it read room.joined
		 * (the media layer knows a member before it is told it is in); a
		 * promotion too, while 30 speak
		 */
		assert.equal(await attempt(last, { type: 'signal', meeting: id, to: 'publisher', kind: 'offer',
			data: { type: 'offer', sdp: publisherOffer() } }), 'not_speaker');
		await presence(host, (d) => d.participants.length === 30 && d.listeners === 1);
		assert.equal(await attempt(host, { type: 'room.control', meeting: id, action: 'promote', conn: listening[0].self }), 'speakers_full');
		/* one speaker leaves the floor: now it may */
		const other = joined.find((j) => j.speaker);
		assert.equal(await attempt(host, { type: 'room.control', meeting: id, action: 'demote', conn: other.self }), null);
		assert.equal(await attempt(host, { type: 'room.control', meeting: id, action: 'promote', conn: listening[0].self }), null);
		assert.equal((await last.next('room.speak')).speaker, true);
		last.send({ type: 'signal', meeting: id, to: 'publisher', kind: 'offer', data: { type: 'offer', sdp: publisherOffer() } });
		assert.equal((await answerOf(last)).kind, 'answer');
		for (const ws of [host, ...guests])
			ws.close();
	});
});
