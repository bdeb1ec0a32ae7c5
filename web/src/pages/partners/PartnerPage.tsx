// A partner's page: the partnership (kind, status and its dated history,
// basis agreement, responsible staff member), the city, its people in
// protocol order, agreements with status badges and the signed file, and
// the roadmaps that bind both sides and the trade figures with the partner
// (cooperation module); honest empty sections for meetings and events.

import { useEffect, useState } from 'preact/hooks';
import { type MessageKey, useI18n } from '../../i18n';
import { ApiError, api } from '../../lib/api';
import { useTitle } from '../../lib/hooks';
import { Link, navigate, useLocation } from '../../lib/router';
import { useSession } from '../../lib/session';
import type { MeetingSummary } from '../../lib/meetings';
import type { Agreement, Page, Partnership, Person } from '../../lib/types';
import { ConfirmDelete } from '../../components/lists';
import { KindBadge, StatusBadge, canWrite, useHomeCity } from '../../components/partners';
import { Alert, Badge, LoadError, PageHeader, Spinner } from '../../components/ui';
import { NotFoundPage } from '../Status';
import { PartnershipForm } from './PartnershipForm';
import type { TradeSeries } from '../../lib/cooperation';
import { TradeSeriesView } from '../../components/TradeChart';
import { RoadmapCards } from '../cooperation/CooperationPage';
import type { CityEvent } from '../../lib/events';
import { EventStatusBadge, whenText } from '../cooperation/EventsPage';

export function PartnerPage({ id }: { id: number }) {
  const i18n = useI18n();
  const { t } = i18n;
  const { user } = useSession();
  const home = useHomeCity();
  const loc = useLocation();
  const [p, setP] = useState<Partnership | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [notice, setNotice] = useState<MessageKey | null>(loc.search.get('created') ? 'p.created' : null);
  const [n, setN] = useState(0);
  useTitle(p ? i18n.name(p.city_b) : t('p.title'));

  useEffect(() => {
    let live = true;
    setError(null);
    api
      .get<Partnership>(`/partnerships/${id}`)
      .then((x) => live && setP(x))
      .catch((e: unknown) => live && setError(e));
    return () => {
      live = false;
    };
  }, [id, n]);

  if (error instanceof ApiError && error.status === 404) return <NotFoundPage path={`/partners/${id}`} signedIn />;
  if (error != null) return <LoadError error={error} onRetry={() => setN((x) => x + 1)} />;
  if (!p) return <Spinner />;

  /* the server lets staff change only their own city's partnerships */
  const writer =
    user.role === 'admin' || (canWrite(user.role) && home != null && (p.city_a.id === home.id || p.city_b.id === home.id));
  const city = p.city_b;
  const country = i18n.pick(city.country_name_ru, city.country_name_en) || city.country_code;
  const note = i18n.pick(p.note_ru, p.note_en);

  return (
    <>
      <p class="breadcrumb">
        <Link href="/partners">← {t('p.back')}</Link>
      </p>
      <PageHeader
        title={i18n.name(city)}
        intro={`${country} · ${t(`p.kind.${p.kind}` as MessageKey)} · ${i18n.name(p.city_a)}`}
        actions={
          writer && (
            <>
              <button type="button" class="btn btn-primary" onClick={() => setEditing(true)}>
                {t('common.edit')}
              </button>
              <button type="button" class="btn btn-danger-quiet" onClick={() => setDeleting(true)}>
                {t('common.delete')}
              </button>
            </>
          )
        }
      />
      {notice && (
        <Alert kind="success" onClose={() => setNotice(null)}>
          {t(notice)}
        </Alert>
      )}
      <div class="grid-2">
        <section class="card" aria-labelledby="pp-about">
          <h2 id="pp-about" class="card-title">
            {t('p.about')}
          </h2>
          <dl class="kv">
            <dt>{t('p.filter_kind')}</dt>
            <dd>
              <KindBadge kind={p.kind} />
            </dd>
            <dt>{t('p.status')}</dt>
            <dd>
              <StatusBadge status={p.status} />
            </dd>
            <dt>{t('p.since')}</dt>
            <dd>{p.since ?? t('common.none')}</dd>
            <dt>{t('p.responsible')}</dt>
            <dd>{p.responsible?.name ?? t('common.none')}</dd>
            <dt>{t('p.partner_contact')}</dt>
            <dd>{p.partner_contact ?? t('common.none')}</dd>
            <dt>{t('p.basis')}</dt>
            <dd>{p.agreement ? i18n.pick(p.agreement.title_ru, p.agreement.title_en) : t('common.none')}</dd>
            <dt>{t('p.published_yes')}</dt>
            <dd>{p.published ? t('common.yes') : t('common.no')}</dd>
          </dl>
          {note && <p class="note">{note}</p>}
          <h3 class="sub-title">{t('p.history')}</h3>
          <ol class="history">
            {(p.history ?? []).map((h, i) => (
              <li key={i}>
                <time dateTime={h.changed_on}>{i18n.date(h.changed_on)}</time> <StatusBadge status={h.status} />
                {h.note && <span> — {h.note}</span>}
                {h.by && <span class="muted"> ({t('p.history_by', { name: h.by })})</span>}
              </li>
            ))}
          </ol>
        </section>
        <section class="card" aria-labelledby="pp-city">
          <h2 id="pp-city" class="card-title">
            {t('p.city')}
          </h2>
          <dl class="kv">
            <dt>{t('p.col_country')}</dt>
            <dd>{country}</dd>
            <dt>{t('p.population')}</dt>
            <dd>{city.population ? i18n.num(city.population) : t('common.none')}</dd>
            <dt>{t('p.continent')}</dt>
            <dd>{city.continent ? t(`p.continent.${city.continent}` as MessageKey) : t('common.none')}</dd>
          </dl>
          <People cityId={city.id} />
        </section>
      </div>
      <Agreements partnershipId={p.id} writer={writer} />
      <PartnerMeetings partnershipId={p.id} />
      <PartnerRoadmaps partnershipId={p.id} />
      <PartnerTrade cityId={city.id} />
      <PartnerEvents cityA={p.city_a.id} cityB={city.id} />
      {editing && home && (
        <PartnershipForm
          home={p.city_a}
          partnership={p}
          onClose={() => setEditing(false)}
          onSaved={(x) => {
            setEditing(false);
            setP(x);
            setNotice('p.saved');
          }}
        />
      )}
      {deleting && (
        <ConfirmDelete
          title={t('p.delete_title')}
          text={t('p.delete_text', { name: i18n.name(city) })}
          run={() => api.del(`/partnerships/${p.id}`)}
          onClose={() => setDeleting(false)}
          onDone={() => navigate('/partners')}
        />
      )}
    </>
  );
}

function People({ cityId }: { cityId: number }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [people, setPeople] = useState<Person[] | null>(null);
  useEffect(() => {
    api
      .get<Page<Person>>('/people', { city_id: cityId, limit: 50 })
      .then((x) => setPeople(x.items))
      .catch(() => setPeople([]));
  }, [cityId]);
  return (
    <>
      <h3 class="sub-title">{t('p.people')}</h3>
      {!people && <Spinner />}
      {people && people.length === 0 && <p class="muted">{t('p.people_none')}</p>}
      {people && people.length > 0 && (
        <ul class="people">
          {people.map((x) => (
            <li key={x.id}>
              <Link class="person-name" href={`/people/${x.id}`}>{i18n.name(x)}</Link>
              {i18n.pick(x.post_ru, x.post_en) && <span class="person-post">{i18n.pick(x.post_ru, x.post_en)}</span>}
              {(x.email || x.phone) && (
                <span class="person-contact">{[x.email, x.phone].filter(Boolean).join(' · ')}</span>
              )}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

const STATE_TONE = { in_force: 'green', expiring: 'amber', expired: 'red', pending: 'blue' } as const;

function Agreements({ partnershipId, writer }: { partnershipId: number; writer: boolean }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [items, setItems] = useState<Agreement[] | null>(null);
  const [message, setMessage] = useState<{ kind: 'error' | 'success'; text: string } | null>(null);
  useEffect(() => {
    api
      .get<Page<Agreement>>('/agreements', { partnership: partnershipId, limit: 50 })
      .then((x) => setItems(x.items))
      .catch(() => setItems([]));
  }, [partnershipId]);

  const upload = async (g: Agreement, file: File) => {
    setMessage(null);
    try {
      const saved = await api.send<Agreement>('PUT', `/agreements/${g.id}/file`, file, file.type || 'application/octet-stream');
      setItems((list) => (list ?? []).map((x) => (x.id === saved.id ? saved : x)));
      setMessage({ kind: 'success', text: t('p.file_uploaded') });
    } catch (e) {
      const code = e instanceof ApiError ? e.code : '';
      setMessage({
        kind: 'error',
        text:
          code === 'unsupported_media_type' || code === 'type_mismatch'
            ? t('p.file_bad_type')
            : code === 'payload_too_large'
              ? t('p.file_too_large')
              : i18n.error(e),
      });
    }
  };

  const range = (g: Agreement) =>
    g.valid_from || g.valid_to
      ? t('p.valid_range', {
          from: g.valid_from ? i18n.date(g.valid_from) : '…',
          to: g.valid_to ? i18n.date(g.valid_to) : '…',
        })
      : t('common.none');

  return (
    <section class="card agreements-card" aria-labelledby="pp-agreements">
      <h2 id="pp-agreements" class="card-title">
        {t('p.agreements')}
      </h2>
      {message && (
        <Alert kind={message.kind} onClose={() => setMessage(null)}>
          {message.text}
        </Alert>
      )}
      {!items && <Spinner />}
      {items && items.length === 0 && <p class="muted">{t('p.agreements_none')}</p>}
      {items && items.length > 0 && (
        <ul class="agreements">
          {items.map((g) => (
            <li key={g.id} class="agreement">
              <div class="agreement-head">
                <span class="agreement-title">{i18n.pick(g.title_ru, g.title_en)}</span>
                <Badge tone={STATE_TONE[g.state]}>{t(`p.state.${g.state}` as MessageKey)}</Badge>
              </div>
              <dl class="kv kv-inline">
                <dt>{t('p.filter_kind')}</dt>
                <dd>{t(`p.akind.${g.kind}` as MessageKey)}</dd>
                <dt>{t('p.signed_on')}</dt>
                <dd>{g.signed_on ? i18n.date(g.signed_on) : t('common.none')}</dd>
                <dt>{t('p.valid')}</dt>
                <dd>{range(g)}</dd>
                <dt>{t('p.parties')}</dt>
                <dd>{g.parties.length ? g.parties.map((x) => i18n.pick(x.name_ru, x.name_en)).join('; ') : t('common.none')}</dd>
                <dt>{t('p.file')}</dt>
                <dd>
                  {g.file ? (
                    <a href={`/api/v1/agreements/${g.id}/file`} download>
                      {t('p.file_download', { size: Math.max(1, Math.round(g.file.size / 1024)) })}
                    </a>
                  ) : (
                    t('common.none')
                  )}
                </dd>
              </dl>
              {writer && (
                <div class="field upload">
                  <label for={`ag-file-${g.id}`}>{t('p.file_upload')}</label>
                  <p class="hint" id={`ag-file-${g.id}-hint`}>
                    {t('p.file_hint')}
                  </p>
                  <input
                    id={`ag-file-${g.id}`}
                    type="file"
                    accept="application/pdf,image/png,image/jpeg"
                    aria-describedby={`ag-file-${g.id}-hint`}
                    onChange={(e) => {
                      const f = e.currentTarget.files?.[0];
                      if (f) void upload(g, f);
                      e.currentTarget.value = '';
                    }}
                  />
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function PartnerRoadmaps({ partnershipId }: { partnershipId: number }) {
  const { t } = useI18n();
  const [items, setItems] = useState<Agreement[] | null>(null);
  useEffect(() => {
    api
      .get<Page<Agreement>>('/agreements', { partnership: partnershipId, kind: 'roadmap', limit: 50 })
      .then((x) => setItems(x.items))
      .catch(() => setItems([]));
  }, [partnershipId]);
  return (
    <section class="card pp-block" aria-labelledby="pp-roadmap">
      <h2 id="pp-roadmap" class="card-title">
        {t('p.soon_roadmap')}
      </h2>
      {!items && <Spinner />}
      {items && items.length === 0 && <p class="muted">{t('rm.partner_none')}</p>}
      {items && items.length > 0 && <RoadmapCards agreements={items} />}
    </section>
  );
}

function PartnerTrade({ cityId }: { cityId: number }) {
  const { t } = useI18n();
  const [items, setItems] = useState<TradeSeries[] | null>(null);
  useEffect(() => {
    api
      .get<{ items: TradeSeries[] }>('/trade', { city: cityId })
      .then((x) => setItems(x.items))
      .catch(() => setItems([]));
  }, [cityId]);
  return (
    <section class="card pp-block" aria-labelledby="pp-trade">
      <h2 id="pp-trade" class="card-title">
        {t('p.soon_trade')}
      </h2>
      {!items && <Spinner />}
      {items && items.length === 0 && <p class="muted">{t('tr.partner_none')}</p>}
      {items && items.map((s) => <TradeSeriesView key={s.id} series={s} />)}
    </section>
  );
}

/* Events of the partner city with this side: hosted or visited by it, and by us when two cities are named. */
function PartnerEvents({ cityA, cityB }: { cityA: number; cityB: number }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [items, setItems] = useState<CityEvent[] | null>(null);
  useEffect(() => {
    api
      .get<{ items: CityEvent[] }>('/events')
      .then((x) =>
        setItems(
          x.items.filter((e) => {
            const ids = [e.host_city?.id, e.guest_city?.id].filter((v): v is number => v != null);
            return e.parent_id == null && ids.includes(cityB) && (ids.length < 2 || ids.includes(cityA));
          }),
        ),
      )
      .catch(() => setItems([]));
  }, [cityA, cityB]);
  return (
    <section class="card pp-block" aria-labelledby="pp-events">
      <h2 id="pp-events" class="card-title">
        {t('p.soon_events')}
      </h2>
      {!items && <Spinner />}
      {items && items.length === 0 && <p class="muted">{t('ev.partner_none')}</p>}
      {items && items.length > 0 && (
        <ul class="work-list">
          {items.map((e) => (
            <li key={e.id}>
              <Link href={`/events/${e.id}`}>{i18n.pick(e.title_ru, e.title_en)}</Link> <EventStatusBadge status={e.status} />
              <span class="sub">{whenText(i18n, e)}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** The meetings both cities took part in, latest first, from the meetings module. */
function PartnerMeetings({ partnershipId }: { partnershipId: number }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [items, setItems] = useState<MeetingSummary[] | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    setItems(null);
    setFailed(false);
    api
      .get<{ items: MeetingSummary[] }>(`/partnerships/${partnershipId}/meetings`)
      .then((r) => setItems(r.items))
      .catch(() => setFailed(true));
  }, [partnershipId]);
  const when = (m: MeetingSummary) =>
    m.start ? i18n.dateTime(m.start) : m.date_from ? i18n.date(m.date_from) : t('common.none');
  return (
    <section class="card pp-meetings-card" aria-labelledby="pp-meetings">
      <h2 id="pp-meetings" class="card-title">
        {t('p.meetings')}
      </h2>
      {failed && <p class="muted">{t('p.meetings_failed')}</p>}
      {items && items.length === 0 && <p class="muted">{t('p.meetings_none')}</p>}
      {items && items.length > 0 && (
        <ul class="pp-meetings">
          {items.map((m) => (
            <li key={m.id}>
              <Link href={`/meetings/${m.id}`}>{i18n.pick(m.title_ru, m.title_en)}</Link>
              <span class="muted">
                {' '}
                · {when(m)} · {t(`meet.status.${m.status}` as MessageKey)}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
