/*
 * room_media.h: how a room's media travels. rooms.c decides who is in a
 * room and calls these; a room keeps the backend it got when its first
 * member entered, until it is empty again:
 *
 *   mesh  (rooms.c)  every pair of browsers talks directly, the server
 *                    relays their offers, answers and ICE candidates;
 *                    at most ROOM_MESH_MAX people.
 *   sfu   (sfu.c)    each browser sends once to Janus and receives
 *                    everyone else from it; pobratim relays SDP and ICE
 *                    between the browser and Janus and decides who
 *                    publishes and subscribes.
 *
 * Every function is called on a worker (or the media dispatcher) with the
 * rights already checked for the message at hand. Internal to src/api.
 */
#ifndef API_ROOM_MEDIA_H
#define API_ROOM_MEDIA_H

#include "realtime.h"

#define ROOM_MESH_MAX	4	/* people in a room without a media server */
#define ROOM_MAX_SPEAKERS 30	/* members of a room who may publish at once */

struct room_media {
	const char	*name;		/* room.joined.media */
	/*
	 * conn is in the room and about to be sent room.joined: the media layer
	 * knows it from now on (so a signal sent as soon as it reads room.joined
	 * finds it); nothing is sent and the media server is not asked yet.
	 */
	void		 (*admit)(int64_t room, uint64_t conn, bool speaker);
	/* conn has been sent room.joined: its media starts; a listener only receives */
	void		 (*enter)(int64_t room, uint64_t conn);
	/* A signal from the sender of x, to `to` (a peer, or the server's end); NULL or an error code. */
	const char	*(*signal)(struct ws_ctx *x, int64_t room, const char *to, const char *kind,
			    json_t *data);
	/* conn left the room (or was taken out): its media stops */
	void		 (*leave)(int64_t room, uint64_t conn);
	/* A host stops (mute) or allows again conn's "audio" or "video"; NULL or an error code. */
	const char	*(*moderate)(int64_t room, uint64_t conn, const char *kind, bool mute);
	/* A host removes conn: its media stops at once (then leave follows) */
	void		 (*kick)(int64_t room, uint64_t conn);
	/* A host promoted conn to speaker (it may publish now) or made it a listener (its media stops at once) */
	void		 (*speak)(int64_t room, uint64_t conn, bool speaker);
	/* The meeting ended: the room's media goes */
	void		 (*close)(int64_t room);
	/*
	 * Recording rec (recording_begin's) of everyone who publishes, now and
	 * later, until rec 0 stops it (the files are closed on return); NULL or
	 * an error code (recording_unavailable).
	 */
	const char	*(*record)(struct db *db, int64_t room, int64_t rec);
};

extern const struct room_media	room_mesh, room_sfu;

/* room_members.c: the members of a room and of its lobby, and their cards */
/* The hub channel "<kind>:<room>" (kind: "room" or "lobby") into buf. */
void	room_channel(char *buf, size_t len, const char *kind, int64_t room);
/* The cards of kind's channel of room (all when conn is 0, else conn's): a new array. */
json_t	*room_members(const char *kind, int64_t room, uint64_t conn);
/* One member's card (a new reference), NULL when conn is not in the room. */
json_t	*room_member_get(int64_t room, uint64_t conn);
/* Writes a member's card back (after a change to hand or devices). */
void	room_member_put(int64_t room, uint64_t conn, json_t *m);
/* Who conn of the room is, for a recording (its card: user, name, city, country; in a). */
bool	room_member_who(struct arena *a, int64_t room, uint64_t conn, struct db_recording_who *out);

/* The SFU's share of the media layer's events (serve passes it to media_start). */
void	sfu_media_event(json_t *msg, void *arg);
void	sfu_media_reset(uint64_t epoch, void *arg);

#endif
