/*
 * turn: coturn's shared-secret credentials (see turn.h). HMAC-SHA1 is what
 * coturn checks, and libsodium has no SHA-1: it comes from OpenSSL's
 * libcrypto, which libwebsockets links already.
 */
#include "turn.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

/* Characters of a host, a port and "?transport=...": nothing to quote, no separator. */
#define URL_CHARS	"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:[]?=_"

static bool
url_valid(const char *s, size_t n)
{
	const char	*scheme = n > 6 && strncmp(s, "turns:", 6) == 0 ? "turns:" :
			    n > 5 && strncmp(s, "turn:", 5) == 0 ? "turn:" : NULL;
	const char	*q = memchr(s, '?', n);
	size_t		 skip;

	if (scheme == NULL || n > 255)
		return false;
	skip = strlen(scheme);
	for (size_t i = skip; i < n; i++)
		if (strchr(URL_CHARS, s[i]) == NULL)
			return false;
	/* a host: a name or address, or "[v6]"; s is n bytes of a list, not terminated */
	if (s[skip] == '[') {
		const char	*close = memchr(s + skip, ']', n - skip);

		if (close == NULL || close == s + skip + 1)
			return false;
	} else if (strchr(":?", s[skip]) != NULL)
		return false;
	/* only RFC 7065's one parameter */
	return q == NULL || ((size_t)(s + n - q) == strlen("?transport=udp") &&
	    (strncmp(q, "?transport=udp", 14) == 0 || strncmp(q, "?transport=tcp", 14) == 0));
}

bool
turn_urls_valid(const char *list)
{
	const char	*p = list;
	int		 n = 0;

	for (;;) {
		size_t	len = strcspn(p, ",");

		if (!url_valid(p, len) || ++n > TURN_MAX_URLS)
			return false;
		if (p[len] == '\0')
			return true;
		p += len + 1;
	}
}

int
turn_credential(const char *secret, time_t expires, struct turn_credential *out)
{
	unsigned char	mac[EVP_MAX_MD_SIZE];
	unsigned int	len = 0;
	size_t		slen = strlen(secret);

	if (slen == 0 || slen > TURN_MAX_SECRET)
		return -1;
	snprintf(out->username, sizeof(out->username), "%lld:pobratim", (long long)expires);
	if (HMAC(EVP_sha1(), secret, (int)slen, (const unsigned char *)out->username,
	    strlen(out->username), mac, &len) == NULL || len != 20)
		return -1;
	sodium_bin2base64(out->password, sizeof(out->password), mac, len,
	    sodium_base64_VARIANT_ORIGINAL);
	return 0;
}

json_t *
turn_ice_server(const char *list, const char *secret, time_t now)
{
	struct turn_credential	 c;
	json_t			*urls = json_array();
	const char		*p = list;

	if (urls == NULL || turn_credential(secret, now + TURN_TTL, &c) == -1) {
		json_decref(urls);
		return NULL;
	}
	for (;;) {
		size_t	len = strcspn(p, ",");

		json_array_append_new(urls, json_stringn(p, len));
		if (p[len] == '\0')
			break;
		p += len + 1;
	}
	return json_pack("{s:o, s:s, s:s}", "urls", urls, "username", c.username,
	    "credential", c.password);
}
