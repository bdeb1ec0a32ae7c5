// Back-off, not a lock: past POBRATIM_LOGIN_MAX_FAILURES=2 free failures of a
// pair, each further failure doubles the wait from POBRATIM_LOGIN_BACKOFF=1 s
// up to POBRATIM_LOGIN_MAX_DELAY=4 s. The test waits for the server to let
// the next attempt through (polling, never sleeping a fixed time) and checks
// that the wait lasted at least as long as it should: a slow machine only
// makes the measured waits longer.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { DEMO, assertJson, assertProblem, startServer } from './lib/server.mjs';

let srv;

before(async () => {
	srv = await startServer({ env: { POBRATIM_LOGIN_MAX_FAILURES: '2', POBRATIM_LOGIN_BACKOFF: '1',
		POBRATIM_LOGIN_MAX_DELAY: '4', POBRATIM_LOGIN_WINDOW: '600' } });
});

after(async () => {
	await srv?.stop();
});

/*
 * Tries password until an attempt is not held off; returns that answer, how
 * long after `since` it came, and the Retry-After values of the 429s before it.
 */
async function waitOut(password, since) {
	const retries = [];
	for (;;) {
		const r = await srv.client().login(DEMO.partner, password);
		if (r.status !== 429)
			return { r, elapsed: Date.now() - since, retries };
		// the longest wait is 4 s: a minute is a lock, not a back-off
		assert.ok(Date.now() - since < 60000, `still held off after a minute: ${retries.slice(-3)}`);
		assertProblem(r, 429, 'too_many_attempts', 'held off');
		retries.push(Number(r.headers['retry-after']));
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
}

test('each failure past the free ones doubles the wait, up to the longest; waiting attempts count for nothing', async () => {
	const c = srv.client();
	assertProblem(await c.login(DEMO.partner, 'wrong-1'), 401, 'invalid_credentials');
	let last = Date.now();
	assertProblem(await c.login(DEMO.partner, 'wrong-2'), 401, 'invalid_credentials');
	last = Date.now();
	// failure 3 after a wait of 1 s, failure 4 after 2 s, failure 5 after 4 s, failure 6 after 4 s (the cap)
	for (const [n, wait] of [[3, 1], [4, 2], [5, 4], [6, 4]]) {
		const { r, elapsed, retries } = await waitOut(`wrong-${n}`, last);
		last = Date.now();
		assertProblem(r, 401, 'invalid_credentials', `failure ${n} once the wait is over`);
		// times are kept to the second: a wait of w seconds lets the next attempt in after w - 1 s at the least
		assert.ok(elapsed >= (wait - 1) * 1000, `failure ${n} came ${elapsed} ms after the one before; the wait is ${wait} s`);
		for (const ra of retries)
			assert.ok(ra >= 1 && ra <= wait, `Retry-After ${ra} while waiting ${wait} s`);
		for (let i = 1; i < retries.length; i++)
			assert.ok(retries[i] <= retries[i - 1], `Retry-After never grows while waiting: ${retries}`);
		if (wait === 4)
			assert.ok(retries.length > 0, `an attempt right after failure ${n} is held off`);
	}
	// the wait is over: the right password signs in, and clears the pair
	const { r } = await waitOut(undefined, last);
	assertJson(r, 200, 'right password after the wait');
	assertProblem(await c.login(DEMO.partner, 'wrong-7'), 401, 'invalid_credentials', 'the pair starts again from none');
});
