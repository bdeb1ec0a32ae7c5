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

import { readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { startServer } from '../tests/api/lib/server.mjs';
import { wsConnect } from '../tests/api/lib/ws.mjs';

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
	const { startServer: startWeb } = await import('../tests/browser/lib/server.mjs');
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

const s = await signalling();
console.log(`signalling: ${s.rooms} rooms, ${s.connections} WebSocket clients; mesh setup sent in ${s.setupMs} ms, then ${STEADY_S} s of trickle`);
console.log(`  relayed ${s.relayed} signals; relay latency p50 ${s.p50} ms, p95 ${s.p95} ms, p99 ${s.p99} ms`);
console.log(`  server CPU ${s.cpu.toFixed(2)} s over ${s.wall.toFixed(1)} s wall (${s.cpuPct.toFixed(1)} % of one core); RSS ${(s.rss0 / 1024).toFixed(1)} MiB idle -> ${(s.rss1 / 1024).toFixed(1)} MiB with the rooms`);
const t = await joinToFrame();
const sorted = t.slice().sort((a, b) => a - b);
console.log(`join -> first remote frame (Chromium, fake devices, 127.0.0.1): ${t.join(', ')} ms; median ${sorted[Math.floor(sorted.length / 2)]} ms`);
