/*
 * bodies: the check tables of the HTTP routes' JSON bodies, made from the
 * contract's request schemas (tools/contract.mjs, build/gen/request_bodies.inc),
 * at the bottom of src/api: every handler that reads a body uses them. The
 * WebSocket messages' tables are written beside their handlers (ws_router.c,
 * rooms.c); api_bodies[], the list of them all for the fuzz driver, is at
 * the top beside the route table (routes.c).
 */
#include "api.h"

#include "request_bodies.inc"
