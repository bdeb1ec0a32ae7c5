// Sign-in throttling per client address: POBRATIM_LOGIN_MAX_FAILURES_ADDR=3
// failures from one address, on any accounts, are free; the per-pair limit is
// high, so only the address's count can answer 429. A pair that has signed in
// before (known) is not held off by its address's count: spraying accounts
// from a shared address (an office, a proxy) does not keep their owners out.
// Linux routes all of 127.0.0.0/8 to lo, so 127.0.0.x are other client addresses.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { DEMO, assertJson, assertProblem, startServer } from './lib/server.mjs';

let srv;

before(async () => {
	srv = await startServer({ env: { POBRATIM_LOGIN_MAX_FAILURES_ADDR: '3', POBRATIM_LOGIN_MAX_FAILURES: '100',
		POBRATIM_LOGIN_BACKOFF: '3600' } });
});

after(async () => {
	await srv?.stop();
});

test('3 failures on different accounts from one address, then 429 for accounts new to it', async () => {
	const c = srv.client();
	assertProblem(await c.login(DEMO.partner, 'wrong-1'), 401, 'invalid_credentials', 'partner bad');
	assertProblem(await c.login(DEMO.staff, 'wrong-2'), 401, 'invalid_credentials', 'staff bad');
	assertProblem(await c.login('ghost@pobratim.demo', 'wrong-3'), 401, 'invalid_credentials', 'ghost bad');
	const r4 = await c.login(DEMO.correspondent, 'wrong-4');
	assertProblem(r4, 429, 'too_many_attempts', 'correspondent bad, 4th failure from the address');
	assert.match(r4.headers['retry-after'] ?? '', /^[1-9]\d*$/, `Retry-After: ${r4.headers['retry-after']}`);

	// the right password of an account that never signed in from here waits too
	const right = await c.login(DEMO.admin);
	assertProblem(right, 429, 'too_many_attempts', 'admin right password from the throttled address');
	assert.match(right.headers['retry-after'] ?? '', /^[1-9]\d*$/);
	assert.equal(c.cookie, null);
});

test('another address is not throttled', async () => {
	const c = srv.client();
	const r = await c.login(DEMO.admin, undefined, { from: '127.0.0.2' });
	assertJson(r, 200, 'admin from 127.0.0.2');
	assertJson(await c.api('GET', '/me'), 200);
});

test('an account that signed in from an address before is not held off by that address\'s failures', async () => {
	const from = '127.0.0.3';
	assertJson(await srv.client().login(DEMO.staff, undefined, { from }), 200, 'staff from 127.0.0.3: now known');
	// someone at the same address sprays other accounts
	for (const [i, email] of [DEMO.partner, DEMO.correspondent, 'ghost@pobratim.demo'].entries())
		assertProblem(await srv.client().login(email, `spray-${i}`, { from }), 401, 'invalid_credentials', `spray ${email}`);
	assertProblem(await srv.client().login(DEMO.admin, undefined, { from }), 429, 'too_many_attempts',
	    'admin, new to 127.0.0.3, waits');
	const staff = srv.client();
	assertJson(await staff.login(DEMO.staff, undefined, { from }), 200, 'staff, known at 127.0.0.3, signs in');
	assertJson(await staff.api('GET', '/me'), 200);
});
