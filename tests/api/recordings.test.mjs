// Meeting recordings (issue 13 item 5): real Janus recordings of an Opus tone
// and VP8 frames converted by the real janus-pp-rec, listed for those who may
// see the meeting, served with byte ranges, removed by the host; a corrupt
// track fails with its reason, a conversion past its time is stopped, a
// crash in the middle of a conversion resumes without converting a track
// twice, the server takes up what a crash left, and the sweep keeps the
// recorded files while a recording names them.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { BIN, DEMO, assertProblem, runBin, signInAll, startServer } from './lib/server.mjs';
import { PP_REC, corruptMjr, dbArgs, filesDir, importRecording, mjr, mustImport, recordingOf, sql, waitStatus }
	from './lib/recordings.mjs';

let srv, who, meeting, media;

before(async () => {
	srv = await startServer();
	who = await signInAll(srv, { staff: DEMO.staff, admin: DEMO.admin, partner: DEMO.partner,
		harbin: 'partner.harbin@pobratim.demo', krasnodar: 'staff.krasnodar@pobratim.demo' });
	// a video meeting of Moscow's department with Minsk (partner's city) taking part
	const r = await who.staff.api('POST', '/meetings', { body: {
		title_ru: 'Запись совещания', title_en: 'Recorded meeting', format: 'video', timezone: 'Europe/Moscow',
		starts_at: '2030-03-04T08:00:00Z', duration: 60,
		participants: [{ role: 'host', organization_id: who.staff.user.organization.id },
			{ role: 'participant', city_id: who.partner.user.organization.city.id }],
	} });
	assert.equal(r.status, 201, r.text);
	meeting = r.json.id;
	media = fs.mkdtempSync(path.join(srv.tmp, 'media-'));
});

after(async () => {
	await srv?.stop();
});

const sha256 = (buf) => crypto.createHash('sha256').update(buf).digest('hex');

/* A janus-pp-rec that hangs when asked for WebM (its pid in marker), and is the real one otherwise. */
function hangingConverter(marker) {
	const file = path.join(srv.tmp, `hanging-pp-rec-${path.basename(marker)}`);
	fs.writeFileSync(file, '#!/bin/sh\n' +
	    'for a in "$@"; do case "$a" in *.webm) echo $$ > ' + marker + '; exec tail -f ' + marker + ';; esac; done\n' +
	    `exec ${PP_REC} "$@"\n`, { mode: 0o755 });
	return file;
}

/* The processes whose command line names one of paths (the hanging converter's script, its marker). */
function processesMentioning(...paths) {
	const found = [];
	for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
		let cmdline;
		try {
			cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
		} catch {
			continue;	/* ended meanwhile */
		}
		if (paths.some((p) => cmdline.includes(p)))
			found.push(`${pid}: ${cmdline.replaceAll('\0', ' ')}`);
	}
	return found;
}

/* The pid the hanging converter wrote to file, once it is there; child (the converting
 * process) must not end before it. A loaded machine may take its time: a 10-minute guard
 * only turns a hang into a failure. */
async function waitFile(file, child) {
	const deadline = Date.now() + 600000;
	while (!fs.existsSync(file) || fs.readFileSync(file, 'utf8').trim() === '') {
		assert.ok(child.exitCode === null && child.signalCode === null,
		    `the converter ended (${child.exitCode ?? child.signalCode}) before ${file} appeared`);
		assert.ok(Date.now() < deadline, `${file} never appeared`);
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
	return Number(fs.readFileSync(file, 'utf8').trim());
}

test('a recording of two people converts into playable tracks, each with its speaker as they were', async () => {
	const audio = mjr(media, 'audio', 3), video = mjr(media, 'video', 3);
	const id = mustImport(srv, meeting, { by: DEMO.staff,
		tracks: [{ as: DEMO.partner, files: [audio, video] }, { guest: 'Гость из Харбина', files: [audio] }] });
	const rec = await recordingOf(who.staff, meeting, id);
	assert.equal(rec.status, 'ready', JSON.stringify(rec));
	assert.equal(rec.error, null);
	assert.equal(rec.started_by.name, who.staff.user.name);
	assert.equal(rec.files.length, 3);
	const [pa, pv, ga] = rec.files;
	assert.deepEqual([pa.kind, pa.codec, pa.mime], ['audio', 'opus', 'audio/ogg']);
	assert.deepEqual([pv.kind, pv.codec, pv.mime], ['video', 'vp8', 'video/webm']);
	for (const f of rec.files)
		assert.ok(f.duration_ms > 2500 && f.duration_ms < 3500, `duration of ${f.kind}: ${f.duration_ms}`);
	/* imported, it started and stopped at one moment: it lasts as long as its longest track */
	assert.equal(rec.length_ms, Math.max(...rec.files.map((f) => f.duration_ms)));
	assert.deepEqual(pa.participant, { user_id: who.partner.user.id, name: who.partner.user.name,
		city_ru: 'Минск', city_en: 'Minsk', country: 'BY' });
	assert.deepEqual(ga.participant, { user_id: null, name: 'Гость из Харбина', city_ru: null, city_en: null,
		country: null });
	// nothing of the conversion is left: the .mjr files and the recording's directory are gone
	assert.equal(fs.existsSync(path.join(filesDir(srv), 'recordings', String(id))), false);

	// the tracks are what janus-pp-rec wrote: Ogg and WebM, kept under their hash
	const a = await who.partner.request('GET', pa.url);
	assert.equal(a.status, 200);
	assert.equal(a.headers['content-type'], 'audio/ogg');
	assert.equal(a.headers['accept-ranges'], 'bytes');
	assert.equal(a.raw.subarray(0, 4).toString(), 'OggS');
	assert.equal(a.raw.length, pa.bytes);
	assert.equal(a.headers.etag, `"${sha256(a.raw)}"`);
	assert.ok(fs.existsSync(path.join(filesDir(srv), `${sha256(a.raw)}.opus`)));
	const v = await who.staff.request('GET', pv.url);
	assert.equal(v.status, 200);
	assert.equal(v.headers['content-type'], 'video/webm');
	assert.equal(v.raw.readUInt32BE(0), 0x1a45dfa3, 'an EBML header');
});

test('tracks are served by byte ranges, as a player seeking asks', async () => {
	const id = mustImport(srv, meeting, { by: DEMO.staff, tracks: [{ as: DEMO.staff, files: [mjr(media, 'audio', 2)] }] });
	const f = (await recordingOf(who.staff, meeting, id)).files[0];
	const whole = (await who.staff.request('GET', f.url)).raw;
	const range = (h) => who.staff.request('GET', f.url, { headers: { Range: h } });

	let r = await range('bytes=0-99');
	assert.equal(r.status, 206);
	assert.equal(r.headers['content-range'], `bytes 0-99/${whole.length}`);
	assert.deepEqual(r.raw, whole.subarray(0, 100));
	r = await range('bytes=100-');
	assert.equal(r.status, 206);
	assert.deepEqual(r.raw, whole.subarray(100));
	r = await range('bytes=-10');
	assert.equal(r.status, 206);
	assert.equal(r.headers['content-range'], `bytes ${whole.length - 10}-${whole.length - 1}/${whole.length}`);
	assert.deepEqual(r.raw, whole.subarray(whole.length - 10));
	r = await range(`bytes=50-${whole.length + 1000}`);
	assert.equal(r.status, 206, 'a range past the end is cut to it');
	assert.deepEqual(r.raw, whole.subarray(50));
	r = await range(`bytes=${whole.length}-`);
	assert.equal(r.status, 416);
	assert.equal(r.headers['content-range'], `bytes */${whole.length}`);
	assert.equal(r.raw.length, 0);
	// what is not one byte range is ignored: the whole file
	for (const h of ['bytes=0-1,5-6', 'bytes=abc', 'items=0-5', 'bytes=9-3', 'bytes=99999999999999999999-'])
		assert.deepEqual((await range(h)).raw, whole, h);
	// HEAD: the length, no body; a known ETag: 304
	const head = await who.staff.request('HEAD', f.url);
	assert.equal(head.status, 200);
	assert.equal(Number(head.headers['content-length']), whole.length);
	assert.equal(head.raw.length, 0);
	const etag = (await who.staff.request('GET', f.url)).headers.etag;
	assert.equal((await who.staff.request('GET', f.url, { headers: { 'If-None-Match': etag } })).status, 304);
});

test('who may see the meeting sees its recordings and their tracks; nobody else, asked at every request', async () => {
	const id = mustImport(srv, meeting, { by: DEMO.staff, tracks: [{ as: DEMO.staff, files: [mjr(media, 'audio', 2)] }] });
	const f = (await recordingOf(who.staff, meeting, id)).files[0];
	const list = `/meetings/${meeting}/recordings`;

	assert.equal((await who.partner.api('GET', list)).json.can_delete, false, 'a partner may not remove them');
	assert.equal((await who.staff.api('GET', list)).json.can_delete, true);
	assert.equal((await who.admin.api('GET', list)).json.can_delete, true);
	assert.equal((await who.krasnodar.api('GET', list)).json.can_delete, false, "another department's staff");
	assert.equal((await who.partner.request('GET', f.url)).status, 200);
	assertProblem(await who.harbin.api('GET', list), 404, 'not_found', 'Harbin takes no part');
	assertProblem(await who.harbin.request('GET', f.url), 404, 'not_found', "Harbin: a track of the meeting");
	assertProblem(await srv.client().api('GET', list), 401, 'unauthenticated');
	assertProblem(await srv.client().request('GET', f.url), 401, 'unauthenticated');
	assertProblem(await who.staff.api('GET', `/recordings/${id}/files/999999`), 404, 'not_found');
	assertProblem(await who.staff.api('GET', `/recordings/999999/files/${f.id}`), 404, 'not_found');
	const other = mustImport(srv, meeting, { by: DEMO.staff, tracks: [{ as: DEMO.staff, files: [mjr(media, 'audio', 2)] }] });
	assertProblem(await who.staff.api('GET', `/recordings/${other}/files/${f.id}`), 404, 'not_found',
	    "a track named through another recording");

	// Minsk taken off the meeting: the partner's very next request for the track is refused
	const m = (await who.staff.api('GET', `/meetings/${meeting}`)).json;
	const without = m.participants.filter((p) => p.role === 'host').map((p) => ({ role: p.role, organization_id: p.organization.id }));
	assert.equal((await who.staff.api('PATCH', `/meetings/${meeting}`, { body: { participants: without } })).status, 200);
	assertProblem(await who.partner.request('GET', f.url), 404, 'not_found', 'after Minsk left the meeting');
	const back = [...without, { role: 'participant', city_id: who.partner.user.organization.city.id }];
	assert.equal((await who.staff.api('PATCH', `/meetings/${meeting}`, { body: { participants: back } })).status, 200);
	assert.equal((await who.partner.request('GET', f.url)).status, 200);
});

test('the host removes a recording; others may not; one still recording may not be removed', async () => {
	const id = mustImport(srv, meeting, { by: DEMO.staff, tracks: [{ as: DEMO.staff, files: [mjr(media, 'audio', 2)] }] });
	assertProblem(await who.partner.api('DELETE', `/recordings/${id}`), 403, 'forbidden', 'a partner');
	assertProblem(await who.krasnodar.api('DELETE', `/recordings/${id}`), 403, 'forbidden', "another department's staff");
	assertProblem(await who.harbin.api('DELETE', `/recordings/${id}`), 403, 'forbidden', 'a partner of another city');
	assertProblem(await srv.client().api('DELETE', `/recordings/${id}`), 401, 'unauthenticated');
	assertProblem(await who.staff.api('DELETE', '/recordings/999999'), 404, 'not_found');

	sql(srv, `UPDATE recordings SET status = 'recording', ended_at = NULL WHERE id = ${id}`);	/* the room records */
	assertProblem(await who.staff.api('DELETE', `/recordings/${id}`), 409, 'recording_in_progress');
	sql(srv, `UPDATE recordings SET status = 'ready' WHERE id = ${id}`);

	assert.equal((await who.staff.api('DELETE', `/recordings/${id}`)).status, 204);
	assert.equal(await recordingOf(who.staff, meeting, id), undefined);
	assertProblem(await who.staff.api('DELETE', `/recordings/${id}`), 404, 'not_found', 'again');
	const id2 = mustImport(srv, meeting, { by: DEMO.staff, tracks: [{ as: DEMO.staff, files: [mjr(media, 'audio', 2)] }] });
	assert.equal((await who.admin.api('DELETE', `/recordings/${id2}`)).status, 204, 'an admin');
});

test('the sweep keeps the tracks a recording names, and removes them once it is deleted', async () => {
	const id = mustImport(srv, meeting, { by: DEMO.staff, tracks: [{ as: DEMO.staff, files: [mjr(media, 'video', 2)] }] });
	const f = (await recordingOf(who.staff, meeting, id)).files[0];
	const name = `${JSON.parse((await who.staff.request('GET', f.url)).headers.etag)}.webm`;
	const file = path.join(filesDir(srv), name);
	const old = new Date(Date.now() - 7200 * 1000);
	fs.utimesSync(file, old, old);
	let r = runBin(['files', 'sweep', '--sweep-grace', '60', ...dbArgs(srv)]);
	assert.equal(r.status, 0, r.stderr);
	assert.ok(fs.existsSync(file), 'a recorded track is referenced');
	assert.equal((await who.staff.request('GET', f.url)).status, 200);

	assert.equal((await who.staff.api('DELETE', `/recordings/${id}`)).status, 204);
	r = runBin(['files', 'sweep', '--sweep-grace', '60', ...dbArgs(srv)]);
	assert.equal(r.status, 0, r.stderr);
	assert.equal(fs.existsSync(file), false, `the track of a deleted recording goes: ${r.stdout}`);
});

test('the sweep leaves alone the .mjr files of a recording going on, however old', async () => {
	// a recording the room is writing (status recording: no converter touches it)
	const id = Number(sql(srv, `INSERT INTO recordings (meeting_id, started_by, started_by_name, started_at, status)
	    VALUES (${meeting}, ${who.staff.user.id}, 'Сотрудник', '2030-03-04T08:00:00Z', 'recording') RETURNING id`));
	const dir = path.join(filesDir(srv), 'recordings', String(id));
	fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
	const track = path.join(dir, 'p1-audio-0.mjr');
	fs.copyFileSync(mjr(media, 'audio', 2), track);
	const old = new Date(Date.now() - 7200 * 1000);
	fs.utimesSync(track, old, old);
	try {
		const r = runBin(['files', 'sweep', '--sweep-grace', '60', ...dbArgs(srv)]);
		assert.equal(r.status, 0, r.stderr);
		assert.ok(fs.existsSync(track), `the recorded track is kept: ${r.stdout}`);
	} finally {
		sql(srv, `DELETE FROM recordings WHERE id = ${id}`);
		fs.rmSync(dir, { recursive: true, force: true });
	}
});

test('a backup holds the recordings: restored with a copy of the files directory, they are listed and served', async () => {
	const id = mustImport(srv, meeting, { by: DEMO.staff,
		tracks: [{ as: DEMO.partner, files: [mjr(media, 'audio', 2), mjr(media, 'video', 2)] }] });
	const before = await recordingOf(who.staff, meeting, id);
	const bodies = [];
	for (const f of before.files)
		bodies.push(sha256((await who.staff.request('GET', f.url)).raw));
	// as docs/operations.md says: the database while the server runs, then the files directory
	const backup = path.join(srv.tmp, 'backup.db'), files = path.join(srv.tmp, 'files-copy');
	let r = runBin(['backup', '--db', srv.db, backup]);
	assert.equal(r.status, 0, r.stderr);
	fs.cpSync(filesDir(srv), files, { recursive: true });
	const restored = path.join(srv.tmp, 'restored.db');
	r = runBin(['restore', '--db', restored, backup]);
	assert.equal(r.status, 0, r.stderr);

	const copy = await startServer({ db: restored, args: ['--files', files] });
	try {
		const staff = await copy.client().signIn(DEMO.staff);
		const after = await recordingOf(staff, meeting, id);
		assert.deepEqual(after, before, 'the recording, its tracks and their speakers');
		for (const [i, f] of after.files.entries()) {
			const got = await staff.request('GET', f.url);
			assert.equal(got.status, 200, `${f.kind} served from the restored copy`);
			assert.equal(sha256(got.raw), bodies[i]);
		}
	} finally {
		await copy.stop();
	}
});

test('a corrupt track fails with its reason; the others are kept; a retry converts it once it is whole', async () => {
	const bad = corruptMjr(media);
	const r = importRecording(srv, meeting, { by: DEMO.staff,
		tracks: [{ as: DEMO.staff, files: [mjr(media, 'audio', 2), bad] }] });
	assert.equal(r.status, 0, r.stderr);
	const rec = await recordingOf(who.staff, meeting, r.id);
	assert.equal(rec.status, 'failed');
	assert.match(rec.error, /^p\d+-1\.mjr: not a readable Janus recording/);
	assert.equal(rec.files.length, 1, 'the good track is kept');
	assert.equal((await who.staff.request('GET', rec.files[0].url)).status, 200);
	// the failed .mjr is kept for the operator; replaced by a whole one, a retry converts it
	const dir = path.join(filesDir(srv), 'recordings', String(r.id));
	const left = fs.readdirSync(dir).filter((n) => n.endsWith('.mjr'));
	assert.equal(left.length, 1);
	fs.copyFileSync(mjr(media, 'video', 2), path.join(dir, left[0]));
	const retry = runBin(['recordings', 'process', '--retry', String(r.id), ...dbArgs(srv)]);
	assert.equal(retry.status, 0, retry.stderr);
	assert.match(retry.stdout, new RegExp(`recording ${r.id}: ready, 2 tracks`));
	const again = await recordingOf(who.staff, meeting, r.id);
	assert.deepEqual(again.files.map((f) => f.kind), ['audio', 'video']);
	assert.equal(again.error, null);
});

test('a recording with no track at all fails: nothing was recorded', async () => {
	const r = importRecording(srv, meeting, { by: DEMO.staff, tracks: [{ as: DEMO.staff, files: [] }] });
	assert.equal(r.status, 0, r.stderr);
	const rec = await recordingOf(who.staff, meeting, r.id);
	assert.equal(rec.status, 'failed');
	assert.equal(rec.error, 'nothing was recorded');
});

test('a conversion past --recording-timeout is stopped, and the track fails with the reason', async () => {
	const marker = path.join(srv.tmp, 'timeout.pid');
	const converter = hangingConverter(marker);
	const r = importRecording(srv, meeting, { by: DEMO.staff,
		tracks: [{ as: DEMO.staff, files: [mjr(media, 'video', 2)] }],
		args: ['--pp-rec', converter, '--recording-timeout', '1'] });
	assert.equal(r.status, 0, r.stderr);
	const rec = await recordingOf(who.staff, meeting, r.id);
	assert.equal(rec.status, 'failed');
	assert.match(rec.error, /took longer than 1 s/);
	// killed and reaped before the track failed: whether it was still starting (a loaded
	// machine) or already hanging, no process runs the converter or its hang any more
	assert.deepEqual(processesMentioning(converter, marker), [], 'the converter was killed');
});

test('killed in the middle of a conversion, a recording is taken up again: every track once, none lost', async () => {
	const audio = mjr(media, 'audio', 2), video = mjr(media, 'video', 2);
	const id = mustImport(srv, meeting, { by: DEMO.staff, defer: true,
		tracks: [{ as: DEMO.staff, files: [audio, video, audio] }] });
	assert.equal((await recordingOf(who.staff, meeting, id)).status, 'processing');

	// the converter hangs on the video track (the second): the first is converted by then
	const marker = path.join(srv.tmp, 'crash.pid');
	const child = spawn(BIN, ['recordings', 'process', ...dbArgs(srv), '--pp-rec', hangingConverter(marker)],
	    { stdio: 'ignore' });
	const exited = new Promise((resolve) => child.on('exit', resolve));
	const hung = await waitFile(marker, child);
	// a second converter meanwhile leaves it alone: it is taken
	const second = runBin(['recordings', 'process', String(id), ...dbArgs(srv)]);
	assert.equal(second.status, 0, second.stderr);
	assert.match(second.stdout, /being converted by another process/);
	child.kill('SIGKILL');
	await exited;
	process.kill(hung, 'SIGKILL');
	let rec = await recordingOf(who.staff, meeting, id);
	assert.equal(rec.status, 'processing', 'still to be done');
	assert.equal(rec.files.length, 1, 'the first track was converted before the crash');
	const first = rec.files[0].id;

	const again = runBin(['recordings', 'process', ...dbArgs(srv)]);
	assert.equal(again.status, 0, again.stderr);
	rec = await recordingOf(who.staff, meeting, id);
	assert.equal(rec.status, 'ready', JSON.stringify(rec));
	assert.deepEqual(rec.files.map((f) => f.kind).sort(), ['audio', 'audio', 'video']);
	assert.equal(rec.files.filter((f) => f.id === first).length, 1, 'the first track kept, not converted again');
	assert.equal(Number(sql(srv, `SELECT COUNT(*) FROM recording_files WHERE recording_id = ${id}`)), 3);
	assert.equal(fs.existsSync(path.join(filesDir(srv), 'recordings', String(id))), false, 'its directory is gone');
});

test('the server converts at its start what a crash left processing, and ends what it left recording', async () => {
	const processing = mustImport(srv, meeting, { by: DEMO.staff, defer: true,
		tracks: [{ as: DEMO.staff, files: [mjr(media, 'audio', 2)] }] });
	const recording = mustImport(srv, meeting, { by: DEMO.staff, defer: true,
		tracks: [{ guest: 'Гость', files: [mjr(media, 'video', 2)] }] });
	sql(srv, `UPDATE recordings SET status = 'recording', ended_at = NULL WHERE id = ${recording}`);
	await srv.restart();
	const a = await waitStatus(who.staff, meeting, processing, ['ready', 'failed']);
	assert.equal(a.status, 'ready');
	const b = await waitStatus(who.staff, meeting, recording, ['ready', 'failed']);
	assert.equal(b.status, 'ready');
	assert.ok(b.ended_at, 'ended by the start');
	assert.equal(b.files[0].kind, 'video');
	await srv.stderrHas('were still recording when the server stopped');
});

test('recordings import refuses what it cannot attach, and leaves nothing behind', () => {
	const audio = mjr(media, 'audio', 2);
	let r = importRecording(srv, 999999, { by: DEMO.staff, tracks: [{ as: DEMO.staff, files: [audio] }] });
	assert.equal(r.status, 1, 'no such meeting');
	r = importRecording(srv, meeting, { by: 'nobody@example.org', tracks: [{ as: DEMO.staff, files: [audio] }] });
	assert.equal(r.status, 1);
	assert.match(r.stderr, /no account 'nobody@example.org'/);
	const before = sql(srv, 'SELECT COUNT(*) FROM recordings');
	r = importRecording(srv, meeting, { by: DEMO.staff, tracks: [{ as: DEMO.staff, files: [path.join(media, 'none.mjr')] }] });
	assert.equal(r.status, 1);
	assert.equal(sql(srv, 'SELECT COUNT(*) FROM recordings'), before, 'the recording begun is forgotten');
	r = runBin(['recordings', 'import', String(meeting), ...dbArgs(srv)]);
	assert.equal(r.status, 2);
	r = runBin(['recordings', 'process', 'x', ...dbArgs(srv)]);
	assert.equal(r.status, 2);
	r = runBin(['recordings', ...dbArgs(srv)]);
	assert.equal(r.status, 2);
});
