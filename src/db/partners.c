/*
 * partners: partnerships between two cities (one row per pair, smaller city
 * id first), their dated status history, counts, and the network queries —
 * partners, cities two steps away and suggestions ranked by shared partners.
 */
#include "db_internal.h"

#include <time.h>

#include "../base/text.h"

/*
 * A city as partnerships show it, from cities c and countries co: 11 columns
 * named c_id, c_name_en ... (pcity_row reads them).
 */
#define PCITY_COLUMNS(c, co)						\
	c ".id AS " c "_id, " c ".geonames_id AS " c "_geonames_id, "		\
	c ".name_en AS " c "_name_en, " c ".name_ru AS " c "_name_ru, "		\
	c ".country_code AS " c "_country_code, " co ".name_en AS " c "_country_name_en, "\
	co ".name_ru AS " c "_country_name_ru, " co ".continent AS " c "_continent, "	\
	c ".latitude AS " c "_latitude, " c ".longitude AS " c "_longitude, "	\
	c ".population AS " c "_population"

#define P_COLUMNS							\
	"v.id AS id, v.agreement_id AS agreement_id, v.responsible_id AS responsible_id, "\
	DB_PARTNERSHIP_SELECT("v.") ", v.created_at AS created_at, v.updated_at AS updated_at,"\
	" g.title_en AS agreement_title_en, g.title_ru AS agreement_title_ru,"	\
	" u.name AS responsible_name, " PCITY_COLUMNS("a", "ac") ", " PCITY_COLUMNS("b", "bc")
#define P_FROM								\
	" FROM v JOIN cities a ON a.id = v.ca JOIN countries ac ON ac.code = a.country_code"\
	" JOIN cities b ON b.id = v.cb JOIN countries bc ON bc.code = b.country_code"	\
	" LEFT JOIN agreements g ON g.id = v.agreement_id"		\
	" LEFT JOIN users u ON u.id = v.responsible_id"

/* $1..$4: bind_partnership; $5 the time; then the plain columns */
static const char *const SQL_P_INSERT =
	"INSERT INTO partnerships (city_lo, city_hi, agreement_id, responsible_id, created_at,"
	" updated_at, " DB_PARTNERSHIP_NAMES("") ")"
	" VALUES ($1, $2, $3, $4, $5, $5, " DB_PARTNERSHIP_VALUES_FROM_6 ") RETURNING id";

/* $1..$4: bind_partnership; $5 the time, $6 the id; then the plain columns */
static const char *const SQL_P_UPDATE =
	"UPDATE partnerships SET city_lo = $1, city_hi = $2, agreement_id = $3,"
	" responsible_id = $4, updated_at = $5, " DB_PARTNERSHIP_SET_FROM_7 " WHERE id = $6";

static const char *const SQL_P_STATUS =
	"SELECT status FROM partnerships WHERE id = $1";

static const char *const SQL_P_DELETE = "DELETE FROM partnerships WHERE id = $1";

static const char *const SQL_HISTORY_ADD =
	"INSERT INTO partnership_status_history (partnership_id, status, changed_on, note,"
	" user_id, created_at) VALUES ($1, $2, $3, $4, $5, $6)";

static const char *const SQL_HISTORY =
	"SELECT h.status AS status, h.changed_on AS changed_on, h.note AS note,"
	" u.name AS user_name, h.created_at AS created_at"
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
	" SELECT 'kind' AS dim, kind AS key, NULL AS name_en, NULL AS name_ru, COUNT(*) AS count"
	" FROM v GROUP BY kind"
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
	NET_CTE " SELECT " PCITY_COLUMNS("c", "co") ", nodes.depth AS depth,"
	" nodes.shared AS shared, (SELECT COUNT(*) FROM partnerships p WHERE p.city_lo = nodes.id)"
	" + (SELECT COUNT(*) FROM partnerships p WHERE p.city_hi = nodes.id) AS degree"
	" FROM nodes JOIN cities c ON c.id = nodes.id"
	" JOIN countries co ON co.code = c.country_code"
	" ORDER BY nodes.depth, nodes.shared DESC, c.population DESC, c.id";

static const char *const SQL_NET_EDGES =
	NET_CTE " SELECT p.id AS id, p.city_lo AS city_lo, p.city_hi AS city_hi, p.kind AS kind,"
	" p.status AS status FROM partnerships p"
	" WHERE p.city_lo IN (SELECT id FROM nodes) AND p.city_hi IN (SELECT id FROM nodes)"
	" ORDER BY p.id";

/* $1..$4 of an insert or update: the cities in order and the references; $5 now */
static void
bind_partnership(struct db_stmt *st, const struct db_partnership *p, const char *now)
{
	stmt_int(st, 1, p->a.id < p->b.id ? p->a.id : p->b.id);
	stmt_int(st, 2, p->a.id < p->b.id ? p->b.id : p->a.id);
	stmt_id(st, 3, p->agreement_id);
	stmt_id(st, 4, p->responsible_id);
	stmt_text(st, 5, now);
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
	bind_partnership(st, p, now);
	db_partnership_columns_bind(st, 6, p);
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
		was = row_text(old, &a, "status");
	stmt_done(old);
	if (rc != DB_ROW) {
		arena_release(&a);
		return rc == DB_DONE ? DB_NOTFOUND : DB_ERR;
	}
	text_time(time(NULL), now);
	bind_partnership(st, p, now);
	stmt_int(st, 6, p->id);
	db_partnership_columns_bind(st, 7, p);
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

/* Reads the PCITY_COLUMNS named with prefix g ("a_" for PCITY_COLUMNS("a", ...)). */
static void
pcity_row(struct db_stmt *st, struct arena *a, const char *g, struct db_pcity *c)
{
	c->id = group_int(st, g, "id");
	c->geonames_id = group_int(st, g, "geonames_id");
	c->name_en = group_text(st, a, g, "name_en");
	c->name_ru = group_text(st, a, g, "name_ru");
	c->country_code = group_text(st, a, g, "country_code");
	c->country_name_en = group_text(st, a, g, "country_name_en");
	c->country_name_ru = group_text(st, a, g, "country_name_ru");
	c->continent = group_text(st, a, g, "continent");
	c->latitude = group_double(st, g, "latitude");
	c->longitude = group_double(st, g, "longitude");
	c->population = group_int(st, g, "population");
}

static void
partnership_item(struct db_stmt *st, struct arena *a, void *item)
{
	struct db_partnership	*p = item;

	p->id = row_int(st, "id");
	p->agreement_id = row_int(st, "agreement_id");
	p->responsible_id = row_int(st, "responsible_id");
	db_partnership_columns_read(st, a, p);
	p->created_at = row_text(st, a, "created_at");
	p->updated_at = row_text(st, a, "updated_at");
	p->agreement_title_en = row_text(st, a, "agreement_title_en");
	p->agreement_title_ru = row_text(st, a, "agreement_title_ru");
	p->responsible_name = row_text(st, a, "responsible_name");
	pcity_row(st, a, "a_", &p->a);
	pcity_row(st, a, "b_", &p->b);
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

	h->status = row_text(st, a, "status");
	h->changed_on = row_text(st, a, "changed_on");
	h->note = row_text(st, a, "note");
	h->user_name = row_text(st, a, "user_name");
	h->created_at = row_text(st, a, "created_at");
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

	g->dim = row_text(st, a, "dim");
	g->key = row_text(st, a, "key");
	g->name_en = row_text(st, a, "name_en");
	g->name_ru = row_text(st, a, "name_ru");
	g->count = row_int(st, "count");
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

	pcity_row(st, a, "c_", &nd->city);
	nd->depth = (int)row_int(st, "depth");
	nd->shared = row_int(st, "shared");
	nd->degree = row_int(st, "degree");
}

static void
edge_item(struct db_stmt *st, struct arena *a, void *item)
{
	struct db_net_edge	*e = item;

	e->id = row_int(st, "id");
	e->a = row_int(st, "city_lo");
	e->b = row_int(st, "city_hi");
	e->kind = row_text(st, a, "kind");
	e->status = row_text(st, a, "status");
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
