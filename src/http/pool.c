/*
 * pool: worker threads for handlers, so the lws service thread only does I/O.
 * Each worker owns one context (a database connection) for its whole life.
 * Each remembers what job it runs (a copy of its what) and since when, so
 * that a stop that cannot wait any longer can say which were stuck.
 */
#include "http_internal.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../base/alloc.h"
#include "../base/log.h"

struct worker {
	struct pool	*pool;
	pthread_t	 thread;
	bool		 busy;		/* at a job */
	char		 what[128];	/* its what */
	struct timespec	 since;		/* when it took it, CLOCK_MONOTONIC */
};

struct pool {
	pthread_mutex_t	 lock;
	pthread_cond_t	 cond, ready_cond, exit_cond;
	struct pool_job	*head, *tail;
	bool		 stopping;
	int		 queued;	/* jobs from head to tail */
	int		 nthreads, nready, nfailed, nexited;
	struct worker	*workers;
	void		*(*init)(void *);
	void		 (*fini)(void *);
	void		*arg;
};

/* The next job for w, NULL when stopping with none left; w says which it runs. */
static struct pool_job *
take(struct worker *w)
{
	struct pool	*p = w->pool;
	struct pool_job	*job;

	pthread_mutex_lock(&p->lock);
	w->busy = false;
	while (p->head == NULL && !p->stopping)
		pthread_cond_wait(&p->cond, &p->lock);
	job = p->head;
	if (job != NULL) {
		p->head = job->next;
		if (p->head == NULL)
			p->tail = NULL;
		p->queued--;
		w->busy = true;
		memcpy(w->what, job->what, sizeof(w->what));
		clock_gettime(CLOCK_MONOTONIC, &w->since);
	}
	pthread_mutex_unlock(&p->lock);
	return job;
}

static void *
worker_main(void *arg)
{
	struct worker	*w = arg;
	struct pool	*p = w->pool;
	void		*ctx = p->init(p->arg);
	struct pool_job	*job;

	pthread_mutex_lock(&p->lock);
	if (ctx == NULL)
		p->nfailed++;
	else
		p->nready++;
	pthread_cond_broadcast(&p->ready_cond);
	pthread_mutex_unlock(&p->lock);
	if (ctx != NULL) {
		while ((job = take(w)) != NULL)
			job->run(ctx, job);
		p->fini(ctx);
	}
	pthread_mutex_lock(&p->lock);
	p->nexited++;
	pthread_cond_broadcast(&p->exit_cond);
	pthread_mutex_unlock(&p->lock);
	return NULL;
}

struct pool *
pool_new(int n, void *(*init)(void *), void (*fini)(void *), void *arg)
{
	struct pool		*p = xcalloc(1, sizeof(*p));
	pthread_condattr_t	 monotonic;
	bool			 failed;

	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->cond, NULL);
	pthread_cond_init(&p->ready_cond, NULL);
	pthread_condattr_init(&monotonic);
	pthread_condattr_setclock(&monotonic, CLOCK_MONOTONIC);
	pthread_cond_init(&p->exit_cond, &monotonic);
	pthread_condattr_destroy(&monotonic);
	p->init = init;
	p->fini = fini;
	p->arg = arg;
	p->workers = xcalloc((size_t)n, sizeof(*p->workers));
	for (; p->nthreads < n; p->nthreads++) {
		p->workers[p->nthreads].pool = p;
		if (pthread_create(&p->workers[p->nthreads].thread, NULL, worker_main,
		    &p->workers[p->nthreads]) != 0)
			fatal("cannot start worker thread");
	}
	pthread_mutex_lock(&p->lock);
	while (p->nready + p->nfailed < n)
		pthread_cond_wait(&p->ready_cond, &p->lock);
	failed = p->nfailed > 0;
	pthread_mutex_unlock(&p->lock);
	if (failed) {
		log_err("cannot start %d of %d workers", p->nfailed, n);
		pool_free(p);
		return NULL;
	}
	return p;
}

void
pool_submit(struct pool *p, struct pool_job *job)
{
	job->next = NULL;
	pthread_mutex_lock(&p->lock);
	if (p->tail != NULL)
		p->tail->next = job;
	else
		p->head = job;
	p->tail = job;
	p->queued++;
	pthread_mutex_unlock(&p->lock);
	pthread_cond_signal(&p->cond);	/* unlocked: the woken worker need not wait for the lock */
}

void
pool_stats(struct pool *p, struct pool_stats *out)
{
	pthread_mutex_lock(&p->lock);
	out->queued = p->queued;
	out->workers = p->nthreads;
	out->busy = 0;
	for (int i = 0; i < p->nthreads; i++)
		out->busy += p->workers[i].busy;
	pthread_mutex_unlock(&p->lock);
}

int
pool_stop(struct pool *p, const struct timespec *deadline,
    void (*stuck)(const char *what, long ms, void *arg), void *arg)
{
	struct timespec	 now;
	int		 busy = 0, rc = 0;

	pthread_mutex_lock(&p->lock);
	p->stopping = true;
	pthread_cond_broadcast(&p->cond);
	while (p->nexited < p->nthreads && rc != ETIMEDOUT)
		rc = pthread_cond_timedwait(&p->exit_cond, &p->lock, deadline);
	if (p->nexited < p->nthreads) {
		clock_gettime(CLOCK_MONOTONIC, &now);
		for (int i = 0; i < p->nthreads; i++) {
			struct worker *w = &p->workers[i];

			if (!w->busy)
				continue;
			busy++;
			stuck(w->what, (now.tv_sec - w->since.tv_sec) * 1000 +
			    (now.tv_nsec - w->since.tv_nsec) / 1000000, arg);
		}
		for (struct pool_job *job = p->head; job != NULL; job = job->next)
			stuck(job->what, -1, arg);
	}
	pthread_mutex_unlock(&p->lock);
	return busy;
}

void
pool_free(struct pool *p)
{
	if (p == NULL)
		return;
	pthread_mutex_lock(&p->lock);
	p->stopping = true;
	pthread_cond_broadcast(&p->cond);
	pthread_mutex_unlock(&p->lock);
	for (int i = 0; i < p->nthreads; i++)
		pthread_join(p->workers[i].thread, NULL);
	free(p->workers);
	pthread_cond_destroy(&p->cond);
	pthread_cond_destroy(&p->ready_cond);
	pthread_cond_destroy(&p->exit_cond);
	pthread_mutex_destroy(&p->lock);
	free(p);
}
