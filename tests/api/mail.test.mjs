// Mail (issue 14): password reset and address confirmation by mail, through
// the outbox, delivered by the server's sender to a real SMTP server on
// loopback (aiosmtpd, lib/smtp-sink.py), which parses every message with
// Python's email package. Headers and encodings in Russian and English; the
// same answer whether or not an address has an account; a reset link works
// once and expires; throttling; the outbox as admins see it, and refusals.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, test } from 'node:test';

import { DEMO, assertJson, assertProblem, startServer } from './lib/server.mjs';
import { MAIL_FROM, mailLink, smtpArgs, startSink, textPart, tokenOf, until } from './lib/smtp.mjs';
import { wsConnect } from './lib/ws.mjs';

const PUBLIC_URL = 'http://pobratim.test:8443';
let sink;
let srv;
let admin;

before(async () => {
	sink = await startSink({ refuse: ['bounce@example.org'] });
	srv = await startServer({ args: [...smtpArgs(sink.port), '--public-url', PUBLIC_URL] });
	admin = await srv.client().signIn(DEMO.admin);
});
after(async () => {
	await srv?.stop();
	await sink?.stop();
});

let unique = 0;
/* A fresh account made by the admin: { email, password, id, user }. */
async function account({ locale = 'ru', name = 'Проверка Почты', email } = {}) {
	const n = ++unique;
	const e = email ?? `mail-${n}@example.org`;
	const password = `first-secret-${n}x`;
	const user = assertJson(await admin.api('POST', '/users', { body: { email: e, name, password, locale,
		role: 'staff', organization_id: admin.user.organization.id } }), 201);
	return { email: e, password, id: user.id, user };
}

/* POST /password-reset from a client address of the test's own (the throttle counts per client). */
function askReset(email, from) {
	return srv.api('POST', '/password-reset', { body: { email }, from });
}

function sqlite(sql) {
	const r = spawnSync('sqlite3', [srv.db, sql], { encoding: 'utf8' });
	assert.equal(r.status, 0, r.stderr);
	return r.stdout.trim();
}

async function outbox(query = '') {
	return assertJson(await admin.api('GET', `/mail/outbox?limit=200${query}`), 200);
}

const kindOf = (m) => (/reset-password/.test(textPart(m).content) ? 'reset' : 'verify');
const resetTo = (address) => sink.next((m) => m.rcpt_tos.includes(address) && kindOf(m) === 'reset',
	`a reset mail to ${address}`);

test('a reset mail arrives with correct headers and encodings, in Russian and in English', async () => {
	const ru = await account({ locale: 'ru', name: 'Анна Ковалёва' });
	const en = await account({ locale: 'en', name: 'Anna Kovaleva' });
	for (const [a, lang] of [[ru, 'ru'], [en, 'en']]) {
		const r = await askReset(a.email, '127.0.0.11');
		assert.equal(r.status, 202, r.text);
		assert.equal(r.text, '', 'no body: nothing to tell');
		const m = await resetTo(a.email);
		const h = m.headers;
		const rh = m.raw_headers;

		assert.equal(m.mail_from, MAIL_FROM, 'envelope sender');
		assert.deepEqual(m.rcpt_tos, [a.email], 'envelope recipient');
		assert.ok(m.seven_bit, 'the message is 7-bit: every non-ASCII byte is encoded');
		assert.equal(h['mime-version'], '1.0');
		assert.match(rh['message-id'], /^<[0-9a-f]{32}@pobratim\.test>$/, 'Message-ID on the installation\'s domain');
		assert.ok(Math.abs(Date.parse(h.date) - Date.now()) < 5 * 60000, `Date: ${h.date}`);
		assert.match(rh.date, /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d\d:\d\d:\d\d \+0000$/);
		assert.equal(h['auto-submitted'], 'auto-generated');
		if (lang === 'ru') {
			assert.match(rh.subject, /^=\?UTF-8\?B\?/, 'a Russian subject is an RFC 2047 encoded word');
			assert.equal(h.subject, 'Новый пароль для «Побратима»');
			assert.equal(h.from, `Побратим <${MAIL_FROM}>`);
			assert.match(rh.to, /^=\?UTF-8\?B\?/, 'and so is a Cyrillic name');
			assert.equal(h.to, `Анна Ковалёва <${a.email}>`);
		} else {
			assert.equal(rh.subject, 'A new password for Pobratim', 'an ASCII subject as it is');
			assert.equal(h.from, `Pobratim <${MAIL_FROM}>`);
			assert.equal(h.to, `Anna Kovaleva <${a.email}>`);
		}
		for (const name of ['subject', 'from', 'to'])
			rh[name].split(/\r?\n/).forEach((line, i) => assert.ok((i === 0 ? name.length + 2 : 0) + line.length <= 78,
				`header line too long: ${name}: ${line}`));

		assert.equal(m.parts[0].content_type, 'multipart/alternative', 'text and HTML as alternatives');
		const text = textPart(m);
		const html = m.parts.find((p) => p.content_type === 'text/html');
		for (const p of [text, html]) {
			assert.equal(p.charset, 'utf-8');
			assert.equal(p.cte, 'quoted-printable');
		}
		const link = mailLink(m, '/reset-password');
		assert.ok(link.startsWith(`${PUBLIC_URL}/reset-password#token=`), link);
		assert.ok(link.endsWith(`&lang=${lang}`), 'the page opens in the mail\'s language');
		assert.ok(html.content.includes(`href="${link.replace('&', '&amp;')}"`), 'the HTML button is the same link');
		assert.match(html.content, new RegExp(`<html lang="${lang}">`));
		if (lang === 'ru') {
			assert.match(text.content, /^Здравствуйте, Анна Ковалёва!/);
			assert.match(text.content, /в течение часа/);
			assert.match(html.content, /Задать новый пароль/);
		} else {
			assert.match(text.content, /^Hello Anna Kovaleva,/);
			assert.match(text.content, /within an hour/);
			assert.match(html.content, /Set a new password/);
		}
		assert.doesNotMatch(text.content, /\{[a-z]+\}/, 'every placeholder filled');
	}
});

test('names and subjects cannot inject headers; HTML in a name is escaped', async () => {
	const a = await account({ locale: 'en', name: 'Eve\r\nBcc: victim@example.org <b>bold</b>' });
	assert.equal((await askReset(a.email, '127.0.0.12')).status, 202);
	const m = await resetTo(a.email);
	assert.equal(m.raw_headers.bcc, undefined, 'no header of the name\'s making');
	assert.deepEqual(m.rcpt_tos, [a.email]);
	assert.ok(m.headers.to.includes('Eve'), m.headers.to);
	const html = m.parts.find((p) => p.content_type === 'text/html').content;
	assert.ok(html.includes('&lt;b&gt;bold&lt;/b&gt;'), 'the name escaped in the HTML');
	assert.ok(!html.includes('<b>bold</b>'));
});

test('the same answer whether or not the address has an account; disabled accounts get nothing', async () => {
	const disabled = await account({ locale: 'en' });
	assertJson(await admin.api('PATCH', `/users/${disabled.id}`, { body: { disabled: true } }), 200);
	const known = await account({ locale: 'en' });
	const answers = [];
	for (const email of ['nobody-here@example.org', disabled.email, known.email]) {
		const r = await askReset(email, '127.0.0.13');
		answers.push({ status: r.status, body: r.text, type: r.headers['content-type'] ?? null });
	}
	assert.deepEqual(answers[0], answers[2], 'unknown and known addresses: the same answer');
	assert.deepEqual(answers[1], answers[2], 'a disabled account: the same answer');
	assert.equal(answers[2].status, 202);
	// the sender delivers in order: once the known one's mail is here, the others would be too
	await resetTo(known.email);
	assert.equal(sink.to('nobody-here@example.org').length, 0);
	assert.equal(sink.to(disabled.email).filter((m) => kindOf(m) === 'reset').length, 0);
	const box = await outbox();
	assert.ok(!box.items.some((m) => m.to === 'nobody-here@example.org'), 'nothing queued for an unknown address');
	assert.ok(!box.items.some((m) => m.to === disabled.email && m.kind === 'password_reset'));
});

test('a reset link works once: the new password signs in, every session ends, the address counts as confirmed', async () => {
	const a = await account({ locale: 'ru' });
	assert.equal(a.user.email_verified, false, 'a new account\'s address is unconfirmed');
	const session = await srv.client().signIn(a.email, a.password);
	const ws = await wsConnect(srv.port, { cookie: session.cookie });
	assert.equal((await askReset(a.email, '127.0.0.14')).status, 202);
	const first = tokenOf(mailLink(await resetTo(a.email), '/reset-password'));
	assert.equal((await askReset(a.email, '127.0.0.14')).status, 202);
	const second = await until(() => sink.to(a.email).filter((m) => kindOf(m) === 'reset')[1], 'a second reset mail');
	const secondToken = tokenOf(mailLink(second, '/reset-password'));
	assert.notEqual(first, secondToken, 'each request its own link');

	const confirm = (token, password) => srv.api('POST', '/password-reset/confirm', { body: { token, password } });
	const weak = assertProblem(await confirm(first, '1234567890'), 400, 'validation_failed', 'the password policy');
	assert.equal(weak.errors[0].field, 'password');
	assert.equal(weak.errors[0].code, 'too_common');
	assertProblem(await confirm(first, `${a.email.split('@')[0]}-secret`), 400, 'validation_failed', 'contains the email');

	assert.equal((await confirm(first, 'a brand new secret 7')).status, 204, 'a refused password did not use the link up');
	assert.equal((await ws.closed).code, 4401, 'the open socket closes');
	assert.equal((await session.api('GET', '/me')).status, 401, 'the session ended');
	assertProblem(await srv.client().login(a.email, a.password), 401, 'invalid_credentials', 'the old password');
	const fresh = await srv.client().signIn(a.email, 'a brand new secret 7');
	assert.equal(fresh.user.email_verified, true, 'the link reached the address: confirmed');

	assertProblem(await confirm(first, 'another new secret 8'), 410, 'token_used', 'the link again');
	assertProblem(await confirm(secondToken, 'another new secret 8'), 410, 'token_used', 'the other link of the account');
	assertProblem(await confirm('made-up-token-1234567890', 'another new secret 8'), 400, 'invalid_token');
	assertProblem(await srv.api('POST', '/password-reset/confirm', { body: { token: first } }), 400, 'validation_failed',
		'no password');
	assert.equal(sqlite(`SELECT COUNT(*) FROM email_tokens WHERE token_hash LIKE '%${first.slice(0, 10)}%'`), '0',
		'only hashes of tokens are kept');
});

test('an expired reset link is refused; a link for an address the account no longer has is not valid', async () => {
	const a = await account({ locale: 'en' });
	assert.equal((await askReset(a.email, '127.0.0.15')).status, 202);
	const token = tokenOf(mailLink(await resetTo(a.email), '/reset-password'));
	sqlite(`UPDATE email_tokens SET expires_at = '2000-01-01T00:00:00Z' WHERE user_id = ${a.id} AND purpose = 'password_reset'`);
	assertProblem(await srv.api('POST', '/password-reset/confirm', { body: { token, password: 'a brand new secret 9' } }),
		410, 'token_expired');
	assertProblem(await srv.client().login(a.email, 'a brand new secret 9'), 401, 'invalid_credentials', 'nothing changed');

	const b = await account({ locale: 'en' });
	assert.equal((await askReset(b.email, '127.0.0.15')).status, 202);
	const old = tokenOf(mailLink(await resetTo(b.email), '/reset-password'));
	assertJson(await admin.api('PATCH', `/users/${b.id}`, { body: { email: `moved-${b.email}` } }), 200);
	assertProblem(await srv.api('POST', '/password-reset/confirm', { body: { token: old, password: 'a brand new secret 9' } }),
		400, 'invalid_token', 'sent to the old address');
});

test('reset requests are throttled per address and per client, unknown addresses as known ones', async () => {
	const a = await account({ locale: 'en' });
	for (const email of [a.email, 'unknown-throttled@example.org']) {
		for (let i = 0; i < 3; i++)
			assert.equal((await askReset(email, '127.0.0.16')).status, 202, `request ${i + 1}`);
		assertProblem(await askReset(email, '127.0.0.16'), 429, 'too_many_attempts', email);
		const again = await askReset(email, '127.0.0.17');
		assertProblem(again, 429, 'too_many_attempts', `${email} from another client: the address's own count`);
		assert.ok(Number(again.headers['retry-after']) > 0, 'Retry-After');
	}
	// per client, whatever the addresses: ten
	for (let i = 0; i < 10; i++)
		assert.equal((await askReset(`spray-${i}@example.org`, '127.0.0.18')).status, 202, `spray ${i + 1}`);
	assertProblem(await askReset('spray-last@example.org', '127.0.0.18'), 429, 'too_many_attempts', 'the client\'s count');
	// sign-ins are counted apart: the throttled client still signs in
	assert.equal((await srv.client().login(a.email, a.password, { from: '127.0.0.18' })).status, 200);
});

test('address confirmation: a new account gets a link; confirming shows to the admin; a new address starts again', async () => {
	const a = await account({ locale: 'en' });
	const m = await sink.next((x) => x.rcpt_tos.includes(a.email) && kindOf(x) === 'verify', 'a confirmation mail');
	assert.equal(m.headers.subject, 'Confirm your address for Pobratim');
	assert.match(textPart(m).content, new RegExp(`The address ${a.email.replace(/\./g, '\\.')} is given`));
	const token = tokenOf(mailLink(m, '/verify-email'));
	assert.equal(assertJson(await admin.api('GET', `/users/${a.id}`), 200).email_verified, false, 'unconfirmed first');

	const r = assertJson(await srv.api('POST', '/email-verification', { body: { token } }), 200, 'signed out');
	assert.equal(r.email, a.email);
	const u = assertJson(await admin.api('GET', `/users/${a.id}`), 200);
	assert.equal(u.email_verified, true);
	assert.match(u.email_verified_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
	assertProblem(await srv.api('POST', '/email-verification', { body: { token } }), 410, 'token_used');
	assertProblem(await admin.api('POST', `/users/${a.id}/email-verification`), 409, 'already_verified');
	const self = await srv.client().signIn(a.email, a.password);
	assertProblem(await self.api('POST', '/me/email-verification'), 409, 'already_verified');

	// an admin changes the address: unconfirmed again, and the new address gets a link
	const moved = `new-${a.email}`;
	const p = assertJson(await admin.api('PATCH', `/users/${a.id}`, { body: { email: moved } }), 200);
	assert.equal(p.email_verified, false);
	const m2 = await sink.next((x) => x.rcpt_tos.includes(moved) && kindOf(x) === 'verify', 'a mail to the new address');
	const self2 = await srv.client().signIn(moved, a.password);
	assert.equal(self2.user.email_verified, false, 'an unconfirmed account signs in and works');
	assert.equal((await self2.api('POST', '/me/email-verification')).status, 202, 'asks for the link again');
	await until(() => sink.to(moved).filter((x) => kindOf(x) === 'verify').length >= 2, 'the second link');
	assertJson(await srv.api('POST', '/email-verification', { body: { token: tokenOf(mailLink(m2, '/verify-email')) } }), 200);
	assert.equal(assertJson(await self2.api('GET', '/me'), 200).user.email_verified, true);
	assertProblem(await srv.api('POST', '/email-verification', { body: { token: 'made-up-token' } }), 400, 'invalid_token');
});

test('demo accounts count as confirmed', async () => {
	const users = assertJson(await admin.api('GET', '/users?limit=200'), 200).items
		.filter((u) => u.email.endsWith('@pobratim.demo'));
	assert.ok(users.length >= 4, `${users.length} demo accounts`);
	for (const u of users)
		assert.equal(u.email_verified, true, u.email);
});

test('the outbox: admins see each message\'s status, attempts and errors, never its body; retry and discard', async () => {
	// a recipient the mail server refuses for good (550)
	const bounce = await account({ locale: 'en', email: 'bounce@example.org' });
	const failed = await until(async () => (await outbox()).items.find((m) => m.to === bounce.email && m.status === 'failed'),
		'the refused confirmation failed');
	assert.equal(failed.kind, 'email_verification');
	assert.equal(failed.attempts, 1, 'a 5xx is not tried again');
	assert.match(failed.last_error, /550/);
	assert.equal(failed.next_attempt_at, null);
	assert.equal(failed.can_retry, false, 'its link is gone with its body: ask for a new one');
	assert.equal(failed.can_discard, true);

	const box = await outbox();
	assert.equal(box.smtp_configured, true);
	assert.equal(box.from, MAIL_FROM);
	for (const k of ['queued', 'sending', 'sent', 'failed', 'discarded'])
		assert.equal(typeof box.counts[k], 'number', k);
	assert.ok(box.counts.sent >= 3 && box.counts.failed >= 1, JSON.stringify(box.counts));
	const sent = box.items.find((m) => m.status === 'sent');
	assert.match(sent.sent_at, /Z$/);
	assert.equal(sent.last_error, null);
	for (const m of box.items) {
		assert.deepEqual(Object.keys(m).filter((k) => /body|text|html|token|link/.test(k)), [], 'no bodies');
		assert.doesNotMatch(JSON.stringify(m), /#token=/);
	}
	assert.ok((await outbox('&status=sent')).items.every((m) => m.status === 'sent'));
	assertProblem(await admin.api('GET', '/mail/outbox?status=lost'), 400, 'validation_failed');

	assertProblem(await admin.api('POST', `/mail/outbox/${failed.id}/retry`), 409, 'not_retryable');
	assertProblem(await admin.api('POST', `/mail/outbox/${sent.id}/retry`), 409, 'not_retryable', 'a sent message');
	assertProblem(await admin.api('POST', `/mail/outbox/${sent.id}/discard`), 409, 'not_discardable');
	const d = assertJson(await admin.api('POST', `/mail/outbox/${failed.id}/discard`), 200);
	assert.equal(d.status, 'discarded');
	assertProblem(await admin.api('POST', `/mail/outbox/${failed.id}/discard`), 409, 'not_discardable', 'twice');
	assertProblem(await admin.api('POST', '/mail/outbox/999999/retry'), 404, 'not_found');
	assertProblem(await admin.api('POST', '/mail/outbox/999999/discard'), 404, 'not_found');
	assert.equal(sqlite(`SELECT body_text FROM mail_outbox WHERE id = ${failed.id}`), '',
		'a message with a link keeps no body once it left the queue');
	assert.equal(sqlite(`SELECT COUNT(*) FROM mail_outbox WHERE status = 'sent' AND body_text LIKE '%token=%'`), '0');

	// refusals for the other roles
	const staff = await srv.client().signIn(DEMO.staff);
	assertProblem(await staff.api('GET', '/mail/outbox'), 403, 'forbidden');
	assertProblem(await staff.api('POST', `/mail/outbox/${sent.id}/retry`), 403, 'forbidden');
	assertProblem(await staff.api('POST', `/users/${bounce.id}/email-verification`), 403, 'forbidden');
	assertProblem(await srv.api('GET', '/mail/outbox'), 401, 'unauthenticated');
	assertProblem(await srv.api('POST', '/me/email-verification'), 401, 'unauthenticated');
	assertProblem(await admin.api('POST', '/password-reset', { body: { email: 'x@example.org' }, csrf: false }), 403,
		'csrf_failed', 'signed in, a reset request needs the CSRF token too');
});

test('without --smtp-url mail waits in the outbox, and admins are told', async () => {
	const plain = await startServer();
	try {
		const adm = await plain.client().signIn(DEMO.admin);
		await plain.stderrHas('mail: no --smtp-url');
		const u = assertJson(await adm.api('POST', '/users', { body: { email: 'waiting@example.org', name: 'Waiting',
			password: 'a long first secret', role: 'staff', organization_id: adm.user.organization.id } }), 201);
		assert.equal((await plain.api('POST', '/password-reset', { body: { email: 'waiting@example.org' } })).status, 202);
		const box = assertJson(await adm.api('GET', '/mail/outbox'), 200);
		assert.equal(box.smtp_configured, false);
		assert.equal(box.from, null);
		const mine = box.items.filter((m) => m.user_id === u.id);
		assert.deepEqual(mine.map((m) => [m.kind, m.status, m.attempts]).sort(),
			[['email_verification', 'queued', 0], ['password_reset', 'queued', 0]]);
		assert.ok(mine.every((m) => m.can_retry && m.can_discard));
	} finally {
		await plain.stop();
	}
});
