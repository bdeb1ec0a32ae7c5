// What the server logs cannot be steered by clients: control characters and
// bytes that are not UTF-8 in logged input (an email, a path) are escaped, so
// one request never writes a line of its own; and tokens (calendar feeds,
// guest links) never reach the log, whether the URL was right or not.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { DEMO, assertJson, assertProblem, createVideoMeeting, signInAll, startServer } from './lib/server.mjs';

const FORGED = '2030-01-01T00:00:00.000Z error forged';
let srv;
let c;

before(async () => {
	srv = await startServer();
	({ staff: c } = await signInAll(srv, { staff: DEMO.staff }));
});

after(async () => {
	await srv?.stop();
});

const logHas = (what) => srv.stderrHas(what);

/* Every line of stderr begins with a timestamp and a level: none is forged. */
function assertNoForgedLine(log) {
	for (const line of log.split('\n').filter((l) => l !== '')) {
		assert.match(line, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z (error|warn|info|debug) /, `a line of its own: ${JSON.stringify(line)}`);
		assert.doesNotMatch(line, /^2030-01-01T00:00:00\.000Z/, `forged: ${JSON.stringify(line)}`);
		assert.doesNotMatch(line, /[\x00-\x08\x0b-\x1f\x7f\x80-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]/u,
		    `a control character in ${JSON.stringify(line)}`);
	}
}

test('an email with a newline, a carriage return and an escape sequence stays on one escaped line', async () => {
	const email = `x@pobratim.demo\n${FORGED} line\r\x1b[31mred\u2028sep\u202eevil\\n`;
	assertProblem(await srv.client().login(email, 'wrong'), 401, 'invalid_credentials');
	const log = await logHas('failed sign-in for');
	assertNoForgedLine(log);
	// (emails are compared in lower case: the forged timestamp's T and Z too)
	assert.ok(log.includes("failed sign-in for 'x@pobratim.demo\\n2030-01-01t00:00:00.000z error forged line" +
	    "\\r\\x1b[31mred\\xe2\\x80\\xa8sep\\xe2\\x80\\xaeevil\\\\n' from 127.0.0.1"), `the escaped line:\n${log.slice(-1000)}`);
});

// (libwebsockets ends a path at an encoded CR or LF and drops a request with an encoded NUL)
test('a path with encoded control characters and bytes that are not UTF-8 is escaped in the access log', async () => {
	const r = await srv.request('GET', `/api/v1/nothing%1b[2K%09${encodeURIComponent(FORGED)}%ff%c3%28%e2%80%a8%c2%9b%7f`);
	assert.equal(r.status, 404);
	const log = await logHas('/api/v1/nothing');
	assertNoForgedLine(log);
	assert.ok(log.includes('GET /api/v1/nothing\\x1b[2K\\t2030-01-01T00:00:00.000Z error forged' +
	    '\\xff\\xc3(\\xe2\\x80\\xa8\\xc2\\x9b\\x7f 404 '), `the escaped line:\n${log.slice(-1000)}`);
});

test('Cyrillic in logged input stays readable', async () => {
	assertProblem(await srv.client().login('почта@pobratim.demo', 'wrong'), 401, 'invalid_credentials');
	await logHas("failed sign-in for 'почта@pobratim.demo' from 127.0.0.1");
});

test('calendar feed tokens never reach the access log, whatever the URL', async () => {
	const feed = assertJson(await c.api('POST', '/me/calendar-feed'), 201);
	const path = feed.url.slice(srv.url.length);
	const token = path.match(/\/calendar\/([^/.]+)\.ics$/)[1];
	assert.equal((await srv.request('GET', path)).status, 200);
	assert.equal((await srv.request('HEAD', path)).status, 200);
	assert.equal((await srv.request('GET', `${path}?x=1`)).status, 200);
	assert.equal((await srv.request('GET', path.replace('.ics', '.ICS'))).status, 404);
	assert.equal((await srv.request('GET', `${path}/more`)).status, 404);
	assert.equal((await srv.request('GET', `/calendar/${token}`)).status, 200);	// a web page path: index.html
	const log = await logHas(`GET /calendar/[redacted] 200`);
	await logHas('GET /api/v1/calendar/[redacted].ics 200');
	await logHas('HEAD /api/v1/calendar/[redacted].ics 200');
	await logHas('GET /api/v1/calendar/[redacted].ICS 404');
	assert.ok(!srv.stderr().includes(token), 'the feed token is in the log');
	assert.ok(!log.includes(token.slice(0, 16)), 'part of the feed token is in the log');
});

test('guest link tokens never reach the log', async () => {
	const m = { id: await createVideoMeeting(c) };
	const link = assertJson(await c.api('POST', `/meetings/${m.id}/guest-links`, { body: { name: 'Guest', hours: 1 } }), 201);
	assert.equal((await srv.request('GET', link.url.slice(srv.url.length))).status, 200);	// the page the guest opens
	assert.equal((await srv.request('GET', `/api/v1/meetings/${m.id}?guest=${link.token}&token=${link.token}`)).status, 401);
	assert.equal((await srv.request('GET', `/guest/${link.token}`)).status, 200);	// a path with the token in it
	await logHas(`GET /meetings/${m.id}/room 200`);
	await logHas(`GET /api/v1/meetings/${m.id} 401`);
	await logHas('GET /guest/[redacted] 200');
	assert.ok(!srv.stderr().includes(link.token), 'the guest token is in the log');
});
