// The live room of a meeting: participant tiles in protocol order with name,
// post, city and flag, as a grid or with the active speaker large (speaker
// view); camera, microphone and screen; chat; raised hands; host controls
// (a host's mute stops the media on the media server); the agenda with the
// current item; the lobby for guests. Listeners are no tiles: a count for
// everyone, a list for hosts, who give them the floor (and take it back).

import { useEffect, useRef, useState } from 'preact/hooks';
import { useI18n, type MessageKey } from '../i18n';
import { Link } from '../lib/router';
import { RoomClient, type RoomParticipant, type RoomView } from '../lib/room';
import { realtime } from '../lib/realtime';
import { Flag } from '../components/meetings';
import { Badge, Spinner } from '../components/ui';
import { Brand, LangSwitch } from '../components/Shell';
import type { PageLocale } from '../i18n';
import type { ComponentChildren } from 'preact';
import type { WsRoomControl } from '../lib/contract';

function Video(props: { stream: MediaStream | null; muted?: boolean; label: string }) {
  const ref = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    const v = ref.current;
    if (v && v.srcObject !== props.stream) {
      v.srcObject = props.stream;
      if (props.stream) void v.play().catch(() => undefined);
    }
  }, [props.stream]);
  return <video ref={ref} autoPlay playsInline muted={props.muted} aria-label={props.label} />;
}

/** A host's action on one person in the room (`room.control` with their conn); `who` names them for screen readers. */
function PeerAction(props: {
  client: RoomClient;
  p: { conn: string; name: string };
  action: WsRoomControl['action'];
  label: MessageKey;
  who?: MessageKey;
  tone?: 'primary' | 'danger';
}) {
  const { t } = useI18n();
  const { p } = props;
  return (
    <button type="button" class={`btn btn-small${props.tone ? ` btn-${props.tone}` : ''}`}
      onClick={() => props.client.control(props.action, { conn: p.conn })}
      aria-label={props.who ? t(props.who, { name: p.name }) : undefined}>
      {t(props.label)}
    </button>
  );
}

function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => w[0]!.toUpperCase())
    .join('');
}

function Tile(props: { p: RoomParticipant; v: RoomView; stream: MediaStream | null; self: boolean; client: RoomClient }) {
  const i18n = useI18n();
  const { t } = i18n;
  const { p, v } = props;
  const post = i18n.pick(p.post_ru, p.post_en) || t(`room.role.${p.role}` as MessageKey);
  const city = i18n.pick(p.city_ru, p.city_en);
  const org = i18n.pick(p.org_ru, p.org_en);
  const camOn = props.self ? v.cam || v.screen : p.cam || p.screen;
  const speaking = v.speaker === p.conn;
  return (
    <figure class={`room-tile${speaking ? ' speaking' : ''}`} data-conn={p.conn} data-self={props.self ? '1' : undefined}>
      <div class="room-video">
        {props.stream && <Video stream={props.stream} muted={props.self} label={p.name} />}
        {(!props.stream || !camOn) && (
          <div class="room-avatar" aria-hidden="true">
            {initials(p.name)}
          </div>
        )}
        <div class="room-tile-flags">
          {p.host && <Badge tone="blue">{t('room.host')}</Badge>}
          {p.hand > 0 && <Badge tone="amber">✋ {t('room.hand_up')}</Badge>}
          {p.mic_blocked ? <Badge tone="red">{t('room.muted_host')}</Badge>
            : !(props.self ? v.mic : p.mic) && <Badge tone="red">{t('room.muted')}</Badge>}
          {speaking && <span class="visually-hidden">{t('room.speaking')}</span>}
        </div>
      </div>
      <figcaption>
        <strong>
          {p.name}
          {props.self && <span class="muted"> ({t('room.you')})</span>}
        </strong>
        {post && <span class="room-post">{post}</span>}
        <span class="room-where">
          <Flag cc={p.country} /> {[city, org].filter(Boolean).join(' · ')}
        </span>
      </figcaption>
    </figure>
  );
}

/** The page around the room's cards (connecting, lobby, refused, left): the brand and the language switch above. */
function RoomScreen(props: { onLocale: (l: PageLocale) => void; children: ComponentChildren }) {
  return (
    <div class="room-screen-page">
      <header class="login-top">
        <Brand />
        <LangSwitch onChange={props.onLocale} all />
      </header>
      <main class="room-screen" id="main">
        {props.children}
      </main>
    </div>
  );
}

/** mm:ss, or h:mm:ss past an hour. */
function clock(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const two = (n: number) => String(n).padStart(2, '0');
  const h = Math.floor(s / 3600);
  return h > 0 ? `${h}:${two(Math.floor(s / 60) % 60)}:${two(s % 60)}` : `${two(Math.floor(s / 60))}:${two(s % 60)}`;
}

/** The red "recording" mark with the time since it started, for everyone in the room. */
function RecordingMark(props: { since: string; by: string }) {
  const { t } = useI18n();
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return (
    <span class="room-rec" data-testid="recording" title={t('room.rec_title', { name: props.by })}>
      <span class="room-rec-dot" aria-hidden="true" />
      {t('room.rec')} <time class="room-rec-time">{clock(now - Date.parse(props.since))}</time>
    </span>
  );
}

function refusal(code: string): MessageKey {
  const known = ['unauthenticated', 'not_invited', 'no_room', 'meeting_ended', 'meeting_cancelled', 'room_locked',
    'guest_link_invalid', 'guest_link_revoked', 'guest_link_expired', 'guest_link_in_use', 'room_full'];
  return (known.includes(code) ? `room.refused.${code}` : 'room.refused.other') as MessageKey;
}

/** Why one is out of the room: left, ended, denied, or the server's reason for room.removed. */
function leftWhy(why: string): MessageKey {
  const known = ['left', 'removed', 'ended', 'denied', 'not_invited', 'guest_link_revoked', 'guest_link_expired',
    'meeting_ended', 'meeting_cancelled', 'no_room', 'unauthenticated'];
  return (known.includes(why) ? `room.left.${why}` : 'room.left.removed') as MessageKey;
}

export function RoomPage(props: { id: number; guest: string | null; onLocale: (l: PageLocale) => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [client] = useState(() => new RoomClient(props.id, props.guest));
  const [v, setV] = useState<RoomView>(client.view);
  const [tab, setTab] = useState<'people' | 'chat' | 'agenda'>('people');
  const [text, setText] = useState('');
  const [devices, setDevices] = useState<MediaDeviceInfo[]>([]);
  const [note, setNote] = useState<string | null>(null);
  const [showDevices, setShowDevices] = useState(false);
  const [layout, setLayout] = useState<'tiles' | 'speaker'>('tiles');
  const chatEnd = useRef<HTMLLIElement>(null);

  useEffect(() => {
    const off = client.subscribe(setV);
    void client.start();
    // handles for the browser tests and the benchmark (getStats, a simulated drop)
    Object.assign(window, { __pobratimRoom: client, __pobratimRealtime: realtime });
    return () => {
      off();
      client.close();
    };
  }, [client]);

  useEffect(() => {
    chatEnd.current?.scrollIntoView({ block: 'nearest' });
  }, [v.chat.length, tab]);

  const title = v.meeting ? i18n.pick(v.meeting.title_ru, v.meeting.title_en) : '';
  useEffect(() => {
    document.title = title ? `${title} — ${t('room.title')}` : t('room.title');
  }, [title, t]);

  const back = props.guest ? null : <Link href={`/meetings/${props.id}`} class="btn">{t('room.back')}</Link>;

  if (v.phase.kind === 'connecting')
    return (
      <RoomScreen onLocale={props.onLocale}>
        <Spinner label={t('room.connecting')} />
      </RoomScreen>
    );
  if (v.phase.kind === 'refused' || v.phase.kind === 'left') {
    const msg = v.phase.kind === 'refused' ? t(refusal(v.phase.code)) : t(leftWhy(v.phase.why));
    return (
      <RoomScreen onLocale={props.onLocale}>
        <div class="room-card" role={v.phase.kind === 'refused' ? 'alert' : 'status'}>
          <h1 id="page-title" tabIndex={-1}>{v.phase.kind === 'refused' ? t('room.refused') : t('room.title')}</h1>
          <p data-testid="room-message">{msg}</p>
          {back}
        </div>
      </RoomScreen>
    );
  }
  if (v.phase.kind === 'lobby')
    return (
      <RoomScreen onLocale={props.onLocale}>
        <div class="room-card" role="status" data-testid="lobby">
          <h1 id="page-title" tabIndex={-1}>{i18n.pick(v.phase.title_ru, v.phase.title_en)}</h1>
          <Spinner label={t('room.lobby')} />
          <p class="hint">{t('room.lobby_hint')}</p>
        </div>
      </RoomScreen>
    );

  const me = v.participants.find((p) => p.conn === v.self);
  const agenda = v.meeting?.agenda ?? [];
  const current = v.agendaItem > 0 ? agenda[v.agendaItem - 1] : undefined;
  const hands = v.hands;
  const handUp = client.handRaised();
  const n = v.participants.length;
  // speaker view: the active speaker large (else the first other person), the others in a strip
  const featured = v.participants.find((p) => p.conn === v.speaker)
    ?? v.participants.find((p) => p.conn !== v.self) ?? v.participants[0];
  const shown = layout === 'speaker' && featured
    ? [featured, ...v.participants.filter((p) => p !== featured)] : v.participants;
  const micBlocked = me?.mic_blocked ?? false;
  const camBlocked = me?.cam_blocked ?? false;

  const sendChat = (e: Event) => {
    e.preventDefault();
    const x = text.trim();
    if (!x) return;
    client.sendChat(x);
    setText('');
  };
  const toggleScreen = async () => {
    const ok = await client.shareScreen(!v.screen);
    setNote(ok ? null : t('room.screen_refused'));
  };
  const openDevices = async () => {
    setShowDevices((x) => !x);
    try {
      setDevices(await navigator.mediaDevices.enumerateDevices());
    } catch {
      setDevices([]);
    }
  };
  const currentDevice = (kind: 'audio' | 'video') =>
    (kind === 'audio' ? client.local?.getAudioTracks()[0] : client.local?.getVideoTracks()[0])?.getSettings().deviceId ?? '';
  const pickDevice = (kind: 'audio' | 'video', id: string) =>
    void client.openMedia({ audio: kind === 'audio' ? id : currentDevice('audio'), video: kind === 'video' ? id : currentDevice('video') });

  return (
    <main class="room" id="main" data-count={n}>
      <header class="room-top">
        <div class="room-title">
          <h1 id="page-title" tabIndex={-1}>{title}</h1>
          <p class="room-sub">
            <Badge tone="green">{t('meet.status.live')}</Badge>
            {v.recording && <RecordingMark since={v.recording.since} by={v.recording.by} />}
            {v.locked && <Badge tone="amber">{t('room.locked')}</Badge>}
            <span>{t('room.count', { n })}</span>
            {v.media === 'sfu' && <span data-testid="listener-count">{t('room.listeners_count', { n: v.listeners })}</span>}
            {v.media === 'mesh' && <span class="room-mesh" data-testid="mesh-note" title={t('room.mesh_hint')}>{t('room.mesh')}</span>}
            {current && (
              <span class="room-current" data-testid="current-item">
                {t('room.now')}: {v.agendaItem}. {i18n.pick(current.title_ru, current.title_en)}
              </span>
            )}
          </p>
        </div>
        <div class="room-top-end">
          <LangSwitch onChange={props.onLocale} all />
          {back}
        </div>
      </header>

      {v.recordingNews && (
        <div class={`room-notes room-rec-news ${v.recordingNews}`} role="status" data-testid="recording-news">
          <p>{v.recordingNews === 'started' ? t('room.rec_started', { name: v.recording?.by ?? '' })
            : t(v.recordingNews === 'stopped' ? 'room.rec_stopped' : 'room.rec_unavailable')}</p>
          <button type="button" class="btn btn-small" onClick={() => client.dismissRecordingNews()}>{t('room.rec_ok')}</button>
        </div>
      )}
      {(micBlocked || camBlocked || v.reconnecting || v.mediaError || note || !v.speaking || v.notice) && (
        <div class="room-notes" role="status">
          {!v.speaking && <p data-testid="listening">{t(v.speakersFull ? 'room.listening_full' : 'room.listening')}</p>}
          {v.notice && <p>{t(`room.notice.${v.notice}` as MessageKey)}</p>}
          {v.reconnecting && <p data-testid="media-reconnecting">{t('room.media_reconnecting')}</p>}
          {micBlocked && <p>{t('room.muted_by_host')}</p>}
          {camBlocked && <p>{t('room.cam_stopped_by_host')}</p>}
          {v.mediaError && <p>{t('room.media_error', { e: v.mediaError })}</p>}
          {note && <p>{note}</p>}
        </div>
      )}

      <div class="room-main">
        <section class={`room-stage n${Math.min(n, 9)}${layout === 'speaker' ? ' speaker' : ''}`} aria-label={t('room.stage')}
          data-layout={layout}>
          {shown.map((p) => (
            <Tile
              key={p.conn}
              p={p}
              v={v}
              self={p.conn === v.self}
              client={client}
              stream={p.conn === v.self ? client.selfStream() : v.streams.get(p.conn) ?? null}
            />
          ))}
        </section>

        <section class="room-side" aria-label={t('room.panel')}>
          <div class="room-tabs" role="tablist">
            {(['people', 'chat', 'agenda'] as const).map((k) => (
              <button
                key={k}
                type="button"
                role="tab"
                aria-selected={tab === k}
                class={tab === k ? 'active' : ''}
                onClick={() => setTab(k)}
              >
                {t(`room.tab.${k}` as MessageKey)}
                {k === 'people' && v.host && v.waiting.length > 0 && <span class="room-dot">{v.waiting.length}</span>}
                {k === 'people' && hands.length > 0 && <span class="room-dot amber">{hands.length}</span>}
              </button>
            ))}
          </div>

          {tab === 'people' && (
            <div class="room-panel" role="tabpanel">
              {v.host && v.waiting.length > 0 && (
                <section aria-labelledby="lobby-h">
                  <h2 id="lobby-h">{t('room.waiting')}</h2>
                  <ul class="room-list">
                    {v.waiting.map((w) => (
                      <li key={w.conn} data-testid="waiting">
                        <span>{w.name}</span>
                        <span class="room-actions">
                          <button type="button" class="btn btn-primary btn-small" onClick={() => client.control('admit', { conn: w.conn })}>
                            {t('room.admit')}
                          </button>
                          <button type="button" class="btn btn-small" onClick={() => client.control('deny', { conn: w.conn })}>
                            {t('room.deny')}
                          </button>
                        </span>
                      </li>
                    ))}
                  </ul>
                </section>
              )}
              {hands.length > 0 && (
                <section aria-labelledby="hands-h">
                  <h2 id="hands-h">{t('room.hands')}</h2>
                  <ol class="room-list">
                    {hands.map((p) => (
                      <li key={p.conn} data-testid="hand">
                        <span>
                          <Flag cc={p.country} /> {p.name}
                          {!p.speaker && <span class="muted"> · {t('room.listener')}</span>}
                          {p.conn === v.self && <span class="muted"> ({t('room.you')})</span>}
                        </span>
                        {v.host && (
                          <span class="room-actions">
                            {!p.speaker && (
                              <PeerAction client={client} p={p} action="promote" label="room.promote" who="room.promote_who" tone="primary" />
                            )}
                            <PeerAction client={client} p={p} action="lower_hand" label="room.lower" />
                          </span>
                        )}
                      </li>
                    ))}
                  </ol>
                </section>
              )}
              <h2>{t('room.participants')}</h2>
              <ul class="room-list">
                {v.participants.map((p) => (
                  <li key={p.conn}>
                    <span>
                      <Flag cc={p.country} /> {p.name}
                      {p.conn === v.self && <span class="muted"> ({t('room.you')})</span>}
                    </span>
                    {v.host && p.conn !== v.self && (
                      <span class="room-actions">
                        {p.mic_blocked ? (
                          <PeerAction client={client} p={p} action="unmute" label="room.unmute" who="room.unmute_who" />
                        ) : (
                          <PeerAction client={client} p={p} action="mute" label="room.mute" who="room.mute_who" />
                        )}
                        {p.cam_blocked ? (
                          <PeerAction client={client} p={p} action="unmute_video" label="room.allow_video" who="room.allow_video_who" />
                        ) : (
                          <PeerAction client={client} p={p} action="mute_video" label="room.stop_video" who="room.stop_video_who" />
                        )}
                        {v.media === 'sfu' && !p.host && (
                          <PeerAction client={client} p={p} action="demote" label="room.demote" who="room.demote_who" />
                        )}
                        <PeerAction client={client} p={p} action="remove" label="room.remove" who="room.remove_who" tone="danger" />
                      </span>
                    )}
                  </li>
                ))}
              </ul>
              {v.media === 'sfu' && (
                <section aria-labelledby="listeners-h">
                  <h2 id="listeners-h">{t('room.listeners')} · {v.listeners}</h2>
                  {v.host && v.listenerList.length === 0 && <p class="muted">{t('room.no_listeners')}</p>}
                  {v.host && v.listenerList.length > 0 && (
                    <ul class="room-list">
                      {v.listenerList.map((p) => (
                        <li key={p.conn} data-testid="listener">
                          <span>
                            <Flag cc={p.country} /> {p.name}
                            {p.hand > 0 && <span class="muted"> · {t('room.hand_up')}</span>}
                          </span>
                          <span class="room-actions">
                            <PeerAction client={client} p={p} action="promote" label="room.promote" who="room.promote_who" />
                            <PeerAction client={client} p={p} action="remove" label="room.remove" who="room.remove_who" tone="danger" />
                          </span>
                        </li>
                      ))}
                    </ul>
                  )}
                </section>
              )}
            </div>
          )}

          {tab === 'chat' && (
            <div class="room-panel room-chat" role="tabpanel">
              <ul class="room-messages" aria-live="polite">
                {v.chat.length === 0 && <li class="muted">{t('room.chat_empty')}</li>}
                {v.chat.map((c) => (
                  <li key={c.id}>
                    <span class="room-msg-head">
                      <strong>{c.author}</strong> <time dateTime={c.created_at}>{i18n.time(new Date(c.created_at))}</time>
                    </span>
                    <span class="room-msg-text">{c.text}</span>
                  </li>
                ))}
                <li ref={chatEnd} aria-hidden="true" />
              </ul>
              <form class="room-chat-form" onSubmit={sendChat}>
                <label for="room-chat-input" class="visually-hidden">{t('room.chat_label')}</label>
                <input id="room-chat-input" value={text} maxLength={2000} autoComplete="off"
                  placeholder={t('room.chat_label')} onInput={(e) => setText((e.target as HTMLInputElement).value)} />
                <button type="submit" class="btn btn-primary">{t('room.send')}</button>
              </form>
            </div>
          )}

          {tab === 'agenda' && (
            <div class="room-panel" role="tabpanel">
              {agenda.length === 0 && <p class="muted">{t('room.no_agenda')}</p>}
              <ol class="room-agenda">
                {agenda.map((a, i) => (
                  <li key={i} class={v.agendaItem === i + 1 ? 'current' : ''} aria-current={v.agendaItem === i + 1 ? 'step' : undefined}>
                    <span>
                      {i18n.pick(a.title_ru, a.title_en)}
                      {a.minutes > 0 && <span class="muted"> · {t('room.minutes', { n: a.minutes })}</span>}
                    </span>
                    {v.host && v.agendaItem !== i + 1 && (
                      <button type="button" class="btn btn-small" onClick={() => client.control('agenda', { item: i + 1 })}>
                        {t('room.make_current')}
                      </button>
                    )}
                  </li>
                ))}
              </ol>
            </div>
          )}
        </section>
      </div>

      {showDevices && (
        <div class="room-devices">
          {(['audio', 'video'] as const).map((kind) => (
            <label key={kind}>
              {t(kind === 'audio' ? 'room.microphone' : 'room.camera')}
              <select value={currentDevice(kind)} onChange={(e) => pickDevice(kind, (e.target as HTMLSelectElement).value)}>
                {devices
                  .filter((d) => d.kind === `${kind}input`)
                  .map((d, i) => (
                    <option key={d.deviceId} value={d.deviceId}>
                      {d.label || `${t(kind === 'audio' ? 'room.microphone' : 'room.camera')} ${i + 1}`}
                    </option>
                  ))}
              </select>
            </label>
          ))}
        </div>
      )}

      <footer class="room-bar" aria-label={t('room.controls')}>
        {v.speaking && (
          <>
            <button type="button" class={`btn${v.mic ? '' : ' off'}`} aria-pressed={!v.mic} disabled={micBlocked}
              onClick={() => client.setMic(!v.mic)}>
              {micBlocked ? t('room.muted_host') : v.mic ? t('room.mic_off') : t('room.mic_on')}
            </button>
            <button type="button" class={`btn${v.cam ? '' : ' off'}`} aria-pressed={!v.cam} disabled={camBlocked}
              onClick={() => client.setCam(!v.cam)}>
              {v.cam ? t('room.cam_off') : t('room.cam_on')}
            </button>
          </>
        )}
        <button type="button" class="btn" aria-pressed={layout === 'speaker'} data-testid="layout"
          onClick={() => setLayout(layout === 'tiles' ? 'speaker' : 'tiles')}>
          {layout === 'tiles' ? t('room.view_speaker') : t('room.view_tiles')}
        </button>
        {v.speaking && (
          <button type="button" class="btn" aria-pressed={v.screen} onClick={() => void toggleScreen()}>
            {v.screen ? t('room.screen_stop') : t('room.screen')}
          </button>
        )}
        <button type="button" class={`btn${!v.speaking && !handUp ? ' btn-primary' : ''}`} aria-pressed={handUp}
          data-testid="hand-button" onClick={() => client.setHand(!handUp)}>
          {handUp ? t('room.hand_lower') : t('room.hand_raise')}
        </button>
        {v.speaking && (
          <button type="button" class="btn" aria-expanded={showDevices} onClick={() => void openDevices()}>
            {t('room.devices')}
          </button>
        )}
        {v.host && (
          <>
            {v.media === 'sfu' && (
              <button type="button" class={`btn${v.recording ? ' btn-rec-on' : ''}`} aria-pressed={Boolean(v.recording)}
                data-testid="record" onClick={() => client.control(v.recording ? 'record_stop' : 'record_start')}>
                <span class={v.recording ? 'rec-stop-icon' : 'rec-icon'} aria-hidden="true" />
                {v.recording ? t('room.record_stop') : t('room.record')}
              </button>
            )}
            <button type="button" class="btn" onClick={() => client.control(v.locked ? 'unlock' : 'lock')}>
              {v.locked ? t('room.unlock') : t('room.lock')}
            </button>
            <button type="button" class="btn btn-danger" onClick={() => window.confirm(t('room.end_confirm')) && client.control('end')}>
              {t('room.end')}
            </button>
          </>
        )}
        <button type="button" class="btn btn-danger" onClick={() => client.leave()}>
          {t('room.leave')}
        </button>
      </footer>
    </main>
  );
}
