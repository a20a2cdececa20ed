"""The intelligence brief: Executive Summary, Key Takeaways, Background, Assessment and Scenario,
Indicators to Monitor, Conclusion, Sources. Every sentence is composed from stored events and
cites the articles it rests on by number."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from steppe.errors import UsageError
from steppe.extract.dates import parse_iso
from steppe.extract.gazetteer import load_gazetteer
from steppe.report.compose import CATEGORY_LABELS, compose, date_phrase, join_names
from steppe.store.queries import article_sources, articles_by_id, event_view
from steppe.store.store import Store
from steppe.watch.evaluate import IndicatorState, evaluate_watchlist, latest_event_date
from steppe.watch.rules import load_watchlist

SECTIONS = ("Executive Summary", "Key Takeaways", "Background", "Assessment and Scenario",
            "Indicators to Monitor", "Conclusion", "Sources")
WEIGHT = {"arms_transfer": 3.0, "defence_industry": 3.0, "exercise": 2.5, "military_aid": 2.5,
          "intelligence": 2.5, "institutional": 2.5, "pressure": 2.5, "conflict": 2.5, "criticism": 2.0,
          "agreement": 2.0, "meeting": 1.5, "statement": 1.2, "economic": 1.0}


@dataclass
class Line:
    """A sentence with the numbers of the sources it cites, and optionally a verbatim quote."""

    text: str
    cites: list[int]
    quote: str | None = None


@dataclass
class IndicatorLine:
    name: str
    level: str
    trend: str
    count: int
    baseline: float
    window: str
    current: tuple[str, str]
    evidence: list[Line] = field(default_factory=list)


@dataclass
class Brief:
    title: str
    generated: str
    period: tuple[str | None, str | None]
    totals: dict[str, int]
    executive: list[Line] = field(default_factory=list)
    takeaways: list[Line] = field(default_factory=list)
    background: list[Line] = field(default_factory=list)
    assessment: list[Line] = field(default_factory=list)
    indicators: list[IndicatorLine] = field(default_factory=list)
    conclusion: list[Line] = field(default_factory=list)
    sources: list[dict[str, Any]] = field(default_factory=list)
    states: list[IndicatorState] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    watchlist: str = ""


class Citations:
    """Numbers articles in the order the brief first cites them."""

    def __init__(self) -> None:
        self.numbers: dict[str, int] = {}

    def cite(self, *events: dict[str, Any]) -> list[int]:
        out = []
        for ev in events:
            aid = ev["article_id"]
            if aid not in self.numbers:
                self.numbers[aid] = len(self.numbers) + 1
            out.append(self.numbers[aid])
        return sorted(set(out))


def _check_date(value: str | None, flag: str) -> None:
    if value and not parse_iso(value):
        raise UsageError(f"{flag} {value!r}: give a date as YYYY, YYYY-MM or YYYY-MM-DD")


def importance(ev: dict[str, Any]) -> float:
    score = WEIGHT.get(ev["category"], 1.0) * (ev.get("confidence") or 0.5)
    if ev.get("date") and len(ev["date"]) >= 7:
        score *= 1.1
    return score


def build_brief(db: str | Path | Store, since: str | None = None, until: str | None = None,
                watchlist: str | Path | None = None) -> Brief:
    """Collect the brief's content from the database (no rendering)."""
    _check_date(since, "--since")
    _check_date(until, "--until")
    store = db if isinstance(db, Store) else Store(db, read_only=True)
    try:
        events = event_view(store, since, until, include_undated=not (since or until))
        return _assemble(store, events, since, until, watchlist)
    finally:
        if not isinstance(db, Store):
            store.close()


def _assemble(store: Store, events: list[dict[str, Any]], since: str | None, until: str | None,
              watchlist: str | Path | None) -> Brief:
    gaz = load_gazetteer()
    name = gaz.display
    cites = Citations()
    occurred = [e for e in events if e["status"] == "occurred"]
    dated = sorted((e for e in occurred if e.get("date")), key=lambda e: e["date"])
    first = dated[0]["date"] if dated else None
    last = dated[-1]["date"] if dated else None
    articles = {e["article_id"] for e in events}
    brief = Brief(title="Turkic-states security cooperation: intelligence brief",
                  generated=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
                  period=(since or first, until or last),
                  totals={"events": len(events), "articles": len(articles)}, events=events)
    if not events:
        brief.executive.append(Line("The database holds no events for this period; nothing can be reported.", []))
        return brief
    as_of = parse_iso(until) if until else latest_event_date(events) or date.today()
    cutoff = date(as_of.year - 1, as_of.month, min(as_of.day, 28))
    recent = [e for e in occurred if e.get("date") and (parse_iso(e["date"]) or date.min) > cutoff]
    older = [e for e in events if e not in recent]

    # Executive summary
    top_articles = Counter(e["article_id"] for e in events).most_common(3)
    by_article = {e["article_id"]: e for e in events}
    brief.executive.append(Line(
        f"The database holds {len(events)} events read from {len(articles)} articles, dated "
        f"{date_phrase(first).split(' ', 1)[1] if first else 'without dates'} to "
        f"{date_phrase(last).split(' ', 1)[1] if last else 'now'}.",
        cites.cite(*(by_article[a] for a, _ in top_articles))))
    cats = Counter(e["category"] for e in events).most_common(3)
    examples = [max((e for e in events if e["category"] == c), key=importance) for c, _ in cats]
    brief.executive.append(Line(
        "The most reported kinds of development were "
        + join_names([f"{CATEGORY_LABELS.get(c, c)} ({n})" for c, n in cats]) + ".", cites.cite(*examples)))
    actor_counts: Counter[str] = Counter()
    actor_example: dict[str, dict[str, Any]] = {}
    for e in events:
        for code in {a["code"] for a in e["actor"]}:
            actor_counts[code] += 1
            if code not in actor_example or importance(e) > importance(actor_example[code]):
                actor_example[code] = e
    tops = actor_counts.most_common(4)
    if tops:
        brief.executive.append(Line(
            "The most active actors were " + join_names([f"{name(c)} ({n} events)" for c, n in tops]) + ".",
            cites.cite(*(actor_example[c] for c, _ in tops))))
    lead = sorted(recent or occurred or events, key=lambda e: (e.get("date") or "", importance(e)))[-1]
    brief.executive.append(Line(f"Most recently: {compose(lead, name)}.", cites.cite(lead)))

    # Key takeaways: the most significant recent events, one per kind of development and actors
    seen: set[tuple] = set()
    for e in sorted(recent or occurred or events, key=importance, reverse=True):
        key = (e["category"], tuple(sorted(a["code"] for a in e["actor"] + e["recipient"])))
        if key in seen:
            continue
        seen.add(key)
        brief.takeaways.append(Line(compose(e, name) + ".", cites.cite(e), quote=e["evidence"]))
        if len(brief.takeaways) >= 6:
            break

    # Background: earlier events, the most significant first chosen, then told in order
    chosen = sorted(older, key=importance, reverse=True)[:8]
    for e in sorted(chosen, key=lambda e: e.get("date") or "0000"):
        brief.background.append(Line(compose(e, name) + ".", cites.cite(e)))

    # Assessment: how each kind of development moved between the two last twelve-month periods
    prev_cut = date(cutoff.year - 1, cutoff.month, cutoff.day)
    prev = [e for e in occurred if e.get("date") and prev_cut < (parse_iso(e["date"]) or date.min) <= cutoff]
    rc, pc = Counter(e["category"] for e in recent), Counter(e["category"] for e in prev)
    moves = sorted(set(rc) | set(pc), key=lambda c: -abs(rc[c] - pc[c]))[:5]
    for c in moves:
        ex = sorted((e for e in recent if e["category"] == c), key=importance, reverse=True)[:2] or \
            sorted((e for e in prev if e["category"] == c), key=importance, reverse=True)[:1]
        word = "rose" if rc[c] > pc[c] else "fell" if rc[c] < pc[c] else "held"
        brief.assessment.append(Line(
            f"Reports of {CATEGORY_LABELS.get(c, c)} {word} from {pc[c]} in the twelve months to "
            f"{cutoff.isoformat()} to {rc[c]} in the twelve months to {as_of.isoformat()}.", cites.cite(*ex)))

    # Indicators (the watchlist), then the scenario they point to
    wl = load_watchlist(watchlist)
    brief.watchlist = wl.name
    states = evaluate_watchlist(wl, events, as_of)
    brief.states = states
    from steppe.watch.rules import matches

    for ind, st in zip(wl.indicators, states, strict=True):
        line = IndicatorLine(name=st.name, level=st.level, trend=st.trend, count=st.count, baseline=st.baseline,
                             window=st.window, current=st.current)
        shown = st.evidence[:2]
        if not shown:
            past = sorted((e for e in events if matches(ind, wl, e)), key=lambda e: e.get("date") or "")
            shown = past[-1:]
            if shown:
                line.evidence.append(Line("Last seen: " + compose(shown[0], name) + ".", cites.cite(shown[0])))
                brief.indicators.append(line)
                continue
        for e in shown:
            line.evidence.append(Line(compose(e, name) + ".", cites.cite(e)))
        brief.indicators.append(line)
    raised = [s for s in states if s.level != "normal"]
    rising = [s for s in states if s.trend == "rising"]
    lead_cat = max(rc, key=rc.get) if rc else None
    if lead_cat:
        external = Counter(a["code"] for e in recent for a in e["actor"]
                           if a["code"] in {"RUS", "CHN", "IRN", "USA", "EU"})
        ext_ev = [e for e in recent if {a["code"] for a in e["actor"]} & set(external)]
        text = (f"Scenario: if the pattern of the last twelve months holds, {CATEGORY_LABELS.get(lead_cat, lead_cat)} "
                f"will keep leading the record ({rc[lead_cat]} reports)")
        if external:
            text += (", with " + join_names([name(c) for c, _ in external.most_common(3)])
                     + " responding as they did in " + str(len(ext_ev)) + " recorded events")
        text += "; the indicators below are where a change would show first."
        brief.assessment.append(Line(text, cites.cite(*(sorted(recent, key=importance)[-1:] + ext_ev[:2]))))
    if raised or rising:
        ev = [e for s in raised + rising for e in s.evidence[:1]]
        brief.assessment.append(Line(
            "Above normal now: " + join_names([f"{s.name} ({s.level}, {s.trend})" for s in raised + rising]) + ".",
            cites.cite(*ev) if ev else []))

    # Conclusion
    best = max(recent or occurred or events, key=importance)
    brief.conclusion.append(Line(f"The clearest signal in the record for this period: {compose(best, name)}.",
                                 cites.cite(best)))
    active = sorted(states, key=lambda s: (s.level != "normal", s.count), reverse=True)[:3]
    ev = [e for s in active for e in s.evidence[:1]]
    brief.conclusion.append(Line(
        f"{len(raised)} of {len(states)} indicators stand above normal; monitoring should concentrate on "
        + join_names([s.name for s in active]) + ".", cites.cite(*ev) if ev else []))

    # Sources, in citation order, with every outlet that carried each article
    ids = list(cites.numbers)
    meta = articles_by_id(store, ids)
    also = article_sources(store, ids)
    for aid in ids:
        a = meta.get(aid, {})
        others = [s for s in also.get(aid, []) if s["doc_id"] != a.get("doc_id")]
        brief.sources.append({"n": cites.numbers[aid], "title": a.get("title") or "(untitled)",
                              "publisher": a.get("publisher"), "published": a.get("published"),
                              "author": a.get("author"), "doc": a.get("doc_id"), "url": a.get("url"),
                              "also": [{"doc": s["doc_id"], "publisher": s["publisher"], "url": s["url"],
                                        "similarity": s["similarity"]} for s in others]})
    brief.totals["sources"] = len(brief.sources)
    return brief


def render_brief(brief: Brief, fmt: str = "md") -> str:
    """Markdown or HTML text of a brief (Jinja2; HTML autoescaped, Markdown escaped by a filter).
    The HTML brief embeds its charts as inline SVG."""
    from steppe.report.render import render

    extra = {}
    if fmt == "html":
        from steppe.report.charts import brief_charts

        extra["charts"] = brief_charts(brief, load_gazetteer().display)
    return render(brief, fmt, extra)
