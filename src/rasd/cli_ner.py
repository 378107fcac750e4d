"""`rasd train ner` and `rasd eval-ner`: the commands of the entity tagger (ner.py, ner_train.py)."""
from __future__ import annotations

import os
import time
from pathlib import Path

from .errors import RasdError


def _data_default() -> str:
    return os.environ.get("RASD_DATA", "../shared/data")


def cmd_train(args) -> int:
    from .ner_train import train

    data = Path(args.data)
    if not data.is_dir():
        raise RasdError(f"data folder not found: {data} (set --data or RASD_DATA)")
    started = time.perf_counter()
    chosen = None if args.choose_epochs is None else {"all_train": False, "dev_tenth": args.choose_epochs}
    train(data, args.out, seed=args.seed, hparams=chosen)
    print(f"trained in {time.perf_counter() - started:.0f} s: {args.out}")
    return 0


def cmd_eval_ner(args) -> int:
    from .ner import NerModel
    from .ner_train import evaluate

    if not Path(args.file).is_file():
        raise RasdError(f"not a file: {args.file}")
    if args.model and not Path(args.model).is_file():
        raise RasdError(f"no model at {args.model}")
    evaluate(NerModel.load(args.model), args.file)
    return 0


def add_commands(sub) -> None:
    """Add `train` and `eval-ner` to the subparsers of rasd's command line."""
    from .ner import DEFAULT_MODEL

    p = sub.add_parser("train", help="train a model (ner: the BiLSTM-CRF entity tagger)",
                       description="Train the entity tagger (an ensemble of two BiLSTM-CRF nets, trained side "
                       "by side) on ANERcorp (DATA/anercorp/train.txt) "
                       "and rasd's hand-annotated news sentences (their text read from "
                       "DATA/news/bulk.jsonl.gz), with word vectors learnt from that news; export it to "
                       "ONNX and print its scores on test.txt (never used otherwise). 14-35 minutes "
                       "on 2 cores, by machine. Needs PyTorch (pip install 'rasd[train]').")
    p.add_argument("what", choices=["ner"])
    p.add_argument("--data", metavar="DIR", default=_data_default(),
                   help="shared data folder (default: $RASD_DATA or ../shared/data)")
    p.add_argument("--out", metavar="PATH", default=str(DEFAULT_MODEL),
                   help="where to write the model (default: the shipped model)")
    p.add_argument("--seed", type=int, default=0,
                   help="seed of every random choice (default 0, the shipped model's); the same seed gives "
                   "the same model file on the same machine")
    p.add_argument("--choose-epochs", metavar="TENTH", nargs="?", type=int, const=9, choices=range(10),
                   help="hold out a tenth of train.txt (0-9; without a number the last, 9), train on the "
                   "rest and keep the epoch that scores best on the held-out tenth (how the default "
                   "number of epochs and the settings were chosen) instead of training on all of it")
    p.set_defaults(func=cmd_train)

    p = sub.add_parser("eval-ner", help="score the entity tagger on a CoNLL file",
                       description="Tag FILE (`token TAG` lines, blank line between sentences; BIO "
                       "or IOB1; PERS/PERSON→PER, GPE/LOCATION→LOC, ORGANIZATION→ORG, other types "
                       "ignored) and print exact-span P/R/F1 per type and the PER/LOC/ORG micro line. "
                       "The file's sentences are read as running text, in order: the mentions of a word "
                       "within 30 sentences lend each other evidence, as in an article.")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--model", metavar="PATH", help="model file (default: the shipped model)")
    p.set_defaults(func=cmd_eval_ner)
