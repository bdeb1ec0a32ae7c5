/*
 * The recording pipeline on a scratch database with the real janus-pp-rec
 * and real media (build/mjrgen): the room's calls, conversion, a corrupt
 * track, a converter past its time, a stop, a lock held by another
 * converter, a crash after a track was kept, a recording deleted
 * meanwhile, leftover directories, and the server's converter thread.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../harness.h"
#include "../../../src/base/spawn.h"
#include "../../../src/db/db.h"
#include "../../../src/media/recording.h"

#define PP_REC	"/usr/bin/janus-pp-rec"
#define MJRGEN	"build/mjrgen"

struct fixture {
	char		 tmp[64], db_path[128], files[128];
	struct db	*db;
	struct arena	 a;
	int64_t		 meeting;
};

static int64_t
seed(struct db *db)
{
	struct db_country	ru = { "RU", "RUS", "643", "Russia", "Россия", "europe" };
	struct db_city		moscow = { .geonames_id = 524901, .name_en = "Moscow", .name_ru = "Москва",
				    .country_code = "RU", .timezone = "Europe/Moscow" };
	struct db_org		org = { .kind = "department", .name_en = "Department", .name_ru = "Департамент" };
	struct db_meeting	m = { .title_ru = "Запись", .title_en = "Recording", .format = "video",
				    .timezone = "Europe/Moscow", .starts_at = "2030-01-01T10:00:00Z",
				    .duration = 60, .status = "scheduled", .exdates = "", .minutes_ru = "",
				    .minutes_en = "" };
	int64_t			id = 0;

	CHECK(db_country_put(db, &ru) == DB_OK);
	CHECK(db_city_put(db, &moscow) == DB_OK);
	CHECK(db_city_id_by_geonames(db, 524901, &org.city_id) == DB_OK);
	CHECK(db_org_insert(db, &org, &m.host_org_id) == DB_OK);
	CHECK(db_meeting_insert(db, &m, &id) == DB_OK);
	return id;
}

static bool
setup(struct fixture *f)
{
	memset(f, 0, sizeof(*f));
	snprintf(f->tmp, sizeof(f->tmp), "/tmp/pobratim-rec-XXXXXX");
	if (mkdtemp(f->tmp) == NULL)
		return false;
	snprintf(f->db_path, sizeof(f->db_path), "%s/t.db", f->tmp);
	snprintf(f->files, sizeof(f->files), "%s/files", f->tmp);
	if ((f->db = db_open(f->db_path)) == NULL || db_migrate(f->db) == -1)
		return false;
	arena_init(&f->a);
	f->meeting = seed(f->db);
	return true;
}

static void
teardown(struct fixture *f)
{
	char	cmd[160];

	arena_release(&f->a);
	db_close(f->db);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->tmp);
	CHECK(system(cmd) == 0);
}

/* build/mjrgen KIND OUT SECONDS */
static bool
generate(const char *kind, const char *out)
{
	const char *const	argv[] = { MJRGEN, kind, out, "2", NULL };
	const char *const	env[] = { NULL };
	struct spawn_limits	l = { .timeout_ms = 60000, .max_file = 1 << 24, .max_output = 4096 };
	struct spawn_result	r;
	bool			ok = spawn_run(argv, env, &l, &r) == 0 && r.exit_status == 0;

	if (!ok)
		fprintf(stderr, "  %s %s: %s\n", MJRGEN, kind, r.output ? r.output : "cannot run");
	spawn_result_release(&r);
	return ok;
}

static void
write_file(const char *path, const char *text)
{
	FILE	*f = fopen(path, "w");

	CHECK(f != NULL);
	if (f != NULL) {
		fputs(text, f);
		fclose(f);
	}
}

static bool
exists(const char *path)
{
	struct stat	st;

	return stat(path, &st) == 0;
}

static struct db_recording
get(struct fixture *f, int64_t id)
{
	struct db_recording	r = { 0 };

	CHECK(db_recording_get(f->db, &f->a, id, &r) == DB_OK);
	return r;
}

static int64_t
count_files(struct fixture *f, int64_t id)
{
	int64_t	n = -1;

	CHECK(db_recording_file_count(f->db, id, &n) == DB_OK);
	return n;
}

/* begin, two publishers, end: the room's side */
static void
room_calls(struct fixture *f, struct recording_settings *s)
{
	struct db_recording_who	 who = { 0, "Иван Петров", "Москва", "Moscow", "RU" };
	char			 dir[RECORDING_PATH_MAX], base[RECORDING_PATH_MAX], path[RECORDING_PATH_MAX + 64];
	struct stat		 st;
	struct db_recording	 r;
	int64_t			 id;
	int			 lock;

	CHECK(recording_begin(f->db, f->files, f->meeting, 0, "Хост", &id) == 0);
	recording_dir(f->files, id, dir);
	CHECK(stat(dir, &st) == 0 && S_ISDIR(st.st_mode) && (st.st_mode & 0777) == 0700);
	CHECK_STR(get(f, id).status, "recording");
	CHECK(recording_publisher(f->db, f->files, id, &who, base) == 0);
	CHECK(strncmp(base, dir, strlen(dir)) == 0 && base[strlen(dir)] == '/' && base[strlen(dir) + 1] == 'p');
	/* what Janus writes: <base>-audio-0.mjr, <base>-video-1.mjr; and a name of its own */
	snprintf(path, sizeof(path), "%s-audio-0.mjr", base);
	CHECK(generate("audio", path));
	snprintf(path, sizeof(path), "%s-video-1.mjr", base);
	write_file(path, "MJR00002\x00\x05hello");		/* a corrupt one */
	snprintf(path, sizeof(path), "%s/videoroom-1234-user-5-1700000000-video-0.mjr", dir);
	CHECK(generate("video", path));

	/* nothing is converted while it records */
	CHECK(recording_process(f->db, s, id) == 0);
	CHECK_STR(get(f, id).status, "recording");
	CHECK(count_files(f, id) == 0);
	CHECK(recording_end(f->db, id) == 0);
	CHECK(recording_end(f->db, id) == 1);			/* ended already */
	r = get(f, id);
	CHECK_STR(r.status, "processing");
	CHECK(r.ended_at != NULL);

	/* another converter holds it: left alone */
	snprintf(path, sizeof(path), "%s/.lock", dir);
	lock = open(path, O_RDWR | O_CREAT, 0600);
	CHECK(lock != -1 && flock(lock, LOCK_EX | LOCK_NB) == 0);
	CHECK(recording_process(f->db, s, id) == 1);
	CHECK(count_files(f, id) == 0);
	close(lock);

	/* a crash had kept the first track before its .mjr was removed: not converted again */
	{
		struct db_recording_file	k = { .recording_id = id, .kind = "audio", .codec = "opus",
						    .file = "kept.opus", .mime = "audio/ogg", .bytes = 1,
						    .duration_ms = 1, .created_at = "2030-01-01T10:00:00Z" };
		int64_t				kid;

		k.source = strrchr(base, '/') + 1;
		k.source = arena_printf(&f->a, "%s-audio-0.mjr", k.source);
		CHECK(db_recording_file_add(f->db, &k, &kid) == DB_OK);
		CHECK(db_recording_file_add(f->db, &k, &kid) == DB_CONFLICT);
	}
	CHECK(recording_process(f->db, s, id) == 0);
	r = get(f, id);
	CHECK_STR(r.status, "failed");
	CHECK(r.error != NULL && strstr(r.error, "-video-1.mjr: not a readable Janus recording") != NULL);
	if (r.error != NULL && strstr(r.error, "not a readable") == NULL)
		fprintf(stderr, "  error: %s\n", r.error);
	CHECK(count_files(f, id) == 2);				/* the kept one and Janus's own */
	snprintf(path, sizeof(path), "%s-audio-0.mjr", base);
	CHECK(!exists(path));					/* its .mjr went */
	snprintf(path, sizeof(path), "%s-video-1.mjr", base);
	CHECK(exists(path));					/* the failed one stays */
	{
		struct db_recording_file	*files;
		size_t				 n = 0;
		bool				 janus_named = false;

		CHECK(db_recording_files(f->db, &f->a, f->meeting, &files, &n) == DB_OK);
		for (size_t i = 0; i < n; i++)
			if (strncmp(files[i].source, "videoroom-", 10) == 0) {
				janus_named = files[i].publisher_id == 0 && files[i].who.name == NULL &&
				    strcmp(files[i].kind, "video") == 0 && files[i].duration_ms > 1500 &&
				    strcmp(files[i].mime, "video/webm") == 0 && files[i].bytes > 1000;
				snprintf(path, sizeof(path), "%s/%s", f->files, files[i].file);
				CHECK(exists(path));
			}
		CHECK(janus_named);
	}
	/* finished: another pass changes nothing */
	CHECK(recording_process(f->db, s, id) == 0);
	CHECK(count_files(f, id) == 2);
}

/* A converter that never ends: past --recording-timeout it is killed; a stop leaves it processing. */
static void
slow_converter(struct fixture *f, struct recording_settings *s)
{
	char			dir[RECORDING_PATH_MAX], path[RECORDING_PATH_MAX + 64], script[160];
	struct recording_settings slow = *s;
	atomic_bool		stop = true;
	int64_t			id;

	snprintf(script, sizeof(script), "%s/slow-pp-rec", f->tmp);
	write_file(script, "#!/bin/sh\nexec sleep 30\n");
	chmod(script, 0755);
	slow.converter = script;
	slow.timeout = 1;
	CHECK(recording_begin(f->db, f->files, f->meeting, 0, "Хост", &id) == 0);
	recording_dir(f->files, id, dir);
	snprintf(path, sizeof(path), "%s/p1-audio-0.mjr", dir);
	CHECK(generate("audio", path));
	CHECK(recording_end(f->db, id) == 0);

	slow.stop = &stop;
	CHECK(recording_process(f->db, &slow, id) == -1);	/* stopped: taken up later */
	CHECK_STR(get(f, id).status, "processing");
	CHECK(exists(path));
	slow.stop = NULL;
	CHECK(recording_process(f->db, &slow, id) == 0);
	CHECK_STR(get(f, id).status, "failed");
	CHECK(strstr(get(f, id).error, "p1-audio-0.mjr: slow-pp-rec took longer than 1 s") != NULL);
}

/* A recording deleted while it waits, and a directory no recording owns, are removed. */
static void
leftovers(struct fixture *f, struct recording_settings *s)
{
	char	dir[RECORDING_PATH_MAX], stray[RECORDING_PATH_MAX];
	int64_t	id;
	long	done = -1;

	CHECK(recording_begin(f->db, f->files, f->meeting, 0, "Хост", &id) == 0);
	CHECK(recording_end(f->db, id) == 0);
	CHECK(db_recording_delete(f->db, id) == DB_OK);
	recording_dir(f->files, id, dir);
	CHECK(exists(dir));
	recording_dir(f->files, 424242, stray);
	CHECK(mkdir(stray, 0700) == 0);
	CHECK(recording_process_pending(f->db, s, &done) == 0);
	CHECK(done == 0);
	CHECK(!exists(dir));
	CHECK(!exists(stray));
}

/* The server's converter: woken by recording_end, it converts on its own thread. */
static void
service(struct fixture *f, struct recording_settings *s)
{
	char			 dir[RECORDING_PATH_MAX], path[RECORDING_PATH_MAX + 64];
	struct db_recording	 r = { 0 };
	int64_t			 id;

	CHECK(recording_service_start(s, f->db_path) == 0);
	CHECK(recording_begin(f->db, f->files, f->meeting, 0, "Хост", &id) == 0);
	recording_dir(f->files, id, dir);
	snprintf(path, sizeof(path), "%s/p1-audio-0.mjr", dir);
	CHECK(generate("audio", path));
	CHECK(recording_end(f->db, id) == 0);
	for (int i = 0; i < 400; i++) {		/* 40 s at most, on a loaded machine */
		struct timespec	ts = { 0, 100 * 1000 * 1000 };

		r = get(f, id);
		if (strcmp(r.status, "processing") != 0)
			break;
		nanosleep(&ts, NULL);
	}
	CHECK_STR(r.status, "ready");
	CHECK(count_files(f, id) == 1);
	CHECK(!exists(dir));
	/* a recording the service finds `recording` at its start was ended by a crash */
	CHECK(recording_begin(f->db, f->files, f->meeting, 0, "Хост", &id) == 0);
	recording_service_stop();
	CHECK(recording_service_start(s, f->db_path) == 0);
	recording_service_stop();
	r = get(f, id);
	CHECK(strcmp(r.status, "recording") != 0 && r.ended_at != NULL);
}

void
test_recording(void)
{
	struct fixture			f;
	struct recording_settings	s;

	if (!setup(&f)) {
		CHECK(!"recording fixture");
		return;
	}
	s = (struct recording_settings){ f.files, PP_REC, 60, NULL };
	CHECK(access(PP_REC, X_OK) == 0);	/* janus-tools: tools/install-deps.sh test */
	CHECK(access(MJRGEN, X_OK) == 0);	/* make build/mjrgen */
	room_calls(&f, &s);
	slow_converter(&f, &s);
	leftovers(&f, &s);
	service(&f, &s);
	teardown(&f);
}
