/*
 * delegations: delegations of specialists to a city from another city (the
 * twelve doctors who flew from Harbin to Moscow in 2020) or, where no city is
 * named, from a country (the experts from China): the specialty and
 * purpose in both languages, the number of people and, when known, the
 * members with their roles, the dates or the year, a status and an optional
 * linked event. Read as shipments are (shipments.c); staff of either city
 * and admins write.
 */
#include "api.h"

#include <string.h>

/* With full, the members (a delegation read by db_delegation_get). */
static json_t *
delegation_json(struct http_request *req, const struct db_delegation *d, bool full)
{
	json_t	*o = json_pack("{s:I, s:o, s:s?, s:o, s:I, s:s?, s:s?, s:s, s:s, s:b}",
	    "id", (json_int_t)d->id, "from_city", api_city_ref(&d->from),
	    "from_country", d->from_country, "to_city", api_city_ref(&d->to),
	    "year", (json_int_t)d->year,
	    "event_title_ru", d->event_title_ru, "event_title_en", d->event_title_en,
	    "created_at", d->created_at, "updated_at", d->updated_at,
	    "may_edit", api_writes_cities(req, d->from_city_id, d->to_city_id));

	api_delegation_columns_json(o, d);

	if (full) {
		json_t	*list = json_array();

		for (size_t i = 0; i < d->nmembers; i++)
			json_array_append_new(list, json_pack("{s:s, s:s?, s:s?}",
			    "name", d->members[i].name, "role_ru", d->members[i].role_ru,
			    "role_en", d->members[i].role_en));
		json_object_set_new(o, "members", list);
	}
	return o;
}

int
api_delegations_list(struct http_request *req)
{
	struct api_page		 page;
	struct db_delegation	*items;
	size_t			 n;
	json_t			*list;
	bool			 more;

	if (api_require_page(req, &page) == -1)
		return -1;
	if (db_delegation_list(api_db(req), &req->arena, api_visible_city(req), page.a, page.b,
	    page.limit + 1, &items, &n) != DB_OK) {
		api_reply_db_error(req, "listing delegations");
		return -1;
	}
	more = n > (size_t)page.limit;
	list = json_array();
	for (size_t i = 0; i < n && i < (size_t)page.limit; i++)
		json_array_append_new(list, delegation_json(req, &items[i], false));
	n = more ? (size_t)page.limit - 1 : 0;
	api_reply_json(req, 200, api_page_json(list, more, more ? items[n].year : 0,
	    more ? items[n].id : 0));
	return 0;
}

/* The delegation if the caller may see it; -1 after replying 404 or 500. */
static int
require_delegation(struct http_request *req, int64_t id, struct db_delegation *d)
{
	int	rc = db_delegation_get(api_db(req), &req->arena, id, d);

	if (rc == DB_NOTFOUND || (rc == DB_OK &&
	    !api_sees_cities(req, d->from_city_id, d->to_city_id))) {
		api_problem(req, 404, "not_found", "no such delegation");
		return -1;
	}
	if (rc != DB_OK) {
		api_reply_db_error(req, "reading a delegation");
		return -1;
	}
	return 0;
}

static int
reply_delegation(struct http_request *req, int status, int64_t id)
{
	struct db_delegation	d;

	if (require_delegation(req, id, &d) == -1)
		return -1;
	api_reply_json(req, status, delegation_json(req, &d, true));
	return 0;
}

int
api_delegation_get(struct http_request *req)
{
	int64_t	id;

	if (api_require_id(req, 0, &id) == -1)
		return -1;
	return reply_delegation(req, 200, id);
}

static void
members_from_json(struct http_request *req, json_t *arr, struct db_delegation *d,
    json_t *errors)
{
	json_t	*m;
	size_t	 i;

	jv_check_items(arr, "members", api_delegation_member_input_body.fields, api_delegation_member_input_body.n, errors);
	d->nmembers = json_array_size(arr);
	d->members = arena_alloc(&req->arena, sizeof(*d->members) * (d->nmembers + 1));
	json_array_foreach(arr, i, m) {
		d->members[i].name = jv_str(m, "name");
		d->members[i].role_ru = jv_str(m, "role_ru");
		d->members[i].role_en = jv_str(m, "role_en");
	}
}

static void
check_refs(struct http_request *req, const struct db_delegation *d, json_t *errors)
{
	struct db_city	c;
	struct db_event	e;
	bool		known = true;

	if (d->from_city_id > 0 &&
	    db_city_get(api_db(req), &req->arena, d->from_city_id, &c) != DB_OK)
		jv_error_add(errors, "from_city_id", "not_found", "no such city");
	if (d->from_city_id == 0 && d->from_country != NULL &&
	    (db_country_known(api_db(req), d->from_country, &known) != DB_OK || !known))
		jv_error_add(errors, "from_country", "not_found", "no such country");
	if (db_city_get(api_db(req), &req->arena, d->to_city_id, &c) != DB_OK)
		jv_error_add(errors, "to_city_id", "not_found", "no such city");
	if (d->from_city_id == d->to_city_id)
		jv_error_add(errors, "to_city_id", "same_city", "must differ from from_city_id");
	if (d->event_id > 0 && db_event_get(api_db(req), &req->arena, d->event_id, &e) != DB_OK)
		jv_error_add(errors, "event_id", "not_found", "no such event");
}

/*
 * Where it came from: a city, or a country where no city is named. Giving one
 * drops the other; giving both, or leaving neither, is refused.
 */
static void
origin_from_json(json_t *body, struct db_delegation *d, json_t *errors)
{
	json_t	*city = json_object_get(body, "from_city_id");
	json_t	*country = json_object_get(body, "from_country");

	if (json_is_integer(city) && json_is_string(country))
		jv_error_add(errors, "from_country", "city_and_country",
		    "give the city or, where none is named, the country; not both");
	if (city != NULL)
		d->from_city_id = json_integer_value(city);
	if (country != NULL)
		d->from_country = json_string_value(country);
	if (json_is_integer(city))
		d->from_country = NULL;
	else if (json_is_string(country))
		d->from_city_id = 0;
	if (d->from_city_id == 0 && d->from_country == NULL)
		jv_error_add(errors, "from_city_id", "required",
		    "give the city or, where none is named, the country");
}

static void
delegation_from_json(struct http_request *req, json_t *body, struct db_delegation *d,
    json_t *errors)
{
	json_t	*v;

	api_delegation_columns_from(body, d);	/* people_count, event_id: 0 for null */
	origin_from_json(body, d, errors);
	if ((v = json_object_get(body, "to_city_id")) != NULL)
		d->to_city_id = json_integer_value(v);
	if ((v = json_object_get(body, "members")) != NULL)
		members_from_json(req, v, d, errors);
	api_check_date(body, "starts_on", false, errors);
	api_check_date(body, "ends_on", false, errors);
	if (d->starts_on != NULL && d->ends_on != NULL && strcmp(d->ends_on, d->starts_on) < 0)
		jv_error_add(errors, "ends_on", "before_start", "must not be before starts_on");
	api_settle_year(body, d->starts_on, &d->year, errors);
	if (d->people_count > 0 && (size_t)d->people_count < d->nmembers)
		jv_error_add(errors, "people_count", "fewer_than_members",
		    "must not be fewer than the members listed");
	check_refs(req, d, errors);
}

static void
reply_not_your_city(struct http_request *req)
{
	api_problem(req, 403, "not_your_city",
	    "staff write only the delegations from or to their own city");
}

static int
write_delegation(struct http_request *req, json_t *body, bool create, struct db_delegation *d)
{
	json_t	*errors = json_array();
	int64_t	 id = d->id;
	int	 rc;

	delegation_from_json(req, body, d, errors);
	if (json_array_size(errors) > 0) {
		api_reply_invalid(req, errors);
		return -1;
	}
	json_decref(errors);
	if (!api_writes_cities(req, d->from_city_id, d->to_city_id)) {
		reply_not_your_city(req);
		return -1;
	}
	if (db_begin(api_db(req)) == -1) {
		api_reply_db_error(req, "writing a delegation");
		return -1;
	}
	rc = create ? db_delegation_insert(api_db(req), d, api_caller(req)->user.id, &id) :
	    db_delegation_update(api_db(req), d, json_object_get(body, "members") != NULL);
	if (rc != DB_OK || db_commit(api_db(req)) == -1) {
		db_rollback(api_db(req));
		api_reply_db_error(req, "writing a delegation");
		return -1;
	}
	return reply_delegation(req, create ? 201 : 200, id);
}

int
api_delegation_create(struct http_request *req)
{
	struct db_delegation	 d = { .status = "planned" };
	json_t			*body;

	if ((body = api_require_body(req, &api_delegation_input_body, false)) == NULL)
		return -1;
	return write_delegation(req, body, true, &d);
}

int
api_delegation_patch(struct http_request *req)
{
	struct db_delegation	 d;
	json_t			*body;
	int64_t			 id;

	if (api_require_id(req, 0, &id) == -1)
		return -1;
	if ((body = api_require_body(req, &api_delegation_input_body, true)) == NULL)
		return -1;
	if (require_delegation(req, id, &d) == -1)
		return -1;
	if (!api_writes_cities(req, d.from_city_id, d.to_city_id)) {
		reply_not_your_city(req);
		return -1;
	}
	return write_delegation(req, body, false, &d);
}
