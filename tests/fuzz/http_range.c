/*
 * http_range: a Range header as a client sends it for a recorded track
 * (GET /recordings/{id}/files/{file_id}) → http_range_parse, against files
 * of several sizes. A range given is never outside the file and never
 * empty; one that asks past the end of a non-empty file from its first byte
 * is unsatisfiable; a header that is not "bytes=" gives none.
 */
#include <stdio.h>
#include <strings.h>

#include "fuzz.h"
#include "../../src/http/http.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int64_t	sizes[] = { 0, 1, 100, 19840, (int64_t)1 << 40 };
	char			*h = fuzz_str(data, size);

	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		int64_t		from = -1, len = -1, n = sizes[i];
		enum http_range	r = http_range_parse(h, n, &from, &len);

		FUZZ_ASSERT(r == HTTP_RANGE_NONE || r == HTTP_RANGE_OK || r == HTTP_RANGE_UNSATISFIABLE);
		if (r == HTTP_RANGE_OK)
			FUZZ_ASSERT(from >= 0 && len >= 1 && from + len <= n);
		if (r == HTTP_RANGE_OK && n == 0)
			FUZZ_ASSERT(!"a range of an empty file");
		if (strncasecmp(h, "bytes=", 6) != 0)
			FUZZ_ASSERT(r == HTTP_RANGE_NONE);
	}
	free(h);
	return 0;
}
