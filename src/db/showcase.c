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
	"id, event_id, position, file, content_type, size, width, height, thumb,"	\
	" caption_ru, caption_en, user_id, created_at"

static const char *const SQL_P_LIST =
	"SELECT " P_COLUMNS " FROM event_photos WHERE event_id = $1 ORDER BY position, id";
static const char *const SQL_P_GET = "SELECT " P_COLUMNS " FROM event_photos WHERE id = $1";
static const char *const SQL_P_INSERT =
	"INSERT INTO event_photos (event_id, position, file, content_type, size, width, height,"
	" thumb, caption_ru, caption_en, user_id, created_at) VALUES ($1,"
	" (SELECT COALESCE(MAX(position), 0) + 1 FROM event_photos WHERE event_id = $1),"
	" $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id";
static const char *const SQL_P_UPDATE =
	"UPDATE event_photos SET caption_ru = $2, caption_en = $3, position = $4 WHERE id = $1";
static const char *const SQL_P_DELETE = "DELETE FROM event_photos WHERE id = $1";

static void
photo_row(struct db_stmt *st, struct arena *a, void *item)
{
	struct db_photo	*p = item;

	p->id = col_int(st, 0);
	p->event_id = col_int(st, 1);
	p->position = col_int(st, 2);
	p->file = col_text(st, a, 3);
	p->content_type = col_text(st, a, 4);
	p->size = col_int(st, 5);
	p->width = col_int(st, 6);
	p->height = col_int(st, 7);
	p->thumb = col_text(st, a, 8);
	p->caption_ru = col_text(st, a, 9);
	p->caption_en = col_text(st, a, 10);
	p->user_id = col_int(st, 11);
	p->created_at = col_text(st, a, 12);
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
	stmt_text(st, 8, p->caption_ru);
	stmt_text(st, 9, p->caption_en);
	stmt_id(st, 10, p->user_id);
	stmt_text(st, 11, now);
	return stmt_scalar(st, id);
}

int
db_photo_update(struct db *db, const struct db_photo *p)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_P_UPDATE);

	if (st == NULL)
		return DB_ERR;
	stmt_int(st, 1, p->id);
	stmt_text(st, 2, p->caption_ru);
	stmt_text(st, 3, p->caption_en);
	stmt_int(st, 4, p->position);
	return stmt_exec_one(db, st);
}

int
db_photo_delete(struct db *db, int64_t id)
{
	return delete_by_id(db, SQL_P_DELETE, id);
}

/* --- the fair --- */

#define X_COLUMNS							\
	"x.id, x.event_id, x.organization_id, x.name, x.country_code, x.created_at,"	\
	" o.name_ru, o.name_en, c.name_ru, c.name_en"
#define X_FROM								\
	" FROM fair_exhibitors x LEFT JOIN organizations o ON o.id = x.organization_id"	\
	" JOIN countries c ON c.code = x.country_code"

static const char *const SQL_X_LIST =
	"SELECT " X_COLUMNS X_FROM " WHERE x.event_id = $1 ORDER BY x.id";
static const char *const SQL_X_GET = "SELECT " X_COLUMNS X_FROM " WHERE x.id = $1";
static const char *const SQL_X_INSERT =
	"INSERT INTO fair_exhibitors (event_id, organization_id, name, country_code, created_at)"
	" VALUES ($1, $2, $3, $4, $5) RETURNING id";
static const char *const SQL_X_UPDATE =
	"UPDATE fair_exhibitors SET organization_id = $2, name = $3, country_code = $4"
	" WHERE id = $1";
static const char *const SQL_X_DELETE = "DELETE FROM fair_exhibitors WHERE id = $1";

static void
exhibitor_row(struct db_stmt *st, struct arena *a, void *item)
{
	struct db_exhibitor	*x = item;

	x->id = col_int(st, 0);
	x->event_id = col_int(st, 1);
	x->organization_id = col_int(st, 2);
	x->name = col_text(st, a, 3);
	x->country_code = col_text(st, a, 4);
	x->created_at = col_text(st, a, 5);
	x->org_name_ru = col_text(st, a, 6);
	x->org_name_en = col_text(st, a, 7);
	x->country_name_ru = col_text(st, a, 8);
	x->country_name_en = col_text(st, a, 9);
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

static void
exhibitor_bind(struct db_stmt *st, const struct db_exhibitor *x)
{
	stmt_id(st, 2, x->organization_id);
	stmt_text(st, 3, x->name);
	stmt_text(st, 4, x->country_code);
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
	exhibitor_bind(st, x);
	stmt_text(st, 5, now);
	return stmt_scalar(st, id);
}

int
db_exhibitor_update(struct db *db, const struct db_exhibitor *x)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_X_UPDATE);

	if (st == NULL)
		return DB_ERR;
	stmt_int(st, 1, x->id);
	exhibitor_bind(st, x);
	return stmt_exec_one(db, st);
}

int
db_exhibitor_delete(struct db *db, int64_t id)
{
	return delete_by_id(db, SQL_X_DELETE, id);
}

#define G_COLUMNS							\
	"g.id, g.exhibitor_id, x.event_id, g.name_ru, g.name_en, g.description_ru,"	\
	" g.description_en, g.picture, g.picture_type, g.thumb, g.created_at"
#define G_FROM	" FROM fair_products g JOIN fair_exhibitors x ON x.id = g.exhibitor_id"

static const char *const SQL_G_LIST =
	"SELECT " G_COLUMNS G_FROM " WHERE x.event_id = $1 ORDER BY g.exhibitor_id, g.id";
static const char *const SQL_G_GET = "SELECT " G_COLUMNS G_FROM " WHERE g.id = $1";
static const char *const SQL_G_INSERT =
	"INSERT INTO fair_products (exhibitor_id, name_ru, name_en, description_ru,"
	" description_en, picture, picture_type, thumb, created_at)"
	" VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id";
static const char *const SQL_G_UPDATE =
	"UPDATE fair_products SET name_ru = $2, name_en = $3, description_ru = $4,"
	" description_en = $5, picture = $6, picture_type = $7, thumb = $8 WHERE id = $1";
static const char *const SQL_G_DELETE = "DELETE FROM fair_products WHERE id = $1";

static void
product_row(struct db_stmt *st, struct arena *a, void *item)
{
	struct db_product	*g = item;

	g->id = col_int(st, 0);
	g->exhibitor_id = col_int(st, 1);
	g->event_id = col_int(st, 2);
	g->name_ru = col_text(st, a, 3);
	g->name_en = col_text(st, a, 4);
	g->description_ru = col_text(st, a, 5);
	g->description_en = col_text(st, a, 6);
	g->picture = col_text(st, a, 7);
	g->picture_type = col_text(st, a, 8);
	g->thumb = col_text(st, a, 9);
	g->created_at = col_text(st, a, 10);
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

static void
product_bind(struct db_stmt *st, const struct db_product *g)
{
	stmt_text(st, 2, g->name_ru);
	stmt_text(st, 3, g->name_en);
	stmt_text(st, 4, g->description_ru);
	stmt_text(st, 5, g->description_en);
	stmt_text(st, 6, g->picture);
	stmt_text(st, 7, g->picture_type);
	stmt_text(st, 8, g->thumb);
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
	stmt_text(st, 9, now);
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
	return stmt_exec_one(db, st);
}

int
db_product_delete(struct db *db, int64_t id)
{
	return delete_by_id(db, SQL_G_DELETE, id);
}

/* --- practices --- */

#define PR_COLUMNS							\
	"p.id, p.city_id, p.organization_id, p.sector, p.title_ru, p.title_en,"	\
	" p.description_ru, p.description_en, p.created_at, p.updated_at,"	\
	" c.name_en, COALESCE(c.name_ru, c.name_en), c.country_code, o.name_ru, o.name_en,"	\
	" (SELECT COUNT(*) FROM practice_interests i WHERE i.practice_id = p.id)"
#define PR_FROM								\
	" FROM practices p JOIN cities c ON c.id = p.city_id"		\
	" LEFT JOIN organizations o ON o.id = p.organization_id"

static const char *const SQL_PR_LIST =
	"SELECT " PR_COLUMNS PR_FROM " WHERE ($1 = 0 OR p.city_id = $1)"
	" AND ($2 IS NULL OR p.sector = $2) ORDER BY c.name_en, p.title_en, p.id";
static const char *const SQL_PR_GET = "SELECT " PR_COLUMNS PR_FROM " WHERE p.id = $1";
static const char *const SQL_PR_INSERT =
	"INSERT INTO practices (city_id, organization_id, sector, title_ru, title_en,"
	" description_ru, description_en, created_at, updated_at)"
	" VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id";
static const char *const SQL_PR_UPDATE =
	"UPDATE practices SET organization_id = $2, sector = $3, title_ru = $4, title_en = $5,"
	" description_ru = $6, description_en = $7, updated_at = $8 WHERE id = $1";

static void
practice_row(struct db_stmt *st, struct arena *a, void *item)
{
	struct db_practice	*p = item;

	memset(p, 0, sizeof(*p));
	p->id = col_int(st, 0);
	p->city_id = col_int(st, 1);
	p->organization_id = col_int(st, 2);
	p->sector = col_text(st, a, 3);
	p->title_ru = col_text(st, a, 4);
	p->title_en = col_text(st, a, 5);
	p->description_ru = col_text(st, a, 6);
	p->description_en = col_text(st, a, 7);
	p->created_at = col_text(st, a, 8);
	p->updated_at = col_text(st, a, 9);
	p->city.id = p->city_id;
	p->city.name_en = col_text(st, a, 10);
	p->city.name_ru = col_text(st, a, 11);
	p->city.country_code = col_text(st, a, 12);
	p->org_name_ru = col_text(st, a, 13);
	p->org_name_en = col_text(st, a, 14);
	p->interest_count = col_int(st, 15);
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

static void
practice_bind(struct db_stmt *st, const struct db_practice *p, const char *now)
{
	stmt_id(st, 2, p->organization_id);
	stmt_text(st, 3, p->sector);
	stmt_text(st, 4, p->title_ru);
	stmt_text(st, 5, p->title_en);
	stmt_text(st, 6, p->description_ru);
	stmt_text(st, 7, p->description_en);
	stmt_text(st, 8, now);
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
	"i.id, i.practice_id, i.city_id, i.organization_id, i.user_id, i.message, i.status,"	\
	" i.created_at, i.updated_at, c.name_en, COALESCE(c.name_ru, c.name_en),"	\
	" c.country_code, o.name_ru, o.name_en, u.name"
#define I_FROM								\
	" FROM practice_interests i JOIN cities c ON c.id = i.city_id"	\
	" LEFT JOIN organizations o ON o.id = i.organization_id"		\
	" LEFT JOIN users u ON u.id = i.user_id"

static const char *const SQL_I_LIST =
	"SELECT " I_COLUMNS I_FROM " WHERE i.practice_id = $1 ORDER BY i.id";
static const char *const SQL_I_GET = "SELECT " I_COLUMNS I_FROM " WHERE i.id = $1";
static const char *const SQL_I_INSERT =
	"INSERT INTO practice_interests (practice_id, city_id, organization_id, message, status,"
	" user_id, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id";
static const char *const SQL_I_STATUS =
	"UPDATE practice_interests SET status = $2, updated_at = $3 WHERE id = $1";
static const char *const SQL_IH_ADD =
	"INSERT INTO practice_interest_history (interest_id, status, note, user_id, changed_at)"
	" VALUES ($1, $2, $3, $4, $5)";
static const char *const SQL_IH_LIST =
	"SELECT h.interest_id, h.status, h.note, u.name, h.changed_at"
	" FROM practice_interest_history h JOIN practice_interests i ON i.id = h.interest_id"
	" LEFT JOIN users u ON u.id = h.user_id WHERE i.practice_id = $1 ORDER BY h.id";

static void
interest_row(struct db_stmt *st, struct arena *a, void *item)
{
	struct db_interest	*i = item;

	memset(i, 0, sizeof(*i));
	i->id = col_int(st, 0);
	i->practice_id = col_int(st, 1);
	i->city_id = col_int(st, 2);
	i->organization_id = col_int(st, 3);
	i->user_id = col_int(st, 4);
	i->message = col_text(st, a, 5);
	i->status = col_text(st, a, 6);
	i->created_at = col_text(st, a, 7);
	i->updated_at = col_text(st, a, 8);
	i->city.id = i->city_id;
	i->city.name_en = col_text(st, a, 9);
	i->city.name_ru = col_text(st, a, 10);
	i->city.country_code = col_text(st, a, 11);
	i->org_name_ru = col_text(st, a, 12);
	i->org_name_en = col_text(st, a, 13);
	i->user_name = col_text(st, a, 14);
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
	stmt_text(st, 4, i->message);
	stmt_text(st, 5, i->status);
	stmt_id(st, 6, i->user_id);
	stmt_text(st, 7, i->created_at != NULL ? i->created_at : now);
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

	c->interest_id = col_int(st, 0);
	c->status = col_text(st, a, 1);
	c->note = col_text(st, a, 2);
	c->author = col_text(st, a, 3);
	c->changed_at = col_text(st, a, 4);
}

int
db_interest_history(struct db *db, struct arena *a, int64_t practice_id,
    struct db_interest_change **out, size_t *n)
{
	return db_rows_by_id(db, a, SQL_IH_LIST, practice_id, sizeof(**out), change_row,
	    (void **)out, n);
}
