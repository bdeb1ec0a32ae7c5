/*
 * cal: calendar arithmetic over the system time-zone database, through
 * libical (which reads /usr/share/zoneinfo): local times of an instant in an
 * IANA zone, working hours and weekends, the slot finder, RRULE expansion and
 * iCalendar (RFC 5545) output. Knows nothing of HTTP, JSON or SQL.
 *
 * Thread-safe: libical loads zones under its own lock; we never set TZ.
 */
#ifndef CAL_CAL_H
#define CAL_CAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "../base/arena.h"

/* --- time zones --- */

/* A local wall-clock reading of an instant in a zone. */
struct cal_local {
	int	year, month, day;	/* month 1..12 */
	int	hour, minute;
	int	wday;			/* 0 Sunday .. 6 Saturday */
	int	offset;			/* seconds east of UTC */
};

bool	cal_tz_known(const char *tzid);
/*
 * The machine's IANA zone: $TZ, /etc/timezone, or the name /etc/localtime
 * links to, the first that is known; "UTC" otherwise.
 */
const char *cal_tz_system(void);
/* Every zone cal_tz_known accepts, sorted by name; the array lives as long as the process. */
size_t	cal_tz_names(const char *const **out);
/* -1 for an unknown zone. */
int	cal_tz_local(const char *tzid, time_t utc, struct cal_local *out);
/*
 * The instant of a local wall-clock time; a time in a spring-forward gap is
 * taken with the offset before the change. -1 for an unknown zone.
 */
int	cal_tz_utc(const char *tzid, int year, int month, int day, int hour, int minute,
	    time_t *out);

/* --- weekends (CLDR weekData) --- */

/* Bit d set (d: 0 Sunday .. 6 Saturday) when day d is a weekend in the country. */
unsigned	cal_weekend_mask(const char *country_code);

/* --- slot finder --- */

#define CAL_MAX_CITIES		16
#define CAL_WEEKEND_REACH	720

struct cal_city {
	const char	*tzid;
	int		 work_start, work_end;	/* minutes after local midnight */
	unsigned	 weekend;		/* cal_weekend_mask */
};

/* What one city is asked for at one candidate start. */
struct cal_burden {
	struct cal_local	 start, end;	/* local readings */
	int			 outside;	/* minutes outside working hours */
	int			 weekend;	/* of which on a weekend day */
	int			 reach;		/* how far outside: minutes from the nearest
						   working time (a weekend day: CAL_WEEKEND_REACH) */
};

struct cal_slot {
	time_t			 start;
	int			 total;		/* minutes outside, summed over cities */
	int			 worst;		/* the largest reach of any city */
	struct cal_burden	 city[CAL_MAX_CITIES];
};

struct cal_slot_query {
	const struct cal_city	*cities;
	size_t			 ncities;	/* 1..CAL_MAX_CITIES */
	int			 duration;	/* minutes */
	time_t			 from, to;	/* the meeting lies within [from, to) */
	int			 step;		/* minutes between candidates, e.g. 30 */
	size_t			 limit;		/* slots wanted */
};

/* The burden of a meeting starting at `start` for each city. */
void	cal_slot_eval(const struct cal_slot_query *q, time_t start, struct cal_slot *out);
/*
 * The best `limit` slots, ranked: the smallest worst reach (nobody asked to
 * be far outside their day), then the fewest minutes outside in total, then
 * the earliest. Returns how many were written to out.
 */
size_t	cal_slots_find(const struct cal_slot_query *q, struct cal_slot *out);
/*
 * For a series of `count` weekly meetings: picks, for each occurrence, one of
 * the `n` ranked candidates so that the burden accumulated per city stays as
 * even as possible (greedy: the pick that keeps the largest accumulated burden
 * smallest, then the smallest total). pick[i] indexes cand.
 */
void	cal_slots_rotate(const struct cal_slot *cand, size_t n, size_t ncities, size_t count,
	    size_t *pick);

/* --- recurrence and iCalendar --- */

/*
 * What a recurrence rule (an RFC 5545 RRULE value, without "RRULE:") is to a
 * series: meetings repeat at most daily, the start is the series' first
 * date, and the rule is one every client reads as we do.
 */
enum cal_rrule_verdict {
	CAL_RRULE_OK,
	CAL_RRULE_INVALID,	/* not RFC 5545, or a part we do not take (see why) */
	CAL_RRULE_FREQUENCY,	/* more than one date a day: SECONDLY..HOURLY, BYHOUR.. */
	CAL_RRULE_NEVER,	/* no date within CAL_RRULE_YEARS of the start */
	CAL_RRULE_START,	/* the start is not the series' first date */
};

#define CAL_RRULE_MAX_LEN	500
#define CAL_RRULE_YEARS		10	/* how far a save looks for the first date */

struct cal_rrule {
	const char	*text;		/* OK: the rule in normal form, in the arena */
	const char	*why;		/* else: what is wrong, a sentence for the client */
	time_t		 first;		/* START: the first date of the series; 0 none */
};

/*
 * Checks a rule for a series starting at dtstart (a UTC instant) in zone
 * tzid. The normal form has UNTIL as a UTC date-time (a date means the end
 * of that day in the zone, a floating time that time in the zone: clients
 * differ on both) and a yearly BYMONTHDAY's month written out. Bounded: at
 * most a few milliseconds, whatever the rule.
 */
enum cal_rrule_verdict cal_rrule_check(struct arena *a, const char *rrule, const char *tzid,
	    time_t dtstart, struct cal_rrule *out);

/*
 * How much an expansion (or all of a request's) may spend. Each step is one
 * date of libical's iterator; exhausted says the result may be short.
 */
struct cal_budget {
	long		steps;
	struct timespec	deadline;	/* CLOCK_MONOTONIC */
	bool		exhausted;
};

void	cal_budget_init(struct cal_budget *b, long steps, long ms);

/*
 * The starts of a series beginning at dtstart (a UTC instant) in zone tzid
 * repeated by rrule (NULL: a single meeting), minus exdates, that fall in
 * [from, to). Local wall-clock time is kept across DST changes. At most max
 * are written; *n says how many. -1 on an unknown zone, or a rule that is
 * not safe to expand (it would not pass cal_rrule_check, and its start's
 * month or year has no date): the caller shows the start alone.
 */
int	cal_expand(const char *rrule, const char *tzid, time_t dtstart, const time_t *exdates,
	    size_t nexdates, time_t from, time_t to, time_t *out, size_t max, size_t *n,
	    struct cal_budget *b);

/* One invitee with an address; the writer leaves out anyone without one. */
struct cal_attendee {
	const char	*name;
	const char	*email;		/* the address, without "mailto:" */
	const char	*role;		/* host, speaker, participant, interpreter, observer */
	const char	*partstat;	/* RFC 5545 PARTSTAT; NULL: NEEDS-ACTION */
};

struct cal_event {
	const char		*uid;
	int			 sequence;	/* RFC 5545 SEQUENCE: raised by each change */
	const char		*summary, *description, *location;
	const char		*tzid;
	time_t			 start;
	int			 duration;	/* minutes */
	/* or days: an event with dates and no hours (VALUE=DATE; tzid, start unused) */
	const char		*first_day, *last_day;	/* YYYY-MM-DD; last_day NULL: one day */
	const char		*rrule;		/* NULL: none; one cal_expand refuses is left out */
	const time_t		*exdates;
	size_t			 nexdates;
	const char		*status;	/* scheduled, cancelled, ... */
	const char		*organizer_name, *organizer_email;	/* NULL email: no ORGANIZER */
	const struct cal_attendee *attendees;
	size_t			 nattendees;
	const char		*conference_url;	/* RFC 7986 CONFERENCE; NULL: none */
	const char		*url;
	time_t			 stamp;
};

/* RFC 5546 METHOD: a download or a feed; an invitation; its withdrawal. */
enum cal_method { CAL_PUBLISH, CAL_REQUEST, CAL_CANCEL };

struct cal_calendar {
	const char	*name;		/* X-WR-CALNAME; NULL: none */
	enum cal_method	 method;
	int		 refresh;	/* minutes: REFRESH-INTERVAL (RFC 7986) and
					   X-PUBLISHED-TTL for a subscribed feed; 0: none */
};

/*
 * A VCALENDAR with the events and one VTIMEZONE per zone used, in the arena.
 * NULL on an unknown zone or a day that is not a date.
 */
char	*cal_ics(struct arena *a, const struct cal_calendar *c, const struct cal_event *ev,
	    size_t n);

#endif
