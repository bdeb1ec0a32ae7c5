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

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { BIN, DEMO, startServer } from '../tests/api/lib/server.mjs';
import { cityId, joinRoom, meeting } from '../tests/api/lib/rooms.mjs';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const WRITES = Number(process.env.BENCH_WRITES ?? 10);
const PARTS = (process.env.BENCH_PARTS ?? 'search,alone,chat').split(',');
const LUA = path.join(os.tmpdir(), `pobratim-kept-${process.pid}.lua`);	/* one per process */

/* wrk's summary, and how many replies said X-Cache: hit or miss */
fs.writeFileSync(LUA, `
local threads = {}
setup = function(t) table.insert(threads, t) end
init = function() hits = 0; misses = 0 end
response = function(status, headers, body)
	local x = headers["X-Cache"] or headers["x-cache"]
	if x == "hit" then hits = hits + 1 elseif x == "miss" then misses = misses + 1 end
end
done = function(summary, latency, requests)
	local h, m = 0, 0
	for _, t in ipairs(threads) do h = h + t:get("hits"); m = m + t:get("misses") end
	io.write(string.format('BENCH {"requests":%d,"duration_us":%d,"p50_us":%d,"p99_us":%d,"hits":%d,"misses":%d,"errors":%d}\\n',
		summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), h, m,
		summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.timeout))
end
`);

/* wrk in the background: the event loop stays free for the writer */
function wrk(url, cookie) {
	const args = ['-t2', '-c32', `-d${SECONDS}s`, '-s', LUA, ...(cookie ? ['-H', `Cookie: ${cookie}`] : []), url];
	return new Promise((resolve, reject) => {
		const child = spawn('wrk', args);
		let stdout = '', stderr = '';
		child.stdout.on('data', (d) => { stdout += d; });
		child.stderr.on('data', (d) => { stderr += d; });
		child.on('close', () => {
			const line = stdout.split('\n').find((l) => l.startsWith('BENCH '));
			if (!line)
				return reject(new Error(`wrk ${url}: ${stderr}${stdout}`));
			const b = JSON.parse(line.slice(6));
			const seen = b.hits + b.misses;
			resolve({ requests: b.requests, hits: b.hits, misses: b.misses,
				req_s: Math.round(b.requests / (b.duration_us / 1e6)), p50_ms: b.p50_us / 1000,
				p99_ms: b.p99_us / 1000, hit_rate: seen > 0 ? Number((b.hits / seen).toFixed(4)) : null,
				errors: b.errors });
		});
	});
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
	fs.rmSync(LUA, { force: true });
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
	fs.rmSync(LUA, { force: true });
	console.log(JSON.stringify({ date: new Date().toISOString(), cpus: os.cpus().length,
		load: os.loadavg().map((x) => Number(x.toFixed(2))), seconds: SECONDS, writes_s: WRITES, results }, null, 1));
}
