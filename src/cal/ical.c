/*
 * ical: iCalendar output with libical: a VCALENDAR of events, each with its
 * zone's VTIMEZONE, so a weekly 10:00 in Moscow stays 10:00 there whatever
 * the reader's zone does. Recurrence rules are rrule.c's.
 */
#include "cal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cal_internal.h"

static struct icaltimetype
utc_time(time_t t)
{
	return icaltime_from_timet_with_zone(t, 0, icaltimezone_get_utc_timezone());
}

static icalproperty *
add_text(icalcomponent *c, icalproperty *p)
{
	icalcomponent_add_property(c, p);
	return p;
}

/* "mailto:" and the address, in libical's ring of temporary buffers */
static const char *
mailto(const char *email)
{
	size_t	n = strlen("mailto:") + strlen(email) + 1;
	char	*uri = icalmemory_tmp_buffer(n);

	snprintf(uri, n, "mailto:%s", email);
	return uri;
}

static void
add_attendee(icalcomponent *ev, const struct cal_attendee *at)
{
	icalparameter_role	role = ICAL_ROLE_REQPARTICIPANT;
	icalparameter_partstat	ps = ICAL_PARTSTAT_NEEDSACTION;
	icalproperty		*p;

	if (at->email == NULL)
		return;
	if (at->role != NULL && (strcmp(at->role, "observer") == 0 ||
	    strcmp(at->role, "interpreter") == 0))
		role = ICAL_ROLE_OPTPARTICIPANT;
	if (at->role != NULL && strcmp(at->role, "host") == 0)
		role = ICAL_ROLE_CHAIR;
	if (at->partstat != NULL)
		ps = icalparameter_string_to_enum(at->partstat);
	if (ps < ICAL_PARTSTAT_NEEDSACTION || ps > ICAL_PARTSTAT_INPROCESS)
		ps = ICAL_PARTSTAT_NEEDSACTION;
	p = icalproperty_new_attendee(mailto(at->email));
	if (at->name != NULL)
		icalproperty_add_parameter(p, icalparameter_new_cn(at->name));
	icalproperty_add_parameter(p, icalparameter_new_role(role));
	icalproperty_add_parameter(p, icalparameter_new_partstat(ps));
	icalproperty_add_parameter(p, icalparameter_new_cutype(ICAL_CUTYPE_INDIVIDUAL));
	icalproperty_add_parameter(p, icalparameter_new_rsvp(ICAL_RSVP_FALSE));
	icalcomponent_add_property(ev, p);
}

/* A floating wall-clock time of t in z, to carry a TZID parameter. */
static struct icaltimetype
local_time(time_t t, icaltimezone *z)
{
	struct icaltimetype	tt = icaltime_from_timet_with_zone(t, 0, z);

	tt.zone = NULL;
	return tt;
}

/* 1 and the date of "YYYY-MM-DD", or 0. */
static int
day_of(const char *s, struct icaltimetype *t)
{
	if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return 0;
	*t = icaltime_from_string(s);
	if (icaltime_is_null_time(*t) || t->month < 1 || t->month > 12 || t->day < 1 ||
	    t->day > icaltime_days_in_month(t->month, t->year))
		return 0;
	t->is_date = 1;
	return 1;
}

/* DTSTART and DTEND (the day after the last, RFC 5545 3.6.1) of a dated event. */
static int
add_days(icalcomponent *ev, const struct cal_event *e)
{
	struct icaltimetype	first, last;

	if (!day_of(e->first_day, &first) || !day_of(e->last_day ? e->last_day : e->first_day,
	    &last) || icaltime_compare_date_only(last, first) < 0)
		return -1;
	icaltime_adjust(&last, 1, 0, 0, 0);
	icalcomponent_add_property(ev, icalproperty_new_dtstart(first));
	icalcomponent_add_property(ev, icalproperty_new_dtend(last));
	return 0;
}

static icalcomponent *
event_new(struct arena *a, const struct cal_event *e, icaltimezone *z)
{
	icalcomponent	*ev = icalcomponent_new(ICAL_VEVENT_COMPONENT);
	struct icaltimetype start = local_time(e->start, z);
	struct icalrecurrencetype r;
	struct cal_rrule checked;
	icalproperty	*p;

	icalcomponent_add_property(ev, icalproperty_new_uid(e->uid));
	icalcomponent_add_property(ev, icalproperty_new_sequence(e->sequence));
	icalcomponent_add_property(ev, icalproperty_new_dtstamp(utc_time(e->stamp)));
	if (e->first_day != NULL) {
		if (add_days(ev, e) == -1) {
			icalcomponent_free(ev);
			return NULL;
		}
	} else {
		p = add_text(ev, icalproperty_new_dtstart(start));
		icalproperty_add_parameter(p, icalparameter_new_tzid(e->tzid));
		icalcomponent_add_property(ev, icalproperty_new_duration(
		    icaldurationtype_from_int(e->duration * 60)));
	}
	icalcomponent_add_property(ev, icalproperty_new_summary(e->summary));
	if (e->description != NULL)
		icalcomponent_add_property(ev, icalproperty_new_description(e->description));
	if (e->location != NULL)
		icalcomponent_add_property(ev, icalproperty_new_location(e->location));
	if (e->url != NULL)
		icalcomponent_add_property(ev, icalproperty_new_url(e->url));
	icalcomponent_add_property(ev, icalproperty_new_status(
	    e->status != NULL && strcmp(e->status, "cancelled") == 0 ? ICAL_STATUS_CANCELLED :
	    e->status != NULL && strcmp(e->status, "draft") == 0 ? ICAL_STATUS_TENTATIVE :
	    ICAL_STATUS_CONFIRMED));
	/*
	 * Only a rule that passes the RFC 5545 check of a save (cal_rrule_check:
	 * the start is its first date, some date within ten years, clients read
	 * it alike), in its normal form; one stored before the checks is left out.
	 */
	if (e->first_day == NULL && e->rrule != NULL &&
	    cal_rrule_check(a, e->rrule, e->tzid, e->start, &checked) == CAL_RRULE_OK &&
	    cal_rrule_load(checked.text, z, e->start, &r) == 0)
		icalcomponent_add_property(ev, icalproperty_new_rrule(r));
	for (size_t i = 0; i < e->nexdates; i++) {
		p = add_text(ev, icalproperty_new_exdate(
		    local_time(e->exdates[i], z)));
		icalproperty_add_parameter(p, icalparameter_new_tzid(e->tzid));
	}
	if (e->organizer_email != NULL) {
		p = add_text(ev, icalproperty_new_organizer(mailto(e->organizer_email)));
		if (e->organizer_name != NULL)
			icalproperty_add_parameter(p, icalparameter_new_cn(e->organizer_name));
	}
	for (size_t i = 0; i < e->nattendees; i++)
		add_attendee(ev, &e->attendees[i]);
	if (e->conference_url != NULL) {
		/* RFC 7986 5.11: CONFERENCE;VALUE=URI;FEATURE=VIDEO;LABEL=...:uri */
		p = icalproperty_new_from_string("CONFERENCE;VALUE=URI;FEATURE=VIDEO:x");
		if (p != NULL) {
			icalproperty_set_value(p, icalvalue_new_uri(e->conference_url));
			icalcomponent_add_property(ev, p);
		}
	}
	return ev;
}

static const icalproperty_method methods[] = {
	[CAL_PUBLISH] = ICAL_METHOD_PUBLISH,
	[CAL_REQUEST] = ICAL_METHOD_REQUEST,
	[CAL_CANCEL] = ICAL_METHOD_CANCEL,
};

static void
add_x(icalcomponent *cal, const char *name, const char *value)
{
	icalproperty	*p = icalproperty_new_x(value);

	icalproperty_set_x_name(p, name);
	icalcomponent_add_property(cal, p);
}

/*
 * How often a subscriber should look again: RFC 7986 REFRESH-INTERVAL, and
 * X-PUBLISHED-TTL, which Outlook reads instead.
 */
static void
refresh(icalcomponent *cal, int minutes)
{
	char		 d[32];
	icalproperty	*p;

	snprintf(d, sizeof(d), "PT%dM", minutes);
	if (minutes % 60 == 0)
		snprintf(d, sizeof(d), "PT%dH", minutes / 60);
	p = icalproperty_new_from_string("REFRESH-INTERVAL;VALUE=DURATION:PT1H");
	if (p != NULL) {
		icalproperty_set_value(p, icalvalue_new_duration(icaldurationtype_from_string(d)));
		icalcomponent_add_property(cal, p);
	}
	add_x(cal, "X-PUBLISHED-TTL", d);
}

char *
cal_ics(struct arena *a, const struct cal_calendar *c, const struct cal_event *ev, size_t n)
{
	icalcomponent	*cal = icalcomponent_new(ICAL_VCALENDAR_COMPONENT);
	const char	*zones[32];
	size_t		 nz = 0;
	char		*s, *out = NULL;

	icalcomponent_add_property(cal, icalproperty_new_version("2.0"));
	icalcomponent_add_property(cal, icalproperty_new_prodid("-//pobratim//meetings//EN"));
	icalcomponent_add_property(cal, icalproperty_new_calscale("GREGORIAN"));
	icalcomponent_add_property(cal, icalproperty_new_method(methods[c->method]));
	if (c->name != NULL)
		add_x(cal, "X-WR-CALNAME", c->name);
	if (c->refresh > 0)
		refresh(cal, c->refresh);
	for (size_t i = 0; i < n; i++) {
		icaltimezone	*z = ev[i].first_day != NULL ? NULL : cal_zone(ev[i].tzid);
		icalcomponent	*e;
		bool		 seen = ev[i].first_day != NULL;

		if (z == NULL && ev[i].first_day == NULL)
			goto out;
		for (size_t j = 0; j < nz && !seen; j++)
			seen |= strcmp(zones[j], ev[i].tzid) == 0;
		if (!seen && nz < sizeof(zones) / sizeof(zones[0]) &&
		    z != icaltimezone_get_utc_timezone()) {
			icalcomponent *vtz = icalcomponent_new_clone(icaltimezone_get_component(z));

			/* keep the rules from a year before the first meeting on */
			icaltimezone_truncate_vtimezone(vtz, utc_time(ev[i].start - 366 * 86400),
			    icaltime_null_time(), 1);
			/* the plain IANA name, as DTSTART's TZID says */
			icalproperty_set_tzid(icalcomponent_get_first_property(vtz,
			    ICAL_TZID_PROPERTY), ev[i].tzid);
			icalcomponent_add_component(cal, vtz);
			zones[nz++] = ev[i].tzid;
		}
		if ((e = event_new(a, &ev[i], z)) == NULL)
			goto out;
		icalcomponent_add_component(cal, e);
	}
	s = icalcomponent_as_ical_string_r(cal);
	out = arena_strdup(a, s);
	free(s);
out:
	icalcomponent_free(cal);
	return out;
}
