// The server's route table (`pobratim routes`, printed from src/api/routes.c)
// and the contract's list (lib/routes.mjs) name the same routes with the same
// roles. No server needed.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';

import { API, ROUTES, routeKey } from './lib/routes.mjs';
import { BIN } from './lib/server.mjs';

test('`pobratim routes` mirrors lib/routes.mjs', () => {
	const table = JSON.parse(execFileSync(BIN, ['routes'], { encoding: 'utf8' }));
	assert.ok(table.length > 0, 'no routes printed');
	const fromTable = new Map(table.map((r) => {
		assert.ok(r.path.startsWith(API + '/'), `${r.path} is under ${API}`);
		return [routeKey({ method: r.method, path: r.path.slice(API.length) }), [...r.roles].sort()];
	}));
	assert.equal(fromTable.size, table.length, 'a route twice in the table');
	const fromList = new Map(ROUTES.map((r) => [routeKey(r), [...r.roles].sort()]));
	assert.deepEqual([...fromTable.keys()].sort(), [...fromList.keys()].sort(), 'same routes');
	for (const [k, roles] of fromList)
		assert.deepEqual(fromTable.get(k), roles, `${k}: roles`);
});
