/*
 * static: the web UI's files, served from the web root. Paths without a file
 * extension that name no file get index.html, so the client-side router owns
 * them. Hashed assets are cached for a year. A client that takes gzip gets
 * the compressed copy the build left beside a file (name.gz), as nginx's
 * gzip_static does.
 *
 * The first request for a path is answered on a worker, from the disk; its
 * reply is then kept in memory (an http_kept_table: files up to
 * STATIC_KEEP_FILE, STATIC_KEEP_ALL in all) and the next ones are answered
 * on the service thread itself (static_answer_now), with no hand-off to a
 * worker, as long as a stat() finds the file as it was.
 */
#include "http_internal.h"

#include <ctype.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../base/alloc.h"

#define STATIC_MAX		(64u * 1024 * 1024)
#define STATIC_KEEP_FILE	(8u * 1024 * 1024)	/* larger files are read each time */
#define STATIC_KEEP_ALL		(64u * 1024 * 1024)

/* What keeps a kept file true: the file sent, and the one it is the gzip'd copy of, unchanged. */
struct file_tag {
	struct timespec	 mtim[2];
	off_t		 size[2];
	size_t		 split;		/* file[0..split) is the original's path, the rest ".gz" or "" */
	char		 file[];
};

static struct http_kept		*slots[512];
static struct http_kept_table	 kept = HTTP_KEPT_TABLE(slots, STATIC_KEEP_FILE, STATIC_KEEP_ALL);

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

/* Whether Accept-Encoding names gzip with a weight above zero. */
bool
http_accepts_gzip(const char *accept)
{
	const char	*p = accept;

	while (p != NULL && *p != '\0') {
		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		size_t		 n = strcspn(p, ",;");
		const char	*end = p + strcspn(p, ",");

		while (n > 0 && isspace((unsigned char)p[n - 1]))
			n--;
		if (n == 4 && strncasecmp(p, "gzip", 4) == 0) {
			const char *q = memmem(p, (size_t)(end - p), "q=", 2);

			return q == NULL || strtod(q + 2, NULL) > 0;
		}
		p = *end == ',' ? end + 1 : end;
	}
	return false;
}

/*
 * The compressed copy to send instead of file, or NULL. Its presence is
 * announced (vary) whatever this client takes, for caches on the way.
 */
static const char *
gzip_copy(struct http_request *req, const char *file, struct stat *st)
{
	const char	*gz = arena_printf(&req->arena, "%s.gz", file);
	struct stat	 gst;

	if (stat(gz, &gst) == -1 || !S_ISREG(gst.st_mode) || gst.st_mtime < st->st_mtime)
		return NULL;
	http_header(req, "vary", "accept-encoding");
	if (!http_accepts_gzip(req->accept_encoding))
		return NULL;
	*st = gst;
	return gz;
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

/* The key of what a request for path is answered: the path, and whether gzip is taken. */
static const char *
kept_key(struct http_request *req)
{
	return arena_printf(&req->arena, "%s|%c", req->path,
	    http_accepts_gzip(req->accept_encoding) ? 'z' : '-');
}

static bool
same_file(const char *path, const struct timespec *mtim, off_t size)
{
	struct stat	st;

	return stat(path, &st) == 0 && st.st_size == size &&
	    st.st_mtim.tv_sec == mtim->tv_sec && st.st_mtim.tv_nsec == mtim->tv_nsec;
}

static bool
file_fresh(const void *p)
{
	const struct file_tag	*t = p;
	char			 original[PATH_MAX];

	if (t->split >= sizeof(original))
		return false;
	memcpy(original, t->file, t->split);
	original[t->split] = '\0';
	return same_file(t->file, &t->mtim[0], t->size[0]) &&
	    same_file(original, &t->mtim[1], t->size[1]);
}

/*
 * Keeps the reply just made of file (sent: it, or its gzip'd copy) for the
 * next requests, with the files as they were found before they were read: a
 * file rewritten meanwhile is then read again, never kept as newer than it is.
 */
static void
keep(struct http_request *req, size_t first_header, const char *file, const struct stat *fst,
    const char *sent, const struct stat *sst)
{
	size_t		 flen = strlen(file), slen = strlen(sent);
	struct file_tag	*t;

	if (req->method != HTTP_GET)
		return;
	t = xcalloc(1, sizeof(*t) + slen + 1);
	t->mtim[0] = sst->st_mtim;
	t->size[0] = sst->st_size;
	t->mtim[1] = fst->st_mtim;
	t->size[1] = fst->st_size;
	t->split = flen;
	memcpy(t->file, sent, slen + 1);
	http_kept_put(&kept, req, kept_key(req), first_header, t, sizeof(*t) + slen + 1);
	free(t);
}

bool
static_answer_now(struct http_request *req, const char *root)
{
	if (root == NULL || req->method != HTTP_GET || req->if_none_match != NULL)
		return false;	/* a 304 is the worker's: it compares the tag */
	return http_kept_serve(&kept, req, kept_key(req), file_fresh);
}

void
static_forget(void)
{
	http_kept_clear(&kept);
}

void
static_serve(struct http_request *req, const char *root,
    void (*reply_error)(struct http_request *, int, const char *, const char *))
{
	struct stat	 st, orig;
	const char	*file, *etag, *gz;
	size_t		 first = req->nreply_headers;

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
	orig = st;
	gz = gzip_copy(req, file, &st);
	etag = arena_printf(&req->arena, "W/\"%llx-%llx\"", (unsigned long long)st.st_size,
	    (unsigned long long)st.st_mtime);
	http_header(req, "etag", etag);
	http_header(req, "cache-control", cache_control(req->path, file));
	if (req->if_none_match != NULL && strcmp(req->if_none_match, etag) == 0) {
		http_reply_empty(req, 304);
		return;
	}
	if (read_file(req, gz != NULL ? gz : file, &st) == -1) {
		reply_error(req, 500, "internal", "cannot read file");
		return;
	}
	if (gz != NULL)
		http_header(req, "content-encoding", "gzip");
	req->status = 200;
	req->reply_type = http_mime_type(file);
	keep(req, first, file, &orig, gz != NULL ? gz : file, &st);
}
