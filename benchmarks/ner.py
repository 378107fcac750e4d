"""Speed and size of the entity tagger (rasd.ner, BiLSTM-CRF via onnxruntime) on real news, on one core.

usage: python benchmarks/ner.py [--n 1000] [--data ../shared/data/news/bulk.jsonl.gz] [--model PATH]
Prints the model size, its load time (first tag call included), and tokens/s and sentences/s
tagging the first N articles, tokenised and split into sentences by rasd's Tokenizer: once with
`spans_many` over all sentences (batched, sentence by sentence), once with `tag_documents` over
batches of 32 articles (each article one text, as the pipeline's names stage tags them) and once
with one `spans` call per sentence.
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import time
from datetime import date
from pathlib import Path

from rasd.doc import Doc
from rasd.ner import DEFAULT_MODEL, NerModel
from rasd.text import NormalizedText
from rasd.tokens import Tokenizer

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "data" / "news" / "bulk.jsonl.gz"


def articles(path: Path, n: int) -> list[list[list[str]]]:
    """Token lists, one per sentence, of each of the first n articles."""
    out = []
    tokenize = Tokenizer()
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for k, line in enumerate(f):
            if k >= n:
                break
            doc = Doc(NormalizedText(json.loads(line)["text"]), date(2015, 8, 1))
            tokenize(doc)
            article, current, si = [], [], 0
            for tok in doc.tokens:
                if tok.sentence != si and current:
                    article.append(current)
                    current = []
                si = tok.sentence
                current.append(doc.text[slice(*doc.nt.span(tok.start, tok.end))])
            if current:
                article.append(current)
            out.append(article)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--data", type=Path, default=DEFAULT)
    parser.add_argument("--model", type=Path, default=DEFAULT_MODEL)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    documents = articles(args.data, args.n)
    batch = [s for article in documents for s in article]
    tokens = sum(len(s) for s in batch)

    t0 = time.perf_counter()
    ner = NerModel.load(args.model)
    ner.tag(["قال", "الرئيس", "في", "بغداد"])
    load = time.perf_counter() - t0

    t0 = time.perf_counter()
    entities = sum(len(s) for s in ner.spans_many(batch))
    elapsed = time.perf_counter() - t0
    print(f"model: {args.model} ({args.model.stat().st_size / 1e6:.1f} MB)")
    print(f"load + first sentence: {load:.2f} s")
    print(f"batched: tagged {args.n} articles, {len(batch)} sentences, {tokens} tokens in {elapsed:.1f} s: "
          f"{tokens / elapsed:,.0f} tokens/s, {len(batch) / elapsed:,.0f} sentences/s on one core")
    ner = NerModel.load(args.model)  # a fresh model: no memoised words from the run before
    ner.tag(["قال", "الرئيس", "في", "بغداد"])
    t0 = time.perf_counter()
    for k in range(0, len(documents), 32):
        ner.tag_documents(documents[k:k + 32])
    as_texts = time.perf_counter() - t0
    print(f"articles as texts (tag_documents, 32 at a time): {tokens / as_texts:,.0f} tokens/s, "
          f"{len(documents) / as_texts:,.0f} articles/s")
    ner = NerModel.load(args.model)
    ner.tag(["قال", "الرئيس", "في", "بغداد"])
    t0 = time.perf_counter()
    one = sum(len(ner.spans(s)) for s in batch)
    single = time.perf_counter() - t0
    print(f"one call per sentence: {tokens / single:,.0f} tokens/s, {len(batch) / single:,.0f} sentences/s")
    print(f"entities: {entities} ({entities / max(1, args.n):.1f} per article; per-sentence run {one})")


if __name__ == "__main__":
    main()
