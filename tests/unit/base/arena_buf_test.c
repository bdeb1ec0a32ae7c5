#include <stdint.h>

#include "../harness.h"
#include "../../../src/base/arena.h"
#include "../../../src/base/buf.h"

static int	deferred;

static void
count(void *p)
{
	deferred += *(int *)p;
}

void
test_arena_buf(void)
{
	struct arena	 a = ARENA_INIT;
	struct buf	 b = BUF_INIT(8);
	int		 one = 1, ten = 10;
	char		*big, *s;
	size_t		 cap = 0;
	int		*v = NULL;

	s = arena_printf(&a, "%s-%d", "город", 7);
	CHECK_STR(s, "город-7");
	CHECK(((uintptr_t)arena_alloc(&a, 3) & 15) == 0);
	big = arena_alloc(&a, 100000);		/* its own block */
	CHECK(big[0] == 0 && big[99999] == 0);
	for (int i = 0; i < 100; i++) {
		v = arena_grow(&a, v, (size_t)i, &cap, sizeof(*v));
		v[i] = i;
	}
	CHECK(v[0] == 0 && v[99] == 99 && cap >= 100);
	arena_defer(&a, count, &one);
	arena_defer(&a, count, &ten);
	arena_release(&a);
	CHECK(deferred == 11);
	CHECK(a.blocks == NULL);

	CHECK(buf_puts(&b, "1234") == 0);
	CHECK(buf_printf(&b, "%d", 5678) == 0);
	CHECK(b.len == 8 && strcmp(b.p, "12345678") == 0);
	CHECK(buf_puts(&b, "9") == -1);		/* the ceiling holds */
	CHECK(b.len == 8 && strcmp(b.p, "12345678") == 0);
	buf_reset(&b);
	CHECK(b.len == 0 && b.p[0] == '\0');
	buf_release(&b);
	CHECK(b.p == NULL);
}
