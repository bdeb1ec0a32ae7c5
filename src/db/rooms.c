/*
 * rooms: what the live meeting rooms keep — guest links (by token hash),
 * the chat of a meeting, who attended from when to when — and the meeting
 * status the room moves (live, held).
 */
#include "db_internal.h"

#include <stddef.h>
#include <string.h>

static const char *const SQL_STATUS =
	"UPDATE meetings SET status = $2, updated_at = $3 WHERE id = $1";
/* $1..$6 by hand; then the plain columns */
static const char *const SQL_GUEST_INSERT =
	"INSERT INTO room_guest_links (meeting_id, token_hash, expires_at, created_by,"
	" created_at, role, " DB_ROOM_GUEST_NAMES("") ") VALUES ($1, $2, $3, $4, $5, $6, "
	DB_ROOM_GUEST_VALUES_FROM_7 ") RETURNING id";
#define GUEST_COLUMNS							\
	"l.id AS id, l.meeting_id AS meeting_id, " DB_ROOM_GUEST_SELECT("l.") ","	\
	" l.expires_at AS expires_at, l.revoked_at AS revoked_at, l.role AS role"
static const char *const SQL_GUEST_GET =
	"SELECT " GUEST_COLUMNS " FROM room_guest_links l WHERE l.token_hash = $1";
static const char *const SQL_GUEST_GET_ID =
	"SELECT " GUEST_COLUMNS " FROM room_guest_links l WHERE l.id = $1";
static const char *const SQL_GUEST_LIST =
	"SELECT " GUEST_COLUMNS ", l.created_at AS created_at, c.name AS creator_name,"
	" r.name AS revoker_name,"
	" (SELECT COUNT(*) FROM room_attendance a WHERE a.guest_link_id = l.id) AS uses,"
	" (SELECT MIN(a.joined_at) FROM room_attendance a WHERE a.guest_link_id = l.id)"
	" AS first_used_at,"
	" (SELECT MAX(a.joined_at) FROM room_attendance a WHERE a.guest_link_id = l.id)"
	" AS last_used_at"
	" FROM room_guest_links l LEFT JOIN users c ON c.id = l.created_by"
	" LEFT JOIN users r ON r.id = l.revoked_by WHERE l.meeting_id = $1 ORDER BY l.id";
static const char *const SQL_GUEST_REVOKE =
	"UPDATE room_guest_links SET revoked_at = COALESCE(revoked_at, $3),"
	" revoked_by = COALESCE(revoked_by, $4) WHERE meeting_id = $1 AND id = $2";
static const char *const SQL_GUEST_EXPIRE =
	"UPDATE room_guest_links SET expires_at = $2 WHERE meeting_id = $1 AND expires_at > $2";
static const char *const SQL_CHAT_INSERT =
	"INSERT INTO room_chat (meeting_id, user_id, author, text, created_at)"
	" VALUES ($1, $2, $3, $4, $5) RETURNING id";
static const char *const SQL_CHAT_LIST =
	"SELECT id AS id, user_id AS user_id, author AS author, text AS text,"
	" created_at AS created_at FROM (SELECT * FROM room_chat"
	" WHERE meeting_id = $1 ORDER BY id DESC LIMIT $2) last ORDER BY id";
static const char *const SQL_ATTEND_BEGIN =
	"INSERT INTO room_attendance (meeting_id, user_id, guest_link_id, name, joined_at)"
	" VALUES ($1, $2, $3, $4, $5) RETURNING id";
static const char *const SQL_ATTEND_END =
	"UPDATE room_attendance SET left_at = $2 WHERE id = $1 AND left_at IS NULL";
static const char *const SQL_ATTEND_LIST =
	"SELECT id AS id, user_id AS user_id, guest_link_id AS guest_link_id, name AS name,"
	" joined_at AS joined_at, left_at AS left_at FROM room_attendance"
	" WHERE meeting_id = $1 ORDER BY joined_at, id";

int
db_meeting_set_status(struct db *db, int64_t id, const char *status, const char *now)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_STATUS);
	int		 rc;

	if (st == NULL)
		return DB_ERR;
	stmt_int(st, 1, id);
	stmt_text(st, 2, status);
	stmt_text(st, 3, now);
	rc = stmt_exec(st);
	return rc == DB_OK && db_changes(db) == 0 ? DB_NOTFOUND : rc;
}

int
db_room_guest_insert(struct db *db, int64_t meeting_id, const struct db_room_guest *g,
    const char *token_hash, int64_t created_by, const char *now, int64_t *id)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_GUEST_INSERT);

	if (st == NULL)
		return DB_ERR;
	stmt_int(st, 1, meeting_id);
	stmt_text(st, 2, token_hash);
	stmt_text(st, 3, g->expires_at);
	stmt_id(st, 4, created_by);
	stmt_text(st, 5, now);
	stmt_text(st, 6, g->listen ? "listener" : "speaker");
	db_room_guest_columns_bind(st, 7, g);
	return stmt_scalar(st, id);
}

/* GUEST_COLUMNS */
static void
guest_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct db_room_guest	*g = out;

	g->id = row_int(st, "id");
	g->meeting_id = row_int(st, "meeting_id");
	db_room_guest_columns_read(st, a, g);
	g->expires_at = row_text(st, a, "expires_at");
	g->revoked_at = row_text(st, a, "revoked_at");
	g->listen = strcmp(row_text(st, a, "role"), "listener") == 0;
}

int
db_room_guest_get(struct db *db, struct arena *a, const char *token_hash, int64_t id,
    struct db_room_guest *out)
{
	struct db_stmt	*st = stmt_prepare(db, token_hash != NULL ? SQL_GUEST_GET :
			    SQL_GUEST_GET_ID);

	if (st == NULL)
		return DB_ERR;
	if (token_hash != NULL)
		stmt_text(st, 1, token_hash);
	else
		stmt_int(st, 1, id);
	return stmt_one(st, a, guest_row, out);
}

static void
guest_link_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct db_room_guest_link	*l = out;

	guest_row(st, a, &l->link);
	l->created_at = row_text(st, a, "created_at");
	l->created_by = row_text(st, a, "creator_name");
	l->revoked_by = row_text(st, a, "revoker_name");
	l->uses = row_int(st, "uses");
	l->first_used_at = row_text(st, a, "first_used_at");
	l->last_used_at = row_text(st, a, "last_used_at");
}

int
db_room_guest_list(struct db *db, struct arena *a, int64_t meeting_id,
    struct db_room_guest_link **out, size_t *n)
{
	return db_rows_by_id(db, a, SQL_GUEST_LIST, meeting_id, sizeof(**out), guest_link_row,
	    (void **)out, n);
}

int
db_room_guest_revoke(struct db *db, int64_t meeting_id, int64_t id, int64_t by,
    const char *now)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_GUEST_REVOKE);

	if (st == NULL)
		return DB_ERR;
	stmt_int(st, 1, meeting_id);
	stmt_int(st, 2, id);
	stmt_text(st, 3, now);
	stmt_id(st, 4, by);
	return stmt_exec_one(db, st);
}

int
db_room_guest_expire(struct db *db, int64_t meeting_id, const char *now)
{
	return db_exec_id_text(db, SQL_GUEST_EXPIRE, meeting_id, now);
}

int
db_room_chat_insert(struct db *db, int64_t meeting_id, const struct db_room_chat *c,
    int64_t *id)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_CHAT_INSERT);

	if (st == NULL)
		return DB_ERR;
	stmt_int(st, 1, meeting_id);
	stmt_id(st, 2, c->user_id);
	stmt_text(st, 3, c->author);
	stmt_text(st, 4, c->text);
	stmt_text(st, 5, c->created_at);
	return stmt_scalar(st, id);
}

static void
chat_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct db_room_chat	*c = out;

	c->id = row_int(st, "id");
	c->user_id = row_int(st, "user_id");
	c->author = row_text(st, a, "author");
	c->text = row_text(st, a, "text");
	c->created_at = row_text(st, a, "created_at");
}

int
db_room_chat_list(struct db *db, struct arena *a, int64_t meeting_id, int limit,
    struct db_room_chat **out, size_t *n)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_CHAT_LIST);

	if (st == NULL)
		return DB_ERR;
	stmt_int(st, 1, meeting_id);
	stmt_int(st, 2, limit);
	return stmt_rows(st, a, sizeof(**out), chat_row, (void **)out, n);
}

int
db_room_attend_begin(struct db *db, int64_t meeting_id, int64_t user_id,
    int64_t guest_link_id, const char *name, const char *now, int64_t *id)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_ATTEND_BEGIN);

	if (st == NULL)
		return DB_ERR;
	stmt_int(st, 1, meeting_id);
	stmt_id(st, 2, user_id);
	stmt_id(st, 3, guest_link_id);
	stmt_text(st, 4, name);
	stmt_text(st, 5, now);
	return stmt_scalar(st, id);
}

int
db_room_attend_end(struct db *db, int64_t id, const char *now)
{
	return db_exec_id_text(db, SQL_ATTEND_END, id, now);
}

static void
attendance_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct db_room_attendance	*r = out;

	r->id = row_int(st, "id");
	r->user_id = row_int(st, "user_id");
	r->guest_link_id = row_int(st, "guest_link_id");
	r->name = row_text(st, a, "name");
	r->joined_at = row_text(st, a, "joined_at");
	r->left_at = row_text(st, a, "left_at");
}

int
db_room_attendance_list(struct db *db, struct arena *a, int64_t meeting_id,
    struct db_room_attendance **out, size_t *n)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_ATTEND_LIST);

	if (st == NULL)
		return DB_ERR;
	stmt_int(st, 1, meeting_id);
	return stmt_rows(st, a, sizeof(**out), attendance_row, (void **)out, n);
}
