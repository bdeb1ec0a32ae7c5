#!/usr/bin/env node
// Runs node:test files one at a time, what `node --test --test-concurrency=1`
// does on Node 20. Debian 12's Node 18 has no --test-concurrency: its
// `node --test` runs as many files at once as the machine has CPUs less one,
// and each of ours starts its own servers and browsers.
//
// Usage: node tools/node-test.mjs FILE|DIR...
// A directory stands for the *.test.mjs files under it. The output is node's
// own (TAP, ending in "# pass N" and "# fail N", or the spec list on a
// terminal); the exit status is 1 if any test failed.

import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { run } from 'node:test';
import { spec, tap } from 'node:test/reporters';

function testFiles(dir) {
	const found = [];
	for (const entry of readdirSync(dir, { withFileTypes: true })) {
		const p = path.join(dir, entry.name);
		if (entry.isDirectory())
			found.push(...testFiles(p));
		else if (/\.test\.mjs$/.test(entry.name))
			found.push(p);
	}
	return found;
}

const args = process.argv.slice(2);
if (args.length === 0) {
	console.error('usage: node tools/node-test.mjs FILE|DIR...');
	process.exit(2);
}
const files = args.flatMap((a) => statSync(a).isDirectory() ? testFiles(a).sort() : [a])
	.map((f) => path.resolve(f));

const stream = run({ files, concurrency: 1 });
stream.on('test:fail', (t) => {
	if (!t.todo)
		process.exitCode = 1;
});
stream.compose(process.stdout.isTTY ? new spec() : tap).pipe(process.stdout);
