#include "markdown.h"

#include <cmark.h>
#include <stdlib.h>
#include <string.h>

#define LINK_OPEN	"<a href=\""
#define LINK_SAFE	"<a rel=\"nofollow ugc noopener\" href=\""

/*
 * In safe mode cmark escapes every '<' of the text and writes raw HTML as a
 * comment, so each "<a href=\"" left in its output is a link it wrote itself:
 * that is where rel goes.
 */
char *
markdown_html(struct arena *a, const char *markdown, size_t len)
{
	char		*html = cmark_markdown_to_html(markdown, len,
			    CMARK_OPT_SAFE | CMARK_OPT_NOBREAKS | CMARK_OPT_VALIDATE_UTF8);
	size_t		 links = 0, n;
	const char	*p, *q;
	char		*out, *o;

	for (p = html; (p = strstr(p, LINK_OPEN)) != NULL; p += sizeof(LINK_OPEN) - 1)
		links++;
	n = strlen(html) + links * (sizeof(LINK_SAFE) - sizeof(LINK_OPEN)) + 1;
	o = out = arena_alloc(a, n);
	for (p = html; (q = strstr(p, LINK_OPEN)) != NULL; p = q + sizeof(LINK_OPEN) - 1) {
		memcpy(o, p, (size_t)(q - p));
		o += q - p;
		memcpy(o, LINK_SAFE, sizeof(LINK_SAFE) - 1);
		o += sizeof(LINK_SAFE) - 1;
	}
	strcpy(o, p);
	free(html);
	return out;
}
