// Shapes of the objects the pobratim HTTP API returns (see docs/api/openapi.json).

export type Locale = 'ru' | 'en';

export const ROLES = ['admin', 'staff', 'partner', 'correspondent'] as const;
export type Role = (typeof ROLES)[number];

export const ORG_KINDS = [
  'city_administration',
  'department',
  'compatriot_organization',
  'media',
  'ngo',
  'business',
  'chamber_of_commerce',
  'university',
  'clinic',
  'other',
] as const;
export type OrgKind = (typeof ORG_KINDS)[number];

/** Anything that carries a name in both languages. */
export interface Named {
  name_ru: string;
  name_en: string;
}

export interface CityRef extends Named {
  id: number;
  country_code: string;
  country_name_ru?: string;
  country_name_en?: string;
}

export interface OrgRef extends Named {
  id: number;
  city?: CityRef | null;
}

/** A staff or admin account as GET /staff-users lists it: whom one may make responsible. */
export interface StaffUser {
  id: number;
  name: string;
  role: 'staff' | 'admin';
  organization: OrgRef & { short_ru: string | null; short_en: string | null };
}

export interface User {
  id: number;
  email: string;
  name: string;
  role: Role;
  locale: Locale;
  organization: OrgRef | null;
  disabled: boolean;
  created_at: string;
  /** The address was confirmed by a mailed link; until then no notifications go to it. */
  email_verified: boolean;
  email_verified_at: string | null;
  /** IANA zone of the account's mail (GET /timezones); null: the installation's. */
  timezone: string | null;
}

export type MailStatus = 'queued' | 'sending' | 'sent' | 'failed' | 'discarded';

/** A message of the outbox as admins see it (GET /mail/outbox): never its body. */
export interface OutboxMessage {
  id: number;
  kind: string;
  user_id: number | null;
  to: string;
  to_name: string;
  locale: Locale;
  status: MailStatus;
  attempts: number;
  last_error: string | null;
  next_attempt_at: string | null;
  subject: string;
  created_at: string;
  sent_at: string | null;
  expires_at: string | null;
  can_retry: boolean;
  can_discard: boolean;
}

export interface OutboxPage {
  items: OutboxMessage[];
  next_cursor: string | null;
  smtp_configured: boolean;
  from: string | null;
  counts: Record<MailStatus, number>;
}

export interface Organization extends Named {
  id: number;
  kind: OrgKind;
  short_ru: string | null;
  short_en: string | null;
  website: string | null;
  city: CityRef | null;
  user_count: number;
  created_at: string;
  updated_at: string;
}

export interface Country extends Named {
  code: string;
  continent: string;
}

export interface City extends Named {
  id: number;
  geonames_id: number | null;
  country_code: string;
  country_name_ru: string;
  country_name_en: string;
  admin1: string | null;
  latitude: number;
  longitude: number;
  timezone: string;
  population: number | null;
}

export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

export interface Session {
  user: User;
  csrf_token: string;
}

export interface Dashboard {
  /** countries and cities (the gazetteer's size): staff and admins only. */
  counts: { countries?: number; cities?: number; organizations: number; users: number };
  organizations_by_country: Array<Named & { country_code: string; count: number }>;
  home: Organization | null;
}

export interface FieldError {
  field: string;
  code: string;
  message: string;
}

/** RFC 9457 problem details as the server sends them. */
export interface Problem {
  type?: string;
  title?: string;
  status: number;
  detail?: string;
  code: string;
  errors?: FieldError[];
  /** quota_exceeded: bytes of the user's quota, what is left of it, what the upload needs */
  quota?: number;
  remaining?: number;
  needed?: number;
}

// --- partners registry ---

export const PARTNERSHIP_KINDS = ['sister', 'partner', 'cooperation'] as const;
export type PartnershipKind = (typeof PARTNERSHIP_KINDS)[number];
export const PARTNERSHIP_STATUSES = ['active', 'frozen', 'ended'] as const;
export type PartnershipStatus = (typeof PARTNERSHIP_STATUSES)[number];

export interface PartnerCity extends Named {
  id: number;
  geonames_id: number;
  country_code: string;
  country_name_en: string;
  country_name_ru: string;
  continent: string | null;
  latitude: number;
  longitude: number;
  population: number;
}

export interface StatusChange {
  status: PartnershipStatus;
  changed_on: string;
  note: string | null;
  by: string | null;
  recorded_at: string;
}

export interface Partnership {
  id: number;
  city_a: PartnerCity;
  city_b: PartnerCity;
  kind: PartnershipKind;
  since: string | null;
  status: PartnershipStatus;
  published: boolean;
  agreement: { id: number; title_en: string | null; title_ru: string | null } | null;
  responsible: { id: number; name: string | null } | null;
  note_ru: string | null;
  note_en: string | null;
  created_at: string;
  updated_at: string;
  history?: StatusChange[];
}

export interface GroupCount {
  key: string;
  count: number;
  name_en?: string;
  name_ru?: string;
}

export interface PartnershipSummary {
  total: number;
  by_kind: GroupCount[];
  by_status: GroupCount[];
  by_country: GroupCount[];
  by_continent: GroupCount[];
}

export interface NetworkNode extends PartnerCity {
  depth: 0 | 1 | 2;
  shared: number;
  degree: number;
}

export interface NetworkEdge {
  id: number;
  a: number;
  b: number;
  kind: PartnershipKind;
  status: PartnershipStatus;
}

export interface Network {
  centre: number;
  nodes: NetworkNode[];
  edges: NetworkEdge[];
}

export interface Person {
  id: number;
  name_ru: string;
  name_en: string;
  post_ru: string | null;
  post_en: string | null;
  precedence: number;
  organization: { id: number; name_en: string | null; name_ru: string | null } | null;
  city: { id: number; name_en: string | null; name_ru: string | null } | null;
  /** the day the current post is known from */
  post_since: string | null;
  email?: string | null;
  phone?: string | null;
}

export type AgreementKind = 'twinning' | 'cooperation' | 'memorandum' | 'roadmap' | 'joint_statement';

export interface Agreement {
  id: number;
  kind: AgreementKind;
  title_ru: string;
  title_en: string;
  signed_on: string | null;
  valid_from: string | null;
  valid_to: string | null;
  renewal_on: string | null;
  note_ru: string | null;
  note_en: string | null;
  parties: Array<{ type: 'city' | 'organization' | 'country'; id: number | string; name_en: string | null; name_ru: string | null }>;
  state: 'in_force' | 'expiring' | 'expired' | 'pending';
  expiring: boolean;
  file: { type: string; size: number; sha256: string } | null;
}
