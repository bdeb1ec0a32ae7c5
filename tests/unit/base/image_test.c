#include "../harness.h"
#include "../../../src/base/image.h"

#include <gd.h>
#include <string.h>

enum fmt { PNG, JPEG, WEBP, WEBP_LOSSLESS, WEBP_ALPHA };

/* A w x h picture encoded by libgd; gdFree() it. */
static void *
encode(enum fmt f, int w, int h, int *len)
{
	gdImagePtr	 im = gdImageCreateTrueColor(w, h);
	void		*p;

	gdImageFilledRectangle(im, 0, 0, w - 1, h - 1, gdTrueColor(30, 120, 200));
	gdImageFilledEllipse(im, w / 2, h / 2, w / 2, h / 2, gdTrueColor(250, 200, 0));
	if (f == WEBP_ALPHA) {
		gdImageSaveAlpha(im, 1);
		gdImageAlphaBlending(im, 0);
		gdImageFilledRectangle(im, 0, 0, w / 4, h / 4, gdTrueColorAlpha(0, 0, 0, 127));
	}
	p = f == PNG ? gdImagePngPtr(im, len) : f == JPEG ? gdImageJpegPtr(im, len, 80) :
	    gdImageWebpPtrEx(im, len, f == WEBP_LOSSLESS ? gdWebpLossless : 80);
	gdImageDestroy(im);
	return p;
}

static const char *const ext[] = { "png", "jpg", "webp", "webp", "webp" };

void
test_image(void)
{
	static const struct {
		enum fmt	f;
		int		w, h, tw, th;
	} cases[] = {
		{ PNG, 800, 600, 320, 240 }, { JPEG, 1000, 250, 320, 80 }, { WEBP, 600, 900, 213, 320 },
		{ WEBP_LOSSLESS, 640, 480, 320, 240 }, { WEBP_ALPHA, 700, 700, 320, 320 },
		{ PNG, 12, 8, 12, 8 }, { JPEG, 320, 100, 320, 100 }, { WEBP, 3000, 2, 320, 1 },
	};
	struct arena		 a = ARENA_INIT;
	struct image_thumb	 t;
	unsigned char		*p;
	int			 n;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct image_type	*type = image_type_by_ext(ext[cases[i].f]);

		p = encode(cases[i].f, cases[i].w, cases[i].h, &n);
		CHECK(image_magic_ok(type, p, (size_t)n));
		CHECK(image_thumbnail(&a, type, p, (size_t)n, &t) == IMAGE_OK);
		CHECK(t.src_width == cases[i].w && t.src_height == cases[i].h);
		if (t.width != cases[i].tw || t.height != cases[i].th)
			fprintf(stderr, "image %zu: %dx%d\n", i, t.width, t.height);
		CHECK(t.width == cases[i].tw && t.height == cases[i].th);
		CHECK(t.len > 3 && memcmp(t.data, "\xff\xd8\xff", 3) == 0);
		gdFree(p);
	}

	/* the header's size is read before decoding: a claimed 20000 x 20000 is refused */
	p = encode(PNG, 16, 16, &n);
	memcpy(p + 16, "\x00\x00\x4e\x20\x00\x00\x4e\x20", 8);
	CHECK(image_thumbnail(&a, image_type_by_ext("png"), p, (size_t)n, &t) == IMAGE_TOO_LARGE);
	gdFree(p);
	p = encode(JPEG, 64, 64, &n);
	CHECK(image_thumbnail(&a, image_type_by_ext("jpg"), p, 40, &t) == IMAGE_BROKEN);
	CHECK(!image_magic_ok(image_type_by_ext("png"), p, (size_t)n));
	gdFree(p);
	CHECK(!image_magic_ok(image_type_by_ext("webp"), "RIFF\0\0\0\0WEBX", 12));
	CHECK(image_type_by_mime("image/png; charset=x") == image_type_by_ext("png"));
	CHECK(image_type_by_mime("image/pngx") == NULL);
	CHECK(image_type_by_mime("image/gif") == NULL);
	arena_release(&a);
}
