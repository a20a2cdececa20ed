"""Merged events for the web views: `steppe.store.queries.search_events` with the filters of an
`EventFilters`. (search_events picks the page of cluster ids first and then the best report of those
ids only, so a page costs the same on 100,000 events as on 300; `q` takes LIKE wildcards literally.)"""

from __future__ import annotations

from typing import Any

from steppe.store.queries import event_view, like_pattern, search_conditions, search_events
from steppe.store.store import Store
from steppe.web.data.common import EventFilters

__all__ = ["like_pattern", "search", "view", "where_clause"]


def where_clause(filters: EventFilters, include_undated: bool = True) -> tuple[str, list[Any]]:
    """Conditions on clusters `c` for the filters (values as parameters, never in the text)."""
    return search_conditions(**filters.search_kwargs(), include_undated=include_undated)


def search(store: Store, filters: EventFilters, limit: int | None = None, offset: int = 0, order: str = "date",
           include_undated: bool = True, count: bool = True) -> dict[str, Any]:
    """{"items", "total", "limit", "offset"}: search_events with these filters (count=False: no total
    is counted, it is the number of items)."""
    return search_events(store, **filters.search_kwargs(), include_undated=include_undated, limit=limit,
                         offset=offset, order=order, count=count)


def view(store: Store) -> list[dict[str, Any]]:
    """steppe.store.queries.event_view(store): every not rejected event, oldest first."""
    return event_view(store)
