/*
 * facts: what the sources state that has no other place (issue 15).
 * GET /meetings/{id}/quotes — the direct speech of a meeting, to those who
 * may see the meeting; GET /events/{id}/quotes — of an event, to those who
 * may see the event; GET /cities/{id}/figures — what a city states about
 * itself (Moscow: relations with 135 cities), for anyone, as stated and
 * dated; GET /practices/{id}/regions — the countries and regions said to
 * study a practice, for anyone (practices are public); GET /city-regions —
 * the regions sources name for cities where they would name the country
 * ("Сухум (Абхазия)"), for anyone.
 */
#include "api.h"

static int
reply_quotes(struct http_request *req, int64_t meeting_id, int64_t event_id)
{
	struct db_quote	*q;
	size_t		 n;
	json_t		*list;

	if (db_quote_list(api_db(req), &req->arena, meeting_id, event_id, &q, &n) != DB_OK) {
		api_reply_db_error(req, "listing quotes");
		return -1;
	}
	list = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t	*o = json_pack("{s:I}", "id", (json_int_t)q[i].id);

		api_quote_columns_json(o, &q[i]);
		json_array_append_new(list, o);
	}
	api_reply_json(req, 200, json_pack("{s:o}", "items", list));
	return 0;
}

int
api_meeting_quotes(struct http_request *req)
{
	struct db_meeting	m;
	int64_t			id;

	if (api_require_id(req, 0, &id) == -1 || meeting_require(req, id, &m) == -1)
		return -1;
	return reply_quotes(req, id, 0);
}

int
api_event_quotes(struct http_request *req)
{
	struct db_event	e;
	int64_t		id;
	int		rc;

	if (api_require_id(req, 0, &id) == -1)
		return -1;
	rc = db_event_get(api_db(req), &req->arena, id, &e);
	if (rc == DB_NOTFOUND || (rc == DB_OK && !api_event_visible(req, &e))) {
		api_problem(req, 404, "not_found", "no such event");
		return -1;
	}
	if (rc != DB_OK) {
		api_reply_db_error(req, "reading an event");
		return -1;
	}
	return reply_quotes(req, 0, id);
}

int
api_city_figures(struct http_request *req)
{
	struct db_city_figure	*f;
	struct db_city		 c;
	int64_t			 id;
	size_t			 n;
	json_t			*list;
	int			 rc;

	if (api_require_id(req, 0, &id) == -1)
		return -1;
	if ((rc = db_city_get(api_db(req), &req->arena, id, &c)) == DB_NOTFOUND) {
		api_problem(req, 404, "not_found", "no such city");
		return -1;
	}
	if (rc != DB_OK || db_city_figure_list(api_db(req), &req->arena, id, &f, &n) != DB_OK) {
		api_reply_db_error(req, "listing a city's figures");
		return -1;
	}
	list = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t	*o = json_object();

		api_city_figure_columns_json(o, &f[i]);
		json_array_append_new(list, o);
	}
	api_reply_json(req, 200, json_pack("{s:o}", "items", list));
	return 0;
}

int
api_practice_regions(struct http_request *req)
{
	struct db_practice_region	*r;
	struct db_practice		 p;
	int64_t				 id;
	size_t				 n;
	json_t				*list;
	int				 rc;

	if (api_require_id(req, 0, &id) == -1)
		return -1;
	if ((rc = db_practice_get(api_db(req), &req->arena, id, &p)) == DB_NOTFOUND) {
		api_problem(req, 404, "not_found", "no such practice");
		return -1;
	}
	if (rc != DB_OK || db_practice_region_list(api_db(req), &req->arena, id, &r, &n) != DB_OK) {
		api_reply_db_error(req, "listing a practice's regions");
		return -1;
	}
	list = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t	*o = json_pack("{s:o, s:o}",
		    "country_name_ru", api_str_or_null(r[i].country_ru),
		    "country_name_en", api_str_or_null(r[i].country_en));

		api_practice_region_columns_json(o, &r[i]);
		json_array_append_new(list, o);
	}
	api_reply_json(req, 200, json_pack("{s:o}", "items", list));
	return 0;
}

int
api_city_regions(struct http_request *req)
{
	struct db_city_region	*r;
	size_t			 n;
	json_t			*list;

	if (db_city_region_list(api_db(req), &req->arena, &r, &n) != DB_OK) {
		api_reply_db_error(req, "listing the regions as written");
		return -1;
	}
	list = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t	*o = json_pack("{s:I}", "city_id", (json_int_t)r[i].city_id);

		api_city_region_columns_json(o, &r[i]);
		json_array_append_new(list, o);
	}
	api_reply_json(req, 200, json_pack("{s:o}", "items", list));
	return 0;
}
