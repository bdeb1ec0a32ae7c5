// Meetings: the shapes of /meetings, /meetings/slots and /actions, and the
// time-zone helpers the calendar and the slot grid use. Ranking is the
// server's (system tz database); the browser's Intl only formats.

import type { Named } from './types';

export type MeetingFormat = 'video' | 'in_person' | 'hybrid';
export type MeetingStatus = 'draft' | 'scheduled' | 'live' | 'held' | 'cancelled';
export type ActionStatus = 'open' | 'in_progress' | 'done' | 'cancelled';
export const ACTION_STATUSES: ActionStatus[] = ['open', 'in_progress', 'done', 'cancelled'];
export const MEETING_STATUSES: MeetingStatus[] = ['draft', 'scheduled', 'live', 'held', 'cancelled'];

export interface MeetingCity extends Named {
  id: number;
  country_code: string;
  timezone: string;
  local_start: string | null;
}

export interface MeetingSummary {
  id: number;
  title_ru: string;
  title_en: string;
  format: MeetingFormat;
  status: MeetingStatus;
  timezone: string;
  starts_at: string | null;
  duration: number;
  date_from: string | null;
  date_to: string | null;
  date_note_ru: string | null;
  date_note_en: string | null;
  rrule: string | null;
  host_organization: Named & { id: number };
  start: string | null;
  end: string | null;
  cities: MeetingCity[];
}

export interface Participant {
  id: number;
  position: number;
  role: 'host' | 'speaker' | 'participant' | 'interpreter' | 'observer';
  kind: 'person' | 'organization' | 'city' | 'group';
  name_ru: string | null;
  name_en: string | null;
  post_ru: string | null;
  post_en: string | null;
  label_ru: string | null;
  label_en: string | null;
  organization: (Named & { id: number }) | null;
  city: MeetingCity | null;
  country_code: string | null;
  /** The address the participant is invited by; only the meeting's hosts see it. */
  email?: string | null;
  /** A person of the people table (name and post are theirs). */
  person_id: number | null;
  /** The row's own city (city: it, or its organization's). */
  city_id: number | null;
}

/** One field a change of a meeting altered (staff and admins see them). */
export interface MeetingChange {
  id: number;
  changed_at: string;
  changed_by: string | null;
  field: 'title_ru' | 'title_en' | 'starts_at' | 'duration' | 'timezone' | 'rrule' | 'exdates' | 'format' | 'status' | 'participants';
  old: string | null;
  new: string | null;
}

/** One invitation or cancellation mailed for a meeting (GET /meetings/{id}/invitations). */
export interface Invitation {
  id: number;
  email: string;
  name: string;
  guest: boolean;
  method: 'REQUEST' | 'CANCEL';
  sequence: number;
  status: 'queued' | 'sending' | 'sent' | 'failed' | 'discarded';
  queued_at: string;
  sent_at: string | null;
  error: string | null;
}

export interface ActionItem {
  id: number;
  meeting_id: number;
  position: number;
  text_ru: string;
  text_en: string;
  due_date: string | null;
  status: ActionStatus;
  overdue: boolean;
  owner: (Named & { id: number; city: Named & { id: number; country_code: string } }) | null;
  meeting: { id: number; title_ru: string; title_en: string };
  owner_person: (Named & { id: number }) | null;
  updated_at: string;
  /** a meeting's reply only: the roadmap items it is linked to that the caller may see */
  roadmap_items?: Array<{ id: number; agreement_id: number; title_ru: string; title_en: string }>;
}

export interface Meeting extends MeetingSummary {
  participants: Participant[];
  updated_at: string;
  agenda: Array<{ position: number; title_ru: string; title_en: string; presenter: string | null; minutes: number | null }>;
  topics: Array<{ ru: string; en: string }>;
  exdates: string[];
  occurrences: string[];
  minutes_ru: string;
  minutes_en: string;
  minutes_ru_html: string;
  minutes_en_html: string;
  actions: ActionItem[];
  join_url: string;
  ics_url: string;
  can_manage: boolean;
  changes?: MeetingChange[];
}

export interface SlotCity {
  city_id: number;
  local_start: string;
  local_end: string;
  utc_offset: number;
  outside_minutes: number;
  weekend_minutes: number;
  reach_minutes: number;
}

export interface Slot {
  start: string;
  end: string;
  perfect: boolean;
  outside_minutes: number;
  worst_reach_minutes: number;
  cities: SlotCity[];
}

export interface SlotCityInfo extends Named {
  id: number;
  country_code: string;
  timezone: string;
  work_start: number;
  work_end: number;
  weekend: string[];
}

export interface SlotResult {
  cities: SlotCityInfo[];
  slots: Slot[];
  rotation: Slot[] | null;
  perfect_possible: boolean;
}

/** The viewer's IANA zone, from the browser. */
export function viewerZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

/** Wall-clock parts of an instant in a zone. */
export function zoned(d: Date, tz: string): { y: number; m: number; d: number; h: number; min: number; wd: number } {
  const f = new Intl.DateTimeFormat('en-GB', {
    timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit',
    weekday: 'short', hourCycle: 'h23',
  });
  const p: Record<string, string> = {};
  for (const x of f.formatToParts(d)) p[x.type] = x.value;
  const wd = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(p.weekday ?? 'Mon');
  return { y: +p.year!, m: +p.month!, d: +p.day!, h: +p.hour! % 24, min: +p.minute!, wd };
}

/** YYYY-MM-DD of an instant in a zone. */
export function dayKey(d: Date, tz: string): string {
  const z = zoned(d, tz);
  return `${z.y}-${String(z.m).padStart(2, '0')}-${String(z.d).padStart(2, '0')}`;
}

/** "HH:MM" of a local "YYYY-MM-DDTHH:MM" text. */
export function hhmm(local: string | null | undefined): string {
  return local ? local.slice(11, 16) : '';
}

export function minutesText(m: number): string {
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

/** Days of a month grid (Monday first), as Date at 12:00 UTC of each day. */
export function monthGrid(year: number, month: number): Date[] {
  const first = new Date(Date.UTC(year, month, 1, 12));
  const lead = (first.getUTCDay() + 6) % 7;
  const days: Date[] = [];
  for (let i = -lead; days.length < 42; i++) days.push(new Date(Date.UTC(year, month, 1 + i, 12)));
  return days;
}

/* --- recurrence rules (RFC 5545 RRULE; the server checks them and keeps a normal form) --- */

export type RepeatFreq = 'DAILY' | 'WEEKLY' | 'MONTHLY' | 'YEARLY';
export const REPEAT_FREQS: RepeatFreq[] = ['DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY'];

/** A rule the simple form can edit: a frequency, an interval, and an end (a last date or a count). */
export interface SimpleRule {
  freq: RepeatFreq;
  interval: number;
  until: string | null;	/* YYYY-MM-DD in the meeting's zone */
  count: number | null;
}

/** The simple form of a rule, or null when it has other parts (BYDAY, ...). */
export function parseSimpleRule(rule: string, tz: string): SimpleRule | null {
  const parts = new Map<string, string>();
  for (const p of rule.toUpperCase().split(';').filter(Boolean)) {
    const [k, v] = p.split('=');
    if (!k || v === undefined || parts.has(k)) return null;
    parts.set(k, v);
  }
  const freq = parts.get('FREQ') as RepeatFreq | undefined;
  if (!freq || !REPEAT_FREQS.includes(freq)) return null;
  for (const k of parts.keys()) if (!['FREQ', 'INTERVAL', 'UNTIL', 'COUNT'].includes(k)) return null;
  const interval = parts.has('INTERVAL') ? Number(parts.get('INTERVAL')) : 1;
  const count = parts.has('COUNT') ? Number(parts.get('COUNT')) : null;
  if (!Number.isInteger(interval) || interval < 1 || (count !== null && !(Number.isInteger(count) && count > 0))) return null;
  let until: string | null = null;
  const u = parts.get('UNTIL');
  if (u) {
    const m = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})Z)?$/.exec(u);
    if (!m) return null;
    until = m[4] === undefined ? `${m[1]}-${m[2]}-${m[3]}`
      : dayKey(new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!)), tz);
  }
  return { freq, interval, until, count };
}

/** The RRULE text of a simple rule; a last date is given as a date (the server ends it at midnight in the meeting's zone). */
export function simpleRuleText(r: SimpleRule): string {
  return [`FREQ=${r.freq}`, r.interval > 1 ? `INTERVAL=${r.interval}` : '',
    r.until ? `UNTIL=${r.until.replace(/-/g, '')}` : '', r.count ? `COUNT=${r.count}` : ''].filter(Boolean).join(';');
}
