#include <signal.h>
#include <stdio.h>
#include <sys/resource.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../harness.h"
#include "../../../src/base/spawn.h"

static const char *const env[] = { "LC_ALL=C", "PATH=/usr/bin:/bin", NULL };

static struct spawn_limits
limits(int timeout_ms, size_t max_output, bool tail)
{
	struct spawn_limits	l = { .timeout_ms = timeout_ms, .max_file = 1 << 20,
				    .max_memory = (int64_t)1 << 30, .nice = 5,
				    .max_output = max_output, .keep_tail = tail };

	return l;
}

/* the niceness a child of this process has after nice -n by */
static int
niced(int by)
{
	int	n = getpriority(PRIO_PROCESS, 0) + by;

	return n > 19 ? 19 : n;
}

/* sh -c script: 0 when it ran (r filled) */
static int
sh(const char *script, const struct spawn_limits *l, struct spawn_result *r)
{
	const char *const	argv[] = { "/bin/sh", "-c", script, NULL };

	return spawn_run(argv, env, l, r);
}

void
test_spawn(void)
{
	struct spawn_limits	l = limits(10000, 4096, false);
	struct spawn_result	r;
	atomic_bool		stop = true;
	char			file[] = "/tmp/pobratim-spawn-XXXXXX", script[128];
	int			fd;

	/* its output, both streams, and its exit status */
	CHECK(sh("echo out; echo err >&2; exit 3", &l, &r) == 0);
	CHECK(r.exit_status == 3 && r.signal == 0 && !r.timed_out && !r.truncated);
	CHECK_STR(r.output, "out\nerr\n");
	spawn_result_release(&r);
	/* only the environment given; standard input is empty; no shell between */
	CHECK(sh("echo \"$LC_ALL $HOME\"; cat; nice", &l, &r) == 0);
	CHECK(r.exit_status == 0);
	CHECK(r.output != NULL && strncmp(r.output, "C \n", 3) == 0);
	CHECK(r.output != NULL && atoi(r.output + 3) == niced(5));
	if (r.output != NULL && atoi(r.output + 3) != niced(5))
		fprintf(stderr, "spawn: nice printed '%s', this process's niceness is %d\n",
		    r.output + 3, getpriority(PRIO_PROCESS, 0));
	spawn_result_release(&r);
	/* a signal */
	CHECK(sh("kill -9 $$", &l, &r) == 0);
	CHECK(r.exit_status == -1 && r.signal == SIGKILL);
	spawn_result_release(&r);
	/* past its time it is killed, and says so */
	l = limits(200, 4096, false);
	CHECK(sh("echo started; exec sleep 30", &l, &r) == 0);
	CHECK(r.timed_out && !r.stopped && r.signal == SIGKILL);
	CHECK_STR(r.output, "started\n");
	spawn_result_release(&r);
	/* a stop asked for kills it */
	l = limits(10000, 4096, false);
	l.stop = &stop;
	CHECK(sh("exec sleep 30", &l, &r) == 0);
	CHECK(r.stopped && !r.timed_out && r.signal == SIGKILL);
	spawn_result_release(&r);
	/* endless output: bounded, the first or the last bytes kept, and it still ends */
	l = limits(500, 1000, false);
	CHECK(sh("head -c 300000 /dev/zero | tr '\\0' a; echo END", &l, &r) == 0);
	CHECK(r.truncated && r.len == 1000 && r.output[0] == 'a' && strlen(r.output) == 1000);
	spawn_result_release(&r);
	l = limits(500, 1000, true);
	CHECK(sh("head -c 300000 /dev/zero | tr '\\0' a; echo END", &l, &r) == 0);
	CHECK(r.truncated && r.len == 1000 && strcmp(r.output + 996, "END\n") == 0);
	spawn_result_release(&r);
	l = limits(1000, 64, false);
	CHECK(sh("yes", &l, &r) == 0);
	CHECK(r.timed_out && r.len == 64);
	spawn_result_release(&r);
	/* a file past max_file: SIGXFSZ */
	if ((fd = mkstemp(file)) != -1) {
		close(fd);
		l = limits(10000, 4096, false);
		l.max_file = 1000;
		snprintf(script, sizeof(script), "head -c 5000 /dev/zero > %s", file);
		CHECK(sh(script, &l, &r) == 0);
		CHECK(r.signal == SIGXFSZ || r.exit_status != 0);
		if (!(r.signal == SIGXFSZ || r.exit_status != 0))
			fprintf(stderr, "  %d %d %s\n", r.signal, r.exit_status, r.output);
		spawn_result_release(&r);
		unlink(file);
	}
	/* a program that is not there */
	{
		const char *const	argv[] = { "/nonexistent/program", NULL };

		CHECK(spawn_run(argv, env, &l, &r) == -1);
		spawn_result_release(&r);
	}
}
