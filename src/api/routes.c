/*
 * routes: the route table — every route says who may call it — and the
 * dispatch that runs before each handler: resolve the caller from the session
 * cookie, refuse the roles the route does not allow (401 anonymous, 403
 * otherwise), and refuse unsafe requests that fail the CSRF checks.
 */
#include "api.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "../base/metrics.h"
#include "../base/vcard.h"

/* An agreement's scanned file: 10 MiB (PUT /agreements/{id}/file) */
#define AGREEMENT_FILE_MAX	(10u << 20)

/*
 * The table, made by tools/contract.mjs from contract/<resource>.json: a route
 * whose max_body is 0 takes the server's default body ceiling; a cached one
 * is a read whose reply depends only on the caller, the request and the data
 * (cache.c). The most literal paths come first: the router takes the first
 * that matches.
 */
const struct http_route api_routes[] = {
#define API_ROUTE(method, pattern, handler, roles, max_body, cached)	\
	{ method, pattern, handler, roles, max_body, cached },
#include "routes.inc"
#undef API_ROUTE
};
const size_t api_nroutes = sizeof(api_routes) / sizeof(api_routes[0]);

/*
 * Every JSON body's check table, for the fuzz driver tests/fuzz/json_bodies.c
 * (tests/unit/api/bodies_test.c fails when a table of src/api is missing):
 * the request bodies made from the contract (bodies.c) and the WebSocket
 * messages' (ws_router.c, rooms.c).
 */
const struct api_body *const api_bodies[] = {
	API_CONTRACT_BODIES,
};
const size_t api_nbodies = sizeof(api_bodies) / sizeof(api_bodies[0]);

json_t *
api_roles_json(unsigned bits)
{
	static const struct {
		unsigned	 bit;
		const char	*name;
	} names[] = {
		{ ROLE_CORRESPONDENT, "correspondent" }, { ROLE_PARTNER, "partner" },
		{ ROLE_STAFF, "staff" }, { ROLE_ADMIN, "admin" },
	};
	json_t	*r = json_array();

	if (bits == ROLES_ANY)
		json_array_append_new(r, json_string("public"));
	else if (bits == ROLES_SIGNED_IN)
		json_array_append_new(r, json_string("signed-in"));
	else
		for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
			if (bits & names[i].bit)
				json_array_append_new(r, json_string(names[i].name));
	return r;
}

json_t *
api_routes_json(void)
{
	json_t	*list = json_array();
	char	 path[256];

	for (size_t i = 0; i < api_nroutes; i++) {
		json_t	*r;

		snprintf(path, sizeof(path), API_PREFIX "%s", api_routes[i].pattern);
		r = json_pack("{s:s, s:s, s:o}", "method", http_method_name(api_routes[i].method),
		    "path", path, "roles", api_roles_json(api_routes[i].roles));
		/* an upload's own ceiling: a reverse proxy in front must let it through */
		if (r != NULL && api_routes[i].max_body != 0)
			json_object_set_new(r, "max_body", json_integer((json_int_t)api_routes[i].max_body));
		json_array_append_new(list, r);
	}
	return list;
}

static bool
unsafe(const struct http_request *req)
{
	return req->method & (HTTP_POST | HTTP_PUT | HTTP_PATCH | HTTP_DELETE);
}

static bool
csrf_ok(const struct http_request *req, const struct api_caller *c)
{
	size_t	n;

	if (!api_same_origin(req->origin, req->host, api_settings(req)->public_url))
		return false;
	if (c->role == ROLE_PUBLIC)
		return true;	/* no cookie, nothing to ride on */
	n = strlen(c->session.csrf_token);
	return req->csrf_token != NULL && strlen(req->csrf_token) == n &&
	    sodium_memcmp(req->csrf_token, c->session.csrf_token, n) == 0;
}

/*
 * The handler, or the reply it made before for the same caller and data.
 * seen: db_writes_seen() before dispatch, whose reads (the session) are noted
 * with the handler's.
 */
static int
handle(struct http_request *req, uint64_t seen)
{
	struct api_caller *c;
	struct db_reads	 reads;
	const char	*key;
	size_t		 first = req->nreply_headers;
	bool		 signed_in;
	int		 rc;

	if (!req->route->cached)
		return req->route->handler(req);
	c = api_caller(req);
	signed_in = c->role != ROLE_PUBLIC;
	key = api_cache_key(req, signed_in ? c->token_hash : NULL);
	if (api_cache_serve(req, key)) {
		db_reads_end(api_db(req), NULL);
		metrics_count(METRIC_KEPT_HITS);
		return 0;
	}
	if (key != NULL)
		metrics_count(METRIC_KEPT_MISSES);
	rc = req->route->handler(req);
	db_reads_end(api_db(req), &reads);
	api_cache_keep(req, seen, &reads, key, first, signed_in ? c->session.expires_at : NULL);
	http_header(req, "X-Cache", "miss");
	return rc;
}

/*
 * On the service thread: the kept reply of a cached route for this session
 * (or for anonymous callers), without looking the session up: the reply was
 * kept for it after dispatch had admitted it, and any change to the session,
 * its user or its role is a write to a table it read, which ends it.
 * Anything else (a miss, a refusal to explain, an unsafe method) goes to a
 * worker and api_dispatch.
 */
bool
api_answer_now(struct http_request *req)
{
	const char	*key;

	if (!req->route->cached || req->method != HTTP_GET)
		return false;
	key = api_cache_key(req, api_cookie_token_hash(&req->arena, req->cookie));
	if (key == NULL)
		return false;
	(void)db_writes_seen(api_db(req));	/* other processes' writes */
	if (!api_cache_serve(req, key))
		return false;	/* a miss is counted by the worker's dispatch, once */
	metrics_count(METRIC_KEPT_HITS);
	return true;
}

/* Resolves the caller and refuses what it may not do; -1 after answering. */
static int
admit(struct http_request *req, struct api_caller *c)
{
	if (api_session_resolve(req, c) == -1) {
		api_reply_db_error(req, "resolving the session");
		return -1;
	}
	if (!(req->route->roles & c->role)) {
		if (c->role == ROLE_PUBLIC)
			api_problem(req, 401, "unauthenticated", "sign in first");
		else
			api_problem(req, 403, "forbidden", "your role may not do this");
		return -1;
	}
	if (unsafe(req) && !csrf_ok(req, c)) {
		api_problem(req, 403, "csrf_failed",
		    "missing or wrong X-CSRF-Token, or a cross-site request");
		return -1;
	}
	return 0;
}

int
api_dispatch(struct http_request *req)
{
	struct api_caller	*c = arena_alloc(&req->arena, sizeof(*c));
	uint64_t		 seen = 0;

	req->app = c;
	if (req->route->cached) {	/* what the reply is made from, the caller included */
		seen = db_writes_seen(api_db(req));
		db_reads_begin(api_db(req));
	}
	if (admit(req, c) == -1) {
		if (req->route->cached)
			db_reads_end(api_db(req), NULL);
		return -1;
	}
	return handle(req, seen);
}
