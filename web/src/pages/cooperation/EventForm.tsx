// Add or change an event (staff and admins, as the API allows): kind, titles
// and descriptions in both languages, host and guest city, dates or a period
// in words, format and venue, the status with the day it took effect (kept in
// the history), the main event for a sub-event, the linked partnership,
// roadmap item and responsible staff member (those of the host and guest
// city, EventLinks), and whether the public calendar shows it. Errors come
// back by field.

import { useEffect, useState } from 'preact/hooks';
import { type MessageKey, useI18n } from '../../i18n';
import { api } from '../../lib/api';
import { EVENT_KINDS, EVENT_STATUSES, type CityEvent, type CityEventDetail, type EventKind, type EventStatus } from '../../lib/events';
import { CityPicker, useCityChoice } from '../../components/pickers';
import { Field } from '../../components/ui';
import { type FormField, FormModal, type ErrOf } from '../../components/FormModal';
import { useLinkChoices } from './EventLinks';

const FORMATS = ['in_person', 'online', 'hybrid'] as const;

/** The form's id of each body field, for the error summary's links. */
const IDS: Record<string, string> = {
  kind: 'evf-kind',
  title_ru: 'evf-title-ru',
  title_en: 'evf-title-en',
  description_ru: 'evf-desc-ru',
  description_en: 'evf-desc-en',
  host_city_id: 'evf-host',
  guest_city_id: 'evf-guest',
  starts_on: 'evf-starts',
  ends_on: 'evf-ends',
  period_ru: 'evf-period-ru',
  period_en: 'evf-period-en',
  format: 'evf-format',
  venue: 'evf-venue',
  status: 'evf-status',
  status_changed_on: 'evf-status-on',
  parent_id: 'evf-parent',
  partnership_id: 'evf-partnership',
  roadmap_item_id: 'evf-roadmap',
  responsible_id: 'evf-responsible',
};

/** The event's current link when the choices for its cities no longer offer it: kept on show, for the server to judge. */
function kept(current: { id: number } | null | undefined, offered: Array<{ id: number }>): boolean {
  return current != null && !offered.some((o) => o.id === current.id);
}

export function EventForm(props: {
  event: CityEventDetail | null;
  /** The main event when adding a sub-event from its page. */
  parentId?: number;
  onClose: () => void;
  onSaved: (e: CityEventDetail) => void;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const e = props.event;
  const [kind, setKind] = useState<EventKind>(e?.kind ?? 'days_of_city');
  const [titleRu, setTitleRu] = useState(e?.title_ru ?? '');
  const [titleEn, setTitleEn] = useState(e?.title_en ?? '');
  const [descRu, setDescRu] = useState(e?.description_ru ?? '');
  const [descEn, setDescEn] = useState(e?.description_en ?? '');
  const [host, setHost] = useCityChoice(e?.host_city ?? null);
  const [guest, setGuest] = useCityChoice(e?.guest_city ?? null);
  const [startsOn, setStartsOn] = useState(e?.starts_on ?? '');
  const [endsOn, setEndsOn] = useState(e?.ends_on ?? '');
  const [periodRu, setPeriodRu] = useState(e?.period_ru ?? '');
  const [periodEn, setPeriodEn] = useState(e?.period_en ?? '');
  const [format, setFormat] = useState<string>(e?.format ?? '');
  const [venue, setVenue] = useState(e?.venue ?? '');
  const [status, setStatus] = useState<EventStatus>(e?.status ?? 'proposed');
  const [statusOn, setStatusOn] = useState('');
  const [parent, setParent] = useState<string>(String(e?.parent_id ?? props.parentId ?? ''));
  const [partnership, setPartnership] = useState<string>(String(e?.partnership?.id ?? ''));
  const [roadmapItem, setRoadmapItem] = useState<string>(String(e?.roadmap_item?.id ?? ''));
  const [responsible, setResponsible] = useState<string>(String(e?.responsible?.id ?? ''));
  const [published, setPublished] = useState(e?.published ?? false);
  const [parents, setParents] = useState<CityEvent[]>([]);
  const links = useLinkChoices(host?.id ?? 0, guest?.id ?? 0);

  useEffect(() => {
    api
      .get<{ items: CityEvent[] }>('/events')
      .then((x) => setParents(x.items.filter((p) => p.parent_id == null && p.id !== e?.id)))
      .catch(() => undefined);
  }, [e?.id]);

  const labels: Record<string, string> = {
    kind: t('evf.kind'),
    title_ru: t('evf.title_ru'),
    title_en: t('evf.title_en'),
    description_ru: t('evf.desc_ru'),
    description_en: t('evf.desc_en'),
    host_city_id: t('ev.host'),
    guest_city_id: t('ev.guest'),
    starts_on: t('evf.starts_on'),
    ends_on: t('evf.ends_on'),
    period_ru: t('evf.period_ru'),
    period_en: t('evf.period_en'),
    format: t('ev.format'),
    venue: t('ev.venue'),
    status: t('ev.status'),
    status_changed_on: t('evf.status_on'),
    parent_id: t('evf.parent'),
    partnership_id: t('evf.partnership'),
    roadmap_item_id: t('evf.roadmap_item'),
    responsible_id: t('evf.responsible'),
  };
  const fields: Record<string, FormField> = Object.fromEntries(
    Object.entries(labels).map(([f, label]) => [f, { id: IDS[f] ?? '', label }]),
  );
  const statusChanged = !e || status !== e.status;

  const submit = async () => {
    const opt = (v: string) => (v.trim() ? v.trim() : null);
    const body: Record<string, unknown> = {
      kind,
      title_ru: titleRu.trim(),
      title_en: titleEn.trim(),
      description_ru: opt(descRu),
      description_en: opt(descEn),
      host_city_id: host?.id ?? null,
      guest_city_id: guest?.id ?? null,
      starts_on: opt(startsOn),
      ends_on: opt(endsOn),
      period_ru: opt(periodRu),
      period_en: opt(periodEn),
      format: format || null,
      venue: opt(venue),
      status,
      parent_id: parent ? Number(parent) : null,
      partnership_id: partnership ? Number(partnership) : null,
      roadmap_item_id: roadmapItem ? Number(roadmapItem) : null,
      responsible_id: responsible ? Number(responsible) : null,
      published,
    };
    if (statusChanged && statusOn.trim()) body.status_changed_on = statusOn.trim();
    return e ? api.patch<CityEventDetail>(`/events/${e.id}`, body) : api.post<CityEventDetail>('/events', body);
  };

  const text = (errOf: ErrOf, id: string, label: string, value: string, set: (v: string) => void, f: string, lang?: string, required = false) => (
    <Field id={id} label={label} required={required} error={errOf(f)}>
      {(a) => <input {...a} type="text" lang={lang} value={value} onInput={(x) => set(x.currentTarget.value)} />}
    </Field>
  );

  return (
    <FormModal
      id="event-form"
      title={e ? t('evf.edit') : t('evf.add')}
      fields={fields}
      submit={submit}
      onDone={props.onSaved}
      onClose={props.onClose}
      creating={!e}
    >
      {(errOf) => (
        <>
          <Field id="evf-kind" label={t('evf.kind')} required error={errOf('kind')}>
            {(a) => (
              <select {...a} value={kind} onChange={(x) => setKind(x.currentTarget.value as EventKind)}>
                {EVENT_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {t(`ev.kind.${k}` as MessageKey)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          {text(errOf, 'evf-title-ru', t('evf.title_ru'), titleRu, setTitleRu, 'title_ru', 'ru', true)}
          {text(errOf, 'evf-title-en', t('evf.title_en'), titleEn, setTitleEn, 'title_en', 'en', true)}
          <Field id="evf-desc-ru" label={t('evf.desc_ru')} error={errOf('description_ru')}>
            {(a) => <textarea {...a} lang="ru" rows={2} value={descRu} onInput={(x) => setDescRu(x.currentTarget.value)} />}
          </Field>
          <Field id="evf-desc-en" label={t('evf.desc_en')} error={errOf('description_en')}>
            {(a) => <textarea {...a} lang="en" rows={2} value={descEn} onInput={(x) => setDescEn(x.currentTarget.value)} />}
          </Field>
          <CityPicker id="evf-host" label={t('ev.host')} value={host} onChange={setHost} error={errOf('host_city_id')} />
          <CityPicker id="evf-guest" label={t('ev.guest')} value={guest} onChange={setGuest} error={errOf('guest_city_id')} />
          <div class="field-row">
            <Field id="evf-starts" label={t('evf.starts_on')} error={errOf('starts_on')}>
              {(a) => <input {...a} type="date" value={startsOn} onInput={(x) => setStartsOn(x.currentTarget.value)} />}
            </Field>
            <Field id="evf-ends" label={t('evf.ends_on')} error={errOf('ends_on')}>
              {(a) => <input {...a} type="date" value={endsOn} onInput={(x) => setEndsOn(x.currentTarget.value)} />}
            </Field>
          </div>
          <div class="field-row">
            {text(errOf, 'evf-period-ru', t('evf.period_ru'), periodRu, setPeriodRu, 'period_ru', 'ru')}
            {text(errOf, 'evf-period-en', t('evf.period_en'), periodEn, setPeriodEn, 'period_en', 'en')}
          </div>
          <div class="field-row">
            <Field id="evf-format" label={t('ev.format')} error={errOf('format')}>
              {(a) => (
                <select {...a} value={format} onChange={(x) => setFormat(x.currentTarget.value)}>
                  <option value="">{t('evf.not_set')}</option>
                  {FORMATS.map((f) => (
                    <option key={f} value={f}>
                      {t(`ev.format.${f}` as MessageKey)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            {text(errOf, 'evf-venue', t('ev.venue'), venue, setVenue, 'venue')}
          </div>
          <div class="field-row">
            <Field id="evf-status" label={t('ev.status')} required error={errOf('status')}>
              {(a) => (
                <select {...a} value={status} onChange={(x) => setStatus(x.currentTarget.value as EventStatus)}>
                  {EVENT_STATUSES.map((s) => (
                    <option key={s} value={s}>
                      {t(`ev.status.${s}` as MessageKey)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            {statusChanged && (
              <Field id="evf-status-on" label={t('evf.status_on')} hint={t('evf.status_on_hint')} error={errOf('status_changed_on')}>
                {(a) => <input {...a} type="date" value={statusOn} onInput={(x) => setStatusOn(x.currentTarget.value)} />}
              </Field>
            )}
          </div>
          <Field id="evf-parent" label={t('evf.parent')} hint={t('evf.parent_hint')} error={errOf('parent_id')}>
            {(a) => (
              <select {...a} value={parent} onChange={(x) => setParent(x.currentTarget.value)}>
                <option value="">{t('evf.no_parent')}</option>
                {parents.map((p) => (
                  <option key={p.id} value={String(p.id)}>
                    {i18n.pick(p.title_ru, p.title_en)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <p class="hint">{t('evf.links_hint')}</p>
          <Field id="evf-partnership" label={t('evf.partnership')} error={errOf('partnership_id')}>
            {(a) => (
              <select {...a} value={partnership} onChange={(x) => setPartnership(x.currentTarget.value)}>
                <option value="">{t('evf.no_partnership')}</option>
                {kept(e?.partnership, links.partnerships) && (
                  <option value={String(e?.partnership?.id)}>
                    {i18n.name(e?.partnership?.city_a)} — {i18n.name(e?.partnership?.city_b)}
                  </option>
                )}
                {links.partnerships.map((p) => (
                  <option key={p.id} value={String(p.id)}>
                    {i18n.name(p.city_a)} — {i18n.name(p.city_b)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field id="evf-roadmap" label={t('evf.roadmap_item')} error={errOf('roadmap_item_id')}>
            {(a) => (
              <select {...a} value={roadmapItem} onChange={(x) => setRoadmapItem(x.currentTarget.value)}>
                <option value="">{t('evf.no_roadmap_item')}</option>
                {kept(e?.roadmap_item, links.roadmaps.flatMap((r) => r.items)) && (
                  <option value={String(e?.roadmap_item?.id)}>{i18n.pick(e?.roadmap_item?.title_ru, e?.roadmap_item?.title_en)}</option>
                )}
                {links.roadmaps.map((r) => (
                  <optgroup key={r.agreement.id} label={i18n.pick(r.agreement.title_ru, r.agreement.title_en)}>
                    {r.items.map((it) => (
                      <option key={it.id} value={String(it.id)}>
                        {i18n.pick(it.title_ru, it.title_en)}
                      </option>
                    ))}
                  </optgroup>
                ))}
              </select>
            )}
          </Field>
          <Field id="evf-responsible" label={t('evf.responsible')} error={errOf('responsible_id')}>
            {(a) => (
              <select {...a} value={responsible} onChange={(x) => setResponsible(x.currentTarget.value)}>
                <option value="">{t('evf.no_responsible')}</option>
                {kept(e?.responsible, links.staff) && <option value={String(e?.responsible?.id)}>{e?.responsible?.name}</option>}
                {links.staff.map((u) => (
                  <option key={u.id} value={String(u.id)}>
                    {u.name} ({i18n.pick(u.organization.short_ru, u.organization.short_en) || i18n.name(u.organization)})
                  </option>
                ))}
              </select>
            )}
          </Field>
          <div class="field checkbox">
            <input id="evf-published" type="checkbox" checked={published} onChange={(x) => setPublished(x.currentTarget.checked)} />
            <label for="evf-published">{t('evf.published')}</label>
          </div>
        </>
      )}
    </FormModal>
  );
}
