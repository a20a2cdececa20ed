"""The indicator board: every indicator of the watchlist now, and one indicator's history."""

from __future__ import annotations

from datetime import date
from typing import Any

from steppe.extract.dates import parse_iso
from steppe.store.queries import event_view
from steppe.store.store import Store
from steppe.watch.evaluate import IndicatorState, compact, evaluate_watchlist, latest_event_date
from steppe.watch.rules import load_watchlist


def sparkline(series: list[dict[str, Any]], width: int = 120, height: int = 28) -> str:
    """SVG polyline points of a count series (drawn by the board page without script)."""
    if not series:
        return ""
    top = max(1, max(s["count"] for s in series))
    step = width / max(1, len(series) - 1)
    return " ".join(f"{i * step:.1f},{height - 2 - (s['count'] / top) * (height - 4):.1f}"
                    for i, s in enumerate(series))


def _states(store: Store, as_of: str | None) -> tuple[Any, date, list[IndicatorState], int]:
    wl = load_watchlist()
    events = event_view(store)
    day = parse_iso(as_of) if as_of else None
    if day is None:
        day = latest_event_date(events) or date.today()
    return wl, day, evaluate_watchlist(wl, events, day), len(events)


def board(store: Store, as_of: str | None = None) -> dict[str, Any]:
    """Each indicator's count, baseline, trend, level, history per window and strongest evidence."""
    wl, day, states, n_events = _states(store, as_of)
    by_id = {ind.id: ind for ind in wl.indicators}
    items = []
    for st in states:
        d = st.as_dict()
        d["description"] = by_id[st.id].description
        d["sparkline"] = sparkline(d["series"])
        d["url"] = f"/indicators/{st.id}"
        items.append(d)
    levels = {lvl: sum(1 for s in states if s.level == lvl) for lvl in ("warning", "elevated", "normal")}
    return {"watchlist": {"id": wl.id, "name": wl.name, "description": wl.description},
            "as_of": day.isoformat(), "events": n_events, "levels": levels, "indicators": items}


def indicator_detail(store: Store, indicator_id: str, as_of: str | None = None) -> dict[str, Any] | None:
    """One indicator now (or at `as_of`): its window series, every event of the current window and the
    levels recorded by earlier `steppe watch` runs."""
    wl, day, states, _ = _states(store, as_of)
    state = next((s for s in states if s.id == indicator_id), None)
    if state is None:
        return None
    ind = next(i for i in wl.indicators if i.id == indicator_id)
    out = state.as_dict()
    out.update({"description": ind.description, "select": ind.select, "as_of": day.isoformat(),
                "watchlist": {"id": wl.id, "name": wl.name}, "sparkline": sparkline(out["series"]),
                "window_events": [compact(e) for e in state.window_events]})
    out["runs"] = [
        {**r, "created_at": r["created_at"].isoformat() if r["created_at"] else None}
        for r in store.query("""
            SELECT r.run_id, r.as_of, r.created_at, l.window_start, l.count, l.baseline, l.level, l.trend
            FROM watch_levels l JOIN watch_runs r USING (run_id)
            WHERE l.indicator = ? AND r.watchlist = ? ORDER BY r.created_at DESC, r.run_id LIMIT 100""",
                             [indicator_id, wl.id])]
    return out
