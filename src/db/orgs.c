/*
 * orgs: organizations, and the dashboard's counts.
 */
#include "db_internal.h"

#include <string.h>
#include <time.h>

#include "../base/text.h"

/* the organization's columns, then its city's named city_id, city_name_en ... */
#define ORG_COLUMNS							\
	"o.id AS id, " DB_ORG_SELECT("o.") ", o.created_at AS created_at,"	\
	" o.updated_at AS updated_at,"						\
	" (SELECT COUNT(*) FROM users u WHERE u.organization_id = o.id) AS user_count, "\
	CITY_COLUMNS("c", "co", "city_")
#define ORG_FROM							\
	" FROM organizations o JOIN cities c ON c.id = o.city_id"	\
	" JOIN countries co ON co.code = c.country_code"

/* $1, $2: bind_org; $3 the time; then the plain columns */
static const char *const SQL_ORG_INSERT =
	"INSERT INTO organizations (city_id, search_key, created_at, updated_at, "
	DB_ORG_NAMES("") ") VALUES ($1, $2, $3, $3, " DB_ORG_VALUES_FROM_4 ") RETURNING id";

/* $1 the id; $2, $3: bind_org; $4 the time; then the plain columns */
static const char *const SQL_ORG_UPDATE =
	"UPDATE organizations SET city_id = $2, search_key = $3, updated_at = $4, "
	DB_ORG_SET_FROM_5 " WHERE id = $1";

static const char *const SQL_ORG_USERS =
	"SELECT COUNT(*) FROM users WHERE organization_id = $1";

static const char *const SQL_ORG_DELETE =
	"DELETE FROM organizations WHERE id = $1";

static const char *const SQL_ORG_GET =
	"SELECT " ORG_COLUMNS ORG_FROM " WHERE o.id = $1";

static const char *const SQL_ORG_LIST =
	"SELECT " ORG_COLUMNS ORG_FROM
	" WHERE ($1 IS NULL OR o.search_key LIKE $1 ESCAPE '\\')"
	" AND ($2 IS NULL OR o.kind = $2) AND ($3 = 0 OR o.city_id = $3) AND o.id > $4"
	" ORDER BY o.id LIMIT $5";

static const char *const SQL_COUNTS =
	"SELECT (SELECT COUNT(*) FROM countries) AS countries,"
	" (SELECT COUNT(*) FROM cities) AS cities,"
	" (SELECT COUNT(*) FROM organizations) AS organizations,"
	" (SELECT COUNT(*) FROM users) AS users";

/*
 * Driven from the organizations: CROSS JOIN keeps that order in SQLite,
 * which otherwise walks every city (24,000) to group a few dozen
 * organizations; for PostgreSQL it is the same inner join.
 */
static const char *const SQL_ORG_BY_COUNTRY =
	"SELECT c.country_code AS country_code, co.name_en AS name_en, co.name_ru AS name_ru,"
	" COUNT(*) AS count FROM organizations o CROSS JOIN cities c CROSS JOIN countries co"
	" WHERE c.id = o.city_id AND co.code = c.country_code"
	" GROUP BY c.country_code, co.name_en, co.name_ru"
	" ORDER BY COUNT(*) DESC, c.country_code";

static const char *
org_key(struct arena *a, const struct db_org *o)
{
	return fold(a, arena_printf(a, " %s %s %s %s ", o->name_en, o->name_ru,
	    o->short_en ? o->short_en : "", o->short_ru ? o->short_ru : ""));
}

/* The city and the search key, from first on. */
static void
bind_org(struct db_stmt *st, struct arena *a, int first, const struct db_org *o)
{
	stmt_int(st, first, o->city_id);
	stmt_text(st, first + 1, org_key(a, o));
}

int
db_org_insert(struct db *db, const struct db_org *o, int64_t *id)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_ORG_INSERT);
	struct arena	 a = ARENA_INIT;
	char		 now[TEXT_TIME_LEN];
	int		 rc;

	if (st == NULL)
		return DB_ERR;
	text_time(time(NULL), now);
	bind_org(st, &a, 1, o);
	stmt_text(st, 3, now);
	db_org_columns_bind(st, 4, o);
	rc = stmt_scalar(st, id);
	arena_release(&a);
	return rc;
}

int
db_org_update(struct db *db, const struct db_org *o)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_ORG_UPDATE);
	struct arena	 a = ARENA_INIT;
	char		 now[TEXT_TIME_LEN];
	int		 rc;

	if (st == NULL)
		return DB_ERR;
	text_time(time(NULL), now);
	stmt_int(st, 1, o->id);
	bind_org(st, &a, 2, o);
	stmt_text(st, 4, now);
	db_org_columns_bind(st, 5, o);
	rc = stmt_exec(st);
	arena_release(&a);
	if (rc == DB_OK && db_changes(db) == 0)
		return DB_NOTFOUND;
	return rc;
}

int
db_org_delete(struct db *db, int64_t id)
{
	struct db_stmt	*users = stmt_prepare(db, SQL_ORG_USERS);
	struct db_stmt	*st = stmt_prepare(db, SQL_ORG_DELETE);
	int64_t		 n = 0;
	int		 rc;

	if (users == NULL || st == NULL)
		return DB_ERR;
	stmt_int(users, 1, id);
	if (stmt_scalar(users, &n) != DB_OK)
		return DB_ERR;
	if (n > 0)
		return DB_CONFLICT;
	stmt_int(st, 1, id);
	rc = stmt_exec(st);
	if (rc == DB_INVALID)
		return DB_CONFLICT;	/* other rows still refer to it */
	if (rc == DB_OK && db_changes(db) == 0)
		return DB_NOTFOUND;
	return rc;
}

/* Reads ORG_COLUMNS. */
static void
org_row(struct db_stmt *st, struct arena *a, struct db_org *o)
{
	o->id = row_int(st, "id");
	db_org_columns_read(st, a, o);
	o->created_at = row_text(st, a, "created_at");
	o->updated_at = row_text(st, a, "updated_at");
	o->user_count = row_int(st, "user_count");
	db_city_group(st, a, "city_", &o->city);
	o->city_id = o->city.id;
}

int
db_org_get(struct db *db, struct arena *a, int64_t id, struct db_org *out)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_ORG_GET);
	int		 rc;

	if (st == NULL)
		return DB_ERR;
	stmt_int(st, 1, id);
	rc = stmt_step(st);
	if (rc == DB_ROW)
		org_row(st, a, out);
	stmt_done(st);
	return rc == DB_ROW ? DB_OK : rc == DB_DONE ? DB_NOTFOUND : DB_ERR;
}

const char *
db_like_word(struct arena *a, const char *folded)
{
	char	*p, *o;

	if (folded == NULL || folded[0] == '\0')
		return NULL;
	p = o = arena_alloc(a, strlen(folded) * 2 + 4);
	*o++ = '%';
	*o++ = ' ';
	for (; *folded != '\0'; folded++) {
		if (*folded == '%' || *folded == '_' || *folded == '\\')
			*o++ = '\\';
		*o++ = *folded;
	}
	*o++ = '%';
	*o = '\0';
	return p;
}

static void
org_item(struct db_stmt *st, struct arena *a, void *item)
{
	org_row(st, a, item);
}

int
db_org_list(struct db *db, struct arena *a, const struct db_org_filter *f,
    struct db_org **out, size_t *n)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_ORG_LIST);

	if (st == NULL)
		return DB_ERR;
	stmt_text(st, 1, db_like_word(a, f->q));
	stmt_text(st, 2, f->kind);
	stmt_int(st, 3, f->city_id);
	stmt_int(st, 4, f->after_id);
	stmt_int(st, 5, f->limit);
	return stmt_rows(st, a, sizeof(**out), org_item, (void **)out, n);
}

int
db_counts(struct db *db, struct db_counts *out)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_COUNTS);
	int		 rc;

	if (st == NULL)
		return DB_ERR;
	rc = stmt_step(st);
	if (rc == DB_ROW) {
		out->countries = row_int(st, "countries");
		out->cities = row_int(st, "cities");
		out->organizations = row_int(st, "organizations");
		out->users = row_int(st, "users");
	}
	stmt_done(st);
	return rc == DB_ROW ? DB_OK : DB_ERR;
}

void
db_country_count_row(struct db_stmt *st, struct arena *a, void *item)
{
	struct db_country_count	*c = item;

	c->country_code = row_text(st, a, "country_code");
	c->name_en = row_text(st, a, "name_en");
	c->name_ru = row_text(st, a, "name_ru");
	c->count = row_int(st, "count");
}

int
db_org_count_by_country(struct db *db, struct arena *a, struct db_country_count **out,
    size_t *n)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_ORG_BY_COUNTRY);

	return st == NULL ? DB_ERR :
	    stmt_rows(st, a, sizeof(**out), db_country_count_row, (void **)out, n);
}
