/*
 * The OpenAPI document and the route table agree: every route is documented
 * with its method, and its x-roles say exactly who the table lets in.
 */
#include <stdlib.h>

#include "../harness.h"
#include "../../../src/api/api.h"

static const char *
path_of(char *out, size_t len, const char *pattern)
{
	snprintf(out, len, "%s", pattern);
	return out;
}

static void
lower_method(char *out, const char *m)
{
	for (; *m != '\0'; m++)
		*out++ = (char)(*m >= 'A' && *m <= 'Z' ? *m + 32 : *m);
	*out = '\0';
}

static bool
same_set(json_t *a, json_t *b)
{
	size_t	 i, j;
	json_t	*x, *y;

	if (!json_is_array(a) || json_array_size(a) != json_array_size(b))
		return false;
	json_array_foreach(a, i, x) {
		bool found = false;

		json_array_foreach(b, j, y)
			found |= json_equal(x, y);
		if (!found)
			return false;
	}
	return true;
}

void
test_openapi(void)
{
	json_error_t	 e;
	json_t		*doc = json_load_file("docs/api/openapi.json", 0, &e), *paths;
	char		 path[128], method[16];

	CHECK(doc != NULL);
	if (doc == NULL) {
		fprintf(stderr, "docs/api/openapi.json: %s\n", e.text);
		return;
	}
	CHECK_STR(json_string_value(json_object_get(doc, "openapi")), "3.1.0");
	paths = json_object_get(doc, "paths");
	for (size_t i = 0; i < api_nroutes; i++) {
		const struct http_route *r = &api_routes[i];
		json_t	*op, *want;

		lower_method(method, http_method_name(r->method));
		op = json_object_get(json_object_get(paths, path_of(path, sizeof(path), r->pattern)),
		    method);
		if (op == NULL) {
			unit_failed++;
			fprintf(stderr, "FAIL openapi: %s %s is not documented\n",
			    http_method_name(r->method), r->pattern);
			continue;
		}
		want = api_roles_json(r->roles);
		if (same_set(json_object_get(op, "x-roles"), want))
			unit_passed++;
		else {
			char *got = json_dumps(json_object_get(op, "x-roles"), 0);
			char *exp = json_dumps(want, 0);

			unit_failed++;
			fprintf(stderr, "FAIL openapi: %s %s x-roles %s, route table says %s\n",
			    http_method_name(r->method), r->pattern, got ? got : "none", exp);
			free(got);
			free(exp);
		}
		json_decref(want);
	}
	json_decref(doc);
}
