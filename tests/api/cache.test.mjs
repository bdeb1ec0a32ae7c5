// Replies kept by the server (src/api/cache.c, routes marked CACHED): a kept
// reply serves only the caller it was made for, no write is ever hidden by
// one, and the caller is checked before a kept reply is looked at.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { DEMO, assertJson, assertProblem, startServer, signInAll } from './lib/server.mjs';

let srv;
const c = {};

before(async () => {
	srv = await startServer();
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
