"""Dependencies shared by the routes: the database, and the event filters from query parameters."""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import HTTPException, Query, Request
from starlette.datastructures import QueryParams

from steppe.web.data.common import DATE_PATTERN, EventFilters, split_values
from steppe.web.db import Database

Codes = Annotated[list[str] | None, Query(description="any of these (repeat the parameter or separate by commas)")]


def get_db(request: Request) -> Database:
    return request.app.state.db


def event_filters(
        since: Annotated[str | None, Query(pattern=DATE_PATTERN, description="first date, YYYY[-MM[-DD]]")] = None,
        until: Annotated[str | None, Query(pattern=DATE_PATTERN, description="last date, YYYY[-MM[-DD]]")] = None,
        category: Codes = None, event_type: Codes = None, actor: Codes = None, recipient: Codes = None,
        participant: Codes = None, status: Codes = None,
        q: Annotated[str | None, Query(max_length=200, description="text in the evidence of any report")] = None,
        min_sources: Annotated[int | None, Query(ge=0, le=100000, description="at least this many outlets")] = None,
        include_rejected: Annotated[bool, Query(description="also events an analyst rejected")] = False,
) -> EventFilters:
    return EventFilters(since=since, until=until, category=split_values(category),
                        event_type=split_values(event_type), actor=split_values(actor),
                        recipient=split_values(recipient), participant=split_values(participant),
                        status=split_values(status), q=q or None, min_sources=min_sources,
                        include_rejected=include_rejected)


def page_filters(params: QueryParams) -> EventFilters:
    """The same filters from a page's form, where empty fields come as empty strings."""
    def one(key: str) -> str | None:
        value = (params.get(key) or "").strip()
        return value or None

    for key in ("since", "until"):
        if one(key) and not re.match(DATE_PATTERN, one(key) or ""):
            raise HTTPException(422, f"{key}: give a date as YYYY, YYYY-MM or YYYY-MM-DD")
    min_sources = one("min_sources")
    if min_sources is not None and not min_sources.isdigit():
        raise HTTPException(422, "min_sources: give a whole number")
    q = one("q")
    if q and len(q) > 200:
        raise HTTPException(422, "q: at most 200 characters")
    return EventFilters(since=one("since"), until=one("until"),
                        category=split_values(params.getlist("category")),
                        event_type=split_values(params.getlist("event_type")),
                        actor=split_values(params.getlist("actor")),
                        recipient=split_values(params.getlist("recipient")),
                        participant=split_values(params.getlist("participant")),
                        status=split_values(params.getlist("status")), q=q,
                        min_sources=int(min_sources) if min_sources else None,
                        include_rejected=one("include_rejected") in ("true", "on", "1"))
