#include "../harness.h"
#include "../../../src/base/net.h"

#include <stdio.h>

static bool
parses(const char *text, size_t *n)
{
	struct net_cidr	nets[NET_MAX_NETS];
	size_t		k = 0;

	if (net_cidr_list_parse(text, nets, NET_MAX_NETS, &k) == -1)
		return false;
	if (n != NULL)
		*n = k;
	return true;
}

static void
cidr(void)
{
	static const char *const bad[] = {
		"", " ", ",", "10.0.0.0/8,", ",10.0.0.0/8", "10.0.0.0/8,,::1", "10.0.0.1/8",
		"10.0.0.0/33", "300.0.0.0/8", "::1/129", "10.0.0.0/-1", "10.0.0.0/08", "10.0.0.0/",
		"10.0.0.0/8 ::1/128", "localhost", "fe80::1%eth0", "[::1]/128", "1.2.3.4:80",
		"10.0.0.0/1000", "::ffff:10.0.0.1/104",
	};
	struct net_cidr	 nets[NET_MAX_NETS];
	size_t		 n = 0;
	char		 many[1024] = "";

	CHECK(parses("127.0.0.1/32,10.0.0.0/8,::1/128", &n) && n == 3);
	CHECK(parses(" 127.0.0.1 , ::1 ", &n) && n == 2);	/* bare addresses: one host */
	CHECK(parses("0.0.0.0/0,::/0", &n) && n == 2);
	CHECK(parses("2001:db8::/32", &n) && n == 1);
	CHECK(parses("::ffff:10.0.0.0/104", &n) && n == 1);	/* mapped: an IPv4 network */
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		CHECK(!parses(bad[i], NULL));
		if (parses(bad[i], NULL))
			fprintf(stderr, "  accepted '%s'\n", bad[i]);
	}
	for (int i = 0; i < NET_MAX_NETS + 1; i++)
		snprintf(many + strlen(many), sizeof(many) - strlen(many), "%s10.%d.0.0/16", i ? "," : "", i);
	CHECK(!parses(many, NULL));
	*strrchr(many, ',') = '\0';
	CHECK(parses(many, &n) && n == NET_MAX_NETS);

	CHECK(net_cidr_list_parse("10.0.0.0/8,192.168.0.0/23,2001:db8::/32,127.0.0.1", nets,
	    NET_MAX_NETS, &n) == 0 && n == 4);
	CHECK(net_cidr_match(nets, n, "10.255.0.1"));
	CHECK(net_cidr_match(nets, n, "192.168.1.255"));
	CHECK(!net_cidr_match(nets, n, "192.168.2.0"));
	CHECK(net_cidr_match(nets, n, "::ffff:10.1.2.3"));	/* an IPv4 client of an IPv6 socket */
	CHECK(net_cidr_match(nets, n, "2001:DB8:ffff::1"));
	CHECK(!net_cidr_match(nets, n, "2001:db9::1"));
	CHECK(net_cidr_match(nets, n, "127.0.0.1"));
	CHECK(!net_cidr_match(nets, n, "127.0.0.2"));
	CHECK(!net_cidr_match(nets, n, "11.0.0.1"));
	CHECK(!net_cidr_match(nets, n, "-"));
	CHECK(!net_cidr_match(nets, n, ""));
	CHECK(!net_cidr_match(nets, n, NULL));
	CHECK(!net_cidr_match(nets, 0, "10.0.0.1"));
}

static const char *
client(const struct net_cidr *nets, size_t n, const char *peer, const char *xff)
{
	static char	out[NET_ADDR_LEN];

	net_forwarded_client(nets, n, peer, xff, out);
	return out;
}

static void
forwarded(void)
{
	struct net_cidr	nets[NET_MAX_NETS];
	size_t		n = 0;
	char		out[NET_ADDR_LEN], key[NET_KEY_LEN], big[20000];

	CHECK(net_cidr_list_parse("127.0.0.1,10.0.0.0/8,fd00::/8", nets, NET_MAX_NETS, &n) == 0);
	CHECK_STR(client(nets, n, "127.0.0.1", NULL), "127.0.0.1");
	CHECK_STR(client(nets, n, "127.0.0.1", ""), "127.0.0.1");
	CHECK_STR(client(nets, n, "127.0.0.1", "203.0.113.7"), "203.0.113.7");
	CHECK_STR(client(nets, n, "127.0.0.1", "198.51.100.1, 203.0.113.7"), "203.0.113.7");
	CHECK_STR(client(nets, n, "127.0.0.1", "203.0.113.7, 10.1.1.1,10.2.2.2"), "203.0.113.7");
	CHECK_STR(client(nets, n, "127.0.0.1", "10.1.1.1, 10.2.2.2"), "10.1.1.1");	/* all trusted */
	CHECK_STR(client(nets, n, "127.0.0.1", "203.0.113.7, garbage, 10.1.1.1"), "10.1.1.1");
	CHECK_STR(client(nets, n, "127.0.0.1", "garbage"), "127.0.0.1");
	CHECK_STR(client(nets, n, "127.0.0.1", "unknown, 203.0.113.7"), "203.0.113.7");
	CHECK_STR(client(nets, n, "127.0.0.1", "203.0.113.7,,"), "203.0.113.7");
	CHECK_STR(client(nets, n, "127.0.0.1", "[2001:DB8::1]:4711"), "2001:db8::1");
	CHECK_STR(client(nets, n, "127.0.0.1", "203.0.113.7:4711"), "203.0.113.7");
	CHECK_STR(client(nets, n, "127.0.0.1", "::ffff:203.0.113.7"), "203.0.113.7");
	CHECK_STR(client(nets, n, "127.0.0.1", "2001:db8::1, fd00::5"), "2001:db8::1");
	CHECK_STR(client(nets, n, "127.0.0.1", "[1.2.3.4]"), "127.0.0.1");
	CHECK_STR(client(nets, n, "127.0.0.1", "1.2.3.4:x"), "127.0.0.1");
	CHECK_STR(client(nets, n, "127.0.0.1", "1.2.3.4\n"), "127.0.0.1");
	memset(big, ',', sizeof(big) - 1);	/* long and empty: linear, the peer */
	big[sizeof(big) - 1] = '\0';
	CHECK_STR(client(nets, n, "127.0.0.1", big), "127.0.0.1");
	memset(big, '9', sizeof(big) - 1);
	CHECK_STR(client(nets, n, "127.0.0.1", big), "127.0.0.1");

	CHECK(net_addr_canonical("::FFFF:1.2.3.4", out) == 0);
	CHECK_STR(out, "1.2.3.4");
	CHECK(net_addr_canonical("2001:0db8:0000::0001", out) == 0);
	CHECK_STR(out, "2001:db8::1");
	CHECK(net_addr_canonical("localhost", out) == -1);
	CHECK(net_addr_canonical("", out) == -1);

	net_addr_key("203.0.113.7", key);
	CHECK_STR(key, "203.0.113.7");
	net_addr_key("2001:db8:1:2:aaaa:bbbb:cccc:dddd", key);
	CHECK_STR(key, "2001:db8:1:2::/64");
	net_addr_key("::ffff:203.0.113.7", key);
	CHECK_STR(key, "203.0.113.7");
	net_addr_key("-", key);
	CHECK_STR(key, "-");
}

static void
hosts(void)
{
	static const char *const good[] = {
		"pobratim.example.org", "localhost", "127.0.0.1:8080", "[::1]", "[::1]:8443",
		"xn--80adxhks.xn--p1ai", "a-b.c",
	};
	static const char *const bad[] = {
		"", ":80", "evil.example/x", "evil.example\"", "user@evil.example", "evil example",
		"evil.example:", "evil.example:80x", "[::1", "[::1]x", "[1.2.3.4]", ".evil", "-evil",
		"evil.example\r\nX: y", "evil.example?x",
	};

	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		CHECK(net_host_valid(good[i]));
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		CHECK(!net_host_valid(bad[i]));
		if (net_host_valid(bad[i]))
			fprintf(stderr, "  accepted host '%s'\n", bad[i]);
	}
	CHECK(!net_host_valid(NULL));
}

void
test_net(void)
{
	cidr();
	forwarded();
	hosts();
}
