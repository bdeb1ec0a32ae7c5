// The world map the pages draw on, offline: countries from world-atlas
// (Natural Earth 1:110m TopoJSON) through topojson-client, projected with
// d3-geo (Natural Earth) into a W × H SVG. The partners map puts markers on
// it; the news page colours its countries (ActivityMap).

import { type GeoPath, geoGraticule10, geoNaturalEarth1, geoPath } from 'd3-geo';
import type { Feature, Geometry } from 'geojson';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { feature, mesh } from 'topojson-client';
import world from 'world-atlas/countries-110m.json';

export const W = 960;
export const H = 500;
export const projection = geoNaturalEarth1().fitExtent(
  [
    [6, 6],
    [W - 6, H - 6],
  ],
  { type: 'Sphere' },
);
export const path = geoPath(projection);

const topo = world as unknown as Topology<{ countries: GeometryCollection }>;

type Layers = { sphere: string; graticule: string; land: string; borders: string };

/** Sphere, graticule, land and borders drawn by a path (by default the world's, computed once). */
let base: Layers | null = null;
export function mapLayers(p: GeoPath = path): Layers {
  if (p === path && base) return base;
  const countries = topo.objects.countries;
  const layers = {
    sphere: p({ type: 'Sphere' }) ?? '',
    graticule: p(geoGraticule10()) ?? '',
    land: p(feature(topo, countries)) ?? '',
    borders: p(mesh(topo, countries, (a, b) => a !== b)) ?? '',
  };
  if (p === path) base = layers;
  return layers;
}

export interface CountryFeature {
  /** ISO 3166-1 numeric, three digits, as world-atlas names its shapes */
  numeric: string;
  feature: Feature<Geometry>;
}

/** Each country's outline, once per page load. */
let features: CountryFeature[] | null = null;
export function countryFeatures(): CountryFeature[] {
  if (!features) {
    const fc = feature(topo, topo.objects.countries) as unknown as { features: Array<Feature<Geometry>> };
    features = fc.features
      .filter((f) => f.id != null)
      .map((f) => ({ numeric: String(f.id).padStart(3, '0'), feature: f }));
  }
  return features;
}

/** The sphere, graticule, land and borders under whatever a page draws. */
export function MapBase({ path: p = path }: { path?: GeoPath }) {
  const m = mapLayers(p);
  return (
    <>
      <path d={m.sphere} class="map-sphere" />
      <path d={m.graticule} class="map-graticule" />
      <path d={m.land} class="map-land" />
      <path d={m.borders} class="map-borders" />
    </>
  );
}
