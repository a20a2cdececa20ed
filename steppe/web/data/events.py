"""Merged events: the filtered list, one event with all its evidence, the timeline and the map."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from typing import Any

from steppe.store.queries import article_sources, attach_cluster_actors, cluster_reports
from steppe.store.reviews import reviews_for
from steppe.store.store import Store
from steppe.web.data.common import EventFilters, decorate_actors, display, plain
from steppe.web.data.search import search
from steppe.web.geo import event_country, numeric_code


def highlight(text: str | None, triggers: Sequence[str | None] = (),
              terms: Sequence[str | None] = ()) -> list[dict[str, Any]]:
    """The text cut into parts, the trigger word(s) and search terms marked: [{text, mark}]."""
    text = text or ""
    spans: list[tuple[int, int, str]] = []
    for words, kind in ((triggers, "trigger"), (terms, "hit")):
        for word in words:
            if not word or not word.strip():
                continue
            for m in re.finditer(re.escape(word.strip()), text, re.I):
                spans.append((m.start(), m.end(), kind))
                if kind == "trigger":
                    break
    spans.sort()
    parts: list[dict[str, Any]] = []
    pos = 0
    for start, end, kind in spans:
        if start < pos:
            continue
        if start > pos:
            parts.append({"text": text[pos:start], "mark": None})
        parts.append({"text": text[start:end], "mark": kind})
        pos = end
    if pos < len(text) or not parts:
        parts.append({"text": text[pos:], "mark": None})
    return parts


def reader_url(article_id: str, event_id: str) -> str:
    return f"/articles/{article_id}?event={event_id}#ev-{event_id}"


def list_events(store: Store, filters: EventFilters, limit: int = 50, offset: int = 0, order: str = "date",
                marks: bool = False) -> dict[str, Any]:
    """A page of merged events in a stable order, with the total before paging."""
    result = search(store, filters, limit=limit, offset=offset, order=order)
    items = result["items"]
    triggers: dict[str, str] = {}
    if marks and items:
        triggers = {r["event_id"]: r["trigger"] for r in store.query(
            "SELECT event_id, trigger FROM events WHERE event_id IN (SELECT unnest(?::VARCHAR[]))",
            [[r["best_event_id"] for r in items]])}
    for row in items:
        decorate_actors(row)
        row["url"] = f"/events/{row['cluster_id']}"
        row["reader_url"] = reader_url(row["article_id"], row["best_event_id"])
        if marks:
            row["evidence_parts"] = highlight(row["evidence"], [triggers.get(row["best_event_id"])], [filters.q])
    nxt = offset + limit if offset + limit < result["total"] else None
    return {"items": items, "total": result["total"], "limit": limit, "offset": offset, "order": order,
            "next_offset": nxt, "filters": filters.as_dict()}


def event_detail(store: Store, cluster_id: str) -> dict[str, Any] | None:
    """One merged event with every report (its evidence, article and sources) and its review history."""
    rows = store.query("SELECT * FROM clusters WHERE cluster_id = ?", [cluster_id])
    if not rows:
        return None
    event = rows[0]
    attach_cluster_actors(store, [event])
    decorate_actors(event)
    reports = cluster_reports(store, [cluster_id]).get(cluster_id, [])
    sources = article_sources(store, sorted({r["article_id"] for r in reports}))
    for r in reports:
        decorate_actors(r)
        r["sources"] = [{k: s[k] for k in ("doc_id", "url", "publisher", "published", "title", "similarity")}
                        for s in sources.get(r["article_id"], [])]
        r["evidence_parts"] = highlight(r["evidence"], [r.get("trigger")])
        r["reader_url"] = reader_url(r["article_id"], r["event_id"])
    event["reports"] = reports
    event["reviews"] = reviews_for(store, [cluster_id]).get(cluster_id, [])
    event["follows_event"] = None
    if event.get("follows"):
        found = store.query("SELECT cluster_id, category, date, status FROM clusters WHERE cluster_id = ?",
                            [event["follows"]])
        event["follows_event"] = found[0] if found else None
    event["followed_by"] = store.query(
        "SELECT cluster_id, category, date, status FROM clusters WHERE follows = ? ORDER BY date, cluster_id",
        [cluster_id])
    return plain(event)


def compact_event(row: dict[str, Any]) -> dict[str, Any]:
    evidence = row.get("evidence") or ""
    return {"id": row["cluster_id"], "date": row["date"], "category": row["category"],
            "event_type": row["event_type"], "status": row["status"], "review": row["review"],
            "n_sources": row["n_sources"], "location": row["location"],
            "actor": [a["code"] for a in row["actor"]], "recipient": [a["code"] for a in row["recipient"]],
            "evidence": evidence if len(evidence) <= 280 else evidence[:277] + "..."}


def timeline(store: Store, filters: EventFilters, limit: int = 5000) -> dict[str, Any]:
    """Dated events, oldest first, for the per-category timeline (at most `limit`)."""
    result = search(store, filters, limit=limit, order="date_asc", include_undated=False)
    # without a date filter undated events are in, but they sort last: the page holds the dated first
    items = [compact_event(r) for r in result["items"] if r["date"]]
    counts = Counter(e["category"] for e in items)
    return {"items": items, "total": result["total"], "truncated": result["total"] > len(result["items"]),
            "undated": len(result["items"]) - len(items),
            "categories": [{"category": c, "count": n} for c, n in sorted(counts.items())],
            "filters": filters.as_dict()}


def world_map(store: Store, filters: EventFilters, limit: int = 20000, per_country: int = 25) -> dict[str, Any]:
    """Events by country (of the location, else of the first state actor), most sourced first."""
    result = search(store, filters, limit=limit, order="sources")
    countries: dict[str, dict[str, Any]] = {}
    unplaced = 0
    for row in result["items"]:
        code, how = event_country(row)
        if code is None:
            unplaced += 1
            continue
        c = countries.setdefault(code, {"code": code, "numeric": numeric_code(code), "count": 0,
                                        "by": Counter(), "events": []})
        c["count"] += 1
        c["by"][how] += 1
        if len(c["events"]) < per_country:
            c["events"].append(compact_event(row))
    out = sorted(countries.values(), key=lambda c: (-c["count"], c["code"]))
    for c in out:
        c["name"] = display(c["code"])
        c["by"] = dict(c["by"])
    return {"countries": out, "placed": sum(c["count"] for c in out), "unplaced": unplaced,
            "total": result["total"], "truncated": result["total"] > len(result["items"]),
            "filters": filters.as_dict()}
