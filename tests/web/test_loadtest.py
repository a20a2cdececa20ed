"""The synthetic database and the load test runner, on a small scale."""

from __future__ import annotations

from pathlib import Path

from steppe.store.queries import cluster_reports
from steppe.store.store import Store
from steppe.web.data.common import EventFilters
from steppe.web.data.search import search
from steppe.web.loadtest import main, percentile, random_query


def test_synthetic_database_is_consistent(tmp_path: Path) -> None:
    from steppe.web.synth import generate

    db = tmp_path / "synth.duckdb"
    counts = generate(db, events=1500, seed=3)
    assert counts["clusters"] == 1500 and counts["events"] > 1500 and counts["articles"] > 0
    with Store(db, read_only=True) as store:
        assert store.counts()["clusters"] == 1500
        page = search(store, EventFilters(category=["meeting"]), limit=20)
        assert page["total"] > 100 and all(e["category"] == "meeting" for e in page["items"])
        first = page["items"][0]
        reports = cluster_reports(store, [first["cluster_id"]])[first["cluster_id"]]
        text = store.query("SELECT text FROM articles WHERE article_id = ?", [reports[0]["article_id"]])[0]["text"]
        assert text[reports[0]["ev_start"]:reports[0]["ev_end"]] == reports[0]["evidence"]
        years = {r["y"] for r in store.query("SELECT DISTINCT substr(date, 1, 4) AS y FROM clusters "
                                             "WHERE date IS NOT NULL")}
        assert years == {"2021", "2022", "2023", "2024", "2025"}
    assert generate(tmp_path / "again.duckdb", events=50, seed=3) == generate(tmp_path / "third.duckdb", events=50,
                                                                              seed=3)


def test_percentiles_and_queries() -> None:
    assert percentile([1.0, 2.0, 3.0, 4.0], 50) == 2.5 and percentile([5.0], 99) == 5.0
    import random

    rng = random.Random(1)
    assert all("limit" in random_query(rng) for _ in range(20))


def test_runner_end_to_end(tmp_path: Path, capsys) -> None:
    out = tmp_path / "figures.json"
    assert main(["--events", "300", "--requests", "30", "--clients", "3", "--json", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "p95" in printed and out.exists()
