/*
 * rows: collecting the rows of a query into an array in the caller's arena,
 * the one loop every list query shares. Backend-neutral: it only uses the
 * statement API of db_internal.h.
 */
#include "db_internal.h"

#include <string.h>

int
stmt_rows(struct db_stmt *st, struct arena *a, size_t size,
    void (*row)(struct db_stmt *, struct arena *, void *), void **out, size_t *n)
{
	unsigned char	*items = NULL;
	size_t		 count = 0, cap = 0;
	int		 rc;

	while ((rc = stmt_step(st)) == DB_ROW) {
		items = arena_grow(a, items, count, &cap, size);
		row(st, a, items + count * size);
		count++;
	}
	stmt_done(st);
	if (rc != DB_DONE)
		return DB_ERR;
	*out = items;
	*n = count;
	return DB_OK;
}

int
stmt_each(struct db_stmt *st, size_t size,
    void (*row)(struct db_stmt *, struct arena *, void *), int (*fn)(void *, void *), void *ctx)
{
	struct arena	 a = ARENA_INIT;
	int		 rc, stop = 0;

	while (stop == 0 && (rc = stmt_step(st)) == DB_ROW) {
		void	*item = arena_alloc(&a, size);

		row(st, &a, item);
		stop = fn(item, ctx);
		arena_release(&a);
	}
	stmt_done(st);
	return stop != 0 || rc == DB_DONE ? DB_OK : DB_ERR;
}

void
stmt_id(struct db_stmt *st, int n, int64_t v)
{
	if (v > 0)
		stmt_int(st, n, v);
	else
		stmt_text(st, n, NULL);
}

int
db_exec_id_text(struct db *db, const char *sql, int64_t id, const char *text)
{
	struct db_stmt	*st = stmt_prepare(db, sql);

	if (st == NULL)
		return DB_ERR;
	stmt_int(st, 1, id);
	stmt_text(st, 2, text);
	return stmt_exec(st);
}

int
stmt_exec_one(struct db *db, struct db_stmt *st)
{
	int	rc = stmt_exec(st);

	if (rc == DB_OK && db_changes(db) == 0)
		return DB_NOTFOUND;
	return rc;
}

int
stmt_one(struct db_stmt *st, struct arena *a,
    void (*row)(struct db_stmt *, struct arena *, void *), void *out)
{
	int	rc = stmt_step(st);

	if (rc == DB_ROW)
		row(st, a, out);
	stmt_done(st);
	return rc == DB_ROW ? DB_OK : rc == DB_DONE ? DB_NOTFOUND : DB_ERR;
}

int
db_rows_by_id(struct db *db, struct arena *a, const char *sql, int64_t id, size_t size,
    void (*row)(struct db_stmt *, struct arena *, void *), void **out, size_t *n)
{
	struct db_stmt	*st = stmt_prepare(db, sql);

	if (st == NULL)
		return DB_ERR;
	stmt_int(st, 1, id);
	return stmt_rows(st, a, size, row, out, n);
}

void
stmt_amount(struct db_stmt *st, int n, double v)
{
	if (v > 0)
		stmt_double(st, n, v);
	else
		stmt_text(st, n, NULL);
}

void
db_city_group(struct db_stmt *st, struct arena *a, const char *g, struct db_city *c)
{
	c->id = group_int(st, g, "id");
	c->geonames_id = group_int(st, g, "geonames_id");
	c->name_en = group_text(st, a, g, "name_en");
	c->name_ru = group_text(st, a, g, "name_ru");
	c->country_code = group_text(st, a, g, "country_code");
	c->country_name_en = group_text(st, a, g, "country_name_en");
	c->country_name_ru = group_text(st, a, g, "country_name_ru");
	c->admin1 = group_text(st, a, g, "admin1");
	c->latitude = group_double(st, g, "latitude");
	c->longitude = group_double(st, g, "longitude");
	c->timezone = group_text(st, a, g, "timezone");
	c->population = group_int(st, g, "population");
}

void
db_city_ref_group(struct db_stmt *st, struct arena *a, const char *g, int64_t id,
    struct db_city *c)
{
	memset(c, 0, sizeof(*c));
	c->id = id;
	c->name_en = group_text(st, a, g, "name_en");
	c->name_ru = group_text(st, a, g, "name_ru");
	c->country_code = group_text(st, a, g, "country_code");
}
