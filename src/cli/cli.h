/*
 * cli: the subcommands of the pobratim binary. Each returns the process exit
 * status: 0 success, 1 failure, 2 bad usage.
 */
#ifndef CLI_CLI_H
#define CLI_CLI_H

#include <jansson.h>

#include "../db/db.h"
#include "config.h"

int	cli_serve(struct config *c, int argc, char **argv);
int	cli_migrate(struct config *c, int argc, char **argv);
int	cli_demo(struct config *c, int argc, char **argv);
int	cli_user(struct config *c, int argc, char **argv);
int	cli_org(struct config *c, int argc, char **argv);
int	cli_backup(struct config *c, int argc, char **argv);
int	cli_restore(struct config *c, int argc, char **argv);
int	cli_routes(struct config *c, int argc, char **argv);
int	cli_bench_search(struct config *c, int argc, char **argv);
int	cli_files(struct config *c, int argc, char **argv);
int	cli_recordings(struct config *c, int argc, char **argv);
int	cli_schedule(struct config *c, int argc, char **argv);

struct api_settings;
/* The API's settings from the configuration (serve.c). */
void		 cli_settings_from(const struct config *c, struct api_settings *s);
/* The base of the links in scheduled mail: --public-url, else the address served. */
const char	*cli_schedule_base(const struct config *c);

struct store_sweep_stats;
/* One sweep of dir (sweep.c): unreferenced files older than grace seconds go, logged. */
int	sweep_run(struct db *db, const char *dir, long grace, struct store_sweep_stats *st);
/* The server's sweep every --sweep-interval seconds (none when 0), on a thread. */
int	sweep_start(const struct config *c);
void	sweep_stop(void);

/*
 * The exit status of serve and migrate on a database a newer pobratim has
 * upgraded (a downgrade, refused; nothing written). The systemd unit does
 * not restart on it, nor on 2 (a bad setting).
 */
#define CLI_EXIT_NEWER	3

/* Opens the database, applies migrations, imports the gazetteer when empty. */
struct db	*cli_open_db(const char *path);
/* The same, into *out; 0, 1 on a failure, CLI_EXIT_NEWER (all logged). */
int		 cli_open_db_status(const char *path, struct db **out);
/* Loads countries and cities from the gazetteer built into the binary. */
int		 gazetteer_import(struct db *db);
/* Loads the seeds' demo data (data/demo.json, built in); 0 also when already there. */
int		 demo_load(struct db *db, const char *files_dir);
/* The exhibition, fair and practices of the demo (demo_showcase.c); pictures go to files_dir. */
int		 demo_showcase_load(struct db *db, json_t *doc, json_t *org_ids, json_t *event_ids,
		    const char *files_dir);

#endif
