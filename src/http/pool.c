/*
 * pool: worker threads for handlers, so the lws service thread only does I/O.
 * Each worker owns one context (a database connection) for its whole life.
 */
#include "http_internal.h"

#include <pthread.h>
#include <stdlib.h>

#include "../base/alloc.h"
#include "../base/log.h"

struct pool {
	pthread_mutex_t	 lock;
	pthread_cond_t	 cond, ready_cond;
	struct pool_job	*head, *tail;
	bool		 stopping;
	int		 nthreads, nready, nfailed;
	pthread_t	*threads;
	void		*(*init)(void *);
	void		 (*fini)(void *);
	void		*arg;
};

static struct pool_job *
take(struct pool *p)
{
	struct pool_job	*job;

	pthread_mutex_lock(&p->lock);
	while (p->head == NULL && !p->stopping)
		pthread_cond_wait(&p->cond, &p->lock);
	job = p->head;
	if (job != NULL) {
		p->head = job->next;
		if (p->head == NULL)
			p->tail = NULL;
	}
	pthread_mutex_unlock(&p->lock);
	return job;
}

static void *
worker_main(void *arg)
{
	struct pool	*p = arg;
	void		*ctx = p->init(p->arg);
	struct pool_job	*job;

	pthread_mutex_lock(&p->lock);
	if (ctx == NULL)
		p->nfailed++;
	else
		p->nready++;
	pthread_cond_broadcast(&p->ready_cond);
	pthread_mutex_unlock(&p->lock);
	if (ctx == NULL)
		return NULL;
	while ((job = take(p)) != NULL)
		job->run(ctx, job);
	p->fini(ctx);
	return NULL;
}

struct pool *
pool_new(int n, void *(*init)(void *), void (*fini)(void *), void *arg)
{
	struct pool	*p = xcalloc(1, sizeof(*p));
	bool		 failed;

	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->cond, NULL);
	pthread_cond_init(&p->ready_cond, NULL);
	p->init = init;
	p->fini = fini;
	p->arg = arg;
	p->threads = xcalloc((size_t)n, sizeof(pthread_t));
	for (; p->nthreads < n; p->nthreads++)
		if (pthread_create(&p->threads[p->nthreads], NULL, worker_main, p) != 0)
			fatal("cannot start worker thread");
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
	pthread_mutex_unlock(&p->lock);
	pthread_cond_signal(&p->cond);	/* unlocked: the woken worker need not wait for the lock */
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
		pthread_join(p->threads[i], NULL);
	free(p->threads);
	pthread_cond_destroy(&p->cond);
	pthread_cond_destroy(&p->ready_cond);
	pthread_mutex_destroy(&p->lock);
	free(p);
}
