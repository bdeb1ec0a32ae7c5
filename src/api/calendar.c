/*
 * calendar: the private per-user calendar feed. A random token in the URL
 * stands for the user (calendar apps send no cookie); the database keeps
 * only its hash, as for sessions. Making a new one revokes the old.
 */
#include "api.h"

#include <string.h>
#include <time.h>

#include "../base/text.h"

/* url, only when just made: the absolute address calendar apps subscribe to */
static json_t *
feed_json(struct http_request *req, const char *created_at, const char *token)
{
	json_t	*j = json_pack("{s:b, s:s?}", "active", created_at != NULL,
	    "created_at", created_at);

	if (token != NULL)
		json_object_set_new(j, "url", json_sprintf("%s" API_PREFIX "/calendar/%s.ics",
		    api_base_url(req), token));
	return j;
}

int
api_feed_get(struct http_request *req)
{
	char	created[32];
	int	rc = db_feed_exists(api_db(req), api_caller(req)->user.id, created);

	if (rc != DB_OK && rc != DB_NOTFOUND) {
		api_reply_db_error(req, "reading the calendar feed");
		return -1;
	}
	api_reply_json(req, 200, feed_json(req, rc == DB_OK ? created : NULL, NULL));
	return 0;
}

int
api_feed_create(struct http_request *req)
{
	const char	*token = api_random_token(&req->arena);
	char		 now[TEXT_TIME_LEN];

	text_time(time(NULL), now);
	if (db_feed_put(api_db(req), api_caller(req)->user.id,
	    api_token_hash(&req->arena, token), now) != DB_OK) {
		api_reply_db_error(req, "creating the calendar feed");
		return -1;
	}
	api_reply_json(req, 201, feed_json(req, now, token));
	return 0;
}

int
api_feed_delete(struct http_request *req)
{
	int	rc = db_feed_delete(api_db(req), api_caller(req)->user.id);

	if (rc == DB_NOTFOUND) {
		api_problem(req, 404, "not_found", "no calendar feed to revoke");
		return -1;
	}
	if (rc != DB_OK) {
		api_reply_db_error(req, "revoking the calendar feed");
		return -1;
	}
	http_reply_empty(req, 204);
	return 0;
}

/* GET /calendar/{token}.ics: public route; the token is the credential. */
int
api_feed_ics(struct http_request *req)
{
	struct api_caller	*c = api_caller(req);
	struct db_meeting_filter f = { .from = "0000", .to = "9999", .limit = 500 };
	struct db_meeting	*items;
	const char		*token = http_param(req, 0);
	int64_t			 uid;
	size_t			 n;
	int			 rc;

	if (strlen(token) > 64 || (rc = db_feed_user(api_db(req),
	    api_token_hash(&req->arena, token), &uid)) == DB_NOTFOUND) {
		api_problem(req, 404, "not_found", "no such calendar feed");
		return -1;
	}
	if (rc != DB_OK || db_user_get(api_db(req), &req->arena, uid, &c->user) != DB_OK) {
		api_reply_db_error(req, "reading a calendar feed");
		return -1;
	}
	/* act as the feed's owner for scope and language */
	c->role = api_role_bit(c->user.role);
	f.scope = meeting_scope(req);
	if (db_meeting_list(api_db(req), &req->arena, &f, &items, &n) != DB_OK) {
		api_reply_db_error(req, "listing meetings");
		return -1;
	}
	reply_ics(req, items, n, "pobratim");
	return 0;
}
