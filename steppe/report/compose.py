"""Sentences composed from stored events: who did what to whom, when and where.

Nothing is invented: every phrase is a fixed template filled with the event's own fields; the
verbatim evidence is quoted beside it where a reader needs it.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable
from typing import Any

CATEGORY_LABELS = {
    "meeting": "meetings", "agreement": "agreements", "arms_transfer": "arms transfers",
    "defence_industry": "defence-industrial cooperation", "exercise": "military exercises",
    "military_aid": "military aid", "intelligence": "intelligence cooperation",
    "institutional": "institutional changes", "statement": "official statements",
    "criticism": "criticism", "pressure": "pressure", "conflict": "armed conflict",
    "economic": "economic deals",
}

# (category, event_type or "*") -> verb phrase; {r} is the recipient phrase
_PHRASES: dict[tuple[str, str], tuple[str, str]] = {
    # occurred, planned
    ("meeting", "*"): ("met", "planned to meet"),
    ("meeting", "visit"): ("visited {r}", "planned to visit {r}"),
    ("meeting", "multilateral"): ("held a multilateral meeting", "planned a multilateral meeting"),
    ("agreement", "*"): ("signed or adopted an agreement", "planned an agreement"),
    ("arms_transfer", "*"): ("supplied weapons to {r}", "planned to supply weapons to {r}"),
    ("defence_industry", "*"): ("cooperated on defence production with {r}",
                                "planned defence-industrial cooperation with {r}"),
    ("exercise", "MOBILIZE"): ("mobilised forces", "planned to mobilise forces"),
    ("exercise", "*"): ("held a military exercise", "planned a military exercise"),
    ("military_aid", "*"): ("gave military support to {r}", "planned military support for {r}"),
    ("intelligence", "*"): ("cooperated on intelligence", "planned intelligence cooperation"),
    ("institutional", "REQUEST"): ("applied to join {r}", "planned to apply to {r}"),
    ("institutional", "*"): ("took an institutional decision concerning {r}",
                             "planned an institutional step concerning {r}"),
    ("statement", "SUPPORT"): ("voiced support for {r}", "pledged support for {r}"),
    ("statement", "REQUEST"): ("called on {r} to act", "prepared a request to {r}"),
    ("statement", "REJECT"): ("rejected a position of {r}", "signalled it would reject {r}"),
    ("statement", "THREATEN"): ("warned {r}", "warned {r}"),
    ("statement", "COOPERATE"): ("announced cooperation with {r}", "pledged cooperation with {r}"),
    ("statement", "CONCEDE"): ("made a concession to {r}", "offered a concession to {r}"),
    ("statement", "AID"): ("gave assistance to {r}", "offered assistance to {r}"),
    ("statement", "*"): ("made a public statement on {r}", "announced a position on {r}"),
    ("criticism", "*"): ("criticised {r}", "prepared criticism of {r}"),
    ("pressure", "SANCTION"): ("imposed sanctions or restrictions on {r}", "threatened sanctions on {r}"),
    ("pressure", "COERCE"): ("used coercion against {r}", "threatened coercion against {r}"),
    ("pressure", "THREATEN"): ("threatened {r}", "threatened {r}"),
    ("pressure", "*"): ("put pressure on {r}", "planned pressure on {r}"),
    ("conflict", "RETREAT"): ("withdrew or de-escalated", "planned to withdraw"),
    ("conflict", "*"): ("used force against {r}", "planned to use force against {r}"),
    ("economic", "*"): ("concluded an economic deal with {r}", "planned an economic deal with {r}"),
}


def date_phrase(value: str | None) -> str:
    if not value:
        return "At an unstated date"
    parts = value.split("-")
    year = parts[0]
    if len(parts) == 1:
        return f"In {year}"
    month = calendar.month_name[int(parts[1])]
    if len(parts) == 2:
        return f"In {month} {year}"
    return f"On {int(parts[2])} {month} {year}"


def join_names(names: list[str]) -> str:
    names = list(dict.fromkeys(n for n in names if n))
    if not names:
        return ""
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " and " + names[-1]


_PARTICIPLES = {"met": "met", "held": "held", "made": "made", "gave": "given", "took": "taken", "put": "put",
                "withdrew": "withdrawn"}


def _participle(phrase: str) -> str:
    """'signed or adopted an agreement' -> same; 'gave military support' -> 'given military support'."""
    head, _, rest = phrase.partition(" ")
    return " ".join(x for x in (_PARTICIPLES.get(head, head), rest) if x)


def compose(event: dict[str, Any], name: Callable[[str], str]) -> str:
    """One sentence for one event, without citation: 'In July 2025, Türkiye supplied weapons to …'."""
    actors = [name(a["code"]) for a in event.get("actor") or []]
    recips = [name(a["code"]) for a in event.get("recipient") or []]
    cat = event["category"]
    etype = event.get("event_type") or "*"
    key = (cat, event.get("mode")) if (cat, event.get("mode")) in _PHRASES else (cat, etype)
    if key not in _PHRASES:
        key = (cat, "*")
    occurred, planned = _PHRASES.get(key, ("acted", "planned to act"))
    status = event.get("status") or "occurred"
    verb = planned if status == "future" else occurred
    if status == "negated":
        verb = "was reported as not having " + _participle(occurred)
    subject = join_names(actors) or "An unnamed party"
    if "{r}" in verb:
        verb = verb.replace("{r}", join_names(recips) or "an unnamed party")
    elif recips:
        verb += " with " + join_names(recips) if cat in ("meeting", "agreement", "exercise", "economic",
                                                          "intelligence") else " (" + join_names(recips) + ")"
    loc = event.get("location")
    where = f" in {loc}" if loc and loc not in actors + recips else ""
    return f"{date_phrase(event.get('date'))}, {subject} {verb}{where}"
