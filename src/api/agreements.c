/*
 * agreements: agreements and documents with their parties, and the signed
 * file. Staff and admins read and write them all; a partner-role user reads
 * those that touch their city (a party is the city, one of its
 * organizations or its country, or the agreement is the basis of one of its
 * partnerships). Agreements whose validity ends within 90 days are flagged.
 *
 * The file comes as the raw request body (PDF, PNG or JPEG, checked by its
 * first bytes, not only by the header), is written to a temporary file in
 * the files directory and renamed to its SHA-256, so nothing half-written
 * is ever visible under a final name.
 */
#include "api.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../base/log.h"
#include "../base/store.h"
#include "../base/text.h"


static const struct {
	const char	*type, *ext, *magic;
	size_t		 len;
} file_types[] = {
	{ "application/pdf", "pdf", "%PDF-", 5 },
	{ "image/png", "png", "\x89PNG\r\n\x1a\n", 8 },
	{ "image/jpeg", "jpg", "\xff\xd8\xff", 3 },
};
#define NFILE_TYPES	(sizeof(file_types) / sizeof(file_types[0]))

/* 0 when visible to the caller; -1 after replying 404 or 500. */
static int
require_visible(struct http_request *req, int64_t id)
{
	int64_t	visible = api_visible_city(req);
	bool	seen = true;

	if (visible != 0 && db_agreement_touches(api_db(req), id, visible, &seen) != DB_OK) {
		api_reply_db_error(req, "checking an agreement");
		return -1;
	}
	if (!seen) {
		api_problem(req, 404, "not_found", "no such agreement");
		return -1;
	}
	return 0;
}

int
api_agreements_list(struct http_request *req)
{
	struct db_agreement_filter	 f = { 0 };
	struct api_page			 page;
	struct db_agreement		*items;
	const char			*city = http_query(req, "city");
	const char			*pship = http_query(req, "partnership");
	const char			*expiring = http_query(req, "expiring");
	char				 today[11], soon[11];
	size_t				 n;
	json_t				*list;
	bool				 more;

	if (api_require_page(req, &page) == -1)
		return -1;
	f.kind = http_query(req, "kind");
	if (f.kind != NULL) {
		bool	ok = false;

		for (const char *const *k = api_agreement_kind_values; *k != NULL; k++)
			ok |= strcmp(*k, f.kind) == 0;
		if (!ok) {
			api_reply_bad_param(req, "kind", "invalid", "is not an agreement kind");
			return -1;
		}
	}
	if ((city != NULL && text_int(city, 1, INT64_MAX, &f.city_id) == -1) ||
	    (pship != NULL && text_int(pship, 1, INT64_MAX, &f.partnership_id) == -1)) {
		api_reply_bad_param(req, city != NULL && f.city_id == 0 ? "city" : "partnership",
		    "invalid", "must be a positive integer");
		return -1;
	}
	if (f.partnership_id != 0) {
		struct db_partnership	p;
		int			rc = db_partnership_get(api_db(req), &req->arena,
					    f.partnership_id, &p);
		int64_t			v = api_visible_city(req);

		if (rc == DB_NOTFOUND || (rc == DB_OK && v != 0 && p.a.id != v && p.b.id != v)) {
			api_reply_bad_param(req, "partnership", "not_found", "no such partnership");
			return -1;
		}
		if (rc != DB_OK) {
			api_reply_db_error(req, "reading a partnership");
			return -1;
		}
		f.city_id = p.a.id;
		f.city2_id = p.b.id;
	}
	if (expiring != NULL && strcmp(expiring, "true") == 0) {
		api_date_today(0, today);
		api_date_today(90, soon);
		f.valid_to_from = today;
		f.valid_to_until = soon;
	}
	f.q = api_query_folded(req, "q");
	f.visible_city = api_visible_city(req);
	f.after_id = page.a;
	f.limit = page.limit + 1;
	if (db_agreement_list(api_db(req), &req->arena, &f, &items, &n) != DB_OK) {
		api_reply_db_error(req, "listing agreements");
		return -1;
	}
	more = n > (size_t)page.limit;
	list = json_array();
	for (size_t i = 0; i < n && i < (size_t)page.limit; i++) {
		struct db_agreement	g;

		/* with its parties: a page holds at most 200 */
		if (db_agreement_get(api_db(req), &req->arena, items[i].id, &g) != DB_OK) {
			json_decref(list);
			api_reply_db_error(req, "listing agreements");
			return -1;
		}
		json_array_append_new(list, api_agreement_json(&g));
	}
	api_reply_json(req, 200, api_page_json(list, more, more ? items[page.limit - 1].id : 0, 0));
	return 0;
}

static int
reply_agreement(struct http_request *req, int status, int64_t id)
{
	struct db_agreement	g;
	int			rc = db_agreement_get(api_db(req), &req->arena, id, &g);

	if (rc == DB_NOTFOUND) {
		api_problem(req, 404, "not_found", "no such agreement");
		return -1;
	}
	if (rc != DB_OK) {
		api_reply_db_error(req, "reading an agreement");
		return -1;
	}
	api_reply_json(req, status, api_agreement_json(&g));
	return 0;
}

int
api_agreement_get(struct http_request *req)
{
	int64_t	id;

	if (api_require_id(req, 0, &id) == -1 || require_visible(req, id) == -1)
		return -1;
	return reply_agreement(req, 200, id);
}

/* Members present in body onto g; the parties checked into errors. */
static void
agreement_from_json(struct http_request *req, json_t *body, struct db_agreement *g,
    json_t *errors)
{
	static const char *const dates[] = { "signed_on", "valid_from", "valid_to",
		"renewal_on" };
	json_t		*parties = json_object_get(body, "parties"), *p;
	size_t		 i;

	api_agreement_columns_from(body, g);
	for (i = 0; i < sizeof(dates) / sizeof(dates[0]); i++)
		api_check_date(body, dates[i], false, errors);
	if (g->valid_from != NULL && g->valid_to != NULL && strcmp(g->valid_to, g->valid_from) < 0)
		jv_error_add(errors, "valid_to", "before_start", "must not be before valid_from");
	if (parties == NULL)
		return;
	g->nparties = json_array_size(parties);
	g->parties = arena_alloc(&req->arena, sizeof(*g->parties) * (g->nparties + 1));
	json_array_foreach(parties, i, p) {
		const char	*type = jv_str(p, "type");
		json_t		*id = json_object_get(p, "id");
		struct db_party	*d = &g->parties[i];

		if (type != NULL && strcmp(type, "city") == 0 && json_integer_value(id) > 0)
			d->city_id = json_integer_value(id);
		else if (type != NULL && strcmp(type, "organization") == 0 &&
		    json_integer_value(id) > 0)
			d->org_id = json_integer_value(id);
		else if (type != NULL && strcmp(type, "country") == 0 && json_is_string(id) &&
		    strlen(json_string_value(id)) == 2)
			d->country_code = json_string_value(id);
		else
			jv_error_add(errors, "parties", "invalid", "each party is {\"type\": \"city\","
			    " \"organization\" or \"country\", \"id\": its id or ISO code}");
	}
}

/* Writes g in a transaction; replies on failure. */
static int
save(struct http_request *req, struct db_agreement *g, bool create, int64_t *id)
{
	struct db	*db = api_db(req);
	int		 rc;

	if (db_begin(db) == -1) {
		api_reply_db_error(req, "saving an agreement");
		return -1;
	}
	rc = create ? db_agreement_insert(db, g, id) : db_agreement_update(db, g);
	if (rc == DB_OK && db_commit(db) == 0)
		return 0;
	db_rollback(db);
	if (rc == DB_INVALID)
		api_reply_bad_param(req, "parties", "not_found",
		    "no such city, organization or country");
	else if (rc == DB_NOTFOUND)
		api_problem(req, 404, "not_found", "no such agreement");
	else
		api_reply_db_error(req, "saving an agreement");
	return -1;
}

int
api_agreement_create(struct http_request *req)
{
	json_t			*body = api_require_body(req, &api_agreement_create_body, false);
	json_t			*errors;
	struct db_agreement	 g = { 0 };
	int64_t			 id;

	if (body == NULL)
		return -1;
	errors = json_array();
	agreement_from_json(req, body, &g, errors);
	if (json_array_size(errors) > 0) {
		api_reply_invalid(req, errors);
		return -1;
	}
	json_decref(errors);
	if (save(req, &g, true, &id) == -1)
		return -1;
	http_header(req, "location", arena_printf(&req->arena, API_PREFIX "/agreements/%lld",
	    (long long)id));
	return reply_agreement(req, 201, id);
}

int
api_agreement_patch(struct http_request *req)
{
	struct db_agreement	 g;
	json_t			*body, *errors;
	int64_t			 id;
	int			 rc;

	if (api_require_id(req, 0, &id) == -1)
		return -1;
	if ((body = api_require_body(req, &api_agreement_create_body, true)) == NULL)
		return -1;
	rc = db_agreement_get(api_db(req), &req->arena, id, &g);
	if (rc == DB_NOTFOUND) {
		api_problem(req, 404, "not_found", "no such agreement");
		return -1;
	}
	if (rc != DB_OK) {
		api_reply_db_error(req, "reading an agreement");
		return -1;
	}
	errors = json_array();
	agreement_from_json(req, body, &g, errors);
	if (json_array_size(errors) > 0) {
		api_reply_invalid(req, errors);
		return -1;
	}
	json_decref(errors);
	if (save(req, &g, false, &id) == -1)
		return -1;
	return reply_agreement(req, 200, id);
}

int
api_agreement_delete(struct http_request *req)
{
	int64_t	id;
	int	rc;

	if (api_require_id(req, 0, &id) == -1)
		return -1;
	rc = db_agreement_delete(api_db(req), id);
	if (rc == DB_NOTFOUND) {
		api_problem(req, 404, "not_found", "no such agreement");
		return -1;
	}
	if (rc != DB_OK) {
		api_reply_db_error(req, "deleting an agreement");
		return -1;
	}
	http_reply_empty(req, 204);
	return 0;
}

/* --- the signed file --- */

/*
 * The file's bytes as they are kept: a PDF as sent, a scan (PNG, JPEG)
 * re-encoded as every picture is (uploads.c); -1 after replying.
 */
static int
file_bytes(struct http_request *req, const char *type, const void **data, size_t *len)
{
	struct image_processed	p;

	*data = req->body.p;
	*len = req->body.len;
	if (image_type_by_mime(type) == NULL)
		return 0;
	if (api_image_from_body(req, &p) == -1)
		return -1;
	*data = p.original.data;
	*len = p.original.len;
	return 0;
}

int
api_agreement_file_put(struct http_request *req)
{
	const char	*ct = req->content_type, *type = NULL;
	const void	*data;
	char		 hex[65];
	size_t		 len;
	int64_t		 id;
	int		 rc;

	if (api_require_id(req, 0, &id) == -1)
		return -1;
	for (size_t i = 0; ct != NULL && i < NFILE_TYPES; i++)
		if (strncmp(ct, file_types[i].type, strlen(file_types[i].type)) == 0) {
			type = file_types[i].type;
			if (req->body.len < file_types[i].len ||
			    memcmp(req->body.p, file_types[i].magic, file_types[i].len) != 0) {
				api_problem(req, 415, "type_mismatch",
				    "the file's content is not what its Content-Type says");
				return -1;
			}
		}
	if (type == NULL) {
		api_problem(req, 415, "unsupported_media_type",
		    "send the signed file as application/pdf, image/png or image/jpeg");
		return -1;
	}
	if (file_bytes(req, type, &data, &len) == -1 ||
	    api_quota_check(req, (int64_t)len) == -1)
		return -1;
	store_hash(data, len, hex);
	if (api_store_file(req, hex, data, len) == -1)
		return -1;
	rc = db_agreement_set_file(api_db(req), id, hex, type, (int64_t)len);
	if (rc == DB_NOTFOUND) {
		api_problem(req, 404, "not_found", "no such agreement");
		return -1;
	}
	if (rc != DB_OK) {
		api_reply_db_error(req, "recording a file");
		return -1;
	}
	return reply_agreement(req, 200, id);
}

int
api_agreement_file_get(struct http_request *req)
{
	struct db_agreement	 g;
	const char		*ext = "bin";
	char			 path[4200];
	FILE			*f;
	char			*data;
	size_t			 got;
	int64_t			 id;
	int			 rc;

	if (api_require_id(req, 0, &id) == -1 || require_visible(req, id) == -1)
		return -1;
	rc = db_agreement_get(api_db(req), &req->arena, id, &g);
	if (rc == DB_NOTFOUND || (rc == DB_OK && g.file_sha256 == NULL)) {
		api_problem(req, 404, "not_found", "no such agreement or no file yet");
		return -1;
	}
	if (rc != DB_OK) {
		api_reply_db_error(req, "reading an agreement");
		return -1;
	}
	snprintf(path, sizeof(path), "%s/%s", api_settings(req)->files_dir, g.file_sha256);
	data = arena_alloc(&req->arena, (size_t)g.file_size + 1);
	if ((f = fopen(path, "rb")) == NULL) {
		log_err("request %s: cannot open %s: %s", req->id, path, strerror(errno));
		api_problem(req, 500, "internal", "the stored file is missing");
		return -1;
	}
	got = fread(data, 1, (size_t)g.file_size, f);
	fclose(f);
	if (got != (size_t)g.file_size) {
		api_problem(req, 500, "internal", "the stored file is damaged");
		return -1;
	}
	for (size_t i = 0; i < NFILE_TYPES; i++)
		if (strcmp(g.file_type, file_types[i].type) == 0)
			ext = file_types[i].ext;
	http_header(req, "content-disposition", arena_printf(&req->arena,
	    "attachment; filename=\"agreement-%lld.%s\"", (long long)id, ext));
	http_reply(req, 200, g.file_type, data, got);
	return 0;
}
