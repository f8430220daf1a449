#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The HTML report in a real browser: renders harness/testdata/sample_report.json
# with //harness:render_report, then headless Chromium (Debian's package,
# installed here when missing) takes a screenshot and dumps the DOM. Checks that
# the screenshot is a full 1280x2000 PNG with content, and that the element with
# id="summary" holds the summary line. Prints TAP; exits non-zero on a failure.
#
# The page, screenshot and DOM stay in $UFFDC_HTML_OUT (default out/html-render)
# for a person to look at.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
SAMPLE=$ROOT/harness/testdata/sample_report.json
OUT=${UFFDC_HTML_OUT:-$ROOT/out/html-render}
WIDTH=1280 HEIGHT=2000

# shellcheck source=scripts/lib/tap.sh
. "$ROOT/scripts/lib/tap.sh"
bail() { echo "Bail out! $*"; exit 1; }

# Chromium from Debian's archive (never a browser download of its own).
if ! command -v chromium >/dev/null; then
	SUDO=; [ "$(id -u)" = 0 ] || SUDO=sudo
	echo "# installing chromium (apt-get)"
	export DEBIAN_FRONTEND=noninteractive
	if ! $SUDO apt-get install -y -qq --no-install-recommends chromium >/dev/null 2>&1; then
		$SUDO apt-get update -qq >/dev/null 2>&1 || true
		$SUDO apt-get install -y -qq --no-install-recommends chromium >/dev/null ||
			bail "cannot install chromium"
	fi
fi

mkdir -p "$OUT"
rm -f "$OUT"/report.html "$OUT"/report.xml "$OUT"/report.png "$OUT"/dom.html
bazel build --noshow_progress //harness:render_report >"$OUT/build.log" 2>&1 ||
	{ cat "$OUT/build.log" >&2; bail "bazel build //harness:render_report failed"; }
RENDER=$(bazel info bazel-bin 2>/dev/null)/harness/render_report
[ -x "$RENDER" ] || bail "no render_report at $RENDER"


PROFILE=$(mktemp -d "${TMPDIR:-/tmp}/uffdc-chromium.XXXXXX")
trap 'rm -rf "$PROFILE"' EXIT

if "$RENDER" --json "$SAMPLE" --html "$OUT/report.html" --junit "$OUT/report.xml" 2>"$OUT/render.err"; then
	tap_ok "render_report writes the sample's HTML"
else
	tap_not_ok "render_report writes the sample's HTML" "$(cat "$OUT/render.err")"
	bail "nothing to show the browser"
fi

# Everything that could make Chromium talk to the network is off; the page itself
# has nothing to fetch.
chromium_run() {
	timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--disable-default-apps --disable-extensions --hide-scrollbars \
		--user-data-dir="$PROFILE" "$@"
}
URL="file://$OUT/report.html"

# (a) a screenshot
if chromium_run --screenshot="$OUT/report.png" --window-size=$WIDTH,$HEIGHT "$URL" \
	>"$OUT/screenshot.log" 2>&1 && [ -s "$OUT/report.png" ]; then
	tap_ok "headless Chromium takes a screenshot"
else
	tap_not_ok "headless Chromium takes a screenshot" "exit status or empty file; see $OUT/screenshot.log"
fi
if [ -s "$OUT/report.png" ]; then
	sig=$(od -An -tx1 -N8 "$OUT/report.png" | tr -d ' \n')
	if [ "$sig" = 89504e470d0a1a0a ]; then tap_ok "the screenshot is a PNG"; else tap_not_ok "the screenshot is a PNG" "signature $sig"; fi
	size=$(stat -c %s "$OUT/report.png")
	if [ "$size" -gt 20480 ]; then
		tap_ok "the screenshot has content ($size bytes)"
	else
		tap_not_ok "the screenshot has content" "only $size bytes: a blank or failed page"
	fi
	# IHDR: width and height, big-endian, at bytes 16..23.
	read -r w0 w1 w2 w3 h0 h1 h2 h3 < <(od -An -tu1 -j16 -N8 "$OUT/report.png")
	w=$(( (w0 << 24) | (w1 << 16) | (w2 << 8) | w3 )) h=$(( (h0 << 24) | (h1 << 16) | (h2 << 8) | h3 ))
	if [ "$w" = $WIDTH ] && [ "$h" = $HEIGHT ]; then
		tap_ok "the screenshot is ${WIDTH}x$HEIGHT"
	else
		tap_not_ok "the screenshot is ${WIDTH}x$HEIGHT" "IHDR says ${w}x$h"
	fi
else
	tap_not_ok "the screenshot is a PNG" "no screenshot"
fi

# (b) the DOM as the browser built it
line=$(sed -n 's/^ *"line": *"\([^"]*\)".*/\1/p;s/.*"summary": *{.*"line": *"\([^"]*\)".*/\1/p' "$SAMPLE" | head -n1)
[ -n "$line" ] || bail "no summary line in $SAMPLE"
if chromium_run --dump-dom "$URL" >"$OUT/dom.html" 2>"$OUT/dom.log" && [ -s "$OUT/dom.html" ]; then
	tap_ok "headless Chromium dumps the DOM"
else
	tap_not_ok "headless Chromium dumps the DOM" "see $OUT/dom.log"
fi
# The text of the element whose id is "summary" (the page gives it no child elements).
got=$(grep -o '<[a-z0-9]*[^>]* id="summary"[^>]*>[^<]*<' "$OUT/dom.html" | sed 's/^<[^>]*>//; s/<$//' | head -n1 || true)
if [ "$got" = "$line" ]; then
	tap_ok "the element with id=\"summary\" holds \"$line\""
else
	tap_not_ok "the element with id=\"summary\" holds the summary line" "expected: $line" "got: ${got:-(no such element)}"
fi
if [ "$(grep -o 'id="summary"' "$OUT/dom.html" | wc -l)" = 1 ]; then
	tap_ok "exactly one element has id=\"summary\""
else
	tap_not_ok "exactly one element has id=\"summary\""
fi
rows=$(grep -o '<tr id="t-' "$OUT/dom.html" | wc -l)
claims=$(grep -o '<tr id="claim-' "$OUT/dom.html" | wc -l)
if [ "$rows" = 18 ] && [ "$claims" = 13 ]; then
	tap_ok "the browser sees 18 test rows and 13 claim rows"
else
	tap_not_ok "the browser sees 18 test rows and 13 claim rows" "test rows: $rows, claim rows: $claims"
fi
if grep -Eq '(src=|href="https?:|url\()' "$OUT/dom.html"; then
	tap_not_ok "the page references nothing outside itself" "$(grep -Eo '(src=|href="https?:|url\()[^ >]*' "$OUT/dom.html" | head -3)"
else
	tap_ok "the page references nothing outside itself"
fi

echo "# page:       $OUT/report.html"
echo "# screenshot: $OUT/report.png"
tap_done
