/*
 * Shared by the files of src/http only.
 */
#ifndef HTTP_INTERNAL_H
#define HTTP_INTERNAL_H

#include "http.h"

#include <libwebsockets.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>

struct http_job;
struct ws_state;
struct ws_registry;

/* lws per-session data: an HTTP transaction or a WebSocket, one at a time */
struct conn {
	struct http_job		*job;
	struct ws_state		*ws;
};

/*
 * The peer's address, asked of the kernel once a connection and kept on the
 * wsi with the connection's loop (server.c); "-" for a wsi we did not
 * accept. http_peer_forget, when lws destroys the wsi, frees it.
 */
const char	*http_peer(struct lws *wsi);
/* The address and port the connection reached ("127.0.0.1:8080"); "-" when unknown. */
const char	*http_peer_local(struct lws *wsi);
void		 http_peer_forget(struct lws *wsi);

/* A header of the request on wsi, copied into the arena; NULL when absent. */
const char	*http_header_copy(struct arena *a, struct lws *wsi, enum lws_token_indexes token);
/* The same for a header lws has no token for; name is lower case with its colon. */
const char	*http_header_custom(struct arena *a, struct lws *wsi, const char *name);

/*
 * Who a request (or a WebSocket's upgrade request) comes from. When the
 * TCP peer is one of config.trusted_proxies: the client its
 * X-Forwarded-For names, the scheme of X-Forwarded-Proto (http or https;
 * anything else is ignored) and the host of X-Forwarded-Host when it is
 * one. From any other peer those headers are ignored: the peer, "http"
 * and the Host header.
 */
struct http_client {
	char		 addr[64];	/* as http_request.addr */
	const char	*scheme;
	const char	*host;		/* in the arena; NULL without Host */
	bool		 via_proxy;
};
void		 http_client_of(const struct http_server *srv, struct lws *wsi,
		    struct arena *a, struct http_client *c);

/*
 * An event loop: one lws context served by one thread, which does all the
 * socket I/O of the connections it accepted. Loops share the listening
 * socket (each polls a dup of it; whichever wakes first accepts), the
 * workers and the configuration.
 */
struct http_loop {
	struct http_server	*srv;
	unsigned		 index;		/* in srv->loops; named in WebSocket ids */
	struct lws_context	*ctx;
	struct lws_vhost	*vhost;
	int			 listen_fd;	/* this loop's dup of the listening socket */
	pthread_t		 thread;	/* loops but the first; the first is the caller's */
	bool			 thread_started;
	void			*service_ctx;	/* answer_now's context, on this loop's thread */
	pthread_mutex_t		 done_lock;
	struct http_job		*done;
	int			 active;	/* jobs alive; this loop's thread only */
	atomic_int		 conns;		/* connections open, read by the other loops */
	int			 declined;	/* wake-ups it let the waiting connection wait */
	uint64_t		 declined_at;	/* srv->accepted when it began to */
	struct ws_registry	*ws;		/* ws.c */
	struct http_stats	*stats;		/* stats.c: written by this loop's thread only */
	lws_sorted_usec_list_t	 tick;		/* wakes a stopping loop */
};

#define HTTP_MAX_LOOPS	16

struct http_server {
	struct http_config	 cfg;
	struct lws_protocols	 protocols[3];
	struct pool		*pool;
	int			 listen_fd;
	_Atomic uint64_t	 next_id;	/* request ids */
	_Atomic uint64_t	 accepted;	/* connections accepted by any loop */
	atomic_int		 stop;		/* set by http_server_stop, from a signal handler too */
	struct timespec		 deadline;	/* of a stop, CLOCK_MONOTONIC; set before stop */
	bool			 stuck;		/* a stop left a worker at its job */
	size_t			 nloops;
	struct http_loop	 loops[HTTP_MAX_LOOPS];
};

/* --- ws.c: WebSocket connections, on their loop's thread unless said --- */

struct ws_registry	*ws_registry_new(void);
void			 ws_registry_free(struct ws_registry *r);
/* lws callbacks for WebSocket reasons; the return value is lws's */
int			 ws_filter(struct http_loop *loop, struct lws *wsi);
int			 ws_established(struct http_loop *loop, struct lws *wsi, struct conn *c);
int			 ws_receive(struct http_loop *loop, struct lws *wsi, struct conn *c,
			    const void *in, size_t len);
int			 ws_writable(struct http_loop *loop, struct lws *wsi, struct conn *c);
void			 ws_closed(struct http_loop *loop, struct conn *c);
/* the client's close frame: -1 to hang up (our close was sent), 0 for lws' echo */
int			 ws_peer_closing(struct conn *c, const unsigned char *payload, size_t len);
/* hands finished events and queued sends to the loop's connections */
void			 ws_drain(struct http_loop *loop);

/* --- stats.c: requests by route, status and latency, a table per loop --- */

/* Rows past the route table's: static files, API paths no route matched, the metrics path. */
#define STATS_STATIC	0
#define STATS_UNMATCHED	1
#define STATS_METRICS	2
#define STATS_EXTRA	3

struct http_stats;

struct http_stats	*stats_new(size_t nroutes);
void			 stats_free(struct http_stats *s);
/* On the loop's thread: a reply of row (a route's index, or nroutes + STATS_*) is done. */
void			 stats_record(struct http_stats *s, size_t row, int status, int64_t us);

/* --- pool.c: a fixed set of worker threads fed from one FIFO queue --- */

struct pool_job {
	struct pool_job	*next;
	void		(*run)(void *ctx, struct pool_job *job);	/* on a worker */
	char		 what[128];	/* what it is, for a stop that gives up on it */
};

struct pool;

/*
 * Starts n workers. Each calls init(arg) once for its context (NULL aborts
 * the start), then job->run(ctx, job) for every job, then fini(ctx) on exit.
 */
struct pool	*pool_new(int n, void *(*init)(void *), void (*fini)(void *), void *arg);
void		 pool_submit(struct pool *p, struct pool_job *job);
/*
 * Lets the queued jobs finish and the workers end, until deadline
 * (CLOCK_MONOTONIC) at most. 0: all ended. Otherwise the number of workers
 * still at a job, after stuck() was called with the what of each such job
 * (a copy the pool took with it: the job itself may be gone) and ms, how
 * long it has run, and for each job left in the queue (ms -1); then the
 * pool must not be freed (those workers still use it).
 */
int		 pool_stop(struct pool *p, const struct timespec *deadline,
		    void (*stuck)(const char *what, long ms, void *arg), void *arg);
/* What the pool is doing now, for /metrics. */
struct pool_stats {
	int	queued;		/* jobs waiting for a worker */
	int	busy;		/* workers at a job */
	int	workers;
};
void		 pool_stats(struct pool *p, struct pool_stats *out);
/* Lets the queued jobs finish, joins the workers. NULL-safe. */
void		 pool_free(struct pool *p);

/* --- static.c --- */

/* Answers req from the web root (runs on a worker), and keeps the reply in memory. */
void		 static_serve(struct http_request *req, const char *root,
		    void (*reply_error)(struct http_request *, int, const char *, const char *));
/* On the service thread: the kept reply for req if its file is unchanged; whether it answered. */
bool		 static_answer_now(struct http_request *req, const char *root);
/* Drops the kept files (the server stops). */
void		 static_forget(void);

#endif
