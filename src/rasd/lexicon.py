"""Closed Arabic word lists shared by the stages, written in normalised form (see text.py).

Normalised form: أ/إ/آ → ا, ى → ي, ة → ه, ئ → ي, ؤ → و, no diacritics.
"""
from __future__ import annotations

from functools import lru_cache

FUNCTION_WORDS = frozenset("""
في من الى إلى علي على عن مع ان إن انه انها انهم بان لان كان كانت يكون تكون قد لقد لم لن ما لا
هذا هذه ذلك تلك هو هي هم هن الذي التي الذين اللذين اللتين حيث حين بعد قبل خلال بين عند منذ
حتى او أو ثم كما لكن بل اي كل بعض غير دون ضد عبر لدي لدى نحو حول امام وراء فوق تحت عليه
عليها اليه اليها منه منها فيه فيها له لها لهم به بها بهم هناك هنا ايضا وقد وكان وفي ومن
يوم اليوم امس الليله صباح مساء مساءا صباحا وقت الي بشان جراء اثر اثناء وسط عقب اذ اذا
""".split())

# Reporting verbs (normalised, without the proclitic و/ف): the cue of a quote.
SPEECH_VERBS = frozenset("""
قال قالت يقول تقول اعلن اعلنت يعلن تعلن اضاف اضافت يضيف تضيف اكد اكدت يؤكد يوكد تؤكد توكد
اوضح اوضحت يوضح توضح اشار اشارت يشير تشير صرح صرحت يصرح ذكر ذكرت يذكر تذكر افاد افادت يفيد تفيد
راي رات يري تري اعتبر اعتبرت يعتبر تعتبر لفت لفتت نفي نفت ينفي تنفي شدد شددت يشدد تشدد
حذر حذرت يحذر تحذر كشف كشفت يكشف تكشف تابع تابعت يتابع اوردت اورد نقل نقلت ينقل تنقل
زعم زعمت يزعم اعترف اعترفت رجح رجحت يرجح اتهم اتهمت يتهم تتهم اكدوا قالوا اعلنوا اضافوا ذكروا
""".split())

# Titles that introduce a person's name ("الرئيس قاسم جومارت توكاييف").
PERSON_TITLES = frozenset("""
الرييس رييس الملك الامير الشيخ السيد السيده النايب نايب العميد اللواء العقيد المقدم الرايد
النقيب الجنرال المشير الفريق المستشار الزعيم القايد المبعوث السفير الدكتور الوزير وزير وزيره
الوزيره المتحدث المتحدثه الناطق الناطقه المسوول المدير مدير الامين امين المرشد البابا الحاكم
حاكم محافظ المحافظ قايد مراسل المراسل الصحفي الناشط الناشطه المعارض الكاتب الداعيه الامام
النجم اللاعب المدرب الفنان الفنانه الممثل ممثل المحلل القيادي المنسق المفكر الباحث الخبير الاستاذ المحامي القاضي
الملا ملا
""".split())

# Nationality adjectives by stem: "الروسي", "الروسيه", "الروس", "روسي" → RU.
NATIONALITY_STEMS = {
    "روس": "RU", "كازاخ": "KZ", "كازاخستان": "KZ", "عراق": "IQ", "سور": "SY", "ترك": "TR",
    "امريك": "US", "اميرك": "US", "بريطان": "GB", "فرنس": "FR", "الماني": "DE", "المان": "DE",
    "ايران": "IR", "مصر": "EG", "سعود": "SA", "يمن": "YE", "ليب": "LY", "لبنان": "LB",
    "فلسطين": "PS", "اسراييل": "IL", "اردن": "JO", "كويت": "KW", "قطر": "QA", "امارات": "AE",
    "بحرين": "BH", "عمان": "OM", "سودان": "SD", "جزاير": "DZ", "مغرب": "MA", "تونس": "TN",
    "موريتان": "MR", "صومال": "SO", "افغان": "AF", "افغانستان": "AF", "باكستان": "PK",
    "هند": "IN", "صين": "CN", "يابان": "JP", "كور": "KR", "اوكران": "UA", "ارمين": "AM",
    "اذربيجان": "AZ", "جورج": "GE", "ايطال": "IT", "اسبان": "ES", "يونان": "GR", "كرد": None,
    "نيجير": "NG", "اثيوب": "ET", "كين": "KE", "مال": "ML", "تشاد": "TD", "اوزبك": "UZ",
    "قرغيز": "KG", "طاجيك": "TJ", "تركمان": "TM", "بيلاروس": "BY", "بولند": "PL", "كند": "CA",
    "استرال": "AU", "برازيل": "BR", "مكسيك": "MX", "فنزويل": "VE", "اسراييلي": "IL",
}
_NATIONALITY_ENDINGS = ("يه", "ي", "يين", "يون", "يتين")


# Broken plurals, which no ending rule finds ("جنود أتراك").
NATIONALITY_PLURALS = {"اتراك": "TR", "اكراد": "", "روس": "RU", "امريكان": "US", "اميركان": "US",
                       "افغان": "AF", "عرب": None, "اجانب": None}


@lru_cache(maxsize=1 << 16)
def nationality(form: str) -> str | None:
    """ISO code of a nationality adjective ("الكازاخيه" → KZ), or None; "" for stateless (Kurdish)."""
    word = form[2:] if form.startswith("ال") else form
    if word in NATIONALITY_PLURALS:
        return NATIONALITY_PLURALS[word]
    for ending in _NATIONALITY_ENDINGS:
        if word.endswith(ending) and len(word) > len(ending) + 1:
            stem = word[: -len(ending)]
            if stem in NATIONALITY_STEMS:
                return NATIONALITY_STEMS[stem] or ""
    return None


NATIONALITY_EN = {
    "RU": "Russian", "KZ": "Kazakh", "IQ": "Iraqi", "SY": "Syrian", "TR": "Turkish", "US": "US",
    "GB": "British", "FR": "French", "DE": "German", "IR": "Iranian", "EG": "Egyptian",
    "SA": "Saudi", "YE": "Yemeni", "LY": "Libyan", "LB": "Lebanese", "PS": "Palestinian",
    "IL": "Israeli", "JO": "Jordanian", "KW": "Kuwaiti", "QA": "Qatari", "AE": "Emirati",
    "BH": "Bahraini", "OM": "Omani", "SD": "Sudanese", "DZ": "Algerian", "MA": "Moroccan",
    "TN": "Tunisian", "AF": "Afghan", "PK": "Pakistani", "IN": "Indian", "CN": "Chinese",
    "UA": "Ukrainian", "AM": "Armenian", "AZ": "Azerbaijani", "IT": "Italian", "ES": "Spanish",
    "MR": "Mauritanian", "SO": "Somali", "JP": "Japanese", "KR": "Korean", "GE": "Georgian", "GR": "Greek",
    "NG": "Nigerian", "ET": "Ethiopian", "KE": "Kenyan", "ML": "Malian", "TD": "Chadian", "UZ": "Uzbek",
    "KG": "Kyrgyz", "TJ": "Tajik", "TM": "Turkmen", "BY": "Belarusian", "PL": "Polish", "CA": "Canadian",
    "AU": "Australian", "BR": "Brazilian", "MX": "Mexican", "VE": "Venezuelan",
    "": "Kurdish",
}

# Ministries by their portfolio word, with English names.
MINISTRY_FIELDS = {
    "الخارجيه": "Foreign Ministry", "الداخليه": "Interior Ministry", "الدفاع": "Defence Ministry",
    "الصحه": "Ministry of Health", "العدل": "Justice Ministry", "الماليه": "Finance Ministry",
    "التعليم": "Education Ministry", "التربيه": "Education Ministry", "الاعلام": "Information Ministry",
    "الاقتصاد": "Economy Ministry", "الطاقه": "Energy Ministry", "النفط": "Oil Ministry",
    "الزراعه": "Agriculture Ministry", "النقل": "Transport Ministry", "العمل": "Labour Ministry",
    "الثقافه": "Culture Ministry", "التجاره": "Trade Ministry", "الاسكان": "Housing Ministry",
    "الشوون": "Ministry of Affairs", "البيشه": "Environment Ministry", "الكهرباء": "Electricity Ministry",
}

# Heads of organisation names: "<head> <name>" is an organisation when the name is known.
ORG_HEADS = frozenset("""
منظمه حزب حركه تنظيم جماعه قوات ميليشيا ميليشيات مليشيا مليشيات كتايب الويه لواء جبهه هييه
مجلس وكاله وكالات صحيفه قناه اذاعه شركه جامعه قياده مؤسسه موسسه اتحاد جمعيه تحالف
""".split())

# Armed and security forces that become an organisation with a nationality ("الجيش التركي").
FORCE_NOUNS = frozenset("""
الجيش جيش القوات قوات الشرطه شرطه الحرس البحريه سلاح الامن المخابرات الاستخبارات الحكومه حكومه
""".split())

FORCE_EN = {"الجيش": "Army", "جيش": "Army", "القوات": "forces", "قوات": "forces",
            "الشرطه": "Police", "شرطه": "Police", "الحرس": "Guard", "البحريه": "Navy",
            "الامن": "Security", "المخابرات": "Intelligence", "الاستخبارات": "Intelligence",
            "الحكومه": "Government", "حكومه": "Government", "سلاح": "Air Force"}

# Frequent given names that are also ordinary words or function words once normalised
# ("علي" = على, "حسن" = good, "سعيد" = happy): accepted inside a personal name.
GIVEN_NAMES = frozenset("""
علي حسن حسين محمد احمد محمود صالح سعيد سعد خالد عمر عثمان عادل جمال كمال منصور ناصر فهد فيصل سلمان
عبدالله عبدالرحمن عبدالعزيز ابراهيم اسماعيل يوسف موسي عيسي سليمان داود هادي نبيل جميل كريم رشيد
امين حميد مجيد سالم سليم ماجد حامد راشد زايد طارق وليد هشام عماد رياض نور نوري حيدر جعفر قاسم
""".split())
