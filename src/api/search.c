/*
 * search: GET /search over every searchable kind the caller may see, ranked,
 * with the matched words marked. Marks travel as segments
 * [{"text": ..., "mark": true}], never as HTML built from user content.
 */
#include "api.h"

#include <string.h>
#include <time.h>

#include "../base/text.h"

/* "a\x02b\x03c" as [{"text":"a","mark":false},{"text":"b","mark":true},...] */
static json_t *
segments(const char *s)
{
	json_t		*a = json_array();
	bool		 mark = false;
	const char	*p = s;

	while (s != NULL && *p != '\0') {
		size_t	n = strcspn(p, "\x02\x03");

		if (n > 0) {
			json_t	*seg = json_object();

			/* not json_pack: reading its format was a third of a search's JSON */
			json_object_set_new_nocheck(seg, "text", json_stringn(p, n));
			json_object_set_new_nocheck(seg, "mark", json_boolean(mark));
			json_array_append_new(a, seg);
		}
		p += n;
		if (*p != '\0')
			mark = *p++ == '\x02';
	}
	return a;
}

/*
 * The API's kind of a hit: bulletin, fact_check, aid, organization, partnership, meeting, event,
 * person, practice, shipment, delegation.
 */
static const char *
hit_kind(const struct db_search_hit *h)
{
	switch (h->table) {
	case DB_SEARCH_BULLETIN:
		return strcmp(h->kind, "fact_check") == 0 ? "fact_check" : "bulletin";
	case DB_SEARCH_AID:
		return "aid";
	case DB_SEARCH_ORG:
		return "organization";
	case DB_SEARCH_PARTNERSHIP:
		return "partnership";
	case DB_SEARCH_MEETING:
		return "meeting";
	case DB_SEARCH_EVENT:
		return "event";
	case DB_SEARCH_PERSON:
		return "person";
	case DB_SEARCH_PRACTICE:
		return "practice";
	case DB_SEARCH_SHIPMENT:
		return "shipment";
	case DB_SEARCH_DELEGATION:
		return "delegation";
	}
	return "bulletin";
}

/* The hit's page in the web UI; NULL when the caller may not open one. */
static json_t *
hit_url(struct arena *a, const struct db_search_hit *h)
{
	static const struct {
		const char	*kind, *path;
	} pages[] = {
		{ "bulletin", "/news/" }, { "fact_check", "/fact-checks/" }, { "aid", "/aid/" },
		{ "organization", "/organizations/" }, { "partnership", "/partners/" },
		{ "meeting", "/meetings/" }, { "event", "/events/" }, { "person", "/people/" },
		{ "practice", "/practices/" }, { "shipment", "/shipments/" },
		{ "delegation", "/delegations/" },
	};
	const char	*kind = hit_kind(h);

	for (size_t i = 0; h->has_page && i < sizeof(pages) / sizeof(pages[0]); i++)
		if (strcmp(pages[i].kind, kind) == 0)
			return json_string(arena_printf(a, "%s%lld", pages[i].path, (long long)h->id));
	return json_null();
}

static json_t *
str_or_null(const char *s)
{
	return s != NULL ? json_string(s) : json_null();
}

/* The keys set one by one, in order: json_pack reads its format again for every hit. */
static json_t *
hit_json(struct http_request *req, const struct db_search_hit *h)
{
	json_t	*o = json_object();

	json_object_set_new_nocheck(o, "kind", json_string(hit_kind(h)));
	json_object_set_new_nocheck(o, "subkind", json_string(h->kind));
	json_object_set_new_nocheck(o, "id", json_integer((json_int_t)h->id));
	json_object_set_new_nocheck(o, "lang", str_or_null(h->lang));
	json_object_set_new_nocheck(o, "title", json_string(h->title));
	json_object_set_new_nocheck(o, "title_marked", segments(h->title_marked));
	json_object_set_new_nocheck(o, "snippet", segments(h->snippet_marked));
	json_object_set_new_nocheck(o, "countries", api_words_json(h->countries));
	json_object_set_new_nocheck(o, "topics", h->table == DB_SEARCH_BULLETIN ?
	    api_words_json(h->topics) : json_array());
	json_object_set_new_nocheck(o, "date", str_or_null(h->date));
	json_object_set_new_nocheck(o, "date_to", str_or_null(h->date_to));
	json_object_set_new_nocheck(o, "status", str_or_null(h->status));
	json_object_set_new_nocheck(o, "url", hit_url(&req->arena, h));
	json_object_set_new_nocheck(o, "score", json_real(-h->score));
	return o;
}

static bool
date_ok(const char *s)
{
	time_t	t;

	return strlen(s) == 10 && text_time_parse(s, &t) == 0;
}

int
api_search(struct http_request *req)
{
	struct api_caller	*c = api_caller(req);
	struct db_meeting_scope	 meetings = meeting_scope(req);
	struct db_event_scope	 events = api_event_scope(req);
	struct db_search_query	 q = { 0 };
	struct db_search_hit	*hits;
	const char		*limit = http_query(req, "limit");
	int64_t			 l = 20;
	size_t			 n;
	json_t			*list;
	int			 rc;

	q.q = http_query(req, "q");
	q.kind = http_query(req, "kind");
	q.country = http_query(req, "country");
	q.topic = http_query(req, "topic");
	q.from = http_query(req, "from");
	q.to = http_query(req, "to");
	if (q.q == NULL || strlen(q.q) > 300)
		return api_reply_bad_param(req, "q", "required", "give up to 300 characters"), -1;
	if (q.kind != NULL && !db_search_kind_known(q.kind))
		return api_reply_bad_param(req, "kind", "invalid", "is not a searchable kind"), -1;
	if (q.country != NULL && (strlen(q.country) != 2 || strchr(q.country, ' ')))
		return api_reply_bad_param(req, "country", "invalid", "is not a country code"), -1;
	if (q.topic != NULL && !api_in_list(api_topic_values, q.topic))
		return api_reply_bad_param(req, "topic", "invalid", "is not a topic"), -1;
	if ((q.from != NULL && !date_ok(q.from)) || (q.to != NULL && !date_ok(q.to)))
		return api_reply_bad_param(req, q.from != NULL && !date_ok(q.from) ? "from" : "to",
		    "invalid", "must be a date YYYY-MM-DD"), -1;
	if (limit != NULL && text_int(limit, 1, 50, &l) == -1)
		return api_reply_bad_param(req, "limit", "out_of_range", "must be 1 to 50"), -1;
	if (q.to != NULL)	/* inclusive: every time of that day sorts before "T99" */
		q.to = arena_printf(&req->arena, "%sT99", q.to);
	q.limit = (int)l;
	q.sees_all = api_is_moderator(c);
	q.user_id = c->role == ROLE_PUBLIC ? 0 : c->user.id;
	q.partner_city = c->role == ROLE_PARTNER ? api_home_city(req) : 0;
	/* GET /meetings/{id} is for signed-in callers, in their meeting_scope() */
	q.meetings = c->role != ROLE_PUBLIC ? &meetings : NULL;
	q.events = &events;
	rc = db_search(api_db(req), &req->arena, &q, &hits, &n);
	if (rc == DB_INVALID)
		return api_reply_bad_param(req, "q", "no_words", "has no word to search for"), -1;
	if (rc != DB_OK)
		return api_reply_db_error(req, "searching"), -1;
	list = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, hit_json(req, &hits[i]));
	api_reply_json(req, 200, json_pack("{s:o}", "items", list));
	return 0;
}
