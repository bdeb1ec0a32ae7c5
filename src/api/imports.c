/*
 * imports: CSV files in and out of the API. The import frame that every CSV
 * import shares (media type, header, row limit, one transaction, counts and
 * the line-by-line report) and the two helpers of CSV exports (the separator
 * a caller asks for, the reply). What a line means is the handler's.
 */
#include "api.h"

#include <stdio.h>
#include <string.h>

#include "../base/text.h"

/* The data lines of the body, counted up to one past max (the header not counted). */
static size_t
count_rows(struct http_request *req, size_t max)
{
	struct csv_reader	 r;
	const char		*f[CSV_MAX_FIELDS];
	size_t			 n, records = 0;

	csv_reader_init(&r, req->body.p ? req->body.p : "", req->body.len);
	while (records <= max + 1 && csv_next(&r, f, &n) == 1)
		records++;
	csv_reader_release(&r);
	return records > 0 ? records - 1 : 0;
}

static void
reply_too_many_rows(struct http_request *req, size_t max)
{
	api_reply_json(req, 413, json_pack("{s:s, s:s, s:i, s:s, s:s, s:I}",
	    "type", "https://pobratim.org/problems/too_many_rows",
	    "title", http_status_text(413), "status", 413,
	    "detail", arena_printf(&req->arena, "a file may hold at most %zu lines besides the"
	    " header; split it", max),
	    "code", "too_many_rows", "max_rows", (json_int_t)max));
	req->reply_type = "application/problem+json";
}

/* Finds each known column in the header; -1 after replying when one required is missing. */
static int
header(struct api_import *im)
{
	const struct api_import_columns	*c = im->columns;
	const char			*missing = NULL;

	for (size_t k = 0; k < c->n; k++)
		im->idx[k] = -1;
	if (csv_next(&im->r, im->f, &im->n) != 1) {
		api_reply_bad_param(im->req, "header", "missing", "the first line must be the header");
		return -1;
	}
	for (size_t k = 0; k < c->n; k++) {
		for (size_t i = 0; i < im->n && im->idx[k] < 0; i++)
			if (strcmp(im->f[i], c->names[k]) == 0)
				im->idx[k] = (int)i;
		if (im->idx[k] < 0 && (c->required & (1u << k)) != 0)
			missing = missing == NULL ? c->names[k] :
			    arena_printf(&im->req->arena, "%s, %s", missing, c->names[k]);
	}
	if (missing == NULL)
		return 0;
	api_reply_bad_param(im->req, "header", "missing_column",
	    arena_printf(&im->req->arena, "the header must name %s", missing));
	return -1;
}

int
api_import_begin(struct http_request *req, struct api_import *im,
    const struct api_import_columns *columns)
{
	const char	*ct = req->content_type;
	size_t		 max = (size_t)api_settings(req)->import_max_rows;

	memset(im, 0, sizeof(*im));
	im->req = req;
	im->columns = columns;
	im->skip_bad = text_eq(http_query(req, "skip_invalid"), "true");
	arena_init(&im->row);
	if (ct == NULL || strncmp(ct, "text/csv", 8) != 0) {
		api_problem(req, 415, "unsupported_media_type", "send the body as text/csv");
		return -1;
	}
	if (count_rows(req, max) > max) {
		reply_too_many_rows(req, max);
		return -1;
	}
	csv_reader_init(&im->r, req->body.p ? req->body.p : "", req->body.len);
	if (header(im) == -1) {
		csv_reader_release(&im->r);
		return -1;
	}
	if (db_begin(api_db(req)) == -1 || db_search_defer(api_db(req)) != DB_OK) {
		db_rollback(api_db(req));
		csv_reader_release(&im->r);
		api_reply_db_error(req, columns->what);
		return -1;
	}
	im->lines = json_array();
	return 0;
}

/* Counts the current line as refused, and lists it while the report has room. */
static void
refuse(struct api_import *im)
{
	im->refused++;
	if (json_array_size(im->lines) < API_IMPORT_REPORTED)
		json_array_append_new(im->lines, json_pack("{s:I, s:s, s:O}", "line",
		    (json_int_t)im->r.line, "result", "refused", "errors", im->errors));
}

bool
api_import_next(struct api_import *im)
{
	int	rc;

	arena_release(&im->row);
	json_decref(im->errors);
	im->errors = NULL;
	if ((rc = csv_next(&im->r, im->f, &im->n)) == 0)
		return false;
	im->errors = json_array();
	if (rc == 1)
		return true;
	jv_error_add(im->errors, "line", "malformed", csv_error_text(im->r.error));
	refuse(im);
	json_decref(im->errors);
	im->errors = NULL;
	return false;
}

bool
api_import_has(const struct api_import *im, size_t k)
{
	return k < im->columns->n && im->idx[k] >= 0;
}

const char *
api_import_cell(const struct api_import *im, size_t k)
{
	int	i = k < im->columns->n ? im->idx[k] : -1;

	return i >= 0 && (size_t)i < im->n && im->f[i][0] != '\0' ? csv_text(im->f[i]) : NULL;
}

const char *
api_import_cell_or(const struct api_import *im, size_t k, const char *was)
{
	return api_import_has(im, k) ? api_import_cell(im, k) : was;
}

void
api_import_line(struct api_import *im, enum api_import_result result)
{
	if (json_array_size(im->errors) > 0)
		refuse(im);
	else
		im->count[result]++;
	json_decref(im->errors);
	im->errors = NULL;
}

int
api_import_finish(struct api_import *im)
{
	struct http_request	*req = im->req;
	struct db		*db = api_db(req);
	size_t			 listed = json_array_size(im->lines);
	json_t			*report = json_pack("{s:b, s:I, s:I, s:I, s:I, s:I, s:o, s:I}",
	    "applied", im->refused == 0 || im->skip_bad,
	    "accepted", (json_int_t)(im->count[API_IMPORT_INSERTED] +
	    im->count[API_IMPORT_UPDATED] + im->count[API_IMPORT_UNCHANGED]),
	    "inserted", (json_int_t)im->count[API_IMPORT_INSERTED],
	    "updated", (json_int_t)im->count[API_IMPORT_UPDATED],
	    "unchanged", (json_int_t)im->count[API_IMPORT_UNCHANGED],
	    "refused", (json_int_t)im->refused, "lines", im->lines,
	    "lines_omitted", (json_int_t)(im->refused - listed));

	csv_reader_release(&im->r);
	arena_release(&im->row);
	json_decref(im->errors);
	im->lines = im->errors = NULL;
	if (im->refused > 0 && !im->skip_bad) {
		db_rollback(db);
		api_reply_json(req, 400, json_pack("{s:s, s:s, s:i, s:s, s:s, s:o}",
		    "type", "https://pobratim.org/problems/import_refused",
		    "title", http_status_text(400), "status", 400,
		    "detail", "some lines are invalid; nothing was imported",
		    "code", "import_refused", "report", report));
		req->reply_type = "application/problem+json";
		return -1;
	}
	if (db_search_flush(db) != DB_OK || db_commit(db) == -1) {
		db_rollback(db);
		json_decref(report);
		api_reply_db_error(req, im->columns->what);
		return -1;
	}
	api_reply_json(req, 200, report);
	return 0;
}

int
api_csv_sep(struct http_request *req, char *sep)
{
	const char	*v = http_query(req, "sep");

	if (v == NULL || strcmp(v, "comma") == 0)
		*sep = ',';
	else if (strcmp(v, "semicolon") == 0)
		*sep = ';';
	else if (strcmp(v, "tab") == 0)
		*sep = '\t';
	else {
		api_reply_bad_param(req, "sep", "invalid", "must be comma, semicolon or tab");
		return -1;
	}
	return 0;
}

int
api_reply_csv(struct http_request *req, struct csv_writer *w, const char *filename)
{
	if (csv_writer_done(w) == -1) {
		csv_writer_release(w);
		api_problem(req, 500, "internal", "the export is too large");
		return -1;
	}
	http_header(req, "content-disposition", arena_printf(&req->arena,
	    "attachment; filename=\"%s\"", filename));
	http_reply(req, 200, "text/csv; charset=utf-8", w->b.p, w->b.len);
	csv_writer_release(w);
	return 0;
}
