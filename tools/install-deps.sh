#!/bin/sh
# Installs the Debian packages pobratim needs, only those missing.
# Usage: tools/install-deps.sh [build|test|bench|deb]   (test adds the browser, an SMTP server,
# nginx and coturn, and what deb needs; bench wrk and nginx; deb debhelper and help2man)
# As root it runs apt-get; otherwise it prints the exact apt-get line to run.
# Janus (the media server of meeting rooms) is pobratim's child with a
# configuration of its own; Debian's stock janus.service (HTTP and WebSocket
# APIs, demo rooms) is stopped, disabled and masked wherever systemd runs.
set -eu

# Debian's janus.service never runs beside pobratim (pobratim starts its own Janus).
quiet_stock_janus() {
	[ "$(id -u)" -eq 0 ] || return 0
	dpkg-query -W -f='${Status}' janus 2>/dev/null | grep -q "install ok installed" || return 0
	if [ -d /run/systemd/system ]; then
		systemctl disable --now janus.service >/dev/null 2>&1 || true
		systemctl mask janus.service >/dev/null 2>&1 || true
	elif command -v service >/dev/null 2>&1; then
		service janus stop >/dev/null 2>&1 || true
	fi
}

build="pkg-config gcc make libwebsockets-dev libjansson-dev libsodium-dev libsqlite3-dev
libstemmer-dev libical-dev libcmark-dev libgd-dev libjpeg62-turbo-dev libpng-dev libwebp-dev libgeonames-dev libgeonames-common iso-codes tzdata sqlite3
libcurl4-openssl-dev libssl-dev janus janus-tools"
test="chromium python3-aiosmtpd python3-icalendar python3-prometheus-client libopus-dev libvpx-dev"	# aiosmtpd: the SMTP server mail tests deliver to; icalendar: a second parser of invitations; prometheus-client: the reference parser of /metrics (tests/api/metrics); libopus, libvpx: the .mjr generator of recording tests (tests/tools)
test="$test fonts-wqy-microhei"	# a Chinese font: the guest pages in Chinese (tests/browser/languages), readable in screenshots
test="$test nginx coturn"	# tests/api/tls-proxy and turn run docs/deploy/nginx.conf and turnserver.conf as the current user, never the services
test="$test curl"	# tests/api/tls-proxy: a second HTTP/2 client (not in a minimal Debian 12)
test="$test python3 binutils"	# tools/api-layers.py reads src/api's objects with nm: no circle of files (tests/build)
bench="wrk nginx"	# nginx only as the benchmark's reference, run by bench/bench.mjs
deb="debhelper dpkg-dev fakeroot help2man"	# make deb (debian/); make test builds and checks the package
pkgs=$build
[ "${1:-build}" = test ] && pkgs="$build $test $deb"
[ "${1:-build}" = deb ] && pkgs="$build $deb"
[ "${1:-build}" = bench ] && pkgs="$build $bench"
# Debian's node (18.20 on Debian 12) is new enough; one already installed
# (nodesource's, nvm's) is used as it is, and tools/check-node.sh says if it
# is too old for package.json's engines
command -v node >/dev/null 2>&1 || pkgs="$pkgs nodejs"
command -v npm >/dev/null 2>&1 || pkgs="$pkgs npm"

missing=""
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing="$missing $p"
done
if [ -z "$missing" ]; then
	quiet_stock_janus
	exec sh "$(dirname "$0")/check-node.sh"
fi

if [ "$(id -u)" -ne 0 ]; then
	echo "missing Debian packages; run:" >&2
	echo "  sudo apt-get install -y$missing" >&2
	exit 1
fi
echo "installing:$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing
# Debian's nginx package may start a system nginx on port 80; the tests and the benchmark never use it
case "$missing" in
*nginx*) command -v service >/dev/null 2>&1 && service nginx stop >/dev/null 2>&1 || true ;;
esac
# nor a coturn with the stock configuration, installed just now for the tests
case "$missing" in
*coturn*)
	if [ -d /run/systemd/system ]; then
		systemctl disable --now coturn.service >/dev/null 2>&1 || true
	elif command -v service >/dev/null 2>&1; then
		service coturn stop >/dev/null 2>&1 || true
	fi ;;
esac
quiet_stock_janus
exec sh "$(dirname "$0")/check-node.sh"
