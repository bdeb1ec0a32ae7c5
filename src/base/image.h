/*
 * image: uploaded pictures. The type is told by the first bytes (PNG, JPEG,
 * WebP), never by the name or header alone. Before any pixel buffer is
 * allocated, the decoder's own header pass (libjpeg-turbo's
 * jpeg_read_header, libpng's png_read_info, libwebp's WebPGetFeatures) says
 * how large the picture is, and pictures over IMAGE_MAX_PIXELS or needing
 * more than IMAGE_MAX_MEMORY to decode are refused. What is kept is never the
 * upload's bytes: the decoded picture is re-encoded in its own format (JPEG
 * stays JPEG, PNG stays PNG, WebP stays WebP), which drops whatever followed
 * the picture and every metadata block (EXIF with its GPS position, text
 * chunks), at most IMAGE_MAX_SIDE pixels on its longer side, turned upright
 * as a JPEG's EXIF orientation says. GIF is not taken. Not an image editor:
 * one thumbnail size, always JPEG.
 */
#ifndef BASE_IMAGE_H
#define BASE_IMAGE_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"

#define IMAGE_THUMB_SIZE	320		/* the longer side of a thumbnail, in pixels */
#define IMAGE_MAX_SIDE		4096		/* larger originals are stored downscaled */
#define IMAGE_MAX_PIXELS	(25L * 1000 * 1000)	/* larger pictures are refused undecoded */
#define IMAGE_MAX_MEMORY	(256L << 20)	/* the decoder's working memory and its picture */
#define IMAGE_MAX_SCANS		100		/* a JPEG's scans (progressive: time bound) */
#define IMAGE_MAX_STORED	(32L << 20)	/* bytes of a re-encoded original */

struct image_type {
	const char	*mime, *ext, *magic;
	size_t		 magic_len, magic_at;
};

/* The known type named by a Content-Type value (parameters allowed), or NULL. */
const struct image_type	*image_type_by_mime(const char *content_type);
/* The known type with extension ext ("png"), or NULL. */
const struct image_type	*image_type_by_ext(const char *ext);
/* Whether the bytes begin as an image of type t. */
bool	image_magic_ok(const struct image_type *t, const void *data, size_t len);

enum image_rc {
	IMAGE_OK,
	IMAGE_TOO_LARGE,	/* more than IMAGE_MAX_PIXELS */
	IMAGE_TOO_COMPLEX,	/* over IMAGE_MAX_MEMORY, IMAGE_MAX_SCANS or IMAGE_MAX_STORED */
	IMAGE_UNSUPPORTED,	/* a kind of the format we do not take (animated WebP) */
	IMAGE_BROKEN,		/* the decoder cannot read it (also truncated) */
	IMAGE_IO,		/* writing failed; errno says why */
};

/* What the decoder's header pass says. */
struct image_header {
	int	width, height;		/* as the decoder will decode it */
	int	components;		/* channels: 1 gray, 3 colour, 4 CMYK or with alpha */
	int	bits;			/* per channel */
	bool	progressive;		/* JPEG: progressive; PNG: interlaced (Adam7) */
	bool	alpha;			/* PNG, WebP: has transparency */
	bool	lossless;		/* WebP: VP8L */
	bool	animated;		/* WebP: an animation (refused) */
	long	decode_bytes;		/* what decoding it needs at most, estimated */
};

/*
 * The header pass alone: IMAGE_OK with *out filled when the picture may be
 * decoded, IMAGE_TOO_LARGE / IMAGE_TOO_COMPLEX / IMAGE_UNSUPPORTED /
 * IMAGE_BROKEN otherwise (out is filled as far as it was read).
 */
enum image_rc	image_header(const struct image_type *t, const void *data, size_t len,
		    struct image_header *out);

struct image_blob {
	void	*data;		/* in the arena */
	size_t	 len;
	int	 width, height;
};

struct image_processed {
	const struct image_type	*type;		/* of the original, as uploaded */
	struct image_blob	 original;	/* re-encoded, at most IMAGE_MAX_SIDE a side */
	struct image_blob	 thumb;		/* JPEG, at most IMAGE_THUMB_SIZE a side */
	int			 src_width, src_height;	/* as uploaded */
};

/*
 * Header pass, decode, turn upright, downscale and re-encode; the thumbnail
 * too (never scaled up, transparency on white). Nothing is written.
 */
enum image_rc	image_process(struct arena *a, const struct image_type *t, const void *data,
		    size_t len, struct image_processed *out);

struct image_stored {
	const char	*file, *thumb;	/* store names: <sha256>.<ext>, <sha256>.jpg; thumb NULL */
};

/* The store names of the processed original and (when with_thumb) its thumbnail. */
void	image_names(struct arena *a, const struct image_processed *p, bool with_thumb,
	    struct image_stored *out);
/*
 * The processed original (and its thumbnail when with_thumb) into the content
 * store under dir (src/base/store.c); -1 with errno when writing fails.
 */
int	image_store(struct arena *a, const char *dir, const struct image_processed *p,
	    bool with_thumb, struct image_stored *out);

#endif
