#!/usr/bin/env bash
# Hostile inputs for the web readers, with time and peak memory (GNU time):
#   a 100 MB page (refused by the default 64 MiB limit, then read with --max-bytes),
#   100,000-deep nesting, and a WARC.gz whose records include a 1 GiB gzip bomb.
# Usage: scripts/ingest-hostile.sh [path/to/naba]   (default: target/release/naba)
set -euo pipefail
NABA=${1:-${CARGO_TARGET_DIR:-target}/release/naba}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
python3 - "$T" <<'PY'
import gzip, sys, os
d = sys.argv[1]
para = "<p>أعلنت وزارة الزراعة اليوم عن خطة جديدة لدعم صغار المزارعين في المحافظات الجنوبية، تشمل قروضا ميسرة وبذورا محسنة.</p>\n"
nav = '<ul class="menu"><li><a href="/a">سياسة</a></li><li><a href="/b">اقتصاد</a></li></ul>\n'
unit = (nav + "<div class='article-body'>" + para * 20 + "</div>\n").encode()
with open(f"{d}/big.html", "wb") as f:
    f.write(b"<html><head><title>big</title></head><body>")
    n = 0
    while n < 100_000_000:
        f.write(unit); n += len(unit)
    f.write(b"</body></html>")
with open(f"{d}/deep.html", "w") as f:
    f.write("<div>" * 100_000 + para + "</div>" * 100_000)
def rec(uri, block, typ="response"):
    h = (f"WARC/1.0\r\nWARC-Type: {typ}\r\nWARC-Target-URI: {uri}\r\n"
         f"Content-Type: application/http; msgtype=response\r\nContent-Length: {len(block)}\r\n\r\n").encode()
    return gzip.compress(h + block + b"\r\n\r\n", 1)
page = ("<html><body><article>" + para * 5 + "</article></body></html>").encode()
ok = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + page
bomb = gzip.compress(b"\0" * (1 << 30), 9)
bad = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n\r\n" + bomb
with open(f"{d}/bomb.warc.gz", "wb") as f:
    f.write(rec("https://e.com/1", ok)); f.write(rec("https://e.com/bomb", bad)); f.write(rec("https://e.com/2", ok))
PY
run() { echo "\$ naba $*"; /usr/bin/time -f "  -> exit %x, %e s wall, %U s user, peak RSS %M KiB" "$NABA" "$@" >/dev/null 2>"$T/err" || true; grep -v "^Command exited" "$T/err" | sed 's/^/  /' | tail -3; }
ls -l "$T"
run extract "$T/big.html"
run extract --max-bytes 200000000 "$T/big.html"
run extract "$T/deep.html"
run extract --json "$T/bomb.warc.gz"
