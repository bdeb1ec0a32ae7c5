#include "vcard.h"

#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "text.h"

/* --- the text as a whole --- */

/*
 * UTF-8 with no control character but tab and line breaks (LF, or CR LF: a
 * lone CR would hide inside a value); the line of the first fault.
 */
static enum vcard_error
check_text(const char *text, size_t len, size_t *line)
{
	const unsigned char	*s = (const unsigned char *)text;
	size_t			 i = 0, n;

	*line = 1;
	while (i < len) {
		if (s[i] == '\n')
			++*line;
		else if (s[i] == '\r' && (i + 1 == len || s[i + 1] != '\n'))
			return VCARD_ERR_CONTROL;
		else if ((s[i] < 0x20 && s[i] != '\t' && s[i] != '\r') || s[i] == 0x7f)
			return VCARD_ERR_CONTROL;
		if ((n = text_utf8_len(s + i, len - i)) == 0)
			return VCARD_ERR_UTF8;
		i += n;
	}
	return VCARD_OK;
}

/* --- content lines --- */

struct reader {
	const char	*p, *end;
	size_t		 line, next_line;
	char		*buf;		/* the unfolded line, VCARD_MAX_LINE + 1 bytes */
};

/* The end of the physical line at p (its break not included), and the break's length. */
static const char *
line_end(const char *p, const char *end, size_t *brk)
{
	const char	*e = memchr(p, '\n', (size_t)(end - p));

	if (e == NULL) {
		*brk = 0;
		e = end;
	} else
		*brk = 1;
	if (e > p && e[-1] == '\r') {
		e--;
		++*brk;
	}
	return e;
}

/*
 * The next unfolded non-blank content line into r->buf: 1, 0 at the end, -1
 * when it is longer than VCARD_MAX_LINE.
 */
static int
next_line(struct reader *r, size_t *len)
{
	size_t	n = 0, brk;

	for (;;) {
		const char	*e;

		if (r->p >= r->end)
			return 0;
		r->line = r->next_line;
		e = line_end(r->p, r->end, &brk);
		n = (size_t)(e - r->p);
		if (n > VCARD_MAX_LINE)
			return -1;
		memcpy(r->buf, r->p, n);
		r->p = e + brk;
		r->next_line++;
		/* a line that begins with a space or a tab continues this one */
		while (r->p < r->end && (*r->p == ' ' || *r->p == '\t')) {
			e = line_end(r->p + 1, r->end, &brk);
			if (n + (size_t)(e - r->p - 1) > VCARD_MAX_LINE)
				return -1;
			memcpy(r->buf + n, r->p + 1, (size_t)(e - r->p - 1));
			n += (size_t)(e - r->p - 1);
			r->p = e + brk;
			r->next_line++;
		}
		r->buf[n] = '\0';
		if (n > 0)
			break;
	}
	*len = n;
	return 1;
}

struct prop {
	const char	*name;		/* without its group */
	const char	*params;	/* ";A=b;C=d", "" when none */
	const char	*value;
};

/* Splits a content line in place: [group.]name *(;param) : value. -1 when it is not one. */
static int
split_line(char *s, struct prop *p)
{
	char	*q = s;
	bool	 quoted = false;

	for (; *q != '\0'; q++) {
		if (*q == '"')
			quoted = !quoted;
		else if (*q == ':' && !quoted)
			break;
	}
	if (*q != ':' || q == s)
		return -1;
	*q = '\0';
	p->value = q + 1;
	p->params = s + strcspn(s, ";");
	p->name = s;
	for (char *d = s; d < p->params; d++)
		if (*d == '.')
			p->name = d + 1;
	if (*p->params == ';')
		*(char *)p->params++ = '\0';
	for (const char *c = p->name; *c != '\0'; c++)
		if (!((*c >= 'A' && *c <= 'Z') || (*c >= 'a' && *c <= 'z') ||
		    (*c >= '0' && *c <= '9') || *c == '-'))
			return -1;
	return *p->name != '\0' ? 0 : -1;
}

/* Whether the parameters say ENCODING=QUOTED-PRINTABLE (or a bare QUOTED-PRINTABLE, as 2.1 writes). */
static bool
quoted_printable(const char *params)
{
	for (const char *p = params; *p != '\0'; p++)
		if (strncasecmp(p, "QUOTED-PRINTABLE", 16) == 0)
			return true;
	return false;
}

/*
 * Component `index` of a value (components split by unescaped ';', and only
 * the first of a list split by unescaped ','), unescaped into the arena;
 * NULL when empty or absent.
 */
static const char *
component(struct arena *a, const char *v, size_t index, bool structured)
{
	char	*out, *o;

	for (size_t i = 0; i < index; i++) {
		while (*v != '\0' && *v != ';')
			v += v[0] == '\\' && v[1] != '\0' ? 2 : 1;
		if (*v == '\0')
			return NULL;
		v++;
	}
	o = out = arena_alloc(a, strlen(v) + 1);
	while (*v != '\0' && !(structured && (*v == ';' || *v == ','))) {
		if (v[0] == '\\' && v[1] != '\0') {
			*o++ = v[1] == 'n' || v[1] == 'N' ? '\n' : v[1];
			v += 2;
		} else
			*o++ = *v++;
	}
	while (o > out && (o[-1] == ' ' || o[-1] == '\t' || o[-1] == '\n'))
		o--;
	*o = '\0';
	while (*out == ' ' || *out == '\t')
		out++;
	return *out != '\0' ? out : NULL;
}

/* The first value of each field wins. */
static void
keep(const char **field, const char *v)
{
	if (*field == NULL)
		*field = v;
}

static void
take(struct arena *a, struct vcard *c, const struct prop *p)
{
	if (strcasecmp(p->name, "FN") == 0)
		keep(&c->fn, component(a, p->value, 0, false));
	else if (strcasecmp(p->name, "N") == 0) {
		keep(&c->family, component(a, p->value, 0, true));
		keep(&c->given, component(a, p->value, 1, true));
	} else if (strcasecmp(p->name, "ORG") == 0)
		keep(&c->org, component(a, p->value, 0, true));
	else if (strcasecmp(p->name, "TITLE") == 0)
		keep(&c->title, component(a, p->value, 0, false));
	else if (strcasecmp(p->name, "EMAIL") == 0)
		keep(&c->email, component(a, p->value, 0, false));
	else if (strcasecmp(p->name, "TEL") == 0) {
		const char	*t = component(a, p->value, 0, false);

		/* vCard 4.0 writes a URI: tel:+7-495-... */
		if (t != NULL && strncasecmp(t, "tel:", 4) == 0) {
			t += 4 + strspn(t + 4, " \t");
			if (*t == '\0')
				t = NULL;
		}
		keep(&c->tel, t);
	} else if (strcasecmp(p->name, "ADR") == 0)
		keep(&c->city, component(a, p->value, 3, true));
}

/* --- cards --- */

struct parse {
	struct arena		*a;
	struct vcard_result	*r;
	struct vcard		*card;		/* the open card; NULL between cards */
	bool			 versioned;
	size_t			 cap;
};

static int
fail(struct vcard_result *r, enum vcard_error e, size_t line)
{
	r->error = e;
	r->line = line;
	return -1;
}

static int
begin_card(struct parse *ps, size_t line)
{
	struct vcard_result	*r = ps->r;

	if (ps->card != NULL)
		return fail(r, VCARD_ERR_NESTING, line);
	if (r->n >= VCARD_MAX_CARDS)
		return fail(r, VCARD_ERR_TOO_MANY_CARDS, line);
	r->cards = arena_grow(ps->a, r->cards, r->n, &ps->cap, sizeof(*r->cards));
	ps->card = &r->cards[r->n++];
	memset(ps->card, 0, sizeof(*ps->card));
	ps->card->line = line;
	ps->versioned = false;
	return 0;
}

static int
end_card(struct parse *ps, size_t line)
{
	if (ps->card == NULL)
		return fail(ps->r, VCARD_ERR_NESTING, line);
	if (!ps->versioned)
		return fail(ps->r, VCARD_ERR_VERSION, ps->card->line);
	if (ps->card->fn == NULL && ps->card->family == NULL && ps->card->given == NULL)
		return fail(ps->r, VCARD_ERR_NO_NAME, ps->card->line);
	ps->card = NULL;
	return 0;
}

static int
property(struct parse *ps, const struct prop *p, size_t line)
{
	if (strcasecmp(p->name, "BEGIN") == 0) {
		if (strcasecmp(p->value, "VCARD") != 0)
			return fail(ps->r, VCARD_ERR_SYNTAX, line);
		return begin_card(ps, line);
	}
	if (strcasecmp(p->name, "END") == 0) {
		if (strcasecmp(p->value, "VCARD") != 0)
			return fail(ps->r, VCARD_ERR_SYNTAX, line);
		return end_card(ps, line);
	}
	if (ps->card == NULL)
		return fail(ps->r, VCARD_ERR_SYNTAX, line);
	if (quoted_printable(p->params))
		return fail(ps->r, VCARD_ERR_QUOTED_PRINTABLE, line);
	if (strcasecmp(p->name, "VERSION") == 0) {
		if (strcmp(p->value, "3.0") != 0 && strcmp(p->value, "4.0") != 0)
			return fail(ps->r, VCARD_ERR_VERSION, line);
		ps->versioned = true;
		return 0;
	}
	take(ps->a, ps->card, p);
	return 0;
}

static size_t
count_lines(const char *text, size_t len)
{
	size_t	n = len > 0 && text[len - 1] != '\n';

	for (const char *p = text; (p = memchr(p, '\n', (size_t)(text + len - p))) != NULL; p++)
		n++;
	return n;
}

int
vcard_parse(struct arena *a, const char *text, size_t len, struct vcard_result *r)
{
	struct parse	 ps = { a, r, NULL, false, 0 };
	struct reader	 rd;
	struct prop	 p;
	size_t		 n, line;
	int		 rc;

	memset(r, 0, sizeof(*r));
	if (len > VCARD_MAX_BYTES)
		return fail(r, VCARD_ERR_TOO_LARGE, 0);
	if (count_lines(text, len) > VCARD_MAX_LINES)
		return fail(r, VCARD_ERR_TOO_MANY_LINES, 0);
	if ((r->error = check_text(text, len, &line)) != VCARD_OK)
		return fail(r, r->error, line);
	rd.p = text;
	rd.end = text + len;
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		rd.p += 3;
	rd.line = rd.next_line = 1;
	rd.buf = arena_alloc(a, VCARD_MAX_LINE + 1);
	while ((rc = next_line(&rd, &n)) == 1) {
		if (split_line(rd.buf, &p) == -1)
			return fail(r, VCARD_ERR_SYNTAX, rd.line);
		if (property(&ps, &p, rd.line) == -1)
			return -1;
	}
	if (rc == -1)
		return fail(r, VCARD_ERR_LINE_TOO_LONG, rd.line);
	if (ps.card != NULL)
		return fail(r, VCARD_ERR_NESTING, ps.card->line);
	if (r->n == 0)
		return fail(r, VCARD_ERR_EMPTY, 0);
	return 0;
}

static const struct {
	const char	*code, *text;
} errors[] = {
	[VCARD_OK] = { "ok", "no error" },
	[VCARD_ERR_TOO_LARGE] = { "payload_too_large", "the file is larger than 1 MiB" },
	[VCARD_ERR_TOO_MANY_LINES] = { "too_many_lines", "the file has more than 50000 lines" },
	[VCARD_ERR_LINE_TOO_LONG] = { "line_too_long", "a line is longer than 16 KiB" },
	[VCARD_ERR_UTF8] = { "invalid_utf8", "the text is not UTF-8" },
	[VCARD_ERR_CONTROL] = { "control_character", "the text holds a control character" },
	[VCARD_ERR_SYNTAX] = { "syntax", "a line is not a vCard property inside a card" },
	[VCARD_ERR_NESTING] = { "unbalanced", "BEGIN and END:VCARD do not pair up" },
	[VCARD_ERR_VERSION] = { "unsupported_version", "a card is not vCard 3.0 or 4.0" },
	[VCARD_ERR_QUOTED_PRINTABLE] = { "quoted_printable",
		"quoted-printable (vCard 2.1) is not read: export as vCard 3.0 or 4.0" },
	[VCARD_ERR_NO_NAME] = { "no_name", "a card has neither FN nor N" },
	[VCARD_ERR_TOO_MANY_CARDS] = { "too_many_cards", "the file has more than 2000 cards" },
	[VCARD_ERR_EMPTY] = { "no_cards", "the file holds no card" },
};

const char *
vcard_error_code(enum vcard_error e)
{
	return (size_t)e < sizeof(errors) / sizeof(errors[0]) ? errors[e].code : "invalid";
}

const char *
vcard_error_text(enum vcard_error e)
{
	return (size_t)e < sizeof(errors) / sizeof(errors[0]) ? errors[e].text : "invalid";
}

const char *
vcard_name(struct arena *a, const struct vcard *c)
{
	if (c->fn != NULL)
		return c->fn;
	if (c->given != NULL && c->family != NULL)
		return arena_printf(a, "%s %s", c->given, c->family);
	return c->given != NULL ? c->given : c->family;
}

/* --- the writer --- */

struct out {
	struct buf	*b;
	size_t		 col;		/* octets on the current physical line */
	int		 rc;
};

/* One character (a whole UTF-8 sequence) of n bytes, folding before column 75. */
static void
put_char(struct out *o, const char *s, size_t n)
{
	if (o->col + n > 75) {
		o->rc |= buf_append(o->b, "\r\n ", 3);
		o->col = 1;
	}
	o->rc |= buf_append(o->b, s, n);
	o->col += n;
}

static void
put_text(struct out *o, const char *s, bool escape)
{
	const unsigned char	*u = (const unsigned char *)s;
	size_t			 left = strlen(s);

	while (*u != '\0') {
		size_t	n = text_utf8_len(u, left);

		if (n == 0)	/* not UTF-8: leave the byte out */
			n = 1;
		else if (escape && (*u == '\\' || *u == ';' || *u == ','))
			put_char(o, (const char[]){ '\\', (char)*u }, 2);
		else if (*u == '\n')
			put_char(o, "\\n", 2);
		else if ((*u >= 0x20 || *u == '\t') && *u != 0x7f)
			put_char(o, (const char *)u, n);
		u += n;
		left -= n;
	}
}

static void
put_line(struct out *o, const char *name, const char *const *parts, size_t nparts)
{
	bool	any = false;

	for (size_t i = 0; i < nparts; i++)
		any |= parts[i] != NULL;
	if (!any)
		return;
	o->col = 0;
	put_text(o, name, false);
	put_char(o, ":", 1);
	for (size_t i = 0; i < nparts; i++) {
		if (i > 0)
			put_char(o, ";", 1);
		if (parts[i] != NULL)
			put_text(o, parts[i], true);
	}
	o->rc |= buf_append(o->b, "\r\n", 2);
}

int
vcard_write(struct buf *b, const struct vcard *c)
{
	struct out	 o = { b, 0, 0 };
	const char	*adr[] = { NULL, NULL, NULL, c->city, NULL, NULL, NULL };
	const char	*n[] = { c->family, c->given, NULL, NULL, NULL };

	o.rc |= buf_puts(b, "BEGIN:VCARD\r\nVERSION:3.0\r\n");
	put_line(&o, "FN", &c->fn, 1);
	if (c->family == NULL && c->given == NULL)
		n[0] = c->fn;	/* 3.0 requires N */
	put_line(&o, "N", n, 5);
	put_line(&o, "ORG", &c->org, 1);
	put_line(&o, "TITLE", &c->title, 1);
	put_line(&o, "EMAIL;TYPE=INTERNET", &c->email, 1);
	put_line(&o, "TEL;TYPE=WORK", &c->tel, 1);
	put_line(&o, "ADR;TYPE=WORK", adr, 7);
	o.rc |= buf_puts(b, "END:VCARD\r\n");
	return o.rc != 0 ? -1 : 0;
}
