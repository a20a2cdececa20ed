"""Cross-source merging: reports of one real-world event from several articles become one cluster.

The rule (docs/merging.md): a report joins a cluster when
  * the category and the status are the same (a plan and its holding are two events, linked);
  * the participants overlap: one set holds the other, or their Jaccard index is at least 0.5;
  * the dates agree: one is a prefix of the other ("2025" and "2025-10-07"); two exact days may
    differ by at most MAX_DAY_GAP days (a three-day summit is one event); an undated report joins
    only a cluster reported within NEWS_CYCLE_DAYS of it;
  * the locations, when both are given, are the same.
A cluster's date is the most precise date consistent with all its reports; it counts its reports,
distinct articles and distinct sources (as GDELT's NumArticles and NumSources) and keeps its first
and last report. A held event follows the planned event of the same kind and parties before it.

How (docs/merging.md, "Implementation"): the reports of one ingest run are placed in the order of
their publication (else ingest) date, CHUNK at a time. For each chunk the clusters it could join
(same category, status and a participant, dates or report days in reach) are read from the
database with what the rule needs (participants, distinct dates, locations, report days); nothing
else is kept between chunks, so memory does not grow with the database or the run.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from steppe.extract.dates import parse_iso
from steppe.store.store import Store, bulk_insert

MAX_DAY_GAP = 3
NEWS_CYCLE_DAYS = 45
CHUNK = 4096  # reports placed per step (and clusters written per step)

# the publication day of a report as SQL (report_day: the ISO partial date, else the ingest day)
_DAY_SQL = ("coalesce(CASE WHEN regexp_full_match(a.published, '[0-9]{4}(-[0-9]{2}){0,2}') "
            "AND substr(a.published, 1, 4) <> '0000' "
            "THEN try_cast(a.published || substr('-01-01', length(a.published) - 3) AS DATE) END, "
            "CAST(d.ingested_at AS DATE))")
# the order reports are placed in, and the order of a cluster's reports from earlier runs
_KEY_SQL = "coalesce(a.published, CAST(d.ingested_at AS VARCHAR))"


class Cluster:
    """What the merge rule needs of a cluster, kept up to date as reports join it."""

    __slots__ = ("cluster_id", "category", "status", "rank", "participants", "dates", "locations", "days")

    def __init__(self, cluster_id: str, category: str, status: str, rank: tuple = (1, 0, "")) -> None:
        self.cluster_id = cluster_id
        self.category = category
        self.status = status
        # ties between equally good clusters go to the lowest rank: clusters of earlier runs first
        # (by their first report), then this run's in the order they were created
        self.rank = rank
        self.participants: set[str] = set()
        self.dates: set[str] = set()  # distinct dates of its reports
        self.locations: set[str] = set()
        self.days: set[date] = set()  # distinct publication days of its reports

    @property
    def seen(self) -> set[date]:
        return self.days

    def add(self, r: dict[str, Any]) -> None:
        self.participants |= participants(r)
        if r.get("date"):
            self.dates.add(r["date"])
        if r.get("location"):
            self.locations.add(r["location"])
        day = report_day(r)
        if day:
            self.days.add(day)


def participants(r: dict[str, Any]) -> frozenset[str]:
    if "_participants" in r:
        return r["_participants"]
    return frozenset({a["code"] for a in r.get("actor") or []} | {a["code"] for a in r.get("recipient") or []})


@lru_cache(maxsize=65536)
def _parse_day(value: str) -> date | None:
    return parse_iso(value)


@lru_cache(maxsize=65536)
def _day_of(published: str | None, ingested: str | None) -> date | None:
    return _parse_day(published or "") or (_parse_day(ingested[:10]) if ingested else None)


def report_day(r: dict[str, Any]) -> date | None:
    """When a report was published (else ingested)."""
    if "_day" in r:
        return r["_day"]
    return _day_of(r.get("article_published"), str(r["ingested"]) if r.get("ingested") else None)


@lru_cache(maxsize=65536)
def dates_agree(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return True
    if not (a.startswith(b) or b.startswith(a)):
        if len(a) == 10 and len(b) == 10:
            da, db = _parse_day(a), _parse_day(b)
            return bool(da and db and abs((da - db).days) <= MAX_DAY_GAP)
        return False
    return True


def joins(r: dict[str, Any], c: Cluster) -> float:
    """How well a report fits a cluster (0: it does not)."""
    if r["category"] != c.category or r["status"] != c.status:
        return 0.0
    p, q = participants(r), c.participants
    if not p or not q:
        return 0.0
    shared = len(p & q)
    return _fits(r, c, len(p), shared) if shared else 0.0


def _rule_holds(n_report: int, n_cluster: int, shared: int) -> bool:
    """The participant rule from the counts: one set holds the other, or Jaccard >= 0.5."""
    return shared == n_report or shared == n_cluster or 2 * shared >= n_report + n_cluster - shared


def _fits(r: dict[str, Any], c: Cluster, n_report: int, shared: int) -> float:
    """joins() for a report sharing `shared` (> 0) of its `n_report` participants with the cluster."""
    n_cluster = len(c.participants)
    if not _rule_holds(n_report, n_cluster, shared):
        return 0.0
    jac = shared / (n_report + n_cluster - shared)
    loc = r.get("location")
    if loc and c.locations and loc not in c.locations:
        return 0.0
    d = r.get("date")
    if d and not all(dates_agree(d, x) for x in c.dates):
        return 0.0
    if not d or not c.dates:
        day, seen = report_day(r), c.days
        if not day or not seen or min(abs((day - s).days) for s in seen) > NEWS_CYCLE_DAYS:
            return 0.0
    return jac + (0.5 if d and d in c.dates else 0.0)


def reconcile_date(values: list[str]) -> str | None:
    """The most precise date consistent with all reports; the majority when they disagree.
    Among equally precise dates the earliest is tried first (the same answer on every run)."""
    if not values:
        return None
    for v in sorted(set(values), key=lambda v: (-len(v), v)):
        if all(v.startswith(w) or dates_agree(v, w) for w in values):
            return v
    return Counter(values).most_common(1)[0][0]


# ---------------------------------------------------------------------- placing reports

def assign_clusters(store: Store, chunk: int = CHUNK) -> int:
    """Attach every report without a cluster to a cluster, refresh the clusters touched; returns how
    many reports were placed. Idempotent: placed reports keep their cluster.

    Reports are placed in the order of their publication date (else ingest time), then event id; a
    report joins the best fitting cluster, ties going to the cluster created first. One transaction."""
    con = store.con
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(f"""
            CREATE OR REPLACE TEMP TABLE _run AS
            SELECT e.event_id, row_number() OVER (ORDER BY {_KEY_SQL}, e.event_id) AS rn
            FROM events e JOIN articles a USING (article_id) JOIN documents d ON d.doc_hash = a.doc_hash
            WHERE e.cluster_id IS NULL""")  # noqa: S608 - constant SQL
        total = con.execute("SELECT count(*) FROM _run").fetchone()[0]
        if total:
            con.execute("CREATE OR REPLACE TEMP TABLE _touched (cluster_id VARCHAR)")
            for start in range(1, total + 1, chunk):
                _place_chunk(store, start, start + chunk - 1)
            _write_clusters(store, chunk)
            _link_plans(store)
            reviewed = [r[0] for r in con.execute(
                "SELECT DISTINCT cluster_id FROM reviews WHERE cluster_id IN (SELECT cluster_id FROM _touched) "
                "ORDER BY 1").fetchall()]
            if reviewed:
                from steppe.store.reviews import materialize

                materialize(store, reviewed)  # analysts' corrections survive the recomputation
        con.execute("DROP TABLE IF EXISTS _run")
        con.execute("DROP TABLE IF EXISTS _touched")
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    return total


def _load_chunk(store: Store, lo: int, hi: int) -> list[dict[str, Any]]:
    """The reports ranked lo..hi of this run, in order, with what placing them needs."""
    rows = store.con.execute("""
        SELECT e.event_id, e.category, e.status, e.date, e.location, a.published,
               substr(CAST(d.ingested_at AS VARCHAR), 1, 10) AS ingested, r.rn,
               (SELECT list(DISTINCT ea.code) FROM event_actors ea WHERE ea.event_id = e.event_id) AS codes
        FROM _run r JOIN events e USING (event_id) JOIN articles a USING (article_id)
        JOIN documents d ON d.doc_hash = a.doc_hash
        WHERE r.rn BETWEEN ? AND ? ORDER BY r.rn""", [lo, hi]).fetchall()  # noqa: S608 - constant SQL
    return [{"event_id": eid, "category": cat, "status": status, "date": dt, "location": loc, "rn": rn,
             "_participants": frozenset(codes or ()), "_day": _day_of(pub, ing)}
            for eid, cat, status, dt, loc, pub, ing, rn, codes in rows]


def _candidates(store: Store, reports: list[dict[str, Any]]) -> list[Cluster]:
    """The stored clusters any of these reports could join: same category and status, a shared
    participant, and a date (or, without one, a report day) in reach. A superset: joins() decides."""
    keys: set[tuple] = set()
    for r in reports:
        d, day = r.get("date"), r["_day"]
        if not d and not day:
            continue  # an undated report with no day joins nothing
        year = int(d[:4]) if d and len(d) >= 4 and d[:4].isascii() and d[:4].isdigit() else None
        odd = bool(d) and year is None
        for code in r["_participants"]:
            keys.add((r["category"], r["status"], code, year, day, odd))
    if not keys:
        return []
    cols = [list(c) for c in zip(*keys, strict=True)]
    con = store.con
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE _cand AS
        WITH q AS (SELECT unnest(?::VARCHAR[]) AS category, unnest(?::VARCHAR[]) AS status,
                          unnest(?::VARCHAR[]) AS code, unnest(?::INTEGER[]) AS year, unnest(?::DATE[]) AS day,
                          unnest(?::BOOLEAN[]) AS odd),
        placed AS (
            SELECT e.cluster_id, e.event_id, nullif(e.date, '') AS date, {_DAY_SQL} AS day
            FROM events e JOIN articles a USING (article_id) JOIN documents d ON d.doc_hash = a.doc_hash
            WHERE e.cluster_id IS NOT NULL AND e.category IN (SELECT category FROM q)),
        cl AS (
            SELECT cluster_id,
                   min(CASE WHEN regexp_matches(date, '^[0-9]{{4}}') THEN CAST(substr(date, 1, 4) AS INTEGER) END)
                       AS y0,
                   max(CASE WHEN regexp_matches(date, '^[0-9]{{4}}') THEN CAST(substr(date, 1, 4) AS INTEGER) END)
                       AS y1,
                   bool_or(date IS NOT NULL AND NOT regexp_matches(date, '^[0-9]{{4}}')) AS odd,
                   count(date) AS n_dates, min(day) AS d0, max(day) AS d1
            FROM placed GROUP BY cluster_id),
        k AS (
            SELECT DISTINCT e.cluster_id, e.category, e.status, ea.code
            FROM events e JOIN event_actors ea USING (event_id)
            WHERE e.cluster_id IS NOT NULL AND e.category IN (SELECT category FROM q))
        SELECT DISTINCT k.cluster_id FROM q JOIN k USING (category, status, code) JOIN cl USING (cluster_id)
        WHERE q.odd OR cl.odd
           OR (q.year IS NOT NULL AND cl.n_dates > 0 AND cl.y0 <= q.year + 1 AND cl.y1 >= q.year - 1)
           OR (q.day IS NOT NULL AND (q.year IS NULL OR cl.n_dates = 0)
               AND cl.d0 <= q.day + {NEWS_CYCLE_DAYS + 1} AND cl.d1 >= q.day - {NEWS_CYCLE_DAYS + 1})
    """, cols)  # noqa: S608 - constant SQL
    rows = con.execute(f"""
        SELECT e.cluster_id, any_value(e.category), any_value(e.status),
               list(DISTINCT e.date) FILTER (WHERE e.date <> ''),
               list(DISTINCT e.location) FILTER (WHERE e.location <> ''),
               list(DISTINCT (a.published, substr(CAST(d.ingested_at AS VARCHAR), 1, 10))),
               min(({_KEY_SQL}, e.event_id)) FILTER (WHERE r.rn IS NULL), min(r.rn),
               (SELECT list(DISTINCT ea.code) FROM events e2 JOIN event_actors ea USING (event_id)
                WHERE e2.cluster_id = e.cluster_id) AS codes
        FROM _cand c JOIN events e USING (cluster_id) JOIN articles a USING (article_id)
        JOIN documents d ON d.doc_hash = a.doc_hash LEFT JOIN _run r USING (event_id)
        GROUP BY e.cluster_id""").fetchall()  # noqa: S608 - constant SQL
    out = []
    for cid, cat, status, dates, locs, days, first_old, first_new, codes in rows:
        rank = (0, first_old[0], first_old[1]) if first_old is not None else (1, first_new, "")
        c = Cluster(cid, cat, status, rank)
        c.participants = set(codes or ())
        c.dates = set(dates or ())
        c.locations = set(locs or ())
        c.days = {x for x in (_day_of(p, i) for p, i in days) if x}
        out.append(c)
    return out


_YEAR = re.compile(r"[0-9]{4}")
_MONTH = re.compile(r"[0-9]{4}-[0-9]{2}")
_PERIOD = NEWS_CYCLE_DAYS + 1  # report days are indexed by periods of this many days
_ODD = ("odd",)


@lru_cache(maxsize=65536)
def _date_buckets(d: str) -> tuple:
    """Where a cluster with date d is indexed: ("Y", year) for any date starting with a year,
    ("y", year) for a bare year, ("m", year-month) for a month or day, ("odd",) for anything else."""
    out = []
    if _YEAR.match(d):
        out.append(("Y", d[:4]))
        if len(d) == 4:
            return (*out, ("y", d))
    if _MONTH.match(d):
        return (*out, ("m", d[:7]))
    return (*out, _ODD)


@lru_cache(maxsize=65536)
def _report_buckets(d: str) -> tuple | None:
    """The buckets holding every cluster date that can agree with report date d (dates_agree):
    its prefixes and extensions, and the days within MAX_DAY_GAP of it; None: look everywhere."""
    if _YEAR.fullmatch(d):
        return (("Y", d), _ODD)
    if not _MONTH.match(d):
        return None
    out = {("y", d[:4]), ("m", d[:7]), _ODD}
    day = _parse_day(d) if len(d) == 10 else None
    if day:
        for delta in (-MAX_DAY_GAP, MAX_DAY_GAP):
            out.add(("m", (day + timedelta(days=delta)).isoformat()[:7]))
    return tuple(sorted(out))


class _Index:
    """The clusters a chunk can join, by (category, status, participant) and then by date bucket
    (dated reports), by period of report days (undated reports and undated clusters), or not at
    all (reports with a date of no known form)."""

    def __init__(self) -> None:
        self.plain: dict[tuple, list[Cluster]] = {}
        self.dated: dict[tuple, list[Cluster]] = {}
        self.days: dict[tuple, list[Cluster]] = {}
        self.undated: dict[tuple, list[Cluster]] = {}  # clusters without a date (when registered)
        self.buckets: dict[Cluster, set] = {}
        self.periods: dict[Cluster, set] = {}

    def _put(self, table: dict, c: Cluster, codes, keys) -> None:
        for code in codes:
            for k in keys:
                table.setdefault((c.category, c.status, code, k), []).append(c)

    def add(self, c: Cluster) -> None:
        """Index a cluster read from the database."""
        buckets = {b for d in c.dates for b in _date_buckets(d)}
        periods = {day.toordinal() // _PERIOD for day in c.days}
        self.buckets[c], self.periods[c] = buckets, periods
        for code in c.participants:
            self.plain.setdefault((c.category, c.status, code), []).append(c)
        self._put(self.dated, c, c.participants, buckets)
        self._put(self.days, c, c.participants, periods)
        if not c.dates:
            self._put(self.undated, c, c.participants, periods)

    def join(self, c: Cluster, r: dict[str, Any]) -> None:
        """Add a report to a cluster (new or indexed) and index what it brings."""
        new_codes = participants(r) - c.participants
        had_dates = bool(c.dates)
        c.add(r)
        buckets = self.buckets.setdefault(c, set())
        periods = self.periods.setdefault(c, set())
        d, day = r.get("date"), report_day(r)
        new_buckets = [b for b in _date_buckets(d) if b not in buckets] if d else []
        new_periods = [day.toordinal() // _PERIOD] if day and day.toordinal() // _PERIOD not in periods else []
        old_codes = c.participants - new_codes
        for code in new_codes:
            self.plain.setdefault((c.category, c.status, code), []).append(c)
        # new participants under every bucket, old participants under the new buckets only
        self._put(self.dated, c, new_codes, buckets | set(new_buckets))
        self._put(self.dated, c, old_codes, new_buckets)
        self._put(self.days, c, new_codes, periods | set(new_periods))
        self._put(self.days, c, old_codes, new_periods)
        if not c.dates:
            self._put(self.undated, c, new_codes, periods | set(new_periods))
            self._put(self.undated, c, old_codes, new_periods)
        elif not had_dates:
            pass  # stale entries in `undated` are skipped on look-up (the cluster has a date now)
        buckets.update(new_buckets)
        periods.update(new_periods)

    def shared(self, r: dict[str, Any]) -> dict[Cluster, int]:
        """Clusters that may fit the report, with how many of its participants each shares."""
        cat, status, d, day = r["category"], r["status"], r.get("date"), report_day(r)
        near = [day.toordinal() // _PERIOD + k for k in (-1, 0, 1)] if day else []
        buckets = _report_buckets(d) if d else ()
        counts: dict[Cluster, int] = {}
        for code in participants(r):
            key = (cat, status, code)
            if d and buckets is None:
                found = self.plain.get(key, ())
            else:
                lists = []
                if d:
                    lists += [self.dated.get(key + (b,), ()) for b in buckets]
                    lists += [[c for c in self.undated.get(key + (p,), ()) if not c.dates] for p in near]
                else:
                    lists += [self.days.get(key + (p,), ()) for p in near]
                found = lists[0] if len(lists) == 1 else {c: None for lst in lists for c in lst}
            for c in found:
                counts[c] = counts.get(c, 0) + 1
        return counts


def _place_chunk(store: Store, lo: int, hi: int) -> None:
    reports = _load_chunk(store, lo, hi)
    index = _Index()
    for c in _candidates(store, reports):
        index.add(c)
    placement: list[tuple[str, str]] = []
    touched: dict[str, None] = {}
    for r in reports:
        p = r["_participants"]
        best: Cluster | None = None
        best_score = 0.0
        if p and (r.get("date") or r["_day"]):
            n = len(p)
            for c, s in index.shared(r).items():
                if not _rule_holds(n, len(c.participants), s):
                    continue
                score = _fits(r, c, n, s)
                if score > best_score or (score == best_score and score > 0 and c.rank < best.rank):
                    best, best_score = c, score
        if best is None:
            best = Cluster(r["event_id"], r["category"], r["status"], (1, r["rn"], ""))
        index.join(best, r)
        touched[best.cluster_id] = None
        placement.append((r["event_id"], best.cluster_id))
    con = store.con
    con.execute("UPDATE events SET cluster_id = p.cid FROM (SELECT unnest(?::VARCHAR[]) AS eid, "
                "unnest(?::VARCHAR[]) AS cid) p WHERE events.event_id = p.eid",
                [[e for e, _ in placement], [c for _, c in placement]])
    con.execute("INSERT INTO _touched SELECT unnest(?::VARCHAR[])", [list(touched)])


# ---------------------------------------------------------------------- writing clusters

def _write_clusters(store: Store, chunk: int) -> None:
    """Recompute the rows of every touched cluster from all its reports (in the order they joined:
    earlier runs' reports by date, then this run's), CHUNK clusters at a time."""
    con = store.con
    con.execute("CREATE OR REPLACE TEMP TABLE _tk AS SELECT cluster_id, row_number() OVER (ORDER BY cluster_id) AS k "
                "FROM (SELECT DISTINCT cluster_id FROM _touched)")
    n = con.execute("SELECT count(*) FROM _tk").fetchone()[0]
    con.execute("DELETE FROM clusters WHERE cluster_id IN (SELECT cluster_id FROM _tk)")
    con.execute("DELETE FROM cluster_actors WHERE cluster_id IN (SELECT cluster_id FROM _tk)")
    for lo in range(1, n + 1, chunk):
        rows = con.execute(f"""
            SELECT e.cluster_id, e.event_id, e.article_id, e.category, e.status, e.event_type, e.mode, e.context,
                   e.date, e.location, e.confidence, a.published,
                   substr(CAST(d.ingested_at AS VARCHAR), 1, 10) AS ingested,
                   coalesce(a.publisher, a.source, a.doc_id) AS outlet,
                   (SELECT list((ea.role, ea.code, ea.name, ea.sector) ORDER BY ea.role, ea.position)
                    FROM event_actors ea WHERE ea.event_id = e.event_id) AS actors
            FROM _tk t JOIN events e USING (cluster_id) JOIN articles a USING (article_id)
            JOIN documents d ON d.doc_hash = a.doc_hash LEFT JOIN _run r USING (event_id)
            WHERE t.k BETWEEN ? AND ?
            ORDER BY e.cluster_id, r.rn IS NOT NULL, CASE WHEN r.rn IS NULL THEN {_KEY_SQL} END,
                     CASE WHEN r.rn IS NULL THEN e.event_id END, r.rn""",  # noqa: S608 - constant SQL
                           [lo, lo + chunk - 1]).fetchall()
        cluster_rows, actor_rows = [], []
        start = 0
        for i in range(1, len(rows) + 1):
            if i == len(rows) or rows[i][0] != rows[start][0]:
                row, actors = _cluster_row(rows[start:i])
                cluster_rows.append(row)
                actor_rows.extend(actors)
                start = i
        bulk_insert(con, "clusters", cluster_rows)
        bulk_insert(con, "cluster_actors", actor_rows)


def _cluster_row(reps: list[tuple]) -> tuple[tuple, list[tuple]]:
    """One cluster's row and actor rows from its reports (tuples as _write_clusters selects them)."""
    cid, category, status = reps[0][0], reps[0][3], reps[0][4]
    etype = Counter(r[5] for r in reps).most_common(1)[0][0]
    mode = next((r[6] for r in reps if r[6]), None)
    ctx = sorted({x for r in reps for x in (r[7] or [])})
    loc = Counter(r[9] for r in reps if r[9]).most_common(1)
    days = sorted({d for d in (_day_of(r[11], r[12]) for r in reps) if d})
    row = (cid, category, etype, mode, ctx, status, reconcile_date([r[8] for r in reps if r[8]]),
           loc[0][0] if loc else None, len(reps), len({r[2] for r in reps}), len({r[13] for r in reps}),
           days[0].isoformat() if days else None, days[-1].isoformat() if days else None,
           round(min(0.99, max(r[10] or 0 for r in reps) + 0.05 * (len(reps) - 1)), 3))
    actor_codes: dict[str, tuple] = {}
    recips: dict[str, tuple] = {}
    for r in reps:
        for role, code, name, sector in r[14] or ():
            if role == "actor":
                actor_codes.setdefault(code, (code, name, sector))
    for r in reps:
        for role, code, name, sector in r[14] or ():
            if role == "recipient" and code not in actor_codes:
                recips.setdefault(code, (code, name, sector))
    actors = [(cid, role, pos) + a for role, group in (("actor", actor_codes), ("recipient", recips))
              for pos, a in enumerate(group.values())]
    return row, actors


def _link_plans(store: Store) -> None:
    """An event that was held follows the plan of it: same kind, same parties (one set holding the
    other), a plan date that agrees with or precedes the event's, a plan first reported no later than
    the event's date; of several plans, the last by date. Links the touched held events, or every
    held event when a plan was touched."""
    con = store.con
    any_plan = con.execute("SELECT count(*) > 0 FROM clusters WHERE status = 'future' "
                           "AND cluster_id IN (SELECT cluster_id FROM _touched)").fetchone()[0]
    agree = ("(starts_with(p.date, o.date) OR starts_with(o.date, p.date) OR "
             "(length(p.date) = 10 AND length(o.date) = 10 "
             "AND regexp_full_match(p.date, '[0-9]{4}-[0-9]{2}-[0-9]{2}') AND substr(p.date, 1, 4) <> '0000' "
             "AND regexp_full_match(o.date, '[0-9]{4}-[0-9]{2}-[0-9]{2}') AND substr(o.date, 1, 4) <> '0000' "
             f"AND abs(date_diff('day', try_cast(p.date AS DATE), try_cast(o.date AS DATE))) <= {MAX_DAY_GAP}))")
    con.execute(f"""
        UPDATE clusters SET follows = l.plan FROM (
            WITH parts AS (SELECT cluster_id, list(DISTINCT code) AS codes FROM cluster_actors GROUP BY cluster_id),
            c AS (SELECT c.cluster_id, c.category, c.status, c.date AS sort_date, nullif(c.date, '') AS date,
                         nullif(c.first_report, '') AS first_report, coalesce(p.codes, []) AS codes
                  FROM clusters c LEFT JOIN parts p USING (cluster_id)),
            plans AS (SELECT *, row_number() OVER (ORDER BY sort_date ASC NULLS LAST, cluster_id) AS ord
                      FROM c WHERE status = 'future'),
            occ AS (SELECT * FROM c WHERE status = 'occurred' AND len(codes) > 0
                    AND (? OR cluster_id IN (SELECT cluster_id FROM _touched)))
            SELECT o.cluster_id, arg_max(p.cluster_id, p.ord) AS plan
            FROM occ o JOIN plans p ON p.category = o.category
            WHERE (list_has_all(o.codes, p.codes) OR list_has_all(p.codes, o.codes))
              AND (p.date IS NULL OR o.date IS NULL OR {agree} OR p.date < o.date)
              AND (p.first_report IS NULL OR o.date IS NULL OR p.first_report <= substr(o.date || '-99', 1, 10))
            GROUP BY o.cluster_id) l
        WHERE clusters.cluster_id = l.cluster_id""", [any_plan])  # noqa: S608 - constant SQL
