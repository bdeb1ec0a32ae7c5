#include "../harness.h"
#include "../../../src/base/log.h"
#include "../../../src/base/metrics.h"

#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

#define THREADS	4
#define ADDS	100000

static void *
adder(void *arg)
{
	(void)arg;
	for (int i = 0; i < ADDS; i++)
		metrics_count(METRIC_KEPT_HITS);
	return NULL;
}

/* Per-thread shards: every count of every thread is in the total, none twice. */
static void
shards(void)
{
	pthread_t	t[THREADS];
	uint64_t	before = metrics_total(METRIC_KEPT_HITS);

	for (int i = 0; i < THREADS; i++)
		CHECK(pthread_create(&t[i], NULL, adder, NULL) == 0);
	metrics_add(METRIC_KEPT_HITS, 5);
	for (int i = 0; i < THREADS; i++)
		pthread_join(t[i], NULL);
	CHECK(metrics_total(METRIC_KEPT_HITS) - before == (uint64_t)THREADS * ADDS + 5);
}

static void
exposition(void)
{
	struct buf	b = BUF_INIT(4096);
	char		label[64];

	metrics_label("a\"b\\c\nd", label, sizeof(label));
	CHECK_STR(label, "a\\\"b\\\\c\\nd");
	metrics_label("\\\\\\", label, 4);	/* never half an escape */
	CHECK_STR(label, "\\\\");
	CHECK(metrics_family(&b, "x_total", "counter", "what x counts") == 0);
	CHECK(metrics_sample_u64(&b, "x_total", "k=\"v\"", 18446744073709551615ull) == 0);
	CHECK(metrics_sample(&b, "y", NULL, 0.25) == 0);
	CHECK_STR(b.p, "# HELP x_total what x counts\n# TYPE x_total counter\n"
	    "x_total{k=\"v\"} 18446744073709551615\ny 0.25\n");
	buf_release(&b);
}

/* The lines log_write writes while f runs, with stderr sent to a file. */
static char *
captured(void (*f)(void))
{
	FILE	*tmp = tmpfile();
	int	 saved = dup(2);
	long	 n;
	char	*out;

	fflush(stderr);
	dup2(fileno(tmp), 2);
	f();
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	n = ftell(tmp);
	out = calloc(1, (size_t)n + 1);
	rewind(tmp);
	if (fread(out, 1, (size_t)n, tmp) != (size_t)n)
		out[0] = '\0';
	fclose(tmp);
	return out;
}

static void
json_lines(void)
{
	char	long_msg[3000];
	struct log_field f[] = { { "path", "/x\"\n", 0 }, { "status", NULL, 404 } };

	memset(long_msg, '"', sizeof(long_msg) - 1);
	long_msg[sizeof(long_msg) - 1] = '\0';
	log_format = LOG_JSON;
	log_write(LOG_WARN, "forged\n{\"level\":\"error\"} \\ \x1b[31m \xff Москва");
	log_write_fields(LOG_INFO, f, 2, "GET %s", "/x");
	log_write(LOG_ERR, "%s", long_msg);	/* escapes past the line's room: cut whole */
	log_format = LOG_TEXT;
}

static void
json_format(void)
{
	char		*out = captured(json_lines), *line, *save = NULL;
	int		 n = 0;
	json_t		*o;
	json_error_t	 e;

	for (line = strtok_r(out, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save), n++) {
		o = json_loads(line, 0, &e);
		CHECK(json_is_object(o));
		CHECK(json_is_string(json_object_get(o, "time")));
		CHECK(json_is_string(json_object_get(o, "msg")));
		if (n == 0) {
			CHECK_STR(json_string_value(json_object_get(o, "level")), "warn");
			CHECK_STR(json_string_value(json_object_get(o, "msg")),
			    "forged\\n{\"level\":\"error\"} \\\\ \\x1b[31m \\xff Москва");
		} else if (n == 1) {
			CHECK_STR(json_string_value(json_object_get(o, "path")), "/x\"\\n");
			CHECK(json_integer_value(json_object_get(o, "status")) == 404);
		} else
			CHECK(strlen(json_string_value(json_object_get(o, "msg"))) > 500);
		json_decref(o);
	}
	CHECK(n == 3);
	free(out);
	CHECK(log_format_parse("json", &log_format) == 0 && log_format == LOG_JSON);
	CHECK(log_format_parse("xml", &log_format) == -1);
	log_format = LOG_TEXT;
}

void
test_metrics(void)
{
	shards();
	exposition();
	json_format();
}
