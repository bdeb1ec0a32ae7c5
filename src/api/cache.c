/*
 * cache: the encoded replies of read-only routes marked `cached` in the route
 * table, kept per caller and request (user, path, query) and reused while
 * none of the tables that making the reply read has been written since
 * (db_reads_stamp: a generation per table, src/db/sqlite_tables.c), and for
 * at most CACHE_SECONDS, which bounds what depends on the clock. So a chat
 * message does not end the kept public partner list; a partnership does.
 *
 * The tables read include the session's, its user's and organization's
 * (dispatch resolves the caller while reads are noted). The count of all
 * writes is read before dispatch, and a reply is kept only if it has not
 * moved once the reply is made: a write that commits meanwhile, to any
 * table, leaves it unkept. An entry is kept for one session (or for
 * anonymous callers) after dispatch admitted it, and serves only that
 * session, until it expires: a change to the session, its user or the
 * user's role is a write to a table it read. So the service thread may
 * answer from here without looking the session up (api_answer_now).
 *
 * Replies say X-Cache: hit when they come from here, miss when a cached
 * route made them (for tests and benchmarks; docs/performance.md).
 *
 * The replies are kept in an http_kept_table (src/http/kept.c), with what
 * keeps each true (struct tag) checked before it serves.
 */
#include "api.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../base/text.h"

#define CACHE_SLOTS	4096	/* a department's sessions times the routes they read */
#define CACHE_MAX_BODY	(256u << 10)	/* larger replies are made each time */
#define CACHE_SECONDS	60
#define CACHE_MAX_BYTES	(64u << 20)	/* all kept bodies */

/* What keeps a reply true, kept with it: the tables it read and their generations then. */
struct tag {
	struct db_reads	 reads;
	uint64_t	 stamp;
	time_t		 made;
	bool		 anonymous;
	char		 expires[TEXT_TIME_LEN];	/* the session's end */
};

static struct http_kept		*slots[CACHE_SLOTS];
static struct http_kept_table	 table = HTTP_KEPT_TABLE(slots, CACHE_MAX_BODY, CACHE_MAX_BYTES);

static time_t
mono_now(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

/* session (token hash, "-" for anonymous callers), path and query, in the order given */
const char *
api_cache_key(struct http_request *req, const char *token_hash)
{
	char	*k;

	if (!req->route->cached || req->method != HTTP_GET || req->if_none_match != NULL)
		return NULL;
	k = arena_printf(&req->arena, "%s|%s", token_hash != NULL ? token_hash : "-", req->path);
	for (size_t i = 0; i < req->nquery; i++)
		k = arena_printf(&req->arena, "%s%c%s=%s", k, i == 0 ? '?' : '&',
		    req->query[i].key, req->query[i].value);
	return k;
}

/* None of the tables it read written since, young enough, and its session not ended. */
static bool
fresh(const void *p)
{
	const struct tag	*t = p;
	char			 now[TEXT_TIME_LEN];

	text_time(time(NULL), now);
	return db_reads_stamp(&t->reads) == t->stamp && mono_now() - t->made < CACHE_SECONDS &&
	    (t->anonymous || strcmp(now, t->expires) < 0);
}

bool
api_cache_serve(struct http_request *req, const char *key)
{
	if (!http_kept_serve(&table, req, key, fresh))
		return false;
	http_header(req, "X-Cache", "hit");
	return true;
}

void
api_cache_keep(struct http_request *req, uint64_t seen, const struct db_reads *reads,
    const char *key, size_t first_header, const char *expires_at)
{
	struct tag	t;

	if (key == NULL || reads->unknown || req->status != 200)
		return;
	memset(&t, 0, sizeof(t));
	/* the stamp first: a write bumps the count of all before its tables */
	t.reads = *reads;
	t.stamp = db_reads_stamp(reads);
	if (db_writes_seen(api_db(req)) != seen)
		return;		/* something committed while the reply was made */
	t.made = mono_now();
	t.anonymous = expires_at == NULL;
	if (expires_at != NULL)
		snprintf(t.expires, sizeof(t.expires), "%s", expires_at);
	http_kept_put(&table, req, key, first_header, &t, sizeof(t));
}

void
api_cache_free(void)
{
	http_kept_clear(&table);
}
