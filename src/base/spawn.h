/*
 * spawn: runs another program as a bounded child — posix_spawn, no shell,
 * an argument vector and a fixed environment; its standard input is
 * empty and its standard output and error come back in one buffer of
 * bounded size. It is stopped (SIGKILL) past a wall-clock time, when the
 * caller's stop flag is set, or by the kernel past a CPU time, a file size
 * and an address-space size; and it runs at a lower priority (nice). The
 * limits and the niceness are set by util-linux's prlimit and coreutils'
 * nice, which exec the program in their place (both are in every Debian).
 *
 * Not a general process manager: one call, one child, waited for by pid
 * (never waitpid(-1)), so a caller elsewhere in the process that keeps
 * children of its own must reap only those.
 */
#ifndef BASE_SPAWN_H
#define BASE_SPAWN_H

#include <spawn.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct spawn_limits {
	int			 timeout_ms;	/* wall clock, and the CPU time too */
	int64_t			 max_file;	/* bytes one file it writes may reach (RLIMIT_FSIZE) */
	int64_t			 max_memory;	/* its address space (RLIMIT_AS); 0: unlimited */
	int			 nice;		/* added to its niceness */
	size_t			 max_output;	/* bytes of output kept */
	bool			 keep_tail;	/* keep the last max_output bytes, not the first */
	const atomic_bool	*stop;		/* NULL, or killed once it reads true */
};

struct spawn_result {
	int	 exit_status;	/* its exit status, or -1 when it did not exit */
	int	 signal;	/* the signal that ended it, or 0 */
	bool	 timed_out;	/* killed past timeout_ms */
	bool	 stopped;	/* killed because *stop was set */
	bool	 truncated;	/* it wrote more than max_output */
	char	*output;	/* stdout and stderr as they came, NUL-terminated; free() it */
	size_t	 len;
};

/*
 * Runs argv[0] (a path: no PATH search) with argv and the environment
 * env (NULL-terminated), waits for it within the limits, and fills r.
 * -1 with errno when it could not be started (r is then empty).
 */
int	spawn_run(const char *const argv[], const char *const env[],
	    const struct spawn_limits *l, struct spawn_result *r);
void	spawn_result_release(struct spawn_result *r);

/*
 * Gives the child of fa an empty standard input: the read end of a pipe
 * whose write end is already closed, so it reads end-of-file at once. Not
 * /dev/null, which a broken system may have as a regular file full of what
 * others wrote to it. The caller closes *keep after posix_spawn. -1 with
 * errno when no pipe could be made.
 */
int	spawn_stdin_empty(posix_spawn_file_actions_t *fa, int *keep);

#endif
