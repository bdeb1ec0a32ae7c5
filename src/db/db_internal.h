/*
 * Statement API shared by the query files of src/db. A backend implements
 * these over its driver; the query files hold the SQL and the mapping to the
 * structs of db.h. Statements are prepared once per connection and cached by
 * the address of their SQL text, so SQL must be a string literal or static.
 */
#ifndef DB_INTERNAL_H
#define DB_INTERNAL_H

#include "db.h"

struct db_stmt;

enum { DB_ROW = 1, DB_DONE = 0 };

struct db_stmt	*stmt_prepare(struct db *db, const char *sql);	/* NULL: logged */
/* $n placeholders, n from 1 */
void		 stmt_int(struct db_stmt *st, int n, int64_t v);
void		 stmt_double(struct db_stmt *st, int n, double v);
void		 stmt_text(struct db_stmt *st, int n, const char *v);	/* NULL binds NULL */
/* A reference: v > 0 binds v, anything else NULL. */
void		 stmt_id(struct db_stmt *st, int n, int64_t v);
/* An optional amount: v > 0 binds v, anything else NULL ("not stated"). */
void		 stmt_amount(struct db_stmt *st, int n, double v);
/* DB_ROW, DB_DONE, or a negative enum db_rc / DB_CONFLICT / DB_INVALID on error */
int		 stmt_step(struct db_stmt *st);
int64_t		 col_int(struct db_stmt *st, int i);
double		 col_double(struct db_stmt *st, int i);
const char	*col_text(struct db_stmt *st, struct arena *a, int i);	/* NULL for NULL */
/*
 * The index of the result column named prefix + name (its AS), -1 (logged)
 * when none is. A prefix tells apart the groups of columns several joined
 * rows give (a_name_en, b_name_en: PCITY_COLUMNS).
 */
int		 col_index_of(struct db_stmt *st, const char *prefix, const char *name);
#define col_index(st, name)	col_index_of((st), "", (name))
/* The column named name of the current row: how the query files read rows. */
#define row_int(st, name)	col_int((st), col_index((st), (name)))
#define row_double(st, name)	col_double((st), col_index((st), (name)))
#define row_text(st, a, name)	col_text((st), (a), col_index((st), (name)))
/* The same in a group of columns named prefix + name. */
#define group_int(st, p, name)		col_int((st), col_index_of((st), (p), (name)))
#define group_double(st, p, name)	col_double((st), col_index_of((st), (p), (name)))
#define group_text(st, a, p, name)	col_text((st), (a), col_index_of((st), (p), (name)))
/* the records' readers and binders (x-column in contract/: build/gen/db_records.inc) */
#include "db_records.h"
void		 stmt_done(struct db_stmt *st);	/* resets and clears bindings */

/* Runs a statement that returns no rows: DB_OK, DB_CONFLICT, DB_INVALID, DB_ERR. */
int		 stmt_exec(struct db_stmt *st);
/* The first column of the single row, as an integer (RETURNING id, COUNT). */
int		 stmt_scalar(struct db_stmt *st, int64_t *out);
/*
 * Steps through every row into an array of `size`-byte items in the arena,
 * each filled by row(); resets the statement. DB_OK or DB_ERR.
 */
int		 stmt_rows(struct db_stmt *st, struct arena *a, size_t size,
		    void (*row)(struct db_stmt *, struct arena *, void *), void **out, size_t *n);
/*
 * Steps through every row, each filled by row() into a `size`-byte item that
 * lives until fn(item, ctx) returns (one row in memory at a time); stops
 * early when fn returns non-zero. Resets the statement. DB_OK or DB_ERR.
 */
int		 stmt_each(struct db_stmt *st, size_t size,
		    void (*row)(struct db_stmt *, struct arena *, void *),
		    int (*fn)(void *, void *), void *ctx);
/* stmt_rows of a query whose one parameter $1 is an id (the children of a row). */
int		 db_rows_by_id(struct db *db, struct arena *a, const char *sql, int64_t id,
		    size_t size, void (*row)(struct db_stmt *, struct arena *, void *), void **out,
		    size_t *n);
/* stmt_exec of sql with an id as $1 and a text as $2. */
int		 db_exec_id_text(struct db *db, const char *sql, int64_t id, const char *text);
/* stmt_exec for a statement on one row by id: DB_NOTFOUND when it changed none. */
int		 stmt_exec_one(struct db *db, struct db_stmt *st);
/* The single row into out by row(): DB_OK, DB_NOTFOUND or DB_ERR; resets the statement. */
int		 stmt_one(struct db_stmt *st, struct arena *a,
		    void (*row)(struct db_stmt *, struct arena *, void *), void *out);
/* The number of rows the last statement changed. */
int64_t		 db_changes(struct db *db);

/* "% word%" for LIKE ... ESCAPE '\' over a search_key; NULL for NULL or "" */
const char	*db_like_word(struct arena *a, const char *folded);
/* text_fold()ed copy in the arena */
const char	*fold(struct arena *a, const char *s);

/* A struct db_country_count from the columns country_code, name_en, name_ru, count. */
void		 db_country_count_row(struct db_stmt *st, struct arena *a, void *item);
/*
 * A whole city (struct db_city) from cities c and countries co, its 12
 * columns named g + id, g + name_en ... (g "" for none); db_city_group reads them.
 */
#define CITY_COLUMNS(c, co, g)						\
	c ".id AS " g "id, " c ".geonames_id AS " g "geonames_id, "		\
	c ".name_en AS " g "name_en, " c ".name_ru AS " g "name_ru, "		\
	c ".country_code AS " g "country_code, " co ".name_en AS " g "country_name_en, "\
	co ".name_ru AS " g "country_name_ru, " c ".admin1 AS " g "admin1, "	\
	c ".latitude AS " g "latitude, " c ".longitude AS " g "longitude, "	\
	c ".timezone AS " g "timezone, " c ".population AS " g "population"
void		 db_city_group(struct db_stmt *st, struct arena *a, const char *g,
		    struct db_city *c);
/* A city reference from the columns named g + name_en, g + name_ru, g + country_code. */
void		 db_city_ref_group(struct db_stmt *st, struct arena *a, const char *g, int64_t id,
		    struct db_city *c);
#define CITY_REF_COLUMNS(c, g)	c ".name_en AS " g "name_en, " c ".name_ru AS " g "name_ru, "	\
	c ".country_code AS " g "country_code"
/* The same, with the English name where the city has no Russian one (a reply's city reference). */
#define CITY_SHOWN_COLUMNS(c, g)					\
	c ".name_en AS " g "name_en, COALESCE(" c ".name_ru, " c ".name_en) AS " g "name_ru, "\
	c ".country_code AS " g "country_code"
/*
 * Who sees which meeting and which event, as SQL conditions over the rows
 * `m` (a meeting: id, host_org_id) and `e` (an event: published,
 * host_city_id, guest_city_id). The lists and reads of meetings.c and
 * cooperation.c use them, and so does the search (search.c), so a hit is
 * never a row its page would refuse.
 */
/* $A, $B: struct db_meeting_scope's org_id (0: all) and city_id (0: none) */
#define MEETING_IN_SCOPE(A, B)						\
	" ($" A " = 0 OR m.host_org_id = $" A " OR EXISTS (SELECT 1 FROM meeting_participants sp"\
	" LEFT JOIN organizations so ON so.id = sp.organization_id WHERE sp.meeting_id = m.id"\
	" AND (sp.organization_id = $" A " OR ($" B " <> 0 AND"			\
	" COALESCE(sp.city_id, so.city_id) = $" B "))))"
/* $C, $P: struct db_event_scope's city_id and published_only; db_event_in_scope() in C */
#define EVENT_IN_SCOPE(C, P)						\
	" (($" C " = 0 AND $" P " = 0) OR e.published = 1"			\
	" OR ($" C " <> 0 AND (e.host_city_id = $" C " OR e.guest_city_id = $" C ")))"

/*
 * Registers the 'pobratim' FTS5 tokenizer on a sqlite3 handle (search.c);
 * *state (unless NULL): the connection's stemmers, for db_search's snippets,
 * valid until the handle closes.
 */
int		 search_register(void *sqlite3_handle, void **state);
/* The state search_register gave for db's handle (sqlite.c). */
void		*sqlite_search_state(struct db *db);

#endif
