/*
 * meetings: meetings with participants, agenda, topics, minutes, and the
 * calendar (occurrences of series expanded in a range). The scope rules
 * (meeting_common.c, beside what other resources need of a meeting):
 * Staff manage the meetings their organization hosts (admins all); staff
 * and admins see every meeting; a partner sees those where its organization
 * or its city takes part; a correspondent those where its organization does.
 * Outside one's scope a meeting does not exist (404).
 */
#include "api.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../base/log.h"
#include "../base/text.h"
#include "../cal/cal.h"
#include "../base/markdown.h"

#define N(a)	(sizeof(a) / sizeof(a[0]))

/* --- the calendar --- */

#define MAX_RANGE_DAYS	400
/*
 * When a meeting may start: a zone's reading of a far year costs libical
 * tens of milliseconds, every time.
 */
#define EARLIEST	((time_t)-2208988800)		/* 1900-01-01T00:00:00Z */
#define LATEST		((time_t)16756761600 - 1)	/* 2500-12-31T23:59:59Z */
#define MAX_OCCURRENCES	1000
/* what expanding series may cost: a meeting's page, a calendar range */
#define MEETING_STEPS	10000
#define MEETING_MS	200
#define LIST_STEPS	200000
#define LIST_MS		1000

/* --- JSON --- */

static json_t *
local_json(const char *tzid, time_t t)
{
	struct cal_local	l;

	if (tzid == NULL || cal_tz_local(tzid, t, &l) == -1)
		return json_null();
	return json_sprintf("%04d-%02d-%02dT%02d:%02d", l.year, l.month, l.day, l.hour, l.minute);
}

static json_t *
time_json(time_t t)
{
	char	buf[TEXT_TIME_LEN];

	text_time(t, buf);
	return json_string(buf);
}

static const char *
participant_kind(const struct db_participant *p)
{
	if (p->person_id > 0 || p->name_ru != NULL || p->name_en != NULL || p->email != NULL)
		return "person";
	if (p->organization_id > 0)
		return "organization";
	if (p->city_id > 0)
		return "city";
	return "group";
}

/* email: shown to the meeting's managers only */
static json_t *
participant_json(const struct db_participant *p, time_t start, bool email)
{
	json_t	*j = json_pack("{s:I, s:I, s:s, s:s?, s:s?, s:s?, s:s?}",
	    "id", (json_int_t)p->id, "position", (json_int_t)p->position,
	    "kind", participant_kind(p), "name_ru", p->name_ru, "name_en", p->name_en,
	    "post_ru", p->post_ru, "post_en", p->post_en);

	api_participant_columns_json(j, p);	/* role, label_ru, label_en, person_id */

	json_object_set_new(j, "organization", p->organization_id > 0 ?
	    json_pack("{s:I, s:s?, s:s?}", "id", (json_int_t)p->organization_id,
	    "name_ru", p->org_name_ru, "name_en", p->org_name_en) : json_null());
	json_object_set_new(j, "city", p->city.id > 0 ?
	    json_pack("{s:I, s:s?, s:s?, s:s?, s:s?, s:o}", "id", (json_int_t)p->city.id,
	    "name_ru", p->city.name_ru, "name_en", p->city.name_en,
	    "country_code", p->city.country_code, "timezone", p->city.timezone,
	    "local_start", start ? local_json(p->city.timezone, start) : json_null()) :
	    json_null());
	json_object_set_new(j, "country_code", p->country_code ? json_string(p->country_code) :
	    p->city.country_code ? json_string(p->city.country_code) : json_null());
	/* city_id: what the row holds, for an edit to send back (as person_id) */
	json_object_set_new(j, "city_id", api_id_or_null(p->own_city_id));
	if (email)
		json_object_set_new(j, "email", api_str_or_null(p->email));
	return j;
}

/* The distinct cities taking part, in protocol order. */
static json_t *
cities_json(const struct db_meeting *m, time_t start)
{
	json_t	*list = json_array();

	for (size_t i = 0; i < m->nparticipants; i++) {
		const struct db_participant	*p = &m->participants[i];
		bool				 seen = false;

		if (p->city.id == 0)
			continue;
		for (size_t k = 0; k < i; k++)
			seen |= m->participants[k].city.id == p->city.id;
		if (!seen)
			json_array_append_new(list, json_pack("{s:I, s:s?, s:s?, s:s?, s:s?, s:o}",
			    "id", (json_int_t)p->city.id, "name_ru", p->city.name_ru,
			    "name_en", p->city.name_en, "country_code", p->city.country_code,
			    "timezone", p->city.timezone,
			    "local_start", start ? local_json(p->city.timezone, start) :
			    json_null()));
	}
	return list;
}

static json_t *
meeting_summary_json(const struct db_meeting *m, time_t start)
{
	time_t	first = 0;
	json_t	*j;

	if (m->starts_at != NULL)
		text_time_parse(m->starts_at, &first);
	if (start == 0)
		start = first;
	j = json_pack("{s:I, s:s?, s:s?, s:{s:I, s:s?, s:s?}}",
	    "id", (json_int_t)m->id, "starts_at", m->starts_at, "rrule", m->rrule,
	    "host_organization", "id", (json_int_t)m->host_org_id, "name_ru", m->host_name_ru,
	    "name_en", m->host_name_en);
	api_meeting_columns_json(j, m);
	json_object_set_new(j, "start", start ? time_json(start) : json_null());
	json_object_set_new(j, "end", start ? time_json(start + m->duration * 60) : json_null());
	json_object_set_new(j, "cities", cities_json(m, start));
	return j;
}

/*
 * The starts of m in [from, to), at most max. A stored rule that cannot be
 * expanded (saved before rules were checked) shows the start alone.
 */
static size_t
occurrences(struct http_request *req, const struct db_meeting *m, time_t first, time_t from,
    time_t to, time_t *out, size_t max, struct cal_budget *b)
{
	time_t	*ex;
	size_t	 nex = meeting_exdates(&req->arena, m->exdates, &ex), n;

	if (cal_expand(m->rrule, m->timezone, first, ex, nex, from, to, out, max, &n, b) == 0)
		return n;
	if (m->rrule != NULL)
		log_warn("meeting %lld: its recurrence rule cannot be expanded; its start stands "
		    "alone", (long long)m->id);
	return cal_expand(NULL, m->timezone, first, ex, nex, from, to, out, max, &n, b) == 0 ?
	    n : 0;
}

static json_t *
meeting_json(struct http_request *req, const struct db_meeting *m)
{
	time_t		 first = 0, *ex, occ[10];
	size_t		 nex = meeting_exdates(&req->arena, m->exdates, &ex), nocc = 0;
	json_t		*j, *list;
	char		 today[11];
	struct cal_budget b;

	cal_budget_init(&b, MEETING_STEPS, MEETING_MS);
	if (m->starts_at != NULL && text_time_parse(m->starts_at, &first) == 0)
		nocc = occurrences(req, m, first, first, first + 3 * 366 * 86400, occ, 10, &b);
	j = meeting_summary_json(m, 0);
	list = json_array();
	for (size_t i = 0; i < m->nparticipants; i++)
		json_array_append_new(list, participant_json(&m->participants[i], first,
		    meeting_can_manage(req, m)));
	json_object_set_new(j, "participants", list);
	list = json_array();
	for (size_t i = 0; i < m->nagenda; i++)
		json_array_append_new(list, json_pack("{s:I, s:s, s:s, s:s?, s:o}",
		    "position", (json_int_t)m->agenda[i].position,
		    "title_ru", m->agenda[i].title_ru, "title_en", m->agenda[i].title_en,
		    "presenter", m->agenda[i].presenter, "minutes", m->agenda[i].minutes > 0 ?
		    json_integer(m->agenda[i].minutes) : json_null()));
	json_object_set_new(j, "agenda", list);
	list = json_array();
	for (size_t i = 0; i < m->ntopics; i++)
		json_array_append_new(list, json_pack("{s:s, s:s}", "ru", m->topics[i].ru,
		    "en", m->topics[i].en));
	json_object_set_new(j, "topics", list);
	list = json_array();
	for (size_t i = 0; i < nex; i++)
		json_array_append_new(list, time_json(ex[i]));
	json_object_set_new(j, "exdates", list);
	list = json_array();
	for (size_t i = 0; i < nocc; i++)
		json_array_append_new(list, time_json(occ[i]));
	json_object_set_new(j, "occurrences", list);
	json_object_set_new(j, "minutes_ru", json_string(m->minutes_ru ? m->minutes_ru : ""));
	json_object_set_new(j, "minutes_en", json_string(m->minutes_en ? m->minutes_en : ""));
	json_object_set_new(j, "minutes_ru_html",
	    json_string(markdown_html(&req->arena, m->minutes_ru ? m->minutes_ru : "", m->minutes_ru ? strlen(m->minutes_ru) : 0)));
	json_object_set_new(j, "minutes_en_html",
	    json_string(markdown_html(&req->arena, m->minutes_en ? m->minutes_en : "", m->minutes_en ? strlen(m->minutes_en) : 0)));
	api_date_today(0, today);
	list = json_array();
	for (size_t i = 0; i < m->nactions; i++)
		json_array_append_new(list, action_json(&m->actions[i], today));
	json_object_set_new(j, "actions", list);
	json_object_set_new(j, "join_url", json_sprintf("/meetings/%lld/room", (long long)m->id));
	json_object_set_new(j, "ics_url", json_sprintf(API_PREFIX "/meetings/%lld.ics",
	    (long long)m->id));
	json_object_set_new(j, "can_manage", json_boolean(meeting_can_manage(req, m)));
	json_object_set_new(j, "created_at", json_string(m->created_at));
	json_object_set_new(j, "updated_at", json_string(m->updated_at));
	return j;
}

static int
range_param(struct http_request *req, const char *name, time_t dflt, time_t *out)
{
	const char	*s = http_query(req, name);

	if (s == NULL) {
		*out = dflt;
		return 0;
	}
	if (text_time_parse(s, out) == -1) {
		api_reply_bad_param(req, name, "invalid_time",
		    "is not an RFC 3339 UTC time or a YYYY-MM-DD date");
		return -1;
	}
	return 0;
}

/* at most this many meetings in the upcoming or the past list */
#define WHEN_LIMIT	200

struct dated {
	time_t	 at;
	json_t	*j;
};

static int
dated_asc(const void *a, const void *b)
{
	const struct dated	*x = a, *y = b;

	return x->at < y->at ? -1 : x->at > y->at;
}

static int
dated_desc(const void *a, const void *b)
{
	return dated_asc(b, a);
}

/*
 * When m is listed as upcoming (its next occurrence not over by now) or past
 * (its latest start before now); 0: it is not.
 */
static time_t
listed_at(struct http_request *req, const struct db_meeting *m, bool upcoming, time_t now,
    struct cal_budget *b)
{
	time_t	first, occ[64];
	size_t	n;

	if (m->starts_at == NULL)
		return text_time_parse(m->date_from, &first) == 0 ? first : 0;
	if (text_time_parse(m->starts_at, &first) == -1)
		return 0;
	if (upcoming) {
		n = occurrences(req, m, first, now - m->duration * 60 + 1, LATEST, occ, 1, b);
		return n > 0 ? occ[0] : 0;
	}
	if (first >= now)
		return 0;
	n = occurrences(req, m, first, now - 366 * 86400, now, occ, 64, b);
	return n > 0 ? occ[n - 1] : first;
}

/*
 * GET /meetings?when=upcoming|past: each meeting once, at its next
 * occurrence (soonest first) or its latest start (latest first).
 */
static int
meetings_when(struct http_request *req, bool upcoming)
{
	struct db_meeting_scope	 scope = meeting_scope(req);
	struct db_meeting	*items;
	struct dated		*v;
	time_t			 now = time(NULL);
	char			 nbuf[TEXT_TIME_LEN];
	size_t			 n, k = 0;
	json_t			*list;
	struct cal_budget	 b;

	text_time(now, nbuf);
	if (db_meeting_list_when(api_db(req), &req->arena, &scope, upcoming, nbuf, WHEN_LIMIT,
	    &items, &n) != DB_OK) {
		api_reply_db_error(req, "listing meetings");
		return -1;
	}
	v = arena_alloc(&req->arena, (n + 1) * sizeof(*v));
	cal_budget_init(&b, LIST_STEPS, LIST_MS);
	for (size_t i = 0; i < n; i++) {
		time_t	at = listed_at(req, &items[i], upcoming, now, &b);

		if (at != 0 || (items[i].starts_at == NULL && items[i].date_from != NULL))
			v[k++] = (struct dated){ at, meeting_summary_json(&items[i],
			    items[i].starts_at != NULL ? at : 0) };
	}
	qsort(v, k, sizeof(*v), upcoming ? dated_asc : dated_desc);
	list = json_array();
	for (size_t i = 0; i < k; i++)
		json_array_append_new(list, v[i].j);
	api_reply_json(req, 200, json_pack("{s:o, s:s, s:b}", "items", list,
	    "when", upcoming ? "upcoming" : "past", "truncated", n >= WHEN_LIMIT || b.exhausted));
	return 0;
}

int
api_meetings_list(struct http_request *req)
{
	struct db_meeting_filter f = { .scope = meeting_scope(req), .limit = 500 };
	struct db_meeting	*items;
	time_t			 from, to, now = time(NULL), occ[64];
	char			 fbuf[TEXT_TIME_LEN], tbuf[TEXT_TIME_LEN];
	const char		*when = http_query(req, "when");
	size_t			 n, total = 0;
	json_t			*list;
	struct cal_budget	 b;

	if (when != NULL) {
		if (strcmp(when, "upcoming") != 0 && strcmp(when, "past") != 0) {
			api_reply_bad_param(req, "when", "invalid", "is upcoming or past");
			return -1;
		}
		if (http_query(req, "from") != NULL || http_query(req, "to") != NULL) {
			api_reply_bad_param(req, "when", "invalid", "goes without from and to");
			return -1;
		}
		return meetings_when(req, strcmp(when, "upcoming") == 0);
	}
	if (range_param(req, "from", now - 31 * 86400, &from) == -1 ||
	    range_param(req, "to", now + 92 * 86400, &to) == -1)
		return -1;
	if (to <= from) {
		api_reply_bad_param(req, "to", "end_before_start", "must be after from");
		return -1;
	}
	if (to - from > MAX_RANGE_DAYS * 86400) {
		api_reply_bad_param(req, "to", "range_too_long", "the range is at most 400 days");
		return -1;
	}
	text_time(from - 86400, fbuf);	/* a meeting begun the day before may still run */
	text_time(to, tbuf);
	f.from = fbuf;
	f.to = tbuf;
	if (db_meeting_list(api_db(req), &req->arena, &f, &items, &n) != DB_OK) {
		api_reply_db_error(req, "listing meetings");
		return -1;
	}
	list = json_array();
	cal_budget_init(&b, LIST_STEPS, LIST_MS);
	for (size_t i = 0; i < n && total < MAX_OCCURRENCES; i++) {
		struct db_meeting	*m = &items[i];
		time_t			 first;
		size_t			 nocc;

		if (m->starts_at == NULL) {
			json_array_append_new(list, meeting_summary_json(m, 0));
			total++;
			continue;
		}
		if (text_time_parse(m->starts_at, &first) == -1)
			continue;
		nocc = occurrences(req, m, first, from - m->duration * 60 + 1, to, occ, 64, &b);
		for (size_t k = 0; k < nocc && total < MAX_OCCURRENCES; k++, total++)
			json_array_append_new(list, meeting_summary_json(m, occ[k]));
	}
	if (b.exhausted)
		log_warn("listing meetings: the series took more than their budget; the list is short");
	api_reply_json(req, 200, json_pack("{s:o, s:o, s:o, s:b}", "items", list,
	    "from", time_json(from), "to", time_json(to),
	    "truncated", total >= MAX_OCCURRENCES || b.exhausted));
	return 0;
}

/* --- create and change --- */

/*
 * A participant who is a person of the people table: the row keeps a copy of
 * the name and post (shown should the person be deleted); the address is
 * read from the person.
 */
static void
participant_person(struct http_request *req, struct db_participant *p, const char *field,
    json_t *errors)
{
	struct db_person	pe;
	int			rc = db_person_get(api_db(req), &req->arena, p->person_id, &pe);

	if (rc == DB_NOTFOUND) {
		jv_error_add(errors, arena_printf(&req->arena, "%s.person_id", field), "not_found",
		    "no such person");
		return;
	}
	if (rc != DB_OK) {
		jv_error_add(errors, arena_printf(&req->arena, "%s.person_id", field), "internal",
		    "cannot read the person");
		return;
	}
	p->name_ru = pe.name_ru;
	p->name_en = pe.name_en;
	p->post_ru = pe.post_ru;
	p->post_en = pe.post_en;
}

/* Checks the references and rules the field tables cannot; fills m's children. */
static void
children_from_json(struct http_request *req, json_t *body, struct db_meeting *m,
    json_t *errors)
{
	json_t	*arr, *v;
	size_t	 i;
	char	 field[64];

	if ((arr = json_object_get(body, "participants")) != NULL && json_is_array(arr)) {
		jv_check_items(arr, "participants", api_participant_input_body.fields, api_participant_input_body.n,
		    errors);
		m->nparticipants = json_array_size(arr);
		m->participants = arena_alloc(&req->arena,
		    (m->nparticipants + 1) * sizeof(*m->participants));
		json_array_foreach(arr, i, v) {
			struct db_participant	*p = &m->participants[i];
			struct db_org		 o;
			struct db_city		 c;

			memset(p, 0, sizeof(*p));
			api_participant_columns_from(v, p);	/* role, label_ru, ... */
			p->organization_id = json_integer_value(json_object_get(v, "organization_id"));
			p->city_id = json_integer_value(json_object_get(v, "city_id"));
			p->country_code = jv_str(v, "country_code");
			p->name_ru = jv_str(v, "name_ru");
			p->name_en = jv_str(v, "name_en");
			p->post_ru = jv_str(v, "post_ru");
			p->post_en = jv_str(v, "post_en");
			if ((p->email = jv_str(v, "email")) != NULL)
				p->email = text_lower_ascii(arena_strdup(&req->arena, p->email));
			snprintf(field, sizeof(field), "participants[%zu]", i);
			if (p->person_id > 0)
				participant_person(req, p, field, errors);
			if (p->person_id == 0 && p->organization_id == 0 && p->city_id == 0 &&
			    p->name_en == NULL &&
			    p->name_ru == NULL && p->label_en == NULL && p->label_ru == NULL &&
			    p->email == NULL)
				jv_error_add(errors, field, "required",
				    "names no person, address, organization, city or group");
			if (p->organization_id > 0 && db_org_get(api_db(req), &req->arena,
			    p->organization_id, &o) == DB_NOTFOUND)
				jv_error_add(errors, arena_printf(&req->arena, "%s.organization_id", field),
				    "not_found", "no such organization");
			if (p->city_id > 0 && db_city_get(api_db(req), &req->arena, p->city_id,
			    &c) == DB_NOTFOUND)
				jv_error_add(errors, arena_printf(&req->arena, "%s.city_id", field),
				    "not_found", "no such city");
		}
	}
	if ((arr = json_object_get(body, "agenda")) != NULL && json_is_array(arr)) {
		jv_check_items(arr, "agenda", api_agenda_item_input_body.fields, api_agenda_item_input_body.n, errors);
		m->nagenda = json_array_size(arr);
		m->agenda = arena_alloc(&req->arena, (m->nagenda + 1) * sizeof(*m->agenda));
		json_array_foreach(arr, i, v) {
			memset(&m->agenda[i], 0, sizeof(m->agenda[i]));
			m->agenda[i].title_ru = jv_str(v, "title_ru");
			m->agenda[i].title_en = jv_str(v, "title_en");
			m->agenda[i].presenter = jv_str(v, "presenter");
			m->agenda[i].minutes = json_integer_value(json_object_get(v, "minutes"));
		}
	}
	if ((arr = json_object_get(body, "topics")) != NULL && json_is_array(arr)) {
		jv_check_items(arr, "topics", api_topic_input_body.fields, api_topic_input_body.n, errors);
		m->ntopics = json_array_size(arr);
		m->topics = arena_alloc(&req->arena, (m->ntopics + 1) * sizeof(*m->topics));
		json_array_foreach(arr, i, v) {
			m->topics[i].ru = jv_str(v, "ru");
			m->topics[i].en = jv_str(v, "en");
		}
	}
}

static const char *const rrule_codes[] = {
	[CAL_RRULE_INVALID] = "invalid_rrule",
	[CAL_RRULE_FREQUENCY] = "rrule_frequency",
	[CAL_RRULE_NEVER] = "rrule_never",
	[CAL_RRULE_START] = "rrule_start",
};

/*
 * The rule, when it or the start or the zone changes, checked against the
 * start (cal_rrule_check) and kept in normal form.
 */
static void
rrule_check(struct http_request *req, json_t *body, struct db_meeting *m, json_t *errors)
{
	bool			 given = json_object_get(body, "rrule") != NULL;
	struct cal_rrule	 r;
	enum cal_rrule_verdict	 v;
	time_t			 start;

	if (m->rrule == NULL || m->starts_at == NULL || m->timezone == NULL ||
	    !cal_tz_known(m->timezone) || text_time_parse(m->starts_at, &start) == -1)
		return;
	if (!given && json_object_get(body, "starts_at") == NULL &&
	    json_object_get(body, "timezone") == NULL)
		return;
	if ((v = cal_rrule_check(&req->arena, m->rrule, m->timezone, start, &r)) == CAL_RRULE_OK)
		m->rrule = r.text;
	else
		jv_error_add(errors, given ? "rrule" : "starts_at", rrule_codes[v], r.why);
}

/* Copies body onto m and checks what tables cannot; errors collected. */
static void
meeting_from_json(struct http_request *req, json_t *body, struct db_meeting *m,
    json_t *errors)
{
	json_t	*v, *e;
	time_t	 start = 0, end;
	size_t	 i;

	api_meeting_columns_from(body, m);	/* title_ru, format, timezone, duration ... */
	if ((v = json_object_get(body, "minutes_ru")) != NULL)
		m->minutes_ru = json_string_value(v);
	if ((v = json_object_get(body, "minutes_en")) != NULL)
		m->minutes_en = json_string_value(v);
	if (json_object_get(body, "timezone") != NULL && m->timezone != NULL &&
	    !cal_tz_known(m->timezone))
		jv_error_add(errors, "timezone", "unknown_timezone", "is not an IANA time zone");
	if ((v = json_object_get(body, "starts_at")) != NULL && json_is_string(v)) {
		if (text_time_parse(json_string_value(v), &start) == -1)
			jv_error_add(errors, "starts_at", "invalid_time", "is not an RFC 3339 UTC time");
		else if (start < EARLIEST || start > LATEST)
			jv_error_add(errors, "starts_at", "out_of_range", "a meeting starts between "
			    "1900 and 2500");
		else {
			char	*buf = arena_alloc(&req->arena, TEXT_TIME_LEN);

			text_time(start, buf);
			m->starts_at = buf;
			m->date_from = m->date_to = m->date_note_ru = m->date_note_en = NULL;
		}
	}
	if ((v = json_object_get(body, "ends_at")) != NULL && json_is_string(v)) {
		if (text_time_parse(json_string_value(v), &end) == -1)
			jv_error_add(errors, "ends_at", "invalid_time", "is not an RFC 3339 UTC time");
		else if (m->starts_at != NULL && text_time_parse(m->starts_at, &start) == 0) {
			if (end <= start)
				jv_error_add(errors, "ends_at", "end_before_start", "must be after starts_at");
			else if (end - start > 1440 * 60)
				jv_error_add(errors, "ends_at", "out_of_range", "a meeting lasts a day at most");
			else
				m->duration = (end - start) / 60;
		}
	}
	if (m->duration == 0)
		jv_error_add(errors, "duration", "required", "give duration or ends_at");
	if ((v = json_object_get(body, "rrule")) != NULL)
		m->rrule = json_string_value(v);
	rrule_check(req, body, m, errors);
	if ((v = json_object_get(body, "exdates")) != NULL && json_is_array(v)) {
		size_t	 size = json_array_size(v) * TEXT_TIME_LEN + 1, len = 0;
		char	*list = arena_alloc(&req->arena, size);

		list[0] = '\0';
		json_array_foreach(v, i, e) {
			time_t	t;
			char	buf[TEXT_TIME_LEN];

			if (!json_is_string(e) || text_time_parse(json_string_value(e), &t) == -1) {
				jv_error_add(errors, arena_printf(&req->arena, "exdates[%zu]", i),
				    "invalid_time", "is not an RFC 3339 UTC time");
				continue;
			}
			if (t < EARLIEST || t > LATEST) {
				jv_error_add(errors, arena_printf(&req->arena, "exdates[%zu]", i),
				    "out_of_range", "lies outside 1900..2500");
				continue;
			}
			text_time(t, buf);
			len += (size_t)snprintf(list + len, size - len, "%s%s", len > 0 ? " " : "", buf);
		}
		m->exdates = list;
	}
	children_from_json(req, body, m, errors);
}

/* The history of m, newest first: staff and admins see it (it names who changed what). */
static int
changes_set(struct http_request *req, const struct db_meeting *m, json_t *j)
{
	struct api_caller		*c = api_caller(req);
	struct db_meeting_change	*v;
	size_t				 n;
	json_t				*list;

	if (c->role != ROLE_STAFF && c->role != ROLE_ADMIN)
		return 0;
	if (db_meeting_changes(api_db(req), &req->arena, m->id, &v, &n) != DB_OK)
		return -1;
	list = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, json_pack("{s:I, s:s, s:s?, s:s, s:s?, s:s?}",
		    "id", (json_int_t)v[i].id, "changed_at", v[i].changed_at,
		    "changed_by", v[i].changed_by_name, "field", v[i].field,
		    "old", v[i].old_value, "new", v[i].new_value));
	json_object_set_new(j, "changes", list);
	return 0;
}

static int
reply_meeting(struct http_request *req, int status, int64_t id)
{
	struct db_meeting	 m;
	json_t			*j;

	if (meeting_require(req, id, &m) == -1)
		return -1;
	j = meeting_json(req, &m);
	if (changes_set(req, &m, j) == -1) {
		json_decref(j);
		api_reply_db_error(req, "reading a meeting's history");
		return -1;
	}
	if (api_roadmap_links_set(req, m.id, json_object_get(j, "actions")) == -1) {
		json_decref(j);
		api_reply_db_error(req, "reading a meeting's roadmap links");
		return -1;
	}
	api_reply_json(req, status, j);
	return 0;
}

/* A meeting that is over: its guest links die with it. */
static bool
over(const struct db_meeting *m)
{
	return strcmp(m->status, "held") == 0 || strcmp(m->status, "cancelled") == 0;
}

static bool
same(const char *a, const char *b)
{
	return a == b || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

/* Whether invitations must tell of the change from old to m: what a calendar shows. */
static bool
invitation_change(const struct db_meeting *old, const struct db_meeting *m)
{
	if (!same(old->title_ru, m->title_ru) || !same(old->title_en, m->title_en) ||
	    !same(old->format, m->format) || !same(old->timezone, m->timezone) ||
	    !same(old->starts_at, m->starts_at) || old->duration != m->duration ||
	    !same(old->rrule, m->rrule) || !same(old->exdates, m->exdates) ||
	    !same(old->status, m->status))
		return true;
	if (old->nparticipants != m->nparticipants)
		return true;
	for (size_t i = 0; i < m->nparticipants; i++)
		if (!same(old->participants[i].email, m->participants[i].email) ||
		    old->participants[i].organization_id != m->participants[i].organization_id ||
		    !same(old->participants[i].role, m->participants[i].role))
			return true;
	return false;
}

/* A participant as a line of the history: its Russian and English names, a tab between. */
static const char *
participant_line(struct arena *a, const struct db_participant *p)
{
	const char	*ru = p->name_ru ? p->name_ru : p->label_ru ? p->label_ru :
			    p->organization_id > 0 ? p->org_name_ru : p->city.name_ru;
	const char	*en = p->name_en ? p->name_en : p->label_en ? p->label_en :
			    p->organization_id > 0 ? p->org_name_en : p->city.name_en;

	if (ru == NULL)
		ru = en;
	if (en == NULL)
		en = ru;
	if (ru == NULL)
		return p->email != NULL ? arena_printf(a, "%s\t%s", p->email, p->email) : "?\t?";
	if (p->email != NULL && p->person_id == 0)
		return arena_printf(a, "%s <%s>\t%s <%s>", ru, p->email, en, p->email);
	return arena_printf(a, "%s\t%s", ru, en);
}

/* The invitees of m, a line each. */
static const char *
participants_text(struct arena *a, const struct db_meeting *m)
{
	const char	*s = "";

	for (size_t i = 0; i < m->nparticipants; i++)
		s = arena_printf(a, "%s%s%s", s, i > 0 ? "\n" : "",
		    participant_line(a, &m->participants[i]));
	return s;
}

/*
 * Keeps what a change altered of the fields a meeting's page shows as the
 * meeting (title, time, recurrence, format, status, invitees): a row each.
 */
static int
record_changes(struct http_request *req, const struct db_meeting *old, const struct db_meeting *m)
{
	struct arena			*a = &req->arena;
	struct db_meeting_change	 c = { .changed_by = api_caller(req)->user.id };
	char				 now[TEXT_TIME_LEN];
	const struct { const char *field, *was, *is; } f[] = {
		{ "title_ru", old->title_ru, m->title_ru },
		{ "title_en", old->title_en, m->title_en },
		{ "starts_at", old->starts_at, m->starts_at },
		{ "duration", arena_printf(a, "%lld", (long long)old->duration),
		    arena_printf(a, "%lld", (long long)m->duration) },
		{ "timezone", old->timezone, m->timezone },
		{ "rrule", old->rrule, m->rrule },
		{ "exdates", old->exdates, m->exdates },
		{ "format", old->format, m->format },
		{ "status", old->status, m->status },
		{ "participants", participants_text(a, old), participants_text(a, m) },
	};
	int				 rc = DB_OK;

	text_time(time(NULL), now);
	c.changed_at = now;
	for (size_t i = 0; rc == DB_OK && i < N(f); i++) {
		if (same(f[i].was != NULL && *f[i].was != '\0' ? f[i].was : NULL,
		    f[i].is != NULL && *f[i].is != '\0' ? f[i].is : NULL))
			continue;
		c.field = f[i].field;
		c.old_value = f[i].was;
		c.new_value = f[i].is;
		rc = db_meeting_change_add(api_db(req), m->id, &c);
	}
	return rc;
}

/*
 * The meeting as saved, read back inside the transaction: its history and
 * invitations compare what people see (a person's name and address).
 */
static int
update_meeting(struct http_request *req, const struct db_meeting *m, const struct db_meeting *old,
    struct db_meeting *saved)
{
	static const struct db_meeting_scope	 all = { 0, 0 };
	int					 rc = db_meeting_update(api_db(req), m);

	if (rc == DB_OK)
		rc = db_meeting_get(api_db(req), &req->arena, m->id, &all, saved);
	if (rc == DB_OK)
		rc = record_changes(req, old, saved);
	return rc;
}

/* old: the meeting before a change; NULL on create. */
static int
save_meeting(struct http_request *req, struct db_meeting *m, const struct db_meeting *old,
    int64_t *id)
{
	struct db		*db = api_db(req);
	bool			 create = old == NULL;
	char			 now[TEXT_TIME_LEN];
	struct db_meeting	 saved;
	int			 rc;

	if (db_begin(db) == -1) {
		api_reply_db_error(req, "starting a transaction");
		return -1;
	}
	rc = create ? db_meeting_insert(db, m, id) : update_meeting(req, m, old, &saved);
	if (rc == DB_OK && !create && over(m)) {
		text_time(time(NULL), now);
		rc = db_room_guest_expire(db, m->id, now);
	}
	if (rc == DB_OK && (create || invitation_change(old, &saved)))
		rc = api_invitations_send(req, create ? *id : m->id,
		    create ? API_INVITE_NEW : API_INVITE_CHANGED);
	if (rc != DB_OK || db_commit(db) == -1) {
		db_rollback(db);
		if (rc == DB_INVALID)
			api_reply_bad_param(req, "host_organization_id", "not_found",
			    "no such organization");
		else
			api_reply_db_error(req, create ? "creating a meeting" : "updating a meeting");
		return -1;
	}
	api_mail_committed();
	return 0;
}

int
api_meeting_create(struct http_request *req)
{
	json_t			*body = api_require_body(req, &api_meeting_input_body, false);
	struct api_caller	*c = api_caller(req);
	struct db_meeting	 m = { .status = "scheduled" };
	json_t			*errors, *v;
	int64_t			 id;

	if (body == NULL)
		return -1;
	m.host_org_id = c->user.org_id;
	if ((v = json_object_get(body, "host_organization_id")) != NULL) {
		if (c->role != ROLE_ADMIN && json_integer_value(v) != c->user.org_id) {
			api_problem(req, 403, "forbidden",
			    "staff schedule meetings of their own organization");
			return -1;
		}
		m.host_org_id = json_integer_value(v);
	}
	m.created_by = c->user.id;
	errors = json_array();
	meeting_from_json(req, body, &m, errors);
	if (json_array_size(errors) > 0) {
		api_reply_invalid(req, errors);
		return -1;
	}
	json_decref(errors);
	if (save_meeting(req, &m, NULL, &id) == -1)
		return -1;
	http_header(req, "location", arena_printf(&req->arena, API_PREFIX "/meetings/%lld",
	    (long long)id));
	return reply_meeting(req, 201, id);
}

int
api_meeting_get(struct http_request *req)
{
	int64_t	id;

	if (api_require_id(req, 0, &id) == -1)
		return -1;
	return reply_meeting(req, 200, id);
}

int
api_meeting_patch(struct http_request *req)
{
	struct db_meeting	 m, old;
	json_t			*body, *errors;
	int64_t			 id;

	if (api_require_id(req, 0, &id) == -1)
		return -1;
	if ((body = api_require_body(req, &api_meeting_input_body, true)) == NULL)
		return -1;
	if (meeting_require(req, id, &m) == -1)
		return -1;
	old = m;
	if (!meeting_can_manage(req, &m)) {
		api_problem(req, 403, "forbidden", "only the host organization manages a meeting");
		return -1;
	}
	if (json_object_get(body, "host_organization_id") != NULL &&
	    api_caller(req)->role != ROLE_ADMIN) {
		api_problem(req, 403, "forbidden", "only an admin moves a meeting to another host");
		return -1;
	}
	if (json_object_get(body, "host_organization_id") != NULL)
		m.host_org_id = json_integer_value(json_object_get(body, "host_organization_id"));
	m.participants = NULL;
	m.agenda = NULL;
	m.topics = NULL;
	errors = json_array();
	meeting_from_json(req, body, &m, errors);
	if (m.starts_at == NULL && (json_object_get(body, "rrule") != NULL ||
	    json_object_get(body, "ends_at") != NULL))
		jv_error_add(errors, "starts_at", "required", "this meeting has no exact start yet");
	if (json_array_size(errors) > 0) {
		api_reply_invalid(req, errors);
		return -1;
	}
	json_decref(errors);
	if (save_meeting(req, &m, &old, NULL) == -1)
		return -1;
	/* who is in its room now may no longer be invited, or the meeting is over */
	api_rights_bump_meeting(id);
	api_room_recheck(req, id);
	return reply_meeting(req, 200, id);
}

int
api_meeting_delete(struct http_request *req)
{
	struct db_meeting	m;
	int64_t			id;

	if (api_require_id(req, 0, &id) == -1 || meeting_require(req, id, &m) == -1)
		return -1;
	if (!meeting_can_manage(req, &m)) {
		api_problem(req, 403, "forbidden", "only the host organization manages a meeting");
		return -1;
	}
	/* those invited learn that it is off, in the transaction that removes it */
	if (db_begin(api_db(req)) == -1 ||
	    api_invitations_send(req, id, API_INVITE_WITHDRAW) != DB_OK ||
	    db_meeting_delete(api_db(req), id) != DB_OK || db_commit(api_db(req)) == -1) {
		db_rollback(api_db(req));
		api_reply_db_error(req, "deleting a meeting");
		return -1;
	}
	api_mail_committed();
	api_rights_bump_meeting(id);
	api_room_recheck(req, id);
	http_reply_empty(req, 204);
	return 0;
}

/* --- iCalendar --- */

int
api_meeting_ics(struct http_request *req)
{
	struct db_meeting	m;
	int64_t			id;

	if (api_require_id(req, 0, &id) == -1 || meeting_require(req, id, &m) == -1)
		return -1;
	if (m.starts_at == NULL) {
		api_problem(req, 409, "no_start_time",
		    "this meeting has no exact start time; there is nothing to put in a calendar");
		return -1;
	}
	http_header(req, "content-disposition", arena_printf(&req->arena,
	    "attachment; filename=\"meeting-%lld.ics\"", (long long)id));
	reply_ics(req, &m, 1, NULL);
	return 0;
}

/*
 * GET /partnerships/{id}/meetings: the meetings of the two cities of a
 * partnership that the caller may see, latest first.
 */
int
api_partnership_meetings(struct http_request *req)
{
	struct db_meeting_scope	 scope = meeting_scope(req);
	struct db_partnership	 p;
	struct db_meeting	*items;
	size_t			 n;
	int64_t			 id;
	json_t			*list;
	time_t			 start;

	if (api_require_id(req, 0, &id) == -1 || api_partnership_require(req, id, &p) == -1)
		return -1;
	if (db_meeting_list_between(api_db(req), &req->arena, &scope, p.a.id, p.b.id, &items,
	    &n) != DB_OK) {
		api_reply_db_error(req, "listing a partnership's meetings");
		return -1;
	}
	list = json_array();
	for (size_t i = 0; i < n; i++) {
		start = 0;
		if (items[i].starts_at != NULL && text_time_parse(items[i].starts_at, &start) == -1)
			start = 0;
		json_array_append_new(list, meeting_summary_json(&items[i], start));
	}
	api_reply_json(req, 200, json_pack("{s:o}", "items", list));
	return 0;
}
