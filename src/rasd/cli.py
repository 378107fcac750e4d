"""The `rasd` command line.

Exit codes: 0 all articles extracted; 1 some articles failed (each reported on stderr as
`rasd: ID: reason`, the rest of the batch went on); 2 bad usage or unreadable input file.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .errors import InputError, RasdError

EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE = 0, 1, 2


def _read_input(path: str) -> bytes:
    if path == "-":
        return sys.stdin.buffer.read()
    try:
        return Path(path).read_bytes()
    except OSError as err:
        raise RasdError(f"cannot read {path}: {err.strerror}") from None


def _jsonl_records(data: bytes):
    """(line number, record or error) for each non-blank line of a JSON Lines input."""
    for n, line in enumerate(data.splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            if not isinstance(record, dict) or not isinstance(record.get("text"), str):
                raise ValueError("expected an object with a \"text\" string")
            yield n, record, None
        except (ValueError, UnicodeDecodeError) as err:
            yield n, None, f"line {n}: not a JSON article record ({err})"


def _emit(extraction, fmt: str, first: bool) -> None:
    if fmt == "eval":
        print(json.dumps(extraction.to_eval(), ensure_ascii=False))
    elif fmt == "acled-csv":
        from .exports import acled_csv
        sys.stdout.write(acled_csv([extraction], header=first))
    else:
        print(extraction.model_dump_json(indent=None if fmt == "jsonl" else 1))


def cmd_extract(args) -> int:
    from tqdm import tqdm

    from .pipeline import Pipeline, parse_published

    data = _read_input(args.file)
    pipeline = Pipeline(english=args.english, ner=args.ner)
    is_jsonl = args.file.endswith(".jsonl") or args.jsonl
    if not is_jsonl:
        if not args.published:
            raise RasdError("--published YYYY-MM-DD is required for a text or HTML file")
        parse_published(args.published)
        try:
            extraction = pipeline(data, args.published, id=args.id)
        except InputError as err:
            print(f"rasd: {args.id or args.file}: {err}", file=sys.stderr)
            return EXIT_SOME_FAILED
        _emit(extraction, args.format, True)
        return EXIT_OK
    fmt = "jsonl" if args.format == "json" else args.format
    records = list(_jsonl_records(data))
    failed = 0
    first = True

    def readable():
        """(text, published, id) of each record, or the error that stops it, in order."""
        for n, record, error in records:
            rid = str(record.get("id", n)) if record else str(n)
            published = (record.get("published") or args.published) if record else None
            if error:
                yield RasdError(error), rid
            elif not published:
                yield RasdError("no publication date (field \"published\" or --published)"), rid
            else:
                yield (record["text"], published, rid), rid

    items = list(readable())
    extracted = iter(pipeline.pipe(item for item, _ in items if not isinstance(item, RasdError)))
    for item, rid in tqdm(items, desc="extract", unit="article", file=sys.stderr,
                          disable=len(records) < 2 or args.quiet):
        result = item if isinstance(item, RasdError) else next(extracted)
        if isinstance(result, RasdError):
            failed += 1
            print(f"rasd: {rid}: {result}", file=sys.stderr)
            if fmt != "acled-csv":
                print(json.dumps({"id": rid, "error": str(result)}, ensure_ascii=False))
        else:
            _emit(result, fmt, first)
            first = False
    return EXIT_SOME_FAILED if failed else EXIT_OK


def cmd_eval(args) -> int:
    import tempfile

    from .evaluation import predict_folder, report, score
    from .pipeline import Pipeline

    gold = Path(args.gold_dir)
    if not gold.is_dir():
        raise RasdError(f"not a folder: {gold}")
    pred = Path(args.pred_dir) if args.pred_dir else Path(tempfile.mkdtemp(prefix="rasd-pred-"))
    failures = predict_folder(Pipeline(english=args.english, ner=args.ner), gold, pred)
    for stem, reason in failures:
        print(f"rasd: {stem}: {reason}", file=sys.stderr)
    text, rows = report(*score(gold, pred))
    print(text)
    if args.json:
        print(json.dumps(rows))
    print(f"predictions: {pred}", file=sys.stderr)
    return EXIT_SOME_FAILED if failures else EXIT_OK


def cmd_schema(args) -> int:
    from .model import Extraction
    print(json.dumps(Extraction.model_json_schema(), indent=1, ensure_ascii=False))
    return EXIT_OK


def _english_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--english", choices=["rules", "model"], default="rules",
                        help="English spelling of names not in the knowledge base: rules (fast, "
                        "default) or model (the romanizer's neural model: better, ~15 ms per new name)")
    tagger_option(parser)


def tagger_option(parser: argparse.ArgumentParser) -> None:
    """--ner / --no-ner, for every command that extracts."""
    parser.add_argument("--ner", action=argparse.BooleanOptionalAction, default=True,
                        help="run the trained entity tagger, which finds names no rule or known name "
                        "covers (default: on; --no-ner is about twice as fast)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="rasd",
        description="Arabic news reports → sourced, dated, geolocated event records.",
        epilog="Exit codes: 0 success; 1 some articles failed (reasons on stderr); 2 usage error.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("extract", help="extract events from an article or a JSON Lines batch",
                       description="Extract entities, dates, figures, quotes and events. FILE is a "
                       "UTF-8 or windows-1256 text/HTML file, a .jsonl file of {\"id\", \"text\", "
                       "\"published\"} records (one output line per input line), or - for stdin.")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--published", metavar="YYYY-MM-DD",
                   help="publication date: relative dates (اليوم, أمس الأربعاء) resolve against it")
    p.add_argument("--format", choices=["json", "eval", "acled-csv"], default="json",
                   help="json: full records with offsets (default); eval: the scorer's shape; "
                   "acled-csv: ACLED columns")
    p.add_argument("--id", help="id to give a single article")
    p.add_argument("--jsonl", action="store_true", help="read FILE (or stdin) as JSON Lines")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    _english_option(p)
    p.set_defaults(func=cmd_extract)

    p = sub.add_parser("eval", help="score the extractor on a gold folder (../shared/eval format)",
                       description="Run the extractor on every STEM.txt of GOLD_DIR (with its "
                       "STEM.meta.json), write STEM.pred.json files and print P/R/F1 per layer, "
                       "as score.py does.")
    p.add_argument("gold_dir", metavar="GOLD_DIR")
    p.add_argument("--pred-dir", help="where to write predictions (default: a new temporary folder)")
    p.add_argument("--json", action="store_true", help="also print the figures as one JSON line")
    _english_option(p)
    p.set_defaults(func=cmd_eval)

    p = sub.add_parser("schema", help="print the JSON schema of an extraction record")
    p.set_defaults(func=cmd_schema)
    from .cli_store import add_commands as add_store_commands
    add_store_commands(sub)
    from .cli_ner import add_commands as add_ner_commands
    add_ner_commands(sub)
    from .cli_serve import add_commands as add_serve_commands
    add_serve_commands(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except RasdError as err:
        print(f"rasd: error: {err}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
