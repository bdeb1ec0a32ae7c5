#include "json.h"

#include <stdio.h>
#include <string.h>

json_t *
jv_parse_object(const char *text, size_t len, char *err, size_t errlen)
{
	json_error_t	 e;
	json_t		*v = json_loadb(text, len, JSON_REJECT_DUPLICATES, &e);

	if (v == NULL) {
		snprintf(err, errlen, "%s (line %d, column %d)", e.text, e.line, e.column);
		/* jansson quotes the input near the error, maybe cut inside a UTF-8
		 * sequence, and a reply must be valid UTF-8: keep ASCII only */
		for (char *p = err; *p != '\0'; p++)
			if ((unsigned char)*p >= 0x80)
				*p = '?';
		return NULL;
	}
	if (!json_is_object(v)) {
		snprintf(err, errlen, "the body must be a JSON object");
		json_decref(v);
		return NULL;
	}
	return v;
}

void
jv_error_add(json_t *errors, const char *field, const char *code, const char *message)
{
	json_array_append_new(errors, json_pack("{s:s, s:s, s:s}", "field", field,
	    "code", code, "message", message));
}

static size_t
utf8_chars(const char *s)
{
	size_t	n = 0;

	for (; *s != '\0'; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

static bool
email_ok(const char *s)
{
	const char	*at = strchr(s, '@');

	return at != NULL && at != s && strchr(at + 1, '@') == NULL &&
	    strchr(at + 1, '.') != NULL && at[1] != '.' && s[strlen(s) - 1] != '.' &&
	    strlen(s) <= 254 && strpbrk(s, " \t\r\n<>,;") == NULL;
}

static bool
url_ok(const char *s)
{
	const char	*host = strncmp(s, "https://", 8) == 0 ? s + 8 :
			    strncmp(s, "http://", 7) == 0 ? s + 7 : NULL;

	return host != NULL && host[0] != '\0' && host[0] != '/' && host[0] != '.' &&
	    strpbrk(s, " \t\r\n<>\"") == NULL;
}

static void
check_string(const struct jv_field *f, json_t *v, json_t *errors)
{
	const char	*s = json_string_value(v);
	size_t		 n = utf8_chars(s);
	char		 msg[96];

	if (f->min > 0 && (int64_t)n < f->min) {
		snprintf(msg, sizeof(msg), "must be at least %lld characters", (long long)f->min);
		jv_error_add(errors, f->name, n == 0 ? "required" : "too_short", msg);
	} else if (f->max > 0 && (int64_t)n > f->max) {
		snprintf(msg, sizeof(msg), "must be at most %lld characters", (long long)f->max);
		jv_error_add(errors, f->name, "too_long", msg);
	}
}

static void
check_enum(const struct jv_field *f, json_t *v, json_t *errors)
{
	const char	*s = json_string_value(v);

	for (const char *const *p = f->values; *p != NULL; p++)
		if (strcmp(*p, s) == 0)
			return;
	jv_error_add(errors, f->name, "not_allowed", "is not one of the allowed values");
}

static void
check_strings(const struct jv_field *f, json_t *v, json_t *errors)
{
	struct jv_field	 item = { f->name, JV_STRING, 0, 1, 64, NULL };
	size_t		 i;
	json_t		*x;

	if (!json_is_array(v)) {
		jv_error_add(errors, f->name, "type", "must be an array of strings");
		return;
	}
	if ((int64_t)json_array_size(v) < f->min || (int64_t)json_array_size(v) > f->max) {
		jv_error_add(errors, f->name, "out_of_range", "has too few or too many items");
		return;
	}
	json_array_foreach(v, i, x) {
		if (!json_is_string(x)) {
			jv_error_add(errors, f->name, "type", "must be an array of strings");
			return;
		}
		if (f->values != NULL) {
			item.values = f->values;
			check_enum(&item, x, errors);
		} else
			check_string(&item, x, errors);
	}
}

static void
check_one(const struct jv_field *f, json_t *v, json_t *errors)
{
	switch (f->type) {
	case JV_STRING:
	case JV_ENUM:
	case JV_EMAIL:
	case JV_URL:
		if (!json_is_string(v)) {
			jv_error_add(errors, f->name, "type", "must be a string");
			return;
		}
		if (f->type == JV_STRING)
			check_string(f, v, errors);
		else if (f->type == JV_ENUM)
			check_enum(f, v, errors);
		else if (f->type == JV_EMAIL && !email_ok(json_string_value(v)))
			jv_error_add(errors, f->name, "invalid_email", "is not an email address");
		else if (f->type == JV_URL && !url_ok(json_string_value(v)))
			jv_error_add(errors, f->name, "invalid_url", "is not an http or https address");
		else if (f->type == JV_URL)
			check_string(f, v, errors);
		return;
	case JV_INT:
	case JV_ID:
		if (!json_is_integer(v)) {
			jv_error_add(errors, f->name, "type", "must be an integer");
			return;
		}
		if (f->type == JV_ID ? json_integer_value(v) < 1 :
		    json_integer_value(v) < f->min || json_integer_value(v) > f->max)
			jv_error_add(errors, f->name, "out_of_range", "is out of range");
		return;
	case JV_NUMBER:
		if (!json_is_number(v)) {
			jv_error_add(errors, f->name, "type", "must be a number");
			return;
		}
		if (json_number_value(v) < (double)f->min || json_number_value(v) > (double)f->max)
			jv_error_add(errors, f->name, "out_of_range", "is out of range");
		return;
	case JV_STRINGS:
		check_strings(f, v, errors);
		return;
	case JV_BOOL:
		if (!json_is_boolean(v))
			jv_error_add(errors, f->name, "type", "must be true or false");
		return;
	case JV_ARRAY:
		if (!json_is_array(v))
			jv_error_add(errors, f->name, "type", "must be an array");
		else if ((int64_t)json_array_size(v) < f->min)
			jv_error_add(errors, f->name, json_array_size(v) == 0 ? "required" : "too_short",
			    "has too few elements");
		else if ((int64_t)json_array_size(v) > f->max)
			jv_error_add(errors, f->name, "too_long", "has too many elements");
		return;
	case JV_OBJECT:
		if (!json_is_object(v))
			jv_error_add(errors, f->name, "type", "must be an object");
		else if ((int64_t)json_object_size(v) < f->min)
			jv_error_add(errors, f->name, "too_short", "has too few members");
		else if ((int64_t)json_object_size(v) > f->max)
			jv_error_add(errors, f->name, "too_long", "has too many members");
		return;
	}
}

static const struct jv_field *
find(const struct jv_field *fields, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(fields[i].name, name) == 0)
			return &fields[i];
	return NULL;
}

json_t *
jv_check(json_t *obj, const struct jv_field *fields, size_t n, bool partial)
{
	json_t		*errors = json_array(), *v;
	const char	*key;
	size_t		 known = 0;

	json_object_foreach(obj, key, v) {
		const struct jv_field *f = find(fields, n, key);

		if (f == NULL) {
			jv_error_add(errors, key, "unknown_field", "is not a field of this resource");
			continue;
		}
		known++;
		if (json_is_null(v)) {
			if (!(f->flags & JV_NULLABLE))
				jv_error_add(errors, key, f->flags & JV_REQUIRED ? "required" : "type",
				    "must not be null");
			continue;
		}
		check_one(f, v, errors);
	}
	for (size_t i = 0; i < n && !partial; i++)
		if ((fields[i].flags & JV_REQUIRED) && json_object_get(obj, fields[i].name) == NULL)
			jv_error_add(errors, fields[i].name, "required", "is required");
	if (partial && known == 0 && json_array_size(errors) == 0)
		jv_error_add(errors, "", "required", "no field to change");
	return errors;
}

void
jv_check_items(json_t *arr, const char *name, const struct jv_field *fields, size_t n,
    json_t *errors)
{
	json_t	*item, *e, *one, *field;
	size_t	 i, j;

	/* field names are built whole, however long (a cut could split UTF-8) */
	json_array_foreach(arr, i, item) {
		if (!json_is_object(item)) {
			field = json_sprintf("%s[%zu]", name, i);
			jv_error_add(errors, json_string_value(field), "type", "must be an object");
			json_decref(field);
			continue;
		}
		one = jv_check(item, fields, n, false);
		json_array_foreach(one, j, e) {
			json_object_set_new(e, "field", json_sprintf("%s[%zu].%s", name, i,
			    json_string_value(json_object_get(e, "field"))));
			json_array_append(errors, e);
		}
		json_decref(one);
	}
}

const char *
jv_str(json_t *obj, const char *name)
{
	return json_string_value(json_object_get(obj, name));
}
