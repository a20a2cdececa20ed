"""/api/indicators, /api/articles, /api/briefs and /api/meta."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, HTTPException, Query
from starlette.responses import HTMLResponse, PlainTextResponse, Response

from steppe.store.reviews import CATEGORIES, EVENT_TYPES, FIELDS
from steppe.web.data.articles import article_detail, list_articles
from steppe.web.data.briefs import brief_json, brief_text, make_brief
from steppe.web.data.common import DATE_PATTERN, ORDERS, REVIEW_STATES, STATUSES
from steppe.web.data.indicators import board, indicator_detail
from steppe.web.db import Database
from steppe.web.deps import get_db
from steppe.web.models import ERRORS
from steppe.web.responses import FastJSON
from steppe.web.security import content_security_policy, style_hashes

router = APIRouter(tags=["indicators, articles and briefs"])
DB = Annotated[Database, Depends(get_db)]
Day = Annotated[str | None, Query(pattern=DATE_PATTERN, description="YYYY[-MM[-DD]]")]


def cached_board(db: Database, as_of: str | None = None) -> dict:
    def build() -> dict:
        with db.read() as store:
            return board(store, as_of)

    return db.cached(("board", as_of), build)


@router.get("/api/indicators", responses=ERRORS)
def get_indicators(db: DB, as_of: Day = None) -> Response:
    """The indicator board: each indicator's count in its current window, baseline, level, trend,
    counts per window (history) and strongest evidence, as of the latest event (or `as_of`). Twin of /."""
    return FastJSON(cached_board(db, as_of))


@router.get("/api/indicators/{indicator_id}", responses=ERRORS)
def get_indicator(db: DB, indicator_id: str, as_of: Day = None) -> Response:
    """One indicator: its history per window, every event of the current window and the levels that
    `steppe watch` runs recorded. Twin of /indicators/{indicator_id}."""
    with db.read() as store:
        out = indicator_detail(store, indicator_id, as_of)
    if out is None:
        raise HTTPException(404, f"no indicator {indicator_id!r}")
    return FastJSON(out)


@router.get("/api/articles", responses=ERRORS)
def get_articles(db: DB, q: Annotated[str | None, Query(max_length=200)] = None,
                 limit: Annotated[int, Query(ge=1, le=1000)] = 50,
                 offset: Annotated[int, Query(ge=0)] = 0) -> Response:
    """Articles, newest first; `q` searches title, publisher and text. Twin of /articles."""
    with db.read() as store:
        return FastJSON(list_articles(store, q=q, limit=limit, offset=offset))


@router.get("/api/articles/{article_id}", responses=ERRORS)
def get_article(db: DB, article_id: str) -> Response:
    """An article's text and sources, its events with their evidence offsets, and the text cut into
    segments, each with the events whose evidence covers it. Twin of /articles/{article_id}."""
    with db.read() as store:
        art = article_detail(store, article_id)
    if art is None:
        raise HTTPException(404, f"no article {article_id!r}")
    return FastJSON(art)


@router.get("/api/briefs", responses={**ERRORS, 200: {"content": {"application/json": {}, "text/html": {},
                                                                 "text/markdown": {}}}})
def get_brief(db: DB, since: Day = None, until: Day = None,
              format: Literal["json", "html", "md"] = "json") -> Response:
    """An intelligence brief built now from the stored, reviewed events, as data, HTML or Markdown.
    Twin of /brief."""
    with db.read() as store:
        brief = make_brief(store, since, until)
    if format == "json":
        return FastJSON(brief_json(brief))
    text = brief_text(brief, format)
    if format == "md":
        return PlainTextResponse(text, media_type="text/markdown; charset=utf-8")
    csp = content_security_policy(style_hashes(text))
    return HTMLResponse(text, headers={"content-security-policy": csp})


@router.get("/api/meta", responses=ERRORS)
def get_meta(db: DB) -> Response:
    """What the filters and reviews accept, and what the database holds."""
    with db.read() as store:
        counts = store.counts()
        counts["reviews"] = store.query("SELECT count(*) AS n FROM reviews")[0]["n"]
        span = store.query("SELECT min(date) AS first, max(date) AS last FROM clusters")[0]
    return FastJSON({"categories": list(CATEGORIES), "event_types": list(EVENT_TYPES), "statuses": list(STATUSES),
                     "review_fields": list(FIELDS), "review_states": list(REVIEW_STATES), "orders": list(ORDERS),
                     "counts": counts, "dates": span})
