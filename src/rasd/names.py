"""Stage: the trained tagger's names (rasd.ner), for the entities stage to add what its rules miss.

Why a stage of its own: the tagger is fastest on many sentences at once, so `pipe` tags the
sentences of a whole batch of articles in one go (Pipeline.pipe), while the rules stay per article.
Each article is tagged as one text: a name's mentions lend each other evidence (NerModel.tag_documents).
"""
from __future__ import annotations

from .doc import Doc
from .ner import _bio_spans


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
        sentences = [tagger_sentences(doc) for doc in docs]
        tagged = self.model.tag_documents([[words for _, words in mine] for mine in sentences])
        for doc, mine, tags in zip(docs, sentences, tagged):
            doc.names = [(idx[a], idx[b], kind) for (idx, _), t in zip(mine, tags) for a, b, kind in _bio_spans(t)]


def tagger_sentences(doc: Doc) -> list[tuple[list[int], list[str]]]:
    """The sentences of a tokenised document as the tagger reads them: (token indices, the words
    as written), for each sentence with a word in it. Training reads news the same way."""
    sentences: dict[int, list[int]] = {}
    for k, t in enumerate(doc.tokens):
        sentences.setdefault(t.sentence, []).append(k)
    return [(idx, [doc.tokens[k].surface or doc.tokens[k].form for k in idx]) for idx in sentences.values()
            if any(doc.tokens[k].is_word for k in idx)]
