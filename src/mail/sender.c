/*
 * sender: the server's thread that empties the outbox, with its own
 * database connection. It claims one due message at a time (a lease of
 * --smtp-timeout plus LEASE_MARGIN seconds, so another process or node does
 * not take it meanwhile), sends it, and records the outcome at once: sent
 * right after the server's 250; a refusal for good (5xx) fails it; anything
 * else puts it off by --mail-retry seconds, doubled per attempt up to
 * --mail-retry-max. A message not sent within --mail-give-up of being
 * queued, or whose link expired, fails unsent.
 *
 * Crashes: a message claimed by a process that died is claimed again when
 * the lease runs out, and sent then, since the server never answered its
 * data with 250 as far as the database knows. The one window in which a
 * message can go twice is between the server's 250 and the commit of
 * "sent" (a crash there, or the database refusing that commit): it is
 * sent again with the same Message-ID.
 *
 * Handlers wake the thread after committing a message (mail_sender_wake);
 * otherwise it looks every POLL_SECONDS, for messages queued by another
 * process, and when the next back-off ends.
 */
#include "sender.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../base/log.h"
#include "../base/text.h"
#include "../base/ticker.h"
#include "mail.h"

#define POLL_SECONDS	10
#define LEASE_MARGIN	10	/* seconds a lease outlasts the delivery's time limit */
#define KEEP_DAYS	90	/* sent and discarded messages are forgotten after */
#define PRUNE_EVERY	3600	/* seconds */
#define MARK_TRIES	30	/* attempts at recording an outcome, a second apart */

static long	sender_tick(void *);

static struct {
	struct ticker		 t;
	time_t			 stop_deadline;	/* a delivery in flight is cut off then (set before t.stop) */
	struct mail_sender_config c;
	struct db		*db;
	struct mail_smtp	*smtp;
	char			 owner[128];
	time_t			 pruned;
} bg = { .t = TICKER_INIT("the mail sender thread", sender_tick, NULL) };

/* libcurl's abort check, during a transfer: past the stop's deadline. */
static bool
cut_off(void *arg)
{
	(void)arg;
	return atomic_load(&bg.t.stop) && time(NULL) >= bg.stop_deadline;
}

/* Seconds before the attempt after attempt number `attempts` (1 for the first). */
long
mail_backoff(int64_t attempts, long base, long max)
{
	long	d = base;

	for (int64_t i = 1; i < attempts && d < max; i++)
		d *= 2;
	return d < max ? d : max;
}

enum outcome { SENT, LATER, FAILED };

static int
mark(enum outcome o, const struct db_mail *m, const char *now, const char *next,
    const char *err)
{
	switch (o) {
	case SENT:
		return db_mail_sent(bg.db, m->id, bg.owner, now);
	case LATER:
		return db_mail_later(bg.db, m->id, bg.owner, next, err);
	case FAILED:
		break;
	}
	return db_mail_failed(bg.db, m->id, bg.owner, err);
}

/*
 * Records an outcome, trying again while the database is busy (a second
 * apart, MARK_TRIES times, not past a stop's deadline); false when it never
 * could.
 */
static bool
record(enum outcome o, const struct db_mail *m, const char *now, const char *next,
    const char *err)
{
	static const char *const what[] = { "was sent", "was put off", "was refused" };

	for (int i = 0; i < MARK_TRIES && (i == 0 || !cut_off(NULL)); i++) {
		int	rc = mark(o, m, now, next, err);

		if (rc == DB_OK)
			return true;
		if (rc == DB_NOTFOUND) {
			log_warn("mail: message %lld %s, but another sender holds it now",
			    (long long)m->id, what[o]);
			return false;
		}
		sleep(1);
	}
	log_err("mail: cannot record that message %lld %s", (long long)m->id, what[o]);
	return false;
}

static void
deliver(struct arena *a, const struct db_mail *m)
{
	struct mail_attachment	*att = arena_alloc(a, (m->nattachments + 1) * sizeof(*att));
	struct mail_message	 msg = {
		.from = bg.c.from, .from_name = mail_sender_name(m->locale),
		.to = m->recipient, .to_name = m->recipient_name, .subject = m->subject,
		.text = m->body_text, .html = m->body_html, .message_id = m->message_id,
		.date = time(NULL), .attachments = att, .nattachments = m->nattachments,
		.list_unsubscribe = m->list_unsubscribe,
	};
	char			 err[512], now[TEXT_TIME_LEN], next[TEXT_TIME_LEN];
	enum mail_result	 r;

	for (size_t i = 0; i < m->nattachments; i++) {
		att[i].filename = m->attachments[i].filename;
		att[i].content_type = m->attachments[i].content_type;
		att[i].content = m->attachments[i].content;
	}
	r = mail_smtp_send(bg.smtp, &msg, err, sizeof(err));
	text_time(time(NULL), now);
	switch (r) {
	case MAIL_SENT:
		if (record(SENT, m, now, NULL, NULL))
			log_info("mail: sent message %lld (%s) to '%s', attempt %lld",
			    (long long)m->id, m->kind, m->recipient, (long long)m->attempts);
		break;
	case MAIL_REFUSED:
		log_warn("mail: message %lld (%s) to '%s' refused for good: %s", (long long)m->id,
		    m->kind, m->recipient, err);
		record(FAILED, m, now, NULL, err);
		break;
	case MAIL_RETRY:
		text_time(time(NULL) + mail_backoff(m->attempts, bg.c.retry, bg.c.retry_max), next);
		log_warn("mail: message %lld (%s) to '%s' not sent, attempt %lld, next at %s: %s",
		    (long long)m->id, m->kind, m->recipient, (long long)m->attempts, next, err);
		record(LATER, m, now, next, err);
		break;
	}
}

/* Fails what may no longer go, forgets old mail now and then. */
static void
tidy(time_t t)
{
	char	now[TEXT_TIME_LEN], before[TEXT_TIME_LEN];
	int64_t	n = 0;

	text_time(t, now);
	text_time(t - bg.c.give_up, before);
	if (db_mail_expire(bg.db, now, before, &n) != DB_OK)
		log_err("mail: cannot mark expired messages");
	else if (n > 0)
		log_warn("mail: %lld messages given up unsent (expired, or past --mail-give-up)",
		    (long long)n);
	if (t - bg.pruned < PRUNE_EVERY)
		return;
	bg.pruned = t;
	text_time(t - (time_t)KEEP_DAYS * 86400, before);
	if (db_mail_prune(bg.db, before) != DB_OK)
		log_err("mail: cannot forget old messages");
}

/*
 * One message, if one is due: 1 after handling it, 0 when none is due
 * (*wake: when the next one will be; 0 unknown), -1 on a database error.
 */
static int
step(time_t *wake)
{
	struct arena	 a = ARENA_INIT;
	struct db_mail	 m;
	char		 now[TEXT_TIME_LEN], until[TEXT_TIME_LEN];
	const char	*next = NULL;
	time_t		 t = time(NULL), at;
	int		 rc;

	tidy(t);
	text_time(t, now);
	text_time(t + bg.c.timeout + LEASE_MARGIN, until);
	rc = db_mail_claim(bg.db, &a, bg.owner, now, until, &m);
	if (rc == DB_OK)
		deliver(&a, &m);
	else if (rc == DB_NOTFOUND && db_mail_next_due(bg.db, &a, &next) == DB_OK) {
		*wake = next != NULL && text_time_parse(next, &at) == 0 ? at : 0;
		rc = DB_NOTFOUND;
	} else
		rc = DB_ERR;
	arena_release(&a);
	return rc == DB_OK ? 1 : rc == DB_NOTFOUND ? 0 : -1;
}

/* One delivery, and again at once if it was one; else when the next back-off ends (at most 10 s). */
static long
sender_tick(void *arg)
{
	time_t	wake = 0, now;
	int	rc;

	(void)arg;
	if ((rc = step(&wake)) == 1)
		return 0;
	now = time(NULL);
	if (rc == -1 || wake == 0 || wake > now + POLL_SECONDS)
		wake = now + POLL_SECONDS;
	return wake > now ? (long)(wake - now) : 0;
}

int
mail_sender_start(const struct mail_sender_config *c)
{
	struct arena		a = ARENA_INIT;
	unsigned char		raw[4];
	char			host[64], hex[9];

	bg.c = *c;
	if ((bg.smtp = mail_smtp_new(c->smtp_url, c->timeout, cut_off, NULL)) == NULL) {
		log_err("mail: cannot use the SMTP URL");
		return -1;
	}
	if ((bg.db = db_open(c->db_path)) == NULL) {
		mail_smtp_free(bg.smtp);
		return -1;
	}
	if (gethostname(host, sizeof(host)) != 0)
		snprintf(host, sizeof(host), "?");
	host[sizeof(host) - 1] = '\0';
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2hex(hex, sizeof(hex), raw, sizeof(raw));
	snprintf(bg.owner, sizeof(bg.owner), "%s:%ld:%s", host, (long)getpid(), hex);
	bg.pruned = 0;
	if (ticker_start(&bg.t, 0) == -1) {
		db_close(bg.db);
		mail_smtp_free(bg.smtp);
		return -1;
	}
	log_info("mail: sending through %s as '%s'", mail_url_redacted(&a, c->smtp_url), c->from);
	arena_release(&a);
	return 0;
}

void
mail_sender_wake(void)
{
	ticker_wake(&bg.t);
}

void
mail_sender_stop(void)
{
	bg.stop_deadline = time(NULL) + bg.c.stop_grace;
	if (!ticker_stop(&bg.t))
		return;
	db_close(bg.db);
	mail_smtp_free(bg.smtp);
}
