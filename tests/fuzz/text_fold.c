/*
 * text_fold: any bytes (it sees client text: search queries, names). The
 * output buffer is exactly strlen(in) + 1 bytes, as the contract says, on the
 * heap so ASan catches a write past it; folding twice changes nothing more.
 */
#include <stdio.h>

#include "fuzz.h"
#include "../../src/base/text.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	*in = fuzz_str(data, size);
	size_t	 n = strlen(in);
	char	*out = malloc(n + 1), *twice;

	if (out == NULL)
		abort();
	text_fold(in, out);
	FUZZ_ASSERT(strlen(out) <= n);
	twice = malloc(strlen(out) + 1);
	if (twice == NULL)
		abort();
	text_fold(out, twice);
	FUZZ_ASSERT(strlen(twice) <= strlen(out));
	free(twice);
	free(out);
	free(in);
	return 0;
}
