/*
 * delegations: delegations of specialists to a city from another city (the
 * twelve doctors who flew from Harbin to Moscow) or from a country with no
 * city named (the experts from China), with their members and an optional
 * link to an event.
 */
#include "db_internal.h"

#include <string.h>
#include <time.h>

#include "../base/text.h"

#define G_COLUMNS							\
	"g.id AS id, g.from_city_id AS from_city_id, g.to_city_id AS to_city_id, "	\
	DB_DELEGATION_SELECT("g.") ", g.year AS year, g.created_by AS created_by,"	\
	" g.created_at AS created_at, g.updated_at AS updated_at, "		\
	CITY_SHOWN_COLUMNS("f", "from_") ", " CITY_SHOWN_COLUMNS("t", "to_") ","		\
	" e.title_ru AS event_title_ru, e.title_en AS event_title_en,"		\
	" g.from_country AS from_country"

#define G_FROM								\
	" FROM delegations g LEFT JOIN cities f ON f.id = g.from_city_id"	\
	" JOIN cities t ON t.id = g.to_city_id LEFT JOIN events e ON e.id = g.event_id"

static const char *const SQL_LIST =
	"SELECT " G_COLUMNS G_FROM
	" WHERE ($1 = 0 OR g.from_city_id = $1 OR g.to_city_id = $1)"
	" AND ($3 = 0 OR g.year < $2 OR (g.year = $2 AND g.id < $3))"
	" ORDER BY g.year DESC, g.id DESC LIMIT $4";

static const char *const SQL_GET = "SELECT " G_COLUMNS G_FROM " WHERE g.id = $1";

/* $1..$5: bind_delegation; $6 the creator; then the plain columns */
static const char *const SQL_INSERT =
	"INSERT INTO delegations (from_city_id, to_city_id, year, created_at, updated_at,"
	" from_country, created_by, " DB_DELEGATION_NAMES("") ")"
	" VALUES ($1, $2, $3, $4, $4, $5, $6, " DB_DELEGATION_VALUES_FROM_7 ") RETURNING id";

/* $1..$5: bind_delegation; $6 the id; then the plain columns */
static const char *const SQL_UPDATE =
	"UPDATE delegations SET from_city_id = $1, to_city_id = $2, year = $3, updated_at = $4,"
	" from_country = $5, " DB_DELEGATION_SET_FROM_7 " WHERE id = $6";

static const char *const SQL_MEMBERS =
	"SELECT name AS name, role_ru AS role_ru, role_en AS role_en FROM delegation_members"
	" WHERE delegation_id = $1"
	" ORDER BY position, id";

static const char *const SQL_MEMBERS_DELETE =
	"DELETE FROM delegation_members WHERE delegation_id = $1";

static const char *const SQL_MEMBER_INSERT =
	"INSERT INTO delegation_members (delegation_id, position, name, role_ru, role_en)"
	" VALUES ($1, $2, $3, $4, $5)";

static void
delegation_row(struct db_stmt *st, struct arena *a, void *item)
{
	struct db_delegation	*d = item;

	memset(d, 0, sizeof(*d));
	d->id = row_int(st, "id");
	d->from_city_id = row_int(st, "from_city_id");
	d->to_city_id = row_int(st, "to_city_id");
	db_delegation_columns_read(st, a, d);
	d->year = row_int(st, "year");
	d->created_by = row_int(st, "created_by");
	d->created_at = row_text(st, a, "created_at");
	d->updated_at = row_text(st, a, "updated_at");
	db_city_ref_group(st, a, "from_", d->from_city_id, &d->from);
	db_city_ref_group(st, a, "to_", d->to_city_id, &d->to);
	d->event_title_ru = row_text(st, a, "event_title_ru");
	d->event_title_en = row_text(st, a, "event_title_en");
	d->from_country = row_text(st, a, "from_country");
}

static void
member_row(struct db_stmt *st, struct arena *a, void *item)
{
	struct db_delegation_member	*m = item;

	m->name = row_text(st, a, "name");
	m->role_ru = row_text(st, a, "role_ru");
	m->role_en = row_text(st, a, "role_en");
}

int
db_delegation_list(struct db *db, struct arena *a, int64_t city_id, int64_t after_year,
    int64_t after_id, int limit, struct db_delegation **out, size_t *n)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_LIST);

	if (st == NULL)
		return DB_ERR;
	stmt_int(st, 1, city_id);
	stmt_int(st, 2, after_year);
	stmt_int(st, 3, after_id);
	stmt_int(st, 4, limit);
	return stmt_rows(st, a, sizeof(**out), delegation_row, (void **)out, n);
}

int
db_delegation_get(struct db *db, struct arena *a, int64_t id, struct db_delegation *out)
{
	struct db_stmt		*st = stmt_prepare(db, SQL_GET);
	struct db_delegation	 d;
	int			 rc;

	if (st == NULL)
		return DB_ERR;
	stmt_int(st, 1, id);
	if ((rc = stmt_one(st, a, delegation_row, &d)) != DB_OK)
		return rc;
	if ((rc = db_rows_by_id(db, a, SQL_MEMBERS, id, sizeof(*d.members), member_row,
	    (void **)&d.members, &d.nmembers)) != DB_OK)
		return rc;
	*out = d;
	return DB_OK;
}

/* $1..$5 of an insert or update, and the plain columns from $7 on */
static void
bind_delegation(struct db_stmt *st, const struct db_delegation *d, const char *now)
{
	stmt_id(st, 1, d->from_city_id);
	stmt_int(st, 2, d->to_city_id);
	stmt_int(st, 3, d->year);
	stmt_text(st, 4, now);
	stmt_text(st, 5, d->from_city_id > 0 ? NULL : d->from_country);
	db_delegation_columns_bind(st, 7, d);
}

static int
members_write(struct db *db, const struct db_delegation *d, int64_t id)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_MEMBERS_DELETE);
	int		 rc;

	if (st == NULL)
		return DB_ERR;
	stmt_int(st, 1, id);
	if ((rc = stmt_exec(st)) != DB_OK)
		return rc;
	for (size_t i = 0; i < d->nmembers; i++) {
		if ((st = stmt_prepare(db, SQL_MEMBER_INSERT)) == NULL)
			return DB_ERR;
		stmt_int(st, 1, id);
		stmt_int(st, 2, (int64_t)i + 1);
		stmt_text(st, 3, d->members[i].name);
		stmt_text(st, 4, d->members[i].role_ru);
		stmt_text(st, 5, d->members[i].role_en);
		if ((rc = stmt_exec(st)) != DB_OK)
			return rc;
	}
	return DB_OK;
}

int
db_delegation_insert(struct db *db, const struct db_delegation *d, int64_t user_id,
    int64_t *id)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_INSERT);
	char		 now[TEXT_TIME_LEN];
	int		 rc;

	if (st == NULL)
		return DB_ERR;
	text_time(time(NULL), now);
	bind_delegation(st, d, now);
	stmt_id(st, 6, user_id);
	if ((rc = stmt_scalar(st, id)) != DB_OK)
		return rc;
	return members_write(db, d, *id);
}

int
db_delegation_update(struct db *db, const struct db_delegation *d, bool members)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_UPDATE);
	char		 now[TEXT_TIME_LEN];
	int		 rc;

	if (st == NULL)
		return DB_ERR;
	text_time(time(NULL), now);
	bind_delegation(st, d, now);
	stmt_int(st, 6, d->id);
	if ((rc = stmt_exec_one(db, st)) != DB_OK || !members)
		return rc;
	return members_write(db, d, d->id);
}
