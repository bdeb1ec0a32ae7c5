/*
 * events: days of a city, festivals, forums, exhibitions... with host and
 * guest city, dates or a period, venue or online, sub-events, the linked
 * partnership and roadmap item, the responsible staff member, and a dated
 * history of status changes. Published events form the public calendar;
 * staff see every event, a partner-role user also its own city's. Each link
 * must exist and fit the event's cities, and is shown only as far as the
 * caller may know it (no unpublished partnership, no people to the public).
 */
#include "api.h"

#include <string.h>
#include <time.h>

#include "../base/text.h"
#include "../cal/cal.h"

static const char *const kinds[] = { "days_of_city", "culture_festival", "forum",
	"conference", "congress", "symposium", "exhibition", "fair", "delegation_visit",
	"specialist_exchange", NULL };
static const char *const statuses[] = { "proposed", "negotiating", "planned", "held",
	"cancelled", NULL };

/* Staff and admins; a partner-role caller when of city a or b. */
static bool
reader_of(struct http_request *req, int64_t a, int64_t b)
{
	unsigned	role = api_caller(req)->role;

	return (role & (ROLE_STAFF | ROLE_ADMIN)) != 0 ||
	    (role == ROLE_PARTNER && api_sees_cities(req, a, b));
}

/* Who is behind an event (its responsible, who moved its status): not for the public. */
static bool
sees_people(struct http_request *req)
{
	return (api_caller(req)->role & (ROLE_PARTNER | ROLE_STAFF | ROLE_ADMIN)) != 0;
}

/*
 * The linked partnership as the caller may know it: published, or one it may
 * open (has_page: staff and admins, a partner of one of its cities); else null.
 */
static json_t *
partnership_ref(struct http_request *req, const struct db_event *e)
{
	bool	page = reader_of(req, e->partnership_lo.id, e->partnership_hi.id);

	if (e->partnership_id == 0 || !(page || e->partnership_published))
		return json_null();
	return json_pack("{s:I, s:s, s:o, s:o, s:b}", "id", (json_int_t)e->partnership_id,
	    "kind", e->partnership_kind, "city_a", api_city_ref(&e->partnership_lo),
	    "city_b", api_city_ref(&e->partnership_hi), "has_page", page);
}

/*
 * The linked roadmap item for staff, admins and partners whose city its
 * roadmap touches (as /agreements/{id}/roadmap shows it); else null. NULL on
 * a database error.
 */
static json_t *
roadmap_ref(struct http_request *req, const struct db_event *e)
{
	unsigned	role = api_caller(req)->role;
	bool		seen = (role & (ROLE_STAFF | ROLE_ADMIN)) != 0;

	if (e->roadmap_item_id == 0)
		return json_null();
	if (role == ROLE_PARTNER && db_agreement_touches(api_db(req), e->roadmap_agreement_id,
	    api_home_city(req), &seen) != DB_OK)
		return NULL;
	if (!seen)
		return json_null();
	return json_pack("{s:I, s:I, s:s, s:s}", "id", (json_int_t)e->roadmap_item_id,
	    "agreement_id", (json_int_t)e->roadmap_agreement_id, "title_ru", e->roadmap_title_ru,
	    "title_en", e->roadmap_title_en);
}

/*
 * Why an event's status is stale, or NULL: a plan (proposed, negotiating,
 * planned) whose last day (ends_on, else starts_on) is before today, or, when
 * it has no day, whose status has not changed for two years (STALE_DAYS).
 * docs/api/cooperation.md states the rule.
 */
#define STALE_DAYS	730

const char *
api_event_stale(const struct db_event *e, const char *today)
{
	const char	*last = e->ends_on != NULL ? e->ends_on : e->starts_on;
	char		 cutoff[11];

	if (!api_in_list((const char *const[]){ "proposed", "negotiating", "planned", NULL },
	    e->status))
		return NULL;
	if (last != NULL)
		return strcmp(last, today) < 0 ? "date_passed" : NULL;
	api_date_today(-STALE_DAYS, cutoff);
	return e->status_since != NULL && strcmp(e->status_since, cutoff) < 0 ?
	    "unchanged" : NULL;
}

/*
 * An event as the caller may see it: its links only as far as it may know
 * them, the responsible staff member by name (never the account's email).
 * NULL on a database error.
 */
static json_t *
event_json(struct http_request *req, const struct db_event *e)
{
	json_t	*roadmap = roadmap_ref(req, e);
	json_t	*o;
	char	 today[11];
	json_t	*responsible = e->responsible_id == 0 || !sees_people(req) ? json_null() :
	    json_pack("{s:I, s:s?}", "id", (json_int_t)e->responsible_id,
	    "name", e->responsible_name);

	if (roadmap == NULL) {
		json_decref(responsible);
		return NULL;
	}
	o = json_pack("{s:I, s:o, s:o, s:o, s:o, s:o, s:s, s:s}", "id", (json_int_t)e->id,
	    "host_city", api_city_ref(&e->host), "guest_city", api_city_ref(&e->guest),
	    "partnership", partnership_ref(req, e), "roadmap_item", roadmap,
	    "responsible", responsible, "created_at", e->created_at, "updated_at", e->updated_at);
	api_event_columns_json(o, e);
	api_date_today(0, today);
	json_object_set_new(o, "status_since", e->status_since != NULL ?
	    json_string(e->status_since) : json_null());
	json_object_set_new(o, "stale", api_event_stale(e, today) != NULL ?
	    json_string(api_event_stale(e, today)) : json_null());
	return o;
}

/* Staff and admins see all; others the published, a partner also its city's. */
struct db_event_scope
api_event_scope(struct http_request *req)
{
	unsigned		 role = api_caller(req)->role;
	struct db_event_scope	 s = { 0, false };

	if ((role & (ROLE_STAFF | ROLE_ADMIN)) == 0) {
		s.published_only = true;
		s.city_id = role == ROLE_PARTNER ? api_home_city(req) : 0;
	}
	return s;
}

static bool
visible(struct http_request *req, const struct db_event *e)
{
	struct db_event_scope	s = api_event_scope(req);

	return db_event_in_scope(&s, e);
}

/* Appends the events of es[0..n) the caller may see to list; -1 on a database error. */
static int
append_visible(struct http_request *req, json_t *list, const struct db_event *es, size_t n,
    const char *status, const char *kind)
{
	json_t	*o;

	for (size_t i = 0; i < n; i++) {
		if (!visible(req, &es[i]) || (status != NULL && strcmp(es[i].status, status) != 0) ||
		    (kind != NULL && strcmp(es[i].kind, kind) != 0))
			continue;
		if ((o = event_json(req, &es[i])) == NULL)
			return -1;
		json_array_append_new(list, o);
	}
	return 0;
}

int
api_events_list(struct http_request *req)
{
	struct db_event		*items;
	struct db_event_scope	 scope = api_event_scope(req);
	const char		*status = http_query(req, "status"), *kind = http_query(req, "kind");
	size_t			 n;
	json_t			*list;

	if (status != NULL && !api_in_list(statuses, status)) {
		api_reply_bad_param(req, "status", "invalid", "is not an event status");
		return -1;
	}
	if (kind != NULL && !api_in_list(kinds, kind)) {
		api_reply_bad_param(req, "kind", "invalid", "is not an event kind");
		return -1;
	}
	if (db_event_list(api_db(req), &req->arena, scope.city_id, scope.published_only, 0, &items,
	    &n) != DB_OK) {
		api_reply_db_error(req, "listing events");
		return -1;
	}
	list = json_array();
	if (append_visible(req, list, items, n, status, kind) == -1) {
		json_decref(list);
		api_reply_db_error(req, "listing events");
		return -1;
	}
	api_reply_json(req, 200, json_pack("{s:o}", "items", list));
	return 0;
}

/*
 * GET /events.ics: the public events (published, with dates) as a calendar
 * to subscribe to, whoever asks; ?lang=en for English titles (else
 * Russian). Days only, as events have no hours.
 */
int
api_events_ics(struct http_request *req)
{
	const char		*lang = http_query(req, "lang"), *base = api_base_url(req);
	struct cal_calendar	 c = { NULL, CAL_PUBLISH, FEED_REFRESH };
	struct db_event		*items;
	struct cal_event	*ev;
	const char		*inst = NULL;
	size_t			 n, k = 0;
	bool			 en;
	char			*ics;

	if (lang != NULL && strcmp(lang, "ru") != 0 && strcmp(lang, "en") != 0) {
		api_reply_bad_param(req, "lang", "invalid", "is ru or en");
		return -1;
	}
	en = lang != NULL && strcmp(lang, "en") == 0;
	c.name = en ? "Pobratim: public events" : "Побратим: открытые события";
	if (db_event_list(api_db(req), &req->arena, 0, true, 0, &items, &n) != DB_OK ||
	    db_installation_uid(api_db(req), &req->arena, &inst) != DB_OK) {
		api_reply_db_error(req, "listing events");
		return -1;
	}
	ev = arena_alloc(&req->arena, (n + 1) * sizeof(*ev));
	for (size_t i = 0; i < n; i++) {
		const struct db_event	*e = &items[i];
		const char		*city = en ? e->host.name_en : e->host.name_ru;
		const char		*venue = e->venue != NULL && e->venue[0] != '\0' ? e->venue : NULL;

		if (!e->published || e->starts_on == NULL)
			continue;
		ev[k] = (struct cal_event){
			.uid = arena_printf(&req->arena, "event-%lld-%s@%s", (long long)e->id, inst,
			    api_settings(req)->mail_domain),
			.summary = en ? e->title_en : e->title_ru,
			.description = en ? e->description_en : e->description_ru,
			.location = venue != NULL && city != NULL ? arena_printf(&req->arena, "%s, %s",
			    venue, city) : venue != NULL ? venue : city,
			.first_day = e->starts_on, .last_day = e->ends_on,
			.status = strcmp(e->status, "cancelled") == 0 ? "cancelled" : "scheduled",
			.url = arena_printf(&req->arena, "%s/events/%lld", base, (long long)e->id),
			.stamp = time(NULL),
		};
		/* one with a date the writer refuses is left out, not the whole calendar */
		if (cal_ics(&req->arena, &c, &ev[k], 1) != NULL)
			k++;
	}
	if ((ics = cal_ics(&req->arena, &c, ev, k)) == NULL) {
		api_problem(req, 500, "internal", "cannot write the calendar");
		return -1;
	}
	http_header(req, "cache-control", "public, max-age=300");
	http_reply(req, 200, "text/calendar; charset=utf-8", ics, strlen(ics));
	return 0;
}

/* The event if the caller may see it; -1 after replying 404 or 500. */
static int
require_event(struct http_request *req, int64_t id, struct db_event *e)
{
	int	rc = db_event_get(api_db(req), &req->arena, id, e);

	if (rc == DB_NOTFOUND || (rc == DB_OK && !visible(req, e))) {
		api_problem(req, 404, "not_found", "no such event");
		return -1;
	}
	if (rc != DB_OK) {
		api_reply_db_error(req, "reading an event");
		return -1;
	}
	return 0;
}

static int
reply_event(struct http_request *req, int status, int64_t id)
{
	struct db_event		 e, *subs;
	struct db_event_change	*h;
	size_t			 nsubs, nh;
	json_t			*o, *list, *hist;

	if (require_event(req, id, &e) == -1)
		return -1;
	if (db_event_list(api_db(req), &req->arena, 0, false, id, &subs, &nsubs) != DB_OK ||
	    db_event_history(api_db(req), &req->arena, id, &h, &nh) != DB_OK) {
		api_reply_db_error(req, "reading an event");
		return -1;
	}
	list = json_array();
	if ((o = event_json(req, &e)) == NULL ||
	    append_visible(req, list, subs, nsubs, NULL, NULL) == -1) {
		json_decref(o);
		json_decref(list);
		api_reply_db_error(req, "reading an event");
		return -1;
	}
	hist = json_array();
	for (size_t i = 0; i < nh; i++)
		json_array_append_new(hist, json_pack("{s:s, s:s, s:s?, s:b}", "status", h[i].status,
		    "changed_on", h[i].changed_on, "by", sees_people(req) ? h[i].author : NULL,
		    "as_of", h[i].as_of));
	json_object_set_new(o, "sub_events", list);
	json_object_set_new(o, "history", hist);
	api_reply_json(req, status, o);
	return 0;
}

int
api_event_get(struct http_request *req)
{
	int64_t	id;

	if (api_require_id(req, 0, &id) == -1)
		return -1;
	return reply_event(req, 200, id);
}

static int64_t
opt_id(json_t *body, const char *name, int64_t current)
{
	json_t	*v = json_object_get(body, name);

	return v == NULL ? current : json_is_integer(v) ? json_integer_value(v) : 0;
}

/*
 * The date a new status took effect: a real day, with a new status only, not
 * ahead of today nor before the status it follows.
 */
static void
check_status_date(struct http_request *req, json_t *body, const struct db_event *old,
    const struct db_event *e, json_t *errors)
{
	const char		*on = jv_str(body, "status_changed_on");
	struct db_event_change	*h = NULL;
	size_t			 nh = 0, before = json_array_size(errors);

	if (on == NULL)
		return;
	api_check_past_date(body, "status_changed_on", errors);
	if (old != NULL && (strcmp(old->status, e->status) == 0 ||
	    db_event_history(api_db(req), &req->arena, old->id, &h, &nh) != DB_OK))
		jv_error_add(errors, "status_changed_on", "no_status_change",
		    "give it with a new status only");
	else if (json_array_size(errors) == before && nh > 0 &&
	    strcmp(on, h[nh - 1].changed_on) < 0)
		jv_error_add(errors, "status_changed_on", "before_last_change",
		    "must not be before the date of the status it follows");
}

/* Body members onto e; errors for dates, order and unknown references. */
static void
event_from_json(struct http_request *req, json_t *body, const struct db_event *old,
    struct db_event *e, json_t *errors)
{
	struct db_city	 c;
	struct db_event	 parent;

	api_event_columns_from(body, e);
	e->host_city_id = opt_id(body, "host_city_id", e->host_city_id);
	e->guest_city_id = opt_id(body, "guest_city_id", e->guest_city_id);
	e->partnership_id = opt_id(body, "partnership_id", e->partnership_id);
	e->roadmap_item_id = opt_id(body, "roadmap_item_id", e->roadmap_item_id);
	e->responsible_id = opt_id(body, "responsible_id", e->responsible_id);
	api_check_date(body, "starts_on", false, errors);
	api_check_date(body, "ends_on", false, errors);
	if (e->starts_on != NULL && e->ends_on != NULL && strcmp(e->ends_on, e->starts_on) < 0)
		jv_error_add(errors, "ends_on", "before_start", "must not be before starts_on");
	if (e->host_city_id > 0 && db_city_get(api_db(req), &req->arena, e->host_city_id, &c) != DB_OK)
		jv_error_add(errors, "host_city_id", "not_found", "no such city");
	if (e->guest_city_id > 0 && db_city_get(api_db(req), &req->arena, e->guest_city_id, &c) != DB_OK)
		jv_error_add(errors, "guest_city_id", "not_found", "no such city");
	check_status_date(req, body, old, e, errors);
	if (e->parent_id > 0 && (e->parent_id == e->id || db_event_get(api_db(req), &req->arena,
	    e->parent_id, &parent) != DB_OK || parent.parent_id != 0))
		jv_error_add(errors, "parent_id", "not_found", "must be a top-level event");
}

/* Each city the event names (host, guest) is a or b. */
static bool
joins(const struct db_event *e, int64_t a, int64_t b)
{
	return (e->host_city_id == 0 || e->host_city_id == a || e->host_city_id == b) &&
	    (e->guest_city_id == 0 || e->guest_city_id == a || e->guest_city_id == b);
}

/* The partnership exists and joins the event's cities; -1 on a database error. */
static int
check_partnership(struct http_request *req, const struct db_event *e, json_t *errors)
{
	struct db_partnership	p;
	int			rc;

	if (e->partnership_id == 0)
		return 0;
	rc = db_partnership_get(api_db(req), &req->arena, e->partnership_id, &p);
	if (rc == DB_NOTFOUND)
		jv_error_add(errors, "partnership_id", "not_found", "no such partnership");
	else if (rc != DB_OK)
		return -1;
	else if (!joins(e, p.a.id, p.b.id))
		jv_error_add(errors, "partnership_id", "not_event_cities",
		    "must be a partnership of the event's host and guest city");
	return 0;
}

/* The roadmap item exists and its agreement touches each city of the event; -1 on a database error. */
static int
check_roadmap_item(struct http_request *req, const struct db_event *e, json_t *errors)
{
	const int64_t		cities[] = { e->host_city_id, e->guest_city_id };
	struct db_roadmap_item	it;
	bool			touches = true;
	int			rc;

	if (e->roadmap_item_id == 0)
		return 0;
	rc = db_roadmap_get(api_db(req), &req->arena, e->roadmap_item_id, &it);
	if (rc == DB_NOTFOUND) {
		jv_error_add(errors, "roadmap_item_id", "not_found", "no such roadmap item");
		return 0;
	}
	for (size_t i = 0; rc == DB_OK && touches && i < 2; i++)
		if (cities[i] != 0)
			rc = db_agreement_touches(api_db(req), it.agreement_id, cities[i], &touches);
	if (rc != DB_OK)
		return -1;
	if (!touches)
		jv_error_add(errors, "roadmap_item_id", "not_event_cities",
		    "must be an item of a roadmap touching the event's host and guest city");
	return 0;
}

/* A staff member of an organization of the host or guest city; -1 on a database error. */
static int
check_responsible(struct http_request *req, const struct db_event *e, json_t *errors)
{
	struct db_user	u;
	int64_t		city;

	if (e->responsible_id == 0)
		return 0;
	if (api_check_responsible(req, e->responsible_id, errors, &u) == -1)
		return -1;
	city = u.id != 0 ? u.org.city_id : 0;
	if (city != 0 && (e->host_city_id != 0 || e->guest_city_id != 0) &&
	    city != e->host_city_id && city != e->guest_city_id)
		jv_error_add(errors, "responsible_id", "not_event_cities",
		    "must work for an organization of the event's host or guest city");
	return 0;
}

static int
write_event(struct http_request *req, json_t *body, const struct db_event *old,
    struct db_event *e)
{
	json_t	*errors = json_array();
	char	 today[11];
	int64_t	 id = e->id;
	int	 rc;

	event_from_json(req, body, old, e, errors);
	if (check_partnership(req, e, errors) == -1 || check_roadmap_item(req, e, errors) == -1 ||
	    check_responsible(req, e, errors) == -1) {
		json_decref(errors);
		api_reply_db_error(req, "checking an event's links");
		return -1;
	}
	if (json_array_size(errors) > 0) {
		api_reply_invalid(req, errors);
		return -1;
	}
	json_decref(errors);
	api_date_today(0, today);
	if (jv_str(body, "status_changed_on") != NULL)
		memcpy(today, jv_str(body, "status_changed_on"), sizeof(today));
	if (db_begin(api_db(req)) == -1) {
		api_reply_db_error(req, "writing an event");
		return -1;
	}
	rc = old == NULL ? db_event_insert(api_db(req), e, api_caller(req)->user.id, today, &id) :
	    db_event_update(api_db(req), old, e, api_caller(req)->user.id, today);
	if (rc != DB_OK || db_commit(api_db(req)) == -1) {
		db_rollback(api_db(req));
		if (rc == DB_INVALID || rc == DB_CONFLICT)
			api_reply_bad_param(req, "body", "not_found",
			    "a partnership, roadmap item or user does not exist");
		else
			api_reply_db_error(req, "writing an event");
		return -1;
	}
	return reply_event(req, old == NULL ? 201 : 200, id);
}

int
api_event_create(struct http_request *req)
{
	struct db_event	 e = { .status = "proposed" };
	json_t		*body;

	if ((body = api_require_body(req, &api_event_input_body, false)) == NULL)
		return -1;
	return write_event(req, body, NULL, &e);
}

int
api_event_patch(struct http_request *req)
{
	struct db_event	 old, e;
	json_t		*body;
	int64_t		 id;

	if (api_require_id(req, 0, &id) == -1)
		return -1;
	if ((body = api_require_body(req, &api_event_input_body, true)) == NULL)
		return -1;
	if (require_event(req, id, &old) == -1)
		return -1;
	e = old;
	return write_event(req, body, &old, &e);
}

bool
api_event_visible(struct http_request *req, const struct db_event *e)
{
	return visible(req, e);
}
