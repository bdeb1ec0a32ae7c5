/*
 * cal: time zones over the system tz database (DST weeks in Berlin and
 * Toronto), CLDR weekends, the slot finder on the seeds' cities, RRULE
 * expansion, and .ics output parsed back with libical.
 */
#include <libical/ical.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../harness.h"
#include "../../../src/cal/cal.h"

/* 2024-01-15 (a Monday) 00:00 UTC */
#define MON_JAN15	((time_t)1705276800)
#define HOUR		3600

static const char *const seed_zones[8] = {
	"Europe/Moscow", "Europe/Berlin", "Europe/Paris", "Europe/Rome",
	"Europe/London", "Europe/Berlin", "America/Toronto", "Asia/Shanghai",
};
static const char *const seed_countries[8] = { "RU", "DE", "FR", "IT", "GB", "DE", "CA", "CN" };

static void
cities(struct cal_city *c, const char *const *zones, const char *const *cc, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		c[i].tzid = zones[i];
		c[i].work_start = 540;
		c[i].work_end = 1080;
		c[i].weekend = cal_weekend_mask(cc[i]);
	}
}

static void
test_tz(void)
{
	struct cal_local	l;
	time_t			t;

	CHECK(cal_tz_known("Europe/Berlin"));
	CHECK(cal_tz_known("UTC"));
	CHECK(!cal_tz_known("Mars/Olympus_Mons"));
	CHECK(!cal_tz_known(""));
	CHECK(cal_tz_local("Mars/Olympus_Mons", 0, &l) == -1);
	/* Berlin springs forward at 01:00 UTC on 2024-03-31 */
	CHECK(cal_tz_local("Europe/Berlin", 1711846800 - 1800, &l) == 0);
	CHECK(l.hour == 1 && l.minute == 30 && l.offset == 3600 && l.wday == 0);
	CHECK(cal_tz_local("Europe/Berlin", 1711846800 + 1800, &l) == 0);
	CHECK(l.hour == 3 && l.minute == 30 && l.offset == 7200);
	/* Toronto (Montreal) falls back at 06:00 UTC on 2024-11-03: 01:30 twice */
	CHECK(cal_tz_local("America/Toronto", 1730611800, &l) == 0);	/* 05:30Z */
	CHECK(l.hour == 1 && l.minute == 30 && l.offset == -4 * HOUR);
	CHECK(cal_tz_local("America/Toronto", 1730611800 + HOUR, &l) == 0);
	CHECK(l.hour == 1 && l.minute == 30 && l.offset == -5 * HOUR);
	/* and springs forward on 2024-03-10 */
	CHECK(cal_tz_utc("America/Toronto", 2024, 3, 8, 9, 0, &t) == 0 && t == 1709906400);
	CHECK(cal_tz_utc("America/Toronto", 2024, 3, 11, 9, 0, &t) == 0 && t == 1710162000);
	CHECK(cal_tz_utc("Europe/Berlin", 2024, 3, 31, 10, 0, &t) == 0 && t == 1711872000);
	CHECK(cal_tz_utc("Asia/Shanghai", 2024, 1, 15, 9, 0, &t) == 0 && t == MON_JAN15 + HOUR);
	CHECK(cal_tz_utc("Nowhere/City", 2024, 1, 15, 9, 0, &t) == -1);
}

static void
test_weekends(void)
{
	CHECK(cal_weekend_mask("RU") == ((1u << 0) | (1u << 6)));
	CHECK(cal_weekend_mask("IL") == ((1u << 5) | (1u << 6)));
	CHECK(cal_weekend_mask("SA") == ((1u << 5) | (1u << 6)));
	CHECK(cal_weekend_mask("AE") == ((1u << 0) | (1u << 6)));	/* since 2022 */
	CHECK(cal_weekend_mask("IR") == (1u << 5));
	CHECK(cal_weekend_mask(NULL) == ((1u << 0) | (1u << 6)));
}

static void
test_slots_two(void)
{
	static const char *const z[] = { "Europe/Moscow", "Europe/Berlin" };
	static const char *const cc[] = { "RU", "DE" };
	struct cal_city		c[2];
	struct cal_slot		s[5];
	struct cal_slot_query	q = { c, 2, 60, MON_JAN15, MON_JAN15 + 7 * 86400, 30, 5 };
	size_t			n;

	cities(c, z, cc, 2);
	n = cal_slots_find(&q, s);
	CHECK(n == 5);
	/* the first hour both are at work: Berlin 09:00 = Moscow 11:00 = 08:00Z */
	CHECK(s[0].start == MON_JAN15 + 8 * HOUR && s[0].worst == 0 && s[0].total == 0);
	CHECK(s[0].city[0].start.hour == 11 && s[0].city[1].start.hour == 9);
	CHECK(s[4].worst == 0);
}

static void
test_slots_seed_cities(void)
{
	struct cal_city		c[8];
	struct cal_slot		s[10];
	struct cal_slot_query	q = { c, 8, 60, MON_JAN15, MON_JAN15 + 7 * 86400, 30, 10 };
	size_t			n;

	cities(c, seed_zones, seed_countries, 8);
	n = cal_slots_find(&q, s);
	CHECK(n == 10);
	/* UTC-5 to UTC+8: nobody-outside is impossible, the best asks little */
	CHECK(s[0].worst > 0 && s[0].worst <= 180);
	for (size_t i = 0; i < n; i++) {
		CHECK(s[i].worst >= s[0].worst);
		for (size_t k = 0; k < 8; k++)
			CHECK(s[i].city[k].weekend == 0);
	}
}

static void
test_slots_montreal_chongqing(void)
{
	static const char *const z[] = { "America/Toronto", "Asia/Shanghai" };
	static const char *const cc[] = { "CA", "CN" };
	struct cal_city		c[2];
	struct cal_slot		s[12];
	struct cal_slot_query	q = { c, 2, 60, MON_JAN15, MON_JAN15 + 5 * 86400, 30, 12 };
	size_t			n, pick[6];
	int			acc[2] = { 0, 0 };

	cities(c, z, cc, 2);
	n = cal_slots_find(&q, s);
	CHECK(n == 12);
	/* 23:30Z: Montreal 18:30-19:30, Chongqing 07:30-08:30: 90 min either way */
	CHECK(s[0].worst == 90 && s[0].start % 86400 == 23 * HOUR + 1800);
	CHECK(s[0].city[0].start.hour == 18 && s[0].city[1].start.hour == 7);
	CHECK(s[0].city[0].outside == 60 && s[0].city[1].outside == 60);
	/* a series of six shares the inconvenience */
	cal_slots_rotate(s, n, 2, 6, pick);
	for (size_t k = 0; k < 6; k++) {
		acc[0] += s[pick[k]].city[0].reach;
		acc[1] += s[pick[k]].city[1].reach;
	}
	CHECK(acc[0] - acc[1] <= 60 && acc[1] - acc[0] <= 60);
}

static void
test_slots_dst_week(void)
{
	static const char *const z[] = { "Europe/Moscow", "Europe/Berlin" };
	static const char *const cc[] = { "RU", "DE" };
	struct cal_city		c[2];
	struct cal_slot		s;
	/* Friday 2024-03-29 00:00Z to Tuesday 2024-04-02 00:00Z */
	struct cal_slot_query	q = { c, 2, 60, 1711670400, 1711670400 + 4 * 86400, 30, 1 };

	cities(c, z, cc, 2);
	/* 07:00Z: Berlin 08:00 on Friday (CET), 09:00 on Monday (CEST) */
	cal_slot_eval(&q, 1711670400 + 7 * HOUR, &s);
	CHECK(s.city[1].start.hour == 8 && s.city[1].outside == 60);
	cal_slot_eval(&q, 1711670400 + 3 * 86400 + 7 * HOUR, &s);
	CHECK(s.city[1].start.hour == 9 && s.city[1].outside == 0 && s.worst == 0);
	/* Saturday is a weekend in both */
	cal_slot_eval(&q, 1711670400 + 86400 + 9 * HOUR, &s);
	CHECK(s.city[0].weekend == 60 && s.worst == CAL_WEEKEND_REACH);
}

static void
test_slots_friday_weekend(void)
{
	static const char *const z[] = { "Europe/Moscow", "Asia/Jerusalem" };
	static const char *const cc[] = { "RU", "IL" };
	struct cal_city		c[2];
	struct cal_slot		s[3];
	/* Friday 2024-01-19 00:00Z .. Monday 2024-01-22 12:00Z */
	struct cal_slot_query	q = { c, 2, 60, MON_JAN15 + 4 * 86400,
				    MON_JAN15 + 7 * 86400 + 12 * HOUR, 30, 3 };

	cities(c, z, cc, 2);
	CHECK(cal_slots_find(&q, s) == 3);
	/* Friday and Saturday are Tel Aviv's weekend, Sunday Moscow's: Monday wins */
	CHECK(s[0].worst == 0 && s[0].city[1].start.wday == 1);
	CHECK(s[0].start == MON_JAN15 + 7 * 86400 + 7 * HOUR);	/* Moscow 10:00, Tel Aviv 09:00 */
	cal_slot_eval(&q, MON_JAN15 + 4 * 86400 + 8 * HOUR, s);	/* Friday */
	CHECK(s[0].city[0].outside == 0 && s[0].city[1].weekend == 60);
}

/* ms of this thread's CPU time since t0 (a loaded machine stretches the clock, not this) */
static long
ms_since(const struct timespec *t0)
{
	struct timespec	t;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
	return (t.tv_sec - t0->tv_sec) * 1000 + (t.tv_nsec - t0->tv_nsec) / 1000000;
}

/* 2024-03-25 (a Monday) 10:00 in Berlin (CET) */
#define MON_MAR25_BERLIN	((time_t)1711357200)

static enum cal_rrule_verdict
check_rule(struct arena *a, const char *rule, const char *tz, time_t start, struct cal_rrule *r,
    long *ms)
{
	struct timespec		t0;
	enum cal_rrule_verdict	v;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t0);
	v = cal_rrule_check(a, rule, tz, start, r);
	*ms = ms_since(&t0);
	return v;
}

static void
test_rrule_check(void)
{
	static const struct {
		const char		*rule;
		time_t			 start;
		enum cal_rrule_verdict	 v;
		const char		*text;	/* the normal form when OK */
	} cases[] = {
		{ "FREQ=WEEKLY;COUNT=4", MON_MAR25_BERLIN, CAL_RRULE_OK, "FREQ=WEEKLY;COUNT=4" },
		{ "freq=weekly;interval=2;byday=mo,we", MON_MAR25_BERLIN, CAL_RRULE_OK,
		    "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE" },
		/* the rule, and its kin: more than a date a day */
		{ "FREQ=SECONDLY;BYMONTH=2;BYMONTHDAY=30", MON_MAR25_BERLIN, CAL_RRULE_FREQUENCY, NULL },
		{ "FREQ=MINUTELY", MON_MAR25_BERLIN, CAL_RRULE_FREQUENCY, NULL },
		{ "FREQ=HOURLY;INTERVAL=24", MON_MAR25_BERLIN, CAL_RRULE_FREQUENCY, NULL },
		{ "FREQ=DAILY;BYHOUR=10,15", MON_MAR25_BERLIN, CAL_RRULE_FREQUENCY, NULL },
		{ "FREQ=WEEKLY;BYMINUTE=0,30", MON_MAR25_BERLIN, CAL_RRULE_FREQUENCY, NULL },
		/* never: libical alone would spend a second or more on each */
		{ "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", MON_MAR25_BERLIN, CAL_RRULE_NEVER, NULL },
		{ "FREQ=MONTHLY;BYMONTHDAY=31;BYMONTH=2,4,6,9,11", MON_MAR25_BERLIN, CAL_RRULE_NEVER,
		    NULL },
		{ "FREQ=MONTHLY;BYMONTH=2;BYMONTHDAY=30;BYDAY=MO,TU,WE,TH,FR,SA,SU;BYSETPOS=1,2,3,-1",
		    MON_MAR25_BERLIN, CAL_RRULE_NEVER, NULL },
		{ "FREQ=MONTHLY;BYDAY=MO;BYSETPOS=8", MON_MAR25_BERLIN, CAL_RRULE_NEVER, NULL },
		{ "FREQ=MONTHLY;BYDAY=5MO;BYMONTH=2;BYMONTHDAY=1", MON_MAR25_BERLIN, CAL_RRULE_NEVER,
		    NULL },
		{ "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30", MON_MAR25_BERLIN, CAL_RRULE_NEVER, NULL },
		{ "FREQ=DAILY;INTERVAL=7;BYDAY=TU", MON_MAR25_BERLIN, CAL_RRULE_NEVER, NULL },
		{ "FREQ=WEEKLY;UNTIL=20240301T000000Z", MON_MAR25_BERLIN, CAL_RRULE_NEVER, NULL },
		/* the start is not the first date: clients differ on whether it counts */
		{ "FREQ=WEEKLY;BYDAY=TU", MON_MAR25_BERLIN, CAL_RRULE_START, NULL },
		{ "FREQ=MONTHLY;BYDAY=2TU", MON_MAR25_BERLIN, CAL_RRULE_START, NULL },
		{ "FREQ=MONTHLY;BYMONTHDAY=31", MON_MAR25_BERLIN, CAL_RRULE_START, NULL },
		/* dates of a month or year */
		{ "FREQ=MONTHLY;BYDAY=-1MO", MON_MAR25_BERLIN, CAL_RRULE_OK, "FREQ=MONTHLY;BYDAY=-1MO" },
		{ "FREQ=MONTHLY;BYDAY=4MO", MON_MAR25_BERLIN, CAL_RRULE_OK, "FREQ=MONTHLY;BYDAY=4MO" },
		{ "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1;COUNT=3", MON_MAR25_BERLIN - 7 * 86400
		    + 4 * 86400, CAL_RRULE_START, NULL },	/* Friday 22nd: not the last */
		{ "FREQ=YEARLY;BYMONTH=3;BYDAY=-1MO", MON_MAR25_BERLIN, CAL_RRULE_OK,
		    "FREQ=YEARLY;BYDAY=-1MO;BYMONTH=3" },
		{ "FREQ=YEARLY;BYDAY=13MO", MON_MAR25_BERLIN, CAL_RRULE_OK, "FREQ=YEARLY;BYDAY=13MO" },
		/* normal forms: UNTIL in UTC (Berlin is UTC+1 in March until the 31st) */
		{ "FREQ=DAILY;UNTIL=20240328", MON_MAR25_BERLIN, CAL_RRULE_OK,
		    "FREQ=DAILY;UNTIL=20240328T225959Z" },
		{ "FREQ=DAILY;UNTIL=20240328T100000", MON_MAR25_BERLIN, CAL_RRULE_OK,
		    "FREQ=DAILY;UNTIL=20240328T090000Z" },
		{ "FREQ=DAILY;UNTIL=20240328T090000Z", MON_MAR25_BERLIN, CAL_RRULE_OK,
		    "FREQ=DAILY;UNTIL=20240328T090000Z" },
		{ "FREQ=YEARLY;BYMONTHDAY=25", MON_MAR25_BERLIN, CAL_RRULE_OK,
		    "FREQ=YEARLY;BYMONTHDAY=25;BYMONTH=3" },
		/* refused parts */
		{ "FREQ=DAILY;COUNT=3;UNTIL=20240328T000000Z", MON_MAR25_BERLIN, CAL_RRULE_INVALID, NULL },
		{ "FREQ=MONTHLY;RSCALE=GREGORIAN", MON_MAR25_BERLIN, CAL_RRULE_INVALID, NULL },
		{ "FREQ=MONTHLY;SKIP=FORWARD", MON_MAR25_BERLIN, CAL_RRULE_INVALID, NULL },
		{ "FREQ=WEEKLY;BYDAY=MO,WE;BYSETPOS=1", MON_MAR25_BERLIN, CAL_RRULE_INVALID, NULL },
		{ "FREQ=WEEKLY;BYDAY=1MO", MON_MAR25_BERLIN, CAL_RRULE_INVALID, NULL },
		{ "FREQ=WEEKLY;BYMONTHDAY=25", MON_MAR25_BERLIN, CAL_RRULE_INVALID, NULL },
		{ "FREQ=YEARLY;BYWEEKNO=13", MON_MAR25_BERLIN, CAL_RRULE_INVALID, NULL },
		{ "FREQ=YEARLY;BYYEARDAY=85", MON_MAR25_BERLIN, CAL_RRULE_INVALID, NULL },
		{ "FREQ=MONTHLY;BYSETPOS=1", MON_MAR25_BERLIN, CAL_RRULE_INVALID, NULL },
		{ "FREQ=MONTHLY;BYMONTH=5L", MON_MAR25_BERLIN, CAL_RRULE_INVALID, NULL },
		{ "FREQ=DAILY;UNTIL=99991231", MON_MAR25_BERLIN, CAL_RRULE_INVALID, NULL },
		{ "FREQ=SOMETIMES", MON_MAR25_BERLIN, CAL_RRULE_INVALID, NULL },
		{ "", MON_MAR25_BERLIN, CAL_RRULE_INVALID, NULL },
		{ "FREQ=DAILY", (time_t)-86400 * 365 * 30, CAL_RRULE_INVALID, NULL },
	};
	struct arena		a = ARENA_INIT;
	struct cal_rrule	r;
	long			ms, worst = 0;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		enum cal_rrule_verdict v = check_rule(&a, cases[i].rule, "Europe/Berlin",
		    cases[i].start, &r, &ms);

		if (v != cases[i].v)
			fprintf(stderr, "rrule '%s': verdict %d, not %d (%s)\n", cases[i].rule, v,
			    cases[i].v, r.why ? r.why : "");
		CHECK(v == cases[i].v);
		if (cases[i].text != NULL)
			CHECK_STR(r.text, cases[i].text);
		CHECK(v == CAL_RRULE_OK ? r.why == NULL : r.why != NULL && r.text == NULL);
		worst = ms > worst ? ms : worst;
	}
	/* a bound, generous for a loaded machine: libical alone spends seconds to hours */
	CHECK(worst < 500);
	/* the first date is told */
	CHECK(cal_rrule_check(&a, "FREQ=WEEKLY;BYDAY=TU", "Europe/Berlin", MON_MAR25_BERLIN, &r) ==
	    CAL_RRULE_START && r.first == MON_MAR25_BERLIN + 86400 && strstr(r.why, "2024-03-26"));
	CHECK(cal_rrule_check(&a, "FREQ=DAILY", "Nowhere/City", MON_MAR25_BERLIN, &r) ==
	    CAL_RRULE_INVALID);
	arena_release(&a);
}

static void
test_rrule_expand(void)
{
	time_t			 out[10], ex[1];
	size_t			 n;
	struct cal_budget	 b;
	struct timespec		 t0;

	cal_budget_init(&b, 1000, 1000);
	/* weekly at 10:00 Berlin from Monday 2024-03-25 (CET) across the change */
	CHECK(cal_expand("FREQ=WEEKLY;COUNT=4", "Europe/Berlin", MON_MAR25_BERLIN, NULL, 0, 0,
	    2000000000, out, 10, &n, &b) == 0);
	CHECK(n == 4 && out[0] == MON_MAR25_BERLIN && out[1] == MON_MAR25_BERLIN + 7 * 86400 - HOUR);
	ex[0] = out[1];
	CHECK(cal_expand("FREQ=WEEKLY;COUNT=4", "Europe/Berlin", MON_MAR25_BERLIN, ex, 1, 0,
	    2000000000, out, 10, &n, &b) == 0);
	CHECK(n == 3 && out[1] == MON_MAR25_BERLIN + 14 * 86400 - HOUR);
	/* the window cuts; a range that begins later starts the walk there */
	CHECK(cal_expand("FREQ=DAILY", "Europe/Moscow", MON_JAN15, NULL, 0, MON_JAN15 + 86400,
	    MON_JAN15 + 3 * 86400, out, 10, &n, &b) == 0 && n == 2 && out[0] == MON_JAN15 + 86400);
	CHECK(cal_expand("FREQ=WEEKLY;BYDAY=MO,TH", "Europe/Moscow", MON_JAN15, NULL, 0,
	    MON_JAN15 + 400 * 86400, MON_JAN15 + 414 * 86400, out, 10, &n, &b) == 0 && n == 4);
	/* a date-only UNTIL takes in its day (libical read it as the day's first second) */
	CHECK(cal_expand("FREQ=DAILY;UNTIL=20240328", "Europe/Berlin", MON_MAR25_BERLIN, NULL, 0, 0,
	    2000000000, out, 10, &n, &b) == 0 && n == 4);
	/* UNTIL at a date's very instant keeps it (libical 3.0 marks local times UTC) */
	CHECK(cal_expand("FREQ=DAILY;UNTIL=20240327T090000Z", "Europe/Berlin", MON_MAR25_BERLIN,
	    NULL, 0, 0, 2000000000, out, 10, &n, &b) == 0 && n == 3);
	CHECK(cal_expand("FREQ=NEVER", "Europe/Moscow", MON_JAN15, NULL, 0, 0, 1, out, 10,
	    &n, &b) == -1);
	CHECK(cal_expand(NULL, "Europe/Moscow", MON_JAN15, NULL, 0, 0, MON_JAN15 + 1, out, 10,
	    &n, &b) == 0 && n == 1);
	/* a start outside the rule, saved before rules were checked, reads as libical reads it */
	CHECK(cal_expand("FREQ=WEEKLY;BYDAY=TU", "Europe/Berlin", MON_MAR25_BERLIN, NULL, 0, 0,
	    2000000000, out, 2, &n, &b) == 0 && n == 2 && out[0] == MON_MAR25_BERLIN + 86400);
	/* hostile rules stored before the check: refused at once, never walked */
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t0);
	CHECK(cal_expand("FREQ=SECONDLY;BYMONTH=2;BYMONTHDAY=30", "Europe/Berlin",
	    MON_MAR25_BERLIN, NULL, 0, 0, 2000000000, out, 10, &n, &b) == -1);
	CHECK(cal_expand("FREQ=MONTHLY;BYMONTH=2;BYMONTHDAY=30;BYDAY=MO,TU,WE,TH,FR,SA,SU;"
	    "BYSETPOS=1,2,3,-1", "Europe/Berlin", MON_MAR25_BERLIN, NULL, 0, 0, 2000000000, out, 10,
	    &n, &b) == -1);
	CHECK(cal_expand("FREQ=MONTHLY;BYMONTH=2;BYMONTHDAY=30", "Europe/Berlin",
	    MON_MAR25_BERLIN, NULL, 0, 0, 2000000000, out, 10, &n, &b) == -1);
	/* a DAILY walk that never matches stops at the range's end */
	CHECK(cal_expand("FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30", "Europe/Berlin",
	    MON_MAR25_BERLIN, NULL, 0, 0, MON_MAR25_BERLIN + 400 * 86400, out, 10, &n, &b) == 0 &&
	    n == 0);
	CHECK(ms_since(&t0) < 500);
	CHECK(!b.exhausted);
	/* the budget: steps, then time */
	cal_budget_init(&b, 3, 1000);
	CHECK(cal_expand("FREQ=DAILY", "Europe/Berlin", MON_MAR25_BERLIN, NULL, 0, 0, 2000000000,
	    out, 10, &n, &b) == 0 && n == 3 && b.exhausted);
	cal_budget_init(&b, 1000, 0);
	CHECK(cal_expand("FREQ=DAILY", "Europe/Berlin", MON_MAR25_BERLIN, NULL, 0, 0, 2000000000,
	    out, 10, &n, &b) == 0 && n == 0 && b.exhausted);
	/* a COUNT walks from the start: a budget ends a long one */
	cal_budget_init(&b, 1000, 1000);
	CHECK(cal_expand("FREQ=DAILY;COUNT=100000", "Europe/Berlin", MON_MAR25_BERLIN, NULL, 0,
	    MON_MAR25_BERLIN + 20 * 366 * 86400, MON_MAR25_BERLIN + 21 * 366 * 86400, out, 10, &n,
	    &b) == 0 && n == 0 && b.exhausted);
}

static void
test_ics(void)
{
	struct arena		 a = ARENA_INIT;
	struct cal_attendee	 at[] = {
		{ "Anna Müller", "a.mueller@duesseldorf.example", "participant", NULL },
		{ "Иван Петров", "petrov@dvms.example", "host", "ACCEPTED" },
		{ "Düsseldorf", NULL, "participant", NULL },	/* no address: left out */
	};
	struct cal_calendar	 feed = { "pobratim", CAL_PUBLISH, 60 };
	struct cal_calendar	 request = { NULL, CAL_REQUEST, 0 };
	time_t			 ex[] = { 1711357200 + 7 * 86400 - HOUR };
	struct cal_event	 e = {
		.uid = "meeting-1-5f3a@pobratim.example", .sequence = 2, .summary = "Видеоконференция, мэры; 8 городов",
		.tzid = "Europe/Berlin", .start = 1711357200, .duration = 90,
		.rrule = "FREQ=WEEKLY;COUNT=4", .exdates = ex, .nexdates = 1,
		.organizer_name = "ДВМС", .organizer_email = "staff@dvms.example",
		.attendees = at, .nattendees = 3,
		.conference_url = "https://pobratim.example/meetings/1/room",
		.stamp = 1711357200,
	};
	char			*s = cal_ics(&a, &feed, &e, 1);
	icalcomponent		*cal, *ev, *tz;
	icalproperty		*p;
	struct icaltimetype	 dt;

	CHECK(s != NULL);
	cal = s != NULL ? icalparser_parse_string(s) : NULL;
	CHECK(cal != NULL);
	if (cal == NULL)
		goto out;
	CHECK(icalcomponent_count_components(cal, ICAL_VEVENT_COMPONENT) == 1);
	CHECK(icalcomponent_get_method(cal) == ICAL_METHOD_PUBLISH);
	CHECK(strstr(s, "\r\nREFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n") != NULL);
	CHECK(strstr(s, "\r\nX-PUBLISHED-TTL:PT1H\r\n") != NULL);
	CHECK(strstr(s, "X-WR-CALNAME:pobratim\r\n") != NULL);
	CHECK(strstr(s, "noreply") == NULL && strstr(s, ".invalid") == NULL);
	tz = icalcomponent_get_first_component(cal, ICAL_VTIMEZONE_COMPONENT);
	CHECK(tz != NULL && strcmp(icalproperty_get_tzid(icalcomponent_get_first_property(tz,
	    ICAL_TZID_PROPERTY)), "Europe/Berlin") == 0);
	ev = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT);
	CHECK_STR(icalcomponent_get_summary(ev), "Видеоконференция, мэры; 8 городов");
	p = icalcomponent_get_first_property(ev, ICAL_DTSTART_PROPERTY);
	dt = icalproperty_get_dtstart(p);
	CHECK(dt.hour == 10 && dt.day == 25 && dt.month == 3);
	CHECK_STR(icalparameter_get_tzid(icalproperty_get_first_parameter(p,
	    ICAL_TZID_PARAMETER)), "Europe/Berlin");
	CHECK(icalcomponent_get_first_property(ev, ICAL_RRULE_PROPERTY) != NULL);
	dt = icalproperty_get_exdate(icalcomponent_get_first_property(ev, ICAL_EXDATE_PROPERTY));
	CHECK(dt.day == 1 && dt.month == 4 && dt.hour == 10);
	CHECK_STR(icalcomponent_get_uid(ev), "meeting-1-5f3a@pobratim.example");
	CHECK(icalproperty_get_sequence(icalcomponent_get_first_property(ev,
	    ICAL_SEQUENCE_PROPERTY)) == 2);
	CHECK(icalcomponent_count_properties(ev, ICAL_ATTENDEE_PROPERTY) == 2);
	p = icalcomponent_get_first_property(ev, ICAL_ATTENDEE_PROPERTY);
	CHECK_STR(icalproperty_get_attendee(p), "mailto:a.mueller@duesseldorf.example");
	CHECK_STR(icalparameter_get_cn(icalproperty_get_first_parameter(p, ICAL_CN_PARAMETER)),
	    "Anna Müller");
	CHECK(icalparameter_get_partstat(icalproperty_get_first_parameter(p,
	    ICAL_PARTSTAT_PARAMETER)) == ICAL_PARTSTAT_NEEDSACTION);
	CHECK(icalparameter_get_role(icalproperty_get_first_parameter(p,
	    ICAL_ROLE_PARAMETER)) == ICAL_ROLE_REQPARTICIPANT);
	p = icalcomponent_get_next_property(ev, ICAL_ATTENDEE_PROPERTY);
	CHECK(icalparameter_get_role(icalproperty_get_first_parameter(p,
	    ICAL_ROLE_PARAMETER)) == ICAL_ROLE_CHAIR);
	CHECK(icalparameter_get_partstat(icalproperty_get_first_parameter(p,
	    ICAL_PARTSTAT_PARAMETER)) == ICAL_PARTSTAT_ACCEPTED);
	p = icalcomponent_get_first_property(ev, ICAL_ORGANIZER_PROPERTY);
	CHECK(p != NULL && strcmp(icalproperty_get_organizer(p), "mailto:staff@dvms.example") == 0);
	p = icalcomponent_get_first_property(ev, ICAL_CONFERENCE_PROPERTY);
	CHECK(p != NULL && strstr(icalproperty_as_ical_string(p), "/meetings/1/room") != NULL);
	CHECK(icaldurationtype_as_int(icalcomponent_get_duration(ev)) == 90 * 60);
	icalcomponent_free(cal);
	/* an invitation: METHOD:REQUEST, no feed properties; no CONFERENCE without a link */
	e.conference_url = NULL;
	s = cal_ics(&a, &request, &e, 1);
	cal = s != NULL ? icalparser_parse_string(s) : NULL;
	CHECK(cal != NULL && icalcomponent_get_method(cal) == ICAL_METHOD_REQUEST);
	CHECK(s != NULL && strstr(s, "REFRESH-INTERVAL") == NULL && strstr(s, "CONFERENCE") == NULL);
	if (cal != NULL)
		icalcomponent_free(cal);
	request.method = CAL_CANCEL;
	s = cal_ics(&a, &request, &e, 1);
	CHECK(s != NULL && strstr(s, "\r\nMETHOD:CANCEL\r\n") != NULL);
	/* an event with dates only: DTSTART;VALUE=DATE, DTEND the day after its last */
	{
		struct cal_event	d = { .uid = "event-7-5f3a@pobratim.example", .summary = "Days of Moscow",
					    .first_day = "2027-05-20", .last_day = "2027-05-22",
					    .stamp = 1711357200 };
		struct cal_calendar	pub = { "events", CAL_PUBLISH, 60 };

		s = cal_ics(&a, &pub, &d, 1);
		CHECK(s != NULL && strstr(s, "\r\nDTSTART;VALUE=DATE:20270520\r\n") != NULL);
		CHECK(s != NULL && strstr(s, "\r\nDTEND;VALUE=DATE:20270523\r\n") != NULL);
		CHECK(s != NULL && strstr(s, "VTIMEZONE") == NULL);
		cal = s != NULL ? icalparser_parse_string(s) : NULL;
		CHECK(cal != NULL);
		if (cal != NULL)
			icalcomponent_free(cal);
		d.last_day = "2027-05-19";	/* before the first */
		CHECK(cal_ics(&a, &pub, &d, 1) == NULL);
		d.last_day = NULL;
		d.first_day = "2027-13-40";
		CHECK(cal_ics(&a, &pub, &d, 1) == NULL);
	}
	e.tzid = "Nowhere/City";
	CHECK(cal_ics(&a, &request, &e, 1) == NULL);
out:
	arena_release(&a);
}

/* The zones an account may choose: sorted, each known; the machine's, from $TZ first. */
static void
test_tz_names(void)
{
	const char *const	*names;
	size_t			 n = cal_tz_names(&names);
	const char		*saved = getenv("TZ");
	bool			 moscow = false, utc = false;

	CHECK(n > 300);
	for (size_t i = 0; i < n; i++) {
		CHECK(cal_tz_known(names[i]));
		CHECK(i == 0 || strcmp(names[i - 1], names[i]) < 0);
		moscow |= strcmp(names[i], "Europe/Moscow") == 0;
		utc |= strcmp(names[i], "UTC") == 0;
	}
	CHECK(moscow && utc);
	setenv("TZ", "Asia/Shanghai", 1);
	CHECK_STR(cal_tz_system(), "Asia/Shanghai");
	setenv("TZ", ":/usr/share/zoneinfo/America/Sao_Paulo", 1);
	CHECK_STR(cal_tz_system(), "America/Sao_Paulo");
	setenv("TZ", "Mars/Olympus_Mons", 1);
	CHECK(cal_tz_known(cal_tz_system()));	/* the next source, or UTC */
	if (saved != NULL)
		setenv("TZ", saved, 1);
	else
		unsetenv("TZ");
}

void
test_cal(void)
{
	test_tz();
	test_tz_names();
	test_weekends();
	test_slots_two();
	test_slots_seed_cities();
	test_slots_montreal_chongqing();
	test_slots_dst_week();
	test_slots_friday_weekend();
	test_rrule_check();
	test_rrule_expand();
	test_ics();
}
