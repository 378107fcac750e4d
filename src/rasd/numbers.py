"""Quantities in normalised Arabic text: digits, number words, vague amounts and their hedges.

Works on the normalised view (`NormalizedText.norm`: alef variants → ا, ة → ه, ى → ي,
Arabic-Indic digits → ASCII). `find_quantities(norm)` returns every quantity as a `Quantity`
with normalised offsets and a range `[min, max]`, `None` meaning unbounded; "أكثر من ألف"
becomes [1001, None], "عشرات" [10, 99], "بين 20 و30" [20, 30].

The parser reads words, not characters: each word is looked up in small tables, so a single
pass over the text is enough, and a number word glued to a clitic (و62, بثلاثة, لأكثر) is
still read.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

from .text import normalize

# Words, and digit groups with their thousands separators / decimal point. A percent sign is
# its own token so "30%" can be rejected.
_WORD = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+|[^\w\s]")

_CLITICS = ("و", "ف", "ب", "ل", "وب", "ول", "فب", "فل", "ك")

UNITS = {
    "واحد": 1, "واحده": 1, "احد": 1, "احدي": 1,
    "اثنان": 2, "اثنين": 2, "اثنتان": 2, "اثنتين": 2, "اثنا": 2, "اثني": 2, "اثنتا": 2, "اثنتي": 2,
    "ثلاث": 3, "ثلاثه": 3, "اربع": 4, "اربعه": 4, "خمس": 5, "خمسه": 5, "ست": 6, "سته": 6,
    "سبع": 7, "سبعه": 7, "ثمان": 8, "ثماني": 8, "ثمانيه": 8, "تسع": 9, "تسعه": 9,
}
TEN = {"عشر": 10, "عشره": 10}
TENS = {
    "عشرون": 20, "عشرين": 20, "ثلاثون": 30, "ثلاثين": 30, "اربعون": 40, "اربعين": 40,
    "خمسون": 50, "خمسين": 50, "ستون": 60, "ستين": 60, "سبعون": 70, "سبعين": 70,
    "ثمانون": 80, "ثمانين": 80, "تسعون": 90, "تسعين": 90,
}
HUNDREDS = {"مئه": 100, "مائه": 100, "ميه": 100, "مئتان": 200, "مئتين": 200, "مائتان": 200,
            "مائتين": 200, "مئتا": 200, "مئتي": 200, "مائتا": 200, "مائتي": 200}
for _w, _v in (("ثلاث", 3), ("اربع", 4), ("خمس", 5), ("ست", 6), ("سبع", 7), ("ثمان", 8),
               ("ثماني", 8), ("تسع", 9)):
    HUNDREDS[_w + "مئه"] = _v * 100
    HUNDREDS[_w + "مائه"] = _v * 100
THOUSAND = {"الف": 1000, "الفا": 1000, "الاف": 1000, "الفان": 2000, "الفين": 2000,
            "الفي": 2000}
MILLION = {"مليون": 10**6, "مليونا": 10**6, "ملايين": 10**6, "مليونان": 2 * 10**6,
           "مليونين": 2 * 10**6}
# Vague amounts: "عشرات" tens, "مئات" hundreds, "آلاف" thousands; "بضعه" a few.
VAGUE = {
    "عشرات": (10, 99), "العشرات": (10, 99), "مئات": (100, 999), "المئات": (100, 999),
    "الاف": (1000, 9999), "الالاف": (1000, 9999),
    "ملايين": (10**6, 10**7 - 1), "الملايين": (10**6, 10**7 - 1),
    "بضع": (3, 9), "بضعه": (3, 9),
}
# Duals of nouns for people: the word is both the number (2) and its noun.
DUALS = {
    "شخصين", "شخصان", "جنديين", "جنديان", "شرطيين", "شرطيان", "طفلين", "طفلان", "ضابطين",
    "ضابطان", "عنصرين", "عنصران", "رجلين", "رجلان", "امراتين", "امراتان", "قتيلين", "قتيلان",
    "جريحين", "جريحان", "شقيقين", "شقيقان",
}



def _norm_keys(table):
    """Table keys in the normalised spelling (مئة → ميه, ئ → ي), as the text will have them."""
    if isinstance(table, set):
        return {normalize(k) for k in table}
    return {normalize(k): v for k, v in table.items()}


UNITS, TEN, TENS, HUNDREDS, THOUSAND, MILLION, VAGUE, DUALS = map(
    _norm_keys, (UNITS, TEN, TENS, HUNDREDS, THOUSAND, MILLION, VAGUE, DUALS))

# Hedges before a number. Each maps word sequence → kind.
_BEFORE = [
    (("ما", "لا", "يقل", "عن"), "atleast"), (("لا", "يقل", "عن"), "atleast"),
    (("ما", "يزيد", "علي"), "more"), (("ما", "يزيد", "عن"), "more"),
    (("يزيد", "علي"), "more"), (("يزيد", "عن"), "more"), (("تزيد", "علي"), "more"),
    (("تزيد", "عن"), "more"), (("ما", "يربو", "علي"), "more"), (("يربو", "علي"), "more"),
    (("ما", "يفوق"), "more"), (("اكثر", "من"), "more"), (("ازيد", "من"), "more"),
    (("يتجاوز",), "more"), (("تجاوز",), "more"), (("تتجاوز",), "more"), (("يفوق",), "more"),
    (("يفوق",), "more"), (("اقل", "من"), "less"),
    (("ما", "يقارب"), "about"), (("ما", "يقرب", "من"), "about"), (("يقارب",), "about"),
    (("نحو",), "about"), (("حوالي",), "about"), (("قرابه",), "about"), (("زهاء",), "about"),
    (("تقريبا",), "about"), (("قرابه",), "about"), (("ما", "لا", "يقل"), "atleast"),
    (("علي", "الاقل"), "atleast"), (("اكثر", "من"), "more"),
]
_BEFORE.sort(key=lambda p: -len(p[0]))
# How far after its first word a quantity's number can be: a hedge, or "ما بين".
_REACH = max(max(len(seq) for seq, _ in _BEFORE), 2)


# Words a quantity can start with: a hedge, بين, or a number word.
_STARTERS = ({seq[0] for seq, _ in _BEFORE} | {"ما", "بين"} | set(UNITS) | set(TEN) | set(TENS)
             | set(HUNDREDS) | set(THOUSAND) | set(MILLION) | set(VAGUE) | DUALS)


@dataclass
class Quantity:
    """A number in the normalised text: `start`/`end` are normalised offsets.

    `core_start` is where the number itself begins (after a hedge such as "أكثر من");
    `vague` marks عشرات/مئات/آلاف-like amounts; `dual` marks a dual noun (جنديين).
    """

    start: int
    end: int
    min: int | None
    max: int | None
    core_start: int = 0
    vague: bool = False
    dual: bool = False
    hedge: str | None = None

    @property
    def value(self) -> int | None:
        """The conservative point value (ACLED): the lower bound, else the upper."""
        return self.min if self.min is not None else self.max


# Per-word results below are cached by word form: the same few thousand forms recur in every
# article, and the stages look the same word up many times.
_CACHE_SIZE = 1 << 16


@lru_cache(maxsize=_CACHE_SIZE)
def _reads(form: str) -> tuple[tuple[int, str], ...]:
    """The word and its readings without a clitic prefix: (chars removed, rest)."""
    out = [(0, form)]
    if form[:1] in "وفبلك":
        for c in _CLITICS:
            if form.startswith(c) and len(form) > len(c) + 1:
                out.append((len(c), form[len(c):]))
    return tuple(out)


class _Tok:
    """A word of the normalised text: normalised offsets and form."""

    __slots__ = ("start", "end", "form")

    def __init__(self, start: int, end: int, form: str):
        self.start, self.end, self.form = start, end, form

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.start}, {self.end}, {self.form!r})"

    def reads(self) -> tuple[tuple[int, str], ...]:
        """The word and its readings without a clitic prefix: (chars removed, rest)."""
        return _reads(self.form)


class _Tokens:
    """The words of a text, as a read-only list of `_Tok` built on first access.

    Only the words near a number are ever looked at, so building an object for every word up
    front cost more than the rest of the work; `forms` serves scans over the whole text.
    `make` is the token class (the figures stage adds properties of its own).
    """

    __slots__ = ("matches", "forms", "_toks", "_make")

    def __init__(self, norm: str, make: type[_Tok] = _Tok):
        self.matches = list(_WORD.finditer(norm))
        self.forms = [m[0] for m in self.matches]
        self._toks: list[_Tok | None] = [None] * len(self.matches)
        self._make = make

    def __len__(self) -> int:
        return len(self.matches)

    def __getitem__(self, i: int) -> _Tok:
        t = self._toks[i]
        if t is None:
            m = self.matches[i]
            t = self._toks[i] = self._make(m.start(), m.end(), self.forms[i])
        return t

    def index_at(self, offset: int) -> int:
        """The index of the first word starting at or after `offset` (bisect_left on starts)."""
        return bisect.bisect_left(self.matches, offset, key=re.Match.start)


def _tokens(norm: str) -> _Tokens:
    return _Tokens(norm)


def _digits(form: str) -> float | None:
    if not form[:1].isdigit():
        return None
    if "," in form:
        parts = form.split(",")
        if all(len(p) == 3 for p in parts[1:]):
            form = "".join(parts)
        else:
            return None
    try:
        return float(form) if "." in form else int(form)
    except ValueError:
        return None


def _number_word(form: str) -> int | None:
    """The value of a number word below a thousand (ثلاثه, عشرين, ثلاثمئه), or None."""
    for table in (UNITS, TEN, TENS, HUNDREDS):
        if form in table:
            return table[form]
    return None


@lru_cache(maxsize=_CACHE_SIZE)
def _exact(form: str) -> tuple[int, str] | None:
    """The number reading of a word: (clitic length, bare form), or None."""
    for cut, rest in _reads(form):
        if (_digits(rest) is not None or _number_word(rest) is not None or rest in THOUSAND
                or rest in MILLION or rest in VAGUE or rest in DUALS):
            return cut, rest
    return None


# The same words with each clitic a reading can strip (see `_reads`: two letters must remain),
# so a set intersection finds an article's starters.
_STARTER_FORMS = frozenset(_STARTERS) | frozenset(
    c + s for c in _CLITICS for s in _STARTERS if len(s) >= 2)


def _can_start(form: str) -> bool:
    """Can a quantity start at this word (a hedge, بين, a number word or digits)?"""
    return form in _STARTER_FORMS or form[:1].isdigit()


class _Parser:
    """Reads the number that starts at token i."""

    def __init__(self, toks: _Tokens):
        self.toks = toks

    def form(self, i: int) -> str:
        return self.toks.forms[i] if 0 <= i < len(self.toks) else ""

    def exact(self, i: int) -> tuple[int, str] | None:
        """The number reading of token i: (clitic length, bare form)."""
        if i >= len(self.toks):
            return None
        return _exact(self.toks.forms[i])

    def number(self, i: int) -> tuple[int, int, int, bool] | None:
        """The number from token i: (min, max, last index, vague)."""
        r = self.exact(i)
        if r is None:
            return None
        _, f = r
        d = _digits(f)
        if d is not None:
            value, j = d, i
            scale = self._scale(j + 1)
            if scale:
                value, j = value * scale[0], scale[1]
            elif isinstance(value, float):
                return None  # 1.5 alone is not a count of people; 1.5 مليون is
            v = int(value)
            return v, v, j, False
        if f in VAGUE and not (f == "الاف" and self.form(i - 1) in UNITS):
            lo, hi = VAGUE[f]
            nxt = self.form(i + 1)
            if f not in ("الاف", "الالاف") and nxt in ("الالاف", "الاف"):
                return lo * 1000, hi * 1000 + 999, i + 1, True  # عشرات الالاف
            if nxt == "الملايين":
                return lo * 10**6, hi * 10**6 + 999999, i + 1, True
            return lo, hi, i, True
        got = self._words(i)
        if got is None:
            return None
        return got[0], got[0], got[1], False

    def _scale(self, i: int) -> tuple[int, int] | None:
        f = self.form(i)
        if f in ("الف", "الاف", "الفا"):
            return 1000, i
        if f in ("مليون", "ملايين", "مليونا"):
            return 10**6, i
        if f in ("مليار", "مليارات"):
            return 10**9, i
        return None

    def _words(self, i: int) -> tuple[int, int] | None:
        """Number words: ثلاثه, خمسه عشر, خمسه وعشرين, ثلاثمئه, ثلاثه الاف, الف وخمسمئه."""
        total, current, last = 0, 0, None
        j = i
        while j < len(self.toks):
            reads = self.toks[j].reads()
            if j == i:
                cands = [(False, rest) for _, rest in reads]
            else:
                cands = [(False, reads[0][1])]
                if self.toks[j].form.startswith("و"):
                    cands.append((True, self.toks[j].form[1:]))
            pick = next(((jn, c) for jn, c in cands if _number_word(c) is not None
                         or c in THOUSAND or c in MILLION), None)
            if pick is None:
                break
            joined, word = pick
            if j > i and not joined and not (word in THOUSAND or word in MILLION
                                             or word in HUNDREDS or word in TEN):
                break  # "خمسه عشرين" is not one number; only scales follow without و
            if j > i and joined and (word in TEN or word in ("الاف",)):
                break
            if word in TEN:
                if 0 < current < 10 and not joined and j > i:
                    current += 10  # ثلاثه عشر
                elif current == 0 and j == i:
                    current = 10
                else:
                    break
            elif word in UNITS:
                if j > i and not joined:
                    break
                if word in ("احد", "احدي", "اثنا", "اثني", "اثنتا", "اثنتي") and \
                        self.form(j + 1) not in TEN:
                    break
                if current % 100:
                    break
                current += UNITS[word]
            elif word in TENS:
                if current % 100 >= 10:
                    break
                current += TENS[word]
            elif word in HUNDREDS:
                v = HUNDREDS[word]
                if 0 < current < 10 and v == 100 and not joined:
                    current *= 100  # ثلاث مئه
                elif current % 1000 == 0 and (joined or j == i):
                    current += v
                else:
                    break
            elif word in THOUSAND:
                v = THOUSAND[word]
                if word == "الاف":
                    if not 3 <= current <= 10:
                        break
                    total += current * 1000
                elif current and v == 1000 and not joined:
                    total += current * 1000  # عشرين الف
                elif current == 0 and (joined or j == i) and total == 0:
                    total += v
                else:
                    break
                current = 0
            elif word in MILLION:
                v = MILLION[word]
                if word == "ملايين":
                    if not 3 <= current <= 10:
                        break
                    total += current * 10**6
                elif current and v == 10**6 and not joined:
                    total += current * 10**6
                elif current == 0 and total == 0 and j == i:
                    total += v
                else:
                    break
                current = 0
            last = j
            j += 1
        if last is None:
            return None
        value = total + current
        return (value, last) if value else None


def _match_seq(toks: _Tokens, i: int, seq: tuple[str, ...]) -> bool:
    """Do tokens i.. read as `seq` (the first one may carry a clitic)?"""
    if i + len(seq) > len(toks):
        return False
    forms = toks.forms
    if not any(r == seq[0] for _, r in _reads(forms[i])):
        return False
    return all(forms[i + k] == w for k, w in enumerate(seq[1:], 1))


def _bare_start(tok: _Tok, bare: str) -> int:
    """Offset of `bare` in the token (after a clitic such as و or ب)."""
    return tok.start + (len(tok.form) - len(bare) if tok.form.endswith(bare) else 0)


def find_quantities(norm: str, toks: _Tokens | None = None) -> list[Quantity]:
    """Every quantity in the normalised text, left to right, non-overlapping.

    `toks` are the words of `norm` if the caller has them already. Only words that can start
    a quantity are tried; most articles have a handful among hundreds of words.
    """
    if toks is None:
        toks = _tokens(norm)
    p = _Parser(toks)
    forms = toks.forms
    words = set(forms)
    starters = (words & _STARTER_FORMS) | {f for f in words if f[:1].isdigit()}
    if not starters:
        return []
    numeric = {f for f in starters if _exact(f)}
    if not numeric:
        return []
    cands = [i for i, f in enumerate(forms) if f in starters]
    # The number itself sits at most _REACH words after where a quantity starts ("ما لا يقل
    # عن 50"); a starter with no number that close ("على", "ما") cannot begin one.
    nums = [i for i in cands if forms[i] in numeric]
    out: list[Quantity] = []
    free = 0  # words before this one belong to the last quantity found
    ni = 0  # nums[ni] is the first number at or after word i
    for i in cands:
        if i < free:
            continue
        while ni < len(nums) and nums[ni] < i:
            ni += 1
        if ni == len(nums):
            break
        if nums[ni] > i + _REACH:
            continue
        q, nxt = _quantity_at(p, toks, i)
        if q is not None:
            out.append(q)
            free = nxt
    return out


@lru_cache(maxsize=_CACHE_SIZE)
def _hedges(form: str) -> tuple[tuple[tuple[str, ...], str], ...]:
    """The hedges (in `_BEFORE` order) whose first word is a reading of this word."""
    firsts = {r for _, r in _reads(form)}
    return tuple((seq, kind) for seq, kind in _BEFORE if seq[0] in firsts)


def _core(p: _Parser, toks: _Tokens, i: int):
    """The number at token i: ((lo, hi), last index, vague, dual, clitic) or None."""
    r = p.exact(i)
    if r is None:
        return None
    cut, bare = r
    if bare in DUALS:
        return (2, 2), i, False, True, cut
    got = p.number(i)
    if got is None:
        return None
    lo, hi, last, vague = got
    return (lo, hi), last, vague, False, cut


def _quantity_at(p: _Parser, toks: _Tokens, i: int) -> tuple[Quantity | None, int]:
    n = len(toks)
    # ranges: "بين 20 و30", "ما بين 20 الي 30", "بين 20 او 30"
    if not _can_start(toks[i].form):
        return None, i + 1
    j = i
    if _match_seq(toks, i, ("ما", "بين")):
        j = i + 2
    elif _match_seq(toks, i, ("بين",)):
        j = i + 1
    if j > i:
        a = _core(p, toks, j)
        if a and not a[2]:
            k = a[1] + 1
            second = None
            if k < n and toks[k].form in ("او", "الي", "-"):
                second = _core(p, toks, k + 1)
                if second and not second[2] and second[4] == 0:
                    pass
                else:
                    second = None
            elif k < n and toks[k].form == "و":  # "و30" splits into و + 30
                second = _core(p, toks, k + 1)
                if second and (second[2] or second[4]):
                    second = None
            elif k < n and toks[k].form.startswith("و"):
                r = p.exact(k)
                if r and r[0] == 1:
                    second = _core(p, toks, k)
                    if second and second[2]:
                        second = None
            if second and second[0][0] > a[0][0]:
                last = second[1]
                q = Quantity(_bare_start(toks[i], "ما" if j - i == 2 else "بين"),
                             toks[last].end, a[0][0], second[0][1], core_start=toks[j].start,
                             hedge="between")
                return q, last + 1
    # hedges: "اكثر من 200", "نحو 100", "ما لا يقل عن 50"
    for seq, kind in _hedges(toks.forms[i]):
        if _match_seq(toks, i, seq):
            c = _core(p, toks, i + len(seq))
            if c is None:
                continue
            (lo, hi), last, vague, dual, _ = c
            if kind == "more":
                lo, hi = lo + 1, None
            elif kind == "atleast":
                hi = None
            elif kind == "less":
                lo, hi = 1, max(1, lo - 1)
            start = _bare_start(toks[i], seq[0])
            core_start = toks[i + len(seq)].start
            q = Quantity(start, toks[last].end, lo, hi, core_start=core_start, vague=vague,
                         dual=dual, hedge=kind)
            _suffix(toks, q, last)
            return q, last + 1
    c = _core(p, toks, i)
    if c is None:
        return None, i + 1
    (lo, hi), last, vague, dual, cut = c
    start = toks[i].start + cut
    q = Quantity(start, toks[last].end, lo, hi, core_start=start, vague=vague, dual=dual)
    # "20 او 30", "20-30"
    k = last + 1
    if not vague and not dual and k + 1 < n and toks[k].form in ("او", "-"):
        second = _core(p, toks, k + 1)
        if second and not second[2] and not second[3] and second[0][0] > lo and second[4] == 0:
            q.max = second[0][1]
            q.end = toks[second[1]].end
            q.hedge = "range"
            last = second[1]
    _suffix(toks, q, last)
    return q, last + 1


def _suffix(toks: _Tokens, q: Quantity, last: int) -> None:
    """"على الاقل" after the number (or after its noun) makes it a lower bound."""
    for k in (last + 1, last + 2):
        if _match_seq(toks, k, ("علي", "الاقل")):
            q.max = None
            q.hedge = q.hedge or "atleast"
            return
