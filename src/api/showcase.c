/*
 * showcase: an event's online photo exhibition and fair. Anyone who may see
 * the event sees them; staff, admins and the partner-role users of the
 * event's host or guest city (or of its parent event's) add, caption,
 * reorder and remove photos, and keep the fair's exhibitors and products.
 *
 * Pictures come as the raw request body (PNG, JPEG or WebP, checked by the
 * first bytes), are re-encoded (src/base/image.c) and go to the content
 * store under their SHA-256 with a JPEG thumbnail, within the uploader's
 * quota (uploads.c), and are served from routes of their own, so an
 * unpublished event's pictures stay its own.
 */
#include "api.h"

#include <string.h>

#include "../base/markdown.h"

/* --- who may do what --- */

static bool
city_of(const struct db_event *e, int64_t city)
{
	return city != 0 && (e->host_city_id == city || e->guest_city_id == city);
}

/* Staff and admins; a partner of the host or guest city of the event or its parent. */
static bool
may_edit(struct http_request *req, const struct db_event *e)
{
	int64_t		 city = api_home_city(req);
	struct db_event	 parent;

	if ((api_caller(req)->role & (ROLE_STAFF | ROLE_ADMIN)) != 0)
		return true;
	if (api_caller(req)->role != ROLE_PARTNER)
		return false;
	return city_of(e, city) || (e->parent_id > 0 && db_event_get(api_db(req), &req->arena,
	    e->parent_id, &parent) == DB_OK && city_of(&parent, city));
}

/* The event if the caller may see it (and edit, when edit); -1 after replying. */
static int
require_event(struct http_request *req, int64_t id, bool edit, struct db_event *e)
{
	int	rc = db_event_get(api_db(req), &req->arena, id, e);

	if (rc == DB_NOTFOUND || (rc == DB_OK && !api_event_visible(req, e))) {
		api_problem(req, 404, "not_found", "no such event");
		return -1;
	}
	if (rc != DB_OK) {
		api_reply_db_error(req, "reading an event");
		return -1;
	}
	if (edit && !may_edit(req, e)) {
		api_problem(req, 403, "not_event_partner",
		    "only staff and the partners of the event's cities change its exhibition and fair");
		return -1;
	}
	return 0;
}

/* Runs rc = a write and commits; -1 after replying (404 for DB_NOTFOUND). */
static int
finish_write(struct http_request *req, int rc, const char *what)
{
	if (rc == DB_OK && db_commit(api_db(req)) == 0)
		return 0;
	db_rollback(api_db(req));
	if (rc == DB_NOTFOUND)
		api_problem(req, 404, "not_found", "it is gone");
	else
		api_reply_db_error(req, what);
	return -1;
}

static int
begin(struct http_request *req, const char *what)
{
	if (db_begin(api_db(req)) == 0)
		return 0;
	api_reply_db_error(req, what);
	return -1;
}

/* --- pictures --- */

struct stored_image {
	struct image_processed	 p;
	struct image_stored	 s;
};

/* The body as a picture, re-encoded, stored with its thumbnail; -1 after replying. */
static int
store_image(struct http_request *req, struct stored_image *out)
{
	if (api_image_from_body(req, &out->p) == -1 ||
	    api_store_image(req, &out->p, true, &out->s) == -1)
		return -1;
	return 0;
}

static const char *
cache_for(const struct db_event *e)
{
	return e->published ? API_CACHE_FOREVER : "private, max-age=31536000, immutable";
}

/* --- photos --- */

/* API_PREFIX/kind/id/what, in the request's arena */
static const char *
url(struct http_request *req, const char *kind, int64_t id, const char *what)
{
	return arena_printf(&req->arena, API_PREFIX "/%s/%lld/%s", kind, (long long)id, what);
}

static json_t *
photo_json(struct http_request *req, const struct db_photo *p)
{
	json_t	*o = json_pack("{s:I, s:I, s:I, s:s, s:I, s:I, s:I}",
	    "id", (json_int_t)p->id, "event_id", (json_int_t)p->event_id,
	    "position", (json_int_t)p->position, "content_type", p->content_type,
	    "size", (json_int_t)p->size, "width", (json_int_t)p->width,
	    "height", (json_int_t)p->height);

	api_photo_columns_json(o, p);
	json_object_set_new(o, "image_url", json_string(url(req, "event-photos", p->id,
	    "image")));
	json_object_set_new(o, "thumb_url", json_string(url(req, "event-photos", p->id,
	    "thumb")));
	json_object_set_new(o, "created_at", api_str_or_null(p->created_at));
	return o;
}

int
api_photos_list(struct http_request *req)
{
	struct db_event	 e;
	struct db_photo	*items;
	size_t		 n;
	int64_t		 id;
	json_t		*list;

	if (api_require_id(req, 0, &id) == -1 || require_event(req, id, false, &e) == -1)
		return -1;
	if (db_photo_list(api_db(req), &req->arena, id, &items, &n) != DB_OK) {
		api_reply_db_error(req, "listing photos");
		return -1;
	}
	list = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, photo_json(req, &items[i]));
	api_reply_json(req, 200, json_pack("{s:o, s:b}", "items", list, "can_edit",
	    may_edit(req, &e)));
	return 0;
}

int
api_photo_upload(struct http_request *req)
{
	struct db_event		e;
	struct stored_image	img;
	struct db_photo		p = { 0 };
	int64_t			id;

	if (api_require_id(req, 0, &id) == -1 || require_event(req, id, true, &e) == -1 ||
	    store_image(req, &img) == -1)
		return -1;
	p.event_id = id;
	p.file = img.s.file;
	p.thumb = img.s.thumb;
	p.content_type = img.p.type->mime;
	p.size = (int64_t)img.p.original.len;
	p.width = img.p.original.width;
	p.height = img.p.original.height;
	p.user_id = api_caller(req)->user.id;
	if (db_photo_insert(api_db(req), &p, &p.id) != DB_OK ||
	    db_photo_get(api_db(req), &req->arena, p.id, &p) != DB_OK) {
		api_reply_db_error(req, "adding a photo");
		return -1;
	}
	api_reply_json(req, 201, photo_json(req, &p));
	return 0;
}

/* The photo and its event, if the caller may see (and edit) it; -1 after replying. */
static int
require_photo(struct http_request *req, bool edit, struct db_photo *p, struct db_event *e)
{
	int64_t	id;
	int	rc;

	if (api_require_id(req, 0, &id) == -1)
		return -1;
	if ((rc = db_photo_get(api_db(req), &req->arena, id, p)) == DB_NOTFOUND) {
		api_problem(req, 404, "not_found", "no such photo");
		return -1;
	}
	if (rc != DB_OK) {
		api_reply_db_error(req, "reading a photo");
		return -1;
	}
	return require_event(req, p->event_id, edit, e);
}

/* Moves p to position pos (1-based, clamped) among its event's photos, renumbering them. */
static int
move_photo(struct http_request *req, struct db_photo *p, int64_t pos)
{
	struct db_photo	*items;
	size_t		 n, k = 1;
	int		 rc;

	if ((rc = db_photo_list(api_db(req), &req->arena, p->event_id, &items, &n)) != DB_OK)
		return rc;
	pos = pos < 1 ? 1 : pos > (int64_t)n ? (int64_t)n : pos;
	for (size_t i = 0; i < n && rc == DB_OK; i++) {
		if (items[i].id == p->id)
			continue;
		if ((int64_t)k == pos)
			k++;
		items[i].position = (int64_t)k++;
		rc = db_photo_update(api_db(req), &items[i]);
	}
	p->position = pos;
	return rc;
}

int
api_photo_patch(struct http_request *req)
{
	struct db_photo	 p;
	struct db_event	 e;
	json_t		*body, *pos;
	int		 rc = DB_OK;

	if ((body = api_require_body(req, &api_photo_patch_body, true)) == NULL || require_photo(req, true, &p, &e) == -1)
		return -1;
	api_photo_columns_from(body, &p);
	if (begin(req, "changing a photo") == -1)
		return -1;
	if ((pos = json_object_get(body, "position")) != NULL)
		rc = move_photo(req, &p, json_integer_value(pos));
	if (rc == DB_OK)
		rc = db_photo_update(api_db(req), &p);
	if (finish_write(req, rc, "changing a photo") == -1)
		return -1;
	api_reply_json(req, 200, photo_json(req, &p));
	return 0;
}

int
api_photo_delete(struct http_request *req)
{
	struct db_photo	p;
	struct db_event	e;

	if (require_photo(req, true, &p, &e) == -1 || begin(req, "removing a photo") == -1 ||
	    finish_write(req, db_photo_delete(api_db(req), p.id), "removing a photo") == -1)
		return -1;
	http_reply_empty(req, 204);
	return 0;
}

static int
photo_file(struct http_request *req, bool thumb)
{
	struct db_photo	p;
	struct db_event	e;

	if (require_photo(req, false, &p, &e) == -1)
		return -1;
	return api_reply_stored(req, thumb ? p.thumb : p.file, thumb ? "image/jpeg" :
	    p.content_type, cache_for(&e));
}

int
api_photo_image(struct http_request *req)
{
	return photo_file(req, false);
}

int
api_photo_thumb(struct http_request *req)
{
	return photo_file(req, true);
}

/* --- the fair --- */

static json_t *
product_json(struct http_request *req, const struct db_product *g)
{
	json_t	*o = json_pack("{s:I, s:I}", "id", (json_int_t)g->id,
	    "exhibitor_id", (json_int_t)g->exhibitor_id);

	api_product_columns_json(o, g);
	json_object_set_new(o, "description_ru_html", api_str_or_null(g->description_ru ?
	    markdown_html(&req->arena, g->description_ru, strlen(g->description_ru)) : NULL));
	json_object_set_new(o, "description_en_html", api_str_or_null(g->description_en ?
	    markdown_html(&req->arena, g->description_en, strlen(g->description_en)) : NULL));
	json_object_set_new(o, "picture_url", g->picture ? json_string(url(req,
	    "fair-products", g->id, "picture")) : json_null());
	json_object_set_new(o, "thumb_url", g->thumb ? json_string(url(req, "fair-products",
	    g->id, "thumb")) : json_null());
	return o;
}

/* The exhibitor with those of the fair's products gs[0..ng) that are its own. */
static json_t *
exhibitor_json(struct http_request *req, const struct db_exhibitor *x,
    const struct db_product *gs, size_t ng)
{
	json_t	*products = json_array();
	json_t	*o = json_pack("{s:I, s:I}", "id", (json_int_t)x->id,
	    "event_id", (json_int_t)x->event_id);

	for (size_t k = 0; k < ng; k++)
		if (gs[k].exhibitor_id == x->id)
			json_array_append_new(products, product_json(req, &gs[k]));
	api_exhibitor_columns_json(o, x);
	json_object_set_new(o, "organization_name_ru", api_str_or_null(x->org_name_ru));
	json_object_set_new(o, "organization_name_en", api_str_or_null(x->org_name_en));
	json_object_set_new(o, "country_name_ru", api_str_or_null(x->country_name_ru));
	json_object_set_new(o, "country_name_en", api_str_or_null(x->country_name_en));
	json_object_set_new(o, "products", products);
	return o;
}

int
api_fair_get(struct http_request *req)
{
	struct db_event		 e;
	struct db_exhibitor	*xs;
	struct db_product	*gs;
	size_t			 nx, ng;
	int64_t			 id;
	json_t			*list;

	if (api_require_id(req, 0, &id) == -1 || require_event(req, id, false, &e) == -1)
		return -1;
	if (db_exhibitor_list(api_db(req), &req->arena, id, &xs, &nx) != DB_OK ||
	    db_product_list(api_db(req), &req->arena, id, &gs, &ng) != DB_OK) {
		api_reply_db_error(req, "reading a fair");
		return -1;
	}
	list = json_array();
	for (size_t i = 0; i < nx; i++) {
		json_array_append_new(list, exhibitor_json(req, &xs[i], gs, ng));
	}
	api_reply_json(req, 200, json_pack("{s:I, s:o, s:b}", "event_id", (json_int_t)id,
	    "exhibitors", list, "can_edit", may_edit(req, &e)));
	return 0;
}

/* Body members onto x; errors for an unknown organization or country, or neither name. */
static void
exhibitor_from_json(struct http_request *req, json_t *body, struct db_exhibitor *x,
    json_t *errors)
{
	struct db_org	 o;
	bool		 known = false;

	api_exhibitor_columns_from(body, x);
	if (x->organization_id > 0 && db_org_get(api_db(req), &req->arena, x->organization_id,
	    &o) != DB_OK)
		jv_error_add(errors, "organization_id", "not_found", "no such organization");
	if (x->organization_id <= 0 && x->name == NULL)
		jv_error_add(errors, "name", "required", "name an organization or give a name");
	if (db_country_known(api_db(req), x->country_code, &known) != DB_OK || !known)
		jv_error_add(errors, "country_code", "not_found", "no such country");
}

static int
write_exhibitor(struct http_request *req, json_t *body, struct db_exhibitor *x, bool insert)
{
	struct db_product	*gs;
	size_t			 ng;
	json_t			*errors = json_array();
	int			 rc;

	exhibitor_from_json(req, body, x, errors);
	if (json_array_size(errors) > 0) {
		api_reply_invalid(req, errors);
		return -1;
	}
	json_decref(errors);
	if (begin(req, "writing an exhibitor") == -1)
		return -1;
	rc = insert ? db_exhibitor_insert(api_db(req), x, &x->id) :
	    db_exhibitor_update(api_db(req), x);
	if (finish_write(req, rc, "writing an exhibitor") == -1)
		return -1;
	if (db_exhibitor_get(api_db(req), &req->arena, x->id, x) != DB_OK ||
	    db_product_list(api_db(req), &req->arena, x->event_id, &gs, &ng) != DB_OK) {
		api_reply_db_error(req, "reading an exhibitor");
		return -1;
	}
	api_reply_json(req, insert ? 201 : 200, exhibitor_json(req, x, gs, ng));
	return 0;
}

int
api_exhibitor_create(struct http_request *req)
{
	struct db_event		 e;
	struct db_exhibitor	 x = { 0 };
	json_t			*body;

	if (api_require_id(req, 0, &x.event_id) == -1 ||
	    (body = api_require_body(req, &api_exhibitor_input_body, false)) == NULL || require_event(req, x.event_id, true, &e) == -1)
		return -1;
	return write_exhibitor(req, body, &x, true);
}

/* The exhibitor and its event, if the caller may edit it; -1 after replying. */
static int
require_exhibitor(struct http_request *req, struct db_exhibitor *x)
{
	struct db_event	e;
	int64_t		id;
	int		rc;

	if (api_require_id(req, 0, &id) == -1)
		return -1;
	if ((rc = db_exhibitor_get(api_db(req), &req->arena, id, x)) == DB_NOTFOUND) {
		api_problem(req, 404, "not_found", "no such exhibitor");
		return -1;
	}
	if (rc != DB_OK) {
		api_reply_db_error(req, "reading an exhibitor");
		return -1;
	}
	return require_event(req, x->event_id, true, &e);
}

int
api_exhibitor_patch(struct http_request *req)
{
	struct db_exhibitor	 x;
	json_t			*body;

	if ((body = api_require_body(req, &api_exhibitor_input_body, true)) == NULL || require_exhibitor(req, &x) == -1)
		return -1;
	return write_exhibitor(req, body, &x, false);
}

int
api_exhibitor_delete(struct http_request *req)
{
	struct db_exhibitor	x;

	if (require_exhibitor(req, &x) == -1 || begin(req, "removing an exhibitor") == -1 ||
	    finish_write(req, db_exhibitor_delete(api_db(req), x.id),
	    "removing an exhibitor") == -1)
		return -1;
	http_reply_empty(req, 204);
	return 0;
}

/* Writes g (insert or update) and answers with it. */
static int
write_product(struct http_request *req, struct db_product *g, bool insert)
{
	int	rc;

	if (begin(req, "writing a product") == -1)
		return -1;
	rc = insert ? db_product_insert(api_db(req), g, &g->id) : db_product_update(api_db(req), g);
	if (finish_write(req, rc, "writing a product") == -1)
		return -1;
	if (db_product_get(api_db(req), &req->arena, g->id, g) != DB_OK) {
		api_reply_db_error(req, "reading a product");
		return -1;
	}
	api_reply_json(req, insert ? 201 : 200, product_json(req, g));
	return 0;
}

int
api_product_create(struct http_request *req)
{
	struct db_exhibitor	 x;
	struct db_product	 g = { 0 };
	json_t			*body;

	if ((body = api_require_body(req, &api_product_input_body, false)) == NULL || require_exhibitor(req, &x) == -1)
		return -1;
	g.exhibitor_id = x.id;
	api_product_columns_from(body, &g);
	return write_product(req, &g, true);
}

/* The product and its event, if the caller may see (and edit) it; -1 after replying. */
static int
require_product(struct http_request *req, bool edit, struct db_product *g, struct db_event *e)
{
	int64_t	id;
	int	rc;

	if (api_require_id(req, 0, &id) == -1)
		return -1;
	if ((rc = db_product_get(api_db(req), &req->arena, id, g)) == DB_NOTFOUND) {
		api_problem(req, 404, "not_found", "no such product");
		return -1;
	}
	if (rc != DB_OK) {
		api_reply_db_error(req, "reading a product");
		return -1;
	}
	return require_event(req, g->event_id, edit, e);
}

int
api_product_patch(struct http_request *req)
{
	struct db_product	 g;
	struct db_event		 e;
	json_t			*body;

	if ((body = api_require_body(req, &api_product_input_body, true)) == NULL || require_product(req, true, &g, &e) == -1)
		return -1;
	api_product_columns_from(body, &g);
	return write_product(req, &g, false);
}

int
api_product_delete(struct http_request *req)
{
	struct db_product	g;
	struct db_event		e;

	if (require_product(req, true, &g, &e) == -1 || begin(req, "removing a product") == -1 ||
	    finish_write(req, db_product_delete(api_db(req), g.id), "removing a product") == -1)
		return -1;
	http_reply_empty(req, 204);
	return 0;
}

int
api_product_picture_put(struct http_request *req)
{
	struct db_product	g;
	struct db_event		e;
	struct stored_image	img;

	if (require_product(req, true, &g, &e) == -1 || store_image(req, &img) == -1)
		return -1;
	g.picture = img.s.file;
	g.picture_type = img.p.type->mime;
	g.thumb = img.s.thumb;
	return write_product(req, &g, false);
}

static int
product_file(struct http_request *req, bool thumb)
{
	struct db_product	g;
	struct db_event		e;

	if (require_product(req, false, &g, &e) == -1)
		return -1;
	if (g.picture == NULL) {
		api_problem(req, 404, "not_found", "the product has no picture yet");
		return -1;
	}
	return api_reply_stored(req, thumb ? g.thumb : g.picture, thumb ? "image/jpeg" :
	    g.picture_type, cache_for(&e));
}

int
api_product_picture_get(struct http_request *req)
{
	return product_file(req, false);
}

int
api_product_thumb_get(struct http_request *req)
{
	return product_file(req, true);
}
