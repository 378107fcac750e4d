"""REST API and the web dashboard (`rasd serve`).

Read-only by default. Writing (POST /api/articles) needs the token set in the configuration
(environment variable RASD_API_TOKEN, or `rasd serve --token-file FILE`), sent as
`Authorization: Bearer TOKEN`. Every asset the dashboard uses is served from the package, so
it works with no internet. OpenAPI: /docs and /openapi.json.
"""
from __future__ import annotations

import hmac
import io
from importlib import resources
from typing import Optional

from fastapi import Depends, FastAPI, Header, HTTPException, Query
from fastapi.responses import FileResponse, PlainTextResponse, Response
from pydantic import BaseModel

from . import __version__
from .errors import InputError
from .model import Extraction
from .store import EntitySummary, EventFilter, SearchHit, Store, StoredArticle, StoredEvent

WEB = resources.files("rasd") / "web"
MAX_PAGE = 500
COUNT_CAP = 10_000


class EventPage(BaseModel):
    total: int
    total_exact: bool  # False: more than `total` events match (counting stops at COUNT_CAP)
    limit: int
    offset: int
    items: list[StoredEvent]


class ArticleView(BaseModel):
    article: StoredArticle
    extraction: Optional[Extraction]


class NewArticle(BaseModel):
    text: str
    published: str
    id: Optional[str] = None


class IngestReply(BaseModel):
    status: str
    article_id: Optional[int]
    reason: Optional[str] = None


def _filters(date_from: Optional[str] = Query(None, description="ISO date; events overlapping the range"),
             date_to: Optional[str] = Query(None), country: Optional[str] = Query(None, description="ISO alpha-2"),
             place: Optional[str] = None,
             type: Optional[str] = Query(None, description="PLOVER type, or ACLED event or sub-event type"),
             actor: Optional[str] = None, entity: Optional[str] = None,
             min_killed: Optional[int] = Query(None, ge=0)) -> EventFilter:
    return EventFilter(date_from=date_from, date_to=date_to, country=country, place=place,
                       event_type=type, actor=actor, entity=entity, min_killed=min_killed)


def create_app(store: Store, token: Optional[str] = None, pipeline_factory=None) -> FastAPI:
    """The application over one store. `pipeline_factory` builds the extractor for POSTed articles."""
    app = FastAPI(title="rasd", version=__version__,
                  description="Events extracted from Arabic news: search, filter, export.")
    state: dict = {}

    def pipeline():
        if "pipeline" not in state:
            from .pipeline import Pipeline
            state["pipeline"] = (pipeline_factory or Pipeline)()
        return state["pipeline"]

    def require_token(authorization: Optional[str] = Header(None)) -> None:
        if not token:
            raise HTTPException(403, "read-only: no write token is configured")
        given = (authorization or "").removeprefix("Bearer ").strip()
        if not hmac.compare_digest(given.encode(), token.encode()):
            raise HTTPException(401, "a valid token is required to write")

    @app.get("/api/events", response_model=EventPage, tags=["events"])
    def list_events(filters: EventFilter = Depends(_filters), limit: int = Query(50, ge=1, le=MAX_PAGE),
                    offset: int = Query(0, ge=0)):
        """Events matching the filters, newest first, one page at a time."""
        total = store.count_events(filters, cap=COUNT_CAP)
        return EventPage(total=min(total, COUNT_CAP), total_exact=total <= COUNT_CAP, limit=limit,
                         offset=offset, items=store.events(filters, limit=limit, offset=offset))

    @app.get("/api/search", response_model=list[SearchHit], tags=["search"])
    def search(q: str = Query(..., min_length=1, description="Arabic or English words"),
               filters: EventFilter = Depends(_filters), limit: int = Query(20, ge=1, le=MAX_PAGE),
               offset: int = Query(0, ge=0)):
        """Articles containing every word (diacritics, letter variants and clitics ignored)."""
        return store.search(q, filters, limit=limit, offset=offset)

    @app.get("/api/articles", response_model=list[StoredArticle], tags=["articles"])
    def list_articles(status: Optional[str] = Query(None, pattern="^(ok|failed)$"),
                      limit: int = Query(50, ge=1, le=MAX_PAGE), offset: int = Query(0, ge=0)):
        """Stored articles, newest first; status=failed lists the ones that could not be read."""
        return store.articles(status=status, limit=limit, offset=offset)

    @app.get("/api/entities", response_model=list[EntitySummary], tags=["entities"])
    def list_entities(q: Optional[str] = Query(None, description="Arabic or English name"),
                      type: Optional[str] = Query(None, pattern="^(PER|ORG|LOC|per|org|loc)$"),
                      limit: int = Query(50, ge=1, le=MAX_PAGE), offset: int = Query(0, ge=0)):
        """People, organisations and places across all articles, most mentioned first."""
        return store.entities(q, type=type, limit=limit, offset=offset)

    @app.get("/api/articles/{article_id}", response_model=ArticleView, tags=["articles"])
    def article(article_id: int):
        """An article and everything extracted from it (text and offsets for highlighting)."""
        found = store.article(article_id)
        if found is None:
            raise HTTPException(404, "no such article")
        return ArticleView(article=found, extraction=store.extraction(article_id))

    @app.post("/api/articles", response_model=IngestReply, tags=["articles"],
              dependencies=[Depends(require_token)])
    def ingest(item: NewArticle):
        """Extract and store one article (needs the write token)."""
        try:
            result = store.ingest_article(item.text, item.published, pipeline(), external_id=item.id)
        except InputError as err:
            raise HTTPException(422, str(err)) from None
        return IngestReply(status=result.status, article_id=result.article_id, reason=result.reason)

    @app.get("/api/stats", tags=["stats"])
    def stats():
        """Counts of articles and events, and the failed articles with their reasons."""
        return store.status()

    @app.get("/api/export/{fmt}", tags=["exports"],
             responses={200: {"content": {"text/csv": {}, "application/json": {}}}})
    def export(fmt: str, filters: EventFilter = Depends(_filters)):
        """acled-csv, plover-json, geojson or jsonl of the events matching the filters."""
        from .cli_store import write_acled_csv, write_geojson, write_jsonl, write_plover
        writers = {"acled-csv": ("text/csv", write_acled_csv), "plover-json": ("application/json", write_plover),
                   "geojson": ("application/geo+json", write_geojson),
                   "jsonl": ("application/x-ndjson", write_jsonl)}
        if fmt not in writers:
            raise HTTPException(404, f"unknown format {fmt!r}: one of {', '.join(writers)}")
        media, write = writers[fmt]
        out = io.StringIO()
        write(store.export_items(filters), out)
        return Response(out.getvalue(), media_type=media,
                        headers={"Content-Disposition": f'attachment; filename="rasd-events.{fmt}"'})

    @app.get("/", include_in_schema=False)
    def dashboard():
        return FileResponse(str(WEB / "index.html"), media_type="text/html")

    @app.get("/static/{name}", include_in_schema=False)
    def static(name: str):
        allowed = {"app.js": "text/javascript", "style.css": "text/css",
                   "countries-110m.json": "application/json"}
        if name not in allowed:
            raise HTTPException(404)
        return FileResponse(str(WEB / name), media_type=allowed[name],
                            headers={"Cache-Control": "max-age=3600"})

    @app.get("/healthz", include_in_schema=False)
    def health():
        return PlainTextResponse("ok")

    return app
