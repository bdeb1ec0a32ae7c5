#!/usr/bin/env python3
"""An iCalendar reader independent of libical: Python's icalendar module
(Debian python3-icalendar). Reads one VCALENDAR on standard input and
prints what the tests check as JSON; exits 1 with the reason when it does
not parse."""
import json
import sys

import icalendar


def text(v):
    return None if v is None else str(v)


def params(p):
    return {k.lower(): str(v) for k, v in getattr(p, 'params', {}).items()}


def main():
    raw = sys.stdin.buffer.read()
    try:
        cal = icalendar.Calendar.from_ical(raw)
    except Exception as e:  # noqa: BLE001 - any refusal is the answer
        print(f'not iCalendar: {e}', file=sys.stderr)
        return 1
    out = {
        'method': text(cal.get('method')),
        'refresh_interval': text(cal.get('refresh-interval').to_ical().decode())
        if cal.get('refresh-interval') is not None else None,
        'published_ttl': text(cal.get('x-published-ttl')),
        'timezones': [text(tz.get('tzid')) for tz in cal.walk('VTIMEZONE')],
        'events': [],
    }
    for ev in cal.walk('VEVENT'):
        att = ev.get('attendee') or []
        if not isinstance(att, list):
            att = [att]
        start = ev.get('dtstart')
        out['events'].append({
            'uid': text(ev.get('uid')),
            'sequence': int(ev.get('sequence', 0)),
            'status': text(ev.get('status')),
            'summary': text(ev.get('summary')),
            'location': text(ev.get('location')),
            'description': text(ev.get('description')),
            'conference': text(ev.get('conference')),
            'rrule': ev.get('rrule').to_ical().decode() if ev.get('rrule') is not None else None,
            'dtstart': start.dt.isoformat() if start is not None else None,
            'tzid': params(start).get('tzid') if start is not None else None,
            'organizer': text(ev.get('organizer')),
            'attendees': [{'address': str(a), **params(a)} for a in att],
        })
    print(json.dumps(out))
    return 0


if __name__ == '__main__':
    sys.exit(main())
