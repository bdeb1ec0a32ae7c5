/*
 * Query parameters as handlers read them: the input is a query string
 * ("limit=5&cursor=...&q=..."), split the way lws hands it over, then
 * api_require_page (limit and the opaque keyset cursor) and
 * api_query_folded (search text). A cursor the server made must decode to
 * the same numbers.
 */
#include <stdio.h>

#include "fuzz.h"
#include "../../src/api/api.h"

static void
load(struct http_request *req, char *q)
{
	for (char *tok = strtok(q, "&"); tok != NULL && req->nquery < HTTP_MAX_QUERY;
	    tok = strtok(NULL, "&")) {
		char	*eq = strchr(tok, '=');

		if (eq != NULL)
			*eq = '\0';
		req->query[req->nquery].key = tok;
		req->query[req->nquery].value = eq ? eq + 1 : "";
		req->nquery++;
	}
}

static void
request_init(struct http_request *req)
{
	memset(req, 0, sizeof(*req));
	arena_init(&req->arena);
	buf_init(&req->reply, 1024 * 1024);
	req->method = HTTP_GET;
	req->path = "/api/v1/cities";
}

static void
request_free(struct http_request *req)
{
	arena_release(&req->arena);
	buf_release(&req->reply);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char			*q = fuzz_str(data, size);
	struct http_request	 req, again;
	struct api_page		 page;

	request_init(&req);
	load(&req, q);
	if (api_require_page(&req, &page) == 0) {
		FUZZ_ASSERT(page.limit >= 1 && page.limit <= 200);
		FUZZ_ASSERT(page.a >= 0 && page.b >= 0);
		FUZZ_ASSERT(req.status == 0);
		/* round trip: the cursor we would hand out decodes to (a, b) */
		json_t		*p = api_page_json(json_array(), true, page.a, page.b);
		struct api_page	 back;

		request_init(&again);
		again.query[0].key = "cursor";
		again.query[0].value = json_string_value(json_object_get(p, "next_cursor"));
		again.nquery = 1;
		FUZZ_ASSERT(api_require_page(&again, &back) == 0);
		FUZZ_ASSERT(back.a == page.a && back.b == page.b);
		json_decref(p);
		request_free(&again);
	} else {
		FUZZ_ASSERT(req.status == 400);
		FUZZ_ASSERT(req.reply.len > 0);
	}
	for (size_t i = 0; i < req.nquery; i++) {
		const char *f = api_query_folded(&req, req.query[i].key);

		/* the first value of a repeated key is the one read */
		FUZZ_ASSERT(f == NULL || (f[0] != ' ' && f[0] != '\0' &&
		    strlen(f) <= strlen(http_query(&req, req.query[i].key))));
	}
	request_free(&req);
	free(q);
	return 0;
}
