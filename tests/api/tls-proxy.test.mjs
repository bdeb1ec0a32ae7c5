// pobratim behind nginx, as docs/deploy.md deploys it: Debian's nginx runs
// docs/deploy/nginx.conf itself, as the current user from a temporary
// directory on the loopback, with a self-signed certificate made here by
// `openssl req`. The test replaces only the host name, ports, certificate and
// web root of that file (each replacement must hit, so the doc cannot drift
// away from what is tested), in front of `pobratim serve --public-url
// https://pobratim.test:PORT --trusted-proxy 127.0.0.1/32`. Through it, over
// HTTP/2 and TLS: sign-in, the WebSocket /api/v1/ws with a realtime event,
// the Atom feed's absolute links, HSTS, the /assets cache, the body limits
// and the X-Forwarded-For chain. What --trusted-proxy makes of forged
// headers is proxy.test.mjs's.

import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import http2 from 'node:http2';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import zlib from 'node:zlib';
import { after, before, test } from 'node:test';

import { ASSET_MARKER, BIN, DEMO, DEMO_PASSWORD, REPO, freePort, setCookie, startServer, waitFor } from './lib/server.mjs';
import { wsOpen } from './lib/ws.mjs';

const HOST = 'pobratim.test';
const CONF = path.join(REPO, 'docs', 'deploy', 'nginx.conf');
const NGINX = '/usr/sbin/nginx';

let tmp, srv, nginx, tlsPort, httpPort, origin, ca;
let nginxErr = '';

/* The self-signed certificate of pobratim.test (and 127.0.0.1): { cert, key } paths. */
function makeCertificate(dir) {
	const cert = path.join(dir, 'cert.pem');
	const key = path.join(dir, 'key.pem');
	const r = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2',
		'-subj', `/CN=${HOST}`, '-addext', `subjectAltName=DNS:${HOST},IP:127.0.0.1`,
		'-keyout', key, '-out', cert], { encoding: 'utf8' });
	assert.equal(r.status, 0, `openssl req: ${r.stderr}`);
	return { cert, key };
}

/*
 * docs/deploy/nginx.conf with this test's host, ports, certificate, upstream
 * and web root. Every text replaced must be there as many times as said.
 */
function siteConfig(pobratimPort, certs, webRoot) {
	let text = fs.readFileSync(CONF, 'utf8');
	const swaps = [
		['server 127.0.0.1:8080;', `server 127.0.0.1:${pobratimPort};`, 1],
		['listen 80;', `listen 127.0.0.1:${httpPort};`, 1],
		['listen [::]:80;', '', 1],		// the loopback may have no IPv6
		['listen 443 ssl http2;', `listen 127.0.0.1:${tlsPort} ssl http2;`, 1],
		['listen [::]:443 ssl http2;', '', 1],
		['/etc/letsencrypt/live/pobratim.example.org/fullchain.pem', certs.cert, 1],
		['/etc/letsencrypt/live/pobratim.example.org/privkey.pem', certs.key, 1],
		['server_name pobratim.example.org;', `server_name ${HOST};`, 2],
		['root /usr/share/pobratim/web;', `root ${webRoot};`, 1],
	];
	for (const [from, to, count] of swaps) {
		assert.equal(text.split(from).length - 1, count, `docs/deploy/nginx.conf says "${from}" ${count} time(s)`);
		text = text.split(from).join(to);
	}
	const settings = text.split('\n').map((l) => l.replace(/#.*/, '')).join('\n');
	assert.doesNotMatch(settings, /example\.org/, 'every host name of the doc\'s settings replaced');
	return text;
}

/* The main configuration Debian's /etc/nginx/nginx.conf would be, for a temporary directory. */
function mainConfig(dir, site) {
	// as root, nginx would hand its workers to "nobody", who cannot read the
	// temporary directory (bench/bench.mjs does the same)
	return `${process.getuid() === 0 ? 'user root;' : ''}
worker_processes 1;
daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 256; }
http {
	include /etc/nginx/mime.types;
	default_type application/octet-stream;
	access_log ${dir}/access.log;
	client_body_temp_path ${dir}/body;
	proxy_temp_path ${dir}/proxy;
	fastcgi_temp_path ${dir}/fastcgi;
	uwsgi_temp_path ${dir}/uwsgi;
	scgi_temp_path ${dir}/scgi;
	include ${site};
}
`;
}

/* One TLS connection to nginx as pobratim.test, with our CA trusted. */
const tlsOptions = (opts = {}) => ({ host: '127.0.0.1', port: tlsPort, servername: HOST, ca, ...opts });
const tlsConnect = (opts) => tls.connect(tlsOptions(opts));

/*
 * One request over an HTTP/2 session: { status, headers, text, json }.
 * A refusal may reset the stream after its answer: that is not an error.
 */
function h2(session, method, p, { headers = {}, body } = {}) {
	return new Promise((resolve, reject) => {
		const h = { ':method': method, ':path': p, ':authority': `${HOST}:${tlsPort}`, ...headers };
		let payload = null;
		if (body !== undefined) {
			payload = Buffer.isBuffer(body) || typeof body === 'string' ? Buffer.from(body) : Buffer.from(JSON.stringify(body));
			h['content-length'] = String(payload.length);
			h['content-type'] ??= 'application/json';
		}
		const stream = session.request(h, { endStream: payload === null });
		let head = null;
		const chunks = [];
		stream.on('response', (rh) => { head = rh; });
		stream.on('data', (d) => chunks.push(d));
		stream.on('end', () => {
			const text = Buffer.concat(chunks).toString('utf8');
			const json = /json/.test(head[':content-type'] ?? head['content-type'] ?? '') && text ? JSON.parse(text) : undefined;
			resolve({ status: head[':status'], headers: head, text, json, raw: Buffer.concat(chunks) });
		});
		stream.on('error', (e) => (head ? undefined : reject(e)));
		if (payload !== null) {
			stream.on('error', () => {});
			stream.end(payload);
		}
	});
}

/* A browser's session: HTTP/2 to nginx, the cookie and CSRF token once signed in. */
class Browser {
	constructor() {
		// maxSessionMemory: Node's own ceiling (10 MB) on what waits to be sent would refuse the 16 MiB upload
		this.session = http2.connect(`https://127.0.0.1:${tlsPort}`, { servername: HOST, ca, maxSessionMemory: 64 });
		this.session.on('error', () => {});
	}

	async signIn(email) {
		const r = await this.api('POST', '/session', { body: { email, password: DEMO_PASSWORD } });
		assert.equal(r.status, 200, `sign-in of ${email} through nginx: ${r.status} ${r.text}`);
		this.cookie = setCookie({ headers: { 'set-cookie': r.headers['set-cookie'] } }, 'pobratim_session');
		this.csrf = r.json.csrf_token;
		this.user = r.json.user;
		return r;
	}

	api(method, p, { headers = {}, ...rest } = {}) {
		const h = { origin, ...headers };
		if (this.cookie)
			h.cookie = `pobratim_session=${this.cookie.value}`;
		if (this.csrf && method !== 'GET')
			h['x-csrf-token'] = this.csrf;
		return h2(this.session, method, `/api/v1${p}`, { headers: h, ...rest });
	}

	close() {
		this.session.close();
	}
}

/* A WebSocket through nginx over TLS (HTTP/1.1, as browsers open it): a WsClient. */
async function wss(browser) {
	const { status, client } = await wsOpen({ tls: tlsOptions({ ALPNProtocols: ['http/1.1'] }) },
	    { host: `${HOST}:${tlsPort}`, origin, cookie: browser.cookie.value });
	assert.equal(status, 101, 'the WebSocket upgrade through nginx');
	return client;
}

async function startNginx() {
	const certs = makeCertificate(tmp);
	ca = fs.readFileSync(certs.cert);
	const site = path.join(tmp, 'pobratim.conf');
	fs.writeFileSync(site, siteConfig(srv.port, certs, srv.web));
	fs.writeFileSync(path.join(tmp, 'nginx.conf'), mainConfig(tmp, site));
	nginx = spawn(NGINX, ['-c', path.join(tmp, 'nginx.conf'), '-p', tmp], { stdio: ['ignore', 'ignore', 'pipe'] });
	nginx.stderr.on('data', (d) => { nginxErr += d; });
	let last = '';
	const log = () => `${last}\n${nginxErr}${fs.existsSync(path.join(tmp, 'error.log')) ? fs.readFileSync(path.join(tmp, 'error.log'), 'utf8') : ''}`;
	await waitFor(() => new Promise((resolve) => {
		assert.equal(nginx.exitCode, null, `nginx exited: ${log()}`);
		const s = tlsConnect();
		s.on('secureConnect', () => { s.destroy(); resolve(true); });
		s.on('error', (e) => { last = e.message; resolve(false); });
	}), () => `nginx never answered on ${tlsPort}: ${log()}`);
}

before(async () => {
	assert.ok(fs.existsSync(NGINX), `${NGINX} (Debian's nginx; tools/install-deps.sh test installs it)`);
	tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pobratim-nginx-'));
	tlsPort = await freePort();
	httpPort = await freePort();
	origin = `https://${HOST}:${tlsPort}`;
	srv = await startServer({ args: ['--public-url', origin, '--trusted-proxy', '127.0.0.1/32'] });
	fs.writeFileSync(path.join(srv.web, 'assets', 'app.js.gz'), zlib.gzipSync(fs.readFileSync(path.join(srv.web, 'assets', 'app.js'))));
	await startNginx();
});

after(async () => {
	if (nginx && nginx.exitCode === null) {
		const exited = new Promise((resolve) => nginx.on('exit', resolve));
		nginx.kill('SIGQUIT');	/* graceful: the workers finish, then the master */
		await exited;
	}
	await srv?.stop();
	if (tmp)
		fs.rmSync(tmp, { recursive: true, force: true });
});

test('TLS 1.3 and HTTP/2, TLS 1.2 only with forward-secret AEAD ciphers, a certificate for the host', async () => {
	const b = new Browser();
	const r = await b.api('GET', '/health');
	assert.equal(r.status, 200, r.text);
	assert.equal(b.session.alpnProtocol, 'h2');
	assert.equal(b.session.socket.getProtocol(), 'TLSv1.3');
	b.close();

	const handshake = (opts) => new Promise((resolve) => {
		const s = tlsConnect(opts);
		s.on('secureConnect', () => { resolve({ protocol: s.getProtocol(), cipher: s.getCipher().name }); s.destroy(); });
		s.on('error', (e) => resolve({ error: e.message }));
	});
	const v12 = await handshake({ maxVersion: 'TLSv1.2' });
	assert.equal(v12.protocol, 'TLSv1.2', JSON.stringify(v12));
	assert.match(v12.cipher, /^ECDHE-RSA-(AES\d+-GCM|CHACHA20-POLY1305)/, JSON.stringify(v12));
	for (const cipher of ['AES128-GCM-SHA256', 'ECDHE-RSA-AES128-SHA'])	// no forward secrecy; CBC
		assert.ok((await handshake({ maxVersion: 'TLSv1.2', ciphers: cipher })).error, `${cipher} refused`);

	// curl, a second client: HTTP/2 and HSTS on an API reply
	const c = spawnSync('curl', ['--http2', '-sI', '--cacert', path.join(tmp, 'cert.pem'),
		'--resolve', `${HOST}:${tlsPort}:127.0.0.1`, `${origin}/api/v1/health`], { encoding: 'utf8' });
	assert.equal(c.status, 0, c.stderr);
	assert.match(c.stdout, /^HTTP\/2 200 *\r?\n/);
	assert.match(c.stdout, /^strict-transport-security: max-age=63072000\r?$/m);
});

test('plain HTTP is sent to https', async () => {
	const r = await new Promise((resolve, reject) => {
		http.get({ host: '127.0.0.1', port: httpPort, path: '/news?lang=en', headers: { Host: HOST } }, (res) => {
			res.resume();
			resolve(res);
		}).on('error', reject);
	});
	assert.equal(r.statusCode, 301);
	assert.equal(r.headers.location, `https://${HOST}/news?lang=en`);
});

test('sign-in over HTTP/2: a Secure cookie, HSTS, pobratim\'s own headers', async () => {
	const b = new Browser();
	const r = await b.signIn(DEMO.staff);
	assert.equal(b.cookie.attrs.secure, true, `Secure behind https: ${b.cookie.line}`);
	assert.equal(b.cookie.attrs.httponly, true);
	assert.equal(r.headers['strict-transport-security'], 'max-age=63072000');
	assert.ok(r.headers['x-request-id'], 'the reply came from pobratim');
	const me = await b.api('GET', '/me');
	assert.equal(me.status, 200);
	assert.equal(me.json.user.email, DEMO.staff);
	b.close();
});

test('the client\'s own address reaches pobratim (X-Forwarded-For from nginx)', async () => {
	// nginx listens on 127.0.0.1; this client comes from 127.0.0.3, which pobratim sees only through the header
	const session = http2.connect(`https://127.0.0.1:${tlsPort}`, { servername: HOST, ca, localAddress: '127.0.0.3' });
	session.on('error', () => {});
	const forged = { 'x-forwarded-for': '198.51.100.77', 'x-forwarded-host': 'evil.example', origin };
	const r = await h2(session, 'POST', '/api/v1/session', { headers: forged, body: { email: DEMO.partner, password: 'wrong-password' } });
	assert.equal(r.status, 401, r.text);
	const log = await srv.stderrHas(`failed sign-in for '${DEMO.partner}' from 127.0.0.3`);
	assert.doesNotMatch(log, /198\.51\.100\.77/, 'the client\'s own X-Forwarded-For is not passed on');
	session.close();
});

test('the WebSocket /api/v1/ws through nginx: signed in, and a realtime event arrives', async () => {
	const staff = new Browser();
	await staff.signIn(DEMO.staff);
	const admin = new Browser();
	await admin.signIn(DEMO.admin);
	const ws = await wss(staff);
	const welcome = await ws.next('welcome');
	assert.equal(welcome.user?.id, staff.user.id, 'the session cookie went through the upgrade');
	ws.send({ type: 'ping', ref: 7 });
	assert.equal((await ws.next('pong')).ref, 7);
	ws.send({ type: 'subscribe', channel: `user:${staff.user.id}` });
	const sub = await ws.next('subscribed');
	const r = await admin.api('PATCH', `/users/${staff.user.id}`, { body: { name: 'Сотрудник ДВМС (через nginx)' } });
	assert.equal(r.status, 200, r.text);
	const ev = await ws.next('event');
	assert.equal(ev.event, 'account.updated');
	assert.equal(ev.seq, sub.seq + 1);
	await ws.close();
	staff.close();
	admin.close();
});

test('the Atom feed\'s absolute links are on https and the public host', async () => {
	const b = new Browser();
	const r = await h2(b.session, 'GET', '/api/v1/feeds/bulletins.atom');
	assert.equal(r.status, 200);
	assert.match(r.text, new RegExp(`<id>https://${HOST}:${tlsPort}/api/v1/feeds/bulletins\\.atom</id>`));
	assert.match(r.text, new RegExp(`<link rel="alternate" href="https://${HOST}:${tlsPort}/news/\\d+"/>`));
	const links = [...r.text.matchAll(/(?:href="|<id>)([a-z]+:[^"<]*)/g)].map((m) => m[1]);
	assert.ok(links.length > 2, r.text.slice(0, 500));
	for (const link of links)
		assert.ok(link.startsWith(`https://${HOST}:${tlsPort}/`) || link.startsWith('tag:'), `a link off the public URL: ${link}`);
	b.close();
});

test('hashed assets: from disk, cached for a year, gzip when asked, with HSTS', async () => {
	const b = new Browser();
	const plain = await h2(b.session, 'GET', '/assets/app.js');
	assert.equal(plain.status, 200);
	assert.match(plain.text, new RegExp(ASSET_MARKER));
	assert.equal(plain.headers['cache-control'], 'public, max-age=31536000, immutable');
	assert.equal(plain.headers['strict-transport-security'], 'max-age=63072000');
	assert.equal(plain.headers['x-content-type-options'], 'nosniff');
	assert.equal(plain.headers['x-request-id'], undefined, 'nginx served it, not pobratim');
	const gz = await h2(b.session, 'GET', '/assets/app.js', { headers: { 'accept-encoding': 'gzip' } });
	assert.equal(gz.headers['content-encoding'], 'gzip');
	assert.match(zlib.gunzipSync(gz.raw).toString(), new RegExp(ASSET_MARKER));
	const page = await h2(b.session, 'GET', '/news');
	assert.equal(page.status, 200);
	assert.equal(page.headers['cache-control'], 'no-cache', 'the page itself is pobratim\'s, never kept');
	assert.equal(page.headers['strict-transport-security'], 'max-age=63072000');
	b.close();
});

/*
 * The body ceiling nginx applies to a path, read from the TLS server of
 * docs/deploy/nginx.conf as nginx chooses the location: an exact match, else
 * the first regex that matches, else the longest prefix; else the server's.
 */
function nginxLimits() {
	const text = fs.readFileSync(CONF, 'utf8').split('\n').map((l) => l.replace(/#.*/, '')).join('\n');
	const server = text.slice(text.indexOf('listen 443 ssl'));
	const bytes = (v) => Number(v.replace(/[kmg]$/i, '')) * ({ k: 1 << 10, m: 1 << 20, g: 1 << 30 }[v.slice(-1).toLowerCase()] ?? 1);
	const locations = [...server.matchAll(/location\s+(=|~|\^~)?\s*(\S+)\s*\{([^{}]*)\}/g)].map(([, mod, arg, body]) => {
		const m = body.match(/client_max_body_size\s+(\S+);/);
		return { mod, arg, limit: m ? bytes(m[1]) : null };
	});
	const outside = server.replace(/location[^{]*\{[^{}]*\}/g, '');
	const serverLimit = bytes(outside.match(/client_max_body_size\s+(\S+);/)[1]);
	return (p) => {
		const exact = locations.find((l) => l.mod === '=' && l.arg === p);
		const regex = locations.find((l) => l.mod === '~' && new RegExp(l.arg).test(p));
		const prefix = locations.filter((l) => l.mod === undefined && p.startsWith(l.arg))
		    .sort((a, b) => b.arg.length - a.arg.length)[0];
		return (exact ?? regex ?? prefix)?.limit ?? serverLimit;
	};
}

test('nginx\'s body ceiling is each route\'s own: --max-body, or an upload\'s max_body from `pobratim routes`', () => {
	const limitOf = nginxLimits();
	const routes = JSON.parse(spawnSync(BIN, ['routes'], { encoding: 'utf8' }).stdout);
	assert.ok(routes.some((r) => r.max_body), 'upload routes say their max_body');
	const maxBody = 1048576;	// --max-body's default, as the doc says
	for (const r of routes) {
		const p = r.path.replace(/\{[^}]+\}/g, '42');
		// more than pobratim takes: pobratim's early 413 becomes nginx's 502
		if (r.method === 'DELETE')
			assert.ok(limitOf(p) <= maxBody, `${r.method} ${r.path}: nginx takes ${limitOf(p)} bytes`);
		else if (r.method !== 'GET')
			assert.equal(limitOf(p), r.max_body ?? maxBody, `${r.method} ${r.path}: nginx's ceiling is pobratim's`);
	}
});

test('body limits through nginx: refused in pobratim\'s words, and an upload over --max-body passes', async () => {
	const b = new Browser();
	await b.signIn(DEMO.staff);
	const json = await b.api('POST', '/organizations', { body: { name: 'x'.repeat(2 << 20) } });
	assert.equal(json.status, 413, json.text.slice(0, 300));
	assert.match(json.headers['content-type'], /^application\/problem\+json/);
	assert.equal(json.json.code, 'payload_too_large');
	assert.equal(json.headers['x-request-id'], undefined, 'nginx refused it without passing it on');
	assert.equal(json.headers['strict-transport-security'], 'max-age=63072000');

	// 3 MiB is over --max-body, under the CSV import's 16 MiB: nginx lets it through to pobratim
	const csv = 'id,city_a,city_b\n' + `x,y,${'z'.repeat(59)}\n`.repeat((3 << 20) / 64);
	const mid = await b.api('POST', '/partnerships.csv', { headers: { 'content-type': 'text/csv' }, body: csv });
	assert.notEqual(mid.status, 413, mid.text.slice(0, 300));
	assert.ok(mid.headers['x-request-id'], `pobratim read it: ${mid.status} ${mid.text.slice(0, 200)}`);

	const big = await b.api('POST', '/partnerships.csv', { headers: { 'content-type': 'text/csv' },
		body: Buffer.alloc((16 << 20) + 1, 0x41) });
	assert.equal(big.status, 413);
	assert.equal(big.headers['x-request-id'], undefined, 'nginx refused it');
	assert.equal(big.json.code, 'payload_too_large');
	b.close();
});
