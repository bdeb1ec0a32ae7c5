// Meetings: first the upcoming ones (GET /meetings?when=upcoming, each at
// its next occurrence), the past ones a click away (?when=past, latest
// first); and the calendar: month, week and year list of GET /meetings in
// the viewer's time zone; series are expanded by the server. Meetings the
// sources date only approximately are listed as such, never placed on a day.

import { useEffect, useState } from 'preact/hooks';
import { type MessageKey, useI18n } from '../i18n';
import { api } from '../lib/api';
import { useTitle } from '../lib/hooks';
import { Link, navigate, useLocation } from '../lib/router';
import { useSession } from '../lib/session';
import { type MeetingSummary, dayKey, monthGrid, viewerZone } from '../lib/meetings';
import { EventChip, canHover, inexactDate } from '../components/meetings';
import { Alert, LoadError, PageHeader, Spinner } from '../components/ui';
import { CalendarFeed } from './CalendarFeed';

type View = 'upcoming' | 'past' | 'month' | 'week' | 'list';
type When = 'upcoming' | 'past';
const WHENS: When[] = ['upcoming', 'past'];
const CALENDAR: View[] = ['month', 'week', 'list'];
const VIEWS: View[] = [...WHENS, ...CALENDAR];
const isWhen = (v: View): v is When => v === 'upcoming' || v === 'past';

function parseDay(s: string | null): Date {
  const m = s && /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (m) return new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, 12));
  const now = new Date();
  return new Date(Date.UTC(now.getFullYear(), now.getMonth(), now.getDate(), 12));
}

const iso = (d: Date) => d.toISOString().slice(0, 10);
const addDays = (d: Date, n: number) => new Date(d.getTime() + n * 86400000);

/** The range a view shows: [from, to) as dates at 12:00 UTC. */
function range(view: View, day: Date): { from: Date; to: Date } {
  if (view === 'month') {
    const g = monthGrid(day.getUTCFullYear(), day.getUTCMonth());
    return { from: g[0]!, to: addDays(g[41]!, 1) };
  }
  if (view === 'week') {
    const from = addDays(day, -((day.getUTCDay() + 6) % 7));
    return { from, to: addDays(from, 7) };
  }
  return { from: new Date(Date.UTC(day.getUTCFullYear(), 0, 1, 12)), to: new Date(Date.UTC(day.getUTCFullYear() + 1, 0, 1, 12)) };
}

function step(view: View, day: Date, dir: number): Date {
  if (view === 'month') return new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth() + dir, 1, 12));
  if (view === 'week') return addDays(day, 7 * dir);
  return new Date(Date.UTC(day.getUTCFullYear() + dir, 0, 1, 12));
}

export function MeetingsPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const { user } = useSession();
  const loc = useLocation();
  const view: View = VIEWS.includes(loc.search.get('view') as View) ? (loc.search.get('view') as View) : 'upcoming';
  const day = parseDay(loc.search.get('date'));
  const tz = viewerZone();
  const { from, to } = range(view, day);
  const [items, setItems] = useState<MeetingSummary[] | null>(null);
  const [truncated, setTruncated] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [n, setN] = useState(0);
  useTitle(t('meet.title'));

  useEffect(() => {
    let live = true;
    setError(null);
    setItems(null);
    api
      .get<{ items: MeetingSummary[]; truncated?: boolean }>('/meetings',
        isWhen(view) ? { when: view } : { from: `${iso(addDays(from, -1))}`, to: `${iso(addDays(to, 1))}` })
      .then((r) => {
        if (!live) return;
        setItems(r.items);
        setTruncated(r.truncated === true);
      })
      .catch((e: unknown) => live && setError(e));
    return () => {
      live = false;
    };
  }, [view, iso(from), n]);

  const go = (v: View, d: Date) => navigate(isWhen(v) ? `/meetings?view=${v}` : `/meetings?view=${v}&date=${iso(d)}`);
  const monthFmt = new Intl.DateTimeFormat(i18n.locale === 'ru' ? 'ru-RU' : 'en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });
  const month = monthFmt.format(day).replace(/ г\.$/, '');
  const heading =
    view === 'month'
      ? month.charAt(0).toUpperCase() + month.slice(1)
      : view === 'week'
        ? `${i18n.date(from)} – ${i18n.date(addDays(to, -1))}`
        : String(day.getUTCFullYear());
  const canSchedule = user.role === 'staff' || user.role === 'admin';

  const dated = (items ?? []).filter((m) => m.start);
  /* a known day without a time sits on its day; a window of days cannot */
  const dayOnly = (items ?? []).filter((m) => !m.start && m.date_from && m.date_from === m.date_to);
  const undated = (items ?? []).filter((m) => !m.start && m.date_from !== m.date_to);

  return (
    <>
      <PageHeader
        title={t('meet.title')}
        intro={t(canHover() ? 'meet.intro' : 'meet.intro_touch', { tz })}
        actions={
          <>
            <Link class="btn" href="/meetings/actions?mine=1">{t('mp.my_tasks')}</Link>
            <Link class="btn" href="/meetings/actions">{t('meet.actions_link')}</Link>
            {canSchedule && <Link class="btn btn-primary" href="/meetings/new">{t('meet.schedule')}</Link>}
          </>
        }
      />
      <div class="cal-toolbar when-tabs">
        <div class="seg" role="group" aria-label={t('mp.lists')}>
          {WHENS.map((v) => (
            <button key={v} type="button" class="btn btn-small" aria-pressed={view === v} onClick={() => go(v, day)}>
              {t(`mp.view.${v}`)}
            </button>
          ))}
        </div>
        <div class="seg" role="group" aria-label={t('meet.view')}>
          {CALENDAR.map((v) => (
            <button key={v} type="button" class="btn btn-small" aria-pressed={view === v} onClick={() => go(v, day)}>
              {t(`meet.view.${v}` as MessageKey)}
            </button>
          ))}
        </div>
      </div>
      {!isWhen(view) && (
      <div class="cal-toolbar">
        <div class="cal-nav" role="group" aria-label={t('meet.navigate')}>
          <button type="button" class="btn btn-small" onClick={() => go(view, step(view, day, -1))} aria-label={t('meet.prev')}>‹</button>
          <button type="button" class="btn btn-small" onClick={() => go(view, parseDay(null))}>{t('meet.today')}</button>
          <button type="button" class="btn btn-small" onClick={() => go(view, step(view, day, 1))} aria-label={t('meet.next')}>›</button>
          <h2 class="cal-heading" aria-live="polite">{heading}</h2>
        </div>
      </div>
      )}

      {error != null && <LoadError error={error} onRetry={() => setN((x) => x + 1)} />}
      {items == null && error == null && <Spinner />}
      {items != null && truncated && <Alert kind="info">{t('meet.truncated')}</Alert>}
      {items != null && undated.length > 0 && (view === 'month' || view === 'week') && (
        <div class="alert alert-info cal-undated">
          <div class="alert-body">
            <strong>{t('meet.undated_title')}</strong>
            <ul>
              {undated.map((m) => (
                <li key={m.id}>
                  <Link href={`/meetings/${m.id}`}>{i18n.pick(m.title_ru, m.title_en)}</Link> — {inexactDate(i18n, m)}
                </li>
              ))}
            </ul>
          </div>
        </div>
      )}
      {items != null && view === 'month' && <MonthView day={day} items={dated} dayOnly={dayOnly} tz={tz} />}
      {items != null && view === 'week' && <WeekView from={from} items={dated} dayOnly={dayOnly} tz={tz} />}
      {items != null && view === 'list' && <ListView items={items} />}
      {items != null && isWhen(view) && <WhenView when={view} items={items} onPast={() => go('past', day)} />}
      <CalendarFeed />
    </>
  );
}

function byDay(items: MeetingSummary[], dayOnly: MeetingSummary[], tz: string): Map<string, MeetingSummary[]> {
  const m = new Map<string, MeetingSummary[]>();
  for (const it of dayOnly) m.set(it.date_from!, [...(m.get(it.date_from!) ?? []), it]);
  for (const it of items) {
    const k = dayKey(new Date(it.start!), tz);
    m.set(k, [...(m.get(k) ?? []), it]);
  }
  return m;
}

function weekdayNames(locale: string): string[] {
  const f = new Intl.DateTimeFormat(locale === 'ru' ? 'ru-RU' : 'en-GB', { weekday: 'short', timeZone: 'UTC' });
  return Array.from({ length: 7 }, (_, i) => f.format(new Date(Date.UTC(2024, 0, 1 + i, 12))));
}

function MonthView(props: { day: Date; items: MeetingSummary[]; dayOnly: MeetingSummary[]; tz: string }) {
  const i18n = useI18n();
  const grid = monthGrid(props.day.getUTCFullYear(), props.day.getUTCMonth());
  const map = byDay(props.items, props.dayOnly, props.tz);
  const today = dayKey(new Date(), props.tz);
  const names = weekdayNames(i18n.locale);
  return (
    <div class="cal-month" role="table" aria-label={i18n.t('meet.view.month')}>
      <div class="cal-row cal-head" role="row">
        {names.map((n) => (
          <div key={n} role="columnheader" class="cal-wd">{n}</div>
        ))}
      </div>
      {[0, 1, 2, 3, 4, 5].map((w) => (
        <div class="cal-row" role="row" key={w}>
          {grid.slice(w * 7, w * 7 + 7).map((d) => {
            const k = iso(d);
            const list = map.get(k) ?? [];
            const other = d.getUTCMonth() !== props.day.getUTCMonth();
            return (
              <div key={k} role="cell" class={`cal-day${other ? ' cal-other' : ''}${k === today ? ' cal-today' : ''}${list.length ? ' cal-has' : ''}`}>
                <span class="cal-num">
                  <span class="visually-hidden">{i18n.date(d)}</span>
                  <span aria-hidden="true">{d.getUTCDate()}</span>
                </span>
                {list.map((m) => (
                  <EventChip key={`${m.id}-${m.start}`} m={m} allDay={!m.start} />
                ))}
              </div>
            );
          })}
        </div>
      ))}
    </div>
  );
}

function WeekView(props: { from: Date; items: MeetingSummary[]; dayOnly: MeetingSummary[]; tz: string }) {
  const i18n = useI18n();
  const map = byDay(props.items, props.dayOnly, props.tz);
  const f = new Intl.DateTimeFormat(i18n.locale === 'ru' ? 'ru-RU' : 'en-GB', { weekday: 'long', day: 'numeric', month: 'short', timeZone: 'UTC' });
  return (
    <div class="cal-week">
      {Array.from({ length: 7 }, (_, i) => addDays(props.from, i)).map((d) => {
        const list = map.get(iso(d)) ?? [];
        return (
          <section key={iso(d)} class="cal-wday" aria-label={f.format(d)}>
            <h3>{f.format(d)}</h3>
            {list.length === 0 ? <p class="muted">{i18n.t('meet.none_day')}</p> : list.map((m) => <EventChip key={`${m.id}-${m.start}`} m={m} allDay={!m.start} />)}
          </section>
        );
      })}
    </div>
  );
}

/** Upcoming (soonest first) or past (latest first) meetings, in the server's order. */
function WhenView(props: { when: When; items: MeetingSummary[]; onPast: () => void }) {
  const { t } = useI18n();
  if (props.items.length > 0)
    return <MeetingTable items={props.items} label={t(`mp.view.${props.when}`)} id={`meetings-${props.when}`} />;
  if (props.when === 'past') return <p class="empty">{t('mp.none_past')}</p>;
  return (
    <div class="empty">
      <p>{t('mp.none_upcoming')}</p>
      <button type="button" class="btn btn-primary" onClick={props.onPast}>{t('mp.see_past')}</button>
    </div>
  );
}

function ListView(props: { items: MeetingSummary[] }) {
  const i18n = useI18n();
  const { t } = i18n;
  const sorted = [...props.items].sort((a, b) => (a.start ?? a.date_from ?? '').localeCompare(b.start ?? b.date_from ?? ''));
  if (sorted.length === 0) return <p class="empty">{t('meet.none_range')}</p>;
  return <MeetingTable items={sorted} label={t('meet.view.list')} id="meetings-list" />;
}

function MeetingTable(props: { items: MeetingSummary[]; label: string; id: string }) {
  const i18n = useI18n();
  const { t } = i18n;
  const sorted = props.items;
  return (
    <div class="table-wrap" role="region" aria-label={props.label} tabIndex={0}>
      <table class="table" id={props.id}>
        <thead>
          <tr>
            <th scope="col">{t('meet.when')}</th>
            <th scope="col">{t('meet.meeting')}</th>
            <th scope="col">{t('meet.cities')}</th>
            <th scope="col">{t('meet.status')}</th>
          </tr>
        </thead>
        <tbody>
          {sorted.map((m) => (
            <tr key={`${m.id}-${m.start}`}>
              <td class="nowrap">{m.start ? `${i18n.date(m.start)}` : inexactDate(i18n, m)}</td>
              <th scope="row" class="wide-cell">
                <EventChip m={m} />
                <span class="sub">{i18n.name(m.host_organization)}</span>
              </th>
              <td>{m.cities.map((c) => i18n.name(c)).join(', ')}</td>
              <td>{t(`meet.status.${m.status}` as MessageKey)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
