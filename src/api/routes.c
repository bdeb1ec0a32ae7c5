/*
 * routes: the route table — every route says who may call it — and the
 * dispatch that runs before each handler: resolve the caller from the session
 * cookie, refuse the roles the route does not allow (401 anonymous, 403
 * otherwise), and refuse unsafe requests that fail the CSRF checks.
 */
#include "api.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "../base/metrics.h"
#include "../base/text.h"
#include "../base/vcard.h"

/* A route taking the server's default body ceiling; uploads name their own. */
#define ROUTE(method, pattern, handler, roles)	{ method, pattern, handler, roles, 0, false }
/* A read whose reply depends only on the caller, the request and the data (cache.c). */
#define CACHED(pattern, handler, roles)	{ HTTP_GET, pattern, handler, roles, 0, true }
/* A route whose body may be larger than the server's max_body (files, imports). */
#define UPLOAD(method, pattern, handler, roles, max)	\
	{ method, pattern, handler, roles, max, false }

/* The registry: staff and admins write it; partner-role users read their city's part. */
#define WRITERS		(ROLE_STAFF | ROLE_ADMIN)
#define READERS		(ROLE_PARTNER | ROLE_STAFF | ROLE_ADMIN)
#define AGREEMENT_FILE_MAX	(10u << 20)	/* a scanned agreement: 10 MiB */
/* who writes bulletins and aid posts, and who moderates */
#define AUTHORS		(ROLE_CORRESPONDENT | ROLE_STAFF | ROLE_ADMIN)
#define MODERATORS	(ROLE_STAFF | ROLE_ADMIN)

const struct http_route api_routes[] = {
	CACHED("/health", api_health, ROLES_ANY),	/* liveness: the process answers */
	ROUTE(HTTP_GET, "/ready", api_ready, ROLES_ANY),	/* readiness: database, media server */
	ROUTE(HTTP_GET, "/openapi.json", api_openapi, ROLES_ANY),
	ROUTE(HTTP_POST, "/session", api_session_create, ROLES_ANY),
	ROUTE(HTTP_DELETE, "/session", api_session_delete, ROLES_SIGNED_IN),
	ROUTE(HTTP_GET, "/me", api_me_get, ROLES_SIGNED_IN),
	ROUTE(HTTP_PATCH, "/me", api_me_patch, ROLES_SIGNED_IN),
	ROUTE(HTTP_PUT, "/me/password", api_me_password, ROLES_SIGNED_IN),
	/* mail: reset and confirmation links work signed out; the outbox is the admins' */
	ROUTE(HTTP_POST, "/password-reset", api_password_reset_request, ROLES_ANY),
	ROUTE(HTTP_POST, "/password-reset/confirm", api_password_reset_confirm, ROLES_ANY),
	ROUTE(HTTP_POST, "/email-verification", api_email_verify, ROLES_ANY),
	ROUTE(HTTP_POST, "/me/email-verification", api_me_verification, ROLES_SIGNED_IN),
	ROUTE(HTTP_GET, "/mail/outbox", api_outbox_list, ROLE_ADMIN),
	ROUTE(HTTP_POST, "/mail/outbox/{id}/retry", api_outbox_retry, ROLE_ADMIN),
	ROUTE(HTTP_POST, "/mail/outbox/{id}/discard", api_outbox_discard, ROLE_ADMIN),
	CACHED("/dashboard", api_dashboard, ROLES_SIGNED_IN),	/* by day: kept 60 s at most */
	CACHED("/countries", api_countries_list, ROLES_ANY),
	CACHED("/timezones", api_timezones_list, ROLES_ANY),
	CACHED("/cities", api_cities_list, ROLES_ANY),
	ROUTE(HTTP_GET, "/cities/{id}", api_city_get, ROLES_ANY),
	ROUTE(HTTP_GET, "/organizations", api_orgs_list, ROLES_SIGNED_IN),
	ROUTE(HTTP_POST, "/organizations", api_org_create, WRITERS),
	ROUTE(HTTP_GET, "/organizations/{id}", api_org_get, ROLES_SIGNED_IN),
	ROUTE(HTTP_PATCH, "/organizations/{id}", api_org_patch, WRITERS),
	ROUTE(HTTP_DELETE, "/organizations/{id}", api_org_delete, ROLE_ADMIN),
	ROUTE(HTTP_GET, "/users", api_users_list, ROLE_ADMIN),
	ROUTE(HTTP_POST, "/users", api_user_create, ROLE_ADMIN),
	ROUTE(HTTP_GET, "/users/{id}", api_user_get, ROLE_ADMIN),
	ROUTE(HTTP_PATCH, "/users/{id}", api_user_patch, ROLE_ADMIN),
	ROUTE(HTTP_DELETE, "/users/{id}", api_user_delete, ROLE_ADMIN),
	ROUTE(HTTP_POST, "/users/{id}/email-verification", api_user_verification, ROLE_ADMIN),
	ROUTE(HTTP_GET, "/staff-users", api_staff_users_list, WRITERS),
	ROUTE(HTTP_GET, "/cities/{id}/working-hours", api_city_hours_get, ROLES_SIGNED_IN),
	ROUTE(HTTP_PUT, "/cities/{id}/working-hours", api_city_hours_put, ROLE_STAFF | ROLE_ADMIN),
	CACHED("/meetings", api_meetings_list, ROLES_SIGNED_IN),	/* a range from now: 60 s at most */
	ROUTE(HTTP_POST, "/meetings", api_meeting_create, ROLE_STAFF | ROLE_ADMIN),
	ROUTE(HTTP_POST, "/meetings/slots", api_meeting_slots, ROLES_SIGNED_IN),
	ROUTE(HTTP_GET, "/meetings/{id}.ics", api_meeting_ics, ROLES_SIGNED_IN),
	ROUTE(HTTP_GET, "/meetings/{id}", api_meeting_get, ROLES_SIGNED_IN),
	ROUTE(HTTP_PATCH, "/meetings/{id}", api_meeting_patch, ROLE_STAFF | ROLE_ADMIN),
	ROUTE(HTTP_DELETE, "/meetings/{id}", api_meeting_delete, ROLE_STAFF | ROLE_ADMIN),
	ROUTE(HTTP_POST, "/meetings/{id}/actions", api_action_create, ROLE_STAFF | ROLE_ADMIN),
	ROUTE(HTTP_POST, "/meetings/{id}/guest-links", api_room_guest_link_create,
	    ROLE_STAFF | ROLE_ADMIN),
	ROUTE(HTTP_GET, "/meetings/{id}/guest-links", api_room_guest_links_list,
	    ROLE_STAFF | ROLE_ADMIN),
	ROUTE(HTTP_DELETE, "/meetings/{id}/guest-links/{link_id}", api_room_guest_link_delete,
	    ROLE_STAFF | ROLE_ADMIN),
	ROUTE(HTTP_GET, "/meetings/{id}/attendance", api_room_attendance, ROLES_SIGNED_IN),
	ROUTE(HTTP_GET, "/meetings/{id}/recordings", api_recordings_list, ROLES_SIGNED_IN),
	ROUTE(HTTP_GET, "/recordings/{id}/files/{file_id}", api_recording_file_get,
	    ROLES_SIGNED_IN),
	ROUTE(HTTP_DELETE, "/recordings/{id}", api_recording_delete, ROLE_STAFF | ROLE_ADMIN),
	ROUTE(HTTP_GET, "/meetings/{id}/invitations", api_meeting_invitations,
	    ROLE_STAFF | ROLE_ADMIN),
	CACHED("/actions", api_actions_list, ROLES_SIGNED_IN),	/* overdue by day: 60 s at most */
	ROUTE(HTTP_PATCH, "/actions/{id}", api_action_patch,
	    ROLE_STAFF | ROLE_ADMIN | ROLE_PARTNER),
	ROUTE(HTTP_GET, "/me/calendar-feed", api_feed_get, ROLES_SIGNED_IN),
	ROUTE(HTTP_POST, "/me/calendar-feed", api_feed_create, ROLES_SIGNED_IN),
	ROUTE(HTTP_DELETE, "/me/calendar-feed", api_feed_delete, ROLES_SIGNED_IN),
	ROUTE(HTTP_GET, "/calendar/{token}.ics", api_feed_ics, ROLES_ANY),
	ROUTE(HTTP_GET, "/me/mail-preferences", api_mail_prefs_get, ROLES_SIGNED_IN),
	ROUTE(HTTP_PUT, "/me/mail-preferences", api_mail_prefs_put, ROLES_SIGNED_IN),
	ROUTE(HTTP_POST, "/unsubscribe/{token}", api_unsubscribe, ROLES_ANY),
	ROUTE(HTTP_GET, "/people", api_people_list, READERS),
	ROUTE(HTTP_POST, "/people", api_person_create, WRITERS),
	ROUTE(HTTP_GET, "/people/{id}", api_person_get, READERS),
	ROUTE(HTTP_PATCH, "/people/{id}", api_person_patch, WRITERS),
	ROUTE(HTTP_DELETE, "/people/{id}", api_person_delete, WRITERS),
	/* people as contacts: the record follows the people and meetings the caller sees */
	ROUTE(HTTP_GET, "/people/{id}/record", api_person_record, READERS),
	ROUTE(HTTP_POST, "/people/{id}/merge", api_person_merge, WRITERS),
	ROUTE(HTTP_GET, "/people.vcf", api_people_vcf_get, WRITERS),
	UPLOAD(HTTP_POST, "/people.vcf", api_people_vcf_post, WRITERS, VCARD_MAX_BYTES),
	CACHED("/partner-cities", api_partner_cities, ROLES_ANY),
	CACHED("/partnerships", api_partnerships_list, READERS),
	ROUTE(HTTP_POST, "/partnerships", api_partnership_create, WRITERS),
	ROUTE(HTTP_GET, "/partnerships.csv", api_partnerships_csv_get, WRITERS),
	UPLOAD(HTTP_POST, "/partnerships.csv", api_partnerships_csv_post, WRITERS, API_IMPORT_MAX_BODY),
	ROUTE(HTTP_GET, "/partnerships/summary", api_partnerships_summary, READERS),
	ROUTE(HTTP_GET, "/partnerships/{id}", api_partnership_get, READERS),
	ROUTE(HTTP_GET, "/partnerships/{id}/meetings", api_partnership_meetings, READERS),
	ROUTE(HTTP_PATCH, "/partnerships/{id}", api_partnership_patch, WRITERS),
	ROUTE(HTTP_DELETE, "/partnerships/{id}", api_partnership_delete, WRITERS),
	ROUTE(HTTP_GET, "/network", api_network, WRITERS),
	ROUTE(HTTP_GET, "/agreements", api_agreements_list, READERS),
	ROUTE(HTTP_POST, "/agreements", api_agreement_create, WRITERS),
	ROUTE(HTTP_GET, "/agreements/{id}", api_agreement_get, READERS),
	ROUTE(HTTP_PATCH, "/agreements/{id}", api_agreement_patch, WRITERS),
	ROUTE(HTTP_DELETE, "/agreements/{id}", api_agreement_delete, WRITERS),
	ROUTE(HTTP_GET, "/agreements/{id}/roadmap", api_roadmap_get, READERS),
	ROUTE(HTTP_GET, "/agreements/{id}/roadmap.csv", api_roadmap_csv, READERS),
	ROUTE(HTTP_POST, "/agreements/{id}/roadmap", api_roadmap_item_create, WRITERS),
	/* the decisions of the roadmap's meetings, to link to its items */
	ROUTE(HTTP_GET, "/agreements/{id}/roadmap/decisions", api_roadmap_decisions, WRITERS),
	CACHED("/roadmap-items", api_roadmap_items_list, READERS),
	ROUTE(HTTP_GET, "/roadmap-items/{id}", api_roadmap_item_get, READERS),
	/* a partner moves its own side's items only (checked in the handler) */
	ROUTE(HTTP_PATCH, "/roadmap-items/{id}", api_roadmap_item_patch, READERS),
	ROUTE(HTTP_POST, "/roadmap-items/{id}/notes", api_roadmap_note_create, READERS),
	ROUTE(HTTP_POST, "/roadmap-items/{id}/actions", api_roadmap_link_action, WRITERS),
	ROUTE(HTTP_DELETE, "/roadmap-items/{id}/actions/{action_id}", api_roadmap_unlink_action,
	    WRITERS),
	ROUTE(HTTP_GET, "/trade", api_trade_list, READERS),
	/* the public event calendar: anonymous callers see published events */
	CACHED("/events", api_events_list, ROLES_ANY),	/* stale by day: 60 s at most */
	ROUTE(HTTP_GET, "/events.ics", api_events_ics, ROLES_ANY),
	ROUTE(HTTP_POST, "/events", api_event_create, WRITERS),
	ROUTE(HTTP_GET, "/events/{id}", api_event_get, ROLES_ANY),
	ROUTE(HTTP_PATCH, "/events/{id}", api_event_patch, WRITERS),
	ROUTE(HTTP_GET, "/trade.csv", api_trade_csv_get, READERS),
	UPLOAD(HTTP_POST, "/trade.csv", api_trade_csv_post, WRITERS, API_IMPORT_MAX_BODY),
	UPLOAD(HTTP_PUT, "/agreements/{id}/file", api_agreement_file_put, WRITERS, AGREEMENT_FILE_MAX),
	ROUTE(HTTP_GET, "/agreements/{id}/file", api_agreement_file_get, READERS),
	CACHED("/bulletins", api_bulletins_list, ROLES_ANY),
	ROUTE(HTTP_POST, "/bulletins", api_bulletin_create, AUTHORS),
	ROUTE(HTTP_GET, "/bulletins/{id}", api_bulletin_get, ROLES_ANY),
	ROUTE(HTTP_PATCH, "/bulletins/{id}", api_bulletin_patch, AUTHORS),
	ROUTE(HTTP_POST, "/bulletins/{id}/submit", api_bulletin_submit, AUTHORS),
	ROUTE(HTTP_POST, "/bulletins/{id}/publish", api_bulletin_publish, MODERATORS),
	ROUTE(HTTP_POST, "/bulletins/{id}/return", api_bulletin_return, MODERATORS),
	ROUTE(HTTP_GET, "/bulletins/{id}/revisions", api_bulletin_revisions, AUTHORS),
	ROUTE(HTTP_POST, "/markdown/preview", api_markdown_preview, AUTHORS),
	ROUTE(HTTP_GET, "/exchange/activity", api_exchange_activity, ROLES_ANY),
	ROUTE(HTTP_GET, "/aid", api_aid_list, ROLES_SIGNED_IN),
	ROUTE(HTTP_POST, "/aid", api_aid_create, AUTHORS),
	ROUTE(HTTP_GET, "/aid/{id}", api_aid_get, ROLES_SIGNED_IN),
	ROUTE(HTTP_PATCH, "/aid/{id}", api_aid_patch, AUTHORS),
	ROUTE(HTTP_POST, "/aid/{id}/answers", api_aid_answer, AUTHORS),
	ROUTE(HTTP_GET, "/search", api_search, ROLES_ANY),
	UPLOAD(HTTP_POST, "/files", api_file_upload, AUTHORS, API_MAX_IMAGE),
	ROUTE(HTTP_GET, "/files/{name}", api_file_get, ROLES_ANY),
	ROUTE(HTTP_GET, "/feeds/bulletins.atom", api_feed_bulletins, ROLES_ANY),
	ROUTE(HTTP_GET, "/feeds/fact-checks.atom", api_feed_fact_checks, ROLES_ANY),
	/* aid shipments and delegations of specialists: staff of the city write (in the handler) */
	ROUTE(HTTP_GET, "/shipments", api_shipments_list, READERS),
	ROUTE(HTTP_POST, "/shipments", api_shipment_create, WRITERS),
	ROUTE(HTTP_GET, "/shipments/totals", api_shipments_totals, READERS),
	ROUTE(HTTP_GET, "/shipments/{id}", api_shipment_get, READERS),
	ROUTE(HTTP_PATCH, "/shipments/{id}", api_shipment_patch, WRITERS),
	ROUTE(HTTP_POST, "/shipments/{id}/distributions", api_shipment_distribute, WRITERS),
	ROUTE(HTTP_DELETE, "/shipments/{id}/distributions/{distribution_id}", api_distribution_delete, WRITERS),
	CACHED("/delegations", api_delegations_list, READERS),
	ROUTE(HTTP_POST, "/delegations", api_delegation_create, WRITERS),
	ROUTE(HTTP_GET, "/delegations/{id}", api_delegation_get, READERS),
	ROUTE(HTTP_PATCH, "/delegations/{id}", api_delegation_patch, WRITERS),
	/* showcase (issue 7): an event's exhibition and fair; the handlers let partners of the
	 * event's cities write, and the practices' owning city manage */
	ROUTE(HTTP_GET, "/events/{id}/photos", api_photos_list, ROLES_ANY),
	UPLOAD(HTTP_POST, "/events/{id}/photos", api_photo_upload, READERS, API_MAX_IMAGE),
	ROUTE(HTTP_PATCH, "/event-photos/{id}", api_photo_patch, READERS),
	ROUTE(HTTP_DELETE, "/event-photos/{id}", api_photo_delete, READERS),
	ROUTE(HTTP_GET, "/event-photos/{id}/image", api_photo_image, ROLES_ANY),
	ROUTE(HTTP_GET, "/event-photos/{id}/thumb", api_photo_thumb, ROLES_ANY),
	ROUTE(HTTP_GET, "/events/{id}/fair", api_fair_get, ROLES_ANY),
	ROUTE(HTTP_POST, "/events/{id}/exhibitors", api_exhibitor_create, READERS),
	ROUTE(HTTP_PATCH, "/fair-exhibitors/{id}", api_exhibitor_patch, READERS),
	ROUTE(HTTP_DELETE, "/fair-exhibitors/{id}", api_exhibitor_delete, READERS),
	ROUTE(HTTP_POST, "/fair-exhibitors/{id}/products", api_product_create, READERS),
	ROUTE(HTTP_PATCH, "/fair-products/{id}", api_product_patch, READERS),
	ROUTE(HTTP_DELETE, "/fair-products/{id}", api_product_delete, READERS),
	UPLOAD(HTTP_PUT, "/fair-products/{id}/picture", api_product_picture_put, READERS, API_MAX_IMAGE),
	ROUTE(HTTP_GET, "/fair-products/{id}/picture", api_product_picture_get, ROLES_ANY),
	ROUTE(HTTP_GET, "/fair-products/{id}/thumb", api_product_thumb_get, ROLES_ANY),
	ROUTE(HTTP_GET, "/practices", api_practices_list, ROLES_ANY),
	ROUTE(HTTP_POST, "/practices", api_practice_create, WRITERS),
	ROUTE(HTTP_GET, "/practices/{id}", api_practice_get, ROLES_ANY),
	ROUTE(HTTP_PATCH, "/practices/{id}", api_practice_patch, WRITERS),
	ROUTE(HTTP_POST, "/practices/{id}/interests", api_interest_create, READERS),
	ROUTE(HTTP_PATCH, "/practice-interests/{id}", api_interest_patch, WRITERS),
	/* the dashboard per role (issue 15): scoped to the caller's city in the handler */
	CACHED("/dashboard/work", api_dashboard_work, ROLES_SIGNED_IN),	/* by day: 60 s at most */
	/* what the sources state (issue 15): as far as the meeting, event, practice is visible */
	ROUTE(HTTP_GET, "/meetings/{id}/quotes", api_meeting_quotes, ROLES_SIGNED_IN),
	ROUTE(HTTP_GET, "/events/{id}/quotes", api_event_quotes, ROLES_ANY),
	ROUTE(HTTP_GET, "/cities/{id}/figures", api_city_figures, ROLES_ANY),
	ROUTE(HTTP_GET, "/practices/{id}/regions", api_practice_regions, ROLES_ANY),
	CACHED("/city-regions", api_city_regions, ROLES_ANY),
	/* inputs a person can use (issue 15): a trade value by a form, as a CSV line */
	ROUTE(HTTP_PUT, "/trade/points", api_trade_point_put, WRITERS),
};
const size_t api_nroutes = sizeof(api_routes) / sizeof(api_routes[0]);

json_t *
api_roles_json(unsigned bits)
{
	static const struct {
		unsigned	 bit;
		const char	*name;
	} names[] = {
		{ ROLE_CORRESPONDENT, "correspondent" }, { ROLE_PARTNER, "partner" },
		{ ROLE_STAFF, "staff" }, { ROLE_ADMIN, "admin" },
	};
	json_t	*r = json_array();

	if (bits == ROLES_ANY)
		json_array_append_new(r, json_string("public"));
	else if (bits == ROLES_SIGNED_IN)
		json_array_append_new(r, json_string("signed-in"));
	else
		for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
			if (bits & names[i].bit)
				json_array_append_new(r, json_string(names[i].name));
	return r;
}

json_t *
api_routes_json(void)
{
	json_t	*list = json_array();
	char	 path[256];

	for (size_t i = 0; i < api_nroutes; i++) {
		json_t	*r;

		snprintf(path, sizeof(path), API_PREFIX "%s", api_routes[i].pattern);
		r = json_pack("{s:s, s:s, s:o}", "method", http_method_name(api_routes[i].method),
		    "path", path, "roles", api_roles_json(api_routes[i].roles));
		/* an upload's own ceiling: a reverse proxy in front must let it through */
		if (r != NULL && api_routes[i].max_body != 0)
			json_object_set_new(r, "max_body", json_integer((json_int_t)api_routes[i].max_body));
		json_array_append_new(list, r);
	}
	return list;
}

static bool
unsafe(const struct http_request *req)
{
	return req->method & (HTTP_POST | HTTP_PUT | HTTP_PATCH | HTTP_DELETE);
}

/* "https://host:port" of a public URL: without its path. */
static bool
public_origin(const char *origin, const char *public_url)
{
	const char	*host = public_url ? strstr(public_url, "://") : NULL;
	size_t		 n;

	if (host == NULL)
		return false;
	n = (size_t)(host + 3 - public_url) + strcspn(host + 3, "/");
	return strlen(origin) == n && strncmp(origin, public_url, n) == 0;
}

bool
api_same_origin(const char *origin, const char *host, const char *public_url)
{
	const char	*o = origin;

	if (o == NULL || public_origin(origin, public_url))
		return true;
	if (text_has_prefix(o, "http://"))
		o += 7;
	else if (text_has_prefix(o, "https://"))
		o += 8;
	else
		return false;
	return host != NULL && strcmp(o, host) == 0;
}

static bool
csrf_ok(const struct http_request *req, const struct api_caller *c)
{
	size_t	n;

	if (!api_same_origin(req->origin, req->host, api_settings(req)->public_url))
		return false;
	if (c->role == ROLE_PUBLIC)
		return true;	/* no cookie, nothing to ride on */
	n = strlen(c->session.csrf_token);
	return req->csrf_token != NULL && strlen(req->csrf_token) == n &&
	    sodium_memcmp(req->csrf_token, c->session.csrf_token, n) == 0;
}

/*
 * The handler, or the reply it made before for the same caller and data.
 * seen: db_writes_seen() before dispatch, whose reads (the session) are noted
 * with the handler's.
 */
static int
handle(struct http_request *req, uint64_t seen)
{
	struct api_caller *c;
	struct db_reads	 reads;
	const char	*key;
	size_t		 first = req->nreply_headers;
	bool		 signed_in;
	int		 rc;

	if (!req->route->cached)
		return req->route->handler(req);
	c = api_caller(req);
	signed_in = c->role != ROLE_PUBLIC;
	key = api_cache_key(req, signed_in ? c->token_hash : NULL);
	if (api_cache_serve(req, key)) {
		db_reads_end(api_db(req), NULL);
		metrics_count(METRIC_KEPT_HITS);
		return 0;
	}
	if (key != NULL)
		metrics_count(METRIC_KEPT_MISSES);
	rc = req->route->handler(req);
	db_reads_end(api_db(req), &reads);
	api_cache_keep(req, seen, &reads, key, first, signed_in ? c->session.expires_at : NULL);
	http_header(req, "X-Cache", "miss");
	return rc;
}

/*
 * On the service thread: the kept reply of a cached route for this session
 * (or for anonymous callers), without looking the session up: the reply was
 * kept for it after dispatch had admitted it, and any change to the session,
 * its user or its role is a write to a table it read, which ends it.
 * Anything else (a miss, a refusal to explain, an unsafe method) goes to a
 * worker and api_dispatch.
 */
bool
api_answer_now(struct http_request *req)
{
	const char	*key;

	if (!req->route->cached || req->method != HTTP_GET)
		return false;
	key = api_cache_key(req, api_cookie_token_hash(&req->arena, req->cookie));
	if (key == NULL)
		return false;
	(void)db_writes_seen(api_db(req));	/* other processes' writes */
	if (!api_cache_serve(req, key))
		return false;	/* a miss is counted by the worker's dispatch, once */
	metrics_count(METRIC_KEPT_HITS);
	return true;
}

/* Resolves the caller and refuses what it may not do; -1 after answering. */
static int
admit(struct http_request *req, struct api_caller *c)
{
	if (api_session_resolve(req, c) == -1) {
		api_reply_db_error(req, "resolving the session");
		return -1;
	}
	if (!(req->route->roles & c->role)) {
		if (c->role == ROLE_PUBLIC)
			api_problem(req, 401, "unauthenticated", "sign in first");
		else
			api_problem(req, 403, "forbidden", "your role may not do this");
		return -1;
	}
	if (unsafe(req) && !csrf_ok(req, c)) {
		api_problem(req, 403, "csrf_failed",
		    "missing or wrong X-CSRF-Token, or a cross-site request");
		return -1;
	}
	return 0;
}

int
api_dispatch(struct http_request *req)
{
	struct api_caller	*c = arena_alloc(&req->arena, sizeof(*c));
	uint64_t		 seen = 0;

	req->app = c;
	if (req->route->cached) {	/* what the reply is made from, the caller included */
		seen = db_writes_seen(api_db(req));
		db_reads_begin(api_db(req));
	}
	if (admit(req, c) == -1) {
		if (req->route->cached)
			db_reads_end(api_db(req), NULL);
		return -1;
	}
	return handle(req, seen);
}
