/*
 * search: full-text search over the searchable kinds (bulletins and fact
 * checks, mutual-aid posts), SQLite only. It holds the 'pobratim' FTS5
 * tokenizer (words folded with text_fold and stemmed with libstemmer), the
 * upkeep of the search_fts index and the ranked query. A PostgreSQL backend
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
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "../base/alloc.h"
#include "../base/log.h"
#include "../base/text.h"

#define WORD_MAX	64	/* bytes of a folded word; longer words are cut */
#define CANDIDATES	2000	/* newest matches ranked per kind (see db_search) */

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

struct stemmers {
	struct sb_stemmer	*ru, *en;
};

static int
stemmers_init(struct stemmers *s)
{
	s->ru = sb_stemmer_new("russian", "UTF_8");
	s->en = sb_stemmer_new("english", "UTF_8");
	return s->ru != NULL && s->en != NULL ? 0 : -1;
}

static void
stemmers_release(struct stemmers *s)
{
	if (s->ru != NULL)
		sb_stemmer_delete(s->ru);
	if (s->en != NULL)
		sb_stemmer_delete(s->en);
}

/*
 * Folds and stems one word of n bytes into out[WORD_MAX + 1]; returns the
 * length, 0 when nothing is left.
 */
static size_t
term_of(struct stemmers *st, const char *w, size_t n, char *out)
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

struct tokenizer {
	struct stemmers	 st;
};

static int
tok_create(void *ctx, const char **argv, int argc, Fts5Tokenizer **out)
{
	struct tokenizer	*t = xcalloc(1, sizeof(*t));

	(void)ctx;
	(void)argv;
	(void)argc;
	if (stemmers_init(&t->st) == -1) {
		stemmers_release(&t->st);
		free(t);
		return SQLITE_ERROR;
	}
	*out = (Fts5Tokenizer *)t;
	return SQLITE_OK;
}

static void
tok_delete(Fts5Tokenizer *p)
{
	struct tokenizer	*t = (struct tokenizer *)p;

	stemmers_release(&t->st);
	free(t);
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
	return each_word(&t->st, text, len > 0 ? (size_t)len : 0, tok_word, &c);
}

int
search_register(void *handle)
{
	static fts5_tokenizer	 tok = { tok_create, tok_delete, tok_tokenize };
	sqlite3			*h = handle;
	sqlite3_stmt		*s;
	fts5_api		*api = NULL;

	if (sqlite3_prepare_v2(h, "SELECT fts5(?1)", -1, &s, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_pointer(s, 1, &api, "fts5_api_ptr", NULL);
	sqlite3_step(s);
	sqlite3_finalize(s);
	if (api == NULL || api->iVersion < 2)
		return -1;
	return api->xCreateTokenizer(api, "pobratim", NULL, &tok, NULL) == SQLITE_OK ? 0 : -1;
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

	if (stemmers_init(&st) == 0) {
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
 * One searchable kind: its table in the rowid, and a query that ranks the
 * CANDIDATES newest matches, keeps those the caller may see and that pass
 * the filters. Parameters: $1 match, $2 $3 rowid range, $4 candidates,
 * $5 caller sees everything (staff), $6 caller's user id (0: anonymous),
 * $7 country LIKE, $8 topic LIKE, $9 kind, $10 from, $11 to, $12 limit.
 * Columns: id, kind, lang, title, country list, topics, date, status, score.
 * Partners, meetings and events add a line here when their tables land.
 */
#define CANDIDATE_SQL							\
	"(SELECT rowid AS rid, bm25(search_fts, 4.0, 1.0) AS score FROM search_fts"	\
	" WHERE search_fts MATCH $1 AND rowid > $2 AND rowid < $3"	\
	" ORDER BY rowid DESC LIMIT $4) c"

static const char *const SQL_SEARCH_BULLETINS =
	"SELECT b.id, b.kind, b.lang, b.title, b.countries, b.topics,"
	" COALESCE(b.published_at, b.updated_at), b.status, c.score"
	" FROM " CANDIDATE_SQL " JOIN bulletins b ON b.id = c.rid - $2"
	" WHERE (b.status = 'published' OR $5 = 1 OR b.author_id = $6)"
	" AND ($7 IS NULL OR b.countries LIKE $7) AND ($8 IS NULL OR b.topics LIKE $8)"
	" AND ($9 IS NULL OR ($9 = 'fact_check') = (b.kind = 'fact_check'))"
	" AND ($10 IS NULL OR COALESCE(b.published_at, b.updated_at) >= $10)"
	" AND ($11 IS NULL OR COALESCE(b.published_at, b.updated_at) < $11)"
	" ORDER BY c.score LIMIT $12";

static const char *const SQL_SEARCH_AID =
	"SELECT p.id, 'aid', p.lang, p.title, ' ' || p.country_code || ' ', p.category,"
	" p.created_at, p.status, c.score"
	" FROM " CANDIDATE_SQL " JOIN aid_posts p ON p.id = c.rid - $2"
	" WHERE $6 > 0"
	" AND ($7 IS NULL OR ' ' || p.country_code || ' ' LIKE $7) AND $8 IS NULL"
	" AND ($9 IS NULL OR $9 = 'aid')"
	" AND ($10 IS NULL OR p.created_at >= $10) AND ($11 IS NULL OR p.created_at < $11)"
	" ORDER BY c.score LIMIT $12";

static const struct search_kind {
	enum db_search_table	 table;
	const char		*const *sql;
	const char		*kinds[3];	/* API kinds it answers */
} search_kinds[] = {
	{ DB_SEARCH_BULLETIN, &SQL_SEARCH_BULLETINS, { "bulletin", "fact_check", NULL } },
	{ DB_SEARCH_AID, &SQL_SEARCH_AID, { "aid", NULL, NULL } },
};

static const char *const SQL_SNIPPET =
	"SELECT highlight(search_fts, 0, char(2), char(3)),"
	" snippet(search_fts, 1, char(2), char(3), '…', 24)"
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

static bool
kind_wanted(const struct search_kind *k, const char *kind)
{
	if (kind == NULL)
		return true;
	for (size_t i = 0; k->kinds[i] != NULL; i++)
		if (strcmp(k->kinds[i], kind) == 0)
			return true;
	return false;
}

/*
 * The user's words as an FTS5 query: each word quoted (the tokenizer stems it
 * on the other side), all of them required. NULL when there is no word.
 */
static const char *
match_of(struct arena *a, const char *q)
{
	size_t	 len = strlen(q), i = 0, start;
	char	*out = arena_alloc(a, len * 3 + 8), *o = out;
	int	 words = 0;

	while (words < 8 && next_word(q, len, &i, &start)) {
		if (o != out)
			*o++ = ' ';
		*o++ = '"';
		memcpy(o, q + start, i - start);
		o += i - start;
		*o++ = '"';
		words++;
	}
	*o = '\0';
	return words > 0 ? out : NULL;
}

static void
hit_row(struct db_stmt *st, struct arena *a, void *item)
{
	struct db_search_hit	*h = item;

	h->id = col_int(st, 0);
	h->kind = col_text(st, a, 1);
	h->lang = col_text(st, a, 2);
	h->title = col_text(st, a, 3);
	h->countries = col_text(st, a, 4);
	h->topics = col_text(st, a, 5);
	h->date = col_text(st, a, 6);
	h->status = col_text(st, a, 7);
	h->score = col_double(st, 8);
}

static int
by_score(const void *x, const void *y)
{
	const struct db_search_hit	*a = x, *b = y;

	return a->score < b->score ? -1 : a->score > b->score ? 1 :
	    a->id < b->id ? 1 : a->id > b->id ? -1 : 0;
}

static const char *
like_item(struct arena *a, const char *v)
{
	return v != NULL ? arena_printf(a, "%% %s %%", v) : NULL;
}

static int
snippets(struct db *db, struct arena *a, const char *match, struct db_search_hit *h)
{
	struct db_stmt	*st = stmt_prepare(db, SQL_SNIPPET);
	int		 rc;

	if (st == NULL)
		return DB_ERR;
	stmt_text(st, 1, match);
	stmt_int(st, 2, doc_rowid(h->table, h->id));
	rc = stmt_step(st);
	if (rc == DB_ROW) {
		h->title_marked = col_text(st, a, 0);
		h->snippet_marked = col_text(st, a, 1);
	}
	stmt_done(st);
	return rc < 0 ? DB_ERR : DB_OK;
}

int
db_search(struct db *db, struct arena *a, const struct db_search_query *q,
    struct db_search_hit **out, size_t *n)
{
	const char		*match = match_of(a, q->q);
	struct db_search_hit	*all = NULL, *part;
	size_t			 nall = 0, cap = 0, np;

	*out = NULL;
	*n = 0;
	if (match == NULL)
		return DB_INVALID;
	for (size_t k = 0; k < sizeof(search_kinds) / sizeof(search_kinds[0]); k++) {
		const struct search_kind	*sk = &search_kinds[k];
		struct db_stmt			*st;

		if (!kind_wanted(sk, q->kind))
			continue;
		if ((st = stmt_prepare(db, *sk->sql)) == NULL)
			return DB_ERR;
		stmt_text(st, 1, match);
		stmt_int(st, 2, doc_rowid(sk->table, 0));
		stmt_int(st, 3, doc_rowid(sk->table + 1, 0));
		stmt_int(st, 4, q->candidates > 0 ? q->candidates : CANDIDATES);
		stmt_int(st, 5, q->sees_all ? 1 : 0);
		stmt_int(st, 6, q->user_id);
		stmt_text(st, 7, like_item(a, q->country));
		stmt_text(st, 8, like_item(a, q->topic));
		stmt_text(st, 9, q->kind);
		stmt_text(st, 10, q->from);
		stmt_text(st, 11, q->to);
		stmt_int(st, 12, q->limit);
		if (stmt_rows(st, a, sizeof(*part), hit_row, (void **)&part, &np) != DB_OK)
			return DB_ERR;
		for (size_t i = 0; i < np; i++) {
			all = arena_grow(a, all, nall, &cap, sizeof(*all));
			all[nall] = part[i];
			all[nall++].table = sk->table;
		}
	}
	if (nall > 1)
		qsort(all, nall, sizeof(*all), by_score);
	if (nall > (size_t)q->limit)
		nall = (size_t)q->limit;
	for (size_t i = 0; i < nall; i++)
		if (snippets(db, a, match, &all[i]) != DB_OK)
			return DB_ERR;
	*out = all;
	*n = nall;
	return DB_OK;
}
