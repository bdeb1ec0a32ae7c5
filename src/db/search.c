/*
 * search: full-text search over the searchable kinds (bulletins and fact
 * checks, mutual-aid posts, organizations, partnerships, meetings, events,
 * people, practices, aid shipments, delegations),
 * SQLite only. It holds the 'pobratim' FTS5 tokenizer (words folded with
 * text_fold and stemmed with libstemmer), the pobratim_rank ranking
 * function, the upkeep of the search_fts index (organizations, partnerships,
 * meetings, events, people, practices, shipments and delegations are kept in
 * step by the triggers of 0008_search_partners.sql,
 * 0012_search_meetings_events.sql and 0025_people.sql) and the
 * ranked query. A PostgreSQL backend
 * replaces this file with tsvector columns and ts_rank; db.h stays the same.
 *
 * Stemming follows each word's script, not the document's language: Cyrillic
 * words go to the Russian stemmer, Latin ones to the English stemmer. A
 * Russian bulletin quotes English names and the other way round, and a query
 * is stemmed the same way, so "конференциях" meets "конференция" and
 * "meetings" meets "meeting" whatever the language of either side.
 */
#include "db_internal.h"

#include <libstemmer.h>
#include <math.h>
#include <stdio.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "../base/alloc.h"
#include "../base/log.h"
#include "../base/text.h"

#define WORD_MAX	64	/* bytes of a folded word; longer words are cut */
#define CANDIDATES	2000	/* newest matches ranked per kind (see db_search) */
#define BEST_FIRST	3	/* pages of candidates joined in the first batch */
#define DF_SAMPLE	1000	/* newest matches that estimate a word's frequency */

/* --- words --- */

static size_t
utf8_next(const unsigned char *s, size_t len, unsigned *cp)
{
	size_t	n;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	n = (s[0] & 0xe0) == 0xc0 ? 2 : (s[0] & 0xf0) == 0xe0 ? 3 : (s[0] & 0xf8) == 0xf0 ? 4 : 1;
	if (n > len)
		n = len;
	*cp = n == 2 ? (unsigned)(s[0] & 0x1f) : n == 3 ? (unsigned)(s[0] & 0x0f) :
	    (unsigned)(s[0] & 0x07);
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80) {
			*cp = 0xfffd;
			return i;
		}
		*cp = (*cp << 6) | (s[i] & 0x3f);
	}
	if (n == 1)
		*cp = 0xfffd;
	return n;
}

/* Letters and digits of the scripts we meet; punctuation, symbols, spaces split words. */
static bool
word_char(unsigned cp)
{
	if (cp < 0x80)
		return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') ||
		    (cp >= 'A' && cp <= 'Z');
	if (cp < 0xc0 || cp == 0xd7 || cp == 0xf7)
		return false;
	if (cp >= 0x2000 && cp <= 0x2bff)	/* punctuation, arrows, symbols */
		return false;
	if (cp >= 0x3000 && cp <= 0x303f)	/* CJK punctuation */
		return false;
	return cp != 0xfffd && cp != 0xfeff;
}

/*
 * Words already folded and stemmed, by their bytes as written: a direct-
 * mapped table, a new word replaces whatever was in its slot. Folding and
 * stemming a word costs some 3,000 instructions; the snippets of a search
 * tokenize its hits' whole text again (FTS5's highlight() and snippet()),
 * and the same words come back query after query.
 */
#define MEMO_SLOTS	1024	/* a power of two */

struct memo {
	unsigned char	 nraw, nterm;	/* 0: empty */
	char		 raw[WORD_MAX * 2], term[WORD_MAX];
};

struct stemmers {
	struct sb_stemmer	*ru, *en;
	struct memo		*memo;	/* MEMO_SLOTS; NULL: none */
};

static int
stemmers_init(struct stemmers *s, bool memo)
{
	s->ru = sb_stemmer_new("russian", "UTF_8");
	s->en = sb_stemmer_new("english", "UTF_8");
	s->memo = memo ? xcalloc(MEMO_SLOTS, sizeof(*s->memo)) : NULL;
	return s->ru != NULL && s->en != NULL ? 0 : -1;
}

static void
stemmers_release(struct stemmers *s)
{
	if (s->ru != NULL)
		sb_stemmer_delete(s->ru);
	if (s->en != NULL)
		sb_stemmer_delete(s->en);
	free(s->memo);
}

static struct memo *
memo_slot(struct stemmers *st, const char *w, size_t n)
{
	uint32_t	h = 2166136261u;	/* FNV-1a */

	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)w[i]) * 16777619u;
	return &st->memo[h & (MEMO_SLOTS - 1)];
}

/*
 * Folds and stems one word of n bytes into out[WORD_MAX + 1]; returns the
 * length, 0 when nothing is left.
 */
static size_t
fold_and_stem(struct stemmers *st, const char *w, size_t n, char *out)
{
	char			 raw[WORD_MAX * 2 + 1], folded[WORD_MAX * 2 + 1];
	const sb_symbol		*stem;
	struct sb_stemmer	*sb = NULL;
	size_t			 len = 0;

	if (n > WORD_MAX * 2)
		n = WORD_MAX * 2;
	memcpy(raw, w, n);
	raw[n] = '\0';
	text_fold(raw, folded);
	for (const char *p = folded; *p != '\0' && len < WORD_MAX; p++) {
		unsigned char	c = (unsigned char)*p;

		if (c == ' ')
			continue;
		if (c == 0xd0 || c == 0xd1)
			sb = st->ru;
		else if (sb == NULL && c >= 'a' && c <= 'z')
			sb = st->en;
		out[len++] = *p;
	}
	/* a cut in the middle of a character leaves a partial sequence: drop it */
	if (len == WORD_MAX) {
		while (len > 0 && ((unsigned char)out[len - 1] & 0xc0) == 0x80)
			len--;
		if (len > 0 && (unsigned char)out[len - 1] >= 0xc0)
			len--;
	}
	out[len] = '\0';
	if (sb != NULL && len > 0) {
		stem = sb_stemmer_stem(sb, (const sb_symbol *)out, (int)len);
		if (stem != NULL && sb_stemmer_length(sb) > 0) {
			len = (size_t)sb_stemmer_length(sb);
			if (len > WORD_MAX)
				len = WORD_MAX;
			memcpy(out, stem, len);
			out[len] = '\0';
		}
	}
	return len;
}

/* fold_and_stem, remembered (words longer than a slot's are made each time) */
static size_t
term_of(struct stemmers *st, const char *w, size_t n, char *out)
{
	struct memo	*m;
	size_t		 len;

	if (st->memo == NULL || n == 0 || n > sizeof(m->raw))
		return fold_and_stem(st, w, n, out);
	m = memo_slot(st, w, n);
	if (m->nraw == n && memcmp(m->raw, w, n) == 0) {
		memcpy(out, m->term, m->nterm);
		out[m->nterm] = '\0';
		return m->nterm;
	}
	len = fold_and_stem(st, w, n, out);
	m->nraw = (unsigned char)n;
	memcpy(m->raw, w, n);
	m->nterm = (unsigned char)len;
	memcpy(m->term, out, len);
	return len;
}

/*
 * The next word of text[*i..len): its bounds in *start and *i (the end).
 * false when none is left.
 */
static bool
next_word(const char *text, size_t len, size_t *i, size_t *start)
{
	const unsigned char	*s = (const unsigned char *)text;
	unsigned		 cp;
	size_t			 n;

	while (*i < len) {
		n = utf8_next(s + *i, len - *i, &cp);
		if (word_char(cp))
			break;
		*i += n;
	}
	if (*i >= len)
		return false;
	*start = *i;
	while (*i < len) {
		n = utf8_next(s + *i, len - *i, &cp);
		if (!word_char(cp))
			break;
		*i += n;
	}
	return true;
}

typedef int (*word_fn)(void *arg, const char *term, size_t len, size_t start, size_t end);

static int
each_word(struct stemmers *st, const char *text, size_t len, word_fn fn, void *arg)
{
	char	term[WORD_MAX + 1];
	size_t	i = 0, start, tl;
	int	rc;

	while (next_word(text, len, &i, &start)) {
		tl = term_of(st, text + start, i - start, term);
		if (tl > 0 && (rc = fn(arg, term, tl, start, i)) != 0)
			return rc;
	}
	return 0;
}

/* --- the FTS5 tokenizer --- */

/*
 * One set of stemmers per connection (its words remembered), shared by the
 * connection's tokenizers and its searches' snippets: a connection is used
 * by one thread at a time. Made by search_register, freed by FTS5 when the
 * connection closes (the tokenizer's destructor).
 */
struct tokenizer {
	struct stemmers	*st;
};

static int
tok_create(void *ctx, const char **argv, int argc, Fts5Tokenizer **out)
{
	struct tokenizer	*t = xcalloc(1, sizeof(*t));

	(void)argv;
	(void)argc;
	t->st = ctx;
	*out = (Fts5Tokenizer *)t;
	return SQLITE_OK;
}

static void
tok_delete(Fts5Tokenizer *p)
{
	free(p);
}

static void
stemmers_free(void *p)
{
	stemmers_release(p);
	free(p);
}

struct tok_call {
	void	*ctx;
	int	(*token)(void *, int, const char *, int, int, int);
};

static int
tok_word(void *arg, const char *term, size_t len, size_t start, size_t end)
{
	struct tok_call	*c = arg;

	return c->token(c->ctx, 0, term, (int)len, (int)start, (int)end);
}

static int
tok_tokenize(Fts5Tokenizer *p, void *ctx, int flags, const char *text, int len,
    int (*token)(void *, int, const char *, int, int, int))
{
	struct tokenizer	*t = (struct tokenizer *)p;
	struct tok_call		 c = { ctx, token };

	(void)flags;
	return each_word(t->st, text, len > 0 ? (size_t)len : 0, tok_word, &c);
}

/* --- the ranking function --- */

/*
 * pobratim_rank(search_fts, idf, title weight, body weight): Okapi BM25 as
 * FTS5's bm25() computes it, but with the inverse document frequency of
 * each phrase given by the caller as text ("1.25 0.4", one a phrase; none:
 * 1). FTS5's bm25() counts the documents of every phrase by reading the
 * phrase's whole doclist on each query, which for a common word is most of
 * the query's time; db_search estimates the frequencies from a bounded
 * sample instead (phrase_idf), and skips them for one word, where they
 * cannot change the order.
 */
#define BM25_K1		1.2
#define BM25_B		0.75
#define PHRASES_MAX	8

struct rank_data {
	int	nphrase;
	double	avgdl, idf[PHRASES_MAX];
};

static struct rank_data *
rank_data(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_value *idf, int *rc)
{
	struct rank_data	*d = api->xGetAuxdata(fts, 0);
	const char		*p = (const char *)sqlite3_value_text(idf);
	sqlite3_int64		 rows = 0, tokens = 0;

	if (d != NULL)
		return d;
	d = xcalloc(1, sizeof(*d));
	d->nphrase = api->xPhraseCount(fts);
	if (d->nphrase > PHRASES_MAX)
		d->nphrase = PHRASES_MAX;
	for (int i = 0; i < d->nphrase; i++) {
		char	*end;

		d->idf[i] = p != NULL ? strtod(p, &end) : 1.0;
		if (p == NULL || end == p)
			d->idf[i] = 1.0;
		else
			p = end;
	}
	if ((*rc = api->xRowCount(fts, &rows)) == SQLITE_OK)
		*rc = api->xColumnTotalSize(fts, -1, &tokens);
	d->avgdl = rows > 0 && tokens > 0 ? (double)tokens / (double)rows : 1.0;
	if (*rc == SQLITE_OK)
		*rc = api->xSetAuxdata(fts, d, free);
	else
		free(d);
	return *rc == SQLITE_OK ? d : NULL;
}

static void
rank_fn(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *ctx, int nval,
    sqlite3_value **val)
{
	struct rank_data	*d;
	double			 freq[PHRASES_MAX] = { 0 }, score = 0;
	int			 rc = SQLITE_OK, ninst = 0, ntok = 0;

	if (nval < 1 || (d = rank_data(api, fts, val[0], &rc)) == NULL) {
		sqlite3_result_error_code(ctx, rc != SQLITE_OK ? rc : SQLITE_ERROR);
		return;
	}
	rc = api->xInstCount(fts, &ninst);
	for (int i = 0; rc == SQLITE_OK && i < ninst; i++) {
		int	phrase, col, off;

		if ((rc = api->xInst(fts, i, &phrase, &col, &off)) == SQLITE_OK &&
		    phrase < d->nphrase)
			freq[phrase] += nval > col + 1 ? sqlite3_value_double(val[col + 1]) : 1.0;
	}
	if (rc == SQLITE_OK)
		rc = api->xColumnSize(fts, -1, &ntok);
	if (rc != SQLITE_OK) {
		sqlite3_result_error_code(ctx, rc);
		return;
	}
	for (int i = 0; i < d->nphrase; i++)
		score += d->idf[i] * freq[i] * (BM25_K1 + 1.0) /
		    (freq[i] + BM25_K1 * (1.0 - BM25_B + BM25_B * ntok / d->avgdl));
	sqlite3_result_double(ctx, -score);
}

/* pobratim_fold(text): text_fold in SQL, for migrations that fill folded keys. */
static void
fold_fn(sqlite3_context *ctx, int nval, sqlite3_value **val)
{
	const char	*in = nval == 1 ? (const char *)sqlite3_value_text(val[0]) : NULL;
	char		*out;

	if (in == NULL) {
		sqlite3_result_null(ctx);
		return;
	}
	if ((out = sqlite3_malloc64(strlen(in) + 1)) == NULL) {
		sqlite3_result_error_nomem(ctx);
		return;
	}
	text_fold(in, out);
	sqlite3_result_text(ctx, out, -1, sqlite3_free);
}

int
search_register(void *handle, void **state)
{
	static fts5_tokenizer	 tok = { tok_create, tok_delete, tok_tokenize };
	sqlite3			*h = handle;
	sqlite3_stmt		*s;
	fts5_api		*api = NULL;
	struct stemmers		*st;

	if (sqlite3_prepare_v2(h, "SELECT fts5(?1)", -1, &s, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_pointer(s, 1, &api, "fts5_api_ptr", NULL);
	sqlite3_step(s);
	sqlite3_finalize(s);
	if (api == NULL || api->iVersion < 2)
		return -1;
	st = xcalloc(1, sizeof(*st));
	if (stemmers_init(st, true) == -1) {
		stemmers_free(st);
		return -1;
	}
	/* from here FTS5 owns st: it calls stemmers_free when h closes */
	if (api->xCreateTokenizer(api, "pobratim", st, &tok, stemmers_free) != SQLITE_OK)
		return -1;
	if (state != NULL)
		*state = st;
	if (sqlite3_create_function(h, "pobratim_fold", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC,
	    NULL, fold_fn, NULL, NULL) != SQLITE_OK)
		return -1;
	return api->xCreateFunction(api, "pobratim_rank", NULL, rank_fn, NULL) == SQLITE_OK ?
	    0 : -1;
}

/* --- terms, for tests and other backends --- */

struct terms {
	struct arena	 *a;
	const char	**items;
	size_t		  n, cap;
};

static int
add_term(void *arg, const char *term, size_t len, size_t start, size_t end)
{
	struct terms	*t = arg;

	(void)start;
	(void)end;
	t->items = arena_grow(t->a, t->items, t->n, &t->cap, sizeof(*t->items));
	t->items[t->n++] = arena_strndup(t->a, term, len);
	return 0;
}

int
db_search_terms(struct arena *a, const char *text, const char ***out, size_t *n)
{
	struct stemmers	st = { 0 };
	struct terms	t = { a, NULL, 0, 0 };
	int		rc = DB_ERR;

	if (stemmers_init(&st, false) == 0) {
		each_word(&st, text, strlen(text), add_term, &t);
		*out = t.items;
		*n = t.n;
		rc = DB_OK;
	}
	stemmers_release(&st);
	return rc;
}

/* --- the index --- */

#define KIND_SHIFT	40

static int64_t
doc_rowid(enum db_search_table table, int64_t id)
{
	return ((int64_t)table << KIND_SHIFT) + id;
}

/* The text without the snippet markers, which only the query may put in. */
static char *
clean(struct arena *a, const char *s)
{
	char	*c = arena_strdup(a, s != NULL ? s : "");

	for (char *p = c; *p != '\0'; p++)
		if (*p == '\x02' || *p == '\x03')
			*p = ' ';
	return c;
}

static const char *const SQL_FTS_DELETE = "DELETE FROM search_fts WHERE rowid = $1";
static const char *const SQL_FTS_INSERT =
	"INSERT INTO search_fts (rowid, title, body) VALUES ($1, $2, $3)";

int
db_search_put(struct db *db, enum db_search_table table, int64_t id, const char *title,
    const char *body)
{
	struct db_stmt	*del = stmt_prepare(db, SQL_FTS_DELETE);
	struct db_stmt	*ins = stmt_prepare(db, SQL_FTS_INSERT);
	struct arena	 a = ARENA_INIT;
	int		 rc;

	if (del == NULL || ins == NULL)
		return DB_ERR;
	stmt_int(del, 1, doc_rowid(table, id));
	if ((rc = stmt_exec(del)) != DB_OK)
		return rc;
	stmt_int(ins, 1, doc_rowid(table, id));
	stmt_text(ins, 2, clean(&a, title));
	stmt_text(ins, 3, clean(&a, body));
	rc = stmt_exec(ins);
	arena_release(&a);
	return rc;
}

static const char *const SQL_DEFER = "UPDATE search_defer SET deferred = 1";
static const char *const SQL_FLUSH_DELETE =
	"DELETE FROM search_fts WHERE rowid IN (SELECT rowid_fts FROM search_pending)";
static const char *const SQL_FLUSH_PARTNERSHIPS =
	"INSERT INTO search_fts (rowid, title, body)"
	" SELECT (4 << 40) + id, title, body FROM search_partnership_docs"
	" WHERE id IN (SELECT rowid_fts - (4 << 40) FROM search_pending"
	" WHERE rowid_fts >= (4 << 40) AND rowid_fts < (5 << 40))";
static const char *const SQL_FLUSH_DONE = "DELETE FROM search_pending";
static const char *const SQL_UNDEFER = "UPDATE search_defer SET deferred = 0";

int
db_search_defer(struct db *db)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_DEFER);

	return st == NULL ? DB_ERR : stmt_exec(st);
}

int
db_search_flush(struct db *db)
{
	static const char *const steps[] = { SQL_FLUSH_DELETE, SQL_FLUSH_PARTNERSHIPS,
		SQL_FLUSH_DONE, SQL_UNDEFER };
	int	rc = DB_OK;

	for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]) && rc == DB_OK; i++) {
		struct db_stmt	*st = stmt_prepare(db, steps[i]);

		rc = st == NULL ? DB_ERR : stmt_exec(st);
	}
	return rc;
}

int
db_search_optimize(struct db *db)
{
	static const char *const sql = "INSERT INTO search_fts (search_fts) VALUES ('optimize')";
	struct db_stmt	*st = stmt_prepare(db, sql);

	return st == NULL ? DB_ERR : stmt_exec(st);
}

int
db_search_delete(struct db *db, enum db_search_table table, int64_t id)
{
	struct db_stmt	*del = stmt_prepare(db, SQL_FTS_DELETE);

	if (del == NULL)
		return DB_ERR;
	stmt_int(del, 1, doc_rowid(table, id));
	return stmt_exec(del);
}

/* --- the query --- */

/*
 * A search runs in two steps. The candidates: of each kind, the CANDIDATES
 * newest matches, each ranked by pobratim_rank, read once into memory; all
 * kinds' together sorted by score. The page: the candidates in that order a
 * batch at a time, each kind's of the batch joined to its table (the ids as
 * a JSON array, in order), keeping those the caller may see and that pass
 * the filters, until `limit` are found. Most searches are answered from the
 * first batch, so a few rows are joined instead of 2,000 scattered over a
 * large table (docs/performance.md).
 */
static const char *const SQL_CANDIDATES =
	"SELECT rowid AS rowid, pobratim_rank(search_fts, $5, 4.0, 1.0) AS score FROM search_fts"
	" WHERE search_fts MATCH $1 AND rowid > $2 AND rowid < $3"
	" ORDER BY rowid DESC LIMIT $4";

/*
 * Each kind's page query. Parameters: $1 the candidates' ids in order (a
 * JSON array), $2 caller sees everything (staff), $3 caller's user id (0:
 * anonymous), $4 country LIKE, $5 topic LIKE, $6 kind, $7 from, $8 to, $9
 * limit, $10 the partner's own city (0: not a partner), $11 caller reads
 * meetings, $12 and $13 its struct db_meeting_scope, $14 and $15 its struct
 * db_event_scope. Columns (HIT_COLUMNS, which names them as hit_row reads
 * them): id, kind, lang, title, country list, topics, date, status, the
 * candidate's place, whether the caller may open the hit's page, the last
 * day of a span (meetings and events).
 */
#define HIT_COLUMNS(id, kind, lang, title, countries, topics, date, status, has_page, date_to)\
	"SELECT " id " AS id, " kind " AS kind, " lang " AS lang, " title " AS title, "	\
	countries " AS countries, " topics " AS topics, " date " AS date, " status " AS status,"\
	" j.key AS place, " has_page " AS has_page, " date_to " AS date_to"
#define PAGE_FROM(table, alias)	" FROM json_each($1) j JOIN " table " " alias " ON " alias ".id = j.value"

static const char *const SQL_SEARCH_BULLETINS =
	HIT_COLUMNS("b.id", "b.kind", "b.lang", "b.title", "b.countries", "b.topics",
	    "COALESCE(b.published_at, b.updated_at)", "b.status", "1", "NULL")
	PAGE_FROM("bulletins", "b")
	" WHERE (b.status = 'published' OR $2 = 1 OR b.author_id = $3)"
	" AND ($4 IS NULL OR b.countries LIKE $4) AND ($5 IS NULL OR b.topics LIKE $5)"
	" AND ($6 IS NULL OR ($6 = 'fact_check') = (b.kind = 'fact_check'))"
	" AND ($7 IS NULL OR COALESCE(b.published_at, b.updated_at) >= $7)"
	" AND ($8 IS NULL OR COALESCE(b.published_at, b.updated_at) < $8)"
	" ORDER BY j.key LIMIT $9";

static const char *const SQL_SEARCH_AID =
	HIT_COLUMNS("p.id", "'aid'", "p.lang", "p.title", "' ' || p.country_code || ' '",
	    "p.category", "p.created_at", "p.status", "1", "NULL")
	PAGE_FROM("aid_posts", "p")
	" WHERE $3 > 0"
	" AND ($4 IS NULL OR ' ' || p.country_code || ' ' LIKE $4) AND $5 IS NULL"
	" AND ($6 IS NULL OR $6 = 'aid')"
	" AND ($7 IS NULL OR p.created_at >= $7) AND ($8 IS NULL OR p.created_at < $8)"
	" ORDER BY j.key LIMIT $9";

/* Organizations: every signed-in user reads them (GET /organizations). */
static const char *const SQL_SEARCH_ORGS =
	HIT_COLUMNS("d.id", "d.kind", "NULL", "d.title", "' ' || d.country_code || ' '", "NULL",
	    "d.created_at", "NULL", "1", "NULL")
	PAGE_FROM("search_org_docs", "d")
	" WHERE $3 > 0"
	" AND ($4 IS NULL OR ' ' || d.country_code || ' ' LIKE $4) AND $5 IS NULL"
	" AND ($6 IS NULL OR $6 = 'organization')"
	" AND ($7 IS NULL OR d.created_at >= $7) AND ($8 IS NULL OR d.created_at < $8)"
	" ORDER BY j.key LIMIT $9";

/*
 * Partnerships: the published ones for everyone (the public list), all for
 * staff, those of their own city for a partner, who alone may open them.
 */
static const char *const SQL_SEARCH_PARTNERSHIPS =
	HIT_COLUMNS("d.id", "d.kind", "NULL", "d.title", "d.countries", "NULL", "d.date",
	    "d.status", "($2 = 1 OR $10 IN (d.city_lo, d.city_hi))", "NULL")
	PAGE_FROM("search_partnership_docs", "d")
	" WHERE (d.published = 1 OR $2 = 1 OR $10 IN (d.city_lo, d.city_hi))"
	" AND ($4 IS NULL OR d.countries LIKE $4) AND $5 IS NULL"
	" AND ($6 IS NULL OR $6 = 'partnership')"
	" AND ($7 IS NULL OR d.date >= $7) AND ($8 IS NULL OR d.date < $8)"
	" ORDER BY j.key LIMIT $9";

/* Meetings: for signed-in callers, those in their scope, as GET /meetings/{id}. */
static const char *const SQL_SEARCH_MEETINGS =
	HIT_COLUMNS("m.id", "m.kind", "NULL", "m.title", "m.countries", "NULL", "m.date",
	    "m.status", "1", "m.date_to")
	PAGE_FROM("search_meeting_docs", "m")
	" WHERE $11 = 1 AND" MEETING_IN_SCOPE("12", "13")
	" AND ($4 IS NULL OR m.countries LIKE $4) AND $5 IS NULL"
	" AND ($6 IS NULL OR $6 = 'meeting')"
	" AND ($7 IS NULL OR m.date >= $7) AND ($8 IS NULL OR m.date < $8)"
	" ORDER BY j.key LIMIT $9";

/* Events: those in the caller's scope, as GET /events/{id}; dated by their start. */
static const char *const SQL_SEARCH_EVENTS =
	HIT_COLUMNS("e.id", "e.kind", "NULL", "e.title", "e.countries", "NULL", "e.date",
	    "e.status", "1", "e.date_to")
	PAGE_FROM("search_event_docs", "e")
	" WHERE" EVENT_IN_SCOPE("14", "15")
	" AND ($4 IS NULL OR e.countries LIKE $4) AND $5 IS NULL"
	" AND ($6 IS NULL OR $6 = 'event')"
	" AND ($7 IS NULL OR e.date >= $7) AND ($8 IS NULL OR e.date < $8)"
	" ORDER BY j.key LIMIT $9";

/*
 * People: staff and admins see everyone (GET /people); a partner the people
 * of their own city and its partner cities; nobody else. Only names, posts,
 * organizations and the city are indexed, never contact details.
 */
static const char *const SQL_SEARCH_PEOPLE =
	HIT_COLUMNS("d.id", "'person'", "NULL", "d.title", "d.countries", "NULL", "d.created_at",
	    "NULL", "1", "NULL")
	PAGE_FROM("search_person_docs", "d")
	" WHERE ($2 = 1 OR ($10 <> 0 AND d.city_id IN (SELECT $10 UNION SELECT city_hi"
	" FROM partnerships WHERE city_lo = $10 UNION SELECT city_lo FROM partnerships"
	" WHERE city_hi = $10)))"
	" AND ($4 IS NULL OR d.countries LIKE $4) AND $5 IS NULL"
	" AND ($6 IS NULL OR $6 = 'person')"
	" AND ($7 IS NULL OR d.created_at >= $7) AND ($8 IS NULL OR d.created_at < $8)"
	" ORDER BY j.key LIMIT $9";

/* Practices: a public catalogue (GET /practices/{id} for anyone). */
static const char *const SQL_SEARCH_PRACTICES =
	HIT_COLUMNS("d.id", "d.kind", "NULL", "d.title", "d.countries", "NULL", "d.created_at",
	    "NULL", "1", "NULL")
	PAGE_FROM("search_practice_docs", "d")
	" WHERE ($4 IS NULL OR d.countries LIKE $4) AND $5 IS NULL"
	" AND ($6 IS NULL OR $6 = 'practice')"
	" AND ($7 IS NULL OR d.created_at >= $7) AND ($8 IS NULL OR d.created_at < $8)"
	" ORDER BY j.key LIMIT $9";

/* Shipments and delegations: staff and admins, a partner those of their city (api_sees_cities). */
static const char *const SQL_SEARCH_SHIPMENTS =
	HIT_COLUMNS("d.id", "'shipment'", "NULL", "d.title", "d.countries", "NULL", "d.date",
	    "d.status", "1", "NULL")
	PAGE_FROM("search_shipment_docs", "d")
	" WHERE ($2 = 1 OR ($10 <> 0 AND $10 IN (d.recipient_city_id, d.donor_city_id)))"
	" AND ($4 IS NULL OR d.countries LIKE $4) AND $5 IS NULL"
	" AND ($6 IS NULL OR $6 = 'shipment')"
	" AND ($7 IS NULL OR d.date >= $7) AND ($8 IS NULL OR d.date < $8)"
	" ORDER BY j.key LIMIT $9";

static const char *const SQL_SEARCH_DELEGATIONS =
	HIT_COLUMNS("d.id", "'delegation'", "NULL", "d.title", "d.countries", "NULL", "d.date",
	    "d.status", "1", "d.date_to")
	PAGE_FROM("search_delegation_docs", "d")
	" WHERE ($2 = 1 OR ($10 <> 0 AND $10 IN (d.from_city_id, d.to_city_id)))"
	" AND ($4 IS NULL OR d.countries LIKE $4) AND $5 IS NULL"
	" AND ($6 IS NULL OR $6 = 'delegation')"
	" AND ($7 IS NULL OR d.date >= $7) AND ($8 IS NULL OR d.date < $8)"
	" ORDER BY j.key LIMIT $9";

static const struct search_kind {
	enum db_search_table	 table;
	const char		*const *sql;
	const char		*kinds[3];	/* API kinds it answers */
} search_kinds[] = {
	{ DB_SEARCH_BULLETIN, &SQL_SEARCH_BULLETINS, { "bulletin", "fact_check", NULL } },
	{ DB_SEARCH_AID, &SQL_SEARCH_AID, { "aid", NULL, NULL } },
	{ DB_SEARCH_ORG, &SQL_SEARCH_ORGS, { "organization", NULL, NULL } },
	{ DB_SEARCH_PARTNERSHIP, &SQL_SEARCH_PARTNERSHIPS, { "partnership", NULL, NULL } },
	{ DB_SEARCH_MEETING, &SQL_SEARCH_MEETINGS, { "meeting", NULL, NULL } },
	{ DB_SEARCH_EVENT, &SQL_SEARCH_EVENTS, { "event", NULL, NULL } },
	{ DB_SEARCH_PERSON, &SQL_SEARCH_PEOPLE, { "person", NULL, NULL } },
	{ DB_SEARCH_PRACTICE, &SQL_SEARCH_PRACTICES, { "practice", NULL, NULL } },
	{ DB_SEARCH_SHIPMENT, &SQL_SEARCH_SHIPMENTS, { "shipment", NULL, NULL } },
	{ DB_SEARCH_DELEGATION, &SQL_SEARCH_DELEGATIONS, { "delegation", NULL, NULL } },
};

static const char *const SQL_SNIPPET =
	"SELECT highlight(search_fts, 0, char(2), char(3)) AS title_marked,"
	" snippet(search_fts, 1, char(2), char(3), '…', 24) AS snippet_marked"
	" FROM search_fts WHERE search_fts MATCH $1 AND rowid = $2";

bool
db_search_kind_known(const char *kind)
{
	for (size_t i = 0; i < sizeof(search_kinds) / sizeof(search_kinds[0]); i++)
		for (size_t k = 0; search_kinds[i].kinds[k] != NULL; k++)
			if (strcmp(search_kinds[i].kinds[k], kind) == 0)
				return true;
	return false;
}

/* Whether the query asks for kind k, and the caller may see any of it. */
static bool
kind_wanted(const struct search_kind *k, const struct db_search_query *q)
{
	const char	*kind = q->kind;

	if (k->table == DB_SEARCH_MEETING && q->meetings == NULL)
		return false;
	if (kind == NULL)
		return true;
	for (size_t i = 0; k->kinds[i] != NULL; i++)
		if (strcmp(k->kinds[i], kind) == 0)
			return true;
	return false;
}

/* The user's words: each quoted as an FTS5 phrase, and all of them together. */
struct words {
	const char	*match;			/* "w1" "w2": all required */
	const char	*phrase[PHRASES_MAX];	/* "w1" */
	int		 n;
};

/*
 * The user's words as FTS5 queries: each word quoted (the tokenizer stems it
 * on the other side, and FTS5 syntax in it is just text). -1 when there is
 * no word.
 */
static int
words_of(struct arena *a, const char *q, struct words *w)
{
	size_t	 len = strlen(q), i = 0, start;
	char	*out = arena_alloc(a, len * 3 + 8), *o = out;

	w->n = 0;
	while (w->n < PHRASES_MAX && next_word(q, len, &i, &start)) {
		if (o != out)
			*o++ = ' ';
		w->phrase[w->n++] = arena_printf(a, "\"%.*s\"", (int)(i - start), q + start);
		*o++ = '"';
		memcpy(o, q + start, i - start);
		o += i - start;
		*o++ = '"';
	}
	*o = '\0';
	w->match = out;
	return w->n > 0 ? 0 : -1;
}

static void
hit_row(struct db_stmt *st, struct arena *a, void *item)
{
	struct db_search_hit	*h = item;

	h->id = row_int(st, "id");
	h->kind = row_text(st, a, "kind");
	h->lang = row_text(st, a, "lang");
	h->title = row_text(st, a, "title");
	h->countries = row_text(st, a, "countries");
	h->topics = row_text(st, a, "topics");
	h->date = row_text(st, a, "date");
	h->status = row_text(st, a, "status");
	h->score = (double)row_int(st, "place");	/* batch_hits puts the score */
	h->has_page = row_int(st, "has_page") != 0;
	h->date_to = row_text(st, a, "date_to");
}

static int
by_score(const void *x, const void *y)
{
	const struct db_search_hit	*a = x, *b = y;

	return a->score < b->score ? -1 : a->score > b->score ? 1 :
	    a->id < b->id ? 1 : a->id > b->id ? -1 : 0;
}

static int
candidates_of(const struct db_search_query *q)
{
	return q->candidates > 0 ? q->candidates : CANDIDATES;
}

static const char *
like_item(struct arena *a, const char *v)
{
	return v != NULL ? arena_printf(a, "%% %s %%", v) : NULL;
}

/*
 * Snippets made here rather than by FTS5's highlight() and snippet(): those
 * run a full-text query per hit and tokenize its text three times, most of
 * a search's time (docs/performance.md). The same marks, by the same rules
 * (tests/api/search-snippets.test.mjs holds FTS5's answers for them): a word of
 * the text is marked when its term is one of the query's, and the snippet is
 * the SNIPPET_TOKENS words of the body FTS5 would choose, with "…" where the
 * text goes on. Each of the user's words is a phrase of one term; a query
 * with a word that gives no term is left to FTS5 (snippets_fts).
 */
#define SNIPPET_TOKENS	24
#define ELLIPSIS	"…"

/* The query's terms, one per phrase. */
struct qterms {
	char	term[PHRASES_MAX][WORD_MAX + 1];
	size_t	len[PHRASES_MAX];
	int	n;
};

/* A word of a text: its bytes, the phrases it is (bit i: phrase i), a sentence's first. */
struct token {
	size_t		 start, end;
	unsigned	 phrases;
	bool		 first;
};

struct tokens {
	struct arena		*a;
	const struct qterms	*q;
	const char		*text;
	struct token		*t;
	size_t			 n, cap;
};

static int
add_token(void *arg, const char *term, size_t len, size_t start, size_t end)
{
	struct tokens	*ts = arg;
	struct token	*t;
	size_t		 i;

	ts->t = arena_grow(ts->a, ts->t, ts->n, &ts->cap, sizeof(*ts->t));
	t = &ts->t[ts->n];
	t->start = start;
	t->end = end;
	t->phrases = 0;
	for (int p = 0; p < ts->q->n; p++)
		if (ts->q->len[p] == len && memcmp(ts->q->term[p], term, len) == 0)
			t->phrases |= 1u << p;
	/* FTS5's sentence finder: the first word, or one after ". " or ": " */
	for (i = start; i > 0 && strchr(" \t\n\r", ts->text[i - 1]) != NULL; i--)
		;
	t->first = ts->n == 0 || (i != start && i > 0 && (ts->text[i - 1] == '.' ||
	    ts->text[i - 1] == ':'));
	ts->n++;
	return 0;
}

static void
tokens_of(struct stemmers *st, struct arena *a, const struct qterms *q, const char *text,
    struct tokens *ts)
{
	memset(ts, 0, sizeof(*ts));
	ts->a = a;
	ts->q = q;
	ts->text = text;
	each_word(st, text, strlen(text), add_token, ts);
}

/* text with each word of tokens [from, to] that is a phrase between \x02 and \x03 */
static char *
marked(struct arena *a, const struct tokens *ts, size_t from, size_t to, bool head, bool tail)
{
	size_t	 len = strlen(ts->text), off = 0, o = 0;
	char	*out = arena_alloc(a, len + 2 * (to - from + 1) + 2 * sizeof(ELLIPSIS) + 1);

#define COPY(p, n)	do { memcpy(out + o, (p), (n)); o += (n); } while (0)
	if (head)
		COPY(ELLIPSIS, sizeof(ELLIPSIS) - 1);
	for (size_t i = from; i <= to && i < ts->n; i++) {
		const struct token	*t = &ts->t[i];

		if (i == from && from > 0)
			off = t->start;
		if (t->phrases != 0) {
			COPY(ts->text + off, t->start - off);
			out[o++] = '\x02';
			COPY(ts->text + t->start, t->end - t->start);
			out[o++] = '\x03';
			off = t->end;
		}
		if (i == to) {
			COPY(ts->text + off, t->end - off);
			off = t->end;
		}
	}
	if (tail)
		COPY(ELLIPSIS, sizeof(ELLIPSIS) - 1);
	else
		COPY(ts->text + off, len - off);
#undef COPY
	out[o] = '\0';
	return out;
}

/*
 * FTS5's fts5SnippetScore: of the phrases' words in [pos, pos + SNIPPET_TOKENS),
 * 1000 for each phrase's first, 1 for each other; *adj: where a snippet
 * centred on them starts.
 */
static int
snippet_score(const struct tokens *ts, size_t pos, size_t *adj)
{
	unsigned	seen = 0;
	int64_t		first = -1, last = 0, a, n = (int64_t)ts->n;
	int		score = 0;

	for (size_t i = pos; i < ts->n && i < pos + SNIPPET_TOKENS; i++)
		for (int p = 0; p < PHRASES_MAX; p++)
			if (ts->t[i].phrases & (1u << p)) {
				score += seen & (1u << p) ? 1 : 1000;
				seen |= 1u << p;
				if (first < 0)
					first = (int64_t)i;
				last = (int64_t)i + 1;
			}
	a = first - (SNIPPET_TOKENS - (last - first)) / 2;
	if (a + SNIPPET_TOKENS > n)
		a = n - SNIPPET_TOKENS;
	*adj = a < 0 ? 0 : (size_t)a;
	return score;
}

/* FTS5's snippet(search_fts, 1, char(2), char(3), '…', 24) of the body's tokens. */
static char *
snippet_of(struct arena *a, const struct tokens *ts)
{
	size_t	best_start = 0, adj, s = 0;
	int	best = 0, score;

	for (size_t i = 0; i < ts->n; i++) {
		if (ts->t[i].phrases == 0)
			continue;
		for (int p = 0; p < PHRASES_MAX; p++) {	/* once per phrase it is, as FTS5 */
			if (!(ts->t[i].phrases & (1u << p)))
				continue;
			if ((score = snippet_score(ts, i, &adj)) > best) {
				best = score;
				best_start = adj;
			}
			/* the start of the sentence it is in, if the body is longer than a snippet */
			if (ts->n > SNIPPET_TOKENS) {
				for (s = i; !ts->t[s].first; s--)
					;
				if (s < i && (score = snippet_score(ts, s, &adj) +
				    (s == 0 ? 120 : 100)) > best) {
					best = score;
					best_start = s;
				}
			}
		}
	}
	/* "…" after it unless it reaches the last word */
	return marked(a, ts, best_start, best_start + SNIPPET_TOKENS - 1, best_start > 0,
	    best_start + SNIPPET_TOKENS < ts->n);
}

/* The query's terms; -1 when a word gives none (FTS5 makes those snippets). */
static int
qterms_of(struct stemmers *st, const struct words *w, struct qterms *q)
{
	q->n = w->n;
	for (int i = 0; i < w->n; i++) {
		const char	*p = w->phrase[i] + 1;	/* "word" */
		size_t		 n = strlen(p) - 1, at = 0, start;

		if (!next_word(p, n, &at, &start) || start != 0 || at != n)
			return -1;
		q->len[i] = term_of(st, p, n, q->term[i]);
		if (q->len[i] == 0)
			return -1;
	}
	return 0;
}

static const char *const SQL_DOC =
	"SELECT title AS title, body AS body FROM search_fts WHERE rowid = $1";

static int
snippets(struct db *db, struct arena *a, struct stemmers *st, const struct qterms *q,
    struct db_search_hit *h)
{
	struct db_stmt	*doc = stmt_prepare(db, SQL_DOC);
	struct tokens	 ts;
	const char	*title, *body;
	int		 rc;

	if (doc == NULL)
		return DB_ERR;
	stmt_int(doc, 1, doc_rowid(h->table, h->id));
	rc = stmt_step(doc);
	if (rc == DB_ROW) {
		title = row_text(doc, a, "title");
		body = row_text(doc, a, "body");
		tokens_of(st, a, q, title != NULL ? title : "", &ts);
		h->title_marked = marked(a, &ts, 0, ts.n > 0 ? ts.n - 1 : 0, false, false);
		tokens_of(st, a, q, body != NULL ? body : "", &ts);
		h->snippet_marked = snippet_of(a, &ts);
	}
	stmt_done(doc);
	return rc < 0 ? DB_ERR : DB_OK;
}

static int
snippets_fts(struct db *db, struct arena *a, const char *match, struct db_search_hit *h)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_SNIPPET);
	int		 rc;

	if (st == NULL)
		return DB_ERR;
	stmt_text(st, 1, match);
	stmt_int(st, 2, doc_rowid(h->table, h->id));
	rc = stmt_step(st);
	if (rc == DB_ROW) {
		h->title_marked = row_text(st, a, "title_marked");
		h->snippet_marked = row_text(st, a, "snippet_marked");
	}
	stmt_done(st);
	return rc < 0 ? DB_ERR : DB_OK;
}

/*
 * Inverse document frequencies of the phrases of w within one kind, as the
 * text pobratim_rank reads ("" for one word: nothing to weigh). A phrase's
 * documents are counted among its DF_SAMPLE newest matches: exactly when it
 * has fewer, otherwise estimated from how densely they fall among the
 * kind's newest documents (ids grow with time), so a common word costs a
 * bounded read instead of its whole doclist.
 */
static const char *const SQL_KIND_TOP =
	"SELECT rowid AS rowid FROM search_fts WHERE rowid > $1 AND rowid < $2"
	" ORDER BY rowid DESC LIMIT 1";
static const char *const SQL_PHRASE_SAMPLE =
	"SELECT count(*) AS n, min(rid) AS oldest FROM (SELECT rowid AS rid FROM search_fts"
	" WHERE search_fts MATCH $1 AND rowid > $2 AND rowid < $3"
	" ORDER BY rowid DESC LIMIT $4)";

static int
phrase_idf(struct db *db, struct arena *a, const struct words *w,
    const struct search_kind *sk, const char **out)
{
	struct db_stmt	*top = stmt_prepare(db, SQL_KIND_TOP);
	struct db_stmt	*sample = stmt_prepare(db, SQL_PHRASE_SAMPLE);
	int64_t		 lo = doc_rowid(sk->table, 0), hi = doc_rowid(sk->table + 1, 0);
	int64_t		 newest = lo;
	double		 docs;
	const char	*text = "";
	int		 rc;

	*out = "";
	if (w->n < 2)
		return DB_OK;
	if (top == NULL || sample == NULL)
		return DB_ERR;
	stmt_int(top, 1, lo);
	stmt_int(top, 2, hi);
	if ((rc = stmt_step(top)) == DB_ROW)
		newest = row_int(top, "rowid");
	stmt_done(top);
	if (rc < 0)
		return DB_ERR;
	docs = (double)(newest - lo);
	for (int i = 0; i < w->n; i++) {
		double	n = 0, idf;

		stmt_text(sample, 1, w->phrase[i]);
		stmt_int(sample, 2, lo);
		stmt_int(sample, 3, hi);
		stmt_int(sample, 4, DF_SAMPLE);
		if ((rc = stmt_step(sample)) == DB_ROW) {
			n = (double)row_int(sample, "n");
			if (n >= DF_SAMPLE)
				n = n * docs / (double)(newest - row_int(sample, "oldest") + 1);
		}
		stmt_done(sample);
		if (rc < 0)
			return DB_ERR;
		idf = log((docs - n + 0.5) / (n + 0.5));
		text = arena_printf(a, "%s%s%.6f", text, i > 0 ? " " : "", idf > 0 ? idf : 1e-6);
	}
	*out = text;
	return DB_OK;
}

struct candidate {
	int64_t			 id;	/* of its kind's table */
	double			 score;
	const struct search_kind *sk;
};

static int
by_candidate_score(const void *x, const void *y)
{
	const struct candidate	*a = x, *b = y;

	return a->score < b->score ? -1 : a->score > b->score ? 1 :
	    a->id < b->id ? 1 : a->id > b->id ? -1 : (a->sk > b->sk) - (a->sk < b->sk);
}

/* Appends the kind's candidates to *c (not in order). */
static int
kind_candidates(struct db *db, struct arena *a, const struct db_search_query *q,
    const struct search_kind *sk, const struct words *w, struct candidate **c, size_t *n,
    size_t *cap)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_CANDIDATES);
	const char	*idf;
	int		 rc;

	if (st == NULL || phrase_idf(db, a, w, sk, &idf) != DB_OK)
		return DB_ERR;
	stmt_text(st, 1, w->match);
	stmt_int(st, 2, doc_rowid(sk->table, 0));
	stmt_int(st, 3, doc_rowid(sk->table + 1, 0));
	stmt_int(st, 4, candidates_of(q));
	stmt_text(st, 5, idf);
	while ((rc = stmt_step(st)) == DB_ROW) {
		*c = arena_grow(a, *c, *n, cap, sizeof(**c));
		(*c)[*n].id = row_int(st, "rowid") - doc_rowid(sk->table, 0);
		(*c)[*n].sk = sk;
		(*c)[(*n)++].score = row_double(st, "score");
	}
	stmt_done(st);
	return rc < 0 ? DB_ERR : DB_OK;
}

/* The candidates of every kind the query wants, best first. */
static int
candidates(struct db *db, struct arena *a, const struct db_search_query *q,
    const struct words *w, struct candidate **c, size_t *n)
{
	size_t	cap = 0;

	*c = NULL;
	*n = 0;
	for (size_t k = 0; k < sizeof(search_kinds) / sizeof(search_kinds[0]); k++)
		if (kind_wanted(&search_kinds[k], q) &&
		    kind_candidates(db, a, q, &search_kinds[k], w, c, n, &cap) != DB_OK)
			return DB_ERR;
	if (*n > 1)
		qsort(*c, *n, sizeof(**c), by_candidate_score);
	return DB_OK;
}

/* "[3,1,2]": the ids of c[0..n) in order, for json_each. */
static const char *
id_array(struct arena *a, const struct candidate *c, size_t n)
{
	size_t	 size = n * 21 + 3;
	char	*out = arena_alloc(a, size), *o = out;

	*o++ = '[';
	for (size_t i = 0; i < n; i++)
		o += snprintf(o, size - (size_t)(o - out), "%s%lld", i > 0 ? "," : "",
		    (long long)c[i].id);
	*o++ = ']';
	*o = '\0';
	return out;
}

/* $11 to $15 of the page queries: who sees which meetings and events. */
static void
bind_scopes(struct db_stmt *st, const struct db_search_query *q)
{
	static const struct db_meeting_scope	none = { 0, 0 };
	static const struct db_event_scope	published = { 0, true };
	const struct db_meeting_scope		*m = q->meetings != NULL ? q->meetings : &none;
	const struct db_event_scope		*e = q->events != NULL ? q->events : &published;

	stmt_int(st, 11, q->meetings != NULL);
	stmt_int(st, 12, m->org_id);
	stmt_int(st, 13, m->city_id);
	stmt_int(st, 14, e->city_id);
	stmt_int(st, 15, e->published_only);
}

/* Up to `want` hits among the candidates c[0..n), in their order. */
static int
batch_hits(struct db *db, struct arena *a, const struct db_search_query *q,
    const struct search_kind *sk, const struct candidate *c, size_t n, int want,
    struct db_search_hit **part, size_t *np)
{
	struct db_stmt	*st = stmt_prepare(db, *sk->sql);

	if (st == NULL)
		return DB_ERR;
	stmt_text(st, 1, id_array(a, c, n));
	stmt_int(st, 2, q->sees_all ? 1 : 0);
	stmt_int(st, 3, q->user_id);
	stmt_text(st, 4, like_item(a, q->country));
	stmt_text(st, 5, like_item(a, q->topic));
	stmt_text(st, 6, q->kind);
	stmt_text(st, 7, q->from);
	stmt_text(st, 8, q->to);
	stmt_int(st, 9, want);
	stmt_int(st, 10, q->partner_city);
	bind_scopes(st, q);
	if (stmt_rows(st, a, sizeof(**part), hit_row, (void **)part, np) != DB_OK)
		return DB_ERR;
	for (size_t i = 0; i < *np; i++)
		(*part)[i].score = c[(size_t)(*part)[i].score].score;
	return DB_OK;
}

/*
 * The hits among the batch c[0..n) of every kind's candidates: each kind's
 * page query reads only its own of them, in order, up to `want`. Appends
 * to *all.
 */
static int
batch_of_kinds(struct db *db, struct arena *a, const struct db_search_query *q,
    const struct candidate *c, size_t n, int want, struct db_search_hit **all, size_t *nall,
    size_t *cap)
{
	struct candidate	*mine = arena_alloc(a, n * sizeof(*mine));
	struct db_search_hit	*part;
	size_t			 m, np;

	for (size_t k = 0; k < sizeof(search_kinds) / sizeof(search_kinds[0]); k++) {
		const struct search_kind	*sk = &search_kinds[k];

		m = 0;
		for (size_t i = 0; i < n; i++)
			if (c[i].sk == sk)
				mine[m++] = c[i];
		if (m == 0)
			continue;
		if (batch_hits(db, a, q, sk, mine, m, want, &part, &np) != DB_OK)
			return DB_ERR;
		for (size_t i = 0; i < np; i++) {
			*all = arena_grow(a, *all, *nall, cap, sizeof(**all));
			(*all)[*nall] = part[i];
			(*all)[(*nall)++].table = sk->table;
		}
	}
	return DB_OK;
}

/*
 * The first `limit` candidates, of all kinds, that the caller may see and
 * the filters keep, in order of score. The first batch is the BEST_FIRST
 * pages of the best candidates; when the filters drop too many of them,
 * the rest follow in one batch. Every candidate left out scores below all
 * those read, so the page is the one reading every candidate would give.
 */
static int
page_of(struct db *db, struct arena *a, const struct db_search_query *q,
    const struct words *w, struct db_search_hit **all, size_t *nall)
{
	struct candidate	*c;
	size_t			 n, done = 0, cap = 0, batch = (size_t)q->limit * BEST_FIRST;

	if (candidates(db, a, q, w, &c, &n) != DB_OK)
		return DB_ERR;
	while (done < n && *nall < (size_t)q->limit) {
		size_t	take = done == 0 && batch < n ? batch : n - done;

		if (batch_of_kinds(db, a, q, c + done, take, q->limit - (int)*nall, all, nall,
		    &cap) != DB_OK)
			return DB_ERR;
		done += take;
	}
	return DB_OK;
}

/* db_search within one snapshot. */
static int
search_in(struct db *db, struct arena *a, const struct db_search_query *q,
    const struct words *w, struct db_search_hit **out, size_t *n)
{
	struct db_search_hit	*all = NULL;
	size_t			 nall = 0;
	struct stemmers		*st;
	struct qterms		 qt;
	bool			 mine;

	if (page_of(db, a, q, w, &all, &nall) != DB_OK)
		return DB_ERR;
	if (nall > 1)
		qsort(all, nall, sizeof(*all), by_score);
	if (nall > (size_t)q->limit)
		nall = (size_t)q->limit;
	mine = (st = sqlite_search_state(db)) != NULL && qterms_of(st, w, &qt) == 0;
	for (size_t i = 0; i < nall; i++)
		if ((mine ? snippets(db, a, st, &qt, &all[i]) :
		    snippets_fts(db, a, w->match, &all[i])) != DB_OK)
			return DB_ERR;
	*out = all;
	*n = nall;
	return DB_OK;
}

/* Its ~30 statements in one read transaction: a snapshot, and one begin instead of 30. */
int
db_search(struct db *db, struct arena *a, const struct db_search_query *q,
    struct db_search_hit **out, size_t *n)
{
	struct words	 w;
	bool		 began;
	int		 rc;

	*out = NULL;
	*n = 0;
	if (words_of(a, q->q, &w) == -1)
		return DB_INVALID;
	began = db_read_begin(db);
	rc = search_in(db, a, q, &w, out, n);
	db_read_end(db, began);
	return rc;
}
