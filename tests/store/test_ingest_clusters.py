"""Clustering at the end of an ingest from what the writes kept in memory: the same clusters as
placing the reports read back from the database."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from steppe.ingest_db import ingest
from steppe.scale.corpus import build_corpus
from steppe.store import clusters as clusters_mod
from steppe.store.clusters import assign_clusters
from steppe.store.store import Store

TABLES = {"clusters": "SELECT * FROM clusters ORDER BY ALL",
          "cluster_actors": "SELECT * FROM cluster_actors ORDER BY ALL",
          "events": "SELECT event_id, cluster_id FROM events ORDER BY ALL"}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small bench corpus with every third document undated (its reports are placed by ingest time,
    which differs between batches) and one document twice (skipped the second time)."""
    tmp = tmp_path_factory.mktemp("corpus")
    raw = build_corpus(tmp / "raw.jsonl", 1200).path
    lines = raw.read_text(encoding="utf-8").splitlines()
    out = []
    for i, line in enumerate(lines):
        rec = json.loads(line)
        if i % 3 == 0:
            rec.pop("published", None)
        out.append(json.dumps(rec))
    out.append(out[5])
    path = tmp / "corpus.jsonl"
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return path


def _tables(store: Store) -> dict[str, list]:
    return {name: store.con.execute(sql).fetchall() for name, sql in TABLES.items()}


def _placed_again(store: Store) -> dict[str, list]:
    """The clusters of the same reports placed from the database."""
    store.con.execute("UPDATE events SET cluster_id = NULL")
    store.con.execute("DELETE FROM clusters")
    store.con.execute("DELETE FROM cluster_actors")
    assign_clusters(store)
    return _tables(store)


def _no_reading_back(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*args: object) -> None:
        raise AssertionError("the run's reports were read back from the database")

    monkeypatch.setattr(clusters_mod, "_load_chunk", fail)


def test_clusters_from_memory_are_those_placed_from_the_database(tmp_path: Path, corpus: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "t.duckdb"
    with monkeypatch.context() as m:
        _no_reading_back(m)
        result, failed = ingest([str(corpus)], db, batch=20)
    assert failed == 0 and result.clustered == result.events > 0 and result.skipped_documents == 1
    with Store(db) as store:
        from_memory = _tables(store)
        assert len(from_memory["clusters"]) > 10
        assert _placed_again(store) == from_memory


def test_clusters_read_back_when_memory_would_grow_past_a_chunk(tmp_path: Path, corpus: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    reference = tmp_path / "ref.duckdb"
    ingest([str(corpus)], reference, batch=20)
    loads = []
    monkeypatch.setattr(clusters_mod, "CHUNK", 50)  # the run's reports do not fit: placed from the database
    load = clusters_mod._load_chunk
    monkeypatch.setattr(clusters_mod, "_load_chunk", lambda *a: loads.append(a) or load(*a))
    db = tmp_path / "t.duckdb"
    ingest([str(corpus)], db, batch=20)
    assert loads
    with Store(reference) as ref, Store(db) as store:
        assert _tables(store) == _tables(ref)


def test_reports_left_unplaced_by_an_earlier_run_are_read_back(tmp_path: Path, corpus: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    lines = corpus.read_text(encoding="utf-8").splitlines()
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    first.write_text("\n".join(lines[:40]) + "\n", encoding="utf-8")
    second.write_text("\n".join(lines[40:]) + "\n", encoding="utf-8")
    db = tmp_path / "t.duckdb"
    with monkeypatch.context() as m:  # a run stopped after its writes, before placing its reports
        m.setattr(clusters_mod, "assign_clusters", lambda *a, **k: 0)
        ingest([str(first)], db, batch=20)
    loads = []
    load = clusters_mod._load_chunk
    monkeypatch.setattr(clusters_mod, "_load_chunk", lambda *a: loads.append(a) or load(*a))
    result, _ = ingest([str(second)], db, batch=20)
    assert loads  # this run's reports in memory are not all the unplaced ones
    with Store(db) as store:
        assert store.con.execute("SELECT count(*) FROM events WHERE cluster_id IS NULL").fetchone()[0] == 0
        assert result.clustered == store.counts()["events"]
        placed = _tables(store)
        assert _placed_again(store) == placed


def _synthetic_batches(seed: int, n_docs: int = 120, per_batch: int = 25) -> list[list[tuple]]:
    """Documents of one article each, with events drawn from small pools so that they merge, and the
    values the cluster rows must treat alike in Python and SQL: missing and empty event types, modes,
    dates and locations, ties, repeated and missing contexts, recipients that are also actors, names
    that differ between reports, missing and negative confidences, articles without a date."""
    import random

    from steppe.model import Article, Document, Entity, Event
    from tests.synthetic import filler

    rng = random.Random(seed)
    codes = ["AZE", "KAZ", "TUR", "UZB", "KGZ"]
    batches, batch = [], []
    for i in range(n_docs):
        text = filler(rng, 12)
        published = rng.choice([None, "2024-05-02", "2024-05-04", "2024-05", "2024-06-20"])
        doc = Document(doc=f"d{i}", raw=text, kind="prepared", published=published)
        events = []
        for _ in range(rng.randint(1, 4)):
            actor = [Entity(c, rng.choice([c.title(), c.lower()]), rng.choice([None, "GOV", "MIL"]))
                     for c in rng.sample(codes, rng.randint(1, 2))]
            recipient = [Entity(c, c, None) for c in rng.sample(codes, rng.randint(0, 2))]
            events.append(Event(
                category=rng.choice(["meeting", "exercise"]), event_type=rng.choice([None, "summit", "visit"]),
                actor=actor, recipient=recipient, mode=rng.choice([None, "", "bilateral", "online"]),
                context=rng.choice([[], ["trade"], ["trade", "energy"], ["énergie", "trade", "trade"]]),
                date=rng.choice([None, "", "2024", "2024-05", "2024-05-03", "2024-05-05", "May"]),
                status=rng.choice(["occurred", "occurred", "future"]),
                location=rng.choice([None, "", "Baku", "Astana"]), evidence=f"e{i}",
                confidence=rng.choice([None, 0.3, 0.9, -0.2]), trigger=f"t{len(events)}"))
        art = Article(doc=doc.doc, index=0, text=text, published=published,
                      source=rng.choice(["", "wire.jsonl"]), publisher=rng.choice([None, "Wire", "Desk"]),
                      events=events)
        batch.append((doc, [art], None))
        if len(batch) == per_batch:
            batches.append(batch)
            batch = []
    return batches + ([batch] if batch else [])


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("parallel", [False, True])
def test_synthetic_reports_placed_from_memory_as_from_the_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                   seed: int, parallel: bool) -> None:
    from steppe.store.store import NewReports

    monkeypatch.setattr(clusters_mod, "PARALLEL_MIN", 10)  # two processes for these few reports
    from steppe.store import run_clusters

    monkeypatch.setattr(run_clusters, "PARALLEL_MIN", 10)
    with Store(tmp_path / "t.duckdb") as store:
        kept = NewReports(10_000)
        for batch in _synthetic_batches(seed):
            store.write_batch(batch, kept)
        with monkeypatch.context() as m:
            _no_reading_back(m)
            placed = assign_clusters(store, parallel=parallel, new_reports=kept)
        assert placed == store.counts()["events"] > 100
        from_memory = _tables(store)
        assert len(from_memory["clusters"]) < placed  # reports merged
        assert store.con.execute("SELECT count(*) FROM clusters WHERE follows IS NOT NULL").fetchone()[0] >= 0
        assert _placed_again(store) == from_memory


@pytest.mark.parametrize("held, linked", [("2024-05-08", True), ("2024-05-07", True), ("2024-05-06", False),
                                          ("2024-05", True), ("2024-04-30", False), ("2024-05-12", True)])
def test_a_plan_is_linked_to_an_event_held_within_days_of_it(tmp_path: Path, held: str, linked: bool) -> None:
    """A held event follows the plan of it when their dates agree: one a prefix of the other, two exact
    days at most MAX_DAY_GAP apart, or the plan's date earlier. (Exact days are found per cluster.)"""
    import random

    from steppe.model import Article, Document, Entity, Event
    from tests.synthetic import filler

    rng = random.Random(3)
    batch = []
    for name, status, date, published in (("plan", "future", "2024-05-10", "2024-05-01"),
                                          ("held", "occurred", held, "2024-06-02")):
        text = filler(rng, 12)
        ev = Event(category="exercise", event_type="joint", date=date, status=status, evidence=name, trigger=name,
                   actor=[Entity("KAZ", "Kazakhstan"), Entity("UZB", "Uzbekistan")])
        batch.append((Document(doc=name, raw=text, kind="prepared", published=published),
                      [Article(doc=name, index=0, text=text, published=published, events=[ev])], None))
    with Store(tmp_path / "t.duckdb") as store:
        store.write_batch(batch)
        assign_clusters(store)
        rows = dict(store.con.execute("SELECT status, follows FROM clusters").fetchall())
        plan = store.con.execute("SELECT cluster_id FROM clusters WHERE status = 'future'").fetchone()[0]
        assert (rows["occurred"] == plan) is linked, rows
