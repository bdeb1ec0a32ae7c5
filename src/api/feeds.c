/*
 * feeds: Atom (RFC 4287) feeds of published bulletins and fact checks,
 * overall or for one country or topic (?country=IT, ?topic=health). Every
 * piece of text goes through xml_escape; entry content is the sanitised
 * HTML of the Markdown body, escaped once more as Atom's type="html" wants.
 */
#include "api.h"

#include <string.h>
#include <time.h>

#include "../base/log.h"
#include "../base/markdown.h"
#include "../base/text.h"
#include "../base/xml.h"

#define FEED_ENTRIES	50
#define FEED_MAX	(4u << 20)

struct feed {
	struct http_request	*req;
	struct buf		 out;
	const char		*base;	/* api_base_url, escaped on output */
	int			 rc;
};

static void
put(struct feed *f, const char *s)
{
	if (f->rc == 0)
		f->rc = buf_puts(&f->out, s);
}

static void
esc(struct feed *f, const char *s)
{
	if (f->rc == 0 && s != NULL)
		f->rc = xml_escape(&f->out, s);
}

/* <name>text</name> */
static void
element(struct feed *f, const char *name, const char *text)
{
	put(f, "<");
	put(f, name);
	put(f, ">");
	esc(f, text);
	put(f, "</");
	put(f, name);
	put(f, ">\n");
}

static void
link(struct feed *f, const char *rel, const char *path)
{
	put(f, "<link rel=\"");
	put(f, rel);
	put(f, "\" href=\"");
	esc(f, f->base);
	esc(f, path);
	put(f, "\"/>\n");
}

/* The verdict and the claim, as HTML (the claim is escaped for HTML, then for XML). */
static void
claim_html(struct feed *f, const struct db_bulletin *b)
{
	struct buf	html = BUF_INIT(64 * 1024);

	esc(f, "<p><strong>");
	esc(f, b->verdict);
	esc(f, ":</strong> ");
	if (xml_escape(&html, b->claim ? b->claim : "") == 0 && html.p != NULL)
		esc(f, html.p);
	buf_release(&html);
	esc(f, "</p>");
}

static void
entry(struct feed *f, const struct db_bulletin *b)
{
	struct arena	*a = &f->req->arena;
	bool		 fc = strcmp(b->kind, "fact_check") == 0;
	const char	*path = arena_printf(a, fc ? "/fact-checks/%lld" : "/news/%lld",
			    (long long)b->id);
	const char	*org = strcmp(b->lang, "ru") == 0 ? b->org_name_ru : b->org_name_en;
	const char	*p, *e;

	put(f, "<entry xml:lang=\"");
	esc(f, b->lang);
	put(f, "\">\n<id>");
	esc(f, f->base);
	esc(f, path);
	put(f, "</id>\n");
	element(f, "title", fc ? arena_printf(a, "#StopCoronaFake: %s", b->title) : b->title);
	element(f, "updated", b->updated_at);
	if (b->published_at != NULL)
		element(f, "published", b->published_at);
	link(f, "alternate", path);
	put(f, "<author>");
	element(f, "name", org != NULL ? org : b->author_name);
	put(f, "</author>\n");
	for (p = b->topics; p != NULL && *p != '\0'; p = e) {
		while (*p == ' ')
			p++;
		if (*p == '\0')
			break;
		e = strchr(p, ' ');
		put(f, "<category term=\"");
		esc(f, arena_strndup(a, p, (size_t)(e - p)));
		put(f, "\"/>\n");
	}
	put(f, "<content type=\"html\">");
	if (fc)
		claim_html(f, b);
	esc(f, markdown_html(a, b->body, strlen(b->body)));
	put(f, "</content>\n</entry>\n");
}

static int
feed(struct http_request *req, const char *kind, const char *title_en, const char *name)
{
	struct db_bulletin_filter	 flt = { .status = "published", .kind = kind,
					    .limit = FEED_ENTRIES };
	struct feed			 f = { req, BUF_INIT(FEED_MAX), NULL, 0 };
	struct db_bulletin		*items;
	const char			*self;
	char				 now[TEXT_TIME_LEN];
	size_t				 n;

	flt.country = http_query(req, "country");
	flt.topic = http_query(req, "topic");
	if (flt.country != NULL && (strlen(flt.country) != 2 || strchr(flt.country, ' ')))
		return api_reply_bad_param(req, "country", "invalid", "is not a country code"), -1;
	if (flt.topic != NULL && !api_in_list(api_topic_values, flt.topic))
		return api_reply_bad_param(req, "topic", "invalid", "is not a topic"), -1;
	if (db_bulletin_list(api_db(req), &req->arena, &flt, &items, &n) != DB_OK)
		return api_reply_db_error(req, "reading a feed"), -1;
	f.base = api_base_url(req);
	self = arena_printf(&req->arena, API_PREFIX "/feeds/%s%s%s%s%s", name,
	    flt.country || flt.topic ? "?" : "",
	    flt.country ? arena_printf(&req->arena, "country=%s", flt.country) : "",
	    flt.country && flt.topic ? "&" : "",
	    flt.topic ? arena_printf(&req->arena, "topic=%s", flt.topic) : "");
	text_time(time(NULL), now);
	put(&f, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
	    "<feed xmlns=\"http://www.w3.org/2005/Atom\">\n<id>");
	esc(&f, f.base);
	esc(&f, self);
	put(&f, "</id>\n");
	element(&f, "title", arena_printf(&req->arena, "pobratim — %s%s%s%s%s", title_en,
	    flt.country ? " — " : "", flt.country ? flt.country : "",
	    flt.topic ? " — " : "", flt.topic ? flt.topic : ""));
	element(&f, "updated", n > 0 && items[0].updated_at ? items[0].updated_at : now);
	link(&f, "self", self);
	link(&f, "alternate", kind && strcmp(kind, "fact_check") == 0 ? "/fact-checks" : "/news");
	put(&f, "<author><name>pobratim</name></author>\n");
	for (size_t i = 0; i < n; i++)
		entry(&f, &items[i]);
	put(&f, "</feed>\n");
	if (f.rc != 0) {
		buf_release(&f.out);
		log_err("request %s: feed larger than its ceiling", req->id);
		api_problem(req, 500, "internal", "the feed is too large");
		return -1;
	}
	http_reply(req, 200, "application/atom+xml; charset=utf-8", f.out.p, f.out.len);
	buf_release(&f.out);
	return 0;
}

int
api_feed_bulletins(struct http_request *req)
{
	return feed(req, NULL, "bulletins", "bulletins.atom");
}

int
api_feed_fact_checks(struct http_request *req)
{
	return feed(req, "fact_check", "#StopCoronaFake", "fact-checks.atom");
}
