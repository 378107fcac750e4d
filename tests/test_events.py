"""Events on real text: one per happening, dated by the governing time, placed, with figures and sources."""


def events_of(result, typ, mode=None):
    return [e for e in result.events if e.type == typ and (mode is None or e.mode == mode)]


def test_seed_events(seed):
    clash = events_of(seed, "ASSAULT", "clash")
    assert clash and clash[0].date == "2022-01-06" and clash[0].place == "Almaty" and clash[0].country == "KZ"
    kill = events_of(seed, "ASSAULT", "kill")
    assert kill and kill[0].date == "2022-01-05"  # "الليلة الماضية" governs it
    assert kill[0].fatalities == 10  # "عشرات" → ACLED's conservative 10
    arrest = events_of(seed, "COERCE", "arrest")
    assert arrest and arrest[0].date == "2022-01-05" and arrest[0].acled_sub_event_type == "Arrests"
    started = [e for e in events_of(seed, "PROTEST") if e.date == "2022-01-02"]
    place = next(x for x in seed.entities if x.entity == started[0].place_entity)
    assert place.text == "جاناوزن" and started[0].country == "KZ"  # a town the gazetteer lacks
    assert events_of(seed, "CONCEDE", "leadership-change")
    assert events_of(seed, "MOBILIZE", "troops")[0].country == "KZ"
    for e in seed.events:
        assert e.summary.startswith(e.date) and e.country in e.summary


def test_one_event_per_happening(seed):
    keys = [(e.type, e.mode, e.date, e.place) for e in seed.events]
    assert len(keys) == len(set(keys))
    protests_today = [e for e in events_of(seed, "PROTEST", "demonstrate") if e.date == "2022-01-06"]
    assert len(protests_today) == 1


def test_figures_feed_events_with_their_source(seed):
    killed = [f for f in seed.figures if f.category == "killed"]
    assert killed and killed[0].event is not None
    event = next(e for e in seed.events if e.id == killed[0].event)
    assert event.type == "ASSAULT" and killed[0].id in event.figures
    injured = next(f for f in seed.figures if f.category == "injured")
    assert injured.source in ("وزارة الصحة الكازاخية", "آجر غينات")


def test_bombing_article_iraq(pipeline):
    text = ("أفاد مصدر أمني عراقي أمس الاثنين بمقتل 10 مدنيين وإصابة 17 آخرين من جراء انفجار عبوتين "
            "ناسفتين في قضاء المقدادية شمال شرق بغداد.")
    r = pipeline(text, "2015-07-21")
    bomb = events_of(r, "ASSAULT")
    assert len(bomb) == 1
    assert bomb[0].mode == "explosives" and bomb[0].date == "2015-07-20" and bomb[0].country == "IQ"
    assert bomb[0].acled_event_type == "Explosions/Remote violence"
    assert bomb[0].fatalities == 10
    assert "10 killed" in bomb[0].summary and "17 injured" in bomb[0].summary


def test_undated_event_takes_news_date(pipeline):
    text = ("قتل ثلاثة جنود أتراك أمس الخميس في هجوم على قافلة عسكرية في ولاية شرناق. "
            "وأعلنت السلطات حظر التجول في المنطقة.")
    r = pipeline(text, "2015-07-31")
    curfew = events_of(r, "COERCE", "curfew")
    assert curfew and curfew[0].date == "2015-07-30" and curfew[0].country == "TR"


def test_seizure_and_withdrawal(pipeline):
    r = pipeline("سيطرت قوات المقاومة الشعبية أمس الاثنين على قاعدة العند الجوية في محافظة لحج، "
                 "بينما لاذ المسلحون الحوثيون بالفرار.", "2015-08-04")
    assert events_of(r, "ASSAULT", "seize")[0].date == "2015-08-03"
    assert events_of(r, "RETREAT", "withdraw")[0].country == "YE"


def test_summaries_name_their_sources_in_english(pipeline):
    """The summary is for readers of English: a source in quote marks is the known agency
    (وكالة "رويترز" → Reuters), which reports the event and is not its actor, and an unnamed
    source is glossed ("محافظ ..." → the governor, "الرئيس الأفغاني" → the Afghan president)."""
    import re

    arabic = re.compile("[\u0600-\u06ff]")
    for text, source in (('وقال محافظ ديار بكر إن انفجار سيارة مفخخة قتل جنديين في بلدة ليجه.', "the governor"),
                         ('قالت وكالة "رويترز" إن القوات سيطرت على قاعدة العند الجوية بعد معارك.', "Reuters"),
                         ('وقال الرئيس الأفغاني إن انفجارا قتل خمسة أشخاص في كابول.', "the Afghan president")):
        events = pipeline(text, "2015-07-27").events
        assert events
        for event in events:
            assert not arabic.search(event.summary), event.summary
            assert event.summary.endswith(f"(per {source})")
            assert all(actor.en != "Reuters" for actor in event.actors)
