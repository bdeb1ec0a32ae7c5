// The authorization rules: for every route of the server's table (`pobratim
// routes`) the status each caller gets. tests/api/authz-matrix.test.mjs runs
// every route x every caller against the running server; a route without a
// rule here fails it, and so does a rule that lets in a role the route table
// does not allow. Each module adds its routes to RULES and its city-bound
// objects to CITY_OBJECTS when it lands.
//
// A rule:
//   path(ctx, who)   the concrete path (default: the pattern, for routes without {id})
//   body(ctx, who)   the JSON body, for writes (default: none)
//   setup(ctx, who)  async; runs before the request, may return { path } of a
//                    throwaway object (deletes, so no caller removes a shared one)
//   fresh            sign the caller in anew for this request (DELETE /session)
//   expect           { [who]: status } for every caller of CALLERS
//
// ctx (made by the test): admin (a signed-in admin Client), minskOrg, harbinOrg
// (organizations of the two partner cities), cityId (Minsk), correspondentId,
// unique() (a fresh suffix), and api(who) for the caller's Client.

import { DEMO, DEMO_PASSWORD } from './server.mjs';

// The callers: anonymous, and a demo account per role; partners of two cities.
export const CALLERS = ['anonymous', 'correspondent', 'partnerA', 'partnerB', 'staff', 'admin'];
export const ACCOUNTS = {
	correspondent: DEMO.correspondent,		// Russian compatriots in Italy
	partnerA: DEMO.partner,				// Minsk City Executive Committee
	partnerB: 'partner.harbin@pobratim.demo',	// Harbin, a city other than Minsk
	staff: DEMO.staff,
	admin: DEMO.admin,
};
// The role of the route table each caller has.
export const ROLE_OF = { anonymous: 'public', correspondent: 'correspondent', partnerA: 'partner',
	partnerB: 'partner', staff: 'staff', admin: 'admin' };

const every = (status) => Object.fromEntries(CALLERS.map((w) => [w, status]));
const signedIn = (status) => ({ ...every(status), anonymous: 401 });
const adminOnly = (status) => ({ ...every(403), anonymous: 401, admin: status });

export const RULES = {
	'GET /api/v1/health': { expect: every(200) },
	'GET /api/v1/openapi.json': { expect: every(200) },
	'POST /api/v1/session': {
		// each caller signs in as itself (anonymous as staff), on a fresh session
		body: (ctx, who) => ({ email: ACCOUNTS[who] ?? DEMO.staff, password: DEMO_PASSWORD }),
		fresh: true,
		expect: every(200),
	},
	'DELETE /api/v1/session': { fresh: true, expect: signedIn(204) },
	'GET /api/v1/me': { expect: signedIn(200) },
	'PATCH /api/v1/me': { body: () => ({ locale: 'ru' }), expect: signedIn(200) },
	'GET /api/v1/dashboard': { expect: signedIn(200) },
	'GET /api/v1/countries': { expect: every(200) },
	'GET /api/v1/cities': { path: () => '/api/v1/cities?q=minsk', expect: every(200) },
	'GET /api/v1/cities/{id}': { path: (ctx) => `/api/v1/cities/${ctx.cityId}`, expect: every(200) },
	'GET /api/v1/organizations': { expect: signedIn(200) },
	'POST /api/v1/organizations': {
		body: (ctx) => ({ kind: 'ngo', name_ru: `Проверка ${ctx.unique()}`, name_en: `Check ${ctx.unique()}`,
			city_id: ctx.cityId }),
		expect: adminOnly(201),
	},
	// the organization directory is readable by every signed-in user, both cities'
	'GET /api/v1/organizations/{id}': { path: (ctx) => `/api/v1/organizations/${ctx.minskOrg}`, expect: signedIn(200) },
	'PATCH /api/v1/organizations/{id}': {
		path: (ctx) => `/api/v1/organizations/${ctx.minskOrg}`,
		body: () => ({ short_en: 'MGIK' }),
		expect: adminOnly(200),
	},
	'DELETE /api/v1/organizations/{id}': {
		setup: async (ctx) => ({ path: `/api/v1/organizations/${await ctx.throwawayOrg()}` }),
		expect: adminOnly(204),
	},
	'GET /api/v1/users': { expect: adminOnly(200) },
	'POST /api/v1/users': {
		body: (ctx) => ({ email: `authz-${ctx.unique()}@example.org`, name: 'Authz Check', password: 'a-long-password',
			role: 'correspondent', organization_id: ctx.minskOrg }),
		expect: adminOnly(201),
	},
	'GET /api/v1/users/{id}': { path: (ctx) => `/api/v1/users/${ctx.correspondentId}`, expect: adminOnly(200) },
	'PATCH /api/v1/users/{id}': {
		path: (ctx) => `/api/v1/users/${ctx.correspondentId}`,
		body: () => ({ name: 'Correspondent in Italy' }),
		expect: adminOnly(200),
	},
	'DELETE /api/v1/users/{id}': {
		setup: async (ctx) => ({ path: `/api/v1/users/${await ctx.throwawayUser()}` }),
		expect: adminOnly(204),
	},
};

// Objects that belong to one city: what partner B (Harbin) gets when it names
// partner A's (Minsk) object by id, and the reverse. A module adds its own
// (partnerships, meetings, posts of the exchange) with the requests that
// must be refused: 404 where existence must not leak, 403 where the route's
// role rule already refuses.
//   find(ctx) -> id of the object of city A;  requests: [{ method, path(id), body?, expect: { [who]: status } }]
export const CITY_OBJECTS = [
	{
		kind: 'organization of Minsk',
		find: (ctx) => ctx.minskOrg,
		requests: [
			{ method: 'PATCH', path: (id) => `/api/v1/organizations/${id}`, body: { name_en: 'Taken over' },
				expect: { partnerB: 403, partnerA: 403, correspondent: 403 } },
			{ method: 'DELETE', path: (id) => `/api/v1/organizations/${id}`, expect: { partnerB: 403, partnerA: 403 } },
		],
	},
	{
		kind: 'user of Minsk (partner A)',
		find: (ctx) => ctx.partnerAId,
		requests: [
			{ method: 'GET', path: (id) => `/api/v1/users/${id}`, expect: { partnerB: 403, partnerA: 403 } },
			{ method: 'PATCH', path: (id) => `/api/v1/users/${id}`, body: { role: 'admin' }, expect: { partnerB: 403 } },
			{ method: 'DELETE', path: (id) => `/api/v1/users/${id}`, expect: { partnerB: 403 } },
		],
	},
];
