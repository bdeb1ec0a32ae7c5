/*
 * outbox: putting messages into the outbox, and the outbox as admins see
 * it. Any handler that mails someone renders a template in the
 * recipient's language and queues it with api_mail_queue() inside its own
 * transaction, so the message exists exactly when the change does; the
 * sender (src/mail/sender.c) delivers it. Admins list the messages
 * (never the bodies: some hold another user's password reset link), send
 * one again now, or discard one.
 */
#include "api.h"

#include <string.h>
#include <time.h>

#include "../base/alloc.h"
#include "../base/log.h"
#include "../base/text.h"
#include "../mail/mail.h"
#include "../mail/sender.h"

#define MAX_VARS	16

int
api_mail_queue(struct http_request *req, const struct api_mail *m, int64_t *id)
{
	int	rc = api_mail_queue_in(api_db(req), &req->arena, api_settings(req),
		    api_base_url(req), m, id);

	if (rc != DB_OK)
		log_err("request %s: a '%s' message was not queued", req->id, m->kind);
	return rc;
}

int
api_mail_queue_in(struct db *db, struct arena *a, const struct api_settings *s,
    const char *base, const struct api_mail *m, int64_t *idp)
{
	struct mail_var		 vars[MAX_VARS + 3];
	struct mail_rendered	 r;
	struct db_mail		 row = { 0 };
	char			 now[TEXT_TIME_LEN];
	int64_t			 id;
	int			 rc;

	if (m->nvars > MAX_VARS)
		fatal("a message with more than %d values", MAX_VARS);
	memcpy(vars, m->vars, m->nvars * sizeof(*vars));
	vars[m->nvars] = (struct mail_var){ "name", m->to->name };
	vars[m->nvars + 1] = (struct mail_var){ "email", m->to->email };
	vars[m->nvars + 2] = (struct mail_var){ "site", base };
	if (mail_render(a, m->kind, m->to->locale, vars, m->nvars + 3, &r) == -1) {
		log_err("no mail template '%s'", m->kind);
		return DB_ERR;
	}
	text_time(time(NULL), now);
	row.kind = m->kind;
	row.user_id = m->to->id;
	row.recipient = m->to->email;
	row.recipient_name = m->to->name;
	row.locale = m->to->locale;
	row.subject = r.subject;
	row.body_text = r.text;
	row.body_html = r.html;
	row.sensitive = m->sensitive;
	row.message_id = mail_message_id(a, s->mail_domain);
	row.expires_at = m->expires_at;
	row.created_at = now;
	row.attachments = m->attachments;
	row.nattachments = m->nattachments;
	row.list_unsubscribe = m->list_unsubscribe;
	if ((rc = db_mail_insert(db, &row, &id)) != DB_OK)
		return rc;
	log_info("mail %lld (%s) to '%s' queued", (long long)id, m->kind, m->to->email);
	if (idp != NULL)
		*idp = id;
	return DB_OK;
}

void
api_mail_committed(void)
{
	mail_sender_wake();
}

/* --- the outbox for admins --- */

static const char *const statuses[] = { "queued", "sent", "failed", "discarded", NULL };

/* What an admin may do with m at now: send it again now, discard it. */
static void
actions_of(const struct db_mail *m, const char *now, bool *retry, bool *discard)
{
	bool	leased = m->lease_until != NULL && strcmp(m->lease_until, now) > 0;
	bool	waiting = strcmp(m->status, "queued") == 0 || strcmp(m->status, "failed") == 0;
	bool	alive = m->expires_at == NULL || strcmp(m->expires_at, now) > 0;
	bool	cleared = m->sensitive && strcmp(m->status, "queued") != 0;

	*discard = waiting && !leased;
	*retry = *discard && alive && !cleared;
}

static json_t *
mail_json(const struct db_mail *m, const char *now)
{
	bool	leased = m->lease_until != NULL && strcmp(m->lease_until, now) > 0;
	bool	queued = strcmp(m->status, "queued") == 0;
	bool	retry, discard;
	json_t	*o;

	actions_of(m, now, &retry, &discard);
	o = json_pack("{s:I, s:s, s:s, s:s, s:I, s:o, s:o, s:o, s:b, s:b}",
	    "id", (json_int_t)m->id, "to", m->recipient, "to_name", m->recipient_name,
	    "status", queued && leased ? "sending" : m->status, "attempts", (json_int_t)m->attempts,
	    "last_error", api_str_or_null(m->last_error),
	    "next_attempt_at", api_str_or_null(queued && !leased ? m->next_at : NULL),
	    "sent_at", api_str_or_null(m->sent_at), "can_retry", retry, "can_discard", discard);
	api_mail_columns_json(o, m);
	return o;
}

int
api_outbox_list(struct http_request *req)
{
	const struct api_settings *s = api_settings(req);
	struct db_mail_filter	 f = { 0 };
	struct db_mail_counts	 c;
	struct api_page		 page;
	struct db_mail		*items;
	char			 now[TEXT_TIME_LEN];
	size_t			 n;
	json_t			*list, *body;
	bool			 more;

	if (api_require_page(req, &page) == -1)
		return -1;
	f.status = http_query(req, "status");
	if (f.status != NULL && !api_in_list(statuses, f.status)) {
		api_reply_bad_param(req, "status", "invalid_choice",
		    "is one of queued, sent, failed, discarded");
		return -1;
	}
	f.before_id = page.a;
	f.limit = page.limit + 1;
	text_time(time(NULL), now);
	if (db_mail_list(api_db(req), &req->arena, &f, &items, &n) != DB_OK ||
	    db_mail_counts(api_db(req), now, &c) != DB_OK) {
		api_reply_db_error(req, "listing the outbox");
		return -1;
	}
	more = n > (size_t)page.limit;
	list = json_array();
	for (size_t i = 0; i < n && i < (size_t)page.limit; i++)
		json_array_append_new(list, mail_json(&items[i], now));
	body = api_page_json(list, more, more ? items[page.limit - 1].id : 0, 0);
	json_object_set_new(body, "smtp_configured", json_boolean(s->smtp_configured));
	json_object_set_new(body, "from", api_str_or_null(s->mail_from));
	json_object_set_new(body, "counts", json_pack("{s:I, s:I, s:I, s:I, s:I}",
	    "queued", (json_int_t)c.queued, "sending", (json_int_t)c.sending,
	    "sent", (json_int_t)c.sent, "failed", (json_int_t)c.failed,
	    "discarded", (json_int_t)c.discarded));
	http_header(req, "cache-control", "no-store");
	api_reply_json(req, 200, body);
	return 0;
}

/*
 * An admin's change to one message: change(db, id, now), then the message
 * as it is; 409 `code` when its state does not allow the change.
 */
static int
outbox_change(struct http_request *req, int (*change)(struct db *, int64_t, const char *),
    const char *code, const char *detail, const char *what)
{
	struct db	*db = api_db(req);
	struct db_mail	 m;
	char		 now[TEXT_TIME_LEN];
	int64_t		 id;
	int		 rc;

	if (api_require_id(req, 0, &id) == -1)
		return -1;
	text_time(time(NULL), now);
	if ((rc = db_mail_get(db, &req->arena, id, &m)) == DB_NOTFOUND) {
		api_problem(req, 404, "not_found", "no such message");
		return -1;
	}
	if (rc == DB_OK && (rc = change(db, id, now)) == DB_NOTFOUND) {
		api_problem(req, 409, code, detail);
		return -1;
	}
	if (rc != DB_OK || db_mail_get(db, &req->arena, id, &m) != DB_OK) {
		api_reply_db_error(req, what);
		return -1;
	}
	log_info("request %s: admin %lld: %s %lld", req->id, (long long)api_caller(req)->user.id,
	    what, (long long)id);
	api_reply_json(req, 200, mail_json(&m, now));
	return 0;
}

int
api_outbox_retry(struct http_request *req)
{
	int	rc = outbox_change(req, db_mail_requeue, "not_retryable",
		    "only a waiting or failed message not being sent, whose link has not expired, "
		    "can be sent again", "retrying mail");

	if (rc == 0)
		api_mail_committed();
	return rc;
}

int
api_outbox_discard(struct http_request *req)
{
	return outbox_change(req, db_mail_discard, "not_discardable",
	    "only a waiting or failed message not being sent can be discarded", "discarding mail");
}
