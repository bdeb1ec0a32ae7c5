// City and organization choosers built on Combobox, and the sectors' options.

import { useEffect, useState } from 'preact/hooks';
import { type MessageKey, useI18n } from '../i18n';
import { api } from '../lib/api';
import { SECTORS } from '../lib/cooperation';
import type { City, CityRef, OrgRef, Organization, Page } from '../lib/types';
import { Combobox } from './Combobox';

/** What a city picker holds: a full gazetteer city or the ref embedded in an organization. */
export type CityChoice = CityRef & { population?: number | null };

export function CityPicker(props: {
  id: string;
  value: CityChoice | null;
  onChange: (c: CityChoice | null) => void;
  error?: string;
  required?: boolean;
  label?: string;
  hint?: string;
}) {
  const i18n = useI18n();
  const country = (c: CityChoice) => i18n.pick(c.country_name_ru, c.country_name_en) || c.country_code;
  return (
    <Combobox<CityChoice>
      id={props.id}
      label={props.label ?? i18n.t('orgs.city')}
      hint={props.hint ?? i18n.t('orgs.city_hint')}
      error={props.error}
      required={props.required}
      value={props.value}
      onChange={props.onChange}
      search={(q, signal) => api.get<Page<City>>('/cities', { q, limit: 10 }, { signal }).then((p) => p.items)}
      keyOf={(c) => c.id}
      format={(c) => `${i18n.name(c)} — ${country(c)}`}
      renderOption={(c) => (
        <>
          <span class="opt-main">
            {i18n.name(c)} — {country(c)}
          </span>
          {c.population != null && c.population > 0 && (
            <span class="opt-meta">{i18n.t('city.population', { n: c.population })}</span>
          )}
        </>
      )}
      emptyText={i18n.t('city.none')}
      clearLabel={i18n.t('city.clear')}
    />
  );
}

export function OrgPicker(props: {
  id: string;
  label: string;
  /** the default hint when absent; "" for none */
  hint?: string;
  value: OrgRef | null;
  onChange: (o: OrgRef | null) => void;
  error?: string;
  required?: boolean;
}) {
  const i18n = useI18n();
  return (
    <Combobox<OrgRef>
      id={props.id}
      label={props.label}
      hint={props.hint ?? i18n.t('org_picker.hint')}
      error={props.error}
      required={props.required}
      value={props.value}
      onChange={props.onChange}
      search={(q, signal) =>
        api.get<Page<Organization>>('/organizations', { q, limit: 10 }, { signal }).then((p) => p.items)
      }
      keyOf={(o) => o.id}
      format={(o) => i18n.name(o)}
      renderOption={(o) => (
        <>
          <span class="opt-main">{i18n.name(o)}</span>
          {o.city && (
            <span class="opt-meta">
              {i18n.name(o.city)}
              {o.city.country_name_ru || o.city.country_name_en
                ? ` — ${i18n.pick(o.city.country_name_ru, o.city.country_name_en)}`
                : ''}
            </span>
          )}
        </>
      )}
      emptyText={i18n.t('org_picker.none')}
      clearLabel={i18n.t('org_picker.clear')}
    />
  );
}

/**
 * A city picker's state starting from a bare reference (id, names, country
 * code, as events and shipments carry it), completed from the gazetteer so
 * the picker shows the country's name rather than its code.
 */
export function useCityChoice(initial: CityChoice | null): [CityChoice | null, (c: CityChoice | null) => void] {
  const [city, setCity] = useState<CityChoice | null>(initial);
  const id = initial?.id;
  useEffect(() => {
    if (id == null) return;
    api
      .get<City>(`/cities/${id}`)
      .then((c) => setCity((cur) => (cur?.id === c.id ? c : cur)))
      .catch(() => undefined);
  }, [id]);
  return [city, setCity];
}

/** The options of a sector choice (roadmap items, practices), in the UI language. */
export function SectorOptions() {
  const { t } = useI18n();
  return (
    <>
      {SECTORS.map((s) => (
        <option key={s} value={s}>
          {t(`rm.sector.${s}` as MessageKey)}
        </option>
      ))}
    </>
  );
}
