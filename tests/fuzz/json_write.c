/*
 * json_write (src/json/write.c), the encoder of every API reply, against
 * jansson's json_dumps: the input is any JSON text jansson reads (values of
 * every kind, NUL bytes in strings); json_write's text must be json_dumps'
 * byte for byte, and read back as the same value.
 */
#include <jansson.h>
#include <stdio.h>

#include "fuzz.h"
#include "../../src/base/buf.h"
#include "../../src/json/json.h"

#define FLAGS	(JSON_COMPACT | JSON_REAL_PRECISION(12) | JSON_ENCODE_ANY)

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t		*v = json_loadb((const char *)data, size, JSON_DECODE_ANY | JSON_ALLOW_NUL,
			    NULL);
	struct buf	 b = BUF_INIT(1u << 22);
	char		*want;
	int		 rc;

	if (v == NULL)
		return 0;
	want = json_dumps(v, FLAGS);
	rc = json_write(&b, v);
	FUZZ_ASSERT((rc == 0) == (want != NULL));
	if (rc == 0) {
		json_t	*back = json_loadb(b.p, b.len, JSON_DECODE_ANY | JSON_ALLOW_NUL, NULL);

		FUZZ_ASSERT(b.len == strlen(want) && memcmp(b.p, want, b.len) == 0);
		FUZZ_ASSERT(back != NULL);
		json_decref(back);
	}
	free(want);
	buf_release(&b);
	json_decref(v);
	return 0;
}
