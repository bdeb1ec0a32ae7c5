// The server's route table (src/api/routes.c) and the contract's list
// (lib/routes.mjs) name the same routes with the same roles. No server needed.
// NEEDSWORK: read the table from the binary once it can print it.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

import { ROUTES, routeKey } from './lib/routes.mjs';
import { REPO } from './lib/server.mjs';

const TABLE = path.join(REPO, 'src', 'api', 'routes.c');

const BITS = {
	ROLE_PUBLIC: ['public'],
	ROLE_CORRESPONDENT: ['correspondent'],
	ROLE_PARTNER: ['partner'],
	ROLE_STAFF: ['staff'],
	ROLE_ADMIN: ['admin'],
	ROLES_SIGNED_IN: ['correspondent', 'partner', 'staff', 'admin'],
	ROLES_ANY: ['public', 'correspondent', 'partner', 'staff', 'admin'],
};

// The set of roles a contract entry stands for.
function expand(roles) {
	if (roles.includes('public'))
		return BITS.ROLES_ANY;
	if (roles.includes('signed-in'))
		return BITS.ROLES_SIGNED_IN;
	return roles;
}

function parseTable() {
	const src = fs.readFileSync(TABLE, 'utf8');
	const rows = [];
	const re = /\{\s*HTTP_(GET|POST|PUT|PATCH|DELETE)\s*,\s*"([^"]+)"\s*,\s*\w+\s*,\s*([A-Z_|\s]+?)\s*\}/g;
	for (const m of src.matchAll(re)) {
		const roles = new Set();
		for (const name of m[3].split('|').map((s) => s.trim())) {
			assert.ok(BITS[name], `unknown role macro ${name} in ${m[0]}`);
			BITS[name].forEach((r) => roles.add(r));
		}
		rows.push({ method: m[1], path: m[2], roles: [...roles].sort() });
	}
	return rows;
}

test('src/api/routes.c mirrors lib/routes.mjs', () => {
	assert.ok(fs.existsSync(TABLE), `${TABLE} missing`);
	const table = parseTable();
	assert.ok(table.length > 0, 'no routes parsed from the table');
	const fromTable = new Map(table.map((r) => [routeKey(r), r.roles]));
	assert.equal(fromTable.size, table.length, 'a route twice in the table');
	const fromList = new Map(ROUTES.map((r) => [routeKey(r), [...expand(r.roles)].sort()]));
	assert.deepEqual([...fromTable.keys()].sort(), [...fromList.keys()].sort(), 'same routes');
	for (const [k, roles] of fromList)
		assert.deepEqual(fromTable.get(k), roles, `${k}: roles`);
});
