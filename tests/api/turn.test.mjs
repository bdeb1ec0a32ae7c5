// --turn-url and --turn-secret: coturn's shared-secret scheme (use-auth-secret).
// Whoever enters a room gets, besides --ice-servers, the TURN server with a
// username that says until when it is good ("<unix time>:pobratim", a day
// ahead) and the password base64(HMAC-SHA1(secret, username)), checked here
// with Node's own HMAC and by coturn itself: Debian's turnserver runs
// docs/deploy/turnserver.conf (its ports, addresses, certificate and secret
// replaced, each replacement checked, so the doc cannot drift) on the
// loopback, and turnutils_uclient allocates a relay with the credential
// pobratim gave out; a wrong or expired one is refused. A guest waiting in the
// lobby gets none; a bad flag stops `serve` with one line that never shows
// the secret.

import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { DEMO, REPO, assertJson, freePort, runBin, signInAll, startServer, waitFor } from './lib/server.mjs';
import { joinRoom, meeting } from './lib/rooms.mjs';

const SECRET = 'north-wind-7Q3p-shared-with-coturn';
const URLS = 'turn:turn.city.example:3478,turns:turn.city.example:5349?transport=tcp';
const STUN = [{ urls: 'stun:stun.city.example:3478' }];

let srv;
const c = {};

before(async () => {
	srv = await startServer({ args: ['--media', 'mesh', '--turn-url', URLS, '--ice-servers', JSON.stringify(STUN)],
		env: { POBRATIM_TURN_SECRET: SECRET } });
	Object.assign(c, await signInAll(srv, { staff: DEMO.staff }));
});
after(async () => { await srv?.stop(); });

/* What coturn computes for a username: base64(HMAC-SHA1(static-auth-secret, username)). */
const coturnPassword = (username, secret = SECRET) => crypto.createHmac('sha1', secret).update(username).digest('base64');

function assertTurn(servers, at) {
	assert.equal(servers.length, 2, JSON.stringify(servers));
	assert.deepEqual(servers[0], STUN[0], '--ice-servers first, as given');
	const turn = servers[1];
	assert.deepEqual(turn.urls, URLS.split(','));
	const m = /^(\d+):pobratim$/.exec(turn.username);
	assert.ok(m, turn.username);
	const expires = Number(m[1]);
	assert.ok(Math.abs(expires - (at + 86400)) <= 5, `good for a day: ${expires - at} s`);
	assert.equal(turn.credential, coturnPassword(turn.username));
	assert.notEqual(turn.credential, coturnPassword(turn.username, 'another secret'));
	return turn;
}

test('a host entering a room gets a day\'s TURN credential that coturn would accept', async () => {
	const id = await meeting(c.staff, []);
	const ws = await joinRoom(srv, c.staff, id);
	assert.equal(ws.joined.type, 'room.joined', JSON.stringify(ws.joined));
	const turn = assertTurn(ws.joined.ice_servers, Date.now() / 1000);
	assert.doesNotMatch(srv.stderr(), new RegExp(SECRET), 'the secret is never logged');
	assert.doesNotMatch(srv.stderr(), new RegExp(turn.credential.replace(/[+/=]/g, '.')), 'nor a credential');
	await ws.close();
});

test('a guest gets one once admitted, not while waiting in the lobby', async () => {
	const id = await meeting(c.staff, []);
	const link = assertJson(await c.staff.api('POST', `/meetings/${id}/guest-links`, { body: { name: 'Interpreter', hours: 1 } }), 201);
	const host = await joinRoom(srv, c.staff, id);
	const guest = await joinRoom(srv, null, id, { guest: link.token });
	assert.equal(guest.joined.type, 'room.lobby');
	assert.doesNotMatch(JSON.stringify(guest.joined), /turn:|credential/);
	const lobby = await host.next((m) => m.type === 'event' && m.event === 'lobby' && m.data.waiting.length === 1);
	host.send({ type: 'room.control', meeting: id, action: 'admit', conn: lobby.data.waiting[0].conn });
	assertTurn((await guest.next('room.joined')).ice_servers, Date.now() / 1000);
	await guest.close();
	await host.close();
});

test('bad TURN settings: exit 2 with one line, the secret never shown', () => {
	const cases = [
		[['--turn-url', 'turn:t.example'], {}, /--turn-url and --turn-secret go together/],
		[[], { POBRATIM_TURN_SECRET: SECRET }, /--turn-url and --turn-secret go together/],
		[['--turn-url', 'stun:t.example', '--turn-secret', SECRET], {}, /--turn-url must be/],
		[['--turn-url', 'turn:t.example?transport=sctp'], { POBRATIM_TURN_SECRET: SECRET }, /--turn-url must be/],
		[['--turn-url', 'turn:a,turn:b,turn:c,turn:d,turn:e'], { POBRATIM_TURN_SECRET: SECRET }, /--turn-url must be/],
		[['--turn-url', 'turn:t.example'], { POBRATIM_TURN_SECRET: `${SECRET}${'x'.repeat(300)}` }, /--turn-secret must be 1 to 256 bytes/],
		[['--turn-url', 'turn:t.example', '--turn-secret', ''], {}, /--turn-secret must be|must not be empty/],
	];
	for (const [args, env, want] of cases) {
		const r = runBin(['serve', '--db', '/nonexistent/t.db', ...args], { env });
		assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
		assert.match(r.stderr, want, args.join(' '));
		assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
		assert.doesNotMatch(r.stderr, /north-wind/, 'the secret is not printed');
	}
});

/* docs/deploy/turnserver.conf for the loopback: every text replaced must be there once. */
function coturnConfig(dir, port, tlsPort) {
	const cert = path.join(dir, 'cert.pem');
	const key = path.join(dir, 'key.pem');
	const r = spawnSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
		'-days', '2', '-subj', '/CN=turn.test', '-keyout', key, '-out', cert], { encoding: 'utf8' });
	assert.equal(r.status, 0, r.stderr);
	let text = fs.readFileSync(path.join(REPO, 'docs', 'deploy', 'turnserver.conf'), 'utf8');
	for (const [from, to] of [
		['listening-port=3478\n', `listening-port=${port}\n`],
		['tls-listening-port=5349\n', `tls-listening-port=${tlsPort}\n`],
		['external-ip=203.0.113.10\n', 'listening-ip=127.0.0.1\nrelay-ip=127.0.0.1\n'],
		['static-auth-secret=CHANGE-ME-openssl-rand-hex-32\n', `static-auth-secret=${SECRET}\n`],
		['cert=/etc/letsencrypt/live/turn.city.example/fullchain.pem\n', `cert=${cert}\n`],
		['pkey=/etc/letsencrypt/live/turn.city.example/privkey.pem\n', `pkey=${key}\n`],
		['log-file=syslog\n', `log-file=stdout\npidfile=${dir}/turnserver.pid\nuserdb=${dir}/turndb\n`],
		// the peer here is the client itself, on the loopback: what the doc says to do for Janus
		['#allowed-peer-ip=10.0.0.5\n', 'allowed-peer-ip=127.0.0.1\nallow-loopback-peers\n'],
	]) {
		assert.equal(text.split(from).length - 1, 1, `docs/deploy/turnserver.conf says "${from.trim()}" once`);
		text = text.replace(from, to);
	}
	const conf = path.join(dir, 'turnserver.conf');
	fs.writeFileSync(conf, text);
	return conf;
}

/* turnutils_uclient: an allocation, a permission and a message relayed back; its exit status and output. */
function allocate(port, username, password) {
	return new Promise((resolve) => {
		const child = spawn('turnutils_uclient', ['-p', String(port), '-u', username, '-w', password,
			'-n', '1', '-m', '1', '-y', '127.0.0.1'], { stdio: ['ignore', 'pipe', 'pipe'] });
		let out = '';
		child.stdout.on('data', (d) => { out += d; });
		child.stderr.on('data', (d) => { out += d; });
		child.on('exit', (code) => resolve({ code, out }));
	});
}

test('coturn with docs/deploy/turnserver.conf takes the credential pobratim gave, and refuses a wrong or expired one', async () => {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pobratim-coturn-'));
	const port = await freePort();
	const conf = coturnConfig(dir, port, await freePort());
	const coturn = spawn('/usr/bin/turnserver', ['-c', conf], { stdio: ['ignore', 'pipe', 'pipe'] });
	let log = '';
	coturn.stdout.on('data', (d) => { log += d; });
	coturn.stderr.on('data', (d) => { log += d; });
	try {
		await waitFor(() => new Promise((resolve) => {
			assert.equal(coturn.exitCode, null, `turnserver exited: ${log}`);
			const s = net.connect(port, '127.0.0.1', () => { s.destroy(); resolve(true); });
			s.on('error', () => resolve(false));
		}), () => `turnserver never listened on ${port}: ${log}`);

		const id = await meeting(c.staff, []);
		const ws = await joinRoom(srv, c.staff, id);
		const turn = assertTurn(ws.joined.ice_servers, Date.now() / 1000);
		await ws.close();
		const ok = await allocate(port, turn.username, turn.credential);
		assert.equal(ok.code, 0, `the credential pobratim gave: ${ok.out.slice(-1500)}\n${log.slice(-1500)}`);
		assert.match(ok.out, /Total lost packets 0 /);

		const wrong = await allocate(port, turn.username, coturnPassword(turn.username, 'another secret'));
		assert.notEqual(wrong.code, 0, 'made with another secret');
		const past = `${Math.floor(Date.now() / 1000) - 60}:pobratim`;
		const expired = await allocate(port, past, coturnPassword(past));
		assert.notEqual(expired.code, 0, 'expired a minute ago');
		assert.match(log, /Cannot find credentials of user <\d+:pobratim>/);
	} finally {
		const exited = new Promise((resolve) => coturn.on('exit', resolve));
		if (coturn.exitCode === null) {
			coturn.kill('SIGTERM');
			await exited;
		}
		fs.rmSync(dir, { recursive: true, force: true });
	}
});
