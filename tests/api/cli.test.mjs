// The subcommands that work beside a running server: backup (consistent while
// the server writes), org add / list and user add / passwd / list (a new
// installation's first organization and admin), bad flags and values.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { BIN, DEMO, runBin, startServer } from './lib/server.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { await srv?.stop(); });

function withInput(args, input, env = {}) {
	return spawnSync(BIN, args, { input, encoding: 'utf8', timeout: 60000,
	    env: { PATH: process.env.PATH, ...env } });
}

test('backup while the server writes: a consistent copy with every committed row', async () => {
	const admin = await srv.client().signIn(DEMO.admin);
	const writes = [];
	for (let i = 0; i < 20; i++)
		writes.push(admin.api('POST', '/organizations', { body: { kind: 'ngo', name_ru: `Фонд ${i}`,
		    name_en: `Fund ${i}`, city_id: 1 } }));
	const out = path.join(srv.tmp, 'copy.db');
	const b = runBin(['backup', '--db', srv.db, out]);
	const results = await Promise.all(writes);
	results.forEach((r) => assert.equal(r.status, 201, r.text));
	assert.equal(b.status, 0, b.stderr);
	const check = spawnSync('sqlite3', [out, 'PRAGMA integrity_check; SELECT COUNT(*) FROM users;'],
	    { encoding: 'utf8' });
	assert.equal(check.status, 0, check.stderr);
	const [integrity, users] = check.stdout.trim().split('\n');
	assert.equal(integrity, 'ok');
	assert.ok(Number(users) >= 4, `users in the copy: ${users}`);
	// a second backup to the same file is refused rather than overwriting it
	const again = runBin(['backup', '--db', srv.db, out]);
	assert.equal(again.status, 1);
	assert.match(again.stderr, /exists/);
});

test('user add, then sign in with the new account; user list shows it', async () => {
	const add = withInput(['user', 'add', '--db', srv.db, 'Lazarevich@Minsk.example', 'Надежда Лазаревич',
	    'partner', '1'], 'a-long-enough-password\n');
	assert.equal(add.status, 0, add.stderr);
	assert.match(add.stdout.trim(), /^\d+$/);
	const c = srv.client();
	assert.equal((await c.login('lazarevich@minsk.example', 'a-long-enough-password')).status, 200);
	const list = runBin(['user', 'list', '--db', srv.db]);
	assert.equal(list.status, 0, list.stderr);
	assert.match(list.stdout, /lazarevich@minsk\.example\tpartner\tНадежда Лазаревич/);
	const dup = withInput(['user', 'add', '--db', srv.db, 'lazarevich@minsk.example', 'X', 'partner', '1'],
	    'a-long-enough-password\n');
	assert.equal(dup.status, 1);
	assert.match(dup.stderr, /exists/);
});

test('a new installation: org add makes its first organization, user add its admin, who signs in', async () => {
	const fresh = await startServer({ demo: false, prepare: (db) => {
		const org = runBin(['org', 'add', '--db', db, 'department', '524901',
		    'Department for External Economic and International Relations', 'Департамент внешнеэкономических и международных связей']);
		assert.equal(org.status, 0, org.stderr);
		assert.match(org.stdout.trim(), /^\d+$/);
		const list = runBin(['org', 'list', '--db', db]);
		assert.match(list.stdout, new RegExp(`^${org.stdout.trim()}\tdepartment\tDepartment for External .*\tMoscow$`, 'm'));
		const admin = withInput(['user', 'add', '--db', db, 'it@mos.example', 'ИТ-отдел', 'admin', org.stdout.trim()],
		    'a-long-enough-password\n');
		assert.equal(admin.status, 0, admin.stderr);
		for (const [args, why] of [[['org', 'add', '--db', db, 'embassy', '524901', 'X', 'Х'], /kind is/],
		    [['org', 'add', '--db', db, 'ngo', 'Moscow', 'X', 'Х'], /GeoNames id/],
		    [['org', 'add', '--db', db, 'ngo', '999999999', 'X', 'Х'], /no city with GeoNames id/]]) {
			const r = runBin(args);
			assert.notEqual(r.status, 0, args.join(' '));
			assert.match(r.stderr, why);
		}
	} });
	try {
		const c = fresh.client();
		assert.equal((await c.login('it@mos.example', 'a-long-enough-password')).status, 200);
	} finally {
		await fresh.stop();
	}
});

test('user passwd: the new password works, the old one and its sessions do not', async () => {
	const c = await srv.client().signIn(DEMO.correspondent);
	const r = withInput(['user', 'passwd', '--db', srv.db, DEMO.correspondent], '',
	    { POBRATIM_PASSWORD: 'another-long-password' });
	assert.equal(r.status, 0, r.stderr);
	assert.equal((await c.api('GET', '/me')).status, 401, 'the old session ended');
	assert.equal((await srv.client().login(DEMO.correspondent)).status, 401, 'the demo password is gone');
	assert.equal((await srv.client().login(DEMO.correspondent, 'another-long-password')).status, 200);
	const short = withInput(['user', 'passwd', '--db', srv.db, DEMO.correspondent], 'short\n');
	assert.equal(short.status, 1);
	assert.match(short.stderr, /at least 10/);
});

test('bad flags and values: one line on stderr, exit status 2', () => {
	for (const args of [['serve', '--workers', '0'], ['serve', '--workers', 'many'], ['serve', '--max-body'],
	    ['serve', '--log-level', 'loud'], ['serve', '--demo', 'extra'], ['frobnicate'], ['user'],
	    ['user', 'add', 'a@b.c', 'A', 'emperor', '1']]) {
		const r = withInput(args, 'a-long-enough-password\n', { POBRATIM_DB: path.join(srv.tmp, 'other.db') });
		assert.equal(r.status, 2, `${args.join(' ')}: ${r.status} ${r.stderr}`);
		assert.ok(r.stderr.trim().length > 0, `${args.join(' ')} says why`);
	}
	const env = withInput(['serve'], '', { POBRATIM_WORKERS: '-3' });
	assert.equal(env.status, 2);
	assert.equal(env.stderr.trim().split('\n').length, 1, env.stderr);
});
