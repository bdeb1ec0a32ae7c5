/*
 * store: uploaded files kept by content. A file is named by the hex SHA-256
 * of its bytes (plus whatever suffix the caller adds), written to a temporary
 * file in the same directory, synced and renamed, so a reader never sees
 * half a file and the same content is kept once. Files are 0600 and
 * directories 0700: pobratim serves them itself, nobody else reads them.
 */
#ifndef BASE_STORE_H
#define BASE_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define STORE_HEX_LEN	65	/* 64 hex digits and the NUL */

void	store_hash(const void *data, size_t len, char hex[STORE_HEX_LEN]);
/*
 * Writes dir/name (making dir); 0 also when it is there already (its time
 * made new, see store_sweep); -1 with errno.
 */
int	store_put(const char *dir, const char *name, const void *data, size_t len);

/*
 * Moves the file at path, which must be on dir's filesystem, into the store
 * as "<sha256 of its bytes>.<ext>" (ext: 1..6 of a-z, 0-9), written to
 * name; *size its bytes. It is hashed as it is read (any size, little
 * memory), synced and made 0600 before it takes the name. When the same
 * content is kept already, path is removed and the kept file made young
 * (see store_sweep). -1 with errno; path is then left as it was.
 */
#define STORE_NAME_LEN	(64 + 1 + 6 + 1)
int	store_adopt(const char *dir, const char *path, const char *ext,
	    char name[STORE_NAME_LEN], int64_t *size);

/* What the sweep asks of its caller, who knows what refers to a file. */
struct store_sweeper {
	/* 0 with *used set; -1 when it cannot tell (the file is kept) */
	int	(*referenced)(void *ctx, const char *name, bool *used);
	/* told after name was removed */
	void	(*removed)(void *ctx, const char *name, int64_t size);
	void	*ctx;
};

struct store_sweep_stats {
	long	kept, removed;
	int64_t	bytes;		/* removed */
};

/*
 * Removes the files of dir that this store named, that are older than grace
 * seconds and that nothing refers to (sw->referenced), and abandoned
 * temporary files older than grace; files of other names are left alone.
 * Safe beside store_put in this or another process. 0, or -1 with errno
 * when something could not be read or removed (the rest is still swept).
 */
int	store_sweep(const char *dir, long grace, const struct store_sweeper *sw,
	    struct store_sweep_stats *st);

#endif
