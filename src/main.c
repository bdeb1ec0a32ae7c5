/*
 * pobratim: a self-hosted platform for city diplomacy.
 * main picks the subcommand; the settings table lives in cli/config.c.
 */
#include <sys/stat.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "cli/cli.h"

static const struct command {
	const char	*name, *help;
	int		 (*run)(struct config *, int, char **);
} commands[] = {
	{ "serve", "serve the API and the web UI", cli_serve },
	{ "migrate", "create or upgrade the database", cli_migrate },
	{ "demo", "load the demo data (the seed articles) into the database", cli_demo },
	{ "org", "list or add organizations (org list|add), e.g. a new installation's first", cli_org },
	{ "user", "list, add users or set a password (user list|add|passwd)", cli_user },
	{ "backup", "copy the database to a new FILE, checked, while it may be in use", cli_backup },
	{ "restore", "replace the database with a backup FILE (the server stopped)", cli_restore },
	{ "routes", "print the API route table with the roles allowed, as JSON", cli_routes },
	{ "files", "remove stored files that nothing refers to (files sweep)", cli_files },
	{ "recordings", "convert meeting recordings left unconverted (recordings process), "
	    "or attach Janus .mjr files to a meeting (recordings import)", cli_recordings },
	{ "schedule", "queue the scheduled mail due now, or at --at TIME, once (schedule run)",
	    cli_schedule },
	{ "bench-search", "add N generated bulletins, time searches (bench-search N [DIR])",
	    cli_bench_search },
};

static void
usage(void)
{
	fprintf(stderr, "usage: pobratim COMMAND [OPTIONS]\n\ncommands:\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(stderr, "  %-13s %s\n", commands[i].name, commands[i].help);
	fprintf(stderr, "\noptions (flag or environment variable):\n");
	config_usage();
	fprintf(stderr, "\n  --help, --version\n");
}

int
main(int argc, char **argv)
{
	struct config	c;
	int		rc;

	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		usage();
		return argc < 2 ? 2 : 0;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("pobratim %s\n", API_VERSION);
		return 0;
	}
	/*
	 * What pobratim writes is its own: the database (password hashes,
	 * session tokens), backups, uploaded files. Nobody else's bits, whatever
	 * the caller's umask allows.
	 */
	umask(umask(077) | 077);
	if (sodium_init() < 0) {
		fprintf(stderr, "pobratim: cannot initialise libsodium\n");
		return 1;
	}
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		if (strcmp(argv[1], commands[i].name) != 0)
			continue;
		if (config_init(&c, argc - 1, argv + 1) == -1) {
			config_release(&c);
			return 2;
		}
		argc--;
		argv++;
		if (config_flags(&c, &argc, argv) == -1) {
			config_release(&c);
			return 2;
		}
		rc = commands[i].run(&c, argc, argv);
		config_release(&c);
		return rc;
	}
	fprintf(stderr, "pobratim: unknown command '%s' (see pobratim --help)\n", argv[1]);
	return 2;
}
