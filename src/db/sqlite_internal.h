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
/* After opening: a database just created is made 0600; an older one loses other's bits. */
void	sqlite_modes(const char *path, bool created);
/* A checked copy of the open database h into file, which must not exist. */
int	sqlite_backup(sqlite3 *h, const char *file);

#endif
