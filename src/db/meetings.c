/*
 * meetings: meetings with their participants, agenda, topics and action
 * items; per-city working hours; calendar feed tokens. Visibility (who sees
 * which meeting) is part of the queries, so that nothing outside a caller's
 * scope is ever read.
 */
#include "db_internal.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../base/text.h"

/* --- working hours --- */

static const char *const SQL_HOURS_GET =
	"SELECT work_start AS work_start, work_end AS work_end FROM city_settings"
	" WHERE city_id = $1";

static const char *const SQL_HOURS_PUT =
	"INSERT INTO city_settings (city_id, work_start, work_end, updated_at)"
	" VALUES ($1, $2, $3, $4) ON CONFLICT (city_id) DO UPDATE SET"
	" work_start = excluded.work_start, work_end = excluded.work_end,"
	" updated_at = excluded.updated_at";

int
db_city_hours_get(struct db *db, int64_t city_id, int *start, int *end)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_HOURS_GET);
	int		 rc;

	if (st == NULL)
		return DB_ERR;
	stmt_int(st, 1, city_id);
	rc = stmt_step(st);
	*start = rc == DB_ROW ? (int)row_int(st, "work_start") : 540;
	*end = rc == DB_ROW ? (int)row_int(st, "work_end") : 1080;
	stmt_done(st);
	return rc == DB_ROW || rc == DB_DONE ? DB_OK : DB_ERR;
}

int
db_city_hours_put(struct db *db, int64_t city_id, int start, int end)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_HOURS_PUT);
	char		 now[TEXT_TIME_LEN];

	if (st == NULL)
		return DB_ERR;
	text_time(time(NULL), now);
	stmt_int(st, 1, city_id);
	stmt_int(st, 2, start);
	stmt_int(st, 3, end);
	stmt_text(st, 4, now);
	return stmt_exec(st);
}

/* --- meetings --- */

#define MEETING_COLUMNS							\
	"m.id AS id, " DB_MEETING_SELECT("m.") ", m.host_org_id AS host_org_id,"	\
	" m.starts_at AS starts_at, m.rrule AS rrule, m.exdates AS exdates, m.minutes_ru AS minutes_ru,"		\
	" m.minutes_en AS minutes_en, m.created_by AS created_by, m.created_at AS created_at,"\
	" m.updated_at AS updated_at, h.name_ru AS host_name_ru, h.name_en AS host_name_en,"\
	" h.city_id AS host_city_id, m.ical_sequence AS ical_sequence,"		\
	" cu.email AS creator_email, cu.name AS creator_name"
#define MEETING_FROM " FROM meetings m JOIN organizations h ON h.id = m.host_org_id"	\
	" LEFT JOIN users cu ON cu.id = m.created_by"

/* $1..$6: bind_meeting; $7 the creator, $8 the time; then the plain columns */
static const char *const SQL_MEETING_INSERT =
	"INSERT INTO meetings (host_org_id, starts_at, rrule, exdates, minutes_ru, minutes_en,"
	" created_by, created_at, updated_at, " DB_MEETING_NAMES("") ") VALUES ($1, $2, $3,"
	" $4, $5, $6, $7, $8, $8, " DB_MEETING_VALUES_FROM_9 ") RETURNING id";

/* $1..$6: bind_meeting; $7 the id, $8 the time; then the plain columns */
static const char *const SQL_MEETING_UPDATE =
	"UPDATE meetings SET host_org_id = $1, starts_at = $2, rrule = $3, exdates = $4,"
	" minutes_ru = $5, minutes_en = $6, updated_at = $8, " DB_MEETING_SET_FROM_9
	" WHERE id = $7";

static const char *const SQL_MEETING_DELETE = "DELETE FROM meetings WHERE id = $1";

static const char *const SQL_MEETING_GET =
	"SELECT " MEETING_COLUMNS MEETING_FROM " WHERE m.id = $1 AND" MEETING_IN_SCOPE("2", "3");

/* $C takes part: the host's city, or a participant's (own or its organization's) */
#define TAKES_PART(C)							\
	" (h.city_id = $" C " OR EXISTS (SELECT 1 FROM meeting_participants tp"	\
	" LEFT JOIN organizations tpo ON tpo.id = tp.organization_id WHERE tp.meeting_id = m.id"\
	" AND COALESCE(tp.city_id, tpo.city_id) = $" C "))"

static const char *const SQL_MEETING_BETWEEN =
	"SELECT " MEETING_COLUMNS MEETING_FROM " WHERE" MEETING_IN_SCOPE("1", "2")
	" AND" TAKES_PART("3") " AND" TAKES_PART("4")
	" ORDER BY COALESCE(m.starts_at, m.date_from) DESC, m.id DESC LIMIT 100";

static const char *const SQL_MEETING_LIST =
	"SELECT " MEETING_COLUMNS MEETING_FROM " WHERE" MEETING_IN_SCOPE("1", "2")
	" AND ((m.starts_at IS NOT NULL AND m.starts_at < $4"
	"   AND (m.rrule IS NOT NULL OR m.starts_at >= $5))"
	"  OR (m.starts_at IS NULL AND m.date_from <= SUBSTR($4, 1, 10)"
	"   AND m.date_to >= SUBSTR($3, 1, 10)))"
	" ORDER BY COALESCE(m.starts_at, m.date_from), m.id LIMIT $6";

/* $3: now (RFC 3339 UTC); a meeting begun up to a day ago may still run */
static const char *const SQL_MEETING_UPCOMING =
	"SELECT " MEETING_COLUMNS MEETING_FROM " WHERE" MEETING_IN_SCOPE("1", "2")
	" AND (m.rrule IS NOT NULL OR m.starts_at >= $4"
	"  OR (m.starts_at IS NULL AND m.date_to >= SUBSTR($3, 1, 10)))"
	" ORDER BY COALESCE(m.starts_at, m.date_from), m.id LIMIT $5";

static const char *const SQL_MEETING_PAST =
	"SELECT " MEETING_COLUMNS MEETING_FROM " WHERE" MEETING_IN_SCOPE("1", "2")
	" AND (m.starts_at < $3 OR (m.starts_at IS NULL AND m.date_from < SUBSTR($3, 1, 10)))"
	" ORDER BY COALESCE(m.starts_at, m.date_from) DESC, m.id DESC LIMIT $4";

static const char *const SQL_PART_DELETE =
	"DELETE FROM meeting_participants WHERE meeting_id = $1";
/* $1 the meeting, $2 the position, $3..$10: bind_participant; then the plain columns */
static const char *const SQL_PART_INSERT =
	"INSERT INTO meeting_participants (meeting_id, position, organization_id, city_id,"
	" country_code, name_ru, name_en, post_ru, post_en, email, " DB_PARTICIPANT_NAMES("") ")"
	" VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, " DB_PARTICIPANT_VALUES_FROM_11 ")";
static const char *const SQL_PART_LIST =
	"SELECT p.id AS id, p.position AS position, " DB_PARTICIPANT_SELECT("p.") ","
	" p.organization_id AS organization_id, p.country_code AS country_code,"
	" COALESCE(pe.name_ru, p.name_ru) AS name_ru, COALESCE(pe.name_en, p.name_en) AS name_en,"
	" COALESCE(pe.post_ru, p.post_ru) AS post_ru, COALESCE(pe.post_en, p.post_en) AS post_en,"
	" o.name_ru AS org_name_ru, o.name_en AS org_name_en,"
	" c.id AS city_id, " CITY_REF_COLUMNS("c", "city_") ","
	" c.timezone AS city_timezone, COALESCE(p.email, pe.email) AS email,"
	" p.city_id AS own_city_id"
	" FROM meeting_participants p LEFT JOIN people pe ON pe.id = p.person_id"
	" LEFT JOIN organizations o ON o.id = COALESCE(p.organization_id, pe.organization_id)"
	" LEFT JOIN cities c ON c.id = COALESCE(p.city_id, o.city_id, pe.city_id)"
	" WHERE p.meeting_id = $1 ORDER BY p.position, p.id";

static const char *const SQL_AGENDA_DELETE =
	"DELETE FROM meeting_agenda WHERE meeting_id = $1";
static const char *const SQL_AGENDA_INSERT =
	"INSERT INTO meeting_agenda (meeting_id, position, title_ru, title_en, presenter, minutes)"
	" VALUES ($1, $2, $3, $4, $5, $6)";
static const char *const SQL_AGENDA_LIST =
	"SELECT id AS id, position AS position, title_ru AS title_ru, title_en AS title_en,"
	" presenter AS presenter, COALESCE(minutes, 0) AS minutes"
	" FROM meeting_agenda WHERE meeting_id = $1 ORDER BY position, id";

static const char *const SQL_TOPIC_DELETE =
	"DELETE FROM meeting_topics WHERE meeting_id = $1";
static const char *const SQL_TOPIC_INSERT =
	"INSERT INTO meeting_topics (meeting_id, position, ru, en) VALUES ($1, $2, $3, $4)";
static const char *const SQL_TOPIC_LIST =
	"SELECT ru AS ru, en AS en FROM meeting_topics WHERE meeting_id = $1"
	" ORDER BY position, id";

/* $1..$6 of an insert or update, and the plain columns from $9 on */
static void
bind_meeting(struct db_stmt *st, const struct db_meeting *m)
{
	stmt_int(st, 1, m->host_org_id);
	stmt_text(st, 2, m->starts_at);
	stmt_text(st, 3, m->rrule);
	stmt_text(st, 4, m->exdates != NULL ? m->exdates : "");
	stmt_text(st, 5, m->minutes_ru != NULL ? m->minutes_ru : "");
	stmt_text(st, 6, m->minutes_en != NULL ? m->minutes_en : "");
	db_meeting_columns_bind(st, 9, m);
}

static void
bind_id_or_null(struct db_stmt *st, int n, int64_t id)
{
	if (id > 0)
		stmt_int(st, n, id);
	else
		stmt_text(st, n, NULL);
}

/* Binds child i of m from parameter 3 on (1: meeting id, 2: position). */
typedef void	(*bind_child)(struct db_stmt *, const struct db_meeting *, size_t);

static void
bind_participant(struct db_stmt *st, const struct db_meeting *m, size_t i)
{
	const struct db_participant *p = &m->participants[i];

	bind_id_or_null(st, 3, p->organization_id);
	bind_id_or_null(st, 4, p->city_id);
	stmt_text(st, 5, p->country_code);
	stmt_text(st, 6, p->name_ru);
	stmt_text(st, 7, p->name_en);
	stmt_text(st, 8, p->post_ru);
	stmt_text(st, 9, p->post_en);
	stmt_text(st, 10, p->email);
	db_participant_columns_bind(st, 11, p);
}

static void
bind_agenda(struct db_stmt *st, const struct db_meeting *m, size_t i)
{
	stmt_text(st, 3, m->agenda[i].title_ru);
	stmt_text(st, 4, m->agenda[i].title_en);
	stmt_text(st, 5, m->agenda[i].presenter);
	bind_id_or_null(st, 6, m->agenda[i].minutes);
}

static void
bind_topic(struct db_stmt *st, const struct db_meeting *m, size_t i)
{
	stmt_text(st, 3, m->topics[i].ru);
	stmt_text(st, 4, m->topics[i].en);
}

/* One list of children: deleted first when replacing, then inserted in order. */
static int
put_list(struct db *db, int64_t id, const struct db_meeting *m, bool replace,
    const char *del, const char *ins, size_t n, bind_child bind)
{
	struct db_stmt	*st;
	int		 rc;

	if (replace) {
		if ((st = stmt_prepare(db, del)) == NULL)
			return DB_ERR;
		stmt_int(st, 1, id);
		if ((rc = stmt_exec(st)) != DB_OK)
			return rc;
	}
	for (size_t i = 0; i < n; i++) {
		if ((st = stmt_prepare(db, ins)) == NULL)
			return DB_ERR;
		stmt_int(st, 1, id);
		stmt_int(st, 2, (int64_t)i + 1);
		bind(st, m, i);
		if ((rc = stmt_exec(st)) != DB_OK)
			return rc;
	}
	return DB_OK;
}

/* Writes the children given (non-NULL arrays) of meeting id. */
static int
put_children(struct db *db, int64_t id, const struct db_meeting *m, bool replace)
{
	int	rc = DB_OK;

	if (m->participants != NULL)
		rc = put_list(db, id, m, replace, SQL_PART_DELETE, SQL_PART_INSERT,
		    m->nparticipants, bind_participant);
	if (rc == DB_OK && m->agenda != NULL)
		rc = put_list(db, id, m, replace, SQL_AGENDA_DELETE, SQL_AGENDA_INSERT,
		    m->nagenda, bind_agenda);
	if (rc == DB_OK && m->topics != NULL)
		rc = put_list(db, id, m, replace, SQL_TOPIC_DELETE, SQL_TOPIC_INSERT,
		    m->ntopics, bind_topic);
	return rc;
}

int
db_meeting_insert(struct db *db, const struct db_meeting *m, int64_t *id)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_MEETING_INSERT);
	char		 now[TEXT_TIME_LEN];
	int		 rc;

	if (st == NULL)
		return DB_ERR;
	text_time(time(NULL), now);
	bind_meeting(st, m);
	bind_id_or_null(st, 7, m->created_by);
	stmt_text(st, 8, now);
	if ((rc = stmt_scalar(st, id)) != DB_OK)
		return rc;
	return put_children(db, *id, m, false);
}

int
db_meeting_update(struct db *db, const struct db_meeting *m)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_MEETING_UPDATE);
	char		 now[TEXT_TIME_LEN];
	int		 rc;

	if (st == NULL)
		return DB_ERR;
	text_time(time(NULL), now);
	bind_meeting(st, m);
	stmt_int(st, 7, m->id);
	stmt_text(st, 8, now);
	if ((rc = stmt_exec(st)) != DB_OK)
		return rc;
	if (db_changes(db) == 0)
		return DB_NOTFOUND;
	return put_children(db, m->id, m, true);
}

int
db_meeting_delete(struct db *db, int64_t id)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_MEETING_DELETE);
	int		 rc;

	if (st == NULL)
		return DB_ERR;
	stmt_int(st, 1, id);
	rc = stmt_exec(st);
	if (rc == DB_OK && db_changes(db) == 0)
		return DB_NOTFOUND;
	return rc;
}

static void
meeting_row(struct db_stmt *st, struct arena *a, void *item)
{
	struct db_meeting	*m = item;

	memset(m, 0, sizeof(*m));
	m->id = row_int(st, "id");
	db_meeting_columns_read(st, a, m);
	m->host_org_id = row_int(st, "host_org_id");
	m->starts_at = row_text(st, a, "starts_at");
	m->rrule = row_text(st, a, "rrule");
	m->exdates = row_text(st, a, "exdates");
	m->minutes_ru = row_text(st, a, "minutes_ru");
	m->minutes_en = row_text(st, a, "minutes_en");
	m->created_by = row_int(st, "created_by");
	m->created_at = row_text(st, a, "created_at");
	m->updated_at = row_text(st, a, "updated_at");
	m->host_name_ru = row_text(st, a, "host_name_ru");
	m->host_name_en = row_text(st, a, "host_name_en");
	m->host_city_id = row_int(st, "host_city_id");
	m->ical_sequence = row_int(st, "ical_sequence");
	m->creator_email = row_text(st, a, "creator_email");
	m->creator_name = row_text(st, a, "creator_name");
}

static void
participant_row(struct db_stmt *st, struct arena *a, void *item)
{
	struct db_participant	*p = item;

	memset(p, 0, sizeof(*p));
	p->id = row_int(st, "id");
	p->position = row_int(st, "position");
	db_participant_columns_read(st, a, p);
	p->organization_id = row_int(st, "organization_id");
	p->country_code = row_text(st, a, "country_code");
	p->name_ru = row_text(st, a, "name_ru");
	p->name_en = row_text(st, a, "name_en");
	p->post_ru = row_text(st, a, "post_ru");
	p->post_en = row_text(st, a, "post_en");
	p->org_name_ru = row_text(st, a, "org_name_ru");
	p->org_name_en = row_text(st, a, "org_name_en");
	p->city_id = row_int(st, "city_id");
	db_city_ref_group(st, a, "city_", p->city_id, &p->city);
	p->city.timezone = group_text(st, a, "city_", "timezone");
	p->email = row_text(st, a, "email");
	p->own_city_id = row_int(st, "own_city_id");
}

static void
agenda_row(struct db_stmt *st, struct arena *a, void *item)
{
	struct db_agenda_item	*g = item;

	g->id = row_int(st, "id");
	g->position = row_int(st, "position");
	g->title_ru = row_text(st, a, "title_ru");
	g->title_en = row_text(st, a, "title_en");
	g->presenter = row_text(st, a, "presenter");
	g->minutes = row_int(st, "minutes");
}

static void
topic_row(struct db_stmt *st, struct arena *a, void *item)
{
	struct db_topic	*t = item;

	t->ru = row_text(st, a, "ru");
	t->en = row_text(st, a, "en");
}

int
db_meeting_get(struct db *db, struct arena *a, int64_t id, const struct db_meeting_scope *sc,
    struct db_meeting *out)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_MEETING_GET);
	int		 rc;

	if (st == NULL)
		return DB_ERR;
	stmt_int(st, 1, id);
	stmt_int(st, 2, sc->org_id);
	stmt_int(st, 3, sc->city_id);
	rc = stmt_step(st);
	if (rc == DB_ROW)
		meeting_row(st, a, out);
	stmt_done(st);
	if (rc != DB_ROW)
		return rc == DB_DONE ? DB_NOTFOUND : DB_ERR;
	if (db_rows_by_id(db, a, SQL_PART_LIST, id, sizeof(struct db_participant), participant_row,
	    (void **)&out->participants, &out->nparticipants) != DB_OK ||
	    db_rows_by_id(db, a, SQL_AGENDA_LIST, id, sizeof(struct db_agenda_item), agenda_row,
	    (void **)&out->agenda, &out->nagenda) != DB_OK ||
	    db_rows_by_id(db, a, SQL_TOPIC_LIST, id, sizeof(struct db_topic), topic_row,
	    (void **)&out->topics, &out->ntopics) != DB_OK)
		return DB_ERR;
	return DB_OK;
}

int
db_meeting_list(struct db *db, struct arena *a, const struct db_meeting_filter *f,
    struct db_meeting **out, size_t *n)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_MEETING_LIST);
	int		 rc;

	if (st == NULL)
		return DB_ERR;
	stmt_int(st, 1, f->scope.org_id);
	stmt_int(st, 2, f->scope.city_id);
	stmt_text(st, 3, f->from);
	stmt_text(st, 4, f->to);
	/* single meetings that started up to a day before `from` may still run */
	stmt_text(st, 5, f->from);
	stmt_int(st, 6, f->limit);
	rc = stmt_rows(st, a, sizeof(**out), meeting_row, (void **)out, n);
	for (size_t i = 0; rc == DB_OK && i < *n; i++)
		rc = db_rows_by_id(db, a, SQL_PART_LIST, (*out)[i].id, sizeof(struct db_participant),
		    participant_row, (void **)&(*out)[i].participants, &(*out)[i].nparticipants);
	return rc;
}

int
db_meeting_list_when(struct db *db, struct arena *a, const struct db_meeting_scope *sc,
    bool upcoming, const char *now, int limit, struct db_meeting **out, size_t *n)
{
	struct db_stmt	*st = stmt_prepare(db, upcoming ? SQL_MEETING_UPCOMING : SQL_MEETING_PAST);
	char		 since[TEXT_TIME_LEN];
	time_t		 t;
	int		 rc;

	if (st == NULL)
		return DB_ERR;
	if (text_time_parse(now, &t) == -1)
		t = time(NULL);
	text_time(t - 86400, since);
	stmt_int(st, 1, sc->org_id);
	stmt_int(st, 2, sc->city_id);
	stmt_text(st, 3, now);
	if (upcoming)
		stmt_text(st, 4, since);
	stmt_int(st, upcoming ? 5 : 4, limit);
	rc = stmt_rows(st, a, sizeof(**out), meeting_row, (void **)out, n);
	for (size_t i = 0; rc == DB_OK && i < *n; i++)
		rc = db_rows_by_id(db, a, SQL_PART_LIST, (*out)[i].id, sizeof(struct db_participant),
		    participant_row, (void **)&(*out)[i].participants, &(*out)[i].nparticipants);
	return rc;
}

int
db_meeting_list_between(struct db *db, struct arena *a, const struct db_meeting_scope *sc,
    int64_t city_a, int64_t city_b, struct db_meeting **out, size_t *n)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_MEETING_BETWEEN);
	int		 rc;

	if (st == NULL)
		return DB_ERR;
	stmt_int(st, 1, sc->org_id);
	stmt_int(st, 2, sc->city_id);
	stmt_int(st, 3, city_a);
	stmt_int(st, 4, city_b);
	rc = stmt_rows(st, a, sizeof(**out), meeting_row, (void **)out, n);
	for (size_t i = 0; rc == DB_OK && i < *n; i++)
		rc = db_rows_by_id(db, a, SQL_PART_LIST, (*out)[i].id, sizeof(struct db_participant),
		    participant_row, (void **)&(*out)[i].participants, &(*out)[i].nparticipants);
	return rc;
}

/* --- action items --- */

#define ACTION_COLUMNS							\
	"ai.id AS id, ai.meeting_id AS meeting_id, ai.position AS position,"	\
	" ai.owner_org_id AS owner_org_id, " DB_ACTION_ITEM_SELECT("ai.") ","		\
	" ai.created_at AS created_at, ai.updated_at AS updated_at, o.name_ru AS owner_name_ru, o.name_en AS owner_name_en,"\
	" c.id AS owner_city_id, " CITY_REF_COLUMNS("c", "owner_city_") ","		\
	" c.timezone AS owner_city_timezone, m.title_ru AS meeting_title_ru,"		\
	" m.title_en AS meeting_title_en, ai.owner_person_id AS owner_person_id,"	\
	" op.name_ru AS owner_person_ru, op.name_en AS owner_person_en,"		\
	" op.email AS owner_person_email"
#define ACTION_FROM							\
	" FROM action_items ai JOIN meetings m ON m.id = ai.meeting_id"	\
	" LEFT JOIN organizations o ON o.id = ai.owner_org_id"		\
	" LEFT JOIN cities c ON c.id = o.city_id"			\
	" LEFT JOIN people op ON op.id = ai.owner_person_id"

/* $1 the meeting; $2, $3: bind_action; $4 the time; then the plain columns */
static const char *const SQL_ACTION_INSERT =
	"INSERT INTO action_items (meeting_id, position, owner_org_id, owner_person_id,"
	" created_at, updated_at, " DB_ACTION_ITEM_NAMES("") ") VALUES ($1,"
	" (SELECT COALESCE(MAX(position), 0) + 1 FROM action_items WHERE meeting_id = $1),"
	" $2, $3, $4, $4, " DB_ACTION_ITEM_VALUES_FROM_5 ") RETURNING id";

/* $1 the item; $2, $3: bind_action; $4 the time; then the plain columns */
static const char *const SQL_ACTION_UPDATE =
	"UPDATE action_items SET owner_org_id = $2, owner_person_id = $3, updated_at = $4, "
	DB_ACTION_ITEM_SET_FROM_5 " WHERE id = $1";

static const char *const SQL_ACTION_GET =
	"SELECT " ACTION_COLUMNS ACTION_FROM " WHERE ai.id = $1";

static const char *const SQL_ACTION_BY_MEETING =
	"SELECT " ACTION_COLUMNS ACTION_FROM " WHERE ai.meeting_id = $1"
	" ORDER BY ai.position, ai.id";

static const char *const SQL_ACTION_OPEN =
	"SELECT " ACTION_COLUMNS ACTION_FROM
	" WHERE ai.status IN ('open', 'in_progress') AND" MEETING_IN_SCOPE("1", "2")
	" AND ($3 IS NULL OR (ai.due_date IS NOT NULL AND ai.due_date < $3))"
	" AND ($4 IS NULL OR lower(op.email) = lower($4))"
	" ORDER BY c.name_en, ai.due_date, ai.id LIMIT 500";

/*
 * The decisions of an agreement's meetings: those where every party of it
 * (a city, an organization's city, a country; the cities of the partnerships
 * it is the basis of) takes part, as the host or through a participant.
 */
static const char *const SQL_ACTION_OF_AGREEMENT =
	"WITH parties (city_id, country_code) AS ("
	"  SELECT COALESCE(ap.city_id, po.city_id), ap.country_code FROM agreement_parties ap"
	"  LEFT JOIN organizations po ON po.id = ap.organization_id WHERE ap.agreement_id = $1"
	"  UNION SELECT city_lo, NULL FROM partnerships WHERE agreement_id = $1"
	"  UNION SELECT city_hi, NULL FROM partnerships WHERE agreement_id = $1),"
	" places (meeting_id, city_id, country_code) AS ("
	"  SELECT pm.id, ho.city_id, hc.country_code FROM meetings pm"
	"  JOIN organizations ho ON ho.id = pm.host_org_id LEFT JOIN cities hc ON hc.id = ho.city_id"
	"  UNION SELECT pp.meeting_id, pc.id, COALESCE(pc.country_code, pp.country_code)"
	"  FROM meeting_participants pp LEFT JOIN organizations ppo ON ppo.id = pp.organization_id"
	"  LEFT JOIN cities pc ON pc.id = COALESCE(pp.city_id, ppo.city_id))"
	" SELECT " ACTION_COLUMNS ACTION_FROM
	" WHERE EXISTS (SELECT 1 FROM parties) AND NOT EXISTS (SELECT 1 FROM parties x"
	"  WHERE NOT EXISTS (SELECT 1 FROM places y WHERE y.meeting_id = m.id"
	"  AND (y.city_id = x.city_id OR y.country_code = x.country_code)))"
	" ORDER BY COALESCE(m.starts_at, m.date_from) DESC, m.id DESC, ai.position LIMIT 500";

static void
action_row(struct db_stmt *st, struct arena *a, void *item)
{
	struct db_action_item	*it = item;

	memset(it, 0, sizeof(*it));
	it->id = row_int(st, "id");
	it->meeting_id = row_int(st, "meeting_id");
	it->position = row_int(st, "position");
	it->owner_org_id = row_int(st, "owner_org_id");
	db_action_item_columns_read(st, a, it);
	it->created_at = row_text(st, a, "created_at");
	it->updated_at = row_text(st, a, "updated_at");
	it->owner_name_ru = row_text(st, a, "owner_name_ru");
	it->owner_name_en = row_text(st, a, "owner_name_en");
	db_city_ref_group(st, a, "owner_city_", row_int(st, "owner_city_id"), &it->owner_city);
	it->owner_city.timezone = group_text(st, a, "owner_city_", "timezone");
	it->meeting_title_ru = row_text(st, a, "meeting_title_ru");
	it->meeting_title_en = row_text(st, a, "meeting_title_en");
	it->owner_person_id = row_int(st, "owner_person_id");
	it->owner_person_ru = row_text(st, a, "owner_person_ru");
	it->owner_person_en = row_text(st, a, "owner_person_en");
	it->owner_person_email = row_text(st, a, "owner_person_email");
}

int
db_meeting_actions(struct db *db, struct arena *a, struct db_meeting *m)
{
	return db_rows_by_id(db, a, SQL_ACTION_BY_MEETING, m->id, sizeof(struct db_action_item),
	    action_row, (void **)&m->actions, &m->nactions);
}

/* $2, $3 of an insert or update: the owners; the plain columns from $5 on */
static void
bind_action(struct db_stmt *st, const struct db_action_item *it)
{
	bind_id_or_null(st, 2, it->owner_org_id);
	bind_id_or_null(st, 3, it->owner_person_id);
	db_action_item_columns_bind(st, 5, it);
}

int
db_action_insert(struct db *db, const struct db_action_item *it, int64_t *id)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_ACTION_INSERT);
	char		 now[TEXT_TIME_LEN];

	if (st == NULL)
		return DB_ERR;
	text_time(time(NULL), now);
	stmt_int(st, 1, it->meeting_id);
	bind_action(st, it);
	stmt_text(st, 4, now);
	return stmt_scalar(st, id);
}

int
db_action_update(struct db *db, const struct db_action_item *it)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_ACTION_UPDATE);
	char		 now[TEXT_TIME_LEN];
	int		 rc;

	if (st == NULL)
		return DB_ERR;
	text_time(time(NULL), now);
	stmt_int(st, 1, it->id);
	bind_action(st, it);
	stmt_text(st, 4, now);
	rc = stmt_exec(st);
	if (rc == DB_OK && db_changes(db) == 0)
		return DB_NOTFOUND;
	return rc;
}

int
db_action_get(struct db *db, struct arena *a, int64_t id, struct db_action_item *out)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_ACTION_GET);

	if (st == NULL)
		return DB_ERR;
	stmt_int(st, 1, id);
	return stmt_one(st, a, action_row, out);
}

int
db_action_list_open(struct db *db, struct arena *a, const struct db_meeting_scope *sc,
    const char *overdue_before, const char *owner_email, struct db_action_item **out, size_t *n)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_ACTION_OPEN);

	if (st == NULL)
		return DB_ERR;
	stmt_int(st, 1, sc->org_id);
	stmt_int(st, 2, sc->city_id);
	stmt_text(st, 3, overdue_before);
	stmt_text(st, 4, owner_email);
	return stmt_rows(st, a, sizeof(**out), action_row, (void **)out, n);
}

int
db_action_list_of_agreement(struct db *db, struct arena *a, int64_t agreement_id,
    struct db_action_item **out, size_t *n)
{
	return db_rows_by_id(db, a, SQL_ACTION_OF_AGREEMENT, agreement_id, sizeof(**out),
	    action_row, (void **)out, n);
}

/* --- the history of a meeting --- */

static const char *const SQL_CHANGE_ADD =
	"INSERT INTO meeting_changes (meeting_id, changed_by, changed_at, field, old_value,"
	" new_value) VALUES ($1, $2, $3, $4, $5, $6)";
static const char *const SQL_CHANGES =
	"SELECT mc.id AS id, mc.changed_by AS changed_by, mc.changed_at AS changed_at,"
	" mc.field AS field, mc.old_value AS old_value, mc.new_value AS new_value,"
	" u.name AS changed_by_name"
	" FROM meeting_changes mc LEFT JOIN users u ON u.id = mc.changed_by"
	" WHERE mc.meeting_id = $1 ORDER BY mc.id DESC LIMIT 200";

int
db_meeting_change_add(struct db *db, int64_t meeting_id, const struct db_meeting_change *c)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_CHANGE_ADD);

	if (st == NULL)
		return DB_ERR;
	stmt_int(st, 1, meeting_id);
	bind_id_or_null(st, 2, c->changed_by);
	stmt_text(st, 3, c->changed_at);
	stmt_text(st, 4, c->field);
	stmt_text(st, 5, c->old_value);
	stmt_text(st, 6, c->new_value);
	return stmt_exec(st);
}

static void
change_row(struct db_stmt *st, struct arena *a, void *item)
{
	struct db_meeting_change	*c = item;

	c->id = row_int(st, "id");
	c->changed_by = row_int(st, "changed_by");
	c->changed_at = row_text(st, a, "changed_at");
	c->field = row_text(st, a, "field");
	c->old_value = row_text(st, a, "old_value");
	c->new_value = row_text(st, a, "new_value");
	c->changed_by_name = row_text(st, a, "changed_by_name");
}

int
db_meeting_changes(struct db *db, struct arena *a, int64_t meeting_id,
    struct db_meeting_change **out, size_t *n)
{
	return db_rows_by_id(db, a, SQL_CHANGES, meeting_id, sizeof(**out), change_row,
	    (void **)out, n);
}

/* --- calendar feeds --- */

static const char *const SQL_FEED_PUT =
	"INSERT INTO calendar_feeds (user_id, token_hash, created_at) VALUES ($1, $2, $3)"
	" ON CONFLICT (user_id) DO UPDATE SET token_hash = excluded.token_hash,"
	" created_at = excluded.created_at";
static const char *const SQL_FEED_DELETE = "DELETE FROM calendar_feeds WHERE user_id = $1";
static const char *const SQL_FEED_GET =
	"SELECT created_at AS created_at FROM calendar_feeds WHERE user_id = $1";
static const char *const SQL_FEED_USER =
	"SELECT f.user_id FROM calendar_feeds f JOIN users u ON u.id = f.user_id"
	" WHERE f.token_hash = $1 AND u.disabled = 0";

int
db_feed_put(struct db *db, int64_t user_id, const char *token_hash, const char *now)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_FEED_PUT);

	if (st == NULL)
		return DB_ERR;
	stmt_int(st, 1, user_id);
	stmt_text(st, 2, token_hash);
	stmt_text(st, 3, now);
	return stmt_exec(st);
}

int
db_feed_delete(struct db *db, int64_t user_id)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_FEED_DELETE);
	int		 rc;

	if (st == NULL)
		return DB_ERR;
	stmt_int(st, 1, user_id);
	rc = stmt_exec(st);
	return rc == DB_OK && db_changes(db) == 0 ? DB_NOTFOUND : rc;
}

int
db_feed_exists(struct db *db, int64_t user_id, char created_at[32])
{
	struct db_stmt	*st = stmt_prepare(db, SQL_FEED_GET);
	struct arena	 a = ARENA_INIT;
	int		 rc;

	if (st == NULL)
		return DB_ERR;
	stmt_int(st, 1, user_id);
	rc = stmt_step(st);
	if (rc == DB_ROW)
		snprintf(created_at, 32, "%s", row_text(st, &a, "created_at"));
	stmt_done(st);
	arena_release(&a);
	return rc == DB_ROW ? DB_OK : rc == DB_DONE ? DB_NOTFOUND : DB_ERR;
}

int
db_feed_user(struct db *db, const char *token_hash, int64_t *user_id)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_FEED_USER);
	int		 rc = DB_NOTFOUND;

	if (st == NULL)
		return DB_ERR;
	stmt_text(st, 1, token_hash);
	rc = stmt_scalar(st, user_id);
	return rc;
}

/* --- the dashboard's action items --- */

/*
 * Open and in-progress items of the meetings in scope ($1, $2) that concern
 * city $3 (0: any): its organization owns the item, hosts the meeting or
 * takes part in it. $4: only those due before that day; $5 = 1: only those
 * whose outcome has happened — a roadmap item they serve is done, or an event
 * of such a roadmap item was held.
 */
static const char *const SQL_ACTION_OF_CITY =
	"SELECT " ACTION_COLUMNS ACTION_FROM
	" WHERE ai.status IN ('open', 'in_progress') AND" MEETING_IN_SCOPE("1", "2")
	" AND ($3 = 0 OR c.id = $3 OR EXISTS (SELECT 1 FROM organizations ho"
	" WHERE ho.id = m.host_org_id AND ho.city_id = $3) OR EXISTS (SELECT 1"
	" FROM meeting_participants cp LEFT JOIN organizations co ON co.id = cp.organization_id"
	" WHERE cp.meeting_id = m.id AND COALESCE(cp.city_id, co.city_id) = $3))"
	" AND ($4 IS NULL OR (ai.due_date IS NOT NULL AND ai.due_date < $4))"
	" AND ($5 = 0 OR EXISTS (SELECT 1 FROM roadmap_actions ra"
	" JOIN roadmap_items ri ON ri.id = ra.item_id WHERE ra.action_id = ai.id"
	" AND (ri.status = 'done' OR EXISTS (SELECT 1 FROM events ev"
	" WHERE ev.roadmap_item_id = ri.id AND ev.status = 'held'))))"
	" ORDER BY ai.due_date IS NULL, ai.due_date, ai.id LIMIT 100";

int
db_action_list_of_city(struct db *db, struct arena *a, const struct db_meeting_scope *sc,
    int64_t city_id, const char *overdue_before, bool outcome_happened,
    struct db_action_item **out, size_t *n)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_ACTION_OF_CITY);

	if (st == NULL)
		return DB_ERR;
	stmt_int(st, 1, sc->org_id);
	stmt_int(st, 2, sc->city_id);
	stmt_int(st, 3, city_id);
	stmt_text(st, 4, overdue_before);
	stmt_int(st, 5, outcome_happened);
	return stmt_rows(st, a, sizeof(**out), action_row, (void **)out, n);
}
