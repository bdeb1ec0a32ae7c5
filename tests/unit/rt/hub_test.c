#include <stdlib.h>

#include "../harness.h"
#include "../../../src/rt/rt.h"

/* what the hub sent: "conn:text" lines */
static char	sent[4096];

static void
capture(void *arg, const uint64_t *conns, size_t n, const char *text, size_t len)
{
	(void)arg;
	for (size_t i = 0; i < n; i++) {
		size_t used = strlen(sent);

		snprintf(sent + used, sizeof(sent) - used, "%llu:%.*s;", (unsigned long long)conns[i],
		    (int)len, text);
	}
}

static char *
build(uint64_t seq, void *arg, size_t *len)
{
	char	*s = malloc(32);

	*len = (size_t)snprintf(s, 32, "%s#%llu", (const char *)arg, (unsigned long long)seq);
	return s;
}

static int	nleft;

static void
left(const char *channel, void *arg)
{
	(void)channel;
	(void)arg;
	nleft++;
}

void
test_hub(void)
{
	struct rt_hub	*hub = rt_hub_new(capture, NULL);
	uint64_t	 seq;
	char		 name[16];

	CHECK(rt_publish(hub, "empty", 0, build, "x") == 0);	/* nobody listens: nothing kept */
	rt_join(hub, "room", 1, "a", &seq);
	CHECK(seq == 0);
	rt_join(hub, "room", 2, "b", &seq);
	rt_join(hub, "room", 2, "b2", &seq);			/* joining twice is one membership */
	sent[0] = '\0';
	CHECK(rt_publish(hub, "room", 1, build, "hi") == 1);	/* all but the sender */
	CHECK_STR(sent, "2:hi#1;");
	sent[0] = '\0';
	CHECK(rt_publish(hub, "room", 0, build, "yo") == 2);
	CHECK_STR(sent, "1:yo#2;2:yo#2;");
	sent[0] = '\0';
	CHECK(rt_replay(hub, "room", 3, 0) == 0);		/* everything kept */
	CHECK_STR(sent, "3:hi#1;3:yo#2;");
	sent[0] = '\0';
	CHECK(rt_replay(hub, "room", 3, 2) == 0 && sent[0] == '\0');	/* up to date */
	CHECK(rt_replay(hub, "room", 3, 9) == -1);		/* renumbered */
	for (int i = 0; i < RT_HISTORY + 5; i++)
		rt_publish(hub, "room", 0, build, "z");
	CHECK(rt_replay(hub, "room", 3, 1) == -1);		/* no longer kept */
	CHECK(rt_count(hub, 2) == 1);
	for (int i = 0; i < 300; i++) {				/* past a rehash */
		snprintf(name, sizeof(name), "c%d", i);
		rt_join(hub, name, 2, "", &seq);
	}
	CHECK(rt_count(hub, 2) == 301);
	rt_leave_all(hub, 2, left, NULL);
	CHECK(nleft == 301 && rt_count(hub, 2) == 0);
	rt_leave(hub, "room", 1);				/* the last member: channel dropped */
	CHECK(rt_replay(hub, "room", 1, 3) == -1);
	CHECK(rt_publish(hub, "room", 0, build, "gone") == 0);
	rt_hub_free(hub);
}
