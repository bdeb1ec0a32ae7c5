// The seeds' eight-city conference through the media server (serve --media
// janus, the real Janus): Sergey Cheryomin's department in Moscow hosts the
// administrations of Düsseldorf, Toulouse, Palermo, Reading, Chemnitz,
// Montreal and Chongqing, each signed in with an account of its own city's
// organization (made by the admin through the API: the demo has no users in
// these cities), so that every tile names its city. Eight headless Chromium
// pages with a fake camera (960×540 at 5 fps, the smallest size with three
// simulcast layers; a low rate keeps eight encoders and 56 decoders within two
// shared cores) and a fake microphone playing a steady tone; the host's page
// in a browser of its own (the host sits at a machine of its own: in one
// browser with seven others, its WebSocket messages waited seconds behind
// their media in the browser's shared network process):
//   - every page sees the seven others' video with frames advancing, through
//     exactly two peer connections;
//   - the host mutes Düsseldorf and the six other partners' received audio
//     from it (WebAudio) falls silent; the time from the host's click to the
//     last sound each one heard is printed (`# figure …`) and held to a bound;
//     Düsseldorf's page turns its microphone on again by itself, and no RTP
//     packet of its audio reaches the others any more (the media server's
//     cut, its time printed too);
//   - the press joins by a listener link: one receiving connection, the
//     eight speakers' video advancing, counted as a listener;
//   - the host records a while and stops, every page shows the mark, and
//     the meeting page then plays every track of the recording (duration > 0).
// Screenshots of the tiles in Russian (the host) and English (a partner).
//
// Off unless CONFERENCE_8=1: eight pages with media are about two cores' worth
// of work themselves, and on this project's shared 2-core machine (load
// average 35–65 from other sessions on 2026-12-06) pages starved for seconds
// reconnected their WebSockets and the room never settled within the test's
// time (docs/performance.md, "Rooms on the media server"). Run it on a quiet
// machine: CONFERENCE_8=1 node --test tests/browser/conference-8.test.mjs

import assert from 'node:assert/strict';
import { existsSync, rmSync } from 'node:fs';
import { after, describe, test } from 'node:test';
import { fakeMediaFiles, mediaPorts } from './lib/fake-media.mjs';
import { SHOTS, apiCall, browserSuite, launchChromium, mediaState, newPage, shooter, signIn } from './lib/page.mjs';
import {
  assertFramesAdvance, countPeerConnections, heardSince, janusReady, listenTo, markSeconds, packetsStop, pcs, selfConn,
  sentLayers, silentAfter, waitUntil, watchPackets,
} from './lib/room.mjs';

const shot = shooter('conference-8-');
const skip = !existsSync('/usr/bin/janus') ? '/usr/bin/janus is not installed (apt-get install janus)'
  : process.env.CONFERENCE_8 !== '1' ? 'eight pages with media: CONFERENCE_8=1 to run it (a quiet machine)' : false;
/* the host's mute to the last sound a listener hears: the issue asks 1 s */
const MUTE_BOUND_MS = Number(process.env.CONFERENCE_MUTE_BOUND_MS || 1000);

/* The seven partner cities of the seeds' conference: their administrations, and the accounts made for them. */
const PARTNERS = [
  { org: 'Düsseldorf City Administration', city: 'Düsseldorf', email: 'dusseldorf@conference.test' },
  { org: 'Toulouse City Administration', city: 'Toulouse', email: 'toulouse@conference.test' },
  { org: 'Palermo City Administration', city: 'Palermo', email: 'palermo@conference.test' },
  { org: 'Reading City Administration', city: 'Reading', email: 'reading@conference.test' },
  { org: 'Chemnitz City Administration', city: 'Chemnitz', email: 'chemnitz@conference.test' },
  { org: 'Montreal City Administration', city: 'Montreal', email: 'montreal@conference.test' },
  { org: 'Chongqing City Government', city: 'Chongqing', email: 'chongqing@conference.test' },
];
const CITIES_RU = ['Дюссельдорф', 'Тулуза', 'Палермо', 'Рединг', 'Хемниц', 'Монреаль', 'Чунцин'];

const media = skip ? { args: [] } : fakeMediaFiles({ width: 320, height: 180, fps: 5 });
after(() => media.dir && rmSync(media.dir, { recursive: true, force: true }));

const BROWSER_ARGS = [...media.args, '--disable-features=WebRtcHideLocalIpsWithMdns', '--autoplay-policy=no-user-gesture-required'];
const PAGE = { width: 1100, height: 720, locale: 'ru-RU', timezoneId: 'Europe/Moscow',
  permissions: ['camera', 'microphone'], timeout: 60000, consoleErrors: false };

describe('the seeds\' eight-city conference', { skip }, () => {
  const suite = browserSuite({
    /* CONFERENCE_LOG=file: the server's log (at debug level) is written there, and the test's steps */
    server: { env: { POBRATIM_MEDIA: 'janus', POBRATIM_MEDIA_PORTS: mediaPorts(),
      ...(process.env.CONFERENCE_LOG ? { POBRATIM_LOG_LEVEL: 'debug' } : {}) }, logFile: process.env.CONFERENCE_LOG },
    args: BROWSER_ARGS,
    page: PAGE,
  });

  /* The admin makes one account in each partner city's administration; the organizations' ids by name. */
  async function partnerAccounts() {
    const { page, context } = await suite.newPage();
    await signIn(page, 'admin@pobratim.demo', { next: '/meetings' });
    const ids = [];
    for (const p of PARTNERS) {
      const found = await apiCall(page, 'GET', `/organizations?q=${encodeURIComponent(p.city)}&limit=50`);
      const org = found.json.items.find((o) => o.name_en === p.org);
      assert.ok(org, `${p.org} is in the demo data: ${JSON.stringify(found.json.items.map((o) => o.name_en))}`);
      const made = await apiCall(page, 'POST', '/users', { email: p.email, name: `${p.org} representative`,
        password: 'demo-password', role: 'partner', organization_id: org.id, locale: 'en' });
      assert.equal(made.status, 201, JSON.stringify(made.json));
      ids.push(org.id);
    }
    await context.close();
    return ids;
  }

  async function enter(email, room, locale) {
    const p = await suite.newPage({ locale, width: 960, height: 640 });
    await p.context.addInitScript(countPeerConnections);
    await signIn(p.page, email, { next: room });
    p.conn = await selfConn(p.page, 120000);
    return p;
  }

  test('eight cities through Janus: seven videos each over two connections, the host mutes Düsseldorf, the press listens, the meeting is recorded', async (t) => {
    const s = suite.ready();
    await janusReady(s.srv);
    const orgs = await partnerAccounts();

    /* the host on a browser of its own, as on its own machine: its clicks do not wait behind seven partners' media */
    const hostBrowser = await launchChromium(BROWSER_ARGS);
    t.after(() => hostBrowser.close());
    const host = await newPage(hostBrowser, s.srv.url, { ...PAGE });
    await host.context.addInitScript(countPeerConnections);
    await signIn(host.page, 'staff@pobratim.demo', { next: '/meetings' });
    const dvms = await host.page.evaluate(async () => (await (await fetch('/api/v1/me')).json()).user.organization.id);
    const created = await apiCall(host.page, 'POST', '/meetings', {
      title_ru: 'Видеоконференция с мэрами и представителями семи городов о борьбе с коронавирусом',
      title_en: 'Videoconference with mayors and representatives of seven cities on fighting the coronavirus',
      format: 'video', timezone: 'Europe/Moscow', starts_at: '2026-12-07T08:00:00Z', duration: 120,
      participants: [
        { role: 'host', organization_id: dvms, name_ru: 'Сергей Черёмин', name_en: 'Sergey Cheryomin',
          post_ru: 'министр Правительства Москвы', post_en: 'Minister of the Moscow Government' },
        ...orgs.map((id) => ({ role: 'participant', organization_id: id })),
      ],
    });
    assert.equal(created.status, 201, JSON.stringify(created.json));
    const room = `/meetings/${created.json.id}/room`;
    await host.page.goto(room);
    host.conn = await selfConn(host.page, 120000);

    const partners = [];
    for (const p of PARTNERS)
      partners.push(await enter(p.email, room, 'en-GB'));
    const all = [host, ...partners];

    /* everyone has the eight tiles, each naming its city, and sees the seven others' video advancing */
    for (const [i, x] of all.entries()) {
      assert.equal(await x.page.evaluate(() => window.__pobratimRoom.view.media), 'sfu');
      await waitUntil(async () => await x.page.locator('figure.room-tile').count() === 8, 120000, () =>
        `participant ${i} has not the eight tiles`);
    }
    const captions = await host.page.locator('figure.room-tile figcaption').allInnerTexts();
    for (const city of ['Москва', ...CITIES_RU])
      assert.ok(captions.some((c) => c.includes(city)), `a tile names ${city}: ${JSON.stringify(captions)}`);
    const english = await partners[0].page.locator('figure.room-tile figcaption').allInnerTexts();
    for (const city of ['Moscow', ...PARTNERS.map((p) => p.city)])
      assert.ok(english.some((c) => c.includes(city)), `a tile names ${city}: ${JSON.stringify(english)}`);
    const joined = Date.now();
    await Promise.all(all.map((x, i) => assertFramesAdvance(x.page, 7, `participant ${i}`, 180000, 1000)));
    t.diagnostic(`figure all-8-see-7-videos ms ${Date.now() - joined} (after the last one entered)`);
    /* a page the load made re-make a connection has it back within a minute: two, never the mesh's seven */
    for (const [i, x] of all.entries()) {
      await waitUntil(async () => await pcs(x.page) === 2, 60000,
        () => `participant ${i}: not one publishing and one receiving connection within a minute`);
    }
    /* the host's camera goes to the media server in three simulcast layers */
    const layers = await waitUntil(async () => { const l = await sentLayers(host.page); return Object.keys(l).length === 3 && l; },
      60000, () => 'the host does not send three simulcast layers');
    t.diagnostic(`figure host-layers ${JSON.stringify(layers)}`);
    assert.deepEqual(Object.keys(layers).sort(), ['h', 'l', 'm']);
    await shot(host.page, 'tiles-ru');
    await shot(partners[3].page, 'tiles-en');

    /* the host mutes Düsseldorf; its page turns the microphone on again by itself: the server keeps it silent */
    const [dusseldorf, ...listeners] = partners;
    dusseldorf.conn = await selfConn(dusseldorf.page);	/* a page may have reconnected under load: its id now */
    for (const [i, x] of listeners.entries()) {	/* a page may still be subscribing to a reconnected Düsseldorf */
      await waitUntil(() => listenTo(x.page, dusseldorf.conn), 60000, () => `listener ${i} receives no audio from Düsseldorf`);
      assert.ok(await watchPackets(x.page, dusseldorf.conn));
    }
    const loudSince = Date.now();
    await Promise.all(listeners.map((x) => heardSince(x.page, loudSince)));
    const name = await dusseldorf.page.evaluate(() => window.__pobratimRoom.me().name);
    await host.page.getByRole('tab', { name: /^Участники/ }).click();
    await host.page.getByRole('button', { name: `Выключить микрофон: ${name}` }).click();
    const muted = await host.page.evaluate(() => window.__sent.mute);
    assert.ok(muted > 0, 'the mute went out');
    await dusseldorf.page.waitForFunction(() => window.__pobratimRoom.view.mutedByHost);
    await dusseldorf.page.evaluate(() => window.__pobratimRoom.local.getAudioTracks().forEach((tr) => { tr.enabled = true; }));
    const cheated = Date.now();
    const last = await Promise.all(listeners.map((x, i) => silentAfter(x.page, cheated, { who: `listener ${i}` })));
    const silences = last.map((l) => Math.max(0, l - muted));
    t.diagnostic(`figure mute-to-silence ms ${silences.join(' ')} (the host's click to the last sound each ` +
      `listener's WebAudio heard; a steady tone)`);
    /* and the media server itself stopped it: no packet of Düsseldorf's audio reaches anyone, its cheating page or not */
    const cut = await Promise.all(listeners.map((x, i) => packetsStop(x.page, { who: `listener ${i}` })));
    t.diagnostic(`figure mute-to-last-packet ms ${cut.map((c) => Math.max(0, c - muted)).join(' ')} (the host's click ` +
      'to the last RTP packet of its audio each listener received: the media server\'s cut)');
    await shot(host.page, 'muted-ru');
    for (const [i, ms] of silences.entries())
      assert.ok(ms <= MUTE_BOUND_MS, `listener ${i} heard Düsseldorf ${ms} ms after the host muted it (bound ${MUTE_BOUND_MS} ms)`);

    /* the press joins by a listener link: no tile of its own, one receiving connection, the eight speakers' video */
    const link = await apiCall(host.page, 'POST', `/meetings/${created.json.id}/guest-links`,
      { name: 'Пресс-служба', role: 'listener', max_guests: 5 });
    assert.equal(link.status, 201, JSON.stringify(link.json));
    const press = await suite.newPage({ locale: 'ru-RU', width: 960, height: 640 });
    await press.context.addInitScript(countPeerConnections);
    await press.page.goto(link.json.path);
    await press.page.getByTestId('listening').waitFor({ timeout: 120000 });
    await assertFramesAdvance(press.page, 8, 'the press', 180000, 1000);
    assert.equal(await pcs(press.page), 1, 'a listener receives only');
    await host.page.getByTestId('listener-count').filter({ hasText: 'Слушателей: 1' }).waitFor({ timeout: 60000 });
    await shot(press.page, 'listener-ru');

    /* the host records a while and stops; everyone sees the mark; the meeting page plays what was recorded */
    await host.page.getByRole('button', { name: 'Записывать' }).click();
    for (const x of [...all, press])
      await x.page.getByTestId('recording').waitFor({ timeout: 60000 });
    await waitUntil(async () => await markSeconds(host.page) >= 5, 120000, () => 'the recording mark does not count');
    await shot(partners[1].page, 'recording-en');
    await host.page.getByRole('button', { name: 'Остановить запись' }).click();
    for (const x of [...all, press])
      await x.page.getByTestId('recording').waitFor({ state: 'detached', timeout: 60000 });
    for (const x of [...all, press])
      await x.context.close();

    const viewer = await suite.newPage({ locale: 'en-GB' });
    await signIn(viewer.page, PARTNERS[2].email, { next: `/meetings/${created.json.id}` });
    const card = viewer.page.getByRole('region', { name: 'Recordings' }).locator('article[data-status="ready"]');
    await card.waitFor({ timeout: 180000 });	/* converted after the room ends */
    const players = card.locator('audio, video');
    const n = await players.count();
    t.diagnostic(`figure recording-players ${n} (audio and video of the eight speakers)`);
    assert.ok(n >= 2, `the recording has players: ${n}`);
    for (let i = 0; i < n; i++) {
      const st = await mediaState(players.nth(i));
      assert.equal(st.error, null, `player ${i}: media error ${st.error}`);
      assert.ok(Number.isFinite(st.duration) && st.duration > 0, `player ${i}: duration ${st.duration}`);
    }
    await card.screenshot({ path: `${SHOTS}/conference-8-recording-en.png` });
    await viewer.context.close();
  });
});
