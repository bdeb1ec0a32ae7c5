#!/bin/sh
# Fails loudly when the node on PATH is older than package.json's engines
# (">=MAJOR.MINOR.PATCH"), before npm, Vite or a test meets it with an error
# of its own. Called by tools/install-deps.sh and before the web build.
set -eu
cd "$(dirname "$0")/.."
if ! command -v node >/dev/null 2>&1; then
	echo "pobratim: no node on PATH; Debian's will do: apt-get install nodejs npm" >&2
	exit 1
fi
# plain ES5 and require(), so that even a very old node gets as far as saying so
node -e '
var want = require("./package.json").engines.node;
var m = /^>=(\d+)\.(\d+)\.(\d+)$/.exec(want);
if (!m) { console.error("pobratim: package.json engines.node is not >=X.Y.Z: " + want); process.exit(1); }
var have = process.versions.node.split(".").map(Number);
for (var i = 0; i < 3; i++) {
	if (have[i] > +m[i + 1]) process.exit(0);
	if (have[i] < +m[i + 1]) {
		console.error("pobratim: node " + process.versions.node + " (" + process.execPath +
		    ") is too old: the web build and the tests need node " + want +
		    " (package.json engines); Debian 12'"'"'s nodejs package is enough");
		process.exit(1);
	}
}
'
