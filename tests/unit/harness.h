/*
 * A small unit-test harness (redis testhelp.h, h2o picotest): CHECK counts a
 * pass or prints the failed condition; main.c runs every suite and prints
 * "N passed, N failed".
 */
#ifndef TESTS_UNIT_HARNESS_H
#define TESTS_UNIT_HARNESS_H

#include <stdio.h>
#include <string.h>

extern int	unit_passed, unit_failed;

#define CHECK(cond) do {						\
	if (cond)							\
		unit_passed++;						\
	else {								\
		unit_failed++;						\
		fprintf(stderr, "FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond);	\
	}								\
} while (0)

#define CHECK_STR(a, b) do {						\
	const char *a_ = (a), *b_ = (b);				\
	if (a_ != NULL && b_ != NULL && strcmp(a_, b_) == 0)		\
		unit_passed++;						\
	else {								\
		unit_failed++;						\
		fprintf(stderr, "FAIL %s:%d: %s == \"%s\", got \"%s\"\n", __FILE__,	\
		    __LINE__, #a, b_ ? b_ : "(null)", a_ ? a_ : "(null)");	\
	}								\
} while (0)

void	test_text(void);
void	test_arena_buf(void);
void	test_csv(void);
void	test_router(void);
void	test_validate(void);
void	test_validate_items(void);
void	test_json_write(void);
void	test_db(void);
void	test_openapi(void);
void	test_hub(void);
void	test_store(void);
void	test_cal(void);
void	test_search(void);
void	test_markdown(void);
void	test_bodies(void);
void	test_image(void);
void	test_password(void);
void	test_log(void);
void	test_metrics(void);
void	test_net(void);
void	test_login(void);
void	test_spawn(void);
void	test_ticker(void);
void	test_recording(void);
void	test_mail(void);
void	test_janus(void);
void	test_turn(void);
void	test_vcard(void);
void	test_cli_config(void);

#endif
