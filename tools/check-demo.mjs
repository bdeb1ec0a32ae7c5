#!/usr/bin/env node
// Checks data/demo.json against the generated gazetteer.
//
// Usage: node tools/check-demo.mjs [data/demo.json] [build/gen]
// (run `make build/gen/cities.tsv` first). Exits 1 and lists every problem found.
//
// Checks: the JSON parses; keys are unique per section; the fixed shapes of
// "organizations" and "users" (read by the C loader); every reference resolves:
//   geonames ids  -> build/gen/cities.tsv        country codes -> build/gen/countries.tsv
//   organization / person / meeting / event / agreement / partnership / exchange / quote keys,
//   seed ids -> the "seeds" section;
// every date-like field is ISO 8601 (YYYY, YYYY-MM or YYYY-MM-DD) or null.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const demoPath = process.argv[2] ?? 'data/demo.json';
const genDir = process.argv[3] ?? 'build/gen';
const problems = [];
const bad = (where, msg) => problems.push(`${where}: ${msg}`);

const demo = JSON.parse(readFileSync(demoPath, 'utf8'));
const tsv = (name) =>
  readFileSync(join(genDir, name), 'utf8').split('\n').filter(Boolean).map((l) => l.split('\t'));
const cityRows = new Map(tsv('cities.tsv').map((r) => [Number(r[0]), r]));
const countryCodes = new Set(tsv('countries.tsv').map((r) => r[0]));

const ORG_KINDS = new Set(['city_administration', 'department', 'compatriot_organization', 'media', 'ngo',
  'business', 'chamber_of_commerce', 'university', 'clinic', 'other']);
const ROLES = new Set(['admin', 'staff', 'partner', 'correspondent']);

function keysOf(section, field = 'key') {
  const list = demo[section];
  if (!Array.isArray(list)) { bad(section, 'missing or not an array'); return new Set(); }
  const seen = new Set();
  list.forEach((x, i) => {
    const k = x?.[field];
    if (k === undefined || k === null || k === '') bad(`${section}[${i}]`, `no ${field}`);
    else if (seen.has(k)) bad(`${section}[${i}]`, `duplicate ${field} ${JSON.stringify(k)}`);
    else seen.add(k);
  });
  return seen;
}

const seeds = keysOf('seeds', 'id');
const orgs = keysOf('organizations');
const persons = keysOf('people');
const meetings = keysOf('meetings');
const events = keysOf('events');
const agreements = keysOf('agreements');
const exchanges = keysOf('exchanges');
const quotes = keysOf('quotes');
const partnerships = keysOf('partnerships');
keysOf('practices'); keysOf('trade'); keysOf('figures');
keysOf('aid'); keysOf('bulletins'); keysOf('bulletin_channels'); keysOf('fact_checks');
keysOf('cities', 'geonames_id'); keysOf('users', 'email');
const decisionKeys = new Set();
for (const m of demo.meetings ?? []) for (const d of m.decisions ?? []) {
  if (decisionKeys.has(d.key)) bad(`meetings.${m.key}`, `duplicate decision key ${d.key}`);
  decisionKeys.add(d.key);
}

// Fixed shapes read by the C loader.
const ORG_FIELDS = ['key', 'kind', 'name_ru', 'name_en', 'short_ru', 'short_en', 'website', 'city', 'seed'];
(demo.organizations ?? []).forEach((o, i) => {
  const w = `organizations[${i}] ${o.key}`;
  for (const f of ORG_FIELDS) if (!(f in o)) bad(w, `missing field ${f}`);
  for (const f of Object.keys(o)) if (!ORG_FIELDS.includes(f)) bad(w, `unexpected field ${f}`);
  if (!ORG_KINDS.has(o.kind)) bad(w, `bad kind ${o.kind}`);
  for (const f of ['name_ru', 'name_en']) if (typeof o[f] !== 'string' || !o[f].trim()) bad(w, `empty ${f}`);
  for (const f of ['short_ru', 'short_en', 'website'])
    if (o[f] !== null && typeof o[f] !== 'string') bad(w, `${f} must be a string or null`);
  if (o.website !== null && !/^https?:\/\//.test(o.website)) bad(w, 'website must be http(s)');
  if (!Number.isInteger(o.city)) bad(w, 'city must be a geonames id');
});
const USER_FIELDS = ['email', 'name', 'role', 'organization', 'locale', 'timezone'];
(demo.users ?? []).forEach((u, i) => {
  const w = `users[${i}] ${u.email}`;
  for (const f of USER_FIELDS) if (!(f in u)) bad(w, `missing field ${f}`);
  for (const f of Object.keys(u)) if (!USER_FIELDS.includes(f)) bad(w, `unexpected field ${f}`);
  if (!ROLES.has(u.role)) bad(w, `bad role ${u.role}`);
  if (!['ru', 'en'].includes(u.locale)) bad(w, `bad locale ${u.locale}`);
  try {
    new Intl.DateTimeFormat('en', { timeZone: u.timezone });
  } catch {
    bad(w, `bad time zone ${u.timezone}`);
  }
  if (!/^[^@\s]+@[^@\s]+$/.test(u.email)) bad(w, 'bad email');
});
const want = { 'admin@pobratim.demo': 'admin', 'staff@pobratim.demo': 'staff',
  'partner@pobratim.demo': 'partner', 'correspondent@pobratim.demo': 'correspondent' };
for (const [email, role] of Object.entries(want)) {
  const u = (demo.users ?? []).find((x) => x.email === email);
  if (!u || u.role !== role) bad('users', `contract login ${email} (${role}) missing`);
}

// References, walked generically by field name.
const CITY_FIELDS = new Set(['geonames_id', 'city', 'city_a', 'city_b', 'home_city', 'location_city', 'from_city',
  'to_city', 'owner_city', 'reporter_city', 'partner_city']);
const COUNTRY_FIELDS = new Set(['country', 'from_country', 'to_country', 'partner_country']);
const COUNTRY_LISTS = new Set(['countries', 'participant_countries']);
const ORG_REFS = new Set(['organization', 'owner_organization', 'launched_by']);
const PERSON_REFS = new Set(['person', 'speaker']);
const DATE_FIELDS = new Set(['date', 'from', 'to', 'due', 'as_of', 'said_on', 'published_on', 'signed_on',
  'launched_on', 'starts_on', 'ends_on', 'period_start', 'period_end', 'status_as_of', 'post_as_of']);
const ISO = /^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/;

function ref(set, v, where, what) {
  if (v === null || v === undefined) return;
  if (!set.has(v)) bad(where, `unknown ${what} ${JSON.stringify(v)}`);
}

function walk(node, path, section) {
  if (Array.isArray(node)) { node.forEach((x, i) => walk(x, `${path}[${i}]`, section)); return; }
  if (node === null || typeof node !== 'object') return;
  for (const [k, v] of Object.entries(node)) {
    const w = `${path}.${k}`;
    if (CITY_FIELDS.has(k) && v !== null) {
      if (!Number.isInteger(v) || !cityRows.has(v)) bad(w, `geonames id ${v} not in cities.tsv`);
    } else if (k === 'cities' && Array.isArray(v) && v.every((x) => typeof x === 'number')) {
      for (const id of v) if (!cityRows.has(id)) bad(w, `geonames id ${id} not in cities.tsv`);
    } else if (COUNTRY_FIELDS.has(k)) {
      if (v !== null && !countryCodes.has(v)) bad(w, `country ${v} not in countries.tsv`);
    } else if (COUNTRY_LISTS.has(k)) {
      for (const c of v) if (!countryCodes.has(c)) bad(w, `country ${c} not in countries.tsv`);
    } else if (ORG_REFS.has(k) && typeof v !== 'object') ref(orgs, v, w, 'organization');
    else if (k === 'organizers') v.forEach((x) => ref(orgs, x, w, 'organization'));
    else if (k === 'parent') ref(section === 'events' ? events : orgs, v, w, section === 'events' ? 'event' : 'organization');
    else if (PERSON_REFS.has(k)) ref(persons, v, w, 'person');
    else if (k === 'people' || k === 'speakers') v.forEach((x) => ref(persons, x, w, 'person'));
    else if (k === 'meeting' || k === 'presented_at') ref(meetings, v, w, 'meeting');
    else if (k === 'origin_meetings') v.forEach((x) => ref(meetings, x, w, 'meeting'));
    else if (k === 'event') ref(events, v, w, 'event');
    else if (k === 'agreement') ref(agreements, v, w, 'agreement');
    else if (k === 'partnership') ref(partnerships, v, w, 'partnership');
    else if (k === 'exchange') ref(exchanges, v, w, 'exchange');
    else if (k === 'quote') ref(quotes, v, w, 'quote');
    else if (k === 'seed' && section !== 'seeds') ref(seeds, v, w, 'seed');
    else if (k === 'also_seeds') v.forEach((x) => ref(seeds, x, w, 'seed'));
    if (DATE_FIELDS.has(k) && v !== null && typeof v !== 'object' && typeof v !== 'boolean' && !ISO.test(String(v)))
      bad(w, `not an ISO 8601 date: ${v}`);
    if (typeof v === 'object') walk(v, w, section);
  }
}
for (const [section, value] of Object.entries(demo)) walk(value, section, section);

// Items of the content sections carry their source seed.
for (const section of ['cities', 'organizations', 'people', 'partnerships', 'agreements', 'meetings', 'events',
  'aid', 'exchanges', 'practices', 'trade', 'figures', 'quotes', 'bulletins', 'fact_checks']) {
  (demo[section] ?? []).forEach((x, i) => { if (!seeds.has(x.seed)) bad(`${section}[${i}]`, 'no valid seed'); });
}

// Seed city names vs the gazetteer (information only: the loader fills a missing name_ru).
for (const c of demo.cities ?? []) {
  const row = cityRows.get(c.geonames_id);
  if (row && !row[2]) console.log(`note: ${c.name_en} (${c.geonames_id}) has no Russian name in the gazetteer; demo gives ${c.name_ru}`);
}

if (problems.length) {
  for (const p of problems) console.error(`demo.json: ${p}`);
  console.error(`${problems.length} problem(s)`);
  process.exit(1);
}
const counts = Object.entries(demo).filter(([, v]) => Array.isArray(v)).map(([k, v]) => `${k}=${v.length}`);
console.log(`demo.json ok: ${counts.join(' ')}`);
