#!/usr/bin/env python3
"""Convert SaudiNewsNet (zip files of JSON arrays) into naba JSONL, one article per line.

Usage: python3 scripts/saudinewsnet_jsonl.py ../shared/data/news/saudinewsnet > snn.jsonl
`published` is the crawl date (date_extracted), the closest the corpus has to a publication date.
"""
import glob, json, os, sys, zipfile

src = sys.argv[1] if len(sys.argv) > 1 else "../shared/data/news/saudinewsnet"
for z in sorted(glob.glob(os.path.join(src, "*.zip"))):
    with zipfile.ZipFile(z) as zf:
        for name in zf.namelist():
            for a in json.loads(zf.read(name)):
                print(json.dumps({
                    "text": a.get("content") or "",
                    "title": a.get("title") or "",
                    "author": a.get("author") or "",
                    "source": a.get("source") or "",
                    "url": a.get("url") or "",
                    "published": (a.get("date_extracted") or "")[:10],
                }, ensure_ascii=False))
