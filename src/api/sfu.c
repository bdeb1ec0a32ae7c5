/*
 * sfu: rooms whose media goes through Janus's VideoRoom (src/media). One
 * VideoRoom room per meeting (created when needed, with talk detection on);
 * per connection in the room one publisher handle, whose id is the feed
 * others subscribe to, and one subscriber handle carrying every other feed
 * of the room on one RTCPeerConnection (multistream).
 *
 * pobratim stays the only one that decides: the browser sends its offer
 * and candidates for "publisher" and its answer and candidates for
 * "subscriber"; a connection only ever publishes as its own feed and is
 * only subscribed to the feeds of the room it is in, chosen here. Janus's
 * events keep the picture current: a publisher that becomes active is added
 * to everyone else's subscription (renegotiated: Janus offers, the browser
 * answers), one that goes is dropped by Janus itself (autoupdate), talk
 * detection names the active speaker, whose video every subscriber then gets
 * in its high simulcast layer while the others stay low.
 *
 * Recording (a host's record_start): every publisher of the room is told
 * to record (VideoRoom's configure with "record" and a "filename" of
 * recording_publisher()), now if it publishes already, else with the
 * configure that publishes it; one that publishes anew (a restart, after
 * Janus restarted) gets a new file name. Stopping is "record": false on
 * each, after which Janus has closed the files.
 *
 * Threads: workers (a connection's messages, in order) and the media
 * dispatcher (events, resets). `lock` guards the tables and is never held
 * across a call to Janus; a room's `op` mutex is, so that the subscription
 * work of one room (who gets which feed, which layer) happens one step at
 * a time: two copies of one event, or an event and a join, never subscribe
 * anyone to a feed twice.
 */
#include "room_media.h"

#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/alloc.h"
#include "../base/log.h"
#include "../base/text.h"
#include "../media/media.h"
#include "../media/recording.h"

#define MAX_FEEDS	32	/* publishers of a room (Janus's room is made for 30) */
#define MAX_STREAMS	(2 * MAX_FEEDS)
#define MID_LEN		16
#define MAX_SDP		(48 * 1024)
#define SPEAKING_PACKETS 50	/* audio packets (1 s) over which Janus averages the level */
#define SPEAKING_LEVEL	 45	/* dBov: louder than this on average is talking */
#define FILES_DIR_MAX	160	/* Janus takes a recording's name in 255 bytes: "<files>/recordings/<id>/p<n>-video-<m>" */

struct sub_stream {
	char	 mid[MID_LEN];
	int64_t	 feed;
	bool	 video;
	int	 substream;		/* -1: Janus's default */
};

struct peer {
	uint64_t		 conn;		/* 0: a free slot */
	int64_t			 room;
	int64_t			 feed;		/* its publisher id in the Janus room */
	uint64_t		 pub, sub;	/* handles of the current epoch; 0: none */
	json_int_t		 subgen;	/* counts its subscriber handles: each offer says whose it is */
	bool			 speaker;	/* may publish; a listener only subscribes */
	bool			 live;		/* Janus says it publishes */
	char			 mid[2][MID_LEN];	/* its published audio, video */
	bool			 blocked[2];	/* audio, video stopped by a host */
	int64_t			 rec;		/* the recording its publisher handle was told of; 0 */
	int64_t			 subscribed[MAX_FEEDS];
	size_t			 nsubscribed;
	struct sub_stream	 streams[MAX_STREAMS];
	size_t			 nstreams;
};

struct room {
	int64_t		 id;
	uint64_t	 epoch;		/* the Janus room exists in this epoch */
	uint64_t	 watcher;	/* pobratim's own publisher handle: hears of every feed */
	int64_t		 speaker;	/* feed; 0: none yet */
	int64_t		 rec;		/* the recording in progress; 0: none */
	pthread_mutex_t	 op;
	pthread_mutex_t	 rec_op;	/* held while publishers are told to record or stop */
};

static pthread_mutex_t	 lock = PTHREAD_MUTEX_INITIALIZER;
static struct peer	**peers;
static size_t		 npeers;
static struct room	**rooms;	/* kept for the life of the process (their op mutex) */
static size_t		 nrooms;
static int64_t		 next_feed;
static uint64_t		 control, control_epoch;	/* a handle for room requests */
static pthread_mutex_t	 control_lock = PTHREAD_MUTEX_INITIALIZER;

enum { AUDIO, VIDEO };

/* --- tables (under lock) --- */

static struct room *
room_find(int64_t id, bool make)
{
	struct room	*r;

	for (size_t i = 0; i < nrooms; i++)
		if (rooms[i]->id == id)
			return rooms[i];
	if (!make)
		return NULL;
	r = xcalloc(1, sizeof(*r));
	r->id = id;
	pthread_mutex_init(&r->op, NULL);
	pthread_mutex_init(&r->rec_op, NULL);
	rooms = xrealloc(rooms, (nrooms + 1) * sizeof(*rooms));
	rooms[nrooms++] = r;
	return r;
}

static struct peer *
peer_of(uint64_t conn)
{
	for (size_t i = 0; i < npeers; i++)
		if (peers[i]->conn == conn)
			return peers[i];
	return NULL;
}

static struct peer *
peer_by(int64_t room, int64_t feed)
{
	for (size_t i = 0; i < npeers; i++)
		if (peers[i]->conn != 0 && peers[i]->room == room && peers[i]->feed == feed)
			return peers[i];
	return NULL;
}

static struct peer *
peer_by_handle(uint64_t handle)
{
	for (size_t i = 0; handle != 0 && i < npeers; i++)
		if (peers[i]->conn != 0 && (peers[i]->pub == handle || peers[i]->sub == handle))
			return peers[i];
	return NULL;
}

static struct peer *
peer_new(uint64_t conn, int64_t room)
{
	struct peer	*p = NULL;

	for (size_t i = 0; i < npeers && p == NULL; i++)
		if (peers[i]->conn == 0)
			p = peers[i];
	if (p == NULL) {
		p = xmalloc(sizeof(*p));
		peers = xrealloc(peers, (npeers + 1) * sizeof(*peers));
		peers[npeers++] = p;
	}
	memset(p, 0, sizeof(*p));
	p->conn = conn;
	p->room = room;
	p->feed = ++next_feed;
	return p;
}

static size_t
room_size(int64_t room)
{
	size_t	n = 0;

	for (size_t i = 0; i < npeers; i++)
		n += peers[i]->conn != 0 && peers[i]->room == room;
	return n;
}

static bool
has_feed(const struct peer *p, int64_t feed)
{
	for (size_t i = 0; i < p->nsubscribed; i++)
		if (p->subscribed[i] == feed)
			return true;
	return false;
}

/* feed is gone from p's subscription (Janus drops its streams itself) */
static void
drop_feed(struct peer *p, int64_t feed)
{
	size_t	k = 0;

	for (size_t i = 0; i < p->nsubscribed; i++)
		if (p->subscribed[i] != feed)
			p->subscribed[k++] = p->subscribed[i];
	p->nsubscribed = k;
	k = 0;
	for (size_t i = 0; i < p->nstreams; i++)
		if (p->streams[i].feed != feed)
			p->streams[k++] = p->streams[i];
	p->nstreams = k;
}

static void
forget_handles(struct peer *p)
{
	p->pub = p->sub = 0;
	p->rec = 0;
	p->live = false;
	p->mid[AUDIO][0] = p->mid[VIDEO][0] = '\0';
	p->nsubscribed = p->nstreams = 0;
}

static const char *
conn_name(uint64_t conn, char buf[17])
{
	snprintf(buf, 17, "%" PRIx64, conn);
	return buf;
}

/* --- requests to Janus --- */

/* The handle room requests go through (create, destroy, kick, moderate); 0 with *err. */
static uint64_t
control_handle(const char **err)
{
	uint64_t	h, epoch = media_epoch();

	pthread_mutex_lock(&control_lock);
	if (control == 0 || control_epoch != epoch) {
		control = media_attach(err);
		control_epoch = epoch;
	}
	h = control;
	pthread_mutex_unlock(&control_lock);
	return h;
}

/* A request about a room, with its secret; the answer's data or NULL (logged). */
static bool
room_request(json_t *body)
{
	const char	*err = NULL;
	uint64_t	 h = control_handle(&err);
	json_t		*reply;

	json_object_set_new(body, "secret", json_string(media_room_secret()));
	if (h == 0) {
		json_decref(body);
		return false;
	}
	reply = media_message(h, body, NULL, &err);
	json_decref(reply);
	return reply != NULL;
}

/*
 * Janus tells a room's publishers (joined, publishing or not) of the feeds
 * that come and go; listeners have no publisher handle, so pobratim joins
 * each room once as a publisher that never publishes (it takes no place
 * among the 30: Janus counts those who send), and its events keep the
 * listeners' subscriptions current too. r->op held.
 */
static void
watch(struct room *r)
{
	const char	*err = NULL;
	uint64_t	 h = media_attach(&err);
	json_t		*reply;
	int64_t		 feed;

	if (h == 0)
		return;
	pthread_mutex_lock(&lock);
	feed = ++next_feed;
	pthread_mutex_unlock(&lock);
	reply = media_message(h, json_pack("{s:s, s:s, s:I, s:I, s:s}", "request", "join",
	    "ptype", "publisher", "room", (json_int_t)r->id, "id", (json_int_t)feed,
	    "display", "pobratim"), NULL, &err);
	if (reply == NULL) {
		log_warn("room %lld: cannot watch its feeds (%s)", (long long)r->id, err);
		media_detach(h);
		return;
	}
	json_decref(reply);
	pthread_mutex_lock(&lock);
	r->watcher = h;
	pthread_mutex_unlock(&lock);
}

/* The Janus room of r exists in the current epoch (r->op held). */
static bool
ensure_room(struct room *r)
{
	uint64_t	 epoch = media_epoch();
	const char	*err = NULL;
	uint64_t	 h;
	json_t		*body, *reply;

	pthread_mutex_lock(&lock);
	if (r->epoch == epoch && epoch != 0) {
		pthread_mutex_unlock(&lock);
		return true;
	}
	pthread_mutex_unlock(&lock);
	if (!media_ready() || (h = control_handle(&err)) == 0)
		return false;
	body = json_pack("{s:s, s:I, s:s, s:s, s:b, s:i, s:s, s:s, s:b, s:i, s:i, s:i, s:b,"
	    " s:b}", "request", "create", "room", (json_int_t)r->id,
	    "admin_key", media_room_secret(), "secret", media_room_secret(), "is_private", 1,
	    "publishers", 30, "audiocodec", "opus", "videocodec", "vp8",
	    "audiolevel_event", 1, "audio_active_packets", SPEAKING_PACKETS,
	    "audio_level_average", SPEAKING_LEVEL, "fir_freq", 10, "record", 0,	/* per publisher */
	    "permanent", 0);
	reply = media_message(h, body, NULL, &err);
	if (reply == NULL) {
		log_warn("room %lld: Janus did not make its room (%s)", (long long)r->id, err);
		return false;
	}
	json_decref(reply);
	pthread_mutex_lock(&lock);
	r->epoch = epoch;
	r->speaker = 0;
	r->watcher = 0;
	pthread_mutex_unlock(&lock);
	watch(r);
	return true;
}

/* --- telling browsers --- */

static void
send_to(uint64_t conn, json_t *body)
{
	if (ws_server != NULL)
		ws_send_json(conn, body);
	else
		json_decref(body);
}

/*
 * Janus's subscription offer to conn, with which of its m-lines carries
 * whom: {"mid", "kind", "conn"} from Janus's streams (their feeds mapped to
 * the connections that publish them). Keeps the map for the layers.
 */
static void
relay_offer(uint64_t conn, json_t *data, json_t *jsep)
{
	json_t		*streams = json_object_get(data, "streams"), *s, *out = json_array();
	struct peer	*p, *q;
	size_t		 i;
	int64_t		 room = 0;
	json_int_t	 gen = 0;
	char		 name[17];

	pthread_mutex_lock(&lock);
	if ((p = peer_of(conn)) != NULL && json_is_array(streams)) {
		room = p->room;
		gen = p->subgen;
		p->nstreams = 0;
		json_array_foreach(streams, i, s) {
			const char	*mid = json_string_value(json_object_get(s, "mid"));
			const char	*type = json_string_value(json_object_get(s, "type"));
			json_int_t	 feed = json_integer_value(json_object_get(s, "feed_id"));

			if (mid == NULL || type == NULL || strlen(mid) >= MID_LEN ||
			    json_is_false(json_object_get(s, "active")) ||
			    (q = peer_by(p->room, feed)) == NULL)
				continue;
			if (p->nstreams < MAX_STREAMS) {
				struct sub_stream *st = &p->streams[p->nstreams++];

				snprintf(st->mid, sizeof(st->mid), "%s", mid);
				st->feed = feed;
				st->video = strcmp(type, "video") == 0;
				st->substream = -1;
			}
			json_array_append_new(out, json_pack("{s:s, s:s, s:s}", "mid", mid,
			    "kind", type, "conn", conn_name(q->conn, name)));
		}
	}
	pthread_mutex_unlock(&lock);
	if (p == NULL) {
		json_decref(out);
		return;
	}
	send_to(conn, json_pack("{s:s, s:I, s:s, s:s, s:{s:s, s:O}, s:o, s:I}", "type", "signal",
	    "meeting", (json_int_t)room, "from", "subscriber", "kind", "offer",
	    "data", "type", "offer", "sdp", json_object_get(jsep, "sdp"), "streams", out,
	    "subscription", gen));
}

/* --- subscriptions (the room's op held) --- */

struct want {
	uint64_t	conn, sub;
	int64_t		feeds[MAX_FEEDS];
	size_t		n;
};

static void	subscribe_each(int64_t room, const struct want *w);

/*
 * Subscribes w->conn to w->feeds: a new subscriber handle, or an update of
 * its own. Janus refuses the whole request when one of the feeds has gone
 * meanwhile (a page that reconnected): then the others are asked for one
 * at a time, so that the one gone does not keep them from this subscriber.
 */
static void
subscribe(int64_t room, struct want *w)
{
	json_t		*list = json_array(), *reply, *data;
	const char	*err = NULL;
	uint64_t	 h = w->sub;
	struct peer	*p;

	for (size_t i = 0; i < w->n; i++)
		json_array_append_new(list, json_pack("{s:I}", "feed", (json_int_t)w->feeds[i]));
	if (h == 0 && (h = media_attach(&err)) == 0) {
		json_decref(list);
		return;
	}
	reply = media_message(h, w->sub == 0 ?
	    json_pack("{s:s, s:s, s:I, s:o}", "request", "join", "ptype", "subscriber",
	    "room", (json_int_t)room, "streams", list) :
	    json_pack("{s:s, s:o}", "request", "update", "subscribe", list), NULL, &err);
	if (reply == NULL) {
		log_info("room %lld: cannot subscribe %016" PRIx64 " to %zu feeds (%s)",
		    (long long)room, w->conn, w->n, err);
		if (w->sub == 0)
			media_detach(h);
		if (w->n > 1 && err != NULL && strcmp(err, "media_refused") == 0)
			subscribe_each(room, w);
		return;
	}
	pthread_mutex_lock(&lock);
	if ((p = peer_of(w->conn)) != NULL && p->room == room && p->sub == w->sub) {
		p->subgen += w->sub == 0;
		p->sub = h;
		for (size_t i = 0; i < w->n; i++)
			if (p->nsubscribed < MAX_FEEDS && !has_feed(p, w->feeds[i]))
				p->subscribed[p->nsubscribed++] = w->feeds[i];
	} else
		p = NULL;	/* it left, or was reset, meanwhile */
	pthread_mutex_unlock(&lock);
	data = media_data(reply);
	if (p == NULL) {
		if (w->sub == 0)
			media_detach(h);
	} else if (media_jsep(reply) != NULL)
		relay_offer(w->conn, data, media_jsep(reply));
	/* else "updating": Janus offers once the browser answered its last offer */
	json_decref(reply);
}

/* subscribe() of w->conn to each of w->feeds alone, on the handle it has by then. */
static void
subscribe_each(int64_t room, const struct want *w)
{
	for (size_t i = 0; i < w->n; i++) {
		struct want	 one = { .conn = w->conn, .n = 1, .feeds = { w->feeds[i] } };
		struct peer	*p;
		bool		 gone;

		pthread_mutex_lock(&lock);
		p = peer_of(w->conn);
		gone = p == NULL || p->room != room;
		if (!gone)
			one.sub = p->sub;
		pthread_mutex_unlock(&lock);
		if (gone)
			return;
		subscribe(room, &one);
	}
}

/* Everyone in the room gets every live feed but their own. */
static void
sync_room(int64_t room)
{
	struct want	*w = NULL;
	size_t		 n = 0;

	pthread_mutex_lock(&lock);
	w = xcalloc(npeers ? npeers : 1, sizeof(*w));
	for (size_t i = 0; i < npeers; i++) {
		struct peer *p = peers[i];

		if (p->conn == 0 || p->room != room)
			continue;
		w[n].conn = p->conn;
		w[n].sub = p->sub;
		for (size_t k = 0; k < npeers; k++) {
			struct peer *q = peers[k];

			if (q != p && q->conn != 0 && q->room == room && q->live &&
			    !has_feed(p, q->feed) && w[n].n < MAX_FEEDS)
				w[n].feeds[w[n].n++] = q->feed;
		}
		n += w[n].n > 0;
	}
	pthread_mutex_unlock(&lock);
	for (size_t i = 0; i < n; i++)
		subscribe(room, &w[i]);
	free(w);
}

/*
 * The simulcast layer each subscriber receives of each video: the active
 * speaker's high (2), the others' low (0), or medium (1) while the room has
 * four people or fewer and the tiles are large.
 */
static void
apply_layers(int64_t room)
{
	struct room	*r;
	json_t		*todo = json_array(), *t;
	size_t		 i;

	pthread_mutex_lock(&lock);
	r = room_find(room, false);
	int grid = room_size(room) <= 4 ? 1 : 0;
	for (i = 0; r != NULL && i < npeers; i++) {
		struct peer	*p = peers[i];
		json_t		*streams = json_array();

		if (p->conn == 0 || p->room != room || p->sub == 0) {
			json_decref(streams);
			continue;
		}
		for (size_t k = 0; k < p->nstreams; k++) {
			struct sub_stream *s = &p->streams[k];
			int want = s->feed == r->speaker ? 2 : grid;

			if (!s->video || s->substream == want)
				continue;
			s->substream = want;
			json_array_append_new(streams, json_pack("{s:s, s:i}", "mid", s->mid,
			    "substream", want));
		}
		if (json_array_size(streams) > 0)
			json_array_append_new(todo, json_pack("{s:I, s:o}", "sub", (json_int_t)p->sub,
			    "streams", streams));
		else
			json_decref(streams);
	}
	pthread_mutex_unlock(&lock);
	json_array_foreach(todo, i, t) {
		const char *err = NULL;

		json_decref(media_message((uint64_t)json_integer_value(json_object_get(t, "sub")),
		    json_pack("{s:s, s:O}", "request", "configure", "streams",
		    json_object_get(t, "streams")), NULL, &err));
	}
	json_decref(todo);
}

/* What a host stopped stays stopped on the media server, also after a reset. */
static void
apply_blocks(int64_t room, uint64_t conn)
{
	struct peer	*p;
	int64_t		 feed = 0;
	char		 mid[2][MID_LEN] = { "", "" };
	bool		 blocked[2] = { false, false };

	pthread_mutex_lock(&lock);
	if ((p = peer_of(conn)) != NULL && p->room == room && p->live) {
		feed = p->feed;
		memcpy(mid, p->mid, sizeof(mid));
		memcpy(blocked, p->blocked, sizeof(blocked));
	}
	pthread_mutex_unlock(&lock);
	for (int k = AUDIO; feed != 0 && k <= VIDEO; k++)
		if (mid[k][0] != '\0' && room_request(json_pack("{s:s, s:I, s:I, s:s, s:b}", "request",
		    "moderate", "room", (json_int_t)room, "id", (json_int_t)feed, "mid", mid[k],
		    "mute", blocked[k])))
			log_debug("room %lld: %016" PRIx64 "'s %s %s on the media server", (long long)room,
			    conn, k == AUDIO ? "audio" : "video", blocked[k] ? "stopped" : "allowed");
}

/* --- Janus's events --- */

static void	join_room(struct room *r, uint64_t conn);

/*
 * conn's subscription goes and is made anew to the room's live feeds: the
 * handle sub, or whichever it has when sub is 0 (false: it has not that
 * one, or is not in the room). The page tells the new one by the
 * subscription number of its offer.
 */
static bool
resubscribe(struct room *r, uint64_t conn, uint64_t sub)
{
	struct peer	*p;
	uint64_t	 old = 0;
	bool		 ours;

	pthread_mutex_lock(&r->op);
	pthread_mutex_lock(&lock);
	ours = (p = peer_of(conn)) != NULL && p->room == r->id && (sub == 0 || p->sub == sub);
	if (ours) {
		old = p->sub;
		p->sub = 0;
		p->nsubscribed = p->nstreams = 0;
	}
	pthread_mutex_unlock(&lock);
	if (ours) {
		media_detach(old);
		sync_room(r->id);
	}
	pthread_mutex_unlock(&r->op);
	return ours;
}

/*
 * Janus hung up a PeerConnection (a DTLS alert, ICE failed, the page closed
 * it). A subscriber's streams are gone with it, on Janus, and the mids
 * pobratim knows of them with them: its subscription is made anew.
 */
static void
on_hangup(uint64_t handle)
{
	struct peer	*p;
	struct room	*r = NULL;
	uint64_t	 conn = 0;

	pthread_mutex_lock(&lock);
	if ((p = peer_by_handle(handle)) != NULL && p->sub == handle) {
		conn = p->conn;
		r = room_find(p->room, false);
	}
	pthread_mutex_unlock(&lock);
	if (r != NULL && resubscribe(r, conn, handle))
		log_info("room %lld: %016" PRIx64 "'s subscription hung up: made anew",
		    (long long)r->id, conn);
}

/*
 * Janus's list of active publishers (in "joined" or an event): who of the
 * room publishes, and the mids of their audio and video. Those new to it
 * get the host's blocks, and everyone their feeds.
 */
static void
on_publishers(int64_t room, json_t *list)
{
	json_t		*pub, *s, *fresh = json_array(), *c;
	size_t		 i, k;
	struct room	*r;

	pthread_mutex_lock(&lock);
	json_array_foreach(list, i, pub) {
		struct peer	*p = peer_by(room, json_integer_value(json_object_get(pub, "id")));

		if (p == NULL)
			continue;
		if (!p->live)
			json_array_append_new(fresh, json_integer((json_int_t)p->conn));
		p->live = true;
		json_array_foreach(json_object_get(pub, "streams"), k, s) {
			const char	*type = json_string_value(json_object_get(s, "type"));
			const char	*mid = json_string_value(json_object_get(s, "mid"));
			int		 kind = text_eq(type, "audio") ? AUDIO : text_eq(type, "video") ?
					    VIDEO : -1;

			if (kind != -1 && mid != NULL && strlen(mid) < MID_LEN &&
			    !json_is_true(json_object_get(s, "disabled")))
				snprintf(p->mid[kind], MID_LEN, "%s", mid);
		}
	}
	r = room_find(room, false);
	pthread_mutex_unlock(&lock);
	if (r == NULL) {
		json_decref(fresh);
		return;
	}
	pthread_mutex_lock(&r->op);
	json_array_foreach(fresh, i, c)
		apply_blocks(room, (uint64_t)json_integer_value(c));
	sync_room(room);
	apply_layers(room);
	pthread_mutex_unlock(&r->op);
	json_decref(fresh);
}

/* A publisher of the room stopped: nobody is subscribed to it any more. */
static void
on_unpublished(int64_t room, int64_t feed)
{
	struct peer	*p;

	pthread_mutex_lock(&lock);
	if ((p = peer_by(room, feed)) != NULL)
		p->live = false;
	for (size_t i = 0; i < npeers; i++)
		if (peers[i]->conn != 0 && peers[i]->room == room)
			drop_feed(peers[i], feed);
	pthread_mutex_unlock(&lock);
}

/* Janus heard feed talk: it becomes the room's active speaker. */
static void
on_talking(int64_t room, int64_t feed, uint64_t sender)
{
	struct peer	*p;
	struct room	*r;
	uint64_t	 conn = 0;
	char		 name[17], channel[48];

	pthread_mutex_lock(&lock);
	/* every publisher of the room is told; one copy counts: the speaker's own */
	if ((p = peer_by(room, feed)) != NULL && p->pub == sender &&
	    (r = room_find(room, false)) != NULL && r->speaker != feed && !p->blocked[AUDIO]) {
		r->speaker = feed;
		conn = p->conn;
	}
	pthread_mutex_unlock(&lock);
	if (conn == 0)
		return;
	snprintf(channel, sizeof(channel), "room:%lld", (long long)room);
	api_publish(channel, "speaker", json_pack("{s:s}", "conn", conn_name(conn, name)));
	pthread_mutex_lock(&r->op);
	apply_layers(room);
	pthread_mutex_unlock(&r->op);
}

void
sfu_media_event(json_t *msg, void *arg)
{
	json_t		*data = media_data(msg), *jsep = media_jsep(msg);
	const char	*what = json_string_value(json_object_get(data, "videoroom"));
	const char	*janus = json_string_value(json_object_get(msg, "janus"));
	uint64_t	 sender = (uint64_t)json_integer_value(json_object_get(msg, "sender"));
	int64_t		 room = json_integer_value(json_object_get(data, "room"));
	json_t		*v;
	struct peer	*p;
	uint64_t	 conn = 0;

	(void)arg;
	if (data == NULL) {
		/* the core's: webrtcup, media, hangup, slowlink, detached, timeout */
		log_debug("media: %s on handle %" PRIu64 "%s%s", janus, sender,
		    json_is_string(json_object_get(msg, "reason")) ? ": " : "",
		    json_is_string(json_object_get(msg, "reason")) ?
		    json_string_value(json_object_get(msg, "reason")) : "");
		if (text_eq(janus, "timeout"))
			log_warn("media: Janus ended pobratim's session (no keepalive?)");
		if (text_eq(janus, "hangup"))
			on_hangup(sender);
		return;
	}
	if (text_eq(what, "talking")) {
		on_talking(room, json_integer_value(json_object_get(data, "id")), sender);
		return;
	}
	if ((v = json_object_get(data, "publishers")) != NULL && json_is_array(v) && room > 0)
		on_publishers(room, v);
	if ((v = json_object_get(data, "unpublished")) != NULL && json_is_integer(v))
		on_unpublished(room, json_integer_value(v));
	if ((v = json_object_get(data, "leaving")) != NULL && json_is_integer(v))
		on_unpublished(room, json_integer_value(v));
	if (jsep != NULL && text_eq(json_string_value(json_object_get(jsep, "type")), "offer")) {
		/* a renegotiation Janus started (a feed left, a postponed update) */
		pthread_mutex_lock(&lock);
		if ((p = peer_by_handle(sender)) != NULL && p->sub == sender)
			conn = p->conn;
		pthread_mutex_unlock(&lock);
		if (conn != 0)
			relay_offer(conn, data, jsep);
	}
}

/*
 * Janus (re)started: every handle and room of before is gone. Rooms are made
 * again and their members told (room.media.reset) to send their media anew.
 */
void
sfu_media_reset(uint64_t epoch, void *arg)
{
	json_t	*told = json_array(), *t;
	size_t	 i;

	(void)arg;
	pthread_mutex_lock(&lock);
	for (i = 0; i < nrooms; i++) {
		rooms[i]->epoch = 0;
		rooms[i]->speaker = 0;
		rooms[i]->watcher = 0;
	}
	for (i = 0; i < npeers; i++)
		if (peers[i]->conn != 0) {
			forget_handles(peers[i]);
			json_array_append_new(told, json_pack("{s:I, s:I}", "conn",
			    (json_int_t)peers[i]->conn, "room", (json_int_t)peers[i]->room));
		}
	pthread_mutex_unlock(&lock);
	if (json_array_size(told) > 0)
		log_info("media: Janus session %" PRIu64 ": %zu people re-enter their rooms' media",
		    epoch, json_array_size(told));
	/*
	 * Everyone is told first: a browser answering its reset at once makes
	 * others' subscriptions (its feed goes live), and each offer must come
	 * after that browser's own reset, which drops what it had.
	 */
	json_array_foreach(told, i, t)
		send_to((uint64_t)json_integer_value(json_object_get(t, "conn")),
		    json_pack("{s:s, s:O, s:s}", "type", "room.media.reset", "meeting",
		    json_object_get(t, "room"), "media", "sfu"));
	json_array_foreach(told, i, t) {
		struct room	*r;

		pthread_mutex_lock(&lock);
		r = room_find(json_integer_value(json_object_get(t, "room")), false);
		pthread_mutex_unlock(&lock);
		if (r != NULL)
			join_room(r, (uint64_t)json_integer_value(json_object_get(t, "conn")));
	}
	json_decref(told);
}

/* --- recording --- */

/* A new publisher of recording rec: conn as it is now, and the base of its files' names. */
static bool
record_base(struct db *db, int64_t room, uint64_t conn, int64_t rec, char base[RECORDING_PATH_MAX])
{
	struct arena		a = ARENA_INIT;
	struct db_recording_who	who;
	bool			ok;

	ok = room_member_who(&a, room, conn, &who) &&
	    recording_publisher(db, media_files_dir(), rec, &who, base) == 0;
	arena_release(&a);
	return ok;
}

/* Janus's configure of a publisher: record into base (a recording_publisher's), or stop (NULL). */
static json_t *
record_body(const char *base)
{
	return base != NULL ? json_pack("{s:s, s:b, s:s}", "request", "configure", "record", 1,
	    "filename", base) : json_pack("{s:s, s:b}", "request", "configure", "record", 0);
}

/* conn's publisher handle h records into rec, or stops (rec 0); p->rec was set by the caller. */
static void
record_peer(struct db *db, int64_t room, uint64_t conn, uint64_t h, int64_t rec)
{
	char		 base[RECORDING_PATH_MAX];
	const char	*err = NULL;
	json_t		*reply;

	if (rec != 0 && !record_base(db, room, conn, rec, base)) {
		log_warn("room %lld: %016" PRIx64 " is not recorded (its publisher row failed)",
		    (long long)room, conn);
		return;
	}
	reply = media_message(h, record_body(rec != 0 ? base : NULL), NULL, &err);
	if (reply == NULL)
		log_warn("room %lld: Janus did not %s recording %016" PRIx64 " (%s)", (long long)room,
		    rec != 0 ? "start" : "stop", conn, err);
	json_decref(reply);
}

/*
 * Recording rec of the room starts (rec 0: the one in progress stops):
 * every publisher handle of the room is told now, and the ones made later
 * in publish(). When this returns after a stop, Janus has closed the files.
 */
static const char *
sfu_record(struct db *db, int64_t room, int64_t rec)
{
	const char	*files = media_files_dir();
	struct room	*r;
	struct peer	*p;
	uint64_t	(*todo)[2];
	size_t		 n = 0;
	int64_t		 was;

	if (rec != 0 && (!media_ready() || files == NULL || strlen(files) > FILES_DIR_MAX))
		return "recording_unavailable";
	pthread_mutex_lock(&lock);
	r = room_find(room, rec != 0);
	pthread_mutex_unlock(&lock);
	if (r == NULL)
		return NULL;
	pthread_mutex_lock(&r->rec_op);
	pthread_mutex_lock(&lock);
	was = r->rec;
	r->rec = rec;
	todo = xcalloc(npeers + 1, sizeof(*todo));
	for (size_t i = 0; i < npeers; i++) {
		p = peers[i];
		if (p->conn == 0 || p->room != room || p->pub == 0 || p->rec == rec)
			continue;
		p->rec = rec;
		todo[n][0] = p->conn;
		todo[n++][1] = p->pub;
	}
	pthread_mutex_unlock(&lock);
	for (size_t i = 0; i < n; i++)
		record_peer(db, room, todo[i][0], todo[i][1], rec);
	pthread_mutex_unlock(&r->rec_op);
	free(todo);
	log_info("room %lld: recording %lld %s (%zu publishers told)", (long long)room,
	    (long long)(rec != 0 ? rec : was), rec != 0 ? "started" : "stopped", n);
	return NULL;
}

/* --- the backend --- */

static uint64_t	publisher(struct room *r, uint64_t conn, const char **err);

/*
 * conn joins the Janus room as a publisher (before it sends any media: the
 * handle hears of the others' feeds) and gets the others' feeds.
 */
static void
join_room(struct room *r, uint64_t conn)
{
	const char	*err = NULL;
	struct peer	*p;
	bool		 speaker;

	pthread_mutex_lock(&lock);
	speaker = (p = peer_of(conn)) != NULL && p->speaker;
	pthread_mutex_unlock(&lock);
	if (!speaker) {		/* a listener: the others' feeds only */
		pthread_mutex_lock(&r->op);
		if (ensure_room(r))
			sync_room(r->id);
		pthread_mutex_unlock(&r->op);
		return;
	}
	if (publisher(r, conn, &err) == 0) {
		log_info("room %lld: %016" PRIx64 " is not in the media server's room (%s)",
		    (long long)r->id, conn, err);
		return;
	}
	pthread_mutex_lock(&r->op);
	sync_room(r->id);
	pthread_mutex_unlock(&r->op);
}

static void
sfu_admit(int64_t room, uint64_t conn, bool speaker)
{
	struct peer	*p;

	pthread_mutex_lock(&lock);
	room_find(room, true);
	if ((p = peer_of(conn)) == NULL)
		p = peer_new(conn, room);
	p->speaker = speaker;
	pthread_mutex_unlock(&lock);
}

static void
sfu_enter(int64_t room, uint64_t conn)
{
	struct room	*r;
	struct peer	*p;
	bool		 here;

	pthread_mutex_lock(&lock);
	r = room_find(room, true);
	here = (p = peer_of(conn)) != NULL && p->room == room;
	pthread_mutex_unlock(&lock);
	if (here)		/* not if it left meanwhile */
		join_room(r, conn);
}

/* {type, sdp} of the kind expected, as a new object for Janus; NULL when not one. */
static json_t *
clean_sdp(json_t *data, const char *type)
{
	json_t	*sdp = json_object_get(data, "sdp");

	if (!text_eq(json_string_value(json_object_get(data, "type")), type) ||
	    !json_is_string(sdp) || json_string_length(sdp) == 0 ||
	    json_string_length(sdp) > MAX_SDP)
		return NULL;
	return json_pack("{s:s, s:O}", "type", type, "sdp", sdp);
}

/* An RTCIceCandidate ({candidate, sdpMid?, sdpMLineIndex?}) or {completed: true}, clean. */
static json_t *
clean_candidate(json_t *data)
{
	json_t	*c = json_object_get(data, "candidate"), *mid = json_object_get(data, "sdpMid");
	json_t	*index = json_object_get(data, "sdpMLineIndex"), *out;

	if (json_is_true(json_object_get(data, "completed")))
		return json_pack("{s:b}", "completed", 1);
	if (!json_is_string(c) || json_string_length(c) > 1024 ||
	    (mid != NULL && !json_is_null(mid) && (!json_is_string(mid) ||
	    json_string_length(mid) >= MID_LEN)) ||
	    (index != NULL && !json_is_null(index) && (!json_is_integer(index) ||
	    json_integer_value(index) < 0 || json_integer_value(index) > 255)))
		return NULL;
	if (json_string_length(c) == 0)	/* the end of a generation */
		return json_pack("{s:b}", "completed", 1);
	out = json_pack("{s:O}", "candidate", c);
	if (json_is_string(mid))
		json_object_set(out, "sdpMid", mid);
	if (json_is_integer(index))
		json_object_set(out, "sdpMLineIndex", index);
	return out;
}

/* The publisher handle of conn, joined to the room as its feed; 0 with *err. */
static uint64_t
publisher(struct room *r, uint64_t conn, const char **err)
{
	struct peer	*p;
	uint64_t	 h;
	int64_t		 feed;
	json_t		*reply;
	char		 name[17];
	bool		 speaker;

	pthread_mutex_lock(&lock);
	p = peer_of(conn);
	h = p ? p->pub : 0;
	feed = p ? p->feed : 0;
	speaker = p != NULL && p->speaker;
	pthread_mutex_unlock(&lock);
	if (p == NULL) {
		*err = "not_in_room";
		return 0;
	}
	if (!speaker) {
		*err = "not_speaker";
		return 0;
	}
	if (h != 0)
		return h;
	pthread_mutex_lock(&r->op);
	/* made meanwhile by another thread (a reset's re-entry and the browser's own offer) */
	pthread_mutex_lock(&lock);
	p = peer_of(conn);
	h = p != NULL && p->room == r->id ? p->pub : 0;
	pthread_mutex_unlock(&lock);
	if (h != 0) {
		pthread_mutex_unlock(&r->op);
		return h;
	}
	if (!ensure_room(r) || (h = media_attach(err)) == 0) {
		pthread_mutex_unlock(&r->op);
		if (*err == NULL)
			*err = "media_unavailable";
		return 0;
	}
	reply = media_message(h, json_pack("{s:s, s:s, s:I, s:I, s:s}", "request", "join",
	    "ptype", "publisher", "room", (json_int_t)r->id, "id", (json_int_t)feed,
	    "display", conn_name(conn, name)), NULL, err);
	pthread_mutex_lock(&lock);
	if (reply != NULL && (p = peer_of(conn)) != NULL && p->room == r->id && p->pub == 0 &&
	    p->speaker)
		p->pub = h;
	else {
		media_detach(h);
		h = 0;
		if (*err == NULL)
			*err = "not_in_room";
	}
	pthread_mutex_unlock(&lock);
	pthread_mutex_unlock(&r->op);
	if (h != 0)	/* who publishes already (its own feed is announced later) */
		on_publishers(r->id, json_object_get(media_data(reply), "publishers"));
	json_decref(reply);
	return h;
}

/*
 * The configure that publishes conn on handle h: while the room records,
 * one that records it too (a new base) unless this handle records already.
 * Returns with r->rec_op held when the room records (released after the
 * request, so that a stop never overtakes it).
 */
static json_t *
publish_body(struct ws_ctx *x, struct room *r, uint64_t h, bool *held)
{
	struct peer	*p;
	int64_t		 rec;
	bool		 claim = false;
	char		 base[RECORDING_PATH_MAX];

	pthread_mutex_lock(&lock);
	rec = r->rec;
	pthread_mutex_unlock(&lock);
	*held = rec != 0;
	if (!*held)
		return json_pack("{s:s}", "request", "configure");
	pthread_mutex_lock(&r->rec_op);
	pthread_mutex_lock(&lock);
	rec = r->rec;
	if ((p = peer_of(x->ev->conn)) != NULL && p->pub == h && rec != 0 && p->rec != rec) {
		p->rec = rec;
		claim = true;
	}
	pthread_mutex_unlock(&lock);
	if (claim && record_base(x->db, r->id, x->ev->conn, rec, base))
		return record_body(base);
	return json_pack("{s:s}", "request", "configure");
}

static const char *
publish(struct ws_ctx *x, struct room *r, json_t *jsep)
{
	const char	*err = NULL;
	uint64_t	 h = publisher(r, x->ev->conn, &err);
	json_t		*reply;
	bool		 held;

	if (h == 0) {
		json_decref(jsep);
		return err;
	}
	/* configure publishes the first time and renegotiates after (ICE restart, tracks) */
	reply = media_message(h, publish_body(x, r, h, &held), jsep, &err);
	if (held)
		pthread_mutex_unlock(&r->rec_op);
	if (reply == NULL)
		return err;
	if (media_jsep(reply) != NULL)
		ws_send_json(x->ev->conn, json_pack("{s:s, s:I, s:s, s:s, s:{s:s, s:O}}",
		    "type", "signal", "meeting", (json_int_t)r->id, "from", "publisher",
		    "kind", "answer", "data", "type", "answer", "sdp",
		    json_object_get(media_jsep(reply), "sdp")));
	json_decref(reply);
	return NULL;
}

/*
 * p stops publishing (under lock): its handle is returned for detaching
 * (Janus then tells the others, whose subscriptions drop it), and it comes
 * back, if ever, as a new feed.
 */
static uint64_t
unpublish(struct room *r, struct peer *p)
{
	uint64_t	old = p->pub;
	int64_t		feed = p->feed;

	p->pub = 0;
	p->rec = 0;	/* a new handle records under a new name */
	p->live = false;
	p->mid[AUDIO][0] = p->mid[VIDEO][0] = '\0';
	p->feed = ++next_feed;
	if (r->speaker == feed)
		r->speaker = 0;
	for (size_t i = 0; i < npeers; i++)
		if (peers[i]->conn != 0 && peers[i]->room == r->id)
			drop_feed(peers[i], feed);
	return old;
}

/*
 * The browser gave up on its publishing or receiving connection (it failed,
 * or did not connect in time) and makes a new one: the handle of before
 * goes, a publisher comes back as a new feed (its blocks kept), a subscriber
 * gets a fresh subscription to the room's live feeds.
 */
static const char *
restart(struct room *r, uint64_t conn, bool pub)
{
	struct peer	*p;
	uint64_t	 old = 0;

	if (!pub)
		return resubscribe(r, conn, 0) ? NULL : "not_in_room";
	pthread_mutex_lock(&r->op);
	pthread_mutex_lock(&lock);
	if ((p = peer_of(conn)) != NULL && p->room == r->id)
		old = unpublish(r, p);
	pthread_mutex_unlock(&lock);
	media_detach(old);
	pthread_mutex_unlock(&r->op);
	return p == NULL ? "not_in_room" : NULL;
}

/* An answer that names a subscription (its offer's) other than conn's current one. */
static bool
stale_answer(uint64_t conn, json_t *gen)
{
	struct peer	*p;
	bool		 stale;

	if (!json_is_integer(gen))	/* a page that does not say: taken for the current one */
		return false;
	pthread_mutex_lock(&lock);
	stale = (p = peer_of(conn)) == NULL || p->subgen != json_integer_value(gen);
	pthread_mutex_unlock(&lock);
	return stale;
}

static const char *
sfu_signal(struct ws_ctx *x, int64_t room, const char *to, const char *kind, json_t *data)
{
	bool		 pub = strcmp(to, "publisher") == 0;
	struct peer	*p;
	struct room	*r;
	uint64_t	 h = 0;
	json_t		*clean;
	const char	*err = NULL;
	bool		 speaker = false;

	if (!pub && strcmp(to, "subscriber") != 0)
		return "invalid_peer";
	pthread_mutex_lock(&lock);
	if ((p = peer_of(x->ev->conn)) != NULL && p->room == room) {
		h = pub ? p->pub : p->sub;
		speaker = p->speaker;
	} else
		p = NULL;
	r = room_find(room, false);
	pthread_mutex_unlock(&lock);
	if (p == NULL || r == NULL)
		return "not_in_room";
	if (pub && !speaker)	/* a listener has no publishing end: decided here, not by its browser */
		return "not_speaker";
	if (strcmp(kind, "restart") == 0)
		return restart(r, x->ev->conn, pub);
	if (strcmp(kind, "ice") == 0) {
		if ((clean = clean_candidate(data)) == NULL)
			return "invalid_signal";
		if (h == 0 && pub)	/* before its offer, or before a reset's re-entry made it */
			h = publisher(r, x->ev->conn, &err);
		if (h != 0)
			media_trickle(h, clean);
		else
			json_decref(clean);	/* no subscription yet, or Janus is down: a new offer follows */
		return NULL;
	}
	if (pub && strcmp(kind, "offer") == 0)
		return (clean = clean_sdp(data, "offer")) == NULL ? "invalid_signal" :
		    publish(x, r, clean);
	if (pub || strcmp(kind, "answer") != 0 || (clean = clean_sdp(data, "answer")) == NULL)
		return "invalid_signal";
	if (stale_answer(x->ev->conn, json_object_get(data, "subscription"))) {
		json_decref(clean);	/* to an offer of a subscription gone since: its new one's follows */
		return NULL;
	}
	if (h == 0) {
		json_decref(clean);
		return "media_unavailable";
	}
	json_decref(media_message(h, json_pack("{s:s}", "request", "start"), clean, &err));
	if (err != NULL)
		return err;
	pthread_mutex_lock(&r->op);
	apply_layers(room);
	pthread_mutex_unlock(&r->op);
	return NULL;
}

static void
sfu_leave(int64_t room, uint64_t conn)
{
	struct peer	*p;
	uint64_t	 pub = 0, sub = 0;
	int64_t		 feed = 0;
	size_t		 left;

	pthread_mutex_lock(&lock);
	if ((p = peer_of(conn)) != NULL && p->room == room) {
		pub = p->pub;
		sub = p->sub;
		feed = p->feed;
		p->conn = 0;
	}
	for (size_t i = 0; feed != 0 && i < npeers; i++)
		if (peers[i]->conn != 0 && peers[i]->room == room)
			drop_feed(peers[i], feed);
	left = room_size(room);
	pthread_mutex_unlock(&lock);
	/* Janus tells the others (unpublished) and renegotiates their subscriptions */
	media_detach(pub);
	media_detach(sub);
	if (feed != 0 && left == 0)
		room_sfu.close(room);
}

static const char *
sfu_moderate(int64_t room, uint64_t conn, const char *kind, bool mute)
{
	struct peer	*p;
	struct room	*r;

	pthread_mutex_lock(&lock);
	if ((p = peer_of(conn)) != NULL && p->room == room)
		p->blocked[strcmp(kind, "video") == 0 ? VIDEO : AUDIO] = mute;
	r = room_find(room, false);
	pthread_mutex_unlock(&lock);
	if (p == NULL || r == NULL)
		return "peer_not_in_room";
	/*
	 * At once, not after the room's subscription work (r->op): a publisher
	 * not live yet gets its blocks when it is (on_publishers), and a second
	 * moderate of the same state changes nothing.
	 */
	apply_blocks(room, conn);
	return NULL;
}

static void
sfu_kick(int64_t room, uint64_t conn)
{
	struct peer	*p;
	int64_t		 feed = 0;

	pthread_mutex_lock(&lock);
	if ((p = peer_of(conn)) != NULL && p->room == room && p->pub != 0)
		feed = p->feed;
	pthread_mutex_unlock(&lock);
	if (feed != 0)	/* its media stops now, whatever its browser does */
		room_request(json_pack("{s:s, s:I, s:I}", "request", "kick", "room",
		    (json_int_t)room, "id", (json_int_t)feed));
}

/*
 * A host made conn a speaker (it publishes when its browser offers) or a
 * listener: then its publisher goes from Janus at once, whatever its
 * browser does, and a later offer is refused (not_speaker).
 */
static void
sfu_speak(int64_t room, uint64_t conn, bool speaker)
{
	struct peer	*p;
	struct room	*r;
	uint64_t	 old = 0;

	pthread_mutex_lock(&lock);
	r = room_find(room, false);
	pthread_mutex_unlock(&lock);
	if (r == NULL)
		return;
	pthread_mutex_lock(&r->op);
	pthread_mutex_lock(&lock);
	if ((p = peer_of(conn)) != NULL && p->room == room) {
		p->speaker = speaker;
		if (!speaker)
			old = unpublish(r, p);
	}
	pthread_mutex_unlock(&lock);
	media_detach(old);
	pthread_mutex_unlock(&r->op);
	if (old != 0)
		log_debug("room %lld: %016" PRIx64 " listens now: its publisher is gone",
		    (long long)room, conn);
}

static void
sfu_close(int64_t room)
{
	struct room	*r;
	bool		 exists;
	uint64_t	 watcher = 0;

	pthread_mutex_lock(&lock);
	r = room_find(room, false);
	exists = r != NULL && r->epoch != 0 && r->epoch == media_epoch();
	if (exists) {
		watcher = r->watcher;
		r->watcher = 0;
	}
	pthread_mutex_unlock(&lock);
	if (r == NULL)
		return;
	pthread_mutex_lock(&r->op);
	if (exists && room_request(json_pack("{s:s, s:I}", "request", "destroy", "room",
	    (json_int_t)room)))
		log_debug("room %lld: its Janus room is gone", (long long)room);
	media_detach(watcher);
	pthread_mutex_lock(&lock);
	r->epoch = 0;
	r->speaker = 0;
	r->rec = 0;
	pthread_mutex_unlock(&lock);
	pthread_mutex_unlock(&r->op);
}

const struct room_media room_sfu = {
	"sfu", sfu_admit, sfu_enter, sfu_signal, sfu_leave, sfu_moderate, sfu_kick, sfu_speak, sfu_close, sfu_record,
};
