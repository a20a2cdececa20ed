"""Read publication dates from page furniture ("January 8, 2026", "Published 2024-11-06T09:00Z")."""

from __future__ import annotations

import re
from datetime import date

from steppe.ingest.lines import _DATE_TOKEN

_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_HAS_DAY = re.compile(r"\d{1,2}(?:st|nd|rd|th)?[\s,]+[a-z]{3}|[a-z]{3}\.?\s+\d{1,2}\b"
                      r"|\d{4}-\d{2}-\d{2}|\d{1,2}[./]\d{1,2}[./]\d{4}", re.I)


def iso_partial(value: str | None) -> str | None:
    """Normalise a machine date ('2024-11-06T09:00:00Z', '2024-11') to YYYY[-MM[-DD]]."""
    if not value:
        return None
    m = _ISO.match(value.strip())
    if not m:
        return parse_date(value)
    y, mo, d = m.groups()
    try:
        date(int(y), int(mo or 1), int(d or 1))
    except ValueError:
        return None
    return "-".join(x for x in (y, mo, d) if x)


def parse_date(text: str | None) -> str | None:
    """The first date written in `text`, at the precision written (day or month), or None."""
    if not text:
        return None
    m = _DATE_TOKEN.search(text)
    if not m:
        return None
    token = m.group(0)
    if re.match(r"\d{4}-\d{2}-\d{2}", token):
        return iso_partial(token)
    import dateparser

    settings = {"PREFER_DAY_OF_MONTH": "first", "REQUIRE_PARTS": ["year"], "DATE_ORDER": "DMY",
                "RETURN_AS_TIMEZONE_AWARE": False}
    parsed = dateparser.parse(token, languages=["en"], settings=settings)
    if parsed is None:
        return None
    if _HAS_DAY.search(token):
        return parsed.strftime("%Y-%m-%d")
    return parsed.strftime("%Y-%m")
