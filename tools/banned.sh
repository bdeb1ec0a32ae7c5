#!/bin/sh
# tools/banned.sh FILE...: fails (and names the lines) when a C file calls a
# function this project does not use: unbounded copies (strcpy, strcat,
# sprintf, vsprintf, gets), conversions that cannot say they failed (atoi,
# atol, atoll, atof), strtok (state shared between threads), and the C
# allocator outside src/base/alloc.c (xmalloc and its kin abort on out of
# memory, so no caller checks for NULL).
set -u
status=0
for f in "$@"; do
	found=$(grep -nE '(^|[^A-Za-z0-9_.>])(strcpy|strcat|sprintf|vsprintf|gets|atoi|atol|atoll|atof|strtok)[[:space:]]*\(' "$f")
	case $f in
	*/base/alloc.c) ;;
	*) found=$(printf '%s\n%s' "$found" "$(grep -nE '(^|[^A-Za-z0-9_.>])(malloc|calloc|realloc|strdup|strndup)[[:space:]]*\(' "$f")" | sed '/^$/d') ;;
	esac
	if [ -n "$found" ]; then
		echo "$found" | sed "s|^|$f:|" >&2
		status=1
	fi
done
[ $status -eq 0 ] || echo "tools/banned.sh: banned functions above (snprintf, text_int, xmalloc instead)" >&2
exit $status
