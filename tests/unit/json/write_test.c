/*
 * json_write against jansson's json_dumps(JSON_COMPACT | JSON_REAL_PRECISION(12)):
 * the same text for every value, named cases and many random trees; and
 * its refusals (ceiling, depth) leave the buffer as it was.
 */
#include <stdlib.h>

#include "../harness.h"
#include "../../../src/base/buf.h"
#include "../../../src/json/json.h"

#define FLAGS	(JSON_COMPACT | JSON_REAL_PRECISION(12))

/* Whether json_write gives json_dumps' text for v (which it frees); prints both when not. */
static int
same_as_jansson(json_t *v)
{
	struct buf	 b = BUF_INIT(1u << 24);
	char		*want = json_dumps(v, FLAGS | JSON_ENCODE_ANY);
	int		 ok = json_write(&b, v) == 0 && want != NULL && b.p != NULL &&
			    strcmp(b.p, want) == 0;

	if (!ok)
		fprintf(stderr, "json_write: \"%s\", json_dumps: \"%s\"\n", b.p ? b.p : "(none)",
		    want ? want : "(none)");
	free(want);
	buf_release(&b);
	json_decref(v);
	return ok;
}

static const double	reals[] = {
	0.0, -0.0, 1.0, -1.5, 0.1, 1e20, 1e-5, 1.5e-300, 123456789012345.0, 3.14159265358979,
	1e100, -2.5e-7, 100.0, 1e12, 1e11, 0.000123, 6.02214076e23, 5e-324, 1.7976931348623157e308,
};

static const char *const strings[] = {
	"", "plain", "quote \" and \\ backslash", "/slash/", "tab\there\nline\r\b\f",
	"\x01\x1f\x7f", "Москва · Düsseldorf · 重庆", "emoji 😀", "\xe2\x80\xa8 line separator",
	"<script>&amp;</script>",
};

static void
named_cases(void)
{
	json_t	*o = json_object();

	for (size_t i = 0; i < sizeof(reals) / sizeof(reals[0]); i++)
		CHECK(same_as_jansson(json_pack("[f]", reals[i])));
	for (size_t i = 0; i < sizeof(strings) / sizeof(strings[0]); i++)
		CHECK(same_as_jansson(json_pack("{s:s}", strings[i], strings[i])));
	CHECK(same_as_jansson(json_pack("[I, I, I, b, b, n]", (json_int_t)0, (json_int_t)INT64_MAX,
	    (json_int_t)INT64_MIN, 1, 0)));
	CHECK(same_as_jansson(json_stringn("a\0b", 3)));	/* a NUL inside */
	CHECK(same_as_jansson(json_pack("{s:{}, s:[]}", "empty", "list")));
	/* keys in the order they were set, as jansson keeps them */
	json_object_set_new(o, "z", json_integer(1));
	json_object_set_new(o, "a", json_integer(2));
	json_object_set_new(o, "m", json_integer(3));
	CHECK(same_as_jansson(o));
}

/* A random value of at most `depth` levels: every kind, strings of every kind of byte. */
static json_t *
random_value(unsigned *seed, int depth)
{
	int	kind = rand_r(seed) % (depth > 0 ? 9 : 7);
	char	s[16];
	size_t	n;

	switch (kind) {
	case 0:
		return json_null();
	case 1:
		return json_boolean(rand_r(seed) & 1);
	case 2:
		return json_integer((json_int_t)rand_r(seed) * (rand_r(seed) & 1 ? -1 : 1) *
		    (json_int_t)rand_r(seed));
	case 3:
		return json_real(((double)rand_r(seed) - RAND_MAX / 2) /
		    (double)(1 + rand_r(seed) % 100000) * (rand_r(seed) & 1 ? 1e-9 : 1e9));
	case 4:
	case 5:
	case 6:
		n = (size_t)(rand_r(seed) % (int)sizeof(s));
		for (size_t i = 0; i < n; i++)	/* ASCII with controls, or a Cyrillic letter's bytes */
			s[i] = (char)(rand_r(seed) % 128);
		if (kind == 6 && n >= 2)
			memcpy(s + n - 2, "\xd0\x96", 2);
		return json_stringn(s, n);
	case 7: {
		json_t	*a = json_array();

		for (int i = rand_r(seed) % 5; i > 0; i--)
			json_array_append_new(a, random_value(seed, depth - 1));
		return a;
	}
	default: {
		json_t	*o = json_object();

		for (int i = rand_r(seed) % 5; i > 0; i--) {
			snprintf(s, sizeof(s), "k\t%d\"", rand_r(seed) % 50);
			json_object_set_new(o, s, random_value(seed, depth - 1));
		}
		return o;
	}
	}
}

static void
random_trees(void)
{
	unsigned	seed = 20261207;
	int		bad = 0;

	for (int i = 0; i < 3000; i++) {
		json_t	*v = random_value(&seed, 4);

		if (v != NULL && !same_as_jansson(v))
			bad++;
	}
	CHECK(bad == 0);
}

static void
refusals(void)
{
	struct buf	 b = BUF_INIT(8);
	json_t		*deep = json_array(), *v = deep;
	json_t		*big = json_pack("{s:s}", "long", "more than eight bytes");

	CHECK(buf_append(&b, "ab", 2) == 0);
	CHECK(json_write(&b, big) == -1);
	json_decref(big);
	CHECK_STR(b.p, "ab");	/* the ceiling: nothing of it stays */
	buf_release(&b);
	buf_init(&b, 1u << 20);
	for (int i = 0; i < JSON_WRITE_DEPTH + 1; i++) {
		json_t	*inner = json_array();

		json_array_append_new(v, inner);
		v = inner;
	}
	CHECK(json_write(&b, deep) == -1);
	CHECK(b.len == 0);
	CHECK(json_write(&b, NULL) == -1);
	buf_release(&b);
	json_decref(deep);
}

void
test_json_write(void)
{
	named_cases();
	random_trees();
	refusals();
}
