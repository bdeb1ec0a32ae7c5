/*
 * Paths: the static-file check (http_path_safe) and the API route match
 * (http_route_match over the real table, as the service thread and workers
 * run it). A path judged safe never climbs out of the web root; a matched
 * route captures as many parameters as its pattern has. The input is a
 * path; a cookie header is read from the same bytes (http_cookie).
 */
#include <stdio.h>

#include "fuzz.h"
#include "../../src/api/api.h"

static size_t
braces(const char *pattern)
{
	size_t	n = 0;

	for (; *pattern != '\0'; pattern++)
		n += *pattern == '{';
	return n;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char			*path = fuzz_str(data, size);
	struct http_request	 req;
	char			 allow[128];

	if (http_path_safe(path)) {
		FUZZ_ASSERT(path[0] == '/');
		FUZZ_ASSERT(strstr(path, "/..") == NULL && strchr(path, '\\') == NULL);
	}
	for (enum http_method m = HTTP_GET; m <= HTTP_OPTIONS; m <<= 1) {
		memset(&req, 0, sizeof(req));
		arena_init(&req.arena);
		req.method = m;
		switch (http_route_match(api_routes, api_nroutes, &req, path)) {
		case HTTP_MATCH_OK:
			FUZZ_ASSERT(req.route != NULL);
			FUZZ_ASSERT(req.nparams == braces(req.route->pattern));
			for (size_t i = 0; i < req.nparams; i++)
				FUZZ_ASSERT(strchr(http_param(&req, i), '/') == NULL);
			break;
		case HTTP_MATCH_METHOD:
			http_route_allow(api_routes, api_nroutes, path, allow, sizeof(allow));
			FUZZ_ASSERT(allow[0] != '\0');
			break;
		case HTTP_MATCH_NONE:
			break;
		}
		arena_release(&req.arena);
	}
	memset(&req, 0, sizeof(req));
	arena_init(&req.arena);
	req.cookie = path;
	(void)http_cookie(&req, "pobratim_session");
	arena_release(&req.arena);
	free(path);
	return 0;
}
