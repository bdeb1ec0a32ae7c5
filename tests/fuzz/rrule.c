/*
 * rrule: a recurrence rule as a client may send it, with the series' start
 * and zone: "START\nZONE\nRULE" (START an RFC 3339 UTC time; a line that does
 * not parse takes 2024-03-25T09:00:00Z or Europe/Berlin). cal_rrule_check
 * and cal_expand must answer in bounded time whatever the rule (libical
 * alone spends hours on some), and agree with each other:
 *  - a check takes under CHECK_MS of CPU time, an expansion under EXPAND_MS;
 *  - a rule that passes has a normal form that passes again unchanged, and
 *    its series begins at the start;
 *  - an expansion is sorted, inside its range, never longer than asked, and
 *    a range that begins later gives the same dates from there on.
 */
#include <stdio.h>
#include <time.h>

#include "fuzz.h"
#include "../../src/base/arena.h"
#include "../../src/base/text.h"
#include "../../src/cal/cal.h"

#define CHECK_MS	1000	/* of CPU time: a few ms in practice; generous for ASan */
#define EXPAND_MS	1500
#define MAX		64
#define DAY		86400

/* CPU time, which a loaded machine does not stretch as it does the clock */
static void
cpu_now(struct timespec *t)
{
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, t);
}

static long
ms_since(const struct timespec *t0)
{
	struct timespec	t;

	cpu_now(&t);
	return (t.tv_sec - t0->tv_sec) * 1000 + (t.tv_nsec - t0->tv_nsec) / 1000000;
}

/* Expands in [from, to); checks the bounds every expansion keeps. */
static int
expand(const char *rule, const char *zone, time_t start, time_t from, time_t to, time_t *out,
    size_t *n, bool *exhausted)
{
	struct cal_budget	b;
	struct timespec		t0;
	int			rc;

	cal_budget_init(&b, 20000, 1000);
	cpu_now(&t0);
	rc = cal_expand(rule, zone, start, NULL, 0, from, to, out, MAX, n, &b);
	FUZZ_ASSERT(ms_since(&t0) < EXPAND_MS);
	FUZZ_ASSERT(rc == 0 || rc == -1);
	FUZZ_ASSERT(*n <= MAX);
	for (size_t i = 0; i < *n; i++) {
		FUZZ_ASSERT(out[i] >= from && out[i] < to);
		FUZZ_ASSERT(i == 0 || out[i] > out[i - 1]);
	}
	*exhausted = b.exhausted;
	return rc;
}

/* The dates from mid on are those of the whole range from mid on. */
static void
check_later_range(const char *rule, const char *zone, time_t start)
{
	time_t	all[MAX], tail[MAX], mid = start + 100 * DAY, to = start + 400 * DAY;
	size_t	n, m, k = 0;
	bool	ex1, ex2;

	if (expand(rule, zone, start, start, to, all, &n, &ex1) == -1 ||
	    expand(rule, zone, start, mid, to, tail, &m, &ex2) == -1 || ex1 || ex2 || n == MAX)
		return;
	while (k < n && all[k] < mid)
		k++;
	FUZZ_ASSERT(n - k == m);
	for (size_t i = 0; i < m; i++)
		FUZZ_ASSERT(all[k + i] == tail[i]);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char			*in = fuzz_str(data, size), *zone, *rule;
	const char		*tz = "Europe/Berlin";
	struct arena		 a = ARENA_INIT;
	struct cal_rrule	 r, again;
	enum cal_rrule_verdict	 v;
	struct timespec		 t0;
	time_t			 start = 1711357200, out[MAX];
	size_t			 n;
	bool			 ex;

	if ((zone = strchr(in, '\n')) == NULL || (rule = strchr(zone + 1, '\n')) == NULL)
		goto out;
	*zone++ = '\0';
	*rule++ = '\0';
	if (text_time_parse(in, &start) == -1)
		start = 1711357200;
	if (zone[0] != '\0' && cal_tz_known(zone))
		tz = zone;

	cpu_now(&t0);
	v = cal_rrule_check(&a, rule, tz, start, &r);
	FUZZ_ASSERT(ms_since(&t0) < CHECK_MS);
	FUZZ_ASSERT(v >= CAL_RRULE_OK && v <= CAL_RRULE_START);
	/* whatever the verdict, an expansion of the rule as stored is bounded */
	expand(rule, tz, start, start, start + 400 * DAY, out, &n, &ex);
	if (v != CAL_RRULE_OK) {
		FUZZ_ASSERT(r.why != NULL && r.text == NULL);
		FUZZ_ASSERT(v != CAL_RRULE_START || r.first > start);
		goto out;
	}
	FUZZ_ASSERT(r.why == NULL && r.text != NULL && strlen(r.text) > 5);
	/* the normal form is a fixed point */
	if (strlen(r.text) <= CAL_RRULE_MAX_LEN) {
		FUZZ_ASSERT(cal_rrule_check(&a, r.text, tz, start, &again) == CAL_RRULE_OK);
		FUZZ_ASSERT(strcmp(again.text, r.text) == 0);
	}
	/* the series begins at its start */
	FUZZ_ASSERT(expand(r.text, tz, start, start, start + 400 * DAY, out, &n, &ex) == 0);
	FUZZ_ASSERT(n > 0 && out[0] == start);
	check_later_range(r.text, tz, start);
out:
	arena_release(&a);
	free(in);
	return 0;
}
