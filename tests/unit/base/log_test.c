#include "../harness.h"
#include "../../../src/base/log.h"

static const char *
esc(const char *in, size_t cap)
{
	static char	out[512];

	log_escape(in, strlen(in), out, cap);
	return out;
}

void
test_log(void)
{
	char	out[16];

	CHECK_STR(esc("plain text 'quoted'", 512), "plain text 'quoted'");
	CHECK_STR(esc("a\nb\rc\td\\e", 512), "a\\nb\\rc\\td\\\\e");
	CHECK_STR(esc("\x1b[31mred\x7f\x01", 512), "\\x1b[31mred\\x7f\\x01");
	CHECK_STR(esc("Москва ёж 東京 😀", 512), "Москва ёж 東京 😀");
	/* not UTF-8: each byte on its own */
	CHECK_STR(esc("\xff\xfe", 512), "\\xff\\xfe");
	CHECK_STR(esc("\xc3(", 512), "\\xc3(");
	CHECK_STR(esc("\xc0\xaf", 512), "\\xc0\\xaf");			/* overlong '/' */
	CHECK_STR(esc("\xe0\x80\xaf", 512), "\\xe0\\x80\\xaf");		/* overlong */
	CHECK_STR(esc("\xed\xa0\x80", 512), "\\xed\\xa0\\x80");		/* a surrogate */
	CHECK_STR(esc("\xf4\x90\x80\x80", 512), "\\xf4\\x90\\x80\\x80");	/* past U+10FFFF */
	CHECK_STR(esc("\xe2\x82", 512), "\\xe2\\x82");			/* cut short */
	/* characters terminals and viewers act on */
	CHECK_STR(esc("\xc2\x85\xc2\x9b", 512), "\\xc2\\x85\\xc2\\x9b");	/* NEL, CSI */
	CHECK_STR(esc("a\xe2\x80\xa8" "b\xe2\x80\xa9", 512), "a\\xe2\\x80\\xa8b\\xe2\\x80\\xa9");
	CHECK_STR(esc("\xe2\x80\xae" "abc\xe2\x81\xa6", 512), "\\xe2\\x80\\xaeabc\\xe2\\x81\\xa6");
	CHECK_STR(esc("\xc2\xa0\xe2\x80\x94", 512), "\xc2\xa0\xe2\x80\x94");	/* nbsp, em dash stay */
	/* cut whole: never half an escape or half a character */
	CHECK(log_escape("abc\n", 4, out, 5) == 3 && strcmp(out, "abc") == 0);
	CHECK(log_escape("ab\xd0\x96", 4, out, 4) == 2 && strcmp(out, "ab") == 0);
	CHECK(log_escape("ab\xd0\x96", 4, out, 5) == 4 && strcmp(out, "ab\xd0\x96") == 0);
	CHECK(log_escape("x", 1, out, 0) == 0);
	/* NUL inside the given length is a control byte */
	CHECK(log_escape("a\0b", 3, out, sizeof(out)) == 6 && strcmp(out, "a\\x00b") == 0);
}
