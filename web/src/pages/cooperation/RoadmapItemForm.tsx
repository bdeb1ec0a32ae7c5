// The fields of a roadmap item — sector, the side that leads it, titles in
// both languages, the responsible party on each side, a due date or quarter,
// the status — as one draft that the add form and the item's dialog share.
// Staff and admins get every field; a partner-role user only the status and
// its own side's responsible party (the server refuses the rest).

import { useState } from 'preact/hooks';
import { type I18n, type MessageKey, fieldMessage, useI18n } from '../../i18n';
import { api, fieldErrors } from '../../lib/api';
import { ROADMAP_STATUSES, type RoadmapItem, type RoadmapItemDetail, type RoadmapStatus, type Sector, type Side } from '../../lib/cooperation';
import { ErrorSummary, Field } from '../../components/ui';
import { type FormField, FormModal, type ErrOf } from '../../components/FormModal';
import { SectorOptions } from '../../components/pickers';

type Term = 'none' | 'date' | 'quarter';

export interface ItemDraft {
  sector: Sector;
  side: Side;
  title_ru: string;
  title_en: string;
  responsible_home: string;
  responsible_partner: string;
  term: Term;
  due_date: string;
  quarter_year: string;
  quarter: string;
  status: RoadmapStatus;
}

/** The draft of an item, or of a new one due in a quarter of this year. */
export function draftOf(it: RoadmapItem | null, today: string): ItemDraft {
  return {
    sector: it?.sector ?? 'trade_economy',
    side: it?.side ?? 'home',
    title_ru: it?.title_ru ?? '',
    title_en: it?.title_en ?? '',
    responsible_home: it?.responsible_home ?? '',
    responsible_partner: it?.responsible_partner ?? '',
    term: !it ? 'quarter' : it.due_date ? 'date' : it.due_quarter ? 'quarter' : 'none',
    due_date: it?.due_date ?? '',
    quarter_year: it?.due_quarter?.slice(0, 4) ?? today.slice(0, 4),
    quarter: it?.due_quarter?.slice(6) ?? '4',
    status: it?.status ?? 'planned',
  };
}

const opt = (v: string) => (v.trim() ? v.trim() : null);

/** The body the API takes: every member, the term as a date or a quarter (the other null). */
export function bodyOf(d: ItemDraft): Record<string, string | null> {
  return {
    sector: d.sector,
    side: d.side,
    title_ru: d.title_ru.trim(),
    title_en: d.title_en.trim(),
    responsible_home: opt(d.responsible_home),
    responsible_partner: opt(d.responsible_partner),
    due_date: d.term === 'date' ? d.due_date.trim() : null,
    due_quarter: d.term === 'quarter' ? `${d.quarter_year.trim()}-Q${d.quarter}` : null,
    status: d.status,
  };
}

/** The members of body that differ from the item (a PATCH), limited to those given. */
export function changesOf(it: RoadmapItem, body: Record<string, string | null>, only?: readonly string[]) {
  const out: Record<string, string | null> = {};
  for (const [k, v] of Object.entries(body))
    if ((!only || only.includes(k)) && v !== (it as unknown as Record<string, unknown>)[k]) out[k] = v;
  return out;
}

/** What a partner-role user may change (its own side's items only). */
export const PARTNER_FIELDS = ['status', 'responsible_partner'] as const;

/** The form's id of each body field, for the error summary's links. */
export const ITEM_IDS = {
  sector: 'rmf-sector',
  side: 'rmf-side',
  title_ru: 'rmf-title-ru',
  title_en: 'rmf-title-en',
  responsible_home: 'rmf-resp-home',
  responsible_partner: 'rmf-resp-partner',
  due_date: 'rmf-due-date',
  due_quarter: 'rmf-q-year',
  status: 'rmf-status',
  text: 'rmf-note',
  noted_on: 'rmf-noted-on',
} as const;
type ItemField = keyof typeof ITEM_IDS;

/** The label of each body field. */
export const ITEM_LABELS: Record<ItemField, MessageKey> = {
  sector: 'rm.sector',
  side: 'rm.lead',
  title_ru: 'rm.h.title_ru',
  title_en: 'rm.h.title_en',
  responsible_home: 'rm.h.responsible_home',
  responsible_partner: 'rm.responsible_partner',
  due_date: 'rm.due_date',
  due_quarter: 'rm.term',
  status: 'rm.status',
  text: 'rm.note',
  noted_on: 'rm.noted_on',
};

/** The body fields' controls and labels, for an error summary's links. */
export function itemFields(i18n: I18n): Record<string, FormField> {
  return Object.fromEntries((Object.keys(ITEM_IDS) as ItemField[]).map((f) => [f, { id: ITEM_IDS[f], label: i18n.t(ITEM_LABELS[f]) }]));
}

/** The error summary of a failed save, each line linking to its field (the item's update form, which is no modal). */
export function ItemErrors({ error }: { error: unknown }) {
  const i18n = useI18n();
  const fe = fieldErrors(error);
  const fields = itemFields(i18n);
  const items = Object.keys(fe).map((f) => ({
    href: `#${fields[f]?.id ?? ITEM_IDS.status}`,
    text: `${fields[f]?.label ?? f}: ${fieldMessage(i18n, fe[f]) ?? ''}`,
  }));
  return <ErrorSummary message={error ? i18n.error(error) : null} items={items} />;
}

/** The fields of the draft; partner: the status and the partner side's responsible only. */
export function ItemFields(props: {
  draft: ItemDraft;
  onChange: (d: ItemDraft) => void;
  errOf: ErrOf;
  partner?: boolean;
}) {
  const { t } = useI18n();
  const d = props.draft;
  const { errOf } = props;
  const set = <K extends keyof ItemDraft>(k: K, v: ItemDraft[K]) => props.onChange({ ...d, [k]: v });
  const text = (f: 'title_ru' | 'title_en' | 'responsible_home' | 'responsible_partner', max: number, lang?: string) => (
    <Field id={ITEM_IDS[f]} label={t(ITEM_LABELS[f])} required={f.startsWith('title')} error={errOf(f)}>
      {(a) => <input {...a} type="text" lang={lang} maxLength={max} value={d[f]} onInput={(x) => set(f, x.currentTarget.value)} />}
    </Field>
  );
  const status = (
    <Field id={ITEM_IDS.status} label={t('rm.status')} required error={errOf('status')}>
      {(a) => (
        <select {...a} value={d.status} onChange={(x) => set('status', x.currentTarget.value as RoadmapStatus)}>
          {ROADMAP_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`rm.status.${s}` as MessageKey)}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
  if (props.partner)
    return (
      <>
        {status}
        {text('responsible_partner', 300)}
      </>
    );
  return (
    <>
      <div class="field-row">
        <Field id={ITEM_IDS.sector} label={t('rm.sector')} required error={errOf('sector')}>
          {(a) => (
            <select {...a} value={d.sector} onChange={(x) => set('sector', x.currentTarget.value as Sector)}>
              <SectorOptions />
            </select>
          )}
        </Field>
        <Field id={ITEM_IDS.side} label={t('rm.lead')} required error={errOf('side')}>
          {(a) => (
            <select {...a} value={d.side} onChange={(x) => set('side', x.currentTarget.value as Side)}>
              <option value="home">{t('rm.side.home')}</option>
              <option value="partner">{t('rm.side.partner')}</option>
            </select>
          )}
        </Field>
      </div>
      {text('title_ru', 500, 'ru')}
      {text('title_en', 500, 'en')}
      <div class="field-row">
        {text('responsible_home', 300)}
        {text('responsible_partner', 300)}
      </div>
      <div class="field-row">
        <Field id="rmf-term" label={t('rm.term')} required>
          {(a) => (
            <select {...a} value={d.term} onChange={(x) => set('term', x.currentTarget.value as Term)}>
              <option value="quarter">{t('rm.term.quarter')}</option>
              <option value="date">{t('rm.term.date')}</option>
              <option value="none">{t('rm.term.none')}</option>
            </select>
          )}
        </Field>
        {status}
      </div>
      {d.term === 'date' && (
        <Field id={ITEM_IDS.due_date} label={t('rm.due_date')} required error={errOf('due_date')}>
          {(a) => <input {...a} type="date" value={d.due_date} onInput={(x) => set('due_date', x.currentTarget.value)} />}
        </Field>
      )}
      {d.term === 'quarter' && (
        <div class="field-row">
          <Field id={ITEM_IDS.due_quarter} label={t('rm.year')} required error={errOf('due_quarter')}>
            {(a) => (
              <input {...a} type="number" inputMode="numeric" min={1900} max={2999} value={d.quarter_year}
                onInput={(x) => set('quarter_year', x.currentTarget.value)} />
            )}
          </Field>
          <Field id="rmf-q" label={t('rm.quarter_of_year')} required>
            {(a) => (
              <select {...a} value={d.quarter} onChange={(x) => set('quarter', x.currentTarget.value)}>
                {['1', '2', '3', '4'].map((q) => (
                  <option key={q} value={q}>
                    {t('rm.q', { q })}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
      )}
    </>
  );
}

/** Add an item to a roadmap (staff, admins). */
export function RoadmapItemForm(props: { agreementId: number; today: string; onClose: () => void; onSaved: (it: RoadmapItemDetail) => void }) {
  const i18n = useI18n();
  const [draft, setDraft] = useState(() => draftOf(null, props.today));
  return (
    <FormModal
      id="rm-item-form"
      title={i18n.t('rm.add')}
      fields={itemFields(i18n)}
      submit={() => api.post<RoadmapItemDetail>(`/agreements/${props.agreementId}/roadmap`, bodyOf(draft))}
      onDone={props.onSaved}
      onClose={props.onClose}
      creating
    >
      {(errOf) => <ItemFields draft={draft} onChange={setDraft} errOf={errOf} />}
    </FormModal>
  );
}
