/*
 * image: an uploaded picture's bytes (client input) → the type by its first
 * bytes, the decoder's header pass (libjpeg-turbo, libpng, libwebp), and
 * the whole of image_process: decoding, turning upright, downscaling,
 * re-encoding and the thumbnail. A header pass that refuses means
 * image_process refuses the same way; an accepted picture is re-encoded in
 * its own type, at most IMAGE_MAX_SIDE a side, and its thumbnail is a JPEG
 * of at most IMAGE_THUMB_SIZE a side.
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
		struct image_processed	 p;
		struct image_header	 h;
		enum image_rc		 hr, rc;

		if (!image_magic_ok(t, data, size))
			continue;
		hr = image_header(t, data, size, &h);
		rc = image_process(&a, t, data, size, &p);
		if (hr != IMAGE_OK && hr != IMAGE_BROKEN)
			FUZZ_ASSERT(rc == hr);
		if (rc == IMAGE_OK) {
			const unsigned char	*j = p.thumb.data;

			FUZZ_ASSERT(hr == IMAGE_OK);
			FUZZ_ASSERT((long)h.width * h.height <= IMAGE_MAX_PIXELS);
			FUZZ_ASSERT(image_magic_ok(t, p.original.data, p.original.len));
			FUZZ_ASSERT(p.original.width >= 1 && p.original.width <= IMAGE_MAX_SIDE);
			FUZZ_ASSERT(p.original.height >= 1 && p.original.height <= IMAGE_MAX_SIDE);
			FUZZ_ASSERT(p.thumb.len > 3 && j[0] == 0xff && j[1] == 0xd8 && j[2] == 0xff);
			FUZZ_ASSERT(p.thumb.width >= 1 && p.thumb.width <= IMAGE_THUMB_SIZE);
			FUZZ_ASSERT(p.thumb.height >= 1 && p.thumb.height <= IMAGE_THUMB_SIZE);
			FUZZ_ASSERT(p.thumb.width <= p.original.width &&
			    p.thumb.height <= p.original.height);
		}
		arena_release(&a);
	}
	return 0;
}
