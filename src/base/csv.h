/*
 * csv: RFC 4180 records, as spreadsheets write and read them.
 *
 * The reader takes one record at a time from a buffer. It is linear in the
 * input and bounded in memory: a record's fields are copied into one buffer
 * of the reader, reused for every record and never longer than
 * CSV_MAX_RECORD, so a file of any length costs what its longest record
 * costs. It skips a UTF-8 byte order mark and finds the separator (comma,
 * semicolon as Russian-locale Excel saves, or tab) in the first line.
 *
 * The writer makes files for spreadsheets: a UTF-8 byte order mark first (so
 * that Excel reads Cyrillic), CRLF line ends, fields quoted when they must be,
 * and text cells that a spreadsheet would take for a formula neutralised
 * (OWASP's rule): csv_formula() says which, csv_text() undoes it on import.
 */
#ifndef BASE_CSV_H
#define BASE_CSV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"

#define CSV_MAX_FIELDS	32
#define CSV_MAX_RECORD	(64 * 1024)	/* bytes of one record's fields */
#define CSV_BOM		"\xEF\xBB\xBF"

enum csv_error {
	CSV_OK,
	CSV_ERR_QUOTE,		/* a quoted field is not closed */
	CSV_ERR_FIELDS,		/* more than CSV_MAX_FIELDS fields */
	CSV_ERR_LONG,		/* a record longer than CSV_MAX_RECORD */
};

struct csv_reader {
	const char	*p, *end;
	size_t		 line;		/* line number where the last record started, from 1 */
	size_t		 next_line;
	char		 sep;		/* ',', ';' or '\t' */
	enum csv_error	 error;		/* why csv_next returned -1 */
	struct buf	 rec;		/* the last record's fields, each NUL-terminated */
	size_t		 off[CSV_MAX_FIELDS];
};

/*
 * Reads text[0..len), which must outlive the reader; skips a byte order mark
 * and sets sep to the separator the first line uses most outside quotes
 * (comma when none). Release with csv_reader_release.
 */
void	csv_reader_init(struct csv_reader *r, const char *text, size_t len);
void	csv_reader_release(struct csv_reader *r);
/*
 * The next record's fields: 1, 0 at the end, -1 on a malformed record (the
 * reason in r->error; the reader is then at the end). Blank lines are
 * skipped. The fields live in the reader until the next call.
 */
__attribute__((warn_unused_result))
int	csv_next(struct csv_reader *r, const char *fields[CSV_MAX_FIELDS], size_t *n);
/* A short English phrase for an error, for reports. */
const char *csv_error_text(enum csv_error e);

/*
 * True when a spreadsheet would read text cell s as a formula: s begins with
 * '=', '+', '-', '@', a tab or a carriage return, possibly after single
 * quotes (so that a quote the writer adds can always be told from the text).
 */
bool	csv_formula(const char *s);
/*
 * The text of a cell as written by csv_cell: one leading single quote that
 * neutralised a formula is dropped. A cell typed as '=x in a spreadsheet
 * reads as =x too, as the spreadsheet shows it.
 */
const char *csv_text(const char *cell);

struct csv_writer {
	struct buf	 b;
	char		 sep;
	bool		 row_open;	/* a cell was written on the current row */
	bool		 failed;	/* the output passed its ceiling */
};

/* Starts a file of at most max bytes with the byte order mark. */
void	csv_writer_init(struct csv_writer *w, size_t max, char sep);
void	csv_writer_release(struct csv_writer *w);
/*
 * A text cell (NULL as empty): quoted when it holds the separator, a quote or
 * a line break; a formula (csv_formula) is prefixed with a single quote and
 * quoted. Failures are remembered for csv_writer_done.
 */
void	csv_cell(struct csv_writer *w, const char *s);
/* Number cells: numbers are never formulae, so a negative one stays as it is. */
void	csv_cell_int(struct csv_writer *w, int64_t v);
void	csv_cell_real(struct csv_writer *w, double v);
void	csv_row_end(struct csv_writer *w);
/* 0 when everything fitted, -1 when the file passed its ceiling (throw it away). */
__attribute__((warn_unused_result))
int	csv_writer_done(const struct csv_writer *w);

#endif
