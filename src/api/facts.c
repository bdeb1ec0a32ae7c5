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
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, json_pack("{s:I, s:s, s:s, s:s?, s:s?, s:s, s:s, s:s?,"
		    " s:s?}", "id", (json_int_t)q[i].id, "speaker_ru", q[i].speaker_ru,
		    "speaker_en", q[i].speaker_en, "post_ru", q[i].post_ru, "post_en", q[i].post_en,
		    "text_ru", q[i].text_ru, "text_en", q[i].text_en, "said_on", q[i].said_on,
		    "source_url", q[i].source_url));
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
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, json_pack("{s:s, s:I, s:s, s:s, s:s, s:s, s:s, s:s?, s:s?,"
		    " s:s?}", "indicator", f[i].indicator, "value", (json_int_t)f[i].value,
		    "as_of", f[i].as_of, "label_ru", f[i].label_ru, "label_en", f[i].label_en,
		    "stated_by_ru", f[i].stated_by_ru, "stated_by_en", f[i].stated_by_en,
		    "quote_ru", f[i].quote_ru, "quote_en", f[i].quote_en,
		    "source_url", f[i].source_url));
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
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, json_pack("{s:s?, s:s?, s:s?, s:s?, s:s?, s:s?, s:s?, s:s?,"
		    " s:s?}", "country_code", r[i].country_code, "country_name_ru", r[i].country_ru,
		    "country_name_en", r[i].country_en, "region_ru", r[i].region_ru,
		    "region_en", r[i].region_en, "note_ru", r[i].note_ru, "note_en", r[i].note_en,
		    "stated_on", r[i].stated_on, "source_url", r[i].source_url));
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
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, json_pack("{s:I, s:s, s:s, s:s?}", "city_id",
		    (json_int_t)r[i].city_id, "region_ru", r[i].region_ru, "region_en", r[i].region_en,
		    "source_url", r[i].source_url));
	api_reply_json(req, 200, json_pack("{s:o}", "items", list));
	return 0;
}
