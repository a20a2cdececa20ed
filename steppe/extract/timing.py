"""The date of an event: the nearest free temporal expression, else the discourse's time."""

from __future__ import annotations

import re
from datetime import date

from steppe.extract.dates import Timex, find_timexes, parse_iso
from steppe.extract.state import Coded, Ctx, Trigger

REFERS_BACK = re.compile(r"\b(?:the|this|that|at the|during the|at this|the same) (?:summit|meeting|event|"
                          r"talks|visit|gathering|forum|conference|session|trip|ceremony|drills|exercises?)\b"
                          r"|\bthe same (?:year|day|month)\b|\bthat year\b|\bfurther\b", re.I)

_AT_THE_GATHERING = re.compile(r"\b(?:(?:at|during|on the sidelines of|after|following)\s+)?(?:the|this|that)\s+"
                               r"(?:same\s+)?(?:summit|meeting|talks|gathering|forum|conference|session|visit)"
                               r"(?!\s+of\b)\b", re.I)
_GATHERING = re.compile(r"\b(?:summit|meeting|conference|forum|session|congress|talks)\b", re.I)
_WHEN_AFTER = re.compile(r"\s*,?\s*when\b")  # "until 2018, when ..."
_CONNECTIVE = re.compile(r"^\W*(?:shortly |soon )?(?:thereafter|afterwards|afterward|later|then|subsequently|"
                         r"meanwhile|at the same time|in the same (?:month|week|year)|following (?:this|that|the))\b",
                         re.I)


_NAMES_AFTER = re.compile(r"\s+(?:[A-Z][\w’'-]*\s+){0,3}")


def timex_free(ctx: Ctx, t: Timex, trig: Trigger | None = None, theme: tuple[int, int] | None = None) -> bool:
    """A year written before another event noun belongs to it ('the 2020 Second Karabakh War')."""
    m = _NAMES_AFTER.match(ctx.s[t.end:])
    if not m:
        return True
    head = t.end + m.end()
    for tr in ctx.triggers:
        if tr.pos != "verb" and tr.start == head:
            if trig is not None and tr.span == trig.span:
                return True
            if theme is not None and theme[0] <= tr.start < theme[1] + 1:
                return True
            return False
    for ts, te, cls in ctx.themes:
        if ts == head and cls in ("war", "meeting"):
            return theme is not None and ts >= theme[0] and te <= theme[1] + 30
    return True


def date_for(ctx: Ctx, c: Coded, status: str) -> str | None:
    value = _date_for(ctx, c, status)
    if value and len(value) == 4 and _GATHERING.search(ctx.s):
        return _from_calendar(ctx, value) or value
    return value


def _from_calendar(ctx: Ctx, year: str) -> str | None:
    """'The 2025 OTS Summit in Gabala' after 'in October 2025 the OTS met in Gabala': the month."""
    keys = [m.name.strip().lower() for m in ctx.mentions if m.place]
    keys += [m.code for m in ctx.mentions if m.codes and m.sector == "IGO" and not m.place]
    found = {ctx.disc.calendar.get((year, k)) for k in keys} - {None}
    return found.pop() if len(found) == 1 else None


def _date_for(ctx: Ctx, c: Coded, status: str) -> str | None:
    trig = next((t for t in ctx.triggers if t.span == c.anchor), None)
    quoted = [q for q in ctx.quotes if not (q[0] <= c.anchor[0] < q[1])]
    usable = [t for t in ctx.timexes if t.value and not _period(ctx.s, t)
              and not any(q[0] <= t.start < q[1] for q in quoted)  # "described it as 'the event of this year'"
              and not _in_other_relative(ctx, t, c) and not _of_reduced_relative(ctx, t, c)

              and (timex_free(ctx, t, trig, c.theme) or _adjunct_before(ctx, t, c))]
    tx = None
    if usable:
        ci = ctx.clauses.index(c.anchor[0])
        a0, a1 = c.anchor

        def dist(t: Timex) -> tuple[int, int]:
            d = t.start - a1 if t.start >= a1 else a0 - t.end
            return (0 if ctx.clauses.index(t.start) == ci else 1, d)

        tx = min(usable, key=dist)
    if tx is not None:
        value = tx.value
        if not tx.year_given and status == "future" and ctx.ref:
            again = find_timexes(ctx.s[tx.start:tx.end], ctx.ref, future=True)
            value = again[0].value if again else value
        return value
    # No date in the sentence: news prose keeps the time of the paragraph until it names another,
    # and the article's own time carries across paragraphs when it is recent (the article's "now").
    s = ctx.s
    if ctx.disc.meeting_date and _AT_THE_GATHERING.search(s):
        return ctx.disc.meeting_date  # "he said during the summit": the summit reported before
    named = _named_gathering(ctx)
    if named:
        return named  # "the Tashkent summit": the gathering dated before at that place
    if ctx.disc.para_date:
        return ctx.disc.para_date
    doc = ctx.disc.doc_date
    if doc and (REFERS_BACK.search(s) or _CONNECTIVE.match(s) or _recent(doc, ctx.ref)):
        return doc
    peg = ctx.disc.peg
    if peg and not ctx.disc.published and status == "occurred" and _recent(peg, ctx.ref) and not ctx.disc.para_years \
            and not any(t.value and t.year_given for t in ctx.timexes) \
            and _PAST.search(s[slice(*ctx.clauses.span(c.anchor[0]))]):
        return peg  # no dateline: an undated past act in the article's own story happened at its news peg
    return None


_PAST = re.compile(r"\b(?:was|were|did|gave|took|held|met|made|came|began|saw|led|rose|\w{3,}ed)\b(?!\s+(?:by|to)\b)")


def _named_gathering(ctx: Ctx) -> str | None:
    """'The Tashkent summit', 'at the Gabala meeting': a gathering named by its place, dated earlier in
    the document (one month only; two gatherings at one place leave it undated)."""
    for m in ctx.mentions:
        if not m.place:
            continue
        if not re.match(r"\s+(?:summit|meeting|talks|conference|forum|session)\b", ctx.s[m.end:m.end + 14], re.I):
            continue
        found = ctx.disc.gatherings.get(m.name.strip().lower(), set())
        if len(found) == 1:
            return next(iter(found))
    return None


_REDUCED = re.compile(r"\b(?:the|a|an|this|that|its|their)\s+(?:[\w-]+\s+){0,3}?[a-z]+\s+"
                      r"(?:[a-z]{3,}ed|held|built|made|won|taken|given|begun)\s+(?:in\s+|on\s+|at\s+)?$")


def _of_reduced_relative(ctx: Ctx, t: Timex, c: Coded) -> bool:
    """'accused Tajikistan of violating the agreement signed last year': the year dates the agreement (a
    noun with its participle), not the accusation (unless that noun phrase is the event's own)."""
    window = ctx.s[max(0, t.start - 60):t.start]
    m = _REDUCED.search(window)
    if m is None:
        return False
    phrase = t.start - len(window) + m.start()
    return not (phrase <= c.anchor[0] < t.start)


def _in_other_relative(ctx: Ctx, t: Timex, c: Coded) -> bool:
    """'... the CAEC, which functioned between 1994 and 2000': a relative clause about another
    thing dates that thing, not the event."""
    ti = ctx.clauses.index(t.start)
    return ti != ctx.clauses.index(c.anchor[0]) and ctx.clauses.kind(t.start) in (
        "which", "who", "whose", ", which", ", who", ", whose", "that")


def _recent(value: str, ref: date | None) -> bool:
    d = parse_iso(value)
    return bool(d and ref and 0 <= (ref - d).days <= 400 and len(value) >= 7)


_PERIOD_BEFORE = re.compile(r"\b(?:for|until|till|through|by|before|to)\s+(?:the\s+)?$", re.I)


def _period(s: str, t: Timex) -> bool:
    """'a catalogue of risks for 2026-2028', 'by 2030': a period or a deadline, not the event's date
    (but 'until 2018, when the first meeting was held' dates what the when-clause tells)."""
    if _WHEN_AFTER.match(s[t.end:t.end + 8]):
        return False
    return bool(_PERIOD_BEFORE.search(s[max(0, t.start - 12):t.start]))


def _adjunct_before(ctx: Ctx, t: Timex, c: Coded) -> bool:
    """'he said during the 2023 Astana summit, urging …': an event noun in a time adjunct before the
    trigger dates it."""
    return bool(t.end <= c.anchor[0] and re.search(r"\b(?:during|at|on the sidelines of|amid|after|following)\s+"
                                                   r"(?:the\s+)?$", ctx.s[max(0, t.start - 40):t.start], re.I))


def after_ref(value: str, ref: date) -> bool:
    d = parse_iso(value)
    if d is None:
        return False
    if len(value) == 4:
        return d.year > ref.year
    if len(value) == 7:
        return (d.year, d.month) > (ref.year, ref.month)
    return d > ref
