"""/api/events: the filtered list, one event with its evidence, its reviews; the timeline and the map."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Header, HTTPException, Query
from starlette.responses import Response

from steppe.store.reviews import add_review, reviews_for
from steppe.web.data.common import EventFilters, split_values
from steppe.web.data.events import event_detail, list_events, timeline, world_map
from steppe.web.db import Database
from steppe.web.deps import event_filters, get_db
from steppe.web.models import ERRORS, EventDetail, EventPage, ReviewIn, ReviewOut
from steppe.web.responses import FastJSON

router = APIRouter(tags=["events"])
DB = Annotated[Database, Depends(get_db)]
Filters = Annotated[EventFilters, Depends(event_filters)]


@router.get("/api/events", response_model=EventPage, responses=ERRORS)
def get_events(db: DB, filters: Filters,
               limit: Annotated[int, Query(ge=1, le=1000)] = 50,
               offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
               order: Literal["date", "date_asc", "sources", "confidence"] = "date") -> Response:
    """Merged events matching every filter (lists mean "any of"), newest first by default; the order
    is stable (ties broken by event id), so `offset` pages never overlap. Twin of the page /events."""
    with db.read() as store:
        return FastJSON(list_events(store, filters, limit=limit, offset=offset, order=order))


@router.get("/api/events/{event_id}", response_model=EventDetail, responses=ERRORS)
def get_event(db: DB, event_id: str) -> Response:
    """One merged event with every report: its verbatim evidence, article and all the sources that
    carried it; the review history. Twin of the page /events/{event_id}."""
    with db.read() as store:
        event = event_detail(store, event_id)
    if event is None:
        raise HTTPException(404, f"no event {event_id!r}")
    return FastJSON(event)


@router.get("/api/events/{event_id}/reviews", response_model=list[ReviewOut], responses=ERRORS)
def get_reviews(db: DB, event_id: str) -> Response:
    """The reviews of an event, oldest first (the latest review of a field is in force)."""
    with db.read() as store:
        if not store.query("SELECT 1 AS x FROM clusters WHERE cluster_id = ?", [event_id]):
            raise HTTPException(404, f"no event {event_id!r}")
        return FastJSON(reviews_for(store, [event_id]).get(event_id, []))


@router.post("/api/events/{event_id}/reviews", status_code=201, response_model=ReviewOut, responses=ERRORS)
def post_review(db: DB, event_id: str, body: ReviewIn,
                x_steppe_reviewer: Annotated[str | None, Header(max_length=100)] = None) -> Response:
    """Confirm, reject or correct an event. The review is stored with who and when, applied to the
    merged event at once (watch, brief and exports read the corrected event) and re-applied after
    every re-ingest. For `actor` and `recipient` the value is a list of codes (or "A,B")."""
    reviewer = (body.reviewer or x_steppe_reviewer or "").strip()
    if not reviewer:
        raise HTTPException(422, "reviewer: give your name in the field `reviewer` or the header X-Steppe-Reviewer")
    if db.read_only:
        raise HTTPException(503, "the database is open read-only")
    value = body.value
    if body.field in ("actor", "recipient") and isinstance(value, str):
        value = split_values(value)
    elif value == "":
        value = None
    with db.write() as store:
        if not store.query("SELECT 1 AS x FROM clusters WHERE cluster_id = ?", [event_id]):
            raise HTTPException(404, f"no event {event_id!r}")
        review = add_review(store, event_id, body.action, body.field, value, reviewer, body.note)
    return FastJSON(review, status_code=201)


@router.get("/api/timeline", responses=ERRORS)
def get_timeline(db: DB, filters: Filters, limit: Annotated[int, Query(ge=1, le=50_000)] = 5000) -> Response:
    """Dated events, oldest first, with their category (at most `limit`). Twin of the page /timeline."""
    with db.read() as store:
        return FastJSON(timeline(store, filters, limit=limit))


@router.get("/api/map", responses=ERRORS)
def get_map(db: DB, filters: Filters, limit: Annotated[int, Query(ge=1, le=100_000)] = 20_000) -> Response:
    """Events by country: the country of the location, else of the first state actor (ISO alpha-3 and
    numeric codes; the map places each at its country's centroid). Twin of the page /map."""
    with db.read() as store:
        return FastJSON(world_map(store, filters, limit=limit))
