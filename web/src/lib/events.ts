// Types of the event calendar.

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
  partnership_id: number | null;
  roadmap_item_id: number | null;
  responsible_name: string | null;
  published: boolean;
}

export interface CityEventDetail extends CityEvent {
  sub_events: CityEvent[];
  history: Array<{ status: EventStatus; changed_on: string; by: string | null; as_of: boolean }>;
}
