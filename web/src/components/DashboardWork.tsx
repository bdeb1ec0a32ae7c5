// The dashboard's work panel — what a user looks at first, for their own
// city (GET /dashboard/work gives it): upcoming meetings and events (dated
// today or later, or undated and not stale), the city's overdue action items
// and roadmap items, agreements expiring within 90 days, trade highlights,
// the latest bulletins in the user's language, and "needs a status update":
// events whose status is stale and open decisions whose outcome happened
// (the rules are the server's: docs/api/cooperation.md). A correspondent
// sees their own drafts and returned bulletins and the open aid requests
// instead of the registry's cards. Each card loads on its own and says
// plainly when empty.

import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { type MessageKey, useI18n } from '../i18n';
import { api } from '../lib/api';
import { type RoadmapItem, type TradeSeries, periodLabel } from '../lib/cooperation';
import type { ActionItem, MeetingSummary } from '../lib/meetings';
import { Link } from '../lib/router';
import { useSession } from '../lib/session';
import type { Agreement } from '../lib/types';
import type { CityEvent } from '../lib/events';
import type { AidPost } from '../pages/Aid';
import type { Bulletin } from '../pages/exchange/shared';
import { money, yoyText } from './TradeChart';
import { Spinner } from './ui';

type Loaded<T> = T | null | 'error';

function useGet<T>(path: string | null, query?: Record<string, string | number>): Loaded<T> {
  const [data, setData] = useState<Loaded<T>>(null);
  const key = JSON.stringify(query ?? {});
  useEffect(() => {
    if (!path) return;
    let live = true;
    setData(null);
    api
      .get<T>(path, query)
      .then((x) => live && setData(x))
      .catch(() => live && setData('error'));
    return () => {
      live = false;
    };
  }, [path, key]);
  return data;
}

function useList<T>(path: string | null, query?: Record<string, string | number>): Loaded<T[]> {
  return mapLoaded(useGet<{ items: T[] }>(path, query), (x) => x.items);
}

function mapLoaded<T, U>(x: Loaded<T>, f: (v: T) => U): Loaded<U> {
  if (x === null || x === 'error') return x === null ? null : 'error';
  return f(x as T);
}

/** GET /dashboard/work: the caller's city and its action items. */
interface Work {
  home_city: number | null;
  today: string;
  overdue_actions: ActionItem[];
  outcome_happened_actions: ActionItem[];
}

/** An event concerns the city that hosts it, visits it or is a side of its partnership (no city: every event). */
function ofCity(e: CityEvent, city: number | null): boolean {
  return (
    city == null ||
    [e.host_city, e.guest_city, e.partnership?.city_a, e.partnership?.city_b].some((c) => c?.id === city)
  );
}

/** Upcoming: still a plan, its last day today or later, or undated and not stale. */
function upcomingEvent(e: CityEvent, today: string): boolean {
  if (e.parent_id != null || e.stale != null) return false;
  if (e.status !== 'planned' && e.status !== 'negotiating' && e.status !== 'proposed') return false;
  const last = e.ends_on ?? e.starts_on;
  return last == null || last >= today;
}

type Flag = { kind: 'event'; e: CityEvent } | { kind: 'action'; a: ActionItem };

function WorkCard<T>(props: {
  id: string;
  title: MessageKey;
  empty: MessageKey;
  items: Loaded<T[]>;
  tone?: 'warn';
  more?: { href: string; label: MessageKey };
  render: (x: T) => ComponentChildren;
}) {
  const { t } = useI18n();
  const { items } = props;
  return (
    <section class={`card work-card${props.tone === 'warn' ? ' work-warn' : ''}`} aria-labelledby={props.id}>
      <h2 id={props.id} class="card-title">
        {t(props.title)}
        {Array.isArray(items) && items.length > 0 && <span class="work-count">{items.length}</span>}
      </h2>
      {items === null && <Spinner />}
      {items === 'error' && <p class="muted">{t('dash.work_error')}</p>}
      {Array.isArray(items) && items.length === 0 && <p class="muted">{t(props.empty)}</p>}
      {Array.isArray(items) && items.length > 0 && <ul class="work-list">{items.slice(0, 6).map(props.render)}</ul>}
      {props.more && (
        <p class="work-more">
          <Link href={props.more.href}>{t(props.more.label)}</Link>
        </p>
      )}
    </section>
  );
}

export function DashboardWork() {
  const { user } = useSession();
  const work = useGet<Work>('/dashboard/work');
  if (work === null) return <Spinner />;
  if (work === 'error') return <WorkError />;
  return (
    <WorkPanel
      work={work}
      correspondent={user.role === 'correspondent'}
      staff={user.role === 'staff' || user.role === 'admin'}
    />
  );
}

/** staff: those who set statuses see which look stale. */
function WorkPanel({ work, correspondent, staff }: { work: Work; correspondent: boolean; staff: boolean }) {
  const i18n = useI18n();
  const { t } = i18n;
  const reader = !correspondent;
  const city = work.home_city;
  const today = work.today;
  const cityQuery: Record<string, string | number> = city != null ? { city } : {};
  const [range] = useState(() => ({
    from: today,
    to: new Date(Date.parse(today) + 60 * 86400000).toISOString().slice(0, 10),
  }));
  const meetings = useList<MeetingSummary>('/meetings', range);
  const events = useList<CityEvent>('/events');
  const roadmap = useList<RoadmapItem>(reader ? '/roadmap-items' : null, { overdue: 'true', ...cityQuery });
  const expiring = useList<Agreement>(reader ? '/agreements' : null, { expiring: 'true', limit: 20, ...cityQuery });
  const trade = useList<TradeSeries>(reader ? '/trade' : null, cityQuery);
  const bulletins = useList<Bulletin>('/bulletins', { limit: 5, lang: i18n.locale });
  const mine = useList<Bulletin>(correspondent ? '/bulletins' : null, { mine: '1', limit: 50 });
  const requests = useList<AidPost>(correspondent ? '/aid' : null, { kind: 'request', status: 'open', limit: 20 });
  const now = new Date();
  const upcoming = mapLoaded(meetings, (ms) =>
    ms.filter(
      (m) =>
        m.start &&
        new Date(m.start) >= now &&
        m.status !== 'cancelled' &&
        (city == null || m.cities.some((c) => c.id === city)),
    ),
  );
  const cityEvents = mapLoaded(events, (es) => es.filter((e) => ofCity(e, city)));
  const flags = mapLoaded(cityEvents, (es): Flag[] => [
    ...es.filter((e) => e.parent_id == null && e.stale != null).map((e): Flag => ({ kind: 'event', e })),
    ...work.outcome_happened_actions.map((a): Flag => ({ kind: 'action', a })),
  ]);

  return (
    <div class="work-grid">
      {staff && (
        <WorkCard
          id="w-stale"
          title="dash.w_stale"
          empty="dash.w_stale_none"
          tone="warn"
          items={flags}
          render={(f) =>
            f.kind === 'event' ? <StaleEvent key={`e${f.e.id}`} e={f.e} /> : <HappenedAction key={`a${f.a.id}`} a={f.a} />
          }
        />
      )}
      {correspondent && (
        <WorkCard
          id="w-mine"
          title="dash.w_mine"
          empty="dash.w_mine_none"
          items={mapLoaded(mine, (bs) => bs.filter((b) => b.status === 'draft' || b.status === 'returned'))}
          more={{ href: '/exchange/mine', label: 'dash.w_mine_all' }}
          render={(b) => (
            <li key={b.id}>
              <Link href={`/exchange/edit/${b.id}`}>{b.title}</Link>
              <span class="sub">
                {t(b.status === 'returned' ? 'dash.w_mine_returned' : 'dash.w_mine_draft')} · {i18n.date(b.updated_at)}
              </span>
            </li>
          )}
        />
      )}
      {correspondent && (
        <WorkCard
          id="w-requests"
          title="dash.w_requests"
          empty="dash.w_requests_none"
          items={requests}
          more={{ href: '/aid', label: 'dash.w_requests_all' }}
          render={(p) => (
            <li key={p.id}>
              <Link href={`/aid/${p.id}`}>{p.title}</Link>
              <span class="sub">
                {i18n.pick(p.country.name_ru, p.country.name_en)} · {i18n.date(p.created_at)}
              </span>
            </li>
          )}
        />
      )}
      <WorkCard
        id="w-meetings"
        title="dash.w_meetings"
        empty="dash.w_meetings_none"
        items={upcoming}
        more={{ href: '/meetings', label: 'dash.w_meetings_all' }}
        render={(m) => (
          <li key={`${m.id}-${m.start}`}>
            <Link href={`/meetings/${m.id}`}>{i18n.pick(m.title_ru, m.title_en)}</Link>
            <span class="sub">{m.start ? i18n.dateTime(m.start) : ''}</span>
          </li>
        )}
      />
      <WorkCard
        id="w-events"
        title="dash.w_events"
        empty="dash.w_events_none"
        items={mapLoaded(cityEvents, (es) => es.filter((e) => upcomingEvent(e, today)))}
        more={{ href: '/events', label: 'dash.w_events_all' }}
        render={(e) => (
          <li key={e.id}>
            <Link href={`/events/${e.id}`}>{i18n.pick(e.title_ru, e.title_en)}</Link>
            <span class="sub">
              {t(`ev.status.${e.status}` as MessageKey)} · {e.starts_on ? i18n.date(e.starts_on) : i18n.pick(e.period_ru, e.period_en) || t('ev.no_date')}
            </span>
          </li>
        )}
      />
      <WorkCard
        id="w-actions"
        title="dash.w_actions"
        empty="dash.w_actions_none"
        items={work.overdue_actions}
        more={{ href: '/meetings/actions', label: 'dash.w_actions_all' }}
        render={(a) => (
          <li key={a.id}>
            {i18n.pick(a.text_ru, a.text_en)}
            <span class="sub">
              {a.due_date ? i18n.date(a.due_date) : ''} · <Link href={`/meetings/${a.meeting.id}`}>{i18n.pick(a.meeting.title_ru, a.meeting.title_en)}</Link>
            </span>
          </li>
        )}
      />
      {reader && (
        <WorkCard
          id="w-roadmap"
          title="dash.w_roadmap"
          empty="dash.w_roadmap_none"
          items={roadmap}
          more={{ href: '/cooperation', label: 'dash.w_roadmap_all' }}
          render={(r) => (
            <li key={r.id}>
              <Link href={`/roadmaps/${r.agreement_id}`}>{i18n.pick(r.title_ru, r.title_en)}</Link>
              <span class="sub">
                {t(`rm.sector.${r.sector}` as MessageKey)} · {r.due_by ? i18n.date(r.due_by) : ''}
              </span>
            </li>
          )}
        />
      )}
      {reader && (
        <WorkCard
          id="w-expiring"
          title="dash.w_expiring"
          empty="dash.w_expiring_none"
          items={expiring}
          render={(g) => (
            <li key={g.id}>
              {i18n.pick(g.title_ru, g.title_en)}
              <span class="sub">{g.valid_to ? t('dash.w_until', { date: i18n.date(g.valid_to) }) : ''}</span>
            </li>
          )}
        />
      )}
      {reader && (
        <WorkCard
          id="w-trade"
          title="dash.w_trade"
          empty="dash.w_trade_none"
          items={Array.isArray(trade) ? trade.filter((s) => s.points.length > 0) : trade}
          more={{ href: '/trade', label: 'dash.w_trade_all' }}
          render={(s) => {
            const p = s.points[s.points.length - 1]!;
            return (
              <li key={s.id}>
                {t(`tr.flow.${s.flow}` as MessageKey, {
                  a: i18n.pick(s.reporter_name_ru, s.reporter_name_en),
                  b: i18n.pick(s.partner_name_ru, s.partner_name_en),
                })}
                <span class="sub">
                  {periodLabel(p.period, i18n.appLocale)}: {money(i18n, p.value, s.currency)}
                  {p.yoy_pct != null && ` · ${yoyText(i18n, p.yoy_pct)}`}
                </span>
              </li>
            );
          }}
        />
      )}
      <WorkCard
        id="w-bulletins"
        title="dash.w_bulletins"
        empty="dash.w_bulletins_none"
        items={bulletins}
        more={{ href: '/news', label: 'dash.w_bulletins_all' }}
        render={(b) => (
          <li key={b.id}>
            <Link href={`/${b.kind === 'fact_check' ? 'fact-checks' : 'news'}/${b.id}`}>{b.title}</Link>
            <span class="sub">{b.published_at ? i18n.date(b.published_at) : ''}</span>
          </li>
        )}
      />
    </div>
  );
}

function WorkError() {
  const { t } = useI18n();
  return <p class="muted">{t('dash.work_error')}</p>;
}

function StaleEvent({ e }: { e: CityEvent }) {
  const i18n = useI18n();
  const { t } = i18n;
  const status = t(`ev.status.${e.status}` as MessageKey);
  const last = e.ends_on ?? e.starts_on;
  return (
    <li>
      <Link href={`/events/${e.id}`}>{i18n.pick(e.title_ru, e.title_en)}</Link>
      <span class="sub">
        {e.stale === 'date_passed' && last
          ? t('dash.stale_date_passed', { status, date: i18n.date(last) })
          : t('dash.stale_unchanged', { status, date: e.status_since ? i18n.date(e.status_since) : '' })}
      </span>
    </li>
  );
}

function HappenedAction({ a }: { a: ActionItem }) {
  const i18n = useI18n();
  const { t } = i18n;
  return (
    <li>
      {i18n.pick(a.text_ru, a.text_en)}
      <span class="sub">
        {t('dash.stale_outcome')} · <Link href={`/meetings/${a.meeting.id}`}>{i18n.pick(a.meeting.title_ru, a.meeting.title_en)}</Link>
      </span>
    </li>
  );
}
