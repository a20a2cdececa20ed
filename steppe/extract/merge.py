"""One event per real-world action per document: merge repeated mentions of the same event."""

from __future__ import annotations

from steppe.model import Event


def compatible_dates(a: str | None, b: str | None) -> bool:
    """Dates agree when one is a prefix of the other ('2025' and '2025-10'), or one is unknown."""
    if not a or not b:
        return True
    return a.startswith(b) or b.startswith(a)


def same_event(a: Event, b: Event) -> bool:
    if a.category != b.category or a.status != b.status:
        return False
    if a.participants != b.participants:
        return False
    if a.location and b.location and a.location != b.location:
        return False
    if not compatible_dates(a.date, b.date):
        return False
    if a.evidence == b.evidence:
        # the same sentence may hold two dated events of one kind ("in 2009 and in 2021")
        return a.date == b.date or not a.date or not b.date
    if a.category == "statement" and len(a.participants) >= 2 and a.date and b.date and not _same_word(a, b):
        return False  # "Aliyev declared ..." and later "Aliyev repeated his call, saying ...": two statements
    # across sentences, an undated repeat merges only when one side is undated or both agree
    return True


def _same_word(a: Event, b: Event) -> bool:
    wa, wb = (a.trigger or "").lower()[:5], (b.trigger or "").lower()[:5]
    return bool(wa) and wa == wb


def merge_events(events: list[Event]) -> list[Event]:
    """Keep the first report of each event, taking the more precise date and any missing fields."""
    out: list[Event] = []
    for ev in events:
        for kept in out:
            if same_event(kept, ev):
                if ev.date and (not kept.date or len(ev.date) > len(kept.date)):
                    kept.date = ev.date
                kept.location = kept.location or ev.location
                kept.event_type = kept.event_type or ev.event_type
                kept.mode = kept.mode or ev.mode
                kept.confidence = min(0.99, max(kept.confidence, ev.confidence) + 0.05)
                break
        else:
            out.append(ev)
    return out
