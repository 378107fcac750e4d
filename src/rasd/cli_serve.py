"""`rasd serve`: the REST API and the dashboard over a store."""
from __future__ import annotations

import os
from pathlib import Path

from .errors import RasdError


def cmd_serve(args) -> int:
    import uvicorn

    from .api import create_app
    from .store import Store

    token = os.environ.get("RASD_API_TOKEN") or None
    if args.token_file:
        try:
            token = Path(args.token_file).read_text(encoding="utf-8").strip() or None
        except OSError as err:
            raise RasdError(f"cannot read token file {args.token_file}: {err.strerror}") from None
    store = Store(args.db)
    print(f"rasd: serving {store.display_url} on http://{args.host}:{args.port}/ "
          f"({'writes need the token' if token else 'read-only'})")
    uvicorn.run(create_app(store, token=token), host=args.host, port=args.port, log_level="warning")
    return 0


def add_commands(sub) -> None:
    p = sub.add_parser("serve", help="serve the REST API and the web dashboard",
                       description="Serve the dashboard (map, timeline, filters, events, article view) "
                       "and the REST API (OpenAPI at /docs) over a store. Read-only unless a write "
                       "token is configured (RASD_API_TOKEN or --token-file); then POST /api/articles "
                       "with 'Authorization: Bearer TOKEN' ingests an article.")
    p.add_argument("--db", help="database URL or SQLite file (default: $RASD_DB or ./rasd.db)")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--token-file", help="file holding the write token")
    p.set_defaults(func=cmd_serve)
