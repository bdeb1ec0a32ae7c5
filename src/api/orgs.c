/*
 * orgs: organizations. Any signed-in user reads them; admins manage them.
 */
#include "api.h"

#include <string.h>

#include "../base/text.h"

bool
api_org_kind_valid(const char *s)
{
	return api_in_list(api_organization_kind_values, s);
}

int
api_orgs_list(struct http_request *req)
{
	struct db_org_filter	 f = { 0 };
	struct api_page		 page;
	struct db_org		*items;
	const char		*city = http_query(req, "city_id");
	size_t			 n;
	json_t			*list;
	bool			 more;

	if (api_require_page(req, &page) == -1)
		return -1;
	f.q = api_query_folded(req, "q");
	f.kind = http_query(req, "kind");
	if ((f.kind != NULL && !api_org_kind_valid(f.kind)) ||
	    (city != NULL && text_int(city, 1, INT64_MAX, &f.city_id) == -1)) {
		api_reply_bad_param(req, f.kind != NULL && !api_org_kind_valid(f.kind) ? "kind" : "city_id",
		    "invalid", "is not a valid filter value");
		return -1;
	}
	f.after_id = page.a;
	f.limit = page.limit + 1;
	if (db_org_list(api_db(req), &req->arena, &f, &items, &n) != DB_OK) {
		api_reply_db_error(req, "listing organizations");
		return -1;
	}
	more = n > (size_t)page.limit;
	list = json_array();
	for (size_t i = 0; i < n && i < (size_t)page.limit; i++)
		json_array_append_new(list, api_org_json(&items[i]));
	api_reply_json(req, 200, api_page_json(list, more, more ? items[page.limit - 1].id : 0, 0));
	return 0;
}

/* Reads the organization back and answers with it. */
static int
reply_org(struct http_request *req, int status, int64_t id)
{
	struct db_org	o;
	int		rc = db_org_get(api_db(req), &req->arena, id, &o);

	if (rc == DB_NOTFOUND) {
		api_problem(req, 404, "not_found", "no such organization");
		return -1;
	}
	if (rc != DB_OK) {
		api_reply_db_error(req, "reading an organization");
		return -1;
	}
	api_reply_json(req, status, api_org_json(&o));
	return 0;
}

/* Copies the members present in body onto o. */
static void
org_from_json(json_t *body, struct db_org *o)
{
	json_t	*v;

	api_org_columns_from(body, o);
	if ((v = json_object_get(body, "city_id")) != NULL)
		o->city_id = json_integer_value(v);
}

static void
reply_unknown_city(struct http_request *req)
{
	api_reply_bad_param(req, "city_id", "not_found", "no such city");
}

int
api_org_create(struct http_request *req)
{
	json_t		*body = api_require_body(req, &api_organization_create_body, false);
	struct db_org	 o = { 0 };
	int64_t		 id;
	int		 rc;

	if (body == NULL)
		return -1;
	org_from_json(body, &o);
	rc = db_org_insert(api_db(req), &o, &id);
	if (rc == DB_INVALID) {
		reply_unknown_city(req);
		return -1;
	}
	if (rc != DB_OK) {
		api_reply_db_error(req, "creating an organization");
		return -1;
	}
	http_header(req, "location", arena_printf(&req->arena, API_PREFIX "/organizations/%lld",
	    (long long)id));
	return reply_org(req, 201, id);
}

int
api_org_get(struct http_request *req)
{
	int64_t	id;

	if (api_require_id(req, 0, &id) == -1)
		return -1;
	return reply_org(req, 200, id);
}

int
api_org_patch(struct http_request *req)
{
	json_t		*body;
	struct db_org	 o;
	int64_t		 id;
	int		 rc;

	if (api_require_id(req, 0, &id) == -1)
		return -1;
	if ((body = api_require_body(req, &api_organization_create_body, true)) == NULL)
		return -1;
	rc = db_org_get(api_db(req), &req->arena, id, &o);
	if (rc == DB_NOTFOUND) {
		api_problem(req, 404, "not_found", "no such organization");
		return -1;
	}
	if (rc == DB_OK) {
		org_from_json(body, &o);
		rc = db_org_update(api_db(req), &o);
	}
	if (rc == DB_INVALID) {
		reply_unknown_city(req);
		return -1;
	}
	if (rc != DB_OK) {
		api_reply_db_error(req, "updating an organization");
		return -1;
	}
	/* its people's meetings follow its city: every open connection re-checks */
	api_rights_bump_all();
	return reply_org(req, 200, id);
}

int
api_org_delete(struct http_request *req)
{
	int64_t	id;
	int	rc;

	if (api_require_id(req, 0, &id) == -1)
		return -1;
	rc = db_org_delete(api_db(req), id);
	switch (rc) {
	case DB_OK:
		http_reply_empty(req, 204);
		return 0;
	case DB_NOTFOUND:
		api_problem(req, 404, "not_found", "no such organization");
		return -1;
	case DB_CONFLICT:
		api_problem(req, 409, "conflict",
		    "users or other records still belong to this organization");
		return -1;
	default:
		api_reply_db_error(req, "deleting an organization");
		return -1;
	}
}
