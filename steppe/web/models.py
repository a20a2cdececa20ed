"""Request and response shapes, for validation of requests and for the OpenAPI document."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class ActorRef(BaseModel):
    code: str
    name: str | None = None
    sector: str | None = None
    display: str | None = Field(None, description="readable name from the gazetteer")


class EventItem(BaseModel):
    """A merged event (reports of one real-world event from all articles)."""

    model_config = ConfigDict(extra="allow")
    cluster_id: str = Field(description="the event id")
    category: str
    event_type: str | None = None
    status: str
    date: str | None = None
    location: str | None = None
    n_reports: int | None = None
    n_articles: int | None = None
    n_sources: int | None = None
    confidence: float | None = None
    review: str | None = Field(None, description="unreviewed | confirmed | corrected | rejected")
    evidence: str | None = Field(None, description="the best report's verbatim sentence")
    article_id: str | None = None
    article_title: str | None = None
    article_url: str | None = None
    actor: list[ActorRef] = []
    recipient: list[ActorRef] = []
    url: str | None = Field(None, description="the event's page")
    reader_url: str | None = Field(None, description="the article reader at this evidence")


class EventPage(BaseModel):
    items: list[EventItem]
    total: int = Field(description="events matching the filters, before paging")
    limit: int
    offset: int
    order: str
    next_offset: int | None = None
    filters: dict[str, Any]


class EventDetail(EventItem):
    reports: list[dict[str, Any]] = Field(description="every report with its evidence, article and sources")
    reviews: list[dict[str, Any]] = Field(description="the review history, oldest first")


class ReviewIn(BaseModel):
    """confirm, reject, or correct one field (category, event_type, actor, recipient, date, status, location)."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"action": "correct", "field": "category", "value": "exercise", "reviewer": "analyst1",
         "note": "a joint drill, not a meeting"},
        {"action": "correct", "field": "actor", "value": ["TUR", "AZE"], "reviewer": "analyst1"},
        {"action": "confirm", "reviewer": "analyst1"}]})
    action: Literal["confirm", "reject", "correct"]
    field: str | None = Field(None, max_length=40)
    value: str | list[str] | None = None
    reviewer: str | None = Field(None, max_length=100, description="else the X-Steppe-Reviewer header")
    note: str | None = Field(None, max_length=2000)


class ReviewOut(BaseModel):
    model_config = ConfigDict(extra="allow")
    review_id: str
    cluster_id: str
    action: str
    field: str | None = None
    value: Any = None
    reviewer: str | None = None
    note: str | None = None
    created_at: str


class ErrorDetail(BaseModel):
    status: int
    message: str
    details: Any = None


class ErrorBody(BaseModel):
    error: ErrorDetail


ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorBody, "description": text}
    for code, text in ((400, "invalid value"), (401, "token required"), (404, "not found"),
                       (422, "invalid parameters"))}
