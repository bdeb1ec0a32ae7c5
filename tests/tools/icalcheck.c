/*
 * icalcheck: reads one VCALENDAR on standard input with libical's parser
 * (not the writer's code of src/cal) and prints what the mail tests compare
 * with Python's icalendar (tests/api/lib/ical-check.py), as JSON:
 *
 *   {"method": "REQUEST", "events": [{"uid", "sequence", "summary", "tzid",
 *    "start_utc" (seconds, the TZID resolved by the VTIMEZONE of the
 *    calendar itself), "attendees" (count), "organizer"}]}
 *
 * Exits 1 with the reason when libical finds no VCALENDAR or reports an
 * error in it (X-LIC-ERROR properties).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <libical/ical.h>

#define MAX_INPUT	(1 << 20)

static char *
read_all(void)
{
	char	*p = malloc(MAX_INPUT + 1);
	size_t	 n = p != NULL ? fread(p, 1, MAX_INPUT, stdin) : 0;

	if (p != NULL)
		p[n] = '\0';
	return p;
}

/* The first error libical noted while parsing c or its children, or NULL. */
static const char *
parse_error(icalcomponent *c)
{
	icalproperty	*p = icalcomponent_get_first_property(c, ICAL_XLICERROR_PROPERTY);

	if (p != NULL)
		return icalproperty_get_xlicerror(p);
	for (icalcomponent *k = icalcomponent_get_first_component(c, ICAL_ANY_COMPONENT);
	    k != NULL; k = icalcomponent_get_next_component(c, ICAL_ANY_COMPONENT)) {
		const char	*e = parse_error(k);

		if (e != NULL)
			return e;
	}
	return NULL;
}

static json_t *
event_json(icalcomponent *ev)
{
	struct icaltimetype	 start = icalcomponent_get_dtstart(ev);
	icalproperty		*dt = icalcomponent_get_first_property(ev, ICAL_DTSTART_PROPERTY);
	icalparameter		*tzid = dt ? icalproperty_get_first_parameter(dt, ICAL_TZID_PARAMETER) :
				    NULL;
	icalproperty		*org = icalcomponent_get_first_property(ev, ICAL_ORGANIZER_PROPERTY);
	const char		*summary = icalcomponent_get_summary(ev);

	return json_pack("{s:s?, s:i, s:s?, s:s?, s:I, s:i, s:s?}",
	    "uid", icalcomponent_get_uid(ev), "sequence", icalcomponent_get_sequence(ev),
	    "summary", summary, "tzid", tzid ? icalparameter_get_tzid(tzid) : NULL,
	    "start_utc", (json_int_t)icaltime_as_timet_with_zone(start, start.zone),
	    "attendees", icalcomponent_count_properties(ev, ICAL_ATTENDEE_PROPERTY),
	    "organizer", org ? icalproperty_get_organizer(org) : NULL);
}

int
main(void)
{
	char		*text = read_all();
	icalcomponent	*cal = text != NULL ? icalparser_parse_string(text) : NULL;
	const char	*err;
	json_t		*events, *out;

	free(text);
	if (cal == NULL || icalcomponent_isa(cal) != ICAL_VCALENDAR_COMPONENT) {
		fprintf(stderr, "libical: not a VCALENDAR\n");
		return 1;
	}
	if ((err = parse_error(cal)) != NULL) {
		fprintf(stderr, "libical: %s\n", err);
		return 1;
	}
	events = json_array();
	for (icalcomponent *ev = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT);
	    ev != NULL; ev = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT))
		json_array_append_new(events, event_json(ev));
	out = json_pack("{s:s?, s:o}", "method",
	    icalproperty_method_to_string(icalcomponent_get_method(cal)), "events", events);
	json_dumpf(out, stdout, JSON_COMPACT);
	putchar('\n');
	json_decref(out);
	icalcomponent_free(cal);
	return 0;
}
