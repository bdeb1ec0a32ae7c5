// Types of the event calendar.

import type { PartnershipKind } from './types';

export const EVENT_KINDS = [
  'days_of_city',
  'culture_festival',
  'forum',
  'conference',
  'congress',
  'symposium',
  'exhibition',
  'fair',
  'delegation_visit',
  'specialist_exchange',
] as const;
export type EventKind = (typeof EVENT_KINDS)[number];
export const EVENT_STATUSES = ['proposed', 'negotiating', 'planned', 'held', 'cancelled'] as const;
export type EventStatus = (typeof EVENT_STATUSES)[number];

export interface EventCity {
  id: number;
  name_en: string;
  name_ru: string;
  country_code: string;
}

export interface CityEvent {
  id: number;
  parent_id: number | null;
  kind: EventKind;
  title_ru: string;
  title_en: string;
  description_ru: string | null;
  description_en: string | null;
  host_city: EventCity | null;
  guest_city: EventCity | null;
  starts_on: string | null;
  ends_on: string | null;
  period_ru: string | null;
  period_en: string | null;
  format: 'in_person' | 'online' | 'hybrid' | null;
  venue: string | null;
  status: EventStatus;
  /** Null unless the caller may know it; has_page: it may open /partners/{id}. */
  partnership: { id: number; kind: PartnershipKind; city_a: EventCity; city_b: EventCity; has_page: boolean } | null;
  /** For staff, admins and partners whose city its roadmap touches. */
  roadmap_item: { id: number; agreement_id: number; title_ru: string; title_en: string } | null;
  /** By name, for partners, staff and admins. */
  responsible: { id: number; name: string | null } | null;
  published: boolean;
  /** The date of the latest status change. */
  status_since: string | null;
  /** Why the status is stale (a plan past its date, or unchanged two years), or null. */
  stale: 'date_passed' | 'unchanged' | null;
}

export interface CityEventDetail extends CityEvent {
  sub_events: CityEvent[];
  /** by: who set the status, null for the public and correspondents. */
  history: Array<{ status: EventStatus; changed_on: string; by: string | null; as_of: boolean }>;
}
