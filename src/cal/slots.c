/*
 * slots: the slot finder. Every candidate start is read in each city's zone
 * (so a DST change inside the range moves local times as it should) and
 * costed in minutes outside that city's working hours, weekend days counting
 * whole. Not a solver: a scan at a fixed step over a bounded range.
 */
#include "cal.h"

#include <string.h>

#define MIN(a, b)	((a) < (b) ? (a) : (b))
#define MAX(a, b)	((a) > (b) ? (a) : (b))

/*
 * The farthest a stretch [x0, x1] of the night [n0, n1) (between two working
 * days) lies from working time: a meeting at 03:00 is worse than one at 19:00.
 */
static int
night_reach(int x0, int x1, int n0, int n1)
{
	int	p = (n0 + n1) / 2;

	if (x0 <= p && p <= x1)
		return MIN(p - n0, n1 - p);
	return MAX(MIN(x0 - n0, n1 - x0), MIN(x1 - n0, n1 - x1));
}

/* Adds the part [lo, hi) of day `day` (minutes after local midnight of day 0). */
static void
part(const struct cal_city *c, int wday, int day, int lo, int hi, struct cal_burden *b)
{
	int	ds = day * 1440, ws = ds + c->work_start, we = ds + c->work_end;
	int	a = lo > ws ? lo : ws, z = hi < we ? hi : we, r = 0;

	if (c->weekend & (1u << wday)) {
		b->weekend += hi - lo;
		b->outside += hi - lo;
		r = CAL_WEEKEND_REACH;
	} else {
		b->outside += (hi - lo) - (z > a ? z - a : 0);
		if (lo < ws)	/* the night before: last evening to this morning */
			r = night_reach(lo, MIN(hi, ws), we - 1440, ws);
		if (hi > we)	/* the night after */
			r = MAX(r, night_reach(MAX(lo, we), hi, we, ws + 1440));
	}
	b->reach = MAX(b->reach, r);
}

/* The burden of [s, s + dur) local minutes, starting on weekday wday. */
static void
burden(const struct cal_city *c, const struct cal_local *l, int dur, struct cal_burden *b)
{
	int	s = l->hour * 60 + l->minute, e = s + dur;

	b->outside = b->weekend = b->reach = 0;
	for (int day = 0; day * 1440 < e; day++) {
		int	lo = MAX(s, day * 1440), hi = MIN(e, day * 1440 + 1440);

		if (hi > lo)
			part(c, (l->wday + day) % 7, day, lo, hi, b);
	}
}

void
cal_slot_eval(const struct cal_slot_query *q, time_t start, struct cal_slot *out)
{
	memset(out, 0, sizeof(*out));
	out->start = start;
	for (size_t i = 0; i < q->ncities; i++) {
		struct cal_burden	*b = &out->city[i];

		if (cal_tz_local(q->cities[i].tzid, start, &b->start) == -1 ||
		    cal_tz_local(q->cities[i].tzid, start + q->duration * 60, &b->end) == -1) {
			b->outside = q->duration;
			b->reach = CAL_WEEKEND_REACH;
		} else
			burden(&q->cities[i], &b->start, q->duration, b);
		out->total += b->outside;
		if (b->reach > out->worst)
			out->worst = b->reach;
	}
}

static bool
better(const struct cal_slot *a, const struct cal_slot *b)
{
	if (a->worst != b->worst)
		return a->worst < b->worst;
	if (a->total != b->total)
		return a->total < b->total;
	return a->start < b->start;
}

size_t
cal_slots_find(const struct cal_slot_query *q, struct cal_slot *out)
{
	size_t		n = 0;
	struct cal_slot	s;
	time_t		first = q->from - q->from % (q->step * 60);

	if (first < q->from)
		first += q->step * 60;
	for (time_t t = first; t + q->duration * 60 <= q->to; t += q->step * 60) {
		size_t	i;

		cal_slot_eval(q, t, &s);
		if (n == q->limit && !better(&s, &out[n - 1]))
			continue;
		i = n < q->limit ? n++ : n - 1;
		while (i > 0 && better(&s, &out[i - 1])) {
			out[i] = out[i - 1];
			i--;
		}
		out[i] = s;
	}
	return n;
}

void
cal_slots_rotate(const struct cal_slot *cand, size_t n, size_t ncities, size_t count,
    size_t *pick)
{
	int	acc[CAL_MAX_CITIES] = { 0 };

	for (size_t k = 0; k < count; k++) {
		size_t	best = 0;
		int	best_max = -1, best_sum = 0;

		for (size_t j = 0; j < n; j++) {
			int	mx = 0, sum = 0;

			for (size_t c = 0; c < ncities; c++) {
				int v = acc[c] + cand[j].city[c].reach;

				if (v > mx)
					mx = v;
				sum += v;
			}
			if (best_max < 0 || mx < best_max || (mx == best_max && sum < best_sum)) {
				best = j;
				best_max = mx;
				best_sum = sum;
			}
		}
		pick[k] = best;
		for (size_t c = 0; c < ncities; c++)
			acc[c] += cand[best].city[c].reach;
	}
}
