"""Temporal expressions: explicit, relative to publication, anaphoric, decades and ranges."""

from __future__ import annotations

from datetime import date

import pytest

from steppe.extract.dates import anchor_date, find_timexes

REF = date(2024, 6, 14)  # a Friday


def values(text: str, ref: date | None = REF, context: str | None = None, future: bool = False) -> list[str]:
    return [t.value for t in find_timexes(text, ref, context=context, future=future)]


@pytest.mark.parametrize("text,expected", [
    ("on 23 July 2025", ["2025-07-23"]), ("on July 23, 2025", ["2025-07-23"]),
    ("on November 14-15, 2025", ["2025-11-14"]), ("in late December 2023", ["2023-12"]),
    ("in 2022", ["2022"]), ("the 2021 declaration", ["2021"]), ("2024-03-05", ["2024-03-05"]),
    ("last week", ["2024-06"]), ("on Friday", ["2024-06-14"]), ("on Tuesday", ["2024-06-11"]),
    ("yesterday", ["2024-06-13"]), ("in October", ["2023-10"]), ("in March", ["2024-03"]),
    ("this year", ["2024"]), ("last month", ["2024-05"]), ("next year", ["2025"]),
    ("in the late 2000s", ["2007"]), ("the 1990s", ["1990"]), ("two years ago", ["2022"]),
])
def test_dates_resolve(text, expected):
    assert values(text) == expected


def test_dates_anaphora_use_the_discourse():
    assert values("Twelve years later, it was renamed.", context="2009") == ["2021"]
    assert values("In November of that year, they met.", context="2022") == ["2022-11"]
    assert values("the following year", context="2020-05") == ["2021"]


def test_dates_future_months_resolve_forwards():
    assert values("in October", future=True) == ["2024-10"]
    assert values("on Monday", future=True) == ["2024-06-17"]


def test_dates_numbers_that_are_not_years():
    assert values("US$ 2025 million and 2,000 troops and 1,500 km") == []
    assert values("a fund of 2024 percent") == []


def test_dates_anchor_without_publication_date():
    assert anchor_date(None, "In 2023 and again in 2025 they met; the plan runs to 2040.", today=date(2026, 1, 1)) \
        == date(2025, 12, 31)
    assert anchor_date("2025-10", "") == date(2025, 10, 31)


def test_days_later_after_a_dated_day_keep_the_day():
    from datetime import date

    from steppe.extract.dates import find_timexes

    (t,) = find_timexes("Two days later the ministers met again.", date(2024, 5, 30), context="2024-05-10")
    assert t.value == "2024-05-12"
    (t,) = find_timexes("Two weeks later the ministers met again.", date(2024, 5, 30), context="2024-05-10")
    assert t.value == "2024-05"


def test_dates_the_end_or_beginning_of_a_month():
    from datetime import date

    from steppe.extract.dates import find_timexes

    (t,) = find_timexes("At the end of October the ministers met.", date(2025, 11, 20))
    assert t.value == "2025-10"
