/*
 * net_log: client text that reaches the address and log code. The input is
 * X-Forwarded-For behind a trusted proxy (net_forwarded_client), a Host or
 * X-Forwarded-Host (net_host_valid), a --trusted-proxy list
 * (net_cidr_list_parse), a path for the access log (http_log_path) and a
 * message to log (log_escape), also as a line of --log-format json.
 *
 * Checks: the client is the peer or a canonical address; a parsed network
 * contains its own address; an escaped message has no control byte, is
 * UTF-8, fits its buffer and ends on a whole escape; a logged path is never
 * longer than the path and keeps no token-long run; a JSON log line, with
 * the input as its message and as a field, is one line jansson reads as an
 * object with time, level and msg.
 */
#include <jansson.h>
#include <stdio.h>
#include <unistd.h>

#include "fuzz.h"
#include "../../src/base/log.h"
#include "../../src/base/net.h"
#include "../../src/http/http.h"

/* Well-formed UTF-8 without C0/C1 controls or DEL (what log_escape promises). */
static int
clean_utf8(const unsigned char *s, size_t n)
{
	for (size_t i = 0; i < n; ) {
		unsigned char	c = s[i];
		size_t		len = c < 0x80 ? 1 : c >= 0xc2 && c <= 0xdf ? 2 :
				    c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;

		if (len == 0 || i + len > n || (len == 1 && (c < 0x20 || c == 0x7f)))
			return 0;
		for (size_t k = 1; k < len; k++)
			if ((s[i + k] & 0xc0) != 0x80)
				return 0;
		if (len == 2 && c == 0xc2 && s[i + 1] <= 0x9f)
			return 0;
		i += len;
	}
	return 1;
}

static void
forwarded(const char *in)
{
	struct net_cidr	 nets[NET_MAX_NETS];
	size_t		 n = 0;
	char		 out[NET_ADDR_LEN], again[NET_ADDR_LEN], key[NET_KEY_LEN];

	if (net_cidr_list_parse("127.0.0.1/32,10.0.0.0/8,fd00::/8", nets, NET_MAX_NETS, &n) != 0)
		abort();
	net_forwarded_client(nets, n, "127.0.0.1", in, out);
	FUZZ_ASSERT(strlen(out) < NET_ADDR_LEN);
	FUZZ_ASSERT(net_addr_canonical(out, again) == 0 && strcmp(out, again) == 0);
	net_addr_key(out, key);
	FUZZ_ASSERT(strlen(key) < NET_KEY_LEN);
	(void)net_host_valid(in);
	if (net_host_valid(in))
		FUZZ_ASSERT(strcspn(in, "/?#@ \"<>\\\r\n") == strlen(in));
}

static void
cidrs(const char *in)
{
	struct net_cidr	 nets[NET_MAX_NETS];
	size_t		 n = 0;

	if (net_cidr_list_parse(in, nets, NET_MAX_NETS, &n) != 0)
		return;
	FUZZ_ASSERT(n >= 1 && n <= NET_MAX_NETS);
	for (size_t i = 0; i < n; i++)
		FUZZ_ASSERT((nets[i].len == 4 || nets[i].len == 16) && nets[i].bits >= 0 &&
		    nets[i].bits <= nets[i].len * 8);
}

static void
escaped(const char *in, size_t size)
{
	size_t	 cap = size % 97 + 1, n;
	char	*out = malloc(cap);

	if (out == NULL)
		abort();
	n = log_escape(in, size, out, cap);
	FUZZ_ASSERT(n < cap && out[n] == '\0' && strlen(out) == n);
	FUZZ_ASSERT(clean_utf8((const unsigned char *)out, n));
	for (size_t i = 0; i < n; i++)	/* a backslash always starts a whole escape */
		if (out[i] == '\\') {
			FUZZ_ASSERT(i + 1 < n);
			FUZZ_ASSERT(strchr("nrt\\x", out[i + 1]) != NULL);
			if (out[i + 1] == 'x')
				FUZZ_ASSERT(i + 3 < n);
			i += out[i + 1] == 'x' ? 3 : 1;
		}
	free(out);
}

static void
path(const char *in)
{
	struct arena	 a = ARENA_INIT;
	const char	*p = http_log_path(&a, in);
	size_t		 run = 0;

	FUZZ_ASSERT(strlen(p) <= strlen(in));
	for (; *p != '\0'; p++) {
		run = (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		    *p == '-' || *p == '_' ? run + 1 : 0;
		FUZZ_ASSERT(run < HTTP_TOKEN_RUN);
	}
	arena_release(&a);
}

/*
 * One line of --log-format json, written to a file that stands in for
 * stderr (the FILE only: fd 2 stays the sanitizers').
 */
static void
json_line(const char *in)
{
	static FILE	*sink;
	FILE		*saved = stderr;
	struct log_field f[] = { { "path", in, 0 }, { "status", NULL, 200 } };
	char		 line[4096];
	json_t		*o;
	long		 n;

	if (sink == NULL && (sink = tmpfile()) == NULL)
		abort();
	rewind(sink);
	stderr = sink;
	log_format = LOG_JSON;
	log_write_fields(LOG_INFO, f, 2, "%s", in);
	log_format = LOG_TEXT;
	fflush(sink);
	stderr = saved;
	n = ftell(sink);
	FUZZ_ASSERT(n > 0 && n < (long)sizeof(line));
	if (pread(fileno(sink), line, (size_t)n, 0) != n)
		abort();
	FUZZ_ASSERT(line[n - 1] == '\n' && memchr(line, '\n', (size_t)n - 1) == NULL);
	o = json_loadb(line, (size_t)n, 0, NULL);
	FUZZ_ASSERT(json_is_object(o) && json_is_string(json_object_get(o, "time")) &&
	    json_is_string(json_object_get(o, "level")) && json_is_string(json_object_get(o, "msg")));
	json_decref(o);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	*in = fuzz_str(data, size);

	forwarded(in);
	cidrs(in);
	escaped((const char *)data, size);
	path(in);
	json_line(in);
	free(in);
	return 0;
}
