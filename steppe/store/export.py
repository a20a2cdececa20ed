"""Export merged events with their sources: CSV, JSON lines, Parquet, or PLOVER JSON."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from steppe.errors import UsageError
from steppe.store.queries import cluster_reports, event_view
from steppe.store.store import Store

FORMATS = ("csv", "jsonl", "parquet", "plover")
COLUMNS = ("event_id", "date", "category", "event_type", "mode", "context", "status", "location", "actor",
           "recipient", "n_reports", "n_articles", "n_sources", "first_report", "last_report", "confidence",
           "follows", "review", "evidence", "sources")


def export_rows(store: Store, since: str | None = None, until: str | None = None) -> list[dict[str, Any]]:
    """One record per merged event, with every report's evidence and source."""
    events = event_view(store, since, until)
    reports = cluster_reports(store, [e["cluster_id"] for e in events])
    out = []
    for e in events:
        srcs = [{"event_id": r["event_id"], "evidence": r["evidence"], "title": r["article_title"],
                 "publisher": r["publisher"], "published": r["article_published"], "url": r["article_url"],
                 "doc": r["article_doc"], "ev_start": r["ev_start"], "ev_end": r["ev_end"]}
                for r in reports.get(e["cluster_id"], [])]
        out.append({
            "event_id": e["cluster_id"], "date": e["date"], "category": e["category"], "event_type": e["event_type"],
            "mode": e["mode"], "context": list(e["context"] or []), "status": e["status"], "location": e["location"],
            "actor": e["actor"], "recipient": e["recipient"], "n_reports": e["n_reports"],
            "n_articles": e["n_articles"], "n_sources": e["n_sources"], "first_report": e["first_report"],
            "last_report": e["last_report"], "confidence": e["confidence"], "follows": e["follows"],
            "review": e["review"], "evidence": e["evidence"], "sources": srcs})
    return out


def plover_record(row: dict[str, Any]) -> dict[str, Any]:
    """PLOVER's JSON field names (id, date, event, mode, context, source, target, text, ...); steppe's own
    fields under "steppe"."""
    def actors(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [{"actorText": a.get("name") or a["code"], "code": a["code"], **({"sector": a["sector"]}
                                                                                   if a.get("sector") else {})}
                for a in items]
    first = row["sources"][0] if row["sources"] else {}
    return {
        "id": row["event_id"], "date": row["date"], "event": row["event_type"], "mode": row["mode"] or "",
        "context": ",".join(row["context"]), "source": actors(row["actor"]), "target": actors(row["recipient"]),
        "text": row["evidence"], "eventText": row["evidence"], "language": "en",
        "publication": first.get("publisher") or first.get("doc") or "", "url": first.get("url") or "",
        "version": "PLOVER 1.0 (16 types)", "coder": "steppe",
        "steppe": {k: row[k] for k in ("category", "status", "location", "n_reports", "n_articles", "n_sources",
                                        "first_report", "last_report", "confidence", "follows", "review",
                                        "sources")},
    }


def _flat(row: dict[str, Any]) -> dict[str, Any]:
    flat = dict(row)
    flat["context"] = ";".join(row["context"])
    flat["actor"] = ";".join(a["code"] for a in row["actor"])
    flat["recipient"] = ";".join(a["code"] for a in row["recipient"])
    flat["sources"] = " | ".join(s.get("url") or s.get("doc") or "" for s in row["sources"])
    return flat


def export_events(store: Store, fmt: str, output: str | Path, since: str | None = None,
                  until: str | None = None) -> int:
    """Write the events to `output` in `fmt`; returns the number of events written."""
    if fmt not in FORMATS:
        raise UsageError(f"--format must be one of {FORMATS}")
    rows = export_rows(store, since, until)
    path = Path(output)
    if fmt == "jsonl":
        with open(path, "w", encoding="utf-8") as fh:
            for r in rows:
                fh.write(json.dumps(r, ensure_ascii=False, default=str) + "\n")
    elif fmt == "plover":
        with open(path, "w", encoding="utf-8") as fh:
            json.dump([plover_record(r) for r in rows], fh, ensure_ascii=False, indent=1, default=str)
    elif fmt == "csv":
        with open(path, "w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=COLUMNS)
            writer.writeheader()
            for r in rows:
                writer.writerow(_flat(r))
    else:
        _write_parquet(rows, path)
    return len(rows)


def _write_parquet(rows: list[dict[str, Any]], path: Path) -> None:
    """Parquet through DuckDB's own writer (nested actors and sources kept as structs)."""
    import duckdb

    con = duckdb.connect()
    try:
        con.execute("""CREATE TABLE x (event_id VARCHAR, date VARCHAR, category VARCHAR, event_type VARCHAR,
            mode VARCHAR, context VARCHAR[], status VARCHAR, location VARCHAR,
            actor STRUCT(code VARCHAR, name VARCHAR, sector VARCHAR)[],
            recipient STRUCT(code VARCHAR, name VARCHAR, sector VARCHAR)[], n_reports INTEGER, n_articles INTEGER,
            n_sources INTEGER, first_report VARCHAR, last_report VARCHAR, confidence DOUBLE, follows VARCHAR,
            review VARCHAR, evidence VARCHAR, sources_json VARCHAR)""")
        con.executemany("INSERT INTO x VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", [
            (r["event_id"], r["date"], r["category"], r["event_type"], r["mode"], r["context"], r["status"],
             r["location"], r["actor"], r["recipient"], r["n_reports"], r["n_articles"], r["n_sources"],
             r["first_report"], r["last_report"], r["confidence"], r["follows"], r["review"], r["evidence"],
             json.dumps(r["sources"], ensure_ascii=False, default=str)) for r in rows])
        con.execute("COPY x TO ? (FORMAT PARQUET)", [str(path)])
    finally:
        con.close()
