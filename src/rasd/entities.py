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

from collections import Counter
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources

from .doc import Doc, Token, clitic_variants
from .lexicon import (FORCE_EN, FORCE_NOUNS, FUNCTION_WORDS, GIVEN_NAMES, MINISTRY_FIELDS, NATIONALITY_EN,
                      ORG_HEADS, PERSON_TITLES, SPEECH_VERBS, nationality)
from .model import Entity
from .text import normalize

DIRECTIONS = frozenset("شمال جنوب شرق غرب شمالي جنوبي شرقي غربي الشمال الجنوب الشرق الغرب "
                       "الشمالي الجنوبي الشرقي الغربي الشماليه الجنوبيه الشرقيه الغربيه وسط".split())
# Descriptors that stay outside a known name ("المتمردين الحوثيين" → "الحوثيين", "مليشيا الحوثي" → "الحوثي").
_DESCRIPTORS = frozenset("المتمردين المتمردون متمردي مسلحي مسلحو عناصر ميليشيا ميليشيات مليشيا مليشيات "
                         "الميليشيات الميليشيا المليشيات انصار قياده".split())  # "قيادة طالبان": its leaders
# Heads that join a known name into one organisation ("تنظيم داعش"); outlets' heads and descriptors stay out.
_JOINING_HEADS = ORG_HEADS - {"وكاله", "وكالات", "صحيفه", "قناه", "اذاعه"} - _DESCRIPTORS
# Facilities and natural features named as places keep their noun: "مطار كابل", "قاعدة العند الجوية", "جامع البخاري".
# In English the name comes first ("Kabul Airport", "Al-Anad Air Base").
_FACILITIES = {"مطار": "{} Airport", "قاعده": "{} Base", "جامع": "{} Mosque",
               "مسجد": "{} Mosque", "دوار": "{} Roundabout", "ميدان": "{} Square", "سجن": "{} Prison",
               "ميناء": "{} Port", "معبر": "{} Crossing", "جسر": "{} Bridge", "سد": "{} Dam", "قلعه": "{} Citadel",
               "معسكر": "{} Camp", "جبل": "Jabal {}", "جبال": "{} Mountains", "بحيره": "Lake {}", "وادي": "Wadi {}",
               "ساحه": "{} Square", "منفذ": "{} Border Crossing", "صحراء": "{} Desert"}
_FACILITY_ADJECTIVES = {"الجويه": "Air", "الجوي": "Air", "الدولي": "International", "الدوليه": "International",
                        "العسكري": "Military", "العسكريه": "Military", "البحريه": "Naval", "المركزي": "Central",
                        "الكبير": "Grand", "الكبري": "Grand"}
# Facility nouns that are also common verbs or nouns of measure ("سد الفجوة": to close the gap), or
# a team's training camp ("معسكر الفريق"): a facility only before a known town ("سد الموصل") or a
# place the tagger found ("معسكر لبوزة")
_KNOWN_PLACE_ONLY = frozenset("سد ميدان معسكر ساحه منفذ".split())
# Titles that start the name of a facility named after a person ("مطار الملك فهد": King Fahd Airport)
_NAMESAKE_TITLES = {"الملك": "King", "الامير": "Prince", "الشيخ": "Sheikh", "الامام": "Imam",
                    "السلطان": "Sultan", "الرييس": "President", "الشهيد": "Martyr"}
_AFFAIRS = {"الاجتماعيه": "Social", "الاسلاميه": "Islamic", "البلديه": "Municipal", "الخارجيه": "Foreign",
            "الدينيه": "Religious", "الاقتصاديه": "Economic", "القرويه": "Rural", "البرلمانيه": "Parliamentary",
            "الداخليه": "Internal", "الثقافيه": "Cultural"}  # "وزارة الشؤون X": Ministry of X Affairs
_FORCE_ADJECTIVES = frozenset("الخاصه الجويه البحريه البريه المسلحه الحكوميه النظاميه الامنيه الخاصة الحربي الحربيه الجو المشتركه".split())
# The lexicon's lists are also the tagger's features (ner.py), fixed when it was trained: words the
# rules need beyond them are added here. "الطيران الحربي التركي", "قوات الدرك التركية", "النظام السوري":
_FORCES = FORCE_NOUNS | frozenset("الدرك الطيران النظام الاجهزه اجهزه المعارضه القنصليه السفاره البرلمان "
                                  "التلفزيون".split())
_FORCE_EN = {**FORCE_EN, "الدرك": "Gendarmerie", "الطيران": "Air Force", "النظام": "regime",
             "الاجهزه": "security services", "اجهزه": "security services", "المعارضه": "opposition",
             "القنصليه": "Consulate", "السفاره": "Embassy", "البرلمان": "Parliament", "التلفزيون": "Television"}
_NAMED_FORCES = {("الجيش", "الوطني"): "National Army", ("جيش", "الوطني"): "National Army",
                 ("الحرس", "الجمهوري"): "Republican Guard", ("البنك", "المركزي"): "Central Bank"}
_COLLECTIVES = frozenset("قوات القوات اجهزه الاجهزه".split())  # "قوات الأمن", "أجهزة الأمن" + nationality
# Councils, which a nationality makes a country's: "مجلس الوزراء العراقي"
_COUNCILS = {"الوزراء": "Council of Ministers", "النواب": "Parliament", "الشوري": "Shura Council",
             "الامه": "National Assembly", "الشعب": "People's Assembly"}
# "الرئيس المخلوع علي عبد الله صالح", "قوات المخلوع صالح": the deposed, a title
_TITLES = PERSON_TITLES | {"المخلوع"}
_ORG_HEADS = ORG_HEADS | frozenset("رابطه نقابه مؤسسه موسسه".split())  # "الأمين العام لرابطة العالم الإسلامي"
_NOT_MINISTRY = frozenset("وسايل وساييل ووسايل".split())  # "وسائل الإعلام التركية"
_GENERIC_NOUNS = _FORCES | ORG_HEADS | frozenset(
    "الجيش القوات الحكومه السلطات المعارضه المدينه البلاد المنطقه الدوله التحالف المسلحين".split())
_APPOSITION = frozenset("وهو وهي وهم".split())
_NAMING_WORDS = frozenset("اسمه اسمها يدعي تدعي المدعو المدعوه".split())
_PAPERS = frozenset("صحيفه جريده مجله".split())
_NOT_PAPERS = frozenset("الاتهام الدعوي السوابق الاحوال".split())
_MEDIA_HEADS = frozenset("قناه صحيفه اذاعه موقع وكاله مجله تلفزيون محطه".split())
PLACE_NOUNS = frozenset("مدينه بلده قريه منطقه محافظه ولايه اقليم قضاء ناحيه مخيم حي بلدات مدن ريف مديريه مقاطعه "
                        "قريتي بلدتي مدينتي".split())
# Words that may sit between a title and the name ("الرئيس الكازاخي السابق X").
_TITLE_FILLERS = frozenset("السابق الحالي الجديد الاسبق المنتهيه المنتخب المكلف العام الوزراء وزراء الركن المتقاعد "
                           "الاول الاعلي الاعلى باسم عن".split())
# Offices whose holder a title and a nationality describe ("الرئيس الكازاخي"; not "اللاعب السعودي")
_OFFICES = frozenset("رييس وزير وزيره ملك امير سفير مبعوث حاكم محافظ متحدث ناطق مستشار".split())
# Military ranks, after which a family name alone names an officer (not الفريق: also "team").
_RANKS = frozenset("اللواء العميد العقيد المقدم الرايد النقيب المشير".split())
_DASHES = frozenset("- – —".split())
_HAMZA_PLACES = {"إب": "مدينه اب"}  # surface → knowledge-base name
_ORDINALS = dict(zip("الاولي الثانيه الثالثه الرابعه الخامسه السادسه السابعه الثامنه التاسعه العاشره".split(),
                     "First Second Third Fourth Fifth Sixth Seventh Eighth Ninth Tenth".split()))
_TOLD_TO = frozenset("ل الي".split())  # "وقال لـ«عكاظ»": the preposition, written apart
_SOURCE_NOUNS = frozenset("مواطنون مواطنين شهود سكان مسوولون مسوولين ناشطون ناشطين محللون خبراء اهالي".split())
_TOLD_CUES = frozenset("تصريح تصريحات حديث مصادر مصدر".split())
_THAT = frozenset("ان انه انها انهم".split())
_CREDITS = frozenset("وكالات الوكالات متابعات خاص".split())  # "سبق- وكالات:": the outlet's sources
_NAME_JOINERS = frozenset("عبد ابو ابي بن بنت ابن ال".split())
_LINEAGE = frozenset("بن بنت ابن ال".split())  # "محمد بن نايف [بن عبد العزيز آل سعود]"
_KIN = frozenset("نجل شقيق شقيقه".split())  # not ابن: "ابن تيمية", "ابن لادن"
# Knowledge-base names that describe rather than name: linked, but descriptions (nominal mentions)
_DESCRIPTIVE_ALIASES = frozenset({"خادم الحرمين الشريفين", "قوات النظام", "قوات التحالف"})
_INFLECTIONS = ("يين", "ين", "ان", "ون", "ات")  # "انفجاريين": two explosions
_PLACE_PREPOSITIONS = frozenset("في من الي علي نحو قرب شمال جنوب شرق غرب وسط داخل مدينه بلده قريه منطقه".split())
_KINSHIP = frozenset("عم عمه خال خاله اخ اخت اخي شقيق شقيقه".split())  # "ابن عم الرئيس": a cousin
# English of an organisation's head noun and of the words its names are often made of
_ORG_HEADS_EN = {"حزب": "Party", "حركه": "Movement", "جبهه": "Front", "منظمه": "Organization", "جماعه": "Group",
                 "مجلس": "Council", "اتحاد": "Union", "جمعيه": "Association", "هييه": "Commission",
                 "لجنه": "Committee", "لواء": "Brigade", "كتايب": "Brigades", "تحالف": "Alliance"}
_NAME_WORDS_EN = {
    "العمال": "Workers'", "العداله": "Justice", "التنميه": "Development", "الوسط": "Centre", "الحريه": "Freedom",
    "الشعب": "People's", "الشعبي": "Popular", "الشعبيه": "Popular", "الوطني": "National", "الوطنيه": "National",
    "الاسلامي": "Islamic", "الاسلاميه": "Islamic", "الديمقراطي": "Democratic", "الديمقراطيه": "Democratic",
    "التحرير": "Liberation", "التحرر": "Liberation", "الثوري": "Revolutionary", "الثوريه": "Revolutionary", "العربي": "Arab",
    "العربيه": "Arab", "الاشتراكي": "Socialist", "الجمهوري": "Republican", "الكردستاني": "Kurdistan",
    "الكردي": "Kurdish", "الكرديه": "Kurdish", "التقدمي": "Progressive", "الاصلاح": "Reform", "السلام": "Peace",
    "العمل": "Labour", "الاستقلال": "Independence", "الوحده": "Unity", "النهضه": "Renaissance",
    "الكرامه": "Dignity", "المستقبل": "Future", "الثوره": "Revolution", "المقاومه": "Resistance",
    "الانقاذ": "Salvation", "الاخوان": "Brotherhood", "المسلمين": "Muslim", "العليا": "Supreme",
    "الاعلي": "Supreme", "العسكري": "Military", "الانتقالي": "Transitional", "الدولي": "International",
    "الدوليه": "International", "الخضر": "Green", "الحق": "Right", "الشباب": "Youth", "المدني": "Civil",
    "القوي": "Forces",
}
_TRANSPARENT = frozenset('"\'')


_RULE_WORDS = (frozenset(MINISTRY_FIELDS) | _FORCES | _MEDIA_HEADS | _JOINING_HEADS | _TITLES
               | SPEECH_VERBS | _NAMING_WORDS | PLACE_NOUNS | frozenset(_FACILITIES) | {"وزاره", "المنطقه", "قياده"}
               | {first for first, _ in _NAMED_FORCES})  # words a pattern starts at


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
    anchored: bool = False  # a place noun introduces it ("مدينة X"): no doubt that it is a place
    key: str = ""  # the knowledge-base name it matched
    # A facility's English frame ("{} Airport") and the normalised offsets of the name in it,
    # whose English (`en` when known) fills the frame
    frame: str = ""
    core: tuple[int, int] = (0, 0)
    # The title a person is named with (its words without ال: ("رييس",), ("وزير", "خارجيه")) and
    # the nationality in it; a nominal mention is such a title alone ("الرئيس الكازاخي")
    title: tuple[str, ...] = ()
    nat: str | None = None
    nominal: bool = False


@lru_cache(maxsize=1 << 16)
def _starts_rule(form: str) -> bool:
    """Whether a pattern can start at this word (memoised: asked of every token)."""
    return any(v in _RULE_WORDS for _, v in clitic_variants(form))


class EntityTagger:
    name = "entities"
    reads = ("tokens", "names")
    adds = ("entities", "country")

    def __init__(self, kb, english: str = "rules") -> None:
        """`english`: how names the knowledge base lacks get English spellings — "rules" (the
        romanizer's dictionary and rules, fast) or "model" (its neural model too: better
        spellings of foreign names, about 15 ms per new name)."""
        if english not in ("rules", "model"):
            raise ValueError(f"english must be 'rules' or 'model', not {english!r}")
        self.kb = kb
        self.english = english
        self._common: frozenset[str] | None = None
        self._romanized: dict[tuple[str, str], str | None] = {}  # (country hint, name) → spelling
        self._romanizer = None
        self._kb_heads: dict[str, bool] = {}  # word → whether a knowledge-base name can start at it

    def __getstate__(self):
        return {"kb": self.kb, "english": self.english, "_common": None, "_romanized": {},
                "_romanizer": None, "_kb_heads": {}}

    @property
    def common(self) -> frozenset[str]:
        if self._common is None:
            self._common = _common_words()
        return self._common

    # -- matching helpers -------------------------------------------------------------------
    @staticmethod
    def _next_word(toks: list[Token], j: int) -> int | None:
        """The word after token j in its sentence, crossing quote marks but no other punctuation."""
        k = j + 1
        while k < len(toks) and toks[k].sentence == toks[j].sentence:
            if toks[k].is_word:
                return k
            if toks[k].form not in _TRANSPARENT:
                return None
            k += 1
        return None

    def _kb_head(self, form: str) -> bool:
        """Whether a knowledge-base name can start at this word (memoised: most words are no name)."""
        hit = self._kb_heads.get(form)
        if hit is None:
            if len(self._kb_heads) > 200_000:  # bounded memory over millions of articles
                self._kb_heads.clear()
            hit = self._kb_heads[form] = any(self.kb.known_prefix(v) for _, v in clitic_variants(form))
        return hit

    def _kb_at(self, toks: list[Token], i: int) -> _Found | None:
        """Longest knowledge-base name starting at token i (proclitics stripped)."""
        if not toks[i].is_word or not self._kb_head(toks[i].form):
            return None
        kb = self.kb
        best = None
        for cut, form in clitic_variants(toks[i].form):
            phrase, j = form, i
            while True:
                if not kb.known_prefix(phrase):
                    break
                entries = kb.lookup(phrase)
                if entries and (best is None or j > best[0]):
                    best = (j, cut, entries[0], phrase)
                if not kb.extends(phrase):
                    break
                j = self._next_word(toks, j)
                if j is None:
                    break
                phrase += " " + toks[j].form
        if best is None:
            return None
        last, cut, entry, phrase = best
        return _Found(i, last, toks[i].start + cut, toks[last].end, entry.type, entry.en, entry.id, entry,
                      key=phrase)

    def _is_name_word(self, tok: Token) -> bool:
        f = tok.form
        if f[0] in "بلك" and len(f) > 3 and tok.surface.endswith(("ه", "ها", "هم", "هما")):
            return False  # a preposition on a noun with a pronoun: "بسيارته"
        if len(f) > 4 and f.endswith("وا") or f == "الله":
            return False  # a verb in the plural: "[المؤيدين للرئيس اليمني] استعادوا"; God (in names: _name_after)
        return (tok.is_word and not f[0].isdigit() and len(f) > 1 and f not in FUNCTION_WORDS
                and f not in SPEECH_VERBS and f not in _TITLES and f not in DIRECTIONS
                and nationality(f) is None and not self._known_name(f)
                and not any(v in self.common or v in PLACE_NOUNS or v in _ORG_HEADS
                            for _, v in clitic_variants(f)))

    def _given_names_of(self, toks: list[Token], first: int, last: int, en: str | None) -> bool:
        """Whether the words first..last, romanized, begin as the English name `en` does (a known
        person's given names before the surname, not a namesake's: "محمد الأسد" is not Bashar)."""
        arabic = " ".join(toks[k].surface or toks[k].form for k in range(first, last + 1) if toks[k].is_word)
        latin = self._romanize([arabic], None).get(arabic)
        return bool(latin and en and latin[:3].lower() == en[:3].lower())

    def _lone_place(self, toks: list[Token], k: int, places: set[int]) -> bool:
        """A one-word place of the tagger's that the text introduces as a place: after a preposition
        or a place noun ("في ذيمرين", "نحو سناح", "بالزعفرانية") or in a list of `places` (token
        indices), and no ordinary word, place noun or inflected common word ("انفجاريين", "حدودية")."""
        form = toks[k].form
        cut, core = _place_core(form)
        before = toks[k - 1].form if k > 0 and toks[k - 1].sentence == toks[k].sentence else ""
        introduced = (form[cut - 1:cut] in ("ب", "ل") or before in _PLACE_PREPOSITIONS  # a list of places:
                      or form[:1] == "و" and k - 1 in places or before in ",،" and k - 2 in places)  # "سناح، وذيمرين"
        bare = core[2:] if core.startswith("ال") else core
        return (introduced and len(bare) > 2 and core not in self.common and bare not in self.common
                and core not in FUNCTION_WORDS
                and bare not in PLACE_NOUNS and nationality(core) is None and not self.kb.lookup(core)
                and core not in DIRECTIONS and not (bare == core and core.endswith("يه"))
                and not (before == "منطقه" and bare == core and toks[k].surface.endswith("ة"))  # "منطقة مزدحمة"
                and not any(bare.endswith(end) and bare[:-len(end)] in self.common for end in _INFLECTIONS))

    def _spelled_place(self, core: str, place: _Found) -> _Found:
        """The tagger's place linked to a known one spelt otherwise: with ال ("التشاد": Chad) or as
        one word ("دياربكر": Diyarbakır)."""
        name = core[2:] if core.startswith("ال") and self.kb.lookup(core[2:]) else self.kb.spelled_together(core)
        entries = [e for e in self.kb.lookup(name) if e.type == "LOC"] if name else []
        if not entries:
            return place
        return replace(place, en=entries[0].en, kb_id=entries[0].id, entry=entries[0], key=name, anchored=True)

    @staticmethod
    def _may_extend_name(tok: Token) -> bool:
        """A word the tagger may add to a name found otherwise ("حزب العدالة والتنمية"): an Arabic
        word that is no function word, verb of speech, title or nationality."""
        f = tok.form
        return (tok.is_word and "\u0621" <= f[0] <= "\u064a" and f not in FUNCTION_WORDS and f not in SPEECH_VERBS
                and f not in _TITLES and nationality(f) is None)

    def _known_name_at(self, toks: list[Token], i: int) -> bool:
        """A known name other than a small town starts at token i ("لبي بي سي" is an addressee)."""
        hit = self._kb_at(toks, i) if i < len(toks) else None
        return hit is not None and not (getattr(hit.entry, "kind", "") == "city" and hit.entry.population < 200_000)

    def _known_name(self, form: str) -> bool:
        """A knowledge-base name other than a small town (many personal names are towns too)."""
        return any(e.kind != "city" or e.population >= 200_000 for e in self.kb.lookup(form))

    def _name_after(self, toks: list[Token], i: int, limit: int = 4) -> list[int]:
        """Token indices of a personal name starting at i (empty when none)."""
        out: list[int] = []
        j = i
        while j < len(toks) and len(out) < limit and toks[j].sentence == toks[i].sentence:
            t = toks[j]
            if t.form == "الله" and out:
                out.append(j)  # "عبد الله", "خليل الله"
            elif t.form in _NAME_JOINERS and j + 1 < len(toks):
                if toks[j + 1].form in _KINSHIP:
                    break  # "ابن عم الرئيس": a cousin, no name
                out.append(j)
            elif t.form in GIVEN_NAMES and not t.surface.endswith("ى") and (out or self._starts_name(toks, j)):
                out.append(j)  # "صالح علي حسن": common given names that are also ordinary words
            elif (self._is_name_word(t) and not (t.form.startswith("ال") and len(t.form) > 4
                                                and not (out and toks[out[-1]].form in _NAME_JOINERS)
                                                and not (out and (toks[out[-1]].form in GIVEN_NAMES or toks[out[-1]].form == "الله")))):
                out.append(j)  # "عبد الله", "صهيب الراوي": a family name after a given name
            else:
                break
            j += 1
        while out and toks[out[-1]].form in _NAME_JOINERS:
            out.pop()
        return out

    def _starts_name(self, toks: list[Token], j: int) -> bool:
        """A given name that is also a word ("علي" = on) starts a name only before another name word."""
        nxt = j + 1
        return nxt < len(toks) and toks[nxt].sentence == toks[j].sentence and (
            toks[nxt].form in GIVEN_NAMES or toks[nxt].form in _NAME_JOINERS or self._is_name_word(toks[nxt]))

    def _rules_at(self, toks: list[Token], i: int) -> list[_Found]:
        """Mentions that patterns find at token i (several when a title spans an organisation)."""
        if not toks[i].is_word or not _starts_rule(toks[i].form):
            return []
        org = self._org_at(toks, i)
        if org is not None:
            return [org]
        return self._person_at(toks, i) or self._place_at(toks, i)  # facilities: tried first, in __call__

    def _facility_at(self, toks: list[Token], i: int, tagged: dict[int, int]) -> list[_Found]:
        """A facility named as a place keeps its noun: "مطار كابل", "قاعدة العند الجوية".
        `tagged`: the places the tagger found, first token → last ("قاعدة [انجيرليك]")."""
        cut, form = next(((c, f) for c, f in clitic_variants(toks[i].form) if f in _FACILITIES), (0, None))
        nxt = self._next_word(toks, i) if form is not None else None
        if nxt is None or nxt != i + 1:
            return []
        frame = _FACILITIES[form]
        inner = self._kb_at(toks, nxt)
        namesake = _NAMESAKE_TITLES.get(toks[nxt].form)
        if inner is not None and inner.type == "PER" and namesake is not None:
            last = inner.last  # "مطار الملك سلمان": the known person's English name
        elif namesake is not None:
            name = _namesake(toks, nxt + 1)
            if not name:
                return []
            inner, last = None, name[-1]
            frame = frame.replace("{}", f"{namesake} {{}}")
            nxt += 1  # the title is in the frame, the name is romanized
        elif inner is not None:
            if (inner.type == "ORG" or getattr(inner.entry, "kind", "") == "country" and form != "بحيره"
                    or inner.start != toks[nxt].start):
                return []  # "قاعدة لداعش", "مسجد بطهران", "مطار سوريا": not the facility's name (but "بحيرة تشاد")
            last = inner.last
        elif (form not in _KNOWN_PLACE_ONLY and toks[nxt].form.startswith("ال") and len(toks[nxt].form) > 3
              and toks[nxt].form not in FUNCTION_WORDS and nationality(toks[nxt].form) is None
              and toks[nxt].form not in _GENERIC_NOUNS):
            # a construct with a definite name names the facility: "قاعدة العند الجوية", "مسجد الرحمة";
            # a base, or a common word (but a roundabout's: "دوار الزراعة"), only with its adjective
            # here or elsewhere in the article ("قاعدة العند"), not "قاعدة البيانات", "مسجد القرية"
            described = nxt + 1 < len(toks) and toks[nxt + 1].form in _FACILITY_ADJECTIVES
            if (not described and (form == "قاعده" or (toks[nxt].form in self.common and form != "دوار"))
                    and not _described_elsewhere(toks, form, toks[nxt].form)):
                return []
            last = nxt
        elif nxt in tagged or tagged.get(i, i) > i:  # "ميدان رابعة العدوية", "قاعدة انجيرليك"
            last = tagged.get(nxt, tagged.get(i))
            if last == nxt and toks[nxt].form.endswith("ي") and not toks[nxt].form.startswith("ال"):
                return []  # "مطار حربي": an adjective (a military airport), not a name
        else:
            return []
        core = (toks[nxt].start, toks[last].end)
        if last + 1 < len(toks) and toks[last + 1].form in _FACILITY_ADJECTIVES:
            last += 1
            frame = frame.replace("{} ", "{} " + _FACILITY_ADJECTIVES[toks[last].form] + " ", 1)
        # named after a known town ("مطار كابل"): placed there, in its country (no id of its own)
        town = inner if inner is not None and inner.type == "LOC" and inner.kb_id else None
        return [_Found(i, last, toks[i].start + cut, toks[last].end, "LOC", inner.en if inner else None,
                       entry=town.entry if town else None, anchored=True, key=town.key if town else "",
                       frame=frame, core=core)]

    def _org_at(self, toks: list[Token], i: int) -> _Found | None:
        t = toks[i]
        nxt = toks[i + 1] if i + 1 < len(toks) and toks[i + 1].sentence == t.sentence else None
        if nxt is None:
            return None
        for cut, form in clitic_variants(t.form):
            start = t.start + cut
            # ministries: "وزارة الصحة [الكازاخية]", "الخارجية الروسية"
            if form == "وزاره" and nxt.form in MINISTRY_FIELDS:
                last, nat, en = i + 1, None, MINISTRY_FIELDS[nxt.form]
                if nxt.form == "الشوون" and last + 1 < len(toks) and toks[last + 1].form in _AFFAIRS:
                    last += 1  # "وزارة الشؤون الاجتماعية": the Ministry of Social Affairs
                    en = f"Ministry of {_AFFAIRS[toks[last].form]} Affairs"
                if (last + 1 < len(toks) and nationality(toks[last + 1].form) is not None
                        and not toks[last + 1].form.endswith("ي")):  # "[المتحدث باسم] وزارة الخارجية الأمريكي"
                    last += 1
                    nat = nationality(toks[last].form)
                return _Found(i, last, start, toks[last].end, "ORG", _with_nationality(en, nat), entry=nat)
            if form in MINISTRY_FIELDS and nationality(nxt.form) and (
                    i == 0 or (toks[i - 1].form not in _TITLES and toks[i - 1].form not in _NOT_MINISTRY)):
                return _Found(i, i + 1, start, nxt.end, "ORG",
                              _with_nationality(MINISTRY_FIELDS[form], nationality(nxt.form)),
                              entry=nationality(nxt.form))
            # forces and councils with a nationality: "الجيش التركي", "القوات العراقية", "قوات الأمن
            # التركية", "مجلس الوزراء العراقي"
            if (form in _FORCES or (form == "مجلس" and nxt.form in _COUNCILS)
                    or (form, nxt.form) in _NAMED_FORCES):  # "البنك المركزي [المصري]"
                j, en = i + 1, _FORCE_EN.get(form)
                named = _NAMED_FORCES.get((form, nxt.form))
                if named:  # "الجيش الوطني [اليمني]", "الحرس الجمهوري": names
                    last = i + 2 if i + 2 < len(toks) and nationality(toks[i + 2].form) else i + 1
                    nat = nationality(toks[last].form) if last > i + 1 else None
                    return _Found(i, last, start, toks[last].end, "ORG", _with_nationality(named, nat), entry=nat)
                if form == "مجلس":
                    j, en = i + 2, _COUNCILS[nxt.form]
                elif form in _COLLECTIVES and nxt.form in _FORCES and nxt.form not in _COLLECTIVES:
                    en = f"{_FORCE_EN[nxt.form]} Forces" if "قوات" in form else f"{_FORCE_EN[nxt.form].lower()} services"
                    j = i + 2
                k = j  # "القوات الخاصة الأمريكية": up to two adjectives before the nationality
                while k < min(len(toks), j + 2) and toks[k].form in _FORCE_ADJECTIVES:
                    k += 1
                if k < len(toks) and toks[k].sentence == t.sentence and nationality(toks[k].form) is not None:
                    nat = nationality(toks[k].form)
                    if k + 1 < len(toks) and toks[k + 1].form in _FORCE_ADJECTIVES and toks[k + 1].sentence == t.sentence:
                        k += 1  # "القوات الأميركية الخاصة"
                    return _Found(i, k, start, toks[k].end, "ORG", _with_nationality(en, nat), entry=nat)
            # a country's government: "حكومة مصر", "حكومة المملكة العربية السعودية"
            if form == "حكومه":
                inner = self._kb_at(toks, i + 1)
                if (inner is not None and inner.start == nxt.start and getattr(inner.entry, "kind", "") == "country"
                        and (i == 0 or toks[i - 1].form not in ("شعب", "وشعب"))):  # not "لشعب وحكومة السعودية"
                    return _Found(i, inner.last, start, inner.end, "ORG", f"Government of {inner.en}",
                                  entry=inner.entry.country)
            # Iraq's operations commands: "قيادة عمليات بغداد", "قيادة العمليات المشتركة"
            if form == "قياده" and nxt.form in ("عمليات", "العمليات") and i + 2 < len(toks):
                if nxt.form == "العمليات" and toks[i + 2].form == "المشتركه":
                    return _Found(i, i + 2, start, toks[i + 2].end, "ORG", "Joint Operations Command")
                place = self._kb_at(toks, i + 2) if nxt.form == "عمليات" else None
                if place is not None and place.type == "LOC" and place.start == toks[i + 2].start:
                    return _Found(i, place.last, start, place.end, "ORG", f"{place.en} Operations Command",
                                  entry=place.entry.country)
            # Yemen's military regions: "المنطقة العسكرية الرابعة"
            if form == "المنطقه" and nxt.form == "العسكريه" and i + 2 < len(toks) and toks[i + 2].form in _ORDINALS:
                return _Found(i, i + 2, start, toks[i + 2].end, "ORG", f"{_ORDINALS[toks[i + 2].form]} Military Region")
            # the police of a city: "شرطة كابل"
            if form == "شرطه":
                inner = self._kb_at(toks, i + 1)
                if inner is not None and inner.type == "LOC" and toks[i + 1].start == inner.start:
                    return _Found(i, inner.last, start, inner.end, "ORG",
                                  f"{inner.en} Police" if inner.en else None, entry=inner.entry.country or None)
            # a newspaper's name, often a word: "بصحيفة الوئام" (the noun stays out); not a charge sheet
            if (form in _PAPERS and nxt.form.startswith("ال") and nxt.form not in _NOT_PAPERS
                    and nationality(nxt.form) is None and self._kb_at(toks, i + 1) is None):
                return _Found(i + 1, i + 1, nxt.start, nxt.end, "ORG")
            # an outlet's name in quote marks: لقناة “خبر 24”
            if form in _MEDIA_HEADS and nxt.form == '"':
                close = next((k for k in range(i + 2, min(len(toks), i + 7)) if toks[k].form == '"'), None)
                if close is not None and close > i + 2:
                    known = self._kb_at(toks, i + 2)  # وكالة "رويترز": Reuters
                    if known is not None and known.type == "ORG" and known.last == close - 1:
                        return known
                    return _Found(i + 2, close - 1, toks[i + 2].start, toks[close - 1].end, "ORG")
            # organisation head before a known name: "تنظيم داعش", "قوات البيشمركة"
            if form in _JOINING_HEADS:
                inner = self._kb_at(toks, i + 1)
                if inner is not None and inner.type == "ORG" and toks[i + 1].start == inner.start:
                    if toks[i + 1].form in ORG_HEADS:  # "تنظيم حزب العمال الكردستاني": the party's name has its head
                        return inner
                    return _Found(i, inner.last, start, inner.end, "ORG", inner.en, inner.kb_id, inner.entry)
        return None

    def _person_at(self, toks: list[Token], i: int) -> list[_Found]:
        t = toks[i]
        for cut, form in clitic_variants(t.form):
            # a name after a title: "الرئيس قاسم جومارت توكاييف", "المتحدث باسم الشرطة X"
            if form in _TITLES:
                before: list[_Found] = []
                title, nat, described = [_bare_title(form)], None, i  # described: the title's last word
                j = i + 1
                while j < len(toks) and toks[j].sentence == t.sentence:
                    f = toks[j].form
                    if nationality(f) is not None:
                        nat, described = nat or nationality(f), j
                        j += 1
                    elif f == "باسم":  # the organisation the person speaks for, then the name
                        inner = self._kb_at(toks, j + 1) if j + 1 < len(toks) else None
                        inner = inner or (self._org_at(toks, j + 1) if j + 1 < len(toks) else None)
                        if inner is not None and inner.type == "ORG":
                            before.append(inner)
                            j = inner.last + 1
                        else:
                            j += 2
                    elif f[:1] == "ل" and (inner := self._kb_at(toks, j)) is not None and inner.type == "ORG" \
                            and inner.start > toks[j].start and (f.startswith("لل") or f[1:] not in _MEDIA_HEADS
                                                                 and f[1:] in _ORG_HEADS):
                        before.append(inner)  # the body the title is of: "الأمين العام للأمم المتحدة"
                        j = inner.last + 1
                    elif f in _TITLE_FILLERS or f in MINISTRY_FIELDS or f in _FORCES:
                        if f not in ("باسم", "عن"):
                            title.append(_bare_title(f))
                            described = j
                        j += 1
                    else:
                        # the place the title is of, right after it: "محافظ ديار بكر [X]", "سفير فرنسا [X]"
                        inner = self._kb_at(toks, j) if j == i + 1 else None
                        if inner is None or inner.type != "LOC":
                            break
                        before.append(self._trim_descriptor(toks, inner))
                        j = inner.last + 1
                titled = {"title": tuple(title), "nat": nat}
                if j < len(toks) and toks[j].sentence == t.sentence:
                    kb_name = self._kb_at(toks, j)
                    if kb_name is not None and kb_name.type == "PER":
                        return before + [replace(self._trim_descriptor(toks, kb_name), **titled)]
                    name = self._name_after(toks, j)
                    if not name and form in _RANKS and j == i + 1 and self._is_nisba_surname(toks[j]):
                        name = [j]  # "اللواء الخثعمي", "العميد العسيري": a rank and a family name
                    if len(name) == 1 and toks[j - 1].form == "عن":
                        name = []  # "وزير الخارجية عن تضامنه": his solidarity
                    if name and (len(name) > 1 or toks[name[0]].form not in self.common):
                        after = self._kb_at(toks, name[-1] + 1) if name[-1] + 1 < len(toks) else None
                        if (after is not None and after.type == "PER" and after.first == after.last
                                and toks[after.first].sentence == t.sentence):
                            # a known surname after the name: "وزير الخارجية الألماني فرانك شتاينماير"
                            if after.kb_id and self._given_names_of(toks, name[0], name[-1], after.en):
                                return before + [replace(after, first=name[0], start=toks[name[0]].start, **titled)]
                            name.append(after.last)
                        return before + [replace(self._person(toks, name), **titled)]
                deputy = i > 0 and toks[i - 1].form in _TITLES  # "نائب الرئيس اليمني" is not the president
                if (nat is not None and not before and not deputy and title[0] in _OFFICES):
                    # "الرئيس الكازاخي": linked later, or dropped
                    return [_Found(i, described, t.start + cut, toks[described].end, "PER", nominal=True, **titled)]
                return before
            # a name after a speech verb, before a title or an apposition:
            # "وصرح آجر غينات نائب وزير", "وقالت بروين بولدان وهي نائبة", "قال توكاييف إنه"
            if (form in SPEECH_VERBS or form in _NAMING_WORDS) and not self._known_name_at(toks, i + 1):
                name = self._name_after(toks, i + 1, limit=3)
                if (len(name) > 1 and toks[name[0]].form[:-2] in self.common
                        and all(toks[k].form.endswith(("ان", "ين")) for k in name)
                        or name and toks[name[0]].form in _SOURCE_NOUNS):
                    name = []  # "وقال مصدران عسكريان ماليان", "وقال شهود عيان": sources, no names
                if name and name[-1] + 1 < len(toks):
                    after = toks[name[-1] + 1].form
                    if (form in _NAMING_WORDS or after in _TITLES or after in _APPOSITION
                            or after in ("ان", "انه", "انها", ",")):
                        return [self._person(toks, name)]
        return []

    def _is_nisba_surname(self, tok: Token) -> bool:
        """A family name of the form الـ…ي ("الخثعمي"), not a word or a nationality ("التركي")."""
        f = tok.form
        return f.startswith("ال") and f.endswith("ي") and len(f) > 5 and self._is_name_word(tok)

    @staticmethod
    def _person(toks: list[Token], name: list[int]) -> _Found:
        return _Found(name[0], name[-1], toks[name[0]].start, toks[name[-1]].end, "PER")

    def _place_at(self, toks: list[Token], i: int) -> list[_Found]:
        """A place after a place noun: "بلدة سروج", "قضاء المقدادية" (the noun stays out)."""
        nxt = toks[i + 1] if i + 1 < len(toks) and toks[i + 1].sentence == toks[i].sentence else None
        if nxt is None or not any(form in PLACE_NOUNS for _, form in clitic_variants(toks[i].form)):
            return []
        if nxt.form in _FACILITIES:
            return []  # "منطقة سد الجبلين": the facility is found at its own noun
        inner = self._kb_at(toks, i + 1)
        if inner is not None:
            if inner.type != "LOC":
                return []
            inner = self._trim_descriptor(toks, inner)
            inner.anchored = True
            return [inner]
        name = self._name_after(toks, i + 1, limit=2)
        if len(name) == 2 and any(v in _FACILITIES or v in PLACE_NOUNS for _, v in clitic_variants(toks[name[1]].form)):
            name = name[:1]  # "مديرية مشرعة بجبل صبر": the mountain is a place of its own
        if len(name) == 1 and toks[name[0]].surface.endswith("ة"):
            name = []  # "منطقة حدودية", "منطقة مزدحمة": an adjective, not a name
        if not name and self._is_place_word(nxt):
            name = [i + 1]
        if not name:
            return []
        after = name[-1] + 1
        if (len(name) == 1 and not nxt.form.startswith("ال") and after < len(toks)
                and toks[after].sentence == nxt.sentence and self._is_place_word(toks[after])
                and toks[after].form not in DIRECTIONS):
            name.append(after)  # "مديرية صبر الموادم": a name of two words
        return [_Found(name[0], name[-1], toks[name[0]].start, toks[name[-1]].end, "LOC", anchored=True)]

    def _is_place_word(self, tok: Token) -> bool:
        """An unknown word with ال after a place noun ("قضاء المقدادية") names the place."""
        f = tok.form
        return (f.startswith("ال") and len(f) > 4 and f not in self.common and nationality(f) is None
                and f not in FUNCTION_WORDS)

    # -- the stage --------------------------------------------------------------------------
    def __call__(self, doc: Doc) -> None:
        toks = doc.tokens
        tagged = {first: last for first, last, typ in doc.names or () if typ == "LOC" and last - first < 3}
        found = self._dateline(toks)
        i = found[-1].last + 1 if found else 0
        while i < len(toks):
            form = toks[i].form
            hit = self._told_outlet(toks, i) if form in _TOLD_TO else None
            if hit is None and toks[i].surface[-2:] in _HAMZA_PLACES:
                hit = self._hamza_place(toks[i], i)
            if hit is not None:
                found.append(hit)
                i = hit.last + 1
                continue
            if not toks[i].is_word or not (_starts_rule(form) or self._kb_head(form)):
                i += 1  # most words: neither a pattern nor a known name starts here
                continue
            # a quoted outlet or a facility ("معبر رفح") before the knowledge base, which has
            # towns named like the nouns (معبر, Yemen)
            hits = self._rules_at(toks, i) if self._quoted_outlet(toks, i) else self._facility_at(toks, i, tagged)
            kb_hit = None if hits else self._kb_at(toks, i)
            if kb_hit is not None and kb_hit.type == "PER" and toks[i].surface.endswith("على"):
                kb_hit = None  # "محسوبين على صالح": the preposition, not Ali
            if kb_hit is not None and kb_hit.type == "PER" and kb_hit.first == kb_hit.last:
                kb_hit = self._other_bearer(toks, kb_hit, found)
            if kb_hit is not None and kb_hit.key in _DESCRIPTIVE_ALIASES:
                kb_hit.nominal = True  # "خادم الحرمين الشريفين": King Salman by his title; "the regime's forces"
            hits = hits or ([self._extend(toks, self._trim_descriptor(toks, kb_hit))] if kb_hit else
                            self._rules_at(toks, i))
            if not hits:
                i += 1
                continue
            found.extend(hits)
            i = hits[-1].last + 1
        if doc.names is not None:
            found = self._model_mentions(toks, found, doc.names)
        found = self._resolve_places(toks, found)
        found = self._link_nominals(toks, found)
        found = self._repeat_mentions(toks, found)
        votes = _country_votes(toks, found)
        for t in toks:  # "جنود أتراك", "مسؤول عراقي": nationalities say where too
            iso = nationality(t.form) if t.is_word else None
            if iso:
                votes[iso] += 3 if t.sentence < _LEAD_SENTENCES else 1
        doc.country = votes.most_common(1)[0][0] if votes else None
        self._emit(doc, found)

    def _dateline(self, toks: list[Token]) -> list[_Found]:
        """The reporter and the outlet of a dateline the knowledge base does not know: "حاتم العميري -
        سبق - مكة المكرمة:", "عين اليوم – اليمن" (then a line break), "سبق- وكالات:".

        A dateline is two to four segments of at most three words, joined by dashes, that end the
        first line or meet a colon. A segment that is a personal name is the reporter; another
        unknown one ("وكالات", "متابعات", "خاص" are no names) is the outlet, or the place when the
        outlet is a known one.
        """
        segments, k = [], 0
        while k < len(toks) and len(segments) < 4:
            j = k
            while j < len(toks) and toks[j].is_word and j - k < 3 and toks[j].sentence == 0:
                j += 1
            if j == k:
                return []
            segments.append((k, j - 1))
            if j >= len(toks) or toks[j].sentence != 0 or toks[j].form == ":":
                break
            if toks[j].form not in _DASHES:
                return []
            k = j + 1
        else:
            return []
        if len(segments) < 2:
            return []
        out, unknown, credited = [], [], False
        for first, last in segments:
            forms = [toks[k].form for k in range(first, last + 1)]
            known = self._kb_at(toks, first)
            if known is not None and known.last == last:
                out.append(self._trim_descriptor(toks, known))
            elif forms[0] in _CREDITS:
                credited = True
            elif forms[0] in FUNCTION_WORDS or any(f in SPEECH_VERBS for f in forms):  # not "في تصريح"
                return []  # (a later word may be one: "عين اليوم")
            elif len(forms) > 1 and (forms[0] in GIVEN_NAMES or self._is_nisba_surname(toks[last])
                                     or any(f.startswith(("عبد", "ابو")) for f in forms)):
                out.append(self._person(toks, list(range(first, last + 1))))  # the reporter
            else:
                unknown.append((first, last))
        if not (out or credited):
            return []  # "عاجل - انفجار ضخم": a headline, no dateline
        # the outlet, unless a known one is named: then the place ("واس- الأحساء:")
        typ = "LOC" if any(f.type == "ORG" for f in out) else "ORG"
        out.extend(_Found(first, last, toks[first].start, toks[last].end, typ) for first, last in unknown)
        return sorted(out, key=lambda f: f.first)

    def _model_mentions(self, toks: list[Token], found: list[_Found],
                        names: list[tuple[int, int, str]]) -> list[_Found]:
        """Names the trained tagger (the names stage) found where no rule or known name did
        ("توماس روتيج"), and the boundaries of names a title rule cut short or began too early.

        Only names of two words or more are taken, and one-word places the text introduces as
        places (`_lone_place`): the model's other one-word guesses are often ordinary words, which
        the knowledge base and the rules handle better. A known surname
        at the end of such a name, or right after it, is another bearer of it ("سيد غول آغا
        روحاني" is not Hassan Rouhani): the two become one unlinked person, as in _other_bearer.
        A known person's lineage after the name is still that person ("محمد بن نايف [بن عبد العزيز
        آل سعود]"). An organisation's head makes its other words part of its name even when they
        are ordinary words ("حزب العدالة والتنمية").
        """
        taken = {}
        for f in found:
            taken.update(dict.fromkeys(range(f.first, f.last + 1), f))
        places = {k for k, f in taken.items() if f.type == "LOC"}
        extra, replaced = [], set()
        for first, last, typ in _mended_people(toks, names):
            if typ not in ("PER", "ORG", "LOC"):
                continue
            if typ == "PER" and first < last and (toks[first].form in _KIN or toks[first].form == "ابن" and first > 0
                                                   and getattr(taken.get(first - 1), "type", "") == "PER"
                                                   or toks[first].surface.endswith("على")):
                first += 1  # "نجل هلال الأسد", "سليمان الأسد ابن هلال الأسد": the son is not named;
                # "محسوبين على صالح": a preposition
            known = taken.get(first)
            if (typ == "PER" and known is not None and known.type == "PER" and known.first == first
                    and known.last < last and not any(k in taken for k in range(known.last + 1, last + 1))
                    and (toks[known.last + 1].form in _LINEAGE and all(
                        self._may_extend_name(toks[k]) for k in range(known.last + 1, last + 1))
                         or known.kb_id is None and all(  # a name after a title, cut short: "عدنان [الضميري]",
                             self._is_name_word(toks[k]) or k == last and toks[k].form in _TITLES  # "حسان الشيخ"
                             for k in range(known.last + 1, last + 1)))):
                replaced.add(id(known))
                extra.append(replace(known, last=last, end=toks[last].end))
                continue
            known = taken.get(last)
            if (typ == "PER" and known is not None and known.type == "PER" and known.kb_id is None
                    and known.last == last and known.first < first and known.title
                    and not any(toks[k].form in GIVEN_NAMES for k in range(known.first, first))):
                # after a title, the tagger knows better where the name starts: "قائد فصيل [جول زمان]"
                replaced.add(id(known))
                extra.append(replace(known, first=first, start=toks[first].start + _name_clitic(toks[first].form)))
                continue
            surname = taken.get(last)
            if typ == "PER" and surname is not None and surname.type == "PER" and surname.first == surname.last:
                last -= 1  # the tagger's name ends with a known surname: joined again below
            else:
                surname = None
            words = [k for k in range(first, last + 1) if toks[k].is_word]
            if any(k in taken for k in range(first, last + 1)):
                continue
            if len(words) == 1 and surname is None and typ == "LOC" and self._lone_place(toks, first, places):
                places.add(first)
                cut, core = _place_core(toks[first].form)
                extra.append(self._spelled_place(core, _Found(first, first, toks[first].start + cut, toks[first].end,
                                                              "LOC")))
                continue
            if len(words) + (surname is not None) < 2:
                continue
            if typ == "PER" and any(toks[k].form in _KINSHIP for k in words):
                continue  # "ابن عم": a cousin
            head_cut = next((c for c, v in clitic_variants(toks[first].form)  # not "وكالة الأنباء الرسمية",
                             if v in _ORG_HEADS and v not in _MEDIA_HEADS  # "قوات النظام"
                             and v not in _FORCES), None) if typ == "ORG" else None
            org_head = head_cut is not None and not toks[first].form.startswith("ال")
            if org_head:  # "تحالف القوى العراقية"; a word the tagger ran on to is cut: "[اتحاد القوى العراقية] بالاتفاق"
                n = len(words)
                while n > 1 and not all(self._may_extend_name(toks[k]) or k == words[n - 1] and nationality(toks[k].form)
                                        for k in words[1:n]):
                    n -= 1
                if n < 2:
                    continue
                words, last = words[:n], words[n - 1]
            elif not all(self._is_name_word(toks[k]) or toks[k].form in GIVEN_NAMES or toks[k].form in _NAME_JOINERS
                         or toks[k].form == "الله" and k > first for k in words[1 if len(words) > 1 else 0:]):
                continue
            if not all("\u0621" <= toks[k].form[0] <= "\u064a" for k in words):
                continue  # Latin words, markup or code quoted in the text ("img src")
            head = toks[first].form
            if (typ != "PER" and head.startswith("ال") and not toks[words[1]].form.startswith("ال")
                    and (head in self.common or head in _GENERIC_NOUNS or head[2:] in ORG_HEADS)):
                continue  # "المنظمة سترسل": a definite noun, then a verb, is no name
            if self._known_after_preposition(" ".join(toks[k].form for k in words)):
                continue  # "لبي بي سي" is said to the BBC: the rules have ruled on it
            # "وكالة دوجان", "وادي المدام": a common word keeps its first letter
            cut = head_cut if org_head else 0 if toks[first].form in self.common else _name_clitic(toks[first].form)
            if surname is None:
                surname = taken.get(last + 1)
            if (typ == "PER" and surname is not None and surname.type == "PER"
                    and surname.first == surname.last and toks[last + 1].sentence == toks[last].sentence):
                replaced.add(id(surname))
                if surname.kb_id and self._given_names_of(toks, first, last, surname.en):
                    # "فرانك شتاينماير": Frank-Walter Steinmeier, with his first name
                    extra.append(replace(surname, first=first, start=toks[first].start + cut))
                    continue
                last = surname.last
            extra.append(_Found(first, last, toks[first].start + cut, toks[last].end, typ))
        found = [f for f in found if id(f) not in replaced]
        return sorted(found + extra, key=lambda f: f.start)

    @staticmethod
    def _link_nominals(toks: list[Token], found: list[_Found]) -> list[_Found]:
        """"الرئيس الكازاخي" is the one person of the article named with that title and
        nationality ("الرئيس قاسم جومارت توكاييف": a Kazakh in the knowledge base); a nominal
        mention that fits no one or several people is dropped."""
        people = [f for f in found if f.type == "PER" and f.title and not f.nominal]
        kept = []
        for f in found:
            if not f.nominal or f.kb_id:  # a title the knowledge base links: "خادم الحرمين الشريفين"
                kept.append(f)
                continue
            fits = {}
            for person in people:
                nat = person.nat or getattr(person.entry, "country", None)
                if person.title == f.title and nat == f.nat:
                    fits[person.kb_id or tuple(toks[k].form for k in range(person.first, person.last + 1))] = person
            if len(fits) == 1:
                kept.append(replace(f, entry=next(iter(fits.values()))))
        return kept

    def _known_after_preposition(self, phrase: str) -> bool:
        """Whether the words are a known name behind a preposition ب ل ك, itself maybe after و ف."""
        for cut in (1, 2):
            if (len(phrase) > cut + 2 and phrase[cut - 1] in "بلك" and (cut == 1 or phrase[0] in "وف")
                    and self.kb.lookup(phrase[cut:])):
                return True
        return False

    def _resolve_places(self, toks: list[Token], found: list[_Found]) -> list[_Found]:
        """Disambiguate towns by the article's country; drop small foreign towns with no anchor.

        A small town abroad that the text does not introduce as a place is far more often an
        ordinary word ("كبرى" → Brea, "آلات" → Alot) than a real mention.
        """
        sure = [f.entry for f in found if f.type == "LOC" and getattr(f.entry, "kind", "") in
                ("country", "capital", "region")]
        votes = _country_votes(toks, [f for f in found if getattr(f.entry, "kind", "") != "city"])
        hint = votes.most_common(1)[0][0] if votes else None
        kept = []
        for f in found:
            entry = f.entry
            if f.type == "LOC" and getattr(entry, "kind", "") == "city":
                best = self.kb.resolve_place(self.kb.lookup(f.key), hint, sure)
                if f.frame:  # a facility's town: resolved, never dropped ("مطار X" is a place)
                    kept.append(replace(f, en=best.en if best else None, entry=best))
                    continue
                if best is not None and best.id != entry.id:
                    f = _Found(f.first, f.last, f.start, f.end, "LOC", best.en, best.id, best, f.anchored)
                    entry = best
                small_abroad = entry.population < 200_000 and (hint is None or entry.country != hint)
                if best is None or small_abroad:
                    after_direction = f.first > 0 and any(  # "جنوب نابلس": south of a place
                        v in DIRECTIONS for _, v in clitic_variants(toks[f.first - 1].form))
                    if not (f.anchored or after_direction):
                        continue
                    f = _Found(f.first, f.last, f.start, f.end, "LOC", None, None, None, True)
            kept.append(f)
        return kept

    def _other_bearer(self, toks: list[Token], hit: _Found, found: list[_Found]) -> _Found:
        """A known surname after given names is another person of that family ("سليمان الأسد")."""
        first = hit.first
        taken = found[-1].last if found else -1
        while (first - 1 > taken and toks[first - 1].sentence == toks[hit.first].sentence
               and toks[first - 1].form in GIVEN_NAMES and not toks[first - 1].surface.endswith("ى")):
            first -= 1
        if first == hit.first:
            return hit
        return _Found(first, hit.last, toks[first].start, hit.end, "PER")

    def _hamza_place(self, tok: Token, i: int) -> _Found | None:
        """A place that only its hamza tells from a common word once normalised: "إب" (Ibb), not
        "آب" (August); after a proclitic too ("وإب")."""
        alias = _HAMZA_PLACES[tok.surface[-2:]]
        cut = len(tok.form) - 2
        entries = self.kb.lookup(alias)
        if tok.form[:cut] not in ("", "و", "ب", "ل", "وب", "ول") or not entries:
            return None
        entry = entries[0]
        return _Found(i, i, tok.start + cut, tok.end, "LOC", entry.en, entry.id, entry, True, key=alias)

    def _told_outlet(self, toks: list[Token], i: int) -> _Found | None:
        """The outlet a source spoke to, in quote marks after لـ / إلى: "وقال في تصريح لـ«المدينة»",
        "وأكدت مصادر إلى "الوطن"" (a newspaper even when named like a city: لـ"الرياض")."""
        if i + 3 >= len(toks) or toks[i + 1].form != '"':
            return None
        close = next((k for k in range(i + 2, min(len(toks), i + 6)) if toks[k].form == '"'), None)
        if (close is None or close == i + 2 or not all(toks[k].is_word for k in range(i + 2, close))
                or toks[i + 2].form in PLACE_NOUNS):  # "التحرير الكامل لـ«إقليم عدن»"
            return None
        for k in range(i - 1, max(-1, i - 9), -1):  # a source that speaks, not what it said ("قال إنه يدعو إلى")
            if toks[k].sentence != toks[i].sentence or toks[k].form in _THAT:
                return None
            if toks[k].form in _TOLD_CUES or any(v in SPEECH_VERBS for _, v in clitic_variants(toks[k].form)):
                break
        else:
            return None
        known = self._kb_at(toks, i + 2)
        if known is not None and known.type == "ORG" and known.last == close - 1:
            return known
        return _Found(i + 2, close - 1, toks[i + 2].start, toks[close - 1].end, "ORG")

    @staticmethod
    def _quoted_outlet(toks: list[Token], i: int) -> bool:
        """An outlet head before a quote mark: its quoted name wins over any known name."""
        return (i + 1 < len(toks) and toks[i + 1].form == '"'
                and any(form in _MEDIA_HEADS for _, form in clitic_variants(toks[i].form)))

    def _trim_descriptor(self, toks: list[Token], hit: _Found) -> _Found:
        """A descriptor before a known name stays out ("محافظة الأنبار" → "الأنبار", "وكالة سبوتنيك")."""
        nxt = self._next_word(toks, hit.first)
        if nxt is None or nxt > hit.last:
            return hit
        heads = [form for _, form in clitic_variants(toks[hit.first].form)]
        if hit.type == "PER" and any(form in _TITLES for form in heads):
            # "الرئيس السوري بشار الأسد", "الملا محمد عمر": the title and nationality stay out
            while nxt is not None and nxt < hit.last and nationality(toks[nxt].form) is not None:
                nxt = self._next_word(toks, nxt)
            rest = self._kb_at(toks, nxt) if nxt is not None else None
            if rest is not None and rest.last == hit.last and rest.type == "PER":
                return rest
            if nxt is None or nxt > hit.last:
                return hit
            return replace(hit, first=nxt, start=toks[nxt].start)  # "الشيخ عبدالله بن زايد آل نهيان"
        if not any(form in PLACE_NOUNS or form in _MEDIA_HEADS or form in _DESCRIPTORS for form in heads):
            return hit
        rest = self._kb_at(toks, nxt)
        if (rest is None and hit.type == "LOC" and any(form in PLACE_NOUNS for form in heads)
                and toks[nxt].form not in self.common and not (hit.en or "").endswith(" City")):
            rest = replace(hit, first=nxt, start=toks[nxt].start)  # "محافظة إب"; not "مدينة الصدر" (Sadr City)
        media = any(form in _MEDIA_HEADS for form in heads)
        if media and (hit.type != "ORG" or "وكاله" in heads and toks[nxt].form.startswith("ال")):
            return hit  # "قناة السويس" is a canal; "وكالة الأنباء الألمانية" is the agency's name
        if ((rest is None or rest.type != hit.type) and getattr(hit.entry, "kind", "") == "outlet" and media
                and (nxt < hit.last or toks[nxt].form not in self.common)):
            # "صحيفة الأهرام" → "الأهرام", "صحيفة الشرق الأوسط" → the paper, not the region (but not
            # "قناة العربية": العربية alone is a word)
            rest = replace(hit, first=nxt, start=toks[nxt].start)
        if rest is None or rest.last != hit.last or rest.type != hit.type:
            return hit  # "أنصار بيت المقدس" is a group, not Jerusalem
        rest.anchored = hit.type == "LOC"
        return rest

    def _extend(self, toks: list[Token], hit: _Found) -> _Found:
        """An agency or outlet joined to a country is one name: "إنترفاكس-كازاخستان"."""
        if hit.type != "ORG" or hit.entry is None or getattr(hit.entry, "kind", "") not in ("agency", "outlet"):
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
        known: dict[tuple[str, ...], _Found] = {}
        for f in found:
            if f.nominal:
                continue
            words = tuple(toks[k].form for k in range(f.first, f.last + 1) if toks[k].is_word)
            cut = f.start - toks[f.first].start  # "والحوبان": the name is "الحوبان"
            if cut and words:
                words = (toks[f.first].form[cut:],) + words[1:]
            if f.kb_id is None:
                known.setdefault(words, f)
            # a person's surname alone ("أزيربك", "منصور"); known persons' surnames even when
            # they are also words, since the full name was just written
            if (f.type == "PER" and len(words) > 1 and len(words[-1]) > 2 and words[-1] not in FUNCTION_WORDS
                    and (f.kb_id is not None or words[-1] not in self.common)):
                known.setdefault(words[-1:], f)
        if not known:
            return found
        by_first: dict[str, list[tuple[str, ...]]] = {}
        for words in sorted(known, key=len, reverse=True):
            by_first.setdefault(words[0], []).append(words)
        taken = set()
        for f in found:
            taken.update(range(f.first, f.last + 1))
        extra = []
        i = 0
        while i < len(toks):
            match = None
            if i not in taken and toks[i].is_word:
                match = self._known_at(toks, i, by_first, known, taken)
            if match:
                extra.append(match)
                i = match.last + 1
            else:
                i += 1
        return sorted(found + extra, key=lambda f: f.start)

    def _known_at(self, toks, i, by_first, known, taken) -> _Found | None:
        for cut, form in clitic_variants(toks[i].form):
            for words in by_first.get(form, ()):
                idx = [i]
                while len(idx) < len(words):
                    nxt = self._next_word(toks, idx[-1])
                    if nxt is None or nxt in taken or toks[nxt].form != words[len(idx)]:
                        break
                    idx.append(nxt)
                if len(idx) == len(words):
                    src = known[words]
                    return _Found(i, idx[-1], toks[i].start + cut, toks[idx[-1]].end, src.type, src.en, None, src)
        return None

    def _emit(self, doc: Doc, found: list[_Found]) -> None:
        clusters: dict[str, str] = {}  # cluster key → entity id
        names: dict[str, tuple[int, str, str]] = {}  # entity id → its longest mention's length, text, frame
        mentions = []
        for f in found:
            root = f
            while isinstance(root.entry, _Found):
                root = root.entry
            s, e, text = doc.orig(f.start, f.end)
            root_text = doc.orig(root.start, root.end)[2]
            if root.frame:  # a facility: one entity with or without its adjective ("قاعدة العند [الجوية]")
                en = root.en or doc.orig(*root.core)[2]  # the English of its name, put in the frame below
                kind = root.frame.split("{}")[0] + root.frame.rsplit(" ", 1)[-1]  # "King Airport", "Base"
                key = f"LOC:{en}:{kind}"  # "مطار كابل", "مطار كابول": Kabul
            else:
                key = root.kb_id or f"{root.type}:{root_text}"
                en = root.en or _unquoted(root_text)  # romanized below when not known
            eid = clusters.setdefault(key, f"E{len(clusters) + 1}")
            if len(root_text) > names.get(eid, (0,))[0]:
                names[eid] = (len(root_text), root_text, root.frame)
            entry = root.entry if root.kb_id else None
            where = root.entry if root.frame else entry  # a facility is placed at its town
            country = getattr(where, "country", None)
            if isinstance(root.entry, str):
                country = root.entry or None
            mentions.append((s, e, text, f.type, f.nominal, eid, en, entry, where, country))
        english = {en: self._org_english(en, doc.country) for (_, _, _, typ, _, _, en, entry, _, _) in mentions
                   if typ == "ORG" and en and not entry and not en.isascii()}
        english = {en: latin for en, latin in english.items() if latin}
        english.update(self._romanize([en for (_, _, _, _, _, _, en, entry, _, _) in mentions if en and not entry
                                       and not en.isascii() and en not in english], doc.country))
        for n, (s, e, text, typ, nominal, eid, en, entry, where, country) in enumerate(mentions, 1):
            en = english.get(en, en)
            _, name, frame = names[eid]
            if frame and en:
                en = frame.format(en)
            doc.entities.append(Entity(
                id=f"m{n}", start=s, end=e, text=text, type=typ, entity=eid, nominal=nominal,
                name=_unquoted(name), en=en,
                kb_id=getattr(entry, "id", None), country=country,
                geonameid=getattr(entry, "geonameid", None), lat=getattr(where, "lat", None),
                lon=getattr(where, "lon", None)))

    def _org_english(self, name: str, country: str | None) -> str | None:
        """An organisation the knowledge base lacks, in English word order when its head is a known
        noun: "حزب العدالة والتنمية" → "Justice and Development Party", "حزب العمال الكردستاني" →
        "Kurdistan Workers' Party"; words without a gloss are romanized ("حزب صالح" → "Saleh Party").
        None for other names, and for names with a preposition ("لتحرير"), whose order this cannot tell."""
        words = normalize(_unquoted(name)).split()
        if len(words) < 2:
            return None
        head = words[0][2:] if words[0].startswith("ال") else words[0]
        if head not in _ORG_HEADS_EN or any(w[0] in "بلك" and w[1:3] != "ال" and w[1:] in self.common
                                            for w in words[1:]):
            return None
        parts = []  # (joined by و, the word)
        for w in words[1:]:
            joined = w[0] == "و" and len(w) > 3 and (w[1:] in _NAME_WORDS_EN or w[1:].startswith("ال"))
            parts.append((joined, w[1:] if joined else w))
        glossed = {core: _NAME_WORDS_EN.get(core) or NATIONALITY_EN.get(nationality(core) or "-") for _, core in parts}
        glossed.update(self._romanize([core for core, gloss in glossed.items() if not gloss], country))
        if not all(glossed.values()):
            return None
        glosses = [f"and {glossed[core]}" if joined else glossed[core] for joined, core in parts]
        if not any(g.startswith("and ") for g in glosses):
            glosses.reverse()  # "العمال الكردستاني": Kurdistan Workers'
        return " ".join(glosses + [_ORG_HEADS_EN[head]])

    def _romanize(self, names: list[str], country: str | None) -> dict[str, str | None]:
        """English spellings of Arabic names the knowledge base lacks, in one batch per article.

        The romanizer spells as people of the article's country do ("Muhammad" in Iraq,
        "Mohamed" in Algeria, "Wadi" in Yemen); elsewhere as the English-language press of the
        Levant does, not in the French style its unhinted default leans to ("Ouadi", "Chebab").
        Only the Arabic words are romanized; digits and Latin words stay as written ("خبر 24").
        """
        hint = country if country in _ROMANIZER_COUNTRIES else _ROMANIZER_DEFAULT
        if len(self._romanized) > 100_000:  # bounded memory over millions of articles
            self._romanized.clear()
        runs = {n: _script_runs(n) for n in names}
        todo = list(dict.fromkeys(run for n in names for arabic, run in runs[n]
                                  if arabic and (hint, run) not in self._romanized))
        if todo:
            if self._romanizer is None:
                from arabic_name_romanizer import Transliterator
                self._romanizer = Transliterator(auto_load_model=self.english == "model")
                _memoise_lookups(self._romanizer)
            try:
                for run, result in zip(todo, self._romanizer.transliterate_many(todo, country=hint)):
                    self._romanized[hint, run] = _first_text(result)
            except Exception:  # best-effort: a name without an English spelling stays usable
                self._romanized.update(((hint, run), None) for run in todo)
        out: dict[str, str | None] = {}
        for n in names:
            words = [self._romanized[hint, run] if arabic else run for arabic, run in runs[n]]
            out[n] = " ".join(words) if all(words) else None
        return out


def _described_elsewhere(toks: list[Token], noun: str, word: str) -> bool:
    """Whether the article names the facility with its adjective too ("قاعدة العند الجوية"), so
    that the short form ("قاعدة العند") is that facility, not a phrase ("قاعدة البيانات")."""
    return any(toks[k + 1].form == word and toks[k + 2].form in _FACILITY_ADJECTIVES
               and any(v == noun for _, v in clitic_variants(toks[k].form))
               for k in range(len(toks) - 2))


def _namesake(toks: list[Token], j: int) -> list[int]:
    """The person's name after a title in a facility's name: a name and its "بن X" links,
    "(مطار الملك) فهد (الدولي)", "(جامع الإمام) تركي بن عبدالله (بالرياض)", "(مطار الأمير) محمد بن
    عبد العزيز"."""
    def word(k: int) -> bool:
        f = toks[k].form if k < len(toks) else ""
        return (k < len(toks) and toks[k].is_word and toks[k].sentence == toks[j].sentence and f.isalpha()
                and f not in FUNCTION_WORDS and f not in _FACILITY_ADJECTIVES)

    out: list[int] = []
    k = j
    while word(k):
        out.append(k)
        if toks[k].form in ("عبد", "ابو") and word(k + 1):  # "عبد العزيز"
            out.append(k + 1)
            k += 1
        if not (k + 2 < len(toks) and toks[k + 1].form in ("بن", "ابن", "بنت")):
            break
        out.append(k + 1)
        k += 2
    while out and toks[out[-1]].form in ("بن", "ابن", "بنت"):
        out.pop()
    return out


def _bare_title(form: str) -> str:
    """A title word without its article, so that "الرئيس" and "رئيس" compare equal."""
    return form[2:] if form.startswith("ال") and len(form) > 4 else form


def _unquoted(name: str) -> str:
    return name.replace("“", "").replace("”", "").replace('"', "")


def _script_runs(name: str) -> list[tuple[bool, str]]:
    """The words of a name in runs of one script: [(True, "خبر"), (False, "24")]."""
    runs: list[tuple[bool, str]] = []
    for word in name.split():
        arabic = any("\u0600" <= ch <= "\u06ff" for ch in word)
        if runs and runs[-1][0] == arabic:
            runs[-1] = (arabic, f"{runs[-1][1]} {word}")
        else:
            runs.append((arabic, word))
    return runs


# The countries whose spellings the romanizer's index records (its `units.country`).
_ROMANIZER_COUNTRIES = frozenset("DZ IR PK EG MA IQ TN SA LB SY PS JO AF YE AE KW SD QA LY BH SO OM MR KM DJ".split())
_ROMANIZER_DEFAULT = "JO"


def _memoise_lookups(romanizer) -> None:
    """Memoise the romanizer's read-only SQLite lookups: name parts (محمد, عبد) recur across articles."""
    index = getattr(romanizer, "index", None)
    if index is not None:
        index.lookup_unit = lru_cache(maxsize=50_000)(index.lookup_unit)
        index.lookup_full = lru_cache(maxsize=50_000)(index.lookup_full)


def _first_text(result) -> str | None:
    """The best candidate of the romanizer, whichever shape (str, candidate, list) it returns."""
    if isinstance(result, list):
        result = result[0] if result else None
    return getattr(result, "text", result)


_NATIONAL_KINDS = frozenset("country capital region city military security ministry government armed_group party "
                            "militant head official politician".split())
_LEAD_SENTENCES = 2  # the headline and the first sentence say what the article is about


def _country_votes(toks: list[Token], found: list[_Found]) -> Counter:
    """Which country the article is about: its places and national bodies, the lead counting triple."""
    votes: Counter = Counter()
    for f in found:
        entry = f.entry
        while isinstance(entry, _Found):
            entry = entry.entry
        if isinstance(entry, str):  # a nationality adjective ("الجيش التركي")
            country = entry or None
        elif getattr(entry, "kind", None) in _NATIONAL_KINDS:
            country = entry.country
        else:
            country = None
        if country:
            votes[country] += 3 if toks[f.first].sentence < _LEAD_SENTENCES else 1
    return votes


# Names that begin with the letters of a proclitic: "وليد" is not و + ليد.
_NAMES_LIKE_CLITICS = frozenset("وليد وائل وفاء وسام وديع وحيد وجدي وهبي وضاح وداد فهد فيصل فاطمه فراس فواز فواد "
                                "فادي فريد فتحي فرج فارس فايز فايزه فوزي فيروز بشار بشير بدر بكر باسم باسل بلال "
                                "بهاء كمال كريم كامل كاظم لطفي لؤي لوي ليلي لينا".split())


def _mended_people(toks: list[Token], names: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """The tagger's names with its person spans mended. Two people side by side are one name it
    broke ("سيد غول | اغا روحاني"): people in a list have a comma or و between them, so a second
    name that starts with و stays apart. "ابن" inside a name after two words of it parts a son from
    his father ("سليمان الأسد ابن هلال الأسد"); "بن" is lineage and stays."""
    joined: list[tuple[int, int, str]] = []
    for first, last, typ in names:
        if (joined and typ == "PER" == joined[-1][2] and joined[-1][1] + 1 == first
                and toks[first].sentence == toks[first - 1].sentence and not toks[first].surface.startswith("و")):
            joined[-1] = (joined[-1][0], last, typ)
        else:
            joined.append((first, last, typ))
    out = []
    for first, last, typ in joined:
        son = next((k for k in range(first + 2, last) if toks[k].form == "ابن"), None) if typ == "PER" else None
        out += [(first, son - 1, typ), (son + 1, last, typ)] if son is not None else [(first, last, typ)]
    return out


def _place_core(form: str) -> tuple[int, str]:
    """(characters of the proclitics before an unknown place, its name as the knowledge base writes
    it): و / ف, and ب ل ك only before ال ("وبالزعفرانية" → 2; "وللزعفرانية" → 2, "الزعفرانيه";
    "بونريه", "لبوزة" and "كودونغا" start with their own letter)."""
    cut = 1 if form[:1] in "وف" and len(form) > 4 else 0
    if form[cut:cut + 2] == "لل":
        return cut + 1, "ا" + form[cut + 1:]  # للـ: the span starts at the second ل, as FORMAT.md wants
    if form[cut:cut + 1] in ("ب", "ك") and form[cut + 1:cut + 3] == "ال":
        cut += 1
    return cut, form[cut:]


def _name_clitic(form: str) -> int:
    """Characters of a proclitic before a personal name ("ومحمد" → 1), as the span convention wants."""
    if form in _NAMES_LIKE_CLITICS or len(form) < 4:
        return 0
    cut = 1 if form[0] == "و" or (form[0] == "ف" and form[1:] in GIVEN_NAMES) else 0  # not "فرانك"
    rest = form[cut:]
    if rest[:1] in "بلك" and len(rest) > 3 and rest not in _NAMES_LIKE_CLITICS and rest[1:] in GIVEN_NAMES:
        cut += 1
    return cut


def _with_nationality(en: str, iso: str | None) -> str:
    adjective = NATIONALITY_EN.get(iso) if iso is not None else None
    return f"{adjective} {en}" if adjective else en
