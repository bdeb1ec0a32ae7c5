// make bench-mail: how fast the outbox empties into a real SMTP server on
// loopback (aiosmtpd, tests/api/lib/smtp-sink.py), and how long a password
// reset mail takes from the request to the server's 250.
//
//   BENCH_MAILS=N   messages queued before the server starts (default 1000)
//
// The messages are written straight into the outbox of a demo database (as
// the handlers would, rendered alike: about 5 KB each with HTML), then the
// server starts with --smtp-url and the clock runs until the sink has them
// all. The sink is Python: its parsing of every message is part of what is
// measured, so the figure is a floor for the sender, not its ceiling.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';

import { DEMO, runBin, startServer } from '../tests/api/lib/server.mjs';
import { smtpArgs, startSink, until } from '../tests/api/lib/smtp.mjs';

const N = Number(process.env.BENCH_MAILS ?? 1000);

const TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout) || 100;

/* user + system CPU seconds of a process so far */
function cpuSeconds(pid) {
	const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
	return (Number(f[11]) + Number(f[12])) / TICKS;
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pobratim-bench-mail-'));
const db = path.join(tmp, 't.db');
const files = path.join(tmp, 'files');
const made = runBin(['demo', '--db', db, '--files', files]);
if (made.status !== 0)
	throw new Error(made.stderr);

const body = 'Здравствуйте! '.repeat(60);
const html = `<p>${'Здравствуйте! '.repeat(120)}</p>`;
const sql = `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${N})
INSERT INTO mail_outbox (kind, recipient, recipient_name, locale, subject, body_text, body_html, message_id,
  next_at, queued_at, created_at)
SELECT 'bench', 'bench-' || i || '@example.org', 'Получатель ' || i, 'ru', 'Проверка почты №' || i,
  '${body}', '${html}', '<bench-' || i || '@pobratim.test>', '2000-01-01T00:00:00Z',
  strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), '2000-01-01T00:00:00Z' FROM n;`;
const ins = spawnSync('sqlite3', [db, sql], { encoding: 'utf8' });
if (ins.status !== 0)
	throw new Error(ins.stderr);

const sink = await startSink();
const t0 = process.hrtime.bigint();
const srv = await startServer({ db, args: [...smtpArgs(sink.port), '--files', files] });
await until(() => sink.messages.length >= N, `${N} messages`, 30 * 60000);
const drained = Number(process.hrtime.bigint() - t0) / 1e9;
const cpu = cpuSeconds(srv.child.pid);

// latency: a reset request to the server's 250, one at a time
const admin = await srv.client().signIn(DEMO.admin);
const lat = [];
for (let i = 0; i < 20; i++) {
	const to = `latency-${i}@example.org`;
	const r = await admin.api('POST', '/users', { body: { email: to, name: `Latency ${i}`, password: 'a long first secret',
		role: 'staff', organization_id: admin.user.organization.id } });
	if (r.status !== 201)
		throw new Error(r.text);
	const s = process.hrtime.bigint();
	const q = await srv.api('POST', '/password-reset', { body: { email: to }, from: `127.0.1.${i + 1}` });
	if (q.status !== 202)
		throw new Error(q.text);
	await until(() => sink.messages.some((m) => m.rcpt_tos.includes(to) && /reset-password/.test(m.raw)), 'a reset mail');
	lat.push(Number(process.hrtime.bigint() - s) / 1e6);
}
lat.sort((a, b) => a - b);
await srv.stop();
await sink.stop();
fs.rmSync(tmp, { recursive: true, force: true });

console.log(`mail: ${N} queued messages delivered in ${drained.toFixed(1)} s (${(N / drained).toFixed(0)} messages/s, ` +
	`server CPU ${cpu.toFixed(1)} s, ${(cpu / N * 1000).toFixed(2)} ms a message, start-up included)`);
console.log(`mail: password reset request to the SMTP server's 250: p50 ${lat[10].toFixed(0)} ms, ` +
	`max ${lat[19].toFixed(0)} ms (20 requests)`);
