/*
 * bodies: the list of every JSON body table of the API, for the fuzz
 * driver tests/fuzz/json_bodies.c. Add a line when a resource adds a table.
 */
#include "api.h"

const struct api_body *const api_bodies[] = {
	&api_login_body, &api_me_body, &api_org_body, &api_user_body,
};
const size_t api_nbodies = sizeof(api_bodies) / sizeof(api_bodies[0]);
