// --turn-url and --turn-secret: coturn's shared-secret scheme (use-auth-secret).
// Whoever enters a room gets, besides --ice-servers, the TURN server with a
// username that says until when it is good ("<unix time>:pobratim", a day
// ahead) and the password base64(HMAC-SHA1(secret, username)), checked here
// with Node's own HMAC as coturn checks it. A guest waiting in the lobby gets
// none; a bad flag stops `serve` with one line that never shows the secret.

import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, test } from 'node:test';

import { DEMO, assertJson, runBin, signInAll, startServer } from './lib/server.mjs';
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
