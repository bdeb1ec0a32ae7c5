/*
 * aid: the mutual-aid board of compatriots abroad — requests and offers,
 * answered by correspondents' organizations. Signed-in users see the board;
 * the contact details of a post are given only to its author, to staff and
 * to the organizations that answered it (contact_visible() is the one rule,
 * and search never returns them).
 */
#include "api.h"

#include <string.h>

static const char *const aid_kinds[] = { "request", "offer", NULL };
static const char *const categories[] = {
	"medical", "legal", "housing", "travel_home", "information", "other", NULL,
};
static const char *const aid_statuses[] = { "open", "matched", "closed", NULL };

/* -1 on a database error (answered); else whether the caller may see the contact. */
static int
contact_visible(struct http_request *req, const struct db_aid_post *p, bool *out)
{
	struct api_caller	*c = api_caller(req);

	*out = false;
	if (c->role == ROLE_PUBLIC)
		return 0;
	if (api_is_moderator(c) || c->user.id == p->author_id) {
		*out = true;
		return 0;
	}
	if (db_aid_answered_by(api_db(req), p->id, c->user.org_id, out) != DB_OK) {
		api_reply_db_error(req, "checking an answer");
		return -1;
	}
	return 0;
}

static json_t *
aid_json(struct http_request *req, const struct db_aid_post *p, bool contact)
{
	struct api_caller	*c = api_caller(req);
	json_t			*j = json_pack("{s:I}", "id", (json_int_t)p->id);

	api_aid_post_columns_json(j, p);
	json_object_update_new(j, json_pack("{s:{s:s, s:s, s:s}, s:o, s:s, s:o, s:I, s:s, s:s, s:b}",
	    "country", "code", p->country_code, "name_en", p->country_name_en,
	    "name_ru", p->country_name_ru,
	    "city", p->city_id ? json_pack("{s:I, s:s, s:o}", "id", (json_int_t)p->city_id,
	    "name_en", p->city_name_en, "name_ru", api_str_or_null(p->city_name_ru)) :
	    json_null(),
	    "author_name", p->author_name,
	    "organization", p->org_id ? json_pack("{s:I, s:s, s:s}", "id", (json_int_t)p->org_id,
	    "name_en", p->org_name_en, "name_ru", p->org_name_ru) : json_null(),
	    "answer_count", (json_int_t)p->answer_count, "created_at", p->created_at,
	    "updated_at", p->updated_at, "contact_visible", contact));
	if (contact)
		json_object_set_new(j, "contact", json_string(p->contact));
	json_object_set_new(j, "editable", json_boolean(api_is_moderator(c) ||
	    (c->role != ROLE_PUBLIC && c->user.id == p->author_id)));
	return j;
}

static int
load(struct http_request *req, int64_t id, struct db_aid_post *p)
{
	int	rc = db_aid_get(api_db(req), &req->arena, id, p);

	if (rc == DB_NOTFOUND) {
		api_problem(req, 404, "not_found", "no such aid post");
		return -1;
	}
	if (rc != DB_OK) {
		api_reply_db_error(req, "reading an aid post");
		return -1;
	}
	return 0;
}

static int
reply_aid(struct http_request *req, int status, int64_t id)
{
	struct db_aid_post	 p;
	struct db_aid_answer	*ans;
	size_t			 n;
	bool			 contact;
	json_t			*j, *list;

	if (load(req, id, &p) == -1 || contact_visible(req, &p, &contact) == -1)
		return -1;
	j = aid_json(req, &p, contact);
	/* the answers are between the author, the answering organizations and staff */
	if (contact) {
		if (db_aid_answers(api_db(req), &req->arena, id, &ans, &n) != DB_OK) {
			json_decref(j);
			return api_reply_db_error(req, "listing answers"), -1;
		}
		list = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(list, json_pack("{s:I, s:s, s:s, s:{s:I, s:s, s:s},"
			    " s:s}", "id", (json_int_t)ans[i].id, "message", ans[i].message,
			    "user_name", ans[i].user_name, "organization", "id",
			    (json_int_t)ans[i].org_id, "name_en", ans[i].org_name_en,
			    "name_ru", ans[i].org_name_ru, "created_at", ans[i].created_at));
		json_object_set_new(j, "answers", list);
	}
	api_reply_json(req, status, j);
	return 0;
}

int
api_aid_list(struct http_request *req)
{
	struct db_aid_filter	 f = { 0 };
	struct api_page		 page;
	struct db_aid_post	*items;
	size_t			 n;
	json_t			*list;
	bool			 more, contact;

	if (api_require_page(req, &page) == -1)
		return -1;
	f.kind = http_query(req, "kind");
	f.category = http_query(req, "category");
	f.status = http_query(req, "status");
	f.country = http_query(req, "country");
	if (f.kind != NULL && !api_in_list(aid_kinds, f.kind))
		return api_reply_bad_param(req, "kind", "invalid", "is not a kind"), -1;
	if (f.category != NULL && !api_in_list(categories, f.category))
		return api_reply_bad_param(req, "category", "invalid", "is not a category"), -1;
	if (f.status != NULL && !api_in_list(aid_statuses, f.status))
		return api_reply_bad_param(req, "status", "invalid", "is not a status"), -1;
	f.before_id = page.a;
	f.limit = page.limit + 1;
	if (db_aid_list(api_db(req), &req->arena, &f, &items, &n) != DB_OK)
		return api_reply_db_error(req, "listing aid posts"), -1;
	more = n > (size_t)page.limit;
	list = json_array();
	for (size_t i = 0; i < n && i < (size_t)page.limit; i++) {
		if (contact_visible(req, &items[i], &contact) == -1) {
			json_decref(list);
			return -1;
		}
		json_array_append_new(list, aid_json(req, &items[i], contact));
	}
	api_reply_json(req, 200, api_page_json(list, more, more ? items[page.limit - 1].id : 0, 0));
	return 0;
}

int
api_aid_get(struct http_request *req)
{
	int64_t	id;

	if (api_require_id(req, 0, &id) == -1)
		return -1;
	return reply_aid(req, 200, id);
}

static void
aid_from_json(json_t *body, struct db_aid_post *p)
{
	json_t	*v;

	api_aid_post_columns_from(body, p);
	if ((v = json_object_get(body, "country_code")) != NULL)
		p->country_code = json_string_value(v);
	if ((v = json_object_get(body, "city_id")) != NULL)
		p->city_id = json_integer_value(v);
	if ((v = json_object_get(body, "contact")) != NULL)
		p->contact = json_string_value(v);
}

static int
reply_write_error(struct http_request *req, int rc, const char *what)
{
	db_rollback(api_db(req));
	if (rc == DB_INVALID)
		api_reply_bad_param(req, "country_code", "not_found",
		    "no such country, or the city does not exist");
	else
		api_reply_db_error(req, what);
	return -1;
}

int
api_aid_create(struct http_request *req)
{
	struct api_caller	*c = api_caller(req);
	json_t			*body = api_require_body(req, &api_aid_input_body, false);
	struct db_aid_post	 p = { 0 };
	int64_t			 id = 0;
	int			 rc;

	if (body == NULL)
		return -1;
	aid_from_json(body, &p);
	p.status = "open";
	p.author_id = c->user.id;
	p.org_id = c->user.org_id;
	if (db_begin(api_db(req)) == -1)
		return api_reply_db_error(req, "creating an aid post"), -1;
	rc = db_aid_insert(api_db(req), &p, &id);
	if (rc != DB_OK || db_commit(api_db(req)) == -1)
		return reply_write_error(req, rc, "creating an aid post");
	http_header(req, "location", arena_printf(&req->arena, API_PREFIX "/aid/%lld",
	    (long long)id));
	return reply_aid(req, 201, id);
}

int
api_aid_patch(struct http_request *req)
{
	struct api_caller	*c = api_caller(req);
	struct db_aid_post	 p;
	json_t			*body;
	int64_t			 id;
	int			 rc;

	if (api_require_id(req, 0, &id) == -1 || load(req, id, &p) == -1)
		return -1;
	if (c->user.id != p.author_id && !api_is_moderator(c)) {
		api_problem(req, 403, "forbidden", "only the author and staff change a post");
		return -1;
	}
	if ((body = api_require_body(req, &api_aid_input_body, true)) == NULL)
		return -1;
	aid_from_json(body, &p);
	if (db_begin(api_db(req)) == -1)
		return api_reply_db_error(req, "updating an aid post"), -1;
	rc = db_aid_update(api_db(req), &p);
	if (rc != DB_OK || db_commit(api_db(req)) == -1)
		return reply_write_error(req, rc, "updating an aid post");
	return reply_aid(req, 200, id);
}

int
api_aid_answer(struct http_request *req)
{
	struct api_caller	*c = api_caller(req);
	json_t			*body;
	struct db_aid_post	 p;
	struct db_aid_answer	 ans = { 0 };
	int64_t			 id, aid;

	if (api_require_id(req, 0, &id) == -1 || load(req, id, &p) == -1)
		return -1;
	if ((body = api_require_body(req, &api_aid_answer_body, false)) == NULL)
		return -1;
	if (c->user.id == p.author_id) {
		api_problem(req, 409, "own_post", "you cannot answer your own post");
		return -1;
	}
	if (strcmp(p.status, "closed") == 0) {
		api_problem(req, 409, "closed", "this post is closed");
		return -1;
	}
	ans.post_id = id;
	ans.user_id = c->user.id;
	ans.org_id = c->user.org_id;
	ans.message = jv_str(body, "message");
	if (db_aid_answer_insert(api_db(req), &ans, &aid) != DB_OK)
		return api_reply_db_error(req, "answering an aid post"), -1;
	return reply_aid(req, 201, id);
}
