"""The command line on real articles: single files, batches with bad records, exit codes."""
import json
import subprocess
import sys

import pytest

from conftest import SEED


def rasd(*args, input=None):
    return subprocess.run([sys.executable, "-m", "rasd.cli", *args], input=input,
                          capture_output=True, timeout=300)


def test_extract_seed_as_json(seed_text):
    out = rasd("extract", str(SEED), "--published", "2022-01-06")
    assert out.returncode == 0, out.stderr.decode()
    record = json.loads(out.stdout)
    assert record["published"] == "2022-01-06"
    for layer in ("entities", "times", "figures", "quotes", "events"):
        assert record[layer], layer
        for item in record[layer]:
            if "start" in item:
                assert seed_text[item["start"]:item["end"]] == item["text"]


def test_extract_eval_format_from_stdin_windows_1256(seed_text):
    out = rasd("extract", "-", "--published", "2022-01-06", "--format", "eval",
               input=seed_text.encode("cp1256", errors="replace"))
    assert out.returncode == 0, out.stderr.decode()
    pred = json.loads(out.stdout)
    assert set(pred) == {"entities", "times", "figures", "events", "quotes"}
    assert any(t["value"] == "2022-01-05" for t in pred["times"])


def test_batch_goes_on_after_bad_articles(tmp_path, seed_text):
    lines = [
        {"id": "good", "text": seed_text, "published": "2022-01-06"},
        {"id": "empty", "text": "", "published": "2022-01-06"},
        {"id": "english", "text": "Stocks rose on Monday in New York.", "published": "2022-01-06"},
        {"id": "nodate", "text": seed_text},
        {"id": "baddate", "text": seed_text, "published": "yesterday"},
    ]
    raw = "\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n{not json\n"
    path = tmp_path / "batch.jsonl"
    path.write_text(raw, encoding="utf-8")
    out = rasd("extract", str(path), "--format", "eval")
    assert out.returncode == 1
    rows = [json.loads(line) for line in out.stdout.decode().splitlines()]
    assert [r["id"] for r in rows] == ["good", "empty", "english", "nodate", "baddate", "6"]
    assert rows[0]["events"] and "error" not in rows[0]
    assert all("error" in r for r in rows[1:])
    err = out.stderr.decode()
    assert "empty article" in err and "not Arabic" in err and "Traceback" not in err


def test_acled_csv_export(seed_text):
    out = rasd("extract", str(SEED), "--published", "2022-01-06", "--format", "acled-csv")
    assert out.returncode == 0, out.stderr.decode()
    lines = out.stdout.decode().splitlines()
    assert lines[0].startswith("event_id_cnty,event_date,year,time_precision")
    assert any(",Protests," in line and "Kazakhstan" in line for line in lines[1:])


@pytest.mark.parametrize("args, code", [
    (("extract", "/nonexistent/file.txt", "--published", "2022-01-06"), 2),
    (("extract", str(SEED)), 2),
])
def test_usage_errors_are_one_line(args, code):
    out = rasd(*args)
    assert out.returncode == code
    err = out.stderr.decode().strip()
    assert err.startswith("rasd: error:") and "\n" not in err


def test_single_bad_article_exit_code(tmp_path):
    path = tmp_path / "blank.txt"
    path.write_bytes(b"\x00\x01\x02binary")
    out = rasd("extract", str(path), "--published", "2022-01-06")
    assert out.returncode == 1
    assert "binary" in out.stderr.decode() and "Traceback" not in out.stderr.decode()


def test_help_explains_commands():
    out = rasd("--help")
    assert out.returncode == 0
    assert b"extract" in out.stdout and b"eval" in out.stdout and b"Exit codes" in out.stdout


def test_hostile_inputs_in_one_batch(tmp_path, seed_text):
    """Legacy encodings, HTML with scripts, bidi marks and a 10 MB page: each read or refused in one line."""
    (tmp_path / "legacy.txt").write_bytes(seed_text.encode("cp1256", errors="replace"))
    page = ("<html><head><script>alert('x')</script></head><body><p>"
            + seed_text.replace("\n", "</p><p>") + "</p><img src=x onerror=alert(1)></body></html>")
    (tmp_path / "page.html").write_text(page, encoding="utf-8")
    marked = seed_text.replace("ألماتي", "أل\u200fما\u200bتي")
    (tmp_path / "marks.txt").write_text(marked, encoding="utf-8")
    (tmp_path / "huge.txt").write_text("خبر عاجل. " * 1_100_000, encoding="utf-8")  # ~10 MB
    for name in ("legacy.txt", "page.html", "marks.txt"):
        out = rasd("extract", str(tmp_path / name), "--published", "2022-01-06", "--format", "eval")
        assert out.returncode == 0, (name, out.stderr.decode())
        pred = json.loads(out.stdout)
        assert any(e["type"] == "ASSAULT" for e in pred["events"]), name
    out = rasd("extract", str(tmp_path / "marks.txt"), "--published", "2022-01-06")
    record = json.loads(out.stdout)
    almaty = [e for e in record["entities"] if e["en"] == "Almaty"]
    assert almaty and "\u200f" in almaty[0]["text"]  # matched through the marks, span in the original
    out = rasd("extract", str(tmp_path / "huge.txt"), "--published", "2022-01-06")
    assert out.returncode == 1 and b"too long" in out.stderr and b"Traceback" not in out.stderr


def test_schema_document_is_current():
    """docs/schema.json is the schema of the data model (regenerate with `rasd schema`)."""
    from pathlib import Path
    committed = json.loads((Path(__file__).parents[1] / "docs" / "schema.json").read_text(encoding="utf-8"))
    out = rasd("schema")
    assert json.loads(out.stdout) == committed
