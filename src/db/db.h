/*
 * db: the storage API. Callers see typed functions and plain structs, never
 * SQL, placeholders or a backend's types; every SQL text lives in src/db/.
 * SQLite (sqlite.c) is the embedded backend; the SQL of the queries is
 * written so that PostgreSQL accepts it too ($N placeholders, RETURNING,
 * no backend functions), which is what a libpq backend needs.
 *
 * One struct db is one connection, used by one thread at a time. Strings in
 * results are allocated in the arena the caller passes and live as long as it.
 */
#ifndef DB_DB_H
#define DB_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../base/arena.h"
#include "records.h"	/* the records' plain columns, made from contract/ (x-db) */

enum db_rc {
	DB_ERR = -1,
	DB_OK = 0,
	DB_NOTFOUND,
	DB_CONFLICT,	/* unique key taken, or rows still refer to it */
	DB_INVALID,	/* a reference does not exist (foreign key) */
};

struct db;

/* --- connection --- */

/*
 * Opens (creating if needed, 0600) with WAL and foreign keys on. NULL on
 * failure (logged), also while a restore replaces the database.
 */
struct db	*db_open(const char *path);
void		 db_close(struct db *db);
const char	*db_backend(const struct db *db);	/* "sqlite" */
/*
 * Applies the migrations not applied yet; each in its own transaction. 0,
 * -1 on an error, DB_MIGRATE_NEWER (nothing written, logged) when the
 * database holds a migration this build does not know: a newer version
 * upgraded it, and a downgrade is refused.
 */
#define DB_MIGRATE_NEWER	(-2)
int		 db_migrate(struct db *db);
/*
 * A copy of the database in a new file (refused if file exists), consistent
 * while others write: one read transaction (VACUUM INTO), never restarted
 * by their commits. Made 0600, synced, and checked (PRAGMA integrity_check,
 * a pobratim schema) before it takes the name; -1 with the reason logged.
 */
int		 db_backup(struct db *db, const char *file);
/*
 * Replaces the database at path with a copy of file, after checking file as
 * db_backup checks its copy. Refused while any process has path open (each
 * connection holds "<path>.lock" shared): a server, a backup, a command.
 * The old -wal and -shm go; the copy is 0600 and takes the name by rename.
 */
int		 db_restore(const char *path, const char *file);
/*
 * What a reply read, to keep it while none of that has changed (src/api/
 * cache.c). Between db_reads_begin and db_reads_end a connection notes every
 * table its statements read; unknown: it read something whose writes are
 * not counted (the full-text index), so nothing tells when it changes.
 */
#define DB_TABLES_MAX	256
struct db_reads {
	uint64_t	 tables[DB_TABLES_MAX / 64];	/* a bit per table */
	bool		 unknown;
};
void		 db_reads_begin(struct db *db);
void		 db_reads_end(struct db *db, struct db_reads *out);
/*
 * A number that changes once a write to any table of r has committed: at
 * once for this process' writes, within 100 ms for another process'; equal
 * numbers mean none of them changed.
 */
uint64_t	 db_reads_stamp(const struct db_reads *r);
/*
 * A number that changes after any write to the database has committed
 * (at once for this process, within 100 ms for another process). Read it
 * before reading data to be kept; keep it only if the number is unchanged
 * after its db_reads_stamp has been taken.
 */
uint64_t	 db_writes_seen(struct db *db);
int		 db_begin(struct db *db);
int		 db_commit(struct db *db);
void		 db_rollback(struct db *db);
/*
 * Reads that belong together in one snapshot of the database, which also
 * spares each statement its own read transaction. Begins one only when none
 * is open: the result goes to db_read_end, which ends only what it began.
 */
bool		 db_read_begin(struct db *db);
void		 db_read_end(struct db *db, bool began);
int		 db_integrity_check(struct db *db);
/*
 * A trivial read (the schema's size) on this connection, waiting for a lock
 * timeout_ms at most instead of the usual 5 s: DB_OK, or DB_ERR (logged)
 * when the database cannot be read now. For readiness checks.
 */
int		 db_ping(struct db *db, int timeout_ms);
/* Bulk loading (benchmarks): no fsync, a large page cache. Never while serving. */
int		 db_bulk_mode(struct db *db);

/* --- gazetteer --- */

struct db_country {
	const char	*code, *code3, *numeric, *name_en, *name_ru, *continent;
};

struct db_city {
	int64_t		 id, geonames_id, population;
	const char	*name_en, *name_ru, *country_code, *country_name_en, *country_name_ru;
	const char	*admin1, *timezone;
	double		 latitude, longitude;
};

/* Keyset position in a list ordered by population descending, then id. */
struct db_city_filter {
	const char	*q;		/* folded (text_fold), matches a word start; NULL: all */
	const char	*country;	/* ISO alpha-2 or NULL */
	int64_t		 after_population, after_id;	/* after_id 0: from the start */
	int		 limit;
};

int	db_country_put(struct db *db, const struct db_country *c);
int	db_country_list(struct db *db, struct arena *a, struct db_country **out, size_t *n);
int	db_city_put(struct db *db, const struct db_city *c);	/* by geonames_id */
int	db_city_get(struct db *db, struct arena *a, int64_t id, struct db_city *out);
int	db_city_id_by_geonames(struct db *db, int64_t geonames_id, int64_t *id);
int	db_city_set_name_ru(struct db *db, int64_t id, const char *name_ru);
int	db_city_list(struct db *db, struct arena *a, const struct db_city_filter *f,
	    struct db_city **out, size_t *n);

/* --- organizations --- */

struct db_org {
	DB_ORG_COLUMNS		/* kind, names, website: Organization in contract/openapi.json */
	int64_t		 id, city_id, user_count;
	const char	*created_at, *updated_at;
	struct db_city	 city;		/* filled by get and list */
};

struct db_org_filter {
	const char	*q;		/* folded */
	const char	*kind;
	int64_t		 city_id;	/* 0: any */
	int64_t		 after_id;
	int		 limit;
};

int	db_org_insert(struct db *db, const struct db_org *o, int64_t *id);
int	db_org_update(struct db *db, const struct db_org *o);
int	db_org_delete(struct db *db, int64_t id);	/* DB_CONFLICT while users belong */
int	db_org_get(struct db *db, struct arena *a, int64_t id, struct db_org *out);
int	db_org_list(struct db *db, struct arena *a, const struct db_org_filter *f,
	    struct db_org **out, size_t *n);

/* --- users and sessions --- */

struct db_user {
	/* name, role, locale, disabled, timezone (an IANA name; NULL: the installation's) */
	DB_USER_COLUMNS		/* made from User in contract/openapi.json */
	int64_t		 id, org_id;
	const char	*email, *password_hash;
	const char	*created_at, *updated_at;
	const char	*email_verified_at;	/* NULL: the address is not confirmed */
	bool		 demo_password;
	struct db_org	 org;		/* id, names, city filled by get and list */
};

struct db_user_filter {
	const char	*q;		/* folded, matches email or name */
	const char	*role;
	int64_t		 after_id;
	int		 limit;
};

int	db_user_insert(struct db *db, const struct db_user *u, int64_t *id);
int	db_user_update(struct db *db, const struct db_user *u);	/* all fields */
int	db_user_delete(struct db *db, int64_t id);
int	db_user_get(struct db *db, struct arena *a, int64_t id, struct db_user *out);
int	db_user_get_by_email(struct db *db, struct arena *a, const char *email,
	    struct db_user *out);
int	db_user_list(struct db *db, struct arena *a, const struct db_user_filter *f,
	    struct db_user **out, size_t *n);
/* The enabled staff and admin accounts by name: who may be responsible for things. */
int	db_user_list_staff(struct db *db, struct arena *a, struct db_user **out, size_t *n);
int	db_user_count_demo(struct db *db, int64_t *n);

struct db_session {
	int64_t		 id, user_id;
	const char	*csrf_token, *expires_at;
};

int	db_session_insert(struct db *db, const char *token_hash, int64_t user_id,
	    const char *csrf_token, const char *now, const char *expires_at,
	    const char *address, const char *user_agent);
/* A session not expired at `now`, with its user; DB_NOTFOUND otherwise. */
int	db_session_get(struct db *db, struct arena *a, const char *token_hash, const char *now,
	    struct db_session *s, struct db_user *u);
int	db_session_delete(struct db *db, const char *token_hash);
int	db_session_delete_user(struct db *db, int64_t user_id);
/* Every session of the user but the one of keep_token_hash. */
int	db_session_delete_others(struct db *db, int64_t user_id, const char *keep_token_hash);

/*
 * Sign-in throttling (login.c, used by src/api/session.c): failed sign-ins
 * counted per (account, address), per address and per account, each with
 * the time of its last failure; counts whose last failure is not after
 * `since` are forgotten. email is lower case; address is the key the
 * caller counts an address under. Times are text_time() strings.
 */
struct db_login_count {
	int64_t		 failures;	/* 0: none remembered */
	const char	*last_at;	/* NULL when none */
};
struct db_login_counts {
	struct db_login_count	 pair, address, account;
	bool			 known;	/* the pair signed in after known_since */
};
int	db_login_counts(struct db *db, struct arena *a, const char *email, const char *address,
	    const char *since, const char *known_since, struct db_login_counts *out);
/*
 * One more failure for the pair, the address and the account (a count
 * whose last failure is not after since starts again at one); drops the
 * counts not after since, and with max_rows > 0 the oldest past max_rows.
 */
int	db_login_failure_add(struct db *db, const char *email, const char *address,
	    const char *now, const char *since, int64_t max_rows);
/*
 * A successful sign-in: the pair's failures are forgotten and the pair is
 * known as of now; known pairs not after known_since, and an account's
 * beyond its max_known latest, are dropped.
 */
int	db_login_success(struct db *db, const char *email, const char *address,
	    const char *now, const char *known_since, int64_t max_known);
/* Rows of the counts and of the known pairs (tests, bounds). */
int	db_login_rows(struct db *db, int64_t *counts, int64_t *known);

/* --- dashboard --- */

struct db_counts {
	int64_t		 countries, cities, organizations, users;
};

struct db_country_count {
	const char	*country_code, *name_en, *name_ru;
	int64_t		 count;
};

int	db_counts(struct db *db, struct db_counts *out);
int	db_org_count_by_country(struct db *db, struct arena *a,
	    struct db_country_count **out, size_t *n);

/* --- meetings --- */

/* Working hours of a city, minutes after local midnight; 540..1080 by default. */
int	db_city_hours_get(struct db *db, int64_t city_id, int *start, int *end);
int	db_city_hours_put(struct db *db, int64_t city_id, int start, int end);

/*
 * A participant: a person (name set), an organization, a whole city, or a
 * group named by its label. city is the participant's own city or its
 * organization's.
 */
struct db_participant {
	DB_PARTICIPANT_COLUMNS		/* role, label_ru, label_en, person_id (0: none) */
	int64_t		 id, position, organization_id, city_id;
	const char	*country_code;
	const char	*name_ru, *name_en, *post_ru, *post_en;
	const char	*email;		/* invited by address; NULL: none (read: or the person's) */
	int64_t		 own_city_id;	/* read only: the row's own city (city_id: or its org's) */
	const char	*org_name_ru, *org_name_en;	/* read only */
	struct db_city	 city;				/* read only; id 0 when none */
};

struct db_agenda_item {
	int64_t		 id, position, minutes;		/* minutes 0: no budget */
	const char	*title_ru, *title_en, *presenter;
};

struct db_topic {
	const char	*ru, *en;
};

struct db_action_item {
	DB_ACTION_ITEM_COLUMNS		/* text_ru, status, ...: contract/openapi.json ActionItem */
	int64_t		 id, meeting_id, position, owner_org_id;
	int64_t		 owner_person_id;			/* 0: none */
	const char	*created_at, *updated_at;
	const char	*owner_person_ru, *owner_person_en, *owner_person_email;	/* read only */
	const char	*owner_name_ru, *owner_name_en;		/* read only */
	struct db_city	 owner_city;				/* read only */
	const char	*meeting_title_ru, *meeting_title_en;	/* read only */
};

struct db_meeting {
	DB_MEETING_COLUMNS		/* title_ru, duration, ...: contract/openapi.json MeetingSummary */
	int64_t		 id, host_org_id, created_by;
	const char	*starts_at;
	const char	*rrule, *exdates, *minutes_ru, *minutes_en, *created_at, *updated_at;
	const char	*host_name_ru, *host_name_en;	/* read only */
	int64_t		 host_city_id;			/* read only */
	int64_t		 ical_sequence;			/* read only: db_meeting_sequence_next */
	const char	*creator_email, *creator_name;	/* read only; NULL: account gone */
	/* children: written by insert, replaced by update when non-NULL */
	struct db_participant	*participants;
	size_t			 nparticipants;
	struct db_agenda_item	*agenda;
	size_t			 nagenda;
	struct db_topic		*topics;
	size_t			 ntopics;
	struct db_action_item	*actions;	/* read only here: see db_action_* */
	size_t			 nactions;
};

/*
 * Who sees what: org_id 0 sees every meeting; otherwise the meetings the
 * organization hosts or takes part in, or (city_id != 0) where its city
 * takes part through any participant.
 */
struct db_meeting_scope {
	int64_t		 org_id, city_id;
};

struct db_meeting_filter {
	struct db_meeting_scope	 scope;
	const char		*from, *to;	/* RFC 3339 UTC; series starting before
						   `to` are returned for expansion */
	int			 limit;
};

/* Insert and update write the children; call them inside db_begin/db_commit. */
int	db_meeting_insert(struct db *db, const struct db_meeting *m, int64_t *id);
int	db_meeting_update(struct db *db, const struct db_meeting *m);
int	db_meeting_delete(struct db *db, int64_t id);
/* With children; DB_NOTFOUND also when outside scope. */
int	db_meeting_get(struct db *db, struct arena *a, int64_t id,
	    const struct db_meeting_scope *scope, struct db_meeting *out);
/*
 * The meetings in scope that both cities take part in (as the host's city or
 * through a participant), latest first, at most 100; participants filled.
 * That is how meetings belong to a partnership: derived, never stored.
 */
int	db_meeting_list_between(struct db *db, struct arena *a,
	    const struct db_meeting_scope *scope, int64_t city_a, int64_t city_b,
	    struct db_meeting **out, size_t *n);
/* Without agenda, topics and actions; participants filled. */
int	db_meeting_list(struct db *db, struct arena *a, const struct db_meeting_filter *f,
	    struct db_meeting **out, size_t *n);

/* Fills m->actions (m->id set). */
int	db_meeting_actions(struct db *db, struct arena *a, struct db_meeting *m);
int	db_action_insert(struct db *db, const struct db_action_item *it, int64_t *id);
int	db_action_update(struct db *db, const struct db_action_item *it);
int	db_action_get(struct db *db, struct arena *a, int64_t id, struct db_action_item *out);
/*
 * Open and in-progress items of the meetings in scope, by owner city then due
 * date; overdue_before (YYYY-MM-DD) non-NULL keeps only those due before it;
 * owner_email non-NULL only those whose owner person has that address.
 */
int	db_action_list_open(struct db *db, struct arena *a, const struct db_meeting_scope *scope,
	    const char *overdue_before, const char *owner_email, struct db_action_item **out,
	    size_t *n);

/* A change of a meeting: one field, its value before and after (NULL: none). */
struct db_meeting_change {
	int64_t		 id, changed_by;
	const char	*changed_at, *field, *old_value, *new_value;
	const char	*changed_by_name;		/* read only; NULL: account gone */
};
int	db_meeting_change_add(struct db *db, int64_t meeting_id, const struct db_meeting_change *c);
/* Newest first, at most 200. */
int	db_meeting_changes(struct db *db, struct arena *a, int64_t meeting_id,
	    struct db_meeting_change **out, size_t *n);
/*
 * The meetings in scope that are still to come (upcoming: a series, or a
 * start or a window's end not before `now`) or that have begun (past: a start
 * or a window's beginning before `now`), by first start, at most limit;
 * participants filled. A series may be in both: the caller expands it.
 */
int	db_meeting_list_when(struct db *db, struct arena *a, const struct db_meeting_scope *scope,
	    bool upcoming, const char *now, int limit, struct db_meeting **out, size_t *n);
/*
 * Every item (any status) of the meetings in which each party of the
 * agreement takes part — a party city, a party organization's city, a city of
 * a party country, the cities of the partnerships it is the basis of — latest
 * meeting first, at most 500; none for an agreement without parties.
 */
int	db_action_list_of_agreement(struct db *db, struct arena *a, int64_t agreement_id,
	    struct db_action_item **out, size_t *n);
/*
 * The dashboard's items: open and in-progress items of the meetings in scope
 * that concern city_id (0: any) — owned by, hosted by or taking part there —
 * due before overdue_before (NULL: any); outcome_happened: only those whose
 * roadmap item is done or whose roadmap item's event was held. At most 100.
 */
int	db_action_list_of_city(struct db *db, struct arena *a, const struct db_meeting_scope *sc,
	    int64_t city_id, const char *overdue_before, bool outcome_happened,
	    struct db_action_item **out, size_t *n);

/* Private calendar feeds: one per user, by token hash. */
int	db_feed_put(struct db *db, int64_t user_id, const char *token_hash, const char *now);
int	db_feed_delete(struct db *db, int64_t user_id);
int	db_feed_exists(struct db *db, int64_t user_id, char created_at[32]);
int	db_feed_user(struct db *db, const char *token_hash, int64_t *user_id);
/* --- live rooms: guest links, chat, attendance (rooms.c) --- */

struct db_room_guest {
	DB_ROOM_GUEST_COLUMNS		/* name, max_guests: contract/meetings.json GuestLink */
	int64_t		 id, meeting_id;
	const char	*expires_at;
	const char	*revoked_at;		/* NULL: not revoked */
	bool		 listen;		/* its guests only listen (role "listener") */
};

/* A guest link as its meeting's hosts see it, with its use. */
struct db_room_guest_link {
	struct db_room_guest	 link;
	const char		*created_at, *created_by;	/* created_by: a name, NULL */
	const char		*revoked_by;			/* a name, NULL */
	int64_t			 uses;				/* times it entered the room */
	const char		*first_used_at, *last_used_at;	/* NULL: never */
};

struct db_room_chat {
	int64_t		 id, user_id;		/* user_id 0: a guest */
	const char	*author, *text, *created_at;
};

struct db_room_attendance {
	int64_t		 id, user_id, guest_link_id;
	const char	*name, *joined_at, *left_at;	/* left_at NULL: still in */
};

int	db_meeting_set_status(struct db *db, int64_t id, const char *status, const char *now);
int	db_room_guest_insert(struct db *db, int64_t meeting_id, const struct db_room_guest *g,
	    const char *token_hash, int64_t created_by, const char *now, int64_t *id);
/* The link of a token, or by id (token_hash NULL); expired and revoked ones too. */
int	db_room_guest_get(struct db *db, struct arena *a, const char *token_hash, int64_t id,
	    struct db_room_guest *out);
/* A meeting's links, oldest first. */
int	db_room_guest_list(struct db *db, struct arena *a, int64_t meeting_id,
	    struct db_room_guest_link **out, size_t *n);
/* Revokes link id of the meeting (again is fine); DB_NOTFOUND when it is not one. */
int	db_room_guest_revoke(struct db *db, int64_t meeting_id, int64_t id, int64_t by,
	    const char *now);
/* Ends every link of the meeting that would outlive now (the meeting is over). */
int	db_room_guest_expire(struct db *db, int64_t meeting_id, const char *now);
int	db_room_chat_insert(struct db *db, int64_t meeting_id, const struct db_room_chat *c,
	    int64_t *id);
/* The last `limit` messages, oldest first. */
int	db_room_chat_list(struct db *db, struct arena *a, int64_t meeting_id, int limit,
	    struct db_room_chat **out, size_t *n);
int	db_room_attend_begin(struct db *db, int64_t meeting_id, int64_t user_id,
	    int64_t guest_link_id, const char *name, const char *now, int64_t *id);
int	db_room_attend_end(struct db *db, int64_t id, const char *now);
int	db_room_attendance_list(struct db *db, struct arena *a, int64_t meeting_id,
	    struct db_room_attendance **out, size_t *n);
/* --- recordings of meeting rooms (recordings.c; src/media/recording.h drives them) --- */

struct db_recording {
	int64_t		 id, meeting_id, started_by;	/* started_by 0: the account is gone */
	const char	*started_by_name, *started_at, *ended_at;	/* ended_at NULL: recording */
	const char	*status;	/* recording, processing, ready, failed */
	const char	*error;		/* NULL unless something failed */
};

/* Who a publisher was when recorded (their name and city as they were then). */
struct db_recording_who {
	int64_t		 user_id;		/* 0: a guest */
	const char	*name;			/* NULL: not known (a file Janus named itself) */
	const char	*city_ru, *city_en, *country;	/* NULL when none */
};

struct db_recording_file {
	int64_t			 id, recording_id, publisher_id;	/* publisher 0: unknown */
	struct db_recording_who	 who;		/* read only: the publisher's */
	const char		*source;	/* the .mjr it was made from */
	const char		*kind, *codec, *file, *mime;	/* file: the store name */
	int64_t			 bytes, duration_ms;
	const char		*first_frame_at, *created_at;
};

/* A new recording (status recording) of the meeting, started now by user. */
int	db_recording_begin(struct db *db, int64_t meeting_id, int64_t user_id, const char *name,
	    const char *now, int64_t *id);
int	db_recording_publisher_add(struct db *db, int64_t recording_id,
	    const struct db_recording_who *who, const char *now, int64_t *id);
/* The publisher of the recording; DB_NOTFOUND when it is not one of it. */
int	db_recording_publisher_get(struct db *db, struct arena *a, int64_t recording_id,
	    int64_t id, struct db_recording_who *out);
/* recording -> processing, ended now; DB_NOTFOUND when it is not recording. */
int	db_recording_end(struct db *db, int64_t id, const char *now);
/*
 * Every recording still `recording` -> processing, ended now (at a server's
 * start nothing records: a crash ended them); *n is how many.
 */
int	db_recording_end_all(struct db *db, const char *now, int64_t *n);
/* processing -> ready or failed (error NULL for ready); DB_NOTFOUND when not processing. */
int	db_recording_finish(struct db *db, int64_t id, const char *status, const char *error);
/* failed -> processing, to be converted again (its failed tracks are still there). */
int	db_recording_retry(struct db *db, int64_t id);
int	db_recording_get(struct db *db, struct arena *a, int64_t id, struct db_recording *out);
/* The ids of the recordings in processing, oldest first. */
int	db_recording_pending(struct db *db, struct arena *a, int64_t **ids, size_t *n);
/* A meeting's recordings, latest first, with their files (*files: in recording order). */
int	db_recording_list(struct db *db, struct arena *a, int64_t meeting_id,
	    struct db_recording **out, size_t *n);
int	db_recording_files(struct db *db, struct arena *a, int64_t meeting_id,
	    struct db_recording_file **out, size_t *n);
int	db_recording_file_get(struct db *db, struct arena *a, int64_t recording_id, int64_t id,
	    struct db_recording_file *out);
/* Whether the recording has a file made from source already. */
int	db_recording_file_exists(struct db *db, int64_t recording_id, const char *source,
	    bool *yes);
int	db_recording_file_count(struct db *db, int64_t recording_id, int64_t *n);
/* A converted track; a second one from the same source is DB_CONFLICT. */
int	db_recording_file_add(struct db *db, const struct db_recording_file *f, int64_t *id);
/* The recording and its files' rows; the stored files go with the next sweep. */
int	db_recording_delete(struct db *db, int64_t id);

/* --- partners: people, partnerships, agreements, the network --- */

struct db_person {
	DB_PERSON_COLUMNS	/* names, post, contacts, ...: contract/people.json */
	int64_t		 id, org_id, city_id;
	const char	*org_name_en, *org_name_ru, *city_name_en, *city_name_ru;	/* joined */
	const char	*created_at, *updated_at;
};

struct db_person_filter {
	const char	*q;		/* folded */
	const char	*post;		/* folded: a word of the current post */
	int64_t		 org_id, city_id;	/* 0: any */
	int64_t		 visible_city;	/* 0: all; else this city and its partner cities */
	int64_t		 after_id;
	int		 limit;
};

int	db_person_insert(struct db *db, const struct db_person *p, int64_t *id);
int	db_person_update(struct db *db, const struct db_person *p);
int	db_person_delete(struct db *db, int64_t id);
int	db_person_get(struct db *db, struct arena *a, int64_t id, struct db_person *out);
/* Ordered by precedence, then id; keyset on (precedence, id). */
int	db_person_list(struct db *db, struct arena *a, const struct db_person_filter *f,
	    int64_t after_precedence, struct db_person **out, size_t *n);

/* A post a person held: since..until (NULL: now), in person_posts. */
struct db_person_post {
	int64_t		 org_id;
	const char	*post_ru, *post_en, *org_name_ru, *org_name_en, *since, *until;
};

/* A meeting a person took part in. */
struct db_person_meeting {
	int64_t		 id;
	const char	*title_ru, *title_en, *date, *status, *role;
};

/* A delegation a person was a member of. */
struct db_person_delegation {
	int64_t		 id;
	const char	*specialty_ru, *specialty_en, *from_ru, *from_en, *to_ru, *to_en;
	const char	*date, *status, *role_ru, *role_en;
};

/* An action item a person owns. */
struct db_person_action {
	int64_t		 id, meeting_id;
	const char	*text_ru, *text_en, *due_date, *status, *meeting_title_ru, *meeting_title_en;
};

/*
 * What a person did: posts (newest first), and the meetings, delegations and
 * action items the caller may see (meetings and actions in scope, delegations
 * of sees_city's city unless sees_all).
 */
struct db_person_record {
	struct db_person_post		*posts;
	struct db_person_meeting	*meetings;
	struct db_person_delegation	*delegations;
	struct db_person_action		*actions;
	size_t				 nposts, nmeetings, ndelegations, nactions;
};

int	db_person_record(struct db *db, struct arena *a, int64_t id,
	    const struct db_meeting_scope *meetings, int64_t delegation_city,
	    struct db_person_record *out);
/*
 * Merges person `drop` into `keep` in one transaction: drop's posts, meeting
 * participation, delegation memberships and owned actions move to keep,
 * contact details keep fills only where it has none, and drop is deleted.
 * DB_NOTFOUND when either is missing, DB_INVALID when they are the same.
 */
int	db_person_merge(struct db *db, int64_t keep, int64_t drop);
/* Whether a person has this name (Russian or English); their id into *id. */
int	db_person_named(struct db *db, const char *name, int64_t *id, bool *exists);
/*
 * The organization and the city an imported card names, by exact name
 * (either language; of same-named cities the most populous); 0 when none.
 */
int	db_person_refs(struct db *db, const char *org, const char *city, int64_t *org_id,
	    int64_t *city_id);

/* A city as a partnership shows it. */
struct db_pcity {
	int64_t		 id, geonames_id, population;
	const char	*name_en, *name_ru, *country_code, *country_name_en, *country_name_ru;
	const char	*continent;
	double		 latitude, longitude;
};

struct db_status_change {
	const char	*status, *changed_on, *note, *user_name, *created_at;
};

struct db_partnership {
	DB_PARTNERSHIP_COLUMNS		/* kind, status, ...: contract/partnerships.json */
	int64_t		 id, agreement_id, responsible_id;
	struct db_pcity	 a, b;		/* a: the viewpoint city when the filter names one */
	const char	*agreement_title_en, *agreement_title_ru, *responsible_name;
	const char	*created_at, *updated_at;
};

struct db_partnership_filter {
	int64_t		 city_id;	/* 0: any; else involving it, shown as a */
	int64_t		 visible_city;	/* 0: all; else only those involving it */
	const char	*country;	/* of the other city (either, without city_id) */
	const char	*kind, *status;
	const char	*q;		/* folded, the other city's names */
	const char	*sort;		/* name, country, since, population, kind, status */
	const char	*lang;		/* ru or en: which name "name" sorts by */
	bool		 published_only;
	int64_t		 offset;
	int		 limit;
};

/* Cities in either order; stored smaller id first. DB_CONFLICT: the pair exists. */
int	db_partnership_insert(struct db *db, const struct db_partnership *p, int64_t user_id,
	    const char *today, int64_t *id);
/* All fields; a status change adds a history line dated changed_on. */
int	db_partnership_update(struct db *db, const struct db_partnership *p, int64_t user_id,
	    const char *changed_on, const char *change_note);
int	db_partnership_delete(struct db *db, int64_t id);
int	db_partnership_get(struct db *db, struct arena *a, int64_t id,
	    struct db_partnership *out);
/* The partnership of two cities, in either order; DB_NOTFOUND when they have none. */
int	db_partnership_by_pair(struct db *db, struct arena *a, int64_t city_a, int64_t city_b,
	    struct db_partnership *out);
int	db_partnership_list(struct db *db, struct arena *a,
	    const struct db_partnership_filter *f, struct db_partnership **out, size_t *n);
/*
 * Every partnership of the filter (its limit and offset aside), in its order,
 * one at a time: fn gets a struct db_partnership that lives until it returns,
 * and stops the walk by returning non-zero. For exports of any size.
 */
int	db_partnership_each(struct db *db, const struct db_partnership_filter *f,
	    int (*fn)(void *partnership, void *ctx), void *ctx);
int	db_partnership_history(struct db *db, struct arena *a, int64_t id,
	    struct db_status_change **out, size_t *n);

struct db_group_count {
	const char	*dim;		/* kind, status, country, continent */
	const char	*key, *name_en, *name_ru;
	int64_t		 count;
};

/* Counts of the partnerships involving city_id (0: all) by kind, status, country, continent. */
int	db_partnership_summary(struct db *db, struct arena *a, int64_t city_id,
	    int64_t visible_city, struct db_group_count **out, size_t *n);

struct db_net_node {
	struct db_pcity	 city;
	int		 depth;		/* 0 the centre, 1 its partners, 2 two steps away */
	int64_t		 shared;	/* depth 2: partners in common with the centre */
	int64_t		 degree;	/* partnerships of the city in the whole registry */
};

struct db_net_edge {
	int64_t		 id, a, b;
	const char	*kind, *status;
};

/*
 * The centre's partners and, up to `second` of them, the cities two steps
 * away ranked by the partners they share with the centre; the edges among
 * them all.
 */
int	db_network(struct db *db, struct arena *a, int64_t centre, int second,
	    struct db_net_node **nodes, size_t *nnodes, struct db_net_edge **edges,
	    size_t *nedges);

struct db_party {
	int64_t		 city_id, org_id;
	const char	*country_code;
	const char	*name_en, *name_ru;	/* of the city, organization or country */
};

struct db_agreement {
	DB_AGREEMENT_COLUMNS		/* kind, title_ru, ...: contract/openapi.json */
	int64_t		 id, file_size;
	const char	*file_sha256, *file_type;
	const char	*created_at, *updated_at;
	struct db_party	*parties;
	size_t		 nparties;
};

struct db_agreement_filter {
	const char	*q;		/* folded title */
	const char	*kind;
	int64_t		 city_id;	/* 0: any; else touching it (party, organization, country, basis) */
	int64_t		 city2_id;	/* and touching this one too */
	int64_t		 partnership_id;	/* or the basis of this partnership */
	int64_t		 visible_city;	/* partner role: touching it */
	const char	*valid_to_from, *valid_to_until;	/* expiring window, or NULL */
	int64_t		 after_id;
	int		 limit;
};

/* With its parties (replaced as a whole on update). */
int	db_agreement_insert(struct db *db, const struct db_agreement *g, int64_t *id);
int	db_agreement_update(struct db *db, const struct db_agreement *g);
int	db_agreement_delete(struct db *db, int64_t id);
int	db_agreement_get(struct db *db, struct arena *a, int64_t id, struct db_agreement *out);
/* Parties are filled by get, not by list. */
int	db_agreement_list(struct db *db, struct arena *a, const struct db_agreement_filter *f,
	    struct db_agreement **out, size_t *n);
int	db_agreement_set_file(struct db *db, int64_t id, const char *sha256, const char *type,
	    int64_t size);
/* True when the agreement touches the city (as for db_agreement_filter.city_id). */
int	db_agreement_touches(struct db *db, int64_t id, int64_t city_id, bool *out);
/* True when a person belongs to the city or one of its partner cities. */
int	db_person_visible(struct db *db, int64_t id, int64_t city_id, bool *out);
/* --- information exchange: bulletins, fact checks, mutual aid --- */

/*
 * A bulletin is news, good news or a fact check, in one language. countries
 * and topics are " A B " lists (a space before and after each item).
 */
struct db_bulletin {
	int64_t		 id, city_id, author_id, org_id, revision;
	const char	*kind, *status, *lang, *title, *body, *countries, *topics;
	const char	*source_url, *return_reason;
	const char	*claim, *claim_source, *claim_date, *verdict, *sources;
	const char	*created_at, *updated_at, *published_at;
	/* filled by get and list */
	const char	*author_name, *org_name_en, *org_name_ru, *city_name_en, *city_name_ru;
	const char	*city_country;
	/* markdown_excerpt of the body, written with it; NULL for a row older than migration 0031 */
	const char	*excerpt;
};

struct db_bulletin_filter {
	const char	*status;	/* NULL: any */
	const char	*kind;		/* news, good_news, fact_check; NULL: any */
	const char	*country, *topic;	/* one item or NULL */
	const char	*lang;		/* ru, en or NULL */
	int64_t		 author_id;	/* 0: anyone's */
	int64_t		 before_id;	/* newest first; 0: from the newest */
	int		 limit;
};

struct db_revision {
	int64_t		 revision;
	const char	*title, *body, *status, *note, *editor_name, *created_at;
	/*
	 * The other editable fields as this revision saved them (lists as in
	 * struct db_bulletin); none were kept before migration 0013, whose
	 * older revisions have recorded false.
	 */
	bool		 recorded;
	const char	*kind, *lang, *countries, *topics, *source_url;
	const char	*claim, *claim_source, *claim_date, *verdict, *sources;
	int64_t		 city_id;
};

/* Inserts, writes revision 1 and indexes it; call inside a transaction. */
int	db_bulletin_insert(struct db *db, const struct db_bulletin *b, int64_t *id);
/*
 * Writes every field (status and published_at too), bumps the revision and
 * records it with the editor and a note, and reindexes; inside a transaction.
 */
int	db_bulletin_update(struct db *db, struct db_bulletin *b, int64_t editor_id,
	    const char *note);
int	db_bulletin_get(struct db *db, struct arena *a, int64_t id, struct db_bulletin *out);
int	db_bulletin_list(struct db *db, struct arena *a, const struct db_bulletin_filter *f,
	    struct db_bulletin **out, size_t *n);
int	db_bulletin_revisions(struct db *db, struct arena *a, int64_t id,
	    struct db_revision **out, size_t *n);
/* Published bulletins per country (every country a bulletin names). */
int	db_bulletin_count_by_country(struct db *db, struct arena *a,
	    struct db_country_count **out, size_t *n);

struct db_aid_post {
	DB_AID_POST_COLUMNS		/* kind, category, status, ...: contract/aid.json */
	int64_t		 id, city_id, author_id, org_id, answer_count;
	const char	*country_code, *contact, *created_at, *updated_at;
	/* filled by get and list */
	const char	*author_name, *org_name_en, *org_name_ru;
	const char	*country_name_en, *country_name_ru, *city_name_en, *city_name_ru;
};

struct db_aid_filter {
	const char	*kind, *category, *status, *country;
	int64_t		 before_id;
	int		 limit;
};

struct db_aid_answer {
	int64_t		 id, post_id, user_id, org_id;
	const char	*message, *created_at, *user_name, *org_name_en, *org_name_ru;
};

int	db_aid_insert(struct db *db, const struct db_aid_post *p, int64_t *id);	/* indexes it */
int	db_aid_update(struct db *db, const struct db_aid_post *p);	/* reindexes */
int	db_aid_get(struct db *db, struct arena *a, int64_t id, struct db_aid_post *out);
int	db_aid_list(struct db *db, struct arena *a, const struct db_aid_filter *f,
	    struct db_aid_post **out, size_t *n);
int	db_aid_answer_insert(struct db *db, const struct db_aid_answer *ans, int64_t *id);
int	db_aid_answers(struct db *db, struct arena *a, int64_t post_id,
	    struct db_aid_answer **out, size_t *n);
/* Whether organization org_id has answered post_id. */
int	db_aid_answered_by(struct db *db, int64_t post_id, int64_t org_id, bool *out);

/* --- full-text search (search.c; SQLite FTS5, a tsvector in PostgreSQL) --- */

/* The tables of the searchable kinds. */
enum db_search_table {
	DB_SEARCH_BULLETIN = 1,	/* bulletins and fact checks */
	DB_SEARCH_AID = 2,
	DB_SEARCH_ORG = 3,	/* indexed by triggers (0008_search_partners.sql) */
	DB_SEARCH_PARTNERSHIP = 4,
	DB_SEARCH_MEETING = 5,	/* indexed by triggers (0012_search_meetings_events.sql) */
	DB_SEARCH_EVENT = 6,
	DB_SEARCH_PERSON = 7,	/* indexed by triggers (0025_people.sql) */
	DB_SEARCH_PRACTICE = 8,
	DB_SEARCH_SHIPMENT = 9,
	DB_SEARCH_DELEGATION = 10,
};

struct db_event_scope;

struct db_search_query {
	const char	*q;		/* the user's words */
	const char	*kind;		/* bulletin, fact_check, aid, organization,
					   partnership, meeting, event; NULL: all */
	const char	*country, *topic;	/* NULL: any */
	const char	*from, *to;	/* RFC 3339 or date bounds, to exclusive; NULL: open */
	bool		 sees_all;	/* staff: drafts too */
	int64_t		 user_id;	/* 0: anonymous */
	int64_t		 partner_city;	/* a partner's own city: its partnerships; 0 */
	/* the caller's meetings (as GET /meetings/{id}); NULL: none, anonymous */
	const struct db_meeting_scope	*meetings;
	/* the caller's events (as GET /events/{id}); NULL: the published ones */
	const struct db_event_scope	*events;
	int		 limit;
	int		 candidates;	/* newest matches ranked per kind; 0: default */
};

struct db_search_hit {
	enum db_search_table	 table;
	int64_t			 id;
	const char		*kind, *lang, *title, *countries, *topics, *date, *status;
	/* the last day when the hit spans days: an event's, a meeting known
	   only by a window of days; NULL otherwise */
	const char		*date_to;
	/* "\x02" opens and "\x03" closes a matched word */
	const char		*title_marked, *snippet_marked;
	double			 score;		/* bm25: lower is better */
	bool			 has_page;	/* the caller may open it (partnerships) */
};

/* DB_INVALID when q has no word. */
int	db_search(struct db *db, struct arena *a, const struct db_search_query *q,
	    struct db_search_hit **out, size_t *n);
bool	db_search_kind_known(const char *kind);
int	db_search_put(struct db *db, enum db_search_table table, int64_t id, const char *title,
	    const char *body);
int	db_search_delete(struct db *db, enum db_search_table table, int64_t id);
/*
 * Bulk writes inside one transaction (CSV imports): after db_search_defer,
 * writes to partnerships note their rows instead of indexing each, and
 * db_search_flush indexes them all in one statement before the commit
 * (0014_search_defer.sql says why). A rollback undoes both.
 */
int	db_search_defer(struct db *db);
int	db_search_flush(struct db *db);
/* Merges the index into one segment (after bulk loads; a maintenance job). */
int	db_search_optimize(struct db *db);
/* The folded, stemmed terms the index keeps for text (tests, other backends). */
int	db_search_terms(struct arena *a, const char *text, const char ***out, size_t *n);

/* --- cooperation: roadmap items, trade figures (cooperation.c) --- */

struct db_roadmap_item {
	DB_ROADMAP_ITEM_COLUMNS		/* sector, side, ...: contract/cooperation.json */
	int64_t		 id, agreement_id, position;
	const char	*created_at, *updated_at;
};

struct db_roadmap_note {
	int64_t		 id, item_id, user_id;
	const char	*noted_on, *text, *author, *created_at;	/* author: read only */
};

struct db_roadmap_change {
	int64_t		 id, item_id, user_id;
	const char	*field, *old_value, *new_value, *author, *changed_at;
};

/* The items of an agreement in order; of every agreement when agreement_id is 0. */
int	db_roadmap_list(struct db *db, struct arena *a, int64_t agreement_id,
	    struct db_roadmap_item **out, size_t *n);
int	db_roadmap_get(struct db *db, struct arena *a, int64_t id, struct db_roadmap_item *out);
/* Records "created" in the history. */
int	db_roadmap_insert(struct db *db, const struct db_roadmap_item *it, int64_t user_id,
	    int64_t *id);
/* Writes it and one history row per field that differs from old. */
int	db_roadmap_update(struct db *db, const struct db_roadmap_item *old,
	    const struct db_roadmap_item *it, int64_t user_id);
int	db_roadmap_note_add(struct db *db, int64_t item_id, const char *noted_on,
	    const char *text, int64_t user_id, int64_t *id);
int	db_roadmap_notes(struct db *db, struct arena *a, int64_t item_id,
	    struct db_roadmap_note **out, size_t *n);
int	db_roadmap_history(struct db *db, struct arena *a, int64_t item_id,
	    struct db_roadmap_change **out, size_t *n);
/*
 * Links a meeting's action item (a decision) to a roadmap item and records
 * "decision" (NULL -> its id) in the history; linking it twice writes nothing.
 */
int	db_roadmap_link_action(struct db *db, int64_t item_id, int64_t action_id,
	    int64_t user_id);
/* Unlinks it and records "decision" (its id -> NULL); DB_NOTFOUND when not linked. */
int	db_roadmap_unlink_action(struct db *db, int64_t item_id, int64_t action_id,
	    int64_t user_id);
/* The ids of the action items linked to an item. */
int	db_roadmap_actions(struct db *db, struct arena *a, int64_t item_id, int64_t **out,
	    size_t *n);

/* A decision's link to a roadmap item, seen from the meeting. */
struct db_roadmap_link {
	int64_t		 action_id, item_id, agreement_id;
	const char	*title_ru, *title_en;		/* of the item */
};

/* The links of a meeting's action items, by agreement and item position. */
int	db_roadmap_links_of_meeting(struct db *db, struct arena *a, int64_t meeting_id,
	    struct db_roadmap_link **out, size_t *n);

struct db_trade_point {
	int64_t		 id, series_id;
	const char	*period, *note_ru, *note_en;
	double		 value;
	bool		 derived;
};

struct db_trade_series {
	DB_TRADE_SERIES_COLUMNS		/* reporter_city_id, flow, ...: contract/cooperation.json */
	int64_t		 id;
	const char	*reporter_name_en, *reporter_name_ru;	/* read only */
	const char	*partner_name_en, *partner_name_ru;	/* read only: city or country */
	int64_t		 reporter_geonames_id, partner_geonames_id;	/* read only */
	struct db_trade_point	*points;			/* by list, in period order */
	size_t		 npoints;
};

/*
 * Series with their points; city_id 0 for all, else those whose partner is
 * the city, its country, or whose reporter is the city.
 */
int	db_trade_list(struct db *db, struct arena *a, int64_t city_id,
	    struct db_trade_series **out, size_t *n);
/* The series of (reporter, partner, flow, currency), made when missing. */
int	db_trade_series_put(struct db *db, const struct db_trade_series *s, int64_t *id);
struct db_event {
	DB_EVENT_COLUMNS		/* kind, title_ru, ...: contract/cooperation.json */
	int64_t		 id, host_city_id, guest_city_id, partnership_id;
	int64_t		 roadmap_item_id, responsible_id;
	bool		 status_as_of;	/* write only: the status date is a source's, not the change's */
	const char	*created_at, *updated_at;
	struct db_city	 host, guest;			/* read only: names */
	const char	*responsible_name;		/* read only */
	/* read only: the linked partnership (its cities, smaller id first) and roadmap item */
	struct db_city	 partnership_lo, partnership_hi;
	const char	*partnership_kind;
	bool		 partnership_published;
	int64_t		 roadmap_agreement_id;
	const char	*roadmap_title_ru, *roadmap_title_en;
	const char	*status_since;	/* read only: the latest status change's date */
};

struct db_event_change {
	const char	*status, *changed_on, *author;
	bool		 as_of;		/* changed_on is the date of the source that reports it */
};

/*
 * Who sees which events: every one when city_id is 0 and !published_only,
 * else those published or hosting or visiting city_id (EVENT_IN_SCOPE in SQL).
 */
struct db_event_scope {
	int64_t		 city_id;
	bool		 published_only;
};
bool	db_event_in_scope(const struct db_event_scope *s, const struct db_event *e);

/*
 * Events in date order (undated last), those of the scope (city_id,
 * published_only) of struct db_event_scope.
 * parent_id -1: top-level only; 0: all; > 0: that event's sub-events.
 */
int	db_event_list(struct db *db, struct arena *a, int64_t city_id, bool published_only,
	    int64_t parent_id, struct db_event **out, size_t *n);
int	db_event_get(struct db *db, struct arena *a, int64_t id, struct db_event *out);
/* Both record the status in the history when it is new, as changed on `today`. */
int	db_event_insert(struct db *db, const struct db_event *e, int64_t user_id,
	    const char *today, int64_t *id);
int	db_event_update(struct db *db, const struct db_event *old, const struct db_event *e,
	    int64_t user_id, const char *today);
int	db_event_history(struct db *db, struct arena *a, int64_t id,
	    struct db_event_change **out, size_t *n);

/* True when code is a country of the gazetteer. */
int	db_country_known(struct db *db, const char *code, bool *out);
/* Inserts or replaces the value of a period. */
int	db_trade_point_put(struct db *db, const struct db_trade_point *p);
/* The point of a series for a period; DB_NOTFOUND when it has none. */
int	db_trade_point_get(struct db *db, struct arena *a, int64_t series_id, const char *period,
	    struct db_trade_point *out);

/* --- aid shipments and their distribution (shipments.c) --- */

/* Quantities and weights: 0 means "not stated" (the schema refuses 0). */
struct db_shipment_item {
	DB_SHIPMENT_ITEM_COLUMNS	/* names, quantity, unit (NULL: not stated) */
	int64_t		 id, shipment_id;
	double		 distributed;			/* read only: sum of the lines */
	int64_t		 nlines;			/* read only: distribution lines */
};

struct db_shipment {
	DB_SHIPMENT_COLUMNS		/* donor_org_id, dates, ...: contract/cooperation.json */
	int64_t		 id, donor_city_id, recipient_city_id, year, created_by;
	const char	*donor_name_ru, *donor_name_en;	/* the org's in replies when set */
	const char	*created_at, *updated_at;
	const char	*donor_org_ru, *donor_org_en;		/* read only */
	struct db_city	 donor_city, recipient_city;		/* read only: names */
	struct db_shipment_item	*items;				/* by get, in order */
	size_t		 nitems;
};

struct db_distribution_line {
	int64_t		 item_id;
	double		 quantity;
};

struct db_distribution {
	DB_DISTRIBUTION_COLUMNS	/* recipient_kind, ...: contract/cooperation.json */
	int64_t		 id, shipment_id, created_by;
	const char	*recipient_name_ru, *recipient_name_en;	/* replies: the org's */
	const char	*created_at;
	const char	*recipient_org_ru, *recipient_org_en;	/* read only */
	struct db_distribution_line	*lines;
	size_t		 nlines;
};

/* One donor in one year: the shipments not cancelled, their stated weight. */
struct db_shipment_total {
	int64_t		 year, donor_org_id, shipments, unweighed;	/* unweighed: no weight */
	const char	*donor_ru, *donor_en;
	double		 weight_kg;
	bool		 at_least;		/* a "more than" weight is in the sum */
};

/*
 * Shipments by year and id, newest first, after (after_year, after_id) when
 * after_id > 0; city_id 0 for all, else those it receives or gives. No items.
 */
int	db_shipment_list(struct db *db, struct arena *a, int64_t city_id, int64_t after_year,
	    int64_t after_id, int limit, struct db_shipment **out, size_t *n);
/* With its items and what has been distributed of each. */
int	db_shipment_get(struct db *db, struct arena *a, int64_t id, struct db_shipment *out);
/* Both write the items (update only when items is true); call inside db_begin. */
int	db_shipment_insert(struct db *db, const struct db_shipment *s, int64_t user_id,
	    int64_t *id);
int	db_shipment_update(struct db *db, const struct db_shipment *s, bool items);
int	db_shipment_distributions(struct db *db, struct arena *a, int64_t shipment_id,
	    struct db_distribution **out, size_t *n);
/* The distribution and its lines; call inside db_begin. */
int	db_distribution_insert(struct db *db, const struct db_distribution *d, int64_t user_id,
	    int64_t *id);
int	db_distribution_delete(struct db *db, int64_t shipment_id, int64_t id);
/* Totals by year (newest first) and donor; city_id as in db_shipment_list. */
int	db_shipment_totals(struct db *db, struct arena *a, int64_t city_id,
	    struct db_shipment_total **out, size_t *n);

/* --- delegations of specialists (delegations.c) --- */

struct db_delegation_member {
	const char	*name, *role_ru, *role_en;
};

struct db_delegation {
	DB_DELEGATION_COLUMNS		/* specialty_ru, people_count, ...: contract/cooperation.json */
	int64_t		 id, from_city_id, to_city_id, year, created_by;
	const char	*created_at, *updated_at;
	const char	*from_country;		/* ISO alpha-2, only when from_city_id is 0 */
	struct db_city	 from, to;				/* read only: names (from.id 0: none) */
	const char	*event_title_ru, *event_title_en;	/* read only */
	struct db_delegation_member	*members;		/* by get, in order */
	size_t		 nmembers;
};

/* As db_shipment_list: city_id 0 for all, else those from or to it. No members. */
int	db_delegation_list(struct db *db, struct arena *a, int64_t city_id, int64_t after_year,
	    int64_t after_id, int limit, struct db_delegation **out, size_t *n);
int	db_delegation_get(struct db *db, struct arena *a, int64_t id, struct db_delegation *out);
/* Both write the members (update only when members is true); call inside db_begin. */
int	db_delegation_insert(struct db *db, const struct db_delegation *d, int64_t user_id,
	    int64_t *id);
int	db_delegation_update(struct db *db, const struct db_delegation *d, bool members);
/* --- mail: the outbox and the single-use links sent by mail (src/db/mail.c) --- */

struct db_mail_attachment {
	const char	*filename, *content_type, *content;
};

struct db_mail {
	DB_MAIL_COLUMNS			/* kind, user_id (0: none), ...: contract/mail.json */
	int64_t				 id, attempts;
	const char			*recipient, *recipient_name;
	const char			*body_text, *body_html;	/* html NULL: none */
	const char			*message_id, *status, *last_error;
	const char			*next_at, *lease_owner, *lease_until, *queued_at;
	const char			*sent_at;
	bool				 sensitive;	/* a secret link: bodies cleared after */
	const char			*list_unsubscribe;	/* RFC 8058 URL; NULL: none */
	const struct db_mail_attachment	*attachments;
	size_t				 nattachments;
};

/*
 * Queues m (kind, user_id, recipient, recipient_name, locale, subject,
 * bodies, sensitive, message_id, expires_at, attachments) at m->created_at,
 * due at once. Call it inside the transaction of the change that causes it.
 */
int	db_mail_insert(struct db *db, const struct db_mail *m, int64_t *id);
/* Queued messages not to send any more (past expires_at, or queued before queued_before) fail. */
int	db_mail_expire(struct db *db, const char *now, const char *queued_before, int64_t *n);
/*
 * Claims the next due message for owner until lease_until, counting an
 * attempt: DB_OK with it and its attachments, DB_NOTFOUND when none is due.
 */
int	db_mail_claim(struct db *db, struct arena *a, const char *owner, const char *now,
	    const char *lease_until, struct db_mail *out);
/* The outcome of a claimed message; DB_NOTFOUND when owner no longer holds it. */
int	db_mail_sent(struct db *db, int64_t id, const char *owner, const char *now);
int	db_mail_later(struct db *db, int64_t id, const char *owner, const char *next_at,
	    const char *error);
int	db_mail_failed(struct db *db, int64_t id, const char *owner, const char *error);
/* When the next queued message may be claimed; *at NULL when none is queued. */
int	db_mail_next_due(struct db *db, struct arena *a, const char **at);
/* Forgets sent and discarded messages of before `before`. */
int	db_mail_prune(struct db *db, const char *before);

struct db_mail_filter {
	const char	*status;	/* NULL: all */
	int64_t		 before_id;	/* 0: from the newest */
	int		 limit;
};

struct db_mail_counts {
	int64_t		 queued, sending, sent, failed, discarded;
};

/* Newest first, without attachments. */
int	db_mail_list(struct db *db, struct arena *a, const struct db_mail_filter *f,
	    struct db_mail **out, size_t *n);
int	db_mail_get(struct db *db, struct arena *a, int64_t id, struct db_mail *out);
/* By status; queued messages under a live lease at now count as sending. */
int	db_mail_counts(struct db *db, const char *now, struct db_mail_counts *out);
/*
 * An admin's "retry now" (a waiting or failed message, due at now, its
 * give-up counted from now) and "discard" (a waiting or failed one):
 * DB_NOTFOUND when it is being sent, gone, or its link expired or cleared.
 */
int	db_mail_requeue(struct db *db, int64_t id, const char *now);
int	db_mail_discard(struct db *db, int64_t id, const char *now);

struct db_email_token {
	int64_t		 id, user_id;
	const char	*purpose, *email, *expires_at, *used_at;
};

/* purpose: "password_reset" or "email_verification"; only the token's hash is kept. */
int	db_email_token_insert(struct db *db, const char *purpose, const char *token_hash,
	    int64_t user_id, const char *email, const char *now, const char *expires_at);
int	db_email_token_get(struct db *db, struct arena *a, const char *purpose,
	    const char *token_hash, struct db_email_token *out);
/* Uses the token: DB_OK once, DB_NOTFOUND when it was used already. */
int	db_email_token_use(struct db *db, int64_t id, const char *now);
/* Uses up every unused token of user_id for purpose. */
int	db_email_tokens_end(struct db *db, int64_t user_id, const char *purpose, const char *now);
/* Forgets the tokens that expired before `before`. */
int	db_email_tokens_forget(struct db *db, const char *before);
/* The address email of user id is confirmed at `at`; DB_NOTFOUND when it is no longer theirs. */
int	db_user_set_verified(struct db *db, int64_t id, const char *email, const char *at);

/* --- uploads: the per-user quota and the orphan sweep (src/db/uploads.c) --- */

/* The user stored the file name of size bytes (once per user and name). */
int	db_upload_record(struct db *db, int64_t user_id, const char *name, int64_t size);
/* The bytes of the files the user stored that are still kept. */
int	db_upload_usage(struct db *db, int64_t user_id, int64_t *bytes);
/* The file name is gone from the store: no user keeps it any more. */
int	db_upload_forget(struct db *db, const char *name);
/*
 * Whether a row refers to the stored file name; linkable: it may also be
 * linked from Markdown ("/files/<name>", an image of POST /files).
 */
int	db_file_referenced(struct db *db, const char *name, bool linkable, bool *yes);

/* --- showcase: an event's photo exhibition and fair, practices (src/db/showcase.c) --- */

struct db_photo {
	DB_PHOTO_COLUMNS		/* the captions: contract/showcase.json */
	int64_t		 id, event_id, position, size, user_id;
	int64_t		 width, height;
	const char	*file, *content_type, *thumb;	/* store names: <sha256>.<ext> */
	const char	*created_at;
};

/* An event's photos in their order. */
int	db_photo_list(struct db *db, struct arena *a, int64_t event_id, struct db_photo **out,
	    size_t *n);
int	db_photo_get(struct db *db, struct arena *a, int64_t id, struct db_photo *out);
/* Appends the photo after the event's last. */
int	db_photo_insert(struct db *db, const struct db_photo *p, int64_t *id);
int	db_photo_update(struct db *db, const struct db_photo *p);	/* captions, position */
int	db_photo_delete(struct db *db, int64_t id);

struct db_exhibitor {
	DB_EXHIBITOR_COLUMNS		/* organization_id, name, ...: contract/showcase.json */
	int64_t		 id, event_id;
	const char	*created_at;
	const char	*org_name_ru, *org_name_en, *country_name_ru, *country_name_en; /* read only */
};

int	db_exhibitor_list(struct db *db, struct arena *a, int64_t event_id,
	    struct db_exhibitor **out, size_t *n);
int	db_exhibitor_get(struct db *db, struct arena *a, int64_t id, struct db_exhibitor *out);
int	db_exhibitor_insert(struct db *db, const struct db_exhibitor *x, int64_t *id);
int	db_exhibitor_update(struct db *db, const struct db_exhibitor *x);
int	db_exhibitor_delete(struct db *db, int64_t id);

struct db_product {
	DB_PRODUCT_COLUMNS		/* names, descriptions: contract/showcase.json */
	int64_t		 id, exhibitor_id, event_id;	/* event_id: read only */
	const char	*picture, *picture_type, *thumb, *created_at;
};

/* The products of all exhibitors of an event, by exhibitor then id. */
int	db_product_list(struct db *db, struct arena *a, int64_t event_id,
	    struct db_product **out, size_t *n);
int	db_product_get(struct db *db, struct arena *a, int64_t id, struct db_product *out);
int	db_product_insert(struct db *db, const struct db_product *p, int64_t *id);
/* Names, descriptions and the picture's names. */
int	db_product_update(struct db *db, const struct db_product *p);
int	db_product_delete(struct db *db, int64_t id);

struct db_practice {
	DB_PRACTICE_COLUMNS		/* sector, titles, ...: contract/showcase.json */
	int64_t		 id, city_id, organization_id;
	const char	*created_at, *updated_at;
	struct db_city	 city;				/* read only: names */
	const char	*org_name_ru, *org_name_en;	/* read only */
	int64_t		 interest_count;		/* read only */
};

/* Practices by city then title; city_id 0 and sector NULL: all. */
int	db_practice_list(struct db *db, struct arena *a, int64_t city_id, const char *sector,
	    struct db_practice **out, size_t *n);
int	db_practice_get(struct db *db, struct arena *a, int64_t id, struct db_practice *out);
int	db_practice_insert(struct db *db, const struct db_practice *p, int64_t *id);
int	db_practice_update(struct db *db, const struct db_practice *p);

struct db_interest {
	DB_INTEREST_COLUMNS		/* the message: contract/showcase.json */
	int64_t		 id, practice_id, city_id, organization_id, user_id;
	const char	*status, *created_at, *updated_at;
	struct db_city	 city;				/* read only: names */
	const char	*org_name_ru, *org_name_en, *user_name;	/* read only */
};

struct db_interest_change {
	int64_t		 interest_id;
	const char	*status, *note, *author, *changed_at;
};

int	db_interest_list(struct db *db, struct arena *a, int64_t practice_id,
	    struct db_interest **out, size_t *n);
int	db_interest_get(struct db *db, struct arena *a, int64_t id, struct db_interest *out);
/* Both append to the history; call them inside db_begin/db_commit. */
int	db_interest_insert(struct db *db, const struct db_interest *i, int64_t *id);
int	db_interest_set_status(struct db *db, int64_t id, const char *status, const char *note,
	    int64_t user_id);
/* The history of every interest request of a practice, oldest first. */
int	db_interest_history(struct db *db, struct arena *a, int64_t practice_id,
	    struct db_interest_change **out, size_t *n);


/* --- notifications: invitations, mail preferences, scheduled keys (src/db/notify.c) --- */

/* The installation's random name (migration 0022), for iCalendar UIDs. */
int	db_installation_uid(struct db *db, struct arena *a, const char **out);
/* Its secret (hex), the key of signed links. */
int	db_installation_secret(struct db *db, struct arena *a, const char **out);
/* The accounts whose latest invitation to the meeting is a REQUEST. */
int	db_invitation_users(struct db *db, struct arena *a, int64_t meeting_id, int64_t **out,
	    size_t *n);
/* Raises meeting id's SEQUENCE and gives the new one. */
int	db_meeting_sequence_next(struct db *db, int64_t id, int64_t *seq);

struct db_invitation {
	DB_INVITATION_COLUMNS		/* email, name, method, sequence: meetings.json */
	int64_t		 id, meeting_id, user_id, guest_link_id, mail_id;
	const char	*created_at;
	/* read only: the message's fate in the outbox; status NULL when it was pruned */
	const char	*status, *sent_at, *last_error, *lease_until;
};

int	db_invitation_insert(struct db *db, const struct db_invitation *in);
/* A meeting's invitations, oldest first, with their messages. */
int	db_invitation_list(struct db *db, struct arena *a, int64_t meeting_id,
	    struct db_invitation **out, size_t *n);
/* Revokes the guest links earlier invitations of the meeting gave to email. */
int	db_invitation_revoke_links(struct db *db, int64_t meeting_id, const char *email,
	    int64_t by, const char *now);
/*
 * The enabled accounts with a confirmed address of an organization (org_id
 * > 0), or else the partner accounts of the organizations of a city: who
 * an organization or a city taking part in a meeting stands for. By name.
 */
int	db_user_list_notifiable(struct db *db, struct arena *a, int64_t org_id, int64_t city_id,
	    struct db_user **out, size_t *n);

struct db_mail_prefs {
	DB_MAIL_PREFS_COLUMNS		/* remind_day, ..., digest: contract/users.json */
	int64_t		 user_id;
	const char	*countries, *topics;	/* " IT DE ", " " for all */
	const char	*updated_at;		/* NULL: never set (the defaults) */
};

/* A user's choices, or the defaults when they never made any. */
int	db_mail_prefs_get(struct db *db, struct arena *a, int64_t user_id,
	    struct db_mail_prefs *out);
int	db_mail_prefs_put(struct db *db, const struct db_mail_prefs *p);
/* The enabled accounts' choices that ask for a digest. */
int	db_mail_prefs_digests(struct db *db, struct arena *a, struct db_mail_prefs **out,
	    size_t *n);
/* When the latest key starting with prefix was claimed; *at NULL: never. */
int	db_mail_key_last(struct db *db, struct arena *a, const char *prefix, const char **at);

/*
 * Claims a scheduled message's key inside the caller's transaction: DB_OK
 * when this caller is the first, DB_CONFLICT when someone had it already.
 */
int	db_mail_key_claim(struct db *db, const char *key, const char *now);
/* The message queued for a claimed key. */
int	db_mail_key_set(struct db *db, const char *key, int64_t mail_id);
int	db_mail_keys_forget(struct db *db, const char *before);

/* --- what the sources state that has no other place (facts.c, issue 15) --- */

/* Direct speech on the page of the meeting or the event (one of them) it was said at. */
struct db_quote {
	DB_QUOTE_COLUMNS		/* speaker_ru, text_ru, ...: contract/openapi.json Quote */
	int64_t		 id, meeting_id, event_id;
};
int	db_quote_insert(struct db *db, const struct db_quote *q, int64_t *id);
/* The quotes of a meeting (meeting_id) or of an event (event_id), in order. */
int	db_quote_list(struct db *db, struct arena *a, int64_t meeting_id, int64_t event_id,
	    struct db_quote **out, size_t *n);

/* A figure a city states about itself, as stated ("cities_with_relations": 135). */
struct db_city_figure {
	DB_CITY_FIGURE_COLUMNS		/* indicator, value, ...: contract/gazetteer.json */
	int64_t		 id, city_id;
};
int	db_city_figure_insert(struct db *db, const struct db_city_figure *f, int64_t *id);
/* The latest statement of each indicator of the city. */
int	db_city_figure_list(struct db *db, struct arena *a, int64_t city_id,
	    struct db_city_figure **out, size_t *n);

/* A country (country_code) or a region in words said to study a practice. */
struct db_practice_region {
	DB_PRACTICE_REGION_COLUMNS	/* country_code, region_ru, ...: contract/showcase.json */
	int64_t		 id, practice_id;
	const char	*country_ru, *country_en;	/* read only */
};
int	db_practice_region_insert(struct db *db, const struct db_practice_region *r, int64_t *id);
int	db_practice_region_list(struct db *db, struct arena *a, int64_t practice_id,
	    struct db_practice_region **out, size_t *n);

/* The region a source names for a city where it would name the country ("Сухум (Абхазия)"). */
struct db_city_region {
	DB_CITY_REGION_COLUMNS		/* region_ru, region_en, source_url: contract/gazetteer.json */
	int64_t		 city_id;
};
int	db_city_region_put(struct db *db, const struct db_city_region *r);
int	db_city_region_list(struct db *db, struct arena *a, struct db_city_region **out, size_t *n);

#endif
