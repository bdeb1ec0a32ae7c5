#include "../harness.h"
#include "../../../src/http/http.h"

static int	handler(struct http_request *req) { (void)req; return 0; }

static const struct http_route routes[] = {
	{ HTTP_GET, "/health", handler, 1, 0, false },
	{ HTTP_GET, "/users", handler, 1, 0, false },
	{ HTTP_POST, "/users", handler, 1, 0, false },
	{ HTTP_GET, "/users/{id}", handler, 1, 0, false },
	{ HTTP_DELETE, "/users/{id}", handler, 1, 0, false },
	{ HTTP_GET, "/meetings/{id}/agenda/{item}", handler, 1, 0, false },
	{ HTTP_GET, "/feeds/{token}.ics", handler, 1, 0, false },
	{ HTTP_GET, "/feeds/{token}", handler, 1, 0, false },
};
#define N	(sizeof(routes) / sizeof(routes[0]))

static enum http_match
match(enum http_method m, const char *path, struct http_request *req)
{
	memset(req, 0, sizeof(*req));
	arena_init(&req->arena);
	req->method = m;
	return http_route_match(routes, N, req, path);
}

/* Range headers (RFC 9110 14.1.2), for a file of 1000 bytes */
static void
test_range(void)
{
	static const struct {
		const char	*h;
		int64_t		 size;
		enum http_range	 want;
		int64_t		 from, len;
	} cases[] = {
		{ "bytes=0-99", 1000, HTTP_RANGE_OK, 0, 100 },
		{ "bytes=0-0", 1000, HTTP_RANGE_OK, 0, 1 },
		{ "bytes=500-", 1000, HTTP_RANGE_OK, 500, 500 },
		{ "bytes=999-", 1000, HTTP_RANGE_OK, 999, 1 },
		{ "bytes=-10", 1000, HTTP_RANGE_OK, 990, 10 },
		{ "bytes=-5000", 1000, HTTP_RANGE_OK, 0, 1000 },	/* more than there is: all */
		{ "bytes=900-5000", 1000, HTTP_RANGE_OK, 900, 100 },	/* cut at the end */
		{ "BYTES= 1-2 ", 1000, HTTP_RANGE_OK, 1, 2 },
		{ "bytes=1000-", 1000, HTTP_RANGE_UNSATISFIABLE, 0, 0 },
		{ "bytes=2000-3000", 1000, HTTP_RANGE_UNSATISFIABLE, 0, 0 },
		{ "bytes=-0", 1000, HTTP_RANGE_UNSATISFIABLE, 0, 0 },
		{ "bytes=0-", 0, HTTP_RANGE_UNSATISFIABLE, 0, 0 },
		{ "bytes=-1", 0, HTTP_RANGE_UNSATISFIABLE, 0, 0 },
		/* ignored: the whole file */
		{ NULL, 1000, HTTP_RANGE_NONE, 0, 0 },
		{ "", 1000, HTTP_RANGE_NONE, 0, 0 },
		{ "bytes=", 1000, HTTP_RANGE_NONE, 0, 0 },
		{ "bytes=-", 1000, HTTP_RANGE_NONE, 0, 0 },
		{ "bytes=5-1", 1000, HTTP_RANGE_NONE, 0, 0 },
		{ "bytes=0-1,3-4", 1000, HTTP_RANGE_NONE, 0, 0 },
		{ "bytes=a-1", 1000, HTTP_RANGE_NONE, 0, 0 },
		{ "bytes=1-b", 1000, HTTP_RANGE_NONE, 0, 0 },
		{ "bytes=+1-2", 1000, HTTP_RANGE_NONE, 0, 0 },
		{ "bytes=1 -2", 1000, HTTP_RANGE_NONE, 0, 0 },
		{ "items=0-1", 1000, HTTP_RANGE_NONE, 0, 0 },
		{ "bytes=9999999999999999999-", 1000, HTTP_RANGE_NONE, 0, 0 },	/* overflow */
		{ "bytes=--1", 1000, HTTP_RANGE_NONE, 0, 0 },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int64_t		from = -1, len = -1;
		enum http_range	got = http_range_parse(cases[i].h, cases[i].size, &from, &len);

		CHECK(got == cases[i].want);
		if (got != cases[i].want)
			fprintf(stderr, "  range '%s': %d\n", cases[i].h ? cases[i].h : "(null)", got);
		if (got == HTTP_RANGE_OK)
			CHECK(from == cases[i].from && len == cases[i].len);
	}
}

void
test_router(void)
{
	struct http_request	req;
	char			allow[64];

	CHECK(match(HTTP_GET, "/health", &req) == HTTP_MATCH_OK && req.route == &routes[0]);
	arena_release(&req.arena);
	CHECK(match(HTTP_HEAD, "/health", &req) == HTTP_MATCH_OK);
	arena_release(&req.arena);
	CHECK(match(HTTP_GET, "/users/42", &req) == HTTP_MATCH_OK && req.nparams == 1);
	CHECK_STR(http_param(&req, 0), "42");
	CHECK(http_param(&req, 1) == NULL);
	arena_release(&req.arena);
	CHECK(match(HTTP_GET, "/meetings/7/agenda/3", &req) == HTTP_MATCH_OK && req.nparams == 2);
	CHECK_STR(http_param(&req, 1), "3");
	arena_release(&req.arena);
	/* a capture before a literal suffix */
	CHECK(match(HTTP_GET, "/feeds/abc.ics", &req) == HTTP_MATCH_OK && req.route == &routes[6]);
	CHECK_STR(http_param(&req, 0), "abc");
	arena_release(&req.arena);
	CHECK(match(HTTP_GET, "/feeds/.ics", &req) == HTTP_MATCH_OK && req.route == &routes[7]);
	CHECK_STR(http_param(&req, 0), ".ics");	/* nothing before the suffix: not the .ics route */
	arena_release(&req.arena);
	CHECK(match(HTTP_GET, "/feeds/abc.ic", &req) == HTTP_MATCH_OK && req.route == &routes[7]);
	arena_release(&req.arena);
	CHECK(match(HTTP_PUT, "/users/42", &req) == HTTP_MATCH_METHOD);
	CHECK(match(HTTP_GET, "/users/", &req) == HTTP_MATCH_NONE);
	CHECK(match(HTTP_GET, "/users/42/x", &req) == HTTP_MATCH_NONE);
	CHECK(match(HTTP_GET, "/nope", &req) == HTTP_MATCH_NONE);
	CHECK(match(HTTP_GET, "/healthz", &req) == HTTP_MATCH_NONE);
	http_route_allow(routes, N, "/users/9", allow, sizeof(allow));
	CHECK_STR(allow, "GET, DELETE");

	req.cookie = "a=1; pobratim_session=tok; b=2";
	CHECK_STR(http_cookie(&req, "pobratim_session"), "tok");
	CHECK(http_cookie(&req, "pobratim") == NULL);
	req.cookie = "xpobratim_session=evil";
	CHECK(http_cookie(&req, "pobratim_session") == NULL);
	arena_release(&req.arena);

	CHECK(http_path_safe("/assets/app.js"));
	CHECK(http_path_safe("/"));
	CHECK(!http_path_safe("/../etc/passwd"));
	CHECK(!http_path_safe("/assets/../../x"));
	CHECK(!http_path_safe("/.env"));
	CHECK(!http_path_safe("relative"));
	CHECK_STR(http_mime_type("/assets/a.js"), "text/javascript; charset=utf-8");
	CHECK_STR(http_mime_type("/index.html"), "text/html; charset=utf-8");
	CHECK_STR(http_mime_type("/x.unknown"), "application/octet-stream");
	CHECK_STR(http_mime_type("/dir.d/file"), "application/octet-stream");

	CHECK(http_accepts_gzip("gzip, deflate, br, zstd"));
	CHECK(http_accepts_gzip("br;q=1.0, GZIP;q=0.5"));
	CHECK(http_accepts_gzip(" deflate , gzip "));
	CHECK(!http_accepts_gzip("gzip;q=0"));
	CHECK(!http_accepts_gzip("gzip; q=0.0, br"));
	CHECK(!http_accepts_gzip("x-gzip2, identity"));
	CHECK(!http_accepts_gzip("br"));
	CHECK(!http_accepts_gzip(""));
	CHECK(!http_accepts_gzip(NULL));

	/* the access log's path: runs long enough to be a token are redacted */
	{
		struct arena	 la = ARENA_INIT;
		const char	*tok = "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-abcde";	/* 43 */

		CHECK_STR(http_log_path(&la, "/api/v1/meetings/12/room"), "/api/v1/meetings/12/room");
		CHECK_STR(http_log_path(&la, arena_printf(&la, "/api/v1/calendar/%s.ics", tok)),
		    "/api/v1/calendar/[redacted].ics");
		CHECK_STR(http_log_path(&la, arena_printf(&la, "/guest/%s/x/%s", tok, tok)),
		    "/guest/[redacted]/x/[redacted]");
		CHECK_STR(http_log_path(&la, "/assets/index-BxY3k9_a.js"), "/assets/index-BxY3k9_a.js");
		CHECK_STR(http_log_path(&la, "/a/0123456789012345678901234567890"),
		    "/a/0123456789012345678901234567890");	/* 31: kept */
		CHECK_STR(http_log_path(&la, "/a/01234567890123456789012345678901"),
		    "/a/[redacted]");				/* 32 */
		CHECK_STR(http_log_path(&la, ""), "");
		arena_release(&la);
	}
	test_range();
}
