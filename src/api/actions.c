/*
 * actions: decisions of meetings as action items — text, owner person and
 * owner organization (each optional), due date, status; overdue is
 * computed. The host's staff (and admins) write them; a partner may move
 * the status of items its organization owns, and a partner or staff member
 * (the roles of PATCH /actions/{id}) that of the items they own themselves.
 *
 * A user is the person of the people table whose address is the account's
 * (compared without case): "my tasks" (GET /actions?mine=true) are the open
 * items that person owns in the meetings the user sees.
 */
#include "api.h"

#include <string.h>
#include <strings.h>

#include "../base/text.h"

/* Copies body onto it; -1 after replying 400 on a bad date or owner. */
static int
action_from_json(struct http_request *req, json_t *body, struct db_action_item *it)
{
	json_t	*v;
	time_t	 t;

	api_action_item_columns_from(body, it);	/* text_ru, text_en, due_date, status */
	if ((v = json_object_get(body, "owner_organization_id")) != NULL) {
		struct db_org	o;

		it->owner_org_id = json_integer_value(v);
		if (it->owner_org_id > 0 && db_org_get(api_db(req), &req->arena, it->owner_org_id,
		    &o) == DB_NOTFOUND) {
			api_reply_bad_param(req, "owner_organization_id", "not_found",
			    "no such organization");
			return -1;
		}
	}
	if ((v = json_object_get(body, "owner_person_id")) != NULL) {
		struct db_person	p;

		it->owner_person_id = json_integer_value(v);
		if (it->owner_person_id > 0 && db_person_get(api_db(req), &req->arena,
		    it->owner_person_id, &p) == DB_NOTFOUND) {
			api_reply_bad_param(req, "owner_person_id", "not_found", "no such person");
			return -1;
		}
	}
	if (json_object_get(body, "due_date") != NULL && it->due_date != NULL &&
	    text_time_parse(it->due_date, &t) == -1) {
		api_reply_bad_param(req, "due_date", "invalid_date", "is not a YYYY-MM-DD date");
		return -1;
	}
	return 0;
}

static int
reply_action(struct http_request *req, int status, int64_t id)
{
	struct db_action_item	it;
	char			today[11];

	if (db_action_get(api_db(req), &req->arena, id, &it) != DB_OK) {
		api_reply_db_error(req, "reading an action item");
		return -1;
	}
	api_date_today(0, today);
	api_reply_json(req, status, action_json(&it, today));
	return 0;
}

/* Whether the caller is the item's owner person (by address). */
static bool
own_item(const struct api_caller *c, const struct db_action_item *it)
{
	return it->owner_person_email != NULL && c->user.email != NULL &&
	    strcasecmp(it->owner_person_email, c->user.email) == 0;
}

int
api_action_create(struct http_request *req)
{
	struct db_action_item	 it = { .status = "open" };
	struct db_meeting	 m;
	json_t			*body;
	int64_t			 id;

	if (api_require_id(req, 0, &it.meeting_id) == -1)
		return -1;
	if ((body = api_require_body(req, &api_action_item_input_body, false)) == NULL)
		return -1;
	if (meeting_require(req, it.meeting_id, &m) == -1)
		return -1;
	if (!meeting_can_manage(req, &m)) {
		api_problem(req, 403, "forbidden", "only the host organization records decisions");
		return -1;
	}
	if (action_from_json(req, body, &it) == -1)
		return -1;
	if (db_action_insert(api_db(req), &it, &id) != DB_OK) {
		api_reply_db_error(req, "creating an action item");
		return -1;
	}
	return reply_action(req, 201, id);
}

int
api_action_patch(struct http_request *req)
{
	struct db_action_item	 it;
	struct db_meeting	 m;
	struct api_caller	*c = api_caller(req);
	json_t			*body;
	int64_t			 id;
	int			 rc;

	if (api_require_id(req, 0, &id) == -1)
		return -1;
	if ((body = api_require_body(req, &api_action_item_input_body, true)) == NULL)
		return -1;
	rc = db_action_get(api_db(req), &req->arena, id, &it);
	if (rc == DB_NOTFOUND) {
		api_problem(req, 404, "not_found", "no such action item");
		return -1;
	}
	if (rc != DB_OK) {
		api_reply_db_error(req, "reading an action item");
		return -1;
	}
	if (meeting_require(req, it.meeting_id, &m) == -1)
		return -1;
	if (!meeting_can_manage(req, &m)) {
		/* a partner moves the status of what its organization owns; anyone, of their own */
		if (!own_item(c, &it) &&
		    (c->role != ROLE_PARTNER || it.owner_org_id != c->user.org_id)) {
			api_problem(req, 403, "forbidden",
			    "only the host or the owning organization changes this item");
			return -1;
		}
		if (json_object_size(body) != 1 || json_object_get(body, "status") == NULL) {
			api_problem(req, 403, "forbidden", "the owning partner changes the status only");
			return -1;
		}
	}
	if (action_from_json(req, body, &it) == -1)
		return -1;
	if (db_action_update(api_db(req), &it) != DB_OK) {
		api_reply_db_error(req, "updating an action item");
		return -1;
	}
	return reply_action(req, 200, id);
}

int
api_actions_list(struct http_request *req)
{
	struct db_meeting_scope	 sc = meeting_scope(req);
	struct db_action_item	*items;
	const char		*overdue = http_query(req, "overdue");
	const char		*mine = http_query(req, "mine");
	char			 today[11];
	size_t			 n;
	json_t			*list;

	if (overdue != NULL && strcmp(overdue, "true") != 0 && strcmp(overdue, "false") != 0) {
		api_reply_bad_param(req, "overdue", "invalid", "is true or false");
		return -1;
	}
	if (mine != NULL && strcmp(mine, "true") != 0 && strcmp(mine, "false") != 0) {
		api_reply_bad_param(req, "mine", "invalid", "is true or false");
		return -1;
	}
	api_date_today(0, today);
	if (db_action_list_open(api_db(req), &req->arena, &sc,
	    text_eq(overdue, "true") ? today : NULL,
	    text_eq(mine, "true") ? api_caller(req)->user.email : NULL, &items, &n) != DB_OK) {
		api_reply_db_error(req, "listing action items");
		return -1;
	}
	list = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, action_json(&items[i], today));
	api_reply_json(req, 200, json_pack("{s:o, s:s}", "items", list, "today", today));
	return 0;
}
