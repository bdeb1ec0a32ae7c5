#include "text.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Base letters of U+0100..U+017F (Latin Extended-A), in code point order. */
static const char latin_ext_a[] =
	"aaaaaa" "cccccccc" "dddd" "eeeeeeeeee" "gggggggg" "hhhh" "iiiiiiiiii"
	"ii" "jj" "kkk" "llllllllll" "nnnnnnnnn" "oooooo" "oo" "rrrrrr"
	"ssssssss" "tttttt" "uuuuuuuuuuuu" "ww" "yyy" "zzzzzz" "s";
_Static_assert(sizeof(latin_ext_a) == 128 + 1, "one letter per code point");

/* Base letters of U+00C0..U+00FF; '*' keeps the character (×, ÷). */
static const char latin_1[] =
	"aaaaaaaceeeeiiii" "dnooooo*ouuuuyts"
	"aaaaaaaceeeeiiii" "dnooooo*ouuuuyty";
_Static_assert(sizeof(latin_1) == 64 + 1, "one letter per code point");

static size_t
decode(const unsigned char *s, unsigned *cp)
{
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if ((s[0] & 0xe0) == 0xc0 && (s[1] & 0xc0) == 0x80 && s[0] >= 0xc2) {
		*cp = ((unsigned)(s[0] & 0x1f) << 6) | (s[1] & 0x3f);
		return 2;	/* 0xc0, 0xc1 would be overlong: copied, not folded */
	}
	*cp = 0xfffd;	/* longer or invalid sequences are copied, not folded */
	return 0;
}

static char *
put2(char *o, unsigned cp)
{
	*o++ = (char)(0xc0 | (cp >> 6));
	*o++ = (char)(0x80 | (cp & 0x3f));
	return o;
}

void
text_fold(const char *in, char *out)
{
	const unsigned char	*s = (const unsigned char *)in;
	char			*o = out;
	unsigned		 cp;
	size_t			 n;

	while (*s != '\0') {
		n = decode(s, &cp);
		if (n == 0) {
			*o++ = (char)*s++;
			continue;
		}
		s += n;
		if (cp < 0x80) {
			if (cp >= 'A' && cp <= 'Z')
				*o++ = (char)(cp + 32);
			else if (strchr("-'.,()/\"_", (int)cp) != NULL)
				*o++ = ' ';
			else
				*o++ = (char)cp;
		} else if (cp >= 0xc0 && cp <= 0xff && latin_1[cp - 0xc0] != '*')
			*o++ = latin_1[cp - 0xc0];
		else if (cp >= 0x100 && cp <= 0x17f)
			*o++ = latin_ext_a[cp - 0x100];
		else if (cp >= 0x410 && cp <= 0x42f)
			o = put2(o, cp + 0x20);			/* А-Я */
		else if (cp == 0x401 || cp == 0x451)
			o = put2(o, 0x435);			/* Ё, ё -> е */
		else if (cp >= 0x400 && cp <= 0x40f)
			o = put2(o, cp + 0x50);			/* Ђ..Џ */
		else
			o = put2(o, cp);
	}
	*o = '\0';
}

void
text_time(time_t t, char out[TEXT_TIME_LEN])
{
	struct tm	tm;

	gmtime_r(&t, &tm);
	strftime(out, TEXT_TIME_LEN, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int
text_time_parse(const char *s, time_t *out)
{
	struct tm	tm;
	int		n = 0;

	memset(&tm, 0, sizeof(tm));
	if (sscanf(s, "%4d-%2d-%2d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &n) != 3 || n != 10)
		return -1;
	if (s[10] != '\0') {
		int m = 0;

		if (sscanf(s + 10, "T%2d:%2d:%2dZ%n", &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &m) != 3 ||
		    m != 10 || s[20] != '\0')
			return -1;
	}
	if (tm.tm_mon < 1 || tm.tm_mon > 12 || tm.tm_mday < 1 || tm.tm_mday > 31 ||
	    tm.tm_hour > 23 || tm.tm_min > 59 || tm.tm_sec > 60)
		return -1;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	*out = timegm(&tm);
	return 0;
}

int
text_int(const char *s, int64_t min, int64_t max, int64_t *out)
{
	char		*end;
	long long	 v;

	if (s == NULL || *s == '\0' || (*s != '-' && (*s < '0' || *s > '9')))
		return -1;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

int
text_digits(const char *s, size_t n)
{
	int	v = 0;

	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

char *
text_lower_ascii(char *s)
{
	for (char *p = s; *p != '\0'; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p + 32);
	return s;
}

bool
text_eq(const char *a, const char *b)
{
	return a != NULL && b != NULL && strcmp(a, b) == 0;
}

bool
text_has_prefix(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

size_t
text_utf8_len(const unsigned char *s, size_t n)
{
	uint32_t	cp;
	size_t		len;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3, cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4, cp = s[0] & 0x07;
	else
		return 0;
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return len;
}
