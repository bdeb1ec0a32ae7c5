// The event calendar — public: published events are shown without signing
// in; staff and admins add and edit events (EventForm), each status kept in the history.

import { useEffect, useState } from 'preact/hooks';
import { type I18n, type MessageKey, useI18n } from '../../i18n';
import { ApiError, api } from '../../lib/api';
import { EVENT_STATUSES, type CityEvent, type CityEventDetail, type EventStatus } from '../../lib/events';
import { useTitle } from '../../lib/hooks';
import { Link, navigate } from '../../lib/router';
import type { User } from '../../lib/types';
import { Alert, Badge, LoadError, PageHeader, Spinner } from '../../components/ui';
import { NotFoundPage } from '../Status';
import { EventForm } from './EventForm';
import { EventLinkRows } from './EventLinks';
import { WebcalLink } from '../CalendarFeed';
import { ShowcaseLinks } from './Exhibition';
import { Quotes } from '../../components/Quotes';

/** The roles POST and PATCH /events allow. */
const mayWrite = (user: User | null) => user?.role === 'staff' || user?.role === 'admin';
/** The roles that may read roadmaps and learn who is responsible. */
const mayRead = (user: User | null) => mayWrite(user) || user?.role === 'partner';

const TONE: Record<EventStatus, 'neutral' | 'green' | 'red' | 'blue' | 'amber'> = {
  proposed: 'neutral',
  negotiating: 'amber',
  planned: 'blue',
  held: 'green',
  cancelled: 'red',
};

export function EventStatusBadge({ status }: { status: EventStatus }) {
  const { t } = useI18n();
  return <Badge tone={TONE[status]}>{t(`ev.status.${status}` as MessageKey)}</Badge>;
}

export function whenText(i18n: I18n, e: CityEvent): string {
  if (e.starts_on && e.ends_on && e.ends_on !== e.starts_on) return `${i18n.date(e.starts_on)} – ${i18n.date(e.ends_on)}`;
  if (e.starts_on) return i18n.date(e.starts_on);
  return i18n.pick(e.period_ru, e.period_en) || i18n.t('ev.no_date');
}

function place(i18n: I18n, e: CityEvent): string {
  const host = e.host_city ? i18n.name(e.host_city) : '';
  const guest = e.guest_city ? i18n.name(e.guest_city) : '';
  const where = host && guest ? i18n.t('ev.host_guest', { host, guest }) : host || guest;
  const fmt = e.format ? i18n.t(`ev.format.${e.format}` as MessageKey) : '';
  return [where, fmt].filter(Boolean).join(' · ');
}

export function EventsPage({ user }: { user: User | null }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [items, setItems] = useState<CityEvent[] | null>(null);
  const [status, setStatus] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [adding, setAdding] = useState(false);
  useTitle(t('ev.title'));
  useEffect(() => {
    api
      .get<{ items: CityEvent[] }>('/events', status ? { status } : undefined)
      .then((x) => setItems(x.items))
      .catch(setError);
  }, [status]);
  if (error != null) return <LoadError error={error} />;
  const top = (items ?? []).filter((e) => e.parent_id == null);
  return (
    <>
      <PageHeader
        title={t('ev.title')}
        intro={user ? t('ev.intro_staff') : t('ev.intro_public')}
        actions={
          mayWrite(user) && (
            <button type="button" class="btn btn-primary" onClick={() => setAdding(true)}>
              {t('evf.add')}
            </button>
          )
        }
      />
      {adding && <EventForm event={null} onClose={() => setAdding(false)} onSaved={(x) => navigate(`/events/${x.id}`)} />}
      <div class="field ev-filter">
        <label for="ev-status">{t('ev.status')}</label>
        <select id="ev-status" value={status} onChange={(e) => setStatus(e.currentTarget.value)}>
          <option value="">{t('ev.all')}</option>
          {EVENT_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`ev.status.${s}` as MessageKey)}
            </option>
          ))}
        </select>
      </div>
      {!items && <Spinner />}
      {items && top.length === 0 && <p class="muted">{t('ev.none')}</p>}
      <ul class="ev-list">
        {top.map((e) => {
          const subs = (items ?? []).filter((x) => x.parent_id === e.id);
          return (
            <li key={e.id} class="ev-item">
              <div class="ev-when">{whenText(i18n, e)}</div>
              <div class="ev-body">
                <Link href={`/events/${e.id}`} class="ev-title">
                  {i18n.pick(e.title_ru, e.title_en)}
                </Link>
                <span class="sub">
                  {t(`ev.kind.${e.kind}` as MessageKey)}
                  {place(i18n, e) && ` · ${place(i18n, e)}`}
                </span>
                {subs.length > 0 && (
                  <ul class="ev-subs">
                    {subs.map((s) => (
                      <li key={s.id}>
                        <Link href={`/events/${s.id}`}>{i18n.pick(s.title_ru, s.title_en)}</Link>
                      </li>
                    ))}
                  </ul>
                )}
              </div>
              <div class="ev-status">
                <EventStatusBadge status={e.status} />
              </div>
            </li>
          );
        })}
      </ul>
      <EventsFeed />
    </>
  );
}

/** The public events as a calendar to subscribe to (webcal://), in the page's language. */
function EventsFeed() {
  const i18n = useI18n();
  const { t } = i18n;
  const url = `${window.location.origin}/api/v1/events.ics?lang=${i18n.appLocale}`;
  return (
    <section class="card feed-card events-feed" aria-labelledby="events-feed-title">
      <h2 class="card-title" id="events-feed-title">{t('events.feed.title')}</h2>
      <p class="muted">{t('events.feed.intro')}</p>
      <div class="field">
        <label for="events-feed-url">{t('events.feed.url')}</label>
        <WebcalLink id="events-feed-url" url={url} />
      </div>
    </section>
  );
}

export function EventPage({ id, user }: { id: number; user: User | null }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [e, setE] = useState<CityEventDetail | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [form, setForm] = useState<'edit' | 'sub' | null>(null);
  const [msg, setMsg] = useState<string | null>(null);
  useTitle(e ? i18n.pick(e.title_ru, e.title_en) : t('ev.title'));
  useEffect(() => {
    setE(null);
    api
      .get<CityEventDetail>(`/events/${id}`)
      .then(setE)
      .catch(setError);
  }, [id]);
  if (error instanceof ApiError && error.status === 404) return <NotFoundPage path={`/events/${id}`} signedIn={!!user} />;
  if (error != null) return <LoadError error={error} />;
  if (!e) return <Spinner />;
  const saved = (x: CityEventDetail) => {
    setForm(null);
    if (x.id !== id) {
      navigate(`/events/${x.id}`);
      return;
    }
    setE(x);
    setMsg(t('ev.saved'));
  };
  return (
    <>
      <p class="breadcrumb">
        <Link href={e.parent_id ? `/events/${e.parent_id}` : '/events'}>← {e.parent_id ? t('ev.back_parent') : t('ev.back')}</Link>
      </p>
      <PageHeader
        title={i18n.pick(e.title_ru, e.title_en)}
        intro={t(`ev.kind.${e.kind}` as MessageKey)}
        actions={
          mayWrite(user) && (
            <>
              <button type="button" class="btn btn-primary" onClick={() => setForm('edit')}>
                {t('common.edit')}
              </button>
              {e.parent_id == null && (
                <button type="button" class="btn" onClick={() => setForm('sub')}>
                  {t('evf.add_sub')}
                </button>
              )}
            </>
          )
        }
      />
      {msg && (
        <Alert kind="success" onClose={() => setMsg(null)}>
          {msg}
        </Alert>
      )}
      {form && (
        <EventForm event={form === 'edit' ? e : null} parentId={form === 'sub' ? e.id : undefined} onClose={() => setForm(null)} onSaved={saved} />
      )}
      <div class="grid-2">
        <section class="card" aria-labelledby="ev-about">
          <h2 id="ev-about" class="card-title">
            {t('ev.about')}
          </h2>
          <dl class="kv">
            <dt>{t('ev.when')}</dt>
            <dd>{whenText(i18n, e)}</dd>
            <dt>{t('ev.host')}</dt>
            <dd>{e.host_city ? i18n.name(e.host_city) : t('common.none')}</dd>
            <dt>{t('ev.guest')}</dt>
            <dd>{e.guest_city ? i18n.name(e.guest_city) : t('common.none')}</dd>
            <dt>{t('ev.format')}</dt>
            <dd>{e.format ? t(`ev.format.${e.format}` as MessageKey) : t('common.none')}</dd>
            <dt>{t('ev.venue')}</dt>
            <dd>{e.venue ?? t('common.none')}</dd>
            <dt>{t('ev.status')}</dt>
            <dd>
              <EventStatusBadge status={e.status} />
              {e.stale && <p class="stale-note">{t(e.stale === 'date_passed' ? 'ev.stale_date_passed' : 'ev.stale_unchanged')}</p>}
            </dd>
            <EventLinkRows e={e} reader={mayRead(user)} />
          </dl>
          {i18n.pick(e.description_ru, e.description_en) && <p>{i18n.pick(e.description_ru, e.description_en)}</p>}
          <ShowcaseLinks eventId={e.id} />
        </section>
        <Quotes path={`/events/${e.id}/quotes`} card />
        <section class="card" aria-labelledby="ev-subs">
          <h2 id="ev-subs" class="card-title">
            {t('ev.sub_events')}
          </h2>
          {e.sub_events.length === 0 && <p class="muted">{t('ev.sub_none')}</p>}
          <ul class="work-list">
            {e.sub_events.map((s) => (
              <li key={s.id}>
                <Link href={`/events/${s.id}`}>{i18n.pick(s.title_ru, s.title_en)}</Link>
                <span class="sub">
                  {t(`ev.kind.${s.kind}` as MessageKey)} · {whenText(i18n, s)}
                </span>
              </li>
            ))}
          </ul>
          <h3 class="sub-title">{t('ev.history')}</h3>
          <ol class="history">
            {e.history.map((h, i) => (
              <li key={i}>
                {h.as_of && <span class="muted">{t('ev.as_of')} </span>}
                <time dateTime={h.changed_on}>{i18n.date(h.changed_on)}</time> <EventStatusBadge status={h.status} />
                {h.by && <span class="muted"> ({h.by})</span>}
              </li>
            ))}
          </ol>
        </section>
      </div>
    </>
  );
}
