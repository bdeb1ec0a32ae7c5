// Search over bulletins and the rest of the site: search marks come as
// segments and are rendered as <mark> elements, never as HTML.

import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { type I18n, type MessageKey, useI18n } from '../../i18n';
import { api } from '../../lib/api';
import { useTitle } from '../../lib/hooks';
import { Link, navigate, useLocation } from '../../lib/router';
import { LoadError, PageHeader, Spinner } from '../../components/ui';
import type { Country } from '../../lib/types';
import { SearchBox, FilterSelect, TopicFilter } from './shared';

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

function Marked({ segments }: { segments: Segment[] }) {
  return (
    <>
      {segments.map((s, i) => (s.mark ? <mark key={i}>{s.text}</mark> : <span key={i}>{s.text}</span>))}
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
