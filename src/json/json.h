/*
 * json: body validation over jansson, driven by a table per endpoint (janus'
 * request_parameters): type, required, bounds, allowed values. One validator,
 * many tables. Knows nothing of HTTP: the API layer turns the error list into
 * a problem+json reply.
 */
#ifndef JSON_JSON_H
#define JSON_JSON_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum jv_type {
	JV_STRING,	/* min/max: length in characters */
	JV_INT,		/* min/max: value */
	JV_BOOL,
	JV_ENUM,	/* one of values[] */
	JV_EMAIL,	/* a string with one '@' and a dot in the domain, max 254 */
	JV_ID,		/* a positive integer */
	JV_URL,		/* an http:// or https:// address with a host, max `max` */
	JV_ARRAY,	/* min/max: element count; elements checked by jv_check_items */
	JV_STRINGS,	/* an array of min..max strings of 1..64 characters, each one of
			   values[] when values is set */
	JV_OBJECT,	/* min/max: member count */
	JV_NUMBER,	/* an integer or a decimal; min/max: value */
};

#define JV_REQUIRED	(1u << 0)	/* must be present (not in partial mode) */
#define JV_NULLABLE	(1u << 1)	/* null is accepted */

struct jv_field {
	const char		*name;
	enum jv_type		 type;
	unsigned		 flags;
	int64_t			 min, max;
	const char *const	*values;	/* JV_ENUM, NULL-terminated */
};

/*
 * Parses a JSON object of at most `len` bytes. NULL when it is not valid
 * JSON or not an object; *err then says why (jansson's text, with position).
 */
json_t	*jv_parse_object(const char *text, size_t len, char *err, size_t errlen);

/*
 * Checks obj against fields. Unknown members are errors too. In partial mode
 * (PATCH) nothing is required, but at least one known member must be there.
 * Returns a new array of {"field","code","message"} (empty when valid).
 */
json_t	*jv_check(json_t *obj, const struct jv_field *fields, size_t n, bool partial);

/*
 * Checks every element of arr, which must be an object, against fields,
 * appending errors named "name[i].field" to errors (jv_check's form).
 */
void	jv_check_items(json_t *arr, const char *name, const struct jv_field *fields, size_t n,
	    json_t *errors);

/* Appends {"field","code","message"} to an error list of jv_check's form. */
void	jv_error_add(json_t *errors, const char *field, const char *code, const char *message);

/* obj[name] as a string, NULL when absent or null */
const char	*jv_str(json_t *obj, const char *name);

/*
 * json_write (write.c): appends the compact text of v to out, exactly as
 * json_dumps(v, JSON_COMPACT | JSON_REAL_PRECISION(12)) would give it, at a
 * tenth of its cost. -1 (out as it was) when out's ceiling is reached, a
 * string is not UTF-8, a real is not finite, or v is nested deeper than
 * JSON_WRITE_DEPTH.
 */
#define JSON_WRITE_DEPTH	2048
struct buf;
int		 json_write(struct buf *out, const json_t *v);

#endif
