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
their publication (else ingest) date, CHUNK at a time. For each chunk, the clusters it could join
(same category, status and a participant, with a date or report days in reach) are read from the
database with what the rule needs: participants, distinct dates, locations and report days. They
are indexed by participant and date bucket, and kept up to date as reports join them; nothing is
kept from one chunk to the next, so memory does not grow with the database or the run. The rows of
the touched clusters are then recomputed from all their reports in SQL, plans linked in SQL.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Callable
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from steppe.extract.dates import parse_iso
from steppe.store.store import NewReports, Store, bulk_insert

MAX_DAY_GAP = 3
NEWS_CYCLE_DAYS = 45
CHUNK = 50_000  # reports placed per step, clusters written per step (bounds the memory of a run)

# the publication day of a report in SQL (as report_day: the ISO partial date, else the ingest day);
# only used to narrow the clusters read from the database, with a day to spare
_DAY_SQL = ("coalesce(CASE WHEN regexp_full_match(a.published, '[0-9]{4}(-[0-9]{2}){0,2}') "
            "AND substr(a.published, 1, 4) <> '0000' "
            "THEN try_cast(a.published || substr('-01-01', length(a.published) - 3) AS DATE) END, "
            "CAST(d.ingested_at AS DATE))")
# the order reports are placed in, and the order of a cluster's reports from earlier runs
_KEY_SQL = "coalesce(a.published, CAST(d.ingested_at AS VARCHAR))"
_SEP = "\x1f"  # joins participant codes in SQL results
# the placed reports: of earlier runs (events.cluster_id) and of this run so far (_placed, written to
# events at the end: reading events updated in the open transaction is slow)
_PLACED = ("(SELECT event_id, cluster_id FROM events WHERE cluster_id IS NOT NULL "
           "UNION ALL SELECT event_id, cluster_id FROM _placed)")


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
        self.days: set[int] = set()  # distinct publication days of its reports (ordinals)

    @property
    def seen(self) -> list[date]:
        return sorted(date.fromordinal(d) for d in self.days)

    def add(self, r: _Report) -> None:
        self.participants |= r.participants
        if r.date:
            self.dates.add(r.date)
        if r.location:
            self.locations.add(r.location)
        if r.day:
            self.days.add(r.day)


class _Report:
    """One report as placing it needs: day is the ordinal of its publication (else ingest) day."""

    __slots__ = ("event_id", "category", "status", "date", "location", "rn", "participants", "day")

    def __init__(self, event_id: str, category: str, status: str, date_: str | None, location: str | None,
                 rn: int, codes: frozenset[str], day: int | None) -> None:
        self.event_id, self.category, self.status = event_id, category, status
        self.date, self.location, self.rn, self.participants, self.day = date_, location, rn, codes, day


def participants(r: dict[str, Any]) -> frozenset[str]:
    return frozenset({a["code"] for a in r.get("actor") or []} | {a["code"] for a in r.get("recipient") or []})


@lru_cache(maxsize=65536)
def _parse_day(value: str) -> date | None:
    return parse_iso(value)


@lru_cache(maxsize=65536)
def _day_of(published: str | None, ingested: str | None) -> date | None:
    return _parse_day(published or "") or (_parse_day(ingested[:10]) if ingested else None)


def report_day(r: dict[str, Any]) -> date | None:
    """When a report was published (else ingested)."""
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


def _as_report(r: dict[str, Any]) -> _Report:
    day = report_day(r)
    return _Report(r.get("event_id", ""), r["category"], r["status"], r.get("date"), r.get("location"),
                   r.get("rn", 0), participants(r), day.toordinal() if day else None)


def joins(r: dict[str, Any], c: Cluster) -> float:
    """How well a report (event_id, category, status, date, location, actor, recipient,
    article_published, ingested) fits a cluster (0: it does not)."""
    rep = _as_report(r)
    if rep.category != c.category or rep.status != c.status or not rep.participants or not c.participants:
        return 0.0
    shared = len(rep.participants & c.participants)
    return _fit(rep, c, len(rep.participants), shared) if shared else 0.0


def _fit(r: _Report, c: Cluster, n: int, shared: int) -> float:
    """joins() for a report sharing `shared` (> 0) of its `n` participants with the cluster."""
    m = len(c.participants)
    # one set holds the other, or Jaccard shared / (n + m - shared) >= 0.5
    if shared != n and shared != m and 3 * shared < n + m:
        return 0.0
    loc = r.location
    if loc and c.locations and loc not in c.locations:
        return 0.0
    d = r.date
    dates = c.dates
    if d and dates:
        for x in dates:
            if not dates_agree(d, x):
                return 0.0
        return shared / (n + m - shared) + (0.5 if d in dates else 0.0)
    day = r.day
    if not day or not c.days:
        return 0.0
    for s in c.days:
        if -NEWS_CYCLE_DAYS <= day - s <= NEWS_CYCLE_DAYS:
            return shared / (n + m - shared)
    return 0.0


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

def assign_clusters(store: Store, chunk: int = CHUNK, parallel: bool = False,
                    new_reports: NewReports | None = None) -> int:
    """Attach every report without a cluster to a cluster, refresh the clusters touched; returns how
    many reports were placed. Idempotent: placed reports keep their cluster.

    Reports are placed in the order of their publication date (else ingest time), then event id; a
    report joins the best fitting cluster, ties going to the cluster created first. One transaction
    writes the placements and the clusters.
    parallel: place large chunks in two processes (POSIX; the same placements).
    new_reports: what the writes of this run kept of its reports; used instead of reading them back
    when they are all the reports without a cluster and fit in one chunk (run_clusters)."""
    from steppe.store import run_clusters

    con = store.con
    reports = run_clusters.memory_reports(store, new_reports, chunk)
    # from memory, placed (and the rows of the new clusters made) before the transaction: the main
    # process checkpoints the database meanwhile
    placed = run_clusters.place(store, reports, parallel) if reports else None
    con.execute("BEGIN TRANSACTION")
    try:
        if reports is None:
            con.execute(f"""
                CREATE OR REPLACE TEMP TABLE _run AS
                SELECT e.event_id, row_number() OVER (ORDER BY {_KEY_SQL}, e.event_id) AS rn
                FROM events e JOIN articles a USING (article_id) JOIN documents d ON d.doc_hash = a.doc_hash
                WHERE e.cluster_id IS NULL""")  # noqa: S608 - constant SQL
            total = con.execute("SELECT count(*) FROM _run").fetchone()[0]
        else:
            total = len(reports)
        if total:
            if placed is None:
                con.execute("CREATE OR REPLACE TEMP TABLE _placed (event_id VARCHAR, cluster_id VARCHAR)")
                for start in range(1, total + 1, chunk):
                    _place_chunk(store, start, start + chunk - 1, parallel)
                con.execute("CREATE OR REPLACE TEMP TABLE _touched AS SELECT DISTINCT cluster_id FROM _placed")
                _write_clusters(store, chunk)
            else:
                run_clusters.write(store, placed, chunk)
            _link_plans(store)
            con.execute("UPDATE events SET cluster_id = p.cluster_id FROM _placed p "
                        "WHERE events.event_id = p.event_id")
            reviewed = [r[0] for r in con.execute(
                "SELECT DISTINCT cluster_id FROM reviews WHERE cluster_id IN (SELECT cluster_id FROM _touched) "
                "ORDER BY 1").fetchall()]
            if reviewed:
                from steppe.store.reviews import materialize

                materialize(store, reviewed)  # analysts' corrections survive the recomputation
        for table in ("_run", "_placed", "_touched", "_tk", "_cand"):
            con.execute(f"DROP TABLE IF EXISTS {table}")
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    return total


def _load_chunk(store: Store, lo: int, hi: int) -> list[_Report]:
    """The reports ranked lo..hi of this run, in order, with what placing them needs."""
    rows = store.con.execute(f"""
        WITH r AS (SELECT event_id, rn FROM _run WHERE rn BETWEEN ? AND ?),
        codes AS (SELECT event_id, string_agg(DISTINCT code, '{_SEP}') AS codes FROM event_actors
                  WHERE event_id IN (SELECT event_id FROM r) GROUP BY event_id)
        SELECT e.event_id, e.category, e.status, e.date, e.location, r.rn, codes.codes, a.published,
               substr(CAST(d.ingested_at AS VARCHAR), 1, 10) AS ingested
        FROM r JOIN events e USING (event_id) JOIN articles a USING (article_id)
        JOIN documents d ON d.doc_hash = a.doc_hash LEFT JOIN codes USING (event_id)
        ORDER BY r.rn""", [lo, hi]).fetchall()  # noqa: S608 - constant SQL
    out = []
    for eid, cat, status, dt, loc, rn, codes, pub, ing in rows:
        day = _day_of(pub, ing)
        out.append(_Report(eid, cat, status, dt, loc, rn, frozenset(codes.split(_SEP)) if codes else frozenset(),
                           day.toordinal() if day else None))
    return out


def _candidates(store: Store, reports: list[_Report]) -> list[Cluster]:
    """The stored clusters any of these reports could join: same category and status, a shared
    participant, and a date (or, without one, a report day) in reach of one of the reports with
    that participant. A superset (the reach is taken over all those reports): _fit decides."""
    # per (category, status, participant): the range of report years, the range of days of the
    # undated reports and of the dated ones, whether a date is of no known form
    con = store.con
    # nothing to read when no placed report has a category of these (a new database): checked first
    categories = sorted({r.category for r in reports if r.participants and (r.date or r.day)})
    if not categories or not con.execute(f"SELECT count(*) FROM {_PLACED} p JOIN events e USING (event_id) "  # noqa: S608
                                         "WHERE e.category IN (SELECT unnest(?::VARCHAR[]))",
                                         [categories]).fetchall()[0][0]:
        return []
    reach: dict[tuple[str, str, str], list] = {}
    for r in reports:
        d, day = r.date, r.day
        if not d and not day:
            continue  # an undated report with no day joins nothing
        year = int(d[:4]) if d and len(d) >= 4 and d[:4].isascii() and d[:4].isdigit() else None
        for code in r.participants:
            x = reach.get((r.category, r.status, code))
            if x is None:
                x = reach[(r.category, r.status, code)] = [None, None, None, None, None, None, False]
            if d and year is None:
                x[6] = True
            elif year is not None:
                x[0] = year if x[0] is None else min(x[0], year)
                x[1] = year if x[1] is None else max(x[1], year)
            if day:
                i = 4 if d else 2  # days of dated reports reach undated clusters only
                x[i] = day if x[i] is None else min(x[i], day)
                x[i + 1] = day if x[i + 1] is None else max(x[i + 1], day)
    cols: list[list] = [[] for _ in range(10)]
    for (cat, status, code), x in reach.items():
        days = [date.fromordinal(v) if v is not None else None for v in x[2:6]]
        for col, v in zip(cols, (cat, status, code, x[0], x[1], *days, x[6]), strict=True):
            col.append(v)
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE _cand AS
        WITH q AS MATERIALIZED (
            SELECT unnest(?::VARCHAR[]) AS category, unnest(?::VARCHAR[]) AS status, unnest(?::VARCHAR[]) AS code,
                   unnest(?::INTEGER[]) AS y_lo, unnest(?::INTEGER[]) AS y_hi,
                   unnest(?::DATE[]) AS u_lo, unnest(?::DATE[]) AS u_hi,
                   unnest(?::DATE[]) AS d_lo, unnest(?::DATE[]) AS d_hi, unnest(?::BOOLEAN[]) AS odd),
        ev AS MATERIALIZED (  -- the participants of placed reports (joined first: DuckDB would start with q)
            SELECT DISTINCT p.cluster_id, e.category, e.status, ea.code
            FROM {_PLACED} p JOIN events e USING (event_id) JOIN event_actors ea USING (event_id)
            WHERE e.category IN (SELECT category FROM q)),
        k AS MATERIALIZED (  -- clusters sharing a participant with the chunk, and that participant's reach
            SELECT DISTINCT ev.cluster_id, q.*
            FROM ev JOIN q ON q.category = ev.category AND q.status = ev.status AND q.code = ev.code),
        cl AS MATERIALIZED (  -- their years of dates and range of report days
            SELECT p.cluster_id,
                   min(CASE WHEN regexp_matches(e.date, '^[0-9]{{4}}') THEN CAST(substr(e.date, 1, 4) AS INTEGER) END)
                       AS y0,
                   max(CASE WHEN regexp_matches(e.date, '^[0-9]{{4}}') THEN CAST(substr(e.date, 1, 4) AS INTEGER) END)
                       AS y1,
                   bool_or(e.date <> '' AND NOT regexp_matches(e.date, '^[0-9]{{4}}')) AS odd,
                   count(nullif(e.date, '')) AS n_dates, min({_DAY_SQL}) AS d0, max({_DAY_SQL}) AS d1
            FROM {_PLACED} p JOIN events e USING (event_id) JOIN articles a USING (article_id)
            JOIN documents d ON d.doc_hash = a.doc_hash
            WHERE p.cluster_id IN (SELECT cluster_id FROM k)
            GROUP BY p.cluster_id)
        SELECT DISTINCT k.cluster_id FROM k JOIN cl USING (cluster_id)
        WHERE k.odd OR cl.odd
           OR (k.y_lo IS NOT NULL AND cl.n_dates > 0 AND cl.y0 <= k.y_hi + 1 AND cl.y1 >= k.y_lo - 1)
           OR (k.u_lo IS NOT NULL AND cl.d0 <= k.u_hi + {NEWS_CYCLE_DAYS + 1}
               AND cl.d1 >= k.u_lo - {NEWS_CYCLE_DAYS + 1})
           OR (k.d_lo IS NOT NULL AND cl.n_dates = 0 AND cl.d0 <= k.d_hi + {NEWS_CYCLE_DAYS + 1}
               AND cl.d1 >= k.d_lo - {NEWS_CYCLE_DAYS + 1})
    """, cols)  # noqa: S608 - constant SQL
    rows = con.execute(f"""
        WITH pc AS MATERIALIZED (SELECT p.* FROM {_PLACED} p JOIN _cand USING (cluster_id)),
        codes AS (
            SELECT pc.cluster_id, string_agg(DISTINCT ea.code, '{_SEP}') AS codes
            FROM pc JOIN event_actors ea USING (event_id)
            GROUP BY pc.cluster_id)
        SELECT pc.cluster_id, any_value(e.category), any_value(e.status),
               list(DISTINCT e.date) FILTER (WHERE e.date <> ''),
               list(DISTINCT e.location) FILTER (WHERE e.location <> ''),
               list(DISTINCT (a.published, substr(CAST(d.ingested_at AS VARCHAR), 1, 10))),
               min(({_KEY_SQL}, e.event_id)) FILTER (WHERE r.rn IS NULL), min(r.rn), any_value(codes.codes)
        FROM pc JOIN events e USING (event_id) JOIN articles a USING (article_id)
        JOIN documents d ON d.doc_hash = a.doc_hash LEFT JOIN _run r USING (event_id)
        LEFT JOIN codes ON codes.cluster_id = pc.cluster_id
        GROUP BY pc.cluster_id""").fetchall()  # noqa: S608 - constant SQL
    out = []
    for cid, cat, status, dates, locs, days, first_old, first_new, codes in rows:
        first_old = tuple(first_old.values()) if isinstance(first_old, dict) else first_old
        rank = (0, first_old[0], first_old[1]) if first_old is not None else (1, first_new, "")
        c = Cluster(cid, cat, status, rank)
        c.participants = set(codes.split(_SEP)) if codes else set()
        c.dates = set(dates or ())
        c.locations = set(locs or ())
        for pair in days or ():
            pub, ing = pair.values() if isinstance(pair, dict) else pair
            day = _day_of(pub, ing)
            if day:
                c.days.add(day.toordinal())
        out.append(c)
    return out


_YEAR = re.compile(r"[0-9]{4}")
_MONTH = re.compile(r"[0-9]{4}-[0-9]{2}")
_PERIOD = NEWS_CYCLE_DAYS + 1  # report days are indexed by periods of this many days
_ODD = "?"


@lru_cache(maxsize=65536)
def _date_buckets(d: str) -> tuple[str, ...]:
    """Where a cluster with date d is indexed: "Y<year>" for any date starting with a year,
    "y<year>" for a bare year, "m<year-month>" for a month or a day, "?" for the rest."""
    out: tuple[str, ...] = ()
    if _YEAR.match(d):
        out = ("Y" + d[:4],)
        if len(d) == 4:
            return (*out, "y" + d)
    if _MONTH.match(d):
        return (*out, "m" + d[:7])
    return (*out, _ODD)


@lru_cache(maxsize=65536)
def _report_buckets(d: str) -> tuple[str, ...] | None:
    """The buckets that hold every cluster date that can agree with report date d (dates_agree):
    its prefixes and extensions, and the days within MAX_DAY_GAP of it; None: look everywhere."""
    if _YEAR.fullmatch(d):
        return ("Y" + d, _ODD)
    if not _MONTH.match(d):
        return None
    out = {"y" + d[:4], "m" + d[:7], _ODD}
    day = _parse_day(d) if len(d) == 10 else None
    if day:
        for delta in (-MAX_DAY_GAP, MAX_DAY_GAP):
            try:
                out.add("m" + (day + timedelta(days=delta)).isoformat()[:7])
            except OverflowError:  # pragma: no cover - the first or last days of the calendar
                return None
    return tuple(sorted(out))


class _Slot:
    """The clusters of one (category, status, participant): all, by date bucket, by period of
    report days, and those without a date by period."""

    __slots__ = ("all", "dated", "days", "undated")

    def __init__(self) -> None:
        self.all: list[Cluster] = []
        self.dated: dict[str, list[Cluster]] = {}
        self.days: dict[int, list[Cluster]] = {}
        self.undated: dict[int, dict[Cluster, None]] = {}


class _Index:
    """The clusters of one chunk by (category, status, participant), then by date bucket (for dated
    reports), by period of report days (undated reports; undated clusters for dated reports), or
    not at all (reports with a date of no known form)."""

    def __init__(self) -> None:
        self.slots: dict[tuple[str, str, str], _Slot] = {}
        self.buckets: dict[Cluster, set] = {}
        self.periods: dict[Cluster, set] = {}

    def add(self, c: Cluster) -> None:
        """Index a cluster read from the database."""
        self.buckets[c] = set()
        self.periods[c] = set()
        self._grow(c, set(c.participants), set(), {b for d in c.dates for b in _date_buckets(d)},
                   {day // _PERIOD for day in c.days})

    def join(self, c: Cluster, r: _Report) -> None:
        """Add a report to a cluster (new or indexed) and index what it brings."""
        if c not in self.buckets:
            self.buckets[c] = set()
            self.periods[c] = set()
        new_codes = r.participants - c.participants
        old_codes = c.participants - new_codes if new_codes else c.participants
        had_dates = bool(c.dates)
        c.add(r)
        new_buckets = {b for b in _date_buckets(r.date) if b not in self.buckets[c]} if r.date else set()
        period = r.day // _PERIOD if r.day else None
        new_periods = {period} if period is not None and period not in self.periods[c] else set()
        if new_codes or new_buckets or new_periods:
            self._grow(c, new_codes, old_codes, new_buckets, new_periods)
        if c.dates and not had_dates:  # no longer an undated cluster
            for code in c.participants:
                slot = self.slots[(c.category, c.status, code)]
                for p in self.periods[c]:
                    slot.undated.get(p, {}).pop(c, None)

    def _grow(self, c: Cluster, new_codes: set, old_codes: set, new_buckets: set, new_periods: set) -> None:
        """Index new participants under every bucket and period, old ones under the new only."""
        buckets, periods = self.buckets[c], self.periods[c]
        buckets |= new_buckets
        periods |= new_periods
        cat, status, undated = c.category, c.status, not c.dates
        for codes, bs, ps in ((new_codes, buckets, periods), (old_codes, new_buckets, new_periods)):
            for code in codes:
                slot = self.slots.get((cat, status, code))
                if slot is None:
                    slot = self.slots[(cat, status, code)] = _Slot()
                if codes is new_codes:
                    slot.all.append(c)
                for b in bs:
                    slot.dated.setdefault(b, []).append(c)
                for p in ps:
                    slot.days.setdefault(p, []).append(c)
                    if undated:
                        slot.undated.setdefault(p, {})[c] = None

    def shared(self, r: _Report) -> dict[Cluster, int]:
        """Clusters that may fit the report, with how many of its participants each shares."""
        cat, status, d, day = r.category, r.status, r.date, r.day
        counts: dict[Cluster, int] = {}
        get = counts.get
        buckets = _report_buckets(d) if d else None
        near = (day // _PERIOD - 1, day // _PERIOD, day // _PERIOD + 1) if day else ()
        slots = self.slots
        for code in r.participants:
            slot = slots.get((cat, status, code))
            if slot is None:
                continue
            if d and buckets is None:
                found = slot.all
            else:
                lists = []
                if d:
                    dated = slot.dated
                    for b in buckets:
                        lst = dated.get(b)
                        if lst:
                            lists.append(lst)
                    undated = slot.undated
                    for p in near:
                        dct = undated.get(p)
                        if dct:
                            lists.append(dct)
                else:
                    days = slot.days
                    for p in near:
                        lst = days.get(p)
                        if lst:
                            lists.append(lst)
                if not lists:
                    continue
                found = lists[0] if len(lists) == 1 else {c: None for lst in lists for c in lst}
            for c in found:
                counts[c] = get(c, 0) + 1
        return counts


PARALLEL_MIN = 5000  # reports in a chunk from which two processes place it (when allowed)


def _place(reports: list[_Report], candidates: list[Cluster]) -> list[tuple[str, str]]:
    """(event id, cluster id) for each report, in order: the best fitting cluster, else a new one."""
    index = _Index()
    for c in candidates:
        index.add(c)
    placement: list[tuple[str, str]] = []
    for r in reports:
        p = r.participants
        best: Cluster | None = None
        best_score = 0.0
        if p and (r.date or r.day):
            n = len(p)
            for c, s in index.shared(r).items():
                m = len(c.participants)
                if s != n and s != m and 3 * s < n + m:
                    continue  # the participant rule cannot hold (checked here first: most fail it)
                score = _fit(r, c, n, s)
                if score > best_score or (score == best_score and score > 0 and c.rank < best.rank):
                    best, best_score = c, score
        if best is None:
            best = Cluster(r.event_id, r.category, r.status, (1, r.rn, ""))
        index.join(best, r)
        placement.append((r.event_id, best.cluster_id))
    return placement


def _place_in_two(reports: list[_Report], candidates: list[Cluster], meanwhile: Callable[[], None] | None = None,
                  head_start: int = 0) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """_place with the (category, status) groups split between this process and a forked child: no
    report can join a cluster of another group, so the two halves are independent. Returns (this
    process's placements, the child's). meanwhile: run here first, while the child works; head_start:
    how many reports' worth of work it counts for in the split."""
    import pickle

    sizes = Counter((r.category, r.status) for r in reports)
    mine: set[tuple[str, str]] = set()
    load = [head_start, 0]
    for group, n in sorted(sizes.items(), key=lambda kv: (-kv[1], kv[0])):
        side = 0 if load[0] <= load[1] else 1
        load[side] += n
        if side == 0:
            mine.add(group)
    halves = [([r for r in reports if ((r.category, r.status) in mine) == side],
               [c for c in candidates if ((c.category, c.status) in mine) == side]) for side in (True, False)]
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: place the other half, send it back, leave without any clean-up
        code = 1
        try:
            os.close(read_end)
            with os.fdopen(write_end, "wb") as out:
                pickle.dump(_place(*halves[1]), out, protocol=pickle.HIGHEST_PROTOCOL)
            code = 0
        finally:
            os._exit(code)
    os.close(write_end)
    try:
        if meanwhile is not None:
            meanwhile()
        result = _place(*halves[0])
    finally:
        with os.fdopen(read_end, "rb") as inp:
            data = inp.read()
        _, status = os.waitpid(pid, 0)
    if status != 0:
        raise RuntimeError("clustering: the second process failed")
    return result, pickle.loads(data)


def _place_chunk(store: Store, lo: int, hi: int, parallel: bool = False) -> None:
    reports = _load_chunk(store, lo, hi)
    candidates = _candidates(store, reports)
    if parallel and len(reports) >= PARALLEL_MIN and hasattr(os, "fork"):
        mine, theirs = _place_in_two(reports, candidates)
        placement = mine + theirs
    else:
        placement = _place(reports, candidates)
    _insert_placed(store, placement)


def _insert_placed(store: Store, placement: list[tuple[str, str]]) -> None:
    import numpy as np

    _steppe_placed = {"e": np.array([e for e, _ in placement], dtype=object),  # noqa: F841 - read below
                      "c": np.array([c for _, c in placement], dtype=object)}  # (a replacement scan: bulk_insert)
    store.con.execute("INSERT INTO _placed SELECT CAST(e AS VARCHAR), CAST(c AS VARCHAR) FROM _steppe_placed")


# ---------------------------------------------------------------------- writing clusters

def _write_clusters(store: Store, chunk: int) -> None:
    """Recompute the rows of every touched cluster from all its reports, taken in the order they
    joined (earlier runs' reports by date, then this run's): the most common event type and location
    (the first seen of equally common ones), the first mode, every context, the reconciled date,
    counts, first and last report day, confidence, and the actors and recipients in order of
    first mention. CHUNK clusters at a time."""
    con = store.con
    con.execute("CREATE OR REPLACE TEMP TABLE _tk AS SELECT cluster_id, row_number() OVER (ORDER BY cluster_id) AS k "
                "FROM (SELECT DISTINCT cluster_id FROM _touched)")
    n = con.execute("SELECT count(*) FROM _tk").fetchone()[0]
    con.execute("DELETE FROM clusters WHERE cluster_id IN (SELECT cluster_id FROM _tk)")
    con.execute("DELETE FROM cluster_actors WHERE cluster_id IN (SELECT cluster_id FROM _tk)")
    for lo in range(1, n + 1, chunk):
        con.execute(f"""
            CREATE OR REPLACE TEMP TABLE _rep AS
            SELECT p.cluster_id, e.event_id, e.article_id, e.category, e.status, e.event_type, e.mode, e.context,
                   nullif(e.date, '') AS date, nullif(e.location, '') AS location, e.confidence, a.published,
                   substr(CAST(d.ingested_at AS VARCHAR), 1, 10) AS ingested,
                   coalesce(a.publisher, a.source, a.doc_id) AS outlet,
                   row_number() OVER (PARTITION BY p.cluster_id ORDER BY r.rn IS NOT NULL,
                       CASE WHEN r.rn IS NULL THEN {_KEY_SQL} END, CASE WHEN r.rn IS NULL THEN e.event_id END,
                       r.rn) AS pos
            FROM _tk t JOIN {_PLACED} p USING (cluster_id) JOIN events e USING (event_id)
            JOIN articles a USING (article_id) JOIN documents d ON d.doc_hash = a.doc_hash
            LEFT JOIN _run r USING (event_id)
            WHERE t.k BETWEEN ? AND ?""", [lo, lo + chunk - 1])  # noqa: S608 - constant SQL
        base = con.execute("""
            WITH et AS (SELECT cluster_id, event_type, count(*) AS n, min(pos) AS first
                        FROM _rep GROUP BY cluster_id, event_type),
            lo AS (SELECT cluster_id, location, count(*) AS n, min(pos) AS first
                   FROM _rep WHERE location IS NOT NULL GROUP BY cluster_id, location),
            dt AS (SELECT cluster_id, list((date, n) ORDER BY first) AS dates FROM (
                       SELECT cluster_id, date, count(*) AS n, min(pos) AS first FROM _rep
                       WHERE date IS NOT NULL GROUP BY cluster_id, date) GROUP BY cluster_id)
            SELECT r.cluster_id, any_value(r.category), any_value(r.status),
                   (SELECT first(event_type ORDER BY n DESC, first) FROM et WHERE et.cluster_id = r.cluster_id),
                   arg_min(r.mode, r.pos) FILTER (WHERE r.mode <> ''),
                   list_sort(list_distinct(flatten(list(r.context) FILTER (WHERE r.context IS NOT NULL)))),
                   any_value(dt.dates),
                   (SELECT first(location ORDER BY n DESC, first) FROM lo WHERE lo.cluster_id = r.cluster_id),
                   count(*), count(DISTINCT r.article_id), count(DISTINCT r.outlet),
                   list(DISTINCT (r.published, r.ingested)), max(coalesce(r.confidence, 0))
            FROM _rep r LEFT JOIN dt USING (cluster_id)
            GROUP BY r.cluster_id""").fetchall()
        rows = []
        for cid, cat, status, etype, mode, ctx, dates, loc, n_rep, n_art, n_src, pairs, conf in base:
            days = sorted({d for d in (_day_of(*_pair(x)) for x in pairs) if d})
            values = [v for v, k in map(_pair, dates or ()) for _ in range(k)]
            rows.append((cid, cat, etype, mode, ctx or [], status, reconcile_date(values), loc, n_rep, n_art, n_src,
                         days[0].isoformat() if days else None, days[-1].isoformat() if days else None,
                         round(min(0.99, conf + 0.05 * (n_rep - 1)), 3)))
        bulk_insert(con, "clusters", rows)
        # actors in order of first mention; recipients that are nowhere an actor of the cluster
        con.execute("""
            INSERT INTO cluster_actors (cluster_id, role, position, code, name, sector)
            WITH m AS (
                SELECT r.cluster_id, ea.role, ea.code, ea.name, ea.sector, r.pos, ea.position
                FROM _rep r JOIN event_actors ea USING (event_id)),
            firsts AS (
                SELECT cluster_id, role, code, arg_min({'name': name, 'sector': sector}, (pos, position)) AS ns,
                       min((pos, position)) AS first
                FROM m GROUP BY cluster_id, role, code),
            kept AS (
                SELECT f.* FROM firsts f WHERE f.role = 'actor' OR NOT EXISTS (
                    SELECT 1 FROM firsts g WHERE g.cluster_id = f.cluster_id AND g.role = 'actor' AND g.code = f.code))
            SELECT cluster_id, role, row_number() OVER (PARTITION BY cluster_id, role ORDER BY first) - 1,
                   code, ns.name, ns.sector
            FROM kept""")
        con.execute("DROP TABLE _rep")


def _pair(x: Any) -> tuple:
    return tuple(x.values()) if isinstance(x, dict) else tuple(x)


def _link_plans(store: Store) -> None:
    """An event that was held follows the plan of it: same kind, same parties (one set holding the
    other), a plan date that agrees with or precedes the event's, a plan first reported no later than
    the event's date; of several plans, the last by date (then id). Links the touched held events,
    or every held event when a plan was touched."""
    con = store.con
    any_plan = con.execute("SELECT count(*) > 0 FROM clusters WHERE status = 'future' "
                           "AND cluster_id IN (SELECT cluster_id FROM _touched)").fetchone()[0]
    # two exact days within MAX_DAY_GAP; whether a date is an exact day is found once per cluster (c.day)
    # rather than once per pair of plan and event: pairs are ten times as many
    agree = ("(starts_with(p.date, o.date) OR starts_with(o.date, p.date) OR "
             f"(p.day IS NOT NULL AND o.day IS NOT NULL AND abs(date_diff('day', p.day, o.day)) <= {MAX_DAY_GAP}))")
    # every step materialised: inside the ingest transaction DuckDB has no statistics on the rewritten
    # clusters and would otherwise join every participant with every other
    links = con.execute(f"""
            WITH c AS MATERIALIZED (  -- k: a number for each cluster, joined on instead of its id (faster)
                SELECT row_number() OVER () AS k, cluster_id, category, status, date AS sort_date,
                       nullif(date, '') AS date, nullif(first_report, '') AS first_report,
                       CASE WHEN length(date) = 10 AND regexp_full_match(date, '[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}')
                            AND substr(date, 1, 4) <> '0000' THEN try_cast(date AS DATE) END AS day
                FROM clusters WHERE status IN ('future', 'occurred')),
            ca AS MATERIALIZED (
                SELECT DISTINCT c.k, c.category, c.status, a.code
                FROM c JOIN cluster_actors a USING (cluster_id)),
            n AS MATERIALIZED (SELECT k, count(*) AS n FROM ca GROUP BY k),
            plans AS MATERIALIZED (
                SELECT c.*, coalesce(n.n, 0) AS n,
                       row_number() OVER (ORDER BY sort_date ASC NULLS LAST, cluster_id) AS ord
                FROM c LEFT JOIN n USING (k) WHERE status = 'future'),
            occ AS MATERIALIZED (
                SELECT c.*, n.n FROM c JOIN n USING (k)
                WHERE status = 'occurred' AND (? OR cluster_id IN (SELECT cluster_id FROM _touched))),
            oc AS MATERIALIZED (SELECT k, category, code FROM ca WHERE status = 'occurred'
                                AND k IN (SELECT k FROM occ)),
            pc AS MATERIALIZED (SELECT k, category, code FROM ca WHERE status = 'future'),
            shared AS MATERIALIZED (
                SELECT oc.k AS oid, pc.k AS pid, count(*) AS s
                FROM oc JOIN pc ON oc.category = pc.category AND oc.code = pc.code GROUP BY ALL),
            pairs AS MATERIALIZED (  -- one set of parties holds the other (a plan without parties: any event)
                SELECT o.k AS oid, p.k AS pid FROM shared
                JOIN occ o ON o.k = shared.oid JOIN plans p ON p.k = shared.pid
                WHERE shared.s = o.n OR shared.s = p.n
                UNION ALL
                SELECT o.k, p.k FROM occ o JOIN plans p ON p.category = o.category WHERE p.n = 0)
            SELECT o.cluster_id, arg_max(p.cluster_id, p.ord) AS plan
            FROM pairs JOIN occ o ON o.k = pairs.oid JOIN plans p ON p.k = pairs.pid
            WHERE (p.date IS NULL OR o.date IS NULL OR {agree} OR p.date < o.date)
              AND (p.first_report IS NULL OR o.date IS NULL OR p.first_report <= substr(o.date || '-99', 1, 10))
            GROUP BY o.cluster_id""", [any_plan]).fetchall()  # noqa: S608 - constant SQL
    if links:
        con.execute("UPDATE clusters SET follows = l.plan FROM (SELECT unnest(?::VARCHAR[]) AS cid, "
                    "unnest(?::VARCHAR[]) AS plan) l WHERE clusters.cluster_id = l.cid",
                    [[c for c, _ in links], [p for _, p in links]])
