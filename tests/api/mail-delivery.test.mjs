// Mail delivery (issue 14): the outbox survives a mail server that is down
// (delayed, then delivered, nothing lost) and a SIGKILL of pobratim in the
// middle of the queue (restarted: nothing sent twice, nothing lost); the
// SMTP password is used and never shown; bad mail settings stop `serve`.
// A real SMTP server on loopback (aiosmtpd, lib/smtp-sink.py) throughout.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';

import { DEMO, assertJson, freePort, runBin, startServer } from './lib/server.mjs';
import { MAIL_FROM, smtpArgs, startSink, until } from './lib/smtp.mjs';

/* n new accounts, each queueing a confirmation mail: their addresses. */
async function accounts(admin, n, tag) {
	const out = [];
	for (let i = 0; i < n; i++) {
		const email = `${tag}-${i}@example.org`;
		assertJson(await admin.api('POST', '/users', { body: { email, name: `Delivery ${i}`, password: 'a long first secret',
			role: 'correspondent', organization_id: admin.user.organization.id, locale: i % 2 ? 'en' : 'ru' } }), 201);
		out.push(email);
	}
	return out;
}

async function outboxOf(admin, addresses) {
	const box = assertJson(await admin.api('GET', '/mail/outbox?limit=200'), 200);
	return box.items.filter((m) => addresses.includes(m.to));
}

/* Each Message-ID the sink accepted, with how often. */
function countsByMessageId(sink) {
	const n = new Map();
	for (const m of sink.messages)
		n.set(m.raw_headers['message-id'], (n.get(m.raw_headers['message-id']) ?? 0) + 1);
	return n;
}

test('the mail server down for a while: delivery is put off with back-off, then everything arrives once', async () => {
	const port = await freePort();	/* nobody listens there yet */
	const srv = await startServer({ args: smtpArgs(port) });
	let sink;
	try {
		const admin = await srv.client().signIn(DEMO.admin);
		const to = await accounts(admin, 3, 'down');
		// each message is tried, refused a connection, and put off: attempts grow, with the error
		const waiting = await until(async () => {
			const box = await outboxOf(admin, to);
			return box.length === 3 && box.every((m) => m.attempts >= 2) && box;
		}, 'every message tried twice while the server is down');
		for (const m of waiting) {
			assert.ok(['queued', 'sending'].includes(m.status), m.status);
			assert.match(m.last_error, /connect/i, m.last_error);
		}
		assert.ok(waiting.some((m) => m.status === 'queued' && m.next_attempt_at !== null), 'a next attempt is set');
		await srv.stderrHas('not sent, attempt 2');

		sink = await startSink({ port });
		await until(() => to.every((a) => sink.to(a).length >= 1), 'every message once the server is up');
		const box = await until(async () => {
			const b = await outboxOf(admin, to);
			return b.every((m) => m.status === 'sent') && b;
		}, 'all marked sent');
		for (const m of box)
			assert.equal(m.last_error, null);
		// a sent message is never claimed again
		for (const a of to)
			assert.equal(sink.to(a).length, 1, `${a}: exactly once`);
	} finally {
		await srv.stop();
		await sink?.stop();
	}
});

test('SIGKILL in the middle of the queue, then a restart: nothing is sent twice, nothing is lost', async () => {
	const N = 8;
	// the mail server holds its answers to DATA until released: the kill lands while a message
	// waits for its 250, and the others wait behind it, however slowly the machine queues them
	const sink = await startSink({ hold: true });
	const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pobratim-mail-'));
	const db = path.join(tmp, 't.db');
	const files = path.join(tmp, 'files');
	const made = runBin(['demo', '--db', db, '--files', files]);
	assert.equal(made.status, 0, made.stderr);
	const args = [...smtpArgs(sink.port, { timeout: 3 }), '--files', files];
	let srv = await startServer({ db, args });
	try {
		const admin = await srv.client().signIn(DEMO.admin);
		const to = await accounts(admin, N, 'crash');
		await until(() => sink.data.length >= 1, 'a message in DATA');
		srv.child.kill('SIGKILL');
		const e = await srv.exited;
		assert.equal(e.signal, 'SIGKILL');
		assert.equal(sink.messages.length, 0, 'killed mid-queue: nothing answered yet');
		const inFlight = sink.data.at(-1);

		sink.release();
		srv = await startServer({ db, args });
		// the killed process' claim on the message in flight runs out (3 + 10 s), then it goes again
		await until(() => to.every((a) => sink.to(a).length >= 1), 'every message after the restart', 60000);
		const admin2 = await srv.client().signIn(DEMO.admin);
		const box = await until(async () => {
			const b = await outboxOf(admin2, to);
			return b.every((m) => m.status === 'sent') && b;
		}, 'all marked sent');
		const counts = countsByMessageId(sink);
		for (const [id, n] of counts)
			assert.equal(n, 1, `${id} delivered ${n} times`);
		for (const a of to)
			assert.equal(sink.to(a).length, 1, `${a}: exactly once`);
		assert.equal(counts.get(inFlight), 1, 'the message in flight at the kill arrived once, after the restart');
		assert.ok(box.find((m) => m.to === sink.messages.find((x) => x.raw_headers['message-id'] === inFlight)
			.rcpt_tos[0]).attempts >= 2, 'on a later attempt');
	} finally {
		await srv.stop();
		await sink.stop();
		fs.rmSync(tmp, { recursive: true, force: true });
	}
});

test('the SMTP password signs in to the server and is never shown: not in logs, errors, the outbox or --help', async () => {
	const SECRET = 'S3cret-mail-Pa55';
	const wrong = await startSink({ auth: 'mailer:another-password' });
	const url = `smtp://mailer:${SECRET}@127.0.0.1:${wrong.port}`;
	const srv = await startServer({ args: smtpArgs(wrong.port, { url }) });
	let right;
	try {
		const admin = await srv.client().signIn(DEMO.admin);
		const to = await accounts(admin, 1, 'auth');
		const failing = await until(async () => (await outboxOf(admin, to)).find((m) => m.attempts >= 1 && m.last_error),
			'a refused login');
		assert.match(failing.last_error, /login|auth/i, failing.last_error);
		assert.ok(['queued', 'sending'].includes(failing.status), 'a refused login is tried again, not given up');
		await wrong.stop();

		right = await startSink({ port: wrong.port, auth: `mailer:${SECRET}` });
		await right.next((m) => m.rcpt_tos.includes(to[0]), 'delivered once the server takes the password');
		const box = JSON.stringify(assertJson(await admin.api('GET', '/mail/outbox?limit=200'), 200));
		assert.ok(!box.includes(SECRET), 'not in the outbox');
		await srv.stderrHas('mail: sending through smtp://mailer@127.0.0.1');
		assert.ok(!srv.stderr().includes(SECRET), 'not in the log');
	} finally {
		await srv.stop();
		await right?.stop();
		await wrong.stop();
	}
	const help = runBin(['--help'], { env: { POBRATIM_SMTP_URL: url } });
	assert.ok(!`${help.stdout}${help.stderr}`.includes(SECRET), 'not in --help');
	assert.match(help.stderr, /--smtp-url URL/);
});

test('bad mail settings: serve exits 2 with one line, never printing the password', () => {
	const cases = [
		[['--smtp-url', 'http://user:Pa55-word@127.0.0.1:25', '--mail-from', MAIL_FROM], /--smtp-url must be/],
		[['--smtp-url', 'smtp://user:Pa55-word@127.0.0.1:25?x=1', '--mail-from', MAIL_FROM], /--smtp-url must be/],
		[['--smtp-url', 'smtp://user:Pa55-word@127.0.0.1:25'], /--smtp-url needs --mail-from/],
		[['--smtp-url', 'smtp://127.0.0.1:25', '--mail-from', 'not an address'], /--mail-from must be/],
		[['--mail-retry', '600', '--mail-retry-max', '60'], /--mail-retry .* must not be longer/],
		[['--smtp-timeout', '0'], /--smtp-timeout must be an integer/],
	];
	for (const [args, message] of cases) {
		const r = runBin(['serve', '--db', '/nonexistent/never-opened.db', ...args]);
		assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
		assert.match(r.stderr, message);
		assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
		assert.ok(!r.stderr.includes('Pa55-word'), r.stderr);
	}
	const env = runBin(['serve', '--db', '/nonexistent/never-opened.db'],
		{ env: { POBRATIM_SMTP_URL: 'ftp://user:Pa55-word@host', POBRATIM_MAIL_FROM: MAIL_FROM } });
	assert.equal(env.status, 2);
	assert.ok(!env.stderr.includes('Pa55-word'));
});
