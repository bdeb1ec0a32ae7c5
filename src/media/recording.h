/*
 * recording: a meeting room's recordings, from the room's first word to
 * playable files.
 *
 * What the room calls (on a worker, each a database write, none waits):
 *
 *	recording_begin()	the host starts it: a row (status recording) and
 *				the directory <files>/recordings/<id>/ (0700)
 *				where the media server writes its .mjr files;
 *	recording_publisher()	each time a publisher's streams start being
 *				recorded: who it is (name, city, as they are
 *				now) and the base name to give Janus as the
 *				`filename` of VideoRoom's configure (or publish)
 *				request with "record": true. Janus 1.1 then
 *				writes <base>-audio-<mindex>.mjr and
 *				<base>-video-<mindex>.mjr; a new base for every
 *				publish, since Janus overwrites a name it meets
 *				again;
 *	recording_end()		after Janus has closed the recorders (the answer
 *				to "record": false, an unpublish or the room's
 *				destroy): status processing, and the converter
 *				is woken.
 *
 * The converter (recording_process*) runs off the request path: on the
 * server's thread of its own (recording_service_*) or `pobratim
 * recordings process`. Each .mjr of the directory goes through Janus's
 * janus-pp-rec (a child: no shell, nice'd, bounded in time, file size and
 * memory): first its report (-e: audio or video, codec, duration), then
 * the conversion into Ogg Opus (.opus) or WebM (.webm), which is moved
 * into the content store and becomes a row of recording_files; then the
 * .mjr goes. A recording is ready when every track converted, failed (with
 * each failed track's reason, its .mjr kept for a retry) otherwise; the
 * tracks that did convert are kept either way.
 *
 * Resuming: a recording is converted under an exclusive flock() of
 * <dir>/.lock, which the kernel drops when the process dies, so a crash
 * leaves it `processing` and unlocked, and the next pass (the server's
 * start, the service's next round, the command) takes it up where it
 * stopped: a track whose row exists has its .mjr removed and is not
 * converted again; half-written outputs are removed. Two processes never
 * convert one recording at once, and a row's status changes only from
 * the status the converter read under the lock.
 */
#ifndef MEDIA_RECORDING_H
#define MEDIA_RECORDING_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "../db/db.h"

#define RECORDING_PATH_MAX	4096

struct recording_settings {
	const char		*files_dir;	/* --files */
	const char		*converter;	/* janus-pp-rec, an absolute path (--pp-rec) */
	int			 timeout;	/* seconds one conversion may take */
	const atomic_bool	*stop;		/* NULL, or: give up (stays processing) */
};

/* <files>/recordings/<id>: where Janus writes the recording's .mjr files. */
void	recording_dir(const char *files_dir, int64_t id, char out[RECORDING_PATH_MAX]);

/*
 * Starts a recording of the meeting by user (user_name as it is now): the
 * row and its directory (0700). 0 with *id, or -1 (logged).
 */
int	recording_begin(struct db *db, const char *files_dir, int64_t meeting_id,
	    int64_t user_id, const char *user_name, int64_t *id);
/*
 * A publisher of recording id whose streams are to be recorded: who, and
 * into base the path Janus is to take as `filename` ("<dir>/p<n>"). 0, or
 * -1 (logged).
 */
int	recording_publisher(struct db *db, const char *files_dir, int64_t id,
	    const struct db_recording_who *who, char base[RECORDING_PATH_MAX]);
/*
 * The recording stopped: processing, and the server's converter woken.
 * 0; 1 when it was not recording (ended already); -1 on a database error.
 */
int	recording_end(struct db *db, int64_t id);

/*
 * Converts recording id if it is processing (see above). 0 when done or
 * nothing to do, 1 when another process has it now, -1 when it was
 * interrupted (stop, a database error): it stays processing.
 */
int	recording_process(struct db *db, const struct recording_settings *s, int64_t id);
/*
 * recording_process() of every recording in processing, oldest first, and
 * the directories no recording needs any more (deleted, or ready) removed.
 * *done: how many were finished (ready or failed). -1 when one was interrupted.
 */
int	recording_process_pending(struct db *db, const struct recording_settings *s,
	    long *done);
/*
 * Removes recording id's directory unless a converter holds it; after its
 * row was deleted. 0, or -1 when it is still in use (the converter removes
 * it when it sees the row gone).
 */
int	recording_discard(const char *files_dir, int64_t id);

/*
 * The server's converter: a thread with its own database connection. At
 * start it ends the recordings a crash left `recording` (no room survives a
 * restart) and converts what is pending; then again whenever
 * recording_service_kick() is called, and every minute.
 */
int	recording_service_start(const struct recording_settings *s, const char *db_path);
/* Wakes the converter; does nothing when it is not running in this process. */
void	recording_service_kick(void);
/* Stops it: a conversion in progress is killed and stays processing. */
void	recording_service_stop(void);

#endif
