"""Articles: the list, and one article's text cut into parts with every event's evidence marked."""

from __future__ import annotations

from typing import Any

from steppe.store.queries import article_sources
from steppe.store.store import Store
from steppe.web.data.common import plain


def list_articles(store: Store, q: str | None = None, limit: int = 50, offset: int = 0) -> dict[str, Any]:
    """Articles, newest first, optionally those whose title, publisher or text holds `q`."""
    cond, params = "", []
    if q:
        cond = "WHERE a.title ILIKE ? ESCAPE '\\' OR a.publisher ILIKE ? ESCAPE '\\' OR a.text ILIKE ? ESCAPE '\\'"
        like = "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        params = [like, like, like]
    total = store.query(f"SELECT count(*) AS n FROM articles a {cond}", params)[0]["n"]  # noqa: S608
    items = store.query(f"""
        SELECT a.article_id, a.title, a.author, a.published, a.publisher, a.url, a.doc_id,
               length(a.text) AS chars,
               (SELECT count(*) FROM events e WHERE e.article_id = a.article_id) AS n_events,
               (SELECT count(*) FROM sources s WHERE s.article_id = a.article_id) AS n_sources
        FROM articles a {cond}
        ORDER BY a.published DESC NULLS LAST, a.article_id LIMIT ? OFFSET ?""",  # noqa: S608
                        params + [int(limit), int(offset)])
    for r in items:
        r["reader_url"] = f"/articles/{r['article_id']}"
    nxt = offset + limit if offset + limit < total else None
    return {"items": items, "total": total, "limit": limit, "offset": offset, "next_offset": nxt, "q": q}


def segments(text: str, spans: list[tuple[int, int, str]]) -> list[dict[str, Any]]:
    """Cut `text` at every span boundary: [{start, end, text, events: [ids]}], events covering each part;
    `anchor` is set on the first part of each event (the target of #ev-<id> links)."""
    cuts = {0, len(text)}
    for start, end, _ in spans:
        cuts.update((max(0, min(start, len(text))), max(0, min(end, len(text)))))
    bounds = sorted(cuts)
    out: list[dict[str, Any]] = []
    anchored: set[str] = set()
    for lo, hi in zip(bounds, bounds[1:], strict=False):
        if hi <= lo:
            continue
        covering = [eid for s, e, eid in spans if s <= lo and hi <= e]
        anchor = next((eid for eid in covering if eid not in anchored), None)
        if anchor:
            anchored.add(anchor)
        out.append({"start": lo, "end": hi, "text": text[lo:hi], "events": covering, "anchor": anchor})
    return out


def article_detail(store: Store, article_id: str) -> dict[str, Any] | None:
    rows = store.query("SELECT article_id, doc_id, idx, title, author, published, publisher, url, source, text "
                       "FROM articles WHERE article_id = ?", [article_id])
    if not rows:
        return None
    art = rows[0]
    art["sources"] = [{k: s[k] for k in ("doc_id", "url", "publisher", "published", "title", "similarity")}
                      for s in article_sources(store, [article_id]).get(article_id, [])]
    events = store.query("""
        SELECT e.event_id, e.cluster_id, e.category, e.event_type, e.status, e.date, e.evidence, e.ev_start,
               e.ev_end, e.trigger, c.review
        FROM events e LEFT JOIN clusters c USING (cluster_id)
        WHERE e.article_id = ? ORDER BY e.ev_start NULLS LAST, e.event_id""", [article_id])
    text = art["text"]
    spans = []
    for ev in events:
        start, end = ev["ev_start"], ev["ev_end"]
        if start is None or end is None or not 0 <= start < end <= len(text):
            found = text.find(ev["evidence"] or "\x00")
            start, end = (found, found + len(ev["evidence"])) if found >= 0 else (None, None)
        ev["located"] = start is not None
        if start is not None:
            spans.append((start, end, ev["event_id"]))
        ev["event_url"] = f"/events/{ev['cluster_id']}" if ev["cluster_id"] else None
    art["events"] = events
    art["segments"] = segments(text, spans)
    return plain(art)
