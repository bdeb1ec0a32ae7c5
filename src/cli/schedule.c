/*
 * schedule: `pobratim schedule run [--at TIME]` does what one tick of the
 * server's scheduler does (src/api/scheduler.c): it queues the reminders,
 * action items and digests due at that moment, each once (mail_keys), into
 * the outbox, whose sender (a running server's) delivers them. Without
 * --at the moment is now; with it, an RFC 3339 UTC time to come, to see what
 * that moment queues (a test of the weekly digest moves the clock so). A
 * time that has passed is taken as now: its reminders would be for meetings
 * that have begun.
 */
#include "cli.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../api/api.h"
#include "../base/text.h"
#include "../cal/cal.h"

static int
usage(void)
{
	fprintf(stderr, "usage: pobratim schedule run [--at YYYY-MM-DDTHH:MM:SSZ] [--db FILE] "
	    "[--public-url URL] [--timezone ZONE]\n");
	return 2;
}

int
cli_schedule(struct config *c, int argc, char **argv)
{
	struct api_settings	 s = { 0 };
	struct db		*db;
	time_t			 at = time(NULL);

	if (argc != 2 && argc != 4)
		return usage();
	if (strcmp(argv[1], "run") != 0 ||
	    (argc == 4 && (strcmp(argv[2], "--at") != 0 || text_time_parse(argv[3], &at) == -1)))
		return usage();
	if (at < time(NULL)) {
		fprintf(stderr, "pobratim: schedule: --at %s has passed: now instead\n", argv[3]);
		at = time(NULL);
	}
	if (c->timezone != NULL && !cal_tz_known(c->timezone)) {
		fprintf(stderr, "pobratim: schedule: --timezone must be an IANA time zone like "
		    "Europe/Moscow, not '%s'\n", c->timezone);
		return 2;
	}
	if ((db = cli_open_db(c->db)) == NULL)
		return 1;
	cli_settings_from(c, &s);
	api_schedule_run(db, &s, cli_schedule_base(c), at);
	db_close(db);
	return 0;
}
