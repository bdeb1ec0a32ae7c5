/*
 * agreements: agreements and documents, their parties (cities,
 * organizations or countries, in order) and the stored signed file.
 */
#include "db_internal.h"

#include <time.h>

#include "../base/text.h"

#define G_COLUMNS							\
	"g.id AS id, " DB_AGREEMENT_SELECT("g.") ", g.file_sha256 AS file_sha256,"	\
	" g.file_type AS file_type, g.file_size AS file_size, g.created_at AS created_at,"	\
	" g.updated_at AS updated_at"

/*
 * The agreement g touches city $n: a party is the city, an organization of
 * it or its country, or the agreement is the basis of one of its partnerships.
 */
#define TOUCHES(n)							\
	"(EXISTS (SELECT 1 FROM agreement_parties ap"			\
	" LEFT JOIN organizations po ON po.id = ap.organization_id"	\
	" WHERE ap.agreement_id = g.id AND (ap.city_id = $" n " OR po.city_id = $" n	\
	" OR ap.country_code = (SELECT country_code FROM cities WHERE id = $" n ")))"	\
	" OR EXISTS (SELECT 1 FROM partnerships bp WHERE bp.agreement_id = g.id"	\
	" AND (bp.city_lo = $" n " OR bp.city_hi = $" n ")))"

/* $1 the search key, $2 the time; then the plain columns */
static const char *const SQL_G_INSERT =
	"INSERT INTO agreements (search_key, created_at, updated_at, " DB_AGREEMENT_NAMES("") ")"
	" VALUES ($1, $2, $2, " DB_AGREEMENT_VALUES_FROM_3 ") RETURNING id";

/* $1 the id, $2 the search key, $3 the time; then the plain columns */
static const char *const SQL_G_UPDATE =
	"UPDATE agreements SET search_key = $2, updated_at = $3, " DB_AGREEMENT_SET_FROM_4
	" WHERE id = $1";

static const char *const SQL_G_DELETE = "DELETE FROM agreements WHERE id = $1";

static const char *const SQL_G_FILE =
	"UPDATE agreements SET file_sha256 = $2, file_type = $3, file_size = $4, updated_at = $5"
	" WHERE id = $1";

static const char *const SQL_PARTIES_CLEAR =
	"DELETE FROM agreement_parties WHERE agreement_id = $1";

static const char *const SQL_PARTY_ADD =
	"INSERT INTO agreement_parties (agreement_id, position, city_id, organization_id,"
	" country_code) VALUES ($1, $2, $3, $4, $5)";

static const char *const SQL_PARTIES =
	"SELECT ap.city_id AS city_id, ap.organization_id AS organization_id,"
	" ap.country_code AS country_code,"
	" CASE WHEN ap.city_id IS NOT NULL THEN c.name_en WHEN ap.organization_id IS NOT NULL"
	" THEN o.name_en ELSE co.name_en END AS name_en,"
	" CASE WHEN ap.city_id IS NOT NULL THEN COALESCE(c.name_ru, c.name_en)"
	" WHEN ap.organization_id IS NOT NULL THEN o.name_ru ELSE co.name_ru END AS name_ru"
	" FROM agreement_parties ap LEFT JOIN cities c ON c.id = ap.city_id"
	" LEFT JOIN organizations o ON o.id = ap.organization_id"
	" LEFT JOIN countries co ON co.code = ap.country_code"
	" WHERE ap.agreement_id = $1 ORDER BY ap.position";

static const char *const SQL_G_GET = "SELECT " G_COLUMNS " FROM agreements g WHERE g.id = $1";

static const char *const SQL_G_LIST =
	"SELECT " G_COLUMNS " FROM agreements g"
	" WHERE ($1 IS NULL OR g.search_key LIKE $1 ESCAPE '\\') AND ($2 IS NULL OR g.kind = $2)"
	" AND ((($3 = 0 OR " TOUCHES("3") ") AND ($4 = 0 OR " TOUCHES("4") "))"
	" OR g.id IN (SELECT agreement_id FROM partnerships WHERE id = $5))"
	" AND ($6 = 0 OR " TOUCHES("6") ")"
	" AND ($7 IS NULL OR g.valid_to >= $7) AND ($8 IS NULL OR g.valid_to <= $8)"
	" AND g.id > $9 ORDER BY g.id LIMIT $10";

static const char *const SQL_G_TOUCHES =
	"SELECT COUNT(*) FROM agreements g WHERE g.id = $1 AND " TOUCHES("2");

/* The folded titles the list's q searches, as $n. */
static void
bind_search_key(struct db_stmt *st, struct arena *a, int n, const struct db_agreement *g)
{
	stmt_text(st, n, fold(a, arena_printf(a, " %s %s ", g->title_en, g->title_ru)));
}

static int
parties_put(struct db *db, int64_t id, const struct db_agreement *g)
{
	struct db_stmt	*clear = stmt_prepare(db, SQL_PARTIES_CLEAR);
	struct db_stmt	*add = stmt_prepare(db, SQL_PARTY_ADD);
	int		 rc;

	if (clear == NULL || add == NULL)
		return DB_ERR;
	stmt_int(clear, 1, id);
	if ((rc = stmt_exec(clear)) != DB_OK)
		return rc;
	for (size_t i = 0; i < g->nparties; i++) {
		stmt_int(add, 1, id);
		stmt_int(add, 2, (int64_t)i);
		stmt_id(add, 3, g->parties[i].city_id);
		stmt_id(add, 4, g->parties[i].org_id);
		stmt_text(add, 5, g->parties[i].country_code);
		if ((rc = stmt_exec(add)) != DB_OK)
			return rc;
	}
	return DB_OK;
}

int
db_agreement_insert(struct db *db, const struct db_agreement *g, int64_t *id)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_G_INSERT);
	struct arena	 a = ARENA_INIT;
	char		 now[TEXT_TIME_LEN];
	int		 rc;

	if (st == NULL)
		return DB_ERR;
	text_time(time(NULL), now);
	bind_search_key(st, &a, 1, g);
	stmt_text(st, 2, now);
	db_agreement_columns_bind(st, 3, g);
	rc = stmt_scalar(st, id);
	arena_release(&a);
	return rc == DB_OK ? parties_put(db, *id, g) : rc;
}

int
db_agreement_update(struct db *db, const struct db_agreement *g)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_G_UPDATE);
	struct arena	 a = ARENA_INIT;
	char		 now[TEXT_TIME_LEN];
	int		 rc;

	if (st == NULL)
		return DB_ERR;
	text_time(time(NULL), now);
	stmt_int(st, 1, g->id);
	bind_search_key(st, &a, 2, g);
	stmt_text(st, 3, now);
	db_agreement_columns_bind(st, 4, g);
	rc = stmt_exec(st);
	arena_release(&a);
	if (rc == DB_OK && db_changes(db) == 0)
		return DB_NOTFOUND;
	return rc == DB_OK ? parties_put(db, g->id, g) : rc;
}

int
db_agreement_delete(struct db *db, int64_t id)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_G_DELETE);
	int		 rc;

	if (st == NULL)
		return DB_ERR;
	stmt_int(st, 1, id);
	rc = stmt_exec_one(db, st);
	return rc;
}

int
db_agreement_set_file(struct db *db, int64_t id, const char *sha256, const char *type,
    int64_t size)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_G_FILE);
	char		 now[TEXT_TIME_LEN];
	int		 rc;

	if (st == NULL)
		return DB_ERR;
	text_time(time(NULL), now);
	stmt_int(st, 1, id);
	stmt_text(st, 2, sha256);
	stmt_text(st, 3, type);
	stmt_int(st, 4, size);
	stmt_text(st, 5, now);
	rc = stmt_exec_one(db, st);
	return rc;
}

static void
agreement_item(struct db_stmt *st, struct arena *a, void *item)
{
	struct db_agreement	*g = item;

	g->id = row_int(st, "id");
	db_agreement_columns_read(st, a, g);
	g->file_sha256 = row_text(st, a, "file_sha256");
	g->file_type = row_text(st, a, "file_type");
	g->file_size = row_int(st, "file_size");
	g->created_at = row_text(st, a, "created_at");
	g->updated_at = row_text(st, a, "updated_at");
}

static void
party_item(struct db_stmt *st, struct arena *a, void *item)
{
	struct db_party	*p = item;

	p->city_id = row_int(st, "city_id");
	p->org_id = row_int(st, "organization_id");
	p->country_code = row_text(st, a, "country_code");
	p->name_en = row_text(st, a, "name_en");
	p->name_ru = row_text(st, a, "name_ru");
}

int
db_agreement_get(struct db *db, struct arena *a, int64_t id, struct db_agreement *out)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_G_GET);
	struct db_stmt	*ps = stmt_prepare(db, SQL_PARTIES);
	int		 rc;

	if (st == NULL || ps == NULL)
		return DB_ERR;
	stmt_int(st, 1, id);
	rc = stmt_step(st);
	if (rc == DB_ROW)
		agreement_item(st, a, out);
	stmt_done(st);
	if (rc != DB_ROW)
		return rc == DB_DONE ? DB_NOTFOUND : DB_ERR;
	stmt_int(ps, 1, id);
	return stmt_rows(ps, a, sizeof(*out->parties), party_item, (void **)&out->parties,
	    &out->nparties);
}

int
db_agreement_list(struct db *db, struct arena *a, const struct db_agreement_filter *f,
    struct db_agreement **out, size_t *n)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_G_LIST);

	if (st == NULL)
		return DB_ERR;
	stmt_text(st, 1, db_like_word(a, f->q));
	stmt_text(st, 2, f->kind);
	stmt_int(st, 3, f->city_id);
	stmt_int(st, 4, f->city2_id);
	stmt_int(st, 5, f->partnership_id);
	stmt_int(st, 6, f->visible_city);
	stmt_text(st, 7, f->valid_to_from);
	stmt_text(st, 8, f->valid_to_until);
	stmt_int(st, 9, f->after_id);
	stmt_int(st, 10, f->limit);
	return stmt_rows(st, a, sizeof(**out), agreement_item, (void **)out, n);
}

int
db_agreement_touches(struct db *db, int64_t id, int64_t city_id, bool *out)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_G_TOUCHES);
	int64_t		 n = 0;
	int		 rc;

	if (st == NULL)
		return DB_ERR;
	stmt_int(st, 1, id);
	stmt_int(st, 2, city_id);
	rc = stmt_scalar(st, &n);
	*out = n > 0;
	return rc;
}
