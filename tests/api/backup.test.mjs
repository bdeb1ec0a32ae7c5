// Backup, restore and file modes (issue 12, items 4 and 5), through the real
// binary: `pobratim backup` completes while four writers commit without a
// pause and its copy holds every write acknowledged before it began; restore
// is refused while the server holds the database, accepted once it stopped,
// and the restored database is served; the database, its -wal and -shm, the
// lock beside it, backups and uploaded files are their owner's alone.
// Before the fix the backup under writers never finished (SQLite's online
// backup starts over after every commit of another connection).

import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { BIN, DEMO, assertJson, runBin, startServer } from './lib/server.mjs';

const WRITERS = 4;
const PADDING_MB = 60;
const BACKUP_LIMIT_MS = 120000;	/* a bound for a loaded machine; it takes well under a second */

/* umask 000 here and in the binaries this file starts: modes must not depend on it */
const umask = process.umask(0);
/* the database lives here, not in the server's temp dir: it outlives a stop */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pobratim-backup-'));
const db = path.join(dir, 't.db');
const out = path.join(dir, 'backup.db');
let srv;

before(async () => {
	const demo = runBin(['demo', '--db', db, '--files', path.join(dir, 'files')]);
	assert.equal(demo.status, 0, demo.stderr);
	/*
	 * A database of some size (the demo's is 7 MB): SQLite's online backup
	 * copied 256 pages a step and began again after any commit between two.
	 */
	sql(db, `CREATE TABLE test_padding (b BLOB); INSERT INTO test_padding
	    SELECT randomblob(3000) FROM generate_series(1, ${PADDING_MB * 1000 / 3});`);
	srv = await startServer({ db });
});

after(async () => {
	await srv?.stop();
	process.umask(umask);
	fs.rmSync(dir, { recursive: true, force: true });
});

const mode = (f) => (fs.statSync(f).mode & 0o777).toString(8);

/* Runs a subcommand without blocking the event loop (the writers go on). */
function run(args, limit) {
	return new Promise((resolve) => {
		const p = spawn(BIN, args, { stdio: ['ignore', 'pipe', 'pipe'] });
		let stderr = '';
		p.stderr.setEncoding('utf8');
		p.stderr.on('data', (d) => { stderr += d; });
		const timer = setTimeout(() => p.kill('SIGKILL'), limit);
		p.on('exit', (code, signal) => {
			clearTimeout(timer);
			resolve({ code, signal, stderr });
		});
	});
}

function sql(db, query) {
	const r = spawnSync('sqlite3', [db, query], { encoding: 'utf8' });
	assert.equal(r.status, 0, r.stderr);
	return r.stdout.trim().split('\n').filter((l) => l !== '');
}

const acked = new Map();	/* name -> id, acknowledged with 201 */

test('backup under four writers completes, checked, with every write acknowledged before it began', async () => {
	const admin = await srv.client().signIn(DEMO.admin);
	const city = admin.user.organization.city.id;
	let stop = false;
	let seq = 0;
	const writer = async (w) => {
		while (!stop) {
			const name = `Backup writer ${w}.${++seq}`;
			const r = await admin.api('POST', '/organizations', { timeout: 30000,
			    body: { kind: 'other', name_ru: name, name_en: name, city_id: city } });
			assert.equal(r.status, 201, r.text);
			acked.set(name, r.json.id);
		}
	};
	const writers = Array.from({ length: WRITERS }, (_, w) => writer(w));
	while (acked.size < 40)
		await new Promise((r) => setTimeout(r, 10));

	const before = new Set(acked.keys());
	const t0 = performance.now();
	const b = await run(['backup', '--db', db, out], BACKUP_LIMIT_MS);
	const ms = performance.now() - t0;
	const during = acked.size - before.size;
	stop = true;
	await Promise.all(writers);

	assert.deepEqual({ code: b.code, signal: b.signal }, { code: 0, signal: null },
	    `backup did not complete within ${BACKUP_LIMIT_MS} ms under writers\n${b.stderr}`);
	assert.match(b.stderr, /integrity checked/);
	assert.ok(during > 0, 'the writers went on while the backup ran');
	assert.equal(mode(out), '600');
	assert.deepEqual(fs.readdirSync(dir).filter((f) => f.startsWith('backup.db')), ['backup.db'],
	    'one file, nothing left beside it');
	assert.deepEqual(sql(out, 'PRAGMA integrity_check;'), ['ok']);
	const copied = new Set(sql(out, "SELECT name_en FROM organizations WHERE name_en LIKE 'Backup writer %';"));
	const missing = [...before].filter((n) => !copied.has(n));
	assert.deepEqual(missing, [], 'acknowledged before the backup began, so in the copy');
	console.log(`# backup under ${WRITERS} writers: ${ms.toFixed(0)} ms, ${during} writes acknowledged meanwhile, ` +
	    `${before.size} before it, ${copied.size} in the copy`);

	/* it never overwrites, and says so */
	const again = await run(['backup', '--db', db, out], BACKUP_LIMIT_MS);
	assert.equal(again.code, 1);
	assert.match(again.stderr, /exists/);
});

test('restore: refused while the server runs, then replaces the database, which is served', async () => {
	const inCopy = [...new Set(sql(out, "SELECT name_en FROM organizations WHERE name_en LIKE 'Backup writer %';"))];
	const admin = await srv.client().signIn(DEMO.admin);
	const late = assertJson(await admin.api('POST', '/organizations', { body: { kind: 'other',
	    name_ru: 'После копии', name_en: 'After the backup', city_id: admin.user.organization.city.id } }), 201);

	const busy = runBin(['restore', '--db', db, out]);
	assert.equal(busy.status, 1, busy.stderr);
	assert.match(busy.stderr, /in use .*stop it first/);
	const junk = path.join(dir, 'junk.db');
	fs.writeFileSync(junk, 'not a database at all');
	const bad = runBin(['restore', '--db', db, junk]);
	assert.equal(bad.status, 1);
	assert.match(bad.stderr, /not a database/);

	await srv.stop();	/* exit 0; the lock is let go */
	srv = null;
	const ok = runBin(['restore', '--db', db, out]);
	assert.equal(ok.status, 0, ok.stderr);
	assert.equal(mode(db), '600');
	for (const beside of ['-wal', '-shm', '-journal'])
		assert.ok(!fs.existsSync(db + beside), `no ${beside} left`);
	assert.deepEqual(fs.readdirSync(dir).filter((f) => f.includes('restore-')), [], 'no temporary file left');

	srv = await startServer({ db });
	const a = await srv.client().signIn(DEMO.admin);
	for (const name of inCopy.slice(0, 20)) {
		const o = assertJson(await a.api('GET', `/organizations/${acked.get(name)}`), 200);
		assert.equal(o.name_en, name);
	}
	const gone = await a.api('GET', `/organizations/${late.id}`);
	assert.ok(gone.status === 404 || gone.json.name_en !== 'After the backup', 'written after the backup: not restored');
	const found = assertJson(await a.api('GET', `/search?q=${encodeURIComponent(inCopy[0])}`), 200);
	assert.ok(JSON.stringify(found).includes(inCopy[0]), 'the search index came along');
	await srv.stop();
	srv = null;
});

test('modes: database, -wal, -shm, lock, files 0600 and their directory 0700, whatever the umask', async () => {
	srv = await startServer();	/* its own database and files, made by pobratim demo under umask 000 */
	const admin = await srv.client().signIn(DEMO.admin);	/* a write: the WAL has content */
	assertJson(await admin.api('POST', '/organizations', { body: { kind: 'other', name_ru: 'Режимы',
	    name_en: 'Modes', city_id: admin.user.organization.city.id } }), 201);
	for (const f of [srv.db, `${srv.db}-wal`, `${srv.db}-shm`, `${srv.db}.lock`])
		assert.equal(mode(f), '600', f);
	const files = path.join(srv.tmp, 'files');
	assert.equal(mode(files), '700');
	const stored = fs.readdirSync(files);
	assert.ok(stored.length > 0, 'the demo stores pictures');
	for (const f of stored)
		assert.equal(mode(path.join(files, f)), '600', f);

	/* a database made before: open to every user; the next open takes that away */
	const old = path.join(srv.tmp, 'old.db');
	fs.copyFileSync(srv.db, old);
	fs.chmodSync(old, 0o644);
	const m = runBin(['migrate', '--db', old]);
	assert.equal(m.status, 0, m.stderr);
	assert.match(m.stderr, /was open to every user \(mode 644\); it is 640 now/);
	assert.equal(mode(old), '640');
});
