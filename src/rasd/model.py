"""The one data model of rasd, shared by the pipeline, the CLI, the exports and the store.

Every extracted item that comes from the text carries `start`/`end`: code-point offsets into
`Extraction.text` (end exclusive), so each field can be traced back and highlighted.
`rasd schema` prints the JSON schema of `Extraction`.
"""
from __future__ import annotations

from typing import Literal, Optional

from pydantic import BaseModel, Field

EntityType = Literal["PER", "ORG", "LOC"]
Precision = Literal["day", "week", "month", "year"]
FigureCategory = Literal["killed", "injured", "hospitalized", "critical", "arrested", "missing",
                         "kidnapped", "displaced", "crowd"]


class Mention(BaseModel):
    start: int = Field(description="offset of the first character in the article text")
    end: int = Field(description="offset after the last character (exclusive)")
    text: str = Field(description="the article text between start and end, verbatim")


class Entity(Mention):
    """One mention of a person, organisation or place."""

    id: str
    type: EntityType
    entity: str = Field(description="id of the entity this mention refers to (same for all its mentions)")
    name: str = Field(description="the fullest Arabic name of the entity in the article")
    en: Optional[str] = Field(None, description="English name")
    nominal: bool = Field(False, description="a description of the entity, not its name (\"الرئيس الكازاخي\" "
                                             "for Kassym-Jomart Tokayev); left out of the eval format")
    kb_id: Optional[str] = Field(None, description="id in rasd's knowledge base, when known")
    country: Optional[str] = Field(None, description="ISO 3166-1 alpha-2 of a place or its country")
    geonameid: Optional[int] = None
    lat: Optional[float] = None
    lon: Optional[float] = None


class TimeExpr(Mention):
    """A time expression resolved against the publication date."""

    id: str
    value: str = Field(description="ISO date: YYYY-MM-DD, YYYY-MM or YYYY")
    precision: Precision


class Figure(Mention):
    """A count of people affected, as a range; max None means unbounded."""

    id: str
    category: FigureCategory
    min: Optional[int]
    max: Optional[int]
    value: Optional[int] = Field(None, description="conservative point value (ACLED conventions)")
    event: Optional[str] = Field(None, description="id of the event this figure belongs to")
    source: Optional[str] = Field(None, description="who claims it (Arabic, as written)")
    quote: Optional[str] = Field(None, description="id of the quote that carries it")


class Quote(Mention):
    """Direct or reported speech: the span is what was said."""

    id: str
    kind: Literal["direct", "reported"]
    speaker: Optional[str] = Field(None, description="the fullest Arabic mention of who said it")
    speaker_en: Optional[str] = None
    speaker_entity: Optional[str] = Field(None, description="entity id of the speaker")
    chain: list[str] = Field(default_factory=list,
                             description="transmission chain, outermost first: agency → spokesperson")
    cue: Optional[Mention] = Field(None, description="the reporting verb (قال, أعلن, نقلت ...)")


class Actor(BaseModel):
    role: Literal["source", "target"]
    name: str
    en: Optional[str] = None
    entity: Optional[str] = None


class Event(BaseModel):
    """One distinct happening, with PLOVER and ACLED coding and an English summary."""

    id: str
    type: str = Field(description="PLOVER event type, or OTHER")
    mode: Optional[str] = None
    acled_event_type: Optional[str] = None
    acled_sub_event_type: Optional[str] = None
    trigger: Mention
    date: Optional[str] = Field(None, description="ISO date as precise as the text allows")
    precision: Optional[Precision] = None
    time: Optional[str] = Field(None, description="id of the governing time expression")
    country: Optional[str] = Field(None, description="ISO 3166-1 alpha-2")
    place: Optional[str] = Field(None, description="English name of the most precise location")
    place_entity: Optional[str] = None
    geonameid: Optional[int] = None
    lat: Optional[float] = None
    lon: Optional[float] = None
    actors: list[Actor] = Field(default_factory=list)
    figures: list[str] = Field(default_factory=list, description="ids of the figures of this event")
    fatalities: Optional[int] = Field(None, description="ACLED-style conservative count of deaths")
    source: Optional[str] = Field(None, description="who reports it (Arabic), when attributed")
    quote: Optional[str] = None
    summary: str = ""


class Extraction(BaseModel):
    """Everything rasd extracts from one article."""

    id: Optional[str] = None
    published: str
    text: str
    rasd_version: str
    entities: list[Entity] = Field(default_factory=list)
    times: list[TimeExpr] = Field(default_factory=list)
    figures: list[Figure] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)

    def to_eval(self) -> dict:
        """The prediction shape of ../shared/eval/FORMAT.md."""
        out: dict = {
            "entities": [{"start": e.start, "end": e.end, "type": e.type, "en": e.en} for e in self.entities
                         if not e.nominal],
            "times": [{"start": t.start, "end": t.end, "value": t.value} for t in self.times],
            "figures": [{"category": f.category, "min": f.min, "max": f.max, "start": f.start,
                         "end": f.end} for f in self.figures],
            "events": [{"type": e.type, "mode": e.mode, "date": e.date, "country": e.country,
                        "place": e.place} for e in self.events],
            "quotes": [{"start": q.start, "end": q.end, "speaker": q.speaker} for q in self.quotes],
        }
        if self.id is not None:
            out = {"id": self.id, **out}
        return out
