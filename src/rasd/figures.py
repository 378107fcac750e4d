"""Stage: figures, counts of people affected (killed, injured, arrested, crowd size ...).

Every quantity found by `rasd.numbers` is a candidate. A candidate becomes a figure when the
word after it is not a unit (years, dollars, kilometres, vehicles ...) and a casualty cue
stands in the same clause: the nearest cue gives the category ("مقتل 10 مدنيين وإصابة 17
آخرين" → killed 10, injured 17). Role nouns that only say who the people are (متظاهرين,
نازحين) count as weaker cues than what happened to them ("مقتل 5 متظاهرين" is killed).
The same (category, min, max) claimed twice in an article is kept once, and a headline figure
is dropped when the body gives a figure of the same category (headlines round the body's).
"""
from __future__ import annotations

import bisect
import re
from functools import lru_cache

from .doc import Doc
from .model import Figure
from .numbers import _CACHE_SIZE, Quantity, _Tok, _Tokens, find_quantities

# Cues, matched on a word without its proclitics (و ف ب ل ك) and with or without ال.
_STRONG = {
    "killed": r"مقتل|قتل|قتلت|قتلوا|قتلا|قتلي|قتيل|قتيلا|قتيلان|قتيلين|قتلاهم|يقتل|تقتل|"
              r"مصرع\w*|حتف\w*|استشهاد|استشهد\w*|شهيد\w*|شهدا\w*|جثه|جثث|جثثا|جثمان\w*|"
              r"اغتيال|اعدام|اعدم\w*|وفاه|الوفيات|وفيات|توفي\w*|ماتوا|مات|ضحايا|ضحيه|قضي|قضوا|"
              r"قتلهم|قتلها|مقتلهم|نحر|ذبح",
    "injured": r"اصابه|اصيب\w*|اصابات|يصاب|جرح|جرحوا|جرحي|جريح|جريحا|جريحان|جريحين|"
               r"مصاب|مصابا|مصابين|مصابون|مصابان|بجروح|جروح|اصابت|اصابوا",
    "arrested": r"اعتقال|اعتقل|اعتقلت|اعتقلوا|معتقل\w*|القبض|توقيف|احتجاز|احتجز\w*|محتجز\w*|"
                r"موقوف\w*|اعتقالات|سجن|حبس|اسر|ضبط",
    "missing": r"مفقود\w*|فقدان",
    "kidnapped": r"اختطاف|اختطف\w*|خطف|خطفوا|مختطف\w*|رهائن|رهاين|رهينه|الرهائن",
    "displaced": r"نزوح|تهجير|هجر|نزح\w*|تشريد|شرد\w*",
}
# Words that say who the people are rather than what happened to them.
_WEAK = {
    "crowd": r"متظاهر\w*|محتج|محتجين|محتجون|محتجا|تظاهر\w*|مظاهر\w*|احتجاج\w*|احتشد\w*|"
             r"تجمع\w*|مسير\w*|حشد|حشود|مشارك\w*|شارك\w*|اعتصم\w*|اعتصام\w*|معتصم\w*",
    "displaced": r"نازح\w*|لاجي\w*|مهجر\w*|مشرد\w*",
}
# Hospital and critical condition: a place and a transfer verb must both be there.
_HOSP_PLACE = re.compile(r"^(ال)?مستشفي(ات)?$")
_HOSP_VERB = re.compile(r"^(ادخال|ادخل\w*|نقل|نقلوا|نقلت|نقلهم|اسعاف|يعالج\w*|يتلق\w*|تلقي)$")
_CRITICAL = [("العنايه", "المركزه"), ("العنايه", "الفايقه"), ("العنايه", "المشدده"),
             ("حاله", "حرجه"), ("حاله", "خطره"), ("حاله", "خطيره"), ("حالتهم", "حرجه"),
             ("حالتهم", "خطيره"), ("حالته", "حرجه"), ("حالته", "خطيره"), ("حالات", "حرجه"),
             ("حالات", "خطيره"), ("حالتها", "حرجه"), ("حالتها", "خطيره")]
_MULTI_KILLED = [("القضاء", "علي"), ("لقوا", "حتفهم"), ("لقي", "حتفه"), ("لقي", "مصرعه")]
_MULTI_ARREST = [("القاء", "القبض"), ("القي", "القبض")]


def _compile(table: dict[str, str]) -> dict[str, re.Pattern]:
    return {k: re.compile(rf"^(?:ال)?(?:{v})$") for k, v in table.items()}


_STRONG_RE = _compile(_STRONG)
_WEAK_RE = _compile(_WEAK)

# Nouns for people (prefixes of the word without ال).
_PEOPLE = (
    "شخص", "اشخاص", "مدني", "جندي", "جنود", "عسكري", "شرطي", "عنصر", "عناصر", "مسلح", "مقاتل",
    "طفل", "اطفال", "امراه", "نساء", "سيده", "سيدات", "رجل", "رجال", "مواطن", "مهاجر", "مهاجم",
    "ارهابي", "متشدد", "متمرد", "ضابط", "ضباط", "فرد", "افراد", "عامل", "عمال", "طالب", "طلاب",
    "صحفي", "ناشط", "شاب", "شبان", "قيادي", "قاده", "حارس", "حراس", "موظف", "مصلي", "مصلين",
    "زائر", "زوار", "سائح", "سياح", "سايح", "حاج", "حجاج", "ركاب", "راكب", "مسافر", "صياد",
    "عضو", "اعضاء", "ضحيه", "ضحايا", "اسير", "اسري", "سجين", "سجناء", "معتقل", "محتجز", "مختطف",
    "رهين", "رهاين", "رهائن", "متظاهر", "محتج", "قتيل", "قتلي", "جريح", "جرحي", "مصاب", "شهيد",
    "شهداء", "جثه", "جثث", "جثمان", "مفقود", "نازح", "لاجي", "مهجر", "عائله", "عائلات", "اسره",
    "منهم", "منهن", "اخرين", "اخرون", "اخران", "اخري", "اخر", "انتحاري", "مسعف", "طبيب", "اطباء",
    "معارض", "موال", "انصار", "مناصر", "مرتزق", "مشجع", "معلم", "مدرس", "تلميذ", "تلاميذ",
    "فتاه", "فتيات", "فتي", "فتيه", "صبي", "رضيع", "مسن", "مهرب", "مشتبه", "متهم", "مطلوب",
    "مجند", "حرس", "عنصرا", "مرافق", "حوثي", "داعشي", "متطرف", "مليشيا", "ميليشيا", "افراد",
    "مستوطن", "منتسب", "اسرائيلي", "فلسطيني", "مشارك", "ناخب", "محتجين", "عراقي", "سوري", "يمني",
)
# Words after a number that make it something other than people.
_UNITS = re.compile(
    r"^(?:ال)?(?:دولار\w*|دينار\w*|يورو|ريال\w*|جنيه\w*|ليره|ليرات|درهم\w*|مليار\w*|"
    r"عام|عاما|اعوام|سنه|سنوات|سنين|عمر|شهر|شهرا|اشهر|شهور|يوم|يوما|ايام|ساعه|ساعات|دقيقه|"
    r"دقايق|ثانيه|ثوان|اسبوع|اسبوعا|اسابيع|ليله|ليال|كم|كلم|كيلو\w*|متر|مترا|امتار|ميل|"
    r"اميال|طن|اطنان|لتر|برميل|بالميه|بالمايه|درجه|مره|مرات|عجله|عجلات|سياره|سيارات|دبابه|"
    r"دبابات|مركبه|مركبات|اليه|اليات|صاروخ\w*|صواريخ|قذيفه|قذايف|طايره|طايرات|منزل\w*|"
    r"منازل|مبني|مباني|قريه|قري|مدينه|مدن|غاره|غارات|هجوم|هجمات|عبوه|عبوات|عبوتين|مقعد\w*|"
    r"مقاعد|صوت|اصوات|نقطه|نقاط|بند|بنود|طلقه|رصاصه|هدف|اهداف|موقع|مواقع|مليون|الف|"
    r"هكتار\w*|دونم\w*|ميغاواط|قطعه|قطع|دوله|دول|محافظه|محافظات|ولايه|ولايات|مليم\w*|سم|"
    r"كتيبه|كتايب|لواء|الويه|فرقه|شاحنه|شاحنات|سفينه|سفن|زورق\w*|مروحيه|مروحيات|بلد|بلدان|"
    r"مشروع|مشاريع|ماده|مواد|حزب|احزاب|مرشح\w*|مسجد|مساجد|مدرسه|مدارس|مستشفي|مستشفيات|"
    r"جوله|جولات|وحده|وحدات|دقيقه|نسخه|مليونا|الاف|ضعف|اضعاف|بالمئه|المئه|الميه|نقطه|سنتيمتر\w*)$")
_MONTHS = re.compile(
    r"^(?:يناير|فبراير|مارس|ابريل|مايو|ماي|يونيو|يونيه|يوليو|يوليه|اغسطس|سبتمبر|اكتوبر|نوفمبر|"
    r"ديسمبر|كانون|شباط|اذار|نيسان|ايار|حزيران|تموز|اب|ايلول|تشرين|محرم|صفر|ربيع|جمادي|رجب|"
    r"شعبان|رمضان|شوال|ذو|ذي)$")
# Words before a number that make it a date, a year, an age, a clock time or a reference.
_BEFORE_NOT = re.compile(
    r"^(?:ال)?(?:عيار|عام|سنه|منذ|ساعه|رقم|ماده|قرار|فصل|بند|تاريخ|بتاريخ|عمر|عمره|عمرها|عمرهم|"
    r"بعمر|سن|مرتبه|المركز|صفحه|طريق|مباراه|نسبه|بنسبه|العدد|قانون|ليوم|يوم|القرن)$")
_BOUNDARY_WORDS = {"بينما", "فيما", "لكن", "لكنه", "ولكن", "غير", "الا"}
_CLAUSE_PUNCT = set(",;:.!?()[]{}")
_SUBSET = {"بينهم", "منهم", "بينهن", "منهن"}
_DISEASE = re.compile(r"كورونا|كوفيد|فيروس|الوباء|وباء|الكوليرا|الملاريا|السرطان|الحصبه|"
                      r"الانفلونزا|الايدز|ايبولا")
_CLITICS = ("و", "ف", "ب", "ل", "ك", "وب", "ول", "فب", "فل", "وك")

_TRAILING = set("\u0640\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0653\u0654\u0655\u0670")

BACK_WINDOW = 6
FORWARD_WINDOW = 6
WEAK_PENALTY = 3


# Every test on a single word depends on its form alone, so each is cached by form (the same
# forms recur within and across articles); the cue windows look at each word many times.
@lru_cache(maxsize=_CACHE_SIZE)
def _bares(form: str) -> tuple[str, ...]:
    """The word, and the word without each proclitic that leaves at least three letters."""
    out = [form]
    for c in _CLITICS:
        if form.startswith(c) and len(form) > len(c) + 2:
            out.append(form[len(c):])
    return tuple(out)


class _W(_Tok):
    """A token of the normalised text."""

    __slots__ = ()

    @property
    def bares(self) -> tuple[str, ...]:
        return _bares(self.form)

    @property
    def is_word(self) -> bool:
        return self.form[:1].isalnum()


def _any(pattern: re.Pattern, form: str) -> bool:
    """Does the word, with or without a proclitic, match `pattern`?"""
    return any(pattern.match(b) for b in _bares(form))


def _form_test(pattern: re.Pattern):
    """`_any` for one pattern, cached by form."""
    @lru_cache(maxsize=_CACHE_SIZE)
    def test(form: str) -> bool:
        return _any(pattern, form)
    return test


_is_hosp_verb = _form_test(_HOSP_VERB)
_is_hosp_place = _form_test(_HOSP_PLACE)
_is_before_not = _form_test(_BEFORE_NOT)


def _is_person(w: _W) -> bool:
    return _person_form(w.form)


@lru_cache(maxsize=_CACHE_SIZE)
def _person_form(form: str) -> bool:
    for b in _bares(form):
        b2 = b[2:] if b.startswith("ال") and len(b) > 4 else b
        if b2.startswith(_PEOPLE) or b2 in _SUBSET:
            return True
        if len(b2) >= 5 and (b2.endswith("يين") or b2.endswith("يون")):
            return True  # nisba plurals: مدنيين, فلسطينيين
    return False


def _is_unit(w: _W) -> bool:
    return _unit_form(w.form)


@lru_cache(maxsize=_CACHE_SIZE)
def _unit_form(form: str) -> bool:
    return any(_UNITS.match(b) or _MONTHS.match(b) for b in _bares(form)) or form in ("%", "$")


class FigureTagger:
    name = "figures"
    reads = ("nt", "sentences")
    adds = ("figures",)

    def __call__(self, doc: Doc) -> None:
        norm = doc.norm
        words = _Tokens(norm, _W)
        quantities = _with_singulars(find_quantities(norm, words), words)
        if not quantities:
            return
        sentences = doc.sentences or [(0, len(norm))]
        sent_starts = [s for s, _ in sentences]
        headline = _headline_spans(norm)
        found: list[tuple[Quantity, str, int, int, bool]] = []
        prev_by_sent: dict[int, str] = {}
        for qi, q in enumerate(quantities):
            si = max(0, bisect.bisect_right(sent_starts, q.start) - 1)
            s_start, s_end = sentences[si]
            a = words.index_at(q.start)
            if a >= len(words) or words[a].end <= q.start:
                a = min(a, len(words) - 1)
            while a > 0 and words[a].start > q.start:
                a -= 1
            b = words.index_at(q.end) - 1
            prev_end = quantities[qi - 1].end if qi else s_start
            next_start = quantities[qi + 1].start if qi + 1 < len(quantities) else s_end
            got = self._classify(words, a, b, q, max(prev_end, s_start), min(next_start, s_end),
                                 next_start < s_end, norm, prev_by_sent.get(si))
            if got is None:
                continue
            cat, span_s, span_e = got
            prev_by_sent[si] = cat
            found.append((q, cat, span_s, span_e, any(hs <= q.start < he for hs, he in headline)))
        body_cats = {cat for _, cat, _, _, head in found if not head}
        seen: set[tuple[str, int | None, int | None]] = set()
        for q, cat, s, e, head in found:
            if head and cat in body_cats:
                continue
            key = (cat, q.min, q.max)
            if key in seen:
                continue
            seen.add(key)
            os_, oe, _ = doc.orig(s, e)
            while oe < len(doc.text) and doc.text[oe] in _TRAILING:
                oe += 1  # keep the word's last diacritic or tatweel: "مسلحاً", not "مسلحا"
            text = doc.text[os_:oe]
            doc.figures.append(Figure(
                id=f"f{len(doc.figures) + 1}", start=os_, end=oe, text=text, category=cat,
                min=q.min, max=q.max, value=q.value))

    def _classify(self, words: _Tokens, a: int, b: int, q: Quantity, lo: int, hi: int,
                  next_is_quantity: bool, norm: str, prev_cat: str | None) -> tuple[str, int, int] | None:
        """The category of quantity words[a..b] and the span of the figure, or None."""
        n = len(words)
        core = words[a]
        if core.form[:1].isdigit() and not q.hedge:
            v = q.min or 0
            if 1900 <= v <= 2100 and not (b + 1 < n and _is_person(words[b + 1])):
                return None  # a year
        # the word before the number (skipping quote marks)
        k = a - 1
        while k >= 0 and not words[k].is_word and words[k].form == '"':
            k -= 1
        if k >= 0 and words[k].end > lo and _is_before_not(words[k].form):
            return None
        # the head: the word after the number, or after "من"
        h = b + 1
        while h < n and words[h].form == '"':
            h += 1
        head = words[h] if h < n and words[h].start < hi else None
        if q.dual:
            head_person, head_unit = True, False
            head_idx = b
            own = _cue(words, a)
            if own and own[1]:
                return own[0], q.start, q.end  # قتيلان, جريحين: the dual is its own cue
        else:
            head_unit = head is not None and _is_unit(head)
            if head is not None and head.form == "من" and h + 1 < n:
                head_person = _is_person(words[h + 1])
                head_idx = h + 1 if head_person else b
            else:
                head_person = head is not None and _is_person(head)
                head_idx = h if head_person else b
        if head_unit:
            return None
        if q.vague and not q.hedge and head is not None and head.form.startswith("ال") and \
                not head_person:
            head_idx = b  # "مئات الغارات": not people unless a cue sits right here
        if head is not None and head.form == "%":
            return None
        # the clause
        clause_lo, clause_hi = lo, hi
        cues: list[tuple[float, str, int, int]] = []  # (score, category, start, end)
        coordinated = (q.start > core.start and norm[core.start] == "و") or (
            a > 0 and words[a - 1].form == "و" and words[a - 1].end == q.start)
        subset = False
        # backward
        dist = 0
        hosp_verb = hosp_place = False
        k = a - 1
        back: list[tuple[float, str, int, int]] = []
        while k >= 0 and words[k].start >= clause_lo:
            w = words[k]
            if w.form in _CLAUSE_PUNCT or w.form in _BOUNDARY_WORDS:
                break
            if w.form in _SUBSET:
                subset = True
            if w.is_word and w.form != "و":
                c = _cue(words, k)
                if c:
                    cat, strong, ks, ke = c
                    back.append((dist + (0 if strong else WEAK_PENALTY), cat, ks, ke))
                if _is_hosp_verb(w.form):
                    hosp_verb = True
                if _is_hosp_place(w.form):
                    hosp_place = True
                dist += 1
                if dist > BACK_WINDOW:
                    break
            k -= 1
        # forward
        dist = 0
        fwd: list[tuple[float, str, int, int]] = []
        k = b + 1
        # cues right before the next quantity belong to it ("مقتل 10 وإصابة 17")
        stop = hi
        if next_is_quantity:
            nk = k
            while nk < n and words[nk].start < hi:
                nk += 1
            j, gap = nk - 1, 0
            if j > b and (words[j].form == "و" or norm[hi - 1:hi] == "و"):
                gap = 2  # "إلى المستشفى و62 شخصا": the next one is a new item, no cue of its own
            while j > b and gap < 2 and words[j].is_word:
                stop = words[j].start
                gap += 1
                j -= 1
        while k < n and words[k].start < stop:
            w = words[k]
            if w.form in _CLAUSE_PUNCT or w.form in _BOUNDARY_WORDS:
                break
            if w.is_word and w.form != "و":
                c = _cue(words, k)
                if c:
                    cat, strong, ks, ke = c
                    fwd.append((dist + (0 if strong else WEAK_PENALTY) + 0.5, cat, ks, ke))
                if _is_hosp_verb(w.form):
                    hosp_verb = True
                if _is_hosp_place(w.form):
                    hosp_place = True
                if k != head_idx:
                    dist += 1
                if dist > FORWARD_WINDOW:
                    break
            k += 1
        if coordinated:
            back = [(d + 2, c, s, e) for d, c, s, e in back]  # "و62 شخصا": a new item
        cues = back + fwd
        hosp_ok = hosp_verb and hosp_place
        # hospital: both a transfer verb and a hospital in the clause; each counts as a cue
        if hosp_ok:
            for idx in range(max(0, a - BACK_WINDOW - 1), min(n, b + FORWARD_WINDOW + 2)):
                w = words[idx]
                if w.start < clause_lo or w.start >= stop:
                    continue
                if _is_hosp_verb(w.form) or _is_hosp_place(w.form):
                    d = _word_dist(words, a, b, idx)
                    cues.append((d + (0.5 if idx > b else 0), "hospitalized", w.start, w.end))
        if _DISEASE.search(norm, clause_lo, clause_hi):
            cues = [c for c in cues if c[1] not in ("injured", "killed")]
        if not cues:
            if (subset or coordinated) and prev_cat and (head_person or subset):
                cat, s, e = prev_cat, q.start, words[head_idx].end
                return cat, s, max(e, q.end)
            return None
        cues.sort(key=lambda c: c[0])
        score, cat, cs, ce = cues[0]
        if cat in ("killed", "injured") and _combined(words, cs, ce):
            return None  # "مقتل وإصابة 40 شخصا": dead and wounded in one count
        # a number whose next word is not a person needs its cue right next to it
        if not head_person and score > 1.5:
            return None
        s = min(q.start, cs)
        e = max(q.end, ce, words[head_idx].end if head_idx > b else q.end)
        return cat, s, e


# "مقتل جندي", "إصابة شخص": an indefinite singular noun for a person after a cue is one person.
# (Word sets, not patterns: _with_singulars looks up every word of the article.)
_SINGULAR_CUE = frozenset((
    "مقتل|قتل|مصرع|استشهاد|استشهد|اصابه|اصيب|جرح|اعتقال|اعتقل|"
    "اختطاف|اختطف|خطف|اعدام|اعدم|توقيف|اغتيال").split("|"))
_SINGULAR = frozenset((
    "شخص|جندي|شرطي|مدني|طفل|طفله|امراه|رجل|مواطن|مواطنه|عنصر|ضابط|مسلح|"
    "مقاتل|صحفي|ناشط|فلسطيني|اسرائيلي|متظاهر|محتج|مستوطن|سائق|حارس|"
    "موظف|عامل|جنديا|شخصا|شرطيا|مدنيا|طفلا|رجلا|مواطنا|عنصرا|ضابطا|مسلحا|"
    "مقاتلا|صحفيا|ناشطا|فلسطينيا|اسرائيليا|متظاهرا|محتجا|مستوطنا|سائقا").split("|"))


def _with_singulars(quantities: list[Quantity], words: _Tokens) -> list[Quantity]:
    """Add a one-person quantity for "مقتل جندي"; "مقتل ضابط وثلاثة جنود" is one figure of 4."""
    forms = words.forms
    # the person noun first: a set lookup that rules out nearly every word
    hits = [k - 1 for k in range(1, len(forms)) if forms[k] in _SINGULAR
            and not _SINGULAR_CUE.isdisjoint(_bares(forms[k - 1]))]
    if not hits:
        return quantities
    starts = {q.start: q for q in quantities}
    taken = [(q.start, q.end) for q in quantities]
    extra: list[Quantity] = []
    for k in hits:
        nxt = words[k + 1]
        if any(s <= nxt.start < e for s, e in taken):
            continue
        after = words[k + 2] if k + 2 < len(words) else None
        if after is not None and after.form in ("واحد", "واحدا", "واحده"):
            continue  # "مقتل شخص واحد": the number reader has it
        q = Quantity(nxt.start, nxt.end, 1, 1, core_start=nxt.start)
        # "ضابط وثلاثة جنود": the next quantity, joined by و, adds to this one
        if after is not None:
            for pos in (after.start + 1, after.end):
                other = starts.get(pos)
                if other is not None and after.form.startswith("و") and other.min is not None \
                        and other.min == other.max and not other.vague:
                    q = Quantity(nxt.start, other.end, other.min + 1, other.max + 1,
                                 core_start=nxt.start)
                    quantities = [x for x in quantities if x is not other]
                    break
        extra.append(q)
    return sorted(quantities + extra, key=lambda q: q.start)


def _combined(words: _Tokens, cs: int, ce: int) -> bool:
    """Is the cue at [cs, ce) one half of "مقتل وإصابة" / "قتلى وجرحى"?"""
    idx = words.index_at(cs)
    if idx >= len(words) or words[idx].start != cs:
        return False
    cats = set()
    for k in (idx - 1, idx + 1):
        if 0 <= k < len(words):
            c = _cue(words, k)
            joined = words[idx].form.startswith("و") if k < idx else words[k].form.startswith("و")
            if c and joined:
                cats.add(c[0])
    own = _cue(words, idx)
    return bool(own) and bool(cats & {"killed", "injured"} - {own[0]})


def _word_dist(words: _Tokens, a: int, b: int, idx: int) -> int:
    if idx < a:
        rng = range(idx + 1, a)
    else:
        rng = range(b + 1, idx)
    return sum(1 for k in rng if words[k].is_word and words[k].form != "و")


_PAIRS = ((_CRITICAL, "critical"), (_MULTI_KILLED, "killed"), (_MULTI_ARREST, "arrested"))
_PAIR_FIRST = frozenset(x for pairs, _ in _PAIRS for x, _ in pairs)
_PAIR_SECOND = frozenset(y for pairs, _ in _PAIRS for _, y in pairs)


def _cue(words: _Tokens, k: int) -> tuple[str, bool, int, int] | None:
    """The cue that word k starts or is: (category, strong, start, end)."""
    w = words[k]
    bares = _bares(w.form)
    # two-word cues, only tried when word k can be one of their halves
    if (not _PAIR_FIRST.isdisjoint(bares) and k + 1 < len(words)) or \
            (w.form in _PAIR_SECOND and k > 0):
        nxt = words[k + 1] if k + 1 < len(words) else None
        prv = words[k - 1] if k > 0 else None
        for pairs, cat in _PAIRS:
            for x, y in pairs:
                if nxt is not None and x in bares and nxt.form == y:
                    return cat, True, w.start, nxt.end
                if prv is not None and y == w.form and x in prv.bares:
                    return cat, True, prv.start, w.end
    one = _word_cue(w.form)
    return (one[0], one[1], w.start, w.end) if one else None


@lru_cache(maxsize=_CACHE_SIZE)
def _word_cue(form: str) -> tuple[str, bool] | None:
    """The one-word cue a form is: (category, strong); strong cues first, in table order."""
    for cat, pat in _STRONG_RE.items():
        if _any(pat, form):
            return cat, True
    for cat, pat in _WEAK_RE.items():
        if _any(pat, form):
            return cat, False
    return None


def _headline_spans(norm: str) -> list[tuple[int, int]]:
    """Lines that read as headlines: short, and not ending with sentence punctuation."""
    out = []
    pos = 0
    for line in norm.split("\n"):
        s = line.strip()
        if s and len(s.split(None, 10)) <= 10 and s[-1] not in ".!?:\"'":
            out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out
