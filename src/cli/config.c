#include "config.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/alloc.h"
#include "../base/log.h"
#include "../base/text.h"

enum kind { STR, INT, BOOL };

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
	    "text, or json: one JSON object a line for log shippers", STR,
	    offsetof(struct config, log_format), "text", 0, 0 },
	{ "--metrics-token", "POBRATIM_METRICS_TOKEN", "TOKEN",
	    "GET /metrics also for other peers than loopback that send Authorization: Bearer TOKEN "
	    "(at least 16 characters; prefer the variable: flags show in ps)", STR,
	    offsetof(struct config, metrics_token), NULL, 0, 0 },
};
#define NSETTINGS	(sizeof(settings) / sizeof(settings[0]))

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

int
config_init(struct config *c)
{
	memset(c, 0, sizeof(*c));
	for (size_t i = 0; i < NSETTINGS; i++) {
		const char	*env = getenv(settings[i].env);

		if (settings[i].def != NULL &&	/* NULL: unset unless given */
		    set(c, &settings[i], settings[i].def, settings[i].flag) == -1)
			return -1;
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

		for (size_t k = 0; k < NSETTINGS; k++)
			if (strcmp(argv[i], settings[k].flag) == 0)
				s = &settings[k];
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
	if (log_level_parse(c->log_level, &log_threshold) == -1) {
		fprintf(stderr, "pobratim: --log-level must be error, warn, info or debug\n");
		return -1;
	}
	if (log_format_parse(c->log_format, &log_format) == -1) {
		fprintf(stderr, "pobratim: --log-format must be text or json\n");
		return -1;
	}
	return 0;
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

	for (size_t i = 0; i < NSETTINGS; i++) {
		snprintf(left, sizeof(left), "%s%s%s", settings[i].flag, settings[i].arg ? " " : "",
		    settings[i].arg ? settings[i].arg : "");
		fprintf(stderr, "  %-30s %s (%s, default %s)\n", left, settings[i].help,
		    settings[i].env, settings[i].def ? settings[i].def : "none");
	}
}
