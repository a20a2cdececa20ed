"""Classify the lines of a page: prose, heading, bullet, date line, byline, junk, credit, end marker."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from steppe.resources import load_yaml

MONTHS = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
          r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
WEEKDAYS = r"(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?"
_DATE_TOKEN = re.compile(
    rf"(?:\b{MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}\b"
    rf"|\b\d{{1,2}}(?:st|nd|rd|th)?\s+{MONTHS},?\s+\d{{4}}\b"
    rf"|\b{MONTHS}\s+\d{{4}}\b"
    r"|\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:?\d{2})?)?\b"
    r"|\b\d{1,2}[./]\d{1,2}[./]\d{4}\b)",
    re.I,
)
_DATE_FILLER = re.compile(
    rf"\b(?:published|posted|updated|last updated|on|at|date|dated|{WEEKDAYS}|\d{{1,2}}:\d{{2}}(?::\d{{2}})?"
    r"|am|pm|a\.m\.|p\.m\.|gmt|utc|cet|est|msk|local time|time|\||-|–|—)\b",
    re.I,
)
_NAME = r"[A-Z][\w'’.-]*\.?"
_BYLINE = re.compile(
    rf"^(?i:by|written by|words by|author:|authors:)\s+(?P<names>(?:Dr\.?\s+|Prof\.?\s+)?{_NAME}(?:\s+{_NAME}){{0,3}}"
    rf"(?:\s*(?:,|and|&)\s*(?:Dr\.?\s+)?{_NAME}(?:\s+{_NAME}){{0,3}})*)"
    r"(?:\s*[,|–—-]\s*[\w .'’-]{0,60})?$",
)
_BULLET = re.compile(r"^(?:[•▪◦●‣∙·*–—-]|\d{1,2}[.)])\s+\S")
_SENT_END = re.compile(r"[.!?…:;][\"'”’)\]]*$")


@dataclass
class Line:
    """A raw line with its 0-based number and class."""

    no: int
    text: str
    kind: str  # blank junk credit end date byline heading bullet prose short

    @property
    def words(self) -> int:
        return len(self.text.split())


@lru_cache(maxsize=1)
def patterns() -> dict[str, re.Pattern[str]]:
    data = load_yaml("lexicon/boilerplate.yaml")
    out = {}
    for key in ("junk", "credit", "heading"):
        out[key] = re.compile("^(?:" + "|".join(data[key]) + r")[.:!]?$", re.I)
    out["end"] = re.compile("^(?:" + "|".join(data["end"]) + ")", re.I)
    return out


def is_date_line(text: str) -> bool:
    """A line that only states a date (with words like 'Published', a weekday or a time)."""
    if len(text) > 80 or not _DATE_TOKEN.search(text):
        return False
    rest = _DATE_FILLER.sub(" ", _DATE_TOKEN.sub(" ", text))
    rest = re.sub(r"[\W_]+", " ", rest).split()
    return len(rest) <= 2


def byline_names(text: str) -> str | None:
    m = _BYLINE.match(text.strip())
    if not m or len(text.split()) > 12:
        return None
    return m.group("names").strip()


def classify(text: str) -> str:
    t = text.strip().replace("\u2019", "'").replace("\u2018", "'")
    if not t:
        return "blank"
    pats = patterns()
    words = len(t.split())
    if words <= 14 and byline_names(t):
        return "byline"
    if is_date_line(t):
        return "date"
    if pats["end"].match(t):
        return "end"
    if len(t) <= 240 and pats["credit"].match(t):
        return "credit"
    if words <= 12 and pats["junk"].match(t):
        return "junk"
    if _BULLET.match(t):
        return "bullet"
    if words <= 8 and pats["heading"].match(t):
        return "heading"
    # headlines run long but rarely end in a full stop; body paragraphs do
    if (words >= 6 and _SENT_END.search(t)) or words >= 25:
        return "prose"
    return "short"


def classify_lines(text: str) -> list[Line]:
    return [Line(i, raw.strip(), classify(raw)) for i, raw in enumerate(text.splitlines())]


def norm(text: str) -> str:
    # = re.sub(r"\s+", " ", text).strip().lower(): str.split() cuts at the same whitespace
    return " ".join(text.split()).lower()
