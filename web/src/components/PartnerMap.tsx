// A city and its partners on the shared world map (components/WorldMap):
// markers coloured by the kind of partnership and sized by population,
// great-circle lines from the centre; hovering or focusing a marker shows a
// card. The registry's map (signed in) makes each marker a link to the
// partnership; the public partner cities page shows the card only.

import { useMemo, useState } from 'preact/hooks';
import { type MessageKey, useI18n } from '../i18n';
import { navigate } from '../lib/router';
import { PARTNERSHIP_KINDS, type PartnerCity, type PartnershipKind } from '../lib/types';
import { KIND_COLOR } from './partners';
import { H, MapBase, W, path, projection } from './WorldMap';

export function markerRadius(population: number): number {
  return Math.max(3, Math.min(14, 2.5 + Math.sqrt(Math.max(0, population)) / 350));
}

/** One partnership of the centre: the partner city, the kind, where its marker leads (if anywhere). */
export interface MapPartner {
  id: number;
  city: PartnerCity;
  kind: PartnershipKind;
  href?: string;
}

interface Marker extends MapPartner {
  x: number;
  y: number;
  r: number;
  line: string;
}

function placed(centre: PartnerCity, partners: MapPartner[]): Marker[] {
  const out: Marker[] = [];
  for (const p of partners) {
    const xy = projection([p.city.longitude, p.city.latitude]);
    if (!xy) continue;
    const line = path({
      type: 'LineString',
      coordinates: [
        [centre.longitude, centre.latitude],
        [p.city.longitude, p.city.latitude],
      ],
    });
    out.push({ ...p, x: xy[0], y: xy[1], r: markerRadius(p.city.population), line: line ?? '' });
  }
  return out.sort((a, b) => b.r - a.r); // small markers on top
}

/** The legend of the kinds, with how many partners of each the map shows. */
export function KindLegend({ partners }: { partners: MapPartner[] }) {
  const { t } = useI18n();
  return (
    <ul class="legend" aria-label={t('p.map_legend')}>
      {PARTNERSHIP_KINDS.map((k) => (
        <li key={k}>
          <span class="kind-dot" style={{ background: KIND_COLOR[k] }} aria-hidden="true" />
          {t(`p.kind.${k}` as MessageKey)} ({partners.filter((x) => x.kind === k).length})
        </li>
      ))}
    </ul>
  );
}

export function PartnerMap({ centre, partners }: { centre: PartnerCity; partners: MapPartner[] }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [hover, setHover] = useState<Marker | null>(null);
  const markers = useMemo(() => placed(centre, partners), [centre, partners]);
  const cxy = projection([centre.longitude, centre.latitude]);
  const country = (c: PartnerCity) => i18n.pick(c.country_name_ru, c.country_name_en) || c.country_code;
  const label = (x: Marker) => t('p.marker', { city: i18n.name(x.city), country: country(x.city), kind: t(`p.kind.${x.kind}` as MessageKey) });
  const show = (x: Marker) => setHover(x);
  const hide = (x: Marker) => setHover((h) => (h === x ? null : h));
  return (
    <div class="map-wrap">
      <svg class="world-map" viewBox={`0 0 ${W} ${H}`} role="group" aria-label={t('p.map_label', { city: i18n.name(centre) })}>
        <MapBase />
        <g class="map-lines" aria-hidden="true">
          {markers.map((x) => (
            <path key={x.id} d={x.line} stroke={KIND_COLOR[x.kind]} class={hover === x ? 'hot' : ''} />
          ))}
        </g>
        {markers.map((x) => {
          const circle = <circle cx={x.x} cy={x.y} r={x.r} fill={KIND_COLOR[x.kind]} />;
          const events = {
            'aria-label': label(x),
            'data-city': x.city.name_en,
            class: 'map-marker',
            onMouseEnter: () => show(x),
            onMouseLeave: () => hide(x),
            onFocus: () => show(x),
            onBlur: () => hide(x),
          };
          const href = x.href;
          return href ? (
            <a
              key={x.id}
              href={href}
              {...events}
              onClick={(e) => {
                e.preventDefault();
                navigate(href);
              }}
            >
              {circle}
            </a>
          ) : (
            <g key={x.id} tabIndex={0} role="img" {...events}>
              {circle}
            </g>
          );
        })}
        {cxy && (
          <g class="map-home" aria-hidden="true">
            <circle cx={cxy[0]} cy={cxy[1]} r={7} />
            <text x={cxy[0] + 10} y={cxy[1] - 8}>
              {i18n.name(centre)}
            </text>
          </g>
        )}
      </svg>
      {hover && (
        <div class="map-card" role="status" style={{ left: `${(hover.x / W) * 100}%`, top: `${(hover.y / H) * 100}%` }}>
          <strong>{i18n.name(hover.city)}</strong>
          <span>{country(hover.city)}</span>
          <span>
            <span class="kind-dot" style={{ background: KIND_COLOR[hover.kind] }} aria-hidden="true" />
            {t(`p.kind.${hover.kind}` as MessageKey)}
          </span>
          {hover.city.population > 0 && <span>{t('city.population', { n: hover.city.population })}</span>}
        </div>
      )}
    </div>
  );
}
