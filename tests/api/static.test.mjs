// Static files: index.html, client-side routes, assets, caching, path traversal.
// The server gets a minimal web root of the test's own (lib/server.mjs), so
// these tests do not depend on the UI build; a secret file lies next to it.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import zlib from 'node:zlib';

import { ASSET_MARKER, INDEX_MARKER, SECRET_MARKER, startServer } from './lib/server.mjs';

let srv;

before(async () => {
	srv = await startServer();
});

after(async () => {
	await srv?.stop();
});

function assertIndex(r, what) {
	assert.equal(r.status, 200, `${what} -> ${r.status}`);
	assert.match(r.headers['content-type'] ?? '', /^text\/html\b/, `${what} content-type`);
	assert.ok(r.text.includes(INDEX_MARKER), `${what} is index.html: ${r.text.slice(0, 200)}`);
	assert.match(r.headers['cache-control'] ?? '', /no-cache|no-store/, `${what} Cache-Control: ${r.headers['cache-control']}`);
	assert.ok(r.headers['x-request-id'], `${what} X-Request-Id`);
}

test('GET / and GET /index.html serve index.html, not cached', async () => {
	assertIndex(await srv.request('GET', '/'), 'GET /');
	assertIndex(await srv.request('GET', '/index.html'), 'GET /index.html');
	assertIndex(await srv.request('GET', '/?lang=en'), 'GET /?lang=en');
});

test('client-side routes (no file extension) serve index.html', async () => {
	for (const p of ['/some/client/route', '/login', '/admin/users/12', '/cities?q=x', '/partners/%D0%A5%D0%B0%D1%80%D0%B1%D0%B8%D0%BD'])
		assertIndex(await srv.request('GET', p), `GET ${p}`);
});

test('assets are served with their type and cached immutable', async () => {
	const r = await srv.request('GET', '/assets/app.js');
	assert.equal(r.status, 200);
	assert.match(r.headers['content-type'] ?? '', /^(text|application)\/javascript\b/);
	assert.ok(r.text.includes(ASSET_MARKER));
	const cc = r.headers['cache-control'] ?? '';
	assert.match(cc, /\bimmutable\b/, `Cache-Control: ${cc}`);
	assert.match(cc, /max-age=\d{6,}/, `Cache-Control: ${cc}`);
	assert.ok(r.headers['x-request-id']);
});

test('a client that takes gzip gets the compressed copy beside a file; others get the file', async () => {
	const js = `export const words = ${JSON.stringify(Array.from({ length: 400 }, (_, i) => `word-${i}`))};\n`;
	fs.writeFileSync(path.join(srv.web, 'assets', 'big.js'), js);
	fs.writeFileSync(path.join(srv.web, 'assets', 'big.js.gz'), zlib.gzipSync(js));
	const gz = await srv.request('GET', '/assets/big.js', { headers: { 'Accept-Encoding': 'gzip, deflate, br' } });
	assert.equal(gz.status, 200);
	assert.equal(gz.headers['content-encoding'], 'gzip');
	assert.equal(gz.headers.vary, 'accept-encoding');
	assert.match(gz.headers['content-type'] ?? '', /javascript/);
	assert.ok(gz.raw.length < js.length / 2, `${gz.raw.length} bytes sent for ${js.length}`);
	assert.equal(zlib.gunzipSync(gz.raw).toString(), js);
	for (const ae of [undefined, 'gzip;q=0, br', 'identity']) {
		const r = await srv.request('GET', '/assets/big.js', { headers: ae ? { 'Accept-Encoding': ae } : {} });
		assert.equal(r.status, 200, `Accept-Encoding: ${ae}`);
		assert.equal(r.headers['content-encoding'], undefined, `Accept-Encoding: ${ae}`);
		assert.equal(r.headers.vary, 'accept-encoding');
		assert.equal(r.text, js);
		assert.notEqual(r.headers.etag, gz.headers.etag, 'each encoding has its own ETag');
	}
	// a revalidation names the variant it holds
	const again = await srv.request('GET', '/assets/big.js', { headers: { 'Accept-Encoding': 'gzip', 'If-None-Match': gz.headers.etag } });
	assert.equal(again.status, 304);
	// a copy older than its file is stale: never sent
	const old = new Date(Date.now() - 3600e3);
	fs.utimesSync(path.join(srv.web, 'assets', 'big.js.gz'), old, old);
	const stale = await srv.request('GET', '/assets/big.js', { headers: { 'Accept-Encoding': 'gzip' } });
	assert.equal(stale.headers['content-encoding'], undefined);
	assert.equal(stale.text, js);
	// files without a copy are as before
	const plain = await srv.request('GET', '/assets/app.js', { headers: { 'Accept-Encoding': 'gzip' } });
	assert.equal(plain.headers['content-encoding'], undefined);
	assert.ok(plain.text.includes(ASSET_MARKER));
});

test('a file read once is answered from memory without a worker, until it changes on disk', async (t) => {
	const quiet = await startServer({ env: { POBRATIM_LOG_LEVEL: 'debug' }, demo: false });
	t.after(() => quiet.stop());
	const file = path.join(quiet.web, 'assets', 'kept.js');
	const onWorker = (r) => quiet.stderr().includes(`request ${r.headers['x-request-id']}: GET /assets/kept.js on a worker`);
	const get = async (what) => {
		const r = await quiet.request('GET', '/assets/kept.js');
		assert.equal(r.status, 200, what);
		await quiet.stderrHas(`${r.headers['x-request-id']}\n`);	/* its access log line: the request is over */
		return r;
	};
	fs.writeFileSync(file, 'export const v = 1;\n');
	const first = await get('first');
	assert.equal(first.text, 'export const v = 1;\n');
	assert.ok(onWorker(first), 'the first request reads the file on a worker');
	for (let i = 0; i < 3; i++) {
		const kept = await get(`kept ${i}`);
		assert.equal(kept.text, first.text);
		assert.equal(kept.headers.etag, first.headers.etag);
		assert.equal(kept.headers['cache-control'], first.headers['cache-control']);
		assert.match(kept.headers['content-type'], /javascript/);
		assert.ok(!onWorker(kept), `request ${i} after the first is answered from memory`);
	}
	fs.writeFileSync(file, 'export const v = 22;\n');	/* a new build */
	const changed = await get('changed');
	assert.equal(changed.text, 'export const v = 22;\n');
	assert.notEqual(changed.headers.etag, first.headers.etag);
	assert.ok(onWorker(changed), 'a changed file is read again');
	fs.rmSync(file);
	assert.equal((await quiet.request('GET', '/assets/kept.js')).status, 404, 'a removed file is not served from memory');
});

test('missing files with an extension -> 404, never index.html', async () => {
	for (const p of ['/assets/missing.js', '/assets/app.js.map', '/missing.png', '/favicon.ico', '/assets/deep/x.css']) {
		const r = await srv.request('GET', p);
		assert.equal(r.status, 404, `GET ${p} -> ${r.status}`);
		assert.ok(!r.text.includes(INDEX_MARKER), `GET ${p} served index.html`);
		assert.ok(r.headers['x-request-id'], `GET ${p} X-Request-Id`);
	}
});

test('path traversal never serves a file outside the web root', async () => {
	const paths = [
		'/../secret.txt', '/%2e%2e/secret.txt', '/%2E%2E/secret.txt', '/.%2e/secret.txt', '/%2e./secret.txt',
		'/..%2fsecret.txt', '/%2e%2e%2fsecret.txt', '/..%5csecret.txt', '/assets/../../secret.txt',
		'/assets/%2e%2e/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
		'/../../../../../../etc/passwd', '/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
		'/assets/%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd', '//etc/passwd', '/%2fetc%2fpasswd',
		'/assets/....//....//secret.txt', '/%252e%252e/secret.txt', '/..;/secret.txt', '/secret.txt',
		'/assets/app.js/../../secret.txt', '/.%00./secret.txt',
	];
	for (const p of paths) {
		let r;
		try {
			r = await srv.request('GET', p);
		} catch (e) {
			// the server may close the connection on a request it refuses outright
			assert.match(e.code ?? e.message, /ECONNRESET|socket hang up|EPIPE/, `GET ${p}: ${e.message}`);
			continue;
		}
		assert.ok(!r.text.includes(SECRET_MARKER), `GET ${p} served the file next to the web root`);
		assert.doesNotMatch(r.text, /root:[^:\n]*:0:0:/, `GET ${p} served /etc/passwd`);
		assert.ok(r.status !== 200 || r.text.includes(INDEX_MARKER) || r.text.includes(ASSET_MARKER),
		    `GET ${p} -> 200 with an unknown body: ${r.text.slice(0, 100)}`);
		assert.ok(r.status < 500, `GET ${p} -> ${r.status}`);
	}
	// the server is still fine
	assert.equal((await srv.api('GET', '/health')).status, 200);
});

test('unsafe methods on static paths do not write files', async () => {
	const r = await srv.request('PUT', '/assets/new.js', { body: 'x', headers: { 'Content-Type': 'text/javascript' } });
	assert.ok(r.status >= 400 && r.status < 500, `PUT /assets/new.js -> ${r.status}`);
	assert.equal((await srv.request('GET', '/assets/new.js')).status, 404);
});

// Last in this file: a crash here would take the server down for the tests after it.
test('bytes that are not UTF-8 in a path: a clean 4xx, and the server lives on', async () => {
	const cases = ['/x/%ff.js', '/%c0%ae%c0%ae/secret.txt', '/api/v1/%ff', '/api/v1/cities/%c0%ae', '/%ff'];
	for (const p of cases) {
		let r;
		try {
			r = await srv.request('GET', p);
		} catch (e) {
			assert.fail(`GET ${p}: no answer (${e.message}); server stderr tail:\n${srv.stderr().slice(-600)}`);
		}
		assert.ok(!r.text.includes(SECRET_MARKER), `GET ${p} served the file next to the web root`);
		assert.ok(r.status < 500, `GET ${p} -> ${r.status}`);
		if (p.startsWith('/api/')) {
			assert.ok([400, 404].includes(r.status), `GET ${p} -> ${r.status}`);
			assert.match(r.headers['content-type'] ?? '', /^application\/problem\+json/, `GET ${p}`);
		}
		const h = await srv.api('GET', '/health').catch((e) => e);
		assert.equal(h.status, 200, `server down after GET ${p}: ${h.message ?? h.status}`);
	}
});
