"""The Store owns the DuckDB file: schema, idempotent writes with provenance, near-duplicate index.

Only this class opens the database. Writes go through `write_batch`, one transaction per batch, so
a failure never loses what earlier batches stored.

Near duplicates: every stored article keeps its MinHash signature (`articles.minhash`, 128 values
of word 3-shingles) and its locality-sensitive hash bands (`article_bands`: 25 bands of 5 values,
the banding datasketch's MinHashLSH chooses for a threshold of 0.5 with 128 permutations). An
article is compared with the stored articles that share a band with it, fetched from the database
per batch, so the index costs no memory however large the database grows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path
from typing import Any

import duckdb

from steppe.errors import SteppeError
from steppe.model import Article, Document
from steppe.resources import PACKAGE_DIR
from steppe.store.keys import ArticleKeys, article_keys, event_id  # noqa: F401 - as the store has always offered
from steppe.store.minhash import (  # noqa: F401 - the signatures' API, as the store has always offered it
    LSH_BANDS,
    LSH_ROWS,
    MINHASH_SEED,
    NUM_PERM,
    band_keys,
    jaccard,
    minhash_of,
    minhash_values,
    prepare_minhash,
    share_band,
    shingles,
    signature,
    signature_values,
)

# Estimated Jaccard of word 3-shingles at or above which two articles are one story: wire copy
# republished with a new headline, light edits and reordering scores 0.6-0.9, distinct articles
# on the same event below 0.25.
NEAR_DUPLICATE = 0.5
SCHEMA_VERSION = "1"
NEAR_INDEX = "bands-25x5"  # meta key near_index: the bands in article_bands are of this layout


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


# ---------------------------------------------------------------------- bulk writes

# Columns of each table as written by steppe, with their DuckDB types (each inserted column is cast).
COLUMNS: dict[str, list[tuple[str, str]]] = {
    "documents": [("doc_hash", "VARCHAR"), ("doc_id", "VARCHAR"), ("source", "VARCHAR"), ("url", "VARCHAR"),
                  ("kind", "VARCHAR"), ("n_articles", "INTEGER")],
    "articles": [("article_id", "VARCHAR"), ("doc_id", "VARCHAR"), ("doc_hash", "VARCHAR"), ("idx", "INTEGER"),
                 ("title", "VARCHAR"), ("author", "VARCHAR"), ("published", "VARCHAR"), ("publisher", "VARCHAR"),
                 ("url", "VARCHAR"), ("source", "VARCHAR"), ("text", "VARCHAR"), ("minhash", "BLOB")],
    "sources": [("article_id", "VARCHAR"), ("doc_id", "VARCHAR"), ("doc_hash", "VARCHAR"), ("idx", "INTEGER"),
                ("source", "VARCHAR"), ("url", "VARCHAR"), ("publisher", "VARCHAR"), ("published", "VARCHAR"),
                ("title", "VARCHAR"), ("similarity", "DOUBLE")],
    "events": [("event_id", "VARCHAR"), ("article_id", "VARCHAR"), ("doc_id", "VARCHAR"), ("category", "VARCHAR"),
               ("event_type", "VARCHAR"), ("mode", "VARCHAR"), ("context", "VARCHAR[]"), ("date", "VARCHAR"),
               ("status", "VARCHAR"), ("location", "VARCHAR"), ("evidence", "VARCHAR"), ("ev_start", "INTEGER"),
               ("ev_end", "INTEGER"), ("confidence", "DOUBLE"), ("trigger", "VARCHAR")],
    "event_actors": [("event_id", "VARCHAR"), ("role", "VARCHAR"), ("position", "INTEGER"), ("code", "VARCHAR"),
                     ("name", "VARCHAR"), ("sector", "VARCHAR")],
    "article_bands": [("band", "UTINYINT"), ("key", "BIGINT"), ("article_id", "VARCHAR")],
    "clusters": [("cluster_id", "VARCHAR"), ("category", "VARCHAR"), ("event_type", "VARCHAR"), ("mode", "VARCHAR"),
                 ("context", "VARCHAR[]"), ("status", "VARCHAR"), ("date", "VARCHAR"), ("location", "VARCHAR"),
                 ("n_reports", "INTEGER"), ("n_articles", "INTEGER"), ("n_sources", "INTEGER"),
                 ("first_report", "VARCHAR"), ("last_report", "VARCHAR"), ("confidence", "DOUBLE")],
    "cluster_actors": [("cluster_id", "VARCHAR"), ("role", "VARCHAR"), ("position", "INTEGER"), ("code", "VARCHAR"),
                       ("name", "VARCHAR"), ("sector", "VARCHAR")],
}
# The primary key of the tables written with INSERT OR IGNORE (as column positions).
IGNORE_KEYS: dict[str, tuple[int, ...]] = {"sources": (0, 1, 3), "events": (0,), "event_actors": (0, 1, 2)}
NEW_ROWS = ("events", "event_actors")  # rows of articles new to the database


def first_per_key(rows: Sequence[tuple], key: tuple[int, ...]) -> list[tuple]:
    """The rows without later repeats of a key: the first row of a key wins, as row-by-row
    INSERT OR IGNORE would have it (one statement may not hold a key twice)."""
    keys = list(map(itemgetter(*key), rows))
    if len(set(keys)) == len(keys):
        return list(rows)
    seen: set = set()
    out = []
    for k, row in zip(keys, rows, strict=True):
        if k not in seen:
            seen.add(k)
            out.append(row)
    return out


_NUMERIC = {"UTINYINT": "uint8", "INTEGER": "int64", "BIGINT": "int64", "DOUBLE": "float64"}


def _column(values: list, typ: str):
    """One column as a NumPy array DuckDB scans without a Python call per value."""
    import numpy as np

    if typ in _NUMERIC and None not in values:
        return np.array(values, dtype=_NUMERIC[typ])
    if typ == "DOUBLE":  # an int among floats must not make DuckDB guess an integer column
        values = [None if v is None else float(v) for v in values]
    return np.fromiter(values, dtype=object, count=len(values))


def bulk_insert(con: duckdb.DuckDBPyConnection, table: str, rows: Sequence[tuple], ignore: bool = False) -> None:
    """Insert rows (tuples in COLUMNS order) with one statement over the rows as NumPy columns."""
    if not rows:
        return
    cols = COLUMNS[table]
    names = ", ".join(name for name, _ in cols)
    values = ", ".join(f"CAST(c{i} AS {typ})" for i, (_, typ) in enumerate(cols))
    # the columns as a local variable that the statement names: DuckDB finds it in this frame (a
    # replacement scan), faster than registering a view for each statement
    _steppe_rows = {f"c{i}": _column(list(col), typ)  # noqa: F841 - read by the statement below
                    for i, ((_, typ), col) in enumerate(zip(cols, zip(*rows, strict=True), strict=True))}
    verb = "INSERT OR IGNORE INTO" if ignore else "INSERT INTO"
    con.execute(f"{verb} {table} ({names}) SELECT {values} FROM _steppe_rows")  # noqa: S608 - constants


class NewReports:
    """What clustering needs of each report a run writes, kept in memory so that clustering at the
    end of the run does not read back what was just written: per report (article published, ingest
    time of its document as DuckDB prints it (the placing order's key: publication, else ingest time),
    event id, published, ingest day, category, status, date, location, participant codes),
    appended once its batch is committed. Beyond `limit` reports, or when a batch had to be
    written again with INSERT OR IGNORE (some of its reports were stored already), it is dropped and
    placing reads the database: memory stays bounded.
    make: when given, each batch's rows are kept sorted as (key, event id, make(row)), so that the
    end of the run only merges them (clustering makes its report objects while the workers run)."""

    def __init__(self, limit: int, make: Callable[[tuple], Any] | None = None) -> None:
        self.limit = limit
        self.make = make
        self.rows: list[tuple] | None = []

    def add(self, rows: list[tuple]) -> None:
        if self.rows is not None:
            if self.make is not None:
                make = self.make
                rows = [(r[0], r[1], make(r)) for r in sorted(rows)]
            self.rows.extend(rows)
            if len(self.rows) > self.limit:
                self.drop()

    def drop(self) -> None:
        self.rows = None


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
        row = self.con.execute("SELECT value FROM meta WHERE key = 'near_index'").fetchone()
        if row is None or row[0] != NEAR_INDEX:
            self._build_bands()

    def _build_bands(self, chunk: int = 5000) -> None:
        """Fill article_bands from the stored signatures (a database written before the table existed)."""
        con = self.con
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute("DELETE FROM article_bands")
            cur = con.cursor()
            try:
                cur.execute("SELECT article_id, minhash FROM articles WHERE minhash IS NOT NULL")
                while batch := cur.fetchmany(chunk):
                    bulk_insert(con, "article_bands", [(band, key, aid) for aid, blob in batch for band, key in
                                                       enumerate(band_keys(signature_values(bytes(blob))))])
            finally:
                cur.close()
            con.execute("INSERT OR REPLACE INTO meta VALUES ('near_index', ?)", [NEAR_INDEX])
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise

    # ------------------------------------------------------------------ writes

    def has_document(self, doc_hash: str) -> bool:
        return self.con.execute("SELECT 1 FROM documents WHERE doc_hash = ?", [doc_hash]).fetchone() is not None

    def known_documents(self, doc_hashes: Iterable[str], con: duckdb.DuckDBPyConnection | None = None) -> set[str]:
        """Those of the content hashes already stored (one query)."""
        hashes = list(set(doc_hashes))
        if not hashes:
            return set()
        rows = (con or self.con).execute("SELECT doc_hash FROM documents WHERE doc_hash IN "
                                         "(SELECT unnest(?::VARCHAR[]))", [hashes]).fetchall()
        return {r[0] for r in rows}

    def _near_candidates(self, keys: dict[Any, list[int]]) -> dict[Any, list[tuple[str, Any]]]:
        """For each query (its key -> its band keys): the stored articles sharing a band key with it,
        with their signatures, in article id order (one query for the batch)."""
        if not keys:
            return {}
        import numpy as np

        queries = list(keys)
        counts = [len(keys[q]) for q in queries]
        _steppe_bands = {  # noqa: F841 - read by the statement below (a replacement scan, as in bulk_insert)
            "qi": np.repeat(np.arange(len(queries), dtype=np.int32), counts),
            "band": np.concatenate([np.arange(n, dtype=np.uint8) for n in counts]),
            "key": np.fromiter((k for q in queries for k in keys[q]), dtype=np.int64, count=sum(counts))}
        rows = self.con.execute("""
            SELECT DISTINCT q.qi, b.article_id
            FROM _steppe_bands q JOIN article_bands b ON b.band = q.band AND b.key = q.key""").fetchall()
        if not rows:
            return {}
        ids = sorted({aid for _, aid in rows})
        sigs = {aid: signature_values(bytes(blob)) for aid, blob in self.con.execute(
            "SELECT article_id, minhash FROM articles WHERE article_id IN (SELECT unnest(?::VARCHAR[]))",
            [ids]).fetchall() if blob is not None}
        out: dict[Any, list[tuple[str, Any]]] = {}
        for i, aid in sorted(rows):
            if aid in sigs:
                out.setdefault(queries[i], []).append((aid, sigs[aid]))
        return out

    def write_batch(self, batch: Iterable[tuple[Document, list[Article]]
                                          | tuple[Document, list[Article], list[ArticleKeys] | None]],
                    new_reports: NewReports | None = None) -> WriteResult:
        """Store documents with their articles and events in one transaction (all or nothing).

        Each item is (document, articles) or (document, articles, keys): the articles' ArticleKeys
        when the caller computed them (`article_keys`, in the worker processes), else None.
        new_reports: where to keep what placing needs of the reports written."""
        items = [(it[0], it[1], it[2] if len(it) > 2 else None) for it in batch]
        result = WriteResult()
        rows: dict[str, list[tuple]] = {t: [] for t in ("documents", "articles", "sources", "events",
                                                        "event_actors", "article_bands")}
        hashes = [doc.hash for doc, _, _ in items]
        known_docs = self.known_documents(hashes)
        stored_sources: dict[str, dict[int, str]] = {}
        if known_docs:
            for dh, idx, aid in self.con.execute(
                    "SELECT doc_hash, idx, article_id FROM sources WHERE doc_hash IN (SELECT unnest(?::VARCHAR[]))",
                    [sorted(known_docs)]).fetchall():
                stored_sources.setdefault(dh, {})[idx] = aid
        # the articles of new documents with their keys; which are stored already (exact copies)
        keys_of: dict[int, ArticleKeys] = {}
        for (_, arts, keys), dh in zip(items, hashes, strict=True):
            if dh not in known_docs:
                for i, art in enumerate(arts):
                    keys_of[id(art)] = keys[i] if keys is not None and i < len(keys) else article_keys(art)
        stored_articles: set[str] = set()
        if keys_of:
            stored_articles = {r[0] for r in self.con.execute(
                "SELECT article_id FROM articles WHERE article_id IN (SELECT unnest(?::VARCHAR[]))",
                [sorted({k.article_id for k in keys_of.values()})]).fetchall()}
        # signatures and LSH bands of the others, and the stored articles sharing a band with them
        near_of: dict[int, tuple[Any, list[int]]] = {}
        for key, k in keys_of.items():
            if k.article_id not in stored_articles:
                values = signature_values(k.signature)
                near_of[key] = (values, band_keys(values))
        near_db = self._near_candidates({key: bands for key, (_, bands) in near_of.items()})
        in_batch_bands: dict[tuple[int, int], list[tuple[str, Any]]] = {}  # (band, key) -> articles stored here

        seen_docs: set[str] = set()
        seen_articles: set[str] = set()
        in_batch: dict[str, dict[int, str]] = {}  # doc hash -> article index -> stored article id
        for (doc, articles, _), dh in zip(items, hashes, strict=True):
            if dh in seen_docs or dh in known_docs:
                # the same page again; a new location (a mirror, a crawl of the same URL) is a new source
                result.skipped_documents += 1
                known = in_batch.get(dh) or stored_sources.get(dh, {})
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
                k = keys_of[id(art)]
                aid = k.article_id
                src = (aid, art.doc, dh, art.index, art.source, art.url, art.publisher, art.published, art.title)
                if aid in seen_articles or aid in stored_articles:
                    placed[art.index] = aid
                    rows["sources"].append(src + (1.0,))
                    result.duplicates += 1
                    continue
                values, bands = near_of[id(art)]
                near = self._nearest(values, near_db.get(id(art), []), bands, in_batch_bands)
                if near is not None:
                    placed[art.index] = near[0]
                    rows["sources"].append((near[0],) + src[1:] + (round(near[1], 3),))
                    result.duplicates += 1
                    result.near_duplicates.append((art.doc, near[0], near[1]))
                    continue
                seen_articles.add(aid)
                placed[art.index] = aid
                for band, key in enumerate(bands):
                    in_batch_bands.setdefault((band, key), []).append((aid, values))
                    rows["article_bands"].append((band, key, aid))
                rows["articles"].append((aid, art.doc, dh, art.index, art.title, art.author, art.published,
                                         art.publisher, art.url, art.source, art.text, k.signature))
                rows["sources"].append(src + (1.0,))
                result.articles += 1
                rows["events"].extend(k.event_rows)
                rows["event_actors"].extend(k.actor_rows)
                result.events += len(k.event_rows)
        for table, key in IGNORE_KEYS.items():  # once, for the insert and for new_reports
            rows[table] = first_per_key(rows[table], key)
        rewritten = self._insert(rows)
        if new_reports is not None and rows["events"]:
            if rewritten:
                new_reports.drop()
            elif new_reports.rows is not None:
                new_reports.add(self._placing_rows(rows))
        return result

    def _placing_rows(self, rows: dict[str, list[tuple]]) -> list[tuple]:
        """NewReports rows of a committed batch. Its new articles all come from its new documents,
        which share one ingest time (the transaction's): read back once, as placing reads it."""
        ingested = self.con.execute("SELECT CAST(ingested_at AS VARCHAR) FROM documents WHERE doc_hash = ?",
                                    [rows["articles"][0][2]]).fetchone()[0]
        day = ingested[:10]  # the ingest day, as placing reads it
        published = {r[0]: r[6] for r in rows["articles"]}
        codes: dict[str, set[str]] = {}
        for r in rows["event_actors"]:  # the actor rows as stored: (event id, role, position, code, ...)
            codes.setdefault(r[0], set()).add(r[3])
        out = []
        for e in rows["events"]:
            pub = published[e[1]]
            # first the placing order's key (publication date, else ingest time), then the event id
            out.append((ingested if pub is None else pub, e[0], pub, day, e[3], e[8], e[7], e[9],
                        codes.get(e[0], set())))
        return out

    @staticmethod
    def _nearest(values, stored: list[tuple[str, Any]], keys: list[int],
                 in_batch_bands: dict[tuple[int, int], list[tuple[str, Any]]]) -> tuple[str, float] | None:
        """The most similar earlier article sharing an LSH band, when at least NEAR_DUPLICATE similar;
        ties go to the stored article first (by id), then to the earliest of this batch."""
        cands = list(stored)
        seen = {aid for aid, _ in cands}
        for band, key in enumerate(keys):
            for aid, other in in_batch_bands.get((band, key), ()):
                if aid not in seen:
                    seen.add(aid)
                    cands.append((aid, other))
        best = None
        for aid, other in cands:
            if not share_band(values, other):  # a key collision, not a band match
                continue
            sim = jaccard(values, other)
            if sim >= NEAR_DUPLICATE and (best is None or sim > best[1]):
                best = (aid, sim)
        return best

    def _insert(self, rows: dict[str, list[tuple]], ignore_all: bool = False) -> bool:
        """One transaction. The rows of the tables written with INSERT OR IGNORE come deduplicated on
        their primary key (first_per_key: the first row of a key wins). The events and actors of new
        articles cannot be stored already, so they go in with a plain INSERT (faster); should one be,
        the batch is written again with INSERT OR IGNORE for every such table. Returns whether it was."""
        self.con.execute("BEGIN TRANSACTION")
        try:
            for table in ("documents", "articles", "sources", "events", "event_actors", "article_bands"):
                data = rows.get(table)
                if not data:
                    continue
                ignore = table in IGNORE_KEYS and (ignore_all or table not in NEW_ROWS)
                bulk_insert(self.con, table, data, ignore=ignore)
            self.con.execute("COMMIT")
        except duckdb.ConstraintException:
            self.con.execute("ROLLBACK")
            if ignore_all:
                raise
            return self._insert(rows, ignore_all=True) or True
        except Exception:
            self.con.execute("ROLLBACK")
            raise
        return ignore_all

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
