/*
 * Shared by the SQLite backend's files only (sqlite.c, sqlite_file.c).
 */
#ifndef DB_SQLITE_INTERNAL_H
#define DB_SQLITE_INTERNAL_H

#include <sqlite3.h>
#include <stdbool.h>

#include "db.h"

/*
 * Takes the lock beside the database at path ("<path>.lock"), shared for a
 * connection or exclusive for a restore; never waits. The descriptor to
 * close to let go; -1 when refused (logged); -2 for a name that is not a
 * file (":memory:").
 */
int	sqlite_lock(const char *path, bool exclusive);
/*
 * Configures the SQLite library once per process, before its first
 * connection: called by everything here that opens one.
 */
void	sqlite_library(void);
/* After opening: a database just created is made 0600; an older one loses other's bits. */
void	sqlite_modes(const char *path, bool created);
/* A checked copy of the open database h into file, which must not exist. */
int	sqlite_backup(sqlite3 *h, const char *file);

/*
 * sqlite_tables.c: the tables a connection's statements read (the
 * authorizer, while a statement is prepared) and a generation of writes per
 * table (the table_writes triggers; the update and WAL hooks for this
 * process' commits, PRAGMA data_version for others').
 */
struct tables_conn {
	struct db_reads	*preparing;	/* the reads of the statement being prepared */
	struct db_reads	 reads;		/* noted since db_reads_begin */
	bool		 noting;
	uint64_t	 pending[DB_TABLES_MAX / 64];	/* written by the open transaction */
	bool		 pending_all;
	int64_t		 data_version;	/* last seen: other connections' commits; -1 none */
	int64_t		 checked_ms;	/* when, monotonic */
};

/* Installs the authorizer and the hooks on h; loads the tables' ids once per process. */
void		 tables_attach(sqlite3 *h, struct tables_conn *tc);
/* After each of tc's commits (the WAL hook): bumps the tables it wrote. */
void		 tables_committed(struct tables_conn *tc);
/* After the migrations: table_writes and every table's triggers. */
int		 tables_setup(sqlite3 *h);
/* Other processes' commits: at most every 100 ms per connection. */
void		 tables_check_others(sqlite3 *h, struct tables_conn *tc);
void		 tables_reads_add(struct db_reads *to, const struct db_reads *r);
uint64_t	 tables_total(void);
uint64_t	 tables_stamp(const struct db_reads *r);

#endif
