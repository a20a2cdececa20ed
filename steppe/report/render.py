"""Render a brief with Jinja2 templates; untrusted text is escaped in both formats."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")


def md_escape(value: Any) -> str:
    """Escape Markdown (and raw HTML) metacharacters in untrusted text."""
    return _MD_SPECIAL.sub(r"\\\1", str(value or "")).replace("\n", " ")


def cite_marks(numbers: list[int]) -> str:
    return "".join(f"[{n}]" for n in numbers)


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(loader=PackageLoader("steppe", "report/templates"),
                      autoescape=select_autoescape(enabled_extensions=("html", "j2"), default=True),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["md"] = md_escape
    env.filters["cites"] = cite_marks
    return env


def render(brief: Any, fmt: str, extra: dict[str, Any] | None = None) -> str:
    name = {"md": "brief.md.j2", "html": "brief.html.j2"}[fmt]
    env = environment()
    template = env.get_template(name)
    if fmt == "md":
        # Markdown output is escaped by the `md` filter, not by HTML autoescaping
        template = env.overlay(autoescape=False).get_template(name)
    return template.render(brief=brief, **(extra or {}))
