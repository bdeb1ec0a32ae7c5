/*
 * metrics: the process's counters for GET /metrics, and the writer of the
 * Prometheus text exposition format (version 0.0.4).
 *
 * Counters are kept per thread: each thread adds to a shard of its own
 * (allocated at its first count, never freed, listed for the reader), so
 * counting is a load and a store on memory no other thread writes: no lock,
 * no bus-locked instruction, no cache line shared between the hot paths.
 * metrics_total() sums the shards. A total is exact once the counts made
 * before the read are visible (relaxed atomics: a count in flight may show
 * at the next scrape).
 *
 * What is not a plain count (requests by route, queue depth, rooms) is
 * kept where it lives (http, rt, api) and only written out here.
 */
#ifndef BASE_METRICS_H
#define BASE_METRICS_H

#include <stdint.h>

#include "buf.h"

enum metric {
	METRIC_KEPT_HITS,		/* a kept reply served */
	METRIC_KEPT_MISSES,		/* a cached route whose reply had to be made */
	METRIC_DB_ERRORS,		/* a statement or an open that failed (not a conflict) */
	METRIC_DB_BUSY_WAITS,		/* a statement that waited for another writer */
	METRIC_DB_BUSY_WAIT_US,		/* microseconds slept waiting */
	METRIC_WS_OPENED,		/* WebSocket connections established */
	METRIC_WS_CLOSED,		/* ... and closed */
	METRIC_LOG_ERRORS,		/* lines logged at level error */
	METRIC_LOG_WARNINGS,		/* ... at level warn */
	METRIC_N
};

/* Adds n to m on the calling thread's shard. */
void		metrics_add(enum metric m, uint64_t n);
#define metrics_count(m)	metrics_add((m), 1)
/* The sum of every thread's shard. */
uint64_t	metrics_total(enum metric m);
/* The process's start, seconds since the epoch (set by metrics_start). */
double		metrics_start_time(void);
void		metrics_start(void);

/*
 * The text format. A family begins with its HELP and TYPE lines; then
 * samples, labels as written ("route=\"/x\",code=\"200\"", NULL for none:
 * values must be escaped with metrics_label). All return 0 or -1 when b is
 * full.
 */
int	metrics_family(struct buf *b, const char *name, const char *type, const char *help);
int	metrics_sample(struct buf *b, const char *name, const char *labels, double value);
int	metrics_sample_u64(struct buf *b, const char *name, const char *labels, uint64_t value);
/* value as a label value ("..." inside the quotes): \ " and newline escaped, into out. */
void	metrics_label(const char *value, char *out, size_t cap);

#endif
