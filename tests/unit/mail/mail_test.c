/*
 * Mail: what src/mail writes itself (encoded words, addresses, dates,
 * Message-IDs, URLs, the back-off, the templates) and the outbox's claims
 * and leases in the database (src/db/mail.c), with times given, so nothing
 * here waits. Delivery over SMTP is tests/api/mail*.test.mjs, against a
 * real server.
 */
#include "../harness.h"
#include "../../../src/base/text.h"
#include "../../../src/db/db.h"
#include "../../../src/mail/mail.h"
#include "../../../src/mail/sender.h"

#include <sodium.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

/* The text of a header value of encoded words (and folds), decoded; NULL if malformed. */
static char *
decode_words(const char *v, size_t *longest)
{
	static char	out[4096];
	size_t		n = 0, line = 9;	/* after "Subject: " */
	const char	*p = v;

	*longest = 0;
	while (*p != '\0') {
		const char	*end;
		unsigned char	 bin[128];
		size_t		 len;

		if (strncmp(p, "\r\n ", 3) == 0) {
			p += 3;
			line = 1;
			continue;
		}
		if (*p == ' ') {
			p++;
			line++;
			continue;
		}
		if (strncmp(p, "=?UTF-8?B?", 10) != 0 || (end = strstr(p + 10, "?=")) == NULL)
			return NULL;
		if (sodium_base642bin(bin, sizeof(bin), p + 10, (size_t)(end - p - 10), NULL, &len,
		    NULL, sodium_base64_VARIANT_ORIGINAL) != 0)
			return NULL;
		if (len > 0 && (bin[0] & 0xc0) == 0x80)
			return NULL;	/* a word starting inside a character */
		memcpy(out + n, bin, len);
		n += len;
		line += (size_t)(end + 2 - p);
		if (line > *longest)
			*longest = line;
		p = end + 2;
	}
	out[n] = '\0';
	return out;
}

static void
encoded_words(void)
{
	struct buf	 b = BUF_INIT(8192);
	const char	*cases[] = {
		"Новый пароль для «Побратима»",
		"Ёлка, 北京, Düsseldorf — 😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀",
		"Eve\r\nBcc: victim@example.org",
		"=?UTF-8?B?c3Bvb2Y=?=",
		"A plain ASCII subject that is a good deal longer than sixty characters, folded",
	};
	size_t		 longest;
	char		*d;

	CHECK(mail_encode_header(&b, "A new password for Pobratim") == 0);
	CHECK_STR(b.p, "A new password for Pobratim");
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		buf_reset(&b);
		CHECK(mail_encode_header(&b, cases[i]) == 0);
		CHECK(strncmp(b.p, "=?UTF-8?B?", 10) == 0);
		d = decode_words(b.p, &longest);
		CHECK(d != NULL);
		CHECK_STR(d, cases[i]);
		CHECK(longest <= 76);
		/* no line break but the folds */
		for (const char *p = b.p; (p = strpbrk(p, "\r\n")) != NULL; p += 3)
			CHECK(strncmp(p, "\r\n ", 3) == 0);
	}
	buf_release(&b);
}

static void
addresses(void)
{
	struct buf	b = BUF_INIT(4096);
	size_t		longest;

	CHECK(mail_address(&b, "Pobratim", "noreply@city.example") == 0);
	CHECK_STR(b.p, "Pobratim <noreply@city.example>");
	buf_reset(&b);
	CHECK(mail_address(&b, NULL, "a@b.c") == 0);
	CHECK_STR(b.p, "<a@b.c>");
	buf_reset(&b);
	/* a comma or quote would need quoting: encoded instead */
	CHECK(mail_address(&b, "Smith, \"Jr\"", "a@b.c") == 0);
	CHECK(strncmp(b.p, "=?UTF-8?B?", 10) == 0);
	CHECK(strstr(b.p, " <a@b.c>") != NULL);
	buf_reset(&b);
	CHECK(mail_address(&b, "Представитель Мингорисполкома в отделе международных связей",
	    "a.very.long.address.of.someone@ministry-of-foreign-affairs.example") == 0);
	CHECK(strstr(b.p, "\r\n <a.very.long.address") != NULL);	/* the address on a line of its own */
	*strstr(b.p, "\r\n <") = '\0';
	CHECK_STR(decode_words(b.p, &longest),
	    "Представитель Мингорисполкома в отделе международных связей");
	buf_release(&b);

	CHECK(mail_address_valid("a@b.c"));
	CHECK(mail_address_valid("first.last+tag@sub.example.org"));
	CHECK(!mail_address_valid("a@b.c\r\nRCPT TO:<x@y.z>"));
	CHECK(!mail_address_valid("<a@b.c>"));
	CHECK(!mail_address_valid("a b@c.d"));
	CHECK(!mail_address_valid("a@b@c"));
	CHECK(!mail_address_valid("@b.c"));
	CHECK(!mail_address_valid("a@"));
	CHECK(!mail_address_valid(NULL));
}

static void
dates_ids(void)
{
	char		 d[MAIL_DATE_LEN];
	struct arena	 a = ARENA_INIT;
	const char	*id, *id2;

	mail_date(0, d);
	CHECK_STR(d, "Thu, 01 Jan 1970 00:00:00 +0000");
	mail_date(1772524800, d);	/* 2026-03-03 08:00 UTC */
	CHECK_STR(d, "Tue, 03 Mar 2026 08:00:00 +0000");
	id = mail_message_id(&a, "city.example");
	id2 = mail_message_id(&a, "city.example");
	CHECK(strlen(id) == 1 + 32 + 1 + strlen("city.example") + 1);
	CHECK(id[0] == '<' && strcmp(id + 33, "@city.example>") == 0);
	CHECK(strcmp(id, id2) != 0);
	arena_release(&a);
}

static void
urls(void)
{
	struct arena	 a = ARENA_INIT;
	const char	*r;

	CHECK(mail_url_valid("smtp://127.0.0.1:2525"));
	CHECK(mail_url_valid("smtps://user:pa%40ss@mail.example:465"));
	CHECK(mail_url_valid("smtp://mail.example/pobratim.example"));	/* the path: EHLO's name */
	CHECK(!mail_url_valid("http://mail.example"));
	CHECK(!mail_url_valid("smtp://mail.example?x=1"));
	CHECK(!mail_url_valid("smtp://mail.example#f"));
	CHECK(!mail_url_valid("smtp://"));
	CHECK(!mail_url_valid("mail.example"));
	CHECK(!mail_url_valid(""));
	r = mail_url_redacted(&a, "smtps://user:s3cret@mail.example:465");
	CHECK(strstr(r, "s3cret") == NULL);
	CHECK(strstr(r, "smtps://user@mail.example:465") == r);
	CHECK_STR(mail_url_redacted(&a, "ftp://user:s3cret@x"), "(invalid)");
	arena_release(&a);
}

static void
backoff(void)
{
	CHECK(mail_backoff(1, 60, 3600) == 60);
	CHECK(mail_backoff(2, 60, 3600) == 120);
	CHECK(mail_backoff(6, 60, 3600) == 1920);
	CHECK(mail_backoff(7, 60, 3600) == 3600);
	CHECK(mail_backoff(INT64_MAX, 60, 3600) == 3600);	/* no overflow, no long loop */
	CHECK(mail_backoff(0, 60, 3600) == 60);
}

static void
templates(void)
{
	static const char *const kinds[] = { "password_reset", "email_verification" };
	struct arena		 a = ARENA_INIT;
	const struct mail_var	 vars[] = {
		{ "name", "Анна <b>&" }, { "email", "anna@city.example" },
		{ "site", "https://pobratim.example" }, { "link", "https://pobratim.example/x#token=T" },
	};
	struct mail_rendered	 r;

	for (size_t k = 0; k < 2; k++)
		for (size_t l = 0; l < 2; l++) {
			const char	*locale = l == 0 ? "ru" : "en";

			CHECK(mail_render(&a, kinds[k], locale, vars, 4, &r) == 0);
			CHECK(strchr(r.subject, '{') == NULL);
			CHECK(strstr(r.text, "Анна <b>&") != NULL);
			CHECK(strstr(r.text, "https://pobratim.example/x#token=T\n") != NULL);
			CHECK(strstr(r.html, "Анна &lt;b&gt;&amp;") != NULL);
			CHECK(strstr(r.html, "<b>&") == NULL);
			CHECK(strstr(r.html, "href=\"https://pobratim.example/x#token=T\"") != NULL);
			CHECK(strstr(r.html, locale[0] == 'r' ? "<html lang=\"ru\">" :
			    "<html lang=\"en\">") != NULL);
			for (const char *p = r.text; (p = strchr(p, '{')) != NULL; p++)
				CHECK(!"a placeholder left in the text");
		}
	CHECK(mail_render(&a, "password_reset", "de", vars, 4, &r) == 0);
	CHECK_STR(r.subject, "A new password for Pobratim");
	CHECK(mail_render(&a, "no_such_kind", "ru", vars, 4, &r) == -1);
	CHECK_STR(mail_sender_name("ru"), "Побратим");
	CHECK_STR(mail_sender_name("en"), "Pobratim");
	arena_release(&a);
}

/* Whether s holds a Cyrillic letter (UTF-8 lead bytes 0xD0..0xD3). */
static bool
cyrillic(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s >= 0xD0 && (unsigned char)*s <= 0xD3)
			return true;
	return false;
}

/* Whether s still holds a {placeholder} (the page's CSS has braces of its own). */
static bool
placeholder_left(const char *s)
{
	for (const char *p = s; (p = strchr(p, '{')) != NULL; p++) {
		size_t	n = strspn(p + 1, "abcdefghijklmnopqrstuvwxyz_");

		if (n > 0 && p[1 + n] == '}')
			return true;
	}
	return false;
}

/* Every message there is, in both languages: Russian in Russian, English without it, all filled. */
static void
both_languages(void)
{
	static const char *const names[] = { "name", "email", "site", "link", "title", "when",
		"join", "lead", "items", "count", "date", "unsubscribe", "changed" };
	struct mail_var		 vars[sizeof(names) / sizeof(names[0])];
	struct arena		 a = ARENA_INIT;
	struct mail_rendered	 ru, en;
	const char		*kind;
	size_t			 n = 0;

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		vars[i] = (struct mail_var){ names[i], "V" };
	for (size_t i = 0; (kind = mail_template_kind(i)) != NULL; i++, n++) {
		CHECK(mail_render(&a, kind, "ru", vars, sizeof(vars) / sizeof(vars[0]), &ru) == 0);
		CHECK(mail_render(&a, kind, "en", vars, sizeof(vars) / sizeof(vars[0]), &en) == 0);
		CHECK(cyrillic(ru.subject) && cyrillic(ru.text) && cyrillic(ru.html));
		CHECK(!cyrillic(en.subject) && !cyrillic(en.text) && !cyrillic(en.html));
		CHECK(strcmp(ru.text, en.text) != 0);
		CHECK(!placeholder_left(ru.subject) && !placeholder_left(en.subject));
		CHECK(!placeholder_left(ru.text) && !placeholder_left(en.text));
		CHECK(!placeholder_left(ru.html) && !placeholder_left(en.html));
	}
	CHECK(n >= 16);		/* 8 kinds, two languages each */
	arena_release(&a);
}

static const char *
at(struct arena *a, time_t t)
{
	char	buf[TEXT_TIME_LEN];

	text_time(t, buf);
	return arena_strdup(a, buf);
}

static int64_t
queue(struct db *db, struct arena *a, time_t t, bool sensitive, const char *expires)
{
	static int			 n;
	struct db_mail_attachment	 att = { "invite.ics", "text/calendar; method=REQUEST",
					    "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n" };
	struct db_mail			 m = {
		.kind = "test", .recipient = "a@b.c", .recipient_name = "A", .locale = "en",
		.subject = "S", .body_text = "secret text", .body_html = "<p>secret</p>",
		.sensitive = sensitive, .expires_at = expires, .created_at = at(a, t),
		.message_id = arena_printf(a, "<%d@test>", ++n), .attachments = &att,
		.nattachments = 1,
	};
	int64_t				 id = 0;

	CHECK(db_mail_insert(db, &m, &id) == DB_OK);
	return id;
}

static void
outbox(struct db *db, struct arena *a)
{
	time_t			 t0 = 1900000000;
	int64_t			 m1 = queue(db, a, t0, false, NULL), m2 = queue(db, a, t0, true, NULL);
	int64_t			 m3 = queue(db, a, t0, false, NULL), m4, m5, n = 0;
	struct db_mail		 c;
	struct db_mail_counts	 k;
	const char		*next;

	/* each claimer gets another message; the lease holds it */
	CHECK(db_mail_claim(db, a, "A", at(a, t0), at(a, t0 + 100), &c) == DB_OK && c.id == m1);
	CHECK(c.attempts == 1 && c.nattachments == 1);
	CHECK_STR(c.attachments[0].content_type, "text/calendar; method=REQUEST");
	CHECK(db_mail_claim(db, a, "B", at(a, t0), at(a, t0 + 100), &c) == DB_OK && c.id == m2);
	CHECK(db_mail_claim(db, a, "C", at(a, t0), at(a, t0 + 100), &c) == DB_OK && c.id == m3);
	CHECK(db_mail_claim(db, a, "D", at(a, t0), at(a, t0 + 100), &c) == DB_NOTFOUND);
	CHECK(db_mail_counts(db, at(a, t0), &k) == DB_OK && k.sending == 3 && k.queued == 0);

	/* only the holder records the outcome, once */
	CHECK(db_mail_sent(db, m1, "B", at(a, t0 + 1)) == DB_NOTFOUND);
	CHECK(db_mail_sent(db, m1, "A", at(a, t0 + 1)) == DB_OK);
	CHECK(db_mail_sent(db, m1, "A", at(a, t0 + 1)) == DB_NOTFOUND);
	CHECK(db_mail_later(db, m2, "B", at(a, t0 + 50), "421 try later") == DB_OK);
	CHECK(db_mail_claim(db, a, "D", at(a, t0 + 10), at(a, t0 + 110), &c) == DB_NOTFOUND);
	CHECK(db_mail_next_due(db, a, &next) == DB_OK);
	CHECK_STR(next, at(a, t0 + 50));
	CHECK(db_mail_get(db, a, m2, &c) == DB_OK && strcmp(c.last_error, "421 try later") == 0);
	CHECK(db_mail_claim(db, a, "D", at(a, t0 + 50), at(a, t0 + 150), &c) == DB_OK && c.id == m2);
	CHECK(c.attempts == 2);
	CHECK(db_mail_failed(db, m2, "D", "550 no such mailbox") == DB_OK);
	CHECK(db_mail_get(db, a, m2, &c) == DB_OK && strcmp(c.status, "failed") == 0);
	CHECK_STR(c.body_text, "");		/* a message with a link: its bodies go */
	CHECK(c.body_html == NULL);
	CHECK(db_mail_get(db, a, m1, &c) == DB_OK && strcmp(c.body_text, "secret text") == 0);

	/* C died holding m3: when the lease runs out it is claimed again, and C is fenced off */
	CHECK(db_mail_claim(db, a, "E", at(a, t0 + 99), at(a, t0 + 199), &c) == DB_NOTFOUND);
	CHECK(db_mail_claim(db, a, "E", at(a, t0 + 100), at(a, t0 + 200), &c) == DB_OK && c.id == m3);
	CHECK(c.attempts == 2);
	CHECK(db_mail_sent(db, m3, "C", at(a, t0 + 101)) == DB_NOTFOUND);
	CHECK(db_mail_discard(db, m3, at(a, t0 + 101)) == DB_NOTFOUND);	/* being sent */
	CHECK(db_mail_requeue(db, m3, at(a, t0 + 101)) == DB_NOTFOUND);
	CHECK(db_mail_sent(db, m3, "E", at(a, t0 + 101)) == DB_OK);

	/* an expired link and a message past the give-up fail unsent */
	m4 = queue(db, a, t0 + 200, true, at(a, t0 + 220));
	m5 = queue(db, a, t0 + 200, false, NULL);
	CHECK(db_mail_expire(db, at(a, t0 + 219), at(a, t0 + 100), &n) == DB_OK && n == 0);
	CHECK(db_mail_expire(db, at(a, t0 + 220), at(a, t0 + 100), &n) == DB_OK && n == 1);
	CHECK(db_mail_get(db, a, m4, &c) == DB_OK && strcmp(c.status, "failed") == 0);
	CHECK_STR(c.last_error, "not sent before its link expired");
	CHECK(db_mail_requeue(db, m4, at(a, t0 + 230)) == DB_NOTFOUND);	/* the link is dead */
	CHECK(db_mail_expire(db, at(a, t0 + 300), at(a, t0 + 200), &n) == DB_OK && n == 1);
	CHECK(db_mail_get(db, a, m5, &c) == DB_OK && strcmp(c.last_error,
	    "not sent in time: given up") == 0);
	/* an admin's retry: due now, the give-up counted from now */
	CHECK(db_mail_requeue(db, m5, at(a, t0 + 400)) == DB_OK);
	CHECK(db_mail_get(db, a, m5, &c) == DB_OK && strcmp(c.status, "queued") == 0);
	CHECK_STR(c.queued_at, at(a, t0 + 400));
	CHECK(db_mail_discard(db, m5, at(a, t0 + 400)) == DB_OK);
	CHECK(db_mail_requeue(db, m5, at(a, t0 + 400)) == DB_NOTFOUND);
	CHECK(db_mail_requeue(db, m1, at(a, t0 + 400)) == DB_NOTFOUND);	/* sent */
	CHECK(db_mail_counts(db, at(a, t0 + 400), &k) == DB_OK);
	CHECK(k.sent == 2 && k.failed == 2 && k.discarded == 1 && k.queued == 0 && k.sending == 0);
	CHECK(db_mail_next_due(db, a, &next) == DB_OK && next == NULL);
	/* sent and discarded messages are forgotten in time, failed ones kept */
	CHECK(db_mail_prune(db, at(a, t0 + 1000)) == DB_OK);
	CHECK(db_mail_counts(db, at(a, t0 + 1000), &k) == DB_OK);
	CHECK(k.sent == 0 && k.discarded == 0 && k.failed == 2);
}

void
test_mail(void)
{
	char		 dir[] = "/tmp/pobratim-unit-XXXXXX", path[64];
	struct arena	 a = ARENA_INIT;
	struct db	*db;
	const char	*const files[] = { "t.db", "t.db-wal", "t.db-shm", "t.db.lock" };

	encoded_words();
	addresses();
	dates_ids();
	urls();
	backoff();
	templates();
	both_languages();
	if (mkdtemp(dir) == NULL) {
		CHECK(!"mkdtemp");
		return;
	}
	snprintf(path, sizeof(path), "%s/t.db", dir);
	db = db_open(path);
	CHECK(db != NULL && db_migrate(db) == 0);
	if (db != NULL) {
		outbox(db, &a);
		db_close(db);
	}
	arena_release(&a);
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, files[i]);
		unlink(path);
	}
	rmdir(dir);
}
