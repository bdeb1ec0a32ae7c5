/*
 * session: signing in and out, the caller's own account (/me) and password,
 * and turning the session cookie back into a caller. The cookie holds a
 * random token; the database keeps only its hash. Failed sign-ins are
 * throttled with back-off per (account, address), per address and per
 * account (below), and so are wrong current passwords given to change one's
 * password: a stolen session must not make guessing the password cheaper
 * than signing in.
 */
#include "api.h"

#include <pthread.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../base/log.h"
#include "../base/net.h"
#include "../base/text.h"
#include "../cal/cal.h"

#define COOKIE		"pobratim_session"

const char *
api_cookie_token_hash(struct arena *a, const char *cookie_header)
{
	const char	*token = http_cookie_in(a, cookie_header, COOKIE);

	return token == NULL || token[0] == '\0' ? NULL : api_token_hash(a, token);
}

int
api_caller_from_cookie(struct db *db, struct arena *a, const char *cookie_header,
    struct api_caller *c)
{
	char		 now[TEXT_TIME_LEN];
	int		 rc;

	c->role = ROLE_PUBLIC;
	if ((c->token_hash = api_cookie_token_hash(a, cookie_header)) == NULL)
		return 0;
	text_time(time(NULL), now);
	rc = db_session_get(db, a, c->token_hash, now, &c->session, &c->user);
	if (rc == DB_ERR)
		return -1;
	if (rc == DB_OK)
		c->role = api_role_bit(c->user.role);
	return 0;
}

int
api_session_resolve(struct http_request *req, struct api_caller *c)
{
	return api_caller_from_cookie(api_db(req), &req->arena, req->cookie, c);
}

/* A hash to verify against when the account does not exist, so that an
 * unknown email costs as much time as a wrong password. */
static char		dummy_hash[128];
static pthread_once_t	dummy_once = PTHREAD_ONCE_INIT;

static void
make_dummy(void)
{
	char	pw[33];

	randombytes_buf(pw, 32);
	for (int i = 0; i < 32; i++)
		pw[i] = (char)('a' + ((unsigned char)pw[i] % 26));
	pw[32] = '\0';
	if (api_password_hash(pw, dummy_hash) != 0)
		log_err("cannot make the dummy password hash");
}

/*
 * Throttling. Failed sign-ins are counted per (account, address), per
 * address and per account. Past its free failures a count holds off the
 * next attempt for --login-backoff seconds after its last failure,
 * doubling with every further failure up to --login-max-delay: a wait, not
 * a lock, and answered 429 with Retry-After without looking at the
 * password (so waiting attempts count for nothing). The address's and the
 * account's counts do not hold off a pair that has signed in before (it
 * is known): spraying many accounts from one shared address, or guessing
 * one account from many, does not keep the owner out where they sign in.
 * A successful sign-in clears its pair. Counts are forgotten --login-window
 * seconds after their last failure; the table keeps THROTTLE_ROWS rows at
 * most, whatever a flood of new emails and addresses makes.
 */
#define THROTTLE_ROWS	100000	/* rows of counts, at most */
#define THROTTLE_CAP_EVERY 64	/* failures between two checks of that bound */
#define KNOWN_DAYS	90	/* a pair stays known this long after its last sign-in */
#define KNOWN_MAX	32	/* known addresses per account, the latest */

static atomic_uint	failures_counted;

long
api_login_backoff(int64_t failures, int64_t free_failures, long base, long cap)
{
	long	d = base;

	if (failures < free_failures)
		return 0;
	for (int64_t i = free_failures; i < failures && d < cap; i++)
		d *= 2;
	return d < cap ? d : cap;
}

/* Seconds from now until the count lets the next attempt through; <= 0: now. */
static long
wait_of(const struct db_login_count *c, int free_failures, const struct api_throttle *t,
    time_t now)
{
	time_t	last;

	if (c->failures == 0 || c->last_at == NULL || text_time_parse(c->last_at, &last) == -1)
		return 0;
	return (long)(last + api_login_backoff(c->failures, free_failures, t->backoff,
	    t->max_delay) - now);
}

static void
throttle_times(const struct api_settings *s, time_t now, char since[TEXT_TIME_LEN],
    char known_since[TEXT_TIME_LEN])
{
	text_time(now - s->login_window, since);
	text_time(now - (time_t)KNOWN_DAYS * 86400, known_since);
}

/* The counts' keys of email and address key in t's namespace. */
static void
throttle_keys(struct http_request *req, const struct api_throttle *t, const char **email,
    const char **key)
{
	if (t->ns[0] == '\0')
		return;
	*email = arena_printf(&req->arena, "%s%s", t->ns, *email);
	*key = arena_printf(&req->arena, "%s%s", t->ns, *key);
}

/* Sign-ins (and wrong current passwords): the settings' limits, no namespace. */
static struct api_throttle
signin_throttle(const struct api_settings *s)
{
	return (struct api_throttle){ "", s->login_max_failures, s->login_max_failures_addr,
	    s->login_max_failures_account, s->login_backoff, s->login_max_delay };
}

int
api_throttle_check(struct http_request *req, const struct api_throttle *t, const char *email,
    const char *key)
{
	const struct api_settings *s = api_settings(req);
	struct db_login_counts	 c;
	char			 since[TEXT_TIME_LEN], known_since[TEXT_TIME_LEN];
	const char		*retry, *ek = email, *kk = key;	/* the keys, in t's namespace */
	time_t			 now = time(NULL);
	long			 wait, w;

	throttle_times(s, now, since, known_since);
	throttle_keys(req, t, &ek, &kk);
	if (db_login_counts(api_db(req), &req->arena, ek, kk, since, known_since, &c) != DB_OK) {
		api_reply_db_error(req, "counting attempts");
		return -1;
	}
	wait = wait_of(&c.pair, t->free_pair, t, now);
	if (!c.known) {
		if ((w = wait_of(&c.address, t->free_address, t, now)) > wait)
			wait = w;
		if ((w = wait_of(&c.account, t->free_account, t, now)) > wait)
			wait = w;
	}
	if (wait <= 0)
		return 0;
	log_info("request %s: '%s' from %s held off for %ld s", req->id, email, req->addr, wait);
	retry = arena_printf(&req->arena, "%ld", wait);
	http_header(req, "retry-after", retry);
	api_problem(req, 429, "too_many_attempts",
	    arena_printf(&req->arena, "too many attempts; try again in %s seconds", retry));
	return 1;
}

void
api_throttle_count(struct http_request *req, const struct api_throttle *t, const char *email,
    const char *key, const char *what)
{
	const struct api_settings *s = api_settings(req);
	char		 now[TEXT_TIME_LEN], since[TEXT_TIME_LEN], known_since[TEXT_TIME_LEN];
	time_t		 tm = time(NULL);
	unsigned	 n = atomic_fetch_add_explicit(&failures_counted, 1, memory_order_relaxed);
	const char	*ek = email, *kk = key;

	text_time(tm, now);
	throttle_times(s, tm, since, known_since);
	throttle_keys(req, t, &ek, &kk);
	if (db_login_failure_add(api_db(req), ek, kk, now, since,
	    n % THROTTLE_CAP_EVERY == 0 ? THROTTLE_ROWS : 0) != DB_OK)
		log_err("request %s: cannot count a %s", req->id, what);
	log_info("request %s: %s for '%s' from %s", req->id, what, email, req->addr);
}

/* 0 to go on, 1 after replying 429, -1 after a database error reply. */
static int
throttle(struct http_request *req, const char *email, const char *key)
{
	struct api_throttle	t = signin_throttle(api_settings(req));

	return api_throttle_check(req, &t, email, key);
}

/* A wrong password for email (what: "failed sign-in", "failed password change"). */
static void
count_failure(struct http_request *req, const char *email, const char *key, const char *what)
{
	struct api_throttle	t = signin_throttle(api_settings(req));

	api_throttle_count(req, &t, email, key, what);
}

static void
count_success(struct http_request *req, const char *email, const char *key)
{
	const struct api_settings *s = api_settings(req);
	char		 now[TEXT_TIME_LEN], since[TEXT_TIME_LEN], known_since[TEXT_TIME_LEN];
	time_t		 t = time(NULL);

	text_time(t, now);
	throttle_times(s, t, since, known_since);
	if (db_login_success(api_db(req), email, key, now, known_since, KNOWN_MAX) != DB_OK)
		log_err("request %s: cannot record a sign-in", req->id);
}

static const char *
session_cookie(struct http_request *req, const char *token, int max_age)
{
	bool	secure = api_settings(req)->cookie_secure || text_eq(req->scheme, "https");

	return arena_printf(&req->arena, COOKIE "=%s; Path=/; HttpOnly; SameSite=Lax; Max-Age=%d%s",
	    token, max_age, secure ? "; Secure" : "");
}

static int
start_session(struct http_request *req, struct db_user *u)
{
	const struct api_settings *s = api_settings(req);
	const char	*token = api_random_token(&req->arena), *csrf = api_random_token(&req->arena);
	char		 now[TEXT_TIME_LEN], expires[TEXT_TIME_LEN];
	time_t		 t = time(NULL);

	text_time(t, now);
	text_time(t + (time_t)s->session_days * 86400, expires);
	if (db_session_insert(api_db(req), api_token_hash(&req->arena, token), u->id, csrf, now,
	    expires, req->addr, req->user_agent) != DB_OK) {
		api_reply_db_error(req, "creating a session");
		return -1;
	}
	http_header(req, "set-cookie", session_cookie(req, token, s->session_days * 86400));
	http_header(req, "cache-control", "no-store");
	api_reply_json(req, 200, json_pack("{s:o, s:s}", "user", api_user_json(u),
	    "csrf_token", csrf));
	return 0;
}

int
api_session_create(struct http_request *req)
{
	struct db_user	 u;
	json_t		*body = api_require_body(req, &api_login_request_body, false);
	const char	*email, *password;
	char		 key[NET_KEY_LEN];
	int		 rc;
	bool		 ok;

	if (body == NULL)
		return -1;
	email = text_lower_ascii(arena_strdup(&req->arena, jv_str(body, "email")));
	password = jv_str(body, "password");
	net_addr_key(req->addr, key);
	if ((rc = throttle(req, email, key)) != 0)
		return -1;
	rc = db_user_get_by_email(api_db(req), &req->arena, email, &u);
	if (rc == DB_ERR) {
		api_reply_db_error(req, "looking up a user");
		return -1;
	}
	pthread_once(&dummy_once, make_dummy);
	ok = api_password_verify(rc == DB_OK ? u.password_hash : dummy_hash, password);
	if (rc != DB_OK || !ok || u.disabled) {
		count_failure(req, email, key, "failed sign-in");
		api_problem(req, 401, "invalid_credentials", "wrong email or password");
		return -1;
	}
	count_success(req, email, key);
	return start_session(req, &u);
}

/*
 * PUT /me/password: a new password for the caller, given the current one.
 * Every other session of the caller ends, and their sockets close (4401);
 * this one goes on.
 */
int
api_me_password(struct http_request *req)
{
	struct api_caller	*c = api_caller(req);
	struct db		*db = api_db(req);
	json_t			*body = api_require_body(req, &api_password_change_body, false);
	const char		*old, *new, *code, *why = "must differ from the current password";
	struct db_user		 u;
	char			 hash[128], key[NET_KEY_LEN];
	int			 rc;

	if (body == NULL)
		return -1;
	old = jv_str(body, "old_password");
	new = jv_str(body, "new_password");
	code = strcmp(old, new) == 0 ? "same_as_old" :
	    api_password_refusal(new, c->user.email, false, &why);
	if (code != NULL) {
		api_reply_bad_param(req, "new_password", code, why);
		return -1;
	}
	net_addr_key(req->addr, key);
	if (throttle(req, c->user.email, key) != 0)
		return -1;
	if (!api_password_verify(c->user.password_hash, old)) {
		count_failure(req, c->user.email, key, "failed password change");
		api_problem(req, 403, "wrong_password", "the current password is wrong");
		return -1;
	}
	if (api_password_hash(new, hash) != 0) {
		api_problem(req, 500, "internal", "cannot hash the password");
		return -1;
	}
	u = c->user;
	u.password_hash = hash;
	u.demo_password = false;
	if (db_begin(db) == -1) {
		api_reply_db_error(req, "changing a password");
		return -1;
	}
	if ((rc = db_user_update(db, &u)) == DB_OK)
		rc = db_session_delete_others(db, u.id, c->token_hash);
	if (rc != DB_OK || db_commit(db) == -1) {
		db_rollback(db);
		api_reply_db_error(req, "changing a password");
		return -1;
	}
	count_success(req, u.email, key);
	api_rights_bump_user(u.id);
	api_disconnect(u.id, NULL, c->token_hash, API_WS_CLOSE_SESSION);
	log_info("request %s: user %lld changed their password", req->id, (long long)u.id);
	http_reply_empty(req, 204);
	return 0;
}

int
api_session_delete(struct http_request *req)
{
	struct api_caller	*c = api_caller(req);

	if (db_session_delete(api_db(req), c->token_hash) != DB_OK) {
		api_reply_db_error(req, "ending a session");
		return -1;
	}
	/* this session's open sockets end with it; the user's others stay */
	api_rights_bump_user(c->user.id);
	api_disconnect(c->user.id, c->token_hash, NULL, API_WS_CLOSE_SESSION);
	http_header(req, "set-cookie", session_cookie(req, "", 0));
	http_reply_empty(req, 204);
	return 0;
}

int
api_me_get(struct http_request *req)
{
	struct api_caller	*c = api_caller(req);

	http_header(req, "cache-control", "no-store");
	api_reply_json(req, 200, json_pack("{s:o, s:s}", "user", api_user_json(&c->user),
	    "csrf_token", c->session.csrf_token));
	return 0;
}

int
api_me_patch(struct http_request *req)
{
	struct api_caller	*c = api_caller(req);
	json_t			*body = api_require_body(req, &api_me_patch_body, true);
	const char		*tz;
	struct db_user		 u;

	if (body == NULL)
		return -1;
	tz = jv_str(body, "timezone");	/* null: the installation's */
	if (tz != NULL && !cal_tz_known(tz)) {
		api_reply_bad_param(req, "timezone", "unknown_timezone",
		    "is not an IANA time zone of this server");
		return -1;
	}
	u = c->user;
	api_user_columns_from(body, &u);	/* name, locale, timezone: MePatch has no others */
	if (db_user_update(api_db(req), &u) != DB_OK ||
	    db_user_get(api_db(req), &req->arena, u.id, &u) != DB_OK) {
		api_reply_db_error(req, "updating the caller");
		return -1;
	}
	api_reply_json(req, 200, json_pack("{s:o}", "user", api_user_json(&u)));
	return 0;
}
