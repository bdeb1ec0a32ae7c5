/*
 * json_write: the compact text of a jansson value, byte for byte what
 * json_dumps(v, JSON_COMPACT | JSON_REAL_PRECISION(12)) gives, written
 * into a struct buf.
 *
 * Why not json_dumps: jansson 2.14 guards every array and object it dumps
 * against cycles with a hash table keyed by the container's address
 * printed with snprintf("%p"), inserted and deleted around it, and hands
 * each token to a callback. A search reply (11 KB, 140 small objects) took
 * 210 us; a third of a list route's time was its dump (docs/performance.md).
 * Our trees are built by the handler and never cyclic; depth is bounded
 * here instead (JSON_WRITE_DEPTH), which also ends a cycle.
 *
 * tests/unit/json/write_test.c and tests/fuzz/json_write.c compare every
 * output with json_dumps'.
 */
#include "json.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "../base/buf.h"
#include "../base/text.h"

#define REAL_PRECISION	12	/* JSON_REAL_PRECISION(12), as the API replies */

/* "\n" for the escapes JSON names, "\u001f" for the other control characters. */
static int
write_escape(struct buf *out, unsigned char c)
{
	static const char	hex[] = "0123456789ABCDEF";
	char			e[7] = { '\\', 0 };
	size_t			n = 2;

	switch (c) {
	case '"':	e[1] = '"'; break;
	case '\\':	e[1] = '\\'; break;
	case '\b':	e[1] = 'b'; break;
	case '\f':	e[1] = 'f'; break;
	case '\n':	e[1] = 'n'; break;
	case '\r':	e[1] = 'r'; break;
	case '\t':	e[1] = 't'; break;
	default:
		memcpy(e + 1, "u00", 3);
		e[4] = hex[c >> 4];
		e[5] = hex[c & 15];
		n = 6;
	}
	return buf_append(out, e, n);
}

/* s[0..n) quoted: runs that need no escape are copied whole. -1 for invalid UTF-8. */
static int
write_string(struct buf *out, const char *s, size_t n)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 run = 0, i = 0, len;

	if (buf_append(out, "\"", 1) == -1)
		return -1;
	while (i < n) {
		if (p[i] >= 0x20 && p[i] != '"' && p[i] != '\\' && p[i] < 0x80) {
			i++;
			continue;
		}
		if (p[i] >= 0x80) {
			if ((len = text_utf8_len(p + i, n - i)) == 0)
				return -1;
			i += len;
			continue;
		}
		if (buf_append(out, s + run, i - run) == -1 || write_escape(out, p[i]) == -1)
			return -1;
		run = ++i;
	}
	return buf_append(out, s + run, n - run) == -1 ? -1 : buf_append(out, "\"", 1);
}

/*
 * "%.12g", with ".0" when that reads as an integer, and the exponent
 * without '+' or leading zeros ("1e20", "1e-5"), as jansson's dtostr.
 */
static int
write_real(struct buf *out, double v)
{
	char	t[40], *e, *digits, *nz;
	int	n;

	if (!isfinite(v))
		return -1;
	n = snprintf(t, sizeof(t) - 3, "%.*g", REAL_PRECISION, v);
	if (n < 0 || (size_t)n >= sizeof(t) - 3)
		return -1;
	if (strchr(t, '.') == NULL && strchr(t, 'e') == NULL) {
		memcpy(t + n, ".0", 3);
		n += 2;
	}
	if ((e = strchr(t, 'e')) != NULL) {
		digits = e + 1;
		if (*digits == '-')
			digits++;
		for (nz = e + 2; *nz == '0'; nz++)
			;
		if (nz != digits) {
			memmove(digits, nz, strlen(nz) + 1);
			n = (int)strlen(t);
		}
	}
	return buf_append(out, t, (size_t)n);
}

static int	write_value(struct buf *, const json_t *, int);

static int
write_object(struct buf *out, const json_t *o, int depth)
{
	const char	*key;
	json_t		*v;
	bool		 first = true;

	if (buf_append(out, "{", 1) == -1)
		return -1;
	json_object_foreach((json_t *)o, key, v) {
		if ((!first && buf_append(out, ",", 1) == -1) ||
		    write_string(out, key, strlen(key)) == -1 || buf_append(out, ":", 1) == -1 ||
		    write_value(out, v, depth + 1) == -1)
			return -1;
		first = false;
	}
	return buf_append(out, "}", 1);
}

static int
write_array(struct buf *out, const json_t *a, int depth)
{
	size_t	 i;
	json_t	*v;

	if (buf_append(out, "[", 1) == -1)
		return -1;
	json_array_foreach(a, i, v)
		if ((i > 0 && buf_append(out, ",", 1) == -1) || write_value(out, v, depth + 1) == -1)
			return -1;
	return buf_append(out, "]", 1);
}

static int
write_value(struct buf *out, const json_t *v, int depth)
{
	char	t[24];
	int	n;

	if (depth > JSON_WRITE_DEPTH)
		return -1;
	switch (json_typeof(v)) {
	case JSON_OBJECT:
		return write_object(out, v, depth);
	case JSON_ARRAY:
		return write_array(out, v, depth);
	case JSON_STRING:
		return write_string(out, json_string_value(v), json_string_length(v));
	case JSON_INTEGER:
		n = snprintf(t, sizeof(t), "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		return buf_append(out, t, (size_t)n);
	case JSON_REAL:
		return write_real(out, json_real_value(v));
	case JSON_TRUE:
		return buf_append(out, "true", 4);
	case JSON_FALSE:
		return buf_append(out, "false", 5);
	case JSON_NULL:
		return buf_append(out, "null", 4);
	}
	return -1;
}

int
json_write(struct buf *out, const json_t *v)
{
	size_t	len = out->len;

	if (v == NULL || write_value(out, v, 0) == -1) {
		out->len = len;	/* nothing of it stays */
		if (out->p != NULL)
			out->p[len] = '\0';
		return -1;
	}
	return 0;
}

