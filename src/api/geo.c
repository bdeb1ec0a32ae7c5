/*
 * geo: the gazetteer, read-only and public.
 */
#include "api.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "../cal/cal.h"

/*
 * The countries never change while the server runs (migrate imports them),
 * so each worker encodes the list once and answers from its copy.
 */
int
api_countries_list(struct http_request *req)
{
	struct api_worker	*w = req->worker;
	struct db_country	*items;
	size_t			 n;
	json_t			*list, *body;

	if (w->countries_json == NULL) {
		if (db_country_list(api_db(req), &req->arena, &items, &n) != DB_OK) {
			api_reply_db_error(req, "listing countries");
			return -1;
		}
		list = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(list, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}",
			    "code", items[i].code, "code3", items[i].code3,
			    "numeric", items[i].numeric,
			    "name_en", items[i].name_en, "name_ru", items[i].name_ru,
			    "continent", items[i].continent));
		body = json_pack("{s:o}", "items", list);
		w->countries_json = body ? json_dumps(body, JSON_COMPACT) : NULL;
		json_decref(body);
		if (w->countries_json == NULL) {
			api_reply_db_error(req, "encoding countries");
			return -1;
		}
	}
	http_header(req, "cache-control", "public, max-age=3600");
	http_reply(req, 200, "application/json", w->countries_json, strlen(w->countries_json));
	return 0;
}

static bool
country_code_ok(const char *s)
{
	return strlen(s) == 2 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z';
}

int
api_cities_list(struct http_request *req)
{
	struct db_city_filter	 f = { 0 };
	struct api_page		 page;
	struct db_city		*items, *last;
	size_t			 n;
	json_t			*list;
	bool			 more;

	if (api_require_page(req, &page) == -1)
		return -1;
	f.q = api_query_folded(req, "q");
	f.country = http_query(req, "country");
	if (f.country != NULL && !country_code_ok(f.country)) {
		api_reply_bad_param(req, "country", "invalid", "must be an ISO 3166-1 alpha-2 code");
		return -1;
	}
	f.after_population = page.a;
	f.after_id = page.b;
	f.limit = page.limit + 1;	/* one more tells whether there is a next page */
	if (db_city_list(api_db(req), &req->arena, &f, &items, &n) != DB_OK) {
		api_reply_db_error(req, "listing cities");
		return -1;
	}
	more = n > (size_t)page.limit;
	list = json_array();
	for (size_t i = 0; i < n && i < (size_t)page.limit; i++)
		json_array_append_new(list, api_city_json(&items[i]));
	last = more ? &items[page.limit - 1] : NULL;
	api_reply_json(req, 200, api_page_json(list, more, last ? last->population : 0,
	    last ? last->id : 0));
	return 0;
}

int
api_city_get(struct http_request *req)
{
	struct db_city	c;
	int64_t		id;
	int		rc;

	if (api_require_id(req, 0, &id) == -1)
		return -1;
	rc = db_city_get(api_db(req), &req->arena, id, &c);
	if (rc == DB_NOTFOUND) {
		api_problem(req, 404, "not_found", "no such city");
		return -1;
	}
	if (rc != DB_OK) {
		api_reply_db_error(req, "reading a city");
		return -1;
	}
	api_reply_json(req, 200, api_city_json(&c));
	return 0;
}

/*
 * {"items": ["Africa/Abidjan", ...], "default": "Europe/Moscow"}: the IANA
 * zones an account may choose, and the installation's, encoded once.
 */
static char		*zones_json;
static pthread_mutex_t	 zones_mu = PTHREAD_MUTEX_INITIALIZER;

static char *
encode_zones(const char *installation)
{
	const char *const	*names;
	size_t			 n = cal_tz_names(&names);
	json_t			*list = json_array(), *body;
	char			*out;

	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, json_string(names[i]));
	body = json_pack("{s:o, s:s}", "items", list, "default", installation);
	out = body ? json_dumps(body, JSON_COMPACT) : NULL;
	json_decref(body);
	return out;
}

int
api_timezones_list(struct http_request *req)
{
	pthread_mutex_lock(&zones_mu);
	if (zones_json == NULL)
		zones_json = encode_zones(api_settings(req)->timezone);
	pthread_mutex_unlock(&zones_mu);
	if (zones_json == NULL) {
		api_reply_db_error(req, "encoding time zones");
		return -1;
	}
	http_header(req, "cache-control", "public, max-age=3600");
	http_reply(req, 200, "application/json", zones_json, strlen(zones_json));
	return 0;
}
