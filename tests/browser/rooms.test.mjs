// Browser test of live meeting rooms: three headless Chromium clients with
// fake camera and microphone in one room receive each other's audio and
// video (RTCPeerConnection stats grow), chat reaches all three, a guest waits
// in the lobby until admitted, a stranger is refused, a dropped client
// rejoins. Screenshots of the room at 2 and 3 participants.
//
// No STUN/TURN: the peers on 127.0.0.1 connect through host candidates.
// Chromium hides those behind mDNS (.local) names unless the page may use the
// camera, or the WebRtcHideLocalIpsWithMdns feature is off; both hold here.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { apiCall, browserSuite, shooter, signIn } from './lib/page.mjs';

const shot = shooter();

/* Per peer connection: audio bytes, video bytes and frames received. */
function inbound(page) {
	return page.evaluate(async () => {
		const out = [];
		for (const [id, pc] of window.__pobratimRoom.pcs) {
			let audio = 0;
			let video = 0;
			let frames = 0;
			(await pc.getStats()).forEach((s) => {
				if (s.type !== 'inbound-rtp') return;
				if (s.kind === 'audio') audio += s.bytesReceived ?? 0;
				else { video += s.bytesReceived ?? 0; frames += s.framesDecoded ?? 0; }
			});
			out.push({ id, state: pc.connectionState, audio, video, frames });
		}
		return out.sort((a, b) => a.id.localeCompare(b.id));
	});
}

/* Waits until the page receives audio and video from `peers` others, then checks it keeps growing. */
async function assertMediaFlows(page, peers, who) {
	let deadline = Date.now() + 20000;
	let first;
	for (;;) {
		first = await inbound(page);
		if (first.length === peers && first.every((p) => p.audio > 0 && p.frames > 0))
			break;
		if (Date.now() > deadline)
			assert.fail(`${who}: no media from ${peers} peers: ${JSON.stringify(first)}`);
		await page.waitForTimeout(300);
	}
	/* every counter of every peer moves on (looked at every 300 ms, 20 s at most) */
	const grown = (p, q) => q && q.audio > p.audio && q.video > p.video && q.frames > p.frames;
	let later;
	deadline = Date.now() + 20000;
	do {
		await page.waitForTimeout(300);
		later = await inbound(page);
	} while (!first.every((p) => grown(p, later.find((x) => x.id === p.id))) && Date.now() < deadline);
	for (const p of first) {
		const q = later.find((x) => x.id === p.id);
		assert.ok(q, `${who}: peer ${p.id} still there`);
		assert.ok(q.audio > p.audio, `${who}: audio bytes from ${p.id} grow ${p.audio} -> ${q.audio}`);
		assert.ok(q.video > p.video && q.frames > p.frames,
		    `${who}: video from ${p.id} grows ${p.frames} -> ${q.frames} frames`);
	}
}

const tiles = (page) => page.locator('.room-tile');

describe('live rooms', () => {
	const suite = browserSuite({
		server: { env: { POBRATIM_MEDIA: 'mesh' } },	/* browser to browser (rooms-sfu.test.mjs: Janus) */
		args: ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream',
			'--disable-features=WebRtcHideLocalIpsWithMdns', '--autoplay-policy=no-user-gesture-required'],
		page: { width: 1100, height: 720, locale: 'ru-RU', timezoneId: 'Europe/Moscow',
			permissions: ['camera', 'microphone'], timeout: 15000, consoleErrors: false },
	});

	test('three clients in one room: media both ways, chat, lobby, refusal, rejoin', async () => {
		const host = await suite.newPage();
		await signIn(host.page, 'staff@pobratim.demo', { next: '/meetings' });
		const minsk = await host.page.evaluate(async () =>
			(await (await fetch('/api/v1/cities?q=Minsk&limit=1')).json()).items[0].id);
		const org = await host.page.evaluate(async () => (await (await fetch('/api/v1/me')).json()).user.organization.id);
		const created = await apiCall(host.page, 'POST', '/meetings', {
			title_ru: 'Видеоконференция Москва — Минск', title_en: 'Moscow — Minsk videoconference', format: 'video',
			timezone: 'Europe/Moscow', starts_at: '2026-12-07T08:00:00Z', duration: 60,
			participants: [
				{ role: 'host', organization_id: org, name_ru: 'Сергей Черёмин', name_en: 'Sergey Cheryomin',
				  post_ru: 'министр Правительства Москвы', post_en: 'Minister of the Moscow Government' },
				{ role: 'participant', city_id: minsk },
			],
			agenda: [{ title_ru: 'Открытие', title_en: 'Opening', minutes: 10 },
				{ title_ru: 'Обмен опытом в здравоохранении', title_en: 'Health care experience', minutes: 40 }],
		});
		assert.equal(created.status, 201, JSON.stringify(created.json));
		const id = created.json.id;

		/* the host joins from the meeting page */
		await host.page.goto(`/meetings/${id}`);
		await host.page.getByTestId('join').click();
		await host.page.waitForURL(`**/meetings/${id}/room`);
		await tiles(host.page).first().waitFor();
		await host.page.getByRole('tab', { name: 'Повестка' }).click();
		await host.page.getByRole('button', { name: 'Сделать текущим' }).first().click();
		await host.page.getByTestId('current-item').getByText('Открытие').waitFor();

		/* the partner of Minsk */
		const partner = await suite.newPage();
		await signIn(partner.page, 'partner@pobratim.demo', { next: `/meetings/${id}/room` });
		await tiles(partner.page).nth(1).waitFor();
		await tiles(host.page).nth(1).waitFor();
		await assertMediaFlows(host.page, 1, 'host');
		await assertMediaFlows(partner.page, 1, 'partner');
		assert.deepEqual(await tiles(partner.page).locator('figcaption strong').allInnerTexts(),
		    ['Сотрудник ДВМС', 'Представитель Мингорисполкома (вы)'], 'protocol order');
		assert.match(await tiles(partner.page).nth(1).innerText(), /BY/);
		await host.page.waitForTimeout(500);
		await shot(host.page, 'room-2-participants-ru');

		/* the admin, in English */
		const admin = await suite.newPage({ locale: 'en-US' });
		await signIn(admin.page, 'admin@pobratim.demo', { next: '/' });
		await admin.page.getByRole('button', { name: /^EN English$/ }).first().click().catch(() => {});
		await admin.page.goto(`/meetings/${id}/room`);
		await tiles(admin.page).nth(2).waitFor();
		for (const [p, who] of [[host.page, 'host'], [partner.page, 'partner'], [admin.page, 'admin']])
			await assertMediaFlows(p, 2, who);
		await admin.page.getByTestId('current-item').waitFor();
		await host.page.waitForTimeout(500);
		await shot(host.page, 'room-3-participants-ru');
		await shot(admin.page, 'room-3-participants-en');

		/* chat reaches all three */
		await partner.page.getByRole('tab', { name: /^(Чат|Chat)/ }).click();
		await partner.page.getByLabel(/^(Сообщение для всех|Message to everyone)/).fill('Добрый день из Минска!');
		await partner.page.getByRole('button', { name: /^(Отправить|Send)$/ }).click();
		for (const p of [host.page, partner.page, admin.page]) {
			await p.getByRole('tab', { name: /^(Чат|Chat)/ }).click();
			await p.locator('.room-messages').getByText('Добрый день из Минска!').waitFor();
		}

		/* screen sharing: shared, or refused with a message — never a broken page */
		await admin.page.getByRole('button', { name: /^(Share screen|Показать экран)$/ }).click();
		await admin.page.locator('.room-notes, button[aria-pressed="true"]:has-text("Stop sharing")').first().waitFor();

		/* a guest waits in the lobby until the host admits them */
		const link = await apiCall(host.page, 'POST', `/meetings/${id}/guest-links`, { name: 'Переводчик', hours: 2 });
		assert.equal(link.status, 201);
		const guest = await suite.newPage();
		await guest.page.goto(link.json.path);
		await guest.page.getByTestId('lobby').waitFor();
		await shot(guest.page, 'room-lobby-ru');
		await host.page.getByRole('tab', { name: /^Участники/ }).click();
		await host.page.getByTestId('waiting').getByText('Переводчик').waitFor();
		assert.equal(await tiles(guest.page).count(), 0);
		await host.page.getByRole('button', { name: 'Допустить' }).click();
		await tiles(guest.page).nth(3).waitFor();
		await assertMediaFlows(guest.page, 3, 'guest');
		await guest.context.close();

		/* a stranger is refused with a clear message */
		const stranger = await suite.newPage();
		await signIn(stranger.page, 'staff.krasnodar@pobratim.demo', { next: `/meetings/${id}/room` });
		await stranger.page.getByTestId('room-message').getByText(/не приглашены/).waitFor();
		await stranger.context.close();

		/* a dropped client reconnects and rejoins; media flows again */
		const before = await partner.page.evaluate(() => window.__pobratimRoom.view.self);
		await partner.page.evaluate(() => window.__pobratimRealtime.drop());
		await partner.page.waitForFunction((old) => {
			const v = window.__pobratimRoom.view;
			return v.phase.kind === 'in' && v.self !== old && v.participants.length === 3;
		}, before);
		await assertMediaFlows(partner.page, 2, 'partner after the drop');
		await assertMediaFlows(host.page, 2, 'host after the partner rejoined');
		assert.equal(await tiles(host.page).count(), 3);

		for (const x of [host, partner, admin])
			assert.deepEqual(x.problems, []);
		for (const x of [host, partner, admin])
			await x.context.close();
	});
});
