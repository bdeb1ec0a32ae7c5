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
 * A fixed table of slots, direct-mapped by the key's hash: a new entry
 * replaces whatever was in its slot. One lock, over the slots alone: an entry
 * is reference-counted and never changes, so replies are copied out of it
 * (and new ones made) with the lock released.
 */
#include "api.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../base/alloc.h"
#include "../base/text.h"

#define CACHE_SLOTS	256
#define CACHE_MAX_BODY	(256u << 10)	/* larger replies are made each time */
#define CACHE_SECONDS	60

/* A kept reply: immutable once in its slot; whoever holds a reference may read it. */
struct entry {
	atomic_int	 refs;		/* the slot's, and each reader's */
	char		*key;
	struct db_reads	 reads;		/* the tables the reply was made from */
	uint64_t	 stamp;		/* their generations then */
	time_t		 made;
	char		*expires;	/* the session's end (text_time); NULL: anonymous */
	int		 status;
	char		*type;
	size_t		 nheaders;
	char		*headers[HTTP_MAX_HEADERS][2];
	char		*body;
	size_t		 len;
};

/* The lock guards the slots only: a reader takes a reference and copies outside it. */
static struct entry	*slots[CACHE_SLOTS];
static pthread_mutex_t	 lock = PTHREAD_MUTEX_INITIALIZER;

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

static struct entry **
slot_of(const char *key)
{
	uint64_t	h = 14695981039346656037u;	/* FNV-1a */

	for (const unsigned char *p = (const unsigned char *)key; *p != '\0'; p++)
		h = (h ^ *p) * 1099511628211u;
	return &slots[h % CACHE_SLOTS];
}

static void
entry_unref(struct entry *e)
{
	if (e == NULL || atomic_fetch_sub(&e->refs, 1) != 1)
		return;
	free(e->key);
	free(e->expires);
	free(e->type);
	for (size_t i = 0; i < e->nheaders; i++) {
		free(e->headers[i][0]);
		free(e->headers[i][1]);
	}
	free(e->body);
	free(e);
}

static void
release(void *e)
{
	entry_unref(e);
}

/* A reference to the entry of key while it may serve; NULL when none. */
static struct entry *
entry_get(const char *key)
{
	struct entry	*e;
	char		 now[TEXT_TIME_LEN];

	text_time(time(NULL), now);
	pthread_mutex_lock(&lock);
	e = *slot_of(key);
	if (e != NULL && strcmp(e->key, key) == 0 && db_reads_stamp(&e->reads) == e->stamp &&
	    mono_now() - e->made < CACHE_SECONDS &&
	    (e->expires == NULL || strcmp(now, e->expires) < 0))
		atomic_fetch_add(&e->refs, 1);
	else
		e = NULL;
	pthread_mutex_unlock(&lock);
	return e;
}

bool
api_cache_serve(struct http_request *req, const char *key)
{
	struct entry	*e;

	if (key == NULL || (e = entry_get(key)) == NULL)
		return false;
	/* the reply is the entry's own bytes, held until the request ends */
	arena_defer(&req->arena, release, e);
	http_reply_shared(req, e->status, e->type, e->body, e->len);
	for (size_t i = 0; i < e->nheaders; i++)
		http_header(req, e->headers[i][0], e->headers[i][1]);
	http_header(req, "X-Cache", "hit");
	return true;
}

void
api_cache_keep(struct http_request *req, uint64_t seen, const struct db_reads *reads,
    const char *key, size_t first_header, const char *expires_at)
{
	struct entry	*e, *old, **slot;
	size_t		 len;
	const char	*body = http_reply_body(req, &len);
	uint64_t	 stamp;

	if (key == NULL || reads->unknown || req->status != 200 || req->reply_type == NULL ||
	    len > CACHE_MAX_BODY)
		return;
	/* the stamp first: a write bumps the count of all before its tables */
	stamp = db_reads_stamp(reads);
	if (db_writes_seen(api_db(req)) != seen)
		return;		/* something committed while the reply was made */
	e = xcalloc(1, sizeof(*e));
	atomic_init(&e->refs, 1);
	e->key = xstrdup(key);
	e->reads = *reads;
	e->stamp = stamp;
	e->made = mono_now();
	e->expires = expires_at != NULL ? xstrdup(expires_at) : NULL;
	e->status = req->status;
	e->type = xstrdup(req->reply_type);
	for (size_t i = first_header; i < req->nreply_headers; i++, e->nheaders++) {
		e->headers[e->nheaders][0] = xstrdup(req->reply_headers[i].key);
		e->headers[e->nheaders][1] = xstrdup(req->reply_headers[i].value);
	}
	e->len = len;
	e->body = xmalloc(len + 1);
	memcpy(e->body, body, len);
	slot = slot_of(key);
	pthread_mutex_lock(&lock);
	old = *slot;
	*slot = e;
	pthread_mutex_unlock(&lock);
	entry_unref(old);
}

void
api_cache_free(void)
{
	pthread_mutex_lock(&lock);
	for (size_t i = 0; i < CACHE_SLOTS; i++) {
		entry_unref(slots[i]);
		slots[i] = NULL;
	}
	pthread_mutex_unlock(&lock);
}
