#include <pthread.h>
#include <stdatomic.h>
#include <time.h>

#include "../harness.h"
#include "../../../src/base/ticker.h"

/* A job that counts its runs and asks to wait `wait` seconds after each. */
struct counter {
	pthread_mutex_t	mu;
	pthread_cond_t	cv;
	int		runs;
	long		wait;
	bool		saw_stop;	/* the job read t->stop set while it ran */
	struct ticker	*t;
	bool		block;		/* hold the job until t->stop is set */
	int		entered;	/* jobs begun */
};

static long
count(void *arg)
{
	struct counter	*c = arg;

	pthread_mutex_lock(&c->mu);
	c->entered++;
	pthread_cond_broadcast(&c->cv);
	pthread_mutex_unlock(&c->mu);
	if (c->block)
		while (!atomic_load(&c->t->stop))
			sched_yield();
	pthread_mutex_lock(&c->mu);
	c->runs++;
	c->saw_stop = atomic_load(&c->t->stop);
	pthread_cond_broadcast(&c->cv);
	pthread_mutex_unlock(&c->mu);
	return c->wait;
}

/* Until *what (c->runs, c->entered) reaches n (true), or 10 s passed (false). */
static bool
reaches(struct counter *c, const int *what, int n)
{
	struct timespec	until;
	bool		ok;

	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += 10;
	pthread_mutex_lock(&c->mu);
	while (*what < n && pthread_cond_timedwait(&c->cv, &c->mu, &until) == 0)
		;
	ok = *what >= n;
	pthread_mutex_unlock(&c->mu);
	return ok;
}

static bool
runs_reach(struct counter *c, int n)
{
	return reaches(c, &c->runs, n);
}

static int
runs_of(struct counter *c)
{
	int	n;

	pthread_mutex_lock(&c->mu);
	n = c->runs;
	pthread_mutex_unlock(&c->mu);
	return n;
}

void
test_ticker(void)
{
	struct counter	c = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, 3600,
			    false, NULL, false, 0 };
	struct ticker	t = TICKER_INIT("the test ticker", count, &c);

	c.t = &t;
	/* not started: waking and stopping do nothing */
	ticker_wake(&t);
	CHECK(!ticker_stop(&t));

	/* first_wait 0: it runs at once, then waits its hour until woken */
	CHECK(ticker_start(&t, 0) == 0);
	CHECK(runs_reach(&c, 1));
	ticker_wake(&t);
	CHECK(runs_reach(&c, 2));
	/* stopping ends the hour's wait, without another run */
	CHECK(ticker_stop(&t));
	CHECK(runs_of(&c) == 2);
	CHECK(!ticker_stop(&t));

	/* a long first wait: nothing runs until woken */
	c.runs = 0;
	CHECK(ticker_start(&t, 3600) == 0);
	ticker_wake(&t);
	CHECK(runs_reach(&c, 1));
	CHECK(ticker_stop(&t));
	CHECK(runs_of(&c) == 1);

	/* a job that asks for 0 runs again at once, without a wake */
	c.runs = 0;
	c.wait = 0;
	CHECK(ticker_start(&t, 0) == 0);
	CHECK(runs_reach(&c, 50));
	CHECK(ticker_stop(&t));

	/* a job in flight sees the stop, and the stop waits for it */
	c.runs = 0;
	c.wait = 3600;
	c.block = true;
	c.entered = 0;
	CHECK(ticker_start(&t, 0) == 0);
	CHECK(reaches(&c, &c.entered, 1));
	CHECK(ticker_stop(&t));
	CHECK(runs_of(&c) == 1);
	CHECK(c.saw_stop);
}
