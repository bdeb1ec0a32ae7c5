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
//   node tools/contract.mjs ts FILE        routes, roles and error codes for the web UI
//   node tools/contract.mjs check          docs/api/openapi.json is the document it makes
//
// Imported by the test harness (tests/api/lib/routes.mjs) for the route list.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
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
	return { method: m[1], path: m[2], handler: r.handler, roles, cached: r.cached === true,
		maxBody: r.max_body ?? null, tag, operation: r.operation };
}

/* The contract: the frame, and the resources in their files' order (by name). */
export function load() {
	const frame = read(FRAME);
	const files = fs.readdirSync(DIR).filter((f) => f.endsWith('.json') && f !== FRAME).sort();
	const tags = [];
	const routes = [];
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
		for (const [name, s] of Object.entries(res.schemas ?? {})) {
			if (name in schemas)
				fail(file, `schema ${name} is described twice`);
			schemas[name] = s;
		}
	}
	return { frame, tags, routes, schemas };
}

/* The operation as the document has it: its tag, roles and credentials stated. */
function documented(r) {
	const op = { ...r.operation };
	const security = r.roles[0] === 'public' ? [] : UNSAFE.has(r.method) ? [{ session: [], csrf: [] }] : [{ session: [] }];
	const out = { operationId: op.operationId, summary: op.summary, tags: op.tags ?? [r.tag], 'x-roles': r.roles,
		...op, security };
	if (out.summary === undefined)
		delete out.summary;
	return out;
}

export function openapi(c = load()) {
	const paths = {};
	for (const r of c.routes)
		(paths[r.path] ??= {})[r.method.toLowerCase()] = documented(r);
	const { components, ...head } = c.frame;
	return { ...head, tags: c.tags, paths, components: { ...components, schemas: c.schemas } };
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

/* The error codes a problem may carry: Problem.code's enum. */
export function errorCodes(c = load()) {
	const codes = c.schemas.Problem?.properties?.code?.enum;
	if (!Array.isArray(codes))
		throw new Error('contract/openapi.json: Problem.code has no enum');
	return codes;
}

export function tsModule(c = load()) {
	const routes = Object.fromEntries(c.routes.map((r) => [`${r.method} ${r.path}`, r.roles]));
	return [
		'// Made by tools/contract.mjs from contract/*.json: edit those, not this file.',
		'',
		`export const ROLES = ${JSON.stringify(ROLES)} as const;`,
		'export type Role = (typeof ROLES)[number];',
		'/** Who may call each route: "public" (anyone), "signed-in" (any role), or the roles. */',
		`export const ROUTE_ROLES = ${JSON.stringify(routes, null, 2)} as const;`,
		'export type Route = keyof typeof ROUTE_ROLES;',
		'/** The codes of the server\'s problem+json answers. */',
		`export const ERROR_CODES = ${JSON.stringify(errorCodes(c), null, 2)} as const;`,
		'export type ErrorCode = (typeof ERROR_CODES)[number];',
		'',
	].join('\n');
}

function write(file, text) {
	fs.mkdirSync(path.dirname(file), { recursive: true });
	const tmp = `${file}.tmp`;
	fs.writeFileSync(tmp, text);
	fs.renameSync(tmp, file);
}

function main(argv) {
	const [what, file] = argv;
	const makers = { openapi: documentText, c: cTable, ts: tsModule };
	if (what === 'check') {
		const doc = path.join(REPO, 'docs/api/openapi.json');
		if (fs.readFileSync(doc, 'utf8') !== documentText(load())) {
			console.error('docs/api/openapi.json is not the document contract/*.json makes: ' +
				'node tools/contract.mjs openapi docs/api/openapi.json');
			return 1;
		}
		return 0;
	}
	if (!makers[what] || !file) {
		console.error('usage: node tools/contract.mjs openapi|c|ts FILE, or check');
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
