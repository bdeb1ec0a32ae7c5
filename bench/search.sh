#!/bin/sh
# make bench-search: BENCH_DOCS (default 1,000,000) generated bulletins in
# Russian and English, put into a temporary database through the db layer
# (`pobratim bench-search`), then p50/p99 latency of one- and two-word
# searches — and the same queries on PostgreSQL's full-text search over the
# same documents when a PostgreSQL server can be started (installed with
# apt-get when missing and we are root; started on 127.0.0.1 in a temporary
# directory as an unprivileged user). Target: SQLite p99 under 20 ms.
#
# The vocabulary comes from Debian's wamerican and hunspell-ru word lists
# (installed here when missing and we are root; see src/cli/bench.c).
# BENCH_DIR=/some/dir keeps the generated database, documents and queries
# there: a second run with the same BENCH_DIR measures again without
# generating (generating 1,000,000 bulletins takes 5-10 minutes).
set -eu

N=${BENCH_DOCS:-1000000}
BIN=${POBRATIM_BIN:-build/pobratim}
CANDIDATES=2000		# as db_search: the newest matches are ranked
if [ -n "${BENCH_DIR:-}" ]; then
	work=$BENCH_DIR
	mkdir -p "$work"
else
	work=$(mktemp -d /tmp/pobratim-bench.XXXXXX)
fi
chmod 755 "$work"
pg_bin= as= pgdata="$work/pg"

cleanup() {
	if [ -n "$pg_bin" ] && [ -f "$pgdata/postmaster.pid" ]; then
		$as "$pg_bin/pg_ctl" -D "$pgdata" -m immediate stop >/dev/null 2>&1 || true
	fi
	rm -rf "$pgdata"
	[ -n "${BENCH_DIR:-}" ] || rm -rf "$work"
}
trap cleanup EXIT INT TERM

for words in /usr/share/dict/american-english:wamerican /usr/share/hunspell/ru_RU.dic:hunspell-ru; do
	if [ ! -f "${words%%:*}" ] && [ "$(id -u)" -eq 0 ]; then
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
		    "${words##*:}" >/dev/null 2>&1 || true
	fi
done

if [ -f "$work/bench.db" ] && [ -f "$work/docs.tsv" ]; then
	echo "== SQLite FTS5 (pobratim tokenizer), the bulletins generated before in $work"
	"$BIN" bench-search 0 "$work" --db "$work/bench.db" 2>/dev/null
else
	echo "== SQLite FTS5 (pobratim tokenizer), $N bulletins"
	rm -f "$work/bench.db"
	"$BIN" demo --db "$work/bench.db" >/dev/null 2>&1
	"$BIN" bench-search "$N" "$work" --db "$work/bench.db" 2>/dev/null
fi
echo "database: $(du -h "$work/bench.db" | cut -f1)"

echo "== PostgreSQL full-text search, the same documents and queries"
find_pg() {
	ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1
}
pg_bin=$(find_pg)
if [ -z "$pg_bin" ] && [ "$(id -u)" -eq 0 ]; then
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql \
	    >/dev/null 2>&1 || true
	pg_bin=$(find_pg)
fi
if [ -z "$pg_bin" ]; then
	echo "postgresql: skipped (not installed, and cannot install it without root)"
	exit 0
fi
if [ "$(id -u)" -eq 0 ]; then
	as="runuser -u nobody --"
	mkdir -p "$pgdata" && chown nobody "$pgdata" && chmod 644 "$work"/*.tsv "$work"/*.txt
fi
port=$(( 20000 + $$ % 20000 ))
if ! $as "$pg_bin/initdb" -D "$pgdata" -A trust -U bench --no-sync >"$work/initdb.log" 2>&1 ||
   ! $as "$pg_bin/pg_ctl" -D "$pgdata" -l "$pgdata/log" -w -o "-c listen_addresses=127.0.0.1 \
	-p $port -k $pgdata -c fsync=off -c synchronous_commit=off -c shared_buffers=256MB \
	-c max_wal_size=4GB -c maintenance_work_mem=512MB" start >/dev/null 2>&1; then
	echo "postgresql: skipped (the server did not start; see initdb/pg_ctl output)"
	exit 0
fi
psql() {
	PGOPTIONS='-c client_min_messages=warning' $as "$pg_bin/psql" -X -q -h 127.0.0.1 -p "$port" -U bench -d postgres -v ON_ERROR_STOP=1 "$@"
}
start=$(date +%s)
psql <<SQL
CREATE TABLE docs (id bigint PRIMARY KEY, lang text, title text, body text, published_at timestamptz);
\\copy docs FROM '$work/docs.tsv'
ALTER TABLE docs ADD COLUMN tsv tsvector GENERATED ALWAYS AS (
  setweight(to_tsvector(CASE lang WHEN 'ru' THEN 'russian'::regconfig ELSE 'english'::regconfig END, title), 'A') ||
  to_tsvector(CASE lang WHEN 'ru' THEN 'russian'::regconfig ELSE 'english'::regconfig END, body)) STORED;
CREATE INDEX docs_tsv ON docs USING gin (tsv);
VACUUM ANALYZE docs;
SQL
echo "loaded and indexed in $(( $(date +%s) - start )) s"

# The query of db_search: rank the newest matches by relevance, mark the top 20.
# The 'russian' configuration stems Cyrillic words with the Russian stemmer and
# Latin ones with the English stemmer, as the pobratim tokenizer does.
for words in 1 2; do
	{
		printf '%s\n' '\timing on' '\o /dev/null'
		while IFS= read -r q; do
			echo "SELECT id, ts_headline(CASE lang WHEN 'ru' THEN 'russian'::regconfig ELSE 'english'::regconfig END,
			  body, query) FROM (SELECT id, lang, body, query, ts_rank(tsv, query) AS r
			  FROM docs, plainto_tsquery('russian', \$q\$$q\$q\$) query WHERE tsv @@ query
			  ORDER BY id DESC LIMIT $CANDIDATES) c ORDER BY r DESC LIMIT 20;"
		done <"$work/queries$words.txt"
	} >"$work/pg$words.sql"
	psql -f "$work/pg$words.sql" | sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p' | sort -n >"$work/pg$words.ms"
	awk -v w="$words" '{ a[NR] = $1 } END {
		i = int(NR * 0.99) + 1; if (i > NR) i = NR
		printf "postgresql %d-word queries: n=%d p50=%.2f ms p99=%.2f ms max=%.2f ms\n",
		    w, NR, a[int(NR / 2) + 1], a[i], a[NR] }' \
	    "$work/pg$words.ms"
done
printf '%s\n' "(PostgreSQL times are psql's \\timing: server time plus a local round trip)"
