/*
 * geo: countries and cities (the gazetteer).
 */
#include "db_internal.h"

#include <string.h>

static const char *const SQL_COUNTRY_PUT =
	"INSERT INTO countries (code, code3, numeric_code, name_en, name_ru, continent)"
	" VALUES ($1, $2, $3, $4, $5, $6)"
	" ON CONFLICT (code) DO UPDATE SET code3 = excluded.code3,"
	" numeric_code = excluded.numeric_code, name_en = excluded.name_en,"
	" name_ru = excluded.name_ru, continent = excluded.continent";

static const char *const SQL_COUNTRY_LIST =
	"SELECT code AS code, code3 AS code3, numeric_code AS numeric_code, name_en AS name_en,"
	" name_ru AS name_ru, continent AS continent FROM countries ORDER BY code";

static const char *const SQL_CITY_PUT =
	"INSERT INTO cities (geonames_id, name_en, name_ru, country_code, admin1, latitude,"
	" longitude, timezone, population, search_key)"
	" VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
	" ON CONFLICT (geonames_id) DO UPDATE SET name_en = excluded.name_en,"
	" name_ru = COALESCE(excluded.name_ru, cities.name_ru), country_code = excluded.country_code,"
	" admin1 = excluded.admin1, latitude = excluded.latitude, longitude = excluded.longitude,"
	" timezone = excluded.timezone, population = excluded.population,"
	" search_key = excluded.search_key";

/* a city, its columns named without a prefix (db_city_group(st, a, "", c)) */
#define CITY_ROW	CITY_COLUMNS("c", "co", "")

static const char *const SQL_CITY_GET =
	"SELECT " CITY_ROW " FROM cities c JOIN countries co ON co.code = c.country_code"
	" WHERE c.id = $1";

/* $1..$4: country, keyset (after id, after population), limit */
#define CITY_LIST_TAIL							\
	" ($1 IS NULL OR c.country_code = $1)"				\
	" AND ($2 = 0 OR c.population < $3 OR (c.population = $3 AND c.id > $2))"\
	" ORDER BY c.population DESC, c.id LIMIT $4"

static const char *const SQL_CITY_LIST =
	"SELECT " CITY_ROW " FROM cities c JOIN countries co ON co.code = c.country_code"
	" WHERE" CITY_LIST_TAIL;

/* $5, $6: the words that start with the query (city_words, 0011_city_words.sql) */
static const char *const SQL_CITY_SEARCH =
	"SELECT " CITY_ROW " FROM cities c JOIN countries co ON co.code = c.country_code"
	" WHERE c.id IN (SELECT city_id FROM city_words WHERE word >= $5 AND word < $6) AND"
	CITY_LIST_TAIL;

static const char *const SQL_CITY_WORDS_CLEAR =
	"DELETE FROM city_words WHERE city_id = $1";

static const char *const SQL_CITY_WORD_PUT =
	"INSERT INTO city_words (word, city_id) VALUES ($1, $2)";

static const char *const SQL_CITY_BY_GEONAMES =
	"SELECT id FROM cities WHERE geonames_id = $1";

static const char *const SQL_CITY_NAME_RU =
	"UPDATE cities SET name_ru = $2, search_key = $3 WHERE id = $1";

static const char *const SQL_CITY_NAMES =
	"SELECT name_en AS name_en FROM cities WHERE id = $1";

int
db_country_put(struct db *db, const struct db_country *c)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_COUNTRY_PUT);

	if (st == NULL)
		return DB_ERR;
	stmt_text(st, 1, c->code);
	stmt_text(st, 2, c->code3);
	stmt_text(st, 3, c->numeric);
	stmt_text(st, 4, c->name_en);
	stmt_text(st, 5, c->name_ru);
	stmt_text(st, 6, c->continent);
	return stmt_exec(st);
}

static void
country_item(struct db_stmt *st, struct arena *a, void *item)
{
	struct db_country	*c = item;

	c->code = row_text(st, a, "code");
	c->code3 = row_text(st, a, "code3");
	c->numeric = row_text(st, a, "numeric_code");
	c->name_en = row_text(st, a, "name_en");
	c->name_ru = row_text(st, a, "name_ru");
	c->continent = row_text(st, a, "continent");
}

int
db_country_list(struct db *db, struct arena *a, struct db_country **out, size_t *n)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_COUNTRY_LIST);

	return st == NULL ? DB_ERR : stmt_rows(st, a, sizeof(**out), country_item, (void **)out, n);
}

/* " harbin харбин ": every word of both names can be matched at its start */
static const char *
city_key(struct arena *a, const char *name_en, const char *name_ru)
{
	return fold(a, arena_printf(a, " %s %s ", name_en, name_ru ? name_ru : ""));
}

/*
 * The city's rows of city_words: the rest of its key from the start of each
 * word (after a space, not a space itself: a folded query starts with
 * neither), so that a query matches a city when a row starts with it.
 */
static int
city_words_put(struct db *db, int64_t id, const char *key)
{
	struct db_stmt	*clear = stmt_prepare(db, SQL_CITY_WORDS_CLEAR);
	struct db_stmt	*put = stmt_prepare(db, SQL_CITY_WORD_PUT);

	if (clear == NULL || put == NULL)
		return DB_ERR;
	stmt_int(clear, 1, id);
	if (stmt_exec(clear) != DB_OK)
		return DB_ERR;
	for (size_t i = 1; key[0] != '\0' && key[i] != '\0'; i++) {
		if (key[i - 1] != ' ' || key[i] == ' ')
			continue;
		stmt_text(put, 1, key + i);
		stmt_int(put, 2, id);
		if (stmt_exec(put) != DB_OK)
			return DB_ERR;
	}
	return DB_OK;
}

int
db_city_put(struct db *db, const struct db_city *c)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_CITY_PUT);
	struct arena	 a = ARENA_INIT;
	const char	*key;
	int64_t		 id;
	int		 rc;

	if (st == NULL)
		return DB_ERR;
	stmt_int(st, 1, c->geonames_id);
	stmt_text(st, 2, c->name_en);
	stmt_text(st, 3, c->name_ru && c->name_ru[0] ? c->name_ru : NULL);
	stmt_text(st, 4, c->country_code);
	stmt_text(st, 5, c->admin1 ? c->admin1 : "");
	stmt_double(st, 6, c->latitude);
	stmt_double(st, 7, c->longitude);
	stmt_text(st, 8, c->timezone);
	stmt_int(st, 9, c->population);
	stmt_text(st, 10, key = city_key(&a, c->name_en, c->name_ru));
	rc = stmt_exec(st);
	if (rc == DB_OK && (rc = db_city_id_by_geonames(db, c->geonames_id, &id)) == DB_OK)
		rc = city_words_put(db, id, key);
	arena_release(&a);
	return rc;
}

int
db_city_get(struct db *db, struct arena *a, int64_t id, struct db_city *out)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_CITY_GET);
	int		 rc;

	if (st == NULL)
		return DB_ERR;
	stmt_int(st, 1, id);
	rc = stmt_step(st);
	if (rc == DB_ROW)
		db_city_group(st, a, "", out);
	stmt_done(st);
	return rc == DB_ROW ? DB_OK : rc == DB_DONE ? DB_NOTFOUND : DB_ERR;
}

/* a row of CITY_ROW, for stmt_rows */
static void
city_item(struct db_stmt *st, struct arena *a, void *item)
{
	db_city_group(st, a, "", item);
}

int
db_city_list(struct db *db, struct arena *a, const struct db_city_filter *f,
    struct db_city **out, size_t *n)
{
	bool		 search = f->q != NULL && f->q[0] != '\0';
	struct db_stmt	*st = stmt_prepare(db, search ? SQL_CITY_SEARCH : SQL_CITY_LIST);

	if (st == NULL)
		return DB_ERR;
	stmt_text(st, 1, f->country);
	stmt_int(st, 2, f->after_id);
	stmt_int(st, 3, f->after_population);
	stmt_int(st, 4, f->limit);
	if (search) {
		/* the words from q up to q followed by the last code point */
		stmt_text(st, 5, f->q);
		stmt_text(st, 6, arena_printf(a, "%s\xF4\x8F\xBF\xBF", f->q));
	}
	return stmt_rows(st, a, sizeof(**out), city_item, (void **)out, n);
}

int
db_city_id_by_geonames(struct db *db, int64_t geonames_id, int64_t *id)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_CITY_BY_GEONAMES);

	if (st == NULL)
		return DB_ERR;
	stmt_int(st, 1, geonames_id);
	return stmt_scalar(st, id);
}

int
db_city_set_name_ru(struct db *db, int64_t id, const char *name_ru)
{
	struct db_stmt	*get = stmt_prepare(db, SQL_CITY_NAMES);
	struct db_stmt	*st = stmt_prepare(db, SQL_CITY_NAME_RU);
	struct arena	 a = ARENA_INIT;
	const char	*name_en = NULL, *key;
	int		 rc;

	if (get == NULL || st == NULL)
		return DB_ERR;
	stmt_int(get, 1, id);
	if (stmt_step(get) == DB_ROW)
		name_en = row_text(get, &a, "name_en");
	stmt_done(get);
	if (name_en == NULL) {
		arena_release(&a);
		return DB_NOTFOUND;
	}
	stmt_int(st, 1, id);
	stmt_text(st, 2, name_ru);
	stmt_text(st, 3, key = city_key(&a, name_en, name_ru));
	rc = stmt_exec(st);
	if (rc == DB_OK)
		rc = city_words_put(db, id, key);
	arena_release(&a);
	return rc;
}
