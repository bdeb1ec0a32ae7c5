/*
 * bench/rows.c: what reading rows by column name costs against reading them
 * by index, in the same run on the same rows (make bench-rows).
 *
 * A table of 30 columns (10 integers, 10 texts, 10 reals) and ROWS rows is
 * read whole, the way the query files read: by index (col_*, the
 * reference), by name in the SELECT's order (row_*, what src/db does), and
 * by name in reverse order (col_index's worst case: every lookup scans).
 * Each is the best of RUNS, taken in turns; the figures are ns a row and the ratio to the
 * reference.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "../src/db/db_internal.h"

#define ROWS	20000
#define RUNS	15
#define COLS	30

#define C3(p, k)	p #k " AS " p #k ", "
#define TEN(p)	C3(p, 0) C3(p, 1) C3(p, 2) C3(p, 3) C3(p, 4) C3(p, 5) C3(p, 6) C3(p, 7) C3(p, 8) C3(p, 9)

static const char *const SQL_CREATE =
	"CREATE TABLE bench_rows (i0, i1, i2, i3, i4, i5, i6, i7, i8, i9, t0, t1, t2, t3, t4, t5,"
	" t6, t7, t8, t9, r0, r1, r2, r3, r4, r5, r6, r7, r8, r9)";
static const char *const SQL_FILL =
	"WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 20000)"
	" INSERT INTO bench_rows SELECT x, x+1, x+2, x+3, x+4, x+5, x+6, x+7, x+8, x+9,"
	" 'name ' || x, 'Москва ' || x, 'text', 'a longer text of a note ' || x, 'ru', 'en',"
	" '2026-12-08', 'active', 'sister', 'Düsseldorf',"
	" x * 0.5, x * 1.5, 55.75, 37.61, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0 FROM n";
static const char *const SQL_READ =
	"SELECT " TEN("i") TEN("t") C3("r", 0) C3("r", 1) C3("r", 2) C3("r", 3) C3("r", 4)
	C3("r", 5) C3("r", 6) C3("r", 7) C3("r", 8) "r9 AS r9 FROM bench_rows";

static const char *const NAMES[COLS] = {
	"i0", "i1", "i2", "i3", "i4", "i5", "i6", "i7", "i8", "i9",
	"t0", "t1", "t2", "t3", "t4", "t5", "t6", "t7", "t8", "t9",
	"r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7", "r8", "r9",
};

enum how { BY_INDEX, BY_NAME, BY_NAME_REVERSED };

static double
now_ns(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

/* One column k of the row as the query files read it; its value folded into sum. */
static void
read_column(struct db_stmt *st, struct arena *a, int k, enum how how, double *sum)
{
	int	i = how == BY_INDEX ? k : col_index(st, NAMES[k]);

	if (k < 10)
		*sum += (double)col_int(st, i);
	else if (k < 20)
		*sum += col_text(st, a, i) != NULL;
	else
		*sum += col_double(st, i);
}

/* ns a row to read every row with every column, how; -1 on an error */
static double
read_all(struct db *db, enum how how, double *sum)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_READ);
	struct arena	 a = ARENA_INIT;
	double		 t0;
	int		 rows = 0, rc;

	if (st == NULL)
		return -1;
	t0 = now_ns();
	while ((rc = stmt_step(st)) == DB_ROW) {
		for (int k = 0; k < COLS; k++)
			read_column(st, &a, how == BY_NAME_REVERSED ? COLS - 1 - k : k, how, sum);
		rows++;
		if (rows % 1000 == 0)
			arena_release(&a);
	}
	stmt_done(st);
	arena_release(&a);
	return rc == DB_DONE && rows == ROWS ? (now_ns() - t0) / rows : -1;
}

/* The best of RUNS of each way, taken in turns so that a busy moment hits all three alike. */
static int
best(struct db *db, double t[3], double *sum)
{
	for (int h = 0; h < 3; h++)
		t[h] = -1;
	for (int r = 0; r < RUNS; r++)
		for (int h = 0; h < 3; h++) {
			double	x = read_all(db, h, sum);

			if (x < 0)
				return -1;
			if (t[h] < 0 || x < t[h])
				t[h] = x;
		}
	return 0;
}

int
main(void)
{
	char		 path[] = "/tmp/pobratim-bench-rows-XXXXXX";
	const char	*label[] = { "by index (col_*, reference)", "by name, SELECT order (row_*)",
			    "by name, reversed (worst case)" };
	double		 t[3], sum = 0;
	struct db	*db;
	int		 fd = mkstemp(path);

	if (fd == -1 || close(fd) == -1 || (db = db_open(path)) == NULL) {
		fprintf(stderr, "bench-rows: cannot open a database in %s\n", path);
		return 1;
	}
	if (stmt_exec(stmt_prepare(db, SQL_CREATE)) != DB_OK ||
	    stmt_exec(stmt_prepare(db, SQL_FILL)) != DB_OK) {
		fprintf(stderr, "bench-rows: cannot fill the table\n");
		return 1;
	}
	if (best(db, t, &sum) == -1) {
		fprintf(stderr, "bench-rows: reading failed\n");
		return 1;
	}
	printf("rows: %d rows of %d columns, best of %d (checksum %.0f)\n", ROWS, COLS, RUNS, sum);
	for (int h = 0; h < 3; h++)
		printf("  %-32s %8.0f ns a row  %5.2f× the reference\n", label[h], t[h], t[h] / t[0]);
	db_close(db);
	unlink(path);
	return 0;
}
