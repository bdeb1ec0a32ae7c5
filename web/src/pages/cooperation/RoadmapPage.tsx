// A roadmap (plan of activities): progress by sector and year, the items by
// sector with the responsible party on each side, term, status and overdue,
// progress notes; an item's dialog moves its status, adds a note and shows
// every recorded change. Staff change every item; a partner-role user its
// own side's. Prints as a clean document (print CSS), exports to CSV.

import { useEffect, useState } from 'preact/hooks';
import { type MessageKey, useI18n } from '../../i18n';
import { ApiError, api, fieldErrors } from '../../lib/api';
import {
  ROADMAP_STATUSES,
  type Roadmap,
  type RoadmapItem,
  type RoadmapItemDetail,
  type RoadmapStatus,
  type Sector,
  mayTouch,
} from '../../lib/cooperation';
import { useTitle } from '../../lib/hooks';
import { Link } from '../../lib/router';
import { useSession } from '../../lib/session';
import { Alert, Badge, LoadError, Modal, PageHeader, Spinner } from '../../components/ui';
import { NotFoundPage } from '../Status';

const STATUS_TONE: Record<RoadmapStatus, 'neutral' | 'green' | 'red' | 'blue' | 'amber'> = {
  planned: 'neutral',
  in_progress: 'blue',
  done: 'green',
  postponed: 'amber',
  cancelled: 'neutral',
};

export function RoadmapStatusBadge({ item }: { item: Pick<RoadmapItem, 'status' | 'overdue'> }) {
  const { t } = useI18n();
  return (
    <span class="badges">
      <Badge tone={STATUS_TONE[item.status]}>{t(`rm.status.${item.status}` as MessageKey)}</Badge>
      {item.overdue && <Badge tone="red">{t('rm.overdue')}</Badge>}
    </span>
  );
}

export function termText(i18n: ReturnType<typeof useI18n>, it: RoadmapItem): string {
  if (it.due_quarter) return i18n.t('rm.quarter', { q: it.due_quarter.slice(6), y: it.due_quarter.slice(0, 4) });
  if (it.due_date) return i18n.date(it.due_date);
  return i18n.t('common.none');
}

export function RoadmapPage({ id }: { id: number }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [rm, setRm] = useState<Roadmap | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [open, setOpen] = useState<RoadmapItem | null>(null);
  const [n, setN] = useState(0);
  useTitle(rm ? i18n.pick(rm.agreement.title_ru, rm.agreement.title_en) : t('rm.title'));

  useEffect(() => {
    let live = true;
    api
      .get<Roadmap>(`/agreements/${id}/roadmap`)
      .then((x) => live && setRm(x))
      .catch((e: unknown) => live && setError(e));
    return () => {
      live = false;
    };
  }, [id, n]);
  /* a link to one item (#rm-item-<id>, from an event's page) scrolls to it once it is drawn */
  useEffect(() => {
    if (rm) document.getElementById(window.location.hash.slice(1))?.scrollIntoView({ block: 'center' });
  }, [rm !== null]);

  if (error instanceof ApiError && error.status === 404) return <NotFoundPage path={`/roadmaps/${id}`} signedIn />;
  if (error != null) return <LoadError error={error} onRetry={() => setN((x) => x + 1)} />;
  if (!rm) return <Spinner />;

  const sectors = [...new Set(rm.items.map((x) => x.sector))];
  const parties = rm.agreement.parties.map((p) => i18n.pick(p.name_ru, p.name_en)).join(' — ');
  const done = rm.items.filter((x) => x.status === 'done').length;
  const overdue = rm.items.filter((x) => x.overdue).length;

  return (
    <div class="roadmap-page">
      <p class="breadcrumb no-print">
        <Link href="/cooperation">← {t('rm.back')}</Link>
      </p>
      <PageHeader
        title={i18n.pick(rm.agreement.title_ru, rm.agreement.title_en)}
        intro={parties}
        actions={
          <span class="no-print">
            <a class="btn" href={`/api/v1/agreements/${id}/roadmap.csv`} download>
              {t('rm.csv')}
            </a>{' '}
            <button type="button" class="btn" onClick={() => window.print()}>
              {t('rm.print')}
            </button>
          </span>
        }
      />
      <p class="print-only muted">{t('rm.printed', { date: i18n.date(rm.today) })}</p>
      <section class="card" aria-labelledby="rm-progress">
        <h2 id="rm-progress" class="card-title">
          {t('rm.progress')}
        </h2>
        <p class="rm-summary">
          {t('rm.summary', { total: rm.items.length, done, overdue })}
        </p>
        <div class="table-wrap">
          <table class="table table-compact">
            <thead>
              <tr>
                <th scope="col">{t('rm.sector')}</th>
                <th scope="col">{t('rm.year')}</th>
                <th scope="col" class="num">{t('rm.total')}</th>
                <th scope="col" class="num">{t('rm.status.in_progress')}</th>
                <th scope="col" class="num">{t('rm.status.done')}</th>
                <th scope="col" class="num">{t('rm.overdue')}</th>
                <th scope="col">{t('rm.share_done')}</th>
              </tr>
            </thead>
            <tbody>
              {rm.progress.map((p) => (
                <tr key={`${p.sector}-${p.year}`}>
                  <th scope="row">{t(`rm.sector.${p.sector}` as MessageKey)}</th>
                  <td>{p.year ?? t('common.none')}</td>
                  <td class="num">{p.total}</td>
                  <td class="num">{p.in_progress}</td>
                  <td class="num">{p.done}</td>
                  <td class="num">{p.overdue}</td>
                  <td>
                    <span class="meter" role="img" aria-label={i18n.percent(p.total ? p.done / p.total : 0)}>
                      <span class="meter-fill" style={{ width: `${p.total ? (100 * p.done) / p.total : 0}%` }} />
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      {sectors.map((s) => (
        <SectorItems
          key={s}
          sector={s}
          items={rm.items.filter((x) => x.sector === s)}
          onOpen={setOpen}
        />
      ))}
      {rm.items.length === 0 && <p class="muted">{t('rm.none')}</p>}
      {open && (
        <ItemDialog
          item={open}
          onClose={() => setOpen(null)}
          onChanged={() => setN((x) => x + 1)}
        />
      )}
    </div>
  );
}

function SectorItems({ sector, items, onOpen }: { sector: Sector; items: RoadmapItem[]; onOpen: (x: RoadmapItem) => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const { user } = useSession();
  return (
    <section class="card rm-sector" aria-labelledby={`rm-s-${sector}`}>
      <h2 id={`rm-s-${sector}`} class="card-title">
        {t(`rm.sector.${sector}` as MessageKey)}
      </h2>
      <div class="table-wrap">
        <table class="table rm-items">
          <thead>
            <tr>
              <th scope="col" class="num">№</th>
              <th scope="col">{t('rm.item')}</th>
              <th scope="col">{t('rm.responsible')}</th>
              <th scope="col">{t('rm.term')}</th>
              <th scope="col">{t('rm.status')}</th>
              <th scope="col" class="no-print">
                <span class="visually-hidden">{t('rm.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((it) => {
              const last = it.notes[it.notes.length - 1];
              return (
                <tr key={it.id} id={`rm-item-${it.id}`} class={window.location.hash === `#rm-item-${it.id}` ? 'rm-target' : undefined}>
                  <td class="num">{it.position}</td>
                  <td>
                    {i18n.pick(it.title_ru, it.title_en)}
                    <span class="sub">{t(`rm.side.${it.side}` as MessageKey)}</span>
                    {last && (
                      <span class="sub rm-last-note">
                        {i18n.date(last.noted_on)}: {last.text}
                        {last.author ? ` — ${last.author}` : ''}
                      </span>
                    )}
                  </td>
                  <td>
                    <span class="sub">{t('rm.side.home')}: {it.responsible_home ?? t('rm.not_named')}</span>
                    <span class="sub">{t('rm.side.partner')}: {it.responsible_partner ?? t('rm.not_named')}</span>
                  </td>
                  <td>{termText(i18n, it)}</td>
                  <td>
                    <RoadmapStatusBadge item={it} />
                  </td>
                  <td class="no-print">
                    <button type="button" class="btn btn-small" onClick={() => onOpen(it)}>
                      {mayTouch(user.role, it) ? t('rm.update') : t('rm.view')}
                      <span class="visually-hidden">: {i18n.pick(it.title_ru, it.title_en)}</span>
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function ItemDialog({ item, onClose, onChanged }: { item: RoadmapItem; onClose: () => void; onChanged: () => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const { user } = useSession();
  const [d, setD] = useState<RoadmapItemDetail | null>(null);
  const [status, setStatus] = useState<RoadmapStatus>(item.status);
  const [resp, setResp] = useState(item.responsible_partner ?? '');
  const [note, setNote] = useState('');
  const [msg, setMsg] = useState<{ kind: 'error' | 'success'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const editable = mayTouch(user.role, item);

  useEffect(() => {
    api.get<RoadmapItemDetail>(`/roadmap-items/${item.id}`).then(setD).catch((e) => setMsg({ kind: 'error', text: i18n.error(e) }));
  }, [item.id]);

  const save = async (e: Event) => {
    e.preventDefault();
    if (!d) return;
    setBusy(true);
    setMsg(null);
    try {
      let x = d;
      const patch: Record<string, string | null> = {};
      if (status !== d.status) patch.status = status;
      if ((resp.trim() || null) !== d.responsible_partner) patch.responsible_partner = resp.trim() || null;
      if (Object.keys(patch).length) x = await api.patch<RoadmapItemDetail>(`/roadmap-items/${item.id}`, patch);
      if (note.trim()) x = await api.post<RoadmapItemDetail>(`/roadmap-items/${item.id}/notes`, { text: note.trim() });
      setD(x);
      setNote('');
      setMsg({ kind: 'success', text: t('rm.saved') });
      onChanged();
    } catch (err) {
      const fe = fieldErrors(err);
      const first = Object.values(fe)[0];
      setMsg({ kind: 'error', text: first ? first.message : i18n.error(err) });
    } finally {
      setBusy(false);
    }
  };

  const labels: Record<string, MessageKey> = {
    created: 'rm.h.created',
    note: 'rm.h.note',
    status: 'rm.status',
    sector: 'rm.sector',
    side: 'rm.lead',
    title_ru: 'rm.h.title_ru',
    title_en: 'rm.h.title_en',
    responsible_home: 'rm.h.responsible_home',
    responsible_partner: 'rm.responsible_partner',
    due_date: 'rm.term',
    due_quarter: 'rm.term',
  };
  const fieldName = (f: string) => (labels[f] ? t(labels[f]) : f);
  const value = (f: string, v: string | null) =>
    v == null
      ? '—'
      : f === 'status' || f === 'created'
        ? t(`rm.status.${v}` as MessageKey)
        : f === 'sector'
          ? t(`rm.sector.${v}` as MessageKey)
          : f === 'side'
            ? t(`rm.side.${v}` as MessageKey)
            : v;

  return (
    <Modal title={i18n.pick(item.title_ru, item.title_en)} onClose={onClose} size="wide">
      {msg && (
        <Alert kind={msg.kind} onClose={() => setMsg(null)}>
          {msg.text}
        </Alert>
      )}
      {!d && <Spinner />}
      {d && (
        <>
          <dl class="kv">
            <dt>{t('rm.sector')}</dt>
            <dd>{t(`rm.sector.${d.sector}` as MessageKey)}</dd>
            <dt>{t('rm.lead')}</dt>
            <dd>{t(`rm.side.${d.side}` as MessageKey)}</dd>
            <dt>{t('rm.term')}</dt>
            <dd>{termText(i18n, d)}</dd>
            <dt>{t('rm.status')}</dt>
            <dd>
              <RoadmapStatusBadge item={d} />
            </dd>
          </dl>
          {editable ? (
            <form class="rm-form" onSubmit={save}>
              <div class="field">
                <label for="rm-status">{t('rm.status')}</label>
                <select id="rm-status" value={status} onChange={(e) => setStatus(e.currentTarget.value as RoadmapStatus)}>
                  {ROADMAP_STATUSES.map((s) => (
                    <option key={s} value={s}>
                      {t(`rm.status.${s}` as MessageKey)}
                    </option>
                  ))}
                </select>
              </div>
              <div class="field">
                <label for="rm-resp">{t('rm.responsible_partner')}</label>
                <input id="rm-resp" type="text" maxLength={300} value={resp} onInput={(e) => setResp(e.currentTarget.value)} />
              </div>
              <div class="field">
                <label for="rm-note">{t('rm.note')}</label>
                <textarea id="rm-note" rows={3} maxLength={4000} value={note} onInput={(e) => setNote(e.currentTarget.value)} />
              </div>
              <button type="submit" class="btn btn-primary" disabled={busy}>
                {t('rm.save')}
              </button>
            </form>
          ) : (
            <p class="note">{t('rm.other_side')}</p>
          )}
          <h3 class="sub-title">{t('rm.notes')}</h3>
          {d.notes.length === 0 && <p class="muted">{t('rm.notes_none')}</p>}
          <ul class="rm-notes">
            {d.notes.map((x) => (
              <li key={x.id}>
                <time dateTime={x.noted_on}>{i18n.date(x.noted_on)}</time> {x.text}
                {x.author && <span class="muted"> — {x.author}</span>}
              </li>
            ))}
          </ul>
          {d.actions.length > 0 && (
            <>
              <h3 class="sub-title">{t('rm.decisions')}</h3>
              <ul class="rm-notes">
                {d.actions.map((a) => (
                  <li key={a.id}>
                    <Link href={`/meetings/${a.meeting.id}`}>{i18n.pick(a.meeting.title_ru, a.meeting.title_en)}</Link>:{' '}
                    {i18n.pick(a.text_ru, a.text_en)}
                  </li>
                ))}
              </ul>
            </>
          )}
          <h3 class="sub-title">{t('rm.history')}</h3>
          <ol class="history">
            {d.history.map((h, i) => (
              <li key={i}>
                <time dateTime={h.changed_at}>{i18n.dateTime(h.changed_at)}</time> · {fieldName(h.field)}
                {h.field !== 'note' && h.field !== 'created' ? `: ${value(h.field, h.old)} → ${value(h.field, h.new)}` : ''}
                {h.field === 'created' ? `: ${value(h.field, h.new)}` : ''}
                <span class="muted"> — {h.author ?? t('rm.system')}</span>
              </li>
            ))}
          </ol>
        </>
      )}
    </Modal>
  );
}
