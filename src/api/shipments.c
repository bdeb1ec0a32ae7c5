/*
 * shipments: aid shipments (the 20 tonnes from Heilongjiang): the donor, an
 * organization or a named donor with its country and city; the recipient
 * city; dates and the year; items with quantity and unit; the stated total
 * weight, checked against the items weighed in kg or t; and the distribution
 * of the shipment to hospitals and organizations, never more than arrived.
 * Totals by donor and year come from SQL. Staff and admins read every
 * shipment, a partner-role user those its city gives or receives; staff of
 * the recipient city and admins write. Not the mutual-aid board (aid.c).
 */
#include "api.h"

#include <stdlib.h>
#include <string.h>

#include "../base/text.h"

#define MAX_AMOUNT	1000000000

/* The weight of the items stated in kg or t; *complete when every item is so stated. */
static double
items_weight(const struct db_shipment_item *items, size_t n, bool *complete)
{
	double	kg = 0;

	*complete = n > 0;
	for (size_t i = 0; i < n; i++) {
		bool	weighed = items[i].quantity > 0 && items[i].unit != NULL &&
		    (strcmp(items[i].unit, "kg") == 0 || strcmp(items[i].unit, "t") == 0);

		if (!weighed)
			*complete = false;
		else
			kg += strcmp(items[i].unit, "t") == 0 ? items[i].quantity * 1000 :
			    items[i].quantity;
	}
	return kg;
}

static json_t *
item_json(const struct db_shipment_item *it)
{
	json_t	*o = json_pack("{s:I}", "id", (json_int_t)it->id);

	api_shipment_item_columns_json(o, it);
	json_object_set_new(o, "distributed", json_real(it->distributed));
	json_object_set_new(o, "remaining", it->quantity > 0 ?
	    json_real(it->quantity - it->distributed) : json_null());
	json_object_set_new(o, "distribution_lines", json_integer(it->nlines));
	return o;
}

/* With full, the items and their weight (a shipment read by db_shipment_get). */
static json_t *
shipment_json(struct http_request *req, const struct db_shipment *s, bool full)
{
	bool	 complete;
	double	 kg = items_weight(s->items, s->nitems, &complete);
	json_t	*o = json_pack("{s:I, s:s?, s:s?, s:o, s:o, s:I, s:s, s:s, s:b}",
	    "id", (json_int_t)s->id,
	    "donor_name_ru", s->donor_org_id ? s->donor_org_ru : s->donor_name_ru,
	    "donor_name_en", s->donor_org_id ? s->donor_org_en : s->donor_name_en,
	    "donor_city", api_city_ref(&s->donor_city),
	    "recipient_city", api_city_ref(&s->recipient_city), "year", (json_int_t)s->year,
	    "created_at", s->created_at, "updated_at", s->updated_at,
	    "may_edit", api_writes_cities(req, s->recipient_city_id, s->recipient_city_id));

	api_shipment_columns_json(o, s);
	if (full) {
		json_t	*items = json_array();

		for (size_t i = 0; i < s->nitems; i++)
			json_array_append_new(items, item_json(&s->items[i]));
		json_object_set_new(o, "items", items);
		json_object_set_new(o, "items_weight_kg", api_amount_or_null(kg));
		json_object_set_new(o, "items_weight_complete", json_boolean(complete));
	}
	return o;
}

static json_t *
distribution_json(const struct db_distribution *d)
{
	json_t	*lines = json_array();
	json_t	*o = json_pack("{s:I, s:s?, s:s?}", "id", (json_int_t)d->id,
	    "recipient_name_ru", d->recipient_org_id ? d->recipient_org_ru : d->recipient_name_ru,
	    "recipient_name_en", d->recipient_org_id ? d->recipient_org_en : d->recipient_name_en);

	for (size_t i = 0; i < d->nlines; i++)
		json_array_append_new(lines, json_pack("{s:I, s:o}", "item_id",
		    (json_int_t)d->lines[i].item_id, "quantity", api_amount_or_null(d->lines[i].quantity)));
	api_distribution_columns_json(o, d);
	json_object_set_new(o, "lines", lines);
	return o;
}

int
api_shipments_list(struct http_request *req)
{
	struct api_page		 page;
	struct db_shipment	*items;
	size_t			 n;
	json_t			*list;
	bool			 more;

	if (api_require_page(req, &page) == -1)
		return -1;
	if (db_shipment_list(api_db(req), &req->arena, api_visible_city(req), page.a, page.b,
	    page.limit + 1, &items, &n) != DB_OK) {
		api_reply_db_error(req, "listing shipments");
		return -1;
	}
	more = n > (size_t)page.limit;
	list = json_array();
	for (size_t i = 0; i < n && i < (size_t)page.limit; i++)
		json_array_append_new(list, shipment_json(req, &items[i], false));
	n = more ? (size_t)page.limit - 1 : 0;
	api_reply_json(req, 200, api_page_json(list, more, more ? items[n].year : 0,
	    more ? items[n].id : 0));
	return 0;
}

int
api_shipments_totals(struct http_request *req)
{
	struct db_shipment_total	*t;
	size_t				 n;
	json_t				*list = NULL;

	if (db_shipment_totals(api_db(req), &req->arena, api_visible_city(req), &t, &n) != DB_OK) {
		api_reply_db_error(req, "summing shipments");
		return -1;
	}
	list = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, json_pack("{s:I, s:o, s:s?, s:s?, s:I, s:f, s:I, s:b}",
		    "year", (json_int_t)t[i].year, "donor_org_id", api_id_or_null(t[i].donor_org_id),
		    "donor_name_ru", t[i].donor_ru, "donor_name_en", t[i].donor_en,
		    "shipments", (json_int_t)t[i].shipments, "weight_kg", t[i].weight_kg,
		    "unweighed", (json_int_t)t[i].unweighed, "at_least", t[i].at_least));
	api_reply_json(req, 200, json_pack("{s:o}", "items", list));
	return 0;
}

/* The shipment (with its items) if the caller may see it; -1 after replying 404 or 500. */
static int
require_shipment(struct http_request *req, int64_t id, struct db_shipment *s)
{
	int	rc = db_shipment_get(api_db(req), &req->arena, id, s);

	if (rc == DB_NOTFOUND || (rc == DB_OK &&
	    !api_sees_cities(req, s->recipient_city_id, s->donor_city_id))) {
		api_problem(req, 404, "not_found", "no such shipment");
		return -1;
	}
	if (rc != DB_OK) {
		api_reply_db_error(req, "reading a shipment");
		return -1;
	}
	return 0;
}

static void
reply_not_your_city(struct http_request *req)
{
	api_problem(req, 403, "not_your_city",
	    "staff write only the shipments their own city receives");
}

static int
reply_shipment(struct http_request *req, int status, int64_t id)
{
	struct db_shipment	 s;
	struct db_distribution	*d;
	size_t			 n;
	json_t			*o, *list;

	if (require_shipment(req, id, &s) == -1)
		return -1;
	if (db_shipment_distributions(api_db(req), &req->arena, id, &d, &n) != DB_OK) {
		api_reply_db_error(req, "reading a shipment");
		return -1;
	}
	o = shipment_json(req, &s, true);
	list = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, distribution_json(&d[i]));
	json_object_set_new(o, "distributions", list);
	api_reply_json(req, status, o);
	return 0;
}

int
api_shipment_get(struct http_request *req)
{
	int64_t	id;

	if (api_require_id(req, 0, &id) == -1)
		return -1;
	return reply_shipment(req, 200, id);
}

static double
opt_amount(json_t *o, const char *name, double current)
{
	json_t	*v = json_object_get(o, name);

	return v == NULL ? current : json_is_number(v) ? json_number_value(v) : 0;
}

static int64_t
opt_id(json_t *body, const char *name, int64_t current)
{
	json_t	*v = json_object_get(body, name);

	return v == NULL ? current : json_is_integer(v) ? json_integer_value(v) : 0;
}

/* The body's items onto s, with the errors of each. */
static void
items_from_json(struct http_request *req, json_t *arr, struct db_shipment *s, json_t *errors)
{
	json_t	*it;
	size_t	 i;

	jv_check_items(arr, "items", api_shipment_item_input_body.fields, api_shipment_item_input_body.n,
	    errors);
	s->nitems = json_array_size(arr);
	s->items = arena_alloc(&req->arena, sizeof(*s->items) * (s->nitems + 1));
	json_array_foreach(arr, i, it) {
		struct db_shipment_item	*x = &s->items[i];

		memset(x, 0, sizeof(*x));
		api_shipment_item_columns_from(it, x);
		if (json_object_get(it, "quantity") != NULL && !json_is_null(
		    json_object_get(it, "quantity")) && x->quantity <= 0)
			jv_error_add(errors, arena_printf(&req->arena, "items[%zu].quantity", i),
			    "out_of_range", "must be more than 0");
		if (x->quantity > 0 && x->unit == NULL)
			jv_error_add(errors, arena_printf(&req->arena, "items[%zu].unit", i),
			    "required", "a quantity needs its unit");
	}
}

/* The stated total against the items weighed in kg or t ("about": within 10 %). */
static void
check_weight(struct http_request *req, const struct db_shipment *s, json_t *errors)
{
	bool	complete;
	double	kg = items_weight(s->items, s->nitems, &complete);
	double	slack = strcmp(s->weight_qualifier, "about") == 0 ? s->weight_kg / 10 : 0.5;

	if (s->weight_kg <= 0 || kg <= 0)
		return;
	if (strcmp(s->weight_qualifier, "more_than") == 0) {
		if (complete && kg <= s->weight_kg)
			jv_error_add(errors, "weight_kg", "weight_mismatch", arena_printf(&req->arena,
			    "the items weigh %.12g kg, not more than %.12g", kg, s->weight_kg));
	} else if (kg > s->weight_kg + slack) {
		jv_error_add(errors, "weight_kg", "weight_mismatch", arena_printf(&req->arena,
		    "the items in kg and t weigh %.12g kg, more than the total", kg));
	} else if (complete && kg < s->weight_kg - slack) {
		jv_error_add(errors, "weight_kg", "weight_mismatch", arena_printf(&req->arena,
		    "the items weigh %.12g kg, less than the total", kg));
	}
}

static void
check_refs(struct http_request *req, const struct db_shipment *s, json_t *errors)
{
	struct db	*db = api_db(req);
	struct db_city	 c;
	struct db_org	 o;
	bool		 known = true;

	if (s->donor_org_id > 0 && db_org_get(db, &req->arena, s->donor_org_id, &o) != DB_OK)
		jv_error_add(errors, "donor_org_id", "not_found", "no such organization");
	if (s->donor_org_id <= 0 && s->donor_name_en == NULL)
		jv_error_add(errors, "donor_name_en", "required",
		    "name the donor, or give its organization");
	if (s->donor_country != NULL && (db_country_known(db, s->donor_country, &known) != DB_OK ||
	    !known))
		jv_error_add(errors, "donor_country", "not_found", "no such country");
	if (s->donor_city_id > 0 && db_city_get(db, &req->arena, s->donor_city_id, &c) != DB_OK)
		jv_error_add(errors, "donor_city_id", "not_found", "no such city");
	if (db_city_get(db, &req->arena, s->recipient_city_id, &c) != DB_OK)
		jv_error_add(errors, "recipient_city_id", "not_found", "no such city");
}

/* Body members onto s; the errors of every check that needs more than the table. */
static void
shipment_from_json(struct http_request *req, json_t *body, struct db_shipment *s,
    json_t *errors)
{
	json_t		*w = json_object_get(body, "weight_kg");

	api_shipment_columns_from(body, s);
	if (json_object_get(body, "donor_name_ru") != NULL)
		s->donor_name_ru = jv_str(body, "donor_name_ru");
	if (json_object_get(body, "donor_name_en") != NULL)
		s->donor_name_en = jv_str(body, "donor_name_en");
	s->donor_city_id = opt_id(body, "donor_city_id", s->donor_city_id);
	s->recipient_city_id = opt_id(body, "recipient_city_id", s->recipient_city_id);
	if (w != NULL && !json_is_null(w) && s->weight_kg <= 0)
		jv_error_add(errors, "weight_kg", "out_of_range", "must be more than 0");
	if (json_object_get(body, "items") != NULL)
		items_from_json(req, json_object_get(body, "items"), s, errors);
	api_check_date(body, "sent_on", false, errors);
	api_check_date(body, "arrived_on", false, errors);
	if (s->sent_on != NULL && s->arrived_on != NULL && strcmp(s->arrived_on, s->sent_on) < 0)
		jv_error_add(errors, "arrived_on", "before_sent", "must not be before sent_on");
	api_settle_year(body, s->arrived_on != NULL ? s->arrived_on : s->sent_on, &s->year, errors);
	check_refs(req, s, errors);
	check_weight(req, s, errors);
}

/* Once something is distributed, the items stay and the shipment stays arrived. */
static int
require_undistributed_change(struct http_request *req, json_t *body,
    const struct db_shipment *old, const struct db_shipment *s)
{
	bool	distributed = false;

	for (size_t i = 0; i < old->nitems; i++)
		distributed = distributed || old->items[i].nlines > 0;
	if (!distributed)
		return 0;
	if (json_object_get(body, "items") != NULL) {
		api_problem(req, 409, "shipment_distributed",
		    "the items cannot be replaced: some are distributed");
		return -1;
	}
	if (strcmp(s->status, "arrived") != 0 && strcmp(s->status, "distributed") != 0) {
		api_problem(req, 409, "shipment_distributed",
		    "a shipment that is partly distributed has arrived");
		return -1;
	}
	return 0;
}

static int
write_shipment(struct http_request *req, json_t *body, const struct db_shipment *old,
    struct db_shipment *s)
{
	json_t	*errors = json_array();
	int64_t	 id = s->id;
	int	 rc;

	shipment_from_json(req, body, s, errors);
	if (json_array_size(errors) > 0) {
		api_reply_invalid(req, errors);
		return -1;
	}
	json_decref(errors);
	if (!api_writes_cities(req, s->recipient_city_id, s->recipient_city_id)) {
		reply_not_your_city(req);
		return -1;
	}
	if (old != NULL && require_undistributed_change(req, body, old, s) == -1)
		return -1;
	if (db_begin(api_db(req)) == -1) {
		api_reply_db_error(req, "writing a shipment");
		return -1;
	}
	rc = old == NULL ? db_shipment_insert(api_db(req), s, api_caller(req)->user.id, &id) :
	    db_shipment_update(api_db(req), s, json_object_get(body, "items") != NULL);
	if (rc != DB_OK || db_commit(api_db(req)) == -1) {
		db_rollback(api_db(req));
		api_reply_db_error(req, "writing a shipment");
		return -1;
	}
	return reply_shipment(req, old == NULL ? 201 : 200, id);
}

int
api_shipment_create(struct http_request *req)
{
	struct db_shipment	 s = { .status = "planned", .weight_qualifier = "exact" };
	json_t			*body;

	if ((body = api_require_body(req, &api_shipment_input_body, false)) == NULL)
		return -1;
	return write_shipment(req, body, NULL, &s);
}

int
api_shipment_patch(struct http_request *req)
{
	struct db_shipment	 old, s;
	json_t			*body;
	int64_t			 id;

	if (api_require_id(req, 0, &id) == -1)
		return -1;
	if ((body = api_require_body(req, &api_shipment_input_body, true)) == NULL)
		return -1;
	if (require_shipment(req, id, &old) == -1)
		return -1;
	if (!api_writes_cities(req, old.recipient_city_id, old.recipient_city_id)) {
		reply_not_your_city(req);
		return -1;
	}
	s = old;
	return write_shipment(req, body, &old, &s);
}

/* The item of s with that id, or NULL. */
static const struct db_shipment_item *
find_item(const struct db_shipment *s, int64_t id)
{
	for (size_t i = 0; i < s->nitems; i++)
		if (s->items[i].id == id)
			return &s->items[i];
	return NULL;
}

/* Lines onto d, checked against the items of s; errors for unknown and repeated items. */
static void
lines_from_json(struct http_request *req, json_t *arr, const struct db_shipment *s,
    struct db_distribution *d, json_t *errors)
{
	json_t	*l;
	size_t	 i;

	jv_check_items(arr, "lines", api_distribution_line_input_body.fields, api_distribution_line_input_body.n,
	    errors);
	d->lines = arena_alloc(&req->arena, sizeof(*d->lines) * (json_array_size(arr) + 1));
	json_array_foreach(arr, i, l) {
		struct db_distribution_line		 x = { opt_id(l, "item_id", 0),
			opt_amount(l, "quantity", 0) };
		const struct db_shipment_item	*it = find_item(s, x.item_id);

		for (size_t k = 0; k < d->nlines; k++)
			if (d->lines[k].item_id == x.item_id)
				jv_error_add(errors, arena_printf(&req->arena, "lines[%zu].item_id", i),
				    "duplicate", "each item once per distribution");
		if (x.item_id > 0 && it == NULL)
			jv_error_add(errors, arena_printf(&req->arena, "lines[%zu].item_id", i),
			    "not_found", "not an item of this shipment");
		else if (it != NULL && it->quantity > 0 && x.quantity <= 0)
			jv_error_add(errors, arena_printf(&req->arena, "lines[%zu].quantity", i),
			    "required", "give the quantity distributed (more than 0)");
		d->lines[d->nlines++] = x;
	}
}

static void
distribution_from_json(struct http_request *req, json_t *body, const struct db_shipment *s,
    struct db_distribution *d, json_t *errors)
{
	struct db_org	o;

	d->shipment_id = s->id;
	api_distribution_columns_from(body, d);
	d->recipient_name_ru = jv_str(body, "recipient_name_ru");
	d->recipient_name_en = jv_str(body, "recipient_name_en");
	if (d->recipient_org_id > 0 &&
	    db_org_get(api_db(req), &req->arena, d->recipient_org_id, &o) != DB_OK)
		jv_error_add(errors, "recipient_org_id", "not_found", "no such organization");
	if (d->recipient_org_id <= 0 && d->recipient_name_en == NULL)
		jv_error_add(errors, "recipient_name_en", "required",
		    "name the recipient, or give its organization");
	api_check_date(body, "distributed_on", false, errors);
	if (d->distributed_on != NULL && s->arrived_on != NULL &&
	    strcmp(d->distributed_on, s->arrived_on) < 0)
		jv_error_add(errors, "distributed_on", "before_arrival",
		    "must not be before the shipment arrived");
	lines_from_json(req, json_object_get(body, "lines"), s, d, errors);
}

/* 409 over_distributed naming the first line that asks for more than remains. */
static int
require_available(struct http_request *req, const struct db_shipment *s,
    const struct db_distribution *d)
{
	for (size_t i = 0; i < d->nlines; i++) {
		const struct db_shipment_item	*it = find_item(s, d->lines[i].item_id);
		double				 left = it->quantity - it->distributed;

		if (it->quantity > 0 && d->lines[i].quantity > left + 1e-9) {
			api_problem(req, 409, "over_distributed", arena_printf(&req->arena,
			    "lines[%zu]: %.12g %s of '%s' asked, %.12g remain", i,
			    d->lines[i].quantity, it->unit, it->name_en, left > 0 ? left : 0));
			return -1;
		}
	}
	return 0;
}

/* Reads, checks and inserts in one transaction, so two writers cannot both take the rest. */
static int
distribute(struct http_request *req, json_t *body, int64_t id, int64_t *did)
{
	struct db_shipment	s;
	struct db_distribution	d = { 0 };
	json_t			*errors = json_array();
	int			rc = -1;

	if (require_shipment(req, id, &s) == -1)
		goto out;
	if (!api_writes_cities(req, s.recipient_city_id, s.recipient_city_id)) {
		reply_not_your_city(req);
		goto out;
	}
	if (strcmp(s.status, "arrived") != 0 && strcmp(s.status, "distributed") != 0) {
		api_problem(req, 409, "not_arrived", "only what has arrived can be distributed");
		goto out;
	}
	distribution_from_json(req, body, &s, &d, errors);
	if (json_array_size(errors) > 0) {
		api_reply_invalid(req, json_incref(errors));
		goto out;
	}
	if (require_available(req, &s, &d) == -1)
		goto out;
	if (db_distribution_insert(api_db(req), &d, api_caller(req)->user.id, did) != DB_OK) {
		api_reply_db_error(req, "distributing a shipment");
		goto out;
	}
	rc = 0;
out:
	json_decref(errors);
	return rc;
}

int
api_shipment_distribute(struct http_request *req)
{
	json_t	*body;
	int64_t	 id, did;

	if (api_require_id(req, 0, &id) == -1)
		return -1;
	if ((body = api_require_body(req, &api_distribution_input_body, false)) == NULL)
		return -1;
	if (db_begin(api_db(req)) == -1) {
		api_reply_db_error(req, "distributing a shipment");
		return -1;
	}
	if (distribute(req, body, id, &did) == -1) {
		db_rollback(api_db(req));
		return -1;
	}
	if (db_commit(api_db(req)) == -1) {
		db_rollback(api_db(req));
		api_reply_db_error(req, "distributing a shipment");
		return -1;
	}
	return reply_shipment(req, 201, id);
}

int
api_distribution_delete(struct http_request *req)
{
	struct db_shipment	s;
	int64_t			id, did;
	int			rc;

	if (api_require_id(req, 0, &id) == -1 || api_require_id(req, 1, &did) == -1)
		return -1;
	if (require_shipment(req, id, &s) == -1)
		return -1;
	if (!api_writes_cities(req, s.recipient_city_id, s.recipient_city_id)) {
		reply_not_your_city(req);
		return -1;
	}
	rc = db_distribution_delete(api_db(req), id, did);
	if (rc == DB_NOTFOUND) {
		api_problem(req, 404, "not_found", "no such distribution of this shipment");
		return -1;
	}
	if (rc != DB_OK) {
		api_reply_db_error(req, "deleting a distribution");
		return -1;
	}
	http_reply_empty(req, 204);
	return 0;
}
