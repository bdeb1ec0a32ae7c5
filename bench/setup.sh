#!/bin/sh
# Installs what `make bench` needs (nginx, wrk), only when missing. As root it
# runs apt-get; otherwise it prints the line to run. nginx is only used as a
# reference, started by bench.mjs as the current user: no system service.
set -eu
missing=""
command -v wrk >/dev/null 2>&1 || missing="$missing wrk"
[ -x /usr/sbin/nginx ] || command -v nginx >/dev/null 2>&1 || missing="$missing nginx"
[ -z "$missing" ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
	echo "make bench needs:$missing; run:" >&2
	echo "  sudo apt-get install -y --no-install-recommends$missing" >&2
	exit 1
fi
echo "installing:$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing
# Debian's package may start a system nginx on port 80; the bench never uses it.
if command -v service >/dev/null 2>&1; then service nginx stop >/dev/null 2>&1 || true; fi
