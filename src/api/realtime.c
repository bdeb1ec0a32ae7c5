/*
 * realtime: the WebSocket channel at /api/v1/ws as the rest of the API
 * sees it: the hub of channels (src/rt), sending to one connection or
 * replying to the message at hand, the bridge from HTTP handlers to
 * subscribers (api_publish), closing a user's connections (api_disconnect),
 * and each connection's state. What comes in over a connection is handled
 * above, by the router (ws_router.c) and the rooms (rooms.c).
 *
 * A connection's state is kept as the presence text of its own hub channel
 * "conn:<id>"; every signed-in connection also sits in "sessions:<user id>"
 * with its session's token hash, so that signing out, a changed password, a
 * disabled account or a changed role close its sockets at once
 * (api_disconnect).
 */
#include "realtime.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct http_server	*ws_server;
struct rt_hub		*ws_hub;
#define server	ws_server
#define hub	ws_hub

/* --- sending --- */

void
ws_send_json(uint64_t conn, json_t *body)
{
	char	*text = json_dumps(body, JSON_COMPACT);

	json_decref(body);
	if (text == NULL)
		return;
	http_ws_send(server, &conn, 1, text, strlen(text));
	free(text);
}

/* A reply to the message being handled, carrying its "ref" back. */
void
ws_reply(struct ws_ctx *x, json_t *body)
{
	if (x->has_ref)
		json_object_set_new(body, "ref", json_integer(x->ref));
	ws_send_json(x->ev->conn, body);
}

json_t *
ws_error_body(const char *code, const char *message, json_t *errors)
{
	json_t	*body = json_pack("{s:s, s:s, s:s}", "type", "error", "code", code,
	    "message", message);

	if (errors != NULL)
		json_object_set_new(body, "errors", errors);
	return body;
}

void
ws_reply_error(struct ws_ctx *x, const char *code, const char *message, json_t *errors)
{
	ws_reply(x, ws_error_body(code, message, errors));
}

static void
hub_send(void *arg, const uint64_t *conns, size_t n, const char *text, size_t len)
{
	(void)arg;
	http_ws_send(server, conns, n, text, len);
}

struct event_build {
	const char	*channel, *event;
	json_t		*data;
};

static char *
build_event(uint64_t seq, void *arg, size_t *len)
{
	struct event_build	*b = arg;
	json_t			*body = json_pack("{s:s, s:s, s:I, s:s, s:O}", "type", "event",
				    "channel", b->channel, "seq", (json_int_t)seq, "event", b->event,
				    "data", b->data);
	char			*text = json_dumps(body, JSON_COMPACT);

	json_decref(body);
	*len = text ? strlen(text) : 0;
	return text;
}

void
api_publish(const char *channel, const char *event, json_t *data)
{
	struct event_build	b = { channel, event, data };

	if (hub != NULL)
		rt_publish(hub, channel, 0, build_event, &b);
	json_decref(data);
}

struct disconnect {
	const char	*only, *keep;	/* token hashes, NULL: any, none */
	json_t		*conns;
};

/* A member of "sessions:<user id>", whose presence is its session's token hash. */
static void
collect_session(uint64_t conn, const char *presence, void *arg)
{
	struct disconnect	*d = arg;

	if ((d->only != NULL && strcmp(presence, d->only) != 0) ||
	    (d->keep != NULL && strcmp(presence, d->keep) == 0))
		return;
	json_array_append_new(d->conns, json_integer((json_int_t)conn));
}

void
api_disconnect(int64_t user_id, const char *only, const char *keep, int code)
{
	char			 channel[48];
	struct disconnect	 d = { only, keep, NULL };
	json_t			*c;
	size_t			 i;

	if (hub == NULL)
		return;
	d.conns = json_array();
	snprintf(channel, sizeof(channel), "sessions:%" PRId64, user_id);
	rt_members(hub, channel, collect_session, &d);
	json_array_foreach(d.conns, i, c)
		http_ws_close(server, (uint64_t)json_integer_value(c), code,
		    code == API_WS_CLOSE_RIGHTS ? "rights changed" : "session ended");
	json_decref(d.conns);
}

/* --- who the connection is --- */

static void
conn_channel(char *buf, size_t len, uint64_t conn)
{
	snprintf(buf, len, "conn:%" PRIx64, conn);
}

#define STATE_FORMAT	"%lld %u %71s %lld %lld %lld %lld %" SCNu64 " %lld %lld"

static void
read_state(uint64_t conn, const char *presence, void *arg)
{
	struct conn_state	*st = arg;
	long long		 user = 0, room = 0, att = 0, guest = 0, org = 0, checked = 0,
				 expires = 0;
	uint64_t		 stamp = 0;
	unsigned		 role = ROLE_PUBLIC;

	(void)conn;
	if (sscanf(presence, STATE_FORMAT, &user, &role, st->token_hash, &room, &att, &guest,
	    &org, &stamp, &checked, &expires) == 10) {
		st->user_id = user;
		st->role = role;
		st->room = room;
		st->attendance = att;
		st->guest = guest;
		st->org_id = org;
		st->stamp = stamp;
		st->checked = checked;
		st->expires = expires;
	}
}

void
ws_conn_get(uint64_t conn, struct conn_state *st)
{
	char	channel[40];

	memset(st, 0, sizeof(*st));
	st->role = ROLE_PUBLIC;
	conn_channel(channel, sizeof(channel), conn);
	rt_members(hub, channel, read_state, st);
}

void
ws_conn_put(uint64_t conn, const struct conn_state *st)
{
	char		channel[40], presence[256];
	uint64_t	seq;

	snprintf(presence, sizeof(presence), "%lld %u %s %lld %lld %lld %lld %" PRIu64 " %lld %lld",
	    (long long)st->user_id, st->role, st->token_hash[0] ? st->token_hash : "-",
	    (long long)st->room, (long long)st->attendance, (long long)st->guest,
	    (long long)st->org_id, st->stamp, (long long)st->checked, (long long)st->expires);
	conn_channel(channel, sizeof(channel), conn);
	rt_join(hub, channel, conn, presence, &seq);
}

const char *
ws_conn_name(struct arena *a, uint64_t conn)
{
	return arena_printf(a, "%" PRIx64, conn);
}

uint64_t
ws_conn_parse(const char *s)
{
	char			*end;
	unsigned long long	 v;

	if (s == NULL || s[0] == '\0' || strlen(s) > 16 || s[0] == '-' || s[0] == '+')
		return 0;
	v = strtoull(s, &end, 16);
	return *end == '\0' ? (uint64_t)v : 0;
}

void
api_realtime_start(struct http_server *srv)
{
	server = srv;
	hub = rt_hub_new(hub_send, NULL);
}

void
api_realtime_stop(void)
{
	rt_hub_free(hub);
	hub = NULL;
	server = NULL;
}
