#!/bin/sh
# NER accuracy with its noise: trains the tagger with three seeds on two splits and prints each
# micro F1 and the means. One seed's dev10 figure moves by ≈±0.5 F1 with the seed alone, so a
# change is only worth keeping when it wins on the means.
#   dev  = ANERcorp train90 → dev10
#   held = first 90 % of train90's sentences → the last 10 %
# Usage: bench/ner-dev.sh [CONFIG] [extra `naba train ner` flags, e.g. --corpus FILE]
#   SEEDS="2 5 8" bench/ner-dev.sh … for another set of seeds (default 1 4 7).
# Needs ../shared/data/ner/anercorp and a release build (cargo build --release).
set -eu
cfg=${1:-data/ner/train.cfg}
[ $# -gt 0 ] && shift
naba=${NABA:-target/release/naba}
src=../shared/data/ner/anercorp
[ -f "$src/train90.txt" ] || { echo "skip: $src not found"; exit 0; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# Sentences are separated by blank lines.
n=$(awk 'BEGIN{RS=""} END{print NR}' "$src/train90.txt")
cut=$((n * 9 / 10))
awk -v cut="$cut" -v a="$tmp/held_train.txt" -v b="$tmp/held_dev.txt" \
    'BEGIN{RS=""; ORS="\n\n"} { if (NR <= cut) print > a; else print > b }' "$src/train90.txt"
f1() { sed -n 2p "$1" | sed 's/.*FB1: *//'; }
for seed in ${SEEDS:-1 4 7}; do
    sed "s/^seed *=.*/seed = $seed/" "$cfg" > "$tmp/cfg"
    "$naba" train ner --config "$tmp/cfg" --train "$src/train90.txt" --dev none --out "$tmp/dev.model" "$@" > "$tmp/log" 2>&1
    "$naba" eval ner "$src/dev10.txt" --model "$tmp/dev.model" > "$tmp/dev.out"
    "$naba" train ner --config "$tmp/cfg" --train "$tmp/held_train.txt" --dev none --out "$tmp/held.model" "$@" > "$tmp/log" 2>&1
    "$naba" eval ner "$tmp/held_dev.txt" --model "$tmp/held.model" > "$tmp/held.out"
    echo "seed $seed: dev $(f1 "$tmp/dev.out")  held $(f1 "$tmp/held.out")" | tee -a "$tmp/all"
done
awk '{d += $4; h += $6} END {printf "mean: dev %.2f  held %.2f  both %.2f\n", d/NR, h/NR, (d+h)/(2*NR)}' "$tmp/all"
