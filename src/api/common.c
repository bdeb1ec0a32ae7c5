/*
 * common: what every handler uses — replies, problem+json, body and
 * parameter checks, pagination cursors, passwords.
 */
#include "api.h"

#include <sodium.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "../base/log.h"
#include "../base/text.h"

#define PROBLEM_INTERNAL							\
	"{\"type\":\"https://pobratim.org/problems/internal\",\"title\":\"Internal Server Error\","\
	"\"status\":500,\"detail\":\"cannot encode the reply\",\"code\":\"internal\"}"

void *
api_worker_init(void *settings)
{
	const struct api_settings	*s = settings;
	struct api_worker		*w;
	struct db			*db = db_open(s->db_path);

	if (db == NULL)
		return NULL;
	w = calloc(1, sizeof(*w));
	if (w == NULL) {
		db_close(db);
		return NULL;
	}
	w->db = db;
	w->settings = s;
	return w;
}

void
api_worker_fini(void *worker)
{
	struct api_worker	*w = worker;

	db_close(w->db);
	free(w->countries_json);
	free(w);
}

struct db *
api_db(struct http_request *req)
{
	return ((struct api_worker *)req->worker)->db;
}

const struct api_settings *
api_settings(struct http_request *req)
{
	return ((struct api_worker *)req->worker)->settings;
}

struct api_caller *
api_caller(struct http_request *req)
{
	return req->app;
}

static void
json_free(void *p)
{
	json_decref(p);
}

void
api_reply_json(struct http_request *req, int status, json_t *body)
{
	char	*text = body != NULL ? json_dumps(body, JSON_COMPACT | JSON_REAL_PRECISION(12)) : NULL;

	json_decref(body);
	if (text == NULL) {
		log_err("request %s: cannot encode the reply", req->id);
		http_reply(req, 500, "application/problem+json", PROBLEM_INTERNAL,
		    sizeof(PROBLEM_INTERNAL) - 1);
		return;
	}
	http_reply(req, status, "application/json", text, strlen(text));
	free(text);
}

/*
 * The instance is the request path when it is valid UTF-8 (a path is
 * client input: jansson refuses invalid text, and so do we).
 */
static void
problem(struct http_request *req, int status, const char *code, const char *detail,
    json_t *errors)
{
	json_t	*body = json_pack("{s:s, s:s, s:i, s:s, s:s}",
	    "type", arena_printf(&req->arena, "https://pobratim.org/problems/%s", code),
	    "title", http_status_text(status), "status", status, "detail", detail, "code", code);
	json_t	*instance = json_string(req->path ? req->path : "/");

	if (body != NULL && instance != NULL)
		json_object_set(body, "instance", instance);
	json_decref(instance);
	if (body != NULL && errors != NULL)
		json_object_set(body, "errors", errors);
	json_decref(errors);
	api_reply_json(req, status, body);
	if (req->status == status)
		req->reply_type = "application/problem+json";
}

void
api_problem(struct http_request *req, int status, const char *code, const char *detail)
{
	problem(req, status, code, detail, NULL);
}

void
api_reply_invalid(struct http_request *req, json_t *errors)
{
	problem(req, 400, "validation_failed", "the request has invalid fields", errors);
}

void
api_reply_db_error(struct http_request *req, const char *what)
{
	log_err("request %s: database error while %s", req->id, what);
	api_problem(req, 500, "internal", "a database error occurred");
}

json_t *
api_require_json_body(struct http_request *req, const struct jv_field *fields, size_t n,
    bool partial)
{
	json_t	*obj, *errors;
	char	 err[200];

	if (req->content_type == NULL ||
	    strncmp(req->content_type, "application/json", 16) != 0) {
		api_problem(req, 415, "unsupported_media_type",
		    "send the body as application/json");
		return NULL;
	}
	obj = jv_parse_object(req->body.p ? req->body.p : "", req->body.len, err, sizeof(err));
	if (obj == NULL) {
		api_problem(req, 400, "invalid_json", err);
		return NULL;
	}
	arena_defer(&req->arena, json_free, obj);
	errors = jv_check(obj, fields, n, partial);
	if (json_array_size(errors) > 0) {
		api_reply_invalid(req, errors);
		return NULL;
	}
	json_decref(errors);
	return obj;
}

int
api_require_id(struct http_request *req, size_t i, int64_t *id)
{
	if (text_int(http_param(req, i), 1, INT64_MAX, id) == -1) {
		api_problem(req, 404, "not_found", "no such resource");
		return -1;
	}
	return 0;
}

void
api_reply_bad_param(struct http_request *req, const char *field, const char *code,
    const char *message)
{
	api_reply_invalid(req, json_pack("[{s:s, s:s, s:s}]", "field", field, "code", code,
	    "message", message));
}

static int
cursor_decode(const char *s, int64_t *a, int64_t *b)
{
	unsigned char	raw[64];
	size_t		len;
	char		text[65], *end;
	long long	x, y;

	if (sodium_base642bin(raw, sizeof(raw) - 1, s, strlen(s), NULL, &len, NULL,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0)
		return -1;
	memcpy(text, raw, len);
	text[len] = '\0';
	x = strtoll(text, &end, 10);
	if (end == text || *end != '.')
		return -1;
	y = strtoll(end + 1, &end, 10);
	if (*end != '\0' || x < 0 || y < 0)
		return -1;
	*a = x;
	*b = y;
	return 0;
}

int
api_require_page(struct http_request *req, struct api_page *p)
{
	const char	*limit = http_query(req, "limit"), *cursor = http_query(req, "cursor");
	int64_t		 l = 50;

	p->a = p->b = 0;
	if (limit != NULL && text_int(limit, 1, 200, &l) == -1) {
		api_reply_bad_param(req, "limit", "out_of_range", "must be an integer from 1 to 200");
		return -1;
	}
	p->limit = (int)l;
	if (cursor != NULL && cursor_decode(cursor, &p->a, &p->b) == -1) {
		api_reply_bad_param(req, "cursor", "invalid", "is not a cursor this server gave");
		return -1;
	}
	return 0;
}

json_t *
api_page_json(json_t *items, bool more, int64_t a, int64_t b)
{
	char	text[48], enc[sodium_base64_ENCODED_LEN(48, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
	int	n;

	if (!more)
		return json_pack("{s:o, s:n}", "items", items, "next_cursor");
	n = snprintf(text, sizeof(text), "%lld.%lld", (long long)a, (long long)b);
	sodium_bin2base64(enc, sizeof(enc), (const unsigned char *)text, (size_t)n,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	return json_pack("{s:o, s:s}", "items", items, "next_cursor", enc);
}

const char *
api_query_folded(struct http_request *req, const char *name)
{
	const char	*v = http_query(req, name);
	char		*out;

	if (v == NULL || v[0] == '\0')
		return NULL;
	out = arena_alloc(&req->arena, strlen(v) + 1);
	text_fold(v, out);
	while (*out == ' ')
		out++;
	for (size_t n = strlen(out); n > 0 && out[n - 1] == ' '; n--)
		out[n - 1] = '\0';
	return out[0] != '\0' ? out : NULL;
}

unsigned
api_role_bit(const char *role)
{
	static const struct {
		const char	*name;
		unsigned	 bit;
	} roles[] = {
		{ "admin", ROLE_ADMIN }, { "staff", ROLE_STAFF }, { "partner", ROLE_PARTNER },
		{ "correspondent", ROLE_CORRESPONDENT },
	};

	for (size_t i = 0; role != NULL && i < sizeof(roles) / sizeof(roles[0]); i++)
		if (strcmp(roles[i].name, role) == 0)
			return roles[i].bit;
	return ROLE_PUBLIC;
}

int
api_password_hash(const char *password, char out[128])
{
	_Static_assert(crypto_pwhash_STRBYTES <= 128, "hash fits");
	return crypto_pwhash_str(out, password, strlen(password),
	    crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE);
}

bool
api_password_verify(const char *hash, const char *password)
{
	return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

/* --- resources to JSON --- */

static json_t *
str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

json_t *
api_city_json(const struct db_city *c)
{
	return json_pack("{s:I, s:I, s:s, s:o, s:s, s:o, s:o, s:s, s:f, s:f, s:s, s:I}",
	    "id", (json_int_t)c->id, "geonames_id", (json_int_t)c->geonames_id,
	    "name_en", c->name_en, "name_ru", str_or_null(c->name_ru),
	    "country_code", c->country_code,
	    "country_name_en", str_or_null(c->country_name_en),
	    "country_name_ru", str_or_null(c->country_name_ru),
	    "admin1", c->admin1 ? c->admin1 : "",
	    "latitude", c->latitude, "longitude", c->longitude,
	    "timezone", c->timezone ? c->timezone : "", "population", (json_int_t)c->population);
}

json_t *
api_org_json(const struct db_org *o)
{
	return json_pack("{s:I, s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:I, s:o, s:o}",
	    "id", (json_int_t)o->id, "kind", o->kind, "name_ru", o->name_ru,
	    "name_en", o->name_en, "short_ru", str_or_null(o->short_ru),
	    "short_en", str_or_null(o->short_en), "website", str_or_null(o->website),
	    "city", api_city_json(&o->city), "user_count", (json_int_t)o->user_count,
	    "created_at", str_or_null(o->created_at), "updated_at", str_or_null(o->updated_at));
}

json_t *
api_user_json(const struct db_user *u)
{
	json_t	*org = json_pack("{s:I, s:s, s:s, s:o, s:o, s:s, s:{s:I, s:s, s:o, s:s, s:o, s:o, s:s}}",
	    "id", (json_int_t)u->org.id, "name_ru", u->org.name_ru, "name_en", u->org.name_en,
	    "short_ru", str_or_null(u->org.short_ru), "short_en", str_or_null(u->org.short_en),
	    "kind", u->org.kind,
	    "city", "id", (json_int_t)u->org.city.id, "name_en", u->org.city.name_en,
	    "name_ru", str_or_null(u->org.city.name_ru), "country_code", u->org.city.country_code,
	    "country_name_en", str_or_null(u->org.city.country_name_en),
	    "country_name_ru", str_or_null(u->org.city.country_name_ru),
	    "timezone", u->org.city.timezone);

	return json_pack("{s:I, s:s, s:s, s:s, s:s, s:o, s:b, s:s}",
	    "id", (json_int_t)u->id, "email", u->email, "name", u->name, "role", u->role,
	    "locale", u->locale, "organization", org, "disabled", u->disabled,
	    "created_at", u->created_at);
}
