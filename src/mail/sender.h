/*
 * sender: the thread of `serve` that delivers the outbox over SMTP
 * (sender.c says how: claims, leases, back-off, the one window of a
 * duplicate). Handlers queue messages in their own transactions
 * (db_mail_insert) and, after the commit, wake it.
 */
#ifndef MAIL_SENDER_H
#define MAIL_SENDER_H

#include <stdint.h>

#include "../db/db.h"

struct mail_sender_config {
	const char	*db_path;
	const char	*smtp_url;	/* mail_url_valid */
	const char	*from;		/* the sender's address */
	long		 timeout;	/* seconds one delivery may take */
	long		 retry, retry_max;	/* back-off: the first wait, the longest */
	long		 give_up;	/* seconds after being queued a message fails unsent */
	long		 stop_grace;	/* seconds a delivery in flight may finish after a stop */
};

int	mail_sender_start(const struct mail_sender_config *c);
/* Stops after the delivery in flight, cut off stop_grace seconds after the call. */
void	mail_sender_stop(void);
/* A message was committed: look now. Nothing when the sender does not run. */
void	mail_sender_wake(void);
/* Seconds before the next attempt after `attempts` (1: the first): base doubled, at most max. */
long	mail_backoff(int64_t attempts, long base, long max);

#endif
