"""The executor side of `spark-events`: input rows → Documents → the same per-document function → event rows.

No Spark import here: these functions run inside Spark's Python workers and are plain Python, so
they are tested without a cluster. A row becomes a Document by the same rules as a JSON line read
by `steppe events` (steppe.ingest.readers.document_from_record).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from steppe.errors import InputError, SteppeError
from steppe.ingest.readers import MAX_RECORD_BYTES, document_from_record
from steppe.model import Document
from steppe.pipeline import document_events, process_document

_ENTITY = "array<struct<code:string,name:string,sector:string>>"
# The event record of the contract (../shared/spec/EVENTS.md, section 2), as a Spark DDL schema.
EVENT_DDL = (f"doc string, category string, event_type string, mode string, context array<string>, "
             f"actor {_ENTITY}, recipient {_ENTITY}, date string, status string, location string, "
             f"evidence string, confidence double")
EVENT_FIELDS = ("doc", "category", "event_type", "mode", "context", "actor", "recipient", "date", "status",
                "location", "evidence", "confidence")
RECORD_FIELDS = ("id", "text", "published", "date", "title", "url", "author", "source", "publisher")

Report = Callable[[str | None], None]  # called once per document: None when it was read, else the error


def document_from_line(line: str, source: str) -> Document | InputError | None:
    """One JSON line as a Document (None for a blank line). Spark does not say which line of the
    file a row was, so a record without an `id` is named by its file and a hash of the line."""
    if not line.strip():
        return None
    where = f"{source} (record {_short(line)})"
    if len(line) > MAX_RECORD_BYTES:
        return InputError(where, f"line too large ({len(line) / 1e6:.1f} MB)")
    try:
        rec = json.loads(line)
    except json.JSONDecodeError as exc:
        return InputError(where, f"not valid JSON: {exc.msg} (column {exc.colno})")
    return document_from_fields(rec, source, line)


def document_from_fields(rec: Any, source: str, key: str = "") -> Document | InputError:
    """A record (a parsed JSON line or a Parquet row as a dict) as a Document."""
    if isinstance(rec, dict) and rec.get("id") in (None, ""):
        rec = dict(rec, id=f"{source}#{hashlib.sha256((key or repr(sorted(rec.items()))).encode()).hexdigest()[:12]}")
    item = document_from_record(rec, source, 0)
    if isinstance(item, InputError):
        return InputError(f"{source} (record {_short(key)})" if key else source, item.message)
    return item


def events_of_documents(items: Iterable[Document | InputError | None], report: Report | None = None
                        ) -> Iterator[tuple]:
    """Event rows (EVENT_FIELDS order) of each document; errors are reported, never raised, except a
    broken installation (SteppeError other than InputError), which must stop the job."""
    for item in items:
        if item is None:
            continue
        if isinstance(item, InputError):
            if report:
                report(str(item))
            continue
        try:
            records = document_events(process_document(item))
        except InputError as err:
            if report:
                report(str(err))
            continue
        except SteppeError:
            raise
        except Exception as exc:  # a bug must not stop the job; report it against the input
            if report:
                report(f"{item.doc}: internal error while processing: {type(exc).__name__}: {exc}")
            continue
        if report:
            report(None)
        for rec in records:
            yield event_row(rec)


def event_row(rec: dict[str, Any]) -> tuple:
    """An event record as a tuple in EVENT_FIELDS order (entities as (code, name, sector))."""
    row = []
    for name in EVENT_FIELDS:
        value = rec[name]
        if name in ("actor", "recipient"):
            value = [(e["code"], e["name"], e["sector"]) for e in value]
        elif name == "context":
            value = list(value)
        elif name == "confidence":
            value = float(value)
        row.append(value)
    return tuple(row)


def _short(text: str, n: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"
