// Passwords (issue 12, item 13): users change their own (PUT /me/password:
// the current one required, counted by the sign-in throttle when wrong; every
// other session ends and its sockets close, this one goes on), weak ones are
// refused, and nobody sets the published demo password outside --demo: not
// an admin through the API, not the command line without its --demo.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, test } from 'node:test';

import { BIN, DEMO, DEMO_PASSWORD, assertJson, assertProblem, startServer } from './lib/server.mjs';
import { wsConnect } from './lib/ws.mjs';

const MAX_FAILURES = 3;
let srv;
let admin;

before(async () => {
	/* a first wait long enough that a loaded machine's next request still falls in it (1 s failed once) */
	srv = await startServer({ env: { POBRATIM_LOGIN_MAX_FAILURES: String(MAX_FAILURES), POBRATIM_LOGIN_BACKOFF: '60' } });
	admin = await srv.client().signIn(DEMO.admin);
});
after(async () => { await srv?.stop(); });

let unique = 0;
/* A fresh account with a password of its own: { email, password, id }. */
async function account() {
	const email = `pw-${++unique}@pobratim.test`;
	const password = `first-secret-${unique}x`;
	const u = assertJson(await admin.api('POST', '/users', { body: { email, name: `Password ${unique}`, password,
		role: 'staff', organization_id: admin.user.organization.id } }), 201);
	return { email, password, id: u.id };
}

/* A bound for what must happen (fails past it, never sleeps it out). */
function within(promise, what, ms = 15000) {
	let timer;
	const late = new Promise((_, reject) => {
		timer = setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms);
	});
	return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

const change = (client, old_password, new_password, opts = {}) =>
	client.api('PUT', '/me/password', { body: { old_password, new_password }, ...opts });

test('a new password: the other sessions end and their sockets close; this one goes on', async () => {
	const a = await account();
	const here = await srv.client().signIn(a.email, a.password);
	const there = await srv.client().signIn(a.email, a.password);
	const wsHere = await wsConnect(srv.port, { cookie: here.cookie });
	const wsThere = await wsConnect(srv.port, { cookie: there.cookie });

	const r = await change(here, a.password, 'a new long secret 42');
	assert.equal(r.status, 204, r.text);
	assert.equal((await within(wsThere.closed, 'the other session\'s socket closes')).code, 4401);
	assert.equal((await there.api('GET', '/me')).status, 401, 'the other session ended');
	assertJson(await here.api('GET', '/me'), 200, 'this session goes on');
	wsHere.send({ type: 'ping', ref: 3 });
	assert.equal((await wsHere.next('pong')).ref, 3, 'and so does its socket');

	assertProblem(await srv.client().login(a.email, a.password), 401, 'invalid_credentials', 'the old one');
	assertJson(await srv.client().login(a.email, 'a new long secret 42'), 200, 'the new one');
	await wsHere.close();
});

test('weak, demo, reused or email-like new passwords are refused before the current one is looked at', async () => {
	const a = await account();
	const c = await srv.client().signIn(a.email, a.password);
	const cases = [
		['short-1', 'too_short'],
		[DEMO_PASSWORD, 'demo_password'],
		['DEMO-PASSWORD', 'demo_password'],
		['1234567890', 'too_common'],
		['aaaaaaaaaaaaaaa', 'too_common'],
		['abababababab', 'too_common'],
		['abcdefghijklmn', 'too_common'],
		['Password123', 'too_common'],
		[`${a.email.split('@')[0]}-secret-2026`, 'contains_email'],
		['the same long one', 'same_as_old'],
	];
	for (const [pw, code] of cases) {
		/* a wrong current password too: the new one is refused first, and nothing is counted */
		const old = code === 'same_as_old' ? pw : 'not the current one';
		const p = assertProblem(await change(c, old, pw), 400, 'validation_failed', pw);
		assert.deepEqual(p.errors.map((e) => [e.field, e.code]), [['new_password', code]], pw);
	}
	/* none of them counted as a failed attempt: the real change still goes through */
	assert.equal((await change(c, a.password, 'Жёлтый кирпич 2026')).status, 204);
	assertJson(await srv.client().login(a.email, 'Жёлтый кирпич 2026'), 200, 'a Cyrillic password');

	for (const body of [{}, { old_password: 'x' }, { old_password: 'x', new_password: 'y'.repeat(1025) },
		{ old_password: 'x', new_password: 'long enough 1', extra: 1 }])
		assertProblem(await c.api('PUT', '/me/password', { body }), 400, 'validation_failed', JSON.stringify(body));
	assertProblem(await srv.api('PUT', '/me/password', { body: { old_password: 'x', new_password: 'long enough 1' } }),
	    401, 'unauthenticated');
	assertProblem(await change(c, 'x', 'long enough 1', { csrf: false }), 403, 'csrf_failed');
});

test('a wrong current password is 403 wrong_password, and counts as a failed sign-in of the account', async () => {
	const a = await account();
	const c = await srv.client().signIn(a.email, a.password);
	for (let i = 0; i < MAX_FAILURES; i++)
		assertProblem(await change(c, `wrong guess ${i}`, 'a fresh long secret'), 403, 'wrong_password');
	const late = assertProblem(await change(c, a.password, 'a fresh long secret'), 429, 'too_many_attempts');
	assert.ok(Number(late.detail.match(/\d+/)[0]) > 0);
	assertProblem(await srv.client().login(a.email, a.password), 429, 'too_many_attempts', 'sign-in is held back too');
	assertJson(await c.api('GET', '/me'), 200, 'the session itself goes on');
});

test('admins and the command line set no weak password; the demo one only on a demo server', async () => {
	const a = await account();
	for (const [pw, code] of [[DEMO_PASSWORD, null], ['qwertyuiop', 'too_common'], ['a plain secret 9', null]]) {
		const r = await admin.api('PATCH', `/users/${a.id}`, { body: { password: pw } });
		if (code === null)
			assert.equal(r.status, 200, `${pw} on a demo server: ${r.text}`);
		else
			assert.deepEqual(assertProblem(r, 400, 'validation_failed', pw).errors.map((e) => e.code), [code]);
	}
	const cli = (args, password) => spawnSync(BIN, ['user', 'passwd', '--db', srv.db, ...args, a.email],
	    { encoding: 'utf8', env: { PATH: process.env.PATH, POBRATIM_PASSWORD: password }, timeout: 60000 });
	let r = cli([], DEMO_PASSWORD);
	assert.equal(r.status, 1, r.stderr);
	assert.match(r.stderr, /published password of the demo accounts \(allowed with --demo\)/);
	r = cli([], '1111111111');
	assert.equal(r.status, 1);
	assert.match(r.stderr, /too easy to guess/);
	r = cli(['--demo'], DEMO_PASSWORD);
	assert.equal(r.status, 0, r.stderr);
	assertJson(await srv.client().login(a.email, DEMO_PASSWORD), 200);
});

test('outside --demo an admin cannot set the demo password', async () => {
	/* a server that is no demo: the demo accounts marked as changed, so that it starts */
	const plain = await startServer({ demoFlag: false, prepare: (db) => {
		const r = spawnSync('sqlite3', [db, 'UPDATE users SET demo_password = 0'], { encoding: 'utf8' });
		assert.equal(r.status, 0, r.stderr);
	} });
	try {
		const root = await plain.client().signIn(DEMO.admin);
		const body = { email: 'plain@pobratim.test', name: 'Plain', password: DEMO_PASSWORD, role: 'staff',
			organization_id: root.user.organization.id };
		let p = assertProblem(await root.api('POST', '/users', { body }), 400, 'validation_failed');
		assert.deepEqual(p.errors.map((e) => [e.field, e.code]), [['password', 'demo_password']]);
		const u = assertJson(await root.api('POST', '/users', { body: { ...body, password: 'field-secret-77' } }), 201);
		p = assertProblem(await root.api('PATCH', `/users/${u.id}`, { body: { password: DEMO_PASSWORD } }),
		    400, 'validation_failed');
		assert.equal(p.errors[0].code, 'demo_password');
		assertJson(await plain.client().login('plain@pobratim.test', 'field-secret-77'), 200, 'unchanged');
	} finally {
		await plain.stop();
	}
});
