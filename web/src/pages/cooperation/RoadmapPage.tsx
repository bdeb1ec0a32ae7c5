// A roadmap (plan of activities): progress by sector and year, the items by
// sector with the responsible party on each side, term, status and overdue,
// progress notes; an item's dialog changes it, adds a dated note, links and
// unlinks meeting decisions and shows every recorded change. Staff add items
// and change every field of every item and link decisions; a partner-role
// user moves its own side's items (status, its responsible) and notes them.
// Prints as a clean document (print CSS), exports to CSV.

import { useEffect, useState } from 'preact/hooks';
import { type MessageKey, fieldMessage, useI18n } from '../../i18n';
import { ApiError, api, fieldErrors } from '../../lib/api';
import { type Roadmap, type RoadmapChange, type RoadmapItem, type RoadmapItemDetail, type RoadmapStatus, type Sector, mayTouch } from '../../lib/cooperation';
import type { ActionItem } from '../../lib/meetings';
import { useSubmit, useTitle } from '../../lib/hooks';
import { Link } from '../../lib/router';
import { useSession } from '../../lib/session';
import { Alert, Badge, Field, LoadError, Modal, PageHeader, Spinner } from '../../components/ui';
import { RowButton } from '../../components/lists';
import { NotFoundPage } from '../Status';
import { ITEM_IDS, ITEM_LABELS, ItemErrors, ItemFields, PARTNER_FIELDS, RoadmapItemForm, bodyOf, changesOf, draftOf } from './RoadmapItemForm';
import { exportSep } from '../../components/ImportReport';

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
  const [adding, setAdding] = useState(false);
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
            {rm.may_edit_all && (
              <>
                <button type="button" class="btn btn-primary" onClick={() => setAdding(true)}>
                  {t('rm.add')}
                </button>{' '}
              </>
            )}
            <a class="btn" href={`/api/v1/agreements/${id}/roadmap.csv?sep=${exportSep(i18n.locale)}`} download>
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
          today={rm.today}
          onClose={() => setOpen(null)}
          onChanged={() => setN((x) => x + 1)}
        />
      )}
      {adding && (
        <RoadmapItemForm
          agreementId={id}
          today={rm.today}
          onClose={() => setAdding(false)}
          onSaved={(x) => {
            setAdding(false);
            setN((k) => k + 1);
            setOpen(x);
          }}
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
                    <RowButton label={mayTouch(user.role, it) ? t('rm.update') : t('rm.view')} name={i18n.pick(it.title_ru, it.title_en)} onClick={() => onOpen(it)} />
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

function ItemDialog({ item, today, onClose, onChanged }: { item: RoadmapItem; today: string; onClose: () => void; onChanged: () => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const { user } = useSession();
  const [d, setD] = useState<RoadmapItemDetail | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [refused, setRefused] = useState<unknown>(null);
  const staff = user.role === 'staff' || user.role === 'admin';
  const load = () => api.get<RoadmapItemDetail>(`/roadmap-items/${item.id}`).then(setD).catch(setLoadError);

  useEffect(() => {
    void load();
  }, [item.id]);

  // the item passed to the other side while its form was open: say so, and show it as it is now
  const otherSide = (err: unknown) => {
    setRefused(err);
    void load();
    onChanged();
  };

  const saved = (x: RoadmapItemDetail) => {
    setD(x);
    onChanged();
  };

  return (
    <Modal title={i18n.pick((d ?? item).title_ru, (d ?? item).title_en)} onClose={onClose} size="wide">
      {loadError != null && <Alert kind="error">{i18n.error(loadError)}</Alert>}
      {refused != null && <Alert kind="error">{i18n.error(refused)}</Alert>}
      {!d && loadError == null && <Spinner />}
      {d && (
        <>
          {!staff && (
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
          )}
          {mayTouch(user.role, d) ? (
            <ItemUpdate item={d} staff={staff} today={today} onSaved={saved} onOtherSide={otherSide} />
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
          <Decisions item={d} staff={staff} onChanged={saved} />
          <ItemHistory history={d.history} />
        </>
      )}
    </Modal>
  );
}

/**
 * The item's update form: every field for staff, the status and the partner
 * side's responsible for a partner; a progress note with the day it happened.
 */
function ItemUpdate(props: {
  item: RoadmapItemDetail;
  staff: boolean;
  today: string;
  onSaved: (x: RoadmapItemDetail) => void;
  onOtherSide: (err: unknown) => void;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const [draft, setDraft] = useState(() => draftOf(props.item, props.today));
  const [note, setNote] = useState('');
  const [notedOn, setNotedOn] = useState(props.today);
  const [done, setDone] = useState(false);
  const { busy, error, setError, run } = useSubmit();
  const fe = fieldErrors(error);

  const save = async (e: Event) => {
    e.preventDefault();
    // a note dated after today would be refused after the fields were saved: say so first
    if (note.trim() && notedOn > props.today) {
      setError(new ApiError({ status: 400, code: 'validation_failed', errors: [{ field: 'noted_on', code: 'in_future', message: '' }] }));
      return;
    }
    const id = props.item.id;
    const patch = changesOf(props.item, bodyOf(draft), props.staff ? undefined : PARTNER_FIELDS);
    let x = props.item;
    setDone(false);
    const ok = await run(async () => {
      try {
        if (Object.keys(patch).length) x = await api.patch<RoadmapItemDetail>(`/roadmap-items/${id}`, patch);
        if (note.trim()) x = await api.post<RoadmapItemDetail>(`/roadmap-items/${id}/notes`, { text: note.trim(), noted_on: notedOn || undefined });
      } catch (err) {
        // the fields or the note: either is refused once the item is the other side's
        if (err instanceof ApiError && err.code === 'other_side') props.onOtherSide(err);
        throw err;
      }
      setDraft(draftOf(x, props.today));
      setNote('');
      setNotedOn(props.today);
      setDone(true);
      props.onSaved(x);
      return true;
    });
    // the fields were saved and the note was refused: the item has still changed
    if (!ok && x !== props.item) props.onSaved(x);
  };

  return (
    <form id="rm-update-form" class={props.staff ? 'rm-form rm-form-full' : 'rm-form'} onSubmit={save} noValidate>
      {done && <Alert kind="success" onClose={() => setDone(false)}>{t('rm.saved')}</Alert>}
      <ItemErrors error={error} />
      <ItemFields draft={draft} onChange={setDraft} errOf={(f) => fieldMessage(i18n, fe[f])} partner={!props.staff} />
      <Field id={ITEM_IDS.text} label={t('rm.note')} error={fieldMessage(i18n, fe.text)}>
        {(a) => <textarea {...a} rows={3} maxLength={4000} value={note} onInput={(x) => setNote(x.currentTarget.value)} />}
      </Field>
      <Field id={ITEM_IDS.noted_on} label={t('rm.noted_on')} hint={t('rm.noted_on_hint')} error={fieldMessage(i18n, fe.noted_on)}>
        {(a) => <input {...a} type="date" max={props.today} value={notedOn} onInput={(x) => setNotedOn(x.currentTarget.value)} />}
      </Field>
      <p>
        <button type="submit" class="btn btn-primary" disabled={busy}>
          {busy ? t('common.saving') : t('rm.save')}
        </button>
      </p>
    </form>
  );
}

/** The meeting decisions linked to the item; staff link one of the roadmap's meetings' and unlink. */
function Decisions(props: { item: RoadmapItemDetail; staff: boolean; onChanged: (x: RoadmapItemDetail) => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const it = props.item;
  const [choices, setChoices] = useState<ActionItem[] | null>(null);
  const [chosen, setChosen] = useState('');
  const { busy, error, setError, run: write } = useSubmit();

  useEffect(() => {
    if (!props.staff) return;
    api
      .get<{ items: ActionItem[] }>(`/agreements/${it.agreement_id}/roadmap/decisions`)
      .then((x) => setChoices(x.items))
      .catch(setError);
  }, [props.staff, it.agreement_id]);

  const run = (call: () => Promise<RoadmapItemDetail>) =>
    write(async () => {
      props.onChanged(await call());
      setChosen('');
    });
  const link = (e: Event) => {
    e.preventDefault();
    if (chosen) run(() => api.post<RoadmapItemDetail>(`/roadmap-items/${it.id}/actions`, { action_item_id: Number(chosen) }));
  };
  const unlink = (a: ActionItem) => run(() => api.del<RoadmapItemDetail>(`/roadmap-items/${it.id}/actions/${a.id}`));

  if (!props.staff && it.actions.length === 0) return null;
  const free = (choices ?? []).filter((a) => !it.actions.some((x) => x.id === a.id));
  const meetings = [...new Map(free.map((a) => [a.meeting.id, a.meeting])).values()];
  return (
    <section aria-labelledby="rm-decisions">
      <h3 id="rm-decisions" class="sub-title">
        {t('rm.decisions')}
      </h3>
      {error != null && <Alert kind="error" onClose={() => setError(null)}>{i18n.error(error)}</Alert>}
      {it.actions.length === 0 && <p class="muted">{t('rm.decisions_none')}</p>}
      <ul class="rm-notes rm-decisions">
        {it.actions.map((a) => (
          <li key={a.id}>
            <Link href={`/meetings/${a.meeting.id}`}>{i18n.pick(a.meeting.title_ru, a.meeting.title_en)}</Link>:{' '}
            {i18n.pick(a.text_ru, a.text_en)}
            {props.staff && (
              <>
                {' '}
                <RowButton label={t('rm.unlink')} name={i18n.pick(a.text_ru, a.text_en)} onClick={() => unlink(a)} disabled={busy} />
              </>
            )}
          </li>
        ))}
      </ul>
      {props.staff && choices && (
        <form class="rm-form rm-link" onSubmit={link}>
          {free.length === 0 ? (
            <p class="muted">{t('rm.link_none')}</p>
          ) : (
            <>
              <Field id="rm-link-decision" label={t('rm.link_decision')} hint={t('rm.link_hint')} required>
                {(a) => (
                  <select {...a} value={chosen} onChange={(x) => setChosen(x.currentTarget.value)}>
                    <option value="">{t('rm.link_choose')}</option>
                    {meetings.map((m) => (
                      <optgroup key={m.id} label={i18n.pick(m.title_ru, m.title_en)}>
                        {free
                          .filter((a) => a.meeting.id === m.id)
                          .map((a) => (
                            <option key={a.id} value={String(a.id)}>
                              {i18n.pick(a.text_ru, a.text_en)}
                            </option>
                          ))}
                      </optgroup>
                    ))}
                  </select>
                )}
              </Field>
              <p>
                <button type="submit" class="btn" disabled={busy || !chosen}>
                  {t('rm.link')}
                </button>
              </p>
            </>
          )}
        </form>
      )}
    </section>
  );
}

/** The history's name of each field: the form's label, one "due" for date and quarter. */
const HISTORY_LABELS: Record<string, MessageKey> = {
  ...ITEM_LABELS,
  created: 'rm.h.created',
  note: 'rm.h.note',
  due_date: 'rm.term',
};

/** Every recorded change: field, old → new, author; a decision linked or unlinked. */
function ItemHistory({ history }: { history: RoadmapChange[] }) {
  const i18n = useI18n();
  const { t } = i18n;
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
  const line = (h: RoadmapChange) => {
    if (h.field === 'decision') {
      const what = h.decision ? i18n.pick(h.decision.text_ru, h.decision.text_en) : `#${h.new ?? h.old}`;
      return `${t(h.new ? 'rm.h.linked' : 'rm.h.unlinked')}: ${what}`;
    }
    const key = HISTORY_LABELS[h.field];
    const name = key ? t(key) : h.field;
    if (h.field === 'note') return name;
    if (h.field === 'created') return `${name}: ${value(h.field, h.new)}`;
    return `${name}: ${value(h.field, h.old)} → ${value(h.field, h.new)}`;
  };
  return (
    <>
      <h3 class="sub-title">{t('rm.history')}</h3>
      <ol class="history">
        {history.map((h, i) => (
          <li key={i}>
            <time dateTime={h.changed_at}>{i18n.dateTime(h.changed_at)}</time> · {line(h)}
            <span class="muted"> — {h.author ?? t('rm.system')}</span>
          </li>
        ))}
      </ol>
    </>
  );
}
