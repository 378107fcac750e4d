"""Stage: events — one record per distinct happening, coded in PLOVER and ACLED terms.

A trigger phrase (lexicon below) gives the PLOVER type and mode and the ACLED type/sub-type.
Each event takes the date of the nearest time expression in its sentence; an event in a
sentence with no time takes the article's news date (the most frequent recent day it names),
else the publication date. Its place is the most precise place named in the sentence, else the
article's main country. Mentions of the same happening (same type, mode, date and place) merge.
Figures in the sentence attach to the event they belong to; quotes give the source.
"""
from __future__ import annotations

import re
from collections import Counter
from datetime import date, timedelta

from .doc import Doc
from .lexicon import NATIONALITY_EN, nationality
from .model import Actor, Event, Mention
from .text import normalize

# (regex on normalised text, PLOVER type, mode, ACLED event type, ACLED sub-event type)
_P = r"(?:[وف]?(?:[بلك]|ال|بال|لل|وال)?)"  # proclitics and article before a trigger word
TRIGGERS: list[tuple[str, str, str, str | None, str | None]] = [
    (r"حال[هت] الطوارى|الطوارى", "COERCE", "state-of-emergency", "Strategic developments", "Other"),
    (r"حظر (?:ال)?تجول", "COERCE", "curfew", "Strategic developments", "Other"),
    (r"(?:اعتقال|اعتقل\w*|القبض علي|قبض علي|توقيف|احتجاز|اعتقالات)", "COERCE", "arrest",
     "Strategic developments", "Arrests"),
    (r"(?:حصار|محاصره|يحاصر|تحاصر|غلق منافذ|اغلاق منافذ|قطع طرق)", "COERCE", "restrict",
     "Strategic developments", "Other"),
    (r"(?:اقال|اقاله|اقالت|استقال\w*|استقاله)", "CONCEDE", "leadership-change",
     "Strategic developments", "Change to group/activity"),
    (r"(?:سيارات? مفخخ\w*|انتحاري\w*|هجوم انتحاري)", "ASSAULT", "suicide-attack",
     "Explosions/Remote violence", "Suicide bomb"),
    (r"(?:عبو[هت]\w* ناسف\w*|انفجار\w*|تفجير\w*|فجر\w*|ينفجر|عبوتين)", "ASSAULT", "explosives",
     "Explosions/Remote violence", "Remote explosive/landmine/IED"),
    (r"(?:غار[هت]\w* جوي\w*|قصف جوي|ضرب[هت]\w* جوي\w*|حمل[هت] جوي\w*|طايرات? (?:بدون|من دون) طيار)",
     "ASSAULT", "aerial", "Explosions/Remote violence", "Air/drone strike"),
    (r"(?:قصف مدفعي|قذاي?ف|صواريخ|قصف)", "ASSAULT", "shelling", "Explosions/Remote violence",
     "Shelling/artillery/missile attack"),
    (r"(?:اشتبك\w*|اشتباك\w*|مواجهات|معارك|اقتتال)", "ASSAULT", "clash", "Battles", "Armed clash"),
    (r"(?:اطلاق النار علي|فتح\w* النار|كمين|نصبوا)", "ASSAULT", "firearms", "Battles", "Armed clash"),
    (r"(?:هاجم\w*|هجوم|هجمات)", "ASSAULT", "attack", "Violence against civilians", "Attack"),
    (r"(?:القضاء علي|مقتل|قتل|اغتيال|اعدام|تصفيه)", "ASSAULT", "kill", "Violence against civilians",
     "Attack"),
    (r"(?:تدمير|دمر\w*)", "ASSAULT", "destroy", "Strategic developments", "Looting/property destruction"),
    (r"(?:(?:سيطر\w*|السيطره|بسط\w* سيطرت\w*|استولي\w*|استعاد\w* السيطره)(?: [^ .,;:!?\n]+){0,6}? علي)", "ASSAULT",
     "seize", "Battles",
     "Non-state actor overtakes territory"),
    (r"(?:انسحب\w*|انسحاب|فروا|لاذوا بالفرار|لاذ بالفرار|فرار)", "RETREAT", "withdraw", None, None),
    (r"(?:تعهد\w* ب(?:مواصله|استمرار|الانتقام|الرد|القضاء))", "THREATEN", "vow", None, None),
    (r"(?:اقتحام|اقتحم\w*|اعمال (?:ال)?شغب|شغب|نهب)", "PROTEST", "riot", "Riots", "Violent demonstration"),
    (r"(?:احتجاج\w*|مظاهر[هت]\w*|تظاهر\w*|متظاهر\w*|محتج\w*|اعتصام\w*|مسير[هت] احتجاج\w*)", "PROTEST",
     "demonstrate", "Protests", "Peaceful protest"),
    (r"(?:(?:ارسل|ترسل|سترسل|يرسل|ارسال|نشر|ينشر|دفع|تدفع)\w* (?:\w+ ){0,3}"
     r"(?:قو[هت]|قوات|كتيب[هت]|جنود|تعزيزات|وحدات|طايرات|مروحيات))", "MOBILIZE", "troops",
     "Strategic developments", "Other"),
    (r"(?:(?:دعا|طلب|ناشد|يطلب|طالب)\w* (?:[^.?!\n]{0,80}?)(?:لمساعد[هت]|مساعد[هت]|المساعد[هت]|التدخل|النجد[هت]))",
     "REQUEST", "military-aid", None, None),
    (r"(?:اتهم\w*|تتهم|يتهم|اتهام\w*)", "ACCUSE", "accuse", None, None),
    (r"(?:يحقق\w*|تحقيق\w*|تحقق في)", "ACCUSE", "investigate", None, None),
    (r"(?:وقف اطلاق النار|هدن[هت]|اوقفت عمليات|علق\w* (?:جزييا )?العمليات)", "RETREAT", "ceasefire",
     None, None),
    (r"(?:اتفاق\w*|وقع\w* (?:علي )?اتفاق\w*)", "AGREE", "agree", "Strategic developments", "Agreement"),
    (r"(?:هدد\w*|يهدد|تهدد)", "THREATEN", "threaten", None, None),
    (r"(?:عقوبات)", "SANCTION", "sanction", None, None),
    (r"(?:(?:توقف|ايقاف|تعليق|وقف)\w* (?:عمل |حرك[هت] )?(?:البنوك|الطيران|الرحلات|الملاحه|الانترنت|الدراس[هت]))",
     "OTHER", "halt", None, None),
]
# One pass over the text: each trigger is a named alternative; the first that matches at a place wins.
_TRIGGER_RE = re.compile(r"(?<!\w)" + _P + "(?:" + "|".join(
    f"(?P<t{n}>{pattern})" for n, (pattern, *_) in enumerate(TRIGGERS)) + r")(?!\w)")

# Verb phrases of the English summary, by (type, mode) then type.
_PHRASES = {
    ("PROTEST", "demonstrate"): "protest", ("PROTEST", "riot"): "riot",
    ("ASSAULT", "clash"): "armed clash", ("ASSAULT", "kill"): "killing",
    ("ASSAULT", "explosives"): "explosion", ("ASSAULT", "suicide-attack"): "suicide attack",
    ("ASSAULT", "aerial"): "air strike", ("ASSAULT", "shelling"): "shelling",
    ("ASSAULT", "firearms"): "armed attack", ("ASSAULT", "attack"): "attack", ("ASSAULT", "seize"): "territory seized",
    ("RETREAT", "withdraw"): "withdrawal", ("THREATEN", "vow"): "vow to fight on", ("ASSAULT", "destroy"): "destruction",
    ("COERCE", "arrest"): "arrests", ("COERCE", "state-of-emergency"): "state of emergency declared",
    ("COERCE", "curfew"): "curfew imposed", ("COERCE", "restrict"): "restrictions imposed",
    ("CONCEDE", "leadership-change"): "government dismissed or leader resigned",
    ("MOBILIZE", "troops"): "troops deployed", ("REQUEST", "military-aid"): "request for assistance",
    ("ACCUSE", "accuse"): "accusation", ("ACCUSE", "investigate"): "investigation",
    ("RETREAT", "ceasefire"): "halt in fighting", ("AGREE", "agree"): "agreement",
    ("THREATEN", "threaten"): "threat", ("SANCTION", "sanction"): "sanctions",
    ("OTHER", "halt"): "services halted",
}
_FIGURE_WORDS = {"killed": "killed", "injured": "injured", "hospitalized": "hospitalised",
                 "critical": "in critical condition", "arrested": "arrested", "missing": "missing",
                 "kidnapped": "kidnapped", "displaced": "displaced", "crowd": "people gathered"}
# Which event a figure belongs to, by category: the first matching type in the sentence.
_FIGURE_EVENT = {"killed": ("ASSAULT",), "injured": ("ASSAULT", "PROTEST"),
                 "hospitalized": ("ASSAULT", "PROTEST"), "critical": ("ASSAULT", "PROTEST"),
                 "arrested": ("COERCE",), "crowd": ("PROTEST",), "kidnapped": ("ASSAULT", "COERCE"),
                 "missing": ("ASSAULT",), "displaced": ("ASSAULT", "COERCE")}


class EventExtractor:
    name = "events"
    reads = ("sentences", "times", "entities", "figures", "quotes")
    adds = ("events",)

    def __init__(self, kb) -> None:
        self.kb = kb

    def __call__(self, doc: Doc) -> None:
        news_date = _news_date(doc)
        found: list[Event] = []
        for m in _TRIGGER_RE.finditer(doc.norm):
            group = m.lastgroup
            _, typ, mode, acled_type, acled_sub = TRIGGERS[int(group[1:])]
            a, b = m.span(group)
            found.append(self._event(doc, doc.sentence_of(a), a, b, typ, mode, acled_type, acled_sub, news_date))
        countries = {e.entity for e in doc.entities if e.kb_id and e.kb_id.startswith("cc:")}
        events = _merge_mentions(found, countries)
        for n, event in enumerate(events, 1):
            event.id = f"v{n}"
        self._attach_figures(doc, events)
        for event in events:
            event.summary = _summary(event, doc)
        doc.events = events

    def _event(self, doc, sentence, a, b, typ, mode, acled_type, acled_sub, news_date) -> Event:
        s, e, text = doc.orig(a, b)
        s0, s1 = doc.nt.span(*doc.sentences[sentence])
        # date: the nearest time expression of the sentence, else the news date
        in_sentence = [t for t in doc.times if s0 <= t.start < s1]
        time = min(in_sentence, key=lambda t: _distance(t, s, e), default=None)
        if time is not None:
            when, precision = time.value, time.precision
        else:
            when, precision = news_date
        # place: the most precise place of the sentence (a town before a country), nearest first
        places = [x for x in doc.entities if x.type == "LOC" and s0 <= x.start < s1]
        places.sort(key=lambda x: (x.country not in (None, doc.country),
                                   self._is_country(x), _distance(x, s, e)))
        place = places[0] if places else None
        country = place.country if place is not None and place.country else doc.country
        actors = []
        # the agency or outlet that reports an event is not its source actor (it may be a target)
        before = [x for x in doc.entities if x.type != "LOC" and s0 <= x.start and x.end <= s
                  and not self._is_media(x)]
        after = [x for x in doc.entities if x.type != "LOC" and e <= x.start < s1]
        if before:
            actors.append(Actor(role="source", name=before[-1].name, en=before[-1].en, entity=before[-1].entity))
        if after:
            actors.append(Actor(role="target", name=after[0].name, en=after[0].en, entity=after[0].entity))
        quote = next((q for q in doc.quotes if q.start <= s and e <= q.end), None)
        place_name = place.en if place is not None else (self.kb.country_name(country) if country else None)
        return Event(id="", type=typ, mode=mode, acled_event_type=acled_type, acled_sub_event_type=acled_sub,
                     trigger=Mention(start=s, end=e, text=text), date=when, precision=precision,
                     time=time.id if time is not None else None, country=country, place=place_name,
                     place_entity=place.entity if place is not None else None,
                     geonameid=place.geonameid if place is not None else None,
                     lat=place.lat if place is not None else None, lon=place.lon if place is not None else None,
                     actors=actors, source=quote.speaker if quote else None,
                     quote=quote.id if quote else None)

    def _is_media(self, entity) -> bool:
        entry = self.kb.by_id(entity.kb_id) if entity.kb_id else None
        return getattr(entry, "kind", None) in ("agency", "outlet")

    @staticmethod
    def _is_country(entity) -> bool:
        return bool(entity.kb_id and entity.kb_id.startswith("cc:"))

    def _attach_figures(self, doc: Doc, events: list[Event]) -> None:
        """Each figure feeds the nearest event of a fitting type in its sentence."""
        for figure in doc.figures:
            sentence = doc.sentence_of(doc.norm_offset(figure.start))
            s0, s1 = doc.nt.span(*doc.sentences[sentence])
            wanted = _FIGURE_EVENT.get(figure.category, ())
            near = [ev for ev in events if s0 <= ev.trigger.start < s1 and ev.type in wanted]
            if not near:
                continue
            event = min(near, key=lambda ev: (wanted.index(ev.type), _distance(ev.trigger, figure.start, figure.end)))
            figure.event = event.id
            event.figures.append(figure.id)
            quote = next((q for q in doc.quotes if q.start <= figure.start and figure.end <= q.end), None)
            if quote is not None:
                figure.source, figure.quote = quote.speaker, quote.id
            if figure.category == "killed" and figure.value is not None:
                event.fatalities = max(event.fatalities or 0, figure.value)


def _distance(x, s: int, e: int) -> int:
    return max(0, x.start - e, s - x.end)


def _news_date(doc: Doc) -> tuple[str, str]:
    """The day most of the article's recent (last week) day-precise times name, else publication."""
    week_ago = doc.published - timedelta(days=7)
    days = Counter()
    first: dict[str, int] = {}
    for t in doc.times:
        if t.precision == "day" and week_ago <= date.fromisoformat(t.value) <= doc.published:
            days[t.value] += 1
            first.setdefault(t.value, t.start)
    if not days:
        return doc.published.isoformat(), "day"
    best = max(days, key=lambda v: (days[v], -first[v]))
    return best, "day"


# The most telling mode of an attack wins when mentions of one attack merge.
_ASSAULT_MODES = ("suicide-attack", "explosives", "aerial", "shelling", "firearms", "clash", "seize", "attack",
                  "destroy", "kill")


def _merge_mentions(events: list[Event], country_entities: set[str]) -> list[Event]:
    """One event per happening: mentions with the same type and date in one place merge.

    Mentions placed only at country level join an event of the same type and date at a more
    precise place in that country; attack mentions keep the most specific mode.
    """
    out: list[Event] = []
    for event in events:
        same = [e for e in out if e.type == event.type and e.date == event.date and e.country == event.country
                and (e.type == "ASSAULT" or e.mode == event.mode)]
        target = next((e for e in same if e.place_entity == event.place_entity), None)
        if target is None and _country_level(event, country_entities):
            target = next(iter(same), None)
        if target is None:
            out.append(event)
            continue
        if _country_level(target, country_entities) and not _country_level(event, country_entities):
            target.place, target.place_entity, target.geonameid = event.place, event.place_entity, event.geonameid
            target.lat, target.lon = event.lat, event.lon
        if target.type == "ASSAULT" and _ASSAULT_MODES.index(event.mode) < _ASSAULT_MODES.index(target.mode):
            target.mode = event.mode
            target.acled_event_type, target.acled_sub_event_type = event.acled_event_type, event.acled_sub_event_type
        _merge(target, event)
    return out


def _country_level(event: Event, country_entities: set[str]) -> bool:
    return event.place_entity is None or event.place_entity in country_entities


def _merge(into: Event, other: Event) -> None:
    """A second mention of the same happening adds the source the first lacked.

    Actors are not carried over: they come from the sentence of the first mention, and another
    sentence's names are often about something else.
    """
    into.source = into.source or other.source
    into.quote = into.quote or other.quote


def _summary(event: Event, doc: Doc) -> str:
    """English one-liner from the fields: date, place (country): actors, what; figures (per source)."""
    where = event.place or "unknown place"
    if event.country and event.place != event.country:
        where += f" ({event.country})"
    what = _PHRASES.get((event.type, event.mode), event.type.lower())
    src = next((a.en or a.name for a in event.actors if a.role == "source"), None)
    tgt = next((a.en or a.name for a in event.actors if a.role == "target"), None)
    who = f"{src} vs {tgt}: " if src and tgt else (f"{src}: " if src else "")
    parts = [f"{event.date or 'undated'}, {where}: {who}{what}"]
    figures = {f.id: f for f in doc.figures}
    for fid in event.figures:
        f = figures[fid]
        parts.append(f"{_range_words(f.min, f.max)} {_FIGURE_WORDS[f.category]}")
    line = "; ".join(parts)
    if event.source:
        speaker = next((q.speaker_en for q in doc.quotes if q.id == event.quote), None)
        line += f" (per {speaker or _source_en(event.source)})"
    return line


# English for the commonest unnamed sources, so the summary stays English ("per police").
_SOURCE_EN = {"الشرطه": "police", "مصدر": "a source", "مصادر": "sources", "المصدر": "the source",
              "المصادر": "the sources", "شهود": "witnesses", "الشهود": "witnesses", "شاهد": "a witness",
              "مسوول": "an official", "مسوولون": "officials", "المسوول": "the official", "الجيش": "the army",
              "البيان": "the statement", "بيان": "a statement", "السلطات": "the authorities",
              "المتحدث": "the spokesperson", "متحدث": "a spokesperson", "ناشطون": "activists",
              "سكان": "residents", "الحكومه": "the government", "الوزاره": "the ministry", "احد": "one of",
              "محافظ": "the governor", "حاكم": "the governor", "الناطق": "the spokesperson",
              "ناطق": "a spokesperson", "المرصد": "the observatory", "النيابه": "the prosecution",
              "المركز": "the centre", "اللجنه": "the committee", "الوكاله": "the agency",
              "القياده": "the command", "القيادي": "a leader", "خبراء": "experts", "المسوولون": "officials",
              "مسوولون": "officials", "مسوولين": "officials", "سلطات": "the authorities"}


# Offices and bodies that a nationality makes a source ("الرئيس الأفغاني": the Afghan president).
_OFFICE_EN = {"الرييس": "president", "رييس": "president", "الوزير": "minister", "وزير": "minister",
              "السفير": "ambassador", "الملك": "king", "المتحدث": "spokesperson", "الناطق": "spokesperson",
              "المبعوث": "envoy", "الجيش": "army", "القوات": "forces", "الشرطه": "police"}


def _source_en(source: str) -> str:
    """An English gloss of an unnamed source phrase: a title with a nationality ("the Afghan
    president"), else its head noun ("the governor"), else the phrase as written."""
    words = normalize(source).split()
    if not words:
        return source
    iso = nationality(words[1]) if len(words) == 2 and words[0] in _OFFICE_EN else None
    if iso in NATIONALITY_EN:
        return f"the {NATIONALITY_EN[iso]} {_OFFICE_EN[words[0]]}"
    return _SOURCE_EN.get(words[0], source)


def _range_words(lo: int | None, hi: int | None) -> str:
    if lo is not None and hi is None:
        return f"more than {lo - 1}"
    if lo == hi:
        return str(lo)
    if lo in (10, 100, 1000) and hi == lo * 10 - 1:
        return {10: "dozens", 100: "hundreds", 1000: "thousands"}[lo]
    return f"{lo}-{hi}"
