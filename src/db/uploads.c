/*
 * uploads: who stored which file of the content store (the per-user quota),
 * and whether any row still refers to a stored file (the orphan sweep).
 *
 * A table that keeps store names must be named in SQL_REFERENCED, or the
 * sweep removes its files: the pictures of event photos and fair products,
 * the signed agreements, the tracks of meeting recordings, and the bulletin
 * images, which live only as "/files/<name>" links in Markdown.
 */
#include "db_internal.h"

#include <time.h>

#include "../base/text.h"

static const char *const SQL_RECORD =
	"INSERT INTO uploads (user_id, name, size, created_at) VALUES ($1, $2, $3, $4)"
	" ON CONFLICT (user_id, name) DO NOTHING";
static const char *const SQL_USAGE =
	"SELECT COALESCE(SUM(size), 0) FROM uploads WHERE user_id = $1";
static const char *const SQL_FORGET = "DELETE FROM uploads WHERE name = $1";
static const char *const SQL_REFERENCED =
	"SELECT EXISTS (SELECT 1 FROM event_photos WHERE file = $1)"
	" OR EXISTS (SELECT 1 FROM event_photos WHERE thumb = $1)"
	" OR EXISTS (SELECT 1 FROM fair_products WHERE picture = $1)"
	" OR EXISTS (SELECT 1 FROM fair_products WHERE thumb = $1)"
	" OR EXISTS (SELECT 1 FROM agreements WHERE file_sha256 = $1)"
	" OR EXISTS (SELECT 1 FROM recording_files WHERE file = $1)"
	/* Markdown that may link an image of POST /files: read only for such names */
	" OR ($2 AND (EXISTS (SELECT 1 FROM bulletins WHERE instr(body, $1) > 0)"
	" OR EXISTS (SELECT 1 FROM bulletin_revisions WHERE instr(body, $1) > 0)"
	" OR EXISTS (SELECT 1 FROM meetings WHERE instr(minutes_ru, $1) > 0"
	" OR instr(minutes_en, $1) > 0)"
	" OR EXISTS (SELECT 1 FROM practices WHERE instr(description_ru, $1) > 0"
	" OR instr(description_en, $1) > 0)"
	" OR EXISTS (SELECT 1 FROM fair_products WHERE instr(description_ru, $1) > 0"
	" OR instr(description_en, $1) > 0)))";

int
db_upload_record(struct db *db, int64_t user_id, const char *name, int64_t size)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_RECORD);
	char		 now[TEXT_TIME_LEN];

	if (st == NULL)
		return DB_ERR;
	text_time(time(NULL), now);
	stmt_int(st, 1, user_id);
	stmt_text(st, 2, name);
	stmt_int(st, 3, size);
	stmt_text(st, 4, now);
	return stmt_exec(st);
}

int
db_upload_usage(struct db *db, int64_t user_id, int64_t *bytes)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_USAGE);

	if (st == NULL)
		return DB_ERR;
	stmt_int(st, 1, user_id);
	return stmt_scalar(st, bytes);
}

int
db_upload_forget(struct db *db, const char *name)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_FORGET);

	if (st == NULL)
		return DB_ERR;
	stmt_text(st, 1, name);
	return stmt_exec(st);
}

int
db_file_referenced(struct db *db, const char *name, bool linkable, bool *yes)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_REFERENCED);
	int64_t		 v = 1;
	int		 rc;

	if (st == NULL)
		return DB_ERR;
	stmt_text(st, 1, name);
	stmt_int(st, 2, linkable);
	rc = stmt_scalar(st, &v);
	if (rc == DB_OK)
		*yes = v != 0;
	return rc;
}
