#include "store.h"

#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void
store_hash(const void *data, size_t len, char hex[STORE_HEX_LEN])
{
	unsigned char	hash[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(hash, data, len);
	sodium_bin2hex(hex, STORE_HEX_LEN, hash, sizeof(hash));
}

/* mkdir -p */
static int
make_dirs(const char *dir)
{
	char	path[4096];
	size_t	n = strlen(dir);

	if (n == 0 || n >= sizeof(path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(path, dir, n + 1);
	for (size_t i = 1; i <= n; i++)
		if (path[i] == '/' || path[i] == '\0') {
			char	c = path[i];

			path[i] = '\0';
			if (mkdir(path, 0700) == -1 && errno != EEXIST)
				return -1;
			path[i] = c;
		}
	return 0;
}

int
store_put(const char *dir, const char *name, const void *data, size_t len)
{
	char		 tmp[4200], final[4200];
	const char	*p = data;
	int		 fd, saved;

	if (make_dirs(dir) == -1)
		return -1;
	snprintf(final, sizeof(final), "%s/%s", dir, name);
	if (access(final, F_OK) == 0)
		return 0;	/* the same content is kept already */
	snprintf(tmp, sizeof(tmp), "%s/.upload-XXXXXX", dir);
	if ((fd = mkstemp(tmp)) == -1)
		return -1;
	while (len > 0) {
		ssize_t	w = write(fd, p, len);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break;
		p += w;
		len -= (size_t)w;
	}
	if (len > 0 || fsync(fd) == -1 || fchmod(fd, 0600) == -1) {
		saved = len > 0 ? EIO : errno;
		close(fd);
		unlink(tmp);
		errno = saved;
		return -1;
	}
	if (close(fd) == -1 || rename(tmp, final) == -1) {
		saved = errno;
		unlink(tmp);
		errno = saved;
		return -1;
	}
	return 0;
}
