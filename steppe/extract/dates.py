"""Temporal expressions: explicit dates at day, month or year precision, decades, relative
expressions resolved against the publication date, and anaphora ("that year", "two years later")
resolved against the previous date of the discourse.

Written with regular expressions rather than dateparser.search_dates: it is two orders of
magnitude faster, keeps the precision the text gives (month, year) and never invents a day.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from steppe.extract.text import RECENT_YEAR

MONTH_NAMES = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
MONTH_NAMES.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
MONTH_NAMES["sept"] = 9
# Capitalised only: "may" and "march" are also verbs.
_MONTH = (r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|December"
          r"|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)")
_YEAR = r"(?P<year>1[89]\d\d|20\d\d)"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_RANGE = r"(?:\s*[-–]\s*[0-3]?\d(?:st|nd|rd|th)?)?"
_QUAL = r"(?:(?P<qual>[Ee]arly|[Mm]id|[Ll]ate|[Ee]nd of|[Bb]eginning of|[Ss]tart of)[\s-]+)?"
WEEKDAYS = {d.lower(): i for i, d in enumerate(calendar.day_name)}
NUMBER_WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty".split())}
NUMBER_WORDS.update({"a": 1, "an": 1})
_NUM = r"(?P<num>\d{1,2}|(?i:" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + "))"
_NOT_YEAR_AFTER = re.compile(
    r"\s*(?:%|percent|per cent|troops|soldiers|people|km|kilometres|kilometers|miles|tons|tonnes|dollars"
    r"|euros|units|vehicles|drones|men|metres|meters|mw|bcm|barrels)\b", re.I)

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [(name, re.compile(p)) for name, p in [
    ("iso", r"\b(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})\b"),
    ("dmy", rf"\b{_DAY}{_RANGE}\s+{_MONTH},?\s+{_YEAR}\b"),
    ("mdy", rf"\b{_MONTH}\s+{_DAY}{_RANGE},?\s+{_YEAR}\b"),
    ("my_anaphor", rf"\b{_QUAL}{_MONTH}\s+of\s+(?P<ref>that|the same|the following|the previous|the next|"
                   r"this|last|next) year\b"),
    ("my", rf"\b{_QUAL}{_MONTH},?\s+(?:of\s+)?{_YEAR}\b"),
    ("md", rf"\b{_MONTH}\s+{_DAY}{_RANGE}\b(?!,?\s*\d)"),
    ("dm", rf"\b{_DAY}{_RANGE}\s+{_MONTH}\b(?!,?\s*\d)"),
    ("m_rel", rf"\b(?P<rel>[Ll]ast|[Tt]his|[Nn]ext|[Ee]arly|[Mm]id|[Ll]ate|[Ee]arlier in|[Ll]ater in)[\s-]+{_MONTH}\b"),
    ("m", rf"\b(?P<prep>[Ii]n|[Ss]ince|[Bb]y|[Uu]ntil|[Dd]uring|[Tt]hrough|[Ff]rom|[Bb]efore|[Aa]fter|"
          r"(?:[Aa]t\s+)?(?:the\s+)?(?:[Ee]nd|[Bb]eginning|[Ss]tart|[Mm]iddle|[Tt]urn)\s+of)\s+"
          rf"(?:(?:early|mid|late)[\s-]+)?{_MONTH}\b(?!\s+\d)"),
    ("decade", r"\b(?:the\s+)?(?P<qual>early|mid|late)?[\s-]*(?P<decade>1[89]\d0|20\d0)s\b"),
    ("year", rf"(?<![\d$€£,.\-/–—])(?<!US\$ )(?<!US\$){_QUAL}{_YEAR}(?![\d,.]\d)(?!-\d{{2}}\b)(?!\s*[-–]\s*\d{{4}}s)"),
    ("rel_day", r"\b(?P<word>[Tt]oday|[Yy]esterday|[Tt]omorrow|[Tt]his (?:morning|afternoon|evening)|"
                r"[Ll]ast night|[Tt]onight)\b"),
    ("rel_span", r"\b(?:(?P<qual>[Ee]arlier|[Ll]ater)\s+)?(?P<rel>[Ll]ast|[Tt]his|[Nn]ext|[Pp]ast|[Cc]oming)\s+"
                 r"(?P<unit>week|month|year|weekend|spring|summer|autumn|fall|winter)\b"),
    ("weekday", r"\b(?:(?P<rel>[Ll]ast|[Nn]ext|[Oo]n|[Tt]his)\s+)?(?P<weekday>Monday|Tuesday|Wednesday|Thursday"
                r"|Friday|Saturday|Sunday)\b"),
    ("ago", rf"\b{_NUM}\s+(?P<unit>day|week|month|year)s?\s+(?P<dir>ago|earlier|later|before|after)\b"),
    ("anaphor", r"\b(?P<ref>that|the same|the following|the previous|the next|a) (?P<unit>year|month|day)\b"),
]]
# Cheap tests that must pass before a pattern is run: most sentences hold no date at all, and
# skipping the patterns that cannot match saves a third of the extraction time.
# \b before a month's capital, written as a look-behind after it: with a capital first, `re` skips to
# the capitals J, F, M, A, S, O, N, D instead of testing every position (only whether it is found counts)
_ANY_MONTH = re.compile(r"J(?<!\wJ)(?:an|un|ul)|F(?<!\wF)eb|M(?<!\wM)(?:ar|ay)|A(?<!\wA)(?:pr|ug)|S(?<!\wS)ep"
                        r"|O(?<!\wO)ct|N(?<!\wN)ov|D(?<!\wD)ec")
_RECENT_YEAR = re.compile(RECENT_YEAR)
_DIGIT = re.compile(r"\d")
_WORD_GATES = {  # substrings of the lower-cased sentence
    "rel_day": ("today", "yesterday", "tomorrow", "morning", "afternoon", "evening", "night"),
    "rel_span": ("week", "month", "year", "spring", "summer", "autumn", "fall", "winter"),
    "weekday": ("day",),
    "ago": ("ago", "earlier", "later", "before", "after"),
    "anaphor": ("year", "month", "day"),
}
_DIGIT_PATTERNS = {"iso", "decade", "year"}
_MONTH_PATTERNS = {"dmy", "mdy", "my_anaphor", "my", "md", "dm", "m_rel", "m"}
# finer gates: what each pattern cannot match without (a year for "year", "my", "dmy", "mdy"; a day's
# digit for "md", "dm"; "-" for ISO dates; "0s" for decades; " year" for "May of that year")
_YEARISH = re.compile(r"1[89]\d\d|20\d\d")
_NEEDS_YEAR = {"dmy", "mdy", "my", "year"}
_NEEDS_DIGIT = {"md", "dm", "iso", "decade"}
_NEEDS_TEXT = {"iso": "-", "decade": "0s", "my_anaphor": " year"}
_NEEDS_ANY = {  # substrings of the sentence itself (these patterns are case-sensitive there)
    "weekday": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
    "anaphor": (" year", " month", " day"),
}
_AGO_UNITS = ("day", "week", "month", "year")  # "ago" needs a unit as well as a direction
_GATE_WORDS = frozenset(w for words in _WORD_GATES.values() for w in words) | frozenset(_AGO_UNITS)
_SEASON_MONTH = {"spring": 4, "summer": 7, "autumn": 10, "fall": 10, "winter": 1}
_QUAL_MONTH_DAY = {"early": 5, "mid": 15, "late": 25}
_DECADE_OFFSET = {None: 0, "early": 0, "mid": 4, "late": 7}


@dataclass(frozen=True)
class Timex:
    """A temporal expression: span in the sentence, resolved ISO-partial value, and how it resolved."""

    start: int
    end: int
    text: str
    value: str | None
    kind: str  # explicit | relative | anaphoric | decade
    year_given: bool = True


def find_timexes(sentence: str, ref: date | None, context: str | None = None,
                 future: bool = False) -> list[Timex]:
    """Temporal expressions of a sentence, left to right, without overlaps.

    ref: the article's publication date (or its best anchor) for relative expressions;
    context: the last date of the discourse for anaphora ("that year", "two years later");
    future: resolve year-less months and weekdays forwards instead of backwards.
    """
    out: list[Timex] = []
    taken: list[tuple[int, int]] = []
    has_month = _ANY_MONTH.search(sentence) is not None
    has_digit = _DIGIT.search(sentence) is not None
    has_year = has_digit and _YEARISH.search(sentence) is not None
    low = sentence.lower()
    present = {w for w in _GATE_WORDS if w in low}  # the gate words of the sentence, looked up once
    for name, pat in _PATTERNS:
        if name in _MONTH_PATTERNS:
            if not has_month:
                continue
        elif name in _DIGIT_PATTERNS:
            if not has_digit:
                continue
        elif present.isdisjoint(_WORD_GATES[name]):
            continue
        if (name in _NEEDS_YEAR and not has_year) or (name in _NEEDS_DIGIT and not has_digit) \
                or (name in _NEEDS_TEXT and _NEEDS_TEXT[name] not in sentence) \
                or (name in _NEEDS_ANY and not any(w in sentence for w in _NEEDS_ANY[name])) \
                or (name == "ago" and present.isdisjoint(_AGO_UNITS)):
            continue
        for m in pat.finditer(sentence):
            s, e = m.span()
            if any(s < b and e > a for a, b in taken):
                continue
            if name == "year" and _NOT_YEAR_AFTER.match(sentence, e):
                continue
            tx = _resolve(name, m, ref, context, future)
            if tx is None:
                continue
            taken.append((s, e))
            out.append(tx)
            if tx.value and tx.kind == "explicit":
                context = tx.value
    out.sort(key=lambda t: t.start)
    return out


def _month(m: re.Match[str]) -> int:
    return MONTH_NAMES[m.group("month").lower().rstrip(".")]


def _iso(y: int, mo: int | None = None, d: int | None = None) -> str | None:
    try:
        date(y, mo or 1, d or 1)
    except ValueError:
        return None
    if mo is None:
        return f"{y:04d}"
    if d is None:
        return f"{y:04d}-{mo:02d}"
    return f"{y:04d}-{mo:02d}-{d:02d}"


def _year_of(value: str | None) -> int | None:
    return int(value[:4]) if value and value[:4].isdigit() else None


def _resolve(name: str, m: re.Match[str], ref: date | None, ctx: str | None, future: bool) -> Timex | None:
    s, e = m.span()
    text = m.group(0)

    def tx(value: str | None, kind: str = "explicit", year_given: bool = True) -> Timex | None:
        return Timex(s, e, text, value, kind, year_given) if value else None

    if name == "iso":
        return tx(_iso(int(m["year"]), int(m["month"]), int(m["day"])))
    if name in ("dmy", "mdy"):
        return tx(_iso(int(m["year"]), _month(m), int(m["day"])))
    if name == "my":
        return tx(_iso(int(m["year"]), _month(m)))
    if name == "my_anaphor":
        base = _anchor_year(m["ref"], ctx, ref)
        return tx(_iso(base, _month(m)), "anaphoric") if base else None
    if name in ("md", "dm", "m", "m_rel"):
        if ref is None:
            return None
        mo = _month(m)
        day = int(m["day"]) if name in ("md", "dm") else None
        rel = (m.groupdict().get("rel") or "").lower()
        year = ref.year
        if rel == "last":
            year = ref.year - 1 if mo >= ref.month else ref.year
        elif rel == "next":
            year = ref.year + 1 if mo <= ref.month else ref.year
        elif rel == "this":
            year = ref.year
        elif future:
            year = ref.year + 1 if (mo, day or 1) < (ref.month, 1) else ref.year
        elif (mo, day or 1) > (ref.month, ref.day):
            year = ref.year - 1
        return tx(_iso(year, mo, day), "relative", year_given=False)
    if name == "decade":
        base = int(m["decade"]) + _DECADE_OFFSET[(m["qual"] or None) and m["qual"].lower()]
        return tx(_iso(base), "decade")
    if name == "year":
        return tx(_iso(int(m["year"])))
    if ref is None:
        return None
    if name == "rel_day":
        word = m["word"].lower()
        delta = -1 if word == "yesterday" else 1 if word == "tomorrow" else 0
        return tx((ref + timedelta(days=delta)).isoformat(), "relative")
    if name == "rel_span":
        rel = m["rel"].lower()
        unit = m["unit"].lower()
        step = {"last": -1, "past": -1, "this": 0, "next": 1, "coming": 1}[rel]
        if unit in ("week", "weekend"):
            d = ref + timedelta(days=7 * step)
            return tx(_iso(d.year, d.month), "relative")
        if unit == "month":
            y, mo = divmod(ref.year * 12 + ref.month - 1 + step, 12)
            return tx(_iso(y, mo + 1), "relative")
        if unit == "year":
            return tx(_iso(ref.year + step), "relative")
        mo = _SEASON_MONTH[unit]
        year = ref.year + step if step else ref.year
        return tx(_iso(year, mo), "relative")
    if name == "weekday":
        rel = (m["rel"] or "").lower()
        wd = WEEKDAYS[m["weekday"].lower()]
        if rel == "next" or (future and rel != "last"):
            delta = (wd - ref.weekday()) % 7 or 7
        else:
            delta = -((ref.weekday() - wd) % 7)
            if rel == "last" and delta == 0:
                delta = -7
        return tx((ref + timedelta(days=delta)).isoformat(), "relative")
    if name == "ago":
        n = NUMBER_WORDS.get(m["num"].lower()) if not m["num"].isdigit() else int(m["num"])
        if n is None:
            return None
        unit = m["unit"].lower()
        direction = m["dir"].lower()
        sign = 1 if direction in ("later", "after") else -1
        origin = ref if direction == "ago" else _ctx_date(ctx)
        if origin is None:
            return None
        kind = "relative" if direction == "ago" else "anaphoric"
        if unit == "year":
            return tx(_iso(origin.year + sign * n), kind)
        if unit == "month":
            y, mo = divmod(origin.year * 12 + origin.month - 1 + sign * n, 12)
            return tx(_iso(y, mo + 1), kind)
        d = origin + timedelta(days=sign * n * (7 if unit == "week" else 1))
        if unit == "day" and (direction == "ago" or (ctx is not None and len(ctx) >= 10)):
            return tx(d.isoformat(), kind)  # "two days later" after a dated day: that day
        return tx(_iso(d.year, d.month), kind)
    if name == "anaphor":
        unit = m["unit"].lower()
        word = m["ref"].lower()
        if word == "a":
            return None
        origin = _ctx_date(ctx)
        if origin is None or ctx is None:
            return None
        step = {"that": 0, "the same": 0, "the following": 1, "the next": 1, "the previous": -1}[word]
        if unit == "year":
            return tx(_iso(origin.year + step), "anaphoric")
        if unit == "month" and len(ctx) >= 7:
            y, mo = divmod(origin.year * 12 + origin.month - 1 + step, 12)
            return tx(_iso(y, mo + 1), "anaphoric")
        if unit == "day" and len(ctx) >= 10:
            return tx((origin + timedelta(days=step)).isoformat(), "anaphoric")
        return None
    return None


def _anchor_year(word: str, ctx: str | None, ref: date | None) -> int | None:
    word = word.lower()
    if word in ("this", "last", "next"):
        if ref is None:
            return None
        return ref.year + {"this": 0, "last": -1, "next": 1}[word]
    base = _year_of(ctx)
    if base is None:
        return None
    return base + {"that": 0, "the same": 0, "the following": 1, "the next": 1, "the previous": -1}[word]


def _ctx_date(ctx: str | None) -> date | None:
    if not ctx:
        return None
    parts = [int(p) for p in ctx.split("-")]
    try:
        return date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError:
        return None


_ISO_PARTIAL = re.compile(r"^\d{4}(-\d{2}){0,2}$")


def parse_iso(value: str | None) -> date | None:
    """A date from an ISO partial ('2025', '2025-10', '2025-10-07'), filling missing parts with 1."""
    return _ctx_date(value) if value and _ISO_PARTIAL.match(value) else None


def anchor_date(published: str | None, text: str, today: date | None = None) -> date | None:
    """The reference date for relative expressions: the publication date, else the end of the
    latest year the text names that is not in the future (an article about 2025 events written
    without a dateline most likely dates from 2025)."""
    ref = parse_iso(published)
    if ref:
        if published and len(published) == 4:
            return date(ref.year, 12, 31)
        if published and len(published) == 7:
            return date(ref.year, ref.month, calendar.monthrange(ref.year, ref.month)[1])
        return ref
    today = today or date.today()
    years = [int(y) for y in _RECENT_YEAR.findall(text)]
    years = [y for y in years if y <= today.year]
    if not years:
        return None
    return date(max(years), 12, 31)
