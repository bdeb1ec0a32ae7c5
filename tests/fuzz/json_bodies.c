/*
 * Every JSON body validator: the input is a request body, parsed as the API
 * parses it (jv_parse_object) and checked against every table in api_bodies[]
 * (src/api/routes.c), in full (POST) and partial (PATCH) mode; and every
 * array in it checked element by element (jv_check_items, as the handlers of
 * meetings, shipments and delegations check their lists) against every table.
 */
#include <stdio.h>

#include "fuzz.h"
#include "../../src/api/api.h"

/* Errors in jv_check's form; with prefix, each field is named "prefix[i]...". */
static void
assert_errors(json_t *errors, const char *prefix)
{
	FUZZ_ASSERT(json_is_array(errors));
	for (size_t k = 0; k < json_array_size(errors); k++) {
		json_t		*e = json_array_get(errors, k);
		const char	*field = json_string_value(json_object_get(e, "field"));

		FUZZ_ASSERT(field != NULL);
		FUZZ_ASSERT(json_is_string(json_object_get(e, "code")));
		FUZZ_ASSERT(prefix == NULL || (strncmp(field, prefix, strlen(prefix)) == 0 &&
		    (field[strlen(prefix)] == '[' || field[strlen(prefix)] == '\0')));
	}
}

/* Each array member of obj, its elements checked against every table. */
static void
check_arrays(json_t *obj)
{
	const char	*name;
	json_t		*v;

	json_object_foreach(obj, name, v) {
		if (!json_is_array(v))
			continue;
		for (size_t i = 0; i < api_nbodies; i++) {
			json_t	*errors = json_array();

			jv_check_items(v, name, api_bodies[i]->fields, api_bodies[i]->n, errors);
			assert_errors(errors, name);
			json_decref(errors);
		}
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	 err[200];
	char	*text = fuzz_str(data, size);
	json_t	*obj = jv_parse_object(text, size, err, sizeof(err));

	if (obj == NULL) {
		json_t	*detail = json_string(err);	/* NULL unless valid UTF-8 */

		FUZZ_ASSERT(strlen(err) > 0 && detail != NULL);
		json_decref(detail);
		free(text);
		return 0;
	}
	for (size_t i = 0; i < api_nbodies; i++)
		for (int partial = 0; partial < 2; partial++) {
			const struct api_body *b = api_bodies[i];
			json_t	*errors = jv_check(obj, b->fields, b->n, partial);

			assert_errors(errors, NULL);
			/* a valid body's required strings are there */
			if (json_array_size(errors) == 0 && !partial)
				for (size_t f = 0; f < b->n; f++)
					FUZZ_ASSERT(!(b->fields[f].flags & JV_REQUIRED) ||
					    json_object_get(obj, b->fields[f].name) != NULL);
			json_decref(errors);
		}
	check_arrays(obj);
	json_decref(obj);
	free(text);
	return 0;
}
