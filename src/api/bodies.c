/*
 * bodies: the list of every JSON body table of the API, for the fuzz
 * driver tests/fuzz/json_bodies.c. Add a line when a resource adds a table
 * (tests/unit/api/bodies_test.c fails when a table of src/api is missing).
 */
#include "api.h"

const struct api_body *const api_bodies[] = {
	&api_login_body, &api_me_body, &api_org_body, &api_user_body, &api_password_body,
	&api_action_body, &api_meeting_body, &api_participant_body, &api_agenda_body,
	&api_topic_body, &api_ws_ping_body, &api_ws_subscribe_body, &api_slot_body,
	&api_hours_body,
	&api_agreement_body, &api_aid_body, &api_aid_answer_body, &api_roadmap_item_body,
	&api_roadmap_note_body, &api_roadmap_link_body, &api_event_body, &api_bulletin_body,
	&api_bulletin_return_body, &api_preview_body, &api_partnership_body, &api_person_body,
	&api_ws_room_join_body, &api_ws_room_leave_body, &api_ws_signal_body, &api_ws_chat_body,
	&api_ws_hand_body, &api_ws_media_body, &api_ws_room_control_body, &api_guest_link_body,
	&api_shipment_body, &api_shipment_item_body, &api_distribution_body,
	&api_distribution_line_body, &api_delegation_body, &api_delegation_member_body,
	&api_photo_body, &api_exhibitor_body, &api_product_body, &api_practice_body,
	&api_interest_body, &api_interest_status_body,
	&api_reset_request_body, &api_reset_confirm_body, &api_verify_body,
	&api_mail_prefs_body,
	&api_person_merge_body,
	&api_trade_point_body,	/* issue 15 */
};
const size_t api_nbodies = sizeof(api_bodies) / sizeof(api_bodies[0]);
