/*
 * files: images for bulletins. POST /files takes the raw body (PNG, JPEG or
 * WebP, checked by its first bytes, not only by Content-Type), re-encodes
 * it (uploads.c), stores it once under --files as <sha256>.<ext> within the
 * uploader's quota, and answers with the address that
 * Markdown can use; GET /files/{name} serves it to anyone, cached for good
 * (the name is the content's hash).
 */
#include "api.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../base/log.h"
#include "../base/image.h"
#include "../base/store.h"

int
api_file_upload(struct http_request *req)
{
	struct image_processed	p;
	struct image_stored	s;

	if (api_image_from_body(req, &p) == -1 || api_store_image(req, &p, false, &s) == -1)
		return -1;
	api_reply_json(req, 201, json_pack("{s:s#, s:s, s:s, s:I, s:i, s:i}", "sha256", s.file,
	    (size_t)64, "url", arena_printf(&req->arena, API_PREFIX "/files/%s", s.file),
	    "content_type", p.type->mime, "size", (json_int_t)p.original.len,
	    "width", p.original.width, "height", p.original.height));
	return 0;
}

/* "<64 hex>.<ext>" of a known type, or NULL. */
static const struct image_type *
type_of_name(const char *name)
{
	const char	*dot = strchr(name, '.');

	if (dot == NULL || dot - name != 64)
		return NULL;
	for (const char *p = name; p < dot; p++)
		if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
			return NULL;
	return image_type_by_ext(dot + 1);
}

int
api_reply_stored(struct http_request *req, const char *name, const char *mime,
    const char *cache_control)
{
	const char	*path = arena_printf(&req->arena, "%s/%s", api_settings(req)->files_dir, name);
	struct stat	 st;
	char		*data;
	FILE		*f;

	if ((f = fopen(path, "rb")) == NULL || fstat(fileno(f), &st) == -1 ||
	    st.st_size > (off_t)IMAGE_MAX_STORED) {
		if (f != NULL)
			fclose(f);
		api_problem(req, 404, "not_found", "no such file");
		return -1;
	}
	data = arena_alloc(&req->arena, (size_t)st.st_size + 1);
	if (fread(data, 1, (size_t)st.st_size, f) != (size_t)st.st_size) {
		fclose(f);
		api_problem(req, 500, "internal", "the file could not be read");
		return -1;
	}
	fclose(f);
	http_header(req, "cache-control", cache_control);
	http_reply(req, 200, mime, data, (size_t)st.st_size);
	return 0;
}

int
api_file_get(struct http_request *req)
{
	const char		*name = http_param(req, 0);
	const struct image_type	*t = type_of_name(name);

	if (t == NULL) {
		api_problem(req, 404, "not_found", "no such file");
		return -1;
	}
	return api_reply_stored(req, name, t->mime, API_CACHE_FOREVER);
}
