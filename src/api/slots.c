/*
 * slots: the slot finder (POST /meetings/slots) and the working hours of a
 * city it reads. The ranking itself is src/cal/slots.c; here: input checks,
 * each city's zone, hours and weekend, and the reply.
 */
#include "api.h"

#include <string.h>
#include <time.h>

#include "../base/text.h"
#include "../cal/cal.h"

#define MAX_RANGE_DAYS	31
#define MAX_CANDIDATES	48
#define SCAN_CANDIDATES	240	/* ranked before keeping one per time of day */

static json_t *
weekend_json(unsigned mask)
{
	static const char *const days[] = { "sun", "mon", "tue", "wed", "thu", "fri", "sat" };
	json_t	*a = json_array();

	for (int d = 0; d < 7; d++)
		if (mask & (1u << d))
			json_array_append_new(a, json_string(days[d]));
	return a;
}

static json_t *
local_text(const struct cal_local *l)
{
	return json_sprintf("%04d-%02d-%02dT%02d:%02d", l->year, l->month, l->day, l->hour,
	    l->minute);
}

static json_t *
slot_json(const struct cal_slot *s, const struct db_city *cities, size_t n, int duration)
{
	char	 a[TEXT_TIME_LEN], b[TEXT_TIME_LEN];
	json_t	*list = json_array();

	text_time(s->start, a);
	text_time(s->start + duration * 60, b);
	for (size_t i = 0; i < n; i++) {
		const struct cal_burden *c = &s->city[i];

		json_array_append_new(list, json_pack("{s:I, s:o, s:o, s:i, s:i, s:i, s:i}",
		    "city_id", (json_int_t)cities[i].id, "local_start", local_text(&c->start),
		    "local_end", local_text(&c->end), "utc_offset", c->start.offset / 60,
		    "outside_minutes", c->outside, "weekend_minutes", c->weekend,
		    "reach_minutes", c->reach));
	}
	return json_pack("{s:s, s:s, s:b, s:i, s:i, s:o}", "start", a, "end", b,
	    "perfect", s->worst == 0, "outside_minutes", s->total, "worst_reach_minutes",
	    s->worst, "cities", list);
}

/*
 * Keeps, in rank order, the best slot of each time of day: five days at
 * 14:30 are one proposal, not five. Returns the new count.
 */
static size_t
distinct_times(struct cal_slot *s, size_t n)
{
	size_t	k = 0;

	for (size_t i = 0; i < n; i++) {
		bool	seen = false;

		for (size_t j = 0; j < k && !seen; j++)
			seen = s[j].start % 86400 == s[i].start % 86400;
		if (!seen)
			s[k++] = s[i];
	}
	return k;
}

/* The query's cities: each id looked up, with hours and weekend. */
static int
load_cities(struct http_request *req, json_t *ids, struct db_city *cities,
    struct cal_city *cc, json_t *errors)
{
	json_t	*v;
	size_t	 i;

	json_array_foreach(ids, i, v) {
		int	rc, ws, we;

		if (!json_is_integer(v) || json_integer_value(v) < 1) {
			jv_error_add(errors, arena_printf(&req->arena, "city_ids[%zu]", i), "type",
			    "must be a city id");
			continue;
		}
		rc = db_city_get(api_db(req), &req->arena, json_integer_value(v), &cities[i]);
		if (rc == DB_OK)
			rc = db_city_hours_get(api_db(req), cities[i].id, &ws, &we);
		if (rc == DB_NOTFOUND) {
			jv_error_add(errors, arena_printf(&req->arena, "city_ids[%zu]", i),
			    "not_found", "no such city");
			continue;
		}
		if (rc != DB_OK)
			return -1;
		cc[i].tzid = cities[i].timezone;
		cc[i].work_start = ws;
		cc[i].work_end = we;
		cc[i].weekend = cal_weekend_mask(cities[i].country_code);
	}
	return 0;
}

int
api_meeting_slots(struct http_request *req)
{
	json_t			*body = api_require_body(req, &api_slot_query_body, false);
	struct db_city		 cities[CAL_MAX_CITIES];
	struct cal_city		 cc[CAL_MAX_CITIES];
	struct cal_slot		*cand;
	struct cal_slot_query	 q = { .cities = cc, .step = 30 };
	json_t			*errors, *list, *rot, *info;
	size_t			 n, count = 1, limit = 10, pick[52];

	if (body == NULL)
		return -1;
	errors = json_array();
	q.ncities = json_array_size(json_object_get(body, "city_ids"));
	q.duration = json_integer_value(json_object_get(body, "duration"));
	if (json_object_get(body, "count") != NULL)
		count = json_integer_value(json_object_get(body, "count"));
	if (json_object_get(body, "limit") != NULL)
		limit = json_integer_value(json_object_get(body, "limit"));
	if (text_time_parse(jv_str(body, "from"), &q.from) == -1)
		jv_error_add(errors, "from", "invalid_time", "is not an RFC 3339 UTC time or a date");
	if (text_time_parse(jv_str(body, "to"), &q.to) == -1)
		jv_error_add(errors, "to", "invalid_time", "is not an RFC 3339 UTC time or a date");
	else if (json_array_size(errors) == 0 && q.to <= q.from)
		jv_error_add(errors, "to", "end_before_start", "must be after from");
	else if (json_array_size(errors) == 0 && q.to - q.from > MAX_RANGE_DAYS * 86400)
		jv_error_add(errors, "to", "range_too_long", "the range is at most 31 days");
	if (load_cities(req, json_object_get(body, "city_ids"), cities, cc, errors) == -1) {
		json_decref(errors);
		api_reply_db_error(req, "reading cities");
		return -1;
	}
	if (json_array_size(errors) > 0) {
		api_reply_invalid(req, errors);
		return -1;
	}
	json_decref(errors);
	q.limit = SCAN_CANDIDATES;
	cand = arena_alloc(&req->arena, q.limit * sizeof(*cand));
	n = distinct_times(cand, cal_slots_find(&q, cand));
	if (n > MAX_CANDIDATES)
		n = MAX_CANDIDATES;
	list = json_array();
	for (size_t i = 0; i < n && i < limit; i++)
		json_array_append_new(list, slot_json(&cand[i], cities, q.ncities, q.duration));
	rot = json_null();
	if (count > 1 && n > 0) {
		/* weekly occurrences from each pick, re-read so DST is honoured */
		rot = json_array();
		cal_slots_rotate(cand, n, q.ncities, count, pick);
		for (size_t k = 0; k < count; k++) {
			struct cal_slot	s;

			cal_slot_eval(&q, cand[pick[k]].start + (time_t)k * 7 * 86400, &s);
			json_array_append_new(rot, slot_json(&s, cities, q.ncities, q.duration));
		}
	}
	info = json_array();
	for (size_t i = 0; i < q.ncities; i++)
		json_array_append_new(info, json_pack("{s:I, s:s?, s:s?, s:s, s:s, s:i, s:i, s:o}",
		    "id", (json_int_t)cities[i].id, "name_ru", cities[i].name_ru,
		    "name_en", cities[i].name_en, "country_code", cities[i].country_code,
		    "timezone", cities[i].timezone, "work_start", cc[i].work_start,
		    "work_end", cc[i].work_end, "weekend", weekend_json(cc[i].weekend)));
	api_reply_json(req, 200, json_pack("{s:o, s:o, s:o, s:b}", "cities", info, "slots", list,
	    "rotation", rot, "perfect_possible", n > 0 && cand[0].worst == 0));
	return 0;
}

static int
reply_hours(struct http_request *req, int64_t id)
{
	struct db_city	c;
	int		ws, we, rc = db_city_get(api_db(req), &req->arena, id, &c);

	if (rc == DB_OK)
		rc = db_city_hours_get(api_db(req), id, &ws, &we);
	if (rc == DB_NOTFOUND) {
		api_problem(req, 404, "not_found", "no such city");
		return -1;
	}
	if (rc != DB_OK) {
		api_reply_db_error(req, "reading working hours");
		return -1;
	}
	api_reply_json(req, 200, json_pack("{s:I, s:s, s:s, s:i, s:i, s:o}",
	    "city_id", (json_int_t)id, "timezone", c.timezone, "country_code", c.country_code,
	    "work_start", ws, "work_end", we,
	    "weekend", weekend_json(cal_weekend_mask(c.country_code))));
	return 0;
}

int
api_city_hours_get(struct http_request *req)
{
	int64_t	id;

	if (api_require_id(req, 0, &id) == -1)
		return -1;
	return reply_hours(req, id);
}

int
api_city_hours_put(struct http_request *req)
{
	json_t	*body;
	int64_t	 id;
	int	 ws, we, rc;

	if (api_require_id(req, 0, &id) == -1)
		return -1;
	if ((body = api_require_body(req, &api_working_hours_input_body, false)) == NULL)
		return -1;
	ws = json_integer_value(json_object_get(body, "work_start"));
	we = json_integer_value(json_object_get(body, "work_end"));
	if (we <= ws) {
		api_reply_bad_param(req, "work_end", "end_before_start", "must be after work_start");
		return -1;
	}
	rc = db_city_hours_put(api_db(req), id, ws, we);
	if (rc == DB_INVALID) {
		api_problem(req, 404, "not_found", "no such city");
		return -1;
	}
	if (rc != DB_OK) {
		api_reply_db_error(req, "saving working hours");
		return -1;
	}
	return reply_hours(req, id);
}
