// The countries and regions a source says study a practice
// (GET /practices/{id}/regions): "partners in China, the Philippines,
// Vietnam, India, the Middle East, Africa and Latin America study Moscow's
// practices". They name no city, so they are not interest requests; they are
// listed as stated, with the date and the source.

import { useEffect, useState } from 'preact/hooks';
import { useI18n } from '../i18n';
import { api } from '../lib/api';
import { safeHref } from '../lib/url';

interface PracticeRegion {
  country_code: string | null;
  country_name_ru: string | null;
  country_name_en: string | null;
  region_ru: string | null;
  region_en: string | null;
  note_ru: string | null;
  note_en: string | null;
  stated_on: string | null;
  source_url: string | null;
}

export function PracticeRegions({ id }: { id: number }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [items, setItems] = useState<PracticeRegion[]>([]);
  useEffect(() => {
    let live = true;
    api
      .get<{ items: PracticeRegion[] }>(`/practices/${id}/regions`)
      .then((x) => live && setItems(x.items))
      .catch(() => live && setItems([]));
    return () => {
      live = false;
    };
  }, [id]);
  if (items.length === 0) return null;
  const sources = [...new Set(items.map((r) => r.source_url).filter((u): u is string => safeHref(u) != null))];
  const dates = [...new Set(items.map((r) => r.stated_on).filter((d): d is string => d != null))];
  return (
    <section class="card" aria-labelledby="pr-regions">
      <h2 id="pr-regions" class="card-title">
        {t('prr.title')}
      </h2>
      <p class="muted">{t('prr.intro')}</p>
      <ul class="work-list">
        {items.map((r, k) => {
          const note = i18n.pick(r.note_ru, r.note_en);
          return (
            <li key={k}>
              {r.country_code ? i18n.pick(r.country_name_ru, r.country_name_en) || r.country_code : i18n.pick(r.region_ru, r.region_en)}
              {note && <span class="sub">{note}</span>}
            </li>
          );
        })}
      </ul>
      <p class="hint">
        {dates.length > 0 && t('prr.stated', { date: dates.map((d) => i18n.date(d)).join(', ') })}
        {sources.map((u) => (
          <span key={u}>
            {' · '}
            <a href={u} rel="noopener noreferrer" target="_blank">
              {t('quotes.source')}
            </a>
          </span>
        ))}
      </p>
    </section>
  );
}
