/*
 * rooms: live meeting rooms over the realtime channel. A video or hybrid
 * meeting has a room, the hub channel "room:<meeting id>"; its members are
 * the connections inside, each with its participant card (name, post,
 * organization, city, country, protocol position, hand, devices) as the
 * presence text (room_members.c). Guests wait in "lobby:<meeting id>" until a host admits
 * them; a guest link admits max_guests people at a time (one unless the
 * host said more), and dies when revoked or when the meeting is over. What
 * the room keeps afterwards — chat and attendance — goes to the database;
 * the lock, the current agenda item and the hand order live here.
 *
 * A member speaks (publishes; at most ROOM_MAX_SPEAKERS) or listens (only
 * receives): decided at entering by the meeting's list (user_speaks) or the
 * guest link, changed by a host (promote, demote). Presence shows everyone
 * the speakers, the number of listeners and the raised hands; hosts also
 * get the listeners (room.listeners).
 *
 * Who may be in a room is decided by admit() from the database, at
 * room.join and again whenever the connection's rights may have changed
 * (room_recheck: on its next message when a rights generation moved, and at
 * once from the HTTP handler that changed the meeting or revoked a link).
 *
 * Media goes through struct room_media: the embedded mesh relays offers,
 * answers and ICE candidates between two peers of the same room; the SFU
 * (sfu.c) terminates them on Janus instead (docs/architecture.md), and
 * records the room when a host asks: the recording in progress is part of
 * the room's state, which everyone inside is sent. It stops when a host
 * stops it, the meeting ends, no host is left in the room, or the server
 * stops.
 */
#include "room_media.h"

#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../base/alloc.h"
#include "../base/log.h"
#include "../base/text.h"
#include "../base/ticker.h"
#include "../media/media.h"
#include "../media/recording.h"
#include "../media/turn.h"

#define CHAT_HISTORY	200	/* messages sent on join */
#define CHAT_MAX	2000	/* characters */
#define POS_STAFF	900	/* protocol position of someone not on the list */
#define POS_GUEST	1000

#define N(a)	(sizeof(a) / sizeof(a[0]))

/* What every room message carries: its type, an optional ref, the meeting. */
/* --- media: the mesh (the SFU is sfu.c) --- */

/* Every pair of browsers talks directly; the server relays to the one named peer. */
static const char *
mesh_signal(struct ws_ctx *x, int64_t room, const char *to, const char *kind, json_t *data)
{
	uint64_t	 peer_conn = ws_conn_parse(to);
	json_t		*peer;

	if (peer_conn == 0 || peer_conn == x->ev->conn)
		return "invalid_peer";
	if (strcmp(kind, "restart") == 0)	/* the media server's: peers renegotiate themselves */
		return "invalid_signal";
	if ((peer = room_member_get(room, peer_conn)) == NULL)
		return "peer_not_in_room";
	json_decref(peer);
	ws_send_json(peer_conn, json_pack("{s:s, s:I, s:s, s:s, s:O}", "type", "signal",
	    "meeting", (json_int_t)room, "from", ws_conn_name(&x->ev->arena, x->ev->conn),
	    "kind", kind, "data", data));
	return NULL;
}

static void
mesh_nothing(int64_t room, uint64_t conn)
{
	(void)room;
	(void)conn;
}

/* The mesh cannot keep a browser from sending: a listener's honest client sends nothing. */
static void
mesh_role(int64_t room, uint64_t conn, bool speaker)
{
	(void)room;
	(void)conn;
	(void)speaker;
}

/* The mesh cannot stop a browser's media: the honest client obeys room.mute. */
static const char *
mesh_moderate(int64_t room, uint64_t conn, const char *kind, bool mute)
{
	(void)room;
	(void)conn;
	(void)kind;
	(void)mute;
	return NULL;
}

static void
mesh_close(int64_t room)
{
	(void)room;
}

/* Nothing passes through the server to record. */
static const char *
mesh_record(struct db *db, int64_t room, int64_t rec)
{
	(void)db;
	(void)room;
	return rec != 0 ? "recording_unavailable" : NULL;
}

const struct room_media	room_mesh = {
	"mesh", mesh_role, mesh_nothing, mesh_signal, mesh_nothing, mesh_moderate, mesh_nothing, mesh_role,
	mesh_close, mesh_record,
};

/* --- what lives in memory: lock, agenda item, hand order --- */

/*
 * A host's word about a person, kept for when they come back (a dropped
 * connection, a reload): given the floor or made a listener, and their
 * microphone or camera stopped.
 */
struct floor_grant {
	int64_t		 user, guest;	/* the user; else a one-person guest link */
	bool		 decided;	/* speaker says what a host decided */
	bool		 speaker;
	bool		 blocked[2];	/* audio, video stopped by a host */
};

#define FLOOR_MAX	1024	/* grants a room keeps; the oldest go first */

struct room_state {
	int64_t			 id;
	bool			 locked;
	int64_t			 agenda_item;	/* 0: none; else 1-based */
	int64_t			 hands;		/* last hand number given */
	const struct room_media	*media;		/* chosen by its first member; NULL when empty */
	int64_t			 recording;	/* in progress; 0: none, -1: starting */
	char			 recording_since[TEXT_TIME_LEN];
	char			 recording_by[256];	/* the host who started it */
	struct floor_grant	*floor;		/* read and written under rooms_lock only */
	size_t			 nfloor;
	time_t			 host_lost;	/* the last host's connection dropped while recording; 0: no */
};

static pthread_mutex_t	 rooms_lock = PTHREAD_MUTEX_INITIALIZER;
static struct room_state *rooms;
static size_t		 nrooms, rooms_cap;

/* A copy of the room's state; with update, change it under the lock. */
static struct room_state
room_state(int64_t id, void (*update)(struct room_state *, void *), void *arg)
{
	struct room_state	*r = NULL, out;

	pthread_mutex_lock(&rooms_lock);
	for (size_t i = 0; i < nrooms; i++)
		if (rooms[i].id == id)
			r = &rooms[i];
	if (r == NULL) {
		if (nrooms == rooms_cap) {
			rooms_cap = rooms_cap ? rooms_cap * 2 : 16;
			rooms = xrealloc(rooms, rooms_cap * sizeof(*rooms));
		}
		r = &rooms[nrooms++];
		memset(r, 0, sizeof(*r));
		r->id = id;
	}
	if (update != NULL)
		update(r, arg);
	out = *r;
	pthread_mutex_unlock(&rooms_lock);
	return out;
}

static void
set_locked(struct room_state *r, void *arg)
{
	r->locked = *(bool *)arg;
}

static void
set_agenda(struct room_state *r, void *arg)
{
	r->agenda_item = *(int64_t *)arg;
}

static void
next_hand(struct room_state *r, void *arg)
{
	*(int64_t *)arg = ++r->hands;
}

/* The room's media: the SFU when the media server is up as its first member enters. */
static void
choose_media(struct room_state *r, void *arg)
{
	(void)arg;
	if (r->media == NULL)
		r->media = media_ready() ? &room_sfu : &room_mesh;
}

/* An empty room chooses again when someone next enters. */
static void
forget_media(struct room_state *r, void *arg)
{
	json_t	*list = room_members("room", r->id, 0);

	(void)arg;
	if (json_array_size(list) == 0)
		r->media = NULL;
	json_decref(list);
}

/* Whether room is on the mesh, or will be when its first member enters now. */
static bool
on_mesh(int64_t room)
{
	const struct room_media	*m = room_state(room, NULL, NULL).media;

	return m != NULL ? m == &room_mesh : !media_ready();
}

/* The media of room (of its members), the mesh when it has none. */
static const struct room_media *
media_of(int64_t room)
{
	const struct room_media	*m = room_state(room, NULL, NULL).media;

	return m != NULL ? m : &room_mesh;
}

static void
reset_room(struct room_state *r, void *arg)
{
	(void)arg;
	r->locked = false;
	r->agenda_item = 0;
	r->hands = 0;
	free(r->floor);
	r->floor = NULL;
	r->nfloor = 0;
}

/* Whose a card is, for the floor: its user, else its guest link when that admits one person. */
static struct floor_grant
floor_key(json_t *card)
{
	struct floor_grant	g = { 0 };

	g.user = json_integer_value(json_object_get(card, "user"));
	if (g.user == 0 && json_is_true(json_object_get(card, "single")))
		g.guest = json_integer_value(json_object_get(card, "guest"));
	return g;
}

static struct floor_grant *
floor_find(struct room_state *r, const struct floor_grant *key)
{
	for (size_t i = 0; i < r->nfloor; i++)
		if (r->floor[i].user == key->user && r->floor[i].guest == key->guest)
			return &r->floor[i];
	return NULL;
}

/* The room's record of key's person, made (nothing decided) when there is none. */
static struct floor_grant *
floor_entry(struct room_state *r, const struct floor_grant *key)
{
	struct floor_grant	*had = floor_find(r, key);

	if (had != NULL)
		return had;
	if (r->nfloor == FLOOR_MAX)
		memmove(r->floor, r->floor + 1, --r->nfloor * sizeof(*r->floor));
	if (r->floor == NULL)
		r->floor = xcalloc(FLOOR_MAX, sizeof(*r->floor));
	r->floor[r->nfloor] = (struct floor_grant){ .user = key->user, .guest = key->guest };
	return &r->floor[r->nfloor++];
}

/* arg: a key with its speaker decided. */
static void
remember_speaker(struct room_state *r, void *arg)
{
	const struct floor_grant	*g = arg;
	struct floor_grant		*e = floor_entry(r, g);

	e->decided = true;
	e->speaker = g->speaker;
}

/* arg: a key with its blocks as a host just set them. */
static void
remember_blocks(struct room_state *r, void *arg)
{
	const struct floor_grant	*g = arg;

	memcpy(floor_entry(r, g)->blocked, g->blocked, sizeof(g->blocked));
}

/* arg: the key in, its grant out (user and guest 0: none). */
static void
recall_floor(struct room_state *r, void *arg)
{
	struct floor_grant	*g = arg, *had = floor_find(r, g);

	*g = had != NULL ? *had : (struct floor_grant){ 0 };
}

/* A recording may start (none is in progress or starting): *arg true, and it is starting. */
static void
claim_recording(struct room_state *r, void *arg)
{
	*(bool *)arg = r->recording == 0;
	if (r->recording == 0)
		r->recording = -1;
}

struct recording_now {
	int64_t		 id;		/* 0: none */
	const char	*since, *by;
};

static void
set_recording(struct room_state *r, void *arg)
{
	const struct recording_now *n = arg;

	r->recording = n->id;
	snprintf(r->recording_since, sizeof(r->recording_since), "%s", n->id ? n->since : "");
	snprintf(r->recording_by, sizeof(r->recording_by), "%s", n->id ? n->by : "");
}

/* The recording in progress is taken out of the room's state (*arg, 0 when none). */
static void
take_recording(struct room_state *r, void *arg)
{
	*(int64_t *)arg = r->recording > 0 ? r->recording : 0;
	if (r->recording > 0)
		set_recording(r, &(struct recording_now){ 0, NULL, NULL });
	r->host_lost = 0;
}

/* The last host's connection dropped: its recording waits for a host to come back (*arg: when). */
static void
lose_host(struct room_state *r, void *arg)
{
	if (r->recording > 0 && r->host_lost == 0)
		r->host_lost = *(time_t *)arg;
}

/* A host is inside again: nothing waits. */
static void
host_back(struct room_state *r, void *arg)
{
	(void)arg;
	r->host_lost = 0;
}

/* --- members --- */

static json_int_t
jint(json_t *o, const char *k)
{
	return json_integer_value(json_object_get(o, k));
}

/* Protocol order: position on the list, then who came first. */
static int
by_protocol(const void *a, const void *b)
{
	json_t		*x = *(json_t *const *)a, *y = *(json_t *const *)b;
	json_int_t	 px = jint(x, "position"), py = jint(y, "position");

	if (px != py)
		return px < py ? -1 : 1;
	return jint(x, "attendance") < jint(y, "attendance") ? -1 :
	    jint(x, "attendance") > jint(y, "attendance");
}

static bool
is_speaker(json_t *card)
{
	return json_is_true(json_object_get(card, "speaker"));
}

/* Who hands go up in order: raised hands first by their number. */
static int
by_hand(const void *a, const void *b)
{
	json_int_t	x = jint(*(json_t *const *)a, "hand"), y = jint(*(json_t *const *)b, "hand");

	return x < y ? -1 : x > y;
}

/* A card as the others see it: without what the server keeps for itself. */
static json_t *
public_card(json_t *m)
{
	json_t	*c = json_deep_copy(m);

	json_object_del(c, "attendance");
	json_object_del(c, "guest");
	json_object_del(c, "hand_window");
	json_object_del(c, "hand_changes");
	json_object_del(c, "single");
	return c;
}

/*
 * Of list (the room's members), one list of public cards: speakers (want
 * true) or listeners (false), in protocol order; hands instead of want,
 * the members with a raised hand in the order they raised it.
 */
static json_t *
select_cards(json_t *list, int want, bool hands)
{
	json_t	*out = json_array(), **v;
	size_t	 n = json_array_size(list), k = 0;

	v = xcalloc(n ? n : 1, sizeof(*v));
	for (size_t i = 0; i < n; i++) {
		json_t	*m = json_array_get(list, i);

		if (hands ? jint(m, "hand") > 0 : is_speaker(m) == want)
			v[k++] = m;
	}
	qsort(v, k, sizeof(*v), by_protocol);
	if (hands)
		qsort(v, k, sizeof(*v), by_hand);
	for (size_t i = 0; i < k; i++)
		json_array_append_new(out, public_card(v[i]));
	free(v);
	return out;
}

/*
 * What everyone sees of the room, from one reading of its members: the
 * speakers (participants), how many listen, the raised hands.
 */
static json_t *
presence_json(json_t *list)
{
	json_t		*m;
	json_int_t	 listeners = 0;
	size_t		 i;

	json_array_foreach(list, i, m)
		listeners += !is_speaker(m);
	return json_pack("{s:o, s:I, s:o}", "participants", select_cards(list, true, false),
	    "listeners", listeners, "hands", select_cards(list, 0, true));
}

static void
publish(int64_t room, const char *event, json_t *data)
{
	char	channel[48];

	room_channel(channel, sizeof(channel), "room", room);
	api_publish(channel, event, data);
}

/*
 * Read and publish under one lock: two members changing at once must not
 * send an older list after a newer one (clients keep the last seq).
 */
static pthread_mutex_t	 presence_lock = PTHREAD_MUTEX_INITIALIZER;

static void
publish_presence(int64_t room)
{
	json_t	*list, *listeners = NULL, *m;
	size_t	 i;

	pthread_mutex_lock(&presence_lock);
	list = room_members("room", room, 0);
	publish(room, "presence", presence_json(list));
	/* the hosts also see who listens */
	json_array_foreach(list, i, m) {
		if (!json_is_true(json_object_get(m, "host")))
			continue;
		if (listeners == NULL)
			listeners = select_cards(list, false, false);
		ws_send_json(ws_conn_parse(jv_str(m, "conn")), json_pack("{s:s, s:I, s:O}",
		    "type", "room.listeners", "meeting", (json_int_t)room, "listeners", listeners));
	}
	json_decref(listeners);
	json_decref(list);
	pthread_mutex_unlock(&presence_lock);
}

static void
publish_lobby(int64_t room)
{
	publish(room, "lobby", json_pack("{s:o}", "waiting", room_members("lobby", room, 0)));
}

static json_t *
state_json(const struct room_state *r)
{
	return json_pack("{s:b, s:I, s:o}", "locked", r->locked, "agenda_item",
	    (json_int_t)r->agenda_item, "recording", r->recording > 0 ?
	    json_pack("{s:I, s:s, s:s}", "id", (json_int_t)r->recording, "since",
	    r->recording_since, "by", r->recording_by) :
	    json_null());
}

/* Whether a host is in the room. */
static bool
host_inside(int64_t room)
{
	json_t	*list = room_members("room", room, 0), *m;
	size_t	 i;
	bool	 yes = false;

	json_array_foreach(list, i, m)
		yes = yes || json_is_true(json_object_get(m, "host"));
	json_decref(list);
	return yes;
}

/*
 * The room's recording, if one is in progress, stops: the media server
 * closes its files, and the converter makes them playable. Everyone inside
 * is told when tell. False when nothing was recording.
 */
static bool
stop_recording(struct db *db, int64_t room, bool tell)
{
	int64_t			id;
	struct room_state	r = room_state(room, take_recording, &id);

	if (id == 0)
		return false;
	media_of(room)->record(db, room, 0);
	if (recording_end(db, id) == -1)
		log_warn("room %lld: recording %lld is left recording", (long long)room, (long long)id);
	if (tell)
		publish(room, "state", state_json(&r));
	return true;
}

/* --- entering and leaving --- */

static const char *
now_text(struct arena *a)
{
	char	*t = arena_alloc(a, TEXT_TIME_LEN);

	text_time(time(NULL), t);
	return t;
}

static json_t *
meeting_json(const struct db_meeting *m)
{
	json_t	*agenda = json_array();

	for (size_t i = 0; i < m->nagenda; i++)
		json_array_append_new(agenda, json_pack("{s:s, s:s, s:s?, s:I}",
		    "title_ru", m->agenda[i].title_ru, "title_en", m->agenda[i].title_en,
		    "presenter", m->agenda[i].presenter, "minutes", (json_int_t)m->agenda[i].minutes));
	return json_pack("{s:I, s:s, s:s, s:s, s:s?, s:I, s:s, s:s, s:o}",
	    "id", (json_int_t)m->id, "title_ru", m->title_ru, "title_en", m->title_en,
	    "status", m->status, "starts_at", m->starts_at, "duration", (json_int_t)m->duration,
	    "host_name_ru", m->host_name_ru ? m->host_name_ru : "",
	    "host_name_en", m->host_name_en ? m->host_name_en : "", "agenda", agenda);
}

static json_t *
chat_json(struct ws_ctx *x, int64_t room)
{
	struct db_room_chat	*c = NULL;
	size_t			 n = 0;
	json_t			*out = json_array();

	if (db_room_chat_list(x->db, &x->ev->arena, room, CHAT_HISTORY, &c, &n) != DB_OK)
		return out;
	for (size_t i = 0; i < n; i++)
		json_array_append_new(out, json_pack("{s:I, s:s, s:s, s:s}", "id",
		    (json_int_t)c[i].id, "author", c[i].author, "text", c[i].text,
		    "created_at", c[i].created_at));
	return out;
}

/*
 * The room keeper (api_room_keeper_start): a thread with its own database
 * connection that stops the recordings whose host did not come back in time.
 */
static long	keep_rooms(void *arg);
static struct {
	struct ticker	 t;
	struct db	*db;
	long		 grace;		/* seconds; 0: no keeper, a recording stops at once */
} keeper = { .t = TICKER_INIT("the room keeper", keep_rooms, NULL) };

/*
 * No host is left in room. One who leaves on purpose ends the recording
 * (nobody could stop it any more); a dropped connection (a network change, a
 * reload) gives a host keeper.grace seconds to come back before it ends.
 */
static void
no_host_left(struct db *db, int64_t room, bool dropped)
{
	time_t	now = time(NULL);

	if (dropped && keeper.grace > 0) {
		if (room_state(room, lose_host, &now).host_lost == now) {
			log_info("room %lld: the last host's connection dropped: the recording stops in %ld s "
			    "unless a host comes back", (long long)room, keeper.grace);
			ticker_wake(&keeper.t);
		}
		return;
	}
	if (stop_recording(db, room, true))
		log_info("room %lld: no host is left: the recording stopped", (long long)room);
}

/*
 * The ids of the rooms recording now that pick(room, arg) takes, read under
 * the lock (*n of them; free it); NULL pick: all of them.
 */
static int64_t *
recording_rooms(bool (*pick)(const struct room_state *, void *), void *arg, size_t *n)
{
	int64_t	*ids;

	*n = 0;
	pthread_mutex_lock(&rooms_lock);
	ids = xcalloc(nrooms + 1, sizeof(*ids));
	for (size_t i = 0; i < nrooms; i++)
		if (rooms[i].recording > 0 && (pick == NULL || pick(&rooms[i], arg)))
			ids[(*n)++] = rooms[i].id;
	pthread_mutex_unlock(&rooms_lock);
	return ids;
}

/* When the keeper looks: now, and the next moment a room is due after it (0: none). */
struct keeper_look {
	time_t	now, next;
};

/* Whether r's host has been away for keeper.grace seconds by now; else notes when it will have. */
static bool
host_away_long(const struct room_state *r, void *arg)
{
	struct keeper_look	*k = arg;
	time_t			 due = r->host_lost + keeper.grace;

	if (r->host_lost == 0)
		return false;
	if (due <= k->now)
		return true;
	if (k->next == 0 || due < k->next)
		k->next = due;
	return false;
}

/* Stops what waited long enough; runs again when the next one is due (or when woken). */
static long
keep_rooms(void *arg)
{
	struct keeper_look	 k = { time(NULL), 0 };
	size_t			 n;
	int64_t			*ids = recording_rooms(host_away_long, &k, &n);

	(void)arg;
	for (size_t i = 0; i < n; i++)
		if (stop_recording(keeper.db, ids[i], true))
			log_info("room %lld: no host came back in %ld s: the recording stopped",
			    (long long)ids[i], keeper.grace);
	free(ids);
	return k.next > k.now ? (long)(k.next - k.now) : 3600;
}

int
api_room_keeper_start(const char *db_path, long grace)
{
	if (grace <= 0)
		return 0;
	if ((keeper.db = db_open(db_path)) == NULL)
		return -1;
	keeper.grace = grace;
	if (ticker_start(&keeper.t, 0) == -1) {
		db_close(keeper.db);
		keeper.grace = 0;
		return -1;
	}
	return 0;
}

void
api_room_keeper_stop(void)
{
	if (ticker_stop(&keeper.t))
		db_close(keeper.db);
	keeper.grace = 0;
}

/*
 * Takes conn out of its room (or lobby); its attendance ends. dropped: its
 * connection went (or it is entering again), not a leave on purpose.
 */
static void
leave(struct ws_ctx *x, uint64_t conn, struct conn_state *st, bool dropped)
{
	char	channel[48];
	int64_t	room = st->room > 0 ? st->room : -st->room;

	if (st->room == 0)
		return;
	room_channel(channel, sizeof(channel), st->room > 0 ? "room" : "lobby", room);
	rt_leave(ws_hub, channel, conn);
	if (st->room > 0 && !host_inside(room))
		no_host_left(x->db, room, dropped);
	if (st->room > 0) {
		media_of(room)->leave(room, conn);
		room_state(room, forget_media, NULL);
	}
	if (st->room > 0 && st->attendance > 0 &&
	    db_room_attend_end(x->db, st->attendance, now_text(&x->ev->arena)) != DB_OK)
		log_warn("room %lld: cannot end attendance %lld", (long long)room,
		    (long long)st->attendance);
	if (st->room > 0)
		publish_presence(room);
	else
		publish_lobby(room);
	st->room = 0;
	st->attendance = 0;
	st->guest = 0;
	ws_conn_put(conn, st);
}

/* Speakers are counted and made under one lock: never more than ROOM_MAX_SPEAKERS. */
static pthread_mutex_t	speakers_lock = PTHREAD_MUTEX_INITIALIZER;

static size_t
speaker_count(int64_t room)
{
	json_t	*list = room_members("room", room, 0), *m;
	size_t	 n = 0, i;

	json_array_foreach(list, i, m)
		n += is_speaker(m);
	json_decref(list);
	return n;
}

/* A host stopped (mute) or allowed the card's microphone (or camera, video): it says so. */
static void
card_block(json_t *card, bool video, bool mute)
{
	json_object_set_new(card, video ? "cam_blocked" : "mic_blocked", json_boolean(mute));
	if (mute)
		json_object_set_new(card, video ? "cam" : "mic", json_false());
	if (mute && video)
		json_object_set_new(card, "screen", json_false());
}

/*
 * conn is told, and the media server stops (or allows) its audio or video:
 * in that order, so that the telling does not wait a round trip to a busy
 * media server.
 */
static void
tell_block(int64_t room, uint64_t conn, const char *kind, bool mute)
{
	ws_send_json(conn, json_pack("{s:s, s:I, s:s}", "type", mute ? "room.mute" : "room.unmute",
	    "meeting", (json_int_t)room, "kind", kind));
	media_of(room)->moderate(room, conn, kind, mute);
}

/* A listener sends nothing: its card says so. */
static void
card_listens(json_t *card)
{
	json_object_set_new(card, "speaker", json_false());
	json_object_set_new(card, "mic", json_false());
	json_object_set_new(card, "cam", json_false());
	json_object_set_new(card, "screen", json_false());
}

/*
 * The STUN and TURN servers a browser entering a room is given: those of
 * --ice-servers, and the --turn-url server with a credential of its own,
 * good for a day (turn.h).
 */
static json_t *
ice_servers(const struct api_settings *s)
{
	json_t	*list = json_loads(s && s->ice_servers ? s->ice_servers : "[]", 0, NULL);
	json_t	*turn;

	if (!json_is_array(list)) {
		json_decref(list);
		list = json_array();
	}
	if (s != NULL && s->turn_url != NULL) {
		if ((turn = turn_ice_server(s->turn_url, s->turn_secret, time(NULL))) == NULL)
			log_err("rooms: cannot make a TURN credential");
		else
			json_array_append_new(list, turn);
	}
	return list;
}

/* Puts conn into the room with its card (a guest's names its link); sends it the room. */
static void
enter(struct ws_ctx *x, uint64_t conn, struct conn_state *st, struct db_meeting *m, json_t *card)
{
	char			 channel[48], *text;
	int64_t			 att = 0;
	uint64_t		 seq;
	bool			 host = json_is_true(json_object_get(card, "host")), speaker, full = false;
	struct room_state	 r;
	struct floor_grant	 grant;
	json_t			*list, *joined;
	const char		*now = now_text(&x->ev->arena);
	const struct room_media	*media;

	leave(x, conn, st, true);
	st->guest = jint(card, "guest");
	if (db_room_attend_begin(x->db, m->id, st->user_id, st->guest,
	    jv_str(card, "name"), now, &att) != DB_OK)
		log_warn("room %lld: cannot record attendance", (long long)m->id);
	json_object_set_new(card, "conn", json_string(ws_conn_name(&x->ev->arena, conn)));
	json_object_set_new(card, "attendance", json_integer(att));
	json_object_set_new(card, "since", json_string(now));
	room_channel(channel, sizeof(channel), "room", m->id);
	grant = floor_key(card);
	if (grant.user != 0 || grant.guest != 0)	/* a host's word outlasts a dropped connection */
		room_state(m->id, recall_floor, &grant);
	if (!host && grant.decided)
		json_object_set_new(card, "speaker", json_boolean(grant.speaker));
	for (int k = 0; k < 2; k++)
		card_block(card, k == 1, grant.blocked[k]);
	if (on_mesh(m->id))	/* direct connections, at most 4: everyone speaks */
		json_object_set_new(card, "speaker", json_true());
	pthread_mutex_lock(&speakers_lock);
	if (is_speaker(card) && speaker_count(m->id) >= ROOM_MAX_SPEAKERS) {
		full = true;	/* in, as a listener: a host may promote it when a place is free */
		card_listens(card);
	} else if (!is_speaker(card))
		card_listens(card);
	speaker = is_speaker(card);
	text = json_dumps(card, JSON_COMPACT);
	rt_join(ws_hub, channel, conn, text, &seq);
	pthread_mutex_unlock(&speakers_lock);
	free(text);
	st->room = m->id;
	st->attendance = att;
	ws_conn_put(conn, st);
	if (host)
		room_state(m->id, host_back, NULL);
	media = room_state(m->id, choose_media, NULL).media;
	if (host && (strcmp(m->status, "scheduled") == 0 || strcmp(m->status, "draft") == 0)) {
		if (db_meeting_set_status(x->db, m->id, "live", now) == DB_OK)
			m->status = "live";
	}
	r = room_state(m->id, NULL, NULL);
	list = room_members("room", m->id, 0);
	joined = presence_json(list);	/* participants, listeners, hands */
	json_decref(list);
	json_object_update_new(joined, json_pack("{s:s, s:o, s:s, s:I, s:b, s:b, s:b, s:s,"
	    " s:o, s:o, s:o, s:o}",
	    "type", "room.joined", "meeting", meeting_json(m),
	    "self", ws_conn_name(&x->ev->arena, conn), "seq", (json_int_t)seq, "host", host,
	    "speaker", speaker, "speakers_full", full, "media", media->name,
	    "waiting", host ? room_members("lobby", m->id, 0) : json_array(),
	    "chat", chat_json(x, m->id), "state", state_json(&r),
	    "ice_servers", ice_servers(x->settings)));
	media->admit(m->id, conn, speaker);
	ws_send_json(conn, joined);
	publish_presence(m->id);
	media->enter(m->id, conn);
	for (int k = 0; k < 2; k++)	/* stopped by a host before it went: stopped still */
		if (grant.blocked[k])
			tell_block(m->id, conn, k == 1 ? "video" : "audio", true);
}

/*
 * Who speaks: the hosts, and whoever the meeting's list names (their
 * organization's or city's row) in any role but observer. The others who
 * may see the meeting, and the list's observers, listen.
 */
static bool
user_speaks(const struct db_participant *p, bool host)
{
	return host || (p != NULL && strcmp(p->role, "observer") != 0);
}

/* The participant card of a signed-in user: the first row of the protocol list
 * of their organization, else of their city. */
static json_t *
user_card(const struct db_user *u, const struct db_meeting *m, bool host)
{
	const struct db_participant *p = NULL;
	const struct db_city	*city = &u->org.city;

	for (size_t i = 0; i < m->nparticipants && p == NULL; i++)
		if (m->participants[i].organization_id == u->org_id && u->org_id != 0)
			p = &m->participants[i];
	for (size_t i = 0; i < m->nparticipants && p == NULL; i++)
		if (m->participants[i].city_id != 0 && m->participants[i].city_id == u->org.city_id)
			p = &m->participants[i];
	/* a post is a person's: shown only when the row names this user */
	bool	named = p != NULL && ((p->name_ru && strcmp(p->name_ru, u->name) == 0) ||
		    (p->name_en && strcmp(p->name_en, u->name) == 0));

	return json_pack("{s:I, s:s, s:s?, s:s?, s:s?, s:s?, s:s?, s:s?, s:s?, s:I, s:s, s:b,"
	    " s:I, s:b, s:b, s:b, s:I, s:b, s:b, s:b}",
	    "user", (json_int_t)u->id, "name", u->name,
	    "post_ru", named ? p->post_ru : NULL, "post_en", named ? p->post_en : NULL,
	    "org_ru", u->org.short_ru ? u->org.short_ru : u->org.name_ru,
	    "org_en", u->org.short_en ? u->org.short_en : u->org.name_en,
	    "city_ru", city->id ? city->name_ru : NULL, "city_en", city->id ? city->name_en : NULL,
	    "country", city->id ? city->country_code : NULL,
	    "position", (json_int_t)(p ? p->position : POS_STAFF),
	    "role", p ? p->role : "participant", "host", host, "hand", (json_int_t)0,
	    "mic", 1, "cam", 1, "screen", 0, "guest", (json_int_t)0, "mic_blocked", 0,
	    "cam_blocked", 0, "speaker", user_speaks(p, host));
}

static json_t *
guest_card(const struct db_room_guest *g)
{
	return json_pack("{s:I, s:s, s:n, s:n, s:n, s:n, s:n, s:n, s:n, s:I, s:s, s:b, s:I,"
	    " s:b, s:b, s:b, s:I, s:b, s:b, s:b, s:b}",
	    "user", (json_int_t)0, "name", g->name, "post_ru", "post_en", "org_ru", "org_en",
	    "city_ru", "city_en", "country", "position", (json_int_t)POS_GUEST, "role", "guest",
	    "host", 0, "hand", (json_int_t)0, "mic", 1, "cam", 1, "screen", 0,
	    "guest", (json_int_t)g->id, "mic_blocked", 0, "cam_blocked", 0, "speaker", !g->listen,
	    "single", g->max_guests == 1);
}

static int64_t
msg_meeting(struct ws_ctx *x)
{
	return (int64_t)json_integer_value(json_object_get(x->msg, "meeting"));
}

int64_t
room_of(const struct conn_state *st)
{
	return st->room < 0 ? -st->room : st->room;
}

/* What admit() found: the meeting, and the user or the guest link. */
struct admission {
	struct db_meeting	 m;
	struct db_user		 u;		/* a signed-in user entering as such */
	struct db_room_guest	 g;		/* a guest link (g.id 0: none) */
	bool			 host;
};

/*
 * The guest link of token (joining) or of id (already in); NULL or a refusal.
 * Its time limits entering: a guest inside stays until the link is revoked
 * or the meeting is over (which also moves its expiry to that moment).
 */
static const char *
admit_link(struct ws_ctx *x, int64_t room, const char *token, int64_t id,
    struct db_room_guest *g)
{
	struct arena	*a = &x->ev->arena;
	int		 rc;

	rc = db_room_guest_get(x->db, a, token ? api_token_hash(a, token) : NULL, id, g);
	if (rc == DB_ERR)
		return "internal";
	if (rc == DB_NOTFOUND || g->meeting_id != room)
		return "guest_link_invalid";
	if (g->revoked_at != NULL)
		return "guest_link_revoked";
	if (token != NULL && strcmp(g->expires_at, now_text(a)) <= 0)
		return "guest_link_expired";
	return NULL;
}

/*
 * Whether the connection may be in room id now, as the database says: NULL,
 * or the code of the refusal. A guest comes with a token (joining) or with
 * st->guest (already inside); anyone else as the signed-in user of st, with
 * the role and organization the database has now. Whether the room is
 * locked is room_join's to check: a lock keeps newcomers out, not members.
 */
static const char *
admit(struct ws_ctx *x, const struct conn_state *st, int64_t id, const char *token,
    struct admission *a)
{
	struct db_meeting_scope	 scope = { 0, 0 };
	const char		*code;
	bool			 guest = token != NULL || st->guest != 0;
	unsigned		 role = ROLE_PUBLIC;
	int			 rc;

	memset(a, 0, sizeof(*a));
	if (guest) {
		if ((code = admit_link(x, id, token, st->guest, &a->g)) != NULL)
			return code;
	} else if (st->role == ROLE_PUBLIC)
		return "unauthenticated";
	else {
		rc = db_user_get(x->db, &x->ev->arena, st->user_id, &a->u);
		if (rc == DB_ERR)
			return "internal";
		if (rc != DB_OK || a->u.disabled)
			return "unauthenticated";
		if ((role = api_role_bit(a->u.role)) != ROLE_ADMIN) {
			scope.org_id = a->u.org_id;
			scope.city_id = a->u.org.city_id;
		}
	}
	if ((rc = db_meeting_get(x->db, &x->ev->arena, id, &scope, &a->m)) == DB_ERR)
		return "internal";
	if (rc == DB_NOTFOUND)
		return guest ? "guest_link_invalid" : "not_invited";
	if (strcmp(a->m.format, "in_person") == 0)
		return "no_room";
	if (strcmp(a->m.status, "held") == 0)
		return guest ? "guest_link_expired" : "meeting_ended";
	if (strcmp(a->m.status, "cancelled") == 0)
		return "meeting_cancelled";
	a->host = !guest && (role == ROLE_ADMIN ||
	    (role == ROLE_STAFF && a->u.org_id == a->m.host_org_id));
	return NULL;
}

static const char *
refusal_message(const char *code)
{
	static const struct {
		const char	*code, *message;
	} messages[] = {
		{ "unauthenticated", "sign in or use a guest link" },
		{ "not_invited", "you are not invited to this meeting" },
		{ "guest_link_invalid", "this guest link is not valid" },
		{ "guest_link_revoked", "the host has revoked this guest link" },
		{ "guest_link_expired", "this guest link has expired" },
		{ "guest_link_in_use", "someone is already in this meeting with this guest link" },
		{ "no_room", "this meeting is held in person" },
		{ "meeting_ended", "this meeting is over" },
		{ "meeting_cancelled", "this meeting is over" },
		{ "room_locked", "the host has locked the room" },
		{ "room_full", "without a media server a room takes at most 4 people, and 4 are in" },
		{ "rights_changed", "your rights in this meeting have changed" },
	};

	for (size_t i = 0; i < N(messages); i++)
		if (strcmp(messages[i].code, code) == 0)
			return messages[i].message;
	return "database error";
}

/* Whether one more would be too many: a room on the mesh (or that would be) with ROOM_MESH_MAX in. */
static bool
mesh_full(int64_t room)
{
	json_t	*list;
	bool	 full;

	if (!on_mesh(room))
		return false;
	list = room_members("room", room, 0);
	full = json_array_size(list) >= ROOM_MESH_MAX;
	json_decref(list);
	return full;
}

/* Admitting guests: a link's count of people and the lobby change under one lock. */
static pthread_mutex_t	guest_lock = PTHREAD_MUTEX_INITIALIZER;

/* How many connections but `self` are in the room or its lobby with link. */
static int64_t
link_users(int64_t room, int64_t link, uint64_t self)
{
	static const char *const where[] = { "room", "lobby" };
	int64_t			 n = 0;
	json_t			*list, *m;
	size_t			 i;

	for (size_t k = 0; k < N(where); k++) {
		list = room_members(where[k], room, 0);
		json_array_foreach(list, i, m)
			n += jint(m, "guest") == link && ws_conn_parse(jv_str(m, "conn")) != self;
		json_decref(list);
	}
	return n;
}

/* A guest waits in the lobby, if the link has room for one more. */
static const char *
to_lobby(struct ws_ctx *x, const struct admission *a)
{
	char		 channel[48], *text;
	uint64_t	 seq;
	json_t		*card;
	int64_t		 id = a->m.id;

	pthread_mutex_lock(&guest_lock);
	if (link_users(id, a->g.id, x->ev->conn) >= a->g.max_guests) {
		pthread_mutex_unlock(&guest_lock);
		return "guest_link_in_use";
	}
	leave(x, x->ev->conn, &x->st, false);
	room_channel(channel, sizeof(channel), "lobby", id);
	card = json_pack("{s:s, s:s, s:I}", "conn", ws_conn_name(&x->ev->arena, x->ev->conn),
	    "name", a->g.name, "guest", (json_int_t)a->g.id);
	text = json_dumps(card, JSON_COMPACT);
	json_decref(card);
	rt_join(ws_hub, channel, x->ev->conn, text, &seq);
	free(text);
	x->st.room = -id;
	x->st.guest = a->g.id;
	ws_conn_put(x->ev->conn, &x->st);
	pthread_mutex_unlock(&guest_lock);
	ws_reply(x, json_pack("{s:s, s:I, s:s, s:s}", "type", "room.lobby",
	    "meeting", (json_int_t)id, "title_ru", a->m.title_ru, "title_en", a->m.title_en));
	publish_lobby(id);
	return NULL;
}

/*
 * A listener link's guest comes straight in, without the lobby: it cannot
 * be seen or heard. The link's count of people is kept as in to_lobby.
 */
static const char *
guest_listens(struct ws_ctx *x, struct admission *a)
{
	json_t	*card;

	pthread_mutex_lock(&guest_lock);
	if (link_users(a->m.id, a->g.id, x->ev->conn) >= a->g.max_guests) {
		pthread_mutex_unlock(&guest_lock);
		return "guest_link_in_use";
	}
	card = guest_card(&a->g);
	enter(x, x->ev->conn, &x->st, &a->m, card);
	pthread_mutex_unlock(&guest_lock);
	json_decref(card);
	return NULL;
}

void
room_join(struct ws_ctx *x)
{
	int64_t			 id = msg_meeting(x);
	const char		*token = jv_str(x->msg, "guest"), *code;
	struct conn_state	 st = x->st;
	struct admission	 a;
	json_t			*card;
	/* the meeting's generation, read before the database: see below */
	uint64_t		 stamp = api_rights_stamp(0, id);

	if (x->st.room == id) {
		ws_reply_error(x, "already_in_room", "you are in this room already", NULL);
		return;
	}
	st.guest = 0;		/* a link only when this message gives one */
	if ((code = admit(x, &st, id, token, &a)) == NULL && !a.host &&
	    room_state(id, NULL, NULL).locked)
		code = "room_locked";
	if (code == NULL && token == NULL && mesh_full(id))
		code = "room_full";
	if (code == NULL && token != NULL && a.g.listen && !on_mesh(id))
		code = guest_listens(x, &a);
	else if (code == NULL && token != NULL)
		code = to_lobby(x, &a);
	else if (code == NULL) {
		card = user_card(&a.u, &a.m, a.host);
		enter(x, x->ev->conn, &x->st, &a.m, card);
		json_decref(card);
		/* a change to the meeting committed while it was read may have missed us */
		if (api_rights_stamp(0, id) != stamp)
			room_recheck(x, x->ev->conn, &x->st);
	}
	if (code != NULL)
		ws_reply_error(x, code, refusal_message(code), NULL);
}

/* Takes conn out of its room or lobby, telling it why. */
static void
remove_conn(struct ws_ctx *x, uint64_t conn, struct conn_state *st, const char *reason)
{
	int64_t	room = room_of(st);

	leave(x, conn, st, false);
	ws_send_json(conn, json_pack("{s:s, s:I, s:s}", "type", "room.removed", "meeting",
	    (json_int_t)room, "reason", reason));
}

int
room_recheck(struct ws_ctx *x, uint64_t conn, struct conn_state *st)
{
	struct admission	 a;
	const char		*code;
	json_t			*card;

	if (st->room == 0)
		return 1;
	code = admit(x, st, room_of(st), NULL, &a);
	if (code == NULL && st->room > 0 && (card = room_member_get(st->room, conn)) != NULL) {
		if (json_is_true(json_object_get(card, "host")) != a.host)
			code = "rights_changed";	/* join again, as what one is now */
		json_decref(card);
	}
	if (code == NULL)
		return 1;
	if (strcmp(code, "internal") == 0)
		return -1;	/* left as it is, for the next check */
	remove_conn(x, conn, st, code);
	return 0;
}

/*
 * The meeting of the message is the room the connection is in: by its state
 * and by the room's members (someone else may have just taken it out).
 */
static bool
require_room(struct ws_ctx *x)
{
	json_t	*me = NULL;

	if (x->st.room <= 0 || x->st.room != msg_meeting(x) ||
	    (me = room_member_get(x->st.room, x->ev->conn)) == NULL) {
		ws_reply_error(x, "not_in_room", "join the room first", NULL);
		return false;
	}
	json_decref(me);
	return true;
}

void
room_leave(struct ws_ctx *x)
{
	int64_t	id = msg_meeting(x);

	if (x->st.room != id && x->st.room != -id) {
		ws_reply_error(x, "not_in_room", "you are not in this room", NULL);
		return;
	}
	leave(x, x->ev->conn, &x->st, false);
	ws_reply(x, json_pack("{s:s, s:I}", "type", "room.left", "meeting", (json_int_t)id));
}

void
room_closed(struct ws_ctx *x, bool dropped)
{
	leave(x, x->ev->conn, &x->st, dropped);
}

/* --- signalling --- */

static const char *
signal_refusal(const char *code)
{
	static const struct {
		const char	*code, *message;
	} messages[] = {
		{ "invalid_peer", "name another connection of the room, or publisher or subscriber" },
		{ "peer_not_in_room", "that peer is not in this room" },
		{ "not_in_room", "join the room first" },
		{ "invalid_signal", "not an offer, answer or ICE candidate this end takes" },
		{ "media_unavailable", "the media server is not available now; it is being restarted" },
		{ "media_timeout", "the media server did not answer in time" },
		{ "media_too_large", "the description is too large for the media server" },
		{ "media_refused", "the media server refused the description" },
		{ "media_busy", "the media server is busy" },
		{ "not_speaker", "listeners only receive: raise your hand, and a host may let you speak" },
	};

	for (size_t i = 0; i < N(messages); i++)
		if (strcmp(messages[i].code, code) == 0)
			return messages[i].message;
	return "the signal was not delivered";
}

void
room_signal(struct ws_ctx *x)
{
	const char	*err;

	if (!require_room(x))
		return;
	err = media_of(x->st.room)->signal(x, x->st.room, jv_str(x->msg, "to"),
	    jv_str(x->msg, "kind"), json_object_get(x->msg, "data"));
	if (err != NULL)
		ws_reply_error(x, err, signal_refusal(err), NULL);
}

/* --- chat, hand, devices --- */

static bool
blank(const char *s)
{
	for (; *s != '\0'; s++)
		if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
			return false;
	return true;
}

void
room_chat(struct ws_ctx *x)
{
	struct db_room_chat	 c;
	json_t			*me;
	int64_t			 id;

	if (!require_room(x) || (me = room_member_get(x->st.room, x->ev->conn)) == NULL)
		return;
	c.user_id = x->st.user_id;
	c.author = arena_strdup(&x->ev->arena, jv_str(me, "name"));
	c.text = jv_str(x->msg, "text");
	c.created_at = now_text(&x->ev->arena);
	json_decref(me);
	if (blank(c.text)) {
		ws_reply_error(x, "validation_failed", "the message has invalid fields",
		    json_pack("[{s:s, s:s, s:s}]", "field", "text", "code", "required",
		    "message", "must not be blank"));
		return;
	}
	if (db_room_chat_insert(x->db, x->st.room, &c, &id) != DB_OK) {
		ws_reply_error(x, "internal", "database error", NULL);
		return;
	}
	publish(x->st.room, "chat", json_pack("{s:I, s:s, s:s, s:s, s:s}", "id", (json_int_t)id,
	    "author", c.author, "text", c.text, "created_at", c.created_at,
	    "conn", ws_conn_name(&x->ev->arena, x->ev->conn)));
}

static void
set_hand(int64_t room, uint64_t conn, bool raised)
{
	json_t	*m = room_member_get(room, conn);
	int64_t	 n = 0;

	if (m == NULL)
		return;
	if ((jint(m, "hand") != 0) == raised) {
		json_decref(m);
		return;		/* no change: a raised hand keeps its place, nothing is sent */
	}
	if (raised)
		room_state(room, next_hand, &n);
	json_object_set_new(m, "hand", json_integer(n));
	room_member_put(room, conn, m);
	json_decref(m);
	publish_presence(room);
}

/*
 * Whether conn may change its hand now: HAND_CHANGES changes in a
 * HAND_WINDOW, counted in its card, so that a flood of raise and lower
 * costs the room HAND_CHANGES presence messages a minute, not one each.
 */
#define HAND_CHANGES	10
#define HAND_WINDOW	60	/* seconds */

static bool
hand_budget(int64_t room, uint64_t conn, bool raised)
{
	json_t		*m = room_member_get(room, conn);
	json_int_t	 now = (json_int_t)time(NULL), n;
	bool		 ok;

	if (m == NULL)
		return true;	/* gone meanwhile: set_hand does nothing */
	if ((jint(m, "hand") > 0) == raised) {
		json_decref(m);
		return true;	/* no change: free, and nothing is sent */
	}
	n = now - jint(m, "hand_window") >= HAND_WINDOW ? 0 : jint(m, "hand_changes");
	if ((ok = n < HAND_CHANGES)) {
		if (n == 0)
			json_object_set_new(m, "hand_window", json_integer(now));
		json_object_set_new(m, "hand_changes", json_integer(n + 1));
		room_member_put(room, conn, m);
	}
	json_decref(m);
	return ok;
}

void
room_hand(struct ws_ctx *x)
{
	bool	raised = json_is_true(json_object_get(x->msg, "raised"));

	if (!require_room(x))
		return;
	if (!hand_budget(x->st.room, x->ev->conn, raised)) {
		ws_reply_error(x, "hand_too_often", "a hand may be raised or lowered ten times a minute",
		    NULL);
		return;
	}
	set_hand(x->st.room, x->ev->conn, raised);
}

void
room_media_state(struct ws_ctx *x)
{
	json_t	*m;

	if (!require_room(x) || (m = room_member_get(x->st.room, x->ev->conn)) == NULL)
		return;
	if (!is_speaker(m)) {
		json_decref(m);
		ws_reply_error(x, "not_speaker", "listeners send no media; raise your hand to speak",
		    NULL);
		return;
	}
	/* what a host stopped stays off until the host allows it */
	if (!json_is_true(json_object_get(m, "mic_blocked")))
		json_object_set(m, "mic", json_object_get(x->msg, "mic"));
	if (!json_is_true(json_object_get(m, "cam_blocked"))) {
		json_object_set(m, "cam", json_object_get(x->msg, "cam"));
		json_object_set(m, "screen", json_object_get(x->msg, "screen"));
	}
	room_member_put(x->st.room, x->ev->conn, m);
	json_decref(m);
	publish_presence(x->st.room);
}

/* --- host controls --- */

/* The guest conn waits in room's lobby: let it in (admit) or send it away. */
static bool
from_lobby(struct ws_ctx *x, int64_t room, uint64_t conn, bool admit)
{
	json_t			*list = room_members("lobby", room, conn), *card;
	struct db_room_guest	 g;
	struct db_meeting_scope	 all = { 0, 0 };
	struct db_meeting	 m;
	struct conn_state	 st;

	if (json_array_size(list) == 0) {
		json_decref(list);
		return false;
	}
	memset(&g, 0, sizeof(g));
	g.id = jint(json_array_get(list, 0), "guest");
	g.name = arena_strdup(&x->ev->arena, jv_str(json_array_get(list, 0), "name"));
	json_decref(list);
	ws_conn_get(conn, &st);
	if (!admit) {
		leave(x, conn, &st, false);
		ws_send_json(conn, json_pack("{s:s, s:I}", "type", "room.denied", "meeting",
		    (json_int_t)room));
		return true;
	}
	if (db_meeting_get(x->db, &x->ev->arena, room, &all, &m) != DB_OK)
		return false;
	card = guest_card(&g);
	pthread_mutex_lock(&guest_lock);	/* from the lobby to the room, never out of both */
	enter(x, conn, &st, &m, card);
	pthread_mutex_unlock(&guest_lock);
	json_decref(card);
	return true;
}

/* Everyone out; the meeting is held. */
static void
end_meeting(struct ws_ctx *x, int64_t room)
{
	json_t		*list;
	json_t		*m;
	size_t		 i;
	const char	*now = now_text(&x->ev->arena);

	if (db_meeting_set_status(x->db, room, "held", now) != DB_OK)
		log_warn("room %lld: cannot mark the meeting held", (long long)room);
	if (db_room_guest_expire(x->db, room, now) != DB_OK)
		log_warn("room %lld: cannot end its guest links", (long long)room);
	api_rights_bump_meeting(room);
	stop_recording(x->db, room, false);
	media_of(room)->close(room);	/* the media server's room goes for everyone */
	publish(room, "ended", json_pack("{s:s}", "at", now));
	list = room_members("room", room, 0);
	json_array_foreach(list, i, m) {
		uint64_t		conn = ws_conn_parse(jv_str(m, "conn"));
		struct conn_state	st;

		ws_conn_get(conn, &st);
		leave(x, conn, &st, false);
	}
	json_decref(list);
	list = room_members("lobby", room, 0);
	json_array_foreach(list, i, m)
		from_lobby(x, room, ws_conn_parse(jv_str(m, "conn")), false);
	json_decref(list);
	room_state(room, reset_room, NULL);
}

/*
 * A host stops (mute) or allows again target's audio or video: on the media
 * server when the room has one (the browser's media stops there, whatever it
 * does), in its card (mic or cam off and blocked until allowed), and the
 * target is told (room.mute, room.unmute). Allowed again, a microphone stays
 * off until its owner turns it on.
 */
static void
block(int64_t room, uint64_t target, const char *kind, bool mute)
{
	json_t			*m = room_member_get(room, target);
	struct floor_grant	 key;

	if (m == NULL)
		return;
	card_block(m, strcmp(kind, "video") == 0, mute);
	room_member_put(room, target, m);
	key = floor_key(m);	/* and for when it comes back */
	key.blocked[0] = json_is_true(json_object_get(m, "mic_blocked"));
	key.blocked[1] = json_is_true(json_object_get(m, "cam_blocked"));
	if (key.user != 0 || key.guest != 0)
		room_state(room, remember_blocks, &key);
	json_decref(m);
	publish_presence(room);	/* the others' browsers silence a blocked card at once */
	tell_block(room, target, kind, mute);
}

/*
 * A host (name, as on their card) starts recording the room: a row, its
 * directory, and every publisher recorded by the media server; everyone is
 * told. NULL, or the refusal's code.
 */
static const char *
start_recording(struct ws_ctx *x, int64_t room, const char *name)
{
	struct recording_now	 now = { 0, now_text(&x->ev->arena), name };
	struct room_state	 r;
	const char		*code;
	bool			 free_ = false;

	if (media_of(room) != &room_sfu)
		return "recording_unavailable";
	room_state(room, claim_recording, &free_);
	if (!free_)
		return "already_recording";
	if (recording_begin(x->db, x->settings->files_dir, room, x->st.user_id, now.by,
	    &now.id) == -1) {
		room_state(room, set_recording, &(struct recording_now){ 0, NULL, NULL });
		return "internal";
	}
	if ((code = room_sfu.record(x->db, room, now.id)) != NULL) {
		if (db_recording_delete(x->db, now.id) != DB_OK ||
		    recording_discard(x->settings->files_dir, now.id) == -1)
			log_warn("room %lld: recording %lld not started nor forgotten",
			    (long long)room, (long long)now.id);
		room_state(room, set_recording, &(struct recording_now){ 0, NULL, NULL });
		return code;
	}
	r = room_state(room, set_recording, &now);
	publish(room, "state", state_json(&r));
	return NULL;
}

/*
 * A host makes target a speaker (promote: its hand goes down, its browser is
 * told and opens its camera and microphone) or a listener (demote: the media
 * server stops its media first). NULL or the refusal.
 */
static const char *
set_speaker(int64_t room, uint64_t target, bool speaker)
{
	json_t			*m;
	struct floor_grant	 grant;

	pthread_mutex_lock(&speakers_lock);
	if ((m = room_member_get(room, target)) == NULL) {
		pthread_mutex_unlock(&speakers_lock);
		return "peer_not_in_room";
	}
	if (is_speaker(m) == speaker) {
		pthread_mutex_unlock(&speakers_lock);
		json_decref(m);
		return NULL;	/* already so */
	}
	if (on_mesh(room)) {
		pthread_mutex_unlock(&speakers_lock);
		json_decref(m);
		return "no_media_server";
	}
	if (!speaker && json_is_true(json_object_get(m, "host"))) {
		pthread_mutex_unlock(&speakers_lock);
		json_decref(m);
		return "peer_is_host";
	}
	if (speaker && speaker_count(room) >= ROOM_MAX_SPEAKERS) {
		pthread_mutex_unlock(&speakers_lock);
		json_decref(m);
		return "speakers_full";
	}
	if (speaker)
		json_object_set_new(m, "speaker", json_true());
	else
		card_listens(m);
	json_object_set_new(m, "hand", json_integer(0));
	room_member_put(room, target, m);
	pthread_mutex_unlock(&speakers_lock);
	grant = floor_key(m);
	grant.speaker = speaker;
	if (grant.user != 0 || grant.guest != 0)
		room_state(room, remember_speaker, &grant);
	json_decref(m);
	media_of(room)->speak(room, target, speaker);
	ws_send_json(target, json_pack("{s:s, s:I, s:b}", "type", "room.speak",
	    "meeting", (json_int_t)room, "speaker", speaker));
	publish_presence(room);
	return NULL;
}

static const char *
control_refusal(const char *code)
{
	if (strcmp(code, "speakers_full") == 0)
		return "the room has 30 speakers: make one a listener first";
	if (strcmp(code, "peer_is_host") == 0)
		return "a host always speaks";
	if (strcmp(code, "no_media_server") == 0)
		return "on direct connections (no media server) everyone speaks";
	if (strcmp(code, "recording_unavailable") == 0)
		return "recording needs the media server, which this room is not on";
	if (strcmp(code, "already_recording") == 0)
		return "the room is being recorded already";
	if (strcmp(code, "not_recording") == 0)
		return "the room is not being recorded";
	if (strcmp(code, "internal") == 0)
		return "database error";
	return "name another member of the room";
}

void
room_control(struct ws_ctx *x)
{
	const char		*action = jv_str(x->msg, "action");
	uint64_t		 target = ws_conn_parse(jv_str(x->msg, "conn"));
	int64_t			 room = x->st.room, item;
	json_t			*me, *peer = NULL;
	struct room_state	 r;
	bool			 flag, ok = true;
	const char		*name, *code;
	bool			 role_change = strcmp(action, "promote") == 0 ||
				    strcmp(action, "demote") == 0;

	if (!require_room(x) || (me = room_member_get(room, x->ev->conn)) == NULL)
		return;
	flag = json_is_true(json_object_get(me, "host"));
	name = arena_strdup(&x->ev->arena, jv_str(me, "name"));
	json_decref(me);
	if (!flag) {
		ws_reply_error(x, "not_host", "only a host may do this", NULL);
		return;
	}
	log_debug("room %lld: a host: %s %016" PRIx64, (long long)room, action, target);
	if (strstr(action, "mute") != NULL || strcmp(action, "remove") == 0 ||
	    strcmp(action, "lower_hand") == 0 || role_change) {
		if (target == x->ev->conn || (peer = room_member_get(room, target)) == NULL) {
			ws_reply_error(x, "peer_not_in_room", "name another member of the room", NULL);
			return;
		}
		json_decref(peer);
	}
	if (strstr(action, "mute") != NULL)
		block(room, target, strstr(action, "video") ? "video" : "audio",
		    text_has_prefix(action, "mute"));
	else if (strcmp(action, "lower_hand") == 0)
		set_hand(room, target, false);
	else if (role_change) {
		const char	*err = set_speaker(room, target, strcmp(action, "promote") == 0);

		if (err != NULL) {
			ws_reply_error(x, err, control_refusal(err), NULL);
			return;
		}
	}
	else if (strcmp(action, "remove") == 0) {
		struct conn_state	st;

		media_of(room)->kick(room, target);	/* its media stops at the server first */
		ws_conn_get(target, &st);
		remove_conn(x, target, &st, "removed");
	} else if (strcmp(action, "admit") == 0 && mesh_full(room)) {
		ws_reply_error(x, "room_full", refusal_message("room_full"), NULL);
		return;
	} else if (strcmp(action, "admit") == 0 || strcmp(action, "deny") == 0)
		ok = from_lobby(x, room, target, strcmp(action, "admit") == 0);
	else if (strcmp(action, "lock") == 0 || strcmp(action, "unlock") == 0) {
		flag = strcmp(action, "lock") == 0;
		r = room_state(room, set_locked, &flag);
		publish(room, "state", state_json(&r));
	} else if (strcmp(action, "agenda") == 0) {
		item = (int64_t)json_integer_value(json_object_get(x->msg, "item"));
		r = room_state(room, set_agenda, &item);
		publish(room, "state", state_json(&r));
	} else if (strcmp(action, "end") == 0)
		end_meeting(x, room);
	else if (strcmp(action, "record_start") == 0 || strcmp(action, "record_stop") == 0) {
		code = strcmp(action, "record_start") == 0 ? start_recording(x, room, name) :
		    stop_recording(x->db, room, true) ? NULL : "not_recording";
		if (code != NULL) {
			ws_reply_error(x, code, control_refusal(code), NULL);
			return;
		}
	}
	if (!ok) {
		ws_reply_error(x, "peer_not_in_lobby", "nobody with that connection is waiting",
		    NULL);
		return;
	}
	ws_reply(x, json_pack("{s:s, s:s}", "type", "room.done", "action", action));
}

/* --- over HTTP: guest links and attendance --- */

/* How many people one link admits at once: the press and public only receive. */
#define SPEAKER_LINK_MAX	50
#define LISTENER_LINK_MAX	1000

/* The meeting of a guest-link route, which its hosts manage; -1 after replying. */
static int
guest_meeting(struct http_request *req, int64_t *id, struct db_meeting *m)
{
	if (api_require_id(req, 0, id) == -1 || meeting_require(req, *id, m) == -1)
		return -1;
	if (!meeting_can_manage(req, m)) {
		api_problem(req, 403, "forbidden", "only the host organization invites guests");
		return -1;
	}
	if (strcmp(m->format, "in_person") == 0) {
		api_problem(req, 409, "no_room", "this meeting is held in person");
		return -1;
	}
	return 0;
}

static const char *
link_status(const struct db_room_guest *g, const char *now)
{
	if (g->revoked_at != NULL)
		return "revoked";
	return strcmp(g->expires_at, now) <= 0 ? "expired" : "active";
}

/* POST /meetings/{id}/guest-links: a link that lets a guest (max_guests at once) into the lobby. */
int
api_room_guest_link_create(struct http_request *req)
{
	struct db_meeting	 m;
	struct db_room_guest	 g = { .max_guests = 1 };
	json_t			*body, *v, *reply;
	int64_t			 id, link;
	const char		*token, *now, *path;
	char			 expires[TEXT_TIME_LEN];

	if ((body = api_require_body(req, &api_guest_link_input_body, false)) == NULL || guest_meeting(req, &id, &m) == -1)
		return -1;	/* the body belongs to the request's arena */
	if (strcmp(m.status, "held") == 0 || strcmp(m.status, "cancelled") == 0) {
		api_problem(req, 409, strcmp(m.status, "held") == 0 ? "meeting_ended" :
		    "meeting_cancelled", "this meeting is over");
		return -1;
	}
	v = json_object_get(body, "hours");
	text_time(time(NULL) + 3600 * (v ? json_integer_value(v) : 24), expires);
	api_room_guest_columns_from(body, &g);	/* name, max_guests */
	g.listen = text_eq(jv_str(body, "role"), "listener");
	if (!g.listen && g.max_guests > SPEAKER_LINK_MAX) {
		json_t	*errors = json_array();

		jv_error_add(errors, "max_guests", "out_of_range",
		    "a speaker link admits at most 50 at once; a listener link 1000");
		api_reply_invalid(req, errors);
		return -1;
	}
	g.expires_at = expires;
	now = now_text(&req->arena);
	token = api_random_token(&req->arena);
	if (db_room_guest_insert(api_db(req), id, &g, api_token_hash(&req->arena, token),
	    api_caller(req)->user.id, now, &link) != DB_OK) {
		api_reply_db_error(req, "creating a guest link");
		return -1;
	}
	path = arena_printf(&req->arena, "/meetings/%lld/room?guest=%s", (long long)id, token);
	reply = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s}",
	    "id", (json_int_t)link, "token", token, "path", path,
	    "url", arena_printf(&req->arena, "%s%s", api_base_url(req), path),
	    "expires_at", expires, "role", g.listen ? "listener" : "speaker", "status", "active");
	api_room_guest_columns_json(reply, &g);
	api_reply_json(req, 201, reply);
	return 0;
}

/* GET /meetings/{id}/guest-links: the links (never their tokens), their use, who is in now. */
int
api_room_guest_links_list(struct http_request *req)
{
	struct db_meeting		 m;
	struct db_room_guest_link	*l = NULL;
	size_t				 n = 0;
	int64_t				 id;
	const char			*now;
	json_t				*items;

	if (guest_meeting(req, &id, &m) == -1)
		return -1;
	if (db_room_guest_list(api_db(req), &req->arena, id, &l, &n) != DB_OK) {
		api_reply_db_error(req, "listing guest links");
		return -1;
	}
	now = now_text(&req->arena);
	items = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t	*o = json_pack("{s:I, s:s, s:s, s:s?, s:s, s:s?, s:s?, s:s, s:I, s:s?, s:s?,"
		    " s:I}",
		    "id", (json_int_t)l[i].link.id,
		    "role", l[i].link.listen ? "listener" : "speaker", "created_at", l[i].created_at,
		    "created_by", l[i].created_by, "expires_at", l[i].link.expires_at,
		    "revoked_at", l[i].link.revoked_at, "revoked_by", l[i].revoked_by,
		    "status", link_status(&l[i].link, now), "uses", (json_int_t)l[i].uses,
		    "first_used_at", l[i].first_used_at, "last_used_at", l[i].last_used_at,
		    "in_room", (json_int_t)(ws_hub ? link_users(id, l[i].link.id, 0) : 0));

		api_room_guest_columns_json(o, &l[i].link);
		json_array_append_new(items, o);
	}
	http_header(req, "cache-control", "no-store");
	api_reply_json(req, 200, json_pack("{s:o}", "items", items));
	return 0;
}

/* DELETE /meetings/{id}/guest-links/{link}: the link dies; whoever came with it leaves now. */
int
api_room_guest_link_delete(struct http_request *req)
{
	struct db_meeting	 m;
	int64_t			 id, link;
	int			 rc;

	if (guest_meeting(req, &id, &m) == -1 || api_require_id(req, 1, &link) == -1)
		return -1;
	rc = db_room_guest_revoke(api_db(req), id, link, api_caller(req)->user.id,
	    now_text(&req->arena));
	if (rc == DB_NOTFOUND) {
		api_problem(req, 404, "not_found", "no such guest link in this meeting");
		return -1;
	}
	if (rc != DB_OK) {
		api_reply_db_error(req, "revoking a guest link");
		return -1;
	}
	api_rights_bump_meeting(id);
	api_room_recheck(req, id);
	http_reply_empty(req, 204);
	return 0;
}

void
api_room_recheck(struct http_request *req, int64_t meeting_id)
{
	static const char *const where[] = { "room", "lobby" };
	struct http_ws_event	 ev = { .kind = HTTP_WS_MESSAGE };
	struct ws_ctx		 x = { .ev = &ev, .db = api_db(req), .settings = api_settings(req) };
	struct conn_state	 st;
	json_t			*list, *m;
	size_t			 i;

	if (ws_hub == NULL)
		return;
	for (size_t k = 0; k < N(where); k++) {
		list = room_members(where[k], meeting_id, 0);
		json_array_foreach(list, i, m) {
			ev.conn = ws_conn_parse(jv_str(m, "conn"));
			ws_conn_get(ev.conn, &st);
			if (room_of(&st) == meeting_id)
				room_recheck(&x, ev.conn, &st);
		}
		json_decref(list);
	}
	arena_release(&ev.arena);
}

/* GET /meetings/{id}/attendance: who was in the room, from when to when. */
int
api_room_attendance(struct http_request *req)
{
	struct db_meeting		 m;
	struct db_room_attendance	*r = NULL;
	size_t				 n = 0;
	int64_t				 id, total;
	json_t				*items = json_array();
	time_t				 now = time(NULL), a, b;

	if (api_require_id(req, 0, &id) == -1 || meeting_require(req, id, &m) == -1) {
		json_decref(items);
		return -1;
	}
	if (db_room_attendance_list(api_db(req), &req->arena, id, &r, &n) != DB_OK) {
		json_decref(items);
		api_reply_db_error(req, "room");
		return -1;
	}
	total = 0;
	for (size_t i = 0; i < n; i++) {
		if (text_time_parse(r[i].joined_at, &a) == -1)
			a = now;
		if (r[i].left_at == NULL || text_time_parse(r[i].left_at, &b) == -1)
			b = now;
		total += b > a ? b - a : 0;
		json_array_append_new(items, json_pack("{s:s, s:b, s:s, s:s?, s:I}",
		    "name", r[i].name, "guest", r[i].guest_link_id != 0, "joined_at", r[i].joined_at,
		    "left_at", r[i].left_at, "seconds", (json_int_t)(b > a ? b - a : 0)));
	}
	api_reply_json(req, 200, json_pack("{s:o, s:I}", "items", items, "total_seconds",
	    (json_int_t)total));
	return 0;
}

void
api_room_recordings_stop(struct db *db)
{
	size_t	 n;
	int64_t	*ids = recording_rooms(NULL, NULL, &n);

	for (size_t i = 0; i < n; i++)
		if (stop_recording(db, ids[i], false))
			log_info("room %lld: the server stops: its recording stopped", (long long)ids[i]);
	free(ids);
}
