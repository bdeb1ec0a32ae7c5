/*
 * recording: see recording.h. The room's calls (begin, publisher, end) are
 * database writes and a mkdir; the conversion runs here on the converter's
 * thread or in `pobratim recordings process`, never on a worker.
 */
#include "recording.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "../base/log.h"
#include "../base/spawn.h"
#include "../base/store.h"
#include "../base/text.h"
#include "../base/ticker.h"

#define REPORT_MAX	65536		/* janus-pp-rec -e: a header and a few numbers */
#define OUTPUT_TAIL	4096		/* of a conversion's log, for the reason it failed */
#define REASON_MAX	300		/* of one track's reason, in the error text */
#define ERROR_MAX	2000		/* of a recording's error text */
#define MEMORY_MAX	((int64_t)4 << 30)	/* janus-pp-rec keeps an index of every packet */
#define NICE		10
#define OUT_PREFIX	".out-"
#define LOCK_NAME	".lock"

/* What each codec Janus records becomes (janus-pp-rec -F lists what it writes). */
static const struct codec {
	const char	*name, *ext, *mime;
} codecs[] = {
	{ "opus", "opus", "audio/ogg" },
	{ "vp8", "webm", "video/webm" },
	{ "vp9", "webm", "video/webm" },
	{ "h264", "mp4", "video/mp4" },
	{ "av1", "mp4", "video/mp4" },
	{ "h265", "mp4", "video/mp4" },
	{ "pcmu", "wav", "audio/wav" },
	{ "pcma", "wav", "audio/wav" },
	{ "g711", "wav", "audio/wav" },
	{ "g722", "wav", "audio/wav" },
	{ "l16", "wav", "audio/wav" },
	{ "l16-48", "wav", "audio/wav" },
};

static const struct codec *
codec_of(const char *name)
{
	for (size_t i = 0; i < sizeof(codecs) / sizeof(codecs[0]); i++)
		if (strcasecmp(codecs[i].name, name) == 0)
			return &codecs[i];
	return NULL;
}

static void
now_text(char out[TEXT_TIME_LEN])
{
	text_time(time(NULL), out);
}

void
recording_dir(const char *files_dir, int64_t id, char out[RECORDING_PATH_MAX])
{
	snprintf(out, RECORDING_PATH_MAX, "%s/recordings/%" PRId64, files_dir, id);
}

/* --- what the room calls --- */

static int
make_dir(const char *path)
{
	return mkdir(path, 0700) == -1 && errno != EEXIST ? -1 : 0;
}

int
recording_begin(struct db *db, const char *files_dir, int64_t meeting_id, int64_t user_id,
    const char *user_name, int64_t *id)
{
	char	now[TEXT_TIME_LEN], dir[RECORDING_PATH_MAX], parent[RECORDING_PATH_MAX];

	now_text(now);
	if (db_recording_begin(db, meeting_id, user_id, user_name, now, id) != DB_OK) {
		log_err("recording: cannot begin a recording of meeting %" PRId64, meeting_id);
		return -1;
	}
	snprintf(parent, sizeof(parent), "%s/recordings", files_dir);
	recording_dir(files_dir, *id, dir);
	if (make_dir(files_dir) == -1 || make_dir(parent) == -1 || make_dir(dir) == -1) {
		log_err("recording: cannot make '%s': %s", dir, strerror(errno));
		if (db_recording_delete(db, *id) != DB_OK)
			log_err("recording: cannot forget recording %" PRId64, *id);
		return -1;
	}
	log_info("recording %" PRId64 " of meeting %" PRId64 " started by user %" PRId64, *id,
	    meeting_id, user_id);
	return 0;
}

int
recording_publisher(struct db *db, const char *files_dir, int64_t id,
    const struct db_recording_who *who, char base[RECORDING_PATH_MAX])
{
	char	now[TEXT_TIME_LEN];
	int64_t	pid;

	now_text(now);
	if (db_recording_publisher_add(db, id, who, now, &pid) != DB_OK) {
		log_err("recording: cannot add a publisher to recording %" PRId64, id);
		return -1;
	}
	snprintf(base, RECORDING_PATH_MAX, "%s/recordings/%" PRId64 "/p%" PRId64, files_dir, id,
	    pid);
	return 0;
}

int
recording_end(struct db *db, int64_t id)
{
	char	now[TEXT_TIME_LEN];
	int	rc;

	now_text(now);
	rc = db_recording_end(db, id, now);
	if (rc == DB_NOTFOUND)
		return 1;
	if (rc != DB_OK) {
		log_err("recording: cannot end recording %" PRId64, id);
		return -1;
	}
	log_info("recording %" PRId64 " stopped; converting", id);
	recording_service_kick();
	return 0;
}

/* --- the directory: its lock, its .mjr files, its removal --- */

/* An exclusive lock on the directory's .lock: the fd, or -1 (errno EWOULDBLOCK: taken). */
static int
lock_dir(const char *dir)
{
	char	path[RECORDING_PATH_MAX + 8];
	int	fd;

	snprintf(path, sizeof(path), "%s/" LOCK_NAME, dir);
	if ((fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600)) == -1)
		return -1;
	if (flock(fd, LOCK_EX | LOCK_NB) == -1) {
		int	saved = errno;

		close(fd);
		errno = saved;
		return -1;
	}
	return fd;
}

static bool
has_suffix(const char *s, const char *suffix)
{
	size_t	n = strlen(s), m = strlen(suffix);

	return n > m && strcmp(s + n - m, suffix) == 0;
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * The .mjr files of dir, sorted, in the arena; the half-written outputs of
 * an interrupted conversion are removed on the way.
 */
static int
list_tracks(struct arena *a, const char *dir, char ***out, size_t *n)
{
	struct dirent	*e;
	DIR		*d = opendir(dir);
	size_t		 cap = 0;

	*out = NULL;
	*n = 0;
	if (d == NULL)
		return -1;
	while ((e = readdir(d)) != NULL) {
		if (strncmp(e->d_name, OUT_PREFIX, strlen(OUT_PREFIX)) == 0) {
			unlinkat(dirfd(d), e->d_name, 0);
			continue;
		}
		if (e->d_name[0] == '.' || !has_suffix(e->d_name, ".mjr"))
			continue;
		*out = arena_grow(a, *out, *n, &cap, sizeof(**out));
		(*out)[(*n)++] = arena_strdup(a, e->d_name);
	}
	closedir(d);
	if (*n > 1)
		qsort(*out, *n, sizeof(**out), by_name);
	return 0;
}

/* Removes dir and what is in it (files only: nothing else is ever made there). */
static void
remove_dir(const char *dir)
{
	struct dirent	*e;
	DIR		*d = opendir(dir);

	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0 &&
		    unlinkat(dirfd(d), e->d_name, 0) == -1)
			log_warn("recording: cannot remove '%s/%s': %s", dir, e->d_name,
			    strerror(errno));
	closedir(d);
	if (rmdir(dir) == -1 && errno != ENOENT)
		log_warn("recording: cannot remove '%s': %s", dir, strerror(errno));
}

int
recording_discard(const char *files_dir, int64_t id)
{
	char	dir[RECORDING_PATH_MAX];
	int	fd;

	recording_dir(files_dir, id, dir);
	if ((fd = lock_dir(dir)) == -1)
		return errno == ENOENT ? 0 : -1;
	remove_dir(dir);
	close(fd);
	return 0;
}

/* --- one track --- */

/* What janus-pp-rec -e says of a .mjr. */
struct report {
	char		 type;		/* 'a', 'v', 'd' */
	const char	*codec;
	int64_t		 packets, duration_ms;
	int64_t		 first_frame_us;	/* real time the first frame was written */
	bool		 encrypted;
};

struct track {
	const struct recording_settings	*s;
	struct arena			*a;
	const char			*dir, *source, *path;
	int64_t				 recording_id;
	char				*why;	/* the reason it failed, in the arena */
};

/* One line of a child's output fit for an error text: no control characters. */
static char *
clean_line(struct arena *a, const char *s, size_t n)
{
	char	*out = arena_strndup(a, s, n > REASON_MAX ? REASON_MAX : n);

	for (char *p = out; *p != '\0'; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = ' ';
	return out;
}

/* The last line of output that says something. */
static char *
last_line(struct arena *a, const char *out, size_t len)
{
	size_t	end = len, start;

	while (end > 0 && (out[end - 1] == '\n' || out[end - 1] == '\r' || out[end - 1] == ' '))
		end--;
	for (start = end; start > 0 && out[start - 1] != '\n'; start--)
		;
	return clean_line(a, out + start, end - start);
}

/* Runs the converter with args; false with t->why when it did not end well. */
static bool
run(struct track *t, const char *const argv[], const struct spawn_limits *l,
    struct spawn_result *r)
{
	static const char *const env[] = { "LC_ALL=C", "PATH=/usr/bin:/bin", NULL };
	const char	*prog = strrchr(argv[0], '/') != NULL ? strrchr(argv[0], '/') + 1 : argv[0];

	if (spawn_run(argv, env, l, r) == -1) {
		t->why = arena_printf(t->a, "cannot run %s: %s", argv[0], strerror(errno));
		return false;
	}
	if (r->stopped)
		t->why = arena_strdup(t->a, "stopped");
	else if (r->timed_out)
		t->why = arena_printf(t->a, "%s took longer than %d s", prog, t->s->timeout);
	else if (r->signal == SIGXFSZ)
		t->why = arena_printf(t->a, "the converted file grew past %lld bytes",
		    (long long)l->max_file);
	else if (r->signal != 0)
		t->why = arena_printf(t->a, "%s was killed by signal %d", prog, r->signal);
	else if (r->exit_status != 0)
		t->why = arena_printf(t->a, "%s failed (exit %d)%s%s", prog, r->exit_status,
		    r->len > 0 ? ": " : "", last_line(t->a, r->output, r->len));
	return t->why == NULL;
}

static struct spawn_limits
limits(const struct track *t, int64_t max_file, size_t max_output, bool tail)
{
	struct spawn_limits	l = {
		.timeout_ms = t->s->timeout * 1000, .max_file = max_file,
		.max_memory = MEMORY_MAX, .nice = NICE, .max_output = max_output,
		.keep_tail = tail, .stop = t->s->stop,
	};

	return l;
}

static bool
parse_report(struct track *t, const char *text, struct report *rep)
{
	json_t		*j = json_loads(text, 0, NULL), *ext;
	const char	*type, *codec;
	bool		 ok = false;

	memset(rep, 0, sizeof(*rep));
	ext = json_object_get(j, "extended");
	type = json_string_value(json_object_get(j, "t"));
	codec = json_string_value(json_object_get(j, "c"));
	if (type == NULL || codec == NULL || !json_is_object(ext) || strlen(type) != 1) {
		t->why = arena_strdup(t->a, "not a readable Janus recording: janus-pp-rec found no header in it");
		goto out;
	}
	rep->type = type[0];
	rep->codec = arena_strdup(t->a, codec);
	rep->packets = json_integer_value(json_object_get(ext, "packets"));
	rep->duration_ms = (int64_t)(json_number_value(json_object_get(ext, "duration")) * 1000);
	rep->first_frame_us = json_integer_value(json_object_get(j, "u"));
	rep->encrypted = json_is_true(json_object_get(j, "e"));
	ok = true;
out:
	json_decref(j);
	return ok;
}

/*
 * Why janus-pp-rec cannot read a track: its report (-e) says nothing of
 * it, so it is asked to parse the file with its log on (-p).
 */
static void
diagnose(struct track *t)
{
	const char *const	argv[] = { t->s->converter, "-o", "-d", "3", "-p", t->path, NULL };
	struct spawn_limits	l = limits(t, 1 << 20, OUTPUT_TAIL, true);
	struct spawn_result	r;

	t->why = NULL;
	if (!run(t, argv, &l, &r) || r.len > 0)
		t->why = arena_printf(t->a, "not a readable Janus recording%s%s",
		    r.len > 0 ? ": " : "", last_line(t->a, r.output, r.len));
	spawn_result_release(&r);
}

/* janus-pp-rec -e: what the track is. */
static bool
report(struct track *t, struct report *rep)
{
	const char *const	argv[] = { t->s->converter, "-e", t->path, NULL };
	struct spawn_limits	l = limits(t, 1 << 20, REPORT_MAX, false);
	struct spawn_result	r;
	bool			ok;

	ok = run(t, argv, &l, &r);
	if (!ok && r.exit_status > 0 && r.len == 0)
		diagnose(t);
	if (ok && r.truncated)
		t->why = arena_strdup(t->a, "janus-pp-rec's report was too long");
	ok = ok && !r.truncated && parse_report(t, r.output, rep);
	spawn_result_release(&r);
	return ok;
}

/* janus-pp-rec source target; false with t->why. */
static bool
convert(struct track *t, const char *target, int64_t source_size)
{
	const char *const	argv[] = { t->s->converter, "-o", "-d", "3", t->path, target, NULL };
	/* what it writes is the media of the RTP packets, less than the .mjr */
	struct spawn_limits	l = limits(t, source_size * 2 + (16 << 20), OUTPUT_TAIL, true);
	struct spawn_result	r;
	struct stat		st;
	bool			ok = run(t, argv, &l, &r);

	if (ok && (stat(target, &st) == -1 || st.st_size == 0)) {
		t->why = arena_printf(t->a, "janus-pp-rec wrote nothing%s%s", r.len > 0 ? ": " : "",
		    last_line(t->a, r.output, r.len));
		ok = false;
	}
	spawn_result_release(&r);
	return ok;
}

/* "p<n>-audio-0.mjr" and the like: publisher n, if it is one of this recording. */
static int64_t
publisher_of(struct db *db, struct track *t)
{
	struct db_recording_who	who;
	const char		*p = t->source;
	char			*end;
	long long		 n;

	if (p[0] != 'p' || p[1] < '1' || p[1] > '9')
		return 0;
	errno = 0;
	n = strtoll(p + 1, &end, 10);
	if (errno != 0 || *end != '-')
		return 0;
	return db_recording_publisher_get(db, t->a, t->recording_id, n, &who) == DB_OK ? n : 0;
}

enum track_result { TRACK_DONE, TRACK_SKIPPED, TRACK_FAILED, TRACK_STOP };

static enum track_result
store_track(struct db *db, struct track *t, const struct report *rep, const struct codec *c,
    const char *target)
{
	struct db_recording_file	 f = { 0 };
	char				 name[STORE_NAME_LEN], now[TEXT_TIME_LEN], first[TEXT_TIME_LEN];
	int64_t				 id;
	int				 rc;

	if (store_adopt(t->s->files_dir, target, c->ext, name, &f.bytes) == -1) {
		log_err("recording: cannot store '%s': %s", target, strerror(errno));
		return TRACK_STOP;
	}
	now_text(now);
	f.recording_id = t->recording_id;
	f.publisher_id = publisher_of(db, t);
	f.source = t->source;
	f.kind = rep->type == 'a' ? "audio" : "video";
	f.codec = rep->codec;
	f.file = name;
	f.mime = c->mime;
	f.duration_ms = rep->duration_ms > 0 ? rep->duration_ms : 0;
	if (rep->first_frame_us > 0) {
		text_time((time_t)(rep->first_frame_us / 1000000), first);
		f.first_frame_at = first;
	}
	f.created_at = now;
	rc = db_recording_file_add(db, &f, &id);
	if (rc != DB_OK && rc != DB_CONFLICT) {
		log_err("recording: cannot keep the track '%s' of recording %" PRId64, t->source,
		    t->recording_id);
		return TRACK_STOP;	/* the stored file goes with the sweep */
	}
	log_info("recording %" PRId64 ": %s -> %s (%s, %lld ms, %lld bytes)", t->recording_id,
	    t->source, name, f.kind, (long long)f.duration_ms, (long long)f.bytes);
	return TRACK_DONE;
}

static enum track_result
process_track(struct db *db, struct track *t)
{
	struct report		 rep;
	const struct codec	*c;
	struct stat		 st;
	char			*target;
	enum track_result	 res;

	if (stat(t->path, &st) == -1 || !S_ISREG(st.st_mode)) {
		t->why = arena_strdup(t->a, "not a file");
		return TRACK_FAILED;
	}
	if (!report(t, &rep))
		return t->s->stop != NULL && atomic_load(t->s->stop) ? TRACK_STOP : TRACK_FAILED;
	if (rep.type == 'd' || rep.packets == 0)
		return TRACK_SKIPPED;	/* a data channel's, or one that never got a packet */
	if (rep.encrypted) {
		t->why = arena_strdup(t->a, "end-to-end encrypted: it cannot be converted");
		return TRACK_FAILED;
	}
	if ((rep.type != 'a' && rep.type != 'v') || (c = codec_of(rep.codec)) == NULL) {
		t->why = arena_printf(t->a, "codec '%s' cannot be converted", rep.codec);
		return TRACK_FAILED;
	}
	target = arena_printf(t->a, "%s/" OUT_PREFIX "%ld.%s", t->dir, (long)getpid(), c->ext);
	if (!convert(t, target, st.st_size)) {
		unlink(target);
		return t->s->stop != NULL && atomic_load(t->s->stop) ? TRACK_STOP : TRACK_FAILED;
	}
	res = store_track(db, t, &rep, c, target);
	if (res != TRACK_DONE)
		unlink(target);
	return res;
}

/* --- one recording --- */

struct pass {
	struct arena	*a;
	char		*errors;	/* "p1-audio-0.mjr: why; ..." */
	long		 failed;
};

static void
note_failure(struct pass *p, const char *source, const char *why)
{
	const char	*sep = p->errors != NULL ? "; " : "";
	const char	*prev = p->errors != NULL ? p->errors : "";

	p->failed++;
	if (strlen(prev) < ERROR_MAX)
		p->errors = arena_printf(p->a, "%s%s%s: %s", prev, sep, source, why);
}

/*
 * Converts each .mjr of dir; 0, or -1 when it must stop (stopped, a
 * database or disk error), leaving the rest for the next pass.
 */
static int
convert_all(struct db *db, const struct recording_settings *s, int64_t id, const char *dir,
    struct pass *p)
{
	char	**names;
	size_t	  n;

	if (list_tracks(p->a, dir, &names, &n) == -1) {
		note_failure(p, "recording", strerror(errno));
		return 0;
	}
	for (size_t i = 0; i < n; i++) {
		struct track	t = { s, p->a, dir, names[i], NULL, id, NULL };
		bool		done = false;

		t.path = arena_printf(p->a, "%s/%s", dir, names[i]);
		if (db_recording_file_exists(db, id, names[i], &done) != DB_OK)
			return -1;
		switch (done ? TRACK_DONE : process_track(db, &t)) {
		case TRACK_DONE:
		case TRACK_SKIPPED:
			if (unlink(t.path) == -1)
				log_warn("recording: cannot remove '%s': %s", t.path, strerror(errno));
			break;
		case TRACK_FAILED:
			log_warn("recording %" PRId64 ": %s: %s", id, names[i], t.why);
			note_failure(p, names[i], t.why);
			break;
		case TRACK_STOP:
			return -1;
		}
	}
	return 0;
}

/* ready, or failed with what failed; the directory goes once nothing in it is needed. */
static int
finish(struct db *db, int64_t id, const char *dir, struct pass *p)
{
	int64_t		 kept = 0;
	const char	*error = p->errors;
	int		 rc;

	if (db_recording_file_count(db, id, &kept) != DB_OK)
		return -1;
	if (error == NULL && kept == 0)
		error = "nothing was recorded";
	rc = db_recording_finish(db, id, error == NULL ? "ready" : "failed", error);
	if (rc != DB_OK && rc != DB_NOTFOUND)
		return -1;
	if (p->failed == 0)
		remove_dir(dir);
	log_info("recording %" PRId64 " %s: %lld tracks%s%s", id, error == NULL ? "ready" :
	    "failed", (long long)kept, error != NULL ? "; " : "", error != NULL ? error : "");
	return 0;
}

int
recording_process(struct db *db, const struct recording_settings *s, int64_t id)
{
	struct db_recording	 r;
	struct arena		 a;
	struct pass		 p = { &a, NULL, 0 };
	char			 dir[RECORDING_PATH_MAX];
	int			 fd, rc = -1;

	recording_dir(s->files_dir, id, dir);
	if ((fd = lock_dir(dir)) == -1 && errno == EWOULDBLOCK)
		return 1;
	arena_init(&a);
	switch (db_recording_get(db, &a, id, &r)) {
	case DB_OK:
		break;
	case DB_NOTFOUND:	/* deleted meanwhile */
		if (fd != -1)
			remove_dir(dir);
		rc = 0;
		goto out;
	default:
		goto out;
	}
	if (strcmp(r.status, "processing") != 0) {
		rc = 0;		/* another pass finished it */
		goto out;
	}
	if (fd == -1)
		note_failure(&p, "recording", arena_printf(&a, "its directory '%s' cannot be "
		    "used: %s", dir, strerror(errno)));
	else if (convert_all(db, s, id, dir, &p) == -1)
		goto out;
	rc = finish(db, id, dir, &p);
out:
	if (fd != -1)
		close(fd);
	arena_release(&a);
	return rc;
}

/* The directories of recordings that are gone or ready: leftovers of a crash or a delete. */
static void
tidy_dirs(struct db *db, const char *files_dir)
{
	char		 parent[RECORDING_PATH_MAX], dir[RECORDING_PATH_MAX];
	struct dirent	*e;
	struct arena	 a;
	DIR		*d;

	snprintf(parent, sizeof(parent), "%s/recordings", files_dir);
	if ((d = opendir(parent)) == NULL)
		return;
	arena_init(&a);
	while ((e = readdir(d)) != NULL) {
		struct db_recording	r;
		int64_t			id;
		int			rc;

		if (text_int(e->d_name, 1, INT64_MAX, &id) == -1)
			continue;
		rc = db_recording_get(db, &a, id, &r);
		if (rc == DB_NOTFOUND || (rc == DB_OK && strcmp(r.status, "ready") == 0)) {
			recording_dir(files_dir, id, dir);
			if (recording_discard(files_dir, id) == 0)
				log_info("recording: removed '%s', which no recording needs", dir);
		}
	}
	closedir(d);
	arena_release(&a);
}

int
recording_process_pending(struct db *db, const struct recording_settings *s, long *done)
{
	struct arena	 a;
	int64_t		*ids;
	size_t		 n;
	int		 rc = 0;

	*done = 0;
	arena_init(&a);
	if (db_recording_pending(db, &a, &ids, &n) != DB_OK) {
		arena_release(&a);
		return -1;
	}
	for (size_t i = 0; i < n && rc == 0; i++) {
		int	r = recording_process(db, s, ids[i]);

		if (r == 0)
			(*done)++;
		else if (r == -1)
			rc = -1;
	}
	arena_release(&a);
	if (rc == 0)
		tidy_dirs(db, s->files_dir);
	return rc;
}

/* --- the server's converter thread --- */

#define SERVICE_PERIOD	60	/* seconds between rounds when nothing wakes it */

static long	service_tick(void *);

static struct {
	struct ticker			 t;
	struct db			*db;
	struct recording_settings	 s;
} svc = { .t = TICKER_INIT("the recording converter thread", service_tick, NULL) };

/* What is left processing, converted; again when woken or a minute later. */
static long
service_tick(void *arg)
{
	long	done;

	(void)arg;
	if (recording_process_pending(svc.db, &svc.s, &done) == -1 && !atomic_load(&svc.t.stop))
		log_warn("recording: a conversion was interrupted; trying again later");
	return SERVICE_PERIOD;
}

int
recording_service_start(const struct recording_settings *s, const char *db_path)
{
	char			now[TEXT_TIME_LEN];
	int64_t			n = 0;

	if ((svc.db = db_open(db_path)) == NULL)
		return -1;
	now_text(now);
	if (db_recording_end_all(svc.db, now, &n) != DB_OK) {
		db_close(svc.db);
		return -1;
	}
	if (n > 0)
		log_warn("recording: %lld recordings were still recording when the server stopped; "
		    "converting what they recorded", (long long)n);
	svc.s = *s;
	svc.s.stop = &svc.t.stop;
	if (ticker_start(&svc.t, 0) == -1) {
		db_close(svc.db);
		return -1;
	}
	return 0;
}

void
recording_service_kick(void)
{
	ticker_wake(&svc.t);
}

void
recording_service_stop(void)
{
	if (ticker_stop(&svc.t))
		db_close(svc.db);
}
