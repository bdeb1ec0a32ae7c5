// Benchmark of live meeting rooms (make bench-rooms).
//
// 1. Signalling load: 100 rooms of 3 WebSocket clients each (host, partner,
//    admin) enter, exchange offers/answers (3 KB SDP) and ICE candidates for
//    every pair as a mesh does, then keep up a realistic trickle for 20 s: an
//    ICE candidate or device change per client every 2 s, a chat message per
//    room every 5 s. Reported: the server's CPU time and peak RSS, and the
//    relay latency (send -> receipt at the peer).
// 2. Join to first remote frame: in headless Chromium with fake devices, a
//    second participant clicks Join on the meeting page while the host is in
//    the room; the time until its first decoded remote video frame.
// 3. The same room on the mesh and on Janus in one run (the web client, one
//    headless page each, fake camera 960x540 at 5 fps and a steady tone):
//    the mesh with its most, 4 people, and Janus with 4 and with 8. Joins in
//    turn, then each one but the host leaves and enters again while the
//    others are in: join -> first remote frame and -> every remote video
//    (median, p95); peer connections per client; each client's upload
//    bitrate (getStats, over 10 s); CPU and RSS of pobratim and Janus (/proc).
// 4. Big rooms on Janus with the light client of bench/lib/room-client.js
//    (the same protocol and simulcast layers, no user interface, several
//    participants per page): 25 speakers held for 60 s (frames still
//    advancing at the end? CPU), and 8 speakers with 40 receive-only
//    subscribers (clients that enter and never publish). Their fake camera is
//    320x180 (BIG_CAMERA=WxH to change), still in three simulcast layers: 25
//    encoders of 960x540 in one machine's pages starved its two cores.
//
// BENCH_ROOMS=signalling,join,ui,big picks parts (all by default);
// UI_ROOMS=mesh:4,janus:4,janus:8 the rooms of part 3; BIG_ROOMS=25x0x60,8x40x20 the
// big rooms (speakers x receive-only x seconds held). A room that fails is reported as
// such and the next one runs.
import { readFileSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { chromium } from 'playwright-core';
import { startServer } from '../tests/api/lib/server.mjs';
import { wsConnect } from '../tests/api/lib/ws.mjs';
import { fakeMediaFiles, mediaPorts } from '../tests/browser/lib/fake-media.mjs';
import { startServer as startWeb } from '../tests/browser/lib/server.mjs';
import { countPeerConnections, janusStarts } from '../tests/browser/lib/room.mjs';

const ROOMS = Number(process.env.ROOMS || 100);
const STEADY_S = Number(process.env.STEADY_S || 20);
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const SDP = `v=0\r\n${'a=candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host\r\n'.repeat(48)}`;	/* ~3 KB */

function cpuTicks(pid) {
	const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
	return Number(f[11]) + Number(f[12]);	/* utime + stime */
}
const rssKb = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]);
const pct = (a, p) => a.slice().sort((x, y) => x - y)[Math.min(a.length - 1, Math.floor(a.length * p))];

async function signalling() {
	const srv = await startServer({ args: ['--media', 'mesh'] });
	const pid = srv.child.pid;
	const who = ['staff@pobratim.demo', 'partner@pobratim.demo', 'admin@pobratim.demo'];
	const clients = [];
	for (const e of who)
		clients.push(await srv.client().signIn(e));
	const minsk = (await srv.api('GET', '/cities?q=Minsk&limit=1')).json.items[0].id;
	const ids = [];
	for (let i = 0; i < ROOMS; i++) {
		const r = await clients[0].api('POST', '/meetings', { body: { title_ru: `Комната ${i}`, title_en: `Room ${i}`,
			format: 'video', timezone: 'Europe/Moscow', starts_at: '2026-12-07T08:00:00Z', duration: 60,
			participants: [{ role: 'host', organization_id: clients[0].user.organization.id }, { role: 'participant', city_id: minsk }] } });
		ids.push(r.json.id);
	}
	const rss0 = rssKb(pid);
	const cpu0 = cpuTicks(pid);
	const t0 = Date.now();
	const latencies = [];
	let relayed = 0;
	const rooms = [];
	for (const id of ids) {
		const members = [];
		for (const c of clients) {
			const ws = await wsConnect(srv.port, { cookie: c.cookie });
			ws.send({ type: 'room.join', meeting: id });
			ws.self = (await ws.next('room.joined')).self;
			members.push(ws);
		}
		rooms.push({ id, members });
	}
	const sendSignal = (room, from, to, kind, data) => {
		from.send({ type: 'signal', meeting: room.id, to: to.self, kind, data: { ...data, t: Date.now() } });
	};
	/* the receiving side: record latency of every relayed signal, drop the rest */
	for (const room of rooms)
		for (const ws of room.members) {
			const orig = ws.onData;
			ws.onData = function (d) {
				orig.call(this, d);
				for (const m of this.messages.splice(0))
					if (m.type === 'signal') {
						relayed++;
						latencies.push(Date.now() - m.data.t);
					}
			};
		}
	/* mesh setup: each pair an offer, an answer and 4 candidates each way */
	for (const room of rooms) {
		const [a, b, c] = room.members;
		for (const [x, y] of [[c, a], [c, b], [b, a]]) {
			sendSignal(room, x, y, 'offer', { type: 'offer', sdp: SDP });
			sendSignal(room, y, x, 'answer', { type: 'answer', sdp: SDP });
			for (let k = 0; k < 4; k++) {
				sendSignal(room, x, y, 'ice', { candidate: `candidate:${k} 1 udp 2122260223 127.0.0.1 ${50000 + k} typ host`, sdpMid: '0' });
				sendSignal(room, y, x, 'ice', { candidate: `candidate:${k} 1 udp 2122260223 127.0.0.1 ${51000 + k} typ host`, sdpMid: '0' });
			}
		}
	}
	const setupMs = Date.now() - t0;
	/* steady trickle */
	const end = Date.now() + STEADY_S * 1000;
	let tick = 0;
	while (Date.now() < end) {
		await new Promise((r) => setTimeout(r, 100));
		tick++;
		for (let i = 0; i < rooms.length; i++) {
			const room = rooms[i];
			if ((tick + i) % 20 === 0)
				for (const [x, y] of [[0, 1], [1, 2], [2, 0]])
					sendSignal(room, room.members[x], room.members[y], 'ice', { candidate: 'candidate:9 1 udp 1 127.0.0.1 9 typ host', sdpMid: '1' });
			if ((tick + i) % 50 === 0) {
				room.members[i % 3].send({ type: 'chat', meeting: room.id, text: 'Коллеги, переходим к следующему пункту повестки.' });
				room.members[(i + 1) % 3].send({ type: 'media', meeting: room.id, mic: tick % 2 === 0, cam: true, screen: false });
			}
		}
	}
	await new Promise((r) => setTimeout(r, 500));
	const cpu = (cpuTicks(pid) - cpu0) / 100;	/* seconds at USER_HZ 100 */
	const wall = (Date.now() - t0) / 1000;
	const rss1 = rssKb(pid);
	for (const room of rooms)
		for (const ws of room.members)
			ws.destroy();
	await srv.stop();
	return { rooms: ROOMS, connections: ROOMS * 3, setupMs, wall, cpu, cpuPct: (100 * cpu / wall), rss0, rss1, relayed,
		p50: pct(latencies, 0.5), p95: pct(latencies, 0.95), p99: pct(latencies, 0.99) };
}

async function joinToFrame() {
	const MEDIA_ARGS = ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream',
		'--disable-features=WebRtcHideLocalIpsWithMdns'];
	const srv = await startWeb({ env: { POBRATIM_MEDIA: 'mesh' } });
	const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true,
		args: ['--headless', '--no-sandbox', '--disable-gpu', ...MEDIA_ARGS] });
	const page = async (email) => {
		const ctx = await browser.newContext({ baseURL: srv.url, viewport: { width: 960, height: 640 }, permissions: ['camera', 'microphone'] });
		const p = await ctx.newPage();
		await p.goto('/login');
		await p.getByLabel(/^(Электронная почта|Email)/).fill(email);
		await p.getByLabel(/^(Пароль|Password)/).fill('demo-password');
		await p.getByRole('button', { name: /^(Войти|Sign in)$/ }).click();
		await p.waitForURL((u) => u.pathname === '/');
		return { ctx, p };
	};
	const host = await page('staff@pobratim.demo');
	const guest = await page('partner@pobratim.demo');
	const times = [];
	for (let i = 0; i < 5; i++) {
		const id = await host.p.evaluate(async () => {
			const me = await (await fetch('/api/v1/me')).json();
			const minsk = (await (await fetch('/api/v1/cities?q=Minsk&limit=1')).json()).items[0].id;
			const r = await fetch('/api/v1/meetings', { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrf_token },
				body: JSON.stringify({ title_ru: 'Замер', title_en: 'Timing', format: 'video', timezone: 'Europe/Moscow',
					starts_at: '2026-12-07T08:00:00Z', duration: 60, participants: [{ role: 'host', organization_id: me.user.organization.id },
						{ role: 'participant', city_id: minsk }] }) });
			return (await r.json()).id;
		});
		await host.p.goto(`/meetings/${id}/room`);
		await host.p.locator('.room-tile').first().waitFor();
		await guest.p.goto(`/meetings/${id}`);
		await guest.p.getByTestId('join').waitFor();
		const t0 = Date.now();
		await guest.p.getByTestId('join').click();
		await guest.p.waitForFunction(async () => {
			const r = window.__pobratimRoom;
			if (!r) return false;
			for (const pc of r.pcs.values()) {
				let f = 0;
				(await pc.getStats()).forEach((s) => { if (s.type === 'inbound-rtp' && s.kind === 'video') f += s.framesDecoded ?? 0; });
				if (f > 0) return true;
			}
			return false;
		}, null, { polling: 20, timeout: 20000 });
		times.push(Date.now() - t0);
		await guest.p.goto('/');
	}
	await browser.close();
	await srv.stop();
	return times;
}


// --- 3 and 4: rooms with media, the mesh against Janus ---

const PARTS = (process.env.BENCH_ROOMS || 'signalling,join,ui,big').split(',');
const HOLD_S = Number(process.env.HOLD_S || 60);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const median = (a) => pct(a, 0.5);
const load = () => loadavg().map((x) => x.toFixed(1)).join(' ');
const CLIENT = readFileSync(new URL('./lib/room-client.js', import.meta.url), 'utf8');

/* A server with media (mesh or janus, its own UDP ports) and a Chromium with the fake files. */
async function mediaRig(mode, files) {
	/* BENCH_ROOMS_LOG=file: the server's whole log goes there (the last room's) */
	const srv = await startWeb({ env: { POBRATIM_MEDIA: mode, POBRATIM_MEDIA_PORTS: mediaPorts(400) },
		logFile: process.env.BENCH_ROOMS_LOG });
	let janus = 0;
	for (let i = 0; mode === 'janus' && !(janus = janusStarts(srv.log())[0]); i++) {
		if (i > 300) throw new Error(`Janus never ready:\n${srv.log().slice(-2000)}`);
		await sleep(100);
	}
	const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true,
		args: ['--headless', '--no-sandbox', '--disable-gpu', ...files.args,
			'--disable-features=WebRtcHideLocalIpsWithMdns', '--autoplay-policy=no-user-gesture-required'] });
	const pids = { pobratim: srv.child.pid, ...(janus ? { janus } : {}) };
	return { srv, browser, pids, async close() { await browser.close(); await srv.stop(); } };
}

/* A signed-in page of its own context; `next` where it lands. */
async function signedIn(rig, email, next = '/meetings') {
	const ctx = await rig.browser.newContext({ baseURL: rig.srv.url, viewport: { width: 960, height: 640 },
		permissions: ['camera', 'microphone'], locale: 'ru-RU' });
	ctx.setDefaultTimeout(60000);
	await ctx.addInitScript(countPeerConnections);
	const p = await ctx.newPage();
	await p.goto(`/login?next=${encodeURIComponent(next)}`);
	await p.getByLabel(/^(Электронная почта|Email)/).fill(email);
	await p.getByLabel(/^(Пароль|Password)/).fill('demo-password');
	await p.getByRole('button', { name: /^(Войти|Sign in)$/ }).click();
	await p.waitForURL((u) => u.pathname === next);
	return { ctx, p };
}

/* A video meeting of the host's organization with Minsk (whose partner account the others use); its id. */
function makeMeeting(page) {
	return page.evaluate(async () => {
		const me = await (await fetch('/api/v1/me')).json();
		const minsk = (await (await fetch('/api/v1/cities?q=Minsk&limit=1')).json()).items[0].id;
		const r = await fetch('/api/v1/meetings', { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrf_token },
			body: JSON.stringify({ title_ru: 'Замер', title_en: 'Timing', format: 'video', timezone: 'Europe/Moscow',
				starts_at: '2026-12-07T08:00:00Z', duration: 120, participants: [{ role: 'host', organization_id: me.user.organization.id },
					{ role: 'participant', city_id: minsk }] }) });
		return (await r.json()).id;
	});
}

/* CPU (s) and RSS (MiB) of the rig's processes over fn(). */
async function measured(pids, fn) {
	const cpu0 = Object.fromEntries(Object.entries(pids).map(([k, pid]) => [k, cpuTicks(pid)]));
	const t0 = Date.now();
	const out = await fn();
	const wall = (Date.now() - t0) / 1000;
	const use = {};
	for (const [k, pid] of Object.entries(pids))
		use[k] = { cpuPct: (100 * (cpuTicks(pid) - cpu0[k]) / 100) / wall, rssMiB: rssKb(pid) / 1024 };
	return { out, wall, use };
}
const useText = (use) => Object.entries(use).map(([k, u]) => `${k} ${u.cpuPct.toFixed(0)} % of a core, RSS ${u.rssMiB.toFixed(0)} MiB`).join('; ');

/* In a web client's page: decoded frames per remote participant, bytes sent, open connections. */
function uiStats(page) {
	return page.evaluate(async () => {
		const r = window.__pobratimRoom;
		const frames = {};
		for (const fig of document.querySelectorAll('figure.room-tile:not([data-self])')) {
			const v = fig.querySelector('video');
			frames[fig.dataset.conn] = v && v.srcObject ? v.getVideoPlaybackQuality().totalVideoFrames : 0;
		}
		let decoded = 0;
		const sent = {};
		for (const [key, pc] of r?.pcs ?? [])
			(await pc.getStats()).forEach((s) => {
				if (s.type === 'outbound-rtp') sent[`${key} ${s.id}`] = (s.bytesSent ?? 0);
				if (s.type === 'inbound-rtp' && s.kind === 'video') decoded += s.framesDecoded ?? 0;
			});
		return { frames, sent, decoded, pcs: window.__pcs(), self: r?.view.self };
	});
}

/* Bytes sent between two uiStats().sent (per stream of each connection; one made anew counts from 0). */
function sentSince(before, after) {
	let n = 0;
	for (const [k, b] of Object.entries(after))
		n += b >= (before[k] ?? 0) ? b - (before[k] ?? 0) : b;
	return n;
}

/* Waits until every one of `others` (counted) shows advancing frames on the page; Date.now() then, or 0 after ms. */
async function allAdvancing(get, others, ms) {
	const deadline = Date.now() + ms;
	let before = await get();
	while (Date.now() < deadline) {
		await sleep(250);
		const now = await get();
		const ok = Object.entries(now).filter(([c, f]) => f > (before[c] ?? 0)).length;
		if (ok >= others)
			return Date.now();
		before = now;
	}
	return 0;
}

/* Part 3: n people through the web client on one media mode. */
async function uiRoom(mode, n, files) {
	const rig = await mediaRig(mode, files);
	try {
		const host = await signedIn(rig, 'staff@pobratim.demo');
		const id = await makeMeeting(host.p);
		const room = `/meetings/${id}/room`;
		const people = [host];
		for (let i = 1; i < n; i++)
			people.push(await signedIn(rig, 'partner@pobratim.demo'));
		const enter = async (x) => {
			const t0 = Date.now();
			await x.p.goto(room);
			await x.p.waitForFunction(() => window.__pobratimRoom?.view.phase.kind === 'in');
			return t0;
		};
		const seeAll = (x, ms = 180000) => allAdvancing(async () => (await uiStats(x.p)).frames, n - 1, ms);
		for (const x of people)
			await enter(x);
		const ready = await Promise.all(people.map((x) => seeAll(x)));
		const held = ready.every((r) => r > 0);
		/* upload bitrate and the servers' CPU over 10 s, everyone in */
		const sent0 = await Promise.all(people.map((x) => uiStats(x.p)));
		const m = await measured(rig.pids, () => sleep(10000));
		const sent1 = await Promise.all(people.map((x) => uiStats(x.p)));
		const kbps = sent1.map((s, i) => Math.round(sentSince(sent0[i].sent, s.sent) * 8 / m.wall / 1000));
		/* each one but the host leaves and enters again */
		const first = [], every = [];
		for (const x of people.slice(1)) {
			await x.p.goto('/meetings');
			const t0 = await enter(x);
			for (;;) {
				const st = await uiStats(x.p);
				if (st.decoded > 0) break;
				if (Date.now() - t0 > 120000) throw new Error('no remote frame in 120 s');
				await sleep(50);
			}
			first.push(Date.now() - t0);
			const t = await seeAll(x, 120000);
			every.push(t ? t - t0 : NaN);
		}
		const pcs = sent1.map((s) => s.pcs);
		for (const x of people)
			await x.ctx.close();
		return { mode, n, held, pcs, kbps, first, every, use: m.use, load: load() };
	} finally {
		await rig.close();
	}
}

/* Part 4: a room of light clients; `speakers` publish, `listeners` only receive. */
async function bigRoom(speakers, listeners, holdS, files) {
	const rig = await mediaRig('janus', files);
	try {
		const host = await signedIn(rig, 'staff@pobratim.demo');
		const id = await makeMeeting(host.p);
		const pages = [];
		const page = async () => {
			const x = await signedIn(rig, 'partner@pobratim.demo');
			await x.p.goto('/api/v1/health');
			await x.p.evaluate(CLIENT);
			pages.push(x);
			return x;
		};
		/* five speakers a page, ten listeners a page: handles are kept in the page */
		/* a client that cannot enter within 60 s is counted and left out */
		const join = async (x, publish) => x.p.evaluate(async ([mid, pub]) => {
			window.__clients ??= [];
			try {
				window.__clients.push(await window.benchJoin(mid, { publish: pub }));
				return true;
			} catch {
				return false;
			}
		}, [id, publish]);
		const stats = (x) => x.p.evaluate(() => Promise.all(window.__clients.map((c) => c.stats())));
		let x = null, sp = 0, li = 0;
		for (let i = 0; i < speakers; i++) {
			if (i % 5 === 0) x = await page();
			sp += await join(x, true);
		}
		for (let i = 0; i < listeners; i++) {
			if (i % 10 === 0) x = await page();
			li += await join(x, false);
		}
		const all = async () => (await Promise.all(pages.map(stats))).flat();
		/* until every client receives every speaker but itself, advancing (the speakers come first) */
		const t0 = Date.now();
		let before = await all(), ready = 0, seen = 0;
		while (Date.now() - t0 < 240000) {
			await sleep(1000);
			const now = await all();
			seen = now.filter((c, i) => Object.entries(c.framesByConn).filter(([k, f]) => f > (before[i].framesByConn[k] ?? 0)).length >=
				sp - (i < sp ? 1 : 0)).length;
			before = now;
			if (seen === now.length) { ready = Date.now(); break; }
		}
		/* the receive-only joined with every speaker in: from opening their WebSocket */
		const firsts = before.slice(sp).map((c) => c.firstFrame ? c.firstFrame - c.startedAt : NaN).filter((v) => !Number.isNaN(v));
		/* held: the servers' CPU over holdS, then whether frames still advance everywhere */
		const s0 = await all();
		const m = await measured(rig.pids, () => sleep(holdS * 1000));
		const s1 = await all();
		await sleep(3000);
		const s2 = await all();
		let pairs = 0, moving = 0;
		s2.forEach((c, i) => {
			for (const [k, f] of Object.entries(c.framesByConn)) {
				pairs++;
				if (f > (s1[i].framesByConn[k] ?? 0)) moving++;
			}
		});
		const kbps = s1.slice(0, sp).map((c, i) => Math.round((c.bytesSent - s0[i].bytesSent) * 8 / m.wall / 1000));
		const pcs = { speakers: [...new Set(s2.slice(0, sp).map((c) => c.pcs))], listeners: [...new Set(s2.slice(sp).map((c) => c.pcs))] };
		const errors = [...new Set(s2.flatMap((c) => c.errors))];
		/* the connections' states at the end: a speaker that sent nothing, and why */
		const tally = (xs) => Object.entries(xs.reduce((o, x) => ({ ...o, [x]: (o[x] ?? 0) + 1 }), {}))
			.map(([k, n]) => `${n} ${k}`).join(', ');
		const states = { pub: tally(s2.slice(0, sp).map((c) => c.states.pub)), sub: tally(s2.map((c) => c.states.sub)),
			silent: tally(s2.slice(0, sp).filter((c, i) => kbps[i] === 0).map((c) => c.states.pub)) };
		/* the largest descriptions sent (Janus's old Unix-socket transport read 8 KiB a request) */
		const sdp = { offer: Math.max(0, ...s2.map((c) => c.sdp.offer ?? 0)), answer: Math.max(0, ...s2.map((c) => c.sdp.answer ?? 0)),
			mlines: Math.max(0, ...s2.map((c) => c.sdp.mlines ?? 0)) };
		for (const p of pages)
			await p.ctx.close();
		await host.ctx.close();
		return { speakers, listeners, sp, li, sdp, clients: s2.length, ready: ready ? ready - t0 : 0, seen, firsts, pairs, moving,
			kbps, pcs, errors, states, use: m.use, wall: m.wall, load: load() };
	} finally {
		await rig.close();
	}
}

const ms = (a) => a.length ? `median ${median(a)} ms, p95 ${pct(a, 0.95)} ms (${a.join(', ')})` : 'none';

if (PARTS.includes('signalling')) {
	const s = await signalling();
	console.log(`signalling: ${s.rooms} rooms, ${s.connections} WebSocket clients; mesh setup sent in ${s.setupMs} ms, then ${STEADY_S} s of trickle`);
	console.log(`  relayed ${s.relayed} signals; relay latency p50 ${s.p50} ms, p95 ${s.p95} ms, p99 ${s.p99} ms`);
	console.log(`  server CPU ${s.cpu.toFixed(2)} s over ${s.wall.toFixed(1)} s wall (${s.cpuPct.toFixed(1)} % of one core); RSS ${(s.rss0 / 1024).toFixed(1)} MiB idle -> ${(s.rss1 / 1024).toFixed(1)} MiB with the rooms`);
}
if (PARTS.includes('join')) {
	const t = await joinToFrame();
	const sorted = t.slice().sort((a, b) => a - b);
	console.log(`join -> first remote frame (Chromium, fake devices, 127.0.0.1): ${t.join(', ')} ms; median ${sorted[Math.floor(sorted.length / 2)]} ms`);
}
const files = fakeMediaFiles({ width: 960, height: 540, fps: 5 });
const [bigW, bigH] = (process.env.BIG_CAMERA || '320x180').split('x').map(Number);
const bigFiles = fakeMediaFiles({ width: bigW, height: bigH, fps: 5 });
try {
	if (PARTS.includes('ui')) {
		console.log(`rooms through the web client (fake camera 960x540 at 5 fps, steady tone), load average before: ${load()}`);
		/* UI_ROOMS=mesh:4,janus:4,janus:8 (the default) */
		for (const [mode, n] of (process.env.UI_ROOMS || 'mesh:4,janus:4,janus:8').split(',').map((x) => x.split(':'))) {
			const r = await uiRoom(mode, Number(n), files).catch((e) => ({ error: e }));
			if (r.error) {
				console.log(`  ${mode} ${n} people: FAILED (${r.error.message.split('\n')[0]}); load average ${load()}`);
				continue;
			}
			console.log(`  ${mode} ${n} people: everyone saw everyone ${r.held ? 'yes' : 'NO'}; peer connections per client ${r.pcs.join(' ')}`);
			console.log(`    rejoin -> first remote frame ${ms(r.first)}`);
			console.log(`    rejoin -> every remote video advancing ${ms(r.every)}`);
			console.log(`    upload per client ${r.kbps.join(' ')} kbit/s; ${useText(r.use)}; load average ${r.load}`);
		}
	}
	if (PARTS.includes('big')) {
		/* BIG_ROOMS=SxLxH,…: S speakers, L receive-only, held H s */
		const big = (process.env.BIG_ROOMS || `25x0x${HOLD_S},8x40x20`).split(',').map((r) => r.split('x').map(Number));
		for (const [sp, li, hold] of big) {
			console.log(`Janus, light clients (fake camera ${bigW}x${bigH} at 5 fps): ${sp} speakers, ${li} receive-only; load average before: ${load()}`);
			const r = await bigRoom(sp, li, hold, bigFiles).catch((e) => ({ error: e }));
			if (r.error) {
				console.log(`  FAILED (${r.error.message.split('\n')[0]}); load average ${load()}`);
				continue;
			}
			console.log(`  ${r.sp} of ${r.speakers} speakers and ${r.li} of ${r.listeners} receive-only entered within 60 s each; ${r.clients} clients; all receiving every speaker ${r.ready ? `after ${r.ready} ms` : `NO (${r.seen} of ${r.clients})`}; ` +
				(r.firsts.length ? `receive-only: join -> first remote frame ${ms(r.firsts)}` : ''));
			console.log(`  held ${r.wall.toFixed(0)} s: ${useText(r.use)}; then ${r.moving} of ${r.pairs} received videos advancing; ` +
				`peer connections per speaker ${r.pcs.speakers.join('/')}, per receive-only ${r.pcs.listeners.join('/') || '-'}; errors ${r.errors.join(', ') || 'none'}`);
			console.log(`  upload per speaker ${r.kbps.join(' ')} kbit/s; largest publisher offer ${r.sdp.offer} B, ` +
				`subscription answer ${r.sdp.answer} B (${r.sdp.mlines} m-lines); load average ${r.load}`);
			console.log(`  connections at the end: publishing ${r.states.pub}; receiving ${r.states.sub}; ` +
				`the silent speakers' publishing ${r.states.silent || '-'}`);
		}
	}
} finally {
	rmSync(files.dir, { recursive: true, force: true });
	rmSync(bigFiles.dir, { recursive: true, force: true });
}
