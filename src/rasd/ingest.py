"""Batch ingestion of article files into the store, and re-extraction after a pipeline upgrade.

Inputs: .txt / .html / .htm files (date from a sibling STEM.meta.json or the default), .jsonl
files of {"id", "text", "published", ...} records, and folders of them (recursively). Every
article is committed on its own, so an interrupted run is resumed by running it again: articles
already stored are recognised by their content hash and skipped without re-extraction.
"""
from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from tqdm import tqdm

from .errors import InputError, RasdError
from .pipeline import batches
from .store import Store
from .text import decode, prepare

TEXT_SUFFIXES = {".txt", ".html", ".htm"}
SUFFIXES = TEXT_SUFFIXES | {".jsonl"}
MAX_FILE_BYTES = 64 * 1024 * 1024  # far beyond any article (text.MAX_CHARS), short of a dump
_META_FIELDS = ("title", "source", "url")


@dataclass
class Article:
    """One article as found on disk; `error` says why it cannot be extracted, if known, and
    `raw` is None when the file could not be read at all (there is nothing to store)."""

    raw: bytes | None
    where: str
    external_id: str | None = None
    published: str | None = None
    meta: dict = field(default_factory=dict)
    error: str | None = None


@dataclass
class IngestCounts:
    new: int = 0
    duplicate: int = 0
    failed: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)  # (where, reason)


def find_files(paths: Iterable[str | Path]) -> list[Path]:
    """The article files named or inside the named folders, in a stable order."""
    found: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            found += sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUFFIXES)
        elif p.is_file():
            found.append(p)
        else:
            raise RasdError(f"no such file or folder: {p}")
    return found


def read_articles(files: Iterable[Path], published: str | None = None) -> Iterator[Article]:
    """Articles of the files; `published` is the date of those that carry none."""
    for path in files:
        try:
            size = path.stat().st_size
            if size > MAX_FILE_BYTES:
                yield Article(None, str(path), error=f"file too large ({size:,} bytes)")
            elif path.suffix.lower() == ".jsonl":
                yield from _jsonl_articles(path, published)
            else:
                yield _file_article(path, published)
        except OSError as err:
            yield Article(None, str(path), error=f"cannot read: {err.strerror}")


def _file_article(path: Path, default_published: str | None) -> Article:
    article = Article(path.read_bytes(), str(path), external_id=path.stem)
    meta_path = path.with_name(path.stem + ".meta.json")
    meta: dict = {}
    if meta_path.exists():
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            if not isinstance(meta, dict):
                raise ValueError("not a JSON object")
        except (ValueError, UnicodeDecodeError) as err:
            article.error = f"unreadable {meta_path.name}: {err}"
            return article
    article.external_id = str(meta.get("id") or path.stem)
    article.published = meta.get("published") or default_published
    article.meta = {k: meta[k] for k in _META_FIELDS if meta.get(k)}
    if not article.published:
        article.error = _undated(article.raw, f"no publication date: add {meta_path.name} with "
                                 '{"published": "YYYY-MM-DD"} or pass --published')
    return article


def _undated(raw: bytes, hint: str) -> str:
    """Why an article without a date fails: what is wrong with its content comes first."""
    try:
        prepare(decode(raw))
    except InputError as err:
        return str(err)
    return hint


def _jsonl_articles(path: Path, default_published: str | None) -> Iterator[Article]:
    with path.open("rb") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            where = f"{path}:{n}"
            try:
                record = json.loads(line)
                if not isinstance(record, dict) or not isinstance(record.get("text"), str):
                    raise ValueError("expected an object with a \"text\" string")
            except (ValueError, UnicodeDecodeError) as err:
                yield Article(line.rstrip(b"\r\n"), where, external_id=f"{path.stem}:{n}",
                              error=f"line {n}: not a JSON article record ({err})")
                continue
            raw = record["text"].encode("utf-8")
            published = record.get("published") or default_published
            yield Article(raw, where, external_id=str(record.get("id") or f"{path.stem}:{n}"),
                          published=published,
                          meta={k: str(record[k]) for k in _META_FIELDS if record.get(k)},
                          error=None if published else
                          _undated(raw, 'no publication date (field "published" or --published)'))


def ingest(paths: Iterable[str | Path], store: Store, pipeline, published: str | None = None,
           progress: bool = True, batch_size: int = 32) -> IngestCounts:
    """Store every article under `paths` with its extraction; a bad article is stored as failed
    with its reason (a file too large or unreadable is only reported) and the batch goes on.

    Articles are extracted `batch_size` at a time (Pipeline.pipe) and committed one by one."""
    counts = IngestCounts()
    files = find_files(paths)
    bar = tqdm(desc="ingest", unit="article", file=sys.stderr, disable=not progress)
    for chunk in batches(read_articles(files, published), batch_size):
        readable = [a for a in chunk if a.raw is not None and not a.error and a.published]
        stored = {id(a) for a in readable if store.stored_ok(a.raw)}  # a rerun: not extracted again
        todo = [a for a in readable if id(a) not in stored]
        results = pipeline.pipe(((a.raw, a.published, a.external_id) for a in todo), batch_size)
        extracted = {id(a): (None, str(r)) if isinstance(r, InputError) else (r, None)
                     for a, r in zip(todo, results)}
        for article in chunk:
            if article.raw is None:
                status, reason = "failed", article.error
            elif id(article) in stored:
                status, reason = "duplicate", None
            else:
                result = store.ingest_article(article.raw, article.published, pipeline,
                                              external_id=article.external_id, path=article.where,
                                              error=article.error, extracted=extracted.get(id(article)),
                                              **article.meta)
                status, reason = result.status, result.reason
            setattr(counts, status, getattr(counts, status) + 1)
            if status == "failed":
                counts.failures.append((article.where, reason))
                bar.write(f"rasd: {article.where}: {reason}", file=sys.stderr)
            bar.update()
    bar.close()
    if counts.new:
        store.optimize()
    return counts


def reprocess(store: Store, pipeline, progress: bool = True) -> dict[str, int]:
    """Re-extract the stored articles that another pipeline version extracted."""
    def bar(ids):
        return tqdm(ids, desc="reprocess", unit="article", file=sys.stderr, disable=not progress)
    counts = store.reprocess(pipeline, progress=bar)
    store.optimize()
    return counts
