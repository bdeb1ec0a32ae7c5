// The slot finder: choose cities, a duration and a date range; the server
// ranks start times so nobody is asked outside working hours (or, when that
// is impossible, the least-bad ones) and this page shows why, as a grid of
// cities × hours with each city's working hours shaded. A chosen slot is
// scheduled as a meeting.

import { ValueList, listValues } from '../components/ValueList';
import { useState } from 'preact/hooks';
import { type MessageKey, useI18n } from '../i18n';
import { ApiError, api, fieldErrors } from '../lib/api';
import { useSubmit, useTitle } from '../lib/hooks';
import { navigate } from '../lib/router';
import { useSession } from '../lib/session';
import type { City, Page } from '../lib/types';
import { type Meeting, type MeetingFormat, type Slot, type SlotResult, hhmm, minutesText, viewerZone, zoned } from '../lib/meetings';
import { type CityChoice, CityPicker } from '../components/pickers';
import { Flag } from '../components/meetings';
import { Alert, Badge, Field, PageHeader, Spinner } from '../components/ui';

const PRESETS: Array<{ key: MessageKey; names: string[] }> = [
  { key: 'slots.preset_seed', names: ['Moscow', 'Düsseldorf', 'Toulouse', 'Palermo', 'Reading', 'Chemnitz', 'Montreal', 'Chongqing'] },
  { key: 'slots.preset_mc', names: ['Montreal', 'Chongqing'] },
  { key: 'slots.preset_kh', names: ['Krasnodar', 'Harbin'] },
];
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

function nextMonday(): string {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + ((8 - d.getUTCDay()) % 7 || 7));
  return d.toISOString().slice(0, 10);
}

function plusDays(day: string, n: number): string {
  const d = new Date(`${day}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

export function SlotFinderPage() {
  const i18n = useI18n();
  const { t } = i18n;
  useTitle(t('slots.title'));
  const [cities, setCities] = useState<CityChoice[]>([]);
  const [pick, setPick] = useState<CityChoice | null>(null);
  const [duration, setDuration] = useState(60);
  const [from, setFrom] = useState(nextMonday());
  const [to, setTo] = useState(plusDays(nextMonday(), 5));
  const [count, setCount] = useState(1);
  const [result, setResult] = useState<SlotResult | null>(null);
  const [chosen, setChosen] = useState(0);
  const { busy, error: err, setError: setErr, run } = useSubmit();

  const add = (c: CityChoice | null) => {
    if (c && !cities.some((x) => x.id === c.id)) setCities([...cities, c]);
    setPick(null);
  };
  const preset = async (names: string[]) => {
    setErr(null);
    try {
      const found = await Promise.all(names.map((q) => api.get<Page<City>>('/cities', { q, limit: 1 }).then((p) => p.items[0])));
      setCities(found.filter((c): c is City => !!c));
    } catch (e) {
      setErr(e);
    }
  };
  const find = (e: Event) => {
    e.preventDefault();
    void run(async () => {
      const r = await api.post<SlotResult>('/meetings/slots', { city_ids: cities.map((c) => c.id), duration, from, to, count, limit: 10 });
      setResult(r);
      setChosen(0);
    });
  };
  const fe = fieldErrors(err);
  const slot = result?.slots[chosen];

  return (
    <>
      <PageHeader title={t('slots.title')} intro={t('slots.intro')} />
      <form class="card slot-form" onSubmit={find} noValidate>
        {err instanceof ApiError && <Alert kind="error">{i18n.error(err)}{fe.city_ids ? ` ${t('slots.need_cities')}` : ''}</Alert>}
        <fieldset class="fieldset">
          <legend>{t('slots.cities')}</legend>
          <div class="presets">
            {PRESETS.map((p) => (
              <button key={p.key} type="button" class="btn btn-small" onClick={() => preset(p.names)}>{t(p.key)}</button>
            ))}
          </div>
          <ul class="chips" aria-live="polite">
            {cities.map((c) => (
              <li key={c.id} class="chip">
                <Flag cc={c.country_code} /> {i18n.name(c)}
                <button type="button" class="chip-x" aria-label={t('slots.remove', { name: i18n.name(c) })}
                  onClick={() => setCities(cities.filter((x) => x.id !== c.id))}>×</button>
              </li>
            ))}
          </ul>
          <CityPicker id="slot-city" value={pick} onChange={add} />
        </fieldset>
        <div class="grid-4">
          <Field id="slot-duration" label={t('slots.duration')} required error={fe.duration?.message}>
            {(a) => (
              <select {...a} value={duration} onChange={(e) => setDuration(+e.currentTarget.value)}>
                {[30, 45, 60, 90, 120].map((m) => <option key={m} value={m}>{t('meet.minutes_n', { n: m })}</option>)}
              </select>
            )}
          </Field>
          <Field id="slot-from" label={t('slots.from')} required error={fe.from?.message}>
            {(a) => <input {...a} type="date" value={from} onInput={(e) => setFrom(e.currentTarget.value)} />}
          </Field>
          <Field id="slot-to" label={t('slots.to')} required error={fe.to ? i18n.t(`slots.err.${fe.to.code}` as MessageKey) : undefined}>
            {(a) => <input {...a} type="date" value={to} onInput={(e) => setTo(e.currentTarget.value)} />}
          </Field>
          <Field id="slot-count" label={t('slots.count')} hint={t('slots.count_hint')}>
            {(a) => <input {...a} type="number" min={1} max={52} value={count} onInput={(e) => setCount(Math.max(1, +e.currentTarget.value || 1))} />}
          </Field>
        </div>
        <div class="page-actions">
          <button type="submit" class="btn btn-primary" disabled={busy || cities.length === 0}>{t('slots.find')}</button>
          {busy && <Spinner />}
        </div>
      </form>

      {result && (
        <section class="section" aria-labelledby="slots-title">
          <h2 id="slots-title">{t('slots.results')}</h2>
          {result.perfect_possible ? (
            <Alert kind="success">{t('slots.perfect')}</Alert>
          ) : (
            <Alert kind="info">{t('slots.imperfect')}</Alert>
          )}
          <ol class="slot-list">
            {result.slots.map((s, i) => (
              <li key={s.start}>
                <button type="button" class={`slot${i === chosen ? ' slot-chosen' : ''}`} aria-pressed={i === chosen} onClick={() => setChosen(i)}>
                  <span class="slot-when">{i18n.dateTime(s.start)}</span>
                  {s.perfect ? <Badge tone="green">{t('slots.all_in_hours')}</Badge> : <SlotBurden s={s} r={result} />}
                </button>
              </li>
            ))}
          </ol>
          {slot && <SlotGrid slot={slot} r={result} />}
          {result.rotation && <Rotation r={result} />}
          {slot && <ScheduleForm slot={slot} r={result} duration={duration} count={count} />}
        </section>
      )}
    </>
  );
}

function SlotBurden(props: { s: Slot; r: SlotResult }) {
  const i18n = useI18n();
  const out = props.s.cities.map((c, i) => ({ c, info: props.r.cities[i]! })).filter((x) => x.c.outside_minutes > 0);
  return (
    <span class="slot-burden">
      {out.map(({ c, info }) => (
        <span key={c.city_id} class="burden">
          {i18n.t(c.weekend_minutes > 0 ? 'slots.weekend_for' : 'slots.outside_for', {
            city: i18n.name(info), min: c.outside_minutes, time: hhmm(c.local_start),
          })}
        </span>
      ))}
    </span>
  );
}

/** Cities × 24 hours around the slot; each cell is the city's local hour, shaded by its working time. */
function SlotGrid(props: { slot: Slot; r: SlotResult }) {
  const i18n = useI18n();
  const { t } = i18n;
  const tz = viewerZone();
  const start = new Date(props.slot.start).getTime();
  const end = new Date(props.slot.end).getTime();
  const first = Math.floor(start / 3600000) * 3600000 - 9 * 3600000;
  const hours = Array.from({ length: 24 }, (_, i) => new Date(first + i * 3600000));
  const state = (d: Date, info: SlotResult['cities'][number]) => {
    const z = zoned(d, info.timezone);
    const m = z.h * 60 + z.min;
    if (info.weekend.includes(DAYS[z.wd]!)) return { cls: 'g-weekend', h: z.h, label: t('slots.cell_weekend') };
    if (m >= info.work_start && m < info.work_end) return { cls: 'g-work', h: z.h, label: t('slots.cell_work') };
    if (z.h >= 22 || z.h < 7) return { cls: 'g-night', h: z.h, label: t('slots.cell_night') };
    return { cls: 'g-off', h: z.h, label: t('slots.cell_off') };
  };
  return (
    <div class="slot-grid-wrap">
      <h3>{t('slots.grid_title', { when: i18n.dateTime(props.slot.start) })}</h3>
      <div class="table-wrap" role="region" aria-label={t('slots.grid')} tabIndex={0}>
        <table class="slot-grid">
          <caption class="visually-hidden">{t('slots.grid_caption', { tz })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('slots.city')}</th>
              {hours.map((d) => {
                const z = zoned(d, tz);
                return (
                  <th scope="col" key={d.getTime()} class={d.getTime() >= start && d.getTime() < end ? 'g-in' : ''}>
                    {String(z.h).padStart(2, '0')}
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody>
            {props.r.cities.map((info, ci) => {
              const c = props.slot.cities[ci]!;
              return (
                <tr key={info.id}>
                  <th scope="row">
                    <Flag cc={info.country_code} /> {i18n.name(info)}
                    <span class="sub">
                      {hhmm(c.local_start)}–{hhmm(c.local_end)} · {t('slots.hours', { from: minutesText(info.work_start), to: minutesText(info.work_end) })}
                    </span>
                  </th>
                  {hours.map((d) => {
                    const s = state(d, info);
                    const inSlot = d.getTime() + 3600000 > start && d.getTime() < end;
                    return (
                      <td key={d.getTime()} class={`${s.cls}${inSlot ? ' g-in' : ''}`} title={`${i18n.name(info)} ${String(s.h).padStart(2, '0')}:00 — ${s.label}`}>
                        <span aria-hidden="true">{s.h}</span>
                        <span class="visually-hidden">{`${s.h}:00 ${s.label}`}</span>
                      </td>
                    );
                  })}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <p class="legend">
        <span class="lg g-work" /> {t('slots.cell_work')} <span class="lg g-off" /> {t('slots.cell_off')}
        <span class="lg g-night" /> {t('slots.cell_night')} <span class="lg g-weekend" /> {t('slots.cell_weekend')}
        <span class="lg g-in-legend" /> {t('slots.cell_slot')}
        <span class="muted"> · {t('slots.grid_caption', { tz })}</span>
      </p>
    </div>
  );
}

function Rotation(props: { r: SlotResult }) {
  const i18n = useI18n();
  const { t } = i18n;
  const rot = props.r.rotation!;
  return (
    <div class="section">
      <h3>{t('slots.rotation')}</h3>
      <p class="muted">{t('slots.rotation_intro')}</p>
      <div class="table-wrap" role="region" aria-label={t('slots.rotation')} tabIndex={0}>
        <table class="table table-compact">
          <thead>
            <tr>
              <th scope="col">#</th>
              {props.r.cities.map((c) => <th scope="col" key={c.id}>{i18n.name(c)}</th>)}
            </tr>
          </thead>
          <tbody>
            {rot.map((s, i) => (
              <tr key={i}>
                <th scope="row">{i18n.dateTime(s.start)}</th>
                {s.cities.map((c) => (
                  <td key={c.city_id} class={c.outside_minutes > 0 ? 'cell-out' : ''}>
                    {hhmm(c.local_start)}
                    {c.outside_minutes > 0 && <span class="sub">{t('slots.out_min', { n: c.outside_minutes })}</span>}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

function ScheduleForm(props: { slot: Slot; r: SlotResult; duration: number; count: number }) {
  const i18n = useI18n();
  const { t } = i18n;
  const { user } = useSession();
  const [ru, setRu] = useState('');
  const [en, setEn] = useState('');
  const [format, setFormat] = useState<MeetingFormat>('video');
  const [weekly, setWeekly] = useState(props.count > 1);
  const [guests, setGuests] = useState<string[]>([]);
  const [err, setErr] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const canSchedule = user.role === 'staff' || user.role === 'admin';
  if (!canSchedule) return null;
  const fe = fieldErrors(err);
  const hostTz = (user.organization?.city as { timezone?: string } | null | undefined)?.timezone || viewerZone();
  const submit = (e: Event) => {
    e.preventDefault();
    setBusy(true);
    api
      .post<Meeting>('/meetings', {
        title_ru: ru, title_en: en, format, timezone: hostTz, starts_at: props.slot.start, duration: props.duration,
        rrule: weekly ? `FREQ=WEEKLY;COUNT=${Math.max(2, props.count)}` : null,
        participants: [
          ...(user.organization ? [{ role: 'host', organization_id: user.organization.id }] : []),
          ...props.r.cities.map((c) => ({ role: 'participant', city_id: c.id })),
          ...listValues(guests.map((g) => g.toLowerCase())).map((email) => ({ role: 'participant', email })),
        ],
      })
      .then((m) => navigate(`/meetings/${m.id}`))
      .catch(setErr)
      .finally(() => setBusy(false));
  };
  return (
    <form class="card schedule-form" onSubmit={submit} noValidate aria-labelledby="schedule-title">
      <h3 id="schedule-title">{t('slots.schedule_title', { when: i18n.dateTime(props.slot.start) })}</h3>
      {err instanceof ApiError && <Alert kind="error">{i18n.error(err)}</Alert>}
      <div class="grid-2">
        <Field id="m-title-ru" label={t('slots.title_ru')} required error={fe.title_ru?.message}>
          {(a) => <input {...a} lang="ru" value={ru} onInput={(e) => setRu(e.currentTarget.value)} />}
        </Field>
        <Field id="m-title-en" label={t('slots.title_en')} required error={fe.title_en?.message}>
          {(a) => <input {...a} lang="en" value={en} onInput={(e) => setEn(e.currentTarget.value)} />}
        </Field>
      </div>
      <Field id="m-format" label={t('slots.format')} required>
        {(a) => (
          <select {...a} value={format} onChange={(e) => setFormat(e.currentTarget.value as MeetingFormat)}>
            {(['video', 'in_person', 'hybrid'] as const).map((f) => (
              <option key={f} value={f}>{t(`meet.format.${f}` as MessageKey)}</option>
            ))}
          </select>
        )}
      </Field>
      <div class="field">
        <label class="check">
          <input type="checkbox" checked={weekly} onChange={(e) => setWeekly(e.currentTarget.checked)} />{' '}
          {t('slots.weekly', { n: Math.max(2, props.count) })}
        </label>
        <p class="hint">{t('slots.weekly_hint', { tz: hostTz })}</p>
      </div>
      <Field id="m-guests" label={t('slots.guests')} hint={t('slots.guests_hint')}
        error={Object.entries(fe).find(([k]) => /^participants\[\d+\]\.email$/.test(k))?.[1]?.message}>
        {(a) => (
          <ValueList {...a} type="email" values={guests} onChange={setGuests}
            rowLabel={(n) => t('slots.guest_n', { n })} addLabel={t('slots.guest_add')} />
        )}
      </Field>
      <div class="page-actions">
        <button type="submit" class="btn btn-primary" disabled={busy}>{t('slots.schedule')}</button>
      </div>
    </form>
  );
}
