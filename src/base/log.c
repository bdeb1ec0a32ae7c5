#include "log.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "metrics.h"

#define LOG_MSG_MAX	1024	/* bytes of a formatted message, before escaping */
#define LOG_LINE_MAX	2048	/* bytes of a line as written, escapes included */

enum log_level	log_threshold = LOG_INFO;
enum log_format	log_format = LOG_TEXT;

static const char *const level_names[] = { "error", "warn", "info", "debug" };

int
log_level_parse(const char *s, enum log_level *out)
{
	for (size_t i = 0; i < sizeof(level_names) / sizeof(level_names[0]); i++)
		if (strcmp(s, level_names[i]) == 0) {
			*out = (enum log_level)i;
			return 0;
		}
	return -1;
}

int
log_format_parse(const char *s, enum log_format *out)
{
	if (strcmp(s, "text") == 0)
		*out = LOG_TEXT;
	else if (strcmp(s, "json") == 0)
		*out = LOG_JSON;
	else
		return -1;
	return 0;
}

static bool
cont(unsigned char c)
{
	return (c & 0xc0) == 0x80;
}

/*
 * The length of the well-formed UTF-8 sequence at s[0..n) (RFC 3629: no
 * overlong forms, no surrogates, nothing past U+10FFFF); 0 when it is not one.
 */
static size_t
utf8_len(const unsigned char *s, size_t n)
{
	unsigned char	lo = 0x80, hi = 0xbf;
	size_t		len;

	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		len = 3;
		lo = s[0] == 0xe0 ? 0xa0 : 0x80;
		hi = s[0] == 0xed ? 0x9f : 0xbf;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		len = 4;
		lo = s[0] == 0xf0 ? 0x90 : 0x80;
		hi = s[0] == 0xf4 ? 0x8f : 0xbf;
	} else
		return 0;
	if (n < len || s[1] < lo || s[1] > hi)
		return 0;
	for (size_t i = 2; i < len; i++)
		if (!cont(s[i]))
			return 0;
	return len;
}

/*
 * Characters a terminal or a log viewer acts on rather than shows: C1
 * controls (U+0080..U+009F), the line and paragraph separators (U+2028,
 * U+2029) and the bidirectional embeddings, overrides and isolates
 * (U+202A..U+202E, U+2066..U+2069), which reorder what follows.
 */
static bool
acts(const unsigned char *s, size_t len)
{
	if (len == 2)
		return s[0] == 0xc2 && s[1] <= 0x9f;
	if (len != 3 || s[0] != 0xe2)
		return false;
	return (s[1] == 0x80 && s[2] >= 0xa8 && s[2] <= 0xae) ||
	    (s[1] == 0x81 && s[2] >= 0xa6 && s[2] <= 0xa9);
}

size_t
log_escape(const char *in, size_t n, char *out, size_t cap)
{
	const unsigned char	*s = (const unsigned char *)in;
	size_t			 o = 0, i = 0;

	if (cap == 0)
		return 0;
	while (i < n) {
		char	esc[16 * 4 + 1];
		size_t	len, k = 0, run = i;

		while (run < n && s[run] >= 0x20 && s[run] < 0x7f && s[run] != '\\')
			run++;		/* printable ASCII, the most of any line: as it is */
		if (run > i) {
			k = run - i < cap - 1 - o ? run - i : cap - 1 - o;
			memcpy(out + o, s + i, k);
			o += k;
			i += k;
			if (i < run)
				break;	/* out is full */
			continue;
		}
		len = s[i] < 0x80 ? 1 : utf8_len(s + i, n - i);
		if (len == 0)		/* not UTF-8: this byte alone */
			k = (size_t)snprintf(esc, sizeof(esc), "\\x%02x", s[i++]);
		else if (len > 1 && acts(s + i, len)) {
			for (size_t j = 0; j < len; j++)
				k += (size_t)snprintf(esc + k, sizeof(esc) - k, "\\x%02x", s[i + j]);
			i += len;
		} else if (len > 1) {
			memcpy(esc, s + i, len);
			k = len;
			i += len;
		} else {		/* a control byte or a backslash */
			unsigned char	c = s[i++];

			if (c == '\n' || c == '\r' || c == '\t' || c == '\\')
				k = (size_t)snprintf(esc, sizeof(esc), "\\%c",
				    c == '\n' ? 'n' : c == '\r' ? 'r' : c == '\t' ? 't' : '\\');
			else
				k = (size_t)snprintf(esc, sizeof(esc), "\\x%02x", c);
		}
		if (o + k >= cap)	/* never half an escape or half a character */
			break;
		memcpy(out + o, esc, k);
		o += k;
	}
	out[o] = '\0';
	return o;
}

/*
 * in[0..n) as the inside of a JSON string, after log_escape: what is left
 * to escape is the backslashes log_escape wrote and double quotes; the rest
 * is printable ASCII or well-formed UTF-8. Never half an escape.
 */
static size_t
json_escape(const char *in, size_t n, char *out, size_t cap)
{
	char	esc[LOG_LINE_MAX];
	size_t	k = log_escape(in, n, esc, sizeof(esc)), o = 0;

	for (size_t i = 0; i < k; i++) {
		size_t	w = esc[i] == '\\' || esc[i] == '"' ? 2 : 1;

		if (o + w >= cap)
			break;
		if (w == 2)
			out[o++] = '\\';
		out[o++] = esc[i];
	}
	out[o] = '\0';
	return o;
}

/* "TIME LEVEL message" */
static size_t
text_line(char *line, size_t cap, const char *when, enum log_level level, const char *msg,
    size_t len)
{
	size_t	n = (size_t)snprintf(line, cap, "%s %s ", when, level_names[level]);

	return n + log_escape(msg, len, line + n, cap - n);
}

/* {"time":...,"level":...,"msg":..., fields}; always a whole object */
static size_t
json_line(char *line, size_t cap, const char *when, enum log_level level, const char *msg,
    size_t len, const struct log_field *f, size_t nf)
{
	char	field[LOG_LINE_MAX / 2];
	size_t	n, k;

	n = (size_t)snprintf(line, cap, "{\"time\":\"%s\",\"level\":\"%s\",\"msg\":\"", when,
	    level_names[level]);
	n += json_escape(msg, len, line + n, cap - n - 2);
	line[n++] = '"';
	for (size_t i = 0; i < nf; i++) {
		if (f[i].str != NULL) {
			json_escape(f[i].str, strlen(f[i].str), field, sizeof(field));
			k = (size_t)snprintf(line + n, cap - n, ",\"%s\":\"%s\"", f[i].key, field);
		} else
			k = (size_t)snprintf(line + n, cap - n, ",\"%s\":%lld", f[i].key, f[i].num);
		if (k >= cap - n - 2) {		/* it does not fit: the line goes without it */
			line[n] = '\0';
			break;
		}
		n += k;
	}
	line[n++] = '}';
	line[n] = '\0';
	return n;
}

static void
write_line(enum log_level level, const struct log_field *f, size_t nf, const char *fmt,
    va_list ap)
{
	struct timespec	ts;
	struct tm	tm;
	char		msg[LOG_MSG_MAX], line[LOG_LINE_MAX], when[40];
	size_t		n, len;
	int		k;

	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	n = strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(when + n, sizeof(when) - n, ".%03ldZ", ts.tv_nsec / 1000000);
	k = vsnprintf(msg, sizeof(msg), fmt, ap);
	if (k < 0)
		k = 0;
	len = (size_t)k < sizeof(msg) ? (size_t)k : sizeof(msg) - 1;
	if (log_format == LOG_JSON)
		n = json_line(line, sizeof(line) - 1, when, level, msg, len, f, nf);
	else
		n = text_line(line, sizeof(line) - 1, when, level, msg, len);
	line[n++] = '\n';
	fwrite(line, 1, n, stderr);
	if (level == LOG_ERR)
		metrics_count(METRIC_LOG_ERRORS);
	else if (level == LOG_WARN)
		metrics_count(METRIC_LOG_WARNINGS);
}

/* One write(2) a line, so lines of threads never interleave and a line costs one syscall. */
void
log_write(enum log_level level, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	write_line(level, NULL, 0, fmt, ap);
	va_end(ap);
}

void
log_write_fields(enum log_level level, const struct log_field *fields, size_t n,
    const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	write_line(level, fields, n, fmt, ap);
	va_end(ap);
}
