#!/bin/sh
# How much of real news the entity layer links: `naba analyze` over 300 SaudiNewsNet articles
# drawn with a fixed seed; prints mentions, the share linked to the knowledge base, person
# links, distinct ids and links per kind. A coverage figure, not an accuracy figure: judge a
# sample of the links by hand (docs/ner.md, "Seventh session").
# Usage: bench/link-coverage.sh [SAUDINEWSNET_DIR]   (NABA=path/to/naba to compare builds)
set -eu
src=${1:-../shared/data/news/saudinewsnet}
naba=${NABA:-target/release/naba}
[ -d "$src" ] || { echo "skip: $src not found"; exit 0; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 - "$src" "$tmp/sample.jsonl" <<'PY'
import glob, json, random, subprocess, sys
arts = []
for z in sorted(glob.glob(sys.argv[1] + "/*.zip")):
    arts += json.loads(subprocess.run(["unzip", "-p", z], capture_output=True, check=True).stdout)
random.seed(2026)
with open(sys.argv[2], "w", encoding="utf-8") as f:
    for a in random.sample(arts, 300):
        f.write(json.dumps({"title": a["title"], "text": a["content"],
                            "published": (a.get("date_extracted") or "")[:10]}, ensure_ascii=False) + "\n")
PY
"$naba" analyze "$tmp/sample.jsonl" 2>/dev/null | python3 -c '
import collections, json, sys
n = linked = 0; ids = set(); kinds = collections.Counter()
for line in sys.stdin:
    for e in json.loads(line).get("entities", []):
        n += 1
        if e.get("id"):
            linked += 1; ids.add(e["id"]); kinds[e.get("kind")] += 1
share = 100 * linked / max(n, 1)
persons = kinds["person"]
print(f"mentions {n}  linked {linked} ({share:.1f} %)  persons {persons}  distinct ids {len(ids)}")
print("by kind:", ", ".join(f"{k} {v}" for k, v in kinds.most_common()))
'
