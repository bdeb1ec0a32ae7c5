// --trusted-proxy: X-Forwarded-For, X-Forwarded-Proto and X-Forwarded-Host are
// believed from those peers only. Tests connect from 127.0.0.1: a server that
// trusts 10.0.0.0/8 sees an untrusted peer (spoofed headers are ignored, the
// throttle counts the real peer), one that trusts 127.0.0.1/32 a proxy (the
// client is the right-most X-Forwarded-For address that is not a trusted
// proxy). Sign-in failures per address: 3 free, then an hour's wait.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { DEMO, assertJson, assertProblem, runBin, setCookie, startServer } from './lib/server.mjs';

const THROTTLE = { POBRATIM_LOGIN_MAX_FAILURES_ADDR: '3', POBRATIM_LOGIN_MAX_FAILURES: '100',
	POBRATIM_LOGIN_BACKOFF: '3600' };
const ACCOUNTS = [DEMO.partner, DEMO.staff, DEMO.correspondent];

function login(srv, email, password, headers) {
	return srv.client().login(email, password, { headers });
}

describe('from a peer that is not a trusted proxy', () => {
	let srv;
	before(async () => {
		srv = await startServer({ env: THROTTLE, args: ['--trusted-proxy', '10.0.0.0/8,2001:db8::/32'] });
	});
	after(async () => {
		await srv?.stop();
	});

	test('a spoofed X-Forwarded-For is ignored: the throttle counts the real peer', async () => {
		for (const [i, email] of ACCOUNTS.entries())
			assertProblem(await login(srv, email, 'wrong', { 'X-Forwarded-For': `198.51.100.${i + 1}` }), 401,
			    'invalid_credentials', `${email} with X-Forwarded-For 198.51.100.${i + 1}`);
		assertProblem(await login(srv, DEMO.admin, undefined, { 'X-Forwarded-For': '198.51.100.9' }), 429,
		    'too_many_attempts', 'a fourth "address": still 127.0.0.1');
		const log = await srv.stderrHas(`failed sign-in for '${DEMO.correspondent}' from 127.0.0.1`);
		assert.doesNotMatch(log, /198\.51\.100/, 'no spoofed address in the log');
	});

	test('X-Forwarded-Proto and X-Forwarded-Host are ignored too', async () => {
		const r = await srv.client().login(DEMO.admin, undefined, { from: '127.0.0.2',
			headers: { 'X-Forwarded-Proto': 'https', 'X-Forwarded-Host': 'evil.example' } });
		assertJson(r, 200);
		assert.equal(setCookie(r, 'pobratim_session').attrs.secure, undefined, 'no Secure from a spoofed X-Forwarded-Proto');
		const atom = await srv.api('GET', '/feeds/bulletins.atom', { headers: { 'X-Forwarded-Proto': 'https',
			'X-Forwarded-Host': 'evil.example', Host: 'evil.example' } });
		assert.match(atom.text, new RegExp(`<id>${srv.url}/api/v1/feeds/bulletins\\.atom</id>`));
		assert.doesNotMatch(atom.text, /evil\.example|https:\/\/127/);
	});
});

describe('from a trusted proxy', () => {
	let srv;
	before(async () => {
		srv = await startServer({ env: THROTTLE, args: ['--trusted-proxy', '127.0.0.1/32'] });
	});
	after(async () => {
		await srv?.stop();
	});

	test('the client is the right-most X-Forwarded-For address that is not a trusted proxy', async () => {
		for (const [i, email] of ACCOUNTS.entries())
			assertProblem(await login(srv, email, 'wrong', { 'X-Forwarded-For': '203.0.113.7' }), 401,
			    'invalid_credentials', `failure ${i + 1} of 203.0.113.7`);
		await srv.stderrHas(`failed sign-in for '${DEMO.correspondent}' from 203.0.113.7`);
		for (const xff of ['203.0.113.7', '203.0.113.99, 203.0.113.7', '203.0.113.7, 127.0.0.1', ' 203.0.113.7 ,127.0.0.1 ',
			'garbage, 203.0.113.7', '[::ffff:203.0.113.7]:4711', '203.0.113.7:4711'])
			assertProblem(await login(srv, DEMO.admin, undefined, { 'X-Forwarded-For': xff }), 429,
			    'too_many_attempts', `X-Forwarded-For: ${xff} names 203.0.113.7`);
		// other clients behind the same proxy are not held off
		const r = await login(srv, DEMO.admin, undefined, { 'X-Forwarded-For': '203.0.113.8', 'X-Forwarded-Proto': 'https' });
		assertJson(r, 200, 'admin from 203.0.113.8');
		assert.equal(setCookie(r, 'pobratim_session').attrs.secure, true, 'Secure behind an https proxy');
		assertJson(await login(srv, DEMO.admin, undefined, { 'X-Forwarded-For': '203.0.113.7, 203.0.113.8' }), 200,
		    'a client that names 203.0.113.7 first is 203.0.113.8');
		assertJson(await login(srv, DEMO.admin), 200, 'no X-Forwarded-For: the proxy itself');
	});

	test('IPv6 clients are counted by their /64', async () => {
		for (const [i, email] of ACCOUNTS.entries())
			assertProblem(await login(srv, email, 'wrong', { 'X-Forwarded-For': `2001:db8:1:2::${i + 1}` }), 401,
			    'invalid_credentials', `failure from 2001:db8:1:2::${i + 1}`);
		assertProblem(await login(srv, DEMO.admin, undefined, { 'X-Forwarded-For': '2001:db8:1:2:ffff::9' }), 429,
		    'too_many_attempts', 'the same /64');
		assertJson(await login(srv, DEMO.admin, undefined, { 'X-Forwarded-For': '2001:db8:1:3::1' }), 200, 'another /64');
	});

	test('links follow the proxy\'s X-Forwarded-Proto and X-Forwarded-Host (or Host), when they are sound', async () => {
		const atom = (headers) => srv.api('GET', '/feeds/bulletins.atom', { headers }).then((r) => r.text);
		assert.match(await atom({ 'X-Forwarded-Proto': 'https', 'X-Forwarded-Host': 'pobratim.example.org' }),
		    /<id>https:\/\/pobratim\.example\.org\/api\/v1\/feeds\/bulletins\.atom<\/id>/);
		assert.match(await atom({ 'X-Forwarded-Proto': 'https', Host: 'pobratim.example.org:8443' }),
		    /<id>https:\/\/pobratim\.example\.org:8443\/api\/v1\/feeds\/bulletins\.atom<\/id>/);
		// a proto other than http or https, or a host that is not one, is not taken
		const odd = await atom({ 'X-Forwarded-Proto': 'javascript', 'X-Forwarded-Host': 'evil.example/"><x' });
		assert.match(odd, new RegExp(`<id>${srv.url}/api/v1/feeds/bulletins\\.atom</id>`));
		assert.doesNotMatch(odd, /evil|javascript/);
	});
});

test('a bad --trusted-proxy or POBRATIM_TRUSTED_PROXY: exit 2 with one line, before anything else', () => {
	for (const bad of ['', 'localhost', '10.0.0.1/8', '10.0.0.0/33', '300.0.0.0/8', '::1/129', '10.0.0.0/8,', ',10.0.0.0/8',
		'10.0.0.0/8,,::1', '10.0.0.0/-1', '10.0.0.0/08', 'fe80::1%eth0/128', '10.0.0.0/8 ::1/128',
		Array.from({ length: 33 }, (_, i) => `10.${i}.0.0/16`).join(',')]) {
		for (const how of ['flag', 'env']) {
			const r = how === 'flag' ? runBin(['serve', '--trusted-proxy', bad, '--db', '/nonexistent/t.db'])
			    : runBin(['serve', '--db', '/nonexistent/t.db'], { env: { POBRATIM_TRUSTED_PROXY: bad } });
			assert.equal(r.status, 2, `${how} '${bad}': ${r.stderr}`);
			assert.match(r.stderr, bad === '' ? /must not be empty|--trusted-proxy must be/ : /--trusted-proxy must be/, `${how} '${bad}'`);
			assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
		}
	}
});
