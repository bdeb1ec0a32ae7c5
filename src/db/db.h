/*
 * db: the storage API. Callers see typed functions and plain structs, never
 * SQL, placeholders or a backend's types; every SQL text lives in src/db/.
 * SQLite (sqlite.c) is the embedded backend; the SQL of the queries is
 * written so that PostgreSQL accepts it too ($N placeholders, RETURNING,
 * no backend functions), which is what a libpq backend needs.
 *
 * One struct db is one connection, used by one thread at a time. Strings in
 * results are allocated in the arena the caller passes and live as long as it.
 */
#ifndef DB_DB_H
#define DB_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../base/arena.h"

enum db_rc {
	DB_ERR = -1,
	DB_OK = 0,
	DB_NOTFOUND,
	DB_CONFLICT,	/* unique key taken, or rows still refer to it */
	DB_INVALID,	/* a reference does not exist (foreign key) */
};

struct db;

/* --- connection --- */

/* Opens (creating if needed) with WAL and foreign keys on. NULL on failure (logged). */
struct db	*db_open(const char *path);
void		 db_close(struct db *db);
const char	*db_backend(const struct db *db);	/* "sqlite" */
/* Applies the migrations not applied yet; each in its own transaction. */
int		 db_migrate(struct db *db);
/* Online backup to a new file, consistent while others write. */
int		 db_backup(struct db *db, const char *file);
int		 db_begin(struct db *db);
int		 db_commit(struct db *db);
void		 db_rollback(struct db *db);
int		 db_integrity_check(struct db *db);
/* Bulk loading (benchmarks): no fsync, a large page cache. Never while serving. */
int		 db_bulk_mode(struct db *db);

/* --- gazetteer --- */

struct db_country {
	const char	*code, *code3, *numeric, *name_en, *name_ru, *continent;
};

struct db_city {
	int64_t		 id, geonames_id, population;
	const char	*name_en, *name_ru, *country_code, *country_name_en, *country_name_ru;
	const char	*admin1, *timezone;
	double		 latitude, longitude;
};

/* Keyset position in a list ordered by population descending, then id. */
struct db_city_filter {
	const char	*q;		/* folded (text_fold), matches a word start; NULL: all */
	const char	*country;	/* ISO alpha-2 or NULL */
	int64_t		 after_population, after_id;	/* after_id 0: from the start */
	int		 limit;
};

int	db_country_put(struct db *db, const struct db_country *c);
int	db_country_list(struct db *db, struct arena *a, struct db_country **out, size_t *n);
int	db_city_put(struct db *db, const struct db_city *c);	/* by geonames_id */
int	db_city_get(struct db *db, struct arena *a, int64_t id, struct db_city *out);
int	db_city_id_by_geonames(struct db *db, int64_t geonames_id, int64_t *id);
int	db_city_set_name_ru(struct db *db, int64_t id, const char *name_ru);
int	db_city_list(struct db *db, struct arena *a, const struct db_city_filter *f,
	    struct db_city **out, size_t *n);

/* --- organizations --- */

struct db_org {
	int64_t		 id, city_id, user_count;
	const char	*kind, *name_en, *name_ru, *short_en, *short_ru, *website;
	const char	*created_at, *updated_at;
	struct db_city	 city;		/* filled by get and list */
};

struct db_org_filter {
	const char	*q;		/* folded */
	const char	*kind;
	int64_t		 city_id;	/* 0: any */
	int64_t		 after_id;
	int		 limit;
};

int	db_org_insert(struct db *db, const struct db_org *o, int64_t *id);
int	db_org_update(struct db *db, const struct db_org *o);
int	db_org_delete(struct db *db, int64_t id);	/* DB_CONFLICT while users belong */
int	db_org_get(struct db *db, struct arena *a, int64_t id, struct db_org *out);
int	db_org_list(struct db *db, struct arena *a, const struct db_org_filter *f,
	    struct db_org **out, size_t *n);

/* --- users and sessions --- */

struct db_user {
	int64_t		 id, org_id;
	const char	*email, *name, *role, *locale, *password_hash;
	const char	*created_at, *updated_at;
	bool		 disabled, demo_password;
	struct db_org	 org;		/* id, names, city filled by get and list */
};

struct db_user_filter {
	const char	*q;		/* folded, matches email or name */
	const char	*role;
	int64_t		 after_id;
	int		 limit;
};

int	db_user_insert(struct db *db, const struct db_user *u, int64_t *id);
int	db_user_update(struct db *db, const struct db_user *u);	/* all fields */
int	db_user_delete(struct db *db, int64_t id);
int	db_user_get(struct db *db, struct arena *a, int64_t id, struct db_user *out);
int	db_user_get_by_email(struct db *db, struct arena *a, const char *email,
	    struct db_user *out);
int	db_user_list(struct db *db, struct arena *a, const struct db_user_filter *f,
	    struct db_user **out, size_t *n);
int	db_user_count_demo(struct db *db, int64_t *n);

struct db_session {
	int64_t		 id, user_id;
	const char	*csrf_token, *expires_at;
};

int	db_session_insert(struct db *db, const char *token_hash, int64_t user_id,
	    const char *csrf_token, const char *now, const char *expires_at,
	    const char *address, const char *user_agent);
/* A session not expired at `now`, with its user; DB_NOTFOUND otherwise. */
int	db_session_get(struct db *db, struct arena *a, const char *token_hash, const char *now,
	    struct db_session *s, struct db_user *u);
int	db_session_delete(struct db *db, const char *token_hash);
int	db_session_delete_user(struct db *db, int64_t user_id);

/* Failed sign-ins, for throttling: key is the folded email or the address. */
int	db_login_failure_add(struct db *db, const char *email, const char *address,
	    const char *at);
int	db_login_failure_count(struct db *db, const char *email, const char *address,
	    const char *since, int64_t *by_email, int64_t *by_address, char oldest[32]);
int	db_login_failure_clear(struct db *db, const char *email);

/* --- dashboard --- */

struct db_counts {
	int64_t		 countries, cities, organizations, users;
};

struct db_country_count {
	const char	*country_code, *name_en, *name_ru;
	int64_t		 count;
};

int	db_counts(struct db *db, struct db_counts *out);
int	db_org_count_by_country(struct db *db, struct arena *a,
	    struct db_country_count **out, size_t *n);

/* --- information exchange: bulletins, fact checks, mutual aid --- */

/*
 * A bulletin is news, good news or a fact check, in one language. countries
 * and topics are " A B " lists (a space before and after each item).
 */
struct db_bulletin {
	int64_t		 id, city_id, author_id, org_id, revision;
	const char	*kind, *status, *lang, *title, *body, *countries, *topics;
	const char	*source_url, *return_reason;
	const char	*claim, *claim_source, *claim_date, *verdict, *sources;
	const char	*created_at, *updated_at, *published_at;
	/* filled by get and list */
	const char	*author_name, *org_name_en, *org_name_ru, *city_name_en, *city_name_ru;
};

struct db_bulletin_filter {
	const char	*status;	/* NULL: any */
	const char	*kind;		/* news, good_news, fact_check; NULL: any */
	const char	*country, *topic;	/* one item or NULL */
	const char	*lang;		/* ru, en or NULL */
	int64_t		 author_id;	/* 0: anyone's */
	int64_t		 before_id;	/* newest first; 0: from the newest */
	int		 limit;
};

struct db_revision {
	int64_t		 revision;
	const char	*title, *body, *status, *note, *editor_name, *created_at;
};

/* Inserts, writes revision 1 and indexes it; call inside a transaction. */
int	db_bulletin_insert(struct db *db, const struct db_bulletin *b, int64_t *id);
/*
 * Writes every field (status and published_at too), bumps the revision and
 * records it with the editor and a note, and reindexes; inside a transaction.
 */
int	db_bulletin_update(struct db *db, struct db_bulletin *b, int64_t editor_id,
	    const char *note);
int	db_bulletin_get(struct db *db, struct arena *a, int64_t id, struct db_bulletin *out);
int	db_bulletin_list(struct db *db, struct arena *a, const struct db_bulletin_filter *f,
	    struct db_bulletin **out, size_t *n);
int	db_bulletin_revisions(struct db *db, struct arena *a, int64_t id,
	    struct db_revision **out, size_t *n);
/* Published bulletins per country (every country a bulletin names). */
int	db_bulletin_count_by_country(struct db *db, struct arena *a,
	    struct db_country_count **out, size_t *n);

struct db_aid_post {
	int64_t		 id, city_id, author_id, org_id, answer_count;
	const char	*kind, *category, *status, *lang, *title, *body, *country_code;
	const char	*contact, *created_at, *updated_at;
	/* filled by get and list */
	const char	*author_name, *org_name_en, *org_name_ru;
	const char	*country_name_en, *country_name_ru, *city_name_en, *city_name_ru;
};

struct db_aid_filter {
	const char	*kind, *category, *status, *country;
	int64_t		 before_id;
	int		 limit;
};

struct db_aid_answer {
	int64_t		 id, post_id, user_id, org_id;
	const char	*message, *created_at, *user_name, *org_name_en, *org_name_ru;
};

int	db_aid_insert(struct db *db, const struct db_aid_post *p, int64_t *id);	/* indexes it */
int	db_aid_update(struct db *db, const struct db_aid_post *p);	/* reindexes */
int	db_aid_get(struct db *db, struct arena *a, int64_t id, struct db_aid_post *out);
int	db_aid_list(struct db *db, struct arena *a, const struct db_aid_filter *f,
	    struct db_aid_post **out, size_t *n);
int	db_aid_answer_insert(struct db *db, const struct db_aid_answer *ans, int64_t *id);
int	db_aid_answers(struct db *db, struct arena *a, int64_t post_id,
	    struct db_aid_answer **out, size_t *n);
/* Whether organization org_id has answered post_id. */
int	db_aid_answered_by(struct db *db, int64_t post_id, int64_t org_id, bool *out);

/* --- full-text search (search.c; SQLite FTS5, a tsvector in PostgreSQL) --- */

/* The tables of the searchable kinds; partners, meetings and events come next. */
enum db_search_table {
	DB_SEARCH_BULLETIN = 1,	/* bulletins and fact checks */
	DB_SEARCH_AID = 2,
};

struct db_search_query {
	const char	*q;		/* the user's words */
	const char	*kind;		/* bulletin, fact_check, aid; NULL: all */
	const char	*country, *topic;	/* NULL: any */
	const char	*from, *to;	/* RFC 3339 or date bounds, to exclusive; NULL: open */
	bool		 sees_all;	/* staff: drafts too */
	int64_t		 user_id;	/* 0: anonymous */
	int		 limit;
	int		 candidates;	/* newest matches ranked per kind; 0: default */
};

struct db_search_hit {
	enum db_search_table	 table;
	int64_t			 id;
	const char		*kind, *lang, *title, *countries, *topics, *date, *status;
	/* "\x02" opens and "\x03" closes a matched word */
	const char		*title_marked, *snippet_marked;
	double			 score;		/* bm25: lower is better */
};

/* DB_INVALID when q has no word. */
int	db_search(struct db *db, struct arena *a, const struct db_search_query *q,
	    struct db_search_hit **out, size_t *n);
bool	db_search_kind_known(const char *kind);
int	db_search_put(struct db *db, enum db_search_table table, int64_t id, const char *title,
	    const char *body);
int	db_search_delete(struct db *db, enum db_search_table table, int64_t id);
/* Merges the index into one segment (after bulk loads; a maintenance job). */
int	db_search_optimize(struct db *db);
/* The folded, stemmed terms the index keeps for text (tests, other backends). */
int	db_search_terms(struct arena *a, const char *text, const char ***out, size_t *n);

#endif
