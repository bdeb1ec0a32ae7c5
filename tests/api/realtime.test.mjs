// The realtime channel /api/v1/ws: who may connect and subscribe, events
// from HTTP writes, resuming after a drop, and the limits that protect the
// server from bad clients.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { DEMO, startServer } from './lib/server.mjs';
import { wsConnect, wsOpen } from './lib/ws.mjs';

let srv;
let admin;
let staff;
before(async () => {
	srv = await startServer();
	admin = await srv.client().signIn(DEMO.admin);
	staff = await srv.client().signIn(DEMO.staff);
});
after(async () => { await srv?.stop(); });

const open = (c, opts = {}) => wsConnect(srv.port, { cookie: c?.cookie, ...opts });

test('anonymous: welcome without a user; ping answers pong with the ref', async () => {
	const ws = await open(null);
	assert.equal(ws.welcome.user, null);
	assert.equal(ws.welcome.limits.max_message, 65536);
	ws.send({ type: 'ping', ref: 7 });
	assert.deepEqual(await ws.next('pong'), { type: 'pong', ref: 7 });
	await ws.close();
});

test('signed-in: welcome names the user; own channel yes, another user\'s no', async () => {
	const ws = await open(staff);
	assert.equal(ws.welcome.user.id, staff.user.id);
	assert.equal(ws.welcome.user.role, 'staff');
	ws.send({ type: 'subscribe', channel: `user:${staff.user.id}`, ref: 1 });
	const ok = await ws.next('subscribed');
	assert.equal(ok.channel, `user:${staff.user.id}`);
	assert.equal(ok.ref, 1);
	ws.send({ type: 'subscribe', channel: `user:${admin.user.id}`, ref: 2 });
	assert.equal((await ws.next('error')).code, 'forbidden');
	ws.send({ type: 'subscribe', channel: 'sessions:1', ref: 3 });
	assert.equal((await ws.next('error')).code, 'unknown_channel');
	ws.send({ type: 'subscribe', channel: 'news', ref: 4 });
	assert.equal((await ws.next('subscribed')).channel, 'news');
	await ws.close();
});

test('anonymous cannot subscribe to a user channel', async () => {
	const ws = await open(null);
	ws.send({ type: 'subscribe', channel: `user:${staff.user.id}` });
	assert.equal((await ws.next('error')).code, 'unauthenticated');
	await ws.close();
});

test('an admin\'s change to an account reaches its owner as an event', async () => {
	const ws = await open(staff);
	ws.send({ type: 'subscribe', channel: `user:${staff.user.id}` });
	const sub = await ws.next('subscribed');
	const r = await admin.api('PATCH', `/users/${staff.user.id}`, { body: { name: 'Сотрудник ДВМС (ред.)' } });
	assert.equal(r.status, 200, r.text);
	const ev = await ws.next('event');
	assert.equal(ev.event, 'account.updated');
	assert.equal(ev.channel, `user:${staff.user.id}`);
	assert.equal(ev.seq, sub.seq + 1);
	assert.equal(ev.data.id, staff.user.id);
	await ws.close();
});

test('resume: a client that dropped gets what it missed, or is told to reload', async () => {
	const channel = `user:${staff.user.id}`;
	const keep = await open(staff);	/* a second tab keeps the channel's history alive */
	keep.send({ type: 'subscribe', channel });
	await keep.next('subscribed');
	const ws = await open(staff);
	ws.send({ type: 'subscribe', channel });
	const first = await ws.next('subscribed');
	ws.destroy();	/* dropped without a close frame */
	await ws.closed;
	for (const name of ['Один', 'Два'])
		assert.equal((await admin.api('PATCH', `/users/${staff.user.id}`, { body: { name } })).status, 200);
	const back = await open(staff);
	back.send({ type: 'subscribe', channel, since: first.seq });
	await back.next('subscribed');
	const seqs = [(await back.next('event')).seq, (await back.next('event')).seq];
	assert.deepEqual(seqs, [first.seq + 1, first.seq + 2]);
	back.send({ type: 'subscribe', channel, since: first.seq + 999 });
	assert.equal((await back.next('resync')).channel, channel);
	await back.close();
	await keep.close();
});

test('disabling a user closes their connections with 4401', async () => {
	const r = await admin.api('POST', '/users', { body: { email: 'closing@pobratim.test', name: 'Closing',
		password: 'long-enough-pw', role: 'staff', organization_id: staff.user.organization.id } });
	assert.equal(r.status, 201, r.text);
	const victim = await srv.client().signIn('closing@pobratim.test', 'long-enough-pw');
	const ws = await open(victim);
	assert.equal((await admin.api('PATCH', `/users/${r.json.id}`, { body: { disabled: true } })).status, 200);
	assert.equal((await ws.closed).code, 4401);
});

test('a cross-site Origin is refused with 4403', async () => {
	const { status, client } = await wsOpen(srv.port, { cookie: staff.cookie, origin: 'https://evil.example' });
	assert.equal(status, 101);
	assert.equal((await client.next('error')).code, 'forbidden');
	assert.equal((await client.closed).code, 4403);
	const same = await open(staff, { origin: `http://127.0.0.1:${srv.port}` });
	assert.equal(same.welcome.user.id, staff.user.id);
	await same.close();
});

test('bad messages get typed errors and the connection goes on', async () => {
	const ws = await open(staff);
	ws.send('{"type": ');
	assert.equal((await ws.next('error')).code, 'invalid_json');
	ws.send('[1,2]');
	assert.equal((await ws.next('error')).code, 'invalid_json');
	ws.send('{"type":"chat","text":"\\Д"}');	/* the error quotes half a UTF-8 sequence */
	assert.equal((await ws.next('error')).code, 'invalid_json');
	ws.send({ type: 'teleport' });
	assert.equal((await ws.next('error')).code, 'unknown_type');
	ws.send({ type: 'subscribe', ref: 5 });
	const e = await ws.next('error');
	assert.equal(e.code, 'validation_failed');
	assert.equal(e.ref, 5);
	assert.deepEqual(e.errors.map((x) => x.field), ['channel']);
	ws.send({ type: 'subscribe', channel: 'news', extra: true });
	assert.equal((await ws.next('error')).code, 'validation_failed');
	ws.sendFrame(1, '{"type":"pi', { fin: false });	/* a message in two fragments */
	ws.sendFrame(0, 'ng","ref":9}');
	assert.equal((await ws.next('pong')).ref, 9);
	await ws.close();
});

test('limits: an oversized message 1009, a binary frame 1003, a flood 1008', async () => {
	const big = await open(staff);
	big.send({ type: 'ping', pad: 'x'.repeat(70 * 1024) });
	assert.equal((await big.closed).code, 1009);
	const bin = await open(staff);
	bin.sendFrame(2, Buffer.from([1, 2, 3]));
	assert.equal((await bin.closed).code, 1003);
	const flood = await open(staff);
	for (let i = 0; i < 200; i++)
		flood.send({ type: 'ping' });
	assert.equal((await flood.closed).code, 1008);
	assert.equal((await srv.api('GET', '/health')).status, 200, 'the server is fine');
});

test('no upgrade anywhere but /api/v1/ws', async () => {
	for (const path of ['/api/v1/health', '/api/v1/wsx', '/ws', '/'])
		assert.notEqual((await wsOpen(srv.port, { path })).status, 101, path);
});

test('a bulletin published by staff is announced on "news", to anonymous readers too', async () => {
	const reader = await open(null);
	reader.send({ type: 'subscribe', channel: 'news' });
	await reader.next('subscribed');
	const author = await srv.client().signIn(DEMO.correspondent);
	const draft = await author.api('POST', '/bulletins', { body: { kind: 'good_news', lang: 'ru',
		title: 'Хорошие новости из Италии', body: 'Соотечественники помогли больнице.', countries: ['IT'],
		topics: ['health', 'good_news'] } });
	assert.equal(draft.status, 201, draft.text);
	assert.equal((await author.api('POST', `/bulletins/${draft.json.id}/submit`)).status, 200);
	assert.equal((await staff.api('POST', `/bulletins/${draft.json.id}/publish`)).status, 200);
	const ev = await reader.next('event');
	assert.equal(ev.event, 'bulletin.published');
	assert.deepEqual(ev.data, { id: draft.json.id, kind: 'good_news', lang: 'ru', title: 'Хорошие новости из Италии',
		countries: ['IT'], topics: ['health', 'good_news'] });
	await reader.close();
});

test('connections spread over several event loops (--io-threads 3): one publication reaches every one', async () => {
	const three = await startServer({ env: { POBRATIM_IO_THREADS: '3' } });
	const readers = [];
	try {
		for (let i = 0; i < 30; i++) {
			const ws = await wsConnect(three.port, {});
			ws.send({ type: 'subscribe', channel: 'news' });
			await ws.next('subscribed');
			readers.push(ws);
		}
		// a connection's id names its loop (bits 24-31, src/http/ws.c)
		const loops = new Set(readers.map((ws) => Number((BigInt(`0x${ws.welcome.conn}`) >> 24n) & 0xffn)));
		assert.ok(loops.size >= 2, `30 connections all on loop ${[...loops]}`);
		assert.ok([...loops].every((l) => l < 3));
		const author = await three.client().signIn(DEMO.correspondent);
		const moderator = await three.client().signIn(DEMO.staff);
		const draft = await author.api('POST', '/bulletins', { body: { kind: 'news', lang: 'en',
			title: 'Loops', body: 'Every loop hears it.', countries: ['IT'], topics: ['culture'] } });
		assert.equal(draft.status, 201, draft.text);
		assert.equal((await author.api('POST', `/bulletins/${draft.json.id}/submit`)).status, 200);
		assert.equal((await moderator.api('POST', `/bulletins/${draft.json.id}/publish`)).status, 200);
		for (const ws of readers)
			assert.equal((await ws.next('event')).data.id, draft.json.id);
		// and plain HTTP on the same server, over fresh connections each answered by some loop
		for (let i = 0; i < 20; i++)
			assert.equal((await three.api('GET', '/health')).status, 200);
	} finally {
		for (const ws of readers)
			ws.destroy();
		await three.stop();
	}
});
