/* A background thread that runs one job now and again: see ticker.h. */
#include <errno.h>
#include <time.h>

#include "log.h"
#include "ticker.h"

/* Until seconds have passed, or the ticker is woken or stopped; with t->mu held. */
static void
wait_locked(struct ticker *t, long seconds)
{
	struct timespec	until;

	/* the condition variable waits by the monotonic clock (ticker_start) */
	clock_gettime(CLOCK_MONOTONIC, &until);
	until.tv_sec += seconds;
	while (!atomic_load(&t->stop) && !t->woken &&
	    pthread_cond_timedwait(&t->cv, &t->mu, &until) != ETIMEDOUT)
		;
}

static void *
ticker_loop(void *arg)
{
	struct ticker	*t = arg;
	long		 wait = t->first_wait;

	pthread_mutex_lock(&t->mu);
	for (;;) {
		if (wait > 0)
			wait_locked(t, wait);
		if (atomic_load(&t->stop))
			break;
		t->woken = false;	/* a wake during the job runs it again */
		pthread_mutex_unlock(&t->mu);
		wait = t->run(t->arg);
		pthread_mutex_lock(&t->mu);
	}
	pthread_mutex_unlock(&t->mu);
	return NULL;
}

int
ticker_start(struct ticker *t, long first_wait)
{
	pthread_condattr_t	attr;

	atomic_store(&t->stop, false);
	t->woken = false;
	t->first_wait = first_wait;
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&t->cv, &attr);
	pthread_condattr_destroy(&attr);
	if (pthread_create(&t->thread, NULL, ticker_loop, t) != 0) {
		log_err("cannot start %s", t->name);
		pthread_cond_destroy(&t->cv);
		return -1;
	}
	pthread_mutex_lock(&t->mu);
	t->running = true;
	pthread_mutex_unlock(&t->mu);
	return 0;
}

void
ticker_wake(struct ticker *t)
{
	pthread_mutex_lock(&t->mu);
	if (t->running) {
		t->woken = true;
		pthread_cond_signal(&t->cv);
	}
	pthread_mutex_unlock(&t->mu);
}

bool
ticker_stop(struct ticker *t)
{
	pthread_mutex_lock(&t->mu);
	if (!t->running) {
		pthread_mutex_unlock(&t->mu);
		return false;
	}
	atomic_store(&t->stop, true);
	pthread_cond_signal(&t->cv);
	pthread_mutex_unlock(&t->mu);
	pthread_join(t->thread, NULL);
	pthread_mutex_lock(&t->mu);
	t->running = false;
	pthread_mutex_unlock(&t->mu);
	pthread_cond_destroy(&t->cv);
	return true;
}
