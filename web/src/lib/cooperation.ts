// Types and helpers of the cooperation module: roadmap items and trade figures.

import type { ActionItem } from './meetings';
import type { Agreement } from './types';

export const SECTORS = [
  'trade_economy',
  'industry',
  'science',
  'education',
  'housing_utilities',
  'transport',
  'health',
  'culture',
  'sport',
  'information_policy',
  'tourism',
  'other',
] as const;
export type Sector = (typeof SECTORS)[number];
export const ROADMAP_STATUSES = ['planned', 'in_progress', 'done', 'postponed', 'cancelled'] as const;
export type RoadmapStatus = (typeof ROADMAP_STATUSES)[number];
export type Side = 'home' | 'partner';

export interface RoadmapNote {
  id: number;
  noted_on: string;
  text: string;
  author: string | null;
  created_at: string;
}

export interface RoadmapItem {
  id: number;
  agreement_id: number;
  position: number;
  sector: Sector;
  side: Side;
  title_ru: string;
  title_en: string;
  responsible_home: string | null;
  responsible_partner: string | null;
  due_date: string | null;
  due_quarter: string | null;
  due_by: string | null;
  status: RoadmapStatus;
  overdue: boolean;
  notes: RoadmapNote[];
}

export interface RoadmapChange {
  /** a member's name, created, note, or decision (old/new: the action item's id) */
  field: string;
  old: string | null;
  new: string | null;
  author: string | null;
  changed_at: string;
  /** decision rows: the decision linked or unlinked, null when it is gone */
  decision?: ActionItem | null;
}

export interface RoadmapItemDetail extends RoadmapItem {
  history: RoadmapChange[];
  actions: ActionItem[];
}

export interface ProgressRow {
  sector: Sector;
  year: number | null;
  total: number;
  done: number;
  in_progress: number;
  overdue: number;
}

export interface Roadmap {
  agreement: Agreement;
  items: RoadmapItem[];
  progress: ProgressRow[];
  today: string;
  may_edit_all: boolean;
}

export interface TradePoint {
  period: string;
  period_kind: 'year' | 'half_year' | 'quarter' | 'month';
  value: number;
  derived: boolean;
  yoy_pct: number | null;
  yoy_base: string | null;
  note_ru: string | null;
  note_en: string | null;
}

export interface TradeSeries {
  id: number;
  reporter_city_id: number;
  reporter_name_en: string;
  reporter_name_ru: string;
  partner_country: string | null;
  partner_city_id: number | null;
  partner_name_en: string | null;
  partner_name_ru: string | null;
  flow: 'turnover' | 'export' | 'import';
  currency: string;
  points: TradePoint[];
}

/** "2023-H1" → "H1 2023" / "1-е полугодие 2023"; quarters and months likewise. */
export function periodLabel(p: string, locale: 'ru' | 'en'): string {
  const y = p.slice(0, 4);
  const rest = p.slice(5);
  if (!rest) return y;
  if (rest[0] === 'H') return locale === 'ru' ? `${rest[1]}-е полугодие ${y}` : `H${rest[1]} ${y}`;
  if (rest[0] === 'Q') return locale === 'ru' ? `${rest[1]}-й квартал ${y}` : `Q${rest[1]} ${y}`;
  return `${rest}.${y}`;
}

/** The start of a period as seconds since the epoch (for the chart's x axis). */
export function periodStart(p: string): number {
  const y = Number(p.slice(0, 4));
  const rest = p.slice(5);
  let m = 0;
  if (rest[0] === 'H') m = (Number(rest[1]) - 1) * 6;
  else if (rest[0] === 'Q') m = (Number(rest[1]) - 1) * 3;
  else if (rest) m = Number(rest) - 1;
  return Date.UTC(y, m, 1) / 1000;
}

/** Who may change an item: staff every item, a partner its side's. */
export function mayTouch(role: string, item: RoadmapItem): boolean {
  return role === 'staff' || role === 'admin' || (role === 'partner' && item.side === 'partner');
}
