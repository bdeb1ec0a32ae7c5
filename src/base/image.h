/*
 * image: the uploaded pictures' types and their thumbnails. The type is
 * told by the first bytes (PNG, JPEG, WebP), never by the name or header
 * alone; decoding, scaling and encoding are libgd's, not ours. Not an
 * image editor: one thumbnail size, always JPEG.
 */
#ifndef BASE_IMAGE_H
#define BASE_IMAGE_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"

#define IMAGE_THUMB_SIZE	320		/* the longer side of a thumbnail, in pixels */
#define IMAGE_MAX_PIXELS	(25L * 1000 * 1000)	/* larger pictures are refused undecoded */

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

struct image_thumb {
	void	*data;		/* JPEG, in the arena */
	size_t	 len;
	int	 width, height;	/* of the thumbnail */
	int	 src_width, src_height;	/* of the original */
};

enum image_rc { IMAGE_OK, IMAGE_TOO_LARGE, IMAGE_BROKEN, IMAGE_IO };

/*
 * A JPEG no larger than IMAGE_THUMB_SIZE on its longer side (never scaled
 * up), transparency on white. IMAGE_TOO_LARGE past IMAGE_MAX_PIXELS (read
 * from the header, before decoding); IMAGE_BROKEN when libgd cannot read it.
 */
enum image_rc	image_thumbnail(struct arena *a, const struct image_type *t, const void *data,
		    size_t len, struct image_thumb *out);

struct image_stored {
	const char		*file, *thumb;	/* store names: <sha256>.<ext>, <sha256>.jpg */
	struct image_thumb	 t;
};

/*
 * image_thumbnail, then both the picture and its thumbnail into the content
 * store under dir (src/base/store.c); IMAGE_IO with errno when writing fails.
 */
enum image_rc	image_store(struct arena *a, const char *dir, const struct image_type *t,
		    const void *data, size_t len, struct image_stored *out);

#endif
