// The route table of the contract (contract/*.json, read by tools/contract.mjs),
// relative to /api/v1. roles: who may call the route. "public" = anyone,
// "signed-in" = any role, otherwise the list of roles. route-table.test.mjs
// checks that the server's compiled table (`pobratim routes`) is this list,
// openapi-doc.test.mjs that docs/api/openapi.json is the document it makes.

import { load } from '../../../tools/contract.mjs';

export const API = '/api/v1';

export const ROUTES = load().routes.map((r) => ({ method: r.method, path: r.path, roles: r.roles }));

export const routeKey = (r) => `${r.method} ${r.path}`;

// Whether a signed-in user of `role` may call route r (role undefined = anonymous).
export function allowed(r, role) {
	if (r.roles.includes('public'))
		return true;
	if (role === undefined)
		return false;
	return r.roles.includes('signed-in') || r.roles.includes(role);
}
