/*
 * markdown: CommonMark (cmark) to HTML that is safe to put into a page as
 * it is. Raw HTML is dropped, links and images other than http(s), mailto
 * and relative ones are emptied (cmark's safe mode), and every link gets
 * rel="nofollow ugc noopener". Not a sanitiser for HTML from elsewhere.
 */
#ifndef BASE_MARKDOWN_H
#define BASE_MARKDOWN_H

#include <stddef.h>

#include "arena.h"

/* The HTML of markdown (len bytes), in the arena. */
char	*markdown_html(struct arena *a, const char *markdown, size_t len);

/*
 * The text of markdown without its syntax, raw HTML or link targets, blocks
 * separated by newlines: what search indexes and lists quote.
 */
char	*markdown_text(struct arena *a, const char *markdown, size_t len);
/* The start of markdown_text on one line: up to MARKDOWN_EXCERPT characters, "…" when cut. */
#define MARKDOWN_EXCERPT	280
char	*markdown_excerpt(struct arena *a, const char *markdown, size_t len);

#endif
