/*
 * The CSV importers: the input is an uploaded CSV file.
 *
 * 1. The reader (src/base/csv.c) alone: every record has 1..CSV_MAX_FIELDS
 *    fields, line numbers only grow, the record buffer stays within a bound
 *    linear in the input (never a reservation per field), and a record
 *    written back with the writer reads back the same: formulae neutralised
 *    with a quote that csv_text drops.
 * 2. Each importer as the route calls it, parse, validation and insert:
 *    POST /partnerships.csv (api_partnerships_csv_post) and POST /trade.csv
 *    (api_trade_csv_post), by a staff member of Minsk, on a fresh SQLite
 *    database opened through the db API: a copy of the one made for the first
 *    input (every migration, a small gazetteer: Minsk, Harbin, Moscow), so that
 *    every input meets the same data, and an import limit of MAX_ROWS lines.
 *    The answer is 200, 400 or 413 too_many_rows, never 5xx; the request's
 *    arena stays under ARENA_BOUND whatever the input (each line's memory
 *    is freed after it); the report's counts add up, and every refused line
 *    names its line number and says which field is wrong and why.
 */
#include <stdio.h>
#include <unistd.h>

#include "fuzz.h"
#include "../../src/api/api.h"
#include "../../src/base/csv.h"
#include "../../src/base/log.h"

/* The reader's memory follows the longest record, never the rest of the file. */
#define RECORD_BOUND(len)	(2 * ((len) + CSV_MAX_FIELDS) + 256)
/* What one import may leave in the request's arena, whatever the file's size. */
#define ARENA_BOUND		(16u << 10)

#define MAX_ROWS	64	/* the import limit, low so that inputs reach it */

static void
check_reader(const char *text, size_t len)
{
	struct csv_reader	 r;
	const char		*f[CSV_MAX_FIELDS], *back[CSV_MAX_FIELDS];
	size_t			 n, nback, last = 0;
	int			 rc;

	csv_reader_init(&r, text, len);
	FUZZ_ASSERT(r.sep == ',' || r.sep == ';' || r.sep == '\t');
	while ((rc = csv_next(&r, f, &n)) == 1) {
		struct csv_writer	 w;
		struct csv_reader	 again;

		FUZZ_ASSERT(n >= 1 && n <= CSV_MAX_FIELDS);
		FUZZ_ASSERT(r.line > last);
		FUZZ_ASSERT(r.rec.cap <= RECORD_BOUND(len) && r.rec.len <= CSV_MAX_RECORD + n);
		last = r.line;
		/* the writer's BOM first, so that a field that starts with a BOM stays one */
		csv_writer_init(&w, 1 << 20, r.sep);
		for (size_t i = 0; i < n; i++)
			csv_cell(&w, f[i]);
		FUZZ_ASSERT(csv_writer_done(&w) == 0);
		/* one empty field is a blank line, which the reader skips */
		if (n > 1 || f[0][0] != '\0') {
			csv_reader_init(&again, w.b.p, w.b.len);
			again.sep = r.sep;	/* unquoted commas in a ';' file may outvote it */
			FUZZ_ASSERT(csv_next(&again, back, &nback) == 1 && nback == n);
			/* a formula comes back neutralised, and csv_text undoes it */
			for (size_t i = 0; i < n; i++) {
				FUZZ_ASSERT(csv_formula(back[i]) == csv_formula(f[i]));
				FUZZ_ASSERT(!csv_formula(f[i]) || back[i][0] == '\'');
				FUZZ_ASSERT(strcmp(csv_text(back[i]), f[i]) == 0);
			}
			csv_reader_release(&again);
		}
		csv_writer_release(&w);
	}
	FUZZ_ASSERT(rc == 0 || (rc == -1 && r.error != CSV_OK));
	FUZZ_ASSERT(csv_next(&r, f, &n) == 0);	/* at the end after an error */
	csv_reader_release(&r);
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
	w->settings.import_max_rows = MAX_ROWS;
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
	FUZZ_ASSERT(result != NULL && strcmp(result, "refused") == 0);
	FUZZ_ASSERT(json_array_size(errors) > 0);
	for (size_t k = 0; k < json_array_size(errors); k++) {
		json_t	*e = json_array_get(errors, k);

		FUZZ_ASSERT(json_is_string(json_object_get(e, "field")));
		FUZZ_ASSERT(json_is_string(json_object_get(e, "code")));
		FUZZ_ASSERT(strcmp(json_string_value(json_object_get(e, "code")), "internal") != 0);
	}
}

/* The counts add up; the refused lines are listed up to API_IMPORT_REPORTED. */
static void
check_report(json_t *report)
{
	json_t		*lines = json_object_get(report, "lines");
	json_int_t	 accepted = json_integer_value(json_object_get(report, "accepted"));
	json_int_t	 refused = json_integer_value(json_object_get(report, "refused"));
	json_int_t	 omitted = json_integer_value(json_object_get(report, "lines_omitted"));
	json_int_t	 last = 0, sum = 0;
	static const char *const counts[] = { "inserted", "updated", "unchanged" };

	FUZZ_ASSERT(json_is_array(lines));
	FUZZ_ASSERT((json_int_t)json_array_size(lines) + omitted == refused);
	FUZZ_ASSERT(json_array_size(lines) <= API_IMPORT_REPORTED);
	for (size_t i = 0; i < 3; i++) {
		FUZZ_ASSERT(json_is_integer(json_object_get(report, counts[i])));
		sum += json_integer_value(json_object_get(report, counts[i]));
	}
	FUZZ_ASSERT(sum == accepted);
	for (size_t i = 0; i < json_array_size(lines); i++)
		check_line(json_array_get(lines, i), &last);
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
	FUZZ_ASSERT(req.status == 200 || req.status == 400 || req.status == 413);
	FUZZ_ASSERT(arena_size(&req.arena) <= ARENA_BOUND);
	body = json_loadb(req.reply.p, req.reply.len, 0, &e);
	FUZZ_ASSERT(json_is_object(body));
	if (req.status == 200)
		check_report(body);
	else if (json_object_get(body, "report") != NULL)
		check_report(json_object_get(body, "report"));
	else if (req.status == 413)	/* more lines than the limit: refused unread */
		FUZZ_ASSERT(strcmp(json_string_value(json_object_get(body, "code")), "too_many_rows") == 0);
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
