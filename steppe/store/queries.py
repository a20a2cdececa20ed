"""Read queries shared by the CLI, the brief, the watch and the web app (parameters only)."""

from __future__ import annotations

from typing import Any

from steppe.store.store import Store


def events_between(store: Store, since: str | None = None, until: str | None = None,
                   include_undated: bool = False) -> list[dict[str, Any]]:
    """Events with their actors and article provenance; dates compare as ISO prefixes.

    An event dated '2025-10' is inside --since 2025-10-07 (it may be), and inside --until 2025.
    """
    where = []
    params: list[Any] = []
    if since:
        where.append("(e.date IS NOT NULL AND e.date >= substr(?, 1, length(e.date)))")
        params.append(since)
    if until:
        where.append("(e.date IS NOT NULL AND substr(e.date, 1, length(?)) <= ?)")
        params.extend([until, until])
    cond = " AND ".join(where)
    if cond and include_undated:
        cond = f"(({cond}) OR e.date IS NULL)"
    sql = f"""
        SELECT e.*, a.title AS article_title, a.published AS article_published, a.publisher,
               a.url AS article_url, a.source AS article_source, a.doc_id AS article_doc
        FROM events e JOIN articles a USING (article_id)
        {"WHERE " + cond if cond else ""}
        ORDER BY e.date NULLS FIRST, e.event_id
    """  # noqa: S608 - the condition is built from constants; values are parameters
    rows = store.query(sql, params)
    attach_actors(store, rows)
    return rows


def attach_actors(store: Store, rows: list[dict[str, Any]]) -> None:
    """Fill rows[i]['actor'] and ['recipient'] (lists of {code, name, sector}) in one query."""
    if not rows:
        return
    ids = [r["event_id"] for r in rows]
    actors = store.query(
        "SELECT event_id, role, position, code, name, sector FROM event_actors "
        "WHERE event_id IN (SELECT unnest(?::VARCHAR[])) ORDER BY event_id, role, position", [ids])
    by_id: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for a in actors:
        by_id.setdefault(a["event_id"], {"actor": [], "recipient": []})[a["role"]].append(
            {"code": a["code"], "name": a["name"], "sector": a["sector"]})
    for r in rows:
        parts = by_id.get(r["event_id"], {"actor": [], "recipient": []})
        r["actor"] = parts["actor"]
        r["recipient"] = parts["recipient"]


def article_sources(store: Store, article_ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    """Every document each article was seen in (near-duplicates from other outlets included)."""
    if not article_ids:
        return {}
    rows = store.query(
        "SELECT * FROM sources WHERE article_id IN (SELECT unnest(?::VARCHAR[])) "
        "ORDER BY article_id, similarity DESC, doc_id", [article_ids])
    out: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        out.setdefault(r["article_id"], []).append(r)
    return out


def articles_by_id(store: Store, article_ids: list[str]) -> dict[str, dict[str, Any]]:
    if not article_ids:
        return {}
    rows = store.query("SELECT article_id, doc_id, idx, title, author, published, publisher, url, source "
                       "FROM articles WHERE article_id IN (SELECT unnest(?::VARCHAR[]))", [article_ids])
    return {r["article_id"]: r for r in rows}
