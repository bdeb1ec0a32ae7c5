/*
 * invitations: meetings by mail as iTIP (RFC 5546). When a meeting with a
 * start is scheduled, each invitee gets METHOD:REQUEST in their language,
 * with the time on their clock in the text; a change sends the same UID
 * with the next SEQUENCE to everyone invited; those no longer invited, or
 * everyone when the meeting is cancelled or deleted, get METHOD:CANCEL.
 *
 * Invitees: a participant's address (an account's, or else a guest's, who
 * gets a guest link of their own with each invitation), the enabled
 * accounts with confirmed addresses of each participating organization,
 * and the partner accounts of the organizations of each participating city;
 * never the organizer (the meeting's creator). Drafts and meetings without
 * an exact start invite nobody. Everything is queued in the transaction
 * of the change, and listed for the meeting's managers.
 */
#include "api.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../base/log.h"
#include "../base/text.h"
#include "../cal/cal.h"
#include "../mail/mail.h"

#define MAX_INVITEES	200
#define GUEST_LINK_HOURS_AFTER	2	/* a guest's link lives this long after the end */

struct invitee {
	struct db_user	 u;	/* id 0: a guest, with email, name and locale */
	const char	*role;
	const char	*tz;	/* the clock the text tells the time by */
};

struct invitees {
	struct invitee	*v;
	size_t		 n;
};

/* A guest's language: Russian for the Russian-speaking countries, else English. */
static const char *
guest_locale(const struct db_participant *p)
{
	static const char *const ru[] = { "RU", "BY", "KZ", "KG", "TJ", "UZ", "AM", "AZ",
		"MD", NULL };
	const char	*cc = p->country_code ? p->country_code : p->city.country_code;

	return cc != NULL && api_in_list(ru, cc) ? "ru" : "en";
}

static bool
listed(const struct invitees *l, const char *email)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i].u.email, email) == 0)
			return true;
	return false;
}

static void
add(struct invitees *l, const struct db_meeting *m, const struct db_user *u, const char *role,
    const char *tz)
{
	if (l->n >= MAX_INVITEES || listed(l, u->email) ||
	    (m->creator_email != NULL && strcmp(m->creator_email, u->email) == 0))
		return;
	l->v[l->n++] = (struct invitee){ *u, role, tz != NULL ? tz : m->timezone };
}

/* A participant invited by address: the account that has it, or a guest. */
static int
add_address(struct http_request *req, struct invitees *l, const struct db_meeting *m,
    const struct db_participant *p)
{
	struct db_user	u;
	int		rc = db_user_get_by_email(api_db(req), &req->arena, p->email, &u);

	if (rc == DB_OK && !u.disabled && u.email_verified_at != NULL)
		add(l, m, &u, p->role, api_user_timezone(api_settings(req), &u));
	if (rc != DB_NOTFOUND)
		return rc == DB_ERR ? DB_ERR : DB_OK;
	memset(&u, 0, sizeof(u));
	u.email = p->email;
	u.locale = guest_locale(p);
	u.name = strcmp(u.locale, "ru") == 0 ? (p->name_ru ? p->name_ru : p->name_en) :
	    (p->name_en ? p->name_en : p->name_ru);
	if (u.name == NULL)
		u.name = p->email;
	add(l, m, &u, p->role, p->city.timezone);
	return DB_OK;
}

static int
collect(struct http_request *req, const struct db_meeting *m, struct invitees *l)
{
	l->v = arena_alloc(&req->arena, MAX_INVITEES * sizeof(*l->v));
	l->n = 0;
	for (size_t i = 0; i < m->nparticipants; i++) {
		const struct db_participant	*p = &m->participants[i];
		struct db_user			*users;
		size_t				 n;

		if (p->email != NULL) {
			if (add_address(req, l, m, p) != DB_OK)
				return DB_ERR;
			continue;
		}
		if (p->organization_id <= 0 && p->city_id <= 0)
			continue;
		if (db_user_list_notifiable(api_db(req), &req->arena, p->organization_id,
		    p->city_id, &users, &n) != DB_OK)
			return DB_ERR;
		for (size_t k = 0; k < n; k++)
			add(l, m, &users[k], p->role,
			    api_user_timezone(api_settings(req), &users[k]));
	}
	return DB_OK;
}

static const char *
now_text(struct arena *a)
{
	char	*s = arena_alloc(a, TEXT_TIME_LEN);

	text_time(time(NULL), s);
	return s;
}

/* A guest link for iv to m's room, the ones earlier invitations gave them revoked. */
static const char *
guest_link(struct http_request *req, const struct db_meeting *m, const struct invitee *iv,
    time_t start, int64_t *link)
{
	const char		*token = api_random_token(&req->arena);
	const char		*now = now_text(&req->arena);
	char			 until[TEXT_TIME_LEN];
	struct db_room_guest	 g = { .max_guests = 1, .name = iv->u.name, .expires_at = until };
	time_t			 end = start + m->duration * 60 + GUEST_LINK_HOURS_AFTER * 3600;

	/* a series: a year of its meetings */
	text_time(m->rrule != NULL ? time(NULL) + 366 * 86400 : end, until);
	if (db_invitation_revoke_links(api_db(req), m->id, iv->u.email, api_caller(req)->user.id,
	    now) != DB_OK || db_room_guest_insert(api_db(req), m->id, &g,
	    api_token_hash(&req->arena, token), api_caller(req)->user.id, now, link) != DB_OK)
		return NULL;
	return arena_printf(&req->arena, "%s/meetings/%lld/room?guest=%s", api_base_url(req),
	    (long long)m->id, token);
}

static const char *const kinds[] = {
	[CAL_REQUEST] = "meeting_request", [CAL_CANCEL] = "meeting_cancel",
};

/* Queues one invitation (or cancellation) to iv, and records it. */
static int
invite(struct http_request *req, const struct db_meeting *m, const struct invitee *iv,
    enum cal_method method, bool update, const struct cal_attendee *at, size_t nat)
{
	struct arena			*a = &req->arena;
	struct db_invitation		 rec = { .meeting_id = m->id, .email = iv->u.email,
					    .name = iv->u.name, .user_id = iv->u.id,
					    .method = method == CAL_CANCEL ? "CANCEL" : "REQUEST",
					    .sequence = m->ical_sequence };
	struct cal_calendar		 c = { NULL, method, 0 };
	struct cal_event		 e;
	struct db_mail_attachment	 ics;
	struct mail_var			 vars[5];
	struct api_mail			 mail = { .kind = kinds[method], .to = &iv->u,
					    .vars = vars, .nvars = 5, .attachments = &ics,
					    .nattachments = 1 };
	const char			*join = NULL, *page;
	bool				 en = strcmp(iv->u.locale, "en") == 0;
	time_t				 start;
	int				 rc;

	text_time_parse(m->starts_at, &start);
	page = arena_printf(a, "%s/meetings/%lld", api_base_url(req), (long long)m->id);
	if (meeting_has_room(m) && method == CAL_REQUEST && iv->u.id == 0) {
		if ((join = guest_link(req, m, iv, start, &rec.guest_link_id)) == NULL)
			return DB_ERR;
		page = join;
		mail.sensitive = true;	/* the link lets one in */
	}
	/* struck off or cancelled: a guest's link dies with the invitation */
	if (method == CAL_CANCEL && db_invitation_revoke_links(api_db(req), m->id, iv->u.email,
	    api_caller(req)->user.id, now_text(a)) != DB_OK)
		return DB_ERR;
	meeting_event(req, m, iv->u.locale, join, &e);
	e.attendees = at;
	e.nattendees = nat;
	if (method == CAL_CANCEL)
		e.status = "cancelled";
	ics.filename = NULL;
	ics.content_type = method == CAL_CANCEL ? "text/calendar; method=CANCEL; charset=UTF-8" :
	    "text/calendar; method=REQUEST; charset=UTF-8";
	if ((ics.content = cal_ics(a, &c, &e, 1)) == NULL)
		return DB_ERR;
	vars[0] = (struct mail_var){ "title", en ? m->title_en : m->title_ru };
	vars[1] = (struct mail_var){ "when", api_local_time_text(a, iv->tz, start) };
	vars[2] = (struct mail_var){ "link", page };
	vars[3] = (struct mail_var){ "join", e.conference_url == NULL ? "" : arena_printf(a,
	    en ? "Join the video meeting: %s" : "Подключиться к видеовстрече: %s",
	    e.conference_url) };
	vars[4] = (struct mail_var){ "changed", !update ? "" : en ?
	    "The meeting has changed; your calendar will update it. " :
	    "Встреча изменилась; ваш календарь обновит её. " };
	if ((rc = api_mail_queue(req, &mail, &rec.mail_id)) != DB_OK)
		return rc;
	rec.created_at = now_text(a);
	return db_invitation_insert(api_db(req), &rec);
}

/* Whether email's latest invitation to the meeting was a REQUEST. */
static bool
invited(const struct db_invitation *in, size_t n, const char *email)
{
	bool	yes = false;

	for (size_t i = 0; i < n; i++)
		if (strcmp(in[i].email, email) == 0)
			yes = strcmp(in[i].method, "REQUEST") == 0;
	return yes;
}

static bool
over(const struct db_meeting *m, time_t now)
{
	time_t	start;

	if (strcmp(m->status, "held") == 0)
		return true;
	return m->rrule == NULL && text_time_parse(m->starts_at, &start) == 0 &&
	    start + m->duration * 60 <= now;
}

int
api_invitations_send(struct http_request *req, int64_t id, enum api_invite what)
{
	struct db_meeting_scope	 all = { 0, 0 };
	struct db_meeting	 m;
	struct db_invitation	*prior;
	struct invitees		 now = { NULL, 0 }, gone = { NULL, 0 };
	struct cal_attendee	*at;
	size_t			 nprior;
	bool			 withdraw;
	int			 rc;

	if ((rc = db_meeting_get(api_db(req), &req->arena, id, &all, &m)) != DB_OK ||
	    (rc = db_invitation_list(api_db(req), &req->arena, id, &prior, &nprior)) != DB_OK)
		return rc;
	withdraw = what == API_INVITE_WITHDRAW || strcmp(m.status, "cancelled") == 0;
	if (m.starts_at == NULL || (!withdraw && (strcmp(m.status, "draft") == 0 ||
	    over(&m, time(NULL)))))
		return DB_OK;
	if (!withdraw && collect(req, &m, &now) != DB_OK)
		return DB_ERR;
	gone.v = arena_alloc(&req->arena, (nprior + 1) * sizeof(*gone.v));
	for (size_t i = 0; i < nprior; i++)
		if (invited(prior, nprior, prior[i].email) && !listed(&now, prior[i].email) &&
		    !listed(&gone, prior[i].email))
			gone.v[gone.n++] = (struct invitee){ { .id = prior[i].user_id,
			    .email = prior[i].email, .name = prior[i].name, .locale = "en" },
			    "participant", m.timezone };
	if (now.n == 0 && gone.n == 0)
		return DB_OK;
	for (size_t i = 0; i < gone.n; i++) {
		struct db_user	u;

		/* the account's language, when it still has one */
		if (gone.v[i].u.id > 0 && db_user_get(api_db(req), &req->arena, gone.v[i].u.id,
		    &u) == DB_OK)
			gone.v[i] = (struct invitee){ u, "participant",
			    api_user_timezone(api_settings(req), &u) };
	}
	if (what != API_INVITE_NEW && (rc = db_meeting_sequence_next(api_db(req), id,
	    &m.ical_sequence)) != DB_OK)
		return rc;
	at = arena_alloc(&req->arena, (now.n + 1) * sizeof(*at));
	for (size_t i = 0; i < now.n; i++)
		at[i] = (struct cal_attendee){ now.v[i].u.name, now.v[i].u.email, now.v[i].role,
		    NULL };
	for (size_t i = 0; i < now.n; i++)
		if ((rc = invite(req, &m, &now.v[i], CAL_REQUEST, what != API_INVITE_NEW, at,
		    now.n)) != DB_OK)
			return rc;
	for (size_t i = 0; i < gone.n; i++) {
		struct cal_attendee	one = { gone.v[i].u.name, gone.v[i].u.email,
					    gone.v[i].role, NULL };

		if ((rc = invite(req, &m, &gone.v[i], CAL_CANCEL, true, &one, 1)) != DB_OK)
			return rc;
	}
	log_info("request %s: meeting %lld: %zu invitations, %zu cancellations queued "
	    "(SEQUENCE %lld)", req->id, (long long)id, now.n, gone.n, (long long)m.ical_sequence);
	return DB_OK;
}

/* --- the list on the meeting page --- */

static const char *
invitation_status(const struct db_invitation *in, const char *now)
{
	if (in->status == NULL)
		return in->mail_id > 0 ? "queued" : "sent";	/* pruned after being sent */
	if (strcmp(in->status, "queued") == 0)
		return in->lease_until != NULL && strcmp(in->lease_until, now) > 0 ? "sending" :
		    "queued";
	return in->status;	/* sent, failed, discarded */
}

static json_t *
invitation_json(const struct db_invitation *in, const char *now)
{
	json_t	*o = json_pack("{s:I, s:b, s:s, s:s, s:o, s:o}", "id", (json_int_t)in->id,
	    "guest", in->user_id == 0 && in->guest_link_id > 0,
	    "status", invitation_status(in, now), "queued_at", in->created_at,
	    "sent_at", api_str_or_null(in->sent_at), "error", api_str_or_null(in->last_error));

	api_invitation_columns_json(o, in);
	return o;
}

/* GET /meetings/{id}/invitations: for the meeting's managers. */
int
api_meeting_invitations(struct http_request *req)
{
	struct db_meeting	 m;
	struct db_invitation	*in;
	size_t			 n;
	int64_t			 id;
	char			 now[TEXT_TIME_LEN];
	json_t			*list;

	if (api_require_id(req, 0, &id) == -1 || meeting_require(req, id, &m) == -1)
		return -1;
	if (!meeting_can_manage(req, &m)) {
		api_problem(req, 403, "forbidden", "only the host organization sees the invitations");
		return -1;
	}
	if (db_invitation_list(api_db(req), &req->arena, id, &in, &n) != DB_OK) {
		api_reply_db_error(req, "listing invitations");
		return -1;
	}
	text_time(time(NULL), now);
	list = json_array();
	for (size_t i = n; i-- > 0;)
		json_array_append_new(list, invitation_json(&in[i], now));
	api_reply_json(req, 200, json_pack("{s:o, s:s, s:I}", "items", list,
	    "uid", meeting_uid(req, id), "sequence", (json_int_t)m.ical_sequence));
	return 0;
}
