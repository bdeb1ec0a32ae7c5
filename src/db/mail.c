/*
 * mail: the outbox (migration 0021) and the single-use links sent by mail.
 * What a message says is decided in src/api and src/mail; here it is kept,
 * claimed and marked.
 *
 * Claiming is one UPDATE whose WHERE holds the conditions twice: in the
 * subquery that picks the next due message, and on the row itself. SQLite
 * runs one writer at a time; PostgreSQL (READ COMMITTED) may let two
 * claimers pick the same id, but the second waits for the first's row lock
 * and then re-checks the outer conditions against the row as the first left
 * it, finds the lease taken, and claims nothing (it tries again). Marking
 * the outcome names the lease's owner, so a sender whose lease ran out and
 * was taken over changes nothing.
 */
#include "db_internal.h"

#include <string.h>

/* a message as mail_row reads it: then the plain columns (contract: OutboxMessage) */
#define MAIL_COLUMNS							\
	"id AS id, recipient AS recipient, recipient_name AS recipient_name,"	\
	" body_text AS body_text, body_html AS body_html, sensitive AS sensitive,"	\
	" message_id AS message_id, status AS status, attempts AS attempts,"	\
	" last_error AS last_error, next_at AS next_at, lease_owner AS lease_owner,"	\
	" lease_until AS lease_until, queued_at AS queued_at, sent_at AS sent_at,"	\
	" list_unsubscribe AS list_unsubscribe, " DB_MAIL_SELECT("")

/* the bodies of a message with a secret link, once it has left the queue */
#define CLEAR_SENSITIVE							\
	" body_text = CASE WHEN sensitive = 1 THEN '' ELSE body_text END,"	\
	" body_html = CASE WHEN sensitive = 1 THEN NULL ELSE body_html END"

/* may be claimed at $N: queued, due, no live lease */
#define CLAIMABLE(N)							\
	" status = 'queued' AND next_at <= $" N				\
	" AND (lease_until IS NULL OR lease_until <= $" N ")"

/* $7 the time it is queued and due (created_at); then the plain columns */
static const char *const SQL_INSERT =
	"INSERT INTO mail_outbox (recipient, recipient_name, body_text, body_html, sensitive,"
	" message_id, next_at, queued_at, list_unsubscribe, " DB_MAIL_NAMES("") ")"
	" VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8, " DB_MAIL_VALUES_FROM_9 ") RETURNING id";

static const char *const SQL_ATTACH =
	"INSERT INTO mail_attachments (mail_id, filename, content_type, content)"
	" VALUES ($1, $2, $3, $4)";

static const char *const SQL_ATTACHMENTS =
	"SELECT filename AS filename, content_type AS content_type, content AS content"
	" FROM mail_attachments WHERE mail_id = $1 ORDER BY id";

/* $1 now, $2 queued before this is given up */
static const char *const SQL_EXPIRE =
	"UPDATE mail_outbox SET status = 'failed', lease_owner = NULL, lease_until = NULL,"
	" last_error = CASE WHEN expires_at IS NOT NULL AND expires_at <= $1"
	" THEN 'not sent before its link expired' ELSE 'not sent in time: given up' END,"
	CLEAR_SENSITIVE
	" WHERE status = 'queued' AND (lease_until IS NULL OR lease_until <= $1)"
	" AND ((expires_at IS NOT NULL AND expires_at <= $1) OR queued_at <= $2)";

/* $1 owner, $2 lease until, $3 now */
static const char *const SQL_CLAIM =
	"UPDATE mail_outbox SET lease_owner = $1, lease_until = $2, attempts = attempts + 1"
	" WHERE id = (SELECT id FROM mail_outbox WHERE" CLAIMABLE("3")
	" ORDER BY next_at, id LIMIT 1) AND" CLAIMABLE("3")
	" RETURNING " MAIL_COLUMNS;

static const char *const SQL_SENT =
	"UPDATE mail_outbox SET status = 'sent', sent_at = $3, lease_owner = NULL,"
	" lease_until = NULL, last_error = NULL," CLEAR_SENSITIVE
	" WHERE id = $1 AND lease_owner = $2";

static const char *const SQL_LATER =
	"UPDATE mail_outbox SET next_at = $3, last_error = $4, lease_owner = NULL,"
	" lease_until = NULL WHERE id = $1 AND lease_owner = $2";

static const char *const SQL_FAILED =
	"UPDATE mail_outbox SET status = 'failed', last_error = $3, lease_owner = NULL,"
	" lease_until = NULL," CLEAR_SENSITIVE " WHERE id = $1 AND lease_owner = $2";

/* the next moment a queued message may be claimed */
static const char *const SQL_NEXT_DUE =
	"SELECT MIN(CASE WHEN lease_until IS NOT NULL AND lease_until > next_at"
	" THEN lease_until ELSE next_at END) AS next_due FROM mail_outbox WHERE status = 'queued'";

static const char *const SQL_PRUNE =
	"DELETE FROM mail_outbox WHERE status IN ('sent', 'discarded')"
	" AND COALESCE(sent_at, queued_at) < $1";

static const char *const SQL_LIST =
	"SELECT " MAIL_COLUMNS " FROM mail_outbox WHERE ($1 IS NULL OR status = $1)"
	" AND ($2 = 0 OR id < $2) ORDER BY id DESC LIMIT $3";

static const char *const SQL_GET = "SELECT " MAIL_COLUMNS " FROM mail_outbox WHERE id = $1";

static const char *const SQL_COUNTS =
	"SELECT status AS status, CASE WHEN lease_until > $1 THEN 1 ELSE 0 END AS leased,"
	" COUNT(*) AS count FROM mail_outbox"
	" GROUP BY status, CASE WHEN lease_until > $1 THEN 1 ELSE 0 END";

/*
 * an admin's "retry now": a failed or waiting message, not being sent, whose
 * link lives (a failed one with a link has lost its bodies)
 */
static const char *const SQL_REQUEUE =
	"UPDATE mail_outbox SET status = 'queued', next_at = $2, queued_at = $2"
	" WHERE id = $1 AND status IN ('queued', 'failed')"
	" AND (lease_until IS NULL OR lease_until <= $2)"
	" AND (expires_at IS NULL OR expires_at > $2) AND (sensitive = 0 OR status = 'queued')";

static const char *const SQL_DISCARD =
	"UPDATE mail_outbox SET status = 'discarded', lease_owner = NULL, lease_until = NULL,"
	CLEAR_SENSITIVE " WHERE id = $1 AND status IN ('queued', 'failed')"
	" AND (lease_until IS NULL OR lease_until <= $2)";

int
db_mail_insert(struct db *db, const struct db_mail *m, int64_t *id)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_INSERT);
	int		 rc;

	if (st == NULL)
		return DB_ERR;
	stmt_text(st, 1, m->recipient);
	stmt_text(st, 2, m->recipient_name);
	stmt_text(st, 3, m->body_text);
	stmt_text(st, 4, m->body_html);
	stmt_int(st, 5, m->sensitive);
	stmt_text(st, 6, m->message_id);
	stmt_text(st, 7, m->created_at);
	stmt_text(st, 8, m->list_unsubscribe);
	db_mail_columns_bind(st, 9, m);
	if ((rc = stmt_scalar(st, id)) != DB_OK)
		return rc;
	for (size_t i = 0; i < m->nattachments; i++) {
		if ((st = stmt_prepare(db, SQL_ATTACH)) == NULL)
			return DB_ERR;
		stmt_int(st, 1, *id);
		stmt_text(st, 2, m->attachments[i].filename);
		stmt_text(st, 3, m->attachments[i].content_type);
		stmt_text(st, 4, m->attachments[i].content);
		if ((rc = stmt_exec(st)) != DB_OK)
			return rc;
	}
	return DB_OK;
}

static void
mail_row(struct db_stmt *st, struct arena *a, void *item)
{
	struct db_mail	*m = item;

	memset(m, 0, sizeof(*m));
	m->id = row_int(st, "id");
	m->recipient = row_text(st, a, "recipient");
	m->recipient_name = row_text(st, a, "recipient_name");
	m->body_text = row_text(st, a, "body_text");
	m->body_html = row_text(st, a, "body_html");
	m->sensitive = row_int(st, "sensitive") != 0;
	m->message_id = row_text(st, a, "message_id");
	m->status = row_text(st, a, "status");
	m->attempts = row_int(st, "attempts");
	m->last_error = row_text(st, a, "last_error");
	m->next_at = row_text(st, a, "next_at");
	m->lease_owner = row_text(st, a, "lease_owner");
	m->lease_until = row_text(st, a, "lease_until");
	m->queued_at = row_text(st, a, "queued_at");
	m->sent_at = row_text(st, a, "sent_at");
	m->list_unsubscribe = row_text(st, a, "list_unsubscribe");
	db_mail_columns_read(st, a, m);
}

static void
attachment_row(struct db_stmt *st, struct arena *a, void *item)
{
	struct db_mail_attachment	*t = item;

	t->filename = row_text(st, a, "filename");
	t->content_type = row_text(st, a, "content_type");
	t->content = row_text(st, a, "content");
}

int
db_mail_expire(struct db *db, const char *now, const char *queued_before, int64_t *n)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_EXPIRE);
	int		 rc;

	if (st == NULL)
		return DB_ERR;
	stmt_text(st, 1, now);
	stmt_text(st, 2, queued_before);
	rc = stmt_exec(st);
	*n = rc == DB_OK ? db_changes(db) : 0;
	return rc;
}

int
db_mail_claim(struct db *db, struct arena *a, const char *owner, const char *now,
    const char *lease_until, struct db_mail *out)
{
	struct db_stmt			*st = stmt_prepare(db, SQL_CLAIM);
	struct db_mail_attachment	*att = NULL;
	int				 rc;

	if (st == NULL)
		return DB_ERR;
	stmt_text(st, 1, owner);
	stmt_text(st, 2, lease_until);
	stmt_text(st, 3, now);
	if ((rc = stmt_one(st, a, mail_row, out)) != DB_OK)
		return rc;
	rc = db_rows_by_id(db, a, SQL_ATTACHMENTS, out->id, sizeof(*att), attachment_row,
	    (void **)&att, &out->nattachments);
	out->attachments = att;
	return rc;
}

/* A statement on one claimed message: id, owner, then a text or two. */
static int
mark(struct db *db, const char *sql, int64_t id, const char *owner, const char *t3,
    const char *t4)
{
	struct db_stmt	*st = stmt_prepare(db, sql);

	if (st == NULL)
		return DB_ERR;
	stmt_int(st, 1, id);
	stmt_text(st, 2, owner);
	stmt_text(st, 3, t3);
	if (t4 != NULL)
		stmt_text(st, 4, t4);
	return stmt_exec_one(db, st);
}

int
db_mail_sent(struct db *db, int64_t id, const char *owner, const char *now)
{
	return mark(db, SQL_SENT, id, owner, now, NULL);
}

int
db_mail_later(struct db *db, int64_t id, const char *owner, const char *next_at,
    const char *error)
{
	return mark(db, SQL_LATER, id, owner, next_at, error);
}

int
db_mail_failed(struct db *db, int64_t id, const char *owner, const char *error)
{
	return mark(db, SQL_FAILED, id, owner, error, NULL);
}

int
db_mail_next_due(struct db *db, struct arena *a, const char **at)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_NEXT_DUE);
	int		 rc;

	if (st == NULL)
		return DB_ERR;
	*at = NULL;
	if ((rc = stmt_step(st)) == DB_ROW)
		*at = row_text(st, a, "next_due");
	stmt_done(st);
	return rc == DB_ROW ? DB_OK : DB_ERR;
}

int
db_mail_prune(struct db *db, const char *before)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_PRUNE);

	if (st == NULL)
		return DB_ERR;
	stmt_text(st, 1, before);
	return stmt_exec(st);
}

int
db_mail_list(struct db *db, struct arena *a, const struct db_mail_filter *f,
    struct db_mail **out, size_t *n)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_LIST);

	if (st == NULL)
		return DB_ERR;
	stmt_text(st, 1, f->status);
	stmt_int(st, 2, f->before_id);
	stmt_int(st, 3, f->limit);
	return stmt_rows(st, a, sizeof(**out), mail_row, (void **)out, n);
}

int
db_mail_get(struct db *db, struct arena *a, int64_t id, struct db_mail *out)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_GET);

	if (st == NULL)
		return DB_ERR;
	stmt_int(st, 1, id);
	return stmt_one(st, a, mail_row, out);
}

int
db_mail_counts(struct db *db, const char *now, struct db_mail_counts *out)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_COUNTS);
	struct arena	 a = ARENA_INIT;
	int		 rc;

	if (st == NULL)
		return DB_ERR;
	memset(out, 0, sizeof(*out));
	stmt_text(st, 1, now);
	while ((rc = stmt_step(st)) == DB_ROW) {
		const char	*status = row_text(st, &a, "status");
		bool		 leased = row_int(st, "leased") != 0;
		int64_t		 n = row_int(st, "count");

		if (strcmp(status, "queued") == 0)
			*(leased ? &out->sending : &out->queued) += n;
		else if (strcmp(status, "sent") == 0)
			out->sent += n;
		else if (strcmp(status, "failed") == 0)
			out->failed += n;
		else
			out->discarded += n;
	}
	stmt_done(st);
	arena_release(&a);
	return rc == DB_DONE ? DB_OK : DB_ERR;
}

/* An admin's change of one message at now: DB_NOTFOUND when its state does not allow it. */
static int
admin_change(struct db *db, const char *sql, int64_t id, const char *now)
{
	struct db_stmt	*st = stmt_prepare(db, sql);

	if (st == NULL)
		return DB_ERR;
	stmt_int(st, 1, id);
	stmt_text(st, 2, now);
	return stmt_exec_one(db, st);
}

int
db_mail_requeue(struct db *db, int64_t id, const char *now)
{
	return admin_change(db, SQL_REQUEUE, id, now);
}

int
db_mail_discard(struct db *db, int64_t id, const char *now)
{
	return admin_change(db, SQL_DISCARD, id, now);
}

/* --- single-use links --- */

static const char *const SQL_TOKEN_INSERT =
	"INSERT INTO email_tokens (purpose, token_hash, user_id, email, created_at, expires_at)"
	" VALUES ($1, $2, $3, $4, $5, $6)";

static const char *const SQL_TOKEN_GET =
	"SELECT id AS id, user_id AS user_id, purpose AS purpose, email AS email,"
	" expires_at AS expires_at, used_at AS used_at FROM email_tokens"
	" WHERE purpose = $1 AND token_hash = $2";

/* once: a second use (or a racing one) changes nothing */
static const char *const SQL_TOKEN_USE =
	"UPDATE email_tokens SET used_at = $2 WHERE id = $1 AND used_at IS NULL";

static const char *const SQL_TOKENS_END =
	"UPDATE email_tokens SET used_at = $2 WHERE user_id = $1 AND purpose = $3"
	" AND used_at IS NULL";

static const char *const SQL_TOKENS_FORGET = "DELETE FROM email_tokens WHERE expires_at < $1";

static const char *const SQL_VERIFIED =
	"UPDATE users SET email_verified_at = $3 WHERE id = $1 AND email = $2";

int
db_email_token_insert(struct db *db, const char *purpose, const char *token_hash,
    int64_t user_id, const char *email, const char *now, const char *expires_at)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_TOKEN_INSERT);

	if (st == NULL)
		return DB_ERR;
	stmt_text(st, 1, purpose);
	stmt_text(st, 2, token_hash);
	stmt_int(st, 3, user_id);
	stmt_text(st, 4, email);
	stmt_text(st, 5, now);
	stmt_text(st, 6, expires_at);
	return stmt_exec(st);
}

static void
token_row(struct db_stmt *st, struct arena *a, void *item)
{
	struct db_email_token	*t = item;

	t->id = row_int(st, "id");
	t->user_id = row_int(st, "user_id");
	t->purpose = row_text(st, a, "purpose");
	t->email = row_text(st, a, "email");
	t->expires_at = row_text(st, a, "expires_at");
	t->used_at = row_text(st, a, "used_at");
}

int
db_email_token_get(struct db *db, struct arena *a, const char *purpose, const char *token_hash,
    struct db_email_token *out)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_TOKEN_GET);

	if (st == NULL)
		return DB_ERR;
	stmt_text(st, 1, purpose);
	stmt_text(st, 2, token_hash);
	return stmt_one(st, a, token_row, out);
}

int
db_email_token_use(struct db *db, int64_t id, const char *now)
{
	int	rc = db_exec_id_text(db, SQL_TOKEN_USE, id, now);

	if (rc != DB_OK)
		return rc;
	return db_changes(db) == 1 ? DB_OK : DB_NOTFOUND;
}

int
db_email_tokens_end(struct db *db, int64_t user_id, const char *purpose, const char *now)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_TOKENS_END);

	if (st == NULL)
		return DB_ERR;
	stmt_int(st, 1, user_id);
	stmt_text(st, 2, now);
	stmt_text(st, 3, purpose);
	return stmt_exec(st);
}

int
db_email_tokens_forget(struct db *db, const char *before)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_TOKENS_FORGET);

	if (st == NULL)
		return DB_ERR;
	stmt_text(st, 1, before);
	return stmt_exec(st);
}

int
db_user_set_verified(struct db *db, int64_t id, const char *email, const char *at)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_VERIFIED);

	if (st == NULL)
		return DB_ERR;
	stmt_int(st, 1, id);
	stmt_text(st, 2, email);
	stmt_text(st, 3, at);
	return stmt_exec_one(db, st);
}
