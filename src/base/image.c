#include "image.h"

#include <gd.h>
#include <stdint.h>
#include <string.h>

#include "store.h"

static const struct image_type types[] = {
	{ "image/png", "png", "\x89PNG\r\n\x1a\n", 8, 0 },
	{ "image/jpeg", "jpg", "\xff\xd8\xff", 3, 0 },
	{ "image/webp", "webp", "WEBP", 4, 8 },	/* after "RIFF" and the size */
};
#define NTYPES	(sizeof(types) / sizeof(types[0]))

const struct image_type *
image_type_by_mime(const char *ct)
{
	size_t	n;

	for (size_t i = 0; ct != NULL && i < NTYPES; i++) {
		n = strlen(types[i].mime);
		if (strncmp(ct, types[i].mime, n) == 0 && (ct[n] == '\0' || ct[n] == ';'))
			return &types[i];
	}
	return NULL;
}

const struct image_type *
image_type_by_ext(const char *ext)
{
	for (size_t i = 0; i < NTYPES; i++)
		if (strcmp(ext, types[i].ext) == 0)
			return &types[i];
	return NULL;
}

bool
image_magic_ok(const struct image_type *t, const void *data, size_t len)
{
	const char	*p = data;

	if (strcmp(t->ext, "webp") == 0 && (len < 12 || memcmp(p, "RIFF", 4) != 0))
		return false;
	return len >= t->magic_at + t->magic_len &&
	    memcmp(p + t->magic_at, t->magic, t->magic_len) == 0;
}

static unsigned
be16(const unsigned char *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

static unsigned
le16(const unsigned char *p)
{
	return (unsigned)p[1] << 8 | p[0];
}

static unsigned
le24(const unsigned char *p)
{
	return (unsigned)p[2] << 16 | (unsigned)p[1] << 8 | p[0];
}

/* The size a JPEG's frame header states: the first SOFn marker's. */
static bool
jpeg_size(const unsigned char *p, size_t len, long *w, long *h)
{
	size_t	i = 2;

	while (i + 9 <= len && p[i] == 0xff) {
		unsigned char	m = p[i + 1];

		if (m >= 0xc0 && m <= 0xcf && m != 0xc4 && m != 0xc8 && m != 0xcc) {
			*h = be16(p + i + 5);
			*w = be16(p + i + 7);
			return true;
		}
		i += 2 + be16(p + i + 2);
	}
	return false;
}

/* The size the header states, without decoding (decompression bombs). */
static bool
stated_size(const struct image_type *t, const unsigned char *p, size_t len, long *w, long *h)
{
	if (t->ext[0] == 'p') {
		if (len < 24)
			return false;
		*w = (long)be16(p + 16) << 16 | be16(p + 18);
		*h = (long)be16(p + 20) << 16 | be16(p + 22);
		return true;
	}
	if (t->ext[0] == 'j')
		return jpeg_size(p, len, w, h);
	if (len >= 30 && memcmp(p + 12, "VP8X", 4) == 0) {
		*w = (long)le24(p + 24) + 1;
		*h = (long)le24(p + 27) + 1;
		return true;
	}
	if (len >= 30 && memcmp(p + 12, "VP8 ", 4) == 0) {
		*w = le16(p + 26) & 0x3fff;
		*h = le16(p + 28) & 0x3fff;
		return true;
	}
	if (len >= 25 && memcmp(p + 12, "VP8L", 4) == 0) {
		*w = (long)(le16(p + 21) & 0x3fff) + 1;
		*h = (long)((le24(p + 22) >> 6) & 0x3fff) + 1;
		return true;
	}
	return false;
}

static gdImagePtr
decode(const struct image_type *t, const void *data, size_t len)
{
	void	*p = (void *)(uintptr_t)data;	/* libgd reads it only */

	switch (t->ext[0]) {
	case 'p':
		return gdImageCreateFromPngPtr((int)len, p);
	case 'j':
		return gdImageCreateFromJpegPtr((int)len, p);
	default:
		return gdImageCreateFromWebpPtr((int)len, p);
	}
}

/* w x h scaled to fit IMAGE_THUMB_SIZE, never up, at least 1 x 1. */
static void
fit(int w, int h, int *tw, int *th)
{
	int	longer = w > h ? w : h;

	if (longer <= IMAGE_THUMB_SIZE) {
		*tw = w;
		*th = h;
		return;
	}
	*tw = (int)((long)w * IMAGE_THUMB_SIZE / longer);
	*th = (int)((long)h * IMAGE_THUMB_SIZE / longer);
	*tw = *tw > 0 ? *tw : 1;
	*th = *th > 0 ? *th : 1;
}

enum image_rc
image_thumbnail(struct arena *a, const struct image_type *t, const void *data, size_t len,
    struct image_thumb *out)
{
	gdImagePtr	 src, dst;
	long		 w = 0, h = 0;
	int		 tw, th, size = 0;
	void		*jpeg;

	if (len > (size_t)INT32_MAX || !stated_size(t, data, len, &w, &h) || w <= 0 || h <= 0)
		return IMAGE_BROKEN;
	if (w * h > IMAGE_MAX_PIXELS)
		return IMAGE_TOO_LARGE;
	if ((src = decode(t, data, len)) == NULL)
		return IMAGE_BROKEN;
	fit(gdImageSX(src), gdImageSY(src), &tw, &th);
	if ((dst = gdImageCreateTrueColor(tw, th)) == NULL) {
		gdImageDestroy(src);
		return IMAGE_BROKEN;
	}
	gdImageFilledRectangle(dst, 0, 0, tw - 1, th - 1, gdTrueColor(255, 255, 255));
	gdImageAlphaBlending(dst, 1);
	gdImageCopyResampled(dst, src, 0, 0, 0, 0, tw, th, gdImageSX(src), gdImageSY(src));
	jpeg = gdImageJpegPtr(dst, &size, 82);
	out->src_width = gdImageSX(src);
	out->src_height = gdImageSY(src);
	gdImageDestroy(src);
	gdImageDestroy(dst);
	if (jpeg == NULL || size <= 0) {
		gdFree(jpeg);
		return IMAGE_BROKEN;
	}
	out->data = arena_alloc(a, (size_t)size);
	memcpy(out->data, jpeg, (size_t)size);
	out->len = (size_t)size;
	out->width = tw;
	out->height = th;
	gdFree(jpeg);
	return IMAGE_OK;
}

enum image_rc
image_store(struct arena *a, const char *dir, const struct image_type *t, const void *data,
    size_t len, struct image_stored *out)
{
	char		hex[STORE_HEX_LEN];
	enum image_rc	rc = image_thumbnail(a, t, data, len, &out->t);

	if (rc != IMAGE_OK)
		return rc;
	store_hash(data, len, hex);
	out->file = arena_printf(a, "%s.%s", hex, t->ext);
	store_hash(out->t.data, out->t.len, hex);
	out->thumb = arena_printf(a, "%s.jpg", hex);
	if (store_put(dir, out->file, data, len) == -1 ||
	    store_put(dir, out->thumb, out->t.data, out->t.len) == -1)
		return IMAGE_IO;
	return IMAGE_OK;
}
