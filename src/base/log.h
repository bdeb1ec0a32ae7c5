/*
 * log: leveled logging to stderr, one line per call, safe from any thread.
 * The level is tested before formatting (redis serverLog). Messages follow
 * git: lower case, no full stop, the problem first, the subject quoted.
 */
#ifndef BASE_LOG_H
#define BASE_LOG_H

enum log_level { LOG_ERR, LOG_WARN, LOG_INFO, LOG_DEBUG };

extern enum log_level log_threshold;

int	log_level_parse(const char *s, enum log_level *out);
__attribute__((format(printf, 2, 3)))
void	log_write(enum log_level level, const char *fmt, ...);

#define log_err(...)	log_write(LOG_ERR, __VA_ARGS__)
#define log_warn(...)	do { if (log_threshold >= LOG_WARN) log_write(LOG_WARN, __VA_ARGS__); } while (0)
#define log_info(...)	do { if (log_threshold >= LOG_INFO) log_write(LOG_INFO, __VA_ARGS__); } while (0)
#define log_debug(...)	do { if (log_threshold >= LOG_DEBUG) log_write(LOG_DEBUG, __VA_ARGS__); } while (0)

#endif
