/*
 * sqlite: the embedded backend. One sqlite3 handle per struct db, WAL mode,
 * foreign keys on, a busy timeout so that workers wait for each other's
 * writes, and a cache of prepared statements keyed by SQL text address.
 */
#include "db_internal.h"

#include <sqlite3.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../base/alloc.h"
#include "../base/embed.h"
#include "../base/log.h"
#include "../base/text.h"
#include "sqlite_internal.h"

#define STMT_CACHE	384	/* more than the SQL_* statements of src/db (about 230) */

struct db_stmt {
	sqlite3_stmt	*s;
	struct db	*db;
	const char	*sql;
	struct db_reads	 reads;		/* the tables it reads */
};

struct db {
	sqlite3		*h;
	char		*path;
	int		 lock;		/* "<path>.lock", held shared (sqlite_file.c) */
	struct tables_conn tables;	/* reads noted, writes pending (sqlite_tables.c) */
	void		*search;	/* the connection's stemmers (search.c) */
	struct db_stmt	 cache[STMT_CACHE];
	size_t		 ncache;
};

EMBED(m0001, "src/db/migrations/0001_foundation.sql");
EMBED(m0002, "src/db/migrations/0002_partners.sql");
EMBED(m0003, "src/db/migrations/0003_meetings.sql");
EMBED(m0004, "src/db/migrations/0004_exchange.sql");
EMBED(m0007, "src/db/migrations/0007_cooperation.sql");
EMBED(m0006, "src/db/migrations/0006_rooms.sql");
EMBED(m0011, "src/db/migrations/0011_city_words.sql");
EMBED(m0010, "src/db/migrations/0010_aid.sql");
EMBED(m0008, "src/db/migrations/0008_search_partners.sql");
EMBED(m0009, "src/db/migrations/0009_showcase.sql");
EMBED(m0012, "src/db/migrations/0012_search_meetings_events.sql");
EMBED(m0013, "src/db/migrations/0013_revision_fields.sql");
EMBED(m0014, "src/db/migrations/0014_search_defer.sql");
EMBED(m0015, "src/db/migrations/0015_uploads.sql");
EMBED(m0017, "src/db/migrations/0017_guest_links.sql");
EMBED(m0018, "src/db/migrations/0018_login_throttle.sql");
EMBED(m0020, "src/db/migrations/0020_recordings.sql");
EMBED(m0021, "src/db/migrations/0021_mail.sql");
EMBED(m0022, "src/db/migrations/0022_invitations.sql");
EMBED(m0023, "src/db/migrations/0023_user_timezone.sql");
EMBED(m0024, "src/db/migrations/0024_listener_links.sql");
EMBED(m0025, "src/db/migrations/0025_people.sql");
EMBED(m0026, "src/db/migrations/0026_meeting_people.sql");
EMBED(m0027, "src/db/migrations/0027_seed_fidelity.sql");

static const struct migration {
	int		 version;
	const char	*name, *sql;
} migrations[] = {
	{ 1, "foundation", m0001 },
	{ 2, "partners", m0002 },
	{ 3, "meetings", m0003 },
	{ 4, "exchange", m0004 },
	{ 7, "cooperation", m0007 },
	{ 6, "rooms", m0006 },
	{ 11, "city_words", m0011 },
	{ 10, "aid", m0010 },
	{ 8, "search_partners", m0008 },
	{ 9, "showcase", m0009 },
	{ 12, "search_meetings_events", m0012 },
	{ 13, "revision_fields", m0013 },
	{ 14, "search_defer", m0014 },
	{ 15, "uploads", m0015 },
	{ 17, "guest_links", m0017 },
	{ 18, "login_throttle", m0018 },
	{ 20, "recordings", m0020 },
	{ 21, "mail", m0021 },
	{ 22, "invitations", m0022 },
	{ 23, "user_timezone", m0023 },
	{ 24, "listener_links", m0024 },
	{ 25, "people", m0025 },
	{ 26, "meeting_people", m0026 },
	{ 27, "seed_fidelity", m0027 },
};

static int
exec(struct db *db, const char *sql)
{
	char	*err = NULL;

	if (sqlite3_exec(db->h, sql, NULL, NULL, &err) != SQLITE_OK) {
		log_err("cannot run sql on '%s': %s", db->path, err ? err : "?");
		sqlite3_free(err);
		return -1;
	}
	return 0;
}

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
	if (sqlite3_open_v2(path, &db->h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
	    SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		log_err("cannot open database '%s': %s", path, sqlite3_errmsg(db->h));
		db_close(db);
		return NULL;
	}
	sqlite_modes(path, created);
	sqlite3_busy_timeout(db->h, 5000);
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
	for (size_t i = 0; i < db->ncache; i++)
		sqlite3_finalize(db->cache[i].s);
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

int
db_migrate(struct db *db)
{
	bool	done;

	for (size_t i = 0; i < sizeof(migrations) / sizeof(migrations[0]); i++) {
		const struct migration *m = &migrations[i];

		if (applied(db, m->version, &done) == -1)
			return -1;
		if (done)
			continue;
		if (db_begin(db) == -1)
			return -1;
		if (exec(db, m->sql) == -1 || record(db, m) == -1) {
			log_err("migration %04d_%s failed", m->version, m->name);
			db_rollback(db);
			return -1;
		}
		if (db_commit(db) == -1)
			return -1;
		log_info("applied migration %04d_%s", m->version, m->name);
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
		log_err("cannot prepare '%.60s': %s", sql, sqlite3_errmsg(db->h));
		return NULL;
	}
	st->db = db;
	st->sql = sql;
	db->ncache++;
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
