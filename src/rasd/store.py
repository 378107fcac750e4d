"""The event store: articles, their extractions and a search index in SQLite or PostgreSQL.

One schema serves both databases (SQLAlchemy Core, every value a bound parameter). An article is
kept verbatim (`raw`) with the text its offsets point into; its extraction is kept whole (as the
JSON of `Extraction`, the record exports and re-rendering need) and in parts (entities, times,
figures, quotes, events, actors, claim sources) so that events can be filtered with indexes.
Articles are deduplicated by the SHA-256 of their raw bytes. Each article is written in one
transaction, so a killed writer loses at most the article it was writing.

The schema is versioned in `schema_version`: a new database is created at the current version;
an older one is upgraded by the steps in `MIGRATIONS`.
"""
from __future__ import annotations

import hashlib
import os
import re
from calendar import monthrange
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, fields
from functools import lru_cache
from datetime import date, datetime, timedelta, timezone
from typing import Literal, Optional

import sqlalchemy as sa
from pydantic import BaseModel, field_validator
from sqlalchemy.dialects.postgresql import JSONB, TSVECTOR
from sqlalchemy.engine import Connection, Engine

from . import __version__
from .errors import InputError, RasdError
from .model import Event, Extraction
from .text import normalize

DEFAULT_URL = "sqlite:///rasd.db"
SCHEMA_VERSION = 1

metadata = sa.MetaData()
_JSON = sa.JSON().with_variant(JSONB(), "postgresql")


def _span_columns() -> list[sa.Column]:
    return [sa.Column("span_start", sa.Integer, nullable=False),
            sa.Column("span_end", sa.Integer, nullable=False),
            sa.Column("text", sa.Text, nullable=False)]


def _part(name: str, *columns, indexes: Iterable[sa.Index] = ()) -> sa.Table:
    """A table of one kind of extracted item; `item_id` is its id inside the article (m1, v3...)."""
    return sa.Table(
        name, metadata,
        sa.Column("pk", sa.Integer, primary_key=True),
        sa.Column("article_id", sa.Integer, sa.ForeignKey("articles.id", ondelete="CASCADE"),
                  nullable=False, index=True),
        sa.Column("item_id", sa.String(32), nullable=False),
        *columns, *indexes)


schema_version = sa.Table(
    "schema_version", metadata,
    sa.Column("version", sa.Integer, primary_key=True),
    sa.Column("applied_at", sa.DateTime(timezone=True), nullable=False))

articles = sa.Table(
    "articles", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("external_id", sa.String(300), index=True),
    sa.Column("content_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("raw", sa.LargeBinary, nullable=False),
    sa.Column("text", sa.Text),
    sa.Column("title", sa.Text),
    sa.Column("published", sa.Date, index=True),
    sa.Column("source", sa.String(300)),
    sa.Column("url", sa.Text),
    sa.Column("path", sa.Text),
    sa.Column("status", sa.String(10), nullable=False, index=True),
    sa.Column("error", sa.Text),
    sa.Column("pipeline_version", sa.String(40), nullable=False, index=True),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("status IN ('ok', 'failed')", name="ck_articles_status"))

extractions = sa.Table(
    "extractions", metadata,
    sa.Column("article_id", sa.Integer, sa.ForeignKey("articles.id", ondelete="CASCADE"),
              primary_key=True),
    sa.Column("rasd_version", sa.String(40), nullable=False),
    sa.Column("record", sa.Text, nullable=False))

entities = _part(
    "entities",
    sa.Column("type", sa.String(3), nullable=False),
    sa.Column("entity", sa.String(32), nullable=False),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("name_norm", sa.Text, nullable=False, index=True),
    sa.Column("en", sa.Text),
    sa.Column("kb_id", sa.String(64), index=True),
    sa.Column("country", sa.String(2)),
    sa.Column("geonameid", sa.Integer),
    sa.Column("lat", sa.Float),
    sa.Column("lon", sa.Float),
    *_span_columns())

times = _part(
    "times",
    sa.Column("value", sa.String(10), nullable=False),
    sa.Column("precision", sa.String(5), nullable=False),
    *_span_columns())

figures = _part(
    "figures",
    sa.Column("category", sa.String(16), nullable=False, index=True),
    sa.Column("min", sa.Integer),
    sa.Column("max", sa.Integer),
    sa.Column("value", sa.Integer),
    sa.Column("event_item", sa.String(32)),
    sa.Column("source", sa.Text),
    sa.Column("quote_item", sa.String(32)),
    *_span_columns())

quotes = _part(
    "quotes",
    sa.Column("kind", sa.String(8), nullable=False),
    sa.Column("speaker", sa.Text),
    sa.Column("speaker_en", sa.Text),
    sa.Column("speaker_entity", sa.String(32)),
    sa.Column("chain", _JSON, nullable=False),
    sa.Column("cue", _JSON),
    *_span_columns())

events = _part(
    "events",
    sa.Column("type", sa.String(16), nullable=False),
    sa.Column("mode", sa.String(32)),
    sa.Column("acled_event_type", sa.String(64)),
    sa.Column("acled_sub_event_type", sa.String(64)),
    sa.Column("trigger", _JSON, nullable=False),
    sa.Column("date", sa.String(10)),
    sa.Column("precision", sa.String(5)),
    sa.Column("date_start", sa.Date, index=True),
    sa.Column("date_end", sa.Date, index=True),
    sa.Column("time_item", sa.String(32)),
    sa.Column("country", sa.String(2)),
    sa.Column("place", sa.Text),
    sa.Column("place_entity", sa.String(32)),
    sa.Column("geonameid", sa.Integer),
    sa.Column("lat", sa.Float),
    sa.Column("lon", sa.Float),
    sa.Column("actors", _JSON, nullable=False),
    sa.Column("figures", _JSON, nullable=False),
    sa.Column("fatalities", sa.Integer, index=True),
    sa.Column("source", sa.Text),
    sa.Column("quote_item", sa.String(32)),
    sa.Column("summary", sa.Text, nullable=False),
    # listing walks a (filter, date) index newest first; counting uses (country, type, date_end)
    indexes=[sa.Index("ix_events_country_date", "country", "date_start"),
             sa.Index("ix_events_type_date", "type", "date_start"),
             sa.Index("ix_events_acled_date", "acled_event_type", "date_start"),
             sa.Index("ix_events_acled_sub_date", "acled_sub_event_type", "date_start"),
             sa.Index("ix_events_country_type_end", "country", "type", "date_end")])
sa.Index("ix_events_place_lower", sa.func.lower(events.c.place))

actors = sa.Table(
    "actors", metadata,
    sa.Column("pk", sa.Integer, primary_key=True),
    sa.Column("event_pk", sa.Integer, sa.ForeignKey("events.pk", ondelete="CASCADE"),
              nullable=False, index=True),
    sa.Column("article_id", sa.Integer, sa.ForeignKey("articles.id", ondelete="CASCADE"),
              nullable=False, index=True),
    sa.Column("role", sa.String(6), nullable=False),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("name_norm", sa.Text, nullable=False, index=True),
    sa.Column("en", sa.Text),
    sa.Column("entity", sa.String(32)))

# Who a claim is attributed to: a quote's transmission chain and speaker, a figure's or an
# event's source. `position` orders a chain, outermost first.
sources = _part(
    "sources",
    sa.Column("kind", sa.String(6), nullable=False),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("name_norm", sa.Text, nullable=False, index=True))

PARTS = (entities, times, figures, quotes, sources, actors, events)  # deletion order

# The full-text index: SQLite FTS5 (rowid = article id) or a PostgreSQL tsvector table.
_pg_metadata = sa.MetaData()
pg_search = sa.Table(
    "article_search", _pg_metadata,
    sa.Column("article_id", sa.Integer, sa.ForeignKey(articles.c.id, ondelete="CASCADE"),
              primary_key=True),
    sa.Column("doc", TSVECTOR, nullable=False),
    sa.Index("ix_article_search_doc", "doc", postgresql_using="gin"))
_fts = sa.table("article_fts", sa.column("rowid"), sa.column("body"), sa.column("names"))


# ---------------------------------------------------------------------------------------------
# Normalisation for search: the pipeline's normal form, lower case, clitics stripped.

_WORD = re.compile(r"\w+")


def _strip_clitics(word: str) -> str:
    """و/ف, then ب/ك/ل (لل = ل + ال), then ال; a stem of at least two letters is kept."""
    if len(word) > 3 and word[0] in "وف":
        word = word[1:]
    if len(word) > 3 and word.startswith("لل"):
        word = word[2:]
    elif len(word) > 3 and word[0] in "بكل":
        word = word[1:]
    if len(word) > 3 and word.startswith("ال"):
        word = word[2:]
    return word


def search_terms(text: str) -> list[str]:
    """Index terms of a text or a query: both sides go through this, so they meet."""
    return [term for token in text.split() for term in _token_terms(token)]


@lru_cache(maxsize=200_000)
def _token_terms(token: str) -> tuple[str, ...]:
    """Per whitespace-separated token, cached: news vocabulary repeats, normalising does not
    create or remove whitespace, and this is most of the cost of indexing an article."""
    return tuple(_strip_clitics(w) for w in _WORD.findall(normalize(token).lower()))


def content_hash(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


# ---------------------------------------------------------------------------------------------
# What the store returns (pydantic, so an HTTP API can serve them as they are).

class StoredArticle(BaseModel):
    id: int
    external_id: Optional[str] = None
    content_hash: str
    published: Optional[date] = None
    title: Optional[str] = None
    source: Optional[str] = None
    url: Optional[str] = None
    path: Optional[str] = None
    status: Literal["ok", "failed"]
    error: Optional[str] = None
    pipeline_version: str
    created_at: datetime
    updated_at: datetime


    @field_validator("created_at", "updated_at")
    @classmethod
    def _utc(cls, value: datetime) -> datetime:
        """SQLite gives back naive datetimes; rasd writes UTC."""
        return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


class EntitySummary(BaseModel):
    """One entity across the store, with how often it is mentioned."""

    key: str
    type: str
    kb_id: Optional[str] = None
    en: Optional[str] = None
    name: str
    country: Optional[str] = None
    lat: Optional[float] = None
    lon: Optional[float] = None
    mentions: int
    articles: int


class SearchHit(StoredArticle):
    score: float


class StoredEvent(Event):
    """An event with the article it comes from."""

    article_id: int
    article: Optional[str] = None
    published: Optional[date] = None


@dataclass(frozen=True)
class EventFilter:
    """Which events to return. Dates are ISO strings; an event matches a date range when its
    period (a day, month or year, after its precision) overlaps it. `event_type` is a PLOVER
    type or an ACLED event or sub-event type; `actor` and `entity` match Arabic (normalised) or
    English names, `entity` also a knowledge-base id."""

    date_from: Optional[str] = None
    date_to: Optional[str] = None
    country: Optional[str] = None
    place: Optional[str] = None
    event_type: Optional[str] = None
    actor: Optional[str] = None
    entity: Optional[str] = None
    min_killed: Optional[int] = None

    def is_empty(self) -> bool:
        return all(getattr(self, f.name) is None for f in fields(self))


@dataclass
class IngestResult:
    status: Literal["new", "duplicate", "failed"]
    article_id: Optional[int]
    reason: Optional[str] = None


# ---------------------------------------------------------------------------------------------

def database_url(url: str | None = None) -> sa.URL:
    """`--db` value, else $RASD_DB, else ./rasd.db; a bare path means an SQLite file."""
    value = url or os.environ.get("RASD_DB") or DEFAULT_URL
    if "://" not in value:
        value = "sqlite:///" + value
    try:
        parsed = sa.make_url(value)
    except (sa.exc.ArgumentError, ValueError):  # ValueError: a port that is not a number
        raise RasdError(f"bad database URL {value!r}: expected sqlite:///FILE or "
                        "postgresql://USER:PASSWORD@HOST/DATABASE") from None
    backend = parsed.get_backend_name()
    if backend == "postgresql":
        if parsed.drivername == "postgresql":
            parsed = parsed.set(drivername="postgresql+psycopg")
        try:
            import psycopg  # noqa: F401
        except ImportError:
            raise RasdError("PostgreSQL needs psycopg: pip install 'rasd[postgres]'") from None
    elif backend != "sqlite":
        raise RasdError(f"unsupported database {backend!r}: rasd stores into sqlite or postgresql")
    return parsed


def _utcnow() -> datetime:
    return datetime.now(timezone.utc)


def _period(value: str | None, precision: str | None) -> tuple[date | None, date | None]:
    """First and last day of an event date YYYY-MM-DD / YYYY-MM / YYYY."""
    try:
        if value and len(value) == 10:
            start = date.fromisoformat(value)
            return start, start + timedelta(days=6 if precision == "week" else 0)
        if value and len(value) == 7:
            y, m = int(value[:4]), int(value[5:7])
            return date(y, m, 1), date(y, m, monthrange(y, m)[1])
        if value and len(value) == 4:
            return date(int(value), 1, 1), date(int(value), 12, 31)
    except ValueError:
        pass
    return None, None


def _one_line(err: Exception) -> str:
    text = str(getattr(err, "orig", None) or err).strip()
    return text.splitlines()[0] if text else type(err).__name__


class Store:
    """An opened, migrated event store. Thread-safe as far as its SQLAlchemy engine is."""

    def __init__(self, url: str | None = None) -> None:
        self.url = database_url(url)
        self.engine: Engine = sa.create_engine(self.url)
        self.dialect = self.engine.dialect.name
        if self.dialect == "sqlite":
            _configure_sqlite(self.engine)
        else:
            _configure_postgresql(self.engine)
        # Writes on SQLite take the write lock up front (BEGIN IMMEDIATE), so two writers wait
        # for each other instead of failing when a read transaction tries to become a write.
        self._writer = self.engine.execution_options(rasd_write=True)
        try:
            migrate(self._writer)
        except sa.exc.OperationalError as err:
            raise RasdError(f"cannot open database {self.display_url}: {_one_line(err)}") from None

    @property
    def display_url(self) -> str:
        return self.url.render_as_string(hide_password=True)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- writing ----------------------------------------------------------------------------

    def ingest_article(self, raw: bytes | str, published: str | date | None, pipeline, *,
                       external_id: str | None = None, title: str | None = None,
                       source: str | None = None, url: str | None = None, path: str | None = None,
                       error: str | None = None, extracted: tuple | None = None) -> IngestResult:
        """Extract and store one article in one transaction; idempotent by content hash.

        An article rasd cannot read (or `error`, a reason found by the caller, e.g. no date) is
        stored as failed with its reason. A failed article met again is retried in place.
        `extracted`, (extraction, reason), is the pipeline's result when the caller has it already
        (a batch through Pipeline.pipe); `pipeline` is then not run.
        """
        data = raw.encode("utf-8") if isinstance(raw, str) else raw
        digest = content_hash(data)
        if error:
            extraction, reason = None, error
        elif extracted is not None:
            extraction, reason = extracted
        else:
            known = self._stored(digest)
            if known is not None and known.status == "ok":  # skip extraction, the common rerun case
                return IngestResult("duplicate", known.id)
            extraction, reason = self._extract(pipeline, data, published, external_id)
        meta = {"external_id": external_id, "title": title, "source": source, "url": url,
                "path": path, "published": _as_date(published)}
        try:
            with self._writer.begin() as conn:
                row = conn.execute(sa.select(articles.c.id, articles.c.status)
                                   .where(articles.c.content_hash == digest)).first()
                if row is not None and row.status == "ok":
                    return IngestResult("duplicate", row.id)
                if row is None:
                    now = _utcnow()
                    article_id = conn.execute(articles.insert(), {
                        "content_hash": digest, "raw": data, "created_at": now, **meta,
                        **_result_columns(extraction, reason, now)}).inserted_primary_key[0]
                else:
                    article_id = row.id
                    conn.execute(articles.update().where(articles.c.id == article_id).values(
                        **meta, **_result_columns(extraction, reason, _utcnow())))
                if extraction is not None:
                    self._write_parts(conn, article_id, extraction)
        except sa.exc.IntegrityError:  # the same article, committed meanwhile by another writer
            return IngestResult("duplicate", self._id_by_hash(digest))
        return IngestResult("failed" if extraction is None else "new", article_id, reason)

    def _stored(self, digest: str):
        """(id, status) of the article with this content hash, or None."""
        with self.engine.connect() as conn:
            return conn.execute(sa.select(articles.c.id, articles.c.status)
                                .where(articles.c.content_hash == digest)).first()

    def stored_ok(self, raw: bytes | str) -> bool:
        """Whether these exact bytes are stored and extracted already (ingest would skip them)."""
        known = self._stored(content_hash(raw.encode("utf-8") if isinstance(raw, str) else raw))
        return known is not None and known.status == "ok"

    def reprocess(self, pipeline, progress: Callable[[Iterable[int]], Iterable[int]] = iter
                  ) -> dict[str, int]:
        """Re-extract the articles stored by another pipeline version; record the new version.

        Articles without a publication date (an undated file, a line that is not JSON) are left
        as they are: no pipeline can extract them, and their reason says why."""
        with self.engine.connect() as conn:
            ids = conn.execute(sa.select(articles.c.id)
                               .where(articles.c.pipeline_version != __version__,
                                      articles.c.published.is_not(None))
                               .order_by(articles.c.id)).scalars().all()
        counts = {"ok": 0, "failed": 0}
        for article_id in progress(ids):
            with self.engine.connect() as conn:
                row = conn.execute(sa.select(articles.c.raw, articles.c.published,
                                             articles.c.external_id)
                                   .where(articles.c.id == article_id)).one()
            extraction, reason = self._extract(pipeline, row.raw, row.published, row.external_id)
            with self._writer.begin() as conn:
                self._delete_parts(conn, article_id)
                conn.execute(articles.update().where(articles.c.id == article_id)
                             .values(**_result_columns(extraction, reason, _utcnow())))
                if extraction is not None:
                    self._write_parts(conn, article_id, extraction)
            counts["failed" if extraction is None else "ok"] += 1
        return counts

    @staticmethod
    def _extract(pipeline, data: bytes, published, external_id):
        if published is None:
            return None, "no publication date"
        try:
            return pipeline(data, published, id=external_id), None
        except InputError as err:
            return None, str(err)

    def _id_by_hash(self, digest: str) -> int | None:
        with self.engine.connect() as conn:
            return conn.execute(sa.select(articles.c.id)
                                .where(articles.c.content_hash == digest)).scalar()

    def _delete_parts(self, conn: Connection, article_id: int) -> None:
        for table in PARTS:
            conn.execute(table.delete().where(table.c.article_id == article_id))
        conn.execute(extractions.delete().where(extractions.c.article_id == article_id))
        if self.dialect == "sqlite":
            conn.execute(sa.text("DELETE FROM article_fts WHERE rowid = :id"), {"id": article_id})
        else:
            conn.execute(pg_search.delete().where(pg_search.c.article_id == article_id))

    def _write_parts(self, conn: Connection, article_id: int, ex: Extraction) -> None:
        aid = {"article_id": article_id}
        conn.execute(extractions.insert(), {"article_id": article_id,
                                            "rasd_version": ex.rasd_version,
                                            "record": ex.model_dump_json()})
        _insert(conn, entities, [{**aid, **_span(e), "item_id": e.id, "type": e.type,
                                  "entity": e.entity, "name": e.name,
                                  "name_norm": normalize(e.name), "en": e.en, "kb_id": e.kb_id,
                                  "country": e.country, "geonameid": e.geonameid, "lat": e.lat,
                                  "lon": e.lon} for e in ex.entities])
        _insert(conn, times, [{**aid, **_span(t), "item_id": t.id, "value": t.value,
                               "precision": t.precision} for t in ex.times])
        _insert(conn, figures, [{**aid, **_span(f), "item_id": f.id, "category": f.category,
                                 "min": f.min, "max": f.max, "value": f.value,
                                 "event_item": f.event, "source": f.source, "quote_item": f.quote}
                                for f in ex.figures])
        _insert(conn, quotes, [{**aid, **_span(q), "item_id": q.id, "kind": q.kind,
                                "speaker": q.speaker, "speaker_en": q.speaker_en,
                                "speaker_entity": q.speaker_entity, "chain": q.chain,
                                "cue": q.cue.model_dump() if q.cue else None} for q in ex.quotes])
        claims = [(q.id, "quote", [*q.chain, *([q.speaker] if q.speaker else [])])
                  for q in ex.quotes]
        claims += [(f.id, "figure", [f.source]) for f in ex.figures if f.source]
        claims += [(e.id, "event", [e.source]) for e in ex.events if e.source]
        _insert(conn, sources, [{**aid, "item_id": item, "kind": kind, "position": n,
                                 "name": name, "name_norm": normalize(name)}
                                for item, kind, chain in claims for n, name in enumerate(chain)])
        if ex.events:
            rows = []
            for e in ex.events:
                start, end = _period(e.date, e.precision)
                rows.append({
                    **aid, "item_id": e.id, "type": e.type, "mode": e.mode,
                    "acled_event_type": e.acled_event_type,
                    "acled_sub_event_type": e.acled_sub_event_type,
                    "trigger": e.trigger.model_dump(), "date": e.date, "precision": e.precision,
                    "date_start": start, "date_end": end, "time_item": e.time,
                    "country": e.country, "place": e.place, "place_entity": e.place_entity,
                    "geonameid": e.geonameid, "lat": e.lat, "lon": e.lon,
                    "actors": [a.model_dump() for a in e.actors], "figures": e.figures,
                    "fatalities": e.fatalities, "source": e.source, "quote_item": e.quote,
                    "summary": e.summary})
            pks = conn.execute(events.insert().returning(events.c.pk, sort_by_parameter_order=True),
                               rows).scalars().all()
            _insert(conn, actors, [{**aid, "event_pk": pk, "role": a.role, "name": a.name,
                                    "name_norm": normalize(a.name), "en": a.en,
                                    "entity": a.entity}
                                   for pk, e in zip(pks, ex.events) for a in e.actors])
        body = " ".join(search_terms(ex.text))
        names = " ".join(" ".join(search_terms(f"{e.name} {e.text} {e.en or ''}"))
                         for e in ex.entities)
        if self.dialect == "sqlite":
            conn.execute(sa.text("INSERT INTO article_fts (rowid, body, names) "
                                 "VALUES (:id, :body, :names)"),
                         {"id": article_id, "body": body, "names": names})
        else:
            conn.execute(pg_search.insert().values(
                article_id=article_id, doc=sa.func.to_tsvector("simple", body + " " + names)))

    # -- reading ----------------------------------------------------------------------------

    def status(self) -> dict:
        """Counts of articles by status and of events, and every failure with its reason."""
        with self.engine.connect() as conn:
            by_status = dict(conn.execute(sa.select(articles.c.status, sa.func.count())
                                          .group_by(articles.c.status)).all())
            n_events = conn.execute(sa.select(sa.func.count()).select_from(events)).scalar()
            failures = conn.execute(
                sa.select(articles.c.id, articles.c.external_id, articles.c.path,
                          articles.c.error)
                .where(articles.c.status == "failed").order_by(articles.c.id)).all()
        return {"articles": {"ok": by_status.get("ok", 0), "failed": by_status.get("failed", 0)},
                "events": n_events,
                "failures": [{"id": f.id, "external_id": f.external_id, "path": f.path,
                              "reason": f.error} for f in failures]}

    def article(self, article_id: int) -> StoredArticle | None:
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(*_ARTICLE_COLUMNS)
                               .where(articles.c.id == article_id)).first()
        return StoredArticle(**row._mapping) if row else None

    def articles(self, *, status: str | None = None, limit: int = 50, offset: int = 0) -> list[StoredArticle]:
        """Stored articles, newest publication first."""
        stmt = sa.select(*_ARTICLE_COLUMNS)
        if status:
            stmt = stmt.where(articles.c.status == status)
        stmt = stmt.order_by(articles.c.published.desc(), articles.c.id.desc()).limit(limit).offset(offset)
        with self.engine.connect() as conn:
            return [StoredArticle(**row._mapping) for row in conn.execute(stmt)]

    def entities(self, query: str | None = None, *, type: str | None = None, limit: int = 50,
                 offset: int = 0) -> list[EntitySummary]:
        """Entities across articles, most mentioned first: one row per knowledge-base id, or per
        English name and type for entities the knowledge base lacks. `query` matches Arabic
        (normalised) or English names."""
        key = sa.func.coalesce(entities.c.kb_id, entities.c.type + sa.literal(":") + sa.func.lower(
            sa.func.coalesce(entities.c.en, entities.c.name_norm)))
        stmt = sa.select(key.label("key"), sa.func.min(entities.c.type).label("type"),
                         sa.func.max(entities.c.kb_id).label("kb_id"), sa.func.max(entities.c.en).label("en"),
                         sa.func.max(entities.c.name).label("name"), sa.func.max(entities.c.country).label("country"),
                         sa.func.max(entities.c.lat).label("lat"), sa.func.max(entities.c.lon).label("lon"),
                         sa.func.count().label("mentions"),
                         sa.func.count(sa.distinct(entities.c.article_id)).label("articles"))
        if query:
            stmt = stmt.where(_name_matches(entities.c.name_norm, entities.c.en, query))
        if type:
            stmt = stmt.where(entities.c.type == type.upper())
        stmt = stmt.group_by(key).order_by(sa.desc("mentions"), key).limit(limit).offset(offset)
        with self.engine.connect() as conn:
            return [EntitySummary(**row._mapping) for row in conn.execute(stmt)]

    def raw(self, article_id: int) -> bytes | None:
        """The article exactly as it was ingested."""
        with self.engine.connect() as conn:
            return conn.execute(sa.select(articles.c.raw)
                                .where(articles.c.id == article_id)).scalar()

    def extraction(self, article_id: int) -> Extraction | None:
        with self.engine.connect() as conn:
            record = conn.execute(sa.select(extractions.c.record)
                                  .where(extractions.c.article_id == article_id)).scalar()
        return Extraction.model_validate_json(record) if record else None

    def events(self, filters: EventFilter | None = None, *, limit: int | None = 100,
               offset: int = 0, **criteria) -> list[StoredEvent]:
        """Events matching `filters` (or the same fields as keywords), newest first."""
        where = _event_conditions(_filter(filters, criteria))
        stmt = (sa.select(events, articles.c.external_id, articles.c.published)
                .join(articles, articles.c.id == events.c.article_id).where(*where)
                .order_by(events.c.date_start.desc(), events.c.pk.desc())
                .limit(limit).offset(offset))
        with self.engine.connect() as conn:
            return [_stored_event(row) for row in conn.execute(stmt)]

    def count_events(self, filters: EventFilter | None = None, *, cap: int | None = None, **criteria) -> int:
        """How many events match; with `cap`, counting stops after cap + 1 (an API page needs no more)."""
        where = _event_conditions(_filter(filters, criteria))
        matching = sa.select(sa.literal(1)).select_from(events).where(*where)
        if cap is not None:
            matching = matching.limit(cap + 1)
        with self.engine.connect() as conn:
            return conn.execute(sa.select(sa.func.count()).select_from(matching.subquery())).scalar()

    def optimize(self) -> None:
        """Refresh the query planner's statistics after a batch, so listings pick the right index."""
        with self.engine.begin() as conn:
            if self.dialect == "sqlite":
                conn.exec_driver_sql("PRAGMA analysis_limit=1000")
            conn.exec_driver_sql("ANALYZE")

    def search(self, query: str, filters: EventFilter | None = None, *, limit: int = 20,
               offset: int = 0, **criteria) -> list[SearchHit]:
        """Articles whose text or entity names (Arabic or English) contain every word of `query`,
        best first. Diacritics, tatweel, letter variants and clitics (و ف ب ل ك ال) are ignored.
        With filters, only articles having a matching event are returned."""
        terms = search_terms(query)
        if not terms:
            return []
        if self.dialect == "sqlite":
            match = " ".join('"' + t.replace('"', '""') + '"' for t in terms)
            score = -sa.func.bm25(sa.literal_column("article_fts"))
            stmt = (sa.select(*_ARTICLE_COLUMNS, score.label("score"))
                    .select_from(_fts.join(articles, articles.c.id == _fts.c.rowid))
                    .where(sa.text("article_fts MATCH :match").bindparams(match=match)))
        else:
            tsquery = sa.func.plainto_tsquery("simple", " ".join(terms))
            score = sa.func.ts_rank(pg_search.c.doc, tsquery)
            stmt = (sa.select(*_ARTICLE_COLUMNS, score.label("score"))
                    .select_from(pg_search.join(articles, articles.c.id == pg_search.c.article_id))
                    .where(pg_search.c.doc.op("@@")(tsquery)))
        flt = _filter(filters, criteria)
        if not flt.is_empty():
            stmt = stmt.where(sa.exists().where(events.c.article_id == articles.c.id,
                                                *_event_conditions(flt)))
        stmt = stmt.order_by(sa.desc("score"), articles.c.id).limit(limit).offset(offset)
        with self.engine.connect() as conn:
            return [SearchHit(**row._mapping) for row in conn.execute(stmt)]

    def export_items(self, filters: EventFilter | None = None, batch: int = 200
                     ) -> Iterator[tuple[StoredArticle, Extraction, set[str]]]:
        """(article, extraction, ids of its matching events) for each article with a matching
        event (every extracted article when there is no filter), in article order."""
        flt = filters or EventFilter()
        stmt = sa.select(articles.c.id).where(articles.c.status == "ok").order_by(articles.c.id)
        if not flt.is_empty():
            stmt = stmt.where(sa.exists().where(events.c.article_id == articles.c.id,
                                                *_event_conditions(flt)))
        with self.engine.connect() as conn:
            ids = conn.execute(stmt).scalars().all()
        for i in range(0, len(ids), batch):
            chunk = ids[i:i + batch]
            with self.engine.connect() as conn:
                rows = conn.execute(sa.select(*_ARTICLE_COLUMNS, extractions.c.record)
                                    .join(extractions, extractions.c.article_id == articles.c.id)
                                    .where(articles.c.id.in_(chunk)).order_by(articles.c.id)).all()
                matching: dict[int, set[str]] = {}
                for aid, item in conn.execute(
                        sa.select(events.c.article_id, events.c.item_id)
                        .where(events.c.article_id.in_(chunk), *_event_conditions(flt))):
                    matching.setdefault(aid, set()).add(item)
            for row in rows:
                values = dict(row._mapping)
                record = values.pop("record")
                yield (StoredArticle(**values), Extraction.model_validate_json(record),
                       matching.get(row.id, set()))


_ARTICLE_COLUMNS = [articles.c[f] for f in StoredArticle.model_fields]


def _as_date(value) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def _result_columns(extraction: Extraction | None, reason: str | None, now: datetime) -> dict:
    """The article columns that come from extracting it (or failing to)."""
    if extraction is None:
        return {"status": "failed", "error": reason, "text": None, "updated_at": now,
                "pipeline_version": __version__}
    return {"status": "ok", "error": None, "text": extraction.text, "updated_at": now,
            "pipeline_version": extraction.rasd_version}


def _span(m) -> dict:
    return {"span_start": m.start, "span_end": m.end, "text": m.text}


def _insert(conn: Connection, table: sa.Table, rows: list[dict]) -> None:
    if rows:
        conn.execute(table.insert(), rows)


def _filter(filters: EventFilter | None, criteria: dict) -> EventFilter:
    if filters is not None and criteria:
        raise TypeError("pass filters or keyword criteria, not both")
    return filters or EventFilter(**criteria)


def _event_conditions(f: EventFilter) -> list:
    """WHERE conditions on `events` for a filter (all bound parameters)."""
    cond = []
    if f.date_from:
        cond.append(events.c.date_end >= _iso(f.date_from, "date_from"))
    if f.date_to:
        cond.append(events.c.date_start <= _iso(f.date_to, "date_to"))
    if f.country:
        cond.append(events.c.country == f.country.upper())
    if f.place:
        cond.append(sa.func.lower(events.c.place) == f.place.lower())
    if f.event_type:
        column, value = _event_type_condition(f.event_type)
        cond.append(column == value)
    if f.min_killed is not None:
        cond.append(events.c.fatalities >= f.min_killed)
    if f.actor:
        cond.append(sa.exists().where(actors.c.event_pk == events.c.pk,
                                      _name_matches(actors.c.name_norm, actors.c.en, f.actor))
                    .correlate_except(actors))
    if f.entity:
        referenced = sa.or_(
            entities.c.entity == events.c.place_entity,
            sa.exists().where(actors.c.event_pk == events.c.pk,
                              actors.c.entity == entities.c.entity).correlate_except(actors))
        cond.append(sa.exists().where(
            entities.c.article_id == events.c.article_id,
            sa.or_(entities.c.kb_id == f.entity,
                   _name_matches(entities.c.name_norm, entities.c.en, f.entity)),
            referenced).correlate_except(entities))
    return cond


_PLOVER_TYPES = frozenset("AGREE CONSULT SUPPORT CONCEDE COOPERATE AID RETREAT REQUEST ACCUSE REJECT THREATEN "
                          "PROTEST SANCTION MOBILIZE COERCE ASSAULT OTHER".split())
_ACLED_TYPES = ("Battles", "Explosions/Remote violence", "Violence against civilians", "Protests", "Riots",
                "Strategic developments")
_ACLED_SUB_TYPES = (
    "Armed clash", "Government regains territory", "Non-state actor overtakes territory", "Chemical weapon",
    "Air/drone strike", "Suicide bomb", "Shelling/artillery/missile attack", "Remote explosive/landmine/IED",
    "Grenade", "Sexual violence", "Attack", "Abduction/forced disappearance", "Peaceful protest",
    "Protest with intervention", "Excessive force against protesters", "Violent demonstration", "Mob violence",
    "Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use", "Headquarters or base established",
    "Looting/property destruction", "Non-violent transfer of territory", "Other")


def _event_type_condition(value: str):
    """The one indexed column a type name refers to: PLOVER type, ACLED event type or sub-type."""
    if value.upper() in _PLOVER_TYPES:
        return events.c.type, value.upper()
    for names, column in ((_ACLED_TYPES, events.c.acled_event_type),
                          (_ACLED_SUB_TYPES, events.c.acled_sub_event_type)):
        for name in names:
            if name.lower() == value.strip().lower():
                return column, name
    raise RasdError(f"unknown event type {value!r}: a PLOVER type (ASSAULT, PROTEST, ...) or an "
                    "ACLED event or sub-event type (Battles, Riots, Arrests, ...)")


def _name_matches(norm_col, en_col, value: str):
    return sa.or_(norm_col.contains(normalize(value), autoescape=True),
                  sa.func.lower(en_col).contains(value.lower(), autoescape=True))


def _iso(value: str, name: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise RasdError(f"bad {name} {value!r}: expected YYYY-MM-DD") from None


def _stored_event(row) -> StoredEvent:
    m = row._mapping
    return StoredEvent(
        id=m["item_id"], type=m["type"], mode=m["mode"], acled_event_type=m["acled_event_type"],
        acled_sub_event_type=m["acled_sub_event_type"], trigger=m["trigger"], date=m["date"],
        precision=m["precision"], time=m["time_item"], country=m["country"], place=m["place"],
        place_entity=m["place_entity"], geonameid=m["geonameid"], lat=m["lat"], lon=m["lon"],
        actors=m["actors"], figures=m["figures"], fatalities=m["fatalities"], source=m["source"],
        quote=m["quote_item"], summary=m["summary"], article_id=m["article_id"],
        article=m["external_id"], published=m["published"])


# ---------------------------------------------------------------------------------------------
# Connection set-up and schema migrations.

def _configure_sqlite(engine: Engine) -> None:
    """WAL (readers never block the writer; a killed writer loses only its open transaction),
    foreign keys, a busy timeout, and transactions that rasd begins itself: pysqlite's implicit
    BEGIN does not cover DDL, which would make migrations non-atomic."""

    @sa.event.listens_for(engine, "connect")
    def _connect(dbapi_conn, _record):
        dbapi_conn.isolation_level = None
        cursor = dbapi_conn.cursor()
        for pragma in ("journal_mode=WAL", "synchronous=NORMAL", "foreign_keys=ON",
                       "busy_timeout=60000"):
            cursor.execute(f"PRAGMA {pragma}")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _begin(conn):
        write = conn.get_execution_options().get("rasd_write")
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


# version → the step that upgrades a database from version-1 to it. Add one with each change to
# the tables above (and bump SCHEMA_VERSION); new databases are created directly at the latest.
MIGRATIONS: dict[int, Callable[[Connection], None]] = {}


def migrate(engine: Engine) -> None:
    """Create the schema, or upgrade it, in one transaction that holds the write lock."""
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(sa.select(sa.func.pg_advisory_xact_lock(0x72617364)))
        if not sa.inspect(conn).has_table("schema_version"):
            metadata.create_all(conn)
            _create_search_index(conn)
            conn.execute(schema_version.insert().values(version=SCHEMA_VERSION,
                                                        applied_at=_utcnow()))
        current = conn.execute(sa.select(sa.func.max(schema_version.c.version))).scalar()
        if current > SCHEMA_VERSION:
            raise RasdError(f"the database schema (version {current}) is newer than this rasd "
                            f"(version {SCHEMA_VERSION}): upgrade rasd")
        for version in range(current + 1, SCHEMA_VERSION + 1):
            MIGRATIONS[version](conn)
            conn.execute(schema_version.insert().values(version=version, applied_at=_utcnow()))


def _create_search_index(conn: Connection) -> None:
    if conn.dialect.name == "sqlite":
        try:
            conn.exec_driver_sql("CREATE VIRTUAL TABLE article_fts USING fts5(body, names, "
                                 "tokenize = 'unicode61 remove_diacritics 0')")
        except sa.exc.OperationalError as err:
            raise RasdError(f"this SQLite has no FTS5 full-text search: {_one_line(err)}") from None
    else:
        _pg_metadata.create_all(conn)


def _configure_postgresql(engine: Engine) -> None:
    """Commits do not wait for the disk flush: a killed client loses nothing it committed, and a
    server crash may lose the last few articles, which a rerun re-ingests (ingest is idempotent)."""
    @sa.event.listens_for(engine, "connect")
    def _connect(dbapi_conn, _record):
        with dbapi_conn.cursor() as cur:
            cur.execute("SET synchronous_commit TO OFF")
        dbapi_conn.commit()
