/*
 * showcase: an event's photo exhibition (photos in their order, the store
 * names of each original and thumbnail), its fair (exhibitors and their
 * products), and the practices catalogue with the interest requests of
 * other cities and the history of their statuses.
 */
#include "db_internal.h"

#include <string.h>
#include <time.h>

#include "../base/text.h"

/* --- photos --- */

#define P_COLUMNS							\
	"id AS id, event_id AS event_id, position AS position, file AS file,"	\
	" content_type AS content_type, size AS size, width AS width, height AS height,"\
	" thumb AS thumb, " DB_PHOTO_SELECT("") ", user_id AS user_id,"	\
	" created_at AS created_at"

static const char *const SQL_P_LIST =
	"SELECT " P_COLUMNS " FROM event_photos WHERE event_id = $1 ORDER BY position, id";
static const char *const SQL_P_GET = "SELECT " P_COLUMNS " FROM event_photos WHERE id = $1";
/* $1 the event, $2..$7 the files, $8 the user, $9 the time; then the plain columns */
static const char *const SQL_P_INSERT =
	"INSERT INTO event_photos (event_id, position, file, content_type, size, width, height,"
	" thumb, user_id, created_at, " DB_PHOTO_NAMES("") ") VALUES ($1,"
	" (SELECT COALESCE(MAX(position), 0) + 1 FROM event_photos WHERE event_id = $1),"
	" $2, $3, $4, $5, $6, $7, $8, $9, " DB_PHOTO_VALUES_FROM_10 ") RETURNING id";
static const char *const SQL_P_UPDATE =
	"UPDATE event_photos SET position = $2, " DB_PHOTO_SET_FROM_3 " WHERE id = $1";
static const char *const SQL_P_DELETE = "DELETE FROM event_photos WHERE id = $1";

static void
photo_row(struct db_stmt *st, struct arena *a, void *item)
{
	struct db_photo	*p = item;

	p->id = row_int(st, "id");
	p->event_id = row_int(st, "event_id");
	p->position = row_int(st, "position");
	p->file = row_text(st, a, "file");
	p->content_type = row_text(st, a, "content_type");
	p->size = row_int(st, "size");
	p->width = row_int(st, "width");
	p->height = row_int(st, "height");
	p->thumb = row_text(st, a, "thumb");
	db_photo_columns_read(st, a, p);
	p->user_id = row_int(st, "user_id");
	p->created_at = row_text(st, a, "created_at");
}

int
db_photo_list(struct db *db, struct arena *a, int64_t event_id, struct db_photo **out, size_t *n)
{
	return db_rows_by_id(db, a, SQL_P_LIST, event_id, sizeof(**out), photo_row,
	    (void **)out, n);
}

/* The one row of sql (whose $1 is id) into out by row(). */
static int
one_by_id(struct db *db, struct arena *a, const char *sql, int64_t id,
    void (*row)(struct db_stmt *, struct arena *, void *), void *out)
{
	struct db_stmt	*st = stmt_prepare(db, sql);

	if (st == NULL)
		return DB_ERR;
	stmt_int(st, 1, id);
	return stmt_one(st, a, row, out);
}

/* Runs sql on the row id: DB_NOTFOUND when there is none. */
static int
delete_by_id(struct db *db, const char *sql, int64_t id)
{
	struct db_stmt	*st = stmt_prepare(db, sql);

	if (st == NULL)
		return DB_ERR;
	stmt_int(st, 1, id);
	return stmt_exec_one(db, st);
}

int
db_photo_get(struct db *db, struct arena *a, int64_t id, struct db_photo *out)
{
	return one_by_id(db, a, SQL_P_GET, id, photo_row, out);
}

int
db_photo_insert(struct db *db, const struct db_photo *p, int64_t *id)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_P_INSERT);
	char		 now[TEXT_TIME_LEN];

	if (st == NULL)
		return DB_ERR;
	text_time(time(NULL), now);
	stmt_int(st, 1, p->event_id);
	stmt_text(st, 2, p->file);
	stmt_text(st, 3, p->content_type);
	stmt_int(st, 4, p->size);
	stmt_int(st, 5, p->width);
	stmt_int(st, 6, p->height);
	stmt_text(st, 7, p->thumb);
	stmt_id(st, 8, p->user_id);
	stmt_text(st, 9, now);
	db_photo_columns_bind(st, 10, p);
	return stmt_scalar(st, id);
}

int
db_photo_update(struct db *db, const struct db_photo *p)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_P_UPDATE);

	if (st == NULL)
		return DB_ERR;
	stmt_int(st, 1, p->id);
	stmt_int(st, 2, p->position);
	db_photo_columns_bind(st, 3, p);
	return stmt_exec_one(db, st);
}

int
db_photo_delete(struct db *db, int64_t id)
{
	return delete_by_id(db, SQL_P_DELETE, id);
}

/* --- the fair --- */

#define X_COLUMNS							\
	"x.id AS id, x.event_id AS event_id, " DB_EXHIBITOR_SELECT("x.") ","	\
	" x.created_at AS created_at,"						\
	" o.name_ru AS org_name_ru, o.name_en AS org_name_en,"		\
	" c.name_ru AS country_name_ru, c.name_en AS country_name_en"
#define X_FROM								\
	" FROM fair_exhibitors x LEFT JOIN organizations o ON o.id = x.organization_id"	\
	" JOIN countries c ON c.code = x.country_code"

static const char *const SQL_X_LIST =
	"SELECT " X_COLUMNS X_FROM " WHERE x.event_id = $1 ORDER BY x.id";
static const char *const SQL_X_GET = "SELECT " X_COLUMNS X_FROM " WHERE x.id = $1";
/* $1 the event, $2 the time; then the plain columns */
static const char *const SQL_X_INSERT =
	"INSERT INTO fair_exhibitors (event_id, created_at, " DB_EXHIBITOR_NAMES("") ")"
	" VALUES ($1, $2, " DB_EXHIBITOR_VALUES_FROM_3 ") RETURNING id";
static const char *const SQL_X_UPDATE =
	"UPDATE fair_exhibitors SET " DB_EXHIBITOR_SET_FROM_2 " WHERE id = $1";
static const char *const SQL_X_DELETE = "DELETE FROM fair_exhibitors WHERE id = $1";

static void
exhibitor_row(struct db_stmt *st, struct arena *a, void *item)
{
	struct db_exhibitor	*x = item;

	x->id = row_int(st, "id");
	x->event_id = row_int(st, "event_id");
	db_exhibitor_columns_read(st, a, x);
	x->created_at = row_text(st, a, "created_at");
	x->org_name_ru = row_text(st, a, "org_name_ru");
	x->org_name_en = row_text(st, a, "org_name_en");
	x->country_name_ru = row_text(st, a, "country_name_ru");
	x->country_name_en = row_text(st, a, "country_name_en");
}

int
db_exhibitor_list(struct db *db, struct arena *a, int64_t event_id, struct db_exhibitor **out,
    size_t *n)
{
	return db_rows_by_id(db, a, SQL_X_LIST, event_id, sizeof(**out), exhibitor_row,
	    (void **)out, n);
}

int
db_exhibitor_get(struct db *db, struct arena *a, int64_t id, struct db_exhibitor *out)
{
	return one_by_id(db, a, SQL_X_GET, id, exhibitor_row, out);
}

int
db_exhibitor_insert(struct db *db, const struct db_exhibitor *x, int64_t *id)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_X_INSERT);
	char		 now[TEXT_TIME_LEN];

	if (st == NULL)
		return DB_ERR;
	text_time(time(NULL), now);
	stmt_int(st, 1, x->event_id);
	stmt_text(st, 2, now);
	db_exhibitor_columns_bind(st, 3, x);
	return stmt_scalar(st, id);
}

int
db_exhibitor_update(struct db *db, const struct db_exhibitor *x)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_X_UPDATE);

	if (st == NULL)
		return DB_ERR;
	stmt_int(st, 1, x->id);
	db_exhibitor_columns_bind(st, 2, x);
	return stmt_exec_one(db, st);
}

int
db_exhibitor_delete(struct db *db, int64_t id)
{
	return delete_by_id(db, SQL_X_DELETE, id);
}

#define G_COLUMNS							\
	"g.id AS id, g.exhibitor_id AS exhibitor_id, x.event_id AS event_id, "	\
	DB_PRODUCT_SELECT("g.") ", g.picture AS picture, g.picture_type AS picture_type,"\
	" g.thumb AS thumb, g.created_at AS created_at"
#define G_FROM	" FROM fair_products g JOIN fair_exhibitors x ON x.id = g.exhibitor_id"

static const char *const SQL_G_LIST =
	"SELECT " G_COLUMNS G_FROM " WHERE x.event_id = $1 ORDER BY g.exhibitor_id, g.id";
static const char *const SQL_G_GET = "SELECT " G_COLUMNS G_FROM " WHERE g.id = $1";
/* $1 the exhibitor, $2..$4 product_bind, $5 the time; then the plain columns */
static const char *const SQL_G_INSERT =
	"INSERT INTO fair_products (exhibitor_id, picture, picture_type, thumb, created_at, "
	DB_PRODUCT_NAMES("") ") VALUES ($1, $2, $3, $4, $5, " DB_PRODUCT_VALUES_FROM_6 ")"
	" RETURNING id";
/* $1 the id, $2..$4 product_bind; then the plain columns */
static const char *const SQL_G_UPDATE =
	"UPDATE fair_products SET picture = $2, picture_type = $3, thumb = $4, "
	DB_PRODUCT_SET_FROM_5 " WHERE id = $1";
static const char *const SQL_G_DELETE = "DELETE FROM fair_products WHERE id = $1";

static void
product_row(struct db_stmt *st, struct arena *a, void *item)
{
	struct db_product	*g = item;

	g->id = row_int(st, "id");
	g->exhibitor_id = row_int(st, "exhibitor_id");
	g->event_id = row_int(st, "event_id");
	db_product_columns_read(st, a, g);
	g->picture = row_text(st, a, "picture");
	g->picture_type = row_text(st, a, "picture_type");
	g->thumb = row_text(st, a, "thumb");
	g->created_at = row_text(st, a, "created_at");
}

int
db_product_list(struct db *db, struct arena *a, int64_t event_id, struct db_product **out,
    size_t *n)
{
	return db_rows_by_id(db, a, SQL_G_LIST, event_id, sizeof(**out), product_row,
	    (void **)out, n);
}

int
db_product_get(struct db *db, struct arena *a, int64_t id, struct db_product *out)
{
	return one_by_id(db, a, SQL_G_GET, id, product_row, out);
}

/* $2..$4: the picture's store names and type */
static void
product_bind(struct db_stmt *st, const struct db_product *g)
{
	stmt_text(st, 2, g->picture);
	stmt_text(st, 3, g->picture_type);
	stmt_text(st, 4, g->thumb);
}

int
db_product_insert(struct db *db, const struct db_product *g, int64_t *id)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_G_INSERT);
	char		 now[TEXT_TIME_LEN];

	if (st == NULL)
		return DB_ERR;
	text_time(time(NULL), now);
	stmt_int(st, 1, g->exhibitor_id);
	product_bind(st, g);
	stmt_text(st, 5, now);
	db_product_columns_bind(st, 6, g);
	return stmt_scalar(st, id);
}

int
db_product_update(struct db *db, const struct db_product *g)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_G_UPDATE);

	if (st == NULL)
		return DB_ERR;
	stmt_int(st, 1, g->id);
	product_bind(st, g);
	db_product_columns_bind(st, 5, g);
	return stmt_exec_one(db, st);
}

int
db_product_delete(struct db *db, int64_t id)
{
	return delete_by_id(db, SQL_G_DELETE, id);
}

/* --- practices --- */

#define PR_COLUMNS							\
	"p.id AS id, p.city_id AS city_id, p.organization_id AS organization_id, "	\
	DB_PRACTICE_SELECT("p.") ", p.created_at AS created_at, p.updated_at AS updated_at, "\
	CITY_SHOWN_COLUMNS("c", "city_") ", o.name_ru AS org_name_ru, o.name_en AS org_name_en,"	\
	" (SELECT COUNT(*) FROM practice_interests i WHERE i.practice_id = p.id)"	\
	" AS interest_count"
#define PR_FROM								\
	" FROM practices p JOIN cities c ON c.id = p.city_id"		\
	" LEFT JOIN organizations o ON o.id = p.organization_id"

static const char *const SQL_PR_LIST =
	"SELECT " PR_COLUMNS PR_FROM " WHERE ($1 = 0 OR p.city_id = $1)"
	" AND ($2 IS NULL OR p.sector = $2) ORDER BY c.name_en, p.title_en, p.id";
static const char *const SQL_PR_GET = "SELECT " PR_COLUMNS PR_FROM " WHERE p.id = $1";
/* $1 the city, $2..$3 practice_bind; then the plain columns */
static const char *const SQL_PR_INSERT =
	"INSERT INTO practices (city_id, organization_id, created_at, updated_at, "
	DB_PRACTICE_NAMES("") ") VALUES ($1, $2, $3, $3, " DB_PRACTICE_VALUES_FROM_4 ")"
	" RETURNING id";
/* $1 the id, $2..$3 practice_bind; then the plain columns */
static const char *const SQL_PR_UPDATE =
	"UPDATE practices SET organization_id = $2, updated_at = $3, " DB_PRACTICE_SET_FROM_4
	" WHERE id = $1";

static void
practice_row(struct db_stmt *st, struct arena *a, void *item)
{
	struct db_practice	*p = item;

	memset(p, 0, sizeof(*p));
	p->id = row_int(st, "id");
	p->city_id = row_int(st, "city_id");
	p->organization_id = row_int(st, "organization_id");
	db_practice_columns_read(st, a, p);
	p->created_at = row_text(st, a, "created_at");
	p->updated_at = row_text(st, a, "updated_at");
	db_city_ref_group(st, a, "city_", p->city_id, &p->city);
	p->org_name_ru = row_text(st, a, "org_name_ru");
	p->org_name_en = row_text(st, a, "org_name_en");
	p->interest_count = row_int(st, "interest_count");
}

int
db_practice_list(struct db *db, struct arena *a, int64_t city_id, const char *sector,
    struct db_practice **out, size_t *n)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_PR_LIST);

	if (st == NULL)
		return DB_ERR;
	stmt_int(st, 1, city_id);
	stmt_text(st, 2, sector);
	return stmt_rows(st, a, sizeof(**out), practice_row, (void **)out, n);
}

int
db_practice_get(struct db *db, struct arena *a, int64_t id, struct db_practice *out)
{
	return one_by_id(db, a, SQL_PR_GET, id, practice_row, out);
}

/* $2 the organization, $3 now, then the plain columns */
static void
practice_bind(struct db_stmt *st, const struct db_practice *p, const char *now)
{
	stmt_id(st, 2, p->organization_id);
	stmt_text(st, 3, now);
	db_practice_columns_bind(st, 4, p);
}

int
db_practice_insert(struct db *db, const struct db_practice *p, int64_t *id)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_PR_INSERT);
	char		 now[TEXT_TIME_LEN];

	if (st == NULL)
		return DB_ERR;
	text_time(time(NULL), now);
	stmt_int(st, 1, p->city_id);
	practice_bind(st, p, now);
	return stmt_scalar(st, id);
}

int
db_practice_update(struct db *db, const struct db_practice *p)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_PR_UPDATE);
	char		 now[TEXT_TIME_LEN];

	if (st == NULL)
		return DB_ERR;
	text_time(time(NULL), now);
	stmt_int(st, 1, p->id);
	practice_bind(st, p, now);
	return stmt_exec_one(db, st);
}

/* --- interest requests --- */

#define I_COLUMNS							\
	"i.id AS id, i.practice_id AS practice_id, i.city_id AS city_id,"	\
	" i.organization_id AS organization_id, i.user_id AS user_id, "	\
	DB_INTEREST_SELECT("i.") ", i.status AS status, i.created_at AS created_at,"	\
	" i.updated_at AS updated_at, "						\
	CITY_SHOWN_COLUMNS("c", "city_") ", o.name_ru AS org_name_ru, o.name_en AS org_name_en,"	\
	" u.name AS user_name"
#define I_FROM								\
	" FROM practice_interests i JOIN cities c ON c.id = i.city_id"	\
	" LEFT JOIN organizations o ON o.id = i.organization_id"		\
	" LEFT JOIN users u ON u.id = i.user_id"

static const char *const SQL_I_LIST =
	"SELECT " I_COLUMNS I_FROM " WHERE i.practice_id = $1 ORDER BY i.id";
static const char *const SQL_I_GET = "SELECT " I_COLUMNS I_FROM " WHERE i.id = $1";
/* $1..$5: practice, city, organization, status, user; $6 the time; then the plain columns */
static const char *const SQL_I_INSERT =
	"INSERT INTO practice_interests (practice_id, city_id, organization_id, status, user_id,"
	" created_at, updated_at, " DB_INTEREST_NAMES("") ") VALUES ($1, $2, $3, $4, $5, $6, $6, "
	DB_INTEREST_VALUES_FROM_7 ") RETURNING id";
static const char *const SQL_I_STATUS =
	"UPDATE practice_interests SET status = $2, updated_at = $3 WHERE id = $1";
static const char *const SQL_IH_ADD =
	"INSERT INTO practice_interest_history (interest_id, status, note, user_id, changed_at)"
	" VALUES ($1, $2, $3, $4, $5)";
static const char *const SQL_IH_LIST =
	"SELECT h.interest_id AS interest_id, h.status AS status, h.note AS note,"
	" u.name AS author, h.changed_at AS changed_at"
	" FROM practice_interest_history h JOIN practice_interests i ON i.id = h.interest_id"
	" LEFT JOIN users u ON u.id = h.user_id WHERE i.practice_id = $1 ORDER BY h.id";

static void
interest_row(struct db_stmt *st, struct arena *a, void *item)
{
	struct db_interest	*i = item;

	memset(i, 0, sizeof(*i));
	i->id = row_int(st, "id");
	i->practice_id = row_int(st, "practice_id");
	i->city_id = row_int(st, "city_id");
	i->organization_id = row_int(st, "organization_id");
	i->user_id = row_int(st, "user_id");
	db_interest_columns_read(st, a, i);
	i->status = row_text(st, a, "status");
	i->created_at = row_text(st, a, "created_at");
	i->updated_at = row_text(st, a, "updated_at");
	db_city_ref_group(st, a, "city_", i->city_id, &i->city);
	i->org_name_ru = row_text(st, a, "org_name_ru");
	i->org_name_en = row_text(st, a, "org_name_en");
	i->user_name = row_text(st, a, "user_name");
}

int
db_interest_list(struct db *db, struct arena *a, int64_t practice_id, struct db_interest **out,
    size_t *n)
{
	return db_rows_by_id(db, a, SQL_I_LIST, practice_id, sizeof(**out), interest_row,
	    (void **)out, n);
}

int
db_interest_get(struct db *db, struct arena *a, int64_t id, struct db_interest *out)
{
	return one_by_id(db, a, SQL_I_GET, id, interest_row, out);
}

static int
history_add(struct db *db, int64_t id, const char *status, const char *note, int64_t user_id,
    const char *now)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_IH_ADD);

	if (st == NULL)
		return DB_ERR;
	stmt_int(st, 1, id);
	stmt_text(st, 2, status);
	stmt_text(st, 3, note);
	stmt_id(st, 4, user_id);
	stmt_text(st, 5, now);
	return stmt_exec(st);
}

int
db_interest_insert(struct db *db, const struct db_interest *i, int64_t *id)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_I_INSERT);
	char		 now[TEXT_TIME_LEN];
	int		 rc;

	if (st == NULL)
		return DB_ERR;
	text_time(time(NULL), now);
	stmt_int(st, 1, i->practice_id);
	stmt_int(st, 2, i->city_id);
	stmt_id(st, 3, i->organization_id);
	stmt_text(st, 4, i->status);
	stmt_id(st, 5, i->user_id);
	stmt_text(st, 6, i->created_at != NULL ? i->created_at : now);
	db_interest_columns_bind(st, 7, i);
	if ((rc = stmt_scalar(st, id)) != DB_OK)
		return rc;
	return history_add(db, *id, i->status, NULL, i->user_id,
	    i->created_at != NULL ? i->created_at : now);
}

int
db_interest_set_status(struct db *db, int64_t id, const char *status, const char *note,
    int64_t user_id)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_I_STATUS);
	char		 now[TEXT_TIME_LEN];
	int		 rc;

	if (st == NULL)
		return DB_ERR;
	text_time(time(NULL), now);
	stmt_int(st, 1, id);
	stmt_text(st, 2, status);
	stmt_text(st, 3, now);
	if ((rc = stmt_exec_one(db, st)) != DB_OK)
		return rc;
	return history_add(db, id, status, note, user_id, now);
}

static void
change_row(struct db_stmt *st, struct arena *a, void *item)
{
	struct db_interest_change	*c = item;

	c->interest_id = row_int(st, "interest_id");
	c->status = row_text(st, a, "status");
	c->note = row_text(st, a, "note");
	c->author = row_text(st, a, "author");
	c->changed_at = row_text(st, a, "changed_at");
}

int
db_interest_history(struct db *db, struct arena *a, int64_t practice_id,
    struct db_interest_change **out, size_t *n)
{
	return db_rows_by_id(db, a, SQL_IH_LIST, practice_id, sizeof(**out), change_row,
	    (void **)out, n);
}
