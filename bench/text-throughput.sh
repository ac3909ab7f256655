#!/usr/bin/env bash
# Throughput of normalize + tokenize + sentences over the whole SaudiNewsNet text, one core,
# whole process, against pyarabic's `tokenize` and camel-tools' `simple_word_tokenize`.
#
# Usage: bench/text-throughput.sh [../shared/data/news/saudinewsnet]
# Sets up bench/.venv (pyarabic, camel-tools if it installs), writes bench/out/, prints a table.
set -euo pipefail
cd "$(dirname "$0")/.."
SRC=${1:-../shared/data/news/saudinewsnet}
OUT=bench/out
mkdir -p "$OUT"
PIN="taskset -c 0"
command -v taskset >/dev/null || PIN=""

if [ ! -x bench/.venv/bin/python ]; then
  python3 -m venv bench/.venv
  bench/.venv/bin/pip install -q pyarabic
  bench/.venv/bin/pip install -q camel-tools || echo "camel-tools did not install; its row is skipped" >&2
fi
PY=bench/.venv/bin/python

[ -s "$OUT/snn.txt" ] || $PY - "$SRC" > "$OUT/snn.txt" <<'PYEOF'
import glob, json, os, sys, zipfile
for z in sorted(glob.glob(os.path.join(sys.argv[1], "*.zip"))):
    with zipfile.ZipFile(z) as zf:
        for n in zf.namelist():
            for a in json.loads(zf.read(n)):
                for part in (a.get("title") or "", a.get("content") or ""):
                    if part.strip():
                        print(part)
PYEOF

cargo build --release -q -p naba
BIN=target/release/naba

# CPU seconds (user + sys) rather than wall time: the figure stays fair on a busy machine, and
# every run is pinned to one core anyway.
timed() { # label, command...: prints "label cpu_seconds peak_kb wall_seconds"
  local label=$1; shift
  /usr/bin/time -f "%U %S %M %e" -o "$OUT/time.raw.$label" "$@" > "$OUT/stdout.$label"
  awk '{printf "%.2f %d %.2f\n", $1 + $2, $3, $4}' "$OUT/time.raw.$label" > "$OUT/time.$label"
  echo "$label $(cat "$OUT/time.$label")"
}

timed naba $PIN "$BIN" tokenize --stats --file "$OUT/snn.txt"
WORDS=$($PY -c "import json;print(json.load(open('$OUT/stdout.naba'))['words'])")

timed pyarabic $PIN $PY -c "
import sys
from pyarabic import araby
n = 0
with open('$OUT/snn.txt', encoding='utf-8') as f:
    for line in f:
        n += len(araby.tokenize(line))
print(n)"

if $PY -c "import camel_tools.tokenizers.word" 2>/dev/null; then
  timed camel $PIN $PY -c "
from camel_tools.tokenizers.word import simple_word_tokenize
n = 0
with open('$OUT/snn.txt', encoding='utf-8') as f:
    for line in f:
        n += len(simple_word_tokenize(line))
print(n)"
fi

echo
echo "words (naba's count, used for every row): $WORDS"
printf "| tool | CPU seconds | words/s | peak RSS MB | naba speed-up |\n|---|---:|---:|---:|---:|\n"
NABA_S=$(cut -d' ' -f1 "$OUT/time.naba")
for t in naba pyarabic camel; do
  [ -f "$OUT/time.$t" ] || continue
  read -r s kb _wall < "$OUT/time.$t"
  $PY -c "s=$s; w=$WORDS; print(f'| $t | {s:.2f} | {w/s:,.0f} | {$kb/1024:.0f} | {s/$NABA_S:.1f}× |')"
done
