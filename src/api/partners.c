/*
 * partners: partnerships between two cities, their counts, the public list
 * of partner cities, the network around a city, and CSV import and export.
 *
 * Who may do what: staff and admins read everything; a partner-role user
 * reads only the partnerships of their own city (others answer 404). Admins
 * write any partnership; staff write those that involve their own city
 * (the city of their organization). Anyone reads the published ones through
 * /partner-cities.
 */
#include "api.h"

#include <stdlib.h>
#include <string.h>

#include "../base/text.h"

static const char *const sorts[] = { "name", "country", "since", "population", "kind",
	"status", NULL };

static bool
involves(const struct db_partnership *p, int64_t city)
{
	return p->a.id == city || p->b.id == city;
}

/* Shows the viewpoint city (the caller's, or ?city) as city_a. */
static void
orient(struct db_partnership *p, int64_t city)
{
	if (city != 0 && p->b.id == city) {
		struct db_pcity	t = p->a;

		p->a = p->b;
		p->b = t;
	}
}

/* A city filter parameter: 0 when absent; -1 after replying. */
static int
query_id(struct http_request *req, const char *name, int64_t *out)
{
	const char	*v = http_query(req, name);

	*out = 0;
	if (v != NULL && text_int(v, 1, INT64_MAX, out) == -1) {
		api_reply_bad_param(req, name, "invalid", "must be a positive integer");
		return -1;
	}
	return 0;
}

/* An enum filter parameter: NULL when absent; -1 after replying. */
static int
query_enum(struct http_request *req, const char *name, const char *const *values,
    const char **out)
{
	*out = http_query(req, name);
	if (*out != NULL && !api_in_list(values, *out)) {
		api_reply_bad_param(req, name, "invalid", "is not one of the allowed values");
		return -1;
	}
	return 0;
}

/* The list filters shared by the JSON list and the CSV export. */
static int
list_filter(struct http_request *req, struct db_partnership_filter *f)
{
	const char	*country = http_query(req, "country");

	memset(f, 0, sizeof(*f));
	if (query_id(req, "city", &f->city_id) == -1 ||
	    query_enum(req, "kind", api_partnership_kind_values, &f->kind) == -1 ||
	    query_enum(req, "status", api_partnership_status_values, &f->status) == -1 ||
	    query_enum(req, "sort", sorts, &f->sort) == -1 ||
	    query_enum(req, "lang", api_locale_values, &f->lang) == -1)
		return -1;
	if (country != NULL && (strlen(country) != 2 || country[0] < 'A' || country[0] > 'Z' ||
	    country[1] < 'A' || country[1] > 'Z')) {
		api_reply_bad_param(req, "country", "invalid", "must be an ISO 3166-1 alpha-2 code");
		return -1;
	}
	f->country = country;
	f->q = api_query_folded(req, "q");
	f->visible_city = api_visible_city(req);
	if (f->city_id == 0 && f->visible_city != 0)
		f->city_id = f->visible_city;
	return 0;
}

int
api_partnerships_list(struct http_request *req)
{
	struct db_partnership_filter	 f;
	struct api_page			 page;
	struct db_partnership		*items;
	size_t				 n;
	json_t				*list;
	bool				 more;

	if (api_require_page(req, &page) == -1 || list_filter(req, &f) == -1)
		return -1;
	f.offset = page.a;	/* the cursor holds the offset: the order is the caller's */
	f.limit = page.limit + 1;
	if (db_partnership_list(api_db(req), &req->arena, &f, &items, &n) != DB_OK) {
		api_reply_db_error(req, "listing partnerships");
		return -1;
	}
	more = n > (size_t)page.limit;
	list = json_array();
	for (size_t i = 0; i < n && i < (size_t)page.limit; i++)
		json_array_append_new(list, api_partnership_json(&items[i]));
	api_reply_json(req, 200, api_page_json(list, more, page.a + page.limit, 0));
	return 0;
}

int
api_partner_cities(struct http_request *req)
{
	struct db_partnership_filter	 f = { 0 };
	struct api_page			 page;
	struct db_partnership		*items;
	size_t				 n;
	json_t				*list;
	bool				 more;

	if (api_require_page(req, &page) == -1 || query_id(req, "city", &f.city_id) == -1)
		return -1;
	f.published_only = true;
	f.offset = page.a;
	f.limit = page.limit + 1;
	if (db_partnership_list(api_db(req), &req->arena, &f, &items, &n) != DB_OK) {
		api_reply_db_error(req, "listing partner cities");
		return -1;
	}
	more = n > (size_t)page.limit;
	list = json_array();
	for (size_t i = 0; i < n && i < (size_t)page.limit; i++)
		json_array_append_new(list, json_pack("{s:o, s:o, s:s, s:o}",
		    "city_a", api_pcity_json(&items[i].a), "city_b", api_pcity_json(&items[i].b),
		    "kind", items[i].kind,
		    "since", items[i].since ? json_string(items[i].since) : json_null()));
	api_reply_json(req, 200, api_page_json(list, more, page.a + page.limit, 0));
	return 0;
}

int
api_partnerships_summary(struct http_request *req)
{
	struct db_group_count	*g;
	int64_t			 city, visible = api_visible_city(req), total = 0;
	size_t			 n;
	json_t			*out;

	if (query_id(req, "city", &city) == -1)
		return -1;
	if (db_partnership_summary(api_db(req), &req->arena, city, visible, &g, &n) != DB_OK) {
		api_reply_db_error(req, "counting partnerships");
		return -1;
	}
	out = json_pack("{s:[], s:[], s:[], s:[]}", "by_kind", "by_status", "by_country",
	    "by_continent");
	for (size_t i = 0; i < n; i++) {
		json_t	*item = json_pack("{s:s, s:I}", "key", g[i].key,
		    "count", (json_int_t)g[i].count);

		if (g[i].name_en != NULL) {
			json_object_set_new(item, "name_en", json_string(g[i].name_en));
			json_object_set_new(item, "name_ru", json_string(g[i].name_ru));
		}
		if (strcmp(g[i].dim, "kind") == 0)
			total += g[i].count;
		json_array_append_new(json_object_get(out,
		    arena_printf(&req->arena, "by_%s", g[i].dim)), item);
	}
	json_object_set_new(out, "total", json_integer(total));
	api_reply_json(req, 200, out);
	return 0;
}

int
api_partnership_require(struct http_request *req, int64_t id, struct db_partnership *p)
{
	int	rc = db_partnership_get(api_db(req), &req->arena, id, p);
	int64_t	visible = api_visible_city(req);

	if (rc == DB_NOTFOUND || (rc == DB_OK && visible != 0 && !involves(p, visible))) {
		api_problem(req, 404, "not_found", "no such partnership");
		return -1;
	}
	if (rc != DB_OK) {
		api_reply_db_error(req, "reading a partnership");
		return -1;
	}
	return 0;
}

static int
reply_partnership(struct http_request *req, int status, int64_t id)
{
	struct db_partnership	 p;
	struct db_status_change	*h;
	size_t			 n;
	json_t			*o, *hist;

	if (api_partnership_require(req, id, &p) == -1)
		return -1;
	if (db_partnership_history(api_db(req), &req->arena, id, &h, &n) != DB_OK) {
		api_reply_db_error(req, "reading a partnership");
		return -1;
	}
	orient(&p, api_home_city(req));
	o = api_partnership_json(&p);
	hist = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(hist, json_pack("{s:s, s:s, s:o, s:o, s:s}",
		    "status", h[i].status, "changed_on", h[i].changed_on,
		    "note", h[i].note ? json_string(h[i].note) : json_null(),
		    "by", h[i].user_name ? json_string(h[i].user_name) : json_null(),
		    "recorded_at", h[i].created_at));
	json_object_set_new(o, "history", hist);
	api_reply_json(req, status, o);
	return 0;
}

int
api_partnership_get(struct http_request *req)
{
	int64_t	id;

	if (api_require_id(req, 0, &id) == -1)
		return -1;
	return reply_partnership(req, 200, id);
}

static void
partnership_from_json(json_t *body, struct db_partnership *p)
{
	json_t	*v;

	if ((v = json_object_get(body, "city_a_id")) != NULL)
		p->a.id = json_integer_value(v);
	if ((v = json_object_get(body, "city_b_id")) != NULL)
		p->b.id = json_integer_value(v);
	if ((v = json_object_get(body, "agreement_id")) != NULL)
		p->agreement_id = json_integer_value(v);
	if ((v = json_object_get(body, "responsible_id")) != NULL)
		p->responsible_id = json_integer_value(v);
	api_partnership_columns_from(body, p);
}

/*
 * What a partnership must satisfy beyond its field table: real dates, two
 * different cities that exist, an agreement and a responsible staff member
 * that exist. Appends to errors; -1 on a database error.
 */
static int
check_partnership(struct http_request *req, json_t *body, const struct db_partnership *p,
    json_t *errors)
{
	struct db	*db = api_db(req);
	struct db_city	 c;
	struct db_agreement g;
	struct db_user	 u;
	int		 rc;

	api_check_date(body, "since", true, errors);
	api_check_date(body, "status_changed_on", false, errors);
	if (p->a.id == p->b.id)
		jv_error_add(errors, "city_b_id", "same_city", "a city cannot partner itself");
	if ((rc = db_city_get(db, &req->arena, p->a.id, &c)) == DB_NOTFOUND)
		jv_error_add(errors, "city_a_id", "not_found", "no such city");
	else if (rc != DB_OK)
		return -1;
	if ((rc = db_city_get(db, &req->arena, p->b.id, &c)) == DB_NOTFOUND)
		jv_error_add(errors, "city_b_id", "not_found", "no such city");
	else if (rc != DB_OK)
		return -1;
	if (p->agreement_id != 0 &&
	    (rc = db_agreement_get(db, &req->arena, p->agreement_id, &g)) != DB_OK) {
		if (rc != DB_NOTFOUND)
			return -1;
		jv_error_add(errors, "agreement_id", "not_found", "no such agreement");
	}
	if (p->responsible_id != 0)
		return api_check_responsible(req, p->responsible_id, errors, &u);
	return 0;
}

/* Staff write only partnerships of their own city. */
static bool
may_write(struct http_request *req, const struct db_partnership *p)
{
	return api_caller(req)->role == ROLE_ADMIN || involves(p, api_home_city(req));
}

static void
reply_forbidden_city(struct http_request *req)
{
	api_problem(req, 403, "forbidden", "staff may change only their own city's partnerships");
}

static void
reply_duplicate(struct http_request *req)
{
	api_problem(req, 409, "duplicate_pair", "these two cities already have a partnership");
}

/* Checks and refuses; 0 when p may be written. */
static int
require_valid(struct http_request *req, json_t *body, const struct db_partnership *p)
{
	json_t	*errors = json_array();

	if (check_partnership(req, body, p, errors) == -1) {
		json_decref(errors);
		api_reply_db_error(req, "checking a partnership");
		return -1;
	}
	if (json_array_size(errors) > 0) {
		api_reply_invalid(req, errors);
		return -1;
	}
	json_decref(errors);
	if (!may_write(req, p)) {
		reply_forbidden_city(req);
		return -1;
	}
	return 0;
}

/* Inserts in a transaction (the row and its first history line). */
static int
insert(struct http_request *req, const struct db_partnership *p, int64_t *id)
{
	struct db	*db = api_db(req);
	char		 today[11];
	int		 rc;

	api_date_today(0, today);
	if (db_begin(db) == -1)
		return DB_ERR;
	rc = db_partnership_insert(db, p, api_caller(req)->user.id, today, id);
	if (rc == DB_OK && db_commit(db) == 0)
		return DB_OK;
	db_rollback(db);
	return rc == DB_OK ? DB_ERR : rc;
}

int
api_partnership_create(struct http_request *req)
{
	json_t			*body = api_require_body(req, &api_partnership_create_body, false);
	struct db_partnership	 p = { 0 };
	int64_t			 id;
	int			 rc;

	if (body == NULL)
		return -1;
	p.status = "active";
	p.responsible_id = api_caller(req)->user.id;	/* unless the body names another */
	partnership_from_json(body, &p);
	if (require_valid(req, body, &p) == -1)
		return -1;
	rc = insert(req, &p, &id);
	if (rc == DB_CONFLICT) {
		reply_duplicate(req);
		return -1;
	}
	if (rc != DB_OK) {
		api_reply_db_error(req, "creating a partnership");
		return -1;
	}
	http_header(req, "location", arena_printf(&req->arena, API_PREFIX "/partnerships/%lld",
	    (long long)id));
	return reply_partnership(req, 201, id);
}

int
api_partnership_patch(struct http_request *req)
{
	struct db		*db = api_db(req);
	struct db_partnership	 p;
	json_t			*body;
	const char		*on;
	char			 today[11];
	int64_t			 id;
	int			 rc;

	if (api_require_id(req, 0, &id) == -1)
		return -1;
	if ((body = api_require_body(req, &api_partnership_create_body, true)) == NULL)
		return -1;
	rc = db_partnership_get(db, &req->arena, id, &p);
	if (rc == DB_NOTFOUND) {
		api_problem(req, 404, "not_found", "no such partnership");
		return -1;
	}
	if (rc != DB_OK) {
		api_reply_db_error(req, "reading a partnership");
		return -1;
	}
	if (!may_write(req, &p)) {
		reply_forbidden_city(req);
		return -1;
	}
	partnership_from_json(body, &p);
	if (require_valid(req, body, &p) == -1)
		return -1;
	api_date_today(0, today);
	on = jv_str(body, "status_changed_on");
	if (db_begin(db) == -1) {
		api_reply_db_error(req, "updating a partnership");
		return -1;
	}
	rc = db_partnership_update(db, &p, api_caller(req)->user.id, on ? on : today,
	    jv_str(body, "status_note"));
	if (rc != DB_OK || db_commit(db) == -1) {
		db_rollback(db);
		if (rc == DB_CONFLICT)
			reply_duplicate(req);
		else
			api_reply_db_error(req, "updating a partnership");
		return -1;
	}
	return reply_partnership(req, 200, id);
}

int
api_partnership_delete(struct http_request *req)
{
	struct db_partnership	p;
	int64_t			id;
	int			rc;

	if (api_require_id(req, 0, &id) == -1)
		return -1;
	rc = db_partnership_get(api_db(req), &req->arena, id, &p);
	if (rc == DB_OK && !may_write(req, &p)) {
		reply_forbidden_city(req);
		return -1;
	}
	if (rc == DB_OK)
		rc = db_partnership_delete(api_db(req), id);
	if (rc == DB_NOTFOUND) {
		api_problem(req, 404, "not_found", "no such partnership");
		return -1;
	}
	if (rc != DB_OK) {
		api_reply_db_error(req, "deleting a partnership");
		return -1;
	}
	http_reply_empty(req, 204);
	return 0;
}

/* --- the network --- */

int
api_network(struct http_request *req)
{
	struct db_net_node	*nodes;
	struct db_net_edge	*edges;
	const char		*second_s = http_query(req, "second");
	int64_t			 centre, second = 60;
	size_t			 nn, ne;
	json_t			*jn, *je;
	int			 rc;

	if (query_id(req, "city", &centre) == -1)
		return -1;
	if (second_s != NULL && text_int(second_s, 0, 500, &second) == -1) {
		api_reply_bad_param(req, "second", "out_of_range", "must be an integer from 0 to 500");
		return -1;
	}
	if (centre == 0)
		centre = api_home_city(req);
	rc = db_network(api_db(req), &req->arena, centre, (int)second, &nodes, &nn, &edges, &ne);
	if (rc == DB_NOTFOUND) {
		api_reply_bad_param(req, "city", "not_found", "no such city");
		return -1;
	}
	if (rc != DB_OK) {
		api_reply_db_error(req, "reading the network");
		return -1;
	}
	jn = json_array();
	for (size_t i = 0; i < nn; i++) {
		json_t	*o = api_pcity_json(&nodes[i].city);

		json_object_set_new(o, "depth", json_integer(nodes[i].depth));
		json_object_set_new(o, "shared", json_integer(nodes[i].shared));
		json_object_set_new(o, "degree", json_integer(nodes[i].degree));
		json_array_append_new(jn, o);
	}
	je = json_array();
	for (size_t i = 0; i < ne; i++)
		json_array_append_new(je, json_pack("{s:I, s:I, s:I, s:s, s:s}",
		    "id", (json_int_t)edges[i].id, "a", (json_int_t)edges[i].a,
		    "b", (json_int_t)edges[i].b, "kind", edges[i].kind,
		    "status", edges[i].status));
	api_reply_json(req, 200, json_pack("{s:I, s:o, s:o}", "centre", (json_int_t)centre,
	    "nodes", jn, "edges", je));
	return 0;
}

/* --- CSV --- */

enum { PC_ID, PC_A_GID, PC_A, PC_B_GID, PC_B, PC_KIND, PC_SINCE, PC_STATUS, PC_PUBLISHED,
	PC_NOTE_RU, PC_NOTE_EN, NCSV_COLUMNS };

static const char *const csv_columns[NCSV_COLUMNS] = {
	"id", "city_a_geonames_id", "city_a", "city_b_geonames_id", "city_b", "kind", "since",
	"status", "published", "note_ru", "note_en",
};

/* The city names are for people: an import reads the GeoNames ids. */
static const struct api_import_columns import_columns = {
	csv_columns, NCSV_COLUMNS, 1u << PC_A_GID | 1u << PC_B_GID, "importing partnerships",
};

/* One partnership as an export line; non-zero (stop) once the file is too large. */
static int
csv_row(void *partnership, void *writer)
{
	const struct db_partnership	*p = partnership;
	struct csv_writer		*w = writer;

	csv_cell_int(w, p->id);
	csv_cell_int(w, p->a.geonames_id);
	csv_cell(w, p->a.name_en);
	csv_cell_int(w, p->b.geonames_id);
	csv_cell(w, p->b.name_en);
	csv_cell(w, p->kind);
	csv_cell(w, p->since);
	csv_cell(w, p->status);
	csv_cell(w, p->published ? "true" : "false");
	csv_cell(w, p->note_ru);
	csv_cell(w, p->note_en);
	csv_row_end(w);
	return csv_writer_done(w);
}

int
api_partnerships_csv_get(struct http_request *req)
{
	struct db_partnership_filter	 f;
	struct csv_writer		 w;
	char				 sep;

	if (list_filter(req, &f) == -1 || api_csv_sep(req, &sep) == -1)
		return -1;
	csv_writer_init(&w, 64u << 20, sep);
	for (size_t i = 0; i < NCSV_COLUMNS; i++)
		csv_cell(&w, csv_columns[i]);
	csv_row_end(&w);
	if (db_partnership_each(api_db(req), &f, csv_row, &w) != DB_OK) {
		csv_writer_release(&w);
		api_reply_db_error(req, "exporting partnerships");
		return -1;
	}
	return api_reply_csv(req, &w, "partnerships.csv");
}

/* The city of a GeoNames id cell into *id; errors says why not. -1 on a database error. */
static int
csv_city(struct api_import *im, size_t k, int64_t *id)
{
	const char	*v = api_import_cell(im, k);
	int64_t		 gid;
	int		 rc;

	if (v == NULL || text_int(v, 1, INT64_MAX, &gid) == -1) {
		jv_error_add(im->errors, csv_columns[k], "invalid", "must be a GeoNames id");
		return 0;
	}
	if ((rc = db_city_id_by_geonames(api_db(im->req), gid, id)) == DB_NOTFOUND)
		jv_error_add(im->errors, csv_columns[k], "not_found", "no city with this GeoNames id");
	return rc == DB_OK || rc == DB_NOTFOUND ? 0 : -1;
}

static bool
same_text(const char *a, const char *b)
{
	return a == b || text_eq(a, b);
}

static bool
same_partnership(const struct db_partnership *a, const struct db_partnership *b)
{
	return ((a->a.id == b->a.id && a->b.id == b->b.id) ||
	    (a->a.id == b->b.id && a->b.id == b->a.id)) && same_text(a->kind, b->kind) &&
	    same_text(a->since, b->since) && same_text(a->status, b->status) &&
	    a->published == b->published && same_text(a->note_ru, b->note_ru) &&
	    same_text(a->note_en, b->note_en);
}

/*
 * The partnership a line updates into *old: the one of its id when the line
 * gives one, else the one of its two cities. 1 found, 0 none, -1 on a
 * database error.
 */
static int
csv_existing(struct api_import *im, const struct db_partnership *p, struct db_partnership *old)
{
	struct db	*db = api_db(im->req);
	const char	*v = api_import_cell(im, PC_ID);
	int64_t		 id;
	int		 rc;

	if (v != NULL) {
		if (text_int(v, 1, INT64_MAX, &id) == -1) {
			jv_error_add(im->errors, "id", "invalid", "must be a partnership id");
			return 0;
		}
		if ((rc = db_partnership_get(db, &im->row, id, old)) == DB_NOTFOUND)
			jv_error_add(im->errors, "id", "not_found", "no partnership with this id");
	} else if (p->a.id != 0 && p->b.id != 0 && p->a.id != p->b.id)
		rc = db_partnership_by_pair(db, &im->row, p->a.id, p->b.id, old);
	else
		return 0;
	return rc == DB_OK ? 1 : rc == DB_NOTFOUND ? 0 : -1;
}

/*
 * One data line into p, over old when found: a column the header does not
 * name keeps its value, an empty cell clears since and the notes and keeps
 * (or defaults) kind, status and published.
 */
static void
csv_fields(struct api_import *im, struct db_partnership *p, const struct db_partnership *old,
    bool found)
{
	const char	*kind = api_import_cell(im, PC_KIND), *status = api_import_cell(im, PC_STATUS);
	const char	*published = api_import_cell(im, PC_PUBLISHED);
	json_t		*errors = im->errors;

	p->kind = kind ? kind : found ? old->kind : NULL;
	p->status = status ? status : found ? old->status : "active";
	p->published = published ? text_eq(published, "true") : found && old->published;
	p->since = api_import_cell_or(im, PC_SINCE, found ? old->since : NULL);
	p->note_ru = api_import_cell_or(im, PC_NOTE_RU, found ? old->note_ru : NULL);
	p->note_en = api_import_cell_or(im, PC_NOTE_EN, found ? old->note_en : NULL);
	if (p->kind == NULL)
		jv_error_add(errors, "kind", "required", "a new partnership needs a kind");
	else if (!api_in_list(api_partnership_kind_values, p->kind))
		jv_error_add(errors, "kind", "invalid", "must be sister, partner or cooperation");
	if (!api_in_list(api_partnership_status_values, p->status))
		jv_error_add(errors, "status", "invalid", "must be active, frozen or ended");
	if (p->since != NULL && !api_date_valid(p->since, true))
		jv_error_add(errors, "since", "invalid_date", "must be a date YYYY-MM-DD or a year YYYY");
	if (published != NULL && !text_eq(published, "true") && !text_eq(published, "false"))
		jv_error_add(errors, "published", "invalid", "must be true or false");
}

/* Checks one line and writes it: inserts, updates, or leaves an equal partnership alone. */
static enum api_import_result
csv_line(struct api_import *im, const char *today)
{
	struct http_request	*req = im->req;
	struct db		*db = api_db(req);
	struct db_partnership	 p, old;
	int64_t			 id;
	int			 rc, found = 0;

	memset(&p, 0, sizeof(p));
	memset(&old, 0, sizeof(old));
	if (csv_city(im, PC_A_GID, &p.a.id) == -1 || csv_city(im, PC_B_GID, &p.b.id) == -1 ||
	    (found = csv_existing(im, &p, &old)) == -1) {
		jv_error_add(im->errors, "line", "internal", "a database error occurred");
		return API_IMPORT_UNCHANGED;
	}
	if (p.a.id != 0 && p.a.id == p.b.id)
		jv_error_add(im->errors, "city_b_geonames_id", "same_city", "a city cannot partner itself");
	if (found) {
		p.id = old.id;
		p.agreement_id = old.agreement_id;
		p.responsible_id = old.responsible_id;
	}
	csv_fields(im, &p, &old, found);
	if (json_array_size(im->errors) == 0 && (!may_write(req, &p) || (found && !may_write(req, &old))))
		jv_error_add(im->errors, "city_a_geonames_id", "forbidden",
		    "staff may import only their own city's partnerships");
	if (json_array_size(im->errors) > 0 || (found && same_partnership(&p, &old)))
		return API_IMPORT_UNCHANGED;
	rc = found ? db_partnership_update(db, &p, api_caller(req)->user.id, today, NULL) :
	    db_partnership_insert(db, &p, api_caller(req)->user.id, today, &id);
	if (rc == DB_CONFLICT)
		jv_error_add(im->errors, "city_b_geonames_id", "duplicate_pair",
		    "these two cities already have a partnership");
	else if (rc != DB_OK)
		jv_error_add(im->errors, "line", "internal", "a database error occurred");
	return found ? API_IMPORT_UPDATED : API_IMPORT_INSERTED;
}

int
api_partnerships_csv_post(struct http_request *req)
{
	struct api_import	im;
	char			today[11];

	if (api_import_begin(req, &im, &import_columns) == -1)
		return -1;
	api_date_today(0, today);
	while (api_import_next(&im))
		api_import_line(&im, csv_line(&im, today));
	return api_import_finish(&im);
}
