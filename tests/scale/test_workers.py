"""--workers keeps input order: two worker processes give the same output and the same database as one."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from steppe.ingest_db import ingest
from steppe.scale.corpus import build_corpus
from steppe.scale.measure import run_measured, steppe_command


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("workers") / "docs.jsonl"
    build_corpus(path, 1500)
    return path


def test_events_with_two_workers_print_the_same_lines_in_the_same_order(corpus: Path, tmp_path: Path) -> None:
    outs = []
    for k in (1, 2):
        out = tmp_path / f"events-{k}.jsonl"
        stats = run_measured(steppe_command("events", "--workers", str(k), str(corpus)), out)
        assert stats.returncode == 0, stats.stderr
        outs.append(out.read_bytes())
    assert outs[0] and outs[0] == outs[1]


def test_ingest_with_two_workers_stores_the_same_rows(corpus: Path, tmp_path: Path) -> None:
    tables = []
    for k in (1, 2):
        db = tmp_path / f"w{k}.duckdb"
        ingest([str(corpus)], db, workers=k, batch=7)
        con = duckdb.connect(str(db), read_only=True)
        tables.append({t: sorted(map(repr, con.execute(f"SELECT * FROM {t}").fetchall()))
                       for t in ("articles", "sources", "events", "event_actors")})
        con.close()
    assert tables[0]["events"] and tables[0] == tables[1]


def test_a_bad_input_with_two_workers_is_reported_not_hung(tmp_path: Path) -> None:
    import pickle
    import subprocess
    import sys

    from steppe.errors import InputError

    err = pickle.loads(pickle.dumps(InputError("a.jsonl", "bad JSON", 3)))
    assert (err.source, err.message, err.line, str(err)) == ("a.jsonl", "bad JSON", 3, "a.jsonl:3: bad JSON")
    res = subprocess.run([sys.executable, "-m", "steppe", "events", "--workers", "2", str(tmp_path / "missing.txt")],
                         capture_output=True, text=True, timeout=120)
    assert res.returncode == 1 and "missing.txt" in res.stderr and "Traceback" not in res.stderr
