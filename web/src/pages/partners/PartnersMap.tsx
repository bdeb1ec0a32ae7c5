// The world map of our partners, drawn offline on the shared world map
// (components/PartnerMap over components/WorldMap: world-atlas through
// topojson-client and d3-geo). Selecting a marker opens the partner page.

import { useEffect, useMemo, useState } from 'preact/hooks';
import { useI18n } from '../../i18n';
import { api } from '../../lib/api';
import { useTitle } from '../../lib/hooks';
import { Link } from '../../lib/router';
import type { Network, PartnerCity } from '../../lib/types';
import { PartnersTabs, useHomeCity } from '../../components/partners';
import { KindLegend, type MapPartner, PartnerMap } from '../../components/PartnerMap';
import { LoadError, PageHeader, Spinner } from '../../components/ui';

export function PartnersMapPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const home = useHomeCity();
  useTitle(t('p.map_title'));
  const [net, setNet] = useState<Network | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [n, setN] = useState(0);
  const [listOpen, setListOpen] = useState(false);

  useEffect(() => {
    let live = true;
    setError(null);
    api
      .get<Network>('/network', { city: home?.id, second: 0 })
      .then((x) => live && setNet(x))
      .catch((e: unknown) => live && setError(e));
    return () => {
      live = false;
    };
  }, [home?.id, n]);

  const centre = net?.nodes.find((x) => x.depth === 0);
  const partners = useMemo<MapPartner[]>(() => {
    if (!net) return [];
    const byId = new Map(net.nodes.map((x) => [x.id, x]));
    const out: MapPartner[] = [];
    for (const e of net.edges) {
      if (e.a !== net.centre && e.b !== net.centre) continue;
      const city = byId.get(e.a === net.centre ? e.b : e.a);
      if (city) out.push({ id: e.id, city, kind: e.kind, href: `/partners/${e.id}` });
    }
    return out;
  }, [net]);

  const cityName = home ? i18n.name(home) : '';
  const country = (c: PartnerCity) => i18n.pick(c.country_name_ru, c.country_name_en) || c.country_code;

  return (
    <>
      <PageHeader title={t('p.map_title')} intro={t('p.map_intro', { city: cityName })} />
      <PartnersTabs current="map" />
      {error != null && <LoadError error={error} onRetry={() => setN((x) => x + 1)} />}
      {!net && error == null && <Spinner />}
      {net && !centre && <p class="empty">{t('p.map_empty')}</p>}
      {net && centre && (
        <>
          <KindLegend partners={partners} />
          <PartnerMap centre={centre} partners={partners} />
          {partners.length === 0 && <p class="empty">{t('p.map_empty')}</p>}
          {partners.length > 0 && (
            <details class="map-list" onToggle={(e) => setListOpen(e.currentTarget.open)}>
              <summary>
                {t('p.map_list')} ({partners.length})
              </summary>
              {listOpen && (
                <ul>
                  {[...partners]
                    .sort((a, b) => i18n.name(a.city).localeCompare(i18n.name(b.city), i18n.locale))
                    .map((x) => (
                      <li key={x.id}>
                        <Link href={`/partners/${x.id}`}>{i18n.name(x.city)}</Link> — {country(x.city)}
                      </li>
                    ))}
                </ul>
              )}
            </details>
          )}
        </>
      )}
    </>
  );
}
