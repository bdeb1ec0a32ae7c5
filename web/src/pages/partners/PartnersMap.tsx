// The world map of our partners, drawn offline on the shared world map
// (components/WorldMap: world-atlas through topojson-client and d3-geo).
// Markers are coloured by the kind of partnership and sized by population; great-circle lines run from the home city; hovering
// or focusing a marker shows a card; selecting it opens the partner page.

import { useEffect, useMemo, useState } from 'preact/hooks';
import { type MessageKey, useI18n } from '../../i18n';
import { api } from '../../lib/api';
import { useTitle } from '../../lib/hooks';
import { Link, navigate } from '../../lib/router';
import { PARTNERSHIP_KINDS, type Network, type NetworkNode, type PartnershipKind } from '../../lib/types';
import { KIND_COLOR, PartnersTabs, useHomeCity } from '../../components/partners';
import { LoadError, PageHeader, Spinner } from '../../components/ui';
import { H, MapBase, W, path, projection } from '../../components/WorldMap';

export function markerRadius(population: number): number {
  return Math.max(3, Math.min(14, 2.5 + Math.sqrt(Math.max(0, population)) / 350));
}

interface Marker {
  node: NetworkNode;
  partnership: number;
  kind: PartnershipKind;
  x: number;
  y: number;
  r: number;
  line: string;
}

export function PartnersMapPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const home = useHomeCity();
  useTitle(t('p.map_title'));
  const [net, setNet] = useState<Network | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [hover, setHover] = useState<Marker | null>(null);
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

  const markers = useMemo<Marker[]>(() => {
    if (!net) return [];
    const centre = net.nodes.find((x) => x.depth === 0);
    const byId = new Map(net.nodes.map((x) => [x.id, x]));
    const out: Marker[] = [];
    for (const e of net.edges) {
      if (e.a !== net.centre && e.b !== net.centre) continue;
      const node = byId.get(e.a === net.centre ? e.b : e.a);
      const xy = node && projection([node.longitude, node.latitude]);
      if (!node || !xy || !centre) continue;
      out.push({
        node,
        partnership: e.id,
        kind: e.kind,
        x: xy[0],
        y: xy[1],
        r: markerRadius(node.population),
        line:
          path({
            type: 'LineString',
            coordinates: [
              [centre.longitude, centre.latitude],
              [node.longitude, node.latitude],
            ],
          }) ?? '',
      });
    }
    return out.sort((a, b) => b.r - a.r); // small markers on top
  }, [net]);

  const centre = net?.nodes.find((x) => x.depth === 0);
  const cxy = centre ? projection([centre.longitude, centre.latitude]) : null;
  const cityName = home ? i18n.name(home) : '';
  const country = (c: NetworkNode) => i18n.pick(c.country_name_ru, c.country_name_en) || c.country_code;

  return (
    <>
      <PageHeader title={t('p.map_title')} intro={t('p.map_intro', { city: cityName })} />
      <PartnersTabs current="map" />
      {error != null && <LoadError error={error} onRetry={() => setN((x) => x + 1)} />}
      {!net && error == null && <Spinner />}
      {net && (
        <>
          <ul class="legend" aria-label={t('p.map_legend')}>
            {PARTNERSHIP_KINDS.map((k) => (
              <li key={k}>
                <span class="kind-dot" style={{ background: KIND_COLOR[k] }} aria-hidden="true" />
                {t(`p.kind.${k}` as MessageKey)} ({markers.filter((x) => x.kind === k).length})
              </li>
            ))}
          </ul>
          <div class="map-wrap">
            <svg
              class="world-map"
              viewBox={`0 0 ${W} ${H}`}
              role="group"
              aria-label={t('p.map_label', { city: cityName })}
            >
              <MapBase />
              <g class="map-lines" aria-hidden="true">
                {markers.map((x) => (
                  <path key={x.partnership} d={x.line} stroke={KIND_COLOR[x.kind]} class={hover === x ? 'hot' : ''} />
                ))}
              </g>
              {markers.map((x) => (
                <a
                  key={x.partnership}
                  href={`/partners/${x.partnership}`}
                  class="map-marker"
                  aria-label={t('p.marker', { city: i18n.name(x.node), country: country(x.node), kind: t(`p.kind.${x.kind}` as MessageKey) })}
                  data-city={x.node.name_en}
                  onClick={(e) => {
                    e.preventDefault();
                    navigate(`/partners/${x.partnership}`);
                  }}
                  onMouseEnter={() => setHover(x)}
                  onMouseLeave={() => setHover((h) => (h === x ? null : h))}
                  onFocus={() => setHover(x)}
                  onBlur={() => setHover((h) => (h === x ? null : h))}
                >
                  <circle cx={x.x} cy={x.y} r={x.r} fill={KIND_COLOR[x.kind]} />
                </a>
              ))}
              {cxy && centre && (
                <g class="map-home" aria-hidden="true">
                  <circle cx={cxy[0]} cy={cxy[1]} r={7} />
                  <text x={cxy[0] + 10} y={cxy[1] - 8}>
                    {i18n.name(centre)}
                  </text>
                </g>
              )}
            </svg>
            {hover && (
              <div
                class="map-card"
                role="status"
                style={{ left: `${(hover.x / W) * 100}%`, top: `${(hover.y / H) * 100}%` }}
              >
                <strong>{i18n.name(hover.node)}</strong>
                <span>{country(hover.node)}</span>
                <span>
                  <span class="kind-dot" style={{ background: KIND_COLOR[hover.kind] }} aria-hidden="true" />
                  {t(`p.kind.${hover.kind}` as MessageKey)}
                </span>
                {hover.node.population > 0 && <span>{t('city.population', { n: hover.node.population })}</span>}
              </div>
            )}
          </div>
          {markers.length === 0 && <p class="empty">{t('p.map_empty')}</p>}
          {markers.length > 0 && (
            <details class="map-list" onToggle={(e) => setListOpen(e.currentTarget.open)}>
              <summary>
                {t('p.map_list')} ({markers.length})
              </summary>
              {listOpen && (
              <ul>
                {[...markers]
                  .sort((a, b) => i18n.name(a.node).localeCompare(i18n.name(b.node), i18n.locale))
                  .map((x) => (
                    <li key={x.partnership}>
                      <Link href={`/partners/${x.partnership}`}>{i18n.name(x.node)}</Link> — {country(x.node)}
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
