// make bench-routes (issue 16, point 1): every GET route of the route table,
// and the department mix. On loopback only, one pobratim on a fresh demo
// database (with its files), one nginx.
//
//   node bench/routes.mjs                 (make bench-routes builds first)
//   BENCH_SECONDS=1 BENCH_ONLY='events|bulletins' node bench/routes.mjs
//   BENCH_DRY=1 BENCH_PARTS=routes (the paths and the skipped routes, no wrk)
//   BENCH_PARTS=routes|mix (default both), BENCH_CONNECTIONS=32,
//   BENCH_MIX_SECONDS=5, BENCH_MIX_CONNECTIONS=64, BENCH_MIX_WRITES=0,10,50,
//   BENCH_MIX_PER_ROLE=40 (sessions of each role)
//
// Routes: `pobratim routes` gives the table; every GET route is taken, its
// path parameters filled from the demo (PARAMS: {id} after /api/v1/X is the
// first item of GET /api/v1/X as the same caller; OVERRIDES where that does
// not work). The caller is anonymous for public routes, staff for signed-in
// ones or where staff may call, else the first role allowed. Each route:
//   uncached  wrk with If-None-Match: "bench-stale": such a request is never
//             answered from nor kept in the cache (src/api/cache.c), so every
//             reply runs the handler; checked beforehand (a 200, no X-Cache: hit);
//   kept      plain wrk, only where the reply says X-Cache (a `cached` route),
//             with the share of hits;
//   nginx     the very bytes of the uncached reply, as a static file.
// A route with no example in the demo, or whose reply is not a 200, is listed
// under skipped with its reason, never dropped.
//
// The mix: 160 sessions (40 each of partner, staff, correspondent, admin; the
// demo has one user per role, so each is signed in 40 times), a wrk script
// rotating MIX_ROUTES (those each role may call) over the sessions, while a
// staff writer PATCHes an event and adds a meeting's action in turn, at each
// of BENCH_MIX_WRITES writes a second. The share of kept replies is counted
// by the script (X-Cache: hit among the replies that say X-Cache).
//
// Figures go to bench/results/latest.json under `routes` and `mix` (the
// file's other keys, bench/bench.mjs's, stay); docs/performance.md reads them.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { BIN, Client, DEMO, rawRequest } from '../tests/api/lib/server.mjs';
import { BENCH, gitCommit, machine, makeDemo, mergeResults, pad, sleep, startNginx, startPobratim, stop, wrk, wrkAsync }
	from './lib/harness.mjs';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 2);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const THREADS = 2;
const ONLY = new RegExp(process.env.BENCH_ONLY ?? '');
const PARTS = (process.env.BENCH_PARTS ?? 'routes,mix').split(',');
const MIX_SECONDS = Number(process.env.BENCH_MIX_SECONDS ?? 5);
const MIX_CONNECTIONS = Number(process.env.BENCH_MIX_CONNECTIONS ?? 64);
const MIX_WRITES = (process.env.BENCH_MIX_WRITES ?? '0,10,50').split(',').filter(Boolean).map(Number);
const MIX_SESSIONS_PER_ROLE = Number(process.env.BENCH_MIX_PER_ROLE ?? 40);
const MIX_ROLES = ['partner', 'staff', 'correspondent', 'admin'];
const MIX_ROUTES = ['/api/v1/events', '/api/v1/bulletins?limit=20', '/api/v1/roadmap-items?limit=50',
	'/api/v1/actions?limit=20', '/api/v1/partnerships', '/api/v1/partner-cities', '/api/v1/meetings',
	'/api/v1/dashboard', `/api/v1/search?q=${encodeURIComponent('Москва')}`, '/api/v1/delegations'];
const TARGET_RATIO = 0.3;
const TARGET_P99_MS = 5;
const MIX_TARGET = { rps: 20000, p99_ms: 10, at_writes_s: 10 };
const STALE = { 'If-None-Match': '"bench-stale"' };

/* the query a route needs to answer 200 (what the web UI sends) */
const QUERIES = {
	'/api/v1/search': `q=${encodeURIComponent('Москва')}`,
	'/api/v1/cities': `q=${encodeURIComponent('минск')}&limit=20`,
};

/* the list {id} is taken from, where the plain list is empty (demo meetings are past ones) */
const ID_LISTS = {
	'/api/v1/meetings': '/api/v1/meetings?when=past',
};

/*
 * Where {id} is not the first item of the list before it: (ctx, route)
 * resolves to a path, or throws Skip with the reason.
 */
class Skip extends Error {}

const OVERRIDES = {
	'/api/v1/recordings/{id}/files/{file_id}': async (ctx, r) => {
		for (const m of await ctx.items(r.as, '/api/v1/meetings')) {
			for (const rec of await ctx.items(r.as, `/api/v1/meetings/${m.id}/recordings`)) {
				const f = (rec.files ?? [])[0];
				if (f)
					return `/api/v1/recordings/${rec.id}/files/${f.id}`;
			}
		}
		throw new Skip('the demo has no meeting recording with a file');
	},
	/* the demo has no calendar feed, bulletin image nor agreement file: staff makes one each */
	'/api/v1/calendar/{token}.ics': async (ctx) => {
		const r = await ctx.clients.staff.api('POST', '/me/calendar-feed');
		const token = /calendar\/([^/"]+)\.ics/.exec(r.text)?.[1];
		if (!token)
			throw new Skip(`POST /me/calendar-feed as staff gave no feed address: ${r.status} ${r.text.slice(0, 120)}`);
		return `/api/v1/calendar/${token}.ics`;
	},
	'/api/v1/files/{name}': async (ctx) => {
		const r = await ctx.clients.staff.api('POST', '/files', { body: await demoJpeg(ctx),
			headers: { 'Content-Type': 'image/jpeg' } });
		const name = /\/api\/v1\/files\/([^"?]+)/.exec(r.text)?.[1];
		if (!name)
			throw new Skip(`POST /files (a demo event photo) as staff: ${r.status} ${r.text.slice(0, 120)}`);
		return `/api/v1/files/${name}`;
	},
	'/api/v1/agreements/{id}/file': async (ctx, r) => {
		const a = (await ctx.items(r.as, '/api/v1/agreements'))[0];
		if (!a)
			throw new Skip('the demo has no agreement');
		const put = await ctx.clients.staff.api('PUT', `/agreements/${a.id}/file`, { body: await demoJpeg(ctx),
			headers: { 'Content-Type': 'image/jpeg' } });
		if (put.status >= 300)
			throw new Skip(`PUT /agreements/${a.id}/file (a demo event photo) as staff: ${put.status} ${put.text.slice(0, 120)}`);
		return `/api/v1/agreements/${a.id}/file`;
	},
	/* the events that have photos and fair products, not merely the first event */
	'/api/v1/events/{id}/photos': async (ctx) => {
		await eventPhoto(ctx, 'image');
		return `/api/v1/events/${ctx.photoEvent}/photos`;
	},
	'/api/v1/events/{id}/fair': async (ctx) => `/api/v1/events/${(await fairEvent(ctx)).id}/fair`,
	'/api/v1/fair-products/{id}/picture': (ctx) => fairProduct(ctx, 'picture'),
	'/api/v1/fair-products/{id}/thumb': (ctx) => fairProduct(ctx, 'thumb'),
	'/api/v1/event-photos/{id}/image': (ctx) => eventPhoto(ctx, 'image'),
	'/api/v1/event-photos/{id}/thumb': (ctx) => eventPhoto(ctx, 'thumb'),
};

/* the first event whose fair shows a product's picture */
async function fairEvent(ctx) {
	for (const e of await ctx.items(undefined, '/api/v1/events?limit=100')) {
		const r = await ctx.get(undefined, `/api/v1/events/${e.id}/fair`);
		if (r.status === 200 && /\/api\/v1\/fair-products\/\d+\/picture/.test(r.text))
			return { id: e.id, fair: r.json };
	}
	throw new Skip('no demo event has a fair with a product picture');
}

async function fairProduct(ctx, what) {
	const { fair } = await fairEvent(ctx);
	const m = new RegExp(`/api/v1/fair-products/(\\d+)/${what}`).exec(JSON.stringify(fair));
	if (m)
		return `/api/v1/fair-products/${m[1]}/${what}`;
	throw new Skip(`no fair product with a ${what} in the demo`);
}

/* the bytes of a demo event photo: what staff uploads where the demo has no file */
async function demoJpeg(ctx) {
	const r = await ctx.get(undefined, await eventPhoto(ctx, 'image'));
	if (r.status !== 200)
		throw new Skip(`no demo event photo to upload: ${r.status}`);
	return r.raw;
}

async function eventPhoto(ctx, what) {
	for (const e of await ctx.items(undefined, '/api/v1/events?limit=100')) {
		const p = (await ctx.items(undefined, `/api/v1/events/${e.id}/photos`))[0];
		if (p) {
			ctx.photoEvent = e.id;
			return `/api/v1/event-photos/${p.id}/${what}`;
		}
	}
	throw new Skip('no demo event has a photo');
}

/* the first array of a list's reply: the reply itself, its items, or its first array member */
function listOf(json) {
	if (Array.isArray(json))
		return json;
	if (json === null || typeof json !== 'object')
		return [];
	if (Array.isArray(json.items))
		return json.items;
	return Object.values(json).find(Array.isArray) ?? [];
}

/* who calls a route: anonymous for public, staff where staff may, else the first role allowed */
function callerOf(roles) {
	if (roles.includes('public'))
		return undefined;
	if (roles.includes('signed-in') || roles.includes('staff'))
		return 'staff';
	return roles[0];
}

/* The route's concrete path: an override, the generic {id} rule, or Skip. */
async function resolve(ctx, r) {
	if (OVERRIDES[r.path])
		return OVERRIDES[r.path](ctx, r);
	let p = r.path;
	const m = /^(.*?)\/\{id\}/.exec(p);
	if (m) {
		const list = ID_LISTS[m[1]] ?? `${m[1]}${QUERIES[m[1]] ? `?${QUERIES[m[1]]}` : ''}`;
		const first = (await ctx.items(r.as, list))[0];
		if (first?.id === undefined)
			throw new Skip(`GET ${list} as ${r.as ?? 'anonymous'} has no first item to take {id} from`);
		p = p.replace('{id}', first.id);
	}
	if (/\{/.test(p))
		throw new Skip(`no rule fills ${p}`);
	return QUERIES[p] ? `${p}?${QUERIES[p]}` : p;
}

function routeTable() {
	const r = spawnSync(BIN, ['routes'], { encoding: 'utf8' });
	if (r.status !== 0)
		throw new Error(`pobratim routes: ${r.stderr}`);
	const j = JSON.parse(r.stdout);
	return Array.isArray(j) ? j : j.routes;
}

/* one session per role and a few helpers for resolving paths */
async function context(port) {
	const clients = {};
	for (const role of Object.keys(DEMO)) {
		clients[role] = new Client(port);
		await clients[role].signIn(DEMO[role]);
	}
	const headersOf = (as) => (as ? { Cookie: `pobratim_session=${clients[as].cookie}` } : {});
	const get = (as, p, extra = {}) => rawRequest(port, 'GET', p, { headers: { ...headersOf(as), ...extra } });
	const json = async (as, p) => {
		const r = await get(as, p);
		return r.status === 200 ? r.json : null;
	};
	return { clients, headersOf, get, json, items: async (as, p) => listOf(await json(as, p)) };
}

function figure(x) {
	return x === null || x === undefined ? '-' : typeof x === 'number' && !Number.isInteger(x) ? x.toFixed(2) : String(x);
}

async function benchRoutes(srv, tmp, ctx) {
	const table = routeTable().filter((r) => r.method === 'GET');
	const out = { settings: { seconds: SECONDS, connections: CONNECTIONS, threads: THREADS, warmup_s: 1 },
		targets: { ratio_to_nginx: TARGET_RATIO, p99_ms: TARGET_P99_MS }, get_routes: table.length,
		load_before: os.loadavg().map((x) => Number(x.toFixed(2))), measured: [], skipped: [] };
	const root = path.join(tmp, 'root');
	fs.mkdirSync(root, { recursive: true });
	fs.writeFileSync(path.join(root, 'ready'), '{}');
	const plan = [];
	for (const [i, route] of table.entries()) {
		const r = { path: route.path, roles: route.roles, as: callerOf(route.roles) };
		if (!ONLY.test(r.path))
			continue;
		let url;
		try {
			url = await resolve(ctx, r);
		} catch (e) {
			if (!(e instanceof Skip))
				throw e;
			out.skipped.push({ path: r.path, as: r.as ?? 'anonymous', reason: e.message });
			continue;
		}
		const stale = await ctx.get(r.as, url, STALE);
		if (stale.status !== 200 || stale.headers['x-cache'] === 'hit') {
			out.skipped.push({ path: r.path, url, as: r.as ?? 'anonymous',
				reason: `GET ${url} as ${r.as ?? 'anonymous'} with If-None-Match answered ${stale.status}` +
				    `${stale.headers['x-cache'] ? ` X-Cache: ${stale.headers['x-cache']}` : ''}: ${stale.text.slice(0, 160)}` });
			continue;
		}
		const plain = await ctx.get(r.as, url);
		fs.writeFileSync(path.join(root, `r${i}`), stale.raw);
		plan.push({ ...r, url, file: `/r${i}`, bytes: stale.raw.length, kept: plain.headers['x-cache'] !== undefined });
	}
	if (process.env.BENCH_DRY) {	/* the plan and the skipped routes, no wrk */
		for (const p of plan)
			console.log(`would measure ${p.url} as ${p.as ?? 'anonymous'}, ${p.bytes} bytes${p.kept ? ', kept' : ''}`);
		for (const s of out.skipped)
			console.log(`skipped ${s.path} (as ${s.as}): ${s.reason}`);
		return out;
	}
	const ngx = await startNginx(tmp, root);
	try {
		console.log(`Every GET route (${table.length}; ${plan.length} measured, ${out.skipped.length} skipped), ` +
		    `${CONNECTIONS} connections, ${SECONDS} s each; target: uncached >= ${TARGET_RATIO} x nginx, p99 <= ${TARGET_P99_MS} ms`);
		console.log(`${pad('route', 44)}${pad('as', 14)}${pad('bytes', 8)}${pad('req/s', 8)}${pad('p50', 7)}${pad('p99', 7)}` +
		    `${pad('nginx', 8)}${pad('ratio', 6)}${pad('kept', 8)}${pad('hit', 6)}target`);
		const base = { seconds: SECONDS, connections: CONNECTIONS, threads: THREADS };
		for (const p of plan) {
			const headers = ctx.headersOf(p.as);
			const uncached = wrk(`http://127.0.0.1:${srv.port}${p.url}`, { ...headers, ...STALE }, { ...base, warmup: 1 });
			const kept = p.kept ? wrk(`http://127.0.0.1:${srv.port}${p.url}`, headers,
				{ ...base, warmup: 1, lua: path.join(BENCH, 'counted.lua') }) : null;
			const nginx = wrk(`http://127.0.0.1:${ngx.port}${p.file}`, {}, { ...base, warmup: 1 });
			const ratio = Number((uncached.rps / nginx.rps).toFixed(2));
			const met = ratio >= TARGET_RATIO && uncached.p99_ms <= TARGET_P99_MS && uncached.errors === 0;
			out.measured.push({ path: p.path, url: p.url, as: p.as ?? 'anonymous', bytes: p.bytes,
				uncached, kept, nginx, ratio, target_met: met });
			console.log(`${pad(p.url.length > 43 ? `${p.url.slice(0, 40)}...` : p.url, 44)}${pad(p.as ?? 'anonymous', 14)}` +
			    `${pad(p.bytes, 8)}${pad(uncached.rps, 8)}${pad(figure(uncached.p50_ms), 7)}${pad(figure(uncached.p99_ms), 7)}` +
			    `${pad(nginx.rps, 8)}${pad(ratio, 6)}${pad(kept ? kept.rps : '-', 8)}${pad(kept ? figure(kept.hit_rate) : '-', 6)}` +
			    `${met ? 'met' : 'MISSED'}${uncached.errors ? `  (${uncached.errors} errors)` : ''}`);
		}
	} finally {
		await stop(ngx.child);
	}
	for (const s of out.skipped)
		console.log(`skipped ${s.path} (as ${s.as}): ${s.reason}`);
	out.missed = out.measured.filter((m) => !m.target_met).map((m) => m.path);
	console.log(`target missed by ${out.missed.length} of ${out.measured.length} measured routes`);
	return out;
}

/* The wrk script of the mix: requests (Lua strings) in rotation, kept replies and non-2xx counted. */
function mixLua(requests) {
	const lit = (s) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r/g, '\\r').replace(/\n/g, '\\n')}"`;
	return `-- generated by bench/routes.mjs: the department mix
local reqs = {
${requests.map((r) => `\t${lit(r)},`).join('\n')}
}
local threads = {}
local nthreads = 0
setup = function(t)
	t:set("id", nthreads)
	nthreads = nthreads + 1
	table.insert(threads, t)
end
init = function()
	hits = 0; misses = 0; non2xx = 0
	i = (id * 7919) % #reqs
end
request = function()
	i = i % #reqs + 1
	return reqs[i]
end
response = function(status, headers, body)
	if status < 200 or status > 299 then non2xx = non2xx + 1 end
	local x = headers["X-Cache"] or headers["x-cache"]
	if x == "hit" then hits = hits + 1 elseif x == "miss" then misses = misses + 1 end
end
done = function(summary, latency, requests)
	local h, m, n = 0, 0, 0
	for _, t in ipairs(threads) do h = h + t:get("hits"); m = m + t:get("misses"); n = n + t:get("non2xx") end
	local e = summary.errors
	io.write(string.format(
		'BENCH {"requests":%d,"duration_us":%d,"bytes":%d,"p50_us":%d,"p90_us":%d,"p99_us":%d,' ..
		'"max_us":%d,"hits":%d,"misses":%d,"non2xx":%d,"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d}}\\n',
		summary.requests, summary.duration, summary.bytes,
		latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, h, m, n,
		e.connect, e.read, e.write, e.status, e.timeout))
end
`;
}

/*
 * The staff writer: `rate` writes a second on schedule until done() says
 * stop, at most WRITES_IN_FLIGHT at a time (one at a time fell behind at 50 a
 * second on a loaded server): a PATCH of an event and a new action of a
 * meeting in turn (the mix reads both tables). Returns { made, failed,
 * late (writes not started on time), seconds }.
 */
const WRITES_IN_FLIGHT = 8;

async function writer(staff, rate, done, { eventId, meetingId }) {
	const t0 = Date.now();
	const pending = new Set();
	let started = 0, made = 0, failed = 0, late = 0;
	const write = async (n) => {
		const r = n % 2 === 0
			? await staff.api('PATCH', `/events/${eventId}`, { body: { description_en: `bench write ${n}` } })
			: await staff.api('POST', `/meetings/${meetingId}/actions`, { body: { text_ru: `замер ${n}`, text_en: `bench ${n}` } });
		if (r.status >= 200 && r.status < 300)
			made++;
		else if (++failed === 1)
			console.log(`writer: ${r.status} ${r.text.slice(0, 200)}`);
	};
	while (!done()) {
		const due = Math.floor((rate * (Date.now() - t0)) / 1000);
		if (rate === 0 || started >= due) {
			await sleep(rate === 0 ? 50 : Math.max(1, Math.ceil(((started + 1) * 1000) / rate - (Date.now() - t0))));
			continue;
		}
		if (pending.size >= WRITES_IN_FLIGHT) {
			late++;
			await Promise.race(pending);
			continue;
		}
		const p = write(started++).catch(() => { failed++; }).finally(() => pending.delete(p));
		pending.add(p);
	}
	const seconds = (Date.now() - t0) / 1000;
	await Promise.all(pending);
	return { made, failed, late, seconds };
}

async function benchMix(srv, tmp, ctx) {
	const allowed = new Map(routeTable().filter((r) => r.method === 'GET').map((r) => [r.path, r.roles]));
	const may = (role, url) => {
		const roles = allowed.get(url.split('?')[0]) ?? [];
		return roles.includes('public') || roles.includes('signed-in') || roles.includes(role);
	};
	const sessions = [];
	for (const role of MIX_ROLES) {
		for (let k = 0; k < MIX_SESSIONS_PER_ROLE; k += 8) {
			const batch = await Promise.all(Array.from({ length: Math.min(8, MIX_SESSIONS_PER_ROLE - k) },
				() => new Client(srv.port).signIn(DEMO[role])));
			sessions.push(...batch.map((c) => ({ role, cookie: c.cookie })));
		}
	}
	/* route by route, each over all the sessions that may call it */
	const requests = [];
	const perRole = {};
	for (const url of MIX_ROUTES) {
		for (const s of sessions) {
			if (!may(s.role, url))
				continue;
			requests.push(`GET ${url} HTTP/1.1\r\nHost: 127.0.0.1:${srv.port}\r\nCookie: pobratim_session=${s.cookie}\r\n\r\n`);
			perRole[s.role] = new Set([...(perRole[s.role] ?? []), url]);
		}
	}
	const lua = path.join(tmp, 'mix.lua');
	fs.writeFileSync(lua, mixLua(requests));

	const staff = ctx.clients.staff;
	const target = {
		eventId: (await ctx.items('staff', '/api/v1/events'))[0]?.id,
		meetingId: (await ctx.items('staff', ID_LISTS['/api/v1/meetings']))[0]?.id,
	};
	if (target.eventId === undefined || target.meetingId === undefined)
		throw new Error(`the writer needs an event and a meeting of the demo: ${JSON.stringify(target)}`);

	const out = { settings: { seconds: MIX_SECONDS, connections: MIX_CONNECTIONS, threads: THREADS,
		sessions: sessions.length, per_role: MIX_SESSIONS_PER_ROLE, routes: MIX_ROUTES,
		routes_per_role: Object.fromEntries(Object.entries(perRole).map(([k, v]) => [k, [...v]])),
		requests_in_rotation: requests.length,
		writes: 'staff: PATCH /events/{id} (description_en) and POST /meetings/{id}/actions in turn' },
	target: MIX_TARGET, runs: [] };
	console.log(`\nDepartment mix: ${sessions.length} sessions, ${requests.length} requests in rotation, ` +
	    `${MIX_CONNECTIONS} connections, ${MIX_SECONDS} s per write rate`);
	console.log(`${pad('writes/s', 10)}${pad('made/s', 8)}${pad('req/s', 8)}${pad('p50 ms', 8)}${pad('p99 ms', 8)}${pad('non-2xx', 9)}${pad('errors', 8)}hit rate`);
	for (const rate of MIX_WRITES) {
		/* one warm-up second, not recorded: connections, the first kept replies */
		spawnSync('wrk', ['-t', String(THREADS), '-c', String(MIX_CONNECTIONS), '-d', '1s', '-s', lua, `http://127.0.0.1:${srv.port}/`]);
		let finished = false;
		const load = os.loadavg()[0];
		const ran = wrkAsync(`http://127.0.0.1:${srv.port}/`, {}, { seconds: MIX_SECONDS, connections: MIX_CONNECTIONS,
			threads: THREADS, lua }).finally(() => { finished = true; });
		const [w, f] = await Promise.all([writer(staff, rate, () => finished, target), ran]);
		const run = { writes_s: rate, writes_made: w.made, writes_failed: w.failed, writes_waited: w.late,
			writes_made_s: Number((w.made / w.seconds).toFixed(1)), rps: f.rps, p50_ms: f.p50_ms, p90_ms: f.p90_ms,
			p99_ms: f.p99_ms, max_ms: f.max_ms, requests: f.requests, non2xx: f.non2xx, errors: f.errors,
			hits: f.hits, misses: f.misses, hit_rate: f.hit_rate, load_1min_before: Number(load.toFixed(2)) };
		out.runs.push(run);
		console.log(`${pad(rate, 10)}${pad(run.writes_made_s, 8)}${pad(run.rps, 8)}${pad(figure(run.p50_ms), 8)}${pad(figure(run.p99_ms), 8)}` +
		    `${pad(run.non2xx, 9)}${pad(run.errors, 8)}${figure(run.hit_rate)}`);
	}
	const at = out.runs.find((r) => r.writes_s === MIX_TARGET.at_writes_s);
	out.target_met = at ? at.rps >= MIX_TARGET.rps && at.p99_ms <= MIX_TARGET.p99_ms && at.non2xx === 0 : null;
	console.log(`target (>= ${MIX_TARGET.rps} req/s, p99 <= ${MIX_TARGET.p99_ms} ms at ${MIX_TARGET.at_writes_s} writes/s): ` +
	    `${out.target_met === null ? 'not measured' : out.target_met ? 'met' : 'MISSED'}`);
	return out;
}

async function main() {
	const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pobratim-routes-'));
	const db = path.join(tmp, 'bench.db');
	const files = path.join(tmp, 'files');
	const head = { date: new Date().toISOString(), commit: gitCommit(), machine: machine() };
	let srv = null;
	const results = {};
	try {
		makeDemo(db, ['--files', files]);
		srv = await startPobratim(tmp, db, { args: ['--files', files] });
		await sleep(500);
		const ctx = await context(srv.port);
		if (PARTS.includes('routes'))
			results.routes = { ...head, ...(await benchRoutes(srv, tmp, ctx)) };
		if (PARTS.includes('mix'))
			results.mix = { ...head, ...(await benchMix(srv, tmp, ctx)) };
	} finally {
		if (srv)
			await stop(srv.child);
		fs.rmSync(tmp, { recursive: true, force: true });
	}
	if (process.env.BENCH_DRY)
		return;
	mergeResults(results);
	console.log(`\nwritten: bench/results/latest.json (${Object.keys(results).join(', ')})`);
}

main().catch((e) => {
	console.error(e);
	process.exit(1);
});
