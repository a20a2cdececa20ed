"""The Store owns the DuckDB file: schema, idempotent writes with provenance, near-duplicate index.

Only this class opens the database. Writes go through `write_batch`, one transaction per batch, so
a failure never loses what earlier batches stored.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from steppe.errors import SteppeError
from steppe.model import Article, Document, content_hash
from steppe.resources import PACKAGE_DIR

NUM_PERM = 128
# Estimated Jaccard of word 3-shingles at or above which two articles are one story: wire copy
# republished with a new headline, light edits and reordering scores 0.6-0.9, distinct articles
# on the same event below 0.25.
NEAR_DUPLICATE = 0.5
SCHEMA_VERSION = "1"


@dataclass
class WriteResult:
    documents: int = 0
    skipped_documents: int = 0
    articles: int = 0
    duplicates: int = 0
    events: int = 0
    clustered: int = 0
    near_duplicates: list[tuple[str, str, float]] = field(default_factory=list)

    def add(self, other: WriteResult) -> None:
        self.documents += other.documents
        self.skipped_documents += other.skipped_documents
        self.articles += other.articles
        self.duplicates += other.duplicates
        self.events += other.events
        self.near_duplicates.extend(other.near_duplicates)


def shingles(text: str, k: int = 3) -> set[bytes]:
    words = re.findall(r"\w+", text.lower())
    if len(words) < k:
        return {" ".join(words).encode()}
    return {" ".join(words[i:i + k]).encode() for i in range(len(words) - k + 1)}


def minhash_of(text: str):
    from datasketch import MinHash

    mh = MinHash(num_perm=NUM_PERM)
    mh.update_batch(list(shingles(text)))
    return mh


class Store:
    """A steppe database. Use as a context manager; `path=":memory:"` for tests."""

    def __init__(self, path: str | Path = "steppe.duckdb", read_only: bool = False) -> None:
        self.path = str(path)
        try:
            self.con = duckdb.connect(self.path, read_only=read_only)
        except duckdb.Error as exc:
            raise SteppeError(f"{self.path}: cannot open database ({str(exc).splitlines()[0]})") from exc
        if not read_only:
            self._init_schema()
        self._lsh = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.con.close()

    def _init_schema(self) -> None:
        sql = (PACKAGE_DIR / "store" / "schema.sql").read_text(encoding="utf-8")
        self.con.execute(sql)
        self.con.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", [SCHEMA_VERSION])

    # ------------------------------------------------------------------ near duplicates

    def _near_index(self):
        if self._lsh is None:
            from datasketch import LeanMinHash, MinHashLSH

            self._lsh = MinHashLSH(threshold=NEAR_DUPLICATE, num_perm=NUM_PERM)
            self._sigs: dict[str, Any] = {}
            for article_id, blob in self.con.execute(
                    "SELECT article_id, minhash FROM articles WHERE minhash IS NOT NULL").fetchall():
                mh = LeanMinHash.deserialize(bytes(blob))
                self._lsh.insert(article_id, mh)
                self._sigs[article_id] = mh
        return self._lsh

    def _find_near(self, mh) -> tuple[str, float] | None:
        lsh = self._near_index()
        best = None
        for key in lsh.query(mh):
            sim = mh.jaccard(self._sigs[key])
            if sim >= NEAR_DUPLICATE and (best is None or sim > best[1]):
                best = (key, sim)
        return best

    # ------------------------------------------------------------------ writes

    def has_document(self, doc_hash: str) -> bool:
        return self.con.execute("SELECT 1 FROM documents WHERE doc_hash = ?", [doc_hash]).fetchone() is not None

    def write_batch(self, batch: Iterable[tuple[Document, list[Article]]]) -> WriteResult:
        """Store documents with their articles and events in one transaction (all or nothing)."""
        from datasketch import LeanMinHash

        result = WriteResult()
        rows: dict[str, list[tuple]] = {"documents": [], "articles": [], "sources": [], "events": [],
                                       "event_actors": []}
        seen_docs: set[str] = set()
        seen_articles: set[str] = set()
        in_batch: dict[str, dict[int, str]] = {}  # doc hash -> article index -> stored article id
        for doc, articles in batch:
            dh = doc.hash
            if dh in seen_docs or self.has_document(dh):
                # the same page again; a new location (a mirror, a crawl of the same URL) is a new source
                result.skipped_documents += 1
                known = in_batch.get(dh) or dict(self.con.execute(
                    "SELECT idx, article_id FROM sources WHERE doc_hash = ?", [dh]).fetchall())
                for art in articles:
                    if art.index in known:
                        rows["sources"].append((known[art.index], art.doc, dh, art.index, art.source, art.url,
                                                art.publisher, art.published, art.title, 1.0))
                continue
            seen_docs.add(dh)
            placed = in_batch.setdefault(dh, {})
            result.documents += 1
            rows["documents"].append((dh, doc.doc, doc.source, doc.url, doc.kind, len(articles)))
            for art in articles:
                aid = art.text_hash
                src = (aid, art.doc, dh, art.index, art.source, art.url, art.publisher, art.published, art.title)
                exists = aid in seen_articles or self.con.execute(
                    "SELECT 1 FROM articles WHERE article_id = ?", [aid]).fetchone() is not None
                if exists:
                    placed[art.index] = aid
                    rows["sources"].append(src + (1.0,))
                    result.duplicates += 1
                    continue
                mh = LeanMinHash(minhash_of(art.text))
                near = self._find_near(mh)
                if near is not None:
                    placed[art.index] = near[0]
                    rows["sources"].append((near[0],) + src[1:] + (round(near[1], 3),))
                    result.duplicates += 1
                    result.near_duplicates.append((art.doc, near[0], near[1]))
                    continue
                seen_articles.add(aid)
                placed[art.index] = aid
                self._lsh.insert(aid, mh)
                self._sigs[aid] = mh
                buf = bytearray(mh.bytesize())
                mh.serialize(buf)
                rows["articles"].append((aid, art.doc, dh, art.index, art.title, art.author, art.published,
                                         art.publisher, art.url, art.source, art.text, bytes(buf)))
                rows["sources"].append(src + (1.0,))
                result.articles += 1
                for n, ev in enumerate(art.events):
                    eid = content_hash(f"{aid}\x00{n}\x00{ev.category}\x00{ev.start}\x00{ev.trigger}")
                    rows["events"].append((eid, aid, art.doc, ev.category, ev.event_type, ev.mode,
                                           list(ev.context), ev.date, ev.status, ev.location, ev.evidence,
                                           ev.start, ev.end, ev.confidence, ev.trigger))
                    for role, ents in (("actor", ev.actor), ("recipient", ev.recipient)):
                        for pos, ent in enumerate(ents):
                            rows["event_actors"].append((eid, role, pos, ent.code, ent.name, ent.sector))
                    result.events += 1
        try:
            self._insert(rows)
        except Exception:
            self._lsh = None  # the index held this batch's articles: rebuild it from the database
            raise
        return result

    def _insert(self, rows: dict[str, list[tuple]]) -> None:
        sql = {
            "documents": "INSERT INTO documents (doc_hash, doc_id, source, url, kind, n_articles) "
                         "VALUES (?, ?, ?, ?, ?, ?)",
            "articles": "INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            "sources": "INSERT OR IGNORE INTO sources VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            "events": "INSERT OR IGNORE INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)",
            "event_actors": "INSERT OR IGNORE INTO event_actors VALUES (?, ?, ?, ?, ?, ?)",
        }
        self.con.execute("BEGIN TRANSACTION")
        try:
            for table in ("documents", "articles", "sources", "events", "event_actors"):
                if rows[table]:
                    self.con.executemany(sql[table], rows[table])
            self.con.execute("COMMIT")
        except Exception:
            self.con.execute("ROLLBACK")
            raise

    # ------------------------------------------------------------------ reads

    def counts(self) -> dict[str, int]:
        out = {}
        for table in ("documents", "articles", "sources", "events", "event_actors", "clusters"):
            out[table] = self.con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608
        return out

    def query(self, sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
        """Rows as dictionaries; SQL always with parameters, never with interpolated values."""
        cur = self.con.execute(sql, params or [])
        cols = [d[0] for d in cur.description]
        return [dict(zip(cols, row, strict=True)) for row in cur.fetchall()]
