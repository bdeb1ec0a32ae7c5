// The published partner cities, for anyone (GET /partner-cities): pick a city
// that has partners, see them on the world map and in a table by kind and
// since when. Only partnerships marked published; no notes, no people.

import { useEffect, useMemo, useState } from 'preact/hooks';
import { useI18n } from '../../i18n';
import { api } from '../../lib/api';
import { useTitle } from '../../lib/hooks';
import { navigate, useLocation } from '../../lib/router';
import type { Page, PartnerCity, PartnershipKind } from '../../lib/types';
import { KindBadge } from '../../components/partners';
import { KindLegend, type MapPartner, PartnerMap } from '../../components/PartnerMap';
import { LoadError, PageHeader, Spinner } from '../../components/ui';

interface Published {
  city_a: PartnerCity;
  city_b: PartnerCity;
  kind: PartnershipKind;
  since: string | null;
}

interface Hub {
  city: PartnerCity;
  partners: Array<MapPartner & { since: string | null }>;
}

/** Every page of the published list. */
async function loadAll(): Promise<Published[]> {
  const out: Published[] = [];
  let cursor: string | undefined;
  do {
    const page = await api.get<Page<Published>>('/partner-cities', { limit: 200, cursor });
    out.push(...page.items);
    cursor = page.next_cursor ?? undefined;
  } while (cursor);
  return out;
}

/** The cities with more than one partner (the department's own), most partners first. */
function hubsOf(list: Published[]): Hub[] {
  const by = new Map<number, Hub>();
  const add = (city: PartnerCity, other: PartnerCity, p: Published, id: number) => {
    const h = by.get(city.id) ?? { city, partners: [] };
    h.partners.push({ id, city: other, kind: p.kind, since: p.since });
    by.set(city.id, h);
  };
  list.forEach((p, i) => {
    add(p.city_a, p.city_b, p, i);
    add(p.city_b, p.city_a, p, i);
  });
  return [...by.values()].filter((h) => h.partners.length > 1).sort((a, b) => b.partners.length - a.partners.length);
}

export function PartnerCitiesPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const { search } = useLocation();
  useTitle(t('pc.title'));
  const [list, setList] = useState<Published[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [n, setN] = useState(0);
  useEffect(() => {
    setError(null);
    loadAll().then(setList).catch(setError);
  }, [n]);
  const hubs = useMemo(() => (list ? hubsOf(list) : []), [list]);
  const wanted = Number(search.get('city'));
  const hub = hubs.find((h) => h.city.id === wanted) ?? hubs[0];
  const country = (c: PartnerCity) => i18n.pick(c.country_name_ru, c.country_name_en) || c.country_code;
  const dated = hub?.partners.some((p) => p.since) ?? false; /* the seeds give no year */
  const byName = (a: MapPartner, b: MapPartner) => i18n.name(a.city).localeCompare(i18n.name(b.city), i18n.locale);

  return (
    <>
      <PageHeader title={t('pc.title')} intro={t('pc.intro')} />
      {error != null && <LoadError error={error} onRetry={() => setN((x) => x + 1)} />}
      {!list && error == null && <Spinner />}
      {list && !hub && <p class="empty">{t('pc.empty')}</p>}
      {hub && (
        <>
          <div class="field pc-city">
            <label for="pc-city">{t('pc.city')}</label>
            <select id="pc-city" value={hub.city.id} onChange={(e) => navigate(`/partner-cities?city=${e.currentTarget.value}`, { replace: true })}>
              {hubs.map((h) => (
                <option key={h.city.id} value={h.city.id}>
                  {t('pc.city_option', { city: i18n.name(h.city), n: h.partners.length })}
                </option>
              ))}
            </select>
          </div>
          <KindLegend partners={hub.partners} />
          <PartnerMap centre={hub.city} partners={hub.partners} />
          <div class="table-wrap">
            <table class="table">
              <caption class="visually-hidden">{t('pc.table', { city: i18n.name(hub.city) })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('pc.partner')}</th>
                  <th scope="col">{t('pc.country')}</th>
                  <th scope="col">{t('pc.kind')}</th>
                  {dated && <th scope="col">{t('pc.since')}</th>}
                </tr>
              </thead>
              <tbody>
                {[...hub.partners].sort(byName).map((p) => (
                  <tr key={p.id}>
                    <th scope="row">{i18n.name(p.city)}</th>
                    <td>{country(p.city)}</td>
                    <td>
                      <KindBadge kind={p.kind} />
                    </td>
                    {dated && <td>{p.since ? p.since.slice(0, 4) : '—'}</td>}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </>
  );
}
