// Who may open what, by the server's own route table: the roles of each
// route come from the contract (contract/*.json, made into ./contract.ts by
// tools/contract.mjs), so a page or a menu item is shown to exactly those
// whom the route it loads would answer, and naming a route the server does
// not have fails the type check.

import { ROUTE_ROLES, type Role, type Route } from './contract';

export type { Role, Route };

/** Whether a user of `role` (null or undefined: signed out) may call `route`. */
export function may(role: string | null | undefined, route: Route): boolean {
  const roles: readonly string[] = ROUTE_ROLES[route];
  if (roles[0] === 'public') return true;
  if (!role) return false;
  return roles[0] === 'signed-in' || roles.includes(role);
}
