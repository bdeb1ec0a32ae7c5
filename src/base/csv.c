#include "csv.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The length of the line break at p: "\r\n", "\n" or a lone "\r" (old Mac files); 0 when none. */
static size_t
line_break(const char *p, const char *end)
{
	if (p >= end || (*p != '\n' && *p != '\r'))
		return 0;
	return *p == '\r' && p + 1 < end && p[1] == '\n' ? 2 : 1;
}

/* The separator the first record uses most outside quotes; ',' on a tie or none. */
static char
sniff(const char *p, const char *end)
{
	static const char	 seps[] = { ',', ';', '\t' };
	size_t			 count[3] = { 0, 0, 0 }, best = 0;
	bool			 quoted = false;

	for (; p < end; p++) {
		if (*p == '"')
			quoted = !quoted;
		else if (!quoted && (*p == '\n' || *p == '\r'))
			break;
		else if (!quoted)
			for (size_t i = 0; i < 3; i++)
				count[i] += *p == seps[i];
	}
	for (size_t i = 1; i < 3; i++)
		if (count[i] > count[best])
			best = i;
	return seps[best];
}

void
csv_reader_init(struct csv_reader *r, const char *text, size_t len)
{
	r->p = text;
	r->end = text + len;
	if (len >= 3 && memcmp(text, CSV_BOM, 3) == 0)
		r->p += 3;	/* a byte order mark, as spreadsheets write */
	r->line = r->next_line = 1;
	r->sep = sniff(r->p, r->end);
	r->error = CSV_OK;
	buf_init(&r->rec, CSV_MAX_RECORD + CSV_MAX_FIELDS);
}

void
csv_reader_release(struct csv_reader *r)
{
	buf_release(&r->rec);
}

const char *
csv_error_text(enum csv_error e)
{
	switch (e) {
	case CSV_OK:
		return "no error";
	case CSV_ERR_QUOTE:
		return "a quoted field is not closed";
	case CSV_ERR_FIELDS:
		return "more than 32 fields";
	case CSV_ERR_LONG:
		return "a record longer than 64 KiB";
	}
	return "malformed";
}

static int
fail(struct csv_reader *r, enum csv_error e)
{
	r->error = e;
	r->p = r->end;	/* nothing after a malformed record can be trusted */
	return -1;
}

/* The lines a quoted stretch [p, end) ends, as line_break counts them. */
static size_t
lines_in(const char *p, const char *end)
{
	size_t	n = 0;

	for (; p < end; p++)
		if (*p == '\n' || (*p == '\r' && line_break(p, end) == 1))
			n++;
	return n;
}

/*
 * One field from p into the record: a quoted part (quotes doubled inside),
 * then anything up to the separator or a line break. Returns where it ends.
 */
static const char *
field(struct csv_reader *r, const char *p)
{
	const char	*s, *q;

	if (p < r->end && *p == '"') {
		for (p++;; p = q + 2) {
			if ((q = memchr(p, '"', (size_t)(r->end - p))) == NULL) {
				fail(r, CSV_ERR_QUOTE);
				return NULL;
			}
			r->next_line += lines_in(p, q);
			/* the closing quote, or the first of a doubled one (kept) */
			if (buf_append(&r->rec, p, (size_t)(q - p) + (q + 1 < r->end &&
			    q[1] == '"')) == -1) {
				fail(r, CSV_ERR_LONG);
				return NULL;
			}
			if (q + 1 >= r->end || q[1] != '"')
				break;
		}
		p = q + 1;
	}
	for (s = p; p < r->end && *p != r->sep && *p != '\n' && *p != '\r'; p++)
		;
	if (buf_append(&r->rec, s, (size_t)(p - s)) == -1 || buf_append(&r->rec, "", 1) == -1) {
		fail(r, CSV_ERR_LONG);
		return NULL;
	}
	return p;
}

int
csv_next(struct csv_reader *r, const char *fields[CSV_MAX_FIELDS], size_t *n)
{
	const char	*p = r->p;
	size_t		 k;

	*n = 0;
	while ((k = line_break(p, r->end)) > 0) {
		p += k;
		r->next_line++;
	}
	if (p >= r->end) {
		r->p = p;
		return 0;
	}
	r->line = r->next_line;
	buf_reset(&r->rec);
	for (;;) {
		if (*n == CSV_MAX_FIELDS)
			return fail(r, CSV_ERR_FIELDS);
		r->off[(*n)++] = r->rec.len;
		if ((p = field(r, p)) == NULL)
			return -1;
		if (p < r->end && *p == r->sep) {
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
	for (size_t i = 0; i < *n; i++)
		fields[i] = r->rec.p + r->off[i];
	return 1;
}

static bool
formula_start(char c)
{
	return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
}

bool
csv_formula(const char *s)
{
	if (s == NULL)
		return false;
	while (*s == '\'')
		s++;
	return formula_start(*s);
}

const char *
csv_text(const char *cell)
{
	return cell != NULL && cell[0] == '\'' && csv_formula(cell) ? cell + 1 : cell;
}

void
csv_writer_init(struct csv_writer *w, size_t max, char sep)
{
	buf_init(&w->b, max);
	w->sep = sep;
	w->row_open = false;
	w->failed = buf_puts(&w->b, CSV_BOM) == -1;
}

void
csv_writer_release(struct csv_writer *w)
{
	buf_release(&w->b);
}

static void
put(struct csv_writer *w, const char *p, size_t n)
{
	if (!w->failed && buf_append(&w->b, p, n) == -1)
		w->failed = true;
}

/* The separator before every cell but a row's first. */
static void
cell_start(struct csv_writer *w)
{
	if (w->row_open)
		put(w, &w->sep, 1);
	w->row_open = true;
}

void
csv_cell(struct csv_writer *w, const char *s)
{
	const char	 specials[] = { w->sep, '"', '\r', '\n', '\0' };
	bool		 formula;

	cell_start(w);
	if (s == NULL)
		return;
	formula = csv_formula(s);
	if (!formula && strpbrk(s, specials) == NULL) {
		put(w, s, strlen(s));
		return;
	}
	put(w, formula ? "\"'" : "\"", formula ? 2 : 1);
	for (const char *q; (q = strchr(s, '"')) != NULL; s = q + 1) {
		put(w, s, (size_t)(q - s) + 1);
		put(w, "\"", 1);	/* the quote doubled */
	}
	put(w, s, strlen(s));
	put(w, "\"", 1);
}

void
csv_cell_int(struct csv_writer *w, int64_t v)
{
	char	num[24];

	cell_start(w);
	put(w, num, (size_t)snprintf(num, sizeof(num), "%" PRId64, v));
}

void
csv_cell_real(struct csv_writer *w, double v)
{
	char	num[32];
	int	n = snprintf(num, sizeof(num), "%.15g", v);

	/* the shortest of the two that reads back as the same double */
	if (strtod(num, NULL) != v)
		n = snprintf(num, sizeof(num), "%.17g", v);
	cell_start(w);
	put(w, num, (size_t)n);
}

void
csv_row_end(struct csv_writer *w)
{
	put(w, "\r\n", 2);
	w->row_open = false;
}

int
csv_writer_done(const struct csv_writer *w)
{
	return w->failed ? -1 : 0;
}
