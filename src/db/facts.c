/*
 * facts: what the sources state that has no other place (issue 15) —
 * quotes on a meeting's or an event's page, figures a city states about
 * itself, and the countries or regions said to study a city's practice.
 * Written by `pobratim demo`; read by the pages they belong to.
 */
#include "db_internal.h"

/* --- quotes --- */

/* $1 the meeting, $2 the event; then the plain columns (contract: Quote) */
static const char *const SQL_QUOTE_INSERT =
	"INSERT INTO quotes (meeting_id, event_id, position, " DB_QUOTE_NAMES("") ")"
	" VALUES ($1, $2, (SELECT COALESCE(MAX(position), 0) + 1 FROM quotes"
	" WHERE meeting_id = $1 OR event_id = $2), " DB_QUOTE_VALUES_FROM_3 ") RETURNING id";

static const char *const SQL_QUOTE_LIST =
	"SELECT id AS id, meeting_id AS meeting_id, event_id AS event_id, " DB_QUOTE_SELECT("")
	" FROM quotes"
	" WHERE ($1 <> 0 AND meeting_id = $1) OR ($2 <> 0 AND event_id = $2)"
	" ORDER BY position, id";

static void
quote_row(struct db_stmt *st, struct arena *a, void *item)
{
	struct db_quote	*q = item;

	q->id = row_int(st, "id");
	q->meeting_id = row_int(st, "meeting_id");
	q->event_id = row_int(st, "event_id");
	db_quote_columns_read(st, a, q);
}

int
db_quote_insert(struct db *db, const struct db_quote *q, int64_t *id)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_QUOTE_INSERT);

	if (st == NULL)
		return DB_ERR;
	stmt_id(st, 1, q->meeting_id);
	stmt_id(st, 2, q->event_id);
	db_quote_columns_bind(st, 3, q);
	return stmt_scalar(st, id);
}

int
db_quote_list(struct db *db, struct arena *a, int64_t meeting_id, int64_t event_id,
    struct db_quote **out, size_t *n)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_QUOTE_LIST);

	if (st == NULL)
		return DB_ERR;
	stmt_int(st, 1, meeting_id);
	stmt_int(st, 2, event_id);
	return stmt_rows(st, a, sizeof(**out), quote_row, (void **)out, n);
}

/* --- figures a city states --- */

/* $1 the city; then the plain columns (contract: CityFigure) */
static const char *const SQL_FIGURE_INSERT =
	"INSERT INTO city_figures (city_id, " DB_CITY_FIGURE_NAMES("") ")"
	" VALUES ($1, " DB_CITY_FIGURE_VALUES_FROM_2 ") RETURNING id";

/* the latest statement of each indicator */
static const char *const SQL_FIGURE_LIST =
	"SELECT f.id AS id, f.city_id AS city_id, " DB_CITY_FIGURE_SELECT("f.")
	" FROM city_figures f"
	" WHERE f.city_id = $1 AND NOT EXISTS (SELECT 1 FROM city_figures g WHERE"
	" g.city_id = f.city_id AND g.indicator = f.indicator AND (g.as_of > f.as_of OR"
	" (g.as_of = f.as_of AND g.id > f.id))) ORDER BY f.indicator";

static void
figure_row(struct db_stmt *st, struct arena *a, void *item)
{
	struct db_city_figure	*f = item;

	f->id = row_int(st, "id");
	f->city_id = row_int(st, "city_id");
	db_city_figure_columns_read(st, a, f);
}

int
db_city_figure_insert(struct db *db, const struct db_city_figure *f, int64_t *id)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_FIGURE_INSERT);

	if (st == NULL)
		return DB_ERR;
	stmt_int(st, 1, f->city_id);
	db_city_figure_columns_bind(st, 2, f);
	return stmt_scalar(st, id);
}

int
db_city_figure_list(struct db *db, struct arena *a, int64_t city_id,
    struct db_city_figure **out, size_t *n)
{
	return db_rows_by_id(db, a, SQL_FIGURE_LIST, city_id, sizeof(**out), figure_row,
	    (void **)out, n);
}

/* --- countries and regions said to study a practice --- */

/* $1 the practice; then the plain columns (contract: PracticeRegion) */
static const char *const SQL_PREGION_INSERT =
	"INSERT INTO practice_regions (practice_id, " DB_PRACTICE_REGION_NAMES("") ")"
	" VALUES ($1, " DB_PRACTICE_REGION_VALUES_FROM_2 ") RETURNING id";

static const char *const SQL_PREGION_LIST =
	"SELECT r.id AS id, r.practice_id AS practice_id, c.name_ru AS country_ru,"
	" c.name_en AS country_en, " DB_PRACTICE_REGION_SELECT("r.") " FROM practice_regions r"
	" LEFT JOIN countries c ON c.code = r.country_code WHERE r.practice_id = $1 ORDER BY r.id";

static void
pregion_row(struct db_stmt *st, struct arena *a, void *item)
{
	struct db_practice_region	*r = item;

	r->id = row_int(st, "id");
	r->practice_id = row_int(st, "practice_id");
	r->country_ru = row_text(st, a, "country_ru");
	r->country_en = row_text(st, a, "country_en");
	db_practice_region_columns_read(st, a, r);
}

int
db_practice_region_insert(struct db *db, const struct db_practice_region *r, int64_t *id)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_PREGION_INSERT);

	if (st == NULL)
		return DB_ERR;
	stmt_int(st, 1, r->practice_id);
	db_practice_region_columns_bind(st, 2, r);
	return stmt_scalar(st, id);
}

int
db_practice_region_list(struct db *db, struct arena *a, int64_t practice_id,
    struct db_practice_region **out, size_t *n)
{
	return db_rows_by_id(db, a, SQL_PREGION_LIST, practice_id, sizeof(**out), pregion_row,
	    (void **)out, n);
}

/* --- the region a source names for a city --- */

/*
 * $1 the city; then the plain columns (contract: CityRegion), which a city
 * already there takes from the same parameters
 */
static const char *const SQL_CREGION_PUT =
	"INSERT INTO city_regions_as_written (city_id, " DB_CITY_REGION_NAMES("") ")"
	" VALUES ($1, " DB_CITY_REGION_VALUES_FROM_2 ") ON CONFLICT (city_id) DO UPDATE SET "
	DB_CITY_REGION_SET_FROM_2;

static const char *const SQL_CREGION_LIST =
	"SELECT city_id AS city_id, " DB_CITY_REGION_SELECT("") " FROM city_regions_as_written"
	" ORDER BY city_id";

static void
cregion_row(struct db_stmt *st, struct arena *a, void *item)
{
	struct db_city_region	*r = item;

	r->city_id = row_int(st, "city_id");
	db_city_region_columns_read(st, a, r);
}

int
db_city_region_put(struct db *db, const struct db_city_region *r)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_CREGION_PUT);

	if (st == NULL)
		return DB_ERR;
	stmt_int(st, 1, r->city_id);
	db_city_region_columns_bind(st, 2, r);
	return stmt_exec(st);
}

int
db_city_region_list(struct db *db, struct arena *a, struct db_city_region **out, size_t *n)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_CREGION_LIST);

	if (st == NULL)
		return DB_ERR;
	return stmt_rows(st, a, sizeof(**out), cregion_row, (void **)out, n);
}
