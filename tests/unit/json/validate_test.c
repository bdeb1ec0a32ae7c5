#include "../harness.h"
#include "../../../src/json/json.h"

static const char *const kinds[] = { "sister", "partner", NULL };

static const struct jv_field fields[] = {
	{ "name", JV_STRING, JV_REQUIRED, 2, 5, NULL },
	{ "kind", JV_ENUM, JV_REQUIRED, 0, 0, kinds },
	{ "email", JV_EMAIL, 0, 0, 0, NULL },
	{ "count", JV_INT, JV_NULLABLE, 0, 10, NULL },
	{ "city_id", JV_ID, 0, 0, 0, NULL },
	{ "ok", JV_BOOL, 0, 0, 0, NULL },
	{ "site", JV_URL, JV_NULLABLE, 0, 40, NULL },
	{ "weight", JV_NUMBER, JV_NULLABLE, 0, 1000, NULL },
};
#define N	(sizeof(fields) / sizeof(fields[0]))

/* The codes of the errors, "field:code,field:code" */
static void
codes(const char *text, bool partial, char *out, size_t len)
{
	char	 err[128];
	json_t	*obj = jv_parse_object(text, strlen(text), err, sizeof(err)), *errors, *e;
	size_t	 i, used = 0;

	out[0] = '\0';
	if (obj == NULL) {
		snprintf(out, len, "parse");
		return;
	}
	errors = jv_check(obj, fields, N, partial);
	json_array_foreach(errors, i, e)
		used += (size_t)snprintf(out + used, len - used, "%s%s:%s", i ? "," : "",
		    json_string_value(json_object_get(e, "field")),
		    json_string_value(json_object_get(e, "code")));
	json_decref(errors);
	json_decref(obj);
}

void
test_validate(void)
{
	char	out[256];

	codes("{\"name\":\"Минск\",\"kind\":\"sister\"}", false, out, sizeof(out));
	CHECK_STR(out, "");	/* 5 characters, 10 bytes: length counts characters */
	codes("{\"name\":\"Минск!\",\"kind\":\"sister\"}", false, out, sizeof(out));
	CHECK_STR(out, "name:too_long");
	codes("{\"kind\":\"twin\"}", false, out, sizeof(out));
	CHECK_STR(out, "kind:not_allowed,name:required");
	codes("{\"name\":\"ab\",\"kind\":\"partner\",\"email\":\"a@b\",\"count\":11,\"x\":1}",
	    false, out, sizeof(out));
	CHECK_STR(out, "email:invalid_email,count:out_of_range,x:unknown_field");
	codes("{\"name\":\"ab\",\"kind\":\"partner\",\"count\":null,\"city_id\":0,\"ok\":1}",
	    false, out, sizeof(out));
	CHECK_STR(out, "city_id:out_of_range,ok:type");
	codes("{\"site\":\"nota url\"}", true, out, sizeof(out));
	CHECK_STR(out, "site:invalid_url");
	codes("{\"site\":\"https://\"}", true, out, sizeof(out));
	CHECK_STR(out, "site:invalid_url");
	codes("{\"site\":\"https://www.mos.ru/dvms\"}", true, out, sizeof(out));
	CHECK_STR(out, "");
	codes("{\"site\":null}", true, out, sizeof(out));
	CHECK_STR(out, "");
	codes("{\"name\":null}", true, out, sizeof(out));
	CHECK_STR(out, "name:required");
	codes("{}", true, out, sizeof(out));
	CHECK_STR(out, ":required");
	codes("{\"count\":3}", true, out, sizeof(out));
	CHECK_STR(out, "");
	codes("[1]", false, out, sizeof(out));
	CHECK_STR(out, "parse");
	codes("{\"name\":\"ab\",\"name\":\"cd\"}", false, out, sizeof(out));
	CHECK_STR(out, "parse");	/* duplicate keys are refused */
	codes("{\"name\":", false, out, sizeof(out));
	CHECK_STR(out, "parse");
	/* numbers: integers and decimals within the bounds */
	codes("{\"weight\":0.25}", true, out, sizeof(out));
	CHECK_STR(out, "");
	codes("{\"weight\":1000}", true, out, sizeof(out));
	CHECK_STR(out, "");
	codes("{\"weight\":1000.5}", true, out, sizeof(out));
	CHECK_STR(out, "weight:out_of_range");
	codes("{\"weight\":-0.1}", true, out, sizeof(out));
	CHECK_STR(out, "weight:out_of_range");
	codes("{\"weight\":\"5\"}", true, out, sizeof(out));
	CHECK_STR(out, "weight:type");
	codes("{\"weight\":null}", true, out, sizeof(out));
	CHECK_STR(out, "");
}

/* jv_check_items: element errors are named "list[i].field", whatever their length. */
void
test_validate_items(void)
{
	char	 err[128], longkey[400];
	size_t	 used = 0;
	json_t	*arr, *errors;

	const char *text = "{\"l\":[{\"name\":\"ab\",\"kind\":\"sister\"},5,{\"kind\":\"x\"}]}";

	arr = jv_parse_object(text, strlen(text), err, sizeof(err));
	CHECK(arr != NULL);
	errors = json_array();
	jv_check_items(json_object_get(arr, "l"), "participants", fields, N, errors);
	CHECK(json_array_size(errors) == 3);
	CHECK_STR(json_string_value(json_object_get(json_array_get(errors, 0), "field")),
	    "participants[1]");
	CHECK_STR(json_string_value(json_object_get(json_array_get(errors, 1), "field")),
	    "participants[2].kind");
	CHECK_STR(json_string_value(json_object_get(json_array_get(errors, 2), "field")),
	    "participants[2].name");
	json_decref(errors);
	json_decref(arr);

	/* an unknown member of 150 Cyrillic letters (300 bytes) keeps its whole name */
	used += (size_t)snprintf(longkey, sizeof(longkey), "[{\"");
	for (int i = 0; i < 150; i++)
		used += (size_t)snprintf(longkey + used, sizeof(longkey) - used, "ж");
	snprintf(longkey + used, sizeof(longkey) - used, "\":1}]");
	arr = json_loads(longkey, 0, NULL);
	CHECK(arr != NULL);
	errors = json_array();
	jv_check_items(arr, "items", fields, N, errors);
	CHECK(json_array_size(errors) == 3);	/* name and kind required, the member unknown */
	for (size_t i = 0; i < json_array_size(errors); i++) {
		const char *f = json_string_value(json_object_get(json_array_get(errors, i), "field"));

		CHECK(f != NULL && strncmp(f, "items[0].", 9) == 0);
		if (f != NULL && strcmp(json_string_value(json_object_get(json_array_get(errors, i),
		    "code")), "unknown_field") == 0)
			CHECK(strlen(f) == 9 + 300);
	}
	json_decref(errors);
	json_decref(arr);
}
