// Starts the real pobratim binary on a free port with a temporary database,
// and talks HTTP to it. Node built-ins only.
//
//   const srv = await startServer({ env: { POBRATIM_MAX_BODY: '1024' } });
//   const c = srv.client();
//   await c.login('admin@pobratim.demo', DEMO_PASSWORD);
//   const r = await c.api('GET', '/me');        // r = { status, headers, json, text }
//   await srv.stderrHas('GET /api/v1/me 200');   // waits for a log line
//   await srv.restart();                        // same database and port
//   await srv.stop();                           // SIGTERM, asserts exit code 0
//
// A server that does not start throws: tests fail, they never skip.

import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { API } from './routes.mjs';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const BIN = process.env.POBRATIM_BIN || path.join(REPO, 'build', 'pobratim');
export const DEMO_PASSWORD = 'demo-password';
export const DEMO = {
	admin: 'admin@pobratim.demo',
	staff: 'staff@pobratim.demo',
	partner: 'partner@pobratim.demo',
	correspondent: 'correspondent@pobratim.demo',
};

/** The one city of the gazetteer named q in country (ISO code), as GET /cities gives it. */
export async function findCity(srv, q, country) {
	const r = assertJson(await srv.api('GET', `/cities?q=${encodeURIComponent(q)}&country=${country}&limit=1`), 200);
	assert.equal(r.items.length, 1, `${q} in the gazetteer`);
	return r.items[0];
}

/** Signs each of accounts ({ name: email }) in on a client of its own: { name: client }. */
export async function signInAll(srv, accounts) {
	const clients = {};
	for (const [name, email] of Object.entries(accounts)) {
		clients[name] = srv.client();
		await clients[name].signIn(email);
	}
	return clients;
}

/* A video meeting hosted by the client's organization, with a start time and a room: its id. */
export async function createVideoMeeting(client) {
	const r = await client.api('POST', '/meetings', { body: {
		title_ru: 'Видеоконференция', title_en: 'Videoconference', format: 'video', timezone: 'Europe/Moscow',
		starts_at: '2030-03-04T08:00:00Z', duration: 60,
		participants: [{ role: 'host', organization_id: client.user.organization.id }],
	} });
	assert.equal(r.status, 201, `a video meeting: ${r.status} ${r.text}`);
	return r.json.id;
}

// Markers the static tests look for.
export const INDEX_MARKER = 'pobratim-test-index-7f3a';
export const ASSET_MARKER = 'pobratim-test-asset-7f3a';
export const SECRET_MARKER = 'pobratim-test-secret-7f3a';

/*
 * Bounds that only turn a hung server into a failure: readiness and exit are
 * waited for as conditions. Generous, since a server under ThreadSanitizer
 * on two loaded cores took more than 15 s to load the demo data and start.
 */
const START_TIMEOUT_MS = 60000;
const STOP_TIMEOUT_MS = 30000;
/*
 * A command run to completion (runBin: demo, schedule run, backup...) is
 * waited for until it exits, however loaded the machine: under ASan with two shared
 * cores `demo` took 49 s of wall clock for 5 s of CPU, and once more than a
 * minute. This is no speed limit, only what turns a hung command into a
 * failure instead of a test that never ends.
 */
const HANG_GUARD_MS = 10 * 60 * 1000;

export async function freePort() {
	return new Promise((resolve, reject) => {
		const s = net.createServer();
		s.unref();
		s.on('error', reject);
		s.listen(0, '127.0.0.1', () => {
			const { port } = s.address();
			s.close(() => resolve(port));
		});
	});
}

// The environment for the binary: ours, without any POBRATIM_* setting that
// could leak in from the caller's shell, plus what the test asks for.
function childEnv(extra) {
	const env = {};
	// POBRATIM_QUERY_PLANS (src/db/sqlite.c) passes: every server of a run notes its plans
	for (const [k, v] of Object.entries(process.env))
		if (!k.startsWith('POBRATIM_') || k === 'POBRATIM_QUERY_PLANS')
			env[k] = v;
	return { ...env, ...extra };
}

// Runs a subcommand to completion: { status, signal, stdout, stderr }.
export function runBin(args, { env = {}, timeout = HANG_GUARD_MS } = {}) {
	const r = spawnSync(BIN, args, { env: childEnv(env), encoding: 'utf8', timeout });
	if (r.error)
		throw new Error(`cannot run ${BIN} ${args.join(' ')}: ${r.error.message}`);
	return r;
}

// A minimal web root: index.html and assets/app.js, with a secret file next
// to (outside) the root that path traversal must never reach.
function makeWebRoot(tmp) {
	const web = path.join(tmp, 'web');
	fs.mkdirSync(path.join(web, 'assets'), { recursive: true });
	fs.writeFileSync(path.join(web, 'index.html'),
	    `<!doctype html><html><head><meta charset="utf-8"><title>pobratim</title></head>` +
	    `<body><div id="app">${INDEX_MARKER}</div><script type="module" src="/assets/app.js"></script></body></html>\n`);
	fs.writeFileSync(path.join(web, 'assets', 'app.js'), `console.log("${ASSET_MARKER}");\n`);
	fs.writeFileSync(path.join(tmp, 'secret.txt'), `${SECRET_MARKER}\n`);
	return web;
}

/*
 * options:
 *   env     extra environment for `serve`
 *   demo    run `pobratim demo --db` first and pass --demo (default true)
 *   web     web root; default: a minimal one made in the temp dir
 *   demoFlag  pass --demo to `serve` (default: demo)
 *   viaEnv  give listen address, db, web root and demo through POBRATIM_* variables, not flags
 *   args    extra arguments for `serve`
 *   db      serve this database (not removed by stop()) instead of a new one
 *           in the temp dir; no `pobratim demo` then, but --demo still
 *   prepare (db) => void, run on the database before `serve` starts (after `demo`)
 *   listenHost  the address to listen on (default 127.0.0.1; '0.0.0.0' to be reached
 *           from the machine's other addresses too); the tests still talk to 127.0.0.1
 */
export async function startServer({ env = {}, demo = true, demoFlag = demo, viaEnv = false, web, args = [],
	db: given, prepare, listenHost = '127.0.0.1' } = {}) {
	if (!fs.existsSync(BIN))
		throw new Error(`server binary not found: ${BIN} (build it with make, or set POBRATIM_BIN)`);
	const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pobratim-api-'));
	const db = given ?? path.join(tmp, 't.db');
	const webRoot = web ?? makeWebRoot(tmp);

	if (demo && !given) {
		const r = runBin(['demo', '--db', db, '--files', path.join(tmp, 'files')]);
		if (r.status !== 0) {
			fs.rmSync(tmp, { recursive: true, force: true });
			throw new Error(`pobratim demo --db exited with ${r.status ?? r.signal}\n` +
			    `stdout:\n${r.stdout}\nstderr:\n${r.stderr}`);
		}
	}

	if (prepare)
		prepare(db);
	const port = await freePort();
	let serveArgs;
	let serveEnv;
	if (viaEnv) {
		serveArgs = ['serve', ...args];
		serveEnv = { POBRATIM_LISTEN: `${listenHost}:${port}`, POBRATIM_DB: db, POBRATIM_WEB: webRoot,
			POBRATIM_FILES: path.join(tmp, 'files'),
			...(demoFlag ? { POBRATIM_DEMO: '1' } : {}), ...env };
	} else {
		serveArgs = ['serve', '--listen', `${listenHost}:${port}`, '--db', db, '--web', webRoot,
		    '--files', path.join(tmp, 'files'), ...(demoFlag ? ['--demo'] : []), ...args];
		serveEnv = env;
	}
	let stderr = '';
	let stdout = '';
	let exitInfo = null;

	// Starts `serve`; srv.child and srv.exited name the running process.
	function launch() {
		const child = spawn(BIN, serveArgs, { env: childEnv(serveEnv), stdio: ['ignore', 'pipe', 'pipe'] });
		child.stderr.setEncoding('utf8');
		child.stdout.setEncoding('utf8');
		child.stderr.on('data', (d) => { stderr += d; });
		child.stdout.on('data', (d) => { stdout += d; });
		const exited = new Promise((resolve) => {
			child.on('exit', (code, signal) => resolve({ code, signal }));
			child.on('error', (err) => resolve({ code: null, signal: null, error: err }));
		});
		exitInfo = null;
		exited.then((e) => { exitInfo = e; });
		srv.child = child;
		srv.exited = exited;
	}

	// SIGTERM, and the exit code must be 0.
	async function terminate() {
		const { child, exited } = srv;
		if (exitInfo === null)
			child.kill('SIGTERM');
		let timeout;
		const timer = new Promise((resolve) => { timeout = setTimeout(resolve, STOP_TIMEOUT_MS, 'timeout'); });
		const r = await Promise.race([exited, timer]);
		clearTimeout(timeout);
		if (r === 'timeout') {
			child.kill('SIGKILL');
			await exited;
			assert.fail(`server did not exit within ${STOP_TIMEOUT_MS} ms of SIGTERM\nstderr:\n${stderr}`);
		}
		assert.deepEqual({ code: r.code, signal: r.signal }, { code: 0, signal: null },
		    `server exit after SIGTERM\nstderr:\n${stderr}`);
		// a row read by a column name its query does not give (src/db: col_index)
		const missing = /db: no column .*/.exec(stderr);
		assert.equal(missing, null, `a query file reads a column its SELECT lacks: ${missing?.[0]}`);
	}

	// Ready when GET /api/v1/health answers.
	async function ready() {
		const deadline = Date.now() + START_TIMEOUT_MS;
		for (;;) {
			if (exitInfo !== null) {
				fs.rmSync(tmp, { recursive: true, force: true });
				throw new Error(`server exited before it was ready (${JSON.stringify(exitInfo)}): ` +
				    `${BIN} ${serveArgs.join(' ')}\nstderr:\n${stderr}`);
			}
			try {
				const r = await rawRequest(port, 'GET', `${API}/health`, { timeout: 1000 });
				if (r.status === 200)
					return;
			} catch {
				// not listening yet
			}
			if (Date.now() > deadline) {
				srv.child.kill('SIGKILL');
				await srv.exited;
				fs.rmSync(tmp, { recursive: true, force: true });
				throw new Error(`server not ready within ${START_TIMEOUT_MS} ms: ` +
				    `${BIN} ${serveArgs.join(' ')}\nstderr:\n${stderr}`);
			}
			await new Promise((resolve) => setTimeout(resolve, 50));
		}
	}

	const srv = {
		port, tmp, db, web: webRoot, child: null, exited: null,
		url: `http://127.0.0.1:${port}`,
		stderr: () => stderr,
		stdout: () => stdout,
		// stderr once it holds `what` (a request's log line follows its reply: poll, 10 s at most)
		async stderrHas(what) {
			const deadline = Date.now() + 10000;
			while (!stderr.includes(what)) {
				assert.ok(Date.now() < deadline, `stderr never had ${JSON.stringify(what)}:\n${stderr.slice(-3000)}`);
				await new Promise((resolve) => setTimeout(resolve, 50));
			}
			return stderr;
		},
		client: () => new Client(port),
		request: (method, p, opts) => rawRequest(port, method, p, opts),
		api: (method, p, opts) => rawRequest(port, method, API + p, opts),
		stopped: false,
		// Stops the server (exit code 0) and starts it again on the same database and port.
		async restart() {
			await terminate();
			launch();
			await ready();
		},
		async stop() {
			if (srv.stopped)
				return;
			srv.stopped = true;
			try {
				await terminate();
			} finally {
				fs.rmSync(tmp, { recursive: true, force: true });
			}
		},
	};

	launch();
	await ready();
	return srv;
}

/*
 * POBRATIM_REPLY_LOG=file: every JSON reply of the API (path under /api/v1)
 * is appended there as a line {method, path, status, type, json}, for
 * tools/check-replies.mjs to validate against docs/api/openapi.json.
 */
const REPLY_LOG = process.env.POBRATIM_REPLY_LOG;
const REPLY_LOG_MAX = 4 << 20;	/* bigger replies (the hostile and size tests) are not logged */

function logReply(method, p, res, json, bytes) {
	if (!REPLY_LOG || json === undefined || bytes > REPLY_LOG_MAX || !p.startsWith(`${API}/`))
		return;
	fs.appendFileSync(REPLY_LOG, JSON.stringify({ method, path: p.slice(API.length), status: res.statusCode,
		type: String(res.headers['content-type'] ?? '').split(';')[0].trim(), json }) + '\n');
}

/*
 * One HTTP/1.1 request on a fresh connection. The path is sent exactly as
 * given (no normalisation of "..", unlike fetch). opts:
 *   body     object -> JSON with Content-Type application/json;
 *            string/Buffer -> sent as is (set Content-Type in headers yourself)
 *   headers  extra request headers
 *   timeout  ms (default 10000)
 *   from     local address to connect from (e.g. '127.0.0.2': another client address)
 * Returns { status, headers (lower-case names; set-cookie is an array), json, text,
 * raw (the body's bytes, as sent) }.
 */
export function rawRequest(port, method, p, { body, headers = {}, timeout = 10000, from } = {}) {
	return new Promise((resolve, reject) => {
		const h = { ...headers };
		let payload = null;
		if (body !== undefined && body !== null) {
			if (typeof body === 'string' || Buffer.isBuffer(body)) {
				payload = Buffer.from(body);
			} else {
				payload = Buffer.from(JSON.stringify(body));
				if (!Object.keys(h).some((k) => k.toLowerCase() === 'content-type'))
					h['Content-Type'] = 'application/json';
			}
			h['Content-Length'] = String(payload.length);
		}
		const req = http.request({ host: '127.0.0.1', port, method, path: p, headers: h, agent: false, timeout,
		    ...(from ? { localAddress: from } : {}) },
		    (res) => {
			const chunks = [];
			res.on('data', (c) => chunks.push(c));
			res.on('error', reject);
			res.on('end', () => {
				const raw = Buffer.concat(chunks);
				const text = raw.toString('utf8');
				let json;
				const ct = res.headers['content-type'] ?? '';
				if (/json/.test(ct) && text.length > 0) {
					try {
						json = JSON.parse(text);
					} catch (e) {
						reject(new Error(`${method} ${p}: ${res.statusCode} with ${ct} but unparsable body: ${e.message}\n${text.slice(0, 500)}`));
						return;
					}
				}
				logReply(method, p, res, json, raw.length);
				resolve({ status: res.statusCode, headers: res.headers, json, text, raw });
			});
		});
		req.on('timeout', () => req.destroy(new Error(`${method} ${p}: timed out after ${timeout} ms`)));
		req.on('error', reject);
		if (payload !== null)
			req.write(payload);
		req.end();
	});
}

// The value of cookie `name` in a response's Set-Cookie headers: { value, attrs } or null.
export function setCookie(res, name) {
	for (const line of res.headers['set-cookie'] ?? []) {
		const parts = line.split(';').map((s) => s.trim());
		const eq = parts[0].indexOf('=');
		if (eq < 0 || parts[0].slice(0, eq) !== name)
			continue;
		const attrs = {};
		for (const a of parts.slice(1)) {
			const i = a.indexOf('=');
			if (i < 0)
				attrs[a.toLowerCase()] = true;
			else
				attrs[a.slice(0, i).toLowerCase()] = a.slice(i + 1);
		}
		return { value: parts[0].slice(eq + 1), attrs, line };
	}
	return null;
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

// A client that keeps the session cookie and the CSRF token.
export class Client {
	constructor(port) {
		this.port = port;
		this.cookie = null;	/* value of pobratim_session */
		this.csrf = null;
		this.user = null;
	}

	// POST /session; keeps cookie and token on success. Returns the response.
	// opts go to request() (e.g. { from: '127.0.0.2' }).
	async login(email, password = DEMO_PASSWORD, opts = {}) {
		const r = await this.api('POST', '/session', { body: { email, password }, cookie: false, ...opts });
		if (r.status === 200) {
			const c = setCookie(r, 'pobratim_session');
			this.cookie = c ? c.value : null;
			this.csrf = r.json?.csrf_token ?? null;
			this.user = r.json?.user ?? null;
		}
		return r;
	}

	// login() that must succeed.
	async signIn(email, password = DEMO_PASSWORD) {
		const r = await this.login(email, password);
		assert.equal(r.status, 200, `login ${email}: ${r.status} ${r.text}`);
		assert.ok(this.cookie, `login ${email}: no pobratim_session cookie`);
		return this;
	}

	/*
	 * opts as rawRequest, plus:
	 *   csrf    true (default): send X-CSRF-Token on unsafe methods when we have one;
	 *           false: never; a string: send that value
	 *   cookie  true (default): send the session cookie when we have one;
	 *           false: never; a string: send that value as pobratim_session
	 */
	request(method, p, { csrf = true, cookie = true, headers = {}, ...rest } = {}) {
		const h = { ...headers };
		const cv = typeof cookie === 'string' ? cookie : (cookie ? this.cookie : null);
		if (cv !== null && cv !== undefined)
			h.Cookie = `pobratim_session=${cv}`;
		if (typeof csrf === 'string')
			h['X-CSRF-Token'] = csrf;
		else if (csrf && this.csrf && UNSAFE.has(method))
			h['X-CSRF-Token'] = this.csrf;
		return rawRequest(this.port, method, p, { headers: h, ...rest });
	}

	api(method, p, opts) {
		return this.request(method, API + p, opts);
	}
}

// Asserts a problem+json answer with the given status and code; returns the body.
export function assertProblem(r, status, code, what = '') {
	const ctx = `${what} -> ${r.status} ${r.headers['content-type']} ${r.text.slice(0, 400)}`;
	assert.equal(r.status, status, `status ${ctx}`);
	assert.match(r.headers['content-type'] ?? '', /^application\/problem\+json\b/, `content-type ${ctx}`);
	assert.ok(r.json && typeof r.json === 'object', `body ${ctx}`);
	assert.equal(r.json.code, code, `code ${ctx}`);
	assert.equal(r.json.status, status, `body.status ${ctx}`);
	assert.equal(r.json.type, `https://pobratim.org/problems/${code}`, `type ${ctx}`);
	assert.equal(typeof r.json.title, 'string', `title ${ctx}`);
	assert.ok(r.json.title.length > 0, `title ${ctx}`);
	if (code === 'validation_failed') {
		assert.ok(Array.isArray(r.json.errors) && r.json.errors.length > 0, `errors[] ${ctx}`);
		for (const e of r.json.errors) {
			assert.equal(typeof e.field, 'string', `errors[].field ${ctx}`);
			assert.equal(typeof e.code, 'string', `errors[].code ${ctx}`);
			assert.equal(typeof e.message, 'string', `errors[].message ${ctx}`);
		}
	}
	return r.json;
}

// Asserts a JSON answer with the given status; returns the body.
export function assertJson(r, status, what = '') {
	const ctx = `${what} -> ${r.status} ${r.headers['content-type']} ${r.text.slice(0, 400)}`;
	assert.equal(r.status, status, `status ${ctx}`);
	assert.match(r.headers['content-type'] ?? '', /^application\/json\b/, `content-type ${ctx}`);
	assert.ok(r.json !== undefined, `body ${ctx}`);
	return r.json;
}

// Asserts obj has every key of the contract (extra keys are allowed) and returns
// the object cut down to those keys.
export function pick(obj, keys, what = '') {
	assert.ok(obj && typeof obj === 'object', `${what}: not an object: ${JSON.stringify(obj)}`);
	const missing = keys.filter((k) => !(k in obj));
	assert.deepEqual(missing, [], `${what}: missing contract fields in ${JSON.stringify(obj)}`);
	return Object.fromEntries(keys.map((k) => [k, obj[k]]));
}

export const RFC3339_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

// Fetches every page of a list (limit per page) and returns all items.
/* Polls check() every 50 ms until it returns something truthy (that); fails with what (or what()) after ms. */
export async function waitFor(check, what, ms = 30000) {
	const deadline = Date.now() + ms;
	for (;;) {
		const v = await check();
		if (v)
			return v;
		assert.ok(Date.now() < deadline, typeof what === 'function' ? what() : what);
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
}

export async function allPages(client, p, limit = 200) {
	const items = [];
	let cursor = null;
	const sep = p.includes('?') ? '&' : '?';
	for (let i = 0; i < 1000; i++) {
		const q = `${p}${sep}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
		const body = assertJson(await client.api('GET', q), 200, `GET ${q}`);
		items.push(...body.items);
		if (body.next_cursor === null)
			return items;
		cursor = body.next_cursor;
	}
	throw new Error(`${p}: more than 1000 pages`);
}

/*
 * Announces a body of `bytes` to `path` and sends only its start, as `who`
 * (a signed-in client): the server answers 413 from the Content-Length
 * without reading the body, and may close before the rest (EPIPE, reset).
 */
export function sendTooLarge(srv, who, { method = 'POST', path, type, bytes }) {
	return new Promise((resolve, reject) => {
		const req = http.request({ host: '127.0.0.1', port: srv.port, method, path: `/api/v1${path}`, agent: false,
			headers: { 'Content-Type': type, 'Content-Length': String(bytes), Cookie: `pobratim_session=${who.cookie}`,
				'X-CSRF-Token': who.csrf } }, (res) => {
			const chunks = [];
			res.on('data', (d) => chunks.push(d));
			res.on('end', () => {
				const text = Buffer.concat(chunks).toString('utf8');
				resolve({ status: res.statusCode, headers: res.headers, text, json: JSON.parse(text) });
			});
		});
		req.on('error', (e) => (e.code === 'EPIPE' || e.code === 'ECONNRESET' ? undefined : reject(e)));
		req.write(Buffer.alloc(65536, 0x25));
	});
}
