#!/bin/sh
# Runs every test suite (called by `make test` after the build) and ends with
# one summary line "N passed, N failed". Exits non-zero if any suite fails.
set -u
cd "$(dirname "$0")/.."
log=build/test-logs
mkdir -p "$log"
passed=0 failed=0 status=0

# counts "N passed, N failed" (unit) or node's "# pass N" / "# fail N"
tally() {
	p=$(sed -n 's/^\([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed.*/\1/p; s/^# pass \([0-9][0-9]*\)$/\1/p' "$1" | tail -1)
	f=$(sed -n 's/^\([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed.*/\2/p; s/^# fail \([0-9][0-9]*\)$/\1/p' "$1" | tail -1)
	passed=$((passed + ${p:-0}))
	failed=$((failed + ${f:-0}))
}

suite() {
	name=$1
	shift
	printf '== %s\n' "$name"
	"$@" >"$log/$name.log" 2>&1
	rc=$?
	tally "$log/$name.log"
	if [ $rc -ne 0 ]; then
		status=1
		cat "$log/$name.log"
		printf '== %s FAILED (exit %d)\n' "$name" "$rc"
		# a suite that died before counting still counts as a failure
		grep -qE '^(# fail [1-9]|[0-9]+ passed, [1-9])' "$log/$name.log" || failed=$((failed + 1))
	else
		tail -n 12 "$log/$name.log" | grep -E '^(# (tests|pass|fail)|[0-9]+ passed)' || true
	fi
}

suite unit build/unit_tests
# the build's own checks: the migrations' list, the banned functions
suite build node --test tests/build/
suite unit-asan env ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 build/unit_tests_asan
for f in tests/fuzz/*.c; do
	d=$(basename "$f" .c)
	[ "$d" = replay ] && continue
	suite "fuzz-replay-$d" build/fuzz-replay/"$d" tests/fuzz/corpus/"$d"
done
# every JSON reply of the API suite is logged, then checked against docs/api/openapi.json
rm -f "$log/replies.jsonl"
suite api env POBRATIM_REPLY_LOG="$PWD/$log/replies.jsonl" node --test --test-concurrency=1 tests/api/
suite replies node tools/check-replies.mjs "$log/replies.jsonl"
# the same suite against the ASan+UBSan server: any sanitizer report or leak at
# exit makes the server exit non-zero, which the suite's stop() fails on
suite api-asan env POBRATIM_BIN=build/pobratim-asan ASAN_OPTIONS=detect_leaks=1 \
	UBSAN_OPTIONS=print_stacktrace=1 node --test --test-concurrency=1 tests/api/
# the suites where threads meet, against the ThreadSanitizer server (Makefile's TSAN_SUITES)
suite api-tsan make --no-print-directory -s api-tsan
suite browser node --test --test-concurrency=1 tests/browser/
# the Debian package built by make deb: its files, unit, and binary started from a dpkg -x
suite package node --test --test-concurrency=1 tests/package/

echo
echo "tests: $passed passed, $failed failed"
exit $status
