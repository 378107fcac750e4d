"""`rasd ingest | status | reprocess | export`: the commands that work on an event store.

The store is `--db URL` (sqlite:///FILE, a plain file path, or postgresql://USER:PASS@HOST/DB),
else $RASD_DB, else ./rasd.db.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from .errors import RasdError
from .model import Event, Extraction

EXIT_OK, EXIT_SOME_FAILED = 0, 1
EXPORT_FORMATS = ("acled-csv", "plover-json", "geojson", "jsonl")
_PLOVER_QUAD = {"AGREE": 1, "CONSULT": 1, "SUPPORT": 1, "CONCEDE": 1, "COOPERATE": 2, "AID": 2,
                "RETREAT": 2, "INVESTIGATE": 2, "DEMAND": 3, "ACCUSE": 3, "DISAPPROVE": 3,
                "REJECT": 3, "SANCTION": 3, "THREATEN": 3, "PROTEST": 4, "MOBILIZE": 4,
                "COERCE": 4, "ASSAULT": 4}


def _store(args):
    from .store import Store
    return Store(args.db)


def cmd_ingest(args) -> int:
    from .ingest import ingest
    from .pipeline import Pipeline, parse_published

    if args.published:
        parse_published(args.published)
    with _store(args) as store:
        counts = ingest(args.paths, store, Pipeline(ner=args.ner), published=args.published,
                        progress=not args.quiet)
    print(f"{counts.new} new, {counts.duplicate} duplicate, {counts.failed} failed",
          file=sys.stderr)
    return EXIT_SOME_FAILED if counts.failed else EXIT_OK


def cmd_status(args) -> int:
    with _store(args) as store:
        status = store.status()
        where = store.display_url
    if args.json:
        print(json.dumps(status, ensure_ascii=False))
        return EXIT_OK
    print(f"database: {where}")
    print(f"articles: {status['articles']['ok']} ok, {status['articles']['failed']} failed")
    print(f"events: {status['events']}")
    for f in status["failures"]:
        print(f"failed: {f['external_id'] or f['id']} ({f['path'] or 'no path'}): {f['reason']}")
    return EXIT_OK


def cmd_reprocess(args) -> int:
    from .ingest import reprocess
    from .pipeline import Pipeline

    with _store(args) as store:
        counts = reprocess(store, Pipeline(ner=args.ner), progress=not args.quiet)
    print(f"reprocessed: {counts['ok']} ok, {counts['failed']} failed", file=sys.stderr)
    return EXIT_SOME_FAILED if counts["failed"] else EXIT_OK


def cmd_export(args) -> int:
    from .store import EventFilter

    flt = EventFilter(date_from=args.date_from, date_to=args.date_to, country=args.country,
                      place=args.place, event_type=args.type, actor=args.actor,
                      entity=args.entity, min_killed=args.min_killed)
    writer = {"acled-csv": write_acled_csv, "plover-json": write_plover,
              "geojson": write_geojson, "jsonl": write_jsonl}[args.format]
    with _store(args) as store, _output(args.output) as out:
        try:
            writer(store.export_items(flt), out)
        except BrokenPipeError:  # `rasd export ... | head`: the reader has what it wanted
            sys.stdout = open(os.devnull, "w")
    return EXIT_OK


@contextmanager
def _output(path: str | None) -> Iterator[TextIO]:
    if path in (None, "-"):
        yield sys.stdout
        return
    try:
        f = Path(path).open("w", encoding="utf-8", newline="")
    except OSError as err:
        raise RasdError(f"cannot write {path}: {err.strerror}") from None
    with f:
        yield f


def write_acled_csv(items, out: TextIO) -> None:
    """ACLED rows of the matching events. Other events are masked rather than dropped so that
    `event_id_cnty` (numbered by position in the article) is the same whatever the filter."""
    from .exports import acled_csv

    first = True
    for _article, extraction, keep in items:
        masked = extraction.model_copy(update={"events": [
            e if e.id in keep else e.model_copy(update={"acled_event_type": None})
            for e in extraction.events]})
        out.write(acled_csv([masked], header=first))
        first = False
    if first:
        out.write(acled_csv([], header=True))


def write_jsonl(items, out: TextIO) -> None:
    for _article, extraction, _keep in items:
        out.write(extraction.model_dump_json() + "\n")


def plover_record(article, extraction: Extraction, event: Event) -> dict:
    """One event in the PLOVER JSON field names (PLOVER manual, "JSON Data Fields")."""
    figures = {f.id: f for f in extraction.figures}
    size = {}
    for fid in event.figures:
        f = figures.get(fid)
        if f is not None and f.category in ("killed", "injured", "arrested") and f.value is not None:
            key = "dead" if f.category == "killed" else f.category
            size[key] = size.get(key, 0) + f.value
    if event.fatalities is not None:
        size["dead"] = event.fatalities

    def actor_objects(role: str) -> list[dict]:
        return [{"actor_text": a.name, **({"identifier_text": a.en} if a.en else {})}
                for a in event.actors if a.role == role]

    return {
        "id": f"{extraction.id or article.id}-{event.id}",
        "date": event.date,
        "source": actor_objects("source"),
        "recipient": actor_objects("target"),
        "event": [event.type],
        "mode": event.mode,
        "quad_code": _PLOVER_QUAD.get(event.type),
        "event_text": [event.trigger.text],
        "event_loc": {"name": event.place, "geonameid": event.geonameid,
                      "latitude": event.lat, "longitude": event.lon,
                      "country code": event.country},
        "size": size,
        "comment": event.summary,
        "cite_info": {"citation": extraction.id, "url": article.url, "title": article.title,
                      "publication": article.source, "language": "ar",
                      "coder": f"rasd {extraction.rasd_version}"},
    }


def write_plover(items, out: TextIO) -> None:
    """PLOVER records, one JSON object per line (the layout the PLOVER manual recommends)."""
    for article, extraction, keep in items:
        for event in extraction.events:
            if event.id in keep:
                out.write(json.dumps(plover_record(article, extraction, event),
                                     ensure_ascii=False) + "\n")


def write_geojson(items, out: TextIO) -> None:
    """A FeatureCollection of the matching events that have coordinates, streamed."""
    out.write('{"type": "FeatureCollection", "features": [\n')
    first = True
    for article, extraction, keep in items:
        for event in extraction.events:
            if event.id not in keep or event.lat is None or event.lon is None:
                continue
            properties = event.model_dump(exclude={"lat", "lon"})
            properties.update(article=extraction.id, article_id=article.id,
                              published=extraction.published)
            feature = {"type": "Feature", "id": f"{extraction.id or article.id}-{event.id}",
                       "geometry": {"type": "Point", "coordinates": [event.lon, event.lat]},
                       "properties": properties}
            out.write(("" if first else ",\n") + json.dumps(feature, ensure_ascii=False))
            first = False
    out.write("\n]}\n")


def _nonnegative(value: str) -> int:
    n = int(value)
    if n < 0:
        raise argparse.ArgumentTypeError("must be 0 or more")
    return n


def add_commands(sub) -> None:
    from .cli import tagger_option

    db = argparse.ArgumentParser(add_help=False)
    db.add_argument("--db", metavar="URL",
                    help="sqlite:///FILE, a file path, or postgresql://USER:PASS@HOST/DB "
                    "(default: $RASD_DB, else ./rasd.db)")
    tagger = argparse.ArgumentParser(add_help=False)
    tagger_option(tagger)

    p = sub.add_parser("ingest", parents=[db, tagger], help="extract articles into the event store",
                       description="Store .txt/.html/.htm articles (date from a sibling "
                       "STEM.meta.json {\"published\": ...} or --published), .jsonl batches of "
                       "{\"id\", \"text\", \"published\"} records, and folders of them. Articles "
                       "already stored (same content) are skipped; unreadable ones are stored "
                       "as failed with their reason and the batch goes on.")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--published", metavar="YYYY-MM-DD",
                   help="publication date of the articles that carry none")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("status", parents=[db], help="counts of stored articles and events, "
                       "and the failed articles with their reasons")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=cmd_status)

    p = sub.add_parser("reprocess", parents=[db, tagger],
                       help="re-extract the articles stored by another rasd version")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=cmd_reprocess)

    p = sub.add_parser("export", parents=[db], help="write stored events for analysts' tools",
                       description="acled-csv: ACLED columns; plover-json: PLOVER event records, "
                       "one per line; geojson: a FeatureCollection of the events with "
                       "coordinates; jsonl: the full extraction record of each article. Filters "
                       "select events (jsonl: the articles that have one).")
    p.add_argument("--format", choices=EXPORT_FORMATS, required=True)
    p.add_argument("-o", "--output", metavar="FILE", help="default: standard output")
    p.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD")
    p.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD")
    p.add_argument("--country", metavar="CC", help="ISO 3166-1 alpha-2 code")
    p.add_argument("--place", help="English place name")
    p.add_argument("--type", help="PLOVER type (PROTEST) or ACLED (sub-)event type (Riots)")
    p.add_argument("--actor", help="Arabic or English name, or part of it")
    p.add_argument("--entity", help="a place or actor of the event: name or knowledge-base id")
    p.add_argument("--min-killed", type=_nonnegative, metavar="N")
    p.set_defaults(func=cmd_export)
