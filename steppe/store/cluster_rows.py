"""The rows of the clusters an ingest run creates, computed in Python from the reports the run kept in
memory: what `clusters._write_clusters` computes in SQL, for clusters whose reports are all of this
run. The processes that place the reports compute them too, each for its half, while the main
process checkpoints the database: the end of an ingest no longer waits for that SQL.

Each rule is the SQL's (see `_write_clusters`), over the reports in the order they joined (their rank):
event type and location the most common, ties to the first seen (a missing event type counts as one,
a missing or empty location does not); mode the first non-empty; contexts distinct and sorted; the
date reconciled from every non-empty date in first-seen order, repeated by count; articles and
outlets counted distinct; first and last report day; confidence the highest (missing: 0) raised
0.05 a further report, at most 0.99; actors and recipients by first mention (report rank, then
position), a recipient left out when the cluster names it as an actor."""

from __future__ import annotations

from datetime import date
from typing import Any


def new_cluster_rows(members: dict[str, list[Any]]) -> tuple[list[tuple], list[tuple]]:
    """members: cluster id -> its reports (clusters._Report with `extra`) in rank order. Returns the
    rows of `clusters` and of `cluster_actors` (store.COLUMNS order)."""
    from steppe.store.clusters import reconcile_date

    rows: list[tuple] = []
    actor_rows: list[tuple] = []
    for cid, reports in members.items():
        types: dict[Any, list[int]] = {}  # event type -> [count, first rank]; insertion order = first seen
        places: dict[str, list[int]] = {}
        dates: dict[str, int] = {}
        mode = None
        contexts: set[str] = set()
        articles: set[str] = set()
        outlets: set[str] = set()
        days: list[int] = []
        best = None
        firsts: dict[str, dict[str, tuple]] = {}  # role -> code -> ((rank, position), name, sector)
        for pos, r in enumerate(reports, 1):
            e, outlet, actors = r.extra  # the event row (store.COLUMNS["events"]) and the actor rows
            article_id, event_type, r_mode, context, confidence = e[1], e[4], e[5], e[6], e[13]
            t = types.get(event_type)
            if t is None:
                types[event_type] = [1, pos]
            else:
                t[0] += 1
            if r.location:
                x = places.get(r.location)
                if x is None:
                    places[r.location] = [1, pos]
                else:
                    x[0] += 1
            if r.date:
                dates[r.date] = dates.get(r.date, 0) + 1
            if mode is None and r_mode:
                mode = r_mode
            if context:
                contexts.update(x for x in context if x is not None)
            articles.add(article_id)
            if outlet is not None:
                outlets.add(outlet)
            if r.day:
                days.append(r.day)
            c = 0.0 if confidence is None else float(confidence)
            if best is None or c > best:
                best = c
            for _, role, position, code, name, sector in actors:
                seen = firsts.setdefault(role, {})
                key = (pos, position)
                old = seen.get(code)
                if old is None or key < old[0]:
                    seen[code] = (key, name, sector)
        n = len(reports)
        event_type = max(types.items(), key=lambda kv: (kv[1][0], -kv[1][1]))[0]
        location = max(places.items(), key=lambda kv: (kv[1][0], -kv[1][1]))[0] if places else None
        values = [d for d, k in dates.items() for _ in range(k)]
        first = date.fromordinal(min(days)).isoformat() if days else None
        last = date.fromordinal(max(days)).isoformat() if days else None
        head = reports[0]
        rows.append((cid, head.category, event_type, mode, sorted(contexts), head.status, reconcile_date(values),
                     location, n, len(articles), len(outlets), first, last,
                     round(min(0.99, best + 0.05 * (n - 1)), 3)))
        actor_codes = firsts.get("actor", {})
        for role in sorted(firsts):
            kept = [(k, code, name, sector) for code, (k, name, sector) in firsts[role].items()
                    if role == "actor" or code not in actor_codes]
            kept.sort()
            actor_rows.extend((cid, role, i, code, name, sector) for i, (_, code, name, sector) in enumerate(kept))
    return rows, actor_rows
