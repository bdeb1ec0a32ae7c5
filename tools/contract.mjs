#!/usr/bin/env node
// tools/contract.mjs: the API's one description (contract/*.json) and what is
// made from it. contract/openapi.json holds the document's frame and the
// objects several resources share; every other file is one resource (an
// OpenAPI tag): its routes, each with its handler, the roles that may call it,
// whether its reply may be kept (cached) and an upload's own body ceiling,
// and the OpenAPI operation; then the objects only it uses.
//
//   node tools/contract.mjs openapi FILE   the OpenAPI 3.1 document
//   node tools/contract.mjs c FILE         the C route table (src/api/routes.c, api.h)
//   node tools/contract.mjs bodies FILE    the request bodies' check tables (src/api/bodies.c)
//   node tools/contract.mjs bodies-h FILE  their declarations (src/api/api.h)
//   node tools/contract.mjs ts FILE        routes, roles, error codes and types for the web UI
//   node tools/contract.mjs messages FILE  the WebSocket messages' table (src/api/ws_router.c)
//   node tools/contract.mjs records DIR    the stored records: DIR/records.h (struct members and
//                                          SQL lists), DIR/db_records.{h,inc} (rows read by column
//                                          name, parameters bound), DIR/api_records.{h,inc} (JSON)
//
// Imported by the test harness: its route list (tests/api/lib/routes.mjs),
// and openapi-doc.test.mjs, which fails when docs/api/openapi.json is not the
// document made here.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DIR = path.join(REPO, 'contract');
const FRAME = 'openapi.json';
export const ROLES = ['correspondent', 'partner', 'staff', 'admin'];
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function fail(file, msg) {
	throw new Error(`contract/${file}: ${msg}`);
}

function read(file) {
	try {
		return JSON.parse(fs.readFileSync(path.join(DIR, file), 'utf8'));
	} catch (e) {
		fail(file, e.message);
	}
}

/* One route of a resource file, checked: what the generators need. */
function route(file, tag, r) {
	const m = /^([A-Z]+) (\/[^ ?#]*)$/.exec(r.route ?? '');
	if (!m || !METHODS.includes(m[1]))
		fail(file, `"${r.route}": a route is "METHOD /path"`);
	if (!/^api_[a-z0-9_]+$/.test(r.handler ?? ''))
		fail(file, `${r.route}: handler "${r.handler}" is not an api_ function`);
	const roles = r.roles ?? [];
	const open = roles.length === 1 && (roles[0] === 'public' || roles[0] === 'signed-in');
	if (!open && (roles.length === 0 || roles.some((x) => !ROLES.includes(x))))
		fail(file, `${r.route}: roles are ["public"], ["signed-in"] or some of ${ROLES.join(', ')}`);
	if (r.cached && m[1] !== 'GET')
		fail(file, `${r.route}: only a GET may be cached`);
	if (r.max_body !== undefined && !/^[A-Z][A-Z0-9_]*$/.test(r.max_body))
		fail(file, `${r.route}: max_body names a C constant`);
	if (!r.operation?.operationId)
		fail(file, `${r.route}: an operation with an operationId`);
	if (r.codes !== undefined && (!Array.isArray(r.codes) || r.codes.some((x) => !/^[a-z][a-z0-9_]*$/.test(x))))
		fail(file, `${r.route}: codes is a list of problem codes`);
	return { method: m[1], path: m[2], handler: r.handler, roles, cached: r.cached === true,
		maxBody: r.max_body ?? null, tag, operation: r.operation, codes: r.codes ?? [] };
}

/* The contract: the frame, and the resources in their files' order (by name). */
export function load() {
	const frame = read(FRAME);
	const files = fs.readdirSync(DIR).filter((f) => f.endsWith('.json') && f !== FRAME).sort();
	const tags = [];
	const routes = [];
	const messages = [];
	const schemas = { ...frame.components.schemas };
	const seen = new Map();
	for (const file of files) {
		const res = read(file);
		if (res.tag?.name !== path.basename(file, '.json'))
			fail(file, `tag.name is "${path.basename(file, '.json')}", the file's name`);
		tags.push(res.tag);
		for (const r of res.routes ?? []) {
			const x = route(file, res.tag.name, r);
			const key = `${x.method} ${x.path}`;
			if (seen.has(key))
				fail(file, `${key} is in ${seen.get(key)} too`);
			seen.set(key, file);
			routes.push(x);
		}
		for (const m of res.messages ?? []) {
			if (!/^[a-z][a-z.]*$/.test(m.type ?? '') || !/^[a-z_][a-z0-9_]*$/.test(m.handler ?? '') || !m.schema)
				fail(file, `a message is {"type": "room.join", "schema": "WsRoomJoin", "handler": "room_join"}`);
			if (messages.some((x) => x.type === m.type))
				fail(file, `message ${m.type} is described twice`);
			messages.push({ type: m.type, schema: m.schema, handler: m.handler });
		}
		for (const [name, s] of Object.entries(res.schemas ?? {})) {
			if (name in schemas)
				fail(file, `schema ${name} is described twice`);
			schemas[name] = s;
		}
	}
	const known = new Set(schemas.Problem.properties.code.enum);
	for (const r of routes)
		for (const code of r.codes)
			if (!known.has(code) || commonCodes(r).includes(code))
				throw new Error(`contract: ${r.method} ${r.path}: "${code}" is ${known.has(code) ?
				    'one every such route may send (not listed)' : 'not a code of Problem'}`);
	const patches = new Map();	/* a patch's name: its base's */
	for (const [name, sch] of Object.entries(schemas))
		if (sch['x-patch-of']) {
			schemas[name] = patchOf(name, sch, schemas);
			patches.set(name, sch['x-patch-of']);
		}
	for (const m of messages)
		if (schemas[m.schema]?.type !== 'object')
			throw new Error(`contract: message ${m.type}: schema ${m.schema} is not described`);
	return { frame, tags, routes, messages, schemas, patches };
}

/*
 * A PATCH body written as {"x-patch-of": "PartnershipCreate"}: the same
 * members, none required, at least one given. Its own "description" stays.
 */
function patchOf(name, sch, schemas) {
	const base = schemas[sch['x-patch-of']];
	if (!base || base['x-patch-of'] || base.type !== 'object')
		throw new Error(`contract: ${name} is the patch of "${sch['x-patch-of']}", not an object described there`);
	const { required, description, ...rest } = base;
	return { ...rest, ...(sch.description ? { description: sch.description } : {}), minProperties: 1,
		additionalProperties: false };
}

/*
 * The problem codes a route may send because of what it is, which its
 * "codes" do not repeat: internal; signing in and roles; the CSRF check of
 * an unsafe method; a body's reading and checks; a path's {id} that names
 * nothing; a query's checks.
 */
function commonCodes(r) {
	const op = r.operation;
	const body = op.requestBody?.content ?? {};
	const c = ['internal'];
	if (r.roles[0] !== 'public')
		c.push('unauthenticated', 'forbidden');
	if (UNSAFE.has(r.method) && r.roles[0] !== 'public')
		c.push('csrf_failed');
	if (body['application/json'])
		c.push('invalid_json', 'validation_failed');
	if (op.requestBody)
		c.push('unsupported_media_type', 'payload_too_large');
	if (r.path.includes('{'))
		c.push('not_found');
	if ((op.parameters ?? []).some((p) => p.in === 'query' || (p.$ref && !p.$ref.endsWith('/id'))))
		c.push('validation_failed');
	return [...new Set(c)];
}

/* Every problem code the route may send: x-problem-codes of its operation. */
export const problemCodes = (r) => [...new Set([...commonCodes(r), ...r.codes])].sort();

/* The operation as the document has it: its tag, roles, credentials and problem codes stated. */
function documented(r) {
	const op = { ...r.operation };
	const security = r.roles[0] === 'public' ? [] : UNSAFE.has(r.method) ? [{ session: [], csrf: [] }] : [{ session: [] }];
	const out = { operationId: op.operationId, summary: op.summary, tags: op.tags ?? [r.tag], 'x-roles': r.roles,
		'x-problem-codes': problemCodes(r), ...op, security };
	if (out.summary === undefined)
		delete out.summary;
	return out;
}

export function openapi(c = load()) {
	const paths = {};
	for (const r of c.routes)
		(paths[r.path] ??= {})[r.method.toLowerCase()] = documented(r);
	const { components, ...head } = c.frame;
	return { ...head, tags: c.tags, paths, components: { ...components, schemas: published(c.schemas) } };
}

/* The schemas without x-db and x-column, which say how the server stores them. */
function published(schemas) {
	const out = {};
	for (const [name, s] of Object.entries(schemas)) {
		if (!s['x-db']) {
			out[name] = s;
			continue;
		}
		const { 'x-db': _, ...rest } = s;
		rest.properties = Object.fromEntries(Object.entries(s.properties).map(([k, v]) => {
			const { 'x-column': __, ...prop } = v;
			return [k, prop];
		}));
		out[name] = rest;
	}
	return out;
}

export const documentText = (c) => JSON.stringify(openapi(c), null, 2) + '\n';

/*
 * The route table's order: the router takes the first route whose method and
 * path match, so at each segment a literal comes before "{id}.ics", which
 * comes before "{id}" (/meetings/slots before /meetings/{id}).
 */
function rank(p) {
	return p.split('/').slice(1).map((s) => (!s.startsWith('{') ? 0 : s.endsWith('}') ? 2 : 1));
}

function specific(a, b) {
	const ra = rank(a.path);
	const rb = rank(b.path);
	for (let i = 0; i < Math.min(ra.length, rb.length); i++)
		if (ra[i] !== rb[i])
			return ra[i] - rb[i];
	return 0;
}

export const ordered = (c = load()) => [...c.routes].sort(specific);

function cRoles(roles) {
	if (roles[0] === 'public')
		return 'ROLES_ANY';
	if (roles[0] === 'signed-in')
		return 'ROLES_SIGNED_IN';
	return roles.map((x) => `ROLE_${x.toUpperCase()}`).join(' | ');
}

/* API_ROUTE(method, pattern, handler, roles, max_body, cached), in the table's order. */
export function cTable(c = load()) {
	const lines = ordered(c).map((r) => `API_ROUTE(HTTP_${r.method}, ${JSON.stringify(r.path)}, ${r.handler}, ` +
		`${cRoles(r.roles)}, ${r.maxBody ?? 0}, ${r.cached})`);
	return '/* made by tools/contract.mjs from contract/<resource>.json: edit those */\n' + lines.join('\n') + '\n';
}

/* The schema a $ref names, followed to the end. */
function resolved(c, node) {
	let n = node;
	for (let i = 0; n?.$ref; i++) {
		if (i > 10 || !n.$ref.startsWith('#/components/schemas/'))
			throw new Error(`contract: cannot follow ${node.$ref}`);
		n = c.schemas[n.$ref.slice('#/components/schemas/'.length)];
	}
	return n;
}

/* A member's schema without its null alternative: [schema, nullable, the name of the schema it refers to]. */
function nonNull(c, prop) {
	for (const k of ['oneOf', 'anyOf']) {
		if (!prop[k])
			continue;
		const alts = prop[k].filter((x) => resolved(c, x).type !== 'null');
		if (alts.length !== 1)
			throw new Error(`contract: a body member's ${k} is one schema or null`);
		return [resolved(c, alts[0]), alts.length < prop[k].length, refName(alts[0])];
	}
	const p = resolved(c, prop);
	const types = [p.type].flat();
	return [p, types.includes('null'), refName(prop)];
}

const refName = (node) => node.$ref?.split('/').pop() ?? null;

const bound = (v, dflt) => (v === undefined ? dflt : String(v));

/*
 * The jv_field (src/json/json.h) that checks one member of a request body,
 * as its schema states it: strings by minLength/maxLength (0: unbounded) or
 * enum, format email and uri; an integer of minimum 1 and no maximum is an
 * id; an array of strings of 1..64 characters, or of an enum, is JV_STRINGS, any other
 * array JV_ARRAY (its elements checked by the handler, or by the table of
 * their object schema with jv_check_items).
 */
function jvField(c, where, name, prop, required) {
	const [p, nullable, ref] = nonNull(c, prop);
	const t = [p.type].flat().find((x) => x !== 'null');
	const f = { name, type: null, required, nullable, min: '0', max: '0', values: null, enumName: null };
	if (t === 'string' && p.enum) {
		f.type = 'JV_ENUM';
		f.values = p.enum.filter((v) => v !== null);
		f.enumName = ref;
	} else if (t === 'string' && p.format === 'email')
		f.type = 'JV_EMAIL';
	else if (t === 'string') {
		f.type = p.format === 'uri' ? 'JV_URL' : 'JV_STRING';
		f.min = bound(p.minLength, '0');
		f.max = bound(p.maxLength, '0');
	} else if (t === 'integer' && p.minimum === 1 && p.maximum === undefined)
		f.type = 'JV_ID';
	else if (t === 'integer' || t === 'number') {
		f.type = t === 'integer' ? 'JV_INT' : 'JV_NUMBER';
		f.min = bound(p.minimum ?? p.exclusiveMinimum, undefined);
		f.max = bound(p.maximum, t === 'integer' ? 'INT64_MAX' : undefined);
		if (f.min === undefined || f.max === undefined)
			throw new Error(`contract: ${where}.${name}: a number needs its minimum and maximum`);
	} else if (t === 'boolean')
		f.type = 'JV_BOOL';
	else if (t === 'array') {
		const items = resolved(c, p.items ?? {});
		const words = items.type === 'string' && (items.enum || (items.minLength === 1 && items.maxLength === 64));
		f.type = words ? 'JV_STRINGS' : 'JV_ARRAY';
		f.values = words ? items.enum ?? null : null;
		f.enumName = words && items.enum ? refName(p.items) : null;
		f.min = bound(p.minItems, '0');
		f.max = bound(p.maxItems, undefined);
		if (f.max === undefined)
			throw new Error(`contract: ${where}.${name}: an array needs its maxItems`);
	} else if (t === 'object') {
		f.type = 'JV_OBJECT';
		f.min = bound(p.minProperties, '0');
		f.max = bound(p.maxProperties, undefined);
		if (f.max === undefined)
			throw new Error(`contract: ${where}.${name}: an object member needs its maxProperties`);
	} else
		throw new Error(`contract: ${where}.${name}: no check for type ${JSON.stringify(p.type)}`);
	return f;
}

const snake = (name) => name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
export const bodyName = (schema) => `api_${snake(schema)}_body`;

/*
 * The request bodies the C handlers check: every object schema a route takes
 * as application/json, and the objects of its arrays (meeting participants,
 * shipment items), but not a patch (x-patch-of), whose handler checks its
 * base's table in partial mode. An unnamed body is refused: its table needs
 * a name.
 */
export function bodies(c = load()) {
	const out = new Map();
	const add = (name) => {
		const sch = c.schemas[name];
		if (out.has(name) || c.patches.has(name))
			return;
		if (sch?.type !== 'object' || !sch.properties)
			throw new Error(`contract: request body ${name} is not an object with properties`);
		const required = new Set(sch.required ?? []);
		const fields = Object.entries(sch.properties).map(([n, p]) => jvField(c, name, n, p, required.has(n)));
		out.set(name, fields);
		for (const p of Object.values(sch.properties)) {
			const [q] = nonNull(c, p);
			if (q.type === 'array' && q.items?.$ref && resolved(c, q.items).type === 'object')
				add(q.items.$ref.split('/').pop());
		}
	};
	for (const r of c.routes) {
		const s = r.operation.requestBody?.content?.['application/json']?.schema;
		if (!s)
			continue;
		if (!s.$ref)
			throw new Error(`contract: ${r.method} ${r.path}: name its request body in schemas`);
		add(s.$ref.split('/').pop());
	}
	for (const m of c.messages)
		add(m.schema);
	return [...out].map(([schema, fields]) => ({ schema, name: bodyName(schema), fields }));
}

const cString = (s) => JSON.stringify(s);

/* The named enums of the request bodies (Sector, PartnershipKind): each once, for handlers too. */
function namedEnums(list) {
	const out = new Map();
	for (const b of list)
		for (const f of b.fields)
			if (f.enumName)
				out.set(`api_${snake(f.enumName)}_values`, f.values);
	return out;
}

/* build/gen/request_bodies.inc: the tables, and the api_body of each (src/api/bodies.c includes it). */
export function cBodies(c = load()) {
	const lines = ['/* made by tools/contract.mjs from contract/<resource>.json: edit those */'];
	const list = bodies(c);
	for (const [name, values] of namedEnums(list))
		lines.push(`const char *const ${name}[] = { ${values.map(cString).join(', ')}, NULL };`);
	for (const b of list) {
		const rows = b.fields.map((f) => {
			let values = 'NULL';
			if (f.enumName)
				values = `api_${snake(f.enumName)}_values`;
			else if (f.values) {
				values = `${b.name}_${f.name}`;
				lines.push(`static const char *const ${values}[] = { ${f.values.map(cString).join(', ')}, NULL };`);
			}
			const flags = [f.required && 'JV_REQUIRED', f.nullable && 'JV_NULLABLE'].filter(Boolean).join(' | ') || '0';
			return `\t{ ${cString(f.name)}, ${f.type}, ${flags}, ${f.min}, ${f.max}, ${values} },`;
		});
		lines.push(`static const struct jv_field ${b.name}_fields[] = {`, ...rows, '};');
		lines.push(`const struct api_body ${b.name} = API_BODY(${cString(b.schema)}, ${b.name}_fields);`);
	}
	return lines.join('\n') + '\n';
}

/* build/gen/request_bodies.h: their declarations, the named enums', and API_CONTRACT_BODIES, the list of them. */
export function cBodiesH(c = load()) {
	const list = bodies(c);
	return ['/* made by tools/contract.mjs from contract/<resource>.json: edit those */',
		...[...namedEnums(list).keys()].map((n) => `extern const char *const ${n}[];	/* NULL-terminated */`),
		...list.map((b) => `extern const struct api_body ${b.name};`),
		`#define API_CONTRACT_BODIES \\\n${list.map((b) => `\t&${b.name}`).join(', \\\n')}`, ''].join('\n');
}

/* build/gen/ws_messages.inc: WS_MESSAGE(type, body, handler) per WebSocket message (src/api/ws_router.c). */
export function cMessages(c = load()) {
	return ['/* made by tools/contract.mjs from contract/realtime.json: edit that */',
		...c.messages.map((m) => `WS_MESSAGE(${cString(m.type)}, ${bodyName(m.schema)}, ${m.handler})`), ''].join('\n');
}

/* The error codes a problem may carry: Problem.code's enum. */
export function errorCodes(c = load()) {
	const codes = c.schemas.Problem?.properties?.code?.enum;
	if (!Array.isArray(codes))
		throw new Error('contract/openapi.json: Problem.code has no enum');
	return codes;
}

const TS_NAME = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/* The TypeScript type of a schema, as the document describes it (indent: the nesting's). */
function tsType(c, node, indent = '') {
	if (node.$ref)
		return node.$ref.split('/').pop();
	for (const k of ['oneOf', 'anyOf'])
		if (node[k])
			return node[k].map((x) => tsType(c, x, indent)).join(' | ');
	if (node.allOf)
		return node.allOf.map((x) => tsType(c, x, indent)).join(' & ');
	if (node.const !== undefined)
		return JSON.stringify(node.const);
	if (node.enum)
		return node.enum.map((v) => JSON.stringify(v)).join(' | ');
	const types = [node.type ?? 'unknown'].flat();
	return types.map((t) => {
		switch (t) {
		case 'string': return 'string';
		case 'integer': case 'number': return 'number';
		case 'boolean': return 'boolean';
		case 'null': return 'null';
		case 'array': {
			const item = tsType(c, node.items ?? {}, indent);
			return /^[A-Za-z0-9_]+$/.test(item) ? `${item}[]` : `(${item})[]`;
		}
		case 'object': return tsObject(c, node, indent);
		default: return 'unknown';
		}
	}).join(' | ');
}

function tsObject(c, node, indent) {
	if (!node.properties)
		return 'Record<string, unknown>';
	const required = new Set(node.required ?? []);
	const inner = `${indent}  `;
	const members = Object.entries(node.properties).map(([k, p]) => {
		const doc = p.description ? `${inner}/** ${p.description.replace(/\*\//g, '*\\/').split('\n')[0]} */\n` : '';
		const key = TS_NAME.test(k) ? k : JSON.stringify(k);
		return `${doc}${inner}${key}${required.has(k) ? '' : '?'}: ${tsType(c, p, inner)};`;
	});
	return `{\n${members.join('\n')}\n${indent}}`;
}

const CONSTANT = (name) => snake(name).toUpperCase();

/*
 * Every schema of the contract as a TypeScript type of the same name; a patch
 * is Partial<> of its base; an enum also as the list of its values
 * (PartnershipKind: PARTNERSHIP_KIND), for selects and filters.
 */
function tsSchemas(c) {
	return Object.entries(c.schemas).map(([name, s]) => {
		const doc = s.description ? `/** ${s.description.replace(/\*\//g, '*\\/').split('\n')[0]} */\n` : '';
		if (c.patches.has(name))
			return `${doc}export type ${name} = Partial<${c.patches.get(name)}>;`;
		const values = Array.isArray(s.enum) ? `\nexport const ${CONSTANT(name)} = ${JSON.stringify(s.enum)} as const;` : '';
		return `${doc}export type ${name} = ${tsType(c, s)};${values}`;
	});
}

export function tsModule(c = load()) {
	const routes = Object.fromEntries(c.routes.map((r) => [`${r.method} ${r.path}`, r.roles]));
	return [
		'// Made by tools/contract.mjs from contract/*.json: edit those, not this file.',
		'',
		'/** Who may call each route: "public" (anyone), "signed-in" (any role), or the roles. */',
		`export const ROUTE_ROLES = ${JSON.stringify(routes, null, 2)} as const;`,
		'export type Route = keyof typeof ROUTE_ROLES;',
		'/** The codes of the server\'s problem+json answers. */',
		`export const ERROR_CODES = ${JSON.stringify(errorCodes(c), null, 2)} as const;`,
		'export type ErrorCode = (typeof ERROR_CODES)[number];',
		'',
		'// The objects of the API, as the contract describes them.',
		...tsSchemas(c),
		'',
	].join('\n');
}

/*
 * Records: a reply schema with "x-db": "db_partnership" is stored in that
 * struct, and each of its members with "x-column": KIND is a column of the
 * same name that the body writes as it is and the reply reads back as it is.
 * KIND is the C form: text (const char *, NULL for null), int (int64_t), id
 * (int64_t, 0 for null), bool, real (double) or amount (double, 0 or less
 * for null). A member with "x-roles" is written into a reply only for a
 * caller of one of those roles (the document keeps x-roles). From these
 * members alone come the struct's members, the SQL lists, the row reader (by
 * column name), the binder, the body's copy and the JSON writer, so a new
 * plain column is written once, here.
 */
const KINDS = {
	text: { type: 'string', c: 'const char\t*', col: 'col_text(st, a, i)', bind: 'stmt_text', json: 'api_str_or_null(r->%)', get: 'json_string_value(v)' },
	int: { type: 'integer', c: 'int64_t\t\t ', col: 'col_int(st, i)', bind: 'stmt_int', json: 'json_integer(r->%)', get: 'json_integer_value(v)' },
	id: { type: 'integer', c: 'int64_t\t\t ', col: 'col_int(st, i)', bind: 'stmt_id', json: 'api_id_or_null(r->%)', get: 'json_integer_value(v)' },
	bool: { type: 'boolean', c: 'bool\t\t ', col: 'col_int(st, i) != 0', bind: 'stmt_int', json: 'json_boolean(r->%)', get: 'json_is_true(v)' },
	real: { type: 'number', c: 'double\t\t ', col: 'col_double(st, i)', bind: 'stmt_double', json: 'json_real(r->%)', get: 'json_number_value(v)' },
	amount: { type: 'number', c: 'double\t\t ', col: 'col_double(st, i)', bind: 'stmt_amount', json: 'api_amount_or_null(r->%)', get: 'json_number_value(v)' },
};
const PARAM_BASES = 24;	/* the first parameter a record's columns may take: $1 .. $24 */

export function records(c = load()) {
	const out = [];
	for (const [name, s] of Object.entries(c.schemas)) {
		if (!s['x-db'])
			continue;
		if (!/^db_[a-z0-9_]+$/.test(s['x-db']))
			throw new Error(`contract: ${name}: x-db names a struct db_...`);
		const columns = [];
		for (const [member, prop] of Object.entries(s.properties ?? {})) {
			const kind = prop['x-column'];
			if (kind === undefined)
				continue;
			if (!KINDS[kind] || !/^[a-z][a-z0-9_]*$/.test(member))
				throw new Error(`contract: ${name}.${member}: x-column is one of ${Object.keys(KINDS).join(', ')}`);
			const [p] = nonNull(c, prop);
			if (![p.type].flat().includes(KINDS[kind].type))
				throw new Error(`contract: ${name}.${member}: an x-column ${kind} is a JSON ${KINDS[kind].type}`);
			const roles = prop['x-roles'] ?? null;
			if (roles !== null && (!Array.isArray(roles) || !roles.length || roles.some((x) => !ROLES.includes(x))))
				throw new Error(`contract: ${name}.${member}: x-roles, who may read it, are some of ${ROLES.join(', ')}`);
			columns.push({ name: member, kind, roles });
		}
		if (columns.length === 0)
			throw new Error(`contract: ${name}: x-db without an x-column member`);
		out.push({ schema: name, struct: s['x-db'], macro: s['x-db'].toUpperCase(), fn: s['x-db'].slice(3), columns });
	}
	return out;
}

const MADE = '/* made by tools/contract.mjs from contract/<resource>.json (x-db, x-column): edit those */';

function recordMacros(r) {
	const list = (f) => r.columns.map(f).join(', ');
	const lines = [`/* ${r.schema}: the plain columns of struct ${r.struct} */`,
		`#define ${r.macro}_COLUMNS \\`,
		...r.columns.map((x, i) => `\t${KINDS[x.kind].c}${x.name};${i < r.columns.length - 1 ? ' \\' : ''}`),
		`#define ${r.macro}_COLUMN_COUNT ${r.columns.length}`,
		`/* X(member, kind) for each, kind text, int, id, bool, real or amount: code that walks them */`,
		`#define ${r.macro}_EACH(X) ${r.columns.map((x) => `X(${x.name}, ${x.kind})`).join(' ')}`,
		`/* t: the table's name and a dot, or "" */`,
		`#define ${r.macro}_NAMES(t) ${r.columns.map((x, i) => `t ${cString(x.name + (i < r.columns.length - 1 ? ', ' : ''))}`).join(' ')}`,
		`#define ${r.macro}_SELECT(t) ${r.columns.map((x, i) => `t ${cString(`${x.name} AS ${x.name}${i < r.columns.length - 1 ? ', ' : ''}`)}`).join(' ')}`];
	for (let k = 1; k <= PARAM_BASES; k++) {
		lines.push(`#define ${r.macro}_VALUES_FROM_${k} ${cString(list((x, i) => `$${k + i}`))}`);
		lines.push(`#define ${r.macro}_SET_FROM_${k} ${cString(list((x, i) => `${x.name} = $${k + i}`))}`);
	}
	return lines.join('\n');
}

export function recordsH(c = load()) {
	return [MADE, '#ifndef GEN_RECORDS_H', '#define GEN_RECORDS_H', '',
		...records(c).map(recordMacros), '', '#endif', ''].join('\n');
}

const dbRead = (r) => `void\t${r.struct}_columns_read(struct db_stmt *st, struct arena *a, struct ${r.struct} *r)`;
const dbBind = (r) => `void\t${r.struct}_columns_bind(struct db_stmt *st, int first, const struct ${r.struct} *r)`;
const byRole = (r) => r.columns.some((x) => x.roles);
const apiJson = (r) => `void\tapi_${r.fn}_columns_json(json_t *o, const struct ${r.struct} *r${byRole(r) ? ', unsigned roles' : ''})`;
const apiFrom = (r) => `void\tapi_${r.fn}_columns_from(const json_t *body, struct ${r.struct} *r)`;

export function dbRecordsH(c = load()) {
	return [MADE, '/* Each reads its columns by name (the SELECT list of _SELECT); binds them from $first on. */',
		...records(c).flatMap((r) => [`${dbRead(r)};`, `${dbBind(r)};`]), ''].join('\n');
}

export function dbRecords(c = load()) {
	const fns = records(c).flatMap((r) => [
		dbRead(r).replace('\t', '\n'), '{',
		...r.columns.map((x) => `\tr->${x.name} = ${KINDS[x.kind].col.replace('i)', `col_index(st, ${cString(x.name)}))`)};`),
		'\t(void)a;', '}', '',
		dbBind(r).replace('\t', '\n'), '{',
		...r.columns.map((x, i) => `\t${KINDS[x.kind].bind}(st, first + ${i}, r->${x.name});`),
		'}', '']);
	return [MADE, '', ...fns].join('\n');
}

export function apiRecordsH(c = load()) {
	return [MADE, '/* Each sets its plain members on o (those with x-roles when roles, the caller\'s, has one of them); copies those the body gives into r. */',
		...records(c).flatMap((r) => [`${apiJson(r)};`, `${apiFrom(r)};`]), ''].join('\n');
}

export function apiRecords(c = load()) {
	const fns = records(c).flatMap((r) => [
		apiJson(r).replace('\t', '\n'), '{',
		...r.columns.map((x) => `${x.roles ? `\tif (roles & (${cRoles(x.roles)}))\n\t` : ''}` +
		    `\tjson_object_set_new(o, ${cString(x.name)}, ${KINDS[x.kind].json.replace('%', x.name)});`),
		'}', '',
		apiFrom(r).replace('\t', '\n'), '{', '\tconst json_t\t*v;', '',
		...r.columns.map((x) => `\tif ((v = json_object_get(body, ${cString(x.name)})) != NULL)\n\t\tr->${x.name} = ${KINDS[x.kind].get};`),
		'}', '']);
	return [MADE, '', ...fns].join('\n');
}

function writeRecords(dir, c) {
	write(path.join(dir, 'records.h'), recordsH(c));
	write(path.join(dir, 'db_records.h'), dbRecordsH(c));
	write(path.join(dir, 'db_records.inc'), dbRecords(c));
	write(path.join(dir, 'api_records.h'), apiRecordsH(c));
	write(path.join(dir, 'api_records.inc'), apiRecords(c));
}

function write(file, text) {
	fs.mkdirSync(path.dirname(file), { recursive: true });
	const tmp = `${file}.tmp`;
	fs.writeFileSync(tmp, text);
	fs.renameSync(tmp, file);
}

function main(argv) {
	const [what, file] = argv;
	if (what === 'records' && file) {
		writeRecords(file, load());
		return 0;
	}
	const makers = { openapi: documentText, c: cTable, bodies: cBodies, 'bodies-h': cBodiesH, ts: tsModule,
		messages: cMessages };
	if (!makers[what] || !file) {
		console.error('usage: node tools/contract.mjs openapi|c|bodies|bodies-h|ts|messages FILE | records DIR');
		return 2;
	}
	write(file, makers[what](load()));
	return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
	try {
		process.exitCode = main(process.argv.slice(2));
	} catch (e) {
		console.error(e.message);
		process.exitCode = 1;
	}
}
