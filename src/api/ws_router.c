/*
 * ws_router: the WebSocket channel at /api/v1/ws. One connection per browser
 * tab carries typed JSON messages both ways; this file is their router (a
 * table of message types, each with a jv_field table, like the HTTP routes).
 * The hub, sending and publishing are below it (realtime.c).
 *
 * Who a connection is: decided at open from the session cookie (and
 * refused when the Origin is another site: cookies ride along on cross-site
 * WebSocket upgrades). It is kept as the presence text of the connection's
 * own hub channel "conn:<id>", and every signed-in connection also sits in
 * "sessions:<user id>" with its session's token hash, so that signing out,
 * a changed password, a disabled account or a changed role close its
 * sockets at once (api_disconnect). Every message re-checks the rights
 * besides (rights_current): against the database when one of the
 * connection's rights generations moved (rights.c), its session's end
 * passed, or its last check is a minute old.
 *
 * Client -> server: {"type":"ping"} | {"type":"subscribe","channel","since"?}
 *                   | {"type":"unsubscribe","channel"}; each may carry "ref".
 * Server -> client: welcome, pong, subscribed, unsubscribed, resync, error, and
 *                   {"type":"event","channel","seq","event","data"}.
 * Meeting rooms add their own message types (room.*, signal, chat, hand,
 * media): rooms.c.
 */
#include "realtime.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../base/text.h"

#define MAX_CHANNELS	32	/* subscriptions per connection */
#define CLOSE_ORIGIN	4403
#define RIGHTS_MAX_AGE	60	/* seconds a check is trusted while no generation moves */

#define server	ws_server
#define hub	ws_hub

static void
load_identity(struct ws_ctx *x)
{
	ws_conn_get(x->ev->conn, &x->st);
}

/* Out of its room, then closed: nothing it sends from now on is handled. */
static void
drop(struct ws_ctx *x, int code)
{
	if (code == API_WS_CLOSE_SESSION)
		ws_reply_error(x, "unauthenticated", "the session has ended", NULL);
	if (x->st.room != 0)
		room_closed(x, false);
	http_ws_close(server, x->ev->conn, code,
	    code == API_WS_CLOSE_RIGHTS ? "rights changed" : "session ended");
}

/*
 * The session is still there, its user enabled, with the role and the
 * organization the connection opened with; otherwise the connection is
 * dropped (4401, or 4403 so that the client reconnects with its new rights)
 * and false returned. When the database cannot tell, the message is refused
 * (false) and the connection kept.
 */
static bool
session_current(struct ws_ctx *x, time_t now)
{
	struct db_session	s;
	struct db_user		u;
	char			at[TEXT_TIME_LEN];
	time_t			expires;
	int			rc;

	text_time(now, at);
	rc = db_session_get(x->db, &x->ev->arena, x->st.token_hash, at, &s, &u);
	if (rc == DB_ERR) {
		ws_reply_error(x, "internal", "database error", NULL);
		return false;
	}
	if (rc != DB_OK) {
		drop(x, API_WS_CLOSE_SESSION);
		return false;
	}
	if (api_role_bit(u.role) != x->st.role || u.org_id != x->st.org_id) {
		drop(x, API_WS_CLOSE_RIGHTS);
		return false;
	}
	if (text_time_parse(s.expires_at, &expires) == 0)
		x->st.expires = expires;
	return true;
}

/*
 * Every message's gate: the connection's rights as they are now. Cheap while
 * none of its generations moved, its session (or guest link) has not ended
 * and the last check is recent; otherwise the database is asked again: the
 * session, then the room (room_recheck). False when the message must not
 * be handled (the connection was dropped, or the database could not tell);
 * a connection taken out of its room goes on.
 */
static bool
rights_current(struct ws_ctx *x)
{
	struct conn_state	*st = &x->st;
	time_t			 now = time(NULL);
	uint64_t		 stamp, outside;

	if (st->role == ROLE_PUBLIC && st->room == 0)
		return true;	/* nothing to lose */
	/* both read before the database: a bump after them shows next time */
	stamp = api_rights_stamp(st->user_id, room_of(st));
	outside = api_rights_stamp(st->user_id, 0);
	if (stamp == st->stamp && now < st->expires && now - st->checked < RIGHTS_MAX_AGE)
		return true;
	if (st->role != ROLE_PUBLIC && !session_current(x, now))
		return false;
	switch (room_recheck(x, x->ev->conn, st)) {
	case 0:
		stamp = outside;	/* out of the room now */
		break;
	case -1:
		ws_reply_error(x, "internal", "database error", NULL);
		return false;
	}
	st->stamp = stamp;
	st->checked = now;
	if (st->role == ROLE_PUBLIC)
		st->expires = now + RIGHTS_MAX_AGE;	/* a guest: its link, its meeting */
	ws_conn_put(x->ev->conn, st);
	return true;
}

/* --- channels --- */

static bool
own_user_channel(const struct conn_state *st, const char *rest)
{
	int64_t	id;

	return st->role != ROLE_PUBLIC && text_int(rest, 1, INT64_MAX, &id) == 0 &&
	    id == st->user_id;
}

static bool
anyone(const struct conn_state *st, const char *rest)
{
	(void)st;
	return rest[0] == '\0';
}

/* The members of a room: its signalling, chat and presence. */
static bool
room_member(const struct conn_state *st, const char *rest)
{
	int64_t	id;

	return text_int(rest, 1, INT64_MAX, &id) == 0 && st->room == id;
}

/*
 * The channels a client may subscribe to, and who may. A channel with
 * `entered_by` is not subscribed to but entered with that message, which
 * checks access (rooms.c); `may` then says who is in it.
 */
static const struct channel_kind {
	const char	*prefix;
	bool		 (*may)(const struct conn_state *, const char *rest);
	const char	*entered_by;
} channel_kinds[] = {
	{ "user:", own_user_channel, NULL },	/* notifications about one's own account */
	{ "news", anyone, NULL },		/* publications of the information exchange */
	{ "room:", room_member, "room.join" },	/* a live meeting room */
};

static const struct channel_kind *
channel_kind(const char *channel)
{
	for (size_t i = 0; i < sizeof(channel_kinds) / sizeof(channel_kinds[0]); i++)
		if (text_has_prefix(channel, channel_kinds[i].prefix))
			return &channel_kinds[i];
	return NULL;
}

struct ws_refusal
ws_subscribe_refusal(const struct conn_state *st, const char *channel)
{
	const struct channel_kind *k = channel_kind(channel);

	if (k == NULL)
		return (struct ws_refusal){ "unknown_channel", "no such channel" };
	if (k->entered_by != NULL)
		return (struct ws_refusal){ "join_required", k->may(st, channel + strlen(k->prefix)) ?
		    "already in this room" : "enter this channel with room.join" };
	if (!k->may(st, channel + strlen(k->prefix)))
		return (struct ws_refusal){ st->role == ROLE_PUBLIC ? "unauthenticated" : "forbidden",
		    "you may not subscribe to this channel" };
	return (struct ws_refusal){ NULL, NULL };
}

/* --- message handlers --- */

static void
on_ping(struct ws_ctx *x)
{
	ws_reply(x, json_pack("{s:s}", "type", "pong"));
}

static void
on_subscribe(struct ws_ctx *x)
{
	const char		*channel = jv_str(x->msg, "channel");
	json_t			*since = json_object_get(x->msg, "since");
	struct ws_refusal	 refusal;
	uint64_t		 seq;

	if ((refusal = ws_subscribe_refusal(&x->st, channel)).code != NULL) {
		ws_reply_error(x, refusal.code, refusal.message, NULL);
		return;
	}
	if (rt_count(hub, x->ev->conn) >= MAX_CHANNELS + 2) {	/* + conn: and sessions: */
		ws_reply_error(x, "too_many_channels", "unsubscribe from something first", NULL);
		return;
	}
	rt_join(hub, channel, x->ev->conn, "", &seq);
	ws_reply(x, json_pack("{s:s, s:s, s:I}", "type", "subscribed", "channel", channel,
	    "seq", (json_int_t)seq));
	if (since != NULL && rt_replay(hub, channel, x->ev->conn,
	    (uint64_t)json_integer_value(since)) == -1)
		ws_send_json(x->ev->conn, json_pack("{s:s, s:s, s:I}", "type", "resync",
		    "channel", channel, "seq", (json_int_t)seq));
}

static void
on_unsubscribe(struct ws_ctx *x)
{
	const char	*channel = jv_str(x->msg, "channel");

	const struct channel_kind *k = channel_kind(channel);

	if (k != NULL && k->entered_by == NULL)	/* never conn:, sessions: or a room */
		rt_leave(hub, channel, x->ev->conn);
	ws_reply(x, json_pack("{s:s, s:s}", "type", "unsubscribed", "channel", channel));
}

/* The messages a client sends: contract/realtime.json, made into build/gen/ws_messages.inc. */
static const struct message_type {
	const char		*type;
	const struct api_body	*body;		/* its check table */
	ws_handler		*handle;
} message_types[] = {
#define WS_MESSAGE(type, body, handler)	{ type, &body, handler },
#include "ws_messages.inc"
#undef WS_MESSAGE
};

static const struct message_type *
message_type(const char *type)
{
	for (size_t i = 0; type != NULL && i < sizeof(message_types) / sizeof(message_types[0]); i++)
		if (strcmp(message_types[i].type, type) == 0)
			return &message_types[i];
	return NULL;
}

const struct api_body *
ws_message_body(const char *type)
{
	const struct message_type	*t = message_type(type);

	return t != NULL ? t->body : NULL;
}

/* --- events from the WebSocket layer --- */

static void
on_open(struct ws_ctx *x)
{
	struct api_caller	c;
	struct conn_state	*st = &x->st;
	char			channel[48];
	uint64_t		seq;
	json_t			*user;

	if (!api_same_origin(x->ev->origin, x->ev->host, x->settings->public_url)) {
		ws_send_json(x->ev->conn, json_pack("{s:s, s:s, s:s}", "type", "error",
		    "code", "forbidden", "message", "cross-site connections are refused"));
		http_ws_close(server, x->ev->conn, CLOSE_ORIGIN, "cross-site");
		return;
	}
	if (api_caller_from_cookie(x->db, &x->ev->arena, x->ev->cookie, &c) == -1) {
		http_ws_close(server, x->ev->conn, 1011, "database error");
		return;
	}
	/*
	 * Not marked checked: the user's generation could not be read before the
	 * session was (the user was not known yet), so the first message checks
	 * again. A change committed meanwhile closes the connection at once if
	 * it is in "sessions:" by then, else at that check.
	 */
	memset(st, 0, sizeof(*st));
	st->role = c.role;
	snprintf(st->token_hash, sizeof(st->token_hash), "%s",
	    c.role == ROLE_PUBLIC ? "-" : c.token_hash);
	user = json_null();
	if (c.role != ROLE_PUBLIC) {
		st->user_id = c.user.id;
		st->org_id = c.user.org_id;
		snprintf(channel, sizeof(channel), "sessions:%lld", (long long)c.user.id);
		rt_join(hub, channel, x->ev->conn, c.token_hash, &seq);
		user = json_pack("{s:I, s:s, s:s}", "id", (json_int_t)c.user.id,
		    "name", c.user.name, "role", c.user.role);
	}
	ws_conn_put(x->ev->conn, st);
	ws_send_json(x->ev->conn, json_pack("{s:s, s:s, s:o, s:{s:I, s:i, s:i}}",
	    "type", "welcome", "conn", arena_printf(&x->ev->arena, "%" PRIx64, x->ev->conn),
	    "user", user, "limits", "max_message", (json_int_t)API_WS_MAX_MESSAGE,
	    "rate", API_WS_RATE, "channels", MAX_CHANNELS));
}

ws_handler *
ws_route(struct ws_ctx *x, json_t **error)
{
	const struct message_type *t;
	json_t			*errors, *ref;
	char			 err[160];

	x->msg = jv_parse_object(x->ev->text, x->ev->len, err, sizeof(err));
	if (x->msg == NULL) {
		*error = ws_error_body("invalid_json", err, NULL);
		return NULL;
	}
	ref = json_object_get(x->msg, "ref");
	if (json_is_integer(ref)) {
		x->has_ref = true;
		x->ref = json_integer_value(ref);
	}
	if ((t = message_type(jv_str(x->msg, "type"))) == NULL) {
		*error = ws_error_body("unknown_type", "no such message type", NULL);
		return NULL;
	}
	errors = jv_check(x->msg, t->body->fields, t->body->n, false);
	if (json_array_size(errors) > 0) {
		*error = ws_error_body("validation_failed", "the message has invalid fields", errors);
		return NULL;
	}
	json_decref(errors);
	return t->handle;
}

static void
on_message(struct ws_ctx *x)
{
	json_t		*error = NULL;
	ws_handler	*handle = ws_route(x, &error);

	if (handle == NULL)
		ws_reply(x, error);
	else {
		load_identity(x);
		if (rights_current(x))
			handle(x);
	}
	json_decref(x->msg);
}

void
api_ws_event(struct http_ws_event *ev)
{
	struct api_worker *w = ev->worker;
	struct ws_ctx	x = { .ev = ev, .db = w->db, .settings = w->settings };

	switch (ev->kind) {
	case HTTP_WS_OPEN:
		on_open(&x);
		break;
	case HTTP_WS_MESSAGE:
		on_message(&x);
		break;
	case HTTP_WS_CLOSE:
		load_identity(&x);
		if (x.st.room != 0)	/* closed for its session or rights: left, not dropped */
			room_closed(&x, ev->close_code != API_WS_CLOSE_SESSION &&
			    ev->close_code != API_WS_CLOSE_RIGHTS);
		rt_leave_all(hub, ev->conn, NULL, NULL);
		break;
	}
}
