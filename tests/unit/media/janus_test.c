#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../harness.h"
#include "../../../src/media/janus.h"
#include "../../../src/media/media.h"

static void
test_ice(void)
{
	struct janus_ice	ice;
	char			err[160];

	CHECK(janus_ice_parse("[]", &ice, err, sizeof(err)) == 0 && ice.stun_host[0] == '\0' &&
	    ice.turn_host[0] == '\0');
	CHECK(janus_ice_parse("[{\"urls\":\"stun:stun.example.org:19302\"}]", &ice, err,
	    sizeof(err)) == 0);
	CHECK_STR(ice.stun_host, "stun.example.org");
	CHECK(ice.stun_port == 19302);
	CHECK(janus_ice_parse("[{\"urls\":[\"stun:a.example\",\"stun:b.example\"]},"
	    "{\"urls\":\"turn:turn.example:3479?transport=tcp\",\"username\":\"u\","
	    "\"credential\":\"p w\"}]", &ice, err, sizeof(err)) == 0);
	CHECK_STR(ice.stun_host, "a.example");		/* the first of each */
	CHECK(ice.stun_port == 3478);
	CHECK_STR(ice.turn_host, "turn.example");
	CHECK(ice.turn_port == 3479);
	CHECK_STR(ice.turn_type, "tcp");
	CHECK_STR(ice.turn_user, "u");
	CHECK_STR(ice.turn_pwd, "p w");
	CHECK(janus_ice_parse("[{\"urls\":\"turns:[2001:db8::1]:5349\"}]", &ice, err,
	    sizeof(err)) == 0);
	CHECK_STR(ice.turn_host, "2001:db8::1");
	CHECK_STR(ice.turn_type, "tls");
	CHECK(ice.turn_port == 5349);
	/* refused: not an array, not a URL, a bad port, a host with odd characters, a newline */
	CHECK(janus_ice_parse("{}", &ice, err, sizeof(err)) == -1);
	CHECK(janus_ice_parse("[{\"urls\":\"http://x\"}]", &ice, err, sizeof(err)) == -1);
	CHECK(janus_ice_parse("[{\"urls\":\"stun:x:99999\"}]", &ice, err, sizeof(err)) == -1);
	CHECK(janus_ice_parse("[{\"urls\":\"stun:a\\\"b\"}]", &ice, err, sizeof(err)) == -1);
	CHECK(janus_ice_parse("[{\"urls\":\"turn:t\",\"username\":\"a\\nb\"}]", &ice, err,
	    sizeof(err)) == -1);
	CHECK(janus_ice_parse("[{\"urls\":7}]", &ice, err, sizeof(err)) == -1);
}

static char *
slurp(const char *dir, const char *name)
{
	char		 path[512], *text;
	FILE		*f;
	struct stat	 st;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (stat(path, &st) == -1 || (f = fopen(path, "r")) == NULL)
		return NULL;
	text = calloc(1, (size_t)st.st_size + 1);
	if (fread(text, 1, (size_t)st.st_size, f) != (size_t)st.st_size) {
		free(text);
		text = NULL;
	}
	fclose(f);
	return text;
}

static int
mode_of(const char *dir, const char *name)
{
	char		path[512];
	struct stat	st;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return lstat(path, &st) == 0 ? (int)(st.st_mode & 0777) : -1;
}

/* The names in dir/sub, joined by ','. */
static void
names(const char *dir, const char *sub, char *out, size_t len)
{
	char		 path[512];
	DIR		*d;
	struct dirent	*e;

	out[0] = '\0';
	snprintf(path, sizeof(path), "%s/%s", dir, sub);
	if ((d = opendir(path)) == NULL)
		return;
	while ((e = readdir(d)) != NULL)
		if (e->d_name[0] != '.')
			snprintf(out + strlen(out), len - strlen(out), "%s%s", out[0] ? "," : "",
			    e->d_name);
	closedir(d);
}

static void
cleanup(const char *dir)
{
	static const char *const files[] = { "janus.jcfg", "janus.plugin.videoroom.jcfg",
		"janus.transport.websockets.jcfg", "plugins/libjanus_videoroom.so",
		"transports/libjanus_websockets.so" };
	static const char *const dirs[] = { "plugins", "transports", "events", "loggers", "" };
	char	path[512];

	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, files[i]);
		unlink(path);
	}
	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, dirs[i]);
		rmdir(path);
	}
}

static void
test_config(void)
{
	char			 dir[] = "/tmp/pobratim-janus-test-XXXXXX", list[256], link[512];
	char			 target[512], *main, *ws, *room;
	struct janus_setup	 s, t;
	char			 err[160];
	ssize_t			 n;

	if (mkdtemp(dir) == NULL) {
		CHECK(!"mkdtemp");
		return;
	}
	memset(&s, 0, sizeof(s));
	s.dir = dir;
	s.lib_dir = "/usr/lib/x86_64-linux-gnu/janus";
	s.port_min = 20000;
	s.port_max = 20200;
	s.public_ip = "203.0.113.7";
	CHECK(janus_ice_parse("[{\"urls\":\"stun:stun.example.org\"}]", &s.ice, err,
	    sizeof(err)) == 0);
	janus_secrets(&s);
	t = s;
	janus_secrets(&t);
	CHECK(strlen(s.api_secret) == JANUS_SECRET_LEN && strlen(s.admin_key) == JANUS_SECRET_LEN);
	CHECK(strspn(s.api_secret, "0123456789abcdef") == JANUS_SECRET_LEN);
	CHECK(strcmp(s.api_secret, t.api_secret) != 0);	/* fresh at every start */
	CHECK(strcmp(s.api_secret, s.admin_key) != 0);

	CHECK(janus_config_write(&s) == 0);
	main = slurp(dir, "janus.jcfg");
	ws = slurp(dir, "janus.transport.websockets.jcfg");
	room = slurp(dir, "janus.plugin.videoroom.jcfg");
	CHECK(main != NULL && ws != NULL && room != NULL);
	if (main != NULL && ws != NULL && room != NULL) {
		char	want[600];

		snprintf(want, sizeof(want), "api_secret = \"%s\"", s.api_secret);
		CHECK(strstr(main, want) != NULL);
		snprintf(want, sizeof(want), "plugins_folder = \"%s/plugins\"", dir);
		CHECK(strstr(main, want) != NULL);
		snprintf(want, sizeof(want), "configs_folder = \"%s\"", dir);
		CHECK(strstr(main, want) != NULL);
		CHECK(strstr(main, "rtp_port_range = \"20000-20200\"") != NULL);
		CHECK(strstr(main, "ignore_mdns = true") != NULL);
		CHECK(strstr(main, "nat_1_1_mapping = \"203.0.113.7\"") != NULL);
		CHECK(strstr(main, "stun_server = \"stun.example.org\"") != NULL);
		CHECK(strstr(main, "stun_port = 3478") != NULL);
		CHECK(strstr(main, "turn_server") == NULL);
		CHECK(strstr(main, "broadcast = false") != NULL);	/* no event handlers */
		CHECK(strstr(main, "admin_secret") == NULL);		/* no admin API */
		CHECK(strstr(ws, "ws = true") != NULL);
		CHECK(strstr(ws, "wss = false") != NULL);
		CHECK(strstr(ws, "admin_ws = false") != NULL);
		CHECK(strstr(ws, "admin_wss = false") != NULL);
		CHECK(strstr(ws, "ws_port") == NULL);			/* no TCP port: */
		snprintf(want, sizeof(want), "ws_unix = \"%s/api.sock\"", dir);
		CHECK(strstr(ws, want) != NULL);			/* the Unix socket only */
		snprintf(want, sizeof(want), "admin_key = \"%s\"", s.admin_key);
		CHECK(strstr(room, want) != NULL);
		CHECK(strstr(room, "room-") == NULL);			/* no demo rooms */
	}
	free(main);
	free(ws);
	free(room);
	CHECK(mode_of(dir, "janus.jcfg") == 0600);
	CHECK(mode_of(dir, "janus.transport.websockets.jcfg") == 0600);
	CHECK(mode_of(dir, "janus.plugin.videoroom.jcfg") == 0600);
	CHECK(mode_of(dir, "plugins") == 0700);
	/* Janus loads every .so of its folders: only the two it needs are there */
	names(dir, "plugins", list, sizeof(list));
	CHECK_STR(list, "libjanus_videoroom.so");
	names(dir, "transports", list, sizeof(list));
	CHECK_STR(list, "libjanus_websockets.so");
	names(dir, "events", list, sizeof(list));
	CHECK_STR(list, "");
	names(dir, "loggers", list, sizeof(list));
	CHECK_STR(list, "");
	snprintf(link, sizeof(link), "%s/plugins/libjanus_videoroom.so", dir);
	n = readlink(link, target, sizeof(target) - 1);
	target[n > 0 ? n : 0] = '\0';
	CHECK_STR(target, "/usr/lib/x86_64-linux-gnu/janus/plugins/libjanus_videoroom.so");

	/* written again (a restart): the new secret replaces the old one */
	CHECK(janus_config_write(&t) == 0);
	main = slurp(dir, "janus.jcfg");
	CHECK(main != NULL && strstr(main, s.api_secret) == NULL && strstr(main, t.api_secret) != NULL);
	free(main);

	/* a TURN server: its block in nat, the STUN one absent when not given */
	CHECK(janus_ice_parse("[{\"urls\":\"turns:turn.example:5349\",\"username\":\"u1\","
	    "\"credential\":\"s3\"}]", &t.ice, err, sizeof(err)) == 0);
	CHECK(janus_config_write(&t) == 0);
	main = slurp(dir, "janus.jcfg");
	CHECK(main != NULL && strstr(main, "turn_server = \"turn.example\"") != NULL &&
	    strstr(main, "turn_port = 5349") != NULL && strstr(main, "turn_type = \"tls\"") != NULL &&
	    strstr(main, "turn_user = \"u1\"") != NULL && strstr(main, "turn_pwd = \"s3\"") != NULL &&
	    strstr(main, "stun_server") == NULL);
	free(main);

	/* a value that would break out of its quotes is refused, nothing half written */
	t.public_ip = "1.2.3.4\"\n\tapi_secret = \"x";
	CHECK(janus_config_write(&t) == -1);
	cleanup(dir);
}

static int
parse(const char *text, struct janus_msg *m)
{
	return janus_msg_parse(text, strlen(text), m);
}

static void
test_messages(void)
{
	struct janus_msg	 m;
	char			*big, deep[200] = "";

	CHECK(parse("{\"janus\":\"success\",\"transaction\":\"c1\",\"session_id\":5,"
	    "\"sender\":7,\"plugindata\":{\"plugin\":\"janus.plugin.videoroom\","
	    "\"data\":{\"videoroom\":\"created\",\"room\":42}}}", &m) == 0);
	CHECK(m.kind == JANUS_SUCCESS && m.session == 5 && m.sender == 7);
	CHECK_STR(m.transaction, "c1");
	CHECK(json_integer_value(json_object_get(m.data, "room")) == 42 && m.error == NULL);
	json_decref(m.root);

	CHECK(parse("{\"janus\":\"event\",\"sender\":7,\"plugindata\":{\"data\":{\"videoroom\":"
	    "\"attached\"}},\"jsep\":{\"type\":\"offer\",\"sdp\":\"v=0\\r\\n\"}}", &m) == 0);
	CHECK(m.kind == JANUS_EVENT && m.jsep != NULL && m.transaction == NULL);
	json_decref(m.root);

	/* the plugin's errors and the core's */
	CHECK(parse("{\"janus\":\"success\",\"transaction\":\"c2\",\"plugindata\":{\"data\":"
	    "{\"videoroom\":\"event\",\"error_code\":426,\"error\":\"No such room\"}}}", &m) == 0);
	CHECK_STR(m.error, "No such room");
	json_decref(m.root);
	CHECK(parse("{\"janus\":\"error\",\"transaction\":\"c3\",\"error\":{\"code\":403,"
	    "\"reason\":\"Unauthorized request\"}}", &m) == 0);
	CHECK(m.kind == JANUS_ERROR);
	CHECK_STR(m.error, "Unauthorized request");
	json_decref(m.root);
	CHECK(parse("{\"janus\":\"ack\",\"transaction\":\"c4\"}", &m) == 0 && m.kind == JANUS_ACK);
	json_decref(m.root);
	CHECK(parse("{\"janus\":\"hangup\",\"sender\":9,\"reason\":\"DTLS alert\"}", &m) == 0 &&
	    m.kind == JANUS_HANGUP);
	json_decref(m.root);

	/* refused, memset: never half a message */
	CHECK(parse("", &m) == -1 && m.root == NULL);
	CHECK(parse("[1,2]", &m) == -1);
	CHECK(parse("{\"janus\":\"success\"", &m) == -1);
	CHECK(parse("{\"janus\":\"surprise\"}", &m) == -1);
	CHECK(parse("{\"janus\":7}", &m) == -1);
	CHECK(parse("{\"janus\":\"ack\",\"janus\":\"event\"}", &m) == -1);	/* duplicate */
	CHECK(parse("{\"janus\":\"ack\",\"transaction\":5}", &m) == -1);
	CHECK(parse("{\"janus\":\"ack\",\"transaction\":\"0123456789012345678901234567890123\"}",
	    &m) == -1);
	CHECK(parse("{\"janus\":\"event\",\"sender\":-1}", &m) == -1);
	CHECK(parse("{\"janus\":\"event\",\"sender\":\"7\"}", &m) == -1);
	CHECK(parse("{\"janus\":\"event\",\"plugindata\":{\"data\":[]}}", &m) == -1);
	CHECK(parse("{\"janus\":\"event\",\"plugindata\":{\"data\":{}},\"jsep\":{\"type\":"
	    "\"pranswer\",\"sdp\":\"v=0\"}}", &m) == -1);
	CHECK(parse("{\"janus\":\"event\",\"plugindata\":{\"data\":{}},\"jsep\":{\"type\":"
	    "\"offer\",\"sdp\":\"\"}}", &m) == -1);
	/* nesting past JANUS_MAX_DEPTH */
	strcat(deep, "{\"janus\":\"event\",\"x\":");
	for (int i = 0; i < JANUS_MAX_DEPTH + 1; i++)
		strcat(deep, "[");
	for (int i = 0; i < JANUS_MAX_DEPTH + 1; i++)
		strcat(deep, "]");
	strcat(deep, "}");
	CHECK(parse(deep, &m) == -1);
	/* exactly JANUS_MAX_MESSAGE bytes is read; one more, however well formed, is not */
	big = malloc(JANUS_MAX_MESSAGE + 64);
	snprintf(big, JANUS_MAX_MESSAGE + 64, "{\"janus\":\"event\",\"x\":\"%0*d\"}",
	    JANUS_MAX_MESSAGE - (int)strlen("{\"janus\":\"event\",\"x\":\"\"}"), 0);
	CHECK(strlen(big) == JANUS_MAX_MESSAGE && parse(big, &m) == 0 && m.kind == JANUS_EVENT);
	json_decref(m.root);
	big[JANUS_MAX_MESSAGE - 2] = '0';
	big[JANUS_MAX_MESSAGE - 1] = '"';
	big[JANUS_MAX_MESSAGE] = '}';
	big[JANUS_MAX_MESSAGE + 1] = '\0';
	CHECK(janus_msg_parse(big, JANUS_MAX_MESSAGE + 1, &m) == -1 && m.root == NULL);
	snprintf(big, JANUS_MAX_MESSAGE + 64, "{\"janus\":\"event\",\"x\":\"%0*d\"}",
	    JANUS_MAX_MESSAGE, 0);
	CHECK(parse(big, &m) == -1);
	free(big);
}

/* The modules are found beside the binary (<prefix>/bin/janus -> <prefix>/lib/janus). */
static void
test_lib_dir(void)
{
	static const char *const subs[] = { "lib/janus/plugins", "lib/janus", "lib", "bin" };
	char	dir[] = "/tmp/pobratim-janus-lib-XXXXXX", path[512], want[512], out[512];
	FILE	*f;

	if (mkdtemp(dir) == NULL) {
		CHECK(!"mkdtemp");
		return;
	}
	snprintf(path, sizeof(path), "%s/bin/janus", dir);
	CHECK(janus_lib_dir(path, out, sizeof(out)) == NULL ||
	    strncmp(out, dir, strlen(dir)) != 0);		/* nothing there yet */
	for (size_t i = sizeof(subs) / sizeof(subs[0]); i-- > 0; ) {
		snprintf(path, sizeof(path), "%s/%s", dir, subs[i]);
		mkdir(path, 0700);
	}
	snprintf(path, sizeof(path), "%s/lib/janus/plugins/libjanus_videoroom.so", dir);
	if ((f = fopen(path, "w")) != NULL)
		fclose(f);
	snprintf(path, sizeof(path), "%s/bin/janus", dir);
	snprintf(want, sizeof(want), "%s/bin/../lib/janus", dir);
	CHECK(janus_lib_dir(path, out, sizeof(out)) != NULL);
	CHECK_STR(out, want);
	CHECK(janus_lib_dir(path, out, 8) == NULL || strlen(out) < 8);	/* never cut short */
	snprintf(path, sizeof(path), "%s/lib/janus/plugins/libjanus_videoroom.so", dir);
	unlink(path);
	for (size_t i = 0; i < sizeof(subs) / sizeof(subs[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, subs[i]);
		rmdir(path);
	}
	rmdir(dir);
}

static void
test_settings(void)
{
	enum media_mode	mode;
	int		lo, hi;

	CHECK(media_mode_parse("auto", &mode) == 0 && mode == MEDIA_AUTO);
	CHECK(media_mode_parse("janus", &mode) == 0 && mode == MEDIA_JANUS);
	CHECK(media_mode_parse("mesh", &mode) == 0 && mode == MEDIA_MESH);
	CHECK(media_mode_parse("sfu", &mode) == -1);
	CHECK(media_ports_parse("20000-20200", &lo, &hi) == 0 && lo == 20000 && hi == 20200);
	CHECK(media_ports_parse("20000-20000", &lo, &hi) == -1);
	CHECK(media_ports_parse("80-90", &lo, &hi) == -1);
	CHECK(media_ports_parse("20000-70000", &lo, &hi) == -1);
	CHECK(media_ports_parse("20000", &lo, &hi) == -1);
	CHECK(media_ports_parse("a-b", &lo, &hi) == -1);
}

void
test_janus(void)
{
	test_ice();
	test_config();
	test_messages();
	test_lib_dir();
	test_settings();
}
