#include "../harness.h"
#include "../../../src/base/image.h"
#include "hostile_images.h"

#include <gd.h>
#include <stdlib.h>
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

/* Whether needle occurs in the n bytes at p. */
static bool
contains(const void *p, size_t n, const char *needle)
{
	return memmem(p, n, needle, strlen(needle)) != NULL;
}

static void
test_sizes(struct arena *a)
{
	static const struct {
		enum fmt	f;
		int		w, h, tw, th, ow, oh;
	} cases[] = {
		{ PNG, 800, 600, 320, 240, 800, 600 }, { JPEG, 1000, 250, 320, 80, 1000, 250 },
		{ WEBP, 600, 900, 213, 320, 600, 900 },
		{ WEBP_LOSSLESS, 640, 480, 320, 240, 640, 480 },
		{ WEBP_ALPHA, 700, 700, 320, 320, 700, 700 }, { PNG, 12, 8, 12, 8, 12, 8 },
		{ JPEG, 320, 100, 320, 100, 320, 100 }, { WEBP, 3000, 2, 320, 1, 3000, 2 },
		/* originals over IMAGE_MAX_SIDE are kept downscaled */
		{ JPEG, 6000, 1500, 320, 80, 4096, 1024 }, { PNG, 1000, 5000, 63, 320, 819, 4096 },
	};
	struct image_processed	 p;
	unsigned char		*data;
	int			 n;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct image_type	*type = image_type_by_ext(ext[cases[i].f]);

		data = encode(cases[i].f, cases[i].w, cases[i].h, &n);
		CHECK(image_magic_ok(type, data, (size_t)n));
		CHECK(image_process(a, type, data, (size_t)n, &p) == IMAGE_OK);
		CHECK(p.src_width == cases[i].w && p.src_height == cases[i].h);
		if (p.thumb.width != cases[i].tw || p.thumb.height != cases[i].th ||
		    p.original.width != cases[i].ow || p.original.height != cases[i].oh)
			fprintf(stderr, "image %zu: thumb %dx%d, original %dx%d\n", i, p.thumb.width,
			    p.thumb.height, p.original.width, p.original.height);
		CHECK(p.thumb.width == cases[i].tw && p.thumb.height == cases[i].th);
		CHECK(p.original.width == cases[i].ow && p.original.height == cases[i].oh);
		CHECK(p.thumb.len > 3 && memcmp(p.thumb.data, "\xff\xd8\xff", 3) == 0);
		/* the original stays in its format */
		CHECK(image_magic_ok(type, p.original.data, p.original.len));
		gdFree(data);
	}
}

/* The stored original is made anew: nothing after the picture, no EXIF. */
static void
check_reencoded(const struct hostile_image *h, const struct image_processed *p)
{
	if (strncmp(h->name, "jpeg-exif", 9) != 0)
		return;
	CHECK(!contains(p->original.data, p->original.len, "TRAILING"));
	CHECK(!contains(p->original.data, p->original.len, "Exif"));
	CHECK(!contains(p->original.data, p->original.len, "GPS!"));
	CHECK(memcmp((char *)p->original.data + p->original.len - 2, "\xff\xd9", 2) == 0);
}

/* The CMYK picture is red, not cyan or black: Adobe's inversion was applied. */
static void
check_colour(const struct hostile_image *h, const struct image_processed *p)
{
	gdImagePtr	im;
	int		c;

	if (strcmp(h->name, "jpeg-cmyk-adobe") != 0)
		return;
	im = gdImageCreateFromJpegPtr((int)p->original.len, p->original.data);
	CHECK(im != NULL);
	if (im == NULL)
		return;
	c = gdImageGetTrueColorPixel(im, 20, 15);
	CHECK(gdTrueColorGetRed(c) > 200 && gdTrueColorGetGreen(c) < 60 &&
	    gdTrueColorGetBlue(c) < 60);
	gdImageDestroy(im);
}

/* Each hostile picture meets the answer it must; POBRATIM_IMAGE_SEEDS=DIR writes them. */
static void
test_hostile(struct arena *a)
{
	const char		*seeds = getenv("POBRATIM_IMAGE_SEEDS");
	struct image_processed	 p;
	struct image_header	 hd;

	for (size_t i = 0; i < nhostile_images; i++) {
		const struct hostile_image	*h = &hostile_images[i];
		size_t				 len;
		unsigned char			*data = h->make(&len);
		enum image_rc			 rc = IMAGE_BROKEN;

		if (seeds != NULL) {
			char	path[512];
			FILE	*f;

			snprintf(path, sizeof(path), "%s/%s", seeds, h->name);
			if ((f = fopen(path, "wb")) != NULL) {
				fwrite(data, 1, len, f);
				fclose(f);
			}
		}
		if (h->ext != NULL)
			rc = image_process(a, image_type_by_ext(h->ext), data, len, &p);
		else
			for (size_t k = 0; k < 3; k++)	/* no type we take claims it */
				CHECK(!image_magic_ok(image_type_by_ext(ext[k]), data, len));
		if (rc != h->expect)
			fprintf(stderr, "hostile image %s: %d, not %d\n", h->name, rc, h->expect);
		CHECK(rc == h->expect);
		if (rc == IMAGE_OK) {
			CHECK(p.original.width == h->width && p.original.height == h->height);
			check_reencoded(h, &p);
			check_colour(h, &p);
		}
		/* the header pass alone refuses what decoding would (scans are counted later) */
		if (h->ext != NULL && h->expect != IMAGE_OK && h->expect != IMAGE_BROKEN &&
		    strstr(h->name, "scans") == NULL)
			CHECK(image_header(image_type_by_ext(h->ext), data, len, &hd) == h->expect);
		free(data);
	}
}

void
test_image(void)
{
	struct arena		 a = ARENA_INIT;
	struct image_processed	 p;
	struct image_header	 h;
	unsigned char		*data;
	int			 n;

	test_sizes(&a);
	test_hostile(&a);

	/* the decoder's header pass measures what it will decode */
	data = encode(JPEG, 640, 480, &n);
	CHECK(image_header(image_type_by_ext("jpg"), data, (size_t)n, &h) == IMAGE_OK);
	CHECK(h.width == 640 && h.height == 480 && h.components == 3 && !h.progressive);
	CHECK(image_process(&a, image_type_by_ext("jpg"), data, 40, &p) == IMAGE_BROKEN);
	CHECK(!image_magic_ok(image_type_by_ext("png"), data, (size_t)n));
	gdFree(data);
	data = encode(PNG, 16, 16, &n);
	memcpy(data + 16, "\x00\x00\x4e\x20\x00\x00\x4e\x20", 8);	/* CRC now wrong */
	CHECK(image_process(&a, image_type_by_ext("png"), data, (size_t)n, &p) == IMAGE_BROKEN);
	gdFree(data);
	CHECK(!image_magic_ok(image_type_by_ext("webp"), "RIFF\0\0\0\0WEBX", 12));
	CHECK(image_type_by_mime("image/png; charset=x") == image_type_by_ext("png"));
	CHECK(image_type_by_mime("image/pngx") == NULL);
	CHECK(image_type_by_mime("image/gif") == NULL);
	arena_release(&a);
}
