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
  * 0/1 cues (Featurizer): ANERGazet, knowledge-base (kb.py) and Wikidata-people (PersonNames)
    membership, for single words and longest-match multi-word phrases, trigger words (titles,
    organisation heads, place nouns), the shape, ال and proclitics;
and decodes its tag scores with a CRF (Viterbi in numpy, I-X only after B-X/I-X). The shipped
model is an ensemble of two such nets (two seeds), whose tag scores and CRF weights are averaged:
0.7 dev F1 above a single net on average, for twice the LSTM work. A text (an
article, a CoNLL file) is tagged as a whole (`tag_documents`): each word's scores lean towards what
the CRF makes of its other mentions (`document_prior`), and a name tagged in one sentence is
copied to its untagged repeats (`propagate`).

The artifact (`data/ner_bilstm.model`, built by `rasd train ner`, see ner_train.py) is a zip of
  spell.onnx       the character CNNs: a word's characters → its spelling vector (the nets' side
                   by side);
  project.onnx     a word's inputs (vectors, spelling, 0/1 cues) → the input of the LSTMs;
  encoder.onnx     one bidirectional LSTM op per net over the sentences (skipping their padding),
                   up to the nets' mean tag scores (all three run with onnxruntime: no PyTorch at
                   runtime);
  embeddings.npy   the word vectors (fp16; rows 0/1 are padding/unknown);
  tables.json      vocabulary, character alphabet, feature names, ANERGazet names, the names of
                   people (PersonNames), the (mean) CRF transition scores, and the training
                   settings and dev scores.
Everything up to the LSTMs depends on the word alone (but for the few cues of multi-word names),
so NerModel memoises it per word and a sentence costs little more than its LSTM steps.
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


def _trigger_table() -> dict[str, tuple[str, ...]]:
    """Words that cue a neighbouring name → the features they set (a word can be in several lists)."""
    table: dict[str, tuple[str, ...]] = {}
    for words, feature in ((PERSON_TITLES, "trig=title"), (ORG_HEADS, "trig=orghead"), (FORCE_NOUNS, "trig=force"),
                           (PLACE_NOUNS, "trig=place"), (SPEECH_VERBS, "trig=speech"), (NAME_JOINERS, "trig=joiner")):
        for word in words:
            table[word] = table.get(word, ()) + (feature,)
    return table


_TRIGGERS = _trigger_table()


def phrase_prefixes(names) -> tuple[frozenset, int]:
    """The word prefixes of multi-word names ("عبد الله الثاني" → "عبد", "عبد الله") for a
    longest-match walk, and the most words a name has."""
    prefixes = set()
    for name in names:
        at = name.find(" ")
        while at > 0:
            prefixes.add(name[:at])
            at = name.find(" ", at + 1)
    return frozenset(prefixes), max((name.count(" ") + 1 for name in names), default=1)


class PersonNames:
    """People's names: single name parts ("محمد", "الزهراني") → their cues, and full names.

    Why: ANERGazet lists a few thousand people; news names thousands more. Training fills this
    from Wikidata's people (arabic-name-romanizer's index, see ner_train.read_person_names) and
    the artifact keeps the copy the net was trained with. A part that many people bear is a
    strong cue of a person, a rare one a weak cue (some are common words too); the cues say which
    (pn#many / pn#some / pn#few, and the roles pn=given / pn=surname) and the net learns how much
    to trust each.
    """

    def __init__(self, parts: Optional[dict[str, str]] = None, full: Optional[list[str]] = None) -> None:
        cue_sets: dict[str, tuple[str, ...]] = {}  # a score of distinct cue strings: one tuple each
        self.parts = {word: cue_sets.get(cues) or cue_sets.setdefault(cues, tuple(cues.split("|")))
                      for word, cues in (parts or {}).items()}
        self.full = frozenset(full or ())
        self.prefixes, self.max_words = phrase_prefixes(self.full)

    def part(self, form: str) -> tuple[str, ...]:
        return self.parts.get(form, ())


class Featurizer:
    """The 0/1 cues of a word and of the multi-word names it is part of (inputs of the network).

    `gazetteer` maps a normalised name (one or more words) to its types ("LOC", "PER|LOC").
    Multi-word names come from three sources: ANERGazet, the knowledge base and `people`.
    """

    SOURCES = ("gaz", "kb", "pn")

    def __init__(self, gazetteer: dict[str, str], kb: Optional[KnowledgeBase] = None,
                 people: Optional[PersonNames] = None) -> None:
        self.gazetteer = gazetteer
        self.kb = kb if kb is not None else KnowledgeBase()
        self.people = people if people is not None else PersonNames()
        self.gaz_prefixes, self.gaz_words = phrase_prefixes(gazetteer)

    def starts(self, form: str) -> tuple[bool, bool, bool]:
        """Whether a multi-word name of ANERGazet / of the knowledge base / of `people` can start at
        this word."""
        heads = stems(form)[:3]
        return (any(h in self.gaz_prefixes for h in heads), any(self.kb.known_prefix(h) for h in heads),
                any(h in self.people.prefixes for h in heads))

    def word(self, form: str) -> tuple[str, ...]:
        """The cues of a word on its own (NerModel memoises them per word, as feature ids)."""
        f = [f"len={min(len(form), 9)}", f"shape={shape(form)}"]
        variants = stems(form)
        f.extend(f"clitic={form[:cut]}" for cut, _ in clitic_variants(form)[1:])
        if any(v.startswith("ال") for v in variants):
            f.append("al")
        for v in variants:
            types = self.gazetteer.get(v)
            if types:
                f.extend(f"g={t}" for t in types.split("|"))
            for e in self.kb.lookup(v)[:2]:
                f.append(f"kb={e.type}.{e.kind}")
                f.append(f"kb={e.type}")
        f.extend(next((cues for cues in map(self.people.part, variants) if cues), ()))
        for v in variants[:3]:
            f.extend(_TRIGGERS.get(v, ()))
        if nationality(variants[-1]) is not None or nationality(variants[min(1, len(variants) - 1)]) is not None:
            f.append("trig=nationality")
        return tuple(sorted(set(f)))

    def phrases(self, forms: list[str], candidates=None) -> dict[int, list[str]]:
        """Multi-word names found by longest match: "gaz=B-LOC", "kb=I-PER" on the tokens they cover,
        by token index. `candidates`: the positions where a name of ANERGazet / of the knowledge
        base can start (see `starts`), if known already."""
        out: dict[int, list[str]] = {}
        if candidates is None:
            starts = [self.starts(f) for f in forms]
            candidates = [[k for k, can in enumerate(starts) if can[source]] for source in range(len(starts[0]))]
        for source, (name, known, prefix, most, types) in enumerate((
                ("gaz", self.gazetteer.__contains__, self.gaz_prefixes.__contains__, self.gaz_words,
                 lambda p: self.gazetteer[p].split("|")),
                ("kb", lambda p: bool(self.kb.lookup(p)), self.kb.known_prefix, self.kb.max_words,
                 lambda p: sorted({e.type for e in self.kb.lookup(p)})),
                ("pn", self.people.full.__contains__, self.people.prefixes.__contains__, self.people.max_words,
                 lambda p: ["PER"]))):
            free = 0  # the first word not inside a name found already
            for i in candidates[source]:
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
                    out.setdefault(i, []).append(f"{name}=B-{t}")
                    for k in range(i + 1, best[0] + 1):
                        out.setdefault(k, []).append(f"{name}=I-{t}")
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
    """Words → the network's inputs: ids into the word vectors, char ids, 0/1 feature ids
    (`word_inputs`, per word; NerModel memoises them) and the cues of multi-word names
    (`phrase_cues`, per sentence); `sentence` puts them together as arrays for training.

    `words` maps a normalised word to its row of the embedding matrix (rows 0/1: padding/unknown);
    `chars` maps a character to its id; `features` lists the Featurizer features used as 0/1 inputs.
    """

    def __init__(self, featurizer: Featurizer, words: list[str], chars: str, features: list[str]) -> None:
        self.featurizer = featurizer
        self.words = {w: i + 2 for i, w in enumerate(words)}
        self.chars = {c: i + 2 for i, c in enumerate(chars)}
        self.features = {f: i for i, f in enumerate(features)}

    def word_inputs(self, form: str) -> tuple:
        """(word id, core id, char ids padded to MAX_CHARS, feature ids) of a normalised word."""
        variants = stems(form)
        wid = next((self.words[v] for v in variants if v in self.words), UNK)
        cid = next((self.words[v] for v in reversed(variants) if v in self.words), UNK)
        text = form if len(form) <= MAX_CHARS else form[:MAX_CHARS // 2] + form[-MAX_CHARS // 2:]
        chars = [self.chars.get(c, UNK) for c in text] + [PAD] * (MAX_CHARS - len(text))
        feats = tuple(self.features[f] for f in self.featurizer.word(form) if f in self.features)
        return wid, cid, chars, feats

    def phrase_cues(self, forms: list[str], candidates=None) -> list[tuple[int, int]]:
        """(word position, feature id) of each multi-word-name cue of a sentence (`candidates`: see
        Featurizer.phrases)."""
        features = self.features
        return [(j, features[name]) for j, names in self.featurizer.phrases(forms, candidates).items()
                for name in names if name in features]

    def sentence(self, tokens: list[str]) -> dict:
        """The arrays of one sentence, for training: word and core ids [T], char ids [T, MAX_CHARS],
        0/1 features [T, F] and rev [T] (positions read backwards)."""
        import numpy as np

        forms = [norm_word(t) or t for t in tokens]
        wids, cids, spellings, feats = zip(*map(self.word_inputs, forms))
        n = len(forms)
        on = np.zeros((n, len(self.features)), dtype=np.float32)
        on[np.repeat(np.arange(n), [len(f) for f in feats]), [i for f in feats for i in f]] = 1.0
        for j, feature in self.phrase_cues(forms):
            on[j, feature] = 1.0
        return {"words": np.array(wids, dtype=np.int64), "cores": np.array(cids, dtype=np.int64),
                "chars": np.array(spellings, dtype=np.int64), "feats": on,
                "rev": np.arange(n - 1, -1, -1, dtype=np.int64)}


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
    memo_size = 50_000  # distinct words whose inputs are memoised (then the less used half goes)

    def __init__(self, path: str | Path | None = None, kb: Optional[KnowledgeBase] = None) -> None:
        self.path = str(path) if path is not None else None
        self.kb = kb  # shared with the pipeline's stages (None: a KnowledgeBase of its own)
        self._graphs: dict = {}  # "spell", "project", "encoder": onnxruntime sessions
        self._rows: dict[str, int] = {}  # normalised word → its row of the _memo arrays (0: padding)
        self._memo: dict = {}  # per word: ids, 0/1 cues, phrase starts, spelling, LSTM input (_remember)
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
        if self._graphs:
            return
        import io

        import numpy as np
        import onnxruntime as ort

        from .errors import RasdError

        path = Path(self.path) if self.path else DEFAULT_MODEL
        try:
            with zipfile.ZipFile(path) as z:
                graphs = {name: z.read(f"{name}.onnx") for name in ("spell", "project", "encoder")}
                emb = np.load(io.BytesIO(z.read("embeddings.npy")))
                tables = json.loads(z.read("tables.json"))
        except (OSError, KeyError, ValueError, zipfile.BadZipFile) as err:
            raise RasdError(f"cannot read NER model {path}: {err} (rebuild it with `rasd train ner`)") from None
        options = ort.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        self._graphs = {name: ort.InferenceSession(graph, options, providers=["CPUExecutionProvider"])
                        for name, graph in graphs.items()}
        self._emb = emb.astype(np.float32)
        self._encoder = Encoder(Featurizer(tables["gazetteer"], self.kb, PersonNames(**tables.get("people", {}))),
                                tables["words"], tables["chars"], tables["features"])
        self._crf = {k: np.asarray(tables["crf"][k], dtype=np.float32)
                     for k in ("transitions", "start", "end")}
        self.meta = tables.get("meta", {})

    def emissions(self, sentences: list[list[str]]):
        """Tag scores [B,T,K] of a batch of non-empty sentences."""
        import numpy as np

        self._ensure()
        forms = [[norm_word(t) or t for t in s] for s in sentences]
        rows = self._rows
        new = list(dict.fromkeys(f for words in forms for f in words if f not in rows))
        if new:
            self._remember(new, forms)
        lengths = np.array([len(words) for words in forms], dtype=np.int32)
        index = np.zeros((len(forms), int(lengths.max())), dtype=np.int64)
        for i, words in enumerate(forms):
            index[i, :len(words)] = [rows[f] for f in words]
        memo = self._memo
        np.add.at(memo["uses"], index[index > 0], 1)
        x = memo["x"][index]
        # A word inside a multi-word name (its phrase cues) needs its projection redone.
        candidates: dict[int, tuple[list[int], ...]] = {}  # sentence → where names of each source can start
        for i, j, source in zip(*(a.tolist() for a in np.nonzero(memo["starts"][index]))):
            candidates.setdefault(i, tuple([] for _ in Featurizer.SOURCES))[source].append(j)
        cues = [(i, j, k) for i, where in candidates.items()
                for j, k in self._encoder.phrase_cues(forms[i], where)]
        if cues:
            at, on = {}, []  # (sentence, word) → its row among the words redone; (row, feature id)
            for i, j, k in cues:
                on.append((at.setdefault((i, j), len(at)), k))
            where = tuple(np.array(list(at)).T)
            redo = index[where]
            feats = memo["feats"][redo]
            feats[tuple(np.array(on).T)] = 1.0
            x[where] = self._project(redo, feats)
        return self._graphs["encoder"].run(None, {"x": x, "lengths": lengths})[0]

    def _project(self, rows, feats):
        """The LSTM inputs of memoised words (`rows`) with the given 0/1 features."""
        memo = self._memo
        return self._graphs["project"].run(None, {
            "wvec": self._emb[memo["word"][rows]], "cvec": self._emb[memo["core"][rows]],
            "spelt": memo["spelt"][rows], "feats": feats})[0]

    def _remember(self, new: list[str], forms: list[list[str]]) -> None:
        """Memoise what the encoder needs of words not seen yet: their ids, 0/1 cues, phrase starts,
        spelling vectors and LSTM inputs (and how often each is used, see `_evict`). `forms`: the
        words of the current batch, which a full memo must keep."""
        import numpy as np

        rows, memo, encoder = self._rows, self._memo, self._encoder
        if len(rows) + len(new) >= self.memo_size and rows:
            self._evict()
            new = list(dict.fromkeys(f for words in forms for f in words if f not in rows))
            if len(rows) + len(new) >= self.memo_size:  # a batch of more words than the memo holds
                rows.clear()
                new = list(dict.fromkeys(f for words in forms for f in words))
        at = len(rows) + 1
        if not memo or at + len(new) > len(memo["word"]):
            size = max(self.memo_size, len(new) + 1)
            width = {name: graph.get_outputs()[0].shape[1] for name, graph in self._graphs.items()}
            memo.update(uses=np.zeros(size, np.int64), word=np.zeros(size, np.int64), core=np.zeros(size, np.int64),
                        starts=np.zeros((size, len(Featurizer.SOURCES)), bool),
                        feats=np.zeros((size, len(encoder.features)), np.float32),
                        spelt=np.zeros((size, width["spell"]), np.float32),
                        x=np.zeros((size, width["project"]), np.float32))
        wids, cids, spellings, feats = zip(*map(encoder.word_inputs, new))
        place = np.arange(at, at + len(new))
        memo["uses"][place] = 0
        memo["word"][place], memo["core"][place] = wids, cids
        memo["starts"][place] = [encoder.featurizer.starts(f) for f in new]
        memo["feats"][place] = 0.0
        memo["feats"][np.repeat(place, [len(f) for f in feats]), [k for f in feats for k in f]] = 1.0
        memo["spelt"][place] = self._graphs["spell"].run(None, {"chars": np.array(spellings, dtype=np.int64)})[0]
        memo["x"][place] = self._project(place, memo["feats"][place])
        rows.update(zip(new, place.tolist()))

    def _evict(self) -> None:
        """Keep the more used half of a full memo: names and common words recur, most others don't
        (on news, 26 new words an article instead of 40 with a memo emptied when full)."""
        import numpy as np

        memo, rows = self._memo, self._rows
        words = list(rows)
        old = np.array([rows[w] for w in words], dtype=np.int64)
        keep = np.argsort(-memo["uses"][old], kind="stable")[:self.memo_size // 2]
        place = np.arange(1, len(keep) + 1)
        for name in ("uses", "word", "core", "starts", "feats", "spelt", "x"):
            memo[name][place] = memo[name][old[keep]]
        memo["uses"][place] //= 2  # old counts weigh less than new ones
        rows.clear()
        rows.update(zip((words[k] for k in keep), place.tolist()))

    def tag_many(self, sentences: list[list[str]], document: bool = False) -> list[list[str]]:
        """BIO tags for each sentence, computed in batches of sentences of similar length.

        With `document`, the sentences are one text in reading order, tagged as `tag_documents` does.
        """
        if document:
            return self.tag_documents([sentences])[0]
        sentences = [list(s) for s in sentences]
        out: list[list[str]] = [[] for _ in sentences]
        tagged = [i for i, s in enumerate(sentences) if s]
        for i, tags in zip(tagged, tag_jointly([self], [sentences[i] for i in tagged])):
            out[i] = tags
        return out

    def tag_documents(self, documents: list[list[list[str]]]) -> list[list[list[str]]]:
        """BIO tags for the sentences of each document (its sentences in reading order), batched
        across documents. Within a document, each word's tags lean towards what the tagger makes of
        the same word elsewhere in it (`document_prior`), then are made consistent across
        neighbouring sentences (`propagate`)."""
        documents = [[list(s) for s in sentences] for sentences in documents]
        where = [(d, i) for d, sentences in enumerate(documents) for i, s in enumerate(sentences) if s]
        scores, crf = emissions_jointly([self], [documents[d][i] for d, i in where])
        marginals = crf_marginals(scores, *crf)
        by_document: dict[int, list[int]] = {}
        for k, (d, _) in enumerate(where):
            by_document.setdefault(d, []).append(k)
        leaning: list = []
        for d, mine in by_document.items():  # in order of `where`
            leaning.extend(document_prior([documents[d][where[k][1]] for k in mine], [scores[k] for k in mine],
                                          [marginals[k] for k in mine]))
        out = [[[] for _ in sentences] for sentences in documents]
        for (d, i), tags in zip(where, decode(leaning, crf, self.batch_size)):
            out[d][i] = tags
        return [propagate(sentences, tags) for sentences, tags in zip(documents, out)]

    def tag(self, tokens: list[str]) -> list[str]:
        if not tokens:
            return []
        return self.tag_many([tokens])[0]

    def spans(self, tokens: list[str]) -> list[tuple[int, int, str]]:
        return _bio_spans(self.tag(tokens))

    def spans_many(self, sentences: list[list[str]]) -> list[list[tuple[int, int, str]]]:
        return [_bio_spans(tags) for tags in self.tag_many(sentences)]


def emissions_jointly(models: list[NerModel], sentences: list[list[str]]) -> tuple[list, list]:
    """The mean tag scores [T, K] of the taggers for each non-empty sentence, and their mean CRF
    weights (transitions, start, end). Sentences of about one length are batched together."""
    import numpy as np

    for model in models:
        model._ensure()
    crf = [np.mean([m._crf[k] for m in models], axis=0) for k in ("transitions", "start", "end")]
    lengths = [len(s) for s in sentences]
    out: list = [None] * len(sentences)
    for group in length_groups(lengths, models[0].batch_size):
        scores = np.mean([m.emissions([sentences[j] for j in group]) for m in models], axis=0)
        for row, j in enumerate(group):
            out[j] = scores[row, :lengths[j]]
    return out, crf


def tag_jointly(models: list[NerModel], sentences: list[list[str]]) -> list[list[str]]:
    """BIO tags of non-empty sentences: Viterbi over the mean tag scores and mean CRF weights of
    the taggers. One tagger gives its own tags; several make an ensemble at tagging time (the one
    rasd ships is a single artifact of several nets instead, see ner_train.onnx_graphs)."""
    return decode(*emissions_jointly(models, sentences), models[0].batch_size)


def decode(scores: list, crf: list, most: int) -> list[list[str]]:
    """BIO tags from tag scores ([T, K] per sentence) and CRF weights, by Viterbi over batches of
    at most `most` sentences of about one length."""
    import numpy as np

    lengths = [len(e) for e in scores]
    out: list[list[str]] = [[] for _ in scores]
    for group in length_groups(lengths, most):
        batch = np.zeros((len(group), max(lengths[j] for j in group), len(TAGS)), np.float32)
        for row, j in enumerate(group):
            batch[row, :lengths[j]] = scores[j]
        for j, path in zip(group, viterbi(batch, [lengths[j] for j in group], *crf)):
            out[j] = [TAGS[k] for k in path]
    return out


def crf_marginals(scores: list, transitions, start, end, most: int = 64) -> list:
    """P(each tag at each position | its sentence) [T, K] for the tag scores [T, K] of each sentence,
    under the linear-chain CRF with Viterbi's constraint (I-X only after B-X or I-X).

    Forward-backward over batches of at most `most` sentences of about one length, in probability
    space: each step's scores are exponentiated after subtracting their maximum and each message is
    rescaled to sum 1, which the final per-position normalisation cancels (no log-sum-exp, one small
    matrix product per step)."""
    import numpy as np

    ok, start_ok = _allowed()
    step = np.where(ok, np.exp(transitions - np.max(transitions)), 0.0)  # [from, to]
    first = np.where(start_ok, np.exp(start - np.max(start)), 0.0)
    last = np.exp(np.asarray(end, np.float64) - np.max(end))
    lengths = [len(e) for e in scores]
    out: list = [None] * len(scores)
    for group in length_groups(lengths, most):
        n = np.array([lengths[j] for j in group])
        t = int(n.max())
        em = np.zeros((len(group), t, len(TAGS)))
        for row, j in enumerate(group):
            em[row, :n[row]] = scores[j]
        odds = np.exp(em - em.max(axis=2, keepdims=True))
        alpha, beta = np.empty_like(odds), np.empty_like(odds)
        alpha[:, 0] = first * odds[:, 0]
        alpha[:, 0] /= alpha[:, 0].sum(1, keepdims=True)
        for i in range(1, t):
            alpha[:, i] = (alpha[:, i - 1] @ step) * odds[:, i]
            alpha[:, i] /= alpha[:, i].sum(1, keepdims=True)
        beta[:, t - 1] = last
        for i in range(t - 2, -1, -1):
            back = (odds[:, i + 1] * beta[:, i + 1]) @ step.T
            beta[:, i] = np.where((i == n - 1)[:, None], last, back / back.sum(1, keepdims=True))
        p = alpha * beta
        p /= p.sum(2, keepdims=True)
        for row, j in enumerate(group):
            out[j] = p[row, :n[row]]
    return out


KINDS = ("O",) + TYPES  # what a tag says of its word: outside a name, or inside a name of a type
_KIND_OF_TAG = [KINDS.index(t[2:] if t != "O" else "O") for t in TAGS]


def document_prior(sentences: list[list[str]], scores: list, marginals: list, window: int = 30,
                   weight: float = 2.0) -> list:
    """Tag scores ([T, K] per sentence, in reading order) with a document-level prior added: each
    word gets `weight` × the mean probability of each kind (O, PER, LOC, ORG, MISC) that the CRF
    gives the same word at its other occurrences in the `window` sentences before and after
    (`marginals`: crf_marginals of the scores).

    Why: a name recurs in an article, and the tagger is sure of it where its context gives it away
    ("وقال سيجموند فرويد") and unsure where it does not ("نظرية فرويد"); the prior lends the sure
    readings to the unsure ones, softly, where `propagate` can only copy a tagged span onto an
    untagged one. Chosen on the dev splits of ANERcorp's training text: with propagate after it,
    nine dev-split nets scored +0.4 micro F1 on average over propagate alone (weights 1.5 and 3, a
    mean including the word's own reading, windows of 10 and 60 scored +0.2 to +0.3)."""
    import numpy as np

    if not scores:
        return []
    to_kind = np.zeros((len(TAGS), len(KINDS)))
    to_kind[np.arange(len(TAGS)), _KIND_OF_TAG] = 1.0
    kinds = np.concatenate([p @ to_kind for p in marginals])  # [N words, kinds]
    ids: dict[str, int] = {}
    word = np.array([ids.setdefault(norm_word(t) or t, len(ids)) for s in sentences for t in s], np.int64)
    sentence = np.repeat(np.arange(len(sentences)), [len(s) for s in sentences])
    # Occurrences sorted by word, then sentence: a word's occurrences in a window are a run.
    order = np.lexsort((sentence, word))
    span = len(sentences) + 2 * window + 1
    key = (word * span + sentence + window)[order]
    lo = np.searchsorted(key, key - window, "left")
    hi = np.searchsorted(key, key + window, "right")
    summed = np.concatenate([np.zeros((1, len(KINDS))), np.cumsum(kinds[order], 0)])
    others = (summed[hi] - summed[lo] - kinds[order]) / np.maximum(hi - lo - 1, 1)[:, None]
    prior = np.zeros_like(kinds)
    prior[order] = np.where((hi - lo > 1)[:, None], weight * others, 0.0)  # 0 where the word occurs once
    prior = prior[:, _KIND_OF_TAG]
    out, at = [], 0
    for e in scores:
        out.append((np.asarray(e, np.float32) + prior[at:at + len(e)]).astype(np.float32))
        at += len(e)
    return out


def write_model(path: str | Path, spell_onnx: bytes, project_onnx: bytes, encoder_onnx: bytes, embeddings,
                tables: dict) -> None:
    """Write the artifact NerModel reads: the three ONNX graphs, the fp16 word vectors, the tables.

    The zip entries carry a fixed date, so the same training gives the same file, byte for byte."""
    import io

    import numpy as np

    buf = io.BytesIO()
    np.save(buf, np.asarray(embeddings, dtype=np.float16))
    members = {"spell.onnx": spell_onnx, "project.onnx": project_onnx, "encoder.onnx": encoder_onnx,
               "embeddings.npy": buf.getvalue(),
               "tables.json": json.dumps(tables, ensure_ascii=False, sort_keys=True).encode("utf-8")}
    with zipfile.ZipFile(path, "w") as z:
        for name, data in members.items():
            z.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), data,
                       compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)


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
    window_counts: dict[tuple, Counter] = {}  # words → type → times marked within the window

    def count(k: int, sign: int) -> None:
        for (words, kind), c in marked[k].items():
            window_counts.setdefault(words, Counter())[kind] += sign * c

    for k in range(min(n, window + 1)):
        count(k, 1)
    for i in range(n):
        if i:
            if i + window < n:
                count(i + window, 1)
            if i - window - 1 >= 0:
                count(i - window - 1, -1)
        f, t = forms[i], out[i]
        j = 0
        while j < len(f):
            hit = None
            for size in range(min(max_words, len(f) - j), 0, -1):
                words = tuple(f[j:j + size])
                if words not in window_counts:
                    continue
                kinds = [(kind, c) for kind, c in window_counts[words].items() if c > 0]
                if kinds and all(x == "O" for x in t[j:j + size]):
                    hit = (size, words, kinds)
                    break
            if hit is None:
                j += 1
                continue
            size, words, kinds = hit
            kind, times = max(kinds, key=lambda kc: kc[1])  # the first of equals, as marked first
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
