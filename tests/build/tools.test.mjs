// The build's own checks: tools/migrations.sh (the migrations found in their
// directory, in numeric order, one list), tools/banned.sh (no banned C
// function in the sources) and tools/api-layers.py (no circle of files in
// src/api). Each runs on files made here in a temp dir, then on the repository's.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';

const REPO = path.resolve(import.meta.dirname, '..', '..');

function run(script, ...args) {
	const r = spawnSync('sh', [path.join(REPO, 'tools', script), ...args], { encoding: 'utf8' });
	return { status: r.status, out: r.stdout, err: r.stderr };
}

function dirWith(files) {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pobratim-build-'));
	for (const [name, text] of Object.entries(files))
		fs.writeFileSync(path.join(dir, name), text);
	return dir;
}

test('migrations: numeric order whatever the files were made in, rebuild from its line', () => {
	const dir = dirWith({
		'0010_later.sql': 'CREATE TABLE b (x);\n',
		'0002_first.sql': '-- pobratim: rebuild\nCREATE TABLE a (x);\n',
		'0003_second.sql': '-- not pobratim: rebuild here\n',
	});
	const r = run('migrations.sh', dir);
	assert.equal(r.status, 0, r.err);
	const rows = [...r.out.matchAll(/\{ (\d+), "(\w+)", m(\d+), (true|false) \}/g)].map((m) => m.slice(1).join(' '));
	assert.deepEqual(rows, ['2 first 0002 true', '3 second 0003 false', '10 later 0010 false']);
	assert.deepEqual([...r.out.matchAll(/EMBED\(m(\d+),/g)].map((m) => m[1]), ['0002', '0003', '0010']);
});

test('migrations: a number used twice, or a file named otherwise, fails the build', () => {
	for (const files of [
		{ '0002_a.sql': '', '0002_b.sql': '' },
		{ '0002_a.sql': '', '02_b.sql': '' },
		{ '0002_A-b.sql': '' },
		{ '0002_a.sql': '', 'notes.txt': '' },
	]) {
		const r = run('migrations.sh', dirWith(files));
		assert.notEqual(r.status, 0, JSON.stringify(files));
		assert.match(r.err, /tools\/migrations\.sh: /, JSON.stringify(files));
	}
});

test('migrations: the repository\'s own list is complete and in order', () => {
	const dir = path.join(REPO, 'src', 'db', 'migrations');
	const r = run('migrations.sh', dir);
	assert.equal(r.status, 0, r.err);
	const versions = [...r.out.matchAll(/\{ (\d+), /g)].map((m) => Number(m[1]));
	assert.equal(versions.length, fs.readdirSync(dir).length);
	assert.deepEqual(versions, [...versions].sort((a, b) => a - b));
});

test('banned functions: each is named with its line; the sources have none', () => {
	const dir = dirWith({
		'bad.c': 'int f(char *b) { strcpy(b, "x"); sprintf(b, "%d", 1); return atoi(b); }\n' +
		    'void *g(void) { return malloc(3); }\n',
		'good.c': 'int f(char *b) { snprintf(b, 2, "x"); return text_int(b, 0, 9, 0); }\n' +
		    'void *g(void) { return xmalloc(3); }  /* malloc is named in a comment only */\n',
		'alloc.c': '',
	});
	const bad = run('banned.sh', path.join(dir, 'bad.c'));
	assert.equal(bad.status, 1);
	assert.match(bad.err, /bad\.c:1:.*strcpy/);
	assert.match(bad.err, /bad\.c:2:.*malloc/);
	assert.equal(run('banned.sh', path.join(dir, 'good.c')).status, 0);
	const src = fs.readdirSync(path.join(REPO, 'src'), { recursive: true })
	    .filter((f) => /\.[ch]$/.test(f)).map((f) => path.join(REPO, 'src', f));
	const all = run('banned.sh', ...src);
	assert.equal(all.status, 0, all.err);
});

test('replies against the API document: a reply that disagrees is named, one that agrees passes', () => {
	const line = (r) => JSON.stringify({ method: 'GET', type: 'application/json', ...r }) + '\n';
	const good = line({ path: '/health', status: 200, json: { status: 'ok', version: '0.1.0', db: 'sqlite' } }) +
	    line({ path: '/no-such-path', status: 404, type: 'application/problem+json',
		json: { type: 'https://pobratim.org/problems/not_found', title: 'Not Found', status: 404, code: 'not_found' } });
	const dir = dirWith({
		'good.jsonl': good,
		'bad.jsonl': good +
		    line({ path: '/health', status: 200, json: { status: 'fine', version: '0.1.0', db: 'sqlite' } }) +
		    line({ path: '/health', status: 418, json: {} }) +
		    line({ path: '/partnerships', status: 403, type: 'application/problem+json',
			json: { type: 'https://pobratim.org/problems/x', title: 'Forbidden', status: 403, code: 'no_such_code' } }) +
		    line({ path: '/partnerships', status: 403, type: 'application/problem+json',
			json: { type: 'https://pobratim.org/problems/x', title: 'Forbidden', status: 403, code: 'meeting_ended' } }),
		'empty.jsonl': '',
	});
	const node = (file) => spawnSync(process.execPath, [path.join(REPO, 'tools', 'check-replies.mjs'), path.join(dir, file)],
	    { encoding: 'utf8' });
	const ok = node('good.jsonl');
	assert.equal(ok.status, 0, ok.stdout);
	assert.match(ok.stdout, /^2 passed, 0 failed$/m);
	const bad = node('bad.jsonl');
	assert.equal(bad.status, 1);
	assert.match(bad.stdout, /GET \/health 200: \/status must be equal to constant/);
	assert.match(bad.stdout, /GET \/health 418: status not documented/);
	assert.match(bad.stdout, /GET \/partnerships 403: \/code must be equal to one of the allowed values: "no_such_code"/);
	assert.match(bad.stdout, /GET \/partnerships 403: code "meeting_ended" is not among its x-problem-codes/);
	assert.match(bad.stdout, /^2 passed, 4 failed$/m);
	assert.equal(node('empty.jsonl').status, 1, 'no reply logged: the log is broken, not the replies all right');
});

// objects compiled here from C files (name: text), in a temp dir
function objectsOf(files) {
	const dir = dirWith(files);
	for (const name of Object.keys(files)) {
		const r = spawnSync('cc', ['-c', '-o', path.join(dir, name.replace(/\.c$/, '.o')), path.join(dir, name)],
		    { encoding: 'utf8' });
		assert.equal(r.status, 0, r.stderr);
	}
	return dir;
}

function layers(...args) {
	const r = spawnSync('python3', [path.join(REPO, 'tools', 'api-layers.py'), ...args], { encoding: 'utf8' });
	return { status: r.status, out: r.stdout, err: r.stderr };
}

test('api layers: a circle of files is named with the symbols that make it, and fails', () => {
	const dir = objectsOf({
		'low.c': 'int low(void) { return 1; }\n',
		'rooms.c': 'int low(void); int sfu_pick(void); int room_who(void) { return low(); }\n' +
		    'int room_enter(void) { return sfu_pick(); }\n',
		'sfu.c': 'int room_who(void); int sfu_pick(void) { return room_who(); }\n',
		'top.c': 'int room_enter(void); int main(void) { return room_enter(); }\n',
	});
	const r = layers(dir);
	assert.equal(r.status, 1, r.out + r.err);
	assert.match(r.out, /^4 files, 4 edges, 1 circles$/m);
	assert.match(r.out, /^circle of 2: rooms sfu$/m);
	assert.match(r.out, /^  rooms -> sfu: sfu_pick$/m);
	assert.match(r.out, /^  sfu -> rooms: room_who$/m);
	assert.doesNotMatch(r.out, /circle of .*(low|top)/);
});

test('api layers: without a circle it passes and prints the layers, bottom first', () => {
	const dir = objectsOf({
		'low.c': 'int low(void) { return 1; }\n',
		'members.c': 'int low(void); int room_who(void) { return low(); }\n',
		'sfu.c': 'int room_who(void); int sfu_pick(void) { return room_who(); }\n',
		'rooms.c': 'int sfu_pick(void); int room_who(void); int room_enter(void) { return sfu_pick() + room_who(); }\n',
	});
	const r = layers('--layers', dir);
	assert.equal(r.status, 0, r.out + r.err);
	assert.match(r.out, /^4 files, 4 edges, 0 circles\n0: low\n1: members\n2: sfu\n3: rooms\n$/);
});

test('api layers: the files of src/api have no circle', () => {
	const objdir = path.join(REPO, 'build', 'obj', 'src', 'api');
	assert.ok(fs.existsSync(path.join(objdir, 'common.o')), 'build first: make build/pobratim');
	const r = layers(objdir);
	assert.equal(r.status, 0, r.out + r.err);
	assert.match(r.out, /, 0 circles$/m);
});
