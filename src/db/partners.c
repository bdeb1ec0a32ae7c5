/*
 * partners: partnerships between two cities (one row per pair, smaller city
 * id first), their dated status history, counts, and the network queries —
 * partners, cities two steps away and suggestions ranked by shared partners.
 */
#include "db_internal.h"

#include <time.h>

#include "../base/text.h"

/* A city as partnerships show it: 11 columns of cities c, countries co. */
#define PCITY_COLUMNS(c, co)						\
	c ".id, " c ".geonames_id, " c ".name_en, " c ".name_ru, " c ".country_code, " co ".name_en, "	\
	co ".name_ru, " co ".continent, " c ".latitude, " c ".longitude, " c ".population"

#define P_COLUMNS							\
	"v.id, v.kind, v.since, v.status, v.agreement_id, v.responsible_id, v.published,"\
	" v.note_en, v.note_ru, v.created_at, v.updated_at, g.title_en, g.title_ru, u.name, "\
	PCITY_COLUMNS("a", "ac") ", " PCITY_COLUMNS("b", "bc")
#define P_FROM								\
	" FROM v JOIN cities a ON a.id = v.ca JOIN countries ac ON ac.code = a.country_code"\
	" JOIN cities b ON b.id = v.cb JOIN countries bc ON bc.code = b.country_code"	\
	" LEFT JOIN agreements g ON g.id = v.agreement_id"		\
	" LEFT JOIN users u ON u.id = v.responsible_id"

static const char *const SQL_P_INSERT =
	"INSERT INTO partnerships (city_lo, city_hi, kind, since, status, agreement_id,"
	" responsible_id, published, note_en, note_ru, created_at, updated_at)"
	" VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) RETURNING id";

static const char *const SQL_P_UPDATE =
	"UPDATE partnerships SET city_lo = $2, city_hi = $3, kind = $4, since = $5, status = $6,"
	" agreement_id = $7, responsible_id = $8, published = $9, note_en = $10, note_ru = $11,"
	" updated_at = $12 WHERE id = $1";

static const char *const SQL_P_STATUS =
	"SELECT status FROM partnerships WHERE id = $1";

static const char *const SQL_P_DELETE = "DELETE FROM partnerships WHERE id = $1";

static const char *const SQL_HISTORY_ADD =
	"INSERT INTO partnership_status_history (partnership_id, status, changed_on, note,"
	" user_id, created_at) VALUES ($1, $2, $3, $4, $5, $6)";

static const char *const SQL_HISTORY =
	"SELECT h.status, h.changed_on, h.note, u.name, h.created_at"
	" FROM partnership_status_history h LEFT JOIN users u ON u.id = h.user_id"
	" WHERE h.partnership_id = $1 ORDER BY h.changed_on, h.id";

static const char *const SQL_P_GET =
	"WITH v AS (SELECT p.*, p.city_lo AS ca, p.city_hi AS cb FROM partnerships p"
	" WHERE p.id = $1) SELECT " P_COLUMNS P_FROM;

static const char *const SQL_P_BY_PAIR =
	"WITH v AS (SELECT p.*, p.city_lo AS ca, p.city_hi AS cb FROM partnerships p"
	" WHERE p.city_lo = $1 AND p.city_hi = $2) SELECT " P_COLUMNS P_FROM;

/* $1 the viewpoint city, shown as a; $2 the city a partner may see. */
static const char *const SQL_P_LIST =
	"WITH v AS (SELECT p.*,"
	" CASE WHEN p.city_hi = $1 THEN p.city_hi ELSE p.city_lo END AS ca,"
	" CASE WHEN p.city_hi = $1 THEN p.city_lo ELSE p.city_hi END AS cb"
	" FROM partnerships p WHERE ($1 = 0 OR p.city_lo = $1 OR p.city_hi = $1)"
	" AND ($2 = 0 OR p.city_lo = $2 OR p.city_hi = $2))"
	" SELECT " P_COLUMNS P_FROM
	" WHERE ($3 IS NULL OR b.country_code = $3 OR ($1 = 0 AND a.country_code = $3))"
	" AND ($4 IS NULL OR v.kind = $4) AND ($5 IS NULL OR v.status = $5)"
	" AND ($6 IS NULL OR b.search_key LIKE $6 ESCAPE '\\'"
	" OR ($1 = 0 AND a.search_key LIKE $6 ESCAPE '\\'))"
	" AND ($7 = 0 OR v.published = 1)"
	" ORDER BY CASE WHEN $8 = 'country' THEN CASE WHEN $9 = 'ru' THEN bc.name_ru"
	" ELSE bc.name_en END END,"
	" CASE WHEN $8 = 'kind' THEN v.kind END, CASE WHEN $8 = 'status' THEN v.status END,"
	" CASE WHEN $8 = 'since' THEN COALESCE(v.since, '9999') END,"
	" CASE WHEN $8 = 'population' THEN b.population END DESC,"
	" CASE WHEN $9 = 'ru' THEN COALESCE(b.name_ru, b.name_en) ELSE b.name_en END, v.id"
	" LIMIT $10 OFFSET $11";

static const char *const SQL_P_SUMMARY =
	"WITH v AS (SELECT CASE WHEN p.city_hi = $1 THEN p.city_lo ELSE p.city_hi END AS cb,"
	" p.kind, p.status FROM partnerships p"
	" WHERE ($1 = 0 OR p.city_lo = $1 OR p.city_hi = $1)"
	" AND ($2 = 0 OR p.city_lo = $2 OR p.city_hi = $2))"
	" SELECT 'kind', kind, NULL, NULL, COUNT(*) FROM v GROUP BY kind"
	" UNION ALL SELECT 'status', status, NULL, NULL, COUNT(*) FROM v GROUP BY status"
	" UNION ALL SELECT 'country', c.country_code, co.name_en, co.name_ru, COUNT(*)"
	" FROM v JOIN cities c ON c.id = v.cb JOIN countries co ON co.code = c.country_code"
	" GROUP BY c.country_code, co.name_en, co.name_ru"
	" UNION ALL SELECT 'continent', co.continent, NULL, NULL, COUNT(*)"
	" FROM v JOIN cities c ON c.id = v.cb JOIN countries co ON co.code = c.country_code"
	" GROUP BY co.continent"
	" ORDER BY 1, 5 DESC, 2";

/*
 * The network around $1: its partners (n1) and up to $2 cities two steps
 * away (n2), ranked by how many partners they share with $1.
 */
#define NET_CTE								\
	"WITH e AS (SELECT city_lo AS x, city_hi AS y FROM partnerships"	\
	" UNION ALL SELECT city_hi, city_lo FROM partnerships),"		\
	" n1 AS (SELECT y AS id FROM e WHERE x = $1),"			\
	" n2 AS (SELECT e.y AS id, COUNT(*) AS shared FROM e JOIN n1 ON e.x = n1.id"	\
	" WHERE e.y <> $1 AND e.y NOT IN (SELECT id FROM n1)"		\
	" GROUP BY e.y ORDER BY COUNT(*) DESC, e.y LIMIT $2),"		\
	" nodes AS (SELECT id, 0 AS depth, 0 AS shared FROM cities WHERE id = $1"	\
	" UNION ALL SELECT id, 1, 0 FROM n1 UNION ALL SELECT id, 2, shared FROM n2)"

static const char *const SQL_NET_NODES =
	NET_CTE " SELECT " PCITY_COLUMNS("c", "co") ", nodes.depth, nodes.shared,"
	" (SELECT COUNT(*) FROM partnerships p WHERE p.city_lo = nodes.id)"
	" + (SELECT COUNT(*) FROM partnerships p WHERE p.city_hi = nodes.id)"
	" FROM nodes JOIN cities c ON c.id = nodes.id"
	" JOIN countries co ON co.code = c.country_code"
	" ORDER BY nodes.depth, nodes.shared DESC, c.population DESC, c.id";

static const char *const SQL_NET_EDGES =
	NET_CTE " SELECT p.id, p.city_lo, p.city_hi, p.kind, p.status FROM partnerships p"
	" WHERE p.city_lo IN (SELECT id FROM nodes) AND p.city_hi IN (SELECT id FROM nodes)"
	" ORDER BY p.id";

static void
bind_partnership(struct db_stmt *st, int first, const struct db_partnership *p)
{
	stmt_int(st, first, p->a.id < p->b.id ? p->a.id : p->b.id);
	stmt_int(st, first + 1, p->a.id < p->b.id ? p->b.id : p->a.id);
	stmt_text(st, first + 2, p->kind);
	stmt_text(st, first + 3, p->since);
	stmt_text(st, first + 4, p->status);
	stmt_id(st, first + 5, p->agreement_id);
	stmt_id(st, first + 6, p->responsible_id);
	stmt_int(st, first + 7, p->published);
	stmt_text(st, first + 8, p->note_en);
	stmt_text(st, first + 9, p->note_ru);
}

static int
history_add(struct db *db, int64_t id, const char *status, const char *on, const char *note,
    int64_t user_id)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_HISTORY_ADD);
	char		 now[TEXT_TIME_LEN];

	if (st == NULL)
		return DB_ERR;
	text_time(time(NULL), now);
	stmt_int(st, 1, id);
	stmt_text(st, 2, status);
	stmt_text(st, 3, on);
	stmt_text(st, 4, note);
	stmt_id(st, 5, user_id);
	stmt_text(st, 6, now);
	return stmt_exec(st);
}

int
db_partnership_insert(struct db *db, const struct db_partnership *p, int64_t user_id,
    const char *today, int64_t *id)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_P_INSERT);
	char		 now[TEXT_TIME_LEN];
	int		 rc;

	if (st == NULL)
		return DB_ERR;
	text_time(time(NULL), now);
	bind_partnership(st, 1, p);
	stmt_text(st, 11, now);
	if ((rc = stmt_scalar(st, id)) != DB_OK)
		return rc;
	return history_add(db, *id, p->status, today, NULL, user_id);
}

int
db_partnership_update(struct db *db, const struct db_partnership *p, int64_t user_id,
    const char *changed_on, const char *change_note)
{
	struct db_stmt	*old = stmt_prepare(db, SQL_P_STATUS);
	struct db_stmt	*st = stmt_prepare(db, SQL_P_UPDATE);
	struct arena	 a = ARENA_INIT;
	char		 now[TEXT_TIME_LEN];
	const char	*was = NULL;
	int		 rc;

	if (old == NULL || st == NULL)
		return DB_ERR;
	stmt_int(old, 1, p->id);
	rc = stmt_step(old);
	if (rc == DB_ROW)
		was = col_text(old, &a, 0);
	stmt_done(old);
	if (rc != DB_ROW) {
		arena_release(&a);
		return rc == DB_DONE ? DB_NOTFOUND : DB_ERR;
	}
	text_time(time(NULL), now);
	stmt_int(st, 1, p->id);
	bind_partnership(st, 2, p);
	stmt_text(st, 12, now);
	rc = stmt_exec(st);
	if (rc == DB_OK && !text_eq(was, p->status))
		rc = history_add(db, p->id, p->status, changed_on, change_note, user_id);
	arena_release(&a);
	return rc;
}

int
db_partnership_delete(struct db *db, int64_t id)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_P_DELETE);
	int		 rc;

	if (st == NULL)
		return DB_ERR;
	stmt_int(st, 1, id);
	rc = stmt_exec_one(db, st);
	return rc;
}

/* Reads PCITY_COLUMNS from column i. */
static void
pcity_row(struct db_stmt *st, struct arena *a, int i, struct db_pcity *c)
{
	c->id = col_int(st, i);
	c->geonames_id = col_int(st, i + 1);
	c->name_en = col_text(st, a, i + 2);
	c->name_ru = col_text(st, a, i + 3);
	c->country_code = col_text(st, a, i + 4);
	c->country_name_en = col_text(st, a, i + 5);
	c->country_name_ru = col_text(st, a, i + 6);
	c->continent = col_text(st, a, i + 7);
	c->latitude = col_double(st, i + 8);
	c->longitude = col_double(st, i + 9);
	c->population = col_int(st, i + 10);
}

static void
partnership_item(struct db_stmt *st, struct arena *a, void *item)
{
	struct db_partnership	*p = item;

	p->id = col_int(st, 0);
	p->kind = col_text(st, a, 1);
	p->since = col_text(st, a, 2);
	p->status = col_text(st, a, 3);
	p->agreement_id = col_int(st, 4);
	p->responsible_id = col_int(st, 5);
	p->published = col_int(st, 6) != 0;
	p->note_en = col_text(st, a, 7);
	p->note_ru = col_text(st, a, 8);
	p->created_at = col_text(st, a, 9);
	p->updated_at = col_text(st, a, 10);
	p->agreement_title_en = col_text(st, a, 11);
	p->agreement_title_ru = col_text(st, a, 12);
	p->responsible_name = col_text(st, a, 13);
	pcity_row(st, a, 14, &p->a);
	pcity_row(st, a, 25, &p->b);
}

int
db_partnership_get(struct db *db, struct arena *a, int64_t id, struct db_partnership *out)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_P_GET);

	if (st == NULL)
		return DB_ERR;
	stmt_int(st, 1, id);
	return stmt_one(st, a, partnership_item, out);
}

int
db_partnership_by_pair(struct db *db, struct arena *a, int64_t city_a, int64_t city_b,
    struct db_partnership *out)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_P_BY_PAIR);

	if (st == NULL)
		return DB_ERR;
	stmt_int(st, 1, city_a < city_b ? city_a : city_b);
	stmt_int(st, 2, city_a < city_b ? city_b : city_a);
	return stmt_one(st, a, partnership_item, out);
}

static void
bind_filter(struct db_stmt *st, struct arena *a, const struct db_partnership_filter *f,
    int64_t limit, int64_t offset)
{
	stmt_int(st, 1, f->city_id);
	stmt_int(st, 2, f->visible_city);
	stmt_text(st, 3, f->country);
	stmt_text(st, 4, f->kind);
	stmt_text(st, 5, f->status);
	stmt_text(st, 6, db_like_word(a, f->q));
	stmt_int(st, 7, f->published_only);
	stmt_text(st, 8, f->sort != NULL ? f->sort : "name");
	stmt_text(st, 9, f->lang != NULL ? f->lang : "en");
	stmt_int(st, 10, limit);
	stmt_int(st, 11, offset);
}

int
db_partnership_list(struct db *db, struct arena *a, const struct db_partnership_filter *f,
    struct db_partnership **out, size_t *n)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_P_LIST);

	if (st == NULL)
		return DB_ERR;
	bind_filter(st, a, f, f->limit, f->offset);
	return stmt_rows(st, a, sizeof(**out), partnership_item, (void **)out, n);
}

int
db_partnership_each(struct db *db, const struct db_partnership_filter *f,
    int (*fn)(void *partnership, void *ctx), void *ctx)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_P_LIST);
	struct arena	 a = ARENA_INIT;
	int		 rc;

	if (st == NULL)
		return DB_ERR;
	bind_filter(st, &a, f, INT64_MAX, 0);
	rc = stmt_each(st, sizeof(struct db_partnership), partnership_item, fn, ctx);
	arena_release(&a);
	return rc;
}

static void
history_item(struct db_stmt *st, struct arena *a, void *item)
{
	struct db_status_change	*h = item;

	h->status = col_text(st, a, 0);
	h->changed_on = col_text(st, a, 1);
	h->note = col_text(st, a, 2);
	h->user_name = col_text(st, a, 3);
	h->created_at = col_text(st, a, 4);
}

int
db_partnership_history(struct db *db, struct arena *a, int64_t id,
    struct db_status_change **out, size_t *n)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_HISTORY);

	if (st == NULL)
		return DB_ERR;
	stmt_int(st, 1, id);
	return stmt_rows(st, a, sizeof(**out), history_item, (void **)out, n);
}

static void
group_item(struct db_stmt *st, struct arena *a, void *item)
{
	struct db_group_count	*g = item;

	g->dim = col_text(st, a, 0);
	g->key = col_text(st, a, 1);
	g->name_en = col_text(st, a, 2);
	g->name_ru = col_text(st, a, 3);
	g->count = col_int(st, 4);
}

int
db_partnership_summary(struct db *db, struct arena *a, int64_t city_id, int64_t visible_city,
    struct db_group_count **out, size_t *n)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_P_SUMMARY);

	if (st == NULL)
		return DB_ERR;
	stmt_int(st, 1, city_id);
	stmt_int(st, 2, visible_city);
	return stmt_rows(st, a, sizeof(**out), group_item, (void **)out, n);
}

static void
node_item(struct db_stmt *st, struct arena *a, void *item)
{
	struct db_net_node	*nd = item;

	pcity_row(st, a, 0, &nd->city);
	nd->depth = (int)col_int(st, 11);
	nd->shared = col_int(st, 12);
	nd->degree = col_int(st, 13);
}

static void
edge_item(struct db_stmt *st, struct arena *a, void *item)
{
	struct db_net_edge	*e = item;

	e->id = col_int(st, 0);
	e->a = col_int(st, 1);
	e->b = col_int(st, 2);
	e->kind = col_text(st, a, 3);
	e->status = col_text(st, a, 4);
}

int
db_network(struct db *db, struct arena *a, int64_t centre, int second,
    struct db_net_node **nodes, size_t *nnodes, struct db_net_edge **edges, size_t *nedges)
{
	struct db_stmt	*sn = stmt_prepare(db, SQL_NET_NODES);
	struct db_stmt	*se = stmt_prepare(db, SQL_NET_EDGES);
	int		 rc;

	if (sn == NULL || se == NULL)
		return DB_ERR;
	stmt_int(sn, 1, centre);
	stmt_int(sn, 2, second);
	rc = stmt_rows(sn, a, sizeof(**nodes), node_item, (void **)nodes, nnodes);
	if (rc != DB_OK)
		return rc;
	if (*nnodes == 0)
		return DB_NOTFOUND;
	stmt_int(se, 1, centre);
	stmt_int(se, 2, second);
	return stmt_rows(se, a, sizeof(**edges), edge_item, (void **)edges, nedges);
}
