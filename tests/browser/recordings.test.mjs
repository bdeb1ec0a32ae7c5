// Browser test of meeting recordings (issue 13 item 5) against the real
// server: real Janus recordings (.mjr, an Opus tone and VP8 frames from
// build/mjrgen) converted by the real janus-pp-rec are listed on the meeting
// page for those who may see the meeting, play in Chromium's <audio> and
// <video> (duration > 0), download, and go when the host deletes them; a
// recording being converted shows as processing and turns into players by
// itself. Screenshots: tests/browser/screenshots/recordings-*.png.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { BIN, Client, runBin } from '../api/lib/server.mjs';
import { PP_REC, mjr } from '../api/lib/recordings.mjs';
import { SHOTS, browserSuite, mediaState, setLanguage, signIn } from './lib/page.mjs';

const STAFF = 'staff@pobratim.demo';
const MINSK = 'partner@pobratim.demo';	/* a partner of Minsk, which takes part */
const HARBIN = 'partner.harbin@pobratim.demo';	/* a partner of Harbin, which does not */

const media = fs.mkdtempSync(path.join(os.tmpdir(), 'pobratim-rec-media-'));
let meeting, staff;

/** The `recordings import` command's arguments for the suite's server. */
function importArgs(srv, tracks) {
	const argv = ['recordings', 'import', String(meeting), '--by', STAFF];
	for (const t of tracks)
		argv.push(...(t.as ? ['--as', t.as] : ['--guest', t.guest]), ...t.files);
	return [...argv, '--db', srv.db, '--files', path.join(srv.dir, 'files')];
}

/** A janus-pp-rec that waits until `gate` exists, then is the real one. */
function gatedConverter(gate) {
	const file = path.join(media, 'gated-pp-rec');
	fs.writeFileSync(file, `#!/bin/sh\nwhile [ ! -e '${gate}' ]; do sleep 0.05; done\nexec ${PP_REC} "$@"\n`,
	    { mode: 0o755 });
	return file;
}

async function recordings() {
	const r = await staff.api('GET', `/meetings/${meeting}/recordings`);
	assert.equal(r.status, 200, r.text);
	return r.json.items;
}

/** Waits until some recording's status is `status` (20 s at most): it. */
async function waitForStatus(status) {
	const deadline = Date.now() + 20000;
	for (;;) {
		const found = (await recordings()).find((x) => x.status === status);
		if (found)
			return found;
		assert.ok(Date.now() < deadline, `no recording became ${status}`);
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
}

/** Waits until every video of the page shows its first picture (for the screenshots). */
function firstFrames(page) {
	return page.waitForFunction(() => [...document.querySelectorAll('video')].every((v) => v.readyState >= 2));
}

async function assertPlays(locator, what) {
	const s = await mediaState(locator);
	assert.equal(s.error, null, `${what}: media error ${s.error}`);
	assert.ok(Number.isFinite(s.duration) && s.duration > 2 && s.duration < 4, `${what}: duration ${s.duration}`);
}

describe('meeting recordings', () => {
	const suite = browserSuite({
		page: { locale: 'ru-RU', timezoneId: 'Europe/Moscow' },
		async init({ srv }) {
			staff = await new Client(srv.port).signIn(STAFF);
			const minsk = (await staff.api('GET', `/cities?q=${encodeURIComponent('Минск')}&country=BY&limit=1`))
			    .json.items[0];
			const r = await staff.api('POST', '/meetings', { body: {
				title_ru: 'Совещание с Минском', title_en: 'Meeting with Minsk', format: 'video',
				timezone: 'Europe/Moscow', starts_at: '2030-03-04T08:00:00Z', duration: 60,
				participants: [{ role: 'host', organization_id: staff.user.organization.id },
					{ role: 'participant', city_id: minsk.id }],
			} });
			assert.equal(r.status, 201, r.text);
			meeting = r.json.id;
			const audio = mjr(media, 'audio', 3), video = mjr(media, 'video', 3);
			const done = runBin(importArgs(srv, [{ as: MINSK, files: [audio, video] },
				{ guest: 'Гость из Бреста', files: [audio] }]));
			assert.equal(done.status, 0, `recordings import: ${done.stdout}\n${done.stderr}`);
		},
	});

	test('the host (ru): tracks play and download; one being converted shows so and turns into players; delete',
	    async () => {
		const { context, page, problems } = await suite.newPage();
		await signIn(page, STAFF, { next: `/meetings/${meeting}` });
		const section = page.getByRole('region', { name: 'Записи' });
		const card = section.getByRole('article').first();
		await card.getByText('Готова').waitFor();
		assert.match(await card.innerText(), /Длительность 0:03/);
		assert.match(await card.innerText(), /запись включил\(а\) /);
		const speakers = card.locator('.recording-speaker');
		assert.equal(await speakers.count(), 2);
		assert.match(await speakers.nth(0).innerText(), /Минск/);
		assert.match(await speakers.nth(1).innerText(), /Гость из Бреста/);
		await assertPlays(speakers.nth(0).locator('audio'), 'the Minsk partner\'s audio');
		await assertPlays(speakers.nth(0).locator('video'), 'the Minsk partner\'s video');
		await assertPlays(speakers.nth(1).locator('audio'), 'the guest\'s audio');
		/* the video shows a picture: its size is the recorded one */
		const size = await speakers.nth(0).locator('video').evaluate((v) => [v.videoWidth, v.videoHeight]);
		assert.ok(size[0] > 0 && size[1] > 0, `video size ${size}`);

		/* download: the file the API lists, byte for byte the size it says */
		const listed = (await recordings())[0].files[1];
		const [download] = await Promise.all([page.waitForEvent('download'),
			speakers.nth(0).getByRole('link', { name: /^Скачать: Видео: / }).click()]);
		assert.match(download.suggestedFilename(), /\.webm$/);
		assert.equal(fs.statSync(await download.path()).size, listed.bytes);
		await firstFrames(page);
		await section.screenshot({ path: path.join(SHOTS, 'recordings-ready-ru.png') });

		/* a second recording, converted by a janus-pp-rec held at a gate */
		const gate = path.join(media, 'gate');
		const srv = suite.srv;
		const child = spawn(BIN, [...importArgs(srv, [{ as: STAFF, files: [mjr(media, 'audio', 3)] }]),
			'--pp-rec', gatedConverter(gate)], { stdio: 'ignore' });
		const exited = new Promise((resolve) => child.once('exit', resolve));
		try {
			const pending = await waitForStatus('processing');
			await page.reload();
			const converting = section.locator(`[data-recording="${pending.id}"]`);
			await converting.getByText('Обработка').waitFor();
			await converting.getByRole('status').getByText(/Страница обновится сама/).waitFor();
			assert.equal(await converting.locator('audio').count(), 0);
			/* imported, it started and stopped at one moment: no length until its tracks are known */
			assert.doesNotMatch(await converting.innerText(), /Длительность/);
			await converting.screenshot({ path: path.join(SHOTS, 'recordings-processing-ru.png') });
			fs.writeFileSync(gate, '');
			assert.equal(await exited, 0, 'recordings import');
			/* the page reads the list again by itself: the player appears without a reload */
			await converting.getByText('Готова').waitFor({ timeout: 20000 });
			await assertPlays(converting.locator('audio'), 'the converted track');

			/* the host deletes it, after confirming */
			page.once('dialog', (d) => d.accept());
			await converting.getByRole('button', { name: /^Удалить запись от / }).click();
			await converting.waitFor({ state: 'detached' });
			assert.deepEqual((await recordings()).map((x) => x.id).includes(pending.id), false);
			assert.equal(await section.getByRole('article').count(), 1);
		} finally {
			fs.writeFileSync(gate, '');
			await exited;
		}
		assert.deepEqual(problems, []);
		await context.close();
	});

	test('a partner of a taking-part city (en): listens and downloads, may not delete', async () => {
		const { context, page, problems } = await suite.newPage({ locale: 'en-GB' });
		await signIn(page, MINSK, { next: `/meetings/${meeting}` });
		await setLanguage(page, 'en');
		const section = page.getByRole('region', { name: 'Recordings' });
		const card = section.getByRole('article').first();
		await card.getByText('Ready').waitFor();
		assert.match(await card.innerText(), /Length 0:03 · started by /);
		await assertPlays(card.locator('audio').first(), 'audio');
		await assertPlays(card.locator('video').first(), 'video');
		assert.equal(await section.getByRole('button', { name: /^Delete/ }).count(), 0);
		const link = card.getByRole('link', { name: /^Download Audio: Гость из Бреста \(\d+ KB\)$/ });
		const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
		assert.match(download.suggestedFilename(), /\.opus$/);
		assert.ok(fs.statSync(await download.path()).size > 1000);
		await firstFrames(page);
		await section.screenshot({ path: path.join(SHOTS, 'recordings-ready-en.png') });
		assert.deepEqual(problems, []);
		await context.close();
	});

	test('a partner of a city not taking part sees neither the meeting nor its recordings', async () => {
		const { context, page, problems } = await suite.newPage({ locale: 'en-GB', consoleErrors: false });
		const asked = [];
		page.on('request', (r) => asked.push(new URL(r.url()).pathname));
		await signIn(page, HARBIN, { next: `/meetings/${meeting}` });
		await page.getByRole('alert').waitFor();
		assert.equal(await page.getByRole('region', { name: 'Recordings' }).count(), 0);
		assert.equal(await page.locator('audio, video').count(), 0);
		assert.ok(!asked.some((p) => p.includes('/recordings')), 'the page did not ask for recordings');
		const files = (await recordings())[0].files;
		const r = await page.evaluate(async (urls) => Promise.all(urls.map(async (u) => (await fetch(u)).status)),
		    [`/api/v1/meetings/${meeting}/recordings`, files[0].url]);
		assert.deepEqual(r, [404, 404]);
		assert.deepEqual(problems, []);
		await context.close();
	});
});
