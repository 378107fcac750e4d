"""Decoding of raw input and a normalised view of Arabic text that keeps offsets.

Every matcher in rasd runs on `NormalizedText.norm` and maps its matches back with
`NormalizedText.span`, so every span a user sees points into the original text.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from .errors import InputError

MAX_CHARS = 2_000_000  # about 4 MB of Arabic text: beyond this an input is not a news article

# Characters removed from the normalised view (they carry no letters).
_DROP = set(
    "\u0640"  # tatweel
    "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0653\u0654\u0655\u0670"  # harakat, dagger alef
    "\u200b\u200c\u200d\u200e\u200f\u061c\u2066\u2067\u2068\u2069"  # zero-width and bidi marks
    "\u202a\u202b\u202c\u202d\u202e\ufeff\u00ad"
)
# One-to-one replacements: letter variants, digits, quote marks, punctuation.
_MAP = {
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي",
    "ی": "ي", "ک": "ك", "\u06c0": "ه", "\u06d5": "ه",
    "“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "″": '"', "‟": '"',
    "‘": "'", "’": "'", "‚": "'", "‹": '"', "›": '"',
    "،": ",", "؛": ";", "؟": "?", "٪": "%", "٫": ".", "٬": ",",
    "\u00a0": " ", "\u2009": " ", "\u202f": " ",
    "–": "-", "—": "-",
}
for _i in range(10):
    _MAP[chr(0x0660 + _i)] = str(_i)  # Arabic-Indic digits
    _MAP[chr(0x06F0 + _i)] = str(_i)  # Persian digits

assert all(len(out) == 1 for out in _MAP.values())  # so a character is either kept or dropped
_TRANSLATE = str.maketrans({**{ch: None for ch in _DROP}, **_MAP})
_DROPPED = re.compile("[" + "".join(sorted(_DROP)) + "]")


@dataclass
class NormalizedText:
    """The original text, a normalised view of it, and the map between the two.

    `index[i]` is the offset in `original` of `norm[i]`; `index[len(norm)]` is len(original).
    """

    original: str
    norm: str = field(init=False)
    index: list[int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        text = self.original
        self.norm = text.translate(_TRANSLATE)
        if len(self.norm) == len(text):  # nothing dropped: offsets are the same
            self.index = list(range(len(text) + 1))
        else:
            dropped = {m.start() for m in _DROPPED.finditer(text)}
            self.index = [i for i in range(len(text)) if i not in dropped] + [len(text)]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original offsets of the normalised slice norm[start:end]."""
        if end <= start:
            o = self.index[start]
            return o, o
        return self.index[start], self.index[end - 1] + 1


def normalize(s: str) -> str:
    """The normalised form of a short string (a name, a keyword): NormalizedText(s).norm, without
    the offset map."""
    return s.translate(_TRANSLATE)


_ARABIC = re.compile(r"[\u0621-\u064a]")


def decode(data: bytes) -> str:
    """Bytes of an article to text: UTF-8 (with or without BOM), else windows-1256.

    Legacy Arabic files are detected by checking that the decoded text is mostly Arabic letters,
    not by trusting a guess; ISO-8859-6 is tried when windows-1256 gives no Arabic.
    """
    if b"\x00" in data[:4096]:
        if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
            return data.decode("utf-16")
        raise InputError("binary file (NUL bytes), not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    for encoding in ("cp1256", "iso-8859-6"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        letters = [c for c in text if c.isalpha()]
        if letters and sum(1 for c in letters if _ARABIC.match(c)) / len(letters) > 0.5:
            return text
    raise InputError("undecodable bytes: neither UTF-8 nor an Arabic legacy encoding")


class _TextExtractor(HTMLParser):
    _SKIP = {"script", "style", "noscript", "template", "head", "svg"}
    _BLOCK = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section",
              "article", "header", "footer", "blockquote", "title", "ul", "ol", "table"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in self._SKIP:
            self.skipping += 1
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in self._SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


_HTML_HINT = re.compile(r"<\s*(html|body|p|div|br|span|article|head|script|a|h[1-6])\b", re.I)


def looks_like_html(text: str) -> bool:
    return bool(_HTML_HINT.search(text[:5000]))


def html_to_text(markup: str) -> str:
    """Visible text of an HTML page, one paragraph per line (broken markup is tolerated)."""
    parser = _TextExtractor()
    parser.feed(markup)
    parser.close()
    text = html.unescape("".join(parser.parts))
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_LETTER = re.compile(r"[^\W\d_]")
_ARABIC_LETTER = re.compile(r"(?=[^\W\d_])[\u0600-\u06ff]")


def prepare(text: str) -> str:
    """Check that a decoded article is something rasd can read; HTML becomes its text."""
    if looks_like_html(text):
        text = html_to_text(text)
    if len(text) > MAX_CHARS:
        raise InputError(f"article too long: {len(text):,} characters (limit {MAX_CHARS:,})")
    stripped = text.strip()
    if not stripped:
        raise InputError("empty article")
    controls = len(_CONTROL.findall(stripped, 0, 10000))
    if controls > 0.01 * min(len(stripped), 10000):
        raise InputError("binary content (control characters), not text")
    letters = len(_LETTER.findall(stripped, 0, 20000))
    arabic = len(_ARABIC_LETTER.findall(stripped, 0, 20000))
    if not letters or arabic / letters < 0.3:
        raise InputError("not Arabic text (fewer than 30% Arabic letters)")
    return text
