/*
 * recordings: the operator's commands for meeting recordings.
 *
 *   pobratim recordings process [--retry] [ID...]
 *	converts the recordings left in processing (a crash, a stop in the
 *	middle), or those named; --retry first moves the named failed ones
 *	back to processing, so that their failed tracks are tried again.
 *	Safe while the server runs: a recording the server is converting is
 *	skipped (its lock is held), and no recording is converted twice.
 *
 *   pobratim recordings import MEETING_ID --by EMAIL [--as EMAIL | --guest NAME] FILE.mjr...
 *	attaches Janus recordings made elsewhere (by a Janus that pobratim
 *	did not run, or recovered from a disk) to a meeting, as a recording
 *	started by --by: each FILE is copied into the recording's directory
 *	as a track of the publisher named before it (--as: an account, with
 *	its organization's city; --guest: a name), then converted, as the
 *	room's recordings are. --defer leaves the conversion to the server.
 */
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "../base/log.h"
#include "../base/text.h"
#include "../media/recording.h"

static void
settings(const struct config *c, struct recording_settings *s)
{
	memset(s, 0, sizeof(*s));
	s->files_dir = c->files;
	s->converter = c->pp_rec;
	s->timeout = c->recording_timeout;
}

static void
print_outcome(struct db *db, int64_t id)
{
	struct db_recording	r;
	struct arena		a;
	int64_t			n = 0;

	arena_init(&a);
	if (db_recording_get(db, &a, id, &r) == DB_OK &&
	    db_recording_file_count(db, id, &n) == DB_OK)
		printf("recording %" PRId64 ": %s, %lld tracks%s%s\n", id, r.status, (long long)n,
		    r.error != NULL ? ": " : "", r.error != NULL ? r.error : "");
	arena_release(&a);
}

static int
process_named(struct db *db, const struct recording_settings *s, bool retry, int argc,
    char **argv)
{
	int	rc = 0;

	for (int i = 0; i < argc; i++) {
		int64_t	id;

		if (text_int(argv[i], 1, INT64_MAX, &id) == -1) {
			fprintf(stderr, "pobratim: recordings: '%s' is not a recording id\n", argv[i]);
			return 2;
		}
		if (retry && db_recording_retry(db, id) == DB_ERR)
			return 1;
		switch (recording_process(db, s, id)) {
		case 0:
			print_outcome(db, id);
			break;
		case 1:
			printf("recording %" PRId64 ": being converted by another process\n", id);
			break;
		default:
			rc = 1;
		}
	}
	return rc;
}

static int
process(const struct config *c, int argc, char **argv)
{
	struct recording_settings	 s;
	struct db			*db;
	bool				 retry = argc > 0 && strcmp(argv[0], "--retry") == 0;
	long				 done = 0;
	int				 rc;

	if (retry && argc == 1) {
		fprintf(stderr, "usage: pobratim recordings process --retry ID...\n");
		return 2;
	}
	settings(c, &s);
	if ((db = cli_open_db(c->db)) == NULL)
		return 1;
	if (argc > 0)
		rc = process_named(db, &s, retry, argc - retry, argv + retry);
	else {
		rc = recording_process_pending(db, &s, &done) == 0 ? 0 : 1;
		printf("converted %ld recordings\n", done);
	}
	db_close(db);
	return rc;
}

/* --- import --- */

/* Copies file to path (a new file), 0600. */
static int
copy_file(const char *from, const char *to)
{
	char	buf[65536];
	ssize_t	n = 0;
	int	in, out, rc = -1;

	if ((in = open(from, O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	if ((out = open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600)) == -1) {
		close(in);
		return -1;
	}
	while ((n = read(in, buf, sizeof(buf))) > 0)
		if (write(out, buf, (size_t)n) != n) {
			n = -1;
			break;
		}
	if (n == 0 && fsync(out) == 0)
		rc = 0;
	close(in);
	if (close(out) == -1)
		rc = -1;
	return rc;
}

/* --as EMAIL: the account's name and its organization's city. */
static int
who_by_email(struct db *db, struct arena *a, const char *email, struct db_recording_who *w)
{
	struct db_user	u;

	if (db_user_get_by_email(db, a, email, &u) != DB_OK) {
		fprintf(stderr, "pobratim: recordings import: no account '%s'\n", email);
		return -1;
	}
	w->user_id = u.id;
	w->name = u.name;
	w->city_ru = u.org.city.name_ru;
	w->city_en = u.org.city.name_en;
	w->country = u.org.city.country_code;
	return 0;
}

struct import {
	struct db			*db;
	struct arena			*a;
	const struct config		*c;
	int64_t				 id;
	char				 base[RECORDING_PATH_MAX];	/* "" before any publisher */
	int				 tracks;
};

static int
import_file(struct import *im, const char *file)
{
	char	dir[RECORDING_PATH_MAX], to[RECORDING_PATH_MAX + 32];

	recording_dir(im->c->files, im->id, dir);
	if (im->base[0] != '\0')
		snprintf(to, sizeof(to), "%s-%d.mjr", im->base, im->tracks);
	else
		snprintf(to, sizeof(to), "%s/imported-%d.mjr", dir, im->tracks);
	if (copy_file(file, to) == -1) {
		fprintf(stderr, "pobratim: recordings import: cannot copy '%s': %s\n", file,
		    strerror(errno));
		return -1;
	}
	im->tracks++;
	return 0;
}

/* The arguments after --by: publishers and their files. */
static int
import_tracks(struct import *im, int argc, char **argv)
{
	for (int i = 0; i < argc; i++) {
		struct db_recording_who	w = { 0 };
		bool			as = strcmp(argv[i], "--as") == 0;

		if (!as && strcmp(argv[i], "--guest") != 0) {
			if (import_file(im, argv[i]) == -1)
				return -1;
			continue;
		}
		if (++i == argc)
			return 2;
		if (as && who_by_email(im->db, im->a, argv[i], &w) == -1)
			return -1;
		if (!as)
			w.name = argv[i];
		if (recording_publisher(im->db, im->c->files, im->id, &w, im->base) == -1)
			return -1;
	}
	return 0;
}

static int
import(const struct config *c, int argc, char **argv)
{
	struct recording_settings	 s;
	struct arena			 a;
	struct import			 im = { .c = c, .a = &a };
	struct db_user			 by;
	int64_t				 meeting;
	bool				 defer = argc > 0 && strcmp(argv[argc - 1], "--defer") == 0;
	int				 rc = 1;

	argc -= defer;
	if (argc < 4 || strcmp(argv[1], "--by") != 0 ||
	    text_int(argv[0], 1, INT64_MAX, &meeting) == -1) {
		fprintf(stderr, "usage: pobratim recordings import MEETING_ID --by EMAIL "
		    "[--as EMAIL | --guest NAME] FILE.mjr... [--defer]\n");
		return 2;
	}
	if ((im.db = cli_open_db(c->db)) == NULL)
		return 1;
	arena_init(&a);
	if (db_user_get_by_email(im.db, &a, argv[2], &by) != DB_OK) {
		fprintf(stderr, "pobratim: recordings import: no account '%s'\n", argv[2]);
		goto out;
	}
	if (recording_begin(im.db, c->files, meeting, by.id, by.name, &im.id) == -1)
		goto out;
	rc = import_tracks(&im, argc - 3, argv + 3);
	if (rc != 0 || recording_end(im.db, im.id) == -1) {
		if (db_recording_delete(im.db, im.id) != DB_OK || recording_discard(c->files, im.id))
			log_err("recordings import: recording %" PRId64 " left behind", im.id);
		rc = rc == 2 ? 2 : 1;
		goto out;
	}
	printf("recording %" PRId64 ": %d tracks imported\n", im.id, im.tracks);
	settings(c, &s);
	if (!defer && recording_process(im.db, &s, im.id) == -1)
		rc = 1;
	else if (!defer)
		print_outcome(im.db, im.id);
out:
	arena_release(&a);
	db_close(im.db);
	return rc;
}

int
cli_recordings(struct config *c, int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "process") == 0)
		return process(c, argc - 2, argv + 2);
	if (argc >= 2 && strcmp(argv[1], "import") == 0)
		return import(c, argc - 2, argv + 2);
	fprintf(stderr, "usage: pobratim recordings process [--retry] [ID...]\n"
	    "       pobratim recordings import MEETING_ID --by EMAIL [--as EMAIL | --guest NAME] "
	    "FILE.mjr... [--defer]\n");
	return 2;
}
