/*
 * facts: what the sources state that has no other place (issue 15) —
 * quotes on a meeting's or an event's page, figures a city states about
 * itself, and the countries or regions said to study a city's practice.
 * Written by `pobratim demo`; read by the pages they belong to.
 */
#include "db_internal.h"

/* --- quotes --- */

static const char *const SQL_QUOTE_INSERT =
	"INSERT INTO quotes (meeting_id, event_id, position, speaker_ru, speaker_en, post_ru,"
	" post_en, text_ru, text_en, said_on, source_url) VALUES ($1, $2, (SELECT"
	" COALESCE(MAX(position), 0) + 1 FROM quotes WHERE meeting_id = $1 OR event_id = $2),"
	" $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id";

static const char *const SQL_QUOTE_LIST =
	"SELECT id, meeting_id, event_id, speaker_ru, speaker_en, post_ru, post_en, text_ru,"
	" text_en, said_on, source_url FROM quotes"
	" WHERE ($1 <> 0 AND meeting_id = $1) OR ($2 <> 0 AND event_id = $2)"
	" ORDER BY position, id";

static void
quote_row(struct db_stmt *st, struct arena *a, void *item)
{
	struct db_quote	*q = item;

	q->id = col_int(st, 0);
	q->meeting_id = col_int(st, 1);
	q->event_id = col_int(st, 2);
	q->speaker_ru = col_text(st, a, 3);
	q->speaker_en = col_text(st, a, 4);
	q->post_ru = col_text(st, a, 5);
	q->post_en = col_text(st, a, 6);
	q->text_ru = col_text(st, a, 7);
	q->text_en = col_text(st, a, 8);
	q->said_on = col_text(st, a, 9);
	q->source_url = col_text(st, a, 10);
}

int
db_quote_insert(struct db *db, const struct db_quote *q, int64_t *id)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_QUOTE_INSERT);

	if (st == NULL)
		return DB_ERR;
	stmt_id(st, 1, q->meeting_id);
	stmt_id(st, 2, q->event_id);
	stmt_text(st, 3, q->speaker_ru);
	stmt_text(st, 4, q->speaker_en);
	stmt_text(st, 5, q->post_ru);
	stmt_text(st, 6, q->post_en);
	stmt_text(st, 7, q->text_ru);
	stmt_text(st, 8, q->text_en);
	stmt_text(st, 9, q->said_on);
	stmt_text(st, 10, q->source_url);
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

static const char *const SQL_FIGURE_INSERT =
	"INSERT INTO city_figures (city_id, indicator, value, as_of, label_ru, label_en,"
	" stated_by_ru, stated_by_en, quote_ru, quote_en, source_url)"
	" VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id";

/* the latest statement of each indicator */
static const char *const SQL_FIGURE_LIST =
	"SELECT f.id, f.city_id, f.indicator, f.value, f.as_of, f.label_ru, f.label_en,"
	" f.stated_by_ru, f.stated_by_en, f.quote_ru, f.quote_en, f.source_url FROM city_figures f"
	" WHERE f.city_id = $1 AND NOT EXISTS (SELECT 1 FROM city_figures g WHERE"
	" g.city_id = f.city_id AND g.indicator = f.indicator AND (g.as_of > f.as_of OR"
	" (g.as_of = f.as_of AND g.id > f.id))) ORDER BY f.indicator";

static void
figure_row(struct db_stmt *st, struct arena *a, void *item)
{
	struct db_city_figure	*f = item;

	f->id = col_int(st, 0);
	f->city_id = col_int(st, 1);
	f->indicator = col_text(st, a, 2);
	f->value = col_int(st, 3);
	f->as_of = col_text(st, a, 4);
	f->label_ru = col_text(st, a, 5);
	f->label_en = col_text(st, a, 6);
	f->stated_by_ru = col_text(st, a, 7);
	f->stated_by_en = col_text(st, a, 8);
	f->quote_ru = col_text(st, a, 9);
	f->quote_en = col_text(st, a, 10);
	f->source_url = col_text(st, a, 11);
}

int
db_city_figure_insert(struct db *db, const struct db_city_figure *f, int64_t *id)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_FIGURE_INSERT);

	if (st == NULL)
		return DB_ERR;
	stmt_int(st, 1, f->city_id);
	stmt_text(st, 2, f->indicator);
	stmt_int(st, 3, f->value);
	stmt_text(st, 4, f->as_of);
	stmt_text(st, 5, f->label_ru);
	stmt_text(st, 6, f->label_en);
	stmt_text(st, 7, f->stated_by_ru);
	stmt_text(st, 8, f->stated_by_en);
	stmt_text(st, 9, f->quote_ru);
	stmt_text(st, 10, f->quote_en);
	stmt_text(st, 11, f->source_url);
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

static const char *const SQL_PREGION_INSERT =
	"INSERT INTO practice_regions (practice_id, country_code, region_ru, region_en, stated_on,"
	" source_url, note_ru, note_en) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id";

static const char *const SQL_PREGION_LIST =
	"SELECT r.id, r.practice_id, r.country_code, c.name_ru, c.name_en, r.region_ru,"
	" r.region_en, r.stated_on, r.source_url, r.note_ru, r.note_en FROM practice_regions r"
	" LEFT JOIN countries c ON c.code = r.country_code WHERE r.practice_id = $1 ORDER BY r.id";

static void
pregion_row(struct db_stmt *st, struct arena *a, void *item)
{
	struct db_practice_region	*r = item;

	r->id = col_int(st, 0);
	r->practice_id = col_int(st, 1);
	r->country_code = col_text(st, a, 2);
	r->country_ru = col_text(st, a, 3);
	r->country_en = col_text(st, a, 4);
	r->region_ru = col_text(st, a, 5);
	r->region_en = col_text(st, a, 6);
	r->stated_on = col_text(st, a, 7);
	r->source_url = col_text(st, a, 8);
	r->note_ru = col_text(st, a, 9);
	r->note_en = col_text(st, a, 10);
}

int
db_practice_region_insert(struct db *db, const struct db_practice_region *r, int64_t *id)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_PREGION_INSERT);

	if (st == NULL)
		return DB_ERR;
	stmt_int(st, 1, r->practice_id);
	stmt_text(st, 2, r->country_code);
	stmt_text(st, 3, r->region_ru);
	stmt_text(st, 4, r->region_en);
	stmt_text(st, 5, r->stated_on);
	stmt_text(st, 6, r->source_url);
	stmt_text(st, 7, r->note_ru);
	stmt_text(st, 8, r->note_en);
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

static const char *const SQL_CREGION_PUT =
	"INSERT INTO city_regions_as_written (city_id, region_ru, region_en, source_url)"
	" VALUES ($1, $2, $3, $4) ON CONFLICT (city_id) DO UPDATE SET region_ru = excluded.region_ru,"
	" region_en = excluded.region_en, source_url = excluded.source_url";

static const char *const SQL_CREGION_LIST =
	"SELECT city_id, region_ru, region_en, source_url FROM city_regions_as_written"
	" ORDER BY city_id";

static void
cregion_row(struct db_stmt *st, struct arena *a, void *item)
{
	struct db_city_region	*r = item;

	r->city_id = col_int(st, 0);
	r->region_ru = col_text(st, a, 1);
	r->region_en = col_text(st, a, 2);
	r->source_url = col_text(st, a, 3);
}

int
db_city_region_put(struct db *db, const struct db_city_region *r)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_CREGION_PUT);

	if (st == NULL)
		return DB_ERR;
	stmt_int(st, 1, r->city_id);
	stmt_text(st, 2, r->region_ru);
	stmt_text(st, 3, r->region_en);
	stmt_text(st, 4, r->source_url);
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
