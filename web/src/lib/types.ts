// Shapes of the objects the pobratim HTTP API returns: those the contract describes come from it
// (lib/contract.ts, made by tools/contract.mjs from contract/*.json); here, what the UI adds.

export type {
  Locale,
  Role,
  StaffUser,
  User,
  MailStatus,
  OutboxMessage,
  OutboxPage,
  Organization,
  Country,
  City,
  Session,
  Dashboard,
  FieldError,
  PartnershipKind,
  PartnershipStatus,
  PartnerCity,
  StatusChange,
  Partnership,
  PartnershipSummary,
  NetworkNode,
  Network,
  Person,
  AgreementKind,
  Agreement,
} from './contract';
import type { OrganizationKind, PartnershipKind, PartnershipStatus, Problem as ServerProblem } from './contract';

export { ROLE as ROLES, ORGANIZATION_KIND as ORG_KINDS, PARTNERSHIP_KIND as PARTNERSHIP_KINDS,
  PARTNERSHIP_STATUS as PARTNERSHIP_STATUSES } from './contract';

export type OrgKind = OrganizationKind;

/** Anything that carries a name in both languages; many places have no Russian name (null). */
export interface Named {
  name_ru: string | null;
  name_en: string;
}

/**
 * A problem as the UI holds it: the server's (the contract's Problem), or one the UI makes
 * itself, without type and title (code "network" when the server was not reached).
 */
export type Problem = Omit<ServerProblem, 'type' | 'title' | 'code'> & { type?: string; title?: string; code: string };

export interface CityRef extends Named {
  id: number;
  country_code: string;
  country_name_ru?: string | null;
  country_name_en?: string | null;
}

export interface OrgRef extends Named {
  id: number;
  city?: CityRef | null;
}

export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

// --- partners registry ---

export interface GroupCount {
  key: string;
  count: number;
  name_en?: string;
  name_ru?: string;
}

export interface NetworkEdge {
  id: number;
  a: number;
  b: number;
  kind: PartnershipKind;
  status: PartnershipStatus;
}

