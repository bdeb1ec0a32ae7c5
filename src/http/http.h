/*
 * http: the only module that sees libwebsockets. It owns the listening
 * socket, the service thread, the worker pool and static files. Handlers see
 * a struct http_request, run on a worker thread with that worker's context
 * (its database connection), and answer with http_reply*(); they never see an
 * lws callback. Nothing here knows JSON, SQL or users: the application plugs
 * in through struct http_config.
 */
#ifndef HTTP_HTTP_H
#define HTTP_HTTP_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../base/arena.h"
#include "../base/buf.h"
#include "../base/net.h"

enum http_method {
	HTTP_GET	= 1 << 0,
	HTTP_POST	= 1 << 1,
	HTTP_PUT	= 1 << 2,
	HTTP_PATCH	= 1 << 3,
	HTTP_DELETE	= 1 << 4,
	HTTP_HEAD	= 1 << 5,
	HTTP_OPTIONS	= 1 << 6,
};

#define HTTP_MAX_PARAMS		4
#define HTTP_MAX_QUERY		32
#define HTTP_MAX_HEADERS	12

struct http_request;

typedef int (*http_handler)(struct http_request *req);

/*
 * One line of the route table. pattern is relative to the API prefix and may
 * hold "{name}" segments, captured into req->params in order. A "{token}"
 * segment is a credential (a calendar feed's): the access log shows it as
 * "[redacted]". roles is the application's bitmask of who may call the
 * route; http/ only carries it.
 */
struct http_route {
	enum http_method	 method;
	const char		*pattern;
	http_handler		 handler;
	unsigned		 roles;
	size_t			 max_body;	/* 0: the server's max_body (uploads raise it) */
	bool			 cached;	/* GET whose reply the application may reuse */
};

struct http_kv {
	const char	*key, *value;
};

struct http_request {
	struct arena		 arena;		/* freed when the response is sent */
	enum http_method	 method;
	const char		*method_name;
	const char		*path;		/* decoded, without the query */
	struct http_kv		 query[HTTP_MAX_QUERY];
	size_t			 nquery;
	const char		*params[HTTP_MAX_PARAMS];
	size_t			 nparams;
	const struct http_route	*route;

	/*
	 * request headers we use; NULL when absent. host is the Host header,
	 * or a trusted proxy's X-Forwarded-Host.
	 */
	const char		*cookie, *content_type, *origin, *host;
	const char		*csrf_token, *user_agent, *if_none_match, *accept_encoding;
	const char		*range;
	/*
	 * The client: the TCP peer, or when the peer is a trusted proxy
	 * (config.trusted_proxies) the client its X-Forwarded-For names, and
	 * the scheme its X-Forwarded-Proto names ("http" otherwise).
	 */
	char			 addr[64];
	const char		*scheme;
	bool			 via_proxy;	/* the peer is a trusted proxy */
	/*
	 * The TCP peer itself, whatever X-Forwarded-For says, and whether the
	 * request carries an X-Forwarded-For at all (from any peer): a request
	 * a proxy passed on, even one on loopback.
	 */
	char			 peer[64];
	bool			 forwarded;
	const char		*authorization;	/* the Authorization header; never logged */
	struct http_server	*server;
	char			 local[64];	/* the address and port the connection reached */
	char			 id[17];	/* request id, also sent as X-Request-Id */
	struct buf		 body;		/* NUL-terminated, at most max_body */

	void			*worker;	/* the worker's context (config.worker_init) */
	void			*app;		/* per request, for the application */

	/* response, filled by http_reply*() */
	int			 status;
	const char		*reply_type;
	struct buf		 reply;
	const char		*reply_shared;	/* when set, the body instead of reply */
	size_t			 reply_shared_len;
	/* when reply_file: the body is reply_file_len bytes of reply_fd from reply_file_off */
	bool			 reply_file;
	int			 reply_fd;	/* owned: closed when the request ends */
	int64_t			 reply_file_off, reply_file_len;
	struct http_kv		 reply_headers[HTTP_MAX_HEADERS];
	size_t			 nreply_headers;
	bool			 head_only;
};

/* --- WebSocket: one path (config.ws_path); text messages of JSON, or anything --- */

enum http_ws_kind { HTTP_WS_OPEN, HTTP_WS_MESSAGE, HTTP_WS_CLOSE };

/*
 * What a worker is handed for a WebSocket. Events of one connection come in
 * order, one at a time: OPEN first, CLOSE last. `conn` names the connection
 * for http_ws_send() and stays unique for the life of the server.
 */
struct http_ws_event {
	enum http_ws_kind	 kind;
	uint64_t		 conn;
	struct http_server	*server;
	void			*worker;	/* the worker's context */
	struct arena		 arena;		/* freed after the event */
	/* OPEN: the upgrade request; NULL when absent (host, addr: as in http_request) */
	const char		*cookie, *origin, *host, *addr;
	/* MESSAGE: one whole text message, NUL-terminated */
	const char		*text;
	size_t			 len;
	/* CLOSE: the code the server closed it with (http_ws_close, a refusal); 0: the peer did */
	int			 close_code;
};

struct http_config {
	const char		*listen;	/* "127.0.0.1:8080" */
	const char		*web_root;	/* static files; NULL serves none */
	const char		*api_prefix;	/* "/api/v1" */
	size_t			 max_body;
	int			 workers;
	int			 io_threads;	/* event loops, a thread each (1..16) */
	int			 shutdown_timeout;	/* seconds a stop waits for requests */
	const struct http_route	*routes;
	size_t			 nroutes;
	/*
	 * Peers whose X-Forwarded-For, X-Forwarded-Proto and X-Forwarded-Host
	 * are believed; from any other peer those headers are ignored.
	 */
	const struct net_cidr	*trusted_proxies;
	size_t			 ntrusted_proxies;

	/* per worker thread: returns its context, NULL to refuse to start */
	void			*(*worker_init)(void *arg);
	void			 (*worker_fini)(void *worker);
	void			*worker_arg;
	/* runs on a worker for every matched API route; must call route->handler or reply */
	int			 (*dispatch)(struct http_request *req);
	/*
	 * Optional, for a matched API route without a body: answers on the
	 * service thread when that takes no waiting (a reply kept in a cache)
	 * and returns true; false, and the request goes to a worker as usual.
	 * Its context comes from worker_init, as a worker's does.
	 */
	bool			 (*answer_now)(struct http_request *req);
	/*
	 * Optional: a path outside the API prefix ("/metrics") answered by
	 * metrics on a worker, whatever the method; its requests are counted
	 * under that path. NULL: none (the path is a file's).
	 */
	const char		*metrics_path;
	http_handler		 metrics;
	/* builds the application's error body (problem+json) */
	void			 (*reply_error)(struct http_request *req, int status,
				    const char *code, const char *detail);

	/* WebSocket; ws_path NULL: none */
	const char		*ws_path;
	size_t			 ws_max_message;	/* closed with 1009 past it */
	int			 ws_rate;		/* messages per second (burst 2x); 1008 past it */
	size_t			 ws_max_queue;		/* bytes waiting for one client; 1008 past it */
	void			 (*ws_event)(struct http_ws_event *ev);	/* on a worker */
};

struct http_server;

/* Binds and starts the workers; NULL on failure (logged). */
struct http_server	*http_server_new(const struct http_config *cfg);
/*
 * Serves until http_server_stop(), then lets the requests in flight finish,
 * for shutdown_timeout seconds at most. 0, or -1 on an error; HTTP_UNFINISHED
 * when the time ran out with a worker still at a request (each is logged):
 * the server is then left as it is (http_server_free does nothing) and the
 * caller ends the process without waiting for it.
 */
#define HTTP_UNFINISHED	1
int			 http_server_run(struct http_server *srv);
/*
 * Appends the server's series in the Prometheus text format: requests by
 * route and status, their latency, connections, the workers' queue. 0, or
 * -1 when b is full. Safe from a worker.
 */
int			 http_server_metrics(struct http_server *srv, struct buf *b);
/* Safe from a signal handler; the shutdown timeout counts from the first call. */
void			 http_server_stop(struct http_server *srv);
void			 http_server_free(struct http_server *srv);

/*
 * Queues a text message for each of conns[0..n); safe from any thread. One
 * copy of the text serves them all. Connections gone meanwhile are skipped.
 */
void	http_ws_send(struct http_server *srv, const uint64_t *conns, size_t n,
	    const char *text, size_t len);
/* Closes a connection after what is queued for it; safe from any thread. */
void	http_ws_close(struct http_server *srv, uint64_t conn, int code, const char *reason);

/* --- for handlers --- */

const char	*http_query(const struct http_request *req, const char *key);
const char	*http_param(const struct http_request *req, size_t i);
/* Adds a response header; name and value must outlive the request (use the arena). */
void		 http_header(struct http_request *req, const char *name, const char *value);
void		 http_reply(struct http_request *req, int status, const char *type,
		     const void *body, size_t len);
void		 http_reply_empty(struct http_request *req, int status);
/*
 * As http_reply, with a body the caller writes into the buffer returned
 * (empty, at most max bytes) instead of one it copies from.
 */
struct buf	*http_reply_buf(struct http_request *req, int status, const char *type,
		     size_t max);
/*
 * As http_reply, with a body that is not copied: it must stay as it is until
 * the request ends (hold it with arena_defer on req->arena).
 */
void		 http_reply_shared(struct http_request *req, int status, const char *type,
		     const void *body, size_t len);
/*
 * Replies with the file open on fd, of size bytes; the request owns fd from
 * now on and closes it. 200 with all of it; for a Range header of one byte
 * range, 206 with that range and Content-Range; 416 when the range starts
 * past the end. Accept-Ranges is sent. The body is read from the file piece
 * by piece as the client takes it, never held whole in memory.
 */
void		 http_reply_file(struct http_request *req, const char *type, int fd, int64_t size);
/*
 * The byte range a Range header asks of size bytes (RFC 9110 14.1.2): one
 * range, "bytes=A-B", "bytes=A-" or "bytes=-N". HTTP_RANGE_NONE when there
 * is none or it is ignored (several ranges, not bytes, malformed: the whole
 * file is sent), HTTP_RANGE_OK with *from and *len (>= 1), or
 * HTTP_RANGE_UNSATISFIABLE.
 */
enum http_range { HTTP_RANGE_NONE, HTTP_RANGE_OK, HTTP_RANGE_UNSATISFIABLE };
enum http_range	 http_range_parse(const char *header, int64_t size, int64_t *from,
		     int64_t *len);
/* The reply's body, wherever it is (a file's: NULL, and *len its length). */
const char	*http_reply_body(const struct http_request *req, size_t *len);

/*
 * Kept replies (kept.c): a reply copied once and served again as shared
 * bytes, from a table of nslots slots direct-mapped by key (a new entry
 * replaces its slot's), bodies of at most max_body bytes and max_bytes in
 * all. With each entry a tag of the owner's bytes, which the owner's fresh()
 * checks before the entry serves; an entry it finds stale is dropped. Safe
 * from any thread.
 */
struct http_kept;
struct http_kept_table {
	struct http_kept	**slots;
	size_t			  nslots, max_body, max_bytes, bytes;
	pthread_mutex_t		  lock;
};
/* A table over a static array of slots: static struct http_kept_table t = HTTP_KEPT_TABLE(...); */
#define HTTP_KEPT_TABLE(slots, max_body, max_bytes)	\
	{ (slots), sizeof(slots) / sizeof((slots)[0]), (max_body), (max_bytes), 0, \
	  PTHREAD_MUTEX_INITIALIZER }
/* Replies with key's entry if there is one and fresh() holds of its tag; whether it did. */
bool	http_kept_serve(struct http_kept_table *t, struct http_request *req, const char *key,
	    bool (*fresh)(const void *tag));
/* Keeps req's reply (its headers from first_header on) under key, with the tag. */
void	http_kept_put(struct http_kept_table *t, struct http_request *req, const char *key,
	    size_t first_header, const void *tag, size_t taglen);
/* Drops every entry (those being sent stay until their requests end). */
void	http_kept_clear(struct http_kept_table *t);
/* The value of cookie `name` in req->cookie, copied into the arena; NULL if absent. */
const char	*http_cookie(struct http_request *req, const char *name);
/* The same over any Cookie header (a WebSocket's upgrade request). */
const char	*http_cookie_in(struct arena *a, const char *header, const char *name);

/* --- routing, exposed for tests and the route table check --- */

enum http_match { HTTP_MATCH_OK, HTTP_MATCH_NONE, HTTP_MATCH_METHOD };

/* Matches path against the table; on OK fills req->route and req->params. */
enum http_match	 http_route_match(const struct http_route *routes, size_t n,
		     struct http_request *req, const char *path);
/* "GET, POST" of the routes matching path, into buf (for 405's Allow). */
void		 http_route_allow(const struct http_route *routes, size_t n,
		     const char *path, char *buf, size_t len);
const char	*http_method_name(enum http_method m);
const char	*http_status_text(int status);
/* Content type by file name; "application/octet-stream" when unknown. */
const char	*http_mime_type(const char *path);
/* True for a path that may be served from the web root (no "..", no NUL). */
bool		 http_path_safe(const char *path);
/*
 * A path as the access log may show it: every run of at least
 * HTTP_TOKEN_RUN URL-safe base64 characters (a token: ours are 43) as
 * "[redacted]". In the arena; never longer than path.
 */
#define HTTP_TOKEN_RUN	32
const char	*http_log_path(struct arena *a, const char *path);
bool		 http_accepts_gzip(const char *accept_encoding);

#endif
