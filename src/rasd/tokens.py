"""Stage: sentences and tokens on the normalised text."""
from __future__ import annotations

import re

from .doc import Doc, Token

_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|\w+|[^\w\s]", re.UNICODE)
# A sentence ends at . ! ? ; or a line break, unless the dot sits inside a number.
_SENTENCE_END = re.compile(r"(?<!\d)[.!?;](?!\d)|\n+")


def split_sentences(norm: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in _SENTENCE_END.finditer(norm):
        end = m.end()
        if norm[start:end].strip():
            spans.append((start, end))
        start = end
    if norm[start:].strip():
        spans.append((start, len(norm)))
    return spans


class Tokenizer:
    name = "tokens"
    reads = ("nt",)
    adds = ("sentences", "tokens")

    def __call__(self, doc: Doc) -> None:
        norm, original, index = doc.norm, doc.text, doc.nt.index
        doc.sentences = split_sentences(norm)
        tokens = doc.tokens
        for si, (s, e) in enumerate(doc.sentences):
            for m in _TOKEN.finditer(norm, s, e):
                a, b = m.span()
                tokens.append(Token(a, b, m.group(), si, original[index[a]:index[b - 1] + 1]))
