/*
 * cooperation: roadmap items of an agreement with their notes and the
 * history of every change; links to meeting decisions; trade series and
 * their points.
 */
#include "db_internal.h"

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

static const char *const SQL_LINKS =
	"SELECT action_id FROM roadmap_actions WHERE item_id = $1 ORDER BY action_id";

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
	struct db_stmt	*st = stmt_prepare(db, SQL_N_LIST);

	if (st == NULL)
		return DB_ERR;
	stmt_int(st, 1, item_id);
	return stmt_rows(st, a, sizeof(**out), note_row, (void **)out, n);
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
	struct db_stmt	*st = stmt_prepare(db, SQL_H_LIST);

	if (st == NULL)
		return DB_ERR;
	stmt_int(st, 1, item_id);
	return stmt_rows(st, a, sizeof(**out), change_row, (void **)out, n);
}

int
db_roadmap_link_action(struct db *db, int64_t item_id, int64_t action_id)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_LINK);

	if (st == NULL)
		return DB_ERR;
	stmt_int(st, 1, item_id);
	stmt_int(st, 2, action_id);
	return stmt_exec(st);
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

/* --- trade --- */

static const char *const SQL_T_SERIES =
	"SELECT s.id, s.reporter_city_id, s.partner_city_id, s.partner_country, s.flow,"
	" s.currency, rc.name_en, COALESCE(rc.name_ru, rc.name_en),"
	" COALESCE(pc.name_en, co.name_en), COALESCE(pc.name_ru, pc.name_en, co.name_ru)"
	" FROM trade_series s JOIN cities rc ON rc.id = s.reporter_city_id"
	" LEFT JOIN cities pc ON pc.id = s.partner_city_id"
	" LEFT JOIN countries co ON co.code = s.partner_country"
	" WHERE $1 = 0 OR s.reporter_city_id = $1 OR s.partner_city_id = $1"
	" OR s.partner_country = (SELECT country_code FROM cities WHERE id = $1)"
	" ORDER BY s.id";

static const char *const SQL_T_POINTS =
	"SELECT id, series_id, period, value, derived, note_ru, note_en FROM trade_points"
	" WHERE series_id = $1 ORDER BY period";

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
