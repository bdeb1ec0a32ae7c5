#include "arena.h"

#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "alloc.h"

#define BLOCK_SIZE	8192
#define ALIGN(n)	(((n) + 15) & ~(size_t)15)

struct arena_block {
	struct arena_block	*next;
	size_t			 used, size;
	_Alignas(16) unsigned char data[];
};

struct arena_defer {
	struct arena_defer	*next;
	void			(*fn)(void *);
	void			*p;
};

void
arena_init(struct arena *a)
{
	a->blocks = NULL;
	a->defers = NULL;
}

static struct arena_block *
block_new(size_t size)
{
	struct arena_block	*b = xmalloc(sizeof(*b) + size);

	b->next = NULL;
	b->used = 0;
	b->size = size;
	return b;
}

void *
arena_alloc(struct arena *a, size_t n)
{
	struct arena_block	*b = a->blocks;
	void			*p;

	n = ALIGN(n ? n : 1);
	if (n > BLOCK_SIZE / 4) {
		/* large: its own block, behind the current one */
		b = block_new(n);
		if (a->blocks != NULL) {
			b->next = a->blocks->next;
			a->blocks->next = b;
		} else
			a->blocks = b;
		b->used = n;
		memset(b->data, 0, n);
		return b->data;
	}
	if (b == NULL || b->size - b->used < n) {
		b = block_new(BLOCK_SIZE);
		b->next = a->blocks;
		a->blocks = b;
	}
	p = b->data + b->used;
	b->used += n;
	memset(p, 0, n);
	return p;
}

char *
arena_strndup(struct arena *a, const char *s, size_t n)
{
	char	*p = arena_alloc(a, n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
arena_strdup(struct arena *a, const char *s)
{
	return s == NULL ? NULL : arena_strndup(a, s, strlen(s));
}

char *
arena_vprintf(struct arena *a, const char *fmt, va_list ap)
{
	va_list	 cp;
	int	 n;
	char	*p;

	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		fatal("arena_vprintf: bad format '%s'", fmt);
	p = arena_alloc(a, (size_t)n + 1);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

char *
arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list	 ap;
	char	*p;

	va_start(ap, fmt);
	p = arena_vprintf(a, fmt, ap);
	va_end(ap);
	return p;
}

void *
arena_grow(struct arena *a, void *items, size_t count, size_t *cap, size_t elem)
{
	void	*grown;

	if (count < *cap)
		return items;
	*cap = *cap ? *cap * 2 : 16;
	grown = arena_alloc(a, *cap * elem);
	if (count > 0)
		memcpy(grown, items, count * elem);
	return grown;
}

size_t
arena_size(const struct arena *a)
{
	size_t	n = 0;

	for (const struct arena_block *b = a->blocks; b != NULL; b = b->next)
		n += sizeof(*b) + b->size;
	return n;
}

void
arena_defer(struct arena *a, void (*fn)(void *), void *p)
{
	struct arena_defer	*d = arena_alloc(a, sizeof(*d));

	d->fn = fn;
	d->p = p;
	d->next = a->defers;
	a->defers = d;
}

void
arena_release(struct arena *a)
{
	struct arena_block	*b, *next;

	/* defers live in the blocks: run them all before freeing any block */
	for (struct arena_defer *d = a->defers; d != NULL; d = d->next)
		d->fn(d->p);
	a->defers = NULL;
	for (b = a->blocks; b != NULL; b = next) {
		next = b->next;
		free(b);
	}
	a->blocks = NULL;
}
