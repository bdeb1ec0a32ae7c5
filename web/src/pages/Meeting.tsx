// One meeting: when (viewer's zone, host's zone, every city's local time),
// participants in protocol order with posts and flags, agenda, topics, the
// join button, minutes (Markdown rendered safe by the server) and decisions.

import { useEffect, useState } from 'preact/hooks';
import { type MessageKey, useI18n } from '../i18n';
import { ApiError, api, fieldErrors } from '../lib/api';
import { useSubmit, useTitle } from '../lib/hooks';
import { Link } from '../lib/router';
import { useSession } from '../lib/session';
import { ACTION_STATUSES, type ActionItem, type ActionStatus, type Invitation, MEETING_STATUSES, type Meeting, type MeetingStatus, type Participant, hhmm, viewerZone } from '../lib/meetings';
import { Flag, LocalTimes, StatusBadge, inexactDate, viewerTimes } from '../components/meetings';
import { OrgPicker } from '../components/pickers';
import { RecurrenceForm, describeRule } from '../components/RecurrenceForm';
import { Recordings } from '../components/Recordings';
import { MeetingEditForm, MeetingHistory, PersonPicker } from '../components/MeetingEdit';
import { Alert, Badge, Field, LoadError, PageHeader, Spinner } from '../components/ui';
import type { OrgRef, Person } from '../lib/types';
import { Quotes } from '../components/Quotes';

export function MeetingPage(props: { id: number }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [m, setM] = useState<Meeting | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [n, setN] = useState(0);
  useTitle(m ? i18n.pick(m.title_ru, m.title_en) : t('meet.title'));

  useEffect(() => {
    let live = true;
    setError(null);
    api
      .get<Meeting>(`/meetings/${props.id}`)
      .then((x) => live && setM(x))
      .catch((e: unknown) => live && setError(e));
    return () => {
      live = false;
    };
  }, [props.id, n]);

  if (error != null) return <LoadError error={error} onRetry={() => setN((x) => x + 1)} />;
  if (!m) return <Spinner />;
  return <MeetingBody m={m} onChange={setM} reload={() => setN((x) => x + 1)} />;
}

/** A video or hybrid meeting that is not over has a live room. */
export function roomOpen(m: { format: string; status: string }): boolean {
  return m.format !== 'in_person' && m.status !== 'held' && m.status !== 'cancelled';
}

interface GuestLinkRow {
  id: number;
  name: string;
  max_guests: number;
  /** listener: its guests come straight in and only receive */
  role: 'speaker' | 'listener';
  created_at: string;
  created_by: string | null;
  expires_at: string;
  revoked_at: string | null;
  revoked_by: string | null;
  status: 'active' | 'expired' | 'revoked';
  uses: number;
  first_used_at: string | null;
  last_used_at: string | null;
  in_room: number;
}

/** How many one link admits at once: the press and the public (listeners) only receive. */
const MAX_GUESTS = { speaker: [1, 2, 3, 5, 10, 20, 50], listener: [1, 10, 50, 100, 250, 500, 1000] };
const LINK_HOURS = [2, 8, 24, 72, 168];
const LINK_TONE = { active: 'green', expired: 'neutral', revoked: 'red' } as const;

/**
 * The hosts' guest links: make one (shown once: only its hash is kept), see
 * each one's use and who is in with it now, revoke it (whoever came with it
 * leaves the room at once). A link admits one person at a time unless the
 * host allows more, and dies with the meeting.
 */
function GuestLinks(props: { m: Meeting }) {
  const i18n = useI18n();
  const { t } = i18n;
  const id = props.m.id;
  const [links, setLinks] = useState<GuestLinkRow[] | null>(null);
  const [name, setName] = useState('');
  const [max, setMax] = useState(1);
  const [role, setRole] = useState<'speaker' | 'listener'>('speaker');
  const [hours, setHours] = useState(24);
  const [made, setMade] = useState<{ name: string; url: string } | null>(null);
  const [copied, setCopied] = useState(false);
  const { busy, error, run } = useSubmit((err) => i18n.error(err));
  const load = () => api.get<{ items: GuestLinkRow[] }>(`/meetings/${id}/guest-links`).then((r) => setLinks(r.items));

  useEffect(() => {
    void run(load);
  }, [id]);

  const create = async (e: Event) => {
    e.preventDefault();
    setCopied(false);
    await run(async () => {
      // url: on the server's public address (--public-url), the one to hand out
      const r = await api.post<{ url: string; name: string }>(`/meetings/${id}/guest-links`,
        { name: name.trim(), hours, max_guests: max, role });
      setMade({ name: r.name, url: r.url });
      setName('');
      await load();
    });
  };
  const revoke = (l: GuestLinkRow) => {
    if (!window.confirm(t('meet.guests.revoke_confirm', { name: l.name }))) return;
    void run(async () => {
      await api.del(`/meetings/${id}/guest-links/${l.id}`);
      await load();
    });
  };
  // the number chosen stays where the other role offers it, else the nearest below
  const chooseRole = (r: 'speaker' | 'listener') => {
    setRole(r);
    setMax(Math.max(...MAX_GUESTS[r].filter((n) => n <= max)));
  };
  const copy = (url: string) =>
    void navigator.clipboard?.writeText(url).then(() => setCopied(true), () => setCopied(false));

  return (
    <section class="section guest-links" aria-labelledby="guests-title">
      <h2 id="guests-title">{t('meet.guests.title')}</h2>
      <p class="muted">{t('meet.guests.intro')}</p>
      {error && <Alert kind="error">{error}</Alert>}
      {roomOpen(props.m) ? (
        <form class="guest-link-form" onSubmit={create}>
          <div class="field">
            <label for="guest-name">{t('meet.guest_name')}</label>
            <input id="guest-name" required maxLength={120} value={name}
              onInput={(e) => setName((e.target as HTMLInputElement).value)} />
          </div>
          <div class="field">
            <label for="guest-role">{t('meet.guests.role')}</label>
            <select id="guest-role" value={role} onChange={(e) => chooseRole(e.currentTarget.value as 'speaker' | 'listener')}>
              <option value="speaker">{t('meet.guests.role.speaker')}</option>
              <option value="listener">{t('meet.guests.role.listener')}</option>
            </select>
          </div>
          <div class="field">
            <label for="guest-max">{t('meet.guests.max')}</label>
            <select id="guest-max" value={max} onChange={(e) => setMax(Number(e.currentTarget.value))}>
              {MAX_GUESTS[role].map((n) => (
                <option key={n} value={n}>{n === 1 ? t('meet.guests.max_one') : t('meet.guests.max_n', { n })}</option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="guest-hours">{t('meet.guests.hours')}</label>
            <select id="guest-hours" value={hours} onChange={(e) => setHours(Number(e.currentTarget.value))}>
              {LINK_HOURS.map((h) => (
                <option key={h} value={h}>{t('meet.guests.hours_n', { n: h })}</option>
              ))}
            </select>
          </div>
          <button type="submit" class="btn btn-primary" disabled={busy || !name.trim()}>{t('meet.guest_create')}</button>
        </form>
      ) : (
        <p class="hint">{t('meet.guests.closed')}</p>
      )}
      {made && (
        <div class="alert alert-success guest-made" role="status">
          <label for="guest-url">{t('meet.guests.created', { name: made.name })}</label>
          <div class="guest-url-row">
            <input id="guest-url" class="guest-url" readOnly value={made.url} onFocus={(e) => e.currentTarget.select()} />
            <button type="button" class="btn btn-small" onClick={() => copy(made.url)}>
              {copied ? t('meet.guests.copied') : t('meet.guests.copy')}
            </button>
          </div>
        </div>
      )}
      {links && links.length === 0 && <p class="muted">{t('meet.guests.none')}</p>}
      {links && links.length > 0 && (
        <div class="table-wrap" role="region" aria-labelledby="guests-title" tabIndex={0}>
          <table class="table table-compact guest-table">
            <thead>
              <tr>
                <th scope="col">{t('meet.guests.col.guest')}</th>
                <th scope="col">{t('meet.guests.col.status')}</th>
                <th scope="col">{t('meet.guests.col.use')}</th>
                <th scope="col">{t('meet.guests.col.created')}</th>
                <th scope="col"><span class="visually-hidden">{t('common.actions')}</span></th>
              </tr>
            </thead>
            <tbody>
              {links.map((l) => (
                <tr key={l.id} data-link={l.id}>
                  <td>
                    <strong>{l.name}</strong>
                    <span class="sub">
                      {l.max_guests === 1 ? t('meet.guests.max_one') : t('meet.guests.max_n', { n: l.max_guests })}
                      {l.role === 'listener' && ` · ${t('meet.guests.listeners')}`}
                    </span>
                  </td>
                  <td>
                    <Badge tone={LINK_TONE[l.status]}>{t(`meet.guests.status.${l.status}` as MessageKey)}</Badge>
                    <span class="sub">
                      {l.status === 'revoked' && l.revoked_at
                        ? [i18n.dateTime(l.revoked_at), l.revoked_by].filter(Boolean).join(' · ')
                        : t(l.status === 'active' ? 'meet.guests.until' : 'meet.guests.ended', { date: i18n.dateTime(l.expires_at) })}
                    </span>
                  </td>
                  <td>
                    {l.uses > 0 ? t('meet.guests.used', { n: l.uses, date: i18n.dateTime(l.last_used_at!) }) : t('meet.guests.unused')}
                    {l.in_room > 0 && <span class="sub"><Badge tone="blue">{t('meet.guests.in_room', { n: l.in_room })}</Badge></span>}
                  </td>
                  <td>
                    {i18n.dateTime(l.created_at)}
                    {l.created_by && <span class="sub">{l.created_by}</span>}
                  </td>
                  <td class="nowrap">
                    {l.status === 'active' && (
                      <button type="button" class="btn btn-small btn-danger-quiet" disabled={busy} onClick={() => revoke(l)}
                        aria-label={t('meet.guests.revoke_who', { name: l.name })}>
                        {t('meet.guests.revoke')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

const INVITE_TONE = { queued: 'neutral', sending: 'blue', sent: 'green', failed: 'red', discarded: 'neutral' } as const;

/**
 * Who was invited by mail and when: each invitation (or cancellation) with
 * the fate of its message. The hosts' view; it looks again while any is on
 * its way.
 */
function Invitations(props: { m: Meeting }) {
  const i18n = useI18n();
  const { t } = i18n;
  const id = props.m.id;
  const [items, setItems] = useState<Invitation[] | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    let live = true;
    let timer = 0;
    const load = () =>
      api.get<{ items: Invitation[] }>(`/meetings/${id}/invitations`).then((r) => {
        if (!live) return;
        setItems(r.items);
        if (r.items.some((x) => x.status === 'queued' || x.status === 'sending'))
          timer = window.setTimeout(load, 2000);
      }, (e: unknown) => live && setError(e));
    void load();
    return () => {
      live = false;
      window.clearTimeout(timer);
    };
  }, [id, props.m.updated_at]);

  return (
    <section class="section invitations" aria-labelledby="invitations-title">
      <h2 id="invitations-title">{t('meet.inv.title')}</h2>
      <p class="muted">{t('meet.inv.intro')}</p>
      {error != null && <Alert kind="error">{i18n.error(error)}</Alert>}
      {items && items.length === 0 && <p class="muted">{t('meet.inv.none')}</p>}
      {items && items.length > 0 && (
        <div class="table-wrap" role="region" aria-labelledby="invitations-title" tabIndex={0}>
          <table class="table table-compact invitation-table">
            <thead>
              <tr>
                <th scope="col">{t('meet.inv.col.who')}</th>
                <th scope="col">{t('meet.inv.col.what')}</th>
                <th scope="col">{t('meet.inv.col.status')}</th>
                <th scope="col">{t('meet.inv.col.when')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((x) => (
                <tr key={x.id} data-invitation={x.id}>
                  <td>
                    <strong>{x.name}</strong>
                    <span class="sub">
                      {[x.name !== x.email ? x.email : '', x.guest ? t('meet.inv.guest') : ''].filter(Boolean).join(' · ')}
                    </span>
                  </td>
                  <td>
                    {t(x.method === 'CANCEL' ? 'meet.inv.cancel' : x.sequence > 0 ? 'meet.inv.update' : 'meet.inv.request')}
                  </td>
                  <td>
                    <Badge tone={INVITE_TONE[x.status]}>{t(`meet.inv.status.${x.status}` as MessageKey)}</Badge>
                    {x.error && x.status !== 'sent' && <span class="sub">{x.error}</span>}
                  </td>
                  <td class="nowrap">
                    {i18n.dateTime(x.sent_at ?? x.queued_at)}
                    <span class="sub">{x.sent_at ? t('meet.inv.sent_at') : t('meet.inv.queued_at')}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function MeetingBody(props: { m: Meeting; onChange: (m: Meeting) => void; reload: () => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const { m } = props;
  const tz = viewerZone();
  const minutes = i18n.pick(m.minutes_ru_html, m.minutes_en_html);
  const note = i18n.pick(m.date_note_ru, m.date_note_en);

  return (
    <>
      <p class="crumbs">
        <Link href="/meetings">{t('meet.title')}</Link>
      </p>
      <PageHeader
        title={i18n.pick(m.title_ru, m.title_en)}
        actions={
          <>
            {roomOpen(m) && (
              <Link class="btn btn-primary" href={`/meetings/${m.id}/room`} aria-describedby="join-note" data-testid="join">
                {t('meet.join')}
              </Link>
            )}
            {m.start && (
              <a class="btn" href={m.ics_url} download>
                {t('meet.ics')}
              </a>
            )}
          </>
        }
      />
      {roomOpen(m) && (
        <p class="hint join-note" id="join-note">{t('meet.join_note')}</p>
      )}

      <div class="meeting-facts">
        <dl class="kv">
          <dt>{t('meet.status')}</dt>
          <dd><StatusBadge status={m.status} /> <Badge>{t(`meet.format.${m.format}` as MessageKey)}</Badge></dd>
          <dt>{t('meet.when')}</dt>
          <dd>
            {m.start ? (
              <>
                {i18n.longDate(new Date(m.start))}, {viewerTimes(m)} <span class="muted">({tz})</span>
                {m.rrule && <div class="sub" data-testid="recurs">{t('meet.recurs', { rule: describeRule(i18n, m.rrule, m.timezone) })}</div>}
              </>
            ) : (
              <>
                {inexactDate(i18n, m)}
                {note && <div class="sub">{note}</div>}
              </>
            )}
          </dd>
          <dt>{t('meet.host')}</dt>
          <dd>{i18n.name(m.host_organization)} <span class="muted">({m.timezone})</span></dd>
        </dl>
        {m.start && m.cities.length > 0 && (
          <div class="card local-card">
            <h2 class="card-title">{t('meet.local_times')}</h2>
            <LocalTimes cities={m.cities} />
          </div>
        )}
      </div>
      {m.can_manage && <MeetingEditForm key={m.updated_at} m={m} onSaved={props.onChange} />}
      {m.can_manage && <StatusForm m={m} onSaved={props.onChange} />}
      {m.can_manage && m.start && <RecurrenceForm m={m} onSaved={props.onChange} />}

      <section class="section" aria-labelledby="parts-title">
        <h2 id="parts-title">{t('meet.participants')}</h2>
        <ol class="participants">
          {m.participants.map((p) => (
            <ParticipantRow key={p.id} p={p} />
          ))}
        </ol>
      </section>

      {m.can_manage && m.start && <Invitations m={m} />}

      {m.can_manage && m.format !== 'in_person' && <GuestLinks key={m.status} m={m} />}

      {(m.agenda.length > 0 || m.can_manage) && (
        <section class="section" aria-labelledby="agenda-title">
          <h2 id="agenda-title">{t('meet.agenda')}</h2>
          {m.agenda.length === 0 && <p class="muted">{t('meet.no_agenda')}</p>}
          <ol class="agenda">
            {m.agenda.map((a) => (
              <li key={a.position}>
                <span>{i18n.pick(a.title_ru, a.title_en)}</span>
                {a.presenter && <span class="sub">{a.presenter}</span>}
                {a.minutes != null && <span class="agenda-min">{t('meet.minutes_n', { n: a.minutes })}</span>}
              </li>
            ))}
          </ol>
          {m.agenda.some((a) => a.minutes) && (
            <p class="muted">{t('meet.agenda_total', { n: m.agenda.reduce((x, a) => x + (a.minutes ?? 0), 0), d: m.duration })}</p>
          )}
          {m.can_manage && <AgendaForm m={m} onSaved={props.onChange} />}
        </section>
      )}

      {m.topics.length > 0 && (
        <section class="section" aria-labelledby="topics-title">
          <h2 id="topics-title">{t('meet.topics')}</h2>
          <ul class="topics">
            {m.topics.map((x, i) => (
              <li key={i}>{i18n.pick(x.ru, x.en)}</li>
            ))}
          </ul>
        </section>
      )}

      <Recordings meetingId={m.id} hasRoom={m.format !== 'in_person'} />

      <section class="section" aria-labelledby="minutes-title">
        <h2 id="minutes-title">{t('meet.minutes')}</h2>
        {minutes ? (
          <div class="minutes" dangerouslySetInnerHTML={{ __html: minutes }} />
        ) : (
          <p class="muted">{t('meet.no_minutes')}</p>
        )}
        {m.can_manage && <MinutesForm m={m} onSaved={props.onChange} />}
      </section>

      <Quotes path={`/meetings/${m.id}/quotes`} />

      <section class="section" aria-labelledby="decisions-title">
        <h2 id="decisions-title">{t('meet.decisions')}</h2>
        <ActionTable items={m.actions} canManage={m.can_manage} onChanged={props.reload} />
        {m.can_manage && <ActionForm meetingId={m.id} onSaved={props.reload} />}
      </section>

      {m.changes && <MeetingHistory m={m} />}
    </>
  );
}

function ParticipantRow({ p }: { p: Participant }) {
  const i18n = useI18n();
  const { t } = i18n;
  const name = i18n.pick(p.name_ru, p.name_en) || i18n.pick(p.label_ru, p.label_en) ||
    (p.organization ? i18n.name(p.organization) : p.city ? i18n.name(p.city) : '') || p.email || '';
  const post = i18n.pick(p.post_ru, p.post_en);
  const guest = !p.person_id && !p.name_ru && !p.name_en && !!p.email;
  const sub = [post, (p.name_ru || p.name_en || p.label_ru || p.label_en) && p.organization ? i18n.name(p.organization) : '',
    guest ? t('mp.kind.guest') : '', p.person_id && p.email ? p.email : '']
    .filter(Boolean).join(' · ');
  return (
    <li class="participant">
      {p.country_code ? <Flag cc={p.country_code} /> : <span aria-hidden="true" />}
      <div class="participant-main">
        <span class="participant-name">{name}</span>
        {sub && <span class="sub">{sub}</span>}
      </div>
      <div class="participant-meta">
        <Badge tone={p.role === 'host' ? 'blue' : 'neutral'}>{t(`meet.role.${p.role}` as MessageKey)}</Badge>
        {p.city && (
          <span class="sub">
            {i18n.name(p.city)}
            {p.city.local_start && ` · ${hhmm(p.city.local_start)}`}
          </span>
        )}
      </div>
    </li>
  );
}

function StatusForm(props: { m: Meeting; onSaved: (m: Meeting) => void }) {
  const { t, error: errText } = useI18n();
  const [status, setStatus] = useState<MeetingStatus>(props.m.status);
  const [err, setErr] = useState<unknown>(null);
  const save = (s: MeetingStatus) => {
    setStatus(s);
    api.patch<Meeting>(`/meetings/${props.m.id}`, { status: s }).then(props.onSaved).catch(setErr);
  };
  return (
    <div class="field field-inline status-form">
      <label for="meeting-status">{t('meet.change_status')}</label>
      <select id="meeting-status" value={status} onChange={(e) => save(e.currentTarget.value as MeetingStatus)}>
        {MEETING_STATUSES.map((s) => (
          <option key={s} value={s}>{t(`meet.status.${s}` as MessageKey)}</option>
        ))}
      </select>
      {err != null && <span class="text-error" role="alert">{errText(err)}</span>}
    </div>
  );
}

function MinutesForm(props: { m: Meeting; onSaved: (m: Meeting) => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const key = i18n.locale === 'ru' ? 'minutes_ru' : 'minutes_en';
  const [open, setOpen] = useState(false);
  const [text, setText] = useState(props.m[key]);
  const [err, setErr] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  if (!open)
    return (
      <button type="button" class="btn btn-small" onClick={() => setOpen(true)}>
        {t('meet.edit_minutes')}
      </button>
    );
  const submit = (e: Event) => {
    e.preventDefault();
    setBusy(true);
    api
      .patch<Meeting>(`/meetings/${props.m.id}`, { [key]: text })
      .then((m) => {
        props.onSaved(m);
        setOpen(false);
      })
      .catch(setErr)
      .finally(() => setBusy(false));
  };
  return (
    <form class="card" onSubmit={submit}>
      {err != null && <Alert kind="error">{i18n.error(err)}</Alert>}
      <Field id="minutes-text" label={t('meet.minutes_label')} hint={t('meet.minutes_hint')} required>
        {(a) => <textarea {...a} rows={8} value={text} onInput={(e) => setText(e.currentTarget.value)} />}
      </Field>
      <div class="page-actions">
        <button type="submit" class="btn btn-primary" disabled={busy}>{busy ? t('common.saving') : t('common.save')}</button>
        <button type="button" class="btn btn-quiet" onClick={() => setOpen(false)}>{t('common.cancel')}</button>
      </div>
    </form>
  );
}

/** mine: the caller owns every item (my tasks) and may move their status. */
export function ActionTable(props: { items: ActionItem[]; canManage: boolean; onChanged: () => void; showMeeting?: boolean; mine?: boolean }) {
  const i18n = useI18n();
  const { t } = i18n;
  const { user } = useSession();
  const [err, setErr] = useState<unknown>(null);
  if (props.items.length === 0) return <p class="muted">{t('meet.no_decisions')}</p>;
  const set = (a: ActionItem, s: ActionStatus) =>
    api.patch(`/actions/${a.id}`, { status: s }).then(props.onChanged).catch(setErr);
  return (
    <>
      {err != null && <Alert kind="error">{i18n.error(err)}</Alert>}
      <div class="table-wrap" role="region" aria-label={t('meet.decisions')} tabIndex={0}>
        <table class="table table-compact actions-table">
          <thead>
            <tr>
              <th scope="col">{t('meet.decision')}</th>
              <th scope="col">{t('meet.owner')}</th>
              <th scope="col">{t('meet.due')}</th>
              <th scope="col">{t('meet.status')}</th>
            </tr>
          </thead>
          <tbody>
            {props.items.map((a) => {
              const editable = props.canManage || (user.role === 'partner' && a.owner?.id === user.organization?.id) || (props.mine === true && user.role !== 'correspondent');
              return (
                <tr key={a.id} class={a.overdue ? 'row-overdue' : ''}>
                  <td class="wide-cell">
                    {i18n.pick(a.text_ru, a.text_en)}
                    {props.showMeeting && (
                      <span class="sub">
                        <Link href={`/meetings/${a.meeting.id}`}>{i18n.pick(a.meeting.title_ru, a.meeting.title_en)}</Link>
                      </span>
                    )}
                    {a.roadmap_items?.map((r) => (
                      <span key={r.id} class="sub">
                        {t('meet.in_roadmap')}: <Link href={`/roadmaps/${r.agreement_id}`}>{i18n.pick(r.title_ru, r.title_en)}</Link>
                      </span>
                    ))}
                  </td>
                  <td>
                    {a.owner_person && <strong class="owner-person">{i18n.name(a.owner_person)}</strong>}
                    {a.owner ? (
                      <span class={a.owner_person ? 'sub' : ''}>
                        {i18n.name(a.owner)}
                        <span class="sub"><Flag cc={a.owner.city.country_code} /> {i18n.name(a.owner.city)}</span>
                      </span>
                    ) : (
                      !a.owner_person && <span class="muted">{t('meet.no_owner')}</span>
                    )}
                  </td>
                  <td class="nowrap">
                    {a.due_date ? i18n.date(a.due_date) : <span class="muted">{t('common.none')}</span>}
                    {a.overdue && <> <Badge tone="red">{t('meet.overdue')}</Badge></>}
                  </td>
                  <td>
                    {editable ? (
                      <select aria-label={t('meet.status_of', { n: a.position })} value={a.status}
                        onChange={(e) => set(a, e.currentTarget.value as ActionStatus)}>
                        {ACTION_STATUSES.map((s) => (
                          <option key={s} value={s}>{t(`act.status.${s}` as MessageKey)}</option>
                        ))}
                      </select>
                    ) : (
                      <Badge tone={a.status === 'done' ? 'green' : a.status === 'cancelled' ? 'neutral' : 'amber'}>
                        {t(`act.status.${a.status}` as MessageKey)}
                      </Badge>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}

function ActionForm(props: { meetingId: number; onSaved: () => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [open, setOpen] = useState(false);
  const [ru, setRu] = useState('');
  const [en, setEn] = useState('');
  const [owner, setOwner] = useState<OrgRef | null>(null);
  const [person, setPerson] = useState<Person | null>(null);
  const [due, setDue] = useState('');
  const [err, setErr] = useState<unknown>(null);
  if (!open)
    return (
      <button type="button" class="btn btn-small" onClick={() => setOpen(true)}>
        {t('meet.add_decision')}
      </button>
    );
  const fe = fieldErrors(err);
  const submit = (e: Event) => {
    e.preventDefault();
    api
      .post(`/meetings/${props.meetingId}/actions`, {
        text_ru: ru, text_en: en, owner_person_id: person?.id ?? null,
        owner_organization_id: owner?.id ?? null, due_date: due || null,
      })
      .then(() => {
        setOpen(false);
        setRu('');
        setEn('');
        setDue('');
        setOwner(null);
        setPerson(null);
        props.onSaved();
      })
      .catch(setErr);
  };
  return (
    <form class="card" onSubmit={submit} noValidate>
      {err instanceof ApiError && <Alert kind="error">{i18n.error(err)}</Alert>}
      <div class="grid-2">
        <Field id="act-ru" label={t('meet.decision_ru')} required error={fe.text_ru?.message}>
          {(a) => <textarea {...a} rows={3} value={ru} onInput={(e) => setRu(e.currentTarget.value)} />}
        </Field>
        <Field id="act-en" label={t('meet.decision_en')} required error={fe.text_en?.message}>
          {(a) => <textarea {...a} rows={3} value={en} onInput={(e) => setEn(e.currentTarget.value)} />}
        </Field>
      </div>
      <div class="grid-2">
        <PersonPicker id="act-person" label={t('mp.owner_person')} value={person} onChange={setPerson}
          error={fe.owner_person_id?.message} />
        <OrgPicker id="act-owner" label={t('mp.owner_org')} value={owner} onChange={setOwner} />
      </div>
      <div class="grid-2">
        <Field id="act-due" label={t('meet.due')} error={fe.due_date?.message}>
          {(a) => <input {...a} type="date" value={due} onInput={(e) => setDue(e.currentTarget.value)} />}
        </Field>
      </div>
      <div class="page-actions">
        <button type="submit" class="btn btn-primary">{t('common.create')}</button>
        <button type="button" class="btn btn-quiet" onClick={() => setOpen(false)}>{t('common.cancel')}</button>
      </div>
    </form>
  );
}

interface AgendaRow {
  title_ru: string;
  title_en: string;
  presenter: string;
  minutes: string;
}

function AgendaForm(props: { m: Meeting; onSaved: (m: Meeting) => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [open, setOpen] = useState(false);
  const [rows, setRows] = useState<AgendaRow[]>([]);
  const [err, setErr] = useState<unknown>(null);
  const start = () => {
    setRows(
      props.m.agenda.length
        ? props.m.agenda.map((a) => ({ title_ru: a.title_ru, title_en: a.title_en, presenter: a.presenter ?? '', minutes: a.minutes ? String(a.minutes) : '' }))
        : [{ title_ru: '', title_en: '', presenter: '', minutes: '' }],
    );
    setErr(null);
    setOpen(true);
  };
  if (!open)
    return (
      <button type="button" class="btn btn-small" onClick={start}>
        {t('meet.edit_agenda')}
      </button>
    );
  const set = (i: number, k: keyof AgendaRow, v: string) => setRows(rows.map((r, j) => (j === i ? { ...r, [k]: v } : r)));
  const fe = fieldErrors(err);
  const submit = (e: Event) => {
    e.preventDefault();
    api
      .patch<Meeting>(`/meetings/${props.m.id}`, {
        agenda: rows.map((r) => ({
          title_ru: r.title_ru, title_en: r.title_en, presenter: r.presenter || null, minutes: r.minutes ? Number(r.minutes) : null,
        })),
      })
      .then((m) => {
        props.onSaved(m);
        setOpen(false);
      })
      .catch(setErr);
  };
  return (
    <form class="card agenda-form" onSubmit={submit} noValidate>
      {err != null && <Alert kind="error">{i18n.error(err)}</Alert>}
      {rows.map((r, i) => (
        <fieldset key={i} class="fieldset agenda-row">
          <legend>{t('meet.agenda_item', { n: i + 1 })}</legend>
          <div class="grid-4">
            <Field id={`ag-${i}-ru`} label={t('meet.agenda_ru')} required error={fe[`agenda[${i}].title_ru`]?.message}>
              {(a) => <input {...a} lang="ru" value={r.title_ru} onInput={(e) => set(i, 'title_ru', e.currentTarget.value)} />}
            </Field>
            <Field id={`ag-${i}-en`} label={t('meet.agenda_en')} required error={fe[`agenda[${i}].title_en`]?.message}>
              {(a) => <input {...a} lang="en" value={r.title_en} onInput={(e) => set(i, 'title_en', e.currentTarget.value)} />}
            </Field>
            <Field id={`ag-${i}-who`} label={t('meet.presenter')}>
              {(a) => <input {...a} value={r.presenter} onInput={(e) => set(i, 'presenter', e.currentTarget.value)} />}
            </Field>
            <Field id={`ag-${i}-min`} label={t('meet.budget')} error={fe[`agenda[${i}].minutes`]?.message}>
              {(a) => <input {...a} type="number" min={1} max={600} value={r.minutes} onInput={(e) => set(i, 'minutes', e.currentTarget.value)} />}
            </Field>
          </div>
          <button type="button" class="btn btn-small btn-danger-quiet" onClick={() => setRows(rows.filter((_, j) => j !== i))}>
            {t('meet.agenda_remove', { n: i + 1 })}
          </button>
        </fieldset>
      ))}
      <div class="page-actions">
        <button type="button" class="btn btn-small" onClick={() => setRows([...rows, { title_ru: '', title_en: '', presenter: '', minutes: '' }])}>
          {t('meet.agenda_add')}
        </button>
        <button type="submit" class="btn btn-primary">{t('common.save')}</button>
        <button type="button" class="btn btn-quiet" onClick={() => setOpen(false)}>{t('common.cancel')}</button>
      </div>
    </form>
  );
}
