// A trade value entered by a form, as one line of the CSV import would be
// (PUT /trade/points): an existing series, or a new one (reporting city,
// partner country or city chosen by name, flow, currency), then the period,
// the value, whether it is derived, and notes in both languages. Choosing a
// series and a period it already has loads that value, to change it.

import { useState } from 'preact/hooks';
import { type MessageKey, fieldMessage, useI18n } from '../../i18n';
import { api, fieldErrors } from '../../lib/api';
import { type TradeSeries, periodLabel } from '../../lib/cooperation';
import { useSubmit } from '../../lib/hooks';
import { CityOrCountry, type PlaceKind } from '../../components/CityOrCountry';
import { type CityChoice, CityPicker } from '../../components/pickers';
import { Alert, ErrorSummary, Field } from '../../components/ui';

const FLOWS = ['turnover', 'export', 'import'] as const;

interface Draft {
  series: number | 'new';
  reporter: CityChoice | null;
  partnerKind: PlaceKind;
  country: string | null;
  city: CityChoice | null;
  flow: (typeof FLOWS)[number];
  currency: string;
  period: string;
  value: string;
  derived: boolean;
  note_ru: string;
  note_en: string;
}

const EMPTY: Omit<Draft, 'series'> = {
  reporter: null, partnerKind: 'country', country: null, city: null, flow: 'turnover', currency: 'USD',
  period: '', value: '', derived: false, note_ru: '', note_en: '',
};

/** The body of PUT /trade/points: the series' own members, or the new series' fields. */
function toBody(d: Draft, series: TradeSeries | undefined) {
  const point = {
    period: d.period.trim(),
    value: d.value.trim() === '' ? null : Number(d.value.replace(',', '.')),
    derived: d.derived,
    note_ru: d.note_ru.trim() || null,
    note_en: d.note_en.trim() || null,
  };
  if (series)
    return { ...point, reporter_city_id: series.reporter_city_id, partner_country: series.partner_country,
      partner_city_id: series.partner_city_id, flow: series.flow, currency: series.currency };
  return { ...point, reporter_city_id: d.reporter?.id ?? null,
    partner_country: d.partnerKind === 'country' ? d.country : null,
    partner_city_id: d.partnerKind === 'city' ? (d.city?.id ?? null) : null,
    flow: d.flow, currency: d.currency.trim().toUpperCase() };
}

const IDS: Record<string, string> = {
  reporter_city_id: 'tf-reporter', partner_country: 'tf-country', partner_city_id: 'tf-city', flow: 'tf-flow',
  currency: 'tf-currency', period: 'tf-period', value: 'tf-value', note_ru: 'tf-note-ru', note_en: 'tf-note-en',
};

export function TradeForm({ items, onSaved }: { items: TradeSeries[]; onSaved: () => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [d, setD] = useState<Draft>({ series: items[0]?.id ?? 'new', ...EMPTY });
  const [saved, setSaved] = useState<string | null>(null);
  const sub = useSubmit();
  const fe = fieldErrors(sub.error);
  const err = (f: string) => fieldMessage(i18n, fe[f]);
  const series = items.find((s) => s.id === d.series);
  const name = (s: TradeSeries) =>
    t(`tr.flow.${s.flow}` as MessageKey, {
      a: i18n.pick(s.reporter_name_ru, s.reporter_name_en),
      b: i18n.pick(s.partner_name_ru, s.partner_name_en),
    });
  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => {
    setSaved(null);
    setD((x) => ({ ...x, [k]: v }));
  };
  /** A period the series has: its value and notes, to change them. */
  const loadPeriod = (period: string) => {
    const p = series?.points.find((x) => x.period === period.trim());
    setSaved(null);
    setD((x) => ({ ...x, period, ...(p ? { value: String(p.value), derived: p.derived, note_ru: p.note_ru ?? '', note_en: p.note_en ?? '' } : {}) }));
  };
  const editing = series?.points.some((x) => x.period === d.period.trim()) ?? false;
  const submit = async (e: Event) => {
    e.preventDefault();
    const r = await sub.run(() => api.put<TradeSeries>('/trade/points', toBody(d, series)));
    if (!r) return;
    setD((x) => ({ ...x, series: r.id }));
    setSaved(t('tf.saved', { period: periodLabel(d.period.trim(), i18n.appLocale), series: name(r) }));
    onSaved();
  };
  const summary = Object.keys(fe).map((f) => ({ href: `#${IDS[f] ?? 'tf-period'}`, text: `${f}: ${err(f) ?? ''}` }));

  return (
    <section class="card pp-block" aria-labelledby="tr-form">
      <h2 id="tr-form" class="card-title">
        {t('tf.title')}
      </h2>
      <p class="hint">{t('tf.intro')}</p>
      <form onSubmit={submit} noValidate>
        <ErrorSummary message={sub.error ? i18n.error(sub.error) : null} items={summary} />
        {saved && <Alert kind="success">{saved}</Alert>}
        <Field id="tf-series" label={t('tf.series')} required>
          {(a) => (
            <select {...a} value={String(d.series)} onChange={(e) => set('series', e.currentTarget.value === 'new' ? 'new' : Number(e.currentTarget.value))}>
              {items.map((s) => (
                <option key={s.id} value={String(s.id)}>
                  {name(s)} ({s.currency})
                </option>
              ))}
              <option value="new">{t('tf.new_series')}</option>
            </select>
          )}
        </Field>
        {d.series === 'new' && (
          <fieldset class="field">
            <legend>{t('tf.new_series')}</legend>
            <CityPicker id="tf-reporter" label={t('tf.reporter')} required value={d.reporter} onChange={(c) => set('reporter', c)} error={err('reporter_city_id')} />
            <CityOrCountry id="tf" legend={t('tf.partner')} labels={{ city: t('tf.partner_city'), country: t('tf.partner_country') }}
              kind={d.partnerKind} onKind={(k) => set('partnerKind', k)} city={d.city} onCity={(c) => set('city', c)}
              country={d.country} onCountry={(c) => set('country', c)}
              errors={{ city: err('partner_city_id'), country: err('partner_country') }} />
            <Field id="tf-flow" label={t('tf.flow')} required error={err('flow')}>
              {(a) => (
                <select {...a} value={d.flow} onChange={(e) => set('flow', e.currentTarget.value as Draft['flow'])}>
                  {FLOWS.map((f) => (
                    <option key={f} value={f}>
                      {t(`tf.flow.${f}` as MessageKey)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field id="tf-currency" label={t('tf.currency')} hint={t('tf.currency_hint')} required error={err('currency')}>
              {(a) => <input {...a} type="text" maxLength={3} value={d.currency} onInput={(e) => set('currency', e.currentTarget.value)} />}
            </Field>
          </fieldset>
        )}
        <Field id="tf-period" label={t('tf.period')} hint={t('tf.period_hint')} required error={err('period')}>
          {(a) => <input {...a} type="text" maxLength={7} value={d.period} onInput={(e) => loadPeriod(e.currentTarget.value)} />}
        </Field>
        <Field id="tf-value" label={t('tf.value', { currency: series?.currency ?? (d.currency.toUpperCase() || '—') })} required error={err('value')}>
          {(a) => <input {...a} type="text" inputMode="decimal" value={d.value} onInput={(e) => set('value', e.currentTarget.value)} />}
        </Field>
        <div class="field checkbox">
          <input id="tf-derived" type="checkbox" checked={d.derived} onChange={(e) => set('derived', e.currentTarget.checked)} />
          <label for="tf-derived">{t('tf.derived')}</label>
        </div>
        <Field id="tf-note-ru" label={t('tf.note_ru')} error={err('note_ru')}>
          {(a) => <textarea {...a} lang="ru" rows={2} value={d.note_ru} onInput={(e) => set('note_ru', e.currentTarget.value)} />}
        </Field>
        <Field id="tf-note-en" label={t('tf.note_en')} error={err('note_en')}>
          {(a) => <textarea {...a} lang="en" rows={2} value={d.note_en} onInput={(e) => set('note_en', e.currentTarget.value)} />}
        </Field>
        <button type="submit" class="btn btn-primary" disabled={sub.busy}>
          {editing ? t('tf.change') : t('tf.add')}
        </button>
      </form>
    </section>
  );
}
