/*
 * stats: requests by route and status, and their latency, for GET /metrics.
 *
 * Each event loop keeps a table of its own (a row per route of the table,
 * and rows for static files, API paths no route matched, and the metrics
 * path), written only by the loop's thread when a reply is done: a relaxed
 * load and store per counter, no lock, no bus-locked instruction, nothing
 * shared with the other loops. The reader (a worker answering /metrics)
 * sums the loops' tables with relaxed loads: a request finishing meanwhile
 * shows at the next scrape. Labels are the route table's patterns, never
 * the raw path, so the number of series is bounded by the table.
 */
#include "http_internal.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/alloc.h"
#include "../base/metrics.h"

/* The statuses counted by their own label; any other counts as "other". */
static const int codes[] = {
	101, 200, 201, 204, 206, 301, 302, 303, 304, 307, 308, 400, 401, 403, 404, 405, 406,
	409, 410, 412, 413, 415, 416, 422, 429, 500, 501, 502, 503, 504,
};
#define NCODES	(sizeof(codes) / sizeof(codes[0]))

/* Upper bounds of the latency buckets, in µs (Prometheus' le is in seconds). */
static const int64_t bounds_us[] = {
	500, 1000, 2500, 5000, 10000, 25000, 50000, 100000, 250000, 500000, 1000000, 2500000,
	5000000, 10000000,
};
#define NBOUNDS	(sizeof(bounds_us) / sizeof(bounds_us[0]))

struct stats_row {
	_Atomic uint64_t	 by_code[NCODES + 1];	/* + other */
	_Atomic uint64_t	 bucket[NBOUNDS + 1];	/* not cumulative; + past the last bound */
	_Atomic uint64_t	 sum_us;
};

struct http_stats {
	size_t			 nrows;
	struct stats_row	 rows[];
};

struct http_stats *
stats_new(size_t nroutes)
{
	struct http_stats	*s = xcalloc(1, sizeof(*s) +
	    (nroutes + STATS_EXTRA) * sizeof(struct stats_row));

	s->nrows = nroutes + STATS_EXTRA;
	return s;
}

void
stats_free(struct http_stats *s)
{
	free(s);
}

/* The only writer of the counter: a plain load and store. */
static void
bump(_Atomic uint64_t *c, uint64_t n)
{
	atomic_store_explicit(c, atomic_load_explicit(c, memory_order_relaxed) + n,
	    memory_order_relaxed);
}

static size_t
code_index(int status)
{
	for (size_t i = 0; i < NCODES; i++)
		if (codes[i] == status)
			return i;
	return NCODES;
}

void
stats_record(struct http_stats *s, size_t row, int status, int64_t us)
{
	struct stats_row	*r;
	size_t			 b = 0;

	if (s == NULL || row >= s->nrows)
		return;
	r = &s->rows[row];
	if (us < 0)
		us = 0;
	while (b < NBOUNDS && us > bounds_us[b])
		b++;
	bump(&r->by_code[code_index(status)], 1);
	bump(&r->bucket[b], 1);
	bump(&r->sum_us, (uint64_t)us);
}

/* The route label and method of a row ("-" for rows that take any method). */
static void
row_names(const struct http_server *srv, size_t row, char *route, size_t cap,
    const char **method)
{
	const struct http_config	*cfg = &srv->cfg;
	char				 raw[512];

	*method = "-";
	if (row < cfg->nroutes) {
		snprintf(raw, sizeof(raw), "%s%s", cfg->api_prefix, cfg->routes[row].pattern);
		*method = http_method_name(cfg->routes[row].method);
	} else if (row == cfg->nroutes + STATS_STATIC)
		snprintf(raw, sizeof(raw), "(static)");
	else if (row == cfg->nroutes + STATS_UNMATCHED)
		snprintf(raw, sizeof(raw), "(unmatched)");
	else
		snprintf(raw, sizeof(raw), "%s", cfg->metrics_path ? cfg->metrics_path : "(metrics)");
	metrics_label(raw, route, cap);
}

/* One row summed over the loops. */
static void
row_sum(const struct http_server *srv, size_t row, uint64_t *by_code, uint64_t *bucket,
    uint64_t *sum_us)
{
	memset(by_code, 0, (NCODES + 1) * sizeof(*by_code));
	memset(bucket, 0, (NBOUNDS + 1) * sizeof(*bucket));
	*sum_us = 0;
	for (size_t l = 0; l < srv->nloops; l++) {
		const struct stats_row	*r;

		if (srv->loops[l].stats == NULL)
			continue;
		r = &srv->loops[l].stats->rows[row];
		for (size_t i = 0; i <= NCODES; i++)
			by_code[i] += atomic_load_explicit(&r->by_code[i], memory_order_relaxed);
		for (size_t i = 0; i <= NBOUNDS; i++)
			bucket[i] += atomic_load_explicit(&r->bucket[i], memory_order_relaxed);
		*sum_us += atomic_load_explicit(&r->sum_us, memory_order_relaxed);
	}
}

static int
write_requests(const struct http_server *srv, struct buf *b)
{
	size_t		 nrows = srv->cfg.nroutes + STATS_EXTRA;
	uint64_t	 by_code[NCODES + 1], bucket[NBOUNDS + 1], sum_us, n, cum;
	char		 route[600], labels[800];
	const char	*method;
	int		 rc = 0;

	rc |= metrics_family(b, "pobratim_http_requests_total", "counter",
	    "HTTP requests answered, by route (the route table's pattern) and status");
	for (size_t row = 0; row < nrows; row++) {
		row_sum(srv, row, by_code, bucket, &sum_us);
		row_names(srv, row, route, sizeof(route), &method);
		for (size_t i = 0; i <= NCODES; i++) {
			char	code[16];

			if (by_code[i] == 0)
				continue;
			if (i < NCODES)
				snprintf(code, sizeof(code), "%d", codes[i]);
			else
				snprintf(code, sizeof(code), "other");
			snprintf(labels, sizeof(labels), "route=\"%s\",method=\"%s\",code=\"%s\"",
			    route, method, code);
			rc |= metrics_sample_u64(b, "pobratim_http_requests_total", labels,
			    by_code[i]);
		}
	}
	rc |= metrics_family(b, "pobratim_http_request_duration_seconds", "histogram",
	    "time from a request's headers to the last byte of its reply, by route");
	for (size_t row = 0; row < nrows; row++) {
		row_sum(srv, row, by_code, bucket, &sum_us);
		n = 0;
		for (size_t i = 0; i <= NBOUNDS; i++)
			n += bucket[i];
		if (n == 0)
			continue;
		row_names(srv, row, route, sizeof(route), &method);
		cum = 0;
		for (size_t i = 0; i <= NBOUNDS; i++) {
			char	le[32];

			cum += bucket[i];
			if (i < NBOUNDS)
				snprintf(le, sizeof(le), "%g", (double)bounds_us[i] / 1e6);
			else
				snprintf(le, sizeof(le), "+Inf");
			snprintf(labels, sizeof(labels), "route=\"%s\",method=\"%s\",le=\"%s\"",
			    route, method, le);
			rc |= metrics_sample_u64(b, "pobratim_http_request_duration_seconds_bucket",
			    labels, cum);
		}
		snprintf(labels, sizeof(labels), "route=\"%s\",method=\"%s\"", route, method);
		rc |= metrics_sample(b, "pobratim_http_request_duration_seconds_sum", labels,
		    (double)sum_us / 1e6);
		rc |= metrics_sample_u64(b, "pobratim_http_request_duration_seconds_count", labels, n);
	}
	return rc;
}

int
http_server_metrics(struct http_server *srv, struct buf *b)
{
	struct pool_stats	ps;
	int			conns = 0, rc;

	for (size_t l = 0; l < srv->nloops; l++)
		conns += atomic_load_explicit(&srv->loops[l].conns, memory_order_relaxed);
	pool_stats(srv->pool, &ps);
	rc = write_requests(srv, b);
	rc |= metrics_family(b, "pobratim_http_connections", "gauge",
	    "TCP connections open (HTTP and WebSocket)");
	rc |= metrics_sample(b, "pobratim_http_connections", NULL, conns);
	rc |= metrics_family(b, "pobratim_worker_queue_depth", "gauge",
	    "requests and WebSocket events waiting for a worker");
	rc |= metrics_sample(b, "pobratim_worker_queue_depth", NULL, ps.queued);
	rc |= metrics_family(b, "pobratim_workers_busy", "gauge", "workers at a job now");
	rc |= metrics_sample(b, "pobratim_workers_busy", NULL, ps.busy);
	rc |= metrics_family(b, "pobratim_workers", "gauge", "worker threads (--workers)");
	rc |= metrics_sample(b, "pobratim_workers", NULL, ps.workers);
	rc |= metrics_family(b, "pobratim_event_loops", "gauge", "event loops (--io-threads)");
	rc |= metrics_sample(b, "pobratim_event_loops", NULL, (double)srv->nloops);
	return rc;
}
