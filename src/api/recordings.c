/*
 * recordings: a meeting's recordings as its page shows them, their tracks
 * served for playing and downloading (with byte ranges: a player seeks),
 * and their removal. Who may see a recording is who may see its meeting,
 * asked of the database at every request, tracks included; the host
 * organization's staff and admins remove them. The recordings themselves
 * are made by the room and src/media/recording.c.
 */
#include "api.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../base/log.h"
#include "../base/text.h"
#include "../media/recording.h"

/* The meeting of a recording, if the caller may see it; -1 after replying 404/500. */
static int
require_meeting(struct http_request *req, int64_t meeting_id, struct db_meeting *m)
{
	struct db_meeting_scope	sc = meeting_scope(req);
	int			rc = db_meeting_get(api_db(req), &req->arena, meeting_id, &sc, m);

	if (rc == DB_NOTFOUND)
		api_problem(req, 404, "not_found", "no such meeting");
	else if (rc != DB_OK)
		api_reply_db_error(req, "reading a meeting");
	return rc == DB_OK ? 0 : -1;
}

/* Recording {id} and its meeting, seen by the caller; -1 after replying 404/500. */
static int
require_recording(struct http_request *req, struct db_recording *r, struct db_meeting *m)
{
	int64_t	id;
	int	rc;

	if (api_require_id(req, 0, &id) == -1)
		return -1;
	rc = db_recording_get(api_db(req), &req->arena, id, r);
	if (rc == DB_NOTFOUND) {
		api_problem(req, 404, "not_found", "no such recording");
		return -1;
	}
	if (rc != DB_OK) {
		api_reply_db_error(req, "reading a recording");
		return -1;
	}
	if (require_meeting(req, r->meeting_id, m) == -1) {
		if (req->status == 404)	/* not the meeting's: the recording's */
			api_problem(req, 404, "not_found", "no such recording");
		return -1;
	}
	return 0;
}

/* Milliseconds from a to b (text_time strings); -1 when either is missing. */
static json_int_t
span_ms(const char *a, const char *b)
{
	time_t	ta, tb;

	if (a == NULL || b == NULL || text_time_parse(a, &ta) == -1 ||
	    text_time_parse(b, &tb) == -1 || tb < ta)
		return -1;
	return (json_int_t)(tb - ta) * 1000;
}

static json_t *
participant_json(const struct db_recording_file *f)
{
	if (f->who.name == NULL)
		return json_null();
	return json_pack("{s:o, s:s, s:s?, s:s?, s:s?}",
	    "user_id", f->who.user_id > 0 ? json_integer(f->who.user_id) : json_null(),
	    "name", f->who.name, "city_ru", f->who.city_ru, "city_en", f->who.city_en,
	    "country", f->who.country);
}

static json_t *
file_json(struct http_request *req, const struct db_recording_file *f)
{
	return json_pack("{s:I, s:s, s:s, s:s, s:I, s:I, s:s?, s:o, s:s}",
	    "id", (json_int_t)f->id, "kind", f->kind, "codec", f->codec, "mime", f->mime,
	    "bytes", (json_int_t)f->bytes, "duration_ms", (json_int_t)f->duration_ms,
	    "first_frame_at", f->first_frame_at, "participant", participant_json(f),
	    "url", arena_printf(&req->arena, API_PREFIX "/recordings/%lld/files/%lld",
	    (long long)f->recording_id, (long long)f->id));
}

/* A recording lasts at least as long as its longest track (an imported one's start and stop are one moment). */
static void
at_least(json_t *rec, int64_t track_ms)
{
	json_t	*length = json_object_get(rec, "length_ms");

	if (json_is_integer(length) && json_integer_value(length) < track_ms)
		json_integer_set(length, track_ms);
}

static json_t *
recording_json(const struct db_recording *r)
{
	json_int_t	length = span_ms(r->started_at, r->ended_at);

	return json_pack("{s:I, s:I, s:s, s:s?, s:s, s:s?, s:o, s:{s:o, s:s}, s:[]}",
	    "id", (json_int_t)r->id, "meeting_id", (json_int_t)r->meeting_id,
	    "status", r->status, "error", r->error, "started_at", r->started_at,
	    "ended_at", r->ended_at, "length_ms", length >= 0 ? json_integer(length) : json_null(),
	    "started_by", "id", r->started_by > 0 ? json_integer(r->started_by) : json_null(),
	    "name", r->started_by_name, "files");
}

int
api_recordings_list(struct http_request *req)
{
	struct db_meeting		 m;
	struct db_recording		*r = NULL;
	struct db_recording_file	*f = NULL;
	size_t				 n = 0, nf = 0, j = 0;
	int64_t				 id;
	json_t				*items;

	if (api_require_id(req, 0, &id) == -1 || require_meeting(req, id, &m) == -1)
		return -1;
	if (db_recording_list(api_db(req), &req->arena, id, &r, &n) != DB_OK ||
	    db_recording_files(api_db(req), &req->arena, id, &f, &nf) != DB_OK) {
		api_reply_db_error(req, "listing recordings");
		return -1;
	}
	items = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t	*rec = recording_json(&r[i]), *files = json_object_get(rec, "files");

		for (j = 0; j < nf; j++)
			if (f[j].recording_id == r[i].id) {
				json_array_append_new(files, file_json(req, &f[j]));
				at_least(rec, f[j].duration_ms);
			}
		json_array_append_new(items, rec);
	}
	api_reply_json(req, 200, json_pack("{s:o, s:b}", "items", items,
	    "can_delete", meeting_can_manage(req, &m)));
	return 0;
}

/* The stored file of a track, open; -1 after replying. */
static int
open_track(struct http_request *req, const struct db_recording_file *f, int64_t *size)
{
	const char	*path = arena_printf(&req->arena, "%s/%s", api_settings(req)->files_dir,
			    f->file);
	struct stat	 st;
	int		 fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd == -1 || fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		log_err("request %s: cannot open the recorded track '%s': %s", req->id, path,
		    strerror(errno));
		if (fd != -1)
			close(fd);
		api_problem(req, 500, "internal", "the stored file is missing");
		return -1;
	}
	*size = st.st_size;
	return fd;
}

int
api_recording_file_get(struct http_request *req)
{
	struct db_recording		 r;
	struct db_recording_file	 f;
	struct db_meeting		 m;
	const char			*etag, *ext;
	int64_t				 fid, size;
	int				 fd, rc;

	if (require_recording(req, &r, &m) == -1 || api_require_id(req, 1, &fid) == -1)
		return -1;
	rc = db_recording_file_get(api_db(req), &req->arena, r.id, fid, &f);
	if (rc == DB_NOTFOUND) {
		api_problem(req, 404, "not_found", "no such track of this recording");
		return -1;
	}
	if (rc != DB_OK) {
		api_reply_db_error(req, "reading a recorded track");
		return -1;
	}
	/* the name is the content's hash: the same name, the same bytes */
	etag = arena_printf(&req->arena, "\"%.64s\"", f.file);
	http_header(req, "etag", etag);
	http_header(req, "cache-control", "private, no-cache");
	if (req->if_none_match != NULL && strcmp(req->if_none_match, etag) == 0) {
		http_reply_empty(req, 304);
		return 0;
	}
	if ((fd = open_track(req, &f, &size)) == -1)
		return -1;
	ext = strchr(f.file, '.') != NULL ? strchr(f.file, '.') + 1 : "bin";
	http_header(req, "content-disposition", arena_printf(&req->arena,
	    "inline; filename=\"recording-%lld-%lld-%s.%s\"", (long long)r.id, (long long)f.id,
	    f.kind, ext));
	http_reply_file(req, f.mime, fd, size);
	return 0;
}

int
api_recording_delete(struct http_request *req)
{
	struct db_recording	r;
	struct db_meeting	m;
	int			rc;

	if (require_recording(req, &r, &m) == -1)
		return -1;
	if (!meeting_can_manage(req, &m)) {
		api_problem(req, 403, "forbidden", "only the meeting's hosts remove its recordings");
		return -1;
	}
	if (strcmp(r.status, "recording") == 0) {
		api_problem(req, 409, "recording_in_progress", "stop the recording first");
		return -1;
	}
	rc = db_recording_delete(api_db(req), r.id);
	if (rc != DB_OK && rc != DB_NOTFOUND) {
		api_reply_db_error(req, "deleting a recording");
		return -1;
	}
	/* a converter at work on it removes its directory itself when it sees it gone */
	(void)recording_discard(api_settings(req)->files_dir, r.id);
	log_info("request %s: recording %lld of meeting %lld removed by user %lld", req->id,
	    (long long)r.id, (long long)r.meeting_id, (long long)api_caller(req)->user.id);
	http_reply_empty(req, 204);
	return 0;
}
