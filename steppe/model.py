"""The data passed between stages: Document → Article → Event (see ../shared/spec/EVENTS.md)."""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any

STATUSES = ("occurred", "future", "hypothetical", "negated")


def content_hash(text: str) -> str:
    """A stable short hash of text, used as identity for idempotent storage."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32]


@dataclass
class Document:
    """One raw input unit as read from disk: a file, a JSON line, a feed entry or a WARC record.

    `doc` is the id reported in output (the path as given, or the JSON-lines `id`).
    `kind` says how `raw` must be read: "text", "html" or "prepared" (already clean text,
    e.g. a JSON-lines record or a feed entry whose body needs no page cleaning).
    """

    doc: str
    raw: str
    kind: str = "text"
    source: str = ""  # file path or URL the document came from
    url: str | None = None
    title: str | None = None
    author: str | None = None
    published: str | None = None
    publisher: str | None = None

    @property
    def hash(self) -> str:
        return content_hash(self.raw)


@dataclass
class Article:
    """One article found in a document; `text` is the clean body (paragraphs split by blank lines)."""

    doc: str
    index: int
    text: str
    title: str | None = None
    author: str | None = None
    published: str | None = None
    source: str = ""
    url: str | None = None
    publisher: str | None = None
    events: list[Event] = field(default_factory=list)

    @property
    def id(self) -> str:
        return content_hash(f"{self.doc}\x00{self.index}\x00{self.text}")

    @property
    def text_hash(self) -> str:
        return content_hash(" ".join(self.text.split()).lower())

    def record(self) -> dict[str, Any]:
        """The article record of the contract (section 4)."""
        return {"doc": self.doc, "index": self.index, "title": self.title, "author": self.author,
                "published": self.published, "text": self.text}


@dataclass(frozen=True)
class Entity:
    """A resolved actor: a state (ISO-3), an organisation (acronym) or a non-state group (NSA-…)."""

    code: str
    name: str
    sector: str | None = None

    def record(self) -> dict[str, Any]:
        return {"code": self.code, "name": self.name, "sector": self.sector}


@dataclass
class Event:
    """One coded event with its evidence span (character offsets into the article text)."""

    category: str
    event_type: str | None
    actor: list[Entity]
    recipient: list[Entity] = field(default_factory=list)
    mode: str | None = None
    context: list[str] = field(default_factory=list)
    date: str | None = None
    status: str = "occurred"
    location: str | None = None
    evidence: str = ""
    start: int = 0
    end: int = 0
    confidence: float = 0.5
    trigger: str = ""

    @property
    def participants(self) -> frozenset[str]:
        return frozenset(e.code for e in self.actor) | frozenset(e.code for e in self.recipient)

    def record(self, doc: str) -> dict[str, Any]:
        """The event record of the contract (section 2)."""
        return {
            "doc": doc,
            "category": self.category,
            "event_type": self.event_type,
            "mode": self.mode,
            "context": list(self.context),
            "actor": [e.record() for e in self.actor],
            "recipient": [e.record() for e in self.recipient],
            "date": self.date,
            "status": self.status,
            "location": self.location,
            "evidence": self.evidence,
            "confidence": round(self.confidence, 3),
        }


def as_dict(obj: Any) -> dict[str, Any]:
    return asdict(obj)
