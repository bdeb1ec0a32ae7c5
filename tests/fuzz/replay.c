/*
 * replay: runs a fuzz driver's LLVMFuzzerTestOneInput on every file named on
 * the command line, or in the directories named (one level). Built with gcc
 * and ASan+UBSan, so `make test` replays the corpora without clang.
 * Prints "N passed, 0 failed"; a finding aborts with the sanitizer's report.
 */
#include <dirent.h>
#include <stdio.h>
#include <sys/stat.h>

#include "fuzz.h"

static int
run_file(const char *file)
{
	FILE	*f = fopen(file, "rb");
	long	 n;
	uint8_t	*data;

	if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0) {
		fprintf(stderr, "replay: cannot read %s\n", file);
		if (f != NULL)
			fclose(f);
		return -1;
	}
	rewind(f);
	data = malloc((size_t)n + 1);
	if (data == NULL || fread(data, 1, (size_t)n, f) != (size_t)n) {
		fprintf(stderr, "replay: cannot read %s\n", file);
		fclose(f);
		free(data);
		return -1;
	}
	fclose(f);
	LLVMFuzzerTestOneInput(data, (size_t)n);
	free(data);
	return 0;
}

int
main(int argc, char **argv)
{
	int	ran = 0, bad = 0;

	for (int i = 1; i < argc; i++) {
		struct stat	 st;
		DIR		*d;
		struct dirent	*e;

		if (stat(argv[i], &st) == -1) {
			fprintf(stderr, "replay: no such file %s\n", argv[i]);
			bad++;
			continue;
		}
		if (!S_ISDIR(st.st_mode)) {
			bad += run_file(argv[i]) == -1;
			ran++;
			continue;
		}
		if ((d = opendir(argv[i])) == NULL) {
			bad++;
			continue;
		}
		while ((e = readdir(d)) != NULL) {
			char	path[4096];

			if (e->d_name[0] == '.')
				continue;
			snprintf(path, sizeof(path), "%s/%s", argv[i], e->d_name);
			bad += run_file(path) == -1;
			ran++;
		}
		closedir(d);
	}
	if (ran == 0)
		bad++;		/* an empty corpus is a mistake */
	printf("%d passed, %d failed\n", ran - bad, bad);
	return bad == 0 ? 0 : 1;
}
