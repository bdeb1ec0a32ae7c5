#include "config.h"

#include <sys/stat.h>
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../base/alloc.h"
#include "../base/log.h"
#include "../base/text.h"

enum kind { STR, INT, BOOL };

/*
 * The configuration file's bounds: a few dozen settings of one line each
 * need far less, and nothing read from a file grows without a ceiling.
 */
#define FILE_MAX_BYTES	(64 * 1024)
#define FILE_MAX_LINES	1000
#define LINE_MAX_BYTES	4096
#define KEY_MAX		40

static const struct setting {
	const char	*flag, *env, *arg, *help;
	enum kind	 kind;
	size_t		 offset;
	const char	*def;
	long		 min, max;
} settings[] = {
	{ "--listen", "POBRATIM_LISTEN", "ADDR", "address and port to serve on", STR,
	    offsetof(struct config, listen), "127.0.0.1:8080", 0, 0 },
	{ "--db", "POBRATIM_DB", "FILE", "SQLite database file", STR,
	    offsetof(struct config, db), "var/pobratim.db", 0, 0 },
	{ "--files", "POBRATIM_FILES", "DIR", "uploaded files (agreements, images), named by SHA-256", STR,
	    offsetof(struct config, files), "var/files", 0, 0 },
	{ "--web", "POBRATIM_WEB", "DIR", "built web UI to serve", STR,
	    offsetof(struct config, web), "web/dist", 0, 0 },
	{ "--workers", "POBRATIM_WORKERS", "N", "handler threads, one db connection each", INT,
	    offsetof(struct config, workers), "4", 1, 64 },
	{ "--io-threads", "POBRATIM_IO_THREADS", "N",
	    "event loops doing the socket I/O, a thread each; 0: one per CPU, at most 4", INT,
	    offsetof(struct config, io_threads), "0", 0, 16 },
	{ "--shutdown-timeout", "POBRATIM_SHUTDOWN_TIMEOUT", "SECONDS",
	    "how long a stop waits for requests in flight; then it exits with status 1", INT,
	    offsetof(struct config, shutdown_timeout), "10", 1, 3600 },
	{ "--max-body", "POBRATIM_MAX_BODY", "BYTES", "largest request body (413 past it)", INT,
	    offsetof(struct config, max_body), "1048576", 256, 1 << 30 },
	{ "--import-max-rows", "POBRATIM_IMPORT_MAX_ROWS", "N",
	    "data lines of one CSV import (413 too_many_rows past it)", INT,
	    offsetof(struct config, import_max_rows), "100000", 1, 1000000 },
	{ "--login-max-failures", "POBRATIM_LOGIN_MAX_FAILURES", "N",
	    "failed sign-ins for one account from one address before back-off", INT,
	    offsetof(struct config, login_max_failures), "5", 1, 1000 },
	{ "--login-max-failures-addr", "POBRATIM_LOGIN_MAX_FAILURES_ADDR", "N",
	    "failed sign-ins from one address, any accounts, before back-off", INT,
	    offsetof(struct config, login_max_failures_addr), "20", 1, 100000 },
	{ "--login-max-failures-account", "POBRATIM_LOGIN_MAX_FAILURES_ACCOUNT", "N",
	    "failed sign-ins for one account, any addresses, before back-off", INT,
	    offsetof(struct config, login_max_failures_account), "100", 1, 1000000 },
	{ "--login-backoff", "POBRATIM_LOGIN_BACKOFF", "SECONDS",
	    "the first wait past the free failures, doubled with each further one", INT,
	    offsetof(struct config, login_backoff), "1", 1, 3600 },
	{ "--login-max-delay", "POBRATIM_LOGIN_MAX_DELAY", "SECONDS", "the longest wait", INT,
	    offsetof(struct config, login_max_delay), "900", 1, 86400 },
	{ "--login-window", "POBRATIM_LOGIN_WINDOW", "SECONDS",
	    "how long failed sign-ins are remembered after the last one", INT,
	    offsetof(struct config, login_window), "86400", 2, 30 * 86400 },
	{ "--session-days", "POBRATIM_SESSION_DAYS", "N", "how long a sign-in lasts", INT,
	    offsetof(struct config, session_days), "30", 1, 365 },
	{ "--cookie-secure", "POBRATIM_COOKIE_SECURE", NULL,
	    "mark the session cookie Secure (behind HTTPS; on with an https public URL)", BOOL,
	    offsetof(struct config, cookie_secure), "0", 0, 1 },
	{ "--public-url", "POBRATIM_PUBLIC_URL", "URL",
	    "the address users reach the server at, for absolute links (https://host[/path])", STR,
	    offsetof(struct config, public_url), NULL, 0, 0 },
	{ "--trusted-proxy", "POBRATIM_TRUSTED_PROXY", "CIDR[,CIDR]",
	    "reverse proxies whose X-Forwarded-For/-Proto/-Host are believed", STR,
	    offsetof(struct config, trusted_proxy), NULL, 0, 0 },
	{ "--demo", "POBRATIM_DEMO", NULL, "allow the demo accounts' password, and setting it", BOOL,
	    offsetof(struct config, demo), "0", 0, 1 },
	{ "--ice-servers", "POBRATIM_ICE_SERVERS", "JSON",
	    "STUN/TURN servers for meeting rooms, a JSON RTCIceServer array", STR,
	    offsetof(struct config, ice_servers), "[]", 0, 0 },
	{ "--turn-url", "POBRATIM_TURN_URL", "URL[,URL]",
	    "a TURN server sharing --turn-secret (coturn's use-auth-secret): turn:host:3478,...", STR,
	    offsetof(struct config, turn_url), NULL, 0, 0 },
	{ "--turn-secret", "POBRATIM_TURN_SECRET", "SECRET",
	    "coturn's static-auth-secret: browsers get day-long credentials made with it", STR,
	    offsetof(struct config, turn_secret), NULL, 0, 0 },
	{ "--media", "POBRATIM_MEDIA", "MODE",
	    "meeting rooms' media: janus (a media server), mesh (browser to browser, up to 4), "
	    "auto (janus when installed)", STR,
	    offsetof(struct config, media), "auto", 0, 0 },
	{ "--janus", "POBRATIM_JANUS", "PATH", "the Janus binary pobratim starts", STR,
	    offsetof(struct config, janus), "/usr/bin/janus", 0, 0 },
	{ "--media-ports", "POBRATIM_MEDIA_PORTS", "MIN-MAX",
	    "UDP ports the media server sends and receives on (open them in the firewall)", STR,
	    offsetof(struct config, media_ports), "20000-20200", 0, 0 },
	{ "--media-public-ip", "POBRATIM_MEDIA_PUBLIC_IP", "ADDR",
	    "the address browsers reach the media server at, when it is behind a 1:1 NAT", STR,
	    offsetof(struct config, media_public_ip), NULL, 0, 0 },
	{ "--upload-quota", "POBRATIM_UPLOAD_QUOTA", "MB",
	    "megabytes of uploaded files each user may keep (413 past it); 0: no limit", INT,
	    offsetof(struct config, upload_quota), "200", 0, 1000000 },
	{ "--sweep-interval", "POBRATIM_SWEEP_INTERVAL", "SECONDS",
	    "how often the server removes stored files nothing refers to; 0: never", INT,
	    offsetof(struct config, sweep_interval), "3600", 0, 604800 },
	{ "--sweep-grace", "POBRATIM_SWEEP_GRACE", "SECONDS",
	    "age under which a stored file is never removed (uploads in flight)", INT,
	    offsetof(struct config, sweep_grace), "3600", 1, 2592000 },
	{ "--pp-rec", "POBRATIM_PP_REC", "PATH",
	    "Janus's janus-pp-rec, which converts meeting recordings (.mjr) into opus and webm", STR,
	    offsetof(struct config, pp_rec), "/usr/bin/janus-pp-rec", 0, 0 },
	{ "--recording-timeout", "POBRATIM_RECORDING_TIMEOUT", "SECONDS",
	    "how long converting one recorded track may take before it is stopped and failed", INT,
	    offsetof(struct config, recording_timeout), "3600", 1, 86400 },
	{ "--smtp-url", "POBRATIM_SMTP_URL", "URL",
	    "the mail server, smtp[s]://user:password@host:port; none: mail waits in the outbox", STR,
	    offsetof(struct config, smtp_url), NULL, 0, 0 },
	{ "--mail-from", "POBRATIM_MAIL_FROM", "ADDRESS",
	    "the sender's address of every message (needed with --smtp-url)", STR,
	    offsetof(struct config, mail_from), NULL, 0, 0 },
	{ "--smtp-timeout", "POBRATIM_SMTP_TIMEOUT", "SECONDS",
	    "how long one delivery may take (connect, send, the server's answer)", INT,
	    offsetof(struct config, smtp_timeout), "60", 1, 600 },
	{ "--mail-retry", "POBRATIM_MAIL_RETRY", "SECONDS",
	    "the wait after a failed delivery, doubled with each further one", INT,
	    offsetof(struct config, mail_retry), "60", 1, 86400 },
	{ "--mail-retry-max", "POBRATIM_MAIL_RETRY_MAX", "SECONDS", "the longest wait between deliveries",
	    INT, offsetof(struct config, mail_retry_max), "3600", 1, 86400 },
	{ "--mail-give-up", "POBRATIM_MAIL_GIVE_UP", "HOURS",
	    "a message not delivered this long after it was queued fails", INT,
	    offsetof(struct config, mail_give_up), "72", 1, 720 },
	{ "--timezone", "POBRATIM_TIMEZONE", "ZONE",
	    "the installation's IANA time zone: mail's clock for accounts that chose none", STR,
	    offsetof(struct config, timezone), NULL, 0, 0 },
	{ "--schedule-interval", "POBRATIM_SCHEDULE_INTERVAL", "SECONDS",
	    "how often reminders, action items due and digests are looked for; 0: never", INT,
	    offsetof(struct config, schedule_interval), "60", 0, 3600 },
	{ "--room-host-grace", "POBRATIM_ROOM_HOST_GRACE", "SECONDS",
	    "a recording goes on this long after the last host's connection dropped, for a host to come back; 0: it stops at once",
	    INT, offsetof(struct config, room_host_grace), "120", 0, 3600 },
	{ "--log-level", "POBRATIM_LOG_LEVEL", "LEVEL", "error, warn, info or debug", STR,
	    offsetof(struct config, log_level), "info", 0, 0 },
	{ "--log-format", "POBRATIM_LOG_FORMAT", "FORMAT",
	    "text or json (one JSON object a line, for log shippers)", STR,
	    offsetof(struct config, log_format), "text", 0, 0 },
	{ "--metrics-token", "POBRATIM_METRICS_TOKEN", "TOKEN",
	    "GET /metrics also for other peers than loopback that send Authorization: Bearer TOKEN "
	    "(at least 16 characters; prefer the variable: flags show in ps)", STR,
	    offsetof(struct config, metrics_token), NULL, 0, 0 },
};
#define NSETTINGS	(sizeof(settings) / sizeof(settings[0]))

/* A STR's values beyond non-empty, where the table's own type says too little. */
static int
check(const struct setting *s, const char *v)
{
	enum log_level	l;
	enum log_format	f;

	if (s->offset == offsetof(struct config, log_level))
		return log_level_parse(v, &l);
	if (s->offset == offsetof(struct config, log_format))
		return log_format_parse(v, &f);
	return 0;
}

static int
set(struct config *c, const struct setting *s, const char *value, const char *from)
{
	void	*field = (char *)c + s->offset;
	int64_t	 v;

	switch (s->kind) {
	case STR:
		if (value[0] == '\0') {
			fprintf(stderr, "pobratim: %s must not be empty\n", from);
			return -1;
		}
		if (check(s, value) == -1) {
			fprintf(stderr, "pobratim: %s must be %s, not '%s'\n", from, s->help, value);
			return -1;
		}
		free(*(char **)field);
		*(char **)field = xstrdup(value);
		return 0;
	case INT:
		if (text_int(value, s->min, s->max, &v) == -1) {
			fprintf(stderr, "pobratim: %s must be an integer from %ld to %ld, not '%s'\n",
			    from, s->min, s->max, value);
			return -1;
		}
		*(int *)field = (int)v;
		return 0;
	case BOOL:
		if (strcmp(value, "1") != 0 && strcmp(value, "0") != 0 &&
		    strcmp(value, "true") != 0 && strcmp(value, "false") != 0) {
			fprintf(stderr, "pobratim: %s must be 1, 0, true or false, not '%s'\n",
			    from, value);
			return -1;
		}
		*(bool *)field = value[0] == '1' || value[0] == 't';
		return 0;
	}
	return -1;
}

static const struct setting *
setting_named(const char *key, size_t len)
{
	for (size_t i = 0; i < NSETTINGS; i++)
		if (strlen(settings[i].flag + 2) == len && memcmp(settings[i].flag + 2, key, len) == 0)
			return &settings[i];
	return NULL;
}

static bool
blank(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\r';
}

/* One "key = value" line, blanks around both trimmed; seen[] holds each key's line. */
static int
file_line(struct config *c, const char *name, int no, const char *p, size_t len, int *seen)
{
	const struct setting	*s;
	const char		*eq, *end = p + len, *k, *v;
	char			 value[LINE_MAX_BYTES + 1], from[512];
	size_t			 klen;

	while (p < end && blank(*p))
		p++;
	while (end > p && blank(end[-1]))
		end--;
	if (p == end || *p == '#')
		return 0;
	for (const char *q = p; q < end; q++)
		if (((unsigned char)*q < 0x20 && *q != '\t') || *q == 0x7f) {
			fprintf(stderr, "pobratim: %s:%d: a control character\n", name, no);
			return -1;
		}
	if ((eq = memchr(p, '=', (size_t)(end - p))) == NULL) {
		fprintf(stderr, "pobratim: %s:%d: expected 'key = value'\n", name, no);
		return -1;
	}
	for (k = eq; k > p && blank(k[-1]); k--)
		;
	klen = (size_t)(k - p);
	if (klen == 0 || klen > KEY_MAX || *p < 'a' || *p > 'z' ||
	    strspn(p, "abcdefghijklmnopqrstuvwxyz0123456789-") < klen) {
		fprintf(stderr, "pobratim: %s:%d: a key is a flag's name without '--', as "
		    "'listen'\n", name, no);
		return -1;
	}
	if ((s = setting_named(p, klen)) == NULL) {
		fprintf(stderr, "pobratim: %s:%d: unknown key '%.*s'\n", name, no, (int)klen, p);
		return -1;
	}
	if (seen[s - settings] != 0) {
		fprintf(stderr, "pobratim: %s:%d: '%s' again (first at line %d)\n", name, no,
		    s->flag + 2, seen[s - settings]);
		return -1;
	}
	seen[s - settings] = no;
	for (v = eq + 1; v < end && blank(*v); v++)
		;
	memcpy(value, v, (size_t)(end - v));
	value[end - v] = '\0';
	snprintf(from, sizeof(from), "%s:%d: %s", name, no, s->flag + 2);
	if (s->kind == BOOL && value[0] == '\0') {
		fprintf(stderr, "pobratim: %s must be 1, 0, true or false\n", from);
		return -1;
	}
	return set(c, s, value, from);
}

int
config_text(struct config *c, const char *name, const char *text, size_t len)
{
	int		 seen[NSETTINGS] = { 0 }, no = 0;
	const char	*p = text, *end = text + len, *nl;

	if (len > FILE_MAX_BYTES) {
		fprintf(stderr, "pobratim: %s: larger than %d bytes\n", name, FILE_MAX_BYTES);
		return -1;
	}
	if (memchr(text, '\0', len) != NULL) {
		fprintf(stderr, "pobratim: %s: a NUL byte: not a text file\n", name);
		return -1;
	}
	while (p < end) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		if (++no > FILE_MAX_LINES) {
			fprintf(stderr, "pobratim: %s: more than %d lines\n", name, FILE_MAX_LINES);
			return -1;
		}
		if (nl - p > LINE_MAX_BYTES) {
			fprintf(stderr, "pobratim: %s:%d: longer than %d bytes\n", name, no,
			    LINE_MAX_BYTES);
			return -1;
		}
		if (file_line(c, name, no, p, (size_t)(nl - p), seen) == -1)
			return -1;
		p = nl + 1;
	}
	return 0;
}

/* Up to cap bytes of fd; -1 on an error. */
static ssize_t
read_upto(int fd, char *buf, size_t cap)
{
	size_t	got = 0;
	ssize_t	n;

	while (got < cap) {
		if ((n = read(fd, buf + got, cap - got)) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (n == 0)
			break;
		got += (size_t)n;
	}
	return (ssize_t)got;
}

int
config_file(struct config *c, const char *path)
{
	struct stat	 st;
	char		*buf = NULL;
	ssize_t		 n;
	int		 fd, rc = -1;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY)) == -1) {
		fprintf(stderr, "pobratim: cannot read the configuration '%s': %s\n", path,
		    strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		fprintf(stderr, "pobratim: the configuration '%s' is not a file\n", path);
		goto out;
	}
	if (st.st_size > FILE_MAX_BYTES) {
		fprintf(stderr, "pobratim: %s: larger than %d bytes\n", path, FILE_MAX_BYTES);
		goto out;
	}
	/* one byte more than allowed, so a file that grew since fstat is still refused */
	buf = xmalloc(FILE_MAX_BYTES + 1);
	if ((n = read_upto(fd, buf, FILE_MAX_BYTES + 1)) == -1) {
		fprintf(stderr, "pobratim: cannot read the configuration '%s': %s\n", path,
		    strerror(errno));
		goto out;
	}
	rc = config_text(c, path, buf, (size_t)n);
out:
	free(buf);
	close(fd);
	return rc;
}

/*
 * The configuration file: --config FILE (looked for among the flags now, as
 * it comes before them all), else POBRATIM_CONFIG, else the packaged one if
 * it exists. An empty name (--config '') reads none.
 */
static const char *
file_path(int argc, char **argv)
{
	const char	*path = getenv("POBRATIM_CONFIG");

	for (int i = 1; i < argc; i++) {
		const struct setting *s = NULL;

		if (strcmp(argv[i], "--config") == 0 && i + 1 < argc)
			path = argv[++i];
		else if (strncmp(argv[i], "--", 2) == 0 &&
		    (s = setting_named(argv[i] + 2, strlen(argv[i] + 2))) != NULL && s->arg != NULL)
			i++;	/* a value, whatever it looks like */
	}
	if (path == NULL && access(CONFIG_FILE, F_OK) == 0)
		path = CONFIG_FILE;
	return path != NULL && path[0] != '\0' ? path : NULL;
}

int
config_init(struct config *c, int argc, char **argv)
{
	const char	*file;

	memset(c, 0, sizeof(*c));
	for (size_t i = 0; i < NSETTINGS; i++)
		if (settings[i].def != NULL &&	/* NULL: unset unless given */
		    set(c, &settings[i], settings[i].def, settings[i].flag) == -1)
			return -1;
	if ((file = file_path(argc, argv)) != NULL && config_file(c, file) == -1)
		return -1;
	for (size_t i = 0; i < NSETTINGS; i++) {
		const char	*env = getenv(settings[i].env);

		if (env != NULL && set(c, &settings[i], env, settings[i].env) == -1)
			return -1;
	}
	return 0;
}

int
config_flags(struct config *c, int *argc, char **argv)
{
	int	out = 1;

	for (int i = 1; i < *argc; i++) {
		const struct setting *s = NULL;

		if (strcmp(argv[i], "--config") == 0) {	/* read by config_init */
			if (i + 1 >= *argc) {
				fprintf(stderr, "pobratim: --config needs a value (FILE)\n");
				return -1;
			}
			i++;
			continue;
		}
		if (strncmp(argv[i], "--", 2) == 0)
			s = setting_named(argv[i] + 2, strlen(argv[i] + 2));
		if (s == NULL) {
			argv[out++] = argv[i];
			continue;
		}
		if (s->kind == BOOL) {
			if (set(c, s, "1", s->flag) == -1)
				return -1;
			continue;
		}
		if (i + 1 >= *argc) {
			fprintf(stderr, "pobratim: %s needs a value (%s)\n", s->flag, s->arg);
			return -1;
		}
		if (set(c, s, argv[++i], s->flag) == -1)
			return -1;
	}
	*argc = out;
	argv[out] = NULL;
	/* both checked by set() */
	return log_level_parse(c->log_level, &log_threshold) == -1 ||
	    log_format_parse(c->log_format, &log_format) == -1 ? -1 : 0;
}

void
config_release(struct config *c)
{
	for (size_t i = 0; i < NSETTINGS; i++)
		if (settings[i].kind == STR) {
			free(*(char **)((char *)c + settings[i].offset));
			*(char **)((char *)c + settings[i].offset) = NULL;
		}
}

void
config_usage(void)
{
	char	left[64];

	fprintf(stderr, "  %-30s %s (%s, default %s if it exists)\n", "--config FILE",
	    "settings read before the variables and flags, which win; 'key = value' lines",
	    "POBRATIM_CONFIG", CONFIG_FILE);
	for (size_t i = 0; i < NSETTINGS; i++) {
		snprintf(left, sizeof(left), "%s%s%s", settings[i].flag, settings[i].arg ? " " : "",
		    settings[i].arg ? settings[i].arg : "");
		fprintf(stderr, "  %-30s %s (%s, default %s)\n", left, settings[i].help,
		    settings[i].env, settings[i].def ? settings[i].def : "none");
	}
}
