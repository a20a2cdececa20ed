"""Indicators over time: a surge raises an alert, a steady stream does not; rules are validated."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from steppe.cli import app
from steppe.errors import DataError
from steppe.ingest_db import ingest
from steppe.store.store import Store
from steppe.watch.alerts import run_watch
from steppe.watch.evaluate import mann_kendall, poisson_sf
from steppe.watch.rules import load_watchlist
from tests.synthetic import write_docs

RECIPIENTS = ["Kazakhstan", "Kyrgyzstan", "Uzbekistan", "Turkmenistan"]
SYSTEMS = ["Bayraktar TB2 drones", "Akinci drones", "Anka drones", "armoured vehicles"]


def transfers(start: date, count: int, step_days: int, prefix: str) -> list[dict]:
    docs = []
    for i in range(count):
        day = start + timedelta(days=i * step_days)
        docs.append({"id": f"{prefix}{i}", "published": day.isoformat(),
                     "text": f"Türkiye delivered {SYSTEMS[i % 4]} to {RECIPIENTS[i % 4]} on "
                             f"{day.day} {day.strftime('%B %Y')}, the defence ministry said."})
    return docs


def _db(tmp_path: Path, docs: list[dict], name: str) -> Path:
    db = tmp_path / "w.duckdb"
    _, failed = ingest([str(write_docs(tmp_path / name, docs, seed=len(docs)))], db)
    assert failed == 0
    return db


def test_watch_steady_stream_raises_no_alert_and_surge_does(tmp_path: Path):
    steady = transfers(date(2023, 1, 5), 30, 30, "s")  # about one a month for two and a half years
    db = _db(tmp_path, steady, "steady.jsonl")
    with Store(db) as store:
        first = run_watch(store, as_of="2025-06-20")
        second = run_watch(store, as_of="2025-06-20")
    exports = {s.id: s for s in first.states}["turkish_military_exports"]
    assert exports.level == "normal" and exports.count >= 2
    assert second.alerts == []
    surge = transfers(date(2025, 6, 1), 10, 2, "u")  # ten more in one month
    ingest([str(write_docs(tmp_path / "surge.jsonl", surge, seed=99))], db)
    with Store(db) as store:
        after = run_watch(store, as_of="2025-06-20")
    alerted = {a["indicator"]: a for a in after.alerts}
    assert "turkish_military_exports" in alerted
    alert = alerted["turkish_military_exports"]
    assert alert["level"] in ("elevated", "warning") and alert["previous_level"] == "normal"
    assert len(alert["events"]) >= 10 and all(e["category"] == "arms_transfer" for e in alert["events"])


def test_watch_cli_json_shape_and_alerts(tmp_path: Path):
    db = _db(tmp_path, transfers(date(2024, 1, 3), 12, 20, "c"), "c.jsonl")
    runner = CliRunner()
    res = runner.invoke(app, ["watch", "--db", str(db), "--format", "json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data["watchlist"] == "OTS defence cooperation" and data["as_of"]
    ids = [i["id"] for i in data["indicators"]]
    assert len(ids) == 8 and "tajikistan_iran" in ids
    for ind in data["indicators"]:
        assert {"id", "name", "count", "baseline", "trend", "level", "evidence"} <= set(ind)
        assert ind["trend"] in ("rising", "steady", "falling") and ind["level"] in ("normal", "elevated", "warning")
    exports = next(i for i in data["indicators"] if i["id"] == "turkish_military_exports")
    assert exports["evidence"] and exports["evidence"][0]["source"]["doc"].startswith("c")
    res = runner.invoke(app, ["watch", "--db", str(db), "--alerts"])
    assert res.exit_code == 0
    assert runner.invoke(app, ["watch", "--db", str(db), "--as-of", "soon"]).exit_code == 2


def test_watch_rules_validation(tmp_path: Path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("indicators:\n  - id: x\n    name: X\n    select: {colour: [red]}\n")
    with pytest.raises(DataError, match="unknown select key"):
        load_watchlist(bad)
    bad.write_text("indicators:\n  - id: x\n    name: X\n    window: decade\n")
    with pytest.raises(DataError, match="window"):
        load_watchlist(bad)
    wl = load_watchlist()
    assert len(wl.indicators) == 8 and wl.expand(["CENTRAL_ASIA"]) == {"KAZ", "KGZ", "TJK", "TKM", "UZB"}


def test_watch_statistics():
    assert poisson_sf(0, 2.0) == 1.0 and abs(poisson_sf(3, 1.0) - 0.0803) < 1e-3
    assert mann_kendall([1, 2, 3, 4, 5]) > 1.9 and mann_kendall([5, 4, 3, 2, 1]) < -1.9
    assert mann_kendall([2, 2, 2, 2, 2]) == 0.0


def test_watch_an_empty_window_shows_when_the_indicator_was_last_seen():
    from datetime import date

    from steppe.watch.evaluate import evaluate_indicator
    from steppe.watch.rules import load_watchlist

    wl = load_watchlist()
    ind = next(i for i in wl.indicators if i.id == "tajikistan_iran")
    old = {"event_id": "e1", "date": "2022-05-17", "status": "occurred", "category": "defence_industry",
           "event_type": "COOPERATE", "actor": [{"code": "IRN"}], "recipient": [{"code": "TJK"}],
           "evidence": "Iran opened a drone plant in Dushanbe.", "confidence": 0.9}
    st = evaluate_indicator(ind, wl, [old], date(2025, 11, 1))
    assert st.count == 0 and st.evidence == []
    assert [e["event_id"] for e in st.last_seen] == ["e1"]
    assert st.as_dict()["last_seen"][0]["date"] == "2022-05-17"
