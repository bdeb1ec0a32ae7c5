/*
 * events: days of a city, festivals, forums, exhibitions... with host and
 * guest city, dates or a period, venue or online, sub-events, the linked
 * partnership and roadmap item, the responsible staff member, and a dated
 * history of status changes. Published events form the public calendar;
 * staff see every event, a partner-role user also its own city's.
 */
#include "api.h"

#include <string.h>

#include "../base/text.h"
#include "meetings.h"

static const char *const kinds[] = { "days_of_city", "culture_festival", "forum",
	"conference", "congress", "symposium", "exhibition", "fair", "delegation_visit",
	"specialist_exchange", NULL };
static const char *const statuses[] = { "proposed", "negotiating", "planned", "held",
	"cancelled", NULL };
static const char *const formats[] = { "in_person", "online", "hybrid", NULL };

static const struct jv_field event_fields[] = {
	{ "kind", JV_ENUM, JV_REQUIRED, 0, 0, kinds },
	{ "title_ru", JV_STRING, JV_REQUIRED, 1, 500, NULL },
	{ "title_en", JV_STRING, JV_REQUIRED, 1, 500, NULL },
	{ "description_ru", JV_STRING, JV_NULLABLE, 0, 8000, NULL },
	{ "description_en", JV_STRING, JV_NULLABLE, 0, 8000, NULL },
	{ "host_city_id", JV_ID, JV_NULLABLE, 0, 0, NULL },
	{ "guest_city_id", JV_ID, JV_NULLABLE, 0, 0, NULL },
	{ "starts_on", JV_STRING, JV_NULLABLE, 10, 10, NULL },
	{ "ends_on", JV_STRING, JV_NULLABLE, 10, 10, NULL },
	{ "period_ru", JV_STRING, JV_NULLABLE, 0, 100, NULL },
	{ "period_en", JV_STRING, JV_NULLABLE, 0, 100, NULL },
	{ "format", JV_ENUM, JV_NULLABLE, 0, 0, formats },
	{ "venue", JV_STRING, JV_NULLABLE, 0, 300, NULL },
	{ "status", JV_ENUM, 0, 0, 0, statuses },
	{ "parent_id", JV_ID, JV_NULLABLE, 0, 0, NULL },
	{ "partnership_id", JV_ID, JV_NULLABLE, 0, 0, NULL },
	{ "roadmap_item_id", JV_ID, JV_NULLABLE, 0, 0, NULL },
	{ "responsible_id", JV_ID, JV_NULLABLE, 0, 0, NULL },
	{ "published", JV_BOOL, 0, 0, 0, NULL },
	{ "status_changed_on", JV_STRING, JV_NULLABLE, 10, 10, NULL },	/* default: today */
};
const struct api_body api_event_body = API_BODY("event", event_fields);
#define NEVENT_FIELDS	(sizeof(event_fields) / sizeof(event_fields[0]))

json_t *
api_city_ref(const struct db_city *c)
{
	if (c->id == 0)
		return json_null();
	return json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)c->id, "name_en", c->name_en,
	    "name_ru", c->name_ru, "country_code", c->country_code);
}

json_t *
api_id_or_null(int64_t id)
{
	return id > 0 ? json_integer(id) : json_null();
}

static json_t *
event_json(const struct db_event *e)
{
	return json_pack("{s:I, s:o, s:s, s:s, s:s, s:s?, s:s?, s:o, s:o, s:s?, s:s?, s:s?, s:s?,"
	    " s:s?, s:s?, s:s, s:o, s:o, s:o, s:s?, s:b, s:s, s:s}",
	    "id", (json_int_t)e->id, "parent_id", api_id_or_null(e->parent_id), "kind", e->kind,
	    "title_ru", e->title_ru, "title_en", e->title_en,
	    "description_ru", e->description_ru, "description_en", e->description_en,
	    "host_city", api_city_ref(&e->host), "guest_city", api_city_ref(&e->guest),
	    "starts_on", e->starts_on, "ends_on", e->ends_on, "period_ru", e->period_ru,
	    "period_en", e->period_en, "format", e->format, "venue", e->venue,
	    "status", e->status, "partnership_id", api_id_or_null(e->partnership_id),
	    "roadmap_item_id", api_id_or_null(e->roadmap_item_id),
	    "responsible_id", api_id_or_null(e->responsible_id),
	    "responsible_name", e->responsible_name, "published", e->published,
	    "created_at", e->created_at, "updated_at", e->updated_at);
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

int
api_events_list(struct http_request *req)
{
	struct db_event		*items;
	struct db_event_scope	 scope = api_event_scope(req);
	const char		*status = http_query(req, "status"), *kind = http_query(req, "kind");
	size_t			 n;
	json_t			*list;

	if (status != NULL && !api_one_of(statuses, status)) {
		api_reply_bad_param(req, "status", "invalid", "is not an event status");
		return -1;
	}
	if (kind != NULL && !api_one_of(kinds, kind)) {
		api_reply_bad_param(req, "kind", "invalid", "is not an event kind");
		return -1;
	}
	if (db_event_list(api_db(req), &req->arena, scope.city_id, scope.published_only, 0, &items,
	    &n) != DB_OK) {
		api_reply_db_error(req, "listing events");
		return -1;
	}
	list = json_array();
	for (size_t i = 0; i < n; i++)
		if ((status == NULL || strcmp(items[i].status, status) == 0) &&
		    (kind == NULL || strcmp(items[i].kind, kind) == 0))
			json_array_append_new(list, event_json(&items[i]));
	api_reply_json(req, 200, json_pack("{s:o}", "items", list));
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
	o = event_json(&e);
	list = json_array();
	for (size_t i = 0; i < nsubs; i++)
		if (visible(req, &subs[i]))
			json_array_append_new(list, event_json(&subs[i]));
	hist = json_array();
	for (size_t i = 0; i < nh; i++)
		json_array_append_new(hist, json_pack("{s:s, s:s, s:s?, s:b}", "status", h[i].status,
		    "changed_on", h[i].changed_on, "by", h[i].author, "as_of", h[i].as_of));
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
	size_t			 nh = 0;
	char			 today[11];

	if (on == NULL)
		return;
	api_today(today);
	api_check_date(body, "status_changed_on", false, errors);
	if (old != NULL && (strcmp(old->status, e->status) == 0 ||
	    db_event_history(api_db(req), &req->arena, old->id, &h, &nh) != DB_OK))
		jv_error_add(errors, "status_changed_on", "no_status_change",
		    "give it with a new status only");
	else if (strcmp(on, today) > 0)
		jv_error_add(errors, "status_changed_on", "in_future", "must not be after today");
	else if (nh > 0 && strcmp(on, h[nh - 1].changed_on) < 0)
		jv_error_add(errors, "status_changed_on", "before_last_change",
		    "must not be before the date of the status it follows");
}

/* Body members onto e; errors for dates, order and unknown references. */
static void
event_from_json(struct http_request *req, json_t *body, const struct db_event *old,
    struct db_event *e, json_t *errors)
{
	static const char *const names[] = { "kind", "title_ru", "title_en", "description_ru",
		"description_en", "starts_on", "ends_on", "period_ru", "period_en", "format",
		"venue", "status" };
	const char	**fields[] = { &e->kind, &e->title_ru, &e->title_en, &e->description_ru,
		&e->description_en, &e->starts_on, &e->ends_on, &e->period_ru, &e->period_en,
		&e->format, &e->venue, &e->status };
	struct db_city	 c;
	struct db_event	 parent;
	json_t		*pub = json_object_get(body, "published");

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (json_object_get(body, names[i]) != NULL)
			*fields[i] = jv_str(body, names[i]);
	e->host_city_id = opt_id(body, "host_city_id", e->host_city_id);
	e->guest_city_id = opt_id(body, "guest_city_id", e->guest_city_id);
	e->parent_id = opt_id(body, "parent_id", e->parent_id);
	e->partnership_id = opt_id(body, "partnership_id", e->partnership_id);
	e->roadmap_item_id = opt_id(body, "roadmap_item_id", e->roadmap_item_id);
	e->responsible_id = opt_id(body, "responsible_id", e->responsible_id);
	if (pub != NULL)
		e->published = json_is_true(pub);
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

static int
write_event(struct http_request *req, json_t *body, const struct db_event *old,
    struct db_event *e)
{
	json_t	*errors = json_array();
	char	 today[11];
	int64_t	 id = e->id;
	int	 rc;

	event_from_json(req, body, old, e, errors);
	if (json_array_size(errors) > 0) {
		api_reply_invalid(req, errors);
		return -1;
	}
	json_decref(errors);
	api_today(today);
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

	if ((body = api_require_json_body(req, event_fields, NEVENT_FIELDS, false)) == NULL)
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
	if ((body = api_require_json_body(req, event_fields, NEVENT_FIELDS, true)) == NULL)
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
