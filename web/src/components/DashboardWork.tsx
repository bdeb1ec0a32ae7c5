// The dashboard's work panel — what staff look at first: upcoming meetings
// and events (planned or under negotiation), overdue action items and
// roadmap items, agreements expiring within 90 days, trade highlights, and a
// slot for bulletins, which come with their module. Each card loads on its
// own and says plainly when empty.

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
import type { Bulletin } from '../pages/Exchange';
import { money, yoyText } from './TradeChart';
import { Spinner } from './ui';

function useList<T>(path: string | null, query?: Record<string, string | number>): T[] | null | 'error' {
  const [items, setItems] = useState<T[] | null | 'error'>(null);
  useEffect(() => {
    if (!path) return;
    api
      .get<{ items: T[] }>(path, query)
      .then((x) => setItems(x.items))
      .catch(() => setItems('error'));
  }, [path]);
  return items;
}

function WorkCard<T>(props: {
  id: string;
  title: MessageKey;
  empty: MessageKey;
  items: T[] | null | 'error';
  more?: { href: string; label: MessageKey };
  render: (x: T) => ComponentChildren;
}) {
  const { t } = useI18n();
  const { items } = props;
  return (
    <section class="card work-card" aria-labelledby={props.id}>
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
  const i18n = useI18n();
  const { t } = i18n;
  const { user } = useSession();
  const reader = user.role !== 'correspondent';
  const now = new Date();
  const [range] = useState(() => ({
    from: now.toISOString().slice(0, 10),
    to: new Date(now.getTime() + 60 * 86400000).toISOString().slice(0, 10),
  }));
  const meetings = useList<MeetingSummary>('/meetings', range);
  const events = useList<CityEvent>('/events');
  const actions = useList<ActionItem>('/actions', { overdue: 'true' });
  const roadmap = useList<RoadmapItem>(reader ? '/roadmap-items' : null, { overdue: 'true' });
  const expiring = useList<Agreement>(reader ? '/agreements' : null, { expiring: 'true', limit: 20 });
  const trade = useList<TradeSeries>(reader ? '/trade' : null);
  const bulletins = useList<Bulletin>('/bulletins', { limit: 5 });
  const upcoming = Array.isArray(meetings)
    ? meetings.filter((m) => m.start && new Date(m.start) >= now && m.status !== 'cancelled')
    : meetings;

  return (
    <div class="work-grid">
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
        items={
          Array.isArray(events)
            ? events.filter(
                (e) =>
                  e.parent_id == null &&
                  (e.status === 'planned' || e.status === 'negotiating') &&
                  (!e.starts_on || e.starts_on >= range.from),
              )
            : events
        }
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
        items={actions}
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
