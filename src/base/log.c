#include "log.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

enum log_level	log_threshold = LOG_INFO;

static const char *const level_names[] = { "error", "warn", "info", "debug" };

int
log_level_parse(const char *s, enum log_level *out)
{
	for (size_t i = 0; i < sizeof(level_names) / sizeof(level_names[0]); i++)
		if (strcmp(s, level_names[i]) == 0) {
			*out = (enum log_level)i;
			return 0;
		}
	return -1;
}

/* One write(2) a line, so lines of threads never interleave and a line costs one syscall. */
void
log_write(enum log_level level, const char *fmt, ...)
{
	struct timespec	ts;
	struct tm	tm;
	char		line[1024];
	size_t		n;
	int		k;
	va_list		ap;

	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	n = strftime(line, sizeof(line), "%Y-%m-%dT%H:%M:%S", &tm);
	n += (size_t)snprintf(line + n, sizeof(line) - n, ".%03ldZ %s ", ts.tv_nsec / 1000000,
	    level_names[level]);
	va_start(ap, fmt);
	k = vsnprintf(line + n, sizeof(line) - n - 1, fmt, ap);
	va_end(ap);
	n = k < 0 ? n : n + (size_t)k < sizeof(line) - 1 ? n + (size_t)k : sizeof(line) - 2;
	line[n++] = '\n';
	fwrite(line, 1, n, stderr);
}
