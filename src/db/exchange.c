/*
 * exchange: bulletins (news, good news, fact checks) with their revision
 * history, and mutual-aid posts with their answers. Each write keeps the
 * search index (search.c) in step; callers wrap writes in a transaction.
 */
#include "db_internal.h"

#include <string.h>
#include <time.h>

#include "../base/markdown.h"
#include "../base/text.h"

/* the organization's names are org_name_en ..., the city's city_name_en ... */
#define BULLETIN_COLUMNS						\
	"b.id AS id, b.kind AS kind, b.status AS status, b.lang AS lang, b.title AS title,"\
	" b.body AS body, b.countries AS countries, b.topics AS topics, b.city_id AS city_id,"\
	" b.source_url AS source_url, b.claim AS claim, b.claim_source AS claim_source,"\
	" b.claim_date AS claim_date, b.verdict AS verdict, b.sources AS sources,"	\
	" b.author_id AS author_id, b.organization_id AS organization_id,"	\
	" b.return_reason AS return_reason, b.revision AS revision,"		\
	" b.created_at AS created_at, b.updated_at AS updated_at,"		\
	" b.published_at AS published_at, u.name AS author_name, o.name_en AS org_name_en,"\
	" o.name_ru AS org_name_ru, " CITY_REF_COLUMNS("c", "city_") ", b.excerpt AS excerpt"
#define BULLETIN_FROM							\
	" FROM bulletins b JOIN users u ON u.id = b.author_id"		\
	" LEFT JOIN organizations o ON o.id = b.organization_id"	\
	" LEFT JOIN cities c ON c.id = b.city_id"

static const char *const SQL_BULLETIN_INSERT =
	"INSERT INTO bulletins (kind, status, lang, title, body, countries, topics, city_id,"
	" source_url, claim, claim_source, claim_date, verdict, sources, author_id,"
	" organization_id, return_reason, published_at, revision, created_at, updated_at,"
	" excerpt) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15,"
	" $16, $17, $18, 1, $19, $19, $20) RETURNING id";

static const char *const SQL_BULLETIN_UPDATE =
	"UPDATE bulletins SET kind = $1, status = $2, lang = $3, title = $4, body = $5,"
	" countries = $6, topics = $7, city_id = $8, source_url = $9, claim = $10,"
	" claim_source = $11, claim_date = $12, verdict = $13, sources = $14,"
	" return_reason = $17, published_at = $18, updated_at = $19, excerpt = $21,"
	" revision = revision + 1 WHERE id = $20 RETURNING revision";

/* A revision keeps the bulletin's editable fields as bind_bulletin() binds them ($1-$14). */
static const char *const SQL_REVISION_INSERT =
	"INSERT INTO bulletin_revisions (kind, status, lang, title, body, countries, topics,"
	" city_id, source_url, claim, claim_source, claim_date, verdict, sources, bulletin_id,"
	" revision, editor_id, note, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9,"
	" $10, $11, $12, $13, $14, $21, $22, $23, $24, $25)";

static const char *const SQL_BULLETIN_GET =
	"SELECT " BULLETIN_COLUMNS BULLETIN_FROM " WHERE b.id = $1";

static const char *const SQL_BULLETIN_LIST =
	"SELECT " BULLETIN_COLUMNS BULLETIN_FROM
	" WHERE ($1 IS NULL OR b.status = $1) AND ($2 IS NULL OR b.kind = $2)"
	" AND ($3 IS NULL OR b.countries LIKE $3) AND ($4 IS NULL OR b.topics LIKE $4)"
	" AND ($5 = 0 OR b.author_id = $5) AND ($6 = 0 OR b.id < $6)"
	" AND ($8 IS NULL OR b.lang = $8) ORDER BY b.id DESC LIMIT $7";

static const char *const SQL_REVISIONS =
	"SELECT r.revision AS revision, r.title AS title, r.body AS body, r.status AS status,"
	" r.note AS note, u.name AS editor_name, r.created_at AS created_at, r.kind AS kind,"
	" r.lang AS lang, r.countries AS countries, r.topics AS topics, r.city_id AS city_id,"
	" r.source_url AS source_url, r.claim AS claim, r.claim_source AS claim_source,"
	" r.claim_date AS claim_date, r.verdict AS verdict, r.sources AS sources"
	" FROM bulletin_revisions r JOIN users u ON u.id = r.editor_id"
	" WHERE r.bulletin_id = $1 ORDER BY r.revision DESC";

/*
 * A bulletin's countries are " RU DE " (codes between spaces): read as the
 * JSON array ["RU","DE"], each code is a lookup of countries' key. Matching
 * every country's code against every list with LIKE cost 18 times as much
 * (docs/performance.md).
 */
static const char *const SQL_BULLETIN_COUNTRIES =
	"SELECT co.code AS country_code, co.name_en AS name_en, co.name_ru AS name_ru,"
	" COUNT(DISTINCT b.id) AS count FROM bulletins b"
	" JOIN json_each('[\"' || replace(trim(b.countries), ' ', '\",\"') || '\"]') j"
	" JOIN countries co ON co.code = j.value"
	" WHERE b.status = 'published' GROUP BY co.code, co.name_en, co.name_ru"
	" ORDER BY COUNT(DISTINCT b.id) DESC, co.code";

/* Rows of a query whose only parameter is an id. */
static int
rows_by_id(struct db *db, struct arena *a, const char *sql, int64_t id, size_t size,
    void (*row)(struct db_stmt *, struct arena *, void *), void **out, size_t *n)
{
	struct db_stmt	*st = stmt_prepare(db, sql);

	if (st == NULL)
		return DB_ERR;
	stmt_int(st, 1, id);
	return stmt_rows(st, a, size, row, out, n);
}

/* The single row of a query by id into out: DB_OK, DB_NOTFOUND or DB_ERR. */
static int
row_by_id(struct db *db, struct arena *a, const char *sql, int64_t id,
    void (*row)(struct db_stmt *, struct arena *, void *), void *out)
{
	struct db_stmt	*st = stmt_prepare(db, sql);

	if (st == NULL)
		return DB_ERR;
	stmt_int(st, 1, id);
	return stmt_one(st, a, row, out);
}

/* What the index holds for a bulletin: the title, the claim and the body's text. */
static int
index_bulletin(struct db *db, int64_t id, const struct db_bulletin *b)
{
	struct arena	 a = ARENA_INIT;
	const char	*text = markdown_text(&a, b->body, strlen(b->body));
	int		 rc = db_search_put(db, DB_SEARCH_BULLETIN, id, b->title,
			    b->claim != NULL ? arena_printf(&a, "%s\n%s", b->claim, text) : text);

	arena_release(&a);
	return rc;
}

static void
bind_bulletin(struct db_stmt *st, const struct db_bulletin *b)
{
	stmt_text(st, 1, b->kind);
	stmt_text(st, 2, b->status);
	stmt_text(st, 3, b->lang);
	stmt_text(st, 4, b->title);
	stmt_text(st, 5, b->body);
	stmt_text(st, 6, b->countries);
	stmt_text(st, 7, b->topics);
	if (b->city_id > 0)
		stmt_int(st, 8, b->city_id);
	else
		stmt_text(st, 8, NULL);
	stmt_text(st, 9, b->source_url);
	stmt_text(st, 10, b->claim);
	stmt_text(st, 11, b->claim_source);
	stmt_text(st, 12, b->claim_date);
	stmt_text(st, 13, b->verdict);
	stmt_text(st, 14, b->sources);
	stmt_int(st, 15, b->author_id);
	if (b->org_id > 0)
		stmt_int(st, 16, b->org_id);
	else
		stmt_text(st, 16, NULL);
	stmt_text(st, 17, b->return_reason);
	stmt_text(st, 18, b->published_at);
}

/* The list's excerpt of the body, made once when it is written (bound as a copy). */
static void
bind_excerpt(struct db_stmt *st, int param, const struct db_bulletin *b)
{
	struct arena	a = ARENA_INIT;

	stmt_text(st, param, markdown_excerpt(&a, b->body, strlen(b->body)));
	arena_release(&a);
}

static int
revision_add(struct db *db, int64_t id, int64_t revision, const struct db_bulletin *b,
    int64_t editor_id, const char *note, const char *now)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_REVISION_INSERT);

	if (st == NULL)
		return DB_ERR;
	bind_bulletin(st, b);
	stmt_int(st, 21, id);
	stmt_int(st, 22, revision);
	stmt_int(st, 23, editor_id);
	stmt_text(st, 24, note);
	stmt_text(st, 25, now);
	return stmt_exec(st);
}

int
db_bulletin_insert(struct db *db, const struct db_bulletin *b, int64_t *id)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_BULLETIN_INSERT);
	char		 now[TEXT_TIME_LEN];
	int		 rc;

	if (st == NULL)
		return DB_ERR;
	text_time(time(NULL), now);
	bind_bulletin(st, b);
	stmt_text(st, 19, b->created_at != NULL ? b->created_at : now);
	bind_excerpt(st, 20, b);
	if ((rc = stmt_scalar(st, id)) != DB_OK)
		return rc;
	if ((rc = revision_add(db, *id, 1, b, b->author_id, NULL, now)) != DB_OK)
		return rc;
	return index_bulletin(db, *id, b);
}

int
db_bulletin_update(struct db *db, struct db_bulletin *b, int64_t editor_id, const char *note)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_BULLETIN_UPDATE);
	char		 now[TEXT_TIME_LEN];
	int64_t		 revision;
	int		 rc;

	if (st == NULL)
		return DB_ERR;
	text_time(time(NULL), now);
	bind_bulletin(st, b);
	stmt_text(st, 19, now);
	stmt_int(st, 20, b->id);
	bind_excerpt(st, 21, b);
	if ((rc = stmt_scalar(st, &revision)) != DB_OK)
		return rc;
	if ((rc = revision_add(db, b->id, revision, b, editor_id, note, now)) != DB_OK)
		return rc;
	b->revision = revision;
	return index_bulletin(db, b->id, b);
}

static void
bulletin_row(struct db_stmt *st, struct arena *a, void *item)
{
	struct db_bulletin	*b = item;

	b->id = row_int(st, "id");
	b->kind = row_text(st, a, "kind");
	b->status = row_text(st, a, "status");
	b->lang = row_text(st, a, "lang");
	b->title = row_text(st, a, "title");
	b->body = row_text(st, a, "body");
	b->countries = row_text(st, a, "countries");
	b->topics = row_text(st, a, "topics");
	b->city_id = row_int(st, "city_id");
	b->source_url = row_text(st, a, "source_url");
	b->claim = row_text(st, a, "claim");
	b->claim_source = row_text(st, a, "claim_source");
	b->claim_date = row_text(st, a, "claim_date");
	b->verdict = row_text(st, a, "verdict");
	b->sources = row_text(st, a, "sources");
	b->author_id = row_int(st, "author_id");
	b->org_id = row_int(st, "organization_id");
	b->return_reason = row_text(st, a, "return_reason");
	b->revision = row_int(st, "revision");
	b->created_at = row_text(st, a, "created_at");
	b->updated_at = row_text(st, a, "updated_at");
	b->published_at = row_text(st, a, "published_at");
	b->author_name = row_text(st, a, "author_name");
	b->org_name_en = group_text(st, a, "org_", "name_en");
	b->org_name_ru = group_text(st, a, "org_", "name_ru");
	b->city_name_en = group_text(st, a, "city_", "name_en");
	b->city_name_ru = group_text(st, a, "city_", "name_ru");
	b->city_country = group_text(st, a, "city_", "country_code");
	b->excerpt = row_text(st, a, "excerpt");
}

int
db_bulletin_get(struct db *db, struct arena *a, int64_t id, struct db_bulletin *out)
{
	return row_by_id(db, a, SQL_BULLETIN_GET, id, bulletin_row, out);
}

static const char *
like_item(struct arena *a, const char *v)
{
	return v != NULL ? arena_printf(a, "%% %s %%", v) : NULL;
}

int
db_bulletin_list(struct db *db, struct arena *a, const struct db_bulletin_filter *f,
    struct db_bulletin **out, size_t *n)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_BULLETIN_LIST);

	if (st == NULL)
		return DB_ERR;
	stmt_text(st, 1, f->status);
	stmt_text(st, 2, f->kind);
	stmt_text(st, 3, like_item(a, f->country));
	stmt_text(st, 4, like_item(a, f->topic));
	stmt_int(st, 5, f->author_id);
	stmt_int(st, 6, f->before_id);
	stmt_int(st, 7, f->limit);
	stmt_text(st, 8, f->lang);
	return stmt_rows(st, a, sizeof(**out), bulletin_row, (void **)out, n);
}

static void
revision_row(struct db_stmt *st, struct arena *a, void *item)
{
	struct db_revision	*r = item;

	r->revision = row_int(st, "revision");
	r->title = row_text(st, a, "title");
	r->body = row_text(st, a, "body");
	r->status = row_text(st, a, "status");
	r->note = row_text(st, a, "note");
	r->editor_name = row_text(st, a, "editor_name");
	r->created_at = row_text(st, a, "created_at");
	r->kind = row_text(st, a, "kind");
	r->recorded = r->kind != NULL;
	r->lang = row_text(st, a, "lang");
	r->countries = row_text(st, a, "countries");
	r->topics = row_text(st, a, "topics");
	r->city_id = row_int(st, "city_id");
	r->source_url = row_text(st, a, "source_url");
	r->claim = row_text(st, a, "claim");
	r->claim_source = row_text(st, a, "claim_source");
	r->claim_date = row_text(st, a, "claim_date");
	r->verdict = row_text(st, a, "verdict");
	r->sources = row_text(st, a, "sources");
}

int
db_bulletin_revisions(struct db *db, struct arena *a, int64_t id, struct db_revision **out,
    size_t *n)
{
	return rows_by_id(db, a, SQL_REVISIONS, id, sizeof(**out), revision_row, (void **)out, n);
}

int
db_bulletin_count_by_country(struct db *db, struct arena *a, struct db_country_count **out,
    size_t *n)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_BULLETIN_COUNTRIES);

	return st == NULL ? DB_ERR :
	    stmt_rows(st, a, sizeof(**out), db_country_count_row, (void **)out, n);
}

/* --- mutual aid --- */

/* the names of the organization, the country and the city: org_name_en ... */
#define AID_COLUMNS							\
	"p.id AS id, " DB_AID_POST_SELECT("p.") ", p.country_code AS country_code,"	\
	" p.city_id AS city_id, p.contact AS contact, p.author_id AS author_id,"	\
	" p.organization_id AS organization_id, p.created_at AS created_at,"	\
	" p.updated_at AS updated_at, u.name AS author_name, o.name_en AS org_name_en,"	\
	" o.name_ru AS org_name_ru, co.name_en AS country_name_en,"		\
	" co.name_ru AS country_name_ru, c.name_en AS city_name_en, c.name_ru AS city_name_ru,"\
	" (SELECT COUNT(*) FROM aid_answers x WHERE x.post_id = p.id) AS answer_count"
#define AID_FROM							\
	" FROM aid_posts p JOIN users u ON u.id = p.author_id"		\
	" JOIN countries co ON co.code = p.country_code"		\
	" LEFT JOIN organizations o ON o.id = p.organization_id"	\
	" LEFT JOIN cities c ON c.id = p.city_id"

/* $1..$4: bind_aid; $5, $6 the author and organization; then the plain columns */
static const char *const SQL_AID_INSERT =
	"INSERT INTO aid_posts (country_code, city_id, contact, created_at, updated_at,"
	" author_id, organization_id, " DB_AID_POST_NAMES("") ")"
	" VALUES ($1, $2, $3, $4, $4, $5, $6, " DB_AID_POST_VALUES_FROM_7 ") RETURNING id";

/* $1..$4: bind_aid; $5 the id; then the plain columns */
static const char *const SQL_AID_UPDATE =
	"UPDATE aid_posts SET country_code = $1, city_id = $2, contact = $3, updated_at = $4, "
	DB_AID_POST_SET_FROM_6 " WHERE id = $5";

static const char *const SQL_AID_GET = "SELECT " AID_COLUMNS AID_FROM " WHERE p.id = $1";

static const char *const SQL_AID_LIST =
	"SELECT " AID_COLUMNS AID_FROM
	" WHERE ($1 IS NULL OR p.kind = $1) AND ($2 IS NULL OR p.category = $2)"
	" AND ($3 IS NULL OR p.status = $3) AND ($4 IS NULL OR p.country_code = $4)"
	" AND ($5 = 0 OR p.id < $5) ORDER BY p.id DESC LIMIT $6";

static const char *const SQL_ANSWER_INSERT =
	"INSERT INTO aid_answers (post_id, user_id, organization_id, message, created_at)"
	" VALUES ($1, $2, $3, $4, $5) RETURNING id";

static const char *const SQL_ANSWERS =
	"SELECT x.id AS id, x.post_id AS post_id, x.user_id AS user_id,"
	" x.organization_id AS organization_id, x.message AS message, x.created_at AS created_at,"
	" u.name AS user_name, o.name_en AS org_name_en, o.name_ru AS org_name_ru"
	" FROM aid_answers x JOIN users u ON u.id = x.user_id"
	" JOIN organizations o ON o.id = x.organization_id WHERE x.post_id = $1 ORDER BY x.id";

static const char *const SQL_ANSWERED_BY =
	"SELECT COUNT(*) FROM aid_answers WHERE post_id = $1 AND organization_id = $2";

/* $1..$4 of an insert or update: the country, the city, the contact; now */
static void
bind_aid(struct db_stmt *st, const struct db_aid_post *p, const char *now)
{
	stmt_text(st, 1, p->country_code);
	stmt_id(st, 2, p->city_id);
	stmt_text(st, 3, p->contact);
	stmt_text(st, 4, now);
}

int
db_aid_insert(struct db *db, const struct db_aid_post *p, int64_t *id)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_AID_INSERT);
	char		 now[TEXT_TIME_LEN];
	int		 rc;

	if (st == NULL)
		return DB_ERR;
	text_time(time(NULL), now);
	bind_aid(st, p, now);
	stmt_int(st, 5, p->author_id);
	stmt_id(st, 6, p->org_id);
	db_aid_post_columns_bind(st, 7, p);
	if ((rc = stmt_scalar(st, id)) != DB_OK)
		return rc;
	return db_search_put(db, DB_SEARCH_AID, *id, p->title, p->body);
}

int
db_aid_update(struct db *db, const struct db_aid_post *p)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_AID_UPDATE);
	char		 now[TEXT_TIME_LEN];
	int		 rc;

	if (st == NULL)
		return DB_ERR;
	text_time(time(NULL), now);
	bind_aid(st, p, now);
	stmt_int(st, 5, p->id);
	db_aid_post_columns_bind(st, 6, p);
	if ((rc = stmt_exec(st)) != DB_OK)
		return rc;
	if (db_changes(db) == 0)
		return DB_NOTFOUND;
	return db_search_put(db, DB_SEARCH_AID, p->id, p->title, p->body);
}

static void
aid_row(struct db_stmt *st, struct arena *a, void *item)
{
	struct db_aid_post	*p = item;

	p->id = row_int(st, "id");
	db_aid_post_columns_read(st, a, p);
	p->country_code = row_text(st, a, "country_code");
	p->city_id = row_int(st, "city_id");
	p->contact = row_text(st, a, "contact");
	p->author_id = row_int(st, "author_id");
	p->org_id = row_int(st, "organization_id");
	p->created_at = row_text(st, a, "created_at");
	p->updated_at = row_text(st, a, "updated_at");
	p->author_name = row_text(st, a, "author_name");
	p->org_name_en = group_text(st, a, "org_", "name_en");
	p->org_name_ru = group_text(st, a, "org_", "name_ru");
	p->country_name_en = group_text(st, a, "country_", "name_en");
	p->country_name_ru = group_text(st, a, "country_", "name_ru");
	p->city_name_en = group_text(st, a, "city_", "name_en");
	p->city_name_ru = group_text(st, a, "city_", "name_ru");
	p->answer_count = row_int(st, "answer_count");
}

int
db_aid_get(struct db *db, struct arena *a, int64_t id, struct db_aid_post *out)
{
	return row_by_id(db, a, SQL_AID_GET, id, aid_row, out);
}

int
db_aid_list(struct db *db, struct arena *a, const struct db_aid_filter *f,
    struct db_aid_post **out, size_t *n)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_AID_LIST);

	if (st == NULL)
		return DB_ERR;
	stmt_text(st, 1, f->kind);
	stmt_text(st, 2, f->category);
	stmt_text(st, 3, f->status);
	stmt_text(st, 4, f->country);
	stmt_int(st, 5, f->before_id);
	stmt_int(st, 6, f->limit);
	return stmt_rows(st, a, sizeof(**out), aid_row, (void **)out, n);
}

int
db_aid_answer_insert(struct db *db, const struct db_aid_answer *ans, int64_t *id)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_ANSWER_INSERT);
	char		 now[TEXT_TIME_LEN];

	if (st == NULL)
		return DB_ERR;
	text_time(time(NULL), now);
	stmt_int(st, 1, ans->post_id);
	stmt_int(st, 2, ans->user_id);
	stmt_int(st, 3, ans->org_id);
	stmt_text(st, 4, ans->message);
	stmt_text(st, 5, now);
	return stmt_scalar(st, id);
}

static void
answer_row(struct db_stmt *st, struct arena *a, void *item)
{
	struct db_aid_answer	*x = item;

	x->id = row_int(st, "id");
	x->post_id = row_int(st, "post_id");
	x->user_id = row_int(st, "user_id");
	x->org_id = row_int(st, "organization_id");
	x->message = row_text(st, a, "message");
	x->created_at = row_text(st, a, "created_at");
	x->user_name = row_text(st, a, "user_name");
	x->org_name_en = group_text(st, a, "org_", "name_en");
	x->org_name_ru = group_text(st, a, "org_", "name_ru");
}

int
db_aid_answers(struct db *db, struct arena *a, int64_t post_id, struct db_aid_answer **out,
    size_t *n)
{
	return rows_by_id(db, a, SQL_ANSWERS, post_id, sizeof(**out), answer_row, (void **)out, n);
}

int
db_aid_answered_by(struct db *db, int64_t post_id, int64_t org_id, bool *out)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_ANSWERED_BY);
	int64_t		 n = 0;
	int		 rc;

	if (st == NULL)
		return DB_ERR;
	stmt_int(st, 1, post_id);
	stmt_int(st, 2, org_id);
	rc = stmt_scalar(st, &n);
	*out = n > 0;
	return rc;
}
