// Changing a meeting after it is scheduled (issue 15): its title, time,
// format and invitees (people of the people table, cities, guests by
// address) in one form, PATCH /meetings/{id}; the history of its changes;
// and a picker over GET /people. The recurrence keeps its own form
// (RecurrenceForm); its changes are in the history too.

import { Fragment } from 'preact';
import { useState } from 'preact/hooks';
import { type MessageKey, useI18n } from '../i18n';
import { api, fieldErrors } from '../lib/api';
import { useSubmit } from '../lib/hooks';
import { type Meeting, type MeetingChange, type MeetingFormat, type Participant, viewerZone } from '../lib/meetings';
import type { Page, Person } from '../lib/types';
import { describeRule } from './RecurrenceForm';
import { Combobox } from './Combobox';
import { type CityChoice, CityPicker } from './pickers';
import { Alert, Field } from './ui';

const FORMATS: MeetingFormat[] = ['video', 'in_person', 'hybrid'];
const ROLES: Participant['role'][] = ['host', 'speaker', 'participant', 'interpreter', 'observer'];

/** A person chosen from the people table (GET /people?q=). */
export function PersonPicker(props: { id: string; label: string; value: Person | null; onChange: (p: Person | null) => void; error?: string }) {
  const i18n = useI18n();
  return (
    <Combobox<Person>
      id={props.id}
      label={props.label}
      hint={i18n.t('mp.person_hint')}
      error={props.error}
      value={props.value}
      onChange={props.onChange}
      search={(q, signal) => api.get<Page<Person>>('/people', { q, limit: 10 }, { signal }).then((p) => p.items)}
      keyOf={(p) => p.id}
      format={(p) => i18n.name(p)}
      renderOption={(p) => (
        <>
          <span class="opt-main">{i18n.name(p)}</span>
          <span class="opt-meta">
            {[i18n.pick(p.post_ru, p.post_en), p.organization ? i18n.pick(p.organization.name_ru, p.organization.name_en) : '']
              .filter(Boolean).join(' · ')}
          </span>
        </>
      )}
      emptyText={i18n.t('mp.person_none')}
      clearLabel={i18n.t('mp.person_clear')}
    />
  );
}

/** An invitee as the edit form holds it: what PATCH takes, and how to show it. */
interface Invitee {
  input: Record<string, unknown>;
  ru: string;
  en: string;
  kind: 'person' | 'city' | 'guest' | 'organization' | 'group';
}

function fromParticipant(p: Participant): Invitee {
  const ru = p.name_ru || p.label_ru || p.organization?.name_ru || p.city?.name_ru || p.email || '';
  const en = p.name_en || p.label_en || p.organization?.name_en || p.city?.name_en || p.email || '';
  /* a person keeps the organization and city the row names (the seed meetings' people have both) */
  if (p.person_id) {
    return { input: { role: p.role, person_id: p.person_id, organization_id: p.organization?.id ?? null, city_id: p.city_id },
      ru, en, kind: 'person' };
  }
  return {
    input: {
      role: p.role, organization_id: p.organization?.id ?? null, city_id: p.city_id,
      country_code: p.kind === 'group' ? p.country_code : null,
      name_ru: p.name_ru, name_en: p.name_en, post_ru: p.post_ru, post_en: p.post_en,
      label_ru: p.label_ru, label_en: p.label_en, email: p.email ?? null,
    },
    ru, en,
    kind: p.kind === 'person' && !p.name_ru && !p.name_en ? 'guest' : p.kind,
  };
}

/** An instant as a datetime-local value on the viewer's clock, and back. */
function localInput(iso: string): string {
  const d = new Date(iso);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60000).toISOString().slice(0, 16);
}

/** Edit button and form for the meeting's hosts. */
export function MeetingEditForm(props: { m: Meeting; onSaved: (m: Meeting) => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const { m } = props;
  const [open, setOpen] = useState(false);
  const [ru, setRu] = useState(m.title_ru);
  const [en, setEn] = useState(m.title_en);
  const [start, setStart] = useState(m.starts_at ? localInput(m.starts_at) : '');
  const [duration, setDuration] = useState(String(m.duration));
  const [format, setFormat] = useState<MeetingFormat>(m.format);
  const [invitees, setInvitees] = useState<Invitee[]>([]);
  const [person, setPerson] = useState<Person | null>(null);
  const [city, setCity] = useState<CityChoice | null>(null);
  const [guest, setGuest] = useState('');
  const { busy, error, setError, run } = useSubmit((err) => err);

  const begin = () => {
    setRu(m.title_ru);
    setEn(m.title_en);
    setStart(m.starts_at ? localInput(m.starts_at) : '');
    setDuration(String(m.duration));
    setFormat(m.format);
    setInvitees(m.participants.map(fromParticipant));
    setError(null);
    setOpen(true);
  };
  if (!open)
    return (
      <button type="button" class="btn" onClick={begin} data-testid="edit-meeting">
        {t('mp.edit')}
      </button>
    );

  const addPerson = (p: Person | null) => {
    if (!p) return;
    if (!invitees.some((x) => x.input.person_id === p.id))
      setInvitees([...invitees, { input: { role: 'participant', person_id: p.id }, ru: p.name_ru, en: p.name_en, kind: 'person' }]);
    setPerson(null);
  };
  const addCity = (c: CityChoice | null) => {
    if (!c) return;
    if (!invitees.some((x) => x.kind === 'city' && x.input.city_id === c.id))
      setInvitees([...invitees, { input: { role: 'participant', city_id: c.id }, ru: c.name_ru ?? c.name_en ?? '', en: c.name_en ?? c.name_ru ?? '', kind: 'city' }]);
    setCity(null);
  };
  const addGuest = () => {
    const e = guest.trim().toLowerCase();
    if (!e) return;
    if (!invitees.some((x) => x.input.email === e))
      setInvitees([...invitees, { input: { role: 'participant', email: e }, ru: e, en: e, kind: 'guest' }]);
    setGuest('');
  };
  const fe = fieldErrors(error);
  const guestError = Object.entries(fe).find(([k]) => /^participants\[\d+\]\.email$/.test(k))?.[1]?.message;
  const submit = (e: Event) => {
    e.preventDefault();
    const body: Record<string, unknown> = {
      title_ru: ru, title_en: en, format, duration: Number(duration),
      participants: invitees.map((x) => x.input),
    };
    if (start) body.starts_at = new Date(start).toISOString().replace(/\.\d{3}Z$/, 'Z');
    void run(async () => {
      const saved = await api.patch<Meeting>(`/meetings/${m.id}`, body);
      props.onSaved(saved);
      setOpen(false);
    });
  };

  return (
    <form class="card meeting-edit" onSubmit={submit} noValidate aria-labelledby="edit-title">
      <h2 id="edit-title" class="card-title">{t('mp.edit_title')}</h2>
      {error != null && <Alert kind="error">{i18n.error(error)}</Alert>}
      <div class="grid-2">
        <Field id="edit-ru" label={t('mp.title_ru')} required error={fe.title_ru?.message}>
          {(a) => <input {...a} lang="ru" value={ru} onInput={(e) => setRu(e.currentTarget.value)} />}
        </Field>
        <Field id="edit-en" label={t('mp.title_en')} required error={fe.title_en?.message}>
          {(a) => <input {...a} lang="en" value={en} onInput={(e) => setEn(e.currentTarget.value)} />}
        </Field>
      </div>
      <div class="edit-grid">
        {m.starts_at && (
          <Field id="edit-start" label={t('mp.start')} required hint={t('mp.start_hint', { tz: viewerZone() })} error={fe.starts_at?.message}>
            {(a) => <input {...a} type="datetime-local" value={start} onInput={(e) => setStart(e.currentTarget.value)} />}
          </Field>
        )}
        <Field id="edit-duration" label={t('mp.duration')} required error={fe.duration?.message}>
          {(a) => <input {...a} type="number" min={5} max={1440} step={5} value={duration} onInput={(e) => setDuration(e.currentTarget.value)} />}
        </Field>
        <Field id="edit-format" label={t('mp.format')} required>
          {(a) => (
            <select {...a} value={format} onChange={(e) => setFormat(e.currentTarget.value as MeetingFormat)}>
              {FORMATS.map((f) => (
                <option key={f} value={f}>{t(`meet.format.${f}` as MessageKey)}</option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <fieldset class="fieldset">
        <legend>{t('mp.invitees')}</legend>
        <ul class="invitee-list">
          {invitees.map((x, i) => (
            <li key={i} class="invitee">
              <span class="invitee-name">
                {i18n.pick(x.ru, x.en)}
                <span class="sub">{t(`mp.kind.${x.kind}` as MessageKey)}</span>
              </span>
              <select aria-label={t('mp.role_of', { name: i18n.pick(x.ru, x.en) })} value={String(x.input.role)}
                onChange={(e) => setInvitees(invitees.map((y, j) => (j === i ? { ...y, input: { ...y.input, role: e.currentTarget.value } } : y)))}>
                {ROLES.map((r) => (
                  <option key={r} value={r}>{t(`meet.role.${r}` as MessageKey)}</option>
                ))}
              </select>
              <button type="button" class="btn btn-small btn-danger-quiet" onClick={() => setInvitees(invitees.filter((_, j) => j !== i))}
                aria-label={t('mp.remove_who', { name: i18n.pick(x.ru, x.en) })}>
                {t('mp.remove')}
              </button>
            </li>
          ))}
        </ul>
        {fe.participants?.message && <p class="text-error" role="alert">{fe.participants.message}</p>}
        <div class="edit-grid">
          <PersonPicker id="edit-person" label={t('mp.add_person')} value={person} onChange={addPerson} />
          <CityPicker id="edit-city" label={t('mp.add_city')} value={city} onChange={addCity} />
          <Field id="edit-guest" label={t('mp.add_guest')} hint={t('mp.add_guest_hint')} error={guestError}>
            {(a) => (
              <div class="input-row">
                <input {...a} type="email" value={guest} onInput={(e) => setGuest(e.currentTarget.value)}
                  onKeyDown={(e) => {
                    if (e.key === 'Enter') {
                      e.preventDefault();
                      addGuest();
                    }
                  }} />
                <button type="button" class="btn btn-small" onClick={addGuest} disabled={!guest.trim()}>{t('mp.add')}</button>
              </div>
            )}
          </Field>
        </div>
      </fieldset>
      <p class="hint">{t('mp.mail_note')}</p>
      <div class="page-actions">
        <button type="submit" class="btn btn-primary" disabled={busy}>{busy ? t('common.saving') : t('common.save')}</button>
        <button type="button" class="btn btn-quiet" onClick={() => setOpen(false)}>{t('common.cancel')}</button>
      </div>
    </form>
  );
}

/** One value of a change as the page shows it. */
function ChangeValue(props: { c: MeetingChange; v: string | null; tz: string }) {
  const i18n = useI18n();
  const { t } = i18n;
  const v = props.v;
  if (v == null || v === '') return <span class="muted">{t('common.none')}</span>;
  switch (props.c.field) {
    case 'starts_at':
      return <>{i18n.dateTime(v)}</>;
    case 'duration':
      return <>{t('meet.minutes_n', { n: Number(v) })}</>;
    case 'rrule':
      return <>{describeRule(i18n, v, props.tz)}</>;
    case 'exdates':
      return <>{v.split(' ').map((x) => i18n.date(x)).join(', ')}</>;
    case 'format':
      return <>{t(`meet.format.${v}` as MessageKey)}</>;
    case 'status':
      return <>{t(`meet.status.${v}` as MessageKey)}</>;
    case 'participants':
      return <>{v.split('\n').map((line) => inviteeName(i18n, line)).join('; ')}</>;
    default:
      return <>{v}</>;
  }
}

/** A line of the invitees' history ("ru\ten") in the UI's language. */
function inviteeName(i18n: { pick: (ru: string, en: string) => string }, line: string): string {
  const [ru, en] = line.split('\t');
  return i18n.pick(ru ?? '', en ?? ru ?? '');
}

/** A change of the invitees: who came in, who was struck off. */
function InviteesChange(props: { c: MeetingChange }) {
  const i18n = useI18n();
  const { t } = i18n;
  const was = (props.c.old ?? '').split('\n').filter(Boolean);
  const is = (props.c.new ?? '').split('\n').filter(Boolean);
  const added = is.filter((x) => !was.includes(x)).map((x) => inviteeName(i18n, x));
  const removed = was.filter((x) => !is.includes(x)).map((x) => inviteeName(i18n, x));
  return (
    <>
      {added.length > 0 && <div class="history-new">{t('mp.added')}: {added.join('; ')}</div>}
      {removed.length > 0 && <div class="history-removed">{t('mp.removed')}: {removed.join('; ')}</div>}
      {added.length === 0 && removed.length === 0 && <div>{t('mp.reordered')}</div>}
    </>
  );
}

/** Who changed what and when, newest first; the rows of one save together. */
export function MeetingHistory(props: { m: Meeting }) {
  const i18n = useI18n();
  const { t } = i18n;
  const changes = props.m.changes ?? [];
  const groups: MeetingChange[][] = [];
  for (const c of changes) {
    const last = groups[groups.length - 1];
    if (last && last[0]!.changed_at === c.changed_at && last[0]!.changed_by === c.changed_by) last.push(c);
    else groups.push([c]);
  }
  return (
    <section class="section meeting-history" aria-labelledby="history-title">
      <h2 id="history-title">{t('mp.history')}</h2>
      {groups.length === 0 ? (
        <p class="muted">{t('mp.history_none')}</p>
      ) : (
        <ol class="history">
          {groups.map((g) => (
            <li key={g[0]!.id} class="history-entry">
              <p class="history-who">
                <strong>{g[0]!.changed_by ?? t('mp.someone')}</strong>, {i18n.dateTime(g[0]!.changed_at)}
              </p>
              <dl class="kv history-fields">
                {g.map((c) => (
                  <Fragment key={c.id}>
                    <dt>{t(`mp.field.${c.field}` as MessageKey)}</dt>
                    <dd data-field={c.field}>
                      {c.field === 'participants' ? (
                        <InviteesChange c={c} />
                      ) : (
                        <>
                          <span class="history-old"><ChangeValue c={c} v={c.old} tz={props.m.timezone} /></span>
                          <span aria-hidden="true"> → </span>
                          <span class="visually-hidden"> {t('mp.became')} </span>
                          <span class="history-new"><ChangeValue c={c} v={c.new} tz={props.m.timezone} /></span>
                        </>
                      )}
                    </dd>
                  </Fragment>
                ))}
              </dl>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
