// What the exchange's pages share: the bulletin's types, the signed-in user
// on public pages, bulletin links, the activity by country, the badges and
// meta lines of a bulletin, the search box and the list filters.

import { useContext, useEffect, useState } from 'preact/hooks';
import { type I18n, type MessageKey, useI18n } from '../../i18n';
import { api } from '../../lib/api';
import { Link, navigate } from '../../lib/router';
import { SessionContext } from '../../lib/session';
import { Badge } from '../../components/ui';

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

export interface Activity {
  countries: Array<{ country_code: string; name_en: string; name_ru: string; count: number }>;
  topics: string[];
}

export const KINDS: BulletinKind[] = ['news', 'good_news', 'fact_check'];
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
export function useActivity(version = 0): Activity | null {
  const [a, setA] = useState<Activity | null>(null);
  useEffect(() => {
    api.get<Activity>('/exchange/activity').then(setA).catch(() => setA(null));
  }, [version]);
  return a;
}

function countryName(a: Activity | null, code: string, i18n: I18n): string {
  const c = a?.countries.find((x) => x.country_code === code);
  return i18n.country(code, c?.name_ru, c?.name_en);
}

export function VerdictBadge({ verdict }: { verdict: Verdict }) {
  const { t } = useI18n();
  const tone = verdict === 'true' ? 'green' : verdict === 'unproven' ? 'amber' : 'red';
  return <Badge tone={tone}>{t(`verdict.${verdict}` as MessageKey)}</Badge>;
}

export function StatusBadge({ status }: { status: Bulletin['status'] }) {
  const { t } = useI18n();
  const tone = status === 'published' ? 'green' : status === 'returned' ? 'red' : status === 'submitted' ? 'blue' : 'neutral';
  return <Badge tone={tone}>{t(`bstatus.${status}` as MessageKey)}</Badge>;
}

export function Meta({ b, activity }: { b: Bulletin; activity: Activity | null }) {
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

export function Topics({ topics }: { topics: string[] }) {
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

export function SearchBox(props: { initial?: string; autoFocus?: boolean }) {
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
export function FilterSelect(props: {
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

export function TopicFilter(props: { id: string; value: string; onChange: (value: string) => void }) {
  const { t } = useI18n();
  return (
    <FilterSelect id={props.id} label={t('ex.topic')} all={t('ex.all_topics')} value={props.value}
      options={TOPICS.map((k) => [k, t(`topic.${k}` as MessageKey)])} onChange={props.onChange} />
  );
}
