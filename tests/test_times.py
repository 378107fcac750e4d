"""The time-expression stage, on real Arabic news sentences with fixed publication dates."""
from datetime import date

import pytest

from rasd.doc import Doc
from rasd.text import NormalizedText, normalize
from rasd.times import TimeTagger, hijri_to_gregorian, resolve_times
from rasd.tokens import Tokenizer

THU = date(2022, 1, 6)  # the reference article: published Thursday 6 January 2022
TUE = date(2015, 7, 21)  # a SaudiNewsNet issue: Tuesday 21 July 2015


def times(text: str, published: date = THU):
    """(original text, value, precision) of each time expression, via the stage on a Doc."""
    doc = Doc(NormalizedText(text), published)
    Tokenizer()(doc)
    TimeTagger()(doc)
    for i, t in enumerate(doc.times, 1):
        assert doc.text[t.start:t.end] == t.text  # spans point into the original text
        assert t.id == f"t{i}"
    return [(t.text, t.value, t.precision) for t in doc.times]


def values(text: str, published: date = THU):
    return [(t, v) for t, v, _ in times(text, published)]


def resolved(text: str, published: date = THU):
    """Through the pure function on the normalised text."""
    norm = normalize(text)
    return [(norm[s:e], v, p) for s, e, v, p in resolve_times(norm, published)]


# ---------------------------------------------------------------- the reference article

def test_reference_article_sentences():
    assert values("تواصلت الاحتجاجات العنيفة في كازاخستان اليوم الخميس، حيث اشتبكت قوات الأمن") == [
        ("اليوم الخميس", "2022-01-06")]
    assert values("اقتحم آلاف المتظاهرين أمس الأربعاء مبنى إدارة المدينة") == [
        ("أمس الأربعاء", "2022-01-05")]
    assert values("ممن وصفتهم بالقوى المتطرفة الليلة الماضية.") == [("الليلة الماضية", "2022-01-05")]
    assert values("الاحتجاجات -التي اندلعت شرارتها يوم الأحد الماضي إثر زيادة في أسعار الغاز") == [
        ("يوم الأحد الماضي", "2022-01-02")]
    assert values("وكبرى مدن البلاد مساء الثلاثاء.") == [("مساء الثلاثاء", "2022-01-04")]
    assert values("أعلنت وزارة الصحة الكازاخية اليوم عبر قناة تلفزيونية رسمية") == [
        ("اليوم", "2022-01-06")]


def test_reference_article_file(seed_text):
    got = values(seed_text)
    assert ("يوم الأحد الماضي", "2022-01-02") in got
    assert ("مساء الثلاثاء", "2022-01-04") in got
    assert got.count(("اليوم الخميس", "2022-01-06")) == 2
    assert got.count(("الليلة الماضية", "2022-01-05")) == 2
    assert all(v.startswith("2022-01-0") for _, v in got)


def test_pure_function_gives_normalised_offsets_and_precision():
    assert resolved("اقتحم المتظاهرون أمس الأربعاء مبنى") == [("امس الاربعاء", "2022-01-05", "day")]
    norm = normalize("وقال اليوم الخميس إن")
    (s, e, value, precision), = resolve_times(norm, THU)
    assert norm[s:e] == "اليوم الخميس" and value == "2022-01-06" and precision == "day"


# ---------------------------------------------------------------- weekdays and relative days

def test_weekdays_resolve_to_the_last_such_day():
    # published Tuesday 2015-07-21
    assert values("أفاد شهود عيان أمس الاثنين بمقتل 33 مسلحاً", TUE) == [("أمس الاثنين", "2015-07-20")]
    assert values("وقتل خمسة أشخاص السبت في انفجار", TUE) == [("السبت", "2015-07-18")]
    assert values("وأعلن الجيش الثلاثاء أن", TUE) == [("الثلاثاء", "2015-07-21")]
    assert values("الهجوم الذي وقع الثلاثاء الماضي", TUE) == [("الثلاثاء الماضي", "2015-07-14")]
    assert values("ستعقد الجلسة يوم الخميس المقبل", TUE) == [("يوم الخميس المقبل", "2015-07-23")]
    assert values("تبدأ المحادثات الأحد القادم", TUE) == [("الأحد القادم", "2015-07-26")]
    assert values("وقع الهجوم السبت قبل الماضي", TUE) == [("السبت قبل الماضي", "2015-07-11")]


def test_relative_days():
    assert values("قصفت مقاتلات التحالف امس مواقع للحوثيين", TUE) == [("امس", "2015-07-20")]
    assert values("قتل بالأمس ثلاثة جنود", TUE) == [("الأمس", "2015-07-20")]
    assert values("وكانت القوات قد سيطرت أول من أمس على المدينة", TUE) == [("أول من أمس", "2015-07-19")]
    assert values("معارك عنيفة بدأت أمس الأول", TUE) == [("أمس الأول", "2015-07-19")]
    assert values("شنت الطائرات غارات فجر أمس", TUE) == [("فجر أمس", "2015-07-20")]
    assert values("تنطلق غداً فعاليات المهرجان", TUE) == [("غداً", "2015-07-22")]
    assert values("وصل الوفد صباح اليوم إلى الرياض", TUE) == [("صباح اليوم", "2015-07-21")]
    assert values("اندلعت اشتباكات ليلة أمس في المدينة", TUE) == [("ليلة أمس", "2015-07-20")]


def test_named_weekday_beats_a_stale_publication_date():
    # an article written on Friday and dated with the next day's issue
    assert values("لقي أربعة حوثيين حتفهم، اليوم الجمعة، جراء كمين", date(2015, 8, 1)) == [
        ("اليوم الجمعة", "2015-07-31")]


def test_night_between_two_days_is_one_expression():
    assert values("ذكرت مصادر أمنية، ليل السبت الأحد، أن طائرات", date(2015, 8, 9)) == [
        ("ليل السبت الأحد", "2015-08-08")]


def test_one_expression_for_adjacent_parts():
    assert values("دوت أصوات إطلاق نار مساء أمس الأحد في المدينة", date(2015, 8, 10)) == [
        ("مساء أمس الأحد", "2015-08-09")]
    assert values("أفادت مصادر محلية امس (الاثنين) بسقوط قتلى", TUE) == [("امس (الاثنين)", "2015-07-20")]


def test_proclitics_stay_out_of_the_span():
    assert values("شن الطيران غارات السبت والأحد على مواقع", date(2015, 8, 3)) == [
        ("السبت", "2015-08-01"), ("الأحد", "2015-08-02")]
    assert values("قتل جندي الأربعاء والخميس", THU) == [("الأربعاء", "2022-01-05"), ("الخميس", "2022-01-06")]
    assert values("وفي 26 مارس أطلق التحالف عملياته", date(2015, 8, 10)) == [("26 مارس", "2015-03-26")]


# ---------------------------------------------------------------- what is not a time

def test_not_today():
    assert values("احتفلت المملكة باليوم الوطني وباليوم العالمي للطفل") == []
    assert values("وفي اليوم التالي عاد المتظاهرون") == []
    assert values("قال لموقع عين اليوم إن") == []
    assert values("وذكرت قناة روسيا اليوم أن") == []
    assert values("ثلاث مرات في اليوم") == []


def test_not_times():
    assert values("استمرت المعارك أياما، وقضى المحاصرون يوما كاملا بلا ماء") == []
    assert values("اللاجئون في أمس الحاجة إلى المساعدة") == []
    assert values("اتفق الاثنان على أن الاثنين يتحملان المسؤولية") == []
    assert values("وقد مارس الضغط على الحكومة") == []
    assert values("وصرح المدير العام الحالي للشركة") == []
    assert values("وأصيب 2000 شخص منذ بداية الأحداث") == []
    assert values("تبرع بمبلغ في 2000 ألف دولار") == []
    assert values("انطلق قبل يوم واحد من العملية") == []
    assert values("عشرات القتلى وألف جريح") == []


# ---------------------------------------------------------------- explicit dates

def test_explicit_dates_both_month_traditions():
    assert values("في 6 يناير 2022 أعلنت الحكومة") == [("6 يناير 2022", "2022-01-06")]
    assert values("في 6 كانون الثاني/يناير 2022 أعلنت") == [("6 كانون الثاني/يناير 2022", "2022-01-06")]
    assert values("منذ تموز (يوليو) 2014 على مناطق عدة") == [("تموز (يوليو) 2014", "2014-07")]
    assert values("دخل الحوثيون المدينة في السادس والعشرين من مارس", date(2015, 8, 1)) == [
        ("السادس والعشرين من مارس", "2015-03-26")]
    assert values("تفجيرات الحادي عشر من سبتمبر 2001") == [("الحادي عشر من سبتمبر 2001", "2001-09-11")]
    assert values("سيطروا على صنعاء في سبتمبر الماضي", date(2015, 8, 10)) == [("سبتمبر الماضي", "2014-09")]
    assert values("أعلنت في يناير الماضي", date(2015, 7, 23)) == [("يناير الماضي", "2015-01")]
    assert values("منذ 26 آذار/ مارس الماضي", date(2015, 7, 26)) == [("26 آذار/ مارس الماضي", "2015-03-26")]
    assert values("في الثالث من اغسطس الحالي", date(2015, 8, 10)) == [("الثالث من اغسطس الحالي", "2015-08-03")]
    assert values("قتل 3440 عراقيا خلال شهر يوليو الماضي", date(2015, 8, 2)) == [
        ("شهر يوليو الماضي", "2015-07")]
    assert values("في حزيران (يونيو) من العام الماضي", date(2015, 7, 23)) == [
        ("حزيران (يونيو) من العام الماضي", "2014-06")]
    assert values("وقعت الحادثة تموز العام الماضي", date(2015, 7, 23)) == [
        ("تموز العام الماضي", "2014-07")]
    assert values("الاتفاق الموقع في 15/3/2019") == [("15/3/2019", "2019-03-15")]


def test_month_without_year_takes_the_last_such_month():
    pub = date(2015, 8, 1)
    assert values("ويسيطر عناصرها منذ أبريل على المكلا", pub) == [("أبريل", "2015-04")]
    assert values("سيحال إلى البرلمان في أكتوبر", pub) == [("أكتوبر", "2014-10")]
    assert values("وفي 25 يونيو أعلن التحالف", pub) == [("25 يونيو", "2015-06-25")]
    assert values("ينتهي التسجيل في 20 أغسطس", pub) == [("20 أغسطس", "2015-08-20")]  # near future
    assert values("ويعود ذلك إلى 20 ديسمبر", pub) == [("20 ديسمبر", "2014-12-20")]


def test_same_year_as_the_date_before():
    assert values("الذي استمر من 21 يونيو 2013 حتى 14 أغسطس من نفس العام", date(2015, 8, 10)) == [
        ("21 يونيو 2013", "2013-06-21"), ("14 أغسطس", "2013-08-14")]


def test_years():
    assert times("منذ العام 2013، شهد الأسبوع الماضي مجموعة هجمات", date(2015, 7, 31)) == [
        ("العام 2013", "2013", "year"), ("الأسبوع الماضي", "2015-07", "week")]
    assert values("أطاح بطالبان من السلطة عام 2001.") == [("عام 2001", "2001")]
    assert values("اعتقل عام 1978م") == [("عام 1978م", "1978")]
    assert values("ضعف السلطة المركزية في 2011 نتيجة الانتفاضة") == [("2011", "2011")]
    assert values("ولد سنة 1950 في القاهرة") == [("سنة 1950", "1950")]


def test_arabic_indic_digits():
    assert values("في ٦ يناير ٢٠٢٢ أعلنت") == [("٦ يناير ٢٠٢٢", "2022-01-06")]
    assert values("منذ العام ٢٠١٣") == [("العام ٢٠١٣", "2013")]


def test_hijri_dates():
    assert hijri_to_gregorian(1, 1, 1) == date(622, 7, 19)  # the civil epoch (16 July 622 Julian)
    assert hijri_to_gregorian(1445, 1, 1) == date(2023, 7, 19)
    (text, value, precision), = times("الرياض 15 رمضان 1443 هـ واس")
    assert text == "15 رمضان 1443 هـ" and precision == "day"
    assert value in ("2022-04-16", "2022-04-17")  # tabular calendar: within a day of the observed
    # a written Gregorian equivalent wins over the arithmetic conversion
    assert values("بيروت 25 شوال 1436 هـ الموافق 10 أغسطس 2015 م", date(2015, 8, 10)) == [
        ("25 شوال 1436 هـ", "2015-08-10"), ("10 أغسطس 2015 م", "2015-08-10")]


# ---------------------------------------------------------------- periods and "ago"

def test_periods():
    pub = date(2015, 7, 21)
    assert times("منذ الشهر الماضي بعد هجوم", pub) == [("الشهر الماضي", "2015-06", "month")]
    assert times("في العام الماضي", pub) == [("العام الماضي", "2014", "year")]
    assert times("خلال هذا العام", pub) == [("هذا العام", "2015", "year")]
    assert times("خلال العام الجاري", pub) == [("العام الجاري", "2015", "year")]
    assert times("السنة الماضية", pub) == [("السنة الماضية", "2014", "year")]
    assert times("الشهر الماضي", date(2022, 1, 6)) == [("الشهر الماضي", "2021-12", "month")]


def test_ago():
    assert times("ولم يظهر لهم أثر منذ ثلاثة أيام") == [("منذ ثلاثة أيام", "2022-01-03", "day")]
    assert times("انطلقت قبل يومين معارك") == [("قبل يومين", "2022-01-04", "day")]
    assert times("وقع الهجوم قبل أسبوع") == [("قبل أسبوع", "2021-12-30", "week")]
    assert times("المعارك المتواصلة منذ أسبوعين") == [("منذ أسبوعين", "2021-12-23", "week")]
    assert times("منذ 10 أيام") == [("منذ 10 أيام", "2021-12-27", "day")]
    assert times("قتل أربعون ألف شخص منذ أربع سنوات") == [("منذ أربع سنوات", "2018", "year")]
    assert times("قبل ثلاثة أشهر") == [("قبل ثلاثة أشهر", "2021-10", "month")]
    assert values("منذ أيام") == []  # vague


def test_stage_protocol():
    tagger = TimeTagger()
    assert tagger.name == "times" and tagger.reads == ("nt", "sentences") and tagger.adds == ("times",)
    doc = Doc(NormalizedText("قتل ثلاثة جنود أمس الخميس، وأصيب آخرون اليوم الجمعة."), date(2015, 7, 31))
    Tokenizer()(doc)
    tagger(doc)
    assert [(t.id, t.text, t.value) for t in doc.times] == [
        ("t1", "أمس الخميس", "2015-07-30"), ("t2", "اليوم الجمعة", "2015-07-31")]


@pytest.mark.parametrize("text", ["", "   ", "بلا تاريخ", "2022", "الـ"])
def test_no_crash_on_small_inputs(text):
    assert isinstance(times(text), list)
