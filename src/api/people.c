/*
 * people: the people of organizations, in protocol order. Staff and admins
 * read and write them with their contact details; a partner-role user reads
 * the people of their own city and its partner cities, without contacts.
 */
#include "api.h"

#include <string.h>
#include <strings.h>

#include "../base/text.h"
#include "../base/vcard.h"

int
api_people_list(struct http_request *req)
{
	struct db_person_filter	 f = { 0 };
	struct api_page		 page;
	struct db_person	*items;
	const char		*org = http_query(req, "organization_id");
	const char		*city = http_query(req, "city_id");
	const char		*post = http_query(req, "post");
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
	if (post != NULL && strlen(post) > 200) {
		api_reply_bad_param(req, "post", "too_long", "give up to 200 characters");
		return -1;
	}
	f.q = api_query_folded(req, "q");
	f.post = api_query_folded(req, "post");
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
		json_array_append_new(list, api_person_json(&items[i], api_caller(req)->role));
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
	api_reply_json(req, status, api_person_json(&p, api_caller(req)->role));
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

	api_person_columns_from(body, p);
	if ((v = json_object_get(body, "organization_id")) != NULL)
		p->org_id = json_integer_value(v);
	if ((v = json_object_get(body, "city_id")) != NULL)
		p->city_id = json_integer_value(v);
}

/* post_since, when given, is a date; -1 after replying 400. */
static int
check_since(struct http_request *req, json_t *body)
{
	const char	*s = json_string_value(json_object_get(body, "post_since"));

	if (s != NULL && !api_date_valid(s, false)) {
		api_reply_bad_param(req, "post_since", "invalid", "must be a date YYYY-MM-DD");
		return -1;
	}
	return 0;
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
	json_t			*body = api_require_body(req, &api_person_create_body, false);
	struct db_person	 p = { .precedence = 100 };
	int64_t			 id;
	int			 rc;

	if (body == NULL || check_since(req, body) == -1)
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
	if ((body = api_require_body(req, &api_person_create_body, true)) == NULL ||
	    check_since(req, body) == -1)
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

/* --- a person's record: posts, meetings, delegations, actions --- */

static json_t *
posts_json(const struct db_person_record *r)
{
	json_t	*list = json_array();

	for (size_t i = 0; i < r->nposts; i++) {
		const struct db_person_post	*p = &r->posts[i];

		json_array_append_new(list, json_pack("{s:o, s:o, s:o, s:s, s:o}",
		    "post_ru", api_str_or_null(p->post_ru), "post_en", api_str_or_null(p->post_en),
		    "organization", p->org_id == 0 ? json_null() : json_pack("{s:I, s:o, s:o}",
		    "id", (json_int_t)p->org_id, "name_ru", api_str_or_null(p->org_name_ru),
		    "name_en", api_str_or_null(p->org_name_en)),
		    "since", p->since, "until", api_str_or_null(p->until)));
	}
	return list;
}

static json_t *
meetings_json(const struct db_person_record *r)
{
	json_t	*list = json_array();

	for (size_t i = 0; i < r->nmeetings; i++) {
		const struct db_person_meeting	*m = &r->meetings[i];

		json_array_append_new(list, json_pack("{s:I, s:s, s:s, s:o, s:s, s:s}",
		    "id", (json_int_t)m->id, "title_ru", m->title_ru, "title_en", m->title_en,
		    "date", api_str_or_null(m->date), "status", m->status, "role", m->role));
	}
	return list;
}

static json_t *
delegations_json(const struct db_person_record *r)
{
	json_t	*list = json_array();

	for (size_t i = 0; i < r->ndelegations; i++) {
		const struct db_person_delegation	*d = &r->delegations[i];

		json_array_append_new(list, json_pack("{s:I, s:s, s:s, s:{s:o, s:s}, s:{s:o, s:s},"
		    " s:o, s:s, s:o, s:o}",
		    "id", (json_int_t)d->id, "specialty_ru", d->specialty_ru,
		    "specialty_en", d->specialty_en,
		    "from", "name_ru", api_str_or_null(d->from_ru), "name_en", d->from_en,
		    "to", "name_ru", api_str_or_null(d->to_ru), "name_en", d->to_en,
		    "date", api_str_or_null(d->date), "status", d->status,
		    "role_ru", api_str_or_null(d->role_ru), "role_en", api_str_or_null(d->role_en)));
	}
	return list;
}

static json_t *
actions_json(const struct db_person_record *r)
{
	json_t	*list = json_array();

	for (size_t i = 0; i < r->nactions; i++) {
		const struct db_person_action	*x = &r->actions[i];

		json_array_append_new(list, json_pack("{s:I, s:s, s:s, s:o, s:s, s:{s:I, s:s, s:s}}",
		    "id", (json_int_t)x->id, "text_ru", x->text_ru, "text_en", x->text_en,
		    "due_date", api_str_or_null(x->due_date), "status", x->status,
		    "meeting", "id", (json_int_t)x->meeting_id, "title_ru", x->meeting_title_ru,
		    "title_en", x->meeting_title_en));
	}
	return list;
}

/*
 * GET /people/{id}/record: the person as GET /people/{id} gives it, and
 * what they did that the caller may see: meetings and actions in the
 * caller's meeting scope, delegations as GET /delegations/{id} shows them.
 */
int
api_person_record(struct http_request *req)
{
	struct db_meeting_scope	 scope = meeting_scope(req);
	struct db_person_record	 r;
	struct db_person	 p;
	int64_t			 id, visible = api_visible_city(req);
	bool			 seen = true;
	int			 rc;
	json_t			*o;

	if (api_require_id(req, 0, &id) == -1)
		return -1;
	rc = db_person_get(api_db(req), &req->arena, id, &p);
	if (rc == DB_OK && visible != 0)
		rc = db_person_visible(api_db(req), id, visible, &seen);
	if (rc == DB_NOTFOUND || !seen) {
		api_problem(req, 404, "not_found", "no such person");
		return -1;
	}
	if (rc == DB_OK)
		rc = db_person_record(api_db(req), &req->arena, id, &scope, visible, &r);
	if (rc != DB_OK) {
		api_reply_db_error(req, "reading a person's record");
		return -1;
	}
	o = api_person_json(&p, api_caller(req)->role);
	json_object_set_new(o, "posts", posts_json(&r));
	json_object_set_new(o, "meetings", meetings_json(&r));
	json_object_set_new(o, "delegations", delegations_json(&r));
	json_object_set_new(o, "actions", actions_json(&r));
	api_reply_json(req, 200, o);
	return 0;
}

/* --- merging duplicates --- */

/* POST /people/{id}/merge {"duplicate_id"}: the duplicate goes into this person. */
int
api_person_merge(struct http_request *req)
{
	json_t	*body;
	int64_t	 id, drop;
	int	 rc;

	if (api_require_id(req, 0, &id) == -1)
		return -1;
	if ((body = api_require_body(req, &api_person_merge_body, false)) == NULL)
		return -1;
	drop = json_integer_value(json_object_get(body, "duplicate_id"));
	rc = db_person_merge(api_db(req), id, drop);
	if (rc == DB_INVALID) {
		api_reply_bad_param(req, "duplicate_id", "same_person", "a person cannot merge with itself");
		return -1;
	}
	if (rc == DB_NOTFOUND) {
		api_problem(req, 404, "not_found", "no such person");
		return -1;
	}
	if (rc != DB_OK) {
		api_reply_db_error(req, "merging people");
		return -1;
	}
	return reply_person(req, 200, id);
}

/* --- vCard export and import --- */

#define VCF_EXPORT_MAX	(16u << 20)

/* The person as a card, in the language lang (names, posts and places). */
static void
card_of(const struct db_person *p, bool ru, struct vcard *c)
{
	memset(c, 0, sizeof(*c));
	c->fn = ru ? p->name_ru : p->name_en;
	c->org = ru && p->org_name_ru != NULL ? p->org_name_ru : p->org_name_en;
	c->title = ru && p->post_ru != NULL ? p->post_ru : p->post_en;
	c->email = p->email;
	c->tel = p->phone;
	c->city = ru && p->city_name_ru != NULL ? p->city_name_ru : p->city_name_en;
}

/* GET /people.vcf?lang=ru|en and the filters of GET /people: every match as vCard 3.0. */
int
api_people_vcf_get(struct http_request *req)
{
	struct db_person_filter	 f = { 0 };
	struct db_person	*items;
	struct buf		 out;
	const char		*lang = http_query(req, "lang");
	const char		*org = http_query(req, "organization_id");
	const char		*city = http_query(req, "city_id");
	int64_t			 after_prec = -1;
	size_t			 n;
	bool			 ru = lang == NULL || strcmp(lang, "en") != 0;
	int			 rc = 0;

	if (lang != NULL && strcmp(lang, "ru") != 0 && strcmp(lang, "en") != 0)
		return api_reply_bad_param(req, "lang", "invalid", "must be ru or en"), -1;
	if ((org != NULL && text_int(org, 1, INT64_MAX, &f.org_id) == -1) ||
	    (city != NULL && text_int(city, 1, INT64_MAX, &f.city_id) == -1))
		return api_reply_bad_param(req, org != NULL && f.org_id == 0 ? "organization_id" :
		    "city_id", "invalid", "must be a positive integer"), -1;
	f.q = api_query_folded(req, "q");
	f.post = api_query_folded(req, "post");
	f.limit = 500;
	buf_init(&out, VCF_EXPORT_MAX);
	do {
		struct vcard	c;

		if (db_person_list(api_db(req), &req->arena, &f, after_prec, &items, &n) != DB_OK) {
			buf_release(&out);
			return api_reply_db_error(req, "exporting people"), -1;
		}
		for (size_t i = 0; i < n && rc == 0; i++) {
			card_of(&items[i], ru, &c);
			rc = vcard_write(&out, &c);
		}
		if (n > 0) {
			after_prec = items[n - 1].precedence;
			f.after_id = items[n - 1].id;
		}
	} while (n == (size_t)f.limit && rc == 0);
	if (rc != 0) {
		buf_release(&out);
		return api_problem(req, 500, "internal", "the export is too large"), -1;
	}
	http_header(req, "content-disposition", "attachment; filename=\"people.vcf\"");
	http_reply(req, 200, "text/vcard; charset=utf-8", out.p != NULL ? out.p : "", out.len);
	buf_release(&out);
	return 0;
}

/* A card as a person's body, for the checks of POST /people. */
static json_t *
card_body(struct arena *a, const struct vcard *c)
{
	const char	*name = vcard_name(a, c);
	json_t		*o = json_pack("{s:s, s:s}", "name_ru", name, "name_en", name);

	if (c->title != NULL) {
		json_object_set_new(o, "post_ru", json_string(c->title));
		json_object_set_new(o, "post_en", json_string(c->title));
	}
	if (c->email != NULL)
		json_object_set_new(o, "email", json_string(c->email));
	if (c->tel != NULL)
		json_object_set_new(o, "phone", json_string(c->tel));
	return o;
}

/*
 * One card: inserted; "exists" when a person of that name is there already;
 * "refused" with the errors of POST /people. NULL on a database error.
 */
static json_t *
import_card(struct http_request *req, const struct vcard *c, bool *inserted)
{
	struct db		*db = api_db(req);
	struct db_person	 p = { .precedence = 100 };
	json_t			*body = card_body(&req->arena, c), *errors, *item;
	int64_t			 id = 0;
	bool			 exists = false;
	int			 rc = DB_OK;

	*inserted = false;
	person_from_json(body, &p);
	item = json_pack("{s:I, s:s}", "line", (json_int_t)c->line, "name", p.name_ru);
	errors = jv_check(body, api_person_create_body.fields, api_person_create_body.n, false);
	if (json_array_size(errors) > 0) {
		json_object_set_new(item, "result", json_string("refused"));
		json_object_set_new(item, "errors", errors);
		json_decref(body);
		return item;
	}
	json_decref(errors);
	rc = db_person_named(db, p.name_ru, &id, &exists);
	if (rc == DB_OK && !exists) {
		rc = db_person_refs(db, c->org, c->city, &p.org_id, &p.city_id);
		if (rc == DB_OK)
			rc = db_person_insert(db, &p, &id);
		*inserted = rc == DB_OK;
	}
	if (rc != DB_OK) {
		json_decref(body);
		json_decref(item);
		return NULL;
	}
	json_object_set_new(item, "result", json_string(exists ? "exists" : "inserted"));
	json_object_set_new(item, "id", json_integer(id));
	json_decref(body);	/* p's strings are written */
	return item;
}

/* text/vcard, or the older names address books still give a .vcf file. */
static bool
vcard_type(const char *ct)
{
	static const char *const types[] = { "text/vcard", "text/x-vcard", "text/directory" };

	for (size_t i = 0; ct != NULL && i < sizeof(types) / sizeof(types[0]); i++)
		if (strncasecmp(ct, types[i], strlen(types[i])) == 0 &&
		    (ct[strlen(types[i])] == '\0' || ct[strlen(types[i])] == ';'))
			return true;
	return false;
}

/*
 * POST /people.vcf: a vCard 3.0 or 4.0 file (src/base/vcard.c), every card
 * a person, in one transaction. A file the reader refuses is refused whole
 * (400 with the reader's code and the line); a card whose name a person has
 * already is left out and reported as "exists".
 */
int
api_people_vcf_post(struct http_request *req)
{
	struct vcard_result	 r;
	json_t			*items, *item;
	size_t			 inserted = 0;
	bool			 ins;

	if (!vcard_type(req->content_type)) {
		api_problem(req, 415, "unsupported_media_type", "send the body as text/vcard");
		return -1;
	}
	if (req->body.len > VCARD_MAX_BYTES) {
		api_problem(req, 413, "payload_too_large", vcard_error_text(VCARD_ERR_TOO_LARGE));
		return -1;
	}
	if (vcard_parse(&req->arena, req->body.p != NULL ? req->body.p : "", req->body.len,
	    &r) == -1) {
		api_problem_with(req, 400, vcard_error_code(r.error), vcard_error_text(r.error),
		    json_pack("{s:I}", "line", (json_int_t)r.line));
		return -1;
	}
	if (db_begin(api_db(req)) != DB_OK)
		return api_reply_db_error(req, "importing people"), -1;
	items = json_array();
	for (size_t i = 0; i < r.n; i++) {
		if ((item = import_card(req, &r.cards[i], &ins)) == NULL) {
			db_rollback(api_db(req));
			json_decref(items);
			return api_reply_db_error(req, "importing people"), -1;
		}
		inserted += ins;
		json_array_append_new(items, item);
	}
	if (db_commit(api_db(req)) != DB_OK) {
		db_rollback(api_db(req));
		json_decref(items);
		return api_reply_db_error(req, "importing people"), -1;
	}
	api_reply_json(req, 200, json_pack("{s:I, s:o}", "inserted", (json_int_t)inserted,
	    "items", items));
	return 0;
}
