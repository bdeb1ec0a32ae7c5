/*
 * turn: credentials for a TURN server of coturn's "REST API" scheme
 * (use-auth-secret, draft-uberti-behave-turn-rest): pobratim and coturn share
 * a secret, and each browser entering a room gets a username that says until
 * when it is good and the password that only the secret's holder could make
 * for it. Nothing is stored and coturn asks pobratim nothing; a credential
 * handed to a guest stops working by itself.
 */
#ifndef MEDIA_TURN_H
#define MEDIA_TURN_H

#include <jansson.h>
#include <stdbool.h>
#include <time.h>

#define TURN_TTL	(24 * 3600)	/* seconds a credential is good: a day's meetings */
#define TURN_MAX_URLS	4
#define TURN_MAX_SECRET	256		/* bytes of --turn-secret */

/* The username is "<expiry>:pobratim"; the password base64(HMAC-SHA1(secret, username)). */
struct turn_credential {
	char	username[32];
	char	password[32];	/* 20 bytes in base64: 28 characters */
};

/*
 * "turn:host[:port][?transport=udp|tcp]" or "turns:...", 1 to TURN_MAX_URLS
 * of them separated by commas (--turn-url).
 */
bool	turn_urls_valid(const char *list);
/* The credential good until expires (a time_t). 0, or -1 when the secret is empty or too long. */
int	turn_credential(const char *secret, time_t expires, struct turn_credential *out);
/*
 * An RTCIceServer for the URLs of list with a credential good for TURN_TTL
 * from now: {"urls": [...], "username", "credential"}; NULL on failure.
 */
json_t	*turn_ice_server(const char *list, const char *secret, time_t now);

#endif
