// Absolute links (Atom ids and links, iCalendar URL and CONFERENCE, the
// ClaimReview url, the calendar feed and guest link URLs) never follow the
// Host header of the request: with --public-url they are on it; without, on
// the address and port the connection reached. A request with
// Host: evil.example (and X-Forwarded-Host/-Proto, which only a trusted proxy
// may send) gets no link to evil.example.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { DEMO, assertJson, assertProblem, createVideoMeeting, runBin, setCookie, signInAll, startServer } from './lib/server.mjs';

const EVIL = { Host: 'evil.example', 'X-Forwarded-Host': 'evil.example', 'X-Forwarded-Proto': 'https' };
const PUBLIC = 'https://pobratim.example.org/city';

// iCalendar folds long lines (RFC 5545 3.1): join them before reading.
const unfold = (ics) => ics.replace(/\r\n[ \t]/g, '');

async function factCheckId(srv) {
	const atom = await srv.api('GET', '/feeds/fact-checks.atom');
	assert.equal(atom.status, 200);
	const m = atom.text.match(/\/fact-checks\/(\d+)</);
	assert.ok(m, 'the demo has a published fact check');
	return Number(m[1]);
}

/* Every reply with absolute links, asked with headers; returns their texts by name. */
async function replies(srv, c, headers) {
	const out = {};
	for (const feed of ['bulletins.atom', 'fact-checks.atom']) {
		const r = await srv.api('GET', `/feeds/${feed}`, { headers });
		assert.equal(r.status, 200, `${feed}: ${r.text.slice(0, 300)}`);
		out[feed] = r.text;
	}
	const fc = await factCheckId(srv);
	const b = assertJson(await srv.api('GET', `/bulletins/${fc}`, { headers }), 200, 'the fact check');
	out.claimReview = JSON.parse(b.claim_review_jsonld);	// script-safe text of the JSON-LD
	out.factCheck = fc;
	const id = await createVideoMeeting(c);
	const one = await c.api('GET', `/meetings/${id}.ics`, { headers });
	assert.equal(one.status, 200, one.text);
	out.meetingIcs = unfold(one.text);
	out.meeting = id;
	out.guest = assertJson(await c.api('POST', `/meetings/${id}/guest-links`,
	    { headers, body: { name: 'Guest', hours: 1 } }), 201, 'a guest link');
	const feed = assertJson(await c.api('POST', '/me/calendar-feed', { headers }), 201, 'a calendar feed');
	out.feedUrl = feed.url;
	const path = feed.url.slice(feed.url.indexOf('/api/v1/'));
	const ics = await srv.request('GET', path, { headers });
	assert.equal(ics.status, 200);
	out.feedIcs = unfold(ics.text);
	return out;
}

function assertLinksOn(base, r, what) {
	for (const [name, text] of Object.entries(r))
		assert.doesNotMatch(JSON.stringify(text), /evil\.example/, `${what}: ${name} names evil.example`);
	assert.match(r['bulletins.atom'], new RegExp(`<id>${base}/api/v1/feeds/bulletins\\.atom</id>`));
	assert.match(r['bulletins.atom'], new RegExp(`<link rel="alternate" href="${base}/news/\\d+"/>`));
	assert.match(r['fact-checks.atom'], new RegExp(`<id>${base}/fact-checks/\\d+</id>`));
	assert.equal(r.claimReview.url, `${base}/fact-checks/${r.factCheck}`);
	assert.match(r.feedUrl, new RegExp(`^${base}/api/v1/calendar/[A-Za-z0-9_-]{40,}\\.ics$`));
	assert.match(r.feedIcs, new RegExp(`\\r\\nURL(;VALUE=URI)?:${base}/meetings/\\d+\\r\\n`));
	assert.match(r.meetingIcs, new RegExp(`\\r\\nURL(;VALUE=URI)?:${base}/meetings/${r.meeting}\\r\\n`));
	assert.match(r.feedIcs, new RegExp(`\\r\\nCONFERENCE;[^:\\r]*:${base}/meetings/\\d+/room\\r\\n`));
	assert.equal(r.guest.url, `${base}${r.guest.path}`);
}

describe('without --public-url', () => {
	let srv;
	let c;
	before(async () => {
		srv = await startServer();
		({ staff: c } = await signInAll(srv, { staff: DEMO.staff }));
	});
	after(async () => {
		await srv?.stop();
	});

	test('links are on the address the connection reached, whatever Host says', async () => {
		assertLinksOn(srv.url, await replies(srv, c, EVIL), 'Host: evil.example');
		assertLinksOn(srv.url, await replies(srv, c, {}), 'no extra headers');
	});

	test('X-Forwarded-Proto from an untrusted peer does not make the cookie Secure', async () => {
		const r = await srv.client().login(DEMO.partner, undefined, { headers: EVIL });
		assertJson(r, 200);
		assert.equal(setCookie(r, 'pobratim_session').attrs.secure, undefined);
	});
});

describe('with --public-url', () => {
	let srv;
	let c;
	before(async () => {
		srv = await startServer({ args: ['--public-url', PUBLIC] });
		({ staff: c } = await signInAll(srv, { staff: DEMO.staff }));
	});
	after(async () => {
		await srv?.stop();
	});

	test('every absolute link is on it, whatever Host says', async () => {
		assertLinksOn(PUBLIC, await replies(srv, c, EVIL), 'Host: evil.example');
		assertLinksOn(PUBLIC, await replies(srv, c, {}), 'no extra headers');
	});

	test('an https public URL makes the session cookie Secure', async () => {
		const r = await srv.client().login(DEMO.partner);
		assert.equal(setCookie(assertJson(r, 200) && r, 'pobratim_session').attrs.secure, true);
	});

	test('a write may come from the public origin; other origins are refused', async () => {
		assertJson(await c.api('POST', '/me/calendar-feed', { headers: { Origin: 'https://pobratim.example.org' } }), 201,
		    'Origin: the public origin');
		assertProblem(await c.api('POST', '/me/calendar-feed', { headers: { Origin: 'https://evil.example' } }), 403,
		    'csrf_failed', 'Origin: evil.example');
		assertProblem(await c.api('POST', '/me/calendar-feed', { headers: { Origin: 'https://pobratim.example.org.evil.example' } }),
		    403, 'csrf_failed', 'an origin that only begins like the public one');
	});
});

describe('POBRATIM_PUBLIC_URL', () => {
	let srv;
	before(async () => {
		srv = await startServer({ env: { POBRATIM_PUBLIC_URL: 'http://10.1.2.3:8080' } });
	});
	after(async () => {
		await srv?.stop();
	});

	test('the variable sets it; an http public URL leaves the cookie as it was', async () => {
		const atom = await srv.api('GET', '/feeds/bulletins.atom', { headers: EVIL });
		assert.match(atom.text, /<id>http:\/\/10\.1\.2\.3:8080\/api\/v1\/feeds\/bulletins\.atom<\/id>/);
		const r = await srv.client().login(DEMO.partner);
		assert.equal(setCookie(assertJson(r, 200) && r, 'pobratim_session').attrs.secure, undefined);
	});
});

test('a bad --public-url or POBRATIM_PUBLIC_URL: exit 2 with one line, before anything else', () => {
	for (const bad of ['pobratim.example.org', 'ftp://pobratim.example.org', 'https://', 'https://pobratim.example.org/',
		'https://pobratim.example.org/city/', 'https://pobratim.example.org?x=1', 'https://pobratim.example.org/#top',
		'https://user@pobratim.example.org', 'https://pobratim example.org', 'https://pobratim.example.org:80x',
		'https://pobratim.example.org/a b', 'https://pobratim.example.org/"><script>', 'javascript:alert(1)']) {
		for (const how of ['flag', 'env']) {
			const r = how === 'flag' ? runBin(['serve', '--public-url', bad, '--db', '/nonexistent/t.db'])
			    : runBin(['serve', '--db', '/nonexistent/t.db'], { env: { POBRATIM_PUBLIC_URL: bad } });
			assert.equal(r.status, 2, `${how} '${bad}': ${r.stderr}`);
			assert.match(r.stderr, /--public-url must be/, `${how} '${bad}'`);
			assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
		}
	}
});
