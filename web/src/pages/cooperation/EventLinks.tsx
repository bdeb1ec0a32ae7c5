// What an event links to — its partnership, a roadmap item, the responsible
// staff member: the choices the event form offers (those of the host and
// guest city, as the server requires) and the rows the event page shows (as
// far as the server lets the caller know them).

import { useEffect, useState } from 'preact/hooks';
import { type MessageKey, useI18n } from '../../i18n';
import { api } from '../../lib/api';
import type { RoadmapItem } from '../../lib/cooperation';
import type { CityEvent } from '../../lib/events';
import { Link } from '../../lib/router';
import type { Agreement, Page, Partnership, StaffUser } from '../../lib/types';

/** The event's cities: each one given must be one of a partnership's two. */
function joins(cities: number[], a: number, b: number): boolean {
  return cities.every((c) => c === a || c === b);
}

export interface LinkChoices {
  partnerships: Partnership[];
  roadmaps: Array<{ agreement: Agreement; items: RoadmapItem[] }>;
  staff: StaffUser[];
}

/** The roadmaps touching every one of the cities (all roadmaps when none is given). */
async function roadmapsTouching(cities: number[]): Promise<Agreement[]> {
  const lists = await Promise.all(
    (cities.length ? cities : [0]).map((c) =>
      api.get<Page<Agreement>>('/agreements', { kind: 'roadmap', limit: 200, ...(c ? { city: c } : {}) }).then((x) => x.items),
    ),
  );
  return (lists[0] ?? []).filter((g) => lists.every((l) => l.some((x) => x.id === g.id)));
}

/** The links an event of host and guest (city ids, 0 for none) may have; reloaded when they change. */
export function useLinkChoices(host: number, guest: number): LinkChoices {
  const [choices, setChoices] = useState<LinkChoices>({ partnerships: [], roadmaps: [], staff: [] });
  useEffect(() => {
    let live = true;
    /* the guest city first: a partnership reads from it ("Moscow — Minsk" for the Days of Moscow in Minsk) */
    const cities = [guest, host].filter((c) => c !== 0);
    const pships = api
      .get<Page<Partnership>>('/partnerships', { limit: 200, ...(cities.length ? { city: cities[0] } : {}) })
      .then((x) => x.items.filter((p) => joins(cities, p.city_a.id, p.city_b.id)));
    const roadmaps = Promise.all([roadmapsTouching(cities), api.get<{ items: RoadmapItem[] }>('/roadmap-items')]).then(([gs, its]) =>
      gs.map((agreement) => ({ agreement, items: its.items.filter((i) => i.agreement_id === agreement.id) })),
    );
    const staff = api
      .get<{ items: StaffUser[] }>('/staff-users')
      .then((x) => x.items.filter((u) => cities.length === 0 || cities.includes(u.organization.city?.id ?? 0)));
    Promise.all([pships, roadmaps, staff])
      .then(([partnerships, rms, people]) => live && setChoices({ partnerships, roadmaps: rms, staff: people }))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [host, guest]);
  return choices;
}

/** The event page's rows of its links; the roadmap item and the responsible for signed-in readers only. */
export function EventLinkRows({ e, reader }: { e: CityEvent; reader: boolean }) {
  const i18n = useI18n();
  const { t } = i18n;
  const p = e.partnership;
  const [first, second] = p && p.city_b.id === e.guest_city?.id ? [p.city_b, p.city_a] : [p?.city_a, p?.city_b];
  const pair = p ? `${i18n.name(first)} — ${i18n.name(second)}` : '';
  const r = e.roadmap_item;
  return (
    <>
      <dt>{t('ev.partnership')}</dt>
      <dd>
        {!p && t('common.none')}
        {p && (p.has_page ? <Link href={`/partners/${p.id}`}>{pair}</Link> : pair)}
        {p && <span class="sub">{t(`p.kind.${p.kind}` as MessageKey)}</span>}
      </dd>
      {reader && (
        <>
          <dt>{t('ev.roadmap_item')}</dt>
          <dd>{r ? <Link href={`/roadmaps/${r.agreement_id}#rm-item-${r.id}`}>{i18n.pick(r.title_ru, r.title_en)}</Link> : t('common.none')}</dd>
          <dt>{t('ev.responsible')}</dt>
          <dd>{e.responsible?.name ?? t('common.none')}</dd>
        </>
      )}
    </>
  );
}
