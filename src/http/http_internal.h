/*
 * Shared by the files of src/http only.
 */
#ifndef HTTP_INTERNAL_H
#define HTTP_INTERNAL_H

#include "http.h"

/* --- pool.c: a fixed set of worker threads fed from one FIFO queue --- */

struct pool_job {
	struct pool_job	*next;
};

struct pool;

/*
 * Starts n workers. Each calls init(arg) once for its context (NULL aborts
 * the start), then run(ctx, job) for every job, then fini(ctx) on exit.
 */
struct pool	*pool_new(int n, void *(*init)(void *), void (*fini)(void *), void *arg,
		    void (*run)(void *ctx, struct pool_job *job));
void		 pool_submit(struct pool *p, struct pool_job *job);
/* Lets the queued jobs finish, joins the workers. NULL-safe. */
void		 pool_free(struct pool *p);

/* --- static.c --- */

/* Answers req from the web root (runs on a worker). */
void		 static_serve(struct http_request *req, const char *root,
		    void (*reply_error)(struct http_request *, int, const char *, const char *));

#endif
