"""Extraction throughput on one core and peak memory, over real articles.

usage: python benchmarks/throughput.py [--n 1000] [--warm 0] [--data ../shared/data/news/bulk.jsonl.gz]
                                       [--batch 32] [--no-ner]
Prints model load time, articles/s and characters/s (models loaded once, one process, one
core, articles fed through Pipeline.pipe in batches), the per-stage share of the time, and
peak RSS. `--warm N` first extracts N other articles, untimed: the per-word memos then hold
what they hold in a long run over a large corpus (the steady state), not an empty start.
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import time
from collections import defaultdict
from pathlib import Path

from rasd.errors import InputError
from rasd.pipeline import Pipeline, run_stage

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "data" / "news" / "bulk.jsonl.gz"


def read_articles(path: Path, n: int) -> list[dict]:
    opener = gzip.open if path.suffix == ".gz" else open
    out = []
    with opener(path, "rt", encoding="utf-8") as f:
        for line in f:
            record = json.loads(line)
            if record.get("published"):
                out.append(record)
            if len(out) >= n:
                break
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--warm", type=int, default=0,
                        help="articles extracted before the timed ones, untimed (fills the memos)")
    parser.add_argument("--data", type=Path, default=DEFAULT)
    parser.add_argument("--batch", type=int, default=32,
                        help="articles per Pipeline.pipe batch (1: one call per article)")
    parser.add_argument("--no-ner", dest="ner", action="store_false",
                        help="without the trained tagger (Pipeline(ner=False))")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    articles = read_articles(args.data, args.warm + args.n)
    warm_up, articles = articles[:args.warm], articles[args.warm:]

    t0 = time.perf_counter()
    pipeline = Pipeline(ner=args.ner)
    pipeline("قال المتحدث باسم الشرطة إن عشرات المحتجين اعتقلوا أمس في بغداد.", "2022-01-06")
    load = time.perf_counter() - t0

    for _ in pipeline.pipe([(r["text"], r["published"], r.get("id")) for r in warm_up], batch_size=args.batch):
        pass
    per_stage: dict[str, float] = defaultdict(float)
    pipeline.stages = [_Timed(s, per_stage) for s in pipeline.stages]

    failed = events = 0
    t0, cpu0 = time.perf_counter(), time.process_time()
    items = [(record["text"], record["published"], record.get("id")) for record in articles]
    for result in pipeline.pipe(items, batch_size=args.batch):
        if isinstance(result, InputError):
            failed += 1
        else:
            events += len(result.events)
    chars = sum(len(record["text"]) for record in articles)
    elapsed, cpu = time.perf_counter() - t0, time.process_time() - cpu0
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"articles: {len(articles)} ({failed} rejected), {chars / max(1, len(articles)):.0f} chars each")
    print(f"load + first article: {load:.2f} s")
    print(f"throughput: {len(articles) / elapsed:.1f} articles/s, {chars / elapsed / 1000:.0f} k chars/s "
          f"on one core ({elapsed:.1f} s)")
    print(f"CPU time: {cpu / len(articles) * 1000:.1f} ms/article = {len(articles) / cpu:.1f} articles/s per core "
          "(the figure to compare on a shared machine)")
    print(f"events: {events} ({events / max(1, len(articles)):.1f} per article)")
    total = sum(per_stage.values()) or 1
    print("per stage: " + ", ".join(f"{k} {v / total:.0%}" for k, v in per_stage.items()))
    print(f"peak RSS: {rss_mb:.0f} MB")


class _Timed:
    """A stage wrapper that adds its time to a shared table."""

    def __init__(self, stage, table) -> None:
        self.stage, self.table = stage, table
        self.name = stage.name

    def __call__(self, doc) -> None:
        self.pipe([doc])

    def pipe(self, docs) -> None:
        s = time.perf_counter()
        run_stage(self.stage, docs)
        self.table[self.name] += time.perf_counter() - s


if __name__ == "__main__":
    main()
