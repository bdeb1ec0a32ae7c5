// Translation and formatting for the current UI language. Everything a user
// reads comes from en.ts / ru.ts through t(); numbers and dates go through Intl.

import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { ApiError } from '../lib/api';
import type { Locale, Named } from '../lib/types';
import { en, type Dict, type MessageKey } from './en';
import { ru } from './ru';

export type { MessageKey } from './en';

const DICTS: Record<Locale, Dict> = { ru, en };
const STORAGE_KEY = 'pobratim.locale';

export function isLocale(v: unknown): v is Locale {
  return v === 'ru' || v === 'en';
}

/** The language to use before sign-in: remembered choice, else the browser's, else Russian. */
export function initialLocale(): Locale {
  try {
    const saved = window.localStorage.getItem(STORAGE_KEY);
    if (isLocale(saved)) return saved;
  } catch {
    /* storage may be disabled */
  }
  const nav = (navigator.languages?.[0] || navigator.language || 'ru').toLowerCase();
  return nav.startsWith('en') ? 'en' : 'ru';
}

export function rememberLocale(l: Locale): void {
  try {
    window.localStorage.setItem(STORAGE_KEY, l);
  } catch {
    /* ignore */
  }
}

export interface I18n {
  locale: Locale;
  t: (key: MessageKey, params?: Record<string, string | number>) => string;
  /** The name in the UI language, falling back to the other one. */
  name: (obj: Named | null | undefined) => string;
  /** A field pair like short_ru/short_en picked by language. */
  pick: (ru: string | null | undefined, en: string | null | undefined) => string;
  num: (n: number) => string;
  percent: (fraction: number) => string;
  date: (iso: string | Date) => string;
  dateTime: (iso: string | Date) => string;
  time: (d: Date) => string;
  longDate: (d: Date) => string;
  /** Message for an API error, by its stable code. */
  error: (err: unknown) => string;
}

const cache = new Map<Locale, I18n>();

export function makeI18n(locale: Locale): I18n {
  const hit = cache.get(locale);
  if (hit) return hit;
  const dict = DICTS[locale];
  const tag = locale === 'ru' ? 'ru-RU' : 'en-GB';
  const numFmt = new Intl.NumberFormat(tag);
  const pctFmt = new Intl.NumberFormat(tag, { style: 'percent', maximumFractionDigits: 1 });
  const dateFmt = new Intl.DateTimeFormat(tag, { day: 'numeric', month: 'short', year: 'numeric' });
  const dateTimeFmt = new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeStyle: 'short' });
  const timeFmt = new Intl.DateTimeFormat(tag, { hour: '2-digit', minute: '2-digit' });
  const longFmt = new Intl.DateTimeFormat(tag, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });

  const t: I18n['t'] = (key, params) => {
    let s: string = dict[key] ?? en[key] ?? key;
    if (params) {
      for (const [k, v] of Object.entries(params)) {
        s = s.split(`{${k}}`).join(typeof v === 'number' ? numFmt.format(v) : v);
      }
    }
    return s;
  };
  const pick: I18n['pick'] = (r, e) => {
    const first = locale === 'ru' ? r : e;
    const second = locale === 'ru' ? e : r;
    return (first && first.trim()) || (second && second.trim()) || '';
  };
  const toDate = (v: string | Date) => (v instanceof Date ? v : new Date(v));
  const safe = (f: Intl.DateTimeFormat, v: string | Date) => {
    const d = toDate(v);
    return Number.isNaN(d.getTime()) ? String(v) : f.format(d);
  };

  const i18n: I18n = {
    locale,
    t,
    name: (o) => (o ? pick(o.name_ru, o.name_en) : ''),
    pick,
    num: (n) => numFmt.format(n),
    percent: (f) => pctFmt.format(f),
    date: (v) => safe(dateFmt, v),
    dateTime: (v) => safe(dateTimeFmt, v),
    time: (d) => timeFmt.format(d),
    // Keep the Russian year abbreviation ("2026 г.") on one line.
    longDate: (d) => longFmt.format(d).replace(/ (г\.)$/, '\u00a0$1'),
    error: (err) => errorMessage(t, timeFmt, err),
  };
  cache.set(locale, i18n);
  return i18n;
}

function errorMessage(t: I18n['t'], timeFmt: Intl.DateTimeFormat, err: unknown): string {
  if (!(err instanceof ApiError)) return t('err.unknown');
  switch (err.code) {
    case 'too_many_attempts': {
      if (err.retryAfter == null) return t('err.too_many_attempts_plain');
      // the back-off starts at a second or so: short waits are said in seconds
      if (err.retryAfter < 60) return t('err.too_many_attempts_seconds', { sec: Math.max(1, err.retryAfter) });
      const min = Math.max(1, Math.ceil(err.retryAfter / 60));
      const at = new Date(Date.now() + err.retryAfter * 1000);
      return t('err.too_many_attempts', { min, time: timeFmt.format(at) });
    }
    case 'too_many_rows':
      return t('err.too_many_rows', { n: (err.problem as { max_rows?: number }).max_rows ?? 0 });
    case 'invalid_credentials':
    case 'validation_failed':
    case 'unauthenticated':
    case 'forbidden':
    case 'csrf_failed':
    case 'not_found':
    case 'conflict':
    case 'payload_too_large':
    case 'internal':
    case 'network':
    case 'duplicate_pair':
    case 'not_your_city':
    case 'over_distributed':
    case 'not_arrived':
    case 'shipment_distributed':
    case 'unsupported_media_type':
    case 'type_mismatch':
    case 'too_many_pixels':
    case 'image_too_complex':
    case 'image_unreadable':
    case 'wrong_password':
    case 'already_verified':
    case 'recording_in_progress':
      return t(`err.${err.code}` as MessageKey);
    case 'quota_exceeded': {
      const mb = (bytes: number | undefined, up = false) => (up ? Math.ceil : Math.floor)((bytes ?? 0) / 1e5) / 10;
      const p = err.problem;
      return t('err.quota_exceeded', { needed: mb(p.needed, true), remaining: mb(p.remaining), quota: mb(p.quota) });
    }
    default:
      return err.problem.detail || err.problem.title || t('err.unknown');
  }
}

const FIELD_CODES = new Set([
  'required',
  'invalid',
  'too_short',
  'too_long',
  'invalid_email',
  'invalid_url',
  'not_found',
  'taken',
  'invalid_choice',
  'same_city',
  'invalid_date',
  'not_staff',
  'not_allowed',
  'duplicate_pair',
  'forbidden',
  'before_start',
  'no_status_change',
  'in_future',
  'year_mismatch',
  'before_sent',
  'before_arrival',
  'fewer_than_members',
  'duplicate',
  'out_of_range',
  'weight_mismatch',
  'before_last_change',
  'not_event_cities',
  'invalid_rrule',
  'rrule_frequency',
  'rrule_never',
  'rrule_start',
  'demo_password',
  'too_common',
  'contains_email',
  'same_as_old',
]);

/** Message for one field error from problem+json errors[]: ours if we know the code, else the server's. */
export function fieldMessage(i18n: I18n, e: { code: string; message: string } | undefined): string | undefined {
  if (!e) return undefined;
  if (FIELD_CODES.has(e.code)) return i18n.t(`field.${e.code}` as MessageKey);
  return e.message || i18n.t('field.invalid');
}

export const I18nContext = createContext<I18n>(makeI18n('ru'));

export function useI18n(): I18n {
  return useContext(I18nContext);
}
