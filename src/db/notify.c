/*
 * notify: what mail about meetings and the exchange needs kept (migration
 * 0022): the installation's name for UIDs, each meeting's SEQUENCE, the
 * invitations sent, each user's choices, and the keys that make every
 * scheduled message go once.
 */
#include "db_internal.h"

#include <string.h>

static const char *const SQL_INSTALLATION = "SELECT uid FROM installation WHERE id = 1";
static const char *const SQL_SECRET = "SELECT secret FROM installation WHERE id = 1";

/* those whose latest invitation to the meeting is a REQUEST, with an account */
static const char *const SQL_INVITED_USERS =
	"SELECT DISTINCT i.user_id FROM meeting_invitations i WHERE i.meeting_id = $1"
	" AND i.user_id IS NOT NULL AND i.method = 'REQUEST' AND i.id = (SELECT MAX(j.id)"
	" FROM meeting_invitations j WHERE j.meeting_id = i.meeting_id AND j.email = i.email)"
	" ORDER BY i.user_id";

static const char *const SQL_SEQUENCE_NEXT =
	"UPDATE meetings SET ical_sequence = ical_sequence + 1 WHERE id = $1"
	" RETURNING ical_sequence";

static const char *const SQL_INVITATION_INSERT =
	"INSERT INTO meeting_invitations (meeting_id, email, name, user_id, guest_link_id,"
	" method, sequence, mail_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)";

static const char *const SQL_INVITATION_LIST =
	"SELECT i.id, i.meeting_id, i.user_id, i.guest_link_id, i.sequence, i.mail_id, i.email,"
	" i.name, i.method, i.created_at, o.status, o.sent_at, o.last_error, o.lease_until"
	" FROM meeting_invitations i LEFT JOIN mail_outbox o ON o.id = i.mail_id"
	" WHERE i.meeting_id = $1 ORDER BY i.id";

static const char *const SQL_REVOKE_LINKS =
	"UPDATE room_guest_links SET revoked_at = $4, revoked_by = $3"
	" WHERE revoked_at IS NULL AND id IN (SELECT guest_link_id FROM meeting_invitations"
	" WHERE meeting_id = $1 AND email = $2 AND guest_link_id IS NOT NULL)";

/* $1 an organization's accounts; else ($2) the partner accounts of a city's organizations */
static const char *const SQL_USERS_NOTIFIABLE =
	"SELECT u.id FROM users u JOIN organizations o ON o.id = u.organization_id"
	" WHERE (u.organization_id = $1 OR ($1 = 0 AND o.city_id = $2 AND u.role = 'partner'))"
	" AND u.disabled = 0 AND u.email_verified_at IS NOT NULL ORDER BY u.name, u.id";

static const char *const SQL_PREFS_GET =
	"SELECT remind_day, remind_soon, actions_due, digest, digest_countries, digest_topics,"
	" updated_at FROM mail_prefs WHERE user_id = $1";

static const char *const SQL_PREFS_PUT =
	"INSERT INTO mail_prefs (user_id, remind_day, remind_soon, actions_due, digest,"
	" digest_countries, digest_topics, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
	" ON CONFLICT (user_id) DO UPDATE SET remind_day = excluded.remind_day,"
	" remind_soon = excluded.remind_soon, actions_due = excluded.actions_due,"
	" digest = excluded.digest, digest_countries = excluded.digest_countries,"
	" digest_topics = excluded.digest_topics, updated_at = excluded.updated_at";

static const char *const SQL_PREFS_DIGESTS =
	"SELECT p.user_id, remind_day, remind_soon, actions_due, digest, digest_countries,"
	" digest_topics, p.updated_at FROM mail_prefs p JOIN users u ON u.id = p.user_id"
	" WHERE p.digest <> 'none' AND u.disabled = 0 ORDER BY p.user_id";

/* the latest key with a prefix ($1 || '%': keys are made of digits, letters and ':') */
static const char *const SQL_KEY_LAST =
	"SELECT MAX(created_at) FROM mail_keys WHERE key LIKE $1 || '%'";

static const char *const SQL_KEY_CLAIM =
	"INSERT INTO mail_keys (key, created_at) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING";
static const char *const SQL_KEY_SET = "UPDATE mail_keys SET mail_id = $1 WHERE key = $2";
static const char *const SQL_KEYS_FORGET = "DELETE FROM mail_keys WHERE created_at < $1";

static void
id_row(struct db_stmt *st, struct arena *a, void *item)
{
	(void)a;
	*(int64_t *)item = col_int(st, 0);
}

static int
installation(struct db *db, struct arena *a, const char *sql, const char **out)
{
	struct db_stmt	*st = stmt_prepare(db, sql);
	int		 rc;

	if (st == NULL)
		return DB_ERR;
	rc = stmt_step(st);
	*out = rc == DB_ROW ? col_text(st, a, 0) : NULL;
	stmt_done(st);
	return rc == DB_ROW ? DB_OK : rc == DB_DONE ? DB_NOTFOUND : DB_ERR;
}

int
db_installation_uid(struct db *db, struct arena *a, const char **out)
{
	return installation(db, a, SQL_INSTALLATION, out);
}

int
db_installation_secret(struct db *db, struct arena *a, const char **out)
{
	return installation(db, a, SQL_SECRET, out);
}

int
db_invitation_users(struct db *db, struct arena *a, int64_t meeting_id, int64_t **out,
    size_t *n)
{
	return db_rows_by_id(db, a, SQL_INVITED_USERS, meeting_id, sizeof(**out), id_row,
	    (void **)out, n);
}

int
db_meeting_sequence_next(struct db *db, int64_t id, int64_t *seq)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_SEQUENCE_NEXT);

	if (st == NULL)
		return DB_ERR;
	stmt_int(st, 1, id);
	return stmt_scalar(st, seq);
}

int
db_invitation_insert(struct db *db, const struct db_invitation *in)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_INVITATION_INSERT);

	if (st == NULL)
		return DB_ERR;
	stmt_int(st, 1, in->meeting_id);
	stmt_text(st, 2, in->email);
	stmt_text(st, 3, in->name);
	stmt_id(st, 4, in->user_id);
	stmt_id(st, 5, in->guest_link_id);
	stmt_text(st, 6, in->method);
	stmt_int(st, 7, in->sequence);
	stmt_id(st, 8, in->mail_id);
	stmt_text(st, 9, in->created_at);
	return stmt_exec(st);
}

static void
invitation_row(struct db_stmt *st, struct arena *a, void *item)
{
	struct db_invitation	*in = item;

	in->id = col_int(st, 0);
	in->meeting_id = col_int(st, 1);
	in->user_id = col_int(st, 2);
	in->guest_link_id = col_int(st, 3);
	in->sequence = col_int(st, 4);
	in->mail_id = col_int(st, 5);
	in->email = col_text(st, a, 6);
	in->name = col_text(st, a, 7);
	in->method = col_text(st, a, 8);
	in->created_at = col_text(st, a, 9);
	in->status = col_text(st, a, 10);
	in->sent_at = col_text(st, a, 11);
	in->last_error = col_text(st, a, 12);
	in->lease_until = col_text(st, a, 13);
}

int
db_invitation_list(struct db *db, struct arena *a, int64_t meeting_id,
    struct db_invitation **out, size_t *n)
{
	return db_rows_by_id(db, a, SQL_INVITATION_LIST, meeting_id, sizeof(**out),
	    invitation_row, (void **)out, n);
}

int
db_invitation_revoke_links(struct db *db, int64_t meeting_id, const char *email, int64_t by,
    const char *now)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_REVOKE_LINKS);

	if (st == NULL)
		return DB_ERR;
	stmt_int(st, 1, meeting_id);
	stmt_text(st, 2, email);
	stmt_id(st, 3, by);
	stmt_text(st, 4, now);
	return stmt_exec(st);
}

int
db_user_list_notifiable(struct db *db, struct arena *a, int64_t org_id, int64_t city_id,
    struct db_user **out, size_t *n)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_USERS_NOTIFIABLE);
	int64_t		*ids;
	size_t		 k;
	int		 rc;

	if (st == NULL)
		return DB_ERR;
	stmt_int(st, 1, org_id);
	stmt_int(st, 2, city_id);
	if ((rc = stmt_rows(st, a, sizeof(*ids), id_row, (void **)&ids, &k)) != DB_OK)
		return rc;
	*out = arena_alloc(a, (k + 1) * sizeof(**out));
	*n = 0;
	for (size_t i = 0; i < k; i++)
		if ((rc = db_user_get(db, a, ids[i], &(*out)[*n])) == DB_OK)
			(*n)++;
		else if (rc != DB_NOTFOUND)
			return rc;
	return DB_OK;
}

int
db_mail_prefs_get(struct db *db, struct arena *a, int64_t user_id, struct db_mail_prefs *out)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_PREFS_GET);
	int		 rc;

	*out = (struct db_mail_prefs){ user_id, true, true, true, "none", " ", " ", NULL };
	if (st == NULL)
		return DB_ERR;
	stmt_int(st, 1, user_id);
	if ((rc = stmt_step(st)) == DB_ROW) {
		out->remind_day = col_int(st, 0) != 0;
		out->remind_soon = col_int(st, 1) != 0;
		out->actions_due = col_int(st, 2) != 0;
		out->digest = col_text(st, a, 3);
		out->countries = col_text(st, a, 4);
		out->topics = col_text(st, a, 5);
		out->updated_at = col_text(st, a, 6);
	}
	stmt_done(st);
	return rc == DB_ROW || rc == DB_DONE ? DB_OK : DB_ERR;
}

static void
prefs_row(struct db_stmt *st, struct arena *a, void *item)
{
	struct db_mail_prefs	*p = item;

	p->user_id = col_int(st, 0);
	p->remind_day = col_int(st, 1) != 0;
	p->remind_soon = col_int(st, 2) != 0;
	p->actions_due = col_int(st, 3) != 0;
	p->digest = col_text(st, a, 4);
	p->countries = col_text(st, a, 5);
	p->topics = col_text(st, a, 6);
	p->updated_at = col_text(st, a, 7);
}

int
db_mail_prefs_digests(struct db *db, struct arena *a, struct db_mail_prefs **out, size_t *n)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_PREFS_DIGESTS);

	if (st == NULL)
		return DB_ERR;
	return stmt_rows(st, a, sizeof(**out), prefs_row, (void **)out, n);
}

int
db_mail_key_last(struct db *db, struct arena *a, const char *prefix, const char **at)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_KEY_LAST);
	int		 rc;

	if (st == NULL)
		return DB_ERR;
	stmt_text(st, 1, prefix);
	rc = stmt_step(st);
	*at = rc == DB_ROW ? col_text(st, a, 0) : NULL;
	stmt_done(st);
	return rc == DB_ROW || rc == DB_DONE ? DB_OK : DB_ERR;
}

int
db_mail_prefs_put(struct db *db, const struct db_mail_prefs *p)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_PREFS_PUT);

	if (st == NULL)
		return DB_ERR;
	stmt_int(st, 1, p->user_id);
	stmt_int(st, 2, p->remind_day);
	stmt_int(st, 3, p->remind_soon);
	stmt_int(st, 4, p->actions_due);
	stmt_text(st, 5, p->digest);
	stmt_text(st, 6, p->countries);
	stmt_text(st, 7, p->topics);
	stmt_text(st, 8, p->updated_at);
	return stmt_exec(st);
}

int
db_mail_key_claim(struct db *db, const char *key, const char *now)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_KEY_CLAIM);
	int		 rc;

	if (st == NULL)
		return DB_ERR;
	stmt_text(st, 1, key);
	stmt_text(st, 2, now);
	if ((rc = stmt_exec(st)) != DB_OK)
		return rc;
	return db_changes(db) == 1 ? DB_OK : DB_CONFLICT;
}

int
db_mail_key_set(struct db *db, const char *key, int64_t mail_id)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_KEY_SET);

	if (st == NULL)
		return DB_ERR;
	stmt_int(st, 1, mail_id);
	stmt_text(st, 2, key);
	return stmt_exec(st);
}

int
db_mail_keys_forget(struct db *db, const char *before)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_KEYS_FORGET);

	if (st == NULL)
		return DB_ERR;
	stmt_text(st, 1, before);
	return stmt_exec(st);
}
