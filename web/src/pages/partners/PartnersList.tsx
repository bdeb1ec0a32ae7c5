// The partner registry: the partnerships of our city (the city of the user's
// organization) with filters, sort, counts by kind/country/continent, the
// add form, and CSV export and import.

import { useEffect, useState } from 'preact/hooks';
import { type MessageKey, useI18n } from '../../i18n';
import { api, withQuery } from '../../lib/api';
import { useDebounced, usePaged, useTitle } from '../../lib/hooks';
import { Link, navigate } from '../../lib/router';
import { useSession } from '../../lib/session';
import {
  PARTNERSHIP_KINDS,
  PARTNERSHIP_STATUSES,
  type Partnership,
  type PartnershipSummary,
  type GroupCount,
} from '../../lib/types';
import { ListPage } from '../../components/lists';
import { KindBadge, PartnersTabs, StatusBadge, canWrite, useHomeCity } from '../../components/partners';
import { Alert, FilterSelect, SearchFilter } from '../../components/ui';
import { PartnershipForm } from './PartnershipForm';
import { CsvImport } from './CsvImport';
import { exportSep } from '../../components/ImportReport';
import { CityPlace, StatedFigures, useCityRegions } from '../../components/StatedFigures';

const SORTS = ['name', 'country', 'since', 'population', 'kind', 'status'] as const;

export function PartnersListPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const { user } = useSession();
  const home = useHomeCity();
  useTitle(t('p.title'));
  const [q, setQ] = useState('');
  const [kind, setKind] = useState('');
  const [status, setStatus] = useState('');
  const [country, setCountry] = useState('');
  const [sort, setSort] = useState<(typeof SORTS)[number]>('name');
  const [adding, setAdding] = useState(false);
  const [importing, setImporting] = useState(false);
  const [notice, setNotice] = useState<MessageKey | null>(null);
  const [summary, setSummary] = useState<PartnershipSummary | null>(null);
  const [tick, setTick] = useState(0);
  const dq = useDebounced(q, 250);
  const city = home ? String(home.id) : '';
  const query: Record<string, string> = { city, sort, lang: i18n.locale };
  if (dq.trim()) query.q = dq.trim();
  if (kind) query.kind = kind;
  if (status) query.status = status;
  if (country) query.country = country;
  const list = usePaged<Partnership>('/partnerships', query, 100);
  const writer = canWrite(user.role);
  const regions = useCityRegions();

  useEffect(() => {
    api
      .get<PartnershipSummary>('/partnerships/summary', { city })
      .then(setSummary)
      .catch(() => setSummary(null));
  }, [city, tick]);

  const cityName = home ? i18n.name(home) : '';
  const filtered = Boolean(dq.trim() || kind || status || country);
  const exportHref = `/api/v1${withQuery('/partnerships.csv', { city, kind: kind || undefined, status: status || undefined, country: country || undefined, sep: exportSep(i18n.locale) })}`;

  return (
    <ListPage
      title={t('p.title')}
      intro={writer ? t('p.intro', { city: cityName }) : t('p.intro_partner', { city: cityName })}
      actions={
        writer && (
          <>
            <button type="button" class="btn btn-primary" onClick={() => setAdding(true)}>
              {t('p.add')}
            </button>
            <a class="btn" href={exportHref} download="partnerships.csv">
              {t('p.export')}
            </a>
            <button type="button" class="btn" onClick={() => setImporting(true)}>
              {t('p.import')}
            </button>
          </>
        )
      }
      before={
        <>
          <PartnersTabs current="list" />
          {notice && (
            <Alert kind="success" onClose={() => setNotice(null)}>
              {t(notice)}
            </Alert>
          )}
          {home && summary && <StatedFigures cityId={home.id} registry={summary.total} />}
          {summary && summary.total > 0 && <Counts summary={summary} country={country} onCountry={setCountry} />}
        </>
      }
      filters={
        <>
          <SearchFilter id="pf-q" label={t('p.filter_q')} value={q} onChange={setQ} placeholder={t('p.filter_q_hint')} />
          <FilterSelect
            id="pf-kind"
            label={t('p.filter_kind')}
            value={kind}
            onChange={setKind}
            options={PARTNERSHIP_KINDS.map((k) => ({ value: k, label: t(`p.kind.${k}` as MessageKey) }))}
          />
          <FilterSelect
            id="pf-status"
            label={t('p.filter_status')}
            value={status}
            onChange={setStatus}
            options={PARTNERSHIP_STATUSES.map((k) => ({ value: k, label: t(`p.status.${k}` as MessageKey) }))}
          />
          <FilterSelect
            id="pf-country"
            label={t('p.filter_country')}
            value={country}
            onChange={setCountry}
            options={(summary?.by_country ?? []).map((c) => ({ value: c.key, label: `${i18n.pick(c.name_ru, c.name_en) || c.key} (${c.count})` }))}
          />
          <div class="field">
            <label for="pf-sort">{t('p.sort')}</label>
            <select id="pf-sort" value={sort} onChange={(e) => setSort(e.currentTarget.value as (typeof SORTS)[number])}>
              {SORTS.map((s) => (
                <option key={s} value={s}>
                  {t(`p.sort_${s}` as MessageKey)}
                </option>
              ))}
            </select>
          </div>
        </>
      }
      list={list}
      empty={filtered ? t('p.empty') : t('p.none_yet')}
      after={
        <>
          {adding && home && (
            <PartnershipForm
              home={home}
              partnership={null}
              onClose={() => setAdding(false)}
              onSaved={(p) => {
                setAdding(false);
                navigate(`/partners/${p.id}?created=1`);
              }}
            />
          )}
          {importing && (
            <CsvImport
              onClose={() => setImporting(false)}
              onImported={() => {
                setTick((x) => x + 1);
                list.reload();
              }}
            />
          )}
        </>
      }
    >
      <div class="table-wrap">
        <table class="table partners-table">
          <caption class="visually-hidden">{t('p.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('p.col_city')}</th>
              <th scope="col">{t('p.col_country')}</th>
              <th scope="col">{t('p.col_kind')}</th>
              <th scope="col">{t('p.col_since')}</th>
              <th scope="col">{t('p.col_status')}</th>
              <th scope="col" class="num">
                {t('p.col_population')}
              </th>
            </tr>
          </thead>
          <tbody>
            {list.items.map((p) => (
              <tr key={p.id}>
                <th scope="row">
                  <Link href={`/partners/${p.id}`}>{i18n.name(p.city_b)}</Link>
                </th>
                <td>
                  <CityPlace region={regions.get(p.city_b.id)} country={i18n.pick(p.city_b.country_name_ru, p.city_b.country_name_en) || p.city_b.country_code} />
                </td>
                <td>
                  <KindBadge kind={p.kind} />
                </td>
                <td>{p.since ?? t('common.none')}</td>
                <td>
                  <StatusBadge status={p.status} />
                </td>
                <td class="num">{p.city_b.population ? i18n.num(p.city_b.population) : t('common.none')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </ListPage>
  );
}

function Counts(props: { summary: PartnershipSummary; country: string; onCountry: (c: string) => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const s = props.summary;
  const group = (title: MessageKey, rows: GroupCount[], label: (g: GroupCount) => string, id: string) => (
    <section class="card count-card" aria-labelledby={id}>
      <h2 id={id} class="card-title">
        {t(title)}
      </h2>
      <ul class="count-list">
        {rows.slice(0, 8).map((g) => (
          <li key={g.key}>
            <span>{label(g)}</span>
            <span class="count-n">{i18n.num(g.count)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
  return (
    <div class="counts">
      <p class="counts-total">{t('p.total', { n: s.total })}</p>
      <div class="count-grid">
        {group('p.by_kind', s.by_kind, (g) => t(`p.kind.${g.key}` as MessageKey), 'cnt-kind')}
        {group('p.by_country', s.by_country, (g) => i18n.pick(g.name_ru, g.name_en) || g.key, 'cnt-country')}
        {group('p.by_continent', s.by_continent, (g) => t(`p.continent.${g.key}` as MessageKey), 'cnt-continent')}
      </div>
    </div>
  );
}
