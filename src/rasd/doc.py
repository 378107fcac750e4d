"""The document that flows through the pipeline stages, and the stage protocol."""
from __future__ import annotations

import bisect
from functools import cached_property, lru_cache
from dataclasses import dataclass, field
from datetime import date
from typing import ClassVar, Protocol

from .model import Entity, Event, Figure, Quote, TimeExpr
from .text import NormalizedText


@dataclass(slots=True)
class Token:
    """A word or punctuation mark. Offsets (`start`, `end`) are into the normalised text."""

    start: int
    end: int
    form: str  # normalised surface form
    sentence: int = 0
    surface: str = ""  # the original text of the token (the normalised form loses e.g. ى vs ي)
    is_word: bool = field(init=False)

    def __post_init__(self) -> None:
        self.is_word = self.form[:1].isalnum()

    def variants(self) -> tuple[tuple[int, str], ...]:
        """Readings of the word with its proclitics removed: (characters removed, rest).

        The unstripped reading comes first. لل+noun also yields ال+noun, keeping the second ل in
        the span, as the eval format wants ("للجيش" → span "لجيش", form "الجيش").
        """
        return clitic_variants(self.form)


_PROCLITICS = ("و", "ف")
_PREPOSITIONS = ("ب", "ل", "ك")


@lru_cache(maxsize=1 << 16)
def clitic_variants(form: str) -> tuple[tuple[int, str], ...]:
    """See Token.variants; memoised because every stage asks for the same words."""
    return tuple(_clitic_variants(form))


def _clitic_variants(form: str) -> list[tuple[int, str]]:
    out = [(0, form)]
    if len(form) < 3 or not ("\u0621" <= form[0] <= "\u064a"):
        return out
    heads = [(0, form)]
    if form[0] in _PROCLITICS and len(form) > 3:
        heads.append((1, form[1:]))
    for cut, rest in list(heads):
        if len(rest) > 3 and rest[0] in _PREPOSITIONS:
            heads.append((cut + 1, rest[1:]))
        if rest.startswith("لل") and len(rest) > 3:
            heads.append((cut + 1, "ا" + rest[1:]))
    seen = {form}
    for cut, rest in heads[1:]:
        if rest not in seen:
            seen.add(rest)
            out.append((cut, rest))
    return out


@dataclass
class Doc:
    """An article being processed: its text views and what the stages have added so far."""

    nt: NormalizedText
    published: date
    id: str | None = None
    tokens: list[Token] = field(default_factory=list)
    sentences: list[tuple[int, int]] = field(default_factory=list)  # normalised offsets
    entities: list[Entity] = field(default_factory=list)
    times: list[TimeExpr] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    names: list[tuple[int, int, str]] | None = None  # the trained tagger's (first, last token, type)
    country: str | None = None  # ISO code of the country the article is mostly about

    @property
    def text(self) -> str:
        return self.nt.original

    @property
    def norm(self) -> str:
        return self.nt.norm

    def orig(self, start: int, end: int) -> tuple[int, int, str]:
        """Original offsets and text of the normalised slice [start, end)."""
        s, e = self.nt.span(start, end)
        return s, e, self.nt.original[s:e]

    def norm_offset(self, original_offset: int) -> int:
        """The normalised offset of an original offset (first normalised char at or after it)."""
        return bisect.bisect_left(self.nt.index, original_offset)

    def sentence_of(self, norm_offset: int) -> int:
        return max(0, bisect.bisect_right(self.sentence_starts, norm_offset) - 1)

    @cached_property
    def sentence_starts(self) -> list[int]:
        """Start offsets of the sentences (computed once: the tokenizer sets sentences first)."""
        return [s for s, _ in self.sentences]


class Stage(Protocol):
    """A pipeline stage: reads some fields of the Doc, adds others. Stages are pure on the Doc."""

    name: ClassVar[str]
    reads: ClassVar[tuple[str, ...]]
    adds: ClassVar[tuple[str, ...]]

    def __call__(self, doc: Doc) -> None: ...
