"""spark-events on local[2]: the same events as the in-process pipeline, the contract's schema, clear errors."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from steppe.errors import SteppeError
from steppe.ingest.readers import read_paths
from steppe.model import Document
from steppe.pipeline import document_events, process_document
from steppe.scale.corpus import build_corpus
from steppe.scale.spark import input_format, spark_events

CONTRACT = ["doc", "category", "event_type", "mode", "context", "actor", "recipient", "date", "status",
            "location", "evidence", "confidence"]


def _key(rec: dict) -> tuple:
    """What the comparison looks at, with None as '' so that the keys sort."""
    return (rec["doc"], rec["category"], rec["event_type"] or "",
            tuple(sorted(e["code"] for e in rec["actor"])), tuple(sorted(e["code"] for e in rec["recipient"])),
            rec["date"] or "", rec["status"], rec["evidence"])


def _in_process(path: Path) -> list[tuple]:
    out = []
    for item in read_paths([str(path)]):
        if isinstance(item, Document):
            out.extend(_key(r) for r in document_events(process_document(item)))
    return sorted(out)


@pytest.fixture(scope="module")
def spark_ready() -> None:
    pytest.importorskip("pyspark")
    pytest.importorskip("pyarrow")
    if shutil.which("java") is None:
        pytest.skip("no Java runtime")


@pytest.fixture(scope="module")
def docs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """About 60 documents from the demo corpus (and seeds), a bad JSON line and a record without text."""
    path = tmp_path_factory.mktemp("spark") / "docs.jsonl"
    build_corpus(path, 1200)
    with open(path, "a", encoding="utf-8") as fh:
        fh.write("{not json\n")
        fh.write(json.dumps({"id": "empty", "text": ""}) + "\n")
    return path


def test_spark_events_equal_in_process_events(spark_ready: None, docs: Path, tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    out = tmp_path / "events.parquet"
    summary = spark_events(str(docs), str(out), master="local[2]")
    table = pq.read_table(out)
    assert table.schema.names == CONTRACT
    assert str(table.schema.field("actor").type) == "list<element: struct<code: string, name: string, sector: string>>"
    assert str(table.schema.field("context").type) == "list<element: string>"
    got = sorted(_key(r) for r in table.to_pylist())
    assert got and got == _in_process(docs)
    assert f"{len(got)} events from" in summary and "2 inputs failed" in summary
    assert "not valid JSON" in summary and "no 'text'" in summary


def test_spark_events_reads_parquet_documents(spark_ready: None, docs: Path, tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    good = tmp_path / "docs.jsonl"
    lines = [line for line in docs.read_text(encoding="utf-8").splitlines() if line.startswith("{\"id\"")]
    good.write_text("\n".join(lines[:12]) + "\n", encoding="utf-8")
    recs = [json.loads(line) for line in lines[:12]]
    pq.write_table(pa.Table.from_pylist(recs), tmp_path / "docs.parquet")
    out = tmp_path / "events.parquet"
    spark_events(str(tmp_path / "docs.parquet"), str(out), master="local[2]")
    got = sorted(_key(r) for r in pq.read_table(out).to_pylist())
    assert got == _in_process(good)


def test_spark_events_names_a_missing_input(tmp_path: Path) -> None:
    with pytest.raises(SteppeError, match="nowhere.jsonl: no such file"):
        spark_events(str(tmp_path / "nowhere.jsonl"), str(tmp_path / "out"))


def test_spark_events_refuses_input_of_another_format(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text("Just a page of text.\n", encoding="utf-8")
    with pytest.raises(SteppeError, match="page.txt: not JSON-lines or Parquet"):
        spark_events(str(page), str(tmp_path / "out"))


def test_spark_events_refuses_an_existing_output(tmp_path: Path) -> None:
    docs = tmp_path / "docs.jsonl"
    docs.write_text(json.dumps({"id": "a", "text": "Turkey sold drones to Kazakhstan in 2022."}) + "\n",
                    encoding="utf-8")
    (tmp_path / "out").mkdir()
    with pytest.raises(SteppeError, match="already exists"):
        spark_events(str(docs), str(tmp_path / "out"))


def test_input_format_sniffs_files_without_a_known_suffix(tmp_path: Path) -> None:
    (tmp_path / "a").write_bytes(b"PAR1....")
    (tmp_path / "b").write_text('{"id": "x", "text": "y"}\n', encoding="utf-8")
    assert input_format(str(tmp_path / "a")) == "parquet"
    assert input_format(str(tmp_path / "b")) == "jsonl"
    assert input_format("s3a://bucket/docs.parquet") == "parquet"
    with pytest.raises(SteppeError, match="name it"):
        input_format("hdfs://nn/docs")
