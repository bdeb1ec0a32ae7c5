// Add or change a partnership: our city is fixed (the user's), the partner
// city comes from the gazetteer; kind, since, status (with the date the
// change took effect), publication, the counterpart there and notes in both
// languages.

import { useState } from 'preact/hooks';
import { type MessageKey, useI18n } from '../../i18n';
import { api } from '../../lib/api';
import {
  PARTNERSHIP_KINDS,
  PARTNERSHIP_STATUSES,
  type CityRef,
  type Partnership,
  type PartnershipKind,
  type PartnershipStatus,
} from '../../lib/types';
import { type CityChoice, CityPicker } from '../../components/pickers';
import { Field } from '../../components/ui';
import { type FormField, FormModal } from '../../components/FormModal';

export function PartnershipForm(props: {
  home: CityRef;
  partnership: Partnership | null;
  onClose: () => void;
  onSaved: (p: Partnership) => void;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const p = props.partnership;
  const [partner, setPartner] = useState<CityChoice | null>(p ? p.city_b : null);
  const [kind, setKind] = useState<PartnershipKind>(p?.kind ?? 'partner');
  const [since, setSince] = useState(p?.since ?? '');
  const [status, setStatus] = useState<PartnershipStatus>(p?.status ?? 'active');
  const [changedOn, setChangedOn] = useState('');
  const [statusNote, setStatusNote] = useState('');
  const [published, setPublished] = useState(p?.published ?? false);
  const [noteRu, setNoteRu] = useState(p?.note_ru ?? '');
  const [noteEn, setNoteEn] = useState(p?.note_en ?? '');
  const [contact, setContact] = useState(p?.partner_contact ?? '');
  const fields: Record<string, FormField> = {
    city_b_id: { id: 'pf-city-b', label: t('p.city_b') },
    city_a_id: { id: 'pf-city-b', label: t('p.city_a') },
    kind: { id: 'pf-kind', label: t('p.filter_kind') },
    since: { id: 'pf-since', label: t('p.since') },
    status: { id: 'pf-status', label: t('p.status') },
    status_changed_on: { id: 'pf-changed-on', label: t('p.status_changed_on') },
    status_note: { id: 'pf-status-note', label: t('p.status_note') },
    note_ru: { id: 'pf-note-ru', label: t('p.note_ru') },
    note_en: { id: 'pf-note-en', label: t('p.note_en') },
    partner_contact: { id: 'pf-contact', label: t('p.partner_contact') },
  };
  const statusChanged = p != null && status !== p.status;

  const submit = () => {
    const opt = (v: string) => (v.trim() ? v.trim() : null);
    const body: Record<string, unknown> = {
      kind,
      since: opt(since),
      status,
      published,
      note_ru: opt(noteRu),
      note_en: opt(noteEn),
      partner_contact: opt(contact),
    };
    if (!p) {
      body.city_a_id = props.home.id;
      if (partner) body.city_b_id = partner.id;
    } else if (partner && partner.id !== p.city_b.id) {
      body.city_b_id = partner.id;
    }
    if (statusChanged) {
      if (changedOn.trim()) body.status_changed_on = changedOn.trim();
      if (statusNote.trim()) body.status_note = statusNote.trim();
    }
    return p ? api.patch<Partnership>(`/partnerships/${p.id}`, body) : api.post<Partnership>('/partnerships', body);
  };

  return (
    <FormModal
      id="partnership-form"
      title={p ? t('p.form_edit') : t('p.form_add')}
      fields={fields}
      submit={submit}
      onDone={props.onSaved}
      onClose={props.onClose}
      creating={!p}
    >
      {(errOf) => (
        <>
          <p class="static-value">
            <span class="label-static">{t('p.city_a')}</span> {i18n.name(props.home)}
          </p>
          <CityPicker
            id="pf-city-b"
            label={t('p.city_b')}
            value={partner}
            onChange={setPartner}
            error={errOf('city_b_id') ?? errOf('city_a_id')}
            required
          />
          <div class="field-row">
            <Field id="pf-kind" label={t('p.filter_kind')} required error={errOf('kind')}>
              {(a) => (
                <select {...a} value={kind} onChange={(e) => setKind(e.currentTarget.value as PartnershipKind)}>
                  {PARTNERSHIP_KINDS.map((k) => (
                    <option key={k} value={k}>
                      {t(`p.kind.${k}` as MessageKey)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field id="pf-since" label={t('p.since')} hint={t('p.since_hint')} error={errOf('since')}>
              {(a) => <input {...a} type="text" inputMode="numeric" autoComplete="off" value={since} onInput={(e) => setSince(e.currentTarget.value)} />}
            </Field>
          </div>
          <Field id="pf-status" label={t('p.status')} required error={errOf('status')}>
            {(a) => (
              <select {...a} value={status} onChange={(e) => setStatus(e.currentTarget.value as PartnershipStatus)}>
                {PARTNERSHIP_STATUSES.map((k) => (
                  <option key={k} value={k}>
                    {t(`p.status.${k}` as MessageKey)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          {statusChanged && (
            <div class="field-row">
              <Field id="pf-changed-on" label={t('p.status_changed_on')} hint={t('p.status_changed_hint')} error={errOf('status_changed_on')}>
                {(a) => <input {...a} type="date" value={changedOn} onInput={(e) => setChangedOn(e.currentTarget.value)} />}
              </Field>
              <Field id="pf-status-note" label={t('p.status_note')} error={errOf('status_note')}>
                {(a) => <input {...a} type="text" value={statusNote} onInput={(e) => setStatusNote(e.currentTarget.value)} />}
              </Field>
            </div>
          )}
          <div class="field checkbox">
            <input id="pf-published" type="checkbox" checked={published} onChange={(e) => setPublished(e.currentTarget.checked)} />
            <label for="pf-published">{t('p.published')}</label>
          </div>
          <Field id="pf-contact" label={t('p.partner_contact')} hint={t('p.partner_contact_hint')} error={errOf('partner_contact')}>
            {(a) => <input {...a} type="text" maxLength={300} value={contact} onInput={(e) => setContact(e.currentTarget.value)} />}
          </Field>
          <Field id="pf-note-ru" label={t('p.note_ru')} error={errOf('note_ru')}>
            {(a) => <textarea {...a} lang="ru" rows={2} value={noteRu} onInput={(e) => setNoteRu(e.currentTarget.value)} />}
          </Field>
          <Field id="pf-note-en" label={t('p.note_en')} error={errOf('note_en')}>
            {(a) => <textarea {...a} lang="en" rows={2} value={noteEn} onInput={(e) => setNoteEn(e.currentTarget.value)} />}
          </Field>
        </>
      )}
    </FormModal>
  );
}
