#include "hostile_images.h"

#include <gd.h>
#include <jpeglib.h>
#include <png.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- helpers --- */

static unsigned char *
copy(const void *p, size_t n)
{
	unsigned char	*q = malloc(n ? n : 1);

	memcpy(q, p, n);
	return q;
}

static gdImagePtr
picture(int w, int h)
{
	gdImagePtr	im = gdImageCreateTrueColor(w, h);

	gdImageFilledRectangle(im, 0, 0, w - 1, h - 1, gdTrueColor(30, 120, 200));
	gdImageFilledRectangle(im, 0, 0, w / 2, h / 2, gdTrueColor(250, 200, 0));
	return im;
}

/* A w x h JPEG by libgd (progressive when interlaced). */
static unsigned char *
gd_jpeg(int w, int h, int interlaced, size_t *len)
{
	gdImagePtr	 im = picture(w, h);
	int		 n = 0;
	void		*p;
	unsigned char	*q;

	gdImageInterlace(im, interlaced);
	p = gdImageJpegPtr(im, &n, 80);
	gdImageDestroy(im);
	q = copy(p, (size_t)n);
	*len = (size_t)n;
	gdFree(p);
	return q;
}

static size_t
be16(const unsigned char *p)
{
	return (size_t)p[0] << 8 | p[1];
}

/* The offset of the first marker m of a JPEG (walking its segments), or 0. */
static size_t
marker(const unsigned char *p, size_t len, unsigned char m)
{
	for (size_t i = 2; i + 4 <= len && p[i] == 0xff; i += 2 + be16(p + i + 2))
		if (p[i + 1] == m)
			return i;
	return 0;
}

struct out {
	unsigned char	*p;
	size_t		 len;
};

static void
put(struct out *o, const void *p, size_t n)
{
	o->p = realloc(o->p, o->len + n);
	memcpy(o->p + o->len, p, n);
	o->len += n;
}

/* --- JPEG --- */

/*
 * The bomb: 0xFF fill bytes and a parameterless marker send a byte
 * scanner 513 bytes ahead, onto a 16 x 16 frame header inside a comment,
 * while the frame libjpeg reads says 16000 x 16000.
 */
static unsigned char *
jpeg_fill_bomb(size_t *len)
{
	size_t		 n, sof, dqt, sos;
	unsigned char	*j = gd_jpeg(16, 16, 0, &n);
	unsigned char	 com[4 + 520] = { 0xff, 0xfe, (522 >> 8), 522 & 0xff };
	static const unsigned char fake[] = { 0xff, 0xc0, 0, 17, 8, 0, 16, 0, 16, 3,
		1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1 };
	struct out	 o = { 0 };

	sof = marker(j, n, 0xc0);
	dqt = marker(j, n, 0xdb);
	sos = marker(j, n, 0xda);
	put(&o, "\xff\xd8\xff\xff\x01", 5);		/* SOI, fill, TEM */
	put(&o, j + sof, 2 + be16(j + sof + 2));	/* at 5: the real frame header */
	o.p[5 + 5] = 16000 >> 8;
	o.p[5 + 6] = 16000 & 0xff;
	o.p[5 + 7] = 16000 >> 8;
	o.p[5 + 8] = 16000 & 0xff;
	memset(com + 4, 'x', sizeof(com) - 4);
	memcpy(com + 4 + (515 - o.len - 4), fake, sizeof(fake));	/* lands at 515 */
	put(&o, com, sizeof(com));
	put(&o, j + dqt, sof - dqt);			/* the tables */
	put(&o, j + sof + 2 + be16(j + sof + 2), n - (sof + 2 + be16(j + sof + 2)));
	(void)sos;
	free(j);
	*len = o.len;
	return o.p;
}

/* Two frame headers before the scan. */
static unsigned char *
jpeg_two_sofs(size_t *len)
{
	size_t		 n, sof;
	unsigned char	*j = gd_jpeg(32, 32, 0, &n);
	struct out	 o = { 0 };

	sof = marker(j, n, 0xc0);
	put(&o, j, sof + 2 + be16(j + sof + 2));
	put(&o, j + sof, n - sof);
	free(j);
	*len = o.len;
	return o.p;
}

static unsigned char *
jpeg_progressive(size_t *len)
{
	return gd_jpeg(300, 200, 1, len);
}

/* A progressive JPEG whose first scan comes 300 times: minutes of work for a big one. */
static unsigned char *
jpeg_many_scans(size_t *len)
{
	size_t		 n, sos, end;
	unsigned char	*j = gd_jpeg(64, 64, 1, &n);
	struct out	 o = { 0 };

	sos = marker(j, n, 0xda);
	for (end = sos + 2 + be16(j + sos + 2); end + 1 < n; end++)
		if (j[end] == 0xff && j[end + 1] != 0 && (j[end + 1] < 0xd0 || j[end + 1] > 0xd7))
			break;
	put(&o, j, end);
	for (int i = 0; i < 300; i++)
		put(&o, j + sos, end - sos);
	put(&o, j + end, n - end);
	free(j);
	*len = o.len;
	return o.p;
}

static unsigned char *
jpeg_truncated(size_t *len)
{
	unsigned char	*j = gd_jpeg(200, 200, 0, len);

	*len = *len * 2 / 3;
	return j;
}

/*
 * Progressive, four components, 4900 x 4900: under the pixel ceiling, but
 * its coefficients alone would take 192 MB. Only the headers: the header
 * pass refuses it before anything else is read.
 */
static unsigned char *
jpeg_memory_bomb(size_t *len)
{
	static const unsigned char j[] = {
		0xff, 0xd8,
		0xff, 0xc2, 0, 20, 8, 4900 >> 8, 4900 & 0xff, 4900 >> 8, 4900 & 0xff, 4,
		1, 0x11, 0, 2, 0x11, 0, 3, 0x11, 0, 4, 0x11, 0,
		0xff, 0xda, 0, 14, 4, 1, 0, 2, 0, 3, 0, 4, 0, 0, 0, 0,
		0xff, 0xd9,
	};

	*len = sizeof(j);
	return copy(j, sizeof(j));
}

/* A 40 x 30 JPEG by libjpeg of one colour, px (components bytes), in space cs. */
static unsigned char *
libjpeg_make(J_COLOR_SPACE cs, int components, const char *px, size_t *len)
{
	struct jpeg_compress_struct	c;
	struct jpeg_error_mgr		e;
	unsigned char			*buf = NULL, row[40 * 4];
	unsigned long			n = 0;
	JSAMPROW			r = row;

	c.err = jpeg_std_error(&e);
	jpeg_create_compress(&c);
	jpeg_mem_dest(&c, &buf, &n);
	c.image_width = 40;
	c.image_height = 30;
	c.input_components = components;
	c.in_color_space = cs;
	jpeg_set_defaults(&c);
	jpeg_set_quality(&c, 95, TRUE);
	jpeg_start_compress(&c, TRUE);
	for (int x = 0; x < 40; x++)
		memcpy(row + components * x, px, (size_t)components);
	while (c.next_scanline < c.image_height)
		jpeg_write_scanlines(&c, &r, 1);
	jpeg_finish_compress(&c);
	jpeg_destroy_compress(&c);
	*len = n;
	return buf;	/* malloc'd by libjpeg */
}

/* CMYK, as Photoshop writes it (Adobe marker, inverted): libgd would fail; ours reads it. */
static unsigned char *
jpeg_cmyk(size_t *len)
{
	/* inverted CMYK of pure red: c 0, m 255, y 255, k 0 */
	return libjpeg_make(JCS_CMYK, 4, "\xff\x00\x00\xff", len);
}

/* One channel: read as grey RGB. */
static unsigned char *
jpeg_gray(size_t *len)
{
	return libjpeg_make(JCS_GRAYSCALE, 1, "\x80", len);
}

/* An APP1 Exif block: orientation 6 (turn 90° clockwise) and a GPS pointer. */
static const unsigned char exif[] = {
	0xff, 0xe1, 0, 50, 'E', 'x', 'i', 'f', 0, 0,
	'I', 'I', 42, 0, 8, 0, 0, 0,		/* TIFF, IFD0 at 8 */
	2, 0,					/* two entries */
	0x12, 0x01, 3, 0, 1, 0, 0, 0, 6, 0, 0, 0,	/* Orientation = 6 */
	0x25, 0x88, 4, 0, 1, 0, 0, 0, 38, 0, 0, 0,	/* GPSInfo IFD (the tag only) */
	0, 0, 0, 0, 'G', 'P', 'S', '!',
};

/* 40 x 20 as stored, 20 x 40 as seen; with EXIF that must not be kept, and bytes after EOI. */
static unsigned char *
jpeg_exif_trailing(size_t *len)
{
	size_t		 n;
	unsigned char	*j = gd_jpeg(40, 20, 0, &n);
	struct out	 o = { 0 };

	put(&o, j, 2);
	put(&o, exif, sizeof(exif));
	put(&o, j + 2, n - 2);
	put(&o, "TRAILING-BYTES<script>alert(1)</script>", 39);
	free(j);
	*len = o.len;
	return o.p;
}

/* --- PNG --- */

struct png_buf {
	struct out	o;
};

static void
png_write_mem(png_structp png, png_bytep p, size_t n)
{
	put(png_get_io_ptr(png), p, n);
}

static void
png_flush_none(png_structp png)
{
	(void)png;
}

/* A w x h RGB PNG by libpng, 16 bits a channel and/or Adam7 interlaced. */
static unsigned char *
png_make(int w, int h, int bits, int interlace, size_t *len)
{
	png_structp	 png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
	png_infop	 info = png_create_info_struct(png);
	struct out	 o = { 0 };
	unsigned char	*row = calloc((size_t)w, 6);
	int		 passes;

	png_set_write_fn(png, &o, png_write_mem, png_flush_none);
	png_set_IHDR(png, info, (png_uint_32)w, (png_uint_32)h, bits, PNG_COLOR_TYPE_RGB,
	    interlace ? PNG_INTERLACE_ADAM7 : PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
	    PNG_FILTER_TYPE_DEFAULT);
	png_write_info(png, info);
	passes = png_set_interlace_handling(png);
	for (int p = 0; p < passes; p++)
		for (int y = 0; y < h; y++) {
			for (int x = 0; x < w * 3 * (bits / 8); x++)
				row[x] = (unsigned char)(x * 7 + y);
			png_write_row(png, row);
		}
	png_write_end(png, info);
	png_destroy_write_struct(&png, &info);
	free(row);
	*len = o.len;
	return o.p;
}

static unsigned char *
png_16bit(size_t *len)
{
	return png_make(120, 80, 16, 0, len);
}

static unsigned char *
png_interlaced(size_t *len)
{
	return png_make(90, 70, 8, 1, len);
}

static uint32_t
crc32_of(const unsigned char *p, size_t n)
{
	uint32_t	c = 0xffffffffu;

	for (size_t i = 0; i < n; i++) {
		c ^= p[i];
		for (int k = 0; k < 8; k++)
			c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
	}
	return c ^ 0xffffffffu;
}

/* The IHDR says 20000 x 20000 (the CRC mended, so libpng reads on). */
static unsigned char *
png_bomb(size_t *len)
{
	unsigned char	*p = png_make(16, 16, 8, 0, len);
	uint32_t	 crc;

	memcpy(p + 16, "\x00\x00\x4e\x20\x00\x00\x4e\x20", 8);
	crc = crc32_of(p + 12, 17);
	p[29] = (unsigned char)(crc >> 24);
	p[30] = (unsigned char)(crc >> 16);
	p[31] = (unsigned char)(crc >> 8);
	p[32] = (unsigned char)crc;
	return p;
}

static unsigned char *
png_truncated(size_t *len)
{
	unsigned char	*p = png_make(200, 100, 8, 0, len);

	*len = *len / 2;
	return p;
}

/* --- GIF and WebP --- */

/* Two frames, looping: a type we do not take. */
static unsigned char *
gif_animated(size_t *len)
{
	gdImagePtr	 a = gdImageCreate(20, 20), b = gdImageCreate(20, 20);
	struct out	 o = { 0 };
	void		*p;
	int		 n;

	gdImageColorAllocate(a, 255, 0, 0);
	gdImageColorAllocate(b, 0, 0, 255);
	p = gdImageGifAnimBeginPtr(a, &n, 1, 0);
	put(&o, p, (size_t)n);
	gdFree(p);
	p = gdImageGifAnimAddPtr(a, &n, 0, 0, 0, 10, gdDisposalNone, NULL);
	put(&o, p, (size_t)n);
	gdFree(p);
	p = gdImageGifAnimAddPtr(b, &n, 0, 0, 0, 10, gdDisposalNone, a);
	put(&o, p, (size_t)n);
	gdFree(p);
	p = gdImageGifAnimEndPtr(&n);
	put(&o, p, (size_t)n);
	gdFree(p);
	gdImageDestroy(a);
	gdImageDestroy(b);
	*len = o.len;
	return o.p;
}

/* An extended WebP header that says "animation": WebPGetFeatures tells us. */
static unsigned char *
webp_animated(size_t *len)
{
	static const unsigned char w[] = {
		'R', 'I', 'F', 'F', 30, 0, 0, 0, 'W', 'E', 'B', 'P',
		'V', 'P', '8', 'X', 10, 0, 0, 0, 0x02, 0, 0, 0, 15, 0, 0, 15, 0, 0,
		'A', 'N', 'I', 'M', 6, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	};

	*len = sizeof(w);
	return copy(w, sizeof(w));
}

/* A lossless WebP whose VP8L header says 16384 x 16384. */
static unsigned char *
webp_bomb(size_t *len)
{
	gdImagePtr	 im = picture(16, 16);
	int		 n = 0;
	void		*p = gdImageWebpPtrEx(im, &n, gdWebpLossless);
	unsigned char	*q = copy(p, (size_t)n);
	uint32_t	 bits = 0x3fffu | 0x3fffu << 14;	/* width-1, height-1: 14 bits each */

	gdFree(p);
	gdImageDestroy(im);
	if (n > 25 && memcmp(q + 12, "VP8L", 4) == 0) {
		bits |= (uint32_t)(q[24] & 0xf0) << 24;	/* alpha hint and version */
		q[21] = (unsigned char)bits;
		q[22] = (unsigned char)(bits >> 8);
		q[23] = (unsigned char)(bits >> 16);
		q[24] = (unsigned char)(bits >> 24);
	}
	*len = (size_t)n;
	return q;
}

const struct hostile_image hostile_images[] = {
	{ "jpeg-fill-bytes-fake-sof-16000x16000", "jpg", IMAGE_TOO_LARGE, 0, 0, jpeg_fill_bomb },
	{ "jpeg-two-frame-headers", "jpg", IMAGE_BROKEN, 0, 0, jpeg_two_sofs },
	{ "jpeg-progressive", "jpg", IMAGE_OK, 300, 200, jpeg_progressive },
	{ "jpeg-progressive-300-scans", "jpg", IMAGE_TOO_COMPLEX, 0, 0, jpeg_many_scans },
	{ "jpeg-truncated-2-3", "jpg", IMAGE_BROKEN, 0, 0, jpeg_truncated },
	{ "jpeg-progressive-cmyk-4900x4900-headers", "jpg", IMAGE_TOO_COMPLEX, 0, 0,
	    jpeg_memory_bomb },
	{ "jpeg-cmyk-adobe", "jpg", IMAGE_OK, 40, 30, jpeg_cmyk },
	{ "jpeg-grayscale", "jpg", IMAGE_OK, 40, 30, jpeg_gray },
	{ "jpeg-exif-orientation-6-gps-trailing", "jpg", IMAGE_OK, 20, 40, jpeg_exif_trailing },
	{ "png-16-bit", "png", IMAGE_OK, 120, 80, png_16bit },
	{ "png-interlaced", "png", IMAGE_OK, 90, 70, png_interlaced },
	{ "png-ihdr-20000x20000-crc-ok", "png", IMAGE_TOO_LARGE, 0, 0, png_bomb },
	{ "png-truncated-1-2", "png", IMAGE_BROKEN, 0, 0, png_truncated },
	{ "gif-animated", NULL, IMAGE_BROKEN, 0, 0, gif_animated },
	{ "webp-animated", "webp", IMAGE_UNSUPPORTED, 0, 0, webp_animated },
	{ "webp-vp8l-16384x16384", "webp", IMAGE_TOO_LARGE, 0, 0, webp_bomb },
};
const size_t nhostile_images = sizeof(hostile_images) / sizeof(hostile_images[0]);
