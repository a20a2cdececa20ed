"""Run a watchlist against the database, keep each run's levels, and report what crossed a threshold."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

from steppe.errors import UsageError
from steppe.extract.dates import parse_iso
from steppe.model import content_hash
from steppe.store.queries import event_view
from steppe.store.store import Store
from steppe.watch.evaluate import IndicatorState, compact, evaluate_watchlist, latest_event_date
from steppe.watch.rules import Watchlist, load_watchlist

RANK = {"normal": 0, "elevated": 1, "warning": 2}


@dataclass
class WatchReport:
    as_of: str
    watchlist: Watchlist
    states: list[IndicatorState]
    alerts: list[dict[str, Any]] = field(default_factory=list)
    previous_run: str | None = None

    def as_dict(self, alerts_only: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {"as_of": self.as_of, "watchlist": self.watchlist.name,
                               "watchlist_id": self.watchlist.id, "previous_run": self.previous_run}
        if alerts_only:
            out["alerts"] = self.alerts
        else:
            out["indicators"] = [s.as_dict() for s in self.states]
            out["alerts"] = self.alerts
        return out


def run_watch(store: Store, watchlist: str | Path | None = None, as_of: str | None = None,
              record: bool = True) -> WatchReport:
    """Evaluate every indicator at `as_of` (default: the latest event date), compare with the last
    recorded run of the same watchlist, and record this run (unless record=False)."""
    wl = load_watchlist(watchlist)
    events = event_view(store)
    if as_of:
        day = parse_iso(as_of)
        if day is None:
            raise UsageError(f"--as-of {as_of!r}: give a date as YYYY-MM-DD")
    else:
        day = latest_event_date(events) or date.today()
    states = evaluate_watchlist(wl, events, day)
    prev = store.query("SELECT run_id FROM watch_runs WHERE watchlist = ? ORDER BY created_at DESC, run_id DESC "
                       "LIMIT 1", [wl.id])
    prev_id = prev[0]["run_id"] if prev else None
    before = {}
    if prev_id:
        before = {r["indicator"]: r for r in store.query("SELECT * FROM watch_levels WHERE run_id = ?", [prev_id])}
    report = WatchReport(as_of=day.isoformat(), watchlist=wl, states=states, previous_run=prev_id)
    for st in states:
        old = before.get(st.id)
        old_level = old["level"] if old else "normal"
        if RANK[st.level] > RANK[old_level]:
            report.alerts.append({
                "indicator": st.id, "name": st.name, "level": st.level, "previous_level": old_level,
                "count": st.count, "baseline": round(st.baseline, 2), "trend": st.trend,
                "window": {"start": st.current[0], "end": st.current[1]},
                "events": [compact(e) for e in st.window_events]})
    if record:
        _record(store, wl, day, states)
    return report


def _record(store: Store, wl: Watchlist, day: date, states: list[IndicatorState]) -> None:
    now = datetime.now(timezone.utc)  # noqa: UP017 - explicit for readers on 3.11
    run_id = content_hash(f"{wl.id}\x00{day}\x00{now.isoformat()}")
    con = store.con
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute("INSERT INTO watch_runs VALUES (?, ?, ?, ?)", [run_id, wl.id, day.isoformat(), now])
        con.executemany("INSERT INTO watch_levels VALUES (?, ?, ?, ?, ?, ?, ?)",
                        [(run_id, s.id, s.current[0], s.count, s.baseline, s.level, s.trend) for s in states])
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
