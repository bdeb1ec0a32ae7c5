/*
 * tz: wall-clock readings of instants in IANA zones, from the system tz
 * database through libical (icaltimezone_get_builtin_timezone reads
 * /usr/share/zoneinfo on Debian). Weekends per country from CLDR.
 */
#include "cal.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../base/alloc.h"
#include "cal_internal.h"

static pthread_once_t	prefix_once = PTHREAD_ONCE_INIT;

/* TZIDs in our output are plain IANA names ("Europe/Berlin"). */
static void
set_prefix(void)
{
	icaltimezone_set_tzid_prefix("");
}

icaltimezone *
cal_zone(const char *tzid)
{
	pthread_once(&prefix_once, set_prefix);
	if (tzid == NULL || tzid[0] == '\0' || strlen(tzid) > 64)
		return NULL;
	if (strcmp(tzid, "UTC") == 0 || strcmp(tzid, "Etc/UTC") == 0)
		return icaltimezone_get_utc_timezone();
	return icaltimezone_get_builtin_timezone(tzid);
}

bool
cal_tz_known(const char *tzid)
{
	return cal_zone(tzid) != NULL;
}

/* A zone's name from a first line or a zoneinfo path; NULL unless known. */
static const char *
known_name(char *name)
{
	char	*p;

	name[strcspn(name, "\r\n")] = '\0';
	if ((p = strstr(name, "zoneinfo/")) != NULL)
		name = p + strlen("zoneinfo/");
	if (name[0] == ':')
		name++;
	return cal_tz_known(name) ? name : NULL;
}

const char *
cal_tz_system(void)
{
	static char	 buf[256];
	const char	*tz = getenv("TZ"), *name = NULL;
	FILE		*f;
	ssize_t		 len;

	if (tz != NULL && strlen(tz) < sizeof(buf)) {
		snprintf(buf, sizeof(buf), "%s", tz);
		name = known_name(buf);
	}
	if (name == NULL && (f = fopen("/etc/timezone", "r")) != NULL) {
		if (fgets(buf, sizeof(buf), f) != NULL)
			name = known_name(buf);
		fclose(f);
	}
	if (name == NULL && (len = readlink("/etc/localtime", buf, sizeof(buf) - 1)) > 0) {
		buf[len] = '\0';
		name = known_name(buf);
	}
	return name != NULL ? name : "UTC";
}

static const char	**zone_names;
static size_t		  nzone_names;
static pthread_once_t	  names_once = PTHREAD_ONCE_INIT;

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void
list_names(void)
{
	icalarray	*all;
	size_t		 n;

	pthread_once(&prefix_once, set_prefix);
	all = icaltimezone_get_builtin_timezones();
	n = all != NULL ? all->num_elements : 0;
	zone_names = xcalloc(n + 1, sizeof(*zone_names));
	zone_names[nzone_names++] = "UTC";
	for (size_t i = 0; i < n; i++) {
		const char	*loc = icaltimezone_get_location(icalarray_element_at(all, i));

		if (loc != NULL && cal_tz_known(loc))
			zone_names[nzone_names++] = loc;
	}
	qsort(zone_names, nzone_names, sizeof(*zone_names), by_name);
}

size_t
cal_tz_names(const char *const **out)
{
	pthread_once(&names_once, list_names);
	*out = zone_names;
	return nzone_names;
}

int
cal_tz_local(const char *tzid, time_t utc, struct cal_local *out)
{
	icaltimezone		*z = cal_zone(tzid);
	struct icaltimetype	 tt;
	int			 dst;

	if (z == NULL)
		return -1;
	tt = icaltime_from_timet_with_zone(utc, 0, icaltimezone_get_utc_timezone());
	out->offset = icaltimezone_get_utc_offset_of_utc_time(z, &tt, &dst);
	tt = icaltime_from_timet_with_zone(utc + out->offset, 0,
	    icaltimezone_get_utc_timezone());
	out->year = tt.year;
	out->month = tt.month;
	out->day = tt.day;
	out->hour = tt.hour;
	out->minute = tt.minute;
	out->wday = icaltime_day_of_week(tt) - 1;
	return 0;
}

int
cal_tz_utc(const char *tzid, int year, int month, int day, int hour, int minute, time_t *out)
{
	icaltimezone		*z = cal_zone(tzid);
	struct icaltimetype	 tt = icaltime_null_time();

	if (z == NULL)
		return -1;
	tt.year = year;
	tt.month = month;
	tt.day = day;
	tt.hour = hour;
	tt.minute = minute;
	tt.is_date = 0;
	*out = icaltime_as_timet_with_zone(tt, z);
	return 0;
}

/*
 * Weekends that are not Saturday–Sunday, from the Unicode CLDR supplemental
 * weekData (cldr-json, cldr-core/supplemental/weekData.json, CLDR 44:
 * weekendStart/weekendEnd). Every other country: Saturday and Sunday. The
 * United Arab Emirates moved to Saturday–Sunday in 2022 and CLDR follows; Iran
 * rests on Friday only; Afghanistan Thursday–Friday; India and Uganda Sunday.
 */
static const struct {
	char		cc[3];
	unsigned	mask;
} weekends[] = {
#define SUN	(1u << 0)
#define THU	(1u << 4)
#define FRI	(1u << 5)
#define SAT	(1u << 6)
	{ "AF", THU | FRI }, { "BH", FRI | SAT }, { "DZ", FRI | SAT }, { "EG", FRI | SAT },
	{ "IL", FRI | SAT }, { "IN", SUN }, { "IQ", FRI | SAT }, { "IR", FRI },
	{ "JO", FRI | SAT }, { "KW", FRI | SAT }, { "LY", FRI | SAT }, { "OM", FRI | SAT },
	{ "QA", FRI | SAT }, { "SA", FRI | SAT }, { "SD", FRI | SAT }, { "SY", FRI | SAT },
	{ "UG", SUN }, { "YE", FRI | SAT },
};

unsigned
cal_weekend_mask(const char *cc)
{
	for (size_t i = 0; cc != NULL && i < sizeof(weekends) / sizeof(weekends[0]); i++)
		if (strcmp(weekends[i].cc, cc) == 0)
			return weekends[i].mask;
	return SAT | SUN;
}
