/*
 * realtime.h: the WebSocket connections (realtime.c) as the message
 * handlers see them: the router (ws_router.c), the rooms (rooms.c) and
 * their media (sfu.c). Internal to src/api.
 */
#ifndef API_REALTIME_H
#define API_REALTIME_H

#include "api.h"

#include "../rt/rt.h"

/*
 * Who a connection is and which room it is in, kept as the presence text of
 * its own hub channel "conn:<id>", and when its rights were last checked:
 * the stamp of its generations then (api_rights_stamp), the time, and when
 * the session (or guest link) ends.
 */
struct conn_state {
	int64_t		 user_id;
	unsigned	 role;
	char		 token_hash[72];	/* "-" when anonymous */
	int64_t		 room;			/* meeting id; -id: in its lobby; 0: none */
	int64_t		 attendance;		/* its room_attendance row */
	int64_t		 guest;			/* guest link id when entered as a guest */
	int64_t		 org_id;		/* the organization it opened with */
	uint64_t	 stamp;
	int64_t		 checked, expires;	/* Unix times */
};

struct ws_ctx {
	struct http_ws_event	*ev;
	struct db		*db;
	const struct api_settings *settings;
	json_t			*msg;
	json_int_t		 ref;
	bool			 has_ref;
	struct conn_state	 st;
};

typedef void	ws_handler(struct ws_ctx *x);

/*
 * ws_router.c: the router's part that needs no connection, hub or database (the fuzz
 * driver tests/fuzz/ws_router.c calls it): one text message (x->ev->text)
 * parsed into x->msg, its "ref" into x->ref, its type looked up and its
 * fields checked. Returns the type's handler, or NULL with *error set to the
 * reply {"type":"error","code","message","errors"?}. The caller frees x->msg.
 */
ws_handler	*ws_route(struct ws_ctx *x, json_t **error);

/* Why st may not subscribe to channel: an error code and message; code NULL when it may. */
struct ws_refusal {
	const char	*code, *message;
};
struct ws_refusal ws_subscribe_refusal(const struct conn_state *st, const char *channel);

extern struct http_server	*ws_server;
extern struct rt_hub		*ws_hub;

/* {"type":"error","code","message","errors"?} (steals errors) */
json_t	*ws_error_body(const char *code, const char *message, json_t *errors);
/* Sends body (stolen) to one connection. */
void	ws_send_json(uint64_t conn, json_t *body);
/* A reply to the message being handled, carrying its "ref" back (steals body). */
void	ws_reply(struct ws_ctx *x, json_t *body);
void	ws_reply_error(struct ws_ctx *x, const char *code, const char *message, json_t *errors);
void	ws_conn_get(uint64_t conn, struct conn_state *st);	/* zeroed when unknown */
void	ws_conn_put(uint64_t conn, const struct conn_state *st);
/* "<hex>" of a connection id and back; 0 when not one. */
const char *ws_conn_name(struct arena *a, uint64_t conn);
uint64_t ws_conn_parse(const char *s);

/* rooms.c: the message handlers of live meeting rooms */
void	room_join(struct ws_ctx *x);
void	room_leave(struct ws_ctx *x);
void	room_signal(struct ws_ctx *x);
void	room_chat(struct ws_ctx *x);
void	room_hand(struct ws_ctx *x);
void	room_media_state(struct ws_ctx *x);
void	room_control(struct ws_ctx *x);
/*
 * The connection closed, or is being closed: leave its room, end its
 * attendance. dropped: it went away by itself (a network change), which a
 * recording outlasts for --room-host-grace; not when the server ends it
 * (the session ended, rights changed): that is a host leaving.
 */
void	room_closed(struct ws_ctx *x, bool dropped);
/*
 * Whether conn (its state st) may still be in its room or lobby: 1 when it
 * may (or is in none); 0 when not, and then it has left and been sent
 * room.removed with the reason; -1 when the database could not tell.
 */
int	room_recheck(struct ws_ctx *x, uint64_t conn, struct conn_state *st);
/* The meeting id of st's room or lobby; 0 when in none. */
int64_t	room_of(const struct conn_state *st);
/* The check table of a message type a client may send (contract/realtime.json); NULL: none. */
const struct api_body *ws_message_body(const char *type);

#endif
