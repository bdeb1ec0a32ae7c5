#!/usr/bin/env node
// tools/check-replies.mjs LOG...: every reply the API suite logged
// (POBRATIM_REPLY_LOG, tests/api/lib/server.mjs) against docs/api/openapi.json:
// its operation (method and path template), a response documented for its
// status, a problem's code among the operation's x-problem-codes (the
// contract's "codes" of the route and those every such route may send), its
// media type, and its body valid by that response's schema (Ajv,
// JSON Schema 2020-12 as OpenAPI 3.1 has it). Prints each disagreement once
// with how often it was seen, and exits 1 when there is one.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv2020 from 'ajv/dist/2020.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const doc = JSON.parse(fs.readFileSync(path.join(REPO, 'docs/api/openapi.json'), 'utf8'));
const ajv = new Ajv2020({ strict: false, validateSchema: false, validateFormats: false, allErrors: true });
ajv.addSchema(doc, 'openapi.json');

const pointer = (...keys) => keys.map((k) => String(k).replace(/~/g, '~0').replace(/\//g, '~1')).join('/');

/* A $ref of the document to what it names; anything else as it is. */
function resolve(node) {
	let n = node;
	while (n && typeof n.$ref === 'string')
		n = n.$ref.slice(2).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~')).reduce((o, k) => o?.[k], doc);
	return n;
}

/* The templates of the document's paths as patterns, the most literal first: /partners/new before /partners/{id}. */
const templates = Object.keys(doc.paths).map((t) => ({
	t,
	re: new RegExp(`^${t.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`),
	literal: t.split('/').filter((s) => s && !s.startsWith('{')).length,
})).sort((a, b) => b.literal - a.literal);

function template(p) {
	const bare = p.split('?')[0];
	return templates.find((x) => x.re.test(bare))?.t ?? null;
}

const validators = new Map();
function validator(ref) {
	if (!validators.has(ref))
		validators.set(ref, ajv.compile({ $ref: ref }));
	return validators.get(ref);
}

/* What is wrong with one logged reply, or null. */
function disagreement(r) {
	const t = template(r.path);
	if (t === null)	/* the document's description: any unknown path answers 404 not_found */
		return r.status === 404 && r.json?.code === 'not_found' ? null :
		    `${r.method} ${r.path.split('?')[0]}: no such path in the document`;
	const method = r.method.toLowerCase();
	const op = doc.paths[t][method];
	if (!op)
		return r.status === 405 ? null : `${r.method} ${t}: no such operation`;
	const status = String(r.status);
	const key = op.responses?.[status] ? status : op.responses?.[`${status[0]}XX`] ? `${status[0]}XX` : 'default';
	const resp = resolve(op.responses?.[key]);
	if (!resp)
		return `${r.method} ${t} ${status}: status not documented`;
	const media = resp.content?.[r.type] ? r.type : null;
	if (media === null)
		return `${r.method} ${t} ${status}: ${r.type} not documented (${Object.keys(resp.content ?? {}).join(', ') || 'no body'})`;
	if (!resp.content[media].schema)
		return null;
	const ref = op.responses[key].$ref
		? `openapi.json#/${op.responses[key].$ref.slice(2)}/content/${pointer(media)}/schema`
		: `openapi.json#/${pointer('paths', t, method, 'responses', key, 'content', media, 'schema')}`;
	const v = validator(ref);
	if (v(r.json))
		return r.status >= 400 && typeof r.json?.code === 'string' && !op['x-problem-codes']?.includes(r.json.code) ?
		    `${r.method} ${t} ${status}: code "${r.json.code}" is not among its x-problem-codes` : null;
	const e = v.errors[0];
	const value = e.instancePath.split('/').slice(1).reduce((o, k) => o?.[k.replace(/~1/g, '/').replace(/~0/g, '~')], r.json);
	return `${r.method} ${t} ${status}: ${e.instancePath || '(body)'} ${e.message}` +
	    (e.params?.additionalProperty ? ` (${e.params.additionalProperty})` : '') +
	    (e.params?.allowedValues ? `: ${JSON.stringify(value)}` : '');
}

const seen = new Map();
let replies = 0;
for (const file of process.argv.slice(2)) {
	for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
		if (!line)
			continue;
		const r = JSON.parse(line);
		replies++;
		const d = disagreement(r);
		if (d !== null) {
			const s = seen.get(d) ?? { n: 0, example: r };
			s.n++;
			seen.set(d, s);
		}
	}
}
for (const [d, { n, example }] of [...seen].sort()) {
	console.log(`${d}  [${n}×]`);
	if (process.env.CHECK_REPLIES_EXAMPLES)
		console.log(`    ${example.path}: ${JSON.stringify(example.json).slice(0, 400)}`);
}
const bad = [...seen.values()].reduce((n, s) => n + s.n, 0);
console.log(`${replies} replies checked against docs/api/openapi.json: ${seen.size} disagreements`);
console.log(`${replies - bad} passed, ${bad} failed`);
process.exit(seen.size === 0 && replies > 0 ? 0 : 1);
