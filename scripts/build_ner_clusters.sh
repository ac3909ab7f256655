#!/bin/sh
# Build data/ner/clusters.tsv: word clusters learned by naba from SaudiNewsNet (CC BY-NC-SA 4.0).
# Usage: scripts/build_ner_clusters.sh [../shared/data/news/saudinewsnet]
set -eu
src=${1:-../shared/data/news/saudinewsnet}
for z in "$src"/*.zip; do unzip -p "$z"; done |
    cargo run --release -q -p naba -- train clusters - --out data/ner/clusters.tsv --vocab 50000 --coarse 64 --fine 512 --seed 7
