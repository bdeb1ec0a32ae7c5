#include "image.h"

#include <gd.h>
#include <jpeglib.h>
#include <jerror.h>
#include <png.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <webp/decode.h>

#include "alloc.h"
#include "log.h"
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

/* The pixel and memory ceilings, on what the header pass found. */
static enum image_rc
within_limits(const struct image_header *h)
{
	if (h->width <= 0 || h->height <= 0)
		return IMAGE_BROKEN;
	if ((long)h->width * h->height > IMAGE_MAX_PIXELS)
		return IMAGE_TOO_LARGE;
	if (h->decode_bytes > IMAGE_MAX_MEMORY)
		return IMAGE_TOO_COMPLEX;
	return IMAGE_OK;
}

/* --- JPEG: libjpeg-turbo, header pass and decoding into a gdImage --- */

/*
 * A decoder's state that survives its longjmp: errors and warnings that
 * matter end the decoding there, so corrupt data never exits the process
 * and a truncated file is refused instead of being filled with grey.
 */
struct jdec {
	struct jpeg_error_mgr		 err;
	struct jpeg_progress_mgr	 progress;
	struct jpeg_decompress_struct	 d;
	jmp_buf				 jb;
	enum image_rc			 rc;
	gdImagePtr			 im;
};

static void
jdec_exit(j_common_ptr c)
{
	struct jdec	*j = (struct jdec *)c->client_data;

	j->rc = c->err->msg_code == JERR_NO_BACKING_STORE ||
	    c->err->msg_code == JERR_OUT_OF_MEMORY ? IMAGE_TOO_COMPLEX : IMAGE_BROKEN;
	longjmp(j->jb, 1);
}

static void
jdec_message(j_common_ptr c, int level)
{
	struct jdec	*j = (struct jdec *)c->client_data;

	if (level < 0 && c->err->msg_code == JWRN_JPEG_EOF) {
		j->rc = IMAGE_BROKEN;
		longjmp(j->jb, 1);
	}
}

static void
jdec_silent(j_common_ptr c)
{
	(void)c;
}

/* Called as scans are read: thousands of scans would take minutes. */
static void
jdec_progress(j_common_ptr c)
{
	struct jdec	*j = (struct jdec *)c->client_data;

	if (j->d.input_scan_number > IMAGE_MAX_SCANS) {
		j->rc = IMAGE_TOO_COMPLEX;
		longjmp(j->jb, 1);
	}
}

static int
jdec_denom(const struct jpeg_decompress_struct *d)
{
	unsigned	longer = d->image_width > d->image_height ? d->image_width : d->image_height;
	int		denom = 8;

	while (denom > 1 && (longer + (unsigned)denom - 1) / (unsigned)denom < IMAGE_MAX_SIDE)
		denom /= 2;
	return denom;
}

static void
jdec_header(struct jdec *j, struct image_header *h)
{
	struct jpeg_decompress_struct	*d = &j->d;
	long				 coef;

	h->width = (int)d->image_width;
	h->height = (int)d->image_height;
	h->components = d->num_components;
	h->bits = d->data_precision;
	h->progressive = d->progressive_mode;
	/* a multi-scan file keeps every coefficient (2 bytes each) until the last scan */
	coef = d->progressive_mode ? (long)h->width * h->height * h->components * 2 : 0;
	d->scale_num = 1;
	d->scale_denom = (unsigned)jdec_denom(d);
	h->decode_bytes = coef + (long)((h->width + d->scale_denom - 1) / d->scale_denom) *
	    (long)((h->height + d->scale_denom - 1) / d->scale_denom) * 4;
}

/* CMYK (Adobe's files store it inverted) to a gd colour, as libgd does. */
static int
cmyk_rgb(const JSAMPLE *p, bool inverted)
{
	int	c = p[0], m = p[1], y = p[2], k = p[3];

	if (inverted) {
		c = 255 - c;
		m = 255 - m;
		y = 255 - y;
		k = 255 - k;
	}
	return gdTrueColor((255 - c) * (255 - k) / 255, (255 - m) * (255 - k) / 255,
	    (255 - y) * (255 - k) / 255);
}

static void
jdec_pixels(struct jdec *j)
{
	struct jpeg_decompress_struct	*d = &j->d;
	bool				 cmyk = d->out_color_space == JCS_CMYK;
	JSAMPARRAY			 row;

	row = (*d->mem->alloc_sarray)((j_common_ptr)d, JPOOL_IMAGE,
	    d->output_width * (unsigned)d->output_components, 1);
	while (d->output_scanline < d->output_height) {
		int	*out = j->im->tpixels[d->output_scanline];

		if (jpeg_read_scanlines(d, row, 1) != 1)
			ERREXIT(d, JERR_BAD_BUFFER_MODE);
		for (unsigned x = 0; x < d->output_width; x++) {
			const JSAMPLE	*p = row[0] + x * (unsigned)d->output_components;

			out[x] = cmyk ? cmyk_rgb(p, d->saw_Adobe_marker) :
			    gdTrueColor(p[0], p[1], p[2]);
		}
	}
}

/* The EXIF orientation (1..8) of an APP1 "Exif" marker; 1 when there is none. */
static int
exif_orientation(const struct jpeg_decompress_struct *d)
{
	for (jpeg_saved_marker_ptr m = d->marker_list; m != NULL; m = m->next) {
		const unsigned char	*p = m->data + 6;	/* the TIFF header */
		size_t			 n = m->data_length, ifd;
		bool			 le;
		unsigned		 count;

		if (m->marker != JPEG_APP0 + 1 || n < 6 + 8 || memcmp(m->data, "Exif\0\0", 6) != 0)
			continue;
		n -= 6;
		le = p[0] == 'I';
#define RD16(q)	(le ? (unsigned)(q)[0] | (unsigned)(q)[1] << 8 : (unsigned)(q)[0] << 8 | (q)[1])
#define RD32(q)	(le ? RD16(q) | (size_t)RD16((q) + 2) << 16 : (size_t)RD16(q) << 16 | RD16((q) + 2))
		ifd = RD32(p + 4);
		if (ifd > n - 2)
			return 1;
		count = RD16(p + ifd);
		for (unsigned i = 0; i < count && ifd + 2 + 12 * (size_t)(i + 1) <= n; i++) {
			const unsigned char	*e = p + ifd + 2 + 12 * i;

			if (RD16(e) == 0x0112 && RD16(e + 2) == 3) {
				unsigned	o = RD16(e + 8);

				return o >= 1 && o <= 8 ? (int)o : 1;
			}
		}
#undef RD16
#undef RD32
	}
	return 1;
}

/*
 * The header pass (decode false) or the whole decoding into j->im. The size
 * that decides is the one libjpeg will decode: the frame header it reads
 * (fill bytes and a second frame header are its business, not a byte scan's).
 */
static enum image_rc
jpeg_run(struct jdec *j, const unsigned char *p, size_t len, bool decode,
    struct image_header *h, int *orientation)
{
	struct jpeg_decompress_struct	*d = &j->d;
	enum image_rc			 rc;

	d->err = jpeg_std_error(&j->err);
	j->err.error_exit = jdec_exit;
	j->err.emit_message = jdec_message;
	j->err.output_message = jdec_silent;
	j->rc = IMAGE_BROKEN;
	j->im = NULL;
	if (setjmp(j->jb) != 0)
		return j->rc;
	d->client_data = j;
	jpeg_create_decompress(d);
	d->mem->max_memory_to_use = IMAGE_MAX_MEMORY;
	j->progress.progress_monitor = jdec_progress;
	d->progress = &j->progress;
	jpeg_mem_src(d, p, (unsigned long)len);
	if (decode)
		jpeg_save_markers(d, JPEG_APP0 + 1, 0xffff);
	if (jpeg_read_header(d, TRUE) != JPEG_HEADER_OK)
		return IMAGE_BROKEN;
	jdec_header(j, h);
	if ((rc = within_limits(h)) != IMAGE_OK || !decode)
		return rc;
	*orientation = exif_orientation(d);
	d->out_color_space = d->jpeg_color_space == JCS_CMYK || d->jpeg_color_space == JCS_YCCK ?
	    JCS_CMYK : JCS_RGB;
	jpeg_calc_output_dimensions(d);
	/* what is left of the ceiling once the picture itself is counted */
	d->mem->max_memory_to_use = IMAGE_MAX_MEMORY -
	    (long)d->output_width * d->output_height * 4;
	if (!jpeg_start_decompress(d))
		return IMAGE_BROKEN;
	if ((j->im = gdImageCreateTrueColor((int)d->output_width, (int)d->output_height)) == NULL)
		return IMAGE_TOO_COMPLEX;
	jdec_pixels(j);
	jpeg_finish_decompress(d);
	return IMAGE_OK;
}

static enum image_rc
jpeg_decode(const unsigned char *p, size_t len, bool decode, struct image_header *h,
    gdImagePtr *out, int *orientation)
{
	struct jdec	*j = xcalloc(1, sizeof(*j));
	enum image_rc	 rc;

	rc = jpeg_run(j, p, len, decode, h, orientation);
	jpeg_destroy_decompress(&j->d);
	if (rc == IMAGE_OK && decode)
		*out = j->im;
	else if (j->im != NULL)
		gdImageDestroy(j->im);
	free(j);
	return rc;
}

/* --- PNG: libpng's header pass; libgd (on libpng) decodes --- */

struct png_src {
	const unsigned char	*p;
	size_t			 len, at;
};

static void
png_read_mem(png_structp png, png_bytep out, size_t n)
{
	struct png_src	*s = png_get_io_ptr(png);

	if (n > s->len - s->at)
		png_error(png, "truncated");
	memcpy(out, s->p + s->at, n);
	s->at += n;
}

static void
png_fail(png_structp png, png_const_charp msg)
{
	(void)msg;
	png_longjmp(png, 1);
}

static void
png_warn(png_structp png, png_const_charp msg)
{
	(void)png;
	(void)msg;
}

static enum image_rc
png_header(const unsigned char *p, size_t len, struct image_header *h)
{
	struct png_src	 src = { p, len, 0 };
	png_structp	 png;
	png_infop	 info;
	int		 type;

	if ((png = png_create_read_struct(PNG_LIBPNG_VER_STRING, NULL, png_fail, png_warn)) == NULL)
		return IMAGE_TOO_COMPLEX;
	if ((info = png_create_info_struct(png)) == NULL) {
		png_destroy_read_struct(&png, NULL, NULL);
		return IMAGE_TOO_COMPLEX;
	}
	if (setjmp(png_jmpbuf(png)) != 0) {
		png_destroy_read_struct(&png, &info, NULL);
		return IMAGE_BROKEN;
	}
	png_set_chunk_malloc_max(png, 4 << 20);	/* an ancillary chunk (ICC profile, text) */
	png_set_read_fn(png, &src, png_read_mem);
	png_read_info(png, info);
	type = png_get_color_type(png, info);
	h->width = (int)png_get_image_width(png, info);
	h->height = (int)png_get_image_height(png, info);
	h->components = png_get_channels(png, info);
	h->bits = png_get_bit_depth(png, info);
	h->progressive = png_get_interlace_type(png, info) != PNG_INTERLACE_NONE;
	h->alpha = (type & PNG_COLOR_MASK_ALPHA) != 0 || png_get_valid(png, info, PNG_INFO_tRNS);
	png_destroy_read_struct(&png, &info, NULL);
	/* libgd reads the whole picture, at most 4 bytes a pixel, then makes its own */
	h->decode_bytes = (long)h->width * h->height * 8;
	return within_limits(h);
}

/* --- WebP: libwebp's header pass; libgd (on libwebp) decodes --- */

static enum image_rc
webp_header(const unsigned char *p, size_t len, struct image_header *h)
{
	WebPBitstreamFeatures	f;

	if (WebPGetFeatures(p, len, &f) != VP8_STATUS_OK)
		return IMAGE_BROKEN;
	h->width = f.width;
	h->height = f.height;
	h->alpha = f.has_alpha;
	h->components = f.has_alpha ? 4 : 3;
	h->bits = 8;
	h->lossless = f.format == 2;
	h->animated = f.has_animation;
	/* libgd decodes to ARGB, then copies into its own picture */
	h->decode_bytes = (long)h->width * h->height * 8;
	if (h->animated)
		return IMAGE_UNSUPPORTED;
	return within_limits(h);
}

enum image_rc
image_header(const struct image_type *t, const void *data, size_t len, struct image_header *out)
{
	memset(out, 0, sizeof(*out));
	if (len > (size_t)INT32_MAX || !image_magic_ok(t, data, len))
		return IMAGE_BROKEN;
	switch (t->ext[0]) {
	case 'p':
		return png_header(data, len, out);
	case 'j':
		return jpeg_decode(data, len, false, out, NULL, NULL);
	default:
		return webp_header(data, len, out);
	}
}

/* --- decoding, turning, scaling, encoding --- */

/* libgd's complaints about a picture are the client's problem, not the log's. */
static void
gd_quiet(int priority, const char *fmt, va_list ap)
{
	char	msg[256];

	(void)priority;
	vsnprintf(msg, sizeof(msg), fmt, ap);
	log_debug("libgd: %s", msg);
}

static void
gd_setup(void)
{
	gdSetErrorMethod(gd_quiet);
}

static enum image_rc
decode(const struct image_type *t, const void *data, size_t len, struct image_header *h,
    gdImagePtr *im, int *orientation)
{
	void		*p = (void *)(uintptr_t)data;	/* libgd reads it only */
	enum image_rc	 rc;

	static pthread_once_t	 once = PTHREAD_ONCE_INIT;

	pthread_once(&once, gd_setup);
	*orientation = 1;
	memset(h, 0, sizeof(*h));
	if (len > (size_t)INT32_MAX || !image_magic_ok(t, data, len))
		return IMAGE_BROKEN;
	if (t->ext[0] == 'j')
		return jpeg_decode(data, len, true, h, im, orientation);
	if ((rc = image_header(t, data, len, h)) != IMAGE_OK)
		return rc;
	/* the header pass said yes: the same library now decodes what it measured */
	*im = t->ext[0] == 'p' ? gdImageCreateFromPngPtr((int)len, p) :
	    gdImageCreateFromWebpPtr((int)len, p);
	return *im != NULL ? IMAGE_OK : IMAGE_BROKEN;
}

/* im turned as EXIF orientation o says (1..8); im itself or a new picture. */
static gdImagePtr
upright(gdImagePtr im, int o)
{
	static const int	angle[9] = { 0, 0, 0, 180, 0, 270, 270, 90, 90 };
	gdImagePtr		turned = im;

	if (angle[o] != 0 && (turned = gdImageRotateInterpolated(im, (float)angle[o], 0)) == NULL)
		return im;
	if (turned != im)
		gdImageDestroy(im);
	if (o == 2 || o == 5)
		gdImageFlipHorizontal(turned);
	if (o == 4 || o == 7)
		gdImageFlipVertical(turned);
	return turned;
}

/* w x h scaled to fit side, never up, at least 1 x 1. */
static void
fit(int w, int h, int side, int *tw, int *th)
{
	int	longer = w > h ? w : h;

	if (longer <= side) {
		*tw = w;
		*th = h;
		return;
	}
	*tw = (int)((long)w * side / longer);
	*th = (int)((long)h * side / longer);
	*tw = *tw > 0 ? *tw : 1;
	*th = *th > 0 ? *th : 1;
}

/* im at most IMAGE_MAX_SIDE a side; im itself or a new picture. */
static gdImagePtr
downscale(gdImagePtr im)
{
	gdImagePtr	small;
	int		w, h;

	fit(gdImageSX(im), gdImageSY(im), IMAGE_MAX_SIDE, &w, &h);
	if (w == gdImageSX(im) && h == gdImageSY(im))
		return im;
	if (!gdImageTrueColor(im))
		gdImagePaletteToTrueColor(im);
	gdImageSetInterpolationMethod(im, GD_BILINEAR_FIXED);
	if ((small = gdImageScale(im, (unsigned)w, (unsigned)h)) == NULL)
		return NULL;
	gdImageDestroy(im);
	return small;
}

/* libgd's encoding into the arena; -1 when it fails. */
static int
keep(struct arena *a, void *data, int size, gdImagePtr im, struct image_blob *out)
{
	if (data == NULL || size <= 0) {
		gdFree(data);
		return -1;
	}
	out->data = arena_alloc(a, (size_t)size);
	memcpy(out->data, data, (size_t)size);
	out->len = (size_t)size;
	out->width = gdImageSX(im);
	out->height = gdImageSY(im);
	gdFree(data);
	return 0;
}

/* The original in its own format: no trailing bytes, no metadata. */
static int
encode(struct arena *a, const struct image_type *t, const struct image_header *h,
    gdImagePtr im, struct image_blob *out)
{
	int	size = 0;
	void	*data;

	switch (t->ext[0]) {
	case 'j':
		data = gdImageJpegPtr(im, &size, 90);
		break;
	case 'p':
		gdImageSaveAlpha(im, h->alpha);
		data = gdImagePngPtr(im, &size);
		break;
	default:
		gdImageSaveAlpha(im, h->alpha);
		data = gdImageWebpPtrEx(im, &size, h->lossless ? gdWebpLossless : 90);
		break;
	}
	return keep(a, data, size, im, out);
}

/*
 * A JPEG no larger than IMAGE_THUMB_SIZE, transparency on white. libgd's
 * resampling (an average over the source area, the best for a large
 * reduction) costs by the source's pixels: a big picture is first brought
 * to four times the thumbnail by the cheaper bilinear scaling, which keeps
 * a 4096 px original's thumbnail at a tenth of the time.
 */
static int
thumbnail(struct arena *a, gdImagePtr src, struct image_blob *out)
{
	gdImagePtr	dst, mid = NULL;
	int		tw, th, mw, mh, size = 0, rc;
	void		*jpeg;

	fit(gdImageSX(src), gdImageSY(src), 4 * IMAGE_THUMB_SIZE, &mw, &mh);
	if (mw < gdImageSX(src) && gdImageTrueColor(src)) {
		gdImageSetInterpolationMethod(src, GD_BILINEAR_FIXED);
		if ((mid = gdImageScale(src, (unsigned)mw, (unsigned)mh)) != NULL)
			src = mid;
	}
	fit(gdImageSX(src), gdImageSY(src), IMAGE_THUMB_SIZE, &tw, &th);
	if ((dst = gdImageCreateTrueColor(tw, th)) == NULL) {
		if (mid != NULL)
			gdImageDestroy(mid);
		return -1;
	}
	gdImageFilledRectangle(dst, 0, 0, tw - 1, th - 1, gdTrueColor(255, 255, 255));
	gdImageAlphaBlending(dst, 1);
	gdImageCopyResampled(dst, src, 0, 0, 0, 0, tw, th, gdImageSX(src), gdImageSY(src));
	if (mid != NULL)
		gdImageDestroy(mid);
	jpeg = gdImageJpegPtr(dst, &size, 82);
	rc = keep(a, jpeg, size, dst, out);
	gdImageDestroy(dst);
	return rc;
}

enum image_rc
image_process(struct arena *a, const struct image_type *t, const void *data, size_t len,
    struct image_processed *out)
{
	struct image_header	 h;
	gdImagePtr		 im = NULL, scaled;
	int			 orientation;
	enum image_rc		 rc;

	memset(out, 0, sizeof(*out));
	out->type = t;
	if ((rc = decode(t, data, len, &h, &im, &orientation)) != IMAGE_OK)
		return rc;
	out->src_width = h.width;
	out->src_height = h.height;
	im = upright(im, orientation);
	if ((scaled = downscale(im)) == NULL) {
		gdImageDestroy(im);
		return IMAGE_TOO_COMPLEX;
	}
	im = scaled;
	rc = encode(a, t, &h, im, &out->original) == 0 && thumbnail(a, im, &out->thumb) == 0 ?
	    IMAGE_OK : IMAGE_BROKEN;
	gdImageDestroy(im);
	if (rc == IMAGE_OK && out->original.len > (size_t)IMAGE_MAX_STORED)
		return IMAGE_TOO_COMPLEX;
	return rc;
}

void
image_names(struct arena *a, const struct image_processed *p, bool with_thumb,
    struct image_stored *out)
{
	char	hex[STORE_HEX_LEN];

	store_hash(p->original.data, p->original.len, hex);
	out->file = arena_printf(a, "%s.%s", hex, p->type->ext);
	out->thumb = NULL;
	if (with_thumb) {
		store_hash(p->thumb.data, p->thumb.len, hex);
		out->thumb = arena_printf(a, "%s.jpg", hex);
	}
}

int
image_store(struct arena *a, const char *dir, const struct image_processed *p, bool with_thumb,
    struct image_stored *out)
{
	image_names(a, p, with_thumb, out);
	if (store_put(dir, out->file, p->original.data, p->original.len) == -1)
		return -1;
	return with_thumb ? store_put(dir, out->thumb, p->thumb.data, p->thumb.len) : 0;
}
