/*
 * Sign-in throttling: the back-off arithmetic (src/api/session.c) and the
 * counts and known pairs kept in the database (src/db/login.c), with
 * times given, so nothing here waits.
 */
#include "../harness.h"
#include "../../../src/api/api.h"
#include "../../../src/base/text.h"

#include <stdlib.h>
#include <unistd.h>

static void
backoff(void)
{
	CHECK(api_login_backoff(0, 5, 1, 900) == 0);
	CHECK(api_login_backoff(4, 5, 1, 900) == 0);
	CHECK(api_login_backoff(5, 5, 1, 900) == 1);
	CHECK(api_login_backoff(6, 5, 1, 900) == 2);
	CHECK(api_login_backoff(7, 5, 1, 900) == 4);
	CHECK(api_login_backoff(14, 5, 1, 900) == 512);
	CHECK(api_login_backoff(15, 5, 1, 900) == 900);
	CHECK(api_login_backoff(1000000, 5, 1, 900) == 900);	/* no overflow, no long loop */
	CHECK(api_login_backoff(INT64_MAX, 1, 3600, 86400) == 86400);
	CHECK(api_login_backoff(3, 3, 3600, 3600) == 3600);
	CHECK(api_login_backoff(2, 1, 30, 45) == 45);
}

static const char *
at(struct arena *a, time_t t)
{
	char	buf[TEXT_TIME_LEN];

	text_time(t, buf);
	return arena_strdup(a, buf);
}

static void
counts(struct db *db, struct arena *a)
{
	struct db_login_counts	 c;
	time_t			 t0 = 1900000000;	/* 2030 */
	const char		*since = at(a, t0 - 100), *known = at(a, t0 - 1000);
	int64_t			 rows, kn;

	CHECK(db_login_counts(db, a, "a@x", "1.1.1.1", since, known, &c) == DB_OK);
	CHECK(c.pair.failures == 0 && c.address.failures == 0 && c.account.failures == 0 && !c.known);
	for (int i = 0; i < 3; i++)
		CHECK(db_login_failure_add(db, "a@x", "1.1.1.1", at(a, t0 + i), since, 0) == DB_OK);
	CHECK(db_login_failure_add(db, "b@x", "1.1.1.1", at(a, t0 + 3), since, 0) == DB_OK);
	CHECK(db_login_failure_add(db, "a@x", "2.2.2.2", at(a, t0 + 4), since, 0) == DB_OK);
	CHECK(db_login_counts(db, a, "a@x", "1.1.1.1", since, known, &c) == DB_OK);
	CHECK(c.pair.failures == 3 && c.address.failures == 4 && c.account.failures == 4);
	CHECK_STR(c.pair.last_at, at(a, t0 + 2));
	CHECK_STR(c.address.last_at, at(a, t0 + 3));
	CHECK_STR(c.account.last_at, at(a, t0 + 4));

	/* a success clears its pair only, and makes it known */
	CHECK(db_login_success(db, "a@x", "1.1.1.1", at(a, t0 + 5), known, 32) == DB_OK);
	CHECK(db_login_counts(db, a, "a@x", "1.1.1.1", since, known, &c) == DB_OK);
	CHECK(c.pair.failures == 0 && c.address.failures == 4 && c.account.failures == 4 && c.known);
	CHECK(db_login_counts(db, a, "a@x", "2.2.2.2", since, known, &c) == DB_OK);
	CHECK(c.pair.failures == 1 && !c.known);
	/* known until known_since passes the sign-in */
	CHECK(db_login_counts(db, a, "a@x", "1.1.1.1", since, at(a, t0 + 5), &c) == DB_OK && !c.known);

	/* a count whose last failure is not after `since` is forgotten, and starts again at one */
	since = at(a, t0 + 3);
	CHECK(db_login_counts(db, a, "b@x", "1.1.1.1", since, known, &c) == DB_OK);
	CHECK(c.pair.failures == 0 && c.address.failures == 0 && c.account.failures == 0);
	CHECK(db_login_failure_add(db, "b@x", "1.1.1.1", at(a, t0 + 200), since, 0) == DB_OK);
	CHECK(db_login_counts(db, a, "b@x", "1.1.1.1", since, known, &c) == DB_OK);
	CHECK(c.pair.failures == 1 && c.address.failures == 1 && c.account.failures == 1);
	/* and dropped: rows of a@x at 2.2.2.2 (t0 + 4) stay, the rest went */
	CHECK(db_login_rows(db, &rows, &kn) == DB_OK && kn == 1);
	CHECK(rows == 6);	/* b@x's three, a@x|2.2.2.2, |2.2.2.2, a@x| */

	/* at most max_rows rows, whatever a flood of new emails makes: the oldest go */
	for (int i = 0; i < 300; i++)
		CHECK(db_login_failure_add(db, arena_printf(a, "flood%d@x", i), "3.3.3.3",
		    at(a, t0 + 300 + i), since, 0) == DB_OK);
	CHECK(db_login_rows(db, &rows, &kn) == DB_OK && rows > 600);
	CHECK(db_login_failure_add(db, "last@x", "3.3.3.3", at(a, t0 + 1000), since, 100) == DB_OK);
	CHECK(db_login_rows(db, &rows, &kn) == DB_OK && rows <= 100 && rows >= 95);
	CHECK(db_login_counts(db, a, "last@x", "3.3.3.3", since, known, &c) == DB_OK);
	CHECK(c.pair.failures == 1 && c.address.failures == 301);	/* the newest kept */

	/* known pairs: at most max_known per account, the latest */
	for (int i = 0; i < 40; i++)
		CHECK(db_login_success(db, "k@x", arena_printf(a, "9.9.9.%d", i), at(a, t0 + i), known,
		    32) == DB_OK);
	CHECK(db_login_counts(db, a, "k@x", "9.9.9.39", since, known, &c) == DB_OK && c.known);
	CHECK(db_login_counts(db, a, "k@x", "9.9.9.8", since, known, &c) == DB_OK && c.known);
	CHECK(db_login_counts(db, a, "k@x", "9.9.9.7", since, known, &c) == DB_OK && !c.known);
	CHECK(db_login_rows(db, &rows, &kn) == DB_OK && kn == 33);	/* 32 of k@x, 1 of a@x */
}

void
test_login(void)
{
	char		 dir[] = "/tmp/pobratim-unit-XXXXXX", path[64];
	struct arena	 a = ARENA_INIT;
	struct db	*db;
	const char	*const files[] = { "t.db", "t.db-wal", "t.db-shm" };

	backoff();
	if (mkdtemp(dir) == NULL) {
		CHECK(!"mkdtemp");
		return;
	}
	snprintf(path, sizeof(path), "%s/t.db", dir);
	db = db_open(path);
	CHECK(db != NULL && db_migrate(db) == 0);
	if (db != NULL) {
		counts(db, &a);
		db_close(db);
	}
	arena_release(&a);
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, files[i]);
		unlink(path);
	}
	rmdir(dir);
}
