// The news page's activity by country as a choropleth on the shared world
// map (WorldMap): each country with published bulletins is a link coloured
// by how many there are, with its name and count as its accessible name and
// title; choosing it filters the news by that country. The view is fitted
// to the countries with activity, so Europe is not a few pixels wide. The
// ranked list under the map (Exchange.tsx) stays the accessible fallback and
// holds the countries too small for a 1:110m map.

import { geoCentroid, geoNaturalEarth1, geoPath } from 'd3-geo';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { useI18n } from '../i18n';
import { api } from '../lib/api';
import { navigate } from '../lib/router';
import { H, MapBase, W, countryFeatures } from './WorldMap';

export interface CountryActivity {
  country_code: string;
  name_en: string;
  name_ru: string;
  count: number;
}

/** Sequential blues, light to dark; a country's step is its share of the busiest. */
const STEPS = ['#cfe0f1', '#9dc0e3', '#5f97cd', '#2f6aa8', '#12355b'];
const MAX_ZOOM = 4;

/** ISO alpha-2 → numeric (world-atlas ids), from GET /countries, once per page load. */
let numericCodes: Promise<Map<string, string>> | null = null;
function useNumericCodes(): Map<string, string> | null {
  const [codes, setCodes] = useState<Map<string, string> | null>(null);
  useEffect(() => {
    numericCodes ??= api
      .get<{ items: Array<{ code: string; numeric: string }> }>('/countries')
      .then((r) => new Map(r.items.map((c) => [c.code, c.numeric])));
    let live = true;
    numericCodes.then((m) => live && setCodes(m)).catch(() => {
      numericCodes = null;
    });
    return () => {
      live = false;
    };
  }, []);
  return codes;
}

/** Step 0..n-1 of count among n steps up to max. */
function stepOf(count: number, max: number, n: number): number {
  return Math.min(n - 1, Math.max(0, Math.ceil((count / max) * n) - 1));
}

interface Area {
  c: CountryActivity;
  d: string;
  x: number;
  y: number;
  step: number;
}

export function ActivityMap(props: {
  countries: CountryActivity[];
  current: string;
  hrefFor: (code: string) => string;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const codes = useNumericCodes();
  const [hot, setHot] = useState<Area | null>(null);
  const max = props.countries.reduce((m, c) => Math.max(m, c.count), 1);
  const steps = Math.min(STEPS.length, max);
  const colors = STEPS.slice(STEPS.length - steps);

  const view = useMemo(() => {
    if (!codes) return null;
    const byNumeric = new Map(props.countries.map((c) => [codes.get(c.country_code) ?? '', c]));
    const shapes = countryFeatures().filter((f) => byNumeric.has(f.numeric));
    const projection = geoNaturalEarth1().fitExtent(
      [
        [6, 6],
        [W - 6, H - 6],
      ],
      { type: 'Sphere' },
    );
    const world = projection.scale();
    if (shapes.length > 0) {
      const active = { type: 'FeatureCollection' as const, features: shapes.map((s) => s.feature) };
      projection.fitExtent(
        [
          [24, 24],
          [W - 24, H - 24],
        ],
        active,
      );
      if (projection.scale() > world * MAX_ZOOM) {
        // one small country: zoom in no further than MAX_ZOOM, centred on it
        projection.scale(world * MAX_ZOOM).translate([W / 2, H / 2]);
        const [px, py] = projection(geoCentroid(active)) ?? [W / 2, H / 2];
        projection.translate([W - px, H - py]);
      }
    }
    const path = geoPath(projection);
    const areas: Area[] = shapes.map((s) => {
      const c = byNumeric.get(s.numeric)!;
      const [x, y] = path.centroid(s.feature);
      return { c, d: path(s.feature) ?? '', x, y, step: stepOf(c.count, max, colors.length) };
    });
    return { path, areas };
  }, [codes, props.countries, max, colors.length]);

  if (!view) return null;
  const name = (c: CountryActivity) => i18n.country(c.country_code, c.name_ru, c.name_en);
  const label = (c: CountryActivity) => t('ex.map_country', { country: name(c), n: c.count });
  // the legend: the range of counts each colour stands for
  const legend = colors.map((color, i) => {
    const lo = Math.floor((i * max) / colors.length) + 1;
    const hi = Math.floor(((i + 1) * max) / colors.length);
    return { color, text: lo >= hi ? i18n.num(hi) : `${i18n.num(lo)}–${i18n.num(hi)}` };
  });

  return (
    <div class="activity-map">
      <div class="map-wrap">
        <svg class="world-map" viewBox={`0 0 ${W} ${H}`} role="group" aria-label={t('ex.map_label')}>
          <MapBase path={view.path} />
          {view.areas.map((a) => (
            <a
              key={a.c.country_code}
              href={props.hrefFor(a.c.country_code)}
              class={`map-country${props.current === a.c.country_code ? ' current' : ''}`}
              aria-label={label(a.c)}
              aria-current={props.current === a.c.country_code ? 'true' : undefined}
              data-country={a.c.country_code}
              onClick={(e) => {
                e.preventDefault();
                navigate(props.hrefFor(a.c.country_code), { replace: true });
              }}
              onMouseEnter={() => setHot(a)}
              onMouseLeave={() => setHot((h) => (h === a ? null : h))}
              onFocus={() => setHot(a)}
              onBlur={() => setHot((h) => (h === a ? null : h))}
            >
              <title>{label(a.c)}</title>
              <path d={a.d} fill={colors[a.step]} />
            </a>
          ))}
        </svg>
        {hot && (
          <div class="map-card" aria-hidden="true" style={{ left: `${(hot.x / W) * 100}%`, top: `${(hot.y / H) * 100}%` }}>
            <strong>{name(hot.c)}</strong>
            <span>{t('ex.map_count', { n: hot.c.count })}</span>
          </div>
        )}
      </div>
      <ul class="legend map-legend" aria-label={t('ex.map_legend')}>
        {legend.map((l) => (
          <li key={l.color}>
            <span class="map-swatch" style={{ background: l.color }} aria-hidden="true" />
            {l.text}
          </li>
        ))}
      </ul>
    </div>
  );
}
