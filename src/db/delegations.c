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
	"g.id, g.from_city_id, g.to_city_id, g.specialty_ru, g.specialty_en, g.purpose_ru,"	\
	" g.purpose_en, g.people_count, g.starts_on, g.ends_on, g.year, g.date_note_ru,"	\
	" g.date_note_en, g.status, g.event_id, g.created_by, g.created_at, g.updated_at,"	\
	" f.name_en, COALESCE(f.name_ru, f.name_en), f.country_code,"		\
	" t.name_en, COALESCE(t.name_ru, t.name_en), t.country_code, e.title_ru, e.title_en,"	\
	" g.from_country"

#define G_FROM								\
	" FROM delegations g LEFT JOIN cities f ON f.id = g.from_city_id"	\
	" JOIN cities t ON t.id = g.to_city_id LEFT JOIN events e ON e.id = g.event_id"

static const char *const SQL_LIST =
	"SELECT " G_COLUMNS G_FROM
	" WHERE ($1 = 0 OR g.from_city_id = $1 OR g.to_city_id = $1)"
	" AND ($3 = 0 OR g.year < $2 OR (g.year = $2 AND g.id < $3))"
	" ORDER BY g.year DESC, g.id DESC LIMIT $4";

static const char *const SQL_GET = "SELECT " G_COLUMNS G_FROM " WHERE g.id = $1";

static const char *const SQL_INSERT =
	"INSERT INTO delegations (from_city_id, to_city_id, specialty_ru, specialty_en,"
	" purpose_ru, purpose_en, people_count, starts_on, ends_on, year, date_note_ru,"
	" date_note_en, status, event_id, created_at, updated_at, from_country, created_by)"
	" VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15, $16, $17)"
	" RETURNING id";

static const char *const SQL_UPDATE =
	"UPDATE delegations SET from_city_id = $1, to_city_id = $2, specialty_ru = $3,"
	" specialty_en = $4, purpose_ru = $5, purpose_en = $6, people_count = $7,"
	" starts_on = $8, ends_on = $9, year = $10, date_note_ru = $11, date_note_en = $12,"
	" status = $13, event_id = $14, updated_at = $15, from_country = $16 WHERE id = $17";

static const char *const SQL_MEMBERS =
	"SELECT name, role_ru, role_en FROM delegation_members WHERE delegation_id = $1"
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
	d->id = col_int(st, 0);
	d->from_city_id = col_int(st, 1);
	d->to_city_id = col_int(st, 2);
	d->specialty_ru = col_text(st, a, 3);
	d->specialty_en = col_text(st, a, 4);
	d->purpose_ru = col_text(st, a, 5);
	d->purpose_en = col_text(st, a, 6);
	d->people_count = col_int(st, 7);
	d->starts_on = col_text(st, a, 8);
	d->ends_on = col_text(st, a, 9);
	d->year = col_int(st, 10);
	d->date_note_ru = col_text(st, a, 11);
	d->date_note_en = col_text(st, a, 12);
	d->status = col_text(st, a, 13);
	d->event_id = col_int(st, 14);
	d->created_by = col_int(st, 15);
	d->created_at = col_text(st, a, 16);
	d->updated_at = col_text(st, a, 17);
	db_city_ref_cols(st, a, 18, d->from_city_id, &d->from);
	db_city_ref_cols(st, a, 21, d->to_city_id, &d->to);
	d->event_title_ru = col_text(st, a, 24);
	d->event_title_en = col_text(st, a, 25);
	d->from_country = col_text(st, a, 26);
}

static void
member_row(struct db_stmt *st, struct arena *a, void *item)
{
	struct db_delegation_member	*m = item;

	m->name = col_text(st, a, 0);
	m->role_ru = col_text(st, a, 1);
	m->role_en = col_text(st, a, 2);
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

static void
bind_delegation(struct db_stmt *st, const struct db_delegation *d, const char *now)
{
	stmt_id(st, 1, d->from_city_id);
	stmt_int(st, 2, d->to_city_id);
	stmt_text(st, 3, d->specialty_ru);
	stmt_text(st, 4, d->specialty_en);
	stmt_text(st, 5, d->purpose_ru);
	stmt_text(st, 6, d->purpose_en);
	stmt_id(st, 7, d->people_count);
	stmt_text(st, 8, d->starts_on);
	stmt_text(st, 9, d->ends_on);
	stmt_int(st, 10, d->year);
	stmt_text(st, 11, d->date_note_ru);
	stmt_text(st, 12, d->date_note_en);
	stmt_text(st, 13, d->status);
	stmt_id(st, 14, d->event_id);
	stmt_text(st, 15, now);
	stmt_text(st, 16, d->from_city_id > 0 ? NULL : d->from_country);
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
	stmt_id(st, 17, user_id);
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
	stmt_int(st, 17, d->id);
	if ((rc = stmt_exec_one(db, st)) != DB_OK || !members)
		return rc;
	return members_write(db, d, d->id);
}
