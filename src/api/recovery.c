/*
 * recovery: what reaches an account by mail. A password reset: asked for
 * by address, answered the same way whether or not an account has it (no
 * account enumeration), throttled per address and per account; the mail
 * holds a single-use link that works for MAIL_RESET_SECONDS, of whose
 * token the database keeps only a hash; setting the new password (the
 * policy of every password) ends every session. An address confirmation:
 * sent when an admin creates an account or changes its address, and on
 * request; confirming marks the address verified, and so does a completed
 * reset (the link reached the address). An unconfirmed address still
 * signs in and works; it only receives no notifications (invitations,
 * reminders, digests) until confirmed.
 */
#include "api.h"

#include <string.h>
#include <time.h>

#include "../base/log.h"
#include "../base/net.h"
#include "../base/text.h"
#include "../mail/mail.h"

#define PURPOSE_RESET	"password_reset"
#define PURPOSE_VERIFY	"email_verification"
#define TOKEN_MAX	128	/* characters of a token in a body; ours have 43 */

/*
 * Reset mail, which anyone may ask for any address: three a day per
 * (address, client) pair and per address from any client, ten per client
 * whatever the addresses; past those a wait of a minute, doubled with each
 * further request up to an hour. Counted apart from sign-ins, by the
 * address asked for, so an unknown address is held off as a known one is.
 */
static const struct api_throttle reset_throttle = { "reset:", 3, 10, 3, 60, 3600 };
/* Confirmation mail one asks for oneself: the same limits. */
static const struct api_throttle verify_throttle = { "verify:", 3, 10, 3, 60, 3600 };

/*
 * A new single-use link for u inside the caller's transaction, and its
 * message: purpose is both the token's and the template's kind; the link
 * goes to path with the token (and the account's language, for the page)
 * in its fragment, which no server and no Referer ever sees. It works for
 * seconds; the message is not sent after that.
 */
static int
queue_link(struct http_request *req, const struct db_user *u, const char *purpose,
    const char *path, long seconds)
{
	const char	*token = api_random_token(&req->arena);
	char		 now[TEXT_TIME_LEN], until[TEXT_TIME_LEN], forgotten[TEXT_TIME_LEN];
	struct mail_var	 link;
	struct api_mail	 m = { .kind = purpose, .to = u, .vars = &link, .nvars = 1,
			    .sensitive = true, .expires_at = until };
	time_t		 t = time(NULL);
	int		 rc;

	text_time(t, now);
	text_time(t + seconds, until);
	text_time(t - 86400, forgotten);	/* a day after their end, tokens say nothing */
	if ((rc = db_email_tokens_forget(api_db(req), forgotten)) != DB_OK ||
	    (rc = db_email_token_insert(api_db(req), purpose, api_token_hash(&req->arena, token),
	    u->id, u->email, now, until)) != DB_OK)
		return rc;
	link = (struct mail_var){ "link", arena_printf(&req->arena, "%s%s#token=%s&lang=%s",
	    api_base_url(req), path, token, u->locale) };
	return api_mail_queue(req, &m, NULL);
}

int
api_verification_queue(struct http_request *req, const struct db_user *u)
{
	return queue_link(req, u, PURPOSE_VERIFY, "/verify-email", MAIL_VERIFY_SECONDS);
}

static int
reset_queue(struct http_request *req, const struct db_user *u)
{
	return queue_link(req, u, PURPOSE_RESET, "/reset-password", MAIL_RESET_SECONDS);
}

/* Runs queue(req, u) in a transaction of its own; -1 after replying 500. */
static int
queue_alone(struct http_request *req, const struct db_user *u,
    int (*queue)(struct http_request *, const struct db_user *), const char *what)
{
	struct db	*db = api_db(req);

	if (db_begin(db) == -1 || queue(req, u) != DB_OK || db_commit(db) == -1) {
		db_rollback(db);
		api_reply_db_error(req, what);
		return -1;
	}
	api_mail_committed();
	return 0;
}

/*
 * POST /password-reset {email}: 202 whether or not an account has the
 * address, after the same work up to the lookup; the mail goes only to an
 * enabled account.
 */
int
api_password_reset_request(struct http_request *req)
{
	json_t		*body = api_require_body(req, &api_password_reset_request_body, false);
	const char	*email;
	struct db_user	 u;
	char		 key[NET_KEY_LEN];
	int		 rc;

	if (body == NULL)
		return -1;
	email = text_lower_ascii(arena_strdup(&req->arena, jv_str(body, "email")));
	net_addr_key(req->addr, key);
	if (api_throttle_check(req, &reset_throttle, email, key) != 0)
		return -1;
	api_throttle_count(req, &reset_throttle, email, key, "password reset asked");
	rc = db_user_get_by_email(api_db(req), &req->arena, email, &u);
	if (rc == DB_ERR) {
		api_reply_db_error(req, "looking up a user");
		return -1;
	}
	if (rc == DB_OK && !u.disabled && queue_alone(req, &u, reset_queue,
	    "queueing a password reset") == -1)
		return -1;
	if (rc != DB_OK || u.disabled)
		log_info("request %s: no password reset mail: no enabled account '%s'", req->id,
		    email);
	http_header(req, "cache-control", "no-store");
	http_reply_empty(req, 202);
	return 0;
}

/*
 * The unused, unexpired token of purpose in the body, and its account
 * (enabled, still at the address the link went to); -1 after replying.
 */
static int
require_token(struct http_request *req, json_t *body, const char *purpose,
    struct db_email_token *t, struct db_user *u)
{
	char	now[TEXT_TIME_LEN];
	int	rc;

	text_time(time(NULL), now);
	rc = db_email_token_get(api_db(req), &req->arena, purpose,
	    api_token_hash(&req->arena, jv_str(body, "token")), t);
	if (rc == DB_OK)
		rc = db_user_get(api_db(req), &req->arena, t->user_id, u);
	if (rc == DB_ERR) {
		api_reply_db_error(req, "reading a link");
		return -1;
	}
	if (rc == DB_NOTFOUND || u->disabled || strcmp(u->email, t->email) != 0) {
		api_problem(req, 400, "invalid_token", "this link is not valid");
		return -1;
	}
	if (t->used_at != NULL) {
		api_problem(req, 410, "token_used", "this link was used already");
		return -1;
	}
	if (strcmp(t->expires_at, now) <= 0) {
		api_problem(req, 410, "token_expired", "this link has expired");
		return -1;
	}
	return 0;
}

/*
 * POST /password-reset/confirm {token, password}: the new password, the
 * link used up with every other reset link of the account, the address
 * confirmed, and every session ended (their sockets close with 4401).
 */
int
api_password_reset_confirm(struct http_request *req)
{
	struct db		*db = api_db(req);
	json_t			*body = api_require_body(req, &api_password_reset_confirm_body, false);
	struct db_email_token	 t;
	struct db_user		 u;
	const char		*password, *code, *why;
	char			 hash[128], now[TEXT_TIME_LEN];
	int			 rc;

	if (body == NULL || require_token(req, body, PURPOSE_RESET, &t, &u) == -1)
		return -1;
	password = jv_str(body, "password");
	if ((code = api_password_refusal(password, u.email, api_settings(req)->demo, &why)) != NULL) {
		api_reply_bad_param(req, "password", code, why);
		return -1;
	}
	if (api_password_hash(password, hash) != 0) {
		api_problem(req, 500, "internal", "cannot hash the password");
		return -1;
	}
	text_time(time(NULL), now);
	u.password_hash = hash;
	u.demo_password = strcmp(password, API_DEMO_PASSWORD) == 0;
	if (u.email_verified_at == NULL)
		u.email_verified_at = now;
	if (db_begin(db) == -1) {
		api_reply_db_error(req, "setting a new password");
		return -1;
	}
	if ((rc = db_email_token_use(db, t.id, now)) == DB_OK &&
	    (rc = db_user_update(db, &u)) == DB_OK &&
	    (rc = db_email_tokens_end(db, u.id, PURPOSE_RESET, now)) == DB_OK)
		rc = db_session_delete_user(db, u.id);
	if (rc != DB_OK || db_commit(db) == -1) {
		db_rollback(db);
		if (rc == DB_NOTFOUND)	/* another request used it meanwhile */
			api_problem(req, 410, "token_used", "this link was used already");
		else
			api_reply_db_error(req, "setting a new password");
		return -1;
	}
	api_rights_bump_user(u.id);
	api_disconnect(u.id, NULL, NULL, API_WS_CLOSE_SESSION);
	log_info("request %s: user %lld set a new password with a reset link", req->id,
	    (long long)u.id);
	http_reply_empty(req, 204);
	return 0;
}

/* POST /email-verification {token}: the address the link went to is the account's. */
int
api_email_verify(struct http_request *req)
{
	struct db		*db = api_db(req);
	json_t			*body = api_require_body(req, &api_email_verification_body, false);
	struct db_email_token	 t;
	struct db_user		 u;
	char			 now[TEXT_TIME_LEN];
	int			 rc;

	if (body == NULL || require_token(req, body, PURPOSE_VERIFY, &t, &u) == -1)
		return -1;
	text_time(time(NULL), now);
	if (db_begin(db) == -1) {
		api_reply_db_error(req, "confirming an address");
		return -1;
	}
	if ((rc = db_email_token_use(db, t.id, now)) == DB_OK)
		rc = db_user_set_verified(db, u.id, t.email, now);
	if (rc != DB_OK || db_commit(db) == -1) {
		db_rollback(db);
		if (rc == DB_NOTFOUND)
			api_problem(req, 410, "token_used", "this link was used already");
		else
			api_reply_db_error(req, "confirming an address");
		return -1;
	}
	api_publish(arena_printf(&req->arena, "user:%lld", (long long)u.id), "account.updated",
	    json_pack("{s:I}", "id", (json_int_t)u.id));
	log_info("request %s: user %lld confirmed '%s'", req->id, (long long)u.id, t.email);
	api_reply_json(req, 200, json_pack("{s:s}", "email", t.email));
	return 0;
}

/* 409 already_verified; -1 after replying. */
static int
require_unverified(struct http_request *req, const struct db_user *u)
{
	if (u->email_verified_at == NULL)
		return 0;
	api_problem(req, 409, "already_verified", "this address is confirmed already");
	return -1;
}

/* POST /me/email-verification: a new confirmation link to one's own address. */
int
api_me_verification(struct http_request *req)
{
	struct api_caller	*c = api_caller(req);
	char			 key[NET_KEY_LEN];

	if (require_unverified(req, &c->user) == -1)
		return -1;
	net_addr_key(req->addr, key);
	if (api_throttle_check(req, &verify_throttle, c->user.email, key) != 0)
		return -1;
	api_throttle_count(req, &verify_throttle, c->user.email, key, "confirmation link asked");
	if (queue_alone(req, &c->user, api_verification_queue, "queueing a confirmation") == -1)
		return -1;
	http_reply_empty(req, 202);
	return 0;
}

/* POST /users/{id}/email-verification: an admin sends the link again. */
int
api_user_verification(struct http_request *req)
{
	struct db_user	u;
	int64_t		id;
	int		rc;

	if (api_require_id(req, 0, &id) == -1)
		return -1;
	if ((rc = db_user_get(api_db(req), &req->arena, id, &u)) == DB_NOTFOUND) {
		api_problem(req, 404, "not_found", "no such user");
		return -1;
	}
	if (rc != DB_OK) {
		api_reply_db_error(req, "reading a user");
		return -1;
	}
	if (require_unverified(req, &u) == -1 ||
	    queue_alone(req, &u, api_verification_queue, "queueing a confirmation") == -1)
		return -1;
	http_reply_empty(req, 202);
	return 0;
}
