// Who may call what: every route of the contract, anonymous and each demo role.
// Anonymous -> 401 unauthenticated on every non-public route; a signed-in
// role not allowed -> 403 forbidden (with a valid CSRF token, so the refusal
// is the role's). Refused writes must change nothing.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { ROUTES, allowed } from './lib/routes.mjs';
import { DEMO, allPages, assertJson, assertProblem, startServer } from './lib/server.mjs';

let srv;
// the smallest valid PNG: 1x1, one grey pixel
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNgAAAAAgABSK+kcQAAAABJRU5ErkJggg==', 'base64');
const clients = {};
let orgId;
let victim;	/* the correspondent's user record: target of refused user writes */
let city;
let bulletinId;	/* a published demo bulletin */
let aidId;	/* an aid post of the correspondent */
let pngName;	/* an uploaded image */

before(async () => {
	srv = await startServer();
	for (const role of ['admin', 'staff', 'partner', 'correspondent']) {
		clients[role] = srv.client();
		await clients[role].signIn(DEMO[role]);
	}
	victim = clients.correspondent.user;
	orgId = victim.organization.id;
	city = assertJson(await srv.api('GET', '/cities?q=Minsk&limit=1'), 200).items[0];
	bulletinId = assertJson(await srv.api('GET', '/bulletins?limit=1'), 200).items[0].id;
	aidId = assertJson(await clients.correspondent.api('POST', '/aid', { body: { kind: 'request',
		category: 'information', lang: 'en', title: 'Roles test', body: 'A post for the role checks.',
		country_code: 'IT', contact: 'roles@example.org' } }), 201).id;
	pngName = assertJson(await clients.correspondent.api('POST', '/files', { body: PNG,
		headers: { 'Content-Type': 'image/png' } }), 201).url.split('/').pop();
});

after(async () => {
	await srv?.stop();
});

function concrete(path) {
	return path.replace('/organizations/{id}', `/organizations/${orgId}`).replace('/users/{id}', `/users/${victim.id}`)
	    .replace('/cities/{id}', `/cities/${city.id}`)
	    .replace('/bulletins/{id}', `/bulletins/${bulletinId}`).replace('/aid/{id}', `/aid/${aidId}`)
	    .replace(/^\/search$/, '/search?q=Moscow').replace('/files/{name}', `/files/${pngName}`)
	    .replace('{id}', '1');
}

function bodyFor(route) {
	switch (`${route.method} ${route.path}`) {
	case 'POST /session': return { email: DEMO.staff, password: 'demo-password' };
	case 'PATCH /me': return { locale: 'en' };
	case 'POST /organizations': return { kind: 'ngo', name_ru: 'Захват', name_en: 'Hijack', city_id: city.id };
	case 'PATCH /organizations/{id}': return { name_en: 'Hijacked' };
	case 'POST /users': return { email: 'intruder@example.org', name: 'Intruder', password: 'intruder-password',
		role: 'admin', organization_id: orgId };
	case 'PATCH /users/{id}': return { role: 'admin' };
	default: return undefined;
	}
}

const protectedRoutes = ROUTES.filter((r) => !r.roles.includes('public'));
const adminRoutes = ROUTES.filter((r) => r.roles.length === 1 && r.roles[0] === 'admin');
/* reads of one meeting and of its recordings depend on who takes part: tests/api/meetings.test.mjs,
 * tests/api/recordings.test.mjs */
const signedInReads = ROUTES.filter((x) => x.roles.includes('signed-in') && x.method === 'GET' &&
    !x.path.includes('/meetings/{id}') && !x.path.startsWith('/recordings/{id}'));
// Routes some signed-in roles may call and others may not (the registry's).
const roleRoutes = ROUTES.filter((r) => !r.roles.includes('public') && !r.roles.includes('signed-in'));

test('the route list has the admin routes of the contract', () => {
	assert.deepEqual(adminRoutes.map((r) => `${r.method} ${r.path}`).sort(), [
		'DELETE /organizations/{id}', 'DELETE /users/{id}', 'GET /mail/outbox', 'GET /users', 'GET /users/{id}',
		'PATCH /users/{id}', 'POST /mail/outbox/{id}/discard', 'POST /mail/outbox/{id}/retry', 'POST /users',
		'POST /users/{id}/email-verification',
	]);
});

test('anonymous: 401 unauthenticated on every route that is not public', async () => {
	for (const r of protectedRoutes) {
		const res = await srv.api(r.method, concrete(r.path), { body: bodyFor(r) });
		assertProblem(res, 401, 'unauthenticated', `anonymous ${r.method} ${r.path}`);
	}
});

test('anonymous: public routes answer', async () => {
	/* a calendar feed answers only to its secret token: tests/api/meetings.test.mjs;
	 * a published event by its id: tests/api/cooperation.test.mjs */
	for (const r of ROUTES.filter((x) => x.roles.includes('public') && x.method === 'GET' &&
	    !x.path.includes('{token}') && x.path !== '/events/{id}')) {
		const res = await srv.api('GET', concrete(r.path).replace('{id}', String(city.id)));
		assert.equal(res.status, 200, `anonymous GET ${r.path} -> ${res.status}`);
	}
});

for (const role of ['staff', 'partner', 'correspondent']) {
	test(`${role}: 403 forbidden on every admin route and every route its role may not call`, async () => {
		const c = clients[role];
		for (const r of roleRoutes.filter((x) => !allowed(x, role))) {
			const res = await c.api(r.method, concrete(r.path), { body: bodyFor(r) });
			assertProblem(res, 403, 'forbidden', `${role} ${r.method} ${r.path}`);
		}
		for (const r of adminRoutes)
			assert.ok(!allowed(r, role));
		// still signed in: refusals do not end the session
		assertJson(await c.api('GET', '/me'), 200, `${role} GET /me`);
	});

	test(`${role}: the signed-in reads answer 200`, async () => {
		const c = clients[role];
		for (const r of signedInReads) {
			const res = await c.api('GET', concrete(r.path));
			assertJson(res, 200, `${role} GET ${r.path}`);
		}
	});
}

test('admin: every admin read answers 200', async () => {
	const a = clients.admin;
	for (const r of adminRoutes.filter((x) => x.method === 'GET'))
		assertJson(await a.api('GET', concrete(r.path)), 200, `admin GET ${r.path}`);
	for (const r of signedInReads)
		assertJson(await a.api('GET', concrete(r.path)), 200, `admin GET ${r.path}`);
});

test('refused writes changed nothing', async () => {
	const a = clients.admin;
	const org = assertJson(await a.api('GET', `/organizations/${orgId}`), 200);
	assert.notEqual(org.name_en, 'Hijacked');
	const u = assertJson(await a.api('GET', `/users/${victim.id}`), 200);
	assert.equal(u.role, 'correspondent');
	assert.equal(u.disabled, false);
	const users = await allPages(a, '/users');
	assert.equal(users.find((x) => x.email === 'intruder@example.org'), undefined, 'no intruder account');
	const orgs = await allPages(a, '/organizations');
	assert.equal(orgs.find((x) => x.name_en === 'Hijack'), undefined, 'no hijack organization');
	assert.ok(orgs.length >= 4);
	// the intruder cannot sign in
	assertProblem(await srv.client().login('intruder@example.org', 'intruder-password'), 401, 'invalid_credentials');
});
