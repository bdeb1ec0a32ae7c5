// Translation and formatting for the current UI language. Everything a user
// reads comes from en.ts / ru.ts through t(); numbers and dates go through Intl.
// The pages a guest sees (the room and its lobby, the public pages) also speak
// German, French, Italian and Chinese (guest.ts); the rest of the app is ru/en.

import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { ApiError } from '../lib/api';
import type { Locale, Named } from '../lib/types';
import type { ErrorCode } from '../lib/contract';
import { en, type Dict, type MessageKey } from './en';
import { ru } from './ru';
import type { GuestDict, GuestLocale } from './guest';
import { de } from './de';
import { fr } from './fr';
import { it } from './it';
import { zh } from './zh';

export type { MessageKey } from './en';

/** A language of the guest pages: the app's two and the four guest ones. */
export type PageLocale = Locale | GuestLocale;

/** The languages of the guest pages, in the order of their switch. */
export const PAGE_LOCALES: readonly PageLocale[] = ['ru', 'en', 'de', 'fr', 'it', 'zh'];

const DICTS: Record<PageLocale, Dict | GuestDict> = { ru, en, de, fr, it, zh };
const TAGS: Record<PageLocale, string> = { ru: 'ru-RU', en: 'en-GB', de: 'de-DE', fr: 'fr-FR', it: 'it-IT', zh: 'zh-CN' };
const STORAGE_KEY = 'pobratim.locale';
const PAGE_STORAGE_KEY = 'pobratim.page_locale';

export function isLocale(v: unknown): v is Locale {
  return v === 'ru' || v === 'en';
}

export function isPageLocale(v: unknown): v is PageLocale {
  return typeof v === 'string' && (PAGE_LOCALES as readonly string[]).includes(v);
}

/** The first of the browser's languages that the guest pages speak, or null. */
export function browserPageLocale(): PageLocale | null {
  const langs = navigator.languages?.length ? navigator.languages : [navigator.language || ''];
  for (const l of langs) {
    const primary = l.toLowerCase().split('-')[0];
    if (isPageLocale(primary)) return primary;
  }
  return null;
}

/** The language last chosen on a guest page's switch (or the app's), if any. */
export function storedPageLocale(): PageLocale | null {
  try {
    const saved = window.localStorage.getItem(PAGE_STORAGE_KEY);
    return isPageLocale(saved) ? saved : null;
  } catch {
    return null;
  }
}

export function rememberPageLocale(l: PageLocale | null): void {
  try {
    if (l) window.localStorage.setItem(PAGE_STORAGE_KEY, l);
    else window.localStorage.removeItem(PAGE_STORAGE_KEY);
  } catch {
    /* ignore */
  }
}

/**
 * Keys a guest page asked for that its language's dictionary lacks (shown in
 * English instead); the browser tests read it as window.__pobratimI18nMissing.
 */
const missing = new Set<string>();
if (typeof window !== 'undefined') Object.assign(window, { __pobratimI18nMissing: missing });

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
  locale: PageLocale;
  /** The language of the ru/en app pages: the locale, English for a guest language. */
  appLocale: Locale;
  /** The BCP 47 tag of the locale, for Intl. */
  tag: string;
  t: (key: MessageKey, params?: Record<string, string | number>) => string;
  /** The name in the UI language (English for the guest languages), falling back to the other one. */
  name: (obj: Named | null | undefined) => string;
  /** A field pair like short_ru/short_en picked by language (the English one for the guest languages). */
  pick: (ru: string | null | undefined, en: string | null | undefined) => string;
  /** A country by ISO code: named by Intl in a guest language, else its Russian or English name. */
  country: (code: string, ru: string | null | undefined, en: string | null | undefined) => string;
  num: (n: number) => string;
  percent: (fraction: number) => string;
  date: (iso: string | Date) => string;
  dateTime: (iso: string | Date) => string;
  time: (d: Date) => string;
  longDate: (d: Date) => string;
  /** Message for an API error, by its stable code. */
  error: (err: unknown) => string;
}

const cache = new Map<PageLocale, I18n>();

export function makeI18n(locale: PageLocale): I18n {
  const hit = cache.get(locale);
  if (hit) return hit;
  const dict: Partial<Record<MessageKey, string>> = DICTS[locale];
  const tag = TAGS[locale];
  const numFmt = new Intl.NumberFormat(tag);
  const pctFmt = new Intl.NumberFormat(tag, { style: 'percent', maximumFractionDigits: 1 });
  const dateFmt = new Intl.DateTimeFormat(tag, { day: 'numeric', month: 'short', year: 'numeric' });
  const dateTimeFmt = new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeStyle: 'short' });
  const timeFmt = new Intl.DateTimeFormat(tag, { hour: '2-digit', minute: '2-digit' });
  const longFmt = new Intl.DateTimeFormat(tag, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });

  const t: I18n['t'] = (key, params) => {
    const own = dict[key];
    if (own === undefined) missing.add(`${locale}:${key}`);
    let s: string = own ?? en[key] ?? key;
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
  const regions = isLocale(locale) ? null : new Intl.DisplayNames([tag], { type: 'region' });
  const regionName = (code: string) => {
    try {
      const n = regions?.of(code.toUpperCase());
      return n && n !== code.toUpperCase() ? n : '';
    } catch {
      return ''; /* not a region code */
    }
  };
  const toDate = (v: string | Date) => (v instanceof Date ? v : new Date(v));
  const safe = (f: Intl.DateTimeFormat, v: string | Date) => {
    const d = toDate(v);
    return Number.isNaN(d.getTime()) ? String(v) : f.format(d);
  };

  const i18n: I18n = {
    locale,
    appLocale: isLocale(locale) ? locale : 'en',
    tag,
    t,
    name: (o) => (o ? pick(o.name_ru, o.name_en) : ''),
    pick,
    country: (code, r, e) => (isLocale(locale) ? '' : regionName(code)) || pick(r, e) || code,
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

/*
 * Every code of the server's problem answers (the contract's Problem.code,
 * made into lib/contract.ts) has its message "err.<code>" in the
 * dictionaries: a code the server gains without one fails the type check,
 * naming it.
 */
type CodeWithoutMessage = Exclude<`err.${ErrorCode}`, MessageKey>;
const everyCodeHasAMessage: [CodeWithoutMessage] extends [never] ? true : CodeWithoutMessage = true;
void everyCodeHasAMessage;

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
    case 'quota_exceeded': {
      const mb = (bytes: number | undefined, up = false) => (up ? Math.ceil : Math.floor)((bytes ?? 0) / 1e5) / 10;
      const p = err.problem;
      return t('err.quota_exceeded', { needed: mb(p.needed, true), remaining: mb(p.remaining), quota: mb(p.quota) });
    }
    default: {
      const key = codeKey('err.', err.code);
      return key ? t(key) : err.problem.detail || err.problem.title || t('err.unknown');
    }
  }
}

/**
 * The dictionaries' message key for a server's code ("err.<code>", "field.<code>"), or null
 * when they have none: a code gets its message by a line in en.ts and ru.ts, nowhere else.
 */
function codeKey(prefix: 'err.' | 'field.', code: string): MessageKey | null {
  const key = prefix + code;
  return Object.prototype.hasOwnProperty.call(en, key) ? (key as MessageKey) : null;
}

/** Message for one field error from problem+json errors[]: ours if we know the code, else the server's. */
export function fieldMessage(i18n: I18n, e: { code: string; message: string } | undefined): string | undefined {
  if (!e) return undefined;
  const key = codeKey('field.', e.code);
  return key ? i18n.t(key) : e.message || i18n.t('field.invalid');
}

export const I18nContext = createContext<I18n>(makeI18n('ru'));

export function useI18n(): I18n {
  return useContext(I18nContext);
}
