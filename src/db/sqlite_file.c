/*
 * sqlite_file: the SQLite database as files on disk, for sqlite.c: the lock
 * beside it, who may read it, the backup and the restore. Not the queries.
 *
 * The lock: every connection holds "<db>.lock" shared (flock), a restore
 * holds it exclusive, so a restore never replaces a database some process
 * has open (a server, a backup, a command) and nothing opens one while it is
 * replaced. A file of its own: closing any descriptor of the database file
 * would drop the POSIX locks SQLite holds on it in this process.
 *
 * Modes: the database holds password hashes and session tokens. A new one
 * is made 0600 (SQLite gives its -wal and -shm the database's mode); an
 * older one open to every user loses those bits (the group's stay: an
 * operator may have given them). Backups and restored databases are 0600.
 */
#include "sqlite_internal.h"

#include <sys/file.h>
#include <sys/stat.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../base/alloc.h"
#include "../base/log.h"
#include "db_internal.h"

static char *
suffixed(const char *path, const char *suffix)
{
	size_t	n = strlen(path), m = strlen(suffix);
	char	*s = xmalloc(n + m + 1);

	memcpy(s, path, n);
	memcpy(s + n, suffix, m + 1);
	return s;
}

/* A name SQLite takes as a file of ours ("" and ":memory:" are not). */
static bool
is_file(const char *path)
{
	return path[0] != '\0' && strcmp(path, ":memory:") != 0 && strncmp(path, "file:", 5) != 0;
}

int
sqlite_lock(const char *path, bool exclusive)
{
	char	*name;
	int	 fd;

	if (!is_file(path))
		return -2;
	name = suffixed(path, ".lock");
	if ((fd = open(name, O_RDWR | O_CREAT | O_CLOEXEC, 0600)) == -1) {
		log_err("cannot open '%s': %s", name, strerror(errno));
		free(name);
		return -1;
	}
	free(name);
	if (flock(fd, (exclusive ? LOCK_EX : LOCK_SH) | LOCK_NB) == -1) {
		if (errno != EWOULDBLOCK)
			log_err("cannot lock database '%s': %s", path, strerror(errno));
		else if (exclusive)
			log_err("database '%s' is in use (a server, a backup or another command); "
			    "stop it first", path);
		else
			log_err("database '%s' is being restored; try again when that is done", path);
		close(fd);
		return -1;
	}
	return fd;
}

/* Takes "other"'s bits away from file, if it has any. */
static void
others_out(const char *file)
{
	struct stat	st;

	if (stat(file, &st) == -1 || (st.st_mode & 07) == 0)
		return;
	if (chmod(file, st.st_mode & 07770) == -1)
		log_warn("'%s' is open to every user (mode %03o) and cannot be changed: %s", file,
		    (unsigned)(st.st_mode & 0777), strerror(errno));
	else
		log_warn("'%s' was open to every user (mode %03o); it is %03o now", file,
		    (unsigned)(st.st_mode & 0777), (unsigned)(st.st_mode & 0770));
}

void
sqlite_modes(const char *path, bool created)
{
	static const char *const beside[] = { "", "-wal", "-shm" };

	if (!is_file(path))
		return;
	if (created) {
		if (chmod(path, 0600) == -1)
			log_warn("cannot make '%s' 0600: %s", path, strerror(errno));
		return;
	}
	for (size_t i = 0; i < sizeof(beside) / sizeof(beside[0]); i++) {
		char	*f = suffixed(path, beside[i]);

		others_out(f);
		free(f);
	}
}

/* --- a copy, checked --- */

static int
sync_file(const char *file)
{
	int	fd = open(file, O_RDONLY | O_CLOEXEC), rc = 0;

	if (fd == -1 || fsync(fd) == -1) {
		log_err("cannot sync '%s': %s", file, strerror(errno));
		rc = -1;
	}
	if (fd != -1)
		close(fd);
	return rc;
}

/* Syncs the directory of file, so that a rename in it lasts. */
static void
sync_dir(const char *file)
{
	char	*copy = xstrdup(file);
	int	 fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd != -1) {
		fsync(fd);
		close(fd);
	}
	free(copy);
}

/* The first row's first column of sql, into buf; -1 when there is none. */
static int
scalar(sqlite3 *h, const char *sql, char *buf, size_t len)
{
	sqlite3_stmt	*s;
	int		 rc = -1;

	if (sqlite3_prepare_v2(h, sql, -1, &s, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0) != NULL) {
		snprintf(buf, len, "%s", (const char *)sqlite3_column_text(s, 0));
		rc = 0;
	}
	sqlite3_finalize(s);
	return rc;
}

/*
 * Whether file is a sound pobratim database: PRAGMA integrity_check says ok
 * and the first migration is recorded. NULL if so, else why not.
 */
static const char *
check_file(const char *file, char *why, size_t len)
{
	sqlite3		*h = NULL;
	char		 v[256];
	const char	*bad = NULL;

	if (access(file, R_OK) == -1) {
		snprintf(why, len, "%s", strerror(errno));
		return why;
	}
	sqlite_library();
	if (sqlite3_open_v2(file, &h, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
	    search_register(h, NULL) == -1) {
		snprintf(why, len, "%s", h != NULL ? sqlite3_errmsg(h) : "cannot open");
		bad = why;
	} else if (scalar(h, "PRAGMA integrity_check", v, sizeof(v)) == -1) {
		snprintf(why, len, "not a database (%s)", sqlite3_errmsg(h));
		bad = why;
	} else if (strcmp(v, "ok") != 0) {
		snprintf(why, len, "integrity_check: %s", v);
		bad = why;
	} else if (scalar(h, "SELECT name FROM schema_migrations WHERE version = 1", v,
	    sizeof(v)) == -1) {
		snprintf(why, len, "not a pobratim database (no schema_migrations)");
		bad = why;
	}
	sqlite3_close(h);
	return bad;
}

/* A new empty file beside target, 0600; its name in *tmp (free it). */
static int
tmp_beside(const char *target, const char *suffix, char **tmp)
{
	int	fd;

	*tmp = suffixed(target, suffix);
	if ((fd = mkostemp(*tmp, O_CLOEXEC)) == -1) {
		log_err("cannot create '%s': %s", *tmp, strerror(errno));
		free(*tmp);
		*tmp = NULL;
		return -1;
	}
	close(fd);
	return 0;
}

/*
 * A copy is a single file: out of WAL mode (VACUUM INTO and the backup API
 * keep the source's), so that reading it, even read-only, leaves no -wal and
 * -shm beside it. The server puts it back in WAL mode when it opens it.
 */
static int
single_file(sqlite3 *h, const char *file)
{
	char	mode[16];

	if (scalar(h, "PRAGMA journal_mode = DELETE", mode, sizeof(mode)) == -1 ||
	    strcmp(mode, "delete") != 0) {
		log_err("cannot take '%s' out of WAL mode: %s", file, sqlite3_errmsg(h));
		return -1;
	}
	return 0;
}

/* VACUUM INTO: one read transaction, so writers neither wait nor restart it. */
static int
vacuum_into(sqlite3 *h, const char *file)
{
	sqlite3_stmt	*s;
	sqlite3		*copy = NULL;
	int		 rc;

	if (sqlite3_prepare_v2(h, "VACUUM INTO $1", -1, &s, NULL) != SQLITE_OK) {
		log_err("cannot back up: %s", sqlite3_errmsg(h));
		return -1;
	}
	sqlite3_bind_text(s, 1, file, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc != SQLITE_DONE)
		log_err("cannot copy the database to '%s': %s", file, sqlite3_errmsg(h));
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return -1;
	if (sqlite3_open_v2(file, &copy, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
		log_err("cannot open the copy '%s': %s", file, sqlite3_errmsg(copy));
		sqlite3_close(copy);
		return -1;
	}
	rc = single_file(copy, file);
	sqlite3_close(copy);
	return rc;
}

int
sqlite_backup(sqlite3 *h, const char *file)
{
	char		*tmp = NULL, why[512];
	int		 rc = -1;

	if (tmp_beside(file, ".partial-XXXXXX", &tmp) == -1)
		return -1;
	if (vacuum_into(h, tmp) == -1 || sync_file(tmp) == -1)
		goto out;
	if (check_file(tmp, why, sizeof(why)) != NULL) {
		log_err("the copy '%s' is not sound: %s", tmp, why);
		goto out;
	}
	if (renameat2(AT_FDCWD, tmp, AT_FDCWD, file, RENAME_NOREPLACE) == -1) {
		if (errno == EEXIST)
			log_err("'%s' exists; choose a new file", file);
		else
			log_err("cannot write '%s': %s", file, strerror(errno));
		goto out;
	}
	sync_dir(file);
	rc = 0;
out:
	if (rc == -1)
		unlink(tmp);
	free(tmp);
	return rc;
}

/* --- restore --- */

/* A page-by-page copy of file into the empty file tmp, in one step. */
static int
copy_into(const char *file, const char *tmp)
{
	sqlite3		*src = NULL, *dst = NULL;
	sqlite3_backup	*b;
	int		 rc = -1;

	sqlite_library();
	if (sqlite3_open_v2(file, &src, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
	    sqlite3_open_v2(tmp, &dst, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
		log_err("cannot copy '%s': %s", file, sqlite3_errmsg(src ? src : dst));
		goto out;
	}
	if ((b = sqlite3_backup_init(dst, "main", src, "main")) == NULL) {
		log_err("cannot copy '%s': %s", file, sqlite3_errmsg(dst));
		goto out;
	}
	rc = sqlite3_backup_step(b, -1) == SQLITE_DONE ? 0 : -1;
	sqlite3_backup_finish(b);
	if (rc == -1)
		log_err("cannot copy '%s': %s", file, sqlite3_errmsg(dst));
	else
		rc = single_file(dst, tmp);
out:
	sqlite3_close(src);
	sqlite3_close(dst);
	return rc;
}

/* Removes what a former database left beside path: its journal, WAL, shared memory. */
static int
remove_beside(const char *path)
{
	static const char *const beside[] = { "-wal", "-shm", "-journal" };

	for (size_t i = 0; i < sizeof(beside) / sizeof(beside[0]); i++) {
		char	*f = suffixed(path, beside[i]);
		int	 rc = unlink(f);

		if (rc == -1 && errno != ENOENT) {
			log_err("cannot remove '%s': %s", f, strerror(errno));
			free(f);
			return -1;
		}
		free(f);
	}
	return 0;
}

int
db_restore(const char *path, const char *file)
{
	char	*tmp = NULL, why[512];
	int	 lock, rc = -1;

	if (check_file(file, why, sizeof(why)) != NULL) {
		log_err("cannot restore from '%s': %s", file, why);
		return -1;
	}
	if ((lock = sqlite_lock(path, true)) < 0)
		return -1;
	if (tmp_beside(path, ".restore-XXXXXX", &tmp) == -1)
		goto out;
	if (copy_into(file, tmp) == -1 || sync_file(tmp) == -1)
		goto out;
	if (check_file(tmp, why, sizeof(why)) != NULL) {
		log_err("the copy '%s' is not sound: %s", tmp, why);
		goto out;
	}
	/* the old WAL must go before the new file takes the name: it would be replayed into it */
	if (remove_beside(path) == -1)
		goto out;
	if (rename(tmp, path) == -1) {
		log_err("cannot replace '%s': %s", path, strerror(errno));
		goto out;
	}
	sync_dir(path);
	rc = 0;
out:
	if (rc == -1 && tmp != NULL)
		unlink(tmp);
	free(tmp);
	close(lock);
	return rc;
}
