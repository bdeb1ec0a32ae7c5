/*
 * ws: WebSocket connections. The thread of the loop that accepted a
 * connection owns its state (each loop has a registry of its own); workers
 * see only events (open, message, close), one at a time per connection and
 * in order, and answer through http_ws_send/close, which post to the loop's
 * outbox, drained on its thread after lws_cancel_service().
 *
 * A connection is named by a 64-bit id: the slot's generation (high 32
 * bits), its loop (8 bits) and the index of its slot in that loop's
 * registry (24 bits), so an id never names a later connection that reused
 * the slot, says which loop to post to, and lookups cost no hashing.
 *
 * Limits: message size (1009), message rate as a token bucket (1008), events
 * waiting for a worker (1008), bytes waiting to be sent (1008: a client that
 * does not read is cut off rather than allowed to grow the server).
 */
#include "http_internal.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../base/alloc.h"
#include "../base/log.h"
#include "../base/metrics.h"

#define MAX_PENDING_EVENTS	64
#define CLOSE_WAIT_SECONDS	3	/* after the close frame, for the client to hang up */
#define SLOW_EVENT_US		1000000	/* an event waiting or running longer is logged (debug) */

struct ws_msg {
	atomic_int	 refs;
	size_t		 len;
	unsigned char	 buf[];		/* LWS_PRE bytes of headroom, then the text */
};

struct ws_out {
	struct ws_out	*next;
	struct ws_msg	*msg;
};

struct ws_in {
	struct ws_in	*next;
	size_t		 len;
	char		 text[];
};

struct ws_state {
	uint64_t	 id;
	struct lws	*wsi;		/* NULL once lws closed the connection */
	struct buf	 rx;		/* the message being assembled */
	struct ws_in	*in_head, *in_tail;
	size_t		 in_count;
	struct ws_out	*out_head, *out_tail;
	size_t		 out_bytes;
	double		 tokens;
	int64_t		 refill_us;
	int		 close_code;	/* close once the queue is written */
	char		 close_reason[64];
	bool		 close_sent;	/* then input is dropped until the client hangs up */
	bool		 busy;		/* an event is on a worker */
};

struct ws_slot {
	struct ws_state	*st;
	uint32_t	 gen;
	uint32_t	 next_free;	/* index + 1; 0 ends the list */
};

struct ws_job {
	struct pool_job		 pj;	/* first */
	struct ws_job		*done_next;
	struct http_loop	*loop;
	struct http_ws_event	 ev;
	int64_t			 queued_us;	/* when it was given to the pool */
};

/* a send or a close, posted from any thread */
struct ws_post {
	struct ws_post	*next;
	struct ws_msg	*msg;		/* NULL: close */
	int		 code;
	char		 reason[64];
	size_t		 n;
	uint64_t	 ids[];
};

struct ws_registry {
	struct ws_slot	*slots;
	uint32_t	 n, cap, free_head;
	pthread_mutex_t	 lock;		/* guards done and the outbox */
	struct ws_job	*done;
	struct ws_post	*out_head, *out_tail;
};

static int64_t
now_us(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* --- messages --- */

static struct ws_msg *
msg_new(const char *text, size_t len, int refs)
{
	struct ws_msg	*m = xmalloc(sizeof(*m) + LWS_PRE + len + 1);

	atomic_init(&m->refs, refs);
	m->len = len;
	memcpy(m->buf + LWS_PRE, text, len);
	m->buf[LWS_PRE + len] = '\0';
	return m;
}

static void
msg_unref(struct ws_msg *m)
{
	if (m != NULL && atomic_fetch_sub(&m->refs, 1) == 1)
		free(m);
}

/* --- registry --- */

struct ws_registry *
ws_registry_new(void)
{
	struct ws_registry	*r = xcalloc(1, sizeof(*r));

	pthread_mutex_init(&r->lock, NULL);
	return r;
}

#define SLOT_BITS	24		/* connections per loop: 16 million */
#define LOOP_OF(id)	((unsigned)((id) >> SLOT_BITS) & 0xffu)

/* The new connection's id; 0 when the loop has no slot left. */
static uint64_t
registry_add(struct ws_registry *r, unsigned loop, struct ws_state *st)
{
	uint32_t	i;

	if (r->free_head != 0) {
		i = r->free_head - 1;
		r->free_head = r->slots[i].next_free;
	} else {
		if (r->n == (1u << SLOT_BITS) - 1)
			return 0;	/* full */
		if (r->n == r->cap) {
			r->cap = r->cap ? r->cap * 2 : 64;
			r->slots = xrealloc(r->slots, r->cap * sizeof(*r->slots));
		}
		i = r->n++;
		r->slots[i].gen = 0;
	}
	r->slots[i].st = st;
	r->slots[i].gen++;
	return ((uint64_t)r->slots[i].gen << 32) | ((uint64_t)loop << SLOT_BITS) | (i + 1);
}

static struct ws_state *
registry_get(struct ws_registry *r, uint64_t id)
{
	uint32_t	i = (uint32_t)(id & ((1u << SLOT_BITS) - 1));

	if (i == 0 || i > r->n || r->slots[i - 1].gen != (uint32_t)(id >> 32))
		return NULL;
	return r->slots[i - 1].st;
}

static void
registry_remove(struct ws_registry *r, uint64_t id)
{
	uint32_t	i = (uint32_t)(id & ((1u << SLOT_BITS) - 1)) - 1;

	r->slots[i].st = NULL;
	r->slots[i].next_free = r->free_head;
	r->free_head = i + 1;
}

static void
state_free(struct ws_state *st)
{
	struct ws_in	*in, *in_next;
	struct ws_out	*out, *out_next;

	for (in = st->in_head; in != NULL; in = in_next) {
		in_next = in->next;
		free(in);
	}
	for (out = st->out_head; out != NULL; out = out_next) {
		out_next = out->next;
		msg_unref(out->msg);
		free(out);
	}
	buf_release(&st->rx);
	free(st);
}

/* --- events on workers --- */

static void
ws_run(void *ctx, struct pool_job *pj)
{
	struct ws_job		*job = (struct ws_job *)pj;
	struct http_loop	*loop = job->loop;	/* the job is the loop's once listed */
	struct ws_registry	*r = loop->ws;
	int64_t			 started = now_us(), took;

	job->ev.worker = ctx;
	loop->srv->cfg.ws_event(&job->ev);
	took = now_us() - started;
	if (took > SLOW_EVENT_US || started - job->queued_us > SLOW_EVENT_US)
		log_debug("%s waited %lld ms for a worker and ran %lld ms", job->pj.what,
		    (long long)(started - job->queued_us) / 1000, (long long)took / 1000);
	pthread_mutex_lock(&r->lock);
	job->done_next = r->done;
	r->done = job;
	pthread_mutex_unlock(&r->lock);
	lws_cancel_service(loop->ctx);
}

static struct ws_job *
job_new(struct http_loop *loop, struct ws_state *st, enum http_ws_kind kind)
{
	struct ws_job	*job = xcalloc(1, sizeof(*job));

	job->loop = loop;
	job->pj.run = ws_run;
	snprintf(job->pj.what, sizeof(job->pj.what), "websocket %llx event %d",
	    (unsigned long long)st->id, (int)kind);
	job->ev.kind = kind;
	job->ev.conn = st->id;
	job->ev.server = loop->srv;
	arena_init(&job->ev.arena);
	return job;
}

static void
job_free(struct ws_job *job)
{
	arena_release(&job->ev.arena);
	free(job);
}

static void
submit(struct http_loop *loop, struct ws_state *st, struct ws_job *job)
{
	if (loop->srv->pool == NULL) {	/* shutting down: nobody to tell */
		job_free(job);
		return;
	}
	st->busy = true;
	job->queued_us = now_us();
	pool_submit(loop->srv->pool, &job->pj);
}

/*
 * Starts the next event of a connection if none is running: a queued
 * message, or, once lws has closed it, the close (and then forgets it).
 */
static void
pump(struct http_loop *loop, struct ws_state *st)
{
	struct ws_job	*job;
	struct ws_in	*in;

	if (st->busy)
		return;
	if ((in = st->in_head) != NULL) {
		st->in_head = in->next;
		if (st->in_head == NULL)
			st->in_tail = NULL;
		st->in_count--;
		job = job_new(loop, st, HTTP_WS_MESSAGE);
		job->ev.text = arena_strndup(&job->ev.arena, in->text, in->len);
		job->ev.len = in->len;
		free(in);
		submit(loop, st, job);
		return;
	}
	if (st->wsi == NULL) {
		job = job_new(loop, st, HTTP_WS_CLOSE);
		job->ev.close_code = st->close_code;
		submit(loop, st, job);
		registry_remove(loop->ws, st->id);
		state_free(st);
	}
}

/* --- lws callbacks --- */

int
ws_filter(struct http_loop *loop, struct lws *wsi)
{
	struct http_server	*srv = loop->srv;
	char			 uri[256];

	if (srv->cfg.ws_path == NULL || srv->stop)
		return 1;
	if (lws_hdr_copy(wsi, uri, sizeof(uri), WSI_TOKEN_GET_URI) <= 0 ||
	    strcmp(uri, srv->cfg.ws_path) != 0)
		return 1;	/* refuse the upgrade anywhere else */
	return 0;
}

int
ws_established(struct http_loop *loop, struct lws *wsi, struct conn *c)
{
	const struct http_config *cfg = &loop->srv->cfg;
	struct ws_state	*st = xcalloc(1, sizeof(*st));
	struct ws_job	*job;
	struct http_client client;

	if ((st->id = registry_add(loop->ws, loop->index, st)) == 0) {
		free(st);
		return -1;
	}
	st->wsi = wsi;
	buf_init(&st->rx, cfg->ws_max_message);
	st->tokens = 2.0 * cfg->ws_rate;
	st->refill_us = now_us();
	c->ws = st;
	metrics_count(METRIC_WS_OPENED);
	job = job_new(loop, st, HTTP_WS_OPEN);
	job->ev.cookie = http_header_copy(&job->ev.arena, wsi, WSI_TOKEN_HTTP_COOKIE);
	job->ev.origin = http_header_copy(&job->ev.arena, wsi, WSI_TOKEN_ORIGIN);
	http_client_of(loop->srv, wsi, &job->ev.arena, &client);
	job->ev.host = client.host;
	job->ev.addr = arena_strdup(&job->ev.arena, client.addr);
	log_debug("ws %llx open from %s", (unsigned long long)st->id, client.addr);
	submit(loop, st, job);
	return 0;
}

/*
 * Closes a connection that broke a limit: the close frame goes out in turn
 * (close_frame), and what the client still sends meanwhile is read and
 * dropped. Hanging up at once would leave its bytes unread, and the kernel
 * answers that with a reset that can overtake the close frame (the client
 * then sees 1006, not the reason).
 */
static int
refuse(struct ws_state *st, int code, const char *why)
{
	if (st->close_code == 0) {
		log_info("ws closed %d: %s", code, why);
		st->close_code = code;
		snprintf(st->close_reason, sizeof(st->close_reason), "%s", why);
	}
	buf_release(&st->rx);
	lws_callback_on_writable(st->wsi);
	return 0;
}

/* The close frame, then CLOSE_WAIT_SECONDS for the client to hang up. */
static int
close_frame(struct lws *wsi, struct ws_state *st)
{
	unsigned char	 frame[LWS_PRE + 4 + sizeof(st->close_reason)], *f = frame + LWS_PRE;
	size_t		 n = strlen(st->close_reason);

	if (st->close_sent)
		return 0;
	st->close_sent = true;
	/* RFC 6455 5.5.1, written raw: lws keeps its own close for lws_close_reason() */
	f[0] = 0x88;			/* FIN, close */
	f[1] = (unsigned char)(n + 2);	/* < 126: the reason is at most 63 bytes */
	f[2] = (unsigned char)(st->close_code >> 8);
	f[3] = (unsigned char)(st->close_code & 0xff);
	memcpy(f + 4, st->close_reason, n);
	if (lws_write(wsi, f, n + 4, LWS_WRITE_RAW) < (int)(n + 4))
		return -1;
	lws_set_timeout(wsi, PENDING_TIMEOUT_CLOSE_ACK, CLOSE_WAIT_SECONDS);
	return 0;
}

/* Token bucket: rate per second, bursts up to twice that. */
static bool
take_token(struct ws_state *st, int rate)
{
	int64_t	now = now_us();

	st->tokens += (double)(now - st->refill_us) * rate / 1e6;
	if (st->tokens > 2.0 * rate)
		st->tokens = 2.0 * rate;
	st->refill_us = now;
	if (st->tokens < 1.0)
		return false;
	st->tokens -= 1.0;
	return true;
}

int
ws_receive(struct http_loop *loop, struct lws *wsi, struct conn *c, const void *in,
    size_t len)
{
	struct ws_state	*st = c->ws;
	struct ws_in	*msg;

	if (st == NULL)
		return -1;
	if (st->close_code != 0)
		return 0;		/* closing: dropped */
	if (lws_frame_is_binary(wsi))
		return refuse(st, LWS_CLOSE_STATUS_UNACCEPTABLE_OPCODE, "text messages only");
	if (buf_append(&st->rx, in, len) == -1)
		return refuse(st, LWS_CLOSE_STATUS_MESSAGE_TOO_LARGE, "message too large");
	if (!lws_is_final_fragment(wsi) || lws_remaining_packet_payload(wsi) > 0)
		return 0;
	if (!take_token(st, loop->srv->cfg.ws_rate))
		return refuse(st, LWS_CLOSE_STATUS_POLICY_VIOLATION, "too many messages");
	if (st->in_count >= MAX_PENDING_EVENTS)
		return refuse(st, LWS_CLOSE_STATUS_POLICY_VIOLATION, "too many messages waiting");
	msg = xmalloc(sizeof(*msg) + st->rx.len + 1);
	msg->next = NULL;
	msg->len = st->rx.len;
	memcpy(msg->text, st->rx.p ? st->rx.p : "", st->rx.len);
	msg->text[msg->len] = '\0';
	buf_release(&st->rx);	/* an idle connection keeps no buffer */
	if (st->in_tail != NULL)
		st->in_tail->next = msg;
	else
		st->in_head = msg;
	st->in_tail = msg;
	st->in_count++;
	pump(loop, st);
	return 0;
}

int
ws_writable(struct http_loop *loop, struct lws *wsi, struct conn *c)
{
	struct ws_state	*st = c->ws;
	struct ws_out	*out;
	int		 n;

	(void)loop;
	if (st == NULL)
		return 0;
	if ((out = st->out_head) == NULL)
		return st->close_code != 0 ? close_frame(wsi, st) : 0;
	st->out_head = out->next;
	if (st->out_head == NULL)
		st->out_tail = NULL;
	st->out_bytes -= out->msg->len;
	n = lws_write(wsi, out->msg->buf + LWS_PRE, out->msg->len, LWS_WRITE_TEXT);
	msg_unref(out->msg);
	free(out);
	if (n < 0)
		return -1;
	if (st->out_head != NULL || st->close_code != 0)
		lws_callback_on_writable(wsi);
	return 0;
}

/*
 * The client's close frame (payload: its code and reason, len bytes). After
 * ours it completes the closing handshake:
 * hang up without lws' echo, which would be a second close frame (browsers
 * take that for a protocol error and report 1006).
 */
int
ws_peer_closing(struct conn *c, const unsigned char *payload, size_t len)
{
	if (c->ws == NULL)
		return 0;
	/* why the client goes (4000: our page's missed pong), for the debug log */
	log_debug("ws %llx: the client closes, code %d", (unsigned long long)c->ws->id,
	    len >= 2 ? payload[0] << 8 | payload[1] : 1005);
	return c->ws->close_sent ? -1 : 0;
}

void
ws_closed(struct http_loop *loop, struct conn *c)
{
	struct ws_state	*st = c->ws;

	if (st == NULL)
		return;
	c->ws = NULL;
	st->wsi = NULL;
	metrics_count(METRIC_WS_CLOSED);
	log_debug("ws %llx closed", (unsigned long long)st->id);
	pump(loop, st);	/* the close event follows any event still running */
}

/* --- from any thread --- */

static void
post(struct http_loop *loop, struct ws_post *p)
{
	struct ws_registry	*r = loop->ws;

	p->next = NULL;
	pthread_mutex_lock(&r->lock);
	if (r->out_tail != NULL)
		r->out_tail->next = p;
	else
		r->out_head = p;
	r->out_tail = p;
	pthread_mutex_unlock(&r->lock);
	lws_cancel_service(loop->ctx);
}

/* The loop an id names; NULL for an id no loop gave. */
static struct http_loop *
loop_of(struct http_server *srv, uint64_t conn)
{
	return LOOP_OF(conn) < srv->nloops ? &srv->loops[LOOP_OF(conn)] : NULL;
}

void
http_ws_send(struct http_server *srv, const uint64_t *conns, size_t n, const char *text,
    size_t len)
{
	struct ws_msg	*msg;
	size_t		 left = n;

	if (n == 0)
		return;
	msg = msg_new(text, len, (int)n);	/* one reference per connection, on any loop */
	for (size_t l = 0; l < srv->nloops && left > 0; l++) {
		struct ws_post	*p = xcalloc(1, sizeof(*p) + n * sizeof(uint64_t));

		p->msg = msg;
		for (size_t i = 0; i < n; i++)
			if (LOOP_OF(conns[i]) == l)
				p->ids[p->n++] = conns[i];
		left -= p->n;
		if (p->n > 0)
			post(&srv->loops[l], p);
		else
			free(p);
	}
	for (; left > 0; left--)	/* ids of no loop */
		msg_unref(msg);
}

void
http_ws_close(struct http_server *srv, uint64_t conn, int code, const char *reason)
{
	struct http_loop	*loop = loop_of(srv, conn);
	struct ws_post		*p;

	if (loop == NULL)
		return;
	p = xcalloc(1, sizeof(*p) + sizeof(uint64_t));
	p->code = code;
	snprintf(p->reason, sizeof(p->reason), "%s", reason);
	p->n = 1;
	p->ids[0] = conn;
	post(loop, p);
}

/* --- back on the service thread --- */

/*
 * Writes a message outside lws' writable callback and lets go of it. Saves
 * the round through the event loop, which with epoll is two epoll_ctl per
 * connection. A connection the write finds broken is closed on lws' next
 * turn.
 */
static void
send_now(struct ws_state *st, struct ws_msg *msg)
{
	if (lws_write(st->wsi, msg->buf + LWS_PRE, msg->len, LWS_WRITE_TEXT) < 0)
		lws_set_timeout(st->wsi, PENDING_TIMEOUT_CLOSE_SEND, LWS_TO_KILL_ASYNC);
	msg_unref(msg);
}

static void
deliver(const struct http_config *cfg, struct ws_state *st, struct ws_post *p)
{
	struct ws_out	*out;

	if (p->msg == NULL) {
		if (st->close_code == 0) {
			st->close_code = p->code;
			snprintf(st->close_reason, sizeof(st->close_reason), "%s", p->reason);
		}
		lws_callback_on_writable(st->wsi);
		return;
	}
	if (st->close_code != 0) {
		msg_unref(p->msg);
		return;
	}
	if (st->out_bytes + p->msg->len > cfg->ws_max_queue) {
		msg_unref(p->msg);
		st->close_code = LWS_CLOSE_STATUS_POLICY_VIOLATION;
		snprintf(st->close_reason, sizeof(st->close_reason), "not reading fast enough");
		lws_callback_on_writable(st->wsi);
		return;
	}
	if (st->out_head == NULL) {	/* nothing waits: send now (lws keeps what the socket won't take) */
		send_now(st, p->msg);
		return;
	}
	out = xmalloc(sizeof(*out));
	out->next = NULL;
	out->msg = p->msg;
	if (st->out_tail != NULL)
		st->out_tail->next = out;
	else
		st->out_head = out;
	st->out_tail = out;
	st->out_bytes += p->msg->len;
	lws_callback_on_writable(st->wsi);
}

void
ws_drain(struct http_loop *loop)
{
	struct ws_registry	*r = loop->ws;
	struct ws_job		*job, *jnext;
	struct ws_post		*p, *pnext;
	struct ws_state		*st;

	pthread_mutex_lock(&r->lock);
	job = r->done;
	r->done = NULL;
	p = r->out_head;
	r->out_head = r->out_tail = NULL;
	pthread_mutex_unlock(&r->lock);
	/* sends first: what an event answered goes out before its next event runs */
	for (; p != NULL; p = pnext) {
		pnext = p->next;
		for (size_t i = 0; i < p->n; i++) {
			st = registry_get(r, p->ids[i]);
			if (st != NULL && st->wsi != NULL)
				deliver(&loop->srv->cfg, st, p);
			else
				msg_unref(p->msg);
		}
		free(p);
	}
	for (; job != NULL; job = jnext) {
		jnext = job->done_next;
		st = job->ev.kind == HTTP_WS_CLOSE ? NULL : registry_get(r, job->ev.conn);
		job_free(job);
		if (st != NULL) {
			st->busy = false;
			pump(loop, st);
		}
	}
}

void
ws_registry_free(struct ws_registry *r)
{
	struct ws_job	*job, *jnext;
	struct ws_post	*p, *pnext;

	if (r == NULL)
		return;
	for (job = r->done; job != NULL; job = jnext) {
		jnext = job->done_next;
		job_free(job);
	}
	for (p = r->out_head; p != NULL; p = pnext) {
		pnext = p->next;
		for (size_t i = 0; i < p->n; i++)
			msg_unref(p->msg);
		free(p);
	}
	for (uint32_t i = 0; i < r->n; i++)
		if (r->slots[i].st != NULL)
			state_free(r->slots[i].st);
	free(r->slots);
	pthread_mutex_destroy(&r->lock);
	free(r);
}
