#include <jansson.h>
#include <string.h>

#include "../harness.h"
#include "../../../src/media/turn.h"

/* coturn's check, done by Python's hmac: base64(HMAC-SHA1("secret", "1700000000:pobratim")) */
static void
test_credential(void)
{
	struct turn_credential	c;
	char			long_secret[TURN_MAX_SECRET + 2];

	CHECK(turn_credential("secret", 1700000000, &c) == 0);
	CHECK_STR(c.username, "1700000000:pobratim");
	CHECK_STR(c.password, "/DwHPFRUSFDthsUz5P/7/9+L3Lo=");
	CHECK(turn_credential("", 1700000000, &c) == -1);
	memset(long_secret, 'k', sizeof(long_secret) - 1);
	long_secret[sizeof(long_secret) - 1] = '\0';
	CHECK(turn_credential(long_secret, 1700000000, &c) == -1);
	long_secret[TURN_MAX_SECRET] = '\0';
	CHECK(turn_credential(long_secret, 1700000000, &c) == 0);
}

static void
test_urls(void)
{
	const char	*good[] = { "turn:turn.city.example", "turn:turn.city.example:3478",
			    "turns:turn.city.example:5349?transport=tcp", "turn:192.0.2.7:3478?transport=udp",
			    "turn:[2001:db8::7]:3478", "turn:a.example,turns:a.example:443?transport=tcp",
			    "turn:a,turn:b,turn:c,turn:d" };
	const char	*bad[] = { "", "stun:stun.example:3478", "turn:", "turn::3478", "http://a.example",
			    "turn:a.example/x", "turn:a.example?transport=sctp", "turn:a.example?x=1",
			    "turn:a example", "turn:a.example,", ",turn:a.example", "turn:\"a\"",
			    "turn:a,turn:b,turn:c,turn:d,turn:e", "turn:a.example\n",
			    "turn:[2001:db8::7", "turn:[]:3478", "turn:a,turn:" };

	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		CHECK(turn_urls_valid(good[i]));
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		CHECK(!turn_urls_valid(bad[i]));
}

static void
test_ice_server(void)
{
	json_t	*s = turn_ice_server("turn:t.example:3478,turns:t.example:5349?transport=tcp",
		    "secret", 1700000000 - TURN_TTL);
	json_t	*urls = json_object_get(s, "urls");

	CHECK(json_array_size(urls) == 2);
	CHECK_STR(json_string_value(json_array_get(urls, 0)), "turn:t.example:3478");
	CHECK_STR(json_string_value(json_array_get(urls, 1)), "turns:t.example:5349?transport=tcp");
	CHECK_STR(json_string_value(json_object_get(s, "username")), "1700000000:pobratim");
	CHECK_STR(json_string_value(json_object_get(s, "credential")), "/DwHPFRUSFDthsUz5P/7/9+L3Lo=");
	json_decref(s);
	CHECK(turn_ice_server("turn:t.example", "", 0) == NULL);
}

void
test_turn(void)
{
	test_credential();
	test_urls();
	test_ice_server();
}
