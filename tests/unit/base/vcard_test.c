#include <stdlib.h>
#include <string.h>

#include "../harness.h"
#include "../../../src/base/vcard.h"

static int
parse(struct arena *a, const char *text, size_t len, struct vcard_result *r)
{
	return vcard_parse(a, text, len, r);
}

static void
reader_basics(void)
{
	static const char	 text[] = "\xEF\xBB\xBF" "BEGIN:VCARD\r\n"
	    "VERSION:4.0\r\n"
	    "item1.FN:Пётр\r\n"
	    "  Гладков\r\n"
	    "N:Гладков;Пётр;;;\r\n"
	    "ORG:Московский дом соотечественника;Дирекция\r\n"
	    "TITLE;LANGUAGE=ru:директор\\, глава\\nдома\r\n"
	    "EMAIL;TYPE=\"work,pref\":gladkov@example.org\r\n"
	    "EMAIL:second@example.org\r\n"
	    "TEL;VALUE=uri:tel:+7-495-000\r\n"
	    "ADR;TYPE=work;LABEL=\"a: b\":;;ул. Мира\\, 1;Москва;;129090;Россия\r\n"
	    "PHOTO;ENCODING=b;TYPE=JPEG:AAAA\r\n"
	    "END:VCARD\n"
	    "\n"
	    "begin:vcard\n"
	    "version:3.0\n"
	    "n:Ли;Вэй\n"
	    "end:vcard";
	struct arena		 a;
	struct vcard_result	 r;

	arena_init(&a);
	CHECK(parse(&a, text, sizeof(text) - 1, &r) == 0 && r.n == 2);
	CHECK_STR(r.cards[0].fn, "Пётр Гладков");	/* unfolded: the one space after the break goes */
	CHECK_STR(r.cards[0].family, "Гладков");
	CHECK_STR(r.cards[0].given, "Пётр");
	CHECK_STR(r.cards[0].org, "Московский дом соотечественника");
	CHECK_STR(r.cards[0].title, "директор, глава\nдома");
	CHECK_STR(r.cards[0].email, "gladkov@example.org");	/* the first wins */
	CHECK_STR(r.cards[0].tel, "+7-495-000");
	CHECK_STR(r.cards[0].city, "Москва");
	CHECK(r.cards[0].line == 1 && r.cards[1].line == 15);
	CHECK(r.cards[1].fn == NULL);
	CHECK_STR(vcard_name(&a, &r.cards[1]), "Вэй Ли");
	arena_release(&a);
}

static void
reader_refusals(void)
{
	static const struct {
		const char	*text;
		enum vcard_error error;
		size_t		 line;
	} cases[] = {
		{ "", VCARD_ERR_EMPTY, 0 },
		{ "\r\n\r\n", VCARD_ERR_EMPTY, 0 },
		{ "FN:x\r\n", VCARD_ERR_SYNTAX, 1 },
		{ "BEGIN:VCARD\r\nVERSION:3.0\r\nno colon\r\nEND:VCARD\r\n", VCARD_ERR_SYNTAX, 3 },
		{ "BEGIN:VCARD\r\nVERSION:3.0\r\nF N:x\r\nEND:VCARD\r\n", VCARD_ERR_SYNTAX, 3 },
		{ "BEGIN:VCALENDAR\r\n", VCARD_ERR_SYNTAX, 1 },
		{ "BEGIN:VCARD\r\nBEGIN:VCARD\r\n", VCARD_ERR_NESTING, 2 },
		{ "END:VCARD\r\n", VCARD_ERR_NESTING, 1 },
		{ "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:x\r\n", VCARD_ERR_NESTING, 1 },
		{ "BEGIN:VCARD\r\nFN:x\r\nEND:VCARD\r\n", VCARD_ERR_VERSION, 1 },
		{ "BEGIN:VCARD\r\nVERSION:2.1\r\nFN:x\r\nEND:VCARD\r\n", VCARD_ERR_VERSION, 2 },
		{ "BEGIN:VCARD\r\nVERSION:3.0\r\nFN;ENCODING=QUOTED-PRINTABLE:=41\r\nEND:VCARD\r\n",
		    VCARD_ERR_QUOTED_PRINTABLE, 3 },
		{ "BEGIN:VCARD\r\nVERSION:3.0\r\nFN;QUOTED-PRINTABLE:=41\r\nEND:VCARD\r\n",
		    VCARD_ERR_QUOTED_PRINTABLE, 3 },
		{ "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:\r\nEND:VCARD\r\n", VCARD_ERR_NO_NAME, 1 },
		{ "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:\xc3\x28\r\nEND:VCARD\r\n", VCARD_ERR_UTF8, 3 },
		{ "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:\xed\xa0\x80\r\nEND:VCARD\r\n", VCARD_ERR_UTF8, 3 },
		{ "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:\xc0\xaf\r\nEND:VCARD\r\n", VCARD_ERR_UTF8, 3 },
		{ "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:a\x1b[31m\r\nEND:VCARD\r\n", VCARD_ERR_CONTROL, 3 },
		{ "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:a\x02" "b\r\nEND:VCARD\r\n", VCARD_ERR_CONTROL, 3 },
		/* a lone CR: a line break to some readers, text to others */
		{ "BEGIN:VCARD\r\nVERSION:3.0\r\nORG:a\rb\r\nEND:VCARD\r\n", VCARD_ERR_CONTROL, 3 },
	};
	struct arena		 a;
	struct vcard_result	 r;

	arena_init(&a);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int	rc = parse(&a, cases[i].text, strlen(cases[i].text), &r);

		CHECK(rc == -1 && r.error == cases[i].error && r.line == cases[i].line);
		if (rc != -1 || r.error != cases[i].error || r.line != cases[i].line)
			fprintf(stderr, "  case %zu: %s at %zu\n", i, vcard_error_code(r.error), r.line);
	}
	/* a NUL inside the text is a control character too */
	CHECK(parse(&a, "BEGIN:VCARD\r\nFN:a\0b", 20, &r) == -1 && r.error == VCARD_ERR_CONTROL);
	CHECK_STR(vcard_error_code(VCARD_ERR_QUOTED_PRINTABLE), "quoted_printable");
	arena_release(&a);
}

/* The bounds: size, lines, a line's length, cards; memory follows the input. */
static void
reader_bounds(void)
{
	struct arena		 a;
	struct vcard_result	 r;
	size_t			 n = VCARD_MAX_BYTES + 1, len;
	char			*big = malloc(n + 1);
	const char		*card = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:x\r\nEND:VCARD\r\n";

	arena_init(&a);
	memset(big, '\n', n);
	CHECK(parse(&a, big, n, &r) == -1 && r.error == VCARD_ERR_TOO_LARGE);
	CHECK(parse(&a, big, VCARD_MAX_LINES + 1, &r) == -1 && r.error == VCARD_ERR_TOO_MANY_LINES);
	CHECK(parse(&a, big, VCARD_MAX_LINES, &r) == -1 && r.error == VCARD_ERR_EMPTY);
	/* one line of 16 KiB + 1 by folding many short ones */
	len = (size_t)sprintf(big, "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:");
	for (size_t i = 0; i < VCARD_MAX_LINE / 9 + 1; i++)
		len += (size_t)sprintf(big + len, "abcdefghi\r\n ");
	len += (size_t)sprintf(big + len, "x\r\nEND:VCARD\r\n");
	CHECK(parse(&a, big, len, &r) == -1 && r.error == VCARD_ERR_LINE_TOO_LONG && r.line == 3);
	/* VCARD_MAX_CARDS cards are read, one more is not */
	len = 0;
	for (size_t i = 0; i <= VCARD_MAX_CARDS; i++)
		len += (size_t)sprintf(big + len, "%s", card);
	CHECK(parse(&a, big, len, &r) == -1 && r.error == VCARD_ERR_TOO_MANY_CARDS);
	arena_release(&a);
	arena_init(&a);
	CHECK(parse(&a, big, len - strlen(card), &r) == 0 && r.n == VCARD_MAX_CARDS);
	/* the arena holds the line buffer and what the cards keep: linear in the input */
	CHECK(arena_size(&a) <= VCARD_MAX_LINE + 8 * len + 4096);
	arena_release(&a);
	free(big);
}

static void
writer(void)
{
	struct vcard		 c = { .fn = "Иван; Петров, мл.", .org = "Мэрия", .title =
	    "Очень длинная должность, которая не помещается в одну строку из семидесяти пяти октетов",
	    .email = "ivan@example.org", .tel = "+7 495 000", .city = "Москва" };
	struct buf		 b = BUF_INIT(1 << 16);
	struct arena		 a;
	struct vcard_result	 r;
	const char		*p;

	CHECK(vcard_write(&b, &c) == 0);
	CHECK(strncmp(b.p, "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Иван\\; Петров\\, мл.\r\n", 60) == 0);
	for (p = b.p; *p != '\0'; p = strstr(p, "\r\n") + 2) {
		size_t	line = (size_t)(strstr(p, "\r\n") - p);

		CHECK(line <= 75);
		CHECK(((unsigned char)p[0] & 0xc0) != 0x80);	/* never inside a character */
	}
	arena_init(&a);
	CHECK(vcard_parse(&a, b.p, b.len, &r) == 0 && r.n == 1);
	CHECK_STR(r.cards[0].fn, c.fn);
	CHECK_STR(r.cards[0].family, c.fn);	/* N, which 3.0 requires, from FN */
	CHECK_STR(r.cards[0].title, c.title);
	CHECK_STR(r.cards[0].org, c.org);
	CHECK_STR(r.cards[0].email, c.email);
	CHECK_STR(r.cards[0].tel, c.tel);
	CHECK_STR(r.cards[0].city, c.city);
	arena_release(&a);
	buf_release(&b);
	/* past the ceiling */
	b = (struct buf)BUF_INIT(16);
	CHECK(vcard_write(&b, &c) == -1);
	buf_release(&b);
}

void
test_vcard(void)
{
	reader_basics();
	reader_refusals();
	reader_bounds();
	writer();
}
