#include "../harness.h"
#include "../../../src/base/markdown.h"
#include "../../../src/base/xml.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

static const char *
md(struct arena *a, const char *in)
{
	return markdown_html(a, in, strlen(in));
}

/* Inputs whose HTML must not contain the given text (case-insensitive). */
static const struct {
	const char	*in, *banned;
} neutralised[] = {
	{ "<script>alert(1)</script>", "<script" },
	{ "hi <img src=x onerror=alert(1)>", "<img" },
	{ "<div onmouseover=\"x()\">a</div>", "onmouseover" },
	{ "<iframe src=\"https://evil\"></iframe>", "<iframe" },
	{ "[a](javascript:alert(1))", "javascript:" },
	{ "[a](JaVaScRiPt:alert(1))", "javascript:" },
	{ "[a](vbscript:msgbox(1))", "vbscript:" },
	{ "[a](data:text/html;base64,PHNjcmlwdD4=)", "data:" },
	{ "![i](javascript:alert(1))", "javascript:" },
	{ "<a href=\"javascript:x\">a</a>", "javascript:" },
	{ "[a](https://x.org/\"onclick=\"alert(1))", "\"onclick" },
	{ "<style>body{}</style>", "<style" },
	{ "`<b>x</b>`", "<b>" },
};

static bool
contains_ci(const char *h, const char *n)
{
	return strcasestr(h, n) != NULL;
}

void
test_markdown(void)
{
	struct arena	 a = ARENA_INIT;
	struct buf	 b = BUF_INIT(256);
	const char	*h;

	for (size_t i = 0; i < sizeof(neutralised) / sizeof(neutralised[0]); i++) {
		h = md(&a, neutralised[i].in);
		if (contains_ci(h, neutralised[i].banned)) {
			fprintf(stderr, "markdown: %s -> %s\n", neutralised[i].in, h);
			CHECK(0);
		} else
			CHECK(1);
	}
	CHECK_STR(md(&a, "**bold** [x](https://example.org/?a=1&b=2)"),
	    "<p><strong>bold</strong> <a rel=\"nofollow ugc noopener\" "
	    "href=\"https://example.org/?a=1&amp;b=2\">x</a></p>\n");
	/* every link gets rel, relative ones too; text that looks like a tag stays text */
	h = md(&a, "[a](/news/1) and <a href=\"x\"> and \\<a href=\"y\">");
	CHECK(strstr(h, "<a rel=\"nofollow ugc noopener\" href=\"/news/1\">a</a>") != NULL);
	CHECK(strstr(h, "&lt;a href=&quot;y&quot;&gt;") != NULL);
	CHECK(strstr(h, "<a href") == NULL);
	CHECK_STR(md(&a, ""), "");
	/* the text alone: no syntax, link targets or raw HTML blocks */
	h = "# T\n\n**b** [x](http://y) <i>z</i>\n\n<script>alert(1)</script>\n\n- one\n- two";
	CHECK_STR(markdown_text(&a, h, strlen(h)), "T\nb x z\none\ntwo");
	(void)md(&a, "\xff\xfe\xd0 invalid utf-8");
	/* the excerpt: the same text on one line, cut after MARKDOWN_EXCERPT characters */
	CHECK_STR(markdown_excerpt(&a, h, strlen(h)), "T b x z one two");
	{
		char	 long_text[2 * MARKDOWN_EXCERPT * 2 + 1] = "";
		char	*e;

		for (int i = 0; i < 2 * MARKDOWN_EXCERPT; i++)
			strcat(long_text, "ж");	/* two bytes each: characters are counted, not bytes */
		e = markdown_excerpt(&a, long_text, strlen(long_text));
		CHECK(strlen(e) == MARKDOWN_EXCERPT * 2 + strlen("…"));
		CHECK(strcmp(e + MARKDOWN_EXCERPT * 2, "…") == 0);
	}

	CHECK(xml_escape(&b, "a<b>&\"c\"'\x01\x0b\td") == 0);
	CHECK_STR(b.p, "a&lt;b&gt;&amp;&quot;c&quot;&#39;\td");
	buf_release(&b);
	arena_release(&a);
}
