/*
 * fuzz: what the drivers share. Each driver defines LLVMFuzzerTestOneInput;
 * clang's libFuzzer runs it (`make fuzz`), and replay.c (gcc, ASan+UBSan)
 * calls it on every file of the driver's corpus (`make test`).
 */
#ifndef FUZZ_FUZZ_H
#define FUZZ_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* data as a NUL-terminated heap string (ASan sees reads past its end). */
static inline char *
fuzz_str(const uint8_t *data, size_t size)
{
	char	*s = malloc(size + 1);

	if (s == NULL)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/* A finding: prints what and aborts, so both libFuzzer and replay report it. */
#define FUZZ_ASSERT(cond)						\
	do {								\
		if (!(cond)) {						\
			fprintf(stderr, "%s:%d: %s\n", __FILE__, __LINE__, #cond); \
			abort();					\
		}							\
	} while (0)

#endif
