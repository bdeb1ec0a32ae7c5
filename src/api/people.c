/*
 * people: the people of organizations, in protocol order. Staff and admins
 * read and write them with their contact details; a partner-role user reads
 * the people of their own city and its partner cities, without contacts.
 */
#include "api.h"

#include <string.h>

#include "../base/text.h"

static const struct jv_field person_fields[] = {
	{ "name_ru", JV_STRING, JV_REQUIRED, 1, 200, NULL },
	{ "name_en", JV_STRING, JV_REQUIRED, 1, 200, NULL },
	{ "post_ru", JV_STRING, JV_NULLABLE, 0, 500, NULL },
	{ "post_en", JV_STRING, JV_NULLABLE, 0, 500, NULL },
	{ "organization_id", JV_ID, JV_NULLABLE, 0, 0, NULL },
	{ "city_id", JV_ID, JV_NULLABLE, 0, 0, NULL },
	{ "precedence", JV_INT, 0, 0, 10000, NULL },
	{ "email", JV_EMAIL, JV_NULLABLE, 0, 0, NULL },
	{ "phone", JV_STRING, JV_NULLABLE, 0, 40, NULL },
};
const struct api_body api_person_body = API_BODY("person", person_fields);
#define NPERSON_FIELDS	(sizeof(person_fields) / sizeof(person_fields[0]))

static bool
contacts(struct http_request *req)
{
	return api_caller(req)->role & (ROLE_STAFF | ROLE_ADMIN);
}

int
api_people_list(struct http_request *req)
{
	struct db_person_filter	 f = { 0 };
	struct api_page		 page;
	struct db_person	*items;
	const char		*org = http_query(req, "organization_id");
	const char		*city = http_query(req, "city_id");
	size_t			 n;
	json_t			*list;
	bool			 more;

	if (api_require_page(req, &page) == -1)
		return -1;
	if ((org != NULL && text_int(org, 1, INT64_MAX, &f.org_id) == -1) ||
	    (city != NULL && text_int(city, 1, INT64_MAX, &f.city_id) == -1)) {
		api_reply_bad_param(req, org != NULL && f.org_id == 0 ? "organization_id" : "city_id",
		    "invalid", "must be a positive integer");
		return -1;
	}
	f.q = api_query_folded(req, "q");
	f.visible_city = api_visible_city(req);
	f.after_id = page.b;
	f.limit = page.limit + 1;
	if (db_person_list(api_db(req), &req->arena, &f, page.a, &items, &n) != DB_OK) {
		api_reply_db_error(req, "listing people");
		return -1;
	}
	more = n > (size_t)page.limit;
	list = json_array();
	for (size_t i = 0; i < n && i < (size_t)page.limit; i++)
		json_array_append_new(list, api_person_json(&items[i], contacts(req)));
	api_reply_json(req, 200, api_page_json(list, more,
	    more ? items[page.limit - 1].precedence : 0, more ? items[page.limit - 1].id : 0));
	return 0;
}

static int
reply_person(struct http_request *req, int status, int64_t id)
{
	struct db_person	p;
	int64_t			visible = api_visible_city(req);
	bool			seen = true;
	int			rc = db_person_get(api_db(req), &req->arena, id, &p);

	if (rc == DB_OK && visible != 0)
		rc = db_person_visible(api_db(req), id, visible, &seen);
	if (rc == DB_NOTFOUND || !seen) {
		api_problem(req, 404, "not_found", "no such person");
		return -1;
	}
	if (rc != DB_OK) {
		api_reply_db_error(req, "reading a person");
		return -1;
	}
	api_reply_json(req, status, api_person_json(&p, contacts(req)));
	return 0;
}

int
api_person_get(struct http_request *req)
{
	int64_t	id;

	if (api_require_id(req, 0, &id) == -1)
		return -1;
	return reply_person(req, 200, id);
}

static void
person_from_json(json_t *body, struct db_person *p)
{
	json_t	*v;

	if ((v = json_object_get(body, "name_ru")) != NULL)
		p->name_ru = json_string_value(v);
	if ((v = json_object_get(body, "name_en")) != NULL)
		p->name_en = json_string_value(v);
	if ((v = json_object_get(body, "post_ru")) != NULL)
		p->post_ru = json_string_value(v);
	if ((v = json_object_get(body, "post_en")) != NULL)
		p->post_en = json_string_value(v);
	if ((v = json_object_get(body, "organization_id")) != NULL)
		p->org_id = json_integer_value(v);
	if ((v = json_object_get(body, "city_id")) != NULL)
		p->city_id = json_integer_value(v);
	if ((v = json_object_get(body, "precedence")) != NULL)
		p->precedence = json_integer_value(v);
	if ((v = json_object_get(body, "email")) != NULL)
		p->email = json_string_value(v);
	if ((v = json_object_get(body, "phone")) != NULL)
		p->phone = json_string_value(v);
}

static void
reply_bad_reference(struct http_request *req)
{
	api_reply_bad_param(req, "organization_id", "not_found",
	    "no such organization or city");
}

int
api_person_create(struct http_request *req)
{
	json_t			*body = api_require_json_body(req, person_fields, NPERSON_FIELDS,
				    false);
	struct db_person	 p = { .precedence = 100 };
	int64_t			 id;
	int			 rc;

	if (body == NULL)
		return -1;
	person_from_json(body, &p);
	rc = db_person_insert(api_db(req), &p, &id);
	if (rc == DB_INVALID) {
		reply_bad_reference(req);
		return -1;
	}
	if (rc != DB_OK) {
		api_reply_db_error(req, "creating a person");
		return -1;
	}
	http_header(req, "location", arena_printf(&req->arena, API_PREFIX "/people/%lld",
	    (long long)id));
	return reply_person(req, 201, id);
}

int
api_person_patch(struct http_request *req)
{
	struct db_person	 p;
	json_t			*body;
	int64_t			 id;
	int			 rc;

	if (api_require_id(req, 0, &id) == -1)
		return -1;
	if ((body = api_require_json_body(req, person_fields, NPERSON_FIELDS, true)) == NULL)
		return -1;
	rc = db_person_get(api_db(req), &req->arena, id, &p);
	if (rc == DB_OK) {
		person_from_json(body, &p);
		rc = db_person_update(api_db(req), &p);
	}
	if (rc == DB_NOTFOUND) {
		api_problem(req, 404, "not_found", "no such person");
		return -1;
	}
	if (rc == DB_INVALID) {
		reply_bad_reference(req);
		return -1;
	}
	if (rc != DB_OK) {
		api_reply_db_error(req, "updating a person");
		return -1;
	}
	return reply_person(req, 200, id);
}

int
api_person_delete(struct http_request *req)
{
	int64_t	id;
	int	rc;

	if (api_require_id(req, 0, &id) == -1)
		return -1;
	rc = db_person_delete(api_db(req), id);
	if (rc == DB_NOTFOUND) {
		api_problem(req, 404, "not_found", "no such person");
		return -1;
	}
	if (rc != DB_OK) {
		api_reply_db_error(req, "deleting a person");
		return -1;
	}
	http_reply_empty(req, 204);
	return 0;
}
