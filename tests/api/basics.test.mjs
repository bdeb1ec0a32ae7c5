// Health, the served OpenAPI document, the generic error answers (404, 405,
// 400 invalid_json, 415, 413), X-Request-Id, and exit on SIGTERM.
// The server runs with POBRATIM_MAX_BODY=1024.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { API, ROUTES } from './lib/routes.mjs';
import { DEMO, REPO, assertJson, assertProblem, startServer } from './lib/server.mjs';

let srv;

before(async () => {
	srv = await startServer({ env: { POBRATIM_MAX_BODY: '1024' } });
});

after(async () => {
	await srv?.stop();
});

test('GET /health', async () => {
	const r = await srv.api('GET', '/health');
	assert.deepEqual(assertJson(r, 200), { status: 'ok', version: '0.1.0', db: 'sqlite' });
});

test('HEAD /health answers 200 without a body', async () => {
	const r = await srv.api('HEAD', '/health');
	assert.equal(r.status, 200);
	assert.equal(r.text, '');
});

test('GET /openapi.json serves docs/api/openapi.json', async () => {
	const r = await srv.api('GET', '/openapi.json');
	const served = assertJson(r, 200);
	const file = JSON.parse(fs.readFileSync(path.join(REPO, 'docs', 'api', 'openapi.json'), 'utf8'));
	assert.match(served.openapi, /^3\.1\./);
	// every route of the contract is in the served document
	for (const route of ROUTES) {
		const op = served.paths?.[route.path]?.[route.method.toLowerCase()];
		assert.ok(op, `${route.method} ${route.path} missing from the served document`);
		assert.deepEqual(op['x-roles'], route.roles, `${route.method} ${route.path} x-roles`);
	}
	assert.deepEqual(served, file, 'the served document is docs/api/openapi.json');
});

test('unknown /api/v1 path -> 404 not_found problem+json', async () => {
	for (const p of ['/nope', '/nope/deeper', '/healthz', '/cities/1/nope', '/']) {
		const r = await srv.api('GET', p);
		const body = assertProblem(r, 404, 'not_found', `GET ${API}${p}`);
		assert.equal(body.errors, undefined);
	}
	assertProblem(await srv.api('POST', '/nope', { body: {} }), 404, 'not_found', 'POST /api/v1/nope');
});

test('known path, wrong method -> 405 method_not_allowed with Allow', async () => {
	const cases = [
		['DELETE', '/health', ['GET']],
		['POST', '/health', ['GET']],
		['PUT', '/cities', ['GET']],
		['POST', '/cities/1', ['GET']],
		['GET', '/session', ['DELETE', 'POST']],
		['PUT', '/me', ['GET', 'PATCH']],
		['PUT', '/users/1', ['DELETE', 'GET', 'PATCH']],
	];
	for (const [m, p, allow] of cases) {
		const r = await srv.api(m, p);
		assertProblem(r, 405, 'method_not_allowed', `${m} ${API}${p}`);
		const got = (r.headers.allow ?? '').split(',').map((s) => s.trim()).filter(Boolean)
		    .filter((x) => x !== 'HEAD' && x !== 'OPTIONS').sort();
		assert.deepEqual(got, allow, `${m} ${p}: Allow header (got ${r.headers.allow})`);
	}
});

test('malformed JSON -> 400 invalid_json', async () => {
	// '\\Д': jansson quotes the bytes near a bad escape, half a UTF-8 sequence (found by the ws_router fuzzer: was 500)
	for (const bad of ['{"email":', '{email: "a"}', 'nope', '{"email":"a@b.c","password":"x"} trailing', '',
	    '{"email":"\\Д"}']) {
		const r = await srv.api('POST', '/session', { body: bad, headers: { 'Content-Type': 'application/json' } });
		if (bad === '') {
			// an empty body is not JSON either; it must not sign anyone in
			assert.ok([400].includes(r.status), `empty body -> ${r.status} ${r.text}`);
			assert.ok(['invalid_json', 'validation_failed'].includes(r.json?.code), `empty body -> ${r.text}`);
			continue;
		}
		assertProblem(r, 400, 'invalid_json', `POST /session ${JSON.stringify(bad)}`);
	}
	// a JSON value that is not an object
	const arr = await srv.api('POST', '/session', { body: '["a"]', headers: { 'Content-Type': 'application/json' } });
	assert.equal(arr.status, 400, `array body -> ${arr.status} ${arr.text}`);
	assert.ok(['invalid_json', 'validation_failed'].includes(arr.json?.code), arr.text);
});

test('signed-in PATCH /me with malformed JSON -> 400 invalid_json', async () => {
	const c = srv.client();
	await c.signIn(DEMO.staff);
	const r = await c.api('PATCH', '/me', { body: '{"locale":', headers: { 'Content-Type': 'application/json' } });
	assertProblem(r, 400, 'invalid_json', 'PATCH /me malformed');
});

test('non-JSON content type on a body -> 415 unsupported_media_type', async () => {
	const body = JSON.stringify({ email: DEMO.staff, password: 'demo-password' });
	for (const ct of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
		const r = await srv.api('POST', '/session', { body, headers: { 'Content-Type': ct } });
		assertProblem(r, 415, 'unsupported_media_type', `POST /session as ${ct}`);
		assert.equal(r.headers['set-cookie'], undefined, `${ct}: no session cookie`);
	}
	// the right password with a JSON type and a charset parameter is accepted
	const ok = await srv.api('POST', '/session', { body, headers: { 'Content-Type': 'application/json; charset=utf-8' } });
	assert.equal(ok.status, 200, `application/json; charset=utf-8 -> ${ok.status} ${ok.text}`);
});

test('body over POBRATIM_MAX_BODY (1024) -> 413 payload_too_large; under it is read', async () => {
	const big = JSON.stringify({ email: DEMO.staff, password: 'x'.repeat(4096) });
	assert.ok(big.length > 4096);
	const r = await srv.api('POST', '/session', { body: big, headers: { 'Content-Type': 'application/json' } });
	assertProblem(r, 413, 'payload_too_large', 'POST /session 4 KB');
	// 900 bytes: under the ceiling, so the server reads it and answers on the password
	const small = JSON.stringify({ email: 'nobody@pobratim.demo', password: 'x'.repeat(850) });
	assert.ok(small.length < 1024);
	const s = await srv.api('POST', '/session', { body: small, headers: { 'Content-Type': 'application/json' } });
	assertProblem(s, 401, 'invalid_credentials', 'POST /session 900 bytes');
	// the server still answers after refusing a big body
	assertJson(await srv.api('GET', '/health'), 200);
});

test('413 also for a signed-in PATCH', async () => {
	const c = srv.client();
	await c.signIn(DEMO.partner);
	const r = await c.api('PATCH', '/me', { body: { name: 'n'.repeat(4096) } });
	assertProblem(r, 413, 'payload_too_large', 'PATCH /me 4 KB');
	const me = assertJson(await c.api('GET', '/me'), 200);
	assert.notEqual(me.user.name, 'n'.repeat(4096));
});

test('every response has a distinct X-Request-Id', async () => {
	const c = srv.client();
	const answers = [
		await srv.api('GET', '/health'),
		await srv.api('GET', '/openapi.json'),
		await srv.api('GET', '/nope'),
		await srv.api('DELETE', '/health'),
		await srv.api('GET', '/me'),
		await srv.api('GET', '/countries'),
		await srv.api('GET', '/cities?limit=0'),
		await srv.api('POST', '/session', { body: '{', headers: { 'Content-Type': 'application/json' } }),
		await srv.api('POST', '/session', { body: 'x', headers: { 'Content-Type': 'text/plain' } }),
		await c.login(DEMO.staff, 'wrong-password'),
		await c.login(DEMO.staff),
		await c.api('PATCH', '/me', { body: { locale: 'ru' }, csrf: false }),
		await c.api('DELETE', '/session'),
		await srv.request('GET', '/'),
		await srv.request('GET', '/assets/app.js'),
		await srv.request('GET', '/assets/missing.js'),
	];
	const ids = answers.map((r) => r.headers['x-request-id']);
	answers.forEach((r, i) => assert.ok(typeof ids[i] === 'string' && ids[i].length > 0,
	    `answer ${i} (${r.status}) has no X-Request-Id`));
	assert.equal(new Set(ids).size, ids.length, `request ids repeat: ${ids.join(' ')}`);
});

test('concurrent requests all get their own right answer', async () => {
	const c = srv.client();
	await c.signIn(DEMO.admin);
	const jobs = [];
	for (let i = 0; i < 60; i++) {
		if (i % 3 === 0)
			jobs.push(srv.api('GET', '/cities?q=harb&limit=1').then((r) => assert.equal(assertJson(r, 200).items[0].name_en, 'Harbin')));
		else if (i % 3 === 1)
			jobs.push(c.api('GET', '/me').then((r) => assert.equal(assertJson(r, 200).user.email, DEMO.admin)));
		else
			jobs.push(srv.api('GET', `/nope/${i}`).then((r) => assertProblem(r, 404, 'not_found')));
	}
	await Promise.all(jobs);
});

test('SIGTERM -> exit code 0', async () => {
	await srv.stop();	/* asserts code 0, no signal */
	await assert.rejects(srv.api('GET', '/health', { timeout: 2000 }), 'the server no longer answers');
});
