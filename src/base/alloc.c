#include "alloc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void
fatal(const char *fmt, ...)
{
	va_list	ap;

	fputs("fatal: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

static void *
check(void *p, size_t n)
{
	if (p == NULL && n != 0)
		fatal("out of memory allocating %zu bytes", n);
	return p;
}

void *
xmalloc(size_t n)
{
	return check(malloc(n ? n : 1), n);
}

void *
xcalloc(size_t nmemb, size_t size)
{
	if (size != 0 && nmemb > (size_t)-1 / size)
		fatal("allocation overflow: %zu x %zu", nmemb, size);
	return check(calloc(nmemb ? nmemb : 1, size ? size : 1), nmemb * size);
}

void *
xrealloc(void *p, size_t n)
{
	return check(realloc(p, n ? n : 1), n);
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *
xstrndup(const char *s, size_t n)
{
	char	*p = xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}
