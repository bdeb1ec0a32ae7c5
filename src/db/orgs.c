/*
 * orgs: organizations, and the dashboard's counts.
 */
#include "db_internal.h"

#include <string.h>
#include <time.h>

#include "../base/text.h"

#define ORG_COLUMNS							\
	"o.id, o.kind, o.name_en, o.name_ru, o.short_en, o.short_ru, o.website, o.city_id,"\
	" o.created_at, o.updated_at,"					\
	" (SELECT COUNT(*) FROM users u WHERE u.organization_id = o.id),"	\
	" c.id, c.geonames_id, c.name_en, c.name_ru, c.country_code, co.name_en, co.name_ru,"\
	" c.admin1, c.latitude, c.longitude, c.timezone, c.population"
#define ORG_FROM							\
	" FROM organizations o JOIN cities c ON c.id = o.city_id"	\
	" JOIN countries co ON co.code = c.country_code"

static const char *const SQL_ORG_INSERT =
	"INSERT INTO organizations (kind, name_en, name_ru, short_en, short_ru, website, city_id,"
	" search_key, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)"
	" RETURNING id";

static const char *const SQL_ORG_UPDATE =
	"UPDATE organizations SET kind = $2, name_en = $3, name_ru = $4, short_en = $5,"
	" short_ru = $6, website = $7, city_id = $8, search_key = $9, updated_at = $10"
	" WHERE id = $1";

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
	"SELECT (SELECT COUNT(*) FROM countries), (SELECT COUNT(*) FROM cities),"
	" (SELECT COUNT(*) FROM organizations), (SELECT COUNT(*) FROM users)";

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

static void
bind_org(struct db_stmt *st, struct arena *a, int first, const struct db_org *o)
{
	stmt_text(st, first, o->kind);
	stmt_text(st, first + 1, o->name_en);
	stmt_text(st, first + 2, o->name_ru);
	stmt_text(st, first + 3, o->short_en);
	stmt_text(st, first + 4, o->short_ru);
	stmt_text(st, first + 5, o->website);
	stmt_int(st, first + 6, o->city_id);
	stmt_text(st, first + 7, org_key(a, o));
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
	stmt_text(st, 9, now);
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
	stmt_text(st, 10, now);
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

/* Reads ORG_COLUMNS starting at column i. */
static void
org_row(struct db_stmt *st, struct arena *a, int i, struct db_org *o)
{
	o->id = col_int(st, i);
	o->kind = col_text(st, a, i + 1);
	o->name_en = col_text(st, a, i + 2);
	o->name_ru = col_text(st, a, i + 3);
	o->short_en = col_text(st, a, i + 4);
	o->short_ru = col_text(st, a, i + 5);
	o->website = col_text(st, a, i + 6);
	o->city_id = col_int(st, i + 7);
	o->created_at = col_text(st, a, i + 8);
	o->updated_at = col_text(st, a, i + 9);
	o->user_count = col_int(st, i + 10);
	o->city.id = col_int(st, i + 11);
	o->city.geonames_id = col_int(st, i + 12);
	o->city.name_en = col_text(st, a, i + 13);
	o->city.name_ru = col_text(st, a, i + 14);
	o->city.country_code = col_text(st, a, i + 15);
	o->city.country_name_en = col_text(st, a, i + 16);
	o->city.country_name_ru = col_text(st, a, i + 17);
	o->city.admin1 = col_text(st, a, i + 18);
	o->city.latitude = col_double(st, i + 19);
	o->city.longitude = col_double(st, i + 20);
	o->city.timezone = col_text(st, a, i + 21);
	o->city.population = col_int(st, i + 22);
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
		org_row(st, a, 0, out);
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
	org_row(st, a, 0, item);
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
		out->countries = col_int(st, 0);
		out->cities = col_int(st, 1);
		out->organizations = col_int(st, 2);
		out->users = col_int(st, 3);
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
