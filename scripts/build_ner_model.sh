#!/bin/sh
# Build data/ner/model.bin, naba's shipped NER model: ANERcorp train.txt (settings in
# data/ner/train.cfg), with names mined from SaudiNewsNet (CC BY-NC-SA 4.0).
# Usage: scripts/build_ner_model.sh [../shared/data/news/saudinewsnet]   (≈3 min on 2 cores)
set -eu
src=${1:-../shared/data/news/saudinewsnet}
for z in "$src"/*.zip; do unzip -p "$z"; done |
    cargo run --release -q -p naba -- train ner --config data/ner/train.cfg --corpus -
