/*
 * A background thread that runs one job now and again (the file sweep, the
 * mail sender, the mail scheduler, the recording converter): it waits, runs
 * the job, and waits for as long as the job says, unless woken or stopped
 * meanwhile. The job runs without the lock; stopping waits for the job in
 * flight, which may look at t->stop to give up early.
 */
#ifndef POBRATIM_BASE_TICKER_H
#define POBRATIM_BASE_TICKER_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>

struct ticker {
	const char	*name;			/* for the log: "the sweep thread" */
	long		(*run)(void *arg);	/* seconds until it runs again (0: at once) */
	void		*arg;
	atomic_bool	 stop;			/* set by ticker_stop; the job may read it */
	/* the ticker's own */
	pthread_mutex_t	 mu;
	pthread_cond_t	 cv;
	pthread_t	 thread;
	bool		 running, woken;
	long		 first_wait;
};

#define TICKER_INIT(nm, fn, a) { .name = (nm), .run = (fn), .arg = (a), \
	.mu = PTHREAD_MUTEX_INITIALIZER }

/* Starts the thread; the job first runs after first_wait seconds. 0 or -1 (logged). */
int	ticker_start(struct ticker *t, long first_wait);
/* The job runs again as soon as it can (a no-op unless running). */
void	ticker_wake(struct ticker *t);
/* Sets t->stop, wakes the thread and waits for it: true; false when it was not running. */
bool	ticker_stop(struct ticker *t);

#endif
