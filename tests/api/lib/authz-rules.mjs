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
// ctx (made by the test): srv (the server), admin and staff (signed-in Clients), minskOrg, harbinOrg
// (organizations of the two partner cities), cityId (Minsk), correspondentId,
// partnerAId, unique() (a fresh suffix), throwawayOrg(), throwawayUser(); then
// prepare(ctx) below adds what each module's rules need.

import fs from 'node:fs';
import path from 'node:path';

import { png } from './images.mjs';
import { mjr, mustImport } from './recordings.mjs';
import { DEMO, DEMO_PASSWORD, waitFor } from './server.mjs';

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
const staffAdmin = (status) => ({ ...every(403), anonymous: 401, staff: status, admin: status });
/* the registry's readers: partners (of their city), staff and admins */
const readers = (status) => ({ ...staffAdmin(status), partnerA: status, partnerB: status });
/* who writes bulletins and aid posts: correspondents, staff and admins */
const authors = (status) => ({ ...staffAdmin(status), correspondent: status });

// Fixtures of the modules, made once before the matrix runs (by ctx.admin / ctx.staff).
export async function prepare(ctx) {
	const json = async (r, status, what) => {
		if (r.status !== status)
			throw new Error(`${what}: ${r.status} ${r.text}`);
		return r.json;
	};
	// mail (issue 14): a new account's confirmation message, waiting in the outbox (no SMTP server)
	ctx.throwawayMail = async () => {
		const user = await ctx.throwawayUser();
		const box = await json(await ctx.admin.api('GET', '/mail/outbox?limit=200'), 200, 'outbox');
		return box.items.find((m) => m.user_id === user).id;
	};
	// meetings (issue 4): the seeds' Minsk meeting is Minsk's (partner A), not Harbin's
	const minsk = await json(await ctx.staff.api('GET', '/meetings?from=2023-06-01&to=2024-06-30'), 200, 'Minsk meeting');
	ctx.minskMeeting = minsk.items[0].id;
	ctx.meetingBody = () => ({
		title_ru: `Проверка доступа ${ctx.unique()}`, title_en: `Access check ${ctx.unique()}`, format: 'video',
		timezone: 'Europe/Moscow', starts_at: '2026-12-07T08:00:00Z', duration: 60,
		participants: [{ role: 'host', organization_id: ctx.staff.user.organization.id },
			{ role: 'participant', city_id: ctx.cityId }],
	});
	ctx.throwawayMeeting = async () => (await json(await ctx.staff.api('POST', '/meetings', { body: ctx.meetingBody() }),
	    201, 'throwaway meeting')).id;
	ctx.minskAction = async () => (await json(await ctx.staff.api('POST', `/meetings/${ctx.minskMeeting}/actions`,
	    { body: { text_ru: 'Проверка', text_en: 'Check', owner_organization_id: ctx.minskOrg } }), 201, 'action')).id;
	// a dated meeting of Moscow with Minsk (the seeds' Minsk meeting has no exact start: no .ics)
	ctx.datedMeeting = await ctx.throwawayMeeting();
	// recordings (issue 13): one of the Minsk meeting, Minsk's partner speaking (a real .mjr, converted)
	const media = fs.mkdtempSync(path.join(ctx.srv.tmp, 'media-'));
	ctx.minskRecordingNew = () => mustImport(ctx.srv, ctx.minskMeeting, { by: DEMO.staff,
		tracks: [{ as: DEMO.partner, files: [mjr(media, 'audio', 1)] }] });
	ctx.minskRecording = ctx.minskRecordingNew();
	const recs = await json(await ctx.staff.api('GET', `/meetings/${ctx.minskMeeting}/recordings`), 200, 'recordings');
	ctx.minskTrack = recs.items.find((r) => r.id === ctx.minskRecording).files[0].id;

	// the registry (issue 3): Moscow–Minsk is partner A's, Krasnodar–Harbin partner B's
	const all = (await json(await ctx.staff.api('GET', '/partnerships?limit=200'), 200, 'partnerships')).items;
	const pair = (x, y) => all.find((p) => [p.city_a.name_en, p.city_b.name_en].sort().join() === [x, y].sort().join()).id;
	ctx.minskPartnership = pair('Moscow', 'Minsk');
	ctx.harbinPartnership = pair('Krasnodar', 'Harbin');
	const people = (await json(await ctx.staff.api('GET', '/people?limit=200'), 200, 'people')).items;
	ctx.minskPerson = people.find((p) => p.name_en === 'Nadezhda Lazarevich').id;
	const agreements = (await json(await ctx.staff.api('GET', '/agreements?limit=200'), 200, 'agreements')).items;
	ctx.minskAgreement = agreements.find((g) => /roadmap/i.test(g.title_en)).id;
	ctx.personBody = () => ({ name_ru: `Проверка ${ctx.unique()}`, name_en: `Check ${ctx.unique()}`,
		organization_id: ctx.staff.user.organization.id });
	ctx.throwawayPerson = async () => (await json(await ctx.admin.api('POST', '/people', { body: ctx.personBody() }),
	    201, 'throwaway person')).id;
	/* cities no partnership has touched: Portugal's, one each time */
	const fresh = (await json(await ctx.staff.api('GET', '/cities?country=PT&limit=100'), 200, 'cities of PT')).items;
	ctx.freshCity = () => fresh.shift().id;
	ctx.throwawayPartnership = async () => {
		const r = await ctx.staff.api('POST', '/partnerships', { body: { city_a_id: ctx.staff.user.organization.city.id,
			city_b_id: ctx.freshCity(), kind: 'cooperation', status: 'active' } });
		return (await json(r, 201, 'throwaway partnership')).id;
	};
	ctx.agreementBody = () => ({ kind: 'memorandum', title_ru: `Проверка ${ctx.unique()}`, title_en: `Check ${ctx.unique()}`,
		parties: [{ type: 'city', id: ctx.staff.user.organization.city.id }, { type: 'city', id: ctx.cityId }] });
	ctx.throwawayAgreement = async () => (await json(await ctx.staff.api('POST', '/agreements', { body: ctx.agreementBody() }),
	    201, 'throwaway agreement')).id;

	// the exchange (issue 6): a published bulletin, a draft of the correspondent, an aid post
	ctx.bulletin = (await json(await ctx.staff.api('GET', '/bulletins?limit=1'), 200, 'bulletins')).items[0].id;
	ctx.bulletinBody = () => ({ kind: 'news', title: `Проверка ${ctx.unique()}`, body: 'Текст проверки.', lang: 'ru',
		countries: ['IT'], topics: ['culture'] });
	ctx.correspondentDraft = async () => (await json(await ctx.clients.correspondent.api('POST', '/bulletins',
	    { body: ctx.bulletinBody() }), 201, 'draft')).id;
	ctx.submitted = async () => {
		const id = await ctx.correspondentDraft();
		await json(await ctx.clients.correspondent.api('POST', `/bulletins/${id}/submit`), 200, 'submit');
		return id;
	};
	ctx.aidBody = () => ({ kind: 'request', category: 'information', lang: 'ru', title: `Проверка ${ctx.unique()}`,
		body: 'Нужна справка.', country_code: 'IT', contact: 'check@example.org' });
	ctx.aidPost = (await json(await ctx.clients.correspondent.api('POST', '/aid', { body: ctx.aidBody() }), 201, 'aid')).id;

	// cooperation (issue 7): the Moscow–Belarus roadmap is partner A's; items of its partner side
	const roadmap = await json(await ctx.staff.api('GET', `/agreements/${ctx.minskAgreement}/roadmap`), 200, 'roadmap');
	ctx.partnerItem = roadmap.items.find((i) => i.side === 'partner').id;
	ctx.itemBody = () => ({ sector: 'education', side: 'home', title_ru: `Проверка ${ctx.unique()}`,
		title_en: `Check ${ctx.unique()}`, due_quarter: '2026-Q4' });
	ctx.event = (await json(await ctx.staff.api('GET', '/events?limit=1'), 200, 'events')).items[0].id;
	ctx.eventBody = () => ({ kind: 'forum', title_ru: `Форум ${ctx.unique()}`, title_en: `Forum ${ctx.unique()}`,
		host_city_id: ctx.staff.user.organization.city.id, guest_city_id: ctx.cityId, starts_on: '2026-12-10' });
	ctx.throwawayEvent = async () => (await json(await ctx.staff.api('POST', '/events', { body: ctx.eventBody() }),
	    201, 'throwaway event')).id;

	// aid (issue 7): the seeds' Heilongjiang shipment goes to Moscow (no partner city's);
	// the Harbin doctors are partner B's; a shipment and a delegation of Minsk are partner A's
	const moscow = ctx.staff.user.organization.city.id;
	ctx.shipment = (await json(await ctx.staff.api('GET', '/shipments?limit=200'), 200, 'shipments')).items
		.find((x) => x.donor_name_en === 'Heilongjiang Province').id;
	ctx.shipmentBody = () => ({ donor_name_ru: `Проверка ${ctx.unique()}`, donor_name_en: `Check ${ctx.unique()}`,
		recipient_city_id: moscow, year: 2026, status: 'arrived',
		items: [{ name_ru: 'маски', name_en: 'masks', quantity: 1000, unit: 'pieces' }] });
	ctx.throwawayShipment = async () => json(await ctx.staff.api('POST', '/shipments', { body: ctx.shipmentBody() }),
	    201, 'throwaway shipment');
	ctx.minskShipment = (await json(await ctx.staff.api('POST', '/shipments',
	    { body: { ...ctx.shipmentBody(), donor_city_id: ctx.cityId } }), 201, 'Minsk shipment')).id;
	ctx.distributionBody = (item) => ({ recipient_kind: 'hospital', recipient_name_en: 'City Hospital 1',
		lines: [{ item_id: item, quantity: 1 }] });
	ctx.harbinDoctors = (await json(await ctx.staff.api('GET', '/delegations?limit=200'), 200, 'delegations')).items
		.find((x) => x.specialty_en === 'doctors').id;
	ctx.delegationBody = () => ({ from_city_id: ctx.cityId, to_city_id: moscow, specialty_ru: `Проверка ${ctx.unique()}`,
		specialty_en: `Check ${ctx.unique()}`, purpose_ru: 'Обмен опытом', purpose_en: 'Exchange of experience',
		year: 2026 });
	ctx.throwawayDelegation = async () => (await json(await ctx.staff.api('POST', '/delegations',
	    { body: ctx.delegationBody() }), 201, 'throwaway delegation')).id;
	ctx.minskDelegation = await ctx.throwawayDelegation();
	// showcase (issue 7): the exhibition and fair of Days of Krasnodar in Harbin (Harbin hosts:
	// partner B writes, partner A may not); MESH is Moscow's, Minsk (partner A) asked about it
	const events = (await json(await ctx.staff.api('GET', '/events'), 200, 'events')).items;
	ctx.photoEvent = events.find((e) => e.kind === 'exhibition' && /Krasnodar in Harbin/.test(e.title_en)).id;
	ctx.fairEvent = events.find((e) => e.kind === 'fair' && /Krasnodar in Harbin/.test(e.title_en)).id;
	ctx.photo = (await json(await ctx.staff.api('GET', `/events/${ctx.photoEvent}/photos`), 200, 'photos')).items[0].id;
	const fair = await json(await ctx.staff.api('GET', `/events/${ctx.fairEvent}/fair`), 200, 'fair');
	ctx.exhibitor = fair.exhibitors[0].id;
	ctx.product = fair.exhibitors[0].products[0].id;
	ctx.throwawayPhoto = async () => (await json(await ctx.staff.api('POST', `/events/${ctx.photoEvent}/photos`,
	    { body: png(40, 30), headers: { 'Content-Type': 'image/png' } }), 201, 'throwaway photo')).id;
	ctx.exhibitorBody = () => ({ name: `Проверка ${ctx.unique()}`, country_code: 'RU' });
	ctx.throwawayExhibitor = async () => (await json(await ctx.staff.api('POST', `/events/${ctx.fairEvent}/exhibitors`,
	    { body: ctx.exhibitorBody() }), 201, 'throwaway exhibitor')).id;
	ctx.productBody = () => ({ name_ru: `Товар ${ctx.unique()}`, name_en: `Product ${ctx.unique()}` });
	ctx.throwawayProduct = async () => (await json(await ctx.staff.api('POST', `/fair-exhibitors/${ctx.exhibitor}/products`,
	    { body: ctx.productBody() }), 201, 'throwaway product')).id;
	const practices = (await json(await ctx.staff.api('GET', '/practices'), 200, 'practices')).items;
	ctx.mesh = practices.find((p) => /Moscow Electronic School/.test(p.title_en)).id;
	ctx.minskInterest = (await json(await ctx.staff.api('GET', `/practices/${ctx.mesh}`), 200, 'MESH')).interests
		.find((i) => i.city.name_en === 'Minsk').id;
	ctx.harbinInterest = async () => (await json(await ctx.clients.partnerB.api('POST', `/practices/${ctx.mesh}/interests`,
	    { body: { message: `Проверка ${ctx.unique()}` } }), 201, 'interest')).interests.at(-1).id;
}

export const RULES = {
	'GET /api/v1/health': { expect: every(200) },
	// public; 200 once the media server the server starts beside it (Janus, when installed) is up
	'GET /api/v1/ready': {
		setup: async (ctx) => {
			await waitFor(async () => (await ctx.srv.api('GET', '/ready')).status === 200, 'the server never got ready');
			return {};
		},
		expect: every(200),
	},
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
	// a weak new password: refused (400) once past the roles, before the current one is checked
	'PUT /api/v1/me/password': {
		body: () => ({ old_password: DEMO_PASSWORD, new_password: '1234567890' }),
		expect: signedIn(400),
	},
	// mail (issue 14): reset and confirmation links are for anyone (a made-up token is 400
	// once past the roles); a new account's confirmation mail is a message of the outbox
	'POST /api/v1/password-reset': {
		body: (ctx) => ({ email: `nobody-${ctx.unique()}@example.org` }),
		expect: every(202),
	},
	'POST /api/v1/password-reset/confirm': {
		body: () => ({ token: 'made-up-token', password: 'a long new secret' }),
		expect: every(400),
	},
	'POST /api/v1/email-verification': { body: () => ({ token: 'made-up-token' }), expect: every(400) },
	// the demo's addresses are confirmed already
	'POST /api/v1/me/email-verification': { expect: signedIn(409) },
	'POST /api/v1/users/{id}/email-verification': {
		setup: async (ctx) => ({ path: `/api/v1/users/${await ctx.throwawayUser()}/email-verification` }),
		expect: adminOnly(202),
	},
	'GET /api/v1/mail/outbox': { expect: adminOnly(200) },
	'POST /api/v1/mail/outbox/{id}/retry': {
		setup: async (ctx) => ({ path: `/api/v1/mail/outbox/${await ctx.throwawayMail()}/retry` }),
		expect: adminOnly(200),
	},
	'POST /api/v1/mail/outbox/{id}/discard': {
		setup: async (ctx) => ({ path: `/api/v1/mail/outbox/${await ctx.throwawayMail()}/discard` }),
		expect: adminOnly(200),
	},
	'GET /api/v1/dashboard': { expect: signedIn(200) },
	'GET /api/v1/countries': { expect: every(200) },
	'GET /api/v1/timezones': { expect: every(200) },
	'GET /api/v1/cities': { path: () => '/api/v1/cities?q=minsk', expect: every(200) },
	'GET /api/v1/cities/{id}': { path: (ctx) => `/api/v1/cities/${ctx.cityId}`, expect: every(200) },
	'GET /api/v1/organizations': { expect: signedIn(200) },
	'POST /api/v1/organizations': {
		body: (ctx) => ({ kind: 'ngo', name_ru: `Проверка ${ctx.unique()}`, name_en: `Check ${ctx.unique()}`,
			city_id: ctx.cityId }),
		expect: staffAdmin(201),
	},
	// the organization directory is readable by every signed-in user, both cities'
	'GET /api/v1/organizations/{id}': { path: (ctx) => `/api/v1/organizations/${ctx.minskOrg}`, expect: signedIn(200) },
	'PATCH /api/v1/organizations/{id}': {
		path: (ctx) => `/api/v1/organizations/${ctx.minskOrg}`,
		body: () => ({ short_en: 'MGIK' }),
		expect: staffAdmin(200),
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
	'GET /api/v1/staff-users': { expect: staffAdmin(200) },
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

	// --- meetings (issue 4) ---
	'GET /api/v1/cities/{id}/working-hours': { path: (ctx) => `/api/v1/cities/${ctx.cityId}/working-hours`, expect: signedIn(200) },
	'PUT /api/v1/cities/{id}/working-hours': {
		path: (ctx) => `/api/v1/cities/${ctx.cityId}/working-hours`,
		body: () => ({ work_start: 540, work_end: 1080 }),
		expect: { ...staffAdmin(200) },
	},
	'GET /api/v1/meetings': { expect: signedIn(200) },
	'POST /api/v1/meetings': { body: (ctx) => ctx.meetingBody(), expect: staffAdmin(201) },
	'POST /api/v1/meetings/slots': {
		body: (ctx) => ({ city_ids: [ctx.cityId], duration: 60, from: '2026-12-07', to: '2026-12-11' }),
		expect: signedIn(200),
	},
	// meetings with Minsk: its partner and Moscow's staff see them; Harbin and Italy get 404
	'GET /api/v1/meetings/{id}.ics': {
		path: (ctx) => `/api/v1/meetings/${ctx.datedMeeting}.ics`,
		expect: { ...signedIn(200), partnerB: 404, correspondent: 404 },
	},
	'GET /api/v1/meetings/{id}': {
		path: (ctx) => `/api/v1/meetings/${ctx.minskMeeting}`,
		expect: { ...signedIn(200), partnerB: 404, correspondent: 404 },
	},
	'PATCH /api/v1/meetings/{id}': {
		path: (ctx) => `/api/v1/meetings/${ctx.datedMeeting}`,
		body: () => ({ duration: 90 }),
		expect: staffAdmin(200),
	},
	'DELETE /api/v1/meetings/{id}': {
		setup: async (ctx) => ({ path: `/api/v1/meetings/${await ctx.throwawayMeeting()}` }),
		expect: staffAdmin(204),
	},
	'POST /api/v1/meetings/{id}/actions': {
		path: (ctx) => `/api/v1/meetings/${ctx.minskMeeting}/actions`,
		body: () => ({ text_ru: 'Проверка', text_en: 'Check' }),
		expect: staffAdmin(201),
	},
	'GET /api/v1/actions': { expect: signedIn(200) },
	'PATCH /api/v1/actions/{id}': {
		setup: async (ctx) => ({ path: `/api/v1/actions/${await ctx.minskAction()}` }),
		body: () => ({ status: 'in_progress' }),
		expect: { ...staffAdmin(200), partnerA: 200, partnerB: 404 },
	},
	'GET /api/v1/me/calendar-feed': { expect: signedIn(200) },
	'POST /api/v1/me/calendar-feed': { expect: signedIn(201) },
	'DELETE /api/v1/me/calendar-feed': {
		setup: async (ctx, who) => {
			if (who !== 'anonymous')
				await ctx.clients[who].api('POST', '/me/calendar-feed');
			return {};
		},
		expect: signedIn(204),
	},
	// a private feed is a capability URL: whoever holds it reads it, signed in or not
	'GET /api/v1/calendar/{token}.ics': {
		// (the url is absolute: on the address the server was reached at)
		setup: async (ctx) => ({ path: new URL((await ctx.staff.api('POST', '/me/calendar-feed')).json.url).pathname }),
		expect: every(200),
	},
	// --- mail (issue 14): one's own choices; unsubscribing is a capability URL too ---
	'GET /api/v1/me/mail-preferences': { expect: signedIn(200) },
	'PUT /api/v1/me/mail-preferences': {
		body: () => ({ remind_day: true, remind_soon: true, actions_due: true, digest: 'none', countries: [], topics: [] }),
		expect: signedIn(200),
	},
	// a token the installation did not sign: refused for everyone, session or not
	'POST /api/v1/unsubscribe/{token}': {
		path: () => `/api/v1/unsubscribe/u1-${'0'.repeat(64)}`,
		expect: every(400),
	},

	// --- the registry (issue 3): partner A sees Minsk's, partner B Harbin's ---
	'GET /api/v1/people': { expect: readers(200) },
	'POST /api/v1/people': { body: (ctx) => ctx.personBody(), expect: staffAdmin(201) },
	'GET /api/v1/people/{id}': {
		path: (ctx) => `/api/v1/people/${ctx.minskPerson}`,
		expect: { ...readers(200), partnerB: 404 },
	},
	'PATCH /api/v1/people/{id}': {
		setup: async (ctx) => ({ path: `/api/v1/people/${await ctx.throwawayPerson()}` }),
		body: () => ({ post_en: 'Checked' }),
		expect: staffAdmin(200),
	},
	'DELETE /api/v1/people/{id}': {
		setup: async (ctx) => ({ path: `/api/v1/people/${await ctx.throwawayPerson()}` }),
		expect: staffAdmin(204),
	},
	'GET /api/v1/people/{id}/record': {
		path: (ctx) => `/api/v1/people/${ctx.minskPerson}/record`,
		expect: { ...readers(200), partnerB: 404 },
	},
	'POST /api/v1/people/{id}/merge': {
		setup: async (ctx) => ({ path: `/api/v1/people/${await ctx.throwawayPerson()}/merge` }),
		body: () => ({ duplicate_id: 999999999 }),
		expect: staffAdmin(404),
	},
	'GET /api/v1/people.vcf': { expect: staffAdmin(200) },
	'POST /api/v1/people.vcf': { body: () => ({}), expect: staffAdmin(415) },
	'GET /api/v1/partner-cities': { expect: every(200) },
	'GET /api/v1/partnerships': { expect: readers(200) },
	'POST /api/v1/partnerships': {
		setup: async (ctx) => { ctx.newCity = ctx.freshCity(); return {}; },
		body: (ctx) => ({ city_a_id: ctx.staff.user.organization.city.id, city_b_id: ctx.newCity, kind: 'cooperation',
			status: 'active' }),
		expect: staffAdmin(201),
	},
	'GET /api/v1/partnerships.csv': { expect: staffAdmin(200) },
	'POST /api/v1/partnerships.csv': { body: () => ({}), expect: staffAdmin(415) },
	'GET /api/v1/partnerships/summary': { expect: readers(200) },
	'GET /api/v1/partnerships/{id}': {
		path: (ctx) => `/api/v1/partnerships/${ctx.minskPartnership}`,
		expect: { ...readers(200), partnerB: 404 },
	},
	'GET /api/v1/partnerships/{id}/meetings': {
		path: (ctx) => `/api/v1/partnerships/${ctx.minskPartnership}/meetings`,
		expect: { ...readers(200), partnerB: 404 },
	},
	'PATCH /api/v1/partnerships/{id}': {
		path: (ctx) => `/api/v1/partnerships/${ctx.minskPartnership}`,
		body: () => ({ note_en: 'Strategic partner (seed 004).' }),
		expect: staffAdmin(200),
	},
	'DELETE /api/v1/partnerships/{id}': {
		setup: async (ctx) => ({ path: `/api/v1/partnerships/${await ctx.throwawayPartnership()}` }),
		expect: staffAdmin(204),
	},
	'GET /api/v1/network': { path: (ctx) => `/api/v1/network?city_id=${ctx.cityId}`, expect: staffAdmin(200) },
	'GET /api/v1/agreements': { expect: readers(200) },
	'POST /api/v1/agreements': { body: (ctx) => ctx.agreementBody(), expect: staffAdmin(201) },
	'GET /api/v1/agreements/{id}': {
		path: (ctx) => `/api/v1/agreements/${ctx.minskAgreement}`,
		expect: { ...readers(200), partnerB: 404 },
	},
	'PATCH /api/v1/agreements/{id}': {
		setup: async (ctx) => ({ path: `/api/v1/agreements/${await ctx.throwawayAgreement()}` }),
		body: () => ({ title_en: 'Checked memorandum' }),
		expect: staffAdmin(200),
	},
	'DELETE /api/v1/agreements/{id}': {
		setup: async (ctx) => ({ path: `/api/v1/agreements/${await ctx.throwawayAgreement()}` }),
		expect: staffAdmin(204),
	},
	/* a JSON body is not a file: past the role check, the type is refused */
	'PUT /api/v1/agreements/{id}/file': {
		path: (ctx) => `/api/v1/agreements/${ctx.minskAgreement}/file`,
		body: () => ({}),
		expect: staffAdmin(415),
	},
	/* no file uploaded yet: past the role check, 404 */
	'GET /api/v1/agreements/{id}/file': {
		path: (ctx) => `/api/v1/agreements/${ctx.minskAgreement}/file`,
		expect: readers(404),
	},

	// --- the information exchange (issue 6) ---
	'GET /api/v1/bulletins': { expect: every(200) },
	'POST /api/v1/bulletins': { body: (ctx) => ctx.bulletinBody(), expect: authors(201) },
	'GET /api/v1/bulletins/{id}': { path: (ctx) => `/api/v1/bulletins/${ctx.bulletin}`, expect: every(200) },
	/* the correspondent's own draft: others may not see it (404), staff moderate it */
	'PATCH /api/v1/bulletins/{id}': {
		setup: async (ctx) => ({ path: `/api/v1/bulletins/${await ctx.correspondentDraft()}` }),
		body: () => ({ body: 'Исправленный текст.' }),
		expect: { ...authors(200) },
	},
	'POST /api/v1/bulletins/{id}/submit': {
		setup: async (ctx) => ({ path: `/api/v1/bulletins/${await ctx.correspondentDraft()}/submit` }),
		expect: { ...authors(200) },
	},
	'POST /api/v1/bulletins/{id}/publish': {
		setup: async (ctx) => ({ path: `/api/v1/bulletins/${await ctx.submitted()}/publish` }),
		expect: staffAdmin(200),
	},
	'POST /api/v1/bulletins/{id}/return': {
		setup: async (ctx) => ({ path: `/api/v1/bulletins/${await ctx.submitted()}/return` }),
		body: () => ({ reason: 'Уточните источник.' }),
		expect: staffAdmin(200),
	},
	'GET /api/v1/bulletins/{id}/revisions': {
		setup: async (ctx) => ({ path: `/api/v1/bulletins/${await ctx.correspondentDraft()}/revisions` }),
		expect: authors(200),
	},
	'POST /api/v1/markdown/preview': { body: () => ({ markdown: '**Хорошие новости**' }), expect: authors(200) },
	'GET /api/v1/exchange/activity': { expect: every(200) },
	'GET /api/v1/aid': { expect: signedIn(200) },
	'POST /api/v1/aid': { body: (ctx) => ctx.aidBody(), expect: authors(201) },
	'GET /api/v1/aid/{id}': { path: (ctx) => `/api/v1/aid/${ctx.aidPost}`, expect: signedIn(200) },
	'PATCH /api/v1/aid/{id}': {
		path: (ctx) => `/api/v1/aid/${ctx.aidPost}`,
		body: () => ({ status: 'open' }),
		expect: authors(200),
	},
	'POST /api/v1/aid/{id}/answers': {
		path: (ctx) => `/api/v1/aid/${ctx.aidPost}/answers`,
		body: () => ({ message: 'Можем помочь.' }),
		/* the post is the correspondent's own: no answering oneself */
		expect: { ...authors(201), correspondent: 409 },
	},
	'GET /api/v1/search': { path: () => '/api/v1/search?q=Minsk', expect: every(200) },
	/* an image the exchange keeps, by hash: anyone may read it */
	'POST /api/v1/files': { body: () => ({}), expect: authors(415) },
	'GET /api/v1/files/{name}': { path: () => `/api/v1/files/${'0'.repeat(64)}.png`, expect: every(404) },
	'GET /api/v1/feeds/bulletins.atom': { expect: every(200) },
	'GET /api/v1/feeds/fact-checks.atom': { expect: every(200) },

	// --- cooperation (issue 7): roadmap items are co-owned, each side by its city ---
	'GET /api/v1/agreements/{id}/roadmap': {
		path: (ctx) => `/api/v1/agreements/${ctx.minskAgreement}/roadmap`,
		expect: { ...readers(200), partnerB: 404 },
	},
	'GET /api/v1/agreements/{id}/roadmap.csv': {
		path: (ctx) => `/api/v1/agreements/${ctx.minskAgreement}/roadmap.csv`,
		expect: { ...readers(200), partnerB: 404 },
	},
	'POST /api/v1/agreements/{id}/roadmap': {
		path: (ctx) => `/api/v1/agreements/${ctx.minskAgreement}/roadmap`,
		body: (ctx) => ctx.itemBody(),
		expect: staffAdmin(201),
	},
	'GET /api/v1/agreements/{id}/roadmap/decisions': {
		path: (ctx) => `/api/v1/agreements/${ctx.minskAgreement}/roadmap/decisions`,
		expect: staffAdmin(200),
	},
	'GET /api/v1/roadmap-items': { expect: readers(200) },
	'GET /api/v1/roadmap-items/{id}': {
		path: (ctx) => `/api/v1/roadmap-items/${ctx.partnerItem}`,
		expect: { ...readers(200), partnerB: 404 },
	},
	/* the partner side's item: Minsk's partner updates it, Harbin's does not see it */
	'PATCH /api/v1/roadmap-items/{id}': {
		path: (ctx) => `/api/v1/roadmap-items/${ctx.partnerItem}`,
		body: () => ({ status: 'in_progress' }),
		expect: { ...readers(200), partnerB: 404 },
	},
	'POST /api/v1/roadmap-items/{id}/notes': {
		path: (ctx) => `/api/v1/roadmap-items/${ctx.partnerItem}/notes`,
		body: () => ({ text: 'Проверка хода работ.' }),
		expect: { ...readers(201), partnerB: 404 },
	},
	'POST /api/v1/roadmap-items/{id}/actions': {
		path: (ctx) => `/api/v1/roadmap-items/${ctx.partnerItem}/actions`,
		setup: async (ctx) => { ctx.linkAction = await ctx.minskAction(); return {}; },
		body: (ctx) => ({ action_item_id: ctx.linkAction }),
		expect: staffAdmin(200),
	},
	/* a decision linked for each caller, so no caller unlinks another's */
	'DELETE /api/v1/roadmap-items/{id}/actions/{action_id}': {
		setup: async (ctx) => {
			const action = await ctx.minskAction();
			const r = await ctx.staff.api('POST', `/roadmap-items/${ctx.partnerItem}/actions`, { body: { action_item_id: action } });
			if (r.status !== 200)
				throw new Error(`link: ${r.status} ${r.text}`);
			return { path: `/api/v1/roadmap-items/${ctx.partnerItem}/actions/${action}` };
		},
		expect: staffAdmin(200),
	},
	'GET /api/v1/trade': { expect: readers(200) },
	'GET /api/v1/trade.csv': { expect: readers(200) },
	'POST /api/v1/trade.csv': { body: () => ({}), expect: staffAdmin(415) },
	'GET /api/v1/events': { expect: every(200) },
	'GET /api/v1/events.ics': { expect: every(200) },
	'POST /api/v1/events': { body: (ctx) => ctx.eventBody(), expect: staffAdmin(201) },
	'GET /api/v1/events/{id}': { path: (ctx) => `/api/v1/events/${ctx.event}`, expect: every(200) },
	'PATCH /api/v1/events/{id}': {
		setup: async (ctx) => ({ path: `/api/v1/events/${await ctx.throwawayEvent()}` }),
		body: () => ({ venue: 'online' }),
		expect: staffAdmin(200),
	},

	// --- live rooms (issue 5): guest links by the host's staff; attendance as the meeting ---
	'POST /api/v1/meetings/{id}/guest-links': {
		path: (ctx) => `/api/v1/meetings/${ctx.datedMeeting}/guest-links`,
		body: () => ({ name: 'Гость проверки' }),
		expect: staffAdmin(201),
	},
	'GET /api/v1/meetings/{id}/guest-links': {
		path: (ctx) => `/api/v1/meetings/${ctx.datedMeeting}/guest-links`,
		expect: staffAdmin(200),
	},
	'DELETE /api/v1/meetings/{id}/guest-links/{link_id}': {
		setup: async (ctx) => {
			const r = await ctx.staff.api('POST', `/meetings/${ctx.datedMeeting}/guest-links`, { body: { name: 'Отзыв' } });
			if (r.status !== 201)
				throw new Error(`guest link: ${r.status} ${r.text}`);
			return { path: `/api/v1/meetings/${ctx.datedMeeting}/guest-links/${r.json.id}` };
		},
		expect: staffAdmin(204),
	},
	// --- invitations (issue 14): the host's staff and admins see who was mailed ---
	'GET /api/v1/meetings/{id}/invitations': {
		path: (ctx) => `/api/v1/meetings/${ctx.datedMeeting}/invitations`,
		expect: staffAdmin(200),
	},
	'GET /api/v1/meetings/{id}/attendance': {
		path: (ctx) => `/api/v1/meetings/${ctx.minskMeeting}/attendance`,
		expect: { ...signedIn(200), partnerB: 404, correspondent: 404 },
	},

	// --- recordings (issue 13): as the meeting; removed by its host's staff and admins ---
	'GET /api/v1/meetings/{id}/recordings': {
		path: (ctx) => `/api/v1/meetings/${ctx.minskMeeting}/recordings`,
		expect: { ...signedIn(200), partnerB: 404, correspondent: 404 },
	},
	'GET /api/v1/recordings/{id}/files/{file_id}': {
		path: (ctx) => `/api/v1/recordings/${ctx.minskRecording}/files/${ctx.minskTrack}`,
		expect: { ...signedIn(200), partnerB: 404, correspondent: 404 },
	},
	'DELETE /api/v1/recordings/{id}': {
		setup: async (ctx) => ({ path: `/api/v1/recordings/${ctx.minskRecordingNew()}` }),
		expect: staffAdmin(204),
	},

	// --- aid shipments and delegations (issue 7): partners read their city's; staff of the city write ---
	'GET /api/v1/shipments': { expect: readers(200) },
	'POST /api/v1/shipments': { body: (ctx) => ctx.shipmentBody(), expect: staffAdmin(201) },
	'GET /api/v1/shipments/totals': { expect: readers(200) },
	'GET /api/v1/shipments/{id}': {
		path: (ctx) => `/api/v1/shipments/${ctx.shipment}`,
		expect: { ...readers(200), partnerA: 404, partnerB: 404 },
	},
	'PATCH /api/v1/shipments/{id}': {
		setup: async (ctx) => ({ path: `/api/v1/shipments/${(await ctx.throwawayShipment()).id}` }),
		body: () => ({ notes_en: 'Checked' }),
		expect: staffAdmin(200),
	},
	'POST /api/v1/shipments/{id}/distributions': {
		setup: async (ctx) => {
			const s = await ctx.throwawayShipment();
			ctx.distItem = s.items[0].id;
			return { path: `/api/v1/shipments/${s.id}/distributions` };
		},
		body: (ctx) => ctx.distributionBody(ctx.distItem),
		expect: staffAdmin(201),
	},
	'DELETE /api/v1/shipments/{id}/distributions/{distribution_id}': {
		setup: async (ctx) => {
			const s = await ctx.throwawayShipment();
			const r = await ctx.staff.api('POST', `/shipments/${s.id}/distributions`, { body: ctx.distributionBody(s.items[0].id) });
			return { path: `/api/v1/shipments/${s.id}/distributions/${r.json.distributions[0].id}` };
		},
		expect: staffAdmin(204),
	},
	'GET /api/v1/delegations': { expect: readers(200) },
	'POST /api/v1/delegations': { body: (ctx) => ctx.delegationBody(), expect: staffAdmin(201) },
	'GET /api/v1/delegations/{id}': {
		path: (ctx) => `/api/v1/delegations/${ctx.harbinDoctors}`,
		expect: { ...readers(200), partnerA: 404 },
	},
	'PATCH /api/v1/delegations/{id}': {
		setup: async (ctx) => ({ path: `/api/v1/delegations/${await ctx.throwawayDelegation()}` }),
		body: () => ({ people_count: 3 }),
		expect: staffAdmin(200),
	},

	// --- showcase (issue 7): writers are staff, admins and the event's partners (Harbin, not Minsk) ---
	'GET /api/v1/events/{id}/photos': { path: (ctx) => `/api/v1/events/${ctx.photoEvent}/photos`, expect: every(200) },
	/* a JSON body is not a picture: past the role and city checks, the type is refused */
	'POST /api/v1/events/{id}/photos': {
		path: (ctx) => `/api/v1/events/${ctx.photoEvent}/photos`,
		body: () => ({}),
		expect: { ...readers(415), partnerA: 403 },
	},
	'PATCH /api/v1/event-photos/{id}': {
		setup: async (ctx) => ({ path: `/api/v1/event-photos/${await ctx.throwawayPhoto()}` }),
		body: () => ({ caption_en: 'Checked' }),
		expect: { ...readers(200), partnerA: 403 },
	},
	'DELETE /api/v1/event-photos/{id}': {
		setup: async (ctx) => ({ path: `/api/v1/event-photos/${await ctx.throwawayPhoto()}` }),
		expect: { ...readers(204), partnerA: 403 },
	},
	'GET /api/v1/event-photos/{id}/image': { path: (ctx) => `/api/v1/event-photos/${ctx.photo}/image`, expect: every(200) },
	'GET /api/v1/event-photos/{id}/thumb': { path: (ctx) => `/api/v1/event-photos/${ctx.photo}/thumb`, expect: every(200) },
	'GET /api/v1/events/{id}/fair': { path: (ctx) => `/api/v1/events/${ctx.fairEvent}/fair`, expect: every(200) },
	'POST /api/v1/events/{id}/exhibitors': {
		path: (ctx) => `/api/v1/events/${ctx.fairEvent}/exhibitors`,
		body: (ctx) => ctx.exhibitorBody(),
		expect: { ...readers(201), partnerA: 403 },
	},
	'PATCH /api/v1/fair-exhibitors/{id}': {
		setup: async (ctx) => ({ path: `/api/v1/fair-exhibitors/${await ctx.throwawayExhibitor()}` }),
		body: () => ({ name: 'Checked' }),
		expect: { ...readers(200), partnerA: 403 },
	},
	'DELETE /api/v1/fair-exhibitors/{id}': {
		setup: async (ctx) => ({ path: `/api/v1/fair-exhibitors/${await ctx.throwawayExhibitor()}` }),
		expect: { ...readers(204), partnerA: 403 },
	},
	'POST /api/v1/fair-exhibitors/{id}/products': {
		setup: async (ctx) => ({ path: `/api/v1/fair-exhibitors/${await ctx.throwawayExhibitor()}/products` }),
		body: (ctx) => ctx.productBody(),
		expect: { ...readers(201), partnerA: 403 },
	},
	'PATCH /api/v1/fair-products/{id}': {
		setup: async (ctx) => ({ path: `/api/v1/fair-products/${await ctx.throwawayProduct()}` }),
		body: () => ({ name_en: 'Checked' }),
		expect: { ...readers(200), partnerA: 403 },
	},
	'DELETE /api/v1/fair-products/{id}': {
		setup: async (ctx) => ({ path: `/api/v1/fair-products/${await ctx.throwawayProduct()}` }),
		expect: { ...readers(204), partnerA: 403 },
	},
	'PUT /api/v1/fair-products/{id}/picture': {
		path: (ctx) => `/api/v1/fair-products/${ctx.product}/picture`,
		body: () => ({}),
		expect: { ...readers(415), partnerA: 403 },
	},
	'GET /api/v1/fair-products/{id}/picture': { path: (ctx) => `/api/v1/fair-products/${ctx.product}/picture`, expect: every(200) },
	'GET /api/v1/fair-products/{id}/thumb': { path: (ctx) => `/api/v1/fair-products/${ctx.product}/thumb`, expect: every(200) },
	'GET /api/v1/practices': { expect: every(200) },
	/* staff add their own city's (Moscow), admins default to theirs */
	'POST /api/v1/practices': {
		body: (ctx) => ({ sector: 'health', title_ru: `Практика ${ctx.unique()}`, title_en: `Practice ${ctx.unique()}` }),
		expect: staffAdmin(201),
	},
	'GET /api/v1/practices/{id}': { path: (ctx) => `/api/v1/practices/${ctx.mesh}`, expect: every(200) },
	'PATCH /api/v1/practices/{id}': {
		path: (ctx) => `/api/v1/practices/${ctx.mesh}`,
		body: () => ({ sector: 'education' }),
		expect: staffAdmin(200),
	},
	/* another city asks: Minsk and Harbin may, Moscow's staff and admin own it (own_city) */
	'POST /api/v1/practices/{id}/interests': {
		path: (ctx) => `/api/v1/practices/${ctx.mesh}/interests`,
		body: () => ({ message: 'Interested' }),
		expect: { ...readers(403), partnerA: 201, partnerB: 201 },
	},
	'PATCH /api/v1/practice-interests/{id}': {
		setup: async (ctx) => ({ path: `/api/v1/practice-interests/${await ctx.harbinInterest()}` }),
		body: () => ({ status: 'in_discussion' }),
		expect: staffAdmin(200),
	},
	// the dashboard per role (issue 15)
	'GET /api/v1/dashboard/work': { expect: signedIn(200) },
	// what the sources state (issue 15): as far as the meeting, the event, the practice is visible
	'GET /api/v1/meetings/{id}/quotes': {
		path: (ctx) => `/api/v1/meetings/${ctx.minskMeeting}/quotes`,
		expect: { ...signedIn(200), partnerB: 404, correspondent: 404 },
	},
	'GET /api/v1/events/{id}/quotes': { path: (ctx) => `/api/v1/events/${ctx.event}/quotes`, expect: every(200) },
	'GET /api/v1/cities/{id}/figures': { path: (ctx) => `/api/v1/cities/${ctx.cityId}/figures`, expect: every(200) },
	'GET /api/v1/practices/{id}/regions': { path: (ctx) => `/api/v1/practices/${ctx.mesh}/regions`, expect: every(200) },
	'GET /api/v1/city-regions': { expect: every(200) },
	// inputs a person can use (issue 15): a valid body, so that staff and admins get 200
	'PUT /api/v1/trade/points': {
		body: (ctx) => ({ reporter_city_id: ctx.staff.user.organization.city.id, partner_country: 'BY', flow: 'turnover',
			currency: 'USD', period: '2019', value: 1 }),
		expect: staffAdmin(200),
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
		kind: 'meeting of Minsk (the seeds\' 2023-2024 meeting)',
		find: (ctx) => ctx.minskMeeting,
		requests: [
			{ method: 'GET', path: (id) => `/api/v1/meetings/${id}`, expect: { partnerB: 404, partnerA: 200 } },
			{ method: 'GET', path: (id) => `/api/v1/meetings/${id}.ics`, expect: { partnerB: 404 } },
			{ method: 'PATCH', path: (id) => `/api/v1/meetings/${id}`, body: { status: 'cancelled' },
				expect: { partnerB: 403, partnerA: 403 } },
			{ method: 'POST', path: (id) => `/api/v1/meetings/${id}/actions`, body: { text_ru: 'Захват', text_en: 'Take over' },
				expect: { partnerB: 403 } },
			{ method: 'GET', path: (id) => `/api/v1/meetings/${id}/recordings`, expect: { partnerB: 404, partnerA: 200 } },
		],
	},
	{
		kind: 'recording of the Minsk meeting',
		find: (ctx) => ctx.minskRecording,
		requests: [
			{ method: 'GET', path: (id) => `/api/v1/recordings/${id}/files/1`, expect: { partnerB: 404 } },
			{ method: 'DELETE', path: (id) => `/api/v1/recordings/${id}`, expect: { partnerB: 403, partnerA: 403 } },
		],
	},
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
	{
		kind: 'aid shipment given by Minsk',
		find: (ctx) => ctx.minskShipment,
		requests: [
			{ method: 'GET', path: (id) => `/api/v1/shipments/${id}`, expect: { partnerB: 404, partnerA: 200 } },
			{ method: 'PATCH', path: (id) => `/api/v1/shipments/${id}`, body: { status: 'cancelled' },
				expect: { partnerB: 403, partnerA: 403 } },
			{ method: 'POST', path: (id) => `/api/v1/shipments/${id}/distributions`,
				body: { recipient_kind: 'other', recipient_name_en: 'Taken', lines: [{ item_id: 1 }] },
				expect: { partnerA: 403, partnerB: 403 } },
		],
	},
	{
		kind: 'delegation from Minsk',
		find: (ctx) => ctx.minskDelegation,
		requests: [
			{ method: 'GET', path: (id) => `/api/v1/delegations/${id}`, expect: { partnerB: 404, partnerA: 200 } },
			{ method: 'PATCH', path: (id) => `/api/v1/delegations/${id}`, body: { status: 'cancelled' },
				expect: { partnerB: 403, partnerA: 403 } },
		],
	},
	{
		kind: 'interest request of Minsk in MESH (Moscow\'s practice)',
		find: (ctx) => ctx.minskInterest,
		requests: [
			{ method: 'PATCH', path: (id) => `/api/v1/practice-interests/${id}`, body: { status: 'declined' },
				expect: { partnerB: 403, partnerA: 403 } },
		],
	},
	{
		kind: 'photo of the exhibition Harbin hosts (partner B\'s, not partner A\'s)',
		find: (ctx) => ctx.photo,
		requests: [
			{ method: 'PATCH', path: (id) => `/api/v1/event-photos/${id}`, body: { caption_en: 'Taken over' },
				expect: { partnerA: 403 } },
			{ method: 'DELETE', path: (id) => `/api/v1/event-photos/${id}`, expect: { partnerA: 403 } },
		],
	},
];
