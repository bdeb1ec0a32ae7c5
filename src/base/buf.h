/*
 * buf: a growable byte buffer with a ceiling (curl's dynbuf "toobig"), so a
 * request body, a JSON document or a frame cannot grow without bound. The
 * contents are always NUL-terminated (the NUL is not counted in len).
 */
#ifndef BASE_BUF_H
#define BASE_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
	char	*p;
	size_t	 len, cap, max;
};

#define BUF_INIT(max)	{ NULL, 0, 0, (max) }

void	buf_init(struct buf *b, size_t max);
/* 0, or -1 when the result would exceed max (nothing is appended then). */
__attribute__((warn_unused_result))
int	buf_append(struct buf *b, const void *p, size_t n);
__attribute__((warn_unused_result))
int	buf_puts(struct buf *b, const char *s);
__attribute__((warn_unused_result, format(printf, 2, 3)))
int	buf_printf(struct buf *b, const char *fmt, ...);
void	buf_reset(struct buf *b);	/* len = 0, keeps the memory */
void	buf_release(struct buf *b);	/* frees; back to empty */
/* Hands the memory to the caller (free it); the buf is empty afterwards. */
char	*buf_detach(struct buf *b, size_t *len);

#endif
