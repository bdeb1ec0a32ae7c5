/*
 * vcard: contact cards (RFC 2426 vCard 3.0, RFC 6350 vCard 4.0), the fields
 * the people registry keeps: FN, N, ORG, TITLE, EMAIL, TEL and the city of
 * ADR. Other properties are read past and dropped.
 *
 * Why our own: no C library in Debian reads vCard 4.0 within bounds.
 * libical 3 knows iCalendar only; libvformat and libvc read vCard 2.1 (and
 * 3.0) with no bound on memory and are unmaintained; libbelcard is C++ and
 * brings its own grammar engine. The subset here is small: lines, folding,
 * parameters, escapes.
 *
 * The reader takes a whole upload and is hostile-input safe: at most
 * VCARD_MAX_BYTES and VCARD_MAX_LINES, an unfolded line of at most
 * VCARD_MAX_LINE bytes, VCARD_MAX_CARDS cards; the text must be UTF-8 with
 * no control character but tab and line breaks; quoted-printable (vCard
 * 2.1) is refused, not decoded. It is linear in the input, and what it
 * keeps (in the arena) is never more than a small multiple of the input.
 * The first error stops it, with its line.
 *
 * The writer makes vCard 3.0 (what address books import most widely): CRLF,
 * lines folded at 75 octets between characters, text escaped.
 */
#ifndef BASE_VCARD_H
#define BASE_VCARD_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "buf.h"

#define VCARD_MAX_BYTES	(1u << 20)	/* one upload: 1 MiB */
#define VCARD_MAX_LINES	50000		/* physical lines of one upload */
#define VCARD_MAX_LINE	(16u << 10)	/* one unfolded content line */
#define VCARD_MAX_CARDS	2000

enum vcard_error {
	VCARD_OK,
	VCARD_ERR_TOO_LARGE,		/* more than VCARD_MAX_BYTES */
	VCARD_ERR_TOO_MANY_LINES,
	VCARD_ERR_LINE_TOO_LONG,
	VCARD_ERR_UTF8,			/* not UTF-8 */
	VCARD_ERR_CONTROL,		/* a control character */
	VCARD_ERR_SYNTAX,		/* a line that is not name:value, or outside a card */
	VCARD_ERR_NESTING,		/* BEGIN inside a card, END outside one, a card not closed */
	VCARD_ERR_VERSION,		/* not 3.0 or 4.0 */
	VCARD_ERR_QUOTED_PRINTABLE,	/* ENCODING=QUOTED-PRINTABLE: vCard 2.1 */
	VCARD_ERR_NO_NAME,		/* a card without FN or N */
	VCARD_ERR_TOO_MANY_CARDS,
	VCARD_ERR_EMPTY,		/* no card at all */
};

/* One card's fields, unescaped; NULL when absent. */
struct vcard {
	const char	*fn, *family, *given, *org, *title, *email, *tel, *city;
	size_t		 line;		/* of its BEGIN, from 1 */
};

struct vcard_result {
	struct vcard	*cards;
	size_t		 n;
	enum vcard_error error;
	size_t		 line;		/* where the error is, from 1; 0: the whole text */
};

/* Reads text[0..len); 0, or -1 with r->error and r->line. The cards live in a. */
__attribute__((warn_unused_result))
int		 vcard_parse(struct arena *a, const char *text, size_t len, struct vcard_result *r);
/* A stable snake_case code for an error (problem+json), and an English phrase. */
const char	*vcard_error_code(enum vcard_error e);
const char	*vcard_error_text(enum vcard_error e);
/* The name a card gives: FN, else "given family" of N. */
const char	*vcard_name(struct arena *a, const struct vcard *c);

/* Appends one card; -1 when b passed its ceiling. */
int		 vcard_write(struct buf *b, const struct vcard *c);

#endif
