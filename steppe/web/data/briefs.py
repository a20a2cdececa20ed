"""Briefs rendered on demand from the stored (reviewed) events."""

from __future__ import annotations

from dataclasses import asdict, fields, is_dataclass
from typing import Any

from steppe.report.brief import Brief, build_brief, render_brief
from steppe.store.store import Store


def make_brief(store: Store, since: str | None = None, until: str | None = None) -> Brief:
    return build_brief(store, since=since, until=until)


def brief_json(brief: Brief) -> dict[str, Any]:
    """The brief's sections as data (the events and indicator states it was built from left out)."""
    out: dict[str, Any] = {}
    for f in fields(brief):
        if f.name in ("events", "states"):
            continue
        value = getattr(brief, f.name)
        if isinstance(value, list):
            value = [asdict(v) if is_dataclass(v) and not isinstance(v, type) else v for v in value]
        out[f.name] = value
    return out


def brief_text(brief: Brief, fmt: str) -> str:
    return render_brief(brief, fmt)
