// Types and calls of the showcase: an event's photo exhibition and fair,
// and the practices catalogue with interest requests.

import { type I18n, type MessageKey } from '../i18n';
import { ApiError, api } from './api';
import type { EventCity } from './events';
import type { Sector } from './cooperation';

export interface Photo {
  id: number;
  event_id: number;
  position: number;
  content_type: string;
  size: number;
  width: number;
  height: number;
  caption_ru: string | null;
  caption_en: string | null;
  image_url: string;
  thumb_url: string;
}

export interface PhotoList {
  items: Photo[];
  can_edit: boolean;
}

export interface Product {
  id: number;
  exhibitor_id: number;
  name_ru: string;
  name_en: string;
  description_ru: string | null;
  description_en: string | null;
  description_ru_html: string | null;
  description_en_html: string | null;
  picture_url: string | null;
  thumb_url: string | null;
}

export interface Exhibitor {
  id: number;
  event_id: number;
  organization_id: number | null;
  name: string | null;
  organization_name_ru: string | null;
  organization_name_en: string | null;
  country_code: string;
  country_name_ru: string | null;
  country_name_en: string | null;
  products: Product[];
}

export interface Fair {
  event_id: number;
  exhibitors: Exhibitor[];
  can_edit: boolean;
}

export { SECTORS, type Sector } from './cooperation';

export const INTEREST_STATUSES = ['new', 'in_discussion', 'agreed', 'declined'] as const;
export type InterestStatus = (typeof INTEREST_STATUSES)[number];

/** Where a request may go from each status (the server's rule, for the buttons). */
export const INTEREST_MOVES: Record<InterestStatus, InterestStatus[]> = {
  new: ['in_discussion', 'declined'],
  in_discussion: ['agreed', 'declined'],
  declined: ['in_discussion'],
  agreed: [],
};

export interface OrgName {
  id: number;
  name_ru: string | null;
  name_en: string | null;
}

export interface Practice {
  id: number;
  city: EventCity;
  sector: Sector;
  title_ru: string;
  title_en: string;
  organization: OrgName | null;
  description_ru: string | null;
  description_en: string | null;
  /** Only for the owning city's staff and admins. */
  interest_count: number | null;
}

export interface Interest {
  id: number;
  practice_id: number;
  city: EventCity;
  organization: OrgName | null;
  message: string;
  status: InterestStatus;
  by: string | null;
  created_at: string;
  history: Array<{ status: InterestStatus; note: string | null; by: string | null; at: string }>;
}

export interface PracticeDetail extends Practice {
  description_ru_html: string | null;
  description_en_html: string | null;
  interests: Interest[];
  can_manage: boolean;
  can_express_interest: boolean;
}

/** Sends a picture file as the raw body (POST a photo, PUT a product picture). */
export function uploadPicture<T>(method: 'POST' | 'PUT', path: string, file: File): Promise<T> {
  return api.send<T>(method, path, file, file.type || 'application/octet-stream');
}

const CODES = new Set([
  'unsupported_media_type',
  'type_mismatch',
  'too_many_pixels',
  'image_unreadable',
  'image_too_complex',
  'payload_too_large',
  'not_event_partner',
  'own_city',
  'not_own_city',
  'not_owner_city',
  'invalid_transition',
]);

/** The message for an error of these pages, in the UI language. */
export function showcaseError(i18n: I18n, err: unknown): string {
  if (err instanceof ApiError && CODES.has(err.code)) return i18n.t(`sc.err.${err.code}` as MessageKey);
  return i18n.error(err);
}
