/*
 * mail: e-mail out. Messages are built as MIME by libcurl's mime API
 * (curl_mime_*: parts, quoted-printable and base64 bodies, boundaries) and
 * sent over SMTP by libcurl; what libcurl does not do for mail is here: RFC
 * 2047 encoded words for headers, the RFC 5322 date, Message-ID, the
 * address headers. The outbox (src/db/mail.c) and the sender thread
 * (sender.c) decide what is sent when; templates.c holds every text a
 * message says, in Russian and English.
 */
#ifndef MAIL_MAIL_H
#define MAIL_MAIL_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "../base/arena.h"
#include "../base/buf.h"

/* Called once before any thread uses libcurl (curl_global_init); -1 on failure. */
int	mail_init(void);

/*
 * A part besides the text: text content and its MIME type. With a file
 * name, an attachment; without, another form of the message itself, in
 * its multipart/alternative after the text and the HTML (an iCalendar
 * invitation, which mail programs show as one).
 */
struct mail_attachment {
	const char	*filename;	/* NULL: an alternative of the body */
	const char	*content_type;	/* "text/calendar; method=REQUEST; charset=UTF-8" */
	const char	*content;
};

struct mail_message {
	const char			*from, *from_name;	/* address, display name */
	const char			*to, *to_name;
	const char			*subject;
	const char			*text;		/* text/plain, UTF-8 */
	const char			*html;		/* NULL: text only */
	const char			*message_id;	/* "<...@domain>" */
	time_t				 date;
	const struct mail_attachment	*attachments;
	size_t				 nattachments;
	const char			*list_unsubscribe;	/* RFC 8058 one-click URL; NULL: none */
};

/*
 * Header text as RFC 2047 encoded words (UTF-8, base64) when it holds
 * anything but printable ASCII (or "=?"), folded so that no line is longer
 * than 76 characters; printable ASCII as it is. CR and LF can never reach
 * the header: they are encoded. -1 when b reached its ceiling.
 */
__attribute__((warn_unused_result))
int	mail_encode_header(struct buf *b, const char *text);
/* "Name <addr>" with the name encoded as mail_encode_header; the address alone without a name. */
__attribute__((warn_unused_result))
int	mail_address(struct buf *b, const char *name, const char *addr);
/* RFC 5322 date-time in UTC: "Tue, 03 Mar 2026 08:00:00 +0000". */
#define MAIL_DATE_LEN	40
void	mail_date(time_t t, char out[MAIL_DATE_LEN]);
/* A new Message-ID "<32 hex>@domain>" in the arena. */
const char	*mail_message_id(struct arena *a, const char *domain);
/* An address we put in a header or an envelope: one '@', no spaces, controls, <>, quotes. */
bool	mail_address_valid(const char *addr);

/*
 * An SMTP URL as --smtp-url takes it: smtp:// or smtps://, a host, an
 * optional port, user and password, no query or fragment. The password is
 * never logged: mail_url_redacted() gives the URL without it.
 */
bool		 mail_url_valid(const char *url);
const char	*mail_url_redacted(struct arena *a, const char *url);

/* --- SMTP --- */

enum mail_result {
	MAIL_SENT,	/* the server accepted it (250 after the data) */
	MAIL_RETRY,	/* not now: no connection, a timeout, a 4xx, a failed login */
	MAIL_REFUSED,	/* the server refused it for good (5xx): never try again */
};

struct mail_smtp;

/*
 * A client for url (mail_url_valid), one transfer at a time, keeping its
 * connection between messages. timeout: seconds a delivery may take in all.
 * abort(arg), polled during a transfer, ends it when it returns true.
 * smtp:// uses STARTTLS when the server offers it and requires it for any
 * host but the loopback; smtps:// is TLS from the start; certificates are
 * verified against the system's CAs.
 */
struct mail_smtp	*mail_smtp_new(const char *url, long timeout, bool (*abort)(void *),
			    void *arg);
void			 mail_smtp_free(struct mail_smtp *s);
/* Sends m; err (never holding the password) says why when it was not sent. */
enum mail_result	 mail_smtp_send(struct mail_smtp *s, const struct mail_message *m,
			    char *err, size_t errlen);

/* How long the links of account mail work; the templates' texts say so (templates.c). */
#define MAIL_RESET_SECONDS	3600		/* a password reset: one hour */
#define MAIL_VERIFY_SECONDS	(7 * 86400)	/* an address confirmation: 7 days */

/* --- templates (templates.c): every message's text, in Russian and English --- */

struct mail_var {
	const char	*name, *value;
};

struct mail_rendered {
	const char	*subject, *text, *html;
};

/*
 * The message `kind` in locale ("ru", "en"; any other: "en") with {name}
 * placeholders replaced by vars (escaped in the HTML). -1 for an unknown kind.
 */
int	mail_render(struct arena *a, const char *kind, const char *locale,
	    const struct mail_var *vars, size_t nvars, struct mail_rendered *out);
/* The kind of the i-th template (each kind has one per language); NULL past the last. */
const char	*mail_template_kind(size_t i);
/* The installation's name as a sender's display name, by locale. */
const char	*mail_sender_name(const char *locale);

#endif
