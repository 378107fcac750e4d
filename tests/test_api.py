"""REST API and dashboard: real SQLite store, real HTTP server, real headless Chromium."""
import json
import os
import re
import shutil
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request

import pytest

from rasd.store import Store

HOSTILE = ("<html><body><p>قتل عشرة أشخاص أمس الأربعاء في بغداد، وقالت الشرطة إن "
           "&lt;script&gt;document.body.dataset.pwned='script'&lt;/script&gt; ظهر في الخبر "
           "&lt;img src=x onerror=\"document.body.dataset.pwned='img'\"&gt; ثم اعتقلت عشرين شخصا.</p>"
           "</body></html>")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory, pipeline, seed_text):
    """A seeded SQLite store served by uvicorn on a free local port (token: "s3cret")."""
    import uvicorn

    from rasd.api import create_app

    db = tmp_path_factory.mktemp("api") / "rasd.db"
    store = Store(f"sqlite:///{db}")
    seed_id = store.ingest_article(seed_text.encode(), "2022-01-06", pipeline, external_id="seed").article_id
    hostile_id = store.ingest_article(HOSTILE.encode(), "2022-01-06", pipeline, external_id="hostile").article_id
    port = free_port()
    srv = uvicorn.Server(uvicorn.Config(create_app(store, token="s3cret", pipeline_factory=lambda: pipeline),
                                        host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(base + "/healthz", timeout=1)
            break
        except OSError:
            time.sleep(0.1)
    yield {"base": base, "seed": seed_id, "hostile": hostile_id}
    srv.should_exit = True
    thread.join(timeout=10)


def get(server, path):
    with urllib.request.urlopen(server["base"] + path, timeout=30) as r:
        return r.status, r.headers, r.read()


def post(server, path, body, token=None):
    req = urllib.request.Request(server["base"] + path, data=json.dumps(body).encode(), method="POST",
                                 headers={"Content-Type": "application/json",
                                          **({"Authorization": f"Bearer {token}"} if token else {})})
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as err:
        return err.code, json.loads(err.read())


def test_events_filters_and_pagination(server):
    _, _, body = get(server, "/api/events?country=KZ&type=ASSAULT&limit=1")
    page = json.loads(body)
    assert page["total"] >= 2 and len(page["items"]) == 1
    assert page["items"][0]["type"] == "ASSAULT" and page["items"][0]["country"] == "KZ"
    _, _, body = get(server, "/api/events?country=KZ&min_killed=10")
    assert all(e["fatalities"] >= 10 for e in json.loads(body)["items"])


def test_search_arabic_and_english(server):
    for q in ("الماتي", "وألماتي", "Almaty"):
        _, _, body = get(server, "/api/search?q=" + urllib.request.quote(q))
        assert [h["id"] for h in json.loads(body)] == [server["seed"]], q


def test_article_view_and_openapi(server):
    _, _, body = get(server, f"/api/articles/{server['seed']}")
    view = json.loads(body)
    text = view["extraction"]["text"]
    assert all(text[e["start"]:e["end"]] == e["text"] for e in view["extraction"]["entities"])
    _, _, body = get(server, "/openapi.json")
    paths = json.loads(body)["paths"]
    assert {"/api/events", "/api/search", "/api/articles/{article_id}", "/api/stats",
            "/api/export/{fmt}"} <= set(paths)


def test_articles_and_entities(server):
    _, _, body = get(server, "/api/articles?limit=10")
    assert {a["external_id"] for a in json.loads(body)} >= {"seed", "hostile"}
    _, _, body = get(server, "/api/entities?q=" + urllib.request.quote("توكاييف"))
    tokayev = json.loads(body)
    assert tokayev[0]["en"] == "Kassym-Jomart Tokayev" and tokayev[0]["mentions"] >= 3
    _, _, body = get(server, "/api/entities?q=almaty&type=LOC")
    almaty = json.loads(body)[0]
    assert almaty["country"] == "KZ" and almaty["lat"] > 43


def test_exports(server):
    _, headers, body = get(server, "/api/export/acled-csv?country=KZ")
    assert headers["content-type"].startswith("text/csv")
    assert body.decode().startswith("event_id_cnty,event_date")
    _, _, body = get(server, "/api/export/geojson?country=KZ")
    features = json.loads(body)["features"]
    assert any(f["properties"].get("place") == "Almaty" for f in features)


def test_writes_need_the_token(server):
    article = {"text": "قالت الشرطة إن متظاهرين اعتقلوا أمس في بغداد.", "published": "2022-01-06", "id": "new"}
    assert post(server, "/api/articles", article)[0] == 401
    assert post(server, "/api/articles", article, token="wrong")[0] == 401
    status, reply = post(server, "/api/articles", article, token="s3cret")
    assert status == 200 and reply["status"] == "new"
    assert post(server, "/api/articles", article, token="s3cret")[1]["status"] == "duplicate"


def test_read_only_without_a_configured_token(tmp_path):
    from fastapi.testclient import TestClient

    from rasd.api import create_app
    client = TestClient(create_app(Store(f"sqlite:///{tmp_path / 'ro.db'}")))
    assert client.post("/api/articles", json={"text": "خبر", "published": "2022-01-06"},
                       headers={"Authorization": "Bearer x"}).status_code == 403


# --- the dashboard in a real headless Chromium -------------------------------------------------
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def render(server, path, tmp_path, screenshot=None):
    """The DOM after the page's scripts ran (headless Chromium, virtual time)."""
    if CHROMIUM is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed (.ci/run installs Debian's chromium)")
        pytest.skip("chromium is not installed")
    args = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1400,1000",
            "--virtual-time-budget=10000"]
    if screenshot:
        args.append(f"--screenshot={screenshot}")
    else:
        args.append("--dump-dom")
    out = subprocess.run(args + [server["base"] + path], capture_output=True, timeout=120)
    return out.stdout.decode("utf-8", errors="replace")


def test_dashboard_map_shows_seed_events_at_almaty(server, tmp_path):
    dom = render(server, "/", tmp_path)
    assert 'data-ready="events"' in dom
    assert 'class="event-dot" data-place="Almaty"' in dom
    assert "Almaty (KZ)" in dom  # English summaries in the event list
    assert dom.count('class="bar"') >= 2  # timeline


def test_article_view_highlights_spans_right_to_left(server, tmp_path):
    dom = render(server, f"/?article={server['seed']}", tmp_path)
    assert 'data-ready="article"' in dom
    assert 'id="article-text" dir="rtl"' in dom
    assert '<span class="ent-LOC" title="LOC: Almaty">ألماتي</span>' in dom
    assert re.search(r'class="[^"]*\btime\b[^"]*" title="date: 2022-01-05[^"]*">الليلة الماضية</span>', dom)
    assert "figure" in dom and "trigger" in dom


def test_article_markup_is_text_not_code(server, tmp_path):
    dom = render(server, f"/?article={server['hostile']}", tmp_path)
    assert 'data-ready="article"' in dom
    assert "pwned" not in dom.split("<body", 1)[1].split(">", 1)[0]  # no script ran
    assert "&lt;script&gt;" in dom and "&lt;img src=x onerror" in dom  # shown as text
