// A live meeting room in the browser: the room messages over the realtime
// channel, and the media, by the backend the server names in room.joined:
//
//   sfu   two RTCPeerConnections whatever the room's size: one publishing
//         our camera (simulcast, three layers: rid h, m, l) and microphone
//         to the media server, one receiving everyone else from it (the
//         server offers, we answer; `streams` says which m-line is whose).
//         The server picks the layers (the active speaker high, the grid
//         low) and names the active speaker.
//   mesh  one RTCPeerConnection per peer (the newcomer offers to those
//         already inside, the server relays offers, answers and ICE
//         candidates); active speaker from WebAudio levels; the sending
//         quality lowered as the room grows. Up to 4 people.
//
// A dropped WebSocket rejoins by itself (a new connection is a new peer);
// room.media.reset (the media server restarted) makes us send our media anew.
//
// Speakers publish; listeners only receive (no camera, no microphone, no
// publishing connection: the server would refuse it), are shown as a count,
// and may raise a hand; room.speak says a host promoted us (we open the
// camera and microphone and publish) or made us a listener again.

import type { WsChat, WsHand, WsMedia, WsRoomControl, WsSignal } from './contract';
import { realtime } from './realtime';

/** What a room sends, without the meeting, which send() adds. */
type RoomMessage = Without<WsRoomControl | WsSignal | WsChat | WsHand | WsMedia, 'meeting'>;
type Without<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export interface RoomParticipant {
  conn: string;
  user: number;
  name: string;
  post_ru: string | null;
  post_en: string | null;
  org_ru: string | null;
  org_en: string | null;
  city_ru: string | null;
  city_en: string | null;
  country: string | null;
  position: number;
  role: string;
  host: boolean;
  hand: number;
  mic: boolean;
  cam: boolean;
  screen: boolean;
  /** stopped by a host: on the media server in an SFU room, until the host allows it again */
  mic_blocked: boolean;
  cam_blocked: boolean;
  /** publishes (a tile); a listener only receives and is counted */
  speaker: boolean;
}

export interface RoomAgendaItem {
  title_ru: string;
  title_en: string;
  presenter: string | null;
  minutes: number;
}

export interface RoomMeeting {
  id: number;
  title_ru: string;
  title_en: string;
  status: string;
  starts_at: string | null;
  duration: number;
  agenda: RoomAgendaItem[];
}

export interface ChatMessage {
  id: number;
  author: string;
  text: string;
  created_at: string;
}

export interface Waiting {
  conn: string;
  name: string;
}

/** The room's recording in progress: its id, since when (ISO), who started it. */
export interface RoomRecording {
  id: number;
  since: string;
  by: string;
}

export type RoomPhase =
  | { kind: 'connecting' }
  | { kind: 'lobby'; title_ru: string; title_en: string }
  | { kind: 'in' }
  | { kind: 'refused'; code: string }
  /** why: left, ended, denied, or the reason of room.removed (removed by a host, not_invited …) */
  | { kind: 'left'; why: string };

export interface RoomView {
  phase: RoomPhase;
  meeting: RoomMeeting | null;
  self: string;
  host: boolean;
  participants: RoomParticipant[];
  waiting: Waiting[];
  chat: ChatMessage[];
  locked: boolean;
  agendaItem: number;
  /** the media server records the room; null: not recording */
  recording: RoomRecording | null;
  /** what to announce: recording started or stopped, or a host's start refused (null: nothing) */
  recordingNews: 'started' | 'stopped' | 'unavailable' | null;
  streams: Map<string, MediaStream>;
  speaker: string | null;
  mic: boolean;
  cam: boolean;
  screen: boolean;
  mutedByHost: boolean;
  mediaError: string | null;
  /** how media travels: through the media server, or browser to browser */
  media: 'sfu' | 'mesh';
  /** the media server restarted and we are sending our media anew */
  reconnecting: boolean;
  /** we publish; false: we listen */
  speaking: boolean;
  /** we came in listening because the room had its 30 speakers */
  speakersFull: boolean;
  /** how many listen */
  listeners: number;
  /** the listeners (hosts only) */
  listenerList: RoomParticipant[];
  /** raised hands, speakers' and listeners', in the order they went up */
  hands: RoomParticipant[];
  /** a refusal worth telling (speakers_full, hand_too_often), until the next one */
  notice: string | null;
}

/** One m-line of the SFU subscription: whose audio or video it carries. */
interface SubStream {
  mid: string;
  kind: string;
  conn: string;
}

/** Simulcast layers of the camera sent to the media server (Janus expects h, m, l). */
export const SIMULCAST: RTCRtpEncodingParameters[] = [
  { rid: 'h', maxBitrate: 800_000 },
  { rid: 'm', maxBitrate: 300_000, scaleResolutionDownBy: 2 },
  { rid: 'l', maxBitrate: 100_000, scaleResolutionDownBy: 4 },
];

/** Keeps only codec (the media server's rooms take VP8 and Opus): a smaller offer, no surprise. */
function preferCodec(t: RTCRtpTransceiver, mime: string): void {
  const caps = RTCRtpSender.getCapabilities(t.sender.track?.kind ?? (mime.startsWith('audio') ? 'audio' : 'video'));
  const codecs = caps?.codecs.filter((c) => c.mimeType.toLowerCase() === mime.toLowerCase()) ?? [];
  if (codecs.length > 0 && 'setCodecPreferences' in t) t.setCodecPreferences(codecs);
}

/**
 * How long a connection to the media server may take before it is made
 * anew: 8 s at first (ICE and DTLS on a busy machine), twice as long after
 * each attempt that did not connect, up to 30 s, back to 8 s once one does.
 * Each wait is spread by ±20 % so that a room's forty clients do not all
 * come back in the same instant after the media server restarted.
 */
class Backoff {
  static readonly FIRST_MS = 8000;
  static readonly MAX_MS = 30000;
  private wait = Backoff.FIRST_MS;

  /** The wait of the attempt starting now; the next one's doubles. */
  next(): number {
    const w = this.wait * (0.8 + 0.4 * Math.random());
    this.wait = Math.min(this.wait * 2, Backoff.MAX_MS);
    return w;
  }

  reset(): void {
    this.wait = Backoff.FIRST_MS;
  }
}

type Listener = (v: RoomView) => void;

/** The camera: 960x540, the smallest size browsers send three simulcast layers from (540p, 270p, 135p). */
const CAMERA = { width: 960, height: 540, frameRate: 24 };

/** Sending limits of the mesh by room size (it sends one copy per peer): 360p, 180p, 135p. */
export function qualityFor(n: number): { maxBitrate: number; scale: number } {
  if (n <= 2) return { maxBitrate: 1_200_000, scale: 1.5 };
  if (n <= 4) return { maxBitrate: 500_000, scale: 3 };
  return { maxBitrate: 250_000, scale: 4 };
}

export class RoomClient {
  view: RoomView;
  local: MediaStream | null = null;
  pcs = new Map<string, RTCPeerConnection>();
  private pending = new Map<string, RTCIceCandidateInit[]>();
  private iceServers: RTCIceServer[] = [];
  private listeners = new Set<Listener>();
  private offs: Array<() => void> = [];
  private audio: AudioContext | null = null;
  private meters = new Map<string, { analyser: AnalyserNode; buf: Uint8Array<ArrayBuffer> }>();
  private meterTimer: ReturnType<typeof setInterval> | undefined;
  private screenTrack: MediaStreamTrack | null = null;
  private senders = new WeakMap<RTCPeerConnection, { audio?: RTCRtpSender; video?: RTCRtpSender }>();
  private closed = false;
  private subStreams: SubStream[] = [];
  private subChain: Promise<void> = Promise.resolve();
  private subGen: number | null = null;	// the server's number of the subscription our connection is of
  private published = 0;	// when the publisher's offer was sent (ms), 0: none
  private answered = 0;	// when the subscription was made or last answered (ms), 0: none
  private pubRetry = new Backoff();
  private subRetry = new Backoff();
  private pubWait = Backoff.FIRST_MS;	// the publisher's attempt is made anew after this long
  private subWait = Backoff.FIRST_MS;	// the subscription's likewise
  private watchdog: ReturnType<typeof setInterval> | undefined;
  private constraints: { audio?: string; video?: string } = {};
  /** our camera and microphone are open (or need not be): peers' offers wait for it on the mesh */
  private mediaReady: Promise<void> = Promise.resolve();

  constructor(
    readonly meetingId: number,
    readonly guest: string | null,
  ) {
    this.view = {
      phase: { kind: 'connecting' }, meeting: null, self: '', host: false, participants: [], waiting: [],
      chat: [], locked: false, agendaItem: 0, recording: null, recordingNews: null, streams: new Map(), speaker: null, mic: true, cam: true,
      screen: false, mutedByHost: false, mediaError: null, media: 'mesh', reconnecting: false,
      speaking: true, speakersFull: false, listeners: 0, listenerList: [], hands: [],
      notice: null,
    };
  }

  subscribe(fn: Listener): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private emit(patch: Partial<RoomView>): void {
    this.view = { ...this.view, ...patch };
    for (const fn of this.listeners) fn(this.view);
  }

  /** Enters (or waits in the lobby); the camera and microphone open once we may speak. */
  async start(constraints: { audio?: string; video?: string } = {}): Promise<void> {
    this.constraints = constraints;
    this.offs.push(realtime.onMessage((m) => this.onMessage(m)));
    this.offs.push(realtime.onWelcome(() => this.join()));
    this.meterTimer = setInterval(() => this.measure(), 250);
    this.watchdog = setInterval(() => this.checkPublisher(), 1000);
    realtime.start();
    if (realtime.status === 'live') this.join();
  }

  private join(): void {
    if (this.closed) return;
    const v = this.view.phase.kind;
    if (v === 'left' || v === 'refused') return;
    // a new connection is a new peer for everyone: start the media afresh
    this.dropAll();
    realtime.post({ type: 'room.join', meeting: this.meetingId, ...(this.guest ? { guest: this.guest } : {}) });
  }

  async openMedia(c: { audio?: string; video?: string }): Promise<void> {
    try {
      const stream = await navigator.mediaDevices.getUserMedia({
        audio: c.audio ? { deviceId: { exact: c.audio } } : true,
        video: {
          ...(c.video ? { deviceId: { exact: c.video } } : {}),
          width: { ideal: CAMERA.width },
          height: { ideal: CAMERA.height },
          frameRate: { ideal: CAMERA.frameRate },
        },
      });
      const old = this.local;
      this.local = stream;
      for (const t of stream.getAudioTracks()) t.enabled = this.view.mic;
      for (const t of stream.getVideoTracks()) t.enabled = this.view.cam;
      for (const pc of this.sending()) this.replaceTracks(pc);
      old?.getTracks().forEach((t) => t.stop());
      this.meter('self', stream);
      this.emit({ mediaError: null });
    } catch (e) {
      this.emit({ mediaError: e instanceof Error ? e.name : 'Error' });
    }
  }

  leave(): void {
    realtime.post({ type: 'room.leave', meeting: this.meetingId });
    this.emit({ phase: { kind: 'left', why: 'left' } });
    this.stopMedia();
  }

  close(): void {
    this.closed = true;
    if (this.view.phase.kind === 'in' || this.view.phase.kind === 'lobby')
      realtime.post({ type: 'room.leave', meeting: this.meetingId });
    this.stopMedia();
    this.offs.forEach((f) => f());
    this.offs = [];
    clearInterval(this.meterTimer);
    clearInterval(this.watchdog);
    void this.audio?.close();
    this.listeners.clear();
  }

  private stopMedia(): void {
    this.dropAll();
    this.local?.getTracks().forEach((t) => t.stop());
    this.screenTrack?.stop();
    this.local = null;
  }

  /** A message of the room (contract/realtime.json), the meeting added. */
  send(msg: RoomMessage): void {
    realtime.post({ meeting: this.meetingId, ...msg });
  }

  sendChat(text: string): void {
    this.send({ type: 'chat', text });
  }

  setHand(raised: boolean): void {
    this.send({ type: 'hand', raised });
  }

  /** The announcement of the recording's start or stop was read. */
  dismissRecordingNews(): void {
    this.emit({ recordingNews: null });
  }

  /** Whether our hand is up (the server's list says). */
  handRaised(): boolean {
    return this.view.hands.some((p) => p.conn === this.view.self);
  }

  control(action: WsRoomControl['action'], extra: Pick<WsRoomControl, 'conn' | 'item'> = {}): void {
    this.send({ type: 'room.control', action, ...extra });
  }

  private announceMedia(): void {
    if (!this.view.speaking) return;	// a listener sends nothing
    this.send({ type: 'media', mic: this.view.mic, cam: this.view.cam, screen: this.view.screen });
  }

  /** Our own card (mic_blocked, cam_blocked: what a host stopped). */
  me(): RoomParticipant | undefined {
    return this.view.participants.find((p) => p.conn === this.view.self);
  }

  setMic(on: boolean): void {
    if (on && this.me()?.mic_blocked) return;	// the host has the floor
    this.local?.getAudioTracks().forEach((t) => (t.enabled = on));
    this.emit({ mic: on, mutedByHost: on ? false : this.view.mutedByHost });
    this.announceMedia();
  }

  setCam(on: boolean): void {
    if (on && this.me()?.cam_blocked) return;
    this.local?.getVideoTracks().forEach((t) => (t.enabled = on));
    this.emit({ cam: on });
    this.announceMedia();
  }

  /** Shares the screen instead of the camera; false when the browser refuses. */
  async shareScreen(on: boolean): Promise<boolean> {
    if (!on) {
      this.screenTrack?.stop();
      this.screenTrack = null;
      for (const pc of this.sending()) this.replaceTracks(pc);
      this.emit({ screen: false });
      this.announceMedia();
      return true;
    }
    try {
      const s = await navigator.mediaDevices.getDisplayMedia({ video: true, audio: false });
      const track = s.getVideoTracks()[0];
      if (!track) return false;
      this.screenTrack = track;
      track.onended = () => void this.shareScreen(false);
      for (const pc of this.sending()) this.replaceTracks(pc);
      this.emit({ screen: true });
      this.announceMedia();
      return true;
    } catch {
      return false;
    }
  }

  /** The video shown for oneself: the shared screen, else the camera. */
  selfStream(): MediaStream | null {
    if (this.screenTrack) return new MediaStream([this.screenTrack]);
    return this.local;
  }

  // --- messages ---

  private onMessage(m: Record<string, unknown>): void {
    if (this.closed || (typeof m.meeting === 'number' && m.meeting !== this.meetingId)) return;
    switch (m.type) {
      case 'room.lobby':
        this.emit({ phase: { kind: 'lobby', title_ru: String(m.title_ru), title_en: String(m.title_en) } });
        if (!this.local) void this.openMedia(this.constraints);	// a guest link's guest speaks
        break;
      case 'room.joined':
        this.onJoined(m);
        break;
      case 'room.removed':
        if (m.reason === 'rights_changed') {
          // a host who is no longer one, or the other way round: enter again as what one is now
          this.emit({ phase: { kind: 'connecting' } });
          this.join();
          break;
        }
        this.emit({ phase: { kind: 'left', why: typeof m.reason === 'string' ? m.reason : 'removed' } });
        this.stopMedia();
        break;
      case 'room.denied':
        this.emit({ phase: { kind: 'left', why: 'denied' } });
        this.stopMedia();
        break;
      case 'room.mute':
        if (m.kind === 'video') {
          this.setCam(false);
          if (this.view.screen) void this.shareScreen(false);
        } else this.setMic(false);
        this.emit({ mutedByHost: true });
        break;
      case 'room.unmute':
        this.emit({ mutedByHost: false });
        break;
      case 'room.media.reset':
        // the media server restarted: everything it carried is gone
        this.emit({ reconnecting: true });
        this.dropAll();
        if (this.view.speaking) void this.publish();
        break;
      case 'room.speak':
        void this.setSpeaking(Boolean(m.speaker));
        break;
      case 'room.listeners':
        this.emit({ listenerList: (m.listeners as RoomParticipant[]) ?? [] });
        break;
      case 'signal':
        if (this.view.media === 'sfu') this.onSfuSignal(m);
        else void this.onSignal(String(m.from), String(m.kind), m.data as Record<string, unknown>);
        break;
      case 'error':
        if (this.view.phase.kind === 'in' && (m.code === 'speakers_full' || m.code === 'hand_too_often')) {
          this.emit({ notice: String(m.code) });
          break;
        }
        if (this.view.phase.kind === 'in' && this.view.media === 'sfu' && String(m.code).startsWith('media_')) {
          // the media server could not take our media now (restarting, busy): try again shortly
          setTimeout(() => this.pcs.get('publisher')?.connectionState !== 'connected' && void this.publish(), 1000);
          break;
        }
        if (this.view.phase.kind === 'in' && m.code === 'recording_unavailable') {
          this.emit({ recordingNews: 'unavailable' });
          break;
        }
        if (this.view.phase.kind === 'connecting' || this.view.phase.kind === 'lobby') {
          const code = String(m.code);
          if (code !== 'already_in_room') this.emit({ phase: { kind: 'refused', code } });
        }
        break;
      case 'event':
        if (m.channel === `room:${this.meetingId}`) this.onEvent(String(m.event), m.data as Record<string, unknown>);
        break;
    }
  }

  private async onJoined(m: Record<string, unknown>): Promise<void> {
    const state = m.state as { locked: boolean; agenda_item: number; recording: RoomRecording | null };
    this.iceServers = (m.ice_servers as RTCIceServer[]) ?? [];
    const participants = m.participants as RoomParticipant[];
    const media = m.media === 'sfu' ? 'sfu' : 'mesh';
    const speaking = m.speaker !== false;
    this.emit({
      phase: { kind: 'in' }, meeting: m.meeting as RoomMeeting, self: String(m.self), host: Boolean(m.host),
      participants, waiting: (m.waiting as Waiting[]) ?? [], chat: (m.chat as ChatMessage[]) ?? [],
      locked: state.locked, agendaItem: state.agenda_item, recording: state.recording ?? null,
      // who comes in while it records is told so too
      recordingNews: state.recording ? 'started' : null, media, speaker: null, speaking,
      speakersFull: Boolean(m.speakers_full), listeners: Number(m.listeners ?? 0),
      hands: (m.hands as RoomParticipant[]) ?? [],
    });
    this.mediaReady = speaking && !this.local ? this.openMedia(this.constraints) : Promise.resolve();
    if (!speaking) this.closeMedia();
    await this.mediaReady;
    if (this.closed || this.view.phase.kind !== 'in') return;
    if (!this.view.mic || !this.view.cam) this.announceMedia();
    if (media === 'sfu') {
      if (speaking) void this.publish();
    }
    // on the mesh the newcomer calls everyone already inside
    else for (const p of participants) if (p.conn !== this.view.self) void this.call(p.conn);
  }

  /**
   * A host let us speak (we open the camera and microphone and publish) or
   * made us a listener (the server has already stopped our publisher: we let
   * the camera go).
   */
  private async setSpeaking(on: boolean): Promise<void> {
    this.emit({ speaking: on, speakersFull: false });
    if (on) {
      this.emit({ mic: true, cam: true, screen: false });
      if (!this.local) await this.openMedia(this.constraints);
      this.announceMedia();
      if (this.view.media === 'sfu') void this.publish();
      else for (const pc of this.pcs.values()) this.replaceTracks(pc);
      return;
    }
    this.dropPeer('publisher');
    this.closeMedia();
    if (this.view.media === 'mesh') for (const pc of this.pcs.values()) this.replaceTracks(pc);
  }

  /** Our camera, microphone and shared screen stop (a listener sends nothing). */
  private closeMedia(): void {
    this.local?.getTracks().forEach((t) => t.stop());
    this.screenTrack?.stop();
    this.screenTrack = null;
    this.local = null;
    this.meters.delete('self');
    this.emit({ mic: false, cam: false, screen: false });
  }

  private onEvent(event: string, data: Record<string, unknown>): void {
    switch (event) {
      case 'presence': {
        const participants = data.participants as RoomParticipant[];
        // on the mesh everyone speaks, so whoever is not on the list has left
        const here = new Set(participants.map((p) => p.conn));
        if (this.view.media === 'mesh') for (const id of [...this.pcs.keys()]) if (!here.has(id)) this.dropPeer(id);
        this.emit({ participants, listeners: Number(data.listeners ?? 0), hands: (data.hands as RoomParticipant[]) ?? [] });
        this.silenceBlocked();
        this.adapt();
        break;
      }
      case 'speaker':
        // the media server's talk detection (SFU rooms)
        this.emit({ speaker: String(data.conn) });
        break;
      case 'chat':
        this.emit({ chat: [...this.view.chat, data as unknown as ChatMessage].slice(-500) });
        break;
      case 'lobby':
        this.emit({ waiting: data.waiting as Waiting[] });
        break;
      case 'state': {
        const recording = (data.recording as RoomRecording | null) ?? null;
        const was = this.view.recording;
        const news = !was && recording ? 'started' : was && !recording ? 'stopped' : this.view.recordingNews;
        this.emit({ locked: Boolean(data.locked), agendaItem: Number(data.agenda_item), recording, recordingNews: news });
        break;
      }
      case 'ended':
        this.emit({ phase: { kind: 'left', why: 'ended' } });
        this.stopMedia();
        break;
    }
  }

  // --- the SFU: one publishing and one subscribing connection ---

  /** Sends our camera and microphone to the media server (again, after a reset or a failure). */
  private async publish(): Promise<void> {
    const again = this.pcs.has('publisher');
    this.dropPeer('publisher');
    if (!this.local || !this.view.speaking || this.closed || this.view.phase.kind !== 'in') return;
    // a new connection cannot take over the server's end of the old one: it makes a new one
    if (again) this.send({ type: 'signal', to: 'publisher', kind: 'restart', data: { reason: 'again' } });
    const pc = new RTCPeerConnection({ iceServers: this.iceServers });
    this.pcs.set('publisher', pc);
    this.published = Date.now();
    this.pubWait = this.pubRetry.next();
    const stream = this.local;
    const audio = this.local.getAudioTracks()[0] ?? null;
    const video = this.screenTrack ?? this.local.getVideoTracks()[0] ?? null;
    const at = pc.addTransceiver(audio ?? 'audio', { direction: 'sendonly', streams: [stream] });
    const vt = pc.addTransceiver(video ?? 'video', { direction: 'sendonly', streams: [stream], sendEncodings: SIMULCAST });
    preferCodec(at, 'audio/opus');
    preferCodec(vt, 'video/VP8');
    this.senders.set(pc, { audio: at.sender, video: vt.sender });
    pc.onicecandidate = (e) =>
      this.send({ type: 'signal', to: 'publisher', kind: 'ice', data: e.candidate ? { ...e.candidate.toJSON() } : { completed: true } });
    pc.onconnectionstatechange = () => {
      if (pc.connectionState !== 'connected') return;
      this.pubRetry.reset();
      this.emit({ reconnecting: false });
    };
    try {
      const offer = await pc.createOffer();
      await pc.setLocalDescription(offer);
      if (this.pcs.get('publisher') !== pc) return;
      this.send({ type: 'signal', to: 'publisher', kind: 'offer', data: { type: offer.type, sdp: offer.sdp } });
    } catch (e) {
      console.warn('room: publish', e);
    }
  }

  /**
   * A publisher that failed, or never connected within its wait (Backoff)
   * of its offer, is sent again; a subscription likewise is asked for anew.
   */
  private checkPublisher(): void {
    if (this.view.media !== 'sfu' || this.view.phase.kind !== 'in') return;
    this.checkSubscriber();
    if (!this.view.speaking || !this.local) return;
    const pc = this.pcs.get('publisher');
    const state = pc?.connectionState;
    if (state === 'connected') return;
    if (!pc || state === 'failed' || state === 'closed' || Date.now() - this.published > this.pubWait) void this.publish();
  }

  private checkSubscriber(): void {
    const pc = this.pcs.get('subscriber');
    if (!pc) {
      // others are here and we have been publishing a while, yet no subscription came: ask
      const pub = this.pcs.get('publisher');
      if (!this.view.participants.some((p) => p.conn !== this.view.self)) return;
      if (this.view.speaking && pub?.connectionState !== 'connected') return;
      if (this.answered === 0) this.answered = Date.now();
      if (Date.now() - this.answered < this.subWait) return;
      this.answered = Date.now();
      this.subWait = this.subRetry.next();
      this.send({ type: 'signal', to: 'subscriber', kind: 'restart', data: { reason: 'none' } });
      return;
    }
    if (pc.connectionState === 'connected') return;
    if (pc.connectionState !== 'failed' && Date.now() - this.answered < this.subWait) return;
    this.dropPeer('subscriber');
    this.subStreams = [];
    this.subChain = Promise.resolve();
    this.answered = 0;
    this.send({ type: 'signal', to: 'subscriber', kind: 'restart', data: { reason: pc.connectionState } });
  }

  private onSfuSignal(m: Record<string, unknown>): void {
    const data = m.data as Record<string, unknown>;
    if (m.from === 'publisher' && m.kind === 'answer') {
      const pc = this.pcs.get('publisher');
      void pc?.setRemoteDescription(data as unknown as RTCSessionDescriptionInit).catch((e) => console.warn('room: answer', e));
    } else if (m.from === 'subscriber' && m.kind === 'offer') {
      const streams = (m.streams as SubStream[]) ?? [];
      const gen = typeof m.subscription === 'number' ? m.subscription : null;
      // offers are answered one at a time, in order
      this.subChain = this.subChain.then(() => this.answerSubscription(data, streams, gen));
    }
  }

  private subscriber(): RTCPeerConnection {
    let pc = this.pcs.get('subscriber');
    if (pc) return pc;
    pc = new RTCPeerConnection({ iceServers: this.iceServers });
    this.pcs.set('subscriber', pc);
    this.answered = Date.now();	// the watchdog counts from here
    this.subWait = this.subRetry.next();
    pc.onconnectionstatechange = () => pc.connectionState === 'connected' && this.subRetry.reset();
    pc.onicecandidate = (e) =>
      this.send({ type: 'signal', to: 'subscriber', kind: 'ice', data: e.candidate ? { ...e.candidate.toJSON() } : { completed: true } });
    pc.ontrack = () => this.sortStreams();
    return pc;
  }

  private async answerSubscription(offer: Record<string, unknown>, streams: SubStream[], gen: number | null): Promise<void> {
    try {
      // a subscription made anew on the server (its connection there hung up, or we asked): a new one here
      if (gen !== this.subGen) this.dropPeer('subscriber');
      this.subGen = gen;
      const pc = this.subscriber();
      this.subStreams = streams;
      await pc.setRemoteDescription(offer as unknown as RTCSessionDescriptionInit);
      const answer = await pc.createAnswer();
      await pc.setLocalDescription(answer);
      this.send({ type: 'signal', to: 'subscriber', kind: 'answer', data: { type: answer.type, sdp: answer.sdp, subscription: gen } });
      this.answered = Date.now();
      this.sortStreams();
    } catch (e) {
      console.warn('room: subscription', e);
    }
  }

  /** One MediaStream per participant from the subscription's m-lines (kept while its tracks are the same). */
  private sortStreams(): void {
    const pc = this.pcs.get('subscriber');
    if (!pc) return;
    const tracks = new Map<string, MediaStreamTrack[]>();
    for (const t of pc.getTransceivers()) {
      const s = this.subStreams.find((x) => x.mid === t.mid);
      if (!s || t.currentDirection === 'inactive' || t.currentDirection === 'stopped') continue;
      tracks.set(s.conn, [...(tracks.get(s.conn) ?? []), t.receiver.track]);
    }
    const streams = new Map<string, MediaStream>();
    for (const [conn, list] of tracks) {
      const old = this.view.streams.get(conn);
      const same = old && old.getTracks().length === list.length && list.every((t) => old.getTracks().includes(t));
      streams.set(conn, same ? old : new MediaStream(list));
    }
    this.emit({ streams });
    this.silenceBlocked();
  }

  /**
   * What a host stopped falls silent here at once: the received audio of a
   * participant whose card says mic_blocked is disabled, without waiting for
   * the media server's cut to come through its queue and our jitter buffer
   * (seconds, on a loaded machine). The media server stops it all the same.
   */
  private silenceBlocked(): void {
    for (const p of this.view.participants)
      for (const t of this.view.streams.get(p.conn)?.getAudioTracks() ?? []) t.enabled = !p.mic_blocked;
  }

  private dropAll(): void {
    for (const id of [...this.pcs.keys()]) this.dropPeer(id);
    this.subStreams = [];
    this.subChain = Promise.resolve();
    this.published = 0;
    this.answered = 0;
    this.pubRetry.reset();	// a new media server: first attempts again
    this.subRetry.reset();
    if (this.view.streams.size > 0) this.emit({ streams: new Map() });
  }

  // --- the mesh ---

  private peer(id: string): RTCPeerConnection {
    let pc = this.pcs.get(id);
    if (pc) return pc;
    pc = new RTCPeerConnection({ iceServers: this.iceServers });
    this.pcs.set(id, pc);
    this.replaceTracks(pc);
    pc.onicecandidate = (e) => {
      if (e.candidate) this.send({ type: 'signal', to: id, kind: 'ice', data: { ...e.candidate.toJSON() } });
    };
    pc.ontrack = (e) => {
      const stream = e.streams[0] ?? new MediaStream([e.track]);
      const streams = new Map(this.view.streams);
      streams.set(id, stream);
      this.emit({ streams });
      this.silenceBlocked();
      if (e.track.kind === 'audio') this.meter(id, stream);
    };
    pc.onconnectionstatechange = () => {
      if (pc!.connectionState === 'failed' && this.view.self < id) void this.call(id, true);
    };
    return pc;
  }

  /** The connections that carry our media: every peer's on the mesh, the publisher's to the SFU. */
  private sending(): RTCPeerConnection[] {
    if (this.view.media === 'mesh') return [...this.pcs.values()];
    const pc = this.pcs.get('publisher');
    return pc ? [pc] : [];
  }

  /** Adds or replaces our audio and video on a peer connection. */
  private replaceTracks(pc: RTCPeerConnection): void {
    const audio = this.local?.getAudioTracks()[0] ?? null;
    const video = this.screenTrack ?? this.local?.getVideoTracks()[0] ?? null;
    const stream = this.local ?? new MediaStream();
    const mine = this.senders.get(pc) ?? {};
    this.senders.set(pc, mine);
    for (const [kind, track] of [['audio', audio], ['video', video]] as const) {
      const sender = mine[kind];
      if (sender) void sender.replaceTrack(track);
      else if (track) mine[kind] = pc.addTrack(track, stream);
    }
  }

  private async call(id: string, restart = false): Promise<void> {
    const pc = this.peer(id);
    const offer = await pc.createOffer(restart ? { iceRestart: true } : undefined);
    await pc.setLocalDescription(offer);
    this.send({ type: 'signal', to: id, kind: 'offer', data: { type: offer.type, sdp: offer.sdp } });
    this.adapt();
  }

  private async onSignal(from: string, kind: string, data: Record<string, unknown>): Promise<void> {
    await this.mediaReady;	// answered with our tracks (in arrival order: all wait for the same promise)
    try {
      if (kind === 'offer') {
        const pc = this.peer(from);
        await pc.setRemoteDescription(data as unknown as RTCSessionDescriptionInit);
        await this.flush(from);
        const answer = await pc.createAnswer();
        await pc.setLocalDescription(answer);
        this.send({ type: 'signal', to: from, kind: 'answer', data: { type: answer.type, sdp: answer.sdp } });
        this.adapt();
      } else if (kind === 'answer') {
        const pc = this.pcs.get(from);
        if (!pc) return;
        await pc.setRemoteDescription(data as unknown as RTCSessionDescriptionInit);
        await this.flush(from);
      } else if (kind === 'ice') {
        const pc = this.pcs.get(from);
        if (pc?.remoteDescription) await pc.addIceCandidate(data as RTCIceCandidateInit);
        else this.pending.set(from, [...(this.pending.get(from) ?? []), data as RTCIceCandidateInit]);
      }
    } catch (e) {
      console.warn('room: signal', kind, e);
    }
  }

  private async flush(id: string): Promise<void> {
    const pc = this.pcs.get(id);
    const queued = this.pending.get(id) ?? [];
    this.pending.delete(id);
    for (const c of queued) await pc?.addIceCandidate(c);
  }

  private dropPeer(id: string): void {
    this.pcs.get(id)?.close();
    this.pcs.delete(id);
    this.pending.delete(id);
    this.meters.delete(id);
    if (this.view.streams.has(id)) {
      const streams = new Map(this.view.streams);
      streams.delete(id);
      this.emit({ streams });
    }
  }

  /** Lower resolution and bitrate as the room grows (the mesh; the SFU has its layers). */
  private adapt(): void {
    if (this.view.media === 'sfu') return;
    const q = qualityFor(this.view.participants.length);
    for (const pc of this.pcs.values())
      for (const s of pc.getSenders()) {
        if (s.track?.kind !== 'video') continue;
        const p = s.getParameters();
        const enc = p.encodings?.[0];
        if (!enc) continue;
        enc.maxBitrate = q.maxBitrate;
        enc.scaleResolutionDownBy = q.scale;
        void s.setParameters(p).catch(() => undefined);
      }
  }

  // --- active speaker ---

  /** On the mesh, levels of our microphone and each peer's name the active speaker; the media
   * server names it itself, so there no audio graph runs (it costs a core's worth in a big room). */
  private meter(id: string, stream: MediaStream): void {
    if (this.view.media === 'sfu' || stream.getAudioTracks().length === 0) return;
    try {
      this.audio ??= new AudioContext();
      const src = this.audio.createMediaStreamSource(stream);
      const analyser = this.audio.createAnalyser();
      analyser.fftSize = 512;
      src.connect(analyser);
      this.meters.set(id, { analyser, buf: new Uint8Array(new ArrayBuffer(analyser.fftSize)) });
    } catch {
      /* no WebAudio: no highlight */
    }
  }

  private measure(): void {
    if (this.view.media === 'sfu') return;	// the server names the speaker
    let best: string | null = null;
    let level = 0.02;	// below this, silence
    for (const [id, m] of this.meters) {
      if (id === 'self' && !this.view.mic) continue;
      m.analyser.getByteTimeDomainData(m.buf);
      let sum = 0;
      for (const v of m.buf) sum += ((v - 128) / 128) ** 2;
      const rms = Math.sqrt(sum / m.buf.length);
      if (rms > level) {
        level = rms;
        best = id === 'self' ? this.view.self : id;
      }
    }
    if (best !== this.view.speaker) this.emit({ speaker: best });
  }
}
