/*
 * rt: the realtime hub — named channels, their members (connection ids with
 * an opaque presence text), and fan-out with a per-channel sequence number
 * and a short history, so that a client that reconnects can resume where it
 * left off. Knows nothing of sockets or JSON: it sends through the function
 * it is given (the WebSocket layer) and stores texts the caller built.
 * Thread-safe: one lock over the hub.
 */
#ifndef RT_RT_H
#define RT_RT_H

#include <stddef.h>
#include <stdint.h>

#define RT_HISTORY	128	/* messages kept per channel for resuming */

typedef void	(*rt_send_fn)(void *arg, const uint64_t *conns, size_t n, const char *text,
		    size_t len);
/* Builds the text of message number seq; returns a malloc'd string (the hub frees it). */
typedef char	*(*rt_build_fn)(uint64_t seq, void *arg, size_t *len);

struct rt_hub;

struct rt_hub	*rt_hub_new(rt_send_fn send, void *send_arg);
void		 rt_hub_free(struct rt_hub *hub);

/* Adds conn to channel (again is fine); the channel's current sequence in *seq. */
int		 rt_join(struct rt_hub *hub, const char *channel, uint64_t conn,
		    const char *presence, uint64_t *seq);
void		 rt_leave(struct rt_hub *hub, const char *channel, uint64_t conn);
/* Leaves every channel; calls left(channel) for each, under no lock. */
void		 rt_leave_all(struct rt_hub *hub, uint64_t conn,
		    void (*left)(const char *channel, void *arg), void *arg);
/* How many channels conn is in. */
size_t		 rt_count(struct rt_hub *hub, uint64_t conn);

/*
 * Numbers the next message of channel, builds it, keeps it in the history
 * and sends it to every member but `except` (0: none). Returns its sequence
 * number, 0 when the channel has no members and keeps nothing.
 */
uint64_t	 rt_publish(struct rt_hub *hub, const char *channel, uint64_t except,
		    rt_build_fn build, void *arg);
/*
 * Sends conn the kept messages of channel numbered after `since`. -1 when
 * some of them are no longer kept (the client must reload instead).
 */
int		 rt_replay(struct rt_hub *hub, const char *channel, uint64_t conn,
		    uint64_t since);
/* Calls each(conn, presence) for the members of channel, under the lock. */
void		 rt_members(struct rt_hub *hub, const char *channel,
		    void (*each)(uint64_t conn, const char *presence, void *arg), void *arg);

/*
 * The channels whose name begins with prefix ("room:") and have members,
 * and how many members they have in all; under the lock, a walk of the
 * table (for /metrics, not for the hot path).
 */
void		 rt_channel_counts(struct rt_hub *hub, const char *prefix, size_t *channels,
		    size_t *members);

#endif
