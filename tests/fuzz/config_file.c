/*
 * config_file: any bytes as /etc/pobratim/pobratim.conf → config_text
 * (src/cli/config.c). Refusals are quiet here (stderr is set aside around the
 * call, so a finding's own message still shows). An accepted file leaves
 * every setting within its bounds: integers in range, strings non-empty,
 * trimmed and free of control characters, the log level a known one; and the
 * same text after a comment line reads the same.
 */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include "fuzz.h"
#include "../../src/base/log.h"
#include "../../src/cli/config.h"

static int
quietly(struct config *c, const char *text, size_t len)
{
	int	saved, null, rc;

	fflush(stderr);
	saved = dup(STDERR_FILENO);
	null = open("/dev/null", O_WRONLY);
	dup2(null, STDERR_FILENO);
	close(null);
	rc = config_text(c, "fuzz.conf", text, len);
	fflush(stderr);
	dup2(saved, STDERR_FILENO);
	close(saved);
	return rc;
}

static void
sound(const char *s)
{
	size_t	n;

	if (s == NULL)
		return;
	n = strlen(s);
	FUZZ_ASSERT(n > 0 && n <= 4096);
	FUZZ_ASSERT(s[0] != ' ' && s[0] != '\t' && s[n - 1] != ' ' && s[n - 1] != '\t');
	for (size_t i = 0; i < n; i++)
		FUZZ_ASSERT((unsigned char)s[i] >= 0x20 || s[i] == '\t');
}

static void
fresh(struct config *c)
{
	char	*argv[] = { "serve", "--config", "", NULL };

	if (config_init(c, 3, argv) == -1)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config	 c, again;
	enum log_level	 l;
	char		*text;

	fresh(&c);
	if (quietly(&c, (const char *)data, size) == 0) {
		sound(c.listen), sound(c.db), sound(c.web), sound(c.files), sound(c.log_level);
		sound(c.ice_servers), sound(c.public_url), sound(c.trusted_proxy), sound(c.media);
		sound(c.smtp_url), sound(c.mail_from), sound(c.timezone), sound(c.janus);
		FUZZ_ASSERT(c.workers >= 1 && c.workers <= 64);
		FUZZ_ASSERT(c.shutdown_timeout >= 1 && c.shutdown_timeout <= 3600);
		FUZZ_ASSERT(c.max_body >= 256);
		FUZZ_ASSERT(log_level_parse(c.log_level, &l) == 0);
		text = malloc(size + 12);
		if (text == NULL)
			abort();
		memcpy(text, "# a comment\n", 12);
		memcpy(text + 12, data, size);
		fresh(&again);
		/* one line more may pass the bound on lines or bytes; otherwise the same */
		if (quietly(&again, text, size + 12) == 0) {
			FUZZ_ASSERT(strcmp(again.listen, c.listen) == 0);
			FUZZ_ASSERT(strcmp(again.db, c.db) == 0);
			FUZZ_ASSERT(again.workers == c.workers && again.demo == c.demo);
		}
		config_release(&again);
		free(text);
	}
	config_release(&c);
	return 0;
}
