"""A trained named-entity tagger (BiLSTM-CRF) for Arabic news: PER, LOC, ORG, MISC.

Why: the rule matcher in entities.py finds only names the knowledge base or a pattern knows; a
statistical tagger trained on ANERcorp also finds unseen names from their context ("الوزير سالم
الزهراني"), their spelling and their morphology. The first tagger here was a linear-chain CRF
over sparse features (test micro F1 0.72): it memorised training words and missed unseen names.
The current one feeds a BiLSTM with
  * word vectors learnt by rasd's own code from 24k unlabelled news articles (PPMI + SVD, see
    ner_train.build_embeddings), for the word and for its clitic-stripped core ("وبغداد" → "بغداد"),
    frozen, so a name never seen tagged still lands near the names that were;
  * a character CNN over the normalised word (prefixes, suffixes, the shape of foreign names);
  * 0/1 cues (Featurizer): ANERGazet and knowledge-base (kb.py) membership, for single words
    and longest-match multi-word phrases, trigger words (titles, organisation heads, place
    nouns), the shape, ال and proclitics;
and decodes its tag scores with a CRF (Viterbi in numpy, I-X only after B-X/I-X).

The artifact (`data/ner_bilstm.model`, built by `rasd train ner`, see ner_train.py) is a zip of
  spell.onnx       the character CNN: a word's characters → its spelling vector (memoised per word);
  encoder.onnx     the rest of the network, up to the tag scores (both graphs run with
                   onnxruntime: no PyTorch at runtime);
  embeddings.npy   the word vectors (fp16; rows 0/1 are padding/unknown);
  tables.json      vocabulary, character alphabet, feature names, ANERGazet names, the CRF
                   transition scores, and the training settings and dev score.
The knowledge base (kb.py) is looked up at tagging time, as the rest of rasd does.
"""
from __future__ import annotations

import json
import re
import zipfile
from collections import Counter
from functools import lru_cache
from pathlib import Path
from typing import Optional

from .doc import clitic_variants
from .kb import KnowledgeBase
from .lexicon import FORCE_NOUNS, ORG_HEADS, PERSON_TITLES, SPEECH_VERBS, nationality
from .text import normalize

DEFAULT_MODEL = Path(__file__).parent / "data" / "ner_bilstm.model"
TYPES = ("PER", "LOC", "ORG", "MISC")

# Nouns that announce a place ("مدينة X", "محافظة X"); a feature, so a broad list does no harm.
PLACE_NOUNS = frozenset("""
مدينه بلده قريه منطقه محافظه ولايه اقليم قضاء ناحيه مخيم حي بلدات مدن عاصمه العاصمه مقاطعه
جزيره جزر نهر جبل بحر خليج ميناء مطار شارع ساحه ميدان دوله جمهوريه مملكه اماره
""".split())
# Words that belong to the inside of a person's name ("عبد الله", "ابو بكر", "بن لادن").
NAME_JOINERS = frozenset("عبد ابو ابي بن بنت ابن ال ولد".split())

_LATIN = re.compile(r"[A-Za-z]")
_DIGIT = re.compile(r"\d")
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
    if _DIGIT.search(form):
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



# Word lists whose members cue a neighbouring name, with the feature each sets.
_TRIGGER_FEATURES = ((PERSON_TITLES, "trig=title"), (ORG_HEADS, "trig=orghead"), (FORCE_NOUNS, "trig=force"),
                     (PLACE_NOUNS, "trig=place"), (SPEECH_VERBS, "trig=speech"), (NAME_JOINERS, "trig=joiner"))

class Featurizer:
    """The 0/1 cues of a word and of the multi-word names it is part of (inputs of the network).

    `gazetteer` maps a normalised name (one or more words) to its types ("LOC", "PER|LOC").
    """

    def __init__(self, gazetteer: dict[str, str], kb: Optional[KnowledgeBase] = None) -> None:
        self.gazetteer = gazetteer
        self.kb = kb if kb is not None else KnowledgeBase()
        self.gaz_words = max((k.count(" ") + 1 for k in gazetteer), default=1)
        self.gaz_prefixes = frozenset(" ".join(k.split(" ")[:n]) for k in gazetteer
                                      for n in range(1, k.count(" ") + 1))
        self._start_cache: dict[str, tuple[bool, bool]] = {}

    def _starts(self, form: str) -> tuple[bool, bool]:
        """Whether a multi-word name of ANERGazet / of the knowledge base can start at this word."""
        hit = self._start_cache.get(form)
        if hit is None:
            if len(self._start_cache) > 200_000:
                self._start_cache.clear()
            heads = stems(form)[:3]
            hit = self._start_cache[form] = (any(h in self.gaz_prefixes for h in heads),
                                             any(self.kb.known_prefix(h) for h in heads))
        return hit

    def word(self, form: str) -> tuple[str, ...]:
        """The cues of a word on its own (Encoder.word_inputs memoises them as feature ids)."""
        f = [f"len={min(len(form), 9)}", f"shape={shape(form)}"]
        variants = stems(form)
        f.extend(f"clitic={form[:cut]}" for cut, _ in clitic_variants(form)[1:])
        if any(v.startswith("ال") for v in variants):
            f.append("al")
        for v in variants:
            for t in self.gazetteer.get(v, "").split("|"):
                if t:
                    f.append(f"g={t}")
            for e in self.kb.lookup(v)[:2]:
                f.append(f"kb={e.type}.{e.kind}")
                f.append(f"kb={e.type}")
        for v in variants[:3]:
            f.extend(feature for words, feature in _TRIGGER_FEATURES if v in words)
        if nationality(variants[-1]) is not None or nationality(variants[min(1, len(variants) - 1)]) is not None:
            f.append("trig=nationality")
        return tuple(sorted(set(f)))

    def _phrases(self, forms: list[str]) -> list[list[str]]:
        """Multi-word names found by longest match: "gaz=B-LOC", "kb=I-PER" on the tokens they cover."""
        out: list[list[str]] = [[] for _ in forms]
        memo = self._start_cache
        starts = [memo.get(f) or self._starts(f) for f in forms]
        for source, (name, known, prefix, most, types) in enumerate((
                ("gaz", self.gazetteer.__contains__, self.gaz_prefixes.__contains__, self.gaz_words,
                 lambda p: self.gazetteer[p].split("|")),
                ("kb", lambda p: bool(self.kb.lookup(p)), self.kb.known_prefix, self.kb.max_words,
                 lambda p: sorted({e.type for e in self.kb.lookup(p)})))):
            free = 0  # the first word not inside a name found already
            for i in [k for k, can in enumerate(starts) if can[source]]:
                if i < free:
                    continue
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
                    continue
                for t in types(best[1]):
                    out[i].append(f"{name}=B-{t}")
                    for k in range(i + 1, best[0] + 1):
                        out[k].append(f"{name}=I-{t}")
                free = best[0] + 1
        return out


# ---------------------------------------------------------------------------------------------
# The neural tagger: inputs built here in numpy, a BiLSTM encoder run by onnxruntime, Viterbi here.

TAGS = ("O", "B-PER", "I-PER", "B-LOC", "I-LOC", "B-ORG", "I-ORG", "B-MISC", "I-MISC")
MAX_CHARS = 16          # characters of a word the char CNN sees (the first 8 and the last 8)
PAD, UNK = 0, 1         # word / char ids


@lru_cache(maxsize=1)
def _allowed() -> "object":
    """Transition mask: I-X only after B-X or I-X (also at the start of a sentence: never)."""
    import numpy as np

    n = len(TAGS)
    ok = np.ones((n, n), dtype=bool)
    start = np.ones(n, dtype=bool)
    for j, t in enumerate(TAGS):
        if t.startswith("I-"):
            start[j] = False
            for i, s in enumerate(TAGS):
                ok[i, j] = s[2:] == t[2:]
    return ok, start


class Encoder:
    """Token lists → the arrays the ONNX encoder takes (word vectors, char ids, dense features).

    `words` maps a normalised word to its row of the embedding matrix (rows 0/1: padding/unknown);
    `chars` maps a character to its id; `features` lists the Featurizer features used as 0/1 inputs.
    """

    def __init__(self, featurizer: Featurizer, words: list[str], chars: str, features: list[str]) -> None:
        self.featurizer = featurizer
        self.words = {w: i + 2 for i, w in enumerate(words)}
        self.chars = {c: i + 2 for i, c in enumerate(chars)}
        self.features = {f: i for i, f in enumerate(features)}
        self._cache: dict[str, tuple] = {}

    def word_inputs(self, form: str) -> tuple:
        """(word id, core id, char ids padded to MAX_CHARS, feature ids) of a normalised word; memoised."""
        hit = self._cache.get(form)
        if hit is None:
            if len(self._cache) > 200_000:
                self._cache.clear()
            variants = stems(form)
            wid = next((self.words[v] for v in variants if v in self.words), UNK)
            cid = next((self.words[v] for v in reversed(variants) if v in self.words), UNK)
            text = form if len(form) <= MAX_CHARS else form[:MAX_CHARS // 2] + form[-MAX_CHARS // 2:]
            chars = [self.chars.get(c, UNK) for c in text] + [PAD] * (MAX_CHARS - len(text))
            feats = tuple(self.features[f] for f in self.featurizer.word(form) if f in self.features)
            hit = self._cache[form] = (wid, cid, chars, feats)
        return hit

    def sentence(self, tokens: list[str]) -> tuple[list[str], list, list[list[int]]]:
        """The normalised words of a sentence, their inputs and, per word, its phrase feature ids."""
        forms = [norm_word(t) or t for t in tokens]
        memo = self._cache
        words = [memo.get(f) or self.word_inputs(f) for f in forms]
        phrases = [[self.features[f] for f in fs if f in self.features]
                   for fs in self.featurizer._phrases(forms)]
        return forms, words, phrases

    def batch(self, sentences: list[list[str]], chars: bool = True) -> dict:
        """Padded arrays for a batch: word/core ids [B,T], chars [B,T,L] (if `chars`), feats [B,T,F],
        rev [B,T]; and "forms", the normalised words of each sentence."""
        import numpy as np

        b, t = len(sentences), max(len(s) for s in sentences)
        words = np.zeros((b, t), dtype=np.int64)
        cores = np.zeros((b, t), dtype=np.int64)
        char_ids = np.zeros((b, t * MAX_CHARS), dtype=np.int64) if chars else None
        rev = np.tile(np.arange(t, dtype=np.int64), (b, 1))
        forms: list[list[str]] = []
        at: list[int] = []       # flat position (sentence × t + word) of each word
        counts: list[int] = []   # how many features are on at each word
        on: list[int] = []       # the ids of those features, word after word
        for i, tokens in enumerate(sentences):
            words_of, inputs, phrases = self.sentence(tokens)
            forms.append(words_of)
            n = len(tokens)
            wids, cids, spellings, feats = zip(*inputs)
            rev[i, :n] = range(n - 1, -1, -1)
            words[i, :n] = wids
            cores[i, :n] = cids
            if chars:
                char_ids[i, :n * MAX_CHARS] = [c for spelling in spellings for c in spelling]
            at.extend(range(i * t, i * t + n))
            for fs, ps in zip(feats, phrases):
                on.extend(fs)
                on.extend(ps)
                counts.append(len(fs) + len(ps))
        feats = np.zeros((b * t, len(self.features)), dtype=np.float32)
        feats[np.repeat(at, counts), on] = 1.0
        out = {"words": words, "cores": cores, "feats": feats.reshape(b, t, -1), "rev": rev, "forms": forms}
        if chars:
            out["chars"] = char_ids.reshape(b, t, MAX_CHARS)
        return out


def viterbi(emissions, lengths, transitions, start, end) -> list[list[int]]:
    """Best tag ids per sentence of a batch: emissions [B,T,K], transitions [K,K] (from → to)."""
    import numpy as np

    ok, start_ok = _allowed()
    into = np.ascontiguousarray(np.where(ok, transitions, -1e4).astype(np.float32).T)  # [to, from]
    b, t, k = emissions.shape
    lengths = [int(n) for n in lengths]
    ending: dict[int, list[int]] = {}  # last position → the sentences that end there
    for row, n in enumerate(lengths):
        ending.setdefault(n - 1, []).append(row)
    steps = np.ascontiguousarray(emissions.transpose(1, 0, 2), dtype=np.float32)  # [T, B, K]
    score = steps[0] + np.where(start_ok, start, -1e4).astype(np.float32)
    back = np.empty((t, b, k), dtype=np.intp)
    last = np.zeros(b, dtype=np.intp)
    cand = np.empty((b, k, k), dtype=np.float32)
    rows, tags = np.arange(b)[:, None], np.arange(k)[None, :]
    for i in range(t):
        if i:
            np.add(score[:, None, :], into, out=cand)  # [B, to, from]
            best = back[i] = cand.argmax(2)
            score = cand[rows, tags, best] + steps[i]
        done = ending.get(i)
        if done is not None:
            last[done] = (score[done] + end).argmax(1)
    # Backtrace for the whole batch at once; a sentence joins at its own last position.
    paths = np.empty((b, t), dtype=np.intp)
    tag = np.zeros(b, dtype=np.intp)
    everyone = np.arange(b)
    for i in range(t - 1, -1, -1):
        done = ending.get(i)
        if done is not None:
            tag[done] = last[done]
        paths[:, i] = tag
        if i:
            tag = back[i, everyone, tag]
    return [row[:n] for row, n in zip(paths.tolist(), lengths)]


def length_groups(lengths: list[int], most: int = 32, ratio: float = 1.5, slack: int = 4) -> list[list[int]]:
    """Indices of sentences grouped for the encoder: sorted by length, at most `most` per group, the
    longest at most `ratio` × the shortest + `slack` tokens, so little of a batch is padding."""
    order = sorted(range(len(lengths)), key=lengths.__getitem__)
    groups: list[list[int]] = []
    for i in order:
        if not groups or len(groups[-1]) >= most or lengths[i] > lengths[groups[-1][0]] * ratio + slack:
            groups.append([])
        groups[-1].append(i)
    return groups


class NerModel:
    """The shipped (or any trained) neural tagger; loads on first use and pickles as its path only.

    `tag(tokens)` gives BIO tags with types PER/LOC/ORG/MISC; `spans(tokens)` gives
    (first token, last token inclusive, type) triples; `tag_many` / `spans_many` batch sentences
    (much faster than one call per sentence).
    """

    batch_size = 32    # sentences per encoder run (at most)
    decode_size = 256  # sentences per Viterbi run (at most)
    memo_size = 50_000  # words whose spelling vectors are memoised

    def __init__(self, path: str | Path | None = None, kb: Optional[KnowledgeBase] = None) -> None:
        self.path = str(path) if path is not None else None
        self.kb = kb  # shared with the pipeline's stages (None: a KnowledgeBase of its own)
        self._session = None
        self._spell = None
        self._spelt_rows: dict[str, int] = {}  # normalised word → its row of _spelt
        self._spelt = None  # the spelling vectors of the words memoised so far
        self._encoder: Optional[Encoder] = None
        self._emb = None
        self._crf: dict = {}
        self.meta: dict = {}

    @classmethod
    def load(cls, path: str | Path | None = None, kb: Optional[KnowledgeBase] = None) -> "NerModel":
        """A model for the artifact at `path` (default: the shipped one); the file is read lazily."""
        return cls(path, kb)

    def __getstate__(self) -> dict:
        return {"path": self.path, "kb": self.kb}  # a KnowledgeBase pickles as its path

    def __setstate__(self, state: dict) -> None:
        self.__init__(state["path"], state.get("kb"))

    def _ensure(self) -> None:
        if self._session is not None:
            return
        import io

        import numpy as np
        import onnxruntime as ort

        from .errors import RasdError

        path = Path(self.path) if self.path else DEFAULT_MODEL
        try:
            with zipfile.ZipFile(path) as z:
                spell_bytes, onnx_bytes = z.read("spell.onnx"), z.read("encoder.onnx")
                emb = np.load(io.BytesIO(z.read("embeddings.npy")))
                tables = json.loads(z.read("tables.json"))
        except (OSError, KeyError, ValueError, zipfile.BadZipFile) as err:
            raise RasdError(f"cannot read NER model {path}: {err}") from None
        options = ort.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        self._session = ort.InferenceSession(onnx_bytes, options, providers=["CPUExecutionProvider"])
        self._spell = ort.InferenceSession(spell_bytes, options, providers=["CPUExecutionProvider"])
        self._emb = emb.astype(np.float32)
        self._encoder = Encoder(Featurizer(tables["gazetteer"], self.kb), tables["words"], tables["chars"],
                                tables["features"])
        self._crf = {k: np.asarray(tables["crf"][k], dtype=np.float32)
                     for k in ("transitions", "start", "end")}
        self.meta = tables.get("meta", {})

    def emissions(self, sentences: list[list[str]]):
        """Tag scores [B,T,K] of a batch of non-empty sentences."""
        import numpy as np

        self._ensure()
        x = self._encoder.batch(sentences, chars=False)
        rows = self._spelt_rows
        forms = {f for words in x["forms"] for f in words}
        if len(rows) + len(forms) > self.memo_size:
            rows.clear()
        new = [f for f in forms if f not in rows]
        if new:
            chars = np.array([self._encoder.word_inputs(f)[2] for f in new], dtype=np.int64)
            vectors = self._spell.run(None, {"chars": chars})[0]
            at = len(rows)  # > 0 only if there is room (cleared above otherwise)
            if self._spelt is None or at + len(new) > len(self._spelt):
                self._spelt = np.zeros((max(self.memo_size, len(new)), vectors.shape[1]), dtype=np.float32)
            self._spelt[at:at + len(new)] = vectors
            rows.update(zip(new, range(at, at + len(new))))
        b, t = x["words"].shape
        index = np.zeros((b, t), dtype=np.int64)
        for i, words in enumerate(x["forms"]):
            index[i, :len(words)] = [rows[f] for f in words]
        spelt = self._spelt[index]
        feed = {"wvec": self._emb[x["words"]], "cvec": self._emb[x["cores"]], "spelt": spelt,
                "feats": x["feats"], "rev": x["rev"]}
        return self._session.run(None, feed)[0]

    def tag_many(self, sentences: list[list[str]], document: bool = False) -> list[list[str]]:
        """BIO tags for each sentence, computed in batches of sentences of similar length.

        With `document`, the sentences are one text in reading order and the tags are made
        consistent across neighbouring sentences (see `propagate`).
        """
        import numpy as np

        self._ensure()
        sentences = [list(s) for s in sentences]
        out: list[list[str]] = [[] for _ in sentences]
        tagged = [i for i, s in enumerate(sentences) if s]
        lengths = [len(sentences[i]) for i in tagged]
        # The encoder runs on groups of sentences of about one length; Viterbi then decodes up to
        # `decode_size` sentences at once (its cost is per position, whatever the batch).
        groups = length_groups(lengths, self.batch_size)
        pending: list[tuple[int, "object"]] = []
        for group in groups:
            em = self.emissions([sentences[tagged[j]] for j in group])
            pending.extend((tagged[j], em[k, :lengths[j]]) for k, j in enumerate(group))
            if len(pending) >= self.decode_size or group is groups[-1]:
                t = max(len(e) for _, e in pending)
                batch = np.zeros((len(pending), t, len(TAGS)), dtype=np.float32)
                for k, (_, e) in enumerate(pending):
                    batch[k, :len(e)] = e
                paths = viterbi(batch, [len(e) for _, e in pending], self._crf["transitions"],
                                self._crf["start"], self._crf["end"])
                for (i, _), path in zip(pending, paths):
                    out[i] = [TAGS[j] for j in path]
                pending = []
        return propagate(sentences, out) if document else out

    def tag(self, tokens: list[str]) -> list[str]:
        if not tokens:
            return []
        return self.tag_many([tokens])[0]

    def spans(self, tokens: list[str]) -> list[tuple[int, int, str]]:
        return _bio_spans(self.tag(tokens))

    def spans_many(self, sentences: list[list[str]]) -> list[list[tuple[int, int, str]]]:
        return [_bio_spans(tags) for tags in self.tag_many(sentences)]


def write_model(path: str | Path, spell_onnx: bytes, encoder_onnx: bytes, embeddings, tables: dict) -> None:
    """Write the artifact NerModel reads: the two ONNX graphs, the fp16 word vectors, the tables."""
    import io

    import numpy as np

    buf = io.BytesIO()
    np.save(buf, np.asarray(embeddings, dtype=np.float16))
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("spell.onnx", spell_onnx)
        z.writestr("encoder.onnx", encoder_onnx)
        z.writestr("embeddings.npy", buf.getvalue())
        z.writestr("tables.json", json.dumps(tables, ensure_ascii=False, sort_keys=True))


def propagate(sentences: list[list[str]], tags: list[list[str]], window: int = 30,
              max_words: int = 4) -> list[list[str]]:
    """Document-level consistency ("one sense per discourse") over sentences in reading order.

    A word sequence the tagger marked as an entity (type X) in one of the `window` sentences
    before or after is tagged X where it was left all O, provided the tagger marked it at least
    as often as it left it O within that window. Names are spelt out in full once and then
    repeated ("… ماكرون"), and the repeat often lacks the context that gave the first away.
    """
    forms = [[norm_word(t) or t for t in s] for s in sentences]
    marked: list[Counter] = []   # per sentence: (words, type) → times marked
    for f, t in zip(forms, tags):
        c: Counter = Counter()
        for a, b, kind in _bio_spans(t):
            if b - a < max_words and kind != "MISC":
                c[tuple(f[a:b + 1]), kind] += 1
        marked.append(c)
    out = [list(t) for t in tags]
    n = len(sentences)
    window_counts: Counter = Counter()
    for k in range(min(n, window + 1)):
        window_counts.update(marked[k])
    for i in range(n):
        if i:
            if i + window < n:
                window_counts.update(marked[i + window])
            if i - window - 1 >= 0:
                window_counts.subtract(marked[i - window - 1])
        names: dict[tuple, Counter] = {}
        for (words, kind), c in window_counts.items():
            if c > 0:
                names.setdefault(words, Counter())[kind] += c
        if not names:
            continue
        f, t = forms[i], out[i]
        j = 0
        while j < len(f):
            hit = None
            for size in range(min(max_words, len(f) - j), 0, -1):
                words = tuple(f[j:j + size])
                if words in names and all(x == "O" for x in t[j:j + size]):
                    hit = (size, words)
                    break
            if hit is None:
                j += 1
                continue
            size, words = hit
            kind, times = names[words].most_common(1)[0]
            left_o = sum(1 for k in range(max(0, i - window), min(n, i + window + 1))
                         for _ in _occurrences(forms[k], tags[k], words))
            if times >= left_o:
                t[j] = f"B-{kind}"
                for k in range(j + 1, j + size):
                    t[k] = f"I-{kind}"
            j += size
    return out


def _occurrences(forms: list[str], tags: list[str], words: tuple) -> list[int]:
    """Starts of `words` in a sentence where every word is tagged O."""
    n = len(words)
    return [j for j in range(len(forms) - n + 1)
            if tuple(forms[j:j + n]) == words and all(x == "O" for x in tags[j:j + n])]
