"""Evaluate a watchlist over stored events: counts per window, baseline, level and trend.

Level: the current window's count against a Poisson model whose rate is the baseline mean
(floored at 0.5 so a quiet indicator is not alarmed by one event); trend: the Mann-Kendall test
over the baseline windows and the current one (two-sided, normal approximation with tie
correction). Both are written out here because they are a dozen lines each and the project
avoids pulling SciPy into its core for them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from steppe.extract.dates import parse_iso
from steppe.watch.rules import Indicator, Watchlist, matches

MIN_RATE = 0.5


@dataclass
class IndicatorState:
    id: str
    name: str
    window: str
    current: tuple[str, str]  # first and last day of the current window
    count: int
    baseline: float
    change: float | None  # relative change against the baseline
    p_value: float
    trend: str  # rising | steady | falling
    trend_z: float
    level: str  # normal | elevated | warning
    series: list[tuple[str, int]] = field(default_factory=list)  # window start, count (oldest first)
    evidence: list[dict[str, Any]] = field(default_factory=list)  # the strongest events of the window
    axis: str | None = None
    window_events: list[dict[str, Any]] = field(default_factory=list)  # every event of the window
    last_seen: list[dict[str, Any]] = field(default_factory=list)  # latest events before the window

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "axis": self.axis, "window": self.window,
                "current": {"start": self.current[0], "end": self.current[1]},
                "count": self.count, "baseline": round(self.baseline, 2),
                "change": None if self.change is None else round(self.change, 2),
                "p_value": round(self.p_value, 4), "trend": self.trend, "trend_z": round(self.trend_z, 2),
                "level": self.level, "series": [{"start": s, "count": c} for s, c in self.series],
                "evidence": [compact(e) for e in self.evidence],
                "last_seen": [compact(e) for e in self.last_seen]}


def compact(ev: dict[str, Any]) -> dict[str, Any]:
    """An event as evidence: what it is, who, when, the sentence and where it was read."""
    return {"event_id": ev.get("cluster_id") or ev.get("event_id"), "date": ev.get("date"),
            "category": ev.get("category"), "event_type": ev.get("event_type"), "status": ev.get("status"),
            "actor": [a["code"] for a in ev.get("actor") or []],
            "recipient": [a["code"] for a in ev.get("recipient") or []],
            "evidence": ev.get("evidence"), "n_sources": ev.get("n_sources"),
            "source": {"title": ev.get("article_title"), "publisher": ev.get("publisher"),
                       "published": ev.get("article_published"), "url": ev.get("article_url"),
                       "doc": ev.get("article_doc")}}


def window_start(d: date, window: str) -> date:
    if window == "week":
        return d - timedelta(days=d.weekday())
    if window == "month":
        return d.replace(day=1)
    return date(d.year, 3 * ((d.month - 1) // 3) + 1, 1)


def shift(start: date, window: str, n: int) -> date:
    if window == "week":
        return start + timedelta(days=7 * n)
    months = 1 if window == "month" else 3
    y, m = divmod(start.year * 12 + start.month - 1 + n * months, 12)
    return date(y, m + 1, 1)


def event_day(value: str | None, window: str) -> date | None:
    """An event's date for counting; a month-precise date counts in week windows at its first day,
    a year-precise one only in no window narrower than a year (it is skipped)."""
    if not value or len(value) < 7:
        return None
    if window == "week" and len(value) < 10:
        return None
    return parse_iso(value)


def poisson_sf(k: int, lam: float) -> float:
    """P(X >= k) for X ~ Poisson(lam)."""
    if k <= 0:
        return 1.0
    term = math.exp(-lam)
    cdf = term
    for i in range(1, k):
        term *= lam / i
        cdf += term
    return max(0.0, 1.0 - cdf)


def mann_kendall(series: list[int]) -> float:
    """Mann-Kendall Z statistic (positive: rising)."""
    n = len(series)
    if n < 3:
        return 0.0
    s = sum((series[j] > series[i]) - (series[j] < series[i]) for i in range(n) for j in range(i + 1, n))
    ties: dict[int, int] = {}
    for x in series:
        ties[x] = ties.get(x, 0) + 1
    var = (n * (n - 1) * (2 * n + 5) - sum(t * (t - 1) * (2 * t + 5) for t in ties.values())) / 18
    if var <= 0:
        return 0.0
    if s > 0:
        return (s - 1) / math.sqrt(var)
    if s < 0:
        return (s + 1) / math.sqrt(var)
    return 0.0


def z_critical(alpha: float) -> float:
    """Two-sided critical value of the standard normal (bisection on erf)."""
    lo, hi = 0.0, 10.0
    for _ in range(60):
        mid = (lo + hi) / 2
        if math.erfc(mid / math.sqrt(2)) > alpha:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


def evaluate_indicator(ind: Indicator, wl: Watchlist, events: list[dict[str, Any]], as_of: date,
                       max_evidence: int = 5) -> IndicatorState:
    """The indicator's state in the window holding `as_of`, from events (dicts as queries return)."""
    cur = window_start(as_of, ind.window)
    starts = [shift(cur, ind.window, -k) for k in range(ind.baseline, -1, -1)]
    counts = {s: 0 for s in starts}
    current: list[dict[str, Any]] = []
    before: list[tuple[date, dict[str, Any]]] = []
    end = shift(cur, ind.window, 1)
    for ev in events:
        if ev.get("status") not in (None, "occurred") or not matches(ind, wl, ev):
            continue
        d = event_day(ev.get("date"), ind.window)
        if d is not None and d < cur:
            before.append((d, ev))  # for "last seen" when the current window is empty
        if d is None or d < starts[0] or d >= end:
            continue
        s = window_start(d, ind.window)
        if s in counts:
            counts[s] += 1
            if s == cur:
                current.append(ev)
    series = [counts[s] for s in starts]
    count = series[-1]
    base = sum(series[:-1]) / max(1, len(series) - 1)
    p = poisson_sf(count, max(base, MIN_RATE))
    level = "normal"
    if count >= ind.warning.min_count and p <= ind.warning.p:
        level = "warning"
    elif count >= ind.elevated.min_count and p <= ind.elevated.p:
        level = "elevated"
    z = mann_kendall(series)
    crit = z_critical(ind.trend_alpha)
    trend = "rising" if z >= crit else "falling" if z <= -crit else "steady"
    change = (count - base) / base if base > 0 else None
    current.sort(key=lambda e: (-(e.get("confidence") or 0), e.get("date") or ""))
    return IndicatorState(
        id=ind.id, name=ind.name, window=ind.window,
        current=(cur.isoformat(), (end - timedelta(days=1)).isoformat()), count=count, baseline=base,
        change=change, p_value=p, trend=trend, trend_z=z, level=level,
        series=[(s.isoformat(), counts[s]) for s in starts],
        evidence=current[:max_evidence], axis=ind.axis, window_events=current,
        last_seen=[e for _, e in sorted(before, key=lambda x: (x[0], x[1].get("confidence") or 0),
                                        reverse=True)[:3]])


def evaluate_watchlist(wl: Watchlist, events: list[dict[str, Any]], as_of: date) -> list[IndicatorState]:
    return [evaluate_indicator(ind, wl, events, as_of) for ind in wl.indicators]


def latest_event_date(events: list[dict[str, Any]]) -> date | None:
    days = [parse_iso(e["date"]) for e in events if e.get("date") and len(e["date"]) >= 7
            and e.get("status") in (None, "occurred")]
    days = [d for d in days if d]
    return max(days) if days else None
