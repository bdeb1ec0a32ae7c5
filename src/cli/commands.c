/*
 * commands: migrate, demo, backup, restore and user — the subcommands that
 * work on the database without serving it.
 */
#include "cli.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../api/api.h"
#include "../base/log.h"
#include "../base/text.h"

int
cli_open_db_status(const char *path, struct db **out)
{
	struct db	*db = db_open(path);
	struct db_counts counts;
	int		 rc;

	*out = NULL;
	if (db == NULL)
		return 1;
	if ((rc = db_migrate(db)) != 0 || db_counts(db, &counts) != DB_OK ||
	    (counts.cities == 0 && gazetteer_import(db) == -1)) {
		db_close(db);
		return rc == DB_MIGRATE_NEWER ? CLI_EXIT_NEWER : 1;
	}
	*out = db;
	return 0;
}

struct db *
cli_open_db(const char *path)
{
	struct db	*db;

	(void)cli_open_db_status(path, &db);
	return db;
}

int
cli_migrate(struct config *c, int argc, char **argv)
{
	struct db	*db;
	int		 rc;

	(void)argv;
	if (argc > 1)
		return 2;
	if ((rc = cli_open_db_status(c->db, &db)) != 0)
		return rc;
	db_close(db);
	return 0;
}

int
cli_demo(struct config *c, int argc, char **argv)
{
	struct db	*db;
	int		 rc;

	(void)argv;
	if (argc > 1)
		return 2;
	if ((db = cli_open_db(c->db)) == NULL)
		return 1;
	rc = demo_load(db, c->files);
	db_close(db);
	return rc == 0 ? 0 : 1;
}

int
cli_backup(struct config *c, int argc, char **argv)
{
	struct db	*db;
	int		 rc;

	if (argc != 2) {
		fprintf(stderr, "usage: pobratim backup [--db FILE] OUTFILE\n");
		return 2;
	}
	if (access(argv[1], F_OK) == 0) {
		fprintf(stderr, "pobratim: backup: '%s' exists; choose a new file\n", argv[1]);
		return 1;
	}
	if ((db = db_open(c->db)) == NULL)
		return 1;
	rc = db_backup(db, argv[1]);
	db_close(db);
	if (rc == 0)
		log_info("backed up '%s' to '%s' (integrity checked)", c->db, argv[1]);
	return rc == 0 ? 0 : 1;
}

int
cli_restore(struct config *c, int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: pobratim restore [--db FILE] BACKUP\n");
		return 2;
	}
	if (db_restore(c->db, argv[1]) == -1)
		return 1;
	log_info("restored '%s' from '%s'; the next start applies any newer migrations", c->db,
	    argv[1]);
	return 0;
}

/*
 * The password for the account of email, from POBRATIM_PASSWORD, else one
 * line of standard input, hashed into hash. The rules are the API's
 * (api_password_refusal); the published demo password only with --demo,
 * and then *demo is set.
 */
static int
read_password(const struct config *c, const char *email, char hash[128], bool *demo)
{
	const char	*env = getenv("POBRATIM_PASSWORD"), *code, *why;
	char		 buf[API_PASSWORD_MAX + 2];
	int		 rc = -1;

	if (env != NULL)
		snprintf(buf, sizeof(buf), "%s", env);
	else {
		if (isatty(STDIN_FILENO))
			fprintf(stderr, "password: ");
		if (fgets(buf, (int)sizeof(buf), stdin) == NULL)
			goto out;
		buf[strcspn(buf, "\r\n")] = '\0';
	}
	if ((code = api_password_refusal(buf, email, c->demo, &why)) != NULL) {
		fprintf(stderr, "pobratim: the password %s%s\n", why,
		    strcmp(code, "demo_password") == 0 ? " (allowed with --demo)" : "");
		goto out;
	}
	*demo = strcmp(buf, API_DEMO_PASSWORD) == 0;
	if (api_password_hash(buf, hash) == 0)
		rc = 0;
out:
	sodium_memzero(buf, sizeof(buf));
	return rc;
}

static int
user_list(const struct config *c, struct db *db, char **args)
{
	struct db_user_filter	 f = { .limit = 200 };
	struct arena		 a = ARENA_INIT;
	struct db_user		*u;
	size_t			 n;

	(void)c;
	(void)args;
	do {
		if (db_user_list(db, &a, &f, &u, &n) != DB_OK) {
			arena_release(&a);
			return 1;
		}
		for (size_t i = 0; i < n; i++)
			printf("%lld\t%s\t%s\t%s\t%s%s\n", (long long)u[i].id, u[i].email,
			    u[i].role, u[i].name, u[i].org.name_en, u[i].disabled ? "\tdisabled" : "");
		if (n > 0)
			f.after_id = u[n - 1].id;
	} while (n == (size_t)f.limit);
	arena_release(&a);
	return 0;
}

static int
user_passwd(const struct config *c, struct db *db, char **args)
{
	char		*email = args[0];
	struct arena	a = ARENA_INIT;
	struct db_user	u;
	char		hash[128];
	int		rc = 1;

	if (db_user_get_by_email(db, &a, text_lower_ascii(email), &u) != DB_OK) {
		fprintf(stderr, "pobratim: no user '%s'\n", email);
		goto out;
	}
	if (read_password(c, u.email, hash, &u.demo_password) == -1)
		goto out;
	u.password_hash = hash;
	if (db_user_update(db, &u) == DB_OK && db_session_delete_user(db, u.id) == DB_OK)
		rc = 0;
out:
	arena_release(&a);
	return rc;
}

/* user add EMAIL NAME ROLE ORGANIZATION_ID */
static int
user_add(const struct config *c, struct db *db, char **argv)
{
	struct db_user	u = { .email = text_lower_ascii(argv[0]), .name = argv[1], .role = argv[2],
			      .locale = "ru" };
	char		hash[128];
	int64_t		id;

	if (api_role_bit(u.role) == ROLE_PUBLIC ||
	    text_int(argv[3], 1, INT64_MAX, &u.org_id) == -1) {
		fprintf(stderr, "pobratim: role is admin, staff, partner or correspondent; "
		    "organization is a numeric id\n");
		return 2;
	}
	if (read_password(c, u.email, hash, &u.demo_password) == -1)
		return 1;
	u.password_hash = hash;
	switch (db_user_insert(db, &u, &id)) {
	case DB_OK:
		printf("%lld\n", (long long)id);
		return 0;
	case DB_CONFLICT:
		fprintf(stderr, "pobratim: a user '%s' exists\n", u.email);
		return 1;
	case DB_INVALID:
		fprintf(stderr, "pobratim: no organization %s\n", argv[3]);
		return 1;
	default:
		return 1;
	}
}

/* One of a command's subcommands: its name, how many words follow it, what runs it. */
struct subcommand {
	const char	*name;
	int		 nargs;
	int		 (*run)(const struct config *, struct db *, char **);
};

/* Runs argv[1] of subs on the database; 2 after printing usage when none fits. */
static int
run_subcommand(struct config *c, int argc, char **argv, const struct subcommand *subs,
    size_t n, const char *usage)
{
	struct db	*db;
	int		 rc;

	for (size_t i = 0; argc >= 2 && i < n; i++) {
		if (strcmp(argv[1], subs[i].name) != 0 || argc != subs[i].nargs + 2)
			continue;
		if ((db = cli_open_db(c->db)) == NULL)
			return 1;
		rc = subs[i].run(c, db, argv + 2);
		db_close(db);
		return rc;
	}
	fputs(usage, stderr);
	return 2;
}

int
cli_user(struct config *c, int argc, char **argv)
{
	static const struct subcommand subs[] = {
		{ "list", 0, user_list }, { "passwd", 1, user_passwd }, { "add", 4, user_add },
	};

	return run_subcommand(c, argc, argv, subs, sizeof(subs) / sizeof(subs[0]),
	    "usage: pobratim user list\n"
	    "       pobratim user add EMAIL NAME ROLE ORGANIZATION_ID   (password on stdin)\n"
	    "       pobratim user passwd EMAIL                          (password on stdin)\n");
}

/*
 * org add KIND GEONAMES_ID NAME_EN NAME_RU: an organization of a city of the
 * gazetteer (by its GeoNames id); a new installation's first one, whose admin
 * `user add` then makes.
 */
static int
org_add(const struct config *c, struct db *db, char **argv)
{
	struct db_org	o = { .kind = argv[0], .name_en = argv[2], .name_ru = argv[3] };
	int64_t		geonames, id;

	(void)c;
	if (!api_org_kind_valid(o.kind) || text_int(argv[1], 1, INT64_MAX, &geonames) == -1 ||
	    *o.name_en == '\0' || *o.name_ru == '\0') {
		fprintf(stderr, "pobratim: kind is city_administration, department, "
		    "compatriot_organization, media, ngo, business, chamber_of_commerce, university, "
		    "clinic or other; the city is a GeoNames id; both names are given\n");
		return 2;
	}
	if (db_city_id_by_geonames(db, geonames, &o.city_id) != DB_OK) {
		fprintf(stderr, "pobratim: no city with GeoNames id %s in the gazetteer\n", argv[1]);
		return 1;
	}
	if (db_org_insert(db, &o, &id) != DB_OK)
		return 1;
	printf("%lld\n", (long long)id);
	return 0;
}

static int
org_list(const struct config *c, struct db *db, char **args)
{
	struct db_org_filter	 f = { .limit = 200 };
	struct arena		 a = ARENA_INIT;
	struct db_org		*o;
	size_t			 n;

	(void)c;
	(void)args;
	do {
		if (db_org_list(db, &a, &f, &o, &n) != DB_OK) {
			arena_release(&a);
			return 1;
		}
		for (size_t i = 0; i < n; i++)
			printf("%lld\t%s\t%s\t%s\n", (long long)o[i].id, o[i].kind, o[i].name_en,
			    o[i].city.name_en);
		if (n > 0)
			f.after_id = o[n - 1].id;
	} while (n == (size_t)f.limit);
	arena_release(&a);
	return 0;
}

int
cli_org(struct config *c, int argc, char **argv)
{
	static const struct subcommand subs[] = { { "list", 0, org_list }, { "add", 4, org_add } };

	return run_subcommand(c, argc, argv, subs, sizeof(subs) / sizeof(subs[0]),
	    "usage: pobratim org list\n"
	    "       pobratim org add KIND GEONAMES_ID NAME_EN NAME_RU\n");
}

int
cli_routes(struct config *c, int argc, char **argv)
{
	json_t	*routes = api_routes_json();

	(void)c;
	(void)argv;
	if (argc > 1) {
		json_decref(routes);
		return 2;
	}
	json_dumpf(routes, stdout, JSON_INDENT(1) | JSON_COMPACT);
	putchar('\n');
	json_decref(routes);
	return 0;
}
