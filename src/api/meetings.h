/*
 * meetings.h: what the meeting handlers (meetings.c, slots.c, actions.c,
 * calendar.c) share. Internal to src/api.
 */
#ifndef API_MEETINGS_H
#define API_MEETINGS_H

#include "api.h"

/* The meetings the caller may see (staff and admins: all). */
struct db_meeting_scope	meeting_scope(struct http_request *req);
/* Admins, and staff of the host organization. */
bool	meeting_can_manage(struct http_request *req, const struct db_meeting *m);
/* A meeting in scope with its children and actions; -1 after replying 404/500. */
int	meeting_require(struct http_request *req, int64_t id, struct db_meeting *m);
json_t	*meeting_summary_json(const struct db_meeting *m, time_t start);
json_t	*action_json(const struct db_action_item *it, const char *today);
/* Answers text/calendar with the meetings that have a start time. */
void	 reply_ics(struct http_request *req, const struct db_meeting *m, size_t n,
	    const char *name);

#endif
