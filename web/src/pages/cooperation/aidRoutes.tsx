// The pages of the aid shipments and the delegations of specialists, for
// App's router: readers (partners, staff, admins) only, as the API.

import type { JSX } from 'preact';
import { ForbiddenPage } from '../Status';
import { DelegationPage, DelegationsPage } from './Delegations';
import { ShipmentPage, ShipmentsPage } from './Shipments';

/** The page for path, or null when the path is not one of these. */
export function aidRoute(path: string, reader: boolean): JSX.Element | null {
  const m = /^\/(shipments|delegations)(?:\/(\d+))?$/.exec(path);
  if (!m) return null;
  if (!reader) return <ForbiddenPage />;
  const id = m[2] ? Number(m[2]) : null;
  if (m[1] === 'shipments') return id ? <ShipmentPage key={id} id={id} /> : <ShipmentsPage />;
  return id ? <DelegationPage key={id} id={id} /> : <DelegationsPage />;
}
