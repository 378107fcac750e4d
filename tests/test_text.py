"""Normalisation keeps offsets; decoding and input checks fail clearly."""
import pytest

from rasd.errors import InputError
from rasd.text import NormalizedText, decode, html_to_text, prepare

SENTENCE = "قالت الشرطة إنّ «عشراتٍ» قُتلوا يوم ٦ يناير"


def test_normalised_view_maps_back_to_original():
    nt = NormalizedText("ــالشرطــة\u200fقالت “إنّ” ٦ أشخاص")
    assert nt.norm == 'الشرطهقالت "ان" 6 اشخاص'
    start = nt.norm.index("ان")
    s, e = nt.span(start, start + 2)
    assert nt.original[s:e] == "إن"
    s, e = nt.span(nt.norm.index("6"), nt.norm.index("6") + 1)
    assert nt.original[s:e] == "٦"


def test_diacritics_tatweel_and_persian_digits():
    nt = NormalizedText("قُتِلَ ۱۲ شخصـــاً")
    assert nt.norm == "قتل 12 شخصا"


def test_decode_utf8_and_windows_1256():
    assert decode(SENTENCE.encode("utf-8")) == SENTENCE
    assert decode(("\ufeff" + SENTENCE).encode("utf-8")) == SENTENCE
    legacy = "قالت الشرطة إن عشرات قتلوا".encode("cp1256")
    assert decode(legacy) == "قالت الشرطة إن عشرات قتلوا"


def test_decode_rejects_binary():
    with pytest.raises(InputError, match="binary"):
        decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")


def test_html_becomes_text_without_scripts():
    page = ("<html><head><title>t</title><script>alert(1)</script></head><body>"
            "<p>قالت الشرطة &amp; الجيش</p><div>قتل <b>عشرة</b> أشخاص<img src=x onerror=alert(1)>")
    text = html_to_text(page)
    assert "alert" not in text
    assert text.splitlines() == ["قالت الشرطة & الجيش", "قتل عشرة أشخاص"]


@pytest.mark.parametrize("bad, reason", [
    ("", "empty"), ("   \n ", "empty"), ("This is an English article about markets.", "not Arabic"),
    ("\x01\x02\x03" * 100 + "عربي", "binary"),
])
def test_prepare_rejects_unreadable_articles(bad, reason):
    with pytest.raises(InputError, match=reason):
        prepare(bad)


def test_prepare_rejects_huge_input():
    with pytest.raises(InputError, match="too long"):
        prepare("خبر " * 600_000)
