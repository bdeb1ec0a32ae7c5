// What the benchmarks share (bench/bench.mjs, bench/routes.mjs): the
// machine's description, pobratim and nginx started and stopped, wrk run
// and read, bench/results/latest.json merged. Node built-ins, wrk and nginx.

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { BIN, REPO, freePort, rawRequest } from '../../tests/api/lib/server.mjs';

export const BENCH = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const RESULTS = path.join(BENCH, 'results', 'latest.json');

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function rssKb(pid) {
	const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
	return m ? Number(m[1]) : null;
}

export function machine() {
	const cpu = os.cpus();
	const version = (cmd, args, re) => {
		const r = spawnSync(cmd, args, { encoding: 'utf8' });
		const m = re.exec(`${r.stdout}${r.stderr}`);
		return m ? m[1] : null;
	};
	return {
		nproc: cpu.length,
		cpu_model: cpu[0]?.model?.trim() ?? null,
		mem_total_mb: Math.round(os.totalmem() / 1048576),
		kernel: os.release(),
		load_before: os.loadavg().map((x) => Number(x.toFixed(2))),
		wrk: version('wrk', ['-v'], /wrk (\S+)/),
		nginx: version('nginx', ['-v'], /nginx\/(\S+)/),
		node: process.version,
	};
}

export function gitCommit() {
	const r = spawnSync('git', ['-C', REPO, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' });
	return r.status === 0 ? r.stdout.trim() : null;
}

export function pad(s, n) {
	s = String(s);
	return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

async function waitHealthy(port, child, timeoutMs = 15000) {
	const t0 = process.hrtime.bigint();
	for (;;) {
		if (child.exitCode !== null)
			throw new Error(`server exited with ${child.exitCode}`);
		try {
			const r = await rawRequest(port, 'GET', '/api/v1/health', { timeout: 1000 });
			if (r.status === 200)
				return Number(process.hrtime.bigint() - t0) / 1e6;
		} catch {
			// not listening yet
		}
		if (Number(process.hrtime.bigint() - t0) / 1e6 > timeoutMs)
			throw new Error('server did not become healthy');
		await sleep(2);
	}
}

/*
 * `pobratim serve --demo` on db (made by `pobratim demo` beforehand), its log
 * in tmp: { port, child, startup_ms }. args: more arguments for serve.
 */
export async function startPobratim(tmp, db, { web, args = [] } = {}) {
	const port = await freePort();
	const log = fs.openSync(path.join(tmp, `pobratim-${port}.log`), 'w');
	const child = spawn(BIN, ['serve', '--listen', `127.0.0.1:${port}`, '--db', db,
		...(web ? ['--web', web] : []), '--demo', ...args], { stdio: ['ignore', log, log] });
	fs.closeSync(log);
	const ms = await waitHealthy(port, child);
	return { port, child, startup_ms: ms };
}

/* `pobratim demo` into db (args: e.g. --files DIR); throws on failure */
export function makeDemo(db, args = []) {
	const demo = spawnSync(BIN, ['demo', '--db', db, ...args], { encoding: 'utf8' });
	if (demo.status !== 0)
		throw new Error(`pobratim demo: ${demo.stderr}`);
}

export async function stop(child) {
	if (child.exitCode !== null)
		return;
	const exited = new Promise((r) => child.on('exit', r));
	child.kill('SIGTERM');
	await Promise.race([exited, sleep(10000)]);
	if (child.exitCode === null && child.signalCode === null)
		child.kill('SIGKILL');
}

/* nginx serving the files of root on a free loopback port; root must hold a file `ready` */
export async function startNginx(tmp, root) {
	const port = await freePort();
	const conf = path.join(tmp, 'nginx.conf');
	// as root, nginx would hand its workers to "nobody", who cannot read our
	// temporary directory: keep them as the current user
	const user = process.getuid() === 0 ? 'user root;' : '';
	fs.writeFileSync(conf, `
${user}
worker_processes auto;
daemon off;
pid ${tmp}/nginx.pid;
error_log ${tmp}/nginx-error.log warn;
events { worker_connections 4096; }
http {
	access_log ${tmp}/nginx-access.log;
	client_body_temp_path ${tmp}/nginx-body;
	proxy_temp_path ${tmp}/nginx-proxy;
	fastcgi_temp_path ${tmp}/nginx-fastcgi;
	uwsgi_temp_path ${tmp}/nginx-uwsgi;
	scgi_temp_path ${tmp}/nginx-scgi;
	default_type application/json;
	keepalive_requests 1000000;
	server {
		listen 127.0.0.1:${port};
		root ${root};
	}
}
`);
	const child = spawn('nginx', ['-c', conf, '-p', tmp], { stdio: ['ignore', 'ignore', 'pipe'] });
	let err = '';
	child.stderr.on('data', (d) => { err += d; });
	for (let i = 0; i < 300; i++) {
		try {
			const r = await rawRequest(port, 'GET', '/ready', { timeout: 500 });
			if (r.status === 200)
				return { port, child };
			err = `GET /ready: ${r.status}`;
		} catch (e) {
			err = e.message;	// starting
		}
		if (child.exitCode !== null)
			break;
		await sleep(20);
	}
	child.kill('SIGTERM');
	throw new Error(`nginx did not start: ${err}`);
}

function wrkArgs(url, headers, { seconds, connections, threads, lua }) {
	const args = ['-t', String(threads), '-c', String(connections), '--timeout', '5s', '-d', `${seconds}s`];
	for (const [k, v] of Object.entries(headers ?? {}))
		args.push('-H', `${k}: ${v}`);
	return [...args, '-s', lua ?? path.join(BENCH, 'report.lua'), url];
}

/* wrk's line "BENCH {json}" (bench/report.lua, bench/counted.lua) made into figures */
function wrkFigures(url, status, stdout, stderr) {
	const line = /^BENCH (.*)$/m.exec(stdout ?? '');
	if (status !== 0 || line === null)
		throw new Error(`wrk ${url} failed: ${stderr}${stdout}`);
	const j = JSON.parse(line[1]);
	const errors = Object.values(j.errors).reduce((a, b) => a + b, 0);
	const out = {
		rps: Math.round(j.requests / (j.duration_us / 1e6)),
		p50_ms: j.p50_us / 1000, p90_ms: j.p90_us / 1000, p99_ms: j.p99_us / 1000, max_ms: j.max_us / 1000,
		requests: j.requests, errors, error_detail: j.errors,
	};
	if (j.non2xx !== undefined)
		out.non2xx = j.non2xx;
	if (j.hits !== undefined) {
		const seen = j.hits + j.misses;
		Object.assign(out, { hits: j.hits, misses: j.misses,
			hit_rate: seen > 0 ? Number((j.hits / seen).toFixed(4)) : null });
	}
	return out;
}

/*
 * wrk on url, to completion: { rps, p50_ms, p90_ms, p99_ms, max_ms, requests,
 * errors, error_detail (replies of status 400 and above are "status") } and,
 * with bench/counted.lua, hits, misses and hit_rate (and non2xx where the
 * script counts them). opts: seconds, connections,
 * threads, lua, warmup (seconds of an unrecorded run first: connections,
 * caches; 0 for none).
 */
export function wrk(url, headers, opts) {
	if (opts.warmup)
		spawnSync('wrk', wrkArgs(url, headers, { ...opts, seconds: opts.warmup, lua: path.join(BENCH, 'report.lua') }));
	const r = spawnSync('wrk', wrkArgs(url, headers, opts), { encoding: 'utf8', timeout: (opts.seconds + 30) * 1000 });
	return wrkFigures(url, r.status, r.stdout, r.stderr);
}

/* wrk in the background, so that node's event loop stays free (a writer): a promise of wrk()'s figures */
export function wrkAsync(url, headers, opts) {
	return new Promise((resolve, reject) => {
		const child = spawn('wrk', wrkArgs(url, headers, opts));
		let stdout = '', stderr = '';
		child.stdout.on('data', (d) => { stdout += d; });
		child.stderr.on('data', (d) => { stderr += d; });
		child.on('close', (status) => {
			try {
				resolve(wrkFigures(url, status, stdout, stderr));
			} catch (e) {
				reject(e);
			}
		});
	});
}

/*
 * bench/results/latest.json with the keys of part set (read, set, write):
 * each benchmark writes its own keys and leaves the others' figures alone.
 */
export function mergeResults(part) {
	let old = {};
	try {
		old = JSON.parse(fs.readFileSync(RESULTS, 'utf8'));
	} catch {
		// none yet, or unreadable: start afresh
	}
	fs.mkdirSync(path.dirname(RESULTS), { recursive: true });
	fs.writeFileSync(RESULTS, `${JSON.stringify({ ...old, ...part }, null, 2)}\n`);
}
