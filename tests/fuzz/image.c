/*
 * image: an uploaded picture's bytes (client input) → the type by its first
 * bytes, the size its header states (our code, read before decoding) and
 * libgd's thumbnail. A thumbnail, when made, is a JPEG no larger than
 * IMAGE_THUMB_SIZE on either side and never larger than the original.
 */
#include <stdio.h>

#include "fuzz.h"
#include "../../src/base/image.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const exts[] = { "png", "jpg", "webp" };

	for (size_t i = 0; i < sizeof(exts) / sizeof(exts[0]); i++) {
		const struct image_type	*t = image_type_by_ext(exts[i]);
		struct arena		 a = ARENA_INIT;
		struct image_thumb	 th;

		if (!image_magic_ok(t, data, size))
			continue;
		if (image_thumbnail(&a, t, data, size, &th) == IMAGE_OK) {
			const unsigned char	*j = th.data;

			FUZZ_ASSERT(th.len > 3 && j[0] == 0xff && j[1] == 0xd8 && j[2] == 0xff);
			FUZZ_ASSERT(th.width >= 1 && th.width <= IMAGE_THUMB_SIZE);
			FUZZ_ASSERT(th.height >= 1 && th.height <= IMAGE_THUMB_SIZE);
			FUZZ_ASSERT(th.width <= th.src_width && th.height <= th.src_height);
		}
		arena_release(&a);
	}
	return 0;
}
