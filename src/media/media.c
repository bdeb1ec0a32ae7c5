/*
 * media: Janus as pobratim's child, and pobratim as Janus's only client.
 *
 * The supervisor thread starts Janus (posix_spawn, no shell; through
 * setpriv --pdeathsig so that Janus dies with the thread that made it even
 * if pobratim is killed), waits for its socket, opens one session, and then
 * reads every message: an answer goes to the call that waits for it, the
 * rest to the dispatcher's queue. It sends a keepalive every 15 s, logs what
 * Janus prints, and when Janus dies or the connection breaks it fails the calls
 * in flight, kills what is left, and starts Janus again after a back-off
 * (0.5 s doubling to 30 s, back to 0.5 s after a minute of good health). Every
 * session is a new epoch: the dispatcher tells the application (reset), which
 * re-creates its rooms.
 *
 * The connection is a WebSocket (Janus's WebSocket transport, listening on a
 * Unix socket of our private directory only), served by an lws context of
 * the supervisor's own. Calls come from any thread: each takes a slot of
 * `pending` named by its transaction, queues its request under send_lock
 * for the connection of its epoch and wakes the supervisor's loop, which
 * writes it; then it waits on the condition variable for at most its
 * timeout. A request queued for a connection that is gone is dropped.
 */
#include "media.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <libwebsockets.h>
#include <sodium.h>

#include "../base/alloc.h"
#include "../base/log.h"
#include "../base/spawn.h"
#include "../base/text.h"
#include "janus.h"

#define CALL_TIMEOUT_MS	10000
#define START_WAIT_MS	15000	/* for Janus's socket after a start */
#define SESSION_WAIT_MS	5000
#define KEEPALIVE_MS	15000	/* session_timeout is 60 s */
#define STOP_WAIT_MS	3000	/* after SIGTERM, then SIGKILL */
#define BACKOFF_MIN_MS	500
#define BACKOFF_MAX_MS	30000
#define HEALTHY_MS	60000	/* running this long resets the back-off */
#define MAX_PENDING	256	/* calls waiting at once */
#define QUEUE_MAX	4096	/* events waiting for the dispatcher */
#define LINE_MAX_LOG	512
#define QUICK_RETRIES	3	/* starts that failed at once, retried without waiting */
#define TICK_US		(100 * LWS_US_PER_MS)	/* the supervisor's lws loop wakes this often */

extern char	**environ;

struct pending {
	bool		 used, done;
	char		 tx[24];
	struct janus_msg reply;		/* root NULL with done: lost */
};

struct queued {
	json_t		*msg;		/* NULL: a reset */
	uint64_t	 epoch;
};

static struct {
	pthread_mutex_t		 lock;		/* all below but what send_lock guards */
	pthread_cond_t		 cv;		/* answers, the queue, stopping */
	pthread_mutex_t		 send_lock;	/* ctx, conn_epoch, out_head, out_tail */
	struct media_config	 cfg;
	struct media_handler	 h;
	struct janus_setup	 setup;
	char			 dir[64], lib[512], sock_path[600], files_dir[PATH_MAX];
	char			 janus[PATH_MAX];
	pid_t			 pid;
	int			 out, wake[2];
	uint64_t		 session, epoch, conn_epoch, next_tx;
	/* the connection: the supervisor's alone, but for what send_lock guards */
	struct lws_context	*ctx;
	struct lws		*wsi;
	enum { CONN_CLOSED, CONN_OPENING, CONN_OPEN } conn;
	struct outgoing		*out_head, *out_tail;
	char			 in[JANUS_MAX_MESSAGE];
	size_t			 in_len;
	bool			 in_drop;
	lws_sorted_usec_list_t	 tick;
	int64_t			 next_keepalive;
	bool			 ready, running;
	atomic_bool		 stopping;	/* read by the supervisor's loop without the lock */
	struct pending		 pending[MAX_PENDING];
	struct queued		 queue[QUEUE_MAX];
	size_t			 qhead, qlen;
	pthread_t		 supervisor, dispatcher;
	char			 line[LINE_MAX_LOG];
	size_t			 linelen;
} M = {
	.lock = PTHREAD_MUTEX_INITIALIZER,
	.send_lock = PTHREAD_MUTEX_INITIALIZER,
	.out = -1, .wake = { -1, -1 },
};

static int64_t
now_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int
media_mode_parse(const char *s, enum media_mode *out)
{
	if (strcmp(s, "auto") == 0)
		*out = MEDIA_AUTO;
	else if (strcmp(s, "janus") == 0)
		*out = MEDIA_JANUS;
	else if (strcmp(s, "mesh") == 0)
		*out = MEDIA_MESH;
	else
		return -1;
	return 0;
}

int
media_ports_parse(const char *s, int *min, int *max)
{
	char		a[8], b[8];
	const char	*dash = strchr(s, '-');
	int64_t		x, y;

	if (dash == NULL || dash - s >= (long)sizeof(a) || strlen(dash + 1) >= sizeof(b))
		return -1;
	snprintf(a, sizeof(a), "%.*s", (int)(dash - s), s);
	snprintf(b, sizeof(b), "%s", dash + 1);
	if (text_int(a, 1024, 65535, &x) == -1 || text_int(b, 1024, 65535, &y) == -1 || x >= y)
		return -1;
	*min = (int)x;
	*max = (int)y;
	return 0;
}

/* --- the queue for the dispatcher (under lock) --- */

static void
enqueue(json_t *msg, uint64_t epoch)
{
	if (M.qlen == QUEUE_MAX) {
		log_warn("media: %d events wait for the rooms; dropped one", QUEUE_MAX);
		json_decref(msg);
		return;
	}
	M.queue[(M.qhead + M.qlen++) % QUEUE_MAX] = (struct queued){ msg, epoch };
	pthread_cond_broadcast(&M.cv);
}

static void *
dispatch(void *arg)
{
	struct queued	q;

	(void)arg;
	pthread_mutex_lock(&M.lock);
	for (;;) {
		while (M.qlen == 0 && !M.stopping)
			pthread_cond_wait(&M.cv, &M.lock);
		if (M.stopping)
			break;
		q = M.queue[M.qhead];
		M.qhead = (M.qhead + 1) % QUEUE_MAX;
		M.qlen--;
		pthread_mutex_unlock(&M.lock);
		if (q.msg == NULL && M.h.reset != NULL)
			M.h.reset(q.epoch, M.h.arg);
		else if (q.msg != NULL && M.h.event != NULL)
			M.h.event(q.msg, M.h.arg);
		json_decref(q.msg);
		pthread_mutex_lock(&M.lock);
	}
	while (M.qlen > 0) {
		json_decref(M.queue[M.qhead].msg);
		M.qhead = (M.qhead + 1) % QUEUE_MAX;
		M.qlen--;
	}
	pthread_mutex_unlock(&M.lock);
	return NULL;
}

/* --- what Janus says --- */

/* An answer to the call waiting for it, or an event for the dispatcher. */
static void
route(const char *buf, size_t len)
{
	struct janus_msg	m;

	if (janus_msg_parse(buf, len, &m) == -1) {
		log_warn("media: dropped a malformed message of %zu bytes from Janus", len);
		return;
	}
	pthread_mutex_lock(&M.lock);
	if (m.transaction != NULL && m.transaction[0] == 'c')
		for (size_t i = 0; i < MAX_PENDING; i++) {
			struct pending *p = &M.pending[i];

			if (!p->used || p->done || strcmp(p->tx, m.transaction) != 0)
				continue;
			if (m.kind == JANUS_ACK)
				break;	/* received; the answer comes as an event */
			p->reply = m;
			p->done = true;
			pthread_cond_broadcast(&M.cv);
			pthread_mutex_unlock(&M.lock);
			return;
		}
	if (m.kind == JANUS_ACK || m.kind == JANUS_SUCCESS || m.kind == JANUS_ERROR ||
	    m.kind == JANUS_SERVER_INFO)
		json_decref(m.root);	/* keepalives, trickles, detaches, late answers */
	else
		enqueue(m.root, M.epoch);
	pthread_mutex_unlock(&M.lock);
}

/* What Janus prints, a line at a time into our log. */
static void
log_output(const char *buf, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (buf[i] != '\n') {
			if (M.linelen < sizeof(M.line) - 1)
				M.line[M.linelen++] = buf[i];
			continue;
		}
		M.line[M.linelen] = '\0';
		if (strstr(M.line, "[ERR]") != NULL || strstr(M.line, "[FATAL]") != NULL)
			log_warn("janus: %s", M.line);
		else if (M.linelen > 0)
			log_debug("janus: %s", M.line);
		M.linelen = 0;
	}
}

static void
drain_output(void)
{
	char	buf[4096];
	ssize_t	n;

	while (M.out != -1 && (n = read(M.out, buf, sizeof(buf))) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno != EAGAIN)
				goto closed;
			return;
		}
		log_output(buf, (size_t)n);
	}
closed:
	if (M.out != -1)
		close(M.out);
	M.out = -1;
}

/* --- the child --- */

/* Whether the child still runs; reaps it when not. */
static bool
alive(void)
{
	int	st;
	pid_t	r;

	if (M.pid == 0)
		return false;
	if ((r = waitpid(M.pid, &st, WNOHANG)) == 0)
		return true;
	if (r == M.pid && WIFSIGNALED(st))
		log_write(M.stopping ? LOG_INFO : LOG_WARN, "media: Janus (pid %d) was killed by "
		    "signal %d", (int)M.pid, WTERMSIG(st));
	else if (r == M.pid)
		log_write(M.stopping ? LOG_INFO : LOG_WARN, "media: Janus (pid %d) exited with "
		    "status %d", (int)M.pid, WEXITSTATUS(st));
	pthread_mutex_lock(&M.lock);
	M.pid = 0;
	pthread_mutex_unlock(&M.lock);
	return false;
}

static int
spawn(void)
{
	posix_spawn_file_actions_t	 fa;
	posix_spawnattr_t		 at;
	sigset_t			 none;
	char				 conf[700];
	int				 p[2], rc, in;
	pid_t				 pid;
	bool				 wrap = access("/usr/bin/setpriv", X_OK) == 0;
	char				*argv[] = { "/usr/bin/setpriv", "--pdeathsig", "KILL", "--",
					    M.janus, "-C", conf, "-F", M.dir, "-o", NULL };

	janus_secrets(&M.setup);
	if (janus_config_write(&M.setup) == -1)
		return -1;
	snprintf(conf, sizeof(conf), "%s/janus.jcfg", M.dir);
	unlink(M.sock_path);
	if (pipe2(p, O_CLOEXEC) == -1)
		return -1;
	posix_spawn_file_actions_init(&fa);
	if (spawn_stdin_empty(&fa, &in) == -1) {
		posix_spawn_file_actions_destroy(&fa);
		close(p[0]);
		close(p[1]);
		return -1;
	}
	posix_spawn_file_actions_adddup2(&fa, p[1], 1);
	posix_spawn_file_actions_adddup2(&fa, p[1], 2);
	/* nothing of ours: the database and its lock, the listening socket */
	posix_spawn_file_actions_addclosefrom_np(&fa, 3);
	posix_spawnattr_init(&at);
	sigemptyset(&none);
	posix_spawnattr_setsigmask(&at, &none);
	posix_spawnattr_setpgroup(&at, 0);	/* a terminal's ^C is pobratim's to pass on */
	posix_spawnattr_setflags(&at, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETPGROUP);
	rc = posix_spawn(&pid, wrap ? argv[0] : M.janus, &fa, &at, wrap ? argv : argv + 4,
	    environ);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&at);
	close(in);
	close(p[1]);
	if (rc != 0) {
		log_err("media: cannot start '%s': %s", M.janus, strerror(rc));
		close(p[0]);
		return -1;
	}
	fcntl(p[0], F_SETFL, O_NONBLOCK);
	pthread_mutex_lock(&M.lock);
	M.pid = pid;
	M.out = p[0];
	M.linelen = 0;
	pthread_mutex_unlock(&M.lock);
	return 0;
}

/* The child gone: SIGTERM and a bounded wait first when `gently`, then SIGKILL. */
static void
end_child(bool gently)
{
	int64_t	deadline = now_ms() + STOP_WAIT_MS;

	if (M.pid == 0)
		return;
	if (!gently)	/* the socket broke: Janus is most likely exiting, let it say how */
		while (alive() && now_ms() < deadline - STOP_WAIT_MS + 200)
			poll(NULL, 0, 10);
	if (M.pid == 0)
		return;
	if (gently) {
		kill(M.pid, SIGTERM);
		while (alive() && now_ms() < deadline) {
			drain_output();
			poll(NULL, 0, 20);
		}
	}
	if (M.pid != 0) {
		if (gently)
			log_warn("media: Janus (pid %d) still runs %d ms after SIGTERM; killing it",
			    (int)M.pid, STOP_WAIT_MS);
		kill(M.pid, SIGKILL);
		waitpid(M.pid, NULL, 0);
		pthread_mutex_lock(&M.lock);
		M.pid = 0;
		pthread_mutex_unlock(&M.lock);
	}
	drain_output();
}

/* --- the connection: a WebSocket on Janus's Unix socket, served by the supervisor --- */

/*
 * A request waiting to be written, for the connection of one epoch. Calls
 * queue them (under send_lock) and wake the supervisor's lws loop, which
 * writes them when the socket can take them: lws is not called from other
 * threads, but for lws_cancel_service().
 */
struct outgoing {
	struct outgoing	*next;
	uint64_t	 epoch;
	size_t		 len;
	unsigned char	 buf[];		/* LWS_PRE bytes, then the text */
};

/* Queues text for the connection of epoch; 0, or -1 when that connection is gone. */
static int
send_text(const char *text, uint64_t epoch)
{
	size_t		 len = strlen(text);
	struct outgoing	*o = xmalloc(sizeof(*o) + LWS_PRE + len);
	int		 rc = -1;

	*o = (struct outgoing){ NULL, epoch, len };
	memcpy(o->buf + LWS_PRE, text, len);
	pthread_mutex_lock(&M.send_lock);
	if (M.ctx != NULL && M.conn_epoch == epoch) {
		*(M.out_tail != NULL ? &M.out_tail->next : &M.out_head) = o;
		M.out_tail = o;
		lws_cancel_service(M.ctx);
		o = NULL;
		rc = 0;
	}
	pthread_mutex_unlock(&M.send_lock);
	free(o);
	return rc;
}

static struct outgoing *
next_outgoing(void)
{
	struct outgoing	*o;

	pthread_mutex_lock(&M.send_lock);
	if ((o = M.out_head) != NULL && (M.out_head = o->next) == NULL)
		M.out_tail = NULL;
	pthread_mutex_unlock(&M.send_lock);
	return o;
}

static bool
has_outgoing(void)
{
	bool	r;

	pthread_mutex_lock(&M.send_lock);
	r = M.out_head != NULL;
	pthread_mutex_unlock(&M.send_lock);
	return r;
}

/* A whole message from Janus: our session's answer while opening, then routed. */
static void
received(const char *buf, size_t len)
{
	struct janus_msg	m;
	json_int_t		id;

	if (M.session != 0) {
		route(buf, len);
		return;
	}
	if (janus_msg_parse(buf, len, &m) == -1)
		return;
	id = json_integer_value(json_object_get(json_object_get(m.root, "data"), "id"));
	if (m.kind == JANUS_SUCCESS && text_eq(m.transaction, "session") && id > 0)
		M.session = (uint64_t)id;
	json_decref(m.root);
}

/* A piece of a message: assembled up to JANUS_MAX_MESSAGE, the rest dropped whole. */
static void
receive_piece(struct lws *wsi, const void *in, size_t len)
{
	if (!M.in_drop && M.in_len + len > JANUS_MAX_MESSAGE)
		M.in_drop = true;
	if (!M.in_drop) {
		memcpy(M.in + M.in_len, in, len);
		M.in_len += len;
	}
	if (!lws_is_final_fragment(wsi) || lws_remaining_packet_payload(wsi) > 0)
		return;
	if (M.in_drop)
		log_warn("media: dropped a message over %d bytes from Janus", JANUS_MAX_MESSAGE);
	else
		received(M.in, M.in_len);
	M.in_len = 0;
	M.in_drop = false;
}

/* Writes the first request waiting; asks to be called again while more wait. */
static int
write_one(struct lws *wsi)
{
	struct outgoing	*o = next_outgoing();
	int		 rc = 0;

	if (o != NULL && o->epoch == M.conn_epoch &&
	    lws_write(wsi, o->buf + LWS_PRE, o->len, LWS_WRITE_TEXT) < (int)o->len)
		rc = -1;	/* lws closes the connection */
	free(o);
	if (rc == 0 && has_outgoing())
		lws_callback_on_writable(wsi);
	return rc;
}

static int
janus_callback(struct lws *wsi, enum lws_callback_reasons reason, void *user, void *in,
    size_t len)
{
	(void)user;
	switch (reason) {
	case LWS_CALLBACK_CLIENT_ESTABLISHED:
		M.conn = CONN_OPEN;
		break;
	case LWS_CALLBACK_CLIENT_CONNECTION_ERROR:
	case LWS_CALLBACK_CLIENT_CLOSED:	/* there is one connection at a time */
		M.wsi = NULL;
		M.conn = CONN_CLOSED;
		break;
	case LWS_CALLBACK_CLIENT_RECEIVE:
		receive_piece(wsi, in, len);
		break;
	case LWS_CALLBACK_CLIENT_WRITEABLE:
		return write_one(wsi);
	case LWS_CALLBACK_EVENT_WAIT_CANCELLED:
		if (M.wsi != NULL && M.conn == CONN_OPEN && has_outgoing())
			lws_callback_on_writable(M.wsi);
		break;
	default:
		break;
	}
	return 0;
}

static const struct lws_protocols janus_protocols[] = {
	{ "janus-protocol", janus_callback, 0, 0, 0, NULL, 0 },
	{ NULL, NULL, 0, 0, 0, NULL, 0 }
};

/* Every TICK_US the lws loop wakes: Janus's output is logged, stops and deaths are seen. */
static void
tick(lws_sorted_usec_list_t *sul)
{
	drain_output();
	lws_sul_schedule(M.ctx, 0, sul, tick, TICK_US);
}

/* Serves the connection until done() holds, the deadline (0: none) passes, or we stop. */
static void
service_until(bool (*done)(void), int64_t deadline)
{
	while (!done() && !M.stopping && M.conn != CONN_CLOSED && alive() &&
	    (deadline == 0 || now_ms() < deadline))
		if (lws_service(M.ctx, 0) < 0)
			break;
}

static bool
conn_settled(void)
{
	return M.conn != CONN_OPENING;
}

static bool
session_open(void)
{
	return M.session != 0;
}

/* A WebSocket to Janus's socket, once; the lws context made first. 0 when open. */
static int
open_connection(void)
{
	struct lws_context_creation_info	info = { 0 };
	struct lws_client_connect_info		ci = { 0 };
	char					address[sizeof(M.sock_path) + 1];
	struct lws_context			*ctx = M.ctx;

	if (ctx == NULL) {
		info.port = CONTEXT_PORT_NO_LISTEN;
		info.protocols = janus_protocols;
		info.gid = info.uid = -1;
		if ((ctx = lws_create_context(&info)) == NULL)
			return -1;
		pthread_mutex_lock(&M.send_lock);
		M.ctx = ctx;
		pthread_mutex_unlock(&M.send_lock);
		memset(&M.tick, 0, sizeof(M.tick));	/* the last context's is gone */
		lws_sul_schedule(ctx, 0, &M.tick, tick, TICK_US);
	}
	snprintf(address, sizeof(address), "+%s", M.sock_path);	/* lws: a Unix socket */
	ci.context = ctx;
	ci.address = address;
	ci.path = "/";
	ci.host = ci.origin = "localhost";
	ci.protocol = janus_protocols[0].name;
	ci.pwsi = &M.wsi;
	M.conn = CONN_OPENING;
	if (lws_client_connect_via_info(&ci) == NULL)
		M.conn = CONN_CLOSED;
	service_until(conn_settled, now_ms() + SESSION_WAIT_MS);
	return M.conn == CONN_OPEN ? 0 : -1;
}

/* The connection and its context gone; requests still queued dropped. */
static void
close_connection(void)
{
	struct lws_context	*ctx;
	struct outgoing		*o;

	pthread_mutex_lock(&M.send_lock);
	ctx = M.ctx;
	M.ctx = NULL;
	M.conn_epoch = 0;
	while ((o = M.out_head) != NULL) {
		M.out_head = o->next;
		free(o);
	}
	M.out_tail = NULL;
	pthread_mutex_unlock(&M.send_lock);
	if (ctx != NULL)
		lws_context_destroy(ctx);
	M.wsi = NULL;
	M.conn = CONN_CLOSED;
	M.in_len = 0;
	M.in_drop = false;
}

/* Our session, asked on the fresh connection before anyone else may use it. */
static uint64_t
open_session(void)
{
	json_t	*req = json_pack("{s:s, s:s, s:s}", "janus", "create", "transaction", "session",
		    "apisecret", M.setup.api_secret);
	char	*text = json_dumps(req, JSON_COMPACT);

	json_decref(req);
	M.session = 0;
	pthread_mutex_lock(&M.send_lock);
	M.conn_epoch = UINT64_MAX;	/* the opening's own: no call's */
	pthread_mutex_unlock(&M.send_lock);
	if (text != NULL && send_text(text, UINT64_MAX) == 0)
		service_until(session_open, now_ms() + SESSION_WAIT_MS);
	free(text);
	return M.session;
}

/* Waits for the socket of the Janus just started; connects and opens a session. */
static int
connect_janus(void)
{
	int64_t		deadline = now_ms() + START_WAIT_MS;
	uint64_t	session;
	bool		open = false;

	while (!open && now_ms() < deadline && !M.stopping) {
		if (!alive())
			return -1;
		drain_output();
		if (access(M.sock_path, F_OK) == 0 && open_connection() == 0)
			open = true;
		else
			poll(NULL, 0, 50);
	}
	if (!open) {
		log_err("media: Janus did not open its socket within %d ms", START_WAIT_MS);
		close_connection();
		return -1;
	}
	/* the directory is ours alone (0700); the socket too */
	chmod(M.sock_path, 0600);
	if ((session = open_session()) == 0) {
		log_err("media: Janus did not open a session");
		close_connection();
		return -1;
	}
	pthread_mutex_lock(&M.send_lock);
	pthread_mutex_lock(&M.lock);
	M.epoch++;
	M.conn_epoch = M.epoch;
	M.ready = true;
	enqueue(NULL, M.epoch);
	pthread_mutex_unlock(&M.lock);
	pthread_mutex_unlock(&M.send_lock);
	log_info("media: Janus ready (pid %d, directory %s)", (int)M.pid, M.dir);
	return 0;
}

/* The connection is over: calls in flight fail, the connection closes. */
static void
disconnect(void)
{
	pthread_mutex_lock(&M.lock);
	M.ready = false;
	M.session = 0;
	for (size_t i = 0; i < MAX_PENDING; i++)
		if (M.pending[i].used)
			M.pending[i].done = true;
	pthread_cond_broadcast(&M.cv);
	pthread_mutex_unlock(&M.lock);
	close_connection();
}

static void
keepalive(void)
{
	json_t	*req = json_pack("{s:s, s:I, s:s, s:s}", "janus", "keepalive", "session_id",
		    (json_int_t)M.session, "transaction", "keepalive", "apisecret",
		    M.setup.api_secret);
	char	*text = json_dumps(req, JSON_COMPACT);

	if (text != NULL)
		send_text(text, M.epoch);
	free(text);
	json_decref(req);
}

static bool
keepalive_due(void)
{
	return now_ms() >= M.next_keepalive;
}

/* Serves what Janus sends until it or its connection goes away, or we stop. */
static void
serve(void)
{
	while (!M.stopping && M.conn == CONN_OPEN && alive()) {
		M.next_keepalive = now_ms() + KEEPALIVE_MS;
		service_until(keepalive_due, 0);
		if (keepalive_due())
			keepalive();
	}
}

/* Sleeps ms or until woken (a stop). */
static void
pause_ms(int64_t ms)
{
	struct pollfd	pfd = { M.wake[0], POLLIN, 0 };

	if (ms > 0)
		poll(&pfd, 1, ms > INT_MAX ? INT_MAX : (int)ms);
}

static void
remove_dir(void)
{
	static const char *const files[] = { "janus.jcfg", "janus.plugin.videoroom.jcfg",
		"janus.transport.websockets.jcfg", "api.sock", "plugins/libjanus_videoroom.so",
		"transports/libjanus_websockets.so", "plugins", "transports", "events", "loggers" };
	char	path[700];

	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", M.dir, files[i]);
		if (unlink(path) == -1 && errno == EISDIR)
			rmdir(path);
	}
	if (rmdir(M.dir) == -1 && errno != ENOENT)
		log_warn("media: cannot remove '%s': %s", M.dir, strerror(errno));
}

static void *
supervise(void *arg)
{
	int64_t	backoff = BACKOFF_MIN_MS, started;
	int	quick = 0;

	(void)arg;
	while (!M.stopping) {
		started = now_ms();
		if (spawn() == 0 && connect_janus() == 0) {
			quick = 0;
			serve();
			disconnect();
		} else if (M.pid == 0 && quick++ < QUICK_RETRIES) {
			/*
			 * Janus 1.1's Unix-socket transport starts its thread before
			 * marking itself initialized; when the thread runs first it
			 * ends at once and Janus exits ("No Janus API transport is
			 * available"). A race of its own, not a failure: again at once.
			 */
			log_info("media: Janus exited while starting; starting it again");
			continue;
		}
		if (M.stopping)
			break;
		end_child(false);
		if (now_ms() - started >= HEALTHY_MS)
			backoff = BACKOFF_MIN_MS;
		log_warn("media: Janus is down; starting it again in %lld ms", (long long)backoff);
		pause_ms(backoff);
		backoff = backoff * 2 > BACKOFF_MAX_MS ? BACKOFF_MAX_MS : backoff * 2;
	}
	disconnect();
	end_child(true);
	remove_dir();
	return NULL;
}

/* --- start and stop --- */

static void
files_dir_of(const char *files)
{
	char	cwd[PATH_MAX] = "";
	int	n;

	if (files == NULL || (files[0] != '/' && getcwd(cwd, sizeof(cwd)) == NULL))
		return;
	n = snprintf(M.files_dir, sizeof(M.files_dir), "%s%s%s", cwd, cwd[0] ? "/" : "", files);
	if (n < 0 || (size_t)n >= sizeof(M.files_dir))
		M.files_dir[0] = '\0';
}

int
media_start(const struct media_config *c, const struct media_handler *h)
{
	pthread_condattr_t	attr;
	char			err[160] = "";

	if (c->mode == MEDIA_MESH) {
		log_info("media: the mesh (--media mesh): browsers send their media to each other, "
		    "up to 4 people a room");
		return 0;
	}
	if (access(c->janus, X_OK) == -1 ||
	    janus_lib_dir(c->janus, M.lib, sizeof(M.lib)) == NULL) {
		log_write(c->mode == MEDIA_JANUS ? LOG_WARN : LOG_INFO, "media: Janus is not "
		    "installed ('%s' or its VideoRoom plugin is missing): rooms use the mesh, up to "
		    "4 people a room", c->janus);
		return 0;
	}
	M.cfg = *c;
	M.h = *h;
	snprintf(M.janus, sizeof(M.janus), "%s", c->janus);
	memset(&M.setup, 0, sizeof(M.setup));
	if (janus_ice_parse(c->ice_servers, &M.setup.ice, err, sizeof(err)) == -1) {
		log_err("media: --ice-servers: %s", err);
		return -1;
	}
	snprintf(M.dir, sizeof(M.dir), "/tmp/pobratim-janus-XXXXXX");
	if (mkdtemp(M.dir) == NULL) {
		log_err("media: cannot make a directory for Janus: %s", strerror(errno));
		return -1;
	}
	M.setup.dir = M.dir;
	M.setup.lib_dir = M.lib;
	M.setup.port_min = c->port_min;
	M.setup.port_max = c->port_max;
	M.setup.public_ip = c->public_ip;
	janus_socket_path(M.dir, M.sock_path, sizeof(M.sock_path));
	files_dir_of(c->files_dir);
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&M.cv, &attr);
	pthread_condattr_destroy(&attr);
	M.stopping = false;
	if (pipe2(M.wake, O_CLOEXEC | O_NONBLOCK) == -1 ||
	    pthread_create(&M.dispatcher, NULL, dispatch, NULL) != 0) {
		log_err("media: cannot start its threads");
		rmdir(M.dir);
		return -1;
	}
	if (pthread_create(&M.supervisor, NULL, supervise, NULL) != 0) {
		log_err("media: cannot start its threads");
		pthread_mutex_lock(&M.lock);
		M.stopping = true;
		pthread_cond_broadcast(&M.cv);
		pthread_mutex_unlock(&M.lock);
		pthread_join(M.dispatcher, NULL);
		rmdir(M.dir);
		return -1;
	}
	M.running = true;
	log_info("media: starting Janus ('%s', modules in %s, RTP ports %d-%d)", M.janus, M.lib,
	    c->port_min, c->port_max);
	return 0;
}

void
media_stop(void)
{
	if (!M.running)
		return;
	pthread_mutex_lock(&M.lock);
	M.stopping = true;
	pthread_cond_broadcast(&M.cv);
	pthread_mutex_unlock(&M.lock);
	if (write(M.wake[1], "x", 1) < 0)
		log_debug("media: cannot wake the supervisor");
	pthread_mutex_lock(&M.send_lock);
	if (M.ctx != NULL)
		lws_cancel_service(M.ctx);
	pthread_mutex_unlock(&M.send_lock);
	pthread_join(M.supervisor, NULL);
	pthread_join(M.dispatcher, NULL);
	close(M.wake[0]);
	close(M.wake[1]);
	M.wake[0] = M.wake[1] = -1;
	pthread_cond_destroy(&M.cv);
	sodium_memzero(&M.setup, sizeof(M.setup));
	M.running = false;
	log_info("media: Janus stopped");
}

/* --- state --- */

/* M.running is set before the server serves and cleared after it stopped. */
bool
media_configured(void)
{
	return M.running;
}

bool
media_ready(void)
{
	bool	r;

	pthread_mutex_lock(&M.lock);
	r = M.ready;
	pthread_mutex_unlock(&M.lock);
	return r;
}

uint64_t
media_epoch(void)
{
	uint64_t	e;

	pthread_mutex_lock(&M.lock);
	e = M.epoch;
	pthread_mutex_unlock(&M.lock);
	return e;
}

const char *
media_room_secret(void)
{
	return M.setup.admin_key;
}

const char *
media_files_dir(void)
{
	return M.files_dir[0] != '\0' ? M.files_dir : NULL;
}

pid_t
media_pid(void)
{
	pid_t	p;

	pthread_mutex_lock(&M.lock);
	p = M.pid;
	pthread_mutex_unlock(&M.lock);
	return p;
}

/* --- calls --- */

/*
 * Sends req (stolen) with the transaction, secret and session added; with
 * `wait`, waits for its answer and returns it (*out: the parsed message, its
 * root a new reference). -1 with *err set.
 */
static int
call(json_t *req, bool wait, struct janus_msg *out, const char **err)
{
	struct pending	*p = NULL;
	struct timespec	 until;
	uint64_t	 epoch;
	char		*text = NULL, tx[24];
	int		 rc = -1;

	pthread_mutex_lock(&M.lock);
	if (!M.ready) {
		pthread_mutex_unlock(&M.lock);
		json_decref(req);
		*err = "media_unavailable";
		return -1;
	}
	snprintf(tx, sizeof(tx), "%c%llu", wait ? 'c' : 'n', (unsigned long long)++M.next_tx);
	for (size_t i = 0; wait && i < MAX_PENDING && p == NULL; i++)
		if (!M.pending[i].used)
			p = &M.pending[i];
	if (wait && p == NULL) {
		pthread_mutex_unlock(&M.lock);
		json_decref(req);
		*err = "media_busy";
		return -1;
	}
	if (p != NULL) {
		memset(p, 0, sizeof(*p));
		p->used = true;
		snprintf(p->tx, sizeof(p->tx), "%s", tx);
	}
	epoch = M.epoch;
	json_object_set_new(req, "transaction", json_string(tx));
	json_object_set_new(req, "apisecret", json_string(M.setup.api_secret));
	json_object_set_new(req, "session_id", json_integer((json_int_t)M.session));
	pthread_mutex_unlock(&M.lock);

	text = json_dumps(req, JSON_COMPACT);
	json_decref(req);
	*err = "media_too_large";
	if (text != NULL && strlen(text) <= JANUS_MAX_REQUEST) {
		*err = "media_unavailable";
		rc = send_text(text, epoch);
	}
	free(text);
	if (p == NULL)
		return rc;

	pthread_mutex_lock(&M.lock);
	clock_gettime(CLOCK_MONOTONIC, &until);
	until.tv_sec += CALL_TIMEOUT_MS / 1000;
	while (rc == 0 && !p->done)
		if (pthread_cond_timedwait(&M.cv, &M.lock, &until) == ETIMEDOUT)
			break;
	if (rc == 0 && p->reply.root != NULL) {
		*out = p->reply;
		*err = NULL;
	} else if (rc == 0) {
		rc = -1;
		*err = p->done ? "media_unavailable" : "media_timeout";
	}
	p->used = false;
	pthread_mutex_unlock(&M.lock);
	return rc;
}

uint64_t
media_attach(const char **err)
{
	struct janus_msg	m;
	json_int_t		id;

	if (call(json_pack("{s:s, s:s}", "janus", "attach", "plugin", "janus.plugin.videoroom"),
	    true, &m, err) == -1)
		return 0;
	id = json_integer_value(json_object_get(json_object_get(m.root, "data"), "id"));
	if (m.kind != JANUS_SUCCESS || id <= 0) {
		log_warn("media: Janus refused a handle: %s", m.error ? m.error : "no id");
		json_decref(m.root);
		*err = "media_refused";
		return 0;
	}
	json_decref(m.root);
	return (uint64_t)id;
}

void
media_detach(uint64_t handle)
{
	const char	*err;

	if (handle != 0)
		call(json_pack("{s:s, s:I}", "janus", "detach", "handle_id", (json_int_t)handle),
		    false, NULL, &err);
}

json_t *
media_message(uint64_t handle, json_t *body, json_t *jsep, const char **err)
{
	struct janus_msg	 m;
	json_t			*req = json_pack("{s:s, s:I, s:o}", "janus", "message",
				    "handle_id", (json_int_t)handle, "body", body);

	if (jsep != NULL)
		json_object_set_new(req, "jsep", jsep);
	if (call(req, true, &m, err) == -1)
		return NULL;
	if (m.error != NULL || m.data == NULL) {
		log_warn("media: Janus refused a request: %s", m.error ? m.error : "no data");
		json_decref(m.root);
		*err = "media_refused";
		return NULL;
	}
	return m.root;
}

void
media_trickle(uint64_t handle, json_t *candidate)
{
	const char	*err;

	call(json_pack("{s:s, s:I, s:o}", "janus", "trickle", "handle_id", (json_int_t)handle,
	    "candidate", candidate), false, NULL, &err);
}

json_t *
media_data(json_t *msg)
{
	return json_object_get(json_object_get(msg, "plugindata"), "data");
}

json_t *
media_jsep(json_t *msg)
{
	return json_object_get(msg, "jsep");
}
