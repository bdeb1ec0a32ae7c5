#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../harness.h"
#include "../../../src/base/store.h"

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
}
