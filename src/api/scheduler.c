/*
 * scheduler: the mail nobody asks for at the moment it goes: reminders 24
 * hours and 15 minutes before a meeting, the action items due tomorrow (one
 * message per person and day), and the daily or weekly digest of the
 * exchange. A thread of `serve` with its own database connection looks
 * every --schedule-interval seconds.
 *
 * Once, whatever happens: every message has a key (what, for whom, for
 * which meeting start or day), and the key is inserted in mail_keys in the
 * transaction that queues the message. Whoever inserts it first queues it:
 * a second tick, a restarted server, another node on the same database find
 * it taken and skip. After downtime the windows are judged from now: a
 * meeting that has started gets no reminder; one starting within 15
 * minutes gets only the 15-minute one; action items and digests go on the
 * first tick of their day.
 */
#include "api.h"

#include <errno.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../base/log.h"
#include "../base/text.h"
#include "../base/ticker.h"
#include "../cal/cal.h"
#include "../mail/mail.h"
#include "../mail/sender.h"

#define SOON		(15 * 60)	/* the short reminder: minutes before */
#define DAY		(24 * 3600)	/* the long one */
#define KEEP_KEYS_DAYS	60		/* keys older than the longest window are forgotten */
#define DIGEST_ITEMS	30		/* bulletins a digest lists at most */
#define MAX_USERS	500		/* invitees of one meeting a reminder goes to */

struct sched {
	struct db			*db;
	struct arena			*a;
	const struct api_settings	*s;
	const char			*base;
	time_t				 now;
	int				 queued;
};

/* Queues m for key unless the key was taken; counts what it queued. */
static int
queue_once(struct sched *x, const char *key, const struct api_mail *m)
{
	char	now[TEXT_TIME_LEN];
	int64_t	id;
	int	rc;

	text_time(x->now, now);
	if (db_begin(x->db) == -1)
		return DB_ERR;
	if ((rc = db_mail_key_claim(x->db, key, now)) == DB_OK &&
	    (rc = api_mail_queue_in(x->db, x->a, x->s, x->base, m, &id)) == DB_OK)
		rc = db_mail_key_set(x->db, key, id);
	if (rc != DB_OK || db_commit(x->db) == -1) {
		db_rollback(x->db);
		return rc == DB_CONFLICT ? DB_OK : DB_ERR;
	}
	x->queued++;
	return DB_OK;
}

/* An account that may be mailed: enabled, its address confirmed. */
static bool
reachable(const struct db_user *u)
{
	return !u->disabled && u->email_verified_at != NULL;
}

/* YYYY-MM-DD of t on the clock of tz. */
static const char *
local_date(struct arena *a, const char *tz, time_t t)
{
	struct cal_local	l;

	if (cal_tz_local(tz, t, &l) == -1)
		return NULL;
	return arena_printf(a, "%04d-%02d-%02d", l.year, l.month, l.day);
}

/* --- reminders --- */

static int
remind(struct sched *x, const struct db_meeting *m, time_t start, const struct db_user *u)
{
	bool			 soon = start - x->now <= SOON;
	struct db_mail_prefs	 p;
	bool			 en = strcmp(u->locale, "en") == 0;
	bool			 room = strcmp(m->format, "in_person") != 0;
	struct mail_var		 vars[5];
	struct api_mail		 mail = { .kind = "meeting_reminder", .to = u, .vars = vars,
				    .nvars = 5 };
	const char		*key;

	if (!reachable(u) || db_mail_prefs_get(x->db, x->a, u->id, &p) != DB_OK)
		return DB_OK;
	if (soon ? !p.remind_soon : !p.remind_day)
		return DB_OK;
	key = arena_printf(x->a, "remind:%s:%lld:%lld:%lld", soon ? "soon" : "day",
	    (long long)m->id, (long long)start, (long long)u->id);
	vars[0] = (struct mail_var){ "title", en ? m->title_en : m->title_ru };
	vars[1] = (struct mail_var){ "when", api_local_time_text(x->a, api_user_timezone(x->s, u),
	    start) };
	vars[2] = (struct mail_var){ "link", arena_printf(x->a, "%s/meetings/%lld", x->base,
	    (long long)m->id) };
	vars[3] = (struct mail_var){ "join", !room ? "" : arena_printf(x->a,
	    en ? "Join the video meeting: %s/meetings/%lld/room" :
	    "Подключиться к видеовстрече: %s/meetings/%lld/room", x->base, (long long)m->id) };
	vars[4] = (struct mail_var){ "lead", soon ? (en ? "in 15 minutes" : "через 15 минут") :
	    (en ? "within a day" : "в ближайшие сутки") };
	return queue_once(x, key, &mail);
}

/* The accounts a meeting's reminders go to: those invited, and its organizer. */
static int
reminded(struct sched *x, const struct db_meeting *m, int64_t **ids, size_t *n)
{
	int64_t	*v;
	int	 rc;

	if ((rc = db_invitation_users(x->db, x->a, m->id, &v, n)) != DB_OK)
		return rc;
	*ids = arena_alloc(x->a, (*n + 1) * sizeof(**ids));
	memcpy(*ids, v, *n * sizeof(**ids));
	if (m->created_by > 0) {
		bool	seen = false;

		for (size_t i = 0; i < *n; i++)
			seen |= (*ids)[i] == m->created_by;
		if (!seen)
			(*ids)[(*n)++] = m->created_by;
	}
	if (*n > MAX_USERS)
		*n = MAX_USERS;
	return DB_OK;
}

static int
reminders(struct sched *x)
{
	char			 from[TEXT_TIME_LEN], to[TEXT_TIME_LEN];
	struct db_meeting_filter f = { .from = from, .to = to, .limit = 2000 };
	struct db_meeting	*items;
	struct cal_budget	 b;
	size_t			 n;

	text_time(x->now - DAY, from);
	text_time(x->now + DAY + 1, to);
	if (db_meeting_list(x->db, x->a, &f, &items, &n) != DB_OK)
		return DB_ERR;
	cal_budget_init(&b, 200000, 2000);
	for (size_t i = 0; i < n; i++) {
		const struct db_meeting	*m = &items[i];
		time_t			 first, occ[8];
		size_t			 nocc = 0, nids;
		int64_t			*ids;

		if (m->starts_at == NULL || (strcmp(m->status, "scheduled") != 0 &&
		    strcmp(m->status, "live") != 0) || text_time_parse(m->starts_at, &first) == -1)
			continue;
		/* the starts still ahead within a day: one that began gets nothing */
		if (cal_expand(m->rrule, m->timezone, first, NULL, 0, x->now + 1, x->now + DAY + 1,
		    occ, 8, &nocc, &b) == -1 && cal_expand(NULL, m->timezone, first, NULL, 0,
		    x->now + 1, x->now + DAY + 1, occ, 8, &nocc, &b) == -1)
			continue;
		if (nocc == 0)
			continue;
		if (reminded(x, m, &ids, &nids) != DB_OK)
			return DB_ERR;
		for (size_t k = 0; k < nids; k++) {
			struct db_user	u;

			if (db_user_get(x->db, x->a, ids[k], &u) != DB_OK)
				continue;
			if (remind(x, m, occ[0], &u) != DB_OK)
				return DB_ERR;
		}
	}
	return DB_OK;
}

/* --- action items due tomorrow --- */

struct due {
	struct db_user	 u;
	const char	*tomorrow;
	struct buf	 list;
};

static int
actions(struct sched *x)
{
	struct db_meeting_scope	 all = { 0, 0 };
	struct db_action_item	*it;
	struct due		*due = NULL;
	size_t			 n, ndue = 0, cap = 0;
	int			 rc = DB_OK;

	if (db_action_list_open(x->db, x->a, &all, NULL, NULL, &it, &n) != DB_OK)
		return DB_ERR;
	for (size_t i = 0; i < n && rc == DB_OK; i++) {
		struct db_user	*users;
		size_t		 nu;

		if (it[i].due_date == NULL || it[i].owner_org_id <= 0 ||
		    db_user_list_notifiable(x->db, x->a, it[i].owner_org_id, 0, &users, &nu) != DB_OK)
			continue;
		for (size_t k = 0; k < nu; k++) {
			const char	*tomorrow = local_date(x->a, api_user_timezone(x->s, &users[k]),
					    x->now + DAY);
			bool		 en = strcmp(users[k].locale, "en") == 0;
			struct due	*d = NULL;

			if (tomorrow == NULL || strcmp(tomorrow, it[i].due_date) != 0)
				continue;
			for (size_t j = 0; j < ndue; j++)
				if (due[j].u.id == users[k].id)
					d = &due[j];
			if (d == NULL) {
				due = arena_grow(x->a, due, ndue, &cap, sizeof(*due));
				d = &due[ndue++];
				*d = (struct due){ users[k], tomorrow, BUF_INIT(256 * 1024) };
			}
			if (buf_printf(&d->list, "• %s (%s)\n", en ? it[i].text_en : it[i].text_ru,
			    en ? it[i].meeting_title_en : it[i].meeting_title_ru) == -1)
				log_warn("schedule: %s's action items are more than a message holds",
				    users[k].email);
		}
	}
	for (size_t j = 0; j < ndue; j++) {
		struct db_mail_prefs	p;
		struct mail_var		vars[3];
		struct api_mail		mail = { .kind = "actions_due", .to = &due[j].u,
					    .vars = vars, .nvars = 3 };

		if (rc == DB_OK && db_mail_prefs_get(x->db, x->a, due[j].u.id, &p) == DB_OK &&
		    p.actions_due) {
			vars[0] = (struct mail_var){ "items", arena_strndup(x->a, due[j].list.p,
			    due[j].list.len) };
			vars[1] = (struct mail_var){ "date", due[j].tomorrow };
			vars[2] = (struct mail_var){ "link", arena_printf(x->a, "%s/actions",
			    x->base) };
			rc = queue_once(x, arena_printf(x->a, "actions:%lld:%s",
			    (long long)due[j].u.id, due[j].tomorrow), &mail);
		}
		buf_release(&due[j].list);
	}
	return rc;
}

/* --- digests --- */

/* Whether a " A B " list holds word, or is empty (" ": all). */
static bool
wants(const char *list, const char *words)
{
	char	w[80];

	if (list == NULL || strcmp(list, " ") == 0 || list[0] == '\0')
		return true;
	for (const char *p = words; p != NULL && *p != '\0';) {
		size_t	len;

		while (*p == ' ')
			p++;
		len = strcspn(p, " ");
		if (len > 0 && len < sizeof(w) - 2) {
			snprintf(w, sizeof(w), " %.*s ", (int)len, p);
			if (strstr(list, w) != NULL)
				return true;
		}
		p += len;
	}
	return false;
}

const char *
api_unsubscribe_token(struct db *db, struct arena *a, int64_t user_id, const char *email)
{
	const char	*hex;
	unsigned char	 key[crypto_auth_KEYBYTES], mac[crypto_auth_BYTES];
	char		 out[2 * crypto_auth_BYTES + 1];
	const char	*msg = arena_printf(a, "digest-unsubscribe:%lld:%s", (long long)user_id, email);

	if (db_installation_secret(db, a, &hex) != DB_OK || hex == NULL ||
	    sodium_hex2bin(key, sizeof(key), hex, strlen(hex), NULL, NULL, NULL) != 0)
		return NULL;
	crypto_auth(mac, (const unsigned char *)msg, strlen(msg), key);
	sodium_memzero(key, sizeof(key));
	sodium_bin2hex(out, sizeof(out), mac, sizeof(mac));
	return arena_printf(a, "u%lld-%s", (long long)user_id, out);
}

static int
digest(struct sched *x, const struct db_mail_prefs *p, const struct db_bulletin *b, size_t nb)
{
	struct db_user	 u;
	bool		 weekly = strcmp(p->digest, "weekly") == 0, en;
	const char	*today, *since, *token, *key, *tz;
	char		 floor[TEXT_TIME_LEN];
	struct buf	 list = BUF_INIT(256 * 1024);
	struct mail_var	 vars[3];
	struct api_mail	 mail = { .kind = weekly ? "digest_weekly" : "digest_daily", .to = &u,
			    .vars = vars, .nvars = 3 };
	struct cal_local l;
	int		 rc, count = 0;

	if (db_user_get(x->db, x->a, p->user_id, &u) != DB_OK || !reachable(&u) ||
	    cal_tz_local((tz = api_user_timezone(x->s, &u)), x->now, &l) == -1)
		return DB_OK;
	en = strcmp(u.locale, "en") == 0;
	/* a day's digest, or the week's (its Monday) */
	today = local_date(x->a, tz, weekly ? x->now - ((l.wday + 6) % 7) * DAY :
	    x->now);
	key = arena_printf(x->a, "digest:%lld:%s", (long long)u.id, today);
	/* what was published since the last digest, a period at most */
	if ((rc = db_mail_key_last(x->db, x->a, arena_printf(x->a, "digest:%lld:",
	    (long long)u.id), &since)) != DB_OK)
		return rc;
	text_time(x->now - (weekly ? 7 : 1) * DAY, floor);
	if (since == NULL || strcmp(since, floor) < 0)
		since = floor;
	for (size_t i = 0; i < nb && count < DIGEST_ITEMS; i++) {
		bool	fc = strcmp(b[i].kind, "fact_check") == 0;

		if (b[i].published_at == NULL || strcmp(b[i].published_at, since) <= 0 ||
		    !wants(p->countries, b[i].countries) || !wants(p->topics, b[i].topics))
			continue;
		count++;
		if (buf_printf(&list, "• %s%s\n  %s/%s/%lld\n", fc ? (en ? "Fact check: " :
		    "Проверка фактов: ") : "", b[i].title, x->base, fc ? "fact-checks" : "news",
		    (long long)b[i].id) == -1)
			break;
	}
	if (count == 0 || (token = api_unsubscribe_token(x->db, x->a, u.id, u.email)) == NULL) {
		buf_release(&list);
		return DB_OK;
	}
	vars[0] = (struct mail_var){ "items", arena_strndup(x->a, list.p, list.len) };
	vars[1] = (struct mail_var){ "count", arena_printf(x->a, "%d", count) };
	vars[2] = (struct mail_var){ "unsubscribe", arena_printf(x->a,
	    "%s/unsubscribe#token=%s&lang=%s", x->base, token, en ? "en" : "ru") };
	mail.list_unsubscribe = arena_printf(x->a, "%s" API_PREFIX "/unsubscribe/%s", x->base,
	    token);
	buf_release(&list);
	return queue_once(x, key, &mail);
}

static int
digests(struct sched *x)
{
	struct db_bulletin_filter f = { .status = "published", .limit = 200 };
	struct db_mail_prefs	*p;
	struct db_bulletin	*b;
	size_t			 n, nb;
	int			 rc = DB_OK;

	if (db_mail_prefs_digests(x->db, x->a, &p, &n) != DB_OK)
		return DB_ERR;
	if (n == 0)
		return DB_OK;
	if (db_bulletin_list(x->db, x->a, &f, &b, &nb) != DB_OK)
		return DB_ERR;
	for (size_t i = 0; i < n && rc == DB_OK; i++)
		rc = digest(x, &p[i], b, nb);
	return rc;
}

/* --- the thread --- */

static long	schedule_tick(void *);

static struct {
	struct ticker			 t;
	struct db			*db;
	const struct api_settings	*s;
	const char			*base;
	long				 interval;
} bg = { .t = TICKER_INIT("the scheduler thread", schedule_tick, NULL) };

void
api_schedule_run(struct db *db, const struct api_settings *s, const char *base, time_t now)
{
	struct arena	a = ARENA_INIT;
	struct sched	x = { db, &a, s, base, now, 0 };
	char		before[TEXT_TIME_LEN];

	if (reminders(&x) != DB_OK)
		log_err("schedule: reminders stopped at a database error; the next tick goes on");
	if (actions(&x) != DB_OK)
		log_err("schedule: action items stopped at a database error");
	if (digests(&x) != DB_OK)
		log_err("schedule: digests stopped at a database error");
	text_time(now - KEEP_KEYS_DAYS * DAY, before);
	if (db_mail_keys_forget(db, before) != DB_OK)
		log_warn("schedule: cannot forget old keys");
	if (x.queued > 0) {
		log_info("schedule: %d messages queued", x.queued);
		mail_sender_wake();
	}
	arena_release(&a);
}

/* One round at the time it is; the next after --schedule-interval. */
static long
schedule_tick(void *arg)
{
	(void)arg;
	api_schedule_run(bg.db, bg.s, bg.base, time(NULL));
	return bg.interval;
}

int
api_scheduler_start(const char *db_path, const struct api_settings *s, const char *base,
    long interval)
{
	if (interval <= 0)
		return 0;
	if ((bg.db = db_open(db_path)) == NULL)
		return -1;
	bg.s = s;
	bg.base = base;
	bg.interval = interval;
	if (ticker_start(&bg.t, 0) == -1) {
		db_close(bg.db);
		return -1;
	}
	return 0;
}

void
api_scheduler_stop(void)
{
	if (ticker_stop(&bg.t))
		db_close(bg.db);
}
