# pobratim — plain make + pkg-config.
#   make run    install what is missing, build, start with the demo data
#   make test   every test suite, ending in a summary
#   make        build the server (build/pobratim) and the web UI (web/dist)

CC	?= cc
PKGS	 = libwebsockets jansson libsodium sqlite3 libical libcmark
WARN	 = -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	   -Wpointer-arith -Wformat=2
CFLAGS	?= -O2 -g
ALL_CFLAGS = -std=c17 -D_GNU_SOURCE $(WARN) $(CFLAGS) $(shell pkg-config --cflags $(PKGS))
LDLIBS	 = $(shell pkg-config --libs $(PKGS)) -lpthread
SAN	 = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

LISTEN	?= 127.0.0.1:8080
DB	?= var/pobratim.db

SRC	 = $(wildcard src/base/*.c src/cal/*.c src/http/*.c src/rt/*.c src/json/*.c src/db/*.c src/api/*.c src/cli/*.c)
OBJ	 = $(SRC:%.c=build/obj/%.o)
ASAN_OBJ = $(SRC:%.c=build/asan/%.o)
UNIT_SRC = $(wildcard tests/unit/*.c tests/unit/*/*.c)
EMBEDDED = src/db/migrations/*.sql build/gen/cities.tsv build/gen/countries.tsv \
	   docs/api/openapi.json data/demo.json

.PHONY: all run test unit unit-asan api browser deps deps-test web clean bench bench-partners bench-rooms
.DEFAULT_GOAL := all

all: build/pobratim web

include tools/gazetteer.mk

build/pobratim: $(OBJ) build/obj/src/main.o
	$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)

build/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

build/asan/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(SAN) -O1 -MMD -MP -c -o $@ $<

# files linked into the binary with .incbin (src/base/embed.h)
build/obj/src/db/sqlite.o build/asan/src/db/sqlite.o: $(wildcard src/db/migrations/*.sql)
build/obj/src/cli/gazetteer.o build/asan/src/cli/gazetteer.o: build/gen/cities.tsv build/gen/countries.tsv
build/obj/src/cli/demo.o build/asan/src/cli/demo.o: data/demo.json
build/obj/src/api/meta.o build/asan/src/api/meta.o: docs/api/openapi.json

# --- web UI ---
node_modules/.package-lock.json: package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

WEB_SRC = $(shell find web -path web/dist -prune -o -type f -print 2>/dev/null)
web/dist/index.html: node_modules/.package-lock.json $(WEB_SRC) package.json
	npm run --silent typecheck
	npm run --silent build

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
build/unit_tests: $(filter-out build/obj/src/cli/%,$(OBJ)) $(UNIT_SRC:%.c=build/obj/%.o)
	$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)

build/unit_tests_asan: $(filter-out build/asan/src/cli/%,$(ASAN_OBJ)) $(UNIT_SRC:%.c=build/asan/%.o)
	$(CC) $(CFLAGS) $(SAN) -o $@ $^ $(LDLIBS)

unit: build/unit_tests
	build/unit_tests

unit-asan: build/unit_tests_asan
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 build/unit_tests_asan

api: build/pobratim
	node --test --test-concurrency=1 tests/api/

browser: all
	node --test --test-concurrency=1 tests/browser/

test: deps-test
	@$(MAKE) --no-print-directory all build/unit_tests build/unit_tests_asan
	@sh tools/test-all.sh

# --- benchmarks (not part of make test) ---
bench: bench-partners bench-rooms

# list, map and network with 2,000 partnerships among 7,000 cities, in Chromium
bench-partners: all
	node bench/partners.mjs

bench-rooms: all
	node bench/rooms.mjs

clean:
	rm -rf build web/dist

-include $(OBJ:.o=.d) $(ASAN_OBJ:.o=.d)
