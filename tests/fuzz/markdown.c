/*
 * Markdown rendering (src/base/markdown.c, cmark in safe mode): the input is
 * what an author writes (bulletins, notes). The HTML is put into pages as it
 * is, so beyond "no crash": every tag in it is one cmark writes for Markdown
 * (never a tag of the input, never <script), with only the attributes cmark
 * writes; every link carries rel="nofollow ugc noopener"; no href or src is a
 * javascript:, vbscript:, file: or data: URL other than a raster image's;
 * rendering twice gives the same HTML; markdown_text terminates and is never
 * longer than the markdown plus its line breaks.
 */
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <strings.h>

#include "fuzz.h"
#include "../../src/base/markdown.h"

static const char *const tags[] = {
	"p", "h1", "h2", "h3", "h4", "h5", "h6", "em", "strong", "a", "img", "code", "pre",
	"blockquote", "ul", "ol", "li", "hr", "br",
};

static const char *const attributes[] = { "href", "rel", "title", "src", "alt", "start", "class" };

static bool
one_of(const char *const *list, size_t n, const char *s, size_t len)
{
	for (size_t i = 0; i < n; i++)
		if (strlen(list[i]) == len && strncmp(list[i], s, len) == 0)
			return true;
	return false;
}

static bool
starts_with_ci(const char *s, size_t len, const char *prefix)
{
	size_t	n = strlen(prefix);

	return len >= n && strncasecmp(s, prefix, n) == 0;
}

/* An URL cmark wrote into href or src (value of len bytes, up to the quote). */
static void
check_url(const char *v, size_t len)
{
	FUZZ_ASSERT(!starts_with_ci(v, len, "javascript:"));
	FUZZ_ASSERT(!starts_with_ci(v, len, "vbscript:"));
	FUZZ_ASSERT(!starts_with_ci(v, len, "file:"));
	/* cmark lets raster images through, in links too; never svg (it may hold script) */
	if (starts_with_ci(v, len, "data:"))
		FUZZ_ASSERT(starts_with_ci(v, len, "data:image/png") ||
		    starts_with_ci(v, len, "data:image/gif") ||
		    starts_with_ci(v, len, "data:image/jpeg") ||
		    starts_with_ci(v, len, "data:image/webp"));
}

/* One tag at p ('<'): known name, known attributes, quoted values; returns its end. */
static const char *
check_tag(const char *p)
{
	static const char	 comment[] = "<!-- raw HTML omitted -->";
	static const char	 rel[] = " rel=\"nofollow ugc noopener\" href=\"";
	const char		*name, *q;
	bool			 link;

	if (strncmp(p, comment, sizeof(comment) - 1) == 0)
		return p + sizeof(comment) - 1;
	name = p + 1 + (p[1] == '/');
	for (q = name; isalnum((unsigned char)*q); q++)
		;
	FUZZ_ASSERT(one_of(tags, sizeof(tags) / sizeof(tags[0]), name, (size_t)(q - name)));
	link = q - name == 1 && name[0] == 'a' && p[1] != '/';
	if (link)
		FUZZ_ASSERT(strncmp(q, rel, sizeof(rel) - 1) == 0);
	while (q[0] == ' ' && q[1] != '/') {
		const char	*attr = q + 1, *v, *end;

		for (q = attr; isalpha((unsigned char)*q); q++)
			;
		FUZZ_ASSERT(one_of(attributes, sizeof(attributes) / sizeof(attributes[0]), attr,
		    (size_t)(q - attr)));
		FUZZ_ASSERT(q[0] == '=' && q[1] == '"');
		v = q + 2;
		FUZZ_ASSERT((end = strchr(v, '"')) != NULL);
		FUZZ_ASSERT(memchr(v, '<', (size_t)(end - v)) == NULL);
		if ((q - attr == 4 && strncmp(attr, "href", 4) == 0) ||
		    (q - attr == 3 && strncmp(attr, "src", 3) == 0))
			check_url(v, (size_t)(end - v));
		q = end + 1;
	}
	if (q[0] == ' ' && q[1] == '/')		/* <br /> <hr /> <img ... /> */
		q += 2;
	FUZZ_ASSERT(*q == '>');
	return q + 1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena	 a = ARENA_INIT;
	char		*md = fuzz_str(data, size);
	char		*html = markdown_html(&a, md, size);
	char		*again = markdown_html(&a, md, size);
	char		*text = markdown_text(&a, md, size);
	size_t		 lines = 1;

	FUZZ_ASSERT(html != NULL && again != NULL && strcmp(html, again) == 0);
	for (const char *p = html; (p = strchr(p, '<')) != NULL; )
		p = check_tag(p);
	FUZZ_ASSERT(strcasestr(html, "<script") == NULL);
	for (size_t i = 0; i < size; i++)
		lines += data[i] == '\n' || data[i] == '\r';
	FUZZ_ASSERT(text != NULL);
	/* invalid UTF-8 becomes U+FFFD (3 bytes for 1), a tab up to 4 spaces: bounded */
	FUZZ_ASSERT(strlen(text) <= 4 * size + lines);
	arena_release(&a);
	free(md);
	return 0;
}
