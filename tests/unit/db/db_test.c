#include "../harness.h"
#include "../../../src/db/db.h"

#include <sqlite3.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static void
seed(struct db *db)
{
	struct db_country cn = { "CN", "CHN", "156", "China", "Китай", "asia" };
	struct db_country by = { "BY", "BLR", "112", "Belarus", "Беларусь", "europe" };
	struct db_city	  harbin = { .geonames_id = 2037013, .name_en = "Harbin",
			      .name_ru = "Харбин", .country_code = "CN", .timezone = "Asia/Shanghai",
			      .latitude = 45.75, .longitude = 126.65, .population = 5242897 };
	struct db_city	  minsk = { .geonames_id = 625144, .name_en = "Minsk", .name_ru = "Минск",
			      .country_code = "BY", .timezone = "Europe/Minsk", .latitude = 53.9,
			      .longitude = 27.56, .population = 1742124 };
	struct db_city	  chengdu = { .geonames_id = 1815286, .name_en = "Chengdu",
			      .country_code = "CN", .timezone = "Asia/Shanghai", .population = 7415590 };

	CHECK(db_country_put(db, &cn) == DB_OK);
	CHECK(db_country_put(db, &by) == DB_OK);
	CHECK(db_city_put(db, &harbin) == DB_OK);
	CHECK(db_city_put(db, &minsk) == DB_OK);
	CHECK(db_city_put(db, &chengdu) == DB_OK);
	CHECK(db_city_put(db, &harbin) == DB_OK);	/* upsert by geonames id */
}

/* A delegation with two members, from Harbin (or from China, no city) to Minsk. */
static int64_t
delegation(struct db *db, bool from_country)
{
	struct db_delegation_member	members[] = { { "Li Wei", NULL, NULL },
					    { "Wang Fang", NULL, NULL } };
	struct db_delegation		d = { .specialty_ru = "врачи", .specialty_en = "doctors",
					    .purpose_ru = "помощь", .purpose_en = "help", .year = 2020,
					    .status = "held", .members = members, .nmembers = 2 };
	int64_t				id = 0;

	CHECK(db_city_id_by_geonames(db, 625144, &d.to_city_id) == DB_OK);
	if (from_country)
		d.from_country = "CN";
	else
		CHECK(db_city_id_by_geonames(db, 2037013, &d.from_city_id) == DB_OK);
	CHECK(db_begin(db) == 0);
	CHECK(db_delegation_insert(db, &d, 0, &id) == DB_OK);
	CHECK(db_commit(db) == 0);
	return id;
}

/*
 * A migration that builds a table anew (0028: delegations) keeps the rows that
 * refer to it: it is run again on a database whose delegations have members,
 * and they are all still there; foreign keys are on again after it.
 */
static struct db *
rebuild(struct db *db, const char *path, struct arena *a)
{
	int64_t			 id = delegation(db, false);
	struct db_delegation	 d;
	sqlite3			*raw;

	db_close(db);
	CHECK(sqlite3_open(path, &raw) == SQLITE_OK);
	CHECK(sqlite3_exec(raw, "DELETE FROM schema_migrations WHERE version = 28", NULL, NULL,
	    NULL) == SQLITE_OK);
	sqlite3_close(raw);
	db = db_open(path);
	CHECK(db != NULL && db_migrate(db) == 0);
	CHECK(db_delegation_get(db, a, id, &d) == DB_OK && d.nmembers == 2 && d.from.id != 0 &&
	    d.from_country == NULL);
	id = delegation(db, true);
	CHECK(db_delegation_get(db, a, id, &d) == DB_OK && d.from.id == 0 &&
	    d.from_country != NULL && strcmp(d.from_country, "CN") == 0 && d.nmembers == 2);
	CHECK(db_begin(db) == 0);
	d.from_city_id = 999999;	/* no such city: foreign keys are on again */
	d.from_country = NULL;
	CHECK(db_delegation_insert(db, &d, 0, &id) != DB_OK);
	db_rollback(db);
	return db;
}

/* Whether column col of table t leads an index of t (or is its rowid key). */
static bool
indexed(sqlite3 *h, const char *t, const char *col)
{
	sqlite3_stmt	*s;
	char		*sql = sqlite3_mprintf("SELECT 1 FROM pragma_index_list(%Q) l"
			    " JOIN pragma_index_info(l.name) i ON i.seqno = 0 WHERE i.name = %Q"
			    " UNION ALL SELECT 1 FROM pragma_table_info(%Q) WHERE pk = 1 AND name = %Q"
			    " AND type = 'INTEGER'", t, col, t, col);
	bool		 found = false;

	if (sqlite3_prepare_v2(h, sql, -1, &s, NULL) == SQLITE_OK) {
		found = sqlite3_step(s) == SQLITE_ROW;
		sqlite3_finalize(s);
	}
	sqlite3_free(sql);
	return found;
}

/*
 * Every foreign key's column leads an index of its table (0030): without one,
 * a parent's delete reads the whole child table to find its children.
 */
static void
foreign_keys_indexed(const char *path)
{
	sqlite3		*h;
	sqlite3_stmt	*s;
	int		 keys = 0;

	CHECK(sqlite3_open(path, &h) == SQLITE_OK);
	CHECK(sqlite3_prepare_v2(h, "SELECT m.name, f.\"from\", f.\"table\" FROM sqlite_schema m"
	    " JOIN pragma_foreign_key_list(m.name) f WHERE m.type = 'table'", -1, &s, NULL) ==
	    SQLITE_OK);
	while (sqlite3_step(s) == SQLITE_ROW) {
		const char	*t = (const char *)sqlite3_column_text(s, 0);
		const char	*col = (const char *)sqlite3_column_text(s, 1);

		keys++;
		if (!indexed(h, t, col))
			printf("  %s.%s (refers to %s) has no index\n", t, col,
			    (const char *)sqlite3_column_text(s, 2));
		CHECK(indexed(h, t, col));
	}
	sqlite3_finalize(s);
	sqlite3_close(h);
	CHECK(keys > 100);	/* the schema's, not an empty answer */
}

static size_t
city_search(struct db *db, struct arena *a, const char *q, const char *country)
{
	struct db_city_filter	 f = { .q = q, .country = country, .limit = 10 };
	struct db_city		*items;
	size_t			 n = 0;

	CHECK(db_city_list(db, a, &f, &items, &n) == DB_OK);
	return n;
}

static void
cities(struct db *db, struct arena *a)
{
	struct db_city_filter	 f = { .limit = 2 };
	struct db_city		*items;
	size_t			 n;
	int64_t			 id;

	CHECK(city_search(db, a, "хар", NULL) == 1);
	CHECK(city_search(db, a, "harb", NULL) == 1);
	CHECK(city_search(db, a, "arbin", NULL) == 0);	/* word starts only */
	CHECK(city_search(db, a, "%", NULL) == 0);	/* LIKE's own characters are escaped */
	CHECK(city_search(db, a, NULL, "CN") == 2);
	/* keyset pages: population descending */
	CHECK(db_city_list(db, a, &f, &items, &n) == DB_OK && n == 2);
	CHECK_STR(items[0].name_en, "Chengdu");
	CHECK_STR(items[1].name_en, "Harbin");
	f.after_population = items[1].population;
	f.after_id = items[1].id;
	CHECK(db_city_list(db, a, &f, &items, &n) == DB_OK && n == 1);
	CHECK_STR(items[0].name_en, "Minsk");
	CHECK_STR(items[0].country_name_ru, "Беларусь");
	CHECK(db_city_id_by_geonames(db, 1815286, &id) == DB_OK);
	CHECK(db_city_set_name_ru(db, id, "Чэнду") == DB_OK);
	CHECK(city_search(db, a, "чэн", NULL) == 1);
	CHECK(db_city_set_name_ru(db, id, "Ченду") == DB_OK);
	CHECK(city_search(db, a, "чэн", NULL) == 0);	/* the old name's words are gone */
	CHECK(city_search(db, a, "ченду", NULL) == 1);
	CHECK(city_search(db, a, "chengdu ч", NULL) == 1);	/* words in a row, the last a prefix */
	CHECK(city_search(db, a, "ch ченду", NULL) == 0);	/* earlier words are whole */
	CHECK(city_search(db, a, "харбин", "BY") == 0);
	CHECK(db_city_id_by_geonames(db, 1, &id) == DB_NOTFOUND);
}

static void
orgs_users(struct db *db, struct arena *a)
{
	struct db_org	 org = { .kind = "city_administration", .name_en = "Minsk City Executive Committee",
			     .name_ru = "Минский городской исполнительный комитет", .short_ru = "Мингорисполком" };
	struct db_user	 u = { .email = "p@x.by", .name = "Partner", .role = "partner", .locale = "ru",
			     .password_hash = "h" }, got;
	struct db_session s;
	struct db_org	 read;
	int64_t		 org_id, user_id, city_id;

	CHECK(db_city_id_by_geonames(db, 625144, &city_id) == DB_OK);
	org.city_id = 999999;
	CHECK(db_org_insert(db, &org, &org_id) == DB_INVALID);	/* foreign key */
	org.city_id = city_id;
	CHECK(db_org_insert(db, &org, &org_id) == DB_OK);
	CHECK(db_org_get(db, a, org_id, &read) == DB_OK);
	CHECK_STR(read.city.name_ru, "Минск");
	CHECK(read.user_count == 0);
	u.org_id = org_id;
	CHECK(db_user_insert(db, &u, &user_id) == DB_OK);
	CHECK(db_user_insert(db, &u, &user_id) == DB_CONFLICT);	/* same email */
	CHECK(db_org_delete(db, org_id) == DB_CONFLICT);	/* a user belongs to it */
	CHECK(db_user_get_by_email(db, a, "p@x.by", &got) == DB_OK);
	CHECK_STR(got.org.name_ru, "Минский городской исполнительный комитет");

	CHECK(db_session_insert(db, "hash1", got.id, "csrf", "2026-01-01T00:00:00Z",
	    "2026-02-01T00:00:00Z", "127.0.0.1", NULL) == DB_OK);
	CHECK(db_session_get(db, a, "hash1", "2026-01-15T00:00:00Z", &s, &got) == DB_OK);
	CHECK_STR(s.csrf_token, "csrf");
	CHECK(db_session_get(db, a, "hash1", "2026-03-01T00:00:00Z", &s, &got) == DB_NOTFOUND);
	got.disabled = true;
	CHECK(db_user_update(db, &got) == DB_OK);
	CHECK(db_session_get(db, a, "hash1", "2026-01-15T00:00:00Z", &s, &got) == DB_NOTFOUND);

	/* failed sign-ins: tests/unit/db/login_test.c */
	CHECK(db_user_delete(db, got.id) == DB_OK);
	CHECK(db_user_delete(db, got.id) == DB_NOTFOUND);
	CHECK(db_org_delete(db, org_id) == DB_OK);
}

/*
 * Generations per table: a read's stamp stays while nothing writes what it
 * read, and moves after a commit to one of its tables on either connection
 * or in another process; a write to another table (a failed sign-in) leaves
 * it, and moves the stamp of what read that one.
 */
static void
generation(struct db *db, const char *path, struct arena *a)
{
	struct db		*other = db_open(path);
	struct db_country	 mn = { "MN", "MNG", "496", "Mongolia", "Монголия", "asia" };
	struct db_country	 kz = { "KZ", "KAZ", "398", "Kazakhstan", "Казахстан", "asia" };
	struct db_country	*list;
	struct db_login_counts	 lc;
	struct db_reads		 countries, logins;
	uint64_t		 c, l, seen;
	size_t			 n;
	int			 status;

	CHECK(other != NULL);
	if (other == NULL)
		return;
	db_reads_begin(db);
	CHECK(db_country_list(db, a, &list, &n) == DB_OK);
	db_reads_end(db, &countries);
	db_reads_begin(db);
	CHECK(db_login_counts(db, a, "g@x", "1.1.1.1", "2026-01-01T00:00:00Z",
	    "2026-01-01T00:00:00Z", &lc) == DB_OK);
	db_reads_end(db, &logins);
	CHECK(!countries.unknown && !logins.unknown);
	c = db_reads_stamp(&countries);
	l = db_reads_stamp(&logins);
	seen = db_writes_seen(db);
	CHECK(db_reads_stamp(&countries) == c && db_writes_seen(db) == seen);
	CHECK(db_country_put(db, &mn) == DB_OK);		/* this connection */
	CHECK(db_reads_stamp(&countries) != c);
	CHECK(db_reads_stamp(&logins) == l);		/* another table */
	CHECK(db_writes_seen(db) != seen);
	c = db_reads_stamp(&countries);
	CHECK(db_login_failure_add(db, "g@x", "1.1.1.1", "2026-01-02T00:00:00Z",
	    "2026-01-01T00:00:00Z", 0) == DB_OK);
	CHECK(db_reads_stamp(&logins) != l);
	CHECK(db_reads_stamp(&countries) == c);
	l = db_reads_stamp(&logins);
	CHECK(db_country_put(other, &kz) == DB_OK);	/* another connection */
	CHECK(db_reads_stamp(&countries) != c);
	CHECK(db_reads_stamp(&logins) == l);
	db_close(other);
	/* the look at other processes' writes counts this one's again, once */
	usleep(150 * 1000);
	(void)db_writes_seen(db);
	c = db_reads_stamp(&countries);
	l = db_reads_stamp(&logins);
	CHECK(db_reads_stamp(&countries) == c);
	/* another process: its commit is seen within 100 ms */
	if (fork() == 0) {
		struct db	*child = db_open(path);
		struct db_country uz = { "UZ", "UZB", "860", "Uzbekistan", "Узбекистан", "asia" };

		_exit(child != NULL && db_country_put(child, &uz) == DB_OK ? 0 : 1);
	}
	wait(&status);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	usleep(150 * 1000);
	(void)db_writes_seen(db);	/* looks for other processes' writes */
	CHECK(db_reads_stamp(&countries) != c);
	CHECK(db_reads_stamp(&logins) == l);
}

static mode_t
mode_of(const char *path)
{
	struct stat	st;

	return stat(path, &st) == 0 ? st.st_mode & 0777 : 0;
}

/*
 * The files: a new database is 0600, an old one open to all loses that; a
 * backup is checked and never overwrites; a restore waits for no one and
 * refuses while a connection is open.
 */
static void
files(const char *dir, const char *path, const char *copy)
{
	char		 other[128], junk[128];
	struct db	*db;
	FILE		*f;

	CHECK(mode_of(path) == 0600);
	CHECK(mode_of(copy) == 0600);
	snprintf(junk, sizeof(junk), "%s/junk.db", dir);
	if ((f = fopen(junk, "w")) != NULL) {
		fputs("not a database", f);
		fclose(f);
	}
	/* open: a restore is refused, and a backup to an existing file */
	db = db_open(path);
	CHECK(db != NULL);
	CHECK(db_restore(path, copy) == -1);
	CHECK(db_backup(db, copy) == -1);
	db_close(db);
	CHECK(db_restore(path, junk) == -1);
	CHECK(db_restore(path, copy) == 0);
	CHECK(mode_of(path) == 0600);
	/* an old database open to every user keeps the group's bits only */
	CHECK(chmod(path, 0644) == 0);
	db = db_open(path);
	CHECK(db != NULL && db_integrity_check(db) == 0);
	CHECK(mode_of(path) == 0640);
	db_close(db);
	snprintf(other, sizeof(other), "%s/new.db", dir);
	CHECK(db_restore(other, copy) == 0 && mode_of(other) == 0600);
	unlink(junk);
	unlink(other);
	snprintf(other, sizeof(other), "%s/new.db.lock", dir);
	unlink(other);
}

void
test_db(void)
{
	char		 dir[] = "/tmp/pobratim-unit-XXXXXX", path[64], copy[64];
	struct arena	 a = ARENA_INIT;
	struct db	*db;

	if (mkdtemp(dir) == NULL) {
		CHECK(!"mkdtemp");
		return;
	}
	snprintf(path, sizeof(path), "%s/t.db", dir);
	snprintf(copy, sizeof(copy), "%s/copy.db", dir);
	db = db_open(path);
	CHECK(db != NULL);
	if (db == NULL)
		return;
	CHECK(db_migrate(db) == 0);
	CHECK(db_migrate(db) == 0);	/* idempotent */
	foreign_keys_indexed(path);
	seed(db);
	db = rebuild(db, path, &a);
	cities(db, &a);
	orgs_users(db, &a);
	generation(db, path, &a);
	CHECK(db_backup(db, copy) == 0);
	db_close(db);
	db = db_open(copy);
	CHECK(db != NULL && db_integrity_check(db) == 0);
	CHECK(city_search(db, &a, "минск", NULL) == 1);
	db_close(db);
	files(dir, path, copy);
	arena_release(&a);
	/* db_open put the copy in WAL mode; a restore reads it read-only, which leaves its -wal, -shm */
	for (const char *const *f = (const char *const[]){ "t.db", "t.db-wal", "t.db-shm", "t.db.lock",
	    "copy.db", "copy.db-wal", "copy.db-shm", "copy.db.lock", NULL }; *f != NULL; f++) {
		snprintf(path, sizeof(path), "%s/%s", dir, *f);
		unlink(path);
	}
	CHECK(rmdir(dir) == 0);	/* nothing left behind (a backup's .partial file) */
}
