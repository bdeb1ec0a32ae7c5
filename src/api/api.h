/*
 * api: the resources under /api/v1, described in contract/ (tools/contract.mjs).
 * Every handler is
 *	int api_<resource>_<verb>(struct http_request *req)
 * and reaches the database through api_db(req). routes.c holds the route
 * table made from the contract (method, pattern, handler, roles) and the
 * dispatch that resolves the caller, enforces roles and CSRF, then calls the
 * handler.
 */
#ifndef API_API_H
#define API_API_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "../base/csv.h"
#include "../db/db.h"
#include "../http/http.h"
#include "../json/json.h"
#include "../base/image.h"

#define API_PREFIX	"/api/v1"
#define API_VERSION	"0.1.0"
#define API_MAX_IMAGE	(5u << 20)	/* bytes of an uploaded image */

/* roles: bits of http_route.roles */
#define ROLE_PUBLIC		(1u << 0)	/* anonymous */
#define ROLE_CORRESPONDENT	(1u << 1)
#define ROLE_PARTNER		(1u << 2)
#define ROLE_STAFF		(1u << 3)
#define ROLE_ADMIN		(1u << 4)
#define ROLES_SIGNED_IN	(ROLE_CORRESPONDENT | ROLE_PARTNER | ROLE_STAFF | ROLE_ADMIN)
#define ROLES_ANY	(ROLE_PUBLIC | ROLES_SIGNED_IN)

/* Settings the API reads; filled by the CLI from its configuration table. */
struct api_settings {
	/* sign-in throttling (session.c): free failures per count, then back-off */
	int		 login_max_failures;	/* per (account, address) */
	int		 login_max_failures_addr;	/* per address */
	int		 login_max_failures_account;	/* per account */
	int		 login_backoff;		/* seconds: the first wait, doubled per failure */
	int		 login_max_delay;	/* seconds: the longest wait */
	int		 login_window;		/* seconds a count is kept after its last failure */
	int		 session_days;
	bool		 cookie_secure;		/* also when public_url is https */
	const char	*public_url;		/* every absolute link's base; NULL: see api_base_url */
	bool		 demo;			/* --demo: the demo password is allowed */
	const char	*db_path;
	const char	*files_dir;		/* stored uploads, named by SHA-256 */
	const char	*ice_servers;		/* JSON array of RTCIceServer, "[]": none */
	const char	*turn_url;		/* --turn-url (NULL: none), with turn_secret */
	const char	*turn_secret;
	int		 import_max_rows;	/* data lines of a CSV import */
	int64_t		 upload_quota;		/* bytes a user may keep stored; 0: no limit */
	/* mail (outbox.c): a sender runs when smtp_configured; mail waits in the outbox otherwise */
	bool		 smtp_configured;
	const char	*mail_from;		/* NULL when not given */
	const char	*mail_domain;		/* of Message-IDs: the installation's */
	const char	*timezone;		/* IANA: mail's clock for accounts that chose none */
	const char	*metrics_token;		/* /metrics beyond loopback with it; NULL: never */
};

/* One per worker thread: its own database connection. */
struct api_worker {
	struct db			*db;
	const struct api_settings	*settings;
	/* GET /countries, encoded once: the gazetteer is read-only while serving */
	char				*countries_json;
};

/* The caller, resolved by dispatch; role is ROLE_PUBLIC when anonymous. */
struct api_caller {
	unsigned		 role;
	struct db_user		 user;		/* valid when signed in */
	struct db_session	 session;
	const char		*token_hash;
};

/* The realtime channel: its connections (realtime.c), its router (ws_router.c) */
#define API_WS_PATH		API_PREFIX "/ws"
#define API_WS_MAX_MESSAGE	(64 * 1024)	/* bytes; closed with 1009 past it */
#define API_WS_RATE		20		/* messages per second, bursts of 40 */
#define API_WS_MAX_QUEUE	(1024 * 1024)	/* bytes waiting for a slow client */

void	api_realtime_start(struct http_server *srv);
void	api_realtime_stop(void);
void	api_ws_event(struct http_ws_event *ev);
/* Sends {"type":"event",...} to the subscribers of channel (steals data). */
void	api_publish(const char *channel, const char *event, json_t *data);
/* Close codes: the session ended (sign in again); the rights changed (reconnect). */
#define API_WS_CLOSE_SESSION	4401
#define API_WS_CLOSE_RIGHTS	4403
/*
 * Closes user_id's WebSocket connections with code: those of the session
 * whose token hash is `only`, or all of them when NULL, except those of the
 * session `keep` (NULL: none).
 */
void	api_disconnect(int64_t user_id, const char *only, const char *keep, int code);
/*
 * After a change to a meeting (committed, and api_rights_bump_meeting'd):
 * who may no longer be in its room or lobby leaves it at once, told by
 * room.removed with the reason (rooms.c).
 */
void	api_room_recheck(struct http_request *req, int64_t meeting_id);
/*
 * The server stops: every room's recording in progress stops (the media
 * server closes its files) and waits for the converter's next start.
 */
void	api_room_recordings_stop(struct db *db);
/*
 * The room keeper: a recording whose last host's connection dropped stops
 * grace seconds later unless a host came back (0: at once, no thread).
 */
int	api_room_keeper_start(const char *db_path, long grace);
void	api_room_keeper_stop(void);

/*
 * rights.c: generations of rights, bumped after the commit of every write
 * that changes what someone may do, so that an open WebSocket re-checks its
 * rights with the database only when one of its generations moved.
 */
void		api_rights_bump_user(int64_t user_id);
void		api_rights_bump_meeting(int64_t meeting_id);
void		api_rights_bump_all(void);	/* changes that reach unknown users */
/* What a connection compares: unchanged exactly when none of its generations moved. */
uint64_t	api_rights_stamp(int64_t user_id, int64_t meeting_id);

/* Whether s is a kind of organization (city_administration, department...). */
bool	api_org_kind_valid(const char *s);

extern const struct http_route	api_routes[];
extern const size_t		api_nroutes;

/*
 * A JSON body's check table. Those of the routes' request bodies are made
 * from the contract (bodies.c); all are listed in api_bodies[] (routes.c),
 * which the fuzz driver tests/fuzz/json_bodies.c checks one by one.
 */
struct api_body {
	const char		*name;
	const struct jv_field	*fields;
	size_t			 n;
};
#define API_BODY(name, table)	{ name, table, sizeof(table) / sizeof(table[0]) }
/* the request bodies and WebSocket messages of the contract (build/gen/request_bodies.inc) */
#include "request_bodies.h"
/* the records' plain members in JSON and from a body (x-column: build/gen/api_records.inc) */
#include "api_records.h"
extern const struct api_body *const api_bodies[];
extern const size_t		api_nbodies;

/* http_config hooks */
#define API_METRICS_PATH	"/metrics"
int	 api_metrics(struct http_request *req);	/* metrics.c: http_config.metrics */
void	*api_worker_init(void *settings);
void	 api_worker_fini(void *worker);
int	 api_dispatch(struct http_request *req);
void	 api_problem(struct http_request *req, int status, const char *code, const char *detail);
/* api_problem with extension members (an object, stolen) beside the standard ones. */
void	 api_problem_with(struct http_request *req, int status, const char *code,
	    const char *detail, json_t *members);

/* --- helpers for handlers --- */

/*
 * cache.c: replies of routes marked cached, kept per session (token hash,
 * NULL for anonymous callers) and request while none of the tables they read
 * has been written (db_reads_stamp) and the session has not expired. key:
 * NULL when the request may not be kept; serve: true when it answered (with
 * X-Cache: hit). keep: seen is db_writes_seen() before the reply was made,
 * reads what making it read.
 */
const char		*api_cache_key(struct http_request *req, const char *token_hash);
bool			 api_cache_serve(struct http_request *req, const char *key);
void			 api_cache_keep(struct http_request *req, uint64_t seen,
			    const struct db_reads *reads, const char *key, size_t first_header,
			    const char *expires_at);
void			 api_cache_free(void);
/* http_config.answer_now: a cached reply, on the service thread */
bool			 api_answer_now(struct http_request *req);

struct db		*api_db(struct http_request *req);
struct api_caller	*api_caller(struct http_request *req);
const struct api_settings *api_settings(const struct http_request *req);
/* The clock mail tells a user the time by: their own zone, else the installation's. */
const char	*api_user_timezone(const struct api_settings *s, const struct db_user *u);
/* "2026-12-07 10:00 (Europe/Moscow, UTC+03:00)": t on the clock of tz; "?" if unknown. */
const char	*api_local_time_text(struct arena *a, const char *tz, time_t t);
/*
 * The base of absolute links (Atom, iCalendar, ClaimReview, feed and guest
 * URLs): --public-url; without it, behind a trusted proxy the scheme and
 * host it names (X-Forwarded-Proto, X-Forwarded-Host or Host), else the
 * address and port the connection reached ("http://127.0.0.1:8080"). Never
 * the Host header of an untrusted peer.
 */
const char	*api_base_url(struct http_request *req);
/*
 * Seconds a count of failed sign-ins holds off the next attempt after its
 * last failure: 0 below free_failures, then base, doubled per further
 * failure, at most cap.
 */
long		 api_login_backoff(int64_t failures, int64_t free_failures, long base, long cap);
/*
 * A throttle over the counts of sign-in throttling (src/db/login.c): per
 * (email, address), per address and per email, each with its free attempts,
 * then back-off from backoff doubling to max_delay. ns prefixes both keys,
 * so that another use (password reset mail) counts apart from sign-ins;
 * sign-ins use "". The address's and the email's counts spare a pair that
 * signed in before (only in the sign-ins' namespace, where such pairs are).
 */
struct api_throttle {
	const char	*ns;
	int		 free_pair, free_address, free_account;
	long		 backoff, max_delay;
};
/* 0 to go on, 1 after replying 429 with Retry-After, -1 after a database error reply. */
int		 api_throttle_check(struct http_request *req, const struct api_throttle *t,
		    const char *email, const char *key);
/* Counts an attempt (what: "failed sign-in", for the log) against the three counts. */
void		 api_throttle_count(struct http_request *req, const struct api_throttle *t,
		    const char *email, const char *key, const char *what);
unsigned		 api_role_bit(const char *role);
/* The x-roles of a route: ["public"], ["signed-in"] or the role names. */
json_t			*api_roles_json(unsigned roles);
/* The route table: [{"method","path","roles"}], paths with the API prefix. */
json_t			*api_routes_json(void);
/* Fills caller from the session cookie (anonymous when none); -1 on a db error. */
int			 api_session_resolve(struct http_request *req, struct api_caller *caller);
/* The hash of the session cookie's token (what the database keeps); NULL without one. */
const char		*api_cookie_token_hash(struct arena *a, const char *cookie_header);
int			 api_caller_from_cookie(struct db *db, struct arena *a,
			    const char *cookie_header, struct api_caller *caller);

/* Replies with json (steals the reference). */
void	api_reply_json(struct http_request *req, int status, json_t *body);
/* 422-style validation answer: 400 validation_failed with errors[] (steals). */
void	api_reply_invalid(struct http_request *req, json_t *errors);
/* 400 validation_failed naming one field (a query parameter or a reference). */
void	api_reply_bad_param(struct http_request *req, const char *field, const char *code,
	    const char *message);
/* 500 internal, logged with the request id. */
void	api_reply_db_error(struct http_request *req, const char *what);

/*
 * The JSON object body checked against the body's fields (partial: a PATCH,
 * nothing required); NULL after replying
 * 415/400 invalid_json/400 validation_failed. The object is freed with the
 * request.
 */
json_t	*api_require_body(struct http_request *req, const struct api_body *body, bool partial);
/* Path parameter i as a positive id; -1 after replying 404. */
int	api_require_id(struct http_request *req, size_t i, int64_t *id);

/* Pagination: ?limit (1..200, default 50) and ?cursor holding up to two integers. */
struct api_page {
	int	 limit;
	int64_t	 a, b;		/* decoded cursor; 0, 0 at the start */
};
int	api_require_page(struct http_request *req, struct api_page *p);
/* {"items": items, "next_cursor": cursor of (a, b) or null when !more} */
json_t	*api_page_json(json_t *items, bool more, int64_t a, int64_t b);
/* A query parameter folded for search, NULL when absent or empty. */
const char	*api_query_folded(struct http_request *req, const char *name);

/* The caller's home city: the city of their organization (0 when anonymous). */
int64_t	api_home_city(struct http_request *req);
/* What partner-role callers are confined to: their home city; 0 for staff and admin. */
int64_t	api_visible_city(struct http_request *req);
/* A real calendar date "YYYY-MM-DD"; with year_ok also a bare "YYYY". */
bool	api_date_valid(const char *s, bool year_ok);
/* The year of a date that starts with four digits ("YYYY", "YYYY-MM-DD"); 0 for anything else. */
int	api_date_year(const char *s);
/* Today (UTC) plus days, as "YYYY-MM-DD". */
void	api_date_today(int days, char out[11]);
/* {"field","code","message"} appended to errors when body[name] is not a valid date. */
void	api_check_date(json_t *body, const char *name, bool year_ok, json_t *errors);
/* As api_check_date, and in_future when the day is after today (UTC). */
void	api_check_past_date(json_t *body, const char *name, json_t *errors);
/*
 * *year from date (YYYY-MM-DD) when given, else from the body's "year", else
 * left; errors when the body's year contradicts the date, or there is none.
 */
void	 api_settle_year(json_t *body, const char *date, int64_t *year, json_t *errors);

/* --- small helpers several resources share (common.c) --- */

bool	 api_is_moderator(const struct api_caller *c);	/* staff or admin */
/* Whether the caller sees an object of cities a and b: staff, admins, a partner of a or b. */
bool	 api_sees_cities(struct http_request *req, int64_t a, int64_t b);
/* Whether the caller writes it: admins, and staff whose city is a or b. */
bool	 api_writes_cities(struct http_request *req, int64_t a, int64_t b);
/* True when s is one of the NULL-terminated list (false for NULL). */
bool	 api_in_list(const char *const *list, const char *s);
json_t	*api_str_or_null(const char *s);
/* The id, or null when it is 0. */
json_t	*api_id_or_null(int64_t id);
/* An optional amount: null when it is 0 or less ("not stated"). */
json_t	*api_amount_or_null(double v);
/* A city as {id, name_en, name_ru, country_code}, null when id is 0. */
json_t	*api_city_ref(const struct db_city *c);
json_t	*api_words_json(const char *list);	/* " A B " as ["A", "B"] */
const char *api_words_of(struct arena *a, json_t *array);	/* ["A", "B"] as " A B " */
/* Session and feed tokens: a random URL-safe token, and the hex BLAKE2b kept of it. */
const char	*api_random_token(struct arena *a);
const char	*api_token_hash(struct arena *a, const char *token);
/*
 * An Origin header, when present, names the host the request went to
 * (host: the Host header, or a trusted proxy's X-Forwarded-Host) or the
 * origin of public_url (NULL: none).
 */
bool	 api_same_origin(const char *origin, const char *host, const char *public_url);

/*
 * CSV imports (imports.c): the frame that POST /partnerships.csv and POST
 * /trade.csv share. A handler names its columns, then for each data line
 * reads cells, adds what is wrong to im->errors, writes, and says what the
 * line did; the frame checks the media type, the header and the row limit,
 * keeps the counts and the report, and commits or rolls back:
 *
 *	if (api_import_begin(req, &im, &columns) == -1)
 *		return -1;
 *	while (api_import_next(&im))
 *		api_import_line(&im, one_line(&im));
 *	return api_import_finish(&im);
 */
#define API_IMPORT_MAX_BODY	(16u << 20)	/* bytes of a CSV file */
#define API_IMPORT_REPORTED	1000		/* refused lines listed in a report */
#define API_IMPORT_MAX_COLUMNS	16

enum api_import_result { API_IMPORT_INSERTED, API_IMPORT_UPDATED, API_IMPORT_UNCHANGED };

struct api_import_columns {
	const char *const	*names;
	size_t			 n;
	uint32_t		 required;	/* bit k: names[k] must be in the header */
	const char		*what;		/* "importing partnerships", for the log */
};

struct api_import {
	struct http_request		*req;
	const struct api_import_columns	*columns;
	struct csv_reader		 r;
	const char			*f[CSV_MAX_FIELDS];
	size_t				 n;
	int				 idx[API_IMPORT_MAX_COLUMNS];	/* -1: not in the header */
	struct arena			 row;		/* a line's allocations, freed after it */
	json_t				*errors;	/* what is wrong with the current line */
	json_t				*lines;		/* the report's refused lines */
	size_t				 count[3], refused;	/* count by enum api_import_result */
	bool				 skip_bad;
};

/*
 * Checks that the body is text/csv (415), that it has at most the setting
 * import_max_rows data lines (413 too_many_rows), that its header names the
 * required columns (400 validation_failed), and begins a transaction.
 * -1 after replying.
 */
int	api_import_begin(struct http_request *req, struct api_import *im,
	    const struct api_import_columns *columns);
/*
 * The next data line into im->f: true, or false at the end. A malformed
 * record is refused here and ends the file.
 */
bool	api_import_next(struct api_import *im);
/* True when the header names column k. */
bool	api_import_has(const struct api_import *im, size_t k);
/*
 * Column k's cell, NULL when absent or empty; a formula that an export
 * neutralised reads back as it was (csv_text).
 */
const char *api_import_cell(const struct api_import *im, size_t k);
/* Column k's cell when the header names it (NULL when empty), else was: what an update keeps. */
const char *api_import_cell_or(const struct api_import *im, size_t k, const char *was);
/* Ends the current line: refused when im->errors holds any, else counted as result. */
void	api_import_line(struct api_import *im, enum api_import_result result);
/*
 * With refused lines and no ?skip_invalid=true, rolls back and answers 400
 * import_refused carrying the report; otherwise commits and answers 200.
 */
int	api_import_finish(struct api_import *im);
/*
 * The separator ?sep= asks of a CSV export: comma (default), semicolon or
 * tab. -1 after replying 400.
 */
int	api_csv_sep(struct http_request *req, char *sep);
/* Answers a finished export (a file name, the writer's bytes); 500 when it was too large. */
int	api_reply_csv(struct http_request *req, struct csv_writer *w, const char *filename);

/* --- resources to JSON (one place each) --- */

json_t	*api_city_json(const struct db_city *c);
json_t	*api_org_json(const struct db_org *o);
json_t	*api_user_json(const struct db_user *u);
/* A staff or admin account as others see it: id, name, role, organization; no email. */
json_t	*api_staff_user_json(const struct db_user *u);
/*
 * Adds "responsible_id: not_staff" to errors unless id is an enabled staff or
 * admin account, and then sets out->id to 0; -1 on a database error.
 */
int	api_check_responsible(struct http_request *req, int64_t id, json_t *errors,
	    struct db_user *out);
json_t	*api_pcity_json(const struct db_pcity *c);
json_t	*api_partnership_json(const struct db_partnership *p);
/* contacts (email, phone) only when roles, the caller's, may read them (x-roles) */
json_t	*api_person_json(const struct db_person *p, unsigned roles);
json_t	*api_agreement_json(const struct db_agreement *g);
json_t	*api_bulletin_json(struct http_request *req, const struct db_bulletin *b, bool full);

/* --- mail (outbox.c, recovery.c) --- */

struct mail_var;

/*
 * A message to queue: the template kind (src/mail/templates.c) rendered in
 * the recipient's language with vars, and {name}, {email} and {site} (the
 * recipient's name and address, the base URL) filled in. sensitive: it
 * holds a secret link (its bodies go once it has left the queue, and
 * admins never see them); expires_at: the link's end, not sent after.
 */
struct api_mail {
	const char			*kind;
	const struct db_user		*to;
	const struct mail_var		*vars;
	size_t				 nvars;
	bool				 sensitive;
	const char			*expires_at;
	const struct db_mail_attachment	*attachments;	/* no filename: an alternative of
							   the body (text/calendar) */
	size_t				 nattachments;
	const char			*list_unsubscribe;	/* RFC 8058 one-click URL */
};
/*
 * Queues m inside the caller's transaction: DB_OK, or a db_rc (logged);
 * id (may be NULL) gets the message's. After the commit, call
 * api_mail_committed() so that the sender looks now.
 */
int	api_mail_queue(struct http_request *req, const struct api_mail *m, int64_t *id);
/* The same outside a request (the scheduler): base is the links' base URL. */
int	api_mail_queue_in(struct db *db, struct arena *a, const struct api_settings *s,
	    const char *base, const struct api_mail *m, int64_t *id);
void	api_mail_committed(void);
/*
 * A new address confirmation for u: a token and its message, inside the
 * caller's transaction (user creation, a changed address, a resend).
 */
int	api_verification_queue(struct http_request *req, const struct db_user *u);

/* --- meetings: what other resources need of one (meeting_common.c) --- */

struct cal_event;

/* The meetings the caller may see (staff and admins: all). */
struct db_meeting_scope	meeting_scope(struct http_request *req);
/* Admins, and staff of the host organization. */
bool	meeting_can_manage(struct http_request *req, const struct db_meeting *m);
/* A meeting in scope with its children and actions; -1 after replying 404/500. */
int	meeting_require(struct http_request *req, int64_t id, struct db_meeting *m);
json_t	*action_json(const struct db_action_item *it, const char *today);
/* The instants of an exdates column (space-separated UTC times), in a. */
size_t	 meeting_exdates(struct arena *a, const char *s, time_t **out);
/* The calendar entry's UID: "meeting-<id>-<installation>@<mail domain>". */
const char	*meeting_uid(struct http_request *req, int64_t id);
/* Video and hybrid meetings have a room; in-person ones do not. */
bool	 meeting_has_room(const struct db_meeting *m);
/*
 * m (with a start) as a calendar entry in locale: its UID and SEQUENCE,
 * the creator as ORGANIZER, those invited by address as ATTENDEEs, and
 * for a meeting with a room the join link (join, NULL: the room's page) in
 * LOCATION, DESCRIPTION and CONFERENCE.
 */
void	 meeting_event(struct http_request *req, const struct db_meeting *m, const char *locale,
	    const char *join, struct cal_event *e);
/* How often subscribed calendars look again, minutes (REFRESH-INTERVAL). */
#define FEED_REFRESH	60
/* Answers text/calendar with the meetings that have a start time. */
void	 reply_ics(struct http_request *req, const struct db_meeting *m, size_t n,
	    const char *name);

/* --- invitations (invitations.c) --- */

enum api_invite {
	API_INVITE_NEW,		/* a meeting was created: SEQUENCE 0 */
	API_INVITE_CHANGED,	/* it changed: the next SEQUENCE, to all invited */
	API_INVITE_WITHDRAW,	/* it is being deleted: CANCEL to all invited */
};
/*
 * Queues the invitations (iTIP) a meeting's creation, change or deletion
 * calls for, inside the caller's transaction: DB_OK or a db_rc.
 */
int	api_invitations_send(struct http_request *req, int64_t meeting_id, enum api_invite what);

/* --- scheduled mail (scheduler.c) and mail preferences (subscriptions.c) --- */

/*
 * The thread that queues reminders, action items due and digests every
 * interval seconds (0: none), with its own connection to db_path; links
 * start with base.
 */
int	api_scheduler_start(const char *db_path, const struct api_settings *s, const char *base,
	    long interval);
void	api_scheduler_stop(void);
/* One look at `now`: what is due is queued once (mail_keys). */
void	api_schedule_run(struct db *db, const struct api_settings *s, const char *base, time_t now);
/* "u<id>-<hex HMAC>": unsubscribes user id at email from digests, without signing in. */
const char *api_unsubscribe_token(struct db *db, struct arena *a, int64_t user_id,
	    const char *email);

/* --- passwords (libsodium argon2id) --- */

#define API_DEMO_PASSWORD	"demo-password"	/* the demo accounts', published in the README */
#define API_PASSWORD_MIN	10		/* characters */
#define API_PASSWORD_MAX	1024		/* bytes */

int	api_password_hash(const char *password, char out[128]);
bool	api_password_verify(const char *hash, const char *password);
/*
 * Why password may not be an account's: a validation code (too_short,
 * too_long, demo_password, too_common, contains_email) with its message in
 * *why, or NULL when it may. email: the account's; demo_ok: the server runs
 * as a demo (--demo), where the published demo password is allowed.
 */
const char	*api_password_refusal(const char *password, const char *email, bool demo_ok,
		    const char **why);

/*
 * --- handlers: one per route of the contract (contract/<resource>.json), declared from
 * the route table tools/contract.mjs makes of it (build/gen/routes.inc) ---
 */
#define API_ROUTE(method, pattern, handler, roles, max_body, cached)	\
	int handler(struct http_request *req);
#include "routes.inc"
#undef API_ROUTE

/* A partnership the caller may see; -1 after replying 404 (also for other cities' partners) or 500. */
int	api_partnership_require(struct http_request *req, int64_t id, struct db_partnership *p);
/* "roadmap_items" on each of a meeting's actions, as the caller may see them. */
int	api_roadmap_links_set(struct http_request *req, int64_t meeting_id, json_t *actions);

/* --- showcase: exhibitions, fairs and practices (showcase.c, practices.c) --- */

/* Cache-Control of a response whose address names its content for good. */
#define API_CACHE_FOREVER	"public, max-age=31536000, immutable"
/* Whether the caller may see the event (events.c), and which events it sees. */
bool	api_event_visible(struct http_request *req, const struct db_event *e);
struct db_event_scope	api_event_scope(struct http_request *req);
/* --- uploads (uploads.c): pictures re-encoded, files within the caller's quota --- */
/* The body as a picture (type, header pass, decoding, re-encoding); -1 after replying. */
int	api_image_from_body(struct http_request *req, struct image_processed *out);
/* 413 quota_exceeded unless the caller may store bytes more; -1 after replying. */
int	api_quota_check(struct http_request *req, int64_t bytes);
/* Stores data as name and records it as the caller's upload; -1 after replying. */
int	api_store_file(struct http_request *req, const char *name, const void *data, size_t len);
/* api_quota_check, then the picture (and its thumbnail) stored; -1 after replying. */
int	api_store_image(struct http_request *req, const struct image_processed *p,
	    bool with_thumb, struct image_stored *out);
/* Replies with the stored file `name` (files.c) as mime; 404 when absent. */
int	api_reply_stored(struct http_request *req, const char *name, const char *mime,
	    const char *cache_control);
/* why an event's status is stale ("date_passed", "unchanged"), or NULL (events.c) */
const char	*api_event_stale(const struct db_event *e, const char *today);

#endif
