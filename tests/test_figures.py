"""The figures stage and the quantity reader, on real Arabic news sentences."""
from datetime import date
from pathlib import Path

import pytest

from rasd.doc import Doc
from rasd.figures import FigureTagger
from rasd.numbers import find_quantities
from rasd.text import NormalizedText, normalize
from rasd.tokens import Tokenizer


def figures(text: str):
    doc = Doc(NormalizedText(text), date(2022, 1, 6))
    Tokenizer()(doc)
    FigureTagger()(doc)
    for f in doc.figures:
        assert doc.text[f.start:f.end] == f.text  # spans point into the original text
    return doc.figures


def claims(text: str):
    return [(f.category, f.min, f.max) for f in figures(text)]


def quantities(s: str):
    return [(q.min, q.max) for q in find_quantities(normalize(s))]


REFERENCE = Path("/work/shared/examples/kazakhstan_2022-01-06.ar.txt")

# The reference article (Kazakhstan, 2022-01-06), sentence by sentence.
KZ_KILLED = "في حين أعلنت الشرطة أنه تم “القضاء على عشرات المهاجمين” ممن وصفتهم بالقوى المتطرفة."
KZ_INJURED = ("أعلنت وزارة الصحة الكازاخية اليوم عبر قناة تلفزيونية رسمية، أن أكثر من ألف شخص "
              "جرحوا في الاحتجاجات وأعمال الشغب التي تهز كازاخستان منذ أيام.")
KZ_HOSPITAL = ("وصرح آجر غينات نائب وزير الصحة لقناة “خبر 24” بأن “أكثر من ألف شخص أصيبوا بجروح "
               "نتيجة أعمال الشغب في مناطق مختلفة من كازاخستان، تم إدخال 400 منهم إلى المستشفى "
               "و62 شخصا في العناية المركزة”.")
KZ_ARRESTS = ("وبعد ليلة من الاحتجاجات العنيفة اعتقلت السلطات خلالها أكثر من 200 شخص، اقتحم آلاف "
              "المتظاهرين أمس الأربعاء مبنى إدارة المدينة، على الرغم من إطلاق الشرطة قنابل الصوت.")


def test_reference_article_killed_vague():
    """"القضاء على" (eliminated) is a killing; عشرات is the range [10, 99], value 10 (ACLED)."""
    [f] = figures(KZ_KILLED)
    assert (f.category, f.min, f.max, f.value) == ("killed", 10, 99, 10)
    assert "عشرات المهاجمين" in f.text


def test_reference_article_more_than():
    """"أكثر من ألف" is [1001, None]; the verb after the noun (جرحوا) gives the category."""
    assert claims(KZ_INJURED) == [("injured", 1001, None)]


def test_reference_article_hospital_and_critical():
    """Each number takes the nearest cue: 400 → hospital (إدخال … المستشفى), 62 → intensive care;
    the channel name "خبر 24" is not a figure."""
    assert claims(KZ_HOSPITAL) == [("injured", 1001, None), ("hospitalized", 400, 400),
                                   ("critical", 62, 62)]


def test_reference_article_arrests_and_crowd():
    """The comma ends the arrest clause, so آلاف المتظاهرين is a crowd, not arrested."""
    assert claims(KZ_ARRESTS) == [("arrested", 201, None), ("crowd", 1000, 9999)]


def test_reference_article_whole_file():
    """The whole article gives the six gold figures; the headline "ألف جريح" rounds the body's
    "أكثر من ألف" and is dropped, the repeated "عشرات المهاجمين" counted once."""
    if not REFERENCE.exists():
        pytest.skip("reference article not on this machine")
    text = REFERENCE.read_text(encoding="utf-8")
    assert sorted(claims(text), key=str) == sorted([
        ("killed", 10, 99), ("injured", 1001, None), ("hospitalized", 400, 400),
        ("critical", 62, 62), ("arrested", 201, None), ("crowd", 1000, 9999)], key=str)


def test_number_words():
    """Number words, including the compound خمسة وعشرين and the "شخص واحد" order."""
    assert claims("كما لقي ثلاثة أشخاص مصرعهم في حادثين أمنيين منفصلين غرب بغداد.") == \
        [("killed", 3, 3)]
    assert claims("أدى تفجير مماثل قرب سوق شعبية إلى مقتل شخص واحد, وإصابة سبعة آخرين بجروح.") == \
        [("killed", 1, 1), ("injured", 7, 7)]
    assert claims("أعلنت الشرطة مقتل خمسة وعشرين شخصا في الهجوم.") == [("killed", 25, 25)]


def test_others_after_number_are_people():
    """"آخرين"/"آخرون" after a number are people: the next cue is theirs, not the previous."""
    text = ("وأشار المصدر إلى مقتل 10 مدنيين وإصابة 17 آخرين من جراء انفجار عبوتين ناسفتين. "
            "بينما أصيب تسعة آخرون بجروح.")
    assert claims(text) == [("killed", 10, 10), ("injured", 17, 17), ("injured", 9, 9)]


def test_between_or_range():
    """"بين 20 أو 30" (sic, a witness's words) is the range [20, 30]."""
    assert claims("سيارات الإسعاف تحمل الجرحى. قتل الكثيرون بين 20 أو 30 .") == [("killed", 20, 30)]
    assert quantities("بين 20 و30") == [(20, 30)]


def test_arabic_indic_digits():
    """Arabic-Indic digits are read like ASCII ones."""
    assert claims("أسفر الانفجار عن مقتل ٣٠ شخصاً.") == [("killed", 30, 30)]


def test_exceeds_and_corpses():
    """"يتجاوز 50" is [51, None]; جثة after a number is a death."""
    text = "شاهدت أكثر من 20 جثة. أعتقد أن عدد المصابين يتجاوز 50."
    assert claims(text) == [("killed", 21, None), ("injured", 51, None)]


def test_subset_inherits_category():
    """"بينهم اثنان" counts a part of the figure before it, so it takes that figure's category."""
    text = "كما لقي ثلاثة أشخاص مصرعهم, بينهم اثنان من عناصر قوات الصحوة, بينما أصيب تسعة آخرون بجروح."
    assert claims(text) == [("killed", 3, 3), ("killed", 2, 2), ("injured", 9, 9)]


@pytest.mark.parametrize("text", [
    "وخصصت الحكومة 400 مليون دولار لإعادة الإعمار بعد مقتل المتظاهرين.",  # money
    "وقتل الرجل عام 2013 في هجوم على مركز للشرطة.",  # a year
    "قتل الشاب وعمره 30 عاما في الهجوم.",  # an age
    "وأعلنت الشرطة مقتل المتهم في 6 يناير.",  # a date
    "تمكنت القوات من تدمير خمس عجلات مفخخة كان التنظيم ينوي تفجيرها.",  # vehicles
    "وأصيب المبنى على بعد نحو عشرة كيلومترات من الحدود.",  # a distance
    "ارتفعت نسبة الإصابات إلى 30% في المدينة.",  # a percentage
    "وألف الكاتب كتابا عن الاعتقالات والقتلى في الحرب.",  # "ألف" inside other words
])
def test_non_figures(text):
    """Quantities that are not counts of people affected give no figure."""
    assert claims(text) == []


def test_dedup_same_claim():
    """The same (category, min, max) said twice is one claim; the first mention is kept."""
    text = ("أفاد مصدر أمني بمقتل 19 مسلحاً من تنظيم داعش. وقال المصدر إن قوة أمنية تمكنت من "
            "قتل 19 مسلحاً من داعش.")
    figs = figures(text)
    assert [(f.category, f.min, f.max) for f in figs] == [("killed", 19, 19)]
    assert figs[0].id == "f1" and figs[0].text == "بمقتل 19 مسلحاً"


def test_quantity_reader():
    """The quantity reader alone: vague words, scales, hedges, teens, hundreds, duals."""
    assert quantities("عشرات الآلاف") == [(10000, 99999)]
    assert quantities("مئات") == [(100, 999)]
    assert quantities("1,200") == [(1200, 1200)]
    assert quantities("1.5 مليون") == [(1500000, 1500000)]
    assert quantities("ثلاثة عشر") == [(13, 13)]
    assert quantities("ثلاثمائة") == [(300, 300)]
    assert quantities("ثلاثة آلاف") == [(3000, 3000)]
    assert quantities("ألفين وخمسمائة") == [(2500, 2500)]
    assert quantities("ما لا يقل عن 7") == [(7, None)]
    assert quantities("50 شخصا على الأقل") == [(50, None)]
    assert quantities("أقل من 10") == [(1, 9)]
    assert quantities("نحو 100") == [(100, 100)]
    assert quantities("جنديين") == [(2, 2)]
    assert quantities("أحد الشهود") == []  # أحد alone is "one of", not a count


def test_killed_and_wounded_together_is_not_a_figure():
    """"مقتل وإصابة أكثر من 40" lumps dead and wounded: neither category can claim it."""
    assert claims("أدى التفجير إلى مقتل وإصابة اكثر من 40 شخصا.") == []


def test_singular_and_coordinated():
    """"مقتل مدني" is one person; "قتل ضابط وثلاثة جنود" is one figure of four."""
    assert claims("أفادت مصادر بمقتل مدني وإصابة 4 آخرين في قصف.") == \
        [("killed", 1, 1), ("injured", 4, 4)]
    assert claims("قتل ضابط وثلاثة جنود مصريين أمس في انفجار قنبلة.") == [("killed", 4, 4)]


def test_quantity_reader_edges():
    """Hedges with a clitic and the number four words on ("وبما لا يقل عن 50"), a hedge before
    its number ("على الأقل خمسة"), and words that start hedges with no number near them."""
    assert quantities("وبما لا يقل عن 50 شخصا") == [(50, None)]
    assert quantities("قتل على الأقل خمسة أشخاص على الطريق") == [(5, None)]
    assert quantities("على ما يبدو فإن الوضع على حاله منذ أيام ما") == []
    assert quantities("ما بين 20 الى 30") == [(20, 30)]
    assert quantities("50") == [(50, 50)]


def test_same_figures_every_time():
    """Per-word results are cached across articles: a second run gives the same figures."""
    first = [(f.start, f.end, f.category, f.min, f.max) for f in figures(KZ_HOSPITAL)]
    again = [(f.start, f.end, f.category, f.min, f.max) for f in figures(KZ_HOSPITAL)]
    assert first == again and len(first) == 3


def test_sit_in_crowd():
    """A sit-in counts a crowd like a demonstration does."""
    from datetime import date

    from rasd.doc import Doc
    from rasd.figures import FigureTagger
    from rasd.text import NormalizedText
    from rasd.tokens import Tokenizer
    doc = Doc(NormalizedText("اعتصم نحو ألف سوري في الساحة."), date(2015, 8, 8))
    Tokenizer()(doc)
    FigureTagger()(doc)
    assert [(f.category, f.min, f.max) for f in doc.figures] == [("crowd", 1000, 1000)]
