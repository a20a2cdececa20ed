"""The whole per-document flow, top to bottom: Document → Articles with Events.

`process_document` is pure (no I/O, no global state beyond the cached knowledge files), so the
CLI, the database ingest and Spark's mapPartitions all call the same function.
"""

from __future__ import annotations

from datetime import date

from steppe.extract.events import extract_events
from steppe.extract.gazetteer import load_gazetteer
from steppe.extract.lexicon import load_lexicon
from steppe.extract.merge import merge_events
from steppe.ingest.articles import articles_from_document
from steppe.model import Article, Document


def process_article(article: Article, today: date | None = None, calendar: dict | None = None) -> Article:
    """Fill `article.events` (merged within the article) from its text; `calendar` is shared by the
    articles of one document (a gathering dated in one dates its later mentions in the next)."""
    events = extract_events(article.text, article.published, load_gazetteer(), load_lexicon(), today, calendar)
    article.events = merge_events(events)
    return article


def process_document(doc: Document, today: date | None = None) -> list[Article]:
    """Read the document's articles and extract their events; raises InputError on unreadable input."""
    articles = articles_from_document(doc)
    calendar: dict = {}
    for article in articles:
        process_article(article, today, calendar)
    return articles


def document_events(articles: list[Article]) -> list[dict]:
    """Event records of a document, deduplicated across its articles (contract section 7)."""
    records = []
    seen = set()
    for article in articles:
        for ev in article.events:
            rec = ev.record(article.doc)
            key = (rec["category"], rec["event_type"], rec["status"], rec["date"],
                   tuple(sorted(e["code"] for e in rec["actor"])),
                   tuple(sorted(e["code"] for e in rec["recipient"])), rec["evidence"])
            if key in seen:
                continue
            seen.add(key)
            records.append(rec)
    return records
