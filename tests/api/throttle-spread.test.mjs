// Sign-in throttling per account across addresses (credential guessing from
// many addresses): POBRATIM_LOGIN_MAX_FAILURES_ACCOUNT=3 failures on one
// account from any addresses are free; then addresses that never signed in to
// it wait, while one it signed in from before (its owner's) does not.
// Linux routes all of 127.0.0.0/8 to lo, so 127.0.0.x are other client addresses.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { DEMO, assertJson, assertProblem, startServer } from './lib/server.mjs';

let srv;

before(async () => {
	srv = await startServer({ env: { POBRATIM_LOGIN_MAX_FAILURES_ACCOUNT: '3', POBRATIM_LOGIN_MAX_FAILURES: '100',
		POBRATIM_LOGIN_MAX_FAILURES_ADDR: '100', POBRATIM_LOGIN_BACKOFF: '3600' } });
});

after(async () => {
	await srv?.stop();
});

test('one failure each from 3 addresses, then a 4th address waits and the owner\'s known address does not', async () => {
	assertJson(await srv.client().login(DEMO.partner, undefined, { from: '127.0.0.5' }), 200, 'the owner at 127.0.0.5');
	for (const from of ['127.0.0.2', '127.0.0.3', '127.0.0.4'])
		assertProblem(await srv.client().login(DEMO.partner, 'guess', { from }), 401, 'invalid_credentials', `guess from ${from}`);
	const r = await srv.client().login(DEMO.partner, undefined, { from: '127.0.0.6' });
	assertProblem(r, 429, 'too_many_attempts', 'right password from a new address while the account is under attack');
	assert.match(r.headers['retry-after'] ?? '', /^[1-9]\d*$/);
	const owner = srv.client();
	assertJson(await owner.login(DEMO.partner, undefined, { from: '127.0.0.5' }), 200, 'the owner at the known address');
	assertJson(await owner.api('GET', '/me'), 200);
});

test('other accounts are not touched by one account\'s count', async () => {
	assertJson(await srv.client().login(DEMO.staff, undefined, { from: '127.0.0.6' }), 200, 'staff from 127.0.0.6');
});
