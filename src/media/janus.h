/*
 * janus.h: the parts of the media layer that need no process or socket,
 * so the unit tests call them directly: writing Janus's configuration
 * (janus_config.c) and checking what Janus sends (janus_msg.c).
 */
#ifndef MEDIA_JANUS_H
#define MEDIA_JANUS_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define JANUS_SECRET_LEN	64	/* hex characters of the API secret */
#define JANUS_MAX_REQUEST	(256 * 1024)	/* bytes of a request we send Janus */
#define JANUS_MAX_MESSAGE	(256 * 1024)	/* bytes we read a message from Janus */
#define JANUS_MAX_DEPTH		12	/* nesting of a message from Janus */

/* The STUN and TURN server Janus itself uses (one of each), from --ice-servers. */
struct janus_ice {
	char	stun_host[256];
	int	stun_port;
	char	turn_host[256];
	int	turn_port;
	char	turn_type[4];		/* udp, tcp, tls */
	char	turn_user[256], turn_pwd[256];
};

/*
 * Reads the first stun: and the first turn:/turns: URL of an RTCIceServer
 * array (urls a string or an array of strings). 0, or -1 with why in err.
 */
int	janus_ice_parse(const char *json, struct janus_ice *out, char *err, size_t errlen);

struct janus_setup {
	const char		*dir;		/* the private directory, 0700 */
	const char		*lib_dir;	/* Janus's modules: plugins/, transports/ under it */
	char			 api_secret[JANUS_SECRET_LEN + 1];
	char			 admin_key[JANUS_SECRET_LEN + 1];	/* to create rooms */
	int			 port_min, port_max;
	const char		*public_ip;	/* NULL: none */
	struct janus_ice	 ice;
};

/* Fills api_secret and admin_key with fresh random hex (libsodium). */
void	janus_secrets(struct janus_setup *s);
/*
 * Writes into s->dir: janus.jcfg, janus.plugin.videoroom.jcfg and
 * janus.transport.websockets.jcfg (0600), and the folders Janus loads modules
 * from, holding only links to the VideoRoom plugin and the WebSocket
 * transport (no event handlers, no loggers). 0, or -1 (logged).
 */
int	janus_config_write(const struct janus_setup *s);
/* The socket Janus listens on, in dir: "<dir>/api.sock". */
void	janus_socket_path(const char *dir, char *out, size_t len);
/* Where the modules of a Janus install are (plugins/libjanus_videoroom.so under it); NULL. */
const char *janus_lib_dir(const char *binary, char *out, size_t len);

/* A message from Janus, checked: its kind and what we use of it (borrowed from root). */
enum janus_kind {
	JANUS_SUCCESS, JANUS_ERROR, JANUS_ACK, JANUS_EVENT, JANUS_SERVER_INFO,
	JANUS_WEBRTCUP, JANUS_MEDIA, JANUS_HANGUP, JANUS_SLOWLINK, JANUS_TRICKLE,
	JANUS_DETACHED, JANUS_TIMEOUT,
};

struct janus_msg {
	json_t		*root;
	enum janus_kind	 kind;
	const char	*transaction;	/* NULL when none */
	uint64_t	 session, sender;	/* 0 when absent */
	json_t		*data;		/* plugindata.data, an object, or NULL */
	json_t		*jsep;		/* {"type": offer|answer, "sdp"}, or NULL */
	const char	*error;		/* Janus's or the plugin's error text, or NULL */
};

/*
 * Parses one message of len bytes (at most JANUS_MAX_MESSAGE): JSON, an
 * object no deeper than JANUS_MAX_DEPTH, a known "janus" kind, integers
 * where ids are, a plugin's data an object, a jsep an offer or answer with
 * an SDP. 0 and m->root a new reference; -1 when anything is off.
 */
int	janus_msg_parse(const char *buf, size_t len, struct janus_msg *m);

#endif
