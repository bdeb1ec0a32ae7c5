/*
 * sqlite: the embedded backend. One sqlite3 handle per struct db, WAL mode,
 * foreign keys on, a busy timeout so that workers wait for each other's
 * writes, and a cache of prepared statements keyed by SQL text address.
 */
#include "db_internal.h"

#include <fcntl.h>
#include <pthread.h>
#include <jansson.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <sys/uio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../base/alloc.h"
#include "../base/embed.h"
#include "../base/log.h"
#include "../base/metrics.h"
#include "../base/text.h"
#include "sqlite_internal.h"

#define STMT_CACHE	384	/* more than the SQL_* statements of src/db (about 230) */

struct db_stmt {
	sqlite3_stmt	*s;
	struct db	*db;
	const char	*sql;
	struct db_reads	 reads;		/* the tables it reads */
	char		**cols;		/* its result columns' names (one allocation) */
	int		 ncols;
	int		 next_col;	/* where col_index looks first */
};

struct db {
	sqlite3		*h;
	char		*path;
	int		 lock;		/* "<path>.lock", held shared (sqlite_file.c) */
	int		 busy_ms;	/* how long a statement waits for another writer */
	struct tables_conn tables;	/* reads noted, writes pending (sqlite_tables.c) */
	void		*search;	/* the connection's stemmers (search.c) */
	struct db_stmt	 cache[STMT_CACHE];
	size_t		 ncache;
};

/* The migrations of src/db/migrations, in numeric order (tools/migrations.sh). */
#include "migrations.inc"

/*
 * A migration that builds a table anew (to drop a NOT NULL or a CHECK, which
 * ALTER TABLE cannot) says so by a line "-- pobratim: rebuild": it runs with
 * foreign keys off, so dropping the old table does not cascade to the rows
 * that refer to it, and its foreign keys are checked before it commits.
 */
static const struct migration {
	int		 version;
	const char	*name, *sql;
	bool		 rebuild;
} migrations[] = {
	MIGRATIONS
};

static int
exec(struct db *db, const char *sql)
{
	char	*err = NULL;

	if (sqlite3_exec(db->h, sql, NULL, NULL, &err) != SQLITE_OK) {
		metrics_count(METRIC_DB_ERRORS);
		log_err("cannot run sql on '%s': %s", db->path, err ? err : "?");
		sqlite3_free(err);
		return -1;
	}
	return 0;
}

#define BUSY_MS	5000	/* a statement waits this long for another writer, then fails */

/*
 * SQLite calls this after each commit in WAL mode, the write lock released:
 * the tables the commit wrote are bumped now. Setting it replaces the
 * automatic checkpoint, so it checkpoints as that would, at 1,000 pages.
 */
static int
on_commit(void *arg, sqlite3 *h, const char *name, int pages)
{
	struct db	*db = arg;

	tables_committed(&db->tables);
	if (pages >= 1000)
		sqlite3_wal_checkpoint_v2(h, name, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
	return SQLITE_OK;
}

void *
sqlite_search_state(struct db *db)
{
	return db->search;
}

uint64_t
db_writes_seen(struct db *db)
{
	tables_check_others(db->h, &db->tables);
	return tables_total();
}

uint64_t
db_reads_stamp(const struct db_reads *r)
{
	return tables_stamp(r);
}

void
db_reads_begin(struct db *db)
{
	memset(&db->tables.reads, 0, sizeof(db->tables.reads));
	db->tables.noting = true;
}

void
db_reads_end(struct db *db, struct db_reads *out)
{
	if (out != NULL)
		*out = db->tables.reads;
	db->tables.noting = false;
}

/*
 * The busy handler: sqlite3_busy_timeout's, with its schedule of sleeps,
 * and counted for /metrics (a wait, and how long it slept). SQLite calls it
 * with n = 0, 1, 2... while the lock stays taken; 0 gives up (SQLITE_BUSY).
 */
static int
busy_wait(void *arg, int n)
{
	static const int delays[] = { 1, 2, 5, 10, 15, 20, 25, 25, 25, 50, 50, 100 };
	static const int totals[] = { 0, 1, 3, 8, 18, 33, 53, 78, 103, 128, 178, 228 };
	const int	 nd = (int)(sizeof(delays) / sizeof(delays[0]));
	struct db	*db = arg;
	int		 delay, prior;

	if (n < nd) {
		delay = delays[n];
		prior = totals[n];
	} else {
		delay = delays[nd - 1];
		prior = totals[nd - 1] + delay * (n - (nd - 1));
	}
	if (prior + delay > db->busy_ms) {
		delay = db->busy_ms - prior;
		if (delay <= 0)
			return 0;
	}
	if (n == 0)
		metrics_count(METRIC_DB_BUSY_WAITS);
	sqlite3_sleep(delay);
	metrics_add(METRIC_DB_BUSY_WAIT_US, (uint64_t)delay * 1000);
	return 1;
}

int
db_ping(struct db *db, int timeout_ms)
{
	struct db_stmt	*st;
	int64_t		 n;
	int		 rc;

	db->busy_ms = timeout_ms;
	st = stmt_prepare(db, "SELECT count(*) FROM sqlite_master");
	rc = st == NULL ? DB_ERR : stmt_scalar(st, &n);
	db->busy_ms = BUSY_MS;
	return rc == DB_OK ? DB_OK : DB_ERR;
}

/*
 * SQLite keeps allocation statistics by default, under one mutex every
 * allocation of every connection takes: with a connection per worker that
 * mutex was a tenth of a search's time (docs/performance.md). pobratim
 * reads none of them (sqlite3_status, soft heap limits).
 */
static void
library_once(void)
{
	if (sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) != SQLITE_OK)
		log_warn("SQLite was initialized before its configuration");
}

void
sqlite_library(void)
{
	static pthread_once_t	once = PTHREAD_ONCE_INIT;

	pthread_once(&once, library_once);
}

struct db *
db_open(const char *path)
{
	struct db	*db = xcalloc(1, sizeof(*db));
	bool		 created;

	db->path = xstrdup(path);
	if ((db->lock = sqlite_lock(path, false)) == -1) {
		db_close(db);
		return NULL;
	}
	created = access(path, F_OK) == -1;
	sqlite_library();
	if (sqlite3_open_v2(path, &db->h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
	    SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		metrics_count(METRIC_DB_ERRORS);
		log_err("cannot open database '%s': %s", path, sqlite3_errmsg(db->h));
		db_close(db);
		return NULL;
	}
	sqlite_modes(path, created);
	db->busy_ms = BUSY_MS;
	sqlite3_busy_handler(db->h, busy_wait, db);
	if (search_register(db->h, &db->search) == -1) {
		log_err("cannot register the search tokenizer on '%s'", path);
		db_close(db);
		return NULL;
	}
	sqlite3_extended_result_codes(db->h, 1);
	if (exec(db, "PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON;"
	    "PRAGMA synchronous = NORMAL;") == -1) {
		db_close(db);
		return NULL;
	}
	tables_attach(db->h, &db->tables);
	sqlite3_wal_hook(db->h, on_commit, db);
	return db;
}

void
db_close(struct db *db)
{
	if (db == NULL)
		return;
	for (size_t i = 0; i < db->ncache; i++) {
		sqlite3_finalize(db->cache[i].s);
		free(db->cache[i].cols);
	}
	sqlite3_close(db->h);
	if (db->lock >= 0)
		close(db->lock);
	free(db->path);
	free(db);
}

const char *
db_backend(const struct db *db)
{
	(void)db;
	return "sqlite";
}

int
db_begin(struct db *db)
{
	return exec(db, "BEGIN IMMEDIATE");
}

int
db_commit(struct db *db)
{
	return exec(db, "COMMIT");
}

bool
db_read_begin(struct db *db)
{
	return sqlite3_get_autocommit(db->h) && exec(db, "BEGIN") == 0;
}

void
db_read_end(struct db *db, bool began)
{
	if (began && !sqlite3_get_autocommit(db->h))
		(void)exec(db, "COMMIT");
}

void
db_rollback(struct db *db)
{
	if (!sqlite3_get_autocommit(db->h))
		(void)exec(db, "ROLLBACK");
}

/*
 * Whether migration `version` has been applied. Each one is looked up on its
 * own (not "everything up to the highest"), so migrations that were written
 * on parallel branches apply whatever order they landed in.
 */
static int
applied(struct db *db, int version, bool *yes)
{
	sqlite3_stmt	*s;
	int		 rc;

	if (exec(db, "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY,"
	    " name TEXT NOT NULL, applied_at TEXT NOT NULL)") == -1)
		return -1;
	if (sqlite3_prepare_v2(db->h, "SELECT 1 FROM schema_migrations WHERE version = $1",
	    -1, &s, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_int(s, 1, version);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return -1;
	*yes = rc == SQLITE_ROW;
	return 0;
}

static int
record(struct db *db, const struct migration *m)
{
	sqlite3_stmt	*s;
	char		 now[TEXT_TIME_LEN];
	int		 rc;

	text_time(time(NULL), now);
	if (sqlite3_prepare_v2(db->h, "INSERT INTO schema_migrations (version, name, applied_at)"
	    " VALUES ($1, $2, $3)", -1, &s, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_int(s, 1, m->version);
	sqlite3_bind_text(s, 2, m->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, now, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* Whether no row refers to a row that is not there (after a rebuild). */
static bool
foreign_keys_hold(struct db *db)
{
	sqlite3_stmt	*s;
	int		 rc;

	if (sqlite3_prepare_v2(db->h, "PRAGMA foreign_key_check", -1, &s, NULL) != SQLITE_OK)
		return false;
	if ((rc = sqlite3_step(s)) == SQLITE_ROW)
		log_err("a row of '%s' refers to a missing row of '%s'",
		    (const char *)sqlite3_column_text(s, 0), (const char *)sqlite3_column_text(s, 2));
	sqlite3_finalize(s);
	return rc == SQLITE_DONE;
}

/* One migration in its own transaction (foreign keys off for a rebuild). */
static int
migrate_one(struct db *db, const struct migration *m)
{
	int	rc = -1;

	if (m->rebuild && exec(db, "PRAGMA foreign_keys = OFF") == -1)
		return -1;
	if (db_begin(db) == -1)
		goto out;
	if (exec(db, m->sql) == -1 || (m->rebuild && !foreign_keys_hold(db)) ||
	    record(db, m) == -1) {
		log_err("migration %04d_%s failed", m->version, m->name);
		db_rollback(db);
		goto out;
	}
	if (db_commit(db) == -1)
		goto out;
	log_info("applied migration %04d_%s", m->version, m->name);
	rc = 0;
out:
	if (m->rebuild && exec(db, "PRAGMA foreign_keys = ON") == -1)
		rc = -1;
	return rc;
}

static bool
known(int version)
{
	for (size_t i = 0; i < sizeof(migrations) / sizeof(migrations[0]); i++)
		if (migrations[i].version == version)
			return true;
	return false;
}

/*
 * A database a newer pobratim has migrated holds versions this one does not
 * know: its code would misread their tables, and a migration it applied
 * cannot be undone here. Refused before anything is written. Each unknown
 * version is named (at most a few), so the operator sees how far ahead it is.
 */
static int
newer(struct db *db)
{
	sqlite3_stmt	*s;
	int		 rc, found = 0;

	if (exec(db, "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY,"
	    " name TEXT NOT NULL, applied_at TEXT NOT NULL)") == -1)
		return -1;
	if (sqlite3_prepare_v2(db->h, "SELECT version, name, applied_at FROM schema_migrations"
	    " ORDER BY version", -1, &s, NULL) != SQLITE_OK)
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int	v = sqlite3_column_int(s, 0);

		if (known(v) || ++found > 5)
			continue;
		log_err("database '%s' has migration %04d_%s (applied %s), which this pobratim does"
		    " not know: a newer version upgraded it", db->path, v,
		    (const char *)sqlite3_column_text(s, 1), (const char *)sqlite3_column_text(s, 2));
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return -1;
	if (found > 0)
		log_err("refusing to downgrade '%s' (%d migration%s newer than this pobratim), nothing"
		    " changed: run the newer pobratim, or restore the backup taken before the upgrade",
		    db->path, found, found == 1 ? "" : "s");
	return found > 0 ? 1 : 0;
}

int
db_migrate(struct db *db)
{
	bool	done;

	switch (newer(db)) {
	case -1:
		return -1;
	case 1:
		return DB_MIGRATE_NEWER;
	}
	for (size_t i = 0; i < sizeof(migrations) / sizeof(migrations[0]); i++) {
		if (applied(db, migrations[i].version, &done) == -1)
			return -1;
		if (!done && migrate_one(db, &migrations[i]) == -1)
			return -1;
	}
	/* the tables' write counters, for the tables the migrations made */
	if (db_begin(db) == -1)
		return -1;
	if (tables_setup(db->h) == -1) {
		db_rollback(db);
		return -1;
	}
	return db_commit(db);
}

int
db_backup(struct db *db, const char *file)
{
	return sqlite_backup(db->h, file);
}

int
db_bulk_mode(struct db *db)
{
	return exec(db, "PRAGMA synchronous = OFF; PRAGMA cache_size = -262144;"
	    "PRAGMA wal_autocheckpoint = 100000;");
}

int
db_integrity_check(struct db *db)
{
	sqlite3_stmt	*s;
	int		 ok;

	if (sqlite3_prepare_v2(db->h, "PRAGMA integrity_check", -1, &s, NULL) != SQLITE_OK)
		return -1;
	ok = sqlite3_step(s) == SQLITE_ROW &&
	    strcmp((const char *)sqlite3_column_text(s, 0), "ok") == 0;
	sqlite3_finalize(s);
	return ok ? 0 : -1;
}

/* --- statements --- */

/*
 * With POBRATIM_QUERY_PLANS=FILE, each statement's plan (EXPLAIN QUERY
 * PLAN, once, when first prepared on a connection) is appended to FILE as a
 * JSON line {"sql", "plan": [details]}: tests/api/query-plans reads them to
 * find full scans and sorts without an index.
 */
static void
plan_note(struct db *db, const char *sql)
{
	static const char	*file;
	static bool		 looked;
	sqlite3_stmt		*s;
	json_t			*o, *plan;
	char			*line, *eqp;
	int			 fd;

	if (!looked) {		/* the same answer for every thread: no race that matters */
		file = getenv("POBRATIM_QUERY_PLANS");
		looked = true;
	}
	if (file == NULL || (eqp = sqlite3_mprintf("EXPLAIN QUERY PLAN %s", sql)) == NULL)
		return;
	plan = json_array();
	if (sqlite3_prepare_v2(db->h, eqp, -1, &s, NULL) == SQLITE_OK) {
		while (sqlite3_step(s) == SQLITE_ROW)
			json_array_append_new(plan, json_string((const char *)sqlite3_column_text(s, 3)));
		sqlite3_finalize(s);
	}
	sqlite3_free(eqp);
	o = json_pack("{s:s, s:o}", "sql", sql, "plan", plan);
	line = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	if (line != NULL && (fd = open(file, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600)) != -1) {
		struct iovec	v[2] = { { line, strlen(line) }, { "\n", 1 } };

		if (writev(fd, v, 2) == -1)	/* one append each: lines of threads do not mix */
			log_warn("cannot note a query plan in '%s'", file);
		close(fd);
	}
	free(line);
}

/*
 * A copy of the statement's result column names, which col_index compares:
 * SQLite's own (sqlite3_column_name) takes the connection's mutex on each
 * call and may move when the statement is prepared again.
 */
static void
keep_column_names(struct db_stmt *st)
{
	int	n = sqlite3_column_count(st->s);
	size_t	bytes = (size_t)n * sizeof(char *);
	char	*p;

	for (int i = 0; i < n; i++)
		bytes += strlen(sqlite3_column_name(st->s, i)) + 1;
	st->cols = xmalloc(bytes > 0 ? bytes : 1);
	st->ncols = n;
	st->next_col = 0;
	p = (char *)(st->cols + n);
	for (int i = 0; i < n; i++) {
		size_t	len = strlen(sqlite3_column_name(st->s, i)) + 1;

		memcpy(p, sqlite3_column_name(st->s, i), len);
		st->cols[i] = p;
		p += len;
	}
}

struct db_stmt *
stmt_prepare(struct db *db, const char *sql)
{
	struct db_stmt	*st;

	int		 rc;

	for (size_t i = 0; i < db->ncache; i++)
		if (db->cache[i].sql == sql) {
			st = &db->cache[i];
			goto used;
		}
	if (db->ncache == STMT_CACHE)
		fatal("statement cache full: raise STMT_CACHE");
	st = &db->cache[db->ncache];
	memset(&st->reads, 0, sizeof(st->reads));
	db->tables.preparing = &st->reads;	/* the authorizer notes its reads */
	rc = sqlite3_prepare_v3(db->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &st->s, NULL);
	db->tables.preparing = NULL;
	if (rc != SQLITE_OK) {
		metrics_count(METRIC_DB_ERRORS);
		log_err("cannot prepare '%.60s': %s", sql, sqlite3_errmsg(db->h));
		return NULL;
	}
	st->db = db;
	st->sql = sql;
	keep_column_names(st);
	db->ncache++;
	plan_note(db, sql);
used:
	if (db->tables.noting)
		tables_reads_add(&db->tables.reads, &st->reads);
	return st;
}

static int
param(struct db_stmt *st, int n)
{
	char	name[8];

	snprintf(name, sizeof(name), "$%d", n);
	return sqlite3_bind_parameter_index(st->s, name);
}

void
stmt_int(struct db_stmt *st, int n, int64_t v)
{
	sqlite3_bind_int64(st->s, param(st, n), v);
}

void
stmt_double(struct db_stmt *st, int n, double v)
{
	sqlite3_bind_double(st->s, param(st, n), v);
}

void
stmt_text(struct db_stmt *st, int n, const char *v)
{
	if (v == NULL)
		sqlite3_bind_null(st->s, param(st, n));
	else
		sqlite3_bind_text(st->s, param(st, n), v, -1, SQLITE_TRANSIENT);
}

int
stmt_step(struct db_stmt *st)
{
	int	rc = sqlite3_step(st->s);

	switch (rc) {
	case SQLITE_ROW:
		return DB_ROW;
	case SQLITE_DONE:
		return DB_DONE;
	case SQLITE_CONSTRAINT_UNIQUE:
	case SQLITE_CONSTRAINT_PRIMARYKEY:
		return -DB_CONFLICT;
	case SQLITE_CONSTRAINT_FOREIGNKEY:
		return -DB_INVALID;
	default:
		metrics_count(METRIC_DB_ERRORS);
		log_err("sql '%.60s' failed: %s", st->sql, sqlite3_errmsg(st->db->h));
		return DB_ERR;
	}
}

int64_t
col_int(struct db_stmt *st, int i)
{
	return sqlite3_column_int64(st->s, i);
}

double
col_double(struct db_stmt *st, int i)
{
	return sqlite3_column_double(st->s, i);
}

/*
 * Looks from the column after the last one found, so a row read in its
 * SELECT order costs one comparison a column.
 */
int
col_index_of(struct db_stmt *st, const char *prefix, const char *name)
{
	size_t	plen = strlen(prefix);
	int	n = st->ncols, i = st->next_col;

	for (int k = 0; k < n; k++, i++) {
		const char	*c;

		if (i >= n)
			i = 0;
		c = st->cols[i];
		if (c[0] == (plen > 0 ? prefix[0] : name[0]) && strncmp(c, prefix, plen) == 0 &&
		    strcmp(c + plen, name) == 0) {
			st->next_col = i + 1;
			return i;
		}
	}
	log_err("db: no column \"%s%s\" in: %.80s", prefix, name, st->sql);
	return -1;
}

const char *
col_text(struct db_stmt *st, struct arena *a, int i)
{
	const unsigned char	*t = sqlite3_column_text(st->s, i);

	return t == NULL ? NULL : arena_strndup(a, (const char *)t,
	    (size_t)sqlite3_column_bytes(st->s, i));
}

void
stmt_done(struct db_stmt *st)
{
	sqlite3_reset(st->s);
	sqlite3_clear_bindings(st->s);
}

static int
rc_of_step(int rc)
{
	if (rc == DB_DONE || rc == DB_ROW)
		return DB_OK;
	return rc == DB_ERR ? DB_ERR : -rc;
}

int
stmt_exec(struct db_stmt *st)
{
	int	rc = rc_of_step(stmt_step(st));

	stmt_done(st);
	return rc;
}

int
stmt_scalar(struct db_stmt *st, int64_t *out)
{
	int	rc = stmt_step(st);

	if (rc == DB_ROW)
		*out = col_int(st, 0);
	stmt_done(st);
	return rc == DB_ROW ? DB_OK : rc == DB_DONE ? DB_NOTFOUND : rc_of_step(rc);
}

int64_t
db_changes(struct db *db)
{
	return sqlite3_changes64(db->h);
}

const char *
fold(struct arena *a, const char *s)
{
	char	*out;

	if (s == NULL)
		return NULL;
	out = arena_alloc(a, strlen(s) + 1);
	text_fold(s, out);
	return out;
}
