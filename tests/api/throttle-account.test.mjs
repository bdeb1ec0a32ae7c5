// Sign-in throttling per account: POBRATIM_LOGIN_MAX_FAILURES=3.
// (The per-address limit stays at its default, 20, well above what this file spends.)

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { DEMO, assertJson, assertProblem, startServer } from './lib/server.mjs';

let srv;

before(async () => {
	srv = await startServer({ env: { POBRATIM_LOGIN_MAX_FAILURES: '3' } });
});

after(async () => {
	await srv?.stop();
});

function retryAfter(r) {
	const v = r.headers['retry-after'];
	assert.match(v ?? '', /^\d+$/, `Retry-After in seconds: ${v}`);
	assert.ok(Number(v) >= 1, `Retry-After ${v}`);
	return Number(v);
}

test('3 failures are answered 401; the 4th is 429 with Retry-After; then even the right password is refused', async () => {
	const c = srv.client();
	for (let i = 1; i <= 3; i++)
		assertProblem(await c.login(DEMO.partner, `wrong-${i}`), 401, 'invalid_credentials', `bad attempt ${i}`);
	const r4 = await c.login(DEMO.partner, 'wrong-4');
	assertProblem(r4, 429, 'too_many_attempts', 'bad attempt 4');
	retryAfter(r4);
	assert.equal(r4.headers['set-cookie'], undefined);

	const right = await c.login(DEMO.partner);
	assertProblem(right, 429, 'too_many_attempts', 'right password while throttled');
	retryAfter(right);
	assert.equal(c.cookie, null, 'no session while throttled');
	// from another client address too: the limit is the account's
	const other = await srv.client().login(DEMO.partner, undefined, { from: '127.0.0.2' });
	assertProblem(other, 429, 'too_many_attempts', 'right password from 127.0.0.2 while throttled');
});

test('the limit is per account: other accounts still sign in', async () => {
	const c = srv.client();
	assertJson(await c.login(DEMO.staff), 200, 'staff signs in');
	assertJson(await c.api('GET', '/me'), 200);
});

test('an unknown email is throttled like a real one', async () => {
	const c = srv.client();
	for (let i = 1; i <= 3; i++)
		assertProblem(await c.login('ghost@pobratim.demo', `wrong-${i}`), 401, 'invalid_credentials', `ghost attempt ${i}`);
	const r4 = await c.login('ghost@pobratim.demo', 'wrong-4');
	assertProblem(r4, 429, 'too_many_attempts', 'ghost attempt 4');
	retryAfter(r4);
});

test('failures below the limit do not lock the account', async () => {
	const c = srv.client();
	for (let i = 1; i <= 2; i++)
		assertProblem(await c.login(DEMO.correspondent, `wrong-${i}`), 401, 'invalid_credentials', `attempt ${i}`);
	assertJson(await c.login(DEMO.correspondent), 200, 'right password after 2 failures');
});
