/*
 * The vCard reader (src/base/vcard.c): the input is an uploaded .vcf file
 * (POST /people.vcf).
 *
 * A refusal names a known error and a line inside the text; an accepted
 * file has 1..VCARD_MAX_CARDS cards, each with a name, at growing lines;
 * the arena stays within a bound linear in the input (the line buffer and
 * what the cards keep); every card written back with the writer reads back
 * with the same fields, in lines of at most 75 octets.
 */
#include <stdio.h>

#include "fuzz.h"
#include "../../src/base/vcard.h"

#define ARENA_BOUND(len)	(VCARD_MAX_LINE + 16 * (len) + 8192)

static void
same(const char *a, const char *b)
{
	FUZZ_ASSERT((a == NULL) == (b == NULL));
	FUZZ_ASSERT(a == NULL || strcmp(a, b) == 0);
}

/* Written and read again: the same fields (N comes back as FN when the card had none). */
static void
round_trip(const struct vcard *c)
{
	struct buf		 b = BUF_INIT(1u << 20);
	struct arena		 a;
	struct vcard_result	 r;

	FUZZ_ASSERT(vcard_write(&b, c) == 0);
	for (const char *p = b.p; *p != '\0'; p = strstr(p, "\r\n") + 2)
		FUZZ_ASSERT(strstr(p, "\r\n") - p <= 75);
	arena_init(&a);
	FUZZ_ASSERT(vcard_parse(&a, b.p, b.len, &r) == 0 && r.n == 1);
	same(r.cards[0].fn, c->fn);
	same(r.cards[0].org, c->org);
	same(r.cards[0].title, c->title);
	same(r.cards[0].email, c->email);
	same(r.cards[0].tel, c->tel);
	same(r.cards[0].city, c->city);
	arena_release(&a);
	buf_release(&b);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char			*text = fuzz_str(data, size);
	struct arena		 a;
	struct vcard_result	 r;
	size_t			 last = 0, lines = 1;

	for (size_t i = 0; i < size; i++)
		lines += text[i] == '\n';
	arena_init(&a);
	if (vcard_parse(&a, text, size, &r) == -1) {
		FUZZ_ASSERT(r.error != VCARD_OK);
		FUZZ_ASSERT(strcmp(vcard_error_code(r.error), "invalid") != 0);
		FUZZ_ASSERT(r.line <= lines);
	} else {
		FUZZ_ASSERT(r.n >= 1 && r.n <= VCARD_MAX_CARDS);
		for (size_t i = 0; i < r.n; i++) {
			const char	*name = vcard_name(&a, &r.cards[i]);

			FUZZ_ASSERT(name != NULL && name[0] != '\0');
			FUZZ_ASSERT(r.cards[i].line > last && r.cards[i].line <= lines);
			last = r.cards[i].line;
			round_trip(&r.cards[i]);
		}
	}
	FUZZ_ASSERT(arena_size(&a) <= ARENA_BOUND(size));
	arena_release(&a);
	free(text);
	return 0;
}
