/*
 * cooperation: roadmap items of agreements of kind roadmap, co-owned by both
 * sides — staff write everything, a partner-role user of the other city
 * moves its own side's items and adds notes to them; every change lands in
 * the history. Trade figures: series of values per period with the
 * year-on-year change computed from the like period a year before, and a
 * CSV import answered line by line.
 */
#include "api.h"

#include <math.h>	/* isfinite */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/text.h"

static const char *const flows[] = { "turnover", "export", "import", NULL };

/* "YYYY-Qn" with n 1..4 */
static bool
quarter_valid(const char *q)
{
	char	year[5];

	snprintf(year, sizeof(year), "%.4s", q);
	return strlen(q) == 7 && api_date_valid(year, true) && q[4] == '-' && q[5] == 'Q' &&
	    q[6] >= '1' && q[6] <= '4';
}

/* The last day the item is due, "" when it has no term. */
static void
due_end(const struct db_roadmap_item *it, char out[11])
{
	static const char *const ends[] = { "03-31", "06-30", "09-30", "12-31" };

	out[0] = '\0';
	if (it->due_date != NULL)
		snprintf(out, 11, "%s", it->due_date);
	else if (it->due_quarter != NULL && strlen(it->due_quarter) == 7)
		snprintf(out, 11, "%.4s-%s", it->due_quarter, ends[(it->due_quarter[6] - '1') & 3]);
}

static bool
item_overdue(const struct db_roadmap_item *it, const char *today)
{
	char	end[11];

	due_end(it, end);
	return end[0] != '\0' && strcmp(end, today) < 0 && strcmp(it->status, "done") != 0 &&
	    strcmp(it->status, "cancelled") != 0;
}

static json_t *
item_json(const struct db_roadmap_item *it, const char *today)
{
	json_t	*o = json_pack("{s:I, s:I, s:I}", "id", (json_int_t)it->id,
	    "agreement_id", (json_int_t)it->agreement_id, "position", (json_int_t)it->position);
	char	 end[11];

	due_end(it, end);
	api_roadmap_item_columns_json(o, it);
	json_object_set_new(o, "due_by", end[0] ? json_string(end) : json_null());
	json_object_set_new(o, "overdue", json_boolean(item_overdue(it, today)));
	json_object_set_new(o, "created_at", api_str_or_null(it->created_at));
	json_object_set_new(o, "updated_at", api_str_or_null(it->updated_at));
	return o;
}

static json_t *
notes_json(struct http_request *req, int64_t item_id)
{
	struct db_roadmap_note	*notes;
	size_t			 n;
	json_t			*list;

	if (db_roadmap_notes(api_db(req), &req->arena, item_id, &notes, &n) != DB_OK)
		return NULL;
	list = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, json_pack("{s:I, s:s, s:s, s:s?, s:s}",
		    "id", (json_int_t)notes[i].id, "noted_on", notes[i].noted_on,
		    "text", notes[i].text, "author", notes[i].author,
		    "created_at", notes[i].created_at));
	return list;
}

/* The agreement, visible to the caller; -1 after replying 404 or 500. */
static int
require_agreement(struct http_request *req, int64_t id, struct db_agreement *g)
{
	int64_t	visible = api_visible_city(req);
	bool	seen = true;
	int	rc = db_agreement_get(api_db(req), &req->arena, id, g);

	if (rc == DB_OK && visible != 0)
		rc = db_agreement_touches(api_db(req), id, visible, &seen);
	if (rc == DB_NOTFOUND || (rc == DB_OK && !seen)) {
		api_problem(req, 404, "not_found", "no such agreement");
		return -1;
	}
	if (rc != DB_OK) {
		api_reply_db_error(req, "reading an agreement");
		return -1;
	}
	return 0;
}

/* The item, its agreement visible to the caller; -1 after replying. */
static int
require_item(struct http_request *req, struct db_roadmap_item *it)
{
	struct db_agreement	g;
	int64_t			id;
	int			rc;

	if (api_require_id(req, 0, &id) == -1)
		return -1;
	rc = db_roadmap_get(api_db(req), &req->arena, id, it);
	if (rc == DB_NOTFOUND) {
		api_problem(req, 404, "not_found", "no such roadmap item");
		return -1;
	}
	if (rc != DB_OK) {
		api_reply_db_error(req, "reading a roadmap item");
		return -1;
	}
	return require_agreement(req, it->agreement_id, &g);
}

/* Staff and admins write every item; a partner only its side's. */
static bool
may_touch(struct http_request *req, const struct db_roadmap_item *it)
{
	unsigned	role = api_caller(req)->role;

	return (role & (ROLE_STAFF | ROLE_ADMIN)) != 0 ||
	    (role == ROLE_PARTNER && strcmp(it->side, "partner") == 0);
}

/* Body members onto it; errors for bad dates and quarters. */
static void
item_from_json(json_t *body, struct db_roadmap_item *it, json_t *errors)
{
	api_roadmap_item_columns_from(body, it);
	api_check_date(body, "due_date", false, errors);
	if (it->due_quarter != NULL && !quarter_valid(it->due_quarter))
		jv_error_add(errors, "due_quarter", "invalid", "must be YYYY-Qn, n from 1 to 4");
	if (it->due_date != NULL && it->due_quarter != NULL)
		jv_error_add(errors, "due_quarter", "conflict", "give a due date or a quarter, not both");
}

/*
 * One row of the history; a "decision" row (the id of the action item linked
 * or unlinked) also carries that decision, or null when it is gone.
 */
static json_t *
change_json(struct http_request *req, const struct db_roadmap_change *c, const char *today)
{
	json_t			*o = json_pack("{s:s, s:s?, s:s?, s:s?, s:s}", "field", c->field,
	    "old", c->old_value, "new", c->new_value, "author", c->author,
	    "changed_at", c->changed_at);
	const char		*id = c->new_value ? c->new_value : c->old_value;
	struct db_action_item	 a;
	int64_t			 aid;

	if (strcmp(c->field, "decision") != 0)
		return o;
	json_object_set_new(o, "decision", id != NULL && text_int(id, 1, INT64_MAX, &aid) == 0 &&
	    db_action_get(api_db(req), &req->arena, aid, &a) == DB_OK ?
	    action_json(&a, today) : json_null());
	return o;
}

static int
reply_item(struct http_request *req, int status, int64_t id)
{
	struct db_roadmap_item		 it;
	struct db_roadmap_change	*h;
	int64_t				*actions;
	size_t				 nh, na;
	char				 today[11];
	json_t				*o, *notes, *hist, *acts;

	if (db_roadmap_get(api_db(req), &req->arena, id, &it) != DB_OK ||
	    (notes = notes_json(req, id)) == NULL) {
		api_reply_db_error(req, "reading a roadmap item");
		return -1;
	}
	if (db_roadmap_history(api_db(req), &req->arena, id, &h, &nh) != DB_OK ||
	    db_roadmap_actions(api_db(req), &req->arena, id, &actions, &na) != DB_OK) {
		json_decref(notes);
		api_reply_db_error(req, "reading a roadmap item");
		return -1;
	}
	api_date_today(0, today);
	o = item_json(&it, today);
	hist = json_array();
	for (size_t i = 0; i < nh; i++)
		json_array_append_new(hist, change_json(req, &h[i], today));
	acts = json_array();
	for (size_t i = 0; i < na; i++) {
		struct db_action_item	a;

		if (db_action_get(api_db(req), &req->arena, actions[i], &a) == DB_OK)
			json_array_append_new(acts, action_json(&a, today));
	}
	json_object_set_new(o, "notes", notes);
	json_object_set_new(o, "history", hist);
	json_object_set_new(o, "actions", acts);
	api_reply_json(req, status, o);
	return 0;
}

/* The year an item is due: from its date or quarter, else 0. */
static int
item_year(const struct db_roadmap_item *it)
{
	char	end[11];

	due_end(it, end);
	return api_date_year(end);
}

/* [{sector, year, total, done, in_progress, overdue}] over the items. */
static json_t *
progress_json(const struct db_roadmap_item *items, size_t n, const char *today)
{
	json_t	*list = json_array(), *row;
	size_t	 k;

	for (size_t i = 0; i < n; i++) {
		int	year = item_year(&items[i]);

		row = NULL;
		json_array_foreach(list, k, row) {
			if (strcmp(jv_str(row, "sector"), items[i].sector) == 0 &&
			    json_integer_value(json_object_get(row, "year")) == year)
				break;
			row = NULL;
		}
		if (row == NULL) {
			row = json_pack("{s:s, s:o, s:i, s:i, s:i, s:i}", "sector", items[i].sector,
			    "year", year ? json_integer(year) : json_null(), "total", 0, "done", 0,
			    "in_progress", 0, "overdue", 0);
			json_array_append_new(list, row);
		}
#define BUMP(key)	json_object_set_new(row, key, json_integer(			\
			    json_integer_value(json_object_get(row, key)) + 1))
		BUMP("total");
		if (strcmp(items[i].status, "done") == 0)
			BUMP("done");
		if (strcmp(items[i].status, "in_progress") == 0)
			BUMP("in_progress");
		if (item_overdue(&items[i], today))
			BUMP("overdue");
#undef BUMP
	}
	return list;
}

int
api_roadmap_get(struct http_request *req)
{
	struct db_agreement	 g;
	struct db_roadmap_item	*items;
	size_t			 n;
	int64_t			 id;
	char			 today[11];
	json_t			*list;

	if (api_require_id(req, 0, &id) == -1 || require_agreement(req, id, &g) == -1)
		return -1;
	if (db_roadmap_list(api_db(req), &req->arena, id, &items, &n) != DB_OK) {
		api_reply_db_error(req, "listing roadmap items");
		return -1;
	}
	api_date_today(0, today);
	list = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t	*o = item_json(&items[i], today), *notes = notes_json(req, items[i].id);

		json_object_set_new(o, "notes", notes ? notes : json_array());
		json_array_append_new(list, o);
	}
	api_reply_json(req, 200, json_pack("{s:o, s:o, s:o, s:s, s:b}",
	    "agreement", api_agreement_json(&g), "items", list,
	    "progress", progress_json(items, n, today), "today", today,
	    "may_edit_all", (api_caller(req)->role & (ROLE_STAFF | ROLE_ADMIN)) != 0));
	return 0;
}

int
api_roadmap_csv(struct http_request *req)
{
	static const char *const head[] = { "position", "sector", "side", "title_ru", "title_en",
		"responsible_home", "responsible_partner", "due_by", "status", "overdue" };
	struct db_agreement	 g;
	struct db_roadmap_item	*items;
	struct csv_writer	 w;
	size_t			 n;
	int64_t			 id;
	char			 today[11], end[11], sep;

	if (api_require_id(req, 0, &id) == -1 || require_agreement(req, id, &g) == -1 ||
	    api_csv_sep(req, &sep) == -1)
		return -1;
	if (db_roadmap_list(api_db(req), &req->arena, id, &items, &n) != DB_OK) {
		api_reply_db_error(req, "exporting a roadmap");
		return -1;
	}
	api_date_today(0, today);
	csv_writer_init(&w, 16u << 20, sep);
	for (size_t k = 0; k < sizeof(head) / sizeof(head[0]); k++)
		csv_cell(&w, head[k]);
	csv_row_end(&w);
	for (size_t i = 0; i < n; i++) {
		due_end(&items[i], end);
		csv_cell_int(&w, items[i].position);
		csv_cell(&w, items[i].sector);
		csv_cell(&w, items[i].side);
		csv_cell(&w, items[i].title_ru);
		csv_cell(&w, items[i].title_en);
		csv_cell(&w, items[i].responsible_home);
		csv_cell(&w, items[i].responsible_partner);
		csv_cell(&w, items[i].due_quarter ? items[i].due_quarter : end);
		csv_cell(&w, items[i].status);
		csv_cell(&w, item_overdue(&items[i], today) ? "true" : "false");
		csv_row_end(&w);
	}
	return api_reply_csv(req, &w, arena_printf(&req->arena, "roadmap-%lld.csv", (long long)id));
}

/*
 * Every item the caller may see, across roadmaps; ?overdue=true for the late
 * ones; ?city= narrows staff and admins to the agreements touching that city
 * (partners are always narrowed to their own).
 */
int
api_roadmap_items_list(struct http_request *req)
{
	struct db_roadmap_item	*items;
	const char		*overdue = http_query(req, "overdue");
	const char		*city = http_query(req, "city");
	int64_t			 visible = api_visible_city(req), seen_id = 0, asked = 0;
	bool			 seen = true;
	size_t			 n;
	char			 today[11];
	json_t			*list;

	if (overdue != NULL && !text_eq(overdue, "true") && !text_eq(overdue, "false")) {
		api_reply_bad_param(req, "overdue", "invalid", "is true or false");
		return -1;
	}
	if (city != NULL && text_int(city, 1, INT64_MAX, &asked) == -1) {
		api_reply_bad_param(req, "city", "invalid", "must be a city id");
		return -1;
	}
	if (visible == 0)
		visible = asked;
	if (db_roadmap_list(api_db(req), &req->arena, 0, &items, &n) != DB_OK) {
		api_reply_db_error(req, "listing roadmap items");
		return -1;
	}
	api_date_today(0, today);
	list = json_array();
	for (size_t i = 0; i < n; i++) {
		/* items come by agreement: one visibility check per agreement */
		if (visible != 0 && items[i].agreement_id != seen_id) {
			seen_id = items[i].agreement_id;
			if (db_agreement_touches(api_db(req), seen_id, visible, &seen) != DB_OK) {
				json_decref(list);
				api_reply_db_error(req, "listing roadmap items");
				return -1;
			}
		}
		if (!seen || (text_eq(overdue, "true") && !item_overdue(&items[i], today)))
			continue;
		json_array_append_new(list, item_json(&items[i], today));
	}
	api_reply_json(req, 200, json_pack("{s:o, s:s}", "items", list, "today", today));
	return 0;
}

int
api_roadmap_item_create(struct http_request *req)
{
	struct db_roadmap_item	 it = { .status = "planned" };
	struct db_agreement	 g;
	json_t			*body, *errors;
	int64_t			 id;

	if (api_require_id(req, 0, &it.agreement_id) == -1)
		return -1;
	if ((body = api_require_body(req, &api_roadmap_item_input_body, false)) == NULL)
		return -1;
	if (require_agreement(req, it.agreement_id, &g) == -1)
		return -1;
	if (strcmp(g.kind, "roadmap") != 0) {
		api_problem(req, 409, "not_a_roadmap", "only an agreement of kind roadmap has items");
		return -1;
	}
	errors = json_array();
	item_from_json(body, &it, errors);
	if (json_array_size(errors) > 0) {
		api_reply_invalid(req, errors);
		return -1;
	}
	json_decref(errors);
	if (db_begin(api_db(req)) == -1 ||
	    db_roadmap_insert(api_db(req), &it, api_caller(req)->user.id, &id) != DB_OK ||
	    db_commit(api_db(req)) == -1) {
		db_rollback(api_db(req));
		api_reply_db_error(req, "creating a roadmap item");
		return -1;
	}
	return reply_item(req, 201, id);
}

int
api_roadmap_item_get(struct http_request *req)
{
	struct db_roadmap_item	it;

	if (require_item(req, &it) == -1)
		return -1;
	return reply_item(req, 200, it.id);
}

int
api_roadmap_item_patch(struct http_request *req)
{
	static const char *const partner_may[] = { "status", "responsible_partner", NULL };
	struct db_roadmap_item	 old, it;
	json_t			*body, *errors, *v;
	const char		*key;

	if ((body = api_require_body(req, &api_roadmap_item_input_body, true)) == NULL)
		return -1;
	if (require_item(req, &old) == -1)
		return -1;
	if (!may_touch(req, &old)) {
		api_problem(req, 403, "other_side", "this item is led by the other side");
		return -1;
	}
	if (api_caller(req)->role == ROLE_PARTNER) {
		json_object_foreach(body, key, v) {
			if (!api_in_list(partner_may, key)) {
				api_problem(req, 403, "forbidden",
				    "a partner changes the status and its responsible party only");
				return -1;
			}
		}
	}
	it = old;
	errors = json_array();
	item_from_json(body, &it, errors);
	if (json_array_size(errors) > 0) {
		api_reply_invalid(req, errors);
		return -1;
	}
	json_decref(errors);
	if (db_begin(api_db(req)) == -1 ||
	    db_roadmap_update(api_db(req), &old, &it, api_caller(req)->user.id) != DB_OK ||
	    db_commit(api_db(req)) == -1) {
		db_rollback(api_db(req));
		api_reply_db_error(req, "updating a roadmap item");
		return -1;
	}
	return reply_item(req, 200, it.id);
}

int
api_roadmap_note_create(struct http_request *req)
{
	struct db_roadmap_item	 it;
	json_t			*body, *errors;
	const char		*on;
	char			 today[11];
	int64_t			 id;

	if ((body = api_require_body(req, &api_roadmap_note_input_body, false)) == NULL)
		return -1;
	if (require_item(req, &it) == -1)
		return -1;
	if (!may_touch(req, &it)) {
		api_problem(req, 403, "other_side", "this item is led by the other side");
		return -1;
	}
	errors = json_array();
	api_check_past_date(body, "noted_on", errors);
	if (json_array_size(errors) > 0) {
		api_reply_invalid(req, errors);
		return -1;
	}
	json_decref(errors);
	api_date_today(0, today);
	on = jv_str(body, "noted_on") ? jv_str(body, "noted_on") : today;
	if (db_begin(api_db(req)) == -1 ||
	    db_roadmap_note_add(api_db(req), it.id, on, jv_str(body, "text"),
	    api_caller(req)->user.id, &id) != DB_OK || db_commit(api_db(req)) == -1) {
		db_rollback(api_db(req));
		api_reply_db_error(req, "adding a note");
		return -1;
	}
	return reply_item(req, 201, it.id);
}

/* Links or unlinks a decision in one transaction; -1 after replying. */
static int
write_link(struct http_request *req, const struct db_roadmap_item *it, int64_t action_id,
    bool link)
{
	struct db	*db = api_db(req);
	int64_t		 user = api_caller(req)->user.id;
	int		 rc;

	if (db_begin(db) == -1) {
		api_reply_db_error(req, "linking a decision");
		return -1;
	}
	rc = link ? db_roadmap_link_action(db, it->id, action_id, user) :
	    db_roadmap_unlink_action(db, it->id, action_id, user);
	if (rc == DB_OK && db_commit(db) == 0)
		return 0;
	db_rollback(db);
	if (rc == DB_NOTFOUND)
		api_problem(req, 404, "not_found", "this decision is not linked to the item");
	else
		api_reply_db_error(req, link ? "linking a decision" : "unlinking a decision");
	return -1;
}

int
api_roadmap_link_action(struct http_request *req)
{
	struct db_roadmap_item	 it;
	struct db_action_item	 a;
	json_t			*body;
	int			 rc;

	if ((body = api_require_body(req, &api_roadmap_action_link_body, false)) == NULL)
		return -1;
	if (require_item(req, &it) == -1)
		return -1;
	rc = db_action_get(api_db(req), &req->arena,
	    json_integer_value(json_object_get(body, "action_item_id")), &a);
	if (rc == DB_NOTFOUND) {
		api_reply_bad_param(req, "action_item_id", "not_found", "no such action item");
		return -1;
	}
	if (rc != DB_OK) {
		api_reply_db_error(req, "reading an action item");
		return -1;
	}
	if (write_link(req, &it, a.id, true) == -1)
		return -1;
	return reply_item(req, 200, it.id);
}

int
api_roadmap_unlink_action(struct http_request *req)
{
	struct db_roadmap_item	 it;
	int64_t			 action_id;

	if (api_require_id(req, 1, &action_id) == -1 || require_item(req, &it) == -1)
		return -1;
	if (write_link(req, &it, action_id, false) == -1)
		return -1;
	return reply_item(req, 200, it.id);
}

/* The decisions that may be linked to the roadmap's items: those of its meetings. */
int
api_roadmap_decisions(struct http_request *req)
{
	struct db_agreement	 g;
	struct db_action_item	*items;
	size_t			 n;
	int64_t			 id;
	char			 today[11];
	json_t			*list;

	if (api_require_id(req, 0, &id) == -1 || require_agreement(req, id, &g) == -1)
		return -1;
	if (db_action_list_of_agreement(api_db(req), &req->arena, id, &items, &n) != DB_OK) {
		api_reply_db_error(req, "listing a roadmap's decisions");
		return -1;
	}
	api_date_today(0, today);
	list = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, action_json(&items[i], today));
	api_reply_json(req, 200, json_pack("{s:o}", "items", list));
	return 0;
}

/*
 * Sets "roadmap_items" on each action of a meeting's reply: the roadmap items
 * it is linked to that the caller may see (none for correspondents).
 */
int
api_roadmap_links_set(struct http_request *req, int64_t meeting_id, json_t *actions)
{
	struct db_roadmap_link	*l = NULL;
	size_t			 n = 0, i;
	int64_t			 visible = api_visible_city(req), seen_id = 0;
	bool			 seen = false;
	json_t			*a;

	if ((api_caller(req)->role & (ROLE_PARTNER | ROLE_STAFF | ROLE_ADMIN)) != 0 &&
	    db_roadmap_links_of_meeting(api_db(req), &req->arena, meeting_id, &l, &n) != DB_OK)
		return -1;
	json_array_foreach(actions, i, a)
		json_object_set_new(a, "roadmap_items", json_array());
	for (size_t k = 0; k < n; k++) {
		/* links come by agreement: one visibility check per agreement */
		if (l[k].agreement_id != seen_id) {
			seen_id = l[k].agreement_id;
			seen = visible == 0;
			if (!seen && db_agreement_touches(api_db(req), seen_id, visible, &seen) != DB_OK)
				return -1;
		}
		json_array_foreach(actions, i, a)
			if (seen && json_integer_value(json_object_get(a, "id")) == l[k].action_id)
				json_array_append_new(json_object_get(a, "roadmap_items"),
				    json_pack("{s:I, s:I, s:s, s:s}", "id", (json_int_t)l[k].item_id,
				    "agreement_id", (json_int_t)l[k].agreement_id,
				    "title_ru", l[k].title_ru, "title_en", l[k].title_en));
	}
	return 0;
}

/* --- trade --- */

/*
 * A period: YYYY, YYYY-Hn (n 1..2), YYYY-Qn (1..4) or YYYY-MM. Its kind into
 * kind; false when malformed.
 */
static bool
period_valid(const char *p, const char **kind)
{
	size_t	n = strlen(p);
	int64_t	y, m;
	char	year[5];

	snprintf(year, sizeof(year), "%.4s", p);
	if (n < 4 || text_int(year, 1900, 2999, &y) == -1)
		return false;
	if (n == 4) {
		*kind = "year";
		return true;
	}
	if (n == 7 && p[4] == '-' && p[5] == 'H' && (p[6] == '1' || p[6] == '2')) {
		*kind = "half_year";
		return true;
	}
	if (n == 7 && p[4] == '-' && p[5] == 'Q' && p[6] >= '1' && p[6] <= '4') {
		*kind = "quarter";
		return true;
	}
	if (n == 7 && p[4] == '-' && text_int(p + 5, 1, 12, &m) == 0 && p[5] >= '0' &&
	    p[5] <= '1') {
		*kind = "month";
		return true;
	}
	return false;
}

/* The point of the like period a year before p, or NULL. */
static const struct db_trade_point *
year_before(const struct db_trade_series *s, const struct db_trade_point *p)
{
	char	want[16];

	snprintf(want, sizeof(want), "%04d%s", api_date_year(p->period) - 1, p->period + 4);
	for (size_t i = 0; i < s->npoints; i++)
		if (strcmp(s->points[i].period, want) == 0)
			return &s->points[i];
	return NULL;
}

static json_t *
series_json(const struct db_trade_series *s)
{
	json_t	*points = json_array(), *o;

	for (size_t i = 0; i < s->npoints; i++) {
		const struct db_trade_point	*p = &s->points[i], *b = year_before(s, p);
		const char			*kind = "year";
		json_t				*yoy = json_null();

		period_valid(p->period, &kind);
		if (b != NULL && b->value != 0)
		{
			/* to a tenth of a percent, half away from zero */
			double	tenths = (p->value - b->value) / b->value * 1000.0;

			yoy = json_real((double)(long long)(tenths + (tenths < 0 ? -0.5 : 0.5)) / 10.0);
		}
		json_array_append_new(points, json_pack("{s:s, s:s, s:f, s:b, s:o, s:s?, s:s?,"
		    " s:s?}", "period", p->period, "period_kind", kind, "value", p->value,
		    "derived", p->derived, "yoy_pct", yoy, "yoy_base", b ? b->period : NULL,
		    "note_ru", p->note_ru, "note_en", p->note_en));
	}
	o = json_pack("{s:I, s:s, s:s, s:s?, s:s?}", "id", (json_int_t)s->id,
	    "reporter_name_en", s->reporter_name_en, "reporter_name_ru", s->reporter_name_ru,
	    "partner_name_en", s->partner_name_en, "partner_name_ru", s->partner_name_ru);
	api_trade_series_columns_json(o, s);
	json_object_set_new(o, "points", points);
	return o;
}

/* The city whose series a caller asks for (?city), or is confined to; -1 after replying. */
static int
trade_city(struct http_request *req, int64_t *city_id)
{
	const char	*city = http_query(req, "city");

	*city_id = 0;
	if (city != NULL && text_int(city, 1, INT64_MAX, city_id) == -1) {
		api_reply_bad_param(req, "city", "invalid", "must be a city id");
		return -1;
	}
	if (api_visible_city(req) != 0)
		*city_id = api_visible_city(req);
	return 0;
}

int
api_trade_list(struct http_request *req)
{
	struct db_trade_series	*s;
	int64_t			 city_id;
	size_t			 n;
	json_t			*list;

	if (trade_city(req, &city_id) == -1)
		return -1;
	if (db_trade_list(api_db(req), &req->arena, city_id, &s, &n) != DB_OK) {
		api_reply_db_error(req, "listing trade figures");
		return -1;
	}
	list = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, series_json(&s[i]));
	api_reply_json(req, 200, json_pack("{s:o}", "items", list));
	return 0;
}

enum { TC_REPORTER_GID, TC_REPORTER, TC_PARTNER_COUNTRY, TC_PARTNER_GID, TC_PARTNER, TC_FLOW,
	TC_PERIOD, TC_VALUE, TC_CURRENCY, TC_DERIVED, TC_NOTE_RU, TC_NOTE_EN, NTRADE_COLUMNS };

static const char *const trade_columns[NTRADE_COLUMNS] = {
	"reporter_geonames_id", "reporter", "partner_country", "partner_geonames_id", "partner",
	"flow", "period", "value", "currency", "derived", "note_ru", "note_en",
};

/* The names are for people: an import reads the GeoNames ids and the country code. */
static const struct api_import_columns trade_import = {
	trade_columns, NTRADE_COLUMNS, 1u << TC_REPORTER_GID | 1u << TC_FLOW | 1u << TC_PERIOD |
	1u << TC_VALUE | 1u << TC_CURRENCY, "importing trade figures",
};

/* Every point the caller may see, a line each: what POST /trade.csv reads back. */
int
api_trade_csv_get(struct http_request *req)
{
	struct db_trade_series	*s;
	struct csv_writer	 w;
	int64_t			 city_id;
	size_t			 n;
	char			 sep;

	if (trade_city(req, &city_id) == -1 || api_csv_sep(req, &sep) == -1)
		return -1;
	if (db_trade_list(api_db(req), &req->arena, city_id, &s, &n) != DB_OK) {
		api_reply_db_error(req, "exporting trade figures");
		return -1;
	}
	csv_writer_init(&w, 64u << 20, sep);
	for (size_t k = 0; k < NTRADE_COLUMNS; k++)
		csv_cell(&w, trade_columns[k]);
	csv_row_end(&w);
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < s[i].npoints; k++) {
			const struct db_trade_point	*p = &s[i].points[k];

			csv_cell_int(&w, s[i].reporter_geonames_id);
			csv_cell(&w, s[i].reporter_name_en);
			csv_cell(&w, s[i].partner_country);
			if (s[i].partner_geonames_id != 0)
				csv_cell_int(&w, s[i].partner_geonames_id);
			else
				csv_cell(&w, NULL);
			csv_cell(&w, s[i].partner_name_en);
			csv_cell(&w, s[i].flow);
			csv_cell(&w, p->period);
			csv_cell_real(&w, p->value);
			csv_cell(&w, s[i].currency);
			csv_cell(&w, p->derived ? "true" : "false");
			csv_cell(&w, p->note_ru);
			csv_cell(&w, p->note_en);
			csv_row_end(&w);
		}
	return api_reply_csv(req, &w, "trade.csv");
}

/*
 * A value cell: a number, not negative. In a file separated by semicolons
 * (as Russian-locale spreadsheets save) a decimal comma is taken for a point.
 */
static bool
trade_value(struct api_import *im, const char *v, double *out)
{
	char	*end = NULL, *copy;

	if (v == NULL)
		return false;
	if (im->r.sep == ';' && strchr(v, ',') != NULL && strchr(v, '.') == NULL) {
		copy = arena_strdup(&im->row, v);
		*strchr(copy, ',') = '.';
		v = copy;
	}
	*out = strtod(v, &end);
	return end != v && *end == '\0' && isfinite(*out) && *out >= 0;
}

/* The series of a line into s; errors says what is wrong. */
static void
trade_series(struct api_import *im, struct db_trade_series *s)
{
	struct db	*db = api_db(im->req);
	const char	*rep = api_import_cell(im, TC_REPORTER_GID);
	const char	*pcity = api_import_cell(im, TC_PARTNER_GID);
	int64_t		 gid;
	bool		 known = false;

	memset(s, 0, sizeof(*s));
	if (rep == NULL || text_int(rep, 1, INT64_MAX, &gid) == -1 ||
	    db_city_id_by_geonames(db, gid, &s->reporter_city_id) != DB_OK)
		jv_error_add(im->errors, "reporter_geonames_id", "not_found",
		    "must be the GeoNames id of a known city");
	s->partner_country = api_import_cell(im, TC_PARTNER_COUNTRY);
	if ((s->partner_country == NULL) == (pcity == NULL))
		jv_error_add(im->errors, "partner_country", "one_partner",
		    "give a partner country or a partner city, not both");
	else if (s->partner_country != NULL && (db_country_known(db, s->partner_country,
	    &known) != DB_OK || !known))
		jv_error_add(im->errors, "partner_country", "not_found", "no such ISO country code");
	else if (pcity != NULL && (text_int(pcity, 1, INT64_MAX, &gid) == -1 ||
	    db_city_id_by_geonames(db, gid, &s->partner_city_id) != DB_OK))
		jv_error_add(im->errors, "partner_geonames_id", "not_found",
		    "must be the GeoNames id of a known city");
	s->flow = api_import_cell(im, TC_FLOW);
	if (!api_in_list(flows, s->flow))
		jv_error_add(im->errors, "flow", "invalid", "must be turnover, export or import");
	s->currency = api_import_cell(im, TC_CURRENCY);
	if (s->currency == NULL || strlen(s->currency) != 3 || s->currency[0] < 'A' ||
	    s->currency[0] > 'Z')
		jv_error_add(im->errors, "currency", "invalid", "must be an ISO 4217 code such as USD");
}

static bool
same_point(const struct db_trade_point *a, const struct db_trade_point *b)
{
	return a->value == b->value && a->derived == b->derived &&
	    (a->note_ru == b->note_ru || text_eq(a->note_ru, b->note_ru)) &&
	    (a->note_en == b->note_en || text_eq(a->note_en, b->note_en));
}

/*
 * One line: the point of its series and period is inserted, replaced, or
 * left alone when equal. A column the header does not name keeps its value.
 */
static enum api_import_result
trade_line(struct api_import *im)
{
	struct db		*db = api_db(im->req);
	struct db_trade_series	 s;
	struct db_trade_point	 p, old;
	const char		*derived = api_import_cell(im, TC_DERIVED), *kind;
	int			 rc = DB_NOTFOUND;

	memset(&p, 0, sizeof(p));
	trade_series(im, &s);
	p.period = api_import_cell(im, TC_PERIOD);
	if (p.period == NULL || !period_valid(p.period, &kind))
		jv_error_add(im->errors, "period", "invalid", "must be YYYY, YYYY-Hn, YYYY-Qn or YYYY-MM");
	if (!trade_value(im, api_import_cell(im, TC_VALUE), &p.value))
		jv_error_add(im->errors, "value", "invalid", "must be a number, not negative");
	if (derived != NULL && !text_eq(derived, "true") && !text_eq(derived, "false"))
		jv_error_add(im->errors, "derived", "invalid", "must be true or false");
	if (json_array_size(im->errors) > 0)
		return API_IMPORT_UNCHANGED;
	if (db_trade_series_put(db, &s, &p.series_id) != DB_OK ||
	    ((rc = db_trade_point_get(db, &im->row, p.series_id, p.period, &old)) != DB_OK &&
	    rc != DB_NOTFOUND)) {
		jv_error_add(im->errors, "line", "internal", "a database error occurred");
		return API_IMPORT_UNCHANGED;
	}
	p.derived = derived ? text_eq(derived, "true") : rc == DB_OK && old.derived;
	p.note_ru = api_import_cell_or(im, TC_NOTE_RU, rc == DB_OK ? old.note_ru : NULL);
	p.note_en = api_import_cell_or(im, TC_NOTE_EN, rc == DB_OK ? old.note_en : NULL);
	if (rc == DB_OK && same_point(&p, &old))
		return API_IMPORT_UNCHANGED;
	if (db_trade_point_put(db, &p) != DB_OK)
		jv_error_add(im->errors, "line", "internal", "a database error occurred");
	return rc == DB_OK ? API_IMPORT_UPDATED : API_IMPORT_INSERTED;
}

int
api_trade_csv_post(struct http_request *req)
{
	struct api_import	im;

	if (api_import_begin(req, &im, &trade_import) == -1)
		return -1;
	while (api_import_next(&im))
		api_import_line(&im, trade_line(&im));
	return api_import_finish(&im);
}

/* --- one trade value by a form (issue 15): as a line of the CSV import does --- */

static const char *const currency_chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";

/* The series and point of a form's body; errors name the fields that are wrong. */
static void
point_from_json(struct http_request *req, json_t *body, struct db_trade_series *s,
    struct db_trade_point *p, json_t *errors)
{
	struct db	*db = api_db(req);
	struct db_city	 c;
	const char	*kind;
	bool		 known = false;

	memset(s, 0, sizeof(*s));
	memset(p, 0, sizeof(*p));
	api_trade_series_columns_from(body, s);
	p->period = jv_str(body, "period");
	p->value = json_number_value(json_object_get(body, "value"));
	p->derived = json_is_true(json_object_get(body, "derived"));
	p->note_ru = jv_str(body, "note_ru");
	p->note_en = jv_str(body, "note_en");
	if (db_city_get(db, &req->arena, s->reporter_city_id, &c) != DB_OK)
		jv_error_add(errors, "reporter_city_id", "not_found", "no such city");
	if ((s->partner_country == NULL) == (s->partner_city_id == 0))
		jv_error_add(errors, "partner_country", "one_partner",
		    "give a partner country or a partner city, not both");
	else if (s->partner_country != NULL && (db_country_known(db, s->partner_country,
	    &known) != DB_OK || !known))
		jv_error_add(errors, "partner_country", "not_found", "no such ISO country code");
	else if (s->partner_city_id != 0 && db_city_get(db, &req->arena, s->partner_city_id,
	    &c) != DB_OK)
		jv_error_add(errors, "partner_city_id", "not_found", "no such city");
	if (strspn(s->currency, currency_chars) != 3)
		jv_error_add(errors, "currency", "invalid", "must be an ISO 4217 code such as USD");
	if (!period_valid(p->period, &kind))
		jv_error_add(errors, "period", "invalid", "must be YYYY, YYYY-Hn, YYYY-Qn or YYYY-MM");
}

/*
 * PUT /trade/points: one value of a series (reporter, partner, flow,
 * currency) for a period, inserted or replacing the period's value — what a
 * line of the CSV import does, from a form. Answers the series.
 */
int
api_trade_point_put(struct http_request *req)
{
	struct db_trade_series	 s, *all;
	struct db_trade_point	 p;
	json_t			*body, *errors = json_array();
	size_t			 n;

	if ((body = api_require_body(req, &api_trade_point_input_body, false)) == NULL) {
		json_decref(errors);
		return -1;
	}
	point_from_json(req, body, &s, &p, errors);
	if (json_array_size(errors) > 0) {
		api_reply_invalid(req, errors);
		return -1;
	}
	json_decref(errors);
	if (db_begin(api_db(req)) == -1 || db_trade_series_put(api_db(req), &s, &p.series_id) != DB_OK ||
	    db_trade_point_put(api_db(req), &p) != DB_OK || db_commit(api_db(req)) == -1) {
		db_rollback(api_db(req));
		api_reply_db_error(req, "writing a trade value");
		return -1;
	}
	if (db_trade_list(api_db(req), &req->arena, s.reporter_city_id, &all, &n) != DB_OK) {
		api_reply_db_error(req, "reading a trade series");
		return -1;
	}
	for (size_t i = 0; i < n; i++)
		if (all[i].id == p.series_id) {
			api_reply_json(req, 200, series_json(&all[i]));
			return 0;
		}
	api_reply_db_error(req, "reading a trade series");
	return -1;
}
