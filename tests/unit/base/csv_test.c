#include <stdlib.h>
#include <string.h>

#include "../harness.h"
#include "../../../src/base/alloc.h"
#include "../../../src/base/csv.h"

static void
reader_basics(void)
{
	static const char	 text[] = "\xEF\xBB\xBF" "a,b,c\r\n"
	    "1,\"two, with comma\",\"say \"\"hi\"\"\"\r\n"
	    "\r\n"
	    "x,\"multi\nline\",\n"
	    "last";
	struct csv_reader	 r;
	const char		*f[CSV_MAX_FIELDS];
	size_t			 n;

	csv_reader_init(&r, text, sizeof(text) - 1);
	CHECK(r.sep == ',');
	CHECK(csv_next(&r, f, &n) == 1 && n == 3 && r.line == 1);
	CHECK_STR(f[0], "a");
	CHECK(csv_next(&r, f, &n) == 1 && n == 3 && r.line == 2);
	CHECK_STR(f[1], "two, with comma");
	CHECK_STR(f[2], "say \"hi\"");
	CHECK(csv_next(&r, f, &n) == 1 && n == 3 && r.line == 4);	/* the blank line skipped */
	CHECK_STR(f[1], "multi\nline");
	CHECK_STR(f[2], "");
	CHECK(csv_next(&r, f, &n) == 1 && n == 1 && r.line == 6);
	CHECK_STR(f[0], "last");
	CHECK(csv_next(&r, f, &n) == 0);
	csv_reader_release(&r);
	/* lone CRs (old Mac files) end lines too, inside quotes as well */
	csv_reader_init(&r, "a,b\r1,\"x\ry\"\r\r2,z\r", 17);
	CHECK(csv_next(&r, f, &n) == 1 && n == 2 && r.line == 1);
	CHECK(csv_next(&r, f, &n) == 1 && n == 2 && r.line == 2);
	CHECK_STR(f[1], "x\ry");
	CHECK(csv_next(&r, f, &n) == 1 && n == 2 && r.line == 5);
	CHECK_STR(f[0], "2");
	CHECK(csv_next(&r, f, &n) == 0);
	csv_reader_release(&r);
}

static void
reader_errors(void)
{
	struct csv_reader	 r;
	const char		*f[CSV_MAX_FIELDS];
	size_t			 n;
	char			*big;

	csv_reader_init(&r, "1,\"open", 7);
	CHECK(csv_next(&r, f, &n) == -1 && r.error == CSV_ERR_QUOTE);
	CHECK(csv_next(&r, f, &n) == 0);	/* at the end after an error */
	csv_reader_release(&r);

	big = xmalloc(CSV_MAX_RECORD + 100);
	memset(big, ',', 40);
	csv_reader_init(&r, big, 40);
	CHECK(csv_next(&r, f, &n) == -1 && r.error == CSV_ERR_FIELDS);
	csv_reader_release(&r);
	memset(big, 'x', CSV_MAX_RECORD + 100);
	memcpy(big, "a\n", 2);
	csv_reader_init(&r, big, CSV_MAX_RECORD + 100);
	CHECK(csv_next(&r, f, &n) == 1 && n == 1);
	CHECK(csv_next(&r, f, &n) == -1 && r.error == CSV_ERR_LONG);
	CHECK(r.rec.cap <= CSV_MAX_RECORD + CSV_MAX_FIELDS + 1);
	csv_reader_release(&r);
	free(big);
}

/* Russian-locale Excel saves ';', others tabs: the header line says which. */
static void
reader_separators(void)
{
	static const char	 semi[] = "\xEF\xBB\xBF" "id;note_ru;\"a,b\"\r\n7;\"Минск; столица\";1,5\r\n";
	static const char	 tab[] = "a\tb,c\tz\n1\t\"x\ty\"\t2\n";
	struct csv_reader	 r;
	const char		*f[CSV_MAX_FIELDS];
	size_t			 n;

	csv_reader_init(&r, semi, sizeof(semi) - 1);
	CHECK(r.sep == ';');
	CHECK(csv_next(&r, f, &n) == 1 && n == 3);
	CHECK_STR(f[0], "id");	/* the byte order mark is not part of the first name */
	CHECK_STR(f[2], "a,b");
	CHECK(csv_next(&r, f, &n) == 1 && n == 3);
	CHECK_STR(f[1], "Минск; столица");
	CHECK_STR(f[2], "1,5");
	csv_reader_release(&r);
	csv_reader_init(&r, tab, sizeof(tab) - 1);
	CHECK(r.sep == '\t');
	CHECK(csv_next(&r, f, &n) == 1 && n == 3);
	CHECK_STR(f[1], "b,c");
	CHECK(csv_next(&r, f, &n) == 1 && n == 3);
	CHECK_STR(f[1], "x\ty");
	csv_reader_release(&r);
	csv_reader_init(&r, "one\n", 4);
	CHECK(r.sep == ',');
	csv_reader_release(&r);
}

/* The record buffer is reused: memory follows the longest record, not the file. */
static void
reader_memory(void)
{
	enum { ROWS = 100000 };
	struct buf		 text = BUF_INIT(8u << 20);
	struct csv_reader	 r;
	const char		*f[CSV_MAX_FIELDS];
	size_t			 n, rows = 0;

	for (int i = 0; i < ROWS; i++)
		CHECK(buf_printf(&text, "%d,\"x\"\"y\",z\r\n", i) == 0);
	csv_reader_init(&r, text.p, text.len);
	while (csv_next(&r, f, &n) == 1)
		rows += n == 3 && strcmp(f[1], "x\"y") == 0;
	CHECK(rows == ROWS);
	CHECK(r.rec.cap <= 256);
	csv_reader_release(&r);
	buf_release(&text);
}

static void
writer(void)
{
	static const char *const formulae[] = { "=1+2", "+7", "-x", "@SUM(A1)", "\tx", "\rx",
		"'=x", "''-1" };
	struct csv_writer	 w;
	struct csv_reader	 r;
	const char		*f[CSV_MAX_FIELDS];
	size_t			 n;

	csv_writer_init(&w, 1024, ',');
	csv_cell(&w, "plain");
	csv_cell(&w, "a \"quoted\", field");
	csv_cell(&w, NULL);
	csv_cell(&w, "=HYPERLINK(\"http://x\")");
	csv_cell_int(&w, -5);
	csv_cell_real(&w, -0.5);
	csv_cell_real(&w, 11270000000.0);
	csv_cell_real(&w, 0.1);
	csv_row_end(&w);
	csv_cell(&w, "Москва; Минск");
	csv_row_end(&w);
	CHECK(csv_writer_done(&w) == 0);
	CHECK_STR(w.b.p, CSV_BOM "plain,\"a \"\"quoted\"\", field\",,\"'=HYPERLINK(\"\"http://x\"\")\","
	    "-5,-0.5,11270000000,0.1\r\nМосква; Минск\r\n");
	csv_writer_release(&w);

	/* with ';' the separator is what needs quoting */
	csv_writer_init(&w, 1024, ';');
	csv_cell(&w, "a,b");
	csv_cell(&w, "c;d");
	csv_row_end(&w);
	CHECK_STR(w.b.p, CSV_BOM "a,b;\"c;d\"\r\n");
	csv_writer_release(&w);

	/* every formula is neutralised, and reads back as it was */
	for (size_t i = 0; i < sizeof(formulae) / sizeof(formulae[0]); i++) {
		CHECK(csv_formula(formulae[i]));
		csv_writer_init(&w, 1024, ',');
		csv_cell(&w, "h");
		csv_row_end(&w);
		csv_cell(&w, formulae[i]);
		csv_row_end(&w);
		CHECK(csv_writer_done(&w) == 0);
		CHECK(strstr(w.b.p, "\"'") != NULL);
		csv_reader_init(&r, w.b.p, w.b.len);
		CHECK(csv_next(&r, f, &n) == 1 && csv_next(&r, f, &n) == 1 && n == 1);
		CHECK(f[0][0] == '\'');
		CHECK_STR(csv_text(f[0]), formulae[i]);
		csv_reader_release(&r);
		csv_writer_release(&w);
	}
	CHECK(!csv_formula("plain") && !csv_formula("'quoted") && !csv_formula("") &&
	    !csv_formula(NULL) && !csv_formula("1-2"));
	CHECK_STR(csv_text("'quoted"), "'quoted");
	CHECK_STR(csv_text("'-1"), "-1");

	/* past the ceiling: remembered, the file is to be thrown away */
	csv_writer_init(&w, 8, ',');
	csv_cell(&w, "0123456789");
	csv_row_end(&w);
	CHECK(csv_writer_done(&w) == -1);
	csv_writer_release(&w);
}

void
test_csv(void)
{
	reader_basics();
	reader_errors();
	reader_separators();
	reader_memory();
	writer();
}
