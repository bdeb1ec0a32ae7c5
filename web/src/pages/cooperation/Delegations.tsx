// Delegations of specialists to a city from another city (the twelve doctors
// from Harbin) or from a country where no city is named (the experts from
// China): the list, a delegation with its members, and the form staff of
// either city and admins use to add or change one.

import { useEffect, useState } from 'preact/hooks';
import { type I18n, type MessageKey, useI18n } from '../../i18n';
import { ApiError, api } from '../../lib/api';
import { DELEGATION_STATUSES, type Delegation, type DelegationMember, type DelegationStatus } from '../../lib/aid';
import type { CityEvent } from '../../lib/events';
import { useTitle } from '../../lib/hooks';
import { Link, navigate } from '../../lib/router';
import { useSession } from '../../lib/session';
import type { Page } from '../../lib/types';
import { CityPicker, useCityChoice } from '../../components/pickers';
import { CityOrCountry, type PlaceKind } from '../../components/CityOrCountry';
import { useCountries } from '../../components/CountryPicker';
import { Alert, Badge, Field, LoadError, PageHeader, Spinner } from '../../components/ui';
import { type FormField, FormModal, rowPlace, type ErrOf } from '../../components/FormModal';
import { NotFoundPage } from '../Status';

const TONE: Record<DelegationStatus, 'neutral' | 'green' | 'red' | 'blue'> = {
  proposed: 'neutral',
  planned: 'blue',
  held: 'green',
  cancelled: 'red',
};

function StatusBadge({ status }: { status: DelegationStatus }) {
  const { t } = useI18n();
  return <Badge tone={TONE[status]}>{t(`dl.status.${status}` as MessageKey)}</Badge>;
}

function whenText(i18n: I18n, d: Delegation): string {
  if (d.starts_on && d.ends_on && d.ends_on !== d.starts_on) return `${i18n.date(d.starts_on)} – ${i18n.date(d.ends_on)}`;
  if (d.starts_on) return i18n.date(d.starts_on);
  return String(d.year);
}

/** Where each delegation came from: its city, or its country where no city is named. */
function useOrigin(list: Delegation[]): (d: Delegation) => string {
  const i18n = useI18n();
  const countries = useCountries(list.flatMap((d) => (d.from_country ? [d.from_country] : [])));
  return (d) => (d.from_city ? i18n.name(d.from_city) : i18n.name(countries.find((c) => c.code === d.from_country)) || (d.from_country ?? ''));
}

const titleOf = (i18n: I18n, d: Delegation, from: string) =>
  i18n.t('dl.heading', { what: i18n.pick(d.specialty_ru, d.specialty_en), from, to: i18n.name(d.to_city) });

export function DelegationsPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const { user } = useSession();
  const [items, setItems] = useState<Delegation[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [adding, setAdding] = useState(false);
  const origin = useOrigin(items ?? []);
  useTitle(t('dl.title'));
  useEffect(() => {
    api
      .get<Page<Delegation>>('/delegations', { limit: 200 })
      .then((x) => setItems(x.items))
      .catch(setError);
  }, []);
  if (error != null) return <LoadError error={error} />;
  if (!items) return <Spinner />;
  const writer = user.role === 'staff' || user.role === 'admin';
  return (
    <>
      <PageHeader
        title={t('dl.title')}
        intro={t('dl.intro')}
        actions={
          writer && (
            <button type="button" class="btn btn-primary" onClick={() => setAdding(true)}>
              {t('dl.add')}
            </button>
          )
        }
      />
      {adding && <DelegationForm delegation={null} onClose={() => setAdding(false)} onSaved={(d) => navigate(`/delegations/${d.id}`)} />}
      {items.length === 0 && <p class="muted">{t('dl.none')}</p>}
      <ul class="ev-list">
        {items.map((d) => (
          <li key={d.id} class="ev-item">
            <div class="ev-when">{whenText(i18n, d)}</div>
            <div class="ev-body">
              <Link href={`/delegations/${d.id}`} class="ev-title">
                {titleOf(i18n, d, origin(d))}
              </Link>
              <span class="sub">
                {d.people_count != null ? t('dl.people', { n: d.people_count }) : t('dl.people_unknown')} ·{' '}
                {i18n.pick(d.purpose_ru, d.purpose_en)}
              </span>
            </div>
            <div class="ev-status">
              <StatusBadge status={d.status} />
            </div>
          </li>
        ))}
      </ul>
    </>
  );
}

export function DelegationPage({ id }: { id: number }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [d, setD] = useState<Delegation | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState(false);
  const origin = useOrigin(d ? [d] : []);
  useTitle(d ? titleOf(i18n, d, origin(d)) : t('dl.title'));
  useEffect(() => {
    api.get<Delegation>(`/delegations/${id}`).then(setD).catch(setError);
  }, [id]);
  if (error instanceof ApiError && error.status === 404) return <NotFoundPage path={`/delegations/${id}`} signedIn />;
  if (error != null) return <LoadError error={error} />;
  if (!d) return <Spinner />;
  return (
    <>
      <p class="breadcrumb">
        <Link href="/delegations">← {t('dl.title')}</Link>
      </p>
      <PageHeader
        title={titleOf(i18n, d, origin(d))}
        intro={whenText(i18n, d)}
        actions={
          d.may_edit && (
            <button type="button" class="btn btn-primary" onClick={() => setEditing(true)}>
              {t('common.edit')}
            </button>
          )
        }
      />
      {saved && (
        <Alert kind="success" onClose={() => setSaved(false)}>
          {t('common.saved')}
        </Alert>
      )}
      {editing && (
        <DelegationForm
          delegation={d}
          onClose={() => setEditing(false)}
          onSaved={(x) => {
            setEditing(false);
            setD(x);
            setSaved(true);
          }}
        />
      )}
      <div class="grid-2">
        <section class="card" aria-labelledby="dl-about">
          <h2 id="dl-about" class="card-title">
            {t('dl.about')}
          </h2>
          <dl class="kv">
            <dt>{t('dl.from')}</dt>
            <dd>
              {origin(d)}
              {!d.from_city && <span class="sub"> — {t('dl.no_city_named')}</span>}
            </dd>
            <dt>{t('dl.to')}</dt>
            <dd>{i18n.name(d.to_city)}</dd>
            <dt>{t('dl.specialty')}</dt>
            <dd>{i18n.pick(d.specialty_ru, d.specialty_en)}</dd>
            <dt>{t('dl.count')}</dt>
            <dd>{d.people_count != null ? i18n.num(d.people_count) : t('dl.people_unknown')}</dd>
            <dt>{t('ev.when')}</dt>
            <dd>
              {whenText(i18n, d)}
              {i18n.pick(d.date_note_ru, d.date_note_en) && <span class="sub"> — {i18n.pick(d.date_note_ru, d.date_note_en)}</span>}
            </dd>
            <dt>{t('ev.status')}</dt>
            <dd>
              <StatusBadge status={d.status} />
            </dd>
            <dt>{t('dl.event')}</dt>
            <dd>{d.event_id ? <Link href={`/events/${d.event_id}`}>{i18n.pick(d.event_title_ru, d.event_title_en)}</Link> : t('common.none')}</dd>
          </dl>
          <h3 class="sub-title">{t('dl.purpose')}</h3>
          <p>{i18n.pick(d.purpose_ru, d.purpose_en)}</p>
        </section>
        <section class="card" aria-labelledby="dl-members">
          <h2 id="dl-members" class="card-title">
            {t('dl.members')}
          </h2>
          {(d.members ?? []).length === 0 && <p class="muted">{t('dl.no_members')}</p>}
          <ul class="work-list">
            {(d.members ?? []).map((m, i) => (
              <li key={i}>
                {m.name}
                {i18n.pick(m.role_ru, m.role_en) && <span class="sub">{i18n.pick(m.role_ru, m.role_en)}</span>}
              </li>
            ))}
          </ul>
        </section>
      </div>
    </>
  );
}


function DelegationForm(props: { delegation: Delegation | null; onClose: () => void; onSaved: (d: Delegation) => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const { user } = useSession();
  const d = props.delegation;
  const [fromKind, setFromKind] = useState<PlaceKind>(d && !d.from_city ? 'country' : 'city');
  const [from, setFrom] = useCityChoice(d?.from_city ?? null);
  const [fromCountry, setFromCountry] = useState<string | null>(d?.from_country ?? null);
  const [to, setTo] = useCityChoice(d?.to_city ?? user.organization?.city ?? null);
  const [specRu, setSpecRu] = useState(d?.specialty_ru ?? '');
  const [specEn, setSpecEn] = useState(d?.specialty_en ?? '');
  const [purposeRu, setPurposeRu] = useState(d?.purpose_ru ?? '');
  const [purposeEn, setPurposeEn] = useState(d?.purpose_en ?? '');
  const [count, setCount] = useState(d?.people_count != null ? String(d.people_count) : '');
  const [startsOn, setStartsOn] = useState(d?.starts_on ?? '');
  const [endsOn, setEndsOn] = useState(d?.ends_on ?? '');
  const [year, setYear] = useState(d ? String(d.year) : '');
  const [status, setStatus] = useState<DelegationStatus>(d?.status ?? 'planned');
  const [event, setEvent] = useState(String(d?.event_id ?? ''));
  const [members, setMembers] = useState<DelegationMember[]>(d?.members ?? []);
  const [events, setEvents] = useState<CityEvent[]>([]);
  useEffect(() => {
    api
      .get<{ items: CityEvent[] }>('/events')
      .then((x) => setEvents(x.items))
      .catch(() => undefined);
  }, []);

  const fields: Record<string, FormField> = {
    from_city_id: { id: 'dg-from-city', label: t('dl.from_city') },
    from_country: { id: 'dg-from-country', label: t('dl.from_country') },
    to_city_id: { id: 'dg-to', label: t('dl.to') },
    specialty_ru: { id: 'dg-spec-ru', label: t('dl.specialty_ru') },
    specialty_en: { id: 'dg-spec-en', label: t('dl.specialty_en') },
    purpose_ru: { id: 'dg-purpose-ru', label: t('dl.purpose_ru') },
    purpose_en: { id: 'dg-purpose-en', label: t('dl.purpose_en') },
    people_count: { id: 'dg-count', label: t('dl.count') },
    status: { id: 'dg-status', label: t('ev.status') },
    starts_on: { id: 'dg-starts', label: t('evf.starts_on') },
    ends_on: { id: 'dg-ends', label: t('evf.ends_on') },
    year: { id: 'dg-year', label: t('sh.year') },
    event_id: { id: 'dg-event', label: t('dl.event') },
  };
  const setMember = (i: number, patch: Partial<DelegationMember>) => setMembers(members.map((m, k) => (k === i ? { ...m, ...patch } : m)));

  const submit = async () => {
    const opt = (v: string | null) => (v && v.trim() ? v.trim() : null);
    const body: Record<string, unknown> = {
      specialty_ru: specRu.trim(),
      specialty_en: specEn.trim(),
      purpose_ru: purposeRu.trim(),
      purpose_en: purposeEn.trim(),
      people_count: count.trim() ? Number(count) : null,
      starts_on: opt(startsOn),
      ends_on: opt(endsOn),
      year: year.trim() ? Number(year) : null,
      status,
      event_id: event ? Number(event) : null,
      members: members.map((m) => ({ name: m.name.trim(), role_ru: opt(m.role_ru), role_en: opt(m.role_en) })),
    };
    body.from_city_id = fromKind === 'city' ? (from?.id ?? null) : null;
    body.from_country = fromKind === 'country' ? fromCountry : null;
    if (to) body.to_city_id = to.id;
    return d ? api.patch<Delegation>(`/delegations/${d.id}`, body) : api.post<Delegation>('/delegations', body);
  };
  const text = (errOf: ErrOf, id: string, label: string, value: string, set: (v: string) => void, f: string, lang: string) => (
    <Field id={id} label={label} required error={errOf(f)}>
      {(a) => <input {...a} type="text" lang={lang} value={value} onInput={(x) => set(x.currentTarget.value)} />}
    </Field>
  );
  return (
    <FormModal
      id="delegation-form"
      title={d ? t('dl.edit') : t('dl.add')}
      fields={fields}
      place={(f) => rowPlace('dg-m', f)}
      submit={submit}
      onDone={props.onSaved}
      onClose={props.onClose}
      creating={!d}
    >
      {(errOf) => (
        <>
          <div class="field-row">
            <CityOrCountry id="dg-from" legend={t('dl.from')} labels={{ city: t('dl.from_city'), country: t('dl.from_country') }}
              kind={fromKind} onKind={setFromKind} city={from} onCity={setFrom} country={fromCountry} onCountry={setFromCountry}
              errors={{ city: errOf('from_city_id'), country: errOf('from_country') }} />
            <CityPicker id="dg-to" label={t('dl.to')} value={to} onChange={setTo} error={errOf('to_city_id')} required />
          </div>
          <div class="field-row">
            {text(errOf, 'dg-spec-ru', t('dl.specialty_ru'), specRu, setSpecRu, 'specialty_ru', 'ru')}
            {text(errOf, 'dg-spec-en', t('dl.specialty_en'), specEn, setSpecEn, 'specialty_en', 'en')}
          </div>
          <Field id="dg-purpose-ru" label={t('dl.purpose_ru')} required error={errOf('purpose_ru')}>
            {(a) => <textarea {...a} lang="ru" rows={2} value={purposeRu} onInput={(x) => setPurposeRu(x.currentTarget.value)} />}
          </Field>
          <Field id="dg-purpose-en" label={t('dl.purpose_en')} required error={errOf('purpose_en')}>
            {(a) => <textarea {...a} lang="en" rows={2} value={purposeEn} onInput={(x) => setPurposeEn(x.currentTarget.value)} />}
          </Field>
          <div class="field-row">
            <Field id="dg-count" label={t('dl.count')} error={errOf('people_count')}>
              {(a) => <input {...a} type="text" inputMode="numeric" value={count} onInput={(x) => setCount(x.currentTarget.value)} />}
            </Field>
            <Field id="dg-status" label={t('ev.status')} required error={errOf('status')}>
              {(a) => (
                <select {...a} value={status} onChange={(x) => setStatus(x.currentTarget.value as DelegationStatus)}>
                  {DELEGATION_STATUSES.map((s) => (
                    <option key={s} value={s}>
                      {t(`dl.status.${s}` as MessageKey)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          </div>
          <div class="field-row">
            <Field id="dg-starts" label={t('evf.starts_on')} error={errOf('starts_on')}>
              {(a) => <input {...a} type="date" value={startsOn} onInput={(x) => setStartsOn(x.currentTarget.value)} />}
            </Field>
            <Field id="dg-ends" label={t('evf.ends_on')} error={errOf('ends_on')}>
              {(a) => <input {...a} type="date" value={endsOn} onInput={(x) => setEndsOn(x.currentTarget.value)} />}
            </Field>
            <Field id="dg-year" label={t('sh.year')} hint={t('dl.year_hint')} error={errOf('year')}>
              {(a) => <input {...a} type="text" inputMode="numeric" value={year} onInput={(x) => setYear(x.currentTarget.value)} />}
            </Field>
          </div>
          <Field id="dg-event" label={t('dl.event')} error={errOf('event_id')}>
            {(a) => (
              <select {...a} value={event} onChange={(x) => setEvent(x.currentTarget.value)}>
                <option value="">{t('dl.no_event')}</option>
                {events.map((x) => (
                  <option key={x.id} value={String(x.id)}>
                    {i18n.pick(x.title_ru, x.title_en)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <fieldset>
            <legend>{t('dl.members')}</legend>
            {members.map((m, i) => (
              <div class="field-row" key={i}>
                <Field id={`dg-m-${i}-name`} label={t('dl.member_name')} required error={errOf(`members[${i}].name`)}>
                  {(a) => <input {...a} type="text" value={m.name} onInput={(x) => setMember(i, { name: x.currentTarget.value })} />}
                </Field>
                <Field id={`dg-m-${i}-role_ru`} label={t('dl.role_ru')} error={errOf(`members[${i}].role_ru`)}>
                  {(a) => <input {...a} type="text" lang="ru" value={m.role_ru ?? ''} onInput={(x) => setMember(i, { role_ru: x.currentTarget.value })} />}
                </Field>
                <Field id={`dg-m-${i}-role_en`} label={t('dl.role_en')} error={errOf(`members[${i}].role_en`)}>
                  {(a) => <input {...a} type="text" lang="en" value={m.role_en ?? ''} onInput={(x) => setMember(i, { role_en: x.currentTarget.value })} />}
                </Field>
                <button type="button" class="btn-link sh-remove" onClick={() => setMembers(members.filter((_, k) => k !== i))}>
                  {t('common.delete')}
                </button>
              </div>
            ))}
            <button type="button" class="btn" onClick={() => setMembers([...members, { name: '', role_ru: null, role_en: null }])}>
              {t('dl.add_member')}
            </button>
          </fieldset>
        </>
      )}
    </FormModal>
  );
}
