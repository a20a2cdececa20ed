"""Filters shared by the views, display names, and the date condition the store uses."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from functools import lru_cache
from typing import Any
from urllib.parse import urlencode

from steppe.extract.gazetteer import load_gazetteer

DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"
ORDERS = ("date", "date_asc", "sources", "confidence")
STATUSES = ("occurred", "future", "hypothetical", "negated")
REVIEW_STATES = ("unreviewed", "confirmed", "corrected", "rejected")


def split_values(values: list[str] | str | None) -> list[str]:
    """Repeated parameters and comma-separated lists alike: ?category=a&category=b or ?category=a,b."""
    if values is None:
        return []
    if isinstance(values, str):
        values = [values]
    return [v.strip() for item in values for v in item.split(",") if v.strip()]


@dataclass
class EventFilters:
    """The filters of the event table, timeline, map and network (all optional)."""

    since: str | None = None
    until: str | None = None
    category: list[str] = field(default_factory=list)
    event_type: list[str] = field(default_factory=list)
    actor: list[str] = field(default_factory=list)
    recipient: list[str] = field(default_factory=list)
    participant: list[str] = field(default_factory=list)
    status: list[str] = field(default_factory=list)
    q: str | None = None
    min_sources: int | None = None
    include_rejected: bool = False

    def search_kwargs(self) -> dict[str, Any]:
        """Keyword arguments of steppe.store.queries.search_events."""
        return {"since": self.since, "until": self.until, "category": self.category or None,
                "event_type": self.event_type or None, "actor": self.actor or None,
                "recipient": self.recipient or None, "participant": self.participant or None,
                "status": self.status or None, "q": self.q or None, "min_sources": self.min_sources or None,
                "include_rejected": self.include_rejected}

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def query_pairs(self) -> list[tuple[str, str]]:
        """The filters as query parameters (for links between pages and to the API)."""
        pairs: list[tuple[str, str]] = []
        for key, value in asdict(self).items():
            if isinstance(value, list):
                pairs.extend((key, v) for v in value)
            elif value is True:
                pairs.append((key, "true"))
            elif value not in (None, False, ""):
                pairs.append((key, str(value)))
        return pairs

    def query_string(self, **extra: Any) -> str:
        pairs = self.query_pairs() + [(k, str(v)) for k, v in extra.items() if v is not None]
        return urlencode(pairs)


@lru_cache(maxsize=8192)
def display(code: str) -> str:
    """A code's readable name (cached: the gazetteer is fixed while a server runs)."""
    return load_gazetteer().display(code)


@lru_cache(maxsize=8192)
def is_state(code: str) -> bool:
    return code in load_gazetteer().states


def decorate_actors(row: dict[str, Any]) -> None:
    """Add each actor's readable name ('display') next to the name read in the text."""
    for role in ("actor", "recipient"):
        for a in row.get(role) or []:
            a["display"] = display(a["code"])


def date_condition(col: str, since: str | None, until: str | None) -> tuple[list[str], list[Any]]:
    """The same ISO-prefix comparison as the store's queries: '2025-10' is inside since 2025-10-07."""
    conds: list[str] = []
    params: list[Any] = []
    if since:
        conds.append(f"({col} IS NOT NULL AND {col} >= substr(?, 1, length({col})))")
        params.append(since)
    if until:
        conds.append(f"({col} IS NOT NULL AND substr({col}, 1, length(?)) <= ?)")
        params.extend([until, until])
    return conds, params


def plain(value: Any) -> Any:
    """A value as JSON has it (dates and timestamps as ISO text)."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value
