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

#include "../base/csv.h"
#include "../base/text.h"

static const char *const kinds[] = { "sister", "partner", "cooperation", NULL };
static const char *const statuses[] = { "active", "frozen", "ended", NULL };
static const char *const sorts[] = { "name", "country", "since", "population", "kind",
	"status", NULL };

static const struct jv_field partnership_fields[] = {
	{ "city_a_id", JV_ID, JV_REQUIRED, 0, 0, NULL },
	{ "city_b_id", JV_ID, JV_REQUIRED, 0, 0, NULL },
	{ "kind", JV_ENUM, JV_REQUIRED, 0, 0, kinds },
	{ "since", JV_STRING, JV_NULLABLE, 4, 10, NULL },
	{ "status", JV_ENUM, 0, 0, 0, statuses },
	{ "agreement_id", JV_ID, JV_NULLABLE, 0, 0, NULL },
	{ "responsible_id", JV_ID, JV_NULLABLE, 0, 0, NULL },
	{ "published", JV_BOOL, 0, 0, 0, NULL },
	{ "note_ru", JV_STRING, JV_NULLABLE, 0, 2000, NULL },
	{ "note_en", JV_STRING, JV_NULLABLE, 0, 2000, NULL },
	{ "status_changed_on", JV_STRING, JV_NULLABLE, 10, 10, NULL },
	{ "status_note", JV_STRING, JV_NULLABLE, 0, 500, NULL },
};
const struct api_body api_partnership_body = API_BODY("partnership", partnership_fields);
#define NPARTNERSHIP_FIELDS	(sizeof(partnership_fields) / sizeof(partnership_fields[0]))

static bool
one_of(const char *const *list, const char *s)
{
	for (; *list != NULL; list++)
		if (strcmp(*list, s) == 0)
			return true;
	return false;
}

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
	if (*out != NULL && !one_of(values, *out)) {
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
	static const char *const langs[] = { "ru", "en", NULL };

	memset(f, 0, sizeof(*f));
	if (query_id(req, "city", &f->city_id) == -1 ||
	    query_enum(req, "kind", kinds, &f->kind) == -1 ||
	    query_enum(req, "status", statuses, &f->status) == -1 ||
	    query_enum(req, "sort", sorts, &f->sort) == -1 ||
	    query_enum(req, "lang", langs, &f->lang) == -1)
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
	if ((v = json_object_get(body, "kind")) != NULL)
		p->kind = json_string_value(v);
	if ((v = json_object_get(body, "since")) != NULL)
		p->since = json_string_value(v);
	if ((v = json_object_get(body, "status")) != NULL)
		p->status = json_string_value(v);
	if ((v = json_object_get(body, "agreement_id")) != NULL)
		p->agreement_id = json_integer_value(v);
	if ((v = json_object_get(body, "responsible_id")) != NULL)
		p->responsible_id = json_integer_value(v);
	if ((v = json_object_get(body, "published")) != NULL)
		p->published = json_is_true(v);
	if ((v = json_object_get(body, "note_ru")) != NULL)
		p->note_ru = json_string_value(v);
	if ((v = json_object_get(body, "note_en")) != NULL)
		p->note_en = json_string_value(v);
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
	json_t			*body = api_require_json_body(req, partnership_fields,
				    NPARTNERSHIP_FIELDS, false);
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
	if ((body = api_require_json_body(req, partnership_fields, NPARTNERSHIP_FIELDS,
	    true)) == NULL)
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

static const char *const csv_columns[] = {
	"id", "city_a_geonames_id", "city_a", "city_b_geonames_id", "city_b", "kind", "since",
	"status", "published", "note_ru", "note_en",
};
#define NCSV_COLUMNS	(sizeof(csv_columns) / sizeof(csv_columns[0]))

static int
csv_row(struct buf *b, const struct db_partnership *p)
{
	char	num[4][24];

	snprintf(num[0], sizeof(num[0]), "%lld", (long long)p->id);
	snprintf(num[1], sizeof(num[1]), "%lld", (long long)p->a.geonames_id);
	snprintf(num[2], sizeof(num[2]), "%lld", (long long)p->b.geonames_id);
	const char *v[NCSV_COLUMNS] = { num[0], num[1], p->a.name_en, num[2], p->b.name_en,
		p->kind, p->since, p->status, p->published ? "true" : "false", p->note_ru,
		p->note_en };

	for (size_t i = 0; i < NCSV_COLUMNS; i++)
		if ((i > 0 && buf_puts(b, ",") == -1) || csv_put(b, v[i]) == -1)
			return -1;
	return buf_puts(b, "\r\n");
}

int
api_partnerships_csv_get(struct http_request *req)
{
	struct db_partnership_filter	 f;
	struct db_partnership		*items;
	struct buf			 b = BUF_INIT(64u << 20);
	size_t				 n;
	int				 rc = 0;

	if (list_filter(req, &f) == -1)
		return -1;
	for (size_t i = 0; i < NCSV_COLUMNS && rc == 0; i++)
		rc = (i > 0 ? buf_puts(&b, ",") : 0) | buf_puts(&b, csv_columns[i]);
	rc |= buf_puts(&b, "\r\n");
	f.limit = 1000;
	do {
		if (db_partnership_list(api_db(req), &req->arena, &f, &items, &n) != DB_OK) {
			buf_release(&b);
			api_reply_db_error(req, "exporting partnerships");
			return -1;
		}
		for (size_t i = 0; i < n && rc == 0; i++)
			rc = csv_row(&b, &items[i]);
		f.offset += (int64_t)n;
	} while (n == (size_t)f.limit && rc == 0);
	if (rc != 0) {
		buf_release(&b);
		api_problem(req, 500, "internal", "the export is too large");
		return -1;
	}
	http_header(req, "content-disposition", "attachment; filename=\"partnerships.csv\"");
	http_reply(req, 200, "text/csv; charset=utf-8", b.p, b.len);
	buf_release(&b);
	return 0;
}

/* The column index of each known name in the header, -1 when absent. */
static int
csv_header(const char **fields, size_t n, int idx[NCSV_COLUMNS], json_t *errors)
{
	for (size_t k = 0; k < NCSV_COLUMNS; k++) {
		idx[k] = -1;
		for (size_t i = 0; i < n; i++)
			if (strcmp(fields[i], csv_columns[k]) == 0)
				idx[k] = (int)i;
	}
	if (idx[1] < 0 || idx[3] < 0 || idx[5] < 0) {
		jv_error_add(errors, "header", "missing_column",
		    "the header must name city_a_geonames_id, city_b_geonames_id and kind");
		return -1;
	}
	return 0;
}

static const char *
col(const char **fields, size_t n, int i)
{
	return i >= 0 && (size_t)i < n && fields[i][0] != '\0' ? fields[i] : NULL;
}

static void
csv_city(struct http_request *req, const char *v, const char *field, int64_t *id,
    json_t *errors)
{
	int64_t	gid;

	if (v == NULL || text_int(v, 1, INT64_MAX, &gid) == -1)
		jv_error_add(errors, field, "invalid", "must be a GeoNames id");
	else if (db_city_id_by_geonames(api_db(req), gid, id) != DB_OK)
		jv_error_add(errors, field, "not_found", "no city with this GeoNames id");
}

/* One data line into p; errors collects what is wrong with it. */
static void
csv_line(struct http_request *req, const char **f, size_t n, const int idx[NCSV_COLUMNS],
    struct db_partnership *p, json_t *errors)
{
	const char	*published = col(f, n, idx[8]);

	memset(p, 0, sizeof(*p));
	csv_city(req, col(f, n, idx[1]), "city_a_geonames_id", &p->a.id, errors);
	csv_city(req, col(f, n, idx[3]), "city_b_geonames_id", &p->b.id, errors);
	p->kind = col(f, n, idx[5]);
	p->since = col(f, n, idx[6]);
	p->status = col(f, n, idx[7]) ? col(f, n, idx[7]) : "active";
	p->note_ru = col(f, n, idx[9]);
	p->note_en = col(f, n, idx[10]);
	if (p->kind == NULL || !one_of(kinds, p->kind))
		jv_error_add(errors, "kind", "invalid", "must be sister, partner or cooperation");
	if (!one_of(statuses, p->status))
		jv_error_add(errors, "status", "invalid", "must be active, frozen or ended");
	if (p->since != NULL && !api_date_valid(p->since, true))
		jv_error_add(errors, "since", "invalid_date", "must be a date YYYY-MM-DD or a year YYYY");
	if (published != NULL && strcmp(published, "true") != 0 &&
	    strcmp(published, "false") != 0)
		jv_error_add(errors, "published", "invalid", "must be true or false");
	p->published = published != NULL && strcmp(published, "true") == 0;
	if (p->a.id != 0 && p->a.id == p->b.id)
		jv_error_add(errors, "city_b_geonames_id", "same_city", "a city cannot partner itself");
	if (json_array_size(errors) == 0 && !may_write(req, p))
		jv_error_add(errors, "city_a_geonames_id", "forbidden",
		    "staff may import only their own city's partnerships");
}

int
api_partnerships_csv_post(struct http_request *req)
{
	struct db		*db = api_db(req);
	struct csv_reader	 r;
	const char		*f[CSV_MAX_FIELDS], *skip = http_query(req, "skip_invalid");
	const char		*ct = req->content_type;
	size_t			 n, accepted = 0, refused = 0;
	int			 idx[NCSV_COLUMNS], rc, parsed;
	json_t			*lines = json_array(), *errors = json_array();
	char			 today[11];
	bool			 skip_bad = skip != NULL && strcmp(skip, "true") == 0;

	if (ct == NULL || strncmp(ct, "text/csv", 8) != 0) {
		json_decref(lines);
		json_decref(errors);
		api_problem(req, 415, "unsupported_media_type", "send the body as text/csv");
		return -1;
	}
	csv_reader_init(&r, req->body.p ? req->body.p : "", req->body.len);
	if (csv_next(&r, &req->arena, f, &n) != 1 || csv_header(f, n, idx, errors) == -1) {
		json_decref(lines);
		if (json_array_size(errors) == 0)
			jv_error_add(errors, "header", "missing", "the first line must be the header");
		api_reply_invalid(req, errors);
		return -1;
	}
	api_date_today(0, today);
	if (db_begin(db) == -1) {
		json_decref(lines);
		json_decref(errors);
		api_reply_db_error(req, "importing partnerships");
		return -1;
	}
	while ((parsed = csv_next(&r, &req->arena, f, &n)) != 0) {
		struct db_partnership	p;
		json_t			*line_errors = json_array();
		int64_t			 id = 0;

		if (parsed == -1)
			jv_error_add(line_errors, "line", "malformed",
			    "an unclosed quote or too many fields");
		else
			csv_line(req, f, n, idx, &p, line_errors);
		if (json_array_size(line_errors) == 0) {
			rc = db_partnership_insert(db, &p, api_caller(req)->user.id, today, &id);
			if (rc == DB_CONFLICT)
				jv_error_add(line_errors, "city_b_geonames_id", "duplicate_pair",
				    "these two cities already have a partnership");
			else if (rc != DB_OK)
				jv_error_add(line_errors, "line", "internal", "a database error occurred");
		}
		if (json_array_size(line_errors) == 0) {
			accepted++;
			json_array_append_new(lines, json_pack("{s:I, s:s, s:I}", "line",
			    (json_int_t)r.line, "result", "accepted", "id", (json_int_t)id));
			json_decref(line_errors);
		} else {
			refused++;
			json_array_append_new(lines, json_pack("{s:I, s:s, s:o}", "line",
			    (json_int_t)r.line, "result", "refused", "errors", line_errors));
		}
		if (parsed == -1)
			break;	/* after an unclosed quote nothing further can be trusted */
	}
	json_decref(errors);
	return api_import_finish(req, accepted, refused, skip_bad, lines, "importing partnerships");
}
