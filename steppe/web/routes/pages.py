"""The pages: server-rendered (Jinja2, autoescaped), each with a JSON twin under /api."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, HTTPException, Request
from starlette.responses import Response

from steppe.store.reviews import CATEGORIES, EVENT_TYPES, FIELDS
from steppe.web.data.actors import actor_detail, list_actors
from steppe.web.data.articles import article_detail, list_articles
from steppe.web.data.common import ORDERS, STATUSES
from steppe.web.data.events import event_detail, list_events
from steppe.web.data.indicators import indicator_detail
from steppe.web.db import Database
from steppe.web.deps import get_db, page_filters
from steppe.web.routes.api_reports import cached_board

router = APIRouter(include_in_schema=False)
DB = Annotated[Database, Depends(get_db)]
PAGE = 50


def render(request: Request, name: str, nav: str, api_url: str | None, **context: Any) -> Response:
    return request.app.state.templates.TemplateResponse(request, name, {"nav": nav, "api_url": api_url, **context})


def _int(request: Request, key: str, default: int, top: int) -> int:
    raw = request.query_params.get(key, "")
    if not raw:
        return default
    if not raw.isdigit() or int(raw) > top:
        raise HTTPException(422, f"{key}: give a whole number up to {top}")
    return int(raw)


@router.get("/")
def board_page(request: Request, db: DB) -> Response:
    return render(request, "board.html", "board", "/api/indicators", board=cached_board(db))


@router.get("/indicators/{indicator_id}")
def indicator_page(request: Request, db: DB, indicator_id: str) -> Response:
    with db.read() as store:
        ind = indicator_detail(store, indicator_id)
    if ind is None:
        raise HTTPException(404, f"no indicator {indicator_id!r}")
    return render(request, "indicator.html", "board", f"/api/indicators/{indicator_id}", ind=ind)


@router.get("/events")
def events_page(request: Request, db: DB) -> Response:
    filters = page_filters(request.query_params)
    order = request.query_params.get("order") or "date"
    if order not in ORDERS:
        raise HTTPException(422, f"order: one of {', '.join(ORDERS)}")
    offset = _int(request, "offset", 0, 10_000_000)
    with db.read() as store:
        page = list_events(store, filters, limit=PAGE, offset=offset, order=order, marks=True)
    query = filters.query_string(order=order if order != "date" else None)
    return render(request, "events.html", "events", "/api/events?" + filters.query_string(
        order=order, offset=offset or None), page=page, filters=filters, order=order, query=query,
        categories=CATEGORIES, event_types=EVENT_TYPES, statuses=STATUSES, orders=ORDERS)


@router.get("/events/{event_id}")
def event_page(request: Request, db: DB, event_id: str) -> Response:
    with db.read() as store:
        event = event_detail(store, event_id)
    if event is None:
        raise HTTPException(404, f"no event {event_id!r}")
    return render(request, "event.html", "events", f"/api/events/{event_id}", event=event,
                  categories=CATEGORIES, event_types=EVENT_TYPES, statuses=STATUSES, fields=FIELDS)


def _js_page(request: Request, name: str, nav: str, api: str) -> Response:
    filters = page_filters(request.query_params)
    qs = filters.query_string()
    return render(request, name, nav, api + ("?" + qs if qs else ""), filters=filters,
                  categories=CATEGORIES, event_types=EVENT_TYPES, statuses=STATUSES)


@router.get("/timeline")
def timeline_page(request: Request) -> Response:
    return _js_page(request, "timeline.html", "timeline", "/api/timeline")


@router.get("/network")
def network_page(request: Request) -> Response:
    return _js_page(request, "network.html", "network", "/api/network")


@router.get("/map")
def map_page(request: Request) -> Response:
    return _js_page(request, "map.html", "map", "/api/map")


@router.get("/articles")
def articles_page(request: Request, db: DB) -> Response:
    q = (request.query_params.get("q") or "").strip()[:200] or None
    offset = _int(request, "offset", 0, 10_000_000)
    with db.read() as store:
        page = list_articles(store, q=q, limit=PAGE, offset=offset)
    query = urlencode({"q": q} if q else {})
    return render(request, "articles.html", "articles", "/api/articles" + ("?" + query if query else ""),
                  page=page, q=q, query=query)


@router.get("/articles/{article_id}")
def article_page(request: Request, db: DB, article_id: str) -> Response:
    with db.read() as store:
        art = article_detail(store, article_id)
    if art is None:
        raise HTTPException(404, f"no article {article_id!r}")
    return render(request, "article.html", "articles", f"/api/articles/{article_id}", art=art,
                  focus=request.query_params.get("event"))


@router.get("/actors")
def actors_page(request: Request, db: DB) -> Response:
    q = (request.query_params.get("q") or "").strip()[:100] or None
    with db.read() as store:
        page = list_actors(store, q=q, limit=500)
    return render(request, "actors.html", "actors", "/api/actors" + ("?" + urlencode({"q": q}) if q else ""),
                  page=page, q=q)


@router.get("/actors/{code}")
def actor_page(request: Request, db: DB, code: str) -> Response:
    with db.read() as store:
        actor = actor_detail(store, code)
    if actor is None:
        raise HTTPException(404, f"no events name the actor {code!r}")
    return render(request, "actor.html", "actors", f"/api/actors/{actor['code']}", actor=actor)


@router.get("/brief")
def brief_page(request: Request) -> Response:
    filters = page_filters(request.query_params)
    query = urlencode({k: v for k, v in (("since", filters.since), ("until", filters.until)) if v})
    return render(request, "brief.html", "brief", "/api/briefs" + ("?" + query if query else ""),
                  filters=filters, query=query)
