#include "csv.h"

#include <string.h>

void
csv_reader_init(struct csv_reader *r, const char *text, size_t len)
{
	r->p = text;
	r->end = text + len;
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		r->p += 3;	/* a byte order mark, as spreadsheets write */
	r->line = r->next_line = 1;
}

/* The length of the line break at p: "\r\n", "\n" or a lone "\r" (old Mac files); 0 when none. */
static size_t
line_break(const char *p, const char *end)
{
	if (p >= end || (*p != '\n' && *p != '\r'))
		return 0;
	return *p == '\r' && p + 1 < end && p[1] == '\n' ? 2 : 1;
}

int
csv_next(struct csv_reader *r, struct arena *a, const char *fields[CSV_MAX_FIELDS], size_t *n)
{
	const char	*p = r->p;
	size_t		 k;

	while ((k = line_break(p, r->end)) > 0) {
		p += k;
		r->next_line++;
	}
	*n = 0;
	if (p >= r->end) {
		r->p = p;
		return 0;
	}
	r->line = r->next_line;
	for (;;) {
		char	*out = arena_alloc(a, (size_t)(r->end - p) + 1), *o = out;

		if (*n == CSV_MAX_FIELDS)
			return -1;
		if (p < r->end && *p == '"') {
			for (p++;; p++) {
				if (p >= r->end)
					return -1;
				if (*p == '"') {
					if (p + 1 < r->end && p[1] == '"') {
						*o++ = '"';
						p++;
						continue;
					}
					p++;
					break;
				}
				if (*p == '\n' || (*p == '\r' && line_break(p, r->end) == 1))
					r->next_line++;
				*o++ = *p;
			}
		}
		while (p < r->end && *p != ',' && *p != '\n' && *p != '\r')
			*o++ = *p++;
		*o = '\0';
		fields[(*n)++] = out;
		if (p < r->end && *p == ',') {
			p++;
			continue;
		}
		break;
	}
	if ((k = line_break(p, r->end)) > 0) {
		p += k;
		r->next_line++;
	}
	r->p = p;
	return 1;
}

int
csv_put(struct buf *b, const char *s)
{
	if (s == NULL)
		return 0;
	if (strpbrk(s, ",\"\r\n") == NULL)
		return buf_puts(b, s);
	if (buf_puts(b, "\"") == -1)
		return -1;
	for (; *s != '\0'; s++)
		if ((*s == '"' && buf_puts(b, "\"\"") == -1) ||
		    (*s != '"' && buf_append(b, s, 1) == -1))
			return -1;
	return buf_puts(b, "\"");
}
