/*
 * common: what every handler uses — replies, problem+json, body and
 * parameter checks, pagination cursors, passwords.
 */
#include "api.h"

#include <sodium.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../base/alloc.h"
#include "../base/log.h"
#include "../base/net.h"
#include "../base/text.h"
#include "../cal/cal.h"

#define TOKEN_BYTES	32

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
	w = xcalloc(1, sizeof(*w));
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

const char *
api_user_timezone(const struct api_settings *s, const struct db_user *u)
{
	return u->timezone != NULL ? u->timezone : s->timezone;
}

const char *
api_local_time_text(struct arena *a, const char *tz, time_t t)
{
	struct cal_local	l;

	if (tz == NULL || cal_tz_local(tz, t, &l) == -1)
		return "?";
	return arena_printf(a, "%04d-%02d-%02d %02d:%02d (%s, UTC%c%02d:%02d)", l.year, l.month,
	    l.day, l.hour, l.minute, tz, l.offset < 0 ? '-' : '+', abs(l.offset) / 3600,
	    abs(l.offset) % 3600 / 60);
}

const struct api_settings *
api_settings(const struct http_request *req)
{
	return ((struct api_worker *)req->worker)->settings;
}

const char *
api_base_url(struct http_request *req)
{
	const struct api_settings *s = api_settings(req);

	if (s->public_url != NULL)
		return s->public_url;
	if (req->via_proxy && net_host_valid(req->host))
		return arena_printf(&req->arena, "%s://%s", req->scheme, req->host);
	return arena_printf(&req->arena, "http://%s", req->local);
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

/* A reply's JSON is written straight into the reply (json_write: jansson's text, faster). */
#define REPLY_JSON_MAX	((size_t)64 << 20)

void
api_reply_json(struct http_request *req, int status, json_t *body)
{
	struct buf	*out = http_reply_buf(req, status, "application/json", REPLY_JSON_MAX);
	int		 rc = json_write(out, body);

	json_decref(body);
	if (rc == -1) {
		log_err("request %s: cannot encode the reply", req->id);
		http_reply(req, 500, "application/problem+json", PROBLEM_INTERNAL,
		    sizeof(PROBLEM_INTERNAL) - 1);
	}
}

/*
 * The instance is the request path when it is valid UTF-8 (a path is
 * client input: jansson refuses invalid text, and so do we).
 */
static void
problem(struct http_request *req, int status, const char *code, const char *detail,
    json_t *errors, json_t *members)
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
	if (body != NULL && members != NULL)
		json_object_update_missing(body, members);
	json_decref(members);
	api_reply_json(req, status, body);
	if (req->status == status)
		req->reply_type = "application/problem+json";
}

void
api_problem(struct http_request *req, int status, const char *code, const char *detail)
{
	problem(req, status, code, detail, NULL, NULL);
}

void
api_problem_with(struct http_request *req, int status, const char *code, const char *detail,
    json_t *members)
{
	problem(req, status, code, detail, NULL, members);
}

void
api_reply_invalid(struct http_request *req, json_t *errors)
{
	problem(req, 400, "validation_failed", "the request has invalid fields", errors, NULL);
}

void
api_reply_db_error(struct http_request *req, const char *what)
{
	log_err("request %s: database error while %s", req->id, what);
	api_problem(req, 500, "internal", "a database error occurred");
}

json_t *
api_require_body(struct http_request *req, const struct api_body *body, bool partial)
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
	errors = jv_check(obj, body->fields, body->n, partial);
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

/*
 * Passwords people pick first that pass the length (from the lists of
 * leaked passwords, lower case); a short list on purpose: the length does
 * most of the work, this catches the obvious.
 */
static const char *const common_passwords[] = {
	"1234567890", "0123456789", "0987654321", "1111111111", "1234512345", "1q2w3e4r5t",
	"q1w2e3r4t5", "1qaz2wsx3edc", "qwertyuiop", "qwerty1234", "qwerty12345", "asdfghjkl;",
	"password12", "password123", "password1234", "passw0rd123", "iloveyou12", "welcome123",
	"letmein123", "administrator", "abc1234567", "abcdefghij", "zaq12wsxcde",
	"йцукенгшщз", "пароль1234", "пароль12345", "pobratim123", "pobratim2024", NULL,
};

/* How many different characters (code points) s has, counted up to five; *chars: all of them. */
static size_t
distinct_chars(const char *s, size_t *chars)
{
	uint32_t	seen[5];
	size_t		n = 0;

	*chars = 0;
	while (*s != '\0') {
		uint32_t	cp = (unsigned char)*s++;
		bool		dup = false;

		while ((*s & 0xc0) == 0x80)	/* continuation bytes of UTF-8 */
			cp = cp << 6 | (*s++ & 0x3f);
		(*chars)++;
		for (size_t i = 0; i < n; i++)
			dup |= seen[i] == cp;
		if (!dup && n < sizeof(seen) / sizeof(seen[0]))
			seen[n++] = cp;
	}
	return n;
}

/* "abcdefghij", "9876543210": each byte one more (or one less) than the one before. */
static bool
run_of_chars(const char *s)
{
	int	step = s[0] != '\0' ? s[1] - s[0] : 0;

	if (step != 1 && step != -1)
		return false;
	for (size_t i = 1; s[i] != '\0'; i++)
		if (s[i] - s[i - 1] != step)
			return false;
	return true;
}

/* Whether the account's email, or its part before @ when that is long enough, is in password. */
static bool
has_email(const char *lower, const char *email)
{
	char	local[256];
	size_t	n;

	if (email == NULL || email[0] == '\0')
		return false;
	n = strcspn(email, "@");
	if (n < 4 || n >= sizeof(local))
		return false;
	memcpy(local, email, n);
	local[n] = '\0';
	text_lower_ascii(local);
	return strstr(lower, local) != NULL;
}

const char *
api_password_refusal(const char *password, const char *email, bool demo_ok, const char **why)
{
	char	lower[API_PASSWORD_MAX + 1];
	size_t	chars, distinct = distinct_chars(password, &chars);

	if (chars < API_PASSWORD_MIN)
		return *why = "must be at least 10 characters", "too_short";
	if (strlen(password) > API_PASSWORD_MAX)
		return *why = "must be at most 1024 bytes", "too_long";
	snprintf(lower, sizeof(lower), "%s", password);
	text_lower_ascii(lower);
	if (!demo_ok && strcmp(lower, API_DEMO_PASSWORD) == 0)
		return *why = "is the published password of the demo accounts", "demo_password";
	if (distinct < 5 || run_of_chars(lower) ||
	    api_in_list(common_passwords, lower))
		return *why = "is too easy to guess", "too_common";
	if (has_email(lower, email))
		return *why = "must not contain the email address", "contains_email";
	return NULL;
}

int64_t
api_home_city(struct http_request *req)
{
	struct api_caller	*c = api_caller(req);

	return c->role == ROLE_PUBLIC ? 0 : c->user.org.city_id;
}

int64_t
api_visible_city(struct http_request *req)
{
	return api_caller(req)->role & (ROLE_STAFF | ROLE_ADMIN) ? 0 : api_home_city(req);
}

bool
api_is_moderator(const struct api_caller *c)
{
	return (c->role & (ROLE_STAFF | ROLE_ADMIN)) != 0;
}

/* Two-city objects (shipments, delegations): who sees them and who writes them. */
bool
api_sees_cities(struct http_request *req, int64_t a, int64_t b)
{
	int64_t	city = api_visible_city(req);

	return (api_caller(req)->role & (ROLE_STAFF | ROLE_ADMIN)) != 0 ||
	    (city != 0 && (city == a || city == b));
}

bool
api_writes_cities(struct http_request *req, int64_t a, int64_t b)
{
	int64_t	city = api_home_city(req);

	return api_caller(req)->role == ROLE_ADMIN ||
	    (api_caller(req)->role == ROLE_STAFF && city != 0 && (city == a || city == b));
}

int
api_date_year(const char *s)
{
	int	y = s != NULL && strnlen(s, 4) == 4 ? text_digits(s, 4) : -1;

	return y > 0 && (s[4] == '\0' || s[4] == '-') ? y : 0;
}

bool
api_date_valid(const char *s, bool year_ok)
{
	static const int days[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int	 y, m, d;
	size_t	 n = strlen(s);

	for (size_t i = 0; i < n; i++)
		if (!(s[i] >= '0' && s[i] <= '9') && !(s[i] == '-' && (i == 4 || i == 7)))
			return false;
	if (n == 4 && year_ok)
		return text_digits(s, 4) >= 1000;
	if (n != 10 || s[4] != '-' || s[7] != '-')
		return false;
	y = text_digits(s, 4);
	m = text_digits(s + 5, 2);
	d = text_digits(s + 8, 2);
	if (y < 1000 || m < 1 || m > 12 || d < 1 || d > days[m - 1])
		return false;
	return m != 2 || d < 29 || (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0));
}

void
api_date_today(int days, char out[11])
{
	time_t		t = time(NULL) + (time_t)days * 86400;
	struct tm	tm;

	gmtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

void
api_check_date(json_t *body, const char *name, bool year_ok, json_t *errors)
{
	const char	*v = jv_str(body, name);

	if (v != NULL && !api_date_valid(v, year_ok))
		json_array_append_new(errors, json_pack("{s:s, s:s, s:s}", "field", name,
		    "code", "invalid_date", "message", year_ok ?
		    "must be a date YYYY-MM-DD or a year YYYY" : "must be a date YYYY-MM-DD"));
}

void
api_check_past_date(json_t *body, const char *name, json_t *errors)
{
	const char	*v = jv_str(body, name);
	char		 today[11];

	api_date_today(0, today);
	api_check_date(body, name, false, errors);
	if (v != NULL && api_date_valid(v, false) && strcmp(v, today) > 0)
		jv_error_add(errors, name, "in_future", "must not be after today");
}

void
api_settle_year(json_t *body, const char *date, int64_t *year, json_t *errors)
{
	json_t	*given = json_object_get(body, "year");
	int64_t	 of_date = date != NULL && api_date_valid(date, false) ? api_date_year(date) : 0;

	if (json_is_integer(given))
		*year = json_integer_value(given);
	if (of_date != 0 && json_is_integer(given) && *year != of_date)
		jv_error_add(errors, "year", "year_mismatch", "must be the year of the dates");
	else if (of_date != 0)
		*year = of_date;
	else if (*year == 0)
		jv_error_add(errors, "year", "required", "give the dates or the year");
}

/* --- resources to JSON --- */

json_t *
api_str_or_null(const char *s)
{
	return s != NULL ? json_string(s) : json_null();
}

json_t *
api_id_or_null(int64_t id)
{
	return id > 0 ? json_integer(id) : json_null();
}

json_t *
api_amount_or_null(double v)
{
	return v > 0 ? json_real(v) : json_null();
}

json_t *
api_city_ref(const struct db_city *c)
{
	if (c->id == 0)
		return json_null();
	return json_pack("{s:I, s:o, s:o, s:o}", "id", (json_int_t)c->id,
	    "name_en", api_str_or_null(c->name_en), "name_ru", api_str_or_null(c->name_ru),
	    "country_code", api_str_or_null(c->country_code));
}

/* " A B " as ["A", "B"] */
json_t *
api_words_json(const char *list)
{
	json_t		*a = json_array();
	const char	*p = list, *e;

	while (p != NULL && *p != '\0') {
		while (*p == ' ')
			p++;
		if (*p == '\0')
			break;
		e = strchr(p, ' ');
		if (e == NULL)
			e = p + strlen(p);
		json_array_append_new(a, json_stringn(p, (size_t)(e - p)));
		p = e;
	}
	return a;
}

const char *
api_words_of(struct arena *a, json_t *array)
{
	size_t	 i;
	json_t	*v;
	char	*s = arena_strdup(a, " ");

	json_array_foreach(array, i, v)
		s = arena_printf(a, "%s%s ", s, json_string_value(v));
	return s;
}

json_t *
api_city_json(const struct db_city *c)
{
	return json_pack("{s:I, s:I, s:s, s:o, s:s, s:o, s:o, s:s, s:f, s:f, s:s, s:I}",
	    "id", (json_int_t)c->id, "geonames_id", (json_int_t)c->geonames_id,
	    "name_en", c->name_en, "name_ru", api_str_or_null(c->name_ru),
	    "country_code", c->country_code,
	    "country_name_en", api_str_or_null(c->country_name_en),
	    "country_name_ru", api_str_or_null(c->country_name_ru),
	    "admin1", c->admin1 ? c->admin1 : "",
	    "latitude", c->latitude, "longitude", c->longitude,
	    "timezone", c->timezone ? c->timezone : "", "population", (json_int_t)c->population);
}

json_t *
api_org_json(const struct db_org *o)
{
	json_t	*j = json_pack("{s:I}", "id", (json_int_t)o->id);

	api_org_columns_json(j, o);
	json_object_set_new(j, "city", api_city_json(&o->city));
	json_object_set_new(j, "user_count", json_integer(o->user_count));
	json_object_set_new(j, "created_at", api_str_or_null(o->created_at));
	json_object_set_new(j, "updated_at", api_str_or_null(o->updated_at));
	return j;
}

/* A user's organization with its city, as users and staff lists show it. */
static json_t *
user_org_json(const struct db_user *u)
{
	return json_pack("{s:I, s:s, s:s, s:o, s:o, s:s, s:{s:I, s:s, s:o, s:s, s:o, s:o, s:s}}",
	    "id", (json_int_t)u->org.id, "name_ru", u->org.name_ru, "name_en", u->org.name_en,
	    "short_ru", api_str_or_null(u->org.short_ru), "short_en", api_str_or_null(u->org.short_en),
	    "kind", u->org.kind,
	    "city", "id", (json_int_t)u->org.city.id, "name_en", u->org.city.name_en,
	    "name_ru", api_str_or_null(u->org.city.name_ru), "country_code", u->org.city.country_code,
	    "country_name_en", api_str_or_null(u->org.city.country_name_en),
	    "country_name_ru", api_str_or_null(u->org.city.country_name_ru),
	    "timezone", u->org.city.timezone);
}

json_t *
api_user_json(const struct db_user *u)
{
	json_t	*o = json_pack("{s:I, s:s}", "id", (json_int_t)u->id, "email", u->email);

	api_user_columns_json(o, u);
	json_object_set_new(o, "organization", user_org_json(u));
	json_object_set_new(o, "created_at", api_str_or_null(u->created_at));
	json_object_set_new(o, "email_verified", json_boolean(u->email_verified_at != NULL));
	json_object_set_new(o, "email_verified_at", api_str_or_null(u->email_verified_at));
	return o;
}

json_t *
api_staff_user_json(const struct db_user *u)
{
	return json_pack("{s:I, s:s, s:s, s:o}", "id", (json_int_t)u->id, "name", u->name,
	    "role", u->role, "organization", user_org_json(u));
}

int
api_check_responsible(struct http_request *req, int64_t id, json_t *errors,
    struct db_user *out)
{
	int	rc = db_user_get(api_db(req), &req->arena, id, out);

	if (rc != DB_OK && rc != DB_NOTFOUND)
		return -1;
	if (rc == DB_NOTFOUND || out->disabled ||
	    !(strcmp(out->role, "staff") == 0 || strcmp(out->role, "admin") == 0)) {
		jv_error_add(errors, "responsible_id", "not_staff",
		    "must be a staff member or an administrator");
		out->id = 0;
	}
	return 0;
}

json_t *
api_pcity_json(const struct db_pcity *c)
{
	return json_pack("{s:I, s:I, s:s, s:o, s:s, s:o, s:o, s:o, s:f, s:f, s:I}",
	    "id", (json_int_t)c->id, "geonames_id", (json_int_t)c->geonames_id,
	    "name_en", c->name_en, "name_ru", api_str_or_null(c->name_ru),
	    "country_code", c->country_code,
	    "country_name_en", api_str_or_null(c->country_name_en),
	    "country_name_ru", api_str_or_null(c->country_name_ru),
	    "continent", api_str_or_null(c->continent),
	    "latitude", c->latitude, "longitude", c->longitude,
	    "population", (json_int_t)c->population);
}

json_t *
api_partnership_json(const struct db_partnership *p)
{
	json_t	*agreement = p->agreement_id == 0 ? json_null() :
	    json_pack("{s:I, s:o, s:o}", "id", (json_int_t)p->agreement_id,
	    "title_en", api_str_or_null(p->agreement_title_en),
	    "title_ru", api_str_or_null(p->agreement_title_ru));
	json_t	*responsible = p->responsible_id == 0 ? json_null() :
	    json_pack("{s:I, s:o}", "id", (json_int_t)p->responsible_id,
	    "name", api_str_or_null(p->responsible_name));

	json_t	*o = json_pack("{s:I, s:o, s:o}", "id", (json_int_t)p->id,
	    "city_a", api_pcity_json(&p->a), "city_b", api_pcity_json(&p->b));

	api_partnership_columns_json(o, p);
	json_object_set_new(o, "agreement", agreement);
	json_object_set_new(o, "responsible", responsible);
	json_object_set_new(o, "created_at", api_str_or_null(p->created_at));
	json_object_set_new(o, "updated_at", api_str_or_null(p->updated_at));
	return o;
}

json_t *
api_person_json(const struct db_person *p, unsigned roles)
{
	json_t	*o = json_pack("{s:I}", "id", (json_int_t)p->id);

	api_person_columns_json(o, p, roles);
	json_object_set_new(o, "organization", p->org_id == 0 ? json_null() :
	    json_pack("{s:I, s:o, s:o}", "id", (json_int_t)p->org_id,
	    "name_en", api_str_or_null(p->org_name_en),
	    "name_ru", api_str_or_null(p->org_name_ru)));
	json_object_set_new(o, "city", p->city_id == 0 ? json_null() :
	    json_pack("{s:I, s:o, s:o}", "id", (json_int_t)p->city_id,
	    "name_en", api_str_or_null(p->city_name_en),
	    "name_ru", api_str_or_null(p->city_name_ru)));
	return o;
}

/* in_force, expiring (valid_to within 90 days), expired, or pending (not valid yet). */
static const char *
agreement_state(const struct db_agreement *g)
{
	char	today[11], soon[11];

	api_date_today(0, today);
	api_date_today(90, soon);
	if (g->valid_to != NULL && strcmp(g->valid_to, today) < 0)
		return "expired";
	if (g->valid_to != NULL && strcmp(g->valid_to, soon) <= 0)
		return "expiring";
	if (g->valid_from != NULL && strcmp(g->valid_from, today) > 0)
		return "pending";
	return "in_force";
}

json_t *
api_agreement_json(const struct db_agreement *g)
{
	json_t		*o = json_pack("{s:I}", "id", (json_int_t)g->id);
	json_t		*parties = json_array();
	const char	*state = agreement_state(g);

	for (size_t i = 0; i < g->nparties; i++) {
		const struct db_party	*p = &g->parties[i];

		json_array_append_new(parties, json_pack("{s:s, s:o, s:o, s:o}",
		    "type", p->city_id ? "city" : p->org_id ? "organization" : "country",
		    "id", p->city_id ? json_integer(p->city_id) : p->org_id ?
		    json_integer(p->org_id) : json_string(p->country_code),
		    "name_en", api_str_or_null(p->name_en), "name_ru", api_str_or_null(p->name_ru)));
	}
	api_agreement_columns_json(o, g);
	json_object_set_new(o, "parties", parties);
	json_object_set_new(o, "state", json_string(state));
	json_object_set_new(o, "expiring", json_boolean(strcmp(state, "expiring") == 0));
	json_object_set_new(o, "file", g->file_sha256 == NULL ? json_null() :
	    json_pack("{s:s, s:I, s:s}", "type", g->file_type, "size", (json_int_t)g->file_size,
	    "sha256", g->file_sha256));
	json_object_set_new(o, "created_at", api_str_or_null(g->created_at));
	json_object_set_new(o, "updated_at", api_str_or_null(g->updated_at));
	return o;
}

/* --- lists, tokens, origins --- */

bool
api_in_list(const char *const *list, const char *s)
{
	for (; s != NULL && *list != NULL; list++)
		if (strcmp(*list, s) == 0)
			return true;
	return false;
}

/* hex BLAKE2b of the cookie token: what the sessions table stores */
const char *
api_token_hash(struct arena *a, const char *token)
{
	unsigned char	h[32];
	char		*hex = arena_alloc(a, sizeof(h) * 2 + 1);

	crypto_generichash(h, sizeof(h), (const unsigned char *)token, strlen(token), NULL, 0);
	sodium_bin2hex(hex, sizeof(h) * 2 + 1, h, sizeof(h));
	return hex;
}

const char *
api_random_token(struct arena *a)
{
	unsigned char	raw[TOKEN_BYTES];
	size_t		len = sodium_base64_ENCODED_LEN(TOKEN_BYTES,
			    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	char		*out = arena_alloc(a, len);

	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(out, len, raw, sizeof(raw), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	return out;
}

/* "https://host:port" of a public URL: without its path. */
static bool
public_origin(const char *origin, const char *public_url)
{
	const char	*host = public_url ? strstr(public_url, "://") : NULL;
	size_t		 n;

	if (host == NULL)
		return false;
	n = (size_t)(host + 3 - public_url) + strcspn(host + 3, "/");
	return strlen(origin) == n && strncmp(origin, public_url, n) == 0;
}

bool
api_same_origin(const char *origin, const char *host, const char *public_url)
{
	const char	*o = origin;

	if (o == NULL || public_origin(origin, public_url))
		return true;
	if (text_has_prefix(o, "http://"))
		o += 7;
	else if (text_has_prefix(o, "https://"))
		o += 8;
	else
		return false;
	return host != NULL && strcmp(o, host) == 0;
}

/*
 * The plain members of the records the contract stores (x-db, x-column in
 * contract/), written into replies and copied from bodies: functions made by
 * tools/contract.mjs.
 */
#include "api_records.inc"
