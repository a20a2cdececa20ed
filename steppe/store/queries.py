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


def attach_cluster_actors(store: Store, rows: list[dict[str, Any]], where: str | None = None,
                          params: list[Any] | None = None) -> None:
    """Fill rows[i]['actor'] and ['recipient'] of clusters in one query. `where` (a condition on
    clusters `c`, with its params) selects the same clusters as the rows, in SQL: for many rows."""
    if not rows:
        return
    if where is None:
        sql, args = "WHERE cluster_id IN (SELECT unnest(?::VARCHAR[]))", [[r["cluster_id"] for r in rows]]
    else:
        sql, args = f"WHERE cluster_id IN (SELECT c.cluster_id FROM clusters c {where})", list(params or [])
    actors = store.con.execute(
        f"SELECT cluster_id, role, code, name, sector FROM cluster_actors {sql} "  # noqa: S608 - constant SQL
        "ORDER BY cluster_id, role, position", args).fetchall()
    parts = {r["cluster_id"]: {"actor": [], "recipient": []} for r in rows}
    for cid, role, code, name, sector in actors:
        got = parts.get(cid)
        if got is not None:
            got[role].append({"code": code, "name": name, "sector": sector})
    for r in rows:
        got = parts[r["cluster_id"]]
        r["actor"] = got["actor"]
        r["recipient"] = got["recipient"]


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


SEARCH_ORDERS = {"date": "c.date DESC NULLS LAST, c.cluster_id",
                 "date_asc": "c.date ASC NULLS LAST, c.cluster_id",
                 "sources": "c.n_sources DESC, c.date DESC NULLS LAST, c.cluster_id",
                 "confidence": "c.confidence DESC, c.cluster_id"}


def like_pattern(text: str) -> str:
    """A LIKE pattern (ESCAPE '\\') that finds the text literally, wildcards included."""
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def search_conditions(*, since: str | None = None, until: str | None = None, category: list[str] | None = None,
                      event_type: list[str] | None = None, actor: list[str] | None = None,
                      recipient: list[str] | None = None, participant: list[str] | None = None,
                      status: list[str] | None = None, q: str | None = None, min_sources: int | None = None,
                      include_rejected: bool = False, include_undated: bool = True) -> tuple[str, list[Any]]:
    """The WHERE clause on clusters `c` for search_events' filters (values as parameters)."""
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
        conds.append("c.cluster_id IN (SELECT cluster_id FROM events WHERE evidence ILIKE ? ESCAPE '\\')")
        params.append(like_pattern(q))
    if min_sources:
        conds.append("c.n_sources >= ?")
        params.append(int(min_sources))
    if not include_rejected:
        conds.append("c.review <> 'rejected'")
    return ("WHERE " + " AND ".join(conds)) if conds else "", params


def search_events(store: Store, *, since: str | None = None, until: str | None = None,
                  category: list[str] | None = None, event_type: list[str] | None = None,
                  actor: list[str] | None = None, recipient: list[str] | None = None,
                  participant: list[str] | None = None, status: list[str] | None = None, q: str | None = None,
                  min_sources: int | None = None, include_rejected: bool = False, include_undated: bool = True,
                  limit: int | None = None, offset: int = 0, order: str = "date", count: bool = True
                  ) -> dict[str, Any]:
    """Merged events matching every given filter, in a stable order, with the total before paging
    (count=False: the number of rows returned), each with the evidence of its best report.

    Lists mean "any of"; `q` searches the evidence of every report, case-insensitively, wildcards
    taken literally. The page of cluster ids is chosen on `clusters` alone (the total carried as a
    window count), then the best report of those ids only is picked with one window, so a page
    costs about the same on 100,000 events as on 300."""
    where, params = search_conditions(
        since=since, until=until, category=category, event_type=event_type, actor=actor, recipient=recipient,
        participant=participant, status=status, q=q, min_sources=min_sources, include_rejected=include_rejected,
        include_undated=include_undated)
    ordering = SEARCH_ORDERS[order]
    page, page_params = "", []
    if limit is not None:
        page, page_params = "LIMIT ? OFFSET ?", [int(limit), int(offset)]
    total_col = "count(*) OVER () AS total_" if count else "NULL AS total_"
    rows = store.query(f"""
        WITH page AS MATERIALIZED (
            SELECT c.cluster_id, {total_col} FROM clusters c {where} ORDER BY {ordering} {page}),
        best AS (
            SELECT e.event_id, e.cluster_id, e.evidence, e.article_id, e.ev_start, e.ev_end FROM events e
            WHERE e.cluster_id IN (SELECT cluster_id FROM page)
            QUALIFY row_number() OVER (PARTITION BY e.cluster_id ORDER BY e.confidence DESC, e.event_id) = 1)
        SELECT c.*, b.event_id AS best_event_id, b.evidence, b.article_id, b.ev_start, b.ev_end,
               a.title AS article_title, a.published AS article_published, a.publisher, a.url AS article_url,
               a.doc_id AS article_doc, page.total_
        FROM page JOIN clusters c USING (cluster_id) JOIN best b USING (cluster_id)
        JOIN articles a ON a.article_id = b.article_id
        ORDER BY {ordering}""", params + page_params)  # noqa: S608 - constant conditions; values are parameters
    total = rows[0]["total_"] if rows else None
    for r in rows:
        del r["total_"]
    if count and total is None:  # an empty page (past the end) carries no total
        total = store.query(f"SELECT count(*) AS n FROM clusters c {where}", params)[0]["n"]  # noqa: S608
    # a page: its ids; everything: the same condition again (cheaper than a long list of ids)
    attach_cluster_actors(store, rows, *((where, params) if limit is None and len(rows) > 1000 else (None, None)))
    return {"items": rows, "total": total if total is not None else len(rows), "limit": limit, "offset": offset}


def event_view(store: Store, since: str | None = None, until: str | None = None,
               include_undated: bool = True) -> list[dict[str, Any]]:
    """Every merged, not rejected event of a period (oldest first): what watch, brief and exports read."""
    rows = search_events(store, since=since, until=until, include_undated=include_undated, order="date_asc")
    return rows["items"]
