"""A trained named-entity tagger (linear-chain CRF) for Arabic news: PER, LOC, ORG, MISC.

Why a CRF: the rule matcher in entities.py finds only names the knowledge base or a pattern
knows; a statistical tagger trained on ANERcorp also finds unseen names from their context
("الوزير سالم الزهراني"), their shape and their morphology, at tens of thousands of tokens per
second on one core with no GPU and a model of a few MB.

The artifact (`data/ner_crf.model`, built by `rasd train ner`, see ner_train.py) is a zip of
  crf.bin      the CRFsuite model;
  tables.json  tables derived at training time: ANERGazet names by type, word clusters learnt
               from unlabelled news, and the training settings and dev score.
The knowledge base (kb.py) is looked up at tagging time, as the rest of rasd does.
"""
from __future__ import annotations

import json
import re
import zipfile
from functools import lru_cache
from pathlib import Path
from typing import Optional

from .doc import clitic_variants
from .kb import KnowledgeBase
from .lexicon import FORCE_NOUNS, ORG_HEADS, PERSON_TITLES, SPEECH_VERBS, nationality
from .text import normalize

DEFAULT_MODEL = Path(__file__).parent / "data" / "ner_crf.model"
TYPES = ("PER", "LOC", "ORG", "MISC")

# Nouns that announce a place ("مدينة X", "محافظة X"); a feature, so a broad list does no harm.
PLACE_NOUNS = frozenset("""
مدينه بلده قريه منطقه محافظه ولايه اقليم قضاء ناحيه مخيم حي بلدات مدن عاصمه العاصمه مقاطعه
جزيره جزر نهر جبل بحر خليج ميناء مطار شارع ساحه ميدان دوله جمهوريه مملكه اماره
""".split())
# Words that belong to the inside of a person's name ("عبد الله", "ابو بكر", "بن لادن").
NAME_JOINERS = frozenset("عبد ابو ابي بن بنت ابن ال ولد".split())

_LATIN = re.compile(r"[A-Za-z]")
_ARABIC_LETTERS = re.compile(r"^[\u0621-\u064a]+$")


@lru_cache(maxsize=1 << 17)
def norm_word(token: str) -> str:
    """rasd's normalised form of a token (memoised: news repeats its words)."""
    return normalize(token)


@lru_cache(maxsize=1 << 17)
def stems(form: str) -> tuple[str, ...]:
    """The word without its proclitics (و ف ب ل ك), then without ال: the readings a name can hide in.

    The first item is the form itself; "وبغداد" → ("وبغداد", "بغداد"), "والعراق" → (…, "العراق", "عراق").
    """
    out = [rest for _, rest in clitic_variants(form)]
    for rest in list(out):
        if rest.startswith("ال") and len(rest) > 4 and rest[2:] not in out:
            out.append(rest[2:])
    return tuple(out)


def shape(form: str) -> str:
    if form.isdigit():
        return "num"
    if any(c.isdigit() for c in form):
        return "hasnum"
    if _LATIN.search(form):
        return "latin"
    if not form[:1].isalnum():
        return "punct"
    if _ARABIC_LETTERS.match(form):
        return "ar"
    return "other"


def _bio_spans(tags: list[str]) -> list[tuple[int, int, str]]:
    """Spans of a BIO (or IOB1) sequence: a span starts at B-X or at an I-X that does not continue X."""
    spans: list[tuple[int, int, str]] = []
    start, kind = None, None
    for i, tag in enumerate(list(tags) + ["O"]):
        prefix, _, t = tag.partition("-")
        continues = prefix == "I" and t == kind
        if start is not None and not continues:
            spans.append((start, i - 1, kind))
            start, kind = None, None
        if prefix in ("B", "I") and not continues:
            start, kind = i, t
    return spans


class Featurizer:
    """Turns a sentence of tokens into CRFsuite feature strings, one list per token.

    `gazetteer` maps a normalised name (one or more words) to its types ("LOC", "PER|LOC");
    `clusters` maps a normalised word to its [fine, coarse] cluster ids learnt from unlabelled
    news (see ner_train.build_clusters).
    """

    def __init__(self, gazetteer: dict[str, str], clusters: dict[str, list[int]],
                 kb: Optional[KnowledgeBase] = None) -> None:
        self.gazetteer = gazetteer
        self.clusters = clusters
        self.kb = kb or KnowledgeBase()
        self.gaz_words = max((k.count(" ") + 1 for k in gazetteer), default=1)
        self.gaz_prefixes = frozenset(" ".join(k.split(" ")[:n]) for k in gazetteer
                                      for n in range(1, k.count(" ") + 1))
        self._cache: dict[str, tuple[str, ...]] = {}

    def _kb_types(self, word: str) -> list[str]:
        return [f"{e.type}.{e.kind}" for e in self.kb.lookup(word)[:2]]

    def _word(self, form: str) -> tuple[str, ...]:
        """Features of a word on its own (memoised: they do not depend on the neighbours)."""
        hit = self._cache.get(form)
        if hit is None:
            if len(self._cache) > 200_000:
                self._cache.clear()
            hit = self._cache[form] = self._word_features(form)
        return hit

    def _word_features(self, form: str) -> tuple[str, ...]:
        f = [f"w={form}", f"len={min(len(form), 9)}", f"shape={shape(form)}"]
        for k in range(1, 5):
            if len(form) > k:
                f.append(f"p{k}={form[:k]}")
                f.append(f"s{k}={form[-k:]}")
        variants = stems(form)
        for cut, rest in clitic_variants(form)[1:]:
            f.append(f"v={rest}")
            f.append(f"clitic={form[:cut]}")
        core = variants[-1]
        f.append(f"core={core}")
        if any(v.startswith("ال") for v in variants):
            f.append("al")
        for v in variants:
            for t in self.gazetteer.get(v, "").split("|"):
                if t:
                    f.append(f"g={t}")
            for t in self._kb_types(v):
                f.append(f"kb={t}")
                f.append(f"kb={t.split('.')[0]}")
            if v in self.clusters:
                fine, coarse = self.clusters[v]
                f.extend((f"cf={fine}", f"cc={coarse}"))
        for v in variants[:3]:
            if v in PERSON_TITLES:
                f.append("trig=title")
            if v in ORG_HEADS:
                f.append("trig=orghead")
            if v in FORCE_NOUNS:
                f.append("trig=force")
            if v in PLACE_NOUNS:
                f.append("trig=place")
            if v in SPEECH_VERBS:
                f.append("trig=speech")
            if v in NAME_JOINERS:
                f.append("trig=joiner")
        if nationality(core) is not None or nationality(variants[min(1, len(variants) - 1)]) is not None:
            f.append("trig=nationality")
        return tuple(sorted(set(f)))

    def _phrases(self, forms: list[str]) -> list[list[str]]:
        """Multi-word names found by longest match: "gaz=B-LOC", "kb=I-PER" on the tokens they cover."""
        out: list[list[str]] = [[] for _ in forms]
        for name, known, prefix, most, types in (
                ("gaz", self.gazetteer.__contains__, self.gaz_prefixes.__contains__, self.gaz_words,
                 lambda p: self.gazetteer[p].split("|")),
                ("kb", lambda p: bool(self.kb.lookup(p)), self.kb.known_prefix, self.kb.max_words,
                 lambda p: sorted({e.type for e in self.kb.lookup(p)}))):
            i = 0
            while i < len(forms):
                best = None
                for head in stems(forms[i])[:3]:
                    phrase, j = head, i
                    while True:
                        if j > i and known(phrase) and (best is None or j > best[0]):
                            best = (j, phrase)
                        if j + 1 >= len(forms) or j + 1 - i >= most or not prefix(phrase):
                            break
                        j += 1
                        phrase += " " + forms[j]
                if best is None:
                    i += 1
                    continue
                for t in types(best[1]):
                    out[i].append(f"{name}=B-{t}")
                    for k in range(i + 1, best[0] + 1):
                        out[k].append(f"{name}=I-{t}")
                i = best[0] + 1
        return out

    def __call__(self, tokens: list[str]) -> list[list[str]]:
        forms = [norm_word(t) or t for t in tokens]
        words = [self._word(f) for f in forms]
        phrases = self._phrases(forms)
        n = len(forms)
        out = []
        for i, form in enumerate(forms):
            f = ["bias", *words[i], *phrases[i]]
            for o in (-2, -1, 1, 2):
                j = i + o
                if 0 <= j < n:
                    core = stems(forms[j])[-1]
                    f.append(f"{o}:w={forms[j]}")
                    f.append(f"{o}:core={core}")
                    f.append(f"{o}:s2={forms[j][-2:]}")
                    f.extend(f"{o}:{x}" for x in words[j] if x.startswith(("g=", "kb=", "cc=", "trig=")))
                    f.extend(f"{o}:{x}" for x in phrases[j])
                else:
                    f.append(f"{o}:edge")
            if i:
                f.append(f"-1|0={stems(forms[i - 1])[-1]}|{stems(form)[-1]}")
            if i + 1 < n:
                f.append(f"0|+1={stems(form)[-1]}|{stems(forms[i + 1])[-1]}")
            out.append(f)
        return out


class NerModel:
    """The shipped (or any trained) CRF tagger; loads on first use and pickles as its path only.

    `tag(tokens)` gives BIO tags with types PER/LOC/ORG/MISC; `spans(tokens)` gives
    (first token, last token inclusive, type) triples.
    """

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = str(path) if path is not None else None
        self._tagger = None
        self._crf = b""
        self._featurizer: Optional[Featurizer] = None
        self.meta: dict = {}

    @classmethod
    def load(cls, path: str | Path | None = None) -> "NerModel":
        """A model for the artifact at `path` (default: the shipped one); the file is read lazily."""
        return cls(path)

    def __getstate__(self) -> dict:
        return {"path": self.path}

    def __setstate__(self, state: dict) -> None:
        self.__init__(state["path"])

    def _ensure(self) -> None:
        if self._tagger is not None:
            return
        import pycrfsuite

        from .errors import RasdError

        path = Path(self.path) if self.path else DEFAULT_MODEL
        try:
            with zipfile.ZipFile(path) as z:
                crf = z.read("crf.bin")
                tables = json.loads(z.read("tables.json"))
        except (OSError, KeyError, zipfile.BadZipFile) as err:
            raise RasdError(f"cannot read NER model {path}: {err}") from None
        tagger = pycrfsuite.Tagger()
        tagger.open_inmemory(crf)
        self._crf = crf  # the tagger reads this buffer in place: it must outlive the tagger
        self._featurizer = Featurizer(tables["gazetteer"], tables["clusters"])
        self.meta = tables.get("meta", {})
        self._tagger = tagger

    @property
    def featurizer(self) -> Featurizer:
        self._ensure()
        return self._featurizer

    def tag(self, tokens: list[str]) -> list[str]:
        if not tokens:
            return []
        self._ensure()
        return list(self._tagger.tag(self._featurizer(list(tokens))))

    def spans(self, tokens: list[str]) -> list[tuple[int, int, str]]:
        return _bio_spans(self.tag(tokens))


def write_model(path: str | Path, crf_bytes: bytes, tables: dict) -> None:
    """Write the artifact NerModel reads: the CRF and the derived tables in one zip."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("crf.bin", crf_bytes)
        z.writestr("tables.json", json.dumps(tables, ensure_ascii=False, sort_keys=True))
