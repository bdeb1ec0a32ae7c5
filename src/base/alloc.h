/*
 * alloc: the only place that calls malloc. Out of memory is fatal (like git's
 * xmalloc and redis' zmalloc): callers never check for NULL.
 */
#ifndef BASE_ALLOC_H
#define BASE_ALLOC_H

#include <stddef.h>

void	*xmalloc(size_t n);
void	*xcalloc(size_t nmemb, size_t size);
void	*xrealloc(void *p, size_t n);
char	*xstrdup(const char *s);
char	*xstrndup(const char *s, size_t n);

/* Prints "fatal: <message>" on stderr and aborts. */
__attribute__((noreturn, format(printf, 1, 2)))
void	 fatal(const char *fmt, ...);

#endif
