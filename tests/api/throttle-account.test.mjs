// Sign-in throttling per (account, address) pair: POBRATIM_LOGIN_MAX_FAILURES=3
// failures are free, then the pair waits POBRATIM_LOGIN_BACKOFF (an hour here,
// and an hour at most, so the wait cannot run out during the test on a slow
// machine). The address (20) and account (100) counts stay at their defaults,
// well above what this file spends. Linux routes all of 127.0.0.0/8 to lo, so
// 127.0.0.2 is another client address.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { DEMO, assertJson, assertProblem, startServer } from './lib/server.mjs';

const BACKOFF = 3600;
let srv;

before(async () => {
	srv = await startServer({ env: { POBRATIM_LOGIN_MAX_FAILURES: '3', POBRATIM_LOGIN_BACKOFF: String(BACKOFF),
		POBRATIM_LOGIN_MAX_DELAY: String(BACKOFF) } });
});

after(async () => {
	await srv?.stop();
});

function retryAfter(r) {
	const v = r.headers['retry-after'];
	assert.match(v ?? '', /^\d+$/, `Retry-After in seconds: ${v}`);
	return Number(v);
}

test('3 failures are answered 401; the 4th is 429 with Retry-After of the first back-off; even the right password waits', async () => {
	const c = srv.client();
	for (let i = 1; i <= 3; i++)
		assertProblem(await c.login(DEMO.partner, `wrong-${i}`), 401, 'invalid_credentials', `bad attempt ${i}`);
	const r4 = await c.login(DEMO.partner, 'wrong-4');
	assertProblem(r4, 429, 'too_many_attempts', 'bad attempt 4');
	const wait = retryAfter(r4);
	assert.ok(wait > BACKOFF - 120 && wait <= BACKOFF, `Retry-After ${wait}: the first back-off, ${BACKOFF} s`);
	assert.equal(r4.headers['set-cookie'], undefined);

	const right = await c.login(DEMO.partner);
	assertProblem(right, 429, 'too_many_attempts', 'right password from the same address while waiting');
	assert.ok(retryAfter(right) <= wait, 'a refused attempt does not lengthen the wait');
	assert.equal(c.cookie, null, 'no session while throttled');
});

test('the owner signs in from another address meanwhile: the wait is the pair\'s, not the account\'s', async () => {
	const c = srv.client();
	assertJson(await c.login(DEMO.partner, undefined, { from: '127.0.0.2' }), 200, 'partner from 127.0.0.2');
	assertJson(await c.api('GET', '/me'), 200);
	// and the attacker's address still waits
	assertProblem(await srv.client().login(DEMO.partner), 429, 'too_many_attempts', 'partner from 127.0.0.1');
});

test('other accounts sign in from the same address', async () => {
	const c = srv.client();
	assertJson(await c.login(DEMO.staff), 200, 'staff signs in from 127.0.0.1');
	assertJson(await c.api('GET', '/me'), 200);
});

test('an unknown email is throttled like a real one', async () => {
	const c = srv.client();
	for (let i = 1; i <= 3; i++)
		assertProblem(await c.login('ghost@pobratim.demo', `wrong-${i}`), 401, 'invalid_credentials', `ghost attempt ${i}`);
	assertProblem(await c.login('ghost@pobratim.demo', 'wrong-4'), 429, 'too_many_attempts', 'ghost attempt 4');
	// the email is compared in lower case
	assertProblem(await c.login('GHOST@pobratim.demo', 'wrong-5'), 429, 'too_many_attempts', 'GHOST attempt');
});

test('a successful sign-in clears the pair: its failures start again from none', async () => {
	const c = srv.client();
	for (let i = 1; i <= 2; i++)
		assertProblem(await c.login(DEMO.correspondent, `wrong-${i}`), 401, 'invalid_credentials', `attempt ${i}`);
	assertJson(await c.login(DEMO.correspondent), 200, 'right password after 2 failures');
	for (let i = 3; i <= 5; i++)
		assertProblem(await c.login(DEMO.correspondent, `wrong-${i}`), 401, 'invalid_credentials', `attempt ${i}, after the success`);
	assertProblem(await c.login(DEMO.correspondent, 'wrong-6'), 429, 'too_many_attempts', 'the 4th failure since the success');
});

test('the counts live in the database: a restart keeps the wait', async () => {
	await srv.restart();
	const r = await srv.client().login(DEMO.partner);
	assertProblem(r, 429, 'too_many_attempts', 'partner from 127.0.0.1 after a restart');
	assert.ok(retryAfter(r) > BACKOFF - 300);
});
