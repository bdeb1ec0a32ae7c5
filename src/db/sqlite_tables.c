/*
 * sqlite_tables: what a connection's statements read, and a generation of
 * writes per table, so that a kept reply (src/api/cache.c) lives while the
 * tables it read are unchanged instead of until any write at all.
 *
 * Writes are counted by the database itself: every table has three triggers
 * (after insert, update, delete) that add one to its row of table_writes.
 * They are made by tables_setup after the migrations, for every table there
 * is then, so a table a later migration adds is never forgotten, and they
 * fire for every writer of the file: this process, the command line, the
 * sqlite3 shell. Nothing else is trusted to know what a write touched.
 *
 * This process learns of its own writes at once: SQLite's update hook sees
 * the triggers' updates of table_writes (the row id is the table's id), the
 * connection gathers those ids while its transaction is open, and the WAL
 * hook, which runs after the commit (db_open puts every database in WAL
 * mode), bumps their generations; a rollback drops them. Never before the
 * commit: a reader could still read the old rows and keep them as new. Writes of other processes are found as before through
 * PRAGMA data_version, at most every OTHERS_CHECK_MS per connection: when it
 * moved, table_writes is read and every table whose count moved is bumped
 * (this process' own writes are bumped a second time then, which costs one
 * needless miss).
 *
 * Reads are told by SQLite's authorizer while a statement is prepared: each
 * SQLITE_READ names a table (a view's reads name the tables under it). A
 * prepared statement keeps the set of tables it reads; each use of it adds
 * that set to the connection's while db_reads_begin is in force. A read of
 * something that has no row in table_writes (the full-text index, the
 * schema) makes the set unknown: such a reply is not kept.
 *
 * Generations only grow. The order that makes this safe: a bump adds to the
 * total first and to the tables after, and api_cache_keep reads the stamp of
 * its tables before it checks the total against the one read before the
 * handler ran (db_writes_seen).
 */
#include "sqlite_internal.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../base/alloc.h"
#include "../base/log.h"

#define OTHERS_CHECK_MS	100
#define WORD(id)	((size_t)(id) / 64)
#define BIT(id)		((uint64_t)1 << ((size_t)(id) % 64))

/*
 * The tables' names by id (table_writes.id), and the views' (whose reads
 * SQLite reports beside those of the tables under them): added to, never
 * changed, under the lock.
 */
#define VIEWS_MAX	128
static char		*names[DB_TABLES_MAX], *views[VIEWS_MAX];
static bool		 loaded;
static pthread_mutex_t	 names_lock = PTHREAD_MUTEX_INITIALIZER;

static _Atomic uint64_t	 gens[DB_TABLES_MAX];	/* commits that wrote the table */
static _Atomic uint64_t	 everything;		/* commits that may have written any */
static _Atomic uint64_t	 total;			/* moves before any of the above */
static _Atomic int64_t	 counts[DB_TABLES_MAX];	/* table_writes.n as last read */

static void
bump_table(size_t id)
{
	atomic_fetch_add(&total, 1);
	atomic_fetch_add(&gens[id], 1);
}

static void
bump_everything(void)
{
	atomic_fetch_add(&total, 1);
	atomic_fetch_add(&everything, 1);
}

/* --- names --- */

static const char *const SQL_SETUP =
	"CREATE TABLE IF NOT EXISTS table_writes (id INTEGER PRIMARY KEY,"
	" name TEXT NOT NULL UNIQUE, n INTEGER NOT NULL DEFAULT 0);"
	"INSERT OR IGNORE INTO table_writes (name) SELECT name FROM pragma_table_list"
	" WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
	" AND name <> 'table_writes' ORDER BY name;";
static const char *const SQL_NAMES = "SELECT id, name, n FROM table_writes";
static const char *const SQL_VIEWS = "SELECT name FROM sqlite_schema WHERE type = 'view'";

static void
add_view(const char *name)
{
	for (size_t i = 0; i < VIEWS_MAX; i++) {
		if (views[i] != NULL && strcmp(views[i], name) == 0)
			return;
		if (views[i] == NULL) {
			views[i] = xstrdup(name);
			return;
		}
	}
}

/*
 * Adds the tables of table_writes and the views to the names known (ids
 * never change). -1 before tables_setup has run: every read is unknown.
 * The rows are read before the lock is taken: a statement SQLite prepares
 * again calls the authorizer, which takes it.
 */
static int
load_names(sqlite3 *h)
{
	static const char *const sql[] = { SQL_NAMES, SQL_VIEWS };
	struct {
		char		*name;
		sqlite3_int64	 id, n;
	}		 rows[DB_TABLES_MAX + VIEWS_MAX];
	size_t		 nrows = 0;
	sqlite3_stmt	*s;
	int		 rc = SQLITE_DONE;

	for (size_t q = 0; q < 2 && rc == SQLITE_DONE; q++) {
		if (sqlite3_prepare_v2(h, sql[q], -1, &s, NULL) != SQLITE_OK)
			return -1;
		while ((rc = sqlite3_step(s)) == SQLITE_ROW && nrows < sizeof(rows) / sizeof(rows[0])) {
			rows[nrows].name = xstrdup((const char *)sqlite3_column_text(s, q == 0 ? 1 : 0));
			rows[nrows].id = q == 0 ? sqlite3_column_int64(s, 0) : -1;	/* -1: a view */
			rows[nrows++].n = q == 0 ? sqlite3_column_int64(s, 2) : 0;
		}
		sqlite3_finalize(s);
	}
	pthread_mutex_lock(&names_lock);
	for (size_t i = 0; i < nrows; i++) {
		sqlite3_int64	id = rows[i].id;

		if (id == -1)
			add_view(rows[i].name);
		else if (id > 0 && id < DB_TABLES_MAX && names[id] == NULL) {
			names[id] = rows[i].name;
			rows[i].name = NULL;
			atomic_store(&counts[id], rows[i].n);
		}
		free(rows[i].name);
	}
	if (rc == SQLITE_DONE)
		loaded = true;
	pthread_mutex_unlock(&names_lock);
	return rc == SQLITE_DONE ? 0 : -1;
}

/*
 * The id of a table; 0 when it has none (its writes are not counted, so its
 * reads are unknown); -1 for a view or a table-valued function, which hold
 * no rows of their own, and for the schema, which only migrations change.
 */
static int
id_of(const char *name)
{
	int	id = 0;

	if (strcmp(name, "json_each") == 0 || strcmp(name, "json_tree") == 0 ||
	    strcmp(name, "sqlite_master") == 0 || strcmp(name, "sqlite_schema") == 0)
		return -1;
	pthread_mutex_lock(&names_lock);
	for (size_t i = 1; i < DB_TABLES_MAX && id == 0; i++)
		if (names[i] != NULL && strcmp(names[i], name) == 0)
			id = (int)i;
	for (size_t i = 0; i < VIEWS_MAX && views[i] != NULL && id == 0; i++)
		if (strcmp(views[i], name) == 0)
			id = -1;
	pthread_mutex_unlock(&names_lock);
	return id;
}

/* The triggers of one table, made unless there. */
static int
table_triggers(sqlite3 *h, sqlite3_int64 id, const char *name)
{
	static const char *const ops[] = { "INSERT", "UPDATE", "DELETE" };
	char	*sql, *err = NULL;
	int	 rc = 0;

	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]) && rc == 0; i++) {
		sql = sqlite3_mprintf("CREATE TRIGGER IF NOT EXISTS \"%w_written_%s\" AFTER %s"
		    " ON \"%w\" BEGIN UPDATE table_writes SET n = n + 1 WHERE id = %lld; END",
		    name, ops[i], ops[i], name, (long long)id);
		if (sql == NULL || sqlite3_exec(h, sql, NULL, NULL, &err) != SQLITE_OK) {
			log_err("cannot count the writes of table '%s': %s", name,
			    err != NULL ? err : "out of memory");
			rc = -1;
		}
		sqlite3_free(err);
		err = NULL;
		sqlite3_free(sql);
	}
	return rc;
}

int
tables_setup(sqlite3 *h)
{
	static char	*todo[DB_TABLES_MAX];	/* under the migration's write lock */
	sqlite3_stmt	*s;
	char		*err = NULL;
	int		 rc = 0;

	if (sqlite3_exec(h, SQL_SETUP, NULL, NULL, &err) != SQLITE_OK) {
		log_err("cannot set up table_writes: %s", err != NULL ? err : "?");
		sqlite3_free(err);
		return -1;
	}
	/* read first: a trigger made while the SELECT runs would reset it */
	if (sqlite3_prepare_v2(h, "SELECT id, name FROM table_writes", -1, &s, NULL) != SQLITE_OK)
		return -1;
	while (sqlite3_step(s) == SQLITE_ROW) {
		sqlite3_int64	id = sqlite3_column_int64(s, 0);

		if (id > 0 && id < DB_TABLES_MAX && todo[id] == NULL)
			todo[id] = xstrdup((const char *)sqlite3_column_text(s, 1));
	}
	sqlite3_finalize(s);
	for (size_t id = 1; id < DB_TABLES_MAX; id++) {
		if (rc == 0 && todo[id] != NULL)
			rc = table_triggers(h, (sqlite3_int64)id, todo[id]);
		free(todo[id]);
		todo[id] = NULL;
	}
	return rc == 0 ? load_names(h) : -1;
}

/* --- reads --- */

static void
reads_add_table(struct db_reads *r, const char *name)
{
	int	id = id_of(name);

	if (id == 0)
		r->unknown = true;
	else if (id > 0)
		r->tables[WORD(id)] |= BIT(id);
}

void
tables_reads_add(struct db_reads *to, const struct db_reads *r)
{
	for (size_t i = 0; i < DB_TABLES_MAX / 64; i++)
		to->tables[i] |= r->tables[i];
	to->unknown |= r->unknown;
}

/* The authorizer: notes reads, allows everything. */
static int
authorize(void *arg, int action, const char *table, const char *column, const char *dbname,
    const char *inner)
{
	struct tables_conn	*tc = arg;

	(void)column;
	(void)dbname;
	(void)inner;
	if (action != SQLITE_READ || table == NULL)
		return SQLITE_OK;
	if (tc->preparing != NULL)
		reads_add_table(tc->preparing, table);
	else if (tc->noting)	/* SQL prepared on the spot, or prepared again by SQLite */
		reads_add_table(&tc->reads, table);
	return SQLITE_OK;
}

/* --- writes --- */

static void
on_update(void *arg, int op, const char *dbname, const char *table, sqlite3_int64 rowid)
{
	struct tables_conn	*tc = arg;

	(void)op;
	(void)dbname;
	if (strcmp(table, "table_writes") != 0)
		return;		/* that table's trigger follows */
	if (rowid > 0 && rowid < DB_TABLES_MAX)
		tc->pending[WORD(rowid)] |= BIT(rowid);
	else
		tc->pending_all = true;
}

static void
on_rollback(void *arg)
{
	struct tables_conn	*tc = arg;

	memset(tc->pending, 0, sizeof(tc->pending));
	tc->pending_all = false;
}

void
tables_committed(struct tables_conn *tc)
{
	for (size_t w = 0; w < DB_TABLES_MAX / 64; w++)
		for (size_t b = 0; tc->pending[w] != 0 && b < 64; b++)
			if (tc->pending[w] & BIT(b)) {
				bump_table(w * 64 + b);
				tc->pending[w] &= ~BIT(b);
			}
	if (tc->pending_all)
		bump_everything();
	tc->pending_all = false;
}

void
tables_attach(sqlite3 *h, struct tables_conn *tc)
{
	bool	done;

	memset(tc, 0, sizeof(*tc));
	tc->data_version = -1;
	sqlite3_set_authorizer(h, authorize, tc);
	sqlite3_update_hook(h, on_update, tc);
	sqlite3_rollback_hook(h, on_rollback, tc);
	pthread_mutex_lock(&names_lock);
	done = loaded;
	pthread_mutex_unlock(&names_lock);
	if (!done)
		(void)load_names(h);
}

/* The tables whose count moved since last read, bumped; -1 when they cannot be read. */
static int
others_wrote(sqlite3 *h)
{
	sqlite3_stmt	*s;
	int		 rc;

	if (sqlite3_prepare_v2(h, SQL_NAMES, -1, &s, NULL) != SQLITE_OK)
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		sqlite3_int64	id = sqlite3_column_int64(s, 0), n = sqlite3_column_int64(s, 2);

		if (id <= 0 || id >= DB_TABLES_MAX)
			bump_everything();
		else if (atomic_exchange(&counts[id], n) != n)
			bump_table((size_t)id);
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : -1;
}

/*
 * Commits of other processes (and of this process' other connections, whose
 * tables the WAL hook has bumped already): looked for at most every
 * OTHERS_CHECK_MS per connection, as the PRAGMA takes a read lock, three
 * system calls, more than the rest of a kept reply.
 */
void
tables_check_others(sqlite3 *h, struct tables_conn *tc)
{
	struct timespec	ts;
	sqlite3_stmt	*s;
	int64_t		ms, v = -1;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	ms = (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
	if (tc->data_version != -1 && ms - tc->checked_ms < OTHERS_CHECK_MS)
		return;
	tc->checked_ms = ms;
	if (sqlite3_prepare_v2(h, "PRAGMA data_version", -1, &s, NULL) == SQLITE_OK &&
	    sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	if (v == -1)
		bump_everything();	/* cannot tell: assume a change */
	else if (v != tc->data_version) {
		if (tc->data_version != -1 && others_wrote(h) == -1)
			bump_everything();
		tc->data_version = v;
	}
}

uint64_t
tables_total(void)
{
	return atomic_load(&total);
}

uint64_t
tables_stamp(const struct db_reads *r)
{
	uint64_t	s = atomic_load(&everything);

	for (size_t w = 0; w < DB_TABLES_MAX / 64; w++)
		for (size_t b = 0; b < 64 && r->tables[w] >> b != 0; b++)
			if (r->tables[w] & BIT(b))
				s += atomic_load(&gens[w * 64 + b]);
	return s;
}
