# pobratim — plain make + pkg-config.
#   make run    install what is missing, build, start with the demo data
#   make test   every test suite, ending in a summary
#   make        build the server (build/pobratim) and the web UI (web/dist)

CC	?= cc
PKGS	 = libwebsockets jansson libsodium sqlite3 libical libcmark gdlib libjpeg libpng libwebp libcurl libcrypto
WARN	 = -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	   -Wpointer-arith -Wformat=2
CFLAGS	?= -O2 -g
ALL_CFLAGS = -std=c17 -D_GNU_SOURCE -Ibuild/gen $(WARN) $(CFLAGS) $(shell pkg-config --cflags $(PKGS))
LDLIBS	 = $(shell pkg-config --libs $(PKGS)) -lstemmer -lpthread -lm
SAN	 = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
TSAN	 = -fsanitize=thread -fno-omit-frame-pointer

LISTEN	?= 127.0.0.1:8080
DB	?= var/pobratim.db

SRC	 = $(wildcard src/base/*.c src/cal/*.c src/http/*.c src/rt/*.c src/json/*.c src/db/*.c src/mail/*.c \
	    src/media/*.c src/api/*.c src/cli/*.c)
OBJ	 = $(SRC:%.c=build/obj/%.o)
ASAN_OBJ = $(SRC:%.c=build/asan/%.o)
TSAN_OBJ = $(SRC:%.c=build/tsan/%.o)
UNIT_SRC = $(wildcard tests/unit/*.c tests/unit/*/*.c)
EMBEDDED = src/db/migrations/*.sql build/gen/cities.tsv build/gen/countries.tsv \
	   docs/api/openapi.json data/demo.json

.PHONY: deb all run test unit unit-asan api api-asan api-tsan browser deps deps-test web clean bench bench-http bench-routes bench-partners bench-search bench-rooms bench-mail fuzz fuzz-replay
.DEFAULT_GOAL := all

all: build/banned.ok build/pobratim web

# no banned function in the sources (tools/banned.sh says which and why)
build/banned.ok: tools/banned.sh $(SRC) src/main.c $(wildcard src/*/*.h)
	@mkdir -p build
	@echo "tools/banned.sh src/"
	@sh tools/banned.sh $(SRC) src/main.c $(wildcard src/*/*.h)
	@touch $@

include tools/gazetteer.mk

build/pobratim: $(OBJ) build/obj/src/main.o
	$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)

# what tools/contract.mjs makes of the contract, which every object waits for
CONTRACT = tools/contract.mjs $(wildcard contract/*.json)
RECORDS = build/gen/records.h build/gen/db_records.h build/gen/db_records.inc \
	build/gen/api_records.h build/gen/api_records.inc
GEN = build/gen/routes.inc build/gen/request_bodies.h build/gen/request_bodies.inc \
	build/gen/ws_messages.inc $(RECORDS)

build/obj/%.o: %.c | $(GEN)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

build/asan/%.o: %.c | $(GEN)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(SAN) -O1 -MMD -MP -c -o $@ $<

build/tsan/%.o: %.c | $(GEN)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(TSAN) -O1 -MMD -MP -c -o $@ $<

# The contract (contract/*.json, tools/contract.mjs): the one description of
# the API, made into the route table, the handler declarations and the
# request bodies' check tables of src/api, the
# OpenAPI document (docs/api/openapi.json, kept in git: make test checks that
# it is the one the contract makes) and the web UI's routes, roles and codes.
$(RECORDS) &: $(CONTRACT)
	@mkdir -p build/gen
	node tools/contract.mjs records build/gen
build/gen/routes.inc: $(CONTRACT)
	@mkdir -p build/gen
	node tools/contract.mjs c $@
build/gen/request_bodies.inc: $(CONTRACT)
	@mkdir -p build/gen
	node tools/contract.mjs bodies $@
build/gen/ws_messages.inc: $(CONTRACT)
	@mkdir -p build/gen
	node tools/contract.mjs messages $@
build/gen/request_bodies.h: $(CONTRACT)
	@mkdir -p build/gen
	node tools/contract.mjs bodies-h $@
docs/api/openapi.json: $(CONTRACT)
	node tools/contract.mjs openapi $@
web/src/lib/contract.ts: $(CONTRACT)
	node tools/contract.mjs ts $@

# files linked into the binary with .incbin (src/base/embed.h); the
# migrations are found in their directory (tools/migrations.sh), one list
build/obj/src/db/sqlite.o build/asan/src/db/sqlite.o build/tsan/src/db/sqlite.o build/deb/obj/src/db/sqlite.o build/fuzz/obj/src/db/sqlite.o: build/gen/migrations.inc $(wildcard src/db/migrations/*.sql)
build/gen/migrations.inc: tools/migrations.sh src/db/migrations $(wildcard src/db/migrations/*.sql)
	@mkdir -p build/gen
	sh tools/migrations.sh src/db/migrations > $@.tmp && mv $@.tmp $@
build/obj/src/cli/gazetteer.o build/asan/src/cli/gazetteer.o build/tsan/src/cli/gazetteer.o build/deb/obj/src/cli/gazetteer.o: build/gen/cities.tsv build/gen/countries.tsv
build/obj/src/cli/demo.o build/asan/src/cli/demo.o build/tsan/src/cli/demo.o build/obj/src/cli/bench.o build/deb/obj/src/cli/demo.o build/deb/obj/src/cli/bench.o: data/demo.json
build/obj/src/api/meta.o build/asan/src/api/meta.o build/tsan/src/api/meta.o build/deb/obj/src/api/meta.o: docs/api/openapi.json

# --- Debian package (debian/): make deb → build/deb/pobratim_VERSION_ARCH.deb ---
# debian/rules builds the packaged binary apart from the development one, with
# Debian's hardening flags (it passes DEB_CFLAGS and DEB_LDFLAGS from
# dpkg-buildflags), and its manual page from --help with help2man.
DEB_CFLAGS	?= -O2 -g
DEB_LDFLAGS	?=
DEB_OBJ		 = $(SRC:%.c=build/deb/obj/%.o)

build/deb/obj/%.o: %.c | $(GEN)
	@mkdir -p $(dir $@)
	$(CC) -std=c17 -D_GNU_SOURCE -Ibuild/gen $(WARN) $(DEB_CFLAGS) $(shell pkg-config --cflags $(PKGS)) \
	    -MMD -MP -c -o $@ $<

build/deb/pobratim: $(DEB_OBJ) build/deb/obj/src/main.o
	$(CC) $(DEB_CFLAGS) $(DEB_LDFLAGS) -o $@ $^ $(LDLIBS)

build/deb/pobratim.1: build/deb/pobratim debian/pobratim.h2m
	help2man --no-info --no-discard-stderr --section=1 \
	    --name="self-hosted platform for city diplomacy" \
	    --include=debian/pobratim.h2m --output=$@ build/deb/pobratim

deb:
	@sh tools/install-deps.sh deb
	@$(MAKE) --no-print-directory node_modules/.package-lock.json
	dpkg-checkbuilddeps
	@# dh skips a build it has done once; the Makefile knows what changed
	rm -f debian/debhelper-build-stamp
	DEB_BUILD_OPTIONS="parallel=$$(nproc) $$DEB_BUILD_OPTIONS" debian/rules build
	fakeroot debian/rules binary
	@ls -1 build/deb/*.deb

# --- web UI ---
node_modules/.package-lock.json: package-lock.json
	@sh tools/check-node.sh
	npm ci --no-audit --no-fund
	@touch $@

WEB_SRC = $(shell find web -path web/dist -prune -o -type f -print 2>/dev/null)
web/dist/index.html: node_modules/.package-lock.json $(WEB_SRC) web/src/lib/contract.ts package.json
	@sh tools/check-node.sh
	npm run --silent typecheck
	npm run --silent build
	@# compressed copies beside the text files, sent to clients that take gzip (src/http/static.c)
	find web/dist -type f \( -name '*.js' -o -name '*.css' -o -name '*.html' -o -name '*.svg' \
	    -o -name '*.json' \) -size +1k -exec gzip -9 -k -n -f {} +

web: web/dist/index.html

# --- set-up and run ---
deps:
	@sh tools/install-deps.sh build

deps-test:
	@sh tools/install-deps.sh test

run: deps
	@$(MAKE) --no-print-directory all
	@mkdir -p $(dir $(DB))
	@test -f $(DB) || build/pobratim demo --db $(DB)
	@echo "pobratim: http://$(LISTEN)/  (demo logins: admin@, staff@, partner@, correspondent@pobratim.demo / demo-password)"
	build/pobratim serve --listen $(LISTEN) --db $(DB) --web web/dist --demo

# --- tests ---
# of cli/, only the settings' table and its configuration file reader
build/unit_tests: $(filter-out build/obj/src/cli/%,$(OBJ)) build/obj/src/cli/config.o $(UNIT_SRC:%.c=build/obj/%.o)
	$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)

build/unit_tests_asan: $(filter-out build/asan/src/cli/%,$(ASAN_OBJ)) build/asan/src/cli/config.o $(UNIT_SRC:%.c=build/asan/%.o)
	$(CC) $(CFLAGS) $(SAN) -o $@ $^ $(LDLIBS)

# the server with ASan+UBSan (and LeakSanitizer at exit): make test runs the API suite on it
build/pobratim-asan: $(ASAN_OBJ) build/asan/src/main.o
	$(CC) $(CFLAGS) $(SAN) -o $@ $^ $(LDLIBS)

# the server with ThreadSanitizer: make test runs the suites where threads meet on it
build/pobratim-tsan: $(TSAN_OBJ) build/tsan/src/main.o
	$(CC) $(CFLAGS) $(TSAN) -o $@ $^ $(LDLIBS)

api-asan: build/pobratim-asan build/mjrgen build/icalcheck
	POBRATIM_BIN=build/pobratim-asan ASAN_OPTIONS=detect_leaks=1 \
	    node --test --test-concurrency=1 tests/api/

# The suites where the server's threads meet (event loops, workers, the hub,
# the media supervisor and dispatcher, the mail sender, the room keeper, the
# converter, the kept replies) against the TSan server: a report makes it exit
# 66 at the end, which the suite's stop() fails on. shutdown, session and
# reminders pass too but add 12 minutes on two loaded cores; media (whose server
# imports the gazetteer at start) and uploads (picture work) ran past the
# harness's bounds under TSan there. Janus's threads are met by rooms and the rest.
TSAN_SUITES = realtime rooms cache listeners room-recording mail-delivery metrics
api-tsan: build/pobratim-tsan build/mjrgen build/icalcheck
	POBRATIM_BIN=build/pobratim-tsan TSAN_OPTIONS=second_deadlock_stack=1 \
	    node --test --test-concurrency=1 $(TSAN_SUITES:%=tests/api/%.test.mjs)

# --- fuzzing (tests/fuzz/README.md) ---
# One driver per tests/fuzz/*.c except replay.c. `make fuzz` runs each with
# libFuzzer (clang) for FUZZ_SECONDS; `make test` replays the committed corpora
# with a gcc ASan+UBSan build (build/fuzz-replay/DRIVER), no clang needed.
FUZZ_DRIVERS	 = $(basename $(notdir $(filter-out tests/fuzz/replay.c,$(wildcard tests/fuzz/*.c))))
FUZZ_SECONDS	?= 60
FUZZ_CC		?= clang
FUZZ_SAN	 = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
FUZZ_CFLAGS	 = -std=c17 -D_GNU_SOURCE -Ibuild/gen -g -O1 $(FUZZ_SAN) $(shell pkg-config --cflags $(PKGS))
LIB_SRC		 = $(filter-out src/cli/%,$(SRC)) src/cli/config.c
LIB_ASAN_OBJ	 = $(LIB_SRC:%.c=build/asan/%.o)
LIB_FUZZ_OBJ	 = $(LIB_SRC:%.c=build/fuzz/obj/%.o)

build/fuzz/obj/%.o: %.c | $(GEN)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -MMD -MP -c -o $@ $<

build/fuzz/%: tests/fuzz/%.c tests/fuzz/fuzz.h $(LIB_FUZZ_OBJ)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< $(LIB_FUZZ_OBJ) $(LDLIBS)

build/fuzz-replay/%: tests/fuzz/%.c tests/fuzz/replay.c tests/fuzz/fuzz.h $(LIB_ASAN_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(SAN) -O1 -o $@ $< tests/fuzz/replay.c $(LIB_ASAN_OBJ) $(LDLIBS)

.SECONDARY: $(LIB_FUZZ_OBJ)

fuzz: $(FUZZ_DRIVERS:%=build/fuzz/%)
	@for d in $(FUZZ_DRIVERS); do \
		mkdir -p build/fuzz/found/$$d; \
		echo "== fuzz $$d ($(FUZZ_SECONDS) s)"; \
		build/fuzz/$$d -max_total_time=$(FUZZ_SECONDS) -max_len=4096 -timeout=5 \
		    -artifact_prefix=build/fuzz/$$d- -print_final_stats=1 \
		    build/fuzz/found/$$d tests/fuzz/corpus/$$d >build/fuzz/$$d.log 2>&1; \
		rc=$$?; grep -E '^(Done|stat::(number_of_executed_units|new_units_added))' build/fuzz/$$d.log; \
		if [ $$rc -ne 0 ]; then tail -n 40 build/fuzz/$$d.log; \
		    echo "fuzz $$d: FINDING, input in build/fuzz/$$d-*"; exit 1; fi; \
	done

fuzz-replay: $(FUZZ_DRIVERS:%=build/fuzz-replay/%)
	@for d in $(FUZZ_DRIVERS); do build/fuzz-replay/$$d tests/fuzz/corpus/$$d || exit 1; done

# a Janus recording (.mjr) of real Opus or VP8 media, for the recording tests
build/mjrgen: tests/tools/mjrgen.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< -lopus -lvpx -lm

# libical's reading of a mailed invitation, beside Python's (tests/api/lib/smtp.mjs)
build/icalcheck: tests/tools/icalcheck.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(shell pkg-config --libs libical jansson)

unit: build/unit_tests build/mjrgen
	build/unit_tests

unit-asan: build/unit_tests_asan build/mjrgen
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 build/unit_tests_asan

api: build/pobratim build/mjrgen build/icalcheck
	node --test --test-concurrency=1 tests/api/

browser: all build/mjrgen
	node --test --test-concurrency=1 tests/browser/

test: deps-test
	@$(MAKE) --no-print-directory all build/unit_tests build/unit_tests_asan build/mjrgen build/icalcheck \
	    build/pobratim-asan build/pobratim-tsan $(FUZZ_DRIVERS:%=build/fuzz-replay/%)
	@$(MAKE) --no-print-directory deb
	@sh tools/test-all.sh

# --- benchmarks (bench/, docs/performance.md): not part of make test ---
bench: bench-http bench-routes bench-partners bench-search bench-rooms bench-mail bench-rows

bench-http: build/pobratim web
	@sh tools/install-deps.sh bench
	node bench/bench.mjs
	@echo "== hostile clients, full size (make test runs 2,000 and 300)"
	HOSTILE_REQUESTS=10000 HOSTILE_WS_FRAMES=10000 HOSTILE_SLOW=1000 node --test tests/api/hostile.test.mjs

# every GET route of the table (uncached, kept, nginx) and the department mix;
# figures merged into bench/results/latest.json (routes, mix)
bench-routes: build/pobratim
	@sh tools/install-deps.sh bench
	node bench/routes.mjs

# list, map and network with 2,000 partnerships among 7,000 cities, in Chromium
bench-partners: all
	node bench/partners.mjs

# BENCH_DOCS=N to change the 1,000,000 generated bulletins
bench-search: build/pobratim
	sh bench/search.sh

# Join to first remote frame; signalling CPU and RSS of 100 simulated rooms
bench-rooms: all
	node bench/rooms.mjs

# rows read by column name against by index, in one run (bench/rows.c)
build/bench-rows: bench/rows.c $(filter-out build/obj/src/cli/%,$(OBJ)) build/obj/src/cli/config.o
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(LDLIBS)
bench-rows: build/bench-rows
	build/bench-rows

# BENCH_MAILS=N: the outbox emptied into a real SMTP server; a reset mail's latency
bench-mail: build/pobratim
	@sh tools/install-deps.sh test
	node bench/mail.mjs

clean:
	rm -rf build web/dist

-include $(OBJ:.o=.d) $(DEB_OBJ:.o=.d) $(ASAN_OBJ:.o=.d) $(TSAN_OBJ:.o=.d) build/obj/src/main.d build/asan/src/main.d $(LIB_FUZZ_OBJ:.o=.d) $(UNIT_SRC:%.c=build/obj/%.d) $(UNIT_SRC:%.c=build/asan/%.d)
