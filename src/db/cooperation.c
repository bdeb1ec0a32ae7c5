/*
 * cooperation: roadmap items of an agreement with their notes and the
 * history of every change; links to meeting decisions; trade series and
 * their points.
 */
#include "db_internal.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../base/text.h"

#define R_COLUMNS							\
	"id, agreement_id, position, sector, side, title_ru, title_en, responsible_home,"	\
	" responsible_partner, due_date, due_quarter, status, created_at, updated_at"

static const char *const SQL_R_LIST =
	"SELECT " R_COLUMNS " FROM roadmap_items WHERE ($1 = 0 OR agreement_id = $1)"
	" ORDER BY agreement_id, position, id";

static const char *const SQL_R_GET = "SELECT " R_COLUMNS " FROM roadmap_items WHERE id = $1";

static const char *const SQL_R_INSERT =
	"INSERT INTO roadmap_items (agreement_id, position, sector, side, title_ru, title_en,"
	" responsible_home, responsible_partner, due_date, due_quarter, status, created_at,"
	" updated_at) VALUES ($1, (SELECT COUNT(*) + 1 FROM roadmap_items WHERE agreement_id = $1),"
	" $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) RETURNING id";

static const char *const SQL_R_UPDATE =
	"UPDATE roadmap_items SET sector = $2, side = $3, title_ru = $4, title_en = $5,"
	" responsible_home = $6, responsible_partner = $7, due_date = $8, due_quarter = $9,"
	" status = $10, updated_at = $11 WHERE id = $1";

static const char *const SQL_H_ADD =
	"INSERT INTO roadmap_history (item_id, field, old_value, new_value, user_id, changed_at)"
	" VALUES ($1, $2, $3, $4, $5, $6)";

static const char *const SQL_H_LIST =
	"SELECT h.id, h.item_id, h.user_id, h.field, h.old_value, h.new_value, u.name,"
	" h.changed_at FROM roadmap_history h LEFT JOIN users u ON u.id = h.user_id"
	" WHERE h.item_id = $1 ORDER BY h.id";

static const char *const SQL_N_ADD =
	"INSERT INTO roadmap_notes (item_id, noted_on, text, user_id, created_at)"
	" VALUES ($1, $2, $3, $4, $5) RETURNING id";

static const char *const SQL_N_LIST =
	"SELECT n.id, n.item_id, n.user_id, n.noted_on, n.text, u.name, n.created_at"
	" FROM roadmap_notes n LEFT JOIN users u ON u.id = n.user_id"
	" WHERE n.item_id = $1 ORDER BY n.noted_on, n.id";

static const char *const SQL_LINK =
	"INSERT INTO roadmap_actions (item_id, action_id) VALUES ($1, $2) ON CONFLICT DO NOTHING";

static const char *const SQL_UNLINK =
	"DELETE FROM roadmap_actions WHERE item_id = $1 AND action_id = $2";

static const char *const SQL_LINKS =
	"SELECT action_id FROM roadmap_actions WHERE item_id = $1 ORDER BY action_id";

static const char *const SQL_LINKS_OF_MEETING =
	"SELECT ra.action_id, ri.id, ri.agreement_id, ri.title_ru, ri.title_en"
	" FROM roadmap_actions ra JOIN roadmap_items ri ON ri.id = ra.item_id"
	" JOIN action_items ai ON ai.id = ra.action_id WHERE ai.meeting_id = $1"
	" ORDER BY ri.agreement_id, ri.position, ri.id";

static void
roadmap_row(struct db_stmt *st, struct arena *a, void *item)
{
	struct db_roadmap_item	*it = item;

	it->id = col_int(st, 0);
	it->agreement_id = col_int(st, 1);
	it->position = col_int(st, 2);
	it->sector = col_text(st, a, 3);
	it->side = col_text(st, a, 4);
	it->title_ru = col_text(st, a, 5);
	it->title_en = col_text(st, a, 6);
	it->responsible_home = col_text(st, a, 7);
	it->responsible_partner = col_text(st, a, 8);
	it->due_date = col_text(st, a, 9);
	it->due_quarter = col_text(st, a, 10);
	it->status = col_text(st, a, 11);
	it->created_at = col_text(st, a, 12);
	it->updated_at = col_text(st, a, 13);
}

int
db_roadmap_list(struct db *db, struct arena *a, int64_t agreement_id,
    struct db_roadmap_item **out, size_t *n)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_R_LIST);

	if (st == NULL)
		return DB_ERR;
	stmt_int(st, 1, agreement_id);
	return stmt_rows(st, a, sizeof(**out), roadmap_row, (void **)out, n);
}

int
db_roadmap_get(struct db *db, struct arena *a, int64_t id, struct db_roadmap_item *out)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_R_GET);

	if (st == NULL)
		return DB_ERR;
	stmt_int(st, 1, id);
	return stmt_one(st, a, roadmap_row, out);
}

static void
bind_item(struct db_stmt *st, int first, const struct db_roadmap_item *it)
{
	stmt_text(st, first, it->sector);
	stmt_text(st, first + 1, it->side);
	stmt_text(st, first + 2, it->title_ru);
	stmt_text(st, first + 3, it->title_en);
	stmt_text(st, first + 4, it->responsible_home);
	stmt_text(st, first + 5, it->responsible_partner);
	stmt_text(st, first + 6, it->due_date);
	stmt_text(st, first + 7, it->due_quarter);
	stmt_text(st, first + 8, it->status);
}

/* Equal text, NULL equal to NULL only. */
static bool
same(const char *a, const char *b)
{
	return a == NULL || b == NULL ? a == b : strcmp(a, b) == 0;
}

static int
history_add(struct db *db, int64_t item_id, const char *field, const char *old_value,
    const char *new_value, int64_t user_id, const char *now)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_H_ADD);

	if (st == NULL)
		return DB_ERR;
	stmt_int(st, 1, item_id);
	stmt_text(st, 2, field);
	stmt_text(st, 3, old_value);
	stmt_text(st, 4, new_value);
	stmt_id(st, 5, user_id);
	stmt_text(st, 6, now);
	return stmt_exec(st);
}

int
db_roadmap_insert(struct db *db, const struct db_roadmap_item *it, int64_t user_id,
    int64_t *id)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_R_INSERT);
	char		 now[TEXT_TIME_LEN];
	int		 rc;

	if (st == NULL)
		return DB_ERR;
	text_time(time(NULL), now);
	stmt_int(st, 1, it->agreement_id);
	bind_item(st, 2, it);
	stmt_text(st, 11, now);
	if ((rc = stmt_scalar(st, id)) != DB_OK)
		return rc;
	return history_add(db, *id, "created", NULL, it->status, user_id, now);
}

int
db_roadmap_update(struct db *db, const struct db_roadmap_item *old,
    const struct db_roadmap_item *it, int64_t user_id)
{
	const char *const names[] = { "sector", "side", "title_ru", "title_en",
		"responsible_home", "responsible_partner", "due_date", "due_quarter", "status" };
	const char *const was[] = { old->sector, old->side, old->title_ru, old->title_en,
		old->responsible_home, old->responsible_partner, old->due_date,
		old->due_quarter, old->status };
	const char *const now_v[] = { it->sector, it->side, it->title_ru, it->title_en,
		it->responsible_home, it->responsible_partner, it->due_date,
		it->due_quarter, it->status };
	struct db_stmt	*st = stmt_prepare(db, SQL_R_UPDATE);
	char		 now[TEXT_TIME_LEN];
	int		 rc;

	if (st == NULL)
		return DB_ERR;
	text_time(time(NULL), now);
	stmt_int(st, 1, it->id);
	bind_item(st, 2, it);
	stmt_text(st, 11, now);
	if ((rc = stmt_exec_one(db, st)) != DB_OK)
		return rc;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!same(was[i], now_v[i]) &&
		    (rc = history_add(db, it->id, names[i], was[i], now_v[i], user_id, now)) != DB_OK)
			return rc;
	return DB_OK;
}

int
db_roadmap_note_add(struct db *db, int64_t item_id, const char *noted_on, const char *text,
    int64_t user_id, int64_t *id)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_N_ADD);
	char		 now[TEXT_TIME_LEN];
	int		 rc;

	if (st == NULL)
		return DB_ERR;
	text_time(time(NULL), now);
	stmt_int(st, 1, item_id);
	stmt_text(st, 2, noted_on);
	stmt_text(st, 3, text);
	stmt_id(st, 4, user_id);
	stmt_text(st, 5, now);
	if ((rc = stmt_scalar(st, id)) != DB_OK)
		return rc;
	return history_add(db, item_id, "note", NULL, text, user_id, now);
}

static void
note_row(struct db_stmt *st, struct arena *a, void *item)
{
	struct db_roadmap_note	*n = item;

	n->id = col_int(st, 0);
	n->item_id = col_int(st, 1);
	n->user_id = col_int(st, 2);
	n->noted_on = col_text(st, a, 3);
	n->text = col_text(st, a, 4);
	n->author = col_text(st, a, 5);
	n->created_at = col_text(st, a, 6);
}

int
db_roadmap_notes(struct db *db, struct arena *a, int64_t item_id,
    struct db_roadmap_note **out, size_t *n)
{
	return db_rows_by_id(db, a, SQL_N_LIST, item_id, sizeof(**out), note_row, (void **)out, n);
}

static void
change_row(struct db_stmt *st, struct arena *a, void *item)
{
	struct db_roadmap_change	*c = item;

	c->id = col_int(st, 0);
	c->item_id = col_int(st, 1);
	c->user_id = col_int(st, 2);
	c->field = col_text(st, a, 3);
	c->old_value = col_text(st, a, 4);
	c->new_value = col_text(st, a, 5);
	c->author = col_text(st, a, 6);
	c->changed_at = col_text(st, a, 7);
}

int
db_roadmap_history(struct db *db, struct arena *a, int64_t item_id,
    struct db_roadmap_change **out, size_t *n)
{
	return db_rows_by_id(db, a, SQL_H_LIST, item_id, sizeof(**out), change_row, (void **)out, n);
}

/*
 * Runs SQL_LINK or SQL_UNLINK on the pair and, when it changed a row, records
 * "decision" in the history: linked (NULL -> id) or unlinked (id -> NULL).
 * DB_NOTFOUND when it changed none.
 */
static int
decision_write(struct db *db, const char *sql, int64_t item_id, int64_t action_id,
    int64_t user_id, bool linked)
{
	struct db_stmt	*st = stmt_prepare(db, sql);
	char		 id[24], now[TEXT_TIME_LEN];
	int		 rc;

	if (st == NULL)
		return DB_ERR;
	stmt_int(st, 1, item_id);
	stmt_int(st, 2, action_id);
	if ((rc = stmt_exec_one(db, st)) != DB_OK)
		return rc;
	snprintf(id, sizeof(id), "%lld", (long long)action_id);
	text_time(time(NULL), now);
	return history_add(db, item_id, "decision", linked ? NULL : id, linked ? id : NULL,
	    user_id, now);
}

int
db_roadmap_link_action(struct db *db, int64_t item_id, int64_t action_id, int64_t user_id)
{
	int	rc = decision_write(db, SQL_LINK, item_id, action_id, user_id, true);

	return rc == DB_NOTFOUND ? DB_OK : rc;	/* linked already */
}

int
db_roadmap_unlink_action(struct db *db, int64_t item_id, int64_t action_id, int64_t user_id)
{
	return decision_write(db, SQL_UNLINK, item_id, action_id, user_id, false);
}

static void
id_row(struct db_stmt *st, struct arena *a, void *item)
{
	(void)a;
	*(int64_t *)item = col_int(st, 0);
}

int
db_roadmap_actions(struct db *db, struct arena *a, int64_t item_id, int64_t **out, size_t *n)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_LINKS);

	if (st == NULL)
		return DB_ERR;
	stmt_int(st, 1, item_id);
	return stmt_rows(st, a, sizeof(**out), id_row, (void **)out, n);
}

static void
link_row(struct db_stmt *st, struct arena *a, void *item)
{
	struct db_roadmap_link	*l = item;

	l->action_id = col_int(st, 0);
	l->item_id = col_int(st, 1);
	l->agreement_id = col_int(st, 2);
	l->title_ru = col_text(st, a, 3);
	l->title_en = col_text(st, a, 4);
}

int
db_roadmap_links_of_meeting(struct db *db, struct arena *a, int64_t meeting_id,
    struct db_roadmap_link **out, size_t *n)
{
	return db_rows_by_id(db, a, SQL_LINKS_OF_MEETING, meeting_id, sizeof(**out), link_row,
	    (void **)out, n);
}

/* --- trade --- */

static const char *const SQL_T_SERIES =
	"SELECT s.id, s.reporter_city_id, s.partner_city_id, s.partner_country, s.flow,"
	" s.currency, rc.name_en, COALESCE(rc.name_ru, rc.name_en),"
	" COALESCE(pc.name_en, co.name_en), COALESCE(pc.name_ru, pc.name_en, co.name_ru),"
	" rc.geonames_id, pc.geonames_id"
	" FROM trade_series s JOIN cities rc ON rc.id = s.reporter_city_id"
	" LEFT JOIN cities pc ON pc.id = s.partner_city_id"
	" LEFT JOIN countries co ON co.code = s.partner_country"
	" WHERE $1 = 0 OR s.reporter_city_id = $1 OR s.partner_city_id = $1"
	" OR s.partner_country = (SELECT country_code FROM cities WHERE id = $1)"
	" ORDER BY s.id";

static const char *const SQL_T_POINTS =
	"SELECT id, series_id, period, value, derived, note_ru, note_en FROM trade_points"
	" WHERE series_id = $1 ORDER BY period";

static const char *const SQL_T_POINT =
	"SELECT id, series_id, period, value, derived, note_ru, note_en FROM trade_points"
	" WHERE series_id = $1 AND period = $2";

static const char *const SQL_T_FIND =
	"SELECT id FROM trade_series WHERE reporter_city_id = $1"
	" AND partner_country IS NOT DISTINCT FROM $2 AND partner_city_id IS NOT DISTINCT FROM $3"
	" AND flow = $4 AND currency = $5";

static const char *const SQL_T_SERIES_ADD =
	"INSERT INTO trade_series (reporter_city_id, partner_country, partner_city_id, flow,"
	" currency, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id";

static const char *const SQL_T_POINT_PUT =
	"INSERT INTO trade_points (series_id, period, value, derived, note_ru, note_en,"
	" created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (series_id, period)"
	" DO UPDATE SET value = excluded.value, derived = excluded.derived,"
	" note_ru = excluded.note_ru, note_en = excluded.note_en";

static void
series_row(struct db_stmt *st, struct arena *a, void *item)
{
	struct db_trade_series	*s = item;

	memset(s, 0, sizeof(*s));
	s->id = col_int(st, 0);
	s->reporter_city_id = col_int(st, 1);
	s->partner_city_id = col_int(st, 2);
	s->partner_country = col_text(st, a, 3);
	s->flow = col_text(st, a, 4);
	s->currency = col_text(st, a, 5);
	s->reporter_name_en = col_text(st, a, 6);
	s->reporter_name_ru = col_text(st, a, 7);
	s->partner_name_en = col_text(st, a, 8);
	s->partner_name_ru = col_text(st, a, 9);
	s->reporter_geonames_id = col_int(st, 10);
	s->partner_geonames_id = col_int(st, 11);
}

static void
point_row(struct db_stmt *st, struct arena *a, void *item)
{
	struct db_trade_point	*p = item;

	p->id = col_int(st, 0);
	p->series_id = col_int(st, 1);
	p->period = col_text(st, a, 2);
	p->value = col_double(st, 3);
	p->derived = col_int(st, 4) != 0;
	p->note_ru = col_text(st, a, 5);
	p->note_en = col_text(st, a, 6);
}

int
db_trade_list(struct db *db, struct arena *a, int64_t city_id, struct db_trade_series **out,
    size_t *n)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_T_SERIES);
	struct db_stmt	*ps = stmt_prepare(db, SQL_T_POINTS);
	int		 rc;

	if (st == NULL || ps == NULL)
		return DB_ERR;
	stmt_int(st, 1, city_id);
	if ((rc = stmt_rows(st, a, sizeof(**out), series_row, (void **)out, n)) != DB_OK)
		return rc;
	for (size_t i = 0; i < *n; i++) {
		stmt_int(ps, 1, (*out)[i].id);
		if ((rc = stmt_rows(ps, a, sizeof(struct db_trade_point), point_row,
		    (void **)&(*out)[i].points, &(*out)[i].npoints)) != DB_OK)
			return rc;
	}
	return DB_OK;
}

int
db_trade_series_put(struct db *db, const struct db_trade_series *s, int64_t *id)
{
	struct db_stmt	*find = stmt_prepare(db, SQL_T_FIND);
	struct db_stmt	*add = stmt_prepare(db, SQL_T_SERIES_ADD);
	char		 now[TEXT_TIME_LEN];
	int		 rc;

	if (find == NULL || add == NULL)
		return DB_ERR;
	stmt_int(find, 1, s->reporter_city_id);
	stmt_text(find, 2, s->partner_country);
	stmt_id(find, 3, s->partner_city_id);
	stmt_text(find, 4, s->flow);
	stmt_text(find, 5, s->currency);
	rc = stmt_scalar(find, id);
	if (rc != DB_NOTFOUND)
		return rc;
	text_time(time(NULL), now);
	stmt_int(add, 1, s->reporter_city_id);
	stmt_text(add, 2, s->partner_country);
	stmt_id(add, 3, s->partner_city_id);
	stmt_text(add, 4, s->flow);
	stmt_text(add, 5, s->currency);
	stmt_text(add, 6, now);
	return stmt_scalar(add, id);
}

int
db_trade_point_put(struct db *db, const struct db_trade_point *p)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_T_POINT_PUT);
	char		 now[TEXT_TIME_LEN];

	if (st == NULL)
		return DB_ERR;
	text_time(time(NULL), now);
	stmt_int(st, 1, p->series_id);
	stmt_text(st, 2, p->period);
	stmt_double(st, 3, p->value);
	stmt_int(st, 4, p->derived);
	stmt_text(st, 5, p->note_ru);
	stmt_text(st, 6, p->note_en);
	stmt_text(st, 7, now);
	return stmt_exec(st);
}

int
db_trade_point_get(struct db *db, struct arena *a, int64_t series_id, const char *period,
    struct db_trade_point *out)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_T_POINT);

	if (st == NULL)
		return DB_ERR;
	stmt_int(st, 1, series_id);
	stmt_text(st, 2, period);
	return stmt_one(st, a, point_row, out);
}

int
db_country_known(struct db *db, const char *code, bool *out)
{
	struct db_stmt	*st = stmt_prepare(db, "SELECT COUNT(*) FROM countries WHERE code = $1");
	int64_t		 n = 0;
	int		 rc;

	if (st == NULL)
		return DB_ERR;
	stmt_text(st, 1, code);
	rc = stmt_scalar(st, &n);
	*out = n > 0;
	return rc;
}

/* --- events --- */

#define E_COLUMNS							\
	"e.id, e.parent_id, e.kind, e.title_ru, e.title_en, e.description_ru,"	\
	" e.description_en, e.host_city_id, e.guest_city_id, e.starts_on, e.ends_on,"	\
	" e.period_ru, e.period_en, e.format, e.venue, e.status, e.partnership_id,"	\
	" e.roadmap_item_id, e.responsible_id, e.published, e.created_at, e.updated_at,"	\
	" h.name_en, COALESCE(h.name_ru, h.name_en), h.country_code,"	\
	" g.name_en, COALESCE(g.name_ru, g.name_en), g.country_code, u.name,"	\
	" p.kind, p.published, p.city_lo, pl.name_en, COALESCE(pl.name_ru, pl.name_en),"	\
	" pl.country_code, p.city_hi, ph.name_en, COALESCE(ph.name_ru, ph.name_en),"	\
	" ph.country_code, r.agreement_id, r.title_ru, r.title_en,"	\
	" (SELECT MAX(x.changed_on) FROM event_status_history x WHERE x.event_id = e.id)"

#define E_FROM								\
	" FROM events e LEFT JOIN cities h ON h.id = e.host_city_id"	\
	" LEFT JOIN cities g ON g.id = e.guest_city_id"			\
	" LEFT JOIN users u ON u.id = e.responsible_id"			\
	" LEFT JOIN partnerships p ON p.id = e.partnership_id"		\
	" LEFT JOIN cities pl ON pl.id = p.city_lo"			\
	" LEFT JOIN cities ph ON ph.id = p.city_hi"			\
	" LEFT JOIN roadmap_items r ON r.id = e.roadmap_item_id"

static const char *const SQL_E_LIST =
	"SELECT " E_COLUMNS E_FROM
	" WHERE" EVENT_IN_SCOPE("1", "2")
	" AND ($3 = 0 OR ($3 < 0 AND e.parent_id IS NULL) OR e.parent_id = $3)"
	" ORDER BY e.starts_on IS NULL, e.starts_on, e.id";

static const char *const SQL_E_GET = "SELECT " E_COLUMNS E_FROM " WHERE e.id = $1";

static const char *const SQL_E_INSERT =
	"INSERT INTO events (parent_id, kind, title_ru, title_en, description_ru, description_en,"
	" host_city_id, guest_city_id, starts_on, ends_on, period_ru, period_en, format, venue,"
	" status, partnership_id, roadmap_item_id, responsible_id, published, created_at,"
	" updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15,"
	" $16, $17, $18, $19, $20, $20) RETURNING id";

static const char *const SQL_E_UPDATE =
	"UPDATE events SET parent_id = $1, kind = $2, title_ru = $3, title_en = $4,"
	" description_ru = $5, description_en = $6, host_city_id = $7, guest_city_id = $8,"
	" starts_on = $9, ends_on = $10, period_ru = $11, period_en = $12, format = $13,"
	" venue = $14, status = $15, partnership_id = $16, roadmap_item_id = $17,"
	" responsible_id = $18, published = $19, updated_at = $20 WHERE id = $21";

static const char *const SQL_EH_ADD =
	"INSERT INTO event_status_history (event_id, status, changed_on, user_id, created_at, as_of)"
	" VALUES ($1, $2, $3, $4, $5, $6)";

static const char *const SQL_EH_LIST =
	"SELECT x.status, x.changed_on, u.name, x.as_of FROM event_status_history x"
	" LEFT JOIN users u ON u.id = x.user_id WHERE x.event_id = $1 ORDER BY x.id";

static void
event_row(struct db_stmt *st, struct arena *a, void *item)
{
	struct db_event	*e = item;

	memset(e, 0, sizeof(*e));
	e->id = col_int(st, 0);
	e->parent_id = col_int(st, 1);
	e->kind = col_text(st, a, 2);
	e->title_ru = col_text(st, a, 3);
	e->title_en = col_text(st, a, 4);
	e->description_ru = col_text(st, a, 5);
	e->description_en = col_text(st, a, 6);
	e->host_city_id = col_int(st, 7);
	e->guest_city_id = col_int(st, 8);
	e->starts_on = col_text(st, a, 9);
	e->ends_on = col_text(st, a, 10);
	e->period_ru = col_text(st, a, 11);
	e->period_en = col_text(st, a, 12);
	e->format = col_text(st, a, 13);
	e->venue = col_text(st, a, 14);
	e->status = col_text(st, a, 15);
	e->partnership_id = col_int(st, 16);
	e->roadmap_item_id = col_int(st, 17);
	e->responsible_id = col_int(st, 18);
	e->published = col_int(st, 19) != 0;
	e->created_at = col_text(st, a, 20);
	e->updated_at = col_text(st, a, 21);
	e->host.id = e->host_city_id;
	e->host.name_en = col_text(st, a, 22);
	e->host.name_ru = col_text(st, a, 23);
	e->host.country_code = col_text(st, a, 24);
	e->guest.id = e->guest_city_id;
	e->guest.name_en = col_text(st, a, 25);
	e->guest.name_ru = col_text(st, a, 26);
	e->guest.country_code = col_text(st, a, 27);
	e->responsible_name = col_text(st, a, 28);
	e->partnership_kind = col_text(st, a, 29);
	e->partnership_published = col_int(st, 30) != 0;
	e->partnership_lo.id = col_int(st, 31);
	e->partnership_lo.name_en = col_text(st, a, 32);
	e->partnership_lo.name_ru = col_text(st, a, 33);
	e->partnership_lo.country_code = col_text(st, a, 34);
	e->partnership_hi.id = col_int(st, 35);
	e->partnership_hi.name_en = col_text(st, a, 36);
	e->partnership_hi.name_ru = col_text(st, a, 37);
	e->partnership_hi.country_code = col_text(st, a, 38);
	e->roadmap_agreement_id = col_int(st, 39);
	e->roadmap_title_ru = col_text(st, a, 40);
	e->roadmap_title_en = col_text(st, a, 41);
	e->status_since = col_text(st, a, 42);
}

int
db_event_list(struct db *db, struct arena *a, int64_t city_id, bool published_only,
    int64_t parent_id, struct db_event **out, size_t *n)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_E_LIST);

	if (st == NULL)
		return DB_ERR;
	stmt_int(st, 1, city_id);
	stmt_int(st, 2, published_only);
	stmt_int(st, 3, parent_id);
	return stmt_rows(st, a, sizeof(**out), event_row, (void **)out, n);
}

bool
db_event_in_scope(const struct db_event_scope *s, const struct db_event *e)
{
	return (s->city_id == 0 && !s->published_only) || e->published ||
	    (s->city_id != 0 && (e->host_city_id == s->city_id || e->guest_city_id == s->city_id));
}

int
db_event_get(struct db *db, struct arena *a, int64_t id, struct db_event *out)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_E_GET);

	if (st == NULL)
		return DB_ERR;
	stmt_int(st, 1, id);
	return stmt_one(st, a, event_row, out);
}

static void
bind_event(struct db_stmt *st, const struct db_event *e, const char *now)
{
	stmt_id(st, 1, e->parent_id);
	stmt_text(st, 2, e->kind);
	stmt_text(st, 3, e->title_ru);
	stmt_text(st, 4, e->title_en);
	stmt_text(st, 5, e->description_ru);
	stmt_text(st, 6, e->description_en);
	stmt_id(st, 7, e->host_city_id);
	stmt_id(st, 8, e->guest_city_id);
	stmt_text(st, 9, e->starts_on);
	stmt_text(st, 10, e->ends_on);
	stmt_text(st, 11, e->period_ru);
	stmt_text(st, 12, e->period_en);
	stmt_text(st, 13, e->format);
	stmt_text(st, 14, e->venue);
	stmt_text(st, 15, e->status);
	stmt_id(st, 16, e->partnership_id);
	stmt_id(st, 17, e->roadmap_item_id);
	stmt_id(st, 18, e->responsible_id);
	stmt_int(st, 19, e->published);
	stmt_text(st, 20, now);
}

static int
event_history_add(struct db *db, const struct db_event *e, int64_t id, const char *on,
    int64_t user_id, const char *now)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_EH_ADD);

	if (st == NULL)
		return DB_ERR;
	stmt_int(st, 1, id);
	stmt_text(st, 2, e->status);
	stmt_text(st, 3, on);
	stmt_id(st, 4, user_id);
	stmt_text(st, 5, now);
	stmt_int(st, 6, e->status_as_of);
	return stmt_exec(st);
}

int
db_event_insert(struct db *db, const struct db_event *e, int64_t user_id, const char *today,
    int64_t *id)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_E_INSERT);
	char		 now[TEXT_TIME_LEN];
	int		 rc;

	if (st == NULL)
		return DB_ERR;
	text_time(time(NULL), now);
	bind_event(st, e, now);
	if ((rc = stmt_scalar(st, id)) != DB_OK)
		return rc;
	return event_history_add(db, e, *id, today, user_id, now);
}

int
db_event_update(struct db *db, const struct db_event *old, const struct db_event *e,
    int64_t user_id, const char *today)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_E_UPDATE);
	char		 now[TEXT_TIME_LEN];
	int		 rc;

	if (st == NULL)
		return DB_ERR;
	text_time(time(NULL), now);
	bind_event(st, e, now);
	stmt_int(st, 21, e->id);
	if ((rc = stmt_exec_one(db, st)) != DB_OK)
		return rc;
	if (same(old->status, e->status))
		return DB_OK;
	return event_history_add(db, e, e->id, today, user_id, now);
}

static void
event_change_row(struct db_stmt *st, struct arena *a, void *item)
{
	struct db_event_change	*c = item;

	c->status = col_text(st, a, 0);
	c->changed_on = col_text(st, a, 1);
	c->author = col_text(st, a, 2);
	c->as_of = col_int(st, 3) != 0;
}

int
db_event_history(struct db *db, struct arena *a, int64_t id, struct db_event_change **out,
    size_t *n)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_EH_LIST);

	if (st == NULL)
		return DB_ERR;
	stmt_int(st, 1, id);
	return stmt_rows(st, a, sizeof(**out), event_change_row, (void **)out, n);
}
