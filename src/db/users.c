/*
 * users: accounts and sessions (failed sign-ins: login.c).
 */
#include "db_internal.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../base/text.h"

/* the user's columns, then its organization's named org_kind ... and city's city_id ... */
#define USER_COLUMNS							\
	"u.id AS id, u.email AS email, " DB_USER_SELECT("u.") ","		\
	" u.password_hash AS password_hash, u.demo_password AS demo_password,"	\
	" u.created_at AS created_at, u.updated_at AS updated_at,"		\
	" u.organization_id AS organization_id, u.email_verified_at AS email_verified_at,"\
	" o.kind AS org_kind, o.name_en AS org_name_en, o.name_ru AS org_name_ru,"	\
	" o.short_en AS org_short_en, o.short_ru AS org_short_ru,"		\
	" c.id AS city_id, " CITY_REF_COLUMNS("c", "city_") ", c.timezone AS city_timezone,"\
	" co.name_en AS city_country_name_en, co.name_ru AS city_country_name_ru"
#define USER_FROM							\
	" FROM users u JOIN organizations o ON o.id = u.organization_id"	\
	" JOIN cities c ON c.id = o.city_id JOIN countries co ON co.code = c.country_code"

/* $1..$5: bind_user; $6 the time, $7 email_verified_at; then the plain columns */
static const char *const SQL_USER_INSERT =
	"INSERT INTO users (email, organization_id, password_hash, demo_password, search_key,"
	" created_at, updated_at, email_verified_at, " DB_USER_NAMES("") ")"
	" VALUES ($1, $2, $3, $4, $5, $6, $6, $7, " DB_USER_VALUES_FROM_8 ") RETURNING id";

/* $1 the id; $2..$6: bind_user; $7 the time, $8 email_verified_at; then the plain columns */
static const char *const SQL_USER_UPDATE =
	"UPDATE users SET email = $2, organization_id = $3, password_hash = $4,"
	" demo_password = $5, search_key = $6, updated_at = $7, email_verified_at = $8, "
	DB_USER_SET_FROM_9 " WHERE id = $1";

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
	"SELECT s.id AS session_id, s.user_id AS user_id, s.csrf_token AS csrf_token,"
	" s.expires_at AS expires_at, " USER_COLUMNS
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

/* The five parameters from first: email, organization, password and search key. */
static void
bind_user(struct db_stmt *st, struct arena *a, int first, const struct db_user *u)
{
	stmt_text(st, first, u->email);
	stmt_int(st, first + 1, u->org_id);
	stmt_text(st, first + 2, u->password_hash);
	stmt_int(st, first + 3, u->demo_password);
	stmt_text(st, first + 4, user_key(a, u));
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
	bind_user(st, &a, 1, u);
	stmt_text(st, 6, now);
	stmt_text(st, 7, u->email_verified_at);
	db_user_columns_bind(st, 8, u);
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
	bind_user(st, &a, 2, u);
	stmt_text(st, 7, now);
	stmt_text(st, 8, u->email_verified_at);
	db_user_columns_bind(st, 9, u);
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

/* Reads USER_COLUMNS. */
static void
user_row(struct db_stmt *st, struct arena *a, struct db_user *u)
{
	u->id = row_int(st, "id");
	u->email = row_text(st, a, "email");
	db_user_columns_read(st, a, u);
	u->password_hash = row_text(st, a, "password_hash");
	u->demo_password = row_int(st, "demo_password") != 0;
	u->created_at = row_text(st, a, "created_at");
	u->updated_at = row_text(st, a, "updated_at");
	u->org_id = u->org.id = row_int(st, "organization_id");
	u->email_verified_at = row_text(st, a, "email_verified_at");
	u->org.kind = group_text(st, a, "org_", "kind");
	u->org.name_en = group_text(st, a, "org_", "name_en");
	u->org.name_ru = group_text(st, a, "org_", "name_ru");
	u->org.short_en = group_text(st, a, "org_", "short_en");
	u->org.short_ru = group_text(st, a, "org_", "short_ru");
	u->org.city_id = group_int(st, "city_", "id");
	db_city_ref_group(st, a, "city_", u->org.city_id, &u->org.city);
	u->org.city.timezone = group_text(st, a, "city_", "timezone");
	u->org.city.country_name_en = group_text(st, a, "city_", "country_name_en");
	u->org.city.country_name_ru = group_text(st, a, "city_", "country_name_ru");
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
		user_row(st, a, out);
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
	user_row(st, a, item);
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
		s->id = row_int(st, "session_id");
		s->user_id = row_int(st, "user_id");
		s->csrf_token = row_text(st, a, "csrf_token");
		s->expires_at = row_text(st, a, "expires_at");
		user_row(st, a, u);
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
