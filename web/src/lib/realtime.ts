// The realtime channel: one WebSocket per tab to /api/v1/ws. It reconnects
// with backoff after a drop and re-subscribes every channel with the last
// sequence number it saw, so the server replays what was missed — or says
// "resync" when it no longer has it, and the page reloads its data instead.

import type {
  WsChat,
  WsHand,
  WsMedia,
  WsPing,
  WsRoomControl,
  WsRoomJoin,
  WsRoomLeave,
  WsSignal,
  WsSubscribe,
  WsUnsubscribe,
} from './contract';

/** A message a client sends (contract/realtime.json): the server checks each by its schema. */
export type ClientMessage =
  | WsPing
  | WsSubscribe
  | WsUnsubscribe
  | WsRoomJoin
  | WsRoomLeave
  | WsRoomControl
  | WsSignal
  | WsChat
  | WsHand
  | WsMedia;

export interface RtEvent {
  channel: string;
  seq: number;
  event: string;
  data: unknown;
}

export type RtStatus = 'offline' | 'connecting' | 'live';

interface Subscription {
  seq: number;
  onEvent: Set<(e: RtEvent) => void>;
  onResync: Set<() => void>;
}

const PING_EVERY_MS = 25000;
// No word from the server this long after a ping: the connection is dead. Generous, since
// coming back costs a room its media; a timer that itself ran late is given another round.
const PONG_WITHIN_MS = 20000;
const LATE_MS = 2000;	// a timer this late: the page, not the connection, was stalled

class Realtime {
  status: RtStatus = 'offline';
  private ws: WebSocket | null = null;
  private wanted = false;
  private attempt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private pingTimer: ReturnType<typeof setInterval> | undefined;
  private pongTimer: ReturnType<typeof setTimeout> | undefined;
  private pinged = 0;	// Date.now() of the last ping
  private heard = 0;	// Date.now() of the last message from the server
  private subs = new Map<string, Subscription>();
  private statusListeners = new Set<(s: RtStatus) => void>();
  private closeListeners = new Set<(code: number) => void>();
  private messageListeners = new Set<(msg: Record<string, unknown>) => void>();
  private welcomeListeners = new Set<(conn: string) => void>();
  private holders = 0;

  start(): void {
    this.wanted = true;
    if (!this.ws) this.connect();
  }

  stop(): void {
    this.wanted = false;
    clearTimeout(this.retryTimer);
    this.ws?.close(1000);
    this.ws = null;
    this.subs.clear();
    this.setStatus('offline');
  }

  /**
   * Keeps the connection open until the returned function is called, for
   * pages that need it without a session (the public news page); the last
   * holder to let go closes it, so a later sign-in opens a new connection
   * that carries the session.
   */
  hold(): () => void {
    this.holders++;
    this.start();
    let held = true;
    return () => {
      if (!held) return;
      held = false;
      if (--this.holders === 0) this.stop();
    };
  }

  /** Calls onEvent for each event of channel; returns the unsubscribe function. */
  subscribe(channel: string, onEvent: (e: RtEvent) => void, onResync?: () => void): () => void {
    let s = this.subs.get(channel);
    if (!s) {
      s = { seq: 0, onEvent: new Set(), onResync: new Set() };
      this.subs.set(channel, s);
      this.send({ type: 'subscribe', channel });
    }
    s.onEvent.add(onEvent);
    if (onResync) s.onResync.add(onResync);
    const sub = s;
    return () => {
      sub.onEvent.delete(onEvent);
      if (onResync) sub.onResync.delete(onResync);
      if (sub.onEvent.size === 0 && this.subs.get(channel) === sub) {
        this.subs.delete(channel);
        this.send({ type: 'unsubscribe', channel });
      }
    };
  }

  onStatus(fn: (s: RtStatus) => void): () => void {
    this.statusListeners.add(fn);
    return () => this.statusListeners.delete(fn);
  }

  /**
   * Told the close code when the server closes the connection: 4401, the
   * session ended (no reconnect); 4403, the rights changed (an admin changed
   * the role or organization): it reconnects at once with the new ones.
   */
  onClose(fn: (code: number) => void): () => void {
    this.closeListeners.add(fn);
    return () => this.closeListeners.delete(fn);
  }

  /** Every message from the server, as parsed (the room page's own messages: room.*, signal). */
  onMessage(fn: (msg: Record<string, unknown>) => void): () => void {
    this.messageListeners.add(fn);
    return () => this.messageListeners.delete(fn);
  }

  /** Told the new connection id after each (re)connect, once subscriptions are resent. */
  onWelcome(fn: (conn: string) => void): () => void {
    this.welcomeListeners.add(fn);
    return () => this.welcomeListeners.delete(fn);
  }

  /** Closes the socket as a network drop would: the client reconnects (tests use it). */
  drop(): void {
    this.ws?.close(4000);
  }

  /** Sends a message now; false when the connection is not open. */
  post(msg: ClientMessage): boolean {
    if (this.ws?.readyState !== WebSocket.OPEN) return false;
    this.ws.send(JSON.stringify(msg));
    return true;
  }

  private setStatus(s: RtStatus): void {
    if (this.status === s) return;
    this.status = s;
    for (const fn of this.statusListeners) fn(s);
  }

  private send(msg: ClientMessage): void {
    if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(msg));
  }

  private connect(): void {
    const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/v1/ws`;
    const ws = new WebSocket(url);
    this.ws = ws;
    this.setStatus('connecting');
    ws.onmessage = (m) => {
      this.heard = Date.now();
      this.received(m.data as string);
    };
    ws.onclose = (e) => this.onClosed(ws, e.code);
  }

  private received(text: string): void {
    let msg: { type?: string; channel?: string; seq?: number; event?: string; data?: unknown; conn?: string };
    try {
      msg = JSON.parse(text);
    } catch {
      return;
    }
    for (const fn of this.messageListeners) fn(msg as Record<string, unknown>);
    switch (msg.type) {
      case 'welcome':
        this.attempt = 0;
        this.setStatus('live');
        this.startPings();
        for (const [channel, s] of this.subs)
          this.send(s.seq > 0 ? { type: 'subscribe', channel, since: s.seq } : { type: 'subscribe', channel });
        for (const fn of this.welcomeListeners) fn(msg.conn ?? '');
        break;
      case 'pong':
        clearTimeout(this.pongTimer);
        break;
      case 'subscribed': {
        const s = msg.channel ? this.subs.get(msg.channel) : undefined;
        if (s && s.seq === 0 && typeof msg.seq === 'number') s.seq = msg.seq;
        break;
      }
      case 'resync': {
        const s = msg.channel ? this.subs.get(msg.channel) : undefined;
        if (s) {
          s.seq = msg.seq ?? 0;
          for (const fn of s.onResync) fn();
        }
        break;
      }
      case 'event': {
        const s = msg.channel ? this.subs.get(msg.channel) : undefined;
        if (!s || typeof msg.seq !== 'number' || msg.seq <= s.seq) return;
        s.seq = msg.seq;
        const e: RtEvent = { channel: msg.channel!, seq: msg.seq, event: msg.event ?? '', data: msg.data };
        for (const fn of s.onEvent) fn(e);
        break;
      }
    }
  }

  private startPings(): void {
    clearInterval(this.pingTimer);
    this.pingTimer = setInterval(() => {
      this.send({ type: 'ping' });
      this.pinged = Date.now();
      clearTimeout(this.pongTimer);
      this.pongTimer = setTimeout(() => this.checkPong(this.pinged + PONG_WITHIN_MS), PONG_WITHIN_MS);
    }, PING_EVERY_MS);
  }

  /**
   * Due at `due`: closes a connection that said nothing since the last ping
   * (4000). When this very check runs late, the page was stalled (a busy
   * machine decoding a room's videos), and what the server sent may still
   * wait behind it: it looks once more after another round instead.
   */
  private checkPong(due: number, again = true): void {
    if (this.heard >= this.pinged) return;
    if (again && Date.now() - due > LATE_MS) {
      this.pongTimer = setTimeout(() => this.checkPong(Date.now() + PONG_WITHIN_MS, false), PONG_WITHIN_MS);
      return;
    }
    this.ws?.close(4000);
  }

  private onClosed(ws: WebSocket, code: number): void {
    if (this.ws !== ws) return;
    this.ws = null;
    clearInterval(this.pingTimer);
    clearTimeout(this.pongTimer);
    this.setStatus('offline');
    for (const fn of this.closeListeners) fn(code);
    if (!this.wanted || code === 4401) return;
    // 0.5 s, 1 s, 2 s … up to 15 s, with jitter so a restarted server is not stampeded;
    // new rights (4403) at once, unless it keeps happening without a welcome in between
    const first = code === 4403 && this.attempt === 0;
    const delay = first ? 0 : Math.min(15000, 500 * 2 ** this.attempt) * (0.75 + Math.random() / 2);
    this.attempt++;
    this.retryTimer = setTimeout(() => this.wanted && this.connect(), delay);
  }
}

export const realtime = new Realtime();
