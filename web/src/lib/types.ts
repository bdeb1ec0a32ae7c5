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

export interface User {
  id: number;
  email: string;
  name: string;
  role: Role;
  locale: Locale;
  organization: OrgRef | null;
  disabled: boolean;
  created_at: string;
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
  counts: { countries: number; cities: number; organizations: number; users: number };
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
}
