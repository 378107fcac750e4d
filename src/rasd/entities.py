"""Stage: person, organisation and place mentions, linked into entities with English names.

Three sources of mentions, tried at each token in this order:
1. the knowledge base (kb.py): longest known name, proclitics (و ف ب ل ك) stripped;
2. patterns: ministries ("وزارة الصحة الكازاخية"), forces with a nationality ("الجيش التركي"),
   organisation heads before a known name ("تنظيم داعش"), names after a title ("الرئيس X",
   "المتحدث باسم الشرطة X"), names before a title after a speech verb ("وصرح X نائب وزير"),
   places after a place noun ("بلدة سروج");
3. later mentions of a name found earlier, and the surname of a person ("أزيربك").
Spans follow ../shared/eval/FORMAT.md: proclitics outside, ال inside, descriptors outside.
"""
from __future__ import annotations

from dataclasses import dataclass
from importlib import resources

from .doc import Doc, Token, clitic_variants
from .lexicon import (FORCE_EN, FORCE_NOUNS, FUNCTION_WORDS, MINISTRY_FIELDS, NATIONALITY_EN,
                      ORG_HEADS, PERSON_TITLES, SPEECH_VERBS, nationality)
from .model import Entity

PLACE_NOUNS = frozenset("مدينه بلده قريه منطقه محافظه ولايه اقليم قضاء ناحيه مخيم حي بلدات مدن".split())
# Words that may sit between a title and the name ("الرئيس الكازاخي السابق X").
_TITLE_FILLERS = frozenset("السابق الحالي الجديد الاسبق المنتهيه المنتخب المكلف العام الوزراء وزراء "
                           "الاول الاعلي الاعلى باسم عن".split())
_NAME_JOINERS = frozenset("عبد ابو ابي بن بنت ابن ال".split())
_TRANSPARENT = frozenset('"\'')


def _common_words() -> frozenset[str]:
    text = resources.files("rasd").joinpath("data/common_words.txt").read_text(encoding="utf-8")
    return frozenset(w for w in text.split() if not w.startswith("#"))


@dataclass
class _Found:
    first: int  # token index of the first and last token
    last: int
    start: int  # normalised offsets of the span
    end: int
    type: str
    en: str | None = None
    kb_id: str | None = None
    entry: object = None


class EntityTagger:
    name = "entities"
    reads = ("tokens",)
    adds = ("entities", "country")

    def __init__(self, kb) -> None:
        self.kb = kb
        self._common: frozenset[str] | None = None
        self._romanized: dict[str, str] = {}

    def __getstate__(self):
        return {"kb": self.kb, "_common": None, "_romanized": {}}

    @property
    def common(self) -> frozenset[str]:
        if self._common is None:
            self._common = _common_words()
        return self._common

    # -- matching helpers -------------------------------------------------------------------
    def _words_from(self, toks: list[Token], i: int, limit: int) -> list[int]:
        """Indices of up to `limit` word tokens from i, crossing quote marks but no other punctuation."""
        out = []
        j = i
        while j < len(toks) and len(out) < limit:
            t = toks[j]
            if t.is_word:
                out.append(j)
            elif t.form not in _TRANSPARENT or not out:
                break
            if j + 1 < len(toks) and toks[j + 1].sentence != t.sentence:
                break
            j += 1
        return out

    def _kb_at(self, toks: list[Token], i: int) -> _Found | None:
        """Longest knowledge-base name starting at token i (proclitics stripped)."""
        if not toks[i].is_word:
            return None
        idx = self._words_from(toks, i, self.kb.max_words)
        best = None
        for cut, form in clitic_variants(toks[i].form):
            words = [form]
            for k in range(1, len(idx) + 1):
                if k > 1:
                    words.append(toks[idx[k - 1]].form)
                entries = self.kb.lookup(" ".join(words))
                if entries and (best is None or k > best[0]):
                    best = (k, cut, entries[0])
        if best is None:
            return None
        k, cut, entry = best
        last = idx[k - 1]
        return _Found(i, last, toks[i].start + cut, toks[last].end, entry.type, entry.en, entry.id, entry)

    def _is_name_word(self, tok: Token) -> bool:
        f = tok.form
        return (tok.is_word and not f[0].isdigit() and len(f) > 1 and f not in FUNCTION_WORDS
                and f not in SPEECH_VERBS and f not in PERSON_TITLES and f not in self.common
                and nationality(f) is None and f not in PLACE_NOUNS and f not in ORG_HEADS
                and not self.kb.lookup(f))

    def _name_after(self, toks: list[Token], i: int, limit: int = 4) -> list[int]:
        """Token indices of a personal name starting at i (empty when none)."""
        out: list[int] = []
        j = i
        while j < len(toks) and len(out) < limit and toks[j].sentence == toks[i].sentence:
            t = toks[j]
            if t.form in _NAME_JOINERS and j + 1 < len(toks):
                out.append(j)
            elif (self._is_name_word(t) and not (t.form.startswith("ال") and len(t.form) > 4
                                                and not (out and toks[out[-1]].form in _NAME_JOINERS))):
                out.append(j)
            else:
                break
            j += 1
        while out and toks[out[-1]].form in _NAME_JOINERS:
            out.pop()
        return out

    def _rules_at(self, toks: list[Token], i: int, doc: Doc) -> _Found | None:
        t = toks[i]
        if not t.is_word:
            return None
        nxt = toks[i + 1] if i + 1 < len(toks) and toks[i + 1].sentence == t.sentence else None
        for cut, form in clitic_variants(t.form):
            start = t.start + cut
            # ministries: "وزارة الصحة [الكازاخية]", "الخارجية الروسية"
            if form == "وزاره" and nxt is not None and nxt.form in MINISTRY_FIELDS:
                last = i + 1
                nat = None
                if last + 1 < len(toks) and nationality(toks[last + 1].form) is not None:
                    last += 1
                    nat = nationality(toks[last].form)
                en = MINISTRY_FIELDS[nxt.form]
                return _Found(i, last, start, toks[last].end, "ORG", _with_nationality(en, nat))
            if form in MINISTRY_FIELDS and nxt is not None and nationality(nxt.form) and (
                    i == 0 or toks[i - 1].form not in PERSON_TITLES):
                return _Found(i, i + 1, start, nxt.end, "ORG",
                              _with_nationality(MINISTRY_FIELDS[form], nationality(nxt.form)))
            # forces with a nationality: "الجيش التركي", "القوات العراقية"
            if form in FORCE_NOUNS and nxt is not None and nationality(nxt.form) is not None:
                nat = nationality(nxt.form)
                return _Found(i, i + 1, start, nxt.end, "ORG", _with_nationality(FORCE_EN[form], nat),
                              entry=nat)
            # organisation head before a known name: "تنظيم داعش", "قوات البيشمركة"
            if form in ORG_HEADS and nxt is not None:
                inner = self._kb_at(toks, i + 1)
                if inner is not None and inner.type == "ORG" and toks[i + 1].start == inner.start:
                    return _Found(i, inner.last, start, inner.end, "ORG", inner.en, inner.kb_id, inner.entry)
            # a name after a title: "الرئيس قاسم جومارت توكاييف"
            if form in PERSON_TITLES:
                j = i + 1
                while j < len(toks) and toks[j].sentence == t.sentence and (
                        toks[j].form in _TITLE_FILLERS or nationality(toks[j].form) is not None
                        or toks[j].form in MINISTRY_FIELDS or toks[j].form in FORCE_NOUNS):
                    if toks[j].form == "باسم":  # "المتحدث باسم الشرطة": skip the organisation
                        inner = self._kb_at(toks, j + 1) if j + 1 < len(toks) else None
                        j = inner.last + 1 if inner is not None else j + 1
                        continue
                    j += 1
                if j < len(toks) and toks[j].sentence == t.sentence:
                    kb_name = self._kb_at(toks, j)
                    if kb_name is not None:
                        if kb_name.type == "PER":
                            return kb_name
                        # "باسم الخارجية الروسية" (an organisation): the name comes after it
                        if toks[j - 1].form == "باسم":
                            j = kb_name.last + 1
                    name = self._name_after(toks, j)
                    if name and (len(name) > 1 or toks[name[0]].form not in self.common):
                        return _Found(name[0], name[-1], toks[name[0]].start, toks[name[-1]].end, "PER")
            # a name after a speech verb and before a title: "وصرح آجر غينات نائب وزير الصحة"
            if form in SPEECH_VERBS:
                name = self._name_after(toks, i + 1, limit=3)
                if name and name[-1] + 1 < len(toks) and toks[name[-1] + 1].form in PERSON_TITLES:
                    return _Found(name[0], name[-1], toks[name[0]].start, toks[name[-1]].end, "PER")
            # a place after a place noun: "بلدة سروج", "قضاء المقدادية"
            if form in PLACE_NOUNS and nxt is not None:
                inner = self._kb_at(toks, i + 1)
                if inner is not None and inner.type == "LOC":
                    return inner
                name = self._name_after(toks, i + 1, limit=2) if inner is None else []
                if not name and self._is_place_word(nxt):
                    name = [i + 1]
                if name:
                    return _Found(name[0], name[-1], toks[name[0]].start, toks[name[-1]].end, "LOC")
        return None

    def _is_place_word(self, tok: Token) -> bool:
        """An unknown word with ال after a place noun ("قضاء المقدادية") names the place."""
        f = tok.form
        return (f.startswith("ال") and len(f) > 4 and f not in self.common and nationality(f) is None
                and f not in FUNCTION_WORDS)

    # -- the stage --------------------------------------------------------------------------
    def __call__(self, doc: Doc) -> None:
        toks = doc.tokens
        found: list[_Found] = []
        i = 0
        while i < len(toks):
            hit = self._kb_at(toks, i) or self._rules_at(toks, i, doc)
            if hit is None:
                i += 1
                continue
            hit = self._extend(toks, hit)
            found.append(hit)
            i = hit.last + 1
        found = self._repeat_mentions(toks, found)
        self._emit(doc, found)

    def _extend(self, toks: list[Token], hit: _Found) -> _Found:
        """An agency or outlet joined to a country is one name: "إنترفاكس-كازاخستان"."""
        if hit.type != "ORG" or hit.entry is None or getattr(hit.entry, "kind", "") not in ("agency", "media"):
            return hit
        j = hit.last + 1
        if j < len(toks) and toks[j].form == "-" and toks[j].start == toks[hit.last].end:
            j += 1
        if j < len(toks) and toks[j].sentence == toks[hit.last].sentence:
            nxt = self._kb_at(toks, j)
            if nxt is not None and nxt.type == "LOC" and nxt.start == toks[j].start and getattr(
                    nxt.entry, "kind", "") == "country":
                return _Found(hit.first, nxt.last, hit.start, nxt.end, "ORG",
                              f"{hit.en} {nxt.en}" if hit.en and nxt.en else None)
        return hit

    def _repeat_mentions(self, toks: list[Token], found: list[_Found]) -> list[_Found]:
        """Later mentions of names the rules found, and surnames of persons ("أزيربك")."""
        known: dict[str, _Found] = {}
        for f in found:
            if f.kb_id is None:
                words = [toks[k].form for k in range(f.first, f.last + 1) if toks[k].is_word]
                known.setdefault(" ".join(words), f)
                if f.type == "PER" and len(words) > 1 and words[-1] not in self.common and len(words[-1]) > 2:
                    known.setdefault(words[-1], f)
        if not known:
            return found
        taken = set()
        for f in found:
            taken.update(range(f.first, f.last + 1))
        longest = max(len(k.split()) for k in known)
        extra = []
        i = 0
        while i < len(toks):
            if i in taken or not toks[i].is_word:
                i += 1
                continue
            match = None
            for cut, form in clitic_variants(toks[i].form):
                for n in range(longest, 0, -1):
                    idx = [i] + self._words_from(toks, i + 1, n - 1) if n > 1 else [i]
                    if len(idx) != n or any(k in taken for k in idx):
                        continue
                    key = " ".join([form] + [toks[k].form for k in idx[1:]])
                    if key in known:
                        src = known[key]
                        match = _Found(i, idx[-1], toks[i].start + cut, toks[idx[-1]].end, src.type,
                                       src.en, None, src)
                        break
                if match:
                    break
            if match:
                extra.append(match)
                i = match.last + 1
            else:
                i += 1
        return sorted(found + extra, key=lambda f: f.start)

    def _emit(self, doc: Doc, found: list[_Found]) -> None:
        clusters: dict[str, str] = {}  # cluster key → entity id
        names: dict[str, tuple[int, str]] = {}
        countries: dict[str, int] = {}
        mentions = []
        for f in found:
            root = f
            while isinstance(root.entry, _Found):
                root = root.entry
            s, e, text = doc.orig(f.start, f.end)
            root_text = doc.orig(root.start, root.end)[2]
            key = root.kb_id or f"{root.type}:{root_text}"
            eid = clusters.setdefault(key, f"E{len(clusters) + 1}")
            if len(root_text) > names.get(eid, (0, ""))[0]:
                names[eid] = (len(root_text), root_text)
            entry = root.entry if root.kb_id else None
            en = root.en or self._romanize(root_text, root.type)
            country = getattr(entry, "country", None)
            if isinstance(root.entry, str):
                country = root.entry or None
            if f.type == "LOC" and country:
                countries[country] = countries.get(country, 0) + 1
            mentions.append((s, e, text, f.type, eid, en, entry, country))
        for n, (s, e, text, typ, eid, en, entry, country) in enumerate(mentions, 1):
            doc.entities.append(Entity(
                id=f"m{n}", start=s, end=e, text=text, type=typ, entity=eid,
                name=names[eid][1].replace("“", "").replace("”", "").replace('"', ""), en=en,
                kb_id=getattr(entry, "id", None), country=country,
                geonameid=getattr(entry, "geonameid", None), lat=getattr(entry, "lat", None),
                lon=getattr(entry, "lon", None)))
        if countries:
            doc.country = max(countries, key=countries.get)

    def _romanize(self, text: str, typ: str) -> str | None:
        if typ != "PER" and typ != "LOC":
            return None
        if text not in self._romanized:
            from arabic_name_romanizer import transliterate
            try:
                self._romanized[text] = transliterate(text)
            except Exception:  # the romanizer is best-effort: a name without English stays usable
                self._romanized[text] = None
        return self._romanized[text]


def _with_nationality(en: str, iso: str | None) -> str:
    adjective = NATIONALITY_EN.get(iso) if iso is not None else None
    return f"{adjective} {en}" if adjective else en
