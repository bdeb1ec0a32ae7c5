/*
 * hub: channels in a hash table by name; members in a small array per
 * channel; the last RT_HISTORY messages in a ring, allocated with the first
 * message (an idle connection's own channel costs no ring). A channel lives while it
 * has members or kept messages of its own sequence — it is dropped with its
 * last member, so a resume after every member left finds nothing kept and
 * says so (the client reloads).
 */
#include "rt.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "../base/alloc.h"

struct member {
	uint64_t	 conn;
	char		*presence;
};

struct kept {
	uint64_t	 seq;
	char		*text;
	size_t		 len;
};

struct channel {
	struct channel	*next;		/* hash chain */
	char		*name;
	struct member	*members;
	size_t		 nmembers, cap;
	uint64_t	 seq;		/* last message's number */
	struct kept	*ring;		/* RT_HISTORY of them, from the first message on */
};

/* A membership, found by its connection: rt_leave_all visits only these. */
struct link {
	struct link	*next;		/* hash chain, by conn */
	uint64_t	 conn;
	struct channel	*ch;
};

struct rt_hub {
	pthread_mutex_t	 lock;
	struct channel	**buckets;
	size_t		 nbuckets, nchannels;
	struct link	**links;
	size_t		 nlinkbuckets, nlinks;
	rt_send_fn	 send;
	void		*send_arg;
};

static uint64_t
hash(const char *s)
{
	uint64_t	h = 1469598103934665603ull;	/* FNV-1a */

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

struct rt_hub *
rt_hub_new(rt_send_fn send, void *send_arg)
{
	struct rt_hub	*hub = xcalloc(1, sizeof(*hub));

	pthread_mutex_init(&hub->lock, NULL);
	hub->nbuckets = 256;
	hub->buckets = xcalloc(hub->nbuckets, sizeof(*hub->buckets));
	hub->nlinkbuckets = 256;
	hub->links = xcalloc(hub->nlinkbuckets, sizeof(*hub->links));
	hub->send = send;
	hub->send_arg = send_arg;
	return hub;
}

static void
channel_free(struct channel *ch)
{
	for (size_t i = 0; i < ch->nmembers; i++)
		free(ch->members[i].presence);
	for (size_t i = 0; ch->ring != NULL && i < RT_HISTORY; i++)
		free(ch->ring[i].text);
	free(ch->ring);
	free(ch->members);
	free(ch->name);
	free(ch);
}

void
rt_hub_free(struct rt_hub *hub)
{
	struct channel	*ch, *next;

	if (hub == NULL)
		return;
	for (size_t i = 0; i < hub->nbuckets; i++)
		for (ch = hub->buckets[i]; ch != NULL; ch = next) {
			next = ch->next;
			channel_free(ch);
		}
	free(hub->buckets);
	for (size_t i = 0; i < hub->nlinkbuckets; i++)
		for (struct link *l = hub->links[i], *lnext; l != NULL; l = lnext) {
			lnext = l->next;
			free(l);
		}
	free(hub->links);
	pthread_mutex_destroy(&hub->lock);
	free(hub);
}

static void
rehash(struct rt_hub *hub)
{
	size_t		 n = hub->nbuckets * 2;
	struct channel	**b = xcalloc(n, sizeof(*b)), *ch, *next;

	for (size_t i = 0; i < hub->nbuckets; i++)
		for (ch = hub->buckets[i]; ch != NULL; ch = next) {
			next = ch->next;
			ch->next = b[hash(ch->name) & (n - 1)];
			b[hash(ch->name) & (n - 1)] = ch;
		}
	free(hub->buckets);
	hub->buckets = b;
	hub->nbuckets = n;
}

static struct link **
link_bucket(struct rt_hub *hub, uint64_t conn)
{
	return &hub->links[(conn * 11400714819323198485ull) >> 32 & (hub->nlinkbuckets - 1)];
}

static void
link_rehash(struct rt_hub *hub)
{
	struct link	**old = hub->links, *l, *next;
	size_t		 n = hub->nlinkbuckets;

	hub->nlinkbuckets *= 2;
	hub->links = xcalloc(hub->nlinkbuckets, sizeof(*hub->links));
	for (size_t i = 0; i < n; i++)
		for (l = old[i]; l != NULL; l = next) {
			next = l->next;
			l->next = *link_bucket(hub, l->conn);
			*link_bucket(hub, l->conn) = l;
		}
	free(old);
}

static void
link_add(struct rt_hub *hub, uint64_t conn, struct channel *ch)
{
	struct link	*l = xmalloc(sizeof(*l));

	if (hub->nlinks >= hub->nlinkbuckets)
		link_rehash(hub);
	l->conn = conn;
	l->ch = ch;
	l->next = *link_bucket(hub, conn);
	*link_bucket(hub, conn) = l;
	hub->nlinks++;
}

static void
link_remove(struct rt_hub *hub, uint64_t conn, struct channel *ch)
{
	for (struct link **p = link_bucket(hub, conn), *l; (l = *p) != NULL; p = &l->next)
		if (l->conn == conn && l->ch == ch) {
			*p = l->next;
			free(l);
			hub->nlinks--;
			return;
		}
}

/* The channel named name; made when create is set. Under the lock. */
static struct channel *
find(struct rt_hub *hub, const char *name, bool create)
{
	struct channel	**head = &hub->buckets[hash(name) & (hub->nbuckets - 1)], *ch;

	for (ch = *head; ch != NULL; ch = ch->next)
		if (strcmp(ch->name, name) == 0)
			return ch;
	if (!create)
		return NULL;
	if (hub->nchannels >= hub->nbuckets) {
		rehash(hub);
		head = &hub->buckets[hash(name) & (hub->nbuckets - 1)];
	}
	ch = xcalloc(1, sizeof(*ch));
	ch->name = xstrdup(name);
	ch->next = *head;
	*head = ch;
	hub->nchannels++;
	return ch;
}

static void
unlink_channel(struct rt_hub *hub, struct channel *ch)
{
	struct channel	**p = &hub->buckets[hash(ch->name) & (hub->nbuckets - 1)];

	while (*p != ch)
		p = &(*p)->next;
	*p = ch->next;
	hub->nchannels--;
	channel_free(ch);
}

int
rt_join(struct rt_hub *hub, const char *channel, uint64_t conn, const char *presence,
    uint64_t *seq)
{
	struct channel	*ch;

	pthread_mutex_lock(&hub->lock);
	ch = find(hub, channel, true);
	for (size_t i = 0; i < ch->nmembers; i++)
		if (ch->members[i].conn == conn) {
			free(ch->members[i].presence);
			ch->members[i].presence = xstrdup(presence ? presence : "");
			*seq = ch->seq;
			pthread_mutex_unlock(&hub->lock);
			return 0;
		}
	if (ch->nmembers == ch->cap) {
		ch->cap = ch->cap ? ch->cap * 2 : 4;
		ch->members = xrealloc(ch->members, ch->cap * sizeof(*ch->members));
	}
	ch->members[ch->nmembers].conn = conn;
	ch->members[ch->nmembers].presence = xstrdup(presence ? presence : "");
	ch->nmembers++;
	link_add(hub, conn, ch);
	*seq = ch->seq;
	pthread_mutex_unlock(&hub->lock);
	return 0;
}

/* Removes conn from ch; drops ch when it is empty. Under the lock. */
static bool
remove_member(struct rt_hub *hub, struct channel *ch, uint64_t conn)
{
	for (size_t i = 0; i < ch->nmembers; i++) {
		if (ch->members[i].conn != conn)
			continue;
		free(ch->members[i].presence);
		ch->members[i] = ch->members[--ch->nmembers];
		link_remove(hub, conn, ch);
		if (ch->nmembers == 0)
			unlink_channel(hub, ch);
		return true;
	}
	return false;
}

void
rt_leave(struct rt_hub *hub, const char *channel, uint64_t conn)
{
	struct channel	*ch;

	pthread_mutex_lock(&hub->lock);
	if ((ch = find(hub, channel, false)) != NULL)
		remove_member(hub, ch, conn);
	pthread_mutex_unlock(&hub->lock);
}

void
rt_leave_all(struct rt_hub *hub, uint64_t conn, void (*left)(const char *, void *), void *arg)
{
	char		**names = NULL;
	size_t		 n = 0, cap = 0;
	struct link	*l;

	pthread_mutex_lock(&hub->lock);
	for (l = *link_bucket(hub, conn); l != NULL; ) {
		if (l->conn != conn) {
			l = l->next;
			continue;
		}
		if (n == cap) {
			cap = cap ? cap * 2 : 8;
			names = xrealloc(names, cap * sizeof(*names));
		}
		names[n++] = xstrdup(l->ch->name);
		remove_member(hub, l->ch, conn);	/* frees l */
		l = *link_bucket(hub, conn);		/* the chain changed */
	}
	pthread_mutex_unlock(&hub->lock);
	for (size_t i = 0; i < n; i++) {
		if (left != NULL)
			left(names[i], arg);
		free(names[i]);
	}
	free(names);
}

size_t
rt_count(struct rt_hub *hub, uint64_t conn)
{
	struct channel	*ch;
	size_t		 n = 0;

	pthread_mutex_lock(&hub->lock);
	for (size_t i = 0; i < hub->nbuckets; i++)
		for (ch = hub->buckets[i]; ch != NULL; ch = ch->next)
			for (size_t k = 0; k < ch->nmembers; k++)
				n += ch->members[k].conn == conn;
	pthread_mutex_unlock(&hub->lock);
	return n;
}

uint64_t
rt_publish(struct rt_hub *hub, const char *channel, uint64_t except, rt_build_fn build,
    void *arg)
{
	struct channel	*ch;
	struct kept	*k;
	uint64_t	*to, seq;
	size_t		 n = 0;

	pthread_mutex_lock(&hub->lock);
	ch = find(hub, channel, false);
	if (ch == NULL) {
		pthread_mutex_unlock(&hub->lock);
		return 0;
	}
	seq = ++ch->seq;
	if (ch->ring == NULL)	/* most channels (one per connection) never carry one */
		ch->ring = xcalloc(RT_HISTORY, sizeof(*ch->ring));
	k = &ch->ring[seq % RT_HISTORY];
	free(k->text);
	k->seq = seq;
	k->text = build(seq, arg, &k->len);
	to = xmalloc(ch->nmembers * sizeof(*to) + 1);
	for (size_t i = 0; i < ch->nmembers; i++)
		if (ch->members[i].conn != except)
			to[n++] = ch->members[i].conn;
	/* sent under the lock, so that members see messages in sequence order */
	hub->send(hub->send_arg, to, n, k->text, k->len);
	pthread_mutex_unlock(&hub->lock);
	free(to);
	return seq;
}

int
rt_replay(struct rt_hub *hub, const char *channel, uint64_t conn, uint64_t since)
{
	struct channel	*ch;
	uint64_t	 last;
	int		 rc = 0;

	pthread_mutex_lock(&hub->lock);
	ch = find(hub, channel, false);
	last = ch != NULL ? ch->seq : 0;
	if (since == last)
		rc = 0;			/* up to date */
	else if (since > last || last - since > RT_HISTORY)
		rc = -1;		/* renumbered since, or no longer kept */
	else
		for (uint64_t s = since + 1; s <= last; s++) {
			struct kept *k = &ch->ring[s % RT_HISTORY];

			hub->send(hub->send_arg, &conn, 1, k->text, k->len);
		}
	pthread_mutex_unlock(&hub->lock);
	return rc;
}

void
rt_members(struct rt_hub *hub, const char *channel,
    void (*each)(uint64_t, const char *, void *), void *arg)
{
	struct channel	*ch;

	pthread_mutex_lock(&hub->lock);
	if ((ch = find(hub, channel, false)) != NULL)
		for (size_t i = 0; i < ch->nmembers; i++)
			each(ch->members[i].conn, ch->members[i].presence, arg);
	pthread_mutex_unlock(&hub->lock);
}

void
rt_channel_counts(struct rt_hub *hub, const char *prefix, size_t *channels, size_t *members)
{
	size_t	plen = strlen(prefix);

	*channels = *members = 0;
	pthread_mutex_lock(&hub->lock);
	for (size_t i = 0; i < hub->nbuckets; i++)
		for (struct channel *ch = hub->buckets[i]; ch != NULL; ch = ch->next)
			if (ch->nmembers > 0 && strncmp(ch->name, prefix, plen) == 0) {
				(*channels)++;
				*members += ch->nmembers;
			}
	pthread_mutex_unlock(&hub->lock);
}
