/*
 * bodies: the check tables of the API's JSON bodies. Those of the HTTP
 * routes are made from the contract's request schemas (tools/contract.mjs,
 * build/gen/request_bodies.inc); the WebSocket messages' are written beside their
 * handlers. api_bodies[] lists them all for the fuzz driver
 * tests/fuzz/json_bodies.c (tests/unit/api/bodies_test.c fails when a table
 * of src/api is missing).
 */
#include "api.h"

#include "request_bodies.inc"

const struct api_body *const api_bodies[] = {
	API_CONTRACT_BODIES,
	&api_ws_ping_body, &api_ws_subscribe_body, &api_ws_room_join_body, &api_ws_room_leave_body,
	&api_ws_signal_body, &api_ws_chat_body, &api_ws_hand_body, &api_ws_media_body,
	&api_ws_room_control_body,
};
const size_t api_nbodies = sizeof(api_bodies) / sizeof(api_bodies[0]);
