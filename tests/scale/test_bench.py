"""steppe bench on a small corpus: every figure is there and positive (no speed thresholds here)."""

from __future__ import annotations

import io
import json
from pathlib import Path

from rich.console import Console

from steppe.bench import run_bench
from steppe.scale.corpus import base_articles, build_corpus, default_sources, make_copy
from steppe.scale.measure import run_measured

KEYS = ["sentences_per_s_1worker", "sentences_per_s_2workers", "docs_per_s_1worker", "docs_per_s_2workers",
        "ratio_to_tokenizer", "peak_rss_mb", "ingest_docs_per_s", "ingest_sentences_per_s", "tokenizer_s"]


def test_bench_writes_every_figure(tmp_path: Path) -> None:
    out = io.StringIO()
    path = tmp_path / "bench.json"
    fig = run_bench(2000, path, console=Console(file=out, width=160))
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data == json.loads(json.dumps(fig))
    for key in KEYS:
        assert data[key] > 0, key
    assert data["corpus"]["sentences"] >= 2000 and data["corpus"]["documents"] > 0
    assert data["machine"]["cpus"] >= 1
    assert data["same_output_1_and_2_workers"] is True
    assert data["ingest_stored"]["documents"] == data["corpus"]["documents"]
    assert set(data["targets"]) == {"sentences_per_s_2workers", "ratio_to_tokenizer", "peak_rss_mb",
                                    "ingest_to_events"}
    assert "sent/s" in out.getvalue() and "events, 2 workers" in out.getvalue()
    assert isinstance(data["coder"]["compiled"], bool) and "event coder" in out.getvalue()


def test_corpus_copies_are_distinct_documents(tmp_path: Path) -> None:
    corpus = build_corpus(tmp_path / "c.jsonl", 3000)
    recs = [json.loads(line) for line in (tmp_path / "c.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(recs) == corpus.documents and corpus.sentences >= 3000
    assert len({r["id"] for r in recs}) == len(recs)
    assert len({r["text"] for r in recs}) == len(recs)


def test_copies_of_one_article_share_few_shingles() -> None:
    import random

    from steppe.store.store import shingles

    bases = base_articles(default_sources())
    primary = max(bases, key=lambda b: len(b.sentences))
    rng = random.Random(1)
    others = [b for b in bases if b is not primary]
    a = shingles(make_copy(primary, rng.sample(others, 2), rng))
    b = shingles(make_copy(primary, rng.sample(others, 2), rng))
    assert len(a & b) / len(a | b) < 0.5


def test_run_measured_sees_the_memory_of_children(tmp_path: Path) -> None:
    import sys

    code = ("import multiprocessing as mp\n"
            "def f(_):\n    b = bytearray(60 * 2**20)\n    return len(b)\n"
            "if __name__ == '__main__':\n    print(mp.get_context('fork').Pool(1).map(f, [0])[0])\n")
    script = tmp_path / "child.py"
    script.write_text(code, encoding="utf-8")
    stats = run_measured([sys.executable, str(script)], tmp_path / "out.txt")
    assert stats.returncode == 0 and stats.wall_s > 0
    assert stats.max_rss_mb is not None and stats.max_rss_mb >= 60
