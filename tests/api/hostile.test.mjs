// Hostile clients: malformed and truncated requests, WebSocket upgrade
// attempts, oversized headers and bodies, and slow connections (slowloris).
// The server stays up, answers 4xx and never 5xx, and a normal client is
// served within a second throughout.
//
// Sizes: HOSTILE_REQUESTS (default 2,000) and HOSTILE_SLOW (default 300) in
// make test; make bench runs the full size (10,000 and 1,000).

import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, test } from 'node:test';

import { rawRequest, startServer } from './lib/server.mjs';

const REQUESTS = Number(process.env.HOSTILE_REQUESTS ?? 2000);
const SLOW = Number(process.env.HOSTILE_SLOW ?? 300);
const PARALLEL = 64;
const SERVED_WITHIN_MS = 1000;

let srv;

before(async () => {
	srv = await startServer({ env: { POBRATIM_MAX_BODY: '65536', POBRATIM_LOG_LEVEL: 'warn' } });
});

after(async () => {
	await srv?.stop();
});

const H = 'Host: 127.0.0.1\r\n';
const big = (n, c = 'a') => c.repeat(n);

// Each yields the raw bytes of one hostile request.
const KINDS = [
	() => 'GET / HTTP/1.1\r\n',						// truncated: no end of headers
	() => 'GET /api/v1/health HTT',						// truncated request line
	() => 'GARBAGE\r\n\r\n',
	() => '\r\n\r\n\r\n',
	() => 'GET\r\n\r\n',
	() => 'FOO /api/v1/health HTTP/1.1\r\n' + H + '\r\n',			// unknown method
	() => 'GET /api/v1/health HTTP/9.9\r\n' + H + '\r\n',
	() => 'GET api/v1/health HTTP/1.1\r\n' + H + '\r\n',			// not absolute
	() => 'GET http://evil.example/api/v1/health HTTP/1.1\r\n' + H + '\r\n',
	() => 'GET /api/v1/%ZZ%00%ff HTTP/1.1\r\n' + H + '\r\n',
	() => 'GET /\x00\xff\xfe HTTP/1.1\r\n' + H + '\r\n',
	() => 'GET /api/v1/health HTTP/1.1\r\nNoColonHeader\r\n\r\n',
	() => 'GET /api/v1/health HTTP/1.1\n' + 'Host: x\n\n',			// bare LF
	() => `GET /api/v1/health HTTP/1.1\r\nX-Big: ${big(20000)}\r\n\r\n`,	// oversized header
	() => 'GET /api/v1/health HTTP/1.1\r\n' + Array.from({ length: 500 }, (_, i) => `X-H${i}: v\r\n`).join('') + '\r\n',
	() => `GET /${big(10000, 'x')} HTTP/1.1\r\n` + H + '\r\n',		// oversized URI
	() => `GET /api/v1/cities?${Array.from({ length: 300 }, (_, i) => `q${i}=${i}`).join('&')} HTTP/1.1\r\n` + H + '\r\n',
	() => 'POST /api/v1/session HTTP/1.1\r\n' + H + 'Content-Type: application/json\r\nContent-Length: -5\r\n\r\n{}',
	() => 'POST /api/v1/session HTTP/1.1\r\n' + H + 'Content-Type: application/json\r\nContent-Length: abc\r\n\r\n{}',
	() => 'POST /api/v1/session HTTP/1.1\r\n' + H + 'Content-Type: application/json\r\nContent-Length: 99999999999999999999\r\n\r\n{}',
	() => 'POST /api/v1/session HTTP/1.1\r\n' + H + 'Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{"email":',	// truncated body
	() => 'POST /api/v1/session HTTP/1.1\r\n' + H + 'Content-Type: application/json\r\nContent-Length: 2\r\nContent-Length: 9\r\n\r\n{}',
	() => 'POST /api/v1/session HTTP/1.1\r\n' + H + 'Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\n{}\r\n0\r\n\r\n',
	() => 'POST /api/v1/session HTTP/1.1\r\n' + H + 'Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nfffffffffffffff\r\n{}',
	() => 'POST /api/v1/session HTTP/1.1\r\n' + H + 'Content-Type: application/json\r\nContent-Length: 200000\r\n\r\n' + big(200000, '['),	// over max-body
	() => 'POST /api/v1/session HTTP/1.1\r\n' + H + 'Content-Type: application/json\r\nContent-Length: 3000\r\n\r\n' + big(1500, '[') + big(1500, ']'),
	() => 'PATCH /api/v1/me HTTP/1.1\r\n' + H + 'Cookie: pobratim_session=' + big(4000, 'A') + '\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}',
	// WebSocket upgrade attempts: to the realtime channel and elsewhere, some malformed
	() => 'GET / HTTP/1.1\r\n' + H + 'Upgrade: websocket\r\nConnection: Upgrade\r\n\r\n',
	() => 'GET /api/v1/ws HTTP/1.1\r\n' + H + 'Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
	() => 'GET / HTTP/1.1\r\n' + H + 'Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: !!\r\nSec-WebSocket-Version: 99\r\nSec-WebSocket-Protocol: ' + big(3000, 'p') + '\r\n\r\n',
	() => 'GET / HTTP/1.1\r\n' + H + 'Upgrade: h2c\r\nConnection: Upgrade, HTTP2-Settings\r\nHTTP2-Settings: AAMAAABkAAQAAP__\r\n\r\n',
	() => 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n',
	() => Buffer.from([0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xfc, 0x03, 0x03]),	// a TLS hello
	() => Buffer.from([0x81, 0xfe, 0xff, 0xff, 0x00, 0x01, 0x02, 0x03]),	// a bare WebSocket frame
	() => 'GET /api/v1/health HTTP/1.1\r\n' + H + '\r\nGET /api/v1/health HTTP/1.1\r\n' + H + '\r\n' + 'XX',	// pipelined then junk
];

// Random bytes, sometimes after a valid start.
function randomRequest() {
	const n = 1 + Math.floor(Math.random() * 300);
	const junk = Buffer.from(Array.from({ length: n }, () => Math.floor(Math.random() * 256)));
	return Math.random() < 0.5 ? junk : Buffer.concat([Buffer.from('GET /api/v1/health HTTP/1.1\r\n'), junk]);
}

// Sends raw bytes, half-closes, collects the status lines of whatever comes
// back until the server closes or `ms` pass.
function send(bytes, ms = 2000) {
	return new Promise((resolve) => {
		const s = net.connect(srv.port, '127.0.0.1');
		const chunks = [];
		const done = () => {
			clearTimeout(t);
			s.destroy();
			const text = Buffer.concat(chunks).toString('latin1');
			resolve([...text.matchAll(/HTTP\/1\.[01] (\d{3})/g)].map((m) => Number(m[1])));
		};
		const t = setTimeout(done, ms);
		s.on('data', (d) => chunks.push(d));
		s.on('error', done);
		s.on('close', done);
		s.on('connect', () => s.end(bytes));
	});
}

async function served() {
	const t0 = Date.now();
	const r = await rawRequest(srv.port, 'GET', '/api/v1/health', { timeout: 5000 });
	return { status: r.status, ms: Date.now() - t0 };
}

test(`${REQUESTS} malformed, truncated and oversized requests: no 5xx, the server stays up`, async () => {
	const statuses = new Map();
	let next = 0;
	const fiveXX = [];
	let slowest = 0;
	const probe = setInterval(async () => {
		const s = await served().catch((e) => ({ status: 0, ms: 99999, e }));
		slowest = Math.max(slowest, s.ms);
		if (s.status !== 200)
			fiveXX.push(`normal client: ${s.status}`);
	}, 200);
	let silent = 0;
	const worker = async () => {
		while (next < REQUESTS) {
			const i = next++;
			const bytes = i % 3 === 2 ? randomRequest() : KINDS[i % KINDS.length]();
			const got = await send(bytes);
			silent += got.length === 0;
			for (const st of got) {
				statuses.set(st, (statuses.get(st) ?? 0) + 1);
				if (st >= 500)
					fiveXX.push(`kind ${i % KINDS.length}: ${st}`);
			}
		}
	};
	await Promise.all(Array.from({ length: PARALLEL }, worker));
	clearInterval(probe);
	console.log(`# statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))}, closed without an answer ${silent}, ` +
	    `slowest normal request ${slowest} ms`);
	assert.deepEqual([...new Set(fiveXX)], [], `statuses seen: ${JSON.stringify([...statuses])}`);
	assert.equal(srv.child.exitCode, null, 'the server is still running');
	const s = await served();
	assert.equal(s.status, 200);
	assert.ok(slowest < SERVED_WITHIN_MS, `a normal client waited ${slowest} ms during the attack`);
	assert.ok([...statuses.keys()].every((st) => st < 500), JSON.stringify([...statuses]));
});

test('a well-formed WebSocket upgrade anywhere but the realtime channel gets 404', async () => {
	for (const p of ['/', '/api/v1/health', '/api/v1/ws/other', '/assets/x.js'])
		assert.deepEqual(await send(`GET ${p} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
		    'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n'), [404], p);
});

test('64 connections at once, then all closed abruptly: the server stays up', async () => {
	const socks = await Promise.all(Array.from({ length: 64 }, () => new Promise((resolve) => {
		const s = net.connect(srv.port, '127.0.0.1', () => resolve(s));
		s.on('error', () => {});
	})));
	for (const s of socks)
		s.destroy();
	await new Promise((r) => setTimeout(r, 100));
	assert.equal((await served()).status, 200);
});

test(`${SLOW} slow connections (slowloris): a normal client is still served within a second`, async () => {
	const socks = [];
	let open = 0;
	for (let i = 0; i < SLOW; i++) {
		await new Promise((resolve) => {
			const s = net.connect(srv.port, '127.0.0.1', () => {
				s.write('GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n');
				open++;
				resolve();
			});
			s.on('error', resolve);
			s.on('close', () => { open = Math.max(0, open - 1); });
			socks.push(s);
		});
	}
	// keep dribbling a header byte now and then, never finishing the request
	const drip = setInterval(() => {
		for (const s of socks)
			if (!s.destroyed)
				s.write('X');
	}, 500);
	try {
		for (let i = 0; i < 5; i++) {
			const s = await served();
			assert.equal(s.status, 200);
			assert.ok(s.ms < SERVED_WITHIN_MS, `a normal client waited ${s.ms} ms with ${open} slow connections open`);
			await new Promise((r) => setTimeout(r, 200));
		}
		// a slow client sending a body byte by byte does not hold others either
		const body = net.connect(srv.port, '127.0.0.1', () =>
			body.write('POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{'));
		body.on('error', () => {});
		socks.push(body);
		const s = await served();
		assert.ok(s.status === 200 && s.ms < SERVED_WITHIN_MS, `${s.status} after ${s.ms} ms`);
	} finally {
		clearInterval(drip);
		for (const s of socks)
			s.destroy();
	}
	assert.equal(srv.child.exitCode, null);
});
