"""What the store derives from an article, computed where the article was extracted (the ingest's
worker processes): its id, its MinHash signature and the rows of its events. No DuckDB here: the
workers need not import it."""

from __future__ import annotations

from typing import Any, NamedTuple

from steppe.model import Article, content_hash
from steppe.store.minhash import signature


class ArticleKeys(NamedTuple):
    """What the store derives from an article, computable where the article was extracted: its id
    (hash of the normalised text), its serialised MinHash signature, and the rows of its events and
    their actors (written when the article is new)."""

    article_id: str
    signature: bytes
    event_rows: list[tuple]
    actor_rows: list[tuple]


def event_id(article_id: str, n: int, ev: Any) -> str:
    return content_hash(f"{article_id}\x00{n}\x00{ev.category}\x00{ev.start}\x00{ev.trigger}")


def article_keys(art: Article) -> ArticleKeys:
    aid = art.text_hash
    events, actors = [], []
    for n, ev in enumerate(art.events):
        eid = event_id(aid, n, ev)
        events.append((eid, aid, art.doc, ev.category, ev.event_type, ev.mode, list(ev.context), ev.date, ev.status,
                       ev.location, ev.evidence, ev.start, ev.end, ev.confidence, ev.trigger))
        for role, ents in (("actor", ev.actor), ("recipient", ev.recipient)):
            for pos, ent in enumerate(ents):
                actors.append((eid, role, pos, ent.code, ent.name, ent.sector))
    return ArticleKeys(aid, signature(art.text), events, actors)
