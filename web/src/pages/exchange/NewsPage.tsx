// The public news page: filters, search, activity by country, Atom feeds,
// and new publications announced live.

import { useEffect, useState } from 'preact/hooks';
import { type MessageKey, useI18n } from '../../i18n';
import { usePaged, useTitle } from '../../lib/hooks';
import { realtime } from '../../lib/realtime';
import { Link, navigate, useLocation } from '../../lib/router';
import { LoadError, PageHeader, Spinner } from '../../components/ui';
import { ActivityMap } from '../../components/ActivityMap';
import {
  type BulletinKind,
  type Bulletin,
  type Activity,
  KINDS,
  useMaybeUser,
  bulletinHref,
  useActivity,
  VerdictBadge,
  Meta,
  Topics,
  SearchBox,
  FilterSelect,
  TopicFilter,
} from './shared';

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
