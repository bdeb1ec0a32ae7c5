// Open and overdue action items of the meetings the caller sees, grouped by
// the owner's city (the partner); or (?mine=1) the caller's own: those whose
// responsible person has the account's address (GET /actions?mine=true).

import { useEffect, useState } from 'preact/hooks';
import { useI18n } from '../i18n';
import { api } from '../lib/api';
import { useTitle } from '../lib/hooks';
import { Link, navigate, useLocation } from '../lib/router';
import { useSession } from '../lib/session';
import type { ActionItem } from '../lib/meetings';
import { Flag } from '../components/meetings';
import { LoadError, PageHeader, Spinner } from '../components/ui';
import { ActionTable } from './Meeting';

export function ActionItemsPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const { user } = useSession();
  const mine = useLocation().search.get('mine') === '1';
  useTitle(t(mine ? 'mp.my_title' : 'act.title'));
  const [overdue, setOverdue] = useState(false);
  const [items, setItems] = useState<ActionItem[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [n, setN] = useState(0);

  useEffect(() => {
    let live = true;
    setError(null);
    api
      .get<{ items: ActionItem[] }>('/actions', { ...(overdue ? { overdue: 'true' } : {}), ...(mine ? { mine: 'true' } : {}) })
      .then((r) => live && setItems(r.items))
      .catch((e: unknown) => live && setError(e));
    return () => {
      live = false;
    };
  }, [overdue, mine, n]);

  const groups = new Map<string, ActionItem[]>();
  for (const a of items ?? []) {
    const k = a.owner ? i18n.name(a.owner.city) : '';
    groups.set(k, [...(groups.get(k) ?? []), a]);
  }
  const keys = [...groups.keys()].sort((a, b) => (a === '' ? 1 : b === '' ? -1 : a.localeCompare(b, i18n.locale)));

  return (
    <>
      <p class="crumbs"><Link href="/meetings">{t('meet.title')}</Link></p>
      <PageHeader title={t(mine ? 'mp.my_title' : 'act.title')} intro={t(mine ? 'mp.my_intro' : 'act.intro')} />
      <div class="seg when-tabs" role="group" aria-label={t('mp.tasks_view')}>
        <button type="button" class="btn btn-small" aria-pressed={!mine} onClick={() => navigate('/meetings/actions')}>{t('mp.all_open')}</button>
        <button type="button" class="btn btn-small" aria-pressed={mine} onClick={() => navigate('/meetings/actions?mine=1')}>{t('mp.my_tasks')}</button>
      </div>
      <div class="field field-inline">
        <label>
          <input type="checkbox" checked={overdue} onChange={(e) => setOverdue(e.currentTarget.checked)} /> {t('act.overdue_only')}
        </label>
      </div>
      {error != null && <LoadError error={error} onRetry={() => setN((x) => x + 1)} />}
      {items == null && error == null && <Spinner />}
      {items != null && items.length === 0 && <p class="empty">{mine ? t('mp.my_none', { email: user.email }) : t('act.none')}</p>}
      {mine && items != null && items.length > 0 && (
        <ActionTable items={items} canManage={false} onChanged={() => setN((x) => x + 1)} showMeeting mine />
      )}
      {!mine && keys.map((k) => {
        const list = groups.get(k)!;
        const cc = list[0]!.owner?.city.country_code;
        return (
          <section class="section" key={k} aria-label={k || t('meet.no_owner')}>
            <h2>
              {cc && <Flag cc={cc} />} {k || t('act.no_owner_group')}{' '}
              <span class="muted">({list.length}{list.some((a) => a.overdue) ? `, ${t('act.n_overdue', { n: list.filter((a) => a.overdue).length })}` : ''})</span>
            </h2>
            <ActionTable items={list} canManage={false} onChanged={() => setN((x) => x + 1)} showMeeting />
          </section>
        );
      })}
    </>
  );
}
