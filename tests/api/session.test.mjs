// Sign in and out, GET/PATCH /me, CSRF, the dashboard.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import {
	DEMO, DEMO_PASSWORD, RFC3339_UTC, allPages, assertJson, assertProblem, pick, setCookie, startServer,
} from './lib/server.mjs';

let srv;

before(async () => {
	srv = await startServer();
});

after(async () => {
	await srv?.stop();
});

const USER_KEYS = ['created_at', 'disabled', 'email', 'id', 'locale', 'name', 'organization', 'role'];

function checkUser(u, email, role) {
	pick(u, USER_KEYS, 'user');
	assert.doesNotMatch(Object.keys(u).join(' '), /pass|hash|salt|secret|token/i, 'no secrets in the user');
	assert.ok(Number.isInteger(u.id) && u.id > 0, 'user.id');
	assert.equal(u.email, email);
	assert.equal(u.role, role);
	assert.ok(['ru', 'en'].includes(u.locale), `locale ${u.locale}`);
	assert.equal(typeof u.name, 'string');
	assert.ok(u.name.length > 0);
	assert.equal(u.disabled, false);
	assert.match(u.created_at, RFC3339_UTC);
	if (u.organization !== null) {
		pick(u.organization, ['city', 'id', 'name_en', 'name_ru'], 'user.organization');
		pick(u.organization.city, ['country_code', 'id', 'name_en', 'name_ru'], 'user.organization.city');
	}
}

test('POST /session: 200 with user, csrf_token and a HttpOnly SameSite=Lax Path=/ cookie', async () => {
	const c = srv.client();
	const r = await c.login(DEMO.staff);
	const body = assertJson(r, 200, 'login staff');
	assert.deepEqual(Object.keys(body).sort(), ['csrf_token', 'user']);
	checkUser(body.user, DEMO.staff, 'staff');
	assert.equal(body.user.organization.city.name_en, 'Moscow');
	assert.equal(typeof body.csrf_token, 'string');
	assert.ok(body.csrf_token.length >= 16, `csrf_token too short: ${body.csrf_token}`);
	assert.doesNotMatch(r.text, /password|hash|salt/i, 'no secrets in the reply');

	const ck = setCookie(r, 'pobratim_session');
	assert.ok(ck, `Set-Cookie pobratim_session: ${JSON.stringify(r.headers['set-cookie'])}`);
	assert.ok(ck.value.length >= 16, `session id too short: ${ck.value}`);
	assert.equal(ck.attrs.httponly, true, `HttpOnly: ${ck.line}`);
	assert.equal(String(ck.attrs.samesite).toLowerCase(), 'lax', `SameSite=Lax: ${ck.line}`);
	assert.equal(ck.attrs.path, '/', `Path=/: ${ck.line}`);
	assert.notEqual(ck.value, body.csrf_token, 'the CSRF token is not the session id');

	// a second sign-in gets a different session and token
	const c2 = srv.client();
	await c2.signIn(DEMO.staff);
	assert.notEqual(c2.cookie, c.cookie);
	assert.notEqual(c2.csrf, c.csrf);
});

test('POST /session: every demo role signs in', async () => {
	for (const role of ['admin', 'staff', 'partner', 'correspondent']) {
		const c = srv.client();
		const r = await c.login(DEMO[role]);
		checkUser(assertJson(r, 200, `login ${role}`).user, DEMO[role], role);
	}
});

test('bad password and unknown email get the same 401 invalid_credentials', async () => {
	const bad = await srv.api('POST', '/session', { body: { email: DEMO.partner, password: 'not-the-password' } });
	const body = assertProblem(bad, 401, 'invalid_credentials', 'bad password');
	assert.equal(setCookie(bad, 'pobratim_session')?.value || '', '', 'no session cookie on failure');
	const unknown = await srv.api('POST', '/session', { body: { email: 'nobody@pobratim.demo', password: 'not-the-password' } });
	assertProblem(unknown, 401, 'invalid_credentials', 'unknown email');
	assert.equal(setCookie(unknown, 'pobratim_session')?.value || '', '');
	assert.deepEqual(unknown.json, body, 'same body for a bad password and an unknown email');
	assert.equal(unknown.headers['content-type'], bad.headers['content-type']);
	// an empty password is no password
	const empty = await srv.api('POST', '/session', { body: { email: DEMO.partner, password: '' } });
	assert.ok([400, 401].includes(empty.status), `empty password -> ${empty.status}`);
	assert.equal(setCookie(empty, 'pobratim_session')?.value || '', '');
});

test('GET /me: 401 without a session, the user and a token with one', async () => {
	assertProblem(await srv.api('GET', '/me'), 401, 'unauthenticated', 'GET /me anonymous');
	const c = srv.client();
	assertProblem(await c.api('GET', '/me', { cookie: 'x'.repeat(43) }), 401, 'unauthenticated', 'GET /me forged cookie');
	assertProblem(await c.api('GET', '/me', { cookie: '' }), 401, 'unauthenticated', 'GET /me empty cookie');
	const login = assertJson(await c.login(DEMO.correspondent), 200);
	const me = assertJson(await c.api('GET', '/me'), 200, 'GET /me');
	assert.deepEqual(Object.keys(me).sort(), ['csrf_token', 'user']);
	assert.deepEqual(me.user, login.user);
	assert.equal(typeof me.csrf_token, 'string');
	assert.ok(me.csrf_token.length >= 16);
	assert.equal(me.user.organization.city.country_code, 'IT');
	// the token of GET /me is accepted for unsafe methods
	const p = await c.api('PATCH', '/me', { body: { locale: me.user.locale }, csrf: me.csrf_token });
	assertJson(p, 200, 'PATCH /me with the token of GET /me');
});

test('DELETE /session: needs the CSRF token, then 204, clears the cookie and ends the session', async () => {
	const c = srv.client();
	await c.signIn(DEMO.partner);
	const other = srv.client();
	await other.signIn(DEMO.partner);

	assertProblem(await c.api('DELETE', '/session', { csrf: false }), 403, 'csrf_failed', 'logout without token');
	assertJson(await c.api('GET', '/me'), 200, 'still signed in after a refused logout');

	const r = await c.api('DELETE', '/session');
	assert.equal(r.status, 204, `logout -> ${r.status} ${r.text}`);
	assert.equal(r.text, '');
	const ck = setCookie(r, 'pobratim_session');
	assert.ok(ck, `logout clears the cookie: ${JSON.stringify(r.headers['set-cookie'])}`);
	const cleared = ck.value === '' || ck.attrs['max-age'] === '0' ||
	    (ck.attrs.expires && Date.parse(ck.attrs.expires) < Date.now());
	assert.ok(cleared, `cookie not cleared: ${ck.line}`);

	// the old cookie no longer works
	assertProblem(await c.api('GET', '/me'), 401, 'unauthenticated', 'GET /me after logout');
	assertProblem(await c.api('DELETE', '/session'), 401, 'unauthenticated', 'logout twice');
	assertProblem(await c.api('PATCH', '/me', { body: { locale: 'en' } }), 401, 'unauthenticated', 'PATCH after logout');
	// another session of the same user lives on
	assertJson(await other.api('GET', '/me'), 200, 'the other session');
	assertProblem(await srv.api('DELETE', '/session'), 401, 'unauthenticated', 'anonymous logout');
});

test('CSRF: unsafe methods with the cookie need the right X-CSRF-Token', async () => {
	const c = srv.client();
	await c.signIn(DEMO.staff);
	const other = srv.client();
	await other.signIn(DEMO.staff);
	const before = assertJson(await c.api('GET', '/me'), 200).user;
	const target = before.locale === 'en' ? 'ru' : 'en';

	for (const [what, csrf] of [['no token', false], ['wrong token', 'wrong-token'], ['empty token', ''],
		["another session's token", other.csrf], ['token with a suffix', `${c.csrf}x`]]) {
		const r = await c.api('PATCH', '/me', { body: { locale: target }, csrf });
		assertProblem(r, 403, 'csrf_failed', `PATCH /me, ${what}`);
	}
	assert.equal(assertJson(await c.api('GET', '/me'), 200).user.locale, before.locale, 'refused PATCH changed nothing');

	const ok = await c.api('PATCH', '/me', { body: { locale: target } });
	assert.equal(assertJson(ok, 200, 'PATCH /me with the token').user.locale, target);
	assertJson(await c.api('PATCH', '/me', { body: { locale: before.locale } }), 200);
});

test('CSRF: admin POST and DELETE without the token are refused and change nothing', async () => {
	const a = srv.client();
	await a.signIn(DEMO.admin);
	const orgsBefore = (await allPages(a, '/organizations')).length;
	const cities = assertJson(await a.api('GET', '/cities?q=Minsk&limit=1'), 200).items;
	assert.equal(cities.length, 1);
	const r = await a.api('POST', '/organizations', {
		csrf: false,
		body: { kind: 'ngo', name_ru: 'Без токена', name_en: 'No token', city_id: cities[0].id },
	});
	assertProblem(r, 403, 'csrf_failed', 'POST /organizations without token');
	assert.equal((await allPages(a, '/organizations')).length, orgsBefore, 'no organization created');

	const users = await allPages(a, '/users');
	const partner = users.find((u) => u.email === DEMO.partner);
	assertProblem(await a.api('DELETE', `/users/${partner.id}`, { csrf: 'nope' }), 403, 'csrf_failed',
	    'DELETE /users/{id} wrong token');
	assertJson(await a.api('GET', `/users/${partner.id}`), 200, 'the user still exists');
});

test('CSRF: a cross-site Origin on an unsafe method -> 403, a same-origin one is fine', async () => {
	const c = srv.client();
	await c.signIn(DEMO.staff);
	const me = assertJson(await c.api('GET', '/me'), 200).user;
	for (const origin of ['http://evil.example', 'https://127.0.0.1.evil.example', `http://localhost.evil.example:${srv.port}`]) {
		const r = await c.api('PATCH', '/me', { body: { locale: me.locale }, headers: { Origin: origin } });
		assertProblem(r, 403, 'csrf_failed', `PATCH /me with Origin ${origin}`);
		const login = await srv.api('POST', '/session', {
			body: { email: DEMO.staff, password: DEMO_PASSWORD }, headers: { Origin: origin },
		});
		assertProblem(login, 403, 'csrf_failed', `POST /session with Origin ${origin}`);
		assert.equal(setCookie(login, 'pobratim_session')?.value || '', '');
	}
	const same = await c.api('PATCH', '/me', { body: { locale: me.locale }, headers: { Origin: srv.url } });
	assertJson(same, 200, `PATCH /me with Origin ${srv.url}`);
	// safe methods are not refused for their Origin
	assertJson(await c.api('GET', '/me', { headers: { Origin: 'http://evil.example' } }), 200, 'GET /me cross-site Origin');
});

test('PATCH /me: locale persists across sessions; bad values are refused; role cannot be changed', async () => {
	const c = srv.client();
	await c.signIn(DEMO.partner);
	const start = c.user;
	const target = start.locale === 'en' ? 'ru' : 'en';

	const r = assertJson(await c.api('PATCH', '/me', { body: { locale: target } }), 200, 'PATCH /me locale');
	assert.deepEqual(Object.keys(r), ['user']);
	assert.equal(r.user.locale, target);
	assert.equal(r.user.id, start.id);
	assert.equal(assertJson(await c.api('GET', '/me'), 200).user.locale, target);
	const again = srv.client();
	await again.signIn(DEMO.partner);
	assert.equal(again.user.locale, target, 'a new session sees the new locale');

	const bad = assertProblem(await c.api('PATCH', '/me', { body: { locale: 'fr' } }), 400, 'validation_failed', 'locale fr');
	assert.ok(bad.errors.some((e) => e.field === 'locale'), JSON.stringify(bad.errors));
	const badName = assertProblem(await c.api('PATCH', '/me', { body: { name: '' } }), 400, 'validation_failed', 'empty name');
	assert.ok(badName.errors.some((e) => e.field === 'name'), JSON.stringify(badName.errors));
	const typed = assertProblem(await c.api('PATCH', '/me', { body: { locale: 5 } }), 400, 'validation_failed', 'locale 5');
	assert.ok(typed.errors.some((e) => e.field === 'locale'));
	assert.equal(assertJson(await c.api('GET', '/me'), 200).user.locale, target, 'refused PATCH changed nothing');

	const named = assertJson(await c.api('PATCH', '/me', { body: { name: 'Партнёр Минска' } }), 200);
	assert.equal(named.user.name, 'Партнёр Минска');
	assert.equal(assertJson(await c.api('GET', '/me'), 200).user.name, 'Партнёр Минска');

	// no privilege escalation through /me
	const esc = await c.api('PATCH', '/me', { body: { role: 'admin' } });
	assert.notEqual(esc.status, 500);
	assert.equal(assertJson(await c.api('GET', '/me'), 200).user.role, 'partner', `PATCH /me role -> ${esc.status}`);
	// nor can one disable oneself, or anyone, through it: the body has no such member
	assertProblem(await c.api('PATCH', '/me', { body: { disabled: true } }), 400, 'validation_failed');
	assert.equal(assertJson(await c.api('GET', '/me'), 200).user.name, 'Партнёр Минска', 'still signed in');
	assertJson(await c.api('PATCH', '/me', { body: { locale: start.locale, name: start.name } }), 200);
});

test('GET /dashboard: 401 anonymous', async () => {
	assertProblem(await srv.api('GET', '/dashboard'), 401, 'unauthenticated', 'GET /dashboard anonymous');
});

test('GET /dashboard: counts, organizations by country, home organization', async () => {
	const s = srv.client();
	await s.signIn(DEMO.staff);
	const d = assertJson(await s.api('GET', '/dashboard'), 200, 'dashboard staff');
	assert.deepEqual(Object.keys(d).sort(), ['counts', 'home', 'organizations_by_country']);
	assert.deepEqual(Object.keys(d.counts).sort(), ['cities', 'countries', 'organizations', 'users']);
	for (const [k, v] of Object.entries(d.counts))
		assert.ok(Number.isInteger(v) && v > 0, `counts.${k} = ${v}`);

	// staff's home is Moscow's ДВМС
	assert.equal(d.home.city.name_en, 'Moscow');
	assert.equal(d.home.city.country_code, 'RU');
	assert.ok([d.home.name_ru, d.home.short_ru].some((x) => typeof x === 'string' && x.includes('ДВМС')) ||
	    /внешнеэкономических и международных связей/i.test(d.home.name_ru), `home: ${JSON.stringify(d.home)}`);
	assert.equal(d.home.id, s.user.organization.id);
	assert.ok(d.home.user_count >= 1);

	// the counts agree with the lists
	const countries = assertJson(await srv.api('GET', '/countries'), 200).items;
	assert.equal(d.counts.countries, countries.length, 'counts.countries');
	const orgs = await allPages(s, '/organizations');
	assert.equal(d.counts.organizations, orgs.length, 'counts.organizations');
	const a = srv.client();
	await a.signIn(DEMO.admin);
	assert.equal(d.counts.users, (await allPages(a, '/users')).length, 'counts.users');

	// organizations_by_country adds up and names real countries
	const byCode = new Map(countries.map((c) => [c.code, c]));
	let sum = 0;
	for (const row of d.organizations_by_country) {
		pick(row, ['count', 'country_code', 'name_en', 'name_ru'], 'organizations_by_country[]');
		const c = byCode.get(row.country_code);
		assert.ok(c, `unknown country ${row.country_code}`);
		assert.equal(row.name_ru, c.name_ru);
		assert.equal(row.name_en, c.name_en);
		assert.ok(Number.isInteger(row.count) && row.count > 0);
		assert.equal(row.count, orgs.filter((o) => o.city.country_code === row.country_code).length,
		    `organizations in ${row.country_code}`);
		sum += row.count;
	}
	assert.equal(sum, d.counts.organizations, 'organizations_by_country adds up');
	assert.ok(d.organizations_by_country.some((r) => r.country_code === 'RU'));
	assert.ok(d.organizations_by_country.some((r) => r.country_code === 'BY'));

	// other roles see their own home
	const p = srv.client();
	await p.signIn(DEMO.partner);
	const dp = assertJson(await p.api('GET', '/dashboard'), 200, 'dashboard partner');
	assert.equal(dp.home.city.name_en, 'Minsk');
	assert.equal(dp.home.city.country_code, 'BY');
	/* the gazetteer's size is staff's and admins' business, not a partner's */
	const { cities: _cities, countries: _countries, ...shared } = d.counts;
	assert.deepEqual(dp.counts, shared);
	const k = srv.client();
	await k.signIn(DEMO.correspondent);
	const dk = assertJson(await k.api('GET', '/dashboard'), 200, 'dashboard correspondent');
	assert.equal(dk.home.city.country_code, 'IT');
	assert.notEqual(dk.home.id, d.home.id);
});
