"""Training and scoring of the CRF tagger in ner.py (`rasd train ner`, `rasd eval-ner`).

Data (read in place, never copied into the package): DATA/anercorp/{train,test}.txt (CoNLL),
DATA/anercorp/Aligned{Loc,Org,Pers}Gazetteer.txt (ANERGazet) and DATA/news/bulk.jsonl.gz
(unlabelled news, for word clusters). The last 10% of the training sentences are a dev split for
choosing the L1/L2 penalties; test.txt is only scored, once, by the final model.
"""
from __future__ import annotations

import gzip
import json
import os
import re
import sys
import tempfile
import time
from collections import Counter
from multiprocessing import get_context
from pathlib import Path

from .errors import RasdError
from .ner import DEFAULT_MODEL, Featurizer, NerModel, _bio_spans, norm_word, write_model

# Tag variants of other corpora, mapped onto rasd's types; any other type is ignored.
TYPE_ALIASES = {"PER": "PER", "PERS": "PER", "PERSON": "PER", "LOC": "LOC", "LOCATION": "LOC",
                "GPE": "LOC", "ORG": "ORG", "ORGANIZATION": "ORG", "MISC": "MISC"}
SCORED = ("PER", "LOC", "ORG")  # the micro average; MISC is reported on its own line
GRID = ((0.05, 0.01), (0.1, 0.05), (0.2, 0.02), (0.3, 0.1))
MAX_ITERATIONS = 100  # more iterations overfit the dev split (0.729 at 200 vs 0.741 at 100)
N_CLUSTERS = (1000, 100)  # fine, coarse
CLUSTER_VOCAB = 60_000    # most frequent words given a cluster
CONTEXT_VOCAB = 3_000     # neighbour words that describe a word
_WORD = re.compile(r"\w+", re.UNICODE)


def read_conll(path: str | Path) -> list[tuple[list[str], list[str]]]:
    """Sentences of a `token TAG` file as (tokens, BIO tags with rasd's types; other types → O).

    IOB1 input (an entity may start with I-) is rewritten to BIO; a line without a tag is skipped.
    """
    sentences, tokens, tags = [], [], []
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as err:
        raise RasdError(f"cannot read {path}: {err}") from None
    for line in lines + [""]:
        parts = line.split()
        if not parts or parts[0] == "-DOCSTART-":
            if tokens:
                sentences.append((tokens, _to_bio(tags)))
            tokens, tags = [], []
            continue
        if len(parts) < 2:
            continue
        tokens.append(parts[0])
        tags.append(parts[-1].strip("\u200f\u200e"))
    return sentences


def _to_bio(tags: list[str]) -> list[str]:
    out = ["O"] * len(tags)
    for first, last, kind in _bio_spans(tags):
        t = TYPE_ALIASES.get(kind.upper())
        if t:
            out[first] = f"B-{t}"
            for k in range(first + 1, last + 1):
                out[k] = f"I-{t}"
    return out


def read_gazetteer(folder: Path) -> dict[str, str]:
    """ANERGazet names (normalised, one or more words) → their types ("LOC", "LOC|PER")."""
    types: dict[str, set[str]] = {}
    for kind, t in (("Loc", "LOC"), ("Org", "ORG"), ("Pers", "PER")):
        path = folder / f"Aligned{kind}Gazetteer.txt"
        for line in path.read_text(encoding="utf-8").splitlines():
            name = " ".join(norm_word(w) for w in line.split())
            if name and not name.startswith("=="):
                types.setdefault(name, set()).add(t)
    return {k: "|".join(sorted(v)) for k, v in types.items()}


def read_news(news: Path) -> tuple[list[list[str]], Counter]:
    """The words of every article of a JSON Lines news file, and their counts."""
    raw: Counter = Counter()
    docs = []
    with gzip.open(news, "rt", encoding="utf-8") as f:
        for line in f:
            words = _WORD.findall(json.loads(line)["text"])
            raw.update(words)
            docs.append(words)
    return docs, raw


def build_clusters(docs: list[list[str]], raw: Counter, seed: int) -> dict[str, list[int]]:
    """Distributional word clusters from unlabelled news: word → [fine, coarse cluster id].

    Each of the most frequent words is described by its left and right neighbours among the
    commonest words (positive PMI), reduced by SVD and grouped by k-means. Names of one kind share
    neighbours ("قال X", "في X"), so a cluster id tells the CRF about words it never saw tagged.
    """
    import numpy as np
    from scipy import sparse
    from sklearn.cluster import MiniBatchKMeans
    from sklearn.decomposition import TruncatedSVD
    from sklearn.preprocessing import normalize as l2

    counts: Counter = Counter()
    for w, c in raw.items():
        counts[norm_word(w)] += c
    vocab = [w for w, _ in counts.most_common(CLUSTER_VOCAB)]
    index = {w: i for i, w in enumerate(vocab)}
    raw_index = {w: index.get(norm_word(w), -1) for w in raw}
    rows, cols = [], []
    for words in docs:
        ids = np.fromiter((raw_index[w] for w in words), dtype=np.int64, count=len(words))
        left, right = ids[:-1], ids[1:]
        keep = (left >= 0) & (right < CONTEXT_VOCAB) & (right >= 0)
        rows.append(left[keep])
        cols.append(right[keep] + CONTEXT_VOCAB)  # right neighbour of the word
        keep = (right >= 0) & (left < CONTEXT_VOCAB) & (left >= 0)
        rows.append(right[keep])
        cols.append(left[keep])  # left neighbour of the word
    rows, cols = np.concatenate(rows), np.concatenate(cols)
    m = sparse.coo_matrix((np.ones(len(rows), dtype=np.float64), (rows, cols)),
                          shape=(len(vocab), 2 * CONTEXT_VOCAB)).tocsr()
    m.sum_duplicates()
    total = m.sum()
    row_sum = np.asarray(m.sum(axis=1)).ravel()
    col_sum = np.asarray(m.sum(axis=0)).ravel() ** 0.75
    col_sum *= total / col_sum.sum()
    coo = m.tocoo()
    pmi = np.log(coo.data * total / (row_sum[coo.row] * col_sum[coo.col]))
    keep = pmi > 0
    ppmi = sparse.csr_matrix((pmi[keep], (coo.row[keep], coo.col[keep])), shape=m.shape)
    vectors = l2(TruncatedSVD(100, random_state=seed).fit_transform(ppmi))
    labels = [MiniBatchKMeans(k, random_state=seed, n_init=3, batch_size=4096).fit_predict(vectors)
              for k in N_CLUSTERS]
    return {w: [int(ids[i]) for ids in labels] for i, w in enumerate(vocab)}


def score(gold: list[list[str]], pred: list[list[str]]) -> dict:
    """CoNLL exact-span counts per type, and gold type × predicted type for same-boundary spans."""
    counts = {t: {"tp": 0, "gold": 0, "pred": 0} for t in ("PER", "LOC", "ORG", "MISC")}
    confusion: Counter = Counter()
    for g_tags, p_tags in zip(gold, pred):
        g = {(a, b): t for a, b, t in _bio_spans(g_tags)}
        p = {(a, b): t for a, b, t in _bio_spans(p_tags)}
        for t in g.values():
            counts[t]["gold"] += 1
        for t in p.values():
            counts[t]["pred"] += 1
        for span, t in g.items():
            if span in p:
                confusion[t, p[span]] += 1
                if p[span] == t:
                    counts[t]["tp"] += 1
    return {"counts": counts, "confusion": confusion}


def _prf(tp: int, gold: int, pred: int) -> tuple[float, float, float]:
    p = tp / pred if pred else 0.0
    r = tp / gold if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def micro(result: dict) -> tuple[float, float, float]:
    c = result["counts"]
    return _prf(*(sum(c[t][k] for t in SCORED) for k in ("tp", "gold", "pred")))


def report(result: dict, confusion: bool = True) -> str:
    c = result["counts"]
    lines = [f"{'type':<6}{'P':>7}{'R':>7}{'F1':>7}{'gold':>7}{'pred':>7}"]
    for t in (*SCORED, "MISC"):
        p, r, f = _prf(c[t]["tp"], c[t]["gold"], c[t]["pred"])
        note = "  (not in micro)" if t == "MISC" else ""
        lines.append(f"{t:<6}{p:7.3f}{r:7.3f}{f:7.3f}{c[t]['gold']:7d}{c[t]['pred']:7d}{note}")
    if confusion:
        types = ("PER", "LOC", "ORG", "MISC")
        lines.append("confusion, spans with gold boundaries (rows gold, columns predicted):")
        lines.append(f"{'':<6}" + "".join(f"{t:>6}" for t in types))
        for g in types:
            lines.append(f"{g:<6}" + "".join(f"{result['confusion'][g, p]:6d}" for p in types))
    p, r, f = micro(result)
    lines.append(f"micro P={p:.3f} R={r:.3f} F1={f:.3f}")
    return "\n".join(lines)


def evaluate(model: NerModel, conll_path: str | Path, confusion: bool = False) -> dict:
    """Tag every sentence of a CoNLL file, print per-type scores and the micro line; return the counts."""
    sentences = read_conll(conll_path)
    if not sentences:
        raise RasdError(f"no tagged tokens in {conll_path}")
    result = score([tags for _, tags in sentences], [model.tag(tokens) for tokens, _ in sentences])
    print(report(result, confusion))
    return result


# Feature sequences of the training sentences, shared with forked grid workers.
_SHARED: dict = {}


def _fit(c1: float, c2: float, xs, ys) -> bytes:
    import sklearn_crfsuite

    with tempfile.TemporaryDirectory(prefix="rasd-crf-") as tmp:
        path = os.path.join(tmp, "crf.bin")
        crf = sklearn_crfsuite.CRF(algorithm="lbfgs", c1=c1, c2=c2, max_iterations=MAX_ITERATIONS,
                                   all_possible_transitions=True, model_filename=path)
        crf.fit(xs, ys)
        return Path(path).read_bytes()


def _dev_score(setting: tuple[float, float]) -> tuple[float, float, float]:
    """Train on the train part with one (c1, c2), return (c1, c2, dev micro F1)."""
    import pycrfsuite

    c1, c2 = setting
    n = _SHARED["n_fit"]
    crf = _fit(c1, c2, _SHARED["x"][:n], _SHARED["y"][:n])  # kept alive: the tagger reads it in place
    tagger = pycrfsuite.Tagger()
    tagger.open_inmemory(crf)
    pred = [tagger.tag(x) for x in _SHARED["x"][n:]]
    return c1, c2, micro(score(_SHARED["y"][n:], pred))[2]


def _corpus_dir(data_dir: Path) -> Path:
    for folder in (data_dir / "anercorp", data_dir):
        if (folder / "train.txt").is_file():
            return folder
    raise RasdError(f"no ANERcorp train.txt in {data_dir} or {data_dir / 'anercorp'} "
                    "(set --data or RASD_DATA to the shared data folder)")


def train(data_dir: str | Path, out_path: str | Path = DEFAULT_MODEL, seed: int = 0,
          workers: int = 2) -> dict:
    """Build the tables, tune (c1, c2) on the dev split, train on all of train.txt, score test.txt.

    Reproducible: the clusters use `seed`; L-BFGS is deterministic. Prints progress and the test
    report; returns the test counts.
    """
    data_dir = Path(data_dir)
    corpus = _corpus_dir(data_dir)
    news = data_dir / "news" / "bulk.jsonl.gz"
    if not news.is_file():
        news = corpus.parent / "news" / "bulk.jsonl.gz"
    if not news.is_file():
        raise RasdError(f"no news/bulk.jsonl.gz next to {corpus} (needed for word clusters)")
    started = time.perf_counter()

    def say(msg: str) -> None:
        print(f"[{time.perf_counter() - started:6.0f} s] {msg}", file=sys.stderr, flush=True)

    sentences = read_conll(corpus / "train.txt")
    gazetteer = read_gazetteer(corpus)
    say(f"{len(sentences)} training sentences, {len(gazetteer)} gazetteer names; clustering news")
    clusters = build_clusters(*read_news(news), seed)
    featurize = Featurizer(gazetteer, clusters)
    _SHARED.update(x=[featurize(tokens) for tokens, _ in sentences], y=[tags for _, tags in sentences],
                   n_fit=len(sentences) - len(sentences) // 10)
    say(f"{len(clusters)} clustered words; features done; tuning c1/c2 on the last 10% of train")
    with get_context("fork").Pool(max(1, workers)) as pool:
        results = pool.map(_dev_score, GRID, chunksize=1)
    for c1, c2, f in results:
        say(f"  c1={c1} c2={c2}: dev micro F1={f:.4f}")
    c1, c2, dev_f1 = max(results, key=lambda r: (r[2], -r[0], -r[1]))
    say(f"training on all {len(sentences)} sentences with c1={c1} c2={c2}")
    crf = _fit(c1, c2, _SHARED["x"], _SHARED["y"])
    _SHARED.clear()
    meta = {"c1": c1, "c2": c2, "dev_f1": round(dev_f1, 4), "seed": seed,
            "max_iterations": MAX_ITERATIONS, "train_sentences": len(sentences)}
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    write_model(out_path, crf, {"gazetteer": gazetteer, "clusters": clusters, "meta": meta})
    say(f"wrote {out_path} ({out_path.stat().st_size / 1e6:.1f} MB); scoring {corpus / 'test.txt'}")
    result = evaluate(NerModel.load(out_path), corpus / "test.txt", confusion=True)
    say("done")
    return result
