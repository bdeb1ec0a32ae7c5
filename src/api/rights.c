/*
 * rights: generations of what callers may do, so that an open WebSocket
 * re-checks its rights with the database only when something may have
 * changed. Not a cache of the rights themselves: the database is always the
 * answer, these counters only say when to ask it again.
 *
 * Every write that changes a user's rights (signing out, a role, an
 * organization, disabling, a password) bumps the user's counter, every
 * change to a meeting (participants, host, status, deletion, a guest link
 * revoked) the meeting's, and a change that reaches an unknown set of users
 * (an organization moving to another city) the counter of all. A bump comes
 * after the write's commit, and a connection reads its stamp before it
 * reads the database, so a stamp that has not moved means nothing it read
 * has changed since.
 *
 * Counters live in two fixed tables indexed by a hash of the id: two users
 * (or meetings) that share a slot only cost each other a needless re-check.
 * No lock, no allocation, bounded memory. One process: commits of another
 * (the command line) are not seen here; connections re-check at least once
 * a minute for those (ws_router.c).
 */
#include "api.h"

#include <stdatomic.h>

#define SLOTS	1024	/* per table; a power of two */

static _Atomic uint64_t	users[SLOTS], meetings[SLOTS], all;

static size_t
slot(int64_t id)
{
	/* Fibonacci hashing: consecutive ids spread over the table */
	return (size_t)(((uint64_t)id * 11400714819323198485ull) >> 54) & (SLOTS - 1);
}

void
api_rights_bump_user(int64_t user_id)
{
	atomic_fetch_add(&users[slot(user_id)], 1);
}

void
api_rights_bump_meeting(int64_t meeting_id)
{
	atomic_fetch_add(&meetings[slot(meeting_id)], 1);
}

void
api_rights_bump_all(void)
{
	atomic_fetch_add(&all, 1);
}

/*
 * The sum of the three counters that concern a connection: each only grows,
 * so the sum is unchanged exactly when none of them moved.
 */
uint64_t
api_rights_stamp(int64_t user_id, int64_t meeting_id)
{
	uint64_t	s = atomic_load(&all);

	if (user_id != 0)
		s += atomic_load(&users[slot(user_id)]);
	if (meeting_id != 0)
		s += atomic_load(&meetings[slot(meeting_id)]);
	return s;
}
