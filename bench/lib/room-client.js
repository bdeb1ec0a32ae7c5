// A light room client for `make bench-rooms`, run inside a page of the
// server's origin (signed in): the SFU protocol of docs/api/realtime.md as
// web/src/lib/room.ts speaks it (its own WebSocket, one publishing
// connection with the same three simulcast layers, one subscribing
// connection answering the server's offers in order), without the user
// interface, so that one page can carry several participants. Many of them
// make a big room on two cores; the user interface is tested with eight
// (tests/browser/conference-8.test.mjs).
//
//   const c = await window.benchJoin(meetingId, { publish: true });
//   await c.stats();   // { pcs, framesByConn, bytesSent, firstFrame, joinedAt, states }
//   c.close();

window.benchJoin = (meeting, { publish = true } = {}) => new Promise((resolve, reject) => {
  const SIMULCAST = [
    { rid: 'h', maxBitrate: 800_000 },
    { rid: 'm', maxBitrate: 300_000, scaleResolutionDownBy: 2 },
    { rid: 'l', maxBitrate: 100_000, scaleResolutionDownBy: 4 },
  ];
  const ws = new WebSocket(`${location.origin.replace(/^http/, 'ws')}/api/v1/ws`);
  const c = { self: null, pub: null, sub: null, streams: [], chain: Promise.resolve(), local: null,
    startedAt: Date.now(), joinedAt: 0, firstFrame: 0, errors: [], sdp: {} };
  const send = (m) => ws.readyState === 1 && ws.send(JSON.stringify({ meeting, ...m }));
  const signal = (to, kind, data) => send({ type: 'signal', to, kind, data });

  async function publisher() {
    c.local = await navigator.mediaDevices.getUserMedia({ audio: true,
      video: { width: { ideal: 960 }, height: { ideal: 540 }, frameRate: { ideal: 24 } } });
    const pc = new RTCPeerConnection();
    c.pub = pc;
    pc.addTransceiver(c.local.getAudioTracks()[0], { direction: 'sendonly', streams: [c.local] });
    pc.addTransceiver(c.local.getVideoTracks()[0], { direction: 'sendonly', streams: [c.local], sendEncodings: SIMULCAST });
    pc.onicecandidate = (e) => signal('publisher', 'ice', e.candidate ? e.candidate.toJSON() : { completed: true });
    const offer = await pc.createOffer();
    await pc.setLocalDescription(offer);
    signal('publisher', 'offer', { type: offer.type, sdp: offer.sdp });
    c.sdp.offer = offer.sdp.length;
  }

  async function answer(offer, streams) {
    if (!c.sub) {
      c.sub = new RTCPeerConnection();
      c.sub.onicecandidate = (e) => signal('subscriber', 'ice', e.candidate ? e.candidate.toJSON() : { completed: true });
    }
    c.streams = streams;
    await c.sub.setRemoteDescription(offer);
    const a = await c.sub.createAnswer();
    await c.sub.setLocalDescription(a);
    signal('subscriber', 'answer', { type: a.type, sdp: a.sdp });
    c.sdp.answer = a.sdp.length;
    c.sdp.mlines = (a.sdp.match(/^m=/gm) || []).length;
  }

  ws.onmessage = (e) => {
    const m = JSON.parse(e.data);
    if (m.type === 'welcome') send({ type: 'room.join' });
    else if (m.type === 'room.joined') {
      c.self = m.self;
      c.joinedAt = Date.now();
      if (m.media !== 'sfu') reject(new Error(`the room is ${m.media}, not sfu`));
      else if (publish) publisher().then(() => resolve(c), reject);
      else resolve(c);
    } else if (m.type === 'signal' && m.from === 'publisher' && m.kind === 'answer')
      c.pub?.setRemoteDescription(m.data).catch((err) => c.errors.push(String(err)));
    else if (m.type === 'signal' && m.from === 'subscriber' && m.kind === 'offer')
      c.chain = c.chain.then(() => answer(m.data, m.streams || [])).catch((err) => c.errors.push(String(err)));
    else if (m.type === 'error') {
      c.errors.push(m.code);
      if (!c.self) reject(new Error(m.code));
    }
  };
  ws.onerror = () => reject(new Error('WebSocket failed'));

  /* the first decoded remote frame: looked for every 100 ms until there is one */
  const watch = setInterval(async () => {
    if (!c.sub) return;
    let f = 0;
    (await c.sub.getStats()).forEach((s) => { if (s.type === 'inbound-rtp' && s.kind === 'video') f += s.framesDecoded || 0; });
    if (f > 0 && !c.firstFrame) c.firstFrame = Date.now();
    if (c.firstFrame) clearInterval(watch);
  }, 100);

  /* what this client sends and receives now */
  c.stats = async () => {
    const framesByConn = {};
    let bytesSent = 0;
    if (c.sub)
      (await c.sub.getStats()).forEach((s) => {
        if (s.type !== 'inbound-rtp' || s.kind !== 'video') return;
        const st = c.streams.find((x) => x.mid === s.mid);
        if (st) framesByConn[st.conn] = (framesByConn[st.conn] || 0) + (s.framesDecoded || 0);
      });
    if (c.pub)
      (await c.pub.getStats()).forEach((s) => { if (s.type === 'outbound-rtp') bytesSent += s.bytesSent || 0; });
    const pcs = [c.pub, c.sub].filter((pc) => pc && pc.signalingState !== 'closed').length;
    return { self: c.self, pcs, framesByConn, bytesSent, joinedAt: c.joinedAt, startedAt: c.startedAt,
      firstFrame: c.firstFrame, errors: c.errors, sdp: c.sdp,
      states: { pub: c.pub?.connectionState ?? null, sub: c.sub?.connectionState ?? null } };
  };
  c.close = () => {
    clearInterval(watch);
    c.pub?.close();
    c.sub?.close();
    c.local?.getTracks().forEach((t) => t.stop());
    ws.close();
  };
  setTimeout(() => reject(new Error('not in the room after 60 s')), 60000);
});
