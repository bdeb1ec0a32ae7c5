// Small pieces the meeting pages share: the local-times tooltip, flags,
// status badges, and how a meeting's date is said when it is not exact.

import { type MessageKey, useI18n } from '../i18n';
import { Link } from '../lib/router';
import { type MeetingCity, type MeetingStatus, type MeetingSummary, hhmm, viewerZone, zoned } from '../lib/meetings';
import { Badge } from './ui';

export function Flag(props: { cc: string | null | undefined }) {
  const { t } = useI18n();
  if (!props.cc) return null;
  return (
    <abbr class="flag" title={t('meet.country', { cc: props.cc.toUpperCase() })}>
      {props.cc.toUpperCase()}
    </abbr>
  );
}

const STATUS_TONE: Record<MeetingStatus, 'neutral' | 'green' | 'red' | 'blue' | 'amber'> = {
  draft: 'neutral', scheduled: 'blue', live: 'green', held: 'neutral', cancelled: 'red',
};

export function StatusBadge(props: { status: MeetingStatus }) {
  const { t } = useI18n();
  return <Badge tone={STATUS_TONE[props.status]}>{t(`meet.status.${props.status}` as MessageKey)}</Badge>;
}

/** "14:00–15:30" in the viewer's zone. */
export function viewerTimes(m: MeetingSummary): string {
  if (!m.start || !m.end) return '';
  const tz = viewerZone();
  const a = zoned(new Date(m.start), tz);
  const b = zoned(new Date(m.end), tz);
  const f = (z: { h: number; min: number }) => `${String(z.h).padStart(2, '0')}:${String(z.min).padStart(2, '0')}`;
  return `${f(a)}–${f(b)}`;
}

/** The date of a meeting that has no exact start: a day, or a window, said as such. */
export function inexactDate(i18n: ReturnType<typeof useI18n>, m: MeetingSummary): string {
  if (!m.date_from) return '';
  if (m.date_from === m.date_to) return i18n.t('meet.date_only', { date: i18n.date(m.date_from) });
  return i18n.t('meet.date_window', { from: i18n.date(m.date_from), to: i18n.date(m.date_to ?? m.date_from) });
}

/** Each participating city's local time: the content of the hover card. */
export function LocalTimes(props: { cities: MeetingCity[] }) {
  const i18n = useI18n();
  return (
    <ul class="local-times">
      {props.cities.map((c) => (
        <li key={c.id}>
          <Flag cc={c.country_code} /> <span>{i18n.name(c)}</span>
          <span class="lt-time">{c.local_start ? hhmm(c.local_start) : '—'}</span>
        </li>
      ))}
    </ul>
  );
}

/** Whether the device can hover (a mouse): on touch screens the hover card is never seen, so no text tells one to hover. */
export function canHover(): boolean {
  return window.matchMedia('(hover: hover)').matches;
}

/** A meeting in the calendar: a link with its cities' local times on hover and focus. */
export function EventChip(props: { m: MeetingSummary; showDate?: boolean; allDay?: boolean }) {
  const i18n = useI18n();
  const { m } = props;
  const id = `ev-${m.id}-${m.start ?? 'x'}`;
  const when = m.start ? viewerTimes(m) : inexactDate(i18n, m);
  return (
    <span class={`event event-${m.status}${m.start ? '' : ' event-allday'}`}>
      <Link href={`/meetings/${m.id}`} aria-describedby={m.cities.length ? `${id}-tip` : undefined}>
        <span class="event-time">{props.allDay ? i18n.t('meet.time_unknown') : `${props.showDate && m.start ? `${i18n.date(m.start)}, ` : ''}${when}`}</span>
        <span class="event-title">{i18n.pick(m.title_ru, m.title_en)}</span>
      </Link>
      {m.status === 'live' && m.format !== 'in_person' && (
        <Link class="event-join" href={`/meetings/${m.id}/room`} aria-label={`${i18n.t('meet.join')}: ${i18n.pick(m.title_ru, m.title_en)}`}>
          {i18n.t('meet.join')}
        </Link>
      )}
      {m.cities.length > 0 && (
        <span class="event-tip" role="tooltip" id={`${id}-tip`}>
          <span class="event-tip-title">{m.start ? i18n.t('meet.local_times') : i18n.t('meet.cities')}</span>
          <LocalTimes cities={m.cities} />
        </span>
      )}
    </span>
  );
}
