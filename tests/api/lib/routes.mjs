// The route table of the contract (/tmp/brief/contract.md, "Routes"), relative to /api/v1.
// roles: who may call the route. "public" = anyone, "signed-in" = any role,
// otherwise the list of roles. Tests check that docs/api/openapi.json and the
// server's route table (src/api/routes.c) mirror this list.

export const API = '/api/v1';

export const ROLES = ['admin', 'staff', 'partner', 'correspondent'];

export const ROUTES = [
	{ method: 'GET', path: '/health', roles: ['public'] },
	{ method: 'GET', path: '/openapi.json', roles: ['public'] },
	{ method: 'POST', path: '/session', roles: ['public'] },
	{ method: 'DELETE', path: '/session', roles: ['signed-in'] },
	{ method: 'GET', path: '/me', roles: ['signed-in'] },
	{ method: 'PATCH', path: '/me', roles: ['signed-in'] },
	{ method: 'GET', path: '/dashboard', roles: ['signed-in'] },
	{ method: 'GET', path: '/countries', roles: ['public'] },
	{ method: 'GET', path: '/cities', roles: ['public'] },
	{ method: 'GET', path: '/cities/{id}', roles: ['public'] },
	{ method: 'GET', path: '/organizations', roles: ['signed-in'] },
	{ method: 'POST', path: '/organizations', roles: ['staff', 'admin'] },
	{ method: 'GET', path: '/organizations/{id}', roles: ['signed-in'] },
	{ method: 'PATCH', path: '/organizations/{id}', roles: ['staff', 'admin'] },
	{ method: 'DELETE', path: '/organizations/{id}', roles: ['admin'] },
	{ method: 'GET', path: '/users', roles: ['admin'] },
	{ method: 'POST', path: '/users', roles: ['admin'] },
	{ method: 'GET', path: '/users/{id}', roles: ['admin'] },
	{ method: 'PATCH', path: '/users/{id}', roles: ['admin'] },
	{ method: 'DELETE', path: '/users/{id}', roles: ['admin'] },
	{ method: 'GET', path: '/cities/{id}/working-hours', roles: ['signed-in'] },
	{ method: 'PUT', path: '/cities/{id}/working-hours', roles: ['staff', 'admin'] },
	{ method: 'GET', path: '/meetings', roles: ['signed-in'] },
	{ method: 'POST', path: '/meetings', roles: ['staff', 'admin'] },
	{ method: 'POST', path: '/meetings/slots', roles: ['signed-in'] },
	{ method: 'GET', path: '/meetings/{id}.ics', roles: ['signed-in'] },
	{ method: 'GET', path: '/meetings/{id}', roles: ['signed-in'] },
	{ method: 'PATCH', path: '/meetings/{id}', roles: ['staff', 'admin'] },
	{ method: 'DELETE', path: '/meetings/{id}', roles: ['staff', 'admin'] },
	{ method: 'POST', path: '/meetings/{id}/actions', roles: ['staff', 'admin'] },
	{ method: 'POST', path: '/meetings/{id}/guest-links', roles: ['staff', 'admin'] },
	{ method: 'GET', path: '/meetings/{id}/attendance', roles: ['signed-in'] },
	{ method: 'GET', path: '/actions', roles: ['signed-in'] },
	{ method: 'PATCH', path: '/actions/{id}', roles: ['staff', 'admin', 'partner'] },
	{ method: 'GET', path: '/me/calendar-feed', roles: ['signed-in'] },
	{ method: 'POST', path: '/me/calendar-feed', roles: ['signed-in'] },
	{ method: 'DELETE', path: '/me/calendar-feed', roles: ['signed-in'] },
	{ method: 'GET', path: '/calendar/{token}.ics', roles: ['public'] },
	{ method: 'GET', path: '/people', roles: ['partner', 'staff', 'admin'] },
	{ method: 'POST', path: '/people', roles: ['staff', 'admin'] },
	{ method: 'GET', path: '/people/{id}', roles: ['partner', 'staff', 'admin'] },
	{ method: 'PATCH', path: '/people/{id}', roles: ['staff', 'admin'] },
	{ method: 'DELETE', path: '/people/{id}', roles: ['staff', 'admin'] },
	{ method: 'GET', path: '/partner-cities', roles: ['public'] },
	{ method: 'GET', path: '/partnerships', roles: ['partner', 'staff', 'admin'] },
	{ method: 'POST', path: '/partnerships', roles: ['staff', 'admin'] },
	{ method: 'GET', path: '/partnerships.csv', roles: ['staff', 'admin'] },
	{ method: 'POST', path: '/partnerships.csv', roles: ['staff', 'admin'] },
	{ method: 'GET', path: '/partnerships/summary', roles: ['partner', 'staff', 'admin'] },
	{ method: 'GET', path: '/partnerships/{id}', roles: ['partner', 'staff', 'admin'] },
	{ method: 'PATCH', path: '/partnerships/{id}', roles: ['staff', 'admin'] },
	{ method: 'DELETE', path: '/partnerships/{id}', roles: ['staff', 'admin'] },
	{ method: 'GET', path: '/network', roles: ['staff', 'admin'] },
	{ method: 'GET', path: '/agreements', roles: ['partner', 'staff', 'admin'] },
	{ method: 'POST', path: '/agreements', roles: ['staff', 'admin'] },
	{ method: 'GET', path: '/agreements/{id}', roles: ['partner', 'staff', 'admin'] },
	{ method: 'PATCH', path: '/agreements/{id}', roles: ['staff', 'admin'] },
	{ method: 'DELETE', path: '/agreements/{id}', roles: ['staff', 'admin'] },
	{ method: 'PUT', path: '/agreements/{id}/file', roles: ['staff', 'admin'] },
	{ method: 'GET', path: '/agreements/{id}/file', roles: ['partner', 'staff', 'admin'] },
];

export const routeKey = (r) => `${r.method} ${r.path}`;

// Whether a signed-in user of `role` may call route r (role undefined = anonymous).
export function allowed(r, role) {
	if (r.roles.includes('public'))
		return true;
	if (role === undefined)
		return false;
	return r.roles.includes('signed-in') || r.roles.includes(role);
}
