/*
 * store: uploaded files kept by content. A file is named by the hex SHA-256
 * of its bytes (plus whatever suffix the caller adds), written to a temporary
 * file in the same directory, synced and renamed, so a reader never sees
 * half a file and the same content is kept once. Files are 0600 and
 * directories 0700: pobratim serves them itself, nobody else reads them.
 */
#ifndef BASE_STORE_H
#define BASE_STORE_H

#include <stddef.h>

#define STORE_HEX_LEN	65	/* 64 hex digits and the NUL */

void	store_hash(const void *data, size_t len, char hex[STORE_HEX_LEN]);
/* Writes dir/name (making dir); 0 also when it is there already; -1 with errno. */
int	store_put(const char *dir, const char *name, const void *data, size_t len);

#endif
