/*
 * log: leveled logging to stderr, one line per call, safe from any thread.
 * The level is tested before formatting (redis serverLog). Messages follow
 * git: lower case, no full stop, the problem first, the subject quoted.
 * Messages carry client input (emails, paths), so every line is escaped as
 * a whole after formatting (log_escape): one line per call whatever the
 * arguments hold.
 */
#ifndef BASE_LOG_H
#define BASE_LOG_H

#include <stddef.h>

enum log_level { LOG_ERR, LOG_WARN, LOG_INFO, LOG_DEBUG };

extern enum log_level log_threshold;

int	log_level_parse(const char *s, enum log_level *out);
/*
 * Copies in[0..n) to out (at most cap - 1 bytes and a NUL) with what could
 * forge or garble a log line escaped: \n \r \t and \\, other control
 * bytes, bytes that are not UTF-8, C1 controls, U+2028/U+2029 and the
 * bidirectional controls as \xNN per byte. Well-formed UTF-8 (Cyrillic)
 * stays as it is. Stops before an escape or a character that would not fit
 * whole. Returns the bytes written, without the NUL.
 */
size_t	log_escape(const char *in, size_t n, char *out, size_t cap);
__attribute__((format(printf, 2, 3)))
void	log_write(enum log_level level, const char *fmt, ...);

/*
 * The form of a line (--log-format). text: "TIME LEVEL message". json: one
 * JSON object a line, {"time","level","msg"} and the line's fields, for log
 * shippers; msg is the text line's message, escaped the same way (so still
 * one line, with no control character), then as a JSON string.
 */
enum log_format { LOG_TEXT, LOG_JSON };

extern enum log_format log_format;

int	log_format_parse(const char *s, enum log_format *out);

/* A field of a line: a string (str, escaped as messages are) or, when str is NULL, num. */
struct log_field {
	const char	*key;
	const char	*str;
	long long	 num;
};

/*
 * log_write with fields: in json each is a member of the line's object
 * (keys are the caller's constants: plain ASCII, never "time", "level" or
 * "msg"); in text the message alone says it all.
 */
__attribute__((format(printf, 4, 5)))
void	log_write_fields(enum log_level level, const struct log_field *fields, size_t n,
	    const char *fmt, ...);

#define log_err(...)	log_write(LOG_ERR, __VA_ARGS__)
#define log_warn(...)	do { if (log_threshold >= LOG_WARN) log_write(LOG_WARN, __VA_ARGS__); } while (0)
#define log_info(...)	do { if (log_threshold >= LOG_INFO) log_write(LOG_INFO, __VA_ARGS__); } while (0)
#define log_debug(...)	do { if (log_threshold >= LOG_DEBUG) log_write(LOG_DEBUG, __VA_ARGS__); } while (0)

#endif
