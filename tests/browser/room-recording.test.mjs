// Browser test of recording a live room (issue 13 item 5) through the media
// server (serve --media janus, the real Janus, the real janus-pp-rec): the
// host (in Russian) and a participant of Minsk (in English), headless
// Chromium with fake camera and microphone. The host presses "Record":
// both see the red mark with its running time and the announcement; the
// participant has no button for it. The host stops: both are told, and the
// meeting page lists the recording, whose <audio> and <video> play
// (duration > 0). Screenshots: tests/browser/screenshots/room-rec-*.png (the
// host's room before and while recording, ru; the participant's, en).

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { SHOTS, apiCall, browserSuite, mediaState, setLanguage, shooter, signIn } from './lib/page.mjs';
import { markSeconds } from './lib/room.mjs';

const shot = shooter('room-rec-');
const skip = !fs.existsSync('/usr/bin/janus') ? '/usr/bin/janus is not installed (apt-get install janus)'
	: !fs.existsSync('/usr/bin/janus-pp-rec') ? '/usr/bin/janus-pp-rec is not installed (apt-get install janus-tools)'
	: false;

/* Waits until the page publishes to the media server (its publishing connection is up). */
const publishing = (page) => page.waitForFunction(() =>
	window.__pobratimRoom?.pcs?.get('publisher')?.connectionState === 'connected', null, { timeout: 40000 });

describe('recording a live room', { skip }, () => {
	const suite = browserSuite({
		server: { env: { POBRATIM_MEDIA: 'janus' } },
		args: ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream',
			'--disable-features=WebRtcHideLocalIpsWithMdns', '--autoplay-policy=no-user-gesture-required'],
		page: { width: 1200, height: 720, locale: 'ru-RU', timezoneId: 'Europe/Moscow',
			permissions: ['camera', 'microphone'], timeout: 45000, consoleErrors: false },	/* pages that send and receive video are slow on a loaded machine */
	});

	test('the host records, both see it, it stops, and the meeting page plays the recording', async () => {
		const s = suite.ready();
		await (async () => {
			const deadline = Date.now() + 30000;
			while (!/media: Janus ready/.test(s.srv.log())) {
				assert.ok(Date.now() < deadline, 'Janus never became ready');
				await new Promise((resolve) => setTimeout(resolve, 100));
			}
		})();
		const host = await suite.newPage();
		await signIn(host.page, 'staff@pobratim.demo', { next: '/meetings' });
		const minsk = await host.page.evaluate(async () =>
			(await (await fetch('/api/v1/cities?q=Minsk&limit=1')).json()).items[0].id);
		const org = await host.page.evaluate(async () => (await (await fetch('/api/v1/me')).json()).user.organization.id);
		const created = await apiCall(host.page, 'POST', '/meetings', {
			title_ru: 'Видеоконференция Москва — Минск', title_en: 'Moscow — Minsk videoconference', format: 'video',
			timezone: 'Europe/Moscow', starts_at: '2026-12-07T08:00:00Z', duration: 60,
			participants: [{ role: 'host', organization_id: org }, { role: 'participant', city_id: minsk }],
		});
		assert.equal(created.status, 201, JSON.stringify(created.json));
		const id = created.json.id;
		await host.page.goto(`/meetings/${id}/room`);

		const guest = await suite.newPage({ locale: 'en-GB' });
		await signIn(guest.page, 'partner@pobratim.demo', { next: '/meetings' });
		await setLanguage(guest.page, 'en');
		await guest.page.goto(`/meetings/${id}/room`);
		await Promise.all([publishing(host.page), publishing(guest.page)]);
		assert.equal(await guest.page.getByTestId('record').count(), 0, 'only a host may record');
		assert.equal(await host.page.getByTestId('recording').count(), 0);

		await shot(host.page, 'off-ru');

		/* the host starts: both see the mark, its time running, and the announcement */
		await host.page.getByRole('button', { name: 'Записывать' }).click();
		for (const [page, news] of [[host.page, /Включена запись встречи/], [guest.page, /has started recording the meeting/]]) {
			await page.getByTestId('recording').waitFor();
			assert.match(await page.getByTestId('recording-news').innerText(), news);
		}
		assert.match(await host.page.getByTestId('recording').innerText(), /Запись/);
		assert.match(await guest.page.getByTestId('recording').innerText(), /REC/);
		/* the media server writes the tracks; the mark counts the time */
		const rec = await host.page.evaluate(() => window.__pobratimRoom.view.recording.id);
		const dir = path.join(s.srv.dir, 'files', 'recordings', String(rec));
		const sizes = () => fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.mjr'))
		    .map((f) => fs.statSync(path.join(dir, f)).size) : [];
		await host.page.waitForFunction(() => {
			const t = document.querySelector('[data-testid="recording"] time')?.textContent ?? '';
			return t >= '00:03';
		}, null, { timeout: 30000 });
		const deadline = Date.now() + 30000;
		while (!(sizes().length === 4 && sizes().every((n) => n > 20000))) {
			assert.ok(Date.now() < deadline, `the tracks of two publishers: ${sizes()}`);
			await new Promise((resolve) => setTimeout(resolve, 100));
		}
		assert.ok(await markSeconds(guest.page) >= 2, 'the participant\'s mark counts too');
		await shot(host.page, 'on-ru');
		await shot(guest.page, 'on-en');
		await guest.page.getByRole('button', { name: 'OK' }).click();
		assert.equal(await guest.page.getByTestId('recording-news').count(), 0, 'the announcement is put away');

		/* the host stops: both are told, the mark goes */
		await host.page.getByRole('button', { name: 'Остановить запись' }).click();
		for (const [page, news] of [[host.page, /Запись остановлена/], [guest.page, /The recording has stopped/]]) {
			await page.getByTestId('recording').waitFor({ state: 'detached' });
			assert.match(await page.getByTestId('recording-news').innerText(), news);
		}
		await shot(guest.page, 'stopped-en');

		/* the meeting page: the recording, converted, plays */
		await guest.page.goto(`/meetings/${id}`);
		const card = guest.page.getByRole('region', { name: 'Recordings' }).locator('article[data-status="ready"]');
		await card.waitFor({ timeout: 60000 });	/* the page reads the list again while it is converted */
		const players = card.locator('audio, video');
		assert.equal(await players.count(), 4, 'audio and video of the host and of the participant');
		for (let i = 0; i < 4; i++) {
			const st = await mediaState(players.nth(i));
			assert.equal(st.error, null, `player ${i}: media error ${st.error}`);
			assert.ok(Number.isFinite(st.duration) && st.duration > 0, `player ${i}: duration ${st.duration}`);
		}
		await card.screenshot({ path: path.join(SHOTS, 'room-rec-page-en.png') });
		await host.context.close();
		await guest.context.close();
	});
});
