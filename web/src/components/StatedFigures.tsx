// What a city states about itself (GET /cities/{id}/figures), shown as
// stated — who said it, when, with the quote and the source — beside what
// the registry holds: Moscow's department speaks of relations with 135 of
// the world's largest cities; the registry holds the partnerships the
// sources name. The two are labelled so that nobody takes one for the other.

import { useEffect, useState } from 'preact/hooks';
import { useI18n } from '../i18n';
import { api } from '../lib/api';
import { safeHref } from '../lib/url';

export interface CityFigure {
  indicator: 'cities_with_relations';
  value: number;
  as_of: string;
  label_ru: string;
  label_en: string;
  stated_by_ru: string;
  stated_by_en: string;
  quote_ru: string | null;
  quote_en: string | null;
  source_url: string | null;
}

export function StatedFigures({ cityId, registry }: { cityId: number; registry: number }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [items, setItems] = useState<CityFigure[]>([]);
  useEffect(() => {
    let live = true;
    api
      .get<{ items: CityFigure[] }>(`/cities/${cityId}/figures`)
      .then((x) => live && setItems(x.items))
      .catch(() => live && setItems([]));
    return () => {
      live = false;
    };
  }, [cityId]);
  if (items.length === 0) return null;
  return (
    <section class="card stated-figures" aria-labelledby="stated-title">
      <h2 id="stated-title" class="card-title">
        {t('fig.title')}
      </h2>
      {items.map((f) => {
        const source = safeHref(f.source_url);
        const quote = i18n.pick(f.quote_ru, f.quote_en);
        return (
          <div class="stated-pair" key={f.indicator}>
            <dl class="stats">
              <div class="stat">
                <dt>{t('fig.stated', { date: i18n.date(f.as_of) })}</dt>
                <dd>{i18n.num(f.value)}</dd>
              </div>
              <div class="stat">
                <dt>{t('fig.registry')}</dt>
                <dd>{i18n.num(registry)}</dd>
              </div>
            </dl>
            <p class="stated-label">{i18n.pick(f.label_ru, f.label_en)}</p>
            {quote && (
              <figure class="quote">
                <blockquote>{quote}</blockquote>
                <figcaption>
                  {i18n.pick(f.stated_by_ru, f.stated_by_en)}
                  {source && (
                    <>
                      {' · '}
                      <a href={source} rel="noopener noreferrer" target="_blank">
                        {t('quotes.source')}
                      </a>
                    </>
                  )}
                </figcaption>
              </figure>
            )}
            <p class="hint">{t('fig.note')}</p>
          </div>
        );
      })}
    </section>
  );
}

/** The region a source names for a city where it would name the country (GET /city-regions). */
export interface CityRegion {
  city_id: number;
  region_ru: string;
  region_en: string;
}

/** city id -> the region its source names; empty until loaded. */
export function useCityRegions(): Map<number, CityRegion> {
  const [map, setMap] = useState<Map<number, CityRegion>>(new Map());
  useEffect(() => {
    let live = true;
    api
      .get<{ items: CityRegion[] }>('/city-regions')
      .then((x) => live && setMap(new Map(x.items.map((r) => [r.city_id, r]))))
      .catch(() => live && setMap(new Map()));
    return () => {
      live = false;
    };
  }, []);
  return map;
}

/** A city's place: the region its source names, the gazetteer's country beside it; else the country. */
export function CityPlace(props: { region?: CityRegion; country: string }) {
  const i18n = useI18n();
  if (!props.region) return <>{props.country}</>;
  return (
    <>
      {i18n.pick(props.region.region_ru, props.region.region_en)}
      <span class="sub muted"> {i18n.t('fig.gazetteer_country', { country: props.country })}</span>
    </>
  );
}
