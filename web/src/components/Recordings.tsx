// A meeting's recordings on its page: each with its date, length, who started
// it and its status; its tracks by participant (name and city as they were),
// each with a player and a download link; removal for the meeting's hosts.
// While one is recording or being converted the list is read again every
// few seconds, so "processing" turns into the players by itself.

import { useEffect, useState } from 'preact/hooks';
import { type MessageKey, useI18n } from '../i18n';
import type { I18n } from '../i18n';
import { api } from '../lib/api';
import { useSubmit } from '../lib/hooks';
import { Flag } from './meetings';
import { Alert, Badge } from './ui';

export interface RecordingParticipant {
  user_id: number | null;
  name: string;
  city_ru: string | null;
  city_en: string | null;
  country: string | null;
}

export interface RecordingFile {
  id: number;
  kind: 'audio' | 'video';
  codec: string;
  mime: string;
  bytes: number;
  duration_ms: number;
  first_frame_at: string | null;
  participant: RecordingParticipant | null;
  url: string;
}

export type RecordingStatus = 'recording' | 'processing' | 'ready' | 'failed';

export interface Recording {
  id: number;
  meeting_id: number;
  status: RecordingStatus;
  error: string | null;
  started_at: string;
  ended_at: string | null;
  length_ms: number | null;
  started_by: { id: number | null; name: string };
  files: RecordingFile[];
}

const POLL_MS = 3000;
const TONE = { recording: 'red', processing: 'amber', ready: 'green', failed: 'red' } as const;
const EXT: Record<string, string> = { 'audio/ogg': 'opus', 'video/webm': 'webm', 'video/mp4': 'mp4', 'audio/wav': 'wav' };

/** 0:07, 12:05, 1:02:33 */
export function clock(ms: number): string {
  const s = Math.round(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

function size(i18n: I18n, bytes: number): string {
  if (bytes < 1e6) return i18n.t('rec.size_kb', { n: Math.max(1, Math.round(bytes / 1e3)) });
  return i18n.t('rec.size_mb', { n: Math.round(bytes / 1e5) / 10 });
}

interface SpeakerTracks {
  key: number;
  participant: RecordingParticipant | null;
  files: RecordingFile[];
}

/** The tracks of each person (consecutive in the API's order: by publisher), in recording order. */
function byParticipant(files: RecordingFile[]): SpeakerTracks[] {
  const groups: SpeakerTracks[] = [];
  for (const f of files) {
    const last = groups.at(-1);
    if (last && JSON.stringify(last.participant) === JSON.stringify(f.participant)) last.files.push(f);
    else groups.push({ key: f.id, participant: f.participant, files: [f] });
  }
  return groups;
}

export function Recordings(props: { meetingId: number; hasRoom: boolean }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [items, setItems] = useState<Recording[] | null>(null);
  const [canDelete, setCanDelete] = useState(false);
  const { busy, error, run } = useSubmit((err) => i18n.error(err));
  const load = () =>
    api.get<{ items: Recording[]; can_delete: boolean }>(`/meetings/${props.meetingId}/recordings`).then((r) => {
      setItems(r.items);
      setCanDelete(r.can_delete);
    });

  useEffect(() => {
    void run(load);
  }, [props.meetingId]);

  const pending = items?.some((r) => r.status === 'recording' || r.status === 'processing') ?? false;
  useEffect(() => {
    if (!pending) return undefined;
    const timer = window.setTimeout(() => void load().catch(() => undefined), POLL_MS);
    return () => window.clearTimeout(timer);
  }, [items, pending]);

  const remove = (r: Recording) => {
    if (!window.confirm(t('rec.delete_confirm', { date: i18n.dateTime(r.started_at) }))) return;
    void run(async () => {
      await api.del(`/recordings/${r.id}`);
      await load();
    });
  };

  if (items && items.length === 0 && !props.hasRoom) return null;
  return (
    <section class="section recordings" aria-labelledby="rec-title">
      <h2 id="rec-title">{t('rec.title')}</h2>
      {error && <Alert kind="error">{error}</Alert>}
      {items && items.length === 0 && <p class="muted">{t('rec.none')}</p>}
      {items?.map((r) => (
        <RecordingCard key={r.id} r={r} canDelete={canDelete} busy={busy} onDelete={() => remove(r)} />
      ))}
    </section>
  );
}

function RecordingCard(props: { r: Recording; canDelete: boolean; busy: boolean; onDelete: () => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const { r } = props;
  const title = i18n.dateTime(r.started_at);
  return (
    <article class="card recording" data-recording={r.id} data-status={r.status} aria-label={t('rec.of', { date: title })}>
      <header class="recording-head">
        <div>
          <h3 class="recording-title">{title}</h3>
          <span class="sub">
            {[r.length_ms ? t('rec.length', { time: clock(r.length_ms) }) : null, t('rec.started_by', { name: r.started_by.name })]
              .filter(Boolean)
              .join(' · ')}
          </span>
        </div>
        <div class="recording-actions">
          <Badge tone={TONE[r.status]}>
            {r.status === 'processing' && <span class="spinner spinner-inline" aria-hidden="true" />}
            {t(`rec.status.${r.status}` as MessageKey)}
          </Badge>
          {props.canDelete && r.status !== 'recording' && (
            <button type="button" class="btn btn-small btn-danger-quiet" disabled={props.busy} onClick={props.onDelete}
              aria-label={t('rec.delete_of', { date: title })}>
              {t('rec.delete')}
            </button>
          )}
        </div>
      </header>
      {r.status === 'recording' && <p class="hint">{t('rec.recording_note')}</p>}
      {r.status === 'processing' && <p class="hint" role="status">{t('rec.processing_note')}</p>}
      {r.status === 'failed' && r.error && (
        <div class="recording-error">
          <p>{r.files.length > 0 ? t('rec.failed_some') : t('rec.failed_all')}</p>
          <details>
            <summary>{t('rec.details')}</summary>
            <code>{r.error}</code>
          </details>
        </div>
      )}
      {r.files.length > 0 && (
        <ul class="recording-tracks">
          {byParticipant(r.files).map((g) => (
            <Speaker key={g.key} recording={r.id} participant={g.participant} files={g.files} />
          ))}
        </ul>
      )}
    </article>
  );
}

function Speaker(props: { recording: number; participant: RecordingParticipant | null; files: RecordingFile[] }) {
  const i18n = useI18n();
  const { t } = i18n;
  const p = props.participant;
  const name = p?.name ?? t('rec.unknown_speaker');
  const city = p ? i18n.pick(p.city_ru, p.city_en) : '';
  return (
    <li class="recording-speaker">
      <div class="recording-who">
        <Flag cc={p?.country} />
        <div>
          <span class="participant-name">{name}</span>
          {city && <span class="sub">{city}</span>}
        </div>
      </div>
      <div class="recording-media">
        {props.files.map((f) => {
          const kind = t(`rec.kind.${f.kind}` as MessageKey);
          const label = t('rec.track_of', { kind, name });
          const file = `recording-${props.recording}-${name}-${f.kind}.${EXT[f.mime] ?? 'bin'}`;
          return (
            <div key={f.id} class={`recording-track recording-${f.kind}`}>
              {f.kind === 'video' ? (
                <video controls preload="metadata" src={f.url} aria-label={label} />
              ) : (
                <audio controls preload="metadata" src={f.url} aria-label={label} />
              )}
              <span class="sub">
                {kind} ·{' '}
                <a href={f.url} download={file} aria-label={t('rec.download_what', { what: label, size: size(i18n, f.bytes) })}>
                  {t('rec.download')}
                </a>{' '}
                ({size(i18n, f.bytes)})
              </span>
            </div>
          );
        })}
      </div>
    </li>
  );
}
