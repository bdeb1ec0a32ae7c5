// Recording a live room on Janus (issue 13 item 5): a host starts and stops
// it over the WebSocket (room.control record_start / record_stop), Janus
// records every publisher (VideoRoom's configure with "record" and a
// "filename" under --files), also one who publishes after the start, and the
// real janus-pp-rec converts the tracks once it stops. Against the real Janus
// and real media: the publishers are RTCPeerConnections of headless Chromium
// with its fake camera and microphone, signalled through pobratim by this
// test's WebSockets. Also: everyone in the room is told (the room's state
// carries the recording, for late joiners too), refusals (not a host, not
// in the room, twice, nothing to stop, a room without the media server),
// the recording stops when the last host leaves (at once) or its connection
// drops and no host comes back within --room-host-grace, and a Janus killed in the middle
// leaves what it recorded and the recording goes on into new tracks.
// Skipped, with the reason, where Janus or janus-pp-rec is not installed.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { assertJson, signInAll, startServer, waitFor } from './lib/server.mjs';
import { wsConnect } from './lib/ws.mjs';
import { PP_REC, waitStatus } from './lib/recordings.mjs';
import { cityId, joinRoom, meeting } from './lib/rooms.mjs';
import { launchChromium } from '../browser/lib/page.mjs';

const JANUS = '/usr/bin/janus';
const skip = !fs.existsSync(JANUS) ? `${JANUS} is not installed (apt-get install janus)`
	: !fs.existsSync(PP_REC) ? `${PP_REC} is not installed (apt-get install janus-tools)` : false;

/* --room-host-grace of this suite: a dropped host has this long to come back before the recording stops */
const HOST_GRACE = 15;

const janusPids = (srv) => [...srv.stderr().matchAll(/media: Janus ready \(pid (\d+)/g)].map((m) => Number(m[1]));


/* In the room (asserted): a connection of who's. */
async function enter(srv, who, id) {
	const ws = await joinRoom(srv, who, id);
	assert.equal(ws.joined.type, 'room.joined', JSON.stringify(ws.joined));
	return ws;
}

/* A host control; resolves with room.done or the error of the same ref. */
let refs = 100;
async function control(ws, id, action, extra = {}) {
	const ref = ++refs;
	ws.send({ type: 'room.control', meeting: id, action, ref, ...extra });
	return ws.next((m) => m.ref === ref || (m.type === 'room.done' && m.action === action), 20000);
}

/* The next state event of the room whose recording is (or is not) on. */
const recordingState = (ws, on) => ws.next((m) => m.type === 'event' && m.event === 'state' &&
    (m.data.recording !== null) === on, 20000);

/*
 * A publisher in a Chromium page: its fake camera and microphone (Opus,
 * VP8) offered to pobratim for `ws` as "publisher", with every candidate in
 * the offer; resolves once the connection to Janus is up.
 */
async function publish(page, ws, id) {
	const sdp = await page.evaluate(async () => {
		window.pcs?.forEach((pc) => pc.close());
		const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: { width: 320, height: 240 } });
		const pc = new RTCPeerConnection();
		window.pcs = [...(window.pcs ?? []), pc];
		window.pc = pc;
		for (const track of stream.getTracks()) {
			const t = pc.addTransceiver(track, { direction: 'sendonly' });
			if (track.kind === 'video')
				t.setCodecPreferences(RTCRtpSender.getCapabilities('video').codecs.filter((c) => c.mimeType === 'video/VP8'));
		}
		await pc.setLocalDescription();
		await new Promise((resolve) => {
			if (pc.iceGatheringState === 'complete')
				resolve();
			pc.onicegatheringstatechange = () => pc.iceGatheringState === 'complete' && resolve();
		});
		return pc.localDescription.sdp;
	});
	ws.send({ type: 'signal', meeting: id, to: 'publisher', kind: 'offer', data: { type: 'offer', sdp } });
	const answer = await ws.next((m) => (m.type === 'signal' && m.from === 'publisher') || m.type === 'error', 20000);
	assert.equal(answer.kind, 'answer', JSON.stringify(answer));
	await page.evaluate((a) => window.pc.setRemoteDescription(a), answer.data);
	await page.waitForFunction(() => window.pc.connectionState === 'connected', null, { timeout: 30000 });
}

/* The .mjr files of recording rec: { name: bytes }. */
function tracks(srv, rec) {
	const dir = path.join(srv.tmp, 'files', 'recordings', String(rec));
	if (!fs.existsSync(dir))
		return {};
	return Object.fromEntries(fs.readdirSync(dir).filter((f) => f.endsWith('.mjr'))
	    .map((f) => [f, fs.statSync(path.join(dir, f)).size]));
}

/*
 * Waits until recording rec has n publishers' audio and video tracks (named
 * p<publisher>-audio-0.mjr and p<publisher>-video-1.mjr), each past `bytes`.
 */
function recorded(srv, rec, n, bytes = 30000) {
	const full = () => {
		const t = tracks(srv, rec);
		return Object.keys(t).filter((f) => /^p\d+-audio-0\.mjr$/.test(f) && t[f] > bytes &&
		    t[f.replace('-audio-0', '-video-1')] > bytes).length >= n;
	};
	return waitFor(full, () => `recording ${rec}: tracks ${JSON.stringify(tracks(srv, rec))}, ` +
	    `wanted ${n} publishers past ${bytes} bytes`);
}

describe('recording a room on Janus', { skip }, () => {
	let srv, browser, c, minsk, harbin, krasnodar;
	before(async () => {
		browser = await launchChromium(['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream',
			'--disable-features=WebRtcHideLocalIpsWithMdns']);
		srv = await startServer({ args: ['--media', 'janus'], env: { POBRATIM_ROOM_HOST_GRACE: String(HOST_GRACE) } });
		c = await signInAll(srv, { staff: 'staff@pobratim.demo', partner: 'partner@pobratim.demo',
			harbin: 'partner.harbin@pobratim.demo', krasnodar: 'staff.krasnodar@pobratim.demo',
			admin: 'admin@pobratim.demo' });
		minsk = await cityId(srv, 'Minsk');
		harbin = await cityId(srv, 'Harbin');
		krasnodar = await cityId(srv, 'Krasnodar');
		await srv.stderrHas('media: Janus ready');
	});
	after(async () => {
		await browser?.close();
		await srv?.stop();
	});

	/* A page to publish from, on the server's origin (a secure context: loopback). */
	async function sourcePage() {
		const context = await browser.newContext({ permissions: ['camera', 'microphone'] });
		const page = await context.newPage();
		await page.goto(`http://127.0.0.1:${srv.port}/api/v1/health`);
		return page;
	}

	test('the host records; a publisher before and one after the start; stop: playable tracks of both', async (t) => {
		const id = await meeting(c.staff, [minsk, harbin]);
		const host = await enter(srv, c.staff, id);
		assert.equal(host.joined.media, 'sfu');
		assert.equal(host.joined.state.recording, null, 'nothing records yet');
		const partner = await enter(srv, c.partner, id);
		const hostPage = await sourcePage();
		await publish(hostPage, host, id);

		/* refusals: not a host, not in the room, nothing to stop */
		assert.equal((await control(partner, id, 'record_start')).code, 'not_host');
		assert.equal((await control(partner, id, 'record_stop')).code, 'not_host');
		const outsider = await wsConnect(srv.port, { cookie: c.harbin.cookie });
		outsider.send({ type: 'room.control', meeting: id, action: 'record_start', ref: 5 });
		assert.equal((await outsider.next((m) => m.ref === 5)).code, 'not_in_room');
		assert.equal((await control(host, id, 'record_stop')).code, 'not_recording');

		/* the host starts: everyone is told, with who and since when */
		const started = Date.now();
		assert.equal((await control(host, id, 'record_start')).type, 'room.done');
		const on = await recordingState(partner, true);
		assert.equal(on.data.recording.by, c.staff.user.name);
		assert.ok(Math.abs(Date.parse(on.data.recording.since) - started) < 5000, on.data.recording.since);
		await recordingState(host, true);
		const rec = on.data.recording.id;
		assert.equal((await control(host, id, 'record_start')).code, 'already_recording');
		const listed = assertJson(await c.partner.api('GET', `/meetings/${id}/recordings`), 200).items;
		assert.deepEqual(listed.map((r) => [r.id, r.status]), [[rec, 'recording']]);

		/* a late joiner sees it in the room's state; one who publishes now is recorded too */
		outsider.send({ type: 'room.join', meeting: id });
		const late = await outsider.next((m) => m.type === 'room.joined' || m.type === 'error', 15000);
		assert.equal(late.type, 'room.joined', JSON.stringify(late));
		assert.deepEqual(late.state.recording, on.data.recording);
		const harbinPage = await sourcePage();
		await publish(harbinPage, outsider, id);
		await recorded(srv, rec, 2);
		/* still refused to a participant while it records */
		assert.equal((await control(outsider, id, 'record_stop')).code, 'not_host');

		/* stop: Janus closes the files, the converter makes them playable */
		const stopped = Date.now();
		assert.equal((await control(host, id, 'record_stop')).type, 'room.done');
		const answered = Date.now();
		assert.equal((await recordingState(partner, false)).data.recording, null);
		const ready = await waitStatus(c.partner, id, rec, ['ready', 'failed']);
		t.diagnostic(`figure: record_stop answered in ${answered - stopped} ms; ready ${Date.now() - stopped} ms ` +
		    `after it (4 tracks, ${ready.files.map((f) => `${f.kind} ${f.duration_ms} ms`).join(', ')})`);
		assert.equal(ready.status, 'ready', JSON.stringify(ready));
		assert.equal(ready.files.length, 4, JSON.stringify(ready.files));
		const byName = (name, kind) => ready.files.find((f) => f.participant.name === name && f.kind === kind);
		for (const who of [c.staff.user.name, c.harbin.user.name]) {
			const audio = byName(who, 'audio'), video = byName(who, 'video');
			assert.ok(audio && video, `${who}'s audio and video: ${JSON.stringify(ready.files)}`);
			assert.deepEqual([audio.codec, audio.mime], ['opus', 'audio/ogg']);
			assert.deepEqual([video.codec, video.mime], ['vp8', 'video/webm']);
			for (const f of [audio, video]) {
				assert.ok(f.duration_ms > 0, `${who}'s ${f.kind} lasts ${f.duration_ms} ms`);
				const r = await c.partner.api('GET', `/recordings/${rec}/files/${f.id}`);
				assert.equal(r.status, 200);
				assert.equal(r.raw.length, f.bytes);
			}
		}
		assert.equal(byName(c.harbin.user.name, 'audio').participant.city_en, 'Harbin');
		assert.deepEqual(Object.keys(tracks(srv, rec)), [], 'the .mjr files are gone once converted');
		for (const ws of [host, partner, outsider])
			ws.close();
		await hostPage.context().close();
		await harbinPage.context().close();
	});

	test('the last host leaves: the recording stops; a Janus killed mid-recording leaves its tracks, new ones follow', async () => {
		const id = await meeting(c.staff, [minsk, krasnodar]);
		const host = await enter(srv, c.staff, id);
		const second = await enter(srv, c.krasnodar, id);	/* staff of another organization: not a host */
		assert.equal(second.joined.host, false);
		const page = await sourcePage();
		await publish(page, host, id);
		assert.equal((await control(host, id, 'record_start')).type, 'room.done');
		const rec = (await recordingState(second, true)).data.recording.id;
		await recorded(srv, rec, 1);

		/* Janus dies: it restarts, the room's members are told to publish anew, into new tracks */
		const before = janusPids(srv);
		process.kill(before.at(-1), 'SIGKILL');
		await host.next('room.media.reset', 30000);
		await publish(page, host, id);
		await recorded(srv, rec, 2);
		assert.notDeepEqual(janusPids(srv), before);
		assert.ok(assertJson(await c.staff.api('GET', `/meetings/${id}/recordings`), 200).items
		    .some((r) => r.id === rec && r.status === 'recording'), 'the recording goes on');

		/* the only host leaves: nobody could stop it any more, so it stops */
		host.send({ type: 'room.leave', meeting: id });
		await host.next('room.left');
		assert.equal((await recordingState(second, false)).data.recording, null);
		const ready = await waitStatus(c.staff, id, rec, ['ready', 'failed']);
		assert.equal(ready.status, 'ready', JSON.stringify(ready));
		assert.equal(ready.files.length, 4, 'the tracks of both Janus processes');
		for (const f of ready.files) {
			assert.equal(f.participant.name, c.staff.user.name);
			assert.ok(f.duration_ms > 0, `${f.kind} lasts ${f.duration_ms} ms`);
		}
		second.close();
		host.close();
		await page.context().close();
	});
	test('the host\'s connection drops: the recording waits for a host, goes on when one comes back, stops when none does', async () => {
		const id = await meeting(c.staff, [minsk]);
		let host = await enter(srv, c.staff, id);
		const second = await enter(srv, c.partner, id);
		assert.equal((await control(host, id, 'record_start')).type, 'room.done');
		const rec = (await recordingState(second, true)).data.recording.id;

		/* a reload or a network change: the connection goes without a leave, and the host is back */
		host.close();
		await srv.stderrHas(`room ${id}: the last host's connection dropped: the recording stops in ${HOST_GRACE} s`);
		host = await enter(srv, c.staff, id);
		assert.equal(host.joined.state.recording?.id, rec, 'the recording went on while the host was away');

		/* it drops again and nobody comes back: the recording stops after the grace, not before */
		const dropped = Date.now();
		host.close();
		assert.equal((await second.next((m) => m.type === 'event' && m.event === 'state' && m.data.recording === null,
		    HOST_GRACE * 1000 + 60000)).data.recording, null);
		const waited = Date.now() - dropped;
		assert.ok(waited >= (HOST_GRACE - 1) * 1000, `stopped ${waited} ms after the drop, before the ${HOST_GRACE} s grace`);
		await srv.stderrHas(`room ${id}: no host came back in ${HOST_GRACE} s: the recording stopped`);
		const done = await waitStatus(c.staff, id, rec, ['ready', 'failed']);
		assert.notEqual(done.status, 'recording');
		second.close();
	});
	test('the host signs out: the server closes the connection, which is leaving, not a drop; the recording stops', async () => {
		const id = await meeting(c.staff, [minsk]);
		const own = srv.client();
		await own.signIn('staff@pobratim.demo');
		const host = await enter(srv, own, id);
		const second = await enter(srv, c.partner, id);
		assert.equal((await control(host, id, 'record_start')).type, 'room.done');
		const rec = (await recordingState(second, true)).data.recording.id;
		assert.equal((await own.api('DELETE', '/session')).status, 204);
		assert.equal((await host.closed).code, 4401);
		/* stopped as by room.leave, without the grace a dropped connection gets */
		assert.equal((await recordingState(second, false)).data.recording, null);
		await srv.stderrHas(`room ${id}: no host is left: the recording stopped`);
		assert.ok(!srv.stderr().includes(`room ${id}: the last host's connection dropped`),
		    'a closed session is not a dropped connection');
		assert.notEqual((await waitStatus(c.staff, id, rec, ['ready', 'failed'])).status, 'recording');
		second.close();
	});
	test('rights are checked at every message: a host who loses the right may no longer start or stop it', async () => {
		const id = await meeting(c.staff, [minsk]);
		const admin = await enter(srv, c.admin, id);
		const staff = await enter(srv, c.staff, id);
		assert.equal(staff.joined.host, true);
		assert.equal((await control(staff, id, 'record_start')).type, 'room.done');
		await recordingState(admin, true);
		const user = c.staff.user.id;
		try {
			assertJson(await c.admin.api('PATCH', `/users/${user}`, { body: { role: 'correspondent' } }), 200);
			/* the old connection is closed (4403); the new one is no host */
			const again = await enter(srv, c.staff, id);
			assert.equal(again.joined.host, false);
			assert.equal((await control(again, id, 'record_stop')).code, 'not_host');
			assert.equal((await control(again, id, 'record_start')).code, 'not_host');
			/* a host is still inside: the recording goes on, and that host stops it */
			assert.equal(again.joined.state.recording?.by, c.staff.user.name);
			assert.equal((await control(admin, id, 'record_stop')).type, 'room.done');
			assert.equal((await recordingState(again, false)).data.recording, null);
			again.close();
		} finally {
			assertJson(await c.admin.api('PATCH', `/users/${user}`, { body: { role: 'staff' } }), 200);
		}
		admin.close();
		staff.close();
	});

	test('the server stops while a room records: the recording stops first, and is converted at the next start', async () => {
		const id = await meeting(c.staff, [minsk]);
		const host = await enter(srv, c.staff, id);
		const page = await sourcePage();
		await publish(page, host, id);
		assert.equal((await control(host, id, 'record_start')).type, 'room.done');
		const rec = (await recordingState(host, true)).data.recording.id;
		await recorded(srv, rec, 1);
		await srv.restart();	/* SIGTERM, exit 0, up again on the same database */
		assert.match(srv.stderr(), new RegExp(`room ${id}: the server stops: its recording stopped`));
		const ready = await waitStatus(c.staff, id, rec, ['ready', 'failed']);
		assert.equal(ready.status, 'ready', JSON.stringify(ready));
		assert.equal(ready.files.length, 2);
		assert.ok(ready.files.every((f) => f.duration_ms > 0), JSON.stringify(ready.files));
		host.close();
		await page.context().close();
	});
});

describe('recording a room without the media server', () => {
	let srv, c;
	before(async () => {
		srv = await startServer({ args: ['--media', 'mesh'] });
		c = await signInAll(srv, { staff: 'staff@pobratim.demo' });
	});
	after(async () => { await srv?.stop(); });

	test('is refused: nothing passes through the server to record', async () => {
		const id = await meeting(c.staff, []);
		const host = await enter(srv, c.staff, id);
		assert.equal(host.joined.media, 'mesh');
		const e = await control(host, id, 'record_start');
		assert.equal(e.code, 'recording_unavailable');
		assert.deepEqual(assertJson(await c.staff.api('GET', `/meetings/${id}/recordings`), 200).items, []);
		host.close();
	});
});
