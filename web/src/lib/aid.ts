// Types of the aid shipments and the delegations of specialists (not the
// mutual-aid board of the information exchange: that is lib/types AidPost).

import type { EventCity } from './events';

export const SHIPMENT_STATUSES = ['planned', 'in_transit', 'arrived', 'distributed', 'cancelled'] as const;
export type ShipmentStatus = (typeof SHIPMENT_STATUSES)[number];
export const WEIGHT_QUALIFIERS = ['exact', 'about', 'more_than'] as const;
export type WeightQualifier = (typeof WEIGHT_QUALIFIERS)[number];
export const UNITS = ['pieces', 'kg', 't', 'l', 'boxes', 'sets', 'pairs', 'packs'] as const;
export type Unit = (typeof UNITS)[number];
export const RECIPIENT_KINDS = ['hospital', 'clinic', 'organization', 'authority', 'other'] as const;
export type RecipientKind = (typeof RECIPIENT_KINDS)[number];
export const DELEGATION_STATUSES = ['proposed', 'planned', 'held', 'cancelled'] as const;
export type DelegationStatus = (typeof DELEGATION_STATUSES)[number];

export interface Shipment {
  id: number;
  donor_org_id: number | null;
  donor_name_ru: string | null;
  donor_name_en: string | null;
  donor_country: string | null;
  donor_city: EventCity | null;
  recipient_city: EventCity;
  sent_on: string | null;
  arrived_on: string | null;
  year: number;
  date_note_ru: string | null;
  date_note_en: string | null;
  status: ShipmentStatus;
  weight_kg: number | null;
  weight_qualifier: WeightQualifier;
  notes_ru: string | null;
  notes_en: string | null;
  may_edit: boolean;
}

export interface ShipmentItem {
  id: number;
  name_ru: string;
  name_en: string;
  quantity: number | null;
  unit: Unit | null;
  distributed: number;
  remaining: number | null;
  distribution_lines: number;
}

export interface Distribution {
  id: number;
  recipient_kind: RecipientKind;
  recipient_org_id: number | null;
  recipient_name_ru: string | null;
  recipient_name_en: string | null;
  distributed_on: string | null;
  note_ru: string | null;
  note_en: string | null;
  lines: Array<{ item_id: number; quantity: number | null }>;
}

export interface ShipmentDetail extends Shipment {
  items: ShipmentItem[];
  items_weight_kg: number | null;
  items_weight_complete: boolean;
  distributions: Distribution[];
}

export interface ShipmentTotal {
  year: number;
  donor_org_id: number | null;
  donor_name_ru: string | null;
  donor_name_en: string | null;
  shipments: number;
  weight_kg: number;
  unweighed: number;
  at_least: boolean;
}

export interface DelegationMember {
  name: string;
  role_ru: string | null;
  role_en: string | null;
}

export interface Delegation {
  id: number;
  /** null: from a country, no city named (from_country) */
  from_city: EventCity | null;
  from_country: string | null;
  to_city: EventCity;
  specialty_ru: string;
  specialty_en: string;
  purpose_ru: string;
  purpose_en: string;
  people_count: number | null;
  starts_on: string | null;
  ends_on: string | null;
  year: number;
  date_note_ru: string | null;
  date_note_en: string | null;
  status: DelegationStatus;
  event_id: number | null;
  event_title_ru: string | null;
  event_title_en: string | null;
  may_edit: boolean;
  members?: DelegationMember[];
}
