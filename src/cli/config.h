/*
 * config: the server's settings, one table (redis createBoolConfig, kore
 * config_settings): each with its flag, environment variable, type, default
 * and bounds. Command-line flags win over the environment, which wins over
 * the defaults. Everything is validated before the server starts.
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

/* Defaults, then POBRATIM_* variables; -1 (message printed) on a bad value. */
int	config_init(struct config *c);
/*
 * Takes the flags of argv that name settings ("--db FILE", "--demo"),
 * leaving the others in argv (compacted, *argc updated); -1 on a bad value.
 */
int	config_flags(struct config *c, int *argc, char **argv);
void	config_release(struct config *c);
/* "  --listen ADDR   ..." lines for --help */
void	config_usage(void);

#endif
