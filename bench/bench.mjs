// make bench: pobratim against references, on loopback only. Bounded: about
// (endpoints x 2 x (BENCH_SECONDS + 1)) seconds plus start-up runs.
//
//   node bench/bench.mjs            (make bench builds first and installs wrk/nginx)
//   BENCH_SECONDS=10 BENCH_CONNECTIONS=64 BENCH_THREADS=2 node bench/bench.mjs
//   BENCH_WS_IDLE=1000,5000,10000 BENCH_WS_BROADCAST=5000 (WebSocket clients; empty and 0 skip)
//   BENCH_ONLY='health|partner' (a regular expression over the endpoint names)
//
// For every endpoint of ENDPOINTS, wrk measures pobratim, then nginx serving
// the very bytes pobratim answered as a static file (another loopback port,
// same run). Prints req/s, p50/p99 and the ratio to nginx; writes
// bench/results/latest.json. docs/performance.md says how to read it.

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { BIN, Client, DEMO, DEMO_PASSWORD, REPO, freePort, rawRequest, setCookie } from '../tests/api/lib/server.mjs';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 64);
const THREADS = Number(process.env.BENCH_THREADS ?? 2);
const STARTUP_RUNS = 5;
const TARGET_RATIO = 0.8;
const TARGET_P99_US = 5000;
const HERE = path.dirname(fileURLToPath(import.meta.url));
const WEB = path.join(REPO, 'web', 'dist');

// The endpoints measured: one line each. path may be a function of the
// context (ctx.asset: a hashed file of the built UI). as: who asks
// (undefined = anonymous, or a key of DEMO). GET /partnerships is for
// partners, staff and admins; /partner-cities is the public list.
const ENDPOINTS = [
	{ name: 'health', path: '/api/v1/health' },
	{ name: 'partner-cities', path: '/api/v1/partner-cities' },
	{ name: 'partnerships (staff)', path: '/api/v1/partnerships', as: 'staff' },
	{ name: 'countries', path: '/api/v1/countries' },
	{ name: 'cities?q=', path: '/api/v1/cities?q=%D0%BC%D0%B8%D0%BD%D1%81%D0%BA&limit=20' },
	{ name: 'dashboard (staff)', path: '/api/v1/dashboard', as: 'staff' },
	{ name: 'static asset', path: (ctx) => ctx.asset },
];

// WebSocket (issue 5, /api/v1/ws): idle authenticated clients and the
// server's RSS per client, then one event delivered to all of them. Every
// client is the staff user's session subscribed to its own channel
// user:<id>; an admin PATCH of that user publishes account.updated to all.
// The broadcast time is measured in this (single) node process from the
// PATCH being sent to each client's receipt, so it includes node's own
// parsing of thousands of frames: an upper bound on the server's share.
const WS_IDLE_STEPS = (process.env.BENCH_WS_IDLE ?? '1000,5000,10000').split(',').filter(Boolean).map(Number);
const WS_BROADCAST = Number(process.env.BENCH_WS_BROADCAST ?? 5000);

async function benchWebSocket(ctx) {
	const { wsConnect } = await import('../tests/api/lib/ws.mjs');
	if (WS_IDLE_STEPS.length === 0 && !WS_BROADCAST)
		return { measured: false };
	const out = { measured: true, targets: { kb_per_idle_client: 4, broadcast_ms: 80 }, idle: [] };
	const clients = [];
	const base = rssKb(ctx.pid);
	const open = async (n) => {
		while (clients.length < n) {
			const batch = Math.min(200, n - clients.length);
			const got = await Promise.all(Array.from({ length: batch }, async () => {
				const ws = await wsConnect(ctx.port, { cookie: ctx.cookies.staff });
				ws.send({ type: 'subscribe', channel: `user:${ctx.staffId}` });
				await ws.next('subscribed', 20000);
				return ws;
			}));
			clients.push(...got);
		}
	};
	try {
		for (const n of [...new Set([...WS_IDLE_STEPS, WS_BROADCAST])].filter(Boolean).sort((a, b) => a - b)) {
			await open(n);
			await sleep(1000);
			const rss = rssKb(ctx.pid);
			const step = { clients: n, rss_kb: rss, kb_per_client: Number(((rss - base) / n).toFixed(2)) };
			step.target_met = step.kb_per_client <= out.targets.kb_per_idle_client;
			if (WS_IDLE_STEPS.includes(n))
				out.idle.push(step);
			console.log(`WebSocket: ${n} idle clients, RSS ${rss} kB (${step.kb_per_client} kB per client over ${base} kB; ` +
			    `target <= ${out.targets.kb_per_idle_client}: ${step.target_met ? 'met' : 'MISSED'})`);
			if (n === WS_BROADCAST) {
				out.broadcast = await benchBroadcast(ctx, clients);
				out.broadcast.target_met = out.broadcast.p99_ms <= out.targets.broadcast_ms;
			}
		}
	} finally {
		for (const ws of clients)
			ws.destroy();
	}
	return out;
}

// One event to every client, WS_ROUNDS times after one first (cold) round.
// A client's time runs from just before the PATCH is sent to the moment its
// socket receives the event frame: the clients no longer parse JSON, which
// in this one node process took longer than the server's part. Prints every
// round; the figures are the medians over the measured rounds.
const WS_ROUNDS = 5;
const EVENT_MARK = 'account.updated';

async function benchBroadcast(ctx, clients) {
	let round = null;
	const saved = clients.map((ws) => ws.sock.listeners('data'));
	for (const ws of clients) {
		ws.sock.removeAllListeners('data');
		ws.sock.on('data', (d) => {
			if (round && d[0] === 0x81 && d.includes(EVENT_MARK))
				round.times.push(Number(process.hrtime.bigint() - round.t0) / 1e6);
		});
	}
	const rounds = [];
	for (let k = 0; k <= WS_ROUNDS; k++) {
		await sleep(300);
		round = { times: [], t0: process.hrtime.bigint() };
		const r = await ctx.admin.api('PATCH', `/users/${ctx.staffId}`, { body: { name: `Bench ${k}` } });
		if (r.status !== 200)
			throw new Error(`PATCH /users: ${r.status} ${r.text}`);
		for (const t = Date.now(); round.times.length < clients.length; await sleep(5))
			if (Date.now() - t > 30000)
				throw new Error(`broadcast: ${round.times.length} of ${clients.length} clients got the event`);
		const t = round.times.sort((a, b) => a - b);
		const at = (q) => Number(t[Math.min(t.length - 1, Math.floor(t.length * q))].toFixed(1));
		rounds.push({ p50_ms: at(0.5), p99_ms: at(0.99), max_ms: Number(t.at(-1).toFixed(1)) });
		console.log(`WebSocket: one event to ${clients.length} clients, ${k === 0 ? 'first' : `round ${k}`}: ` +
		    `p50 ${rounds[k].p50_ms} ms, p99 ${rounds[k].p99_ms} ms, max ${rounds[k].max_ms} ms`);
	}
	round = null;
	clients.forEach((ws, i) => {
		ws.sock.removeAllListeners('data');
		for (const f of saved[i])
			ws.sock.on('data', f);
	});
	const median = (key) => rounds.slice(1).map((x) => x[key]).sort((a, b) => a - b)[WS_ROUNDS >> 1];
	const result = { clients: clients.length, rounds: WS_ROUNDS, p50_ms: median('p50_ms'),
		p99_ms: median('p99_ms'), max_ms: median('max_ms'), first: rounds[0] };
	console.log(`WebSocket: one event to ${clients.length} clients, median of ${WS_ROUNDS} rounds: ` +
	    `p50 ${result.p50_ms} ms, p99 ${result.p99_ms} ms (target <= 80 ms: ${result.p99_ms <= 80 ? 'met' : 'MISSED'})`);
	return result;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function rssKb(pid) {
	const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
	return m ? Number(m[1]) : null;
}

function machine() {
	const cpu = os.cpus();
	const version = (cmd, args, re) => {
		const r = spawnSync(cmd, args, { encoding: 'utf8' });
		const m = re.exec(`${r.stdout}${r.stderr}`);
		return m ? m[1] : null;
	};
	return {
		nproc: cpu.length,
		cpu_model: cpu[0]?.model?.trim() ?? null,
		mem_total_mb: Math.round(os.totalmem() / 1048576),
		kernel: os.release(),
		load_before: os.loadavg().map((x) => Number(x.toFixed(2))),
		wrk: version('wrk', ['-v'], /wrk (\S+)/),
		nginx: version('nginx', ['-v'], /nginx\/(\S+)/),
		node: process.version,
	};
}

function gitCommit() {
	const r = spawnSync('git', ['-C', REPO, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' });
	return r.status === 0 ? r.stdout.trim() : null;
}

async function waitHealthy(port, child, timeoutMs = 15000) {
	const t0 = process.hrtime.bigint();
	for (;;) {
		if (child.exitCode !== null)
			throw new Error(`server exited with ${child.exitCode}`);
		try {
			const r = await rawRequest(port, 'GET', '/api/v1/health', { timeout: 1000 });
			if (r.status === 200)
				return Number(process.hrtime.bigint() - t0) / 1e6;
		} catch {
			// not listening yet
		}
		if (Number(process.hrtime.bigint() - t0) / 1e6 > timeoutMs)
			throw new Error('server did not become healthy');
		await sleep(2);
	}
}

async function startPobratim(tmp, db) {
	const port = await freePort();
	const log = fs.openSync(path.join(tmp, `pobratim-${port}.log`), 'w');
	const child = spawn(BIN, ['serve', '--listen', `127.0.0.1:${port}`, '--db', db, '--web', WEB, '--demo'],
	    { stdio: ['ignore', log, log] });
	fs.closeSync(log);
	const ms = await waitHealthy(port, child);
	return { port, child, startup_ms: ms };
}

async function stop(child) {
	if (child.exitCode !== null)
		return;
	const exited = new Promise((r) => child.on('exit', r));
	child.kill('SIGTERM');
	await Promise.race([exited, sleep(10000)]);
	if (child.exitCode === null && child.signalCode === null)
		child.kill('SIGKILL');
}

async function startNginx(tmp, root) {
	const port = await freePort();
	const conf = path.join(tmp, 'nginx.conf');
	// as root, nginx would hand its workers to "nobody", who cannot read our
	// temporary directory: keep them as the current user
	const user = process.getuid() === 0 ? 'user root;' : '';
	fs.writeFileSync(conf, `
${user}
worker_processes auto;
daemon off;
pid ${tmp}/nginx.pid;
error_log ${tmp}/nginx-error.log warn;
events { worker_connections 4096; }
http {
	access_log ${tmp}/nginx-access.log;
	client_body_temp_path ${tmp}/nginx-body;
	proxy_temp_path ${tmp}/nginx-proxy;
	fastcgi_temp_path ${tmp}/nginx-fastcgi;
	uwsgi_temp_path ${tmp}/nginx-uwsgi;
	scgi_temp_path ${tmp}/nginx-scgi;
	default_type application/json;
	keepalive_requests 1000000;
	server {
		listen 127.0.0.1:${port};
		root ${root};
	}
}
`);
	const child = spawn('nginx', ['-c', conf, '-p', tmp], { stdio: ['ignore', 'ignore', 'pipe'] });
	let err = '';
	child.stderr.on('data', (d) => { err += d; });
	for (let i = 0; i < 300; i++) {
		try {
			const r = await rawRequest(port, 'GET', '/ready', { timeout: 500 });
			if (r.status === 200)
				return { port, child };
			err = `GET /ready: ${r.status}`;
		} catch (e) {
			err = e.message;	// starting
		}
		if (child.exitCode !== null)
			break;
		await sleep(20);
	}
	child.kill('SIGTERM');
	throw new Error(`nginx did not start: ${err}`);
}

function wrk(url, headers) {
	const common = ['-t', String(THREADS), '-c', String(CONNECTIONS), '--timeout', '5s'];
	for (const [k, v] of Object.entries(headers ?? {}))
		common.push('-H', `${k}: ${v}`);
	// a one-second warm-up first (connections, caches), not recorded
	spawnSync('wrk', [...common, '-d', '1s', url], { encoding: 'utf8' });
	const args = [...common, '-d', `${SECONDS}s`, '-s', path.join(HERE, 'report.lua'), url];
	const r = spawnSync('wrk', args, { encoding: 'utf8', timeout: (SECONDS + 30) * 1000 });
	const line = /^BENCH (.*)$/m.exec(r.stdout ?? '');
	if (r.status !== 0 || line === null)
		throw new Error(`wrk ${url} failed: ${r.stderr}${r.stdout}`);
	const j = JSON.parse(line[1]);
	const errors = Object.values(j.errors).reduce((a, b) => a + b, 0);
	return {
		rps: Math.round(j.requests / (j.duration_us / 1e6)),
		p50_ms: j.p50_us / 1000, p90_ms: j.p90_us / 1000, p99_ms: j.p99_us / 1000, max_ms: j.max_us / 1000,
		requests: j.requests, errors, error_detail: j.errors,
	};
}

function pad(s, n) {
	s = String(s);
	return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

async function main() {
	const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pobratim-bench-'));
	const db = path.join(tmp, 'bench.db');
	const results = { date: new Date().toISOString(), commit: gitCommit(), machine: machine(),
		settings: { seconds: SECONDS, connections: CONNECTIONS, threads: THREADS, nginx_workers: 'auto',
			pobratim_workers: 4, pobratim_io_threads: Math.min(4, os.cpus().length), log_level: 'info' },
		targets: { ratio_to_nginx: TARGET_RATIO, p99_ms: TARGET_P99_US / 1000 } };
	let srv = null;
	let ngx = null;
	try {
		if (!fs.existsSync(path.join(WEB, 'index.html')))
			throw new Error('web/dist is not built (make bench builds it)');
		const demo = spawnSync(BIN, ['demo', '--db', db], { encoding: 'utf8' });
		if (demo.status !== 0)
			throw new Error(`pobratim demo: ${demo.stderr}`);

		// start-up: process start to the first 200 from /health, on the demo database
		const runs = [];
		for (let i = 0; i < STARTUP_RUNS; i++) {
			const s = await startPobratim(tmp, db);
			runs.push(s.startup_ms);
			await stop(s.child);
		}
		runs.sort((a, b) => a - b);
		srv = await startPobratim(tmp, db);
		await sleep(1000);
		results.startup = { median_ms: Number(runs[runs.length >> 1].toFixed(1)), runs_ms: runs.map((x) => Number(x.toFixed(1))) };
		results.idle_rss_kb = rssKb(srv.child.pid);
		console.log(`start-up: ${results.startup.median_ms} ms median of ${STARTUP_RUNS} (to the first 200 of /health)`);
		console.log(`idle RSS: ${results.idle_rss_kb} kB`);

		// what the endpoints need: a session per role, a hashed asset
		const cookies = {};
		for (const who of new Set(ENDPOINTS.map((e) => e.as).filter(Boolean))) {
			const r = await rawRequest(srv.port, 'POST', '/api/v1/session', { body: { email: DEMO[who], password: DEMO_PASSWORD } });
			if (r.status !== 200)
				throw new Error(`sign-in ${who}: ${r.status} ${r.text}`);
			cookies[who] = setCookie(r, 'pobratim_session').value;
		}
		const assets = fs.readdirSync(path.join(WEB, 'assets')).filter((f) => f.endsWith('.js')).sort();
		const ctx = { asset: `/assets/${assets[0]}` };

		// nginx serves the same bytes, one file per endpoint
		const root = path.join(tmp, 'root');
		fs.mkdirSync(root);
		fs.writeFileSync(path.join(root, 'ready'), '{}');
		const plan = [];
		const only = new RegExp(process.env.BENCH_ONLY ?? '');
		for (const [i, e] of ENDPOINTS.filter((x) => only.test(x.name)).entries()) {
			const p = typeof e.path === 'function' ? e.path(ctx) : e.path;
			const headers = e.as ? { Cookie: `pobratim_session=${cookies[e.as]}` } : {};
			const r = await rawRequest(srv.port, 'GET', p, { headers });
			if (r.status !== 200)
				throw new Error(`${e.name}: GET ${p} answered ${r.status}`);
			const body = Buffer.from(r.text, 'utf8');
			fs.writeFileSync(path.join(root, `e${i}`), body);
			plan.push({ e, p, headers, file: `/e${i}`, bytes: body.length });
		}
		ngx = await startNginx(tmp, root);

		results.http = [];
		console.log();
		console.log(`HTTP, ${CONNECTIONS} connections, ${THREADS} wrk threads, ${SECONDS} s each; target >= ${TARGET_RATIO} x nginx and p99 <= ${TARGET_P99_US / 1000} ms`);
		console.log(`${pad('endpoint', 20)}${pad('bytes', 8)}${pad('req/s', 9)}${pad('p50 ms', 8)}${pad('p99 ms', 8)}${pad('nginx req/s', 12)}${pad('p50', 7)}${pad('p99', 7)}${pad('ratio', 7)}target`);
		for (const { e, p, headers, file, bytes } of plan) {
			const ours = wrk(`http://127.0.0.1:${srv.port}${p}`, headers);
			const ref = wrk(`http://127.0.0.1:${ngx.port}${file}`, {});
			const ratio = Number((ours.rps / ref.rps).toFixed(2));
			const met = ratio >= TARGET_RATIO && ours.p99_ms <= TARGET_P99_US / 1000 && ours.errors === 0;
			results.http.push({ name: e.name, path: p, as: e.as ?? 'anonymous', bytes, pobratim: ours, nginx: ref, ratio, target_met: met });
			console.log(`${pad(e.name, 20)}${pad(bytes, 8)}${pad(ours.rps, 9)}${pad(ours.p50_ms.toFixed(2), 8)}${pad(ours.p99_ms.toFixed(2), 8)}` +
			    `${pad(ref.rps, 12)}${pad(ref.p50_ms.toFixed(2), 7)}${pad(ref.p99_ms.toFixed(2), 7)}${pad(ratio, 7)}${met ? 'met' : 'MISSED'}` +
			    `${ours.errors ? `  (${ours.errors} errors)` : ''}`);
		}
		results.rss_after_http_kb = rssKb(srv.child.pid);
		console.log(`RSS after the HTTP runs: ${results.rss_after_http_kb} kB`);

		console.log();
		const adminClient = new Client(srv.port);
		await adminClient.signIn(DEMO.admin);
		const me = await rawRequest(srv.port, 'GET', '/api/v1/me', { headers: { Cookie: `pobratim_session=${cookies.staff}` } });
		results.websocket = await benchWebSocket({ ...ctx, port: srv.port, pid: srv.child.pid, cookies,
			staffId: me.json.user.id, admin: adminClient });
		results.rss_after_websocket_kb = rssKb(srv.child.pid);
	} finally {
		if (ngx)
			await stop(ngx.child);
		if (srv)
			await stop(srv.child);
		fs.rmSync(tmp, { recursive: true, force: true });
	}
	const out = path.join(HERE, 'results');
	fs.mkdirSync(out, { recursive: true });
	fs.writeFileSync(path.join(out, 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
	console.log(`\nwritten: bench/results/latest.json`);
}

main().catch((e) => {
	console.error(e);
	process.exit(1);
});
