/*
 * The CSV importers: the input is an uploaded CSV file.
 *
 * 1. The reader (src/base/csv.c) alone: every record has 1..CSV_MAX_FIELDS
 *    fields, line numbers only grow, and a record written back with csv_put
 *    reads back the same.
 * 2. Each importer as the route calls it, parse, validation and insert:
 *    POST /partnerships.csv (api_partnerships_csv_post) and POST /trade.csv
 *    (api_trade_csv_post), by a staff member of Minsk, on a fresh SQLite
 *    database opened through the db API: a copy of the one made for the first
 *    input (every migration, a small gazetteer: Minsk, Harbin, Moscow), so that
 *    every input meets the same data. The answer is 200 or 400, never 5xx;
 *    its report counts every line, and every refused line names its line
 *    number and says which field is wrong and why.
 */
#include <stdio.h>
#include <unistd.h>

#include "fuzz.h"
#include "../../src/api/api.h"
#include "../../src/base/csv.h"
#include "../../src/base/log.h"

static void
check_reader(const char *text, size_t len)
{
	struct arena		 a = ARENA_INIT;
	struct csv_reader	 r;
	const char		*f[CSV_MAX_FIELDS], *back[CSV_MAX_FIELDS];
	size_t			 n, nback, last = 0;
	int			 rc;

	csv_reader_init(&r, text, len);
	while ((rc = csv_next(&r, &a, f, &n)) == 1) {
		struct buf		 b = BUF_INIT(1 << 20);
		struct csv_reader	 again;

		FUZZ_ASSERT(n >= 1 && n <= CSV_MAX_FIELDS);
		FUZZ_ASSERT(r.line > last);
		last = r.line;
		/* after a blank line, so that a field that starts with a BOM stays one */
		FUZZ_ASSERT(buf_puts(&b, "\n") == 0);
		for (size_t i = 0; i < n; i++)
			FUZZ_ASSERT((i == 0 || buf_puts(&b, ",") == 0) && csv_put(&b, f[i]) == 0);
		/* one empty field is a blank line, which the reader skips */
		if (n > 1 || f[0][0] != '\0') {
			csv_reader_init(&again, b.p, b.len);
			FUZZ_ASSERT(csv_next(&again, &a, back, &nback) == 1 && nback == n);
			for (size_t i = 0; i < n; i++)
				FUZZ_ASSERT(strcmp(back[i], f[i]) == 0);
		}
		buf_release(&b);
	}
	FUZZ_ASSERT(rc == 0 || rc == -1);
	arena_release(&a);
}

struct world {
	char			 dir[64], template[96], file[96];
	char			*bytes;		/* the template database */
	long			 len;
	struct db		*db;
	struct api_settings	 settings;
	struct api_worker	 worker;
	struct api_caller	 staff;
};

static struct world	world;

static int64_t
city(struct db *db, const struct db_city *c)
{
	int64_t	id = 0;

	FUZZ_ASSERT(db_city_put(db, c) == DB_OK);
	FUZZ_ASSERT(db_city_id_by_geonames(db, c->geonames_id, &id) == DB_OK);
	return id;
}

/* The template: every migration, three cities, a staff member of Minsk. */
static void
world_make(struct world *w)
{
	static const struct db_country countries[] = {
		{ "BY", "BLR", "112", "Belarus", "Беларусь", "europe" },
		{ "CN", "CHN", "156", "China", "Китай", "asia" },
		{ "RU", "RUS", "643", "Russia", "Россия", "europe" },
	};
	struct db_city	minsk = { .geonames_id = 625144, .name_en = "Minsk", .name_ru = "Минск",
			    .country_code = "BY", .timezone = "Europe/Minsk", .population = 1742124 };
	struct db_city	harbin = { .geonames_id = 2037013, .name_en = "Harbin", .name_ru = "Харбин",
			    .country_code = "CN", .timezone = "Asia/Shanghai", .population = 5242897 };
	struct db_city	moscow = { .geonames_id = 524901, .name_en = "Moscow", .name_ru = "Москва",
			    .country_code = "RU", .timezone = "Europe/Moscow", .population = 10381222 };
	struct db_org	org = { .kind = "city_administration", .name_en = "Minsk City Executive Committee",
			    .name_ru = "Мингорисполком" };
	struct db_user	user = { .email = "staff@minsk.by", .name = "Staff", .role = "staff",
			    .locale = "ru", .password_hash = "-" };
	FILE		*f;

	log_threshold = LOG_ERR;
	snprintf(w->dir, sizeof(w->dir), "/tmp/pobratim-fuzz-XXXXXX");
	FUZZ_ASSERT(mkdtemp(w->dir) != NULL);
	snprintf(w->template, sizeof(w->template), "%s/template.db", w->dir);
	snprintf(w->file, sizeof(w->file), "%s/input.db", w->dir);
	FUZZ_ASSERT((w->db = db_open(w->template)) != NULL);
	FUZZ_ASSERT(db_migrate(w->db) == 0);
	for (size_t i = 0; i < sizeof(countries) / sizeof(countries[0]); i++)
		FUZZ_ASSERT(db_country_put(w->db, &countries[i]) == DB_OK);
	org.city_id = city(w->db, &minsk);
	city(w->db, &harbin);
	city(w->db, &moscow);
	FUZZ_ASSERT(db_org_insert(w->db, &org, &user.org_id) == DB_OK);
	FUZZ_ASSERT(db_user_insert(w->db, &user, &user.id) == DB_OK);
	user.org = org;
	w->worker.settings = &w->settings;
	w->staff.role = ROLE_STAFF;
	w->staff.user = user;
	db_close(w->db);	/* the last connection: the WAL goes into the file */
	FUZZ_ASSERT((f = fopen(w->template, "rb")) != NULL);
	FUZZ_ASSERT(fseek(f, 0, SEEK_END) == 0 && (w->len = ftell(f)) > 0);
	rewind(f);
	FUZZ_ASSERT((w->bytes = malloc((size_t)w->len)) != NULL);
	FUZZ_ASSERT(fread(w->bytes, 1, (size_t)w->len, f) == (size_t)w->len);
	fclose(f);
}

static void
world_remove_input(void)
{
	static const char *const suffixes[] = { "", "-wal", "-shm", ".lock" };
	char			 path[128];

	for (size_t i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
		snprintf(path, sizeof(path), "%s%s", world.file, suffixes[i]);
		unlink(path);
	}
}

static void
world_remove(void)
{
	char	lock[128];

	world_remove_input();
	unlink(world.template);
	snprintf(lock, sizeof(lock), "%s.lock", world.template);
	unlink(lock);
	rmdir(world.dir);
	free(world.bytes);
}

/* A fresh copy of the template, opened. */
static void
world_open(struct world *w)
{
	FILE	*f;

	if (w->bytes == NULL) {
		world_make(w);
		atexit(world_remove);
	}
	world_remove_input();
	FUZZ_ASSERT((f = fopen(w->file, "wb")) != NULL);
	FUZZ_ASSERT(fwrite(w->bytes, 1, (size_t)w->len, f) == (size_t)w->len && fclose(f) == 0);
	FUZZ_ASSERT((w->db = db_open(w->file)) != NULL);
	w->worker.db = w->db;
}

/* One refused line of a report: its number and what is wrong, field by field. */
static void
check_line(json_t *line, json_int_t *last)
{
	json_t		*errors = json_object_get(line, "errors");
	const char	*result = json_string_value(json_object_get(line, "result"));
	json_int_t	 n = json_integer_value(json_object_get(line, "line"));

	FUZZ_ASSERT(n > *last && n >= 2);	/* line 1 is the header */
	*last = n;
	FUZZ_ASSERT(result != NULL);
	if (strcmp(result, "accepted") == 0) {
		FUZZ_ASSERT(errors == NULL);
		return;
	}
	FUZZ_ASSERT(strcmp(result, "refused") == 0);
	FUZZ_ASSERT(json_array_size(errors) > 0);
	for (size_t k = 0; k < json_array_size(errors); k++) {
		json_t	*e = json_array_get(errors, k);

		FUZZ_ASSERT(json_is_string(json_object_get(e, "field")));
		FUZZ_ASSERT(json_is_string(json_object_get(e, "code")));
		FUZZ_ASSERT(strcmp(json_string_value(json_object_get(e, "code")), "internal") != 0);
	}
}

static void
check_report(json_t *report)
{
	json_t		*lines = json_object_get(report, "lines");
	json_int_t	 accepted = json_integer_value(json_object_get(report, "accepted"));
	json_int_t	 refused = json_integer_value(json_object_get(report, "refused"));
	json_int_t	 last = 0, nrefused = 0;

	FUZZ_ASSERT(json_is_array(lines));
	FUZZ_ASSERT((json_int_t)json_array_size(lines) == accepted + refused);
	for (size_t i = 0; i < json_array_size(lines); i++) {
		check_line(json_array_get(lines, i), &last);
		nrefused += json_object_get(json_array_get(lines, i), "errors") != NULL;
	}
	FUZZ_ASSERT(nrefused == refused);
}

static void
import(struct world *w, int (*handler)(struct http_request *), const char *text, size_t len,
    bool skip_invalid)
{
	struct http_request	 req;
	json_t			*body;
	json_error_t		 e;

	memset(&req, 0, sizeof(req));
	arena_init(&req.arena);
	buf_init(&req.reply, 16u << 20);
	buf_init(&req.body, len + 1);
	FUZZ_ASSERT(buf_append(&req.body, text, len) == 0);
	req.method = HTTP_POST;
	req.content_type = "text/csv; charset=utf-8";
	req.query[0].key = "skip_invalid";
	req.query[0].value = skip_invalid ? "true" : "false";
	req.nquery = 1;
	req.worker = &w->worker;
	req.app = &w->staff;
	handler(&req);
	FUZZ_ASSERT(req.status == 200 || req.status == 400);
	body = json_loadb(req.reply.p, req.reply.len, 0, &e);
	FUZZ_ASSERT(json_is_object(body));
	if (req.status == 200)
		check_report(body);
	else if (json_object_get(body, "report") != NULL)
		check_report(json_object_get(body, "report"));
	else	/* the header is wrong: nothing was read past it */
		FUZZ_ASSERT(json_is_string(json_object_get(body, "code")));
	json_decref(body);
	buf_release(&req.body);
	buf_release(&req.reply);
	arena_release(&req.arena);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	*text = fuzz_str(data, size);

	check_reader(text, size);
	world_open(&world);
	import(&world, api_partnerships_csv_post, text, size, size % 2 == 0);
	import(&world, api_trade_csv_post, text, size, size % 2 == 1);
	db_close(world.db);
	free(text);
	return 0;
}
