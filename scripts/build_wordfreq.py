#!/usr/bin/env python3
"""Build data/lexicon/wordfreq.tsv: normalized Arabic word counts from SaudiNewsNet.

Words are normalized like naba's segmentation profile: tashkeel and tatweel removed, alef and hamza
variants folded, but ta marbuta (ة) and alef maqsura (ى) kept, since they tell سنة from سن+ه.

The clitic segmenter uses it to tell a clitic (و+قال) from a word's own first letter (واشنطن).
Usage: python3 scripts/build_wordfreq.py ../shared/data/news/saudinewsnet data/lexicon/wordfreq.tsv
"""
import collections, json, re, sys, zipfile, pathlib

DIAC = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
TABLE = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ؤ": "و", "ئ": "ي", "ی": "ى", "ک": "ك"})
WORD = re.compile("[\u0621-\u063a\u0641-\u064a]+")
MIN_COUNT = 5

def main(src, dst):
    counts = collections.Counter()
    for z in sorted(pathlib.Path(src).glob("*.zip")):
        with zipfile.ZipFile(z) as zf:
            for name in zf.namelist():
                for art in json.loads(zf.read(name)):
                    text = (art.get("title") or "") + "\n" + (art.get("content") or "")
                    text = DIAC.sub("", text).translate(TABLE)
                    counts.update(WORD.findall(text))
    with open(dst, "w", encoding="utf-8") as f:
        f.write("# normalized word (ة and ى kept)<TAB>count in SaudiNewsNet (CC BY-NC-SA 4.0), count >= %d\n" % MIN_COUNT)
        for w, c in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
            if c >= MIN_COUNT:
                f.write(f"{w}\t{c}\n")

if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
