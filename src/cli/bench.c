/*
 * bench: `pobratim bench-search N [DIR]` fills the database with N generated
 * bulletins in Russian and English and measures search latency through
 * db_search (what GET /search calls), one- and two-word queries. With DIR
 * it also writes DIR/docs.tsv and DIR/queries.txt so that bench/search.sh
 * can time PostgreSQL's full-text search on the same data. Not a test: the
 * figures go to standard output.
 *
 * The vocabulary, Russian and English apart, is every word of the seeds'
 * demo data (data/demo.json, in the binary), most frequent first, followed
 * by the words of a system dictionary in a shuffled order: Debian's
 * wamerican (/usr/share/dict/american-english, ~75,000 lower-case words)
 * and hunspell-ru (/usr/share/hunspell/ru_RU.dic, ~140,000 lemmas), which
 * bench/search.sh installs. Documents draw words by Zipf's law (the word of
 * rank r with weight 1/r), as natural text does. Queries draw one word in
 * two by the same law (so the most common words are asked for, the costly
 * case) and the other uniformly from the vocabulary (rare words). Without
 * the dictionaries the vocabulary is the demo data's ~1,700 words, where
 * every pair of words is frequent.
 */
#include "cli.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../base/alloc.h"
#include "../base/embed.h"
#include "../base/log.h"
#include "../base/text.h"

EMBED(vocab_json, "data/demo.json");

#define BATCH		10000
#define QUERIES		500

#define RU_WORDS	"/usr/share/hunspell/ru_RU.dic"
#define EN_WORDS	"/usr/share/dict/american-english"

struct vocab {
	char	**w;
	size_t	 *count;	/* occurrences in the demo data, while collecting */
	double	 *cum;		/* cum[r]: the Zipf weights of ranks 0..r */
	size_t	  n, cap;
};

#define SEED	0x9e3779b97f4a7c15u

static uint64_t	rng = SEED;

static uint64_t
next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
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
vocab_push(struct vocab *v, const char *w, size_t len, size_t count)
{
	if (v->n == v->cap) {
		v->cap = v->cap ? v->cap * 2 : 1024;
		v->w = xrealloc(v->w, v->cap * sizeof(*v->w));
		v->count = xrealloc(v->count, v->cap * sizeof(*v->count));
	}
	v->w[v->n] = xmalloc(len + 1);
	memcpy(v->w[v->n], w, len);
	v->w[v->n][len] = '\0';
	v->count[v->n++] = count;
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
			if (i == v->n)
				vocab_push(v, start, (size_t)(p - start), 0);
			v->count[i]++;
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

static int
cmp_str(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

/* Demo words, most frequent first (the sort is stable by first appearance). */
static void
rank_by_count(struct vocab *v)
{
	for (size_t i = 1; i < v->n; i++) {
		char	*w = v->w[i];
		size_t	 c = v->count[i], j = i;

		for (; j > 0 && v->count[j - 1] < c; j--) {
			v->w[j] = v->w[j - 1];
			v->count[j] = v->count[j - 1];
		}
		v->w[j] = w;
		v->count[j] = c;
	}
}

/*
 * A dictionary word of the line: lower-case letters only (no names, no
 * abbreviations, no "'s"), hunspell's "/flags" cut off; its length or 0.
 */
static size_t
dict_word(char *line)
{
	size_t	len = strcspn(line, "/\r\n");

	line[len] = '\0';
	if (len < 3 || len >= 40)
		return 0;
	for (const char *p = line; *p != '\0';) {
		unsigned char	c = (unsigned char)p[0], d = (unsigned char)p[1];

		if (c >= 'a' && c <= 'z')
			p++;
		else if ((c == 0xd0 && d >= 0xb0 && d <= 0xbf) || (c == 0xd1 && d >= 0x80 && d <= 0x8f) ||
		    (c == 0xd1 && d == 0x91))
			p += 2;		/* а-п, р-я, ё */
		else
			return 0;
	}
	return len;
}

/* The dictionary's words not in the demo data, shuffled, after them. */
static void
add_dictionary(struct vocab *v, const char *path)
{
	FILE	*f = fopen(path, "r");
	char	 line[256], **known;
	size_t	 nknown = v->n, from = v->n, len;

	if (f == NULL)
		return;
	known = xmalloc(nknown * sizeof(*known) + 1);
	memcpy(known, v->w, nknown * sizeof(*known));
	qsort(known, nknown, sizeof(*known), cmp_str);
	while (fgets(line, sizeof(line), f) != NULL) {
		char	*w = line;

		if ((len = dict_word(line)) == 0 ||
		    bsearch(&w, known, nknown, sizeof(*known), cmp_str) != NULL)
			continue;
		vocab_push(v, line, len, 0);
	}
	fclose(f);
	free(known);
	for (size_t i = v->n - 1; i > from; i--) {
		size_t	 j = from + next() % (i - from + 1);
		char	*t = v->w[i];

		v->w[i] = v->w[j];
		v->w[j] = t;
	}
}

static void
zipf_table(struct vocab *v)
{
	double	sum = 0;

	v->cum = xmalloc(v->n * sizeof(*v->cum));
	for (size_t r = 0; r < v->n; r++)
		v->cum[r] = sum += 1.0 / (double)(r + 1);
}

/* A word drawn by Zipf's law: rank r with probability proportional to 1/(r+1). */
static const char *
zipf_word(const struct vocab *v)
{
	double	u = (double)(next() >> 11) / 9007199254740992.0 * v->cum[v->n - 1];
	size_t	lo = 0, hi = v->n - 1;

	while (lo < hi) {
		size_t	mid = (lo + hi) / 2;

		if (v->cum[mid] < u)
			lo = mid + 1;
		else
			hi = mid;
	}
	return v->w[lo];
}

static void
vocab_free(struct vocab *v)
{
	for (size_t i = 0; i < v->n; i++)
		free(v->w[i]);
	free(v->w);
	free(v->count);
	free(v->cum);
}

/* Both vocabularies: the demo data's words, then the dictionaries'. */
static void
vocab_load(struct vocab *ru, struct vocab *en)
{
	json_t	*doc = json_loadb(vocab_json, (size_t)(vocab_json_end - vocab_json), 0, NULL);

	collect(doc, NULL, ru, en);
	json_decref(doc);
	rank_by_count(ru);
	rank_by_count(en);
	add_dictionary(ru, RU_WORDS);
	add_dictionary(en, EN_WORDS);
	zipf_table(ru);
	zipf_table(en);
}

static char *
sentence(const struct vocab *v, int words, char *buf, size_t size)
{
	size_t	n = 0;

	buf[0] = '\0';
	for (int i = 0; i < words && n + 48 < size; i++)
		n += (size_t)snprintf(buf + n, size - n, "%s%s", i ? " " : "", zipf_word(v));
	return buf;
}

static int
generate(struct db *db, const struct vocab *ru, const struct vocab *en, int64_t count, FILE *tsv)
{
	static const char *const countries[] = { " RU ", " IT ", " EE ", " ME ", " MA ", " GB ",
		" CN ", " BY ", " DE ", " FR " };
	static const char *const topics[] = { " health ", " culture ", " business ",
		" education ", " compatriots ", " good_news " };
	struct db_user	 author;
	struct arena	 a = ARENA_INIT;
	char		 title[512], body[8192], when[TEXT_TIME_LEN];
	time_t		 t0 = time(NULL), base = 1577836800;	/* 2020-01-01 */

	if (db_user_get_by_email(db, &a, "staff@pobratim.demo", &author) != DB_OK) {
		log_err("bench: run `pobratim demo` on the database first");
		return -1;
	}
	if (db_bulk_mode(db) == -1)
		return -1;
	for (int64_t i = 0; i < count; i++) {
		bool			 isru = next() % 2 == 0;
		const struct vocab	*v = isru ? ru : en;
		struct db_bulletin	 b = { 0 };
		int64_t			 id;

		if (i % BATCH == 0 && db_begin(db) == -1)
			return -1;
		text_time(base + (time_t)(i * 60), when);
		b.kind = next() % 10 == 0 ? "good_news" : "news";
		b.status = "published";
		b.lang = isru ? "ru" : "en";
		b.title = sentence(v, 6 + (int)(next() % 5), title, sizeof(title));
		b.body = sentence(v, 40 + (int)(next() % 121), body, sizeof(body));
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
	arena_release(&a);
	return 0;
}

static double
clock_ms(clockid_t clock)
{
	struct timespec	ts;

	clock_gettime(clock, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int
cmp_double(const void *x, const void *y)
{
	double	a = *(const double *)x, b = *(const double *)y;

	return a < b ? -1 : a > b;
}

/* One word in two by Zipf's law (common words), the other uniformly (rare ones). */
static const char *
query_word(const struct vocab *v)
{
	return next() % 2 == 0 ? zipf_word(v) : v->w[next() % v->n];
}

/* Times QUERIES searches of `words` words each; writes them to q when given. */
static int
measure(struct db *db, const struct vocab *ru, const struct vocab *en, int words, FILE *q)
{
	double		 ms[QUERIES], cpu[QUERIES], hits = 0;
	char		 text[256];

	for (int i = 0; i < QUERIES; i++) {
		const struct vocab	*v = i % 2 ? ru : en;
		struct db_search_query	 sq = { .q = text, .limit = 20 };
		struct db_search_hit	*h;
		struct arena		 a = ARENA_INIT;
		size_t			 n;
		double			 t, c;

		snprintf(text, sizeof(text), "%s%s%s", query_word(v), words > 1 ? " " : "",
		    words > 1 ? query_word(v) : "");
		t = clock_ms(CLOCK_MONOTONIC);
		c = clock_ms(CLOCK_THREAD_CPUTIME_ID);
		if (db_search(db, &a, &sq, &h, &n) != DB_OK) {
			arena_release(&a);
			return -1;
		}
		ms[i] = clock_ms(CLOCK_MONOTONIC) - t;
		cpu[i] = clock_ms(CLOCK_THREAD_CPUTIME_ID) - c;
		hits += (double)n;
		if (q != NULL)
			fprintf(q, "%s\n", text);
		arena_release(&a);
	}
	qsort(ms, QUERIES, sizeof(ms[0]), cmp_double);
	qsort(cpu, QUERIES, sizeof(cpu[0]), cmp_double);
	printf("sqlite fts5 %d-word queries: n=%d p50=%.2f ms p99=%.2f ms max=%.2f ms"
	    " (mean %.1f hits of 20); cpu p50=%.2f ms p99=%.2f ms\n", words, QUERIES,
	    ms[QUERIES / 2], ms[QUERIES * 99 / 100], ms[QUERIES - 1], hits / QUERIES,
	    cpu[QUERIES / 2], cpu[QUERIES * 99 / 100]);
	return 0;
}

int
cli_bench_search(struct config *c, int argc, char **argv)
{
	struct db	*db;
	struct vocab	 ru = { 0 }, en = { 0 };
	int64_t		 count;
	FILE		*tsv = NULL, *q1 = NULL, *q2 = NULL;
	int		 rc = 1;

	if (argc < 2 || argc > 3 || text_int(argv[1], 0, 100000000, &count) == -1)
		return 2;
	if ((db = cli_open_db(c->db)) == NULL)
		return 1;
	if (argc == 3) {
		char	path[4096];

		/* N = 0 measures an earlier run's database: its documents stay */
		snprintf(path, sizeof(path), "%s/docs.tsv", argv[2]);
		tsv = count > 0 ? fopen(path, "w") : NULL;
		snprintf(path, sizeof(path), "%s/queries1.txt", argv[2]);
		q1 = fopen(path, "w");
		snprintf(path, sizeof(path), "%s/queries2.txt", argv[2]);
		q2 = fopen(path, "w");
		if ((count > 0 && tsv == NULL) || q1 == NULL || q2 == NULL) {
			log_err("bench: cannot write to '%s'", argv[2]);
			goto out;
		}
	}
	vocab_load(&ru, &en);
	printf("vocabulary: %zu Russian and %zu English words (data/demo.json%s%s)\n", ru.n,
	    en.n, access(RU_WORDS, R_OK) == 0 ? ", " RU_WORDS : "",
	    access(EN_WORDS, R_OK) == 0 ? ", " EN_WORDS : "");
	if (count > 0 && generate(db, &ru, &en, count, tsv) == -1)
		goto out;
	if (count > 0) {
		time_t	t0 = time(NULL);

		if (db_search_optimize(db) != DB_OK)
			goto out;
		printf("index merged (FTS5 optimize) in %lld s\n", (long long)(time(NULL) - t0));
	}
	rng = SEED;	/* the same queries whether this run generated or not */
	if (measure(db, &ru, &en, 1, q1) == -1 || measure(db, &ru, &en, 2, q2) == -1)
		goto out;
	rc = 0;
out:
	vocab_free(&ru);
	vocab_free(&en);
	if (tsv != NULL)
		fclose(tsv);
	if (q1 != NULL)
		fclose(q1);
	if (q2 != NULL)
		fclose(q2);
	db_close(db);
	return rc;
}
