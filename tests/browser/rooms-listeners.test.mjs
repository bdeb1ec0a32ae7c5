// Browser test of speakers and listeners in a room on the media server
// (serve --media janus, the real Janus), headless Chromium with fake camera
// and microphone: a host and a speaker publish; a listener (its city is an
// observer on the meeting's list) has one connection only, receiving, and
// sees both speakers' video with frames advancing; the listener count is
// shown to all, the list to the host; the listener raises its hand, the
// host gives it the floor, its video reaches the others; the host makes it
// a listener again and its tile goes; a guest of a listener link (made on
// the meeting page) comes straight in, listening. Screenshots in Russian
// (the host) and English (the listener).

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { describe, test } from 'node:test';
import { browserSuite, setLanguage, shooter, signIn } from './lib/page.mjs';
import {
	assertFramesAdvance, countPeerConnections, createConference, janusReady, pcs, waitUntil,
} from './lib/room.mjs';

const shot = shooter('room-listeners-');
const noJanus = existsSync('/usr/bin/janus') ? false : '/usr/bin/janus is not installed (apt-get install janus)';

/* Who a person is in the room now (a page whose WebSocket dropped rejoins as a new connection). */
const self = (p) => p.page.evaluate(() => window.__pobratimRoom.view.self);

/* The connections of people now, for assertFramesAdvance. */
const connsOf = (...people) => () => Promise.all(people.map(self));

const view = (page, key) => page.evaluate((k) => window.__pobratimRoom.view[k], key);
const inRoom = (page) => page.waitForFunction(() => {
	const v = window.__pobratimRoom?.view;
	return v?.phase.kind === 'in' ? v.self : null;
}, null, { timeout: 60000 }).then((h) => h.jsonValue());

describe('speakers and listeners through the media server', { skip: noJanus }, () => {
	const suite = browserSuite({
		server: { env: { POBRATIM_MEDIA: 'janus' } },
		args: ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream',
			'--disable-features=WebRtcHideLocalIpsWithMdns', '--autoplay-policy=no-user-gesture-required'],
		page: { width: 1100, height: 720, locale: 'ru-RU', timezoneId: 'Europe/Moscow',
			permissions: ['camera', 'microphone'], timeout: 60000, consoleErrors: false },
	});

	async function person(email, room, locale = 'ru-RU') {
		const p = await suite.newPage({ locale });
		await p.context.addInitScript(countPeerConnections);
		if (locale.startsWith('en')) {	/* switched as a user would, unless the account's language is English */
			await signIn(p.page, email, { next: '/meetings' });
			const english = p.page.getByRole('group', { name: /^(Язык|Language)$/ }).getByRole('button', { name: 'English' });
			if (await english.getAttribute('aria-pressed') !== 'true')
				await setLanguage(p.page, 'en');
			await p.page.goto(room);
		} else
			await signIn(p.page, email, { next: room });
		p.conn = await inRoom(p.page);
		return p;
	}

	test('a listener sees the speakers, raises its hand, is given the floor and is heard, then listens again', async () => {
		const s = suite.ready();
		await janusReady(s.srv);
		const host = await suite.newPage();
		await host.context.addInitScript(countPeerConnections);
		await signIn(host.page, 'staff@pobratim.demo', { next: '/meetings' });
		const created = await createConference(host.page, { Minsk: 'participant', Harbin: 'observer' });
		const room = `/meetings/${created.json.id}/room`;

		/* a link for the public: its guests only listen */
		await host.page.goto(`/meetings/${created.json.id}`);
		const links = host.page.locator('section.guest-links');
		await links.getByLabel('Имя гостя').fill('Пресса');
		await links.getByLabel('Гости', { exact: true }).selectOption('listener');
		await links.getByLabel('Человек одновременно').selectOption('500');	/* a speaker link offers 50 at most */
		await links.getByRole('button', { name: 'Создать ссылку' }).click();
		const publicUrl = await links.locator('#guest-url').inputValue();
		await links.getByRole('row', { name: /Пресса/ }).getByText('только слушают').waitFor();
		await links.getByRole('row', { name: /Пресса/ }).getByText('до 500 одновременно').waitFor();
		await links.scrollIntoViewIfNeeded();
		await shot(host.page, 'guest-link-ru');
		await setLanguage(host.page, 'en');
		await links.getByRole('row', { name: /Пресса/ }).getByText('listen only').waitFor();
		await shot(host.page, 'guest-link-en');
		await setLanguage(host.page, 'ru');

		await host.page.goto(room);
		host.conn = await inRoom(host.page);
		const speaker = await person('partner@pobratim.demo', room);
		const listener = await person('partner.harbin@pobratim.demo', room, 'en-GB');

		/* the listener: no tile of its own, no camera, one receiving connection, both speakers' video */
		assert.equal(await view(listener.page, 'speaking'), false);
		assert.equal(await view(listener.page, 'media'), 'sfu');
		await listener.page.getByTestId('listening').waitFor();
		assert.equal(await listener.page.locator('figure.room-tile[data-self]').count(), 0);
		assert.equal(await listener.page.getByRole('button', { name: 'Stop camera' }).count(), 0, 'no camera button');
		await assertFramesAdvance(listener.page, connsOf(host, speaker), 'the listener', 90000);
		assert.equal(await pcs(listener.page), 1, 'the listener receives only');
		assert.equal(await listener.page.evaluate(() => window.__pobratimRoom.local), null, 'its camera is not open');
		await assertFramesAdvance(host.page, connsOf(speaker), 'the host', 90000);

		/* the count for all, the list for the host */
		await host.page.getByTestId('listener-count').filter({ hasText: 'Слушателей: 1' }).waitFor();
		await speaker.page.getByTestId('listener-count').filter({ hasText: 'Слушателей: 1' }).waitFor();
		await listener.page.getByTestId('listener-count').filter({ hasText: 'Listeners: 1' }).waitFor();
		const name = await listener.page.evaluate(async () => (await (await fetch('/api/v1/me')).json()).user.name);
		await host.page.getByTestId('listener').filter({ hasText: name }).waitFor();
		assert.equal(await speaker.page.getByTestId('listener').count(), 0, 'only hosts see who listens');
		assert.equal(await host.page.locator(`figure.room-tile[data-conn="${await self(listener)}"]`).count(), 0, 'a listener is no tile');

		/* the listener raises its hand: the host sees it in the queue */
		await listener.page.getByTestId('hand-button').click();
		await host.page.getByTestId('hand').filter({ hasText: name }).waitFor();
		await listener.page.getByRole('button', { name: 'Lower hand' }).waitFor();
		await shot(host.page, 'host-hand-ru');
		await shot(listener.page, 'listener-en');

		/* the host gives it the floor: its browser publishes and the others see it */
		await host.page.getByTestId('hand').getByRole('button', { name: `Дать слово: ${name}` }).click();
		await listener.page.waitForFunction(() => window.__pobratimRoom.view.speaking);
		await listener.page.locator('figure.room-tile[data-self]').waitFor();
		await Promise.all([
			assertFramesAdvance(host.page, connsOf(speaker, listener), 'the host, after the promotion', 90000),
			assertFramesAdvance(speaker.page, connsOf(host, listener), 'the speaker, after the promotion', 90000),
			assertFramesAdvance(listener.page, connsOf(host, speaker), 'the promoted one', 90000),
		]);
		assert.equal(await pcs(listener.page), 2, 'now publishing and receiving');
		await host.page.getByTestId('listener-count').filter({ hasText: 'Слушателей: 0' }).waitFor();
		assert.equal(await view(host.page, 'hands').then((h) => h.length), 0, 'its hand went down');
		await shot(host.page, 'promoted-ru');
		await shot(listener.page, 'promoted-en');

		/* and makes it a listener again: its tile goes for everyone, its camera closes */
		await host.page.getByRole('button', { name: `Сделать слушателем: ${name}` }).click();
		await listener.page.waitForFunction(() => !window.__pobratimRoom.view.speaking);
		const demoted = await self(listener);
		for (const x of [host, speaker])
			await x.page.locator(`figure.room-tile[data-conn="${demoted}"]`).waitFor({ state: 'detached' });
		await waitUntil(async () => await pcs(listener.page) === 1, 60000, () => 'the publishing connection stays open');
		assert.equal(await listener.page.evaluate(() => window.__pobratimRoom.local), null, 'its camera is closed');
		await assertFramesAdvance(listener.page, connsOf(host, speaker), 'the listener again', 90000);
		await speaker.page.getByTestId('listener-count').filter({ hasText: 'Слушателей: 1' }).waitFor();

		/* the public link's guest comes straight in (no lobby), listening */
		const guest = await suite.newPage({ locale: 'en-GB' });
		await guest.context.addInitScript(countPeerConnections);
		await guest.page.goto(publicUrl);
		await inRoom(guest.page);
		await guest.page.getByTestId('listening').waitFor();
		await assertFramesAdvance(guest.page, connsOf(host, speaker), 'the public link\'s guest', 90000);
		assert.equal(await pcs(guest.page), 1, 'it receives only');
		await host.page.getByTestId('listener').filter({ hasText: 'Пресса' }).waitFor();
		await speaker.page.getByTestId('listener-count').filter({ hasText: 'Слушателей: 2' }).waitFor();

		for (const x of [host, speaker, listener, guest])
			await x.context.close();
	});
});
