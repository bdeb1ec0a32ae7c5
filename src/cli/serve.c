/*
 * serve: the server. Opens and migrates the database, refuses demo
 * passwords unless told it is a demo, starts the HTTP server and stops it
 * on SIGTERM or SIGINT: in-flight requests finish first, for
 * --shutdown-timeout seconds at most; past that it names the stuck ones and
 * exits with status 1 without them.
 */
#include "cli.h"

#include <arpa/inet.h>
#include <signal.h>
#include <stdio.h>
#include <stdbool.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "../api/api.h"
#include "../api/room_media.h"
#include "../base/log.h"
#include "../base/metrics.h"
#include "../base/net.h"
#include "../base/text.h"
#include "../cal/cal.h"
#include "../http/http.h"
#include "../media/media.h"
#include "../media/recording.h"
#include "../media/turn.h"
#include "../mail/mail.h"
#include "../mail/sender.h"

static struct http_server	*running;

static void
on_signal(int sig)
{
	(void)sig;
	if (running != NULL)
		http_server_stop(running);
}

static int
check_demo(struct db *db, const struct config *c)
{
	int64_t	n = 0;

	if (db_user_count_demo(db, &n) != DB_OK)
		return -1;
	if (n > 0 && !c->demo) {
		log_err("%lld accounts still have the published demo password; serve with --demo "
		    "(POBRATIM_DEMO=1) for a demo, or change them with 'pobratim user passwd'",
		    (long long)n);
		return -1;
	}
	if (n > 0)
		log_warn("serving as a demo: %lld accounts have the password 'demo-password'",
		    (long long)n);
	return 0;
}

/*
 * The installation's domain, for Message-IDs: the host of --public-url,
 * else the domain of --mail-from, else the machine's name.
 */
static const char *
mail_domain(const struct config *c)
{
	static char	domain[256];
	const char	*p;

	if (c->public_url != NULL && (p = strstr(c->public_url, "://")) != NULL) {
		p += 3;
		snprintf(domain, sizeof(domain), "%.*s", (int)strcspn(p, ":/"), p);
	} else if (c->mail_from != NULL && (p = strchr(c->mail_from, '@')) != NULL)
		snprintf(domain, sizeof(domain), "%s", p + 1);
	else if (gethostname(domain, sizeof(domain)) != 0 || domain[0] == '\0')
		snprintf(domain, sizeof(domain), "localhost");
	domain[sizeof(domain) - 1] = '\0';
	return domain;
}

void
cli_settings_from(const struct config *c, struct api_settings *s)
{
	s->login_max_failures = c->login_max_failures;
	s->login_max_failures_addr = c->login_max_failures_addr;
	s->login_max_failures_account = c->login_max_failures_account;
	s->login_backoff = c->login_backoff;
	s->login_max_delay = c->login_max_delay;
	s->login_window = c->login_window;
	s->session_days = c->session_days;
	s->public_url = c->public_url;
	/* a site users reach over HTTPS sends its cookie over HTTPS only */
	s->cookie_secure = c->cookie_secure ||
	    (c->public_url != NULL && text_has_prefix(c->public_url, "https://"));
	s->demo = c->demo;
	s->db_path = c->db;
	s->files_dir = c->files;
	s->ice_servers = c->ice_servers;
	s->turn_url = c->turn_url;
	s->turn_secret = c->turn_secret;
	s->import_max_rows = c->import_max_rows;
	s->upload_quota = (int64_t)c->upload_quota * 1000 * 1000;
	s->smtp_configured = c->smtp_url != NULL;
	s->mail_from = c->mail_from;
	s->mail_domain = mail_domain(c);
	s->timezone = c->timezone != NULL ? c->timezone : cal_tz_system();
	s->metrics_token = c->metrics_token;
}

/* A JSON array of RTCIceServer objects ({"urls": ..., "username"?, "credential"?}). */
static bool
ice_servers_valid(const char *text)
{
	json_t	*v = json_loads(text, 0, NULL), *e;
	size_t	 i;
	bool	 ok = json_is_array(v);

	json_array_foreach(v, i, e)
		if (!json_is_object(e) || json_object_get(e, "urls") == NULL)
			ok = false;
	json_decref(v);
	return ok;
}

/*
 * --public-url: http:// or https://, a host (net_host_valid: no user, no
 * spaces), an optional path of plain characters; no trailing slash, query
 * or fragment, so that "%s/news/1" is always a link.
 */
static bool
public_url_valid(const char *url)
{
	const char	*h, *path;
	char		 host[256];

	if (text_has_prefix(url, "https://"))
		h = url + 8;
	else if (text_has_prefix(url, "http://"))
		h = url + 7;
	else
		return false;
	path = h + strcspn(h, "/");
	if ((size_t)(path - h) >= sizeof(host))
		return false;
	memcpy(host, h, (size_t)(path - h));
	host[path - h] = '\0';
	if (!net_host_valid(host))
		return false;
	if (path[0] != '\0' && path[strlen(path) - 1] == '/')
		return false;
	return path[strspn(path, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "0123456789-._~/%")] == '\0';
}

/* A numeric IPv4 or IPv6 address, without a port. */
static bool
ip_address(const char *s)
{
	unsigned char	addr[16];

	return inet_pton(AF_INET, s, addr) == 1 || inet_pton(AF_INET6, s, addr) == 1;
}

/* A bearer token: 16..256 visible ASCII characters (no space: the header would split it). */
static bool
metrics_token_valid(const char *t)
{
	size_t	n = strlen(t);

	if (n < 16 || n > 256)
		return false;
	for (; *t != '\0'; t++)
		if (*t <= ' ' || *t > '~')
			return false;
	return true;
}

/* The settings serve checks beyond the table's types and bounds; 2 on a bad one. */
static int
check_settings(const struct config *c, struct net_cidr *proxies, size_t *nproxies,
    struct media_config *media)
{
	*nproxies = 0;
	if (!ice_servers_valid(c->ice_servers)) {
		fprintf(stderr, "pobratim: serve: --ice-servers must be a JSON array of objects\n");
		return 2;
	}
	if ((c->turn_url == NULL) != (c->turn_secret == NULL)) {
		fprintf(stderr, "pobratim: serve: --turn-url and --turn-secret go together\n");
		return 2;
	}
	if (c->turn_url != NULL && !turn_urls_valid(c->turn_url)) {
		fprintf(stderr, "pobratim: serve: --turn-url must be 1 to %d turn: or turns: URLs "
		    "(host[:port][?transport=udp|tcp]) separated by commas, not '%s'\n",
		    TURN_MAX_URLS, c->turn_url);
		return 2;
	}
	if (c->turn_secret != NULL && (c->turn_secret[0] == '\0' ||
	    strlen(c->turn_secret) > TURN_MAX_SECRET)) {
		/* a secret: never printed */
		fprintf(stderr, "pobratim: serve: --turn-secret must be 1 to %d bytes\n",
		    TURN_MAX_SECRET);
		return 2;
	}
	if (c->public_url != NULL && !public_url_valid(c->public_url)) {
		fprintf(stderr, "pobratim: serve: --public-url must be http(s)://host[:port][/path] "
		    "without a trailing slash, query or fragment, not '%s'\n", c->public_url);
		return 2;
	}
	if (c->trusted_proxy != NULL &&
	    net_cidr_list_parse(c->trusted_proxy, proxies, NET_MAX_NETS, nproxies) == -1) {
		fprintf(stderr, "pobratim: serve: --trusted-proxy must be at most %d IPv4 or IPv6 "
		    "networks, like 127.0.0.1/32,10.0.0.0/8,::1/128, not '%s'\n", NET_MAX_NETS,
		    c->trusted_proxy);
		return 2;
	}
	if (c->smtp_url != NULL && !mail_url_valid(c->smtp_url)) {
		/* the URL may hold a password: never print it */
		fprintf(stderr, "pobratim: serve: --smtp-url must be smtp://[user:password@]host[:port] "
		    "or smtps://..., without a query or fragment\n");
		return 2;
	}
	if (c->mail_from != NULL && !mail_address_valid(c->mail_from)) {
		fprintf(stderr, "pobratim: serve: --mail-from must be an address like "
		    "pobratim@city.example, not '%s'\n", c->mail_from);
		return 2;
	}
	if (c->smtp_url != NULL && c->mail_from == NULL) {
		fprintf(stderr, "pobratim: serve: --smtp-url needs --mail-from (the sender's address)\n");
		return 2;
	}
	if (c->timezone != NULL && !cal_tz_known(c->timezone)) {
		fprintf(stderr, "pobratim: serve: --timezone must be an IANA time zone like "
		    "Europe/Moscow, not '%s'\n", c->timezone);
		return 2;
	}
	if (c->mail_retry > c->mail_retry_max) {
		fprintf(stderr, "pobratim: serve: --mail-retry (%d) must not be longer than "
		    "--mail-retry-max (%d)\n", c->mail_retry, c->mail_retry_max);
		return 2;
	}
	if (media_mode_parse(c->media, &media->mode) == -1) {
		fprintf(stderr, "pobratim: serve: --media must be auto, janus or mesh, not '%s'\n",
		    c->media);
		return 2;
	}
	if (media_ports_parse(c->media_ports, &media->port_min, &media->port_max) == -1) {
		fprintf(stderr, "pobratim: serve: --media-ports must be MIN-MAX, two ports from 1024 "
		    "to 65535, not '%s'\n", c->media_ports);
		return 2;
	}
	if (c->media_public_ip != NULL && !ip_address(c->media_public_ip)) {
		fprintf(stderr, "pobratim: serve: --media-public-ip must be an IPv4 or IPv6 address, "
		    "not '%s'\n", c->media_public_ip);
		return 2;
	}
	media->janus = c->janus;
	media->ice_servers = c->ice_servers;
	media->public_ip = c->media_public_ip;
	media->files_dir = c->files;
	if (c->metrics_token != NULL && !metrics_token_valid(c->metrics_token)) {
		/* never print the token */
		fprintf(stderr, "pobratim: serve: --metrics-token must be 16 to 256 printable "
		    "characters without spaces\n");
		return 2;
	}
	if (c->login_window <= c->login_max_delay) {
		fprintf(stderr, "pobratim: serve: --login-window (%d) must be longer than "
		    "--login-max-delay (%d)\n", c->login_window, c->login_max_delay);
		return 2;
	}
	return 0;
}

/* The converter of meeting recordings, on a thread of its own (src/media/recording.h). */
static int
start_recordings(const struct config *c)
{
	struct recording_settings	s = {
		.files_dir = c->files, .converter = c->pp_rec, .timeout = c->recording_timeout,
	};

	return recording_service_start(&s, c->db);
}

/* Rooms' recordings in progress stop while the media server is still up to close their files. */
static void
stop_recordings(const struct config *c)
{
	struct db	*db = cli_open_db(c->db);

	if (db == NULL)
		return;		/* they are ended at the next start */
	api_room_recordings_stop(db);
	db_close(db);
}

/* The outbox's sender, with --smtp-url; without, mail waits in the outbox (said once). */
static int
mail_start(const struct config *c)
{
	struct mail_sender_config	m = {
		.db_path = c->db, .smtp_url = c->smtp_url, .from = c->mail_from,
		.timeout = c->smtp_timeout, .retry = c->mail_retry, .retry_max = c->mail_retry_max,
		.give_up = (long)c->mail_give_up * 3600, .stop_grace = c->shutdown_timeout,
	};

	if (c->smtp_url == NULL) {
		log_warn("mail: no --smtp-url: messages wait in the outbox until a server is given");
		return 0;
	}
	if (mail_init() == -1)
		return -1;
	return mail_sender_start(&m);
}

/* The base of the links in scheduled mail: --public-url, else the address served. */
const char *
cli_schedule_base(const struct config *c)
{
	static char	base[300];

	if (c->public_url != NULL)
		return c->public_url;
	snprintf(base, sizeof(base), "http://%s", c->listen);
	return base;
}

/*
 * Stops the threads beside the server, each a no-op if it did not start: first the
 * media server (no media events for the rooms from here on), last the mail sender (what
 * the others queued still has its chance until then).
 */
static void
stop_services(void)
{
	media_stop();
	recording_service_stop();
	sweep_stop();
	api_scheduler_stop();
	api_room_keeper_stop();
	mail_sender_stop();
}

/* --io-threads: as given, or one per CPU and at most 4 */
static int
io_threads(int given)
{
	long	cpus = sysconf(_SC_NPROCESSORS_ONLN);

	if (given > 0)
		return given;
	return cpus < 1 ? 1 : cpus > 4 ? 4 : (int)cpus;
}

int
cli_serve(struct config *c, int argc, char **argv)
{
	struct api_settings	 settings;
	struct http_config	 hc;
	struct net_cidr		 proxies[NET_MAX_NETS];
	size_t			 nproxies;
	struct media_config	 media;
	const struct media_handler rooms = { sfu_media_event, sfu_media_reset, NULL };
	struct sigaction	 sa;
	struct db		*db;
	int			 rc;

	(void)argv;
	if (argc > 1) {
		fprintf(stderr, "pobratim: serve: unexpected argument '%s'\n", argv[1]);
		return 2;
	}
	if ((rc = check_settings(c, proxies, &nproxies, &media)) != 0)
		return rc;
	if ((rc = cli_open_db_status(c->db, &db)) != 0)
		return rc;
	rc = check_demo(db, c);
	db_close(db);
	if (rc == -1)
		return 1;
	cli_settings_from(c, &settings);
	metrics_start();
	memset(&hc, 0, sizeof(hc));
	hc.listen = c->listen;
	hc.web_root = c->web;
	hc.api_prefix = API_PREFIX;
	hc.max_body = (size_t)c->max_body;
	hc.workers = c->workers;
	hc.io_threads = io_threads(c->io_threads);
	hc.shutdown_timeout = c->shutdown_timeout;
	hc.routes = api_routes;
	hc.nroutes = api_nroutes;
	hc.trusted_proxies = proxies;
	hc.ntrusted_proxies = nproxies;
	hc.worker_init = api_worker_init;
	hc.worker_fini = api_worker_fini;
	hc.worker_arg = &settings;
	hc.dispatch = api_dispatch;
	hc.answer_now = api_answer_now;
	hc.reply_error = api_problem;
	hc.metrics_path = API_METRICS_PATH;
	hc.metrics = api_metrics;
	hc.ws_path = API_WS_PATH;
	hc.ws_max_message = API_WS_MAX_MESSAGE;
	hc.ws_rate = API_WS_RATE;
	hc.ws_max_queue = API_WS_MAX_QUEUE;
	hc.ws_event = api_ws_event;
	if ((running = http_server_new(&hc)) == NULL)
		return 1;
	api_realtime_start(running);
	if (media_start(&media, &rooms) == -1 || sweep_start(c) == -1 ||
	    start_recordings(c) == -1 || mail_start(c) == -1 ||
	    api_scheduler_start(c->db, &settings, cli_schedule_base(c), c->schedule_interval) == -1 ||
	    api_room_keeper_start(c->db, c->room_host_grace) == -1) {
		stop_services();
		http_server_free(running);
		running = NULL;
		api_realtime_stop();
		return 1;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	log_info("listening on http://%s (database %s, %d workers, %d event loops)", c->listen, c->db,
	    c->workers, hc.io_threads);
	rc = http_server_run(running);
	if (rc == HTTP_UNFINISHED) {
		/* a worker is still at its request: freeing what it uses would be worse */
		log_err("stopped after %d s with requests unfinished", c->shutdown_timeout);
		_exit(1);
	}
	stop_recordings(c);
	stop_services();
	http_server_free(running);
	running = NULL;
	api_cache_free();
	api_realtime_stop();
	log_info("stopped");
	return rc == 0 ? 0 : 1;
}
