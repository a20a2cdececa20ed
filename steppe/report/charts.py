"""Charts for the HTML brief as inline SVG (no JavaScript, nothing fetched): events per month per
category, the actor network, and indicator trends. Every label is escaped."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable
from typing import Any
from xml.sax.saxutils import escape

from steppe.watch.evaluate import IndicatorState

PALETTE = {
    "meeting": "#4e79a7", "agreement": "#59a14f", "arms_transfer": "#e15759", "defence_industry": "#f28e2b",
    "exercise": "#b07aa1", "military_aid": "#ff9da7", "intelligence": "#9c755f", "institutional": "#76b7b2",
    "statement": "#bab0ac", "criticism": "#edc948", "pressure": "#d37295", "conflict": "#8b0000",
    "economic": "#a0cbe8",
}
HOSTILE = {"criticism", "pressure", "conflict"}


def _svg(width: int, height: int, body: list[str], title: str) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
            f'role="img" aria-label="{escape(title, {chr(34): "&quot;"})}" style="max-width:{width}px">'
            f"<title>{escape(title)}</title>" + "".join(body) + "</svg>")


def timeline_chart(events: list[dict[str, Any]], months: int = 36) -> str | None:
    """Stacked bars: events per month and category over the last `months` months with events."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for e in events:
        d = e.get("date") or ""
        if len(d) >= 7 and e.get("status") in (None, "occurred"):
            counts[d[:7]][e["category"]] += 1
    if not counts:
        return None
    last = max(counts)
    y, m = int(last[:4]), int(last[5:7])
    keys = []
    for _ in range(months):
        keys.append(f"{y:04d}-{m:02d}")
        m -= 1
        if m == 0:
            y, m = y - 1, 12
    keys.reverse()
    width, height, left, bottom = 900, 300, 40, 40
    peak = max(sum(counts[k].values()) for k in keys) or 1
    bar = (width - left - 150) / len(keys)
    body = [f'<line x1="{left}" y1="{height - bottom}" x2="{width - 150}" y2="{height - bottom}" stroke="#555"/>']
    for i, k in enumerate(keys):
        x = left + i * bar
        base = height - bottom
        for cat in PALETTE:
            n = counts[k][cat]
            if not n:
                continue
            h = n / peak * (height - bottom - 20)
            base -= h
            body.append(f'<rect x="{x:.1f}" y="{base:.1f}" width="{max(bar - 2, 1):.1f}" height="{h:.1f}" '
                        f'fill="{PALETTE[cat]}"><title>{escape(k)} {escape(cat)}: {n}</title></rect>')
        if i % 6 == 0:
            body.append(f'<text x="{x:.1f}" y="{height - bottom + 16}" font-size="11">{escape(k)}</text>')
    body.append(f'<text x="{left - 8}" y="24" font-size="11" text-anchor="end">{peak}</text>')
    present = [c for c in PALETTE if any(counts[k][c] for k in keys)]
    for j, cat in enumerate(present):
        body.append(f'<rect x="{width - 140}" y="{20 + j * 16}" width="10" height="10" fill="{PALETTE[cat]}"/>'
                    f'<text x="{width - 125}" y="{29 + j * 16}" font-size="11">{escape(cat)}</text>')
    return _svg(width, height, body, "Events per month and category")


def network_chart(events: list[dict[str, Any]], name: Callable[[str], str], top: int = 18) -> str | None:
    """Who cooperates (blue) or clashes (red) with whom; edge width by the number of events."""
    nodes: Counter[str] = Counter()
    coop: Counter[tuple[str, str]] = Counter()
    hostile: Counter[tuple[str, str]] = Counter()
    for e in events:
        codes = sorted({a["code"] for a in e.get("actor") or []} | {a["code"] for a in e.get("recipient") or []})
        for c in codes:
            nodes[c] += 1
        for i, a in enumerate(codes):
            for b in codes[i + 1:]:
                (hostile if e["category"] in HOSTILE else coop)[(a, b)] += 1
    keep = [c for c, _ in nodes.most_common(top)]
    if len(keep) < 2:
        return None
    size = 560
    cx = cy = size / 2
    r = size / 2 - 70
    pos = {c: (cx + r * math.cos(2 * math.pi * i / len(keep)), cy + r * math.sin(2 * math.pi * i / len(keep)))
           for i, c in enumerate(keep)}
    body = []
    peak = max([*coop.values(), *hostile.values(), 1])
    for edges, colour in ((coop, "#4e79a7"), (hostile, "#c0392b")):
        for (a, b), n in edges.items():
            if a in pos and b in pos:
                (x1, y1), (x2, y2) = pos[a], pos[b]
                body.append(f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{colour}" '
                            f'stroke-opacity="0.55" stroke-width="{1 + 5 * n / peak:.1f}"><title>'
                            f"{escape(name(a))} – {escape(name(b))}: {n}</title></line>")
    big = max(nodes[c] for c in keep)
    for c in keep:
        x, y = pos[c]
        rad = 6 + 12 * nodes[c] / big
        body.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{rad:.1f}" fill="#fff" stroke="#333"/>'
                    f'<text x="{x:.1f}" y="{y + rad + 12:.1f}" font-size="11" text-anchor="middle">'
                    f"{escape(name(c))}</text>")
    body.append('<text x="10" y="18" font-size="11">blue: cooperation · red: criticism, pressure, conflict</text>')
    return _svg(size, size, body, "Actor network")


def indicator_chart(states: list[IndicatorState]) -> str | None:
    """One row per indicator: counts per window, the current window marked by its level."""
    if not states:
        return None
    width, row = 900, 34
    height = row * len(states) + 20
    colours = {"normal": "#6a9f58", "elevated": "#e1a23b", "warning": "#c0392b"}
    body = []
    for i, st in enumerate(states):
        y = 10 + i * row
        body.append(f'<text x="0" y="{y + 18}" font-size="11">{escape(st.name[:70])}</text>')
        values = [c for _, c in st.series]
        peak = max(values + [1])
        n = len(values)
        for j, v in enumerate(values):
            h = v / peak * (row - 8)
            x = 560 + j * (300 / max(n, 1))
            fill = colours[st.level] if j == n - 1 else "#9aa5b1"
            body.append(f'<rect x="{x:.1f}" y="{y + row - 6 - h:.1f}" width="{300 / max(n, 1) - 4:.1f}" '
                        f'height="{max(h, 1):.1f}" fill="{fill}"><title>{escape(st.series[j][0])}: {v}</title></rect>')
        body.append(f'<text x="{width - 30}" y="{y + 18}" font-size="11">{escape(st.trend)}</text>')
    return _svg(width, height, body, "Indicator trends (counts per window; last bar = current window)")


def brief_charts(brief: Any, name: Callable[[str], str]) -> list[dict[str, str]]:
    out = []
    for svg, caption in ((timeline_chart(brief.events), "Events per month and category (events that occurred)."),
                         (network_chart(brief.events, name), "Actor network: states and organisations that take "
                                                             "part in the same events."),
                         (indicator_chart(brief.states), "Indicators: counts per window; the current window "
                                                         "is coloured by its level.")):
        if svg:
            out.append({"svg": svg, "caption": caption})
    return out
