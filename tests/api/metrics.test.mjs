// Observability: GET /metrics in the Prometheus text format, parsed by the
// reference parser of Prometheus' Python client (Debian's
// python3-prometheus-client, tests/api/lib/prom-parse.py), never by us;
// counters that move as requests are made; who may read it (a loopback peer
// no proxy stands for, or the bearer of --metrics-token); GET /api/v1/ready
// with the database and the media server up, and 503 when either is not (a
// database whose pages were overwritten while serving, a Janus that no longer
// starts); and --log-format json, whose every line parses and carries no
// secret.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { joinRoom, meeting } from './lib/rooms.mjs';
import { DEMO, DEMO_PASSWORD, REPO, assertJson, assertProblem, rawRequest, runBin, signInAll, startServer, waitFor } from './lib/server.mjs';
import { wsConnect } from './lib/ws.mjs';

const TOKEN = 'metrics-token-5f1c9a7e2b4d';

/* The exposition parsed by prometheus_client: { families, sample(name, labels) -> value or undefined }. */
function parse(text) {
	const r = spawnSync('/usr/bin/python3', [path.join(REPO, 'tests', 'api', 'lib', 'prom-parse.py')],
	    { input: text, encoding: 'utf8' });
	assert.equal(r.status, 0, `prometheus_client refused the exposition: ${r.stderr}\n${text.slice(0, 2000)}`);
	const families = JSON.parse(r.stdout);
	const samples = families.flatMap((f) => f.samples);
	return {
		families,
		samples,
		type: (name) => families.find((f) => f.name === name)?.type,
		sample(name, labels = {}) {
			const s = samples.find((x) => x.name === name &&
			    Object.entries(labels).every(([k, v]) => x.labels[k] === v));
			return s?.value;
		},
	};
}

/* GET /metrics from loopback, 200, parsed. */
async function scrape(srv, headers = {}) {
	const r = await srv.request('GET', '/metrics', { headers });
	assert.equal(r.status, 200, `GET /metrics: ${r.status} ${r.text.slice(0, 300)}`);
	assert.match(r.headers['content-type'], /^text\/plain; version=0\.0\.4/);
	return parse(r.text);
}

const requests = (m, route, code, method = 'GET') =>
	m.sample('pobratim_http_requests_total', { route, method, code: String(code) }) ?? 0;

/* An IPv4 address of this machine that is not loopback, or null. */
function outsideAddress() {
	for (const list of Object.values(os.networkInterfaces()))
		for (const a of list ?? [])
			if (a.family === 'IPv4' && !a.internal)
				return a.address;
	return null;
}

/* One request to addr:port (another address of this machine than loopback). */
const requestTo = (addr, port, p, headers = {}) =>
	new Promise((resolve, reject) => {
		import('node:http').then(({ default: http }) => {
			const req = http.request({ host: addr, port, path: p, headers, agent: false, timeout: 10000 }, (res) => {
				const chunks = [];
				res.on('data', (c) => chunks.push(c));
				res.on('end', () => {
					const text = Buffer.concat(chunks).toString('utf8');
					resolve({ status: res.statusCode, headers: res.headers, text,
					    json: /json/.test(res.headers['content-type'] ?? '') ? JSON.parse(text) : undefined });
				});
			});
			req.on('error', reject);
			req.end();
		});
	});

describe('GET /metrics', () => {
	let srv;
	let c;
	before(async () => {
		srv = await startServer({ args: ['--media', 'mesh'] });
		({ staff: c } = await signInAll(srv, { staff: DEMO.staff }));
	});
	after(async () => { await srv?.stop(); });

	test('the exposition parses with prometheus_client and has every family', async () => {
		const m = await scrape(srv);
		const want = {
			pobratim_http_requests: 'counter', pobratim_http_request_duration_seconds: 'histogram',
			pobratim_http_connections: 'gauge', pobratim_worker_queue_depth: 'gauge', pobratim_workers_busy: 'gauge',
			pobratim_workers: 'gauge', pobratim_kept_replies: 'counter', pobratim_websocket_connections: 'gauge',
			pobratim_rooms: 'gauge', pobratim_room_participants: 'gauge', pobratim_db_errors: 'counter',
			pobratim_db_busy_waits: 'counter', pobratim_db_busy_wait_seconds: 'counter',
			pobratim_media_server_up: 'gauge', pobratim_media_server_configured: 'gauge',
			process_start_time_seconds: 'gauge', pobratim_build_info: 'gauge',
		};
		for (const [name, type] of Object.entries(want))
			assert.equal(m.type(name), type, `${name} is a ${type}`);
		assert.equal(m.sample('pobratim_workers'), 4);
		assert.equal(m.sample('pobratim_media_server_configured'), 0, '--media mesh');
		assert.equal(m.sample('pobratim_media_server_up'), 0);
		const started = m.sample('process_start_time_seconds');
		assert.ok(Math.abs(started - Date.now() / 1000) < 600, `start time ${started}`);
		assert.equal(m.sample('pobratim_build_info', { version: '0.1.0' }), 1);
	});

	test('requests count by route pattern and status, with latency; kept replies count hits and misses', async () => {
		const before = await scrape(srv);
		for (let i = 0; i < 3; i++)
			assertJson(await c.api('GET', '/partner-cities'), 200);
		assertProblem(await c.api('GET', '/meetings/987654321'), 404, 'not_found');
		assertProblem(await c.api('GET', '/meetings/987654322'), 404, 'not_found');
		assertProblem(await srv.api('GET', '/no-such-route/12345'), 404, 'not_found');
		assertProblem(await srv.api('GET', '/me'), 401, 'unauthenticated');
		const m = await scrape(srv);

		assert.equal(requests(m, '/api/v1/partner-cities', 200) - requests(before, '/api/v1/partner-cities', 200), 3);
		assert.equal(requests(m, '/api/v1/meetings/{id}', 404) - requests(before, '/api/v1/meetings/{id}', 404), 2,
		    'two ids, one series: the pattern, not the path');
		assert.equal(requests(m, '(unmatched)', 404, '-') - requests(before, '(unmatched)', 404, '-'), 1);
		assert.equal(requests(m, '/api/v1/me', 401) - requests(before, '/api/v1/me', 401), 1);
		for (const s of m.samples)
			assert.ok(!/\d{6}/.test(s.labels.route ?? ''), `a raw path as a label: ${JSON.stringify(s)}`);

		const count = (x) => x.sample('pobratim_http_request_duration_seconds_count',
		    { route: '/api/v1/partner-cities', method: 'GET' }) ?? 0;
		assert.equal(count(m) - count(before), 3);
		const inf = m.sample('pobratim_http_request_duration_seconds_bucket',
		    { route: '/api/v1/partner-cities', method: 'GET', le: '+Inf' });
		assert.equal(inf, count(m), 'the +Inf bucket holds every request');
		const buckets = m.samples.filter((s) => s.name === 'pobratim_http_request_duration_seconds_bucket' &&
		    s.labels.route === '/api/v1/partner-cities').map((s) => s.value);
		assert.deepEqual(buckets, [...buckets].sort((a, b) => a - b), 'cumulative buckets');
		assert.ok(m.sample('pobratim_http_request_duration_seconds_sum',
		    { route: '/api/v1/partner-cities', method: 'GET' }) > 0);

		const hits = (x) => x.sample('pobratim_kept_replies_total', { result: 'hit' });
		const misses = (x) => x.sample('pobratim_kept_replies_total', { result: 'miss' });
		assert.equal(hits(m) + misses(m) - hits(before) - misses(before), 3, 'each request of a cached route counts once');
		/* (a commit of a background thread may end a kept reply between two requests) */
		assert.ok(hits(m) - hits(before) >= 1, 'a request after the first was answered from a kept reply');
	});

	test('WebSocket connections, rooms and participants', async () => {
		const m0 = await scrape(srv);
		assert.equal(m0.sample('pobratim_websocket_connections'), 0);
		assert.equal(m0.sample('pobratim_rooms'), 0);
		const id = await meeting(c, []);
		const ws = await joinRoom(srv, c, id);
		assert.equal(ws.joined.type, 'room.joined', JSON.stringify(ws.joined));
		const plain = await wsConnect(srv.port, { cookie: c.cookie });
		const m1 = await scrape(srv);
		assert.equal(m1.sample('pobratim_websocket_connections'), 2);
		assert.equal(m1.sample('pobratim_rooms'), 1);
		assert.equal(m1.sample('pobratim_room_participants', { place: 'room' }), 1);
		assert.equal(m1.sample('pobratim_websocket_connections_opened_total') -
		    m0.sample('pobratim_websocket_connections_opened_total'), 2);
		await ws.close();
		await plain.close();
		await waitFor(async () => {
			const m = await scrape(srv);
			return m.sample('pobratim_websocket_connections') === 0 && m.sample('pobratim_rooms') === 0 &&
			    m.sample('pobratim_room_participants', { place: 'room' }) === 0;
		}, 'the connections and the room are gone from the metrics');
	});

	test('the Grafana dashboard (docs/deploy) queries only series of the exposition', async () => {
		const dash = JSON.parse(fs.readFileSync(path.join(REPO, 'docs', 'deploy', 'grafana-pobratim.json'), 'utf8'));
		const exprs = dash.panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr));
		assert.ok(exprs.length >= 15, `${exprs.length} queries`);
		assertJson(await c.api('GET', '/partner-cities'), 200);
		const names = new Set((await scrape(srv)).samples.map((x) => x.name));
		const used = new Set(exprs.flatMap((e) => e.match(/\b(?:pobratim|process)_[a-z_]+/g) ?? []));
		assert.ok(used.size >= 15, [...used].join(' '));
		assert.deepEqual([...used].filter((n) => !names.has(n)), [], 'series the dashboard queries but /metrics lacks');
		for (const name of names)
			if (name.startsWith('pobratim_') && !/_(bucket|sum|count)$/.test(name) && name !== 'pobratim_workers' &&
			    name !== 'pobratim_event_loops' && name !== 'pobratim_media_server_configured' &&
			    name !== 'pobratim_websocket_connections_opened_total')
				assert.ok(used.has(name), `${name} is on no panel`);
	});

	test('a loopback peer behind a proxy, and any other method, are refused', async () => {
		assertProblem(await srv.request('GET', '/metrics', { headers: { 'X-Forwarded-For': '203.0.113.9' } }), 404, 'not_found');
		const r = await srv.request('POST', '/metrics', { body: '' });
		assertProblem(r, 405, 'method_not_allowed');
		assert.equal(r.headers.allow, 'GET, HEAD');
		const head = await srv.request('HEAD', '/metrics');
		assert.equal(head.status, 200);
		assert.equal(head.text, '');
	});
});

const outside = outsideAddress();

describe('who may read /metrics', { skip: outside ? false : 'this machine has no address but loopback' }, () => {
	test('without --metrics-token: loopback only; any other peer gets 404', async () => {
		const srv = await startServer({ demo: false, listenHost: '0.0.0.0', args: ['--media', 'mesh'] });
		try {
			await scrape(srv);
			const r = await requestTo(outside, srv.port, '/metrics', { Authorization: `Bearer ${TOKEN}` });
			assertProblem({ ...r, headers: r.headers }, 404, 'not_found');
			/* the API itself answers that peer */
			assert.equal((await requestTo(outside, srv.port, '/api/v1/health')).status, 200);
		} finally {
			await srv.stop();
		}
	});

	test('with --metrics-token: other peers need the bearer token (401 otherwise); it never reaches the log', async () => {
		const srv = await startServer({ demo: false, listenHost: '0.0.0.0', args: ['--media', 'mesh'],
			env: { POBRATIM_METRICS_TOKEN: TOKEN } });
		try {
			for (const auth of [undefined, 'Bearer wrong-token-but-long-enough', `Basic ${TOKEN}`, `Bearer ${TOKEN}x`, TOKEN]) {
				const r = await requestTo(outside, srv.port, '/metrics', auth ? { Authorization: auth } : {});
				assertProblem(r, 401, 'metrics_unauthorized', `Authorization: ${auth}`);
				assert.match(r.headers['www-authenticate'], /^Bearer /);
			}
			const ok = await requestTo(outside, srv.port, '/metrics', { Authorization: `Bearer ${TOKEN}` });
			assert.equal(ok.status, 200, ok.text);
			assert.ok(parse(ok.text).sample('pobratim_workers') > 0);
			/* a proxy's request with the token is served; without it refused */
			assertProblem(await srv.request('GET', '/metrics', { headers: { 'X-Forwarded-For': '203.0.113.9' } }), 401,
			    'metrics_unauthorized');
			assert.equal((await srv.request('GET', '/metrics', { headers: { 'X-Forwarded-For': '203.0.113.9',
				Authorization: `bearer ${TOKEN}` } })).status, 200);
			await scrape(srv);	/* loopback still needs none */
			await srv.stderrHas('GET /metrics 401');
			assert.ok(!srv.stderr().includes(TOKEN), 'the token is in the log');
		} finally {
			await srv.stop();
		}
	});
});

test('--metrics-token: a short token is refused at start, without printing it', () => {
	const r = runBin(['serve', '--metrics-token', 'short-secret', '--db', path.join(os.tmpdir(), 'never.db')]);
	assert.equal(r.status, 2, r.stderr);
	assert.match(r.stderr, /--metrics-token must be 16 to 256/);
	assert.ok(!r.stderr.includes('short-secret'));
});

describe('GET /api/v1/ready', () => {
	test('200 with the database up and no media server configured', async () => {
		const srv = await startServer({ args: ['--media', 'mesh'] });
		try {
			const r = await srv.api('GET', '/ready');
			assert.deepEqual(assertJson(r, 200), { status: 'ready',
				checks: { database: { status: 'up' }, media_server: { status: 'not_configured' } } });
			assert.equal(r.headers['cache-control'], 'no-store');
			/* public: a signed-in caller gets the same */
			const { admin } = await signInAll(srv, { admin: DEMO.admin });
			assertJson(await admin.api('GET', '/ready'), 200);
		} finally {
			await srv.stop();
		}
	});

	test('503 not_ready when the database cannot be read: its pages overwritten while serving', async () => {
		const srv = await startServer({ args: ['--media', 'mesh'] });
		try {
			assertJson(await srv.api('GET', '/ready'), 200);
			const errors0 = (await scrape(srv)).sample('pobratim_db_errors_total');
			/* every page but the first zeroed; a commit of another connection makes the server's read them again */
			const spoil = spawnSync('/usr/bin/python3', ['-c', `
import os, sqlite3, sys
p = sys.argv[1]
with open(p, 'r+b') as f:
    f.seek(4096)
    f.write(b'\\0' * (os.path.getsize(p) - 4096))
sqlite3.connect(p, isolation_level=None).execute('PRAGMA user_version = 7')
`, srv.db], { encoding: 'utf8' });
			assert.equal(spoil.status, 0, spoil.stderr);
			const r = await srv.api('GET', '/ready');
			const p = assertProblem(r, 503, 'not_ready');
			assert.deepEqual(p.checks, { database: { status: 'down' }, media_server: { status: 'not_configured' } });
			const errors1 = (await scrape(srv)).sample('pobratim_db_errors_total');
			assert.ok(errors1 > errors0, `database errors counted: ${errors0} -> ${errors1}`);
			assert.equal((await srv.api('GET', '/health')).status, 200, 'liveness stays: the process answers');
		} finally {
			srv.child.kill('SIGKILL');	/* its database is ruined: no clean stop to assert */
			await srv.exited;
			fs.rmSync(srv.tmp, { recursive: true, force: true });
			srv.stopped = true;
		}
	});

	const JANUS = '/usr/bin/janus';
	test('503 while the media server is down, 200 when it is back', { skip: fs.existsSync(JANUS) ? false : `${JANUS} is not installed` }, async () => {
		const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pobratim-janus-wrap-'));
		const broken = path.join(tmp, 'broken');
		const wrapper = path.join(tmp, 'janus');
		/* the real Janus, unless the test says it no longer starts */
		fs.writeFileSync(wrapper, `#!/bin/sh\n[ -e '${broken}' ] && exit 1\nexec ${JANUS} "$@"\n`, { mode: 0o755 });
		const srv = await startServer({ demo: false, args: ['--media', 'janus', '--janus', wrapper] });
		try {
			const pid = Number((await waitFor(() => /media: Janus ready \(pid (\d+)/.exec(srv.stderr()),
			    () => `Janus never ready:\n${srv.stderr().slice(-2000)}`))[1]);
			const up = await waitFor(async () => {
				const r = await srv.api('GET', '/ready');
				return r.status === 200 ? r : null;
			}, 'ready with Janus');
			assert.deepEqual(up.json.checks, { database: { status: 'up' }, media_server: { status: 'up' } });
			assert.equal((await scrape(srv)).sample('pobratim_media_server_up'), 1);

			fs.writeFileSync(broken, '');
			process.kill(pid, 'SIGKILL');
			await srv.stderrHas('media: Janus is down');
			const down = assertProblem(await srv.api('GET', '/ready'), 503, 'not_ready');
			assert.deepEqual(down.checks, { database: { status: 'up' }, media_server: { status: 'down' } });
			const m = await scrape(srv);
			assert.equal(m.sample('pobratim_media_server_up'), 0);
			assert.equal(m.sample('pobratim_media_server_configured'), 1);

			fs.rmSync(broken);
			await waitFor(async () => (await srv.api('GET', '/ready')).status === 200, 'ready again once Janus is back', 60000);
		} finally {
			await srv.stop();
			fs.rmSync(tmp, { recursive: true, force: true });
		}
	});
});

describe('--log-format json', () => {
	let srv;
	before(async () => {
		srv = await startServer({ args: ['--media', 'mesh', '--log-format', 'json'], env: { POBRATIM_METRICS_TOKEN: TOKEN } });
	});
	after(async () => { await srv?.stop(); });

	test('every line is one JSON object with time, level and msg; requests carry their fields; no secret appears', async () => {
		const c = srv.client();
		const evil = 'x"y\\z@pobratim.demo\n{"level":"error","msg":"forged"}\u2028';
		assertProblem(await c.login(evil, 'the-wrong-password-7'), 401, 'invalid_credentials');
		await c.signIn(DEMO.staff);
		const fresh = 'Tver-Bridges-Quietly-4471';
		assert.equal((await c.api('PUT', '/me/password', { body: { old_password: DEMO_PASSWORD, new_password: fresh } })).status, 204);
		await c.signIn(DEMO.staff, fresh);
		const feed = assertJson(await c.api('POST', '/me/calendar-feed'), 201);
		const feedPath = feed.url.slice(srv.url.length);
		const feedToken = feedPath.match(/\/calendar\/([^/.]+)\.ics$/)[1];
		assert.equal((await srv.request('GET', feedPath)).status, 200);
		assert.equal((await rawRequest(srv.port, 'GET', '/metrics', { headers: { Authorization: `Bearer ${TOKEN}` } })).status, 200);
		assertJson(await c.api('GET', '/partner-cities'), 200);
		await srv.stderrHas('"path":"/api/v1/partner-cities"');

		const lines = srv.stderr().split('\n').filter((l) => l !== '');
		assert.ok(lines.length > 5);
		let access = 0;
		for (const line of lines) {
			let o;
			assert.doesNotThrow(() => { o = JSON.parse(line); }, `not JSON: ${line}`);
			assert.equal(typeof o, 'object');
			assert.match(o.time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/, line);
			assert.ok(['error', 'warn', 'info', 'debug'].includes(o.level), line);
			assert.equal(typeof o.msg, 'string', line);
			assert.doesNotMatch(line, /[\x00-\x1f\u2028\u2029]/u, `a control character: ${JSON.stringify(line)}`);
			if (o.request_id !== undefined) {
				access++;
				assert.equal(typeof o.method, 'string');
				assert.equal(typeof o.path, 'string');
				assert.equal(typeof o.status, 'number');
				assert.equal(typeof o.bytes, 'number');
				assert.equal(typeof o.duration_us, 'number');
				assert.ok(o.msg.startsWith(`${o.method} ${o.path} ${o.status} `), line);
			}
		}
		assert.ok(access >= 5, `${access} access lines`);
		const failed = lines.map((l) => JSON.parse(l)).find((o) => o.msg.includes(': failed sign-in for '));
		assert.ok(failed, 'the failed sign-in is logged');
		assert.ok(failed.msg.includes('x\"y\\\\z@pobratim.demo\\n{\"level\":\"error\",\"msg\":\"forged\"}\\xe2\\x80\\xa8'),
		    `escaped as the text log escapes it: ${failed.msg}`);
		assert.ok(!lines.some((l) => JSON.parse(l).msg === 'forged'), 'a forged line');
		assert.ok(lines.some((l) => JSON.parse(l).path === '/api/v1/calendar/[redacted].ics'));

		const log = srv.stderr();
		/* (the published demo password is named on purpose at start: "serving as a demo") */
		for (const secret of [fresh, 'the-wrong-password-7', c.cookie, c.csrf, feedToken, TOKEN])
			assert.ok(!log.includes(secret), `a secret in the log: ${secret.slice(0, 6)}...`);
	});

	test('--log-format with another value is refused', () => {
		const r = runBin(['serve', '--log-format', 'xml']);
		assert.equal(r.status, 2);
		assert.match(r.stderr, /--log-format must be text or json/);
	});
});
