/*
 * server: libwebsockets glue. A few event loops (--io-threads), each an lws
 * context with a service thread of its own, do all socket I/O: the caller
 * of http_server_run serves the first, a thread each the others. We open
 * the listening socket; every loop polls a dup of it as a raw descriptor
 * and, woken, accepts and adopts the connection, which then stays on that
 * loop. (Debian's lws is built with one service thread per context, and
 * lws sets SO_REUSEPORT only for several, so the sharing is done here; a
 * second server on the same port still fails to bind.) A job carries each
 * request to a worker and back to its loop. The hand-back is the loop's
 * locked list plus lws_cancel_service(), which wakes that loop's thread in
 * LWS_CALLBACK_EVENT_WAIT_CANCELLED.
 *
 * Ownership: a job belongs to its loop's thread except between
 * pool_submit() and its return on the done list, when only the worker
 * touches job->req. If the connection closes meanwhile, job->wsi is cleared
 * and the job is freed when it comes back.
 */
#include "http.h"
#include "http_internal.h"

#include <libwebsockets.h>
#include <sys/socket.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <malloc.h>
#include <netdb.h>
#include <pthread.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "../base/alloc.h"
#include "../base/log.h"
#include "../base/text.h"

#define WRITE_CHUNK	65536	/* one send(); on the service thread's stack */
#define DRAIN_TICK_US	100000	/* a stopping loop looks at the clock this often */
#define WS_RX_CHUNK	512	/* bytes lws reads of a WebSocket at a time */
#define ACCEPT_BATCH	4	/* connections accepted per wake-up of a loop, at most */
#define ACCEPT_DECLINES	8	/* wake-ups a loop lets a connection wait for a less loaded one */
#define LISTEN_BACKLOG	511
#define ACCEPT_PAUSE_US	100000	/* out of descriptors: try again after this */

struct http_job {
	struct pool_job		 pj;		/* first: pool_job <-> http_job */
	struct http_job		*done_next;
	struct http_loop	*loop;
	struct lws		*wsi;		/* NULL once the connection is gone */
	struct conn		*conn;
	struct http_request	 req;
	const char		*api;		/* the path under the API prefix; NULL: a file */
	enum http_match		 match;		/* of api in the route table, once a request */
	int64_t			 t0;		/* µs, monotonic */
	size_t			 sent;
	bool			 in_worker, ready, headers_sent, close_after;
	bool			 metrics;	/* for cfg.metrics_path */
};

static int64_t
now_us(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

#define PEER_LEN	64

/*
 * What we keep on an accepted connection's wsi (lws gives each HTTP
 * transaction fresh per-session data, the wsi lives as long as the
 * connection): its peer address and the local address it reached, asked
 * of the kernel once, and its loop, whose count of connections it is in
 * until lws destroys the wsi.
 */
struct peer {
	struct http_loop	*loop;
	char			 addr[PEER_LEN];
	char			 local[PEER_LEN];	/* "127.0.0.1:8080", "[::1]:8080" */
};

const char *
http_peer(struct lws *wsi)
{
	struct peer	*p = lws_get_opaque_user_data(wsi);

	return p != NULL ? p->addr : "-";
}

const char *
http_peer_local(struct lws *wsi)
{
	struct peer	*p = lws_get_opaque_user_data(wsi);

	return p != NULL ? p->local : "-";
}

void
http_peer_forget(struct lws *wsi)
{
	struct peer	*p = lws_get_opaque_user_data(wsi);

	if (p == NULL)
		return;		/* not a connection we accepted: the listener, lws' own */
	atomic_fetch_sub_explicit(&p->loop->conns, 1, memory_order_relaxed);
	free(p);
	lws_set_opaque_user_data(wsi, NULL);
}

/* "addr:port" of the socket's own end, "[addr]:port" for IPv6; "-" when unknown. */
static void
local_address(int fd, char *out, size_t len)
{
	struct sockaddr_storage	 ss;
	socklen_t		 sl = sizeof(ss);
	char			 host[NI_MAXHOST], port[NI_MAXSERV], canon[NET_ADDR_LEN];

	if (getsockname(fd, (struct sockaddr *)&ss, &sl) == -1 ||
	    getnameinfo((struct sockaddr *)&ss, sl, host, sizeof(host), port, sizeof(port),
	    NI_NUMERICHOST | NI_NUMERICSERV) != 0 || net_addr_canonical(host, canon) == -1) {
		snprintf(out, len, "-");
		return;
	}
	snprintf(out, len, strchr(canon, ':') ? "[%s]:%s" : "%s:%s", canon, port);
}

/* Starts keeping a connection this loop has just accepted on fd. */
static void
peer_keep(struct http_loop *loop, struct lws *wsi, int fd)
{
	struct peer	*p = xcalloc(1, sizeof(*p));
	char		 canon[NET_ADDR_LEN];

	p->loop = loop;
	lws_get_peer_simple(wsi, p->addr, sizeof(p->addr));
	if (net_addr_canonical(p->addr, canon) == 0)	/* ::ffff:1.2.3.4 is 1.2.3.4 */
		snprintf(p->addr, sizeof(p->addr), "%s", canon);
	local_address(fd, p->local, sizeof(p->local));
	lws_set_opaque_user_data(wsi, p);
	atomic_fetch_add_explicit(&loop->conns, 1, memory_order_relaxed);
}

/* --- jobs --- */

static struct http_job *
job_new(struct http_loop *loop, struct lws *wsi, struct conn *conn)
{
	struct http_server	*srv = loop->srv;
	struct http_job		*job = xcalloc(1, sizeof(*job));

	job->loop = loop;
	job->wsi = wsi;
	job->conn = conn;
	job->t0 = now_us();
	job->req.server = srv;
	arena_init(&job->req.arena);
	buf_init(&job->req.body, srv->cfg.max_body);
	buf_init(&job->req.reply, 1024 * 1024);
	snprintf(job->req.id, sizeof(job->req.id), "%016" PRIx64,
	    atomic_fetch_add_explicit(&srv->next_id, 1, memory_order_relaxed));
	loop->active++;
	return job;
}

static void
job_free(struct http_job *job)
{
	job->loop->active--;
	if (job->req.reply_file)
		close(job->req.reply_fd);
	arena_release(&job->req.arena);
	buf_release(&job->req.body);
	buf_release(&job->req.reply);
	free(job);
}

/* --- on a worker --- */

/* The path under the API prefix ("/" for the prefix itself); NULL outside it. */
static const char *
api_path(const struct http_config *cfg, const char *path)
{
	size_t	plen = strlen(cfg->api_prefix);

	if (strncmp(path, cfg->api_prefix, plen) != 0 ||
	    (path[plen] != '/' && path[plen] != '\0'))
		return NULL;
	return path[plen] == '\0' ? "/" : path + plen;
}

static void
handle(struct http_job *job)
{
	const struct http_config *cfg = &job->loop->srv->cfg;
	struct http_request *req = &job->req;
	char		 allow[128];

	if (job->metrics) {
		cfg->metrics(req);
		return;
	}
	if (job->api == NULL) {
		static_serve(req, cfg->web_root, cfg->reply_error);
		return;
	}
	switch (job->match) {
	case HTTP_MATCH_NONE:
		cfg->reply_error(req, 404, "not_found", "no such API route");
		break;
	case HTTP_MATCH_METHOD:
		http_route_allow(cfg->routes, cfg->nroutes, job->api, allow, sizeof(allow));
		http_header(req, "allow", arena_strdup(&req->arena, allow));
		cfg->reply_error(req, 405, "method_not_allowed",
		    "the route does not take this method");
		break;
	case HTTP_MATCH_OK:
		cfg->dispatch(req);
		break;
	}
}

static void
worker_run(void *ctx, struct pool_job *pj)
{
	struct http_job		*job = (struct http_job *)pj;
	struct http_loop	*loop = job->loop;
	bool			 first;

	job->req.worker = ctx;
	log_debug("request %s: %s %s on a worker", job->req.id, job->req.method_name,
	    job->req.path);
	handle(job);
	if (job->req.status == 0) {
		log_err("request %s: handler gave no reply", job->req.id);
		loop->srv->cfg.reply_error(&job->req, 500, "internal", "no reply");
	}
	pthread_mutex_lock(&loop->done_lock);
	job->done_next = loop->done;
	loop->done = job;
	first = job->done_next == NULL;
	pthread_mutex_unlock(&loop->done_lock);
	if (first)		/* else the loop's thread is woken already */
		lws_cancel_service(loop->ctx);
}

/* --- on the service thread --- */

static void
submit(struct http_job *job)
{
	job->in_worker = true;
	job->pj.run = worker_run;
	snprintf(job->pj.what, sizeof(job->pj.what), "request %s (%s %.80s)", job->req.id,
	    job->req.method_name, job->req.path);
	pool_submit(job->loop->srv->pool, &job->pj);
}

/* A reply the application can give at once, without a worker (answer_now). */
static bool
answered_now(struct http_job *job)
{
	struct http_loop	*loop = job->loop;

	if (job->api == NULL && !job->metrics) {
		if (!static_answer_now(&job->req, loop->srv->cfg.web_root))
			return false;
	} else {
		if (loop->service_ctx == NULL || job->match != HTTP_MATCH_OK)
			return false;
		job->req.worker = loop->service_ctx;
		if (!loop->srv->cfg.answer_now(&job->req))
			return false;
	}
	job->ready = true;
	lws_callback_on_writable(job->wsi);
	return true;
}

/* An answer made on the service thread itself (413, 503): no worker. */
static void
reply_now(struct http_job *job, int status, const char *code, const char *detail)
{
	job->loop->srv->cfg.reply_error(&job->req, status, code, detail);
	job->close_after = true;
	job->ready = true;
	lws_callback_on_writable(job->wsi);
}

static void
drain_done(struct http_loop *loop)
{
	struct http_job	*job, *next;

	pthread_mutex_lock(&loop->done_lock);
	job = loop->done;
	loop->done = NULL;
	pthread_mutex_unlock(&loop->done_lock);
	for (; job != NULL; job = next) {
		next = job->done_next;
		job->in_worker = false;
		if (job->wsi == NULL) {
			job_free(job);
			continue;
		}
		job->ready = true;
		lws_callback_on_writable(job->wsi);
	}
}

const char *
http_header_copy(struct arena *a, struct lws *wsi, enum lws_token_indexes token)
{
	int	 len = lws_hdr_total_length(wsi, token);
	char	*p;

	if (len <= 0)
		return NULL;
	p = arena_alloc(a, (size_t)len + 1);
	if (lws_hdr_copy(wsi, p, len + 1, token) < 0)
		return NULL;
	return p;
}

const char *
http_header_custom(struct arena *a, struct lws *wsi, const char *name)
{
	int	 len = lws_hdr_custom_length(wsi, name, (int)strlen(name));
	char	*p;

	if (len <= 0)
		return NULL;
	p = arena_alloc(a, (size_t)len + 1);
	if (lws_hdr_custom_copy(wsi, p, len + 1, name, (int)strlen(name)) < 0)
		return NULL;
	return p;
}

static const char *
header(struct http_job *job, enum lws_token_indexes token)
{
	return http_header_copy(&job->req.arena, job->wsi, token);
}

/* The right-most element of a comma-separated header, trimmed, in the arena; NULL if empty. */
static const char *
last_element(struct arena *a, const char *v)
{
	const char	*s, *e;

	if (v == NULL)
		return NULL;
	s = strrchr(v, ',');
	s = s ? s + 1 : v;
	while (*s == ' ' || *s == '\t')
		s++;
	for (e = s + strlen(s); e > s && (e[-1] == ' ' || e[-1] == '\t'); e--)
		;
	return e > s ? arena_strndup(a, s, (size_t)(e - s)) : NULL;
}

void
http_client_of(const struct http_server *srv, struct lws *wsi, struct arena *a,
    struct http_client *c)
{
	const struct http_config *cfg = &srv->cfg;
	const char	*peer = http_peer(wsi), *proto, *host;

	c->scheme = "http";
	c->host = http_header_copy(a, wsi, WSI_TOKEN_HOST);
	c->via_proxy = cfg->ntrusted_proxies > 0 &&
	    net_cidr_match(cfg->trusted_proxies, cfg->ntrusted_proxies, peer);
	if (!c->via_proxy) {
		snprintf(c->addr, sizeof(c->addr), "%s", peer);
		return;
	}
	net_forwarded_client(cfg->trusted_proxies, cfg->ntrusted_proxies, peer,
	    http_header_copy(a, wsi, WSI_TOKEN_X_FORWARDED_FOR), c->addr);
	proto = last_element(a, http_header_custom(a, wsi, "x-forwarded-proto:"));
	if (proto != NULL && (strcasecmp(proto, "https") == 0 || strcasecmp(proto, "http") == 0))
		c->scheme = strcasecmp(proto, "https") == 0 ? "https" : "http";
	host = last_element(a, http_header_custom(a, wsi, "x-forwarded-host:"));
	if (host != NULL && net_host_valid(host))
		c->host = host;
}

static void
read_query(struct http_job *job)
{
	struct http_request	*req = &job->req;
	char			 frag[2048];
	int			 n;

	for (int i = 0; req->nquery < HTTP_MAX_QUERY; i++) {
		char	*eq;

		n = lws_hdr_copy_fragment(job->wsi, frag, sizeof(frag), WSI_TOKEN_HTTP_URI_ARGS, i);
		if (n < 0)
			break;
		eq = strchr(frag, '=');
		if (eq != NULL)
			*eq = '\0';
		req->query[req->nquery].key = arena_strdup(&req->arena, frag);
		req->query[req->nquery].value = arena_strdup(&req->arena, eq ? eq + 1 : "");
		req->nquery++;
	}
}

static const struct {
	int			 lws;
	enum http_method	 m;
} lws_methods[] = {
	{ LWSHUMETH_GET, HTTP_GET }, { LWSHUMETH_POST, HTTP_POST },
	{ LWSHUMETH_PUT, HTTP_PUT }, { LWSHUMETH_PATCH, HTTP_PATCH },
	{ LWSHUMETH_DELETE, HTTP_DELETE }, { LWSHUMETH_HEAD, HTTP_HEAD },
	{ LWSHUMETH_OPTIONS, HTTP_OPTIONS },
};

static int
read_request(struct http_job *job, const char *path)
{
	struct http_request	*req = &job->req;
	struct http_client	 client;
	char			*uri;
	int			 ulen, m = lws_http_get_uri_and_method(job->wsi, &uri, &ulen);

	for (size_t i = 0; i < sizeof(lws_methods) / sizeof(lws_methods[0]); i++)
		if (lws_methods[i].lws == m)
			req->method = lws_methods[i].m;
	if (req->method == 0)
		return -1;
	req->method_name = http_method_name(req->method);
	req->head_only = req->method == HTTP_HEAD;
	req->path = arena_strdup(&req->arena, path);
	req->cookie = header(job, WSI_TOKEN_HTTP_COOKIE);
	req->content_type = header(job, WSI_TOKEN_HTTP_CONTENT_TYPE);
	req->origin = header(job, WSI_TOKEN_ORIGIN);
	req->user_agent = header(job, WSI_TOKEN_HTTP_USER_AGENT);
	req->if_none_match = header(job, WSI_TOKEN_HTTP_IF_NONE_MATCH);
	req->accept_encoding = header(job, WSI_TOKEN_HTTP_ACCEPT_ENCODING);
	req->range = header(job, WSI_TOKEN_HTTP_RANGE);
	req->csrf_token = http_header_custom(&req->arena, job->wsi, "x-csrf-token:");
	req->authorization = header(job, WSI_TOKEN_HTTP_AUTHORIZATION);
	req->forwarded = lws_hdr_total_length(job->wsi, WSI_TOKEN_X_FORWARDED_FOR) > 0;
	snprintf(req->peer, sizeof(req->peer), "%s", http_peer(job->wsi));
	http_client_of(job->loop->srv, job->wsi, &req->arena, &client);
	snprintf(req->addr, sizeof(req->addr), "%s", client.addr);
	req->host = client.host;
	req->scheme = client.scheme;
	req->via_proxy = client.via_proxy;
	snprintf(req->local, sizeof(req->local), "%s", http_peer_local(job->wsi));
	read_query(job);
	return 0;
}

/*
 * -1: no body; -2: a Content-Length that is not a decimal number; else the
 * announced length (chunked counts as 1).
 */
static long long
body_length(struct http_job *job)
{
	const char	*cl = header(job, WSI_TOKEN_HTTP_CONTENT_LENGTH);
	int64_t		 n;

	if (cl != NULL) {
		if (cl[0] == '-' || text_int(cl, 0, INT64_MAX, &n) == -1)
			return -2;
		return n > 0 ? n : -1;
	}
	return header(job, WSI_TOKEN_HTTP_TRANSFER_ENCODING) != NULL ? 1 : -1;
}

/*
 * The body ceiling of the route the request is for, decided before the body
 * is read: a route may allow more (file uploads) than the server's default.
 */
static size_t
body_limit(const struct http_job *job)
{
	if (job->match == HTTP_MATCH_OK && job->req.route->max_body != 0)
		return job->req.route->max_body;
	return job->loop->srv->cfg.max_body;
}

/* Which route the request is for: decided once, on the service thread. */
static void
route(struct http_job *job)
{
	const struct http_config *cfg = &job->loop->srv->cfg;

	if (cfg->metrics_path != NULL && strcmp(job->req.path, cfg->metrics_path) == 0) {
		job->metrics = true;
		job->api = NULL;
		job->match = HTTP_MATCH_NONE;
		return;
	}
	job->api = api_path(cfg, job->req.path);
	job->match = job->api == NULL ? HTTP_MATCH_NONE :
	    http_route_match(cfg->routes, cfg->nroutes, &job->req, job->api);
}

static int
on_request(struct http_loop *loop, struct lws *wsi, struct conn *conn, const char *path)
{
	struct http_job	*job = job_new(loop, wsi, conn);
	long long	 blen;

	conn->job = job;
	if (read_request(job, path) == -1) {
		reply_now(job, 405, "method_not_allowed", "unsupported method");
		return 0;
	}
	if (loop->srv->stop) {
		reply_now(job, 503, "shutting_down", "the server is shutting down");
		return 0;
	}
	route(job);
	job->req.body.max = body_limit(job);
	blen = body_length(job);
	if (blen == -2) {
		reply_now(job, 400, "invalid_content_length", "Content-Length is not a length");
		return 0;
	}
	if (blen > (long long)job->req.body.max) {
		reply_now(job, 413, "payload_too_large", "the request body is too large");
		return 0;
	}
	if (blen < 0 && !answered_now(job))
		submit(job);
	return 0;
}

static int
on_body(struct conn *conn, const void *in, size_t len)
{
	struct http_job	*job = conn->job;

	if (job == NULL || job->in_worker || job->ready)
		return 0;
	if (buf_append(&job->req.body, in, len) == -1)
		reply_now(job, 413, "payload_too_large", "the request body is too large");
	return 0;
}

static int
add_header(struct lws *wsi, const char *name, const char *value, unsigned char **p,
    unsigned char *end)
{
	char	n[64];

	snprintf(n, sizeof(n), "%s:", name);
	return lws_add_http_header_by_name(wsi, (const unsigned char *)n,
	    (const unsigned char *)value, (int)strlen(value), p, end);
}

/* Appends the status line and headers, terminated, at *p. */
static int
build_headers(struct http_job *job, unsigned char **p, unsigned char *end)
{
	struct http_request	*req = &job->req;
	struct lws		*wsi = job->wsi;
	int			 rc = 0;

	rc |= lws_add_http_header_status(wsi, (unsigned)req->status, p, end);
	if (req->reply_type != NULL)
		rc |= lws_add_http_header_by_token(wsi, WSI_TOKEN_HTTP_CONTENT_TYPE,
		    (const unsigned char *)req->reply_type, (int)strlen(req->reply_type), p, end);
	if (req->status != 204 && req->status != 304) {
		size_t	len;

		(void)http_reply_body(req, &len);
		rc |= lws_add_http_header_content_length(wsi, len, p, end);
	}
	rc |= add_header(wsi, "x-request-id", req->id, p, end);
	rc |= add_header(wsi, "x-content-type-options", "nosniff", p, end);
	rc |= add_header(wsi, "referrer-policy", "same-origin", p, end);
	if (req->reply_type != NULL && strncmp(req->reply_type, "text/html", 9) == 0)
		rc |= add_header(wsi, "content-security-policy",
		    "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; "
		    "connect-src 'self'; media-src 'self' blob:; frame-ancestors 'none'", p, end);
	for (size_t i = 0; i < req->nreply_headers; i++)
		rc |= add_header(wsi, req->reply_headers[i].key, req->reply_headers[i].value, p, end);
	if (job->close_after)
		rc |= add_header(wsi, "connection", "close", p, end);
	if (rc != 0 || lws_finalize_http_header(wsi, p, end) != 0)
		return -1;
	return 0;
}

/*
 * The path as the access log shows it (the query string is never shown):
 * the route's "{token}" parameter, and any other run of token characters
 * long enough to be one of our tokens (a path no route matched), as
 * [redacted].
 */
static const char *
logged_path(struct http_job *job)
{
	struct http_request	*req = &job->req;
	const char		*out, *pat, *open, *close;
	size_t			 np = 0;

	if (req->path == NULL)
		return "-";
	if (job->match != HTTP_MATCH_OK || strstr(req->route->pattern, "{token}") == NULL)
		return http_log_path(&req->arena, req->path);
	out = job->loop->srv->cfg.api_prefix;
	for (pat = req->route->pattern; (open = strchr(pat, '{')) != NULL &&
	    (close = strchr(open, '}')) != NULL; pat = close + 1, np++)
		out = arena_printf(&req->arena, "%s%.*s%s", out, (int)(open - pat), pat,
		    strncmp(open, "{token}", 7) == 0 || np >= req->nparams ? "[redacted]" :
		    req->params[np]);
	return http_log_path(&req->arena, arena_printf(&req->arena, "%s%s", out, pat));
}

/* The row of the loop's stats a request counts in. */
static size_t
stats_row(struct http_job *job)
{
	const struct http_config	*cfg = &job->loop->srv->cfg;
	const struct http_request	*req = &job->req;

	if (job->metrics)
		return cfg->nroutes + STATS_METRICS;
	if (job->match == HTTP_MATCH_OK)
		return (size_t)(req->route - cfg->routes);
	if (job->api != NULL || (req->path != NULL && api_path(cfg, req->path) != NULL))
		return cfg->nroutes + STATS_UNMATCHED;
	return cfg->nroutes + STATS_STATIC;
}

/* The access log's line, and the request counted in the loop's stats. */
static void
access_log(struct http_job *job)
{
	struct http_request	*req = &job->req;
	int64_t			 us = now_us() - job->t0;
	const char		*method = req->method_name ? req->method_name : "-", *path;

	stats_record(job->loop->stats, stats_row(job), req->status, us);
	if (log_threshold < LOG_INFO)
		return;
	path = logged_path(job);
	if (log_format == LOG_JSON) {
		struct log_field	f[] = {
			{ "method", method, 0 }, { "path", path, 0 }, { "status", NULL, req->status },
			{ "bytes", NULL, (long long)job->sent }, { "duration_us", NULL, (long long)us },
			{ "request_id", req->id, 0 },
		};

		log_write_fields(LOG_INFO, f, sizeof(f) / sizeof(f[0]), "%s %s %d %zu %lldus %s",
		    method, path, req->status, job->sent, (long long)us, req->id);
		return;
	}
	log_write(LOG_INFO, "%s %s %d %zu %lldus %s", method, path, req->status, job->sent,
	    (long long)us, req->id);
}

/*
 * n bytes of a file reply from `sent` bytes into it. On the service thread:
 * a read of at most one write chunk, from the page cache as a rule (as
 * nginx without aio); a file that ends early closes the connection.
 */
static int
read_file(struct http_request *req, size_t sent, unsigned char *p, size_t n)
{
	off_t	at = (off_t)(req->reply_file_off + (int64_t)sent);

	while (n > 0) {
		ssize_t	r = pread(req->reply_fd, p, n, at);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			log_err("request %s: cannot read the file it sends: %s", req->id,
			    r == 0 ? "it ended early" : strerror(errno));
			return -1;
		}
		p += r;
		n -= (size_t)r;
		at += r;
	}
	return 0;
}

/*
 * 1 while more is to be written, 0 when done, -1 to close. The headers go
 * out with as much of the body as fits in the same chunk: most replies are
 * one send.
 */
static int
write_some(struct http_job *job)
{
	struct http_request	*req = &job->req;
	unsigned char		 wbuf[LWS_PRE + WRITE_CHUNK];
	unsigned char		*start = wbuf + LWS_PRE, *p = start, *end = wbuf + sizeof(wbuf);
	size_t			 total, n;
	const char		*body = http_reply_body(req, &total);
	enum lws_write_protocol	 kind;

	if (req->head_only)
		total = 0;
	if (!job->headers_sent) {
		if (build_headers(job, &p, end) == -1)
			return -1;
		job->headers_sent = true;
	}
	n = total - job->sent;
	if (n > (size_t)(end - p))
		n = (size_t)(end - p);
	if (body != NULL)
		memcpy(p, body + job->sent, n);
	else if (n > 0 && read_file(req, job->sent, p, n) == -1)
		return -1;
	p += n;
	job->sent += n;
	kind = job->sent == total ? LWS_WRITE_HTTP_FINAL : LWS_WRITE_HTTP;
	if (lws_write(job->wsi, start, (size_t)(p - start), kind) < (int)(p - start))
		return -1;
	return job->sent == total ? 0 : 1;
}

static int
on_writable(struct lws *wsi, struct conn *conn)
{
	struct http_job	*job = conn->job;
	int		 rc, close;

	if (job == NULL || !job->ready)
		return 0;
	rc = write_some(job);
	if (rc == 1) {
		lws_callback_on_writable(wsi);
		return 0;
	}
	access_log(job);
	close = rc == -1 || job->close_after;
	conn->job = NULL;
	job_free(job);
	if (close || lws_http_transaction_completed(wsi))
		return -1;
	return 0;
}

static void
on_closed(struct conn *conn)
{
	struct http_job	*job = conn->job;

	if (job == NULL)
		return;
	conn->job = NULL;
	if (job->in_worker)
		job->wsi = NULL;	/* freed when it comes back */
	else
		job_free(job);
}

static int
callback(struct lws *wsi, enum lws_callback_reasons reason, void *user, void *in, size_t len)
{
	struct http_loop	*loop = lws_context_user(lws_get_context(wsi));
	struct conn		*conn = user;

	switch (reason) {
	case LWS_CALLBACK_HTTP:
		return on_request(loop, wsi, conn, in);
	case LWS_CALLBACK_HTTP_BODY:
		return on_body(conn, in, len);
	case LWS_CALLBACK_HTTP_BODY_COMPLETION:
		if (conn->job != NULL && !conn->job->in_worker && !conn->job->ready)
			submit(conn->job);
		return 0;
	case LWS_CALLBACK_HTTP_WRITEABLE:
		return on_writable(wsi, conn);
	case LWS_CALLBACK_CLOSED_HTTP:
		/* lws also reports connections closed before any request, with no user data */
		if (conn != NULL)
			on_closed(conn);
		break;
	case LWS_CALLBACK_HTTP_CONFIRM_UPGRADE:
		/*
		 * Upgrades go only to the realtime channel (ws_filter); anywhere
		 * else the client gets a 404 rather than a bare hang-up.
		 */
		if (ws_filter(loop, wsi) == 0)
			return 0;
		if (lws_return_http_status(wsi, HTTP_STATUS_NOT_FOUND, NULL) != 0)
			return -1;
		return 1;
	case LWS_CALLBACK_EVENT_WAIT_CANCELLED:
		drain_done(loop);
		ws_drain(loop);
		return 0;
	case LWS_CALLBACK_FILTER_PROTOCOL_CONNECTION:
		return ws_filter(loop, wsi);
	case LWS_CALLBACK_ESTABLISHED:
		return ws_established(loop, wsi, conn);
	case LWS_CALLBACK_RECEIVE:
		return ws_receive(loop, wsi, conn, in, len);
	case LWS_CALLBACK_SERVER_WRITEABLE:
		return ws_writable(loop, wsi, conn);
	case LWS_CALLBACK_WS_PEER_INITIATED_CLOSE:
		return ws_peer_closing(conn, in, len);
	case LWS_CALLBACK_CLOSED:
		ws_closed(loop, conn);
		return 0;
	case LWS_CALLBACK_WSI_DESTROY:
		http_peer_forget(wsi);
		break;
	default:
		break;
	}
	return lws_callback_http_dummy(wsi, reason, user, in, len);
}

/* --- set-up --- */

static void
lws_log(int level, const char *line)
{
	size_t	n = strlen(line);

	if (n > 0 && line[n - 1] == '\n')
		n--;
	if (level & LLL_ERR)
		log_err("lws: %.*s", (int)n, line);
	else
		log_warn("lws: %.*s", (int)n, line);
}

static int
split_listen(const char *listen, char *host, size_t hlen, int *port)
{
	const char	*colon = strrchr(listen, ':');
	char		*end;
	long		 p;

	if (colon == NULL || (size_t)(colon - listen) >= hlen)
		return -1;
	p = strtol(colon + 1, &end, 10);
	if (*end != '\0' || p < 0 || p > 65535 || colon[1] == '\0')
		return -1;
	memcpy(host, listen, (size_t)(colon - listen));
	host[colon - listen] = '\0';
	if (host[0] == '[') {		/* [::1] */
		memmove(host, host + 1, strlen(host));
		host[strcspn(host, "]")] = '\0';
	}
	*port = (int)p;
	return 0;
}

/* An idle WebSocket is pinged after 30 s and dropped if nothing came back by 60 s. */
static const lws_retry_bo_t idle_policy = {
	.secs_since_valid_ping = 30,
	.secs_since_valid_hangup = 60,
};

/*
 * Every request allocates and frees its arena and reply on some thread. With
 * glibc's defaults, freeing returns memory to the kernel (madvise, munmap)
 * and the TLB shootdowns that follow cost more than the request on a
 * virtual machine (perf: ~10 % of a JSON list). Keep up to 8 MiB per malloc
 * arena and serve buffers up to 1 MiB from the heap instead.
 */
static void
tune_malloc(void)
{
	mallopt(M_TRIM_THRESHOLD, 8 << 20);
	mallopt(M_MMAP_THRESHOLD, 1 << 20);
}

/* --- the listening socket, shared by the loops --- */

/* Opens, binds and listens on host:port; -1 on failure (logged). */
static int
listen_on(const char *addr, const char *host, int port)
{
	struct addrinfo	 hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM,
			    .ai_flags = AI_PASSIVE | AI_NUMERICHOST | AI_NUMERICSERV };
	struct addrinfo	*ai;
	char		 service[8];
	int		 fd = -1, one = 1, rc;

	snprintf(service, sizeof(service), "%d", port);
	if ((rc = getaddrinfo(host[0] != '\0' ? host : NULL, service, &hints, &ai)) != 0) {
		log_err("cannot listen on '%s': %s", addr, gai_strerror(rc));
		return -1;
	}
	fd = socket(ai->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd == -1 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) == -1 ||
	    bind(fd, ai->ai_addr, ai->ai_addrlen) == -1 || listen(fd, LISTEN_BACKLOG) == -1) {
		log_err("cannot listen on '%s': %s", addr, strerror(errno));
		if (fd != -1)
			close(fd);
		fd = -1;
	}
	freeaddrinfo(ai);
	return fd;
}

/*
 * Whether this loop should take the next connection: every loop is woken
 * for it, and the one with the fewest connections takes it, so a burst of
 * connections (a browser's six, a load test's 64) spreads evenly. A loop
 * that has let a connection wait a few wake-ups takes it anyway, lest the
 * least loaded be busy.
 */
static bool
should_accept(struct http_loop *loop)
{
	struct http_server	*srv = loop->srv;
	int			 mine = atomic_load_explicit(&loop->conns, memory_order_relaxed);
	uint64_t		 accepted = atomic_load_explicit(&srv->accepted, memory_order_relaxed);

	if (accepted != loop->declined_at)	/* the one it let wait was taken: a new one */
		loop->declined = 0;
	if (loop->declined >= ACCEPT_DECLINES)
		return true;
	for (size_t i = 0; i < srv->nloops; i++)
		if (&srv->loops[i] != loop &&
		    atomic_load_explicit(&srv->loops[i].conns, memory_order_relaxed) < mine) {
			loop->declined++;
			loop->declined_at = accepted;
			return false;
		}
	return true;
}

/* Takes a waiting connection, if this loop should, and hands it to its lws. */
static void
accept_some(struct http_loop *loop, struct lws *listener)
{
	struct lws	*wsi;

	for (int i = 0; i < ACCEPT_BATCH && should_accept(loop); i++) {
		int	fd = accept4(loop->listen_fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);

		if (fd == -1) {
			if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS ||
			    errno == ENOMEM) {
				/* the connection waits in the backlog; stop polling a while */
				log_warn("accept: %s", strerror(errno));
				lws_rx_flow_control(listener, 0);
				lws_set_timer_usecs(listener, ACCEPT_PAUSE_US);
			}
			return;		/* EAGAIN: another loop took it, or none is left */
		}
		atomic_fetch_add_explicit(&loop->srv->accepted, 1, memory_order_relaxed);
		if ((wsi = lws_adopt_socket_vhost(loop->vhost, fd)) != NULL)	/* else fd is closed */
			peer_keep(loop, wsi, fd);
	}
}

/* The protocol of the loop's raw descriptor on the listening socket. */
static int
listen_callback(struct lws *wsi, enum lws_callback_reasons reason, void *user, void *in,
    size_t len)
{
	struct http_loop	*loop = lws_context_user(lws_get_context(wsi));

	(void)user;
	(void)in;
	(void)len;
	switch (reason) {
	case LWS_CALLBACK_RAW_RX_FILE:
		accept_some(loop, wsi);
		return 0;
	case LWS_CALLBACK_TIMER:
		lws_rx_flow_control(wsi, 1);
		return 0;
	case LWS_CALLBACK_FILTER_PROTOCOL_CONNECTION:
		return 1;	/* never a WebSocket's protocol */
	default:
		return 0;
	}
}

/* --- lifecycle --- */

/* One loop's lws context, polling its dup of the listening socket. */
static int
loop_init(struct http_server *srv, struct http_loop *loop, unsigned index)
{
	const struct http_config	*cfg = &srv->cfg;
	struct lws_context_creation_info info;
	lws_sock_file_fd_type		 fd;

	loop->srv = srv;
	loop->index = index;
	loop->listen_fd = -1;
	pthread_mutex_init(&loop->done_lock, NULL);
	loop->ws = ws_registry_new();
	loop->stats = stats_new(cfg->nroutes);
	memset(&info, 0, sizeof(info));
	info.port = CONTEXT_PORT_NO_LISTEN_SERVER;
	info.protocols = srv->protocols;
	info.user = loop;
	info.max_http_header_data = 8192;
	info.keepalive_timeout = 5;
	info.timeout_secs = 30;
	info.retry_and_idle_policy = &idle_policy;	/* WebSocket pings */
	/* RFC 6455 8.1: a text message that is not UTF-8 fails the connection (1007) */
	info.options |= LWS_SERVER_OPTION_VALIDATE_UTF8;
	if (cfg->answer_now != NULL &&
	    (loop->service_ctx = cfg->worker_init(cfg->worker_arg)) == NULL)
		return -1;
	if ((loop->ctx = lws_create_context(&info)) == NULL ||
	    (loop->vhost = lws_get_vhost_by_name(loop->ctx, "default")) == NULL) {
		log_err("cannot start event loop %u", index);
		return -1;
	}
	if ((loop->listen_fd = fcntl(srv->listen_fd, F_DUPFD_CLOEXEC, 0)) == -1) {
		log_err("cannot share the listening socket: %s", strerror(errno));
		return -1;
	}
	fd.filefd = loop->listen_fd;	/* lws closes it with the context */
	if (lws_adopt_descriptor_vhost(loop->vhost, LWS_ADOPT_RAW_FILE_DESC, fd,
	    srv->protocols[1].name, NULL) == NULL) {
		log_err("cannot poll the listening socket");
		close(loop->listen_fd);
		loop->listen_fd = -1;
		return -1;
	}
	return 0;
}

struct http_server *
http_server_new(const struct http_config *cfg)
{
	struct http_server	*srv = xcalloc(1, sizeof(*srv));
	char			 host[128];
	int			 port;
	uint64_t		 first_id;

	srv->cfg = *cfg;
	srv->listen_fd = -1;
	tune_malloc();
	randombytes_buf(&first_id, sizeof(first_id));	/* ids differ across restarts */
	atomic_init(&srv->next_id, first_id);
	if (split_listen(cfg->listen, host, sizeof(host), &port) == -1) {
		log_err("cannot parse listen address '%s'", cfg->listen);
		goto fail;
	}
	if ((srv->listen_fd = listen_on(cfg->listen, host, port)) == -1)
		goto fail;
	lws_set_log_level(LLL_ERR | LLL_WARN, lws_log);
	/*
	 * lws gives each WebSocket a receive buffer of rx_buffer_size (0: the
	 * 4 KiB service buffer); longer messages arrive in pieces, which ws.c
	 * assembles, so a small one keeps idle clients cheap. A send may be a
	 * whole chunk.
	 */
	srv->protocols[0] = (struct lws_protocols){ "http", callback, sizeof(struct conn),
	    WS_RX_CHUNK, 0, NULL, WRITE_CHUNK };
	srv->protocols[1] = (struct lws_protocols){ "pobratim-listen", listen_callback, 0, 0, 0,
	    NULL, 0 };
	srv->pool = pool_new(cfg->workers, cfg->worker_init, cfg->worker_fini, cfg->worker_arg);
	if (srv->pool == NULL)
		goto fail;
	srv->nloops = cfg->io_threads < 1 ? 1 : cfg->io_threads > HTTP_MAX_LOOPS ?
	    HTTP_MAX_LOOPS : (size_t)cfg->io_threads;
	for (size_t i = 0; i < srv->nloops; i++)
		if (loop_init(srv, &srv->loops[i], (unsigned)i) == -1)
			goto fail;
	return srv;
fail:
	http_server_free(srv);
	return NULL;
}

static bool
past(const struct timespec *deadline)
{
	struct timespec	now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return now.tv_sec > deadline->tv_sec || (now.tv_sec == deadline->tv_sec &&
	    now.tv_nsec >= deadline->tv_nsec);
}

/* Nothing to do: its being due wakes the loop, which then looks at the clock. */
static void
drain_tick(lws_sorted_usec_list_t *sul)
{
	(void)sul;
}

/*
 * Serves one loop until http_server_stop(), then drains its requests in
 * flight until the shutdown deadline at most.
 */
static int
loop_serve(struct http_loop *loop)
{
	while (!loop->srv->stop)
		if (lws_service(loop->ctx, 0) < 0)
			return -1;
	if (loop->active > 0)
		log_info("stopping: finishing %d requests in flight", loop->active);
	while (loop->active > 0 && !past(&loop->srv->deadline)) {
		lws_sul_schedule(loop->ctx, 0, &loop->tick, drain_tick, DRAIN_TICK_US);
		if (lws_service(loop->ctx, 0) < 0)
			break;
	}
	lws_sul_cancel(&loop->tick);
	return 0;
}

static void *
loop_thread(void *arg)
{
	sigset_t	all;

	sigfillset(&all);	/* signals are the first loop's (the caller's) to take */
	pthread_sigmask(SIG_BLOCK, &all, NULL);
	loop_serve(arg);
	return NULL;
}

/* A job a stop gave up on: what, and how long it ran (-1: it never began). */
static void
stuck(const char *what, long ms, void *arg)
{
	(void)arg;
	if (ms < 0)
		log_err("stopping: %s never ran", what);
	else
		log_err("stopping: %s still running after %ld ms; not waiting for it", what, ms);
}

int
http_server_run(struct http_server *srv)
{
	int	rc;

	/*
	 * lws formats its messages in one static buffer, which two loops would
	 * share; while serving they are about clients' malformed requests
	 * anyway (answered, and in our access log), so lws logs nothing now.
	 */
	lws_set_log_level(0, NULL);
	for (size_t i = 1; i < srv->nloops; i++) {
		if (pthread_create(&srv->loops[i].thread, NULL, loop_thread, &srv->loops[i]) != 0) {
			log_err("cannot start event loop %zu", i);
			http_server_stop(srv);
			break;
		}
		srv->loops[i].thread_started = true;
	}
	rc = loop_serve(&srv->loops[0]);
	http_server_stop(srv);		/* the first loop may have ended on an error */
	for (size_t i = 1; i < srv->nloops; i++)
		if (srv->loops[i].thread_started) {
			pthread_join(srv->loops[i].thread, NULL);
			srv->loops[i].thread_started = false;
		}
	if (pool_stop(srv->pool, &srv->deadline, stuck, srv) > 0) {
		srv->stuck = true;
		return HTTP_UNFINISHED;
	}
	return rc;
}

void
http_server_stop(struct http_server *srv)
{
	struct timespec	deadline;

	/* the deadline first: whoever sees stop reads it (from a signal handler too) */
	if (!srv->stop) {
		clock_gettime(CLOCK_MONOTONIC, &deadline);
		deadline.tv_sec += srv->cfg.shutdown_timeout;
		srv->deadline = deadline;
	}
	srv->stop = 1;
	for (size_t i = 0; i < srv->nloops; i++)
		if (srv->loops[i].ctx != NULL)
			lws_cancel_service(srv->loops[i].ctx);
}

static void
loop_release(struct http_loop *loop)
{
	struct http_job	*job, *next;

	if (loop->srv == NULL)
		return;
	if (loop->service_ctx != NULL)
		loop->srv->cfg.worker_fini(loop->service_ctx);
	if (loop->ctx != NULL)
		lws_context_destroy(loop->ctx);
	else if (loop->listen_fd != -1)
		close(loop->listen_fd);
	ws_registry_free(loop->ws);
	stats_free(loop->stats);
	for (job = loop->done; job != NULL; job = next) {
		next = job->done_next;
		job_free(job);
	}
	pthread_mutex_destroy(&loop->done_lock);
}

void
http_server_free(struct http_server *srv)
{
	if (srv == NULL || srv->stuck)	/* a worker still uses it: the process ends */
		return;
	pool_free(srv->pool);		/* workers may still call lws_cancel_service */
	srv->pool = NULL;
	for (size_t i = 0; i < HTTP_MAX_LOOPS; i++)
		loop_release(&srv->loops[i]);
	if (srv->listen_fd != -1)
		close(srv->listen_fd);
	static_forget();
	free(srv);
}
