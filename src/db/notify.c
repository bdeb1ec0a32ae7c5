/*
 * notify: what mail about meetings and the exchange needs kept (migration
 * 0022): the installation's name for UIDs, each meeting's SEQUENCE, the
 * invitations sent, each user's choices, and the keys that make every
 * scheduled message go once.
 */
#include "db_internal.h"

#include <string.h>

static const char *const SQL_INSTALLATION = "SELECT uid AS uid FROM installation WHERE id = 1";
static const char *const SQL_SECRET = "SELECT secret AS secret FROM installation WHERE id = 1";

/* those whose latest invitation to the meeting is a REQUEST, with an account */
static const char *const SQL_INVITED_USERS =
	"SELECT DISTINCT i.user_id AS id FROM meeting_invitations i WHERE i.meeting_id = $1"
	" AND i.user_id IS NOT NULL AND i.method = 'REQUEST' AND i.id = (SELECT MAX(j.id)"
	" FROM meeting_invitations j WHERE j.meeting_id = i.meeting_id AND j.email = i.email)"
	" ORDER BY i.user_id";

static const char *const SQL_SEQUENCE_NEXT =
	"UPDATE meetings SET ical_sequence = ical_sequence + 1 WHERE id = $1"
	" RETURNING ical_sequence";

/* $1..$5 the meeting, the account, the guest link, the message, the time; then the plain columns */
static const char *const SQL_INVITATION_INSERT =
	"INSERT INTO meeting_invitations (meeting_id, user_id, guest_link_id, mail_id, created_at, "
	DB_INVITATION_NAMES("") ") VALUES ($1, $2, $3, $4, $5, " DB_INVITATION_VALUES_FROM_6 ")";

static const char *const SQL_INVITATION_LIST =
	"SELECT i.id AS id, i.meeting_id AS meeting_id, i.user_id AS user_id,"
	" i.guest_link_id AS guest_link_id, i.mail_id AS mail_id, i.created_at AS created_at, "
	DB_INVITATION_SELECT("i.") ", o.status AS status, o.sent_at AS sent_at,"
	" o.last_error AS last_error, o.lease_until AS lease_until"
	" FROM meeting_invitations i LEFT JOIN mail_outbox o ON o.id = i.mail_id"
	" WHERE i.meeting_id = $1 ORDER BY i.id";

static const char *const SQL_REVOKE_LINKS =
	"UPDATE room_guest_links SET revoked_at = $4, revoked_by = $3"
	" WHERE revoked_at IS NULL AND id IN (SELECT guest_link_id FROM meeting_invitations"
	" WHERE meeting_id = $1 AND email = $2 AND guest_link_id IS NOT NULL)";

/* $1 an organization's accounts; else ($2) the partner accounts of a city's organizations */
static const char *const SQL_USERS_NOTIFIABLE =
	"SELECT u.id AS id FROM users u JOIN organizations o ON o.id = u.organization_id"
	" WHERE (u.organization_id = $1 OR ($1 = 0 AND o.city_id = $2 AND u.role = 'partner'))"
	" AND u.disabled = 0 AND u.email_verified_at IS NOT NULL ORDER BY u.name, u.id";

/* a user's choices as prefs_row reads them, from mail_prefs p */
#define PREFS_COLUMNS							\
	"p.user_id AS user_id, p.digest_countries AS countries, p.digest_topics AS topics,"\
	" p.updated_at AS updated_at, " DB_MAIL_PREFS_SELECT("p.")

static const char *const SQL_PREFS_GET =
	"SELECT " PREFS_COLUMNS " FROM mail_prefs p WHERE p.user_id = $1";

/*
 * $1..$4 the user, the countries, the topics, the time; then the plain
 * columns (contract: MailPreferences), which a row already there takes from
 * the same parameters
 */
static const char *const SQL_PREFS_PUT =
	"INSERT INTO mail_prefs (user_id, digest_countries, digest_topics, updated_at, "
	DB_MAIL_PREFS_NAMES("") ") VALUES ($1, $2, $3, $4, " DB_MAIL_PREFS_VALUES_FROM_5 ")"
	" ON CONFLICT (user_id) DO UPDATE SET digest_countries = $2, digest_topics = $3,"
	" updated_at = $4, " DB_MAIL_PREFS_SET_FROM_5;

static const char *const SQL_PREFS_DIGESTS =
	"SELECT " PREFS_COLUMNS " FROM mail_prefs p JOIN users u ON u.id = p.user_id"
	" WHERE p.digest <> 'none' AND u.disabled = 0 ORDER BY p.user_id";

/* the latest key with a prefix ($1 || '%': keys are made of digits, letters and ':') */
static const char *const SQL_KEY_LAST =
	"SELECT MAX(created_at) AS last_at FROM mail_keys WHERE key LIKE $1 || '%'";

static const char *const SQL_KEY_CLAIM =
	"INSERT INTO mail_keys (key, created_at) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING";
static const char *const SQL_KEY_SET = "UPDATE mail_keys SET mail_id = $1 WHERE key = $2";
static const char *const SQL_KEYS_FORGET = "DELETE FROM mail_keys WHERE created_at < $1";

static void
id_row(struct db_stmt *st, struct arena *a, void *item)
{
	(void)a;
	*(int64_t *)item = row_int(st, "id");
}

/* The installation's value in the column name of sql. */
static int
installation(struct db *db, struct arena *a, const char *sql, const char *name,
    const char **out)
{
	struct db_stmt	*st = stmt_prepare(db, sql);
	int		 rc;

	if (st == NULL)
		return DB_ERR;
	rc = stmt_step(st);
	*out = rc == DB_ROW ? row_text(st, a, name) : NULL;
	stmt_done(st);
	return rc == DB_ROW ? DB_OK : rc == DB_DONE ? DB_NOTFOUND : DB_ERR;
}

int
db_installation_uid(struct db *db, struct arena *a, const char **out)
{
	return installation(db, a, SQL_INSTALLATION, "uid", out);
}

int
db_installation_secret(struct db *db, struct arena *a, const char **out)
{
	return installation(db, a, SQL_SECRET, "secret", out);
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
	stmt_id(st, 2, in->user_id);
	stmt_id(st, 3, in->guest_link_id);
	stmt_id(st, 4, in->mail_id);
	stmt_text(st, 5, in->created_at);
	db_invitation_columns_bind(st, 6, in);
	return stmt_exec(st);
}

static void
invitation_row(struct db_stmt *st, struct arena *a, void *item)
{
	struct db_invitation	*in = item;

	in->id = row_int(st, "id");
	in->meeting_id = row_int(st, "meeting_id");
	in->user_id = row_int(st, "user_id");
	in->guest_link_id = row_int(st, "guest_link_id");
	in->mail_id = row_int(st, "mail_id");
	in->created_at = row_text(st, a, "created_at");
	db_invitation_columns_read(st, a, in);
	in->status = row_text(st, a, "status");
	in->sent_at = row_text(st, a, "sent_at");
	in->last_error = row_text(st, a, "last_error");
	in->lease_until = row_text(st, a, "lease_until");
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

static void
prefs_row(struct db_stmt *st, struct arena *a, void *item)
{
	struct db_mail_prefs	*p = item;

	p->user_id = row_int(st, "user_id");
	p->countries = row_text(st, a, "countries");
	p->topics = row_text(st, a, "topics");
	p->updated_at = row_text(st, a, "updated_at");
	db_mail_prefs_columns_read(st, a, p);
}

int
db_mail_prefs_get(struct db *db, struct arena *a, int64_t user_id, struct db_mail_prefs *out)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_PREFS_GET);
	int		 rc;

	*out = (struct db_mail_prefs){ .user_id = user_id, .remind_day = true,
	    .remind_soon = true, .actions_due = true, .digest = "none", .countries = " ",
	    .topics = " ", .updated_at = NULL };
	if (st == NULL)
		return DB_ERR;
	stmt_int(st, 1, user_id);
	rc = stmt_one(st, a, prefs_row, out);
	return rc == DB_OK || rc == DB_NOTFOUND ? DB_OK : DB_ERR;
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
	*at = rc == DB_ROW ? row_text(st, a, "last_at") : NULL;
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
	stmt_text(st, 2, p->countries);
	stmt_text(st, 3, p->topics);
	stmt_text(st, 4, p->updated_at);
	db_mail_prefs_columns_bind(st, 5, p);
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
