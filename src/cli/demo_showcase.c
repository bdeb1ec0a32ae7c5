/*
 * demo_showcase: the demo's online exhibition and fair of "Days of Krasnodar
 * in Harbin" and its practices catalogue. The pictures are not shipped: they
 * are drawn here with libgd from the shapes data/demo.json lists ("rect x y
 * w h #rgb", "ellipse cx cy w h #rgb", "poly x1 y1 x2 y2 ... #rgb"), encoded
 * as the file says (PNG, JPEG or WebP) and stored like an upload, thumbnail
 * and all. Called by demo_load() inside its transaction.
 */
#include "cli.h"

#include <errno.h>
#include <gd.h>
#include <stdlib.h>
#include <string.h>

#include "../base/image.h"
#include "../base/log.h"
#include "../base/text.h"

#define MAX_POINTS	32

static const char *
str(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static int
colour(gdImagePtr im, const char *hex)
{
	unsigned long	v = strtoul(hex + 1, NULL, 16);

	return gdImageColorAllocate(im, (int)(v >> 16 & 0xff), (int)(v >> 8 & 0xff),
	    (int)(v & 0xff));
}

/* One shape line onto im; -1 when malformed. */
static int
draw_shape(gdImagePtr im, const char *line)
{
	gdPoint		 pts[MAX_POINTS];
	int		 v[2 * MAX_POINTS], n = 0;
	const char	*p = strchr(line, ' '), *hash = strrchr(line, '#');
	char		*end;

	if (p == NULL || hash == NULL)
		return -1;
	while (p < hash - 1 && n < 2 * MAX_POINTS) {
		v[n++] = (int)strtol(p, &end, 10);
		p = end;
	}
	if (text_has_prefix(line, "rect ") && n == 4)
		gdImageFilledRectangle(im, v[0], v[1], v[0] + v[2] - 1, v[1] + v[3] - 1,
		    colour(im, hash));
	else if (text_has_prefix(line, "ellipse ") && n == 4)
		gdImageFilledEllipse(im, v[0], v[1], v[2], v[3], colour(im, hash));
	else if (text_has_prefix(line, "poly ") && n >= 6 && n % 2 == 0) {
		for (int i = 0; i < n / 2; i++)
			pts[i] = (gdPoint){ v[2 * i], v[2 * i + 1] };
		gdImageFilledPolygon(im, pts, n / 2, colour(im, hash));
	} else
		return -1;
	return 0;
}

/* The picture drawn and encoded; data is gdMalloc()ed, NULL when malformed. */
static void *
draw(json_t *pic, const struct image_type **t, int *len)
{
	gdImagePtr	 im;
	json_t		*shape;
	size_t		 i;
	void		*data = NULL;
	const char	*format = str(pic, "format");

	if ((*t = image_type_by_ext(format ? format : "")) == NULL)
		return NULL;
	im = gdImageCreateTrueColor((int)json_integer_value(json_object_get(pic, "width")),
	    (int)json_integer_value(json_object_get(pic, "height")));
	if (im == NULL)
		return NULL;
	gdImageFilledRectangle(im, 0, 0, gdImageSX(im) - 1, gdImageSY(im) - 1,
	    colour(im, str(pic, "background")));
	json_array_foreach(json_object_get(pic, "shapes"), i, shape)
		if (draw_shape(im, json_string_value(shape)) == -1) {
			log_err("demo: bad shape '%s'", json_string_value(shape));
			goto out;
		}
	data = (*t)->ext[0] == 'p' ? gdImagePngPtr(im, len) : (*t)->ext[0] == 'j' ?
	    gdImageJpegPtr(im, len, 85) : gdImageWebpPtrEx(im, len, 85);
out:
	gdImageDestroy(im);
	return data;
}

/* The picture drawn and stored (original and thumbnail); -1 logged. */
static int
store_picture(struct arena *a, const char *dir, json_t *pic, struct image_processed *p,
    struct image_stored *out)
{
	const struct image_type	*t;
	int			 len = 0;
	void			*data = draw(pic, &t, &len);
	enum image_rc		 rc;

	if (data == NULL) {
		log_err("demo: cannot draw a picture");
		return -1;
	}
	rc = image_process(a, t, data, (size_t)len, p);
	gdFree(data);
	if (rc != IMAGE_OK) {
		log_err("demo: cannot read a picture it drew");
		return -1;
	}
	if (image_store(a, dir, p, true, out) == -1) {
		log_err("demo: cannot store a picture in '%s': %s", dir, strerror(errno));
		return -1;
	}
	return 0;
}

static int
load_photos(struct db *db, struct arena *a, const char *dir, int64_t event_id, json_t *photos)
{
	size_t	 i;
	json_t	*ph;

	json_array_foreach(photos, i, ph) {
		struct image_processed	 ip;
		struct image_stored	 s;
		struct db_photo		 p = { .event_id = event_id,
			.caption_ru = str(ph, "caption_ru"), .caption_en = str(ph, "caption_en") };
		int64_t			 id;

		if (store_picture(a, dir, json_object_get(ph, "picture"), &ip, &s) == -1)
			return -1;
		p.file = s.file;
		p.thumb = s.thumb;
		p.content_type = ip.type->mime;
		p.size = (int64_t)ip.original.len;
		p.width = ip.original.width;
		p.height = ip.original.height;
		if (db_photo_insert(db, &p, &id) != DB_OK)
			return -1;
	}
	return 0;
}

static int
load_products(struct db *db, struct arena *a, const char *dir, int64_t exhibitor_id,
    json_t *products)
{
	size_t	 i;
	json_t	*pj;

	json_array_foreach(products, i, pj) {
		struct image_processed	 ip;
		struct image_stored	 s;
		struct db_product	 g = { .exhibitor_id = exhibitor_id,
			.name_ru = str(pj, "name_ru"), .name_en = str(pj, "name_en"),
			.description_ru = str(pj, "description_ru"),
			.description_en = str(pj, "description_en") };
		int64_t			 id;

		if (store_picture(a, dir, json_object_get(pj, "picture"), &ip, &s) == -1)
			return -1;
		g.picture = s.file;
		g.picture_type = ip.type->mime;
		g.thumb = s.thumb;
		if (db_product_insert(db, &g, &id) != DB_OK)
			return -1;
	}
	return 0;
}

static int
load_fair(struct db *db, struct arena *a, const char *dir, int64_t event_id, json_t *exhibitors,
    json_t *org_ids)
{
	size_t	 i;
	json_t	*xj;

	json_array_foreach(exhibitors, i, xj) {
		struct db_exhibitor	x = { .event_id = event_id, .name = str(xj, "name"),
			.country_code = str(xj, "country") };
		const char		*org = str(xj, "organization");

		if (org != NULL)
			x.organization_id = json_integer_value(json_object_get(org_ids, org));
		if (db_exhibitor_insert(db, &x, &x.id) != DB_OK ||
		    load_products(db, a, dir, x.id, json_object_get(xj, "products")) == -1)
			return -1;
	}
	return 0;
}

/* The date of the seed the object cites, as a time at midnight UTC; NULL if none. */
static const char *
seed_time(struct arena *a, json_t *doc, json_t *o)
{
	json_t	*seed;
	size_t	 k;

	json_array_foreach(json_object_get(doc, "seeds"), k, seed)
		if (text_eq(str(seed, "id"), str(o, "seed")) && str(seed, "published_on") != NULL)
			return arena_printf(a, "%sT00:00:00Z", str(seed, "published_on"));
	return NULL;
}

/* The seeds' interest of a city (not of a whole country or region) as a request. */
static int
load_interest(struct db *db, struct arena *a, json_t *doc, json_t *ij, int64_t practice_id,
    json_t *org_ids)
{
	struct db_interest	i = { .practice_id = practice_id, .status = "new",
		.message = str(ij, "note_ru"), .created_at = seed_time(a, doc, ij) };

	if (db_city_id_by_geonames(db, json_integer_value(json_object_get(ij, "city")),
	    &i.city_id) != DB_OK) {
		log_err("demo: no city for an interest in a practice");
		return -1;
	}
	if (str(ij, "organization") != NULL)
		i.organization_id = json_integer_value(json_object_get(org_ids,
		    str(ij, "organization")));
	return db_interest_insert(db, &i, &i.id) == DB_OK ? 0 : -1;
}

/* The seeds' practices; their own sector names map onto the roadmap's. */
static int
load_practices(struct db *db, struct arena *a, json_t *doc, json_t *org_ids)
{
	json_t	*sectors = json_object_get(json_object_get(doc, "showcase"), "practice_sectors");
	json_t	*pj, *ij;
	size_t	 i, k;

	json_array_foreach(json_object_get(doc, "practices"), i, pj) {
		struct db_practice	p = { .sector = str(pj, "sector"),
			.title_ru = str(pj, "title_ru"), .title_en = str(pj, "title_en"),
			.description_ru = str(pj, "description_ru"),
			.description_en = str(pj, "description_en") };

		if (json_object_get(sectors, p.sector) != NULL)
			p.sector = str(sectors, p.sector);
		p.organization_id = json_integer_value(json_object_get(org_ids,
		    str(pj, "owner_organization")));
		if (db_city_id_by_geonames(db, json_integer_value(json_object_get(pj,
		    "owner_city")), &p.city_id) != DB_OK ||
		    db_practice_insert(db, &p, &p.id) != DB_OK) {
			log_err("demo: cannot insert practice '%s'", str(pj, "key"));
			return -1;
		}
		json_array_foreach(json_object_get(pj, "interest"), k, ij)
			if (json_is_integer(json_object_get(ij, "city")) &&
			    load_interest(db, a, doc, ij, p.id, org_ids) == -1)
				return -1;
	}
	return 0;
}

int
demo_showcase_load(struct db *db, json_t *doc, json_t *org_ids, json_t *event_ids,
    const char *files_dir)
{
	struct arena	 a = ARENA_INIT;
	json_t		*sc = json_object_get(doc, "showcase");
	json_t		*ex = json_object_get(sc, "exhibition"), *fair = json_object_get(sc, "fair");
	int64_t		 photo_event = json_integer_value(json_object_get(event_ids,
			    str(ex, "event")));
	int64_t		 fair_event = json_integer_value(json_object_get(event_ids,
			    str(fair, "event")));
	int		 rc = -1;

	if (photo_event == 0 || fair_event == 0) {
		log_err("demo: the showcase names an unknown event");
		goto out;
	}
	if (load_photos(db, &a, files_dir, photo_event, json_object_get(ex, "photos")) == -1 ||
	    load_fair(db, &a, files_dir, fair_event, json_object_get(fair, "exhibitors"),
	    org_ids) == -1 || load_practices(db, &a, doc, org_ids) == -1)
		goto out;
	rc = 0;
out:
	arena_release(&a);
	return rc;
}
