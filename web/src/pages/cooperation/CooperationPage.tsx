// Cooperation: the roadmaps (agreements of kind roadmap) the caller may see,
// each with its progress, linking to the roadmap page.

import { useEffect, useState } from 'preact/hooks';
import { useI18n } from '../../i18n';
import { api } from '../../lib/api';
import type { Roadmap } from '../../lib/cooperation';
import { useTitle } from '../../lib/hooks';
import { Link } from '../../lib/router';
import type { Agreement, Page } from '../../lib/types';
import { LoadError, PageHeader, Spinner } from '../../components/ui';

export function CooperationPage() {
  const { t } = useI18n();
  const [items, setItems] = useState<Agreement[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useTitle(t('rm.list_title'));
  useEffect(() => {
    api
      .get<Page<Agreement>>('/agreements', { kind: 'roadmap', limit: 100 })
      .then((x) => setItems(x.items))
      .catch(setError);
  }, []);
  if (error != null) return <LoadError error={error} />;
  if (!items) return <Spinner />;
  return (
    <>
      <PageHeader title={t('rm.list_title')} intro={t('rm.list_intro')} />
      {items.length === 0 && <p class="muted">{t('rm.list_none')}</p>}
      <RoadmapCards agreements={items} />
    </>
  );
}

/** A card per roadmap with its counts; used here and on the partner page. */
export function RoadmapCards({ agreements }: { agreements: Agreement[] }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [maps, setMaps] = useState<Record<number, Roadmap>>({});
  useEffect(() => {
    for (const g of agreements)
      api
        .get<Roadmap>(`/agreements/${g.id}/roadmap`)
        .then((r) => setMaps((m) => ({ ...m, [g.id]: r })))
        .catch(() => undefined);
  }, [agreements]);
  return (
    <ul class="rm-cards">
      {agreements.map((g) => {
        const r = maps[g.id];
        const done = r ? r.items.filter((x) => x.status === 'done').length : 0;
        const total = r ? r.items.length : 0;
        return (
          <li key={g.id} class="rm-card">
            <Link href={`/roadmaps/${g.id}`} class="rm-card-title">
              {i18n.pick(g.title_ru, g.title_en)}
            </Link>
            <span class="muted">{g.parties.map((p) => i18n.pick(p.name_ru, p.name_en)).join(' — ')}</span>
            {r && (
              <>
                <span>{t('rm.summary', { total, done, overdue: r.items.filter((x) => x.overdue).length })}</span>
                <span class="meter" role="img" aria-label={i18n.percent(total ? done / total : 0)}>
                  <span class="meter-fill" style={{ width: `${total ? (100 * done) / total : 0}%` }} />
                </span>
              </>
            )}
          </li>
        );
      })}
    </ul>
  );
}
