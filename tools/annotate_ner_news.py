"""Make and read back the hand annotation of news sentences that `rasd train ner` learns from
(src/rasd/data/ner_news.jsonl; guidelines and how it was made: docs/ner_news_annotation.md).

Why: ANERcorp alone (4,000 sentences of 2007 news) leaves the tagger short of names it has never
seen; annotated sentences of today's news teach it more names in more contexts. The annotation
file holds positions only: the texts (SaudiNewsNet, non-commercial) stay in the shared folder.

usage:
  python tools/annotate_ner_news.py sample OUT_DIR [--first-shard K] [--like-anercorp] [--data DIR]
      writes OUT_DIR/examples.txt (320 ANERcorp training sentences, names in brackets) and 8
      shards OUT_DIR/shardK.txt of about 300 sentences (`article|index<TAB>tokens`), from bulk
      articles after the first 6,000 (those feed self-training) not annotated yet; drawn at
      random, or with --like-anercorp those whose words are most like ANERcorp's training text
  python tools/annotate_ner_news.py convert OUT_DIR [--data DIR]
      reads every OUT_DIR/shardK.txt with its annotation OUT_DIR/outK.jsonl ({"s": id, "e":
      [[tokens, PERS|LOC|ORG|MISC], ...]} per sentence) and rewrites ner_news.jsonl with them
      and the annotations it already holds
"""
import argparse
import gzip
import json
import math
import random
from collections import Counter
from pathlib import Path

from rasd.ner import _bio_spans
from rasd.ner_train import ANNOTATED, LONGEST, SHORTEST, article_sentences, read_conll

SHARDS, PER_SHARD, SKIPPED = 8, 300, 6000
PER_ARTICLE = 18  # sentences of an article offered at most


def offered(sentences: list[list[str]]) -> list[int]:
    """Which of an article's tagger sentences an annotator sees (their indices)."""
    return [i for i, words in enumerate(sentences) if SHORTEST <= len(words) <= LONGEST][:PER_ARTICLE]


def annotated() -> list[dict]:
    if not ANNOTATED.is_file():
        return []
    return [json.loads(line) for line in ANNOTATED.read_text(encoding="utf-8").splitlines()]


def most_like_anercorp(articles: list[str], train: list[tuple[list[str], list[str]]]) -> list[str]:
    """The articles (JSON lines) ordered by the tf-idf cosine of their words to ANERcorp's training
    text, most alike first: world politics of the kind ANERcorp's news covers, which the random
    draw from Saudi papers (local, sports, economy) gives little of. (Sublinear tf, smoothed idf,
    words of at least two documents, ANERcorp's text one of them.)"""
    texts = [Counter(json.loads(line)["text"].lower().split()) for line in articles]
    reference = Counter(w.lower() for tokens, _ in train for w in tokens)
    df = Counter(w for counts in texts + [reference] for w in counts)
    n = len(texts) + 1

    def unit(counts: Counter) -> dict[str, float]:
        weights = {w: (1 + math.log(c)) * (math.log((1 + n) / (1 + df[w])) + 1)
                   for w, c in counts.items() if df[w] >= 2}
        norm = math.sqrt(sum(x * x for x in weights.values())) or 1.0
        return {w: x / norm for w, x in weights.items()}

    ref = unit(reference)
    likeness = [sum(x * ref.get(w, 0.0) for w, x in unit(counts).items()) for counts in texts]
    return [articles[k] for k in sorted(range(len(articles)), key=lambda k: -likeness[k])]


def sample(data: Path, out: Path, first_shard: int, like_anercorp: bool = False) -> None:
    out.mkdir(parents=True, exist_ok=True)
    train = read_conll(data / "anercorp" / "train.txt")
    with open(out / "examples.txt", "w", encoding="utf-8") as f:
        for tokens, tags in random.Random(3).sample(train, 320):
            words = list(tokens)
            for first, last, kind in reversed(_bio_spans(tags)):
                words[first:last + 1] = [f"[{'PERS' if kind == 'PER' else kind} {' '.join(tokens[first:last + 1])}]"]
            f.write(" ".join(words) + "\n")
    done = {r["article"] for r in annotated()}
    with gzip.open(data / "news" / "bulk.jsonl.gz", "rt", encoding="utf-8") as f:
        articles = [line for k, line in enumerate(f) if k >= SKIPPED]
    random.Random(11).shuffle(articles)
    if like_anercorp:
        articles = most_like_anercorp(articles, train)
    shards: list[list[str]] = [[] for _ in range(SHARDS)]
    sizes = [0] * SHARDS
    for line in articles:
        article = json.loads(line)
        if article["id"] in done:
            continue
        sentences = article_sentences(article["text"])
        chosen = offered(sentences)
        if len(chosen) < 4:
            continue
        k = sizes.index(min(sizes))
        if sizes[k] >= PER_SHARD:
            break
        shards[k] += [f"{article['id']}|{j}\t{' '.join(sentences[i])}" for j, i in enumerate(chosen)] + [""]
        sizes[k] += len(chosen)
    for k, lines in enumerate(shards):
        (out / f"shard{first_shard + k}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{sum(sizes)} sentences in shards {first_shard}-{first_shard + SHARDS - 1} of {out}")


def positions(tokens: list[str], names: list[list[str]]) -> list[list]:
    """[first, last, type] of every occurrence of each annotated name, longest names first, never
    overlapping (an annotator lists a name once per sentence)."""
    taken = [False] * len(tokens)
    found = []
    for text, kind in sorted(names, key=lambda name: -len(name[0].split(" "))):
        words = text.split(" ")
        for at in range(len(tokens) - len(words) + 1):
            if tokens[at:at + len(words)] == words and not any(taken[at:at + len(words)]):
                taken[at:at + len(words)] = [True] * len(words)
                found.append([at, at + len(words) - 1, "PER" if kind == "PERS" else kind])
    return sorted(found)


def convert(data: Path, out: Path) -> None:
    shown: dict[str, tuple[list[str], list]] = {}
    for shard in sorted(out.glob("shard*.txt")):
        answers = out / shard.name.replace("shard", "out").replace(".txt", ".jsonl")
        names = {r["s"]: r["e"] for r in map(json.loads, answers.read_text(encoding="utf-8").splitlines())}
        for line in shard.read_text(encoding="utf-8").splitlines():
            if "\t" in line:
                key, text = line.split("\t", 1)
                shown[key] = (text.split(" "), names[key])  # a sentence left unanswered stops here
    wanted: dict[str, list[int]] = {}
    for key in shown:
        article, j = key.split("|")
        wanted.setdefault(article, []).append(int(j))
    records = {(r["article"], r["sentence"]): r for r in annotated()}
    with gzip.open(data / "news" / "bulk.jsonl.gz", "rt", encoding="utf-8") as f:
        for line in f:
            article = json.loads(line)
            if article["id"] not in wanted:
                continue
            sentences = article_sentences(article["text"])
            chosen = offered(sentences)
            for j in wanted[article["id"]]:
                tokens, names = shown[f"{article['id']}|{j}"]
                if sentences[chosen[j]] != tokens:
                    raise SystemExit(f"{article['id']}|{j}: the article no longer gives the annotated tokens")
                records[article["id"], chosen[j]] = {"article": article["id"], "sentence": chosen[j],
                                                     "tokens": len(tokens), "names": positions(tokens, names)}
    with open(ANNOTATED, "w", encoding="utf-8") as f:
        for key in sorted(records):
            f.write(json.dumps(records[key], separators=(",", ":")) + "\n")
    print(f"{len(records)} annotated sentences in {ANNOTATED}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("what", choices=["sample", "convert"])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--first-shard", type=int, default=0)
    parser.add_argument("--like-anercorp", action="store_true",
                        help="draw the articles most like ANERcorp's training text, not at random")
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    args = parser.parse_args()
    if args.what == "sample":
        sample(args.data, args.folder, args.first_shard, args.like_anercorp)
    else:
        convert(args.data, args.folder)
