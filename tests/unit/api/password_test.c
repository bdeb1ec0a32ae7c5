/*
 * api_password_refusal: the rules every password of an account follows
 * (PUT /me/password, the admin's /users, the command line).
 */
#include "../harness.h"
#include "../../../src/api/api.h"

void
test_password(void)
{
	static const struct {
		const char	*password, *email;
		bool		 demo_ok;
		const char	*code;		/* NULL: allowed */
	} cases[] = {
		{ "a long enough one", "x@pobratim.test", false, NULL },
		{ "Жёлтый кирпич", "x@pobratim.test", false, NULL },
		{ "123456789", "x@pobratim.test", false, "too_short" },
		{ "ёжикёжик1", "x@pobratim.test", false, "too_short" },	/* 9 characters, 17 bytes */
		{ "ёжикёжик12", "x@pobratim.test", false, NULL },
		{ "demo-password", "x@pobratim.test", false, "demo_password" },
		{ "Demo-Password", "x@pobratim.test", false, "demo_password" },
		{ "demo-password", "x@pobratim.test", true, NULL },
		{ "1234567890", "x@pobratim.test", false, "too_common" },
		{ "QWERTYUIOP", "x@pobratim.test", false, "too_common" },
		{ "zzzzzzzzzzzz", "x@pobratim.test", false, "too_common" },
		{ "abcabcabcabc", "x@pobratim.test", false, "too_common" },	/* three different */
		{ "lmnopqrstuvw", "x@pobratim.test", false, "too_common" },
		{ "9876543210", "x@pobratim.test", false, "too_common" },
		{ "йцукенгшщз", "x@pobratim.test", false, "too_common" },
		{ "ivanov-2026!", "Ivanov@example.org", false, "contains_email" },
		{ "my IVANOV pass", "ivanov@example.org", false, "contains_email" },
		{ "ivan-2026-pass", "ivanov@example.org", false, NULL },
		{ "abc is fine 99", "abc@example.org", false, NULL },	/* a local part under 4 */
	};
	const char	*why;
	char		 long_one[1100];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *code = api_password_refusal(cases[i].password, cases[i].email,
		    cases[i].demo_ok, &why);

		if (cases[i].code == NULL)
			CHECK(code == NULL || (fprintf(stderr, "  '%s': %s\n", cases[i].password, code), 0));
		else
			CHECK_STR(code, cases[i].code);
	}
	memset(long_one, 'x', sizeof(long_one) - 1);
	long_one[sizeof(long_one) - 1] = '\0';
	long_one[0] = 'a', long_one[1] = 'b', long_one[2] = 'c', long_one[3] = 'd';
	CHECK_STR(api_password_refusal(long_one, "x@pobratim.test", false, &why), "too_long");
	CHECK_STR(api_password_refusal("short", NULL, false, &why), "too_short");
	CHECK_STR(why, "must be at least 10 characters");
}
