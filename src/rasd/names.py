"""Stage: the trained tagger's names (rasd.ner), for the entities stage to add what its rules miss.

Why a stage of its own: the tagger is fastest on many sentences at once, so `pipe` tags the
sentences of a whole batch of articles in one go (Pipeline.pipe), while the rules stay per article.
"""
from __future__ import annotations

from .doc import Doc


class NameTagger:
    name = "names"
    reads = ("tokens",)
    adds = ("names",)

    def __init__(self, model) -> None:
        self.model = model  # rasd.ner.NerModel (loads lazily, pickles as its path)

    def __call__(self, doc: Doc) -> None:
        self.pipe([doc])

    def pipe(self, docs: list[Doc]) -> None:
        """Set doc.names for every document: (first token, last token, type) of each tagged name."""
        groups: list[tuple[Doc, list[int]]] = []  # a sentence: its document and token indices
        words: list[list[str]] = []
        for doc in docs:
            doc.names = []
            for idx, sentence in tagger_sentences(doc):
                groups.append((doc, idx))
                words.append(sentence)
        for (doc, idx), sentence, spans in zip(groups, words, self.model.spans_many(words)):
            doc.names.extend((idx[a], idx[b], kind) for a, b, kind in _joined_people(sentence, spans))


def _joined_people(words: list[str], spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Two people side by side are one name the tagger broke ("سيد غول | اغا روحاني"): people in a
    list have a comma or و between them, so a second name that starts with و stays apart."""
    out: list[tuple[int, int, str]] = []
    for a, b, kind in spans:
        if out and kind == "PER" == out[-1][2] and out[-1][1] + 1 == a and not words[a].startswith("و"):
            out[-1] = (out[-1][0], b, kind)
        else:
            out.append((a, b, kind))
    return out


def tagger_sentences(doc: Doc) -> list[tuple[list[int], list[str]]]:
    """The sentences of a tokenised document as the tagger reads them: (token indices, the words
    as written), for each sentence with a word in it. Training reads news the same way."""
    sentences: dict[int, list[int]] = {}
    for k, t in enumerate(doc.tokens):
        sentences.setdefault(t.sentence, []).append(k)
    return [(idx, [doc.tokens[k].surface or doc.tokens[k].form for k in idx]) for idx in sentences.values()
            if any(doc.tokens[k].is_word for k in idx)]
