/*
 * hostile_images: pictures made to hurt a decoder, for the image unit test
 * and as the image fuzz driver's seeds (tests/fuzz/corpus/image/, written
 * by `POBRATIM_IMAGE_SEEDS=DIR build/unit_tests`). Each is made from a small
 * real picture (libgd, libjpeg, libpng) and a few bytes changed by hand.
 */
#ifndef TESTS_UNIT_HOSTILE_IMAGES_H
#define TESTS_UNIT_HOSTILE_IMAGES_H

#include <stddef.h>

#include "../../../src/base/image.h"

struct hostile_image {
	const char	*name;		/* the seed's file name */
	const char	*ext;		/* the type it is sent as; NULL: none we take */
	enum image_rc	 expect;	/* what image_process says */
	int		 width, height;	/* of the stored original when IMAGE_OK */
	unsigned char	*(*make)(size_t *len);	/* free() it */
};

extern const struct hostile_image	hostile_images[];
extern const size_t			nhostile_images;

#endif
