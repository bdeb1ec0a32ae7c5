/*
 * people: the people of organizations, in protocol order (precedence).
 */
#include "db_internal.h"

#include <time.h>

#include "../base/text.h"

#define PERSON_COLUMNS							\
	"p.id, p.name_en, p.name_ru, p.post_en, p.post_ru, p.organization_id, p.city_id,"\
	" p.precedence, p.email, p.phone, o.name_en, o.name_ru, c.name_en, c.name_ru,"	\
	" p.created_at, p.updated_at"
#define PERSON_FROM							\
	" FROM people p LEFT JOIN organizations o ON o.id = p.organization_id"	\
	" LEFT JOIN cities c ON c.id = p.city_id"
/* The city $n and the cities it has a partnership with. */
#define PARTNER_CITIES(n)						\
	"(SELECT $" n " UNION SELECT city_hi FROM partnerships WHERE city_lo = $" n	\
	" UNION SELECT city_lo FROM partnerships WHERE city_hi = $" n ")"

/* An organization's city wins over the one given. */
static const char *const SQL_PERSON_INSERT =
	"INSERT INTO people (name_en, name_ru, post_en, post_ru, organization_id, city_id,"
	" precedence, email, phone, search_key, created_at, updated_at)"
	" VALUES ($1, $2, $3, $4, $5,"
	" COALESCE((SELECT city_id FROM organizations WHERE id = $5), $6),"
	" $7, $8, $9, $10, $11, $11) RETURNING id";

static const char *const SQL_PERSON_UPDATE =
	"UPDATE people SET name_en = $2, name_ru = $3, post_en = $4, post_ru = $5,"
	" organization_id = $6, city_id = COALESCE((SELECT city_id FROM organizations"
	" WHERE id = $6), $7), precedence = $8, email = $9, phone = $10, search_key = $11,"
	" updated_at = $12 WHERE id = $1";

static const char *const SQL_PERSON_DELETE = "DELETE FROM people WHERE id = $1";

static const char *const SQL_PERSON_GET =
	"SELECT " PERSON_COLUMNS PERSON_FROM " WHERE p.id = $1";

static const char *const SQL_PERSON_LIST =
	"SELECT " PERSON_COLUMNS PERSON_FROM
	" WHERE ($1 IS NULL OR p.search_key LIKE $1 ESCAPE '\\')"
	" AND ($2 = 0 OR p.organization_id = $2) AND ($3 = 0 OR p.city_id = $3)"
	" AND ($4 = 0 OR p.city_id IN " PARTNER_CITIES("4") ")"
	" AND (p.precedence > $5 OR (p.precedence = $5 AND p.id > $6))"
	" ORDER BY p.precedence, p.id LIMIT $7";

static const char *const SQL_PERSON_VISIBLE =
	"SELECT COUNT(*) FROM people p WHERE p.id = $1 AND p.city_id IN " PARTNER_CITIES("2");

static void
bind_person(struct db_stmt *st, struct arena *a, int first, const struct db_person *p)
{
	stmt_text(st, first, p->name_en);
	stmt_text(st, first + 1, p->name_ru);
	stmt_text(st, first + 2, p->post_en);
	stmt_text(st, first + 3, p->post_ru);
	stmt_id(st, first + 4, p->org_id);
	stmt_id(st, first + 5, p->city_id);
	stmt_int(st, first + 6, p->precedence);
	stmt_text(st, first + 7, p->email);
	stmt_text(st, first + 8, p->phone);
	stmt_text(st, first + 9, fold(a, arena_printf(a, " %s %s ", p->name_en, p->name_ru)));
}

int
db_person_insert(struct db *db, const struct db_person *p, int64_t *id)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_PERSON_INSERT);
	struct arena	 a = ARENA_INIT;
	char		 now[TEXT_TIME_LEN];
	int		 rc;

	if (st == NULL)
		return DB_ERR;
	text_time(time(NULL), now);
	bind_person(st, &a, 1, p);
	stmt_text(st, 11, now);
	rc = stmt_scalar(st, id);
	arena_release(&a);
	return rc;
}

int
db_person_update(struct db *db, const struct db_person *p)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_PERSON_UPDATE);
	struct arena	 a = ARENA_INIT;
	char		 now[TEXT_TIME_LEN];
	int		 rc;

	if (st == NULL)
		return DB_ERR;
	text_time(time(NULL), now);
	stmt_int(st, 1, p->id);
	bind_person(st, &a, 2, p);
	stmt_text(st, 12, now);
	rc = stmt_exec_one(db, st);
	arena_release(&a);
	return rc;
}

int
db_person_delete(struct db *db, int64_t id)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_PERSON_DELETE);
	int		 rc;

	if (st == NULL)
		return DB_ERR;
	stmt_int(st, 1, id);
	rc = stmt_exec_one(db, st);
	return rc;
}

static void
person_item(struct db_stmt *st, struct arena *a, void *item)
{
	struct db_person	*p = item;

	p->id = col_int(st, 0);
	p->name_en = col_text(st, a, 1);
	p->name_ru = col_text(st, a, 2);
	p->post_en = col_text(st, a, 3);
	p->post_ru = col_text(st, a, 4);
	p->org_id = col_int(st, 5);
	p->city_id = col_int(st, 6);
	p->precedence = col_int(st, 7);
	p->email = col_text(st, a, 8);
	p->phone = col_text(st, a, 9);
	p->org_name_en = col_text(st, a, 10);
	p->org_name_ru = col_text(st, a, 11);
	p->city_name_en = col_text(st, a, 12);
	p->city_name_ru = col_text(st, a, 13);
	p->created_at = col_text(st, a, 14);
	p->updated_at = col_text(st, a, 15);
}

int
db_person_get(struct db *db, struct arena *a, int64_t id, struct db_person *out)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_PERSON_GET);

	if (st == NULL)
		return DB_ERR;
	stmt_int(st, 1, id);
	return stmt_one(st, a, person_item, out);
}

int
db_person_list(struct db *db, struct arena *a, const struct db_person_filter *f,
    int64_t after_precedence, struct db_person **out, size_t *n)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_PERSON_LIST);

	if (st == NULL)
		return DB_ERR;
	stmt_text(st, 1, db_like_word(a, f->q));
	stmt_int(st, 2, f->org_id);
	stmt_int(st, 3, f->city_id);
	stmt_int(st, 4, f->visible_city);
	stmt_int(st, 5, after_precedence);
	stmt_int(st, 6, f->after_id);
	stmt_int(st, 7, f->limit);
	return stmt_rows(st, a, sizeof(**out), person_item, (void **)out, n);
}

int
db_person_visible(struct db *db, int64_t id, int64_t city_id, bool *out)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_PERSON_VISIBLE);
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
