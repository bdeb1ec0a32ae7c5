/*
 * The configuration file (src/cli/config.c): its syntax, its bounds, its
 * refusals naming the file and the line, and the order in which the file,
 * the variables and the flags win.
 */
#include <stdlib.h>
#include <unistd.h>

#include "../harness.h"
#include "../../../src/cli/config.h"

static char	said[4096];

/* Runs config_text on text with stderr caught into said[]; its result. */
static int
text(struct config *c, const char *t)
{
	FILE	*f = tmpfile();
	int	 saved, rc;
	size_t	 n;

	fflush(stderr);
	saved = dup(STDERR_FILENO);
	dup2(fileno(f), STDERR_FILENO);
	rc = config_text(c, "test.conf", t, strlen(t));
	fflush(stderr);
	dup2(saved, STDERR_FILENO);
	close(saved);
	rewind(f);
	n = fread(said, 1, sizeof(said) - 1, f);
	said[n] = '\0';
	fclose(f);
	return rc;
}

/* A fresh config with the defaults only (no file, no variables of ours set here). */
static void
fresh(struct config *c)
{
	char	*argv[] = { "serve", "--config", "", NULL };

	CHECK(config_init(c, 3, argv) == 0);
}

static void
accepted(void)
{
	struct config	c;

	fresh(&c);
	CHECK(text(&c, "# pobratim\n\n  listen =  0.0.0.0:9000  \r\n"
	    "db=/var/lib/pobratim/pobratim.db\n\t# indented comment\n"
	    "workers = 8\ndemo = true\ncookie-secure = 0\n"
	    "ice-servers = [{\"urls\": \"turn:t.example:3478\", \"credential\": \"a#b=c\"}]\n"
	    "smtp-url = smtps://u:p%40ss#1@mail.example:465\n"
	    "log-level = debug") == 0);	/* no newline at the end */
	CHECK_STR(c.listen, "0.0.0.0:9000");
	CHECK_STR(c.db, "/var/lib/pobratim/pobratim.db");
	CHECK(c.workers == 8);
	CHECK(c.demo && !c.cookie_secure);
	CHECK_STR(c.ice_servers, "[{\"urls\": \"turn:t.example:3478\", \"credential\": \"a#b=c\"}]");
	CHECK_STR(c.smtp_url, "smtps://u:p%40ss#1@mail.example:465");
	CHECK_STR(c.log_level, "debug");
	CHECK_STR(c.web, "web/dist");	/* untouched: the default */
	CHECK(text(&c, "") == 0 && text(&c, "\n\n# only comments\n") == 0);
	config_release(&c);
}

static const struct {
	const char	*text, *says;
} refused[] = {
	{ "listen = a\nnope = 1\n", "test.conf:2: unknown key 'nope'" },
	{ "# c\nworkers = many\n", "test.conf:2: workers must be an integer from 1 to 64, not 'many'" },
	{ "workers = 0\n", "test.conf:1: workers must be an integer from 1 to 64" },
	{ "demo = yes\n", "test.conf:1: demo must be 1, 0, true or false, not 'yes'" },
	{ "demo =\n", "test.conf:1: demo must be 1, 0, true or false" },
	{ "\n\ndb =   \n", "test.conf:3: db must not be empty" },
	{ "log-level = loud\n", "test.conf:1: log-level must be error, warn, info or debug, not 'loud'" },
	{ "listen 127.0.0.1:80\n", "test.conf:1: expected 'key = value'" },
	{ "--listen = 127.0.0.1:80\n", "test.conf:1: a key is a flag's name without '--'" },
	{ "Listen = x\n", "test.conf:1: a key is" },
	{ "= x\n", "test.conf:1: a key is" },
	{ "config = /etc/other.conf\n", "test.conf:1: unknown key 'config'" },
	{ "db = a\n\ndb = b\n", "test.conf:3: 'db' again (first at line 1)" },
	{ "listen = a\x1b[2Jb\n", "test.conf:1: a control character" },
	{ "listen = a\x7f\n", "test.conf:1: a control character" },
	{ "listen = a\rb\n", "test.conf:1: a control character" },
};

static void
refusals(void)
{
	struct config	c;
	char		*big;
	size_t		 n;

	for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		fresh(&c);
		CHECK(text(&c, refused[i].text) == -1);
		if (strstr(said, refused[i].says) == NULL)
			fprintf(stderr, "  refusal %zu said: %s", i, said);
		CHECK(strstr(said, refused[i].says) != NULL);
		config_release(&c);
	}
	fresh(&c);
	/* a NUL byte: not a text file */
	CHECK(config_text(&c, "test.conf", "db = a\0b\n", 9) == -1);
	/* bounds: a line, the number of lines, the size */
	big = malloc(70000);
	memset(big, 'x', 69999);
	big[69999] = '\0';
	memcpy(big, "db = ", 5);
	big[4096 + 1] = '\0';
	CHECK(text(&c, big) == -1 && strstr(said, "test.conf:1: longer than 4096 bytes") != NULL);
	big[4096] = '\0';
	CHECK(text(&c, big) == 0 && strlen(c.db) == 4091);
	for (n = 0; n < 1001; n++)
		memcpy(big + 2 * n, "#\n", 2);
	big[2 * n] = '\0';
	CHECK(text(&c, big) == -1 && strstr(said, "test.conf: more than 1000 lines") != NULL);
	big[2 * 1000] = '\0';
	CHECK(text(&c, big) == 0);
	memset(big, '\n', 69999);
	CHECK(text(&c, big) == -1 && strstr(said, "test.conf: larger than 65536 bytes") != NULL);
	free(big);
	config_release(&c);
}

/* flag > variable > file > default, and --config over POBRATIM_CONFIG */
static void
precedence(void)
{
	char		 path[] = "/tmp/pobratim-config-test-XXXXXX", other[] =
			     "/tmp/pobratim-config-test-XXXXXX";
	const char	*body = "listen = 127.0.0.2:9\ndb = from-file.db\nworkers = 3\n"
			    "files = from-file-files\n";
	char		*argv[] = { "serve", "--db", "from-flag.db", NULL, NULL, NULL };
	int		 argc = 3, fd;
	struct config	 c;

	if ((fd = mkstemp(path)) == -1)
		return;
	CHECK(write(fd, body, strlen(body)) == (ssize_t)strlen(body));
	close(fd);
	setenv("POBRATIM_CONFIG", path, 1);
	setenv("POBRATIM_WORKERS", "7", 1);
	setenv("POBRATIM_FILES", "from-env-files", 1);
	CHECK(config_init(&c, argc, argv) == 0 && config_flags(&c, &argc, argv) == 0);
	CHECK_STR(c.listen, "127.0.0.2:9");	/* file over the default */
	CHECK(c.workers == 7);			/* variable over the file */
	CHECK_STR(c.files, "from-env-files");
	CHECK_STR(c.db, "from-flag.db");	/* flag over the file */
	CHECK(argc == 1);
	config_release(&c);

	/* --config FILE names another file; it is taken out of argv */
	if ((fd = mkstemp(other)) == -1)
		return;
	CHECK(write(fd, "listen = 127.0.0.3:10\n", 22) == 22);
	close(fd);
	argc = 5;
	argv[1] = "--config";
	argv[2] = other;
	argv[3] = "--workers";
	argv[4] = "2";
	CHECK(config_init(&c, argc, argv) == 0 && config_flags(&c, &argc, argv) == 0);
	CHECK_STR(c.listen, "127.0.0.3:10");
	CHECK_STR(c.db, "var/pobratim.db");
	CHECK(c.workers == 2 && argc == 1);
	config_release(&c);

	/* a value that looks like --config is a value */
	argc = 3;
	argv[1] = "--public-url";
	argv[2] = "--config";
	argv[3] = NULL;
	CHECK(config_init(&c, argc, argv) == 0);
	CHECK_STR(c.listen, "127.0.0.2:9");	/* POBRATIM_CONFIG's, not a file named by the value */
	config_release(&c);

	/* a file named but missing is refused */
	unlink(other);
	argc = 3;
	argv[1] = "--config";
	argv[2] = other;
	CHECK(config_init(&c, argc, argv) == -1);
	config_release(&c);

	unsetenv("POBRATIM_CONFIG");
	unsetenv("POBRATIM_WORKERS");
	unsetenv("POBRATIM_FILES");
	unlink(path);
}

void
test_cli_config(void)
{
	accepted();
	refusals();
	precedence();
}
