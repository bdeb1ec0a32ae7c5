/*
 * text: small string helpers with no allocation of their own.
 */
#ifndef BASE_TEXT_H
#define BASE_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

/*
 * Folds UTF-8 text into a search key: lower case, Latin diacritics removed
 * (Düsseldorf -> dusseldorf), ё -> е, punctuation -> space. The result is
 * never longer than the input: out needs strlen(in) + 1 bytes.
 */
void	text_fold(const char *in, char *out);

/* RFC 3339 UTC with seconds: "2026-11-22T05:45:29Z" (21 bytes with the NUL). */
#define TEXT_TIME_LEN	21
void	text_time(time_t t, char out[TEXT_TIME_LEN]);
/* Parses what text_time writes (and a date-only "YYYY-MM-DD"); -1 if malformed. */
int	text_time_parse(const char *s, time_t *out);

/*
 * The length of the well-formed UTF-8 sequence at s[0..n) (n > 0), or 0: no
 * overlong forms, no surrogates, nothing above U+10FFFF.
 */
size_t	text_utf8_len(const unsigned char *s, size_t n);
/* Strict base-10 integer: the whole string, in [min, max]. */
int	text_int(const char *s, int64_t min, int64_t max, int64_t *out);
/* The value of the n (at most 9) decimal digits at s, which need no NUL; -1 when one is not a digit. */
int	text_digits(const char *s, size_t n);

/* ASCII letters to lower case, in place (emails); returns s. */
char	*text_lower_ascii(char *s);

bool	text_eq(const char *a, const char *b);	/* NULL-safe strcmp == 0 */
bool	text_has_prefix(const char *s, const char *prefix);

#endif
