// Bounded shutdown (issue 12, item 3): SIGTERM lets requests in flight
// finish for --shutdown-timeout seconds at most, then names the stuck ones
// and exits with status 1 without them. A stuck worker is made the honest
// way, with nothing in the binary for tests: another process holds the
// database's write lock (sqlite3, BEGIN IMMEDIATE), so a write waits in
// SQLite's busy handler (5 s) while the shutdown timeout is 1 s.

import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { test } from 'node:test';

import { DEMO, startServer } from './lib/server.mjs';

const WAIT_MS = 30000;	/* a bound for conditions, generous on a loaded machine */

/* Resolves when check() holds, polling; fails after WAIT_MS. */
async function until(what, check) {
	const end = Date.now() + WAIT_MS;
	while (!check()) {
		if (Date.now() > end)
			throw new Error(`gave up waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 20));
	}
}

/* A sqlite3 process holding the write lock of db until release(). */
async function holdWriteLock(db) {
	const p = spawn('sqlite3', [db], { stdio: ['pipe', 'pipe', 'pipe'] });
	let out = '';
	p.stdout.setEncoding('utf8');
	p.stdout.on('data', (d) => { out += d; });
	p.stderr.on('data', (d) => { out += d; });
	const exited = new Promise((r) => p.on('exit', r));
	p.stdin.write('BEGIN IMMEDIATE;\nSELECT \'locked\';\n');
	await until('sqlite3 to take the write lock', () => out.includes('locked'));
	return {
		async release() {
			p.stdin.end('ROLLBACK;\n.quit\n');
			await exited;
		},
	};
}

/* Sends a write that will wait for the lock; once a worker runs it, { answer } (a promise). */
async function writeOnWorker(srv, client, name) {
	const res = client.api('POST', '/organizations', { timeout: WAIT_MS,
	    body: { kind: 'other', name_ru: name, name_en: name, city_id: client.user.organization.city.id } })
	    .then((r) => r, (e) => e);
	await until('the write to reach a worker', () =>
	    /request \w+: POST \/api\/v1\/organizations on a worker/.test(srv.stderr()));
	return { answer: res };	/* not the promise itself: an async function would wait for it */
}

test('a request stuck past --shutdown-timeout is named, and the server exits 1 without it', async () => {
	const srv = await startServer({ args: ['--workers', '1', '--log-level', 'debug'],
	    env: { POBRATIM_SHUTDOWN_TIMEOUT: '1' } });
	const admin = await srv.client().signIn(DEMO.admin);	/* a write: before the lock */
	const lock = await holdWriteLock(srv.db);
	try {
		const { answer } = await writeOnWorker(srv, admin, 'Stuck at shutdown');
		const t0 = performance.now();
		srv.child.kill('SIGTERM');
		const e = await Promise.race([srv.exited,
		    new Promise((r) => setTimeout(r, WAIT_MS, 'timeout'))]);
		const ms = performance.now() - t0;
		assert.notEqual(e, 'timeout', `no exit within ${WAIT_MS} ms of SIGTERM\n${srv.stderr()}`);
		assert.deepEqual({ code: e.code, signal: e.signal }, { code: 1, signal: null }, srv.stderr());
		assert.match(srv.stderr(), /stopping: request \w+ \(POST \/api\/v1\/organizations\) still running after \d+ ms/);
		assert.match(srv.stderr(), /stopped after 1 s with requests unfinished/);
		assert.ok((await answer) instanceof Error, 'the stuck request got no answer');
		console.log(`# SIGTERM to exit with a stuck worker: ${ms.toFixed(0)} ms (timeout 1 s, busy wait 5 s)`);
	} finally {
		srv.stopped = true;
		srv.child.kill('SIGKILL');
		await lock.release();
	}
	const check = spawnSync('sqlite3', [srv.db, 'PRAGMA integrity_check;'], { encoding: 'utf8' });
	assert.equal(check.stdout.trim(), 'ok');
	fs.rmSync(srv.tmp, { recursive: true, force: true });
});

test('a slow request that ends within the timeout is answered, and the exit is 0', async () => {
	const srv = await startServer({ args: ['--workers', '1', '--log-level', 'debug', '--shutdown-timeout', '30'] });
	const admin = await srv.client().signIn(DEMO.admin);
	const lock = await holdWriteLock(srv.db);
	let released = false;
	try {
		const { answer } = await writeOnWorker(srv, admin, 'Finished at shutdown');
		srv.child.kill('SIGTERM');
		await until('the stop to begin', () => /stopping: finishing 1 requests in flight/.test(srv.stderr()));
		await lock.release();
		released = true;
		const r = await answer;
		assert.equal(r.status, 201, r.message ?? r.text);
		await srv.stop();	/* exit status 0 */
	} finally {
		if (!released)
			await lock.release();
		await srv.stop();
	}
});
