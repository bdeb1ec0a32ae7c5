// Steps of the API tests of live meeting rooms (media, listeners,
// room-recording): a video meeting hosted by the signed-in user's
// organization, a connection in its room, and a browser's offer to publish.

import assert from 'node:assert/strict';

import { assertJson } from './server.mjs';
import { wsConnect } from './ws.mjs';

export const cityId = async (srv, q) => assertJson(await srv.api('GET', `/cities?q=${q}&limit=1`), 200).items[0].id;

/* A video meeting host hosts, with rows (participant rows, or city ids as participants); its id. */
export async function meeting(host, rows) {
	const r = await host.api('POST', '/meetings', { body: {
		title_ru: 'Видеоконференция городов-побратимов', title_en: 'Sister cities videoconference',
		format: 'video', timezone: 'Europe/Moscow', starts_at: '2026-12-07T08:00:00Z', duration: 60,
		participants: [{ role: 'host', organization_id: host.user.organization.id },
			...rows.map((x) => (typeof x === 'number' ? { role: 'participant', city_id: x } : x))],
	} });
	assert.equal(r.status, 201, r.text);
	return r.json.id;
}

/* A connection of who's (null: none) that asked to join meeting id's room; ws.joined: the answer. */
export async function joinRoom(srv, who, id, extra = {}, timeout = 15000) {
	const ws = await wsConnect(srv.port, { cookie: who?.cookie });
	ws.send({ type: 'room.join', meeting: id, ...extra });
	ws.joined = await ws.next((m) => ['room.joined', 'room.lobby', 'error'].includes(m.type), timeout);
	return ws;
}

/*
 * A browser's offer to publish Opus and VP8 (what Chromium sends, without
 * its extensions): real ICE credentials and a DTLS fingerprint, so Janus
 * takes it and answers, though no packet will follow.
 */
export function publisherOffer() {
	const fp = Array.from({ length: 32 }, (_, i) => ((i * 37 + 11) & 0xff).toString(16).padStart(2, '0').toUpperCase()).join(':');
	const common = ['c=IN IP4 0.0.0.0', 'a=rtcp:9 IN IP4 0.0.0.0', 'a=ice-ufrag:pB7q', 'a=ice-pwd:Zs3x9Kp2Lm4Nq8Rt6Vw1Yy0a',
		'a=ice-options:trickle', `a=fingerprint:sha-256 ${fp}`, 'a=setup:actpass'];
	return ['v=0', 'o=- 4611731400430051336 2 IN IP4 127.0.0.1', 's=-', 't=0 0', 'a=group:BUNDLE 0 1',
		'a=extmap-allow-mixed', 'a=msid-semantic: WMS s1',
		'm=audio 9 UDP/TLS/RTP/SAVPF 111', ...common, 'a=mid:0', 'a=sendonly', 'a=msid:s1 a1', 'a=rtcp-mux',
		'a=rtpmap:111 opus/48000/2', 'a=rtcp-fb:111 transport-cc', 'a=fmtp:111 minptime=10;useinbandfec=1',
		'a=ssrc:1001 cname:pobratimtest', 'a=ssrc:1001 msid:s1 a1',
		'm=video 9 UDP/TLS/RTP/SAVPF 96', ...common, 'a=mid:1', 'a=sendonly', 'a=msid:s1 v1', 'a=rtcp-mux',
		'a=rtcp-rsize', 'a=rtpmap:96 VP8/90000', 'a=rtcp-fb:96 goog-remb', 'a=rtcp-fb:96 transport-cc',
		'a=rtcp-fb:96 ccm fir', 'a=rtcp-fb:96 nack', 'a=rtcp-fb:96 nack pli',
		'a=ssrc:2001 cname:pobratimtest', 'a=ssrc:2001 msid:s1 v1', ''].join('\r\n');
}
