/*
 * meeting_common: what other resources need of a meeting, apart from the
 * meeting handlers (meetings.c) so that those may call the rooms,
 * invitations and roadmaps that use these: the scope rules (who sees a
 * meeting, who manages it), a meeting read in scope, an action item as
 * JSON, and a meeting as a calendar entry (its UID, its room's link) and
 * the text/calendar reply of several.
 */
#include "api.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../base/text.h"
#include "../cal/cal.h"

/* --- scope --- */

struct db_meeting_scope
meeting_scope(struct http_request *req)
{
	struct api_caller	*c = api_caller(req);
	struct db_meeting_scope	 s = { 0, 0 };

	if (c->role == ROLE_PARTNER) {
		s.org_id = c->user.org_id;
		s.city_id = c->user.org.city_id;
	} else if (c->role == ROLE_CORRESPONDENT)
		s.org_id = c->user.org_id;
	return s;
}

bool
meeting_can_manage(struct http_request *req, const struct db_meeting *m)
{
	struct api_caller	*c = api_caller(req);

	return c->role == ROLE_ADMIN || (c->role == ROLE_STAFF && c->user.org_id == m->host_org_id);
}

/* Reads a meeting in the caller's scope with its children; 404/500 answered. */
int
meeting_require(struct http_request *req, int64_t id, struct db_meeting *m)
{
	struct db_meeting_scope	 sc = meeting_scope(req);
	int			 rc = db_meeting_get(api_db(req), &req->arena, id, &sc, m);

	if (rc == DB_OK)
		rc = db_meeting_actions(api_db(req), &req->arena, m);
	if (rc == DB_NOTFOUND) {
		api_problem(req, 404, "not_found", "no such meeting");
		return -1;
	}
	if (rc != DB_OK) {
		api_reply_db_error(req, "reading a meeting");
		return -1;
	}
	return 0;
}

/* --- JSON --- */

json_t *
action_json(const struct db_action_item *it, const char *today)
{
	bool	open = strcmp(it->status, "open") == 0 || strcmp(it->status, "in_progress") == 0;
	json_t	*j = json_pack("{s:I, s:I, s:I, s:b, s:s, s:{s:I, s:s?, s:s?}}",
	    "id", (json_int_t)it->id, "meeting_id", (json_int_t)it->meeting_id,
	    "position", (json_int_t)it->position,
	    "overdue", open && it->due_date != NULL && strcmp(it->due_date, today) < 0,
	    "updated_at", it->updated_at,
	    "meeting", "id", (json_int_t)it->meeting_id, "title_ru", it->meeting_title_ru,
	    "title_en", it->meeting_title_en);

	api_action_item_columns_json(j, it);
	json_object_set_new(j, "owner", it->owner_org_id > 0 ?
	    json_pack("{s:I, s:s?, s:s?, s:{s:I, s:s?, s:s?, s:s?}}",
	    "id", (json_int_t)it->owner_org_id, "name_ru", it->owner_name_ru,
	    "name_en", it->owner_name_en, "city", "id", (json_int_t)it->owner_city.id,
	    "name_ru", it->owner_city.name_ru, "name_en", it->owner_city.name_en,
	    "country_code", it->owner_city.country_code) : json_null());
	json_object_set_new(j, "owner_person", it->owner_person_id > 0 ?
	    json_pack("{s:I, s:s?, s:s?}", "id", (json_int_t)it->owner_person_id,
	    "name_ru", it->owner_person_ru, "name_en", it->owner_person_en) : json_null());
	return j;
}

/* --- iCalendar --- */

/* A space-separated list of UTC instants: the exdates column. */
size_t
meeting_exdates(struct arena *a, const char *s, time_t **out)
{
	size_t	n = 0, cap = 0;
	time_t	*v = NULL;
	char	*copy = arena_strdup(a, s != NULL ? s : ""), *save = NULL;

	for (char *tok = strtok_r(copy, " ", &save); tok != NULL; tok = strtok_r(NULL, " ", &save)) {
		time_t	t;

		if (text_time_parse(tok, &t) == 0) {
			v = arena_grow(a, v, n, &cap, sizeof(*v));
			v[n++] = t;
		}
	}
	*out = v;
	return n;
}

/*
 * The installation's name, read once per process: it never changes (a
 * restore is refused while a server runs), and a feed names hundreds.
 */
static const char *
installation_uid(struct http_request *req)
{
	static pthread_mutex_t	 mu = PTHREAD_MUTEX_INITIALIZER;
	static char		 uid[64];
	const char		*v = NULL;

	pthread_mutex_lock(&mu);
	if (uid[0] == '\0' && db_installation_uid(api_db(req), &req->arena, &v) == DB_OK &&
	    v != NULL)
		snprintf(uid, sizeof(uid), "%s", v);
	v = arena_strdup(&req->arena, uid[0] != '\0' ? uid : "0");
	pthread_mutex_unlock(&mu);
	return v;
}

const char *
meeting_uid(struct http_request *req, int64_t id)
{
	return arena_printf(&req->arena, "meeting-%lld-%s@%s", (long long)id,
	    installation_uid(req), api_settings(req)->mail_domain);
}

bool
meeting_has_room(const struct db_meeting *m)
{
	return strcmp(m->format, "in_person") != 0;
}

void
meeting_event(struct http_request *req, const struct db_meeting *m, const char *locale,
    const char *join, struct cal_event *e)
{
	struct cal_attendee	*at = arena_alloc(&req->arena,
				    (m->nparticipants + 1) * sizeof(*at));
	const char		*base = api_base_url(req);
	bool			 en = strcmp(locale, "en") == 0;

	memset(e, 0, sizeof(*e));
	e->uid = meeting_uid(req, m->id);
	e->sequence = (int)m->ical_sequence;
	e->summary = en ? m->title_en : m->title_ru;
	e->tzid = m->timezone;
	text_time_parse(m->starts_at, &e->start);
	e->duration = (int)m->duration;
	e->rrule = m->rrule;
	e->nexdates = meeting_exdates(&req->arena, m->exdates, (time_t **)&e->exdates);
	e->status = m->status;
	e->organizer_name = m->creator_name;
	e->organizer_email = m->creator_email;
	/* those invited by address; invitations.c lists every invitee */
	for (size_t i = 0; i < m->nparticipants; i++) {
		const struct db_participant *p = &m->participants[i];

		if (p->email == NULL)
			continue;
		at[e->nattendees].name = en ? (p->name_en ? p->name_en : p->name_ru) :
		    (p->name_ru ? p->name_ru : p->name_en);
		at[e->nattendees].email = p->email;
		at[e->nattendees++].role = p->role;
	}
	e->attendees = at;
	e->url = arena_printf(&req->arena, "%s/meetings/%lld", base, (long long)m->id);
	if (meeting_has_room(m)) {
		e->conference_url = join != NULL ? join : arena_printf(&req->arena,
		    "%s/meetings/%lld/room", base, (long long)m->id);
		e->location = e->conference_url;
		e->description = arena_printf(&req->arena, en ? "Join the video meeting: %s" :
		    "Подключиться к видеовстрече: %s", e->conference_url);
	}
	e->stamp = time(NULL);
}

void
reply_ics(struct http_request *req, const struct db_meeting *m, size_t n, const char *name)
{
	struct cal_event	*ev = arena_alloc(&req->arena, (n + 1) * sizeof(*ev));
	struct cal_calendar	 c = { name, CAL_PUBLISH, name != NULL ? FEED_REFRESH : 0 };
	const char		*locale = api_caller(req)->role == ROLE_PUBLIC ? "ru" :
				    api_caller(req)->user.locale;
	size_t			 k = 0;
	char			*ics;

	for (size_t i = 0; i < n; i++)
		if (m[i].starts_at != NULL)
			meeting_event(req, &m[i], locale, NULL, &ev[k++]);
	if ((ics = cal_ics(&req->arena, &c, ev, k)) == NULL) {
		api_problem(req, 500, "internal", "cannot write the calendar");
		return;
	}
	http_header(req, "cache-control", "private, no-store");
	http_reply(req, 200, "text/calendar; charset=utf-8", ics, strlen(ics));
}
