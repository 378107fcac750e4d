"""API latency on a large store: p50/p95 of search and filtered event listing.

usage: python benchmarks/api_latency.py [--events 100000] [--db FILE_OR_URL] [--requests 300]
Builds (once) a store of at least --events events by replicating real extractions of
../shared/data/news/dev.jsonl (dates shifted, so filters select real subsets), serves it with
uvicorn on 127.0.0.1, and sends a bounded number of sequential requests from this process.
"""
from __future__ import annotations

import argparse
import json
import random
import socket
import statistics
import threading
import time
import urllib.parse
import urllib.request
from datetime import date, timedelta
from pathlib import Path

from rasd.pipeline import Pipeline
from rasd.store import Store

DEV = Path(__file__).resolve().parents[2] / "shared" / "data" / "news" / "dev.jsonl"


def shifted(extraction, days: int, copy: int):
    """A copy of an extraction with every date moved by `days` (text and offsets unchanged)."""
    def move(value):
        if not value or len(value) != 10:
            return value
        return (date.fromisoformat(value) + timedelta(days=days)).isoformat()
    data = extraction.model_dump()
    data["id"] = f"{extraction.id}-copy{copy}"
    data["published"] = move(data["published"])
    for t in data["times"]:
        t["value"] = move(t["value"])
    for e in data["events"]:
        e["date"] = move(e["date"])
    return type(extraction).model_validate(data)


def build(store: Store, target: int) -> None:
    have = store.status()["events"]
    if have >= target:
        print(f"store has {have} events")
        return
    pipeline = Pipeline()
    records = [json.loads(line) for line in DEV.open(encoding="utf-8")]
    extracted = [(r, pipeline(r["text"], r["published"], id=r["id"])) for r in records if r.get("published")]
    rng = random.Random(0)
    copy = 0
    t0 = time.perf_counter()
    while have < target:
        copy += 1
        for record, extraction in extracted:
            days = rng.randint(-365, 365)
            replica = shifted(extraction, days, copy)
            raw = (record["text"] + f"\n[copy {copy}]").encode()
            store.ingest_article(raw, replica.published, lambda *_a, _r=replica, **_k: _r,
                                 external_id=replica.id)
            have += len(replica.events)
            if have >= target:
                break
        print(f"  {have} events ({time.perf_counter() - t0:.0f} s)", flush=True)
    store.optimize()


def percentile(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--db", default="bench-api.db")
    parser.add_argument("--requests", type=int, default=300)
    args = parser.parse_args()
    store = Store(args.db)
    build(store, args.events)

    import uvicorn

    from rasd.api import create_app
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(store), host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    base = f"http://127.0.0.1:{port}"
    while True:
        try:
            urllib.request.urlopen(base + "/healthz", timeout=1)
            break
        except OSError:
            time.sleep(0.1)

    rng = random.Random(1)
    countries = ["IQ", "SY", "YE", "EG", "SA", "TR", "AF", "LY"]
    types = ["ASSAULT", "PROTEST", "COERCE", "Battles", "Explosions/Remote violence"]
    words = ["بغداد", "الحوثي", "داعش", "والشرطة", "Baghdad", "اليمن", "انفجار", "الرياض"]
    cases = {
        "filtered listing": lambda: "/api/events?" + urllib.parse.urlencode({
            "country": rng.choice(countries), "type": rng.choice(types),
            "date_from": f"2015-{rng.randint(1, 12):02d}-01", "limit": 50}),
        "listing, killed >= 10": lambda: "/api/events?" + urllib.parse.urlencode({
            "min_killed": 10, "limit": 50, "offset": rng.choice([0, 50, 500])}),
        "search": lambda: "/api/search?" + urllib.parse.urlencode({"q": rng.choice(words), "limit": 20}),
        "search + filter": lambda: "/api/search?" + urllib.parse.urlencode({
            "q": rng.choice(words), "country": rng.choice(countries), "limit": 20}),
    }
    print(f"store: {store.display_url}, {store.status()['events']} events; {args.requests} requests per case")
    for name, make in cases.items():
        urllib.request.urlopen(base + make(), timeout=60).read()  # warm
        times = []
        deadline = time.perf_counter() + 120  # bounded in time as well as in count
        for _ in range(args.requests):
            t = time.perf_counter()
            urllib.request.urlopen(base + make(), timeout=60).read()
            times.append((time.perf_counter() - t) * 1000)
            if time.perf_counter() > deadline:
                break
        print(f"{name:<24} p50 {statistics.median(times):6.1f} ms   p95 {percentile(times, 0.95):6.1f} ms"
              f"   ({len(times)} requests)")
    server.should_exit = True


if __name__ == "__main__":
    main()
