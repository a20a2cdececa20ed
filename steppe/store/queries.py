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
    """Merged events (rejected ones included) with actors and the evidence of their best report."""
    return search_events(store, since=since, until=until, include_undated=include_undated,
                         include_rejected=True, order="date_asc")["items"]


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


def search_events(store: Store, *, since: str | None = None, until: str | None = None,
                  category: list[str] | None = None, event_type: list[str] | None = None,
                  actor: list[str] | None = None, recipient: list[str] | None = None,
                  participant: list[str] | None = None, status: list[str] | None = None, q: str | None = None,
                  min_sources: int | None = None, include_rejected: bool = False, include_undated: bool = True,
                  limit: int | None = None, offset: int = 0, order: str = "date") -> dict[str, Any]:
    """Merged events matching every given filter, in a stable order, with the total before paging.

    Lists mean "any of"; `q` searches the evidence of every report, case-insensitively."""
    where, params = _date_filter("c.date", since, until, include_undated)
    conds = [where[len("WHERE "):]] if where else []
    for col, values in (("c.category", category), ("c.event_type", event_type), ("c.status", status)):
        if values:
            conds.append(f"{col} IN (SELECT unnest(?::VARCHAR[]))")
            params.append(list(values))
    for role, codes in (("actor", actor), ("recipient", recipient)):
        if codes:
            conds.append("c.cluster_id IN (SELECT cluster_id FROM cluster_actors WHERE role = ? "
                         "AND code IN (SELECT unnest(?::VARCHAR[])))")
            params.extend([role, [x.upper() for x in codes]])
    if participant:
        conds.append("c.cluster_id IN (SELECT cluster_id FROM cluster_actors WHERE code IN "
                     "(SELECT unnest(?::VARCHAR[])))")
        params.append([x.upper() for x in participant])
    if q:
        conds.append("c.cluster_id IN (SELECT cluster_id FROM events WHERE evidence ILIKE ?)")
        params.append("%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%")
    if min_sources:
        conds.append("c.n_sources >= ?")
        params.append(int(min_sources))
    if not include_rejected:
        conds.append("c.review <> 'rejected'")
    cond = ("WHERE " + " AND ".join(conds)) if conds else ""
    total = store.query(f"SELECT count(*) AS n FROM clusters c {cond}", params)[0]["n"]  # noqa: S608
    ordering = {"date": "c.date DESC NULLS LAST, c.cluster_id",
                "date_asc": "c.date ASC NULLS LAST, c.cluster_id",
                "sources": "c.n_sources DESC, c.date DESC NULLS LAST, c.cluster_id",
                "confidence": "c.confidence DESC, c.cluster_id"}[order]
    page = ""
    page_params: list[Any] = []
    if limit is not None:
        page = "LIMIT ? OFFSET ?"
        page_params = [int(limit), int(offset)]
    rows = store.query(f"""
        SELECT c.*, e.event_id AS best_event_id, e.evidence, e.article_id, e.ev_start, e.ev_end,
               a.title AS article_title, a.published AS article_published, a.publisher, a.url AS article_url,
               a.doc_id AS article_doc
        FROM clusters c
        JOIN events e ON e.event_id = (
            SELECT e2.event_id FROM events e2 WHERE e2.cluster_id = c.cluster_id
            ORDER BY e2.confidence DESC, e2.event_id LIMIT 1)
        JOIN articles a ON a.article_id = e.article_id
        {cond} ORDER BY {ordering} {page}
    """, params + page_params)  # noqa: S608 - conditions and ordering are constants; values are parameters
    attach_cluster_actors(store, rows)
    return {"items": rows, "total": total, "limit": limit, "offset": offset}


def event_view(store: Store, since: str | None = None, until: str | None = None,
               include_undated: bool = True) -> list[dict[str, Any]]:
    """Every merged, not rejected event of a period (oldest first): what watch, brief and exports read."""
    rows = search_events(store, since=since, until=until, include_undated=include_undated, order="date_asc")
    return rows["items"]
