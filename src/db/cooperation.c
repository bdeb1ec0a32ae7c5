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
	"id AS id, agreement_id AS agreement_id, position AS position, "	\
	DB_ROADMAP_ITEM_SELECT("") ", created_at AS created_at, updated_at AS updated_at"

static const char *const SQL_R_LIST =
	"SELECT " R_COLUMNS " FROM roadmap_items WHERE ($1 = 0 OR agreement_id = $1)"
	" ORDER BY agreement_id, position, id";

static const char *const SQL_R_GET = "SELECT " R_COLUMNS " FROM roadmap_items WHERE id = $1";

/* $1 the agreement, $2 the time; then the plain columns */
static const char *const SQL_R_INSERT =
	"INSERT INTO roadmap_items (agreement_id, position, created_at, updated_at, "
	DB_ROADMAP_ITEM_NAMES("") ") VALUES ($1,"
	" (SELECT COUNT(*) + 1 FROM roadmap_items WHERE agreement_id = $1), $2, $2, "
	DB_ROADMAP_ITEM_VALUES_FROM_3 ") RETURNING id";

/* $1 the id, $2 the time; then the plain columns */
static const char *const SQL_R_UPDATE =
	"UPDATE roadmap_items SET updated_at = $2, " DB_ROADMAP_ITEM_SET_FROM_3 " WHERE id = $1";

static const char *const SQL_H_ADD =
	"INSERT INTO roadmap_history (item_id, field, old_value, new_value, user_id, changed_at)"
	" VALUES ($1, $2, $3, $4, $5, $6)";

static const char *const SQL_H_LIST =
	"SELECT h.id AS id, h.item_id AS item_id, h.user_id AS user_id, h.field AS field,"
	" h.old_value AS old_value, h.new_value AS new_value, u.name AS author,"
	" h.changed_at AS changed_at FROM roadmap_history h LEFT JOIN users u ON u.id = h.user_id"
	" WHERE h.item_id = $1 ORDER BY h.id";

static const char *const SQL_N_ADD =
	"INSERT INTO roadmap_notes (item_id, noted_on, text, user_id, created_at)"
	" VALUES ($1, $2, $3, $4, $5) RETURNING id";

static const char *const SQL_N_LIST =
	"SELECT n.id AS id, n.item_id AS item_id, n.user_id AS user_id, n.noted_on AS noted_on,"
	" n.text AS text, u.name AS author, n.created_at AS created_at FROM roadmap_notes n LEFT JOIN users u ON u.id = n.user_id"
	" WHERE n.item_id = $1 ORDER BY n.noted_on, n.id";

static const char *const SQL_LINK =
	"INSERT INTO roadmap_actions (item_id, action_id) VALUES ($1, $2) ON CONFLICT DO NOTHING";

static const char *const SQL_UNLINK =
	"DELETE FROM roadmap_actions WHERE item_id = $1 AND action_id = $2";

static const char *const SQL_LINKS =
	"SELECT action_id AS action_id FROM roadmap_actions WHERE item_id = $1 ORDER BY action_id";

static const char *const SQL_LINKS_OF_MEETING =
	"SELECT ra.action_id AS action_id, ri.id AS item_id, ri.agreement_id AS agreement_id,"
	" ri.title_ru AS title_ru, ri.title_en AS title_en FROM roadmap_actions ra JOIN roadmap_items ri ON ri.id = ra.item_id"
	" JOIN action_items ai ON ai.id = ra.action_id WHERE ai.meeting_id = $1"
	" ORDER BY ri.agreement_id, ri.position, ri.id";

static void
roadmap_row(struct db_stmt *st, struct arena *a, void *item)
{
	struct db_roadmap_item	*it = item;

	it->id = row_int(st, "id");
	it->agreement_id = row_int(st, "agreement_id");
	it->position = row_int(st, "position");
	db_roadmap_item_columns_read(st, a, it);
	it->created_at = row_text(st, a, "created_at");
	it->updated_at = row_text(st, a, "updated_at");
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
	stmt_text(st, 2, now);
	db_roadmap_item_columns_bind(st, 3, it);
	if ((rc = stmt_scalar(st, id)) != DB_OK)
		return rc;
	return history_add(db, *id, "created", NULL, it->status, user_id, now);
}

int
db_roadmap_update(struct db *db, const struct db_roadmap_item *old,
    const struct db_roadmap_item *it, int64_t user_id)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_R_UPDATE);
	char		 now[TEXT_TIME_LEN];
	int		 rc;

	if (st == NULL)
		return DB_ERR;
	text_time(time(NULL), now);
	stmt_int(st, 1, it->id);
	stmt_text(st, 2, now);
	db_roadmap_item_columns_bind(st, 3, it);
	rc = stmt_exec_one(db, st);
	/* a line of history for each column that changed (all text: a column of another kind needs its own) */
#define CHANGED(member, kind)							\
	if (rc == DB_OK && !same(old->member, it->member))			\
		rc = history_add(db, it->id, #member, old->member, it->member, user_id, now);
	DB_ROADMAP_ITEM_EACH(CHANGED)
#undef CHANGED
	return rc;
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

	n->id = row_int(st, "id");
	n->item_id = row_int(st, "item_id");
	n->user_id = row_int(st, "user_id");
	n->noted_on = row_text(st, a, "noted_on");
	n->text = row_text(st, a, "text");
	n->author = row_text(st, a, "author");
	n->created_at = row_text(st, a, "created_at");
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

	c->id = row_int(st, "id");
	c->item_id = row_int(st, "item_id");
	c->user_id = row_int(st, "user_id");
	c->field = row_text(st, a, "field");
	c->old_value = row_text(st, a, "old_value");
	c->new_value = row_text(st, a, "new_value");
	c->author = row_text(st, a, "author");
	c->changed_at = row_text(st, a, "changed_at");
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
action_id_row(struct db_stmt *st, struct arena *a, void *item)
{
	(void)a;
	*(int64_t *)item = row_int(st, "action_id");
}

int
db_roadmap_actions(struct db *db, struct arena *a, int64_t item_id, int64_t **out, size_t *n)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_LINKS);

	if (st == NULL)
		return DB_ERR;
	stmt_int(st, 1, item_id);
	return stmt_rows(st, a, sizeof(**out), action_id_row, (void **)out, n);
}

static void
link_row(struct db_stmt *st, struct arena *a, void *item)
{
	struct db_roadmap_link	*l = item;

	l->action_id = row_int(st, "action_id");
	l->item_id = row_int(st, "item_id");
	l->agreement_id = row_int(st, "agreement_id");
	l->title_ru = row_text(st, a, "title_ru");
	l->title_en = row_text(st, a, "title_en");
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
	"SELECT s.id AS id, " DB_TRADE_SERIES_SELECT("s.") ", rc.name_en AS reporter_name_en,"
	" COALESCE(rc.name_ru, rc.name_en) AS reporter_name_ru,"
	" COALESCE(pc.name_en, co.name_en) AS partner_name_en,"
	" COALESCE(pc.name_ru, pc.name_en, co.name_ru) AS partner_name_ru,"
	" rc.geonames_id AS reporter_geonames_id, pc.geonames_id AS partner_geonames_id"
	" FROM trade_series s JOIN cities rc ON rc.id = s.reporter_city_id"
	" LEFT JOIN cities pc ON pc.id = s.partner_city_id"
	" LEFT JOIN countries co ON co.code = s.partner_country"
	" WHERE $1 = 0 OR s.reporter_city_id = $1 OR s.partner_city_id = $1"
	" OR s.partner_country = (SELECT country_code FROM cities WHERE id = $1)"
	" ORDER BY s.id";

#define T_POINT_COLUMNS							\
	"id AS id, series_id AS series_id, period AS period, value AS value,"	\
	" derived AS derived, note_ru AS note_ru, note_en AS note_en"

static const char *const SQL_T_POINTS =
	"SELECT " T_POINT_COLUMNS " FROM trade_points WHERE series_id = $1 ORDER BY period";

static const char *const SQL_T_POINT =
	"SELECT " T_POINT_COLUMNS " FROM trade_points WHERE series_id = $1 AND period = $2";

static const char *const SQL_T_FIND =
	"SELECT id FROM trade_series WHERE reporter_city_id = $1"
	" AND partner_country IS NOT DISTINCT FROM $2 AND partner_city_id IS NOT DISTINCT FROM $3"
	" AND flow = $4 AND currency = $5";

/* $1 the time; then the plain columns */
static const char *const SQL_T_SERIES_ADD =
	"INSERT INTO trade_series (created_at, " DB_TRADE_SERIES_NAMES("") ")"
	" VALUES ($1, " DB_TRADE_SERIES_VALUES_FROM_2 ") RETURNING id";

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
	s->id = row_int(st, "id");
	db_trade_series_columns_read(st, a, s);
	s->reporter_name_en = row_text(st, a, "reporter_name_en");
	s->reporter_name_ru = row_text(st, a, "reporter_name_ru");
	s->partner_name_en = row_text(st, a, "partner_name_en");
	s->partner_name_ru = row_text(st, a, "partner_name_ru");
	s->reporter_geonames_id = row_int(st, "reporter_geonames_id");
	s->partner_geonames_id = row_int(st, "partner_geonames_id");
}

static void
point_row(struct db_stmt *st, struct arena *a, void *item)
{
	struct db_trade_point	*p = item;

	p->id = row_int(st, "id");
	p->series_id = row_int(st, "series_id");
	p->period = row_text(st, a, "period");
	p->value = row_double(st, "value");
	p->derived = row_int(st, "derived") != 0;
	p->note_ru = row_text(st, a, "note_ru");
	p->note_en = row_text(st, a, "note_en");
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
	stmt_text(add, 1, now);
	db_trade_series_columns_bind(add, 2, s);
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
	"e.id AS id, " DB_EVENT_SELECT("e.") ", e.host_city_id AS host_city_id,"	\
	" e.guest_city_id AS guest_city_id, e.partnership_id AS partnership_id,"	\
	" e.roadmap_item_id AS roadmap_item_id, e.responsible_id AS responsible_id,"	\
	" e.created_at AS created_at, e.updated_at AS updated_at, "	\
	CITY_SHOWN_COLUMNS("h", "host_") ", " CITY_SHOWN_COLUMNS("g", "guest_") ","	\
	" u.name AS responsible_name, p.kind AS partnership_kind,"	\
	" p.published AS partnership_published, p.city_lo AS partnership_lo_id, "	\
	CITY_SHOWN_COLUMNS("pl", "partnership_lo_") ", p.city_hi AS partnership_hi_id, "	\
	CITY_SHOWN_COLUMNS("ph", "partnership_hi_") ", r.agreement_id AS roadmap_agreement_id,"\
	" r.title_ru AS roadmap_title_ru, r.title_en AS roadmap_title_en,"	\
	" (SELECT MAX(x.changed_on) FROM event_status_history x WHERE x.event_id = e.id)"	\
	" AS status_since"

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

/* $1..$6: bind_event; then the plain columns */
static const char *const SQL_E_INSERT =
	"INSERT INTO events (host_city_id, guest_city_id, partnership_id, roadmap_item_id,"
	" responsible_id, created_at, updated_at, " DB_EVENT_NAMES("") ")"
	" VALUES ($1, $2, $3, $4, $5, $6, $6, " DB_EVENT_VALUES_FROM_7 ") RETURNING id";

/* $1..$6: bind_event, $7 the id; then the plain columns */
static const char *const SQL_E_UPDATE =
	"UPDATE events SET host_city_id = $1, guest_city_id = $2, partnership_id = $3,"
	" roadmap_item_id = $4, responsible_id = $5, updated_at = $6, " DB_EVENT_SET_FROM_8
	" WHERE id = $7";

static const char *const SQL_EH_ADD =
	"INSERT INTO event_status_history (event_id, status, changed_on, user_id, created_at, as_of)"
	" VALUES ($1, $2, $3, $4, $5, $6)";

static const char *const SQL_EH_LIST =
	"SELECT x.status AS status, x.changed_on AS changed_on, u.name AS author,"
	" x.as_of AS as_of FROM event_status_history x"
	" LEFT JOIN users u ON u.id = x.user_id WHERE x.event_id = $1 ORDER BY x.id";

static void
event_row(struct db_stmt *st, struct arena *a, void *item)
{
	struct db_event	*e = item;

	memset(e, 0, sizeof(*e));
	e->id = row_int(st, "id");
	db_event_columns_read(st, a, e);
	e->host_city_id = row_int(st, "host_city_id");
	e->guest_city_id = row_int(st, "guest_city_id");
	e->partnership_id = row_int(st, "partnership_id");
	e->roadmap_item_id = row_int(st, "roadmap_item_id");
	e->responsible_id = row_int(st, "responsible_id");
	e->created_at = row_text(st, a, "created_at");
	e->updated_at = row_text(st, a, "updated_at");
	db_city_ref_group(st, a, "host_", e->host_city_id, &e->host);
	db_city_ref_group(st, a, "guest_", e->guest_city_id, &e->guest);
	e->responsible_name = row_text(st, a, "responsible_name");
	e->partnership_kind = row_text(st, a, "partnership_kind");
	e->partnership_published = row_int(st, "partnership_published") != 0;
	db_city_ref_group(st, a, "partnership_lo_", row_int(st, "partnership_lo_id"),
	    &e->partnership_lo);
	db_city_ref_group(st, a, "partnership_hi_", row_int(st, "partnership_hi_id"),
	    &e->partnership_hi);
	e->roadmap_agreement_id = row_int(st, "roadmap_agreement_id");
	e->roadmap_title_ru = row_text(st, a, "roadmap_title_ru");
	e->roadmap_title_en = row_text(st, a, "roadmap_title_en");
	e->status_since = row_text(st, a, "status_since");
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

/* $1..$6 of an insert or update: the cities and links, then now */
static void
bind_event(struct db_stmt *st, const struct db_event *e, const char *now)
{
	stmt_id(st, 1, e->host_city_id);
	stmt_id(st, 2, e->guest_city_id);
	stmt_id(st, 3, e->partnership_id);
	stmt_id(st, 4, e->roadmap_item_id);
	stmt_id(st, 5, e->responsible_id);
	stmt_text(st, 6, now);
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
	db_event_columns_bind(st, 7, e);
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
	stmt_int(st, 7, e->id);
	db_event_columns_bind(st, 8, e);
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

	c->status = row_text(st, a, "status");
	c->changed_on = row_text(st, a, "changed_on");
	c->author = row_text(st, a, "author");
	c->as_of = row_int(st, "as_of") != 0;
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
