/*
 * Shared by the files of src/cal only: libical's types.
 */
#ifndef CAL_CAL_INTERNAL_H
#define CAL_CAL_INTERNAL_H

#include <libical/ical.h>

#include "cal.h"

/* The zone, or NULL; never UTC's special object for names it does not know (tz.c). */
icaltimezone	*cal_zone(const char *tzid);

/*
 * The rule of a series starting at dtstart in zone z, in normal form (UNTIL
 * in UTC, an implied BYMONTH written out), if libical may expand it in
 * bounded time (rrule.c says when); -1 otherwise. The rule's own start need
 * not be its first date: series stored before the check came in are read
 * as they were.
 */
int		 cal_rrule_load(const char *rrule, icaltimezone *z, time_t dtstart,
		    struct icalrecurrencetype *r);

#endif
