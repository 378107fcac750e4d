"""Ingest rate into the event store, and where the time goes: extraction or the database.

usage: python benchmarks/ingest.py [--n 500] [--data ../shared/data/news/bulk.jsonl.gz]
Ingests the same N articles into a fresh SQLite file and, when RASD_TEST_PG is set, into a
private schema of that PostgreSQL database (dropped afterwards); then ingests them again to
measure the rate of skipping duplicates (what resuming an interrupted batch costs).
"""
from __future__ import annotations

import argparse
import os
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import sqlalchemy as sa

from rasd.pipeline import Pipeline
from rasd.store import Store

from throughput import DEFAULT, read_articles


class TimedPipeline:
    """Counts the seconds spent extracting, so the rest of an ingest is the store's."""

    def __init__(self, pipeline: Pipeline) -> None:
        self.pipeline, self.seconds = pipeline, 0.0

    def __call__(self, *args, **kwargs):
        start = time.perf_counter()
        try:
            return self.pipeline(*args, **kwargs)
        finally:
            self.seconds += time.perf_counter() - start


def run(name: str, url: str, records: list[dict], pipeline: Pipeline) -> None:
    timed = TimedPipeline(pipeline)
    with Store(url) as store:
        start = time.perf_counter()
        statuses = [store.ingest_article(r["text"], r["published"], timed, external_id=r.get("id"),
                                         title=r.get("title"), source=r.get("source"),
                                         url=r.get("url")).status for r in records]
        total = time.perf_counter() - start
        start = time.perf_counter()
        for r in records:
            store.ingest_article(r["text"], r["published"], timed)
        again = time.perf_counter() - start
        events = store.status()["events"]
    n = len(records)
    print(f"{name}: {n / total:.1f} articles/s ({total:.1f} s for {n}: extraction "
          f"{timed.seconds:.1f} s = {timed.seconds / total:.0%}, store {total - timed.seconds:.1f} s "
          f"= {(total - timed.seconds) / n * 1000:.1f} ms/article); {statuses.count('failed')} "
          f"failed, {events} events; re-ingest: {n / again:.0f} duplicates/s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=500)
    parser.add_argument("--data", type=Path, default=DEFAULT)
    args = parser.parse_args()
    records = read_articles(args.data, args.n)
    pipeline = Pipeline()
    pipeline("قال المتحدث باسم الشرطة إن عشرات المحتجين اعتقلوا أمس في بغداد.", "2022-01-06")

    with tempfile.TemporaryDirectory() as tmp:
        run("sqlite", f"sqlite:///{tmp}/bench.db", records, pipeline)

    pg = os.environ.get("RASD_TEST_PG")
    if not pg:
        print("postgresql: skipped (set RASD_TEST_PG=postgresql://USER:PASS@HOST/DB)")
        return
    schema = "bench_" + uuid.uuid4().hex[:8]
    admin = sa.create_engine(pg.replace("postgresql://", "postgresql+psycopg://", 1))
    with admin.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    try:
        sep = "&" if "?" in pg else "?"
        run("postgresql", f"{pg}{sep}options={quote(f'-csearch_path={schema}')}", records, pipeline)
    finally:
        with admin.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


if __name__ == "__main__":
    main()
