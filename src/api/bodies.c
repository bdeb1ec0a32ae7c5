/*
 * bodies: the list of every JSON body table of the API, for the fuzz
 * driver tests/fuzz/json_bodies.c. Add a line when a resource adds a table.
 */
#include "api.h"

const struct api_body *const api_bodies[] = {
	&api_login_body, &api_me_body, &api_org_body, &api_user_body,
	&api_action_body, &api_meeting_body, &api_participant_body, &api_agenda_body,
	&api_topic_body, &api_ws_ping_body, &api_ws_subscribe_body, &api_slot_body,
	&api_hours_body,
	&api_photo_body, &api_exhibitor_body, &api_product_body, &api_practice_body,
	&api_interest_body, &api_interest_status_body,
};
const size_t api_nbodies = sizeof(api_bodies) / sizeof(api_bodies[0]);
