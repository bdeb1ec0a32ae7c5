/*
 * subscriptions: what each user wants by mail (reminders 24 hours and 15
 * minutes before a meeting, the action items due tomorrow, a daily or
 * weekly digest of the exchange for some countries and topics), and the
 * digest's unsubscribe link, which works without signing in: a token
 * signed with the installation's secret (scheduler.c makes it), used by
 * one POST from the page it leads to or from the mail program itself (RFC
 * 8058 List-Unsubscribe-Post).
 */
#include "api.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../base/log.h"
#include "../base/text.h"

static json_t *
prefs_json(const struct db_mail_prefs *p)
{
	json_t	*o = json_object();

	api_mail_prefs_columns_json(o, p);
	json_object_set_new(o, "countries", api_words_json(p->countries));
	json_object_set_new(o, "topics", api_words_json(p->topics));
	return o;
}

/* GET /me/mail-preferences */
int
api_mail_prefs_get(struct http_request *req)
{
	struct db_mail_prefs	p;

	if (db_mail_prefs_get(api_db(req), &req->arena, api_caller(req)->user.id, &p) != DB_OK) {
		api_reply_db_error(req, "reading mail preferences");
		return -1;
	}
	api_reply_json(req, 200, prefs_json(&p));
	return 0;
}

/* A country code: two capital letters. */
static bool
country_code(const char *s)
{
	return strlen(s) == 2 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z';
}

/* PUT /me/mail-preferences: all of them at once. */
int
api_mail_prefs_put(struct http_request *req)
{
	json_t			*body = api_require_body(req, &api_mail_preferences_body, false);
	json_t			*v, *errors;
	struct db_mail_prefs	 p;
	char			 now[TEXT_TIME_LEN];
	size_t			 i;

	if (body == NULL)
		return -1;
	errors = json_array();
	json_array_foreach(json_object_get(body, "countries"), i, v)
		if (!country_code(json_string_value(v)))
			jv_error_add(errors, arena_printf(&req->arena, "countries[%zu]", i), "invalid",
			    "is not a country code (two capital letters)");
	if (json_array_size(errors) > 0) {
		api_reply_invalid(req, errors);
		return -1;
	}
	json_decref(errors);
	text_time(time(NULL), now);
	p = (struct db_mail_prefs){ .user_id = api_caller(req)->user.id, .countries = " ",
	    .topics = " ", .updated_at = now };
	api_mail_prefs_columns_from(body, &p);
	if ((v = json_object_get(body, "countries")) != NULL)
		p.countries = api_words_of(&req->arena, v);
	if ((v = json_object_get(body, "topics")) != NULL)
		p.topics = api_words_of(&req->arena, v);
	if (db_mail_prefs_put(api_db(req), &p) != DB_OK) {
		api_reply_db_error(req, "saving mail preferences");
		return -1;
	}
	api_reply_json(req, 200, prefs_json(&p));
	return 0;
}

/*
 * POST /unsubscribe/{token}: no more digests for the token's account. The
 * same answer again; 400 invalid_token for a token the installation did
 * not sign (or signed for the account's earlier address).
 */
int
api_unsubscribe(struct http_request *req)
{
	const char		*token = http_param(req, 0), *good;
	struct db_mail_prefs	 p;
	struct db_user		 u;
	char			*end;
	long long		 id;

	id = token[0] == 'u' ? strtoll(token + 1, &end, 10) : 0;
	if (id <= 0 || *end != '-' || strlen(token) > 120 ||
	    db_user_get(api_db(req), &req->arena, id, &u) != DB_OK ||
	    (good = api_unsubscribe_token(api_db(req), &req->arena, u.id, u.email)) == NULL ||
	    strlen(good) != strlen(token) || sodium_memcmp(good, token, strlen(token)) != 0) {
		api_problem(req, 400, "invalid_token", "this unsubscribe link is not valid");
		return -1;
	}
	if (db_mail_prefs_get(api_db(req), &req->arena, u.id, &p) != DB_OK) {
		api_reply_db_error(req, "reading mail preferences");
		return -1;
	}
	p.digest = "none";
	p.updated_at = arena_alloc(&req->arena, TEXT_TIME_LEN);
	text_time(time(NULL), (char *)p.updated_at);
	if (db_mail_prefs_put(api_db(req), &p) != DB_OK) {
		api_reply_db_error(req, "unsubscribing");
		return -1;
	}
	log_info("request %s: user %lld unsubscribed from digests by link", req->id, (long long)u.id);
	http_header(req, "cache-control", "no-store");
	api_reply_json(req, 200, json_pack("{s:s, s:s}", "email", u.email, "digest", "none"));
	return 0;
}
