/*
 * config: the server's settings, one table (redis createBoolConfig, kore
 * config_settings): each with its flag, environment variable, type, default
 * and bounds. Command-line flags win over the environment, which wins over
 * the configuration file, which wins over the defaults. Everything is
 * validated before the server starts.
 *
 * The configuration file has one "key = value" a line, the key a flag's
 * name without "--" (listen = 127.0.0.1:8080, demo = true); blanks around
 * both are dropped, the value is the rest of the line (no quoting: it may
 * hold '#', '=' and spaces); a line whose first non-blank is '#' is a
 * comment. Bounded: 64 KiB, 1,000 lines, 4,096 bytes a line. An unknown
 * key, a key given twice, a bad value or a control character is refused
 * with the file's name and the line's number.
 */
#ifndef CLI_CONFIG_H
#define CLI_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

struct config {
	char	*listen, *db, *web, *files, *log_level, *ice_servers, *pp_rec;
	char	*public_url, *trusted_proxy, *media_public_ip;	/* NULL unless given */
	char	*media, *janus, *media_ports;
	char	*smtp_url, *mail_from;		/* NULL unless given */
	char	*timezone;			/* NULL: the system's */
	char	*turn_url, *turn_secret;	/* NULL unless given (both or neither) */
	char	*log_format;			/* text, json */
	char	*metrics_token;			/* NULL unless given: /metrics from loopback only */
	int	 workers, io_threads, max_body, login_max_failures, login_max_failures_addr;
	int	 login_max_failures_account, login_backoff, login_max_delay, login_window;
	int	 session_days, import_max_rows, shutdown_timeout;
	int	 upload_quota, sweep_interval, sweep_grace, recording_timeout;
	int	 smtp_timeout, mail_retry, mail_retry_max, mail_give_up, schedule_interval;
	int	 room_host_grace;
	bool	 demo, cookie_secure;
};

/* The configuration file pobratim reads when none is named and it exists. */
#define CONFIG_FILE	"/etc/pobratim/pobratim.conf"

/*
 * Defaults, then the configuration file (--config FILE among argv, else
 * POBRATIM_CONFIG, else CONFIG_FILE if it exists; '' for none), then the
 * POBRATIM_* variables; -1 (message printed) on a bad value or file.
 */
int	config_init(struct config *c, int argc, char **argv);
/* The settings of a configuration file's text (name for the messages); -1 on a refusal. */
int	config_text(struct config *c, const char *name, const char *text, size_t len);
/* The same from the file at path, read whole if within the bounds. */
int	config_file(struct config *c, const char *path);
/*
 * Takes the flags of argv that name settings ("--db FILE", "--demo") and
 * --config FILE, leaving the others in argv (compacted, *argc updated); -1
 * on a bad value.
 */
int	config_flags(struct config *c, int *argc, char **argv);
void	config_release(struct config *c);
/* "  --listen ADDR   ..." lines for --help */
void	config_usage(void);

#endif
