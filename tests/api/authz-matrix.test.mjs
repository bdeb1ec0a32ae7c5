// The authorization matrix: every route of the server's own table (`pobratim
// routes`) x every caller (anonymous, correspondent, partner of Minsk,
// partner of Harbin, staff, admin) -> the status in tests/api/lib/authz-rules.mjs,
// checked against the running server. A route without a rule fails; so does
// a rule that admits a role the route table refuses. Then the objects of one
// city named by a partner of another.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { ACCOUNTS, CALLERS, CITY_OBJECTS, ROLE_OF, RULES, prepare } from './lib/authz-rules.mjs';
import { DEMO_PASSWORD, assertJson, runBin, startServer } from './lib/server.mjs';

const table = JSON.parse(runBin(['routes']).stdout);
const key = (r) => `${r.method} ${r.path}`;

let srv;
const clients = {};
const ctx = {};
let serial = 0;

async function signedIn(who) {
	const c = srv.client();
	if (who !== 'anonymous') {
		const r = await c.login(ACCOUNTS[who], DEMO_PASSWORD);
		assert.equal(r.status, 200, `sign-in ${who}: ${r.status} ${r.text}`);
	}
	return c;
}

before(async () => {
	srv = await startServer();
	for (const who of CALLERS)
		clients[who] = await signedIn(who);
	const admin = clients.admin;
	ctx.srv = srv;
	ctx.admin = admin;
	ctx.staff = clients.staff;
	ctx.clients = clients;
	ctx.unique = () => `${process.pid}-${++serial}`;
	ctx.minskOrg = clients.partnerA.user.organization.id;
	ctx.harbinOrg = clients.partnerB.user.organization.id;
	ctx.partnerAId = clients.partnerA.user.id;
	ctx.correspondentId = clients.correspondent.user.id;
	ctx.cityId = clients.partnerA.user.organization.city.id;
	assert.notEqual(clients.partnerA.user.organization.city.id, clients.partnerB.user.organization.city.id,
	    'the two partners must be of different cities');
	ctx.throwawayOrg = async () => assertJson(await admin.api('POST', '/organizations',
	    { body: { kind: 'other', name_ru: `Временная ${ctx.unique()}`, name_en: `Throwaway ${ctx.unique()}`, city_id: ctx.cityId } }),
	    201, 'throwaway organization').id;
	ctx.throwawayUser = async () => assertJson(await admin.api('POST', '/users',
	    { body: { email: `throwaway-${ctx.unique()}@example.org`, name: 'Throwaway', password: 'a-long-password',
		role: 'correspondent', organization_id: ctx.harbinOrg } }), 201, 'throwaway user').id;
	await prepare(ctx);
});

after(async () => {
	await srv?.stop();
});

test('every route of the server has a rule, and every rule a route', () => {
	const have = new Set(table.map(key));
	assert.deepEqual(table.map(key).filter((k) => !RULES[k]), [], 'routes without a rule in tests/api/lib/authz-rules.mjs');
	assert.deepEqual(Object.keys(RULES).filter((k) => !have.has(k)), [], 'rules for routes the server does not have');
});

test('every rule names a status for every caller, and admits no role the route table refuses', () => {
	const bad = [];
	for (const r of table) {
		const rule = RULES[key(r)];
		if (!rule)
			continue;
		for (const who of CALLERS) {
			const s = rule.expect[who];
			const allowed = r.roles.includes('public') || (who !== 'anonymous' &&
			    (r.roles.includes('signed-in') || r.roles.includes(ROLE_OF[who])));
			if (typeof s !== 'number')
				bad.push(`${key(r)} ${who}: no status`);
			else if (!allowed && s !== (who === 'anonymous' ? 401 : 403))
				bad.push(`${key(r)} ${who}: expects ${s} but the route table refuses ${ROLE_OF[who]} (roles ${r.roles})`);
		}
	}
	assert.deepEqual(bad, []);
});

test('matrix: every route x every caller answers the expected status', async () => {
	const wrong = [];
	let n = 0;
	for (const r of table) {
		const rule = RULES[key(r)];
		if (!rule)
			continue;
		for (const who of CALLERS) {
			const c = rule.fresh ? await signedIn(who) : clients[who];
			const set = rule.setup ? await rule.setup(ctx, who) : {};
			const p = set.path ?? (rule.path ? rule.path(ctx, who) : r.path);
			const body = rule.body ? rule.body(ctx, who) : undefined;
			const res = await c.request(r.method, p, body !== undefined ? { body } : {});
			n++;
			if (res.status !== rule.expect[who])
				wrong.push(`${r.method} ${p} as ${who}: ${res.status}, expected ${rule.expect[who]} ${res.text.slice(0, 120)}`);
			if (res.status >= 500)
				wrong.push(`${r.method} ${p} as ${who}: server error ${res.status}`);
		}
	}
	assert.deepEqual(wrong, []);
	assert.equal(n, table.length * CALLERS.length);
});

test('objects of one city named by id from another city are refused', async () => {
	const wrong = [];
	for (const o of CITY_OBJECTS) {
		const id = await o.find(ctx);
		assert.ok(id, `${o.kind}: no object found`);
		for (const q of o.requests)
			for (const [who, status] of Object.entries(q.expect)) {
				const res = await clients[who].request(q.method, q.path(id), q.body ? { body: q.body } : {});
				if (res.status !== status)
					wrong.push(`${o.kind}: ${q.method} ${q.path(id)} as ${who}: ${res.status}, expected ${status}`);
			}
	}
	assert.deepEqual(wrong, []);
	// and nothing changed: the Minsk organization still has its English name
	const org = assertJson(await ctx.admin.api('GET', `/organizations/${ctx.minskOrg}`), 200);
	assert.notEqual(org.name_en, 'Taken over');
	const partner = assertJson(await ctx.admin.api('GET', `/users/${ctx.partnerAId}`), 200);
	assert.equal(partner.role, 'partner');
});

test('session fixation: a cookie set before sign-in is never the session after it', async () => {
	const planted = 'planted-by-an-attacker-0123456789abcdefghijkl';
	const c = srv.client();
	const r = await c.request('POST', '/api/v1/session', { cookie: planted,
		body: { email: ACCOUNTS.staff, password: DEMO_PASSWORD } });
	assert.equal(r.status, 200, r.text);
	assert.ok(c.cookie === null);
	const set = (r.headers['set-cookie'] ?? []).find((l) => l.startsWith('pobratim_session='));
	assert.ok(set, 'a new session cookie is set');
	assert.ok(!set.includes(planted), 'the planted value is not reused');
	assert.equal((await c.request('GET', '/api/v1/me', { cookie: planted })).status, 401, 'the planted value is no session');

	// a real session of a lower role, then a sign-in as staff on it: a new token;
	// the old one stays the correspondent's and is never raised to staff
	const low = await signedIn('correspondent');
	const before = low.cookie;
	await low.login(ACCOUNTS.staff, DEMO_PASSWORD);
	assert.notEqual(low.cookie, before);
	const old = await low.request('GET', '/api/v1/me', { cookie: before });
	assert.ok(old.status === 401 || old.json?.user?.role === 'correspondent', `old token: ${old.status} ${old.text}`);
});

test('cookie flags: HttpOnly, SameSite=Lax, Path=/, Max-Age; Secure with --cookie-secure', async () => {
	const r = await srv.client().login(ACCOUNTS.partnerA, DEMO_PASSWORD);
	const line = r.headers['set-cookie'].find((l) => l.startsWith('pobratim_session='));
	assert.match(line, /; HttpOnly/);
	assert.match(line, /; SameSite=Lax/);
	assert.match(line, /; Path=\//);
	assert.match(line, /; Max-Age=\d+/);
	assert.doesNotMatch(line, /; Secure/);
	const secure = await startServer({ args: ['--cookie-secure'] });
	try {
		const s = await secure.client().login(ACCOUNTS.partnerA, DEMO_PASSWORD);
		assert.match(s.headers['set-cookie'].find((l) => l.startsWith('pobratim_session=')), /; Secure/);
	} finally {
		await secure.stop();
	}
});

test('CSRF: every unsafe route refuses a signed-in caller without the token, or with a foreign Origin', async () => {
	const wrong = [];
	const unsafe = table.filter((x) => ['POST', 'PUT', 'PATCH', 'DELETE'].includes(x.method));
	const seen = new Set();
	for (const [i, r] of unsafe.entries()) {
		const rule = RULES[key(r)];
		// the callers the route table admits take turns, so every role meets the check
		const admitted = CALLERS.filter((w) => w !== 'anonymous' &&
		    r.roles.some((role) => role === 'public' || role === 'signed-in' || role === ROLE_OF[w]));
		const who = admitted[i % admitted.length];
		seen.add(who);
		const c = clients[who];
		const p = rule.path ? rule.path(ctx, who) : r.path;
		const body = rule.body ? rule.body(ctx, who) : undefined;
		for (const [what, opts] of [['no token', { csrf: false }], ['wrong token', { csrf: 'x'.repeat(43) }],
			['foreign Origin', { headers: { Origin: 'https://evil.example' } }]]) {
			const res = await c.request(r.method, p, { ...opts, ...(body !== undefined ? { body } : {}) });
			if (res.status !== 403 || res.json?.code !== 'csrf_failed')
				wrong.push(`${who} ${r.method} ${p} ${what}: ${res.status} ${res.json?.code}`);
		}
	}
	assert.deepEqual(wrong, []);
	assert.deepEqual([...seen].sort(), CALLERS.filter((w) => w !== 'anonymous').sort(), 'every signed-in caller was tried');
});
