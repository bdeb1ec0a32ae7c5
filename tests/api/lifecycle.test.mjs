// The binary's life: --version, --help, the demo-password guard, a fresh
// database, configuration through the environment, SIGTERM.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';

import { BIN, DEMO, assertJson, assertProblem, freePort, rawRequest, runBin, startServer } from './lib/server.mjs';

test('--version prints 0.1.0', () => {
	const r = runBin(['--version']);
	assert.equal(r.status, 0, r.stderr);
	assert.match(r.stdout + r.stderr, /\b0\.1\.0\b/);
});

test('--help names the subcommands', () => {
	const r = runBin(['--help']);
	assert.equal(r.status, 0, r.stderr);
	for (const cmd of ['serve', 'migrate', 'demo', 'user', 'backup'])
		assert.match(r.stdout + r.stderr, new RegExp(`\\b${cmd}\\b`), `--help mentions ${cmd}`);
});

test('serve refuses a database with demo passwords unless --demo', async () => {
	const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pobratim-api-'));
	try {
		const db = path.join(tmp, 't.db');
		const d = runBin(['demo', '--db', db, '--files', path.join(tmp, 'files')]);
		assert.equal(d.status, 0, d.stderr);
		const port = await freePort();
		const child = spawn(BIN, ['serve', '--listen', `127.0.0.1:${port}`, '--db', db, '--web', tmp],
		    { stdio: ['ignore', 'pipe', 'pipe'], env: Object.fromEntries(Object.entries(process.env)
			.filter(([k]) => !k.startsWith('POBRATIM_'))) });
		let stderr = '';
		child.stderr.on('data', (x) => { stderr += x; });
		const exit = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
		let timeout;
		const timer = new Promise((resolve) => { timeout = setTimeout(resolve, 15000, 'timeout'); });
		const r = await Promise.race([exit, timer]);
		clearTimeout(timeout);
		if (r === 'timeout') {
			const health = await rawRequest(port, 'GET', '/api/v1/health').catch(() => null);
			child.kill('SIGKILL');
			await exit;
			assert.fail(`serve kept running on a demo database without --demo (health: ${health?.status})`);
		}
		assert.notEqual(r.code, 0, 'exit code');
		assert.equal(r.signal, null);
		assert.match(stderr, /demo/i, `stderr explains: ${stderr}`);
	} finally {
		fs.rmSync(tmp, { recursive: true, force: true });
	}
});

test('POBRATIM_* variables configure serve: listen, db, web, demo', async () => {
	const srv = await startServer({ viaEnv: true });
	try {
		assertJson(await srv.api('GET', '/health'), 200);
		const c = srv.client();
		assertJson(await c.login(DEMO.staff), 200, 'demo login on the env-configured server');
		assert.equal((await srv.request('GET', '/')).status, 200);
	} finally {
		await srv.stop();
	}
});

test('serve on a new database migrates it and imports the gazetteer, with no users', async () => {
	const srv = await startServer({ demo: false });
	try {
		assert.ok(/listening on http:\/\/127\.0\.0\.1:\d+/.test(srv.stderr()), `stderr: ${srv.stderr()}`);
		assert.ok(srv.stderr().includes(`listening on http://127.0.0.1:${srv.port}`));
		const countries = assertJson(await srv.api('GET', '/countries'), 200).items;
		assert.equal(countries.find((c) => c.code === 'BY')?.name_ru, 'Беларусь');
		const cities = assertJson(await srv.api('GET', '/cities?q=harb'), 200).items;
		assert.ok(cities.some((c) => c.name_en === 'Harbin' && c.name_ru === 'Харбин'));
		assertProblem(await srv.client().login(DEMO.admin), 401, 'invalid_credentials', 'no demo users');
	} finally {
		await srv.stop();
	}
});

test('SIGTERM while idle with open sessions -> exit 0', async () => {
	const srv = await startServer();
	const c = srv.client();
	await c.signIn(DEMO.partner);
	assertJson(await c.api('GET', '/dashboard'), 200);
	await srv.stop();	/* asserts exit code 0 */
});
