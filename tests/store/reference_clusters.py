"""The merge rule as first written (one pass over every report, each cluster recomputed from its
reports on every comparison): the reference the indexed, chunked clustering must agree with.
Slow (quadratic); for small test corpora only. Only reconcile_date is shared with the store: its
tie rule was made deterministic."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from steppe.extract.dates import parse_iso
from steppe.store.clusters import reconcile_date
from steppe.store.store import Store

MAX_DAY_GAP = 3
NEWS_CYCLE_DAYS = 45


@dataclass
class Cluster:
    cluster_id: str
    category: str
    status: str
    reports: list[dict[str, Any]] = field(default_factory=list)

    @property
    def participants(self) -> set[str]:
        out: set[str] = set()
        for r in self.reports:
            out |= participants(r)
        return out

    @property
    def dates(self) -> list[str]:
        return [r["date"] for r in self.reports if r.get("date")]

    @property
    def locations(self) -> set[str]:
        return {r["location"] for r in self.reports if r.get("location")}

    @property
    def seen(self) -> list[date]:
        return [d for d in (report_day(r) for r in self.reports) if d]


def participants(r: dict[str, Any]) -> set[str]:
    return {a["code"] for a in r.get("actor") or []} | {a["code"] for a in r.get("recipient") or []}


def report_day(r: dict[str, Any]) -> date | None:
    """When a report was published (else ingested)."""
    return parse_iso(r.get("article_published") or "") or (r.get("ingested") and parse_iso(str(r["ingested"])[:10]))


def dates_agree(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return True
    if not (a.startswith(b) or b.startswith(a)):
        if len(a) == 10 and len(b) == 10:
            da, db = parse_iso(a), parse_iso(b)
            return bool(da and db and abs((da - db).days) <= MAX_DAY_GAP)
        return False
    return True


def joins(r: dict[str, Any], c: Cluster) -> float:
    """How well a report fits a cluster (0: it does not)."""
    if r["category"] != c.category or r["status"] != c.status:
        return 0.0
    p, q = participants(r), c.participants
    if not p or not q or not p & q:
        return 0.0
    jac = len(p & q) / len(p | q)
    if not (p <= q or q <= p or jac >= 0.5):
        return 0.0
    if r.get("location") and c.locations and r["location"] not in c.locations:
        return 0.0
    if not all(dates_agree(r.get("date"), d) for d in c.dates):
        return 0.0
    if not r.get("date") or not c.dates:
        day, seen = report_day(r), c.seen
        if not day or not seen or min(abs((day - s).days) for s in seen) > NEWS_CYCLE_DAYS:
            return 0.0
    return jac + (0.5 if r.get("date") and r["date"] in c.dates else 0.0)


def _load_reports(store: Store, where: str, params: list[Any]) -> list[dict[str, Any]]:
    from steppe.store.queries import attach_actors

    rows = store.query(f"""
        SELECT e.event_id, e.article_id, e.category, e.event_type, e.mode, e.context, e.date, e.status,
               e.location, e.confidence, e.cluster_id, a.published AS article_published,
               coalesce(a.publisher, a.source, a.doc_id) AS outlet, d.ingested_at AS ingested
        FROM events e JOIN articles a USING (article_id) JOIN documents d ON d.doc_hash = a.doc_hash
        {where} ORDER BY coalesce(a.published, CAST(d.ingested_at AS VARCHAR)), e.event_id
    """, params)  # noqa: S608 - `where` is a constant of this module
    attach_actors(store, rows)
    return rows


def assign_clusters(store: Store, **_: object) -> int:
    """Attach every report without a cluster to a cluster, refresh the clusters touched; returns how
    many reports were placed. Idempotent: placed reports keep their cluster."""
    new = _load_reports(store, "WHERE e.cluster_id IS NULL", [])
    if not new:
        return 0
    cats = sorted({r["category"] for r in new})
    old = _load_reports(store, "WHERE e.cluster_id IS NOT NULL AND e.category IN (SELECT unnest(?::VARCHAR[]))",
                        [cats])
    clusters: dict[str, Cluster] = {}
    for r in old:
        c = clusters.setdefault(r["cluster_id"], Cluster(r["cluster_id"], r["category"], r["status"]))
        c.reports.append(r)
    by_cat: dict[tuple[str, str], list[Cluster]] = {}
    for c in clusters.values():
        by_cat.setdefault((c.category, c.status), []).append(c)
    touched: set[str] = set()
    placement: list[tuple[str, str]] = []
    for r in new:
        cands = by_cat.setdefault((r["category"], r["status"]), [])
        best = max(cands, key=lambda c: joins(r, c), default=None)
        if best is None or joins(r, best) <= 0:
            best = Cluster(r["event_id"], r["category"], r["status"])
            cands.append(best)
            clusters[best.cluster_id] = best
        best.reports.append(r)
        touched.add(best.cluster_id)
        placement.append((best.cluster_id, r["event_id"]))
    _write(store, [clusters[cid] for cid in touched], placement)
    _link_plans(store, touched)
    from steppe.store.reviews import materialize

    materialize(store, sorted(touched))  # analysts' corrections survive the recomputation
    return len(placement)


def _write(store: Store, clusters: list[Cluster], placement: list[tuple[str, str]]) -> None:
    rows, actors = [], []
    for c in clusters:
        reps = c.reports
        days = sorted(d for d in c.seen)
        etype = Counter(r["event_type"] for r in reps).most_common(1)[0][0]
        mode = next((r["mode"] for r in reps if r.get("mode")), None)
        ctx = sorted({x for r in reps for x in (r.get("context") or [])})
        loc = Counter(r["location"] for r in reps if r.get("location")).most_common(1)
        rows.append((c.cluster_id, c.category, etype, mode, ctx, c.status, reconcile_date(c.dates),
                     loc[0][0] if loc else None, len(reps), len({r["article_id"] for r in reps}),
                     len({r["outlet"] for r in reps}), days[0].isoformat() if days else None,
                     days[-1].isoformat() if days else None,
                     round(min(0.99, max(r["confidence"] or 0 for r in reps) + 0.05 * (len(reps) - 1)), 3)))
        actor_codes: dict[str, dict[str, Any]] = {}
        for r in reps:
            for a in r["actor"]:
                actor_codes.setdefault(a["code"], a)
        recips: dict[str, dict[str, Any]] = {}
        for r in reps:
            for a in r["recipient"]:
                if a["code"] not in actor_codes:
                    recips.setdefault(a["code"], a)
        for role, group in (("actor", actor_codes), ("recipient", recips)):
            for pos, a in enumerate(group.values()):
                actors.append((c.cluster_id, role, pos, a["code"], a.get("name"), a.get("sector")))
    ids = [c.cluster_id for c in clusters]
    con = store.con
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute("DELETE FROM clusters WHERE cluster_id IN (SELECT unnest(?::VARCHAR[]))", [ids])
        con.execute("DELETE FROM cluster_actors WHERE cluster_id IN (SELECT unnest(?::VARCHAR[]))", [ids])
        if rows:
            con.executemany("INSERT INTO clusters VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, "
                            "'unreviewed')", rows)
        if actors:
            con.executemany("INSERT INTO cluster_actors VALUES (?, ?, ?, ?, ?, ?)", actors)
        if placement:
            con.executemany("UPDATE events SET cluster_id = ? WHERE event_id = ?", placement)
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise


def _link_plans(store: Store, touched: set[str]) -> None:
    """An event that was held follows the plan of it: same kind, same parties, an earlier or equal date."""
    from steppe.store.queries import cluster_rows

    rows = cluster_rows(store)
    plans = [r for r in rows if r["status"] == "future"]
    links = []
    for r in rows:
        if r["status"] != "occurred" or (r["cluster_id"] not in touched and not any(
                p["cluster_id"] in touched for p in plans)):
            continue
        p_r = participants(r)
        best = None
        for p in plans:
            if p["category"] != r["category"] or not p_r or participants(p) - p_r and p_r - participants(p):
                continue
            if not (participants(p) <= p_r or p_r <= participants(p)):
                continue
            if p.get("date") and r.get("date") and not (dates_agree(p["date"], r["date"]) or p["date"] < r["date"]):
                continue
            if p.get("first_report") and r.get("date") and p["first_report"] > (r["date"] + "-99")[:10]:
                continue
            best = p["cluster_id"]
        if best:
            links.append((best, r["cluster_id"]))
    if links:
        store.con.executemany("UPDATE clusters SET follows = ? WHERE cluster_id = ?", links)
