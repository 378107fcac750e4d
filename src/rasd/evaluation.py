"""`rasd eval`: run the extractor over a gold folder and score it as ../shared/eval/score.py does.

The scoring rules follow FORMAT.md exactly (exact-span entities, overlapping times with value
accuracy, multiset figures, greedy event matching on type/country/date, quotes by overlap and
speaker); a test checks that both scorers print the same figures on the same predictions.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

LAYERS = (("entities", None), ("ent_overlap", None), ("times", "value_acc"), ("figures", None),
          ("events", "place_acc"), ("quotes", None))


@dataclass
class Tally:
    tp: int = 0
    pred: int = 0
    gold: int = 0
    extra_hit: int = 0
    extra_n: int = 0

    def prf(self) -> tuple[float, float, float]:
        p = self.tp / self.pred if self.pred else (1.0 if not self.gold else 0.0)
        r = self.tp / self.gold if self.gold else (1.0 if not self.pred else 0.0)
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f

    def extra(self) -> float:
        return self.extra_hit / self.extra_n if self.extra_n else 0.0


def _overlap(a: dict, b: dict) -> int:
    return max(0, min(a["end"], b["end"]) - max(a["start"], b["start"]))


def _period(value) -> tuple[date, date] | None:
    v = str(value or "")
    try:
        if len(v) >= 10:
            d = date.fromisoformat(v[:10])
            return d, d
        if len(v) == 7:
            y, m = int(v[:4]), int(v[5:7])
            return date(y, m, 1), date(y + m // 12, m % 12 + 1, 1) - timedelta(days=1)
        if len(v) == 4:
            return date(int(v), 1, 1), date(int(v), 12, 31)
    except ValueError:
        pass
    return None


def date_within(gold, pred) -> bool:
    """The predicted period lies inside the gold period, give or take one day."""
    g, p = _period(gold), _period(pred)
    one = timedelta(days=1)
    return g is not None and p is not None and g[0] - one <= p[0] and p[1] <= g[1] + one


_AR_MAP = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ـ": None})
_DIACRITICS = re.compile("[\u064B-\u0652\u0670]")
_PUNCT = re.compile(r"[^\w\s]")


def _norm_speaker(s) -> str:
    s = _DIACRITICS.sub("", str(s or "")).translate(_AR_MAP)
    return " ".join(_PUNCT.sub(" ", s).split())


def same_speaker(gold, pred) -> bool:
    p = _norm_speaker(pred)
    if not p:
        return False
    for g in gold if isinstance(gold, list) else [gold]:
        g = _norm_speaker(g)
        if g and (g == p or g.split()[-1] == p.split()[-1]):
            return True
    return False


def _greedy(gold: list, pred: list, ok) -> list[tuple[dict, dict]]:
    used: set[int] = set()
    pairs = []
    for g in gold:
        for j, p in enumerate(pred):
            if j not in used and ok(g, p):
                used.add(j)
                pairs.append((g, p))
                break
    return pairs


def _norm_place(s) -> str:
    return " ".join(str(s or "").lower().replace("-", " ").split())


def score_article(gold: dict, pred: dict, t: dict[str, Tally]) -> None:
    """Add one article's counts to the tallies."""
    G = {k: gold.get(k) or [] for k in ("entities", "times", "figures", "events", "quotes")}
    P = {k: pred.get(k) or [] for k in G}
    P["events"] = [e for e in P["events"] if e.get("type") != "OTHER"]

    ge = {(e["start"], e["end"], e["type"]) for e in G["entities"]}
    pe = {(e["start"], e["end"], e["type"]) for e in P["entities"]}
    for name in ("entities", "ent_overlap"):
        t[name].pred += len(pe)
        t[name].gold += len(ge)
    t["entities"].tp += len(ge & pe)
    t["ent_overlap"].tp += len(_greedy(G["entities"], P["entities"],
                                       lambda g, p: g["type"] == p["type"] and _overlap(g, p) > 0))

    tm = _greedy(G["times"], P["times"], lambda g, p: _overlap(g, p) > 0)
    t["times"].tp += len(tm)
    t["times"].pred += len(P["times"])
    t["times"].gold += len(G["times"])
    t["times"].extra_n += len(tm)
    t["times"].extra_hit += sum(1 for g, p in tm if str(g.get("value")) == str(p.get("value")))

    def key(f):
        return f.get("category"), f.get("min"), f.get("max")
    rest = [key(f) for f in P["figures"]]
    for k in map(key, G["figures"]):
        if k in rest:
            rest.remove(k)
            t["figures"].tp += 1
    t["figures"].pred += len(P["figures"])
    t["figures"].gold += len(G["figures"])

    def event_ok(g, p):
        return (g.get("type") == p.get("type")
                and (g.get("country") or "").upper() == (p.get("country") or "").upper()
                and date_within(g.get("date"), p.get("date")))
    em = _greedy(G["events"], P["events"], event_ok)
    t["events"].tp += len(em)
    t["events"].pred += len(P["events"])
    t["events"].gold += len(G["events"])
    t["events"].extra_n += len(em)
    t["events"].extra_hit += sum(1 for g, p in em if _norm_place(g.get("place")) == _norm_place(p.get("place")))

    qm = _greedy(G["quotes"], P["quotes"],
                 lambda g, p: _overlap(g, p) >= 0.5 * (g["end"] - g["start"])
                 and same_speaker(g.get("speaker"), p.get("speaker")))
    t["quotes"].tp += len(qm)
    t["quotes"].pred += len(P["quotes"])
    t["quotes"].gold += len(G["quotes"])


def gold_stems(gold_dir: Path) -> list[str]:
    return sorted(p.name[: -len(".gold.json")] for p in gold_dir.glob("*.gold.json"))


def score(gold_dir: Path, pred_dir: Path) -> tuple[list[str], dict[str, Tally]]:
    tallies = {name: Tally() for name, _ in LAYERS}
    stems = gold_stems(gold_dir)
    for stem in stems:
        gold = json.loads((gold_dir / f"{stem}.gold.json").read_text(encoding="utf-8"))
        pred_file = pred_dir / f"{stem}.pred.json"
        pred = json.loads(pred_file.read_text(encoding="utf-8")) if pred_file.exists() else {}
        score_article(gold, pred, tallies)
    return stems, tallies


def report(stems: list[str], tallies: dict[str, Tally]) -> tuple[str, dict]:
    """The text score.py prints, and the figures of its --json line."""
    lines = [f"articles: {len(stems)}"]
    rows: dict[str, float] = {}
    for name, extra in LAYERS:
        t = tallies[name]
        p, r, f = t.prf()
        line = f"{name:<10} P={p:.3f} R={r:.3f} F1={f:.3f} (tp={t.tp} pred={t.pred} gold={t.gold})"
        rows[name] = round(f, 4)
        if extra:
            line += f" {extra}={t.extra():.3f} ({t.extra_hit}/{t.extra_n})"
            rows[f"{name}_{extra}"] = round(t.extra(), 4)
        lines.append(line)
    return "\n".join(lines), rows


def predict_folder(pipeline, gold_dir: Path, pred_dir: Path) -> list[tuple[str, str]]:
    """Write STEM.pred.json for every STEM.txt of gold_dir; returns (stem, error) failures."""
    pred_dir.mkdir(parents=True, exist_ok=True)
    failures = []
    from .errors import RasdError
    for stem in gold_stems(gold_dir):
        meta = json.loads((gold_dir / f"{stem}.meta.json").read_text(encoding="utf-8"))
        try:
            text = (gold_dir / f"{stem}.txt").read_bytes()
            pred = pipeline(text, meta["published"], id=None).to_eval()
        except RasdError as err:
            failures.append((stem, str(err)))
            pred = {}
        (pred_dir / f"{stem}.pred.json").write_text(json.dumps(pred, ensure_ascii=False, indent=1),
                                                   encoding="utf-8")
    return failures
