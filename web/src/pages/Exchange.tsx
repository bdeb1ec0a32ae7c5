// Information exchange: the public news page (filters, search, activity by
// country, Atom feeds), bulletin and fact-check pages, the correspondent's
// editor with preview, the moderation queue, and search. Bulletin HTML comes
// from the server's safe Markdown renderer; search marks come as segments
// and are rendered as <mark> elements, never as HTML.

import { ValueList, listValues } from '../components/ValueList';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { type I18n, type MessageKey, useI18n } from '../i18n';
import { ApiError, api, fieldErrors } from '../lib/api';
import { usePaged, useTitle } from '../lib/hooks';
import { realtime } from '../lib/realtime';
import { Link, navigate, useLocation } from '../lib/router';
import { SessionContext } from '../lib/session';
import { Alert, Badge, ErrorSummary, Field, LoadError, PageHeader, Spinner } from '../components/ui';
import { ActivityMap } from '../components/ActivityMap';
import { type CityChoice, CityPicker, useCityChoice } from '../components/pickers';
import type { Country } from '../lib/types';
import { useContext } from 'preact/hooks';
import { CountriesPicker } from '../components/CountryPicker';

export type BulletinKind = 'news' | 'good_news' | 'fact_check';
export type Verdict = 'false' | 'misleading' | 'unproven' | 'true';

export interface Bulletin {
  id: number;
  kind: BulletinKind;
  status: 'draft' | 'submitted' | 'returned' | 'published';
  lang: 'ru' | 'en';
  title: string;
  countries: string[];
  topics: string[];
  city: { id: number; name_en: string; name_ru: string | null; country_code: string } | null;
  organization: { id: number; name_en: string; name_ru: string } | null;
  source_url: string | null;
  author_name: string;
  published_at: string | null;
  updated_at: string;
  excerpt: string;
  body?: string;
  body_html?: string;
  revision?: number;
  editable?: boolean;
  return_reason?: string | null;
  claim?: string | null;
  claim_source?: string | null;
  claim_date?: string | null;
  verdict?: Verdict | null;
  sources?: string[];
  claim_review_jsonld?: string;
}

interface Activity {
  countries: Array<{ country_code: string; name_en: string; name_ru: string; count: number }>;
  topics: string[];
}

interface Segment {
  text: string;
  mark: boolean;
}

interface Hit {
  kind: 'bulletin' | 'fact_check' | 'aid' | 'organization' | 'partnership' | 'meeting' | 'event' | 'person' | 'practice'
    | 'shipment' | 'delegation';
  /** the bulletin's, organization's, partnership's or event's own kind; a meeting's format */
  subkind: string;
  id: number;
  lang: string | null;
  title: string;
  title_marked: Segment[];
  snippet: Segment[];
  countries: string[];
  topics: string[];
  /** null for a partnership whose year is not known; a meeting's start is an instant */
  date: string | null;
  /** the last day of an event, or of the window of days of a meeting without a known date */
  date_to: string | null;
  status: string | null;
  /** null when the caller may not open the page (another city's published partnership) */
  url: string | null;
}

const KINDS: BulletinKind[] = ['news', 'good_news', 'fact_check'];
const VERDICTS: Verdict[] = ['false', 'misleading', 'unproven', 'true'];
export const TOPICS = ['health', 'coronavirus', 'good_news', 'culture', 'business', 'trade', 'education', 'science',
  'consular', 'compatriots', 'city_diplomacy', 'sister_cities', 'roadmap', 'transport'];

/** The signed-in user, or null on public pages. */
export function useMaybeUser() {
  return useContext(SessionContext)?.user ?? null;
}

export function bulletinHref(b: { id: number; kind: string }): string {
  return b.kind === 'fact_check' ? `/fact-checks/${b.id}` : `/news/${b.id}`;
}

/** Published bulletins per country; a new `version` reads them again. */
function useActivity(version = 0): Activity | null {
  const [a, setA] = useState<Activity | null>(null);
  useEffect(() => {
    api.get<Activity>('/exchange/activity').then(setA).catch(() => setA(null));
  }, [version]);
  return a;
}

/** What the realtime channel "news" says of a publication (docs/api/realtime.md). */
interface Published {
  id: number;
  kind: BulletinKind;
  lang: string;
  countries: string[];
  topics: string[];
}

/**
 * Counts the bulletins published since the list was read that the page's
 * filters would show; the reader chooses when to see them ("N new — show"),
 * so the list does not move under their eyes. A lost stretch of events
 * (resync) reloads at once.
 */
function useFreshCount(filters: { kind: string; topic: string; country: string; lang: string }, reload: () => void) {
  const [fresh, setFresh] = useState(0);
  const { kind, topic, country, lang } = filters;
  useEffect(() => {
    setFresh(0);
    const shows = (d: Published) =>
      (!kind || d.kind === kind) && (!lang || d.lang === lang) && (!topic || d.topics.includes(topic)) &&
      (!country || d.countries.includes(country));
    const release = realtime.hold();
    const off = realtime.subscribe(
      'news',
      (e) => e.event === 'bulletin.published' && shows(e.data as Published) && setFresh((n) => n + 1),
      reload,
    );
    return () => {
      off();
      release();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [kind, topic, country, lang]);
  return [fresh, () => setFresh(0)] as const;
}

function countryName(a: Activity | null, code: string, i18n: I18n): string {
  const c = a?.countries.find((x) => x.country_code === code);
  return i18n.country(code, c?.name_ru, c?.name_en);
}

function Marked({ segments }: { segments: Segment[] }) {
  return (
    <>
      {segments.map((s, i) => (s.mark ? <mark key={i}>{s.text}</mark> : <span key={i}>{s.text}</span>))}
    </>
  );
}

function VerdictBadge({ verdict }: { verdict: Verdict }) {
  const { t } = useI18n();
  const tone = verdict === 'true' ? 'green' : verdict === 'unproven' ? 'amber' : 'red';
  return <Badge tone={tone}>{t(`verdict.${verdict}` as MessageKey)}</Badge>;
}

function StatusBadge({ status }: { status: Bulletin['status'] }) {
  const { t } = useI18n();
  const tone = status === 'published' ? 'green' : status === 'returned' ? 'red' : status === 'submitted' ? 'blue' : 'neutral';
  return <Badge tone={tone}>{t(`bstatus.${status}` as MessageKey)}</Badge>;
}

function Meta({ b, activity }: { b: Bulletin; activity: Activity | null }) {
  const i18n = useI18n();
  const { t } = i18n;
  const org = b.organization ? i18n.name(b.organization) : b.author_name;
  return (
    <p class="bulletin-meta">
      <span class="kind-label">{t(`bkind.${b.kind}` as MessageKey)}</span>
      {' · '}
      {b.published_at ? <time dateTime={b.published_at}>{i18n.date(b.published_at)}</time> : t('ex.no_date')}
      {' · '}
      {org}
      {' · '}
      <span lang={b.lang}>{b.lang.toUpperCase()}</span>
      {b.city && ' · '}
      {b.city && <span class="bulletin-city">{i18n.pick(b.city.name_ru, b.city.name_en)}</span>}
      {b.countries.length > 0 && ' · '}
      {b.countries.map((c) => countryName(activity, c, i18n)).join(', ')}
    </p>
  );
}

function Topics({ topics }: { topics: string[] }) {
  const { t } = useI18n();
  if (topics.length === 0) return null;
  return (
    <ul class="topic-list" aria-label={t('ex.topics')}>
      {topics.map((x) => (
        <li key={x}>
          <Link href={`/news?topic=${x}`} class="topic">
            {t(`topic.${x}` as MessageKey)}
          </Link>
        </li>
      ))}
    </ul>
  );
}

function BulletinCard({ b, activity }: { b: Bulletin; activity: Activity | null }) {
  return (
    <article class="bulletin-card">
      <h2 class="bulletin-card-title" lang={b.lang}>
        <Link href={bulletinHref(b)}>{b.title}</Link>
      </h2>
      <Meta b={b} activity={activity} />
      {b.kind === 'fact_check' && b.verdict && (
        <p class="claim-line" lang={b.lang}>
          <VerdictBadge verdict={b.verdict} /> {b.claim}
        </p>
      )}
      <p class="excerpt" lang={b.lang}>
        {b.excerpt}
      </p>
      <Topics topics={b.topics} />
    </article>
  );
}

function SearchBox(props: { initial?: string; autoFocus?: boolean }) {
  const { t } = useI18n();
  const [q, setQ] = useState(props.initial ?? '');
  return (
    <form
      role="search"
      class="search-box"
      onSubmit={(e) => {
        e.preventDefault();
        if (q.trim()) navigate(`/search?q=${encodeURIComponent(q.trim())}`);
      }}
    >
      <label for="search-q" class="visually-hidden">
        {t('search.label')}
      </label>
      <input id="search-q" type="search" value={q} placeholder={t('search.placeholder')} onInput={(e) => setQ(e.currentTarget.value)} />
      <button type="submit" class="btn btn-primary">
        {t('search.go')}
      </button>
    </form>
  );
}

/** A filter of a list: one of `options` ([value, label]), or all of them (""). */
function FilterSelect(props: {
  id: string;
  label: string;
  all: string;
  value: string;
  options: Array<[string, string]>;
  onChange: (value: string) => void;
  class?: string;
}) {
  return (
    <div class="field field-inline">
      <label for={props.id}>{props.label}</label>
      <select id={props.id} class={props.class} value={props.value} onChange={(e) => props.onChange(e.currentTarget.value)}>
        <option value="">{props.all}</option>
        {props.options.map(([v, label]) => (
          <option key={v} value={v}>
            {label}
          </option>
        ))}
      </select>
    </div>
  );
}

function TopicFilter(props: { id: string; value: string; onChange: (value: string) => void }) {
  const { t } = useI18n();
  return (
    <FilterSelect id={props.id} label={t('ex.topic')} all={t('ex.all_topics')} value={props.value}
      options={TOPICS.map((k) => [k, t(`topic.${k}` as MessageKey)])} onChange={props.onChange} />
  );
}

/** Published bulletins per country: a choropleth map, and the ranked list with bars under it. */
function ActivityByCountry({ activity, current }: { activity: Activity; current: string }) {
  const i18n = useI18n();
  const { search } = useLocation();
  const hrefFor = (code: string) => {
    const qs = new URLSearchParams(search);
    if (current === code) qs.delete('country');
    else qs.set('country', code);
    const s = qs.toString();
    return s ? `/news?${s}` : '/news';
  };
  const { t } = i18n;
  const max = activity.countries.reduce((m, c) => Math.max(m, c.count), 1);
  return (
    <section class="card" aria-labelledby="activity-title">
      <h2 class="card-title" id="activity-title">
        {t('ex.activity')}
      </h2>
      <p class="hint">{t('ex.activity_hint')}</p>
      <ActivityMap countries={activity.countries} current={current} hrefFor={hrefFor} />
      <ul class="activity-list" aria-label={t('ex.activity_list')}>
        {activity.countries.map((c) => (
          <li key={c.country_code}>
            <Link
              href={hrefFor(c.country_code)}
              class={`activity-row${current === c.country_code ? ' current' : ''}`}
              aria-current={current === c.country_code ? 'true' : undefined}
            >
              <span class="activity-name">{i18n.country(c.country_code, c.name_ru, c.name_en)}</span>
              <span class="activity-bar" aria-hidden="true">
                <span style={{ width: `${Math.max(6, (100 * c.count) / max)}%` }} />
              </span>
              <span class="activity-count">{i18n.num(c.count)}</span>
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}

function Feeds({ country, topic }: { country: string; topic: string }) {
  const { t } = useI18n();
  const qs = new URLSearchParams();
  if (country) qs.set('country', country);
  if (topic) qs.set('topic', topic);
  const s = qs.toString() ? `?${qs}` : '';
  return (
    <section class="card" aria-labelledby="feeds-title">
      <h2 class="card-title" id="feeds-title">
        {t('ex.feeds')}
      </h2>
      <ul class="plain-list">
        <li>
          <a href={`/api/v1/feeds/bulletins.atom${s}`} type="application/atom+xml">
            {t('ex.feed_bulletins')}
            {s && ` (${t('ex.feed_filtered')})`}
          </a>
        </li>
        <li>
          <a href={`/api/v1/feeds/fact-checks.atom${s}`} type="application/atom+xml">
            {t('ex.feed_fact_checks')}
          </a>
        </li>
      </ul>
    </section>
  );
}

export function NewsPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const { search } = useLocation();
  const user = useMaybeUser();
  useTitle(t('ex.news_title'));
  const kind = search.get('kind') ?? '';
  const topic = search.get('topic') ?? '';
  const country = search.get('country') ?? '';
  // the UI language by default; "all" shows both
  const langParam = search.get('lang') ?? i18n.appLocale;
  const lang = langParam === 'all' ? '' : langParam;
  const [version, setVersion] = useState(0);
  const activity = useActivity(version);
  const list = usePaged<Bulletin>('/bulletins', { kind, topic, country, lang }, 20);
  const showFresh = () => {
    clearFresh();
    list.reload();
    setVersion((v) => v + 1);
  };
  const [fresh, clearFresh] = useFreshCount({ kind, topic, country, lang }, showFresh);

  const setFilter = (name: string, value: string) => {
    const qs = new URLSearchParams(search);
    if (value) qs.set(name, value);
    else qs.delete(name);
    const s = qs.toString();
    navigate(s ? `/news?${s}` : '/news', { replace: true });
  };
  const writer = user && user.role !== 'partner';

  return (
    <>
      <PageHeader
        title={t('ex.news_title')}
        intro={t('ex.news_intro')}
        actions={
          writer ? (
            <Link href="/exchange/write" class="btn btn-primary">
              {t('ex.write')}
            </Link>
          ) : undefined
        }
      />
      <SearchBox />
      <div class="exchange-layout">
        <div>
          <div class="filters" role="group" aria-label={t('ex.filters')}>
            <FilterSelect id="f-kind" label={t('ex.kind')} all={t('ex.all_kinds')} value={kind}
              options={KINDS.map((k) => [k, t(`bkind.${k}` as MessageKey)])} onChange={(v) => setFilter('kind', v)} />
            <TopicFilter id="f-topic" value={topic} onChange={(v) => setFilter('topic', v)} />
            <div class="field field-inline">
              <label for="f-lang">{t('ex.lang')}</label>
              <select id="f-lang" value={lang || 'all'} onChange={(e) => setFilter('lang', e.currentTarget.value)}>
                <option value="ru">Русский</option>
                <option value="en">English</option>
                <option value="all">{t('ex.all_langs')}</option>
              </select>
            </div>
            <FilterSelect id="f-country" label={t('ex.country')} all={t('ex.all_countries')} value={country}
              options={(activity?.countries ?? []).map((c) => [c.country_code, i18n.country(c.country_code, c.name_ru, c.name_en)])}
              onChange={(v) => setFilter('country', v)} />
          </div>
          <div role="status" aria-live="polite" class="live-slot">
            {fresh > 0 && (
              <button type="button" class="live-bar" onClick={showFresh}>
                {t('ex.live_new', { n: fresh })}
              </button>
            )}
          </div>
          {list.error != null && <LoadError error={list.error} onRetry={list.reload} />}
          {list.items.length === 0 && list.loading && <Spinner />}
          {list.items.length === 0 && !list.loading && list.error == null && <p class="empty">{t('ex.none')}</p>}
          <div class="bulletin-list">
            {list.items.map((b) => (
              <BulletinCard key={b.id} b={b} activity={activity} />
            ))}
          </div>
          {list.next && (
            <div class="list-footer">
              <button type="button" class="btn" onClick={list.loadMore} disabled={list.loading}>
                {t('ex.more')}
              </button>
            </div>
          )}
        </div>
        <aside class="exchange-aside">
          {activity && <ActivityByCountry activity={activity} current={country} />}
          <Feeds country={country} topic={topic} />
        </aside>
      </div>
    </>
  );
}

/** ClaimReview JSON-LD in the head while the page is shown; the server made the text script-safe. */
function JsonLd({ text }: { text: string }) {
  useEffect(() => {
    const s = document.createElement('script');
    s.type = 'application/ld+json';
    s.textContent = text;
    document.head.appendChild(s);
    return () => s.remove();
  }, [text]);
  return null;
}

/** The editable fields a revision kept besides title and body; null before they were kept. */
interface RevisionFields {
  kind: BulletinKind;
  lang: 'ru' | 'en';
  countries: string[];
  topics: string[];
  city_id: number | null;
  source_url: string | null;
  claim: string | null;
  claim_source: string | null;
  claim_date: string | null;
  verdict: Verdict | null;
  sources: string[];
}

interface Revision {
  revision: number;
  title: string;
  status: Bulletin['status'];
  note: string | null;
  editor_name: string;
  created_at: string;
  fields: RevisionFields | null;
  /** what this revision changed from the one before it */
  changed: string[];
}

/** A short field's value as the history shows it; null for long ones (named only). */
function shortValue(i18n: I18n, name: string, f: RevisionFields): string | null {
  const { t } = i18n;
  switch (name) {
    case 'kind':
      return t(`bkind.${f.kind}` as MessageKey);
    case 'lang':
      return f.lang === 'ru' ? 'Русский' : 'English';
    case 'verdict':
      return f.verdict ? t(`verdict.${f.verdict}` as MessageKey) : '—';
    case 'countries':
      return f.countries.join(', ') || '—';
    case 'topics':
      return f.topics.map((x) => t(`topic.${x}` as MessageKey)).join(', ') || '—';
    case 'claim_date':
      return f.claim_date ? i18n.date(f.claim_date) : '—';
    default:
      return null;
  }
}

/** What revision r changed from prev: each field named, short ones with their values before and after. */
function Changes({ r, prev }: { r: Revision; prev: Revision | undefined }) {
  const i18n = useI18n();
  if (r.changed.length === 0) return null;
  return (
    <ul class="change-list">
      {r.changed.map((name) => {
        const now = r.fields && shortValue(i18n, name, r.fields);
        const before = prev?.fields && shortValue(i18n, name, prev.fields);
        return (
          <li key={name}>
            {i18n.t(`ed.${name}` as MessageKey)}
            {now != null && before != null && `: ${before} → ${now}`}
          </li>
        );
      })}
    </ul>
  );
}

function History({ id }: { id: number }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [items, setItems] = useState<Revision[] | null>(null);
  useEffect(() => {
    api.get<{ items: Revision[] }>(`/bulletins/${id}/revisions`).then((r) => setItems(r.items)).catch(() => setItems([]));
  }, [id]);
  if (!items) return <Spinner />;
  return (
    <div class="table-wrap">
      <table class="table table-compact">
        <caption class="visually-hidden">{t('ex.history')}</caption>
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">{t('ex.when')}</th>
            <th scope="col">{t('ex.who')}</th>
            <th scope="col">{t('ex.status')}</th>
            <th scope="col">{t('ex.changes')}</th>
            <th scope="col">{t('ex.note')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((r, i) => (
            <tr key={r.revision}>
              <td>{r.revision}</td>
              <td class="nowrap">{i18n.dateTime(r.created_at)}</td>
              <td>{r.editor_name}</td>
              <td>
                <StatusBadge status={r.status} />
              </td>
              <td>
                <Changes r={r} prev={items[i + 1]} />
              </td>
              <td>{r.note ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function BulletinPage({ id }: { id: number }) {
  const i18n = useI18n();
  const { t } = i18n;
  const user = useMaybeUser();
  const activity = useActivity();
  const [b, setB] = useState<Bulletin | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [n, setN] = useState(0);
  useTitle(b?.title ?? t('ex.news_title'));

  useEffect(() => {
    setError(null);
    api.get<Bulletin>(`/bulletins/${id}`).then(setB).catch(setError);
  }, [id, n]);

  if (error instanceof ApiError && error.status === 404)
    return (
      <>
        <PageHeader title={t('ex.not_found')} />
        <p>
          <Link href="/news">{t('ex.back')}</Link>
        </p>
      </>
    );
  if (error != null) return <LoadError error={error} onRetry={() => setN((x) => x + 1)} />;
  if (!b) return <Spinner />;
  const staff = user?.role === 'staff' || user?.role === 'admin';
  const mine = user != null && (staff || b.editable !== undefined) && 'return_reason' in b;

  return (
    <article class="bulletin-page">
      <p class="breadcrumb">
        <Link href="/news">{t('ex.news_title')}</Link>
        {b.kind === 'fact_check' && ' › #StopCoronaFake'}
      </p>
      <div class="page-header">
        <div>
          <h1 id="page-title" tabIndex={-1} lang={b.lang}>
            {b.title}
          </h1>
          <Meta b={b} activity={activity} />
        </div>
        {b.editable && (
          <div class="page-actions">
            <Link href={`/exchange/edit/${b.id}`} class="btn">
              {t('ex.edit')}
            </Link>
          </div>
        )}
      </div>
      {b.status !== 'published' && (
        <Alert kind="info">
          <StatusBadge status={b.status} /> {t('ex.not_public')}
          {b.return_reason && (
            <>
              {' '}
              {t('ex.returned_because')} <q>{b.return_reason}</q>
            </>
          )}
        </Alert>
      )}
      {b.kind === 'fact_check' && b.claim && (
        <section class="claim-box" aria-labelledby="claim-title" lang={b.lang}>
          <h2 id="claim-title" class="claim-title">
            {t('fc.claim')}
          </h2>
          <blockquote>{b.claim}</blockquote>
          <dl class="kv">
            <dt>{t('fc.verdict')}</dt>
            <dd>{b.verdict && <VerdictBadge verdict={b.verdict} />}</dd>
            {b.claim_source && (
              <>
                <dt>{t('fc.where')}</dt>
                <dd>{b.claim_source}</dd>
              </>
            )}
            {b.claim_date && (
              <>
                <dt>{t('fc.when')}</dt>
                <dd>{i18n.date(b.claim_date)}</dd>
              </>
            )}
          </dl>
        </section>
      )}
      {b.kind === 'fact_check' && <h2 class="section-title">{t('fc.explanation')}</h2>}
      <div class="prose" lang={b.lang} dangerouslySetInnerHTML={{ __html: b.body_html ?? '' }} />
      {b.sources && b.sources.length > 0 && (
        <section>
          <h2 class="section-title">{t('fc.sources')}</h2>
          <ul>
            {b.sources.map((s) => (
              <li key={s}>
                <a href={s} rel="nofollow ugc noopener">
                  {s}
                </a>
              </li>
            ))}
          </ul>
        </section>
      )}
      <Topics topics={b.topics} />
      {b.claim_review_jsonld && <JsonLd text={b.claim_review_jsonld} />}
      {mine && (
        <section class="section">
          <h2 class="section-title">{t('ex.history')}</h2>
          <History id={b.id} />
        </section>
      )}
    </article>
  );
}

interface Draft {
  kind: BulletinKind;
  lang: 'ru' | 'en';
  title: string;
  body: string;
  /** ISO codes, the main country first */
  countries: string[];
  city: CityChoice | null;
  topics: string[];
  claim: string;
  claim_source: string;
  claim_date: string;
  verdict: Verdict | '';
  sources: string[];
}

function toBody(d: Draft) {
  const fc = d.kind === 'fact_check';
  return {
    kind: d.kind,
    lang: d.lang,
    title: d.title,
    body: d.body,
    countries: d.countries,
    city_id: d.city?.id ?? null,
    topics: d.topics,
    ...(fc
      ? {
          claim: d.claim || null,
          claim_source: d.claim_source || null,
          claim_date: d.claim_date || null,
          verdict: d.verdict || null,
          sources: listValues(d.sources),
        }
      : {}),
  };
}

/** The editor's city: mounted once the bulletin is read, so the picker starts from its city. */
function BulletinCity(props: { initial: CityChoice | null; onChange: (c: CityChoice | null) => void; error?: string }) {
  const { t } = useI18n();
  const [city, setCity] = useCityChoice(props.initial);
  const change = (c: CityChoice | null) => {
    setCity(c);
    props.onChange(c);
  };
  return <CityPicker id="ed-city_id" label={t('ed.city_id')} hint={t('ed.city_hint')} value={city} onChange={change} error={props.error} />;
}

export function EditorPage({ id }: { id?: number }) {
  const i18n = useI18n();
  const { t } = i18n;
  const user = useMaybeUser();
  useTitle(id ? t('ed.edit_title') : t('ed.new_title'));
  const [d, setD] = useState<Draft>({
    kind: 'news', lang: i18n.appLocale, title: '', body: '', countries: [], city: null, topics: [],
    claim: '', claim_source: '', claim_date: '', verdict: '', sources: [],
  });
  const [loaded, setLoaded] = useState(!id);
  const [status, setStatus] = useState<Bulletin['status']>('draft');
  const [reason, setReason] = useState<string | null>(null);
  const [tab, setTab] = useState<'write' | 'preview'>('write');
  const [preview, setPreview] = useState('');
  const [errors, setErrors] = useState<Record<string, { code: string; message: string }>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!id) return;
    api.get<Bulletin>(`/bulletins/${id}`).then((b) => {
      setD({
        kind: b.kind, lang: b.lang, title: b.title, body: b.body ?? '', countries: b.countries,
        city: b.city && { ...b.city, name_ru: b.city.name_ru ?? b.city.name_en }, topics: b.topics,
        claim: b.claim ?? '', claim_source: b.claim_source ?? '', claim_date: b.claim_date ?? '',
        verdict: b.verdict ?? '', sources: b.sources ?? [],
      });
      setStatus(b.status);
      setReason(b.return_reason ?? null);
      setLoaded(true);
    }).catch((e: unknown) => setMessage(i18n.error(e)));
  }, [id]);

  useEffect(() => {
    if (tab !== 'preview') return;
    api.post<{ html: string }>('/markdown/preview', { markdown: d.body }).then((r) => setPreview(r.html)).catch(() => setPreview(''));
  }, [tab, d.body]);

  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => setD((x) => ({ ...x, [k]: v }));
  const err = (f: string) => (errors[f] ? t(`ed.err.${errors[f].code === 'required' ? 'required' : 'invalid'}` as MessageKey) : undefined);

  const save = async (then: 'stay' | 'submit') => {
    setBusy(true);
    setErrors({});
    setMessage(null);
    try {
      const b = id
        ? await api.patch<Bulletin>(`/bulletins/${id}`, toBody(d))
        : await api.post<Bulletin>('/bulletins', toBody(d));
      if (then === 'submit') await api.post<Bulletin>(`/bulletins/${b.id}/submit`, {});
      navigate(then === 'submit' ? `${bulletinHref(b)}` : `/exchange/edit/${b.id}?saved=1`, { replace: !id ? false : true });
      if (then === 'stay') setMessage(null);
    } catch (e) {
      setErrors(fieldErrors(e));
      setMessage(i18n.error(e));
    } finally {
      setBusy(false);
    }
  };
  const { search } = useLocation();
  if (!user) return null;
  if (!loaded) return message ? <Alert kind="error">{message}</Alert> : <Spinner />;
  const fc = d.kind === 'fact_check';
  const summary = Object.keys(errors).map((f) => ({ href: `#ed-${f}`, text: `${t(`ed.${f}` as MessageKey)}: ${err(f)}` }));

  return (
    <>
      <PageHeader title={id ? t('ed.edit_title') : t('ed.new_title')} intro={t('ed.intro')} />
      {search.get('saved') && !message && <Alert kind="success">{t('ed.saved')}</Alert>}
      {id && (
        <p>
          <StatusBadge status={status} /> {reason && <span>{t('ex.returned_because')} <q>{reason}</q></span>}
        </p>
      )}
      <ErrorSummary message={message} items={summary} />
      <form
        class="editor"
        onSubmit={(e) => {
          e.preventDefault();
          void save('stay');
        }}
      >
        <div class="grid-2">
          <Field id="ed-kind" label={t('ed.kind')} required>
            {(a) => (
              <select {...a} value={d.kind} onChange={(e) => set('kind', e.currentTarget.value as BulletinKind)}>
                {KINDS.map((k) => (
                  <option key={k} value={k}>
                    {t(`bkind.${k}` as MessageKey)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field id="ed-lang" label={t('ed.lang')} required>
            {(a) => (
              <select {...a} value={d.lang} onChange={(e) => set('lang', e.currentTarget.value as 'ru' | 'en')}>
                <option value="ru">Русский</option>
                <option value="en">English</option>
              </select>
            )}
          </Field>
        </div>
        <Field id="ed-title" label={t('ed.title')} required error={err('title')}>
          {(a) => <input {...a} type="text" maxLength={300} value={d.title} onInput={(e) => set('title', e.currentTarget.value)} />}
        </Field>
        <CountriesPicker
          id="ed-countries"
          label={t('ed.countries')}
          hint={t('ed.countries_pick_hint')}
          required
          error={err('countries')}
          value={d.countries}
          onChange={(v) => set('countries', v)}
        />
        <BulletinCity initial={d.city} onChange={(c) => set('city', c)} error={err('city_id')} />
        <fieldset class="field topics-field">
          <legend>{t('ed.topics')}</legend>
          <div class="checks">
            {TOPICS.map((x) => (
              <label key={x} class="check">
                <input
                  type="checkbox"
                  checked={d.topics.includes(x)}
                  onChange={(e) => set('topics', e.currentTarget.checked ? [...d.topics, x] : d.topics.filter((y) => y !== x))}
                />
                {t(`topic.${x}` as MessageKey)}
              </label>
            ))}
          </div>
        </fieldset>
        {fc && (
          <fieldset class="claim-fields">
            <legend>#StopCoronaFake</legend>
            <Field id="ed-claim" label={t('ed.claim')} required error={err('claim')}>
              {(a) => <textarea {...a} rows={2} value={d.claim} onInput={(e) => set('claim', e.currentTarget.value)} />}
            </Field>
            <div class="grid-2">
              <Field id="ed-claim_source" label={t('ed.claim_source')}>
                {(a) => <input {...a} type="text" value={d.claim_source} onInput={(e) => set('claim_source', e.currentTarget.value)} />}
              </Field>
              <Field id="ed-claim_date" label={t('ed.claim_date')} error={err('claim_date')}>
                {(a) => <input {...a} type="date" value={d.claim_date} onInput={(e) => set('claim_date', e.currentTarget.value)} />}
              </Field>
            </div>
            <Field id="ed-verdict" label={t('ed.verdict')} required error={err('verdict')}>
              {(a) => (
                <select {...a} value={d.verdict} onChange={(e) => set('verdict', e.currentTarget.value as Verdict)}>
                  <option value="">—</option>
                  {VERDICTS.map((v) => (
                    <option key={v} value={v}>
                      {t(`verdict.${v}` as MessageKey)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field id="ed-sources" label={t('ed.sources')} hint={t('ed.sources_hint')} error={err('sources')}>
              {(a) => (
                <ValueList {...a} type="url" values={d.sources} onChange={(v) => set('sources', v)}
                  rowLabel={(n) => t('ed.source_n', { n })} addLabel={t('ed.source_add')} />
              )}
            </Field>
          </fieldset>
        )}
        <div class="field">
          <div class="tabs" role="tablist" aria-label={t('ed.body')}>
            <button type="button" role="tab" id="tab-write" aria-selected={tab === 'write'} aria-controls="panel-body" onClick={() => setTab('write')}>
              {t('ed.write')}
            </button>
            <button type="button" role="tab" id="tab-preview" aria-selected={tab === 'preview'} aria-controls="panel-body" onClick={() => setTab('preview')}>
              {t('ed.preview')}
            </button>
          </div>
          <div id="panel-body" role="tabpanel" aria-labelledby={tab === 'write' ? 'tab-write' : 'tab-preview'}>
            {tab === 'write' && (
              <div class="image-insert">
                <label for="ed-image" class="btn btn-small">
                  {t('ed.image')}
                </label>
                <input
                  id="ed-image"
                  class="visually-hidden"
                  type="file"
                  accept="image/png,image/jpeg,image/webp"
                  onChange={(e) => {
                    const file = e.currentTarget.files?.[0];
                    e.currentTarget.value = '';
                    if (!file) return;
                    api
                      .post<{ url: string }>('/files', file)
                      .then((r) => set('body', `${d.body}${d.body && !d.body.endsWith('\n') ? '\n\n' : ''}![${file.name.replace(/[\[\]]/g, '')}](${r.url})\n`))
                      .catch((err: unknown) => setMessage(i18n.error(err)));
                  }}
                />
                <span class="hint">{t('ed.image_hint')}</span>
              </div>
            )}
            {tab === 'write' ? (
              <Field id="ed-body" label={fc ? t('ed.explanation') : t('ed.body')} hint={t('ed.body_hint')} required error={err('body')}>
                {(a) => <textarea {...a} rows={14} value={d.body} onInput={(e) => set('body', e.currentTarget.value)} />}
              </Field>
            ) : (
              <div class="prose preview" lang={d.lang} dangerouslySetInnerHTML={{ __html: preview }} />
            )}
          </div>
        </div>
        <div class="form-actions">
          <button type="submit" class="btn" disabled={busy}>
            {t('ed.save')}
          </button>
          {(status === 'draft' || status === 'returned') && (
            <button type="button" class="btn btn-primary" disabled={busy} onClick={() => void save('submit')}>
              {t('ed.submit')}
            </button>
          )}
          <Link href="/exchange/mine" class="btn btn-quiet">
            {t('common.cancel')}
          </Link>
        </div>
      </form>
    </>
  );
}

function BulletinTable({ items, actions }: { items: Bulletin[]; actions?: (b: Bulletin) => preact.ComponentChildren }) {
  const i18n = useI18n();
  const { t } = i18n;
  return (
    <div class="table-wrap">
      <table class="table">
        <thead>
          <tr>
            <th scope="col">{t('ed.title')}</th>
            <th scope="col">{t('ex.kind')}</th>
            <th scope="col">{t('ex.status')}</th>
            <th scope="col">{t('ex.updated')}</th>
            {actions && <th scope="col">{t('ex.actions')}</th>}
          </tr>
        </thead>
        <tbody>
          {items.map((b) => (
            <tr key={b.id}>
              <td class="wide-cell" lang={b.lang}>
                <Link href={bulletinHref(b)}>{b.title}</Link>
                <div class="muted">{b.author_name}</div>
              </td>
              <td>{t(`bkind.${b.kind}` as MessageKey)}</td>
              <td>
                <StatusBadge status={b.status} />
              </td>
              <td class="nowrap">{i18n.date(b.updated_at)}</td>
              {actions && <td class="actions-col">{actions(b)}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function MyBulletinsPage() {
  const { t } = useI18n();
  useTitle(t('ex.mine_title'));
  const list = usePaged<Bulletin>('/bulletins', { mine: '1' }, 50);
  return (
    <>
      <PageHeader
        title={t('ex.mine_title')}
        intro={t('ex.mine_intro')}
        actions={
          <Link href="/exchange/write" class="btn btn-primary">
            {t('ex.write')}
          </Link>
        }
      />
      {list.error != null && <LoadError error={list.error} onRetry={list.reload} />}
      {list.loading && list.items.length === 0 && <Spinner />}
      {!list.loading && list.items.length === 0 && <p class="empty">{t('ex.mine_none')}</p>}
      {list.items.length > 0 && (
        <BulletinTable
          items={list.items}
          actions={(b) =>
            b.status === 'draft' || b.status === 'returned' ? (
              <Link href={`/exchange/edit/${b.id}`} class="btn btn-small">
                {t('ex.edit')}
              </Link>
            ) : null
          }
        />
      )}
    </>
  );
}

export function ModerationPage() {
  const i18n = useI18n();
  const { t } = i18n;
  useTitle(t('mod.title'));
  const list = usePaged<Bulletin>('/bulletins', { status: 'submitted' }, 50);
  const [returning, setReturning] = useState<number | null>(null);
  const [reason, setReason] = useState('');
  const [note, setNote] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);
  const act = async (b: Bulletin, what: 'publish' | 'return') => {
    try {
      await api.post(`/bulletins/${b.id}/${what}`, what === 'return' ? { reason } : {});
      setNote({ kind: 'success', text: t(what === 'publish' ? 'mod.published' : 'mod.returned', { title: b.title }) });
      setReturning(null);
      setReason('');
      list.setItems((items) => items.filter((x) => x.id !== b.id));
    } catch (e) {
      setNote({ kind: 'error', text: i18n.error(e) });
    }
  };
  return (
    <>
      <PageHeader title={t('mod.title')} intro={t('mod.intro')} />
      {note && (
        <Alert kind={note.kind} onClose={() => setNote(null)}>
          {note.text}
        </Alert>
      )}
      {list.error != null && <LoadError error={list.error} onRetry={list.reload} />}
      {list.loading && list.items.length === 0 && <Spinner />}
      {!list.loading && list.items.length === 0 && <p class="empty">{t('mod.none')}</p>}
      <div class="bulletin-list">
        {list.items.map((b) => (
          <article key={b.id} class="bulletin-card">
            <h2 class="bulletin-card-title" lang={b.lang}>
              <Link href={bulletinHref(b)}>{b.title}</Link>
            </h2>
            <p class="bulletin-meta">
              {t(`bkind.${b.kind}` as MessageKey)} · {b.author_name} · {i18n.dateTime(b.updated_at)}
            </p>
            <p class="excerpt" lang={b.lang}>
              {b.excerpt}
            </p>
            {returning === b.id ? (
              <form
                class="return-form"
                onSubmit={(e) => {
                  e.preventDefault();
                  void act(b, 'return');
                }}
              >
                <Field id={`reason-${b.id}`} label={t('mod.reason')} required>
                  {(a) => <textarea {...a} rows={2} required value={reason} onInput={(e) => setReason(e.currentTarget.value)} />}
                </Field>
                <div class="form-actions">
                  <button type="submit" class="btn btn-danger" disabled={!reason.trim()}>
                    {t('mod.return')}
                  </button>
                  <button type="button" class="btn btn-quiet" onClick={() => setReturning(null)}>
                    {t('common.cancel')}
                  </button>
                </div>
              </form>
            ) : (
              <div class="form-actions">
                <button type="button" class="btn btn-primary" onClick={() => void act(b, 'publish')}>
                  {t('mod.publish')}
                </button>
                <button type="button" class="btn" onClick={() => setReturning(b.id)}>
                  {t('mod.return_with_reason')}
                </button>
              </div>
            )}
          </article>
        ))}
      </div>
    </>
  );
}

/** A meeting's start (an instant), or a day, or the days from–to. */
function spanText(i18n: I18n, date: string, to: string | null): string {
  if (date.includes('T')) return i18n.dateTime(date);
  return to ? `${i18n.date(date)} – ${i18n.date(to)}` : i18n.date(date);
}

/** Kind, date or since, status, countries: what each kind of hit has. */
function HitMeta({ h }: { h: Hit }) {
  const i18n = useI18n();
  const { t } = i18n;
  const parts = [t(`skind.${h.kind}` as MessageKey)];
  if (h.kind === 'partnership') {
    parts.push(t(`p.kind.${h.subkind}` as MessageKey));
    if (h.date) parts.push(t('search.since', { y: h.date.slice(0, 4) }));
    if (h.status) parts.push(t(`p.status.${h.status}` as MessageKey));
  } else if (h.kind === 'organization') {
    parts.push(t(`kind.${h.subkind}` as MessageKey));
  } else if (h.kind === 'meeting' || h.kind === 'event') {
    parts.push(t(h.kind === 'meeting' ? (`meet.format.${h.subkind}` as MessageKey) : (`ev.kind.${h.subkind}` as MessageKey)));
    if (h.date) parts.push(spanText(i18n, h.date, h.date_to));
    if (h.status) parts.push(t(h.kind === 'meeting' ? (`meet.status.${h.status}` as MessageKey) : (`ev.status.${h.status}` as MessageKey)));
  } else if (h.kind === 'practice') {
    parts.push(t(`rm.sector.${h.subkind}` as MessageKey));
  } else if (h.kind === 'shipment' || h.kind === 'delegation') {
    // a year alone when the source gives no day
    if (h.date) parts.push(h.date.length === 4 ? h.date : spanText(i18n, h.date, h.date_to));
    if (h.status) parts.push(t(h.kind === 'shipment' ? (`sh.status.${h.status}` as MessageKey) : (`dl.status.${h.status}` as MessageKey)));
  } else if (h.kind !== 'person') {
    if (h.date) parts.push(i18n.date(h.date));
    if (h.kind !== 'aid' && h.status && h.status !== 'published') parts.push(t(`bstatus.${h.status}` as MessageKey));
  }
  if (h.countries.length > 0) parts.push(h.countries.join(', '));
  return <>{parts.join(' · ')}</>;
}

/**
 * The title of a hit without a language of its own (organizations,
 * partnerships, meetings, events: "ru · en"), split in two: the UI
 * language's first, the other one after; [all, []] when it has one language.
 */
function splitTitle(segments: Segment[], locale: string): [Segment[], Segment[]] {
  const SEP = ' · ';
  const at = segments.findIndex((s) => !s.mark && s.text.includes(SEP));
  const sep = segments[at];
  if (!sep) return [segments, []];
  const cut = sep.text.indexOf(SEP);
  const ru = [...segments.slice(0, at), { text: sep.text.slice(0, cut), mark: false }];
  const en = [{ text: sep.text.slice(cut + SEP.length), mark: false }, ...segments.slice(at + 1)];
  const keep = (l: Segment[]) => l.filter((x) => x.text !== '');
  return locale === 'ru' ? [keep(ru), keep(en)] : [keep(en), keep(ru)];
}

function HitTitle({ h }: { h: Hit }) {
  const { locale } = useI18n();
  const [main, other] = h.lang ? [h.title_marked, []] : splitTitle(h.title_marked, locale);
  const mainLang = h.lang ?? (other.length > 0 ? (locale === 'ru' ? 'ru' : 'en') : undefined);
  const title = <Marked segments={main} />;
  return (
    <>
      <h2 class="hit-title" lang={mainLang}>
        {h.url ? <Link href={h.url}>{title}</Link> : title}
      </h2>
      {other.length > 0 && (
        <p class="hit-other-title" lang={locale === 'ru' ? 'en' : 'ru'}>
          <Marked segments={other} />
        </p>
      )}
    </>
  );
}

/** Every country, by its name in the UI language, for the search's country filter. */
function useCountryOptions(): Country[] {
  const i18n = useI18n();
  const [countries, setCountries] = useState<Country[]>([]);
  useEffect(() => {
    api.get<{ items: Country[] }>('/countries').then((x) => setCountries(x.items)).catch(() => setCountries([]));
  }, []);
  return useMemo(() => {
    const name = (c: Country) => i18n.country(c.code, c.name_ru, c.name_en);
    return [...countries].sort((a, b) => name(a).localeCompare(name(b), i18n.tag));
  }, [countries, i18n]);
}

const SEARCH_KINDS = ['bulletin', 'fact_check', 'aid', 'organization', 'partnership', 'meeting', 'event', 'person', 'practice',
  'shipment', 'delegation'];

export function SearchPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const { search } = useLocation();
  const q = search.get('q') ?? '';
  const kind = search.get('kind') ?? '';
  const country = search.get('country') ?? '';
  const topic = search.get('topic') ?? '';
  const from = search.get('from') ?? '';
  const to = search.get('to') ?? '';
  const countries = useCountryOptions();
  useTitle(q ? `${t('search.title')}: ${q}` : t('search.title'));
  const [hits, setHits] = useState<Hit[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const gen = useRef(0);

  useEffect(() => {
    if (!q.trim()) {
      setHits(null);
      return;
    }
    const my = ++gen.current;
    setError(null);
    setHits(null);
    api
      .get<{ items: Hit[] }>('/search', { q, kind, country, topic, from, to, limit: 30 })
      .then((r) => my === gen.current && setHits(r.items))
      .catch((e: unknown) => my === gen.current && setError(e));
  }, [q, kind, country, topic, from, to]);

  const setFilter = (name: string, value: string) => {
    const qs = new URLSearchParams(search);
    if (value) qs.set(name, value);
    else qs.delete(name);
    navigate(`/search?${qs}`, { replace: true });
  };

  return (
    <>
      <PageHeader title={t('search.title')} intro={t('search.intro')} />
      <SearchBox key={q} initial={q} />
      <div class="filters" role="group" aria-label={t('ex.filters')}>
        <FilterSelect id="s-kind" label={t('ex.kind')} all={t('ex.all_kinds')} value={kind}
          options={SEARCH_KINDS.map((k) => [k, t(`skind.${k}` as MessageKey)])} onChange={(v) => setFilter('kind', v)} />
        <FilterSelect id="s-country" class="select-country" label={t('ex.country')} all={t('ex.all_countries')} value={country}
          options={countries.map((c) => [c.code, i18n.country(c.code, c.name_ru, c.name_en)])} onChange={(v) => setFilter('country', v)} />
        <TopicFilter id="s-topic" value={topic} onChange={(v) => setFilter('topic', v)} />
        <div class="filter-range">
          <div class="field field-inline">
            <label for="s-from">{t('search.from')}</label>
            <input id="s-from" type="date" value={from} onChange={(e) => setFilter('from', e.currentTarget.value)} />
          </div>
          <div class="field field-inline">
            <label for="s-to">{t('search.to')}</label>
            <input id="s-to" type="date" value={to} onChange={(e) => setFilter('to', e.currentTarget.value)} />
          </div>
        </div>
      </div>
      {topic && <p class="muted">{t('search.topic_note')}</p>}
      {error != null && <LoadError error={error} />}
      {q && !hits && error == null && <Spinner />}
      {hits && (
        <p class="muted" role="status">
          {t('search.count', { n: hits.length, q })}
        </p>
      )}
      {hits && (
        <ol class="hit-list">
          {hits.map((h) => (
            <li key={`${h.kind}-${h.id}`} class="hit">
              <HitTitle h={h} />
              <p class="bulletin-meta">
                <HitMeta h={h} />
              </p>
              <p class="snippet" lang={h.lang ?? undefined}>
                <Marked segments={h.snippet} />
              </p>
            </li>
          ))}
        </ol>
      )}
    </>
  );
}
