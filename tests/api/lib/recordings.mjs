// Meeting recordings for the tests: real Janus recordings (.mjr) of real
// media made by build/mjrgen (tests/tools/mjrgen.c: an Opus tone, VP8
// frames), attached to a meeting with `pobratim recordings import`, which
// goes through the interface the room uses (src/media/recording.h) and
// converts them with the real janus-pp-rec.
//
//   const a = mjr(dir, 'audio', 3);
//   const { id } = importRecording(srv, meetingId, { by: DEMO.staff,
//       tracks: [{ as: DEMO.staff, files: [a] }, { guest: 'Гость', files: [a] }] });

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import { REPO, runBin } from './server.mjs';

export const MJRGEN = path.join(REPO, 'build', 'mjrgen');
export const PP_REC = '/usr/bin/janus-pp-rec';

/** A .mjr of `seconds` of kind ('audio': Opus, 'video': VP8) in dir: its path. */
export function mjr(dir, kind, seconds = 3, name = `${kind}-${seconds}.mjr`) {
	assert.ok(fs.existsSync(MJRGEN), `${MJRGEN} missing: make build/mjrgen`);
	const file = path.join(dir, name);
	if (!fs.existsSync(file)) {
		const r = spawnSync(MJRGEN, [kind, file, String(seconds)], { encoding: 'utf8' });
		assert.equal(r.status, 0, `mjrgen ${kind}: ${r.stderr}`);
	}
	return file;
}

/** Bytes that are no Janus recording, with the .mjr name. */
export function corruptMjr(dir) {
	const file = path.join(dir, 'corrupt.mjr');
	fs.writeFileSync(file, Buffer.concat([Buffer.from('MJR00002'), Buffer.from([0, 5]), Buffer.from('hello')]));
	return file;
}

export const filesDir = (srv) => path.join(srv.tmp, 'files');

/** --db and --files of a test server, for the commands. */
export const dbArgs = (srv) => ['--db', srv.db, '--files', filesDir(srv)];

/*
 * `pobratim recordings import`: tracks are [{ as: email } | { guest: name }, files: [...]];
 * defer leaves the conversion to the server. Returns { id, status, stdout, stderr }.
 */
export function importRecording(srv, meeting, { by, tracks = [], defer = false, args = [] }) {
	const argv = ['recordings', 'import', String(meeting), '--by', by];
	for (const t of tracks) {
		if (t.as)
			argv.push('--as', t.as);
		else if (t.guest)
			argv.push('--guest', t.guest);
		argv.push(...t.files);
	}
	if (defer)
		argv.push('--defer');
	const r = runBin([...argv, ...dbArgs(srv), ...args]);
	const m = /recording (\d+): \d+ tracks imported/.exec(r.stdout);
	return { id: m ? Number(m[1]) : null, status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** importRecording that must succeed: the recording's id. */
export function mustImport(srv, meeting, opts) {
	const r = importRecording(srv, meeting, opts);
	assert.equal(r.status, 0, `recordings import: ${r.status}\n${r.stdout}\n${r.stderr}`);
	assert.ok(r.id, r.stdout);
	return r.id;
}

/** Runs sql on the test server's database with the sqlite3 shell: its output. */
export function sql(srv, statement) {
	const r = spawnSync('sqlite3', [srv.db, statement], { encoding: 'utf8' });
	assert.equal(r.status, 0, `sqlite3: ${r.stderr}`);
	return r.stdout.trim();
}

/** The recording of the meeting's list, as `client` sees it (undefined when absent). */
export async function recordingOf(client, meeting, id) {
	const r = await client.api('GET', `/meetings/${meeting}/recordings`);
	assert.equal(r.status, 200, r.text);
	return r.json.items.find((x) => x.id === id);
}

/** Polls until the recording's status is one of `statuses` (20 s at most): the recording. */
export async function waitStatus(client, meeting, id, statuses) {
	const deadline = Date.now() + 20000;
	for (;;) {
		const rec = await recordingOf(client, meeting, id);
		if (rec && statuses.includes(rec.status))
			return rec;
		assert.ok(Date.now() < deadline, `recording ${id} never became ${statuses}: ${JSON.stringify(rec)}`);
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
}
