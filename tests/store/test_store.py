"""The store's writes: bulk inserts with INSERT OR IGNORE semantics, MinHash signatures identical to
datasketch's, the near-duplicate index in the database, and re-ingest without extraction."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from steppe.ingest_db import ingest
from steppe.model import Article, Document
from steppe.store import minhash as minhash_mod
from steppe.store import store as store_mod
from steppe.store.store import (
    LSH_BANDS,
    LSH_ROWS,
    NEAR_DUPLICATE,
    Store,
    band_keys,
    bulk_insert,
    first_per_key,
    jaccard,
    minhash_of,
    minhash_values,
    share_band,
    shingles,
    signature,
)
from tests.synthetic import filler

TEXTS = [
    "Azerbaijan and Türkiye held joint military exercises near Baku on 12 September 2023.",
    "Short text.",
    "",
    "Leaders of the Organization of Turkic States held a summit in Gabala on 7 October 2025. " * 3,
    "Kazakhstan signed a defence-industry agreement with Türkiye on the joint production of drones, "
    "the ministry said, adding that the first batch would be delivered next year.",
]


def _wire(n: int) -> str:
    """A wire story long enough for near-duplicate detection (the same for every call)."""
    import random

    return filler(random.Random(n), 12)


def test_minhash_is_datasketch_minhash() -> None:
    from datasketch import LeanMinHash, MinHash, MinHashLSH

    lsh = MinHashLSH(threshold=NEAR_DUPLICATE, num_perm=128)
    assert (lsh.b, lsh.r) == (LSH_BANDS, LSH_ROWS)
    for text in TEXTS:
        ref = MinHash(num_perm=128)
        ref.update_batch(list(shingles(text)))
        assert (minhash_values(text) == ref.hashvalues).all()
        assert (minhash_of(text).hashvalues == ref.hashvalues).all()
        lean = LeanMinHash(ref)
        buf = bytearray(lean.bytesize())
        lean.serialize(buf)
        assert signature(text) == bytes(buf)
        assert (LeanMinHash.deserialize(signature(text)).hashvalues == ref.hashvalues).all()


def test_minhash_is_the_same_when_the_shingle_caches_are_emptied(monkeypatch: pytest.MonkeyPatch) -> None:
    """Word numbers and shingle hashes are cached per process and emptied together when full: a text
    hashed before, during and after the caches were emptied has the same signature."""
    texts = [_wire(i) for i in range(4)] + TEXTS
    expected = [signature(t) for t in texts]
    monkeypatch.setattr(minhash_mod, "GRAM_CACHE", 50)
    monkeypatch.setattr(minhash_mod, "WORD_CACHE", 300)
    minhash_mod._WORD_IDS.clear()
    minhash_mod._GRAM_HASHES.clear()
    for _ in range(2):
        assert [signature(t) for t in texts] == expected
        assert len(minhash_mod._WORD_IDS) <= 300 + max(len(t.split()) for t in texts)


def test_minhash_of_long_texts_in_blocks_is_datasketch_minhash(monkeypatch: pytest.MonkeyPatch) -> None:
    """Shingles are permuted MINHASH_BLOCK at a time (a buffer of bounded size): a text of more
    shingles than a block, or of exactly one block, has datasketch's signature."""
    from datasketch import MinHash

    long = " ".join(_wire(i) for i in range(60))
    for size in (minhash_mod.MINHASH_BLOCK, 7, len(shingles(long)), len(set(long.lower().split())) // 3):
        monkeypatch.setattr(minhash_mod, "MINHASH_BLOCK", size)
        for text in (long, TEXTS[0], TEXTS[3]):
            ref = MinHash(num_perm=128)
            ref.update_batch(list(shingles(text)))
            assert (minhash_values(text) == ref.hashvalues).all(), (size, text[:40])


def test_band_keys_find_what_datasketch_lsh_finds() -> None:
    from datasketch import MinHash, MinHashLSH

    texts = [_wire(i) for i in range(6)]
    # edited copies: some share a band with their original, some not
    texts += [t.replace(t.split()[k], "edited") for k, t in zip((3, 20, 40), texts, strict=False)]
    lsh = MinHashLSH(threshold=NEAR_DUPLICATE, num_perm=128)
    sigs = {}
    for i, t in enumerate(texts):
        m = MinHash(num_perm=128)
        m.update_batch(list(shingles(t)))
        lsh.insert(i, m)
        sigs[i] = minhash_values(t)
    keys = {i: band_keys(v) for i, v in sigs.items()}
    for i, t in enumerate(texts):
        m = MinHash(num_perm=128)
        m.update_batch(list(shingles(t)))
        ours = {j for j in sigs if any(a == b for a, b in zip(keys[i], keys[j], strict=True))
                and share_band(sigs[i], sigs[j])}
        assert ours == set(lsh.query(m))
        assert all(jaccard(sigs[i], sigs[j]) == m.jaccard(_mh(texts[j])) for j in ours)


def _mh(text: str):
    from datasketch import MinHash

    m = MinHash(num_perm=128)
    m.update_batch(list(shingles(text)))
    return m


def test_first_row_of_a_key_wins_in_bulk_inserts(store: Store) -> None:
    con = store.con
    rows = [("e1", "actor", 0, "TUR", "Türkiye", None), ("e1", "actor", 0, "AZE", "Azerbaijan", None),
            ("e1", "actor", 1, "KAZ", None, "GOV")]
    bulk_insert(con, "event_actors", first_per_key(rows, store_mod.IGNORE_KEYS["event_actors"]), ignore=True)
    # a row already stored wins over a new one with its key (INSERT OR IGNORE)
    bulk_insert(con, "event_actors", [("e1", "actor", 1, "UZB", None, None), ("e2", "recipient", 0, "RUS", None,
                                                                                 None)], ignore=True)
    assert con.execute("SELECT * FROM event_actors ORDER BY event_id, role, position").fetchall() == [
        ("e1", "actor", 0, "TUR", "Türkiye", None), ("e1", "actor", 1, "KAZ", None, "GOV"),
        ("e2", "recipient", 0, "RUS", None, None)]


def test_bulk_insert_keeps_types_and_nulls(store: Store) -> None:
    row = ("ev", "art", "doc", "meeting", None, None, [], None, "occurred", None, "They met.", 0, 9, 1, "met")
    bulk_insert(store.con, "events", [row, ("ev2",) + row[1:13] + (0.75, "met")])
    got = store.con.execute("SELECT context, confidence, typeof(confidence), cluster_id FROM events "
                            "ORDER BY event_id").fetchall()
    assert got == [([], 1.0, "DOUBLE", None), ([], 0.75, "DOUBLE", None)]


def _doc(doc_id: str, text: str, published: str | None = None) -> Document:
    return Document(doc=doc_id, raw=text, kind="prepared", published=published)


def _articles(doc: Document) -> list[Article]:
    from steppe.pipeline import process_document

    return process_document(doc)


def test_near_duplicates_across_batches_and_within_a_batch(store: Store) -> None:
    story = _wire(1) + " " + _wire(2)
    words = story.split()
    copy1 = " ".join(words[:-6])  # a trimmed copy
    copy2 = " ".join(["Reuters:"] + words[3:])
    first = _doc("first", story)
    r1 = store.write_batch([(first, _articles(first))])
    assert r1.articles == 1 and not r1.near_duplicates
    d1, d2 = _doc("copy1", copy1), _doc("copy2", copy2)
    other = _doc("other", _wire(3) + " " + _wire(4))
    # the second batch: a copy of the stored story, an unrelated story and a copy of that one
    other_copy = _doc("other-copy", " ".join((_wire(3) + " " + _wire(4)).split()[2:]))
    r2 = store.write_batch([(d1, _articles(d1)), (other, _articles(other)), (other_copy, _articles(other_copy)),
                            (d2, _articles(d2), None)])
    assert r2.articles == 1 and r2.duplicates == 3
    folded = {doc: target for doc, target, _ in r2.near_duplicates}
    aid = {r[0]: r[1] for r in store.con.execute("SELECT doc_id, article_id FROM articles").fetchall()}
    assert folded == {"copy1": aid["first"], "copy2": aid["first"], "other-copy": aid["other"]}
    sims = dict(store.con.execute("SELECT doc_id, similarity FROM sources").fetchall())
    assert sims["first"] == 1.0 and NEAR_DUPLICATE <= sims["copy1"] < 1.0
    assert store.con.execute("SELECT count(*) FROM article_bands").fetchone()[0] == 2 * LSH_BANDS


def test_an_old_database_gets_its_band_index(tmp_path: Path) -> None:
    db = tmp_path / "old.duckdb"
    story = _wire(5) + " " + _wire(6)
    with Store(db) as store:
        doc = _doc("a", story)
        store.write_batch([(doc, _articles(doc))])
        store.con.execute("DROP TABLE article_bands")  # as written before the table existed
        store.con.execute("DELETE FROM meta WHERE key = 'near_index'")
    with Store(db) as store:
        assert store.con.execute("SELECT count(*) FROM article_bands").fetchone()[0] == LSH_BANDS
        copy = _doc("b", " ".join(story.split()[4:]))
        result = store.write_batch([(copy, _articles(copy))])
        assert result.near_duplicates and result.near_duplicates[0][0] == "b"


def _jsonl(path: Path, docs: list[dict]) -> Path:
    path.write_text("".join(json.dumps(d) + "\n" for d in docs), encoding="utf-8")
    return path


DOCS = [
    {"id": "a", "published": "2025-10-07", "text": "Leaders of the Organization of Turkic States held a summit in "
                                                   "Gabala on 7 October 2025. " + _wire(7)},
    {"id": "b", "published": "2024-03-20", "text": "Azerbaijan and Kazakhstan held joint military exercises near "
                                                   "Baku in March 2024. " + _wire(8)},
]


def test_reingest_extracts_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import steppe.run as run

    path = _jsonl(tmp_path / "in.jsonl", DOCS)
    db = tmp_path / "t.duckdb"
    ingest([str(path)], db)
    con = duckdb.connect(str(db), read_only=True)
    before = {t: sorted(map(repr, con.execute(f"SELECT * FROM {t}").fetchall()))  # noqa: S608
              for t in ("articles", "sources", "events", "clusters")}
    con.close()
    calls = []
    real = run.process_document
    monkeypatch.setattr(run, "process_document", lambda doc: calls.append(doc.doc) or real(doc))
    result, failed = ingest([str(path)], db)
    assert failed == 0 and calls == [] and result.skipped_documents == 2 and result.events == 0
    # the same pages found under another name: a new source each, still no extraction
    mirror = _jsonl(tmp_path / "mirror.jsonl", [dict(d, id="mirror-" + d["id"]) for d in DOCS])
    ingest([str(mirror)], db)
    assert calls == []
    con = duckdb.connect(str(db), read_only=True)
    after = {t: sorted(map(repr, con.execute(f"SELECT * FROM {t}").fetchall()))  # noqa: S608
             for t in ("articles", "events", "clusters")}
    docs = {r[0] for r in con.execute("SELECT doc_id FROM sources").fetchall()}
    con.close()
    assert after == {t: before[t] for t in after}
    assert docs == {"a", "b", "mirror-a", "mirror-b"}


def test_reingest_with_workers_extracts_only_new_documents(tmp_path: Path) -> None:
    path = _jsonl(tmp_path / "in.jsonl", DOCS)
    db = tmp_path / "t.duckdb"
    ingest([str(path)], db, workers=2)
    more = _jsonl(tmp_path / "more.jsonl", DOCS + [{"id": "c", "published": "2023-06-01",
                                                    "text": "Türkiye and Uzbekistan signed a defence agreement in "
                                                            "Tashkent on 1 June 2023. " + _wire(9)}])
    result, failed = ingest([str(more)], db, workers=2)
    assert failed == 0 and result.documents == 1 and result.skipped_documents == 2 and result.events >= 1


def test_ingest_restores_the_garbage_collector(tmp_path: Path) -> None:
    import gc

    path = _jsonl(tmp_path / "in.jsonl", DOCS)
    before = gc.get_threshold(), gc.get_freeze_count(), gc.isenabled()
    ingest([str(path)], tmp_path / "t.duckdb")
    assert (gc.get_threshold(), gc.get_freeze_count(), gc.isenabled()) == before


def test_a_stored_event_is_not_written_twice(store: Store) -> None:
    """Events of a new article are inserted without conflict checks; a conflict (a stale row) makes
    the batch go in again with INSERT OR IGNORE, the stored row kept."""
    doc = _doc("a", "Azerbaijan and Türkiye held joint military exercises near Baku on 12 September 2023. "
               + _wire(11))
    arts = _articles(doc)
    keys = [store_mod.article_keys(a) for a in arts]
    stale = keys[0].event_rows[0]
    bulk_insert(store.con, "events", [stale[:10] + ("stale evidence",) + stale[11:]])
    result = store.write_batch([(doc, arts, keys)])
    assert result.articles == 1 and result.events == len(keys[0].event_rows)
    rows = store.con.execute("SELECT event_id, evidence FROM events ORDER BY event_id").fetchall()
    assert len(rows) == len(keys[0].event_rows) and ("stale evidence" in dict(rows).values())
