/*
 * media: the media server. Janus (Debian's `janus`, its VideoRoom plugin)
 * runs as pobratim's child: written a configuration of our own at every
 * start (only the VideoRoom plugin, only the WebSocket API transport on a
 * Unix socket, a random API secret), started with posix_spawn, restarted
 * with back-off when it dies, stopped on exit. Browsers never reach its API: pobratim is its
 * only client, over one WebSocket on that socket.
 *
 * Threads: the supervisor owns the child and the connection (it reads every
 * message, answers the calls waiting for them, and queues the rest); the
 * dispatcher hands queued events and resets to the application
 * (struct media_handler), so a handler may itself call Janus. Calls come
 * from any thread and wait for their answer for a bounded time.
 *
 * Nothing here knows HTTP, rooms or users (src/api/sfu.c does).
 */
#ifndef MEDIA_MEDIA_H
#define MEDIA_MEDIA_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

enum media_mode { MEDIA_MESH, MEDIA_AUTO, MEDIA_JANUS };

struct media_config {
	enum media_mode	 mode;
	const char	*janus;		/* the binary */
	const char	*ice_servers;	/* JSON array of RTCIceServer (--ice-servers) */
	int		 port_min, port_max;	/* RTP/RTCP (--media-ports) */
	const char	*public_ip;	/* announced instead of the host's own (NAT 1:1), or NULL */
	const char	*files_dir;	/* rooms' recordings go under it */
};

/*
 * What the application is told, on the dispatcher thread, one at a time.
 * event: a message of Janus that no call waits for (borrowed; checked by
 * janus_msg_parse). reset: Janus (re)started and epoch is its new session:
 * every handle and room of before is gone.
 */
struct media_handler {
	void	(*event)(json_t *msg, void *arg);
	void	(*reset)(uint64_t epoch, void *arg);
	void	*arg;
};

/* "auto", "janus", "mesh" -> mode; -1 otherwise. */
int	media_mode_parse(const char *s, enum media_mode *out);
/* "20000-20200" -> two ports, min < max, 1024..65535; -1 otherwise. */
int	media_ports_parse(const char *s, int *min, int *max);

/*
 * Starts the media server when the mode asks for it and the binary is there
 * (auto: when it is installed); otherwise logs why rooms use the mesh. The
 * handler is kept. 0, or -1 when a thread could not start.
 */
int	media_start(const struct media_config *c, const struct media_handler *h);
/* Stops Janus (SIGTERM, SIGKILL after a bound) and the threads; removes its directory. */
void	media_stop(void);

/* media_start started Janus (--media janus or auto, and it is installed): rooms use it. */
bool		 media_configured(void);
/* Janus is up and pobratim has a session with it. */
bool		 media_ready(void);
/* The session's generation: grows by one at every (re)start; 0 before the first. */
uint64_t	 media_epoch(void);
/* The secret rooms are created with (as VideoRoom's admin_key) and kept by (kick, moderate, destroy). */
const char	*media_room_secret(void);
/* --files as an absolute path (recordings go under it, named to Janus by their whole path), or NULL. */
const char	*media_files_dir(void);
/* The running Janus's pid and its private directory (logs and tests); 0 / "" when none. */
pid_t		 media_pid(void);

/*
 * Error codes of the calls below (also sent to clients): media_unavailable
 * (no Janus now), media_timeout, media_too_large (a request over
 * JANUS_MAX_REQUEST), media_refused (Janus answered with an error), media_busy.
 */

/* A new VideoRoom handle of the session; 0 with *err set. */
uint64_t media_attach(const char **err);
/* Detaches a handle of the current epoch's session (no waiting). */
void	 media_detach(uint64_t handle);
/*
 * A VideoRoom request on handle (body and jsep stolen; jsep may be NULL),
 * waiting for its answer: the whole message (a new reference, its
 * plugindata.data carries no error) or NULL with *err set.
 */
json_t	*media_message(uint64_t handle, json_t *body, json_t *jsep, const char **err);
/* A trickled ICE candidate ({"candidate",...} or {"completed":true}), stolen; no waiting. */
void	 media_trickle(uint64_t handle, json_t *candidate);

/* plugindata.data of a VideoRoom message, and its "jsep"; borrowed, NULL when absent. */
json_t	*media_data(json_t *msg);
json_t	*media_jsep(json_t *msg);

#endif
