"""The extraction pipeline: a plain, picklable list of stages.

Stages load their models and gazetteers lazily, on first use, so a Pipeline can be built on a
Spark driver, pickled to executors and loaded once per executor.
"""
from __future__ import annotations

from datetime import date

from . import __version__
from .doc import Doc
from .model import Extraction
from .text import NormalizedText, decode, prepare


def default_stages(english: str = "rules", ner: bool = True) -> list:
    from .entities import EntityTagger
    from .events import EventExtractor
    from .figures import FigureTagger
    from .kb import KnowledgeBase
    from .ner import NerModel
    from .quotes import QuoteExtractor
    from .times import TimeTagger
    from .tokens import Tokenizer

    kb = KnowledgeBase()
    return [Tokenizer(), TimeTagger(), EntityTagger(kb, english=english, ner=NerModel.load(kb=kb) if ner else None), FigureTagger(), QuoteExtractor(),
            EventExtractor(kb)]


class Pipeline:
    """Arabic article text + publication date → `Extraction`."""

    def __init__(self, stages: list | None = None, english: str = "rules", ner: bool = True) -> None:
        """`english="model"` spells unknown names with the romanizer's neural model (slower);
        `ner=False` leaves out the trained tagger's names (about twice as fast)."""
        self.stages = stages if stages is not None else default_stages(english, ner)

    def describe(self) -> list[dict]:
        """What each stage reads and adds, in order."""
        return [{"stage": s.name, "reads": list(s.reads), "adds": list(s.adds)} for s in self.stages]

    def __call__(self, text: str | bytes, published: str | date, id: str | None = None) -> Extraction:
        """Extract one article. Raises `InputError` (with a one-line reason) on unreadable input."""
        if isinstance(text, bytes):
            text = decode(text)
        text = prepare(text)
        if isinstance(published, str):
            published = parse_published(published)
        doc = Doc(NormalizedText(text), published, id=id)
        for stage in self.stages:
            stage(doc)
        return Extraction(id=id, published=published.isoformat(), text=text, rasd_version=__version__,
                          entities=doc.entities, times=doc.times, figures=doc.figures,
                          quotes=doc.quotes, events=doc.events)


def parse_published(value: str) -> date:
    from .errors import InputError
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        raise InputError(f"bad publication date {value!r}: expected YYYY-MM-DD") from None
