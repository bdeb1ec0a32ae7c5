// Search and kept replies under writes (issue 16, points 3 and 4): for each
// binary given, on a fresh demo database, one staff session, wrk -t2 -c32:
//   search?q=Москва (never kept: each request is made anew);
//   partner-cities alone, then while a room's chat gets WRITES messages a
//   second (a WebSocket client of the same server), with the share of
//   replies that came from the cache (X-Cache: hit; counted by wrk's Lua).
// Binaries run one after the other in the same invocation, so their figures
// are comparable; the machine's other load is not controlled.
//
//   node bench/kept.mjs [BIN ...]        (default: build/pobratim)
//   BENCH_SECONDS=3 BENCH_WRITES=10 node bench/kept.mjs /tmp/old/pobratim build/pobratim
//   BENCH_PARTS=chat (some of search, alone, chat)
//
// A binary without the X-Cache header (before it) gives no hit rate; count
// its handler's runs instead, e.g. `perf probe -x BIN -a pc=api_partner_cities`
// and `perf stat -e probe_pobratim:pc -a -- env BENCH_PARTS=chat node bench/kept.mjs BIN`:
// misses are the runs, hits the rest of wrk's requests.

import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';

import { BIN, DEMO, startServer } from '../tests/api/lib/server.mjs';
import { cityId, joinRoom, meeting } from '../tests/api/lib/rooms.mjs';
import { BENCH, wrkAsync } from './lib/harness.mjs';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const WRITES = Number(process.env.BENCH_WRITES ?? 10);
const PARTS = (process.env.BENCH_PARTS ?? 'search,alone,chat').split(',');
const COUNTED = path.join(BENCH, 'counted.lua');	/* wrk's summary, and the replies that said X-Cache: hit or miss */

/* wrk in the background: the event loop stays free for the writer */
async function wrk(url, cookie) {
	const f = await wrkAsync(url, cookie ? { Cookie: cookie } : {}, { seconds: SECONDS, connections: 32, threads: 2,
		lua: COUNTED });
	return { requests: f.requests, hits: f.hits, misses: f.misses, req_s: f.rps, p50_ms: f.p50_ms, p99_ms: f.p99_ms,
		hit_rate: f.hit_rate, errors: f.errors };
}

async function measure(bin) {
	const srv = await startServer({ args: ['--media', 'mesh'] });
	try {
		const staff = await srv.client().signIn(DEMO.staff);
		const cookie = staff.cookie;
		const base = `http://127.0.0.1:${srv.port}/api/v1`;
		const out = { bin };
		if (PARTS.includes('search'))
			out.search = await wrk(`${base}/search?q=${encodeURIComponent('Москва')}`, cookie);
		if (PARTS.includes('alone'))
			out.partner_cities = await wrk(`${base}/partner-cities`);
		if (!PARTS.includes('chat'))
			return out;
		/* a room's chat: WRITES messages a second while wrk runs */
		const id = await meeting(staff, [await cityId(srv, 'Minsk')]);
		const host = await joinRoom(srv, staff, id);
		let sent = 0;
		const timer = setInterval(() => { host.send({ type: 'chat', meeting: id, text: `bench ${sent++}` }); }, 1000 / WRITES);
		const started = Date.now();
		out.partner_cities_chat = await wrk(`${base}/partner-cities`);
		clearInterval(timer);
		out.partner_cities_chat.writes_s = Number((sent / ((Date.now() - started) / 1000)).toFixed(1));
		await host.close();
		return out;
	} finally {
		await srv.stop();
	}
}

/* each binary in a node process of its own: the test library reads POBRATIM_BIN once */
if (process.env.KEPT_CHILD) {
	console.log(`RESULT ${JSON.stringify(await measure(BIN))}`);
} else {
	const results = [];
	for (const bin of process.argv.length > 2 ? process.argv.slice(2) : [BIN]) {
		const r = spawnSync(process.execPath, [process.argv[1]], { encoding: 'utf8',
			env: { ...process.env, KEPT_CHILD: '1', POBRATIM_BIN: path.resolve(bin) } });
		const line = r.stdout.split('\n').find((l) => l.startsWith('RESULT '));
		if (!line)
			throw new Error(`${bin}: ${r.stderr}${r.stdout}`);
		results.push({ bin, ...JSON.parse(line.slice(7)) });
	}
	console.log(JSON.stringify({ date: new Date().toISOString(), cpus: os.cpus().length,
		load: os.loadavg().map((x) => Number(x.toFixed(2))), seconds: SECONDS, writes_s: WRITES, results }, null, 1));
}
