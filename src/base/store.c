#include "store.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
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
	/*
	 * The same content is kept already. Its time is made new, so the sweep
	 * (which may have found it unreferenced) keeps it: the sweep renames a
	 * file away before it looks at its time again, so either this finds no
	 * file and writes one, or the sweep sees it young.
	 */
	if (utimensat(AT_FDCWD, final, NULL, 0) == 0)
		return 0;
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

static bool
ext_valid(const char *ext)
{
	size_t	n = strlen(ext);

	if (n == 0 || n > 6)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((ext[i] >= 'a' && ext[i] <= 'z') || (ext[i] >= '0' && ext[i] <= '9')))
			return false;
	return true;
}

/* The SHA-256 of what fd reads to its end, as hex; -1 with errno. */
static int
hash_fd(int fd, char hex[STORE_HEX_LEN], int64_t *size)
{
	crypto_hash_sha256_state	 h;
	unsigned char			 chunk[65536], out[crypto_hash_sha256_BYTES];
	ssize_t				 n;

	crypto_hash_sha256_init(&h);
	*size = 0;
	while ((n = read(fd, chunk, sizeof(chunk))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		crypto_hash_sha256_update(&h, chunk, (size_t)n);
		*size += n;
	}
	crypto_hash_sha256_final(&h, out);
	sodium_bin2hex(hex, STORE_HEX_LEN, out, sizeof(out));
	return 0;
}

int
store_adopt(const char *dir, const char *path, const char *ext, char name[STORE_NAME_LEN],
    int64_t *size)
{
	char	hex[STORE_HEX_LEN], final[4200];
	int	fd, saved;

	if (!ext_valid(ext)) {
		errno = EINVAL;
		return -1;
	}
	if (make_dirs(dir) == -1 || (fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	if (hash_fd(fd, hex, size) == -1 || fsync(fd) == -1 || fchmod(fd, 0600) == -1) {
		saved = errno;
		close(fd);
		errno = saved;
		return -1;
	}
	close(fd);
	snprintf(name, STORE_NAME_LEN, "%s.%s", hex, ext);
	snprintf(final, sizeof(final), "%s/%s", dir, name);
	/* kept already: made young, as store_put does, and this copy goes */
	if (utimensat(AT_FDCWD, final, NULL, 0) == 0)
		return unlink(path);
	return rename(path, final);
}

/* "<64 hex>" or "<64 hex>.<ext>": a name this store gives. */
static bool
store_name(const char *name)
{
	size_t	i;

	for (i = 0; i < 64; i++)
		if (!((name[i] >= '0' && name[i] <= '9') || (name[i] >= 'a' && name[i] <= 'f')))
			return false;
	if (name[i] == '\0')
		return true;
	if (name[i++] != '.' || name[i] == '\0')
		return false;
	return ext_valid(name + i);
}

#define SWEEP_PREFIX	".sweep-"

/*
 * One candidate, dir/name, older than the grace period and unreferenced when
 * last asked. It is renamed away first, then its time and its references
 * are looked at again: an upload that reused it meanwhile either made it
 * young (store_put) or found it gone and wrote it anew.
 */
static int
sweep_one(int dfd, const char *name, time_t before, const struct store_sweeper *sw,
    struct store_sweep_stats *st)
{
	char		 away[320];
	struct stat	 sb, again;
	bool		 used = true;

	snprintf(away, sizeof(away), SWEEP_PREFIX "%s", name);
	if (renameat(dfd, name, dfd, away) == -1)
		return errno == ENOENT ? 0 : -1;
	if (fstatat(dfd, away, &sb, 0) == -1 || sb.st_mtime >= before ||
	    sw->referenced(sw->ctx, name, &used) == -1 || used) {
		st->kept++;
		return renameat(dfd, away, dfd, name);
	}
	if (unlinkat(dfd, away, 0) == -1)
		return -1;
	if (fstatat(dfd, name, &again, 0) == 0) {
		st->kept++;	/* uploaded again meanwhile, as a new file */
		return 0;
	}
	st->removed++;
	st->bytes += sb.st_size;
	sw->removed(sw->ctx, name, sb.st_size);
	return 0;
}

/* A leftover of an interrupted sweep goes back; an abandoned upload goes. */
static int
sweep_leftover(int dfd, const char *name, time_t before)
{
	struct stat	sb;

	if (strncmp(name, SWEEP_PREFIX, strlen(SWEEP_PREFIX)) == 0)
		return renameat(dfd, name, dfd, name + strlen(SWEEP_PREFIX));
	if (strncmp(name, ".upload-", 8) == 0 && fstatat(dfd, name, &sb, 0) == 0 &&
	    sb.st_mtime < before)
		return unlinkat(dfd, name, 0);
	return 0;
}

int
store_sweep(const char *dir, long grace, const struct store_sweeper *sw,
    struct store_sweep_stats *st)
{
	time_t		 before = time(NULL) - grace;
	struct dirent	*e;
	struct stat	 sb;
	DIR		*d;
	bool		 used;
	int		 rc = 0;

	memset(st, 0, sizeof(*st));
	if ((d = opendir(dir)) == NULL)
		return errno == ENOENT ? 0 : -1;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.') {
			if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0 &&
			    sweep_leftover(dirfd(d), e->d_name, before) == -1)
				rc = -1;
			continue;
		}
		if (!store_name(e->d_name) || fstatat(dirfd(d), e->d_name, &sb,
		    AT_SYMLINK_NOFOLLOW) == -1 || !S_ISREG(sb.st_mode))
			continue;
		if (sb.st_mtime >= before) {
			st->kept++;
			continue;
		}
		used = true;
		if (sw->referenced(sw->ctx, e->d_name, &used) == -1)
			rc = -1;
		if (used) {
			st->kept++;
			continue;
		}
		if (sweep_one(dirfd(d), e->d_name, before, sw, st) == -1)
			rc = -1;
	}
	closedir(d);
	return rc;
}
