/*
 * meetings.h: what the meeting handlers (meetings.c, slots.c, actions.c,
 * calendar.c) share. Internal to src/api.
 */
#ifndef API_MEETINGS_H
#define API_MEETINGS_H

#include "api.h"
#include "../cal/cal.h"

/* The meetings the caller may see (staff and admins: all). */
struct db_meeting_scope	meeting_scope(struct http_request *req);
/* Admins, and staff of the host organization. */
bool	meeting_can_manage(struct http_request *req, const struct db_meeting *m);
/* A meeting in scope with its children and actions; -1 after replying 404/500. */
int	meeting_require(struct http_request *req, int64_t id, struct db_meeting *m);
json_t	*meeting_summary_json(const struct db_meeting *m, time_t start);
json_t	*action_json(const struct db_action_item *it, const char *today);
/* The calendar entry's UID: "meeting-<id>-<installation>@<mail domain>". */
const char	*meeting_uid(struct http_request *req, int64_t id);
/* Video and hybrid meetings have a room; in-person ones do not. */
bool	 meeting_has_room(const struct db_meeting *m);
/*
 * m (with a start) as a calendar entry in locale: its UID and SEQUENCE,
 * the creator as ORGANIZER, those invited by address as ATTENDEEs, and
 * for a meeting with a room the join link (join, NULL: the room's page) in
 * LOCATION, DESCRIPTION and CONFERENCE.
 */
void	 meeting_event(struct http_request *req, const struct db_meeting *m, const char *locale,
	    const char *join, struct cal_event *e);
/* How often subscribed calendars look again, minutes (REFRESH-INTERVAL). */
#define FEED_REFRESH	60
/* Answers text/calendar with the meetings that have a start time. */
void	 reply_ics(struct http_request *req, const struct db_meeting *m, size_t n,
	    const char *name);

#endif
