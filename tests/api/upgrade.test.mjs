// Upgrades, downgrades, and the backup and restore of the database with the
// files directory (issue 17, item 5; docs/deploy/backup.md), through the real
// binary. A database that a newer pobratim has migrated is refused by
// `migrate` and `serve` with exit status 3 and left as it was, byte for byte;
// a backup taken while the server runs, with a copy of the files directory
// taken after it, restores the agreements' files as they were at the backup
// whatever happened to the directory since.

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';

import { DEMO, assertJson, runBin, startServer } from './lib/server.mjs';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pobratim-upgrade-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

function sql(db, query) {
	const r = spawnSync('sqlite3', [db, query], { encoding: 'utf8' });
	assert.equal(r.status, 0, r.stderr);
	return r.stdout.trim().split('\n').filter((l) => l !== '');
}

function sh(cmd, args) {
	const r = spawnSync(cmd, args, { encoding: 'utf8' });
	assert.equal(r.status, 0, `${cmd} ${args.join(' ')}: ${r.stderr}`);
}

const sha = (f) => createHash('sha256').update(fs.readFileSync(f)).digest('hex');

test('a database a newer pobratim upgraded: migrate and serve refuse it, exit 3, nothing changed', () => {
	const db = path.join(dir, 'newer.db');
	const m = runBin(['migrate', '--db', db]);
	assert.equal(m.status, 0, m.stderr);
	const known = sql(db, 'SELECT version FROM schema_migrations ORDER BY version;');
	sql(db, "INSERT INTO schema_migrations VALUES (9998, 'from_the_future', '2030-01-01T00:00:00Z'), " +
	    "(9999, 'further_still', '2030-02-01T00:00:00Z');");
	const before = sha(db);

	for (const args of [['migrate', '--db', db],
	    ['serve', '--db', db, '--listen', '127.0.0.1:0', '--web', dir, '--files', path.join(dir, 'f')]]) {
		const r = runBin(args, { timeout: 60000 });
		assert.equal(r.status, 3, `${args[0]}: ${r.stderr}`);
		assert.match(r.stderr, /has migration 9998_from_the_future \(applied 2030-01-01T00:00:00Z\), which this pobratim does not know/);
		assert.match(r.stderr, /9999_further_still/);
		assert.match(r.stderr, /refusing to downgrade .* \(2 migrations newer than this pobratim\), nothing changed/);
		assert.equal(sha(db), before, `${args[0]} left the database as it was`);
		for (const beside of ['-wal', '-shm', '-journal'])
			assert.ok(!fs.existsSync(db + beside), `no ${beside} left by ${args[0]}`);
	}
	assert.ok(!fs.existsSync(path.join(dir, 'f')), 'serve stopped before making its files directory');
	assert.deepEqual(sql(db, 'SELECT version FROM schema_migrations WHERE version < 9000 ORDER BY version;'), known);

	/* the other commands that open the database refuse it too (status 1, the same reason) */
	const u = runBin(['user', 'list', '--db', db]);
	assert.equal(u.status, 1);
	assert.match(u.stderr, /refusing to downgrade/);

	/* once the newer migrations are gone (the backup before the upgrade), it is served again */
	sql(db, 'DELETE FROM schema_migrations WHERE version >= 9998;');
	const again = runBin(['migrate', '--db', db]);
	assert.equal(again.status, 0, again.stderr);
});

test('backup while serving, files copied after it, restore both: the files are as they were', async () => {
	const db = path.join(dir, 'live.db');
	const files = path.join(dir, 'files');
	const backup = path.join(dir, 'backup.db');
	const tarball = path.join(dir, 'files.tar');
	const demo = runBin(['demo', '--db', db, '--files', files]);
	assert.equal(demo.status, 0, demo.stderr);
	let srv = await startServer({ db, args: ['--files', files] });
	try {
		const staff = await srv.client().signIn(DEMO.staff);
		const agreement = async (title) => assertJson(await staff.api('POST', '/agreements', {
			body: { kind: 'memorandum', title_ru: title, title_en: title,
			    parties: [{ type: 'country', id: 'BY' }] } }), 201);
		const put = async (id, body) => assertJson(await staff.api('PUT', `/agreements/${id}/file`,
		    { body, headers: { 'Content-Type': 'application/pdf' } }), 200);
		const pdf = (tag) => Buffer.concat([Buffer.from(`%PDF-1.4\n% ${tag}\n`), Buffer.alloc(20000, 0x20)]);

		const kept = await agreement('Before the backup');
		await put(kept.id, pdf('signed before the backup'));

		/* the procedure of docs/deploy/backup.md: the database, then the files directory */
		const b = runBin(['backup', '--db', db, backup]);
		assert.equal(b.status, 0, b.stderr);
		sh('tar', ['-C', dir, '-cf', tarball, 'files']);

		/* after the backup: a new agreement with a file, the first one's file replaced */
		const later = await agreement('After the backup');
		await put(later.id, pdf('signed after the backup'));
		await put(kept.id, pdf('replaced after the backup'));
		await srv.stop();
		srv = null;

		/* the loss: the files directory gone, the database damaged */
		fs.rmSync(files, { recursive: true });
		fs.writeFileSync(db, 'overwritten by mistake');
		for (const beside of ['-wal', '-shm'])
			fs.rmSync(db + beside, { force: true });

		const r = runBin(['restore', '--db', db, backup]);
		assert.equal(r.status, 0, r.stderr);
		sh('tar', ['-C', dir, '-xf', tarball]);

		/* every file the restored database names is in the restored directory */
		const named = sql(db, `SELECT file_sha256 FROM agreements WHERE file_sha256 IS NOT NULL
		    UNION SELECT file FROM event_photos UNION SELECT thumb FROM event_photos
		    UNION SELECT picture FROM fair_products WHERE picture IS NOT NULL
		    UNION SELECT thumb FROM fair_products WHERE thumb IS NOT NULL;`);
		assert.ok(named.length > 2, 'the demo\'s pictures and the agreement\'s file');
		for (const f of named)
			assert.ok(fs.existsSync(path.join(files, f)), `missing after the restore: ${f}`);

		srv = await startServer({ db, args: ['--files', files] });
		const s = await srv.client().signIn(DEMO.staff);
		const got = await s.api('GET', `/agreements/${kept.id}/file`);
		assert.equal(got.status, 200);
		assert.ok(got.raw.equals(pdf('signed before the backup')), 'the file as it was at the backup');
		const gone = await s.api('GET', `/agreements/${later.id}`);
		assert.equal(gone.status, 404, 'written after the backup: not restored');
	} finally {
		await srv?.stop();
	}
});
