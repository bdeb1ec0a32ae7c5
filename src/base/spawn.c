#include "spawn.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/pidfd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "alloc.h"

#define TICK_MS	100	/* how often the stop flag and the child are looked at */

static int64_t
now_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/*
 * The child runs under util-linux's prlimit and coreutils' nice, which set
 * its limits and niceness and then exec it (the same process): the limits
 * hold from its first instruction, which setting them from outside after
 * posix_spawn (which has no hook for them) would not promise.
 */
#define PRLIMIT	"/usr/bin/prlimit"
#define NICE	"/usr/bin/nice"

static pid_t
start(const char *const argv[], const char *const env[], const struct spawn_limits *l, int out)
{
	posix_spawn_file_actions_t	 fa;
	posix_spawnattr_t		 attr;
	sigset_t			 none, all;
	const char			*args[64];
	char				 cpu[48], fsize[40], as[40], nice[16];
	size_t				 n = 0, given = 0;
	pid_t				 pid = -1;
	int				 rc, in;

	while (argv[given] != NULL)
		given++;
	if (given + 9 > sizeof(args) / sizeof(args[0])) {
		errno = E2BIG;
		return -1;
	}
	snprintf(cpu, sizeof(cpu), "--cpu=%d:%d", l->timeout_ms / 1000 + 1, l->timeout_ms / 1000 + 2);
	snprintf(fsize, sizeof(fsize), "--fsize=%lld", (long long)l->max_file);
	snprintf(as, sizeof(as), "--as=%lld", (long long)l->max_memory);
	snprintf(nice, sizeof(nice), "%d", l->nice);
	args[n++] = PRLIMIT;
	args[n++] = cpu;
	args[n++] = fsize;
	if (l->max_memory > 0)
		args[n++] = as;
	args[n++] = NICE;
	args[n++] = "-n";
	args[n++] = nice;
	for (size_t i = 0; i <= given; i++)
		args[n++] = argv[i];

	posix_spawn_file_actions_init(&fa);
	if (spawn_stdin_empty(&fa, &in) == -1) {
		posix_spawn_file_actions_destroy(&fa);
		return -1;
	}
	posix_spawn_file_actions_adddup2(&fa, out, 1);
	posix_spawn_file_actions_adddup2(&fa, out, 2);
	posix_spawn_file_actions_addclosefrom_np(&fa, 3);
	posix_spawnattr_init(&attr);
	sigemptyset(&none);
	sigfillset(&all);
	posix_spawnattr_setsigmask(&attr, &none);
	posix_spawnattr_setsigdefault(&attr, &all);	/* the server ignores SIGPIPE */
	posix_spawnattr_setpgroup(&attr, 0);
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF |
	    POSIX_SPAWN_SETPGROUP);
	rc = posix_spawn(&pid, PRLIMIT, &fa, &attr, (char *const *)args, (char *const *)env);
	close(in);
	posix_spawnattr_destroy(&attr);
	posix_spawn_file_actions_destroy(&fa);
	if (rc != 0) {
		errno = rc;
		return -1;
	}
	return pid;
}

/* Appends what came, keeping the first or the last max_output bytes. */
static void
keep(struct spawn_result *r, const struct spawn_limits *l, const char *p, size_t n)
{
	size_t	max = l->max_output;

	if (r->len + n > max) {
		r->truncated = true;
		if (!l->keep_tail)
			n = max - r->len;
		else if (n >= max) {
			p += n - max;
			n = max;
			r->len = 0;
		} else {
			size_t	drop = r->len + n - max;

			memmove(r->output, r->output + drop, r->len - drop);
			r->len -= drop;
		}
	}
	memcpy(r->output + r->len, p, n);
	r->len += n;
	r->output[r->len] = '\0';
}

/*
 * Reads what the pipe holds now, 256 KiB at most, so that a child that
 * writes without end still meets its deadline; false at its end.
 */
static bool
drain(int fd, struct spawn_result *r, const struct spawn_limits *l)
{
	char	chunk[4096];
	ssize_t	n = -1;

	for (int i = 0; i < 64 && (n = read(fd, chunk, sizeof(chunk))) > 0; i++)
		keep(r, l, chunk, (size_t)n);
	return n != 0 && (n > 0 || errno == EAGAIN || errno == EINTR);
}

static void
ended(struct spawn_result *r, int status)
{
	if (WIFEXITED(status))
		r->exit_status = WEXITSTATUS(status);
	else if (WIFSIGNALED(status))
		r->signal = WTERMSIG(status);
}

/* Until the child has ended (reaped into r) or it is killed for a limit. */
static void
wait_child(pid_t pid, int out, const struct spawn_limits *l, struct spawn_result *r)
{
	int64_t		deadline = now_ms() + l->timeout_ms;
	int		pidfd = pidfd_open(pid, 0), status;
	bool		open = true;
	struct pollfd	pfd[2] = { { out, POLLIN, 0 }, { pidfd, POLLIN, 0 } };

	for (;;) {
		int64_t	left = deadline - now_ms();

		if (waitpid(pid, &status, WNOHANG) == pid) {
			ended(r, status);
			break;
		}
		if (left <= 0 || (l->stop != NULL && atomic_load(l->stop))) {
			r->timed_out = left <= 0;
			r->stopped = !r->timed_out;
			kill(pid, SIGKILL);
			if (waitpid(pid, &status, 0) == pid)
				ended(r, status);
			break;
		}
		pfd[0].fd = open ? out : -1;
		poll(pfd, 2, left < TICK_MS ? (int)left : TICK_MS);
		if (open && (pfd[0].revents & (POLLIN | POLLHUP | POLLERR)))
			open = drain(out, r, l);
	}
	if (open)
		drain(out, r, l);	/* what it wrote just before it ended */
	if (pidfd != -1)
		close(pidfd);
}

int
spawn_run(const char *const argv[], const char *const env[], const struct spawn_limits *l,
    struct spawn_result *r)
{
	int	fds[2];
	pid_t	pid;

	memset(r, 0, sizeof(*r));
	r->exit_status = -1;
	if (pipe2(fds, O_CLOEXEC) == -1)
		return -1;
	if (access(argv[0], X_OK) == -1 || (pid = start(argv, env, l, fds[1])) == -1) {
		int	saved = errno;

		close(fds[0]);
		close(fds[1]);
		errno = saved;
		return -1;
	}
	close(fds[1]);
	fcntl(fds[0], F_SETFL, O_NONBLOCK);
	r->output = xmalloc(l->max_output + 1);
	r->output[0] = '\0';
	wait_child(pid, fds[0], l, r);
	close(fds[0]);
	return 0;
}

void
spawn_result_release(struct spawn_result *r)
{
	free(r->output);
	memset(r, 0, sizeof(*r));
}

int
spawn_stdin_empty(posix_spawn_file_actions_t *fa, int *keep)
{
	int	p[2];

	if (pipe2(p, O_CLOEXEC) == -1)
		return -1;
	close(p[1]);
	*keep = p[0];
	posix_spawn_file_actions_adddup2(fa, p[0], 0);
	return 0;
}
