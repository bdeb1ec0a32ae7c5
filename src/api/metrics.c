/*
 * metrics: GET /metrics for Prometheus (the text exposition format) and
 * GET /api/v1/ready for load balancers and orchestrators.
 *
 * /metrics is outside the API and its route table: it is the server's, not
 * a resource, and takes no session. It is served to a loopback peer that no
 * proxy stands for (no X-Forwarded-For: a proxy on loopback passes on
 * requests of the whole Internet), or to whoever sends
 * "Authorization: Bearer" with --metrics-token. Anyone else gets 404 when no
 * token is set (beyond loopback the path does not exist) and 401 when one is.
 *
 * What is counted where: requests by route, latency, connections and the
 * workers' queue in src/http (a table per event loop); plain counters
 * (kept replies, database errors and waits, WebSockets, log lines) in
 * per-thread shards of src/base/metrics.c; rooms from the realtime hub; the
 * media server from its supervisor. Nothing is counted on the hot path with
 * a lock or a shared atomic.
 */
#include "api.h"

#include <dirent.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "../base/metrics.h"
#include "../media/media.h"
#include "realtime.h"
#include "../rt/rt.h"

#define METRICS_MAX	(16u << 20)	/* bytes of an exposition: far above any real one */
#define READY_DB_MS	1000		/* /ready waits this long for a locked database */

/* A loopback address: 127.0.0.0/8 or ::1 (peers are canonical: no ::ffff:). */
static bool
loopback(const char *addr)
{
	return strncmp(addr, "127.", 4) == 0 || strcmp(addr, "::1") == 0;
}

/* "Bearer <token>" naming the configured token; compared in constant time. */
static bool
token_ok(const char *header, const char *token)
{
	unsigned char	a[crypto_generichash_BYTES], b[crypto_generichash_BYTES];
	const char	*given;

	if (header == NULL || token == NULL || strncasecmp(header, "Bearer ", 7) != 0)
		return false;
	for (given = header + 7; *given == ' '; given++)
		;
	crypto_generichash(a, sizeof(a), (const unsigned char *)given, strlen(given), NULL, 0);
	crypto_generichash(b, sizeof(b), (const unsigned char *)token, strlen(token), NULL, 0);
	return sodium_memcmp(a, b, sizeof(a)) == 0;
}

static int
counter(struct buf *b, const char *name, const char *help, uint64_t v)
{
	return metrics_family(b, name, "counter", help) | metrics_sample_u64(b, name, NULL, v);
}

static int
gauge(struct buf *b, const char *name, const char *help, double v)
{
	return metrics_family(b, name, "gauge", help) | metrics_sample(b, name, NULL, v);
}

/* Resident memory and open descriptors, as Prometheus' process collector names them. */
static int
write_process(struct buf *b)
{
	long		 pages = 0;
	int		 fds = 0, rc = 0;
	FILE		*f;
	DIR		*d;
	struct dirent	*e;

	if ((f = fopen("/proc/self/statm", "r")) != NULL) {
		if (fscanf(f, "%*d %ld", &pages) != 1)
			pages = 0;
		fclose(f);
	}
	if ((d = opendir("/proc/self/fd")) != NULL) {
		while ((e = readdir(d)) != NULL)
			fds += e->d_name[0] != '.';
		closedir(d);
		fds--;		/* the directory's own */
	}
	rc |= gauge(b, "process_start_time_seconds", "start time of the process since the epoch",
	    metrics_start_time());
	rc |= gauge(b, "process_resident_memory_bytes", "resident memory",
	    (double)pages * (double)sysconf(_SC_PAGESIZE));
	rc |= gauge(b, "process_open_fds", "open file descriptors", fds);
	rc |= metrics_family(b, "pobratim_build_info", "gauge", "the version serving, always 1");
	rc |= metrics_sample(b, "pobratim_build_info", "version=\"" API_VERSION "\"", 1);
	return rc;
}

static int
write_app(struct buf *b)
{
	size_t		rooms = 0, in_rooms = 0, lobbies = 0, in_lobbies = 0;
	uint64_t	opened = metrics_total(METRIC_WS_OPENED);
	uint64_t	closed = metrics_total(METRIC_WS_CLOSED);
	int		rc = 0;

	if (ws_hub != NULL) {
		rt_channel_counts(ws_hub, "room:", &rooms, &in_rooms);
		rt_channel_counts(ws_hub, "lobby:", &lobbies, &in_lobbies);
	}
	rc |= metrics_family(b, "pobratim_kept_replies_total", "counter",
	    "requests of cached routes: answered from a kept reply (hit) or made anew (miss)");
	rc |= metrics_sample_u64(b, "pobratim_kept_replies_total", "result=\"hit\"",
	    metrics_total(METRIC_KEPT_HITS));
	rc |= metrics_sample_u64(b, "pobratim_kept_replies_total", "result=\"miss\"",
	    metrics_total(METRIC_KEPT_MISSES));
	rc |= gauge(b, "pobratim_websocket_connections", "WebSocket connections open",
	    (double)(opened >= closed ? opened - closed : 0));
	rc |= counter(b, "pobratim_websocket_connections_opened_total",
	    "WebSocket connections established", opened);
	rc |= gauge(b, "pobratim_rooms", "meeting rooms with someone in them", (double)rooms);
	rc |= metrics_family(b, "pobratim_room_participants", "gauge",
	    "connections in meeting rooms, and waiting in their lobbies");
	rc |= metrics_sample(b, "pobratim_room_participants", "place=\"room\"", (double)in_rooms);
	rc |= metrics_sample(b, "pobratim_room_participants", "place=\"lobby\"", (double)in_lobbies);
	rc |= counter(b, "pobratim_db_errors_total",
	    "database statements (and opens) that failed, conflicts aside",
	    metrics_total(METRIC_DB_ERRORS));
	rc |= counter(b, "pobratim_db_busy_waits_total",
	    "statements that had to wait for another connection's lock",
	    metrics_total(METRIC_DB_BUSY_WAITS));
	rc |= metrics_family(b, "pobratim_db_busy_wait_seconds_total", "counter",
	    "time spent waiting for other connections' locks");
	rc |= metrics_sample(b, "pobratim_db_busy_wait_seconds_total", NULL,
	    (double)metrics_total(METRIC_DB_BUSY_WAIT_US) / 1e6);
	rc |= gauge(b, "pobratim_media_server_configured",
	    "1 when rooms use the media server (Janus), 0 for the mesh", media_configured());
	rc |= gauge(b, "pobratim_media_server_up",
	    "1 when the media server is up and connected", media_configured() && media_ready());
	rc |= metrics_family(b, "pobratim_log_lines_total", "counter",
	    "lines logged at level error and warn");
	rc |= metrics_sample_u64(b, "pobratim_log_lines_total", "level=\"error\"",
	    metrics_total(METRIC_LOG_ERRORS));
	rc |= metrics_sample_u64(b, "pobratim_log_lines_total", "level=\"warn\"",
	    metrics_total(METRIC_LOG_WARNINGS));
	return rc;
}

static void
release_buf(void *p)
{
	free(p);
}

/* http_config.metrics: GET /metrics, on a worker */
int
api_metrics(struct http_request *req)
{
	const char	*token = api_settings(req)->metrics_token;
	struct buf	 b = BUF_INIT(METRICS_MAX);
	char		*body;
	size_t		 len;

	if (!(loopback(req->peer) && !req->forwarded) && !token_ok(req->authorization, token)) {
		if (token == NULL) {
			api_problem(req, 404, "not_found", "no such path");
			return -1;
		}
		http_header(req, "www-authenticate", "Bearer realm=\"pobratim metrics\"");
		api_problem(req, 401, "metrics_unauthorized",
		    "send Authorization: Bearer with the metrics token");
		return -1;
	}
	if (req->method != HTTP_GET && req->method != HTTP_HEAD) {
		http_header(req, "allow", "GET, HEAD");
		api_problem(req, 405, "method_not_allowed", "the metrics are read with GET");
		return -1;
	}
	if (http_server_metrics(req->server, &b) == -1 || write_app(&b) != 0 ||
	    write_process(&b) != 0) {
		buf_release(&b);
		api_problem(req, 500, "internal", "the metrics do not fit");
		return -1;
	}
	body = buf_detach(&b, &len);
	arena_defer(&req->arena, release_buf, body);
	http_header(req, "cache-control", "no-store");
	http_reply_shared(req, 200, "text/plain; version=0.0.4; charset=utf-8", body, len);
	return 0;
}

/*
 * GET /ready: the database answers a trivial query on this worker's
 * connection (within READY_DB_MS), and the media server is up, or not
 * configured (rooms use the mesh). 503 problem+json saying which is not.
 */
int
api_ready(struct http_request *req)
{
	bool		 db_up = db_ping(api_db(req), READY_DB_MS) == DB_OK;
	const char	*media = !media_configured() ? "not_configured" :
			    media_ready() ? "up" : "down";
	json_t		*checks;

	checks = json_pack("{s:{s:s}, s:{s:s}}", "database", "status", db_up ? "up" : "down",
	    "media_server", "status", media);
	http_header(req, "cache-control", "no-store");
	if (db_up && strcmp(media, "down") != 0) {
		api_reply_json(req, 200, json_pack("{s:s, s:o}", "status", "ready", "checks", checks));
		return 0;
	}
	api_problem_with(req, 503, "not_ready", !db_up ? "the database cannot be read" :
	    "the media server is down", json_pack("{s:o}", "checks", checks));
	return -1;
}
