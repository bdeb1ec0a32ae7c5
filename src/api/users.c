/*
 * users: accounts, managed by admins. A new account, or a changed address,
 * gets a confirmation link by mail (recovery.c). A changed password or a disabled
 * account ends that user's sessions and closes their WebSockets (4401); a
 * changed role or organization closes them with 4403, so that the client
 * reconnects with the new rights.
 */
#include "api.h"

#include <string.h>

#include "../base/text.h"

int
api_users_list(struct http_request *req)
{
	struct db_user_filter	 f = { 0 };
	struct api_page		 page;
	struct db_user		*items;
	size_t			 n;
	json_t			*list;
	bool			 more;

	if (api_require_page(req, &page) == -1)
		return -1;
	f.q = api_query_folded(req, "q");
	f.role = http_query(req, "role");
	if (f.role != NULL && api_role_bit(f.role) == ROLE_PUBLIC) {
		api_reply_bad_param(req, "role", "not_allowed", "is not a role");
		return -1;
	}
	f.after_id = page.a;
	f.limit = page.limit + 1;
	if (db_user_list(api_db(req), &req->arena, &f, &items, &n) != DB_OK) {
		api_reply_db_error(req, "listing users");
		return -1;
	}
	more = n > (size_t)page.limit;
	list = json_array();
	for (size_t i = 0; i < n && i < (size_t)page.limit; i++)
		json_array_append_new(list, api_user_json(&items[i]));
	api_reply_json(req, 200, api_page_json(list, more, more ? items[page.limit - 1].id : 0, 0));
	return 0;
}

/* Who may be made responsible for an event or a partnership, for staff to choose from. */
int
api_staff_users_list(struct http_request *req)
{
	struct db_user	*items;
	size_t		 n;
	json_t		*list;

	if (db_user_list_staff(api_db(req), &req->arena, &items, &n) != DB_OK) {
		api_reply_db_error(req, "listing staff accounts");
		return -1;
	}
	list = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, api_staff_user_json(&items[i]));
	api_reply_json(req, 200, json_pack("{s:o}", "items", list));
	return 0;
}

static int
reply_user(struct http_request *req, int status, int64_t id)
{
	struct db_user	u;
	int		rc = db_user_get(api_db(req), &req->arena, id, &u);

	if (rc == DB_NOTFOUND) {
		api_problem(req, 404, "not_found", "no such user");
		return -1;
	}
	if (rc != DB_OK) {
		api_reply_db_error(req, "reading a user");
		return -1;
	}
	api_reply_json(req, status, api_user_json(&u));
	return 0;
}

/*
 * Copies body onto u, hashing a new password; -1 after replying. The
 * published demo password is refused unless the server runs as a demo, where
 * it marks the account (serve then refuses to start without --demo).
 */
static int
user_from_json(struct http_request *req, json_t *body, struct db_user *u)
{
	const char	*password = jv_str(body, "password"), *code, *why;
	bool		 demo = api_settings(req)->demo;
	json_t		*v;

	if (jv_str(body, "email") != NULL)
		u->email = text_lower_ascii(arena_strdup(&req->arena, jv_str(body, "email")));
	api_user_columns_from(body, u);
	if ((v = json_object_get(body, "organization_id")) != NULL)
		u->org_id = json_integer_value(v);
	if (password != NULL) {
		char *hash = arena_alloc(&req->arena, 128);

		if ((code = api_password_refusal(password, u->email, demo, &why)) != NULL) {
			api_reply_bad_param(req, "password", code, why);
			return -1;
		}
		if (api_password_hash(password, hash) != 0) {
			api_problem(req, 500, "internal", "cannot hash the password");
			return -1;
		}
		u->password_hash = hash;
		u->demo_password = strcmp(password, API_DEMO_PASSWORD) == 0;
	}
	return 0;
}

/* Answers a failed insert or update; always -1. */
static int
reply_write_error(struct http_request *req, int rc)
{
	if (rc == DB_CONFLICT)
		api_problem(req, 409, "conflict", "a user with this email exists");
	else if (rc == DB_INVALID)
		api_reply_bad_param(req, "organization_id", "not_found", "no such organization");
	else if (rc == DB_NOTFOUND)
		api_problem(req, 404, "not_found", "no such user");
	else
		api_reply_db_error(req, "writing a user");
	return -1;
}

/* A new account, and the confirmation of its address queued with it. */
int
api_user_create(struct http_request *req)
{
	struct db	*db = api_db(req);
	json_t		*body = api_require_body(req, &api_user_create_body, false);
	struct db_user	 u = { .locale = "ru" };
	int64_t		 id;
	int		 rc;

	if (body == NULL || user_from_json(req, body, &u) == -1)
		return -1;
	if (db_begin(db) == -1)
		return reply_write_error(req, DB_ERR);
	if ((rc = db_user_insert(db, &u, &id)) == DB_OK) {
		u.id = id;
		rc = api_verification_queue(req, &u);
	}
	if (rc != DB_OK) {
		db_rollback(db);
		return reply_write_error(req, rc);
	}
	if (db_commit(db) == -1)
		return reply_write_error(req, DB_ERR);
	api_mail_committed();
	http_header(req, "location", arena_printf(&req->arena, API_PREFIX "/users/%lld",
	    (long long)id));
	return reply_user(req, 201, id);
}

int
api_user_get(struct http_request *req)
{
	int64_t	id;

	if (api_require_id(req, 0, &id) == -1)
		return -1;
	return reply_user(req, 200, id);
}

/* After a committed change to user id: their open connections follow it at once. */
static void
user_changed(struct http_request *req, int64_t id, bool ended, bool rights)
{
	api_rights_bump_user(id);
	if (ended)
		api_disconnect(id, NULL, NULL, API_WS_CLOSE_SESSION);
	else if (rights)
		api_disconnect(id, NULL, NULL, API_WS_CLOSE_RIGHTS);
	else
		api_publish(arena_printf(&req->arena, "user:%lld", (long long)id), "account.updated",
		    json_pack("{s:I}", "id", (json_int_t)id));
}

int
api_user_patch(struct http_request *req)
{
	struct db	*db = api_db(req);
	json_t		*body;
	struct db_user	 u;
	const char	*role, *email;
	int64_t		 id, org;
	int		 rc;
	bool		 ended, moved;

	if (api_require_id(req, 0, &id) == -1)
		return -1;
	if ((body = api_require_body(req, &api_user_create_body, true)) == NULL)
		return -1;
	if ((rc = db_user_get(db, &req->arena, id, &u)) != DB_OK)
		return reply_write_error(req, rc);
	role = u.role;
	org = u.org_id;
	email = u.email;
	if (user_from_json(req, body, &u) == -1)
		return -1;
	ended = u.disabled || jv_str(body, "password") != NULL;
	moved = strcmp(email, u.email) != 0;
	if (moved)	/* a new address is confirmed anew */
		u.email_verified_at = NULL;
	if (db_begin(db) == -1)
		return reply_write_error(req, DB_ERR);
	rc = db_user_update(db, &u);
	if (rc == DB_OK && ended)
		rc = db_session_delete_user(db, id);
	if (rc == DB_OK && moved)
		rc = api_verification_queue(req, &u);
	if (rc != DB_OK) {
		db_rollback(db);
		return reply_write_error(req, rc);
	}
	if (db_commit(db) == -1)
		return reply_write_error(req, DB_ERR);
	if (moved)
		api_mail_committed();
	user_changed(req, id, ended, strcmp(role, u.role) != 0 || org != u.org_id);
	return reply_user(req, 200, id);
}

int
api_user_delete(struct http_request *req)
{
	int64_t	id;
	int	rc;

	if (api_require_id(req, 0, &id) == -1)
		return -1;
	if (id == api_caller(req)->user.id) {
		api_problem(req, 409, "conflict", "you cannot delete your own account");
		return -1;
	}
	rc = db_user_delete(api_db(req), id);
	if (rc != DB_OK)
		return rc == DB_CONFLICT ? (api_problem(req, 409, "conflict",
		    "records still refer to this user"), -1) : reply_write_error(req, rc);
	user_changed(req, id, true, true);
	http_reply_empty(req, 204);
	return 0;
}
