/*
 * metrics: per-thread counter shards and the text exposition format.
 * See metrics.h for why shards and not one atomic per counter.
 */
#include "metrics.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "alloc.h"

struct shard {
	_Atomic uint64_t	 v[METRIC_N];
	struct shard		*next;	/* written once, before the shard is listed */
};

static _Atomic(struct shard *)	 shards;
static _Thread_local struct shard *mine;
static double			 started;

static struct shard *
shard_new(void)
{
	struct shard	*s = xcalloc(1, sizeof(*s));

	s->next = atomic_load_explicit(&shards, memory_order_relaxed);
	while (!atomic_compare_exchange_weak_explicit(&shards, &s->next, s,
	    memory_order_release, memory_order_relaxed))
		;
	return s;
}

void
metrics_add(enum metric m, uint64_t n)
{
	struct shard	*s = mine;

	if (s == NULL)
		s = mine = shard_new();
	/* the only writer of this shard: a plain load and store, no lock prefix */
	atomic_store_explicit(&s->v[m], atomic_load_explicit(&s->v[m], memory_order_relaxed) + n,
	    memory_order_relaxed);
}

uint64_t
metrics_total(enum metric m)
{
	uint64_t	sum = 0;

	for (struct shard *s = atomic_load_explicit(&shards, memory_order_acquire); s != NULL;
	    s = s->next)
		sum += atomic_load_explicit(&s->v[m], memory_order_relaxed);
	return sum;
}

void
metrics_start(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	started = (double)ts.tv_sec + (double)(ts.tv_nsec / 1000000) / 1000;
}

double
metrics_start_time(void)
{
	return started;
}

int
metrics_family(struct buf *b, const char *name, const char *type, const char *help)
{
	return buf_printf(b, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

int
metrics_sample(struct buf *b, const char *name, const char *labels, double value)
{
	return buf_printf(b, "%s%s%s%s %.10g\n", name, labels ? "{" : "", labels ? labels : "",
	    labels ? "}" : "", value);
}

int
metrics_sample_u64(struct buf *b, const char *name, const char *labels, uint64_t value)
{
	return buf_printf(b, "%s%s%s%s %llu\n", name, labels ? "{" : "", labels ? labels : "",
	    labels ? "}" : "", (unsigned long long)value);
}

void
metrics_label(const char *value, char *out, size_t cap)
{
	size_t	o = 0;

	if (cap == 0)
		return;
	for (const char *p = value; *p != '\0'; p++) {
		const char	*esc = *p == '\\' ? "\\\\" : *p == '"' ? "\\\"" : *p == '\n' ? "\\n" : NULL;
		size_t		 k = esc ? 2 : 1;

		if (o + k >= cap)
			break;
		if (esc)
			memcpy(out + o, esc, 2);
		else
			out[o] = *p;
		o += k;
	}
	out[o] = '\0';
}
