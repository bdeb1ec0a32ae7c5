#include "../harness.h"
#include "../../../src/db/db.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The stemmed terms of text, joined by spaces. */
static const char *
terms(struct arena *a, const char *text)
{
	const char	**t;
	size_t		  n;
	char		 *s = arena_strdup(a, "");

	if (db_search_terms(a, text, &t, &n) != DB_OK)
		return "(error)";
	for (size_t i = 0; i < n; i++)
		s = arena_printf(a, "%s%s%s", s, i ? " " : "", t[i]);
	return s;
}

static const struct {
	const char	*a, *b;		/* word forms that must index as the same term */
} same[] = {
	{ "конференциях", "конференция" },
	{ "конференций", "Конференции" },
	{ "meetings", "meeting" },
	{ "Cities", "city" },
	{ "врачей", "врачи" },
	{ "Харбине", "Харбин" },
	{ "ёлки", "елки" },
	{ "Düsseldorf", "dusseldorf" },
};

static void
stemming(struct arena *a)
{
	for (size_t i = 0; i < sizeof(same) / sizeof(same[0]); i++)
		CHECK_STR(terms(a, same[i].a), terms(a, same[i].b));
	/* per word, by script: a Russian text quoting English stems both */
	CHECK_STR(terms(a, "Встречи (meetings) 2020"), "встреч meet 2020");
	/* punctuation, dashes and guillemets split words */
	CHECK_STR(terms(a, "«Хорошие новости»—#StopCoronaFake"), "хорош новост stopcoronafak");
	CHECK_STR(terms(a, ""), "");
	CHECK_STR(terms(a, " ,.;— "), "");
	/* a long word is cut on a character boundary, never mid-sequence */
	{
		char	 longw[400] = "";
		const char *t;

		for (int i = 0; i < 100; i++)
			strcat(longw, "ж");
		t = terms(a, longw);
		CHECK(strlen(t) <= 64 && strlen(t) % 2 == 0);
	}
	/* invalid UTF-8 does not crash and is not taken for a word character */
	(void)terms(a, "\xff\xfe abc \xd0");
}

static int64_t
user(struct db *db)
{
	struct db_country	 it = { "IT", "ITA", "380", "Italy", "Италия", "europe" };
	struct db_city		 rome = { .geonames_id = 3169070, .name_en = "Rome", .name_ru = "Рим",
				    .country_code = "IT", .timezone = "Europe/Rome" };
	struct db_org		 o = { .kind = "ngo", .name_en = "Compatriots", .name_ru = "Соотечественники" };
	struct db_user		 u = { .email = "c@example.org", .name = "C", .role = "correspondent",
				    .locale = "ru", .password_hash = "x" };
	int64_t			 id = 0;

	CHECK(db_country_put(db, &it) == DB_OK);
	CHECK(db_city_put(db, &rome) == DB_OK);
	CHECK(db_city_id_by_geonames(db, 3169070, &o.city_id) == DB_OK);
	CHECK(db_org_insert(db, &o, &u.org_id) == DB_OK);
	CHECK(db_user_insert(db, &u, &id) == DB_OK);
	return id;
}

static size_t
find(struct db *db, struct arena *a, const char *q, bool staff, struct db_search_hit **h)
{
	struct db_search_query	 sq = { .q = q, .sees_all = staff, .limit = 10 };
	size_t			 n = 0;

	if (db_search(db, a, &sq, h, &n) != DB_OK)
		return 99;
	return n;
}

static void
index_and_query(struct db *db, struct arena *a)
{
	struct db_bulletin	 b = { .kind = "news", .status = "published", .lang = "ru",
				    .title = "Конференция соотечественников",
				    .body = "Прошли онлайн-конференции с участниками из Италии.",
				    .countries = " IT ", .topics = " compatriots " };
	struct db_search_hit	*h;
	struct db_search_query	 bad = { .q = " ,; ", .limit = 5 };
	size_t			 n;
	int64_t			 id;

	b.author_id = user(db);
	CHECK(db_bulletin_insert(db, &b, &id) == DB_OK);
	CHECK(find(db, a, "конференциях", false, &h) == 1);
	CHECK_STR(h[0].title_marked, "\x02Конференция\x03 соотечественников");
	CHECK(strstr(h[0].snippet_marked, "\x02конференции\x03") != NULL);
	/* a draft is found by staff only; the edit is reindexed */
	b.id = id;
	b.status = "draft";
	b.title = "Встреча в Риме";
	CHECK(db_bulletin_update(db, &b, b.author_id, "test") == DB_OK);
	CHECK(b.revision == 2);
	{	/* the list's excerpt is written with the body, not made when read */
		struct db_bulletin	got;

		CHECK(db_bulletin_get(db, a, id, &got) == DB_OK);
		CHECK_STR(got.excerpt, "Прошли онлайн-конференции с участниками из Италии.");
	}
	CHECK(find(db, a, "встречи", false, &h) == 0);
	CHECK(find(db, a, "встречи", true, &h) == 1);
	CHECK(find(db, a, "Конференция соотечественников", true, &h) == 0);	/* old title gone */
	/* user text is quoted: FTS5 syntax is just words (or nothing) */
	CHECK(find(db, a, "\"Рим* OR NEAR(", true, &h) == 0);
	CHECK(find(db, a, "Риме OR", true, &h) == 0);	/* "OR" is a word here, and absent */
	CHECK(db_search(db, a, &bad, &h, &n) == DB_INVALID);
	/* the snippet markers cannot come from the text */
	b.body = "a\x02marker\x03 text";
	CHECK(db_bulletin_update(db, &b, b.author_id, NULL) == DB_OK);
	CHECK(find(db, a, "text", true, &h) == 1);
	CHECK_STR(h[0].snippet_marked, "a marker  \x02text\x03");
}

/* Published English bulletin with this title and body; its id. */
static int64_t
bulletin(struct db *db, int64_t author, const char *title, const char *body)
{
	struct db_bulletin	 b = { .kind = "news", .status = "published", .lang = "en",
				    .title = title, .body = body, .countries = " IT ", .topics = "",
				    .author_id = author };
	int64_t			 id = 0;

	CHECK(db_bulletin_insert(db, &b, &id) == DB_OK);
	return id;
}

/*
 * pobratim_rank: a title match outranks a body match (4:1), and with two
 * words the rare one weighs more than the common one (its estimated
 * document frequency): x and y are alike but x has "rare" twice and y has
 * "common" twice; with equal weights they would tie and y, the newer, would
 * come first.
 */
static void
ranking(struct db *db, struct arena *a)
{
	struct db_search_hit	*h;
	struct db_user		 u = { 0 };
	int64_t			 author, in_title, x, y;
	char			 body[64];

	CHECK(db_user_get_by_email(db, a, "c@example.org", &u) == DB_OK);
	author = u.id;
	bulletin(db, author, "Harbor report", "Ferries run on time, ferries are full.");
	in_title = bulletin(db, author, "Ferries return", "Harbor report for the week.");
	CHECK(find(db, a, "ferries", false, &h) == 2);
	CHECK(h[0].id == in_title);
	for (int i = 0; i < 30; i++) {
		snprintf(body, sizeof(body), "common filler number %d", i);
		bulletin(db, author, "Weekly", body);
	}
	x = bulletin(db, author, "Notes", "rare rare common filler");
	y = bulletin(db, author, "Notes", "rare common common filler");
	CHECK(find(db, a, "rare common", false, &h) == 2);
	CHECK(h[0].id == x && h[1].id == y);
	CHECK(h[0].score < h[1].score);
}

void
test_search(void)
{
	char		 path[] = "/tmp/pobratim-search-test-XXXXXX";
	int		 fd = mkstemp(path);
	struct arena	 a = ARENA_INIT;
	struct db	*db;

	CHECK(fd >= 0);
	db = db_open(path);
	CHECK(db != NULL && db_migrate(db) == 0);
	stemming(&a);
	if (db != NULL) {
		index_and_query(db, &a);
		ranking(db, &a);
	}
	db_close(db);
	arena_release(&a);
	unlink(path);
	for (const char *const *sfx = (const char *const[]){ "-wal", "-shm", ".lock", NULL };
	    *sfx != NULL; sfx++) {
		char	p[64];

		snprintf(p, sizeof(p), "%s%s", path, *sfx);
		unlink(p);
	}
}
