/*
 * shipments: aid shipments with their items, the distribution of each
 * shipment to recipients line by line, and the totals by donor and year
 * (computed here in SQL, never stored). Whether a distribution exceeds what
 * arrived is the caller's check, made inside the same transaction.
 */
#include "db_internal.h"

#include <string.h>
#include <time.h>

#include "../base/text.h"

#define S_COLUMNS							\
	"s.id AS id, " DB_SHIPMENT_SELECT("s.") ", s.donor_name_ru AS donor_name_ru,"	\
	" s.donor_name_en AS donor_name_en, s.donor_city_id AS donor_city_id,"	\
	" s.recipient_city_id AS recipient_city_id, s.year AS year,"		\
	" s.created_by AS created_by, s.created_at AS created_at, s.updated_at AS updated_at,"\
	" o.name_ru AS donor_org_ru, o.name_en AS donor_org_en, "		\
	CITY_SHOWN_COLUMNS("d", "donor_city_") ", " CITY_SHOWN_COLUMNS("r", "recipient_city_")

#define S_FROM								\
	" FROM shipments s LEFT JOIN organizations o ON o.id = s.donor_org_id"	\
	" LEFT JOIN cities d ON d.id = s.donor_city_id"			\
	" JOIN cities r ON r.id = s.recipient_city_id"

#define S_CITY	"($1 = 0 OR s.recipient_city_id = $1 OR s.donor_city_id = $1)"

static const char *const SQL_LIST =
	"SELECT " S_COLUMNS S_FROM " WHERE " S_CITY
	" AND ($3 = 0 OR s.year < $2 OR (s.year = $2 AND s.id < $3))"
	" ORDER BY s.year DESC, s.id DESC LIMIT $4";

static const char *const SQL_GET = "SELECT " S_COLUMNS S_FROM " WHERE s.id = $1";

/* $1..$6: bind_shipment; $7 the user; then the plain columns */
static const char *const SQL_INSERT =
	"INSERT INTO shipments (donor_name_ru, donor_name_en, donor_city_id, recipient_city_id,"
	" year, created_at, updated_at, created_by, " DB_SHIPMENT_NAMES("") ")"
	" VALUES ($1, $2, $3, $4, $5, $6, $6, $7, " DB_SHIPMENT_VALUES_FROM_8 ") RETURNING id";

/* $1..$6: bind_shipment; $7 the id; then the plain columns */
static const char *const SQL_UPDATE =
	"UPDATE shipments SET donor_name_ru = $1, donor_name_en = $2, donor_city_id = $3,"
	" recipient_city_id = $4, year = $5, updated_at = $6, " DB_SHIPMENT_SET_FROM_8
	" WHERE id = $7";

static const char *const SQL_ITEMS =
	"SELECT i.id AS id, i.shipment_id AS shipment_id, " DB_SHIPMENT_ITEM_SELECT("i.") ","
	" COALESCE(SUM(l.quantity), 0) AS distributed, COUNT(l.item_id) AS nlines"
	" FROM shipment_items i LEFT JOIN shipment_distribution_lines l ON l.item_id = i.id"
	" WHERE i.shipment_id = $1"
	" GROUP BY i.id, i.shipment_id, " DB_SHIPMENT_ITEM_NAMES("i.") ", i.position"
	" ORDER BY i.position, i.id";

static const char *const SQL_ITEMS_DELETE = "DELETE FROM shipment_items WHERE shipment_id = $1";

/* $1 the shipment, $2 the position; then the plain columns */
static const char *const SQL_ITEM_INSERT =
	"INSERT INTO shipment_items (shipment_id, position, " DB_SHIPMENT_ITEM_NAMES("") ")"
	" VALUES ($1, $2, " DB_SHIPMENT_ITEM_VALUES_FROM_3 ")";

#define D_COLUMNS							\
	"x.id AS id, x.shipment_id AS shipment_id, " DB_DISTRIBUTION_SELECT("x.") ","	\
	" x.recipient_name_ru AS recipient_name_ru, x.recipient_name_en AS recipient_name_en,"\
	" x.created_by AS created_by, x.created_at AS created_at,"		\
	" o.name_ru AS recipient_org_ru, o.name_en AS recipient_org_en"

static const char *const SQL_DISTS =
	"SELECT " D_COLUMNS " FROM shipment_distributions x"
	" LEFT JOIN organizations o ON o.id = x.recipient_org_id"
	" WHERE x.shipment_id = $1 ORDER BY x.distributed_on IS NULL, x.distributed_on, x.id";

static const char *const SQL_LINES =
	"SELECT l.distribution_id AS distribution_id, l.item_id AS item_id,"
	" l.quantity AS quantity FROM shipment_distribution_lines l"
	" JOIN shipment_distributions x ON x.id = l.distribution_id"
	" JOIN shipment_items i ON i.id = l.item_id"
	" WHERE x.shipment_id = $1 ORDER BY l.distribution_id, i.position";

/* $1 the shipment, $2..$3 the recipient's names, $4 the user, $5 now; then the plain columns */
static const char *const SQL_DIST_INSERT =
	"INSERT INTO shipment_distributions (shipment_id, recipient_name_ru, recipient_name_en,"
	" created_by, created_at, " DB_DISTRIBUTION_NAMES("") ")"
	" VALUES ($1, $2, $3, $4, $5, " DB_DISTRIBUTION_VALUES_FROM_6 ") RETURNING id";

static const char *const SQL_LINE_INSERT =
	"INSERT INTO shipment_distribution_lines (distribution_id, item_id, quantity)"
	" VALUES ($1, $2, $3)";

static const char *const SQL_DIST_DELETE =
	"DELETE FROM shipment_distributions WHERE id = $1 AND shipment_id = $2";

/*
 * The weight of a year's shipments of one donor (its organization, else its
 * English name); the cancelled ones are left out.
 */
static const char *const SQL_TOTALS =
	"SELECT s.year AS year, COALESCE(s.donor_org_id, 0) AS donor_org_id,"
	" MIN(COALESCE(o.name_ru, s.donor_name_ru, s.donor_name_en)) AS donor_ru,"
	" COALESCE(o.name_en, s.donor_name_en) AS donor_en, COUNT(*) AS shipments,"
	" COALESCE(SUM(s.weight_kg), 0) AS weight_kg,"
	" SUM(CASE WHEN s.weight_kg IS NULL THEN 1 ELSE 0 END) AS unweighed,"
	" MAX(CASE WHEN s.weight_qualifier = 'more_than' THEN 1 ELSE 0 END) AS at_least"
	" FROM shipments s LEFT JOIN organizations o ON o.id = s.donor_org_id"
	" WHERE s.status <> 'cancelled' AND " S_CITY
	" GROUP BY s.year, COALESCE(s.donor_org_id, 0), COALESCE(o.name_en, s.donor_name_en)"
	" ORDER BY s.year DESC, 4";

static void
shipment_row(struct db_stmt *st, struct arena *a, void *item)
{
	struct db_shipment	*s = item;

	memset(s, 0, sizeof(*s));
	s->id = row_int(st, "id");
	db_shipment_columns_read(st, a, s);
	s->donor_name_ru = row_text(st, a, "donor_name_ru");
	s->donor_name_en = row_text(st, a, "donor_name_en");
	s->donor_city_id = row_int(st, "donor_city_id");
	s->recipient_city_id = row_int(st, "recipient_city_id");
	s->year = row_int(st, "year");
	s->created_by = row_int(st, "created_by");
	s->created_at = row_text(st, a, "created_at");
	s->updated_at = row_text(st, a, "updated_at");
	s->donor_org_ru = row_text(st, a, "donor_org_ru");
	s->donor_org_en = row_text(st, a, "donor_org_en");
	db_city_ref_group(st, a, "donor_city_", s->donor_city_id, &s->donor_city);
	db_city_ref_group(st, a, "recipient_city_", s->recipient_city_id, &s->recipient_city);
}

static void
item_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct db_shipment_item	*it = out;

	it->id = row_int(st, "id");
	it->shipment_id = row_int(st, "shipment_id");
	db_shipment_item_columns_read(st, a, it);
	it->distributed = row_double(st, "distributed");
	it->nlines = row_int(st, "nlines");
}

int
db_shipment_list(struct db *db, struct arena *a, int64_t city_id, int64_t after_year,
    int64_t after_id, int limit, struct db_shipment **out, size_t *n)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_LIST);

	if (st == NULL)
		return DB_ERR;
	stmt_int(st, 1, city_id);
	stmt_int(st, 2, after_year);
	stmt_int(st, 3, after_id);
	stmt_int(st, 4, limit);
	return stmt_rows(st, a, sizeof(**out), shipment_row, (void **)out, n);
}

int
db_shipment_get(struct db *db, struct arena *a, int64_t id, struct db_shipment *out)
{
	struct db_stmt		*st = stmt_prepare(db, SQL_GET);
	struct db_shipment	 s;
	int			 rc;

	if (st == NULL)
		return DB_ERR;
	stmt_int(st, 1, id);
	if ((rc = stmt_one(st, a, shipment_row, &s)) != DB_OK)
		return rc;
	if ((rc = db_rows_by_id(db, a, SQL_ITEMS, id, sizeof(*s.items), item_row,
	    (void **)&s.items, &s.nitems)) != DB_OK)
		return rc;
	*out = s;
	return DB_OK;
}

/* $1..$6 of an insert or update, and the plain columns from $8 */
static void
bind_shipment(struct db_stmt *st, const struct db_shipment *s, const char *now)
{
	stmt_text(st, 1, s->donor_name_ru);
	stmt_text(st, 2, s->donor_name_en);
	stmt_id(st, 3, s->donor_city_id);
	stmt_int(st, 4, s->recipient_city_id);
	stmt_int(st, 5, s->year);
	stmt_text(st, 6, now);
	db_shipment_columns_bind(st, 8, s);
}

static int
items_write(struct db *db, const struct db_shipment *s, int64_t id)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_ITEMS_DELETE);
	int		 rc;

	if (st == NULL)
		return DB_ERR;
	stmt_int(st, 1, id);
	if ((rc = stmt_exec(st)) != DB_OK)
		return rc;
	for (size_t i = 0; i < s->nitems; i++) {
		if ((st = stmt_prepare(db, SQL_ITEM_INSERT)) == NULL)
			return DB_ERR;
		stmt_int(st, 1, id);
		stmt_int(st, 2, (int64_t)i + 1);
		db_shipment_item_columns_bind(st, 3, &s->items[i]);
		if ((rc = stmt_exec(st)) != DB_OK)
			return rc;
	}
	return DB_OK;
}

int
db_shipment_insert(struct db *db, const struct db_shipment *s, int64_t user_id, int64_t *id)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_INSERT);
	char		 now[TEXT_TIME_LEN];
	int		 rc;

	if (st == NULL)
		return DB_ERR;
	text_time(time(NULL), now);
	bind_shipment(st, s, now);
	stmt_id(st, 7, user_id);
	if ((rc = stmt_scalar(st, id)) != DB_OK)
		return rc;
	return items_write(db, s, *id);
}

int
db_shipment_update(struct db *db, const struct db_shipment *s, bool items)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_UPDATE);
	char		 now[TEXT_TIME_LEN];
	int		 rc;

	if (st == NULL)
		return DB_ERR;
	text_time(time(NULL), now);
	bind_shipment(st, s, now);
	stmt_int(st, 7, s->id);
	if ((rc = stmt_exec_one(db, st)) != DB_OK || !items)
		return rc;
	return items_write(db, s, s->id);
}

static void
dist_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct db_distribution	*d = out;

	memset(d, 0, sizeof(*d));
	d->id = row_int(st, "id");
	d->shipment_id = row_int(st, "shipment_id");
	db_distribution_columns_read(st, a, d);
	d->recipient_name_ru = row_text(st, a, "recipient_name_ru");
	d->recipient_name_en = row_text(st, a, "recipient_name_en");
	d->created_by = row_int(st, "created_by");
	d->created_at = row_text(st, a, "created_at");
	d->recipient_org_ru = row_text(st, a, "recipient_org_ru");
	d->recipient_org_en = row_text(st, a, "recipient_org_en");
}

struct line_row {
	int64_t				 distribution_id;
	struct db_distribution_line	 line;
};

static void
line_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct line_row	*l = out;

	(void)a;
	l->distribution_id = row_int(st, "distribution_id");
	l->line.item_id = row_int(st, "item_id");
	l->line.quantity = row_double(st, "quantity");
}

int
db_shipment_distributions(struct db *db, struct arena *a, int64_t shipment_id,
    struct db_distribution **out, size_t *n)
{
	struct line_row	*lines;
	size_t		 nlines, k = 0;
	int		 rc;

	if ((rc = db_rows_by_id(db, a, SQL_DISTS, shipment_id, sizeof(**out), dist_row,
	    (void **)out, n)) != DB_OK ||
	    (rc = db_rows_by_id(db, a, SQL_LINES, shipment_id, sizeof(*lines), line_row,
	    (void **)&lines, &nlines)) != DB_OK)
		return rc;
	/* both lists are by distribution id: hand each its run of lines */
	for (size_t i = 0; i < *n; i++) {
		struct db_distribution	*d = &(*out)[i];

		d->lines = arena_alloc(a, sizeof(*d->lines) * (nlines + 1));
		for (size_t j = 0; j < nlines; j++)
			if (lines[j].distribution_id == d->id)
				d->lines[d->nlines++] = lines[j].line;
		k += d->nlines;
	}
	return k == nlines ? DB_OK : DB_ERR;
}

int
db_distribution_insert(struct db *db, const struct db_distribution *d, int64_t user_id,
    int64_t *id)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_DIST_INSERT);
	char		 now[TEXT_TIME_LEN];
	int		 rc;

	if (st == NULL)
		return DB_ERR;
	text_time(time(NULL), now);
	stmt_int(st, 1, d->shipment_id);
	stmt_text(st, 2, d->recipient_name_ru);
	stmt_text(st, 3, d->recipient_name_en);
	stmt_id(st, 4, user_id);
	stmt_text(st, 5, now);
	db_distribution_columns_bind(st, 6, d);
	if ((rc = stmt_scalar(st, id)) != DB_OK)
		return rc;
	for (size_t i = 0; i < d->nlines; i++) {
		if ((st = stmt_prepare(db, SQL_LINE_INSERT)) == NULL)
			return DB_ERR;
		stmt_int(st, 1, *id);
		stmt_int(st, 2, d->lines[i].item_id);
		stmt_amount(st, 3, d->lines[i].quantity);
		if ((rc = stmt_exec(st)) != DB_OK)
			return rc;
	}
	return DB_OK;
}

int
db_distribution_delete(struct db *db, int64_t shipment_id, int64_t id)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_DIST_DELETE);

	if (st == NULL)
		return DB_ERR;
	stmt_int(st, 1, id);
	stmt_int(st, 2, shipment_id);
	return stmt_exec_one(db, st);
}

static void
total_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct db_shipment_total	*t = out;

	t->year = row_int(st, "year");
	t->donor_org_id = row_int(st, "donor_org_id");
	t->donor_ru = row_text(st, a, "donor_ru");
	t->donor_en = row_text(st, a, "donor_en");
	t->shipments = row_int(st, "shipments");
	t->weight_kg = row_double(st, "weight_kg");
	t->unweighed = row_int(st, "unweighed");
	t->at_least = row_int(st, "at_least") != 0;
}

int
db_shipment_totals(struct db *db, struct arena *a, int64_t city_id,
    struct db_shipment_total **out, size_t *n)
{
	return db_rows_by_id(db, a, SQL_TOTALS, city_id, sizeof(**out), total_row, (void **)out, n);
}
