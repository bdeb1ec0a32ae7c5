// Steps of the browser tests of live meeting rooms (conference-8, rooms-sfu, rooms-listeners):
// the seeds' conference created,
// counting a page's peer connections, watching video frames advance in the
// tiles, and listening to a participant's received audio with WebAudio.

import assert from 'node:assert/strict';

import { apiCall } from './page.mjs';

/*
 * An init script (context.addInitScript): counts the page's RTCPeerConnections
 * that are not closed (window.__pcs()) and notes when a host control left the
 * page (window.__sent: { action: Date.now() }).
 */
export function countPeerConnections() {
  const Real = window.RTCPeerConnection;
  const all = new Set();
  window.RTCPeerConnection = class extends Real {
    constructor(...args) {
      super(...args);
      all.add(this);
    }
  };
  window.__pcs = () => [...all].filter((pc) => pc.signalingState !== 'closed').length;
  const send = WebSocket.prototype.send;
  window.__sent = {};
  WebSocket.prototype.send = function (data) {
    const m = typeof data === 'string' && /"type":"room.control".*"action":"([a-z_]+)"/.exec(data);
    if (m) window.__sent[m[1]] = Date.now();
    if (typeof data === 'string' && /"to":"subscriber"/.test(data) && /"kind":"restart"/.test(data))
      window.__sent.subscriberRestart = Date.now();
    return send.call(this, data);
  };
}

export const pcs = (page) => page.evaluate(() => window.__pcs());

/** The page's own connection id once it is in the room. */
export function selfConn(page, timeout) {
  return page.waitForFunction(() => {
    const v = window.__pobratimRoom?.view;
    return v?.phase.kind === 'in' ? v.self : null;
  }, null, { timeout }).then((h) => h.jsonValue());
}

/** Video frames shown so far in each other participant's tile: { conn: frames } (-1: no video element). */
export function framesByConn(page) {
  return page.evaluate(() => {
    const out = {};
    for (const fig of document.querySelectorAll('figure.room-tile:not([data-self])')) {
      const v = fig.querySelector('video');
      out[fig.dataset.conn] = v && v.srcObject ? v.getVideoPlaybackQuality().totalVideoFrames : -1;
    }
    return out;
  });
}

/**
 * Waits until the page shows video from every one of `conns` (ids; a
 * function giving the ids now, for people whose pages may reconnect as new
 * connections; or a number: that many tiles of others, whoever they are
 * now), advancing (frames grow between two looks `every` ms apart);
 * Date.now() then.
 */
export async function assertFramesAdvance(page, conns, who, ms = 40000, every = 500) {
  const deadline = Date.now() + ms;
  const wanted = async (now) => (typeof conns === 'number' ? Object.keys(now)
    : typeof conns === 'function' ? conns() : conns);
  const enough = (now) => typeof conns !== 'number' || Object.keys(now).length >= conns;
  let before = await framesByConn(page);
  let after, ids;
  for (;;) {
    await page.waitForTimeout(every);
    after = await framesByConn(page);
    ids = await wanted(after);
    if (enough(after) && ids.every((c) => after[c] > 0 && after[c] > (before[c] ?? 0)))
      return Date.now();
    if (Date.now() >= deadline) {
      const state = await page.evaluate(() => [...window.__pobratimRoom.pcs].map(([k, pc]) =>
        `${k}: ${pc.connectionState}/${pc.signalingState}`).join(', '));
      assert.fail(`${who}: video frames do not advance for all of ${typeof conns === 'number' ? conns : ids}: ` +
        `${JSON.stringify(before)} -> ${JSON.stringify(after)}; connections ${state}`);
    }
    before = after;
  }
}

/*
 * Starts sampling the RMS level of conn's received audio every 20 ms
 * (WebAudio, on the track the page plays); level(page) then gives
 * { lastLoud, samples, max, onsets } (lastLoud: Date.now() of the last
 * sample above `threshold`; onsets: when it went above, the first 500).
 * False when the page receives no audio from conn.
 */
export function listenTo(page, conn, threshold = 0.02) {
  return page.evaluate(([c, limit]) => {
    const stream = window.__pobratimRoom.view.streams.get(c);
    const track = stream?.getAudioTracks()[0];
    if (!track) return false;
    clearInterval(window.__levelTimer);
    const ctx = new AudioContext();
    const analyser = ctx.createAnalyser();
    analyser.fftSize = 1024;
    ctx.createMediaStreamSource(new MediaStream([track])).connect(analyser);
    const buf = new Float32Array(analyser.fftSize);
    const state = { lastLoud: 0, samples: 0, max: 0, onsets: [] };
    let loud = false;
    window.__levelTimer = setInterval(() => {
      analyser.getFloatTimeDomainData(buf);
      let sum = 0;
      for (const v of buf) sum += v * v;
      const rms = Math.sqrt(sum / buf.length);
      state.samples++;
      state.max = Math.max(state.max, rms);
      if (rms > limit && !loud && state.onsets.length < 500) state.onsets.push(Date.now());
      loud = rms > limit;
      if (loud) state.lastLoud = Date.now();
    }, 20);
    window.__level = () => ({ ...state, onsets: [...state.onsets] });
    void ctx.resume();
    return true;
  }, [conn, threshold]);
}

export const level = (page) => page.evaluate(() => window.__level());

/*
 * Starts counting, every 50 ms in the page, the RTP packets of conn's audio
 * its subscriber receives (inbound-rtp); packetsStop() then reads when they
 * last grew. False when the page receives no audio from conn.
 */
export function watchPackets(page, conn) {
  return page.evaluate((c) => {
    const track = window.__pobratimRoom.view.streams.get(c)?.getAudioTracks()[0];
    const pc = window.__pobratimRoom.pcs.get('subscriber');
    if (!track || !pc) return false;
    const state = { packets: -1, grew: 0 };
    clearInterval(window.__packetTimer);
    window.__packetTimer = setInterval(async () => {
      for (const r of (await pc.getStats()).values())
        if (r.type === 'inbound-rtp' && r.kind === 'audio' && r.trackIdentifier === track.id && r.packetsReceived !== state.packets) {
          state.packets = r.packetsReceived;
          state.grew = Date.now();
        }
    }, 50);
    window.__packets = () => ({ ...state });
    return true;
  }, conn);
}

/**
 * Waits until the packets watchPackets() counts have not grown for `quiet`
 * ms (the media server no longer forwards them); Date.now() of their last growth.
 */
export async function packetsStop(page, { quiet = 2000, timeout = 30000, who = 'a listener' } = {}) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const p = await page.evaluate(() => window.__packets());
    if (Date.now() - p.grew > quiet)
      return p.grew;
    assert.ok(Date.now() < deadline, `${who} still receives the audio packets: ${JSON.stringify(p)}`);
    await page.waitForTimeout(100);
  }
}

/** Waits until the page hears conn's audio (listenTo) after `since` (Date.now()). */
export function heardSince(page, since, timeout = 20000) {
  return page.waitForFunction((s) => window.__level().lastLoud > s, since, { timeout });
}

/**
 * Waits until the page has heard nothing above the threshold for `quiet` ms
 * since `from` (Date.now()); the Date.now() of the last sound it heard.
 */
export async function silentAfter(page, from, { quiet = 2000, timeout = 20000, who = 'a listener' } = {}) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const l = await level(page);
    if (Date.now() - Math.max(l.lastLoud, from) > quiet)
      return l.lastLoud;
    assert.ok(Date.now() < deadline, `${who} still hears it: ${JSON.stringify(l)}`);
    await page.waitForTimeout(100);
  }
}

/**
 * The simulcast layers the page's publisher is sending now: { rid: [width, height] } of
 * each outbound video stream whose encoded frames grow over `ms`.
 */
export function sentLayers(page, ms = 2000) {
  return page.evaluate(async (wait) => {
    const pc = window.__pobratimRoom.pcs.get('publisher');
    if (!pc) return {};
    const look = async () => [...(await pc.getStats()).values()].filter((r) => r.type === 'outbound-rtp' && r.kind === 'video');
    const before = new Map((await look()).map((r) => [r.rid, r.framesEncoded ?? 0]));
    await new Promise((resolve) => setTimeout(resolve, wait));
    const out = {};
    for (const r of await look())
      if ((r.framesEncoded ?? 0) > (before.get(r.rid) ?? 0)) out[r.rid] = [r.frameWidth, r.frameHeight];
    return out;
  }, ms);
}

/** Polls check() every 100 ms until it returns something truthy (returned); fails with what() after ms. */
export async function waitUntil(check, ms, what) {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v)
      return v;
    assert.ok(Date.now() < deadline, what());
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Pids of the Janus processes pobratim said were ready, in order (its log). */
export const janusStarts = (log) => [...log.matchAll(/media: Janus ready \(pid (\d+)/g)].map((m) => Number(m[1]));

/** Waits until pobratim logs Janus ready (rooms can use it). */
export function janusReady(srv, ms = 30000) {
  return waitUntil(() => janusStarts(srv.log()).length >= 1, ms, () => `Janus never ready:\n${srv.log().slice(-3000)}`);
}

/**
 * As the host signed in on page: the seeds' sister-cities conference, a video meeting hosted by
 * their organization (Sergey Cheryomin), with cities by name and their roles on its list
 * ({ Minsk: 'participant', Harbin: 'observer' }); the API's answer (201 asserted).
 */
export async function createConference(page, cities) {
  const city = (q) => page.evaluate(async (name) =>
    (await (await fetch(`/api/v1/cities?q=${name}&limit=1`)).json()).items[0].id, q);
  const org = await page.evaluate(async () => (await (await fetch('/api/v1/me')).json()).user.organization.id);
  const participants = [
    { role: 'host', organization_id: org, name_ru: 'Сергей Черёмин', name_en: 'Sergey Cheryomin',
      post_ru: 'министр Правительства Москвы', post_en: 'Minister of the Moscow Government' },
  ];
  for (const [name, role] of Object.entries(cities))
    participants.push({ role, city_id: await city(name) });
  const created = await apiCall(page, 'POST', '/meetings', {
    title_ru: 'Конференция городов-побратимов', title_en: 'Sister cities conference', format: 'video',
    timezone: 'Europe/Moscow', starts_at: '2026-12-07T08:00:00Z', duration: 90, participants,
  });
  assert.equal(created.status, 201, JSON.stringify(created.json));
  return created;
}

/** The elapsed time the room's recording mark shows, in seconds. */
export async function markSeconds(page) {
  const text = await page.getByTestId('recording').locator('time').innerText();
  return text.split(':').reduce((s, part) => s * 60 + Number(part), 0);
}
