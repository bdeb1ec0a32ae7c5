// docs/api/openapi.json: made from contract/*.json (tools/contract.mjs) and
// kept in git; valid OpenAPI 3.1 structure, and the contract's routes, roles,
// objects and error codes. No server needed.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

import { REPO } from './lib/server.mjs';
import { documentText, load } from '../../tools/contract.mjs';
import { ROUTES, routeKey } from './lib/routes.mjs';

const DOC_PATH = path.join(REPO, 'docs', 'api', 'openapi.json');
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const XROLES = ['public', 'correspondent', 'partner', 'staff', 'admin', 'signed-in'];
const CODES = ['not_found', 'method_not_allowed', 'invalid_json', 'validation_failed', 'unauthenticated',
	'forbidden', 'csrf_failed', 'invalid_credentials', 'too_many_attempts', 'payload_too_large',
	'conflict', 'unsupported_media_type', 'internal', 'duplicate_pair', 'type_mismatch', 'import_refused', 'too_many_rows',
	'other_side', 'not_a_roadmap',
	'not_your_city', 'over_distributed', 'not_arrived', 'shipment_distributed',
	'no_room', 'meeting_ended', 'meeting_cancelled', 'wrong_password', 'recording_in_progress', 'invalid_token',
	'token_used', 'token_expired', 'already_verified', 'not_retryable', 'not_discardable',
	// POST /people.vcf: the vCard reader's refusals (src/base/vcard.c)
	'invalid_utf8', 'control_character', 'syntax', 'unbalanced', 'unsupported_version', 'quoted_printable',
	'no_name', 'too_many_cards', 'no_cards', 'line_too_long', 'too_many_lines',
	// GET /ready: the database or the media server is down
	'not_ready',
	// found by tools/check-replies.mjs in the API suite's replies (and in src/), missing before
	'closed', 'image_too_complex', 'image_unreadable', 'invalid_content_length', 'invalid_transition', 'no_start_time',
	'not_editable', 'not_event_partner', 'not_own_city', 'not_owner_city', 'own_city', 'own_post', 'quota_exceeded',
	'shutting_down', 'too_many_pixels', 'wrong_status'];
// Successful answers are JSON, except the CSV export, the signed file's download and recorded tracks.
const OTHER_MEDIA = new Set(['GET /partnerships.csv', 'GET /trade.csv', 'GET /agreements/{id}/file',
	'GET /agreements/{id}/roadmap.csv', 'GET /recordings/{id}/files/{file_id}', 'GET /people.vcf']);

// The object fields of the contract.
const FIELDS = {
	User: ['id', 'email', 'name', 'role', 'locale', 'organization', 'disabled', 'created_at', 'email_verified',
		'email_verified_at', 'timezone'],
	Organization: ['id', 'kind', 'name_ru', 'name_en', 'short_ru', 'short_en', 'website', 'city', 'user_count',
		'created_at', 'updated_at'],
	Country: ['code', 'code3', 'numeric', 'name_ru', 'name_en', 'continent'],
	City: ['id', 'geonames_id', 'name_ru', 'name_en', 'country_code', 'country_name_ru', 'country_name_en',
		'admin1', 'latitude', 'longitude', 'timezone', 'population'],
	Problem: ['type', 'title', 'status', 'detail', 'code', 'instance', 'errors', 'report', 'line', 'quota', 'used',
		'remaining', 'needed', 'max_rows'],
};

const text = fs.readFileSync(DOC_PATH, 'utf8');
const doc = JSON.parse(text);

function resolve(node) {
	let n = node;
	for (let i = 0; n && typeof n === 'object' && typeof n.$ref === 'string'; i++) {
		assert.ok(i < 10, `$ref loop at ${node.$ref}`);
		assert.match(n.$ref, /^#\//, `only local $ref: ${n.$ref}`);
		n = n.$ref.slice(2).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
		    .reduce((o, k) => (o === undefined ? undefined : o[k]), doc);
		assert.ok(n !== undefined, `unresolvable $ref ${node.$ref}`);
	}
	return n;
}

function operations() {
	const ops = [];
	for (const [p, item] of Object.entries(doc.paths))
		for (const m of Object.keys(item))
			if (METHODS.includes(m))
				ops.push({ path: p, method: m.toUpperCase(), op: item[m], item });
	return ops;
}

test('top level: openapi 3.1, info, servers /api/v1, paths, components', () => {
	assert.match(doc.openapi, /^3\.1\.\d+$/);
	assert.equal(typeof doc.info?.title, 'string');
	assert.equal(typeof doc.info?.version, 'string');
	assert.equal(doc.info.version, '0.1.0');
	assert.ok(Array.isArray(doc.servers) && doc.servers.length >= 1);
	assert.equal(doc.servers[0].url, '/api/v1');
	assert.equal(typeof doc.paths, 'object');
	for (const p of Object.keys(doc.paths))
		assert.match(p, /^\/[^?#]*$/, `path key ${p}`);
	assert.equal(typeof doc.components, 'object');
	for (const k of Object.keys(doc))
		assert.ok(['openapi', 'info', 'jsonSchemaDialect', 'servers', 'paths', 'webhooks', 'components', 'security',
			'tags', 'externalDocs'].includes(k) || k.startsWith('x-'), `unknown top-level field ${k}`);
});

test('every $ref resolves', () => {
	let n = 0;
	(function walk(v) {
		if (Array.isArray(v))
			v.forEach(walk);
		else if (v && typeof v === 'object') {
			if (typeof v.$ref === 'string') {
				resolve(v);
				n++;
			}
			Object.values(v).forEach(walk);
		}
	})(doc);
	assert.ok(n > 0);
});

test('operations: unique operationId, responses with descriptions, x-roles', () => {
	const ids = new Set();
	for (const { path: p, method, op } of operations()) {
		const where = `${method} ${p}`;
		assert.match(op.operationId ?? '', /^[A-Za-z][A-Za-z0-9_]*$/, `${where}: operationId`);
		assert.ok(!ids.has(op.operationId), `${where}: duplicate operationId ${op.operationId}`);
		ids.add(op.operationId);
		assert.equal(typeof op.summary, 'string', `${where}: summary`);
		assert.ok(op.responses && Object.keys(op.responses).length > 0, `${where}: responses`);
		for (const [status, r0] of Object.entries(op.responses)) {
			assert.match(status, /^([1-5]\d\d|[1-5]XX|default)$/, `${where}: status key ${status}`);
			const r = resolve(r0);
			assert.equal(typeof r.description, 'string', `${where} ${status}: description`);
			assert.ok(r.headers && r.headers['X-Request-Id'], `${where} ${status}: X-Request-Id header`);
			for (const [ct, media] of Object.entries(r.content ?? {})) {
				assert.ok(media.schema, `${where} ${status} ${ct}: schema`);
				if (Number(status) >= 400)
					assert.equal(ct, 'application/problem+json', `${where} ${status}: error media type`);
				else if (OTHER_MEDIA.has(where))
					assert.match(ct, /^(text\/csv|text\/vcard|application\/pdf|image\/(png|jpeg)|audio\/(ogg|wav)|video\/(webm|mp4))$/,
					    `${where} ${status}: media type`);
				else	/* JSON, an iCalendar document or an Atom feed */
					assert.ok(['application/json', 'text/calendar', 'application/atom+xml'].includes(ct),
					    `${where} ${status}: media type ${ct}`);
			}
		}
		assert.ok(Object.keys(op.responses).some((s) => /^2/.test(s)), `${where}: a 2xx response`);
		const roles = op['x-roles'];
		assert.ok(Array.isArray(roles) && roles.length > 0, `${where}: x-roles`);
		for (const r of roles)
			assert.ok(XROLES.includes(r), `${where}: x-roles value ${r}`);
		if (roles.includes('public') || roles.includes('signed-in'))
			assert.equal(roles.length, 1, `${where}: public/signed-in stand alone`);
	}
});

test('path parameters: every {name} declared, required, in: path', () => {
	for (const { path: p, method, op, item } of operations()) {
		const names = [...p.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]).sort();
		const params = [...(item.parameters ?? []), ...(op.parameters ?? [])].map(resolve);
		for (const prm of params) {
			assert.ok(['query', 'header', 'path', 'cookie'].includes(prm.in), `${method} ${p}: parameter in`);
			assert.equal(typeof prm.name, 'string');
			assert.ok(prm.schema, `${method} ${p}: parameter ${prm.name} schema`);
		}
		const declared = params.filter((x) => x.in === 'path');
		assert.deepEqual(declared.map((x) => x.name).sort(), names, `${method} ${p}: path parameters`);
		for (const x of declared)
			assert.equal(x.required, true, `${method} ${p}: path parameter ${x.name} required`);
	}
});

test('the document is the one the contract makes (node tools/contract.mjs openapi docs/api/openapi.json)', () => {
	assert.ok(text === documentText(load()), 'docs/api/openapi.json differs from what contract/*.json makes');
});

test('routes: the document and lib/routes.mjs list the same operations with the same roles', () => {
	const inDoc = new Map(operations().map((o) => [`${o.method} ${o.path}`, o.op['x-roles']]));
	const inList = new Map(ROUTES.map((r) => [routeKey(r), r.roles]));
	assert.deepEqual([...inDoc.keys()].sort(), [...inList.keys()].sort());
	for (const [k, roles] of inList)
		assert.deepEqual([...inDoc.get(k)].sort(), [...roles].sort(), `${k}: x-roles`);
});

test('security: cookie pobratim_session and X-CSRF-Token; operations use them by role', () => {
	const schemes = doc.components.securitySchemes;
	const cookie = Object.entries(schemes).find(([, s]) => s.type === 'apiKey' && s.in === 'cookie');
	const header = Object.entries(schemes).find(([, s]) => s.type === 'apiKey' && s.in === 'header');
	assert.ok(cookie, 'a cookie apiKey scheme');
	assert.equal(cookie[1].name, 'pobratim_session');
	assert.ok(header, 'a header apiKey scheme');
	assert.equal(header[1].name, 'X-CSRF-Token');
	for (const { path: p, method, op } of operations()) {
		const where = `${method} ${p}`;
		assert.ok(Array.isArray(op.security ?? doc.security), `${where}: security`);
		const sec = op.security ?? doc.security;
		for (const req of sec)
			for (const name of Object.keys(req))
				assert.ok(schemes[name], `${where}: unknown security scheme ${name}`);
		if (op['x-roles'].includes('public')) {
			assert.deepEqual(sec, [], `${where}: public operation needs no credentials`);
			continue;
		}
		assert.ok(sec.length > 0 && sec.every((r) => cookie[0] in r), `${where}: needs the session cookie`);
		if (['POST', 'PUT', 'PATCH', 'DELETE'].includes(method))
			assert.ok(sec.every((r) => header[0] in r), `${where}: unsafe method needs X-CSRF-Token`);
		assert.ok(op.responses['401'], `${where}: 401`);
		const r401 = resolve(op.responses['401']);
		assert.ok(r401.content['application/problem+json'], `${where}: 401 problem+json`);
		if (!op['x-roles'].includes('signed-in'))
			assert.ok(op.responses['403'], `${where}: 403 for the wrong role`);
	}
});

test('schemas: the contract objects, page wrappers, problem codes', () => {
	const s = doc.components.schemas;
	for (const [name, fields] of Object.entries(FIELDS)) {
		assert.ok(s[name], `schema ${name}`);
		assert.deepEqual(Object.keys(s[name].properties).sort(), [...fields].sort(), `${name} properties`);
	}
	for (const name of ['User', 'Organization', 'Country', 'City'])
		assert.deepEqual([...s[name].required].sort(), [...FIELDS[name]].sort(), `${name} required`);
	assert.deepEqual([...s.Problem.properties.code.enum].sort(), [...CODES].sort());
	assert.deepEqual(resolve(s.Organization.properties.kind).enum.sort(), ['business', 'chamber_of_commerce',
		'city_administration', 'clinic', 'compatriot_organization', 'department', 'media', 'ngo', 'other',
		'university']);
	assert.deepEqual(resolve(s.User.properties.role).enum.sort(), ['admin', 'correspondent', 'partner', 'staff']);
	assert.deepEqual(resolve(s.User.properties.locale).enum.sort(), ['en', 'ru']);
	for (const [name, schema] of Object.entries(s)) {
		for (const f of schema.required ?? [])
			assert.ok(schema.properties && f in schema.properties, `${name}: required ${f} not in properties`);
	}
	// the list operations answer page wrappers and take limit and cursor
	for (const [p, item] of [['/cities', 'City'], ['/organizations', 'Organization'], ['/users', 'User']]) {
		const op = doc.paths[p].get;
		const body = resolve(resolve(op.responses['200']).content['application/json'].schema);
		assert.deepEqual([...body.required].sort(), ['items', 'next_cursor'], `${p} page`);
		assert.equal(resolve(body.properties.items.items), s[item], `${p} items`);
		assert.deepEqual(body.properties.next_cursor.type, ['string', 'null'], `${p} next_cursor`);
		const params = op.parameters.map(resolve);
		const limit = params.find((x) => x.name === 'limit');
		assert.deepEqual({ in: limit.in, min: limit.schema.minimum, max: limit.schema.maximum, def: limit.schema.default },
		    { in: 'query', min: 1, max: 200, def: 50 }, `${p} limit`);
		assert.ok(params.find((x) => x.name === 'cursor' && x.in === 'query'), `${p} cursor`);
		assert.ok(params.find((x) => x.name === 'q' && x.in === 'query'), `${p} q`);
		assert.ok(op.responses['400'], `${p} 400`);
	}
	const cities = doc.paths['/cities'].get.parameters.map(resolve);
	assert.ok(cities.find((x) => x.name === 'country'), '/cities country filter');
	const orgs = doc.paths['/organizations'].get.parameters.map(resolve);
	assert.ok(orgs.find((x) => x.name === 'kind') && orgs.find((x) => x.name === 'city_id'), '/organizations filters');
	const users = doc.paths['/users'].get.parameters.map(resolve);
	assert.ok(users.find((x) => x.name === 'role'), '/users role filter');
});

test('documented error answers of the contract', () => {
	const resp = (p, m, s) => resolve(doc.paths[p][m].responses[s]);
	const codesOf = (r) => Object.values(r.content['application/problem+json'].examples ?? {}).map((e) => e.value.code);
	assert.deepEqual(codesOf(resp('/session', 'post', '401')), ['invalid_credentials']);
	const r429 = resp('/session', 'post', '429');
	assert.deepEqual(codesOf(r429), ['too_many_attempts']);
	assert.ok(r429.headers['Retry-After'], '429 Retry-After header');
	assert.deepEqual(codesOf(resp('/organizations/{id}', 'delete', '409')), ['conflict']);
	assert.deepEqual(codesOf(resp('/users/{id}', 'delete', '409')), ['conflict']);
	assert.deepEqual(codesOf(resp('/users', 'post', '409')), ['conflict']);
	for (const [p, m] of [['/session', 'post'], ['/me', 'patch'], ['/organizations', 'post'], ['/users', 'post'],
		['/organizations/{id}', 'patch'], ['/users/{id}', 'patch']]) {
		const op = doc.paths[p][m];
		assert.ok(op.requestBody?.content?.['application/json']?.schema, `${m} ${p}: JSON request body`);
		assert.deepEqual(codesOf(resp(p, m, '400')).sort(), ['invalid_json', 'validation_failed'], `${m} ${p}: 400`);
		assert.deepEqual(codesOf(resp(p, m, '413')), ['payload_too_large'], `${m} ${p}: 413`);
		assert.deepEqual(codesOf(resp(p, m, '415')), ['unsupported_media_type'], `${m} ${p}: 415`);
	}
	const login = resolve(doc.paths['/session'].post.requestBody.content['application/json'].schema);
	assert.deepEqual([...login.required].sort(), ['email', 'password']);
	const userCreate = resolve(doc.paths['/users'].post.requestBody.content['application/json'].schema);
	assert.deepEqual([...userCreate.required].sort(), ['email', 'name', 'organization_id', 'password', 'role']);
	assert.equal(userCreate.properties.password.minLength, 10);
});
