#include <string.h>

#include "../harness.h"
#include "../../../src/base/csv.h"

void
test_csv(void)
{
	static const char	 text[] = "\xEF\xBB\xBF" "a,b,c\r\n"
	    "1,\"two, with comma\",\"say \"\"hi\"\"\"\r\n"
	    "\r\n"
	    "x,\"multi\nline\",\n"
	    "last";
	struct arena		 a = ARENA_INIT;
	struct csv_reader	 r;
	struct buf		 b = BUF_INIT(1024);
	const char		*f[CSV_MAX_FIELDS];
	size_t			 n;

	csv_reader_init(&r, text, sizeof(text) - 1);
	CHECK(csv_next(&r, &a, f, &n) == 1 && n == 3 && r.line == 1);
	CHECK_STR(f[0], "a");
	CHECK(csv_next(&r, &a, f, &n) == 1 && n == 3 && r.line == 2);
	CHECK_STR(f[1], "two, with comma");
	CHECK_STR(f[2], "say \"hi\"");
	CHECK(csv_next(&r, &a, f, &n) == 1 && n == 3 && r.line == 4);	/* the blank line skipped */
	CHECK_STR(f[1], "multi\nline");
	CHECK_STR(f[2], "");
	CHECK(csv_next(&r, &a, f, &n) == 1 && n == 1 && r.line == 6);
	CHECK_STR(f[0], "last");
	CHECK(csv_next(&r, &a, f, &n) == 0);
	/* lone CRs (old Mac files) end lines too, inside quotes as well */
	csv_reader_init(&r, "a,b\r1,\"x\ry\"\r\r2,z\r", 17);
	CHECK(csv_next(&r, &a, f, &n) == 1 && n == 2 && r.line == 1);
	CHECK(csv_next(&r, &a, f, &n) == 1 && n == 2 && r.line == 2);
	CHECK_STR(f[1], "x\ry");
	CHECK(csv_next(&r, &a, f, &n) == 1 && n == 2 && r.line == 5);
	CHECK_STR(f[0], "2");
	CHECK(csv_next(&r, &a, f, &n) == 0);

	csv_reader_init(&r, "1,\"open", 7);
	CHECK(csv_next(&r, &a, f, &n) == -1);

	CHECK(csv_put(&b, "plain") == 0 && buf_puts(&b, ",") == 0 &&
	    csv_put(&b, "a \"quoted\", field") == 0 && csv_put(&b, NULL) == 0);
	CHECK_STR(b.p, "plain,\"a \"\"quoted\"\", field\"");
	buf_release(&b);
	arena_release(&a);
}
