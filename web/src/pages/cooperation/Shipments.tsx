// Aid shipments (the 20 tonnes from Heilongjiang): the totals by donor and
// year as the server computes them, the list, a shipment's items and their
// distribution to hospitals and organizations. Staff of the recipient city
// and admins add, edit and distribute (the server says so in may_edit).

import { useEffect, useState } from 'preact/hooks';
import { type I18n, type MessageKey, useI18n } from '../../i18n';
import { ApiError, api } from '../../lib/api';
import {
  RECIPIENT_KINDS,
  SHIPMENT_STATUSES,
  UNITS,
  WEIGHT_QUALIFIERS,
  type RecipientKind,
  type Shipment,
  type ShipmentDetail,
  type ShipmentStatus,
  type ShipmentTotal,
  type Unit,
  type WeightQualifier,
} from '../../lib/aid';
import { useTitle } from '../../lib/hooks';
import { Link, navigate } from '../../lib/router';
import { useSession } from '../../lib/session';
import type { Page } from '../../lib/types';
import { type CityChoice, CityPicker, useCityChoice } from '../../components/pickers';
import { Alert, Badge, Field, LoadError, PageHeader, Spinner } from '../../components/ui';
import { type FormField, FormModal, rowPlace, type ErrOf } from '../../components/FormModal';
import { NotFoundPage } from '../Status';
import { CountryPicker } from '../../components/CountryPicker';

const TONE: Record<ShipmentStatus, 'neutral' | 'green' | 'red' | 'blue' | 'amber'> = {
  planned: 'neutral',
  in_transit: 'amber',
  arrived: 'blue',
  distributed: 'green',
  cancelled: 'red',
};

function StatusBadge({ status }: { status: ShipmentStatus }) {
  const { t } = useI18n();
  return <Badge tone={TONE[status]}>{t(`sh.status.${status}` as MessageKey)}</Badge>;
}

/** "more than 20 t", "about 1,500 kg": tonnes from a tonne up. */
export function weightText(i18n: I18n, kg: number | null, qualifier: WeightQualifier = 'exact'): string {
  if (kg == null) return i18n.t('sh.weight_unknown');
  const w = kg >= 1000 ? i18n.t('sh.tonnes', { n: kg / 1000 }) : i18n.t('sh.kg', { n: kg });
  return qualifier === 'exact' ? w : i18n.t(`sh.qualifier.${qualifier}` as MessageKey, { w });
}

function donorText(i18n: I18n, s: Shipment): string {
  return i18n.pick(s.donor_name_ru, s.donor_name_en) || i18n.t('common.none');
}

function whenText(i18n: I18n, s: Shipment): string {
  if (s.arrived_on) return i18n.t('sh.arrived_on', { d: i18n.date(s.arrived_on) });
  if (s.sent_on) return i18n.t('sh.sent_on', { d: i18n.date(s.sent_on) });
  return String(s.year);
}

function quantityText(i18n: I18n, q: number | null, unit: Unit | null): string {
  if (q == null) return i18n.t('sh.not_stated');
  return unit ? `${i18n.num(q)} ${i18n.t(`unit.${unit}` as MessageKey)}` : i18n.num(q);
}

export function ShipmentsPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const { user } = useSession();
  const [items, setItems] = useState<Shipment[] | null>(null);
  const [totals, setTotals] = useState<ShipmentTotal[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [adding, setAdding] = useState(false);
  useTitle(t('sh.title'));
  useEffect(() => {
    api
      .get<Page<Shipment>>('/shipments', { limit: 200 })
      .then((x) => setItems(x.items))
      .catch(setError);
    api
      .get<{ items: ShipmentTotal[] }>('/shipments/totals')
      .then((x) => setTotals(x.items))
      .catch(setError);
  }, []);
  if (error != null) return <LoadError error={error} />;
  if (!items || !totals) return <Spinner />;
  const writer = user.role === 'staff' || user.role === 'admin';
  return (
    <>
      <PageHeader
        title={t('sh.title')}
        intro={t('sh.intro')}
        actions={
          writer && (
            <button type="button" class="btn btn-primary" onClick={() => setAdding(true)}>
              {t('sh.add')}
            </button>
          )
        }
      />
      {adding && <ShipmentForm shipment={null} onClose={() => setAdding(false)} onSaved={(s) => navigate(`/shipments/${s.id}`)} />}
      <section class="card sh-card" aria-labelledby="sh-totals">
        <h2 id="sh-totals" class="card-title">
          {t('sh.totals')}
        </h2>
        {totals.length === 0 ? (
          <p class="muted">{t('sh.none')}</p>
        ) : (
          <div class="table-wrap">
            <table class="table table-compact" id="sh-totals-table">
              <thead>
                <tr>
                  <th scope="col">{t('sh.year')}</th>
                  <th scope="col">{t('sh.donor')}</th>
                  <th scope="col" class="num">
                    {t('sh.count')}
                  </th>
                  <th scope="col" class="num">
                    {t('sh.weight')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {totals.map((x) => (
                  <tr key={`${x.year}-${x.donor_org_id}-${x.donor_name_en}`}>
                    <td>{x.year}</td>
                    <th scope="row">{i18n.pick(x.donor_name_ru, x.donor_name_en)}</th>
                    <td class="num">{i18n.num(x.shipments)}</td>
                    <td class="num">
                      {weightText(i18n, x.weight_kg > 0 ? x.weight_kg : null, x.at_least ? 'more_than' : 'exact')}
                      {x.unweighed > 0 && <span class="sub"> {t('sh.unweighed', { n: x.unweighed })}</span>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <p class="hint">{t('sh.totals_hint')}</p>
      </section>
      <section class="card sh-card" aria-labelledby="sh-list">
        <h2 id="sh-list" class="card-title">
          {t('sh.list')}
        </h2>
        {items.length === 0 && <p class="muted">{t('sh.none')}</p>}
        <ul class="work-list sh-list">
          {items.map((s) => (
            <li key={s.id}>
              <Link href={`/shipments/${s.id}`}>
                {donorText(i18n, s)} → {i18n.name(s.recipient_city)}
              </Link>
              <span class="sub">
                {whenText(i18n, s)} · {weightText(i18n, s.weight_kg, s.weight_qualifier)} · <StatusBadge status={s.status} />
              </span>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}

export function ShipmentPage({ id }: { id: number }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [s, setS] = useState<ShipmentDetail | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [form, setForm] = useState<'edit' | 'distribute' | null>(null);
  const [msg, setMsg] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);
  useTitle(s ? `${donorText(i18n, s)} → ${i18n.name(s.recipient_city)}` : t('sh.title'));
  useEffect(() => {
    api.get<ShipmentDetail>(`/shipments/${id}`).then(setS).catch(setError);
  }, [id]);
  if (error instanceof ApiError && error.status === 404) return <NotFoundPage path={`/shipments/${id}`} signedIn />;
  if (error != null) return <LoadError error={error} />;
  if (!s) return <Spinner />;
  const saved = (x: ShipmentDetail, text: string) => {
    setForm(null);
    setS(x);
    setMsg({ kind: 'success', text });
  };
  const takeBack = async (did: number) => {
    setMsg(null);
    try {
      await api.del(`/shipments/${s.id}/distributions/${did}`);
      setS(await api.get<ShipmentDetail>(`/shipments/${s.id}`));
      setMsg({ kind: 'success', text: t('sh.taken_back') });
    } catch (err) {
      setMsg({ kind: 'error', text: i18n.error(err) });
    }
  };
  const itemName = (itemId: number) => {
    const it = s.items.find((x) => x.id === itemId);
    return it ? i18n.pick(it.name_ru, it.name_en) : String(itemId);
  };
  const canDistribute = s.may_edit && (s.status === 'arrived' || s.status === 'distributed') && s.items.length > 0;
  return (
    <>
      <p class="breadcrumb">
        <Link href="/shipments">← {t('sh.title')}</Link>
      </p>
      <PageHeader
        title={`${donorText(i18n, s)} → ${i18n.name(s.recipient_city)}`}
        intro={t('sh.shipment_of', { year: String(s.year) })}
        actions={
          s.may_edit && (
            <>
              <button type="button" class="btn btn-primary" onClick={() => setForm('edit')}>
                {t('common.edit')}
              </button>
              {canDistribute && (
                <button type="button" class="btn" onClick={() => setForm('distribute')}>
                  {t('sh.distribute')}
                </button>
              )}
            </>
          )
        }
      />
      {msg && (
        <Alert kind={msg.kind} onClose={() => setMsg(null)}>
          {msg.text}
        </Alert>
      )}
      {form === 'edit' && <ShipmentForm shipment={s} onClose={() => setForm(null)} onSaved={(x) => saved(x, t('common.saved'))} />}
      {form === 'distribute' && <DistributionForm shipment={s} onClose={() => setForm(null)} onSaved={(x) => saved(x, t('sh.distributed_ok'))} />}
      <div class="grid-2 sh-card">
        <section class="card" aria-labelledby="sh-about">
          <h2 id="sh-about" class="card-title">
            {t('sh.about')}
          </h2>
          <dl class="kv">
            <dt>{t('sh.donor')}</dt>
            <dd>
              {donorText(i18n, s)}
              {s.donor_city && `, ${i18n.name(s.donor_city)}`}
              {s.donor_country && ` (${s.donor_country})`}
            </dd>
            <dt>{t('sh.recipient_city')}</dt>
            <dd>{i18n.name(s.recipient_city)}</dd>
            <dt>{t('sh.sent')}</dt>
            <dd>{s.sent_on ? i18n.date(s.sent_on) : t('common.none')}</dd>
            <dt>{t('sh.arrived')}</dt>
            <dd>{s.arrived_on ? i18n.date(s.arrived_on) : t('common.none')}</dd>
            <dt>{t('sh.year')}</dt>
            <dd>
              {s.year}
              {i18n.pick(s.date_note_ru, s.date_note_en) && <span class="sub"> — {i18n.pick(s.date_note_ru, s.date_note_en)}</span>}
            </dd>
            <dt>{t('ev.status')}</dt>
            <dd>
              <StatusBadge status={s.status} />
            </dd>
            <dt>{t('sh.weight')}</dt>
            <dd>
              {weightText(i18n, s.weight_kg, s.weight_qualifier)}
              {s.items_weight_kg != null && (
                <span class="sub">
                  {' '}
                  {t(s.items_weight_complete ? 'sh.items_weigh_all' : 'sh.items_weigh_some', { w: weightText(i18n, s.items_weight_kg) })}
                </span>
              )}
            </dd>
          </dl>
          {i18n.pick(s.notes_ru, s.notes_en) && <p class="sh-notes">{i18n.pick(s.notes_ru, s.notes_en)}</p>}
        </section>
        <section class="card" aria-labelledby="sh-items">
          <h2 id="sh-items" class="card-title">
            {t('sh.items')}
          </h2>
          {s.items.length === 0 ? (
            <p class="muted">{t('sh.no_items')}</p>
          ) : (
            <div class="table-wrap">
              <table class="table table-compact">
                <thead>
                  <tr>
                    <th scope="col">{t('sh.item')}</th>
                    <th scope="col" class="num">
                      {t('sh.quantity')}
                    </th>
                    <th scope="col" class="num">
                      {t('sh.remaining')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {s.items.map((it) => (
                    <tr key={it.id}>
                      <th scope="row">{i18n.pick(it.name_ru, it.name_en)}</th>
                      <td class="num">{quantityText(i18n, it.quantity, it.unit)}</td>
                      <td class="num">
                        {it.remaining != null
                          ? quantityText(i18n, it.remaining, it.unit)
                          : it.distribution_lines > 0
                            ? t('sh.given_out')
                            : t('common.none')}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      </div>
      <section class="card sh-card" aria-labelledby="sh-dist">
        <h2 id="sh-dist" class="card-title">
          {t('sh.distribution')}
        </h2>
        {s.distributions.length === 0 && <p class="muted">{t('sh.no_distribution')}</p>}
        <ul class="work-list">
          {s.distributions.map((d) => (
            <li key={d.id}>
              <strong>{i18n.pick(d.recipient_name_ru, d.recipient_name_en)}</strong>
              <span class="sub">
                {t(`sh.rkind.${d.recipient_kind}` as MessageKey)} · {d.distributed_on ? i18n.date(d.distributed_on) : t('sh.date_unknown')}
              </span>
              <span class="sh-dist-lines">
                {d.lines
                  .map((l) => {
                    const it = s.items.find((x) => x.id === l.item_id);
                    return `${itemName(l.item_id)}: ${l.quantity != null ? quantityText(i18n, l.quantity, it?.unit ?? null) : t('sh.not_stated')}`;
                  })
                  .join('; ')}
              </span>
              {i18n.pick(d.note_ru, d.note_en) && <span class="sh-dist-note">{i18n.pick(d.note_ru, d.note_en)}</span>}
              {s.may_edit && (
                <button type="button" class="btn-link" onClick={() => takeBack(d.id)}>
                  {t('sh.take_back')}
                </button>
              )}
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}

interface ItemRow {
  name_ru: string;
  name_en: string;
  quantity: string;
  unit: string;
}

export function ShipmentForm(props: { shipment: ShipmentDetail | null; onClose: () => void; onSaved: (s: ShipmentDetail) => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const { user } = useSession();
  const s = props.shipment;
  const home: CityChoice | null = user.organization?.city ?? null;
  const [donorRu, setDonorRu] = useState(s?.donor_name_ru ?? '');
  const [donorEn, setDonorEn] = useState(s?.donor_name_en ?? '');
  const [country, setCountry] = useState<string | null>(s?.donor_country ?? null);
  const [donorCity, setDonorCity] = useCityChoice(s?.donor_city ?? null);
  const [recipient, setRecipient] = useCityChoice(s ? s.recipient_city : home);
  const [sentOn, setSentOn] = useState(s?.sent_on ?? '');
  const [arrivedOn, setArrivedOn] = useState(s?.arrived_on ?? '');
  const [year, setYear] = useState(s ? String(s.year) : '');
  const [status, setStatus] = useState<ShipmentStatus>(s?.status ?? 'planned');
  const [weight, setWeight] = useState(s?.weight_kg != null ? String(s.weight_kg) : '');
  const [qualifier, setQualifier] = useState<WeightQualifier>(s?.weight_qualifier ?? 'exact');
  const [notesRu, setNotesRu] = useState(s?.notes_ru ?? '');
  const [notesEn, setNotesEn] = useState(s?.notes_en ?? '');
  const [rows, setRows] = useState<ItemRow[]>(
    s ? s.items.map((it) => ({ name_ru: it.name_ru, name_en: it.name_en, quantity: it.quantity != null ? String(it.quantity) : '', unit: it.unit ?? '' })) : [],
  );
  const locked = s != null && s.items.some((it) => it.distribution_lines > 0);

  const fields: Record<string, FormField> = {
    donor_name_ru: { id: 'sf-donor-ru', label: t('sh.donor_ru') },
    donor_name_en: { id: 'sf-donor-en', label: t('sh.donor_en') },
    donor_country: { id: 'sf-country', label: t('sh.donor_country') },
    donor_city_id: { id: 'sf-donor-city', label: t('sh.donor_city') },
    recipient_city_id: { id: 'sf-recipient', label: t('sh.recipient_city') },
    sent_on: { id: 'sf-sent', label: t('sh.sent') },
    arrived_on: { id: 'sf-arrived', label: t('sh.arrived') },
    year: { id: 'sf-year', label: t('sh.year') },
    status: { id: 'sf-status', label: t('ev.status') },
    weight_kg: { id: 'sf-weight', label: t('sh.weight_kg') },
    weight_qualifier: { id: 'sf-qualifier', label: t('sh.weight_is') },
    notes_ru: { id: 'sf-notes-ru', label: t('sh.notes_ru') },
    notes_en: { id: 'sf-notes-en', label: t('sh.notes_en') },
  };
  const setRow = (i: number, patch: Partial<ItemRow>) => setRows(rows.map((r, k) => (k === i ? { ...r, ...patch } : r)));
  const num = (v: string) => (v.trim() === '' ? null : Number(v.replace(',', '.')));

  const submit = async () => {
    const opt = (v: string) => (v.trim() ? v.trim() : null);
    const body: Record<string, unknown> = {
      donor_name_ru: opt(donorRu),
      donor_name_en: opt(donorEn),
      donor_country: country,
      donor_city_id: donorCity?.id ?? null,
      sent_on: opt(sentOn),
      arrived_on: opt(arrivedOn),
      year: num(year),
      status,
      weight_kg: num(weight),
      weight_qualifier: qualifier,
      notes_ru: opt(notesRu),
      notes_en: opt(notesEn),
    };
    if (recipient) body.recipient_city_id = recipient.id;
    if (!locked)
      body.items = rows.map((r) => ({ name_ru: r.name_ru.trim(), name_en: r.name_en.trim(), quantity: num(r.quantity), unit: r.unit || null }));
    return s ? api.patch<ShipmentDetail>(`/shipments/${s.id}`, body) : api.post<ShipmentDetail>('/shipments', body);
  };

  const text = (errOf: ErrOf, id: string, label: string, value: string, set: (v: string) => void, f: string, lang?: string) => (
    <Field id={id} label={label} error={errOf(f)}>
      {(a) => <input {...a} type="text" lang={lang} value={value} onInput={(x) => set(x.currentTarget.value)} />}
    </Field>
  );
  return (
    <FormModal
      id="shipment-form"
      title={s ? t('sh.edit') : t('sh.add')}
      fields={fields}
      place={(f) => rowPlace('sf-item', f)}
      submit={submit}
      onDone={props.onSaved}
      onClose={props.onClose}
      creating={!s}
    >
      {(errOf) => (
        <>
          <p class="hint">{t('sh.donor_hint')}</p>
          <div class="field-row">
            {text(errOf, 'sf-donor-ru', t('sh.donor_ru'), donorRu, setDonorRu, 'donor_name_ru', 'ru')}
            {text(errOf, 'sf-donor-en', t('sh.donor_en'), donorEn, setDonorEn, 'donor_name_en', 'en')}
          </div>
          <div class="field-row">
            <CountryPicker id="sf-country" label={t('sh.donor_country')} hint={t('sh.country_pick_hint')}
              error={errOf('donor_country')} value={country} onChange={setCountry} />
            <CityPicker id="sf-donor-city" label={t('sh.donor_city')} value={donorCity} onChange={setDonorCity} error={errOf('donor_city_id')} />
          </div>
          <CityPicker id="sf-recipient" label={t('sh.recipient_city')} value={recipient} onChange={setRecipient} error={errOf('recipient_city_id')} required />
          <div class="field-row">
            <Field id="sf-sent" label={t('sh.sent')} error={errOf('sent_on')}>
              {(a) => <input {...a} type="date" value={sentOn} onInput={(x) => setSentOn(x.currentTarget.value)} />}
            </Field>
            <Field id="sf-arrived" label={t('sh.arrived')} error={errOf('arrived_on')}>
              {(a) => <input {...a} type="date" value={arrivedOn} onInput={(x) => setArrivedOn(x.currentTarget.value)} />}
            </Field>
            <Field id="sf-year" label={t('sh.year')} hint={t('sh.year_hint')} error={errOf('year')}>
              {(a) => <input {...a} type="text" inputMode="numeric" value={year} onInput={(x) => setYear(x.currentTarget.value)} />}
            </Field>
          </div>
          <div class="field-row">
            <Field id="sf-status" label={t('ev.status')} required error={errOf('status')}>
              {(a) => (
                <select {...a} value={status} onChange={(x) => setStatus(x.currentTarget.value as ShipmentStatus)}>
                  {SHIPMENT_STATUSES.map((k) => (
                    <option key={k} value={k}>
                      {t(`sh.status.${k}` as MessageKey)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field id="sf-weight" label={t('sh.weight_kg')} error={errOf('weight_kg')}>
              {(a) => <input {...a} type="text" inputMode="decimal" value={weight} onInput={(x) => setWeight(x.currentTarget.value)} />}
            </Field>
            <Field id="sf-qualifier" label={t('sh.weight_is')} error={errOf('weight_qualifier')}>
              {(a) => (
                <select {...a} value={qualifier} onChange={(x) => setQualifier(x.currentTarget.value as WeightQualifier)}>
                  {WEIGHT_QUALIFIERS.map((k) => (
                    <option key={k} value={k}>
                      {t(`sh.wq.${k}` as MessageKey)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          </div>
          <fieldset class="sh-items-edit">
            <legend>{t('sh.items')}</legend>
            {locked && <p class="hint">{t('sh.items_locked')}</p>}
            {rows.map((r, i) => (
              <div class="field-row sh-item-row" key={i}>
                {(['name_ru', 'name_en'] as const).map((f) => (
                  <Field key={f} id={`sf-item-${i}-${f}`} label={t(`sh.item_${f}` as MessageKey)} required error={errOf(`items[${i}].${f}`)}>
                    {(a) => <input {...a} type="text" disabled={locked} value={r[f]} onInput={(x) => setRow(i, { [f]: x.currentTarget.value })} />}
                  </Field>
                ))}
                <Field id={`sf-item-${i}-quantity`} label={t('sh.quantity')} error={errOf(`items[${i}].quantity`)}>
                  {(a) => <input {...a} type="text" inputMode="decimal" disabled={locked} value={r.quantity} onInput={(x) => setRow(i, { quantity: x.currentTarget.value })} />}
                </Field>
                <Field id={`sf-item-${i}-unit`} label={t('sh.unit')} error={errOf(`items[${i}].unit`)}>
                  {(a) => (
                    <select {...a} disabled={locked} value={r.unit} onChange={(x) => setRow(i, { unit: x.currentTarget.value })}>
                      <option value="">{t('sh.not_stated')}</option>
                      {UNITS.map((u) => (
                        <option key={u} value={u}>
                          {t(`unit.${u}` as MessageKey)}
                        </option>
                      ))}
                    </select>
                  )}
                </Field>
                {!locked && (
                  <button type="button" class="btn-link sh-remove" onClick={() => setRows(rows.filter((_, k) => k !== i))}>
                    {t('common.delete')}
                  </button>
                )}
              </div>
            ))}
            {!locked && (
              <button type="button" class="btn" onClick={() => setRows([...rows, { name_ru: '', name_en: '', quantity: '', unit: '' }])}>
                {t('sh.add_item')}
              </button>
            )}
          </fieldset>
          {text(errOf, 'sf-notes-ru', t('sh.notes_ru'), notesRu, setNotesRu, 'notes_ru', 'ru')}
          {text(errOf, 'sf-notes-en', t('sh.notes_en'), notesEn, setNotesEn, 'notes_en', 'en')}
        </>
      )}
    </FormModal>
  );
}

function DistributionForm(props: { shipment: ShipmentDetail; onClose: () => void; onSaved: (s: ShipmentDetail) => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const s = props.shipment;
  const [kind, setKind] = useState<RecipientKind>('hospital');
  const [nameRu, setNameRu] = useState('');
  const [nameEn, setNameEn] = useState('');
  const [on, setOn] = useState('');
  const [noteRu, setNoteRu] = useState('');
  const [noteEn, setNoteEn] = useState('');
  const [take, setTake] = useState<Record<number, string>>({});
  const chosen = s.items.filter((it) => take[it.id] !== undefined);

  // 409 over_distributed names the line in its detail: "lines[1]: ..."; the form keeps it to show by that line
  const [over, setOver] = useState<number | null>(null);
  const lineErr = (errOf: ErrOf, itemId: number) => {
    const k = chosen.findIndex((it) => it.id === itemId);
    if (k >= 0 && over === k) return t('sh.over_line');
    return k < 0 ? undefined : (errOf(`lines[${k}].quantity`) ?? errOf(`lines[${k}].item_id`));
  };
  const fields: Record<string, FormField> = {
    recipient_kind: { id: 'df-kind', label: t('sh.recipient_kind') },
    recipient_name_ru: { id: 'df-name-ru', label: t('sh.recipient_ru') },
    recipient_name_en: { id: 'df-name-en', label: t('sh.recipient_en') },
    distributed_on: { id: 'df-on', label: t('sh.distributed_on') },
    note_ru: { id: 'df-note-ru', label: t('sh.notes_ru') },
    note_en: { id: 'df-note-en', label: t('sh.notes_en') },
  };
  const place = (f: string) => {
    const m = /^lines\[(\d+)\]/.exec(f);
    const it = m ? chosen[Number(m[1])] : undefined;
    return it ? { id: `df-q-${it.id}`, label: i18n.pick(it.name_ru, it.name_en) } : undefined;
  };

  const submit = async () => {
    setOver(null);
    const opt = (v: string) => (v.trim() ? v.trim() : null);
    const body = {
      recipient_kind: kind,
      recipient_name_ru: opt(nameRu),
      recipient_name_en: opt(nameEn),
      distributed_on: opt(on),
      note_ru: opt(noteRu),
      note_en: opt(noteEn),
      lines: chosen.map((it) => {
        const q = (take[it.id] ?? '').trim();
        return { item_id: it.id, quantity: q ? Number(q.replace(',', '.')) : null };
      }),
    };
    try {
      return await api.post<ShipmentDetail>(`/shipments/${s.id}/distributions`, body);
    } catch (err) {
      const m = err instanceof ApiError && err.code === 'over_distributed' ? /^lines\[(\d+)\]/.exec(err.problem.detail ?? '') : null;
      if (m) setOver(Number(m[1]));
      throw err;
    }
  };
  return (
    <FormModal
      id="distribution-form"
      title={t('sh.distribute')}
      fields={fields}
      place={place}
      submit={submit}
      onDone={props.onSaved}
      onClose={props.onClose}
      submitLabel={t('sh.distribute')}
    >
      {(errOf) => (
        <>
          <Field id="df-kind" label={t('sh.recipient_kind')} required error={errOf('recipient_kind')}>
            {(a) => (
              <select {...a} value={kind} onChange={(x) => setKind(x.currentTarget.value as RecipientKind)}>
                {RECIPIENT_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {t(`sh.rkind.${k}` as MessageKey)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <div class="field-row">
            <Field id="df-name-ru" label={t('sh.recipient_ru')} error={errOf('recipient_name_ru')}>
              {(a) => <input {...a} type="text" lang="ru" value={nameRu} onInput={(x) => setNameRu(x.currentTarget.value)} />}
            </Field>
            <Field id="df-name-en" label={t('sh.recipient_en')} required error={errOf('recipient_name_en')}>
              {(a) => <input {...a} type="text" lang="en" value={nameEn} onInput={(x) => setNameEn(x.currentTarget.value)} />}
            </Field>
          </div>
          <Field id="df-on" label={t('sh.distributed_on')} error={errOf('distributed_on')}>
            {(a) => <input {...a} type="date" value={on} onInput={(x) => setOn(x.currentTarget.value)} />}
          </Field>
          <fieldset>
            <legend>{t('sh.what')}</legend>
            <p class="hint">{t('sh.what_hint')}</p>
            {s.items.map((it) => (
              <div class="field-row sh-line" key={it.id}>
                <div class="field checkbox">
                  <input
                    id={`df-take-${it.id}`}
                    type="checkbox"
                    checked={take[it.id] !== undefined}
                    onChange={(x) => {
                      const next = { ...take };
                      if (x.currentTarget.checked) next[it.id] = '';
                      else delete next[it.id];
                      setTake(next);
                    }}
                  />
                  <label for={`df-take-${it.id}`}>
                    {i18n.pick(it.name_ru, it.name_en)}
                    <span class="sub"> {it.remaining != null ? t('sh.left', { q: quantityText(i18n, it.remaining, it.unit) }) : t('sh.not_stated')}</span>
                  </label>
                </div>
                {take[it.id] !== undefined && it.quantity != null && (
                  <Field id={`df-q-${it.id}`} label={t('sh.quantity')} required error={lineErr(errOf, it.id)}>
                    {(a) => <input {...a} type="text" inputMode="decimal" value={take[it.id]} onInput={(x) => setTake({ ...take, [it.id]: x.currentTarget.value })} />}
                  </Field>
                )}
              </div>
            ))}
            {errOf('lines') && <p class="field-error">{errOf('lines')}</p>}
          </fieldset>
          <div class="field-row">
            <Field id="df-note-ru" label={t('sh.notes_ru')} error={errOf('note_ru')}>
              {(a) => <input {...a} type="text" lang="ru" value={noteRu} onInput={(x) => setNoteRu(x.currentTarget.value)} />}
            </Field>
            <Field id="df-note-en" label={t('sh.notes_en')} error={errOf('note_en')}>
              {(a) => <input {...a} type="text" lang="en" value={noteEn} onInput={(x) => setNoteEn(x.currentTarget.value)} />}
            </Field>
          </div>
        </>
      )}
    </FormModal>
  );
}
