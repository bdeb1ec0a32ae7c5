/*
 * people: the people of organizations, in protocol order (precedence).
 */
#include "db_internal.h"

#include <string.h>
#include <time.h>

#include "../base/text.h"

#define PERSON_COLUMNS							\
	"p.id AS id, " DB_PERSON_SELECT("p.") ", p.organization_id AS organization_id,"\
	" p.city_id AS city_id,"						\
	" o.name_en AS org_name_en, o.name_ru AS org_name_ru, c.name_en AS city_name_en,"\
	" c.name_ru AS city_name_ru, p.created_at AS created_at, p.updated_at AS updated_at"
#define PERSON_FROM							\
	" FROM people p LEFT JOIN organizations o ON o.id = p.organization_id"	\
	" LEFT JOIN cities c ON c.id = p.city_id"
/* The city $n and the cities it has a partnership with. */
#define PARTNER_CITIES(n)						\
	"(SELECT $" n " UNION SELECT city_hi FROM partnerships WHERE city_lo = $" n	\
	" UNION SELECT city_lo FROM partnerships WHERE city_hi = $" n ")"

/*
 * An organization's city wins over the one given. $1..$4: bind_person; $5 the
 * time; then the plain columns.
 */
static const char *const SQL_PERSON_INSERT =
	"INSERT INTO people (organization_id, city_id, search_key, post_key,"
	" created_at, updated_at, " DB_PERSON_NAMES("") ")"
	" VALUES ($1, COALESCE((SELECT city_id FROM organizations WHERE id = $1), $2),"
	" $3, $4, $5, $5, " DB_PERSON_VALUES_FROM_6 ") RETURNING id";

/* $1 the id; $2..$5: bind_person; $6 the time; then the plain columns */
static const char *const SQL_PERSON_UPDATE =
	"UPDATE people SET organization_id = $2, city_id = COALESCE((SELECT city_id"
	" FROM organizations WHERE id = $2), $3), search_key = $4,"
	" post_key = $5, updated_at = $6, " DB_PERSON_SET_FROM_7 " WHERE id = $1";

static const char *const SQL_PERSON_DELETE = "DELETE FROM people WHERE id = $1";

static const char *const SQL_PERSON_GET =
	"SELECT " PERSON_COLUMNS PERSON_FROM " WHERE p.id = $1";

static const char *const SQL_PERSON_LIST =
	"SELECT " PERSON_COLUMNS PERSON_FROM
	" WHERE ($1 IS NULL OR p.search_key LIKE $1 ESCAPE '\\')"
	" AND ($2 = 0 OR p.organization_id = $2) AND ($3 = 0 OR p.city_id = $3)"
	" AND ($4 = 0 OR p.city_id IN " PARTNER_CITIES("4") ")"
	" AND (p.precedence > $5 OR (p.precedence = $5 AND p.id > $6))"
	" AND ($8 IS NULL OR p.post_key LIKE $8 ESCAPE '\\')"
	" ORDER BY p.precedence, p.id LIMIT $7";

static const char *const SQL_PERSON_VISIBLE =
	"SELECT COUNT(*) FROM people p WHERE p.id = $1 AND p.city_id IN " PARTNER_CITIES("2");

/* The four parameters from first: references and the search keys. */
static void
bind_person(struct db_stmt *st, struct arena *a, int first, const struct db_person *p)
{
	stmt_id(st, first, p->org_id);
	stmt_id(st, first + 1, p->city_id);
	stmt_text(st, first + 2, fold(a, arena_printf(a, " %s %s ", p->name_en, p->name_ru)));
	stmt_text(st, first + 3, fold(a, arena_printf(a, " %s %s ", p->post_en ? p->post_en : "",
	    p->post_ru ? p->post_ru : "")));
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
	stmt_text(st, 5, now);
	db_person_columns_bind(st, 6, p);
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
	stmt_text(st, 6, now);
	db_person_columns_bind(st, 7, p);
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

	p->id = row_int(st, "id");
	db_person_columns_read(st, a, p);
	p->org_id = row_int(st, "organization_id");
	p->city_id = row_int(st, "city_id");
	p->org_name_en = row_text(st, a, "org_name_en");
	p->org_name_ru = row_text(st, a, "org_name_ru");
	p->city_name_en = row_text(st, a, "city_name_en");
	p->city_name_ru = row_text(st, a, "city_name_ru");
	p->created_at = row_text(st, a, "created_at");
	p->updated_at = row_text(st, a, "updated_at");
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
	stmt_text(st, 8, db_like_word(a, f->post));
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

/* --- a person's record --- */

static const char *const SQL_PERSON_POSTS =
	"SELECT x.organization_id AS organization_id, x.post_ru AS post_ru, x.post_en AS post_en,"
	" o.name_ru AS org_name_ru, o.name_en AS org_name_en, x.since AS since, x.until AS until"
	" FROM person_posts x LEFT JOIN organizations o ON o.id = x.organization_id"
	" WHERE x.person_id = $1 ORDER BY x.since DESC, x.id DESC";

/* $2, $3: struct db_meeting_scope */
static const char *const SQL_PERSON_MEETINGS =
	"SELECT m.id AS id, m.title_ru AS title_ru, m.title_en AS title_en,"
	" COALESCE(m.starts_at, m.date_from) AS date, m.status AS status, min(pp.role) AS role"
	" FROM meeting_participants pp JOIN meetings m ON m.id = pp.meeting_id"
	" WHERE pp.person_id = $1 AND" MEETING_IN_SCOPE("2", "3")
	" GROUP BY m.id ORDER BY COALESCE(m.starts_at, m.date_from) DESC, m.id DESC LIMIT 200";

/* $2: the caller's city (0: every delegation) */
static const char *const SQL_PERSON_DELEGATIONS =
	"SELECT g.id AS id, g.specialty_ru AS specialty_ru, g.specialty_en AS specialty_en,"
	" COALESCE(f.name_ru, c.name_ru) AS from_ru, COALESCE(f.name_en, c.name_en) AS from_en,"
	" t.name_ru AS to_ru, t.name_en AS to_en,"
	" COALESCE(g.starts_on, CAST(g.year AS TEXT)) AS date, g.status AS status,"
	" min(dm.role_ru) AS role_ru, min(dm.role_en) AS role_en"
	" FROM delegation_members dm JOIN delegations g ON g.id = dm.delegation_id"
	" LEFT JOIN cities f ON f.id = g.from_city_id LEFT JOIN countries c ON c.code = g.from_country"
	" JOIN cities t ON t.id = g.to_city_id"
	" WHERE dm.person_id = $1 AND ($2 = 0 OR $2 IN (g.from_city_id, g.to_city_id))"
	" GROUP BY g.id ORDER BY g.year DESC, g.id DESC LIMIT 200";

static const char *const SQL_PERSON_ACTIONS =
	"SELECT ai.id AS id, ai.meeting_id AS meeting_id, ai.text_ru AS text_ru,"
	" ai.text_en AS text_en, ai.due_date AS due_date, ai.status AS status,"
	" m.title_ru AS meeting_title_ru, m.title_en AS meeting_title_en"
	" FROM action_items ai JOIN meetings m ON m.id = ai.meeting_id"
	" WHERE ai.owner_person_id = $1 AND" MEETING_IN_SCOPE("2", "3")
	" ORDER BY ai.due_date IS NULL, ai.due_date DESC, ai.id DESC LIMIT 200";

static void
post_row(struct db_stmt *st, struct arena *a, void *item)
{
	struct db_person_post	*p = item;

	p->org_id = row_int(st, "organization_id");
	p->post_ru = row_text(st, a, "post_ru");
	p->post_en = row_text(st, a, "post_en");
	p->org_name_ru = row_text(st, a, "org_name_ru");
	p->org_name_en = row_text(st, a, "org_name_en");
	p->since = row_text(st, a, "since");
	p->until = row_text(st, a, "until");
}

static void
meeting_row(struct db_stmt *st, struct arena *a, void *item)
{
	struct db_person_meeting	*m = item;

	m->id = row_int(st, "id");
	m->title_ru = row_text(st, a, "title_ru");
	m->title_en = row_text(st, a, "title_en");
	m->date = row_text(st, a, "date");
	m->status = row_text(st, a, "status");
	m->role = row_text(st, a, "role");
}

static void
delegation_row(struct db_stmt *st, struct arena *a, void *item)
{
	struct db_person_delegation	*d = item;

	d->id = row_int(st, "id");
	d->specialty_ru = row_text(st, a, "specialty_ru");
	d->specialty_en = row_text(st, a, "specialty_en");
	d->from_ru = row_text(st, a, "from_ru");
	d->from_en = row_text(st, a, "from_en");
	d->to_ru = row_text(st, a, "to_ru");
	d->to_en = row_text(st, a, "to_en");
	d->date = row_text(st, a, "date");
	d->status = row_text(st, a, "status");
	d->role_ru = row_text(st, a, "role_ru");
	d->role_en = row_text(st, a, "role_en");
}

static void
action_row(struct db_stmt *st, struct arena *a, void *item)
{
	struct db_person_action	*x = item;

	x->id = row_int(st, "id");
	x->meeting_id = row_int(st, "meeting_id");
	x->text_ru = row_text(st, a, "text_ru");
	x->text_en = row_text(st, a, "text_en");
	x->due_date = row_text(st, a, "due_date");
	x->status = row_text(st, a, "status");
	x->meeting_title_ru = row_text(st, a, "meeting_title_ru");
	x->meeting_title_en = row_text(st, a, "meeting_title_en");
}

/* stmt_rows of sql over $1 the person and $2, $3 the meeting scope. */
static int
scoped_rows(struct db *db, struct arena *a, const char *sql, int64_t id,
    const struct db_meeting_scope *scope, size_t size,
    void (*row)(struct db_stmt *, struct arena *, void *), void **out, size_t *n)
{
	struct db_stmt	*st = stmt_prepare(db, sql);

	if (st == NULL)
		return DB_ERR;
	stmt_int(st, 1, id);
	stmt_int(st, 2, scope->org_id);
	stmt_int(st, 3, scope->city_id);
	return stmt_rows(st, a, size, row, out, n);
}

int
db_person_record(struct db *db, struct arena *a, int64_t id,
    const struct db_meeting_scope *meetings, int64_t delegation_city,
    struct db_person_record *out)
{
	struct db_stmt	*st;
	int		 rc;

	memset(out, 0, sizeof(*out));
	rc = db_rows_by_id(db, a, SQL_PERSON_POSTS, id, sizeof(*out->posts), post_row,
	    (void **)&out->posts, &out->nposts);
	if (rc == DB_OK)
		rc = scoped_rows(db, a, SQL_PERSON_MEETINGS, id, meetings, sizeof(*out->meetings),
		    meeting_row, (void **)&out->meetings, &out->nmeetings);
	if (rc == DB_OK)
		rc = scoped_rows(db, a, SQL_PERSON_ACTIONS, id, meetings, sizeof(*out->actions),
		    action_row, (void **)&out->actions, &out->nactions);
	if (rc != DB_OK)
		return rc;
	if ((st = stmt_prepare(db, SQL_PERSON_DELEGATIONS)) == NULL)
		return DB_ERR;
	stmt_int(st, 1, id);
	stmt_int(st, 2, delegation_city);
	return stmt_rows(st, a, sizeof(*out->delegations), delegation_row,
	    (void **)&out->delegations, &out->ndelegations);
}

/* --- merging duplicates --- */

/*
 * $1 keep, $2 drop. drop's open post closes the day of the merge when keep
 * holds one ($3: today); contact details and the post fill keep's gaps.
 */
static const char *const SQL_MERGE_STEPS[] = {
	"UPDATE person_posts SET until = $3 WHERE person_id = $2 AND until IS NULL"
	" AND EXISTS (SELECT 1 FROM person_posts WHERE person_id = $1 AND until IS NULL)"
	" AND $3 <> ''",
	"UPDATE person_posts SET person_id = $1 WHERE person_id = $2 AND $3 <> ''",
	"UPDATE meeting_participants SET person_id = $1 WHERE person_id = $2 AND $3 <> ''",
	"UPDATE delegation_members SET person_id = $1 WHERE person_id = $2 AND $3 <> ''",
	"UPDATE action_items SET owner_person_id = $1 WHERE owner_person_id = $2 AND $3 <> ''",
	"UPDATE people SET email = COALESCE(email, (SELECT email FROM people WHERE id = $2)),"
	" phone = COALESCE(phone, (SELECT phone FROM people WHERE id = $2)),"
	" updated_at = $3 || 'T00:00:00Z' WHERE id = $1 AND (email IS NULL OR phone IS NULL)",
	"DELETE FROM people WHERE id = $2 AND $1 <> $2 AND $3 <> ''",
};

static int
merge_steps(struct db *db, int64_t keep, int64_t drop, const char *today)
{
	for (size_t i = 0; i < sizeof(SQL_MERGE_STEPS) / sizeof(SQL_MERGE_STEPS[0]); i++) {
		struct db_stmt	*st = stmt_prepare(db, SQL_MERGE_STEPS[i]);
		int		 rc;

		if (st == NULL)
			return DB_ERR;
		stmt_int(st, 1, keep);
		stmt_int(st, 2, drop);
		stmt_text(st, 3, today);
		if ((rc = stmt_exec(st)) != DB_OK)
			return rc;
	}
	return DB_OK;
}

int
db_person_merge(struct db *db, int64_t keep, int64_t drop)
{
	struct db_stmt	*st = stmt_prepare(db, "SELECT COUNT(*) FROM people WHERE id IN ($1, $2)");
	char		 now[TEXT_TIME_LEN];
	int64_t		 n = 0;
	int		 rc;

	if (keep == drop)
		return DB_INVALID;
	if (st == NULL || db_begin(db) != DB_OK)
		return DB_ERR;
	stmt_int(st, 1, keep);
	stmt_int(st, 2, drop);
	rc = stmt_scalar(st, &n);
	if (rc == DB_OK && n != 2)
		rc = DB_NOTFOUND;
	text_time(time(NULL), now);
	now[10] = '\0';
	if (rc == DB_OK)
		rc = merge_steps(db, keep, drop, now);
	if (rc == DB_OK && db_commit(db) == DB_OK)
		return DB_OK;
	db_rollback(db);
	return rc != DB_OK ? rc : DB_ERR;
}

/* --- vCard import --- */

static const char *const SQL_PERSON_NAMED =
	"SELECT COALESCE(min(id), 0) FROM people WHERE name_ru = $1 OR name_en = $1";
static const char *const SQL_ORG_NAMED =
	"SELECT COALESCE(min(id), 0) FROM organizations WHERE name_ru = $1 OR name_en = $1";
static const char *const SQL_CITY_NAMED =
	"SELECT COALESCE((SELECT id FROM cities WHERE name_ru = $1 OR name_en = $1"
	" ORDER BY population DESC, id LIMIT 1), 0)";

static int
id_named(struct db *db, const char *sql, const char *name, int64_t *id)
{
	struct db_stmt	*st;

	*id = 0;
	if (name == NULL)
		return DB_OK;
	if ((st = stmt_prepare(db, sql)) == NULL)
		return DB_ERR;
	stmt_text(st, 1, name);
	return stmt_scalar(st, id);
}

int
db_person_named(struct db *db, const char *name, int64_t *id, bool *exists)
{
	int	rc = id_named(db, SQL_PERSON_NAMED, name, id);

	*exists = rc == DB_OK && *id != 0;
	return rc;
}

int
db_person_refs(struct db *db, const char *org, const char *city, int64_t *org_id,
    int64_t *city_id)
{
	int	rc = id_named(db, SQL_ORG_NAMED, org, org_id);

	return rc == DB_OK ? id_named(db, SQL_CITY_NAMED, city, city_id) : rc;
}
