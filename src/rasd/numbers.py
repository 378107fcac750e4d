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

import re
from dataclasses import dataclass

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


@dataclass
class _Tok:
    start: int
    end: int
    form: str

    def reads(self) -> list[tuple[int, str]]:
        """The word and its readings without a clitic prefix: (chars removed, rest)."""
        cached = self.__dict__.get("_reads")
        if cached is not None:
            return cached
        out = [(0, self.form)]
        f = self.form
        if f[:1] in "وفبلك":
            for c in _CLITICS:
                if f.startswith(c) and len(f) > len(c) + 1:
                    out.append((len(c), f[len(c):]))
        self.__dict__["_reads"] = out
        return out


def _tokens(norm: str) -> list[_Tok]:
    return [_Tok(m.start(), m.end(), m.group()) for m in _WORD.finditer(norm)]


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
    for table in (UNITS, TEN, TENS, HUNDREDS):
        if form in table:
            return table[form]
    return None


class _Parser:
    """Reads the number that starts at token i."""

    def __init__(self, toks: list[_Tok]):
        self.toks = toks

    def form(self, i: int) -> str:
        return self.toks[i].form if 0 <= i < len(self.toks) else ""

    def exact(self, i: int) -> tuple[int, str] | None:
        """The number reading of token i: (clitic length, bare form)."""
        if i >= len(self.toks):
            return None
        for cut, rest in self.toks[i].reads():
            if (_digits(rest) is not None or _number_word(rest) is not None or rest in THOUSAND
                    or rest in MILLION or rest in VAGUE or rest in DUALS):
                return cut, rest
        return None

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


def _match_seq(toks: list[_Tok], i: int, seq: tuple[str, ...]) -> bool:
    """Do tokens i.. read as `seq` (the first one may carry a clitic)?"""
    if i + len(seq) > len(toks):
        return False
    for k, w in enumerate(seq):
        reads = toks[i + k].reads() if k == 0 else [(0, toks[i + k].form)]
        if not any(r == w for _, r in reads):
            return False
    return True


def _bare_start(tok: _Tok, bare: str) -> int:
    """Offset of `bare` in the token (after a clitic such as و or ب)."""
    return tok.start + (len(tok.form) - len(bare) if tok.form.endswith(bare) else 0)


def find_quantities(norm: str) -> list[Quantity]:
    """Every quantity in the normalised text, left to right, non-overlapping."""
    toks = _tokens(norm)
    p = _Parser(toks)
    out: list[Quantity] = []
    i = 0
    n = len(toks)
    while i < n:
        q, nxt = _quantity_at(p, toks, i)
        if q is None:
            i += 1
            continue
        out.append(q)
        i = nxt
    return out


def _core(p: _Parser, toks: list[_Tok], i: int):
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


def _quantity_at(p: _Parser, toks: list[_Tok], i: int) -> tuple[Quantity | None, int]:
    n = len(toks)
    # ranges: "بين 20 و30", "ما بين 20 الي 30", "بين 20 او 30"
    if not any(r in _STARTERS for _, r in toks[i].reads()) and not toks[i].form[:1].isdigit():
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
    firsts = {r for _, r in toks[i].reads()}
    for seq, kind in _BEFORE:
        if seq[0] in firsts and _match_seq(toks, i, seq):
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


def _suffix(toks: list[_Tok], q: Quantity, last: int) -> None:
    """"على الاقل" after the number (or after its noun) makes it a lower bound."""
    for k in (last + 1, last + 2):
        if _match_seq(toks, k, ("علي", "الاقل")):
            q.max = None
            q.hedge = q.hedge or "atleast"
            return
