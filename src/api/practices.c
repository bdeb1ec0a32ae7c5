/*
 * practices: the catalogue of a city's practices (the Moscow Electronic
 * School) that partners study, and other cities' interest requests. Anyone
 * reads the catalogue; staff add their own city's practices (admins any
 * city's) and the owning city's staff moves a request's status, each change
 * kept with who made it. A request is seen by the owning city's staff,
 * admins and the users of the city that made it; a partner-role user or
 * staff member of another city makes one.
 */
#include "api.h"

#include <stdlib.h>
#include <string.h>

#include "../base/markdown.h"

#define NFIELDS(t)	(sizeof(t) / sizeof(t[0]))

/* Where a request may go from each status; agreed is final. */
static const struct {
	const char	*from, *to[3];
} moves[] = {
	{ "new", { "in_discussion", "declined", NULL } },
	{ "in_discussion", { "agreed", "declined", NULL } },
	{ "declined", { "in_discussion", NULL, NULL } },
};

static bool
may_move(const char *from, const char *to)
{
	for (size_t i = 0; i < NFIELDS(moves); i++)
		if (strcmp(moves[i].from, from) == 0)
			return api_in_list(moves[i].to, to);
	return false;
}

static bool
is_admin(struct http_request *req)
{
	return api_caller(req)->role == ROLE_ADMIN;
}

/* Admins, and the staff of the practice's city. */
static bool
manages(struct http_request *req, const struct db_practice *p)
{
	return is_admin(req) || (api_caller(req)->role == ROLE_STAFF &&
	    api_home_city(req) == p->city_id);
}

/* A partner or staff member of a city other than the practice's. */
static bool
may_express(struct http_request *req, const struct db_practice *p)
{
	unsigned	role = api_caller(req)->role;

	return (role == ROLE_PARTNER || role == ROLE_STAFF) && api_home_city(req) != 0 &&
	    api_home_city(req) != p->city_id;
}

static bool
sees_interest(struct http_request *req, const struct db_practice *p, const struct db_interest *i)
{
	return manages(req, p) || (api_caller(req)->role != ROLE_PUBLIC &&
	    api_home_city(req) == i->city_id);
}

static json_t *
org_ref(int64_t id, const char *ru, const char *en)
{
	if (id <= 0)
		return json_null();
	return json_pack("{s:I, s:s?, s:s?}", "id", (json_int_t)id, "name_ru", ru, "name_en", en);
}

/* The number of interest requests only to those who see them all. */
static json_t *
practice_json(struct http_request *req, const struct db_practice *p, bool full)
{
	json_t	*o = json_pack("{s:I, s:o}", "id", (json_int_t)p->id,
	    "city", api_city_ref(&p->city));

	api_practice_columns_json(o, p);
	json_object_set_new(o, "organization", org_ref(p->organization_id, p->org_name_ru,
	    p->org_name_en));
	json_object_set_new(o, "interest_count", manages(req, p) ?
	    json_integer(p->interest_count) : json_null());
	json_object_set_new(o, "created_at", api_str_or_null(p->created_at));
	json_object_set_new(o, "updated_at", api_str_or_null(p->updated_at));
	if (full) {
		json_object_set_new(o, "description_ru_html", p->description_ru ?
		    json_string(markdown_html(&req->arena, p->description_ru,
		    strlen(p->description_ru))) : json_null());
		json_object_set_new(o, "description_en_html", p->description_en ?
		    json_string(markdown_html(&req->arena, p->description_en,
		    strlen(p->description_en))) : json_null());
	}
	return o;
}

static json_t *
interest_json(const struct db_interest *i, const struct db_interest_change *h, size_t nh)
{
	json_t	*hist = json_array();
	json_t	*o = json_pack("{s:I, s:I, s:o, s:o}", "id", (json_int_t)i->id,
	    "practice_id", (json_int_t)i->practice_id, "city", api_city_ref(&i->city),
	    "organization", org_ref(i->organization_id, i->org_name_ru, i->org_name_en));

	for (size_t k = 0; k < nh; k++)
		if (h[k].interest_id == i->id)
			json_array_append_new(hist, json_pack("{s:s, s:s?, s:s?, s:s}",
			    "status", h[k].status, "note", h[k].note, "by", h[k].author,
			    "at", h[k].changed_at));
	api_interest_columns_json(o, i);
	json_object_set_new(o, "status", api_str_or_null(i->status));
	json_object_set_new(o, "by", api_str_or_null(i->user_name));
	json_object_set_new(o, "created_at", api_str_or_null(i->created_at));
	json_object_set_new(o, "updated_at", api_str_or_null(i->updated_at));
	json_object_set_new(o, "history", hist);
	return o;
}

int
api_practices_list(struct http_request *req)
{
	const char		*sector = http_query(req, "sector"), *city = http_query(req, "city_id");
	struct db_practice	*items;
	int64_t			 city_id = 0;
	char			*end = NULL;
	size_t			 n;
	json_t			*list;

	if (sector != NULL && !api_in_list(api_sector_values, sector)) {
		api_reply_bad_param(req, "sector", "invalid", "is not a sector");
		return -1;
	}
	if (city != NULL && ((city_id = strtoll(city, &end, 10)) <= 0 || *end != '\0')) {
		api_reply_bad_param(req, "city_id", "invalid", "is not an id");
		return -1;
	}
	if (db_practice_list(api_db(req), &req->arena, city_id, sector, &items, &n) != DB_OK) {
		api_reply_db_error(req, "listing practices");
		return -1;
	}
	list = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, practice_json(req, &items[i], false));
	api_reply_json(req, 200, json_pack("{s:o}", "items", list));
	return 0;
}

static int
require_practice(struct http_request *req, int64_t id, struct db_practice *p)
{
	int	rc = db_practice_get(api_db(req), &req->arena, id, p);

	if (rc == DB_NOTFOUND) {
		api_problem(req, 404, "not_found", "no such practice");
		return -1;
	}
	if (rc != DB_OK) {
		api_reply_db_error(req, "reading a practice");
		return -1;
	}
	return 0;
}

static int
reply_practice(struct http_request *req, int status, int64_t id)
{
	struct db_practice		 p;
	struct db_interest		*is;
	struct db_interest_change	*h;
	size_t				 n, nh;
	json_t				*o, *list;

	if (require_practice(req, id, &p) == -1)
		return -1;
	if (db_interest_list(api_db(req), &req->arena, id, &is, &n) != DB_OK ||
	    db_interest_history(api_db(req), &req->arena, id, &h, &nh) != DB_OK) {
		api_reply_db_error(req, "reading interest requests");
		return -1;
	}
	o = practice_json(req, &p, true);
	list = json_array();
	for (size_t i = 0; i < n; i++)
		if (sees_interest(req, &p, &is[i]))
			json_array_append_new(list, interest_json(&is[i], h, nh));
	json_object_set_new(o, "interests", list);
	json_object_set_new(o, "can_manage", json_boolean(manages(req, &p)));
	json_object_set_new(o, "can_express_interest", json_boolean(may_express(req, &p)));
	api_reply_json(req, status, o);
	return 0;
}

int
api_practice_get(struct http_request *req)
{
	int64_t	id;

	if (api_require_id(req, 0, &id) == -1)
		return -1;
	return reply_practice(req, 200, id);
}

/* Body members onto p; errors for an unknown organization. */
static void
practice_from_json(struct http_request *req, json_t *body, struct db_practice *p, json_t *errors)
{
	json_t		*org = json_object_get(body, "organization_id");
	struct db_org	 o;

	api_practice_columns_from(body, p);
	if (org != NULL)
		p->organization_id = json_is_integer(org) ? json_integer_value(org) : 0;
	if (p->organization_id > 0 && db_org_get(api_db(req), &req->arena, p->organization_id,
	    &o) != DB_OK)
		jv_error_add(errors, "organization_id", "not_found", "no such organization");
}

static int
write_practice(struct http_request *req, json_t *body, struct db_practice *p, bool insert)
{
	json_t	*errors = json_array();
	int	 rc;

	practice_from_json(req, body, p, errors);
	if (json_array_size(errors) > 0) {
		api_reply_invalid(req, errors);
		return -1;
	}
	json_decref(errors);
	rc = insert ? db_practice_insert(api_db(req), p, &p->id) :
	    db_practice_update(api_db(req), p);
	if (rc != DB_OK) {
		api_reply_db_error(req, "writing a practice");
		return -1;
	}
	return reply_practice(req, insert ? 201 : 200, p->id);
}

int
api_practice_create(struct http_request *req)
{
	struct db_practice	 p = { 0 };
	struct db_city		 c;
	json_t			*body, *city;

	if ((body = api_require_body(req, &api_practice_input_body, false)) == NULL)
		return -1;
	city = json_object_get(body, "city_id");
	p.city_id = city != NULL ? json_integer_value(city) : api_home_city(req);
	if (!is_admin(req) && p.city_id != api_home_city(req)) {
		api_problem(req, 403, "not_own_city", "staff add their own city's practices");
		return -1;
	}
	if (db_city_get(api_db(req), &req->arena, p.city_id, &c) != DB_OK) {
		api_reply_bad_param(req, "city_id", "not_found", "no such city");
		return -1;
	}
	return write_practice(req, body, &p, true);
}

/* The practice, if the caller manages it; -1 after replying. */
static int
require_managed(struct http_request *req, int64_t id, struct db_practice *p)
{
	if (require_practice(req, id, p) == -1)
		return -1;
	if (!manages(req, p)) {
		api_problem(req, 403, "not_owner_city", "only the practice's city manages it");
		return -1;
	}
	return 0;
}

int
api_practice_patch(struct http_request *req)
{
	struct db_practice	 p;
	json_t			*body;
	int64_t			 id;

	if (api_require_id(req, 0, &id) == -1 ||
	    (body = api_require_body(req, &api_practice_input_body, true)) == NULL || require_managed(req, id, &p) == -1)
		return -1;
	if (json_object_get(body, "city_id") != NULL) {
		api_reply_bad_param(req, "city_id", "read_only", "a practice stays its city's");
		return -1;
	}
	return write_practice(req, body, &p, false);
}

int
api_interest_create(struct http_request *req)
{
	struct db_practice	 p;
	struct db_interest	 i = { 0 };
	json_t			*body;
	int64_t			 id;
	int			 rc;

	if (api_require_id(req, 0, &id) == -1 ||
	    (body = api_require_body(req, &api_interest_input_body, false)) == NULL || require_practice(req, id, &p) == -1)
		return -1;
	if (!may_express(req, &p)) {
		api_problem(req, 403, "own_city", "a city does not ask for its own practice");
		return -1;
	}
	i.practice_id = id;
	i.city_id = api_home_city(req);
	i.organization_id = api_caller(req)->user.org_id;
	i.user_id = api_caller(req)->user.id;
	api_interest_columns_from(body, &i);
	i.status = "new";
	if (db_begin(api_db(req)) == -1) {
		api_reply_db_error(req, "adding an interest request");
		return -1;
	}
	if ((rc = db_interest_insert(api_db(req), &i, &i.id)) != DB_OK ||
	    db_commit(api_db(req)) == -1) {
		db_rollback(api_db(req));
		api_reply_db_error(req, "adding an interest request");
		return -1;
	}
	return reply_practice(req, 201, id);
}

int
api_interest_patch(struct http_request *req)
{
	struct db_interest	 i;
	struct db_practice	 p;
	json_t			*body;
	const char		*to;
	int64_t			 id;
	int			 rc;

	if (api_require_id(req, 0, &id) == -1 ||
	    (body = api_require_body(req, &api_interest_status_input_body, false)) == NULL)
		return -1;
	if ((rc = db_interest_get(api_db(req), &req->arena, id, &i)) != DB_OK) {
		if (rc == DB_NOTFOUND)
			api_problem(req, 404, "not_found", "no such interest request");
		else
			api_reply_db_error(req, "reading an interest request");
		return -1;
	}
	if (require_managed(req, i.practice_id, &p) == -1)
		return -1;
	to = jv_str(body, "status");
	if (!may_move(i.status, to)) {
		api_problem(req, 409, "invalid_transition", arena_printf(&req->arena,
		    "a request that is %s cannot become %s", i.status, to));
		return -1;
	}
	if (db_begin(api_db(req)) == -1) {
		api_reply_db_error(req, "changing an interest request");
		return -1;
	}
	if ((rc = db_interest_set_status(api_db(req), id, to, jv_str(body, "note"),
	    api_caller(req)->user.id)) != DB_OK || db_commit(api_db(req)) == -1) {
		db_rollback(api_db(req));
		api_reply_db_error(req, "changing an interest request");
		return -1;
	}
	return reply_practice(req, 200, i.practice_id);
}
