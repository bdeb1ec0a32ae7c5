/*
 * rrule: recurrence rules of meeting series (RFC 5545 RRULE), checked,
 * brought to a normal form and expanded with libical in bounded time. Not
 * the iCalendar output (ical.c).
 *
 * libical 3.0 (Debian 12) bounds nothing a server can live with:
 * icalrecur_iterator_next() walks second by second up to the year 2582 for a
 * SECONDLY rule that never matches (hours), and for a MONTHLY or YEARLY rule
 * whose periods have no date, icalrecur_iterator_new() and _next() expand
 * month after month up to the year 20000 (seconds), whatever UNTIL says. So
 * no libical call here meets such a rule:
 *
 *  - only DAILY to YEARLY without BYHOUR, BYMINUTE, BYSECOND: a date a day
 *    at most, so a DAILY or WEEKLY walk is one day a step;
 *  - UNTIL is cut to the end of the range wanted, which ends such a walk;
 *  - a MONTHLY or YEARLY rule goes to libical only when the period of its
 *    start (the start's month or year) has a date, worked out here the way
 *    libical expands a period (period_expand). The calendar repeats every
 *    400 years (146097 days, a whole number of weeks) and the periods a rule
 *    visits (start + n * INTERVAL) repeat with it, so a period with a date
 *    comes round within 4800 months or 400 years: one step of the iterator
 *    expands that many periods at most;
 *  - and a budget (steps and a deadline) bounds a whole expansion.
 *
 * A save asks more (cal_rrule_check): the start must be the first date, so
 * that every client counts the same series (RFC 5545 leaves a start outside
 * the rule undefined: libical skips it, others add it).
 */
#include "cal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cal_internal.h"

#define END	ICAL_RECURRENCE_ARRAY_MAX
#define MIN_YEAR	1970
#define MAX_YEAR	2500		/* libical gives no dates after 2582 */
/* the same, as instants (a day's margin for zones): looked at before any conversion,
 * which for a far year costs libical tens of milliseconds each time */
#define MIN_TIME	((time_t)86400)
#define MAX_TIME	((time_t)16756761600 - 86400)	/* 2501-01-01T00:00:00Z */

/* --- the Gregorian calendar --- */

static bool
leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
month_days(int y, int m)
{
	static const int	days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	return m == 2 && leap(y) ? 29 : days[m - 1];
}

static int
year_day(int y, int m, int d)
{
	for (int i = 1; i < m; i++)
		d += month_days(y, i);
	return d;
}

/* 1 Sunday .. 7 Saturday, as libical's BYDAY (Sakamoto's method). */
static int
week_day(int y, int m, int d)
{
	static const int	t[] = { 0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4 };

	if (m < 3)
		y--;
	return (y + y / 4 - y / 100 + y / 400 + t[m - 1] + d) % 7 + 1;
}

/* --- one period, expanded as libical 3.0 expands it --- */

/*
 * The dates of a MONTHLY rule's month or a YEARLY rule's year, by day of the
 * year. total is what libical counts for BYSETPOS: BYMONTHDAY entries, not
 * days, when BYDAY is not given (a day named twice counts twice).
 */
struct period {
	bool	day[367];
	int	total;
};

static bool
has(const short *by)
{
	return by[0] != END;
}

static bool
listed(const short *by, size_t size, int v)
{
	for (size_t i = 0; i < size && by[i] != END; i++)
		if (by[i] == v)
			return true;
	return false;
}

#define LISTED(by, v)	listed(by, sizeof(by) / sizeof(by[0]), v)

/* BYMONTHDAY (or the start's day) in month m: expand_bymonth_days */
static int
month_days_add(const struct icalrecurrencetype *r, int d0, int y, int m, struct period *p)
{
	int	off = year_day(y, m, 1) - 1, dim = month_days(y, m), n = 0;
	short	only[2] = { (short)d0, END };
	const short *md = has(r->by_month_day) ? r->by_month_day : only;

	for (size_t i = 0; i < ICAL_BY_MONTHDAY_SIZE && md[i] != END; i++) {
		if (abs(md[i]) > dim || md[i] == 0)
			continue;
		p->day[off + (md[i] > 0 ? md[i] : dim + md[i] + 1)] = true;
		n++;
	}
	return n;
}

/* BYDAY over days off+1 .. off+last (a month or the year): expand_by_day */
static int
by_day_apply(const struct icalrecurrencetype *r, int off, int last, int first_dow,
    int last_dow, bool limiting, struct period *p)
{
	bool	by[367] = { false };
	int	n = 0;

	for (size_t i = 0; i < ICAL_BY_DAY_SIZE && r->by_day[i] != END; i++) {
		int	dow = (int)icalrecurrencetype_day_day_of_week(r->by_day[i]);
		int	pos = icalrecurrencetype_day_position(r->by_day[i]);
		int	first = (dow + 7 - first_dow) % 7 + 1;
		int	lastm = last - (last_dow + 7 - dow) % 7;
		int	d;

		if (pos == 0) {
			for (d = first; d <= last; d += 7)
				by[off + d] = true;
			continue;
		}
		d = pos > 0 ? first + (pos - 1) * 7 : lastm + (pos + 1) * 7;
		if (d >= first && d <= lastm)
			by[off + d] = true;
	}
	for (int d = off + 1; d <= off + last; d++) {
		p->day[d] = limiting ? p->day[d] && by[d] : by[d];
		n += p->day[d];
	}
	return n;
}

/* BYSETPOS: keeps the days at the positions listed: filter_bysetpos */
static void
set_pos_apply(const struct icalrecurrencetype *r, int from, int to, struct period *p)
{
	int	count = 0;

	for (int d = from; d <= to; d++) {
		if (!p->day[d])
			continue;
		p->day[d] = LISTED(r->by_set_pos, count + 1) ||
		    LISTED(r->by_set_pos, count - p->total);
		count++;
	}
}

static void
month_expand(const struct icalrecurrencetype *r, int d0, int y, int m, struct period *p)
{
	int	off = year_day(y, m, 1) - 1, dim = month_days(y, m);

	p->total = month_days_add(r, d0, y, m, p);
	if (has(r->by_day))
		p->total = by_day_apply(r, off, dim, week_day(y, m, 1), week_day(y, m, dim),
		    has(r->by_month_day), p);
	if (has(r->by_set_pos))
		set_pos_apply(r, off + 1, off + dim, p);
}

static void
year_expand(const struct icalrecurrencetype *r, int m0, int d0, int y, struct period *p)
{
	short	only[2] = { (short)m0, END };
	const short *months = has(r->by_month) ? r->by_month : only;
	int	diy = leap(y) ? 366 : 365;

	for (size_t i = 0; i < ICAL_BY_MONTH_SIZE && months[i] != END; i++)
		p->total += month_days_add(r, d0, y, months[i], p);
	if (has(r->by_day)) {
		p->total = 0;
		if (has(r->by_month))
			for (size_t i = 0; i < ICAL_BY_MONTH_SIZE && months[i] != END; i++) {
				int	m = months[i], dim = month_days(y, m);

				p->total += by_day_apply(r, year_day(y, m, 1) - 1, dim,
				    week_day(y, m, 1), week_day(y, m, dim), has(r->by_month_day), p);
			}
		else
			p->total = by_day_apply(r, 0, diy, week_day(y, 1, 1), week_day(y, 12, 31),
			    has(r->by_month_day), p);
	}
	if (has(r->by_set_pos))
		set_pos_apply(r, 1, diy, p);
}

/*
 * The dates libical gives for the period (month m of year y for MONTHLY, the
 * year for YEARLY) of a rule starting on month m0, day d0; for MONTHLY a
 * month BYMONTH leaves out has none.
 */
static void
period_expand(const struct icalrecurrencetype *r, int m0, int d0, int y, int m,
    struct period *p)
{
	memset(p, 0, sizeof(*p));
	if (r->freq == ICAL_MONTHLY_RECURRENCE) {
		if (!has(r->by_month) || LISTED(r->by_month, m))
			month_expand(r, d0, y, m, p);
	} else
		year_expand(r, m0, d0, y, p);
}

/* The first day of the year with a date, 0 for none. */
static int
period_first(const struct period *p)
{
	for (int d = 1; d <= 366; d++)
		if (p->day[d])
			return d;
	return 0;
}

/* --- the rule --- */

/* The parts we take, and the normal form; a reason for the client when not. */
static enum cal_rrule_verdict
rule_parse(const char *text, struct icalrecurrencetype *r, const char **why)
{
	bool	ordinal = false, month_scope;

	*why = "is not an RFC 5545 RRULE value";
	if (text == NULL || text[0] == '\0' || strlen(text) > CAL_RRULE_MAX_LEN)
		return CAL_RRULE_INVALID;
	icalerror_clear_errno();
	*r = icalrecurrencetype_from_string(text);
	if (r->rscale != NULL) {	/* RFC 7529: libical lends it to us */
		icalmemory_free_buffer(r->rscale);
		r->rscale = NULL;
		*why = "RSCALE and SKIP (RFC 7529) are not supported";
		return CAL_RRULE_INVALID;
	}
	if (r->freq == ICAL_NO_RECURRENCE || icalerrno != ICAL_NO_ERROR)
		return CAL_RRULE_INVALID;
	if (r->skip != ICAL_SKIP_OMIT) {
		*why = "RSCALE and SKIP (RFC 7529) are not supported";
		return CAL_RRULE_INVALID;
	}
	if (r->freq < ICAL_DAILY_RECURRENCE || has(r->by_hour) || has(r->by_minute) ||
	    has(r->by_second)) {
		*why = "meetings repeat daily at most: FREQ is DAILY, WEEKLY, MONTHLY or YEARLY, "
		    "without BYHOUR, BYMINUTE or BYSECOND";
		return CAL_RRULE_FREQUENCY;
	}
	if (has(r->by_year_day) || has(r->by_week_no)) {
		*why = "BYYEARDAY and BYWEEKNO are not supported";
		return CAL_RRULE_INVALID;
	}
	for (size_t i = 0; i < ICAL_BY_DAY_SIZE && r->by_day[i] != END; i++) {
		int	pos = icalrecurrencetype_day_position(r->by_day[i]);

		if (pos < -53 || pos > 53)
			return CAL_RRULE_INVALID;
		ordinal |= pos != 0;
	}
	for (size_t i = 0; i < ICAL_BY_MONTH_SIZE && r->by_month[i] != END; i++)
		if (r->by_month[i] < 1 || r->by_month[i] > 12)	/* a leap month: RFC 7529 */
			return CAL_RRULE_INVALID;
	for (size_t i = 0; i < ICAL_BY_MONTHDAY_SIZE && r->by_month_day[i] != END; i++)
		if (r->by_month_day[i] == 0)
			return CAL_RRULE_INVALID;
	for (size_t i = 0; i < ICAL_BY_SETPOS_SIZE && r->by_set_pos[i] != END; i++)
		if (r->by_set_pos[i] == 0)
			return CAL_RRULE_INVALID;
	month_scope = r->freq == ICAL_MONTHLY_RECURRENCE || r->freq == ICAL_YEARLY_RECURRENCE;
	if ((ordinal || has(r->by_set_pos)) && !month_scope) {
		/* RFC 5545 forbids the first; libical ignores the second, others do not */
		*why = "BYDAY with a number and BYSETPOS go with MONTHLY or YEARLY only";
		return CAL_RRULE_INVALID;
	}
	if (has(r->by_month_day) && r->freq == ICAL_WEEKLY_RECURRENCE) {
		*why = "BYMONTHDAY does not go with WEEKLY";
		return CAL_RRULE_INVALID;
	}
	if (has(r->by_set_pos) && !has(r->by_day) && !has(r->by_month_day) &&
	    !has(r->by_month)) {
		*why = "BYSETPOS needs another BY part to pick from";
		return CAL_RRULE_INVALID;
	}
	if (r->freq == ICAL_YEARLY_RECURRENCE && has(r->by_month_day) && !has(r->by_month) &&
	    ordinal) {
		*why = "a yearly rule with BYMONTHDAY and a numbered BYDAY needs BYMONTH";
		return CAL_RRULE_INVALID;
	}
	return CAL_RRULE_OK;
}

/* UNTIL as UTC: a date is the end of that day in z, a floating time is z's. */
static int
until_utc(struct icalrecurrencetype *r, icaltimezone *z)
{
	struct icaltimetype	u = r->until;
	icaltimezone		*utc = icaltimezone_get_utc_timezone();
	time_t			 t;

	if (icaltime_is_null_time(u) || (!u.is_date && u.zone == utc))
		return 0;
	if (u.is_date) {
		u.is_date = 0;
		u.hour = 23;
		u.minute = 59;
		u.second = 59;
	}
	if (u.year < MIN_YEAR || u.year > MAX_YEAR)
		return -1;
	u.zone = z;
	t = icaltime_as_timet_with_zone(u, z);
	r->until = icaltime_from_timet_with_zone(t, 0, utc);
	return 0;
}

/*
 * The normal form of a rule that parsed: UNTIL in UTC, and a yearly
 * BYMONTHDAY's month written out (libical takes the start's month; others
 * read every month).
 */
static int
rule_normalise(struct icalrecurrencetype *r, icaltimezone *z, struct icaltimetype start)
{
	if (until_utc(r, z) == -1)
		return -1;
	if (r->freq == ICAL_YEARLY_RECURRENCE && has(r->by_month_day) && !has(r->by_month)) {
		r->by_month[0] = (short)start.month;
		r->by_month[1] = END;
	}
	return 0;
}

/* The start's period has a date (MONTHLY, YEARLY), so libical's walk is bounded. */
static bool
start_period_dated(const struct icalrecurrencetype *r, struct icaltimetype s,
    struct period *p)
{
	if (r->freq != ICAL_MONTHLY_RECURRENCE && r->freq != ICAL_YEARLY_RECURRENCE)
		return true;
	period_expand(r, s.month, s.day, s.year, s.month, p);
	return period_first(p) != 0;
}

/* The wall-clock reading of t in z, marked as z's (libical 3.0 marks it UTC). */
static struct icaltimetype
local_start(time_t t, icaltimezone *z)
{
	struct icaltimetype	tt = icaltime_from_timet_with_zone(t, 0, z);

	tt.zone = z;
	return tt;
}

int
cal_rrule_load(const char *rrule, icaltimezone *z, time_t dtstart,
    struct icalrecurrencetype *r)
{
	struct icaltimetype	 s;
	struct period		 p;
	const char		*why;

	if (dtstart < MIN_TIME || dtstart > MAX_TIME || rule_parse(rrule, r, &why) != CAL_RRULE_OK)
		return -1;
	s = local_start(dtstart, z);
	if (rule_normalise(r, z, s) == -1 || !start_period_dated(r, s, &p))
		return -1;
	return 0;
}

/* --- the first date, for a save --- */

/*
 * A MONTHLY or YEARLY rule whose start's period has no date: the first date
 * of the periods it visits within CAL_RRULE_YEARS, found without libical.
 */
static time_t
first_by_periods(const struct icalrecurrencetype *r, struct icaltimetype s, icaltimezone *z)
{
	struct period	p;
	bool		monthly = r->freq == ICAL_MONTHLY_RECURRENCE;
	int		visits = (monthly ? 12 : 1) * CAL_RRULE_YEARS / r->interval;

	for (int n = 1; n <= visits; n++) {
		int			 k = (s.month - 1) + (monthly ? n * r->interval : 0);
		int			 y = s.year + k / 12 + (monthly ? 0 : n * r->interval);
		int			 d;
		struct icaltimetype	 t;

		period_expand(r, s.month, s.day, y, k % 12 + 1, &p);
		if ((d = period_first(&p)) == 0)
			continue;
		t = icaltime_from_day_of_year(d, y);
		t.hour = s.hour;
		t.minute = s.minute;
		t.second = s.second;
		t.is_date = 0;
		t.zone = z;
		return icaltime_as_timet_with_zone(t, z);
	}
	return 0;
}

/*
 * The first date libical gives within CAL_RRULE_YEARS (UNTIL cut there);
 * 0 for none. Only for a rule start_period_dated admits.
 */
static time_t
first_by_libical(struct icalrecurrencetype r, struct icaltimetype s, time_t dtstart,
    icaltimezone *z)
{
	struct icaltimetype	 end = icaltime_from_timet_with_zone(dtstart +
				    (time_t)CAL_RRULE_YEARS * 366 * 86400, 0,
				    icaltimezone_get_utc_timezone());
	icalrecur_iterator	*it;
	struct icaltimetype	 next;

	if (icaltime_is_null_time(r.until) || icaltime_compare(r.until, end) > 0)
		r.until = end;
	if ((it = icalrecur_iterator_new(r, s)) == NULL)
		return 0;
	next = icalrecur_iterator_next(it);
	icalrecur_iterator_free(it);
	return icaltime_is_null_time(next) ? 0 : icaltime_as_timet_with_zone(next, z);
}

static enum cal_rrule_verdict
refuse(struct cal_rrule *out, enum cal_rrule_verdict v, const char *why)
{
	out->why = why;
	return v;
}

enum cal_rrule_verdict
cal_rrule_check(struct arena *a, const char *rrule, const char *tzid, time_t dtstart,
    struct cal_rrule *out)
{
	icaltimezone			*z = cal_zone(tzid);
	struct icalrecurrencetype	 r;
	struct icaltimetype		 s;
	struct period			 p;
	enum cal_rrule_verdict		 v;
	const char			*why;
	char				*text, day[11];
	struct cal_local		 l;

	memset(out, 0, sizeof(*out));
	if ((v = rule_parse(rrule, &r, &why)) != CAL_RRULE_OK)
		return refuse(out, v, why);
	if (z == NULL)
		return refuse(out, CAL_RRULE_INVALID, "the zone is unknown");
	if (dtstart < MIN_TIME || dtstart > MAX_TIME)
		return refuse(out, CAL_RRULE_INVALID, "a series starts between 1970 and 2500");
	s = local_start(dtstart, z);
	if (rule_normalise(&r, z, s) == -1)
		return refuse(out, CAL_RRULE_INVALID, "UNTIL lies outside 1970..2500");
	if (!icaltime_is_null_time(r.until) &&
	    icaltime_as_timet_with_zone(r.until, icaltimezone_get_utc_timezone()) < dtstart)
		return refuse(out, CAL_RRULE_NEVER, "UNTIL is before the start: no meeting at all");
	if (!start_period_dated(&r, s, &p))
		out->first = first_by_periods(&r, s, z);
	else if ((out->first = first_by_libical(r, s, dtstart, z)) == dtstart) {
		text = icalrecurrencetype_as_string_r(&r);
		out->text = arena_strdup(a, text);
		free(text);
		out->first = 0;
		return CAL_RRULE_OK;
	}
	if (out->first == 0 || (!icaltime_is_null_time(r.until) &&
	    icaltime_as_timet_with_zone(r.until, icaltimezone_get_utc_timezone()) < out->first))
		return refuse(out, CAL_RRULE_NEVER, arena_printf(a, "the rule gives no date in the "
		    "%d years from the start", CAL_RRULE_YEARS));
	cal_tz_local(tzid, out->first, &l);
	snprintf(day, sizeof(day), "%04d-%02d-%02d", l.year, l.month, l.day);
	return refuse(out, CAL_RRULE_START, arena_printf(a, "the start is not a date of the "
	    "series, whose first is %s: start there, or change the rule", day));
}

/* --- expansion --- */

void
cal_budget_init(struct cal_budget *b, long steps, long ms)
{
	clock_gettime(CLOCK_MONOTONIC, &b->deadline);
	b->deadline.tv_sec += ms / 1000;
	b->deadline.tv_nsec += (ms % 1000) * 1000000;
	if (b->deadline.tv_nsec >= 1000000000) {
		b->deadline.tv_sec++;
		b->deadline.tv_nsec -= 1000000000;
	}
	b->steps = steps;
	b->exhausted = false;
}

/* Takes a step; false when the budget is spent. */
static bool
budget_take(struct cal_budget *b)
{
	struct timespec	now;

	if (b->steps-- <= 0)
		b->exhausted = true;
	else {
		clock_gettime(CLOCK_MONOTONIC, &now);
		b->exhausted = now.tv_sec > b->deadline.tv_sec || (now.tv_sec ==
		    b->deadline.tv_sec && now.tv_nsec >= b->deadline.tv_nsec);
	}
	return !b->exhausted;
}

static bool
excluded(time_t t, const time_t *ex, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (ex[i] == t)
			return true;
	return false;
}

int
cal_expand(const char *rrule, const char *tzid, time_t dtstart, const time_t *exdates,
    size_t nexdates, time_t from, time_t to, time_t *out, size_t max, size_t *n,
    struct cal_budget *b)
{
	icaltimezone			*z = cal_zone(tzid), *utc = icaltimezone_get_utc_timezone();
	struct icalrecurrencetype	 r;
	icalrecur_iterator		*it;
	struct icaltimetype		 end;
	size_t				 k = 0;

	*n = 0;
	if (z == NULL)
		return -1;
	if (rrule == NULL) {
		if (dtstart >= from && dtstart < to && max > 0 &&
		    !excluded(dtstart, exdates, nexdates))
			out[(*n)++] = dtstart;
		return 0;
	}
	if (cal_rrule_load(rrule, z, dtstart, &r) == -1)
		return -1;
	if (to <= dtstart || (!icaltime_is_null_time(r.until) &&
	    icaltime_as_timet_with_zone(r.until, utc) < from))
		return 0;
	end = icaltime_from_timet_with_zone(to, 0, utc);
	if (icaltime_is_null_time(r.until) || icaltime_compare(r.until, end) > 0)
		r.until = end;		/* where a DAILY or WEEKLY walk stops */
	if ((it = icalrecur_iterator_new(r, local_start(dtstart, z))) == NULL)
		return -1;
	/* a COUNT counts from the start; without one, begin at the range */
	if (r.count == 0 && from > dtstart)
		icalrecur_iterator_set_start(it, local_start(from, z));
	while (k < max && budget_take(b)) {
		struct icaltimetype	next = icalrecur_iterator_next(it);
		time_t			t;

		if (icaltime_is_null_time(next))
			break;
		t = icaltime_as_timet_with_zone(next, z);
		if (t >= to)
			break;
		if (t >= from && !excluded(t, exdates, nexdates))
			out[k++] = t;
	}
	icalrecur_iterator_free(it);
	*n = k;
	return 0;
}
