"""Stage: time expressions (weekdays, today/yesterday, relative and explicit dates).

Everything runs as precompiled regexes on the normalised text (أ→ا, ة→ه, ى→ي, ASCII digits),
so every pattern below is written in normalised form. Each match is resolved against the
publication date by a small function; overlapping candidates are settled longest-first, so an
expression such as "مساء امس الاربعاء" yields one TimeExpr, not three.
"""
from __future__ import annotations

import math
import re
from datetime import date, timedelta
from typing import Callable, Optional

from .doc import Doc
from .model import TimeExpr

Resolved = tuple[int, int, str, str]  # norm start, norm end, value, precision

# ---------------------------------------------------------------- vocabulary (normalised forms)

WEEKDAYS = {"الاثنين": 0, "الثلاثاء": 1, "الاربعاء": 2, "الخميس": 3, "الجمعه": 4, "السبت": 5,
            "الاحد": 6}
MONTHS = {
    "يناير": 1, "جانفي": 1, "كانون الثاني": 1,
    "فبراير": 2, "فبرير": 2, "فيفري": 2, "شباط": 2,
    "مارس": 3, "اذار": 3,
    "ابريل": 4, "افريل": 4, "نيسان": 4,
    "مايو": 5, "ماي": 5, "ايار": 5,
    "يونيو": 6, "يونيه": 6, "جوان": 6, "حزيران": 6,
    "يوليو": 7, "يوليه": 7, "جويليه": 7, "تموز": 7,
    "اغسطس": 8, "اوت": 8, "غشت": 8, "اب": 8,
    "سبتمبر": 9, "شتنبر": 9, "ايلول": 9,
    "اكتوبر": 10, "تشرين الاول": 10,
    "نوفمبر": 11, "نونبر": 11, "تشرين الثاني": 11,
    "ديسمبر": 12, "دجنبر": 12, "كانون الاول": 12,
}
# Month names that are also ordinary words (مارس "practised", اب "father", ماي, جوان, اوت ...):
# accepted only with a day, a year, شهر, or الماضي/المقبل around them.
AMBIGUOUS_MONTHS = {"مارس", "اب", "ماي", "جوان", "اوت", "غشت", "ايار", "نيسان", "جانفي"}
HIJRI_MONTHS = {
    "محرم": 1, "صفر": 2, "ربيع الاول": 3, "ربيع الثاني": 4, "ربيع الاخر": 4,
    "جمادي الاولي": 5, "جمادي الاول": 5, "جمادي الثانيه": 6, "جمادي الاخره": 6,
    "جمادي الاخر": 6, "جمادي الثاني": 6, "رجب": 7, "شعبان": 8, "رمضان": 9, "شوال": 10,
    "ذو القعده": 11, "ذي القعده": 11, "ذو الحجه": 12, "ذي الحجه": 12,
}
# Cardinal number words 1..10, both genders (normalised).
NUMBERS = {"واحد": 1, "واحده": 1, "اثنين": 2, "اثنان": 2, "ثلاثه": 3, "ثلاث": 3, "اربعه": 4,
           "اربع": 4, "خمسه": 5, "خمس": 5, "سته": 6, "ست": 6, "سبعه": 7, "سبع": 7,
           "ثمانيه": 8, "ثماني": 8, "ثمان": 8, "تسعه": 9, "تسع": 9, "عشره": 10, "عشر": 10}
_UNITS_ORD = ["الاول", "الثاني", "الثالث", "الرابع", "الخامس", "السادس", "السابع", "الثامن",
              "التاسع"]


def _ordinals() -> dict[str, int]:
    """Ordinal day words 1..31 ("السادس", "الحادي عشر", "الحادي والعشرين", "الثلاثين")."""
    out = {w: i + 1 for i, w in enumerate(_UNITS_ORD)}
    out["الحادي"] = 1
    out["العاشر"] = 10
    for i, w in enumerate(["الحادي"] + _UNITS_ORD[1:]):
        out[f"{w} عشر"] = 11 + i
    out["العشرين"], out["الثلاثين"] = 20, 30
    for i, w in enumerate(["الحادي"] + _UNITS_ORD[1:]):
        out[f"{w} والعشرين"] = 21 + i
    out["الحادي والثلاثين"] = 31
    return out


ORDINALS = _ordinals()
PARTS = ("صباح", "مساء", "ليله", "ليل", "فجر", "ظهر", "ظهيره", "عصر", "نهار", "صبيحه",
         "منتصف ليل", "منتصف ليله", "منتصف نهار", "اواخر ليل")
PAST = ("الماضي", "الماضيه", "المنصرم", "المنصرمه", "الفايت", "الفايته", "المنقضي")
NEXT = ("المقبل", "المقبله", "القادم", "القادمه")
CURRENT = ("الجاري", "الحالي", "الحاليه", "الجاريه")
# Verbs and phrases that put an unmarked weekday in the future ("ستعقد ... الاحد").
FUTURE_CUES = re.compile(r"(?<!\w)(?:[وف]?(?:من\s+)?(?:المقرر|المنتظر|المرتقب|المزمع|المتوقع)"
                         r"|[وف]?س(?:يتم|تتم|يعقد|تعقد|يجري|تجري|يلتقي|تلتقي|يزور|تزور|يصل"
                         r"|تصل|تبدا|يبدا|تنطلق|ينطلق|يصوت|يتوجه|تستانف|يستانف|تنظم|ينظم|تقام"
                         r"|يقام|يشارك|تشارك|يعلن|تعلن|يلقي|يحضر|تنعقد|ينعقد|تستضيف|يستضيف|تنتهي"
                         r"|ينتهي))(?!\w)")


def _alt(words) -> str:
    """A regex alternation, longest first so "تشرين الاول" wins over a shorter reading."""
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(set(words), key=len, reverse=True))


PRE = r"(?<!\w)(?:[وف]?[بل]?)"  # optional proclitics, kept out of the span (group "s")
END = r"(?:(?<!\w)|(?!\w))"  # a word boundary unless the match ends on punctuation
WD = _alt(WEEKDAYS)
MON = _alt(MONTHS)
# "كانون الثاني/يناير", "يناير (كانون الثاني)", "يوليو تموز": one month in both traditions.
MONTH_EXPR = rf"(?P<mon>{MON})(?:(?:\s*(?P<op>\()\s*|\s*[/-]\s*|\s+)(?P<mon2>{MON})(?(op)\s*\)))?"
YEAR_TAIL = r"(?:\s*,?\s*(?:(?:من\s+)?(?:ال)?عام\s+|سنه\s+)?(?P<year>(?:1[89]|20|21)\d\d)(?!\d)(?:\s*م(?!\w))?)"
DAYNUM = rf"(?:(?P<dd>[0-3]?\d)(?!\d)|(?P<ord>{_alt(ORDINALS)}))"
RELWORD = (r"يوم\s+امس\s+الاول|اول\s+من\s+امس|البارحه\s+الاولي|امس\s+الاول|يوم\s+امس|اول\s+امس"
           r"|بعد\s+غد|يوم\s+غد|الامس|البارحه|اليوم|امس|غدا|غد")  # longest first
PART = _alt(PARTS)
PASTW, NEXTW, CURW = _alt(PAST), _alt(NEXT), _alt(CURRENT)
BEFORE_LAST = r"قبل\s+الماضي(?:ه)?"  # "السبت قبل الماضي": the one before last
# "يونيو من العام الماضي", "تموز العام الجاري": a month placed by a relative year.
REL_YEAR = (rf"(?:\s*,?\s*(?:من\s+)?(?:(?:العام|السنه)\s+(?P<rymod>{BEFORE_LAST}|{PASTW}|{NEXTW}|{CURW})"
            r"|(?P<rythis>هذا\s+العام|هذه\s+السنه)))")


def _rx(body: str) -> re.Pattern:
    return re.compile(PRE + rf"(?P<s>{body}){END}")


# The explicit date patterns (hijri, numeric, day + month + year) come first for readability only;
# which candidate wins is decided by length, not order.
RX_HIJRI = _rx(rf"{DAYNUM}\s+(?:من\s+)?(?P<hmon>{_alt(HIJRI_MONTHS)})\s*,?\s*(?P<hyear>1[34]\d\d)"
               r"\s*(?:ه|هجري|هجريه|للهجره)")
RX_NUMERIC = re.compile(r"(?<![\w/.-])(?P<s>(?:(?P<d>[0-3]?\d)[/.-](?P<m>[01]?\d)[/.-](?P<y>(?:19|20)\d\d)"
                        r"|(?P<y2>(?:19|20)\d\d)-(?P<m2>[01]\d)-(?P<d2>[0-3]\d)"
                        r"|(?P<hd>[0-3]?\d)/(?P<hm>[01]?\d)/(?P<hy>14\d\d)\s*ه(?!\w)))(?![\w/-]|\.\d)")
RX_DATE = _rx(rf"(?:يوم\s+)?(?:(?P<wd>{WD})\s*,?\s*(?:الموافق\s+)?)?"
              rf"(?:{DAYNUM}\s*(?:من\s+(?:شهر\s+)?|شهر\s+)?)?(?P<shahr>شهر\s+)?{MONTH_EXPR}"
              rf"(?:{YEAR_TAIL}|{REL_YEAR}|\s*(?P<mod>{PASTW}|{NEXTW}|{CURW}))?")
RX_YEAR = _rx(r"(?P<kw>(?:ال)?عام|سنه|العام\s+الميلادي)\s+(?P<y>(?:1[89]|20|21)\d\d)(?![\d.,]\d)(?:\s*م(?!\w))?")
RX_BARE_YEAR = re.compile(r"(?<!\w)(?:[وف]?(?:في|منذ|خلال|حتي|مطلع|بحلول|اواخر|اوايل|منتصف|نهايه|بدايه)\s+)"
                          r"(?P<s>(?P<y>(?:19|20)\d\d)(?![\d.,]\d)(?:\s*م(?!\w))?)(?!\w)"
                          r"(?!\s*(?:الف|الاف|مليون|ملايين|مليار|شخص|دولار|ريال)(?!\w))")
RX_WEEKDAY = _rx(rf"(?:(?P<part>{PART})\s+)?(?:(?P<rel>{RELWORD})\s+)?(?:(?P<yawm>يوم)\s+)?"
                 rf"(?P<par>\(\s*)?(?P<wd>{WD})(?(par)\s*\))(?:\s+(?P<mod>{BEFORE_LAST}|{PASTW}|{NEXTW}))?(?:\s+(?P<rel2>امس|غدا))?")
# "ليل السبت الاحد", "ليله الخميس-الجمعه": the night between two days is one expression.
RX_NIGHT = _rx(rf"(?P<part>ليل|ليله|منتصف\s+ليل|منتصف\s+ليله)\s+(?P<wd>{WD})\s*(?:-|/|الي|علي|و)?\s*(?P<wd2>{WD})")
RX_RELDAY = _rx(rf"(?:(?P<part>{PART})\s+)?(?P<rel>{RELWORD})|(?P<night>الليله\s+الماضيه|ليله\s+امس|ليل\s+امس)")
RX_PERIOD = _rx(rf"(?:(?P<this>هذا|هذه)\s+)?(?P<unit>الاسبوع|الشهر|العام|السنه)"
                rf"(?:\s+(?P<mod>{BEFORE_LAST}|{PASTW}|{NEXTW}|{CURW}))?")
_UNIT = (r"(?P<u1>يوم|اسبوع|شهر|عام|سنه)|(?P<u2>يومين|اسبوعين|شهرين|عامين|سنتين)"
         r"|(?P<un>ايام|اسابيع|اشهر|شهور|اعوام|سنوات|سنين|يوما|اسبوعا|شهرا|عاما|سنه)")
RX_AGO = _rx(rf"(?P<kw>منذ|قبل)\s+(?:(?P<n>\d{{1,2}}|{_alt(NUMBERS)})\s+)?(?:{_UNIT})"
             rf"(?!\s*(?:من|علي|\d|امس|الامس|غد|{WD})(?!\w))")

_AGO_BLOCK = re.compile(r"\s*(?:واحد|واحده)?\s*(?:من|علي)(?!\w)")
_SAME_YEAR = re.compile(r"\s*(?:من|في)\s+(?:نفس\s+العام|العام\s+نفسه|العام\s+ذاته|ذات\s+العام"
                        r"|نفس\s+السنه|السنه\s+نفسها)(?!\w)")
_YEAR_ANY = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")
_EQUALS = re.compile(r"\s*[,-]?\s*(?:الموافق|الموافق\s+ل|الموافقه|الموافقه\s+ل)\s*")
# Words that, right before "اليوم", make it part of a name or a generic "the day".
_TODAY_BLOCK_BEFORE = {"عين", "روسيا", "المصري", "اخبار", "صحيفه", "جريده", "هذا", "ذلك", "ذات",
                       "نفس", "في", "تداولات", "السعوديه", "مدار", "طوال", "خلال"}
_YEAR_UNITS = {"عام", "سنه", "عامين", "سنتين", "اعوام", "سنوات", "سنين", "عاما"}
_MONTH_UNITS = {"شهر", "شهرين", "اشهر", "شهور", "شهرا"}
_WEEK_UNITS = {"اسبوع", "اسبوعين", "اسابيع", "اسبوعا"}


# ---------------------------------------------------------------- calendar helpers

def _ym(y: int, m: int) -> str:
    return f"{y:04d}-{m:02d}"


def _add_months(y: int, m: int, k: int) -> tuple[int, int]:
    n = y * 12 + (m - 1) + k
    return n // 12, n % 12 + 1


def hijri_to_gregorian(y: int, m: int, d: int) -> date:
    """Tabular (arithmetic, civil epoch) Islamic calendar: within a day or two of the observed one."""
    jdn = d + math.ceil(29.5 * (m - 1)) + (y - 1) * 354 + (3 + 11 * y) // 30 + 1948440 - 1
    return date.fromordinal(jdn - 1721425)


def _weekday_date(pub: date, wd: int, mod: Optional[str], future: bool = False) -> date:
    """The day named `wd`: on/before `pub` by default, strictly before with الماضي, after with المقبل."""
    if mod in NEXT or future:
        delta = (wd - pub.weekday()) % 7
        return pub + timedelta(days=delta or 7) if mod in NEXT else pub + timedelta(days=delta)
    delta = (pub.weekday() - wd) % 7
    if mod in PAST and delta == 0:
        delta = 7
    return pub - timedelta(days=delta)


def _month_year(pub: date, month: int, mod: Optional[str]) -> int:
    """Year of a month named without one: الماضي = most recent strictly past, المقبل = next,
    otherwise this year unless that month is still in the future (then last year)."""
    if mod in PAST:
        return pub.year if month < pub.month else pub.year - 1
    if mod in NEXT:
        return pub.year if month > pub.month else pub.year + 1
    if mod in CURRENT:
        return pub.year
    return pub.year if month <= pub.month else pub.year - 1


def _day_of_month_date(pub: date, month: int, day: int) -> Optional[date]:
    """Day + month without a year: this year, or last year if >30 days in the future."""
    try:
        d = date(pub.year, month, day)
    except ValueError:
        return None
    if d > pub + timedelta(days=30):
        try:
            d = date(pub.year - 1, month, day)
        except ValueError:
            return None
    return d


def _rel_offset(rel: str) -> int:
    rel = " ".join(rel.split())
    if rel in ("امس الاول", "يوم امس الاول", "اول من امس", "اول امس", "البارحه الاولي"):
        return -2
    if rel in ("امس", "الامس", "البارحه", "يوم امس"):
        return -1
    if rel in ("غدا", "يوم غد", "غد"):
        return 1
    if rel == "بعد غد":
        return 2
    return 0  # اليوم


def _prev_word(text: str, pos: int) -> str:
    m = re.search(r"(\w+)\W*$", text[max(0, pos - 30):pos])
    return m.group(1) if m else ""


def _next_word(text: str, pos: int) -> str:
    m = re.match(r"\s*(\w+)", text[pos:pos + 30])
    return m.group(1) if m else ""


def _future_context(text: str, pos: int) -> bool:
    """A future verb or "من المقرر" in the few words before an unmarked weekday."""
    window = text[max(0, pos - 60):pos]
    cut = max(window.rfind("."), window.rfind("\n"))
    return bool(FUTURE_CUES.search(window[cut + 1:]))


# ---------------------------------------------------------------- resolvers, one per pattern

def _res_hijri(m: re.Match, text: str, pub: date):
    day = int(m["dd"]) if m["dd"] else ORDINALS[" ".join(m["ord"].split())]
    month = HIJRI_MONTHS[" ".join(m["hmon"].split())]
    if not 1 <= day <= 30:
        return None
    # "25 شوال 1436 هـ الموافق 10 اغسطس 2015": the written Gregorian date beats the tabular
    # calendar, which can be a day or two off the observed (Umm al-Qura) one.
    eq = _EQUALS.match(text, m.end())
    if eq:
        for rx, resolve in ((RX_DATE, _res_date), (RX_NUMERIC, _res_numeric)):
            g = rx.match(text, eq.end())
            if g and (got := resolve(g, text, pub)) and got[1] == "day":
                return got
    try:
        return hijri_to_gregorian(int(m["hyear"]), month, day).isoformat(), "day"
    except (ValueError, OverflowError):
        return None


def _res_numeric(m: re.Match, text: str, pub: date):
    if m["hy"]:  # "18/10/1436هـ"
        d, mo = int(m["hd"]), int(m["hm"])
        if not (1 <= d <= 30 and 1 <= mo <= 12):
            return None
        return hijri_to_gregorian(int(m["hy"]), mo, d).isoformat(), "day"
    y, mo, d = (m["y"], m["m"], m["d"]) if m["y"] else (m["y2"], m["m2"], m["d2"])
    try:
        return date(int(y), int(mo), int(d)).isoformat(), "day"
    except ValueError:
        return None


def _res_date(m: re.Match, text: str, pub: date):
    mon = " ".join(m["mon"].split())
    month = MONTHS[mon]
    day = None
    if m["dd"]:
        day = int(m["dd"])
    elif m["ord"]:
        day = ORDINALS[" ".join(m["ord"].split())]
    mod = m["mod"]
    has_year = m["year"] is not None or bool(m["rymod"] or m["rythis"])
    if day is None and not has_year and not mod and not m["shahr"]:
        # A month name alone: needs a preposition-like cue, and never for ambiguous words.
        if mon in AMBIGUOUS_MONTHS and not m["mon2"]:
            return None
        if _prev_word(text, m.start("s")) not in ("في", "منذ", "خلال", "مطلع", "اوايل", "اواخر",
                                                   "منتصف", "نهايه", "بدايه", "حتي", "وفي", "بين"):
            return None
    if day is not None and not 1 <= day <= 31:
        return None
    same = _SAME_YEAR.match(text, m.end("s")) if not has_year else None
    m_year: object = m["year"]
    if same:
        # "حتى 14 اغسطس من نفس العام": the year is the last one written before.
        years = _YEAR_ANY.findall(text, max(0, m.start("s") - 300), m.start("s"))
        if not years:
            return None
        has_year, m_year = True, years[-1]
    if m["rymod"] or m["rythis"]:
        rymod = m["rymod"] or "الجاري"
        m_year = pub.year + (-2 if rymod.startswith("قبل") else -1 if rymod in PAST
                             else 1 if rymod in NEXT else 0)
    if has_year:
        year = int(m_year)
    elif day is not None and not mod:
        d = _day_of_month_date(pub, month, day)
        return (d.isoformat(), "day") if d else None
    else:
        year = _month_year(pub, month, mod)
    if day is None:
        return _ym(year, month), "month"
    try:
        return date(year, month, day).isoformat(), "day"
    except ValueError:
        return None


def _res_year(m: re.Match, text: str, pub: date):
    return m["y"], "year"


def _res_weekday(m: re.Match, text: str, pub: date):
    wd_word = m["wd"]
    if "wd2" in m.re.groupindex:
        if (WEEKDAYS[m["wd2"]] - WEEKDAYS[wd_word]) % 7 != 1:
            return None
        return _weekday_date(pub, WEEKDAYS[wd_word], None).isoformat(), "day"
    wd = WEEKDAYS[wd_word]
    rel, mod = m["rel"], m["mod"]
    yawm, par = m["yawm"], m["par"]
    if wd_word == "الاحد" and _next_word(text, m.end("wd")) == "عشر":
        return None  # الاحد عشر: "the eleven"
    if wd_word == "الاثنين" and not (m["part"] or rel or yawm or mod or par):
        # "الاثنين" is also "the two": accept only with a temporal cue around it.
        prev, nxt = _prev_word(text, m.start("s")), _next_word(text, m.end("s"))
        if prev not in ("منذ", "في", "غد") and nxt not in ("ان", "انه", "انها", "بان", "الموافق") \
                and not re.match(rf"\s*[,]?\s*و?(?:{WD})(?!\w)", text[m.end("s"):m.end("s") + 20]) \
                and not re.search(rf"(?:{WD})\s*(?:,|و)\s*[وب]?$", text[max(0, m.start("s") - 20):m.start("s")]):
            return None
    if m["rel2"] and not rel:
        rel = m["rel2"]  # "خطبه الجمعه غدا", "صلاه الجمعه امس"
    if rel:
        # "اليوم الجمعه" in an article dated Saturday: the weekday is written by the reporter, the
        # date may be the issue or crawl date, so the named weekday nearest to the relative day wins.
        d = pub + timedelta(days=_rel_offset(rel))
        shift = (wd - d.weekday()) % 7
        d += timedelta(days=shift if shift <= 3 else shift - 7)
    else:
        if mod and mod.startswith("قبل"):
            d = _weekday_date(pub, wd, "الماضي") - timedelta(days=7)
        else:
            d = _weekday_date(pub, wd, mod, future=not mod and _future_context(text, m.start("s")))
    return d.isoformat(), "day"


def _res_relday(m: re.Match, text: str, pub: date):
    if m["night"]:
        return (pub - timedelta(days=1)).isoformat(), "day"
    rel = " ".join(m["rel"].split())
    nxt = _next_word(text, m.end("s"))
    if rel in ("امس", "الامس") and nxt in ("الحاجه", "القريب"):
        return None  # "في امس الحاجه": "in dire need"; "بالامس القريب": "recently"
    if rel == "غد" and not m["part"]:
        return None  # bare غد is "the morrow" in general; غدا / يوم غد are tomorrow
    if rel == "اليوم" and not m["part"]:
        prev = _prev_word(text, m.start("s"))
        if prev in _TODAY_BLOCK_BEFORE or (prev[:1] in "وفبل" and prev[1:] in _TODAY_BLOCK_BEFORE):
            return None
        # "اليوم العالمي", "اليوم التالي", "اليوم الاول": a day, not today.
        if nxt.startswith("ال") and nxt not in ("الي", "الا"):
            return None
        if nxt == "نفسه" or nxt == "ذاته" or nxt == "عشر":
            return None
        if m.start("s") > 0 and text[m.start("s") - 1] in "\"'":
            return None  # a quoted "اليوم" is a newspaper name
    return (pub + timedelta(days=_rel_offset(rel))).isoformat(), "day"


def _res_period(m: re.Match, text: str, pub: date):
    unit, mod = m["unit"], m["mod"]
    if m["this"]:
        if mod and mod not in CURRENT:
            return None
        if (m["this"] == "هذه") != (unit == "السنه"):
            return None
        mod = "الجاري"
    if not mod:
        return None
    step = -2 if mod.startswith("قبل") else -1 if mod in PAST else 1 if mod in NEXT else 0
    if unit == "الاسبوع":
        d = pub + timedelta(days=7 * step)
        return _ym(d.year, d.month), "week"
    if unit == "الشهر":
        y, mo = _add_months(pub.year, pub.month, step)
        return _ym(y, mo), "month"
    if not m["this"] and not mod.startswith("قبل") and (unit == "السنه") != mod.endswith("ه"):
        return None  # gender agreement: العام الماضي / السنه الماضيه
    if unit == "العام" and re.match(r"(?:ال|لل)\w", _prev_word(text, m.start("s"))):
        return None  # "المدير العام الحالي": العام is "general" after a definite noun
    return f"{pub.year + step:04d}", "year"


def _res_ago(m: re.Match, text: str, pub: date):
    if m["u2"]:
        n, unit = 2, m["u2"]
    elif m["u1"]:
        if m["n"]:
            return None  # "منذ ثلاثه يوم" is not Arabic; avoid odd matches
        n, unit = 1, m["u1"]
    else:
        if not m["n"]:
            return None  # "منذ ايام": vague
        n = int(m["n"]) if m["n"].isdigit() else NUMBERS[m["n"]]
        unit = m["un"]
        if unit == "سنه" and not m["n"].isdigit():
            return None
    if _AGO_BLOCK.match(text, m.end("s")):
        return None  # "قبل يوم واحد من العمليه": before another event, not before publication
    if n <= 0 or n > 99:
        return None
    if unit in _YEAR_UNITS:
        return f"{pub.year - n:04d}", "year"
    if unit in _MONTH_UNITS:
        y, mo = _add_months(pub.year, pub.month, -n)
        return _ym(y, mo), "month"
    if unit in _WEEK_UNITS:
        return (pub - timedelta(days=7 * n)).isoformat(), "week"
    return (pub - timedelta(days=n)).isoformat(), "day"


PATTERNS: list[tuple[re.Pattern, Callable]] = [
    (RX_HIJRI, _res_hijri),
    (RX_NUMERIC, _res_numeric),
    (RX_DATE, _res_date),
    (RX_YEAR, _res_year),
    (RX_BARE_YEAR, _res_year),
    (RX_WEEKDAY, _res_weekday),
    (RX_NIGHT, _res_weekday),
    (RX_RELDAY, _res_relday),
    (RX_PERIOD, _res_period),
    (RX_AGO, _res_ago),
]


def _first_words() -> dict[str, tuple[int, ...]]:
    """First word (clitics removed) → indices of the PATTERNS that can start with it.

    Running every regex over every character position is the slow part of regex matching in
    Python; instead each word is looked up here and only the patterns it can open are tried there.
    """
    firsts: dict[int, set[str]] = {i: set() for i in range(len(PATTERNS))}
    ords = {w.split()[0] for w in ORDINALS}
    months = {w.split()[0] for w in MONTHS}
    parts = {w.split()[0] for w in PARTS}
    rels = {"يوم", "امس", "اول", "البارحه", "بعد", "الامس", "اليوم", "غدا", "غد"}
    firsts[0] |= ords
    firsts[2] |= ords | months | set(WEEKDAYS) | {"يوم", "شهر"}
    firsts[3] |= {"عام", "العام", "سنه"}
    firsts[4] |= {"في", "منذ", "خلال", "حتي", "مطلع", "بحلول", "اواخر", "اوايل", "منتصف", "نهايه",
                  "بدايه"}
    firsts[5] |= parts | rels | set(WEEKDAYS)
    firsts[6] |= {"ليل", "ليله", "منتصف"}
    firsts[7] |= parts | rels | {"الليله", "ليله", "ليل"}
    firsts[8] |= {"هذا", "هذه", "الاسبوع", "الشهر", "العام", "السنه"}
    firsts[9] |= {"منذ", "قبل"}
    table: dict[str, set[int]] = {}
    for i, words in firsts.items():
        for w in words:
            table.setdefault(w, set()).add(i)
    return {w: tuple(sorted(ix)) for w, ix in table.items()}


def _with_clitics(table: dict[str, tuple[int, ...]]) -> dict[str, tuple[int, ...]]:
    """The first-word table extended with proclitic forms (والخميس, بالامس, وفي ...)."""
    out = dict(table)
    for w, ix in table.items():
        for c in ("و", "ف", "ب", "ل", "وب", "ول", "فب", "فل"):
            cw = c + w
            if cw not in table:
                out[cw] = tuple(sorted(set(out.get(cw, ())) | set(ix)))
    return out


_FIRST = _with_clitics(_first_words())
_FIRST_KEYS = frozenset(_FIRST)
_DIGIT_PATTERNS = (0, 1, 2)  # a number opens a hijri, numeric or written date
_LETTER_RUN = re.compile(r"[^\W\d_]+")
_NUMBER = re.compile(r"\d+")


def _is_word_char(c: str) -> bool:
    return c.isalnum() or c == "_"


def _triggers(text: str):
    """(position, pattern indices) for each word that can open a time expression.

    Only the words of the document that are in the first-word table are located (str.find), so
    the per-character cost stays in C: this is what keeps the stage at thousands of articles/s.
    """
    n = len(text)
    for w in _FIRST_KEYS.intersection(_LETTER_RUN.findall(text)):
        ix = _FIRST[w]
        k = len(w)
        pos = text.find(w)
        while pos >= 0:
            if (pos == 0 or not _is_word_char(text[pos - 1])) and (pos + k == n or not text[pos + k].isalpha()):
                if pos and text[pos - 1] == "(" and 5 in ix:
                    yield pos - 1, (5,)  # "(الاثنين)"
                yield pos, ix
            pos = text.find(w, pos + k)
    for m in _NUMBER.finditer(text):
        pos = m.start()
        # a clitic glued to the number ("و13 تموز") starts the match one or two letters earlier
        j = pos
        while j > 0 and pos - j < 2 and text[j - 1] in "وفبل":
            j -= 1
        if j == 0 or not _is_word_char(text[j - 1]):
            yield j, _DIGIT_PATTERNS


def resolve_times(norm_text: str, published: date) -> list[Resolved]:
    """All time expressions of a normalised text: (start, end, value, precision), in text order.

    Candidates from every pattern are resolved first, then overlaps are settled longest-first,
    so the whole expression ("يوم الاحد الماضي") wins over its parts ("الاحد").
    """
    cands: list[tuple[int, int, str, str]] = []
    for pos, ix in _triggers(norm_text):
        for i in ix:
            rx, resolve = PATTERNS[i]
            m = rx.match(norm_text, pos)
            if m:
                got = resolve(m, norm_text, published)
                if got:
                    s, e = m.span("s")
                    cands.append((s, e, got[0], got[1]))
    cands.sort(key=lambda c: (-(c[1] - c[0]), c[0]))
    taken: list[Resolved] = []
    for c in cands:
        if all(c[1] <= t[0] or c[0] >= t[1] for t in taken):
            taken.append(c)
    taken.sort()
    return taken


_TRAILING_MARKS = frozenset("\u0640\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0670")


class TimeTagger:
    """Pipeline stage: appends a resolved `TimeExpr` per time expression to `doc.times`."""

    name = "times"
    reads = ("nt", "sentences")
    adds = ("times",)

    def __call__(self, doc: Doc) -> None:
        n = len(doc.times)
        for s, e, value, precision in resolve_times(doc.norm, doc.published):
            os_, oe, text = doc.orig(s, e)
            while oe < len(doc.text) and doc.text[oe] in _TRAILING_MARKS:
                oe += 1  # "غداً", "هـ": the tanween or tatweel belongs to the last word
            text = doc.text[os_:oe]
            n += 1
            doc.times.append(TimeExpr(id=f"t{n}", start=os_, end=oe, text=text, value=value,
                                      precision=precision))
