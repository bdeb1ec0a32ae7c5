// The media server: Janus (Debian's `janus`) as the child of `serve --media
// janus`, and rooms whose signalling goes through it. Against the real Janus,
// never a stand-in:
//   - its private directory (0700) and API socket (0600), an API secret of
//     its own at every start that never reaches pobratim's log;
//   - restarted after kill -9, gone when pobratim stops (SIGTERM) and when
//     pobratim itself is killed (the parent-death signal);
//   - --media janus with a missing binary: the mesh, said in the log;
//   - a room on Janus: room.joined says "sfu", a browser's offer to
//     "publisher" is answered by Janus through pobratim, bad signals refused;
//     host controls refused to others and applied by the server;
//   - the mesh without a media server: 4 people at most, room_full for the
//     fifth (also when a host admits a guest).
// Skipped, with the reason, where Janus is not installed.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { janusSecret } from './lib/janus.mjs';
import { cityId, joinRoom, meeting, publisherOffer } from './lib/rooms.mjs';
import { assertJson, signInAll, startServer, waitFor } from './lib/server.mjs';
import { wsConnect } from './lib/ws.mjs';

const JANUS = '/usr/bin/janus';
const noJanus = fs.existsSync(JANUS) ? false : `${JANUS} is not installed (apt-get install janus)`;

const READY = /media: Janus ready \(pid (\d+), directory ([^)]+)\)/g;

/* Every "Janus ready" of the log so far: [{ pid, dir }]. */
function starts(srv) {
	return [...srv.stderr().matchAll(READY)].map((m) => ({ pid: Number(m[1]), dir: m[2] }));
}

/* The n-th start of Janus (1-based) once the log has it. */
function nthStart(srv, n) {
	return waitFor(() => starts(srv)[n - 1], () => `Janus start ${n} never logged:\n${srv.stderr().slice(-3000)}`);
}

/* A process that is gone or a zombie (reaped or not, it runs no more). */
function running(pid) {
	try {
		const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
		return !/^\d+ \(.*\) Z /.test(stat);
	} catch {
		return false;
	}
}

const mode = (p) => fs.statSync(p).mode & 0o777;

/* The TCP sockets a process listens on: [{ proto, port }] (from /proc: its fds, the kernel's tables). */
function listeningPorts(pid) {
	const inodes = new Set();
	for (const fd of fs.readdirSync(`/proc/${pid}/fd`)) {
		const m = /^socket:\[(\d+)\]$/.exec(fs.readlinkSync(`/proc/${pid}/fd/${fd}`));
		if (m) inodes.add(m[1]);
	}
	const found = [];
	for (const proto of ['tcp', 'tcp6'])
		for (const line of fs.readFileSync(`/proc/${pid}/net/${proto}`, 'utf8').split('\n').slice(1)) {
			const f = line.trim().split(/\s+/);
			if (f.length > 9 && f[3] === '0A' && inodes.has(f[9]))	/* 0A: LISTEN */
				found.push({ proto: 'tcp', port: parseInt(f[1].split(':').pop(), 16) });
		}
	return found;
}

describe('Janus as the child of serve --media janus', { skip: noJanus }, () => {
	let srv;
	before(async () => { srv = await startServer({ demo: false, args: ['--media', 'janus'] }); });
	after(async () => { await srv?.stop(); });

	test('a private directory and socket, a fresh secret per start, restarted after kill -9', async () => {
		const first = await nthStart(srv, 1);
		assert.ok(running(first.pid), `Janus runs as pid ${first.pid}`);
		assert.equal(fs.readFileSync(`/proc/${first.pid}/comm`, 'utf8').trim(), 'janus');
		assert.equal(mode(first.dir), 0o700, 'its directory is pobratim\'s alone');
		const sock = path.join(first.dir, 'api.sock');
		assert.ok(fs.statSync(sock).isSocket());
		assert.equal(mode(sock), 0o600, 'its API socket too');
		for (const f of ['janus.jcfg', 'janus.transport.websockets.jcfg', 'janus.plugin.videoroom.jcfg'])
			assert.equal(mode(path.join(first.dir, f)), 0o600, f);
		assert.deepEqual(fs.readdirSync(path.join(first.dir, 'transports')), ['libjanus_websockets.so'],
		    'one API transport: WebSocket, no HTTP');
		assert.deepEqual(listeningPorts(first.pid).filter((p) => p.proto === 'tcp'), [],
		    'Janus listens on no TCP port: its API is the Unix socket only');
		assert.deepEqual(fs.readdirSync(path.join(first.dir, 'plugins')), ['libjanus_videoroom.so']);
		const secret = janusSecret(first.dir);

		process.kill(first.pid, 'SIGKILL');
		const second = await nthStart(srv, 2);
		assert.notEqual(second.pid, first.pid);
		assert.ok(!running(first.pid));
		assert.ok(running(second.pid));
		await srv.stderrHas(`Janus (pid ${first.pid}) was killed by signal 9`);
		const again = janusSecret(second.dir);
		assert.notEqual(again, secret, 'a new API secret at every start');
		assert.ok(!srv.stderr().includes(secret) && !srv.stderr().includes(again), 'no secret in the log');

		/* and the restarted Janus serves rooms (the API answers; its health is pobratim's own) */
		assert.equal((await srv.api('GET', '/health')).status, 200);
	});

	test('stopping pobratim (SIGTERM) stops Janus and removes its directory', async () => {
		const n = starts(srv).length;
		const last = starts(srv).at(-1);
		const secret = janusSecret(last.dir);
		await srv.restart();	/* SIGTERM, exit 0, then up again on the same database */
		assert.match(srv.stderr(), /media: Janus stopped/);
		assert.ok(!running(last.pid), `Janus ${last.pid} is gone after pobratim stopped`);
		assert.ok(!fs.existsSync(last.dir), `${last.dir} removed`);
		const next = await nthStart(srv, n + 1);
		assert.notEqual(next.dir, last.dir);
		assert.notEqual(janusSecret(next.dir), secret, 'another secret for another pobratim');
	});
});

describe('Janus when pobratim is killed', { skip: noJanus }, () => {
	test('kill -9 of pobratim: Janus dies with it (the parent-death signal)', async () => {
		const srv = await startServer({ demo: false, args: ['--media', 'janus'] });
		const { pid, dir } = await nthStart(srv, 1);
		try {
			srv.child.kill('SIGKILL');
			await srv.exited;
			await waitFor(() => !running(pid), `Janus ${pid} still runs after pobratim was killed`, 10000);
		} finally {
			fs.rmSync(dir, { recursive: true, force: true });	/* nobody was left to remove it */
			fs.rmSync(srv.tmp, { recursive: true, force: true });
			srv.stopped = true;
		}
	});

	test('--media janus without the binary: rooms use the mesh, and the log says why', async () => {
		const srv = await startServer({ args: ['--media', 'janus', '--janus', '/nonexistent/janus'] });
		try {
			await srv.stderrHas("media: Janus is not installed ('/nonexistent/janus' or its VideoRoom plugin is missing): rooms use the mesh");
			const { staff } = await signInAll(srv, { staff: 'staff@pobratim.demo' });
			const ws = await joinRoom(srv, staff, await meeting(staff, []));
			assert.equal(ws.joined.media, 'mesh');
			ws.close();
		} finally {
			await srv.stop();
		}
	});

	test('--media with an unknown mode is refused at start', async () => {
		await assert.rejects(startServer({ demo: false, args: ['--media', 'sfu'] }),
		    /--media must be auto, janus or mesh, not 'sfu'/);
	});
});





describe('a room on Janus', { skip: noJanus }, () => {
	let srv;
	const c = {};
	let minsk;
	before(async () => {
		srv = await startServer({ args: ['--media', 'janus'] });
		Object.assign(c, await signInAll(srv, { staff: 'staff@pobratim.demo', partner: 'partner@pobratim.demo' }));
		minsk = await cityId(srv, 'Minsk');
		await nthStart(srv, 1);
	});
	after(async () => { await srv?.stop(); });

	test('an offer to publish is answered by Janus through pobratim; bad signals are refused', async () => {
		const id = await meeting(c.staff, [minsk]);
		const host = await joinRoom(srv, c.staff, id);
		assert.equal(host.joined.type, 'room.joined', JSON.stringify(host.joined));
		assert.equal(host.joined.media, 'sfu');

		const offer = publisherOffer();
		host.send({ type: 'signal', meeting: id, to: 'publisher', kind: 'offer', data: { type: 'offer', sdp: offer } });
		const answer = await host.next((m) => (m.type === 'signal' && m.from === 'publisher') || m.type === 'error', 15000);
		assert.equal(answer.type, 'signal', JSON.stringify(answer));
		assert.equal(answer.kind, 'answer');
		assert.equal(answer.data.type, 'answer');
		assert.match(answer.data.sdp, /^v=0\r\n/);
		assert.match(answer.data.sdp, /m=audio \d+ UDP\/TLS\/RTP\/SAVPF 111\r\n/);
		assert.match(answer.data.sdp, /m=video \d+ UDP\/TLS\/RTP\/SAVPF 96\r\n/);
		assert.match(answer.data.sdp, /a=recvonly/, 'Janus receives what we publish');
		assert.match(answer.data.sdp, /a=ice-ufrag:\S+/);
		assert.doesNotMatch(answer.data.sdp, /pB7q/, 'its own ICE credentials, not ours');
		/* a trickled candidate is taken without an answer; the next message is answered as usual */
		host.send({ type: 'signal', meeting: id, to: 'publisher', kind: 'ice',
			data: { candidate: 'candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host', sdpMid: '0', sdpMLineIndex: 0 } });
		host.send({ type: 'ping', ref: 1 });
		assert.equal((await host.next((m) => m.type === 'pong' || m.type === 'error')).type, 'pong');

		const refused = async (signal, code) => {
			host.send({ type: 'signal', meeting: id, ...signal, ref: 7 });
			const e = await host.next((m) => m.type === 'error' && m.ref === 7, 15000);
			assert.equal(e.code, code, JSON.stringify(signal).slice(0, 200));
		};
		await refused({ to: 'somebody', kind: 'offer', data: { type: 'offer', sdp: offer } }, 'invalid_peer');
		await refused({ to: 'publisher', kind: 'answer', data: { type: 'answer', sdp: offer } }, 'invalid_signal');
		await refused({ to: 'publisher', kind: 'offer', data: { type: 'answer', sdp: offer } }, 'invalid_signal');
		await refused({ to: 'subscriber', kind: 'offer', data: { type: 'offer', sdp: offer } }, 'invalid_signal');
		await refused({ to: 'publisher', kind: 'offer', data: { type: 'offer', sdp: '' } }, 'invalid_signal');
		await refused({ to: 'publisher', kind: 'offer', data: { type: 'offer', sdp: 'x'.repeat(50 * 1024) } }, 'invalid_signal');
		await refused({ to: 'publisher', kind: 'ice', data: { candidate: 7 } }, 'invalid_signal');
		await refused({ to: 'publisher', kind: 'ice', data: { candidate: 'c', sdpMLineIndex: 999 } }, 'invalid_signal');
		/* no subscription yet (nobody else publishes): an answer has nowhere to go */
		await refused({ to: 'subscriber', kind: 'answer', data: { type: 'answer', sdp: offer } }, 'media_unavailable');
		/* Janus itself refuses what is not an SDP it can read */
		await refused({ to: 'publisher', kind: 'offer', data: { type: 'offer', sdp: 'v=0\r\nnonsense\r\n' } }, 'media_refused');

		/* one who is not in the room cannot signal at all */
		const outsider = await wsConnect(srv.port, { cookie: c.partner.cookie });
		outsider.send({ type: 'signal', meeting: id, to: 'publisher', kind: 'offer', data: { type: 'offer', sdp: offer }, ref: 3 });
		assert.equal((await outsider.next((m) => m.type === 'error' && m.ref === 3)).code, 'not_in_room');
		outsider.close();

		/* the room on Janus is made with its own secret: a second publisher joins the same one */
		const partner = await joinRoom(srv, c.partner, id);
		assert.equal(partner.joined.media, 'sfu');
		partner.send({ type: 'signal', meeting: id, to: 'publisher', kind: 'offer', data: { type: 'offer', sdp: offer } });
		const a2 = await partner.next((m) => (m.type === 'signal' && m.from === 'publisher') || m.type === 'error', 15000);
		assert.equal(a2.kind, 'answer', JSON.stringify(a2));
		/* a browser that makes its publishing connection anew says so first: a new handle answers */
		partner.send({ type: 'signal', meeting: id, to: 'publisher', kind: 'restart', data: { reason: 'failed' } });
		partner.send({ type: 'signal', meeting: id, to: 'publisher', kind: 'offer', data: { type: 'offer', sdp: offer } });
		const a3 = await partner.next((m) => (m.type === 'signal' && m.from === 'publisher') || m.type === 'error', 15000);
		assert.equal(a3.kind, 'answer', JSON.stringify(a3));
		assert.notEqual(/a=ice-ufrag:(\S+)/.exec(a3.data.sdp)[1], /a=ice-ufrag:(\S+)/.exec(a2.data.sdp)[1], 'a new end on Janus');
		partner.send({ type: 'signal', meeting: id, to: 'subscriber', kind: 'restart', data: { reason: 'failed' }, ref: 41 });
		partner.send({ type: 'ping', ref: 42 });
		assert.equal((await partner.next((m) => m.ref === 41 || m.ref === 42)).type, 'pong', 'a subscription asked anew');
		host.close();
		partner.close();
	});

	test('host controls: refused to others; mute is applied by the server and told to the muted', async () => {
		const id = await meeting(c.staff, [minsk]);
		const host = await joinRoom(srv, c.staff, id);
		let partner = await joinRoom(srv, c.partner, id);
		assert.equal(partner.joined.media, 'sfu');
		partner.send({ type: 'signal', meeting: id, to: 'publisher', kind: 'offer', data: { type: 'offer', sdp: publisherOffer() } });
		await partner.next((m) => m.type === 'signal' && m.from === 'publisher', 15000);

		for (const [action, ref] of [['mute', 11], ['mute_video', 12], ['remove', 13], ['end', 14], ['lock', 15]]) {
			partner.send({ type: 'room.control', meeting: id, action, conn: host.joined.self, ref });
			const e = await partner.next((m) => m.type === 'error' && m.ref === ref);
			assert.equal(e.code, 'not_host', action);
		}

		host.send({ type: 'room.control', meeting: id, action: 'mute', conn: partner.joined.self, ref: 21 });
		assert.deepEqual(pickMute(await partner.next('room.mute')), { kind: 'audio' });
		const muted = await host.next((m) => m.type === 'event' && m.event === 'presence' &&
		    m.data.participants.some((p) => p.conn === partner.joined.self && p.mic_blocked));
		assert.equal(muted.data.participants.find((p) => p.conn === partner.joined.self).mic, false);
		/* the muted one cannot turn the microphone back on by itself */
		partner.send({ type: 'media', meeting: id, mic: true, cam: false, screen: false, ref: 22 });
		const still = await host.next((m) => m.type === 'event' && m.event === 'presence' &&
		    m.data.participants.some((p) => p.conn === partner.joined.self && p.cam === false));
		assert.equal(still.data.participants.find((p) => p.conn === partner.joined.self).mic, false);
		/* nor by coming back: the same person's new connection is muted still, and told so */
		partner.close();
		partner = await joinRoom(srv, c.partner, id);
		assert.equal(partner.joined.type, 'room.joined', JSON.stringify(partner.joined));
		assert.deepEqual(pickMute(await partner.next('room.mute')), { kind: 'audio' });
		const card = partner.joined.participants.find((p) => p.conn === partner.joined.self);
		assert.equal(card.mic_blocked, true, JSON.stringify(card));
		assert.equal(card.mic, false);
		assert.equal(card.cam_blocked, false, 'only what was stopped');
		host.send({ type: 'room.control', meeting: id, action: 'unmute', conn: partner.joined.self, ref: 23 });
		assert.deepEqual(pickMute(await partner.next('room.unmute')), { kind: 'audio' });
		/* allowed again, a new connection is not muted */
		partner.close();
		partner = await joinRoom(srv, c.partner, id);
		assert.equal(partner.joined.participants.find((p) => p.conn === partner.joined.self).mic_blocked, false);
		partner.send({ type: 'ping', ref: 30 });
		await partner.next((m) => m.type === 'pong' && m.ref === 30);
		assert.ok(!partner.messages.some((m) => m.type === 'room.mute'), 'no room.mute for one allowed again');

		/* removed: out of the room and of Janus's (a signal to publisher is refused now) */
		host.send({ type: 'room.control', meeting: id, action: 'remove', conn: partner.joined.self, ref: 24 });
		assert.equal((await partner.next('room.removed')).reason, 'removed');
		partner.send({ type: 'signal', meeting: id, to: 'publisher', kind: 'offer', data: { type: 'offer', sdp: publisherOffer() }, ref: 25 });
		assert.equal((await partner.next((m) => m.type === 'error' && m.ref === 25)).code, 'not_in_room');

		/* the host ends the meeting for everyone: its Janus room goes */
		host.send({ type: 'room.control', meeting: id, action: 'end', ref: 26 });
		await host.next((m) => m.type === 'event' && m.event === 'ended');
		assert.equal(assertJson(await c.staff.api('GET', `/meetings/${id}`), 200).status, 'held');
		host.close();
		partner.close();
	});
});

const pickMute = (m) => ({ kind: m.kind });

describe('the mesh: at most 4 people a room', () => {
	let srv;
	const c = {};
	before(async () => {
		srv = await startServer({ args: ['--media', 'mesh'] });
		Object.assign(c, await signInAll(srv, { staff: 'staff@pobratim.demo', admin: 'admin@pobratim.demo',
			partner: 'partner@pobratim.demo', harbin: 'partner.harbin@pobratim.demo',
			krasnodar: 'staff.krasnodar@pobratim.demo' }));
	});
	after(async () => { await srv?.stop(); });

	test('the fifth is refused with room_full; a guest cannot be admitted past four either', async () => {
		await srv.stderrHas('media: the mesh (--media mesh)');
		const cities = [await cityId(srv, 'Minsk'), await cityId(srv, 'Harbin'), await cityId(srv, 'Krasnodar')];
		const id = await meeting(c.staff, cities);
		const inside = [];
		for (const who of ['staff', 'admin', 'partner', 'harbin']) {
			const ws = await joinRoom(srv, c[who], id);
			assert.equal(ws.joined.type, 'room.joined', `${who}: ${JSON.stringify(ws.joined)}`);
			assert.equal(ws.joined.media, 'mesh');
			inside.push(ws);
		}
		/* restart is the media server's: refused between peers */
		inside[0].send({ type: 'signal', meeting: id, to: inside[1].joined.self, kind: 'restart', data: { reason: 'x' }, ref: 30 });
		assert.equal((await inside[0].next((m) => m.type === 'error' && m.ref === 30)).code, 'invalid_signal');
		const fifth = await joinRoom(srv, c.krasnodar, id);
		assert.equal(fifth.joined.type, 'error');
		assert.equal(fifth.joined.code, 'room_full');
		assert.match(fifth.joined.message, /at most 4/);

		/* a guest waits in the lobby, but the host cannot admit a fifth */
		const link = assertJson(await c.staff.api('POST', `/meetings/${id}/guest-links`, { body: { name: 'Переводчик', hours: 2 } }), 201);
		const guest = await joinRoom(srv, null, id, { guest: link.token });
		assert.equal(guest.joined.type, 'room.lobby', JSON.stringify(guest.joined));
		const host = inside[0];
		const lobby = await host.next((m) => m.type === 'event' && m.event === 'lobby' && m.data.waiting.length === 1);
		host.send({ type: 'room.control', meeting: id, action: 'admit', conn: lobby.data.waiting[0].conn, ref: 31 });
		assert.equal((await host.next((m) => m.type === 'error' && m.ref === 31)).code, 'room_full');

		/* one leaves: the fifth gets in */
		inside[3].send({ type: 'room.leave', meeting: id });
		await inside[3].next('room.left');
		const now = await joinRoom(srv, c.krasnodar, id);
		assert.equal(now.joined.type, 'room.joined', JSON.stringify(now.joined));
		for (const ws of [...inside, fifth, guest, now])
			ws.close();
	});
});
