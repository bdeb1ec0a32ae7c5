#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "../harness.h"
#include "../../../src/base/store.h"

static void	test_store_sweep(void);
static void	test_store_adopt(void);

void
test_store(void)
{
	char		 dir[] = "/tmp/pobratim-store-XXXXXX", sub[96], path[200], hex[STORE_HEX_LEN];
	char		 got[16] = "";
	struct stat	 st;
	FILE		*f;

	if (mkdtemp(dir) == NULL) {
		CHECK(!"mkdtemp");
		return;
	}
	store_hash("abc", 3, hex);
	CHECK_STR(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	snprintf(sub, sizeof(sub), "%s/a/b", dir);		/* parents are made */
	CHECK(store_put(sub, hex, "abc", 3) == 0);
	CHECK(store_put(sub, hex, "abc", 3) == 0);		/* kept once */
	snprintf(path, sizeof(path), "%s/%s", sub, hex);
	CHECK(stat(path, &st) == 0 && st.st_size == 3 && (st.st_mode & 0777) == 0600);
	CHECK(stat(sub, &st) == 0 && (st.st_mode & 0077) == 0);	/* 0700, whatever the umask */
	if ((f = fopen(path, "r")) != NULL) {
		CHECK(fgets(got, sizeof(got), f) != NULL);
		fclose(f);
	}
	CHECK_STR(got, "abc");
	CHECK(store_put("/proc/pobratim-cannot", hex, "abc", 3) == -1);
	unlink(path);
	rmdir(sub);
	snprintf(sub, sizeof(sub), "%s/a", dir);
	rmdir(sub);
	rmdir(dir);
	test_store_sweep();
	test_store_adopt();
}

static void
write_text(const char *path, const char *text)
{
	FILE	*f = fopen(path, "w");

	CHECK(f != NULL);
	if (f != NULL) {
		fputs(text, f);
		fclose(f);
	}
}

/* A file moved into the store by its hash: once per content, 0600, the source gone. */
static void
test_store_adopt(void)
{
	char		 dir[] = "/tmp/pobratim-adopt-XXXXXX", src[96], kept[200];
	char		 name[STORE_NAME_LEN], again[STORE_NAME_LEN];
	struct stat	 st;
	int64_t		 size = 0;

	if (mkdtemp(dir) == NULL) {
		CHECK(!"mkdtemp");
		return;
	}
	snprintf(src, sizeof(src), "%s/.out-1.opus", dir);
	write_text(src, "abc");
	chmod(src, 0644);
	CHECK(store_adopt(dir, src, "opus", name, &size) == 0);
	CHECK_STR(name, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad.opus");
	CHECK(size == 3);
	CHECK(stat(src, &st) == -1);
	snprintf(kept, sizeof(kept), "%s/%s", dir, name);
	CHECK(stat(kept, &st) == 0 && st.st_size == 3 && (st.st_mode & 0777) == 0600);
	/* the same content again: the kept file stays, this copy goes */
	write_text(src, "abc");
	CHECK(store_adopt(dir, src, "opus", again, &size) == 0);
	CHECK_STR(again, name);
	CHECK(stat(src, &st) == -1);
	/* a digit in the extension is a store name (mp4); odd extensions are refused */
	write_text(src, "mp4");
	CHECK(store_adopt(dir, src, "mp4", again, &size) == 0);
	CHECK(strlen(again) == 64 + 4 && strcmp(again + 64, ".mp4") == 0);
	snprintf(kept, sizeof(kept), "%s/%s", dir, again);
	unlink(kept);
	write_text(src, "x");
	CHECK(store_adopt(dir, src, "Opus", again, &size) == -1);
	CHECK(store_adopt(dir, src, "toolong", again, &size) == -1);
	CHECK(store_adopt(dir, src, "", again, &size) == -1);
	CHECK(stat(src, &st) == 0);			/* left as it was */
	unlink(src);
	CHECK(store_adopt(dir, src, "opus", again, &size) == -1);	/* no such file */
	snprintf(kept, sizeof(kept), "%s/%s", dir, name);
	unlink(kept);
	CHECK(rmdir(dir) == 0);
}

/* --- the sweep --- */

struct sweep_probe {
	const char	*used;		/* the one name that is referenced */
	int		 asked, asked_other, told;
	char		 dir[64];
	int		 reuse;		/* an upload reuses the file at the n-th look */
};

static int
probe_referenced(void *ctx, const char *name, bool *used)
{
	struct sweep_probe	*p = ctx;

	p->asked++;
	*used = strcmp(name, p->used) == 0;
	/* store_put of the same content meanwhile: before the rename (1st look) or after (2nd) */
	if (!*used && ++p->asked_other == p->reuse)
		CHECK(store_put(p->dir, name, "old", 3) == 0);
	return 0;
}

static void
probe_removed(void *ctx, const char *name, int64_t size)
{
	struct sweep_probe	*p = ctx;

	(void)name;
	(void)size;
	p->told++;
}

static void
put_old(const char *dir, const char *name)
{
	char		path[256];
	struct timeval	tv[2] = { { time(NULL) - 7200, 0 }, { time(NULL) - 7200, 0 } };
	FILE		*f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if ((f = fopen(path, "w")) != NULL) {
		fputs("old", f);
		fclose(f);
	}
	utimes(path, tv);
}

static bool
exists(const char *dir, const char *name)
{
	char	path[256];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return access(path, F_OK) == 0;
}

static void
test_store_sweep(void)
{
	char				 dir[] = "/tmp/pobratim-sweep-XXXXXX", name[80], used[80];
	struct sweep_probe		 p = { 0 };
	struct store_sweeper		 sw = { probe_referenced, probe_removed, &p };
	struct store_sweep_stats	 st;

	if (mkdtemp(dir) == NULL) {
		CHECK(!"mkdtemp");
		return;
	}
	snprintf(p.dir, sizeof(p.dir), "%s", dir);
	snprintf(name, sizeof(name), "%.64s.png", "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
	snprintf(used, sizeof(used), "%.64s", "fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210");
	p.used = used;
	put_old(dir, name);		/* old, unreferenced: goes */
	put_old(dir, used);		/* old, referenced: stays */
	put_old(dir, "README");		/* not a store name: stays */
	put_old(dir, ".upload-abc123");	/* an abandoned upload: goes */
	put_old(dir, ".sweep-0123");	/* an interrupted sweep's: put back */
	CHECK(store_put(dir, "ab", "new", 3) == 0);	/* young (and not a store name) */
	CHECK(store_sweep(dir, 3600, &sw, &st) == 0);
	CHECK(!exists(dir, name) && exists(dir, used) && exists(dir, "README"));
	CHECK(!exists(dir, ".upload-abc123") && exists(dir, "0123") && !exists(dir, ".sweep-0123"));
	CHECK(st.removed == 1 && st.bytes == 3 && p.told == 1);

	/* an upload of the same content just before the sweep renames it: made young, kept */
	put_old(dir, name);
	p.asked_other = 0;
	p.reuse = 1;
	CHECK(store_sweep(dir, 3600, &sw, &st) == 0);
	CHECK(exists(dir, name) && st.removed == 0 && p.told == 1);
	/* ... or after: written anew, kept */
	put_old(dir, name);
	p.asked_other = 0;
	p.reuse = 2;
	CHECK(store_sweep(dir, 3600, &sw, &st) == 0);
	CHECK(exists(dir, name) && st.removed == 0 && p.told == 1);
	/* store_put made it anew: the next sweep asks about the old referenced file only */
	p.asked = 0;
	p.reuse = 0;
	CHECK(store_sweep(dir, 3600, &sw, &st) == 0);
	CHECK(exists(dir, name) && p.asked == 1);
	CHECK(store_sweep("/nonexistent/pobratim", 1, &sw, &st) == 0 && st.kept == 0);

	for (const char *const *f = (const char *const[]){ name, used, "README", "0123", "ab", NULL };
	    *f != NULL; f++) {
		char	path[256];

		snprintf(path, sizeof(path), "%s/%s", dir, *f);
		unlink(path);
	}
	rmdir(dir);
}
