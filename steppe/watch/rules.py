"""Watchlists: load and validate the YAML, and decide whether an event matches an indicator."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from steppe.errors import DataError
from steppe.resources import data_path

WINDOWS = ("week", "month", "quarter")
SELECT_KEYS = {"category", "event_type", "context", "status", "actor", "recipient", "participant",
               "participants_all", "keywords", "weapons"}


@dataclass(frozen=True)
class Level:
    p: float
    min_count: int


@dataclass
class Indicator:
    id: str
    name: str
    select: dict[str, list[str]]
    window: str = "quarter"
    baseline: int = 4
    elevated: Level = Level(0.10, 2)
    warning: Level = Level(0.02, 3)
    trend_alpha: float = 0.10
    axis: str | None = None
    description: str | None = None
    _patterns: dict[str, re.Pattern[str]] = field(default_factory=dict, repr=False)


@dataclass
class Watchlist:
    id: str
    name: str
    indicators: list[Indicator]
    groups: dict[str, list[str]]
    description: str | None = None
    path: str | None = None

    def expand(self, values: list[str]) -> set[str]:
        """Codes of a list of codes and group names."""
        out: set[str] = set()
        for v in values:
            out.update(self.groups.get(v, [v]))
        return out


def default_watchlist_path() -> Path:
    return data_path("indicators/ots_defence.yaml")


def load_watchlist(path: str | Path | None = None) -> Watchlist:
    """Load and validate a watchlist; raises DataError with the file and the faulty key."""
    p = Path(path) if path else default_watchlist_path()
    try:
        data = yaml.safe_load(p.read_text(encoding="utf-8"))
    except OSError as exc:
        raise DataError(f"{p}: cannot read watchlist ({exc.strerror or exc})") from exc
    except yaml.YAMLError as exc:
        raise DataError(f"{p}: not valid YAML ({str(exc).splitlines()[0]})") from exc
    if not isinstance(data, dict) or not isinstance(data.get("indicators"), list):
        raise DataError(f"{p}: a watchlist needs a list of `indicators`")
    defaults = data.get("defaults") or {}
    groups = {str(k): [str(c) for c in v] for k, v in (data.get("groups") or {}).items()}
    indicators = []
    seen = set()
    for n, raw in enumerate(data["indicators"], 1):
        where = f"{p}: indicator {n}"
        if not isinstance(raw, dict) or not raw.get("id") or not raw.get("name"):
            raise DataError(f"{where}: needs `id` and `name`")
        if raw["id"] in seen:
            raise DataError(f"{where}: duplicate id {raw['id']!r}")
        seen.add(raw["id"])
        select = raw.get("select") or {}
        if not isinstance(select, dict):
            raise DataError(f"{where}: `select` must be a mapping")
        bad = set(select) - SELECT_KEYS
        if bad:
            raise DataError(f"{where}: unknown select key(s) {sorted(bad)}; use {sorted(SELECT_KEYS)}")
        sel = {k: [str(x) for x in (v if isinstance(v, list) else [v])] for k, v in select.items()}
        window = raw.get("window", defaults.get("window", "quarter"))
        if window not in WINDOWS:
            raise DataError(f"{where}: window must be one of {WINDOWS}, not {window!r}")
        ind = Indicator(
            id=str(raw["id"]), name=str(raw["name"]), select=sel, window=window,
            baseline=int(raw.get("baseline", defaults.get("baseline", 4))),
            elevated=_level(raw.get("elevated", defaults.get("elevated")), Level(0.10, 2), where),
            warning=_level(raw.get("warning", defaults.get("warning")), Level(0.02, 3), where),
            trend_alpha=float(raw.get("trend_alpha", defaults.get("trend_alpha", 0.10))),
            axis=raw.get("axis"), description=raw.get("description"))
        if ind.baseline < 1:
            raise DataError(f"{where}: baseline must be at least 1 window")
        for key in ("keywords", "weapons"):
            if key in sel:
                ind._patterns[key] = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in sel[key]) + r")\b",
                                                re.I)
        indicators.append(ind)
    return Watchlist(id=str(data.get("id") or p.stem), name=str(data.get("name") or p.stem),
                     indicators=indicators, groups=groups, description=data.get("description"), path=str(p))


def _level(raw: Any, default: Level, where: str) -> Level:
    if raw is None:
        return default
    if not isinstance(raw, dict):
        raise DataError(f"{where}: a level is {{p: ..., min_count: ...}}")
    try:
        return Level(float(raw.get("p", default.p)), int(raw.get("min_count", default.min_count)))
    except (TypeError, ValueError) as exc:
        raise DataError(f"{where}: bad level {raw!r}") from exc


def matches(ind: Indicator, wl: Watchlist, event: dict[str, Any]) -> bool:
    """Does an event (a dict with category, actor, recipient, evidence, ...) fall under the indicator?"""
    sel = ind.select
    for key in ("category", "event_type", "status"):
        if key in sel and (event.get(key) or "") not in sel[key]:
            return False
    if "context" in sel and not set(event.get("context") or []) & set(sel["context"]):
        return False
    actors = {a["code"] for a in event.get("actor") or []}
    recips = {a["code"] for a in event.get("recipient") or []}
    if "actor" in sel and not actors & wl.expand(sel["actor"]):
        return False
    if "recipient" in sel and not recips & wl.expand(sel["recipient"]):
        return False
    parts = actors | recips
    if "participant" in sel and not parts & wl.expand(sel["participant"]):
        return False
    if "participants_all" in sel and not all(parts & wl.expand([v]) for v in sel["participants_all"]):
        return False
    text = event.get("evidence") or ""
    for key in ("keywords", "weapons"):
        if key in ind._patterns and not ind._patterns[key].search(text):
            return False
    return True
