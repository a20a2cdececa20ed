"""Read queries shared by the CLI, the brief, the watch and the web app (parameters only)."""

from __future__ import annotations

from typing import Any

from steppe.store.store import Store


def events_between(store: Store, since: str | None = None, until: str | None = None,
                   include_undated: bool = False) -> list[dict[str, Any]]:
    """Events with their actors and article provenance; dates compare as ISO prefixes.

    An event dated '2025-10' is inside --since 2025-10-07 (it may be), and inside --until 2025.
    """
    where, params = _date_filter("e.date", since, until, include_undated)
    sql = f"""
        SELECT e.*, a.title AS article_title, a.published AS article_published, a.publisher,
               a.url AS article_url, a.source AS article_source, a.doc_id AS article_doc
        FROM events e JOIN articles a USING (article_id)
        {where}
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


def attach_cluster_actors(store: Store, rows: list[dict[str, Any]]) -> None:
    """Fill rows[i]['actor'] and ['recipient'] of clusters in one query."""
    if not rows:
        return
    ids = [r["cluster_id"] for r in rows]
    actors = store.query(
        "SELECT cluster_id, role, position, code, name, sector FROM cluster_actors "
        "WHERE cluster_id IN (SELECT unnest(?::VARCHAR[])) ORDER BY cluster_id, role, position", [ids])
    by_id: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for a in actors:
        by_id.setdefault(a["cluster_id"], {"actor": [], "recipient": []})[a["role"]].append(
            {"code": a["code"], "name": a["name"], "sector": a["sector"]})
    for r in rows:
        parts = by_id.get(r["cluster_id"], {"actor": [], "recipient": []})
        r["actor"] = parts["actor"]
        r["recipient"] = parts["recipient"]


def cluster_rows(store: Store, since: str | None = None, until: str | None = None,
                 include_undated: bool = True) -> list[dict[str, Any]]:
    """Merged events (clusters) with actors, the evidence of their best report and its article."""
    where, params = _date_filter("c.date", since, until, include_undated)
    rows = store.query(f"""
        SELECT c.*, e.event_id AS best_event_id, e.evidence, e.article_id, e.ev_start, e.ev_end,
               a.title AS article_title, a.published AS article_published, a.publisher, a.url AS article_url,
               a.doc_id AS article_doc
        FROM clusters c
        JOIN events e ON e.event_id = (
            SELECT e2.event_id FROM events e2 WHERE e2.cluster_id = c.cluster_id
            ORDER BY e2.confidence DESC, e2.event_id LIMIT 1)
        JOIN articles a ON a.article_id = e.article_id
        {where}
        ORDER BY c.date NULLS FIRST, c.cluster_id
    """, params)  # noqa: S608 - the condition is built from constants; values are parameters
    attach_cluster_actors(store, rows)
    return rows


def _date_filter(col: str, since: str | None, until: str | None, include_undated: bool) -> tuple[str, list[Any]]:
    where: list[str] = []
    params: list[Any] = []
    if since:
        where.append(f"({col} IS NOT NULL AND {col} >= substr(?, 1, length({col})))")
        params.append(since)
    if until:
        where.append(f"({col} IS NOT NULL AND substr({col}, 1, length(?)) <= ?)")
        params.extend([until, until])
    cond = " AND ".join(where)
    if cond and include_undated:
        cond = f"(({cond}) OR {col} IS NULL)"
    return ("WHERE " + cond if cond else ""), params


def cluster_reports(store: Store, cluster_ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    """Every report (event read from one article) of each cluster, with its article and sources."""
    if not cluster_ids:
        return {}
    rows = store.query(
        "SELECT e.*, a.title AS article_title, a.published AS article_published, a.publisher, "
        "a.url AS article_url, a.doc_id AS article_doc FROM events e JOIN articles a USING (article_id) "
        "WHERE e.cluster_id IN (SELECT unnest(?::VARCHAR[])) ORDER BY e.cluster_id, a.published, e.event_id",
        [cluster_ids])
    attach_actors(store, rows)
    out: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        out.setdefault(r["cluster_id"], []).append(r)
    return out
