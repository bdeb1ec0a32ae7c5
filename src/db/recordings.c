/*
 * recordings: a meeting room's recordings, the publishers recorded (as
 * they were), and the converted tracks, each a file of the content store.
 * Status moves recording -> processing -> ready | failed, each step a
 * conditional UPDATE so that two processes never both take one.
 */
#include "db_internal.h"

#include <stddef.h>

static const char *const SQL_BEGIN =
	"INSERT INTO recordings (meeting_id, started_by, started_by_name, started_at, status)"
	" VALUES ($1, $2, $3, $4, 'recording') RETURNING id";
static const char *const SQL_PUBLISHER_ADD =
	"INSERT INTO recording_publishers (recording_id, user_id, name, city_ru, city_en, country,"
	" created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id";
/* A publisher of recording_publishers p, its columns named p_user_id ... (who_cols) */
#define WHO_COLUMNS							\
	"p.user_id AS p_user_id, p.name AS p_name, p.city_ru AS p_city_ru,"	\
	" p.city_en AS p_city_en, p.country AS p_country"
static const char *const SQL_PUBLISHER_GET =
	"SELECT " WHO_COLUMNS " FROM recording_publishers p"
	" WHERE p.recording_id = $1 AND p.id = $2";
static const char *const SQL_END =
	"UPDATE recordings SET status = 'processing', ended_at = $2"
	" WHERE id = $1 AND status = 'recording'";
static const char *const SQL_END_ALL =
	"UPDATE recordings SET status = 'processing', ended_at = $1 WHERE status = 'recording'";
static const char *const SQL_FINISH =
	"UPDATE recordings SET status = $2, error = $3 WHERE id = $1 AND status = 'processing'";
static const char *const SQL_RETRY =
	"UPDATE recordings SET status = 'processing', error = NULL"
	" WHERE id = $1 AND status = 'failed'";
#define RECORDING_COLUMNS						\
	"r.id AS id, r.meeting_id AS meeting_id, r.started_by AS started_by,"	\
	" r.started_by_name AS started_by_name, r.started_at AS started_at,"	\
	" r.ended_at AS ended_at, r.status AS status, r.error AS error"
static const char *const SQL_GET =
	"SELECT " RECORDING_COLUMNS " FROM recordings r WHERE r.id = $1";
static const char *const SQL_PENDING =
	"SELECT id AS id FROM recordings WHERE status = 'processing' ORDER BY ended_at, id";
static const char *const SQL_LIST =
	"SELECT " RECORDING_COLUMNS " FROM recordings r WHERE r.meeting_id = $1"
	" ORDER BY r.started_at DESC, r.id DESC";
#define FILE_COLUMNS							\
	"f.id AS id, f.recording_id AS recording_id,"			\
	" COALESCE(f.publisher_id, 0) AS publisher_id, f.source AS source, f.kind AS kind,"\
	" f.codec AS codec, f.file AS file, f.mime AS mime, f.bytes AS bytes,"	\
	" f.duration_ms AS duration_ms, f.first_frame_at AS first_frame_at,"	\
	" f.created_at AS created_at, " WHO_COLUMNS
#define FILE_FROM							\
	" FROM recording_files f LEFT JOIN recording_publishers p ON p.id = f.publisher_id"
static const char *const SQL_FILES =
	"SELECT " FILE_COLUMNS FILE_FROM " JOIN recordings r ON r.id = f.recording_id"
	" WHERE r.meeting_id = $1 ORDER BY f.recording_id, p.id, f.kind, f.source";
static const char *const SQL_FILE_GET =
	"SELECT " FILE_COLUMNS FILE_FROM " WHERE f.recording_id = $1 AND f.id = $2";
static const char *const SQL_FILE_EXISTS =
	"SELECT COUNT(*) FROM recording_files WHERE recording_id = $1 AND source = $2";
static const char *const SQL_FILE_COUNT =
	"SELECT COUNT(*) FROM recording_files WHERE recording_id = $1";
static const char *const SQL_FILE_ADD =
	"INSERT INTO recording_files (recording_id, publisher_id, source, kind, codec, file, mime,"
	" bytes, duration_ms, first_frame_at, created_at)"
	" VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id";
static const char *const SQL_DELETE = "DELETE FROM recordings WHERE id = $1";

int
db_recording_begin(struct db *db, int64_t meeting_id, int64_t user_id, const char *name,
    const char *now, int64_t *id)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_BEGIN);

	if (st == NULL)
		return DB_ERR;
	stmt_int(st, 1, meeting_id);
	stmt_id(st, 2, user_id);
	stmt_text(st, 3, name);
	stmt_text(st, 4, now);
	return stmt_scalar(st, id);
}

int
db_recording_publisher_add(struct db *db, int64_t recording_id,
    const struct db_recording_who *who, const char *now, int64_t *id)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_PUBLISHER_ADD);

	if (st == NULL)
		return DB_ERR;
	stmt_int(st, 1, recording_id);
	stmt_id(st, 2, who->user_id);
	stmt_text(st, 3, who->name);
	stmt_text(st, 4, who->city_ru);
	stmt_text(st, 5, who->city_en);
	stmt_text(st, 6, who->country);
	stmt_text(st, 7, now);
	return stmt_scalar(st, id);
}

/* WHO_COLUMNS */
static void
who_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct db_recording_who	*w = out;

	w->user_id = group_int(st, "p_", "user_id");
	w->name = group_text(st, a, "p_", "name");
	w->city_ru = group_text(st, a, "p_", "city_ru");
	w->city_en = group_text(st, a, "p_", "city_en");
	w->country = group_text(st, a, "p_", "country");
}

int
db_recording_publisher_get(struct db *db, struct arena *a, int64_t recording_id, int64_t id,
    struct db_recording_who *out)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_PUBLISHER_GET);

	if (st == NULL)
		return DB_ERR;
	stmt_int(st, 1, recording_id);
	stmt_int(st, 2, id);
	return stmt_one(st, a, who_row, out);
}

/* A conditional UPDATE of one row: DB_NOTFOUND when its condition held for none. */
static int
exec_one(struct db *db, struct db_stmt *st)
{
	int	rc = stmt_exec(st);

	return rc == DB_OK && db_changes(db) == 0 ? DB_NOTFOUND : rc;
}

int
db_recording_end(struct db *db, int64_t id, const char *now)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_END);

	if (st == NULL)
		return DB_ERR;
	stmt_int(st, 1, id);
	stmt_text(st, 2, now);
	return exec_one(db, st);
}

int
db_recording_end_all(struct db *db, const char *now, int64_t *n)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_END_ALL);
	int		 rc;

	if (st == NULL)
		return DB_ERR;
	stmt_text(st, 1, now);
	rc = stmt_exec(st);
	*n = rc == DB_OK ? db_changes(db) : 0;
	return rc;
}

int
db_recording_finish(struct db *db, int64_t id, const char *status, const char *error)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_FINISH);

	if (st == NULL)
		return DB_ERR;
	stmt_int(st, 1, id);
	stmt_text(st, 2, status);
	stmt_text(st, 3, error);
	return exec_one(db, st);
}

int
db_recording_retry(struct db *db, int64_t id)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_RETRY);

	if (st == NULL)
		return DB_ERR;
	stmt_int(st, 1, id);
	return exec_one(db, st);
}

static void
recording_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct db_recording	*r = out;

	r->id = row_int(st, "id");
	r->meeting_id = row_int(st, "meeting_id");
	r->started_by = row_int(st, "started_by");
	r->started_by_name = row_text(st, a, "started_by_name");
	r->started_at = row_text(st, a, "started_at");
	r->ended_at = row_text(st, a, "ended_at");
	r->status = row_text(st, a, "status");
	r->error = row_text(st, a, "error");
}

int
db_recording_get(struct db *db, struct arena *a, int64_t id, struct db_recording *out)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_GET);

	if (st == NULL)
		return DB_ERR;
	stmt_int(st, 1, id);
	return stmt_one(st, a, recording_row, out);
}

static void
id_row(struct db_stmt *st, struct arena *a, void *out)
{
	(void)a;
	*(int64_t *)out = row_int(st, "id");
}

int
db_recording_pending(struct db *db, struct arena *a, int64_t **ids, size_t *n)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_PENDING);

	if (st == NULL)
		return DB_ERR;
	return stmt_rows(st, a, sizeof(int64_t), id_row, (void **)ids, n);
}

int
db_recording_list(struct db *db, struct arena *a, int64_t meeting_id,
    struct db_recording **out, size_t *n)
{
	return db_rows_by_id(db, a, SQL_LIST, meeting_id, sizeof(**out), recording_row,
	    (void **)out, n);
}

/* FILE_COLUMNS */
static void
file_row(struct db_stmt *st, struct arena *a, void *out)
{
	struct db_recording_file	*f = out;

	f->id = row_int(st, "id");
	f->recording_id = row_int(st, "recording_id");
	f->publisher_id = row_int(st, "publisher_id");
	f->source = row_text(st, a, "source");
	f->kind = row_text(st, a, "kind");
	f->codec = row_text(st, a, "codec");
	f->file = row_text(st, a, "file");
	f->mime = row_text(st, a, "mime");
	f->bytes = row_int(st, "bytes");
	f->duration_ms = row_int(st, "duration_ms");
	f->first_frame_at = row_text(st, a, "first_frame_at");
	f->created_at = row_text(st, a, "created_at");
	who_row(st, a, &f->who);
}

int
db_recording_files(struct db *db, struct arena *a, int64_t meeting_id,
    struct db_recording_file **out, size_t *n)
{
	return db_rows_by_id(db, a, SQL_FILES, meeting_id, sizeof(**out), file_row,
	    (void **)out, n);
}

int
db_recording_file_get(struct db *db, struct arena *a, int64_t recording_id, int64_t id,
    struct db_recording_file *out)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_FILE_GET);

	if (st == NULL)
		return DB_ERR;
	stmt_int(st, 1, recording_id);
	stmt_int(st, 2, id);
	return stmt_one(st, a, file_row, out);
}

int
db_recording_file_exists(struct db *db, int64_t recording_id, const char *source, bool *yes)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_FILE_EXISTS);
	int64_t		 count = 0;
	int		 rc;

	if (st == NULL)
		return DB_ERR;
	stmt_int(st, 1, recording_id);
	stmt_text(st, 2, source);
	rc = stmt_scalar(st, &count);
	if (rc == DB_OK)
		*yes = count > 0;
	return rc;
}

int
db_recording_file_count(struct db *db, int64_t recording_id, int64_t *n)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_FILE_COUNT);

	if (st == NULL)
		return DB_ERR;
	stmt_int(st, 1, recording_id);
	return stmt_scalar(st, n);
}

int
db_recording_file_add(struct db *db, const struct db_recording_file *f, int64_t *id)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_FILE_ADD);

	if (st == NULL)
		return DB_ERR;
	stmt_int(st, 1, f->recording_id);
	stmt_id(st, 2, f->publisher_id);
	stmt_text(st, 3, f->source);
	stmt_text(st, 4, f->kind);
	stmt_text(st, 5, f->codec);
	stmt_text(st, 6, f->file);
	stmt_text(st, 7, f->mime);
	stmt_int(st, 8, f->bytes);
	stmt_int(st, 9, f->duration_ms);
	stmt_text(st, 10, f->first_frame_at);
	stmt_text(st, 11, f->created_at);
	return stmt_scalar(st, id);
}

int
db_recording_delete(struct db *db, int64_t id)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_DELETE);

	if (st == NULL)
		return DB_ERR;
	stmt_int(st, 1, id);
	return exec_one(db, st);
}
