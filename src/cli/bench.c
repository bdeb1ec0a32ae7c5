/*
 * bench: `pobratim bench-search N [DIR]` fills the database with N generated
 * bulletins in Russian and English and measures search latency through
 * db_search (what GET /search calls), one- and two-word queries. With DIR
 * it also writes DIR/docs.tsv and DIR/queries.txt so that bench/search.sh
 * can time PostgreSQL's full-text search on the same data. Not a test: the
 * figures go to standard output.
 *
 * The vocabulary is every word of the seeds' demo data (data/demo.json, in
 * the binary), Russian and English apart; documents draw words with a
 * Zipf-like skew, queries draw them uniformly, so both rare and common
 * words are asked for.
 */
#include "cli.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../base/alloc.h"
#include "../base/embed.h"
#include "../base/log.h"
#include "../base/text.h"

EMBED(vocab_json, "data/demo.json");

#define BATCH		10000
#define QUERIES		500

struct vocab {
	char	**w;
	size_t	  n, cap;
};

static uint64_t	rng = 0x9e3779b97f4a7c15u;

static uint64_t
next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/* Index in [0, n) skewed to the front (roughly 1/rank). */
static size_t
zipf(size_t n)
{
	double	u = (double)(next() % 1000000) / 1000000.0;

	return (size_t)((double)n * u * u * u) % n;
}

/* Bytes of the letter at p (ASCII, Latin-1 or Cyrillic), 0 for anything else. */
static int
letter(const char *p)
{
	unsigned char	c = (unsigned char)p[0], d = (unsigned char)p[1];

	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
		return 1;
	if ((c == 0xd0 || c == 0xd1 || c == 0xc3) && (d & 0xc0) == 0x80)
		return 2;
	return 0;
}

static void
add_words(struct vocab *v, const char *s)
{
	const char	*p = s;

	while (*p != '\0') {
		const char	*start;

		while (*p != '\0' && letter(p) == 0)
			p++;
		start = p;
		while (*p != '\0' && letter(p) > 0)
			p += letter(p);
		if (p - start >= 3 && p - start < 40) {
			size_t	i;

			for (i = 0; i < v->n; i++)
				if (strlen(v->w[i]) == (size_t)(p - start) &&
				    memcmp(v->w[i], start, (size_t)(p - start)) == 0)
					break;
			if (i == v->n) {
				if (v->n == v->cap) {
					v->cap = v->cap ? v->cap * 2 : 1024;
					v->w = xrealloc(v->w, v->cap * sizeof(*v->w));
				}
				v->w[v->n] = xmalloc((size_t)(p - start) + 1);
				memcpy(v->w[v->n], start, (size_t)(p - start));
				v->w[v->n++][p - start] = '\0';
			}
		}
	}
}

/* Every *_ru and *_en string of the demo data, by language. */
static void
collect(json_t *node, const char *key, struct vocab *ru, struct vocab *en)
{
	const char	*k;
	size_t		 i, len = key ? strlen(key) : 0;
	json_t		*x;

	if (json_is_string(node) && len > 3) {
		if (strcmp(key + len - 3, "_ru") == 0)
			add_words(ru, json_string_value(node));
		else if (strcmp(key + len - 3, "_en") == 0)
			add_words(en, json_string_value(node));
	} else if (json_is_object(node)) {
		json_object_foreach(node, k, x)
			collect(x, k, ru, en);
	} else if (json_is_array(node)) {
		json_array_foreach(node, i, x)
			collect(x, key, ru, en);
	}
}

static void
vocab_free(struct vocab *v)
{
	for (size_t i = 0; i < v->n; i++)
		free(v->w[i]);
	free(v->w);
}

static char *
sentence(const struct vocab *v, int words, char *buf, size_t size)
{
	size_t	n = 0;

	buf[0] = '\0';
	for (int i = 0; i < words && n + 48 < size; i++)
		n += (size_t)snprintf(buf + n, size - n, "%s%s", i ? " " : "", v->w[zipf(v->n)]);
	return buf;
}

static int
generate(struct db *db, int64_t count, FILE *tsv)
{
	static const char *const countries[] = { " RU ", " IT ", " EE ", " ME ", " MA ", " GB ",
		" CN ", " BY ", " DE ", " FR " };
	static const char *const topics[] = { " health ", " culture ", " business ",
		" education ", " compatriots ", " good_news " };
	struct vocab	 ru = { 0 }, en = { 0 };
	json_t		*doc = json_loadb(vocab_json, (size_t)(vocab_json_end - vocab_json), 0, NULL);
	struct db_user	 author;
	struct arena	 a = ARENA_INIT;
	char		 title[512], body[4096], when[TEXT_TIME_LEN];
	time_t		 t0 = time(NULL), base = 1577836800;	/* 2020-01-01 */

	collect(doc, NULL, &ru, &en);
	json_decref(doc);
	if (db_user_get_by_email(db, &a, "staff@pobratim.demo", &author) != DB_OK) {
		log_err("bench: run `pobratim demo` on the database first");
		return -1;
	}
	if (db_bulk_mode(db) == -1)
		return -1;
	printf("vocabulary: %zu Russian and %zu English words from data/demo.json\n", ru.n, en.n);
	for (int64_t i = 0; i < count; i++) {
		bool			 isru = next() % 2 == 0;
		const struct vocab	*v = isru ? &ru : &en;
		struct db_bulletin	 b = { 0 };
		int64_t			 id;

		if (i % BATCH == 0 && db_begin(db) == -1)
			return -1;
		text_time(base + (time_t)(i * 60), when);
		b.kind = next() % 10 == 0 ? "good_news" : "news";
		b.status = "published";
		b.lang = isru ? "ru" : "en";
		b.title = sentence(v, 6 + (int)(next() % 5), title, sizeof(title));
		b.body = sentence(v, 30 + (int)(next() % 40), body, sizeof(body));
		b.countries = countries[next() % 10];
		b.topics = topics[next() % 6];
		b.author_id = author.id;
		b.org_id = author.org_id;
		b.published_at = when;
		b.created_at = when;
		if (db_bulletin_insert(db, &b, &id) != DB_OK)
			return -1;
		if (tsv != NULL)
			fprintf(tsv, "%lld\t%s\t%s\t%s\t%s\n", (long long)id, b.lang, title, body, when);
		if ((i + 1) % BATCH == 0 || i + 1 == count) {
			if (db_commit(db) == -1)
				return -1;
			if ((i + 1) % 100000 == 0 || i + 1 == count)
				printf("generated %lld bulletins in %lld s\n", (long long)(i + 1),
				    (long long)(time(NULL) - t0));
			fflush(stdout);
		}
	}
	vocab_free(&ru);
	vocab_free(&en);
	arena_release(&a);
	return 0;
}

static double
now_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int
cmp_double(const void *x, const void *y)
{
	double	a = *(const double *)x, b = *(const double *)y;

	return a < b ? -1 : a > b;
}

/* Times QUERIES searches of `words` words each; writes them to q when given. */
static int
measure(struct db *db, int words, FILE *q)
{
	struct vocab	 ru = { 0 }, en = { 0 };
	json_t		*doc = json_loadb(vocab_json, (size_t)(vocab_json_end - vocab_json), 0, NULL);
	double		 ms[QUERIES], hits = 0;
	char		 text[256];

	collect(doc, NULL, &ru, &en);
	json_decref(doc);
	for (int i = 0; i < QUERIES; i++) {
		const struct vocab	*v = i % 2 ? &ru : &en;
		struct db_search_query	 sq = { .q = text, .limit = 20 };
		struct db_search_hit	*h;
		struct arena		 a = ARENA_INIT;
		size_t			 n;
		double			 t;

		snprintf(text, sizeof(text), "%s%s%s", v->w[next() % v->n], words > 1 ? " " : "",
		    words > 1 ? v->w[next() % v->n] : "");
		t = now_ms();
		if (db_search(db, &a, &sq, &h, &n) != DB_OK) {
			arena_release(&a);
			return -1;
		}
		ms[i] = now_ms() - t;
		hits += (double)n;
		if (q != NULL)
			fprintf(q, "%s\n", text);
		arena_release(&a);
	}
	qsort(ms, QUERIES, sizeof(ms[0]), cmp_double);
	printf("sqlite fts5 %d-word queries: n=%d p50=%.2f ms p99=%.2f ms max=%.2f ms"
	    " (mean %.1f hits of 20)\n", words, QUERIES, ms[QUERIES / 2],
	    ms[QUERIES * 99 / 100], ms[QUERIES - 1], hits / QUERIES);
	vocab_free(&ru);
	vocab_free(&en);
	return 0;
}

int
cli_bench_search(struct config *c, int argc, char **argv)
{
	struct db	*db;
	int64_t		 count;
	FILE		*tsv = NULL, *q1 = NULL, *q2 = NULL;
	int		 rc = 1;

	if (argc < 2 || argc > 3 || text_int(argv[1], 0, 100000000, &count) == -1)
		return 2;
	if ((db = cli_open_db(c->db)) == NULL)
		return 1;
	if (argc == 3) {
		char	path[4096];

		snprintf(path, sizeof(path), "%s/docs.tsv", argv[2]);
		tsv = fopen(path, "w");
		snprintf(path, sizeof(path), "%s/queries1.txt", argv[2]);
		q1 = fopen(path, "w");
		snprintf(path, sizeof(path), "%s/queries2.txt", argv[2]);
		q2 = fopen(path, "w");
		if (tsv == NULL || q1 == NULL || q2 == NULL) {
			log_err("bench: cannot write to '%s'", argv[2]);
			goto out;
		}
	}
	if (count > 0 && generate(db, count, tsv) == -1)
		goto out;
	if (count > 0) {
		time_t	t0 = time(NULL);

		if (db_search_optimize(db) != DB_OK)
			goto out;
		printf("index merged (FTS5 optimize) in %lld s\n", (long long)(time(NULL) - t0));
	}
	if (measure(db, 1, q1) == -1 || measure(db, 2, q2) == -1)
		goto out;
	rc = 0;
out:
	if (tsv != NULL)
		fclose(tsv);
	if (q1 != NULL)
		fclose(q1);
	if (q2 != NULL)
		fclose(q2);
	db_close(db);
	return rc;
}
