"""The event store on real databases: an SQLite file, and PostgreSQL when RASD_TEST_PG is set
(e.g. postgresql://rasd:rasd@localhost:5432/rasd_test; .ci/run starts one)."""
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from urllib.parse import quote

import pytest
import sqlalchemy as sa

from conftest import SHARED
from rasd import __version__
from rasd.errors import RasdError
from rasd.ingest import ingest
from rasd.model import Extraction
from rasd.store import EventFilter, Store, articles, events, schema_version

DEV_NEWS = SHARED / "data" / "news" / "dev.jsonl"
PG_URL = os.environ.get("RASD_TEST_PG")


def rasd(*args, timeout=600):
    return subprocess.run([sys.executable, "-m", "rasd.cli", *args], capture_output=True,
                          timeout=timeout)


def dev_articles(n):
    if not DEV_NEWS.exists():
        pytest.skip(f"dev articles not found at {DEV_NEWS}")
    with DEV_NEWS.open(encoding="utf-8") as f:
        return [json.loads(line) for _, line in zip(range(n), f)]


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    """A fresh, empty database: an SQLite file, or a private schema on the test PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'rasd.db'}"
        return
    if not PG_URL:
        pytest.skip("RASD_TEST_PG is not set (e.g. postgresql://rasd:rasd@localhost:5432/"
                    "rasd_test): PostgreSQL store tests skipped")
    schema = "t_" + uuid.uuid4().hex[:12]
    admin = sa.create_engine(PG_URL.replace("postgresql://", "postgresql+psycopg://", 1))
    with admin.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in PG_URL else "?"
    yield f"{PG_URL}{sep}options={quote(f'-csearch_path={schema}')}"
    with admin.begin() as conn:
        conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


@pytest.fixture
def store(db_url):
    with Store(db_url) as s:
        yield s


def table_counts(store):
    from rasd.store import PARTS, extractions
    with store.engine.connect() as conn:
        return {t.name: conn.execute(sa.select(sa.func.count()).select_from(t)).scalar()
                for t in (articles, extractions, *PARTS)}


def test_ingest_seed_stores_extraction_and_parts(store, pipeline, seed, seed_text):
    result = store.ingest_article(seed_text, "2022-01-06", pipeline, external_id="kz")
    assert result.status == "new" and result.article_id
    counts = table_counts(store)
    assert counts["events"] == len(seed.events) > 0
    assert counts["entities"] == len(seed.entities) > 0
    assert counts["times"] == len(seed.times) and counts["figures"] == len(seed.figures)
    assert counts["quotes"] == len(seed.quotes) and counts["sources"] > 0
    stored = store.extraction(result.article_id)
    assert stored.model_dump(exclude={"id"}) == seed.model_dump(exclude={"id"})
    article = store.article(result.article_id)
    assert article.status == "ok" and article.pipeline_version == __version__
    assert str(article.published) == "2022-01-06" and article.created_at.tzinfo is not None
    assert store.status()["articles"] == {"ok": 1, "failed": 0}


def test_reingest_adds_nothing(store, pipeline, seed_text):
    first = store.ingest_article(seed_text, "2022-01-06", pipeline)
    before = table_counts(store)
    again = store.ingest_article(seed_text.encode("utf-8"), "2022-01-06", pipeline)
    assert (again.status, again.article_id) == ("duplicate", first.article_id)
    assert table_counts(store) == before


def test_batch_with_bad_files_records_failures_and_goes_on(tmp_path, store, pipeline, seed_text):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(seed_text, encoding="utf-8")
    (folder / "good.meta.json").write_text('{"published": "2022-01-06", "url": "https://x.example"}')
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02\xff binary")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "english.html").write_text("<html><body><p>Stocks rose in New York.</p></body></html>")
    (folder / "undated.txt").write_text(seed_text[:500] + " مقال بلا تاريخ", encoding="utf-8")
    (folder / "batch.jsonl").write_text(
        json.dumps({"id": "j1", "text": seed_text[:600], "published": "2022-01-06"},
                   ensure_ascii=False) + "\n{not json\n", encoding="utf-8")
    (folder / "notes.csv").write_text("ignored,because,not,an,article")

    counts = ingest([folder], store, pipeline, progress=False)
    assert (counts.new, counts.duplicate, counts.failed) == (2, 0, 5)
    status = store.status()
    assert status["articles"] == {"ok": 2, "failed": 5}
    reasons = {f["external_id"]: f["reason"] for f in status["failures"]}
    assert "binary" in reasons["binary"] and reasons["empty"] == "empty article"
    assert "not Arabic" in reasons["english"] and "not a JSON article record" in reasons["batch:2"]
    assert "no publication date" in reasons["undated"] and "undated.meta.json" in reasons["undated"]
    binary = next(f for f in status["failures"] if f["external_id"] == "binary")
    assert store.raw(binary["id"]) == b"\x00\x01\x02\xff binary"
    assert store.extraction(binary["id"]) is None

    # the date given later retries the failed article in place; nothing else changes
    counts = ingest([folder], store, pipeline, published="2022-01-07", progress=False)
    assert (counts.new, counts.duplicate, counts.failed) == (1, 2, 4)
    assert store.status()["articles"] == {"ok": 3, "failed": 4}


def test_batched_ingest_stores_what_one_at_a_time_stores(tmp_path, store, pipeline, seed_text):
    """ingest extracts in batches (Pipeline.pipe); the stored records are those of single calls,
    and a copy of an article inside one batch is still a duplicate."""
    lines = [{"id": f"a{k}", "text": seed_text[:400 * (k + 1)], "published": "2022-01-06"} for k in range(4)]
    lines.append({"id": "copy", "text": seed_text[:400], "published": "2022-01-06"})
    lines.append({"id": "bad", "text": "Stocks rose in New York.", "published": "2022-01-06"})
    (tmp_path / "in.jsonl").write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines),
                                       encoding="utf-8")
    counts = ingest([tmp_path / "in.jsonl"], store, pipeline, progress=False, batch_size=4)
    assert (counts.new, counts.duplicate, counts.failed) == (4, 1, 1)
    for k in range(4):
        article_id = next(a.id for a in store.articles(limit=100) if a.external_id == f"a{k}")
        alone = pipeline(lines[k]["text"], "2022-01-06", id=f"a{k}")
        assert store.extraction(article_id).model_dump()["entities"] == alone.model_dump()["entities"]


@pytest.fixture
def seeded(store, pipeline, seed_text):
    """The seed article and one unrelated article (Kabul) without the word Almaty."""
    seed_id = store.ingest_article(seed_text, "2022-01-06", pipeline, external_id="kz").article_id
    other = "عين اليوم – كابول\nقتلت موجة من الهجمات على قوات الجيش الأفغاني في كابول 50 شخصا."
    other_id = store.ingest_article(other, "2015-08-08", pipeline, external_id="af").article_id
    return store, seed_id, other_id


@pytest.mark.parametrize("query", ["والشرطة", "للشرطة", "ألماتي", "الماتي", "أَلْمـــاتي",
                                   "بألماتي", "Almaty", "ALMATY", "kazakhstan", "كازاخستان والشرطة"])
def test_search_ignores_marks_variants_and_clitics(seeded, query):
    store, seed_id, other_id = seeded
    ids = [hit.id for hit in store.search(query)]
    assert ids == [seed_id]


def test_search_ranks_filters_and_misses(seeded):
    store, seed_id, other_id = seeded
    assert [h.id for h in store.search("كابول")] == [other_id]
    assert store.search("ألماتي باريس") == []  # every word must match
    assert store.search("...") == []
    assert [h.id for h in store.search("ألماتي", country="KZ")] == [seed_id]
    assert store.search("ألماتي", country="FR") == []


def test_search_query_without_hamza_finds_text_with_it(store, pipeline):
    text = "تظاهر آلاف المحتجين في مدينة الماتي اليوم الخميس ضد رفع أسعار الوقود."
    article_id = store.ingest_article(text, "2022-01-06", pipeline).article_id
    assert [h.id for h in store.search("ألماتي")] == [article_id]


def test_event_filters(seeded):
    store, seed_id, _ = seeded
    everything = store.events(limit=None)
    assert len(everything) == store.count_events() > 5
    kz = store.events(country="kz", limit=None)
    assert kz and all(e.country == "KZ" and e.article_id == seed_id for e in kz)
    protests = store.events(event_type="PROTEST", limit=None)
    assert protests and all(e.type == "PROTEST" for e in protests)
    riots = store.events(event_type="riots", limit=None)
    assert riots and all(e.acled_event_type == "Riots" for e in riots)
    killed = store.events(min_killed=10, limit=None)
    assert killed and all(e.fatalities >= 10 for e in killed)
    day = store.events(date_from="2022-01-05", date_to="2022-01-05", limit=None)
    assert day and all(e.date == "2022-01-05" for e in day)
    assert store.events(date_from="2023-01-01") == []
    almaty = store.events(place="almaty", limit=None)
    assert almaty and all(e.place == "Almaty" for e in almaty)
    assert {e.id for e in store.events(entity="Almaty", limit=None)} == {e.id for e in almaty}
    tokayev = store.events(actor="Tokayev", limit=None)
    assert tokayev and all(any("Tokayev" in (a.en or "") for a in e.actors) for e in tokayev)
    assert store.events(actor="توكاييف", limit=None) == tokayev
    combined = EventFilter(country="KZ", event_type="PROTEST", date_from="2022-01-06")
    assert store.count_events(combined) == len(store.events(combined, limit=None)) > 0
    page1, page2 = store.events(limit=3), store.events(limit=3, offset=3)
    assert [e.id for e in page1 + page2] == [e.id for e in everything[:6]]
    with pytest.raises(RasdError, match="date_from"):
        store.events(date_from="06/01/2022")


def test_markup_is_stored_verbatim(store, pipeline, seed_text):
    page = ("<html><head><title>t</title></head><body><p>" + seed_text[:400] + " &amp; x &lt; y"
            "</p><script>alert('<b>x</b>')</script></body></html>").encode("utf-8")
    result = store.ingest_article(page, "2022-01-06", pipeline, external_id="page")
    assert result.status == "new"
    assert store.raw(result.article_id) == page
    text = store.extraction(result.article_id).text
    assert "alert" not in text and "x < y" in text and "&lt;" not in text
    plain = "<script>alert(1)</script>"
    failed = store.ingest_article(plain, "2022-01-06", pipeline)
    assert failed.status == "failed" and store.raw(failed.article_id) == plain.encode()


def test_reprocess_reextracts_other_versions_only(store, pipeline, seed, seed_text):
    article_id = store.ingest_article(seed_text, "2022-01-06", pipeline).article_id
    store.ingest_article(b"\x00binary", "2022-01-06", pipeline)
    undated = store.ingest_article("{not json", None, pipeline, error="line 2: not JSON")
    before = table_counts(store)
    assert store.reprocess(pipeline) == {"ok": 0, "failed": 0}
    with store.engine.begin() as conn:
        conn.execute(articles.update().values(pipeline_version="0.0.1"))
    assert store.reprocess(pipeline) == {"ok": 1, "failed": 1}
    assert table_counts(store) == before
    assert store.article(article_id).pipeline_version == __version__
    assert store.article(undated.article_id).error == "line 2: not JSON"
    assert len(store.extraction(article_id).events) == len(seed.events)


def test_migrations_are_idempotent_and_refuse_a_newer_schema(db_url):
    Store(db_url).close()
    with Store(db_url) as store:
        with store.engine.begin() as conn:
            assert conn.execute(sa.select(schema_version.c.version)).scalars().all() == [1]
            conn.execute(schema_version.insert().values(version=99, applied_at=sa.func.now()))
    with pytest.raises(RasdError, match="newer than this rasd"):
        Store(db_url)


def test_cli_ingest_status_export(tmp_path, db_url, seed_text):
    (tmp_path / "kz.txt").write_text(seed_text, encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes(b"\x00\x00")
    out = rasd("ingest", str(tmp_path / "kz.txt"), str(tmp_path / "bad.txt"), "--db", db_url,
               "--published", "2022-01-06", "-q")
    assert out.returncode == 1, out.stderr.decode()
    assert "1 new, 0 duplicate, 1 failed" in out.stderr.decode()
    status = rasd("status", "--db", db_url).stdout.decode()
    assert "articles: 1 ok, 1 failed" in status and "binary" in status

    acled = rasd("export", "--format", "acled-csv", "--db", db_url, "--type", "Protests")
    lines = acled.stdout.decode().splitlines()
    assert lines[0].startswith("event_id_cnty,") and len(lines) > 1
    assert all(",Protests," in line for line in lines[1:])
    plover = rasd("export", "--format", "plover-json", "--db", db_url, "--min-killed", "10")
    records = [json.loads(line) for line in plover.stdout.decode().splitlines()]
    assert records and all(r["size"]["dead"] >= 10 and r["event"] for r in records)
    path = tmp_path / "events.geojson"
    assert rasd("export", "--format", "geojson", "--db", db_url, "-o", str(path)).returncode == 0
    geo = json.loads(path.read_text(encoding="utf-8"))
    assert geo["type"] == "FeatureCollection" and geo["features"]
    assert all(len(f["geometry"]["coordinates"]) == 2 for f in geo["features"])
    jsonl = rasd("export", "--format", "jsonl", "--db", db_url).stdout.decode().splitlines()
    assert [Extraction.model_validate_json(line).id for line in jsonl] == ["kz"]
    empty = rasd("export", "--format", "geojson", "--db", db_url, "--country", "FR")
    assert json.loads(empty.stdout)["features"] == []


@pytest.mark.parametrize("url", ["foo://nowhere", "postgresql://rasd:wrong@127.0.0.1:1/none",
                                 "sqlite:////nonexistent/folder/rasd.db", "sqlite://:bad:url"])
def test_bad_database_is_a_one_line_error(url):
    out = rasd("status", "--db", url)
    err = out.stderr.decode().strip()
    assert out.returncode == 2 and err.startswith("rasd: error:") and "\n" not in err
    assert "wrong" not in err  # the password is not echoed


def test_killed_ingest_loses_and_doubles_nothing(tmp_path):
    """SIGKILL a running `rasd ingest`, run it again: every article is stored exactly once,
    each with all its parts."""
    records = dev_articles(40)
    folder = tmp_path / "articles"
    folder.mkdir()
    for r in records[:20]:
        (folder / f"{r['id']}.txt").write_text(r["text"], encoding="utf-8")
        (folder / f"{r['id']}.meta.json").write_text(json.dumps({"published": r["published"]}))
    with (folder / "rest.jsonl").open("w", encoding="utf-8") as f:
        for r in records[20:]:
            f.write(json.dumps({k: r[k] for k in ("id", "text", "published")},
                               ensure_ascii=False) + "\n")
    db = tmp_path / "rasd.db"
    url = f"sqlite:///{db}"

    def stored(where="1 = 1"):
        if not db.exists():
            return 0
        with sqlite3.connect(db, timeout=30) as conn:
            try:
                return conn.execute(f"SELECT count(*) FROM articles WHERE {where}").fetchone()[0]
            except sqlite3.OperationalError:  # tables not created yet
                return 0

    proc = subprocess.Popen([sys.executable, "-m", "rasd.cli", "ingest", str(folder), "--db", url,
                             "-q"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 300
    while stored() < 5 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    killed_at, killed_ok = stored(), stored("status = 'ok'")
    assert 5 <= killed_at < 40, "the ingest was not interrupted mid-batch"
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"

    out = rasd("ingest", str(folder), "--db", url, "-q")
    summary = out.stderr.decode().strip().splitlines()[-1]
    new, duplicate, failed = (int(summary.split(", ")[i].split()[0]) for i in range(3))
    assert duplicate == killed_ok and new + duplicate + failed == 40, summary
    with Store(url) as store:
        assert sum(store.status()["articles"].values()) == 40
        with store.engine.connect() as conn:
            assert conn.execute(sa.select(sa.func.count(sa.distinct(articles.c.external_id))))\
                .scalar() == 40
            per_article = dict(conn.execute(sa.select(events.c.article_id, sa.func.count())
                                            .group_by(events.c.article_id)).all())
            ids = conn.execute(sa.select(articles.c.id).where(articles.c.status == "ok"))\
                .scalars().all()
        for article_id in ids:
            assert per_article.get(article_id, 0) == len(store.extraction(article_id).events)


def test_article_and_entity_listings(seeded):
    store, seed_id, other_id = seeded
    assert [a.id for a in store.articles()] == [seed_id, other_id]  # newest publication first
    assert store.articles(status="failed") == []
    top = store.entities(limit=5)
    assert top[0].mentions >= top[-1].mentions
    almaty = store.entities("Almaty", type="LOC")
    assert almaty[0].country == "KZ" and almaty[0].articles == 1 and almaty[0].mentions >= 5
    assert store.entities("كابول")[0].en == "Kabul"
