// Add or change a practice of the catalogue (staff of its city, admins): the
// sector, titles and Markdown descriptions in both languages, the owner
// organization; admins also choose the city when adding. Errors come back by field.

import { useState } from 'preact/hooks';
import { useI18n } from '../../i18n';
import { api } from '../../lib/api';
import { type PracticeDetail, type Sector } from '../../lib/showcase';
import type { OrgRef } from '../../lib/types';
import { CityPicker, OrgPicker, SectorOptions, useCityChoice } from '../../components/pickers';
import { Field } from '../../components/ui';
import { type FormField, FormModal, type ErrOf } from '../../components/FormModal';

export function PracticeForm(props: {
  practice: PracticeDetail | null;
  /** Admins add for any city; staff for their own, which the server knows. */
  chooseCity: boolean;
  onClose: () => void;
  onSaved: (id: number) => void;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const p = props.practice;
  const [sector, setSector] = useState<Sector>(p?.sector ?? 'education');
  const [titleRu, setTitleRu] = useState(p?.title_ru ?? '');
  const [titleEn, setTitleEn] = useState(p?.title_en ?? '');
  const [descRu, setDescRu] = useState(p?.description_ru ?? '');
  const [descEn, setDescEn] = useState(p?.description_en ?? '');
  const [org, setOrg] = useState<OrgRef | null>(
    p?.organization ? { id: p.organization.id, name_ru: p.organization.name_ru ?? '', name_en: p.organization.name_en ?? '' } : null,
  );
  const [city, setCity] = useCityChoice(null);
  const fields: Record<string, FormField> = {
    sector: { id: 'prf-sector', label: t('pr.sector') },
    title_ru: { id: 'prf-title-ru', label: t('prf.title_ru') },
    title_en: { id: 'prf-title-en', label: t('prf.title_en') },
    organization_id: { id: 'prf-org', label: t('pr.owner') },
    description_ru: { id: 'prf-desc-ru', label: t('prf.desc_ru') },
    description_en: { id: 'prf-desc-en', label: t('prf.desc_en') },
    city_id: { id: 'prf-city', label: t('pr.city') },
  };

  const submit = async () => {
    const opt = (v: string) => (v.trim() ? v.trim() : null);
    const body: Record<string, unknown> = {
      sector,
      title_ru: titleRu.trim(),
      title_en: titleEn.trim(),
      organization_id: org?.id ?? null,
      description_ru: opt(descRu),
      description_en: opt(descEn),
    };
    if (!p && props.chooseCity && city) body.city_id = city.id;
    return p ? api.patch<PracticeDetail>(`/practices/${p.id}`, body) : api.post<PracticeDetail>('/practices', body);
  };

  const text = (errOf: ErrOf, id: string, label: string, value: string, set: (v: string) => void, f: string, lang: string) => (
    <Field id={id} label={label} required error={errOf(f)}>
      {(a) => <input {...a} type="text" lang={lang} value={value} onInput={(x) => set(x.currentTarget.value)} />}
    </Field>
  );
  const markdown = (errOf: ErrOf, id: string, label: string, value: string, set: (v: string) => void, f: string, lang: string) => (
    <Field id={id} label={label} hint={t('prf.markdown_hint')} error={errOf(f)}>
      {(a) => <textarea {...a} lang={lang} rows={5} value={value} onInput={(x) => set(x.currentTarget.value)} />}
    </Field>
  );

  return (
    <FormModal
      id="practice-form"
      title={p ? t('prf.edit') : t('prf.add')}
      fields={fields}
      submit={submit}
      onDone={(saved) => props.onSaved(saved.id)}
      onClose={props.onClose}
      creating={!p}
    >
      {(errOf) => (
        <>
          {!p && props.chooseCity && (
            <CityPicker id="prf-city" label={t('pr.city')} value={city} onChange={setCity} error={errOf('city_id')} />
          )}
          <Field id="prf-sector" label={t('pr.sector')} required error={errOf('sector')}>
            {(a) => (
              <select {...a} value={sector} onChange={(x) => setSector(x.currentTarget.value as Sector)}>
                <SectorOptions />
              </select>
            )}
          </Field>
          {text(errOf, 'prf-title-ru', t('prf.title_ru'), titleRu, setTitleRu, 'title_ru', 'ru')}
          {text(errOf, 'prf-title-en', t('prf.title_en'), titleEn, setTitleEn, 'title_en', 'en')}
          <OrgPicker id="prf-org" label={t('pr.owner')} value={org} onChange={setOrg} error={errOf('organization_id')} />
          {markdown(errOf, 'prf-desc-ru', t('prf.desc_ru'), descRu, setDescRu, 'description_ru', 'ru')}
          {markdown(errOf, 'prf-desc-en', t('prf.desc_en'), descEn, setDescEn, 'description_en', 'en')}
        </>
      )}
    </FormModal>
  );
}
