#include "../harness.h"
#include "../../../src/base/text.h"

static const struct {
	const char	*in, *out;
} folds[] = {
	{ "Harbin", "harbin" },
	{ "Харбин", "харбин" },
	{ "ХАР", "хар" },
	{ "Düsseldorf", "dusseldorf" },
	{ "Montréal", "montreal" },
	{ "Łódź", "lodz" },
	{ "Ёлки", "елки" },
	{ "Ростов-на-Дону", "ростов на дону" },
	{ "Straße", "strase" },
	{ "重庆", "重庆" },
	{ "", "" },
	{ "\xc0\xae\xc0\xae", "\xc0\xae\xc0\xae" },	/* overlong dots stay bytes */
};

/* UTF-8 sequences and what text_utf8_len makes of them */
static const struct {
	const char	*s;
	size_t		 n, len;
} utf8[] = {
	{ "a", 1, 1 }, { "\xd0\x96", 2, 2 }, { "\xe9\x87\x8d", 3, 3 }, { "\xf0\x9f\x98\x80", 4, 4 },
	{ "\xf4\x8f\xbf\xbf", 4, 4 },	/* U+10FFFF */
	{ "\xc0\x80", 2, 0 }, { "\xe0\x80\x80", 3, 0 }, { "\xf0\x80\x80\x80", 4, 0 },	/* overlong */
	{ "\xed\xa0\x80", 3, 0 },	/* a surrogate */
	{ "\xf4\x90\x80\x80", 4, 0 },	/* above U+10FFFF */
	{ "\xd0\x96", 1, 0 }, { "\xe9\x87", 2, 0 },	/* cut short */
	{ "\x80", 1, 0 }, { "\xd0" "a", 2, 0 }, { "\xff", 1, 0 },
};

void
test_text(void)
{
	char	out[64];
	time_t	t;
	int64_t	v;

	for (size_t i = 0; i < sizeof(folds) / sizeof(folds[0]); i++) {
		text_fold(folds[i].in, out);
		CHECK_STR(out, folds[i].out);
	}
	for (size_t i = 0; i < sizeof(utf8) / sizeof(utf8[0]); i++)
		CHECK(text_utf8_len((const unsigned char *)utf8[i].s, utf8[i].n) == utf8[i].len);
	text_time(0, out);
	CHECK_STR(out, "1970-01-01T00:00:00Z");
	CHECK(text_time_parse("2023-06-30T12:00:05Z", &t) == 0 && t == 1688126405);
	CHECK(text_time_parse("2020-06-23", &t) == 0 && t == 1592870400);
	CHECK(text_time_parse("2020-13-01", &t) == -1);
	CHECK(text_time_parse("2020-06-23T10:00:00", &t) == -1);
	CHECK(text_time_parse("2020-06-23T10:00:00Zjunk", &t) == -1);
	CHECK(text_int("42", 1, 100, &v) == 0 && v == 42);
	CHECK(text_int("0", 1, 100, &v) == -1);
	CHECK(text_int("101", 1, 100, &v) == -1);
	CHECK(text_int("4x", 1, 100, &v) == -1);
	CHECK(text_int("", 1, 100, &v) == -1);
	CHECK(text_int(" 5", 1, 100, &v) == -1);
	CHECK(text_int("99999999999999999999", 1, INT64_MAX, &v) == -1);
	CHECK(text_digits("2024-03-15", 4) == 2024);
	CHECK(text_digits("2024-03-15" + 5, 2) == 3);
	CHECK(text_digits("20a4", 4) == -1);
	CHECK(text_digits("-1", 2) == -1);
	CHECK(text_digits("128/", 3) == 128);	/* no NUL needed after them */
	CHECK(text_digits("", 0) == 0);
}
