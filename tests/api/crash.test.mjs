// Crash safety: writers drive creates and deletes through the API while the
// server is killed with SIGKILL at random moments, then restarted on the same
// database. Every write the server acknowledged (201, 204) must be there
// after the restart, a write of many rows (a shipment with its items) is
// there whole or not at all, acknowledged or not, and the database must pass
// PRAGMA integrity_check after every kill. Bounded: CYCLES kills, each at most
// KILL_MAX_MS after the cycle's first acknowledged create and shipment.

import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';

import { BIN, Client, DEMO, allPages, freePort, rawRequest, runBin } from './lib/server.mjs';

const CYCLES = 8;
const WRITERS = 4;
const KILL_MIN_MS = 80;
const KILL_MAX_MS = 400;

/* Resolves when cond() holds (looked at every 10 ms), or after ms regardless. */
async function until(cond, ms) {
	for (const end = Date.now() + ms; !cond() && Date.now() < end;)
		await new Promise((r) => setTimeout(r, 10));
}
const ITEMS = 6;	/* rows of a shipment besides its own */

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pobratim-crash-'));
const db = path.join(tmp, 'crash.db');
const web = path.join(tmp, 'web');
fs.mkdirSync(web);

after(() => fs.rmSync(tmp, { recursive: true, force: true }));

async function start() {
	const port = await freePort();
	const child = spawn(BIN, ['serve', '--listen', `127.0.0.1:${port}`, '--db', db, '--web', web, '--demo'],
	    { stdio: ['ignore', 'ignore', 'pipe'] });
	let stderr = '';
	child.stderr.on('data', (d) => { stderr += d; });
	const exited = new Promise((r) => child.on('exit', (code, signal) => r({ code, signal })));
	for (let i = 0; i < 300; i++) {
		if (child.exitCode !== null)
			break;
		try {
			if ((await rawRequest(port, 'GET', '/api/v1/health', { timeout: 1000 })).status === 200)
				return { port, child, exited, stderr: () => stderr };
		} catch {
			// starting
		}
		await new Promise((r) => setTimeout(r, 20));
	}
	child.kill('SIGKILL');
	throw new Error(`server did not start on ${db}\n${stderr}`);
}

function integrity() {
	const r = spawnSync('sqlite3', [db, 'PRAGMA integrity_check;'], { encoding: 'utf8' });
	assert.equal(r.status, 0, r.stderr);
	return r.stdout.trim();
}

test('SIGKILL at random moments loses no acknowledged write and leaves the database intact', async () => {
	const demo = runBin(['demo', '--db', db, '--files', path.join(path.dirname(db), 'files')]);
	assert.equal(demo.status, 0, demo.stderr);
	let srv = await start();
	const admin = new Client(srv.port);
	await admin.signIn(DEMO.admin);	/* the session lives in the database: it survives restarts */
	const cityId = admin.user.organization.city.id;
	// SQLite may give a deleted row's id to the next insert, so writes are
	// tracked by their unique names
	const created = [];		/* [id, name_en] acknowledged with 201 */
	const deleteSent = new Set();	/* names whose delete was sent */
	const deleted = new Set();	/* names whose delete was acknowledged with 204 */
	const shipped = new Set();	/* donors of shipments acknowledged with 201 */
	let seq = 0;
	let attempts = 0;

	for (let cycle = 0; cycle < CYCLES; cycle++) {
		admin.port = srv.port;
		const createdBefore = created.length, shippedBefore = shipped.size;
		let stop = false;
		const writer = async (w) => {
			while (!stop) {
				const n = ++seq;
				const name = `Crash ${cycle}.${w}.${n}`;
				attempts++;
				try {
					const r = await admin.api('POST', '/organizations',
					    { body: { kind: 'other', name_ru: name, name_en: name, city_id: cityId }, timeout: 2000 });
					if (r.status === 201) {
						created.push([r.json.id, name]);
						if (n % 5 === 0) {
							deleteSent.add(name);
							const d = await admin.api('DELETE', `/organizations/${r.json.id}`, { timeout: 2000 });
							if (d.status === 204)
								deleted.add(name);
						}
					} else if (r.status >= 500) {
						throw new Error(`POST /organizations: ${r.status} ${r.text}`);
					}
				} catch (e) {
					if (/POST \/organizations: 5/.test(e.message))
						throw e;
					return;	/* the server is gone: this write was not acknowledged */
				}
			}
		};
		// one transaction of 1 + ITEMS rows a request
		const shipper = async () => {
			while (!stop) {
				const name = `Crash shipment ${cycle}.${++seq}`;
				attempts++;
				try {
					const r = await admin.api('POST', '/shipments', { timeout: 2000, body: {
						donor_name_ru: name, donor_name_en: name, donor_country: 'CN', recipient_city_id: cityId,
						status: 'arrived', arrived_on: '2020-05-06', weight_kg: null,
						items: Array.from({ length: ITEMS }, (_, i) => ({ name_ru: `груз ${i}`, name_en: `item ${i}`,
							quantity: i + 1, unit: 'kg' })) } });
					if (r.status === 201)
						shipped.add(name);
					else if (r.status >= 500)
						throw new Error(`POST /shipments: ${r.status} ${r.text}`);
				} catch (e) {
					if (/POST \/shipments: 5/.test(e.message))
						throw e;
					return;
				}
			}
		};
		const writers = [...Array.from({ length: WRITERS }, (_, w) => writer(w)), shipper()];
		// the kill lands a random time after this cycle's first acknowledged create and
		// shipment (waited for, so that a slow machine still kills in the middle of writes)
		await until(() => created.length > createdBefore && shipped.size > shippedBefore, 60000);
		await new Promise((r) => setTimeout(r, KILL_MIN_MS + Math.random() * (KILL_MAX_MS - KILL_MIN_MS)));
		srv.child.kill('SIGKILL');
		const e = await srv.exited;
		stop = true;
		await Promise.all(writers);
		assert.equal(e.signal, 'SIGKILL');
		assert.equal(integrity(), 'ok', `integrity_check after kill ${cycle + 1}`);
		srv = await start();
	}

	admin.port = srv.port;
	const lost = [];
	for (const [id, name] of created) {
		const r = await admin.api('GET', `/organizations/${id}`);
		if (deleted.has(name)) {
			if (r.status !== 404 && r.json?.name_en === name)
				lost.push(`deleted ${id} (${name}) came back`);
		} else if (deleteSent.has(name)) {
			continue;	/* deleted or not: the delete was never acknowledged */
		} else if (r.status !== 200 || r.json.name_en !== name) {
			lost.push(`created ${id} (${name}): ${r.status} ${r.json?.name_en}`);
		}
	}
	// every shipment written, acknowledged or not, has all its items
	const found = new Set();
	for (const sh of (await allPages(admin, '/shipments')).filter((x) => x.donor_name_en.startsWith('Crash shipment'))) {
		const d = await admin.api('GET', `/shipments/${sh.id}`);
		found.add(sh.donor_name_en);
		if (d.status !== 200 || d.json.items.length !== ITEMS)
			lost.push(`shipment ${sh.id} (${sh.donor_name_en}): ${d.status}, ${d.json?.items?.length} of ${ITEMS} items`);
	}
	for (const name of shipped)
		if (!found.has(name))
			lost.push(`acknowledged shipment ${name} is gone`);
	srv.child.kill('SIGTERM');
	assert.equal((await srv.exited).code, 0, srv.stderr());
	assert.deepEqual(lost, []);
	console.log(`# ${created.length} creates, ${deleted.size} deletes and ${shipped.size} shipments of ${ITEMS + 1} rows ` +
	    `acknowledged of ${attempts} attempts, ${CYCLES} kills; ${found.size} shipments found whole`);
	assert.ok(created.length >= CYCLES, `too few acknowledged writes to mean anything: ${created.length} of ${attempts}`);
	assert.ok(shipped.size >= CYCLES, `too few acknowledged shipments to mean anything: ${shipped.size}`);
	assert.equal(integrity(), 'ok');
});
