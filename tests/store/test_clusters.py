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
