"""Cross-source merging: one event reported by several outlets becomes one event with all its sources."""

from __future__ import annotations

from pathlib import Path

from steppe.ingest_db import ingest
from steppe.store.clusters import dates_agree, reconcile_date
from steppe.store.queries import cluster_reports, event_view
from steppe.store.store import Store
from tests.synthetic import write_docs


def _ingest(tmp_path: Path, docs: list[dict], name: str = "in.jsonl") -> Store:
    db = tmp_path / "t.duckdb"
    result, failed = ingest([str(write_docs(tmp_path / name, docs))], db)
    assert failed == 0
    return Store(db)


def test_clusters_one_summit_three_outlets(tmp_path: Path):
    docs = [
        {"id": "a", "published": "2025-10-07", "source": "Caspian Wire",
         "text": "Leaders of the Organization of Turkic States held a summit in Gabala on 7 October 2025."},
        {"id": "b", "published": "2025-10-08", "source": "Steppe Monitor",
         "text": "The summit of the Organization of Turkic States took place in Gabala on Tuesday."},
        {"id": "c", "published": "2025-10-09", "source": "Eurasia Desk",
         "text": "Turkic leaders gathered in Gabala in October 2025 for the OTS summit, which was held "
                 "under the theme of regional peace and security."},
    ]
    with _ingest(tmp_path, docs) as store:
        meetings = [e for e in event_view(store) if e["category"] == "meeting"]
        assert len(meetings) == 1, meetings
        m = meetings[0]
        assert m["n_reports"] == 3 and m["n_articles"] == 3 and m["n_sources"] == 3
        assert m["date"] == "2025-10-07"  # the most precise date consistent with every report
        assert m["first_report"] == "2025-10-07" and m["last_report"] == "2025-10-09"
        reports = cluster_reports(store, [m["cluster_id"]])[m["cluster_id"]]
        assert {r["article_doc"] for r in reports} == {"a", "b", "c"}  # each report stays traceable


def test_clusters_two_exercises_in_different_months_stay_apart(tmp_path: Path):
    docs = [
        {"id": "x1", "published": "2024-03-20", "text": "Azerbaijan and Kazakhstan held joint military exercises "
                                                      "near Baku in March 2024."},
        {"id": "x2", "published": "2024-09-18", "text": "Azerbaijan and Kazakhstan held joint military exercises "
                                                      "in the Caspian Sea in September 2024."},
    ]
    with _ingest(tmp_path, docs) as store:
        drills = [e for e in event_view(store) if e["category"] == "exercise"]
        assert sorted(e["date"] for e in drills) == ["2024-03", "2024-09"]


def test_clusters_planned_exercise_and_its_holding_are_linked(tmp_path: Path):
    docs = [
        {"id": "p", "published": "2024-02-10", "text": "Uzbekistan and Kyrgyzstan plan to hold joint military "
                                                     "exercises in May 2024."},
        {"id": "h", "published": "2024-05-21", "text": "Uzbekistan and Kyrgyzstan held joint military exercises "
                                                     "in May 2024, the defence ministry in Tashkent said."},
    ]
    with _ingest(tmp_path, docs) as store:
        drills = {e["status"]: e for e in event_view(store) if e["category"] == "exercise"}
        assert set(drills) == {"future", "occurred"}
        assert drills["occurred"]["follows"] == drills["future"]["cluster_id"]
        assert drills["future"]["follows"] is None


def test_clusters_reingest_keeps_clusters(tmp_path: Path):
    docs = [{"id": "a", "published": "2023-06-01", "text": "Türkiye and Uzbekistan signed a defence agreement "
                                                         "in Tashkent on 1 June 2023."}]
    path = write_docs(tmp_path / "in.jsonl", docs)
    db = tmp_path / "t.duckdb"
    ingest([str(path)], db)
    with Store(db) as store:
        before = [(e["cluster_id"], e["n_reports"]) for e in event_view(store)]
    ingest([str(path)], db)
    with Store(db) as store:
        assert [(e["cluster_id"], e["n_reports"]) for e in event_view(store)] == before


def test_clusters_date_rules():
    assert dates_agree("2025", "2025-10-07") and dates_agree("2025-10-07", "2025-10-09")
    assert not dates_agree("2025-10-01", "2025-10-20") and not dates_agree("2024-03", "2024-09")
    assert reconcile_date(["2025", "2025-10", "2025-10-07"]) == "2025-10-07"
    assert reconcile_date(["2025-03", "2025-09", "2025-09"]) == "2025-09"


def test_reconcile_date_breaks_ties_the_same_way_every_time():
    assert reconcile_date(["2025-07-23", "2025-07-22"]) == "2025-07-22"
    assert reconcile_date(["2025-07-22", "2025-07-23"]) == "2025-07-22"
    assert reconcile_date(["2024", "2025-03", "2025-03"]) == "2025-03"  # disagreeing: the majority


def test_summit_in_three_batches_and_chunks_is_one_event(tmp_path: Path):
    from steppe.store.clusters import assign_clusters

    docs = [
        {"id": "a", "published": "2025-10-07", "source": "Caspian Wire",
         "text": "Leaders of the Organization of Turkic States held a summit in Gabala on 7 October 2025."},
        {"id": "x", "published": "2025-10-07", "text": "Azerbaijan and Kazakhstan held joint military exercises "
                                                     "near Baku in March 2024."},
        {"id": "b", "published": "2025-10-08", "source": "Steppe Monitor",
         "text": "The summit of the Organization of Turkic States took place in Gabala on Tuesday."},
        {"id": "c", "published": "2025-10-09", "source": "Eurasia Desk",
         "text": "Turkic leaders gathered in Gabala in October 2025 for the OTS summit, which was held "
                 "under the theme of regional peace and security."},
    ]
    db = tmp_path / "t.duckdb"
    path = write_docs(tmp_path / "in.jsonl", docs)
    for batch in ([docs[0], docs[1]], [docs[2]], [docs[3]]):  # three runs
        ingest([str(write_docs(tmp_path / f"{batch[0]['id']}.jsonl", batch))], db, batch=1)
    with Store(db) as store:
        meetings = [e for e in event_view(store) if e["category"] == "meeting"]
        assert len(meetings) == 1 and meetings[0]["n_reports"] == 3 and meetings[0]["date"] == "2025-10-07"
        before = store.query("SELECT * FROM clusters ORDER BY cluster_id")
        # placed again one report at a time: each step reads its candidates from the database
        store.con.execute("UPDATE events SET cluster_id = NULL")
        store.con.execute("DELETE FROM clusters")
        assert assign_clusters(store, chunk=1) == store.counts()["events"]
        assert store.query("SELECT * FROM clusters ORDER BY cluster_id") == before
    assert path.exists()


def _tables(db: Path) -> dict[str, list[str]]:
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    out = {t: sorted(map(repr, con.execute(f"SELECT * FROM {t}").fetchall()))  # noqa: S608
           for t in ("events", "clusters", "cluster_actors")}
    con.close()
    return out


def test_clusters_are_those_of_the_reference_rule(tmp_path: Path, monkeypatch):
    """The indexed, chunked clustering places every report where the rule as first written (one pass,
    clusters recomputed on each comparison) places it, over two ingest runs and in small chunks."""
    from steppe.resources import data_path
    from steppe.scale.corpus import build_corpus
    from steppe.store import clusters
    from steppe.store.clusters import assign_clusters
    from tests.store import reference_clusters

    corpus = build_corpus(tmp_path / "corpus.jsonl", 1200)
    runs = [[str(data_path("demo"))], [str(corpus.path)]]
    ours, ref = tmp_path / "ours.duckdb", tmp_path / "ref.duckdb"
    for paths in runs:
        ingest(paths, ours, batch=25)
    monkeypatch.setattr(clusters, "assign_clusters", reference_clusters.assign_clusters)  # as ingest calls it
    for paths in runs:
        ingest(paths, ref, batch=25)
    mine, theirs = _tables(ours), _tables(ref)
    assert len(mine["clusters"]) > 100
    with Store(ours) as store:  # the corpus exercises every part of the rule
        linked, dated, merged = store.query("SELECT count(follows) AS l, count(date) AS d, "
                                            "count(*) FILTER (WHERE n_reports > 2) AS m FROM clusters")[0].values()
        assert linked > 0 and dated > 0 and merged > 0
    assert mine == theirs
    for chunk, parallel in ((50, False), (10_000, True)):  # the second run again: small chunks, two processes
        monkeypatch.setattr(clusters, "PARALLEL_MIN", 0)
        with Store(ours) as store:
            store.con.execute("UPDATE events SET cluster_id = NULL WHERE article_id IN (SELECT article_id "
                              "FROM articles WHERE doc_id LIKE 'bench-%')")
            store.con.execute("DELETE FROM clusters WHERE cluster_id NOT IN (SELECT cluster_id FROM events "
                              "WHERE cluster_id IS NOT NULL)")
            assign_clusters(store, chunk=chunk, parallel=parallel)
        assert _tables(ours) == theirs


def test_joins_scores_a_report_against_a_cluster():
    from steppe.store.clusters import Cluster, _as_report, joins

    def report(codes, date=None, published="2025-10-08", location=None, status="occurred"):
        return {"category": "meeting", "status": status, "date": date, "location": location,
                "actor": [{"code": c} for c in codes], "article_published": published}

    c = Cluster("c1", "meeting", "occurred")
    for r in (report(["TUR", "AZE"], "2025-10-07", location="Gabala"), report(["TUR", "AZE", "KAZ"], "2025-10")):
        c.add(_as_report(r))
    assert joins(report(["TUR", "AZE"], "2025-10-07"), c) == 2 / 3 + 0.5  # a subset, the same day
    assert joins(report(["TUR", "AZE", "KAZ", "UZB"], "2025-10-09"), c) == 0.75  # Jaccard 3/4, two days on
    assert joins(report(["TUR", "RUS", "CHN", "IRN"], "2025-10-07"), c) == 0.0  # Jaccard 1/6
    assert joins(report(["TUR", "AZE"], "2025-10-20"), c) == 0.0  # too many days apart
    assert joins(report(["TUR", "AZE"], "2025-10-07", location="Baku"), c) == 0.0
    assert joins(report(["TUR", "AZE"], "2025-10-07", status="future"), c) == 0.0
    assert joins(report(["TUR", "AZE"], published="2025-10-30"), c) == 2 / 3  # undated, in the news cycle
    assert joins(report(["TUR", "AZE"], published="2026-03-01"), c) == 0.0
