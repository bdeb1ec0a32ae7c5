/*
 * login: the counts of failed sign-ins and the pairs known to have signed
 * in (migration 0018). What the counts mean, the back-off, is decided in
 * src/api/session.c; here they are only kept, bounded and forgotten.
 */
#include "db_internal.h"

#include <string.h>

static const char *const SQL_COUNTS =
	"SELECT email AS email, address AS address, failures AS failures, last_at AS last_at"
	" FROM login_throttle WHERE last_at > $3 AND"
	" ((email = $1 AND address = $2) OR (email = '' AND address = $2)"
	" OR (email = $1 AND address = ''))";

static const char *const SQL_KNOWN =
	"SELECT COUNT(*) FROM login_known WHERE email = $1 AND address = $2 AND at > $3";

static const char *const SQL_FAILURE =
	"INSERT INTO login_throttle (email, address, failures, last_at) VALUES ($1, $2, 1, $3)"
	" ON CONFLICT (email, address) DO UPDATE SET failures = CASE"
	" WHEN login_throttle.last_at > $4 THEN login_throttle.failures + 1 ELSE 1 END,"
	" last_at = $3";

static const char *const SQL_FORGET = "DELETE FROM login_throttle WHERE last_at <= $1";

/*
 * All but the newest $1 rows (none while there are no more): the rows last
 * failed no later than the ($1 + 1)th newest, so ties go too and at most $1
 * are left.
 */
static const char *const SQL_CAP =
	"DELETE FROM login_throttle WHERE last_at <= (SELECT last_at FROM login_throttle"
	" ORDER BY last_at DESC LIMIT 1 OFFSET $1)";

static const char *const SQL_PAIR_CLEAR =
	"DELETE FROM login_throttle WHERE email = $1 AND address = $2";

static const char *const SQL_KNOWN_PUT =
	"INSERT INTO login_known (email, address, at) VALUES ($1, $2, $3)"
	" ON CONFLICT (email, address) DO UPDATE SET at = excluded.at";

static const char *const SQL_KNOWN_FORGET = "DELETE FROM login_known WHERE at <= $1";

/* as SQL_CAP, for one account's known pairs */
static const char *const SQL_KNOWN_CAP =
	"DELETE FROM login_known WHERE email = $1 AND at <= (SELECT at FROM login_known"
	" WHERE email = $1 ORDER BY at DESC LIMIT 1 OFFSET $2)";

static const char *const SQL_ROWS =
	"SELECT (SELECT COUNT(*) FROM login_throttle) AS counts,"
	" (SELECT COUNT(*) FROM login_known) AS known";

int
db_login_counts(struct db *db, struct arena *a, const char *email, const char *address,
    const char *since, const char *known_since, struct db_login_counts *out)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_COUNTS);
	int64_t		 known = 0;
	int		 rc;

	if (st == NULL)
		return DB_ERR;
	memset(out, 0, sizeof(*out));
	stmt_text(st, 1, email);
	stmt_text(st, 2, address);
	stmt_text(st, 3, since);
	while ((rc = stmt_step(st)) == DB_ROW) {
		const char		*e = row_text(st, a, "email");
		const char		*ad = row_text(st, a, "address");
		struct db_login_count	*c = e[0] == '\0' ? &out->address :
					    ad[0] == '\0' ? &out->account : &out->pair;

		c->failures = row_int(st, "failures");
		c->last_at = row_text(st, a, "last_at");
	}
	stmt_done(st);
	if (rc != DB_DONE || (st = stmt_prepare(db, SQL_KNOWN)) == NULL)
		return DB_ERR;
	stmt_text(st, 1, email);
	stmt_text(st, 2, address);
	stmt_text(st, 3, known_since);
	if (stmt_scalar(st, &known) != DB_OK)
		return DB_ERR;
	out->known = known > 0;
	return DB_OK;
}

static int
count_failure(struct db *db, const char *email, const char *address, const char *now,
    const char *since)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_FAILURE);

	if (st == NULL)
		return DB_ERR;
	stmt_text(st, 1, email);
	stmt_text(st, 2, address);
	stmt_text(st, 3, now);
	stmt_text(st, 4, since);
	return stmt_exec(st);
}

/* A statement of one text and an optional integer parameter ($1, $2). */
static int
exec_with(struct db *db, const char *sql, const char *text, int64_t n, bool with_n)
{
	struct db_stmt	*st = stmt_prepare(db, sql);

	if (st == NULL)
		return DB_ERR;
	if (text != NULL)
		stmt_text(st, 1, text);
	if (with_n)
		stmt_int(st, text != NULL ? 2 : 1, n);
	return stmt_exec(st);
}

int
db_login_failure_add(struct db *db, const char *email, const char *address,
    const char *now, const char *since, int64_t max_rows)
{
	int	rc = DB_ERR;

	if (db_begin(db) != DB_OK)
		return DB_ERR;
	if (count_failure(db, email, address, now, since) != DB_OK ||
	    count_failure(db, "", address, now, since) != DB_OK ||
	    count_failure(db, email, "", now, since) != DB_OK ||
	    exec_with(db, SQL_FORGET, since, 0, false) != DB_OK ||
	    (max_rows > 0 && exec_with(db, SQL_CAP, NULL, max_rows, true) != DB_OK))
		goto out;
	rc = db_commit(db) == DB_OK ? DB_OK : DB_ERR;
out:
	if (rc != DB_OK)
		db_rollback(db);
	return rc;
}

int
db_login_success(struct db *db, const char *email, const char *address, const char *now,
    const char *known_since, int64_t max_known)
{
	struct db_stmt	*st;
	int		 rc = DB_ERR;

	if (db_begin(db) != DB_OK)
		return DB_ERR;
	if ((st = stmt_prepare(db, SQL_PAIR_CLEAR)) == NULL)
		goto out;
	stmt_text(st, 1, email);
	stmt_text(st, 2, address);
	if (stmt_exec(st) != DB_OK || (st = stmt_prepare(db, SQL_KNOWN_PUT)) == NULL)
		goto out;
	stmt_text(st, 1, email);
	stmt_text(st, 2, address);
	stmt_text(st, 3, now);
	if (stmt_exec(st) != DB_OK || exec_with(db, SQL_KNOWN_FORGET, known_since, 0, false) != DB_OK ||
	    exec_with(db, SQL_KNOWN_CAP, email, max_known, true) != DB_OK)
		goto out;
	rc = db_commit(db) == DB_OK ? DB_OK : DB_ERR;
out:
	if (rc != DB_OK)
		db_rollback(db);
	return rc;
}

int
db_login_rows(struct db *db, int64_t *counts, int64_t *known)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_ROWS);
	int		 rc;

	if (st == NULL)
		return DB_ERR;
	if ((rc = stmt_step(st)) == DB_ROW) {
		*counts = row_int(st, "counts");
		*known = row_int(st, "known");
	}
	stmt_done(st);
	return rc == DB_ROW ? DB_OK : DB_ERR;
}
