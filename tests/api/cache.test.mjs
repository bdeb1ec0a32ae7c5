// Replies kept by the server (src/api/cache.c, routes marked CACHED): a kept
// reply serves only the caller it was made for, no write is ever hidden by
// one, and the caller is checked before a kept reply is looked at. A write
// ends only the kept replies that read a table it wrote (X-Cache: hit|miss
// tells which), also when another process made it.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, test } from 'node:test';

import { DEMO, assertJson, assertProblem, runBin, startServer, signInAll, waitFor } from './lib/server.mjs';
import { cityId, joinRoom, meeting } from './lib/rooms.mjs';

let srv;
const c = {};

before(async () => {
	srv = await startServer({ args: ['--media', 'mesh'] });
	Object.assign(c, await signInAll(srv, { ...DEMO, harbin: 'partner.harbin@pobratim.demo' }));
});

after(async () => {
	await srv?.stop();
});

const ids = (r) => r.items.map((p) => p.id).sort((a, b) => a - b);

test('each caller gets the list made for them, also when it is asked for again', async () => {
	const first = {};
	for (const who of ['staff', 'partner', 'harbin'])
		first[who] = ids(assertJson(await c[who].api('GET', '/partnerships?limit=100'), 200));
	for (const who of ['staff', 'partner', 'harbin'])	/* the second time from the cache */
		assert.deepEqual(ids(assertJson(await c[who].api('GET', '/partnerships?limit=100'), 200)), first[who], who);
	assert.ok(first.partner.length > 0 && first.harbin.length > 0);
	assert.ok(first.staff.length > first.partner.length, 'staff see more than the partner of Minsk');
	assert.notDeepEqual(first.partner, first.harbin, 'Minsk and Harbin see their own city');
	/* query strings are part of the key */
	const one = assertJson(await c.staff.api('GET', '/partnerships?limit=1'), 200);
	assert.equal(one.items.length, 1);
});

test('a write is seen by the next read', async () => {
	const list = assertJson(await c.staff.api('GET', '/partnerships?limit=100'), 200);
	const p = list.items[0];
	const note = `cache check ${Date.now()}`;
	assertJson(await c.staff.api('PATCH', `/partnerships/${p.id}`, { body: { note_en: note } }), 200);
	const again = assertJson(await c.staff.api('GET', '/partnerships?limit=100'), 200);
	assert.equal(again.items.find((x) => x.id === p.id).note_en, note);

	/* the public list: publishing and unpublishing show at once, for anonymous callers too */
	const anon = srv.client();
	const before = assertJson(await anon.api('GET', '/partner-cities?limit=100'), 200).items.length;
	assertJson(await c.staff.api('PATCH', `/partnerships/${p.id}`, { body: { published: !p.published } }), 200);
	const mid = assertJson(await anon.api('GET', '/partner-cities?limit=100'), 200).items.length;
	assert.equal(mid, before + (p.published ? -1 : 1));
	assertJson(await c.staff.api('PATCH', `/partnerships/${p.id}`, { body: { published: p.published } }), 200);
	assert.equal(assertJson(await anon.api('GET', '/partner-cities?limit=100'), 200).items.length, before);
});

test('a kept reply does not outlive the session or the role', async () => {
	const me = assertJson(await c.staff.api('GET', '/me'), 200);
	const u = assertJson(await c.admin.api('POST', '/users', { body: { email: `cache-${Date.now()}@example.org`,
		name: 'Cache Check', role: 'staff', password: 'a-long-password-1', organization_id: me.user.organization.id } }), 201);
	const them = srv.client();
	await them.login(u.email, 'a-long-password-1');
	assertJson(await them.api('GET', '/partnerships?limit=100'), 200);
	assertJson(await c.admin.api('PATCH', `/users/${u.id}`, { body: { role: 'correspondent' } }), 200);
	assertProblem(await them.api('GET', '/partnerships?limit=100'), 403, 'forbidden');
	assertJson(await c.admin.api('PATCH', `/users/${u.id}`, { body: { role: 'staff' } }), 200);
	assertJson(await them.api('GET', '/partnerships?limit=100'), 200);
	assert.equal((await them.api('DELETE', '/session')).status, 204);
	assertProblem(await them.api('GET', '/partnerships?limit=100'), 401, 'unauthenticated');
});

const cached = (r) => r.headers['x-cache'];
const get = async (client, p) => {
	const r = await client.api('GET', p);
	assertJson(r, 200);
	return r;
};

/* GET p until it comes from the cache (the first time, or after a write, it is made) */
async function kept(client, p) {
	return waitFor(async () => {
		const r = await get(client, p);
		return cached(r) === 'hit' && r;
	}, `${p} is never kept`);
}

test('a chat message keeps the public partner list, a partnership write ends it', async () => {
	const anon = srv.client();
	const first = await get(anon, '/partner-cities');
	assert.ok(['hit', 'miss'].includes(cached(first)), 'a cached route says where its reply came from');
	const before = await kept(anon, '/partner-cities');
	assert.equal(before.text, first.text);

	/* a meeting, its room going live and a chat message: none of it is the partner list */
	const id = await meeting(c.staff, [await cityId(srv, 'Minsk')]);
	const host = await joinRoom(srv, c.staff, id);
	assert.equal(host.joined.type, 'room.joined', JSON.stringify(host.joined));
	host.send({ type: 'chat', meeting: id, text: 'cache check' });
	assert.equal((await host.next((m) => m.type === 'event' && m.event === 'chat')).data.text, 'cache check');
	const still = await get(anon, '/partner-cities');
	assert.equal(cached(still), 'hit', 'the room\'s writes left the partner list kept');
	assert.equal(still.text, before.text);
	await host.close();

	/* a partnership's note is read by the list's query: the next reply is made anew */
	const p = assertJson(await c.staff.api('GET', '/partnerships?limit=1'), 200).items[0];
	assertJson(await c.staff.api('PATCH', `/partnerships/${p.id}`, { body: { note_en: `kept ${Date.now()}` } }), 200);
	assert.equal(cached(await get(anon, '/partner-cities')), 'miss');
	await kept(anon, '/partner-cities');
});

test('a write by another process on the same file ends the replies that read it', async () => {
	const anon = srv.client();
	const before = await kept(anon, '/partner-cities?limit=100');
	const city = before.json.items[0].city_a;
	/* Python's sqlite3 module: no pobratim code on that side at all */
	const r = spawnSync('python3', ['-c', 'import sqlite3, sys\n'
		+ 'c = sqlite3.connect(sys.argv[1], timeout=10)\n'
		+ 'c.execute("UPDATE cities SET population = population + 1 WHERE id = ?", (int(sys.argv[2]),))\n'
		+ 'c.commit()', srv.db, String(city.id)], { encoding: 'utf8' });
	assert.equal(r.status, 0, r.stderr);
	await waitFor(async () => (await get(anon, '/partner-cities?limit=100')).json.items[0].city_a.population ===
		city.population + 1, 'the kept reply outlived the other process\' write');

	/* pobratim's own command line: a new user is a write to what every signed-in reply read */
	await kept(c.staff, '/partnerships?limit=100');
	const add = runBin(['user', 'add', '--db', srv.db, `cli-${Date.now()}@example.org`, 'Cache Check', 'staff', '1'],
		{ env: { POBRATIM_PASSWORD: 'a-long-enough-password' } });
	assert.equal(add.status, 0, add.stderr);
	await waitFor(async () => cached(await get(c.staff, '/partnerships?limit=100')) === 'miss',
		'the command line\'s write left the staff\'s kept reply');
});
