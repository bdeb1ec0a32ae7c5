/*
 * The WebSocket message router (src/api/ws_router.c) without a network: the
 * input is one text message from a client, routed by ws_route (parse, type,
 * fields). Checks:
 * - a refusal is {"type":"error","code","message"} with a known code, and
 *   validation errors are {field, code} objects;
 * - an accepted message has a known type and also passes that type's table in
 *   api_bodies[] ("ws <type>"), so the fuzzed tables are the router's own;
 * - "ref" is taken only when it is an integer;
 * - for subscribe and unsubscribe, ws_subscribe_refusal decides for six
 *   callers (anonymous, a correspondent, a partner, staff, an admin, someone in
 *   room 5): none reaches a channel other than "news" or its own "user:<id>";
 *   rooms are never subscribed to, conn: and sessions: never exist for clients.
 */
#include <errno.h>
#include <stdio.h>

#include "fuzz.h"
#include "../../src/api/realtime.h"

static const char *const codes[] = { "invalid_json", "unknown_type", "validation_failed" };
static const char *const refusals[] = { "unknown_channel", "join_required", "unauthenticated",
	"forbidden" };

static bool
listed(const char *const *list, size_t n, const char *s)
{
	for (size_t i = 0; s != NULL && i < n; i++)
		if (strcmp(list[i], s) == 0)
			return true;
	return false;
}

static void
check_error(json_t *error)
{
	json_t	*errors = json_object_get(error, "errors");

	FUZZ_ASSERT(strcmp(json_string_value(json_object_get(error, "type")), "error") == 0);
	FUZZ_ASSERT(listed(codes, sizeof(codes) / sizeof(codes[0]),
	    json_string_value(json_object_get(error, "code"))));
	FUZZ_ASSERT(json_is_string(json_object_get(error, "message")));
	for (size_t i = 0; i < json_array_size(errors); i++) {
		FUZZ_ASSERT(json_is_string(json_object_get(json_array_get(errors, i), "field")));
		FUZZ_ASSERT(json_is_string(json_object_get(json_array_get(errors, i), "code")));
	}
}

/* Whether user_id's own channel is channel: "user:" and a decimal id. */
static bool
own_channel(const char *channel, int64_t user_id)
{
	char		*end;
	long long	 id;

	if (strncmp(channel, "user:", 5) != 0 || channel[5] < '0' || channel[5] > '9')
		return false;
	errno = 0;
	id = strtoll(channel + 5, &end, 10);
	return errno == 0 && *end == '\0' && id == user_id;
}

static void
check_channel(const char *channel)
{
	static const struct conn_state callers[] = {
		{ .user_id = 0, .role = ROLE_PUBLIC },
		{ .user_id = 7, .role = ROLE_CORRESPONDENT },
		{ .user_id = 8, .role = ROLE_PARTNER },
		{ .user_id = 9, .role = ROLE_STAFF },
		{ .user_id = 1, .role = ROLE_ADMIN },
		{ .user_id = 8, .role = ROLE_PARTNER, .room = 5 },
	};

	for (size_t i = 0; i < sizeof(callers) / sizeof(callers[0]); i++) {
		const struct conn_state	*st = &callers[i];
		struct ws_refusal	 r = ws_subscribe_refusal(st, channel);

		if (r.code == NULL) {
			FUZZ_ASSERT(strcmp(channel, "news") == 0 ||
			    (st->role != ROLE_PUBLIC && own_channel(channel, st->user_id)));
			continue;
		}
		FUZZ_ASSERT(listed(refusals, sizeof(refusals) / sizeof(refusals[0]), r.code));
		FUZZ_ASSERT(r.message != NULL && r.message[0] != '\0');
		if (strncmp(channel, "room:", 5) == 0)
			FUZZ_ASSERT(strcmp(r.code, "join_required") == 0);
		if (strncmp(channel, "conn:", 5) == 0 || strncmp(channel, "sessions:", 9) == 0)
			FUZZ_ASSERT(strcmp(r.code, "unknown_channel") == 0);
	}
}

static void
check_accepted(json_t *msg)
{
	const char		*type = json_string_value(json_object_get(msg, "type"));
	const struct api_body	*b;
	json_t			*errors;

	FUZZ_ASSERT(type != NULL);
	FUZZ_ASSERT((b = ws_message_body(type)) != NULL);
	errors = jv_check(msg, b->fields, b->n, false);
	FUZZ_ASSERT(json_array_size(errors) == 0);
	json_decref(errors);
	if (strcmp(type, "subscribe") == 0 || strcmp(type, "unsubscribe") == 0)
		check_channel(json_string_value(json_object_get(msg, "channel")));
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char			*text = fuzz_str(data, size);
	struct http_ws_event	 ev = { .kind = HTTP_WS_MESSAGE, .conn = 1, .text = text, .len = size };
	struct ws_ctx		 x = { .ev = &ev };
	json_t			*error = NULL;
	ws_handler		*handle;

	arena_init(&ev.arena);
	handle = ws_route(&x, &error);
	if (handle == NULL) {
		FUZZ_ASSERT(error != NULL);
		check_error(error);
		json_decref(error);
	} else {
		FUZZ_ASSERT(error == NULL && x.msg != NULL);
		check_accepted(x.msg);
	}
	FUZZ_ASSERT(!x.has_ref || json_is_integer(json_object_get(x.msg, "ref")));
	FUZZ_ASSERT(!x.has_ref || json_integer_value(json_object_get(x.msg, "ref")) == x.ref);
	json_decref(x.msg);
	arena_release(&ev.arena);
	free(text);
	return 0;
}
