/*
 * meta: health, the OpenAPI document, and the dashboard summary.
 */
#include "api.h"

#include <string.h>

#include "../base/embed.h"

EMBED(openapi_json, "docs/api/openapi.json");

int
api_health(struct http_request *req)
{
	api_reply_json(req, 200, json_pack("{s:s, s:s, s:s}", "status", "ok",
	    "version", API_VERSION, "db", db_backend(api_db(req))));
	return 0;
}

int
api_openapi(struct http_request *req)
{
	http_header(req, "cache-control", "no-cache");
	http_reply(req, 200, "application/json", openapi_json,
	    (size_t)(openapi_json_end - openapi_json));
	return 0;
}

int
api_dashboard(struct http_request *req)
{
	struct api_caller	*c = api_caller(req);
	struct db		*db = api_db(req);
	struct db_counts	 counts;
	struct db_country_count	*by;
	struct db_org		 home;
	size_t			 n;
	json_t			*list, *totals;

	if (db_counts(db, &counts) != DB_OK ||
	    db_org_count_by_country(db, &req->arena, &by, &n) != DB_OK ||
	    db_org_get(db, &req->arena, c->user.org_id, &home) != DB_OK) {
		api_reply_db_error(req, "summing up the dashboard");
		return -1;
	}
	list = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, json_pack("{s:s, s:s, s:s, s:I}",
		    "country_code", by[i].country_code, "name_en", by[i].name_en,
		    "name_ru", by[i].name_ru, "count", (json_int_t)by[i].count));
	totals = json_pack("{s:I, s:I}", "organizations", (json_int_t)counts.organizations,
	    "users", (json_int_t)counts.users);
	/* the gazetteer's size is the platform's business: staff and admins only */
	if (c->role & (ROLE_STAFF | ROLE_ADMIN)) {
		json_object_set_new(totals, "countries", json_integer(counts.countries));
		json_object_set_new(totals, "cities", json_integer(counts.cities));
	}
	api_reply_json(req, 200, json_pack("{s:o, s:o, s:o}", "counts", totals,
	    "organizations_by_country", list, "home", api_org_json(&home)));
	return 0;
}
