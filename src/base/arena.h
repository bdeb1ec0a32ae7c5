/*
 * arena: a per-request memory pool (h2o's h2o_mem_pool_t). Everything a request
 * allocates comes from its arena and is freed at once by arena_release(), which
 * also runs the deferred destructors (statement handles, JSON documents) in
 * reverse order of registration. Not thread-safe: one owner at a time.
 */
#ifndef BASE_ARENA_H
#define BASE_ARENA_H

#include <stdarg.h>
#include <stddef.h>

struct arena_block;
struct arena_defer;

struct arena {
	struct arena_block	*blocks;
	struct arena_defer	*defers;
};

#define ARENA_INIT	{ NULL, NULL }

void	 arena_init(struct arena *a);
void	*arena_alloc(struct arena *a, size_t n);	/* zeroed, 16-aligned */
char	*arena_strdup(struct arena *a, const char *s);
char	*arena_strndup(struct arena *a, const char *s, size_t n);
__attribute__((format(printf, 2, 3)))
char	*arena_printf(struct arena *a, const char *fmt, ...);
char	*arena_vprintf(struct arena *a, const char *fmt, va_list ap);
/*
 * Grows an array living in the arena so that one more element fits: returns
 * items itself, or a copy with twice the room (the old one stays until release).
 */
void	*arena_grow(struct arena *a, void *items, size_t count, size_t *cap, size_t elem);
/* Bytes the arena holds from the allocator (its blocks): for memory bounds in tests. */
size_t	 arena_size(const struct arena *a);
void	 arena_defer(struct arena *a, void (*fn)(void *), void *p);
/* Runs the deferred functions, frees every block; the arena is empty and reusable. */
void	 arena_release(struct arena *a);

#endif
