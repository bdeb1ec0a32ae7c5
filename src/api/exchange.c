/*
 * exchange: bulletins — news, good news and #StopCoronaFake fact checks —
 * written by correspondents and staff, moderated by staff: draft → submitted
 * → published, or returned with a reason. Published bulletins are public;
 * drafts are seen by their author and staff only (404 for anyone else).
 * Every edit and every change of status is kept as a revision with every
 * editable field; what an edit changed is worked out when the revisions are
 * read (revision_changes()).
 *
 * A publication is announced on the realtime channel "news"
 * (docs/api/realtime.md) as bulletin.published with its id, kind, title,
 * countries and topics (the news page counts the ones its filters show);
 * subscribers reload the list.
 */
#include "api.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../base/alloc.h"
#include "../base/markdown.h"
#include "../base/text.h"

static const char *const statuses[] = { "draft", "submitted", "returned", "published", NULL };

static bool
is_author(const struct api_caller *c, const struct db_bulletin *b)
{
	return c->role != ROLE_PUBLIC && c->user.id == b->author_id;
}

static bool
can_see(const struct api_caller *c, const struct db_bulletin *b)
{
	return strcmp(b->status, "published") == 0 || api_is_moderator(c) || is_author(c, b);
}

/*
 * The start of the body's text (no Markdown), for lists: written with the
 * bulletin since migration 0031, made here for a row older than that.
 */
static json_t *
excerpt_json(struct arena *a, const struct db_bulletin *b)
{
	return json_string(b->excerpt != NULL ? b->excerpt :
	    markdown_excerpt(a, b->body, strlen(b->body)));
}

/* JSON safe inside a <script> element: no '<', '>' or '&' in its text. */
static json_t *
script_safe_json(json_t *doc)
{
	char	*text = json_dumps(doc, JSON_COMPACT), *out, *o;
	json_t	*s;

	json_decref(doc);
	if (text == NULL)
		return json_null();
	o = out = xmalloc(strlen(text) * 6 + 1);
	for (const char *p = text; *p != '\0'; p++) {
		if (*p == '<' || *p == '>' || *p == '&') {
			static const char hex[] = "0123456789abcdef";

			memcpy(o, "\\u00", 4);
			o[4] = hex[(unsigned char)*p >> 4];
			o[5] = hex[*p & 15];
			o += 6;
		} else
			*o++ = *p;
	}
	*o = '\0';
	s = json_string(out);
	free(out);
	free(text);
	return s;
}

static int
verdict_rating(const char *v)
{
	return strcmp(v, "false") == 0 ? 1 : strcmp(v, "misleading") == 0 ? 2 :
	    strcmp(v, "unproven") == 0 ? 3 : 5;
}

/* schema.org ClaimReview for a published fact check, as script-safe text. */
static json_t *
claim_review(struct http_request *req, const struct db_bulletin *b)
{
	json_t	*item = json_pack("{s:s}", "@type", "Claim");
	json_t	*doc;

	if (b->claim_source != NULL)
		json_object_set_new(item, "appearance", json_pack("{s:s, s:s}",
		    "@type", "CreativeWork", "name", b->claim_source));
	if (b->claim_date != NULL)
		json_object_set_new(item, "datePublished", json_string(b->claim_date));
	doc = json_pack("{s:s, s:s, s:s, s:s, s:s, s:o, s:{s:s, s:s}, s:o,"
	    " s:{s:s, s:i, s:i, s:i, s:s}}",
	    "@context", "https://schema.org", "@type", "ClaimReview",
	    "url", arena_printf(&req->arena, "%s/fact-checks/%lld", api_base_url(req),
	    (long long)b->id),
	    "inLanguage", b->lang, "claimReviewed", b->claim ? b->claim : "",
	    "datePublished", api_str_or_null(b->published_at),
	    "author", "@type", "Organization", "name",
	    (strcmp(b->lang, "ru") == 0 ? b->org_name_ru : b->org_name_en) ?
	    (strcmp(b->lang, "ru") == 0 ? b->org_name_ru : b->org_name_en) : "#StopCoronaFake",
	    "itemReviewed", item,
	    "reviewRating", "@type", "Rating", "ratingValue", verdict_rating(b->verdict),
	    "worstRating", 1, "bestRating", 5, "alternateName", b->verdict);
	return script_safe_json(doc);
}

static json_t *
sources_json(const char *sources)
{
	json_t		*a = json_array();
	const char	*p = sources, *e;

	while (p != NULL && *p != '\0') {
		e = strchr(p, '\n');
		if (e == NULL)
			e = p + strlen(p);
		if (e > p)
			json_array_append_new(a, json_stringn(p, (size_t)(e - p)));
		p = *e ? e + 1 : e;
	}
	return a;
}

json_t *
api_bulletin_json(struct http_request *req, const struct db_bulletin *b, bool full)
{
	struct api_caller	*c = api_caller(req);
	json_t			*j = json_pack("{s:I, s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:o,"
				    " s:s, s:o, s:s, s:s, s:o}",
	    "id", (json_int_t)b->id, "kind", b->kind, "status", b->status, "lang", b->lang,
	    "title", b->title, "countries", api_words_json(b->countries),
	    "topics", api_words_json(b->topics),
	    "city", b->city_id ? json_pack("{s:I, s:s, s:o, s:s}", "id", (json_int_t)b->city_id,
	    "name_en", b->city_name_en, "name_ru", api_str_or_null(b->city_name_ru),
	    "country_code", b->city_country) : json_null(),
	    "organization", b->org_id ? json_pack("{s:I, s:s, s:s}", "id", (json_int_t)b->org_id,
	    "name_en", b->org_name_en, "name_ru", b->org_name_ru) : json_null(),
	    "source_url", api_str_or_null(b->source_url), "author_name", b->author_name,
	    "published_at", api_str_or_null(b->published_at), "created_at", b->created_at,
	    "updated_at", b->updated_at, "excerpt", excerpt_json(&req->arena, b));

	if (strcmp(b->kind, "fact_check") == 0)
		json_object_update_new(j, json_pack("{s:o, s:o, s:o, s:o, s:o}",
		    "claim", api_str_or_null(b->claim),
		    "claim_source", api_str_or_null(b->claim_source),
		    "claim_date", api_str_or_null(b->claim_date),
		    "verdict", api_str_or_null(b->verdict), "sources", sources_json(b->sources)));
	if (is_author(c, b) || api_is_moderator(c))
		json_object_set_new(j, "return_reason", api_str_or_null(b->return_reason));
	if (!full)
		return j;
	json_object_set_new(j, "body", json_string(b->body));
	json_object_set_new(j, "body_html",
	    json_string(markdown_html(&req->arena, b->body, strlen(b->body))));
	json_object_set_new(j, "revision", json_integer(b->revision));
	json_object_set_new(j, "editable", json_boolean(api_is_moderator(c) ||
	    (is_author(c, b) && (strcmp(b->status, "draft") == 0 ||
	    strcmp(b->status, "returned") == 0))));
	if (strcmp(b->kind, "fact_check") == 0 && strcmp(b->status, "published") == 0 &&
	    b->verdict != NULL)
		json_object_set_new(j, "claim_review_jsonld", claim_review(req, b));
	return j;
}

/* Reads the bulletin the caller may see; -1 after replying 404 or 500. */
static int
load(struct http_request *req, int64_t id, struct db_bulletin *b)
{
	int	rc = db_bulletin_get(api_db(req), &req->arena, id, b);

	if (rc == DB_OK && !can_see(api_caller(req), b))
		rc = DB_NOTFOUND;
	if (rc == DB_NOTFOUND) {
		api_problem(req, 404, "not_found", "no such bulletin");
		return -1;
	}
	if (rc != DB_OK) {
		api_reply_db_error(req, "reading a bulletin");
		return -1;
	}
	return 0;
}

static int
reply_bulletin(struct http_request *req, int status, int64_t id)
{
	struct db_bulletin	b;

	if (load(req, id, &b) == -1)
		return -1;
	api_reply_json(req, status, api_bulletin_json(req, &b, true));
	return 0;
}

int
api_bulletins_list(struct http_request *req)
{
	struct api_caller		*c = api_caller(req);
	struct db_bulletin_filter	 f = { 0 };
	struct api_page			 page;
	struct db_bulletin		*items;
	const char			*mine = http_query(req, "mine");
	size_t				 n;
	json_t				*list;
	bool				 more;

	if (api_require_page(req, &page) == -1)
		return -1;
	f.status = http_query(req, "status");
	f.kind = http_query(req, "kind");
	f.country = http_query(req, "country");
	f.topic = http_query(req, "topic");
	f.lang = http_query(req, "lang");
	if (f.lang != NULL && !api_in_list(api_locale_values, f.lang))
		return api_reply_bad_param(req, "lang", "invalid", "is not ru or en"), -1;
	if (f.status != NULL && !api_in_list(statuses, f.status))
		return api_reply_bad_param(req, "status", "invalid", "is not a status"), -1;
	if (f.kind != NULL && !api_in_list(api_bulletin_kind_values, f.kind))
		return api_reply_bad_param(req, "kind", "invalid", "is not a kind"), -1;
	if (f.topic != NULL && !api_in_list(api_topic_values, f.topic))
		return api_reply_bad_param(req, "topic", "invalid", "is not a topic"), -1;
	if (f.country != NULL && (strlen(f.country) != 2 || strchr(f.country, ' ')))
		return api_reply_bad_param(req, "country", "invalid", "is not a country code"), -1;
	if (mine != NULL && strcmp(mine, "1") == 0) {
		if (c->role == ROLE_PUBLIC)
			return api_problem(req, 401, "unauthenticated", "sign in first"), -1;
		f.author_id = c->user.id;
	} else if (f.status == NULL)
		f.status = "published";
	else if (strcmp(f.status, "published") != 0 && !api_is_moderator(c))
		return api_problem(req, c->role == ROLE_PUBLIC ? 401 : 403,
		    c->role == ROLE_PUBLIC ? "unauthenticated" : "forbidden",
		    "only staff see others' unpublished bulletins"), -1;
	f.before_id = page.a;
	f.limit = page.limit + 1;
	if (db_bulletin_list(api_db(req), &req->arena, &f, &items, &n) != DB_OK) {
		api_reply_db_error(req, "listing bulletins");
		return -1;
	}
	more = n > (size_t)page.limit;
	list = json_array();
	for (size_t i = 0; i < n && i < (size_t)page.limit; i++)
		json_array_append_new(list, api_bulletin_json(req, &items[i], false));
	api_reply_json(req, 200, api_page_json(list, more, more ? items[page.limit - 1].id : 0, 0));
	return 0;
}

int
api_bulletin_get(struct http_request *req)
{
	int64_t	id;

	if (api_require_id(req, 0, &id) == -1)
		return -1;
	return reply_bulletin(req, 200, id);
}

static void
field_error(json_t *errors, const char *field, const char *code, const char *message)
{
	json_array_append_new(errors, json_pack("{s:s, s:s, s:s}", "field", field, "code", code,
	    "message", message));
}

/* Copies the members present in body onto b; checks what the table cannot. */
static int
bulletin_from_json(struct http_request *req, json_t *body, struct db_bulletin *b)
{
	json_t	*v, *x, *errors = json_array();
	size_t	 i;

	if ((v = json_object_get(body, "kind")) != NULL)
		b->kind = json_string_value(v);
	if ((v = json_object_get(body, "lang")) != NULL)
		b->lang = json_string_value(v);
	if ((v = json_object_get(body, "title")) != NULL)
		b->title = json_string_value(v);
	if ((v = json_object_get(body, "body")) != NULL)
		b->body = json_string_value(v);
	if ((v = json_object_get(body, "countries")) != NULL) {
		json_array_foreach(v, i, x) {
			const char	*s = json_string_value(x);

			if (strlen(s) != 2 || s[0] < 'A' || s[0] > 'Z' || s[1] < 'A' || s[1] > 'Z') {
				field_error(errors, "countries", "invalid",
				    "must hold ISO 3166-1 alpha-2 codes");
				break;
			}
		}
		b->countries = api_words_of(&req->arena, v);
	}
	if ((v = json_object_get(body, "topics")) != NULL)
		b->topics = api_words_of(&req->arena, v);
	if ((v = json_object_get(body, "city_id")) != NULL)
		b->city_id = json_integer_value(v);
	if ((v = json_object_get(body, "source_url")) != NULL)
		b->source_url = json_string_value(v);
	if ((v = json_object_get(body, "claim")) != NULL)
		b->claim = json_string_value(v);
	if ((v = json_object_get(body, "claim_source")) != NULL)
		b->claim_source = json_string_value(v);
	if ((v = json_object_get(body, "claim_date")) != NULL) {
		time_t	t;

		b->claim_date = json_string_value(v);
		if (b->claim_date != NULL && text_time_parse(b->claim_date, &t) == -1)
			field_error(errors, "claim_date", "invalid", "must be a date YYYY-MM-DD");
	}
	if ((v = json_object_get(body, "verdict")) != NULL)
		b->verdict = json_string_value(v);
	if ((v = json_object_get(body, "sources")) != NULL) {
		char	*s = arena_strdup(&req->arena, "");

		json_array_foreach(v, i, x) {
			const char	*u = json_string_value(x);

			if (!text_has_prefix(u, "http://") && !text_has_prefix(u, "https://")) {
				field_error(errors, "sources", "invalid_url", "must hold http or https addresses");
				break;
			}
			s = arena_printf(&req->arena, "%s%s\n", s, u);
		}
		b->sources = s;
	}
	if (b->kind != NULL && strcmp(b->kind, "fact_check") == 0) {
		if (b->claim == NULL)
			field_error(errors, "claim", "required", "a fact check needs the claim");
		if (b->verdict == NULL)
			field_error(errors, "verdict", "required", "a fact check needs a verdict");
	}
	if (json_array_size(errors) > 0) {
		api_reply_invalid(req, errors);
		return -1;
	}
	json_decref(errors);
	return 0;
}

/* Commits a write, or answers for its failure; -1 after replying. */
static int
finish_write(struct http_request *req, int rc, const char *what)
{
	if (rc == DB_OK && db_commit(api_db(req)) == 0)
		return 0;
	db_rollback(api_db(req));
	if (rc == DB_INVALID)
		api_reply_bad_param(req, "city_id", "not_found", "no such city");
	else
		api_reply_db_error(req, what);
	return -1;
}

int
api_bulletin_create(struct http_request *req)
{
	struct api_caller	*c = api_caller(req);
	json_t			*body = api_require_body(req, &api_bulletin_input_body, false);
	struct db_bulletin	 b = { 0 };
	int64_t			 id = 0;
	int			 rc;

	if (body == NULL)
		return -1;
	b.topics = " ";
	if (bulletin_from_json(req, body, &b) == -1)
		return -1;
	b.status = "draft";
	b.author_id = c->user.id;
	b.org_id = c->user.org_id;
	if (db_begin(api_db(req)) == -1)
		return api_reply_db_error(req, "creating a bulletin"), -1;
	rc = db_bulletin_insert(api_db(req), &b, &id);
	if (finish_write(req, rc, "creating a bulletin") == -1)
		return -1;
	http_header(req, "location", arena_printf(&req->arena, API_PREFIX "/bulletins/%lld",
	    (long long)id));
	return reply_bulletin(req, 201, id);
}

/* Saves b with a new revision and answers with it. */
static int
save(struct http_request *req, struct db_bulletin *b, const char *note)
{
	int	rc;

	if (db_begin(api_db(req)) == -1)
		return api_reply_db_error(req, "saving a bulletin"), -1;
	rc = db_bulletin_update(api_db(req), b, api_caller(req)->user.id, note);
	if (finish_write(req, rc, "saving a bulletin") == -1)
		return -1;
	return reply_bulletin(req, 200, b->id);
}

int
api_bulletin_patch(struct http_request *req)
{
	struct api_caller	*c = api_caller(req);
	struct db_bulletin	 b;
	json_t			*body;
	int64_t			 id;

	if (api_require_id(req, 0, &id) == -1 || load(req, id, &b) == -1)
		return -1;
	if (!api_is_moderator(c) && !(is_author(c, &b) && (strcmp(b.status, "draft") == 0 ||
	    strcmp(b.status, "returned") == 0))) {
		api_problem(req, is_author(c, &b) ? 409 : 403,
		    is_author(c, &b) ? "not_editable" : "forbidden",
		    is_author(c, &b) ? "a submitted or published bulletin is edited by staff" :
		    "only the author and staff edit a bulletin");
		return -1;
	}
	body = api_require_body(req, &api_bulletin_input_body, true);
	if (body == NULL || bulletin_from_json(req, body, &b) == -1)
		return -1;
	return save(req, &b, jv_str(body, "note"));
}

/* Moves the bulletin on in its workflow, or answers 409 from a wrong state. */
static int
transition(struct http_request *req, const char *const from[], const char *to,
    const char *reason)
{
	struct db_bulletin	 b;
	int64_t			 id;
	char			 now[TEXT_TIME_LEN];

	if (api_require_id(req, 0, &id) == -1 || load(req, id, &b) == -1)
		return -1;
	if (!api_in_list(from, b.status)) {
		api_problem(req, 409, "wrong_status", arena_printf(&req->arena,
		    "a %s bulletin cannot become %s", b.status, to));
		return -1;
	}
	b.status = to;
	b.return_reason = reason;
	if (strcmp(to, "published") == 0) {
		text_time(time(NULL), now);
		b.published_at = now;
	}
	return save(req, &b, reason != NULL ? reason : to);
}

int
api_bulletin_submit(struct http_request *req)
{
	static const char *const from[] = { "draft", "returned", NULL };
	struct api_caller	*c = api_caller(req);
	struct db_bulletin	 b;
	int64_t			 id;

	if (api_require_id(req, 0, &id) == -1 || load(req, id, &b) == -1)
		return -1;
	if (!is_author(c, &b) && !api_is_moderator(c)) {
		api_problem(req, 403, "forbidden", "only the author submits a bulletin");
		return -1;
	}
	return transition(req, from, "submitted", NULL);
}

int
api_bulletin_publish(struct http_request *req)
{
	static const char *const from[] = { "draft", "submitted", "returned", NULL };
	struct db_bulletin	 b;
	int64_t			 id;

	if (transition(req, from, "published", NULL) == -1)
		return -1;
	/* answered already: only the announcement is left */
	if (api_require_id(req, 0, &id) == 0 &&
	    db_bulletin_get(api_db(req), &req->arena, id, &b) == DB_OK)
		api_publish("news", "bulletin.published", json_pack("{s:I, s:s, s:s, s:s, s:o, s:o}",
		    "id", (json_int_t)b.id, "kind", b.kind, "lang", b.lang, "title", b.title,
		    "countries", api_words_json(b.countries), "topics", api_words_json(b.topics)));
	return 0;
}

int
api_bulletin_return(struct http_request *req)
{
	static const char *const from[] = { "submitted", "published", NULL };
	json_t	*body = api_require_body(req, &api_bulletin_return_body, false);

	if (body == NULL)
		return -1;
	return transition(req, from, "returned", jv_str(body, "reason"));
}

/* The editable fields of a revision besides title and body; null when it did not keep them. */
static json_t *
revision_fields_json(const struct db_revision *r)
{
	if (!r->recorded)
		return json_null();
	return json_pack("{s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "kind", r->kind,
	    "lang", api_str_or_null(r->lang), "countries", api_words_json(r->countries),
	    "topics", api_words_json(r->topics), "city_id", api_id_or_null(r->city_id),
	    "source_url", api_str_or_null(r->source_url), "claim", api_str_or_null(r->claim),
	    "claim_source", api_str_or_null(r->claim_source),
	    "claim_date", api_str_or_null(r->claim_date), "verdict", api_str_or_null(r->verdict),
	    "sources", sources_json(r->sources));
}

/* The text fields of a revision, in the order "changed" names them (city_id last). */
static const struct {
	const char	*name;
	size_t		 offset;
	bool		 always;	/* kept by every revision, also before 0013 */
} revision_texts[] = {
	{ "kind", offsetof(struct db_revision, kind), false },
	{ "lang", offsetof(struct db_revision, lang), false },
	{ "title", offsetof(struct db_revision, title), true },
	{ "body", offsetof(struct db_revision, body), true },
	{ "countries", offsetof(struct db_revision, countries), false },
	{ "topics", offsetof(struct db_revision, topics), false },
	{ "source_url", offsetof(struct db_revision, source_url), false },
	{ "claim", offsetof(struct db_revision, claim), false },
	{ "claim_source", offsetof(struct db_revision, claim_source), false },
	{ "claim_date", offsetof(struct db_revision, claim_date), false },
	{ "verdict", offsetof(struct db_revision, verdict), false },
	{ "sources", offsetof(struct db_revision, sources), false },
};

static const char *
revision_text(const struct db_revision *r, size_t offset)
{
	const char	*s = *(const char *const *)(const void *)((const char *)r + offset);

	return s != NULL ? s : "";
}

/*
 * The fields revision r changed from prev, the one before it (NULL: r is
 * the first, which changed nothing): those both kept. Its status is not
 * among them; each revision states its own.
 */
static json_t *
revision_changes(const struct db_revision *r, const struct db_revision *prev)
{
	json_t	*a = json_array();
	bool	 both = prev != NULL && r->recorded && prev->recorded;

	for (size_t i = 0; prev != NULL && i < sizeof(revision_texts) / sizeof(revision_texts[0]); i++) {
		if (!revision_texts[i].always && !both)
			continue;
		if (strcmp(revision_text(r, revision_texts[i].offset),
		    revision_text(prev, revision_texts[i].offset)) != 0)
			json_array_append_new(a, json_string(revision_texts[i].name));
	}
	if (both && r->city_id != prev->city_id)
		json_array_append_new(a, json_string("city_id"));
	return a;
}

int
api_bulletin_revisions(struct http_request *req)
{
	struct api_caller	*c = api_caller(req);
	struct db_bulletin	 b;
	struct db_revision	*r;
	size_t			 n;
	int64_t			 id;
	json_t			*list;

	if (api_require_id(req, 0, &id) == -1 || load(req, id, &b) == -1)
		return -1;
	if (!is_author(c, &b) && !api_is_moderator(c)) {
		api_problem(req, 404, "not_found", "no such bulletin");
		return -1;
	}
	if (db_bulletin_revisions(api_db(req), &req->arena, id, &r, &n) != DB_OK)
		return api_reply_db_error(req, "listing revisions"), -1;
	list = json_array();
	/* newest first: the one before r[i] is r[i + 1] */
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, json_pack("{s:I, s:s, s:s, s:s, s:o, s:s, s:s, s:o, s:o}",
		    "revision", (json_int_t)r[i].revision, "title", r[i].title, "body", r[i].body,
		    "status", r[i].status, "note", api_str_or_null(r[i].note),
		    "editor_name", r[i].editor_name, "created_at", r[i].created_at,
		    "fields", revision_fields_json(&r[i]),
		    "changed", revision_changes(&r[i], i + 1 < n ? &r[i + 1] : NULL)));
	api_reply_json(req, 200, json_pack("{s:o}", "items", list));
	return 0;
}

int
api_markdown_preview(struct http_request *req)
{
	json_t		*body = api_require_body(req, &api_markdown_source_body, false);
	const char	*md;

	if (body == NULL)
		return -1;
	md = jv_str(body, "markdown");
	api_reply_json(req, 200, json_pack("{s:s}", "html",
	    markdown_html(&req->arena, md, strlen(md))));
	return 0;
}

int
api_exchange_activity(struct http_request *req)
{
	struct db_country_count	*c;
	size_t			 n;
	json_t			*list, *topics;

	if (db_bulletin_count_by_country(api_db(req), &req->arena, &c, &n) != DB_OK)
		return api_reply_db_error(req, "counting bulletins"), -1;
	list = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, json_pack("{s:s, s:s, s:s, s:I}",
		    "country_code", c[i].country_code, "name_en", c[i].name_en,
		    "name_ru", c[i].name_ru, "count", (json_int_t)c[i].count));
	topics = json_array();
	for (const char *const *t = api_topic_values; *t != NULL; t++)
		json_array_append_new(topics, json_string(*t));
	api_reply_json(req, 200, json_pack("{s:o, s:o}", "countries", list, "topics", topics));
	return 0;
}
