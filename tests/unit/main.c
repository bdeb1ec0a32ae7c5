#include <sodium.h>
#include <stdlib.h>

#include "harness.h"
#include "../../src/base/log.h"

int	unit_passed, unit_failed;

static const struct {
	const char	*name;
	void		(*fn)(void);
} suites[] = {
	{ "base/text", test_text },
	{ "base/arena+buf", test_arena_buf },
	{ "base/csv", test_csv },
	{ "http/router", test_router },
	{ "json/validate", test_validate },
	{ "json/validate_items", test_validate_items },
	{ "json/write", test_json_write },
	{ "db", test_db },
	{ "api/openapi", test_openapi },
	{ "rt/hub", test_hub },
	{ "base/store", test_store },
	{ "cal", test_cal },
	{ "db/search", test_search },
	{ "base/markdown", test_markdown },
	{ "api/bodies", test_bodies },
	{ "base/image", test_image },
	{ "api/password", test_password },
	{ "base/net", test_net },
	{ "base/log", test_log },
	{ "base/metrics", test_metrics },
	{ "db/login", test_login },
	{ "base/spawn", test_spawn },
	{ "base/ticker", test_ticker },
	{ "media/recording", test_recording },
	{ "mail", test_mail },
	{ "media/janus", test_janus },
	{ "media/turn", test_turn },
	{ "base/vcard", test_vcard },
	{ "cli/config", test_cli_config },
};

int
main(void)
{
	if (sodium_init() < 0)
		return 1;
	log_threshold = LOG_ERR;
	for (size_t i = 0; i < sizeof(suites) / sizeof(suites[0]); i++) {
		int before = unit_failed;

		suites[i].fn();
		fprintf(stderr, "%-16s %s\n", suites[i].name, unit_failed == before ? "ok" : "FAILED");
	}
	fflush(stderr);
	printf("%d passed, %d failed\n", unit_passed, unit_failed);
	return unit_failed == 0 ? 0 : 1;
}
