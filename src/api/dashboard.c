/*
 * dashboard: GET /dashboard/work, the caller's own city's work — the open
 * decisions past their due date of the meetings that city hosts, owns or
 * takes part in, and those whose outcome has already happened (a roadmap
 * item they serve is done, or its event was held), so that someone closes
 * them. Staff and admins see every meeting, so the city is what narrows
 * theirs; partners and correspondents keep their meeting scope as well.
 */
#include "api.h"

static int
action_list(struct http_request *req, int64_t city, const char *before, bool happened,
    const char *today, json_t **out)
{
	struct db_meeting_scope	 sc = meeting_scope(req);
	struct db_action_item	*items;
	size_t			 n;

	if (db_action_list_of_city(api_db(req), &req->arena, &sc, city, before, happened,
	    &items, &n) != DB_OK)
		return -1;
	*out = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(*out, action_json(&items[i], today));
	return 0;
}

int
api_dashboard_work(struct http_request *req)
{
	int64_t	 city = api_home_city(req);
	char	 today[11];
	json_t	*overdue, *happened;

	api_date_today(0, today);
	if (action_list(req, city, today, false, today, &overdue) == -1) {
		api_reply_db_error(req, "listing the dashboard's items");
		return -1;
	}
	if (action_list(req, city, NULL, true, today, &happened) == -1) {
		json_decref(overdue);
		api_reply_db_error(req, "listing the dashboard's items");
		return -1;
	}
	api_reply_json(req, 200, json_pack("{s:o, s:s, s:o, s:o}",
	    "home_city", api_id_or_null(city), "today", today,
	    "overdue_actions", overdue, "outcome_happened_actions", happened));
	return 0;
}
