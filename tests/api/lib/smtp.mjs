// A real SMTP server for the tests (tests/api/lib/smtp-sink.py: Debian's
// aiosmtpd on loopback), and what it received, each message parsed by
// Python's email package.
//
//   const sink = await startSink();               // or startSink({ port, delayMs, hold, refuse, auth })
//   srv = await startServer({ args: smtpArgs(sink.port) });
//   const m = await sink.next((m) => m.rcpt_tos.includes('a@b.c'));   // waits, 20 s at most
//   mailLink(m, '/reset-password')                // the link in the text part
//   await sink.stop();                            // also sink.start() again on the same port

import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import { REPO, freePort } from './server.mjs';

const SINK = path.join(REPO, 'tests', 'api', 'lib', 'smtp-sink.py');
export const MAIL_FROM = 'noreply@pobratim.test';

/** serve's arguments for a sink on port: the sender's settings, quick retries. */
export function smtpArgs(port, { url = `smtp://127.0.0.1:${port}`, retry = 1, retryMax = 2, timeout = 5 } = {}) {
	return ['--smtp-url', url, '--mail-from', MAIL_FROM, '--mail-retry', String(retry),
		'--mail-retry-max', String(retryMax), '--smtp-timeout', String(timeout)];
}

/** Waits for pred() to hold (polling), `ms` at most. */
export async function until(pred, what, ms = 20000) {
	const deadline = Date.now() + ms;
	for (;;) {
		const v = await pred();
		if (v)
			return v;
		assert.ok(Date.now() < deadline, `not within ${ms} ms: ${what}`);
		await new Promise((r) => setTimeout(r, 50));
	}
}

export async function startSink({ port, delayMs = 0, hold = false, refuse = [], auth } = {}) {
	const sink = {
		port: port ?? await freePort(),
		messages: [],	/* accepted: { mail_from, rcpt_tos, raw, seven_bit, headers, raw_headers, parts } */
		data: [],	/* Message-IDs whose DATA arrived, answered or not */
		child: null,
		stderr: '',
		async start() {
			const args = [SINK, '--port', String(sink.port), '--delay-ms', String(delayMs)];
			if (refuse.length > 0)
				args.push('--refuse', refuse.join(','));
			if (auth)
				args.push('--auth', auth);
			if (hold)
				args.push('--hold');
			const child = spawn('/usr/bin/python3', args, { stdio: [hold ? 'pipe' : 'ignore', 'pipe', 'pipe'] });
			sink.child = child;
			sink.exited = new Promise((resolve) => child.on('exit', resolve));
			let buf = '';
			let ready;
			const isReady = new Promise((resolve) => { ready = resolve; });
			child.stdout.setEncoding('utf8');
			child.stderr.setEncoding('utf8');
			child.stderr.on('data', (d) => { sink.stderr += d; });
			child.stdout.on('data', (d) => {
				buf += d;
				let nl;
				while ((nl = buf.indexOf('\n')) >= 0) {
					const e = JSON.parse(buf.slice(0, nl));
					buf = buf.slice(nl + 1);
					if (e.event === 'ready')
						ready();
					else if (e.event === 'data')
						sink.data.push(e.message_id);
					else if (e.event === 'message')
						sink.messages.push(e);
				}
			});
			const r = await Promise.race([isReady.then(() => 'ready'), sink.exited.then(() => 'exited'),
				new Promise((resolve) => setTimeout(resolve, 15000, 'timeout'))]);
			assert.equal(r, 'ready', `the SMTP sink did not start on ${sink.port}:\n${sink.stderr}`);
		},
		async stop() {
			if (sink.child && sink.child.exitCode === null && sink.child.signalCode === null) {
				sink.child.kill('SIGTERM');
				await sink.exited;
			}
		},
		/** The first message for which pred holds, waited for. */
		next(pred, what = 'a message', ms = 20000) {
			return until(() => sink.messages.find(pred), `${what} at the SMTP sink`, ms);
		},
		/** With hold: the answers to DATA go from now on. */
		release() {
			sink.child.stdin.write('release\n');
		},
		to(address) {
			return sink.messages.filter((m) => m.rcpt_tos.includes(address));
		},
	};
	await sink.start();
	return sink;
}

/** The text part of a message (the first text/plain). */
export function textPart(m) {
	const p = m.parts.find((x) => x.content_type === 'text/plain');
	assert.ok(p, `no text/plain part in ${m.headers.subject}`);
	return p;
}

/** The link to page (a path) in the message's text part, with its #token= (and &lang=). */
export function mailLink(m, page) {
	const re = new RegExp(`https?://[^\\s]+${page.replace(/\//g, '\\/')}#token=[A-Za-z0-9_-]+(&lang=(ru|en))?`);
	const link = textPart(m).content.match(re);
	assert.ok(link, `no link to ${page} in:\n${textPart(m).content}`);
	return link[0];
}

/** The token of a mailed link. */
export function tokenOf(link) {
	return new URLSearchParams(link.slice(link.indexOf('#') + 1)).get('token');
}

/** The text/calendar part of a message (the invitation). */
export function calendarPart(m) {
	const p = m.parts.find((x) => x.content_type === 'text/calendar');
	assert.ok(p, `no text/calendar part in ${m.headers.subject}`);
	return p;
}

/**
 * The same text read by libical's parser (build/icalcheck, tests/tools/icalcheck.c):
 * { method, events: [{ uid, sequence, summary, tzid, start_utc (seconds), attendees
 * (a count), organizer }] }.
 */
export function parseIcalLibical(text) {
	const bin = path.join(REPO, 'build', 'icalcheck');
	assert.ok(fs.existsSync(bin), `${bin} missing: make build/icalcheck`);
	const r = spawnSync(bin, [], { input: text, encoding: 'utf8' });
	assert.equal(r.status, 0, `libical refused it: ${r.stderr}\n${text}`);
	return JSON.parse(r.stdout);
}

/**
 * iCalendar text read by Python's icalendar module (lib/ical-check.py), a
 * parser independent of libical: { method, refresh_interval, published_ttl,
 * timezones, events: [{ uid, sequence, status, summary, location,
 * description, conference, rrule, dtstart, tzid, organizer, attendees }] }.
 */
export function parseIcal(text) {
	const r = spawnSync('/usr/bin/python3', [path.join(REPO, 'tests', 'api', 'lib', 'ical-check.py')],
		{ input: text, encoding: 'utf8', timeout: 30000 });
	assert.equal(r.status, 0, `icalendar refused it: ${r.stderr}\n${text}`);
	return JSON.parse(r.stdout);
}
