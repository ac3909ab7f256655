#!/bin/sh
# NER accuracy by K-fold cross-validation over ANERcorp's train.txt (contiguous folds, so an
# article stays in one fold): each fold is tagged by a model trained on the other folds, and
# the chunks of all folds are pooled into one micro P/R/F1. Five test sets of ≈25 k tokens
# each are a steadier yardstick for a feature change than dev10's 12 k tokens alone.
# Usage: bench/ner-cv.sh [CONFIG] [extra `naba train ner` flags]; K=5, SEEDS="1" by default.
# Needs ../shared/data/ner/anercorp and a release build (cargo build --release).
set -eu
cfg=${1:-data/ner/train.cfg}
[ $# -gt 0 ] && shift
naba=${NABA:-target/release/naba}
src=../shared/data/ner/anercorp
k=${K:-5}
[ -f "$src/train.txt" ] || { echo "skip: $src not found"; exit 0; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=$(awk 'BEGIN{RS=""} END{print NR}' "$src/train.txt")
for seed in ${SEEDS:-1}; do
    sed "s/^seed *=.*/seed = $seed/" "$cfg" > "$tmp/cfg"
    f=0
    while [ $f -lt "$k" ]; do
        lo=$((n * f / k)); hi=$((n * (f + 1) / k))
        awk -v lo="$lo" -v hi="$hi" -v a="$tmp/tr.txt" -v b="$tmp/te.txt" \
            'BEGIN{RS=""; ORS="\n\n"} { if (NR > lo && NR <= hi) print > b; else print > a }' "$src/train.txt"
        "$naba" train ner --config "$tmp/cfg" --train "$tmp/tr.txt" --dev none --out "$tmp/m" "$@" > "$tmp/log" 2>&1
        "$naba" eval ner "$tmp/te.txt" --model "$tmp/m" > "$tmp/out"
        sed -n 1p "$tmp/out" | awk -v s="$seed" -v f="$f" '{print s, f, $5, $8, $11}' | tr -d ';.' >> "$tmp/all"
        f=$((f + 1))
    done
done
# columns: seed fold gold found correct
awk '{g += $3; p += $4; c += $5; fg[$2] += $3; fp[$2] += $4; fc[$2] += $5}
     END {P = 100*c/p; R = 100*c/g; printf "cv: P %.2f  R %.2f  F1 %.2f  (folds:", P, R, 2*P*R/(P+R);
          for (i = 0; i in fg; i++) printf " %.2f", 200*fc[i]/(fg[i]+fp[i]); print ")"}' "$tmp/all"
