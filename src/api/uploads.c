/*
 * uploads: what every upload handler shares. A picture is checked by its
 * type, measured by its decoder's header pass, decoded and re-encoded
 * (src/base/image.c); then, within the caller's quota (--upload-quota),
 * its files go to the content store and are recorded as the caller's
 * (src/db/uploads.c), so the quota counts what each user keeps.
 */
#include "api.h"

#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "../base/log.h"
#include "../base/store.h"

int
api_image_from_body(struct http_request *req, struct image_processed *out)
{
	const char		*body = req->body.p ? req->body.p : "";
	const struct image_type	*t = image_type_by_mime(req->content_type);

	if (t == NULL) {
		api_problem(req, 415, "unsupported_media_type",
		    "send a PNG, JPEG or WebP image as image/png, image/jpeg or image/webp");
		return -1;
	}
	if (!image_magic_ok(t, body, req->body.len)) {
		api_problem(req, 415, "type_mismatch", "the bytes are not an image of the type sent");
		return -1;
	}
	switch (image_process(&req->arena, t, body, req->body.len, out)) {
	case IMAGE_OK:
		return 0;
	case IMAGE_TOO_LARGE:
		api_problem(req, 413, "too_many_pixels",
		    "the picture has more than 25 million pixels");
		return -1;
	case IMAGE_TOO_COMPLEX:
		api_problem(req, 413, "image_too_complex",
		    "the picture needs more memory or time to decode than a picture may");
		return -1;
	case IMAGE_UNSUPPORTED:
		api_problem(req, 415, "unsupported_media_type",
		    "animated pictures are not taken; send a single picture");
		return -1;
	default:
		api_problem(req, 400, "image_unreadable", "the picture cannot be read");
		return -1;
	}
}

/* "1.5 MB" for a detail */
static const char *
megabytes(struct http_request *req, int64_t bytes)
{
	return arena_printf(&req->arena, "%.1f MB", (double)bytes / 1e6);
}

int
api_quota_check(struct http_request *req, int64_t bytes)
{
	int64_t	quota = api_settings(req)->upload_quota, used = 0, left;

	if (quota <= 0)
		return 0;
	if (db_upload_usage(api_db(req), api_caller(req)->user.id, &used) != DB_OK) {
		api_reply_db_error(req, "reading the upload quota");
		return -1;
	}
	if (used + bytes <= quota)
		return 0;
	left = used < quota ? quota - used : 0;
	api_problem_with(req, 413, "quota_exceeded", arena_printf(&req->arena,
	    "the upload needs %s; %s of your %s remain (removed files are freed by the next sweep)",
	    megabytes(req, bytes), megabytes(req, left), megabytes(req, quota)),
	    json_pack("{s:I, s:I, s:I, s:I}", "quota", (json_int_t)quota, "used", (json_int_t)used,
	    "remaining", (json_int_t)left, "needed", (json_int_t)bytes));
	return -1;
}

int
api_store_file(struct http_request *req, const char *name, const void *data, size_t len)
{
	const char	*dir = api_settings(req)->files_dir;

	if (store_put(dir, name, data, len) == -1) {
		log_err("request %s: cannot store '%s/%s': %s", req->id, dir, name, strerror(errno));
		api_problem(req, 500, "internal", "the file could not be stored");
		return -1;
	}
	if (db_upload_record(api_db(req), api_caller(req)->user.id, name, (int64_t)len) != DB_OK) {
		api_reply_db_error(req, "recording an upload");
		return -1;
	}
	return 0;
}

int
api_store_image(struct http_request *req, const struct image_processed *p, bool with_thumb,
    struct image_stored *out)
{
	size_t	bytes = p->original.len + (with_thumb ? p->thumb.len : 0);

	if (api_quota_check(req, (int64_t)bytes) == -1)
		return -1;
	image_names(&req->arena, p, with_thumb, out);
	if (api_store_file(req, out->file, p->original.data, p->original.len) == -1)
		return -1;
	return with_thumb ? api_store_file(req, out->thumb, p->thumb.data, p->thumb.len) : 0;
}
