// Admin CRUD of organizations and users; the organization list for signed-in users.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { DEMO, RFC3339_UTC, allPages, assertJson, assertProblem, pick, startServer } from './lib/server.mjs';

let srv;
let admin;
let minsk;
let harbin;

const ORG_KEYS = ['city', 'created_at', 'id', 'kind', 'name_en', 'name_ru', 'short_en', 'short_ru', 'updated_at',
	'user_count', 'website'];
const ORG_CITY_KEYS = ['country_code', 'country_name_en', 'country_name_ru', 'id', 'name_en', 'name_ru'];
const USER_KEYS = ['created_at', 'disabled', 'email', 'id', 'locale', 'name', 'organization', 'role'];

before(async () => {
	srv = await startServer();
	admin = srv.client();
	await admin.signIn(DEMO.admin);
	minsk = assertJson(await srv.api('GET', `/cities?q=${encodeURIComponent('Минск')}&country=BY&limit=1`), 200).items[0];
	harbin = assertJson(await srv.api('GET', '/cities?q=harbin&country=CN&limit=1'), 200).items[0];
	assert.equal(minsk.name_en, 'Minsk');
	assert.equal(harbin.name_en, 'Harbin');
});

after(async () => {
	await srv?.stop();
});

function errorFields(body) {
	return body.errors.map((e) => e.field);
}

test('GET /organizations: the demo organizations, with the contract fields', async () => {
	const orgs = await allPages(admin, '/organizations');
	assert.ok(orgs.length >= 4, `${orgs.length} organizations`);
	for (const o of orgs) {
		pick(o, ORG_KEYS, 'organization');
		pick(o.city, ORG_CITY_KEYS, 'organization.city');
		assert.match(o.created_at, RFC3339_UTC);
		assert.match(o.updated_at, RFC3339_UTC);
		assert.ok(['city_administration', 'department', 'compatriot_organization', 'media', 'ngo', 'business',
			'chamber_of_commerce', 'university', 'clinic', 'other'].includes(o.kind), o.kind);
		assert.ok(Number.isInteger(o.user_count) && o.user_count >= 0);
	}
	// user_count agrees with the users
	const users = await allPages(admin, '/users');
	for (const o of orgs)
		assert.equal(o.user_count, users.filter((u) => u.organization?.id === o.id).length, `user_count of ${o.name_en}`);
	const staffOrg = orgs.find((o) => o.id === users.find((u) => u.email === DEMO.staff).organization.id);
	assert.equal(staffOrg.city.name_en, 'Moscow');
	const partnerOrg = orgs.find((o) => o.id === users.find((u) => u.email === DEMO.partner).organization.id);
	assert.equal(partnerOrg.city.name_en, 'Minsk');
	assert.equal(partnerOrg.city.country_name_ru, 'Беларусь');
});

test('GET /organizations: q, kind and city_id filters; paging', async () => {
	const all = await allPages(admin, '/organizations');
	const p = all.find((o) => o.city.name_en === 'Minsk');
	assert.ok(p);
	const byCity = await allPages(admin, `/organizations?city_id=${p.city.id}`);
	assert.ok(byCity.some((o) => o.id === p.id));
	for (const o of byCity)
		assert.equal(o.city.id, p.city.id);
	const byKind = await allPages(admin, `/organizations?kind=${p.kind}`);
	assert.ok(byKind.some((o) => o.id === p.id));
	for (const o of byKind)
		assert.equal(o.kind, p.kind);
	assert.equal(byKind.length, all.filter((o) => o.kind === p.kind).length);
	const word = p.name_en.split(/\s+/).find((w) => w.length >= 4);
	const byQ = await allPages(admin, `/organizations?q=${encodeURIComponent(word)}`);
	assert.ok(byQ.some((o) => o.id === p.id), `q=${word}`);
	assert.ok(byQ.length < all.length, `q=${word} filters something out`);
	const none = assertJson(await admin.api('GET', `/organizations?q=${encodeURIComponent('Щщщщщ')}`), 200);
	assert.deepEqual(none, { items: [], next_cursor: null });

	const one = assertJson(await admin.api('GET', '/organizations?limit=1'), 200);
	assert.equal(one.items.length, 1);
	assert.equal(typeof one.next_cursor, 'string');
	const two = assertJson(await admin.api('GET', `/organizations?limit=1&cursor=${encodeURIComponent(one.next_cursor)}`), 200);
	assert.equal(two.items.length, 1);
	assert.notEqual(two.items[0].id, one.items[0].id);
	const paged = await allPages(admin, '/organizations', 1);
	assert.deepEqual(paged.map((o) => o.id), all.map((o) => o.id), 'limit=1 walk = one big page');

	assertProblem(await admin.api('GET', '/organizations?limit=0'), 400, 'validation_failed', 'limit=0');
	assertProblem(await admin.api('GET', '/organizations?limit=1000'), 400, 'validation_failed', 'limit=1000');
	assertProblem(await admin.api('GET', '/organizations?cursor=garbage'), 400, 'validation_failed', 'bad cursor');
	// a partner may read organizations too
	const partner = srv.client();
	await partner.signIn(DEMO.partner);
	assert.deepEqual((await allPages(partner, '/organizations')).map((o) => o.id), all.map((o) => o.id));
});

test('organizations: create, read, patch, delete', async () => {
	const body = {
		kind: 'ngo', name_ru: 'Русский дом в Минске (тест)', name_en: 'Russian House in Minsk (test)',
		short_ru: 'РДМ', short_en: 'RHM', website: 'https://example.org/rhm', city_id: minsk.id,
	};
	const r = await admin.api('POST', '/organizations', { body });
	const org = assertJson(r, 201, 'POST /organizations');
	pick(org, ORG_KEYS, 'created organization');
	assert.ok(Number.isInteger(org.id) && org.id > 0);
	for (const k of ['kind', 'name_ru', 'name_en', 'short_ru', 'short_en', 'website'])
		assert.equal(org[k], body[k], k);
	assert.deepEqual(pick(org.city, ORG_CITY_KEYS, 'organization.city'), {
		id: minsk.id, name_ru: 'Минск', name_en: 'Minsk', country_code: 'BY',
		country_name_ru: 'Беларусь', country_name_en: 'Belarus',
	});
	assert.equal(org.user_count, 0);
	assert.match(org.created_at, RFC3339_UTC);
	assert.ok(Math.abs(Date.parse(org.created_at) - Date.now()) < 120000, `created_at ${org.created_at}`);

	assert.deepEqual(assertJson(await admin.api('GET', `/organizations/${org.id}`), 200), org);
	const listed = await allPages(admin, `/organizations?city_id=${minsk.id}`);
	assert.ok(listed.some((o) => o.id === org.id));

	await new Promise((resolve) => setTimeout(resolve, 1100));	/* so updated_at can move */
	const patched = assertJson(await admin.api('PATCH', `/organizations/${org.id}`,
	    { body: { name_en: 'Russian House in Harbin (test)', city_id: harbin.id, short_en: null } }), 200, 'PATCH');
	assert.equal(patched.name_en, 'Russian House in Harbin (test)');
	assert.equal(patched.name_ru, body.name_ru, 'untouched field kept');
	assert.equal(patched.short_en, null);
	assert.equal(patched.city.name_en, 'Harbin');
	assert.equal(patched.city.country_code, 'CN');
	assert.equal(patched.created_at, org.created_at);
	assert.ok(Date.parse(patched.updated_at) > Date.parse(org.updated_at), `updated_at ${org.updated_at} -> ${patched.updated_at}`);
	assert.deepEqual(assertJson(await admin.api('GET', `/organizations/${org.id}`), 200), patched);

	const del = await admin.api('DELETE', `/organizations/${org.id}`);
	assert.equal(del.status, 204, `DELETE -> ${del.status} ${del.text}`);
	assert.equal(del.text, '');
	assertProblem(await admin.api('GET', `/organizations/${org.id}`), 404, 'not_found', 'GET deleted');
	assertProblem(await admin.api('DELETE', `/organizations/${org.id}`), 404, 'not_found', 'DELETE deleted');
	assertProblem(await admin.api('PATCH', `/organizations/${org.id}`, { body: { name_en: 'x' } }), 404, 'not_found');
});

test('organizations: validation errors name the fields', async () => {
	const empty = assertProblem(await admin.api('POST', '/organizations', { body: {} }), 400, 'validation_failed', 'POST {}');
	for (const f of ['kind', 'name_ru', 'name_en', 'city_id'])
		assert.ok(errorFields(empty).includes(f), `missing ${f} not reported: ${JSON.stringify(empty.errors)}`);
	const bad = assertProblem(await admin.api('POST', '/organizations', {
		body: { kind: 'spaceship', name_ru: 'Тест', name_en: 'Test', city_id: minsk.id },
	}), 400, 'validation_failed', 'bad kind');
	assert.deepEqual(errorFields(bad), ['kind'], 'only the bad field is reported');
	const city = assertProblem(await admin.api('POST', '/organizations', {
		body: { kind: 'ngo', name_ru: 'Тест', name_en: 'Test', city_id: 999999999 },
	}), 400, 'validation_failed', 'unknown city');
	assert.deepEqual(errorFields(city), ['city_id']);
	const typed = assertProblem(await admin.api('POST', '/organizations', {
		body: { kind: 'ngo', name_ru: 5, name_en: 'Test', city_id: 'Minsk' },
	}), 400, 'validation_failed', 'wrong types');
	assert.ok(errorFields(typed).includes('name_ru') && errorFields(typed).includes('city_id'), JSON.stringify(typed.errors));
	const all = await allPages(admin, '/organizations');
	assert.equal(all.filter((o) => o.name_en === 'Test').length, 0, 'nothing created');
	const some = all[0];
	const p = assertProblem(await admin.api('PATCH', `/organizations/${some.id}`, { body: { kind: 'spaceship' } }),
	    400, 'validation_failed', 'PATCH bad kind');
	assert.ok(errorFields(p).includes('kind'));
	assertProblem(await admin.api('PATCH', '/organizations/999999999', { body: { name_en: 'x' } }), 404, 'not_found');
	assertProblem(await admin.api('GET', '/organizations/999999999'), 404, 'not_found');
});

test('users: create, duplicate email, read, patch, sign in, disable, delete', async () => {
	const org = assertJson(await admin.api('POST', '/organizations', {
		body: { kind: 'city_administration', name_ru: 'Мэрия (тест)', name_en: 'City Hall (test)', city_id: harbin.id },
	}), 201);
	const body = { email: 'new.partner@example.org', name: 'Ли Тест', password: 'long-enough-1', role: 'partner',
		organization_id: org.id, locale: 'en' };
	const u = assertJson(await admin.api('POST', '/users', { body }), 201, 'POST /users');
	pick(u, USER_KEYS, 'created user');
	assert.deepEqual([u.email, u.name, u.role, u.locale, u.disabled], [body.email, body.name, 'partner', 'en', false]);
	assert.deepEqual(pick(u.organization, ['id', 'name_ru', 'name_en'], 'user.organization'),
	    { id: org.id, name_ru: org.name_ru, name_en: org.name_en });
	assert.deepEqual(pick(u.organization.city, ['id', 'name_ru', 'name_en', 'country_code'], 'user.organization.city'),
	    { id: harbin.id, name_ru: 'Харбин', name_en: 'Harbin', country_code: 'CN' });
	assert.match(u.created_at, RFC3339_UTC);
	assert.deepEqual(assertJson(await admin.api('GET', `/users/${u.id}`), 200), u);
	assert.equal(assertJson(await admin.api('GET', `/organizations/${org.id}`), 200).user_count, 1);

	const dup = await admin.api('POST', '/users', { body: { ...body, name: 'Другой' } });
	assertProblem(dup, 409, 'conflict', 'duplicate email');
	assert.equal((await allPages(admin, '/users')).filter((x) => x.email === body.email).length, 1);

	// the new user signs in
	const c = srv.client();
	const login = assertJson(await c.login(body.email, body.password), 200, 'new user signs in');
	assert.deepEqual(login.user, u);

	// patch
	const p = assertJson(await admin.api('PATCH', `/users/${u.id}`,
	    { body: { name: 'Ли Новый', role: 'correspondent', locale: 'ru' } }), 200, 'PATCH /users/{id}');
	assert.deepEqual([p.name, p.role, p.locale, p.email, p.id], ['Ли Новый', 'correspondent', 'ru', body.email, u.id]);
	assert.deepEqual(assertJson(await admin.api('GET', `/users/${u.id}`), 200), p);
	assert.equal(assertJson(await c.api('GET', '/me'), 200).user.role, 'correspondent', 'the session sees the new role');

	// new password: the old one stops working
	assertJson(await admin.api('PATCH', `/users/${u.id}`, { body: { password: 'another-long-pw' } }), 200);
	assertProblem(await srv.client().login(body.email, body.password), 401, 'invalid_credentials', 'old password');
	assertJson(await srv.client().login(body.email, 'another-long-pw'), 200, 'new password');

	// disabled users cannot sign in
	const d = assertJson(await admin.api('PATCH', `/users/${u.id}`, { body: { disabled: true } }), 200);
	assert.equal(d.disabled, true);
	const refused = await srv.client().login(body.email, 'another-long-pw');
	assert.ok([401, 403].includes(refused.status), `disabled user login -> ${refused.status} ${refused.text}`);
	assert.match(refused.headers['content-type'], /^application\/problem\+json/);

	// an organization with users cannot be deleted
	assertProblem(await admin.api('DELETE', `/organizations/${org.id}`), 409, 'conflict', 'DELETE org with users');
	assertJson(await admin.api('GET', `/organizations/${org.id}`), 200, 'still there');

	const del = await admin.api('DELETE', `/users/${u.id}`);
	assert.equal(del.status, 204, `DELETE /users/{id} -> ${del.status} ${del.text}`);
	assertProblem(await admin.api('GET', `/users/${u.id}`), 404, 'not_found', 'GET deleted user');
	assertProblem(await admin.api('DELETE', `/users/${u.id}`), 404, 'not_found', 'DELETE deleted user');
	assertProblem(await c.api('GET', '/me'), 401, 'unauthenticated', "a deleted user's session ends");
	assert.equal(assertJson(await admin.api('GET', `/organizations/${org.id}`), 200).user_count, 0);
	assert.equal((await admin.api('DELETE', `/organizations/${org.id}`)).status, 204, 'empty organization deleted');

	// the email is free again
	const again = assertJson(await admin.api('POST', '/users', { body: { ...body, organization_id:
		(await allPages(admin, '/organizations'))[0].id } }), 201, 'recreate');
	assert.equal((await admin.api('DELETE', `/users/${again.id}`)).status, 204);
});

test('users: validation errors name the fields', async () => {
	const empty = assertProblem(await admin.api('POST', '/users', { body: {} }), 400, 'validation_failed', 'POST {}');
	for (const f of ['email', 'name', 'password', 'role', 'organization_id'])
		assert.ok(errorFields(empty).includes(f), `missing ${f} not reported: ${JSON.stringify(empty.errors)}`);
	assert.equal(empty.errors.find((e) => e.field === 'email').code, 'required');
	assert.ok(!errorFields(empty).includes('locale'), 'locale is optional');

	const orgId = admin.user.organization?.id ?? (await allPages(admin, '/organizations'))[0].id;
	const bad = assertProblem(await admin.api('POST', '/users', {
		body: { email: 'not-an-email', name: 'X', password: 'short', role: 'emperor', organization_id: orgId, locale: 'fr' },
	}), 400, 'validation_failed', 'bad values');
	for (const f of ['email', 'password', 'role', 'locale'])
		assert.ok(errorFields(bad).includes(f), `bad ${f} not reported: ${JSON.stringify(bad.errors)}`);
	assert.ok(!errorFields(bad).includes('name'));
	const nine = assertProblem(await admin.api('POST', '/users', {
		body: { email: 'nine@example.org', name: 'Nine', password: '123456789', role: 'staff', organization_id: orgId },
	}), 400, 'validation_failed', '9-character password');
	assert.deepEqual(errorFields(nine), ['password']);
	const org404 = assertProblem(await admin.api('POST', '/users', {
		body: { email: 'noorg@example.org', name: 'No Org', password: 'long-enough-1', role: 'staff', organization_id: 999999999 },
	}), 400, 'validation_failed', 'unknown organization');
	assert.deepEqual(errorFields(org404), ['organization_id']);
	const users = await allPages(admin, '/users');
	assert.equal(users.filter((u) => ['nine@example.org', 'noorg@example.org', 'not-an-email'].includes(u.email)).length, 0);
	const staff = users.find((u) => u.email === DEMO.staff);
	const p = assertProblem(await admin.api('PATCH', `/users/${staff.id}`, { body: { role: 'emperor', password: 'short' } }),
	    400, 'validation_failed', 'PATCH bad role');
	assert.ok(errorFields(p).includes('role') && errorFields(p).includes('password'), JSON.stringify(p.errors));
	assert.equal(assertJson(await admin.api('GET', `/users/${staff.id}`), 200).role, 'staff', 'nothing changed');
	assertProblem(await admin.api('PATCH', '/users/999999999', { body: { name: 'x' } }), 404, 'not_found');
	assertProblem(await admin.api('GET', '/users/999999999'), 404, 'not_found');
});

test('users: list, q and role filters, paging', async () => {
	const all = await allPages(admin, '/users');
	assert.ok(all.length >= 4);
	for (const role of ['admin', 'staff', 'partner', 'correspondent']) {
		const u = all.find((x) => x.email === DEMO[role]);
		assert.ok(u, `${DEMO[role]} listed`);
		assert.equal(u.role, role);
		pick(u, USER_KEYS, 'listed user');
		const byRole = await allPages(admin, `/users?role=${role}`);
		assert.ok(byRole.some((x) => x.id === u.id));
		assert.deepEqual(byRole.map((x) => x.id), all.filter((x) => x.role === role).map((x) => x.id), `role=${role}`);
	}
	const q = await allPages(admin, '/users?q=harbin');
	assert.ok(q.some((x) => x.email === 'partner.harbin@pobratim.demo'), `q=harbin: ${q.map((x) => x.email)}`);
	for (const x of q)
		assert.match(`${x.email} ${x.name}`, /harbin/i, `q=harbin matched ${x.email}`);
	assert.ok(q.length < all.length);
	const one = assertJson(await admin.api('GET', '/users?limit=1'), 200);
	assert.equal(one.items.length, 1);
	assert.deepEqual((await allPages(admin, '/users', 1)).map((x) => x.id), all.map((x) => x.id));
	assertProblem(await admin.api('GET', '/users?limit=201'), 400, 'validation_failed', 'limit=201');
	assertProblem(await admin.api('GET', `/users?cursor=${encodeURIComponent('garbage!')}`), 400, 'validation_failed', 'bad cursor');
	assert.doesNotMatch(JSON.stringify(all), /password|hash|salt/i, 'no secrets in the list');
});

test('an admin cannot delete themself', async () => {
	const me = assertJson(await admin.api('GET', '/me'), 200).user;
	assertProblem(await admin.api('DELETE', `/users/${me.id}`), 409, 'conflict', 'admin deletes self');
	assertJson(await admin.api('GET', '/me'), 200, 'still signed in');
	assertJson(await admin.api('GET', `/users/${me.id}`), 200, 'still exists');
});

test('deleting a demo organization with users -> 409 conflict', async () => {
	const users = await allPages(admin, '/users');
	const orgId = users.find((u) => u.email === DEMO.staff).organization.id;
	assertProblem(await admin.api('DELETE', `/organizations/${orgId}`), 409, 'conflict', 'DELETE ДВМС');
	assertJson(await admin.api('GET', `/organizations/${orgId}`), 200);
	const s = srv.client();
	await s.signIn(DEMO.staff);
	assert.equal(assertJson(await s.api('GET', '/dashboard'), 200).home.id, orgId);
});
