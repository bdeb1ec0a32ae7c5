/*
 * sweep: removes the files of --files that no row refers to any more (a
 * deleted photo, a replaced picture, a bulletin image never used), once
 * they are older than --sweep-grace, so a file whose row is being written
 * is never taken. The server runs it every --sweep-interval seconds on a
 * thread of its own with its own database connection; `pobratim files
 * sweep` runs it once. src/base/store.c does the safe removal, src/db
 * (db_file_referenced) says what is referenced.
 */
#include "cli.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../base/log.h"
#include "../base/store.h"
#include "../base/ticker.h"

static int
referenced(void *ctx, const char *name, bool *used)
{
	/* a picture may also be linked from Markdown: only POST /files makes such names */
	bool	linkable = strchr(name, '.') != NULL;

	return db_file_referenced(ctx, name, linkable, used) == DB_OK ? 0 : -1;
}

static void
removed(void *ctx, const char *name, int64_t size)
{
	log_info("sweep: removed unreferenced file '%s' (%lld bytes)", name, (long long)size);
	if (db_upload_forget(ctx, name) != DB_OK)
		log_err("sweep: cannot forget the uploads of '%s'", name);
}

int
sweep_run(struct db *db, const char *dir, long grace, struct store_sweep_stats *st)
{
	struct store_sweeper	sw = { referenced, removed, db };

	if (store_sweep(dir, grace, &sw, st) == -1) {
		log_err("sweep: cannot sweep '%s' entirely: %s", dir, strerror(errno));
		return -1;
	}
	if (st->removed > 0)
		log_info("sweep: removed %ld files (%lld bytes), kept %ld", st->removed,
		    (long long)st->bytes, st->kept);
	return 0;
}

/* --- the server's thread --- */

static long	sweep_tick(void *);

static struct {
	struct ticker	 t;
	struct db	*db;
	const char	*dir;
	long		 interval, grace;
} bg = { .t = TICKER_INIT("the sweep thread", sweep_tick, NULL) };

/* One sweep; the next after --sweep-interval. */
static long
sweep_tick(void *arg)
{
	struct store_sweep_stats	st;

	(void)arg;
	sweep_run(bg.db, bg.dir, bg.grace, &st);
	return bg.interval;
}

int
sweep_start(const struct config *c)
{
	if (c->sweep_interval <= 0)
		return 0;
	if ((bg.db = db_open(c->db)) == NULL)
		return -1;
	bg.dir = c->files;
	bg.interval = c->sweep_interval;
	bg.grace = c->sweep_grace;
	if (ticker_start(&bg.t, bg.interval) == -1) {
		db_close(bg.db);
		return -1;
	}
	return 0;
}

void
sweep_stop(void)
{
	if (ticker_stop(&bg.t))
		db_close(bg.db);
}

/* --- pobratim files sweep --- */

int
cli_files(struct config *c, int argc, char **argv)
{
	struct store_sweep_stats	 st;
	struct db			*db;
	int				 rc;

	if (argc != 2 || strcmp(argv[1], "sweep") != 0) {
		fprintf(stderr, "usage: pobratim files sweep [--files DIR] [--sweep-grace SECONDS]\n");
		return 2;
	}
	if ((db = cli_open_db(c->db)) == NULL)
		return 1;
	rc = sweep_run(db, c->files, c->sweep_grace, &st);
	db_close(db);
	printf("removed %ld files (%lld bytes), kept %ld\n", st.removed, (long long)st.bytes,
	    st.kept);
	return rc == 0 ? 0 : 1;
}
