/*
 * janus_config: Janus's configuration, written by pobratim at every start
 * into a private directory, so that nothing of /etc/janus (whose stock files
 * enable the HTTP and WebSocket transports, demo rooms and a known admin
 * secret) is ever read. Janus loads every *.so of its module folders; ours
 * hold a link to the VideoRoom plugin and one to the WebSocket transport,
 * which listens only on a Unix socket in that directory (no TCP port), and
 * the event handler and logger folders are empty, so nothing else can load
 * whatever the install holds.
 */
#include "janus.h"

#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <libgen.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../base/buf.h"
#include "../base/log.h"
#include "../base/text.h"

#define VIDEOROOM	"libjanus_videoroom.so"
#define WEBSOCKETS	"libjanus_websockets.so"

void
janus_secrets(struct janus_setup *s)
{
	unsigned char	raw[JANUS_SECRET_LEN / 2];

	randombytes_buf(raw, sizeof(raw));
	sodium_bin2hex(s->api_secret, sizeof(s->api_secret), raw, sizeof(raw));
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2hex(s->admin_key, sizeof(s->admin_key), raw, sizeof(raw));
	sodium_memzero(raw, sizeof(raw));
}

void
janus_socket_path(const char *dir, char *out, size_t len)
{
	snprintf(out, len, "%s/api.sock", dir);
}

const char *
janus_lib_dir(const char *binary, char *out, size_t len)
{
	char		 copy[512], pattern[600];
	const char	*fixed[] = { "/usr/lib/*/janus", "/usr/lib/janus", "/usr/local/lib/janus",
			    "/usr/local/lib/*/janus", "/opt/janus/lib/janus" };
	glob_t		 g;
	struct stat	 st;

	/* beside the binary first: <prefix>/bin/janus -> <prefix>/lib/janus */
	snprintf(copy, sizeof(copy), "%s", binary);
	snprintf(pattern, sizeof(pattern), "%s/../lib/janus", dirname(copy));
	for (size_t i = 0; i <= sizeof(fixed) / sizeof(fixed[0]); i++) {
		const char *p = i == 0 ? pattern : fixed[i - 1];
		char	    want[640];

		snprintf(want, sizeof(want), "%s/plugins/" VIDEOROOM, p);
		if (glob(want, 0, NULL, &g) != 0)
			continue;
		for (size_t k = 0; k < g.gl_pathc; k++)
			if (stat(g.gl_pathv[k], &st) == 0 && S_ISREG(st.st_mode) &&
			    strlen(g.gl_pathv[k]) < len + strlen("/plugins/" VIDEOROOM)) {
				snprintf(out, len, "%.*s", (int)(strlen(g.gl_pathv[k]) -
				    strlen("/plugins/" VIDEOROOM)), g.gl_pathv[k]);
				globfree(&g);
				return out;
			}
		globfree(&g);
	}
	return NULL;
}

/* --- --ice-servers: the first STUN and TURN URL --- */

/* "host[:port]" or "[v6]:port" (after the scheme, before any '?'). */
static int
host_port(const char *s, size_t n, char *host, size_t hlen, int *port)
{
	const char	*colon = NULL, *end = s + n;
	int64_t		 v;
	char		 num[8];

	if (n > 0 && s[0] == '[') {
		const char *close = memchr(s, ']', n);

		if (close == NULL || (size_t)(close - s - 1) >= hlen)
			return -1;
		snprintf(host, hlen, "%.*s", (int)(close - s - 1), s + 1);
		colon = close + 1 < end && close[1] == ':' ? close + 1 : NULL;
		if (!colon && close + 1 != end)
			return -1;
	} else {
		colon = memchr(s, ':', n);
		if ((size_t)((colon ? colon : end) - s) >= hlen)
			return -1;
		snprintf(host, hlen, "%.*s", (int)((colon ? colon : end) - s), s);
	}
	if (host[0] == '\0' || host[strspn(host, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:")] != '\0')
		return -1;
	*port = 3478;
	if (colon != NULL) {
		if ((size_t)(end - colon - 1) >= sizeof(num))
			return -1;
		snprintf(num, sizeof(num), "%.*s", (int)(end - colon - 1), colon + 1);
		if (text_int(num, 1, 65535, &v) == -1)
			return -1;
		*port = (int)v;
	}
	return 0;
}

/* A credential Janus's configuration can hold as a quoted string. */
static int
copy_plain(const char *s, char *out, size_t len)
{
	if (s == NULL)
		s = "";
	if (strlen(s) >= len)
		return -1;
	for (const unsigned char *p = (const unsigned char *)s; *p != '\0'; p++)
		if (*p < 0x20 || *p == 0x7f)
			return -1;
	snprintf(out, len, "%s", s);
	return 0;
}

static int
ice_url(const char *url, json_t *server, struct janus_ice *ice, char *err, size_t errlen)
{
	const char	*rest, *q;
	bool		 turn, tls = false;

	if (text_has_prefix(url, "stun:") || text_has_prefix(url, "stuns:"))
		turn = false;
	else if (text_has_prefix(url, "turn:") || text_has_prefix(url, "turns:")) {
		turn = true;
		tls = url[4] == 's';
	} else {
		snprintf(err, errlen, "not a stun: or turn: URL: '%.60s'", url);
		return -1;
	}
	if ((turn && ice->turn_host[0] != '\0') || (!turn && ice->stun_host[0] != '\0'))
		return 0;	/* Janus takes one of each: the first */
	rest = strchr(url, ':') + 1;
	q = strchr(rest, '?');
	if (turn) {
		if (host_port(rest, q ? (size_t)(q - rest) : strlen(rest), ice->turn_host,
		    sizeof(ice->turn_host), &ice->turn_port) == -1 ||
		    copy_plain(json_string_value(json_object_get(server, "username")),
		    ice->turn_user, sizeof(ice->turn_user)) == -1 ||
		    copy_plain(json_string_value(json_object_get(server, "credential")),
		    ice->turn_pwd, sizeof(ice->turn_pwd)) == -1) {
			snprintf(err, errlen, "bad TURN server '%.60s'", url);
			return -1;
		}
		snprintf(ice->turn_type, sizeof(ice->turn_type), "%s", tls ? "tls" :
		    q != NULL && strstr(q, "transport=tcp") != NULL ? "tcp" : "udp");
		return 0;
	}
	if (host_port(rest, q ? (size_t)(q - rest) : strlen(rest), ice->stun_host,
	    sizeof(ice->stun_host), &ice->stun_port) == -1) {
		snprintf(err, errlen, "bad STUN server '%.60s'", url);
		return -1;
	}
	return 0;
}

int
janus_ice_parse(const char *text, struct janus_ice *ice, char *err, size_t errlen)
{
	json_t	*v = json_loads(text, 0, NULL), *server, *urls, *u;
	size_t	 i, k;
	int	 rc = 0;

	memset(ice, 0, sizeof(*ice));
	if (!json_is_array(v)) {
		snprintf(err, errlen, "not a JSON array");
		json_decref(v);
		return -1;
	}
	json_array_foreach(v, i, server) {
		urls = json_object_get(server, "urls");
		if (json_is_string(urls))
			rc = ice_url(json_string_value(urls), server, ice, err, errlen);
		else if (json_is_array(urls)) {
			json_array_foreach(urls, k, u)
				if (rc == 0)
					rc = json_is_string(u) ? ice_url(json_string_value(u), server,
					    ice, err, errlen) : -1;
		} else
			rc = -1;
		if (rc == -1) {
			if (err[0] == '\0')
				snprintf(err, errlen, "urls must be a string or an array of strings");
			break;
		}
	}
	json_decref(v);
	return rc;
}

/* --- writing --- */

static void
pair(struct buf *b, const char *key, const char *value, bool *ok)
{
	/* every value written is checked plain (hex, paths we made, host names) */
	if (strpbrk(value, "\"\\\n\r") != NULL) {
		*ok = false;
		return;
	}
	if (buf_printf(b, "\t%s = \"%s\"\n", key, value) == -1)
		*ok = false;
}

static void
num(struct buf *b, const char *key, long value, bool *ok)
{
	if (buf_printf(b, "\t%s = %ld\n", key, value) == -1)
		*ok = false;
}

static void
line(struct buf *b, const char *text, bool *ok)
{
	if (buf_puts(b, text) == -1)
		*ok = false;
}

static int
write_file(const char *dir, const char *name, const struct buf *b)
{
	char	path[512];
	int	fd;
	ssize_t	n;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if ((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600)) == -1 ||
	    fchmod(fd, 0600) == -1 || (n = write(fd, b->p, b->len)) != (ssize_t)b->len) {
		log_err("media: cannot write '%s': %s", path, strerror(errno));
		if (fd != -1)
			close(fd);
		return -1;
	}
	return close(fd);
}

/* <dir>/<folder>/ holding a link to <lib>/<folder>/<so>, or empty when so is NULL. */
static int
module_folder(const struct janus_setup *s, const char *folder, const char *so)
{
	char	path[512], link[600], target[600];

	snprintf(path, sizeof(path), "%s/%s", s->dir, folder);
	if (mkdir(path, 0700) == -1 && errno != EEXIST) {
		log_err("media: cannot make '%s': %s", path, strerror(errno));
		return -1;
	}
	if (so == NULL)
		return 0;
	snprintf(link, sizeof(link), "%s/%s", path, so);
	snprintf(target, sizeof(target), "%s/%s/%s", s->lib_dir, folder, so);
	unlink(link);
	if (symlink(target, link) == -1) {
		log_err("media: cannot link '%s': %s", link, strerror(errno));
		return -1;
	}
	return 0;
}

static void
general(struct buf *b, const struct janus_setup *s, bool *ok)
{
	char	folder[512];

	line(b, "general: {\n", ok);
	pair(b, "configs_folder", s->dir, ok);
	snprintf(folder, sizeof(folder), "%s/plugins", s->dir);
	pair(b, "plugins_folder", folder, ok);
	snprintf(folder, sizeof(folder), "%s/transports", s->dir);
	pair(b, "transports_folder", folder, ok);
	snprintf(folder, sizeof(folder), "%s/events", s->dir);
	pair(b, "events_folder", folder, ok);
	snprintf(folder, sizeof(folder), "%s/loggers", s->dir);
	pair(b, "loggers_folder", folder, ok);
	num(b, "debug_level", 4, ok);
	line(b, "\tdebug_colors = false\n", ok);
	pair(b, "api_secret", s->api_secret, ok);
	num(b, "session_timeout", 60, ok);	/* we send keepalives every 15 s */
	pair(b, "server_name", "pobratim", ok);
	line(b, "\thide_dependencies = true\n", ok);
	/* Janus refuses to write recordings into these (ours go under --files) */
	line(b, "\tprotected_folders = [\"/bin\", \"/boot\", \"/dev\", \"/etc\", \"/lib\", "
	    "\"/lib32\", \"/lib64\", \"/proc\", \"/sbin\", \"/sys\", \"/usr\"]\n", ok);
	line(b, "}\n", ok);
}

static void
nat(struct buf *b, const struct janus_setup *s, bool *ok)
{
	const struct janus_ice *ice = &s->ice;

	line(b, "nat: {\n", ok);
	/* browsers' .local host candidates: never resolved (nothing outside is asked) */
	line(b, "\tignore_mdns = true\n", ok);
	line(b, "\tfull_trickle = false\n", ok);
	pair(b, "ice_ignore_list", "vmnet", ok);
	/* a STUN or TURN server that does not answer must not keep Janus from starting */
	line(b, "\tignore_unreachable_ice_server = true\n", ok);
	if (s->public_ip != NULL) {
		pair(b, "nat_1_1_mapping", s->public_ip, ok);
		line(b, "\tkeep_private_host = true\n", ok);
	}
	if (ice->stun_host[0] != '\0') {
		pair(b, "stun_server", ice->stun_host, ok);
		num(b, "stun_port", ice->stun_port, ok);
	}
	if (ice->turn_host[0] != '\0') {
		pair(b, "turn_server", ice->turn_host, ok);
		num(b, "turn_port", ice->turn_port, ok);
		pair(b, "turn_type", ice->turn_type, ok);
		pair(b, "turn_user", ice->turn_user, ok);
		pair(b, "turn_pwd", ice->turn_pwd, ok);
	}
	line(b, "}\n", ok);
}

int
janus_config_write(const struct janus_setup *s)
{
	struct buf	b = BUF_INIT(64 * 1024);
	char		sock[512], range[32];
	bool		ok = true;
	int		rc = -1;

	if (module_folder(s, "plugins", VIDEOROOM) == -1 ||
	    module_folder(s, "transports", WEBSOCKETS) == -1 ||
	    module_folder(s, "events", NULL) == -1 || module_folder(s, "loggers", NULL) == -1)
		return -1;
	general(&b, s, &ok);
	line(&b, "certificates: {\n}\n", &ok);
	line(&b, "media: {\n", &ok);
	snprintf(range, sizeof(range), "%d-%d", s->port_min, s->port_max);
	pair(&b, "rtp_port_range", range, &ok);
	line(&b, "}\n", &ok);
	nat(&b, s, &ok);
	line(&b, "plugins: {\n}\ntransports: {\n}\n", &ok);
	line(&b, "events: {\n\tbroadcast = false\n}\nloggers: {\n}\n", &ok);
	if (!ok || write_file(s->dir, "janus.jcfg", &b) == -1)
		goto out;

	buf_reset(&b);
	janus_socket_path(s->dir, sock, sizeof(sock));
	/*
	 * The WebSocket transport, not the "pfunix" one: that reads a request
	 * into 8 KiB, and a browser's answer to a subscription of seven others
	 * is larger. ws_unix makes it listen on the socket only (no port).
	 */
	line(&b, "general: {\n\tjson = \"compact\"\n\tws = true\n\twss = false\n", &ok);
	pair(&b, "ws_unix", sock, &ok);
	line(&b, "\tws_logging = \"err,warn\"\n}\n", &ok);
	line(&b, "admin: {\n\tadmin_ws = false\n\tadmin_wss = false\n}\n", &ok);
	line(&b, "cors: {\n}\ncertificates: {\n}\n", &ok);
	if (!ok || write_file(s->dir, "janus.transport.websockets.jcfg", &b) == -1)
		goto out;

	buf_reset(&b);
	line(&b, "general: {\n", &ok);
	pair(&b, "admin_key", s->admin_key, &ok);	/* rooms are created with it only */
	line(&b, "\tlock_rtp_forward = true\n\tevents = false\n}\n", &ok);
	if (!ok || write_file(s->dir, "janus.plugin.videoroom.jcfg", &b) == -1)
		goto out;
	rc = 0;
out:
	if (!ok)
		log_err("media: a value of Janus's configuration cannot be written");
	sodium_memzero(b.p, b.cap);
	buf_release(&b);
	return rc;
}
