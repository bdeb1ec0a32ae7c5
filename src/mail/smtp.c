/*
 * smtp: a message as MIME, sent by libcurl. libcurl builds the body
 * (curl_mime_*: multipart, boundaries, quoted-printable and base64) and
 * speaks SMTP (EHLO, STARTTLS, AUTH, MAIL, RCPT, DATA with dot-stuffing);
 * we give it the headers, of which the encoded words, the date and the
 * Message-ID are ours to write.
 */
#include "mail.h"

#include <curl/curl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/alloc.h"
#include "../base/log.h"

#define LINE_MAX_CHARS	76	/* RFC 2047: a line holding encoded words */
#define WORD_BYTES	36	/* text per encoded word: 48 base64, a 60-character word */

int
mail_init(void)
{
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		log_err("cannot initialise libcurl");
		return -1;
	}
	return 0;
}

static bool
plain_ascii(const char *s, size_t max)
{
	size_t	n = 0;

	for (; s[n] != '\0'; n++)
		if ((unsigned char)s[n] < 0x20 || (unsigned char)s[n] > 0x7e)
			return false;
	return n <= max && strstr(s, "=?") == NULL;
}

/* The length of at most max bytes of s that ends on a UTF-8 character boundary. */
static size_t
utf8_cut(const char *s, size_t len, size_t max)
{
	size_t	n;

	if (len <= max)
		return len;
	n = max;
	while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
		n--;
	return n > 0 ? n : max;	/* not UTF-8: cut anywhere */
}

/*
 * Appends encoded words for s, folded: *col is the column the line is at
 * (after "Subject: " for the first word), the first word goes there.
 */
static int
encode_words(struct buf *b, const char *s, size_t *col)
{
	size_t	len = strlen(s);
	bool	first = true;

	while (len > 0) {
		size_t	n = utf8_cut(s, len, WORD_BYTES);
		char	b64[sodium_base64_ENCODED_LEN(WORD_BYTES, sodium_base64_VARIANT_ORIGINAL)];
		size_t	wlen;

		sodium_bin2base64(b64, sizeof(b64), (const unsigned char *)s, n,
		    sodium_base64_VARIANT_ORIGINAL);
		wlen = strlen(b64) + 12;	/* =?UTF-8?B? ... ?= */
		if (!first && *col + 1 + wlen > LINE_MAX_CHARS) {
			if (buf_puts(b, "\r\n ") == -1)
				return -1;
			*col = 1;
		} else if (!first) {
			if (buf_puts(b, " ") == -1)
				return -1;
			(*col)++;
		}
		first = false;
		if (buf_printf(b, "=?UTF-8?B?%s?=", b64) == -1)
			return -1;
		*col += wlen;
		s += n;
		len -= n;
	}
	return 0;
}

int
mail_encode_header(struct buf *b, const char *text)
{
	size_t	col = 9;	/* "Subject: " */

	if (plain_ascii(text, 60))
		return buf_puts(b, text);
	return encode_words(b, text, &col);
}

/* A display name that needs no quoting: letters, digits, spaces. */
static bool
plain_name(const char *s)
{
	if (!plain_ascii(s, 60))
		return false;
	return s[strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .-")] ==
	    '\0';
}

int
mail_address(struct buf *b, const char *name, const char *addr)
{
	size_t	col = 6;	/* "From: " */

	if (name == NULL || name[0] == '\0')
		return buf_printf(b, "<%s>", addr);
	if (plain_name(name))
		return buf_printf(b, "%s <%s>", name, addr);
	if (encode_words(b, name, &col) == -1)
		return -1;
	if (col + 3 + strlen(addr) > LINE_MAX_CHARS)
		return buf_printf(b, "\r\n <%s>", addr);
	return buf_printf(b, " <%s>", addr);
}

void
mail_date(time_t t, char out[MAIL_DATE_LEN])
{
	static const char *const days[] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
	static const char *const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul",
		"Aug", "Sep", "Oct", "Nov", "Dec" };
	struct tm	tm;

	gmtime_r(&t, &tm);
	snprintf(out, MAIL_DATE_LEN, "%s, %02d %s %04d %02d:%02d:%02d +0000", days[tm.tm_wday],
	    tm.tm_mday, months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

const char *
mail_message_id(struct arena *a, const char *domain)
{
	unsigned char	raw[16];
	char		hex[sizeof(raw) * 2 + 1];

	randombytes_buf(raw, sizeof(raw));
	sodium_bin2hex(hex, sizeof(hex), raw, sizeof(raw));
	return arena_printf(a, "<%s@%s>", hex, domain);
}

bool
mail_address_valid(const char *addr)
{
	const char	*at;
	size_t		 n;

	if (addr == NULL || (n = strlen(addr)) < 3 || n > 254)
		return false;
	for (const char *p = addr; *p != '\0'; p++)
		if ((unsigned char)*p <= 0x20 || *p == 0x7f || strchr("<>\"(),;:\\[]", *p) != NULL)
			return false;
	at = strchr(addr, '@');
	return at != NULL && at != addr && at[1] != '\0' && strchr(at + 1, '@') == NULL;
}

/* --- URLs --- */

/* The parsed URL, or NULL when it is not one --smtp-url takes. */
static CURLU *
url_parse(const char *url)
{
	CURLU	*u = curl_url();
	char	*scheme = NULL, *host = NULL, *rest = NULL;
	bool	 ok;

	if (u == NULL)
		fatal("out of memory");
	ok = curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK &&
	    (strcmp(scheme, "smtp") == 0 || strcmp(scheme, "smtps") == 0) &&
	    curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK && host[0] != '\0' &&
	    curl_url_get(u, CURLUPART_QUERY, &rest, 0) == CURLUE_NO_QUERY &&
	    curl_url_get(u, CURLUPART_FRAGMENT, &rest, 0) == CURLUE_NO_FRAGMENT;
	curl_free(scheme);
	curl_free(host);
	curl_free(rest);
	if (!ok) {
		curl_url_cleanup(u);
		return NULL;
	}
	return u;
}

bool
mail_url_valid(const char *url)
{
	CURLU	*u = url_parse(url);

	curl_url_cleanup(u);
	return u != NULL;
}

const char *
mail_url_redacted(struct arena *a, const char *url)
{
	CURLU		*u = url_parse(url);
	char		*text = NULL;
	const char	*out = "(invalid)";

	if (u == NULL)
		return out;
	curl_url_set(u, CURLUPART_PASSWORD, NULL, 0);
	if (curl_url_get(u, CURLUPART_URL, &text, 0) == CURLUE_OK)
		out = arena_strdup(a, text);
	curl_free(text);
	curl_url_cleanup(u);
	return out;
}

/* --- the client --- */

struct mail_smtp {
	CURL	*h;
	char	*url;
	char	*password;	/* decoded, to keep it out of error texts; NULL: none */
	long	 timeout;
	bool	 tls;		/* smtps://, or smtp:// to a host other than the loopback */
	bool	 (*abort)(void *);
	void	*arg;
	char	 errbuf[CURL_ERROR_SIZE];
};

static bool
loopback(const char *host)
{
	return strcmp(host, "localhost") == 0 || strncmp(host, "127.", 4) == 0 ||
	    strcmp(host, "[::1]") == 0 || strcmp(host, "::1") == 0;
}

struct mail_smtp *
mail_smtp_new(const char *url, long timeout, bool (*abort)(void *), void *arg)
{
	struct mail_smtp	*s;
	CURLU			*u = url_parse(url);
	char			*scheme = NULL, *host = NULL, *pw = NULL;

	if (u == NULL)
		return NULL;
	s = xcalloc(1, sizeof(*s));
	if ((s->h = curl_easy_init()) == NULL)
		fatal("cannot make a libcurl handle");
	s->url = xstrdup(url);
	s->timeout = timeout;
	s->abort = abort;
	s->arg = arg;
	curl_url_get(u, CURLUPART_SCHEME, &scheme, 0);
	curl_url_get(u, CURLUPART_HOST, &host, 0);
	s->tls = strcmp(scheme, "smtps") == 0 || !loopback(host);
	if (curl_url_get(u, CURLUPART_PASSWORD, &pw, CURLU_URLDECODE) == CURLUE_OK && pw[0] != '\0')
		s->password = xstrdup(pw);
	curl_free(scheme);
	curl_free(host);
	curl_free(pw);
	curl_url_cleanup(u);
	return s;
}

void
mail_smtp_free(struct mail_smtp *s)
{
	if (s == NULL)
		return;
	curl_easy_cleanup(s->h);
	if (s->password != NULL)
		sodium_memzero(s->password, strlen(s->password));
	free(s->password);
	free(s->url);
	free(s);
}

static int
progress(void *arg, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal, curl_off_t ulnow)
{
	struct mail_smtp	*s = arg;

	(void)dltotal, (void)dlnow, (void)ultotal, (void)ulnow;
	return s->abort != NULL && s->abort(s->arg) ? 1 : 0;
}

static struct curl_slist *
slist_add(struct curl_slist *l, const char *line)
{
	struct curl_slist	*n = curl_slist_append(l, line);

	if (n == NULL)
		fatal("out of memory");
	return n;
}

/* "Name: value" with value built by the caller into b (reset first). */
static struct curl_slist *
header(struct curl_slist *l, struct buf *b, const char *name, const char *value)
{
	buf_reset(b);
	if (buf_printf(b, "%s: %s", name, value) == -1)
		return l;
	return slist_add(l, b->p);
}

/* The headers of m: From, To, Subject, Date, Message-ID, Auto-Submitted. */
static struct curl_slist *
headers_of(const struct mail_message *m)
{
	struct curl_slist	*l = NULL;
	struct buf		 b = BUF_INIT(8192), v = BUF_INIT(8192);
	char			 date[MAIL_DATE_LEN];

	if (mail_address(&v, m->from_name, m->from) == 0)
		l = header(l, &b, "From", v.p);
	buf_reset(&v);
	if (mail_address(&v, m->to_name, m->to) == 0)
		l = header(l, &b, "To", v.p);
	buf_reset(&v);
	if (mail_encode_header(&v, m->subject) == 0)
		l = header(l, &b, "Subject", v.p);
	mail_date(m->date, date);
	l = header(l, &b, "Date", date);
	l = header(l, &b, "Message-ID", m->message_id);
	/* RFC 3834: made by a program, so auto-responders stay quiet */
	l = header(l, &b, "Auto-Submitted", "auto-generated");
	/* RFC 2369 and RFC 8058: one click (a POST) unsubscribes, no sign-in */
	if (m->list_unsubscribe != NULL && strpbrk(m->list_unsubscribe, "\r\n<> ") == NULL) {
		buf_reset(&v);
		if (buf_printf(&v, "<%s>", m->list_unsubscribe) == 0)
			l = header(l, &b, "List-Unsubscribe", v.p);
		l = header(l, &b, "List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
	}
	buf_release(&b);
	buf_release(&v);
	return l;
}

static void
text_part(curl_mimepart *p, const char *data, const char *type)
{
	curl_mime_data(p, data, CURL_ZERO_TERMINATED);
	curl_mime_type(p, type);
	curl_mime_encoder(p, "quoted-printable");
}

static bool
has_files(const struct mail_message *m)
{
	for (size_t i = 0; i < m->nattachments; i++)
		if (m->attachments[i].filename != NULL)
			return true;
	return false;
}

static void
attachment_part(curl_mimepart *p, const struct mail_attachment *a)
{
	curl_mime_data(p, a->content, CURL_ZERO_TERMINATED);
	curl_mime_type(p, a->content_type);
	curl_mime_encoder(p, "base64");
	if (a->filename != NULL)
		curl_mime_filename(p, a->filename);
}

/*
 * The body: the text, the HTML and the alternatives (attachments without a
 * file name) as multipart/alternative, inside multipart/mixed with the
 * attachments when there are any. The root is what libcurl makes
 * multipart/mixed; its type is named in the headers when it is the
 * alternative itself.
 */
static curl_mime *
body_of(CURL *h, const struct mail_message *m, struct curl_slist **hl)
{
	curl_mime	*root = curl_mime_init(h), *alt = root;
	bool		 several = m->html != NULL || m->nattachments > 0;
	curl_mimepart	*p;

	if (several && has_files(m)) {
		alt = curl_mime_init(h);
		p = curl_mime_addpart(root);
		curl_mime_subparts(p, alt);
		curl_mime_type(p, "multipart/alternative");
	} else if (several)
		*hl = slist_add(*hl, "Content-Type: multipart/alternative");
	text_part(curl_mime_addpart(alt), m->text, "text/plain; charset=UTF-8");
	if (m->html != NULL)
		text_part(curl_mime_addpart(alt), m->html, "text/html; charset=UTF-8");
	for (size_t i = 0; i < m->nattachments; i++)
		if (m->attachments[i].filename == NULL)
			attachment_part(curl_mime_addpart(alt), &m->attachments[i]);
	for (size_t i = 0; i < m->nattachments; i++)
		if (m->attachments[i].filename != NULL)
			attachment_part(curl_mime_addpart(root), &m->attachments[i]);
	return root;
}

/* err without the password, should a text of libcurl's ever carry it. */
static void
scrub(const struct mail_smtp *s, char *err)
{
	char	*at;

	if (s->password == NULL)
		return;
	while ((at = strstr(err, s->password)) != NULL) {
		size_t	n = strlen(s->password);

		memmove(at + 3, at + n, strlen(at + n) + 1);
		memcpy(at, "***", 3);
	}
}

/* Whether an SMTP reply code means "never": a 5xx but the login's (530, 534, 535, 538). */
static bool
permanent(long code, CURLcode rc)
{
	if (rc == CURLE_LOGIN_DENIED || rc == CURLE_ABORTED_BY_CALLBACK)
		return false;
	return code >= 500 && code < 600 && code != 530 && code != 534 && code != 535 &&
	    code != 538;
}

enum mail_result
mail_smtp_send(struct mail_smtp *s, const struct mail_message *m, char *err, size_t errlen)
{
	struct curl_slist	*hl, *rcpt = NULL;
	curl_mime		*body;
	struct buf		 env = BUF_INIT(600);
	CURLcode		 rc;
	long			 code = 0;

	if (!mail_address_valid(m->to) || !mail_address_valid(m->from)) {
		snprintf(err, errlen, "not an address we send from or to: '%s', '%s'", m->from, m->to);
		return MAIL_REFUSED;
	}
	curl_easy_reset(s->h);
	hl = headers_of(m);
	body = body_of(s->h, m, &hl);
	if (buf_printf(&env, "<%s>", m->to) == 0)
		rcpt = slist_add(NULL, env.p);
	buf_reset(&env);
	if (buf_printf(&env, "<%s>", m->from) == -1)
		fatal("an address longer than the envelope allows");
	s->errbuf[0] = '\0';
	curl_easy_setopt(s->h, CURLOPT_URL, s->url);
	curl_easy_setopt(s->h, CURLOPT_MAIL_FROM, env.p);
	curl_easy_setopt(s->h, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(s->h, CURLOPT_HTTPHEADER, hl);
	curl_easy_setopt(s->h, CURLOPT_MIMEPOST, body);
	curl_easy_setopt(s->h, CURLOPT_USE_SSL, s->tls ? (long)CURLUSESSL_ALL : (long)CURLUSESSL_TRY);
	curl_easy_setopt(s->h, CURLOPT_TIMEOUT, s->timeout);
	curl_easy_setopt(s->h, CURLOPT_CONNECTTIMEOUT, s->timeout < 15 ? s->timeout : 15L);
	curl_easy_setopt(s->h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(s->h, CURLOPT_ERRORBUFFER, s->errbuf);
	curl_easy_setopt(s->h, CURLOPT_NOPROGRESS, 0L);
	curl_easy_setopt(s->h, CURLOPT_XFERINFOFUNCTION, progress);
	curl_easy_setopt(s->h, CURLOPT_XFERINFODATA, s);
	rc = curl_easy_perform(s->h);
	curl_easy_getinfo(s->h, CURLINFO_RESPONSE_CODE, &code);
	curl_mime_free(body);
	curl_slist_free_all(hl);
	curl_slist_free_all(rcpt);
	buf_release(&env);
	if (rc == CURLE_OK)
		return MAIL_SENT;
	snprintf(err, errlen, "%s%s%s (server reply %ld)", curl_easy_strerror(rc),
	    s->errbuf[0] != '\0' ? ": " : "", s->errbuf, code);
	scrub(s, err);
	return permanent(code, rc) ? MAIL_REFUSED : MAIL_RETRY;
}
