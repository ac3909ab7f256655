#!/usr/bin/env python3
"""Search latency under concurrent load against a running `naba serve`.

Usage: scripts/bench_search.py --url http://127.0.0.1:8080 --queries-from /tmp/snn.jsonl \
           [--clients 8] [--requests 4000] [--seed 1]

Queries are drawn from article titles of a JSONL corpus (1-3 consecutive title words, a quarter
of them as "phrases", a fifth with a date or outlet filter, a tenth sorted by date), so they hit
real terms. Each client thread keeps one HTTP/1.1 connection and sends its share of requests
back to back. Prints p50/p90/p99/max latency in ms (client-side, whole request) and throughput.
The loop is bounded by --requests and talks only to the given (local) URL.
"""
import argparse, http.client, json, random, re, statistics, threading, time, urllib.parse

ap = argparse.ArgumentParser()
ap.add_argument("--url", default="http://127.0.0.1:8080")
ap.add_argument("--queries-from", required=True)
ap.add_argument("--clients", type=int, default=8)
ap.add_argument("--requests", type=int, default=4000)
ap.add_argument("--seed", type=int, default=1)
a = ap.parse_args()
u = urllib.parse.urlparse(a.url)
assert u.hostname in ("127.0.0.1", "localhost", "::1"), "local servers only"

rng = random.Random(a.seed)
titles, outlets, dates = [], set(), []
with open(a.queries_from, encoding="utf-8") as f:
    for i, line in enumerate(f):
        if i >= 20000:
            break
        d = json.loads(line)
        words = [w for w in re.findall(r"[\u0621-\u064A]+", d.get("title") or "") if len(w) > 2]
        if words:
            titles.append(words)
        if d.get("source"):
            outlets.add(d["source"])
        if d.get("published"):
            dates.append(d["published"][:10])
outlets, dates = sorted(outlets), sorted(dates)
queries = []
for _ in range(a.requests):
    w = rng.choice(titles)
    k = rng.choice([1, 1, 2, 2, 3])
    i = rng.randrange(max(1, len(w) - k + 1))
    q = " ".join(w[i:i + k])
    if k > 1 and rng.random() < 0.25:
        q = f'"{q}"'
    p = {"q": q, "limit": "10"}
    r = rng.random()
    if r < 0.1:
        p["from"] = rng.choice(dates)
    elif r < 0.2:
        p["outlet"] = rng.choice(outlets)
    if rng.random() < 0.1:
        p["sort"] = "date"
    queries.append("/api/search?" + urllib.parse.urlencode(p))

lat, errors, lock = [], [0], threading.Lock()

def client(qs):
    conn = http.client.HTTPConnection(u.hostname, u.port or 80, timeout=30)
    mine = []
    for q in qs:
        t = time.perf_counter()
        try:
            conn.request("GET", q)
            resp = conn.getresponse()
            resp.read()
            ok = resp.status == 200
        except Exception:
            ok = False
            conn.close()
            conn = http.client.HTTPConnection(u.hostname, u.port or 80, timeout=30)
        mine.append((time.perf_counter() - t) * 1e3)
        if not ok:
            with lock:
                errors[0] += 1
    with lock:
        lat.extend(mine)

# Warm up (page cache, searcher), not measured.
client(queries[:50])
lat.clear()
threads = [threading.Thread(target=client, args=(queries[i::a.clients],)) for i in range(a.clients)]
t0 = time.perf_counter()
for t in threads:
    t.start()
for t in threads:
    t.join()
wall = time.perf_counter() - t0
lat.sort()
pct = lambda p: lat[min(len(lat) - 1, int(p / 100 * len(lat)))]
print(f"requests {len(lat)}  clients {a.clients}  errors {errors[0]}  wall {wall:.1f}s  "
      f"throughput {len(lat) / wall:.0f} req/s")
print(f"latency ms: p50 {pct(50):.1f}  p90 {pct(90):.1f}  p99 {pct(99):.1f}  max {lat[-1]:.1f}  "
      f"mean {statistics.mean(lat):.1f}")
