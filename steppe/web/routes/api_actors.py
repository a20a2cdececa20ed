"""/api/actors and /api/network."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query
from starlette.responses import Response

from steppe.web.data.actors import actor_detail, list_actors, network
from steppe.web.data.common import EventFilters
from steppe.web.db import Database
from steppe.web.deps import event_filters, get_db
from steppe.web.models import ERRORS
from steppe.web.responses import FastJSON

router = APIRouter(tags=["actors"])
DB = Annotated[Database, Depends(get_db)]


@router.get("/api/actors", responses=ERRORS)
def get_actors(db: DB, q: Annotated[str | None, Query(max_length=100, description="in the code or name")] = None,
               limit: Annotated[int, Query(ge=1, le=5000)] = 100,
               offset: Annotated[int, Query(ge=0)] = 0) -> Response:
    """Actors by number of events, with how often each acts and is acted on. Twin of /actors."""
    with db.read() as store:
        return FastJSON(list_actors(store, q=q, limit=limit, offset=offset))


@router.get("/api/actors/{code}", responses=ERRORS)
def get_actor(db: DB, code: str) -> Response:
    """One actor: counts, categories, counterparts and latest events. Twin of /actors/{code}."""
    with db.read() as store:
        row = actor_detail(store, code)
    if row is None:
        raise HTTPException(404, f"no events name the actor {code!r}")
    return FastJSON(row)


@router.get("/api/network", responses=ERRORS)
def get_network(db: DB, filters: Annotated[EventFilters, Depends(event_filters)],
                min_weight: Annotated[int, Query(ge=1, le=10_000)] = 1,
                max_nodes: Annotated[int, Query(ge=2, le=500)] = 80) -> Response:
    """The actor network: 'on' links (actor to recipient) and 'with' links (acting together), weighted
    by events matching the filters (with an actor filter: its ego network). Twin of /network."""
    with db.read() as store:
        return FastJSON(network(store, filters, min_weight=min_weight, max_nodes=max_nodes))
