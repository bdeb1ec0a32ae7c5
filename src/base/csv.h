/*
 * csv: RFC 4180 records — reading one record at a time from a buffer, and
 * writing a field quoted when it needs to be.
 */
#ifndef BASE_CSV_H
#define BASE_CSV_H

#include <stddef.h>

#include "arena.h"
#include "buf.h"

#define CSV_MAX_FIELDS	32

struct csv_reader {
	const char	*p, *end;
	size_t		 line;		/* line number where the last record started, from 1 */
	size_t		 next_line;
};

void	csv_reader_init(struct csv_reader *r, const char *text, size_t len);
/*
 * The next record's fields, copied into the arena: 1, 0 at the end, -1 when a
 * quote is not closed or there are more than CSV_MAX_FIELDS fields. Blank
 * lines are skipped.
 */
int	csv_next(struct csv_reader *r, struct arena *a, const char *fields[CSV_MAX_FIELDS],
	    size_t *n);
/* Appends s (NULL as empty), quoted when it holds a comma, quote or line break. */
__attribute__((warn_unused_result))
int	csv_put(struct buf *b, const char *s);

#endif
