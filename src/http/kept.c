/*
 * kept: replies copied once and served again as shared bytes, for the API's
 * kept replies (src/api/cache.c) and the web UI's files (static.c). A
 * table is a fixed array of slots, direct-mapped by the key's hash: a new
 * entry replaces whatever was in its slot, and the bytes of all entries are
 * bounded. One lock, over the slots alone: an entry is reference-counted
 * and never changes, so replies are served from it with the lock released,
 * the reference held until the request ends.
 *
 * What makes an entry still true is its owner's: a tag of bytes kept with it
 * (the tables it read, a file's time and size) that the owner's fresh()
 * checks before it serves. An entry found no longer true leaves its slot,
 * so that stale replies do not hold the table's bytes.
 */
#include "http_internal.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "../base/alloc.h"

struct http_kept {
	atomic_int	 refs;		/* the slot's, and each reader's */
	char		*key;
	int		 status;
	char		*type;
	size_t		 nheaders;
	char		*headers[HTTP_MAX_HEADERS][2];
	char		*body;
	size_t		 len;
	unsigned char	 tag[];		/* the owner's, for fresh() */
};

static struct http_kept **
slot_of(struct http_kept_table *t, const char *key)
{
	uint64_t	h = 14695981039346656037u;	/* FNV-1a */

	for (const unsigned char *p = (const unsigned char *)key; *p != '\0'; p++)
		h = (h ^ *p) * 1099511628211u;
	return &t->slots[h % t->nslots];
}

static void
unref(struct http_kept *e)
{
	if (e == NULL || atomic_fetch_sub(&e->refs, 1) != 1)
		return;
	free(e->key);
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
	unref(e);
}

/* e, found no longer true, leaves its slot (if still there) and its bytes are free. */
static void
drop(struct http_kept_table *t, struct http_kept *e)
{
	struct http_kept	**slot = slot_of(t, e->key);
	bool			  was = false;

	pthread_mutex_lock(&t->lock);
	if (*slot == e) {
		*slot = NULL;
		t->bytes -= e->len;
		was = true;
	}
	pthread_mutex_unlock(&t->lock);
	if (was)
		unref(e);	/* the slot's reference */
}

bool
http_kept_serve(struct http_kept_table *t, struct http_request *req, const char *key,
    bool (*fresh)(const void *tag))
{
	struct http_kept	*e;

	if (key == NULL)
		return false;
	pthread_mutex_lock(&t->lock);
	e = *slot_of(t, key);
	if (e != NULL && strcmp(e->key, key) == 0)
		atomic_fetch_add(&e->refs, 1);
	else
		e = NULL;
	pthread_mutex_unlock(&t->lock);
	if (e == NULL)
		return false;
	if (!fresh(e->tag)) {
		drop(t, e);
		unref(e);
		return false;
	}
	/* the reply is the entry's own bytes, held until the request ends */
	arena_defer(&req->arena, release, e);
	http_reply_shared(req, e->status, e->type, e->body, e->len);
	for (size_t i = 0; i < e->nheaders; i++)
		http_header(req, e->headers[i][0], e->headers[i][1]);
	return true;
}

void
http_kept_put(struct http_kept_table *t, struct http_request *req, const char *key,
    size_t first_header, const void *tag, size_t taglen)
{
	struct http_kept	*e, *old, **slot;
	size_t			 len;
	const char		*body = http_reply_body(req, &len);

	if (key == NULL || body == NULL || req->reply_type == NULL ||
	    len > t->max_body)
		return;
	e = xcalloc(1, sizeof(*e) + taglen);
	atomic_init(&e->refs, 1);
	e->key = xstrdup(key);
	e->status = req->status;
	e->type = xstrdup(req->reply_type);
	for (size_t i = first_header; i < req->nreply_headers; i++, e->nheaders++) {
		e->headers[e->nheaders][0] = xstrdup(req->reply_headers[i].key);
		e->headers[e->nheaders][1] = xstrdup(req->reply_headers[i].value);
	}
	e->len = len;
	e->body = xmalloc(len + 1);
	memcpy(e->body, body, len);
	memcpy(e->tag, tag, taglen);
	slot = slot_of(t, key);
	pthread_mutex_lock(&t->lock);
	old = *slot;
	if (t->bytes - (old != NULL ? old->len : 0) + len > t->max_bytes) {
		pthread_mutex_unlock(&t->lock);	/* full: served from its source as before */
		unref(e);
		return;
	}
	t->bytes = t->bytes - (old != NULL ? old->len : 0) + len;
	*slot = e;
	pthread_mutex_unlock(&t->lock);
	unref(old);
}

void
http_kept_clear(struct http_kept_table *t)
{
	pthread_mutex_lock(&t->lock);
	for (size_t i = 0; i < t->nslots; i++) {
		unref(t->slots[i]);
		t->slots[i] = NULL;
	}
	t->bytes = 0;
	pthread_mutex_unlock(&t->lock);
}
