"""The executor side of spark-events, without Spark: rows → documents → event rows."""

from __future__ import annotations

import json

from steppe.errors import InputError
from steppe.model import Document
from steppe.pipeline import document_events, process_document
from steppe.scale.records import EVENT_FIELDS, document_from_fields, document_from_line, events_of_documents

STORY = ("Kazakhstan and Türkiye signed an agreement on the joint production of Anka drones in Astana "
         "on 10 May 2022.")


def test_document_from_line_reads_like_a_jsonl_reader() -> None:
    doc = document_from_line(json.dumps({"id": 7, "text": STORY, "date": "2022-05-11", "title": "Anka"}), "f.jsonl")
    assert isinstance(doc, Document)
    assert (doc.doc, doc.kind, doc.published, doc.title, doc.source) == ("7", "prepared", "2022-05-11", "Anka",
                                                                         "f.jsonl")


def test_document_from_line_names_its_file_on_errors() -> None:
    assert document_from_line("   ", "f.jsonl") is None
    bad = document_from_line("{oops", "f.jsonl")
    assert isinstance(bad, InputError) and str(bad).startswith("f.jsonl (record {oops): not valid JSON")
    empty = document_from_line('{"id": "a", "text": ""}', "f.jsonl")
    assert isinstance(empty, InputError) and "no 'text'" in str(empty)


def test_records_without_id_get_a_stable_name() -> None:
    a = document_from_fields({"text": STORY}, "part-0.parquet")
    b = document_from_fields({"text": STORY}, "part-0.parquet")
    assert isinstance(a, Document) and isinstance(b, Document)
    assert a.doc == b.doc and a.doc.startswith("part-0.parquet#")


def test_events_of_documents_are_the_contract_records_in_order() -> None:
    doc = document_from_fields({"id": "s", "text": STORY}, "x")
    seen: list[str | None] = []
    rows = list(events_of_documents([doc, None, InputError("y", "broken")], seen.append))
    assert isinstance(doc, Document)
    expected = [tuple(r[f] if f not in ("actor", "recipient") else [(e["code"], e["name"], e["sector"])
                                                                    for e in r[f]] for f in EVENT_FIELDS)
                for r in document_events(process_document(doc))]
    assert rows and rows == expected
    assert seen == [None, "y: broken"]
