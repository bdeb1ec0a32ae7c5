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
	memcpy(o, p, strlen(p) + 1);
	free(html);
	return out;
}

char *
markdown_text(struct arena *a, const char *markdown, size_t len)
{
	cmark_node		*doc = cmark_parse_document(markdown, len, CMARK_OPT_VALIDATE_UTF8);
	cmark_iter		*it = cmark_iter_new(doc);
	cmark_event_type	 ev;
	size_t			 n = 0, cap = len + 1;
	char			*out = arena_alloc(a, cap);

	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node	*node = cmark_iter_get_node(it);
		const char	*lit = NULL;

		switch (cmark_node_get_type(node)) {
		case CMARK_NODE_TEXT:
		case CMARK_NODE_CODE:
		case CMARK_NODE_CODE_BLOCK:
			lit = ev == CMARK_EVENT_ENTER ? cmark_node_get_literal(node) : NULL;
			break;
		case CMARK_NODE_SOFTBREAK:
		case CMARK_NODE_LINEBREAK:
			lit = " ";
			break;
		case CMARK_NODE_PARAGRAPH:
		case CMARK_NODE_HEADING:
		case CMARK_NODE_ITEM:
			lit = ev == CMARK_EVENT_EXIT && n > 0 && out[n - 1] != '\n' ? "\n" : NULL;
			break;
		default:
			break;
		}
		for (; lit != NULL && *lit != '\0'; lit++) {
			if (n + 1 >= cap) {
				char	*bigger = arena_alloc(a, cap * 2);

				memcpy(bigger, out, n);
				out = bigger;
				cap *= 2;
			}
			out[n++] = *lit;
		}
	}
	while (n > 0 && out[n - 1] == '\n')
		n--;
	out[n] = '\0';
	cmark_iter_free(it);
	cmark_node_free(doc);
	return out;
}

char *
markdown_excerpt(struct arena *a, const char *markdown, size_t len)
{
	char	*text = markdown_text(a, markdown, len);
	size_t	 chars = 0, i;

	for (i = 0; text[i] != '\0'; i++) {
		if (text[i] == '\n')
			text[i] = ' ';
		if (((unsigned char)text[i] & 0xc0) != 0x80 && ++chars > MARKDOWN_EXCERPT)
			break;
	}
	if (text[i] == '\0')
		return text;
	return arena_printf(a, "%.*s…", (int)i, text);
}
