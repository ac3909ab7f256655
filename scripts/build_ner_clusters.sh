#!/bin/sh
# Build data/ner/clusters.tsv: word clusters learned by naba from SaudiNewsNet (CC BY-NC-SA 4.0).
# Two clusterings of the 50 k most frequent words: neighbour-count k-means (64/512, columns 2–3)
# and Brown clusters (256 leaves; columns 4–5: the first 6 bits of the path, the leaf).
# ≈ 6 min on 2 cores.
# Usage: scripts/build_ner_clusters.sh [../shared/data/news/saudinewsnet]
set -eu
src=${1:-../shared/data/news/saudinewsnet}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for z in "$src"/*.zip; do unzip -p "$z"; done > "$tmp/news.json"
cargo build --release -q -p naba
naba=${CARGO_TARGET_DIR:-target}/release/naba
"$naba" train clusters "$tmp/news.json" --method brown --out "$tmp/brown.tsv" \
    --vocab 50000 --coarse 64 --fine 256
"$naba" train clusters "$tmp/news.json" --out data/ner/clusters.tsv \
    --vocab 50000 --coarse 64 --fine 512 --seed 7 --second "$tmp/brown.tsv"
