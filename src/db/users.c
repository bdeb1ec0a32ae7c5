/*
 * users: accounts and sessions (failed sign-ins: login.c).
 */
#include "db_internal.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../base/text.h"

#define USER_COLUMNS							\
	"u.id, u.email, u.name, u.role, u.locale, u.password_hash, u.disabled,"	\
	" u.demo_password, u.created_at, u.updated_at, u.organization_id, o.kind, o.name_en,"\
	" o.name_ru, o.short_en, o.short_ru, c.id, c.name_en, c.name_ru, c.country_code,"\
	" c.timezone, co.name_en, co.name_ru, u.email_verified_at, u.timezone"
#define USER_FROM							\
	" FROM users u JOIN organizations o ON o.id = u.organization_id"	\
	" JOIN cities c ON c.id = o.city_id JOIN countries co ON co.code = c.country_code"

static const char *const SQL_USER_INSERT =
	"INSERT INTO users (email, name, role, organization_id, locale, password_hash,"
	" demo_password, disabled, search_key, created_at, updated_at, email_verified_at, timezone)"
	" VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10, $11, $12) RETURNING id";

static const char *const SQL_USER_UPDATE =
	"UPDATE users SET email = $2, name = $3, role = $4, organization_id = $5, locale = $6,"
	" password_hash = $7, demo_password = $8, disabled = $9, search_key = $10,"
	" updated_at = $11, email_verified_at = $12, timezone = $13 WHERE id = $1";

static const char *const SQL_USER_DELETE = "DELETE FROM users WHERE id = $1";

static const char *const SQL_USER_GET =
	"SELECT " USER_COLUMNS USER_FROM " WHERE u.id = $1";

static const char *const SQL_USER_BY_EMAIL =
	"SELECT " USER_COLUMNS USER_FROM " WHERE u.email = $1";

static const char *const SQL_USER_LIST =
	"SELECT " USER_COLUMNS USER_FROM
	" WHERE ($1 IS NULL OR u.search_key LIKE $1 ESCAPE '\\')"
	" AND ($2 IS NULL OR u.role = $2) AND u.id > $3 ORDER BY u.id LIMIT $4";

static const char *const SQL_USER_STAFF =
	"SELECT " USER_COLUMNS USER_FROM
	" WHERE u.role IN ('staff', 'admin') AND u.disabled = 0 ORDER BY u.name, u.id";

static const char *const SQL_USER_DEMO =
	"SELECT COUNT(*) FROM users WHERE demo_password = 1";

static const char *const SQL_SESSION_INSERT =
	"INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at, address,"
	" user_agent) VALUES ($1, $2, $3, $4, $5, $6, $7)";

static const char *const SQL_SESSION_GET =
	"SELECT s.id, s.user_id, s.csrf_token, s.expires_at, " USER_COLUMNS
	" FROM sessions s JOIN users u ON u.id = s.user_id"
	" JOIN organizations o ON o.id = u.organization_id JOIN cities c ON c.id = o.city_id"
	" JOIN countries co ON co.code = c.country_code"
	" WHERE s.token_hash = $1 AND s.expires_at > $2 AND u.disabled = 0";

static const char *const SQL_SESSION_DELETE = "DELETE FROM sessions WHERE token_hash = $1";
static const char *const SQL_SESSION_DELETE_USER = "DELETE FROM sessions WHERE user_id = $1";
static const char *const SQL_SESSION_DELETE_OTHERS =
	"DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2";

/* email and name: a user is found by any word of either */
static const char *
user_key(struct arena *a, const struct db_user *u)
{
	return fold(a, arena_printf(a, " %s %s ", u->email, u->name));
}

int
db_user_insert(struct db *db, const struct db_user *u, int64_t *id)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_USER_INSERT);
	struct arena	 a = ARENA_INIT;
	char		 now[TEXT_TIME_LEN];
	int		 rc;

	if (st == NULL)
		return DB_ERR;
	text_time(time(NULL), now);
	stmt_text(st, 1, u->email);
	stmt_text(st, 2, u->name);
	stmt_text(st, 3, u->role);
	stmt_int(st, 4, u->org_id);
	stmt_text(st, 5, u->locale);
	stmt_text(st, 6, u->password_hash);
	stmt_int(st, 7, u->demo_password);
	stmt_int(st, 8, u->disabled);
	stmt_text(st, 9, user_key(&a, u));
	stmt_text(st, 10, now);
	stmt_text(st, 11, u->email_verified_at);
	stmt_text(st, 12, u->timezone);
	rc = stmt_scalar(st, id);
	arena_release(&a);
	return rc;
}

int
db_user_update(struct db *db, const struct db_user *u)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_USER_UPDATE);
	struct arena	 a = ARENA_INIT;
	char		 now[TEXT_TIME_LEN];
	int		 rc;

	if (st == NULL)
		return DB_ERR;
	text_time(time(NULL), now);
	stmt_int(st, 1, u->id);
	stmt_text(st, 2, u->email);
	stmt_text(st, 3, u->name);
	stmt_text(st, 4, u->role);
	stmt_int(st, 5, u->org_id);
	stmt_text(st, 6, u->locale);
	stmt_text(st, 7, u->password_hash);
	stmt_int(st, 8, u->demo_password);
	stmt_int(st, 9, u->disabled);
	stmt_text(st, 10, user_key(&a, u));
	stmt_text(st, 11, now);
	stmt_text(st, 12, u->email_verified_at);
	stmt_text(st, 13, u->timezone);
	rc = stmt_exec(st);
	arena_release(&a);
	if (rc == DB_OK && db_changes(db) == 0)
		return DB_NOTFOUND;
	return rc;
}

int
db_user_delete(struct db *db, int64_t id)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_USER_DELETE);
	int		 rc;

	if (st == NULL)
		return DB_ERR;
	stmt_int(st, 1, id);
	rc = stmt_exec(st);
	if (rc == DB_INVALID)
		return DB_CONFLICT;
	if (rc == DB_OK && db_changes(db) == 0)
		return DB_NOTFOUND;
	return rc;
}

/* Reads USER_COLUMNS starting at column i. */
static void
user_row(struct db_stmt *st, struct arena *a, int i, struct db_user *u)
{
	u->id = col_int(st, i);
	u->email = col_text(st, a, i + 1);
	u->name = col_text(st, a, i + 2);
	u->role = col_text(st, a, i + 3);
	u->locale = col_text(st, a, i + 4);
	u->password_hash = col_text(st, a, i + 5);
	u->disabled = col_int(st, i + 6) != 0;
	u->demo_password = col_int(st, i + 7) != 0;
	u->created_at = col_text(st, a, i + 8);
	u->updated_at = col_text(st, a, i + 9);
	u->org_id = col_int(st, i + 10);
	u->org.id = u->org_id;
	u->org.kind = col_text(st, a, i + 11);
	u->org.name_en = col_text(st, a, i + 12);
	u->org.name_ru = col_text(st, a, i + 13);
	u->org.short_en = col_text(st, a, i + 14);
	u->org.short_ru = col_text(st, a, i + 15);
	u->org.city_id = u->org.city.id = col_int(st, i + 16);
	u->org.city.name_en = col_text(st, a, i + 17);
	u->org.city.name_ru = col_text(st, a, i + 18);
	u->org.city.country_code = col_text(st, a, i + 19);
	u->org.city.timezone = col_text(st, a, i + 20);
	u->org.city.country_name_en = col_text(st, a, i + 21);
	u->org.city.country_name_ru = col_text(st, a, i + 22);
	u->email_verified_at = col_text(st, a, i + 23);
	u->timezone = col_text(st, a, i + 24);
}

static int
user_one(struct db *db, struct arena *a, const char *sql, int64_t id, const char *email,
    struct db_user *out)
{
	struct db_stmt	*st = stmt_prepare(db, sql);
	int		 rc;

	if (st == NULL)
		return DB_ERR;
	if (email != NULL)
		stmt_text(st, 1, email);
	else
		stmt_int(st, 1, id);
	rc = stmt_step(st);
	if (rc == DB_ROW)
		user_row(st, a, 0, out);
	stmt_done(st);
	return rc == DB_ROW ? DB_OK : rc == DB_DONE ? DB_NOTFOUND : DB_ERR;
}

int
db_user_get(struct db *db, struct arena *a, int64_t id, struct db_user *out)
{
	return user_one(db, a, SQL_USER_GET, id, NULL, out);
}

int
db_user_get_by_email(struct db *db, struct arena *a, const char *email, struct db_user *out)
{
	return user_one(db, a, SQL_USER_BY_EMAIL, 0, email, out);
}

static void
user_item(struct db_stmt *st, struct arena *a, void *item)
{
	user_row(st, a, 0, item);
}

int
db_user_list(struct db *db, struct arena *a, const struct db_user_filter *f,
    struct db_user **out, size_t *n)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_USER_LIST);

	if (st == NULL)
		return DB_ERR;
	stmt_text(st, 1, db_like_word(a, f->q));
	stmt_text(st, 2, f->role);
	stmt_int(st, 3, f->after_id);
	stmt_int(st, 4, f->limit);
	return stmt_rows(st, a, sizeof(**out), user_item, (void **)out, n);
}

int
db_user_list_staff(struct db *db, struct arena *a, struct db_user **out, size_t *n)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_USER_STAFF);

	if (st == NULL)
		return DB_ERR;
	return stmt_rows(st, a, sizeof(**out), user_item, (void **)out, n);
}

int
db_user_count_demo(struct db *db, int64_t *n)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_USER_DEMO);

	return st == NULL ? DB_ERR : stmt_scalar(st, n);
}

int
db_session_insert(struct db *db, const char *token_hash, int64_t user_id,
    const char *csrf_token, const char *now, const char *expires_at, const char *address,
    const char *user_agent)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_SESSION_INSERT);

	if (st == NULL)
		return DB_ERR;
	stmt_text(st, 1, token_hash);
	stmt_int(st, 2, user_id);
	stmt_text(st, 3, csrf_token);
	stmt_text(st, 4, now);
	stmt_text(st, 5, expires_at);
	stmt_text(st, 6, address);
	stmt_text(st, 7, user_agent ? user_agent : "");
	return stmt_exec(st);
}

int
db_session_get(struct db *db, struct arena *a, const char *token_hash, const char *now,
    struct db_session *s, struct db_user *u)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_SESSION_GET);
	int		 rc;

	if (st == NULL)
		return DB_ERR;
	stmt_text(st, 1, token_hash);
	stmt_text(st, 2, now);
	rc = stmt_step(st);
	if (rc == DB_ROW) {
		s->id = col_int(st, 0);
		s->user_id = col_int(st, 1);
		s->csrf_token = col_text(st, a, 2);
		s->expires_at = col_text(st, a, 3);
		user_row(st, a, 4, u);
	}
	stmt_done(st);
	return rc == DB_ROW ? DB_OK : rc == DB_DONE ? DB_NOTFOUND : DB_ERR;
}

static int
delete_by(struct db *db, const char *sql, const char *text, int64_t id)
{
	struct db_stmt	*st = stmt_prepare(db, sql);

	if (st == NULL)
		return DB_ERR;
	if (text != NULL)
		stmt_text(st, 1, text);
	else
		stmt_int(st, 1, id);
	return stmt_exec(st);
}

int
db_session_delete(struct db *db, const char *token_hash)
{
	return delete_by(db, SQL_SESSION_DELETE, token_hash, 0);
}

int
db_session_delete_user(struct db *db, int64_t user_id)
{
	return delete_by(db, SQL_SESSION_DELETE_USER, NULL, user_id);
}

int
db_session_delete_others(struct db *db, int64_t user_id, const char *keep_token_hash)
{
	return db_exec_id_text(db, SQL_SESSION_DELETE_OTHERS, user_id, keep_token_hash);
}
