/*
 * static: the web UI's files, served from the web root on a worker thread.
 * Paths without a file extension that name no file get index.html, so the
 * client-side router owns them. Hashed assets are cached for a year.
 */
#include "http_internal.h"


#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define STATIC_MAX	(64u * 1024 * 1024)

static bool
has_extension(const char *path)
{
	const char	*slash = strrchr(path, '/');

	return strchr(slash ? slash : path, '.') != NULL;
}

static int
read_file(struct http_request *req, const char *file, const struct stat *st)
{
	int	fd = open(file, O_RDONLY | O_CLOEXEC);
	char	chunk[16384];
	ssize_t	n;

	if (fd == -1)
		return -1;
	buf_reset(&req->reply);
	req->reply.max = (size_t)st->st_size > STATIC_MAX ? STATIC_MAX : (size_t)st->st_size;
	while ((n = read(fd, chunk, sizeof(chunk))) > 0)
		if (buf_append(&req->reply, chunk, (size_t)n) == -1) {
			n = -1;
			break;
		}
	close(fd);
	return n == 0 ? 0 : -1;
}

static const char *
cache_control(const char *path, const char *file)
{
	if (strncmp(path, "/assets/", 8) == 0)
		return "public, max-age=31536000, immutable";
	if (strstr(file, "index.html") != NULL)
		return "no-cache";
	return "public, max-age=3600";
}

void
static_serve(struct http_request *req, const char *root,
    void (*reply_error)(struct http_request *, int, const char *, const char *))
{
	struct stat	 st;
	const char	*file, *etag;

	if (root == NULL || !http_path_safe(req->path)) {
		reply_error(req, 404, "not_found", "no such file");
		return;
	}
	file = arena_printf(&req->arena, "%s%s%s", root, req->path,
	    req->path[strlen(req->path) - 1] == '/' ? "index.html" : "");
	if (stat(file, &st) == -1 || !S_ISREG(st.st_mode)) {
		if (has_extension(req->path)) {
			reply_error(req, 404, "not_found", "no such file");
			return;
		}
		file = arena_printf(&req->arena, "%s/index.html", root);
		if (stat(file, &st) == -1 || !S_ISREG(st.st_mode)) {
			reply_error(req, 404, "not_found", "the web UI is not built");
			return;
		}
	}
	if (req->method != HTTP_GET && req->method != HTTP_HEAD) {
		http_header(req, "allow", "GET, HEAD");
		reply_error(req, 405, "method_not_allowed", "static files are read-only");
		return;
	}
	etag = arena_printf(&req->arena, "W/\"%llx-%llx\"", (unsigned long long)st.st_size,
	    (unsigned long long)st.st_mtime);
	http_header(req, "etag", etag);
	http_header(req, "cache-control", cache_control(req->path, file));
	if (req->if_none_match != NULL && strcmp(req->if_none_match, etag) == 0) {
		http_reply_empty(req, 304);
		return;
	}
	if (read_file(req, file, &st) == -1) {
		reply_error(req, 500, "internal", "cannot read file");
		return;
	}
	req->status = 200;
	req->reply_type = http_mime_type(file);
}
