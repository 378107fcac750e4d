"""Writers for the formats analysts' tools take. ACLED conventions: ../shared/docs/acled.md."""
from __future__ import annotations

import csv
import io

from .model import Event, Extraction

ACLED_COLUMNS = ["event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
                 "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2",
                 "inter2", "interaction", "civilian_targeting", "iso", "region", "country", "admin1",
                 "admin2", "admin3", "location", "latitude", "longitude", "geo_precision", "source",
                 "source_scale", "notes", "fatalities", "tags", "timestamp"]

_TIME_PRECISION = {"day": 1, "week": 2, "month": 3, "year": 3}
_DISORDER = {"Battles": "Political violence", "Explosions/Remote violence": "Political violence",
             "Violence against civilians": "Political violence", "Riots": "Political violence",
             "Protests": "Demonstrations", "Strategic developments": "Strategic developments"}


def _actor(event: Event, role: str) -> str:
    return next((a.en or a.name for a in event.actors if a.role == role), "")


def acled_rows(extraction: Extraction) -> list[dict]:
    """One ACLED-style row per event that has an ACLED type (others have no ACLED equivalent)."""
    from babel import Locale
    names = Locale("en").territories
    rows = []
    for n, event in enumerate(extraction.events, 1):
        if not event.acled_event_type or not event.date:
            continue
        rows.append({
            "event_id_cnty": f"{event.country or 'XX'}-{extraction.id or 'doc'}-{n}",
            "event_date": event.date,
            "year": event.date[:4],
            "time_precision": _TIME_PRECISION.get(event.precision or "day", 3),
            "disorder_type": _DISORDER.get(event.acled_event_type, ""),
            "event_type": event.acled_event_type,
            "sub_event_type": event.acled_sub_event_type or "",
            "actor1": _actor(event, "source"),
            "actor2": _actor(event, "target"),
            "country": names.get(event.country or "", ""),
            "location": event.place or "",
            "latitude": "" if event.lat is None else f"{event.lat:.4f}",
            "longitude": "" if event.lon is None else f"{event.lon:.4f}",
            "geo_precision": 1 if event.geonameid and event.place_entity else 3,
            "source": event.source or "",
            "notes": event.summary,
            "fatalities": event.fatalities or 0,
        })
    return rows


def acled_csv(extractions: list[Extraction], header: bool = True) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=ACLED_COLUMNS, restval="", lineterminator="\n")
    if header:
        writer.writeheader()
    for extraction in extractions:
        writer.writerows(acled_rows(extraction))
    return out.getvalue()
