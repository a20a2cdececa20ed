"""The main job on the built-in demo corpus: a fresh database and a cited brief."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from steppe.errors import InputError, SteppeError
from steppe.ingest_db import ingest
from steppe.report.brief import SECTIONS, build_brief, render_brief
from steppe.resources import data_path
from steppe.store.store import Store


def demo_corpus() -> Path:
    return data_path("demo")


def run_demo(db: Path, out_dir: Path, on_error: Callable[[InputError], None] | None = None,
             progress: Any = None) -> list[str]:
    """Ingest the demo corpus into a fresh `db` and write brief.md and brief.html into `out_dir`."""
    out_dir.mkdir(parents=True, exist_ok=True)
    db.parent.mkdir(parents=True, exist_ok=True)
    for stale in (db, Path(str(db) + ".wal")):
        if stale.exists():
            stale.unlink()
    corpus = demo_corpus()
    inputs = [str(p) for p in sorted(corpus.iterdir()) if p.is_dir()]
    result, failed = ingest(inputs, db, on_error=on_error, progress=progress)
    if failed:
        raise SteppeError(f"{failed} demo inputs failed; the corpus in {corpus} is damaged")
    with Store(db) as store:
        brief = build_brief(store)
        counts = store.counts()
        cats = Counter(r["category"] for r in store.query("SELECT category FROM events"))
    paths = {}
    for fmt in ("md", "html"):
        path = out_dir / f"brief.{fmt}"
        path.write_text(render_brief(brief, fmt), encoding="utf-8")
        paths[fmt] = path
    levels = Counter(s.level for s in brief.states)
    return [
        f"database: {db}",
        f"brief:    {paths['html']}",
        f"          {paths['md']}",
        f"ingested {result.documents} documents: {counts['articles']} articles "
        f"({result.duplicates} near-duplicate{'s' if result.duplicates != 1 else ''} stored as extra "
        f"source{'s' if result.duplicates != 1 else ''}), {counts['events']} event reports merged into "
        f"{counts['clusters']} events",
        "events by category: " + ", ".join(f"{c} {n}" for c, n in cats.most_common()),
        f"brief sections: {', '.join(SECTIONS)}; {len(brief.sources)} sources cited",
        f"indicators ({brief.watchlist}): " + ", ".join(f"{n} {lvl}" for lvl, n in levels.most_common()),
    ]
