#!/bin/sh
# tools/migrations.sh DIR: the migrations of DIR (NNNN_name.sql), in numeric
# order, as C for src/db/sqlite.c: an EMBED of each file and the MIGRATIONS
# table { version, name, sql, rebuild }. A migration whose file has the line
# "-- pobratim: rebuild" builds a table anew (sqlite.c says what that means).
# A file named otherwise, or two files of one number, fail the build.
set -eu
dir=$1
echo "/* made by tools/migrations.sh from $dir: do not edit */"
last=0
table=''
for f in $(ls "$dir" | sort); do
	case $f in
	[0-9][0-9][0-9][0-9]_*.sql) ;;
	*) echo "tools/migrations.sh: $dir/$f is not NNNN_name.sql" >&2; exit 1 ;;
	esac
	n=${f%%_*}
	name=${f#*_}
	name=${name%.sql}
	v=$(expr "$n" + 0)
	case $name in
	*[!a-z0-9_]*|'') echo "tools/migrations.sh: $dir/$f: name of [a-z0-9_] only" >&2; exit 1 ;;
	esac
	if [ "$v" -le "$last" ]; then
		echo "tools/migrations.sh: $dir/$f: number $n used twice" >&2
		exit 1
	fi
	last=$v
	rebuild=false
	grep -qx -- '-- pobratim: rebuild' "$dir/$f" && rebuild=true
	echo "EMBED(m$n, \"$dir/$f\");"
	table="$table	{ $v, \"$name\", m$n, $rebuild }, \\
"
done
printf '#define MIGRATIONS \\\n%s\n' "$table"
