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
        for (doc, idx), spans in zip(groups, self.model.spans_many(words)):
            doc.names.extend((idx[a], idx[b], kind) for a, b, kind in spans)


def tagger_sentences(doc: Doc) -> list[tuple[list[int], list[str]]]:
    """The sentences of a tokenised document as the tagger reads them: (token indices, the words
    as written), for each sentence with a word in it. Training reads news the same way."""
    sentences: dict[int, list[int]] = {}
    for k, t in enumerate(doc.tokens):
        sentences.setdefault(t.sentence, []).append(k)
    return [(idx, [doc.tokens[k].surface or doc.tokens[k].form for k in idx]) for idx in sentences.values()
            if any(doc.tokens[k].is_word for k in idx)]
