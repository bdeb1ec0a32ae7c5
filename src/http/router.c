/*
 * router: matching a path against the route table, and the request/reply
 * helpers handlers use. Pure functions over struct http_request: no lws here,
 * so the unit tests reach all of it.
 */
#include "http.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

static const struct {
	enum http_method	 m;
	const char		*name;
} methods[] = {
	{ HTTP_GET, "GET" }, { HTTP_POST, "POST" }, { HTTP_PUT, "PUT" },
	{ HTTP_PATCH, "PATCH" }, { HTTP_DELETE, "DELETE" }, { HTTP_HEAD, "HEAD" },
	{ HTTP_OPTIONS, "OPTIONS" },
};

const char *
http_method_name(enum http_method m)
{
	for (size_t i = 0; i < sizeof(methods) / sizeof(methods[0]); i++)
		if (methods[i].m == m)
			return methods[i].name;
	return "?";
}

/*
 * Walks pattern and path segment by segment. Captures "{...}" segments (and
 * "{...}.ext", the capture before a literal suffix) into params (pointers into a scratch copy owned by the arena when req != NULL).
 */
static bool
pattern_match(const char *pattern, const char *path, struct http_request *req)
{
	size_t	np = 0;

	for (;;) {
		const char	*pe = strchr(pattern, '/');
		const char	*se = strchr(path, '/');
		size_t		 pl = pe ? (size_t)(pe - pattern) : strlen(pattern);
		size_t		 sl = se ? (size_t)(se - path) : strlen(path);

		if ((pe == NULL) != (se == NULL))
			return false;
		const char	*close = pl > 1 && pattern[0] == '{' ?
				    memchr(pattern, '}', pl) : NULL;

		if (close != NULL) {
			/* "{id}" or "{id}.ics": a capture, then a literal suffix */
			size_t	xl = pl - (size_t)(close + 1 - pattern);

			if (sl <= xl || np == HTTP_MAX_PARAMS ||
			    memcmp(path + sl - xl, close + 1, xl) != 0)
				return false;
			if (req != NULL)
				req->params[np] = arena_strndup(&req->arena, path, sl - xl);
			np++;
		} else if (pl != sl || memcmp(pattern, path, pl) != 0)
			return false;
		if (pe == NULL) {
			if (req != NULL)
				req->nparams = np;
			return true;
		}
		pattern = pe + 1;
		path = se + 1;
	}
}

enum http_match
http_route_match(const struct http_route *routes, size_t n, struct http_request *req,
    const char *path)
{
	bool	path_known = false;
	enum http_method m = req->method == HTTP_HEAD ? HTTP_GET : req->method;

	for (size_t i = 0; i < n; i++) {
		const char	*pat = routes[i].pattern;

		/* most routes differ in the first letter: skip them before walking */
		if (pat[1] != path[1] && pat[1] != '{')
			continue;
		if (!pattern_match(pat, path, NULL))
			continue;
		path_known = true;
		if (routes[i].method == m) {
			pattern_match(routes[i].pattern, path, req);
			req->route = &routes[i];
			return HTTP_MATCH_OK;
		}
	}
	return path_known ? HTTP_MATCH_METHOD : HTTP_MATCH_NONE;
}

void
http_route_allow(const struct http_route *routes, size_t n, const char *path, char *buf,
    size_t len)
{
	size_t	used = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < n && used < len; i++) {
		if (!pattern_match(routes[i].pattern, path, NULL))
			continue;
		used += (size_t)snprintf(buf + used, len - used, "%s%s", used ? ", " : "",
		    http_method_name(routes[i].method));
	}
}

const char *
http_query(const struct http_request *req, const char *key)
{
	for (size_t i = 0; i < req->nquery; i++)
		if (strcmp(req->query[i].key, key) == 0)
			return req->query[i].value;
	return NULL;
}

const char *
http_param(const struct http_request *req, size_t i)
{
	return i < req->nparams ? req->params[i] : NULL;
}

const char *
http_cookie(struct http_request *req, const char *name)
{
	return http_cookie_in(&req->arena, req->cookie, name);
}

const char *
http_cookie_in(struct arena *a, const char *header, const char *name)
{
	size_t		 nl = strlen(name);
	const char	*p = header;

	while (p != NULL && *p != '\0') {
		const char	*end;

		while (*p == ' ' || *p == ';')
			p++;
		end = strchr(p, ';');
		if (end == NULL)
			end = p + strlen(p);
		if ((size_t)(end - p) > nl && strncmp(p, name, nl) == 0 && p[nl] == '=')
			return arena_strndup(a, p + nl + 1, (size_t)(end - p) - nl - 1);
		p = end;
	}
	return NULL;
}

void
http_header(struct http_request *req, const char *name, const char *value)
{
	if (req->nreply_headers == HTTP_MAX_HEADERS)
		return;
	req->reply_headers[req->nreply_headers].key = name;
	req->reply_headers[req->nreply_headers].value = value;
	req->nreply_headers++;
}

/* A reply replaced by another: the file it was to send is closed. */
static void
drop_file(struct http_request *req)
{
	if (req->reply_file)
		close(req->reply_fd);
	req->reply_file = false;
}

void
http_reply(struct http_request *req, int status, const char *type, const void *body,
    size_t len)
{
	struct buf	*out = http_reply_buf(req, status, type, len > req->reply.max ?
			    len : req->reply.max);

	if (buf_append(out, body, len) == -1)
		req->status = 500;
}

struct buf *
http_reply_buf(struct http_request *req, int status, const char *type, size_t max)
{
	drop_file(req);
	req->status = status;
	req->reply_type = type;
	req->reply_shared = NULL;
	buf_reset(&req->reply);
	req->reply.max = max;
	return &req->reply;
}

void
http_reply_shared(struct http_request *req, int status, const char *type, const void *body,
    size_t len)
{
	drop_file(req);
	req->status = status;
	req->reply_type = type;
	buf_reset(&req->reply);
	req->reply_shared = body;
	req->reply_shared_len = len;
}

/* Digits only, at most 18 of them (no overflow); -1 otherwise. */
static int64_t
range_number(const char *s, size_t n)
{
	int64_t	v = 0;

	if (n == 0 || n > 18)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

enum http_range
http_range_parse(const char *h, int64_t size, int64_t *from, int64_t *len)
{
	const char	*dash, *end;
	int64_t		 a, b;

	if (h == NULL || strncasecmp(h, "bytes=", 6) != 0)
		return HTTP_RANGE_NONE;
	h += 6;
	while (*h == ' ' || *h == '\t')
		h++;
	end = h + strlen(h);
	while (end > h && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	if ((dash = memchr(h, '-', (size_t)(end - h))) == NULL || memchr(h, ',', (size_t)(end - h)))
		return HTTP_RANGE_NONE;
	if (dash == h) {			/* the last N bytes */
		if ((b = range_number(dash + 1, (size_t)(end - dash - 1))) == -1)
			return HTTP_RANGE_NONE;
		if (b == 0 || size == 0)
			return HTTP_RANGE_UNSATISFIABLE;
		*len = b < size ? b : size;
		*from = size - *len;
		return HTTP_RANGE_OK;
	}
	if ((a = range_number(h, (size_t)(dash - h))) == -1)
		return HTTP_RANGE_NONE;
	b = dash + 1 == end ? size - 1 : range_number(dash + 1, (size_t)(end - dash - 1));
	if (b == -1 && dash + 1 != end)
		return HTTP_RANGE_NONE;
	if (dash + 1 != end && b < a)
		return HTTP_RANGE_NONE;		/* invalid: ignored, as RFC 9110 says */
	if (a >= size)
		return HTTP_RANGE_UNSATISFIABLE;
	if (b >= size)
		b = size - 1;
	*from = a;
	*len = b - a + 1;
	return HTTP_RANGE_OK;
}

void
http_reply_file(struct http_request *req, const char *type, int fd, int64_t size)
{
	int64_t	from = 0, len = size;

	http_reply(req, 200, type, "", 0);
	http_header(req, "accept-ranges", "bytes");
	switch (http_range_parse(req->range, size, &from, &len)) {
	case HTTP_RANGE_UNSATISFIABLE:
		close(fd);
		http_header(req, "content-range", arena_printf(&req->arena, "bytes */%lld",
		    (long long)size));
		req->status = 416;
		return;
	case HTTP_RANGE_OK:
		http_header(req, "content-range", arena_printf(&req->arena, "bytes %lld-%lld/%lld",
		    (long long)from, (long long)(from + len - 1), (long long)size));
		req->status = 206;
		break;
	case HTTP_RANGE_NONE:
		break;
	}
	req->reply_file = true;
	req->reply_fd = fd;
	req->reply_file_off = from;
	req->reply_file_len = len;
}

const char *
http_reply_body(const struct http_request *req, size_t *len)
{
	if (req->reply_file) {
		*len = (size_t)req->reply_file_len;
		return NULL;
	}
	if (req->reply_shared != NULL) {
		*len = req->reply_shared_len;
		return req->reply_shared;
	}
	*len = req->reply.len;
	return req->reply.p;
}

void
http_reply_empty(struct http_request *req, int status)
{
	http_reply(req, status, NULL, "", 0);
}

const char *
http_status_text(int status)
{
	switch (status) {
	case 200: return "OK";
	case 201: return "Created";
	case 204: return "No Content";
	case 304: return "Not Modified";
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 409: return "Conflict";
	case 413: return "Content Too Large";
	case 415: return "Unsupported Media Type";
	case 422: return "Unprocessable Content";
	case 429: return "Too Many Requests";
	case 500: return "Internal Server Error";
	case 503: return "Service Unavailable";
	default:  return "Error";
	}
}

static const struct {
	const char	*ext, *type;
} mime_types[] = {
	{ ".html", "text/html; charset=utf-8" },
	{ ".js", "text/javascript; charset=utf-8" },
	{ ".mjs", "text/javascript; charset=utf-8" },
	{ ".css", "text/css; charset=utf-8" },
	{ ".json", "application/json" },
	{ ".map", "application/json" },
	{ ".svg", "image/svg+xml" },
	{ ".png", "image/png" },
	{ ".jpg", "image/jpeg" },
	{ ".jpeg", "image/jpeg" },
	{ ".webp", "image/webp" },
	{ ".gif", "image/gif" },
	{ ".ico", "image/x-icon" },
	{ ".woff2", "font/woff2" },
	{ ".txt", "text/plain; charset=utf-8" },
	{ ".pdf", "application/pdf" },
	{ ".webmanifest", "application/manifest+json" },
};

const char *
http_mime_type(const char *path)
{
	const char	*dot = strrchr(path, '.');

	if (dot != NULL && strchr(dot, '/') == NULL)
		for (size_t i = 0; i < sizeof(mime_types) / sizeof(mime_types[0]); i++)
			if (strcmp(dot, mime_types[i].ext) == 0)
				return mime_types[i].type;
	return "application/octet-stream";
}

bool
http_path_safe(const char *path)
{
	if (path[0] != '/')
		return false;
	for (const char *p = path; *p != '\0'; p++) {
		if (*p == '\\')
			return false;
		if (p[0] == '/' && p[1] == '.')
			return false;	/* "/..", "/./" and hidden files */
	}
	return true;
}

static bool
token_char(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	    c == '-' || c == '_';
}

const char *
http_log_path(struct arena *a, const char *path)
{
	const char	*p = path, *run;
	char		*out = arena_alloc(a, strlen(path) + 1), *o = out;
	size_t		 n;

	while (*p != '\0') {
		for (run = p; token_char(*p); p++)
			;
		n = (size_t)(p - run);
		if (n >= HTTP_TOKEN_RUN) {
			/* "[redacted]" is 10 bytes, never more than the run it replaces */
			memcpy(o, "[redacted]", 10);
			o += 10;
		} else {
			memcpy(o, run, n);
			o += n;
		}
		if (*p != '\0')
			*o++ = *p++;
	}
	*o = '\0';
	return out;
}
